//! Queries: typed requests in, typed rows out. The CLI prints these rows; the HTTP server
//! serialises them. Every function runs in one read transaction (a consistent snapshot).

use std::collections::HashMap;

use chronicle::doc::Article;
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::archive::Archive;
use crate::codes;
use crate::error::{Error, Result};
use crate::store::UNDATED_DAY;
use crate::when::{day_to_iso, iso_to_day};

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

/// Full-text search over articles.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SearchQuery {
    /// Words (all must occur), `"quoted phrases"`, `OR`, `NOT`, `prefix*`. Empty: every
    /// article matching the filters, newest first.
    pub text: String,
    /// Publication dates, inclusive, `YYYY-MM-DD`.
    pub since: Option<String>,
    pub until: Option<String>,
    /// Articles mentioning every one of these actor codes (`KOR` also matches `KORGOV`).
    pub actors: Vec<String>,
    /// Articles mentioning an actor of this country (ISO alpha-3).
    pub country: Option<String>,
    /// Articles reporting an event of this PLOVER type / CAMEO code (prefix).
    pub plover: Option<String>,
    pub cameo: Option<String>,
    /// Also list near-duplicate copies (by default each story counts once).
    pub include_duplicates: bool,
    pub limit: Option<usize>,
    pub offset: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchHit {
    pub id: String,
    pub title: Option<String>,
    pub date: Option<String>,
    pub source: Option<String>,
    pub url: Option<String>,
    /// Matched words in `[brackets]`, `…` where text was cut.
    pub snippet: String,
    /// bm25 relevance: higher is better (0 for filter-only listings).
    pub score: f64,
    /// The id of the first copy when this article is a near-duplicate.
    pub duplicate_of: Option<String>,
}

/// Merged events, filtered.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct EventQuery {
    /// Events involving every one of these actor codes (as source or target; `USA`
    /// also matches `USAGOV`).
    pub actors: Vec<String>,
    pub plover: Option<String>,
    /// CAMEO code prefix (`03`, `036`).
    pub cameo: Option<String>,
    /// asserted, planned, speculated, negated, hypothetical.
    pub modality: Option<String>,
    /// Event day (when it happens), inclusive, `YYYY-MM-DD`.
    pub since: Option<String>,
    pub until: Option<String>,
    /// Located in, or involving an actor of, this country.
    pub country: Option<String>,
    pub min_confidence: Option<f64>,
    /// Also events reported only by near-duplicate copies.
    pub include_duplicates: bool,
    pub limit: Option<usize>,
    pub offset: usize,
}

/// A merged event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventRow {
    pub id: i64,
    /// TIMEX3 value of when it happens (the most precise one reported).
    pub date: Option<String>,
    /// First and last day it may fall on (`YYYY-MM-DD`).
    pub start: Option<String>,
    pub end: Option<String>,
    pub plover: String,
    pub cameo: String,
    pub quad_class: Option<u8>,
    pub goldstein: Option<f64>,
    pub modality: String,
    pub planned: bool,
    pub source_codes: Vec<String>,
    pub target_codes: Vec<String>,
    pub source_names: String,
    pub target_names: String,
    pub location: Option<String>,
    pub country: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    /// The sentence of the first report.
    pub summary: String,
    pub num_mentions: i64,
    pub num_articles: i64,
    pub num_sources: i64,
    /// Reporting articles that are not near-duplicates of each other.
    pub num_independent: i64,
    pub first_report: Option<String>,
    pub last_report: Option<String>,
    /// Id of the article that first reported it.
    pub first_article: String,
    pub first_article_url: Option<String>,
    pub confidence: f64,
    /// For a happened event: the planned event that announced it.
    pub planned_event: Option<i64>,
    /// For a planned event: the event that realised it.
    pub realized_by: Option<i64>,
}

/// A timeline: events of an actor, or of the articles matching a text query, in the
/// order they happen (not the order they were reported).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct TimelineQuery {
    /// An actor code (`KOR`, `USAGOV`) or else a full-text query.
    pub subject: String,
    pub since: Option<String>,
    pub until: Option<String>,
    pub include_duplicates: bool,
    pub limit: Option<usize>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ActorQuery {
    pub country: Option<String>,
    /// Code prefix (`KOR` lists KOR, KORGOV, KORMIL ...).
    pub code: Option<String>,
    /// Case-insensitive substring of the name.
    pub name: Option<String>,
    pub limit: Option<usize>,
    pub offset: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActorRow {
    pub key: String,
    pub name: String,
    pub code: Option<String>,
    pub country: Option<String>,
    pub sector: Option<String>,
    pub kind: Option<String>,
    /// Non-duplicate articles mentioning it, and their mentions.
    pub articles: i64,
    pub mentions: i64,
}

/// One article with its annotations, as `chronicle show` prints it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleRecord {
    pub article: Article,
    pub duplicate_of: Option<String>,
    pub similarity: Option<f64>,
    /// Later near-copies of this article.
    pub duplicates: Vec<String>,
    /// The merged events this article reports (in the order of its events layer).
    pub events: Vec<EventRow>,
    pub ingested_at: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stats {
    pub schema_version: i64,
    pub articles: i64,
    /// Articles that are not near-duplicates: the number of stories.
    pub stories: i64,
    pub duplicates: i64,
    pub text_bytes: i64,
    pub events: i64,
    pub mentions: i64,
    /// Events reported by more than one independent article.
    pub multi_source_events: i64,
    /// Happened events linked to the plan that announced them.
    pub realized_plans: i64,
    pub actors: i64,
    pub first_article: Option<String>,
    pub last_article: Option<String>,
    pub events_by_plover: Vec<(String, i64)>,
    pub events_by_modality: Vec<(String, i64)>,
    /// Pipeline stages that ran on the stored articles, as recorded by the last ingest.
    pub stages: Option<String>,
    pub database_bytes: u64,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct NetworkQuery {
    /// Only edges touching this actor code (prefix-matched like everywhere else).
    pub actor: Option<String>,
    pub plover: Option<String>,
    pub since: Option<String>,
    pub until: Option<String>,
    pub modality: Option<String>,
    pub min_events: Option<i64>,
    pub limit: Option<usize>,
}

/// A directed actor-to-actor edge: source actors acting on target actors.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Edge {
    pub source: String,
    pub target: String,
    pub events: i64,
    /// Events weighted by their independent reports.
    pub weight: i64,
    pub mean_goldstein: Option<f64>,
    /// Events per quad class 1..4.
    pub by_quad: [i64; 4],
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Interval {
    Day,
    Week,
    #[default]
    Month,
    Year,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CountsQuery {
    pub interval: Interval,
    pub actor: Option<String>,
    pub plover: Option<String>,
    pub since: Option<String>,
    pub until: Option<String>,
    pub include_duplicates: bool,
}

/// Events per period and quad class (when they happen).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CountRow {
    /// `2021-03-17`, `2021-W11`, `2021-03` or `2021`.
    pub period: String,
    pub quad_class: u8,
    pub quad_name: String,
    pub events: i64,
}

pub(crate) fn day_param(s: &Option<String>, what: &str) -> Result<Option<i64>> {
    match s.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => {
            // Accept YYYY and YYYY-MM too, as the start (since) of that period.
            let padded = match s.len() {
                4 => format!("{s}-01-01"),
                7 => format!("{s}-01"),
                _ => s.to_string(),
            };
            iso_to_day(&padded)
                .map(Some)
                .ok_or_else(|| Error::Query(format!("{what}: expected YYYY-MM-DD, got {s:?}")))
        }
    }
}

/// `until` accepts a year or month and means its last day.
pub(crate) fn until_param(s: &Option<String>) -> Result<Option<i64>> {
    let Some(v) = s.as_deref().map(str::trim).filter(|s| !s.is_empty()) else {
        return Ok(None);
    };
    match crate::when::interval_of_timex(v) {
        Some(i) if v.len() <= 10 => Ok(Some(i.end)),
        _ => day_param(s, "until"),
    }
}

/// Turns what a person types into an FTS5 query: words and `"phrases"` are quoted (so
/// hyphens and apostrophes are not syntax), `OR`/`AND`/`NOT` and `word*` keep their meaning.
pub fn fts_query(text: &str) -> String {
    fts_parts(text).join(" ")
}

/// The phrases and operators of [`fts_query`], in order.
pub(crate) fn fts_parts(text: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        if c == '"' {
            chars.next();
            let phrase: String = chars.by_ref().take_while(|&c| c != '"').collect();
            let words: Vec<&str> = phrase
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .collect();
            if !words.is_empty() {
                parts.push(format!("\"{}\"", words.join(" ")));
            }
            continue;
        }
        let mut word = String::new();
        while let Some(&c) = chars.peek() {
            if c.is_whitespace() || c == '"' {
                break;
            }
            word.push(c);
            chars.next();
        }
        match word.as_str() {
            // Of several operators in a row ("AND NOT", "OR OR") the last one counts: FTS5
            // would reject the run as a syntax error.
            "OR" | "AND" | "NOT" => {
                if parts.last().is_some_and(|p| is_operator(p)) {
                    parts.pop();
                }
                parts.push(word);
            }
            _ => {
                // A word the tokenizer splits ("Si-young", "U.S.") is searched as a phrase of
                // its pieces, so they must stand together.
                let pieces: Vec<&str> = word
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|w| !w.is_empty())
                    .collect();
                if !pieces.is_empty() {
                    let star = if word.ends_with('*') { "*" } else { "" };
                    parts.push(format!("\"{}\"{star}", pieces.join(" ")));
                }
            }
        }
    }
    // Operators need operands on both sides.
    while parts.first().is_some_and(|p| is_operator(p)) {
        parts.remove(0);
    }
    while parts.last().is_some_and(|p| is_operator(p)) {
        parts.pop();
    }
    parts
}

pub(crate) fn is_operator(part: &str) -> bool {
    matches!(part, "OR" | "AND" | "NOT")
}

/// Rowids of actors whose code is `code` or refines it.
pub(crate) fn actor_rowids(conn: &Connection, code: &str) -> Result<Vec<i64>> {
    let code = code.trim().to_uppercase();
    let mut stmt = conn.prepare_cached(
        "SELECT rowid FROM actors WHERE code = ?1 OR (code > ?1 AND code < ?1 || '~')",
    )?;
    let rows = stmt.query_map([&code], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn in_list(ids: &[i64]) -> String {
    if ids.is_empty() {
        return "NULL".into();
    }
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
}

pub(crate) fn limit_of(limit: Option<usize>) -> i64 {
    limit.unwrap_or(DEFAULT_LIMIT).min(100_000) as i64
}

const EVENT_COLUMNS: &str = "e.rowid, e.date, e.day_start, e.day_end, e.plover, e.cameo, e.quad,
    e.goldstein, e.modality, e.source_codes, e.target_codes, e.source_names, e.target_names,
    e.location, e.country, e.lat, e.lon, e.summary, e.num_mentions, e.num_articles,
    e.num_sources, e.num_independent, e.first_report, e.last_report,
    (SELECT id FROM articles WHERE rowid = e.first_article),
    (SELECT url FROM articles WHERE rowid = e.first_article),
    e.confidence, e.planned_event,
    (SELECT r.rowid FROM events r WHERE r.planned_event = e.rowid ORDER BY r.day_start LIMIT 1)";

/// Columns in [`EVENT_COLUMNS`].
const EVENT_COLUMN_COUNT: usize = 29;

fn event_row(r: &rusqlite::Row) -> rusqlite::Result<EventRow> {
    let iso = |d: Option<i64>| d.filter(|d| *d != UNDATED_DAY).map(day_to_iso);
    let codes = |s: String| s.split_whitespace().map(str::to_string).collect::<Vec<_>>();
    let modality: String = r.get(8)?;
    Ok(EventRow {
        id: r.get(0)?,
        date: r.get(1)?,
        start: iso(r.get(2)?),
        end: iso(r.get(3)?),
        plover: r.get(4)?,
        cameo: r.get(5)?,
        quad_class: r.get(6)?,
        goldstein: r.get(7)?,
        planned: modality == "planned",
        modality,
        source_codes: codes(r.get(9)?),
        target_codes: codes(r.get(10)?),
        source_names: r.get(11)?,
        target_names: r.get(12)?,
        location: r.get(13)?,
        country: r.get(14)?,
        lat: r.get(15)?,
        lon: r.get(16)?,
        summary: r.get(17)?,
        num_mentions: r.get(18)?,
        num_articles: r.get(19)?,
        num_sources: r.get(20)?,
        num_independent: r.get(21)?,
        first_report: iso(r.get(22)?),
        last_report: iso(r.get(23)?),
        first_article: r.get::<_, Option<String>>(24)?.unwrap_or_default(),
        first_article_url: r.get(25)?,
        confidence: r.get(26)?,
        planned_event: r.get(27)?,
        realized_by: r.get(28)?,
    })
}

/// When an event happens as a sort key: undated events last, as in `event_actors.day`
/// (the expression the `events_*sort_day` indexes are built on).
const SORT_DAY: &str = "coalesce(e.day_start, 1099511627776)";

/// Index entries counted at most when estimating how many events a drive yields.
const ESTIMATE_CAP: i64 = 20_000;

/// Reading an event row out of order (and sorting it) costs about as much as passing
/// this many entries of a day index.
const MEMBER_READ_COST: i64 = 4;

/// An event query: what to match, independent of how it is read. [`EventFilter::arms`]
/// picks the index to read from (the one yielding the fewest rows), so a rare actor,
/// country or PLOVER type is fast even when combined with frequent ones.
struct EventFilter {
    actors: Vec<String>,
    country: Option<String>,
    plover: Option<String>,
    modality: Option<String>,
    since: Option<i64>,
    until: Option<i64>,
    /// Further conditions on `e` with their parameters.
    conditions: Vec<(String, Vec<Value>)>,
    /// A bounded subquery listing the only events that may match (a text timeline's):
    /// read those and sort them, or (`members_by_day`) walk the day index testing
    /// membership, when the members are dense enough for that to fill the page sooner.
    members: Option<(String, Vec<Value>)>,
    members_by_day: bool,
}

/// Where a query starts reading; each yields rows in (event day, event id) order.
#[derive(Debug, Clone, PartialEq)]
enum Drive {
    Actor(String),
    /// Events with an actor of the country, then those located there (two arms).
    Country(String),
    Plover(String),
    Modality(String),
    Days,
    Members,
}

/// One SELECT of an event query: the rows of `from` meeting `conditions`, sorted by
/// `sort` (two expressions) straight from an index.
struct Arm {
    from: String,
    conditions: Vec<String>,
    params: Vec<Value>,
    sort: [String; 2],
    /// What keeps this arm from yielding an event an earlier arm yields too (with its
    /// parameter): needed when arms are read one by one, not when merged with UNION.
    disjoint: Option<(String, Value)>,
}

impl Arm {
    fn new(from: &str, sort: [&str; 2]) -> Arm {
        Arm {
            from: from.to_string(),
            conditions: Vec::new(),
            params: Vec::new(),
            sort: sort.map(str::to_string),
            disjoint: None,
        }
    }

    fn push(&mut self, condition: &str, params: impl IntoIterator<Item = Value>) {
        self.conditions.push(condition.into());
        self.params.extend(params);
    }

    fn sql(&self, columns: &str) -> String {
        let filter = if self.conditions.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", self.conditions.join(" AND "))
        };
        format!("SELECT {columns} FROM {}{filter}", self.from)
    }
}

impl EventFilter {
    fn new(
        actors: &[String],
        since: Option<i64>,
        until: Option<i64>,
        include_duplicates: bool,
    ) -> EventFilter {
        let mut f = EventFilter {
            actors: actors
                .iter()
                .map(|a| a.trim().to_uppercase())
                .filter(|a| !a.is_empty())
                .collect(),
            country: None,
            plover: None,
            modality: None,
            since,
            until,
            conditions: Vec::new(),
            members: None,
            members_by_day: false,
        };
        if !include_duplicates {
            f.push("e.num_independent > 0", []);
        }
        f
    }

    fn push(&mut self, condition: &str, params: impl IntoIterator<Item = Value>) {
        self.conditions
            .push((condition.into(), params.into_iter().collect()));
    }

    /// Event days asked for; undated events only when no date bound is given.
    fn day_range(&self) -> (i64, i64) {
        let dated = self.since.is_some() || self.until.is_some();
        let last = if dated { UNDATED_DAY - 1 } else { UNDATED_DAY };
        (
            self.since.unwrap_or(i64::MIN),
            self.until.unwrap_or(last).min(last),
        )
    }

    /// The drives this query could start from, cheapest-looking first.
    fn drives(&self) -> Vec<Drive> {
        if self.members.is_some() {
            return vec![Drive::Members];
        }
        let mut drives: Vec<Drive> = self.actors.iter().cloned().map(Drive::Actor).collect();
        drives.extend(self.country.clone().map(Drive::Country));
        drives.extend(self.plover.clone().map(Drive::Plover));
        drives.extend(self.modality.clone().map(Drive::Modality));
        // Reading every day is never cheaper than another drive unless days are bounded.
        if drives.is_empty() || self.since.is_some() || self.until.is_some() {
            drives.push(Drive::Days);
        }
        drives
    }

    /// Rows `drive` would read (counted up to [`ESTIMATE_CAP`] per index range).
    fn estimate(&self, conn: &Connection, drive: &Drive, cap: i64) -> Result<i64> {
        let (first, last) = self.day_range();
        let count = |sql: &str, key: Option<&str>| -> Result<i64> {
            let sql = format!("SELECT count(*) FROM ({sql} LIMIT {cap})");
            let mut stmt = conn.prepare_cached(&sql)?;
            Ok(match key {
                Some(k) => stmt.query_row(rusqlite::params![k, first, last], |r| r.get(0))?,
                None => stmt.query_row(rusqlite::params![first, last], |r| r.get(0))?,
            })
        };
        let by_actor = "SELECT 1 FROM event_actors WHERE code = ?1 AND day BETWEEN ?2 AND ?3";
        let by_index = |column: &str| {
            format!("SELECT 1 FROM events e WHERE e.{column} = ?1 AND {SORT_DAY} BETWEEN ?2 AND ?3")
        };
        match drive {
            Drive::Actor(code) => count(by_actor, Some(code)),
            Drive::Country(c) => {
                Ok(count(by_actor, Some(c))? + count(&by_index("country"), Some(c))?)
            }
            Drive::Plover(p) => count(&by_index("plover"), Some(p)),
            Drive::Modality(m) => count(&by_index("modality"), Some(m)),
            Drive::Days => count(
                &format!("SELECT 1 FROM events e WHERE {SORT_DAY} BETWEEN ?1 AND ?2"),
                None,
            ),
            Drive::Members => Ok(0),
        }
    }

    /// The SELECTs that together yield the matching events, each in event-day order.
    fn arms(&self, conn: &Connection) -> Result<Vec<Arm>> {
        let mut drives = self.drives().into_iter();
        let mut best = (drives.next().unwrap_or(Drive::Days), ESTIMATE_CAP);
        let rest: Vec<Drive> = drives.collect();
        if !rest.is_empty() {
            best.1 = self.estimate(conn, &best.0, ESTIMATE_CAP)?;
            // Each count stops where it could no longer win.
            for drive in rest {
                if best.1 <= 1 {
                    break;
                }
                let rows = self.estimate(conn, &drive, best.1)?;
                if rows < best.1 {
                    best = (drive, rows);
                }
            }
        }
        let drive = best.0;
        let (first, last) = self.day_range();
        let by_actor = |code: &str| {
            // CROSS JOIN keeps the planner from starting elsewhere (e.g. at a PLOVER
            // index) and sorting afterwards.
            let mut arm = Arm::new(
                "event_actors ea CROSS JOIN events e ON e.rowid = ea.event",
                ["ea.day", "ea.event"],
            );
            arm.push("ea.code = ?", [code.to_string().into()]);
            arm.push("ea.day >= ?", [first.into()]);
            arm.push("ea.day <= ?", [last.into()]);
            // One row per event even when the actor is on both sides.
            arm.push(
                "NOT EXISTS (SELECT 1 FROM event_actors y WHERE y.code = ea.code AND y.day = ea.day
                   AND y.event = ea.event AND y.role < ea.role)",
                [],
            );
            arm
        };
        let by_index = |column: Option<(&str, &str)>| {
            // The index is named so that the rows come out in order, however the
            // planner rates the other conditions.
            let index = match column {
                Some((column, _)) => format!("events_{column}_sort_day"),
                None => "events_sort_day".into(),
            };
            let mut arm = Arm::new(
                &format!("events e INDEXED BY {index}"),
                [SORT_DAY, "e.rowid"],
            );
            if let Some((column, value)) = column {
                arm.push(&format!("e.{column} = ?"), [value.to_string().into()]);
            }
            if first > i64::MIN {
                arm.push(&format!("{SORT_DAY} >= ?"), [first.into()]);
            }
            if last < UNDATED_DAY {
                arm.push(&format!("{SORT_DAY} <= ?"), [last.into()]);
            }
            arm
        };
        let mut arms = match &drive {
            Drive::Actor(code) => vec![by_actor(code)],
            Drive::Country(c) => {
                let mut located = by_index(Some(("country", c)));
                located.disjoint = Some((
                    "NOT EXISTS (SELECT 1 FROM event_actors z WHERE z.event = e.rowid AND z.code = ?)"
                        .into(),
                    c.clone().into(),
                ));
                vec![by_actor(c), located]
            }
            Drive::Plover(p) => vec![by_index(Some(("plover", p)))],
            Drive::Modality(m) => vec![by_index(Some(("modality", m)))],
            Drive::Days => vec![by_index(None)],
            Drive::Members => {
                // By day, the membership test runs on the index entry (the row is read
                // only for members) and the rows come out in order: no sort.
                let from = if self.members_by_day {
                    "events e INDEXED BY events_sort_day"
                } else {
                    "events e"
                };
                let mut arm = Arm::new(from, [SORT_DAY, "e.rowid"]);
                if let Some((members, params)) = &self.members {
                    arm.push(&format!("e.rowid IN ({members})"), params.iter().cloned());
                }
                if first > i64::MIN {
                    arm.push(&format!("{SORT_DAY} >= ?"), [first.into()]);
                }
                if last < UNDATED_DAY {
                    arm.push(&format!("{SORT_DAY} <= ?"), [last.into()]);
                }
                vec![arm]
            }
        };
        for arm in &mut arms {
            // Tested on the index entry, before the event row is read, where there is one.
            let event = if arm.from.starts_with("event_actors") {
                "ea.event"
            } else {
                "e.rowid"
            };
            for actor in &self.actors {
                if drive != Drive::Actor(actor.clone()) {
                    arm.push(
                        &format!("EXISTS (SELECT 1 FROM event_actors x WHERE x.event = {event} AND x.code = ?)"),
                        [actor.clone().into()],
                    );
                }
            }
            if let Some(c) = self
                .country
                .as_ref()
                .filter(|c| drive != Drive::Country(c.to_string()))
            {
                arm.push(
                    "(e.country = ? OR EXISTS (SELECT 1 FROM event_actors z WHERE z.event = e.rowid AND z.code = ?))",
                    [c.clone().into(), c.clone().into()],
                );
            }
            if let Some(p) = self
                .plover
                .as_ref()
                .filter(|p| drive != Drive::Plover(p.to_string()))
            {
                arm.push("e.plover = ?", [p.clone().into()]);
            }
            if let Some(m) = self
                .modality
                .as_ref()
                .filter(|m| drive != Drive::Modality(m.to_string()))
            {
                arm.push("e.modality = ?", [m.clone().into()]);
            }
            for (condition, params) in &self.conditions {
                arm.push(condition, params.iter().cloned());
            }
        }
        Ok(arms)
    }
}

fn apply_event_options(f: &mut EventFilter, q: &EventQuery) {
    let given = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    };
    f.plover = given(&q.plover).map(|p| p.to_uppercase());
    f.modality = given(&q.modality).map(|m| m.to_lowercase());
    f.country = given(&q.country).map(|c| c.to_uppercase());
    if let Some(c) = given(&q.cameo) {
        f.push("e.cameo LIKE ? || '%'", [c.into()]);
    }
    if let Some(min) = q.min_confidence {
        f.push("e.confidence >= ?", [min.into()]);
    }
}

/// The page `offset..offset + limit` of the events `f` matches, in event-day order.
fn run_events(
    conn: &Connection,
    f: &EventFilter,
    limit: i64,
    offset: i64,
) -> Result<Vec<EventRow>> {
    let arms = f.arms(conn)?;
    let sql = match arms.as_slice() {
        [arm] => format!(
            "{} ORDER BY {}, {} LIMIT {limit} OFFSET {offset}",
            arm.sql(EVENT_COLUMNS),
            arm.sort[0],
            arm.sort[1]
        ),
        // Arms each already sorted: SQLite merges them (dropping the events both yield)
        // and stops at the limit.
        _ => {
            let selects: Vec<String> = arms
                .iter()
                .map(|arm| {
                    arm.sql(&format!(
                        "{EVENT_COLUMNS}, {}, {}",
                        arm.sort[0], arm.sort[1]
                    ))
                })
                .collect();
            let n = EVENT_COLUMN_COUNT;
            format!(
                "{} ORDER BY {}, {} LIMIT {limit} OFFSET {offset}",
                selects.join(" UNION "),
                n + 1,
                n + 2
            )
        }
    };
    let params: Vec<&Value> = arms.iter().flat_map(|a| a.params.iter()).collect();
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(params), event_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Calls `f` on every row of `columns` (then `tail`, e.g. a GROUP BY) over the events
/// `filter` matches, arm by arm, in no particular order.
fn for_each_event_row(
    conn: &Connection,
    filter: &EventFilter,
    columns: &str,
    tail: &str,
    mut f: impl FnMut(&rusqlite::Row) -> Result<()>,
) -> Result<()> {
    for mut arm in filter.arms(conn)? {
        if let Some((condition, param)) = arm.disjoint.take() {
            arm.push(&condition, [param]);
        }
        let sql = format!("{} {tail}", arm.sql(columns));
        let mut stmt = conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(arm.params.iter()))?;
        while let Some(row) = rows.next()? {
            f(row)?;
        }
    }
    Ok(())
}

fn is_actor_code(s: &str) -> bool {
    (3..=12).contains(&s.len())
        && s.chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

impl Archive {
    /// Merged events in the order they happen.
    pub fn events(&self, q: &EventQuery) -> Result<Vec<EventRow>> {
        let since = day_param(&q.since, "since")?;
        let until = until_param(&q.until)?;
        self.read(|conn| {
            let mut f = EventFilter::new(&q.actors, since, until, q.include_duplicates);
            apply_event_options(&mut f, q);
            run_events(conn, &f, limit_of(q.limit), q.offset as i64)
        })
    }

    /// One event by id.
    pub fn event(&self, id: i64) -> Result<Option<EventRow>> {
        self.read(|conn| {
            let sql = format!("SELECT {EVENT_COLUMNS} FROM events e WHERE e.rowid = ?1");
            Ok(conn.query_row(&sql, [id], event_row).optional()?)
        })
    }

    /// The events of an actor (when `subject` is a known actor code) or of the articles
    /// matching `subject` as a text query, in the order they happen; planned events are
    /// flagged (`planned`) and linked to their realisation (`realized_by`).
    pub fn timeline(&self, q: &TimelineQuery) -> Result<Vec<EventRow>> {
        let subject = q.subject.trim();
        let since = day_param(&q.since, "since")?;
        let until = until_param(&q.until)?;
        let limit = limit_of(q.limit.or(Some(500)));
        self.read(|conn| {
            let as_actor = is_actor_code(subject)
                && conn
                    .prepare_cached("SELECT 1 FROM event_actors WHERE code = ?1 LIMIT 1")?
                    .exists([subject])?;
            if as_actor {
                let f =
                    EventFilter::new(&[subject.to_string()], since, until, q.include_duplicates);
                return run_events(conn, &f, limit, 0);
            }
            let text = fts_query(subject);
            if text.is_empty() {
                return Ok(Vec::new());
            }
            let mut f = EventFilter::new(&[], since, until, q.include_duplicates);
            let dup = if q.include_duplicates {
                ""
            } else {
                " AND m.duplicate = 0"
            };
            // A query matching more articles than that takes the events of the newest
            // TIMELINE_ARTICLES of them (a timeline of "the" is not a question anyone asks).
            let newest = format!(
                "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?
                 ORDER BY rowid DESC LIMIT {TIMELINE_ARTICLES}"
            );
            // Their events, estimated from the mentions per article: sorting them costs
            // a row read per event; walking the day index until the page is full costs
            // an index entry per event of the archive passed (the density of members).
            let articles: i64 = conn
                .prepare_cached(&format!("SELECT count(*) FROM ({newest})"))?
                .query_row([&text], |r| r.get(0))?;
            let (stored, mentions, events): (i64, i64, i64) = conn.query_row(
                "SELECT (SELECT coalesce(max(rowid), 0) FROM articles),
                        (SELECT coalesce(max(rowid), 0) FROM mentions),
                        (SELECT coalesce(max(rowid), 0) FROM events)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?;
            let members = articles.saturating_mul(mentions) / stored.max(1);
            let walk = limit.saturating_mul(events) / members.max(1);
            f.members_by_day = walk < members.saturating_mul(MEMBER_READ_COST);
            f.members = Some((
                format!("SELECT m.event FROM mentions m WHERE m.article IN ({newest}){dup}"),
                vec![text.into()],
            ));
            run_events(conn, &f, limit, 0)
        })
    }

    /// Actors by the number of (non-duplicate) articles mentioning them.
    pub fn actors(&self, q: &ActorQuery) -> Result<Vec<ActorRow>> {
        self.read(|conn| {
            let mut conditions = Vec::new();
            let mut params: Vec<Value> = Vec::new();
            if let Some(c) = q.country.as_deref().filter(|c| !c.trim().is_empty()) {
                conditions.push("country = ?".to_string());
                params.push(c.trim().to_uppercase().into());
            }
            if let Some(c) = q.code.as_deref().filter(|c| !c.trim().is_empty()) {
                conditions.push("(code = ? OR (code > ? AND code < ? || '~'))".to_string());
                let c = c.trim().to_uppercase();
                params.extend([c.clone().into(), c.clone().into(), c.into()]);
            }
            if let Some(n) = q.name.as_deref().filter(|n| !n.trim().is_empty()) {
                conditions.push("name LIKE '%' || ? || '%'".to_string());
                params.push(n.trim().to_string().into());
            }
            let filter = if conditions.is_empty() {
                String::new()
            } else {
                format!("WHERE {}", conditions.join(" AND "))
            };
            let sql = format!(
                "SELECT key, name, code, country, sector, kind, articles, mentions FROM actors
                 {filter} ORDER BY articles DESC, mentions DESC, key LIMIT {} OFFSET {}",
                limit_of(q.limit),
                q.offset
            );
            let mut stmt = conn.prepare_cached(&sql)?;
            let rows = stmt.query_map(rusqlite::params_from_iter(params.iter()), |r| {
                Ok(ActorRow {
                    key: r.get(0)?,
                    name: r.get(1)?,
                    code: r.get(2)?,
                    country: r.get(3)?,
                    sector: r.get(4)?,
                    kind: r.get(5)?,
                    articles: r.get(6)?,
                    mentions: r.get(7)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// One article with all its stored layers and the merged events it reports.
    pub fn article(&self, id: &str) -> Result<Option<ArticleRecord>> {
        self.read(|conn| {
            let row = conn
                .query_row(
                    "SELECT rowid, id, source, url, title, pub_date, text, duplicate_of, similarity,
                            ingested_at FROM articles WHERE id = ?1",
                    [id],
                    |r| {
                        Ok((
                            r.get::<_, i64>(0)?,
                            r.get::<_, String>(1)?,
                            r.get::<_, Option<String>>(2)?,
                            r.get::<_, Option<String>>(3)?,
                            r.get::<_, Option<String>>(4)?,
                            r.get::<_, Option<String>>(5)?,
                            r.get::<_, String>(6)?,
                            r.get::<_, Option<i64>>(7)?,
                            r.get::<_, Option<f64>>(8)?,
                            r.get::<_, i64>(9)?,
                        ))
                    },
                )
                .optional()?;
            let Some((rowid, id, source, url, title, date, text, dup_of, similarity, ingested_at)) =
                row
            else {
                return Ok(None);
            };
            let mut article = Article {
                id,
                source,
                url,
                title,
                date: date.as_deref().and_then(chronicle::date::PubDate::parse),
                text,
                ..Default::default()
            };
            let layers: Option<(i64, Vec<u8>)> = conn
                .prepare_cached("SELECT format, data FROM layers WHERE article = ?1")?
                .query_row([rowid], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?;
            if let Some((format, data)) = layers {
                decode_layers(&mut article, format, &data)?;
            }
            let duplicate_of = match dup_of {
                Some(d) => conn
                    .query_row("SELECT id FROM articles WHERE rowid = ?1", [d], |r| {
                        r.get(0)
                    })
                    .optional()?,
                None => None,
            };
            let mut stmt = conn
                .prepare_cached("SELECT id FROM articles WHERE duplicate_of = ?1 ORDER BY rowid")?;
            let duplicates = stmt
                .query_map([rowid], |r| r.get(0))?
                .collect::<rusqlite::Result<Vec<String>>>()?;
            let sql = format!(
                "SELECT {EVENT_COLUMNS} FROM mentions m JOIN events e ON e.rowid = m.event
                 WHERE m.article = ?1 ORDER BY m.idx"
            );
            let mut stmt = conn.prepare_cached(&sql)?;
            let events = stmt
                .query_map([rowid], event_row)?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(Some(ArticleRecord {
                article,
                duplicate_of,
                similarity,
                duplicates,
                events,
                ingested_at,
            }))
        })
    }

    /// The mentions (reports) of a merged event: article id, date, sentence.
    pub fn mentions(&self, event: i64) -> Result<Vec<MentionRow>> {
        self.read(|conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT a.id, a.title, a.url, m.report_day, m.cameo, m.modality, m.date, m.trigger,
                        m.sentence, m.confidence, m.duplicate, m.source
                 FROM mentions m JOIN articles a ON a.rowid = m.article
                 WHERE m.event = ?1 ORDER BY m.report_day, m.rowid",
            )?;
            let rows = stmt.query_map([event], |r| {
                Ok(MentionRow {
                    article: r.get(0)?,
                    title: r.get(1)?,
                    url: r.get(2)?,
                    report_date: r.get::<_, Option<i64>>(3)?.map(day_to_iso),
                    cameo: r.get(4)?,
                    modality: r.get(5)?,
                    date: r.get(6)?,
                    trigger: r.get(7)?,
                    sentence: r.get(8)?,
                    confidence: r.get(9)?,
                    duplicate: r.get(10)?,
                    source: r.get(11)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// Counts and coverage of the whole archive.
    pub fn stats(&self) -> Result<Stats> {
        let database_bytes = std::fs::metadata(self.path()).map(|m| m.len()).unwrap_or(0)
            + std::fs::metadata(self.path().with_extension("db-wal"))
                .map(|m| m.len())
                .unwrap_or(0);
        self.read(|conn| {
            let count = |sql: &str| -> Result<i64> { Ok(conn.query_row(sql, [], |r| r.get(0))?) };
            let grouped = |sql: &str| -> Result<Vec<(String, i64)>> {
                let mut stmt = conn.prepare(sql)?;
                let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
                Ok(rows.collect::<rusqlite::Result<_>>()?)
            };
            let articles = count("SELECT count(*) FROM articles")?;
            let duplicates = count("SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL")?;
            let (first, last): (Option<i64>, Option<i64>) =
                conn.query_row("SELECT min(pub_day), max(pub_day) FROM articles", [], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })?;
            Ok(Stats {
                schema_version: crate::schema::version(conn)?,
                articles,
                stories: articles - duplicates,
                duplicates,
                text_bytes: count("SELECT coalesce(sum(bytes), 0) FROM articles")?,
                events: count("SELECT count(*) FROM events")?,
                mentions: count("SELECT count(*) FROM mentions")?,
                multi_source_events: count(
                    "SELECT count(*) FROM events WHERE num_independent > 1",
                )?,
                realized_plans: count(
                    "SELECT count(*) FROM events WHERE planned_event IS NOT NULL",
                )?,
                actors: count("SELECT count(*) FROM actors")?,
                first_article: first.map(day_to_iso),
                last_article: last.map(day_to_iso),
                events_by_plover: grouped(
                    "SELECT plover, count(*) FROM events GROUP BY plover ORDER BY 2 DESC, 1",
                )?,
                events_by_modality: grouped(
                    "SELECT modality, count(*) FROM events GROUP BY modality ORDER BY 2 DESC, 1",
                )?,
                stages: conn
                    .query_row("SELECT value FROM meta WHERE key = 'stages'", [], |r| {
                        r.get(0)
                    })
                    .optional()?,
                database_bytes,
            })
        })
    }

    /// Actor-to-actor edges (source code -> target code) of the events matching `q`,
    /// heaviest first.
    pub fn network(&self, q: &NetworkQuery) -> Result<Vec<Edge>> {
        let since = day_param(&q.since, "since")?;
        let until = until_param(&q.until)?;
        self.read(|conn| {
            let actors: Vec<String> = q.actor.iter().cloned().collect();
            let mut f = EventFilter::new(&actors, since, until, false);
            let options = EventQuery {
                plover: q.plover.clone(),
                modality: q.modality.clone(),
                ..Default::default()
            };
            apply_event_options(&mut f, &options);
            let mut edges: HashMap<(String, String), EdgeTotals> = HashMap::new();
            let columns = "e.source_codes, e.target_codes, e.num_independent, e.goldstein, e.quad";
            for_each_event_row(conn, &f, columns, "", |r| {
                let sources: String = r.get(0)?;
                let targets: String = r.get(1)?;
                let weight: i64 = r.get(2)?;
                let goldstein: Option<f64> = r.get(3)?;
                let quad: Option<u8> = r.get(4)?;
                for s in sources.split_whitespace() {
                    for t in targets.split_whitespace() {
                        let e = edges.entry((s.to_string(), t.to_string())).or_default();
                        e.0 += 1;
                        e.1 += weight.max(1);
                        if let Some(g) = goldstein {
                            e.2 += g;
                            e.3 += 1;
                        }
                        if let Some(slot) =
                            quad.and_then(|q| e.4.get_mut(usize::from(q).wrapping_sub(1)))
                        {
                            *slot += 1;
                        }
                    }
                }
                Ok(())
            })?;
            let min = q.min_events.unwrap_or(1);
            let mut out: Vec<Edge> = edges
                .into_iter()
                .filter(|(_, v)| v.0 >= min)
                .map(
                    |((source, target), (events, weight, gsum, gn, by_quad))| Edge {
                        source,
                        target,
                        events,
                        weight,
                        mean_goldstein: (gn > 0).then(|| gsum / gn as f64),
                        by_quad,
                    },
                )
                .collect();
            out.sort_by(|a, b| {
                b.weight
                    .cmp(&a.weight)
                    .then(b.events.cmp(&a.events))
                    .then_with(|| (&a.source, &a.target).cmp(&(&b.source, &b.target)))
            });
            out.truncate(limit_of(q.limit.or(Some(200))) as usize);
            Ok(out)
        })
    }

    /// Events per period (by when they happen) and quad class.
    pub fn counts_over_time(&self, q: &CountsQuery) -> Result<Vec<CountRow>> {
        let since = day_param(&q.since, "since")?;
        let until = until_param(&q.until)?;
        self.read(|conn| {
            let actors: Vec<String> = q.actor.iter().cloned().collect();
            let mut f = EventFilter::new(&actors, since, until, q.include_duplicates);
            f.plover = q
                .plover
                .as_deref()
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(str::to_uppercase);
            f.push("e.day_start IS NOT NULL AND e.quad IS NOT NULL", []);
            let mut per_day: Vec<(i64, u8, i64)> = Vec::new();
            let columns = "e.day_start, e.quad, count(*)";
            for_each_event_row(conn, &f, columns, "GROUP BY 1, 2", |r| {
                per_day.push((r.get(0)?, r.get(1)?, r.get(2)?));
                Ok(())
            })?;
            let mut by_period: std::collections::BTreeMap<(String, u8), i64> = Default::default();
            for (day, quad, n) in per_day {
                let date = chronicle::date::Date::from_days(day);
                let period = match q.interval {
                    Interval::Day => date.to_string(),
                    Interval::Week => {
                        let (y, w) = date.iso_week();
                        format!("{y:04}-W{w:02}")
                    }
                    Interval::Month => format!("{:04}-{:02}", date.year, date.month),
                    Interval::Year => format!("{:04}", date.year),
                };
                *by_period.entry((period, quad)).or_default() += n;
            }
            Ok(by_period
                .into_iter()
                .map(|((period, quad), events)| CountRow {
                    period,
                    quad_class: quad,
                    quad_name: codes::quad_class_name(quad).to_string(),
                    events,
                })
                .collect())
        })
    }
}

/// events, weight, Goldstein sum, Goldstein count, events per quad class.
type EdgeTotals = (i64, i64, f64, i64, [i64; 4]);

/// One report of a merged event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MentionRow {
    pub article: String,
    pub title: Option<String>,
    pub url: Option<String>,
    pub report_date: Option<String>,
    pub cameo: String,
    pub modality: String,
    pub date: Option<String>,
    pub trigger: String,
    pub sentence: String,
    pub confidence: f64,
    pub duplicate: bool,
    pub source: Option<String>,
}

/// Puts the stored layers back into the article.
pub(crate) fn decode_layers(article: &mut Article, format: i64, data: &[u8]) -> Result<()> {
    use std::io::Read;
    if format != 1 {
        return Err(Error::Query(format!(
            "unknown layer format {format} (a newer chronicle wrote it)"
        )));
    }
    let mut json = Vec::with_capacity(data.len() * 4);
    flate2::read::DeflateDecoder::new(data).read_to_end(&mut json)?;
    let mut layers: serde_json::Map<String, serde_json::Value> = serde_json::from_slice(&json)?;
    let mut take = |name: &str| layers.remove(name).unwrap_or(serde_json::Value::Null);
    let list = |v: serde_json::Value| {
        if v.is_null() {
            serde_json::Value::Array(Vec::new())
        } else {
            v
        }
    };
    article.caption = serde_json::from_value(take("caption"))?;
    article.dateline = serde_json::from_value(take("dateline"))?;
    article.byline = serde_json::from_value(take("byline"))?;
    if let serde_json::Value::Object(meta) = take("meta") {
        article.meta = meta;
    }
    article.paragraphs = serde_json::from_value(list(take("paragraphs")))?;
    article.sentences = serde_json::from_value(list(take("sentences")))?;
    article.entities = serde_json::from_value(list(take("entities")))?;
    article.times = serde_json::from_value(list(take("times")))?;
    article.actors = serde_json::from_value(list(take("actors")))?;
    article.events = serde_json::from_value(list(take("events")))?;
    article.quotes = serde_json::from_value(list(take("quotes")))?;
    article.deps = serde_json::from_value(list(take("deps")))?;
    article.lemmas = serde_json::from_value(list(take("lemmas")))?;
    Ok(())
}

#[allow(dead_code)]
fn _assert_send_sync() {
    fn is<T: Send + Sync>() {}
    is::<Archive>();
}

impl Archive {
    /// Calls `f` on every merged event (by event day), in one snapshot; for exports.
    pub fn for_each_event(
        &self,
        include_duplicates: bool,
        mut f: impl FnMut(EventRow) -> Result<()>,
    ) -> Result<()> {
        self.read(|conn| {
            let filter = if include_duplicates {
                ""
            } else {
                "WHERE e.num_independent > 0"
            };
            let sql = format!(
                "SELECT {EVENT_COLUMNS} FROM events e {filter} ORDER BY e.day_start, e.rowid"
            );
            let mut stmt = conn.prepare(&sql)?;
            let mut rows = stmt.query([])?;
            while let Some(row) = rows.next()? {
                f(event_row(row)?)?;
            }
            Ok(())
        })
    }

    /// Calls `f` on every stored article with its layers (in ingest order), in one
    /// snapshot; for exports. The second argument is the id of the first copy when the
    /// article is a near-duplicate.
    pub fn for_each_article(
        &self,
        include_duplicates: bool,
        mut f: impl FnMut(Article, Option<String>) -> Result<()>,
    ) -> Result<()> {
        self.read(|conn| {
            let filter = if include_duplicates {
                ""
            } else {
                "WHERE a.duplicate_of IS NULL"
            };
            let sql = format!(
                "SELECT a.id, a.source, a.url, a.title, a.pub_date, a.text, l.format, l.data,
                        (SELECT d.id FROM articles d WHERE d.rowid = a.duplicate_of)
                 FROM articles a LEFT JOIN layers l ON l.article = a.rowid {filter}
                 ORDER BY a.rowid"
            );
            let mut stmt = conn.prepare(&sql)?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let date: Option<String> = r.get(4)?;
                let mut article = Article {
                    id: r.get(0)?,
                    source: r.get(1)?,
                    url: r.get(2)?,
                    title: r.get(3)?,
                    date: date.as_deref().and_then(chronicle::date::PubDate::parse),
                    text: r.get(5)?,
                    ..Default::default()
                };
                let format: Option<i64> = r.get(6)?;
                let data: Option<Vec<u8>> = r.get(7)?;
                if let (Some(format), Some(data)) = (format, data) {
                    decode_layers(&mut article, format, &data)?;
                }
                f(article, r.get(8)?)?;
            }
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_queries_become_safe_fts5_queries() {
        assert_eq!(fts_query("north korea"), "\"north\" \"korea\"");
        assert_eq!(fts_query("Si-young"), "\"Si young\"");
        assert_eq!(fts_query("U.S.-led"), "\"U S led\"");
        assert_eq!(
            fts_query("\"wartime control\" OR sanction*"),
            "\"wartime control\" OR \"sanction\"*"
        );
        assert_eq!(fts_query("OR NOT"), "");
        assert_eq!(fts_query("\"unclosed phrase"), "\"unclosed phrase\"");
        assert_eq!(fts_query("'\"*()"), "");
        assert_eq!(
            fts_query("talks AND NOT sanctions"),
            "\"talks\" NOT \"sanctions\""
        );
        assert_eq!(fts_query("a OR OR * b"), "\"a\" OR \"b\"");
        assert_eq!(fts_query("meet* -*"), "\"meet\"*");
    }

    /// Whatever is typed, SQLite accepts the FTS5 query it becomes.
    #[test]
    fn typed_queries_are_never_fts5_syntax_errors() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE VIRTUAL TABLE t USING fts5(title, text, tokenize = 'unicode61 remove_diacritics 2');
             INSERT INTO t VALUES ('US and South Korea', 'Si-young said the U.S.-led talks resume');",
        )
        .unwrap();
        let typed = [
            "OR",
            "a OR",
            "NOT a",
            "a NOT",
            "a AND AND b",
            "a OR NOT b",
            "a NOT OR b",
            "* a",
            "a *",
            "a OR *",
            "\"\"",
            "\"a\"*",
            "\"a b\" *",
            "(a OR b)",
            "a:b",
            "title:a",
            "-a",
            "a - b",
            "^a",
            "NEAR(a b)",
            "a + b",
            "Si-young*",
            "U.S.-led",
            "ﬁ café",
            "'",
            "a'b",
            "\"unclosed",
            "a \"b",
            "AND OR NOT",
            "a\u{0}b",
            "日本 語*",
        ];
        for text in typed {
            let query = fts_query(text);
            if query.is_empty() {
                continue;
            }
            let count: rusqlite::Result<i64> =
                conn.query_row("SELECT count(*) FROM t WHERE t MATCH ?1", [&query], |r| {
                    r.get(0)
                });
            assert!(count.is_ok(), "{text:?} became {query:?}: {count:?}");
        }
        let hits: i64 = conn
            .query_row(
                "SELECT count(*) FROM t WHERE t MATCH ?1",
                [fts_query("Si-young U.S.-led")],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(hits, 1);
    }

    #[test]
    fn date_parameters_accept_years_and_months() {
        assert_eq!(
            day_param(&Some("2021".into()), "since").unwrap(),
            iso_to_day("2021-01-01")
        );
        assert_eq!(
            until_param(&Some("2021-02".into())).unwrap(),
            iso_to_day("2021-02-28")
        );
        assert!(day_param(&Some("March".into()), "since").is_err());
        assert_eq!(day_param(&None, "since").unwrap(), None);
    }
}
