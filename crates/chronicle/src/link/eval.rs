//! Scoring the actors layer against a hand-written linking set (`eval/actors/*.jsonl`).
//!
//! Each line is an article: `{"id", "date", "text", "mentions": [...]}`; each mention names
//! its surface `text`, which whole-word occurrence `n` (0-based) it is, its `case`
//! (appositive, metonymy_gov, partial, typo, group, pronoun, ...) and what is expected of the
//! actor(s) it belongs to: `id`, `code`, `kind` (`place` or `agent`), `role`, `typo`, or for
//! group mentions `ids` / `codes` (as sets), or `not_id` (must not be linked to that id).

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::date::{Date, PubDate};
use crate::doc::{Actor, Article, Range};
use crate::error::Error;
use crate::pipeline::Pipeline;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EvalArticle {
    pub id: String,
    pub date: Option<String>,
    pub text: String,
    pub mentions: Vec<EvalMention>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct EvalMention {
    pub text: String,
    #[serde(default)]
    pub n: usize,
    pub case: String,
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub code: Option<String>,
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub role: Option<String>,
    #[serde(default)]
    pub typo: Option<bool>,
    #[serde(default)]
    pub ids: Option<Vec<String>>,
    #[serde(default)]
    pub codes: Option<Vec<String>>,
    #[serde(default)]
    pub not_id: Option<String>,
}

/// Per-case counts and the list of failures.
#[derive(Debug, Default)]
pub struct Report {
    /// case → (correct, total)
    pub cases: BTreeMap<String, (usize, usize)>,
    pub failures: Vec<String>,
}

impl Report {
    pub fn total(&self) -> (usize, usize) {
        self.cases
            .values()
            .fold((0, 0), |(c, t), (c2, t2)| (c + c2, t + t2))
    }
}

/// Reads a linking set; a malformed line is an error naming file and line.
pub fn read_set(path: &Path) -> crate::error::Result<Vec<EvalArticle>> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let a: EvalArticle = serde_json::from_str(line).map_err(|e| Error::Parse {
            path: path.to_path_buf(),
            line: i + 1,
            message: e.to_string(),
        })?;
        out.push(a);
    }
    Ok(out)
}

/// The byte range of the `n`th whole-word occurrence of `surface`.
fn locate(text: &str, surface: &str, n: usize) -> Option<Range> {
    let is_word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    text.match_indices(surface)
        .map(|(i, _)| i)
        .filter(|&i| {
            !is_word(text.get(..i).and_then(|t| t.chars().next_back()))
                && !is_word(text.get(i + surface.len()..).and_then(|t| t.chars().next()))
        })
        .nth(n)
        .map(|i| Range::new(i, i + surface.len()))
}

/// `got` and `want` hold the same values, in any order.
fn same_set(what: &str, mut got: Vec<&str>, want: &[String]) -> Result<(), String> {
    got.sort_unstable();
    let mut want: Vec<&str> = want.iter().map(String::as_str).collect();
    want.sort_unstable();
    if got == want {
        Ok(())
    } else {
        Err(format!("{what} {got:?}, want {want:?}"))
    }
}

fn check(mention: &EvalMention, range: Range, actors: &[&Actor]) -> Result<(), String> {
    let ids: Vec<&str> = actors.iter().map(|a| a.id.as_str()).collect();
    if let Some(not) = &mention.not_id {
        return if ids.contains(&not.as_str()) {
            Err(format!("linked to {not}"))
        } else {
            Ok(())
        };
    }
    if let Some(want) = &mention.ids {
        return same_set("ids", ids.clone(), want);
    }
    if let Some(want) = &mention.codes {
        let codes = actors.iter().filter_map(|a| a.code.as_deref()).collect();
        return same_set("codes", codes, want);
    }
    let [actor] = actors else {
        return Err(format!("{} actors {ids:?}", actors.len()));
    };
    let mut problems = Vec::new();
    if let Some(id) = &mention.id {
        if &actor.id != id {
            problems.push(format!("id {} want {id}", actor.id));
        }
    }
    if let Some(code) = &mention.code {
        if actor.code.as_ref() != Some(code) {
            problems.push(format!("code {:?} want {code}", actor.code));
        }
    }
    if let Some(kind) = &mention.kind {
        let got = actor.kind.as_deref().unwrap_or("agent");
        let got = if got == "place" { "place" } else { "agent" };
        if got != kind {
            problems.push(format!("kind {got} want {kind}"));
        }
    }
    if let Some(role) = &mention.role {
        if actor.role.as_ref() != Some(role) {
            problems.push(format!("role {:?} want {role}", actor.role));
        }
    }
    if let Some(typo) = mention.typo {
        // The flag belongs to the misspelled mention, not to every mention of the actor.
        let got = actor.typo_mentions.iter().any(|t| t.range() == range);
        if got != typo {
            problems.push(format!("typo {got} want {typo}"));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("; "))
    }
}

/// Runs `pipeline` over every article of the set and scores each mention.
pub fn evaluate(pipeline: &Pipeline, set: &[EvalArticle]) -> Report {
    let mut report = Report::default();
    for item in set {
        let mut article = Article::new(item.text.clone());
        article.date = item
            .date
            .as_deref()
            .and_then(Date::parse_iso)
            .map(PubDate::day);
        pipeline.annotate(&mut article);
        for m in &item.mentions {
            let slot = report.cases.entry(m.case.clone()).or_default();
            slot.1 += 1;
            let Some(range) = locate(&article.text, &m.text, m.n) else {
                report.failures.push(format!(
                    "{} {:?}#{} [{}]: not in the text",
                    item.id, m.text, m.n, m.case
                ));
                continue;
            };
            let actors: Vec<&Actor> = article
                .actors
                .iter()
                .filter(|a| a.mentions.iter().any(|s| s.range() == range))
                .collect();
            match check(m, range, &actors) {
                Ok(()) => slot.0 += 1,
                Err(why) => report.failures.push(format!(
                    "{} {:?}#{} [{}]: {why}",
                    item.id, m.text, m.n, m.case
                )),
            }
        }
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_whole_words_only() {
        let text = "the he then he";
        assert_eq!(locate(text, "he", 0), Some(Range::new(4, 6)));
        assert_eq!(locate(text, "he", 1), Some(Range::new(12, 14)));
        assert_eq!(locate(text, "he", 2), None);
    }
}
