//! Standard Webhooks 1.0 (and Svix, which sends the same scheme under `svix-*` names):
//! `v1` HMAC-SHA256 and `v1a` ed25519 over `id.timestamp.body`.

use http::{HeaderMap, HeaderName};

use super::candidates::{Candidates, EarlyTag, encode_base64};
use super::read::{Scan, SignedSecs, is_canonical_secs, trim_ows, within};
use super::{Message, SecsText, SignedHeaders, Tolerance, Verified, VerifyError};
use crate::Timestamp;
use crate::keyring::{Key, KeyEntry, Keyring};

/// The header names of one family: `webhook-*` (the standard) or `svix-*`.
struct Family {
    id: HeaderName,
    timestamp: HeaderName,
    signature: HeaderName,
}

/// The longest body whose tag is computed before the headers are checked (see `EarlyTag`).
/// The overlap saves the same ~20 ns at any size, which stops mattering as the hashing grows,
/// while a request that fails a cheap check would cost a whole-body HMAC for nothing.
const EARLY_TAG_MAX_BODY: usize = 1024;

/// Where a family's `*-id` header sits in its [`Scan`].
const ID_SLOT: usize = 0;
/// Where a family's `*-timestamp` header sits in its [`Scan`].
const TIMESTAMP_SLOT: usize = 1;
/// Where a family's `*-signature` header sits in its [`Scan`].
const SIGNATURE_SLOT: usize = 2;

impl Family {
    /// Looks for this family's three headers in one pass over `headers`.
    fn scan<'h>(&'static self, headers: &'h HeaderMap) -> Scan<'static, 'h, 3> {
        Scan::new(headers, [&self.id, &self.timestamp, &self.signature])
    }
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
    // The standard names win; `svix-*` is read only when neither `webhook-id` nor
    // `webhook-signature` came and a `svix-*` one did.
    let mut family = &STANDARD;
    let mut scan = family.scan(headers);
    if !scan.present(ID_SLOT) && !scan.present(SIGNATURE_SLOT) {
        let svix = SVIX.scan(headers);
        if svix.present(ID_SLOT) || svix.present(SIGNATURE_SLOT) {
            (family, scan) = (&SVIX, svix);
        }
    }

    // The tag is computed from the raw headers before they are checked, so that the
    // checks below run while SHA-256 does (see `EarlyTag`). `Scan::raw` trims exactly as the
    // checked reads do, and a timestamp written as its number is signed as written, so the
    // content is the same bytes.
    let early = match (scan.raw(ID_SLOT), scan.raw(TIMESTAMP_SLOT)) {
        (Some(id), Some(timestamp))
            if body.len() <= EARLY_TAG_MAX_BODY && is_canonical_secs(timestamp) =>
        {
            EarlyTag::compute(keys, now, &[id, b".", timestamp, b".", body])
        }
        _ => None,
    };

    let (id, id_value) = scan.single_value(ID_SLOT)?;
    if id.is_empty() {
        return Err(VerifyError::MalformedHeader {
            name: family.id.as_str().to_owned(),
            reason: "empty message id",
        });
    }
    let (timestamp, timestamp_text) = scan.timestamp(TIMESTAMP_SLOT)?;
    within(timestamp, now, tolerance)?;

    if !scan.present(SIGNATURE_SLOT) {
        return Err(VerifyError::MissingHeader {
            name: family.signature.as_str().to_owned(),
        });
    }
    let mut candidates = Candidates::new(family.signature.as_str(), "base64");
    scan.each(SIGNATURE_SLOT, |text| {
        // Space-delimited `version,signature` pairs; unknown versions are skipped and stray
        // tabs are trimmed per entry.
        for entry in split_spaces(text) {
            let entry = trim_ows(entry);
            if let Some(signature) = entry.strip_prefix(b"v1,") {
                candidates.push_hmac_base64(signature);
            } else if let Some(signature) = entry.strip_prefix(b"v1a,") {
                candidates.push_ed25519_base64(signature);
            }
        }
    })?;
    // The reference libraries sign the timestamp's number, not its text (`01614265330` and
    // `+1614265330` are signed as `1614265330`).
    let signed_timestamp = SignedSecs::new(timestamp_text, timestamp);
    let content: [&[u8]; 5] = [id, b".", signed_timestamp.as_bytes(), b".", body];
    let matched = candidates.find_key_with(keys, now, &content, early)?;
    Ok(Verified::new(matched, Some(timestamp), Some(id_value)))
}

/// The pieces of `text` between single spaces, found with `memchr` (the signature header
/// usually holds one entry, and a byte-at-a-time search would cost as much as decoding it).
fn split_spaces(mut text: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        match memchr::memchr(b' ', text) {
            Some(at) => {
                let (entry, rest) = (&text[..at], &text[at + 1..]);
                text = rest;
                Some(entry)
            }
            None => {
                done = true;
                Some(text)
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        split_spaces(text.as_bytes())
            .map(|entry| std::str::from_utf8(entry).unwrap())
            .collect()
    }

    #[test]
    fn split_spaces_is_split_on_single_spaces() {
        for text in ["", " ", "a", "a b", " a", "a ", "a  b", "  ", "v1,x v1a,y"] {
            assert_eq!(split(text), text.split(' ').collect::<Vec<_>>(), "{text:?}");
        }
    }
}
