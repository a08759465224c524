//! JSON and JSONL: `text` required; `id`, `date`, `title`, `url`, `source`, `author`
//! optional; every other field kept in `meta`.

use std::io::BufRead;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use super::options::{finish, ReadArticle, ReadOptions};
use super::{decode, plain};
use crate::date::PubDate;
use crate::doc::{Article, Byline};
use crate::error::{Error, Result};

/// Builds an article from one JSON object. Returns the article and its warnings; the error
/// is a message (the caller knows the file and line).
pub fn article_from_json(
    value: Value,
    field_map: &[(String, String)],
) -> std::result::Result<(Article, Vec<String>), String> {
    let Value::Object(mut object) = value else {
        return Err(format!(
            "expected a JSON object, found {}",
            kind_name(&value)
        ));
    };
    rename_fields(&mut object, field_map);
    let mut warnings = Vec::new();
    let text = match object.remove("text") {
        Some(Value::String(s)) => s,
        Some(other) => {
            return Err(format!(
                "field \"text\" must be a string, found {}",
                kind_name(&other)
            ))
        }
        None => {
            let hint = ["body", "content", "article", "story"]
                .iter()
                .find(|f| object.contains_key(**f))
                .map(|f| format!(" (map it with --field {f}=text)"))
                .unwrap_or_default();
            return Err(format!("missing required field \"text\"{hint}"));
        }
    };
    let mut article = plain::layout_plain(
        text,
        plain::Layout {
            date_marker: false,
            title: false,
        },
    );
    if let Some(id) = object.remove("id") {
        match id {
            Value::String(s) if !s.is_empty() => article.id = s,
            Value::Number(n) => article.id = n.to_string(),
            Value::Null => {}
            other => {
                warnings.push(format!("field \"id\" ignored: {}", kind_name(&other)));
                object.insert("id".into(), other);
            }
        }
    }
    if let Some(date) = object.remove("date") {
        match &date {
            Value::String(s) => match PubDate::parse(s) {
                Some(d) => article.date = Some(d),
                None => {
                    warnings.push(format!("unreadable date {s:?} kept in meta"));
                    object.insert("date".into(), date);
                }
            },
            Value::Null => {}
            other => {
                warnings.push(format!("field \"date\" ignored: {}", kind_name(other)));
                object.insert("date".into(), date);
            }
        }
    }
    for (field, slot) in [
        ("title", &mut article.title),
        ("url", &mut article.url),
        ("source", &mut article.source),
    ] {
        match object.remove(field) {
            Some(Value::String(s)) => *slot = Some(s).filter(|s| !s.trim().is_empty()),
            Some(Value::Null) | None => {}
            Some(other) => {
                warnings.push(format!("field {field:?} is not a string; kept in meta"));
                object.insert(field.into(), other);
            }
        }
    }
    if article.byline.is_none() {
        if let Some(Value::String(author)) = object.get("author") {
            article.byline = Some(Byline {
                author: Some(author.clone()),
                email: None,
                span: None,
            });
            object.remove("author");
        }
    }
    article.meta = object;
    Ok((article, warnings))
}

/// `article_from_json` for one line of text.
pub fn article_from_json_line(
    line: &str,
    field_map: &[(String, String)],
) -> std::result::Result<(Article, Vec<String>), String> {
    let value: Value = serde_json::from_str(line).map_err(|e| format!("not JSON: {e}"))?;
    article_from_json(value, field_map)
}

fn rename_fields(object: &mut Map<String, Value>, field_map: &[(String, String)]) {
    for (from, to) in field_map {
        if from == to {
            continue;
        }
        if let Some(v) = object.remove(from) {
            // The mapped field wins; a field it displaces is kept under its old name in meta.
            if let Some(old) = object.insert(to.clone(), v) {
                object.insert(format!("{to}_original"), old);
            }
        }
    }
}

fn kind_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Reads JSONL one line at a time, reusing one buffer.
pub(crate) struct LineReader<'a> {
    reader: Box<dyn BufRead + 'a>,
    path: PathBuf,
    line: usize,
    offset: usize,
    buf: Vec<u8>,
    done: bool,
}

impl<'a> LineReader<'a> {
    pub fn new(reader: impl BufRead + 'a, path: PathBuf) -> Self {
        LineReader {
            reader: Box::new(reader),
            path,
            line: 0,
            offset: 0,
            buf: Vec::new(),
            done: false,
        }
    }

    pub fn next_article(&mut self, opts: &ReadOptions) -> Option<Result<ReadArticle>> {
        while !self.done {
            self.buf.clear();
            let n = match self.reader.read_until(b'\n', &mut self.buf) {
                Ok(n) => n,
                Err(e) => {
                    self.done = true;
                    return Some(Err(Error::Parse {
                        path: self.path.clone(),
                        line: self.line + 1,
                        message: format!("read error: {e}"),
                    }));
                }
            };
            if n == 0 {
                self.done = true;
                return None;
            }
            self.line += 1;
            let line_offset = self.offset;
            self.offset += n;
            let mut bytes = &self.buf[..];
            if self.line == 1 {
                bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            }
            if bytes.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let mut warnings = Vec::new();
            let text = match std::str::from_utf8(bytes) {
                Ok(s) => std::borrow::Cow::Borrowed(s),
                Err(_) => {
                    let (s, bad) = decode::decode_lossy(bytes.to_vec());
                    if let Some((at, count)) = bad {
                        let skipped = self.buf.len() - bytes.len();
                        let message = decode::bad_utf8_message(line_offset + skipped + at, count);
                        if opts.strict {
                            return Some(Err(Error::Parse {
                                path: self.path.clone(),
                                line: self.line,
                                message,
                            }));
                        }
                        warnings.push(message);
                    }
                    std::borrow::Cow::Owned(s)
                }
            };
            let location = Some(format!("line {}", self.line));
            return Some(match article_from_json_line(&text, &opts.field_map) {
                Ok((article, more)) => {
                    warnings.extend(more);
                    finish(article, &self.path, location, warnings, opts)
                }
                Err(message) => Err(Error::Parse {
                    path: self.path.clone(),
                    line: self.line,
                    message,
                }),
            });
        }
        None
    }
}

/// A `.json` file: one article object, or an array of them.
pub(crate) fn read_json_document(
    text: &str,
    path: &Path,
    opts: &ReadOptions,
    warnings: Vec<String>,
) -> Vec<Result<ReadArticle>> {
    let value: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            return vec![Err(Error::Parse {
                path: path.to_path_buf(),
                line: e.line(),
                message: format!("not JSON: {e}"),
            })]
        }
    };
    let items: Vec<(Option<String>, Value)> = match value {
        Value::Array(items) => items
            .into_iter()
            .enumerate()
            .map(|(i, v)| (Some(format!("item {}", i + 1)), v))
            .collect(),
        other => vec![(None, other)],
    };
    let mut out = Vec::with_capacity(items.len());
    for (index, (location, value)) in items.into_iter().enumerate() {
        let mut item_warnings = if index == 0 {
            warnings.clone()
        } else {
            Vec::new()
        };
        out.push(match article_from_json(value, &opts.field_map) {
            Ok((article, more)) => {
                item_warnings.extend(more);
                finish(article, path, location, item_warnings, opts)
            }
            Err(message) => Err(Error::Input {
                path: path.to_path_buf(),
                message: match location {
                    Some(l) => format!("{l}: {message}"),
                    None => message,
                },
            }),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_meta_and_mapping() {
        let line = r#"{"id":12,"body":"SEOUL, March 5 (Yonhap) -- Talks resumed.","date":"2021-03-05T09:30:00+09:00","title":"Talks","topics":["x"],"url":null}"#;
        let map = vec![("body".to_string(), "text".to_string())];
        let (a, warnings) = article_from_json_line(line, &map).unwrap();
        assert!(warnings.is_empty());
        assert_eq!(a.id, "12");
        assert_eq!(a.title.as_deref(), Some("Talks"));
        assert_eq!(a.date.unwrap().to_string(), "2021-03-05T09:30:00+09:00");
        assert_eq!(a.meta.get("topics"), Some(&serde_json::json!(["x"])));
        assert!(a.url.is_none());
        assert_eq!(a.dateline.unwrap().text, "SEOUL, March 5 (Yonhap) --");
    }

    #[test]
    fn errors_say_what_is_wrong() {
        let err = article_from_json_line(r#"{"body":"x"}"#, &[]).unwrap_err();
        assert!(err.contains("--field body=text"), "{err}");
        assert!(article_from_json_line("not json", &[])
            .unwrap_err()
            .starts_with("not JSON"));
        assert!(article_from_json_line("[1]", &[])
            .unwrap_err()
            .contains("an array"));
        let (a, w) = article_from_json_line(r#"{"text":"x","date":"soon"}"#, &[]).unwrap();
        assert!(a.date.is_none());
        assert_eq!(w.len(), 1);
        assert_eq!(a.meta.get("date"), Some(&serde_json::json!("soon")));
    }

    #[test]
    fn line_reader_reports_bad_lines_and_goes_on() {
        let input: &[u8] =
            b"{\"text\":\"One.\"}\nnot json\n\n{\"text\":\"Tw\xFFo.\"}\n{\"text\":\"  \"}";
        let mut r = LineReader::new(input, PathBuf::from("in.jsonl"));
        let opts = ReadOptions::default();
        let mut items = Vec::new();
        while let Some(item) = r.next_article(&opts) {
            items.push(item);
        }
        assert_eq!(items.len(), 4);
        assert!(items[0].is_ok());
        let e = items[1].as_ref().unwrap_err().to_string();
        assert!(e.starts_with("in.jsonl:2: not JSON"), "{e}");
        let third = items[2].as_ref().unwrap();
        assert_eq!(third.location.as_deref(), Some("line 4"));
        // line 4 starts at byte 16 + 9 + 1 = 26; the bad byte is 11 bytes into it
        assert_eq!(
            third.warnings,
            ["invalid UTF-8 at byte 37, replaced with U+FFFD"]
        );
        assert!(!items[3].as_ref().unwrap_err().is_failure());
    }
}
