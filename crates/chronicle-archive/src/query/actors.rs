//! One actor: its page (counterparts, events by month, articles, quotes) and the
//! corrections readers flagged.

use std::collections::BTreeMap;

use chronicle::date::Date;
use chronicle::doc::Article;
use rusqlite::OptionalExtension;

use super::aggregates::actor_row;
use super::plan::{event_row, EVENT_COLUMNS};
use super::types::{
    ActorArticle, ActorDetail, ActorQuote, ActorRow, Counterpart, FeedbackRow, MentionRow,
    MonthCount,
};
use crate::archive::Archive;
use crate::error::Result;
use crate::schema::UNDATED_DAY;

/// Articles an actor page lists (newest first) and reads quotes from.
pub const ACTOR_PAGE_ARTICLES: usize = 30;

/// Counterparts an actor page lists.
pub const ACTOR_PAGE_COUNTERPARTS: usize = 40;

impl Archive {
    /// One stored actor by its row id.
    pub fn actor(&self, id: i64) -> Result<Option<ActorRow>> {
        self.read(|conn| {
            Ok(conn
                .prepare_cached(
                    "SELECT rowid, key, name, code, country, sector, kind, articles, mentions
                     FROM actors WHERE rowid = ?1",
                )?
                .query_row([id], actor_row)
                .optional()?)
        })
    }

    /// Everything an actor page shows besides its event list (see [`ActorDetail`]).
    pub fn actor_detail(&self, id: i64) -> Result<Option<ActorDetail>> {
        let Some(actor) = self.actor(id)? else {
            return Ok(None);
        };
        self.read(|conn| {
            // Its events: role, day, quad class (non-duplicate events only, as elsewhere).
            let mut stmt = conn.prepare_cached(
                "SELECT ae.event, ae.role, e.day_start, e.quad FROM actor_events ae
                 JOIN events e ON e.rowid = ae.event
                 WHERE ae.actor = ?1 AND e.num_independent > 0",
            )?;
            let rows = stmt
                .query_map([id], |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, i64>(1)?,
                        r.get::<_, Option<i64>>(2)?,
                        r.get::<_, Option<u8>>(3)?,
                    ))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let mut events: BTreeMap<i64, (Option<i64>, Option<u8>)> = BTreeMap::new();
            let (mut as_source, mut as_target) = (0, 0);
            for (event, role, day, quad) in &rows {
                if *role == 0 {
                    as_source += 1;
                } else {
                    as_target += 1;
                }
                events.insert(*event, (*day, *quad));
            }
            let mut months: BTreeMap<(i32, u32), [i64; 4]> = BTreeMap::new();
            let mut undated = 0;
            for (day, quad) in events.values() {
                match day.filter(|d| *d != UNDATED_DAY) {
                    Some(d) => {
                        let date = Date::from_days(d);
                        let slot = months.entry((date.year, date.month)).or_default();
                        if let Some(q) = quad.filter(|q| (1..=4).contains(q)) {
                            slot[usize::from(q - 1)] += 1;
                        }
                    }
                    None => undated += 1,
                }
            }
            let by_month = consecutive_months(&months);

            let mut stmt = conn.prepare_cached(
                "SELECT o.actor, a.name, a.code, ae.role, e.quad, count(DISTINCT e.rowid)
                 FROM actor_events ae
                 JOIN actor_events o ON o.event = ae.event AND o.role <> ae.role AND o.actor <> ae.actor
                 JOIN events e ON e.rowid = ae.event
                 JOIN actors a ON a.rowid = o.actor
                 WHERE ae.actor = ?1 AND e.num_independent > 0
                 GROUP BY o.actor, ae.role, e.quad",
            )?;
            let mut counterparts: BTreeMap<i64, Counterpart> = BTreeMap::new();
            let mut rows = stmt.query([id])?;
            while let Some(r) = rows.next()? {
                let other: i64 = r.get(0)?;
                let entry = counterparts.entry(other).or_insert_with(|| Counterpart {
                    id: other,
                    name: r.get(1).unwrap_or_default(),
                    code: r.get(2).unwrap_or_default(),
                    acts_on: [0; 4],
                    acted_on_by: [0; 4],
                });
                let role: i64 = r.get(3)?;
                let quad: Option<u8> = r.get(4)?;
                let n: i64 = r.get(5)?;
                if let Some(q) = quad.filter(|q| (1..=4).contains(q)) {
                    let side = if role == 0 {
                        &mut entry.acts_on
                    } else {
                        &mut entry.acted_on_by
                    };
                    side[usize::from(q - 1)] += n;
                }
            }
            let mut counterparts: Vec<Counterpart> = counterparts.into_values().collect();
            let total = |c: &Counterpart| -> i64 {
                c.acts_on.iter().chain(&c.acted_on_by).sum()
            };
            counterparts.sort_by(|a, b| total(b).cmp(&total(a)).then(a.name.cmp(&b.name)));
            counterparts.truncate(ACTOR_PAGE_COUNTERPARTS);

            let mut stmt = conn.prepare_cached(&format!(
                "SELECT a.rowid, a.id, a.title, a.pub_date, a.source, a.url, aa.mentions, a.text,
                        l.format, l.data
                 FROM article_actors aa JOIN articles a ON a.rowid = aa.article
                 LEFT JOIN layers l ON l.article = a.rowid
                 WHERE aa.actor = ?1 AND a.duplicate_of IS NULL
                 ORDER BY a.pub_day DESC, a.rowid DESC LIMIT {ACTOR_PAGE_ARTICLES}"
            ))?;
            let mut articles = Vec::new();
            let mut quotes = Vec::new();
            let mut rows = stmt.query([id])?;
            while let Some(r) = rows.next()? {
                let entry = ActorArticle {
                    id: r.get(1)?,
                    title: r.get(2)?,
                    date: r.get(3)?,
                    source: r.get(4)?,
                    url: r.get(5)?,
                    mentions: r.get(6)?,
                };
                let format: Option<i64> = r.get(8)?;
                let data: Option<Vec<u8>> = r.get(9)?;
                if let (Some(format), Some(data)) = (format, data) {
                    let mut article = Article {
                        text: r.get(7)?,
                        ..Default::default()
                    };
                    crate::layers::decode(&mut article, format, &data)?;
                    for q in &article.quotes {
                        let Some(speaker) = &q.speaker else { continue };
                        if crate::actor_events::ref_key(&article, speaker) != actor.key {
                            continue;
                        }
                        let named = q
                            .speaker_span
                            .as_ref()
                            .map(|s| s.text.clone())
                            .unwrap_or_else(|| speaker.name.clone());
                        quotes.push(ActorQuote {
                            article: entry.id.clone(),
                            title: entry.title.clone(),
                            date: entry.date.clone(),
                            text: q.text.clone(),
                            speaker: named,
                        });
                    }
                }
                articles.push(entry);
            }
            Ok(Some(ActorDetail {
                actor,
                events: events.len() as i64,
                as_source,
                as_target,
                counterparts,
                by_month,
                undated,
                articles,
                quotes,
            }))
        })
    }

    /// Every stored correction with the event it corrects, oldest first.
    pub fn feedback(&self) -> Result<Vec<FeedbackRow>> {
        let flagged: Vec<(i64, i64, i64, String, String, String)> = self.read(|conn| {
            let mut stmt = conn.prepare(
                "SELECT rowid, created_at, event, field, correction, note FROM feedback ORDER BY rowid",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?))
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })?;
        let mut out = Vec::with_capacity(flagged.len());
        for (id, created_at, event, field, correction, note) in flagged {
            let Some(row) = self.read(|conn| {
                let sql = format!("SELECT {EVENT_COLUMNS} FROM events e WHERE e.rowid = ?1");
                Ok(conn.query_row(&sql, [event], event_row).optional()?)
            })?
            else {
                continue;
            };
            let mentions: Vec<MentionRow> = self.mentions(event)?;
            out.push(FeedbackRow {
                id,
                created_at,
                field,
                correction,
                note,
                event: row,
                mentions,
            });
        }
        Ok(out)
    }
}

/// Every month from the first to the last of `months`, zeros filled in.
fn consecutive_months(months: &BTreeMap<(i32, u32), [i64; 4]>) -> Vec<MonthCount> {
    let (Some((&first, _)), Some((&last, _))) = (months.first_key_value(), months.last_key_value())
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let (mut y, mut m) = first;
    while (y, m) <= last {
        out.push(MonthCount {
            period: format!("{y:04}-{m:02}"),
            by_quad: months.get(&(y, m)).copied().unwrap_or_default(),
        });
        if m == 12 {
            y += 1;
            m = 1;
        } else {
            m += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_are_consecutive_with_zeros() {
        let mut months = BTreeMap::new();
        months.insert((2021, 11), [1, 0, 0, 0]);
        months.insert((2022, 2), [0, 0, 2, 0]);
        let out = consecutive_months(&months);
        let periods: Vec<&str> = out.iter().map(|m| m.period.as_str()).collect();
        assert_eq!(periods, ["2021-11", "2021-12", "2022-01", "2022-02"]);
        assert_eq!(out[1].by_quad, [0; 4]);
        assert_eq!(out[3].by_quad, [0, 0, 2, 0]);
    }
}
