//! Any bytes through the html reader and the text layer: no panic, every span valid.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    common::check(chronicle::read::read_bytes("fuzz", data, &common::opts("html")));
});
