//! Counts over the archive: actors, stats, the actor network, events over time.

use std::collections::HashMap;

use rusqlite::types::Value;
use rusqlite::OptionalExtension;

use super::params::{day_param, limit_of, until_param};
use super::plan::{apply_event_options, for_each_event_row, EventFilter};
use super::types::{
    ActorQuery, ActorRow, CountRow, CountsQuery, Edge, EventQuery, Interval, NetworkQuery, Stats,
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
