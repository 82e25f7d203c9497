//! Stripe-style `Stripe-Signature: t=<unix>,v1=<hex>[,v1=<hex>…]` over `t.body`,
//! keyed with the UTF-8 bytes of the whole secret (its `whsec_` prefix included).
//!
//! Read as Stripe's own libraries read it: items split at `,`, each at its first `=`, the
//! names `t` and `v1` matched exactly (` v1` after a `, ` is not a `v1`, and a value is not
//! trimmed: the hex must be the whole of it). The `t` value alone is trimmed, as
//! stripe-python's `int()` and stripe-node's `parseInt` skip spaces (stripe-go's
//! `ParseInt` does not), and it is signed as its number.

use http::{HeaderMap, HeaderName};

use super::candidates::Candidates;
use super::read::{Scan, SignedSecs, trim_ows, unix_secs, within};
use super::{Message, SecsText, SignedHeaders, Tolerance, Verified, VerifyError};
use crate::Timestamp;
use crate::keyring::{Key, KeyEntry, Keyring};

static SIGNATURE: HeaderName = HeaderName::from_static("stripe-signature");

pub(super) fn sign(keys: &[&KeyEntry], message: &Message<'_>, out: &mut SignedHeaders) {
    let timestamp = SecsText::new(message.timestamp);
    let content: [&[u8]; 3] = [timestamp.as_bytes(), b".", message.body];
    let mut value = String::with_capacity(14 + keys.len() * 68);
    value.push_str("t=");
    value.push_str(timestamp.as_str());
    for entry in keys {
        if let Key::Hmac(secret) = entry.key() {
            value.push_str(",v1=");
            value.push_str(&hex::encode(secret.mac_parts(&content)));
        }
    }
    out.push_string(SIGNATURE.clone(), value);
}

pub(super) fn verify(
    keys: &Keyring,
    tolerance: Tolerance,
    headers: &HeaderMap,
    body: &[u8],
    now: Timestamp,
) -> Result<Verified, VerifyError> {
    let name = SIGNATURE.as_str();
    let value = Scan::new(headers, [&SIGNATURE]).single(0)?;
    let malformed = |reason| VerifyError::MalformedHeader {
        name: name.to_owned(),
        reason,
    };
    let mut timestamp_text = None;
    let mut candidates = Candidates::new(name, "hex");
    for item in value.split(|&b| b == b',') {
        let Some(equals) = item.iter().position(|&b| b == b'=') else {
            continue;
        };
        let (key, text) = (&item[..equals], &item[equals + 1..]);
        match key {
            b"t" if timestamp_text.is_some() => {
                return Err(malformed("more than one `t=` timestamp"));
            }
            b"t" => timestamp_text = Some(trim_ows(text)),
            // Only v1 counts; v0 and unknown schemes are ignored, invalid hex is skipped.
            b"v1" => candidates.push_hmac_hex(text),
            _ => {}
        }
    }
    let timestamp_text = timestamp_text.ok_or_else(|| malformed("no `t=` timestamp"))?;
    let timestamp = unix_secs(timestamp_text, &SIGNATURE)?;
    within(timestamp, now, tolerance)?;
    // Signed as its number, as Stripe's libraries do (`t=012345` is signed as `12345`).
    let signed_timestamp = SignedSecs::new(timestamp_text, timestamp);
    let content: [&[u8]; 3] = [signed_timestamp.as_bytes(), b".", body];
    let matched = candidates.find_key(keys, now, &content)?;
    Ok(Verified::new(matched, Some(timestamp), None))
}
