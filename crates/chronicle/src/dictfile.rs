//! What every reader of user-supplied dictionary files shares: XML/HTML comment blocks
//! (`<!-- ... -->`, possibly spanning lines, as PETRARCH2's own dictionaries carry them) and
//! whole-line comments (`#`, `;`) are not data. Blanking comment blocks keeps line numbers,
//! so warnings still say `file:line`.

/// `text` with every `<!-- ... -->` block replaced by spaces (newlines kept). An unclosed
/// block runs to the end of the text.
pub fn blank_comment_blocks(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains("<!--") {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find("<!--") {
        out.push_str(&rest[..open]);
        let inside = &rest[open..];
        let end = inside
            .get(4..)
            .and_then(|s| s.find("-->"))
            .map_or(inside.len(), |i| i + 4 + 3);
        for c in inside[..end].chars() {
            out.push(if c == '\n' { '\n' } else { ' ' });
        }
        rest = &inside[end..];
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

/// Whether a trimmed line is a whole-line comment (`#` or `;`).
pub fn is_comment_line(trimmed: &str) -> bool {
    trimmed.starts_with('#') || trimmed.starts_with(';')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comment_blocks_become_blank_lines() {
        let text = "a\n<!-- one\ntwo -->b\n<!-- open";
        let blanked = blank_comment_blocks(text);
        let lines: Vec<&str> = blanked.lines().map(str::trim).collect();
        assert_eq!(lines, ["a", "", "b", ""]);
        assert_eq!(blank_comment_blocks("x <!---->y"), "x        y");
        assert!(is_comment_line("; TABARI comment") && is_comment_line("# c"));
        assert!(!is_comment_line("KOREA [KOR]"));
    }
}
