//! The one trait every annotation stage implements, apart from the pipeline that orders them,
//! so stages can name it without importing the pipeline that imports them.

use crate::doc::Article;

/// One annotation stage. Models are loaded when the stage is built, never per article.
pub trait Stage: Send + Sync {
    fn name(&self) -> &'static str;
    /// Adds this stage's layer(s). Must not fail on any input text.
    fn annotate(&self, article: &mut Article);
}
