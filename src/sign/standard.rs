//! Standard Webhooks 1.0 (and Svix, which sends the same scheme under `svix-*` names):
//! `v1` HMAC-SHA256 and `v1a` ed25519 over `id.timestamp.body`.

use http::HeaderMap;

use super::candidates::{Candidates, encode_base64};
use super::read::{single, unix_secs, within};
use super::{Message, SignedHeaders, Tolerance, Verified, VerifyError};
use crate::Timestamp;
use crate::keyring::{Key, KeyEntry, Keyring};

pub(crate) const ID: &str = "webhook-id";
pub(crate) const TIMESTAMP: &str = "webhook-timestamp";
pub(crate) const SIGNATURE: &str = "webhook-signature";

/// The header names of one family: `webhook-*` (the standard) or `svix-*`.
struct Family {
    id: &'static str,
    timestamp: &'static str,
    signature: &'static str,
}

const STANDARD: Family = Family {
    id: "webhook-id",
    timestamp: "webhook-timestamp",
    signature: "webhook-signature",
};

const SVIX: Family = Family {
    id: "svix-id",
    timestamp: "svix-timestamp",
    signature: "svix-signature",
};

pub(super) fn sign(keys: &[&KeyEntry], message: &Message<'_>, out: &mut SignedHeaders) {
    let timestamp = message.timestamp.unix_secs().to_string();
    let content: [&[u8]; 5] = [
        message.id.as_str().as_bytes(),
        b".",
        timestamp.as_bytes(),
        b".",
        message.body,
    ];
    let mut signatures = String::with_capacity(keys.len() * 92);
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
    out.push_str(ID, message.id.as_str());
    out.push_str(TIMESTAMP, &timestamp);
    out.push_str(SIGNATURE, &signatures);
}

pub(super) fn verify(
    keys: &Keyring,
    tolerance: Tolerance,
    headers: &HeaderMap,
    body: &[u8],
    now: Timestamp,
) -> Result<Verified, VerifyError> {
    let family = if !headers.contains_key(STANDARD.signature)
        && !headers.contains_key(STANDARD.id)
        && (headers.contains_key(SVIX.signature) || headers.contains_key(SVIX.id))
    {
        &SVIX
    } else {
        &STANDARD
    };
    let id = single(headers, family.id)?;
    if id.is_empty() {
        return Err(VerifyError::MalformedHeader {
            name: family.id.to_owned(),
            reason: "empty message id",
        });
    }
    let timestamp_text = single(headers, family.timestamp)?;
    let timestamp = unix_secs(timestamp_text, family.timestamp)?;
    within(timestamp, now, tolerance)?;

    let mut values = headers.get_all(family.signature).iter().peekable();
    if values.peek().is_none() {
        return Err(VerifyError::MissingHeader {
            name: family.signature.to_owned(),
        });
    }
    let mut candidates = Candidates::new(family.signature, "base64");
    for value in values {
        let text = value.to_str().map_err(|_| VerifyError::MalformedHeader {
            name: family.signature.to_owned(),
            reason: "not visible ASCII",
        })?;
        // Space-delimited `version,signature` pairs; unknown versions are skipped.
        for entry in text.split([' ', '\t']).filter(|e| !e.is_empty()) {
            match entry.split_once(',') {
                Some(("v1", signature)) => candidates.push_hmac_base64(signature),
                Some(("v1a", signature)) => candidates.push_ed25519_base64(signature),
                _ => {}
            }
        }
    }
    let content: [&[u8]; 5] = [id.as_bytes(), b".", timestamp_text.as_bytes(), b".", body];
    let matched = candidates.find_key(keys, now, &content)?;
    Ok(Verified::new(matched, Some(timestamp), Some(id)))
}
