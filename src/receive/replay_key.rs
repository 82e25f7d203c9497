//! [`ReplayKey`]: what a replay guard remembers of a message, and how a receiver derives it.

use std::fmt;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::time::Timestamp;

/// What a [`ReplayGuard`](super::ReplayGuard) remembers of a message: the SHA-256 of its id, so every entry
/// takes the same few bytes however long the id, and a persisted guard holds no sender data.
///
/// A [`Receiver`](super::Receiver) keys a message on its id when the signature covers
/// the id (Standard Webhooks' `webhook-id`). Every other scheme signs only the timestamp
/// and the body (Listrak, Stripe, Slack) or the body alone (GitHub, Shopify, Smarter
/// Launch), so the key is the signed timestamp and the body: exactly the signed content.
///
/// Why not an unsigned id header such as `X-GitHub-Delivery`: whoever replays a captured
/// request can change it freely. Why not the signature header's text: the same signature
/// can be written several ways (hex in either case, Listrak's hex or base64, extra
/// Stripe entries), and each would look new. The signed content has one form only; the
/// cost is a SHA-256 pass over a body already size-limited. A consequence worth knowing:
/// for schemes without a timestamp, a sender that sends the same body twice on purpose
/// is refused the second time within the retention window.
///
/// ```
/// use hookwire::receive::ReplayKey;
/// assert_eq!(ReplayKey::from_message_id("msg_1"), ReplayKey::from_message_id("msg_1"));
/// assert_ne!(ReplayKey::from_message_id("msg_1"), ReplayKey::from_message_id("msg_2"));
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ReplayKey([u8; 32]);

impl ReplayKey {
    /// The key of a sender's message id.
    ///
    /// See [`ReplayKey`] for an example.
    #[must_use]
    pub fn from_message_id(id: &str) -> Self {
        let mut hasher = Sha256::new();
        // A domain prefix keeps ids and content-derived keys apart.
        hasher.update(b"hookwire replay id\0");
        hasher.update(id.as_bytes());
        ReplayKey(hasher.finalize().into())
    }

    /// The key of a message without a signed id: its signed timestamp (if the scheme has
    /// one) and its body, which is exactly what the signature covers.
    pub(crate) fn from_signed_content(timestamp: Option<Timestamp>, body: &[u8]) -> Self {
        let mut hasher = Sha256::new();
        hasher.update(b"hookwire replay content\0");
        match timestamp {
            Some(at) => {
                hasher.update([1]);
                hasher.update(at.unix_millis().to_be_bytes());
            }
            None => hasher.update([0]),
        }
        hasher.update(body);
        ReplayKey(hasher.finalize().into())
    }

    fn to_hex(self) -> String {
        hex::encode(self.0)
    }
}

impl fmt::Debug for ReplayKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ReplayKey({})", self.to_hex())
    }
}

impl Serialize for ReplayKey {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_hex())
    }
}

impl<'de> Deserialize<'de> for ReplayKey {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        let mut bytes = [0u8; 32];
        hex::decode_to_slice(&text, &mut bytes).map_err(|_| {
            serde::de::Error::custom("a replay key is 64 hexadecimal digits (a SHA-256)")
        })?;
        Ok(ReplayKey(bytes))
    }
}
