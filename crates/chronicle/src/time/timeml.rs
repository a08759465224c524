//! A small TimeML reader: the document creation time (DCT) and the TEXT with its TIMEX3
//! annotations as stand-off spans over the tag-free text. Enough for TempEval-3 files;
//! other tags inside TEXT (EVENT, SIGNAL, ...) are dropped, their content kept.

use std::path::Path;

use crate::date::Date;
use crate::doc::TimexType;
use crate::error::{Error, Result};

/// A gold TIMEX3 over [`TimeMlDoc::text`] (byte offsets).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldTimex {
    pub start: usize,
    pub end: usize,
    /// The `type` attribute; `None` when it is missing or not a TIMEX3 type (such a gold
    /// expression never matches a system type).
    pub kind: Option<TimexType>,
    pub value: String,
    pub modifier: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeMlDoc {
    pub id: String,
    pub dct: Option<Date>,
    pub text: String,
    pub timexes: Vec<GoldTimex>,
}

/// Reads one `.tml` file.
pub fn read_file(path: &Path) -> Result<TimeMlDoc> {
    let raw = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let id = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    parse(&raw, id).map_err(|message| Error::Input {
        path: path.to_path_buf(),
        message,
    })
}

/// The value of attribute `name` in a tag's source (`<TIMEX3 a="b" ...>`).
fn attribute(tag: &str, name: &str) -> Option<String> {
    let mut rest = tag;
    while let Some(pos) = rest.find(name) {
        let before_ok = rest[..pos]
            .chars()
            .last()
            .is_some_and(|c| c.is_whitespace());
        let after = &rest[pos + name.len()..];
        let after_trim = after.trim_start();
        if before_ok && after_trim.starts_with('=') {
            let v = after_trim[1..].trim_start();
            let quote = v.chars().next()?;
            if quote == '"' || quote == '\'' {
                let body = &v[1..];
                let end = body.find(quote)?;
                return Some(unescape(&body[..end]));
            }
        }
        rest = &rest[pos + name.len()..];
    }
    None
}

fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// Parses TimeML source; `id` names the document.
pub fn parse(raw: &str, id: String) -> std::result::Result<TimeMlDoc, String> {
    let dct = raw.find("<DCT>").and_then(|p| {
        let rest = &raw[p..];
        let tag_end = rest.find('>').map(|e| e + 1)?;
        let open = rest[tag_end..].find("<TIMEX3")? + tag_end;
        let close = rest[open..].find('>')? + open;
        let value = attribute(&rest[open..close], "value")?;
        Date::parse_iso(value.get(0..10)?)
    });
    let start = raw.find("<TEXT>").ok_or("no <TEXT> element")? + "<TEXT>".len();
    let end = raw[start..]
        .find("</TEXT>")
        .map(|e| e + start)
        .ok_or("no </TEXT>")?;
    let body = &raw[start..end];
    let mut text = String::with_capacity(body.len());
    let mut timexes = Vec::new();
    let mut open: Option<(usize, Option<TimexType>, String, Option<String>)> = None;
    let mut i = 0;
    while i < body.len() {
        let rest = &body[i..];
        if rest.starts_with('<') {
            let close = rest.find('>').ok_or("unclosed tag")?;
            let tag = &rest[..=close];
            if tag.starts_with("<TIMEX3") {
                let kind = attribute(tag, "type").and_then(|t| t.parse::<TimexType>().ok());
                let value = attribute(tag, "value").unwrap_or_default();
                let modifier = attribute(tag, "mod");
                if tag.ends_with("/>") {
                    // an empty TIMEX3 (no text) marks nothing in the text
                } else {
                    open = Some((text.len(), kind, value, modifier));
                }
            } else if tag.starts_with("</TIMEX3") {
                if let Some((s, kind, value, modifier)) = open.take() {
                    timexes.push(GoldTimex {
                        start: s,
                        end: text.len(),
                        kind,
                        value,
                        modifier,
                    });
                }
            }
            i += close + 1;
            continue;
        }
        if rest.starts_with('&') {
            if let Some(semi) = rest[..rest.len().min(8)].find(';') {
                let decoded = unescape(&rest[..=semi]);
                if decoded != rest[..=semi] {
                    text.push_str(&decoded);
                    i += semi + 1;
                    continue;
                }
            }
        }
        let next = rest[1..].find(['<', '&']).map_or(rest.len(), |p| p + 1);
        text.push_str(&rest[..next]);
        i += next;
    }
    Ok(TimeMlDoc {
        id,
        dct,
        text,
        timexes,
    })
}

/// All `.tml` files under `dir` (recursively), sorted for stable output.
pub fn find_files(dir: &Path) -> Result<Vec<std::path::PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = std::fs::read_dir(&d).map_err(|e| Error::io(&d, e))?;
        for entry in entries {
            let entry = entry.map_err(|e| Error::io(&d, e))?;
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "tml") {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_dct_text_and_timexes() {
        let raw = r#"<TimeML><DCT><TIMEX3 tid="t0" type="DATE" value="1998-02-13" functionInDocument="CREATION_TIME">02/13/98</TIMEX3></DCT>
<TEXT>Prices fell <TIMEX3 tid="t1" type="DATE" value="1998-02-12">yesterday</TIMEX3> &amp; <EVENT eid="e1">rose</EVENT> for <TIMEX3 tid="t2" type="DURATION" value="P2D" mod="MORE_THAN">more than two days</TIMEX3>.</TEXT></TimeML>"#;
        let doc = parse(raw, "x".into()).unwrap();
        assert_eq!(doc.dct, Date::new(1998, 2, 13));
        assert_eq!(doc.timexes.len(), 2);
        let t = &doc.timexes[0];
        assert_eq!(&doc.text[t.start..t.end], "yesterday");
        assert!(doc.text.contains("& rose"));
        let t = &doc.timexes[1];
        assert_eq!(&doc.text[t.start..t.end], "more than two days");
        assert_eq!(t.modifier.as_deref(), Some("MORE_THAN"));
    }

    #[test]
    fn refuses_files_without_text() {
        assert!(parse("<TimeML></TimeML>", "x".into()).is_err());
    }
}
