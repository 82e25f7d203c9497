//! Every scheme as one row of a table: which headers carry what, what is signed, and how
//! the signatures are written. One signing path and one verifying path read the rows; no
//! scheme has code of its own.
//!
//! The order in which a request's headers are read is the same for every scheme, and it
//! decides which error a request with several faults gets: the signed message id, then the
//! timestamp (checked against the tolerance), then the signatures, then the key match, and
//! last an unsigned delivery id.

use http::{HeaderMap, HeaderName};

use super::candidates::{Candidates, Form};
use super::error::VerifyError;
use super::key::Key;
use super::key_entry::KeyEntry;
use super::keyring::Keyring;
use super::read;
use super::scheme::{DigestEncoding, SMARTER_LAUNCH_DEFAULT_HEADER};
use super::signed_headers::SignedHeaders;
use super::tolerance::Tolerance;
use super::verified::Verified;
use crate::message_id::MessageId;
use crate::time::Timestamp;

/// Where a scheme's message id travels.
#[derive(Clone, Copy)]
pub(super) enum Id {
    /// Part of the signed content, so a request must carry it (Standard Webhooks).
    Signed(&'static HeaderName),
    /// Beside the signature, unsigned, for replay guards (GitHub's and Shopify's delivery
    /// ids): read only once the signature matched, and optional.
    Delivery(&'static HeaderName),
}

/// One piece of the signed content; the content is the pieces' bytes one after another.
#[derive(Clone, Copy)]
pub(super) enum Part {
    Id,
    Timestamp,
    Body,
    Literal(&'static [u8]),
}

/// How a signature header lists its signatures.
#[derive(Clone, Copy)]
pub(super) enum List {
    /// One HMAC tag after a fixed prefix (`sha256=`, `v0=`, or none). Signed with the first
    /// active key.
    One { prefix: &'static str },
    /// `v1,<base64 HMAC>` and `v1a,<base64 ed25519>` entries between single spaces, in every
    /// line of the header (Standard Webhooks). Signed with every active key.
    Versioned,
    /// `name=value` items between commas: one `t=<timestamp>` and a `v1=<hex HMAC>` per key
    /// (Stripe). Signed with every active key.
    Items,
}

/// A scheme's row of the table.
#[derive(Clone, Copy)]
pub(super) struct Layout<'a> {
    /// The header carrying the signatures.
    pub(super) signature: &'a HeaderName,
    /// The header carrying the timestamp, for schemes that send it in one of its own.
    pub(super) timestamp: Option<&'static HeaderName>,
    pub(super) id: Option<Id>,
    pub(super) list: List,
    /// How HMAC tags are written when signing, and read when verifying.
    pub(super) encoding: DigestEncoding,
    /// Whether receipt also takes the other encoding: Listrak's own samples disagree
    /// (base64 in Python and C#, hex in JavaScript).
    pub(super) either_encoding: bool,
    pub(super) content: &'static [Part],
    /// Whether the timestamp is signed as its number's digits, as the Standard Webhooks and
    /// Stripe libraries do (`01614265330` is signed as `1614265330`), rather than as the text
    /// that came (Listrak, Slack).
    pub(super) signs_number: bool,
    /// The same scheme under other header names, read when a request carries neither this
    /// row's signature header nor its message id and does carry one of the other's (Svix
    /// sends Standard Webhooks as `svix-*`).
    pub(super) alias: Option<&'static Layout<'static>>,
}

static SMARTER_LAUNCH_SIGNATURE: HeaderName =
    HeaderName::from_static(SMARTER_LAUNCH_DEFAULT_HEADER);
static LTK_TIMESTAMP: HeaderName = HeaderName::from_static("ltk-timestamp");
static LTK_SIGNATURE: HeaderName = HeaderName::from_static("ltk-hmacsignature");
static WEBHOOK_ID: HeaderName = HeaderName::from_static("webhook-id");
static WEBHOOK_TIMESTAMP: HeaderName = HeaderName::from_static("webhook-timestamp");
static WEBHOOK_SIGNATURE: HeaderName = HeaderName::from_static("webhook-signature");
static SVIX_ID: HeaderName = HeaderName::from_static("svix-id");
static SVIX_TIMESTAMP: HeaderName = HeaderName::from_static("svix-timestamp");
static SVIX_SIGNATURE: HeaderName = HeaderName::from_static("svix-signature");
static STRIPE_SIGNATURE: HeaderName = HeaderName::from_static("stripe-signature");
static GITHUB_SIGNATURE: HeaderName = HeaderName::from_static("x-hub-signature-256");
static GITHUB_DELIVERY: HeaderName = HeaderName::from_static("x-github-delivery");
static SHOPIFY_SIGNATURE: HeaderName = HeaderName::from_static("x-shopify-hmac-sha256");
static SHOPIFY_WEBHOOK_ID: HeaderName = HeaderName::from_static("x-shopify-webhook-id");
static SLACK_TIMESTAMP: HeaderName = HeaderName::from_static("x-slack-request-timestamp");
static SLACK_SIGNATURE: HeaderName = HeaderName::from_static("x-slack-signature");

/// Listrak: HMAC(body ‖ timestamp); the encoding sent is the scheme's.
pub(super) static LISTRAK: Layout<'static> = Layout {
    signature: &LTK_SIGNATURE,
    timestamp: Some(&LTK_TIMESTAMP),
    id: None,
    list: List::One { prefix: "" },
    encoding: DigestEncoding::Base64,
    either_encoding: true,
    content: &[Part::Body, Part::Timestamp],
    signs_number: false,
    alias: None,
};

/// Smarter Launch: hex HMAC of the body, in the scheme's header.
pub(super) static SMARTER_LAUNCH: Layout<'static> = Layout {
    signature: &SMARTER_LAUNCH_SIGNATURE,
    timestamp: None,
    id: None,
    list: List::One { prefix: "" },
    encoding: DigestEncoding::Hex,
    either_encoding: false,
    content: &[Part::Body],
    signs_number: false,
    alias: None,
};

const STANDARD_CONTENT: &[Part] = &[
    Part::Id,
    Part::Literal(b"."),
    Part::Timestamp,
    Part::Literal(b"."),
    Part::Body,
];

pub(super) static STANDARD_WEBHOOKS: Layout<'static> = Layout {
    signature: &WEBHOOK_SIGNATURE,
    timestamp: Some(&WEBHOOK_TIMESTAMP),
    id: Some(Id::Signed(&WEBHOOK_ID)),
    list: List::Versioned,
    encoding: DigestEncoding::Base64,
    either_encoding: false,
    content: STANDARD_CONTENT,
    signs_number: true,
    alias: Some(&SVIX),
};

static SVIX: Layout<'static> = Layout {
    signature: &SVIX_SIGNATURE,
    timestamp: Some(&SVIX_TIMESTAMP),
    id: Some(Id::Signed(&SVIX_ID)),
    alias: None,
    ..STANDARD_WEBHOOKS
};

pub(super) static STRIPE: Layout<'static> = Layout {
    signature: &STRIPE_SIGNATURE,
    timestamp: None,
    id: None,
    list: List::Items,
    encoding: DigestEncoding::Hex,
    either_encoding: false,
    content: &[Part::Timestamp, Part::Literal(b"."), Part::Body],
    signs_number: true,
    alias: None,
};

pub(super) static GITHUB: Layout<'static> = Layout {
    signature: &GITHUB_SIGNATURE,
    timestamp: None,
    id: Some(Id::Delivery(&GITHUB_DELIVERY)),
    list: List::One { prefix: "sha256=" },
    encoding: DigestEncoding::Hex,
    either_encoding: false,
    content: &[Part::Body],
    signs_number: false,
    alias: None,
};

pub(super) static SHOPIFY: Layout<'static> = Layout {
    signature: &SHOPIFY_SIGNATURE,
    id: Some(Id::Delivery(&SHOPIFY_WEBHOOK_ID)),
    list: List::One { prefix: "" },
    encoding: DigestEncoding::Base64,
    ..GITHUB
};

pub(super) static SLACK: Layout<'static> = Layout {
    signature: &SLACK_SIGNATURE,
    timestamp: Some(&SLACK_TIMESTAMP),
    id: None,
    list: List::One { prefix: "v0=" },
    encoding: DigestEncoding::Hex,
    either_encoding: false,
    content: &[
        Part::Literal(b"v0:"),
        Part::Timestamp,
        Part::Literal(b":"),
        Part::Body,
    ],
    signs_number: false,
    alias: None,
};

impl<'a> Layout<'a> {
    /// The pieces of the signed content, borrowed where they lie.
    fn parts<'p>(&self, id: &'p [u8], timestamp: &'p [u8], body: &'p [u8]) -> Parts<'p> {
        let mut parts = Parts {
            slots: [&[]; MAX_PARTS],
            len: self.content.len(),
        };
        for (slot, part) in parts.slots.iter_mut().zip(self.content) {
            *slot = match part {
                Part::Id => id,
                Part::Timestamp => timestamp,
                Part::Body => body,
                Part::Literal(bytes) => bytes,
            };
        }
        parts
    }

    /// Whether this scheme signs with every active key, or only the first.
    pub(super) fn signs_with_every_key(&self) -> bool {
        !matches!(self.list, List::One { .. })
    }

    /// The headers for `body`, signed with `keys` (the active ones, first first) at `secs`
    /// (Unix seconds as decimal digits). Headers come in the order a receiver reads them.
    pub(super) fn sign(
        &self,
        keys: &[&KeyEntry],
        id: &MessageId,
        secs: &str,
        body: &[u8],
    ) -> SignedHeaders {
        let parts = self.parts(id.as_str().as_bytes(), secs.as_bytes(), body);
        let parts = parts.as_slice();
        let mut value = String::new();
        match self.list {
            List::One { prefix } => {
                if let Some(Key::Hmac(secret)) = keys.first().map(|entry| entry.key()) {
                    value.push_str(prefix);
                    write_tag(&secret.mac(parts), self.encoding, &mut value);
                }
            }
            List::Versioned => {
                for entry in keys {
                    if !value.is_empty() {
                        value.push(' ');
                    }
                    match entry.key() {
                        Key::Hmac(secret) => {
                            value.push_str("v1,");
                            write_tag(&secret.mac(parts), DigestEncoding::Base64, &mut value);
                        }
                        Key::Ed25519Signing(key) => {
                            value.push_str("v1a,");
                            write_tag(&key.sign_parts(parts), DigestEncoding::Base64, &mut value);
                        }
                        // `Signer::new` refuses public keys: they cannot sign.
                        Key::Ed25519Verifying(_) => {}
                    }
                }
            }
            List::Items => {
                value.push_str("t=");
                value.push_str(secs);
                for entry in keys {
                    if let Key::Hmac(secret) = entry.key() {
                        value.push_str(",v1=");
                        write_tag(&secret.mac(parts), DigestEncoding::Hex, &mut value);
                    }
                }
            }
        }

        let mut out = SignedHeaders::default();
        if let Some(Id::Signed(name)) = self.id {
            out.push(name, id.as_str().to_owned());
        }
        if let Some(name) = self.timestamp {
            out.push(name, secs.to_owned());
        }
        out.push(self.signature, value);
        if let Some(Id::Delivery(name)) = self.id {
            out.push(name, id.as_str().to_owned());
        }
        out
    }

    /// This row, or its alias when the request was sent under the alias's names.
    fn family(&self, headers: &HeaderMap) -> &Layout<'a> {
        let carries = |layout: &Layout<'_>| {
            headers.contains_key(layout.signature)
                || matches!(layout.id, Some(Id::Signed(name)) if headers.contains_key(name))
        };
        match self.alias {
            Some(alias) if !carries(self) && carries(alias) => alias,
            _ => self,
        }
    }

    /// Checks a request's signature against `keys`, reading its headers in the order the
    /// module doc gives.
    pub(super) fn verify(
        &self,
        keys: &Keyring,
        tolerance: Tolerance,
        headers: &HeaderMap,
        body: &[u8],
        now: Timestamp,
    ) -> Result<Verified, VerifyError> {
        let layout = self.family(headers);
        let signature = layout.signature;

        let signed_id = match layout.id {
            Some(Id::Signed(name)) => Some(read::message_id(headers, name)?),
            _ => None,
        };
        let mut stamp = match layout.timestamp {
            Some(name) => {
                let (at, text) = read::timestamp(headers, name)?;
                tolerance.check(at, now)?;
                Some((at, text))
            }
            None => None,
        };

        let accepts = match (layout.either_encoding, layout.encoding) {
            (true, _) => "base64 or hex",
            (false, DigestEncoding::Base64) => "base64",
            (false, DigestEncoding::Hex) => "hex",
        };
        let mut candidates = Candidates::new(signature.as_str(), accepts);
        match layout.list {
            List::One { prefix } => {
                let (value, _) = read::single(headers, signature)?;
                if let Some(tag) = value.strip_prefix(prefix) {
                    candidates.push(tag, layout.form_of(tag));
                }
            }
            List::Versioned => {
                read::each(headers, signature, |value| {
                    for entry in value.split(' ') {
                        let entry = read::trim_ows(entry);
                        if let Some(tag) = entry.strip_prefix("v1,") {
                            candidates.push(tag, Form::HmacBase64);
                        } else if let Some(signature) = entry.strip_prefix("v1a,") {
                            candidates.push(signature, Form::Ed25519Base64);
                        }
                    }
                })?;
            }
            List::Items => {
                let (value, _) = read::single(headers, signature)?;
                let malformed = |reason| VerifyError::MalformedHeader {
                    name: signature.as_str().to_owned(),
                    reason,
                };
                // Read as Stripe's libraries read it: each item split at its first `=`, the
                // names matched exactly (` v1` after `, ` is not a `v1`), only `t` trimmed.
                let mut t = None;
                for item in value.split(',') {
                    match item.split_once('=') {
                        Some(("t", _)) if t.is_some() => {
                            return Err(malformed("more than one `t=` timestamp"));
                        }
                        Some(("t", text)) => t = Some(read::trim_ows(text)),
                        Some(("v1", tag)) => candidates.push(tag, Form::HmacHex),
                        _ => {}
                    }
                }
                let text = t.ok_or_else(|| malformed("no `t=` timestamp"))?;
                let at = read::unix_secs(text, signature)?;
                tolerance.check(at, now)?;
                stamp = Some((at, text));
            }
        }

        let printed;
        let timestamp: &[u8] = match stamp {
            Some((at, text)) if layout.signs_number && !read::is_canonical_secs(text) => {
                printed = at.unix_secs().to_string();
                printed.as_bytes()
            }
            Some((_, text)) => text.as_bytes(),
            None => b"",
        };
        let id = signed_id.map_or(&b""[..], |(text, _)| text.as_bytes());
        let parts = layout.parts(id, timestamp, body);
        let matched = candidates.find_key(keys, now, parts.as_slice())?;

        let id_value = match layout.id {
            Some(Id::Signed(_)) => signed_id.map(|(_, value)| value),
            Some(Id::Delivery(name)) => read::optional(headers, name)?
                .filter(|(text, _)| !text.is_empty())
                .map(|(_, value)| value),
            None => None,
        };
        Ok(Verified::new(matched, stamp.map(|(at, _)| at), id_value))
    }

    /// How a lone HMAC tag is written. Listrak's either-encoding receipt tells hex by its
    /// shape: 64 hex digits cannot be base64 of 32 bytes (44 characters).
    fn form_of(&self, tag: &str) -> Form {
        let hex_shaped = tag.len() == 64 && tag.bytes().all(|b| b.is_ascii_hexdigit());
        match (self.either_encoding, self.encoding) {
            // Either encoding is read by the tag's shape, whichever one this side sends.
            (true, _) if hex_shaped => Form::HmacHex,
            (true, _) | (false, DigestEncoding::Base64) => Form::HmacBase64,
            (false, DigestEncoding::Hex) => Form::HmacHex,
        }
    }
}

/// The most pieces any row's content has.
const MAX_PARTS: usize = 5;

/// A row's content pieces, on the stack.
struct Parts<'p> {
    slots: [&'p [u8]; MAX_PARTS],
    len: usize,
}

impl<'p> Parts<'p> {
    fn as_slice(&self) -> &[&'p [u8]] {
        &self.slots[..self.len]
    }
}

/// Appends `tag` to `out` in `encoding` (base64 with its padding, or lower-case hex).
fn write_tag(tag: &[u8], encoding: DigestEncoding, out: &mut String) {
    use base64::Engine as _;
    match encoding {
        DigestEncoding::Base64 => base64::engine::general_purpose::STANDARD.encode_string(tag, out),
        DigestEncoding::Hex => out.push_str(&hex::encode(tag)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_fits_the_parts_buffer() {
        for layout in [
            &LISTRAK,
            &SMARTER_LAUNCH,
            &STANDARD_WEBHOOKS,
            &SVIX,
            &STRIPE,
            &GITHUB,
            &SHOPIFY,
            &SLACK,
        ] {
            assert!(layout.content.len() <= MAX_PARTS);
        }
    }
}
