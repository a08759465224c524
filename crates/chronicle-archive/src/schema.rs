//! The database schema and its migrations, versioned with SQLite's `user_version`.
//!
//! Each entry of [`MIGRATIONS`] moves the schema one version up and runs in a transaction;
//! opening an archive applies the ones it lacks. Never edit a released migration: add one.

use rusqlite::Connection;

use crate::error::Result;

/// Migration `i` takes the schema from version `i` to `i + 1`.
pub const MIGRATIONS: &[&str] = &[V1, V2, V3, V4, V5];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// `event_actors.day` of events with no known day: sorts after every real day.
pub const UNDATED_DAY: i64 = 1 << 40;

const V1: &str = r#"
CREATE TABLE articles (
    rowid        INTEGER PRIMARY KEY,
    id           TEXT NOT NULL UNIQUE,       -- given id, else the content hash
    content_hash TEXT NOT NULL,
    source       TEXT,
    url          TEXT,
    title        TEXT,
    pub_date     TEXT,                       -- as published (ISO 8601)
    pub_day      INTEGER,                    -- days since 1970-01-01
    text         TEXT NOT NULL,
    bytes        INTEGER NOT NULL,
    duplicate_of INTEGER,                    -- rowid of the first copy of this story
    similarity   REAL,                       -- estimated Jaccard with that copy
    minhash      BLOB,
    ingested_at  INTEGER NOT NULL            -- unix seconds
);
CREATE INDEX articles_pub_day ON articles(pub_day);
CREATE INDEX articles_hash ON articles(content_hash);
CREATE INDEX articles_duplicate_of ON articles(duplicate_of) WHERE duplicate_of IS NOT NULL;

-- Annotation layers of an article: the article as serde writes it less the row's columns and
-- the token-parallel layers, deflated (format 2; format 1 listed the layers by hand). See
-- layers.rs. Read back whole by `chronicle show` and the exports.
CREATE TABLE layers (
    article INTEGER PRIMARY KEY,
    format  INTEGER NOT NULL,
    data    BLOB NOT NULL
);

-- LSH buckets of MinHash bands.
CREATE TABLE lsh (
    band    INTEGER NOT NULL,
    bucket  INTEGER NOT NULL,
    article INTEGER NOT NULL,
    PRIMARY KEY (band, bucket, article)
) WITHOUT ROWID;

CREATE TABLE actors (
    rowid    INTEGER PRIMARY KEY,
    key      TEXT NOT NULL UNIQUE,           -- kb id, else code:..., else name:...
    name     TEXT NOT NULL,
    code     TEXT,
    country  TEXT,
    sector   TEXT,
    kind     TEXT,
    articles INTEGER NOT NULL DEFAULT 0,     -- non-duplicate articles mentioning it
    mentions INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX actors_code ON actors(code);
CREATE INDEX actors_country ON actors(country, articles);
CREATE INDEX actors_articles ON actors(articles);

CREATE TABLE article_actors (
    actor    INTEGER NOT NULL,
    article  INTEGER NOT NULL,
    mentions INTEGER NOT NULL,
    PRIMARY KEY (actor, article)
) WITHOUT ROWID;
CREATE INDEX article_actors_article ON article_actors(article);

-- Merged events: one row per real-world event, however many articles report it.
CREATE TABLE events (
    rowid           INTEGER PRIMARY KEY,
    plover          TEXT NOT NULL,
    cameo           TEXT NOT NULL,
    quad            INTEGER,
    goldstein       REAL,
    modality        TEXT NOT NULL,
    date            TEXT,                    -- most precise TIMEX3 value reported
    day_start       INTEGER,                 -- when it happens, days since 1970-01-01
    day_end         INTEGER,
    location        TEXT,
    country         TEXT,
    lat             REAL,
    lon             REAL,
    source_codes    TEXT NOT NULL,           -- space separated
    target_codes    TEXT NOT NULL,
    source_names    TEXT NOT NULL,           -- "; " separated
    target_names    TEXT NOT NULL,
    summary         TEXT NOT NULL,           -- the sentence of the first report
    num_mentions    INTEGER NOT NULL,
    num_articles    INTEGER NOT NULL,
    num_sources     INTEGER NOT NULL,
    num_independent INTEGER NOT NULL,        -- non-duplicate articles
    first_report    INTEGER,                 -- day of the first / last article
    last_report     INTEGER,
    first_article   INTEGER NOT NULL,
    confidence      REAL NOT NULL,
    planned_event   INTEGER                  -- the planned event this one realises
);
CREATE INDEX events_day ON events(day_start);
CREATE INDEX events_plover_day ON events(plover, day_start);
CREATE INDEX events_modality_day ON events(modality, day_start);
CREATE INDEX events_planned ON events(planned_event) WHERE planned_event IS NOT NULL;

-- Actor codes of events (full code and its three-letter country prefix) by event day.
CREATE TABLE event_actors (
    code  TEXT NOT NULL,
    day   INTEGER NOT NULL,
    event INTEGER NOT NULL,
    role  INTEGER NOT NULL,                  -- 0 source, 1 target
    PRIMARY KEY (code, day, event, role)
) WITHOUT ROWID;
CREATE INDEX event_actors_event ON event_actors(event);

-- Each report of an event in an article.
CREATE TABLE mentions (
    rowid      INTEGER PRIMARY KEY,
    event      INTEGER NOT NULL,
    article    INTEGER NOT NULL,
    idx        INTEGER NOT NULL,             -- index into the article's events layer
    cameo      TEXT NOT NULL,
    plover     TEXT NOT NULL,
    modality   TEXT NOT NULL,
    date       TEXT,
    trigger    TEXT NOT NULL,
    sentence   TEXT NOT NULL,
    confidence REAL NOT NULL,
    report_day INTEGER,
    duplicate  INTEGER NOT NULL,
    source     TEXT,
    UNIQUE (article, idx)
);
CREATE INDEX mentions_event ON mentions(event);
CREATE INDEX mentions_plover ON mentions(plover, article);
CREATE INDEX mentions_cameo ON mentions(cameo, article);

CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, text,
    content = 'articles', content_rowid = 'rowid',
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"#;

/// Query indexes for million-article archives. Event days sort undated events last
/// (`coalesce(day_start, UNDATED_DAY)`, as `event_actors.day` does), so every query
/// drive (by actor, country, PLOVER type, modality or day) returns the same order
/// straight from an index; `articles_meta` lets search check date and duplicate
/// filters without reading article rows.
const V2: &str = r#"
DROP INDEX events_day;
DROP INDEX events_plover_day;
DROP INDEX events_modality_day;
CREATE INDEX events_sort_day ON events(coalesce(day_start, 1099511627776));
CREATE INDEX events_plover_sort_day ON events(plover, coalesce(day_start, 1099511627776));
CREATE INDEX events_modality_sort_day ON events(modality, coalesce(day_start, 1099511627776));
CREATE INDEX events_country_sort_day ON events(country, coalesce(day_start, 1099511627776));
CREATE INDEX articles_meta ON articles(rowid, pub_day, duplicate_of);
"#;

/// A text timeline lists the events of the matching articles: with this index their
/// mentions are read from the index alone, not from the rows (which hold sentences).
const V3: &str = r#"
CREATE INDEX mentions_article_event ON mentions(article, duplicate, event);
"#;

/// What `chronicle watch` has seen: the feeds it polls (with the validators of their last
/// response, for conditional GETs) and every article URL found in them, with its state. A
/// URL's row changes to `stored` in the transaction that stores its article, and a feed's
/// validators change in the transaction that records its new URLs as `pending`: a kill at any
/// moment neither loses an item nor fetches a stored page again.
const V4: &str = r#"
CREATE TABLE web_feeds (
    url           TEXT PRIMARY KEY,
    etag          TEXT,
    last_modified TEXT,
    polled_at     INTEGER,                   -- unix seconds of the last poll
    changed_at    INTEGER,                   -- ... of the last poll that got new content
    status        INTEGER,                   -- HTTP status of the last poll (0: no response)
    error         TEXT,                      -- what went wrong at the last poll
    items         INTEGER NOT NULL DEFAULT 0 -- items in the last content read
);

CREATE TABLE web_urls (
    url        TEXT PRIMARY KEY,
    feed       TEXT,                         -- the feed it was found in
    state      TEXT NOT NULL,                -- pending, stored, empty, gone, failed, blocked
    title      TEXT,                         -- as the feed gave them
    date       TEXT,
    found_at   INTEGER NOT NULL,
    fetched_at INTEGER,
    status     INTEGER,                      -- HTTP status of the last fetch
    attempts   INTEGER NOT NULL DEFAULT 0,
    article    TEXT,                         -- id of the stored article
    error      TEXT
);
CREATE INDEX web_urls_state ON web_urls(state, found_at);
"#;

/// The version that adds `actor_events` (filled from the stored layers when an older
/// archive is migrated: see `actor_events::backfill`).
pub const ACTOR_EVENTS_VERSION: i64 = 5;

/// Actor pages and corrections: which stored actor each event's sources and targets are
/// (so actors sharing a CAMEO code keep their own events), and the codings readers flag.
const V5: &str = r#"
CREATE TABLE actor_events (
    actor INTEGER NOT NULL,                  -- actors.rowid
    event INTEGER NOT NULL,                  -- events.rowid
    role  INTEGER NOT NULL,                  -- 0 source, 1 target
    PRIMARY KEY (actor, event, role)
) WITHOUT ROWID;
CREATE INDEX actor_events_event ON actor_events(event);

CREATE TABLE feedback (
    rowid      INTEGER PRIMARY KEY,
    event      INTEGER NOT NULL,             -- events.rowid of the flagged coding
    field      TEXT NOT NULL,                -- what is wrong: type, source, target, date, modality, place, not_an_event, other
    correction TEXT NOT NULL,                -- what it should be (codes or words)
    note       TEXT NOT NULL,
    created_at INTEGER NOT NULL              -- unix seconds
);
CREATE INDEX feedback_event ON feedback(event);
"#;

/// The schema version of an open database.
pub fn version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Applies the migrations `conn` lacks; returns the versions applied.
pub fn migrate(conn: &mut Connection, path: &std::path::Path) -> Result<Vec<i64>> {
    let current = version(conn)?;
    if current > SCHEMA_VERSION {
        return Err(crate::error::Error::TooNew {
            path: path.to_path_buf(),
            found: current,
            supported: SCHEMA_VERSION,
        });
    }
    let mut applied = Vec::new();
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        tx.commit()?;
        applied.push((i + 1) as i64);
    }
    Ok(applied)
}
