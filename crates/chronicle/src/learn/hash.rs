//! Feature hashing: features are 64-bit keys built from a template id and the strings or
//! numbers it combines, so extraction allocates nothing and keys are stable across runs
//! and platforms (no `std` hasher, whose seed changes per process).

const K0: u64 = 0x9E37_79B9_7F4A_7C15;
const K1: u64 = 0xBF58_476D_1CE4_E5B9;
const K2: u64 = 0x94D0_49BB_1331_11EB;

/// The splitmix64 finaliser: a cheap, well-mixing bijection on `u64`.
#[inline]
pub(crate) fn finalize(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(K1);
    z = (z ^ (z >> 27)).wrapping_mul(K2);
    z ^ (z >> 31)
}

/// Combines two keys into one; not commutative, so `mix(a, b) != mix(b, a)`.
#[inline]
pub(crate) fn mix(a: u64, b: u64) -> u64 {
    finalize(a.rotate_left(23) ^ b.wrapping_mul(K0) ^ K1)
}

/// Hashes a byte string, 8 bytes at a time.
#[inline]
pub(crate) fn hash_bytes(seed: u64, bytes: &[u8]) -> u64 {
    let mut h = seed ^ (bytes.len() as u64).wrapping_mul(K0);
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        h = (h ^ u64::from_le_bytes(word))
            .wrapping_mul(K1)
            .rotate_left(29);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut word = [0u8; 8];
        word[..rest.len()].copy_from_slice(rest);
        h = (h ^ u64::from_le_bytes(word))
            .wrapping_mul(K2)
            .rotate_left(29);
    }
    finalize(h)
}

/// Hashes a string.
#[inline]
pub(crate) fn hash_str(s: &str) -> u64 {
    hash_bytes(0, s.as_bytes())
}

/// A key for feature template `template` over the already-hashed value `value`.
#[inline]
pub(crate) fn feature(template: u32, value: u64) -> u64 {
    mix(u64::from(template).wrapping_add(K2), value)
}

/// A fast hasher for in-process tables keyed by words or by 64-bit hashes: the
/// multiply-rotate scheme of [`hash_bytes`], far cheaper than the default SipHash on the
/// short keys the taggers look up per token. Not keyed per process, so tables using it
/// must stay bounded (the word caches are) to stay cheap even on adversarial input.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct FastHasher(u64);

impl std::hash::Hasher for FastHasher {
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        self.0 = hash_bytes(self.0, bytes);
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.0 = mix(self.0, u64::from(i));
    }
    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.0 = mix(self.0, u64::from(i));
    }
    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.0 = mix(self.0, i);
    }
    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.0 = mix(self.0, i as u64);
    }
}

/// A `HashMap` with [`FastHasher`].
pub(crate) type FastMap<K, V> =
    std::collections::HashMap<K, V, std::hash::BuildHasherDefault<FastHasher>>;

/// FNV-1a, for tables of whole words looked up on every token (the time and event
/// lexicons): on keys of a few bytes it beats [`FastHasher`]'s 8-byte chunks and finaliser
/// (the time stage ran 0.37 s against 0.41 s on Reuters with the other hasher).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct WordHasher(u64);

impl std::hash::Hasher for WordHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// A `HashMap` keyed by words, with [`WordHasher`].
pub(crate) type WordMap<K, V> =
    std::collections::HashMap<K, V, std::hash::BuildHasherDefault<WordHasher>>;

/// A `HashSet` of words, with [`WordHasher`].
pub(crate) type WordSet<K> =
    std::collections::HashSet<K, std::hash::BuildHasherDefault<WordHasher>>;

/// A small deterministic random generator (splitmix64) for shuffling.
#[derive(Debug, Clone)]
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Self {
        Rng(seed)
    }
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(K0);
        finalize(self.0)
    }
    /// Uniform in `0..n` (n > 0); the tiny modulo bias does not matter for shuffling.
    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
    /// Fisher–Yates.
    pub(crate) fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_stable_and_distinct() {
        assert_eq!(hash_str("Seoul"), hash_str("Seoul"));
        assert_ne!(hash_str("Seoul"), hash_str("seoul"));
        assert_ne!(hash_str(""), hash_str("a"));
        assert_ne!(hash_str("abcdefgh"), hash_str("abcdefgh\0"));
        assert_ne!(feature(1, 7), feature(2, 7));
        assert_ne!(mix(1, 2), mix(2, 1));
    }

    #[test]
    fn fast_map_finds_what_it_stored() {
        let mut map: FastMap<String, usize> = FastMap::default();
        for (i, w) in ["Seoul", "seoul", "", "a", "abcdefghij"].iter().enumerate() {
            map.insert(w.to_string(), i);
        }
        assert_eq!(map.get("seoul"), Some(&1));
        assert_eq!(map.get(""), Some(&2));
        assert_eq!(map.get("abcdefghij"), Some(&4));
        assert_eq!(map.get("abcdefghi"), None);
    }

    #[test]
    fn shuffle_is_deterministic_permutation() {
        let mut a: Vec<u32> = (0..100).collect();
        let mut b = a.clone();
        Rng::new(7).shuffle(&mut a);
        Rng::new(7).shuffle(&mut b);
        assert_eq!(a, b);
        let mut sorted = a.clone();
        sorted.sort();
        assert_eq!(sorted, (0..100).collect::<Vec<_>>());
        assert_ne!(a, sorted);
    }
}
