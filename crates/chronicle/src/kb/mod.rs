//! The knowledge base: countries, places, organisations, bodies, titles and people, loaded once
//! from the TSV files in `data/kb/` (compiled into the binary) plus optional Phoenix dictionaries.
//!
//! Loading is all-or-nothing for the shipped files (a broken shipped file is a bug and an error,
//! never an empty KB); user dictionaries are forgiving: a malformed line becomes a warning
//! (`file:line: message`) and is skipped.

pub mod matcher;
pub mod phoenix;

mod build;
pub(crate) mod files;
mod names;
pub(crate) mod table;
mod types;

use std::io::Read;
use std::sync::{Arc, OnceLock};

use crate::error::Error;

use build::Builder;

pub use build::convert_phoenix;
pub use types::{Entry, EntryKind, Form, Gender, Kb, KbOptions, Target, Tenure, Title};

static DEFAULT_KB: OnceLock<Result<Arc<Kb>, String>> = OnceLock::new();

impl Kb {
    /// The shipped KB, built once per process and shared.
    pub fn shared_default() -> crate::error::Result<Arc<Kb>> {
        DEFAULT_KB
            .get_or_init(|| {
                Kb::load(&KbOptions::default())
                    .map(Arc::new)
                    .map_err(|e| e.to_string())
            })
            .clone()
            .map_err(|message| Error::Model {
                name: "knowledge base".into(),
                message,
            })
    }

    /// Builds a KB from the shipped files plus `options`.
    pub fn load(options: &KbOptions) -> crate::error::Result<Kb> {
        let t0 = std::time::Instant::now();
        let debug = std::env::var_os("CHRONICLE_LINK_DEBUG").is_some();
        let mut b = Builder::with_capacity(if options.no_default_phoenix {
            16_384
        } else {
            65_536
        });
        b.load_defaults()?;
        if debug {
            eprintln!("kb: defaults {:?}", t0.elapsed());
        }
        if !options.no_default_phoenix {
            b.load_phoenix_agents_tsv(files::PHOENIX_AGENTS)?;
            let mut text = String::new();
            flate2::read::GzDecoder::new(files::PHOENIX_ACTORS_GZ)
                .read_to_string(&mut text)
                .map_err(|e| Error::io("data/kb/phoenix/actors.tsv.gz", e))?;
            if debug {
                eprintln!("kb: phoenix unzipped {:?}", t0.elapsed());
            }
            b.load_phoenix_actors_tsv(&text)?;
            if debug {
                eprintln!("kb: phoenix loaded {:?}", t0.elapsed());
            }
        }
        b.load_actors_tsv("data/kb/curated_actors.tsv", files::CURATED_ACTORS, true)?;
        for dir in &options.dictionaries {
            b.load_user_dir(dir)?;
        }
        let kb = b.finish();
        if debug {
            eprintln!("kb: built {:?}", t0.elapsed());
        }
        kb
    }
}
