//! Whatever query string reaches a GET endpoint of `chronicle serve`, parsing it gives an
//! archive query or a 400 — never a panic, never a 5xx — and the filters it keeps are the
//! ones the archive can answer (offsets in range, known PLOVER types, CAMEO digits).
#![no_main]

use libfuzzer_sys::fuzz_target;

const PATHS: [&str; 7] = [
    "/api/search",
    "/api/events",
    "/api/timeline",
    "/api/actors",
    "/api/network",
    "/api/counts",
    "/api/places",
];

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    let path = PATHS[usize::from(which) % PATHS.len()];
    let query = String::from_utf8_lossy(rest);
    match chronicle_serve::api::parse_query(path, &query) {
        Ok(parsed) => {
            if let Some(offset) = parsed.get("offset").and_then(|v| v.as_u64()) {
                assert!(offset <= 1_000_000, "{query:?}: offset {offset}");
            }
            if let Some(plover) = parsed.get("plover").and_then(|v| v.as_str()) {
                assert!(
                    chronicle_archive::codes::PLOVER_TYPES.contains(&plover),
                    "{query:?}: plover {plover:?}"
                );
            }
            if let Some(cameo) = parsed.get("cameo").and_then(|v| v.as_str()) {
                assert!(cameo.bytes().all(|b| b.is_ascii_digit()), "{query:?}");
            }
        }
        Err(e) => assert!(e.status.is_client_error(), "{path}?{query:?}: {e}"),
    }
});
