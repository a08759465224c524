//! Bytes to text: the encoding (a byte-order mark, else what an HTML page declares, else
//! UTF-8), lossy decoding with warnings that say where, and a binary-file test.

use std::path::Path;

use encoding_rs::{Encoding, REPLACEMENT, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252, X_USER_DEFINED};

use crate::error::{Error, Result};

/// How much of a page is searched for a `<meta>` charset: browsers look at the first 1,024
/// bytes; saved pages often carry a longer preamble (comments, scripts) before it.
const PRESCAN_BYTES: usize = 4096;

/// Decodes `bytes` as UTF-8, replacing bad sequences with U+FFFD.
///
/// Returns the text and, when anything was replaced, the byte offset of the first bad
/// sequence (relative to `bytes`) and how many there were.
pub fn decode_lossy(bytes: Vec<u8>) -> (String, Option<(usize, usize)>) {
    match String::from_utf8(bytes) {
        Ok(s) => (s, None),
        Err(e) => {
            let bytes = e.into_bytes();
            let mut out = String::with_capacity(bytes.len() + 16);
            let mut rest = &bytes[..];
            let mut offset = 0;
            let mut first = None;
            let mut count = 0;
            loop {
                match std::str::from_utf8(rest) {
                    Ok(s) => {
                        out.push_str(s);
                        break;
                    }
                    Err(err) => {
                        let valid = err.valid_up_to();
                        let (good, bad) = rest.split_at(valid);
                        // SAFETY-free: `good` was just validated.
                        out.push_str(std::str::from_utf8(good).unwrap_or_default());
                        out.push('\u{FFFD}');
                        first.get_or_insert(offset + valid);
                        count += 1;
                        let skip = err.error_len().unwrap_or(bad.len()).max(1);
                        let skip = skip.min(bad.len());
                        rest = &bad[skip..];
                        offset += valid + skip;
                        if rest.is_empty() {
                            break;
                        }
                    }
                }
            }
            (out, first.map(|f| (f, count)))
        }
    }
}

/// A warning (or, when strict, an error) for undecodable bytes at `offset` of `path`.
pub(crate) fn bad_utf8_message(offset: usize, count: usize) -> String {
    if count == 1 {
        format!("invalid UTF-8 at byte {offset}, replaced with U+FFFD")
    } else {
        format!(
            "invalid UTF-8 at byte {offset} (and {} more places), replaced with U+FFFD",
            count - 1
        )
    }
}

/// Decodes a whole document, dropping a byte-order mark. The encoding is the mark's, else
/// the charset of the HTTP `content_type` the document came with, else (for `html`) the
/// page's declared charset, else UTF-8; bad bytes are reported by offset.
pub(crate) fn decode_document(
    mut bytes: Vec<u8>,
    path: &Path,
    strict: bool,
    html: bool,
    content_type: Option<&str>,
) -> Result<(String, Vec<String>)> {
    let http = content_type
        .and_then(super::html::charset_param)
        .and_then(|label| Encoding::for_label(label.trim().as_bytes()))
        .map(ascii_compatible);
    let (encoding, bom) = match (Encoding::for_bom(&bytes), http) {
        (Some((encoding, bom)), _) => (encoding, bom),
        (None, Some(encoding)) => (encoding, 0),
        (None, None) if html => (page_encoding(&bytes), 0),
        (None, None) => (UTF_8, 0),
    };
    bytes.drain(..bom);
    let mut warnings = Vec::new();
    let message = if encoding == UTF_8 {
        let (text, bad) = decode_lossy(bytes);
        match bad {
            None => return Ok((text, warnings)),
            Some((offset, count)) => (text, bad_utf8_message(offset + bom, count)),
        }
    } else {
        let (text, bad) = encoding.decode_without_bom_handling(&bytes);
        let text = text.into_owned();
        if !bad {
            return Ok((text, warnings));
        }
        let message = format!("invalid {} bytes, replaced with U+FFFD", encoding.name());
        (text, message)
    };
    let (text, message) = message;
    if strict {
        return Err(Error::input(path, message));
    }
    warnings.push(message);
    Ok((text, warnings))
}

/// The encoding of an HTML page without a byte-order mark: its declared charset as browsers
/// map the label (`ISO-8859-1` and `US-ASCII` are windows-1252), UTF-8 when it declares
/// none, and UTF-8 too when the bytes are valid UTF-8 with non-ASCII in them: a page saved as
/// UTF-8 under a stale declaration is common, while real windows-1252 text almost never
/// forms valid UTF-8 sequences.
fn page_encoding(bytes: &[u8]) -> &'static Encoding {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(PRESCAN_BYTES)]);
    let declared = super::html::declared_charset(&head)
        .and_then(|label| Encoding::for_label(label.as_bytes()));
    match declared.map(ascii_compatible) {
        None => UTF_8,
        Some(e) if e != UTF_8 && !bytes.is_ascii() && std::str::from_utf8(bytes).is_ok() => UTF_8,
        Some(e) => e,
    }
}

/// A declared encoding as a reader can use it: declarations an ASCII-compatible page cannot
/// mean without a byte-order mark (UTF-16) or that would replace the whole text are read as
/// UTF-8, lossily; `x-user-defined` as windows-1252.
fn ascii_compatible(e: &'static Encoding) -> &'static Encoding {
    if e == UTF_16LE || e == UTF_16BE || e == REPLACEMENT {
        UTF_8
    } else if e == X_USER_DEFINED {
        WINDOWS_1252
    } else {
        e
    }
}

/// Whether the first bytes of a file look like a binary format rather than text.
///
/// NUL bytes never occur in text; many other control bytes hint at binary too.
pub fn is_binary(head: &[u8]) -> bool {
    if head.is_empty() {
        return false;
    }
    if head.contains(&0) {
        return true;
    }
    let control = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C | 0x1B))
        .count();
    control * 10 > head.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lossy_decoding_reports_first_offset_and_count() {
        let (s, bad) = decode_lossy(b"ab\xFFcd\xC3".to_vec());
        assert_eq!(s, "ab\u{FFFD}cd\u{FFFD}");
        assert_eq!(bad, Some((2, 2)));
        let (s, bad) = decode_lossy("Seoul’s".as_bytes().to_vec());
        assert_eq!(s, "Seoul’s");
        assert_eq!(bad, None);
    }

    #[test]
    fn strict_decoding_fails_with_offset() {
        let err = decode_document(b"ok \x80".to_vec(), Path::new("f.txt"), true, false, None)
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "f.txt: invalid UTF-8 at byte 3, replaced with U+FFFD"
        );
        let (_, w) = decode_document(
            b"\xEF\xBB\xBFok \x80".to_vec(),
            Path::new("f"),
            false,
            false,
            None,
        )
        .unwrap();
        assert_eq!(w, ["invalid UTF-8 at byte 6, replaced with U+FFFD"]);
    }

    fn html(page: &[u8]) -> (String, Vec<String>) {
        decode_document(page.to_vec(), Path::new("p.html"), false, true, None).unwrap()
    }

    #[test]
    fn latin1_page() {
        let (text, w) = html(b"<meta charset=\"ISO-8859-1\"><p>Caf\xE9 in M\xFCnchen \xA3</p>");
        assert_eq!(
            text,
            "<meta charset=\"ISO-8859-1\"><p>Café in München £</p>"
        );
        assert!(w.is_empty());
        // Plain text has no declaration to read: bad UTF-8 as before.
        let (_, w) =
            decode_document(b"Caf\xE9".to_vec(), Path::new("p.txt"), false, false, None).unwrap();
        assert_eq!(w, ["invalid UTF-8 at byte 3, replaced with U+FFFD"]);
    }

    #[test]
    fn http_charset_order() {
        let decode = |bytes: &[u8], ct: &str| {
            decode_document(bytes.to_vec(), Path::new("p.html"), false, true, Some(ct))
                .unwrap()
                .0
        };
        // The header beats the page's own declaration ...
        assert_eq!(
            decode(
                b"<meta charset=utf-8>M\xFCnchen",
                "text/html; charset=ISO-8859-1"
            ),
            "<meta charset=utf-8>München"
        );
        // ... a byte-order mark beats the header ...
        assert_eq!(
            decode(
                b"\xEF\xBB\xBFM\xC3\xBCnchen",
                "text/html; charset=\"iso-8859-1\""
            ),
            "München"
        );
        // ... and a header without a (known) charset leaves the page's declaration in charge.
        assert_eq!(
            decode(b"<meta charset=latin1>M\xFCnchen", "text/html"),
            "<meta charset=latin1>München"
        );
        assert_eq!(
            decode(
                b"<meta charset=latin1>M\xFCnchen",
                "text/html; charset=bogus"
            ),
            "<meta charset=latin1>München"
        );
        // A header on plain text counts too.
        let (text, _) = decode_document(
            b"Caf\xE9".to_vec(),
            Path::new("p.txt"),
            false,
            false,
            Some("text/plain;charset=windows-1252"),
        )
        .unwrap();
        assert_eq!(text, "Café");
    }

    #[test]
    fn windows_1252_page() {
        let page = b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\">\x93Quoted\x94 \x96 \x80 5 \x85 \x8Ae\x9Aelj";
        let (text, w) = html(page);
        assert!(
            text.ends_with(
                "\u{201C}Quoted\u{201D} \u{2013} \u{20AC} 5 \u{2026} \u{160}e\u{161}elj"
            ),
            "{text}"
        );
        assert!(w.is_empty());
        // ISO-8859-1 is read as windows-1252, as browsers do.
        let (text, _) = html(b"<meta charset=iso-8859-1>\x93x\x94");
        assert!(text.ends_with("\u{201C}x\u{201D}"));
    }

    #[test]
    fn utf8_pages_and_marks() {
        // No declaration: UTF-8, with the offset of bad bytes.
        let (text, w) = html(b"<p>ok \x80</p>");
        assert_eq!(text, "<p>ok \u{FFFD}</p>");
        assert_eq!(w, ["invalid UTF-8 at byte 6, replaced with U+FFFD"]);
        // A stale Latin-1 declaration on a UTF-8 page.
        let (text, _) = html("<meta charset=iso-8859-1><p>Café</p>".as_bytes());
        assert!(text.ends_with("<p>Café</p>"));
        // A byte-order mark wins over the declaration.
        let (text, _) = html(b"\xEF\xBB\xBF<meta charset=windows-1252>\xC3\xA9");
        assert_eq!(text, "<meta charset=windows-1252>é");
        // Shift_JIS by its label.
        let (text, w) = html(b"<meta charset=shift_jis>\x93\xfa\x96\x7b");
        assert!(text.ends_with("日本"), "{text}");
        assert!(w.is_empty());
    }

    #[test]
    fn binary_detection() {
        assert!(is_binary(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"));
        assert!(!is_binary("plain text, “quoted”.\n".as_bytes()));
        assert!(!is_binary(b""));
    }
}
