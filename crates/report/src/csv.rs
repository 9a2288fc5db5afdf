//! CSV (RFC 4180): comma-separated, CRLF line ends, fields quoted when they need it.

use std::io::Write;

use crate::ReportError;

/// Quotes a field when it holds a comma, quote, CR or LF; doubles inner quotes. A field that a
/// spreadsheet would run as a formula (`=`, `+`, `-`, `@` first) is prefixed with `'`.
pub fn field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_owned()
    };
    if s.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// Writes one record.
pub fn write_record<I, S>(out: &mut dyn Write, fields: I) -> Result<(), ReportError>
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let line: Vec<String> = fields.into_iter().map(|f| field(f.as_ref())).collect();
    out.write_all(line.join(",").as_bytes())?;
    out.write_all(b"\r\n")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_and_defuses() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("=cmd()"), "'=cmd()");
    }
}
