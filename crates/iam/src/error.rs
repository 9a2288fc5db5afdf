//! Errors of the policy language.

/// Why a policy document could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PolicyError {
    /// The text is not JSON.
    #[error("policy `{policy}` is not valid JSON: {message}")]
    Json {
        /// The policy's id.
        policy: String,
        /// The JSON parser's message.
        message: String,
    },
    /// The JSON is not a valid policy.
    #[error("policy `{policy}`{}, field `{field}`: {problem}", statement.map(|s| format!(", statement {s}")).unwrap_or_default())]
    Invalid {
        /// The policy's id.
        policy: String,
        /// The statement's position (0-based), when the problem is inside one.
        statement: Option<usize>,
        /// The element, dotted for nested ones (`Condition.StringEquals.aws:username`).
        field: String,
        /// What is wrong.
        problem: String,
    },
}

impl PolicyError {
    /// The id of the policy the error is about.
    pub fn policy(&self) -> &str {
        match self {
            Self::Json { policy, .. } | Self::Invalid { policy, .. } => policy,
        }
    }
}
