//! Reader for CAMEO/Phoenix (TABARI/PETRARCH) actor and agent dictionaries.
//!
//! Format, as used by the PETRARCH2 dictionaries (MIT, Open Event Data Alliance):
//! - `#` starts a comment (whole line or trailing);
//! - a line at column 0 starts an entry: `NAME_ [CODE]`, or `NAME_` alone with codes below;
//! - `+OTHER_NAME_` adds a synonym to the current entry;
//! - an indented `[CODE DATES]` line adds a code to the current entry, where DATES is
//!   `YYMMDD-YYMMDD`, `>YYMMDD` (from), `<YYMMDD` (until), 8-digit years allowed;
//! - agents files code nouns as `[~GOV]` and may define substitution sets `!PERSON! = MAN, WOMAN`.
//!
//! Words are joined by `_` (a trailing `_` means "whole word"; we always match whole words).
//! A malformed line is reported as `file:line: message` and skipped, never fatal.

use std::path::Path;

use crate::date::Date;

/// One coded actor: a name, its synonyms, and its codes with optional validity ranges.
#[derive(Debug, Clone, PartialEq)]
pub struct PhoenixActor {
    pub name: String,
    pub aliases: Vec<String>,
    pub codes: Vec<PhoenixCode>,
    /// 1-based line of the entry in its file.
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhoenixCode {
    pub code: String,
    pub start: Option<Date>,
    pub end: Option<Date>,
}

/// One agent noun ("minister") and the sector codes it implies (`GOV`, `GOVMIL` → [GOV, MIL]).
#[derive(Debug, Clone, PartialEq)]
pub struct PhoenixAgent {
    pub term: String,
    pub code: String,
}

/// What a dictionary file holds, plus the lines that were skipped.
#[derive(Debug, Default)]
pub struct PhoenixFile {
    pub actors: Vec<PhoenixActor>,
    pub agents: Vec<PhoenixAgent>,
    /// `file:line: message` for each malformed line.
    pub warnings: Vec<String>,
}

/// Turns `MOON_JAE_IN_` into `Moon Jae In`-independent lookup form `MOON JAE IN`.
pub(crate) fn phrase(raw: &str) -> String {
    raw.split(['_', ' '])
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Title-cases an upper-case dictionary phrase for display ("MOON JAE IN" → "Moon Jae In").
pub(crate) fn display_name(phrase: &str) -> String {
    let mut out = String::with_capacity(phrase.len());
    // Upper-case after a space or any of - . ' ( ; lower-case elsewhere.
    let mut start = true;
    for ch in phrase.chars() {
        if start {
            out.extend(ch.to_uppercase());
        } else {
            out.extend(ch.to_lowercase());
        }
        start = matches!(ch, ' ' | '-' | '.' | '\'' | '(');
    }
    out
}

/// Parses a TABARI date: `YYMMDD` (years < 30 are 20xx) or `YYYYMMDD`.
fn parse_date(s: &str) -> Option<Date> {
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (year, rest) = match s.len() {
        6 => {
            let yy: i32 = s.get(0..2)?.parse().ok()?;
            (if yy < 30 { 2000 + yy } else { 1900 + yy }, s.get(2..)?)
        }
        8 => (s.get(0..4)?.parse().ok()?, s.get(4..)?),
        _ => return None,
    };
    let month = rest.get(0..2)?.parse().ok()?;
    let day = rest.get(2..4)?.parse().ok()?;
    Date::new(year, month, day)
}

/// Parses the inside of one `[...]`: `KORGOV 070501-080731`, `USAGOV >090120`, `~GOV`.
fn parse_code(inner: &str) -> Result<PhoenixCode, String> {
    let mut parts = inner.split_whitespace();
    let code = parts.next().ok_or("empty code")?.to_string();
    let mut out = PhoenixCode {
        code,
        start: None,
        end: None,
    };
    if let Some(range) = parts.next() {
        if let Some(from) = range.strip_prefix('>') {
            out.start = Some(parse_date(from).ok_or_else(|| format!("bad date {from:?}"))?);
        } else if let Some(until) = range.strip_prefix('<') {
            out.end = Some(parse_date(until).ok_or_else(|| format!("bad date {until:?}"))?);
        } else if let Some((a, b)) = range.split_once('-') {
            out.start = Some(parse_date(a).ok_or_else(|| format!("bad date {a:?}"))?);
            out.end = Some(parse_date(b).ok_or_else(|| format!("bad date {b:?}"))?);
        } else {
            return Err(format!("bad date range {range:?}"));
        }
    }
    if parts.next().is_some() {
        return Err(format!("unexpected text in [{inner}]"));
    }
    Ok(out)
}

/// Splits `NAME [CODE] [CODE2]` into the name part and the bracketed codes.
fn split_codes(line: &str) -> Result<(&str, Vec<&str>), String> {
    let Some(first) = line.find('[') else {
        return Ok((line.trim(), Vec::new()));
    };
    let name = line.get(..first).unwrap_or("").trim();
    let mut codes = Vec::new();
    let mut rest = line.get(first..).unwrap_or("");
    while let Some(open) = rest.find('[') {
        let after = rest.get(open + 1..).unwrap_or("");
        let close = after.find(']').ok_or("unclosed '['")?;
        codes.push(after.get(..close).unwrap_or("").trim());
        rest = after.get(close + 1..).unwrap_or("");
    }
    if !rest.trim().is_empty() {
        return Err(format!("unexpected text after codes: {:?}", rest.trim()));
    }
    Ok((name, codes))
}

fn strip_comment(line: &str) -> &str {
    match line.find('#') {
        Some(i) => line.get(..i).unwrap_or(""),
        None => line,
    }
}

/// Expands `!SET!` references in an agent term with the substitution sets seen so far.
/// Dictionaries are outside input: a set whose values name a set again, or many sets in one
/// term, could grow without end, so nesting and the number of terms are bounded (real
/// dictionaries nest two or three deep and expand a term into a few dozen).
fn expand(term: &str, sets: &[(String, Vec<String>)]) -> Vec<String> {
    let mut out = Vec::new();
    expand_into(term, sets, 0, &mut out);
    out
}

const MAX_SET_NESTING: usize = 8;
const MAX_EXPANSIONS: usize = 10_000;

fn expand_into(term: &str, sets: &[(String, Vec<String>)], depth: usize, out: &mut Vec<String>) {
    if out.len() >= MAX_EXPANSIONS {
        return;
    }
    if depth < MAX_SET_NESTING {
        if let Some((name, values)) = sets.iter().find(|(name, _)| term.contains(name.as_str())) {
            for v in values {
                expand_into(&term.replacen(name.as_str(), v, 1), sets, depth + 1, out);
                if out.len() >= MAX_EXPANSIONS {
                    return;
                }
            }
            return;
        }
    }
    out.push(term.to_string());
}

/// Parses one dictionary file's text; `path` is only used in warnings.
pub fn parse(path: &Path, text: &str) -> PhoenixFile {
    let mut file = PhoenixFile::default();
    let mut sets: Vec<(String, Vec<String>)> = Vec::new();
    let mut current: Option<PhoenixActor> = None;
    // Entries directly followed by another entry share the codes that come after the group.
    let mut pending: Vec<PhoenixActor> = Vec::new();
    let where_ = |line: usize| format!("{}:{}", path.display(), line);
    let text = crate::dictfile::blank_comment_blocks(text);
    for (index, raw) in text.lines().enumerate() {
        let line_no = index + 1;
        if crate::dictfile::is_comment_line(raw.trim()) {
            continue;
        }
        let line = strip_comment(raw);
        if line.trim().is_empty() {
            continue;
        }
        let indented = line.starts_with([' ', '\t']);
        let trimmed = line.trim();
        // Substitution set: `!NAME! = A, B, C`.
        if trimmed.starts_with('!') && trimmed.contains('=') && !trimmed.contains('[') {
            if let Some((name, values)) = trimmed.split_once('=') {
                let values: Vec<String> = values
                    .split(',')
                    .map(|v| v.trim().to_string())
                    .filter(|v| !v.is_empty())
                    .collect();
                sets.push((name.trim().to_string(), values));
            }
            continue;
        }
        if let Some(alias) = trimmed.strip_prefix('+') {
            let (name, codes) = match split_codes(alias) {
                Ok(x) => x,
                Err(e) => {
                    file.warnings.push(format!("{}: {e}", where_(line_no)));
                    continue;
                }
            };
            match current.as_mut() {
                Some(actor) => {
                    // Some files glue two synonyms on one line (`A_+B_`).
                    for part in name.split('+') {
                        let p = phrase(part);
                        if !p.is_empty() {
                            actor.aliases.push(p);
                        }
                    }
                    for c in codes {
                        match parse_code(c) {
                            Ok(code) => actor.codes.push(code),
                            Err(e) => file.warnings.push(format!("{}: {e}", where_(line_no))),
                        }
                    }
                }
                None => file
                    .warnings
                    .push(format!("{}: synonym before any entry", where_(line_no))),
            }
            continue;
        }
        if indented && trimmed.starts_with('[') {
            let codes = match split_codes(trimmed) {
                Ok((_, codes)) => codes,
                Err(e) => {
                    file.warnings.push(format!("{}: {e}", where_(line_no)));
                    continue;
                }
            };
            let Some(actor) = current.as_mut() else {
                file.warnings
                    .push(format!("{}: code before any entry", where_(line_no)));
                continue;
            };
            for c in codes {
                match parse_code(c) {
                    Ok(code) => {
                        for p in &mut pending {
                            p.codes.push(code.clone());
                        }
                        actor.codes.push(code);
                    }
                    Err(e) => file.warnings.push(format!("{}: {e}", where_(line_no))),
                }
            }
            continue;
        }
        // A new entry (or an agent line).
        let (name, codes) = match split_codes(trimmed) {
            Ok(x) => x,
            Err(e) => {
                file.warnings.push(format!("{}: {e}", where_(line_no)));
                continue;
            }
        };
        let name = name.replace("{}", " ");
        if name.trim().is_empty() {
            file.warnings
                .push(format!("{}: codes without a name", where_(line_no)));
            continue;
        }
        if let Some(agent_code) = codes.first().and_then(|c| c.strip_prefix('~')) {
            let code = agent_code.trim().to_string();
            if code.is_empty() || !code.bytes().all(|b| b.is_ascii_uppercase()) {
                file.warnings.push(format!(
                    "{}: bad agent code {agent_code:?}",
                    where_(line_no)
                ));
                continue;
            }
            for term in expand(name.trim(), &sets) {
                let term = phrase(&term);
                if !term.is_empty() {
                    file.agents.push(PhoenixAgent {
                        term,
                        code: code.clone(),
                    });
                }
            }
            continue;
        }
        if let Some(done) = current.take() {
            if done.codes.is_empty() {
                pending.push(done);
            } else {
                file.actors.append(&mut pending);
                file.actors.push(done);
            }
        }
        let mut actor = PhoenixActor {
            name: phrase(&name),
            aliases: Vec::new(),
            codes: Vec::new(),
            line: line_no,
        };
        for c in codes {
            match parse_code(c) {
                Ok(code) => actor.codes.push(code),
                Err(e) => file.warnings.push(format!("{}: {e}", where_(line_no))),
            }
        }
        current = Some(actor);
    }
    file.actors.append(&mut pending);
    if let Some(done) = current.take() {
        file.actors.push(done);
    }
    // An entry that never got a code cannot be used.
    let mut kept = Vec::with_capacity(file.actors.len());
    for actor in file.actors.drain(..) {
        if actor.codes.is_empty() {
            file.warnings.push(format!(
                "{}: entry {:?} has no code",
                where_(actor.line),
                actor.name
            ));
        } else {
            kept.push(actor);
        }
    }
    file.actors = kept;
    file
}

/// Reads and parses one file; unreadable files are an error.
pub(crate) fn read(path: &Path) -> crate::error::Result<PhoenixFile> {
    let bytes = std::fs::read(path).map_err(|e| crate::error::Error::io(path, e))?;
    let text = String::from_utf8_lossy(&bytes);
    Ok(parse(path, &text))
}

/// Splits a CAMEO code into 3-letter parts ("USAGOVMIL" → USA, GOV, MIL).
pub(crate) fn code_parts(code: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut i = 0;
    while i + 3 <= code.len() {
        if let Some(p) = code.get(i..i + 3) {
            out.push(p);
        }
        i += 3;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_entries_synonyms_and_dated_codes() {
        let text = "# comment\nMOON_JAE_IN_  # note\n+PRESIDENT_MOON_\n\t[KORGOV 170510-220510]\n\t[KORELI >220510]\nNATO_ [IGOWSTNAT]\n";
        let f = parse(Path::new("x.txt"), text);
        assert!(f.warnings.is_empty(), "{:?}", f.warnings);
        assert_eq!(f.actors.len(), 2);
        let moon = &f.actors[0];
        assert_eq!(moon.name, "MOON JAE IN");
        assert_eq!(moon.aliases, vec!["PRESIDENT MOON"]);
        assert_eq!(moon.codes[0].start, Date::new(2017, 5, 10));
        assert_eq!(moon.codes[0].end, Date::new(2022, 5, 10));
        assert_eq!(moon.codes[1].end, None);
        assert_eq!(f.actors[1].codes[0].code, "IGOWSTNAT");
    }

    #[test]
    fn consecutive_entries_share_the_codes_below_them() {
        let text = "AMERICAN_VICE_PRESIDENT\n+US_VICE_PRESIDENT\nAMERICAN_VICE-PRESIDENT\n\t[USAGOV]\nNEXT_ [USA]\n";
        let f = parse(Path::new("x.txt"), text);
        assert!(f.warnings.is_empty(), "{:?}", f.warnings);
        assert_eq!(f.actors.len(), 3);
        assert!(f.actors.iter().take(2).all(|a| a.codes[0].code == "USAGOV"));
    }

    #[test]
    fn comment_lines_and_blocks_are_never_actors() {
        let text = "<!-- Phoenix actors, validation copy\n   THE_COMMENT_TEXT\n-->\n; TABARI comment\n# another\nGOOD_ [USA]\nBAD_ [USA\n";
        let f = parse(Path::new("d/actors.txt"), text);
        let names: Vec<&str> = f.actors.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["GOOD"]);
        assert_eq!(f.warnings.len(), 1, "{:?}", f.warnings);
        assert!(
            f.warnings[0].starts_with("d/actors.txt:7:"),
            "{:?}",
            f.warnings
        );
    }

    #[test]
    fn malformed_lines_are_reported_with_file_and_line_and_skipped() {
        let text = "+ORPHAN_\nGOOD_ [USA]\nBAD_ [USAGOV 2004017-20061201]\nUNCLOSED_ [USA\n";
        let f = parse(Path::new("d/actors.txt"), text);
        assert_eq!(f.actors.len(), 1, "{:?}", f.actors);
        assert_eq!(f.actors[0].name, "GOOD");
        assert!(f.warnings.iter().any(|w| w.starts_with("d/actors.txt:1:")));
        assert!(f.warnings.iter().any(|w| w.starts_with("d/actors.txt:3:")));
        assert!(f.warnings.iter().any(|w| w.starts_with("d/actors.txt:4:")));
    }

    #[test]
    fn agents_expand_substitution_sets() {
        let text = "!MINIST! = MINISTER, MINISTRY\n!MINIST! OF_DEFENSE [~GOVMIL]\nPOLICE [~COP]\n";
        let f = parse(Path::new("agents.txt"), text);
        let terms: Vec<_> = f.agents.iter().map(|a| a.term.as_str()).collect();
        assert_eq!(
            terms,
            vec!["MINISTER OF DEFENSE", "MINISTRY OF DEFENSE", "POLICE"]
        );
        assert_eq!(f.agents[0].code, "GOVMIL");
    }

    /// Found by the `parse_corpora` fuzz target: a set that names itself grew without end.
    #[test]
    fn self_referencing_and_wide_sets_stay_bounded() {
        let text = "!A! = !A!X, !A!Y\n!A! GUARD [~MIL]\n";
        let f = parse(Path::new("agents.txt"), text);
        assert_eq!(f.agents.len(), 1 << MAX_SET_NESTING);
        assert!(f.agents.iter().all(|a| a.term.ends_with(" GUARD")));
        let wide = format!(
            "!B! = {}\n!B! !B! !B! !B! [~GOV]\n",
            vec!["Q"; 20].join(", ")
        );
        let f = parse(Path::new("agents.txt"), &wide);
        assert_eq!(f.agents.len(), MAX_EXPANSIONS);
    }

    #[test]
    fn display_names_are_title_cased() {
        assert_eq!(display_name("MOON JAE-IN"), "Moon Jae-In");
        assert_eq!(display_name("O'BRIEN"), "O'Brien");
    }
}
