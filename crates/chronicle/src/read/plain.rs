//! Plain text, in the seed's layout or as bare prose.
//!
//! The layout: an optional `date YYYY-MM-DD` marker (followed on the same line or the next
//! by the rest), an optional short title line, a photo caption ending with a credit in
//! parentheses (`... (AP-Yonhap)`), body paragraphs (the first may open with a dateline,
//! `SEOUL, March 5 (Yonhap) --`), and a byline `By NAME (email)` at the top or the end,
//! possibly broken across lines. Each part is found by its shape, never by position alone,
//! so prose without any of it reads as body paragraphs.

use crate::date::PubDate;
use crate::doc::{Article, Byline, Paragraph, ParagraphKind, Range, Span};
use crate::text::split_paragraphs;

/// Which layout parts to look for.
#[derive(Debug, Clone, Copy)]
pub struct Layout {
    /// A leading `date YYYY-MM-DD` marker.
    pub date_marker: bool,
    /// A short first line that is the title (not for JSON, where the title is a field).
    pub title: bool,
}

/// Reads a plain-text article with every layout part looked for.
pub fn read_plain(text: String) -> Article {
    layout_plain(
        text,
        Layout {
            date_marker: true,
            title: true,
        },
    )
}

/// Builds an article over `text`, filling `paragraphs` (with kinds), `date`, `title`,
/// `caption`, `dateline` and `byline` from the layout.
pub fn layout_plain(text: String, layout: Layout) -> Article {
    let mut article = Article::new(text);
    let text = article.text.as_str();
    let mut paragraphs: Vec<(Range, ParagraphKind)> = Vec::new();
    let mut content_start = 0;
    if layout.date_marker {
        if let Some((marker, date)) = date_marker(text) {
            article.date = Some(date);
            paragraphs.push((marker, ParagraphKind::Header));
            content_start = marker.end;
        }
    }
    let body = split_paragraphs(text, Range::new(content_start, text.len()));
    let mut ranges: Vec<Range> = body;
    let byline_at_end = merge_trailing_byline(text, &mut ranges);

    let mut kinds = vec![ParagraphKind::Body; ranges.len()];
    // The head: a title and/or a caption, in either order, at most one of each.
    let mut index = 0;
    let mut seen_title = false;
    let mut seen_caption = false;
    while index < ranges.len() && index < 2 {
        let para = ranges[index].slice(text);
        let more_follow = index + 1 < ranges.len();
        if !seen_caption && more_follow && ends_with_credit(para) {
            kinds[index] = ParagraphKind::Caption;
            seen_caption = true;
        } else if layout.title && !seen_title && !seen_caption && more_follow && is_title_like(para)
        {
            kinds[index] = ParagraphKind::Title;
            seen_title = true;
        } else {
            break;
        }
        index += 1;
    }
    // A byline right after the head.
    if let Some(range) = ranges.get(index) {
        if parse_byline(range.slice(text)).is_some() && index + 1 < ranges.len() {
            kinds[index] = ParagraphKind::Byline;
            index += 1;
        }
    }
    if byline_at_end {
        if let Some(last) = kinds.last_mut() {
            *last = ParagraphKind::Byline;
        }
    }
    // A dateline: its own short line, or the opening words of the first body paragraph.
    let mut dateline = None;
    if let Some(range) = ranges.get(index).copied() {
        if kinds[index] == ParagraphKind::Body {
            let para = range.slice(text);
            if is_dateline_line(para) && index + 1 < ranges.len() {
                kinds[index] = ParagraphKind::Dateline;
                dateline = Some(range);
            } else if let Some(len) = dateline_prefix(para) {
                dateline = Some(Range::new(range.start, range.start + len));
            }
        }
    }

    paragraphs.extend(ranges.into_iter().zip(kinds));
    let mut result_paragraphs = Vec::with_capacity(paragraphs.len());
    for (range, kind) in paragraphs {
        let para_text = range.slice(text);
        match kind {
            ParagraphKind::Title if article.title.is_none() => {
                article.title = Some(para_text.to_string());
            }
            ParagraphKind::Caption if article.caption.is_none() => {
                article.caption = Some(Span::new(text, range));
            }
            ParagraphKind::Byline if article.byline.is_none() => {
                if let Some((author, email)) = parse_byline(para_text) {
                    article.byline = Some(Byline {
                        author: Some(author),
                        email,
                        span: Some(Span::new(text, range)),
                    });
                }
            }
            _ => {}
        }
        result_paragraphs.push(Paragraph {
            start: range.start,
            end: range.end,
            kind,
            text: para_text.to_string(),
        });
    }
    article.dateline = dateline.map(|r| Span::new(text, r));
    article.paragraphs = result_paragraphs;
    article
}

/// `date 2021-03-05` (or `Date: 2021-03-05T09:00Z`) at the very start, after whitespace.
fn date_marker(text: &str) -> Option<(Range, PubDate)> {
    let start = text.len()
        - text
            .trim_start_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}')
            .len();
    let rest = text.get(start..)?;
    let word = rest.get(..4)?;
    if !word.eq_ignore_ascii_case("date") {
        return None;
    }
    let after = rest.get(4..)?;
    let after_colon = after.strip_prefix(':').unwrap_or(after);
    let value = after_colon.trim_start_matches([' ', '\t']);
    if value.len() == after_colon.len() && after_colon.len() == after.len() {
        return None; // "dates ..." or "datebook": no separator
    }
    let token_len = value
        .find(|c: char| c.is_whitespace())
        .unwrap_or(value.len());
    let token = value.get(..token_len)?;
    let date = PubDate::parse(token)?;
    let end = text.len() - value.len() + token_len;
    Some((Range::new(start, end), date))
}

/// Whether a paragraph ends with a short parenthesised credit: `... (AP-Yonhap)`.
fn ends_with_credit(para: &str) -> bool {
    let trimmed = para.trim_end();
    let Some(inner) = trimmed.strip_suffix(')') else {
        return false;
    };
    let Some(open) = inner.rfind('(') else {
        return false;
    };
    let credit = &inner[open + 1..];
    let before = inner[..open].trim_end();
    !credit.trim().is_empty()
        && credit.len() <= 40
        && !credit.contains(['(', '\n'])
        && credit.split_whitespace().count() <= 4
        && credit.trim_start().starts_with(|c: char| c.is_uppercase())
        && before.len() >= 20
        && before.ends_with(['.', '!', '?', '"', '\u{201D}'])
}

/// A short single line without sentence-final punctuation: a headline.
fn is_title_like(para: &str) -> bool {
    let words = para.split_whitespace().count();
    !para.contains('\n')
        && para.len() <= 160
        && (1..=20).contains(&words)
        && !para
            .trim_end()
            .ends_with(['.', ',', ';', ':', '"', '\u{201D}', ')'])
        && !para.starts_with("By ")
        && para.starts_with(|c: char| {
            c.is_uppercase()
                || c.is_numeric()
                || c == '\''
                || c == '\u{2018}'
                || c == '"'
                || c == '\u{201C}'
        })
}

/// Merges a `By NAME (email` + `)` tail broken over paragraphs into one; true if found.
fn merge_trailing_byline(text: &str, ranges: &mut Vec<Range>) -> bool {
    let n = ranges.len();
    for take in 1..=n.min(3) {
        let first = ranges[n - take];
        let last = ranges[n - 1];
        let tail = Range::new(first.start, last.end).slice(text);
        if tail.len() > 240 {
            return false;
        }
        if parse_byline(tail).is_some() && (take == 1 || n > take) {
            ranges.truncate(n - take);
            ranges.push(Range::new(first.start, last.end));
            return ranges.len() > 1;
        }
    }
    false
}

/// Parses `By NAME`, `By NAME (email)`, `By NAME, email`, across line breaks.
///
/// Returns the author and e-mail, or `None` when the text is not a byline.
pub(crate) fn parse_byline(para: &str) -> Option<(String, Option<String>)> {
    let p = para.trim();
    if p.len() > 240 {
        return None;
    }
    let rest = p
        .strip_prefix("By")
        .or_else(|| p.strip_prefix("BY"))
        .or_else(|| p.strip_prefix("by"))?;
    if !rest.starts_with(char::is_whitespace) {
        return None;
    }
    let rest = rest.trim_start();
    let name_end = rest.find(['(', ',', '|', '<', '/']).unwrap_or(rest.len());
    let (name_raw, tail) = rest.split_at(name_end);
    let name: Vec<&str> = name_raw.split_whitespace().collect();
    if name.is_empty() || name.len() > 8 {
        return None;
    }
    let connector = |w: &str| {
        matches!(
            w,
            "and" | "de" | "da" | "van" | "von" | "der" | "bin" | "al" | "la" | "le" | "del"
        )
    };
    let name_ok = name.iter().all(|w| {
        connector(w)
            || (w.starts_with(|c: char| c.is_uppercase())
                && w.chars()
                    .all(|c| c.is_alphabetic() || "-'.\u{2019}".contains(c)))
    });
    if !name_ok || name.iter().all(|w| connector(w)) {
        return None;
    }
    let email = tail
        .split(|c: char| c.is_whitespace() || "(),;<>|".contains(c))
        .find(|w| {
            w.contains('@') && {
                let host = w.rsplit('@').next().unwrap_or("");
                host.contains('.') && !host.starts_with('.') && !w.starts_with('@')
            }
        })
        .map(|w| w.trim_end_matches('.').to_string());
    // Whatever follows the name must be short: an address, a role, a credit.
    let leftover = tail.trim();
    if email.is_none() && leftover.len() > 80 {
        return None;
    }
    if leftover.contains(". ") && email.is_none() {
        return None;
    }
    Some((name.join(" "), email))
}

/// A whole short line that is only a dateline, such as `SEOUL, March 5`.
fn is_dateline_line(para: &str) -> bool {
    para.len() <= 48
        && !para.contains('\n')
        && !para.trim_end().ends_with(['.', '!', '?'])
        && leading_caps_word(para) >= 3
        && para.contains(',')
}

/// Length in bytes of a dateline opening a paragraph, dash included:
/// `SEOUL, March 5 (Yonhap) --`, `WASHINGTON —`, `TOKYO, March 3 -`.
pub(crate) fn dateline_prefix(para: &str) -> Option<usize> {
    if leading_caps_word(para) < 3 && !para.starts_with("U.S.") {
        return None;
    }
    let window_end = floor_char_boundary(para, 90);
    let window = &para[..window_end];
    let mut best: Option<(usize, usize)> = None;
    for dash in [" -- ", " \u{2014} ", " \u{2013} ", " - ", "\u{2014}"] {
        if let Some(at) = window.find(dash) {
            let better = match best {
                None => true,
                Some((b, _)) => at < b,
            };
            if better {
                best = Some((at, dash.trim_end().len()));
            }
        }
    }
    let (at, dash_len) = best?;
    let prefix = &para[..at];
    // A place, a date and a credit: every word capitalised, a number or in brackets.
    let words: Vec<&str> = prefix.split_whitespace().collect();
    if words.is_empty()
        || words.len() > 10
        || words
            .iter()
            .any(|w| w.starts_with(|c: char| c.is_lowercase()))
    {
        return None;
    }
    Some(at + dash_len)
}

/// Bytes of the all-capitals first word (letters only), 0 if the first word is not capitals.
fn leading_caps_word(para: &str) -> usize {
    let word: &str = para
        .split(|c: char| c.is_whitespace() || c == ',' || c == '(')
        .next()
        .unwrap_or("");
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    let all_caps = word
        .chars()
        .all(|c| c.is_uppercase() || c == '-' || c == '.' || c == '\'');
    if all_caps {
        letters
    } else {
        0
    }
}

fn floor_char_boundary(s: &str, at: usize) -> usize {
    let mut i = at.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    const LAYOUT: &str = " date 2021-03-05 Officials shake hands before talks in Seoul on Feb. 26, 2021. (Yonhap)\n\
        SEOUL, March 5 (Yonhap) -- The foreign ministers of the two countries met on Friday in a long-awaited session that was described as productive by officials of both sides.\n\
        “We’re still talking,” an official said. The U.S. side did not comment on the substance of the meeting, which ran for three hours.\n\
        By Kim Min-ji (minji@example.com\n\
        )";

    #[test]
    fn seed_layout_parts() {
        let a = read_plain(LAYOUT.to_string());
        assert_eq!(a.date.unwrap().to_string(), "2021-03-05");
        let kinds: Vec<_> = a.paragraphs.iter().map(|p| p.kind).collect();
        use ParagraphKind::*;
        assert_eq!(kinds, [Header, Caption, Body, Body, Byline]);
        assert_eq!(a.paragraphs[0].text, "date 2021-03-05");
        assert!(a.caption.as_ref().unwrap().text.ends_with("(Yonhap)"));
        let byline = a.byline.unwrap();
        assert_eq!(byline.author.as_deref(), Some("Kim Min-ji"));
        assert_eq!(byline.email.as_deref(), Some("minji@example.com"));
        assert_eq!(
            byline.span.unwrap().text,
            "By Kim Min-ji (minji@example.com\n)"
        );
        assert_eq!(a.dateline.unwrap().text, "SEOUL, March 5 (Yonhap) --");
        assert!(a.title.is_none());
    }

    #[test]
    fn title_and_top_byline() {
        let t = "Allies agree on cost sharing\n\nBy Jane Doe\n\nWASHINGTON — Negotiators closed the deal on Thursday.\n\nThey will sign it next week.";
        let a = read_plain(t.to_string());
        use ParagraphKind::*;
        let kinds: Vec<_> = a.paragraphs.iter().map(|p| p.kind).collect();
        assert_eq!(kinds, [Title, Byline, Body, Body]);
        assert_eq!(a.title.as_deref(), Some("Allies agree on cost sharing"));
        assert_eq!(a.byline.unwrap().author.as_deref(), Some("Jane Doe"));
        assert_eq!(a.dateline.unwrap().text, "WASHINGTON —");
    }

    #[test]
    fn bare_prose_is_body() {
        let a = read_plain("The talks went on.\n\nBy evening they had ended.".to_string());
        assert!(a.date.is_none());
        assert!(a.byline.is_none(), "\"By evening\" is not a byline");
        assert!(a.paragraphs.iter().all(|p| p.kind == ParagraphKind::Body));
        let single = read_plain("Just one line".to_string());
        assert_eq!(single.paragraphs[0].kind, ParagraphKind::Body);
        assert!(single.title.is_none());
    }

    #[test]
    fn markers_and_bylines() {
        assert!(date_marker("dated 2021-03-05").is_none());
        assert!(date_marker("date 2021-02-30 x").is_none());
        let (r, d) = date_marker("\nDate: 2021-03-05T10:00Z\nx").unwrap();
        assert_eq!(r, Range::new(1, 24));
        assert_eq!(d.to_string(), "2021-03-05T10:00:00Z");
        assert_eq!(
            parse_byline("By Choi Si-young (siyoungchoi@heraldcorp.com\n)"),
            Some((
                "Choi Si-young".into(),
                Some("siyoungchoi@heraldcorp.com".into())
            ))
        );
        assert_eq!(parse_byline("By the way, he said."), None);
        assert_eq!(parse_byline("Byron Kim"), None);
        assert_eq!(dateline_prefix("TOKYO, March 3 - Japan said"), Some(16));
        assert_eq!(dateline_prefix("Tokyo said - no"), None);
        assert_eq!(
            dateline_prefix("DOHA, Aug. 9 (World Desk) -- Mediators said"),
            Some(28)
        );
        assert_eq!(dateline_prefix("NATO said on Friday - no"), None);
    }
}
