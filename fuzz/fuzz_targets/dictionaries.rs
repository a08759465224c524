//! The readers of users' dictionaries (PETRARCH/TABARI verbs, Phoenix actors and agents):
//! no text makes them panic; the lenient reader fails on nothing and agrees with the strict
//! one whenever that one succeeds; no comment line or comment block becomes an actor.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let path = Path::new("fuzz.txt");
    let (lenient, warnings) = chronicle::events::petrarch::parse_petrarch_lenient(&text, path);
    match chronicle::events::petrarch::parse_petrarch(&text, path) {
        Ok(strict) => {
            assert!(warnings.is_empty(), "{warnings:?}");
            assert_eq!(strict, lenient);
        }
        Err(e) => assert!(!warnings.is_empty(), "strict failed ({e}) without a warning"),
    }
    for w in &warnings {
        assert!(w.starts_with("fuzz.txt:"), "{w}");
    }
    let file = chronicle::link::phoenix::parse(path, &text);
    let blanked = chronicle::dictfile::blank_comment_blocks(&text);
    for actor in &file.actors {
        let name = actor.name.trim();
        assert!(!name.starts_with('#') && !name.starts_with(';'), "{name:?}");
        assert!(!name.contains("<!--"), "{name:?}");
    }
    assert_eq!(blanked.lines().count(), text.lines().count());
});
