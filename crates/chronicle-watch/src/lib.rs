//! Keeps a Chronicle archive current from the web.
//!
//! A [`Watcher`] polls feeds and sitemaps (RSS, Atom, JSON Feed, sitemaps, news sitemaps,
//! sitemap indexes, gzipped or not) with conditional GETs (ETag / Last-Modified), records
//! each new item URL in the archive (`web_urls`, state `pending`) in the transaction that
//! records the feed's new validators, fetches the pending pages, reads them with
//! Chronicle's HTML reader (the page's own date, else the feed's) and stores them through
//! the archive's writer (near-duplicates, event merging), each URL turning `stored` in the
//! transaction that stores its article. So a restart, or a kill -9, neither loses an item
//! nor fetches a stored page again.
//!
//! Politeness: robots.txt is read per site and obeyed (our group, else `*`, and its
//! `Crawl-delay`); requests to one host are spaced by a delay (1 s by default); a clear
//! User-Agent; connect and read timeouts and an overall limit per request; at most 5
//! redirects; bodies capped at 10 MB after decompression. A 404 or 410 is not asked again, a
//! 5xx or a timeout is tried again on later passes (3 attempts by default).
//!
//! The parts: `url` (origins and links), `robots` (robots.txt), `fetch` (the HTTP client and
//! the per-host clock), `watch` (a pass).

mod error;
mod fetch;
mod robots;
mod url;
mod watch;

pub use error::{Error, Result};
pub use fetch::{header_charset, FetchError, FetchOptions, Fetched, Fetcher, Validators};
pub use robots::Robots;
pub use url::{resolve, WebUrl};
pub use watch::{
    FetchKind, FetchLog, Observer, PassReport, Progress, Quiet, WatchOptions, Watcher,
};
