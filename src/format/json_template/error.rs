//! [`TemplateError`]: why a JSON template could not be built.

/// Why a [`JsonTemplate`](super::JsonTemplate) could not be built from its text.
///
/// Every variant is found when the template is built, never when it renders, and says where
/// the problem is: a line and column for JSON syntax and merge fields (plus a JSON Pointer,
/// RFC 6901, to the string holding a merge field), a JSON Pointer for the rest.
///
/// ```
/// use hookwire::format::json_template::{JsonTemplate, TemplateError};
///
/// let err = JsonTemplate::new("{\n  \"a\": 1,\n}").unwrap_err();
/// assert!(matches!(err, TemplateError::InvalidJson { line: 3, column: 1, .. }), "{err}");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TemplateError {
    /// The text is not standard JSON (the seed: "The JSON must use standard JSON formatting").
    #[error("invalid JSON at line {line}, column {column}: {reason}")]
    InvalidJson {
        /// The 1-based line.
        line: usize,
        /// The 1-based column.
        column: usize,
        /// What the JSON reader said.
        reason: String,
    },
    /// The template is not a JSON object, so no field could be appended to it.
    #[error("the template must be a JSON object, not {found}")]
    NotAnObject {
        /// What it is instead: `an array`, `a string`…
        found: &'static str,
    },
    /// Objects and arrays nest deeper than [`MAX_DEPTH`](super::MAX_DEPTH).
    #[error("the template nests deeper than {limit} levels at `{pointer}`")]
    TooDeep {
        /// The limit.
        limit: usize,
        /// Where the limit was crossed.
        pointer: String,
    },
    /// A merge field is malformed (`{{` never closed, an empty path, `a..b`…).
    #[error("bad merge field at line {line}, column {column} (`{pointer}`): {reason}")]
    MergeFieldSyntax {
        /// The JSON Pointer of the string (value or key) that holds it.
        pointer: String,
        /// The 1-based line of its `{{` in the template's text.
        line: usize,
        /// The 1-based column (in bytes, like [`InvalidJson`](Self::InvalidJson)'s) of its `{{`.
        column: usize,
        /// What is wrong.
        reason: &'static str,
    },
    /// A merge field that is not in the declared field list
    /// ([`JsonTemplate::with_fields`](super::JsonTemplate::with_fields)).
    #[error("unknown merge field `{path}` at line {line}, column {column} (`{pointer}`)")]
    UnknownField {
        /// The merge field's path.
        path: String,
        /// The JSON Pointer of the string that holds it.
        pointer: String,
        /// The 1-based line of its `{{` in the template's text.
        line: usize,
        /// The 1-based column (in bytes) of its `{{`.
        column: usize,
    },
    /// A declared field whose path is not a valid merge-field path.
    #[error("declared field `{path}` is not a valid path: {reason}")]
    InvalidDeclaredField {
        /// The path as declared.
        path: String,
        /// What is wrong.
        reason: &'static str,
    },
    /// A top-level key reserved for an appended field
    /// ([`JsonTemplate::with_appended_keys`](super::JsonTemplate::with_appended_keys)), such as
    /// the contact's email address Listrak appends.
    #[error("top-level key `{key}` is reserved for an appended field")]
    ReservedKey {
        /// The key.
        key: String,
    },
}

impl TemplateError {
    pub(super) fn json(err: &serde_json::Error) -> Self {
        // The shared reader strips serde_json's " at line L column C" suffix.
        match crate::format::ParseError::json(err) {
            crate::format::ParseError::InvalidJson {
                line,
                column,
                reason,
            } => TemplateError::InvalidJson {
                line,
                column,
                reason,
            },
            other => TemplateError::InvalidJson {
                line: err.line(),
                column: err.column(),
                reason: other.to_string(),
            },
        }
    }
}
