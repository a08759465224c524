//! Users' dictionaries as they come (issue #17): XML comment blocks, comment lines, a
//! pattern without a code and a broken entry load with `file:line` warnings and the run
//! succeeds; `--strict` fails on them; no comment becomes an actor.

mod common;

use common::run_chronicle;

fn fixtures() -> String {
    format!("{}/tests/fixtures/dictionaries", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn dictionaries_with_comment_blocks_and_bad_lines_load_with_warnings() {
    let dir = fixtures();
    let text =
        "date 2021-03-05\nFreedonia accused Sylvania on Monday. Rufus T. Firefly met the envoy.";
    let (code, stdout, stderr) = run_chronicle(
        &["extract", "--dictionaries", &dir, "--date", "2021-03-05"],
        Some(text.as_bytes()),
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("CAMEO.verbs.txt:14:") && stderr.contains("pattern without a [code]"),
        "{stderr}"
    );
    assert!(stderr.contains("Test.actors.txt:11:"), "{stderr}");
    assert_eq!(stderr.matches("warning:").count(), 2, "{stderr}");
    assert!(!stdout.contains("THIS LINE IS NOT"), "{stdout}");
    let article: serde_json::Value = serde_json::from_str(stdout.lines().next().unwrap()).unwrap();
    let codes: Vec<&str> = article["actors"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a["code"].as_str())
        .collect();
    assert!(codes.iter().any(|c| c.starts_with("FRD")), "{codes:?}");

    let (code, _, stderr) = run_chronicle(
        &["extract", "--strict", "--dictionaries", &dir],
        Some(text.as_bytes()),
    );
    assert_ne!(code, 0);
    assert!(stderr.contains("malformed dictionary line"), "{stderr}");
}
