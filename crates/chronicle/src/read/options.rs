//! What reading takes and gives: the input [`Format`], the [`ReadOptions`], and each
//! [`ReadArticle`] with where it came from.

use std::path::{Path, PathBuf};

use crate::date::PubDate;
use crate::doc::Article;
use crate::error::{Error, Result};

/// Input formats Chronicle can read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Plain text: the seed's layout (`date YYYY-MM-DD`, caption, body, byline) or prose.
    Text,
    /// One JSON object per line.
    Jsonl,
    /// One JSON object, or an array of them.
    Json,
    Html,
    /// A feed: RSS, Atom, JSON Feed, a sitemap or news sitemap; one article per item.
    Feed,
}

impl Format {
    /// The format a file name implies (`.gz` looked through), if any.
    pub fn from_path(path: &Path) -> Option<Format> {
        let name = path.file_name()?.to_str()?.to_ascii_lowercase();
        let name = name.strip_suffix(".gz").unwrap_or(&name);
        let ext = name.rsplit_once('.')?.1;
        Format::from_extension(ext)
    }

    pub fn from_extension(ext: &str) -> Option<Format> {
        match ext.to_ascii_lowercase().as_str() {
            "txt" | "text" => Some(Format::Text),
            "jsonl" | "ndjson" => Some(Format::Jsonl),
            "json" => Some(Format::Json),
            "html" | "htm" | "xhtml" => Some(Format::Html),
            "rss" | "atom" | "xml" => Some(Format::Feed),
            _ => None,
        }
    }

    /// Guesses the format from the first bytes of the (decompressed) content.
    pub fn sniff(head: &[u8]) -> Format {
        if super::feed::is_feed(head) {
            return Format::Feed;
        }
        let start = head
            .iter()
            .position(|b| !b.is_ascii_whitespace())
            .unwrap_or(head.len());
        let head = head.get(start..).unwrap_or(&[]);
        let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
        match head.first() {
            Some(b'{') => Format::Jsonl,
            Some(b'[') => Format::Json,
            Some(b'<') => {
                let lower: Vec<u8> = head.iter().take(512).map(u8::to_ascii_lowercase).collect();
                let has = |needle: &[u8]| lower.windows(needle.len()).any(|w| w == needle);
                if has(b"<!doctype html")
                    || has(b"<html")
                    || has(b"<head")
                    || has(b"<body")
                    || has(b"<p>")
                    || has(b"<meta")
                    || has(b"<div")
                    || has(b"<article")
                {
                    Format::Html
                } else {
                    Format::Text
                }
            }
            _ => Format::Text,
        }
    }
}

impl std::str::FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "text" | "txt" | "plain" => Ok(Format::Text),
            "jsonl" | "ndjson" => Ok(Format::Jsonl),
            "json" => Ok(Format::Json),
            "html" | "htm" => Ok(Format::Html),
            "feed" | "rss" | "atom" | "sitemap" => Ok(Format::Feed),
            other => Err(format!(
                "unknown input format {other:?} (expected text, jsonl, json, html or feed)"
            )),
        }
    }
}

/// How to read inputs.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// Publication date for articles whose input gives none.
    pub date: Option<PubDate>,
    /// JSON field renames applied before reading: (input field, our field), e.g. `("body", "text")`.
    pub field_map: Vec<(String, String)>,
    /// Stop at the first error, and treat undecodable bytes as an error.
    pub strict: bool,
    /// Read every input in this format instead of guessing from extension and content.
    pub format: Option<Format>,
    /// The HTTP `Content-Type` a fetched input came with (`text/html; charset=ISO-8859-1`):
    /// its charset decides the encoding unless the bytes open with a byte-order mark, before
    /// anything the page declares itself (the order browsers follow).
    pub content_type: Option<String>,
}

/// One article as read, with where it came from and what was odd about it.
#[derive(Debug, Clone)]
pub struct ReadArticle {
    pub article: Article,
    pub path: PathBuf,
    /// Place inside the file, e.g. `line 12` for JSONL or `item 3` for a JSON array.
    pub location: Option<String>,
    /// Problems that did not stop reading (bad bytes, an unparsable date, ...).
    pub warnings: Vec<String>,
}

impl ReadArticle {
    /// `path` or `path:location`, for messages.
    pub fn origin(&self) -> String {
        match &self.location {
            Some(l) => format!("{}:{l}", self.path.display()),
            None => self.path.display().to_string(),
        }
    }
}

/// Checks an article for emptiness and fills the fallback date.
pub(crate) fn finish(
    mut article: Article,
    path: &Path,
    location: Option<String>,
    warnings: Vec<String>,
    opts: &ReadOptions,
) -> Result<ReadArticle> {
    if article.text.trim().is_empty() {
        return Err(Error::Skipped {
            path: path.to_path_buf(),
            location,
            message: "empty article (no text)".into(),
        });
    }
    if article.date.is_none() {
        article.date = opts.date;
    }
    Ok(ReadArticle {
        article,
        path: path.to_path_buf(),
        location,
        warnings,
    })
}
