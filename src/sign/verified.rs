//! [`Verified`]: what a successful verification found out.

use std::sync::Arc;

use http::HeaderValue;

use super::candidates::KeyMatch;
use super::read;
use crate::time::Timestamp;

/// A successful verification: which key matched, and what the request said about itself.
///
/// ```
/// # use http::HeaderMap;
/// # use hookwire::{KeyEntry, Keyring, Scheme, Secret, Timestamp, Verifier};
/// let keys = Keyring::new()
///     .with(KeyEntry::new(Secret::from_text("new")?).label("new"))
///     .with(KeyEntry::new(Secret::from_text("test_secret_key")?).label("old"));
/// let verifier = Verifier::new(Scheme::Shopify, keys)?;
/// let mut headers = HeaderMap::new();
/// headers.insert("x-shopify-hmac-sha256", "B23tXN681gZ0qIWNRrgtzBE9XSDo5yaUu6wfmhu3a7g=".parse().unwrap());
/// headers.insert("x-shopify-webhook-id", "b54557e4".parse().unwrap());
/// let verified = verifier.verify(&headers, br#"{"foo": "bar"}"#, Timestamp::UNIX_EPOCH).unwrap();
/// assert_eq!((verified.key_index(), verified.key_label()), (1, Some("old")));
/// assert_eq!(verified.message_id(), Some("b54557e4"));
/// assert_eq!(verified.timestamp(), None);
/// # Ok::<(), hookwire::ConfigError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    key_index: usize,
    key_label: Option<Arc<str>>,
    timestamp: Option<Timestamp>,
    /// Kept as the header value it came in (no copy); checked to be visible ASCII.
    message_id: Option<HeaderValue>,
}

impl Verified {
    pub(super) fn new(
        matched: KeyMatch,
        timestamp: Option<Timestamp>,
        message_id: Option<&HeaderValue>,
    ) -> Self {
        Verified {
            key_index: matched.index,
            key_label: matched.label,
            timestamp,
            message_id: message_id.cloned(),
        }
    }

    /// The position in the keyring of the key that matched.
    ///
    /// See [`Verified`] for an example.
    pub fn key_index(&self) -> usize {
        self.key_index
    }

    /// The label of the key that matched, if it has one.
    ///
    /// See [`Verified`] for an example.
    pub fn key_label(&self) -> Option<&str> {
        self.key_label.as_deref()
    }

    /// The signed timestamp, for schemes that carry one.
    ///
    /// See [`Verifier::verify`](super::Verifier::verify) for an example.
    pub fn timestamp(&self) -> Option<Timestamp> {
        self.timestamp
    }

    /// The sender's message or delivery id (`webhook-id`, `X-GitHub-Delivery`,
    /// `X-Shopify-Webhook-Id`), for replay guards.
    ///
    /// See [`Verified`] for an example.
    pub fn message_id(&self) -> Option<&str> {
        // Only values that passed `to_str` are stored, so this never yields `None` for a
        // present id; surrounding whitespace is trimmed as it was when verifying.
        self.message_id
            .as_ref()
            .and_then(|value| value.to_str().ok())
            .map(read::trim_ows)
    }
}
