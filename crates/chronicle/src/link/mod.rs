//! Actor linking: who each name is, and whom it acts for.
//!
//! [`LinkStage`] reads the `entities` layer (from NER, when present) and its own dictionary
//! matches over the text, and fills [`Article::actors`] and [`Entity::link`](crate::doc::Entity).
//! The knowledge base ([`crate::kb::Kb`]) is loaded once and shared; see `data/kb/README.md`.
//! It lives in [`crate::kb`] (NER and events read it too); the re-exports below keep the
//! paths `link::Kb`, `link::kb` and `link::phoenix` working.

pub mod eval;
mod resolve;

use std::sync::Arc;

use crate::doc::{ActorRef, Article, Range};
use crate::stage::Stage;

pub use crate::kb::{self, phoenix, Kb, KbOptions};

/// The linking stage.
pub struct LinkStage {
    kb: Arc<Kb>,
}

impl LinkStage {
    /// The stage over the shipped knowledge base (loaded once per process).
    pub fn new() -> crate::error::Result<LinkStage> {
        Ok(LinkStage {
            kb: Kb::shared_default()?,
        })
    }

    /// The stage over a KB built with `options` (e.g. user dictionaries).
    pub fn with_options(options: &KbOptions) -> crate::error::Result<LinkStage> {
        if options.dictionaries.is_empty() && !options.no_default_phoenix {
            return LinkStage::new();
        }
        Ok(LinkStage {
            kb: Arc::new(Kb::load(options)?),
        })
    }

    pub fn kb(&self) -> &Kb {
        &self.kb
    }

    /// The stage's KB, shared (not copied): for the events stage's gazetteer.
    pub fn shared_kb(&self) -> Arc<Kb> {
        Arc::clone(&self.kb)
    }
}

impl Stage for LinkStage {
    fn name(&self) -> &'static str {
        "link"
    }

    fn annotate(&self, article: &mut Article) {
        if article.tokens.is_empty() && !article.text.is_empty() {
            crate::text::annotate(article);
        }
        let day = article.day();
        resolve::Linker::new(&self.kb, day).run(article);
        soviet_period(article);
    }
}

/// Before the Soviet Union ended (26 December 1991) its state and its officials are `SUN`
/// in CAMEO: the dictionaries code Soviet-era office holders and bodies ("Gorbachev", "the
/// Kremlin") with today's `RUS`, which is the period's code only from then on.
fn soviet_period(article: &mut Article) {
    let Some(day) = article.day() else { return };
    if crate::date::Date::new(1991, 12, 26).is_none_or(|end| day >= end) {
        return;
    }
    for actor in &mut article.actors {
        if let Some(code) = actor.code.as_mut() {
            if let Some(rest) = code.strip_prefix("RUS") {
                *code = format!("SUN{rest}");
            }
        }
    }
}

/// Which actor(s) a span of the article refers to: actors with a mention inside `range`,
/// else actors with a mention containing it. For the events stage ("who is the subject?").
pub fn actors_at(article: &Article, range: Range) -> Vec<ActorRef> {
    let pick = |test: &dyn Fn(Range) -> bool| -> Vec<ActorRef> {
        article
            .actors
            .iter()
            .filter(|a| a.mentions.iter().any(|m| test(m.range())))
            .map(|a| ActorRef {
                id: a.id.clone(),
                name: a.name.clone(),
                code: a.code.clone(),
            })
            .collect()
    };
    let inside = pick(&|m: Range| range.contains(m));
    if !inside.is_empty() {
        return inside;
    }
    pick(&|m: Range| m.contains(range))
}

#[cfg(test)]
mod period_tests {
    use super::*;

    #[test]
    fn soviet_era_actors_are_sun_until_the_union_ended() {
        let mut article = Article::new("Gorbachev met Thatcher.".to_string());
        article.actors.push(crate::doc::Actor {
            id: "kb:person/gorbachev".into(),
            name: "Mikhail Gorbachev".into(),
            code: Some("RUSGOV".into()),
            country: Some("RUS".into()),
            sector: vec!["GOV".into()],
            role: None,
            typo: false,
            typo_mentions: Vec::new(),
            context_mentions: Vec::new(),
            kind: None,
            mentions: Vec::new(),
        });
        let mut later = article.clone();
        article.date = crate::date::PubDate::parse("1987-03-31");
        soviet_period(&mut article);
        assert_eq!(article.actors[0].code.as_deref(), Some("SUNGOV"));
        later.date = crate::date::PubDate::parse("1992-01-10");
        soviet_period(&mut later);
        assert_eq!(later.actors[0].code.as_deref(), Some("RUSGOV"));
    }
}
