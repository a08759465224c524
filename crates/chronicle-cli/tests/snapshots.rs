//! Runs `chronicle extract --tokens` on every example article and compares the layers this
//! stage owns (id, date, title, source, url, caption, byline, dateline, paragraphs,
//! sentences, tokens) with reviewed snapshots in `tests/snapshots/`. Layers that later
//! stages fill are left out on purpose, so their changes do not churn these files.
//! Regenerate with `UPDATE_SNAPSHOTS=1 cargo test -p chronicle-cli --test snapshots`.

mod common;

use common::{assert_snapshot, repo_root, run_chronicle};
use serde_json::{json, Value};

/// The fields the foundation stage owns, compactly: one sentence or token per line.
fn owned_view(article: &Value) -> String {
    let mut out = String::new();
    let header = json!({
        "id": article["id"],
        "date": article["date"],
        "title": article["title"],
        "source": article["source"],
        "url": article["url"],
        "caption": article["caption"],
        "byline": article["byline"],
        "dateline": article["dateline"],
        "meta": article.get("meta").cloned().unwrap_or(Value::Null),
    });
    out.push_str(&serde_json::to_string_pretty(&header).expect("json"));
    out.push_str("\nparagraphs:\n");
    for p in article["paragraphs"].as_array().expect("paragraphs") {
        out.push_str(&format!(
            "  {}..{} {} {}\n",
            p["start"], p["end"], p["kind"], p["text"]
        ));
    }
    out.push_str("sentences:\n");
    for s in article["sentences"].as_array().expect("sentences") {
        out.push_str(&format!(
            "  {}..{} p{} t{}..{} {}\n",
            s["start"], s["end"], s["paragraph"], s["token_start"], s["token_end"], s["text"]
        ));
    }
    out.push_str("tokens:\n");
    let tokens = article["tokens"].as_array().expect("tokens");
    for line in tokens.chunks(8) {
        let cells: Vec<String> = line
            .iter()
            .map(|t| {
                format!(
                    "{}@{}:{}",
                    t["text"],
                    t["start"],
                    t["kind"].as_str().unwrap_or("?")
                )
            })
            .collect();
        out.push_str(&format!("  {}\n", cells.join(" ")));
    }
    out
}

#[test]
fn examples_match_reviewed_snapshots() {
    let dir = repo_root().join("examples/articles");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("examples/articles")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x != "md"))
        .collect();
    files.sort();
    assert!(
        files.len() >= 9,
        "expected the example articles, found {files:?}"
    );
    for file in files {
        let rel = file.strip_prefix(repo_root()).expect("inside repo");
        let rel = rel.to_str().expect("utf-8 path");
        let (code, stdout, stderr) = run_chronicle(&["extract", "--tokens", rel], None);
        assert_eq!(code, 0, "{rel}: {stderr}");
        let mut view = String::new();
        for line in stdout.lines() {
            let article: Value = serde_json::from_str(line).expect("each line is JSON");
            for layer in ["entities", "times", "actors", "events", "quotes"] {
                assert!(
                    article[layer].is_array(),
                    "{rel}: layer {layer} must be an array"
                );
            }
            view.push_str(&owned_view(&article));
            view.push('\n');
        }
        let name = format!(
            "{}.snap",
            file.file_name().and_then(|n| n.to_str()).expect("name")
        );
        assert_snapshot(&name, &view);
    }
}

#[test]
fn text_format_is_readable() {
    let (code, stdout, stderr) = run_chronicle(
        &[
            "extract",
            "--format",
            "text",
            "examples/articles/01_alliance_talks.txt",
        ],
        None,
    );
    assert_eq!(code, 0, "{stderr}");
    // Only the part this stage renders: later stages' layers follow the sentences.
    let later_layers = ["entities (", "times (", "actors (", "events (", "quotes ("];
    let owned: String = stdout
        .lines()
        .take_while(|l| !later_layers.iter().any(|p| l.starts_with(p)))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_snapshot("01_alliance_talks.text.snap", &owned);
}

#[test]
fn json_format_is_one_array() {
    let (code, stdout, _) =
        run_chronicle(&["extract", "--format", "json", "examples/articles"], None);
    assert_eq!(code, 0);
    let all: Value = serde_json::from_str(&stdout).expect("one JSON document");
    assert_eq!(all.as_array().map(Vec::len), Some(12));
    assert!(all[0].get("tokens").is_none(), "tokens only with --tokens");
}
