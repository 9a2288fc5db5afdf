//! Lists of API items that lose only the bad item, not the whole file.
//!
//! A response file is parsed in one pass into typed structs (fast). When that fails on the *shape*
//! of the data (a required id missing from one VPC, a number where a string belongs), the import
//! parses the file again in lenient mode ([`lenient`]): every [`Items`] list then reads each element
//! on its own, skips the ones that do not fit and records where they were ([`Skipped`]), so one
//! bad item costs that item, not the other 9,999 in the file. Syntax errors and truncated files
//! are not retried: there is no reliable item boundary in them.
//!
//! Good files pay nothing: strict mode deserializes an [`Items`] exactly as a `Vec`.

use std::cell::{Cell, RefCell};
use std::fmt;
use std::marker::PhantomData;
use std::ops::{Deref, DerefMut};

use serde::de::{Deserialize, Deserializer, SeqAccess, Visitor};
use serde_json::value::RawValue;

thread_local! {
    static LENIENT: Cell<bool> = const { Cell::new(false) };
    static SKIPPED: RefCell<Vec<Skipped>> = const { RefCell::new(Vec::new()) };
}

/// One list element skipped in lenient mode.
#[derive(Debug)]
pub struct Skipped {
    /// Address of the element's first byte (inside the buffer that was parsed).
    pub(crate) addr: usize,
    /// 0-based index of the element in its list.
    pub index: usize,
    /// Why the element did not fit, positioned relative to the element's first byte.
    pub error: serde_json::Error,
}

impl Skipped {
    /// Byte offset of the element in `buffer`, when it lies inside it.
    pub fn offset_in(&self, buffer: &[u8]) -> Option<usize> {
        let start = buffer.as_ptr() as usize;
        (self.addr >= start && self.addr < start + buffer.len()).then(|| self.addr - start)
    }

    /// 1-based (line, column) of the error in `buffer`, when the element lies inside it.
    pub fn position_in(&self, buffer: &[u8]) -> Option<(usize, usize)> {
        let offset = self.offset_in(buffer)?;
        let before = buffer.get(..offset)?;
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let column = offset
            - before
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1)
            + 1;
        let (el, ec) = (self.error.line(), self.error.column());
        Some(match el {
            0 => (line, column),
            1 => (line, column + ec.saturating_sub(1)),
            _ => (line + el - 1, ec),
        })
    }
}

/// Runs `parse` with every [`Items`] list in lenient mode; returns its result and the elements
/// skipped (in the order met). Nested calls are not expected; the mode is per thread.
pub fn lenient<R>(parse: impl FnOnce() -> R) -> (R, Vec<Skipped>) {
    struct Reset;
    impl Drop for Reset {
        fn drop(&mut self) {
            LENIENT.with(|l| l.set(false));
        }
    }
    SKIPPED.with(|s| s.borrow_mut().clear());
    LENIENT.with(|l| l.set(true));
    let result = {
        let _reset = Reset;
        parse()
    };
    let skipped = SKIPPED.with(|s| std::mem::take(&mut *s.borrow_mut()));
    (result, skipped)
}

/// A list of API items (VPCs, roles, buckets, …): a `Vec` that, in lenient mode, skips elements
/// of the wrong shape instead of failing the whole document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Items<T>(pub Vec<T>);

impl<T> Default for Items<T> {
    fn default() -> Self {
        Self(Vec::new())
    }
}

impl<T> Deref for Items<T> {
    type Target = Vec<T>;
    fn deref(&self) -> &Vec<T> {
        &self.0
    }
}

impl<T> DerefMut for Items<T> {
    fn deref_mut(&mut self) -> &mut Vec<T> {
        &mut self.0
    }
}

impl<T> IntoIterator for Items<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a, T> IntoIterator for &'a Items<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Items<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        if LENIENT.with(Cell::get) {
            deserializer.deserialize_seq(LenientSeq(PhantomData))
        } else {
            Vec::<T>::deserialize(deserializer).map(Items)
        }
    }
}

struct LenientSeq<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for LenientSeq<T> {
    type Value = Items<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Items<T>, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        let mut index = 0;
        while let Some(raw) = seq.next_element::<&'de RawValue>()? {
            let text: &'de str = raw.get();
            match serde_json::from_str::<T>(text) {
                Ok(item) => out.push(item),
                Err(error) => SKIPPED.with(|s| {
                    s.borrow_mut().push(Skipped {
                        addr: text.as_ptr() as usize,
                        index,
                        error,
                    });
                }),
            }
            index += 1;
        }
        Ok(Items(out))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Debug)]
    #[serde(rename_all = "PascalCase")]
    struct Vpc<'a> {
        vpc_id: &'a str,
    }

    #[derive(Deserialize, Debug)]
    #[serde(rename_all = "PascalCase")]
    struct Doc<'a> {
        #[serde(borrow)]
        vpcs: Items<Vpc<'a>>,
    }

    static DOC: &str = "{\"Vpcs\": [\n  {\"VpcId\": \"vpc-1\"},\n  {\"CidrBlock\": \"10.0.0.0/16\"},\n  {\"VpcId\": \"vpc-3\"}\n]}";

    #[test]
    fn strict_mode_fails_the_whole_document() {
        assert!(serde_json::from_str::<Doc<'_>>(DOC).is_err());
    }

    #[test]
    fn lenient_mode_keeps_the_good_items_and_positions_the_bad_one() {
        let (doc, skipped) = lenient(|| serde_json::from_str::<Doc<'_>>(DOC));
        let ids: Vec<&str> = doc.unwrap().vpcs.iter().map(|v| v.vpc_id).collect();
        assert_eq!(ids, ["vpc-1", "vpc-3"]);
        assert_eq!(skipped.len(), 1);
        assert_eq!(skipped[0].index, 1);
        assert!(
            skipped[0]
                .error
                .to_string()
                .contains("missing field `VpcId`")
        );
        // The element starts at line 3, column 3; serde reports the missing field at its end.
        let (line, _) = skipped[0].position_in(DOC.as_bytes()).unwrap();
        assert_eq!(line, 3);
        assert_eq!(skipped[0].offset_in(DOC.as_bytes()), DOC.find("{\"Cidr"));
    }

    #[test]
    fn the_mode_is_reset_after_a_lenient_parse() {
        let _ = lenient(|| serde_json::from_str::<Doc<'_>>(DOC));
        assert!(serde_json::from_str::<Doc<'_>>(DOC).is_err());
    }
}
