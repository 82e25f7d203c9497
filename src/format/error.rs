//! [`RenderError`] and [`ParseError`]: why a body could not be rendered or read.

/// Why a format could not render a body from the data it was given.
///
/// Every variant names the field or merge path at fault, so the message says what to fix.
///
/// ```
/// use hookwire::format::RenderError;
///
/// let err = RenderError::MissingField { path: "contact.email".into() };
/// assert_eq!(err.to_string(), "no value for merge field `contact.email`");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RenderError {
    /// A merge field or required field has no value in the data.
    #[error("no value for merge field `{path}`")]
    MissingField {
        /// The field's path, as written in the template.
        path: String,
    },
    /// A value cannot be rendered where it stands (an object inside a URL, say).
    #[error("field `{field}` cannot be rendered: {reason}")]
    InvalidValue {
        /// The field's path or name.
        field: String,
        /// What is wrong with it.
        reason: String,
    },
}

/// Why received bytes could not be read as a format's typed data.
///
/// Every variant is safe to log and precise enough to act on: which field, which position,
/// what was expected. What to answer the sender is the receiver's decision, not the
/// format's ([`Rejection::Body`](crate::receive::Rejection::Body)).
///
/// ```
/// use hookwire::format::ParseError;
///
/// let err = ParseError::MissingField { field: "id".into() };
/// assert_eq!(err.to_string(), "missing field `id`");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ParseError {
    /// The bytes are not valid JSON (or not the JSON shape the format needs), at this
    /// line and column (both 1-based; 0 when the error is not tied to a position).
    #[error("invalid JSON at line {line}, column {column}: {reason}")]
    InvalidJson {
        /// The 1-based line.
        line: usize,
        /// The 1-based column.
        column: usize,
        /// What the JSON reader said.
        reason: String,
    },
    /// A form or header value whose encoding is broken (bad percent-escape, invalid
    /// UTF-8, bad base64).
    #[error("invalid encoding in {what}: {reason}")]
    InvalidEncoding {
        /// Where: `form field \`data\``, `header \`ce-source\``…
        what: String,
        /// What is wrong.
        reason: &'static str,
    },
    /// A field the format requires is absent.
    #[error("missing field `{field}`")]
    MissingField {
        /// The field's name or path.
        field: String,
    },
    /// A field holds a value of the wrong JSON type.
    #[error("field `{field}` must be {expected}")]
    WrongType {
        /// The field's name or path.
        field: String,
        /// What it must be: `a string`, `an object`…
        expected: &'static str,
    },
    /// A field is present but its value is not allowed.
    #[error("invalid field `{field}`: {reason}")]
    InvalidValue {
        /// The field's name or path.
        field: String,
        /// What is wrong.
        reason: String,
    },
    /// A JSON object names the same member twice (`{"p":[1],"p":[2]}`), at this line and
    /// column (1-based, at the second name's closing quote). Readers disagree on which value such
    /// an object holds, so a body that means one thing here could mean another to the next
    /// system that reads it: every format refuses it.
    ///
    /// ```
    /// use hookwire::format::{ParseError, lytics};
    /// let err = lytics::parse(br#"{"id":"1","id":"2"}"#).unwrap_err();
    /// assert!(matches!(err, ParseError::DuplicateKey { ref key, line: 1, column: 14 } if key == "id"));
    /// assert_eq!(err.to_string(), "duplicate JSON object key `id` at line 1, column 14");
    /// ```
    #[error("duplicate JSON object key `{key}` at line {line}, column {column}")]
    DuplicateKey {
        /// The member's name, as decoded.
        key: String,
        /// The 1-based line.
        line: usize,
        /// The 1-based column.
        column: usize,
    },
    /// The request's content type is not one this format reads.
    #[error("unsupported content type `{content_type}`")]
    UnsupportedContentType {
        /// The content type received (empty when absent).
        content_type: String,
    },
}

impl ParseError {
    /// The error serde_json gave, with its position.
    pub(crate) fn json(err: &serde_json::Error) -> Self {
        // serde_json appends " at line L column C" to its message; the position has fields.
        let text = err.to_string();
        let reason = match text.rfind(" at line ") {
            Some(cut) => text[..cut].to_owned(),
            None => text,
        };
        if let Some(key) = reason
            .strip_prefix(super::strict_json::DUPLICATE_KEY)
            .and_then(|rest| rest.strip_suffix('`'))
        {
            return ParseError::DuplicateKey {
                key: key.to_owned(),
                line: err.line(),
                column: err.column(),
            };
        }
        ParseError::InvalidJson {
            line: err.line(),
            column: err.column(),
            reason,
        }
    }
}
