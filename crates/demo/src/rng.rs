//! The seeded random source: ChaCha8 with one stream per account, so accounts can be generated in
//! parallel and still give byte-identical output for the same seed.

use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::{RngCore, SeedableRng};

/// Stream number of the organization plan (accounts use their index + 1).
pub const PLAN_STREAM: u64 = 0;

/// A deterministic random source with the helpers the generator needs.
#[derive(Debug, Clone)]
pub struct DemoRng(ChaCha8Rng);

const HEX: &[u8; 16] = b"0123456789abcdef";
/// IAM unique ids use upper-case letters and digits.
const IAM_CHARS: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

impl DemoRng {
    /// The random source for `stream` under `seed`.
    pub fn new(seed: u64, stream: u64) -> Self {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        rng.set_stream(stream);
        Self(rng)
    }

    /// A uniformly random `u64`.
    pub fn u64(&mut self) -> u64 {
        self.0.next_u64()
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        // Lemire's multiply-shift: bias is negligible for the small ranges used here.
        ((u128::from(self.u64()) * n as u128) >> 64) as usize
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi.saturating_sub(lo) + 1)
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        (self.u64() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }

    /// `n` lower-case hex characters.
    pub fn hex(&mut self, n: usize) -> String {
        let mut s = String::with_capacity(n);
        let mut bits = 0u64;
        for i in 0..n {
            if i % 16 == 0 {
                bits = self.u64();
            }
            s.push(char::from(HEX[(bits & 15) as usize]));
            bits >>= 4;
        }
        s
    }

    /// An EC2-style id: `prefix-0` followed by 16 hex characters.
    pub fn ec2_id(&mut self, prefix: &str) -> String {
        format!("{prefix}-0{}", self.hex(16))
    }

    /// An IAM unique id: `prefix` followed by 17 characters (`AIDA…`, `AROA…`).
    pub fn iam_id(&mut self, prefix: &str) -> String {
        let mut s = String::with_capacity(21);
        s.push_str(prefix);
        let bits = self.u64();
        let more = self.u64();
        for i in 0..17 {
            let v = if i < 12 {
                bits >> (i * 5)
            } else {
                more >> ((i - 12) * 5)
            };
            s.push(char::from(IAM_CHARS[(v & 31) as usize]));
        }
        s
    }

    /// A version-4 UUID.
    pub fn uuid(&mut self) -> String {
        let h = self.hex(32);
        format!(
            "{}-{}-4{}-a{}-{}",
            &h[0..8],
            &h[8..12],
            &h[13..16],
            &h[17..20],
            &h[20..32]
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_and_stream_repeat_and_streams_differ() {
        let mut a = DemoRng::new(7, 3);
        let mut b = DemoRng::new(7, 3);
        let mut c = DemoRng::new(7, 4);
        let xa: Vec<u64> = (0..4).map(|_| a.u64()).collect();
        let xb: Vec<u64> = (0..4).map(|_| b.u64()).collect();
        let xc: Vec<u64> = (0..4).map(|_| c.u64()).collect();
        assert_eq!(xa, xb);
        assert_ne!(xa, xc);
    }

    #[test]
    fn ids_have_aws_shapes() {
        let mut r = DemoRng::new(1, 1);
        let id = r.ec2_id("vpc");
        assert_eq!(id.len(), "vpc-0".len() + 16);
        assert!(id.starts_with("vpc-0"));
        let iam = r.iam_id("AROA");
        assert_eq!(iam.len(), 21);
        assert!(
            iam.chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        );
        let u = r.uuid();
        assert_eq!(u.len(), 36);
        assert_eq!(u.matches('-').count(), 4);
        for _ in 0..1000 {
            assert!(r.below(7) < 7);
            let x = r.range(3, 5);
            assert!((3..=5).contains(&x));
        }
    }
}
