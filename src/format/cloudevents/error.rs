//! [`AttributeError`]: a CloudEvents attribute the spec does not allow, found while building.

/// Why a [`CloudEventBuilder`](super::CloudEventBuilder) refused an event: an attribute's
/// name or value breaks the CloudEvents 1.0.2 spec. The builder keeps the first one for
/// `build()`. (A received event breaking the same rules is a
/// [`ParseError`](crate::format::ParseError).)
///
/// ```
/// use hookwire::format::cloudevents::{AttributeError, CloudEvent};
///
/// let err = CloudEvent::builder("", "/s", "t").build().unwrap_err();
/// assert!(matches!(err, AttributeError::InvalidValue { ref name, .. } if name == "id"));
/// assert_eq!(err.to_string(), "invalid attribute `id`: must be a non-empty string");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AttributeError {
    /// An extension attribute's name: names MUST be lower-case ASCII letters and digits, and
    /// may not be a context attribute's or `data`.
    ///
    /// ```
    /// use hookwire::format::cloudevents::{AttributeError, CloudEvent};
    /// let err = CloudEvent::builder("1", "/s", "t").extension("trace_id", "x").build().unwrap_err();
    /// assert!(matches!(err, AttributeError::InvalidName { ref name, .. } if name == "trace_id"));
    /// ```
    #[error("invalid attribute `{name}`: {reason}")]
    InvalidName {
        /// The attribute's name, as given.
        name: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// An attribute's value (a context attribute, an extension, or `data` against its
    /// `datacontenttype`).
    ///
    /// ```
    /// use hookwire::format::cloudevents::{AttributeError, CloudEvent};
    /// let err = CloudEvent::builder("1", "/s", "t").dataschema("relative/path").build().unwrap_err();
    /// assert!(matches!(err, AttributeError::InvalidValue { ref name, .. } if name == "dataschema"));
    /// ```
    #[error("invalid attribute `{name}`: {reason}")]
    InvalidValue {
        /// The attribute's name (`data` for the data).
        name: String,
        /// What is wrong with the value.
        reason: &'static str,
    },
}
