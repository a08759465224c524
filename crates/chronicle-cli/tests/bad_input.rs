//! Bad input: every problem is reported with file and place, the rest is still processed,
//! and the exit code says whether anything failed.

mod common;

use std::io::Write;

use common::{run_chronicle, scratch_dir};

fn lines(stdout: &str) -> Vec<serde_json::Value> {
    stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("each output line is JSON"))
        .collect()
}

#[test]
fn invalid_utf8_is_decoded_lossily_with_offset() {
    let dir = scratch_dir("utf8");
    let file = dir.join("latin1.txt");
    std::fs::write(
        &file,
        b"date 2021-03-05\nSeoul said caf\xE9 talks went on.\n",
    )
    .unwrap();
    let (code, stdout, stderr) = run_chronicle(&["extract", file.to_str().unwrap()], None);
    assert_eq!(code, 0, "a warning is not a failure: {stderr}");
    assert!(
        stderr.contains("latin1.txt: invalid UTF-8 at byte 30"),
        "{stderr}"
    );
    let out = lines(&stdout);
    assert!(out[0]["text"]
        .as_str()
        .unwrap()
        .contains("caf\u{FFFD} talks"));
    // --strict turns it into an error.
    let (code, stdout, stderr) =
        run_chronicle(&["extract", "--strict", file.to_str().unwrap()], None);
    assert_eq!(code, 1);
    assert!(stdout.is_empty());
    assert!(stderr.contains("invalid UTF-8 at byte 30"), "{stderr}");
}

#[test]
fn binary_files_are_skipped_with_a_message() {
    let dir = scratch_dir("binary");
    std::fs::write(dir.join("photo.txt"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0").unwrap();
    std::fs::write(dir.join("story.txt"), "A real story.").unwrap();
    let (code, stdout, stderr) = run_chronicle(&["extract", dir.to_str().unwrap()], None);
    assert_eq!(code, 1, "the binary file is an input that failed");
    assert!(
        stderr.contains("photo.txt: binary file skipped"),
        "{stderr}"
    );
    assert_eq!(lines(&stdout).len(), 1, "the story is still read");
}

#[test]
fn bad_json_lines_are_reported_and_the_rest_goes_on() {
    let dir = scratch_dir("jsonl");
    let file = dir.join("feed.jsonl");
    std::fs::write(
        &file,
        "{\"id\":\"a\",\"text\":\"First.\",\"date\":\"2021-03-05\"}\n\
         this is not json\n\
         {\"id\":\"c\",\"title\":\"no text\"}\n\
         {\"id\":\"d\",\"text\":\"Fourth.\",\"date\":\"2021-03-06\"}\n",
    )
    .unwrap();
    let path = file.to_str().unwrap();
    let (code, stdout, stderr) = run_chronicle(&["extract", path], None);
    assert_eq!(code, 1);
    let ids: Vec<_> = lines(&stdout).iter().map(|a| a["id"].clone()).collect();
    assert_eq!(ids, ["a", "d"]);
    assert!(stderr.contains("feed.jsonl:2: not JSON"), "{stderr}");
    assert!(
        stderr.contains("feed.jsonl:3: missing required field \"text\""),
        "{stderr}"
    );
    assert!(
        stderr.contains("2 input(s) failed; 2 article(s) written"),
        "{stderr}"
    );

    // --strict stops at the first error.
    let (code, stdout, stderr) = run_chronicle(&["extract", "--strict", path], None);
    assert_eq!(code, 1);
    assert_eq!(lines(&stdout).len(), 1);
    assert!(stderr.contains("feed.jsonl:2"), "{stderr}");
    assert!(!stderr.contains("feed.jsonl:3"), "{stderr}");
}

#[test]
fn empty_articles_and_missing_dates_are_reported_once() {
    let dir = scratch_dir("empty");
    std::fs::write(dir.join("empty.txt"), "  \n\n").unwrap();
    std::fs::write(dir.join("a.txt"), "No date here.").unwrap();
    std::fs::write(dir.join("b.txt"), "Nor here.").unwrap();
    let (code, stdout, stderr) = run_chronicle(&["extract", dir.to_str().unwrap()], None);
    assert_eq!(
        code, 0,
        "an empty article is skipped, not a failure: {stderr}"
    );
    assert_eq!(lines(&stdout).len(), 2);
    assert_eq!(
        stderr.matches("empty.txt: skipped: empty article").count(),
        1,
        "{stderr}"
    );
    assert_eq!(stderr.matches("no publication date").count(), 1, "{stderr}");
    assert!(
        stderr.contains("2 article(s) have no publication date"),
        "{stderr}"
    );
    // --date fills it in.
    let (code, stdout, stderr) = run_chronicle(
        &["extract", "--date", "2021-03-05", dir.to_str().unwrap()],
        None,
    );
    assert_eq!(code, 0);
    assert!(!stderr.contains("no publication date"), "{stderr}");
    assert!(lines(&stdout).iter().all(|a| a["date"] == "2021-03-05"));
}

#[test]
fn missing_files_fail_after_the_rest_is_processed() {
    let dir = scratch_dir("missing");
    std::fs::write(dir.join("ok.txt"), "date 2021-03-05\nFine.").unwrap();
    let missing = dir.join("nope.txt");
    let (code, stdout, stderr) = run_chronicle(
        &[
            "extract",
            missing.to_str().unwrap(),
            dir.join("ok.txt").to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(code, 1);
    assert_eq!(lines(&stdout).len(), 1);
    assert!(stderr.contains("nope.txt: no such file"), "{stderr}");
}

#[test]
fn gzip_stdin_globs_and_field_mapping() {
    let dir = scratch_dir("gzip");
    let jsonl = "{\"id\":\"g1\",\"body\":\"Zipped.\",\"date\":\"2021-03-05\"}\n";
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(jsonl.as_bytes()).unwrap();
    let bytes = gz.finish().unwrap();
    std::fs::write(dir.join("feed.jsonl.gz"), &bytes).unwrap();
    // gzip is recognised by its magic bytes, whatever the name
    std::fs::write(dir.join("feed-copy.dat"), &bytes).unwrap();
    let (code, stdout, stderr) = run_chronicle(
        &[
            "extract",
            "--field",
            "body=text",
            dir.join("*.gz").to_str().unwrap(),
            dir.join("feed-copy.dat").to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(code, 0, "{stderr}");
    let out = lines(&stdout);
    assert_eq!(out.len(), 2);
    assert_eq!(out[0]["text"], "Zipped.");

    // stdin, by `-` and by default
    let (code, stdout, _) = run_chronicle(&["extract", "-", "--field", "body=text"], Some(&bytes));
    assert_eq!(code, 0);
    assert_eq!(lines(&stdout)[0]["id"], "g1");
    let (code, stdout, _) = run_chronicle(&["extract"], Some(b"date 2021-03-05\nFrom stdin."));
    assert_eq!(code, 0);
    assert_eq!(lines(&stdout)[0]["date"], "2021-03-05");

    // a glob that matches nothing is an error
    let (code, _, stderr) = run_chronicle(&["extract", dir.join("*.none").to_str().unwrap()], None);
    assert_eq!(code, 1);
    assert!(stderr.contains("no file matches"), "{stderr}");
}
