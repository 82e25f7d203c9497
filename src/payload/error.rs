//! [`PayloadError`]: a payload's headers or saved body that cannot be used.

use crate::endpoint::HeaderError;

/// Why a [`Payload`](super::Payload) cannot be built (or loaded): a header it would carry,
/// its content type included, could not be sent, or its saved body is not base64.
///
/// ```
/// use hookwire::{HeaderError, Payload, PayloadError};
///
/// let err = Payload::json("{}").with_header("Content-Type", "text/plain").unwrap_err();
/// assert_eq!(err, PayloadError::Header(HeaderError::Reserved { name: "content-type".into() }));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PayloadError {
    /// A header, or the content type, that cannot be sent ([`HeaderError`]).
    ///
    /// ```
    /// # use hookwire::{HeaderError, Payload, PayloadError};
    /// let err = Payload::json("{}").with_header("ce id", "1").unwrap_err();
    /// assert_eq!(err, PayloadError::Header(HeaderError::InvalidName { name: "ce id".into() }));
    /// ```
    #[error(transparent)]
    Header(#[from] HeaderError),
    /// A saved payload whose body is not standard base64, so the stored form was altered.
    ///
    /// ```
    /// # use hookwire::Payload;
    /// let saved = r#"{"content_type":"application/json","body":"not base64!"}"#;
    /// let err = serde_json::from_str::<Payload>(saved).unwrap_err();
    /// assert!(err.to_string().contains("not standard base64"), "{err}");
    /// ```
    #[error("invalid setting `payload body`: not standard base64")]
    BodyNotBase64,
}
