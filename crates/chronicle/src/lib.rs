//! Chronicle: read news articles and turn them into knowledge a person can query.
//!
//! The pipeline, in the order a document flows through it:
//!
//! | stage | module | fills |
//! |---|---|---|
//! | read | [`read`] | [`doc::Article`] fields: `text`, `date`, `title`, `caption`, `byline`, `paragraphs` |
//! | text | [`text`] | `tokens`, `sentences`, `paragraphs` |
//! | time | [`time`] | `times` (TIMEX3) |
//! | syntax | [`syntax`] | `pos`, `chunks` |
//! | ner | [`ner`] | `entities` (PER, ORG, LOC, MISC, NORP, TITLE, MONEY, QUANTITY, PERCENT) |
//! | link | [`link`] | `actors`, `entities[].link` |
//! | events | [`events`] | `events`, `quotes` |
//!
//! [`learn`] holds the machine learning the statistical stages share.
//! [`output`] renders articles as the public JSON and as text for a terminal.
//! [`validate`] checks the invariants of every layer (for tests, fuzzing and tools).
//!
//! Every stage is a [`stage::Stage`] over one [`doc::Article`]; later stages read the
//! layers of earlier ones and add their own.

pub mod budget;
pub mod date;
pub mod dictfile;
pub mod doc;
pub mod error;
pub mod events;
pub mod kb;
pub mod learn;
pub mod link;
pub mod ner;
pub mod output;
pub mod pipeline;
pub mod read;
pub mod stage;
pub mod syntax;
pub mod text;
pub mod time;
pub mod validate;

pub use doc::Article;
pub use error::{Error, Result};
pub use pipeline::Pipeline;
pub use stage::Stage;
