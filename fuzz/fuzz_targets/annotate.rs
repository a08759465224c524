//! Any bytes through the plain-text reader and the whole standard pipeline (time, syntax, NER,
//! linking, events, quotes): no panic, and every layer keeps `Article::validate`'s invariants.
#![no_main]

use chronicle::date::{Date, PubDate};
use chronicle::pipeline::Pipeline;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

// Only `opts` is used here; the reader targets use the rest.
#[allow(dead_code)]
#[path = "common.rs"]
mod common;

fn pipeline() -> &'static Pipeline {
    static PIPELINE: OnceLock<Pipeline> = OnceLock::new();
    PIPELINE.get_or_init(|| Pipeline::standard().expect("the shipped models load"))
}

fuzz_target!(|data: &[u8]| {
    for item in chronicle::read::read_bytes("fuzz", data, &common::opts("text"))
        .into_iter()
        .flatten()
    {
        let mut a = item.article;
        // Half the inputs without a publication date: relative times must cope with none.
        if a.date.is_none() && data.len() % 2 == 0 {
            a.date = Date::new(2021, 3, 5).map(PubDate::day);
        }
        pipeline().annotate(&mut a);
        if let Err(broken) = a.validate() {
            panic!("{broken}");
        }
        let _ = chronicle::output::render_text(&a, true);
        let _ = chronicle::output::article_json(&a, true);
    }
});
