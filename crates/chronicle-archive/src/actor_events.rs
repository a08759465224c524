//! Which stored actor each event's sources and targets are (`actor_events`): the table behind
//! actor pages, so one actor has one list of events however many actors share its CAMEO code
//! (four different `KORGOV` actors stay four). Filled by the writer; archives written before
//! schema version 5 are filled once from their stored layers when first opened for writing.

use std::collections::HashMap;

use chronicle::doc::{ActorRef, Article};
use rusqlite::{params, Transaction};

use crate::error::Result;

/// The `actors.key` of an actor: its KB id, else `code:…`, else `name:…` (lowercased).
pub(crate) fn actor_key(id: &str, code: Option<&str>, name: &str) -> String {
    if id.starts_with("kb:") {
        id.to_string()
    } else if let Some(code) = code.filter(|c| !c.is_empty()) {
        format!("code:{code}")
    } else {
        format!("name:{}", name.trim().to_lowercase())
    }
}

/// The key of the actor an event refers to: the article's actor with the reference's id
/// (whose fields decide the key, as they did when the actor was stored), else the
/// reference's own fields.
pub(crate) fn ref_key(article: &Article, r: &ActorRef) -> String {
    match article.actors.iter().find(|a| a.id == r.id) {
        Some(a) => actor_key(&a.id, a.code.as_deref(), &a.name),
        None => actor_key(&r.id, r.code.as_deref(), &r.name),
    }
}

/// `(role, key)` of every source (role 0) and target (role 1) of the article's event `idx`.
pub(crate) fn event_roles(article: &Article, idx: usize) -> Vec<(i64, String)> {
    let Some(event) = article.events.get(idx) else {
        return Vec::new();
    };
    let mut out: Vec<(i64, String)> = Vec::new();
    for (role, refs) in [(0, &event.source), (1, &event.target)] {
        for r in refs {
            let key = ref_key(article, r);
            if !out.iter().any(|(ro, k)| *ro == role && *k == key) {
                out.push((role, key));
            }
        }
    }
    out
}

/// Fills `actor_events` from the stored layers of every article (the step that brings an
/// archive written before schema version 5 up to date). Returns the rows written.
pub(crate) fn backfill(tx: &Transaction) -> Result<usize> {
    let mut keys: HashMap<String, i64> = HashMap::new();
    {
        let mut stmt = tx.prepare("SELECT key, rowid FROM actors")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
        for row in rows {
            let (key, rowid) = row?;
            keys.insert(key, rowid);
        }
    }
    let mut read = tx.prepare(
        "SELECT a.rowid, a.text, l.format, l.data FROM articles a
         JOIN layers l ON l.article = a.rowid
         WHERE EXISTS (SELECT 1 FROM mentions m WHERE m.article = a.rowid)",
    )?;
    let mut mentions = tx.prepare("SELECT idx, event FROM mentions WHERE article = ?1")?;
    let mut insert =
        tx.prepare("INSERT OR IGNORE INTO actor_events (actor, event, role) VALUES (?1, ?2, ?3)")?;
    let mut written = 0;
    let mut rows = read.query([])?;
    while let Some(row) = rows.next()? {
        let rowid: i64 = row.get(0)?;
        let mut article = Article {
            text: row.get(1)?,
            ..Default::default()
        };
        let format: i64 = row.get(2)?;
        let data: Vec<u8> = row.get(3)?;
        crate::layers::decode(&mut article, format, &data)?;
        let pairs = mentions
            .query_map([rowid], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        for (idx, event) in pairs {
            for (role, key) in event_roles(&article, idx as usize) {
                if let Some(actor) = keys.get(&key) {
                    written += insert.execute(params![actor, event, role])?;
                }
            }
        }
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_prefer_kb_ids_then_codes_then_names() {
        assert_eq!(
            actor_key("kb:person/joe-biden", Some("USAGOV"), "Joe Biden"),
            "kb:person/joe-biden"
        );
        assert_eq!(
            actor_key("local:3", Some("KORGOV"), "an official"),
            "code:KORGOV"
        );
        assert_eq!(
            actor_key("local:4", None, " Kim Tae-hyun "),
            "name:kim tae-hyun"
        );
    }
}
