//! Policy variables ([VAR]): `${aws:username}`, `${aws:PrincipalTag/team}`, `${s3:prefix}`, with
//! a default (`${aws:PrincipalTag/team, 'shared'}`) and the escapes `${*}`, `${?}`, `${$}` for the
//! literal characters. Variables exist only under `"Version": "2012-10-17"`; elsewhere the text is
//! literal (the parser decides). A variable whose key has no single value in the request and no
//! default leaves the template unresolved: the element it sits in then matches nothing.

use crate::arn::ArnPattern;
use crate::glob::Glob;
use crate::request::Context;

/// One piece of a template.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    /// Text as written in the policy (wildcards active where the element has them).
    Text(String),
    /// A literal character from `${*}`, `${?}` or `${$}`.
    Escaped(char),
    /// A context key (lower-cased) with an optional default.
    Var {
        key: String,
        default: Option<String>,
    },
}

/// A policy string with variables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    pieces: Vec<Piece>,
}

impl Template {
    /// Parses `text`; `None` when it holds no `${…}`.
    pub fn parse(text: &str) -> Option<Self> {
        if !text.contains("${") {
            return None;
        }
        let mut pieces = Vec::new();
        let mut rest = text;
        while let Some(start) = rest.find("${") {
            let Some(len) = rest[start..].find('}') else {
                break;
            };
            if start > 0 {
                pieces.push(Piece::Text(rest[..start].to_owned()));
            }
            let inner = rest[start + 2..start + len].trim();
            pieces.push(match inner {
                "*" => Piece::Escaped('*'),
                "?" => Piece::Escaped('?'),
                "$" => Piece::Escaped('$'),
                _ => match inner.split_once(',') {
                    Some((key, default)) => Piece::Var {
                        key: key.trim().to_ascii_lowercase(),
                        default: Some(unquote(default.trim()).to_owned()),
                    },
                    None => Piece::Var {
                        key: inner.to_ascii_lowercase(),
                        default: None,
                    },
                },
            });
            rest = &rest[start + len + 1..];
        }
        if !rest.is_empty() {
            pieces.push(Piece::Text(rest.to_owned()));
        }
        Some(Self { pieces })
    }

    /// The resolved pieces, each `(text, literal)`; `None` when a variable has no value.
    fn resolve<'a>(&'a self, ctx: &'a Context) -> Option<Vec<(&'a str, bool)>> {
        let mut out = Vec::with_capacity(self.pieces.len());
        for piece in &self.pieces {
            match piece {
                Piece::Text(t) => out.push((t.as_str(), false)),
                Piece::Escaped('*') => out.push(("*", true)),
                Piece::Escaped('?') => out.push(("?", true)),
                Piece::Escaped(_) => out.push(("$", true)),
                Piece::Var { key, default } => {
                    // A multi-valued key is not a single value: AWS substitutes nothing.
                    let value = match ctx.get_lower(key) {
                        Some([one]) => Some(one.as_str()),
                        _ => default.as_deref(),
                    };
                    out.push((value?, true));
                }
            }
        }
        Some(out)
    }

    /// The text with variables replaced, or `None` when one has no value.
    pub fn substitute(&self, ctx: &Context) -> Option<String> {
        Some(self.resolve(ctx)?.into_iter().map(|(t, _)| t).collect())
    }

    /// A glob with variables replaced by literal values, or `None` when one has no value.
    pub fn glob(&self, ctx: &Context) -> Option<Glob> {
        Some(Glob::from_pieces(self.resolve(ctx)?))
    }

    /// The substituted pattern text with literal pieces escaped (see [`Glob::escape_pieces`]), or
    /// `None` when a variable has no value.
    pub fn escaped(&self, ctx: &Context) -> Option<String> {
        Some(Glob::escape_pieces(self.resolve(ctx)?))
    }

    /// An ARN pattern with variables replaced by literal values, or `None` when one has no value.
    pub fn arn_pattern(&self, ctx: &Context) -> Option<ArnPattern> {
        Some(ArnPattern::from_escaped(&Glob::escape_pieces(
            self.resolve(ctx)?,
        )))
    }
}

fn unquote(s: &str) -> &str {
    s.strip_prefix('\'')
        .and_then(|s| s.strip_suffix('\''))
        .or_else(|| s.strip_prefix('"').and_then(|s| s.strip_suffix('"')))
        .unwrap_or(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn substitutes_defaults_and_escapes() {
        let mut ctx = Context::new();
        ctx.set("aws:username", "alice");
        let t = Template::parse("home/${aws:username}/*").unwrap();
        assert_eq!(t.substitute(&ctx).unwrap(), "home/alice/*");
        assert!(t.glob(&ctx).unwrap().matches("home/alice/x"));
        assert!(!t.glob(&ctx).unwrap().matches("home/bob/x"));

        let d = Template::parse("b-${aws:PrincipalTag/team, 'shared'}").unwrap();
        assert_eq!(d.substitute(&ctx).unwrap(), "b-shared");
        ctx.set("aws:principaltag/team", "red");
        assert_eq!(d.substitute(&ctx).unwrap(), "b-red");

        let e = Template::parse("a${*}b").unwrap();
        assert!(e.glob(&ctx).unwrap().matches("a*b"));
        assert!(!e.glob(&ctx).unwrap().matches("axb"));

        let missing = Template::parse("x/${aws:userid}").unwrap();
        assert!(missing.substitute(&ctx).is_none());
        assert!(Template::parse("no variables").is_none());
        let open = Template::parse("a${b").unwrap();
        assert_eq!(open.substitute(&ctx).unwrap(), "a${b");
    }
}
