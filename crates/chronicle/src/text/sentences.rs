//! Paragraphs and sentences.

use super::tokenize::is_abbreviation;
use crate::doc::{Range, Sentence, Token, TokenKind};

/// Splits `text[range]` into paragraphs, trimmed of surrounding whitespace.
///
/// Blank lines always separate paragraphs; so does an indented line (newswire style).
/// When the text has no blank lines and its lines are long, each line is a paragraph
/// (the layout of the seed article); short hard-wrapped lines are joined.
pub fn split_paragraphs(text: &str, range: Range) -> Vec<Range> {
    let body = range.slice(text);
    let base = range.start;
    let lines: Vec<(usize, &str)> = {
        let mut v = Vec::new();
        let mut offset = 0;
        for line in body.split_inclusive('\n') {
            v.push((offset, line));
            offset += line.len();
        }
        v
    };
    let non_blank: Vec<&str> = lines
        .iter()
        .map(|(_, l)| l.trim_end())
        .filter(|l| !l.trim().is_empty())
        .collect();
    // Blank lines between text (not leading or trailing ones) mark paragraphs.
    let first_text = lines.iter().position(|(_, l)| !l.trim().is_empty());
    let last_text = lines.iter().rposition(|(_, l)| !l.trim().is_empty());
    let has_blank = match (first_text, last_text) {
        (Some(a), Some(b)) => lines
            .get(a..b)
            .is_some_and(|inner| inner.iter().any(|(_, l)| l.trim().is_empty())),
        _ => false,
    };
    let avg_len = non_blank.iter().map(|l| l.len()).sum::<usize>() / non_blank.len().max(1);
    // Lines that end like sentences are whole paragraphs; hard-wrapped lines end anywhere.
    // (The last line is left out: it ends the text, wrapped or not.)
    let inner = &non_blank[..non_blank.len().saturating_sub(1)];
    let ends_like_paragraph = inner
        .iter()
        .filter(|l| l.ends_with(['.', '!', '?', '"', ')', ':', '\u{201D}', '\u{2019}']))
        .count();
    let indented = non_blank
        .iter()
        .any(|l| l.starts_with("  ") || l.starts_with('\t'));
    let line_per_paragraph = !has_blank
        && (avg_len > 100
            || (!indented && !inner.is_empty() && ends_like_paragraph * 2 > inner.len()));

    let mut out = Vec::new();
    let mut current: Option<(usize, usize)> = None;
    let flush = |cur: &mut Option<(usize, usize)>, out: &mut Vec<Range>| {
        if let Some((s, e)) = cur.take() {
            out.push(Range::new(base + s, base + e));
        }
    };
    for (offset, line) in lines {
        let content = line.trim_end();
        if content.trim().is_empty() {
            flush(&mut current, &mut out);
            continue;
        }
        let indent = content.len() - content.trim_start().len();
        let starts_new = line_per_paragraph || (indent >= 2 && current.is_some());
        if starts_new {
            flush(&mut current, &mut out);
        }
        let s = offset + indent;
        let e = offset + content.len();
        current = Some(match current {
            Some((cs, _)) => (cs, e),
            None => (s, e),
        });
    }
    flush(&mut current, &mut out);
    out
}

/// Whether token `k` closes what came before (a quote or bracket) rather than opening
/// what follows. Straight quotes close when they touch the previous token: `done." He`.
fn is_closing_at(text: &str, tokens: &[Token], k: usize) -> bool {
    let Some(tok) = tokens.get(k) else {
        return false;
    };
    match tok.text(text) {
        ")" | "]" | "\u{201D}" | "\u{2019}" | "\u{00BB}" => true,
        "\"" | "'" => k > 0 && tokens.get(k - 1).is_some_and(|p| p.end == tok.start),
        _ => false,
    }
}

/// Words that often start a sentence after an abbreviation such as "U.S." ends one.
///
/// Only function words and pronouns: a capitalised noun after "U.S." is far more often a
/// name ("U.S. President") than a new sentence.
fn is_sentence_starter(word: &str) -> bool {
    matches!(
        word,
        "The"
            | "A"
            | "An"
            | "He"
            | "She"
            | "It"
            | "They"
            | "We"
            | "I"
            | "You"
            | "This"
            | "That"
            | "These"
            | "Those"
            | "But"
            | "And"
            | "Or"
            | "So"
            | "Yet"
            | "In"
            | "On"
            | "At"
            | "For"
            | "With"
            | "From"
            | "Under"
            | "His"
            | "Her"
            | "Its"
            | "Their"
            | "Our"
            | "My"
            | "Your"
            | "There"
            | "Here"
            | "Some"
            | "Many"
            | "Most"
            | "Other"
            | "Others"
            | "Both"
            | "Each"
            | "All"
            | "No"
            | "None"
            | "Nothing"
            | "However"
            | "Meanwhile"
            | "Also"
            | "After"
            | "Before"
            | "When"
            | "While"
            | "If"
            | "As"
            | "Such"
            | "What"
            | "Why"
            | "How"
            | "Who"
            | "Where"
            | "Still"
            | "Now"
            | "Then"
            | "According"
            | "By"
    )
}

/// Weekday and month names, which follow "a.m.", "p.m." and "Inc." without a new sentence.
fn is_calendar_word(word: &str) -> bool {
    matches!(
        word,
        "Monday"
            | "Tuesday"
            | "Wednesday"
            | "Thursday"
            | "Friday"
            | "Saturday"
            | "Sunday"
            | "January"
            | "February"
            | "March"
            | "April"
            | "May"
            | "June"
            | "July"
            | "August"
            | "September"
            | "October"
            | "November"
            | "December"
    )
}

/// Abbreviations that never end a sentence on their own (titles, months before a number).
fn binds_forward(word: &str) -> bool {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    matches!(
        w.as_str(),
        "mr" | "mrs"
            | "ms"
            | "dr"
            | "prof"
            | "gen"
            | "lt"
            | "col"
            | "maj"
            | "capt"
            | "sgt"
            | "adm"
            | "gov"
            | "sen"
            | "rep"
            | "rev"
            | "st"
            | "hon"
            | "pres"
            | "amb"
            | "no"
            | "vs"
            | "fig"
            | "mt"
            | "cmdr"
            | "brig"
    ) || (word.len() == 2 && word.as_bytes()[0].is_ascii_uppercase()) // initials: "J."
}

/// Splits the tokens `tokens[first..]` (one paragraph) into sentences.
pub fn split_sentences(
    text: &str,
    tokens: &[Token],
    first: usize,
    paragraph: usize,
    whole_unit: bool,
    out: &mut Vec<Sentence>,
) {
    let n = tokens.len();
    if first >= n {
        return;
    }
    let mut begin = first;
    let push = |b: usize, e: usize, out: &mut Vec<Sentence>| {
        if b < e {
            let r = Range::new(tokens[b].start, tokens[e - 1].end);
            out.push(Sentence {
                start: r.start,
                end: r.end,
                text: r.slice(text).to_string(),
                paragraph,
                token_start: b,
                token_end: e,
            });
        }
    };
    if whole_unit {
        push(first, n, out);
        return;
    }
    let bytes = text.as_bytes();
    let mut i = first;
    while i < n {
        // Only tokens ending in '.', '!', '?' or '…' (0xE2 0x80 0xA6) can end a sentence.
        let last = tokens[i]
            .end
            .checked_sub(1)
            .and_then(|e| bytes.get(e))
            .copied()
            .unwrap_or(0);
        if !matches!(last, b'.' | b'!' | b'?' | 0xA6) {
            i += 1;
            continue;
        }
        let tok = tokens[i].text(text);
        let next_word = || {
            let mut k = i + 1;
            while k < n && is_closing_at(text, tokens, k) {
                k += 1;
            }
            (k, tokens.get(k).map(|t| t.text(text)))
        };
        let mut boundary = None;
        let is_terminal = tokens[i].kind == TokenKind::Punct
            && matches!(tok, "." | "!" | "?" | "..." | "\u{2026}" | "?!" | "!!");
        if is_terminal {
            let (k, next) = next_word();
            match next {
                None => boundary = Some(k),
                Some("(") if is_trailing_credit(text, tokens, k) => {}
                Some(w) => {
                    let c = w.chars().next().unwrap_or(' ');
                    if c.is_uppercase() || c.is_numeric() || "\"\u{201C}\u{2018}'(".contains(c) {
                        boundary = Some(k);
                    }
                }
            }
        } else if tok.len() > 1 && tok.ends_with('.') && tokens[i].kind == TokenKind::Word {
            // A word that kept its period: an abbreviation or an initialism. It ends the
            // sentence only when what follows clearly starts one.
            let (k, next) = next_word();
            let ends = match next {
                None => true,
                Some(_) if binds_forward(tok) => false,
                Some(w) if is_initialism(tok) || is_month_abbreviation(tok) => {
                    is_sentence_starter(w)
                }
                Some(w) => {
                    let c = w.chars().next().unwrap_or(' ');
                    (c.is_uppercase() && !is_calendar_word(w) && !w.ends_with('.'))
                        || "\"\u{201C}\u{2018}".contains(c)
                }
            };
            if ends {
                boundary = Some(k);
            }
        }
        if let Some(k) = boundary {
            push(begin, k, out);
            begin = k;
            i = k;
            continue;
        }
        i += 1;
    }
    push(begin, n, out);
}

/// A short parenthesis that closes the paragraph ("... Press. (AP-Yonhap)"): a credit that
/// belongs to the sentence before it.
fn is_trailing_credit(text: &str, tokens: &[Token], open: usize) -> bool {
    let rest = tokens.get(open + 1..).unwrap_or(&[]);
    rest.len() <= 6
        && rest.last().is_some_and(|t| t.text(text) == ")")
        && rest[..rest.len() - 1]
            .iter()
            .all(|t| !matches!(t.text(text), "(" | ")" | "." | "!" | "?"))
}

/// "U.S.", "p.m.", "D.C.": letters joined by inner dots.
fn is_initialism(tok: &str) -> bool {
    tok.trim_end_matches('.').contains('.')
}

fn is_month_abbreviation(tok: &str) -> bool {
    let w = tok.trim_end_matches('.').to_ascii_lowercase();
    is_abbreviation(tok)
        && matches!(
            w.as_str(),
            "jan"
                | "feb"
                | "mar"
                | "apr"
                | "jun"
                | "jul"
                | "aug"
                | "sep"
                | "sept"
                | "oct"
                | "nov"
                | "dec"
        )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize;

    fn sents(s: &str) -> Vec<String> {
        let toks = tokenize(s);
        let mut out = Vec::new();
        split_sentences(s, &toks, 0, 0, false, &mut out);
        out.into_iter().map(|x| x.text).collect()
    }

    #[test]
    fn no_split_after_abbreviations() {
        assert_eq!(
            sents("He spoke on Feb. 26, 2021 in Washington. U.S. officials said Mr. Kim agreed. J. R. Smith left."),
            [
                "He spoke on Feb. 26, 2021 in Washington.",
                "U.S. officials said Mr. Kim agreed.",
                "J. R. Smith left."
            ]
        );
    }

    #[test]
    fn split_after_abbreviation_that_ends_a_sentence() {
        assert_eq!(
            sents("Troops stayed in the U.S. The talks resumed."),
            ["Troops stayed in the U.S.", "The talks resumed."]
        );
    }

    #[test]
    fn quotes_stay_with_their_sentence() {
        assert_eq!(
            sents("\u{201C}Nothing is definitive yet.\u{201D} An official said so."),
            [
                "\u{201C}Nothing is definitive yet.\u{201D}",
                "An official said so."
            ]
        );
    }

    #[test]
    fn careful_reader_cases() {
        let cases: &[(&str, &[&str])] = &[
            (
                "We're sure. \"It's done,\" he said.",
                &["We're sure.", "\"It's done,\" he said."],
            ),
            (
                "He asked: \"Why?\" Nobody answered!",
                &["He asked: \"Why?\"", "Nobody answered!"],
            ),
            (
                "\"Why?\" he asked. She left.",
                &["\"Why?\" he asked.", "She left."],
            ),
            (
                "The No. 2 official, Gen. Mark A. Milley, left at 9 a.m. Friday. Rev. Dr. Martin spoke.",
                &[
                    "The No. 2 official, Gen. Mark A. Milley, left at 9 a.m. Friday.",
                    "Rev. Dr. Martin spoke.",
                ],
            ),
            (
                "Shares of Acme Inc. Rose. Sales rose 5 pct. Analysts were surprised.",
                &["Shares of Acme Inc.", "Rose.", "Sales rose 5 pct.", "Analysts were surprised."],
            ),
            (
                "He left at 5 p.m. The meeting ended. U.S. President Joe Biden spoke.",
                &["He left at 5 p.m.", "The meeting ended.", "U.S. President Joe Biden spoke."],
            ),
            (
                "It happened in Jan. The next month was worse. Talks set for Feb. 26 went ahead.",
                &[
                    "It happened in Jan.",
                    "The next month was worse.",
                    "Talks set for Feb. 26 went ahead.",
                ],
            ),
            (
                "(He declined to comment.) Officials said more talks would follow.",
                &["(He declined to comment.)", "Officials said more talks would follow."],
            ),
            (
                "A photo released by the Associated Press. (AP-Yonhap)",
                &["A photo released by the Associated Press. (AP-Yonhap)"],
            ),
            (
                "\u{201C}We\u{2019}re still coordinating,\u{201D} an official said. The talks go on.",
                &[
                    "\u{201C}We\u{2019}re still coordinating,\u{201D} an official said.",
                    "The talks go on.",
                ],
            ),
            ("Wait... What happened?", &["Wait...", "What happened?"]),
            ("e.g. this one. and that", &["e.g. this one. and that"]),
        ];
        for (input, expected) in cases {
            assert_eq!(&sents(input), expected, "input: {input}");
        }
    }

    #[test]
    fn paragraphs_by_layout() {
        let long = "x".repeat(120);
        let t = format!("{long}\n{long}\n");
        assert_eq!(split_paragraphs(&t, Range::new(0, t.len())).len(), 2);
        let wrapped = "Short wrapped line one\ncontinues here.\n    New paragraph starts\nhere.";
        let ps = split_paragraphs(wrapped, Range::new(0, wrapped.len()));
        assert_eq!(ps.len(), 2);
        assert_eq!(ps[1].slice(wrapped), "New paragraph starts\nhere.");
        let marker_line = "\nA first line that ends.\nA second one that ends.\nThird.";
        assert_eq!(
            split_paragraphs(marker_line, Range::new(0, marker_line.len())).len(),
            3
        );
        let blank = "One.\n\nTwo.";
        assert_eq!(split_paragraphs(blank, Range::new(0, blank.len())).len(), 2);
    }
}
