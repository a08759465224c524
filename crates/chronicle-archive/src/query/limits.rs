//! The bounds that keep queries fast: candidate caps and the default page size.

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
