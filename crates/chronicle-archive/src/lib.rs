//! The Chronicle archive: annotated articles in an embedded SQLite database that an
//! analyst (or the HTTP server) can interrogate.
//!
//! # Writing
//! One [`Writer`] per database adds articles in batched transactions; [`ingest()`] drives
//! it from any iterator of articles, annotating them in parallel with a
//! [`chronicle::Pipeline`]. Storing is idempotent (an article id is stored once; ids are
//! given by the input or are the content hash) and resumable (a rerun skips stored ids
//! before extracting). Each batch commits atomically, so an interrupted ingest loses at
//! most the batch in flight and never leaves half an article.
//!
//! While storing, the writer
//! - marks **near-duplicates**: MinHash over word 3-shingles with LSH banding
//!   (`minhash.rs`); a copy gets `duplicate_of` = the first stored copy (it is kept, but
//!   queries count each story once unless asked to include duplicates);
//! - **merges events across articles** (`merge.rs`): mentions with the same PLOVER type and
//!   modality, overlapping actor codes, overlapping dates (at most a month wide) and
//!   compatible places become one event with its mentions, reporting sources, first and
//!   last report, and a confidence `1 − Π(1 − cᵢ)` over its independent (non-duplicate)
//!   reports; a `planned` event is linked to the `asserted` event that realises it.
//!
//! # Reading
//! [`Archive::open`] gives a `Send + Sync` handle with a pool of read-only connections;
//! every query runs in one read transaction, so it sees a consistent snapshot while an
//! ingest writes (WAL mode). The queries take a typed request and return typed,
//! `serde`-serialisable rows:
//!
//! | call | returns |
//! |---|---|
//! | [`Archive::search`]`(&`[`SearchQuery`]`)` | [`SearchHit`]s, bm25-ranked (`chronicle_match`), with snippets |
//! | [`Archive::events`]`(&`[`EventQuery`]`)` | [`EventRow`]s (merged events) by event date |
//! | [`Archive::timeline`]`(&`[`TimelineQuery`]`)` | events of an actor or a text query, by when they happen |
//! | [`Archive::actors`]`(&`[`ActorQuery`]`)` | [`ActorRow`]s by number of articles |
//! | [`Archive::article`]`(id)` | an [`ArticleRecord`]: the article, its layers, its events, its copies |
//! | [`Archive::event`]`(id)`, [`Archive::mentions`]`(id)` | one merged event; its reports |
//! | [`Archive::stats`]`()` | [`Stats`] |
//! | [`Archive::network`]`(&`[`NetworkQuery`]`)` | actor→actor [`Edge`]s with weights |
//! | [`Archive::counts_over_time`]`(&`[`CountsQuery`]`)` | [`CountRow`]s per period and quad class |
//! | [`Archive::places`]`(&`[`EventQuery`]`)` | [`Places`]: events per place with coordinates, for the map |
//! | [`Archive::counts`]`(&`[`CountsQuery`]`)` | [`Counts`]: a zero-filled time axis, the rows, the undated events |
//!
//! Actor filters take CAMEO codes and match refinements: `KOR` finds `KORGOV`, `KORMIL`.
//! Dates are `YYYY-MM-DD` (a year or month is accepted as a bound). Event dates are when
//! the event happens (TIMEX3), not when it was reported.
//!
//! # Exporting
//! [`export`] writes the archive as JSONL (articles with all layers), CSV (merged events),
//! GDELT 2.0 event tables, TimeML, or Parquet (merged events).
//!
//! # Storage
//! Tables: `articles` (+ `articles_fts`, FTS5 over title and text), `layers` (one JSON
//! array per annotation layer), `lsh`, `actors`, `article_actors`, `events`,
//! `event_actors` (codes by event day: the index behind actor queries and timelines),
//! `mentions`, `meta`, and the web watcher's `web_feeds` and `web_urls`. See `schema.rs` for the DDL; its version is SQLite's `user_version`
//! and its migrations upgrade older files on open.

pub(crate) mod actor_events;
pub(crate) mod archive;
pub mod canon;
pub mod codes;
pub(crate) mod error;
pub mod export;
pub mod feedback;
pub(crate) mod ingest;
pub(crate) mod layers;
pub(crate) mod merge;
pub mod minhash;
pub mod query;
mod rank;
pub(crate) mod schema;
mod search;
pub(crate) mod store;
pub mod synth;
pub(crate) mod web;
pub mod when;

pub use archive::Archive;
pub use canon::CanonReport;
pub use error::{Error, Result};
pub use feedback::{Feedback, FEEDBACK_FIELDS};
pub use ingest::{ingest, IngestOptions, IngestStats, Problem, DEFAULT_BATCH};
pub use query::{
    ActorArticle, ActorDetail, ActorQuery, ActorQuote, ActorRow, ArticleRecord, CountRow,
    Counterpart, Counts, CountsQuery, Edge, EventActor, EventQuery, EventRow, FeedbackRow,
    Interval, MentionRow, MonthCount, NetworkQuery, Period, PlaceRow, Places, SearchHit,
    SearchQuery, Stats, TimelineQuery, UndatedCount,
};
pub use rusqlite;
pub use store::{BatchReport, PreparedArticle, Writer};
pub use web::{FeedState, FetchedPage, FetchedReport, FoundUrl, PendingUrl, UrlState};
