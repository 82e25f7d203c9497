//! [`VerifyError`] and [`SignError`]: why a signature was refused or could not be made.

use std::time::Duration;

use http::StatusCode;

use crate::time::Timestamp;

/// Why a request's signature or timestamp was refused.
///
/// Every variant is safe to log (no secret, no signature bytes) and maps to the status a
/// receiver should answer with [`VerifyError::status`]: **400** when the request is
/// malformed (a header that cannot be parsed), **401** when it is well-formed but does not
/// prove who sent it (missing, mismatched, empty or stale signature).
///
/// ```
/// use hookwire::VerifyError;
///
/// let err = VerifyError::MissingHeader { name: "webhook-signature".into() };
/// assert_eq!(err.status(), 401);
/// assert_eq!(err.to_string(), "missing header `webhook-signature`");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum VerifyError {
    /// A header the scheme needs is absent.
    #[error("missing header `{name}`")]
    MissingHeader {
        /// The header's name.
        name: String,
    },
    /// A header that must appear once appears several times.
    #[error("header `{name}` appears more than once")]
    DuplicateHeader {
        /// The header's name.
        name: String,
    },
    /// A header is present but cannot be read.
    #[error("malformed header `{name}`: {reason}")]
    MalformedHeader {
        /// The header's name.
        name: String,
        /// Which part is wrong.
        reason: &'static str,
    },
    /// The signed timestamp is older than the tolerance allows (a replay, or a very late retry).
    #[error("timestamp {timestamp} is {by:?} older than the tolerance allows")]
    TimestampTooOld {
        /// The timestamp the request carried.
        timestamp: Timestamp,
        /// How far past the tolerance it is.
        by: Duration,
    },
    /// The signed timestamp is further in the future than the tolerance allows (clock skew,
    /// or a request pre-signed for a later replay).
    #[error("timestamp {timestamp} is {by:?} further in the future than the tolerance allows")]
    TimestampTooNew {
        /// The timestamp the request carried.
        timestamp: Timestamp,
        /// How far past the tolerance it is.
        by: Duration,
    },
    /// The signature header holds no signature bytes at all (`v1,` or an empty value).
    /// An empty signature never verifies.
    #[error("header `{header}` carries an empty signature")]
    EmptySignature {
        /// The signature header's name.
        header: String,
    },
    /// No signature in the header could be decoded (bad base64 or hex, wrong length).
    #[error("header `{header}`: no signature is valid {encoding}")]
    InvalidSignatureEncoding {
        /// The signature header's name.
        header: String,
        /// The encoding expected.
        encoding: &'static str,
    },
    /// The header carries only signature versions this scheme does not know (e.g. `v2,…`).
    #[error("header `{header}` carries no signature of a supported version")]
    NoSupportedSignature {
        /// The signature header's name.
        header: String,
    },
    /// Every signature was well-formed and none matched any active key.
    #[error("no signature matches any active key")]
    SignatureMismatch,
    /// Every key of the keyring has expired; rotate in a new key.
    #[error("no key of the keyring is active at this time")]
    NoActiveKey,
}

impl VerifyError {
    /// The HTTP status a receiver should answer with.
    ///
    /// ```
    /// use hookwire::VerifyError;
    /// let err = VerifyError::MalformedHeader { name: "webhook-timestamp".into(), reason: "not an integer" };
    /// assert_eq!(err.status(), 400);
    /// assert_eq!(VerifyError::SignatureMismatch.status(), 401);
    /// ```
    pub fn status(&self) -> StatusCode {
        match self {
            VerifyError::DuplicateHeader { .. }
            | VerifyError::MalformedHeader { .. }
            | VerifyError::InvalidSignatureEncoding { .. } => StatusCode::BAD_REQUEST,
            VerifyError::MissingHeader { .. }
            | VerifyError::TimestampTooOld { .. }
            | VerifyError::TimestampTooNew { .. }
            | VerifyError::EmptySignature { .. }
            | VerifyError::NoSupportedSignature { .. }
            | VerifyError::SignatureMismatch
            | VerifyError::NoActiveKey => StatusCode::UNAUTHORIZED,
        }
    }
}

/// Why a message could not be signed.
///
/// ```
/// use hookwire::{Keyring, KeyEntry, MessageId, Scheme, Secret, SignError, Signer, Timestamp};
///
/// let expired = KeyEntry::new(Secret::from_text("k")?).expires_at(Timestamp::from_unix_secs(10));
/// let signer = Signer::new(Scheme::GitHub, Keyring::new().with(expired))?;
/// let id = MessageId::new("m1")?;
/// let err = signer.sign(&id, Timestamp::from_unix_secs(10), b"{}").unwrap_err();
/// assert!(matches!(err, SignError::NoActiveKey { .. }));
/// # Ok::<(), hookwire::ConfigError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SignError {
    /// Every signing key has expired at the signing time; rotate in a new key.
    #[error("no signing key is active at {at}")]
    NoActiveKey {
        /// The signing time.
        at: Timestamp,
    },
    /// The signing time is before 1970: every scheme writes Unix seconds as unsigned digits,
    /// so it cannot be signed (rather than silently signing another time).
    ///
    /// ```
    /// use hookwire::{Keyring, MessageId, Scheme, Secret, SignError, Signer, Timestamp};
    /// let signer = Signer::new(Scheme::Slack, Keyring::new().with(Secret::from_text("k")?))?;
    /// let err = signer.sign(&MessageId::new("m")?, Timestamp::from_unix_millis(-1), b"").unwrap_err();
    /// assert!(matches!(err, SignError::TimestampBeforeEpoch { .. }));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[error("cannot sign at {at}: signatures carry Unix seconds from 1970 on")]
    TimestampBeforeEpoch {
        /// The signing time.
        at: Timestamp,
    },
}
