//! A feed item's summary or content (HTML as feeds carry it, or plain text) as paragraphs
//! of plain text: tags dropped, blocks and `<br>` as breaks, scripts and styles skipped,
//! character references decoded, white space collapsed.

use crate::read::html::decode_entities;

/// Elements whose start or end breaks a paragraph.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "tr",
    "table",
    "figure",
    "figcaption",
    "section",
    "article",
    "hr",
    "pre",
];

/// Inline elements a title may carry; any other `<word>` in a title is text
/// ("Council votes on <harbour> budget" from a CDATA section).
const INLINE: &[&str] = &[
    "a", "abbr", "b", "br", "cite", "code", "em", "font", "i", "mark", "q", "s", "small", "span",
    "strong", "sub", "sup", "u",
];

/// A title as one line of text: inline markup dropped, references decoded.
pub(crate) fn title_text(title: &str) -> String {
    let mut out = String::new();
    let mut rest = title;
    while let Some(lt) = rest.find('<') {
        out.push_str(&decode_entities(&rest[..lt]));
        let tag = &rest[lt..];
        let inner = tag.get(1..tag.find('>').unwrap_or(0)).unwrap_or("");
        let name = inner
            .trim_start_matches('/')
            .split(|c: char| !c.is_ascii_alphanumeric())
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        if !inner.is_empty() && INLINE.contains(&name.as_str()) {
            out.push(' ');
            rest = &tag[inner.len() + 2..];
        } else {
            out.push('<');
            rest = &tag[1..];
        }
    }
    out.push_str(&decode_entities(rest));
    collapse(&out)
}

/// Paragraphs of the summary, without empty ones.
pub(crate) fn summary_paragraphs(summary: &str) -> Vec<String> {
    let looks_html = summary
        .as_bytes()
        .windows(2)
        .any(|w| w[0] == b'<' && (w[1].is_ascii_alphabetic() || w[1] == b'/' || w[1] == b'!'));
    let mut raw = Vec::new();
    if looks_html {
        raw = html_blocks(summary);
    } else {
        let text = decode_entities(summary);
        for block in text.split("\n\n") {
            raw.push(block.to_string());
        }
    }
    raw.iter()
        .map(|p| collapse(p))
        .filter(|p| !p.is_empty())
        .collect()
}

/// Splits HTML into block texts (references still encoded).
fn html_blocks(html: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current = String::new();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        current.push_str(&decode_entities(&rest[..lt]));
        let tag_text = &rest[lt..];
        if tag_text.starts_with("<!--") {
            rest = tag_text.find("-->").map_or("", |end| &tag_text[end + 3..]);
            continue;
        }
        let Some(gt) = tag_text.find('>') else {
            // A lone `<` in text.
            current.push('<');
            rest = &tag_text[1..];
            continue;
        };
        let inner = &tag_text[1..gt];
        let name: String = inner
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if name.is_empty() && !inner.starts_with('!') && !inner.starts_with('?') {
            current.push('<');
            rest = &tag_text[1..];
            continue;
        }
        rest = &tag_text[gt + 1..];
        if !inner.starts_with('/') && matches!(name.as_str(), "script" | "style") {
            let close = format!("</{name}");
            let lower = rest.to_ascii_lowercase();
            rest = lower
                .find(&close)
                .and_then(|at| rest[at..].find('>').map(|gt| &rest[at + gt + 1..]))
                .unwrap_or("");
            continue;
        }
        if BLOCKS.contains(&name.as_str()) {
            blocks.push(std::mem::take(&mut current));
        } else if name == "img" {
            current.push(' ');
        }
    }
    current.push_str(&decode_entities(rest));
    blocks.push(current);
    blocks
}

/// Collapses runs of white space (non-breaking spaces too) to one space and trims.
fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split(|c: char| c.is_whitespace()) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_summaries_become_paragraphs() {
        let p = summary_paragraphs(
            "<p>First &amp; <b>bold</b>\n line.</p><p>Second<br/>third</p>\
             <script>var x = '<p>no</p>';</script><!-- c --><style>p{}</style>last &nbsp;one",
        );
        assert_eq!(p, ["First & bold line.", "Second", "third", "last one"]);
    }

    #[test]
    fn plain_summaries_keep_their_breaks() {
        let p = summary_paragraphs("One line\nstill one.\n\nTwo &lt; three, and a < b.");
        assert_eq!(p, ["One line still one.", "Two < three, and a < b."]);
        assert!(summary_paragraphs("  \n ").is_empty());
    }

    #[test]
    fn titles_keep_what_is_not_markup() {
        assert_eq!(
            title_text("Votes on <harbour> budget"),
            "Votes on <harbour> budget"
        );
        assert_eq!(title_text("<b>Bold</b> &amp; <i>it</i>"), "Bold & it");
        assert_eq!(title_text("a < b <"), "a < b <");
    }

    #[test]
    fn broken_markup_does_not_panic() {
        for s in [
            "<",
            "<p",
            "a <",
            "<script>x",
            "<!--",
            "</",
            "<é>",
            "<p>é<",
            "<b",
        ] {
            let _ = summary_paragraphs(s);
            let _ = title_text(s);
        }
    }
}
