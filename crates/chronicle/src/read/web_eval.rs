//! Scoring the HTML reader's main text against a snippet set (`chronicle eval html`).
//!
//! The set is a folder with `evaldata.json` (a map from URL to `{file, with, without}`) and
//! `pages/FILE.gz`. Each `with` snippet is text that belongs to the page's main content, each
//! `without` snippet page furniture (navigation, footers, teasers, dates, bylines).
//!
//! **The text scored** is the article's main text (`main_text`): its paragraphs without the
//! photo captions and bylines, which the reader keeps as paragraphs of their own kinds and the
//! set counts as furniture.
//!
//! **The score.** Both the extracted text and every snippet are normalised the same way: every
//! run of Unicode white space (and U+00A0) becomes one space, and leading and trailing space is
//! dropped. A snippet is *found* when its normalised form is a substring (case-sensitive) of the
//! normalised text. Over all snippets of all pages: a found `with` snippet is a true positive
//! (tp), a missing one a false negative (fn); a found `without` snippet is a false positive (fp),
//! a missing one a true negative (tn). Precision = tp / (tp + fp), recall = tp / (tp + fn),
//! F1 = 2PR / (P + R), accuracy = (tp + tn) / all. These are the counts of the set's authors
//! (trafilatura's `tests/comparison.py`), with the normalisation made explicit so that
//! `scripts/html_compare.py` scores any other extractor's output identically. A page whose
//! output is empty still counts: its `with` snippets are all false negatives.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The main text an extractor is scored on: the article's paragraphs without its captions and
/// bylines, joined by blank lines. The reader keeps photo captions (and credit lines) and
/// bylines as paragraphs of their own kinds, so the archive and `chronicle extract` still have
/// them; the set counts them as page furniture (its `without` snippets hold bylines, dates and
/// photo credits), as trafilatura's output leaves them out.
pub fn main_text(article: &crate::doc::Article) -> String {
    let mut out = String::with_capacity(article.text.len());
    for p in &article.paragraphs {
        if matches!(
            p.kind,
            crate::doc::ParagraphKind::Caption | crate::doc::ParagraphKind::Byline
        ) {
            continue;
        }
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(&p.text);
    }
    out
}

/// One page of the set with its snippets.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct SnippetPage {
    #[serde(skip)]
    pub url: String,
    pub file: String,
    #[serde(default)]
    pub with: Vec<String>,
    #[serde(default)]
    pub without: Vec<String>,
}

/// Reads `DIR/evaldata.json`; pages are sorted by URL (the file's own order is a JSON map's).
pub fn read_snippet_set(dir: &Path) -> Result<Vec<SnippetPage>> {
    let path = dir.join("evaldata.json");
    let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
    let map: BTreeMap<String, SnippetPage> =
        serde_json::from_slice(&bytes).map_err(|e| Error::Parse {
            path: path.clone(),
            line: e.line(),
            message: format!("not a snippet set: {e}"),
        })?;
    Ok(map
        .into_iter()
        .map(|(url, mut page)| {
            page.url = url;
            page
        })
        .collect())
}

impl SnippetPage {
    /// Where the page's HTML lives: `DIR/pages/FILE.gz`, else `DIR/pages/FILE`, if present.
    pub fn page_path(&self, dir: &Path) -> Option<PathBuf> {
        let pages = dir.join("pages");
        [
            pages.join(format!("{}.gz", self.file)),
            pages.join(&self.file),
        ]
        .into_iter()
        .find(|p| p.is_file())
    }
}

/// The half of a set a page belongs to, 1 or 2: the lowest bit of the 64-bit FNV-1a hash of its
/// file name. Fixed by the name alone, so the halves are the same on every machine and in every
/// version: one half to develop rules on, the other to check that they carry over.
pub fn half_of(file: &str) -> u8 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in file.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    if hash & 1 == 0 {
        1
    } else {
        2
    }
}

/// Collapses white-space runs (Unicode white space and U+00A0) into one space and trims.
pub fn normalize_space(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split(|c: char| c.is_whitespace() || c == '\u{00A0}') {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Snippet counts: true/false positives and negatives.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct SnippetCounts {
    pub tp: usize,
    pub fn_: usize,
    pub fp: usize,
    pub tn: usize,
}

impl SnippetCounts {
    pub fn add(&mut self, other: &SnippetCounts) {
        self.tp += other.tp;
        self.fn_ += other.fn_;
        self.fp += other.fp;
        self.tn += other.tn;
    }

    fn ratio(num: usize, den: usize) -> f64 {
        if den == 0 {
            0.0
        } else {
            num as f64 / den as f64
        }
    }

    pub fn precision(&self) -> f64 {
        Self::ratio(self.tp, self.tp + self.fp)
    }

    pub fn recall(&self) -> f64 {
        Self::ratio(self.tp, self.tp + self.fn_)
    }

    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }

    pub fn accuracy(&self) -> f64 {
        Self::ratio(self.tp + self.tn, self.tp + self.tn + self.fp + self.fn_)
    }
}

/// What one page's output got right and wrong.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct PageScore {
    pub counts: SnippetCounts,
    /// `with` snippets not found.
    pub missed: Vec<String>,
    /// `without` snippets found.
    pub kept: Vec<String>,
}

/// Scores one page's extracted `text` against its snippets (see the module docs).
pub fn score_page(text: &str, page: &SnippetPage) -> PageScore {
    let text = normalize_space(text);
    let mut score = PageScore::default();
    for snippet in &page.with {
        let s = normalize_space(snippet);
        if text.contains(s.as_str()) {
            score.counts.tp += 1;
        } else {
            score.counts.fn_ += 1;
            score.missed.push(s);
        }
    }
    for snippet in &page.without {
        let s = normalize_space(snippet);
        if text.contains(s.as_str()) {
            score.counts.fp += 1;
            score.kept.push(s);
        } else {
            score.counts.tn += 1;
        }
    }
    score
}

/// One page of the hand-read date set: its file and its publication day (`None`: the page
/// has none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatedPage {
    pub file: String,
    pub date: Option<crate::date::Date>,
    /// Where the date was seen in the page source.
    pub note: String,
}

/// Reads a date set: `FILE<TAB>YYYY-MM-DD|none<TAB>note` lines, `#` comments.
pub fn read_date_set(path: &Path) -> Result<Vec<DatedPage>> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let mut cols = line.split('\t');
        let (Some(file), Some(date)) = (cols.next(), cols.next()) else {
            return Err(Error::Parse {
                path: path.to_path_buf(),
                line: n + 1,
                message: "expected FILE<TAB>DATE<TAB>NOTE".into(),
            });
        };
        let date = match date.trim() {
            "none" => None,
            d => Some(crate::date::Date::parse_iso(d).ok_or_else(|| Error::Parse {
                path: path.to_path_buf(),
                line: n + 1,
                message: format!("{d:?} is neither YYYY-MM-DD nor none"),
            })?),
        };
        out.push(DatedPage {
            file: file.to_string(),
            date,
            note: cols.next().unwrap_or("").to_string(),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(with: &[&str], without: &[&str]) -> SnippetPage {
        SnippetPage {
            url: "u".into(),
            file: "f.html".into(),
            with: with.iter().map(|s| s.to_string()).collect(),
            without: without.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn normalisation_and_counts() {
        assert_eq!(normalize_space("  a\n\n b\u{00A0}\tc "), "a b c");
        let p = page(&["first  part", "absent"], &["Menu", "Impressum"]);
        let s = score_page("Title\n\nThe first\npart of it. Menu", &p);
        assert_eq!(
            s.counts,
            SnippetCounts {
                tp: 1,
                fn_: 1,
                fp: 1,
                tn: 1
            }
        );
        assert_eq!(s.missed, ["absent"]);
        assert_eq!(s.kept, ["Menu"]);
        // Case matters.
        assert_eq!(score_page("menu", &page(&[], &["Menu"])).counts.tn, 1);
    }

    #[test]
    fn main_text_leaves_out_captions_and_bylines() {
        let article = crate::read::html::read_html(
            "<html><body><article><h1>Bridge to close</h1><p class=byline>By Jane Doe</p>\
             <figure><img src=x.jpg><figcaption>The old bridge at dawn.</figcaption></figure>\
             <p>The council voted on Tuesday to close the old bridge, which has carried traffic \
             since 1921, for two years of repairs.</p><p>Bild: Stadtarchiv</p></article></body></html>",
        );
        let kinds: Vec<_> = article.paragraphs.iter().map(|p| p.kind).collect();
        use crate::doc::ParagraphKind::*;
        assert_eq!(kinds, [Title, Byline, Caption, Body, Caption]);
        assert_eq!(
            main_text(&article),
            "Bridge to close\n\nThe council voted on Tuesday to close the old bridge, which has \
             carried traffic since 1921, for two years of repairs."
        );
        assert!(article.text.contains("By Jane Doe") && article.text.contains("at dawn"));
    }

    #[test]
    fn halves_are_fixed_and_mixed() {
        // FNV-1a 64 of "a" is 0xaf63dc4c8601ec8c (even), of "b" 0xaf63df4c8601f1a5 (odd).
        assert_eq!(half_of("a"), 1);
        assert_eq!(half_of("b"), 2);
        let names: Vec<String> = (0..200).map(|i| format!("site{i}.example.html")).collect();
        let first = names.iter().filter(|n| half_of(n) == 1).count();
        assert!(
            (70..=130).contains(&first),
            "{first} of 200 in the first half"
        );
    }

    #[test]
    fn ratios() {
        let c = SnippetCounts {
            tp: 8,
            fn_: 2,
            fp: 2,
            tn: 8,
        };
        assert!((c.precision() - 0.8).abs() < 1e-12);
        assert!((c.recall() - 0.8).abs() < 1e-12);
        assert!((c.f1() - 0.8).abs() < 1e-12);
        assert!((c.accuracy() - 0.8).abs() < 1e-12);
        assert_eq!(SnippetCounts::default().f1(), 0.0);
    }

    #[test]
    fn date_set_lines() {
        let path = std::env::temp_dir().join(format!("chronicle-dates-{}.tsv", std::process::id()));
        std::fs::write(&path, "# c\na.html\t2021-03-05\tmeta\nb.html\tnone\t\n").unwrap();
        let set = read_date_set(&path).unwrap();
        assert_eq!(set.len(), 2);
        assert_eq!(set[0].date.unwrap().to_string(), "2021-03-05");
        assert_eq!(set[1].date, None);
        std::fs::write(&path, "a.html\t5 March\n").unwrap();
        let err = read_date_set(&path).unwrap_err().to_string();
        assert!(err.contains(":1:") && err.contains("5 March"), "{err}");
        std::fs::remove_file(&path).unwrap();
    }

    #[test]
    fn set_reads_sorted_with_urls() {
        let dir = std::env::temp_dir().join(format!("chronicle-webeval-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("evaldata.json"),
            r#"{"https://b.example/": {"file": "b.html", "with": ["x"], "without": []},
                "https://a.example/": {"file": "a.html", "with": [], "without": ["y"]}}"#,
        )
        .unwrap();
        let set = read_snippet_set(&dir).unwrap();
        assert_eq!(set[0].url, "https://a.example/");
        assert_eq!(set[1].without, Vec::<String>::new());
        assert!(set[0].page_path(&dir).is_none());
        std::fs::write(dir.join("evaldata.json"), "{oops").unwrap();
        let err = read_snippet_set(&dir).unwrap_err().to_string();
        assert!(err.contains("evaldata.json:1"), "{err}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
