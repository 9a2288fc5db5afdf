//! Environment variable names that say the value is a secret (`DB_PASSWORD`,
//! `AWS_SECRET_ACCESS_KEY`, `STRIPE_API_KEY`). The collector keeps only the names, never the
//! values, so checks judge names: a name that holds a secret word and is not a reference to a
//! secret stored elsewhere (`…_ARN`, `…_NAME`, `…_SECRET_ID`, `…_PARAMETER`, `…_PATH`, `…_FILE`).

/// Words that mark a secret value.
const SECRET_WORDS: &[&str] = &[
    "PASSWORD",
    "PASSWD",
    "SECRET",
    "TOKEN",
    "APIKEY",
    "API_KEY",
    "PRIVATE_KEY",
    "ACCESS_KEY",
    "CREDENTIAL",
];

/// Suffixes of names that point at a secret kept elsewhere (Secrets Manager, SSM, a file).
const REFERENCE_SUFFIXES: &[&str] = &[
    "_ARN",
    "_NAME",
    "_ID",
    "_PARAM",
    "_PARAMETER",
    "_PATH",
    "_FILE",
    "_URI",
    "_URL",
];

/// True when the variable name suggests its value is a secret held in plain text.
pub fn is_secret_name(name: &str) -> bool {
    let upper = name.to_ascii_uppercase().replace(['-', '.'], "_");
    // An access key id travels with its secret: flag it too.
    if upper.ends_with("ACCESS_KEY_ID") {
        return true;
    }
    SECRET_WORDS.iter().any(|w| upper.contains(w))
        && !REFERENCE_SUFFIXES.iter().any(|s| upper.ends_with(s))
}

/// The secret-looking names among `names`, in order.
pub fn secret_names(names: &[String]) -> Vec<&str> {
    names
        .iter()
        .map(String::as_str)
        .filter(|n| is_secret_name(n))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_words_flag_and_references_do_not() {
        for yes in [
            "DB_PASSWORD",
            "aws_secret_access_key",
            "AWS_ACCESS_KEY_ID",
            "STRIPE_API_KEY",
            "github-token",
            "JWT_PRIVATE_KEY",
            "SMTP_CREDENTIALS",
        ] {
            assert!(is_secret_name(yes), "{yes}");
        }
        for no in [
            "STAGE",
            "DB_PASSWORD_SECRET_ARN",
            "SECRET_NAME",
            "API_KEY_PARAMETER",
            "TOKEN_FILE",
            "LOG_LEVEL",
            "KEYSPACE",
        ] {
            assert!(!is_secret_name(no), "{no}");
        }
    }

    proptest::proptest! {
        #[test]
        fn never_panics(s in ".*") {
            let _ = is_secret_name(&s);
        }
    }
}
