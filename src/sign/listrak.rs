//! Listrak: `LTK-Timestamp` (Unix seconds) and `LTK-HmacSignature` =
//! HMAC-SHA256(secret, body ‖ timestamp), base64 in Listrak's Python and C# samples and hex in
//! its JavaScript sample. We send base64 unless told otherwise and accept both.

use http::{HeaderMap, HeaderName};

use super::candidates::{Candidates, encode_base64};
use super::read::timestamp_then_signature;
use super::{DigestEncoding, Message, SecsText, SignedHeaders, Tolerance, Verified, VerifyError};
use crate::Timestamp;
use crate::keyring::{Key, KeyEntry, Keyring};

static TIMESTAMP: HeaderName = HeaderName::from_static("ltk-timestamp");
static SIGNATURE: HeaderName = HeaderName::from_static("ltk-hmacsignature");

pub(super) fn sign(
    encoding: DigestEncoding,
    keys: &[&KeyEntry],
    message: &Message<'_>,
    out: &mut SignedHeaders,
) {
    let timestamp = SecsText::new(message.timestamp);
    if let Some(Key::Hmac(secret)) = keys.first().map(|entry| entry.key()) {
        let tag = secret.mac_parts(&[message.body, timestamp.as_bytes()]);
        let value = match encoding {
            DigestEncoding::Base64 => {
                let mut value = String::with_capacity(44);
                encode_base64(&tag, &mut value);
                value
            }
            DigestEncoding::Hex => hex::encode(tag),
        };
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
    let mut candidates = Candidates::new(SIGNATURE.as_str(), "base64 or hex");
    // 64 hex digits cannot be mistaken for base64 of 32 bytes (44 characters).
    if value.len() == 64 && value.iter().all(u8::is_ascii_hexdigit) {
        candidates.push_hmac_hex(value);
    } else {
        candidates.push_hmac_base64(value);
    }
    let matched = candidates.find_key(keys, now, &[body, timestamp_text])?;
    Ok(Verified::new(matched, Some(timestamp), None))
}
