//! PETRARCH/TABARI verb dictionaries (the format of Phoenix's `CAMEO.2.0.txt`) and
//! Chronicle's compact form of them (`data/events/verbs.tsv`).
//!
//! The PETRARCH format: `&NAME` opens a synonym set whose members follow as `+WORD` lines;
//! `--- NAME [code] ---` opens a verb block; inside it, lines without a leading `-` are verb
//! forms (`MEET {MEETS MET MEETING} [040]`, `+MEET_WITH` for multi-word verbs, irregular
//! forms in braces) and lines starting with `- ` are patterns
//! (`- * (WITH LEADERS) [036:036] # MEET`), where `*` stands for the verb, `{…}` groups a
//! phrase, `(…)` a prepositional phrase, `&SET` a synonym set and `$ + ^ %` mark source,
//! target and skips. We keep the words and their order, drop the markers, and take the
//! first non-empty code of `[a:b]`; `[---]` is kept as "no event" so such patterns can
//! veto a verb's default code.
//!
//! The compact form is one record per line, tab-separated:
//! `S &name word…` (synonym set), `B name code` (verb block), `F code form…` (a verb and all
//! its surface forms, multi-word forms joined by `_`), `P code before… * after…` (pattern).
//! Codes are `-` for "inherit"/"none".

use std::path::Path;

use crate::error::{Error, Result};

/// One pattern: words before and after the verb, in text order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    pub before: Vec<String>,
    pub after: Vec<String>,
    /// `None` = explicitly no event.
    pub code: Option<String>,
}

/// A verb form with all its inflections; multi-word forms are split into words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    /// Each entry is one surface form as a word sequence, e.g. `["met", "with"]`.
    pub surfaces: Vec<Vec<String>>,
    pub code: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub name: String,
    pub code: Option<String>,
    pub forms: Vec<Form>,
    pub patterns: Vec<Pattern>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VerbDictionary {
    /// `(name without &, lower-case members)`.
    pub synsets: Vec<(String, Vec<String>)>,
    pub blocks: Vec<Block>,
}

/// Takes the event code out of `[036:036]`, `[:173]`, `[---]`, `[040]`.
fn parse_code(inner: &str) -> Option<String> {
    inner
        .split(':')
        .map(str::trim)
        .find(|part| !part.is_empty())
        .filter(|code| code.chars().all(|c| c.is_ascii_digit()) && (2..=4).contains(&code.len()))
        .map(str::to_string)
}

/// Splits `text [code] # comment` into the text and the bracketed code (if any).
fn split_code(line: &str) -> (&str, Option<Option<String>>) {
    let line = line.split('#').next().unwrap_or("");
    match (line.find('['), line.rfind(']')) {
        (Some(open), Some(close)) if open < close => {
            let inner = line.get(open + 1..close).unwrap_or("");
            (line.get(..open).unwrap_or(""), Some(parse_code(inner)))
        }
        _ => (line, None),
    }
}

fn clean_word(word: &str) -> String {
    word.trim_matches(|c: char| matches!(c, '+' | '_' | '{' | '}' | ',' | ';'))
        .to_ascii_lowercase()
}

/// Regular inflections of an English verb: base, third person, past, gerund.
pub fn inflect(base: &str) -> Vec<String> {
    let mut out = vec![base.to_string()];
    if base.is_empty() {
        return out;
    }
    let bytes = base.as_bytes();
    let last = bytes[bytes.len() - 1];
    let prev = if bytes.len() >= 2 {
        bytes[bytes.len() - 2]
    } else {
        b' '
    };
    let is_vowel = |c: u8| matches!(c, b'a' | b'e' | b'i' | b'o' | b'u');
    // a word ending in a non-ASCII letter keeps its whole self as the stem (dictionaries are
    // outside input: a byte slice must not split a character)
    let stem = base.get(..base.len() - 1).unwrap_or(base);
    // third person
    if base.ends_with('s')
        || base.ends_with('x')
        || base.ends_with('z')
        || base.ends_with("ch")
        || base.ends_with("sh")
    {
        out.push(format!("{base}es"));
    } else if last == b'y' && !is_vowel(prev) {
        out.push(format!("{stem}ies"));
    } else {
        out.push(format!("{base}s"));
    }
    // past and gerund
    if last == b'e' {
        out.push(format!("{base}d"));
        if base.ends_with("ee") {
            out.push(format!("{base}ing"));
        } else {
            out.push(format!("{stem}ing"));
        }
    } else if last == b'y' && !is_vowel(prev) {
        out.push(format!("{stem}ied"));
        out.push(format!("{base}ing"));
    } else {
        out.push(format!("{base}ed"));
        out.push(format!("{base}ing"));
        // short consonant-vowel-consonant verbs double their last letter (plan, ban, stop);
        // both spellings are kept because stress decides it and we cannot see stress.
        let before_prev = if bytes.len() >= 3 {
            bytes[bytes.len() - 3]
        } else {
            b'a'
        };
        if last.is_ascii_alphabetic()
            && !is_vowel(last)
            && !matches!(last, b'w' | b'x' | b'y')
            && is_vowel(prev)
            && !is_vowel(before_prev)
        {
            out.push(format!("{base}{}ed", last as char));
            out.push(format!("{base}{}ing", last as char));
        }
    }
    out
}

/// Inflects the first word of a multi-word verb and keeps the rest.
fn inflect_phrase(words: &[String]) -> Vec<Vec<String>> {
    let Some((head, rest)) = words.split_first() else {
        return Vec::new();
    };
    inflect(head)
        .into_iter()
        .map(|h| {
            let mut v = vec![h];
            v.extend(rest.iter().cloned());
            v
        })
        .collect()
}

fn split_multi(word: &str) -> Vec<String> {
    clean_word(word)
        .split('_')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Parses a verb form line such as `+MEET_WITH {+MET_WITH +MEETS_WITH} [040]`.
fn parse_form(text: &str, code: Option<String>) -> Option<Form> {
    let (main, irregular) = match (text.find('{'), text.find('}')) {
        (Some(open), Some(close)) if open < close => (
            text.get(..open).unwrap_or(""),
            text.get(open + 1..close).unwrap_or(""),
        ),
        _ => (text, ""),
    };
    let head = main.split_whitespace().next()?;
    let words = split_multi(head);
    if words.is_empty() {
        return None;
    }
    let mut surfaces = if irregular.trim().is_empty() {
        inflect_phrase(&words)
    } else {
        let mut v = vec![words.clone()];
        v.extend(
            irregular
                .split(|c: char| c.is_whitespace() || c == ',')
                .filter(|w| !w.is_empty())
                .map(split_multi)
                .filter(|w| !w.is_empty()),
        );
        v
    };
    surfaces.dedup();
    Some(Form { surfaces, code })
}

fn parse_pattern(text: &str, code: Option<String>) -> Pattern {
    let mut before = Vec::new();
    let mut after = Vec::new();
    let mut seen_verb = false;
    for raw in text.split_whitespace() {
        if raw == "*" {
            seen_verb = true;
            continue;
        }
        let word: String = raw
            .chars()
            .filter(|c| !matches!(c, '(' | ')' | '{' | '}' | '$' | '+' | '^' | '%'))
            .collect::<String>()
            .to_ascii_lowercase();
        let word = word.trim_matches('_').to_string();
        if word.is_empty() || word == "-" {
            continue;
        }
        // multi-word tokens such as SUICIDE_ATTACK are word sequences in text
        for part in word.split('_').filter(|p| !p.is_empty()) {
            if seen_verb {
                after.push(part.to_string());
            } else {
                before.push(part.to_string());
            }
        }
    }
    Pattern {
        before,
        after,
        code,
    }
}

/// Reads a dictionary in PETRARCH format. Malformed lines are errors with file:line.
pub fn parse_petrarch(text: &str, path: &Path) -> Result<VerbDictionary> {
    let mut first = None;
    let dict = parse_lines(text, path, &mut |e| {
        first.get_or_insert(e);
    });
    match first {
        Some(e) => Err(e),
        None => Ok(dict),
    }
}

/// Reads a dictionary in PETRARCH format as users have them: each malformed line is skipped
/// and returned as a `file:line: message` warning.
pub fn parse_petrarch_lenient(text: &str, path: &Path) -> (VerbDictionary, Vec<String>) {
    let mut warnings = Vec::new();
    let dict = parse_lines(text, path, &mut |e| warnings.push(e.to_string()));
    (dict, warnings)
}

/// The reader: XML comment blocks and `#`/`;`/`~` lines are skipped, malformed lines go to
/// `problem` and are skipped.
fn parse_lines(text: &str, path: &Path, problem: &mut dyn FnMut(Error)) -> VerbDictionary {
    let text = crate::dictfile::blank_comment_blocks(text);
    let mut dict = VerbDictionary::default();
    let mut in_synset = false;
    for (number, raw) in text.lines().enumerate() {
        let line = raw.trim_end();
        let trimmed = line.trim();
        if trimmed.is_empty()
            || crate::dictfile::is_comment_line(trimmed)
            || trimmed.starts_with('~')
        {
            continue;
        }
        if let Some(rest) = trimmed.strip_prefix("---") {
            let inner = rest.trim_end_matches('-').trim();
            let (name, code) = split_code(inner);
            let name = name.trim().to_ascii_lowercase();
            if name.is_empty() {
                problem(Error::Parse {
                    path: path.to_path_buf(),
                    line: number + 1,
                    message: "verb block without a name".into(),
                });
                continue;
            }
            dict.blocks.push(Block {
                name,
                code: code.flatten(),
                forms: Vec::new(),
                patterns: Vec::new(),
            });
            in_synset = false;
            continue;
        }
        if let Some(name) = trimmed.strip_prefix('&') {
            let name = name.split_whitespace().next().unwrap_or("");
            let name = name.trim_end_matches('_').to_ascii_lowercase();
            dict.synsets.push((name, Vec::new()));
            in_synset = true;
            continue;
        }
        if in_synset {
            if let (Some(w), Some((_, members))) =
                (trimmed.strip_prefix('+'), dict.synsets.last_mut())
            {
                let (word, _) = split_code(w);
                let word = word.trim().trim_end_matches('_').to_ascii_lowercase();
                if !word.is_empty() {
                    members.push(word.replace('_', " "));
                }
                continue;
            }
            in_synset = false;
        }
        let Some(block) = dict.blocks.last_mut() else {
            // text before the first block that is neither a comment nor a synset
            problem(Error::Parse {
                path: path.to_path_buf(),
                line: number + 1,
                message: format!("unexpected line outside a verb block: {trimmed:.40}"),
            });
            continue;
        };
        if let Some(pattern) = trimmed.strip_prefix('-') {
            let (body, code) = split_code(pattern);
            match code {
                Some(code) => block.patterns.push(parse_pattern(body, code)),
                None => problem(Error::Parse {
                    path: path.to_path_buf(),
                    line: number + 1,
                    message: "pattern without a [code]".into(),
                }),
            }
        } else {
            let (body, code) = split_code(trimmed);
            if let Some(form) = parse_form(body, code.flatten()) {
                block.forms.push(form);
            }
        }
    }
    dict
}

fn code_field(code: &Option<String>) -> &str {
    code.as_deref().unwrap_or("-")
}

impl VerbDictionary {
    /// Writes the compact TSV form (see the module docs).
    pub fn to_compact(&self) -> String {
        let mut out = String::new();
        for (name, members) in &self.synsets {
            out.push_str("S\t&");
            out.push_str(name);
            for m in members {
                out.push('\t');
                out.push_str(m);
            }
            out.push('\n');
        }
        for block in &self.blocks {
            out.push_str(&format!("B\t{}\t{}\n", block.name, code_field(&block.code)));
            for form in &block.forms {
                out.push_str(&format!("F\t{}", code_field(&form.code)));
                for s in &form.surfaces {
                    out.push('\t');
                    out.push_str(&s.join("_"));
                }
                out.push('\n');
            }
            for p in &block.patterns {
                let mut words: Vec<&str> = p.before.iter().map(String::as_str).collect();
                words.push("*");
                words.extend(p.after.iter().map(String::as_str));
                out.push_str(&format!(
                    "P\t{}\t{}\n",
                    code_field(&p.code),
                    words.join(" ")
                ));
            }
        }
        out
    }

    /// Reads the compact TSV form back.
    pub fn from_compact(text: &str, path: &Path) -> Result<Self> {
        let mut dict = VerbDictionary::default();
        let parse_err = |line: usize, message: &str| Error::Parse {
            path: path.to_path_buf(),
            line,
            message: message.to_string(),
        };
        let opt = |s: &str| (s != "-").then(|| s.to_string());
        for (index, line) in text.lines().enumerate() {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut fields = line.split('\t');
            let kind = fields.next().unwrap_or("");
            match kind {
                "S" => {
                    let name = fields.next().unwrap_or("").trim_start_matches('&');
                    dict.synsets
                        .push((name.to_string(), fields.map(str::to_string).collect()));
                }
                "B" => {
                    let name = fields
                        .next()
                        .ok_or_else(|| parse_err(index + 1, "no name"))?;
                    let code = fields.next().unwrap_or("-");
                    dict.blocks.push(Block {
                        name: name.to_string(),
                        code: opt(code),
                        forms: Vec::new(),
                        patterns: Vec::new(),
                    });
                }
                "F" | "P" => {
                    let block = dict
                        .blocks
                        .last_mut()
                        .ok_or_else(|| parse_err(index + 1, "record before any block"))?;
                    let code = opt(fields.next().unwrap_or("-"));
                    if kind == "F" {
                        let surfaces = fields
                            .map(|f| f.split('_').map(str::to_string).collect::<Vec<_>>())
                            .filter(|s| !s.is_empty())
                            .collect();
                        block.forms.push(Form { surfaces, code });
                    } else {
                        let words = fields.next().unwrap_or("");
                        block.patterns.push(parse_pattern(words, code));
                    }
                }
                _ => return Err(parse_err(index + 1, "unknown record kind")),
            }
        }
        Ok(dict)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# comment\n&MILITARY\n+ARMY\n+TROOPS\n\n---  MEET_PEOPLE   [040]  ---\n+MEET_WITH {+MET_WITH +MEETS_WITH}\nMEET {MEETS MET MEETING}\nCONTACT\n- * (WITH LEADERS)     [036:036]     # MEET\n- * RUN-OFF   [---]  # FACE\n- &MILITARY * (AT)  [:190]\n";

    #[test]
    fn parses_blocks_forms_and_patterns() {
        let d = parse_petrarch(SAMPLE, Path::new("x")).unwrap();
        assert_eq!(
            d.synsets,
            vec![("military".into(), vec!["army".into(), "troops".into()])]
        );
        let b = &d.blocks[0];
        assert_eq!(b.name, "meet_people");
        assert_eq!(b.code.as_deref(), Some("040"));
        assert_eq!(b.forms[0].surfaces[1], vec!["met", "with"]);
        assert!(b.forms[2].surfaces.contains(&vec!["contacted".to_string()]));
        assert_eq!(b.patterns[0].after, vec!["with", "leaders"]);
        assert_eq!(b.patterns[0].code.as_deref(), Some("036"));
        assert_eq!(b.patterns[1].code, None);
        assert_eq!(b.patterns[2].before, vec!["&military"]);
        assert_eq!(b.patterns[2].code.as_deref(), Some("190"));
    }

    #[test]
    fn compact_round_trip() {
        let d = parse_petrarch(SAMPLE, Path::new("x")).unwrap();
        let back = VerbDictionary::from_compact(&d.to_compact(), Path::new("y")).unwrap();
        assert_eq!(d, back);
    }

    #[test]
    fn inflections() {
        assert_eq!(
            inflect("agree"),
            vec!["agree", "agrees", "agreed", "agreeing"]
        );
        assert_eq!(inflect("deny"), vec!["deny", "denies", "denied", "denying"]);
        assert!(inflect("plan").contains(&"planned".to_string()));
        assert!(inflect("attack").contains(&"attacked".to_string()));
    }

    /// Found by the `parse_corpora` fuzz target: a verb ending in a multi-byte letter.
    #[test]
    fn inflections_of_non_ascii_words_keep_whole_characters() {
        assert_eq!(
            inflect("bestä"),
            vec!["bestä", "bestäs", "bestäed", "bestäing"]
        );
        assert_eq!(inflect("é").len(), 4);
        let dictionary = "--- T-O-\u{ff}  [010] ---\nGO\u{e9}\n+ATTACKÉ\n";
        let _ = parse_petrarch(dictionary, Path::new("d.txt"));
    }

    #[test]
    fn comment_blocks_are_skipped_and_malformed_lines_warned_about() {
        let text = "<!-- PETRARCH validation verbs\n--- NOT A BLOCK ---\n-->\n# note\n--- MEET [040] ---\nMEET\n- * WITH LEADERS\n- * (TALKS) [043]\n";
        let (dict, warnings) = parse_petrarch_lenient(text, Path::new("v.txt"));
        assert_eq!(dict.blocks.len(), 1);
        assert_eq!(dict.blocks[0].patterns.len(), 1);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].starts_with("v.txt:7:"), "{warnings:?}");
        let err = parse_petrarch(text, Path::new("v.txt")).unwrap_err();
        assert!(err.to_string().starts_with("v.txt:7:"), "{err}");
    }

    #[test]
    fn malformed_line_reports_position() {
        let err = parse_petrarch("stray words\n", Path::new("d.txt")).unwrap_err();
        assert!(err.to_string().starts_with("d.txt:1:"), "{err}");
    }
}
