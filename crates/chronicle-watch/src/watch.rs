//! One pass of the watcher: poll every feed (conditionally), record new item URLs, then
//! fetch the pending pages and store their articles.

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::time::{Duration, Instant};

use chronicle::date::PubDate;
use chronicle::read::{self, Format, ReadOptions};
use chronicle::Pipeline;
use chronicle_archive::{FeedState, FetchedPage, FoundUrl, UrlState, Writer};

use crate::error::Result;
use crate::fetch::{header_charset, FetchError, FetchOptions, Fetched, Fetcher, Validators};
use crate::robots::Robots;
use crate::url::{resolve, WebUrl};

/// What the watcher does and how politely.
#[derive(Debug, Clone)]
pub struct WatchOptions {
    pub fetch: FetchOptions,
    /// The product token robots.txt groups are matched against.
    pub robots_agent: String,
    /// Failed fetches of a page are tried again on later passes up to this many times.
    pub max_attempts: u32,
    /// Pages fetched per pass at most (the rest wait for the next pass).
    pub max_pages: usize,
    /// Feed items dated longer ago than this are not fetched (a site's full sitemap).
    pub max_age: Option<Duration>,
    /// Feeds that sitemap indexes and pages announcing feeds may add to one pass.
    pub max_child_sitemaps: usize,
}

impl Default for WatchOptions {
    fn default() -> Self {
        WatchOptions {
            fetch: FetchOptions::default(),
            robots_agent: "chronicle".into(),
            max_attempts: 3,
            max_pages: usize::MAX,
            max_age: None,
            max_child_sitemaps: 50,
        }
    }
}

/// What a fetch was for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FetchKind {
    Robots,
    Feed,
    Page,
}

impl FetchKind {
    pub fn name(self) -> &'static str {
        match self {
            FetchKind::Robots => "robots",
            FetchKind::Feed => "feed",
            FetchKind::Page => "page",
        }
    }
}

/// One fetch, for the log: `feed 200 12.3 KB 0.12s https://... (3 new)`.
#[derive(Debug, Clone)]
pub struct FetchLog {
    pub kind: FetchKind,
    pub url: String,
    /// HTTP status, `None` when there was no response.
    pub status: Option<u16>,
    pub bytes: usize,
    pub elapsed: Duration,
    /// What came of it: `3 new`, `stored`, `not modified`, the error.
    pub note: String,
}

impl std::fmt::Display for FetchLog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let status = self.status.map_or("---".to_string(), |s| s.to_string());
        write!(
            f,
            "{:<6} {status} {:>9} {:>6.2}s {}",
            self.kind.name(),
            human_bytes(self.bytes),
            self.elapsed.as_secs_f64(),
            self.url
        )?;
        if !self.note.is_empty() {
            write!(f, "  {}", self.note)?;
        }
        Ok(())
    }
}

fn human_bytes(n: usize) -> String {
    if n >= 1 << 20 {
        format!("{:.1} MB", n as f64 / (1 << 20) as f64)
    } else if n >= 1024 {
        format!("{:.1} KB", n as f64 / 1024.0)
    } else {
        format!("{n} B")
    }
}

/// Where a pass is, for a progress display.
#[derive(Debug, Clone, Default)]
pub struct Progress {
    pub feeds_done: usize,
    pub feeds_total: usize,
    pub pages_done: usize,
    pub pages_total: usize,
    pub stored: usize,
}

/// What a pass did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PassReport {
    pub feeds_polled: usize,
    pub feeds_unchanged: usize,
    pub feeds_failed: usize,
    pub new_urls: usize,
    pub pages_fetched: usize,
    pub stored: usize,
    pub duplicates: usize,
    pub merged_mentions: usize,
    pub empty: usize,
    pub gone: usize,
    pub failed: usize,
    pub blocked: usize,
    /// HTTP requests made (robots.txt, feeds, pages).
    pub requests: usize,
}

/// Hears about every fetch and the pass's progress.
pub trait Observer {
    fn fetched(&mut self, log: &FetchLog);
    fn progress(&mut self, _progress: &Progress) {}
    /// A problem that is not one fetch's (a feed's broken XML, a page that reads empty).
    fn note(&mut self, _message: &str) {}
}

/// An observer that ignores everything.
pub struct Quiet;

impl Observer for Quiet {
    fn fetched(&mut self, _log: &FetchLog) {}
}

/// Keeps the fetcher and the robots.txt of each site between passes.
pub struct Watcher {
    options: WatchOptions,
    fetcher: Fetcher,
    robots: HashMap<String, (Robots, Instant)>,
}

/// How long a robots.txt is trusted before it is read again.
const ROBOTS_TTL: Duration = Duration::from_secs(6 * 3600);

const FEED_ACCEPT: &str = "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5";
const PAGE_ACCEPT: &str = "text/html, application/xhtml+xml;q=0.9, text/plain;q=0.5, */*;q=0.1";

impl Watcher {
    pub fn new(options: WatchOptions) -> Watcher {
        let fetcher = Fetcher::new(options.fetch.clone());
        Watcher {
            options,
            fetcher,
            robots: HashMap::new(),
        }
    }

    /// One pass: polls `feeds`, then fetches and stores every pending page (this pass's new
    /// ones and any left from earlier passes), at most `max_pages`.
    pub fn pass(
        &mut self,
        writer: &mut Writer,
        pipeline: &Pipeline,
        feeds: &[String],
        observer: &mut dyn Observer,
    ) -> Result<PassReport> {
        for feed in feeds {
            WebUrl::parse(feed)?;
        }
        let mut report = PassReport::default();
        let mut progress = Progress {
            feeds_total: feeds.len(),
            ..Default::default()
        };
        let mut queue: Vec<String> = feeds.to_vec();
        let mut seen: HashSet<String> = queue.iter().cloned().collect();
        let mut children = 0;
        let mut i = 0;
        while i < queue.len() {
            let feed = queue[i].clone();
            i += 1;
            let more = self.poll_feed(writer, &feed, &mut report, observer)?;
            for child in more {
                if children < self.options.max_child_sitemaps && seen.insert(child.clone()) {
                    children += 1;
                    queue.push(child);
                    progress.feeds_total += 1;
                }
            }
            progress.feeds_done += 1;
            observer.progress(&progress);
        }
        let pending = writer.pending_urls(self.options.max_attempts, self.options.max_pages)?;
        progress.pages_total = pending.len();
        observer.progress(&progress);
        for p in pending {
            self.fetch_page(writer, pipeline, &p, &mut report, observer)?;
            progress.pages_done += 1;
            progress.stored = report.stored;
            observer.progress(&progress);
        }
        Ok(report)
    }

    /// The robots.txt rules for `url`'s site (fetched once per TTL).
    fn robots_for(
        &mut self,
        url: &WebUrl,
        report: &mut PassReport,
        observer: &mut dyn Observer,
    ) -> Robots {
        if let Some((robots, at)) = self.robots.get(&url.origin) {
            if at.elapsed() < ROBOTS_TTL {
                return robots.clone();
            }
        }
        let robots_url = format!("{}/robots.txt", url.origin);
        report.requests += 1;
        let result = self
            .fetcher
            .get(&robots_url, &url.host, Duration::ZERO, None, "text/plain");
        let (robots, log) = match result {
            Ok(f) => {
                let robots = match f.status {
                    200..=299 => Robots::parse(
                        &String::from_utf8_lossy(&f.body),
                        &self.options.robots_agent,
                    ),
                    400..=499 => Robots::allow_all(),
                    _ => Robots::disallow_all(),
                };
                let note = match f.status {
                    200..=299 => String::new(),
                    400..=499 => "none: all allowed".into(),
                    _ => "server error: the site is left alone this pass".into(),
                };
                (robots, log_of(FetchKind::Robots, &robots_url, &f, note))
            }
            Err(FetchError::TooLarge(_)) => (
                Robots::allow_all(),
                error_log(FetchKind::Robots, &robots_url, "too large: ignored"),
            ),
            Err(e) => (
                Robots::disallow_all(),
                error_log(
                    FetchKind::Robots,
                    &robots_url,
                    &format!("{e}: the site is left alone this pass"),
                ),
            ),
        };
        observer.fetched(&log);
        let keep = log.status.is_some_and(|s| s < 500);
        if keep {
            self.robots
                .insert(url.origin.clone(), (robots.clone(), Instant::now()));
        }
        robots
    }

    /// Polls one feed; returns the sitemaps a sitemap index lists.
    fn poll_feed(
        &mut self,
        writer: &mut Writer,
        feed: &str,
        report: &mut PassReport,
        observer: &mut dyn Observer,
    ) -> Result<Vec<String>> {
        let url = WebUrl::parse(feed)?;
        let robots = self.robots_for(&url, report, observer);
        if !robots.allows(&url.path) {
            report.feeds_failed += 1;
            observer.fetched(&error_log(
                FetchKind::Feed,
                feed,
                "disallowed by robots.txt",
            ));
            let state = FeedState {
                error: Some("disallowed by robots.txt".into()),
                ..Default::default()
            };
            writer.record_poll(feed, &state, false, &[])?;
            return Ok(Vec::new());
        }
        let known = writer.feed_state(feed)?;
        let validators = known.as_ref().map(|k| Validators {
            etag: k.etag.clone(),
            last_modified: k.last_modified.clone(),
        });
        report.requests += 1;
        report.feeds_polled += 1;
        let delay = robots.crawl_delay.unwrap_or_default();
        let fetched =
            match self
                .fetcher
                .get(feed, &url.host, delay, validators.as_ref(), FEED_ACCEPT)
            {
                Ok(f) => f,
                Err(e) => {
                    report.feeds_failed += 1;
                    observer.fetched(&error_log(FetchKind::Feed, feed, &e.to_string()));
                    let state = FeedState {
                        status: Some(0),
                        error: Some(e.to_string()),
                        ..Default::default()
                    };
                    writer.record_poll(feed, &state, false, &[])?;
                    return Ok(Vec::new());
                }
            };
        if fetched.status == 304 {
            report.feeds_unchanged += 1;
            observer.fetched(&log_of(
                FetchKind::Feed,
                feed,
                &fetched,
                "not modified".into(),
            ));
            let state = FeedState {
                status: Some(304),
                ..Default::default()
            };
            writer.record_poll(feed, &state, false, &[])?;
            return Ok(Vec::new());
        }
        if !(200..300).contains(&fetched.status) {
            report.feeds_failed += 1;
            let message = format!("HTTP {}", fetched.status);
            observer.fetched(&log_of(FetchKind::Feed, feed, &fetched, message.clone()));
            let state = FeedState {
                status: Some(fetched.status),
                error: Some(message),
                ..Default::default()
            };
            writer.record_poll(feed, &state, false, &[])?;
            return Ok(Vec::new());
        }
        let body = match gunzip_capped(&fetched.body, self.options.fetch.max_bytes) {
            Ok(body) => body,
            Err(message) => {
                report.feeds_failed += 1;
                observer.fetched(&log_of(FetchKind::Feed, feed, &fetched, message.clone()));
                let state = FeedState {
                    status: Some(fetched.status),
                    error: Some(message),
                    ..Default::default()
                };
                writer.record_poll(feed, &state, false, &[])?;
                return Ok(Vec::new());
            }
        };
        let (text, _) = read::decode_feed(&body);
        let Some(parsed) = read::parse_feed(&text) else {
            // A site's page given instead of its feed: the feeds it announces.
            let announced = discover_feeds(&text, &fetched.final_url);
            if !announced.is_empty() {
                let note = format!(
                    "a page announcing {} feed(s): polling those",
                    announced.len()
                );
                observer.fetched(&log_of(FetchKind::Feed, feed, &fetched, note));
                let state = FeedState {
                    status: Some(fetched.status),
                    error: Some(format!("a page; its feeds: {}", announced.join(" "))),
                    ..Default::default()
                };
                writer.record_poll(feed, &state, false, &[])?;
                return Ok(announced);
            }
            report.feeds_failed += 1;
            let message = "not a feed (RSS, Atom, JSON Feed or sitemap)".to_string();
            observer.fetched(&log_of(FetchKind::Feed, feed, &fetched, message.clone()));
            let state = FeedState {
                status: Some(fetched.status),
                error: Some(message),
                ..Default::default()
            };
            writer.record_poll(feed, &state, false, &[])?;
            return Ok(Vec::new());
        };
        let now_day = today();
        let mut found = Vec::new();
        let mut in_feed = HashSet::new();
        let mut children = Vec::new();
        for item in &parsed.items {
            let Some(link) = item
                .link
                .as_deref()
                .and_then(|l| resolve(&fetched.final_url, l))
            else {
                continue;
            };
            if parsed.kind == read::FeedKind::SitemapIndex {
                children.push(link);
                continue;
            }
            if let (Some(max_age), Some(date)) = (self.options.max_age, item.date) {
                let age_days = now_day - date.date.to_days();
                if age_days as f64 * 86_400.0 > max_age.as_secs_f64() {
                    continue;
                }
            }
            // A feed that repeats an item lists it once.
            if in_feed.insert(link.clone()) {
                found.push(FoundUrl {
                    url: link,
                    title: item.title.clone(),
                    date: item.date.map(|d| d.to_string()),
                });
            }
        }
        let broken = parsed.error.as_ref().map(|e| format!("{e}"));
        // Validators are kept only for a feed read whole: a broken one is read again in full.
        let state = FeedState {
            etag: broken
                .is_none()
                .then(|| fetched.validators.etag.clone())
                .flatten(),
            last_modified: broken
                .is_none()
                .then(|| fetched.validators.last_modified.clone())
                .flatten(),
            status: Some(fetched.status),
            error: broken.as_ref().map(|e| format!("broken feed at {e}")),
            items: parsed.items.len(),
            ..Default::default()
        };
        let new = writer.record_poll(feed, &state, true, &found)?;
        report.new_urls += new;
        let mut note = match parsed.kind {
            read::FeedKind::SitemapIndex => format!("sitemap index of {}", children.len()),
            _ => format!("{} item(s), {new} new", parsed.items.len()),
        };
        if let Some(e) = &broken {
            report.feeds_failed += 1;
            note.push_str(&format!("; broken at {e}"));
            observer.note(&format!("{feed}:{e}"));
        }
        observer.fetched(&log_of(FetchKind::Feed, feed, &fetched, note));
        Ok(children)
    }

    fn fetch_page(
        &mut self,
        writer: &mut Writer,
        pipeline: &Pipeline,
        pending: &chronicle_archive::PendingUrl,
        report: &mut PassReport,
        observer: &mut dyn Observer,
    ) -> Result<()> {
        let page_url = &pending.url;
        let url = match WebUrl::parse(page_url) {
            Ok(u) => u,
            Err(e) => {
                report.gone += 1;
                writer.mark_url(page_url, UrlState::Gone, None, Some(&e.to_string()))?;
                return Ok(());
            }
        };
        let robots = self.robots_for(&url, report, observer);
        if !robots.allows(&url.path) {
            report.blocked += 1;
            writer.mark_url(
                page_url,
                UrlState::Blocked,
                None,
                Some("disallowed by robots.txt"),
            )?;
            observer.fetched(&error_log(
                FetchKind::Page,
                page_url,
                "disallowed by robots.txt",
            ));
            return Ok(());
        }
        report.requests += 1;
        let delay = robots.crawl_delay.unwrap_or_default();
        let fetched = match self
            .fetcher
            .get(page_url, &url.host, delay, None, PAGE_ACCEPT)
        {
            Ok(f) => f,
            Err(e) => {
                let state = if e.is_transient() {
                    report.failed += 1;
                    UrlState::Failed
                } else {
                    report.gone += 1;
                    UrlState::Gone
                };
                writer.mark_url(page_url, state, None, Some(&e.to_string()))?;
                observer.fetched(&error_log(FetchKind::Page, page_url, &e.to_string()));
                return Ok(());
            }
        };
        report.pages_fetched += 1;
        let status = fetched.status;
        if !(200..300).contains(&status) {
            let state = match status {
                408 | 425 | 429 | 500..=599 => UrlState::Failed,
                _ => UrlState::Gone,
            };
            if state == UrlState::Failed {
                report.failed += 1;
            } else {
                report.gone += 1;
            }
            let message = format!("HTTP {status}");
            writer.mark_url(page_url, state, Some(status), Some(&message))?;
            observer.fetched(&log_of(FetchKind::Page, page_url, &fetched, message));
            return Ok(());
        }
        let article = match page_article(&fetched, pending) {
            Ok(a) => a,
            Err((state, message)) => {
                if state == UrlState::Empty {
                    report.empty += 1;
                } else {
                    report.gone += 1;
                }
                writer.mark_url(page_url, state, Some(status), Some(&message))?;
                observer.fetched(&log_of(FetchKind::Page, page_url, &fetched, message));
                return Ok(());
            }
        };
        let date = article.date.map(|d| d.to_string());
        let stored = writer.store_fetched(
            pipeline,
            vec![FetchedPage {
                url: page_url.clone(),
                status,
                article,
            }],
        )?;
        let note = if let Some((_, message)) = stored.failed.first() {
            report.failed += 1;
            message.clone()
        } else if stored.stored.added > 0 {
            report.stored += stored.stored.added;
            report.duplicates += stored.stored.duplicates;
            report.merged_mentions += stored.stored.merged;
            let mut note = format!("stored, dated {}", date.as_deref().unwrap_or("(none)"));
            if stored.stored.duplicates > 0 {
                note.push_str(", a near-duplicate");
            }
            note
        } else {
            "already in the archive".into()
        };
        observer.fetched(&log_of(FetchKind::Page, page_url, &fetched, note));
        Ok(())
    }
}

/// The feeds an HTML page announces: `<link rel="alternate" type="application/rss+xml"
/// href="...">` (Atom and JSON Feed types too), resolved against the page.
fn discover_feeds(page: &str, base: &str) -> Vec<String> {
    let lower = page.to_ascii_lowercase();
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(off) = lower[at..].find("<link") {
        let start = at + off;
        let end = lower[start..].find('>').map_or(lower.len(), |e| start + e);
        at = end;
        let tag = &lower[start..end];
        let is_feed_type = [
            "application/rss+xml",
            "application/atom+xml",
            "application/feed+json",
        ]
        .iter()
        .any(|t| tag.contains(t));
        if !is_feed_type || !tag.contains("alternate") {
            continue;
        }
        let Some(h) = tag.find("href=") else { continue };
        let value_start = start + h + 5;
        let raw = &page[value_start..end];
        let href = match raw.chars().next() {
            Some(q @ ('"' | '\'')) => raw[1..].split(q).next().unwrap_or(""),
            _ => raw.split(char::is_whitespace).next().unwrap_or(""),
        };
        let href = read::decode_entities(href);
        if let Some(url) = resolve(base, &href) {
            if !found.contains(&url) {
                found.push(url);
            }
        }
    }
    found
}

fn today() -> i64 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    secs.div_euclid(86_400)
}

fn log_of(kind: FetchKind, url: &str, f: &Fetched, note: String) -> FetchLog {
    let mut note = note;
    if f.final_url != url && !f.final_url.is_empty() {
        note = if note.is_empty() {
            format!("-> {}", f.final_url)
        } else {
            format!("{note} (-> {})", f.final_url)
        };
    }
    FetchLog {
        kind,
        url: url.to_string(),
        status: Some(f.status),
        bytes: f.body.len(),
        elapsed: f.elapsed,
        note,
    }
}

fn error_log(kind: FetchKind, url: &str, message: &str) -> FetchLog {
    FetchLog {
        kind,
        url: url.to_string(),
        status: None,
        bytes: 0,
        elapsed: Duration::ZERO,
        note: message.to_string(),
    }
}

/// Undoes gzip (a `.xml.gz` sitemap served as bytes) under the size cap.
fn gunzip_capped(body: &[u8], cap: u64) -> std::result::Result<Vec<u8>, String> {
    if !body.starts_with(&[0x1f, 0x8b]) {
        return Ok(body.to_vec());
    }
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(body)
        .take(cap + 1)
        .read_to_end(&mut out)
        .map_err(|e| format!("bad gzip data: {e}"))?;
    if out.len() as u64 > cap {
        return Err(format!("larger than the {cap}-byte cap once decompressed"));
    }
    Ok(out)
}

/// The article of a fetched page: read as HTML (or plain text), decoded by the header's
/// charset when it names one, with the feed's date and title where the page has none.
fn page_article(
    fetched: &Fetched,
    pending: &chronicle_archive::PendingUrl,
) -> std::result::Result<chronicle::Article, (UrlState, String)> {
    let content_type = fetched
        .content_type
        .as_deref()
        .unwrap_or("text/html")
        .to_ascii_lowercase();
    let mime = content_type.split(';').next().unwrap_or("").trim();
    let format = match mime {
        "text/html" | "application/xhtml+xml" | "" => Format::Html,
        "text/plain" => Format::Text,
        other => {
            return Err((UrlState::Gone, format!("not a page ({other})")));
        }
    };
    let bytes = transcode(&fetched.body, fetched.content_type.as_deref());
    let opts = ReadOptions {
        format: Some(format),
        ..Default::default()
    };
    let mut article = None;
    let mut skipped = None;
    for item in read::read_bytes(&pending.url, &bytes, &opts) {
        match item {
            Ok(a) => {
                article = Some(a.article);
                break;
            }
            Err(e) => skipped = Some(e.to_string()),
        }
    }
    let Some(mut article) = article else {
        return Err((
            UrlState::Empty,
            skipped.unwrap_or_else(|| "no article text".into()),
        ));
    };
    article.id = pending.url.clone();
    if article.url.is_none() {
        article.url = Some(fetched.final_url.clone());
    }
    if article.date.is_none() {
        if let Some(date) = pending.date.as_deref().and_then(PubDate::parse) {
            article.date = Some(date);
            article
                .meta
                .insert("date_source".into(), serde_json_string("feed"));
        }
    }
    if article.title.is_none() {
        article.title = pending.title.clone();
    }
    article
        .meta
        .insert("fetched_url".into(), serde_json_string(&fetched.final_url));
    if let Some(feed) = &pending.feed {
        article.meta.insert("feed".into(), serde_json_string(feed));
    }
    Ok(article)
}

fn serde_json_string(s: &str) -> serde_json::Value {
    serde_json::Value::String(s.to_string())
}

/// The body as UTF-8 when the header names another charset and the body has no
/// byte-order mark (the header outranks the page's own declaration, as in browsers).
fn transcode(body: &[u8], content_type: Option<&str>) -> Vec<u8> {
    let Some(label) = content_type.and_then(header_charset) else {
        return body.to_vec();
    };
    let Some(encoding) = encoding_rs::Encoding::for_label(label.as_bytes()) else {
        return body.to_vec();
    };
    if encoding == encoding_rs::UTF_8 || encoding_rs::Encoding::for_bom(body).is_some() {
        return body.to_vec();
    }
    let (text, _, _) = encoding.decode(body);
    text.into_owned().into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_announce_their_feeds() {
        let page = r#"<html><head><LINK rel="alternate" type="application/rss+xml" href="/rss.xml?a=1&amp;b=2">
<link rel=alternate type=application/atom+xml href='https://o.example/atom'>
<link rel="stylesheet" href="/s.css"><link rel="alternate" type="application/rss+xml" href="/rss.xml?a=1&amp;b=2">
</head><body>x</body></html>"#;
        assert_eq!(
            discover_feeds(page, "https://n.example/front/"),
            [
                "https://n.example/rss.xml?a=1&b=2",
                "https://o.example/atom"
            ]
        );
        assert!(discover_feeds("<p>no feeds</p>", "https://n.example/").is_empty());
        assert!(discover_feeds(
            "<link rel=alternate type=application/rss+xml href=",
            "https://n.example/"
        )
        .is_empty());
    }
}
