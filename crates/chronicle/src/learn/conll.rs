//! Reading CoNLL-style column files: one token per line, blank lines between sentences,
//! `-DOCSTART-` lines between documents.

use std::path::Path;

use crate::error::{Error, Result};

/// One sentence: each token's whitespace-separated columns (the word first).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConllSentence {
    pub rows: Vec<Vec<String>>,
}

impl ConllSentence {
    /// Column `col` of every token ("" where a row is shorter).
    pub fn column(&self, col: usize) -> Vec<&str> {
        self.rows
            .iter()
            .map(|r| r.get(col).map(String::as_str).unwrap_or(""))
            .collect()
    }
    /// The last column of every token (the gold tag in every CoNLL NER file).
    pub fn last_column(&self) -> Vec<&str> {
        self.rows
            .iter()
            .map(|r| r.last().map(String::as_str).unwrap_or(""))
            .collect()
    }
    pub fn words(&self) -> Vec<&str> {
        self.column(0)
    }
    pub fn len(&self) -> usize {
        self.rows.len()
    }
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

/// One document: the `-DOCSTART-` line that opened it (if any) and its sentences.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConllDoc {
    pub docstart: Option<String>,
    pub sentences: Vec<ConllSentence>,
}

/// Parses CoNLL text; never fails (odd lines are just rows with fewer columns).
pub fn parse_conll(text: &str) -> Vec<ConllDoc> {
    let mut docs: Vec<ConllDoc> = Vec::new();
    let mut current = ConllDoc::default();
    let mut sentence = ConllSentence::default();
    for line in text.lines() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            if !sentence.is_empty() {
                current.sentences.push(std::mem::take(&mut sentence));
            }
            continue;
        }
        if line.starts_with("-DOCSTART-") {
            if !sentence.is_empty() {
                current.sentences.push(std::mem::take(&mut sentence));
            }
            if !current.sentences.is_empty() || current.docstart.is_some() {
                docs.push(std::mem::take(&mut current));
            }
            current.docstart = Some(line.to_string());
            continue;
        }
        sentence
            .rows
            .push(line.split_whitespace().map(str::to_string).collect());
    }
    if !sentence.is_empty() {
        current.sentences.push(sentence);
    }
    if !current.sentences.is_empty() || current.docstart.is_some() {
        docs.push(current);
    }
    docs
}

/// Reads and parses a CoNLL file.
pub fn read_conll(path: &Path) -> Result<Vec<ConllDoc>> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    Ok(parse_conll(&text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_documents_and_sentences() {
        let text = "-DOCSTART- -X- -X- O\n\nAda NNP B-NP B-PER\nran VBD B-VP O\n\nok UH O O\n\
                    -DOCSTART- -X- -X- O\n\nParis NNP B-NP B-LOC\n";
        let docs = parse_conll(text);
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].sentences.len(), 2);
        assert_eq!(docs[0].sentences[0].words(), vec!["Ada", "ran"]);
        assert_eq!(docs[0].sentences[0].last_column(), vec!["B-PER", "O"]);
        assert_eq!(docs[0].sentences[0].column(1), vec!["NNP", "VBD"]);
        assert_eq!(docs[1].sentences[0].words(), vec!["Paris"]);
    }

    #[test]
    fn files_without_docstart_are_one_document() {
        let docs = parse_conll("a O\nb O\n\nc O\n");
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].sentences.len(), 2);
        assert!(parse_conll("").is_empty());
    }
}
