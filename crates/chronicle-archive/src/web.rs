//! What the web watcher has seen (`web_feeds`, `web_urls`), kept in the archive so it is
//! committed with the articles: a feed's new URLs are recorded as `pending` in the same
//! transaction as the feed's new validators (ETag, Last-Modified), and a URL becomes
//! `stored` in the transaction that stores its article. A restart, or a kill at any point,
//! neither loses an item nor fetches a stored page again.

use chronicle::{Article, Pipeline};
use rusqlite::{params, OptionalExtension, Transaction};

use crate::error::Result;
use crate::ingest::annotate_all;
use crate::store::{BatchReport, Writer};

/// Where a URL stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UrlState {
    /// Found in a feed, not fetched yet (or fetched and lost before it was stored).
    Pending,
    /// Its article is in the archive.
    Stored,
    /// Fetched, but the page held no article text.
    Empty,
    /// The server says it is not there (404, 410) or not a page we read: not asked again.
    Gone,
    /// Fetching failed (a 5xx, a timeout, a size cap): tried again up to a limit.
    Failed,
    /// robots.txt disallows it.
    Blocked,
}

impl UrlState {
    pub const ALL: [UrlState; 6] = [
        UrlState::Pending,
        UrlState::Stored,
        UrlState::Empty,
        UrlState::Gone,
        UrlState::Failed,
        UrlState::Blocked,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            UrlState::Pending => "pending",
            UrlState::Stored => "stored",
            UrlState::Empty => "empty",
            UrlState::Gone => "gone",
            UrlState::Failed => "failed",
            UrlState::Blocked => "blocked",
        }
    }

    pub fn parse(s: &str) -> Option<UrlState> {
        UrlState::ALL.into_iter().find(|st| st.as_str() == s)
    }
}

/// A feed's last poll: the validators for the next conditional GET, and how it went.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FeedState {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub polled_at: Option<i64>,
    pub changed_at: Option<i64>,
    /// HTTP status of the last poll; 0 when there was no response.
    pub status: Option<u16>,
    pub error: Option<String>,
    pub items: usize,
}

/// An item URL found in a feed, with what the feed says about it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FoundUrl {
    pub url: String,
    pub title: Option<String>,
    /// ISO 8601, as the feed dated the item.
    pub date: Option<String>,
}

/// A URL waiting to be fetched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingUrl {
    pub url: String,
    pub feed: Option<String>,
    pub title: Option<String>,
    pub date: Option<String>,
    pub attempts: u32,
}

/// A fetched page's article, to be stored under the URL it was found as.
#[derive(Debug, Clone)]
pub struct FetchedPage {
    /// The `web_urls` key (the URL as the feed gave it).
    pub url: String,
    pub status: u16,
    pub article: Article,
}

/// What storing fetched pages did.
#[derive(Debug, Clone, Default)]
pub struct FetchedReport {
    pub stored: BatchReport,
    /// Pages whose annotation failed (URL, message): marked failed.
    pub failed: Vec<(String, String)>,
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

impl Writer {
    /// The last poll of `feed`, if it was ever polled.
    pub fn feed_state(&mut self, feed: &str) -> Result<Option<FeedState>> {
        Ok(self
            .connection()
            .prepare_cached(
                "SELECT etag, last_modified, polled_at, changed_at, status, error, items
                 FROM web_feeds WHERE url = ?1",
            )?
            .query_row([feed], |r| {
                Ok(FeedState {
                    etag: r.get(0)?,
                    last_modified: r.get(1)?,
                    polled_at: r.get(2)?,
                    changed_at: r.get(3)?,
                    status: r.get::<_, Option<i64>>(4)?.map(|s| s as u16),
                    error: r.get(5)?,
                    items: r.get::<_, i64>(6)? as usize,
                })
            })
            .optional()?)
    }

    /// Records a poll of `feed`: its state and the URLs found in it, in one transaction.
    /// URLs already known keep their state. Returns how many were new. With `changed`
    /// false (a 304, an error) the stored validators are kept unless `state` has its own.
    pub fn record_poll(
        &mut self,
        feed: &str,
        state: &FeedState,
        changed: bool,
        found: &[FoundUrl],
    ) -> Result<usize> {
        let at = now();
        let tx = self.connection().transaction()?;
        tx.execute(
            "INSERT INTO web_feeds (url, etag, last_modified, polled_at, changed_at, status, error, items)
             VALUES (?1, ?2, ?3, ?4, CASE WHEN ?5 THEN ?4 END, ?6, ?7, ?8)
             ON CONFLICT(url) DO UPDATE SET
                etag = coalesce(excluded.etag, CASE WHEN ?5 THEN NULL ELSE etag END),
                last_modified = coalesce(excluded.last_modified, CASE WHEN ?5 THEN NULL ELSE last_modified END),
                polled_at = excluded.polled_at,
                changed_at = coalesce(excluded.changed_at, changed_at),
                status = excluded.status,
                error = excluded.error,
                items = CASE WHEN ?5 THEN excluded.items ELSE items END",
            params![
                feed,
                state.etag,
                state.last_modified,
                at,
                changed,
                state.status.map(i64::from),
                state.error,
                state.items as i64
            ],
        )?;
        let mut new = 0;
        {
            let mut insert = tx.prepare_cached(
                "INSERT INTO web_urls (url, feed, state, title, date, found_at)
                 VALUES (?1, ?2, 'pending', ?3, ?4, ?5) ON CONFLICT(url) DO NOTHING",
            )?;
            for f in found {
                new += insert.execute(params![f.url, feed, f.title, f.date, at])?;
            }
        }
        tx.commit()?;
        Ok(new)
    }

    /// URLs to fetch, oldest first: pending ones, and failed ones tried fewer than
    /// `max_attempts` times.
    pub fn pending_urls(&mut self, max_attempts: u32, limit: usize) -> Result<Vec<PendingUrl>> {
        let mut stmt = self.connection().prepare_cached(
            "SELECT url, feed, title, date, attempts FROM web_urls
             WHERE state = 'pending' OR (state = 'failed' AND attempts < ?1)
             ORDER BY found_at, rowid LIMIT ?2",
        )?;
        let rows = stmt.query_map(
            params![max_attempts, limit.min(i64::MAX as usize) as i64],
            |r| {
                Ok(PendingUrl {
                    url: r.get(0)?,
                    feed: r.get(1)?,
                    title: r.get(2)?,
                    date: r.get(3)?,
                    attempts: r.get::<_, i64>(4)? as u32,
                })
            },
        )?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The state of a URL, if it was ever found.
    pub fn url_state(&mut self, url: &str) -> Result<Option<UrlState>> {
        let state: Option<String> = self
            .connection()
            .prepare_cached("SELECT state FROM web_urls WHERE url = ?1")?
            .query_row([url], |r| r.get(0))
            .optional()?;
        Ok(state.as_deref().and_then(UrlState::parse))
    }

    /// Records a fetch of `url` that stored nothing (`Empty`, `Gone`, `Failed`, `Blocked`),
    /// counting the attempt. A URL not found in a feed before is added.
    pub fn mark_url(
        &mut self,
        url: &str,
        state: UrlState,
        status: Option<u16>,
        error: Option<&str>,
    ) -> Result<()> {
        let at = now();
        self.connection().execute(
            "INSERT INTO web_urls (url, state, found_at, fetched_at, status, attempts, error)
             VALUES (?1, ?2, ?3, ?3, ?4, 1, ?5)
             ON CONFLICT(url) DO UPDATE SET state = excluded.state, fetched_at = excluded.fetched_at,
                status = excluded.status, attempts = attempts + 1, error = excluded.error",
            params![url, state.as_str(), at, status.map(i64::from), error],
        )?;
        Ok(())
    }

    /// How many URLs are in each state.
    pub fn url_counts(&mut self) -> Result<Vec<(UrlState, usize)>> {
        let mut stmt = self
            .connection()
            .prepare_cached("SELECT state, count(*) FROM web_urls GROUP BY state")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
        let mut out = Vec::new();
        for row in rows {
            let (state, n) = row?;
            if let Some(state) = UrlState::parse(&state) {
                out.push((state, n as usize));
            }
        }
        Ok(out)
    }

    /// Annotates fetched pages with `pipeline` (in parallel) and stores them through the
    /// archive's writer (near-duplicates, event merging), each URL becoming `stored` in the
    /// same transaction as its article. An article whose id is already stored leaves the
    /// archive as it was and its URL `stored` too. Pages whose annotation fails are marked
    /// `failed`.
    pub fn store_fetched(
        &mut self,
        pipeline: &Pipeline,
        pages: Vec<FetchedPage>,
    ) -> Result<FetchedReport> {
        let mut urls: Vec<(String, String, u16)> = Vec::with_capacity(pages.len());
        let mut articles = Vec::with_capacity(pages.len());
        for page in pages {
            urls.push((page.article.id.clone(), page.url, page.status));
            articles.push(page.article);
        }
        let (prepared, failures) = annotate_all(pipeline, articles);
        let url_of = |id: &str| {
            urls.iter()
                .find(|(i, _, _)| i == id)
                .map(|(_, url, status)| (url.clone(), *status))
        };
        let stored: Vec<(String, String, u16)> = prepared
            .iter()
            .filter_map(|p| url_of(p.id()).map(|(url, status)| (p.id().to_string(), url, status)))
            .collect();
        let at = now();
        let report = self.add_prepared_with(&prepared, |tx: &Transaction| {
            let mut update = tx.prepare_cached(
                "INSERT INTO web_urls (url, state, found_at, fetched_at, status, attempts, article)
                 VALUES (?1, 'stored', ?2, ?2, ?3, 1, ?4)
                 ON CONFLICT(url) DO UPDATE SET state = 'stored', fetched_at = excluded.fetched_at,
                    status = excluded.status, attempts = attempts + 1,
                    article = excluded.article, error = NULL",
            )?;
            for (id, url, status) in &stored {
                update.execute(params![url, at, i64::from(*status), id])?;
            }
            Ok(())
        })?;
        let mut failed = Vec::new();
        for (id, message) in failures {
            if let Some((url, status)) = url_of(&id) {
                self.mark_url(&url, UrlState::Failed, Some(status), Some(&message))?;
                failed.push((url, message));
            }
        }
        Ok(FetchedReport {
            stored: report,
            failed,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_pipeline() -> Pipeline {
        Pipeline::with_stages(vec![Box::new(chronicle::pipeline::TextStage)])
    }

    fn found(url: &str) -> FoundUrl {
        FoundUrl {
            url: url.into(),
            title: Some(format!("title of {url}")),
            date: Some("2026-12-07".into()),
        }
    }

    #[test]
    fn polls_pending_and_stored_urls_survive_reopening() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("w.db");
        let mut w = Writer::open(&db).unwrap();
        assert_eq!(w.feed_state("https://f.example/rss").unwrap(), None);
        let state = FeedState {
            etag: Some("\"v1\"".into()),
            status: Some(200),
            items: 2,
            ..Default::default()
        };
        let new = w
            .record_poll(
                "https://f.example/rss",
                &state,
                true,
                &[found("https://f.example/a"), found("https://f.example/b")],
            )
            .unwrap();
        assert_eq!(new, 2);
        // A repeated item is not new; a 304 keeps the validators.
        let not_modified = FeedState {
            status: Some(304),
            ..Default::default()
        };
        let again = w
            .record_poll(
                "https://f.example/rss",
                &not_modified,
                false,
                &[found("https://f.example/a")],
            )
            .unwrap();
        assert_eq!(again, 0);
        let kept = w.feed_state("https://f.example/rss").unwrap().unwrap();
        assert_eq!(kept.etag.as_deref(), Some("\"v1\""));
        assert_eq!(kept.status, Some(304));
        assert_eq!(kept.items, 2);
        let pending = w.pending_urls(3, 100).unwrap();
        assert_eq!(pending.len(), 2);
        assert_eq!(
            pending[0].title.as_deref(),
            Some("title of https://f.example/a")
        );

        let mut article = Article::new("Ferries sailed again on Monday after the storm.".into());
        article.id = "https://f.example/a".into();
        let report = w
            .store_fetched(
                &text_pipeline(),
                vec![FetchedPage {
                    url: "https://f.example/a".into(),
                    status: 200,
                    article,
                }],
            )
            .unwrap();
        assert_eq!(report.stored.added, 1);
        w.mark_url(
            "https://f.example/b",
            UrlState::Failed,
            Some(500),
            Some("HTTP 500"),
        )
        .unwrap();
        drop(w);

        let mut w = Writer::open(&db).unwrap();
        assert_eq!(
            w.url_state("https://f.example/a").unwrap(),
            Some(UrlState::Stored)
        );
        assert!(w.contains("https://f.example/a").unwrap());
        let retry = w.pending_urls(3, 100).unwrap();
        assert_eq!(retry.len(), 1);
        assert_eq!(retry[0].attempts, 1);
        assert!(w.pending_urls(1, 100).unwrap().is_empty());
        let counts = w.url_counts().unwrap();
        assert!(counts.contains(&(UrlState::Stored, 1)));
        assert!(counts.contains(&(UrlState::Failed, 1)));
    }
}
