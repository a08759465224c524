//! Whatever a person types into `chronicle search` or `/api/search`, the FTS5 query it becomes
//! is valid FTS5 syntax: SQLite must never answer with a syntax error.
#![no_main]

use chronicle_archive::rusqlite::Connection;
use libfuzzer_sys::fuzz_target;
use std::cell::RefCell;

thread_local! {
    static DB: RefCell<Connection> = RefCell::new({
        let conn = Connection::open_in_memory().expect("in-memory SQLite");
        conn.execute_batch(
            "CREATE VIRTUAL TABLE t USING fts5(title, text, tokenize = 'unicode61 remove_diacritics 2');
             INSERT INTO t VALUES ('US and South Korea', 'Officials will meet in mid-March.');",
        )
        .expect("FTS5 table");
        conn
    });
}

fuzz_target!(|data: &[u8]| {
    let typed = String::from_utf8_lossy(data);
    let query = chronicle_archive::query::fts_query(&typed);
    if query.is_empty() {
        return;
    }
    DB.with(|db| {
        let db = db.borrow();
        let mut stmt = db
            .prepare("SELECT rowid FROM t WHERE t MATCH ?1")
            .expect("statement");
        let rows: Result<Vec<i64>, _> = stmt
            .query_map([&query], |r| r.get(0))
            .and_then(|rows| rows.collect());
        if let Err(e) = rows {
            panic!("{typed:?} became {query:?}: {e}");
        }
    });
});
