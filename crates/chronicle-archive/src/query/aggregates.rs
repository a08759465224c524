//! Counts over the archive: actors, stats, the actor network, events over time.

use std::collections::{BTreeMap, HashMap};

use rusqlite::types::Value;
use rusqlite::OptionalExtension;

use super::params::{day_param, limit_of, until_param};
use super::periods;
use super::plan::{apply_event_options, for_each_event_row, restrict_to_actors, EventFilter};
use super::types::{
    ActorQuery, ActorRow, CountRow, Counts, CountsQuery, Edge, EventQuery, Interval, NetworkQuery,
    PlaceRow, Places, Stats, UndatedCount,
};
use crate::archive::Archive;
use crate::codes;
use crate::error::Result;
use crate::when::day_to_iso;

/// An [`ActorRow`] from `rowid, key, name, code, country, sector, kind, articles, mentions`.
pub(super) fn actor_row(r: &rusqlite::Row) -> rusqlite::Result<ActorRow> {
    Ok(ActorRow {
        id: r.get(0)?,
        key: r.get(1)?,
        name: r.get(2)?,
        code: r.get(3)?,
        country: r.get(4)?,
        sector: r.get(5)?,
        kind: r.get(6)?,
        articles: r.get(7)?,
        mentions: r.get(8)?,
    })
}

impl Archive {
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
            // A name or code as a person types it: exact name or code, then names starting
            // with it (or a word of them), then names containing it; most mentioned first.
            let mut rank = String::new();
            if let Some(text) = q.q.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
                conditions.push(
                    "(name LIKE '%' || ? || '%' OR code = ? OR (code > ? AND code < ? || '~'))"
                        .to_string(),
                );
                let upper = text.to_uppercase();
                params.extend([
                    text.to_string().into(),
                    upper.clone().into(),
                    upper.clone().into(),
                    upper.clone().into(),
                ]);
                rank = "CASE WHEN lower(name) = lower(?) OR code = ? THEN 0
                      WHEN name LIKE ? || '%' OR name LIKE '% ' || ? || '%' THEN 1
                      WHEN code LIKE ? || '%' THEN 2 ELSE 3 END, "
                    .to_string();
                params.extend([
                    text.to_string().into(),
                    upper.clone().into(),
                    text.to_string().into(),
                    text.to_string().into(),
                    upper.into(),
                ]);
            }
            let filter = if conditions.is_empty() {
                String::new()
            } else {
                format!("WHERE {}", conditions.join(" AND "))
            };
            let sql = format!(
                "SELECT rowid, key, name, code, country, sector, kind, articles, mentions FROM actors
                 {filter} ORDER BY {rank}articles DESC, mentions DESC, key LIMIT {} OFFSET {}",
                limit_of(q.limit),
                q.offset
            );
            let mut stmt = conn.prepare_cached(&sql)?;
            let rows = stmt.query_map(rusqlite::params_from_iter(params.iter()), actor_row)?;
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
            restrict_to_actors(&mut f, &q.actor_ids);
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
                        mean_goldstein: (gn > 0).then(|| round2(gsum / gn as f64)),
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

    /// Where the events matching `q` happen: one row per place with coordinates (busiest
    /// first, at most `q.limit`, default 500), and the count of those without. `offset`
    /// is ignored.
    pub fn places(&self, q: &EventQuery) -> Result<Places> {
        let since = day_param(&q.since, "since")?;
        let until = until_param(&q.until)?;
        self.read(|conn| {
            let mut f = EventFilter::new(&q.actors, since, until, q.include_duplicates);
            apply_event_options(&mut f, q);
            let columns = "e.location, e.country, e.lat, e.lon, e.quad, count(*), \
                 total(e.goldstein), count(e.goldstein), min(e.day_start), max(e.day_end)";
            let mut by_place: HashMap<(String, Option<String>, u64, u64), PlaceTotals> =
                HashMap::new();
            let mut unplaced = 0i64;
            for_each_event_row(conn, &f, columns, "GROUP BY 1, 2, 3, 4, 5", |r| {
                let lat: Option<f64> = r.get(2)?;
                let lon: Option<f64> = r.get(3)?;
                let n: i64 = r.get(5)?;
                let (Some(lat), Some(lon)) = (lat, lon) else {
                    unplaced += n;
                    return Ok(());
                };
                let location: Option<String> = r.get(0)?;
                let key = (
                    location.unwrap_or_default(),
                    r.get::<_, Option<String>>(1)?,
                    lat.to_bits(),
                    lon.to_bits(),
                );
                let t = by_place.entry(key).or_default();
                t.events += n;
                if let Some(slot) = r
                    .get::<_, Option<u8>>(4)?
                    .and_then(|q| t.by_quad.get_mut(usize::from(q).wrapping_sub(1)))
                {
                    *slot += n;
                }
                t.gsum += r.get::<_, f64>(6)?;
                t.gn += r.get::<_, i64>(7)?;
                if let Some(d) = r.get::<_, Option<i64>>(8)? {
                    t.first = Some(t.first.map_or(d, |x| x.min(d)));
                }
                if let Some(d) = r.get::<_, Option<i64>>(9)? {
                    t.last = Some(t.last.map_or(d, |x| x.max(d)));
                }
                Ok(())
            })?;
            let mut places: Vec<PlaceRow> = by_place
                .into_iter()
                .map(|((location, country, lat, lon), t)| PlaceRow {
                    location,
                    country,
                    lat: f64::from_bits(lat),
                    lon: f64::from_bits(lon),
                    events: t.events,
                    by_quad: t.by_quad,
                    mean_goldstein: (t.gn > 0).then(|| round2(t.gsum / t.gn as f64)),
                    first: t.first.map(day_to_iso),
                    last: t.last.map(day_to_iso),
                })
                .collect();
            places.sort_by(|a, b| {
                b.events
                    .cmp(&a.events)
                    .then_with(|| a.location.cmp(&b.location))
                    .then_with(|| a.lat.total_cmp(&b.lat))
            });
            places.truncate(limit_of(q.limit.or(Some(500))) as usize);
            Ok(Places { places, unplaced })
        })
    }

    /// Events per period (by when they happen) and quad class: the dated rows of
    /// [`Archive::counts`], without the axis.
    pub fn counts_over_time(&self, q: &CountsQuery) -> Result<Vec<CountRow>> {
        let tally = self.tally(q)?;
        let interval = match (q.interval, tally.first, tally.last) {
            (Interval::Auto, Some(first), Some(last)) => periods::auto_interval(first, last),
            (interval, _, _) => interval,
        };
        Ok(tally.rows(interval))
    }

    /// Events over time on a true time axis: every period from the first to the last
    /// (or `since`/`until`), zero periods included, and the events that have no place on
    /// the axis (relative or undated) counted apart.
    pub fn counts(&self, q: &CountsQuery) -> Result<Counts> {
        let since = day_param(&q.since, "since")?;
        let until = until_param(&q.until)?;
        let tally = self.tally(q)?;
        let first = since.or(tally.first);
        let last = until.or(tally.last);
        let interval = match (q.interval, first, last) {
            (Interval::Auto, Some(first), Some(last)) => periods::auto_interval(first, last),
            (Interval::Auto, _, _) => Interval::Month,
            (interval, _, _) => interval,
        };
        let periods = match (first, last) {
            (Some(first), Some(last)) => periods::axis(interval, first, last)?,
            _ => Vec::new(),
        };
        Ok(Counts {
            interval,
            periods,
            rows: tally.rows(interval),
            undated: tally.undated(),
        })
    }

    fn tally(&self, q: &CountsQuery) -> Result<Tally> {
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
            restrict_to_actors(&mut f, &q.actor_ids);
            f.push("e.quad IS NOT NULL", []);
            // Undated events reach here only without a date bound (the filter's rule).
            let columns = "e.day_start, e.quad, \
                 CASE WHEN e.day_start IS NULL THEN coalesce(e.date, '') END, \
                 count(*), total(e.goldstein), count(e.goldstein)";
            let mut tally = Tally::default();
            for_each_event_row(conn, &f, columns, "GROUP BY 1, 2, 3", |r| {
                let day: Option<i64> = r.get(0)?;
                let quad: u8 = r.get(1)?;
                let n: i64 = r.get(3)?;
                match day {
                    Some(day) => {
                        tally.first = Some(tally.first.map_or(day, |f| f.min(day)));
                        tally.last = Some(tally.last.map_or(day, |l| l.max(day)));
                        tally
                            .per_day
                            .push((day, quad, n, r.get(4)?, r.get::<_, i64>(5)?));
                    }
                    None => {
                        let value: String = r.get(2)?;
                        *tally
                            .undated
                            .entry((undated_kind(&value), quad))
                            .or_default() += n;
                    }
                }
                Ok(())
            })?;
            Ok(tally)
        })
    }
}

/// Scores are stored as 32-bit floats: means are given to two decimals, not to noise.
fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Totals of one place while counting.
#[derive(Default)]
struct PlaceTotals {
    events: i64,
    by_quad: [i64; 4],
    gsum: f64,
    gn: i64,
    first: Option<i64>,
    last: Option<i64>,
}

/// Why an event has no day: only known to lie before or after its report, or no usable date.
fn undated_kind(value: &str) -> &'static str {
    match value {
        "PAST_REF" => "before_report",
        "FUTURE_REF" => "after_report",
        _ => "undated",
    }
}

/// What one pass over the matching events counts: per day and quad class, events,
/// Goldstein sum and count; the undated ones by kind and quad class; the first and last day.
#[derive(Default)]
struct Tally {
    per_day: Vec<(i64, u8, i64, f64, i64)>,
    undated: BTreeMap<(&'static str, u8), i64>,
    first: Option<i64>,
    last: Option<i64>,
}

impl Tally {
    /// The dated counts in periods of `interval` (resolved, not `Auto`), in period order.
    fn rows(&self, interval: Interval) -> Vec<CountRow> {
        let mut by_period: BTreeMap<(String, u8), (i64, f64, i64)> = BTreeMap::new();
        for &(day, quad, n, gsum, gn) in &self.per_day {
            let slot = by_period
                .entry((periods::period_key(interval, day), quad))
                .or_default();
            slot.0 += n;
            slot.1 += gsum;
            slot.2 += gn;
        }
        by_period
            .into_iter()
            .map(|((period, quad), (events, gsum, gn))| CountRow {
                period,
                quad_class: quad,
                quad_name: codes::quad_class_name(quad).to_string(),
                events,
                mean_goldstein: (gn > 0).then(|| round2(gsum / gn as f64)),
            })
            .collect()
    }

    fn undated(&self) -> Vec<UndatedCount> {
        self.undated
            .iter()
            .map(|(&(kind, quad), &events)| UndatedCount {
                kind: kind.to_string(),
                quad_class: quad,
                quad_name: codes::quad_class_name(quad).to_string(),
                events,
            })
            .collect()
    }
}

/// events, weight, Goldstein sum, Goldstein count, events per quad class.
type EdgeTotals = (i64, i64, f64, i64, [i64; 4]);
