//! One module per subcommand.

pub mod actors;
pub mod bench;
pub mod common;
pub mod eval;
pub mod eval_web;
pub mod events;
pub mod export;
pub mod extract;
pub mod ingest;
pub mod kb;
pub mod ner;
pub mod parse;
pub mod search;
pub mod serve;
pub mod show;
pub mod stats;
pub mod timeline;
pub mod train;
pub mod watch;
