//! MONEY, PERCENT and QUANTITY: numbers with currencies, percent signs, units and counted
//! nouns.

use super::units::TokSpan;
use super::words::{word_class, Sentence};
use crate::doc::{Range, TokenKind};
use crate::ner::features::{case_of, Case};

pub(super) const CURRENCY_SYMBOLS: &[&str] =
    &["$", "€", "£", "¥", "₩", "₹", "₽", "US$", "HK$", "A$", "C$"];

pub(super) fn is_number(s: &Sentence, i: usize) -> bool {
    let w = s.words[i];
    s.tokens.get(i).is_some_and(|t| t.kind == TokenKind::Number)
        || (w.as_bytes().first().is_some_and(u8::is_ascii_digit)
            && w.bytes()
                .all(|b| b.is_ascii_digit() || b == b',' || b == b'.'))
}

/// A number (digits, or number words with a scale) starting at `i`: its end.
pub(super) fn number_at(s: &Sentence, i: usize) -> Option<usize> {
    if !is_number(s, i) && !s.folded.is(i, word_class::NUMBER) {
        return None;
    }
    let mut end = i + 1;
    let spelled = !is_number(s, i);
    let mut scaled = false;
    while end < s.end && s.folded.is(end, word_class::SCALE) {
        end += 1;
        scaled = true;
    }
    if spelled && !scaled {
        return None;
    }
    Some(end)
}

pub(super) fn is_year(word: &str) -> bool {
    word.len() == 4
        && word.bytes().all(|b| b.is_ascii_digit())
        && matches!(word.get(..2), Some("18" | "19" | "20"))
}

pub(super) fn numbers_in(s: &Sentence, names: &[TokSpan], times: &[Range]) -> Vec<TokSpan> {
    let mut out = Vec::new();
    let in_time = |i: usize| {
        s.tokens
            .get(i)
            .is_some_and(|t| times.iter().any(|r| r.contains(t.range())))
    };
    let mut i = s.start;
    while i < s.end {
        // Currency symbol first: "$5.3 billion", "US$ 20m".
        let symbol_len = if CURRENCY_SYMBOLS.contains(&s.words[i]) {
            1
        } else if i + 1 < s.end
            && matches!(s.words[i], "US" | "HK" | "A" | "C" | "NZ" | "S")
            && s.words[i + 1] == "$"
        {
            2
        } else {
            0
        };
        if symbol_len > 0 {
            if let Some(end) = (i + symbol_len < s.end)
                .then(|| number_at(s, i + symbol_len))
                .flatten()
            {
                out.push(TokSpan::new(i, end, "MONEY", 0.95));
                i = end;
                continue;
            }
        }
        if in_time(i) {
            i += 1;
            continue;
        }
        let Some(num_end) = number_at(s, i) else {
            i += 1;
            continue;
        };
        let after = |k: usize| (k < s.end && k < s.words.len()).then(|| s.folded.get(k));
        // Percentages.
        match after(num_end) {
            Some("%" | "percent" | "pct") => {
                out.push(TokSpan::new(i, num_end + 1, "PERCENT", 0.95));
                i = num_end + 1;
                continue;
            }
            Some("per") if after(num_end + 1) == Some("cent") => {
                out.push(TokSpan::new(i, num_end + 2, "PERCENT", 0.95));
                i = num_end + 2;
                continue;
            }
            Some("percentage") if after(num_end + 1).is_some_and(|w| w.starts_with("point")) => {
                out.push(TokSpan::new(i, num_end + 2, "PERCENT", 0.9));
                i = num_end + 2;
                continue;
            }
            _ => {}
        }
        // Amount + currency word, with up to two capitalised words between ("US dollars").
        let mut j = num_end;
        let mut caps = 0;
        while j < s.end && caps < 2 && s.words[j].chars().next().is_some_and(char::is_uppercase) {
            j += 1;
            caps += 1;
        }
        if j < s.end && s.folded.is(j, word_class::CURRENCY) {
            out.push(TokSpan::new(i, j + 1, "MONEY", 0.9));
            i = j + 1;
            continue;
        }
        // Quantities: number, modifiers, counted noun.
        if is_year(s.words[i]) && num_end == i + 1 {
            i = num_end;
            continue;
        }
        let mut j = num_end;
        let mut modifiers = 0;
        while j < s.end && modifiers < 3 {
            let w = s.words[j];
            let lw = s.folded.get(j);
            let is_norp = names
                .iter()
                .any(|n| n.label == "NORP" && n.start <= j && j < n.end);
            let is_adjective = s
                .pos
                .and_then(|p| p.get(j))
                .is_some_and(|&t| t == "JJ" || t == "JJR" || t == "VBN");
            let hyphenated = lw.contains('-') && case_of(w) == Case::Lower;
            if is_norp
                || is_adjective
                || hyphenated
                || s.folded.is(j, word_class::QUANTITY_MODIFIER)
            {
                j += 1;
                modifiers += 1;
            } else {
                break;
            }
        }
        if j < s.end {
            let w = s.words[j];
            let lw = s.folded.get(j);
            let unit = s.folded.is(j, word_class::UNIT);
            let plural_noun = match s.pos.and_then(|p| p.get(j)) {
                Some(&tag) => tag == "NNS",
                None => {
                    case_of(w) == Case::Lower
                        && lw.len() > 3
                        && lw.ends_with('s')
                        && !lw.ends_with("ss")
                        && !lw.ends_with("us")
                        && !s.folded.is(j, word_class::NOT_NOUN)
                }
            };
            if unit || plural_noun {
                let score = if unit || s.pos.is_some() { 0.85 } else { 0.7 };
                out.push(TokSpan::new(i, j + 1, "QUANTITY", score));
                i = j + 1;
                continue;
            }
        }
        i = num_end;
    }
    out
}
