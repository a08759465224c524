//! Readers' corrections of event codings (the UI's "flag this coding"): what a correction
//! holds and which parts of a coding can be flagged. Stored by the writer, read back with
//! the events they correct by `Archive::feedback`.

use serde::{Deserialize, Serialize};

/// A reader's correction of an event's coding (the UI's "flag this coding").
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Feedback {
    pub event: i64,
    /// What is wrong: one of [`FEEDBACK_FIELDS`].
    pub field: String,
    /// What it should be: codes or words.
    pub correction: String,
    pub note: String,
}

/// The parts of a coding a reader can flag.
pub const FEEDBACK_FIELDS: &[&str] = &[
    "type",
    "source",
    "target",
    "date",
    "modality",
    "place",
    "not_an_event",
    "other",
];
