//! Standard Webhooks 1.0 (and Svix, which sends the same scheme under `svix-*` names):
//! `v1` HMAC-SHA256 and `v1a` ed25519 over `id.timestamp.body`.

use http::{HeaderMap, HeaderName};

use super::candidates::{Candidates, encode_base64};
use super::read::{single, single_value, trim_ows, unix_secs, within};
use super::{Message, SecsText, SignedHeaders, Tolerance, Verified, VerifyError};
use crate::Timestamp;
use crate::keyring::{Key, KeyEntry, Keyring};

/// The header names of one family: `webhook-*` (the standard) or `svix-*`.
struct Family {
    id: HeaderName,
    timestamp: HeaderName,
    signature: HeaderName,
}

static STANDARD: Family = Family {
    id: HeaderName::from_static("webhook-id"),
    timestamp: HeaderName::from_static("webhook-timestamp"),
    signature: HeaderName::from_static("webhook-signature"),
};

static SVIX: Family = Family {
    id: HeaderName::from_static("svix-id"),
    timestamp: HeaderName::from_static("svix-timestamp"),
    signature: HeaderName::from_static("svix-signature"),
};

pub(super) fn sign(keys: &[&KeyEntry], message: &Message<'_>, out: &mut SignedHeaders) {
    let timestamp = SecsText::new(message.timestamp);
    let content: [&[u8]; 5] = [
        message.id.as_str().as_bytes(),
        b".",
        timestamp.as_bytes(),
        b".",
        message.body,
    ];
    let mut signatures = String::with_capacity(keys.len() * 93);
    for entry in keys {
        if !signatures.is_empty() {
            signatures.push(' ');
        }
        match entry.key() {
            Key::Hmac(secret) => {
                signatures.push_str("v1,");
                encode_base64(&secret.mac_parts(&content), &mut signatures);
            }
            Key::Ed25519Signing(key) => {
                signatures.push_str("v1a,");
                encode_base64(&key.sign_parts(&content), &mut signatures);
            }
            // `Signer::new` refuses public keys for this scheme.
            Key::Ed25519Verifying(_) => {}
        }
    }
    out.push_str(STANDARD.id.clone(), message.id.as_str());
    out.push(STANDARD.timestamp.clone(), timestamp.header_value());
    out.push_string(STANDARD.signature.clone(), signatures);
}

pub(super) fn verify(
    keys: &Keyring,
    tolerance: Tolerance,
    headers: &HeaderMap,
    body: &[u8],
    now: Timestamp,
) -> Result<Verified, VerifyError> {
    // The standard names win; `svix-*` is read only when no `webhook-*` signature is there.
    let mut family = &STANDARD;
    let mut values = headers.get_all(&STANDARD.signature).iter().peekable();
    if values.peek().is_none() && !headers.contains_key(&STANDARD.id) {
        let mut svix = headers.get_all(&SVIX.signature).iter().peekable();
        if svix.peek().is_some() || headers.contains_key(&SVIX.id) {
            family = &SVIX;
            values = svix;
        }
    }
    let (id, id_value) = single_value(headers, &family.id)?;
    if id.is_empty() {
        return Err(VerifyError::MalformedHeader {
            name: family.id.as_str().to_owned(),
            reason: "empty message id",
        });
    }
    let timestamp_text = single(headers, &family.timestamp)?;
    let timestamp = unix_secs(timestamp_text, family.timestamp.as_str())?;
    within(timestamp, now, tolerance)?;

    if values.peek().is_none() {
        return Err(VerifyError::MissingHeader {
            name: family.signature.as_str().to_owned(),
        });
    }
    let mut candidates = Candidates::new(family.signature.as_str(), "base64");
    for value in values {
        let text = value.to_str().map_err(|_| VerifyError::MalformedHeader {
            name: family.signature.as_str().to_owned(),
            reason: "not visible ASCII",
        })?;
        // Space-delimited `version,signature` pairs; unknown versions are skipped. Splitting on
        // one byte keeps this on the `memchr` fast path; stray tabs are trimmed per entry.
        for entry in text.split(' ').map(trim_ows).filter(|e| !e.is_empty()) {
            match entry.split_once(',') {
                Some(("v1", signature)) => candidates.push_hmac_base64(signature),
                Some(("v1a", signature)) => candidates.push_ed25519_base64(signature),
                _ => {}
            }
        }
    }
    let content: [&[u8]; 5] = [id.as_bytes(), b".", timestamp_text.as_bytes(), b".", body];
    let matched = candidates.find_key(keys, now, &content)?;
    Ok(Verified::new(matched, Some(timestamp), Some(id_value)))
}
