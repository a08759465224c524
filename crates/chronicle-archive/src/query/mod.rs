//! Queries: typed requests in, typed rows out. The CLI prints these rows; the HTTP server
//! serialises them. Every function runs in one read transaction (a consistent snapshot).
//!
//! The parts: `types` (requests and rows), `limits` (candidate caps, page size), `params`
//! (dates, limits, FTS5 syntax), `plan` (the event query planner), `events` (events,
//! timelines, reports), `articles` (one article and its stored layers), `aggregates` (actors,
//! stats, network, counts), `periods` (the time axis of counts) and `scan` (whole-archive walks for exports).

mod actors;
mod aggregates;
mod articles;
mod events;
mod limits;
mod params;
pub mod periods;
mod plan;
mod scan;
pub(crate) use scan::event_rows;
mod types;

pub use actors::{ACTOR_PAGE_ARTICLES, ACTOR_PAGE_COUNTERPARTS};
pub use limits::{DEFAULT_LIMIT, FILTERED_CANDIDATES, RANK_CANDIDATES, TIMELINE_ARTICLES};
pub use params::fts_query;
pub(crate) use params::{
    actor_rowids, day_param, fts_parts, in_list, is_operator, limit_of, until_param,
};
pub use types::*;

#[allow(dead_code)]
fn _assert_send_sync() {
    fn is<T: Send + Sync>() {}
    is::<crate::archive::Archive>();
}
