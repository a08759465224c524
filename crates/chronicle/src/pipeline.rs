//! The pipeline: an ordered list of stages over one [`Article`].

use crate::doc::Article;

/// One annotation stage. Models are loaded when the stage is built, never per article.
pub trait Stage: Send + Sync {
    fn name(&self) -> &'static str;
    /// Adds this stage's layer(s). Must not fail on any input text.
    fn annotate(&self, article: &mut Article);
}

/// The text stage: tokens, sentences, paragraphs.
pub struct TextStage;

impl Stage for TextStage {
    fn name(&self) -> &'static str {
        "text"
    }
    fn annotate(&self, article: &mut Article) {
        crate::text::annotate(article);
    }
}

/// Stages in order; `annotate` runs them all.
pub struct Pipeline {
    stages: Vec<Box<dyn Stage>>,
}

impl Pipeline {
    /// The full standard pipeline with the models that ship with Chronicle.
    pub fn standard() -> crate::Result<Self> {
        Ok(Pipeline {
            stages: vec![
                Box::new(TextStage),
                Box::new(crate::time::TimeStage::new()),
                Box::new(crate::events::EventStage::standard()?),
            ],
        })
    }

    /// The standard pipeline with the user's PETRARCH/Phoenix dictionaries in `dir`
    /// (verb dictionaries for events) instead of the defaults.
    pub fn standard_with_dictionaries(dir: &std::path::Path) -> crate::Result<Self> {
        let mut pipeline = Self::standard()?;
        for stage in &mut pipeline.stages {
            if stage.name() == "events" {
                *stage = Box::new(crate::events::EventStage::with_dictionaries(dir)?);
            }
        }
        Ok(pipeline)
    }

    pub fn with_stages(stages: Vec<Box<dyn Stage>>) -> Self {
        Pipeline { stages }
    }

    /// The stages in order (for per-stage timing and tools).
    pub fn stages(&self) -> &[Box<dyn Stage>] {
        &self.stages
    }

    pub fn stage_names(&self) -> Vec<&'static str> {
        self.stages.iter().map(|s| s.name()).collect()
    }

    pub fn annotate(&self, article: &mut Article) {
        for stage in &self.stages {
            stage.annotate(article);
        }
    }
}
