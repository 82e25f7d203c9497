//! Signing outgoing webhooks and verifying incoming ones, for every scheme our users meet.
//!
//! A [`Scheme`] says how a signature is laid out; a [`Signer`] (sender) or a [`Verifier`]
//! (receiver) pairs it with a [`Keyring`]. Both work on the exact bytes of the body:
//! never on a re-serialized object, because serializers disagree. Smarter Launch's own
//! documentation shows the trap: Node's `JSON.stringify({"a": 1})` gives `{"a":1}` while
//! Python's `json.dumps` gives `{"a": 1}`, so a receiver that parses the body and
//! re-serializes it before checking computes an HMAC over different bytes than the sender
//! signed. Sign the bytes you send; verify the bytes you received.
//!
//! | scheme | headers | signed content | encoding | timestamp tolerance (default) |
//! | --- | --- | --- | --- | --- |
//! | [`Scheme::Listrak`] | `LTK-Timestamp`, `LTK-HmacSignature` | body ‖ timestamp | base64 (hex accepted) | 15 min past and future |
//! | [`Scheme::SmarterLaunch`] | `X-Signature` (configurable) | body | hex | none (no timestamp) |
//! | [`Scheme::StandardWebhooks`] | `webhook-id`, `webhook-timestamp`, `webhook-signature` (`svix-*` accepted) | id.timestamp.body | `v1,`base64 HMAC / `v1a,`base64 ed25519 | 5 min past and future |
//! | [`Scheme::Stripe`] | `Stripe-Signature: t=…,v1=…` | timestamp.body | hex | 5 min past and future |
//! | [`Scheme::GitHub`] | `X-Hub-Signature-256: sha256=…` | body | hex | none |
//! | [`Scheme::Shopify`] | `X-Shopify-Hmac-Sha256` | body | base64 | none |
//! | [`Scheme::Slack`] | `X-Slack-Request-Timestamp`, `X-Slack-Signature: v0=…` | `v0:`timestamp`:`body | hex | 5 min past and future |
//!
//! Where the references are silent or strict, verification reads headers as the schemes' own
//! libraries do (`tests/reference_parity.rs` pins each case):
//!
//! - A timestamp is digits after an optional `+`, trimmed of surrounding spaces and tabs.
//!   Standard Webhooks and Stripe sign the timestamp's number (`01614265330` is signed as
//!   `1614265330`); Listrak and Slack sign the header's text as it came.
//! - Base64 signatures carry their `=` padding; hex may be either case.
//! - `Stripe-Signature` items are `name=value` between commas, with nothing trimmed but the
//!   `t` value: `, v1=` does not name a `v1`.
//! - A request may offer at most eight signatures of a supported kind; later ones are not
//!   looked at, so a header padded with thousands cannot cost thousands of comparisons.
//! - Timestamps are checked in both directions. The Stripe and Listrak references check
//!   only the past; give [`Tolerance::new`] a long future bound to match them.

mod body_hmac;
mod candidates;
mod codec;
mod error;
mod listrak;
mod persist;
mod read;
mod slack;
mod standard;
mod stripe;
mod words;

use std::sync::Arc;
use std::time::Duration;

use http::{HeaderMap, HeaderName, HeaderValue};

pub use error::{SignError, VerifyError};

use crate::Timestamp;
use crate::error::ConfigError;
use crate::keyring::{Key, KeyEntry, Keyring};
use crate::message_id::MessageId;
use candidates::KeyMatch;

/// The header Smarter Launch signatures travel in unless configured otherwise. Smarter
/// Launch's documentation does not name it, so hookwire picks the most common generic name;
/// set the real one with [`Scheme::smarter_launch_with_header`].
pub const SMARTER_LAUNCH_DEFAULT_HEADER: &str = "x-signature";

/// How a digest is written as text.
///
/// ```
/// use hookwire::{DigestEncoding, Scheme};
/// let scheme = Scheme::Listrak { encoding: DigestEncoding::Hex };
/// assert_eq!(scheme.name(), "listrak");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DigestEncoding {
    /// Standard base64 with padding.
    Base64,
    /// Lower-case hexadecimal (either case is accepted on receipt).
    Hex,
}

/// A signature layout: which headers, what is signed, how it is encoded.
///
/// ```
/// use hookwire::Scheme;
///
/// let scheme = Scheme::from_name("standard").unwrap();
/// assert_eq!(scheme, Scheme::StandardWebhooks);
/// assert_eq!(scheme.default_tolerance().unwrap().past().as_secs(), 300);
/// assert!(Scheme::GitHub.default_tolerance().is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Scheme {
    /// Listrak (`LTK-*` headers). `encoding` is what the sender writes; receipt accepts both.
    Listrak {
        /// The encoding to send.
        encoding: DigestEncoding,
    },
    /// Smarter Launch: hex HMAC of the body in one header.
    SmarterLaunch {
        /// The header carrying the signature.
        header: HeaderName,
    },
    /// Standard Webhooks 1.0 (`v1` HMAC and `v1a` ed25519), also as Svix sends it.
    StandardWebhooks,
    /// Stripe-style `t=…,v1=…`.
    Stripe,
    /// GitHub's `X-Hub-Signature-256`.
    GitHub,
    /// Shopify's `X-Shopify-Hmac-Sha256`.
    Shopify,
    /// Slack's `v0` request signing.
    Slack,
}

impl Scheme {
    /// Listrak, sending base64 as its Python and C# samples do.
    ///
    /// ```
    /// assert_eq!(hookwire::Scheme::listrak().name(), "listrak");
    /// ```
    pub fn listrak() -> Self {
        Scheme::Listrak {
            encoding: DigestEncoding::Base64,
        }
    }

    /// Smarter Launch with the default header, [`SMARTER_LAUNCH_DEFAULT_HEADER`].
    ///
    /// ```
    /// assert_eq!(hookwire::Scheme::smarter_launch().name(), "smarter-launch");
    /// ```
    pub fn smarter_launch() -> Self {
        Scheme::SmarterLaunch {
            header: HeaderName::from_static(SMARTER_LAUNCH_DEFAULT_HEADER),
        }
    }

    /// Smarter Launch with the signature in header `name`.
    ///
    /// ```
    /// assert!(hookwire::Scheme::smarter_launch_with_header("X-SL-Signature").is_ok());
    /// assert!(hookwire::Scheme::smarter_launch_with_header("bad name").is_err());
    /// ```
    pub fn smarter_launch_with_header(name: &str) -> Result<Self, ConfigError> {
        let header = HeaderName::from_bytes(name.trim().as_bytes()).map_err(|_| {
            ConfigError::InvalidHeaderName {
                name: name.to_owned(),
            }
        })?;
        Ok(Scheme::SmarterLaunch { header })
    }

    /// The scheme for a command-line name: `listrak`, `listrak-hex`, `smarter-launch`,
    /// `standard` (or `standard-v1a`, the same scheme with ed25519 keys), `stripe`, `github`,
    /// `shopify`, `slack`.
    ///
    /// ```
    /// assert_eq!(hookwire::Scheme::from_name("github"), Some(hookwire::Scheme::GitHub));
    /// assert_eq!(hookwire::Scheme::from_name("nope"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "listrak" => Scheme::listrak(),
            "listrak-hex" => Scheme::Listrak {
                encoding: DigestEncoding::Hex,
            },
            "smarter-launch" => Scheme::smarter_launch(),
            "standard" | "standard-v1a" | "standard-webhooks" | "svix" => Scheme::StandardWebhooks,
            "stripe" => Scheme::Stripe,
            "github" => Scheme::GitHub,
            "shopify" => Scheme::Shopify,
            "slack" => Scheme::Slack,
            _ => return None,
        })
    }

    /// The scheme's command-line name.
    ///
    /// ```
    /// assert_eq!(hookwire::Scheme::StandardWebhooks.name(), "standard");
    /// ```
    pub fn name(&self) -> &'static str {
        match self {
            Scheme::Listrak { .. } => "listrak",
            Scheme::SmarterLaunch { .. } => "smarter-launch",
            Scheme::StandardWebhooks => "standard",
            Scheme::Stripe => "stripe",
            Scheme::GitHub => "github",
            Scheme::Shopify => "shopify",
            Scheme::Slack => "slack",
        }
    }

    /// The tolerance a verifier uses unless told otherwise; `None` for schemes that carry
    /// no timestamp. Listrak's documentation suggests 15 minutes; Standard Webhooks, Stripe
    /// and Slack use 5 minutes. hookwire checks both directions for all of them (the Stripe
    /// and Listrak references check only the past).
    ///
    /// ```
    /// let tolerance = hookwire::Scheme::listrak().default_tolerance().unwrap();
    /// assert_eq!(tolerance.past().as_secs(), 900);
    /// assert_eq!(tolerance.future().as_secs(), 900);
    /// ```
    pub fn default_tolerance(&self) -> Option<Tolerance> {
        match self {
            Scheme::Listrak { .. } => Some(Tolerance::symmetric(Duration::from_secs(15 * 60))),
            Scheme::StandardWebhooks | Scheme::Stripe | Scheme::Slack => {
                Some(Tolerance::symmetric(Duration::from_secs(5 * 60)))
            }
            Scheme::SmarterLaunch { .. } | Scheme::GitHub | Scheme::Shopify => None,
        }
    }

    /// Whether signatures carry a timestamp (and so can be checked against a tolerance).
    ///
    /// ```
    /// assert!(hookwire::Scheme::Stripe.has_timestamp());
    /// assert!(!hookwire::Scheme::Shopify.has_timestamp());
    /// ```
    pub fn has_timestamp(&self) -> bool {
        self.default_tolerance().is_some()
    }

    /// How many keys sign one message: every active key for schemes with room for several
    /// signatures (Standard Webhooks, Stripe), the first active key otherwise.
    fn signs_with_every_key(&self) -> bool {
        matches!(self, Scheme::StandardWebhooks | Scheme::Stripe)
    }

    fn accepts(&self, key: &Key, signing: bool) -> bool {
        match (self, key) {
            (_, Key::Hmac(_)) => true,
            (Scheme::StandardWebhooks, Key::Ed25519Signing(_)) => true,
            (Scheme::StandardWebhooks, Key::Ed25519Verifying(_)) => !signing,
            _ => false,
        }
    }

    fn check_keys(&self, keys: &Keyring, signing: bool) -> Result<(), ConfigError> {
        if keys.is_empty() {
            return Err(ConfigError::NoKeys {
                scheme: self.name(),
            });
        }
        for (index, entry) in keys.entries().iter().enumerate() {
            if !self.accepts(entry.key(), signing) {
                return Err(ConfigError::UnusableKey {
                    scheme: self.name(),
                    kind: entry.key().kind(),
                    index,
                });
            }
        }
        Ok(())
    }

    fn body_hmac_layout(&self) -> Option<body_hmac::Layout<'_>> {
        match self {
            Scheme::GitHub => Some(body_hmac::Layout {
                header: &body_hmac::GITHUB_SIGNATURE,
                prefix: "sha256=",
                encoding: DigestEncoding::Hex,
                delivery_id: Some(&body_hmac::GITHUB_DELIVERY),
            }),
            Scheme::Shopify => Some(body_hmac::Layout {
                header: &body_hmac::SHOPIFY_SIGNATURE,
                prefix: "",
                encoding: DigestEncoding::Base64,
                delivery_id: Some(&body_hmac::SHOPIFY_WEBHOOK_ID),
            }),
            Scheme::SmarterLaunch { header } => Some(body_hmac::Layout {
                header,
                prefix: "",
                encoding: DigestEncoding::Hex,
                delivery_id: None,
            }),
            _ => None,
        }
    }
}

/// How far a signed timestamp may lie in the past and in the future of `now`.
/// Both bounds are inclusive: a timestamp exactly `past` old is accepted.
///
/// ```
/// use std::time::Duration;
/// use hookwire::Tolerance;
///
/// let tolerance = Tolerance::new(Duration::from_secs(600), Duration::from_secs(30));
/// assert_eq!(tolerance.past(), Duration::from_secs(600));
/// assert_eq!(tolerance.future(), Duration::from_secs(30));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Tolerance {
    past: Duration,
    future: Duration,
}

impl Tolerance {
    /// Separate bounds for the past and the future.
    ///
    /// ```
    /// let t = hookwire::Tolerance::new(std::time::Duration::ZERO, std::time::Duration::ZERO);
    /// assert_eq!(t.past(), std::time::Duration::ZERO);
    /// ```
    pub const fn new(past: Duration, future: Duration) -> Self {
        Tolerance { past, future }
    }

    /// The same bound both ways.
    ///
    /// ```
    /// let t = hookwire::Tolerance::symmetric(std::time::Duration::from_secs(60));
    /// assert_eq!(t.past(), t.future());
    /// ```
    pub const fn symmetric(both: Duration) -> Self {
        Tolerance {
            past: both,
            future: both,
        }
    }

    /// How old a timestamp may be.
    ///
    /// ```
    /// assert_eq!(hookwire::Tolerance::symmetric(std::time::Duration::from_secs(5)).past().as_secs(), 5);
    /// ```
    pub const fn past(&self) -> Duration {
        self.past
    }

    /// How far ahead of `now` a timestamp may be.
    ///
    /// ```
    /// assert_eq!(hookwire::Tolerance::symmetric(std::time::Duration::from_secs(5)).future().as_secs(), 5);
    /// ```
    pub const fn future(&self) -> Duration {
        self.future
    }
}

/// What is being signed: the caller's message id, the signing time and the exact body bytes.
pub(crate) struct Message<'a> {
    pub(crate) id: &'a MessageId,
    pub(crate) timestamp: Timestamp,
    pub(crate) body: &'a [u8],
}

/// Unix seconds as decimal text in a stack buffer: the signed content needs the digits and
/// a heap `String` per signature would cost more than the digits themselves.
pub(crate) struct SecsText {
    buf: [u8; 20],
    start: usize,
}

impl SecsText {
    pub(crate) fn new(timestamp: Timestamp) -> Self {
        let mut buf = [0u8; 20];
        let mut start = buf.len();
        // Signing times before 1970 are clamped to 0: no scheme can express them.
        let mut secs = timestamp.unix_secs().max(0).unsigned_abs();
        loop {
            start -= 1;
            buf[start] = b'0' + (secs % 10) as u8;
            secs /= 10;
            if secs == 0 {
                break;
            }
        }
        SecsText { buf, start }
    }

    pub(crate) fn as_bytes(&self) -> &[u8] {
        &self.buf[self.start..]
    }

    pub(crate) fn header_value(&self) -> HeaderValue {
        // Digits are always a valid header value.
        HeaderValue::from_bytes(self.as_bytes()).unwrap_or(HeaderValue::from_static("0"))
    }

    pub(crate) fn as_str(&self) -> &str {
        // Only ASCII digits were written.
        std::str::from_utf8(self.as_bytes()).unwrap_or("0")
    }
}

/// The headers a [`Signer`] produced, to add to the outgoing request.
///
/// ```
/// use hookwire::{Keyring, MessageId, Scheme, Secret, Signer, Timestamp};
///
/// let signer = Signer::new(Scheme::Shopify, Keyring::new().with(Secret::from_text("test_secret_key")?))?;
/// let headers = signer.sign(&MessageId::new("m1")?, Timestamp::UNIX_EPOCH, br#"{"foo": "bar"}"#).unwrap();
/// let mut map = http::HeaderMap::new();
/// headers.apply_to(&mut map);
/// assert_eq!(map["x-shopify-hmac-sha256"], "B23tXN681gZ0qIWNRrgtzBE9XSDo5yaUu6wfmhu3a7g=");
/// # Ok::<(), hookwire::ConfigError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SignedHeaders {
    headers: Vec<(HeaderName, HeaderValue)>,
}

impl SignedHeaders {
    fn push(&mut self, name: HeaderName, value: HeaderValue) {
        self.headers.push((name, value));
    }

    fn push_str(&mut self, name: HeaderName, value: &str) {
        // Every value written here is base64, hex, digits or a MessageId: visible ASCII.
        if let Ok(value) = HeaderValue::from_str(value) {
            self.headers.push((name, value));
        }
    }

    /// Like `push_str`, but hands the string's buffer over instead of copying it.
    fn push_string(&mut self, name: HeaderName, value: String) {
        if let Ok(value) = HeaderValue::from_maybe_shared(bytes::Bytes::from(value.into_bytes())) {
            self.headers.push((name, value));
        }
    }

    /// The headers, in the order the scheme defines.
    ///
    /// ```
    /// # use hookwire::{Keyring, MessageId, Scheme, Secret, Signer, Timestamp};
    /// let signer = Signer::new(Scheme::Slack, Keyring::new().with(Secret::from_text("s")?))?;
    /// let signed = signer.sign(&MessageId::new("m")?, Timestamp::from_unix_secs(1), b"").unwrap();
    /// assert_eq!(signed.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(),
    ///            ["x-slack-request-timestamp", "x-slack-signature"]);
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn iter(&self) -> impl Iterator<Item = (&HeaderName, &HeaderValue)> {
        self.headers.iter().map(|(name, value)| (name, value))
    }

    /// The value of header `name`, if the scheme wrote it.
    ///
    /// ```
    /// # use hookwire::{Keyring, MessageId, Scheme, Secret, Signer, Timestamp};
    /// let signer = Signer::new(Scheme::GitHub, Keyring::new().with(Secret::from_text("s")?))?;
    /// let signed = signer.sign(&MessageId::new("m")?, Timestamp::UNIX_EPOCH, b"").unwrap();
    /// assert!(signed.get("X-Hub-Signature-256").unwrap().to_str().unwrap().starts_with("sha256="));
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn get(&self, name: &str) -> Option<&HeaderValue> {
        self.headers
            .iter()
            .find(|(n, _)| n.as_str().eq_ignore_ascii_case(name))
            .map(|(_, value)| value)
    }

    /// Sets every header on `headers`, replacing values of the same name.
    ///
    /// ```
    /// # use hookwire::{Keyring, MessageId, Scheme, Secret, Signer, Timestamp};
    /// let signer = Signer::new(Scheme::GitHub, Keyring::new().with(Secret::from_text("s")?))?;
    /// let mut map = http::HeaderMap::new();
    /// signer.sign(&MessageId::new("m")?, Timestamp::UNIX_EPOCH, b"").unwrap().apply_to(&mut map);
    /// assert!(map.contains_key("x-hub-signature-256"));
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn apply_to(&self, headers: &mut HeaderMap) {
        for (name, value) in &self.headers {
            headers.insert(name, value.clone());
        }
    }
}

impl IntoIterator for SignedHeaders {
    type Item = (HeaderName, HeaderValue);
    type IntoIter = std::vec::IntoIter<(HeaderName, HeaderValue)>;

    fn into_iter(self) -> Self::IntoIter {
        self.headers.into_iter()
    }
}

/// Signs outgoing webhooks: a [`Scheme`] and the [`Keyring`] to sign with.
///
/// ```
/// use hookwire::{Keyring, MessageId, Scheme, Secret, Signer, Timestamp};
///
/// // Standard Webhooks' published vector (SW-1).
/// let keys = Keyring::new().with(Secret::from_whsec("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")?);
/// let signer = Signer::new(Scheme::StandardWebhooks, keys)?;
/// let id = MessageId::new("msg_p5jXN8AQM9LWM0D4loKWxJek")?;
/// let signed = signer.sign(&id, Timestamp::from_unix_secs(1_614_265_330), br#"{"test": 2432232314}"#).unwrap();
/// assert_eq!(signed.get("webhook-signature").unwrap(), "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
/// # Ok::<(), hookwire::ConfigError>(())
/// ```
#[derive(Debug, Clone)]
pub struct Signer {
    scheme: Scheme,
    keys: Keyring,
}

impl Signer {
    /// A signer; fails if the keyring is empty or holds a key the scheme cannot sign with.
    ///
    /// ```
    /// use hookwire::{ConfigError, Keyring, Scheme, Signer};
    /// assert!(matches!(Signer::new(Scheme::GitHub, Keyring::new()), Err(ConfigError::NoKeys { .. })));
    /// ```
    pub fn new(scheme: Scheme, keys: Keyring) -> Result<Self, ConfigError> {
        scheme.check_keys(&keys, true)?;
        Ok(Signer { scheme, keys })
    }

    /// The scheme.
    ///
    /// ```
    /// # use hookwire::{Keyring, Scheme, Secret, Signer};
    /// let signer = Signer::new(Scheme::Slack, Keyring::new().with(Secret::from_text("s")?))?;
    /// assert_eq!(signer.scheme(), &Scheme::Slack);
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn scheme(&self) -> &Scheme {
        &self.scheme
    }

    /// Signs `body` as sent at `timestamp`, returning the headers to add. Keys expired at
    /// `timestamp` are skipped.
    ///
    /// ```
    /// use hookwire::{Keyring, MessageId, Scheme, Secret, Signer, Timestamp};
    /// let signer = Signer::new(Scheme::listrak(), Keyring::new().with(Secret::from_text("s")?))?;
    /// let signed = signer.sign(&MessageId::new("m")?, Timestamp::from_unix_secs(1_700_000_000), b"{}").unwrap();
    /// assert_eq!(signed.get("LTK-Timestamp").unwrap(), "1700000000");
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn sign(
        &self,
        id: &MessageId,
        timestamp: Timestamp,
        body: &[u8],
    ) -> Result<SignedHeaders, SignError> {
        let mut active: Vec<&KeyEntry> = self
            .keys
            .active(timestamp)
            .map(|(_, entry)| entry)
            .collect();
        if active.is_empty() {
            return Err(SignError::NoActiveKey { at: timestamp });
        }
        if !self.scheme.signs_with_every_key() {
            active.truncate(1);
        }
        let message = Message {
            id,
            timestamp,
            body,
        };
        let mut out = SignedHeaders {
            headers: Vec::with_capacity(3),
        };
        match &self.scheme {
            Scheme::Listrak { encoding } => listrak::sign(*encoding, &active, &message, &mut out),
            Scheme::StandardWebhooks => standard::sign(&active, &message, &mut out),
            Scheme::Stripe => stripe::sign(&active, &message, &mut out),
            Scheme::Slack => slack::sign(&active, &message, &mut out),
            scheme => {
                if let Some(layout) = scheme.body_hmac_layout() {
                    body_hmac::sign(&layout, &active, &message, &mut out);
                }
            }
        }
        Ok(out)
    }
}

/// Verifies incoming webhooks: a [`Scheme`], the [`Keyring`] of accepted keys and, for
/// schemes with a timestamp, a [`Tolerance`] (the scheme's default unless set).
///
/// ```
/// use http::HeaderMap;
/// use hookwire::{Keyring, Scheme, Secret, Timestamp, Verifier};
///
/// let keys = Keyring::new().with(Secret::from_text("It's a Secret to Everybody")?);
/// let verifier = Verifier::new(Scheme::GitHub, keys)?;
/// let mut headers = HeaderMap::new();
/// headers.insert("X-Hub-Signature-256",
///     "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17".parse().unwrap());
/// let verified = verifier.verify(&headers, b"Hello, World!", Timestamp::UNIX_EPOCH).unwrap();
/// assert_eq!(verified.key_index(), 0);
/// # Ok::<(), hookwire::ConfigError>(())
/// ```
#[derive(Debug, Clone)]
pub struct Verifier {
    scheme: Scheme,
    keys: Keyring,
    tolerance: Option<Tolerance>,
}

impl Verifier {
    /// A verifier with the scheme's default tolerance; fails if the keyring is empty or
    /// holds a key the scheme cannot verify with.
    ///
    /// ```
    /// use hookwire::{ConfigError, Ed25519SigningKey, Keyring, Scheme, Verifier};
    /// let ed = Ed25519SigningKey::from_bytes(&[1; 32])?;
    /// let err = Verifier::new(Scheme::Stripe, Keyring::new().with(ed)).unwrap_err();
    /// assert!(matches!(err, ConfigError::UnusableKey { .. }));
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn new(scheme: Scheme, keys: Keyring) -> Result<Self, ConfigError> {
        scheme.check_keys(&keys, false)?;
        let tolerance = scheme.default_tolerance();
        Ok(Verifier {
            scheme,
            keys,
            tolerance,
        })
    }

    /// Replaces the tolerance. Refused for schemes that carry no timestamp, where it would
    /// silently check nothing.
    ///
    /// ```
    /// use std::time::Duration;
    /// use hookwire::{Keyring, Scheme, Secret, Tolerance, Verifier};
    /// let keys = Keyring::new().with(Secret::from_text("s")?);
    /// let v = Verifier::new(Scheme::Slack, keys.clone())?.with_tolerance(Tolerance::symmetric(Duration::from_secs(60)))?;
    /// assert_eq!(v.tolerance().unwrap().past().as_secs(), 60);
    /// assert!(Verifier::new(Scheme::GitHub, keys)?.with_tolerance(Tolerance::symmetric(Duration::ZERO)).is_err());
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn with_tolerance(mut self, tolerance: Tolerance) -> Result<Self, ConfigError> {
        if !self.scheme.has_timestamp() {
            return Err(ConfigError::InvalidSetting {
                setting: "tolerance",
                reason: "this scheme's signatures carry no timestamp",
            });
        }
        self.tolerance = Some(tolerance);
        Ok(self)
    }

    /// The scheme.
    ///
    /// ```
    /// # use hookwire::{Keyring, Scheme, Secret, Verifier};
    /// let v = Verifier::new(Scheme::Shopify, Keyring::new().with(Secret::from_text("s")?))?;
    /// assert_eq!(v.scheme(), &Scheme::Shopify);
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn scheme(&self) -> &Scheme {
        &self.scheme
    }

    /// The tolerance in force, `None` for schemes without a timestamp.
    ///
    /// ```
    /// # use hookwire::{Keyring, Scheme, Secret, Verifier};
    /// let v = Verifier::new(Scheme::Shopify, Keyring::new().with(Secret::from_text("s")?))?;
    /// assert!(v.tolerance().is_none());
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn tolerance(&self) -> Option<Tolerance> {
        self.tolerance
    }

    /// The keyring.
    ///
    /// ```
    /// # use hookwire::{Keyring, Scheme, Secret, Verifier};
    /// let v = Verifier::new(Scheme::Shopify, Keyring::new().with(Secret::from_text("s")?))?;
    /// assert_eq!(v.keys().len(), 1);
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn keys(&self) -> &Keyring {
        &self.keys
    }

    /// Checks the signature (and timestamp, where the scheme has one) of a request with
    /// these `headers` and exactly these `body` bytes, received at `now`.
    ///
    /// The body may be any bytes; it need not be UTF-8. Header names match in any case and
    /// values are trimmed of surrounding spaces and tabs.
    ///
    /// ```
    /// use http::HeaderMap;
    /// use hookwire::{Keyring, Scheme, Secret, Timestamp, Verifier, VerifyError};
    ///
    /// let verifier = Verifier::new(Scheme::StandardWebhooks,
    ///     Keyring::new().with(Secret::from_whsec("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")?))?;
    /// let mut headers = HeaderMap::new();
    /// headers.insert("webhook-id", "msg_p5jXN8AQM9LWM0D4loKWxJek".parse().unwrap());
    /// headers.insert("webhook-timestamp", "1614265330".parse().unwrap());
    /// headers.insert("webhook-signature", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=".parse().unwrap());
    /// let body = br#"{"test": 2432232314}"#;
    ///
    /// let verified = verifier.verify(&headers, body, Timestamp::from_unix_secs(1_614_265_330))?;
    /// assert_eq!(verified.message_id(), Some("msg_p5jXN8AQM9LWM0D4loKWxJek"));
    ///
    /// let late = verifier.verify(&headers, body, Timestamp::from_unix_secs(1_614_265_330 + 301));
    /// assert!(matches!(late, Err(VerifyError::TimestampTooOld { .. })));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn verify(
        &self,
        headers: &HeaderMap,
        body: &[u8],
        now: Timestamp,
    ) -> Result<Verified, VerifyError> {
        // Schemes without a timestamp never read the tolerance; the others always have one.
        let tolerance = self
            .tolerance
            .unwrap_or(Tolerance::symmetric(Duration::ZERO));
        match &self.scheme {
            Scheme::Listrak { .. } => listrak::verify(&self.keys, tolerance, headers, body, now),
            Scheme::StandardWebhooks => standard::verify(&self.keys, tolerance, headers, body, now),
            Scheme::Stripe => stripe::verify(&self.keys, tolerance, headers, body, now),
            Scheme::Slack => slack::verify(&self.keys, tolerance, headers, body, now),
            scheme => match scheme.body_hmac_layout() {
                Some(layout) => body_hmac::verify(&layout, &self.keys, headers, body, now),
                None => Err(VerifyError::SignatureMismatch),
            },
        }
    }
}

/// A successful verification: which key matched, and what the request said about itself.
///
/// ```
/// # use http::HeaderMap;
/// # use hookwire::{KeyEntry, Keyring, Scheme, Secret, Timestamp, Verifier};
/// let keys = Keyring::new()
///     .with(KeyEntry::new(Secret::from_text("new")?).label("new"))
///     .with(KeyEntry::new(Secret::from_text("test_secret_key")?).label("old"));
/// let verifier = Verifier::new(Scheme::Shopify, keys)?;
/// let mut headers = HeaderMap::new();
/// headers.insert("x-shopify-hmac-sha256", "B23tXN681gZ0qIWNRrgtzBE9XSDo5yaUu6wfmhu3a7g=".parse().unwrap());
/// headers.insert("x-shopify-webhook-id", "b54557e4".parse().unwrap());
/// let verified = verifier.verify(&headers, br#"{"foo": "bar"}"#, Timestamp::UNIX_EPOCH).unwrap();
/// assert_eq!((verified.key_index(), verified.key_label()), (1, Some("old")));
/// assert_eq!(verified.message_id(), Some("b54557e4"));
/// assert_eq!(verified.timestamp(), None);
/// # Ok::<(), hookwire::ConfigError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    key_index: usize,
    key_label: Option<Arc<str>>,
    timestamp: Option<Timestamp>,
    /// Kept as the header value it came in (no copy); checked to be visible ASCII.
    message_id: Option<HeaderValue>,
}

impl Verified {
    fn new(
        matched: KeyMatch,
        timestamp: Option<Timestamp>,
        message_id: Option<&HeaderValue>,
    ) -> Self {
        Verified {
            key_index: matched.index,
            key_label: matched.label,
            timestamp,
            message_id: message_id.cloned(),
        }
    }

    /// The position in the keyring of the key that matched.
    ///
    /// See [`Verified`] for an example.
    pub fn key_index(&self) -> usize {
        self.key_index
    }

    /// The label of the key that matched, if it has one.
    ///
    /// See [`Verified`] for an example.
    pub fn key_label(&self) -> Option<&str> {
        self.key_label.as_deref()
    }

    /// The signed timestamp, for schemes that carry one.
    ///
    /// See [`Verifier::verify`] for an example.
    pub fn timestamp(&self) -> Option<Timestamp> {
        self.timestamp
    }

    /// The sender's message or delivery id (`webhook-id`, `X-GitHub-Delivery`,
    /// `X-Shopify-Webhook-Id`), for replay guards.
    ///
    /// See [`Verified`] for an example.
    pub fn message_id(&self) -> Option<&str> {
        // Only values that passed `to_str` are stored, so this never yields `None` for a
        // present id; surrounding whitespace is trimmed as it was when verifying.
        self.message_id
            .as_ref()
            .and_then(|value| value.to_str().ok())
            .map(read::trim_ows_str)
    }
}
