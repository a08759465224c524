//! CoNLL-U files: reading (plain or gzip), writing with predicted columns, and the
//! attachment scores of the CoNLL 2018 shared task (every word, punctuation included;
//! LAS compares the universal part of the relation, subtypes stripped).

use std::collections::BTreeMap;
use std::fmt;
use std::io::Read;
use std::path::Path;

use crate::error::{Error, Result};

/// One sentence: comment lines, the word rows (10 columns each) and, in file order, the
/// other lines (multiword ranges, empty nodes) kept for writing back.
#[derive(Debug, Clone, Default)]
pub struct Sentence {
    pub comments: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// Lines that are not words, with the number of words before them.
    pub extra: Vec<(usize, String)>,
}

impl Sentence {
    pub fn column(&self, c: usize) -> Vec<&str> {
        self.rows
            .iter()
            .map(|r| r.get(c).map_or("_", String::as_str))
            .collect()
    }
    pub fn forms(&self) -> Vec<&str> {
        self.column(1)
    }
    /// Per word, whether MISC marks it as part of a person name (`NE=PERSON`, written by
    /// `scripts/silver_parse.py` from the teacher's NER).
    pub fn person_marks(&self) -> Vec<bool> {
        self.column(9)
            .iter()
            .map(|m| m.split('|').any(|f| f == "NE=PERSON"))
            .collect()
    }
    /// Gold heads (0 = root; unreadable ones as 0).
    pub fn heads(&self) -> Vec<usize> {
        self.column(6)
            .iter()
            .map(|h| h.parse().unwrap_or(0))
            .collect()
    }
}

/// Reads a CoNLL-U file (gzip recognised by its magic bytes).
pub fn read(path: &Path) -> Result<Vec<Sentence>> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let text = if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut s = String::new();
        flate2::read::MultiGzDecoder::new(&bytes[..])
            .read_to_string(&mut s)
            .map_err(|e| Error::io(path, e))?;
        s
    } else {
        String::from_utf8_lossy(&bytes).into_owned()
    };
    Ok(parse_str(&text))
}

/// Parses CoNLL-U text; malformed word lines are padded to 10 columns.
pub fn parse_str(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut cur = Sentence::default();
    for line in text.lines() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            if !cur.rows.is_empty() || !cur.comments.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if line.starts_with('#') {
            cur.comments.push(line.to_string());
            continue;
        }
        let mut cols: Vec<String> = line.split('\t').map(str::to_string).collect();
        let id = cols.first().map_or("", String::as_str);
        if id.contains('-') || id.contains('.') {
            cur.extra.push((cur.rows.len(), line.to_string()));
            continue;
        }
        cols.resize(10, "_".into());
        cur.rows.push(cols);
    }
    if !cur.rows.is_empty() {
        out.push(cur);
    }
    out
}

/// Writes one sentence in CoNLL-U.
pub fn write_sentence(out: &mut impl std::io::Write, s: &Sentence) -> std::io::Result<()> {
    for c in &s.comments {
        writeln!(out, "{c}")?;
    }
    let mut extra = s.extra.iter().peekable();
    for (i, row) in s.rows.iter().enumerate() {
        while let Some((_, line)) = extra.next_if(|(at, _)| *at == i) {
            writeln!(out, "{line}")?;
        }
        writeln!(out, "{}", row.join("\t"))?;
    }
    for (_, line) in extra {
        writeln!(out, "{line}")?;
    }
    writeln!(out)
}

/// The universal part of a relation (`nsubj:pass` → `nsubj`).
pub fn universal(rel: &str) -> &str {
    rel.split(':').next().unwrap_or(rel)
}

/// Attachment scores with per-relation precision and recall.
#[derive(Debug, Clone, Default)]
pub struct AttachmentScore {
    pub words: usize,
    pub heads: usize,
    /// Right head and universal relation (CoNLL 2018 LAS).
    pub labelled: usize,
    /// Right head and the full relation, subtype included.
    pub labelled_full: usize,
    /// Per full relation: (gold count, predicted count, right head and relation).
    pub relations: BTreeMap<String, (usize, usize, usize)>,
}

impl AttachmentScore {
    /// Adds one sentence: gold and predicted (head, relation) per word.
    pub fn add(&mut self, gold: &[(usize, &str)], predicted: &[(usize, &str)]) {
        for (k, &(gh, gr)) in gold.iter().enumerate() {
            self.words += 1;
            self.relations.entry(gr.to_string()).or_default().0 += 1;
            let Some(&(ph, pr)) = predicted.get(k) else {
                continue;
            };
            self.relations.entry(pr.to_string()).or_default().1 += 1;
            if gh == ph {
                self.heads += 1;
                if universal(gr) == universal(pr) {
                    self.labelled += 1;
                }
                if gr == pr {
                    self.labelled_full += 1;
                    self.relations.entry(gr.to_string()).or_default().2 += 1;
                }
            }
        }
    }
    pub fn uas(&self) -> f64 {
        100.0 * self.heads as f64 / self.words.max(1) as f64
    }
    pub fn las(&self) -> f64 {
        100.0 * self.labelled as f64 / self.words.max(1) as f64
    }
    pub fn las_full(&self) -> f64 {
        100.0 * self.labelled_full as f64 / self.words.max(1) as f64
    }
}

impl fmt::Display for AttachmentScore {
    /// The per-relation table, then `UAS <x> LAS <y>` as the last line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{:<16} {:>7} {:>7} {:>7} {:>7}",
            "relation", "gold", "pred", "prec", "recall"
        )?;
        for (rel, &(g, p, r)) in &self.relations {
            let prec = 100.0 * r as f64 / p.max(1) as f64;
            let rec = 100.0 * r as f64 / g.max(1) as f64;
            writeln!(f, "{rel:<16} {g:>7} {p:>7} {prec:>7.2} {rec:>7.2}")?;
        }
        writeln!(
            f,
            "words {}  LAS with subtypes {:.2}",
            self.words,
            self.las_full()
        )?;
        writeln!(f, "UAS {:.2} LAS {:.2}", self.uas(), self.las())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_writes_back_with_multiword_lines() {
        let text = "# sent_id = 1\n1-2\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n1\tdo\tdo\tAUX\tVBP\t_\t3\taux\t_\t_\n2\tn't\tnot\tPART\tRB\t_\t3\tadvmod\t_\t_\n3\tgo\tgo\tVERB\tVB\t_\t0\troot\t_\t_\n\n";
        let s = parse_str(text);
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].forms(), vec!["do", "n't", "go"]);
        assert_eq!(s[0].heads(), vec![3, 3, 0]);
        let mut out = Vec::new();
        write_sentence(&mut out, &s[0]).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            text.trim_end().to_string() + "\n\n"
        );
    }

    #[test]
    fn scores_count_every_word_and_strip_subtypes_for_las() {
        let mut s = AttachmentScore::default();
        s.add(
            &[(2, "nsubj:pass"), (0, "root"), (2, "punct")],
            &[(2, "nsubj"), (0, "root"), (1, "punct")],
        );
        assert_eq!(s.words, 3);
        assert_eq!(s.heads, 2);
        assert_eq!(s.labelled, 2);
        assert_eq!(s.labelled_full, 1);
        assert!(s.to_string().ends_with("UAS 66.67 LAS 66.67\n"));
    }
}
