//! The input gzip-compressed, with the format guessed from the content: exercises gzip
//! detection and decoding, sniffing, and whichever reader the content selects.
#![no_main]

use std::io::Write;

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    if gz.write_all(data).is_err() {
        return;
    }
    let Ok(mut zipped) = gz.finish() else { return };
    let opts = chronicle::read::ReadOptions::default();
    common::check(chronicle::read::read_bytes("fuzz.gz", &zipped, &opts));
    // A truncated stream must be an error, not a panic.
    zipped.truncate(zipped.len() / 2);
    common::check(chronicle::read::read_bytes("fuzz.gz", &zipped, &opts));
});
