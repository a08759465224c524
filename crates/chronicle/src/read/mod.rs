//! Readers: turn input files into [`Article`](crate::doc::Article)s.

/// A stable id for an article without one: 64-bit FNV-1a of its text, as 16 hex digits.
///
/// Stable across runs and platforms, so re-ingesting the same text finds the same row.
pub fn content_id(text: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.as_bytes() {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{hash:016x}")
}
