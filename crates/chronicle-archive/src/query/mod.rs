//! Queries: typed requests in, typed rows out. The CLI prints these rows; the HTTP server
//! serialises them. Every function runs in one read transaction (a consistent snapshot).
//!
//! The parts: `types` (requests and rows), `params` (dates, limits, FTS5 syntax),
//! `plan` (the event query planner), `events` (events, timelines, reports), `articles`
//! (one article and its stored layers), `aggregates` (actors, stats, network, counts) and
//! `scan` (whole-archive walks for exports).

mod aggregates;
mod articles;
mod events;
mod params;
mod plan;
mod scan;
mod types;

pub use params::fts_query;
pub(crate) use params::{
    actor_rowids, day_param, fts_parts, in_list, is_operator, limit_of, until_param,
};
pub use types::*;

/// Search ranks at most this many matching articles (the most recently stored ones), so
/// a query for a word in every article stays fast on millions of articles.
pub const RANK_CANDIDATES: usize = 2000;

/// A text timeline covers the events of at most this many matching articles (the most
/// recently stored ones).
pub const TIMELINE_ARTICLES: usize = 2000;

/// Search ranks at most this many matches when filters narrow it (each costs an index
/// probe or a membership test rather than a sequential read).
pub const FILTERED_CANDIDATES: usize = 300;

/// Default page size of list queries.
pub const DEFAULT_LIMIT: usize = 50;

#[allow(dead_code)]
fn _assert_send_sync() {
    fn is<T: Send + Sync>() {}
    is::<crate::archive::Archive>();
}
