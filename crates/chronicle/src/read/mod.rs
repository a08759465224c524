//! Readers: turn input files into [`Article`](crate::doc::Article)s.
//!
//! [`read_inputs`] streams over files, directories (recursive, sorted), globs, `-` for
//! stdin and gzip-compressed files of every format. JSONL is read line by line, so memory
//! does not grow with the size of the input; a single text or HTML document is held whole.
//! [`read_bytes`] and [`read_str`] read input that is already in memory (an HTTP upload).
//!
//! Formats: [`Format::Text`] (the seed's layout, or plain prose), [`Format::Jsonl`],
//! [`Format::Json`] (one object or an array of them), [`Format::Html`], [`Format::Feed`]
//! (RSS, Atom, JSON Feed, sitemaps: one article per item, see [`parse_feed`]).

mod decode;
mod feed;
mod html;
mod json;
mod options;
mod plain;
mod source;
pub mod web_eval;

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Kept here for callers that hash text they read (the archive's duplicate check).
pub use crate::doc::content_id;
pub use decode::{decode_lossy, is_binary};
pub use feed::{
    decode_feed, is_feed, item_article, parse_feed, parse_feed_date, Feed, FeedError, FeedItem,
    FeedKind,
};
pub use html::{decode_entities, read_html};
pub use json::{article_from_json, article_from_json_line};
use options::finish;
pub use options::{Format, ReadArticle, ReadOptions};
pub use plain::{layout_plain, read_plain, Layout};
pub use source::{expand_glob, walk_dir};

/// The name stdin goes by in messages.
pub const STDIN_NAME: &str = "<stdin>";

/// Streams the articles of `inputs` (files, directories, globs, `-` for stdin).
///
/// Every problem comes out as an `Err` item naming file and place, and reading goes on
/// with the next article, unless `opts.strict`, when the first error is the last item.
pub fn read_inputs(inputs: &[PathBuf], opts: &ReadOptions) -> Inputs {
    Inputs {
        opts: opts.clone(),
        pending: inputs.iter().map(|p| Pending::Given(p.clone())).collect(),
        current: None,
        stopped: false,
    }
}

/// Reads one in-memory input; `name` is used in messages. Errors are items, as in [`read_inputs`].
pub fn read_bytes(name: &str, bytes: &[u8], opts: &ReadOptions) -> Vec<Result<ReadArticle>> {
    let path = PathBuf::from(name);
    let reader: Box<dyn Read + '_> = Box::new(bytes);
    match source::open_reader(reader, &path, opts) {
        Ok(opened) => {
            let mut current = Current::open(opened, &path, opts);
            let mut out = Vec::new();
            while let Some(item) = current.next_item(opts) {
                let failed = item.as_ref().is_err_and(Error::is_failure);
                out.push(item);
                if failed && opts.strict {
                    break;
                }
            }
            out
        }
        Err(e) => vec![Err(e)],
    }
}

/// Reads in-memory text in `format` (guessed when `None`); the first failure is the error.
pub fn read_str(
    text: &str,
    format: Option<Format>,
    opts: &ReadOptions,
) -> Result<Vec<ReadArticle>> {
    let opts = ReadOptions {
        format: format.or(opts.format),
        ..opts.clone()
    };
    let mut out = Vec::new();
    for item in read_bytes("<input>", text.as_bytes(), &opts) {
        match item {
            Ok(a) => out.push(a),
            Err(e) if e.is_failure() => return Err(e),
            Err(_) => {}
        }
    }
    Ok(out)
}

enum Pending {
    /// As given on the command line: may be a glob, a directory, `-`.
    Given(PathBuf),
    /// Found by walking a directory or expanding a glob: a file.
    File(PathBuf),
}

/// The iterator [`read_inputs`] returns.
pub struct Inputs {
    opts: ReadOptions,
    pending: VecDeque<Pending>,
    current: Option<Current<'static>>,
    stopped: bool,
}

impl Iterator for Inputs {
    type Item = Result<ReadArticle>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.stopped {
            return None;
        }
        let item = self.next_inner()?;
        if self.opts.strict && item.as_ref().is_err_and(Error::is_failure) {
            self.stopped = true;
        }
        Some(item)
    }
}

impl Inputs {
    fn next_inner(&mut self) -> Option<Result<ReadArticle>> {
        loop {
            if let Some(current) = &mut self.current {
                match current.next_item(&self.opts) {
                    Some(item) => return Some(item),
                    None => self.current = None,
                }
            }
            match self.pending.pop_front()? {
                Pending::Given(path) => {
                    if let Err(e) = self.expand(path) {
                        return Some(Err(e));
                    }
                }
                Pending::File(path) => match self.open(&path) {
                    Ok(current) => self.current = Some(current),
                    Err(e) => return Some(Err(e)),
                },
            }
        }
    }

    /// Turns a command-line input into files at the front of the queue.
    fn expand(&mut self, given: PathBuf) -> Result<()> {
        let files = if given.as_os_str() == "-" {
            vec![given]
        } else if given.is_dir() {
            walk_dir(&given)?
        } else if source::is_glob(&given) && !given.exists() {
            let found = expand_glob(&given)?;
            if found.is_empty() {
                return Err(Error::input(&given, "no file matches this pattern"));
            }
            found
        } else if given.exists() {
            vec![given]
        } else {
            return Err(Error::io(
                &given,
                std::io::Error::new(std::io::ErrorKind::NotFound, "no such file or directory"),
            ));
        };
        for file in files.into_iter().rev() {
            self.pending.push_front(Pending::File(file));
        }
        Ok(())
    }

    fn open(&mut self, path: &Path) -> Result<Current<'static>> {
        let (reader, name): (Box<dyn Read>, PathBuf) = if path.as_os_str() == "-" {
            (Box::new(std::io::stdin()), PathBuf::from(STDIN_NAME))
        } else {
            let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
            (Box::new(file), path.to_path_buf())
        };
        let opened = source::open_reader(reader, &name, &self.opts)?;
        Ok(Current::open(opened, &name, &self.opts))
    }
}

/// The file being read now.
enum Current<'a> {
    Lines(json::LineReader<'a>),
    Done(std::vec::IntoIter<Result<ReadArticle>>),
}

impl<'a> Current<'a> {
    fn open(opened: source::Opened<'a>, path: &Path, opts: &ReadOptions) -> Current<'a> {
        let source::Opened { reader, format } = opened;
        match format {
            Format::Jsonl => Current::Lines(json::LineReader::new(
                BufReader::with_capacity(64 * 1024, reader),
                path.to_path_buf(),
            )),
            other => Current::Done(read_whole(reader, other, path, opts).into_iter()),
        }
    }

    fn next_item(&mut self, opts: &ReadOptions) -> Option<Result<ReadArticle>> {
        match self {
            Current::Lines(lines) => lines.next_article(opts),
            Current::Done(items) => items.next(),
        }
    }
}

/// Reads a whole-document format (text, HTML, JSON) from `reader`.
fn read_whole(
    mut reader: Box<dyn BufRead + '_>,
    format: Format,
    path: &Path,
    opts: &ReadOptions,
) -> Vec<Result<ReadArticle>> {
    let mut bytes = Vec::new();
    if let Err(e) = reader.read_to_end(&mut bytes) {
        return vec![Err(Error::io(path, e))];
    }
    if format == Format::Feed {
        return read_feed_document(&bytes, path, opts);
    }
    let (text, warnings) = match decode::decode_document(
        bytes,
        path,
        opts.strict,
        format == Format::Html,
        opts.content_type.as_deref(),
    ) {
        Ok(decoded) => decoded,
        Err(e) => return vec![Err(e)],
    };
    match format {
        Format::Json => json::read_json_document(&text, path, opts, warnings),
        Format::Html => vec![finish(read_html(&text), path, None, warnings, opts)],
        Format::Text | Format::Jsonl | Format::Feed => {
            vec![finish(read_plain(text), path, None, warnings, opts)]
        }
    }
}

/// The articles of a feed file (`path` names it in messages): one per item, each placed as
/// `item N (line L)`; items without text (a plain sitemap's) are skipped, not failed; broken
/// markup is a failure at its line and column, after the items read before it. A sitemap
/// index lists sitemaps, not articles: one note says so.
fn read_feed_document(bytes: &[u8], path: &Path, opts: &ReadOptions) -> Vec<Result<ReadArticle>> {
    let (text, warning) = decode_feed(bytes);
    if let Some(w) = &warning {
        if opts.strict {
            return vec![Err(Error::input(path, w.clone()))];
        }
    }
    let Some(feed) = parse_feed(&text) else {
        return vec![Err(Error::input(
            path,
            "not a feed (expected RSS, Atom, JSON Feed or a sitemap)",
        ))];
    };
    let mut out = Vec::with_capacity(feed.items.len() + 1);
    if feed.kind == FeedKind::SitemapIndex {
        out.push(Err(Error::Skipped {
            path: path.to_path_buf(),
            location: None,
            message: format!(
                "a sitemap index of {} sitemap(s): read those (or `chronicle watch` this one)",
                feed.items.len()
            ),
        }));
    } else {
        for (i, item) in feed.items.iter().enumerate() {
            let article = item_article(&feed, item);
            let location = Some(format!("item {} (line {})", i + 1, item.line));
            out.push(finish(
                article,
                path,
                location,
                warning.iter().cloned().collect(),
                opts,
            ));
        }
    }
    if let Some(e) = &feed.error {
        out.push(Err(Error::Syntax {
            path: path.to_path_buf(),
            line: e.line,
            column: e.column,
            message: e.message.clone(),
        }));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::PubDate;

    #[test]
    fn formats_from_names_and_content() {
        assert_eq!(
            Format::from_path(Path::new("a/b.jsonl.gz")),
            Some(Format::Jsonl)
        );
        assert_eq!(Format::from_path(Path::new("x.HTM")), Some(Format::Html));
        assert_eq!(Format::from_path(Path::new("x")), None);
        assert_eq!(Format::sniff(b"  {\"text\":1}"), Format::Jsonl);
        assert_eq!(Format::sniff(b"<!DOCTYPE html><html>"), Format::Html);
        assert_eq!(Format::sniff(b"<AP> said"), Format::Text);
        assert_eq!(Format::sniff(b"date 2021-03-05 x"), Format::Text);
        assert_eq!(Format::sniff(b"[{}]"), Format::Json);
    }

    #[test]
    fn read_str_reads_each_format() {
        let opts = ReadOptions::default();
        let plain = read_str("date 2021-03-05\nHello there.", None, &opts).unwrap();
        assert_eq!(plain[0].article.date.unwrap().to_string(), "2021-03-05");
        let jsonl = read_str(
            "{\"text\":\"One.\",\"id\":\"a\"}\n\n{\"text\":\"Two.\",\"id\":7}\n",
            None,
            &opts,
        )
        .unwrap();
        let ids: Vec<_> = jsonl.iter().map(|a| a.article.id.as_str()).collect();
        assert_eq!(ids, ["a", "7"]);
        assert_eq!(jsonl[1].location.as_deref(), Some("line 3"));
        let html = read_str(
            "<html><title>T</title><p>Body text.</p></html>",
            None,
            &opts,
        )
        .unwrap();
        assert_eq!(html[0].article.title.as_deref(), Some("T"));
        assert!(read_str("{\"id\":1}", None, &opts).is_err());
    }

    #[test]
    fn fallback_date_applies_only_when_missing() {
        let opts = ReadOptions {
            date: PubDate::parse("2020-01-02"),
            ..Default::default()
        };
        let a = read_str("No header here.", None, &opts).unwrap();
        assert_eq!(a[0].article.date.unwrap().to_string(), "2020-01-02");
        let b = read_str("date 2021-03-05\nText.", None, &opts).unwrap();
        assert_eq!(b[0].article.date.unwrap().to_string(), "2021-03-05");
    }

    #[test]
    fn empty_articles_are_skipped_not_failed() {
        let items = read_bytes("e.txt", b"  \n\n ", &ReadOptions::default());
        assert_eq!(items.len(), 1);
        let err = items.into_iter().next().unwrap().unwrap_err();
        assert!(!err.is_failure());
        assert!(err.to_string().contains("e.txt"));
    }
}
