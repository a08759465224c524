//! Near-duplicate detection: MinHash over word 3-shingles with LSH banding.
//!
//! A republished story with a changed headline, a dropped paragraph or a few edited words
//! keeps most of its 3-word shingles, so the Jaccard similarity of the shingle sets stays
//! high while unrelated stories share almost none. [`NUM_HASHES`] min-hashes estimate that
//! similarity; splitting them into [`BANDS`] bands of [`ROWS`] rows finds candidate pairs
//! by exact band equality (probability `1 - (1 - J^5)^20`: 0.97 at J = 0.7, 0.03 at
//! J = 0.3), and the full signature then confirms them against [`DUPLICATE_THRESHOLD`].

/// Min-hashes per signature.
pub const NUM_HASHES: usize = 100;
pub const BANDS: usize = 20;
pub const ROWS: usize = NUM_HASHES / BANDS;
/// Estimated Jaccard similarity at or above which an article is a copy of an earlier one.
pub const DUPLICATE_THRESHOLD: f64 = 0.7;
/// Texts with fewer shingles than this are too short to call near-duplicates
/// (one-line briefs differ in a word or two and are still different news).
pub const MIN_SHINGLES: usize = 8;

const SHINGLE_WORDS: usize = 3;

/// A MinHash signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature(pub Vec<u32>);

/// splitmix64: a fast, well-mixed 64-bit hash finaliser.
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

fn word_hash(word: &str) -> u64 {
    // FNV-1a over the lowercased word: case and punctuation changes are not edits.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for c in word.chars().flat_map(char::to_lowercase) {
        let mut buf = [0u8; 4];
        for b in c.encode_utf8(&mut buf).as_bytes() {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

/// Hashes of the text's word 3-shingles (words = alphanumeric runs, lowercased).
pub fn shingles(text: &str) -> Vec<u64> {
    let words: Vec<u64> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(word_hash)
        .collect();
    let mut out: Vec<u64> = words
        .windows(SHINGLE_WORDS)
        .map(|w| w.iter().fold(0u64, |acc, h| mix(acc ^ h)))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

impl Signature {
    /// The signature of a text, or `None` when it is too short to compare.
    pub fn of_text(text: &str) -> Option<Signature> {
        let shingles = shingles(text);
        if shingles.len() < MIN_SHINGLES {
            return None;
        }
        let mut mins = vec![u32::MAX; NUM_HASHES];
        for s in shingles {
            // One strong hash per shingle, then cheap per-function variants (Kirsch-Mitzenmacher).
            let h = mix(s);
            let (a, b) = (h as u32, (h >> 32) as u32 | 1);
            for (i, m) in mins.iter_mut().enumerate() {
                let v = a
                    .wrapping_add(b.wrapping_mul(i as u32))
                    .rotate_left(i as u32 % 17);
                if v < *m {
                    *m = v;
                }
            }
        }
        Some(Signature(mins))
    }

    /// Estimated Jaccard similarity of the two shingle sets.
    pub fn similarity(&self, other: &Signature) -> f64 {
        if self.0.is_empty() || self.0.len() != other.0.len() {
            return 0.0;
        }
        let same = self.0.iter().zip(&other.0).filter(|(a, b)| a == b).count();
        same as f64 / self.0.len() as f64
    }

    /// One bucket key per band; equal keys in a band make two articles candidates.
    pub fn band_keys(&self) -> Vec<i64> {
        self.0
            .chunks(ROWS)
            .map(|band| {
                let h = band.iter().fold(0u64, |acc, v| mix(acc ^ u64::from(*v)));
                h as i64
            })
            .collect()
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        self.0.iter().flat_map(|v| v.to_le_bytes()).collect()
    }

    pub fn from_bytes(bytes: &[u8]) -> Option<Signature> {
        if bytes.len() != NUM_HASHES * 4 {
            return None;
        }
        Some(Signature(
            bytes
                .chunks_exact(4)
                .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                .collect(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STORY: &str = "Seoul and Washington agreed on Tuesday to hold their first joint \
        defence talks in three years next month, officials said, as the two allies seek to \
        narrow differences over the cost of stationing troops on the peninsula. The talks \
        will take place in Seoul and will be led by vice ministers, the ministry said.";

    #[test]
    fn identical_texts_are_fully_similar() {
        let a = Signature::of_text(STORY).unwrap();
        assert_eq!(a.similarity(&a), 1.0);
        assert_eq!(Signature::from_bytes(&a.to_bytes()), Some(a));
    }

    #[test]
    fn a_lightly_edited_copy_is_a_near_duplicate() {
        let edited = STORY
            .replace("on Tuesday", "on Wednesday")
            .replace("officials said", "officials told reporters");
        let a = Signature::of_text(STORY).unwrap();
        let b = Signature::of_text(&edited).unwrap();
        assert!(
            a.similarity(&b) >= DUPLICATE_THRESHOLD,
            "{}",
            a.similarity(&b)
        );
        let shared_bands = a
            .band_keys()
            .iter()
            .zip(b.band_keys())
            .filter(|(x, y)| **x == *y)
            .count();
        assert!(shared_bands > 0);
    }

    #[test]
    fn unrelated_stories_are_not_similar() {
        let other = "Cocoa prices rose sharply in London after heavy rains delayed the \
            harvest in the main growing regions, traders said, while shipments from the \
            ports slowed to their lowest level since the start of the season last October.";
        let a = Signature::of_text(STORY).unwrap();
        let b = Signature::of_text(other).unwrap();
        assert!(a.similarity(&b) < 0.2);
    }

    #[test]
    fn short_texts_get_no_signature() {
        assert!(Signature::of_text("Shares rose.").is_none());
        assert!(Signature::of_text("").is_none());
        assert!(Signature::from_bytes(&[1, 2, 3]).is_none());
    }
}
