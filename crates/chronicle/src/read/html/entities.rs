//! HTML character references, decoded as the HTML5 spec does (every named reference,
//! the legacy ones without a semicolon, numeric ones with the windows-1252 remapping).

use std::borrow::Cow;

/// Decodes the character references of HTML text: every HTML5 named reference (with or
/// without the semicolon where browsers accept that), `&#NNN;` and `&#xHH;` (128-159 read as
/// windows-1252, as browsers do). Unknown or malformed references are left as they are.
pub fn decode_entities(s: &str) -> Cow<'_, str> {
    if !s.contains('&') {
        return Cow::Borrowed(s);
    }
    htmlize::unescape(s)
}

/// As [`decode_entities`], with the attribute-value rule: a legacy reference without its
/// semicolon stays literal before a letter, digit or `=` (`?a=1&copy=2` is a URL).
pub(super) fn decode_attribute(s: &str) -> Cow<'_, str> {
    if !s.contains('&') {
        return Cow::Borrowed(s);
    }
    htmlize::unescape_attribute(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities() {
        assert_eq!(
            decode_entities("a &amp; b &lt;c&gt; &#8220;x&#x201D; &bogus; & &amp"),
            "a & b <c> \u{201C}x\u{201D} &bogus; & &"
        );
        assert_eq!(
            decode_entities("&#151;&#0;&#xFFFFFFFF;"),
            "\u{2014}\u{FFFD}\u{FFFD}"
        );
        assert_eq!(decode_entities("caf&eacute;"), "café");
    }

    #[test]
    fn every_html5_name_and_legacy_forms() {
        assert_eq!(decode_entities("&Scaron;e&scaron;elj"), "Šešelj");
        assert_eq!(decode_entities("wait&hellip;"), "wait…");
        assert_eq!(decode_entities("AT&amp T, R&D &amp Co"), "AT& T, R&D & Co");
        assert_eq!(decode_entities("&#128;&#133;&#158;"), "€…ž");
        assert_eq!(
            decode_entities("&NotNestedGreaterGreater;"),
            "\u{2AA2}\u{338}"
        );
        assert_eq!(decode_attribute("/a?x=1&copy=2"), "/a?x=1&copy=2");
        assert_eq!(decode_attribute("&copy 2021"), "\u{A9} 2021");
    }
}
