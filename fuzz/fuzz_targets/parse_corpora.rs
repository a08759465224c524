//! The parsers of files users hand to `eval`, `train` and `--dictionaries`: TimeML, CoNLL,
//! PETRARCH verb dictionaries, Phoenix actor dictionaries, the PLOVER table, word clusters and
//! ISO dates. The first byte picks the parser; none may panic on any text.
#![no_main]

use chronicle::date::{Date, PubDate};
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let path = Path::new("fuzz");
    match which % 8 {
        0 => {
            let _ = chronicle::time::timeml::parse(&text, "fuzz".into());
        }
        1 => {
            let _ = chronicle::learn::conll::parse_conll(&text);
        }
        2 => {
            let _ = chronicle::events::petrarch::parse_petrarch(&text, path);
        }
        3 => {
            let _ = chronicle::link::phoenix::parse(path, &text);
        }
        4 => {
            let _ = chronicle::events::plover::PloverTable::parse_source(&text, path);
        }
        5 => {
            let _ = chronicle::events::plover::PloverTable::from_compact(&text, path);
        }
        6 => {
            // Clusters survive a write and a re-read.
            let clusters = chronicle::learn::clusters::Clusters::parse(&text);
            let again = chronicle::learn::clusters::Clusters::parse(&clusters.to_text());
            assert_eq!(clusters.len(), again.len());
        }
        _ => {
            if let Some(d) = PubDate::parse(&text) {
                assert!(Date::new(d.date.year, d.date.month, d.date.day).is_some());
            }
            if let Some(d) = Date::parse_iso(&text) {
                assert_eq!(Date::parse_iso(&d.to_string()), Some(d));
            }
        }
    }
});
