//! The single writer: adds annotated articles to the archive in batched transactions,
//! marking near-duplicates and merging their events into cross-article events.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

use chronicle::doc::{ActorRef, Article, Event};
use rusqlite::{params, Connection, OpenFlags, OptionalExtension, Transaction};

use crate::codes;
use crate::error::{Error, Result};
use crate::merge::{self, EventKey, MAX_MERGE_SPAN_DAYS};
use crate::minhash::{Signature, DUPLICATE_THRESHOLD};
use crate::schema;
use crate::when::{interval_of_timex, DayInterval};

use crate::schema::UNDATED_DAY;

/// What one batch did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BatchReport {
    /// New articles stored.
    pub added: usize,
    /// Articles already in the archive (same id), left as they were.
    pub skipped: usize,
    /// New articles that are (near-)copies of an earlier one.
    pub duplicates: usize,
    /// Event mentions stored.
    pub mentions: usize,
    /// Of those, how many joined an event another article had reported.
    pub merged: usize,
    /// Text bytes of the new articles.
    pub bytes: u64,
}

impl BatchReport {
    pub fn absorb(&mut self, other: &BatchReport) {
        self.added += other.added;
        self.skipped += other.skipped;
        self.duplicates += other.duplicates;
        self.mentions += other.mentions;
        self.merged += other.merged;
        self.bytes += other.bytes;
    }
}

/// The archive's one writer. SQLite allows one writer at a time; readers (any number,
/// other threads or processes) keep reading consistent snapshots meanwhile (WAL).
pub struct Writer {
    conn: Connection,
    path: PathBuf,
}

/// Explains why a database path cannot be written, in the user's terms.
fn diagnose_open(path: &Path, err: &dyn std::fmt::Display) -> Error {
    let parent = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let message = match std::fs::metadata(parent) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            format!("directory {} does not exist", parent.display())
        }
        Err(e) => format!("{}: {e}", parent.display()),
        Ok(meta) if !meta.is_dir() => format!("{} is not a directory", parent.display()),
        Ok(meta) if meta.permissions().readonly() => {
            format!("directory {} is not writable", parent.display())
        }
        Ok(_) => match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => format!("{} is a directory", path.display()),
            Ok(meta) if meta.permissions().readonly() => {
                format!("{} is read-only", path.display())
            }
            _ => err.to_string(),
        },
    };
    Error::Open {
        path: path.to_path_buf(),
        message,
    }
}

/// Opens (creating if needed) a read-write connection with the archive's settings and
/// an up-to-date schema.
pub(crate) fn open_rw(path: &Path) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut conn = Connection::open_with_flags(path, flags).map_err(|e| diagnose_open(path, &e))?;
    // The first write shows whether the file is writable at all.
    conn.pragma_update(None, "journal_mode", "WAL")
        .map_err(|e| diagnose_open(path, &e))?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "cache_size", -65536)?;
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    let applied = schema::migrate(&mut conn, path).map_err(|e| match e {
        Error::Sqlite(s) => diagnose_open(path, &s),
        other => other,
    })?;
    if applied.contains(&schema::ACTOR_EVENTS_VERSION) {
        let tx = conn.transaction()?;
        crate::actor_events::backfill(&tx)?;
        tx.commit()?;
    }
    Ok(conn)
}

impl Writer {
    /// Opens the archive at `path` for writing, creating it and migrating its schema.
    pub fn open(path: impl AsRef<Path>) -> Result<Writer> {
        let path = path.as_ref().to_path_buf();
        let conn = open_rw(&path)?;
        // The writer cycles through ~20 statements per article; rusqlite's default cache
        // (16) would evict and re-prepare most of them every time.
        conn.set_prepared_statement_cache_capacity(64);
        // Checkpoint every 64 MB of WAL rather than 4 MB: each batch rewrites many pages of
        // the random-key indexes, and a page written by several batches between checkpoints
        // is copied into the database once. Durability is the WAL's either way.
        conn.pragma_update(None, "wal_autocheckpoint", 16384)?;
        Ok(Writer { conn, path })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Stores a reader's correction of an event's coding; returns its id. The event must
    /// exist and `field` be one of [`FEEDBACK_FIELDS`](crate::feedback::FEEDBACK_FIELDS).
    pub fn add_feedback(&mut self, feedback: &crate::feedback::Feedback) -> Result<i64> {
        if !crate::feedback::FEEDBACK_FIELDS.contains(&feedback.field.as_str()) {
            return Err(Error::Query(format!(
                "field: expected one of {}, got {:?}",
                crate::feedback::FEEDBACK_FIELDS.join(", "),
                feedback.field
            )));
        }
        let exists = self
            .conn
            .prepare_cached("SELECT 1 FROM events WHERE rowid = ?1")?
            .exists([feedback.event])?;
        if !exists {
            return Err(Error::Query(format!("no event with id {}", feedback.event)));
        }
        self.conn
            .prepare_cached(
                "INSERT INTO feedback (event, field, correction, note, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![
                feedback.event,
                feedback.field,
                feedback.correction.trim(),
                feedback.note.trim(),
                unix_now()
            ])?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Whether an article with this id is already stored (the resume check: callers
    /// skip extraction for these).
    pub fn contains(&self, id: &str) -> Result<bool> {
        is_stored(&self.conn, id)
    }

    /// Stores a batch of annotated articles in one transaction: all of it or none.
    pub fn add_batch(&mut self, articles: &[Article]) -> Result<BatchReport> {
        // The layers are encoded from a copy: ingest's hot path prepares owned articles
        // instead (`add_prepared`).
        let derived = articles
            .iter()
            .map(|a| Derived::of(&mut a.clone()))
            .collect::<Result<Vec<_>>>()?;
        self.write(articles.iter().zip(&derived))
    }

    /// [`Writer::add_batch`] for articles already [prepared](PreparedArticle::new) (in
    /// parallel, by the ingest workers).
    pub fn add_prepared(&mut self, articles: &[PreparedArticle]) -> Result<BatchReport> {
        self.write(articles.iter().map(|p| (&p.article, &p.derived)))
    }

    fn write<'a>(
        &mut self,
        articles: impl Iterator<Item = (&'a Article, &'a Derived)>,
    ) -> Result<BatchReport> {
        self.write_with(articles, |_| Ok(()))
    }

    /// Stores a batch and runs `also` in the same transaction (the watcher's URL states):
    /// both or neither are committed.
    fn write_with<'a>(
        &mut self,
        articles: impl Iterator<Item = (&'a Article, &'a Derived)>,
        also: impl FnOnce(&Transaction) -> Result<()>,
    ) -> Result<BatchReport> {
        let tx = self.conn.transaction().map_err(Error::from_sqlite)?;
        let mut report = BatchReport::default();
        write_batch(&tx, articles, &mut report)
            .and_then(|()| also(&tx))
            .map_err(|e| match e {
                Error::Sqlite(s) => Error::from_sqlite(s),
                other => other,
            })?;
        tx.commit().map_err(Error::from_sqlite)?;
        Ok(report)
    }

    /// [`Writer::add_prepared`] with `also` run in the same transaction.
    pub(crate) fn add_prepared_with(
        &mut self,
        articles: &[PreparedArticle],
        also: impl FnOnce(&Transaction) -> Result<()>,
    ) -> Result<BatchReport> {
        self.write_with(articles.iter().map(|p| (&p.article, &p.derived)), also)
    }

    /// Records a key/value in the `meta` table (e.g. the pipeline stages that ran).
    pub fn set_meta(&self, key: &str, value: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO meta(key, value) VALUES (?1, ?2)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
        Ok(())
    }

    /// Folds the WAL back into the database file and refreshes the query planner's
    /// statistics; worth doing after a large ingest.
    pub fn optimize(&self) -> Result<()> {
        self.conn.execute_batch(
            "PRAGMA optimize; INSERT INTO articles_fts(articles_fts) VALUES('optimize');",
        )?;
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(())
    }

    /// Direct access for bulk tools (the synthetic archive generator).
    pub fn connection(&mut self) -> &mut Connection {
        &mut self.conn
    }
}

fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// The first copy of this story already stored, with the similarity to it.
fn find_original(
    tx: &Transaction,
    hash: &str,
    signature: Option<&Signature>,
) -> Result<Option<(i64, f64)>> {
    let exact: Option<(i64, Option<i64>)> = tx
        .prepare_cached("SELECT rowid, duplicate_of FROM articles WHERE content_hash = ?1 ORDER BY rowid LIMIT 1")?
        .query_row([hash], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    if let Some((rowid, dup_of)) = exact {
        return Ok(Some((dup_of.unwrap_or(rowid), 1.0)));
    }
    let Some(signature) = signature else {
        return Ok(None);
    };
    let mut candidates = BTreeSet::new();
    {
        let mut stmt =
            tx.prepare_cached("SELECT article FROM lsh WHERE band = ?1 AND bucket = ?2")?;
        for (band, key) in signature.band_keys().iter().enumerate() {
            let rows = stmt.query_map(params![band as i64, key], |r| r.get::<_, i64>(0))?;
            for row in rows {
                candidates.insert(row?);
            }
        }
    }
    let mut best: Option<(i64, f64)> = None;
    let mut stmt =
        tx.prepare_cached("SELECT minhash, duplicate_of FROM articles WHERE rowid = ?1")?;
    for candidate in candidates {
        let (blob, dup_of): (Option<Vec<u8>>, Option<i64>) =
            stmt.query_row([candidate], |r| Ok((r.get(0)?, r.get(1)?)))?;
        let Some(other) = blob.as_deref().and_then(Signature::from_bytes) else {
            continue;
        };
        let sim = signature.similarity(&other);
        if sim >= DUPLICATE_THRESHOLD && best.is_none_or(|(_, s)| sim > s) {
            best = Some((dup_of.unwrap_or(candidate), sim));
        }
    }
    Ok(best)
}

/// The key under which an actor is shared between articles.
fn actor_key(actor: &chronicle::doc::Actor) -> String {
    crate::actor_events::actor_key(&actor.id, actor.code.as_deref(), &actor.name)
}

/// What the writer stores besides the article itself, computed without the database.
struct Derived {
    content_hash: String,
    signature: Option<Signature>,
    layers: Vec<u8>,
}

impl Derived {
    fn of(article: &mut Article) -> Result<Derived> {
        Ok(Derived {
            content_hash: chronicle::read::content_id(&article.text),
            signature: Signature::of_text(&article.text),
            layers: crate::layers::encode(article)?,
        })
    }
}

/// An annotated article made ready for [`Writer::add_prepared`]: its content hash,
/// MinHash signature and encoded layers are computed here, so ingest workers do that
/// in parallel and the one writer thread only runs SQL. Layers the writer does not read
/// again are dropped here too, in the thread that allocated them.
pub struct PreparedArticle {
    article: Article,
    derived: Derived,
}

impl PreparedArticle {
    /// The id the article will be stored under.
    pub fn id(&self) -> &str {
        &self.article.id
    }

    pub fn new(mut article: Article) -> Result<PreparedArticle> {
        let derived = Derived::of(&mut article)?;
        // The writer reads the article's fields, text, actors, events and sentences.
        article.tokens = Vec::new();
        article.pos = Vec::new();
        article.deps = Vec::new();
        article.lemmas = Vec::new();
        article.chunks = Vec::new();
        article.paragraphs = Vec::new();
        article.entities = Vec::new();
        article.times = Vec::new();
        article.quotes = Vec::new();
        article.meta = serde_json::Map::new();
        Ok(PreparedArticle { article, derived })
    }
}

/// Whether an article with this id is stored (the writer's skip check and the idempotent
/// insert ask the same question).
fn is_stored(conn: &Connection, id: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM articles WHERE id = ?1")?
        .exists([id])?)
}

/// Stores a batch inside `tx`. Actors are counted over the whole batch and upserted once
/// per key, and the full-text rows go in last: any statement that opens a savepoint
/// (an upsert does) makes FTS5 flush its pending terms as a new tiny segment, so FTS
/// rows written between other statements cost a segment per article plus the merges.
fn write_batch<'a>(
    tx: &Transaction,
    articles: impl Iterator<Item = (&'a Article, &'a Derived)>,
    report: &mut BatchReport,
) -> Result<()> {
    let mut actors = ActorTally::default();
    let mut added = Vec::new();
    for (article, derived) in articles {
        if let Some(rowid) = add_article(tx, article, derived, report, &mut actors)? {
            added.push((rowid, article));
        }
    }
    actors.store(tx)?;
    let mut fts =
        tx.prepare_cached("INSERT INTO articles_fts (rowid, title, text) VALUES (?1, ?2, ?3)")?;
    for (rowid, article) in added {
        fts.execute(params![
            rowid,
            article.title.as_deref().unwrap_or(""),
            article.text
        ])?;
    }
    Ok(())
}

/// Stores one article (not its full-text row, not its actors: `write_batch` does those);
/// returns its rowid, or `None` when an article with its id is already stored.
fn add_article<'a>(
    tx: &Transaction,
    article: &'a Article,
    derived: &Derived,
    report: &mut BatchReport,
    actors: &mut ActorTally<'a>,
) -> Result<Option<i64>> {
    let exists = is_stored(tx, &article.id)?;
    if exists {
        report.skipped += 1;
        return Ok(None);
    }
    let signature = derived.signature.as_ref();
    let original = find_original(tx, &derived.content_hash, signature)?;
    let pub_day = article.day().map(|d| d.to_days());
    tx.prepare_cached(
        "INSERT INTO articles (id, content_hash, source, url, title, pub_date, pub_day, text,
             bytes, duplicate_of, similarity, minhash, ingested_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?
    .execute(params![
        article.id,
        derived.content_hash,
        article.source,
        article.url,
        article.title,
        article.date.map(|d| d.to_string()),
        pub_day,
        article.text,
        article.text.len() as i64,
        original.map(|o| o.0),
        original.map(|o| o.1),
        signature.map(Signature::to_bytes),
        unix_now(),
    ])?;
    let rowid = tx.last_insert_rowid();
    report.added += 1;
    report.bytes += article.text.len() as u64;
    let duplicate = original.is_some();
    if duplicate {
        report.duplicates += 1;
    }
    if let Some(signature) = signature {
        let mut stmt = tx.prepare_cached(
            "INSERT OR IGNORE INTO lsh (band, bucket, article) VALUES (?1, ?2, ?3)",
        )?;
        for (band, key) in signature.band_keys().iter().enumerate() {
            stmt.execute(params![band as i64, key, rowid])?;
        }
    }
    tx.prepare_cached("INSERT INTO layers (article, format, data) VALUES (?1, ?2, ?3)")?
        .execute(params![rowid, crate::layers::LAYERS_FORMAT, derived.layers])?;
    actors.add_article(article, rowid, duplicate);
    let context = ArticleContext {
        rowid,
        pub_day,
        duplicate,
        source: article.source.as_deref(),
    };
    for (idx, (event_id, merged)) in add_mentions(tx, &context, article)?.into_iter().enumerate() {
        actors.add_event(article, idx, event_id);
        report.mentions += 1;
        if merged {
            report.merged += 1;
        }
    }
    Ok(Some(rowid))
}

/// The actors of a batch, one entry per key: stored with one upsert per key instead of
/// one per article (the counts add up; fields keep the first value given, as the
/// upsert's `coalesce` would).
#[derive(Default)]
struct ActorTally<'a> {
    slot_of: HashMap<String, usize>,
    actors: Vec<TalliedActor<'a>>,
    /// (slot, article rowid, mentions in that article)
    links: Vec<(usize, i64, i64)>,
    /// (slot, event rowid, role: 0 source, 1 target)
    events: Vec<(usize, i64, i64)>,
}

struct TalliedActor<'a> {
    key: String,
    name: &'a str,
    code: Option<&'a str>,
    country: Option<&'a str>,
    sector: Option<String>,
    kind: Option<&'a str>,
    articles: i64,
    mentions: i64,
}

impl<'a> ActorTally<'a> {
    fn add_article(&mut self, article: &'a Article, rowid: i64, duplicate: bool) {
        // Local actors with the same key (two spellings of one code) count once per
        // article, with the fields of the first of them.
        let mut local: Vec<(String, &'a chronicle::doc::Actor, i64)> = Vec::new();
        let mut local_slot: HashMap<String, usize> = HashMap::new();
        for actor in &article.actors {
            let key = actor_key(actor);
            let mentions = actor.mentions.len().max(1) as i64;
            match local_slot.get(&key) {
                Some(&i) => {
                    if let Some(entry) = local.get_mut(i) {
                        entry.2 += mentions;
                    }
                }
                None => {
                    local_slot.insert(key.clone(), local.len());
                    local.push((key, actor, mentions));
                }
            }
        }
        for (key, actor, mentions) in local {
            let sector = (!actor.sector.is_empty()).then(|| actor.sector.join(" "));
            let slot = match self.slot_of.get(&key) {
                Some(&slot) => slot,
                None => {
                    let slot = self.actors.len();
                    self.slot_of.insert(key.clone(), slot);
                    self.actors.push(TalliedActor {
                        key,
                        name: &actor.name,
                        code: None,
                        country: None,
                        sector: None,
                        kind: None,
                        articles: 0,
                        mentions: 0,
                    });
                    slot
                }
            };
            if let Some(tallied) = self.actors.get_mut(slot) {
                tallied.code = tallied.code.or(actor.code.as_deref());
                tallied.country = tallied.country.or(actor.country.as_deref());
                tallied.sector = tallied.sector.take().or(sector);
                tallied.kind = tallied.kind.or(actor.kind.as_deref());
                if !duplicate {
                    tallied.articles += 1;
                    tallied.mentions += mentions;
                }
            }
            self.links.push((slot, rowid, mentions));
        }
    }

    /// Notes which of the article's actors are the sources and targets of its event `idx`,
    /// stored as `event` (after [`ActorTally::add_article`] for the same article).
    fn add_event(&mut self, article: &Article, idx: usize, event: i64) {
        for (role, key) in crate::actor_events::event_roles(article, idx) {
            if let Some(&slot) = self.slot_of.get(&key) {
                self.events.push((slot, event, role));
            }
        }
    }

    fn store(self, tx: &Transaction) -> Result<()> {
        let mut upsert = tx.prepare_cached(
            "INSERT INTO actors (key, name, code, country, sector, kind, articles, mentions)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT(key) DO UPDATE SET
                 code = coalesce(actors.code, excluded.code),
                 country = coalesce(actors.country, excluded.country),
                 sector = coalesce(actors.sector, excluded.sector),
                 kind = coalesce(actors.kind, excluded.kind),
                 articles = actors.articles + excluded.articles,
                 mentions = actors.mentions + excluded.mentions
             RETURNING rowid",
        )?;
        let mut rowids = Vec::with_capacity(self.actors.len());
        for actor in &self.actors {
            let rowid: i64 = upsert.query_row(
                params![
                    actor.key,
                    actor.name,
                    actor.code,
                    actor.country,
                    actor.sector,
                    actor.kind,
                    actor.articles,
                    actor.mentions
                ],
                |r| r.get(0),
            )?;
            rowids.push(rowid);
        }
        let mut link = tx.prepare_cached(
            "INSERT OR IGNORE INTO article_actors (actor, article, mentions) VALUES (?1, ?2, ?3)",
        )?;
        for (slot, article, mentions) in self.links {
            if let Some(actor) = rowids.get(slot) {
                link.execute(params![actor, article, mentions])?;
            }
        }
        let mut role = tx.prepare_cached(
            "INSERT OR IGNORE INTO actor_events (actor, event, role) VALUES (?1, ?2, ?3)",
        )?;
        for (slot, event, r) in self.events {
            if let Some(actor) = rowids.get(slot) {
                role.execute(params![actor, event, r])?;
            }
        }
        Ok(())
    }
}

pub(crate) struct ArticleContext<'a> {
    pub(crate) rowid: i64,
    pub(crate) pub_day: Option<i64>,
    pub(crate) duplicate: bool,
    pub(crate) source: Option<&'a str>,
}

fn codes_of(refs: &[ActorRef]) -> Vec<String> {
    let mut out: Vec<String> = refs
        .iter()
        .filter_map(|r| r.code.as_deref())
        .map(|c| c.trim().to_uppercase())
        .filter(|c| !c.is_empty())
        .collect();
    out.sort();
    out.dedup();
    out
}

fn split_codes(s: &str) -> Vec<String> {
    s.split_whitespace().map(str::to_string).collect()
}

/// The codes an event is indexed under: each code and its three-letter country prefix,
/// so `--actor KOR` finds KORGOV events with an exact index seek.
fn index_codes(codes: &[String]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for code in codes {
        out.insert(code.clone());
        if let Some(prefix) = code.get(0..3) {
            if code.len() > 3 && prefix.chars().all(|c| c.is_ascii_alphabetic()) {
                out.insert(prefix.to_string());
            }
        }
    }
    out
}

/// When the event happens: its TIMEX3 date, else (no date, or "now") the report day.
pub(crate) fn event_interval(event: &Event, pub_day: Option<i64>) -> Option<DayInterval> {
    match event.date.as_deref() {
        Some(value) if value != "PRESENT_REF" => interval_of_timex(value),
        _ => pub_day.map(DayInterval::day),
    }
}

/// The merge key of a `candidate_events` row (columns 1 to 7).
fn key_of_row(row: &rusqlite::Row) -> rusqlite::Result<EventKey> {
    let start: Option<i64> = row.get(5)?;
    let end: Option<i64> = row.get(6)?;
    Ok(EventKey {
        plover: row.get(1)?,
        modality: row.get(2)?,
        sources: split_codes(row.get_ref(3)?.as_str()?),
        targets: split_codes(row.get_ref(4)?.as_str()?),
        when: start
            .zip(end)
            .map(|(start, end)| DayInterval { start, end }),
        country: row.get(7)?,
    })
}

/// Stored events that `key` may merge with or link to: same PLOVER type (merging and
/// plan links both require it), an indexed code in common, nearby days. In rowid order.
fn candidate_events(tx: &Transaction, key: &EventKey) -> Result<Vec<(i64, EventKey)>> {
    let Some(when) = key.when else {
        return Ok(Vec::new());
    };
    let codes: Vec<String> = key.sources.iter().chain(&key.targets).cloned().collect();
    let lo = when.start - MAX_MERGE_SPAN_DAYS - merge::DATE_SLACK_DAYS;
    let hi = when.end + merge::DATE_SLACK_DAYS;
    let mut found: BTreeMap<i64, EventKey> = BTreeMap::new();
    let mut stmt = tx.prepare_cached(
        "SELECT e.rowid, e.plover, e.modality, e.source_codes, e.target_codes, e.day_start,
                e.day_end, e.country
         FROM event_actors a CROSS JOIN events e ON e.rowid = a.event
         WHERE a.code = ?1 AND a.day BETWEEN ?2 AND ?3 AND e.plover = ?4",
    )?;
    for code in index_codes(&codes) {
        let mut rows = stmt.query(params![code, lo, hi, key.plover])?;
        while let Some(row) = rows.next()? {
            let id: i64 = row.get(0)?;
            if let std::collections::btree_map::Entry::Vacant(slot) = found.entry(id) {
                slot.insert(key_of_row(row)?);
            }
        }
    }
    Ok(found.into_iter().collect())
}

/// Rewrites the event's rows in `event_actors` (its codes or its day changed).
fn index_event(tx: &Transaction, event: i64, key: &EventKey) -> Result<()> {
    tx.prepare_cached("DELETE FROM event_actors WHERE event = ?1")?
        .execute([event])?;
    insert_event_index(tx, event, key)
}

/// Adds the event's rows to `event_actors` (a new event has none to replace).
fn insert_event_index(tx: &Transaction, event: i64, key: &EventKey) -> Result<()> {
    let day = key.when.map_or(UNDATED_DAY, |w| w.start);
    let mut stmt = tx.prepare_cached(
        "INSERT OR IGNORE INTO event_actors (code, day, event, role) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (role, codes) in [(0, &key.sources), (1, &key.targets)] {
        for code in index_codes(codes) {
            stmt.execute(params![code, day, event, role])?;
        }
    }
    Ok(())
}

fn names_of(refs: &[ActorRef]) -> String {
    refs.iter()
        .map(|r| r.name.as_str())
        .collect::<Vec<_>>()
        .join("; ")
}

fn union_codes(a: &[String], b: &[String]) -> Vec<String> {
    let mut out: Vec<String> = a.iter().chain(b).cloned().collect();
    out.sort();
    out.dedup();
    out
}

/// Stores one event mention, merging it into a matching event or creating one.
/// Returns the event's rowid and whether it joined an existing event.
/// Adds every event mention of one article, in order: for each, the id of the event it
/// became or merged into, and whether it merged. Ingest and both replays share it, so they
/// read the sentence of a mention the same way.
pub(crate) fn add_mentions(
    tx: &Transaction,
    context: &ArticleContext,
    article: &Article,
) -> Result<Vec<(i64, bool)>> {
    article
        .events
        .iter()
        .enumerate()
        .map(|(idx, event)| {
            let sentence = article
                .sentences
                .get(event.sentence)
                .map(|s| s.text.as_str())
                .unwrap_or("");
            add_mention(tx, context, idx, event, sentence)
        })
        .collect()
}

fn add_mention(
    tx: &Transaction,
    article: &ArticleContext,
    idx: usize,
    event: &Event,
    sentence: &str,
) -> Result<(i64, bool)> {
    let key = EventKey {
        plover: event.plover.to_string(),
        modality: event.modality.to_string(),
        sources: codes_of(&event.source),
        targets: codes_of(&event.target),
        when: event_interval(event, article.pub_day),
        country: event.location.as_ref().and_then(|l| l.country.clone()),
    };
    let candidates = candidate_events(tx, &key)?;
    // Among matching events prefer the one sharing the most actors, then the nearest day.
    let best = candidates
        .iter()
        .filter(|(_, k)| merge::same_event(&key, k))
        .max_by_key(|(id, k)| {
            let shared = union_codes(&k.sources, &k.targets)
                .iter()
                .filter(|c| {
                    key.sources
                        .iter()
                        .chain(&key.targets)
                        .any(|x| merge::codes_match(c, x))
                })
                .count();
            let distance = match (k.when, key.when) {
                (Some(a), Some(b)) => (a.start - b.start).abs(),
                _ => i64::MAX / 2,
            };
            (shared, -distance, -id)
        })
        .map(|(id, k)| (*id, k.clone()));

    // A new event is inserted with the counts of its one mention (what `refresh_event`
    // would compute), so only merges pay for recounting.
    let (event_id, merged) = match best {
        Some((id, stored)) => {
            let sources = union_codes(&stored.sources, &key.sources);
            let targets = union_codes(&stored.targets, &key.targets);
            // Keep the most precise date reported.
            let when = match (stored.when, key.when) {
                (Some(a), Some(b)) if b.len() < a.len() => Some(b),
                (a, b) => a.or(b),
            };
            let precise_date = match (stored.when, key.when) {
                (Some(a), Some(b)) if b.len() < a.len() => event.date.clone(),
                _ => None,
            };
            tx.prepare_cached(
                "UPDATE events SET source_codes = ?2, target_codes = ?3,
                     day_start = ?4, day_end = ?5, date = coalesce(?6, date),
                     country = coalesce(country, ?7)
                 WHERE rowid = ?1",
            )?
            .execute(params![
                id,
                sources.join(" "),
                targets.join(" "),
                when.map(|w| w.start),
                when.map(|w| w.end),
                precise_date,
                key.country,
            ])?;
            let updated = EventKey {
                sources,
                targets,
                when,
                ..stored.clone()
            };
            if updated != stored {
                index_event(tx, id, &updated)?;
            }
            (id, true)
        }
        None => {
            let location = event.location.as_ref();
            tx.prepare_cached(
                "INSERT INTO events (plover, cameo, quad, goldstein, modality, date, day_start,
                     day_end, location, country, lat, lon, source_codes, target_codes,
                     source_names, target_names, summary, num_mentions, num_articles,
                     num_sources, num_independent, first_report, last_report, first_article,
                     confidence)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                     ?17, 1, 1, 1, ?20, ?18, ?18, ?19, ?21)",
            )?
            .execute(params![
                key.plover,
                event.cameo,
                codes::quad_class(&event.cameo, &key.plover),
                codes::goldstein(&event.cameo),
                key.modality,
                event
                    .date
                    .clone()
                    .or_else(|| article.pub_day.map(crate::when::day_to_iso)),
                key.when.map(|w| w.start),
                key.when.map(|w| w.end),
                location.map(|l| l.name.clone()),
                key.country,
                location.and_then(|l| l.lat),
                location.and_then(|l| l.lon),
                key.sources.join(" "),
                key.targets.join(" "),
                names_of(&event.source),
                names_of(&event.target),
                sentence,
                article.pub_day,
                article.rowid,
                i64::from(!article.duplicate),
                f64::from(first_confidence(article.duplicate, event.confidence)),
            ])?;
            let id = tx.last_insert_rowid();
            insert_event_index(tx, id, &key)?;
            (id, false)
        }
    };

    tx.prepare_cached(
        "INSERT INTO mentions (event, article, idx, cameo, plover, modality, date, trigger,
             sentence, confidence, report_day, duplicate, source)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?
    .execute(params![
        event_id,
        article.rowid,
        idx as i64,
        event.cameo,
        key.plover,
        key.modality,
        event.date,
        event.trigger.text,
        sentence,
        f64::from(event.confidence),
        article.pub_day,
        article.duplicate,
        article.source,
    ])?;
    if merged {
        refresh_event(tx, event_id)?;
    }
    link_plans(tx, event_id, &key, &candidates)?;
    Ok((event_id, merged))
}

/// The confidence of an event reported once: its mention's, unless the report is a
/// near-duplicate (duplicates are not independent sources). As `refresh_event` computes it.
fn first_confidence(duplicate: bool, confidence: f32) -> f32 {
    if duplicate {
        merge::combined_confidence(&[])
    } else {
        merge::combined_confidence(&[confidence.max(0.0)])
    }
}

/// Recomputes an event's counts, report span and confidence from its mentions.
fn refresh_event(tx: &Transaction, event_id: i64) -> Result<()> {
    let mut stmt = tx.prepare_cached(
        "SELECT article, duplicate, source, confidence, report_day FROM mentions WHERE event = ?1",
    )?;
    let rows = stmt.query_map([event_id], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, bool>(1)?,
            r.get::<_, Option<String>>(2)?,
            r.get::<_, f64>(3)?,
            r.get::<_, Option<i64>>(4)?,
        ))
    })?;
    let mut mentions = 0i64;
    let mut articles = HashSet::new();
    let mut sources = HashSet::new();
    let mut independent: HashMap<i64, f32> = HashMap::new();
    let (mut first, mut last): (Option<i64>, Option<i64>) = (None, None);
    for row in rows {
        let (article, duplicate, source, confidence, day) = row?;
        mentions += 1;
        articles.insert(article);
        sources.insert(source.unwrap_or_else(|| format!("article:{article}")));
        if !duplicate {
            let best = independent.entry(article).or_insert(0.0);
            *best = best.max(confidence as f32);
        }
        if let Some(day) = day {
            first = Some(first.map_or(day, |f| f.min(day)));
            last = Some(last.map_or(day, |l| l.max(day)));
        }
    }
    let confidences: Vec<f32> = independent.values().copied().collect();
    tx.prepare_cached(
        "UPDATE events SET num_mentions = ?2, num_articles = ?3, num_sources = ?4,
             num_independent = ?5, first_report = ?6, last_report = ?7, confidence = ?8
         WHERE rowid = ?1",
    )?
    .execute(params![
        event_id,
        mentions,
        articles.len() as i64,
        sources.len() as i64,
        independent.len() as i64,
        first,
        last,
        f64::from(merge::combined_confidence(&confidences)),
    ])?;
    Ok(())
}

/// Links a happened event to the plan that announced it (in either arrival order).
fn link_plans(
    tx: &Transaction,
    event_id: i64,
    key: &EventKey,
    candidates: &[(i64, EventKey)],
) -> Result<()> {
    match key.modality.as_str() {
        "asserted" => {
            let plan = candidates
                .iter()
                .find(|(id, k)| *id != event_id && merge::realizes(key, k));
            if let Some((plan_id, _)) = plan {
                tx.prepare_cached(
                    "UPDATE events SET planned_event = ?2 WHERE rowid = ?1 AND planned_event IS NULL",
                )?
                .execute(params![event_id, plan_id])?;
            }
        }
        "planned" => {
            let mut stmt = tx.prepare_cached(
                "UPDATE events SET planned_event = ?2 WHERE rowid = ?1 AND planned_event IS NULL",
            )?;
            for (id, k) in candidates {
                if *id != event_id && merge::realizes(k, key) {
                    stmt.execute(params![id, event_id])?;
                }
            }
        }
        _ => {}
    }
    Ok(())
}
