//! Slack-style `X-Slack-Signature: v0=<hex>` over `v0:timestamp:body`, with the timestamp in
//! `X-Slack-Request-Timestamp`.

use http::HeaderMap;

use super::candidates::Candidates;
use super::read::{single, unix_secs, within};
use super::{Message, SignedHeaders, Tolerance, Verified, VerifyError};
use crate::Timestamp;
use crate::keyring::{Key, KeyEntry, Keyring};

pub(crate) const TIMESTAMP: &str = "x-slack-request-timestamp";
pub(crate) const SIGNATURE: &str = "x-slack-signature";

pub(super) fn sign(keys: &[&KeyEntry], message: &Message<'_>, out: &mut SignedHeaders) {
    let timestamp = message.timestamp.unix_secs().to_string();
    if let Some(Key::Hmac(secret)) = keys.first().map(|entry| entry.key()) {
        let content: [&[u8]; 4] = [b"v0:", timestamp.as_bytes(), b":", message.body];
        let value = format!("v0={}", hex::encode(secret.mac_parts(&content)));
        out.push_str(TIMESTAMP, &timestamp);
        out.push_str(SIGNATURE, &value);
    }
}

pub(super) fn verify(
    keys: &Keyring,
    tolerance: Tolerance,
    headers: &HeaderMap,
    body: &[u8],
    now: Timestamp,
) -> Result<Verified, VerifyError> {
    let timestamp_text = single(headers, TIMESTAMP)?;
    let timestamp = unix_secs(timestamp_text, TIMESTAMP)?;
    within(timestamp, now, tolerance)?;
    let value = single(headers, SIGNATURE)?;
    let mut candidates = Candidates::new(SIGNATURE, "hex");
    if let Some(hex) = value.strip_prefix("v0=") {
        candidates.push_hmac_hex(hex);
    }
    let content: [&[u8]; 4] = [b"v0:", timestamp_text.as_bytes(), b":", body];
    let matched = candidates.find_key(keys, now, &content)?;
    Ok(Verified::new(matched, Some(timestamp), None))
}
