//! Full-text search: which matches to rank, how to score them, snippets for the page.
//!
//! A search reads its candidates first — the newest matches of the text (walking the
//! full-text index newest first, testing the filters), or, when a filter set is small,
//! that set newest first, probing the full-text index for each member — collecting for
//! each what bm25 needs (`chronicle_match`, see [`crate::rank`]). Only then does it fix
//! each phrase's document frequency: known exactly for an expanded prefix, counted when
//! a phrase has fewer than [`DF_SAMPLE`] matches, otherwise extrapolated from how many
//! articles its newest [`DF_SAMPLE`] matches span — usually from the candidate walk
//! itself. Snippets are made for the page only, each probing the full-text index with
//! just the phrases present in that article.
//!
//! Prefixes (`meet*`) are expanded into the terms of the index that start with them
//! (`("meet" OR "meeting" OR "meetings")`, the same matches): FTS5 evaluates a prefix by
//! merging the lists of every such term, again for every probe of every snippet, which
//! took seconds on a million articles.

use rusqlite::types::Value;
use rusqlite::Connection;

use crate::archive::Archive;
use crate::error::{Error, Result};
use crate::query::{
    actor_rowids, day_param, fts_parts, in_list, is_operator, limit_of, until_param, SearchHit,
    SearchQuery, FILTERED_CANDIDATES, RANK_CANDIDATES,
};
use crate::rank::{idf, Matched};

/// A document frequency is counted exactly up to this many matches, and extrapolated
/// from the rowid span of the newest this many beyond.
const DF_SAMPLE: i64 = 2000;

/// A prefix with more terms than this is left to FTS5's own prefix matching.
const MAX_PREFIX_TERMS: usize = 5000;

/// A filter set at most this large may be read directly (or tested from memory).
const SMALL_SET: i64 = 20_000;

/// One full-text probe by rowid costs about as much as walking this many matches.
const PROBE_COST: i64 = 30;

/// Reading an article by rowid (to sort a small filter set by date) costs about as much
/// as testing this many articles for a filter while walking the date index.
const LOOKUP_COST: i64 = 4;

fn query_error(e: rusqlite::Error) -> Error {
    Error::Query(e.to_string())
}

/// The text of a search as FTS5 runs it, and what is known about each of its phrases.
#[derive(Debug)]
struct TextQuery {
    fts: String,
    /// Each phrase as an FTS5 query of its own, in the order FTS5 numbers them.
    phrases: Vec<String>,
    /// Articles holding each phrase, where the index vocabulary says (expanded prefixes).
    docs: Vec<Option<i64>>,
}

impl TextQuery {
    fn parse(conn: &Connection, text: &str) -> Result<TextQuery> {
        // Operands written side by side are an implicit AND that binds tighter than any
        // operator; FTS5 allows it between phrases only, so a run holding an expanded
        // prefix (a parenthesised OR) becomes `(x AND (y OR z))`.
        let mut query: Vec<String> = Vec::new();
        let mut run: Vec<String> = Vec::new();
        let flush = |run: &mut Vec<String>, query: &mut Vec<String>| match run.len() {
            0 => {}
            1 => query.append(run),
            _ if run.iter().all(|p| p.starts_with('"')) => {
                query.push(std::mem::take(run).join(" "))
            }
            _ => query.push(format!("({})", std::mem::take(run).join(" AND "))),
        };
        let mut phrases = Vec::new();
        let mut docs = Vec::new();
        for part in fts_parts(text) {
            if is_operator(&part) {
                flush(&mut run, &mut query);
                query.push(part);
                continue;
            }
            let prefix = part.strip_prefix('"').and_then(|p| p.strip_suffix("\"*"));
            if let Some(terms) = prefix.map(|p| prefix_terms(conn, p)).transpose()?.flatten() {
                let quoted: Vec<String> = terms.iter().map(|(t, _)| quote(t)).collect();
                run.push(match quoted.as_slice() {
                    [one] => one.clone(),
                    many => format!("({})", many.join(" OR ")),
                });
                phrases.extend(quoted);
                docs.extend(terms.into_iter().map(|(_, n)| Some(n)));
                continue;
            }
            phrases.push(part.clone());
            docs.push(None);
            run.push(part);
        }
        flush(&mut run, &mut query);
        Ok(TextQuery {
            fts: query.join(" "),
            phrases,
            docs,
        })
    }

    /// The query to make a snippet of an article with: only the phrases present in it
    /// (the same highlights; far cheaper to probe when a prefix expanded to many terms).
    fn for_snippet(&self, matched: &Matched) -> String {
        if self.phrases.len() < 2 {
            return self.fts.clone();
        }
        let present: Vec<&str> = matched
            .present()
            .filter_map(|i| self.phrases.get(i).map(String::as_str))
            .collect();
        if present.is_empty() {
            self.fts.clone()
        } else {
            present.join(" OR ")
        }
    }
}

fn quote(term: &str) -> String {
    format!("\"{}\"", term.replace('"', "\"\""))
}

/// The index terms starting with `prefix`, with the number of articles holding each;
/// `None` when FTS5 should match the prefix itself (none or too many terms, or a prefix
/// the tokenizer would fold in ways a plain lowercase comparison does not).
fn prefix_terms(conn: &Connection, prefix: &str) -> Result<Option<Vec<(String, i64)>>> {
    let prefix = prefix.to_lowercase();
    if prefix.is_empty() || !prefix.is_ascii() {
        return Ok(None);
    }
    // Bounded above too: fts5vocab counts the documents of every term it steps onto,
    // and the first term past the prefix can be the most frequent word of the archive.
    let mut stmt = conn
        .prepare_cached("SELECT term, doc FROM temp.articles_vocab WHERE term >= ?1 AND term < ?2")
        .map_err(query_error)?;
    let after = format!("{prefix}{}", char::MAX);
    let mut rows = stmt.query([&prefix, &after]).map_err(query_error)?;
    let mut terms = Vec::new();
    while let Some(row) = rows.next().map_err(query_error)? {
        let term: String = row.get(0)?;
        if !term.starts_with(&prefix) {
            break;
        }
        if terms.len() == MAX_PREFIX_TERMS {
            return Ok(None);
        }
        terms.push((term, row.get(1)?));
    }
    Ok((!terms.is_empty()).then_some(terms))
}

/// Articles matching among `seen` matches read newest first down to rowid `oldest`:
/// all of them when the walk reached the end, else that density over every rowid.
fn extrapolate(seen: i64, oldest: Option<i64>, exhausted: bool, max_rowid: i64) -> i64 {
    match oldest {
        Some(oldest) if !exhausted => {
            let span = (max_rowid - oldest + 1).max(1);
            let docs = (seen as f64 * max_rowid as f64 / span as f64).round() as i64;
            docs.clamp(seen, max_rowid.max(seen))
        }
        _ => seen,
    }
}

/// Articles matching `fts`: counted up to [`DF_SAMPLE`], extrapolated beyond.
fn estimate_docs(conn: &Connection, fts: &str, max_rowid: i64) -> Result<i64> {
    let mut stmt = conn
        .prepare_cached(&format!(
            "SELECT count(*), min(rowid) FROM (SELECT rowid FROM articles_fts
             WHERE articles_fts MATCH ?1 ORDER BY rowid DESC LIMIT {DF_SAMPLE})"
        ))
        .map_err(query_error)?;
    let (seen, oldest): (i64, Option<i64>) = stmt
        .query_row([fts], |r| Ok((r.get(0)?, r.get(1)?)))
        .map_err(query_error)?;
    Ok(extrapolate(seen, oldest, seen < DF_SAMPLE, max_rowid))
}

/// A search filter: as a condition on the article `a`, and (for set-like filters) as a
/// subquery listing its article rowids, with the same parameters. Conditions use only
/// `a.rowid`, `a.pub_day` and `a.duplicate_of`, so `a` can be read from the
/// `articles_meta` index instead of the article rows (which hold the text).
struct ArticleSet {
    condition: String,
    members: Option<String>,
    params: Vec<Value>,
    /// The date filter: a listing walks the date index anyway.
    by_date: bool,
    /// A cheap lower bound on the number of members (same parameters), so that a set
    /// far too large to read is not counted.
    at_least: Option<String>,
}

impl ArticleSet {
    /// The condition on another expression for the article's rowid (a full-text index
    /// entry's, to test it before the article row is read), where only the rowid counts.
    fn condition_on(&self, rowid: &str) -> String {
        self.condition.replace(" a.rowid", &format!(" {rowid}"))
    }
}

fn article_sets(
    conn: &Connection,
    q: &SearchQuery,
    since: Option<i64>,
    until: Option<i64>,
) -> Result<Vec<ArticleSet>> {
    let mut sets = Vec::new();
    let set = |condition: String, members: Option<String>, params: Vec<Value>| ArticleSet {
        condition,
        members,
        params,
        by_date: false,
        at_least: None,
    };
    if !q.include_duplicates {
        sets.push(set("a.duplicate_of IS NULL".into(), None, Vec::new()));
    }
    if since.is_some() || until.is_some() {
        sets.push(ArticleSet {
            by_date: true,
            ..set(
                "a.pub_day BETWEEN ? AND ?".into(),
                Some("SELECT rowid FROM articles WHERE pub_day BETWEEN ? AND ?".into()),
                vec![
                    since.unwrap_or(i64::MIN).into(),
                    until.unwrap_or(i64::MAX).into(),
                ],
            )
        });
    }
    for actor in q.actors.iter().filter(|a| !a.trim().is_empty()) {
        let ids = in_list(&actor_rowids(conn, actor)?);
        sets.push(ArticleSet {
            at_least: Some(format!("SELECT max(articles) FROM actors WHERE rowid IN ({ids})")),
            ..set(
                format!("EXISTS (SELECT 1 FROM article_actors aa WHERE aa.article = a.rowid AND aa.actor IN ({ids}))"),
                Some(format!("SELECT article FROM article_actors WHERE actor IN ({ids})")),
                Vec::new(),
            )
        });
    }
    if let Some(country) = q.country.as_deref().filter(|c| !c.trim().is_empty()) {
        sets.push(ArticleSet {
            at_least: Some("SELECT max(articles) FROM actors WHERE country = ?".into()),
            ..set(
                "EXISTS (SELECT 1 FROM article_actors aa JOIN actors ac ON ac.rowid = aa.actor
                  WHERE aa.article = a.rowid AND ac.country = ?)"
                    .into(),
                Some(
                    "SELECT aa.article FROM actors ac JOIN article_actors aa ON aa.actor = ac.rowid
                     WHERE ac.country = ?"
                        .into(),
                ),
                vec![country.trim().to_uppercase().into()],
            )
        });
    }
    if let Some(p) = q.plover.as_deref().filter(|p| !p.trim().is_empty()) {
        sets.push(set(
            "EXISTS (SELECT 1 FROM mentions m WHERE m.article = a.rowid AND m.plover = ?)".into(),
            Some("SELECT article FROM mentions WHERE plover = ?".into()),
            vec![p.trim().to_uppercase().into()],
        ));
    }
    if let Some(c) = q.cameo.as_deref().filter(|c| !c.trim().is_empty()) {
        // A prefix as a range, so the (cameo, article) index serves it.
        let c = c.trim().to_string();
        sets.push(set(
            "EXISTS (SELECT 1 FROM mentions m WHERE m.article = a.rowid
              AND m.cameo >= ? AND m.cameo < ? || '~')"
                .into(),
            Some("SELECT article FROM mentions WHERE cameo >= ? AND cameo < ? || '~'".into()),
            vec![c.clone().into(), c.into()],
        ));
    }
    Ok(sets)
}

/// Rows of `sql` counted up to `cap`.
fn bounded_count(conn: &Connection, sql: &str, params: &[Value], cap: i64) -> Result<i64> {
    let sql = format!("SELECT count(*) FROM ({sql} LIMIT {cap})");
    let mut stmt = conn.prepare_cached(&sql).map_err(query_error)?;
    stmt.query_row(rusqlite::params_from_iter(params.iter()), |r| r.get(0))
        .map_err(query_error)
}

/// The smallest set-like filter with its size, when one is at most [`SMALL_SET`] (the
/// date filter only if `dates`).
fn smallest_set(
    conn: &Connection,
    sets: &[ArticleSet],
    dates: bool,
) -> Result<Option<(usize, i64)>> {
    let mut best: Option<(usize, i64)> = None;
    for (i, set) in sets.iter().enumerate().filter(|(_, s)| dates || !s.by_date) {
        let Some(members) = &set.members else {
            continue;
        };
        if let Some(bound) = &set.at_least {
            let mut stmt = conn.prepare_cached(bound).map_err(query_error)?;
            let at_least: Option<i64> = stmt
                .query_row(rusqlite::params_from_iter(set.params.iter()), |r| r.get(0))
                .map_err(query_error)?;
            if at_least.unwrap_or(0) > SMALL_SET {
                continue;
            }
        }
        let cap = best.map_or(SMALL_SET + 1, |(_, b)| b);
        let size = bounded_count(conn, members, &set.params, cap)?;
        if size <= SMALL_SET && best.is_none_or(|(_, b)| size < b) {
            best = Some((i, size));
        }
    }
    Ok(best)
}

/// `AND`-joined conditions of `sets`, and their parameters in order.
fn conditions(sets: &[ArticleSet]) -> (String, Vec<Value>) {
    let sql = sets
        .iter()
        .map(|s| format!(" AND {}", s.condition))
        .collect();
    let params = sets.iter().flat_map(|s| s.params.iter().cloned()).collect();
    (sql, params)
}

/// A match worth ranking.
struct Candidate {
    rowid: i64,
    matched: Matched,
}

/// Candidates, and what reading them showed about how many articles match.
struct Candidates {
    rows: Vec<Candidate>,
    /// Articles matching the text (whatever the filters), when the read shows it.
    docs: Option<i64>,
}

/// The newest `pool` matches of `text` passing `sets`, walking the full-text index.
/// Without set filters the walk also counts every match it passes, so it tells how
/// many articles the text matches.
fn walk_matches(
    conn: &Connection,
    text: &str,
    sets: &[ArticleSet],
    pool: usize,
    max_rowid: i64,
) -> Result<Candidates> {
    let unfiltered = sets.iter().all(|s| s.members.is_none());
    // Unfiltered, duplicates are told apart after reading (counted, not ranked).
    let (sql, params) = if unfiltered {
        let keep = if sets.is_empty() {
            "1 FROM articles_fts".to_string()
        } else {
            let keep: Vec<&str> = sets.iter().map(|s| s.condition.as_str()).collect();
            format!(
                "({}) FROM articles_fts CROSS JOIN articles a INDEXED BY articles_meta
                 ON a.rowid = articles_fts.rowid",
                keep.join(" AND ")
            )
        };
        let (_, params) = conditions(sets);
        (
            format!(
                "SELECT articles_fts.rowid, chronicle_match(articles_fts), {keep}
                 WHERE articles_fts MATCH ? ORDER BY articles_fts.rowid DESC"
            ),
            params,
        )
    } else {
        // Filters that only need the rowid are tested on the index entry, before the
        // article row is looked up (for the date and duplicate tests).
        let extra: String = sets
            .iter()
            .map(|s| format!(" AND {}", s.condition_on("articles_fts.rowid")))
            .collect();
        let (_, params) = conditions(sets);
        (
            format!(
                "SELECT articles_fts.rowid, chronicle_match(articles_fts), 1
                 FROM articles_fts CROSS JOIN articles a INDEXED BY articles_meta
                      ON a.rowid = articles_fts.rowid
                 WHERE articles_fts MATCH ?{extra} ORDER BY articles_fts.rowid DESC"
            ),
            params,
        )
    };
    // Keep-conditions come before MATCH in the SQL text when unfiltered.
    let all_params: Vec<Value> = if unfiltered {
        params
            .into_iter()
            .chain([Value::from(text.to_string())])
            .collect()
    } else {
        std::iter::once(Value::from(text.to_string()))
            .chain(params)
            .collect()
    };
    let mut stmt = conn.prepare_cached(&sql).map_err(query_error)?;
    let mut rows = stmt
        .query(rusqlite::params_from_iter(all_params.iter()))
        .map_err(query_error)?;
    let (mut out, mut seen, mut oldest, mut exhausted) = (Vec::new(), 0i64, None, true);
    while let Some(row) = rows.next().map_err(query_error)? {
        let rowid: i64 = row.get(0)?;
        seen += 1;
        oldest = Some(rowid);
        if row.get::<_, Option<bool>>(2)?.unwrap_or(false) {
            let blob: Vec<u8> = row.get(1)?;
            out.push(Candidate {
                rowid,
                matched: Matched::decode(&blob),
            });
            if out.len() >= pool {
                exhausted = false;
                break;
            }
        }
    }
    Ok(Candidates {
        rows: out,
        docs: unfiltered.then(|| extrapolate(seen, oldest, exhausted, max_rowid)),
    })
}

/// The newest `pool` members of the small set `set` (passing `others`) that match
/// `text`, probing the full-text index member by member.
fn probe_members(
    conn: &Connection,
    text: &str,
    set: &ArticleSet,
    others: &[ArticleSet],
    pool: usize,
) -> Result<Candidates> {
    // Sorted here: SQLite may drop an ORDER BY inside a subquery nothing else orders.
    let mut members: Vec<i64> = {
        let mut stmt = conn
            .prepare_cached(set.members.as_deref().unwrap_or("SELECT NULL WHERE 0"))
            .map_err(query_error)?;
        let rows = stmt
            .query_map(rusqlite::params_from_iter(set.params.iter()), |r| {
                r.get::<_, Option<i64>>(0)
            })
            .map_err(query_error)?;
        rows.filter_map(|r| r.transpose())
            .collect::<rusqlite::Result<_>>()
            .map_err(query_error)?
    };
    members.sort_unstable_by(|a, b| b.cmp(a));
    members.dedup();
    let (extra, params) = conditions(others);
    let mut passes = conn
        .prepare_cached(&format!(
            "SELECT 1 FROM articles a INDEXED BY articles_meta WHERE a.rowid = ?{extra}"
        ))
        .map_err(query_error)?;
    let mut probe = conn
        .prepare_cached(
            "SELECT chronicle_match(articles_fts) FROM articles_fts
             WHERE articles_fts MATCH ?1 AND rowid = ?2",
        )
        .map_err(query_error)?;
    let mut out = Vec::new();
    for rowid in members {
        let others_pass = others.is_empty()
            || passes
                .exists(rusqlite::params_from_iter(
                    std::iter::once(&Value::from(rowid)).chain(params.iter()),
                ))
                .map_err(query_error)?;
        if !others_pass {
            continue;
        }
        let mut hit = probe
            .query(rusqlite::params![text, rowid])
            .map_err(query_error)?;
        if let Some(r) = hit.next().map_err(query_error)? {
            let blob: Vec<u8> = r.get(0)?;
            out.push(Candidate {
                rowid,
                matched: Matched::decode(&blob),
            });
            if out.len() >= pool {
                break;
            }
        }
    }
    Ok(Candidates {
        rows: out,
        docs: None,
    })
}

impl Archive {
    /// Full-text search, best matches first (bm25; titles weigh 5x body text). Queries
    /// matching more than [`RANK_CANDIDATES`] articles rank the most recently stored ones
    /// ([`FILTERED_CANDIDATES`] when filtered). Without text: the articles matching the
    /// filters, newest first.
    pub fn search(&self, q: &SearchQuery) -> Result<Vec<SearchHit>> {
        let since = day_param(&q.since, "since")?;
        let until = until_param(&q.until)?;
        self.read(|conn| {
            let sets = article_sets(conn, q, since, until)?;
            let limit = limit_of(q.limit);
            let offset = q.offset as i64;
            let max_rowid: i64 =
                conn.query_row("SELECT coalesce(max(rowid), 0) FROM articles", [], |r| {
                    r.get(0)
                })?;
            let (positive, excluded) = split_exclusions(&q.text);
            let mut sets = sets;
            if let Some(set) = exclusion_set(&excluded) {
                sets.push(set);
            }
            let text = TextQuery::parse(conn, &positive)?;
            if text.fts.is_empty() {
                return list_filtered(conn, sets, limit, offset, max_rowid);
            }
            search_text(conn, &text, sets, limit, offset, max_rowid)
        })
    }
}

/// Splits the negations that FTS5 cannot express out of a search: `-word`, `-"a phrase"`,
/// and a `NOT` with no operand on its left (`NOT korea`, `summit OR NOT korea`). Returns
/// the rest of the text and the excluded terms; `summit NOT korea` is left to FTS5.
fn split_exclusions(text: &str) -> (String, Vec<String>) {
    let mut tokens: Vec<String> = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let mut token = String::new();
        if c == '-' {
            token.push(c);
            chars.next();
        }
        if chars.peek() == Some(&'"') {
            token.push('"');
            chars.next();
            for c in chars.by_ref() {
                token.push(c);
                if c == '"' {
                    break;
                }
            }
        } else {
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() || c == '"' {
                    break;
                }
                token.push(c);
                chars.next();
            }
        }
        tokens.push(token);
    }
    let mut rest: Vec<String> = Vec::new();
    let mut excluded = Vec::new();
    let mut tokens = tokens.into_iter().peekable();
    while let Some(token) = tokens.next() {
        let no_left_operand = rest.last().is_none_or(|t| is_operator(t));
        if token == "NOT" && no_left_operand {
            if let Some(next) = tokens.next() {
                excluded.push(next.trim_start_matches('-').to_string());
            }
            continue;
        }
        if let Some(term) = token.strip_prefix('-').filter(|t| !t.is_empty()) {
            excluded.push(term.to_string());
            continue;
        }
        rest.push(token);
    }
    excluded.retain(|t| !fts_parts(t).is_empty());
    (rest.join(" "), excluded)
}

/// The articles matching none of `excluded`, as a filter.
fn exclusion_set(excluded: &[String]) -> Option<ArticleSet> {
    let phrases: Vec<String> = excluded
        .iter()
        .flat_map(|t| fts_parts(t))
        .filter(|p| !is_operator(p))
        .collect();
    if phrases.is_empty() {
        return None;
    }
    Some(ArticleSet {
        condition: "NOT ( a.rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?))"
            .into(),
        members: None,
        params: vec![phrases.join(" OR ").into()],
        by_date: false,
        at_least: None,
    })
}

const DUPLICATE_ID: &str = "(SELECT d.id FROM articles d WHERE d.rowid = a.duplicate_of)";

/// Articles matching the filters, newest first: walking the date index testing the
/// filters, or, when a filter set is small and sparse, reading that set and sorting it.
fn list_filtered(
    conn: &Connection,
    mut sets: Vec<ArticleSet>,
    limit: i64,
    offset: i64,
    max_rowid: i64,
) -> Result<Vec<SearchHit>> {
    let columns = format!(
        "a.id, a.title, a.pub_date, a.source, a.url, substr(a.text, 1, 200), {DUPLICATE_ID}"
    );
    // The date filter is no set to read: the walk reads the date index in order anyway.
    let small = smallest_set(conn, &sets, false)?;
    // Walking by date visits about (offset + limit) × articles / size articles to fill
    // the page from a set of `size`; reading the set costs a lookup per member.
    let read_set = small.filter(|&(_, size)| {
        let walk = (offset + limit).saturating_mul(max_rowid) / size.max(1);
        size.saturating_mul(LOOKUP_COST) < walk
    });
    let (sql, params) = match read_set {
        Some((i, _)) => {
            let set = sets.remove(i);
            let (extra, others) = conditions(&sets);
            let members = set.members.unwrap_or_default();
            (
                format!(
                    "WITH members(rid) AS ({members}),
                     page AS (SELECT a.rowid AS rid, a.pub_day AS day
                              FROM (SELECT DISTINCT rid FROM members) m
                                   CROSS JOIN articles a INDEXED BY articles_meta
                                   ON a.rowid = m.rid
                              WHERE 1{extra}
                              ORDER BY a.pub_day DESC, a.rowid DESC LIMIT {limit} OFFSET {offset})
                     SELECT {columns} FROM page CROSS JOIN articles a ON a.rowid = page.rid
                     ORDER BY page.day DESC, page.rid DESC"
                ),
                set.params.into_iter().chain(others).collect::<Vec<_>>(),
            )
        }
        None => {
            let (extra, params) = conditions(&sets);
            (
                format!(
                    "SELECT {columns} FROM articles a WHERE 1{extra}
                     ORDER BY a.pub_day DESC, a.rowid DESC LIMIT {limit} OFFSET {offset}"
                ),
                params,
            )
        }
    };
    let mut stmt = conn.prepare_cached(&sql).map_err(query_error)?;
    let rows = stmt
        .query_map(rusqlite::params_from_iter(params.iter()), |r| {
            Ok(SearchHit {
                id: r.get(0)?,
                title: r.get(1)?,
                date: r.get(2)?,
                source: r.get(3)?,
                url: r.get(4)?,
                snippet: r
                    .get::<_, Option<String>>(5)?
                    .unwrap_or_default()
                    .replace('\n', " "),
                score: 0.0,
                duplicate_of: r.get(6)?,
            })
        })
        .map_err(query_error)?;
    rows.collect::<rusqlite::Result<Vec<_>>>()
        .map_err(query_error)
}

/// Ranked full-text search (see the module documentation).
fn search_text(
    conn: &Connection,
    text: &TextQuery,
    mut sets: Vec<ArticleSet>,
    limit: i64,
    offset: i64,
    max_rowid: i64,
) -> Result<Vec<SearchHit>> {
    // Ranking every match of a very common word would cost time proportional to the
    // archive; the newest `pool` matches are ranked instead (exact whenever a query
    // matches fewer articles).
    let filtered = sets.iter().any(|s| s.members.is_some());
    let pool = if filtered {
        FILTERED_CANDIDATES
    } else {
        RANK_CANDIDATES
    };
    let mut probe_set = None;
    if let Some((i, size)) = smallest_set(conn, &sets, true)? {
        let matches = estimate_docs(conn, &text.fts, max_rowid)?;
        let pool = pool as i64;
        // Matches visited walking newest first until `pool` are in the set, against
        // members probed walking the set until `pool` match.
        let walk = matches.min(pool.saturating_mul(max_rowid) / size.max(1));
        let probes = size.min(pool.saturating_mul(max_rowid) / matches.max(1));
        if probes.saturating_mul(PROBE_COST) < walk {
            probe_set = Some(i);
        } else if let Some(members) = &sets[i].members {
            // Walk the matches, testing membership in the small set from memory — on
            // the index entry, before the article row is looked up.
            sets[i].condition = format!("+articles_fts.rowid IN ({members})");
            let set = sets.remove(i);
            sets.insert(0, set);
        }
    }
    let candidates = match probe_set {
        Some(i) => {
            let set = sets.remove(i);
            probe_members(conn, &text.fts, &set, &sets, pool)?
        }
        None => walk_matches(conn, &text.fts, &sets, pool, max_rowid)?,
    };
    if candidates.rows.is_empty() {
        return Ok(Vec::new());
    }
    // Document frequencies: known, seen by the walk (one phrase), or estimated.
    let mut idfs = Vec::with_capacity(text.phrases.len());
    for (phrase, known) in text.phrases.iter().zip(&text.docs) {
        let docs = match (known, candidates.docs) {
            (Some(n), _) => *n,
            (None, Some(n)) if text.phrases.len() == 1 => n,
            _ => estimate_docs(conn, phrase, max_rowid)?,
        };
        idfs.push(idf(docs, max_rowid));
    }
    let mut scored: Vec<(f64, Candidate)> = candidates
        .rows
        .into_iter()
        .map(|c| (c.matched.score(&idfs), c))
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(b.1.rowid.cmp(&a.1.rowid)));
    let mut article = conn
        .prepare_cached(&format!(
            "SELECT a.id, a.title, a.pub_date, a.source, a.url, {DUPLICATE_ID}
             FROM articles a WHERE a.rowid = ?1"
        ))
        .map_err(query_error)?;
    let mut snippet = conn
        .prepare_cached(
            "SELECT snippet(articles_fts, 1, '[', ']', '…', 16) FROM articles_fts
             WHERE articles_fts MATCH ?1 AND rowid = ?2",
        )
        .map_err(query_error)?;
    let mut hits = Vec::new();
    for (score, c) in scored
        .into_iter()
        .skip(offset.max(0) as usize)
        .take(limit.max(0) as usize)
    {
        let fragment: Option<String> = snippet
            .query_row(
                rusqlite::params![text.for_snippet(&c.matched), c.rowid],
                |r| r.get(0),
            )
            .map_err(query_error)?;
        let hit = article
            .query_row([c.rowid], |r| {
                Ok(SearchHit {
                    id: r.get(0)?,
                    title: r.get(1)?,
                    date: r.get(2)?,
                    source: r.get(3)?,
                    url: r.get(4)?,
                    snippet: fragment.unwrap_or_default().replace('\n', " "),
                    score,
                    duplicate_of: r.get(5)?,
                })
            })
            .map_err(query_error)?;
        hits.push(hit);
    }
    Ok(hits)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        crate::rank::register(&conn).unwrap();
        conn.execute_batch(
            "CREATE VIRTUAL TABLE articles_fts USING fts5(title, text);
             CREATE VIRTUAL TABLE temp.articles_vocab USING fts5vocab(main, 'articles_fts', 'row');
             INSERT INTO articles_fts VALUES ('', 'trade talks resumed');
             INSERT INTO articles_fts VALUES ('', 'talks on trading stalled');
             INSERT INTO articles_fts VALUES ('', 'traders and talks and tariffs');
             INSERT INTO articles_fts VALUES ('', 'rain');
             INSERT INTO articles_fts VALUES ('', 'tariff trade');",
        )
        .unwrap();
        conn
    }

    fn matches(conn: &Connection, fts: &str) -> Vec<i64> {
        conn.prepare("SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?1 ORDER BY rowid")
            .unwrap()
            .query_map([fts], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }

    #[test]
    fn expanded_prefixes_match_what_fts5_prefixes_match() {
        let conn = index();
        for text in [
            "trad*",
            "talks trad*",
            "trad* talks",
            "talks NOT trad* resumed",
            "rain OR tar* trad*",
            "\"trade talks\" OR trad*",
            "Trad*",
            "zzz*",
            "t*",
            "trade-talk*",
        ] {
            let expanded = TextQuery::parse(&conn, text).unwrap();
            assert_eq!(
                matches(&conn, &expanded.fts),
                matches(&conn, &crate::query::fts_query(text)),
                "{text} -> {}",
                expanded.fts
            );
        }
        let q = TextQuery::parse(&conn, "trad*").unwrap();
        assert_eq!(q.fts, "(\"trade\" OR \"traders\" OR \"trading\")");
        assert_eq!(q.docs, [Some(2), Some(1), Some(1)]);
        // No term: FTS5's own prefix (it matches nothing, at no cost).
        assert_eq!(TextQuery::parse(&conn, "zzz*").unwrap().fts, "\"zzz\"*");
    }

    #[test]
    fn negations_without_a_left_operand_become_exclusions() {
        let split = |t: &str| split_exclusions(t);
        assert_eq!(
            split("NOT korea"),
            (String::new(), vec!["korea".to_string()])
        );
        assert_eq!(split("-korea"), (String::new(), vec!["korea".to_string()]));
        assert_eq!(
            split("summit -\"north korea\" talks"),
            (
                "summit talks".to_string(),
                vec!["\"north korea\"".to_string()]
            )
        );
        assert_eq!(
            split("summit NOT korea"),
            ("summit NOT korea".to_string(), vec![])
        );
        assert_eq!(
            split("a OR NOT b"),
            ("a OR".to_string(), vec!["b".to_string()])
        );
        assert_eq!(split("-"), ("-".to_string(), vec![]));
        assert_eq!(split("NOT"), (String::new(), vec![]));
    }

    #[test]
    fn frequencies_are_exact_below_the_sample_and_extrapolated_above() {
        assert_eq!(extrapolate(40, Some(900), true, 1000), 40);
        // 2000 matches among the newest 4000 of 1,000,000 articles: half of them.
        assert_eq!(extrapolate(2000, Some(996_001), false, 1_000_000), 500_000);
        assert_eq!(extrapolate(0, None, true, 1000), 0);
        let conn = index();
        assert_eq!(estimate_docs(&conn, "\"talks\"", 5).unwrap(), 3);
    }
}
