//! Any bytes through the feed reader (RSS, Atom, JSON Feed, sitemaps) and the text layer:
//! no panic, every span valid, every error placed.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    common::check(chronicle::read::read_bytes("fuzz", data, &common::opts("feed")));
    if let Ok(text) = std::str::from_utf8(data) {
        if let Some(feed) = chronicle::read::parse_feed(text) {
            if let Some(e) = &feed.error {
                assert!(e.line >= 1 && e.column >= 1, "{e}");
            }
        }
    }
});
