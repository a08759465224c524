//! The seed article (`shared/seeds/000_89a143fe9ee27e8d.txt`, not in the repository: its
//! text is not ours) must read as the "done when" says. Skips when it is absent.

mod common;

use std::path::PathBuf;

use common::{repo_root, run_chronicle};

/// `$CHRONICLE_SEEDS`, else `seeds/` beside `$CHRONICLE_DATA`, else `../shared/seeds`.
fn seed_file() -> Option<PathBuf> {
    let dirs = [
        std::env::var_os("CHRONICLE_SEEDS").map(PathBuf::from),
        std::env::var_os("CHRONICLE_DATA").map(|d| PathBuf::from(d).join("../seeds")),
        Some(repo_root().join("../shared/seeds")),
    ];
    dirs.into_iter()
        .flatten()
        .map(|d| d.join("000_89a143fe9ee27e8d.txt"))
        .find(|f| f.exists())
}

#[test]
fn seed_reads_as_specified() {
    let Some(seed) = seed_file() else {
        eprintln!("skipped: seed article not found (set CHRONICLE_SEEDS or CHRONICLE_DATA)");
        return;
    };
    let (code, stdout, stderr) =
        run_chronicle(&["extract", "--tokens", seed.to_str().unwrap()], None);
    assert_eq!(code, 0, "{stderr}");
    let a: serde_json::Value = serde_json::from_str(stdout.trim()).expect("one JSON line");
    assert_eq!(a["date"], "2021-03-05");

    let paragraphs = a["paragraphs"].as_array().unwrap();
    let kinds: Vec<&str> = paragraphs
        .iter()
        .map(|p| p["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds.first(), Some(&"header"));
    assert_eq!(
        kinds.get(1),
        Some(&"caption"),
        "the first paragraph is the caption"
    );
    assert_eq!(kinds.last(), Some(&"byline"));
    assert!(kinds[2..kinds.len() - 1].iter().all(|k| *k == "body"));
    let caption = a["caption"]["text"].as_str().unwrap();
    assert!(caption.ends_with("(AP-Yonhap)"), "{caption}");
    assert_eq!(caption, paragraphs[1]["text"]);

    assert_eq!(a["byline"]["author"], "Choi Si-young");
    assert_eq!(a["byline"]["email"], "siyoungchoi@heraldcorp.com");

    // Body paragraphs in order: each starts after the previous one ends, and together with
    // the other parts they cover every non-blank line of the file.
    let text = a["text"].as_str().unwrap();
    let mut last_end = 0;
    for p in paragraphs {
        let (start, end) = (
            p["start"].as_u64().unwrap() as usize,
            p["end"].as_u64().unwrap() as usize,
        );
        assert!(start >= last_end);
        assert!(
            text[last_end..start].trim().is_empty(),
            "text skipped between paragraphs"
        );
        last_end = end;
    }
    assert!(text[last_end..].trim().is_empty());
    let body: Vec<&str> = paragraphs
        .iter()
        .filter(|p| p["kind"] == "body")
        .map(|p| p["text"].as_str().unwrap())
        .collect();
    assert_eq!(body.len(), 8);
    assert!(body[0].starts_with("US Secretary of State"));
    assert!(body[7].starts_with("Cheong Wa Dae"));

    // No sentence break after "Feb." or inside "U.S.".
    let sentences: Vec<&str> = a["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["text"].as_str().unwrap())
        .collect();
    for s in &sentences {
        assert!(!s.ends_with("Feb."), "break after Feb.: {s}");
        assert!(
            !s.ends_with("U.") && !s.starts_with("S."),
            "break inside U.S.: {s}"
        );
    }
    assert!(sentences.iter().any(|s| s.contains("on Feb. 26, 2021")));
    assert_eq!(sentences.len(), 12, "{sentences:#?}");

    let tokens: Vec<&str> = a["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["text"].as_str().unwrap())
        .collect();
    for expected in [
        "Feb.",
        "28,500",
        "17-18",
        "Si-young",
        "siyoungchoi@heraldcorp.com",
        "We",
        "\u{2019}re",
        "three-day",
    ] {
        assert!(tokens.contains(&expected), "token {expected:?} missing");
    }
}
