//! A rule tokenizer for news English, working on bytes for speed.
//!
//! Kept together as one token: abbreviations with their dots ("U.S.", "Feb.", "Mr."),
//! numbers with separators ("28,500", "5.93", "3/5/2021", "17-18"), hyphenated words
//! ("Si-young", "three-day"), e-mail addresses and URLs. Split off: clitics ("We" + "'re",
//! "do" + "n't"), quotes of every kind, dashes, brackets and other punctuation.

use crate::doc::{Range, Token, TokenKind};

/// Whether `word` (with or without its final dot) is a known abbreviation that keeps its
/// period: titles, months and weekdays, company suffixes, US states, units of the wire.
pub fn is_abbreviation(word: &str) -> bool {
    let w = word.strip_suffix('.').unwrap_or(word);
    if w.is_empty() || w.len() > 6 {
        return false;
    }
    let mut buf = [0u8; 6];
    for (slot, b) in buf.iter_mut().zip(w.bytes()) {
        *slot = b.to_ascii_lowercase();
    }
    // A `match` on byte strings compiles to a length switch plus a few compares.
    matches!(
        &buf[..w.len()],
        b"mr"
            | b"mrs"
            | b"ms"
            | b"dr"
            | b"prof"
            | b"gen"
            | b"lt"
            | b"col"
            | b"maj"
            | b"capt"
            | b"cpt"
            | b"sgt"
            | b"adm"
            | b"gov"
            | b"sen"
            | b"rep"
            | b"rev"
            | b"st"
            | b"sr"
            | b"jr"
            | b"hon"
            | b"pres"
            | b"amb"
            | b"cmdr"
            | b"brig"
            | b"supt"
            | b"insp"
            | b"jan"
            | b"feb"
            | b"mar"
            | b"apr"
            | b"jun"
            | b"jul"
            | b"aug"
            | b"sep"
            | b"sept"
            | b"oct"
            | b"nov"
            | b"dec"
            | b"mon"
            | b"tue"
            | b"tues"
            | b"wed"
            | b"thu"
            | b"thur"
            | b"thurs"
            | b"fri"
            | b"sat"
            | b"sun"
            | b"inc"
            | b"corp"
            | b"co"
            | b"ltd"
            | b"bros"
            | b"plc"
            | b"llc"
            | b"dept"
            | b"univ"
            | b"assn"
            | b"no"
            | b"nos"
            | b"vol"
            | b"vs"
            | b"etc"
            | b"approx"
            | b"est"
            | b"fig"
            | b"ft"
            | b"mt"
            | b"ave"
            | b"blvd"
            | b"rd"
            | b"sq"
            | b"cf"
            | b"al"
            | b"e.g"
            | b"i.e"
            | b"p.m"
            | b"a.m"
            | b"u.s"
            | b"u.k"
            | b"u.n"
            | b"e.u"
            | b"d.c"
            | b"mln"
            | b"bln"
            | b"pct"
            | b"ala"
            | b"ariz"
            | b"ark"
            | b"calif"
            | b"colo"
            | b"conn"
            | b"del"
            | b"fla"
            | b"ga"
            | b"ill"
            | b"ind"
            | b"kan"
            | b"ky"
            | b"la"
            | b"md"
            | b"mass"
            | b"mich"
            | b"minn"
            | b"miss"
            | b"mo"
            | b"mont"
            | b"neb"
            | b"nev"
            | b"okla"
            | b"ore"
            | b"pa"
            | b"tenn"
            | b"tex"
            | b"va"
            | b"vt"
            | b"wash"
            | b"wis"
            | b"wyo"
    )
}

const LETTER: u8 = 1;
const DIGIT: u8 = 2;
const SPACE: u8 = 4;

/// ASCII byte classes, looked up instead of compared in the hot loops.
const BYTE_CLASS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = if c.is_ascii_alphabetic() {
            LETTER
        } else if c.is_ascii_digit() {
            DIGIT
        } else if c.is_ascii_whitespace() {
            SPACE
        } else {
            0
        };
        b += 1;
    }
    table
};

/// Tokenizes the whole of `text`.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::with_capacity(text.len() / 5);
    tokenize_into(text, Range::new(0, text.len()), &mut out);
    out
}

#[inline]
fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80
}

/// Decodes the char starting at byte `i` (which must be a char boundary).
#[inline]
fn char_at(text: &str, i: usize) -> char {
    text[i..].chars().next().unwrap_or(' ')
}

/// Non-ASCII chars that are punctuation or spacing rather than letters.
#[inline]
fn is_unicode_punct(c: char) -> bool {
    matches!(
        c,
        '\u{2018}'..='\u{201F}' | '\u{2010}'..='\u{2015}' | '\u{2026}' | '\u{00AB}' | '\u{00BB}'
            | '\u{2039}' | '\u{203A}' | '\u{00A0}' | '\u{2000}'..='\u{200B}' | '\u{3000}'
            | '\u{00B7}' | '\u{2022}' | '\u{00A7}' | '\u{00B6}' | '\u{FEFF}'
    ) || c.is_whitespace()
}

#[inline]
fn is_unicode_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{FEFF}' || c == '\u{200B}'
}

/// Tokenizes `text[range]`, appending to `out`.
pub fn tokenize_into(text: &str, range: Range, out: &mut Vec<Token>) {
    let bytes = text.as_bytes();
    let end = range.end.min(text.len());
    let mut i = range.start;
    while i < end {
        let b = bytes[i];
        if BYTE_CLASS[usize::from(b)] & SPACE != 0 {
            i += 1;
            continue;
        }
        if b >= 0x80 {
            let c = char_at(text, i);
            if is_unicode_space(c) {
                i += c.len_utf8();
                continue;
            }
            if is_unicode_punct(c) {
                let len = c.len_utf8();
                out.push(Token {
                    start: i,
                    end: i + len,
                    kind: TokenKind::Punct,
                });
                i += len;
                continue;
            }
            if !c.is_alphanumeric() {
                let len = c.len_utf8();
                out.push(Token {
                    start: i,
                    end: i + len,
                    kind: TokenKind::Symbol,
                });
                i += len;
                continue;
            }
        }
        // Fast path: a plain ASCII word or number followed by a byte that cannot join it.
        if b.is_ascii_alphanumeric() {
            if let Some((word_end, all_digits)) = plain_word_end(bytes, i, end) {
                let kind = if all_digits {
                    TokenKind::Number
                } else {
                    TokenKind::Word
                };
                out.push(Token {
                    start: i,
                    end: word_end,
                    kind,
                });
                i = word_end;
                continue;
            }
        } else if b < 0x80 && !matches!(b, b'.' | b'-' | b'\'' | b'@') {
            let kind = if b"$%&+<=>^|~#*/\\".contains(&b) {
                TokenKind::Symbol
            } else {
                TokenKind::Punct
            };
            out.push(Token {
                start: i,
                end: i + 1,
                kind,
            });
            i += 1;
            continue;
        }
        // A chunk: everything up to the next whitespace, split by the full rules.
        let chunk_end = find_chunk_end(text, i, end);
        i = split_chunk(text, i, chunk_end, out);
    }
}

/// The end of the alphanumeric run at `start` (and whether it is all digits) when what
/// follows cannot extend it: no dot, hyphen, apostrophe, '@', digit separator, letter or
/// "://". Most tokens of news text end here; the rest go through `split_chunk`.
#[inline]
fn plain_word_end(bytes: &[u8], start: usize, end: usize) -> Option<(usize, bool)> {
    let mut j = start;
    let mut seen = 0u8;
    let run = bytes.get(start..end).unwrap_or(&[]);
    for &c in run {
        let class = BYTE_CLASS[usize::from(c)];
        if class & (LETTER | DIGIT) == 0 {
            break;
        }
        seen |= class;
        j += 1;
    }
    let all_digits = seen & LETTER == 0;
    let after = |k: usize| bytes.get(k).copied().filter(|_| k < end);
    let ok = match after(j) {
        None => true,
        Some(c) if c.is_ascii_whitespace() => true,
        Some(b';' | b')' | b'!' | b'?' | b'"' | b']' | b'(' | b'[' | b'%' | b'*') => true,
        // "yes," and "said:" — but not "28,500", "3:30" or "http://".
        Some(b',' | b':') => match after(j + 1) {
            None => true,
            Some(c) => c.is_ascii_whitespace(),
        },
        Some(c) if c >= 0x80 => {
            // Closing curly double quote or a dash: common right after a word.
            let tail = &bytes[j..end.min(bytes.len())];
            tail.starts_with("\u{201D}".as_bytes())
                || tail.starts_with("\u{2014}".as_bytes())
                || tail.starts_with("\u{2013}".as_bytes())
        }
        _ => false,
    };
    ok.then_some((j, all_digits))
}

fn find_chunk_end(text: &str, start: usize, end: usize) -> usize {
    let bytes = text.as_bytes();
    let mut j = start;
    while j < end {
        let b = bytes[j];
        if b.is_ascii_whitespace() {
            break;
        }
        if b >= 0x80 {
            let c = char_at(text, j);
            if is_unicode_space(c) {
                break;
            }
            j += c.len_utf8();
        } else {
            j += 1;
        }
    }
    j
}

/// Length of a URL at the start of `chunk`, trailing punctuation excluded.
fn url_len(chunk: &str) -> Option<usize> {
    let lower_starts = |p: &str| {
        chunk.len() >= p.len() && chunk.as_bytes()[..p.len()].eq_ignore_ascii_case(p.as_bytes())
    };
    if !(lower_starts("http://") || lower_starts("https://") || lower_starts("www.")) {
        return None;
    }
    let trimmed = chunk.trim_end_matches(|c: char| ".,;:!?)]}\"'\u{201D}\u{2019}>".contains(c));
    (trimmed.len() > 4).then_some(trimmed.len())
}

/// Position of the first '@' before any character that cannot be in an address.
fn memchr_at(chunk: &str) -> Option<usize> {
    for (i, b) in chunk.bytes().enumerate() {
        if b == b'@' {
            return Some(i);
        }
        if !(b.is_ascii_alphanumeric() || b"._%+-".contains(&b)) {
            return None;
        }
    }
    None
}

/// Length of an e-mail address at the start of `chunk` ("name@host.tld"), if there is one.
fn email_len(chunk: &str) -> Option<usize> {
    let at = memchr_at(chunk)?;
    let local = &chunk[..at];
    if local.is_empty()
        || !local
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._%+-".contains(&b))
    {
        return None;
    }
    let rest = &chunk[at + 1..];
    let host_len = rest
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'.' || *b == b'-')
        .count();
    let host = rest[..host_len].trim_end_matches(['.', '-']);
    let dot = host.rfind('.')?;
    if dot == 0 || host.len() - dot < 3 {
        return None;
    }
    Some(at + 1 + host.len())
}

fn push(out: &mut Vec<Token>, start: usize, end: usize, kind: TokenKind) {
    if start < end {
        out.push(Token { start, end, kind });
    }
}

/// Splits one whitespace-free chunk `text[start..end]` into tokens; returns `end`.
fn split_chunk(text: &str, start: usize, end: usize, out: &mut Vec<Token>) -> usize {
    let bytes = text.as_bytes();
    let mut i = start;
    while i < end {
        let b = bytes[i];
        if is_word_byte(b) && (b < 0x80 || char_at(text, i).is_alphanumeric()) {
            let chunk = &text[i..end];
            if let Some(len) = url_len(chunk) {
                push(out, i, i + len, TokenKind::Url);
                i += len;
                continue;
            }
            if let Some(len) = email_len(chunk) {
                push(out, i, i + len, TokenKind::Email);
                i += len;
                continue;
            }
            let (word_end, kind) = scan_word(text, i, end);
            // Clitics split off the end: n't, 's, 're, 've, 'll, 'd, 'm (straight or curly).
            let (stem_end, clitic, next) = apostrophe_split(text, i, word_end, end);
            push(
                out,
                i,
                stem_end,
                if clitic.is_none() && next > word_end {
                    TokenKind::Word
                } else {
                    kind
                },
            );
            if let Some(c_end) = clitic {
                push(out, stem_end, c_end, TokenKind::Word);
            }
            i = next;
            continue;
        }
        if b >= 0x80 {
            let c = char_at(text, i);
            let len = c.len_utf8();
            let kind = if is_unicode_punct(c) {
                TokenKind::Punct
            } else {
                TokenKind::Symbol
            };
            push(out, i, i + len, kind);
            i += len;
            continue;
        }
        // ASCII punctuation: "..." and "--" stay whole, the rest one char each.
        let run = if b == b'.' || b == b'-' {
            bytes[i..end].iter().take_while(|&&x| x == b).count()
        } else {
            1
        };
        let run = if run >= 2 { run } else { 1 };
        let kind = if b"$%&+<=>^|~#*@/\\".contains(&b) {
            TokenKind::Symbol
        } else {
            TokenKind::Punct
        };
        push(out, i, i + run, kind);
        i += run;
    }
    end
}

/// Scans a word or number from `start`; returns its end and kind.
fn scan_word(text: &str, start: usize, end: usize) -> (usize, TokenKind) {
    let bytes = text.as_bytes();
    let mut j = start;
    let mut all_digits = true;
    let mut has_digit = false;
    loop {
        // a run of alphanumerics
        while j < end {
            let b = bytes[j];
            if b.is_ascii_alphanumeric() {
                has_digit |= b.is_ascii_digit();
                all_digits &= b.is_ascii_digit();
                j += 1;
            } else if b >= 0x80 {
                let c = char_at(text, j);
                if c.is_alphanumeric() {
                    all_digits = false;
                    j += c.len_utf8();
                } else {
                    break;
                }
            } else {
                break;
            }
        }
        if j + 1 >= end {
            break;
        }
        // a joiner followed by another alphanumeric keeps the token going
        let joiner = bytes[j];
        if !joiner.is_ascii() {
            break;
        }
        let next = bytes[j + 1];
        let next_alnum = next.is_ascii_alphanumeric()
            || (next >= 0x80 && char_at(text, j + 1).is_alphanumeric());
        let keep = match joiner {
            b'-' => next_alnum,
            b',' | b'/' | b':' => has_digit && all_digits && next.is_ascii_digit(),
            b'.' => {
                (has_digit && all_digits && next.is_ascii_digit())
                    // initialisms: U.S, U.N.C, a.m
                    || (next.is_ascii_alphabetic() && is_initialism_so_far(&text[start..j]))
            }
            b'&' => next.is_ascii_uppercase() && (j - start) <= 2, // AT&T, S&P
            _ => false,
        };
        if !keep {
            break;
        }
        if joiner != b'-' && joiner != b'&' {
            // a digit separator or initialism dot: the token stays numeric/word as it was
        } else if joiner == b'-' {
            all_digits = all_digits && next.is_ascii_digit();
        }
        j += 1;
    }
    // A final period belongs to the token for abbreviations and initialisms ("U.S.", "Feb.").
    if j < end && bytes[j] == b'.' {
        let word = &text[start..j];
        let dotted =
            word.contains('.') && word.bytes().all(|b| b.is_ascii_alphabetic() || b == b'.');
        let initial = word.len() == 1 && word.as_bytes()[0].is_ascii_uppercase();
        let followed_by_more_dots = j + 1 < end && bytes[j + 1] == b'.';
        if !followed_by_more_dots && (dotted || initial || is_abbreviation(word)) {
            j += 1;
            // "U.S.-led": a compound on an initialism stays one word.
            if dotted && j + 1 < end && bytes[j] == b'-' && bytes[j + 1].is_ascii_alphabetic() {
                let (compound_end, _) = scan_word(text, j + 1, end);
                return (compound_end, TokenKind::Word);
            }
        }
    }
    let kind = if has_digit
        && (all_digits
            || text[start..j]
                .bytes()
                .all(|b| b.is_ascii_digit() || b"-.,/:".contains(&b)))
    {
        TokenKind::Number
    } else {
        TokenKind::Word
    };
    (j, kind)
}

/// "U", "U.S", "a.m": single letters joined by dots.
fn is_initialism_so_far(s: &str) -> bool {
    s.split('.')
        .all(|part| part.len() == 1 && part.as_bytes()[0].is_ascii_alphabetic())
}

/// Handles an apostrophe right after the word `text[start..end]`.
///
/// Returns (stem end, clitic end, new word end): "We're" → "We" + "'re", "don't" → "do" +
/// "n't"; a name such as "O'Brien" is joined into one word.
fn apostrophe_split(
    text: &str,
    start: usize,
    end: usize,
    limit: usize,
) -> (usize, Option<usize>, usize) {
    let rest = &text[end..limit];
    let apostrophe_len = if rest.starts_with('\'') {
        1
    } else if rest.starts_with('\u{2019}') {
        3
    } else {
        return (end, None, end);
    };
    let after = &rest[apostrophe_len..];
    let suffix_len = after
        .bytes()
        .take_while(|b| b.is_ascii_alphabetic())
        .count();
    if suffix_len == 0 {
        return (end, None, end); // a closing quote or plural possessive ("allies'")
    }
    let suffix = &after[..suffix_len];
    let word = &text[start..end];
    let clitic_end = end + apostrophe_len + suffix_len;
    let lower = suffix.to_ascii_lowercase();
    if lower == "t" && word.len() > 1 && word.ends_with(['n', 'N']) {
        return (end - 1, Some(clitic_end), clitic_end);
    }
    if matches!(lower.as_str(), "s" | "re" | "ve" | "ll" | "d" | "m") {
        return (end, Some(clitic_end), clitic_end);
    }
    // O'Brien, d'Ivoire: one word; keep scanning letters and hyphens after it
    let (joined_end, _) = scan_word(text, end + apostrophe_len, limit);
    (joined_end, None, joined_end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<&str> {
        tokenize(s).iter().map(|t| &s[t.start..t.end]).collect()
    }

    #[test]
    fn news_tokens() {
        assert_eq!(
            toks("U.S. officials met on Feb. 26."),
            ["U.S.", "officials", "met", "on", "Feb.", "26", "."]
        );
        assert_eq!(
            toks("28,500 troops on March 17-18"),
            ["28,500", "troops", "on", "March", "17-18"]
        );
        assert_eq!(
            toks("By Choi Si-young (siyoungchoi@heraldcorp.com"),
            ["By", "Choi", "Si-young", "(", "siyoungchoi@heraldcorp.com"]
        );
        assert_eq!(toks("a three-day trip"), ["a", "three-day", "trip"]);
        assert_eq!(
            toks("see https://example.org/a?b=1."),
            ["see", "https://example.org/a?b=1", "."]
        );
        assert_eq!(
            toks("\u{201C}We\u{2019}re here\u{201D} \u{2014} he said"),
            [
                "\u{201C}",
                "We",
                "\u{2019}re",
                "here",
                "\u{201D}",
                "\u{2014}",
                "he",
                "said"
            ]
        );
        assert_eq!(toks("don't"), ["do", "n't"]);
        assert_eq!(
            toks("$5.93 mln, 3/5/2021"),
            ["$", "5.93", "mln", ",", "3/5/2021"]
        );
        assert_eq!(toks("Wait..."), ["Wait", "..."]);
        assert_eq!(toks("a U.S.-led bloc"), ["a", "U.S.-led", "bloc"]);
        assert_eq!(
            toks("AT&T's 1990s' rally, at 3:30 p.m."),
            ["AT&T", "'s", "1990s", "'", "rally", ",", "at", "3:30", "p.m."]
        );
        assert_eq!(toks("O'Brien wasn't"), ["O'Brien", "was", "n't"]);
        assert_eq!(
            toks("(yes) [no]; 50%!"),
            ["(", "yes", ")", "[", "no", "]", ";", "50", "%", "!"]
        );
    }
}
