//! IAM wildcard matching: `*` matches any run of characters (including none, and including `/` and
//! `:`), `?` matches exactly one character. There is no escape and no character class: this is the
//! matching of `Action`, `Resource` and `StringLike` ([ACT], [RES], [OPS]).
//!
//! A [`Glob`] is compiled once from the policy text and classified into a fast shape (everything,
//! exact, prefix, suffix, general) so that evaluating a request does not allocate. Case-insensitive
//! matching (actions, `…IgnoreCase` operators) is done by lower-casing the pattern at compile time
//! and the input once per request, never here.

/// A compiled wildcard pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Glob {
    shape: Shape,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Shape {
    /// `*` (or `**`, …): matches everything.
    Any,
    /// No wildcard: byte equality.
    Exact(String),
    /// `text*` with no other wildcard.
    Prefix(String),
    /// `*text` with no other wildcard.
    Suffix(String),
    /// Anything else.
    General(String),
}

impl Glob {
    /// Compiles `pattern`.
    pub fn new(pattern: &str) -> Self {
        let wild = |c: char| c == '*' || c == '?';
        let shape = if pattern.contains(ESCAPE) {
            Shape::General(pattern.replace(ESCAPE, "\0\0"))
        } else if !pattern.is_empty() && pattern.chars().all(|c| c == '*') {
            Shape::Any
        } else if !pattern.contains(wild) {
            Shape::Exact(pattern.to_owned())
        } else if let Some(head) = pattern.strip_suffix('*').filter(|h| !h.contains(wild)) {
            Shape::Prefix(head.to_owned())
        } else if let Some(tail) = pattern.strip_prefix('*').filter(|t| !t.contains(wild)) {
            Shape::Suffix(tail.to_owned())
        } else {
            Shape::General(pattern.to_owned())
        };
        Self { shape }
    }

    /// Builds pattern text from pieces, each either a pattern (wildcards active) or literal text
    /// (`*` and `?` match themselves): how a policy variable's value or `${*}` enters a pattern.
    /// Compile the result with [`Glob::from_escaped`].
    pub fn escape_pieces<'a>(pieces: impl IntoIterator<Item = (&'a str, bool)>) -> String {
        let mut out = String::new();
        for (text, literal) in pieces {
            for c in text.chars() {
                if c == ESCAPE || (literal && (c == '*' || c == '?')) {
                    out.push(ESCAPE);
                }
                out.push(c);
            }
        }
        out
    }

    /// Compiles text made by [`Glob::escape_pieces`].
    pub fn from_escaped(text: &str) -> Self {
        if text.contains(ESCAPE) {
            Self {
                shape: Shape::General(text.to_owned()),
            }
        } else {
            Self::new(text)
        }
    }

    /// Compiles a pattern from pieces (see [`Glob::escape_pieces`]).
    pub fn from_pieces<'a>(pieces: impl IntoIterator<Item = (&'a str, bool)>) -> Self {
        Self::from_escaped(&Self::escape_pieces(pieces))
    }

    /// True when the pattern contains no wildcard.
    pub fn is_literal(&self) -> bool {
        matches!(self.shape, Shape::Exact(_))
    }

    /// True when the pattern is only `*`.
    pub fn is_any(&self) -> bool {
        matches!(self.shape, Shape::Any)
    }

    /// Does `text` match the whole pattern?
    pub fn matches(&self, text: &str) -> bool {
        match &self.shape {
            Shape::Any => true,
            Shape::Exact(p) => p.len() == text.len() && bytes_eq(p.as_bytes(), text.as_bytes()),
            Shape::Prefix(p) => text
                .as_bytes()
                .get(..p.len())
                .is_some_and(|head| bytes_eq(p.as_bytes(), head)),
            Shape::Suffix(p) => text
                .len()
                .checked_sub(p.len())
                .and_then(|start| text.as_bytes().get(start..))
                .is_some_and(|tail| bytes_eq(p.as_bytes(), tail)),
            Shape::General(p) => wildcard_match(p.as_bytes(), text.as_bytes()),
        }
    }
}

/// Byte equality of two slices of equal length, exiting at the first difference. Policy strings
/// are short and usually differ early (`s3:` vs `ec2:`), where this beats a `memcmp` call.
#[inline]
fn bytes_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

/// Inside a compiled general pattern, this character makes the next one literal. Raw NULs in
/// policy text are escaped too, so no input can forge an escape.
const ESCAPE: char = '\0';

/// Length of the UTF-8 character starting with byte `b` (1 for ASCII and for stray bytes).
fn char_len(b: u8) -> usize {
    match b {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

/// Matches `pattern` (with `*` and `?`) against `text`, both UTF-8, in O(|p|·|t|) worst case and
/// linear time in the usual case (single-star backtracking). `?` consumes one whole character;
/// a NUL byte in the pattern makes the next byte literal.
pub fn wildcard_match(pattern: &[u8], text: &[u8]) -> bool {
    let (mut p, mut t) = (0usize, 0usize);
    // Position after the last `*` seen in the pattern, and the text position it is retried from.
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        match pattern.get(p) {
            Some(b'*') => {
                p += 1;
                star = Some((p, t));
                continue;
            }
            Some(b'?') => {
                p += 1;
                t += text.get(t).map_or(1, |&b| char_len(b));
                continue;
            }
            Some(0) if pattern.get(p + 1).is_some() && text.get(t) == pattern.get(p + 1) => {
                p += 2;
                t += 1;
                continue;
            }
            Some(&c) if c != 0 && text.get(t) == Some(&c) => {
                p += 1;
                t += 1;
                continue;
            }
            _ => {}
        }
        match star {
            Some((sp, st)) => {
                let next = st + text.get(st).map_or(1, |&b| char_len(b));
                star = Some((sp, next));
                p = sp;
                t = next;
            }
            None => return false,
        }
    }
    // `?` may have stepped past the end of a truncated character: then the text is exhausted
    // mid-character and nothing more matches.
    if t > text.len() {
        return false;
    }
    pattern
        .get(p..)
        .is_some_and(|rest| rest.iter().all(|&c| c == b'*'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn shapes_match_like_the_general_matcher() {
        for (p, t, want) in [
            ("*", "", true),
            ("*", "anything/at:all", true),
            ("s3:Get*", "s3:GetObject", true),
            ("s3:Get*", "s3:PutObject", false),
            ("*Object", "s3:GetObject", true),
            ("s3:*Object", "s3:GetObject", true),
            ("s3:*Object", "s3:GetObjects", false),
            ("b/??.txt", "b/ab.txt", true),
            ("b/??.txt", "b/abc.txt", false),
            ("b/??.txt", "b/a.txt", false),
            ("a*b*c", "axxbyyc", true),
            ("a*b*c", "axxbyy", false),
            ("", "", true),
            ("", "a", false),
            ("a?", "aé", true),
            ("?", "é", true),
            ("??", "é", false),
        ] {
            assert_eq!(Glob::new(p).matches(t), want, "{p} vs {t}");
            assert_eq!(
                wildcard_match(p.as_bytes(), t.as_bytes()),
                want,
                "{p} vs {t}"
            );
        }
    }

    #[test]
    fn literal_pieces_escape_wildcards() {
        let g = Glob::from_pieces([("a/", false), ("*", true), ("/*", false)]);
        assert!(g.matches("a/*/x"));
        assert!(!g.matches("a/b/x"));
        let nul = Glob::new("a\0*");
        assert!(nul.matches("a\0bc"));
        assert!(!nul.matches("abc"));
    }

    /// A reference matcher over characters: plain recursion, obviously correct, slow.
    fn reference(p: &[char], t: &[char]) -> bool {
        match p.split_first() {
            None => t.is_empty(),
            Some(('*', rest)) => (0..=t.len()).any(|i| reference(rest, &t[i..])),
            Some(('?', rest)) => !t.is_empty() && reference(rest, &t[1..]),
            Some((c, rest)) => t.first() == Some(c) && reference(rest, &t[1..]),
        }
    }

    proptest! {
        #[test]
        fn agrees_with_reference(p in "[ab*?é/:]{0,8}", t in "[abé/:]{0,10}") {
            let pc: Vec<char> = p.chars().collect();
            let tc: Vec<char> = t.chars().collect();
            prop_assert_eq!(Glob::new(&p).matches(&t), reference(&pc, &tc));
        }

        #[test]
        fn a_literal_matches_itself_and_star_matches_all(t in "\\PC{0,20}") {
            let lit: String = t.chars().filter(|c| *c != '*' && *c != '?').collect();
            prop_assert!(Glob::new(&lit).matches(&lit));
            prop_assert!(Glob::new("*").matches(&t));
        }

        #[test]
        fn prefix_star_is_starts_with(a in "[a-z:/]{0,6}", t in "[a-z:/]{0,10}") {
            prop_assert_eq!(Glob::new(&format!("{a}*")).matches(&t), t.starts_with(&a));
        }
    }
}
