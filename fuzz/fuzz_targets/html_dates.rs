//! The page-date readers on arbitrary text: the bytes are cut into a date meta's content, a
//! JSON-LD date, a URL and a date line under the headline of a page, which is read whole. No
//! panic, every span valid.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut parts = text.splitn(4, '\u{1}');
    let meta = parts.next().unwrap_or("").replace('"', "&quot;");
    let ld = parts.next().unwrap_or("").replace(['"', '\\'], "");
    let url = parts.next().unwrap_or("").replace('"', "%22");
    let line = parts.next().unwrap_or("");
    let page = format!(
        "<html><head><meta property=\"article:published_time\" content=\"{meta}\">\
         <meta name=\"date\" content=\"{meta}\"><link rel=canonical href=\"{url}\">\
         <script type=\"application/ld+json\">{{\"datePublished\":\"{ld}\",\"dateModified\":\"{ld}\"}}</script>\
         </head><body><article><h1>A headline of some length</h1><p>{line}</p>\
         <p>A paragraph of the story, long enough to be kept, with commas, words and a full stop.</p>\
         </article></body></html>"
    );
    common::check(chronicle::read::read_bytes(
        "fuzz.html",
        page.as_bytes(),
        &common::opts("html"),
    ));
});
