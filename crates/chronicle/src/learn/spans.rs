//! Labelled spans from tag sequences (IOB1, IOB2, BILOU) and a conlleval-style scorer.

use std::collections::BTreeMap;
use std::fmt;

/// A labelled token span `[start, end)`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TagSpan {
    pub start: usize,
    pub end: usize,
    pub label: String,
}

fn split_tag(tag: &str) -> (char, &str) {
    if tag == "O" || tag.is_empty() || tag == "-X-" {
        return ('O', "");
    }
    match tag.split_once('-') {
        Some((prefix, label)) if prefix.len() == 1 => (prefix.chars().next().unwrap_or('O'), label),
        _ => ('I', tag),
    }
}

/// Spans with conlleval's rules: a chunk starts at `B-`/`U-`/`S-`, or at an `I-`/`L-`/`E-`
/// whose type differs from the previous tag's; it ends before a `B`, an `O`, a type change,
/// or after an `L-`/`U-`/`E-`/`S-`. Reads IOB1, IOB2, BILOU and BIOES alike.
pub(crate) fn tag_spans<S: AsRef<str>>(tags: &[S]) -> Vec<TagSpan> {
    let mut spans = Vec::new();
    let mut open: Option<(usize, &str)> = None;
    let mut prev_closed = true;
    for (i, tag) in tags.iter().enumerate() {
        let (prefix, label) = split_tag(tag.as_ref());
        let starts = match prefix {
            'O' => false,
            'B' | 'U' | 'S' => true,
            _ => prev_closed || open.is_none_or(|(_, l)| l != label),
        };
        if prefix == 'O' || starts {
            if let Some((s, l)) = open.take() {
                spans.push(TagSpan {
                    start: s,
                    end: i,
                    label: l.to_string(),
                });
            }
        }
        if starts {
            open = Some((i, label));
        }
        prev_closed = matches!(prefix, 'O' | 'L' | 'U' | 'E' | 'S');
        if matches!(prefix, 'L' | 'U' | 'E' | 'S') {
            if let Some((s, l)) = open.take() {
                spans.push(TagSpan {
                    start: s,
                    end: i + 1,
                    label: l.to_string(),
                });
            }
        }
    }
    if let Some((s, l)) = open {
        spans.push(TagSpan {
            start: s,
            end: tags.len(),
            label: l.to_string(),
        });
    }
    spans
}

/// Tags for `spans` over `n` tokens in IOB2.
pub(crate) fn iob2_tags(spans: &[TagSpan], n: usize) -> Vec<String> {
    let mut tags = vec!["O".to_string(); n];
    for span in spans {
        for (k, i) in (span.start..span.end.min(n)).enumerate() {
            tags[i] = format!("{}-{}", if k == 0 { 'B' } else { 'I' }, span.label);
        }
    }
    tags
}

/// Tags for `spans` over `n` tokens in BILOU.
pub(crate) fn bilou_tags(spans: &[TagSpan], n: usize) -> Vec<String> {
    let mut tags = vec!["O".to_string(); n];
    for span in spans {
        let end = span.end.min(n);
        for (i, tag) in tags.iter_mut().enumerate().take(end).skip(span.start) {
            let prefix = if end - span.start == 1 {
                'U'
            } else if i == span.start {
                'B'
            } else if i + 1 == end {
                'L'
            } else {
                'I'
            };
            *tag = format!("{prefix}-{}", span.label);
        }
    }
    tags
}

/// True/false positives and false negatives per label.
#[derive(Debug, Clone, Default)]
pub struct SpanScore {
    pub counts: BTreeMap<String, (usize, usize, usize)>,
    pub tokens: usize,
    pub tokens_correct: usize,
}

fn prf(tp: usize, fp: usize, fneg: usize) -> (f64, f64, f64) {
    let p = if tp + fp == 0 {
        0.0
    } else {
        tp as f64 / (tp + fp) as f64
    };
    let r = if tp + fneg == 0 {
        0.0
    } else {
        tp as f64 / (tp + fneg) as f64
    };
    let f = if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    };
    (p * 100.0, r * 100.0, f * 100.0)
}

impl SpanScore {
    /// Adds one sentence: gold and predicted tags, any scheme [`tag_spans`] reads.
    pub fn add<A: AsRef<str>, B: AsRef<str>>(&mut self, gold: &[A], predicted: &[B]) {
        self.tokens += gold.len();
        self.tokens_correct += gold
            .iter()
            .zip(predicted)
            .filter(|(g, p)| g.as_ref() == p.as_ref())
            .count();
        self.add_spans(&tag_spans(gold), &tag_spans(predicted));
    }

    pub fn add_spans(&mut self, gold: &[TagSpan], predicted: &[TagSpan]) {
        let gold_set: std::collections::HashSet<&TagSpan> = gold.iter().collect();
        let pred_set: std::collections::HashSet<&TagSpan> = predicted.iter().collect();
        for span in predicted {
            let entry = self.counts.entry(span.label.clone()).or_default();
            if gold_set.contains(span) {
                entry.0 += 1;
            } else {
                entry.1 += 1;
            }
        }
        for span in gold {
            if !pred_set.contains(span) {
                self.counts.entry(span.label.clone()).or_default().2 += 1;
            }
        }
    }

    /// Overall (precision, recall, F1) in percent, micro-averaged over labels.
    pub fn overall(&self) -> (f64, f64, f64) {
        let (tp, fp, fneg) = self
            .counts
            .values()
            .fold((0, 0, 0), |a, c| (a.0 + c.0, a.1 + c.1, a.2 + c.2));
        prf(tp, fp, fneg)
    }

    pub fn f1(&self) -> f64 {
        self.overall().2
    }

    /// (precision, recall, F1) of one label.
    pub fn label(&self, label: &str) -> (f64, f64, f64) {
        self.counts
            .get(label)
            .map_or((0.0, 0.0, 0.0), |&(tp, fp, fneg)| prf(tp, fp, fneg))
    }
}

impl fmt::Display for SpanScore {
    /// A conlleval-like report.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (tp, fp, fneg) = self
            .counts
            .values()
            .fold((0, 0, 0), |a, c| (a.0 + c.0, a.1 + c.1, a.2 + c.2));
        let accuracy = if self.tokens == 0 {
            0.0
        } else {
            100.0 * self.tokens_correct as f64 / self.tokens as f64
        };
        writeln!(
            f,
            "processed {} tokens with {} phrases; found: {} phrases; correct: {}.",
            self.tokens,
            tp + fneg,
            tp + fp,
            tp
        )?;
        let (p, r, f1) = self.overall();
        writeln!(
            f,
            "accuracy: {accuracy:6.2}%; precision: {p:6.2}%; recall: {r:6.2}%; FB1: {f1:6.2}"
        )?;
        for (label, &(tp, fp, fneg)) in &self.counts {
            let (p, r, f1) = prf(tp, fp, fneg);
            writeln!(
                f,
                "{label:>17}: precision: {p:6.2}%; recall: {r:6.2}%; FB1: {f1:6.2}  {}",
                tp + fp
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(start: usize, end: usize, label: &str) -> TagSpan {
        TagSpan {
            start,
            end,
            label: label.into(),
        }
    }

    #[test]
    fn reads_iob2_iob1_and_bilou() {
        let iob2 = ["B-PER", "I-PER", "O", "B-LOC", "B-LOC", "I-ORG"];
        assert_eq!(
            tag_spans(&iob2),
            vec![
                span(0, 2, "PER"),
                span(3, 4, "LOC"),
                span(4, 5, "LOC"),
                span(5, 6, "ORG")
            ]
        );
        let iob1 = ["I-PER", "I-PER", "O", "I-LOC", "B-LOC"];
        assert_eq!(
            tag_spans(&iob1),
            vec![span(0, 2, "PER"), span(3, 4, "LOC"), span(4, 5, "LOC")]
        );
        let bilou = ["U-PER", "B-ORG", "I-ORG", "L-ORG", "U-ORG", "O"];
        assert_eq!(
            tag_spans(&bilou),
            vec![span(0, 1, "PER"), span(1, 4, "ORG"), span(4, 5, "ORG")]
        );
        let spans = tag_spans(&bilou);
        assert_eq!(bilou_tags(&spans, 6), bilou.to_vec());
        assert_eq!(tag_spans(&iob2_tags(&spans, 6)), spans);
    }

    #[test]
    fn scores_like_conlleval() {
        let mut score = SpanScore::default();
        score.add(
            &["B-PER", "I-PER", "O", "B-LOC"],
            &["B-PER", "I-PER", "O", "B-ORG"],
        );
        assert_eq!(score.label("PER"), (100.0, 100.0, 100.0));
        let (p, r, f) = score.overall();
        assert!((p - 50.0).abs() < 1e-9 && (r - 50.0).abs() < 1e-9 && (f - 50.0).abs() < 1e-9);
        assert_eq!(score.tokens_correct, 3);
        assert!(score.to_string().contains("FB1"));
    }
}
