//! The two hashes every crate uses, written once.
//!
//! - [`fnv1a`] / [`Fnv1a`]: FNV-1a-64, a **stable** hash: the same value across builds, platforms
//!   and runs. Use it for anything persisted or shown (content hashes in the store, architecture
//!   ids, the demo's synthetic policy ids) and for small keys hashed byte by byte.
//! - [`FastHasher`] with [`FastMap`] / [`FastSet`]: rustc's multiply-rotate "Fx" scheme, a fast
//!   in-memory hasher for maps keyed by resource ids and other estate strings. The keys come from
//!   the estate being analysed, not from an adversary choosing collisions online, and the maps live
//!   for one run; SipHash's flooding resistance is not worth its cost on those hot paths. Never
//!   persist its values.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// FNV-1a-64 of `bytes`.
#[inline]
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h = Fnv1a::default();
    h.write(bytes);
    h.finish()
}

/// Streaming FNV-1a-64 (also usable as a [`Hasher`] for maps keyed by short strings).
#[derive(Debug, Clone, Copy)]
pub struct Fnv1a(u64);

impl Default for Fnv1a {
    fn default() -> Self {
        Self(FNV_OFFSET)
    }
}

impl Hasher for Fnv1a {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(FNV_PRIME);
        }
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

const FX_SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

/// The multiply-rotate hasher of rustc (`FxHasher`), eight bytes at a time.
#[derive(Debug, Default, Clone, Copy)]
pub struct FastHasher(u64);

impl FastHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(FX_SEED);
    }
}

impl Hasher for FastHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(w));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

/// A `HashMap` with [`FastHasher`].
pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;
/// A `HashSet` with [`FastHasher`].
pub type FastSet<K> = HashSet<K, BuildHasherDefault<FastHasher>>;

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::Hash;

    fn fx(s: &str) -> u64 {
        let mut x = FastHasher::default();
        s.hash(&mut x);
        x.finish()
    }

    #[test]
    fn fnv1a_matches_the_published_test_vectors() {
        // Test vectors of the FNV reference (Fowler/Noll/Vo): "" is the offset basis.
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a(b"foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn streaming_equals_one_shot() {
        let mut h = Fnv1a::default();
        h.write(b"foo");
        h.write(b"bar");
        assert_eq!(h.finish(), fnv1a(b"foobar"));
    }

    #[test]
    fn fast_hasher_distinguishes_close_strings() {
        assert_ne!(fx("arn:aws:s3:::a"), fx("arn:aws:s3:::b"));
        assert_ne!(fx("abcdefgh1"), fx("abcdefgh2"));
        assert_eq!(fx("same"), fx("same"));
    }
}
