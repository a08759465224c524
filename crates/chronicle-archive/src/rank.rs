//! `chronicle_match(articles_fts)`: what FTS5's bm25 needs to know about one matched row
//! (its length norm and the weighted frequency of each phrase present), so that search
//! can score rows with inverse document frequencies it learns afterwards.
//!
//! FTS5's own `bm25()` counts every document matching each phrase the first time a
//! statement calls it — a million-entry walk for "the" in a million-article archive —
//! and again for every correlated probe. Search reads the candidate rows first and
//! estimates document frequencies cheaply (often from that same walk), then scores
//! them here ([`Matched::score`], [`idf`]).

use std::ffi::{c_int, c_void};
use std::ptr::null_mut;

use rusqlite::{ffi, Connection};

use crate::error::{Error, Result};

/// bm25 parameters, as FTS5 uses them.
const K1: f64 = 1.2;
const B: f64 = 0.75;

/// Weight of a match in each column of `articles_fts`: title, text.
const COLUMN_WEIGHTS: [f64; 2] = [5.0, 1.0];

/// Registers `chronicle_match` on `conn`.
pub(crate) fn register(conn: &Connection) -> Result<()> {
    let failed = |what: &str| Error::Query(format!("cannot register chronicle_match: {what}"));
    // SAFETY: the handle is valid while `conn` lives; the statement is finalized before
    // returning; `api` is written by SQLite only during the step, while it is in scope.
    // The function has no user data to free and stays valid for the connection's life.
    unsafe {
        let db = conn.handle();
        let mut stmt = null_mut();
        if ffi::sqlite3_prepare_v2(db, c"SELECT fts5(?1)".as_ptr(), -1, &mut stmt, null_mut())
            != ffi::SQLITE_OK
        {
            return Err(failed("no FTS5"));
        }
        let mut api: *mut ffi::fts5_api = null_mut();
        ffi::sqlite3_bind_pointer(
            stmt,
            1,
            (&mut api as *mut *mut ffi::fts5_api).cast::<c_void>(),
            c"fts5_api_ptr".as_ptr(),
            None,
        );
        ffi::sqlite3_step(stmt);
        ffi::sqlite3_finalize(stmt);
        let Some(create) = api.as_ref().and_then(|a| a.xCreateFunction) else {
            return Err(failed("no FTS5 API"));
        };
        if create(
            api,
            c"chronicle_match".as_ptr(),
            null_mut(),
            Some(matched),
            None,
        ) != ffi::SQLITE_OK
        {
            return Err(failed("xCreateFunction failed"));
        }
    }
    Ok(())
}

/// The inverse document frequency of a phrase found in `docs` of `rows` documents, as
/// FTS5's bm25 computes it (never below a small positive floor).
pub fn idf(docs: i64, rows: i64) -> f64 {
    let (n, docs) = (rows as f64, docs as f64);
    let idf = ((n - docs + 0.5) / (docs + 0.5)).ln();
    if idf > 0.0 {
        idf
    } else {
        1e-6
    }
}

/// The FTS5 auxiliary function: the matched row's bm25 length norm, then (phrase index,
/// weighted frequency) for each phrase present in the row, as little-endian f64s.
unsafe extern "C" fn matched(
    api: *const ffi::Fts5ExtensionApi,
    fts: *mut ffi::Fts5Context,
    ctx: *mut ffi::sqlite3_context,
    _n_val: c_int,
    _values: *mut *mut ffi::sqlite3_value,
) {
    // SAFETY: SQLite calls this with a valid API and context; the blob is copied by
    // SQLite (SQLITE_TRANSIENT) before `bytes` is dropped.
    unsafe {
        match match_stats(&*api, fts) {
            Ok(stats) => {
                let bytes: Vec<u8> = stats.iter().flat_map(|v| v.to_le_bytes()).collect();
                ffi::sqlite3_result_blob(
                    ctx,
                    bytes.as_ptr().cast::<c_void>(),
                    bytes.len() as c_int,
                    ffi::SQLITE_TRANSIENT(),
                );
            }
            Err(rc) => ffi::sqlite3_result_error_code(ctx, rc),
        }
    }
}

unsafe fn match_stats(
    api: &ffi::Fts5ExtensionApi,
    fts: *mut ffi::Fts5Context,
) -> std::result::Result<Vec<f64>, c_int> {
    let check = |rc: c_int| {
        if rc == ffi::SQLITE_OK {
            Ok(())
        } else {
            Err(rc)
        }
    };
    let missing = ffi::SQLITE_MISUSE;
    // SAFETY: every pointer comes from SQLite for the duration of this call.
    unsafe {
        let phrases = api.xPhraseCount.ok_or(missing)?(fts).max(0) as usize;
        let mut rows: i64 = 0;
        check(api.xRowCount.ok_or(missing)?(fts, &mut rows))?;
        let mut total: i64 = 0;
        check(api.xColumnTotalSize.ok_or(missing)?(fts, -1, &mut total))?;
        let average = if rows > 0 {
            total as f64 / rows as f64
        } else {
            1.0
        };
        let mut length: c_int = 0;
        check(api.xColumnSize.ok_or(missing)?(fts, -1, &mut length))?;
        let mut frequency = vec![0.0f64; phrases];
        let mut instances: c_int = 0;
        check(api.xInstCount.ok_or(missing)?(fts, &mut instances))?;
        let inst = api.xInst.ok_or(missing)?;
        for i in 0..instances {
            let (mut phrase, mut column, mut offset) = (0, 0, 0);
            check(inst(fts, i, &mut phrase, &mut column, &mut offset))?;
            let weight = COLUMN_WEIGHTS
                .get(column.max(0) as usize)
                .copied()
                .unwrap_or(1.0);
            if let Some(f) = frequency.get_mut(phrase.max(0) as usize) {
                *f += weight;
            }
        }
        let norm = K1 * (1.0 - B + B * f64::from(length) / average.max(1e-9));
        let mut out = vec![norm];
        for (i, f) in frequency.into_iter().enumerate() {
            if f > 0.0 {
                out.extend([i as f64, f]);
            }
        }
        Ok(out)
    }
}

/// What `chronicle_match` said about one matched row.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Matched {
    norm: f64,
    /// (phrase index, weighted frequency) of the phrases present in the row.
    phrases: Vec<(usize, f64)>,
}

impl Matched {
    /// Decodes the blob `chronicle_match` returns (nothing usable: an empty match).
    pub(crate) fn decode(blob: &[u8]) -> Matched {
        let mut values = blob
            .chunks_exact(8)
            .map(|c| f64::from_le_bytes(c.try_into().unwrap_or([0; 8])));
        let norm = values.next().unwrap_or(K1);
        let mut phrases = Vec::new();
        while let (Some(i), Some(f)) = (values.next(), values.next()) {
            phrases.push((i as usize, f));
        }
        Matched { norm, phrases }
    }

    /// Indexes of the phrases present in the row.
    pub(crate) fn present(&self) -> impl Iterator<Item = usize> + '_ {
        self.phrases.iter().map(|&(i, _)| i)
    }

    /// bm25 with one IDF per phrase (a phrase without one weighs 1). Higher is better.
    pub(crate) fn score(&self, idfs: &[f64]) -> f64 {
        self.phrases
            .iter()
            .map(|&(i, f)| idfs.get(i).copied().unwrap_or(1.0) * f * (K1 + 1.0) / (f + self.norm))
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rare_phrases_weigh_more_and_idf_stays_positive() {
        assert!(idf(10, 1_000_000) > idf(100_000, 1_000_000));
        assert_eq!(idf(900_000, 1_000_000), 1e-6);
    }

    #[test]
    fn ranks_like_bm25_when_given_the_true_document_frequencies() {
        let conn = Connection::open_in_memory().unwrap();
        register(&conn).unwrap();
        conn.execute_batch(
            "CREATE VIRTUAL TABLE t USING fts5(title, text);
             INSERT INTO t VALUES ('talks', 'the talks on trade resumed');
             INSERT INTO t VALUES ('weather', 'rain and more rain, said the office');
             INSERT INTO t VALUES ('trade', 'trade trade trade figures');
             INSERT INTO t VALUES ('markets', 'shares fell as trade talks stalled');",
        )
        .unwrap();
        // "trade" is in 3 of 4 rows, "talks" in 2.
        let mut stmt = conn
            .prepare(
                "SELECT rowid, bm25(t, 5.0, 1.0), chronicle_match(t) FROM t
                 WHERE t MATCH 'trade talks' ORDER BY rowid",
            )
            .unwrap();
        let rows: Vec<(i64, f64, Vec<u8>)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(rows.len(), 2);
        let idfs = [idf(3, 4), idf(2, 4)];
        for (rowid, bm25, blob) in rows {
            let matched = Matched::decode(&blob);
            assert_eq!(matched.present().collect::<Vec<_>>(), [0, 1]);
            // bm25() is lower-is-better.
            let ours = -matched.score(&idfs);
            assert!((bm25 - ours).abs() < 1e-9, "row {rowid}: {bm25} vs {ours}");
        }
    }

    #[test]
    fn only_phrases_present_in_the_row_are_listed() {
        let conn = Connection::open_in_memory().unwrap();
        register(&conn).unwrap();
        conn.execute_batch(
            "CREATE VIRTUAL TABLE t USING fts5(title, text);
             INSERT INTO t VALUES ('rain', 'rain and more rain');",
        )
        .unwrap();
        let blob: Vec<u8> = conn
            .query_row(
                "SELECT chronicle_match(t) FROM t WHERE t MATCH 'snow OR rain'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        let matched = Matched::decode(&blob);
        assert_eq!(matched.present().collect::<Vec<_>>(), [1]);
        assert!(matched.score(&[1.0, 1.0]) > 0.0);
        assert_eq!(Matched::decode(&[]).score(&[1.0]), 0.0);
    }
}
