//! Bytes to text: lossy UTF-8 with warnings that say where, and a binary-file test.

use std::path::Path;

use crate::error::{Error, Result};

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

/// Decodes a whole document, dropping a byte-order mark.
pub(crate) fn decode_document(
    mut bytes: Vec<u8>,
    path: &Path,
    strict: bool,
) -> Result<(String, Vec<String>)> {
    let bom = if bytes.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    bytes.drain(..bom);
    let (text, bad) = decode_lossy(bytes);
    let mut warnings = Vec::new();
    if let Some((offset, count)) = bad {
        let message = bad_utf8_message(offset + bom, count);
        if strict {
            return Err(Error::input(path, message));
        }
        warnings.push(message);
    }
    Ok((text, warnings))
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
        let err = decode_document(b"ok \x80".to_vec(), Path::new("f.txt"), true).unwrap_err();
        assert_eq!(
            err.to_string(),
            "f.txt: invalid UTF-8 at byte 3, replaced with U+FFFD"
        );
        let (_, w) =
            decode_document(b"\xEF\xBB\xBFok \x80".to_vec(), Path::new("f"), false).unwrap();
        assert_eq!(w, ["invalid UTF-8 at byte 6, replaced with U+FFFD"]);
    }

    #[test]
    fn binary_detection() {
        assert!(is_binary(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"));
        assert!(!is_binary("plain text, “quoted”.\n".as_bytes()));
        assert!(!is_binary(b""));
    }
}
