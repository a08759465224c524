//! Word clusters learned without labels, as bit strings whose prefixes name coarser
//! clusters (the way Brown clusters are used as NER features).
//!
//! The algorithm is a top-down *divisive exchange*: at level `k` every class of level
//! `k-1` is split in two and words are moved between the two halves (never elsewhere)
//! to maximise the class-bigram log-likelihood
//! `Σ N(c,d) ln N(c,d) − Σ N(c,·) ln N(c,·) − Σ N(·,d) ln N(·,d)` of the whole corpus.
//! Each level therefore costs a few passes of `O(bigram types)`, so ten levels over the
//! Reuters corpus take well under a minute on one core, where agglomerative Brown
//! clustering would take hours.

use std::collections::HashMap;
use std::io::{BufRead, Read, Write};
use std::path::Path;

use crate::error::{Error, Result};

/// A word → bit-string map.
#[derive(Debug, Clone, Default)]
pub struct Clusters {
    paths: HashMap<String, String>,
}

impl Clusters {
    pub fn len(&self) -> usize {
        self.paths.len()
    }
    pub fn is_empty(&self) -> bool {
        self.paths.is_empty()
    }
    /// The bit string of `word` (exact match first, then lower case).
    pub fn path(&self, word: &str) -> Option<&str> {
        if let Some(p) = self.paths.get(word) {
            return Some(p);
        }
        if word.bytes().any(|b| b.is_ascii_uppercase()) {
            return self.paths.get(&word.to_lowercase()).map(String::as_str);
        }
        None
    }
    pub fn insert(&mut self, word: String, path: String) {
        self.paths.insert(word, path);
    }
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.paths.iter().map(|(w, p)| (w.as_str(), p.as_str()))
    }

    /// Parses `word<TAB>bits[<TAB>count]` lines (`#` comments allowed). Fields are trimmed
    /// (a stray `\r` or space is never part of a word or a path), so what `to_text` writes
    /// reads back the same.
    pub fn parse(text: &str) -> Self {
        let mut clusters = Clusters::default();
        for line in text.lines() {
            if line.trim_start().starts_with('#') {
                continue;
            }
            let mut fields = line.split('\t').map(str::trim);
            if let (Some(word), Some(bits)) = (fields.next(), fields.next()) {
                if !word.is_empty() && !bits.is_empty() {
                    clusters.insert(word.to_string(), bits.to_string());
                }
            }
        }
        clusters
    }

    /// Serialises as `word<TAB>bits` lines sorted by bits then word.
    pub fn to_text(&self) -> String {
        let mut rows: Vec<(&str, &str)> = self.iter().collect();
        rows.sort_by(|a, b| a.1.cmp(b.1).then(a.0.cmp(b.0)));
        let mut out = String::with_capacity(rows.len() * 16);
        for (word, bits) in rows {
            out.push_str(word);
            out.push('\t');
            out.push_str(bits);
            out.push('\n');
        }
        out
    }

    /// Loads a plain or gzip-compressed (`.gz`) cluster file.
    pub fn load(path: &Path) -> Result<Self> {
        let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
        let mut text = String::new();
        let reader = std::io::BufReader::new(file);
        if path.extension().is_some_and(|e| e == "gz") {
            flate2::read::GzDecoder::new(reader)
                .read_to_string(&mut text)
                .map_err(|e| Error::io(path, e))?;
        } else {
            let mut reader = reader;
            reader
                .read_to_string(&mut text)
                .map_err(|e| Error::io(path, e))?;
        }
        Ok(Self::parse(&text))
    }

    /// Writes gzip-compressed, with `header` lines as `#` comments.
    pub fn save(&self, path: &Path, header: &str) -> Result<()> {
        let file = std::fs::File::create(path).map_err(|e| Error::io(path, e))?;
        let mut gz = flate2::write::GzEncoder::new(file, flate2::Compression::best());
        for line in header.lines() {
            writeln!(gz, "# {line}").map_err(|e| Error::io(path, e))?;
        }
        gz.write_all(self.to_text().as_bytes())
            .map_err(|e| Error::io(path, e))?;
        gz.finish().map_err(|e| Error::io(path, e))?;
        Ok(())
    }
}

/// Settings for [`learn_clusters`].
#[derive(Debug, Clone)]
pub struct ClusterConfig {
    /// Bits per path: up to `2^depth` clusters.
    pub depth: usize,
    /// Words seen fewer times share one "rare" entry and get no path.
    pub min_count: usize,
    /// Exchange passes per level.
    pub passes: usize,
}

impl Default for ClusterConfig {
    fn default() -> Self {
        ClusterConfig {
            depth: 10,
            min_count: 3,
            passes: 4,
        }
    }
}

/// `x ln x` with `0 ln 0 = 0`.
#[inline]
fn xlx(x: i64) -> f64 {
    if x <= 0 {
        0.0
    } else {
        let x = x as f64;
        x * x.ln()
    }
}

/// Dense class-bigram counts for one level.
struct Counts {
    classes: usize,
    pair: Vec<i64>,
    left: Vec<i64>,
    right: Vec<i64>,
}

impl Counts {
    #[inline]
    fn at(&mut self, c: usize, d: usize) -> &mut i64 {
        &mut self.pair[c * self.classes + d]
    }
}

/// One word's neighbours: `(word, count)` to its right and to its left, and its self-bigram count.
struct Neighbours {
    right: Vec<(u32, i64)>,
    left: Vec<(u32, i64)>,
    self_pairs: i64,
    as_left: i64,
    as_right: i64,
}

/// Learns clusters from sentences of tokens (any iterator of token sequences).
pub fn learn_clusters<I, S>(sentences: I, config: &ClusterConfig) -> Clusters
where
    I: IntoIterator<Item = Vec<S>>,
    S: AsRef<str>,
{
    // Vocabulary with id 0 = sentence boundary, 1 = rare word.
    let mut counts: HashMap<String, usize> = HashMap::new();
    let mut corpus: Vec<Vec<String>> = Vec::new();
    for sentence in sentences {
        let words: Vec<String> = sentence.iter().map(|w| w.as_ref().to_string()).collect();
        for w in &words {
            *counts.entry(w.clone()).or_default() += 1;
        }
        corpus.push(words);
    }
    let mut vocab: Vec<(String, usize)> = counts
        .into_iter()
        .filter(|(_, c)| *c >= config.min_count)
        .collect();
    vocab.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut ids: HashMap<&str, u32> = HashMap::new();
    for (i, (w, _)) in vocab.iter().enumerate() {
        ids.insert(w.as_str(), i as u32 + 2);
    }
    let n_words = vocab.len() + 2;
    let mut bigrams: HashMap<(u32, u32), i64> = HashMap::new();
    for sentence in &corpus {
        let mut prev = 0u32;
        for w in sentence {
            let id = ids.get(w.as_str()).copied().unwrap_or(1);
            *bigrams.entry((prev, id)).or_default() += 1;
            prev = id;
        }
        *bigrams.entry((prev, 0)).or_default() += 1;
    }
    drop(corpus);
    let mut neighbours: Vec<Neighbours> = (0..n_words)
        .map(|_| Neighbours {
            right: Vec::new(),
            left: Vec::new(),
            self_pairs: 0,
            as_left: 0,
            as_right: 0,
        })
        .collect();
    let mut pairs: Vec<((u32, u32), i64)> = bigrams.into_iter().collect();
    pairs.sort_unstable();
    for &((u, v), n) in &pairs {
        neighbours[u as usize].as_left += n;
        neighbours[v as usize].as_right += n;
        if u == v {
            neighbours[u as usize].self_pairs += n;
        } else {
            neighbours[u as usize].right.push((v, n));
            neighbours[v as usize].left.push((u, n));
        }
    }
    // Start: everyone in class 0 of level 0.
    let mut class = vec![0usize; n_words];
    for level in 1..=config.depth {
        let classes = 1usize << level;
        // Split each class in two, alternating by frequency rank (ids are frequency-ordered).
        let mut seen = vec![0usize; classes / 2];
        for c in class.iter_mut() {
            let parent = *c;
            *c = parent * 2 + (seen[parent] & 1);
            seen[parent] += 1;
        }
        let mut n = Counts {
            classes,
            pair: vec![0; classes * classes],
            left: vec![0; classes],
            right: vec![0; classes],
        };
        for &((u, v), k) in &pairs {
            let (cu, cv) = (class[u as usize], class[v as usize]);
            *n.at(cu, cv) += k;
            n.left[cu] += k;
            n.right[cv] += k;
        }
        let mut r_by_class = vec![0i64; classes];
        let mut l_by_class = vec![0i64; classes];
        let mut touched_r: Vec<usize> = Vec::new();
        let mut touched_l: Vec<usize> = Vec::new();
        for _ in 0..config.passes {
            let mut moved = 0usize;
            for w in 0..n_words {
                let nb = &neighbours[w];
                let from = class[w];
                touched_r.clear();
                touched_l.clear();
                for &(v, k) in &nb.right {
                    let d = class[v as usize];
                    if r_by_class[d] == 0 {
                        touched_r.push(d);
                    }
                    r_by_class[d] += k;
                }
                for &(u, k) in &nb.left {
                    let c = class[u as usize];
                    if l_by_class[c] == 0 {
                        touched_l.push(c);
                    }
                    l_by_class[c] += k;
                }
                // Remove w from its class.
                apply(
                    &mut n,
                    from,
                    nb,
                    &r_by_class,
                    &l_by_class,
                    &touched_r,
                    &touched_l,
                    -1,
                );
                let base = from & !1;
                let gain = |n: &Counts, b: usize| -> f64 {
                    let mut g = 0.0;
                    for &d in &touched_r {
                        if d != b {
                            let old = n.pair[b * classes + d];
                            g += xlx(old + r_by_class[d]) - xlx(old);
                        }
                    }
                    for &c in &touched_l {
                        if c != b {
                            let old = n.pair[c * classes + b];
                            g += xlx(old + l_by_class[c]) - xlx(old);
                        }
                    }
                    let old = n.pair[b * classes + b];
                    g += xlx(old + r_by_class[b] + l_by_class[b] + nb.self_pairs) - xlx(old);
                    g -= xlx(n.left[b] + nb.as_left) - xlx(n.left[b]);
                    g -= xlx(n.right[b] + nb.as_right) - xlx(n.right[b]);
                    g
                };
                let (g0, g1) = (gain(&n, base), gain(&n, base + 1));
                let to = if g1 > g0 + 1e-9 {
                    base + 1
                } else if g0 > g1 + 1e-9 {
                    base
                } else {
                    from
                };
                if to != from {
                    moved += 1;
                }
                class[w] = to;
                apply(
                    &mut n,
                    to,
                    nb,
                    &r_by_class,
                    &l_by_class,
                    &touched_r,
                    &touched_l,
                    1,
                );
                for &d in &touched_r {
                    r_by_class[d] = 0;
                }
                for &c in &touched_l {
                    l_by_class[c] = 0;
                }
            }
            if moved == 0 {
                break;
            }
        }
    }
    let mut clusters = Clusters::default();
    for (i, (word, _)) in vocab.iter().enumerate() {
        let c = class[i + 2];
        let bits: String = (0..config.depth)
            .rev()
            .map(|b| if (c >> b) & 1 == 1 { '1' } else { '0' })
            .collect();
        clusters.insert(word.clone(), bits);
    }
    clusters
}

/// Adds (`sign = 1`) or removes (`-1`) word `w`'s bigrams to/from class `b`, where `w`'s
/// neighbour counts by class are `r`/`l` (other words) and its own self-bigrams are in `nb`.
#[allow(clippy::too_many_arguments)]
fn apply(
    n: &mut Counts,
    b: usize,
    nb: &Neighbours,
    r: &[i64],
    l: &[i64],
    touched_r: &[usize],
    touched_l: &[usize],
    sign: i64,
) {
    for &d in touched_r {
        *n.at(b, d) += sign * r[d];
    }
    for &c in touched_l {
        *n.at(c, b) += sign * l[c];
    }
    *n.at(b, b) += sign * nb.self_pairs;
    n.left[b] += sign * nb.as_left;
    n.right[b] += sign * nb.as_right;
}

/// Sentences (as token strings) of the `body` field of a JSONL(.gz) corpus, tokenised by
/// Chronicle's own tokenizer so cluster keys match pipeline tokens.
pub fn jsonl_bodies(path: &Path, field: &str) -> Result<Vec<Vec<String>>> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let reader: Box<dyn BufRead> = if path.extension().is_some_and(|e| e == "gz") {
        Box::new(std::io::BufReader::new(flate2::read::GzDecoder::new(file)))
    } else {
        Box::new(std::io::BufReader::new(file))
    };
    let mut out = Vec::new();
    for (number, line) in reader.lines().enumerate() {
        let line = line.map_err(|e| Error::io(path, e))?;
        if line.trim().is_empty() {
            continue;
        }
        let value: serde_json::Value = serde_json::from_str(&line).map_err(|e| Error::Parse {
            path: path.to_path_buf(),
            line: number + 1,
            message: e.to_string(),
        })?;
        let Some(body) = value.get(field).and_then(|b| b.as_str()) else {
            continue;
        };
        let mut article = crate::doc::Article::new(body.to_string());
        crate::text::annotate(&mut article);
        for s in 0..article.sentences.len() {
            let words: Vec<String> = article
                .sentence_tokens(s)
                .iter()
                .map(|t| t.text(&article.text).to_string())
                .collect();
            if !words.is_empty() {
                out.push(words);
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separates_words_used_in_different_contexts() {
        // Two "languages" of interchangeable words: names after "met", numbers after "paid".
        let mut corpus = Vec::new();
        let names = ["Ann", "Bob", "Cid", "Dee"];
        let numbers = ["five", "six", "nine", "ten"];
        for i in 0..200 {
            corpus.push(vec!["we", "met", names[i % 4], "today"]);
            corpus.push(vec!["they", "paid", numbers[(i / 3) % 4], "dollars"]);
        }
        let config = ClusterConfig {
            depth: 4,
            min_count: 1,
            passes: 5,
        };
        let clusters = learn_clusters(corpus, &config);
        // Context words separate first; one level later so do the words they select.
        let name_path = clusters.path("Ann");
        assert!(names.iter().all(|w| clusters.path(w) == name_path));
        let number_path = clusters.path("six");
        assert!(numbers.iter().all(|w| clusters.path(w) == number_path));
        assert_ne!(name_path, number_path);
        assert_ne!(clusters.path("met"), clusters.path("paid"));
        assert_eq!(name_path.map(str::len), Some(4));
    }

    #[test]
    fn text_round_trip_and_case_fallback() {
        let mut c = Clusters::default();
        c.insert("seoul".into(), "0110".into());
        let back = Clusters::parse(&format!("# note\n{}", c.to_text()));
        assert_eq!(back.path("seoul"), Some("0110"));
        assert_eq!(back.path("SEOUL"), Some("0110"));
        assert_eq!(back.path("tokyo"), None);
    }

    /// Found by the `parse_corpora` fuzz target: a path ending in a bare `\r` was written out
    /// and did not read back.
    #[test]
    fn stray_carriage_returns_and_indented_comments_round_trip() {
        let c = Clusters::parse("seoul\t0110\r\n  # note\ttab\nlima\t10\r");
        assert_eq!(c.len(), 2);
        assert_eq!(c.path("lima"), Some("10"));
        assert_eq!(Clusters::parse(&c.to_text()).len(), 2);
    }
}
