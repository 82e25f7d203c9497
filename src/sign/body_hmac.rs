//! The timestamp-free family: HMAC-SHA256 over the raw body alone, in one header.
//! GitHub (`X-Hub-Signature-256: sha256=<hex>`), Shopify (`X-Shopify-Hmac-Sha256: <base64>`)
//! and Smarter Launch (`<configurable header>: <hex>`) differ only in header, prefix and
//! encoding, so they share this code.
//!
//! Without a timestamp these schemes cannot refuse a replayed request by themselves; pair
//! them with a replay guard keyed on the delivery id where the vendor sends one.

use http::{HeaderMap, HeaderName};

use super::candidates::{Candidates, encode_base64};
use super::read::Scan;
use super::{DigestEncoding, Message, SignedHeaders, Verified, VerifyError};
use crate::Timestamp;
use crate::keyring::{Key, KeyEntry, Keyring};

pub(super) static GITHUB_SIGNATURE: HeaderName = HeaderName::from_static("x-hub-signature-256");
pub(super) static GITHUB_DELIVERY: HeaderName = HeaderName::from_static("x-github-delivery");
pub(super) static SHOPIFY_SIGNATURE: HeaderName = HeaderName::from_static("x-shopify-hmac-sha256");
pub(super) static SHOPIFY_WEBHOOK_ID: HeaderName = HeaderName::from_static("x-shopify-webhook-id");

/// How one body-HMAC scheme writes its signature.
pub(super) struct Layout<'a> {
    pub(super) header: &'a HeaderName,
    pub(super) prefix: &'static str,
    pub(super) encoding: DigestEncoding,
    /// The header that carries the vendor's delivery id, for replay guards.
    pub(super) delivery_id: Option<&'static HeaderName>,
}

pub(super) fn sign(
    layout: &Layout<'_>,
    keys: &[&KeyEntry],
    message: &Message<'_>,
    out: &mut SignedHeaders,
) {
    if let Some(Key::Hmac(secret)) = keys.first().map(|entry| entry.key()) {
        let tag = secret.mac_parts(&[message.body]);
        let mut value = String::with_capacity(layout.prefix.len() + 64);
        value.push_str(layout.prefix);
        match layout.encoding {
            DigestEncoding::Base64 => encode_base64(&tag, &mut value),
            DigestEncoding::Hex => value.push_str(&hex::encode(tag)),
        }
        out.push_string(layout.header.clone(), value);
        if let Some(delivery) = layout.delivery_id {
            out.push_str(delivery.clone(), message.id.as_str());
        }
    }
}

pub(super) fn verify(
    layout: &Layout<'_>,
    keys: &Keyring,
    headers: &HeaderMap,
    body: &[u8],
    now: Timestamp,
) -> Result<Verified, VerifyError> {
    let name = layout.header.as_str();
    // The delivery id is looked for in the same pass; a layout without one looks for the
    // signature header twice, which finds the same values.
    let scan = Scan::new(
        headers,
        [layout.header, layout.delivery_id.unwrap_or(layout.header)],
    );
    let value = scan.single(0)?;
    let encoding = match layout.encoding {
        DigestEncoding::Base64 => "base64",
        DigestEncoding::Hex => "hex",
    };
    let mut candidates = Candidates::new(name, encoding);
    if let Some(signature) = value.strip_prefix(layout.prefix.as_bytes()) {
        match layout.encoding {
            DigestEncoding::Base64 => candidates.push_hmac_base64(signature),
            DigestEncoding::Hex => candidates.push_hmac_hex(signature),
        }
    }
    let matched = candidates.find_key(keys, now, &[body])?;
    let delivery_id = match layout.delivery_id {
        Some(_) => scan.optional_single_value(1)?,
        None => None,
    };
    let delivery_id = delivery_id
        .filter(|(text, _)| !text.is_empty())
        .map(|(_, value)| value);
    Ok(Verified::new(matched, None, delivery_id))
}
