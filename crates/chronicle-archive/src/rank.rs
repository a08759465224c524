//! `chronicle_rank(articles_fts, idf, ...)`: FTS5's bm25 with the inverse document
//! frequencies given by the caller, one per phrase of the query.
//!
//! FTS5's own `bm25()` counts every document matching each phrase the first time a
//! statement calls it — a million-entry walk for "the" in a million-article archive —
//! and again for every correlated probe. Search estimates document frequencies with a
//! bounded count instead (see [`idf`]), so ranking costs only the rows it ranks.

use std::ffi::{c_int, c_void};
use std::ptr::null_mut;

use rusqlite::{ffi, Connection};

use crate::error::{Error, Result};

/// bm25 parameters, as FTS5 uses them.
const K1: f64 = 1.2;
const B: f64 = 0.75;

/// Weight of a match in each column of `articles_fts`: title, text.
const COLUMN_WEIGHTS: [f64; 2] = [5.0, 1.0];

/// Registers `chronicle_rank` on `conn`.
pub(crate) fn register(conn: &Connection) -> Result<()> {
    let failed = |what: &str| Error::Query(format!("cannot register chronicle_rank: {what}"));
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
            c"chronicle_rank".as_ptr(),
            null_mut(),
            Some(rank),
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

/// The FTS5 auxiliary function. Arguments after the table: one IDF per phrase (missing
/// ones count 1). Lower is better, like `bm25()`.
unsafe extern "C" fn rank(
    api: *const ffi::Fts5ExtensionApi,
    fts: *mut ffi::Fts5Context,
    ctx: *mut ffi::sqlite3_context,
    n_val: c_int,
    values: *mut *mut ffi::sqlite3_value,
) {
    // SAFETY: SQLite calls this with a valid API, context and `n_val` argument values.
    unsafe {
        match score(&*api, fts, n_val, values) {
            Ok(s) => ffi::sqlite3_result_double(ctx, -s),
            Err(rc) => ffi::sqlite3_result_error_code(ctx, rc),
        }
    }
}

unsafe fn score(
    api: &ffi::Fts5ExtensionApi,
    fts: *mut ffi::Fts5Context,
    n_val: c_int,
    values: *mut *mut ffi::sqlite3_value,
) -> std::result::Result<f64, c_int> {
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
        let mut score = 0.0;
        for (i, f) in frequency.iter().enumerate() {
            let idf = if (i as c_int) < n_val {
                ffi::sqlite3_value_double(*values.add(i))
            } else {
                1.0
            };
            score += idf * (f * (K1 + 1.0)) / (f + norm);
        }
        Ok(score)
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
        let sql = format!(
            "SELECT rowid, bm25(t, 5.0, 1.0), chronicle_rank(t, {}, {}) FROM t
             WHERE t MATCH 'trade talks' ORDER BY rowid",
            idf(3, 4),
            idf(2, 4)
        );
        let mut stmt = conn.prepare(&sql).unwrap();
        let rows: Vec<(i64, f64, f64)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(rows.len(), 2);
        for (rowid, bm25, ours) in rows {
            assert!((bm25 - ours).abs() < 1e-9, "row {rowid}: {bm25} vs {ours}");
        }
    }
}
