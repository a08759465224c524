//! Word-shape helpers shared by the statistical taggers (syntax and NER), kept in `learn`
//! so the syntax stage, which runs before NER, does not import it.

use std::borrow::Cow;

/// Typographic quotes and dashes as their ASCII forms, so "Seoul’s" looks like "Seoul's".
pub(crate) fn ascii_fold(word: &str) -> Cow<'_, str> {
    if word.is_ascii() {
        return Cow::Borrowed(word);
    }
    Cow::Owned(
        word.chars()
            .map(|c| match c {
                '\u{2018}' | '\u{2019}' | '\u{2032}' => '\'',
                '\u{201C}' | '\u{201D}' => '"',
                '\u{2010}'..='\u{2015}' => '-',
                c => c,
            })
            .collect(),
    )
}

/// The class of a character in a word shape: `X`, `x`, `d`, `other_letter` for letters
/// without case (when given), else the character itself.
pub(crate) fn shape_char(c: char, other_letter: Option<char>) -> char {
    if c.is_uppercase() {
        'X'
    } else if c.is_lowercase() {
        'x'
    } else if c.is_numeric() {
        'd'
    } else {
        match other_letter {
            Some(a) if c.is_alphabetic() => a,
            _ => c,
        }
    }
}

/// Pushes `c` unless `out` already ends with it (shapes with runs collapsed).
pub(crate) fn push_collapsed(out: &mut String, c: char) {
    if !out.ends_with(c) {
        out.push(c);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_and_shapes() {
        assert_eq!(ascii_fold("Seoul\u{2019}s"), "Seoul's");
        assert!(matches!(ascii_fold("plain"), Cow::Borrowed(_)));
        assert_eq!(shape_char('\u{4e2d}', Some('a')), 'a');
        assert_eq!(shape_char('\u{4e2d}', None), '\u{4e2d}');
        let mut s = String::from("X");
        push_collapsed(&mut s, 'X');
        push_collapsed(&mut s, 'x');
        assert_eq!(s, "Xx");
    }
}
