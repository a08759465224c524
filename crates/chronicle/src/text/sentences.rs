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
    let has_blank = lines.iter().any(|(_, l)| l.trim().is_empty()) && non_blank.len() > 1;
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

fn is_closing(tok: &str) -> bool {
    matches!(
        tok,
        "\"" | "'" | ")" | "]" | "\u{201D}" | "\u{2019}" | "\u{00BB}"
    )
}

/// Words that often start a sentence after an abbreviation such as "U.S." ends one.
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
            | "This"
            | "That"
            | "These"
            | "Those"
            | "But"
            | "And"
            | "In"
            | "On"
            | "At"
            | "His"
            | "Her"
            | "Its"
            | "Their"
            | "There"
            | "Some"
            | "Many"
            | "Other"
            | "Officials"
            | "However"
            | "Meanwhile"
            | "Also"
            | "After"
            | "Before"
            | "When"
            | "While"
            | "If"
            | "As"
            | "Our"
            | "Such"
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
    let mut i = first;
    while i < n {
        let tok = tokens[i].text(text);
        let next_word = || {
            let mut k = i + 1;
            while k < n && is_closing(tokens[k].text(text)) {
                k += 1;
            }
            (k, tokens.get(k).map(|t| t.text(text)))
        };
        let mut boundary = None;
        let is_terminal = tokens[i].kind == TokenKind::Punct
            && (tok == "." || tok == "!" || tok == "?" || tok == "..." || tok == "\u{2026}");
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
        } else if tok.ends_with('.') && tok.len() > 1 && tokens[i].kind == TokenKind::Word {
            // an abbreviation or initialism ends the sentence only before a typical starter
            let (k, next) = next_word();
            match next {
                None => boundary = Some(k),
                Some(w)
                    if !binds_forward(tok)
                        && !is_month_abbreviation(tok)
                        && is_sentence_starter(w) =>
                {
                    boundary = Some(k)
                }
                Some(w)
                    if is_month_abbreviation(tok)
                        && is_sentence_starter(w)
                        && !w.starts_with(char::is_numeric) =>
                {
                    boundary = Some(k)
                }
                _ => {}
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
    fn paragraphs_by_layout() {
        let long = "x".repeat(120);
        let t = format!("{long}\n{long}\n");
        assert_eq!(split_paragraphs(&t, Range::new(0, t.len())).len(), 2);
        let wrapped = "Short wrapped line one\ncontinues here.\n    New paragraph starts\nhere.";
        let ps = split_paragraphs(wrapped, Range::new(0, wrapped.len()));
        assert_eq!(ps.len(), 2);
        assert_eq!(ps[1].slice(wrapped), "New paragraph starts\nhere.");
        let blank = "One.\n\nTwo.";
        assert_eq!(split_paragraphs(blank, Range::new(0, blank.len())).len(), 2);
    }
}
