//! TempEval-3 scores for time expressions: strict and relaxed extent precision/recall/F1,
//! and attribute F1 for value and type (= relaxed F1 × attribute accuracy over the
//! relaxed matches), with a listing of misses, false alarms and wrong attributes.

use super::timeml::GoldTimex;
use crate::doc::{Timex, TimexType};

/// Counts summed over documents.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    pub gold: usize,
    pub system: usize,
    pub strict: usize,
    pub relaxed: usize,
    pub value_ok: usize,
    pub type_ok: usize,
}

/// One error for the listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    Miss {
        text: String,
        value: String,
    },
    FalseAlarm {
        text: String,
        value: String,
    },
    WrongValue {
        text: String,
        gold_text: String,
        value: String,
        gold: String,
    },
    WrongType {
        text: String,
        kind: TimexType,
        /// `None`: the gold expression has no valid type.
        gold: Option<TimexType>,
    },
    Extent {
        text: String,
        gold_text: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Prf {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

fn prf(hit_p: usize, hit_r: usize, system: usize, gold: usize) -> Prf {
    let precision = if system == 0 {
        0.0
    } else {
        hit_p as f64 / system as f64
    };
    let recall = if gold == 0 {
        0.0
    } else {
        hit_r as f64 / gold as f64
    };
    let f1 = if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    };
    Prf {
        precision: 100.0 * precision,
        recall: 100.0 * recall,
        f1: 100.0 * f1,
    }
}

impl Counts {
    pub fn add(&mut self, other: &Counts) {
        self.gold += other.gold;
        self.system += other.system;
        self.strict += other.strict;
        self.relaxed += other.relaxed;
        self.value_ok += other.value_ok;
        self.type_ok += other.type_ok;
    }
    pub fn strict(&self) -> Prf {
        prf(self.strict, self.strict, self.system, self.gold)
    }
    pub fn relaxed(&self) -> Prf {
        prf(self.relaxed, self.relaxed, self.system, self.gold)
    }
    fn attribute(&self, ok: usize) -> f64 {
        if self.relaxed == 0 {
            return 0.0;
        }
        self.relaxed().f1 * ok as f64 / self.relaxed as f64
    }
    pub fn value_f1(&self) -> f64 {
        self.attribute(self.value_ok)
    }
    pub fn type_f1(&self) -> f64 {
        self.attribute(self.type_ok)
    }
    pub fn value_accuracy(&self) -> f64 {
        if self.relaxed == 0 {
            0.0
        } else {
            100.0 * self.value_ok as f64 / self.relaxed as f64
        }
    }
}

/// Scores one document's system times against its gold times (both over the same text).
pub fn score_document(text: &str, gold: &[GoldTimex], system: &[Timex]) -> (Counts, Vec<Problem>) {
    let slice = |s: usize, e: usize| text.get(s..e).unwrap_or("").to_string();
    let mut counts = Counts {
        gold: gold.len(),
        system: system.len(),
        ..Counts::default()
    };
    let mut problems = Vec::new();
    let mut gold_used = vec![false; gold.len()];
    for sys in system {
        // the overlapping gold expression with the largest overlap
        let best = gold
            .iter()
            .enumerate()
            .filter(|(k, g)| !gold_used[*k] && g.start < sys.end && sys.start < g.end)
            .max_by_key(|(_, g)| sys.end.min(g.end) - sys.start.max(g.start));
        let Some((k, g)) = best else {
            problems.push(Problem::FalseAlarm {
                text: sys.text.clone(),
                value: sys.value.clone(),
            });
            continue;
        };
        gold_used[k] = true;
        counts.relaxed += 1;
        let gold_text = slice(g.start, g.end);
        if g.start == sys.start && g.end == sys.end {
            counts.strict += 1;
        } else {
            problems.push(Problem::Extent {
                text: sys.text.clone(),
                gold_text: gold_text.clone(),
            });
        }
        if g.value == sys.value {
            counts.value_ok += 1;
        } else {
            problems.push(Problem::WrongValue {
                text: sys.text.clone(),
                gold_text,
                value: sys.value.clone(),
                gold: g.value.clone(),
            });
        }
        if g.kind == Some(sys.kind) {
            counts.type_ok += 1;
        } else {
            problems.push(Problem::WrongType {
                text: sys.text.clone(),
                kind: sys.kind,
                gold: g.kind,
            });
        }
    }
    for (k, g) in gold.iter().enumerate() {
        if !gold_used[k] {
            problems.push(Problem::Miss {
                text: slice(g.start, g.end),
                value: g.value.clone(),
            });
        }
    }
    (counts, problems)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::TimeAnchor;

    fn sys(start: usize, end: usize, text: &str, value: &str) -> Timex {
        Timex {
            start,
            end,
            text: text.into(),
            kind: TimexType::Date,
            value: value.into(),
            modifier: None,
            range: None,
            anchor: TimeAnchor::None,
        }
    }

    #[test]
    fn strict_relaxed_and_attribute_scores() {
        let text = "on the third quarter and last week and today";
        let gold = vec![
            GoldTimex {
                start: 3,
                end: 20,
                kind: Some(TimexType::Date),
                value: "1989-Q3".into(),
                modifier: None,
            },
            GoldTimex {
                start: 25,
                end: 34,
                kind: Some(TimexType::Date),
                value: "1989-W43".into(),
                modifier: None,
            },
            GoldTimex {
                start: 39,
                end: 44,
                kind: Some(TimexType::Date),
                value: "1989-10-27".into(),
                modifier: None,
            },
        ];
        let system = vec![
            sys(7, 20, "third quarter", "1989-Q3"),
            sys(25, 34, "last week", "1989-W44"),
        ];
        let (c, problems) = score_document(text, &gold, &system);
        assert_eq!((c.strict, c.relaxed, c.value_ok), (1, 2, 1));
        assert!((c.relaxed().precision - 100.0).abs() < 1e-9);
        assert!((c.relaxed().recall - 200.0 / 3.0).abs() < 1e-9);
        assert!((c.value_f1() - c.relaxed().f1 / 2.0).abs() < 1e-9);
        assert_eq!(problems.len(), 3, "{problems:?}");
    }
}
