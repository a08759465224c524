//! Request parameters: dates (a year or month is a bound too), limits, id lists, and
//! what a person types turned into FTS5 syntax.

use rusqlite::Connection;

use super::limits::DEFAULT_LIMIT;
use crate::error::{Error, Result};
use crate::when::iso_to_day;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::when::iso_to_day;

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
