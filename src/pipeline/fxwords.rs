//! FxHasher (rustc-hash 2) replayed from precomputed words.
//!
//! Feature ids and lexicon phrase keys are FxHasher hashes of string sequences. FxHasher
//! reduces each written string to one word whatever its state (`write(bytes)` adds
//! `hash_bytes(bytes)`), so a token's strings can be reduced once and every hash that names
//! them replayed with a multiply-add a string. Tests check the replay against FxHasher itself,
//! so a rustc-hash release that changed its scheme would fail them instead of silently
//! changing every feature id.

use rustc_hash::FxHasher;
use std::hash::Hasher;

/// FxHasher's multiplier and finishing rotation (rustc-hash 2, 64-bit).
const K: u64 = 0xf135_7aea_2e62_a9c5;
const ROTATE: u32 = 26;
/// K's inverse modulo 2^64 (Newton's iteration; K is odd).
const K_INV: u64 = {
    let mut x = K;
    let mut n = 0;
    while n < 6 {
        x = x.wrapping_mul(2u64.wrapping_sub(K.wrapping_mul(x)));
        n += 1;
    }
    x
};

/// The word FxHasher adds to its state for `write(s)`, read back from the hash of `s` alone:
/// finish((0 + word) · K) undone.
pub fn word(s: &str) -> u64 {
    let mut h = FxHasher::default();
    h.write(s.as_bytes());
    h.finish().rotate_right(ROTATE).wrapping_mul(K_INV)
}

/// FxHasher's state after `write_u8(template)`.
pub fn start(template: u8) -> u64 {
    u64::from(template).wrapping_mul(K)
}

/// FxHasher's state after writing the string whose [`word`] is `w` and then the byte 0xff.
pub fn then(state: u64, w: u64) -> u64 {
    state.wrapping_add(w).wrapping_mul(K).wrapping_add(0xff).wrapping_mul(K)
}

/// FxHasher's `finish` of a state.
pub fn finish(state: u64) -> u64 {
    state.rotate_left(ROTATE)
}

/// FxHasher over `template` and then each part followed by 0xff, from the parts' [`word`]s.
pub fn id(template: u8, words: &[u64]) -> u64 {
    finish(words.iter().fold(start(template), |h, w| then(h, *w)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hash(template: Option<u8>, parts: &[&str]) -> u64 {
        let mut h = FxHasher::default();
        if let Some(t) = template {
            h.write_u8(t);
        }
        for p in parts {
            h.write(p.as_bytes());
            h.write_u8(0xff);
        }
        h.finish()
    }

    #[test]
    fn replays_fxhasher_exactly() {
        let parts = ["", "a", "the", "Xx", "</s>", "zürich", "a longer part of twenty+ bytes", "日本語", "ab\u{ff}"];
        for template in [0u8, 1, 7, 15, 25, 255] {
            for a in parts {
                assert_eq!(id(template, &[word(a)]), hash(Some(template), &[a]));
                for b in parts {
                    assert_eq!(id(template, &[word(a), word(b)]), hash(Some(template), &[a, b]));
                    assert_eq!(id(template, &[word(b), word(a), word(b)]), hash(Some(template), &[b, a, b]));
                }
            }
            assert_eq!(id(template, &[]), hash(Some(template), &[]));
        }
        // Without a template byte (lexicon phrases): the state starts at 0.
        for a in parts {
            for b in parts {
                assert_eq!(finish(then(then(0, word(a)), word(b))), hash(None, &[a, b]));
            }
        }
    }
}
