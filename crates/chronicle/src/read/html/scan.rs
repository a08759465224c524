//! The tag scanner: a tag and its attributes (values decoded), and the end of raw-text
//! elements such as `<script>`.

use std::borrow::Cow;

use super::entities::decode_attribute;

pub(super) const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen",
];

/// Elements whose content is not prose at all.
pub(super) const RAW_TEXT: &[&str] = &[
    "script", "style", "template", "textarea", "svg", "math", "noscript",
];

pub(super) struct Tag<'a> {
    pub(super) name: String,
    pub(super) attrs: Vec<(String, Cow<'a, str>)>,
    pub(super) closing: bool,
    pub(super) self_closing: bool,
}

impl Tag<'_> {
    pub(super) fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_ref())
    }
}

/// Parses the tag starting at `html[i] == '<'`; returns it and the index after `>`.
pub(super) fn parse_tag(html: &str, i: usize) -> Option<(Tag<'_>, usize)> {
    let bytes = html.as_bytes();
    let mut j = i + 1;
    let closing = bytes.get(j) == Some(&b'/');
    if closing {
        j += 1;
    }
    let name_start = j;
    while j < bytes.len()
        && (bytes[j].is_ascii_alphanumeric() || bytes[j] == b'-' || bytes[j] == b':')
    {
        j += 1;
    }
    if j == name_start || !bytes[name_start].is_ascii_alphabetic() {
        return None;
    }
    let name = html[name_start..j].to_ascii_lowercase();
    let mut attrs = Vec::new();
    let mut self_closing = false;
    loop {
        while j < bytes.len() && bytes[j].is_ascii_whitespace() {
            j += 1;
        }
        match bytes.get(j) {
            None => {
                return Some((
                    Tag {
                        name,
                        attrs,
                        closing,
                        self_closing,
                    },
                    bytes.len(),
                ))
            }
            Some(b'>') => {
                return Some((
                    Tag {
                        name,
                        attrs,
                        closing,
                        self_closing,
                    },
                    j + 1,
                ))
            }
            Some(b'/') => {
                self_closing = true;
                j += 1;
                continue;
            }
            _ => {}
        }
        self_closing = false;
        let key_start = j;
        while j < bytes.len() && !bytes[j].is_ascii_whitespace() && !b"=>/".contains(&bytes[j]) {
            j += 1;
        }
        if j == key_start {
            j += 1; // a stray '=' or similar: skip it
            continue;
        }
        let key = html[key_start..j].to_ascii_lowercase();
        while j < bytes.len() && bytes[j].is_ascii_whitespace() {
            j += 1;
        }
        let mut value: Cow<'_, str> = Cow::Borrowed("");
        if bytes.get(j) == Some(&b'=') {
            j += 1;
            while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                j += 1;
            }
            match bytes.get(j) {
                Some(&q) if q == b'"' || q == b'\'' => {
                    let end = html[j + 1..]
                        .find(q as char)
                        .map_or(bytes.len(), |e| j + 1 + e);
                    value = decode_attribute(&html[j + 1..end]);
                    j = (end + 1).min(bytes.len());
                }
                _ => {
                    let start = j;
                    while j < bytes.len() && !bytes[j].is_ascii_whitespace() && bytes[j] != b'>' {
                        j += 1;
                    }
                    value = decode_attribute(&html[start..j]);
                }
            }
        }
        attrs.push((key, value));
    }
}

/// Finds `</name` (ASCII case-insensitive) from `from`; returns its start.
pub(super) fn find_end_tag(html: &str, from: usize, name: &str) -> Option<usize> {
    let bytes = html.as_bytes();
    let mut k = from;
    while let Some(off) = html.get(k..)?.find("</") {
        let at = k + off;
        let after = at + 2;
        if bytes.len() >= after + name.len()
            && bytes[after..after + name.len()].eq_ignore_ascii_case(name.as_bytes())
        {
            return Some(at);
        }
        k = after;
    }
    None
}
