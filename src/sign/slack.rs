//! Slack-style `X-Slack-Signature: v0=<hex>` over `v0:timestamp:body`, with the timestamp in
//! `X-Slack-Request-Timestamp`.

use http::{HeaderMap, HeaderName};

use super::candidates::Candidates;
use super::read::timestamp_then_signature;
use super::{Message, SecsText, SignedHeaders, Tolerance, Verified, VerifyError};
use crate::Timestamp;
use crate::keyring::{Key, KeyEntry, Keyring};

static TIMESTAMP: HeaderName = HeaderName::from_static("x-slack-request-timestamp");
static SIGNATURE: HeaderName = HeaderName::from_static("x-slack-signature");

pub(super) fn sign(keys: &[&KeyEntry], message: &Message<'_>, out: &mut SignedHeaders) {
    let timestamp = SecsText::new(message.timestamp);
    if let Some(Key::Hmac(secret)) = keys.first().map(|entry| entry.key()) {
        let content: [&[u8]; 4] = [b"v0:", timestamp.as_bytes(), b":", message.body];
        let mut value = String::with_capacity(67);
        value.push_str("v0=");
        value.push_str(&hex::encode(secret.mac_parts(&content)));
        out.push(TIMESTAMP.clone(), timestamp.header_value());
        out.push_string(SIGNATURE.clone(), value);
    }
}

pub(super) fn verify(
    keys: &Keyring,
    tolerance: Tolerance,
    headers: &HeaderMap,
    body: &[u8],
    now: Timestamp,
) -> Result<Verified, VerifyError> {
    let (timestamp, timestamp_text, value) =
        timestamp_then_signature(headers, &TIMESTAMP, &SIGNATURE, now, tolerance)?;
    let mut candidates = Candidates::new(SIGNATURE.as_str(), "hex");
    if let Some(hex) = value.strip_prefix(b"v0=") {
        candidates.push_hmac_hex(hex);
    }
    let content: [&[u8]; 4] = [b"v0:", timestamp_text, b":", body];
    let matched = candidates.find_key(keys, now, &content)?;
    Ok(Verified::new(matched, Some(timestamp), None))
}
