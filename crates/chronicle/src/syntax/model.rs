//! What the POS tagger and the chunker share as models: the shipped model files, decoded
//! once per process, and the feature-set version check made when a model is loaded.

use std::path::Path;
use std::sync::{Arc, OnceLock};

use crate::error::{Error, Result};
use crate::learn::Model;

pub(super) static SHIPPED_POS: &[u8] = include_bytes!("../../../../models/pos.bin.gz");
pub(super) static SHIPPED_CHUNK: &[u8] = include_bytes!("../../../../models/chunk.bin.gz");

fn check_version(model: &Model, expected: &str, name: &str) -> Result<()> {
    let found = model.meta.get("features").map(String::as_str);
    if found == Some(expected) {
        Ok(())
    } else {
        Err(Error::Model {
            name: name.into(),
            message: format!(
                "trained with features {found:?}, this build extracts {expected}: retrain"
            ),
        })
    }
}

/// Decodes a shipped model once per process.
pub(super) fn shared<T>(
    cell: &'static OnceLock<std::result::Result<Arc<T>, String>>,
    name: &str,
    load: impl FnOnce() -> Result<T>,
) -> Result<Arc<T>> {
    cell.get_or_init(|| load().map(Arc::new).map_err(|e| e.to_string()))
        .clone()
        .map_err(|message| Error::Model {
            name: name.into(),
            message,
        })
}

/// What the POS tagger and the chunker share: a perceptron model trained with a given
/// feature set, checked when loaded.
pub trait SyntaxModel: Sized {
    /// The name in error messages.
    const NAME: &'static str;
    /// The feature-set version this build extracts.
    const VERSION: &'static str;
    /// Wraps a model whose version was checked.
    fn wrap(model: Model) -> Self;
    fn model(&self) -> &Model;

    fn from_model(model: Model) -> Result<Self> {
        check_version(&model, Self::VERSION, Self::NAME)?;
        Ok(Self::wrap(model))
    }
    fn load(path: &Path) -> Result<Self> {
        Self::from_model(Model::load(path)?)
    }
    fn save(&self, path: &Path) -> Result<()> {
        self.model().save(path)
    }
}
