//! Per-word-type memo of summed feature weights, for the fast decoding paths.
//!
//! Most features of a token depend on one word only (its spelling, affixes, cluster; or a
//! neighbour's word at a fixed offset). Summing their weight rows once per word type and
//! reusing the sums turns dozens of scattered table reads per token into a few contiguous
//! ones. Integer weights make the sums exact, so cached and uncached scores are identical.

use super::hash::FastMap;

/// Score rows (`width` integers each) and a payload per cached word.
#[derive(Debug)]
pub(crate) struct TypeCache<T> {
    /// The [`Model::id`](super::Model::id) the rows were summed for.
    model: u64,
    width: usize,
    limit: usize,
    index: FastMap<String, u32>,
    items: Vec<T>,
    scores: Vec<i32>,
}

impl<T> TypeCache<T> {
    /// An empty cache that starts over after `limit` words.
    pub(crate) fn new(limit: usize) -> Self {
        TypeCache {
            model: 0,
            width: 0,
            limit,
            index: FastMap::default(),
            items: Vec::new(),
            scores: Vec::new(),
        }
    }

    /// Makes the cache ready for `model` with rows of `width`: empties it when it was
    /// filled for another model or is full. Returns true when emptied, so the caller can
    /// add its fixed entries (sentence boundaries) again with [`TypeCache::push`].
    pub(crate) fn prepare(&mut self, model: u64, width: usize) -> bool {
        if self.model == model && self.width == width && self.index.len() < self.limit {
            return false;
        }
        self.model = model;
        self.width = width;
        self.index.clear();
        self.items.clear();
        self.scores.clear();
        true
    }

    /// [`prepare`](Self::prepare) for a tagger whose entries hold `5 × labels` scores (a ±2
    /// window); after a reset, pushes the entries of the two sentence boundaries, entry 0 for
    /// `markers[0]` (before the sentence) and entry 1 for `markers[1]` (after it).
    pub(crate) fn prepare_window(
        &mut self,
        model: &super::Model,
        markers: [u64; 2],
        mut boundary: impl FnMut(u64, &mut [i32]) -> T,
    ) {
        if self.prepare(model.id(), 5 * model.num_labels()) {
            for marker in markers {
                self.push(|row| boundary(marker, row));
            }
        }
    }

    /// The entry of `word`, filling it with `fill(word, zeroed row)` on first sight.
    #[inline]
    pub(crate) fn entry(&mut self, word: &str, fill: impl FnOnce(&str, &mut [i32]) -> T) -> usize {
        if let Some(&at) = self.index.get(word) {
            return at as usize;
        }
        let at = self.push(|row| fill(word, row));
        self.index.insert(word.to_string(), at as u32);
        at
    }

    /// Adds an entry reachable only by its index (e.g. a sentence boundary).
    pub(crate) fn push(&mut self, fill: impl FnOnce(&mut [i32]) -> T) -> usize {
        let start = self.scores.len();
        self.scores.resize(start + self.width, 0);
        let item = fill(&mut self.scores[start..]);
        self.items.push(item);
        self.items.len() - 1
    }

    /// The score row of entry `at` (empty when out of range).
    #[inline]
    pub(crate) fn scores(&self, at: usize) -> &[i32] {
        self.scores
            .get(at * self.width..(at + 1) * self.width)
            .unwrap_or(&[])
    }

    /// The part of entry `at`'s row for slot `k` of `len` integers.
    #[inline]
    pub(crate) fn slot(&self, at: usize, k: usize, len: usize) -> &[i32] {
        let row = self.scores(at);
        row.get(k * len..(k + 1) * len).unwrap_or(&[])
    }

    pub(crate) fn item(&self, at: usize) -> Option<&T> {
        self.items.get(at)
    }
}

/// Runs `f` with the thread's value in `local`, or with a `fresh` one if the thread's is
/// already borrowed (never expected; this keeps re-entry from panicking).
pub(crate) fn with_local<T: 'static, R>(
    local: &'static std::thread::LocalKey<std::cell::RefCell<T>>,
    fresh: impl FnOnce() -> T,
    f: impl FnOnce(&mut T) -> R,
) -> R {
    local.with(|cell| match cell.try_borrow_mut() {
        Ok(mut value) => f(&mut value),
        Err(_) => f(&mut fresh()),
    })
}

/// Adds `row` to `out` element by element.
#[inline]
pub(crate) fn add_into(out: &mut [i32], row: &[i32]) {
    for (o, r) in out.iter_mut().zip(row) {
        *o += r;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_filled_once_and_reset_when_full_or_model_changes() {
        let mut cache: TypeCache<usize> = TypeCache::new(2);
        assert!(cache.prepare(7, 2));
        let boundary = cache.push(|row| {
            row[0] = -1;
            0
        });
        let fills = std::cell::Cell::new(0);
        let fill = |w: &str, row: &mut [i32]| {
            fills.set(fills.get() + 1);
            row[1] = w.len() as i32;
            w.len()
        };
        let a = cache.entry("Seoul", fill);
        let b = cache.entry("Seoul", fill);
        assert_eq!((a, b, fills.get()), (1, 1, 1));
        assert_eq!(cache.scores(a), &[0, 5]);
        assert_eq!(cache.scores(boundary), &[-1, 0]);
        assert_eq!(cache.slot(a, 1, 1), &[5]);
        assert_eq!(cache.item(a), Some(&5));
        assert!(!cache.prepare(7, 2));
        cache.entry("Busan", fill);
        assert!(cache.prepare(7, 2), "full: starts over");
        assert!(cache.prepare(8, 2), "another model: starts over");
        assert!(cache.scores(5).is_empty());
    }
}
