//! The event query planner: an [`EventFilter`] says what to match; its arms say which
//! index to read from, chosen by a bounded count of the entries each start would read.

use rusqlite::types::Value;
use rusqlite::Connection;

use super::types::{EventActor, EventQuery, EventRow};
use crate::error::Result;
use crate::schema::UNDATED_DAY;
use crate::when::day_to_iso;

pub(super) const EVENT_COLUMNS: &str =
    "e.rowid, e.date, e.day_start, e.day_end, e.plover, e.cameo, e.quad,
    e.goldstein, e.modality, e.source_codes, e.target_codes, e.source_names, e.target_names,
    e.location, e.country, e.lat, e.lon, e.summary, e.num_mentions, e.num_articles,
    e.num_sources, e.num_independent, e.first_report, e.last_report,
    (SELECT id FROM articles WHERE rowid = e.first_article),
    (SELECT url FROM articles WHERE rowid = e.first_article),
    e.confidence, e.planned_event,
    (SELECT r.rowid FROM events r WHERE r.planned_event = e.rowid ORDER BY r.day_start LIMIT 1),
    (SELECT group_concat(ae.role || char(31) || a.rowid || char(31) || a.name || char(31)
            || coalesce(a.code, ''), char(30))
     FROM actor_events ae JOIN actors a ON a.rowid = ae.actor WHERE ae.event = e.rowid)";

/// Columns in [`EVENT_COLUMNS`].
pub(super) const EVENT_COLUMN_COUNT: usize = 30;

pub(super) fn event_row(r: &rusqlite::Row) -> rusqlite::Result<EventRow> {
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
        actors: event_actors(r.get::<_, Option<String>>(29)?.as_deref().unwrap_or("")),
    })
}

/// The stored actors of an event from `role␟id␟name␟code` records joined by `␞`, sources
/// first, then by name.
fn event_actors(joined: &str) -> Vec<EventActor> {
    let mut out: Vec<EventActor> = joined
        .split('\u{1e}')
        .filter_map(|rec| {
            let mut f = rec.split('\u{1f}');
            let role = f.next()?;
            let id = f.next()?.parse().ok()?;
            let name = f.next()?.to_string();
            let code = f.next().filter(|c| !c.is_empty()).map(str::to_string);
            Some(EventActor {
                id,
                name,
                code,
                role: if role == "0" { "source" } else { "target" }.to_string(),
            })
        })
        .collect();
    out.sort_by(|a, b| a.role.cmp(&b.role).reverse().then(a.name.cmp(&b.name)));
    out
}

/// When an event happens as a sort key: undated events last, as in `event_actors.day`
/// (the expression the `events_*sort_day` indexes are built on).
pub(super) const SORT_DAY: &str = "coalesce(e.day_start, 1099511627776)";

/// Index entries counted at most when estimating how many events a drive yields.
pub(super) const ESTIMATE_CAP: i64 = 20_000;

/// Reading an event row out of order (and sorting it) costs about as much as passing
/// this many entries of a day index.
pub(super) const MEMBER_READ_COST: i64 = 4;

/// An event query: what to match, independent of how it is read. [`EventFilter::arms`]
/// picks the index to read from (the one yielding the fewest rows), so a rare actor,
/// country or PLOVER type is fast even when combined with frequent ones.
pub(super) struct EventFilter {
    pub(super) actors: Vec<String>,
    pub(super) country: Option<String>,
    pub(super) plover: Option<String>,
    pub(super) modality: Option<String>,
    pub(super) since: Option<i64>,
    pub(super) until: Option<i64>,
    /// Further conditions on `e` with their parameters.
    pub(super) conditions: Vec<(String, Vec<Value>)>,
    /// A bounded subquery listing the only events that may match (a text timeline's):
    /// read those and sort them, or (`members_by_day`) walk the day index testing
    /// membership, when the members are dense enough for that to fill the page sooner.
    pub(super) members: Option<(String, Vec<Value>)>,
    pub(super) members_by_day: bool,
}

/// The condition that leaves out events reported only by near-duplicate copies.
pub(super) const NOT_DUPLICATE: &str = "e.num_independent > 0";

/// Where a query starts reading; each yields rows in (event day, event id) order.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Drive {
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
pub(super) struct Arm {
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

    pub(super) fn push(&mut self, condition: &str, params: impl IntoIterator<Item = Value>) {
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
    pub(super) fn new(
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
            f.push(NOT_DUPLICATE, []);
        }
        f
    }

    pub(super) fn push(&mut self, condition: &str, params: impl IntoIterator<Item = Value>) {
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

pub(super) fn apply_event_options(f: &mut EventFilter, q: &EventQuery) {
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
    if let Some(place) = given(&q.location) {
        f.push("e.location = ? COLLATE NOCASE", [place.into()]);
    }
    if let Some(min) = q.min_confidence {
        f.push("e.confidence >= ?", [min.into()]);
    }
    restrict_to_actors(f, &q.actor_ids);
}

/// Restricts `f` to the events each of the stored actors `ids` takes part in.
pub(super) fn restrict_to_actors(f: &mut EventFilter, ids: &[i64]) {
    for id in ids {
        f.push(
            "EXISTS (SELECT 1 FROM actor_events k WHERE k.event = e.rowid AND k.actor = ?)",
            [(*id).into()],
        );
    }
}

/// Restricts `f` to the events reported by the articles matching `text` (FTS5 syntax as
/// built by [`fts_query`](super::params::fts_query)): the newest `TIMELINE_ARTICLES` of
/// them when more match. Decides whether to walk the day index or sort the members
/// (whichever fills a page of `limit` sooner).
pub(super) fn text_members(
    conn: &Connection,
    f: &mut EventFilter,
    text: String,
    limit: i64,
) -> Result<()> {
    let dup = if f.conditions.iter().any(|(c, _)| c == NOT_DUPLICATE) {
        " AND m.duplicate = 0"
    } else {
        ""
    };
    // A query matching more articles than that takes the events of the newest
    // TIMELINE_ARTICLES of them (a timeline of "the" is not a question anyone asks).
    let newest = format!(
        "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?
         ORDER BY rowid DESC LIMIT {}",
        super::limits::TIMELINE_ARTICLES
    );
    // Their events, estimated from the mentions per article: sorting them costs a row read
    // per event; walking the day index until the page is full costs an index entry per
    // event of the archive passed (the density of members).
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
    Ok(())
}

/// How many events `f` matches, counted up to `cap` (a total for pagers: "1,204 events").
pub(super) fn count_events(conn: &Connection, f: &EventFilter, cap: i64) -> Result<i64> {
    let arms = f.arms(conn)?;
    let selects: Vec<String> = arms.iter().map(|arm| arm.sql("e.rowid")).collect();
    let sql = format!(
        "SELECT count(*) FROM ({} LIMIT {cap})",
        selects.join(" UNION ")
    );
    let params: Vec<&Value> = arms.iter().flat_map(|a| a.params.iter()).collect();
    let mut stmt = conn.prepare_cached(&sql)?;
    Ok(stmt.query_row(rusqlite::params_from_iter(params), |r| r.get(0))?)
}

/// The page `offset..offset + limit` of the events `f` matches, in event-day order.
pub(super) fn run_events(
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
pub(super) fn for_each_event_row(
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

pub(super) fn is_actor_code(s: &str) -> bool {
    (3..=12).contains(&s.len())
        && s.chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}
