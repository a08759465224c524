//! CAMEO → PLOVER: event type, mode and context per CAMEO code.
//!
//! Source format (PLOVER's `CAMEO2PLOVER-2021.txt`):
//! `036: AGREE,  , diplomatic # Express intent to meet or negotiate`.
//! Compact form (`data/events/plover.tsv`): `code<TAB>type<TAB>mode<TAB>contexts;…<TAB>description`.

use std::collections::HashMap;
use std::path::Path;

use crate::doc::PloverType;
use crate::error::{Error, Result};

/// Kept at its old path; the one definition is in [`codes`](super::codes).
pub use super::codes::PLOVER_TYPES;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PloverEntry {
    pub plover: PloverType,
    pub mode: Option<String>,
    pub context: Vec<String>,
    pub description: String,
}

#[derive(Debug, Clone, Default)]
pub struct PloverTable {
    entries: HashMap<String, PloverEntry>,
    /// Codes in file order, for writing the table back out.
    order: Vec<String>,
}

impl PloverTable {
    /// Parses PLOVER's own table. Root lines without mode/context (`03: AGREE`) are kept
    /// unless a fuller line for the same code came first.
    pub fn parse_source(text: &str, path: &Path) -> Result<Self> {
        let mut table = PloverTable::default();
        for (index, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') || line.starts_with('~') {
                continue;
            }
            let (body, description) = match line.split_once('#') {
                Some((b, d)) => (b, d.trim()),
                None => (line, ""),
            };
            let Some((code, rest)) = body.split_once(':') else {
                return Err(Error::Parse {
                    path: path.to_path_buf(),
                    line: index + 1,
                    message: "expected `code: TYPE, mode, context`".into(),
                });
            };
            let code = code.trim().to_string();
            let mut fields = rest.split(',').map(str::trim);
            let plover = fields.next().unwrap_or("");
            let Ok(plover) = plover.parse::<PloverType>() else {
                return Err(Error::Parse {
                    path: path.to_path_buf(),
                    line: index + 1,
                    message: format!("unknown PLOVER type {plover:?}"),
                });
            };
            let mode = fields
                .next()
                .map(str::trim)
                .filter(|m| !m.is_empty())
                .map(str::to_string);
            let context = fields
                .next()
                .unwrap_or("")
                .split(';')
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_string)
                .collect();
            table.insert(
                code,
                PloverEntry {
                    plover,
                    mode,
                    context,
                    description: description.to_string(),
                },
            );
        }
        Ok(table)
    }

    pub fn insert(&mut self, code: String, entry: PloverEntry) {
        if self.entries.contains_key(&code) {
            return;
        }
        self.order.push(code.clone());
        self.entries.insert(code, entry);
    }

    pub fn to_compact(&self) -> String {
        let mut out = String::new();
        for code in &self.order {
            if let Some(e) = self.entries.get(code) {
                out.push_str(&format!(
                    "{code}\t{}\t{}\t{}\t{}\n",
                    e.plover,
                    e.mode.as_deref().unwrap_or(""),
                    e.context.join(";"),
                    e.description
                ));
            }
        }
        out
    }

    pub fn from_compact(text: &str, path: &Path) -> Result<Self> {
        let mut table = PloverTable::default();
        for (index, line) in text.lines().enumerate() {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let f: Vec<&str> = line.split('\t').collect();
            let (Some(code), Some(plover)) = (f.first(), f.get(1)) else {
                return Err(Error::Parse {
                    path: path.to_path_buf(),
                    line: index + 1,
                    message: "expected code and type".into(),
                });
            };
            // A row of an unknown type codes no event, as before the type was checked here.
            let Ok(plover) = plover.parse::<PloverType>() else {
                continue;
            };
            table.insert(
                code.to_string(),
                PloverEntry {
                    plover,
                    mode: f.get(2).filter(|m| !m.is_empty()).map(|m| m.to_string()),
                    context: f
                        .get(3)
                        .map(|c| {
                            c.split(';')
                                .filter(|x| !x.is_empty())
                                .map(str::to_string)
                                .collect()
                        })
                        .unwrap_or_default(),
                    description: f.get(4).unwrap_or(&"").to_string(),
                },
            );
        }
        Ok(table)
    }

    /// The entry for `code`, else for its 3-digit parent, else its root.
    pub fn lookup(&self, code: &str) -> Option<&PloverEntry> {
        let mut c = code;
        loop {
            if let Some(e) = self.entries.get(c) {
                return Some(e);
            }
            if c.len() <= 2 {
                return None;
            }
            c = c.get(..c.len() - 1)?;
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_looks_up_parents() {
        let src = "# c\n04: CONSULT\n042: CONSULT, visit,   # Make a visit\n046: CONSULT,   , diplomatic    # Engage in negotiation\n1121: ACCUSE, allege, crime; corruption # Accuse\n";
        let t = PloverTable::parse_source(src, Path::new("p")).unwrap();
        assert_eq!(t.lookup("042").unwrap().mode.as_deref(), Some("visit"));
        assert_eq!(t.lookup("0421").unwrap().plover, "CONSULT");
        assert_eq!(
            t.lookup("1121").unwrap().context,
            vec!["crime", "corruption"]
        );
        assert_eq!(t.lookup("040").unwrap().plover, "CONSULT");
        assert!(t.lookup("010").is_none());
        let back = PloverTable::from_compact(&t.to_compact(), Path::new("q")).unwrap();
        assert_eq!(back.lookup("046"), t.lookup("046"));
    }

    #[test]
    fn rejects_unknown_types() {
        assert!(PloverTable::parse_source("01: STATEMENT\n", Path::new("p")).is_err());
    }
}
