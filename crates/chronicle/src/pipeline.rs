//! The pipeline: an ordered list of stages over one [`Article`].

use crate::doc::Article;

pub use crate::stage::Stage;
pub use crate::text::TextStage;

/// How to build the standard pipeline.
#[derive(Debug, Clone, Default)]
pub struct PipelineOptions {
    /// A directory of Phoenix/PETRARCH-format dictionaries: its actor and agent files
    /// (`*actors*.txt`, `*agents*.txt`) extend the knowledge base of the link stage (replacing
    /// shipped entries with the same names); its verb dictionary replaces the events stage's.
    pub dictionaries: Option<std::path::PathBuf>,
    /// Fail on the first malformed line of a user dictionary instead of warning.
    pub strict: bool,
    /// Run the dependency parser on every sentence in the syntax stage (`deps`, `lemmas`).
    /// Off by default: it triples the syntax stage's cost.
    pub parse: bool,
    /// Parse the sentences the events stage codes (a trigger and a political actor) in a
    /// `parse` stage after linking, so events read their arguments from the tree. Off by
    /// default: it adds about a fifth to the CPU time of an ingest of Reuters, which would
    /// take it under 1 MB/s on two cores (BENCHMARKS.md, Events).
    pub event_parse: bool,
}

/// Stages in order; `annotate` runs them all.
pub struct Pipeline {
    stages: Vec<Box<dyn Stage>>,
    /// Malformed lines skipped while loading user dictionaries (`file:line: message`).
    warnings: Vec<String>,
}

impl Pipeline {
    /// The full standard pipeline with the models that ship with Chronicle.
    pub fn standard() -> crate::error::Result<Self> {
        Pipeline::with_options(&PipelineOptions::default())
    }

    /// The standard pipeline, configured (user dictionaries, ...).
    pub fn with_options(options: &PipelineOptions) -> crate::error::Result<Self> {
        let link = crate::link::LinkStage::with_options(&crate::link::KbOptions {
            dictionaries: options.dictionaries.iter().cloned().collect(),
            ..Default::default()
        })?;
        let events = match &options.dictionaries {
            Some(dir) => crate::events::EventStage::with_dictionaries(dir)?,
            None => crate::events::EventStage::standard()?,
        }
        .with_gazetteer(Box::new(KbGazetteer(link.shared_kb())));
        let mut warnings = link.kb().warnings.clone();
        warnings.extend(events.lexicon().warnings.iter().cloned());
        if options.strict {
            if let Some(first) = warnings.first() {
                return Err(crate::error::Error::Input {
                    path: options.dictionaries.clone().unwrap_or_default(),
                    message: format!(
                        "{} malformed dictionary line(s), the first: {first}",
                        warnings.len()
                    ),
                });
            }
        }
        // the sentences events will code, parsed after linking (when the syntax stage did
        // not parse them all)
        let event_parse: Option<Box<dyn Stage>> = if options.parse || !options.event_parse {
            None
        } else {
            let lexicon = events.shared_lexicon();
            Some(Box::new(crate::syntax::ParseStage::shipped(Box::new(
                move |article: &Article| crate::events::sentences_to_parse(&lexicon, article),
            ))?))
        };
        Ok(Pipeline {
            warnings,
            stages: vec![
                Box::new(TextStage) as Box<dyn Stage>,
                Box::new(crate::time::TimeStage::new()),
                Box::new(if options.parse {
                    crate::syntax::SyntaxStage::standard()?.with_shipped_parser()?
                } else {
                    crate::syntax::SyntaxStage::standard()?
                }),
                Box::new(crate::ner::NerStage::standard()?),
                Box::new(link),
            ]
            .into_iter()
            .chain(event_parse)
            .chain(std::iter::once(Box::new(events) as Box<dyn Stage>))
            .collect(),
        })
    }

    /// The standard pipeline with the user's PETRARCH/Phoenix dictionaries in `dir`
    /// (verb dictionaries for events) instead of the defaults.
    pub fn standard_with_dictionaries(dir: &std::path::Path) -> crate::error::Result<Self> {
        Self::with_options(&PipelineOptions {
            dictionaries: Some(dir.to_path_buf()),
            ..Default::default()
        })
    }

    pub fn with_stages(stages: Vec<Box<dyn Stage>>) -> Self {
        Pipeline {
            stages,
            warnings: Vec::new(),
        }
    }

    /// Malformed lines skipped while loading user dictionaries (`file:line: message`), for
    /// the caller to print.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// The stages in order (for per-stage timing and tools).
    pub fn stages(&self) -> &[Box<dyn Stage>] {
        &self.stages
    }

    pub fn stage_names(&self) -> Vec<&'static str> {
        self.stages.iter().map(|s| s.name()).collect()
    }

    /// Runs every stage in order. Under a [`crate::budget`] deadline it stops between stages
    /// once the budget has run out (stages also check it between sentences), leaving the
    /// article partly annotated: callers that set a budget check [`crate::budget::expired`].
    pub fn annotate(&self, article: &mut Article) {
        for stage in &self.stages {
            if crate::budget::expired() {
                return;
            }
            stage.annotate(article);
        }
    }
}

/// The KB's cities and places as the events stage's gazetteer. It lives here, where the
/// stages are wired, so that neither the KB nor the link stage imports the events stage.
pub struct KbGazetteer(pub std::sync::Arc<crate::kb::Kb>);

impl crate::events::Gazetteer for KbGazetteer {
    fn place(&self, name: &str) -> Option<(Option<String>, f64, f64)> {
        let e = self.0.place(name)?;
        Some((e.country.clone(), e.lat?, e.lon?))
    }
}
