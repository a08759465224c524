//! The read side: [`Archive`], a pool of read-only connections that any number of
//! threads can query at once while one [`Writer`](crate::Writer) ingests.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rusqlite::{Connection, OpenFlags};

use crate::error::{Error, Result};
use crate::schema;

/// A Chronicle archive opened for queries. `Send + Sync`: share it (e.g. in an `Arc`)
/// between server threads; each query borrows a read-only connection from the pool
/// and runs in one read transaction, so it sees one consistent snapshot even while
/// an ingest is committing batches.
pub struct Archive {
    path: PathBuf,
    pool: Mutex<Vec<Connection>>,
}

/// Connections kept for reuse; more are opened on demand under load.
const MAX_IDLE: usize = 8;

impl Archive {
    /// Opens an existing archive for reading. An archive written by an older version is
    /// migrated first (that needs write access once).
    pub fn open(path: impl AsRef<Path>) -> Result<Archive> {
        let path = path.as_ref().to_path_buf();
        if !path.is_file() {
            return Err(Error::Open {
                path,
                message: "no such archive (create one with `chronicle ingest`)".into(),
            });
        }
        let archive = Archive {
            path,
            pool: Mutex::new(Vec::new()),
        };
        let conn = archive.connect()?;
        let version = schema::version(&conn)?;
        if version < schema::SCHEMA_VERSION {
            drop(conn);
            crate::store::open_rw(&archive.path)?;
        } else if version > schema::SCHEMA_VERSION {
            return Err(Error::TooNew {
                path: archive.path.clone(),
                found: version,
                supported: schema::SCHEMA_VERSION,
            });
        } else {
            archive.give_back(conn);
        }
        Ok(archive)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn connect(&self) -> Result<Connection> {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(&self.path, flags).map_err(|e| Error::Open {
            path: self.path.clone(),
            message: e.to_string(),
        })?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        conn.pragma_update(None, "cache_size", -32768)?;
        // Reading pages straight from the OS cache (no copy per page) matters when a
        // query touches thousands of index pages of a multi-gigabyte archive.
        conn.pragma_update(None, "mmap_size", 1i64 << 30)?;
        crate::rank::register(&conn)?;
        // A query stops (SQLITE_INTERRUPT) once the caller's budget runs out, so a server
        // request past its deadline releases the CPU instead of running on (see
        // `chronicle::budget`; without a budget this never fires).
        conn.progress_handler(20_000, Some(chronicle::budget::expired));
        // The index vocabulary, for expanding prefix queries into the terms they match.
        conn.execute_batch(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.articles_vocab
             USING fts5vocab(main, 'articles_fts', 'row')",
        )?;
        Ok(conn)
    }

    fn give_back(&self, conn: Connection) {
        if let Ok(mut pool) = self.pool.lock() {
            if pool.len() < MAX_IDLE {
                pool.push(conn);
            }
        }
    }

    /// Runs `f` on a pooled read-only connection inside one read transaction.
    pub(crate) fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let pooled = self.pool.lock().ok().and_then(|mut p| p.pop());
        let conn = match pooled {
            Some(conn) => conn,
            None => self.connect()?,
        };
        let result = (|| {
            let tx = conn.unchecked_transaction()?;
            let out = f(&tx)?;
            tx.finish()?;
            Ok(out)
        })();
        self.give_back(conn);
        result
    }
}
