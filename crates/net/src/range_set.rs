//! Sets of integers kept as sorted, disjoint, inclusive ranges.
//!
//! One type serves ports (`u16`), ICMP type/code pairs (`u16`, see [`crate::traffic`]), IPv4
//! addresses (`u32`) and IPv6 addresses (`u128`). The normal form is unique (sorted, disjoint and
//! never adjacent), so two sets are equal exactly when their range lists are equal.

use std::fmt::Debug;

/// An integer type a [`RangeSet`] can hold.
pub trait Bound: Copy + Ord + Debug {
    /// The smallest value.
    const MIN: Self;
    /// The largest value.
    const MAX: Self;
    /// `self + 1`, or `None` at [`Bound::MAX`].
    fn succ(self) -> Option<Self>;
    /// `self - 1`, or `None` at [`Bound::MIN`].
    fn pred(self) -> Option<Self>;
}

macro_rules! bound {
    ($($t:ty),*) => {$(
        impl Bound for $t {
            const MIN: Self = <$t>::MIN;
            const MAX: Self = <$t>::MAX;
            fn succ(self) -> Option<Self> { self.checked_add(1) }
            fn pred(self) -> Option<Self> { self.checked_sub(1) }
        }
    )*};
}
bound!(u8, u16, u32, u128);

/// A set of integers as sorted, disjoint, non-adjacent inclusive ranges.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RangeSet<T> {
    ranges: Vec<(T, T)>,
}

impl<T: Bound> Default for RangeSet<T> {
    fn default() -> Self {
        Self::empty()
    }
}

impl<T: Bound> RangeSet<T> {
    /// The empty set.
    pub const fn empty() -> Self {
        Self { ranges: Vec::new() }
    }

    /// Every value of `T`.
    pub fn full() -> Self {
        Self {
            ranges: vec![(T::MIN, T::MAX)],
        }
    }

    /// `[from, to]`, empty when `from > to`.
    pub fn range(from: T, to: T) -> Self {
        if from > to {
            Self::empty()
        } else {
            Self {
                ranges: vec![(from, to)],
            }
        }
    }

    /// `{value}`.
    pub fn single(value: T) -> Self {
        Self::range(value, value)
    }

    /// The union of any inclusive ranges (reversed ones are ignored).
    pub fn from_ranges(ranges: impl IntoIterator<Item = (T, T)>) -> Self {
        let mut v: Vec<(T, T)> = ranges.into_iter().filter(|(a, b)| a <= b).collect();
        v.sort_unstable();
        Self {
            ranges: normalise(v),
        }
    }

    /// The ranges, sorted, disjoint and non-adjacent.
    pub fn ranges(&self) -> &[(T, T)] {
        &self.ranges
    }

    /// True when the set holds nothing.
    pub fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }

    /// True when the set holds every value of `T`.
    pub fn is_full(&self) -> bool {
        self.ranges.as_slice() == [(T::MIN, T::MAX)]
    }

    /// The smallest member.
    pub fn first(&self) -> Option<T> {
        self.ranges.first().map(|r| r.0)
    }

    /// Membership, in `O(log n)`.
    pub fn contains(&self, value: T) -> bool {
        let i = self.ranges.partition_point(|r| r.1 < value);
        self.ranges.get(i).is_some_and(|r| r.0 <= value)
    }

    /// Adds `[from, to]` in place.
    pub fn insert(&mut self, from: T, to: T) {
        if from <= to {
            *self = self.union(&Self::range(from, to));
        }
    }

    /// `self ∪ other`.
    pub fn union(&self, other: &Self) -> Self {
        let mut merged = Vec::with_capacity(self.ranges.len() + other.ranges.len());
        let (mut a, mut b) = (
            self.ranges.iter().peekable(),
            other.ranges.iter().peekable(),
        );
        loop {
            let next = match (a.peek(), b.peek()) {
                (Some(x), Some(y)) => {
                    if x <= y {
                        a.next()
                    } else {
                        b.next()
                    }
                }
                (Some(_), None) => a.next(),
                (None, Some(_)) => b.next(),
                (None, None) => break,
            };
            if let Some(&r) = next {
                merged.push(r);
            }
        }
        Self {
            ranges: normalise(merged),
        }
    }

    /// `self ∩ other`.
    pub fn intersection(&self, other: &Self) -> Self {
        let mut out = Vec::new();
        let (mut i, mut j) = (0, 0);
        while let (Some(&(a0, a1)), Some(&(b0, b1))) = (self.ranges.get(i), other.ranges.get(j)) {
            let lo = a0.max(b0);
            let hi = a1.min(b1);
            if lo <= hi {
                out.push((lo, hi));
            }
            if a1 < b1 {
                i += 1;
            } else {
                j += 1;
            }
        }
        Self { ranges: out }
    }

    /// Every value not in `self`.
    pub fn complement(&self) -> Self {
        let mut out = Vec::with_capacity(self.ranges.len() + 1);
        let mut next = Some(T::MIN);
        for &(a, b) in &self.ranges {
            if let Some(n) = next
                && n < a
                && let Some(p) = a.pred()
            {
                out.push((n, p));
            }
            next = b.succ();
        }
        if let Some(n) = next {
            out.push((n, T::MAX));
        }
        Self { ranges: out }
    }

    /// `self \ other`.
    pub fn difference(&self, other: &Self) -> Self {
        self.intersection(&other.complement())
    }

    /// True when every member of `self` is in `other`.
    pub fn is_subset(&self, other: &Self) -> bool {
        self.difference(other).is_empty()
    }

    /// True when the sets share a member.
    pub fn intersects(&self, other: &Self) -> bool {
        !self.intersection(other).is_empty()
    }
}

/// Merges sorted ranges that overlap or touch.
fn normalise<T: Bound>(sorted: Vec<(T, T)>) -> Vec<(T, T)> {
    let mut out: Vec<(T, T)> = Vec::with_capacity(sorted.len());
    for (a, b) in sorted {
        if let Some(last) = out.last_mut() {
            let touches = match last.1.succ() {
                Some(after) => a <= after,
                None => true,
            };
            if touches {
                if b > last.1 {
                    last.1 = b;
                }
                continue;
            }
        }
        out.push((a, b));
    }
    out
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use proptest::prelude::*;

    use super::*;

    /// The naive model: an explicit set of every member of the `u8` domain.
    fn naive(s: &RangeSet<u8>) -> BTreeSet<u8> {
        s.ranges().iter().flat_map(|&(a, b)| a..=b).collect()
    }

    fn all() -> BTreeSet<u8> {
        (0..=u8::MAX).collect()
    }

    fn set() -> impl Strategy<Value = RangeSet<u8>> {
        prop::collection::vec((any::<u8>(), any::<u8>()), 0..6).prop_map(RangeSet::from_ranges)
    }

    fn is_normal(s: &RangeSet<u8>) -> bool {
        s.ranges().windows(2).all(|w| match w {
            [(_, b), (c, _)] => u16::from(*b) + 1 < u16::from(*c),
            _ => true,
        }) && s.ranges().iter().all(|(a, b)| a <= b)
    }

    proptest! {
        #[test]
        fn from_ranges_matches_naive(ranges in prop::collection::vec((any::<u8>(), any::<u8>()), 0..6)) {
            let s = RangeSet::from_ranges(ranges.clone());
            let want: BTreeSet<u8> = ranges.iter().flat_map(|&(a, b)| a..=b).collect();
            prop_assert_eq!(naive(&s), want);
            prop_assert!(is_normal(&s));
        }

        #[test]
        fn set_operations_match_naive(a in set(), b in set(), x in any::<u8>()) {
            let (na, nb) = (naive(&a), naive(&b));
            let u = a.union(&b);
            let i = a.intersection(&b);
            let d = a.difference(&b);
            let c = a.complement();
            prop_assert_eq!(naive(&u), na.union(&nb).copied().collect::<BTreeSet<_>>());
            prop_assert_eq!(naive(&i), na.intersection(&nb).copied().collect::<BTreeSet<_>>());
            prop_assert_eq!(naive(&d), na.difference(&nb).copied().collect::<BTreeSet<_>>());
            prop_assert_eq!(naive(&c), all().difference(&na).copied().collect::<BTreeSet<_>>());
            for s in [&u, &i, &d, &c] {
                prop_assert!(is_normal(s));
            }
            prop_assert_eq!(a.contains(x), na.contains(&x));
            prop_assert_eq!(a.is_subset(&b), na.is_subset(&nb));
            prop_assert_eq!(a.intersects(&b), !na.is_disjoint(&nb));
            prop_assert_eq!(a.is_empty(), na.is_empty());
            prop_assert_eq!(a.is_full(), na.len() == 256);
            prop_assert_eq!(a.first(), na.first().copied());
        }

        #[test]
        fn insert_is_union(a in set(), x in any::<u8>(), y in any::<u8>()) {
            let mut s = a.clone();
            s.insert(x, y);
            prop_assert_eq!(s, a.union(&RangeSet::range(x, y)));
        }

        #[test]
        fn complement_is_an_involution(a in set()) {
            prop_assert_eq!(a.complement().complement(), a);
        }
    }

    #[test]
    fn edges_of_wide_domains() {
        let s = RangeSet::<u128>::range(0, u128::MAX);
        assert!(s.is_full());
        assert!(s.complement().is_empty());
        let t = RangeSet::<u32>::from_ranges([(u32::MAX, u32::MAX), (0, 0)]);
        assert_eq!(t.complement().ranges(), &[(1, u32::MAX - 1)]);
        assert!(RangeSet::<u16>::range(5, 4).is_empty());
        let adjacent = RangeSet::<u16>::from_ranges([(1, 2), (3, 4)]);
        assert_eq!(adjacent.ranges(), &[(1, 4)]);
    }
}
