//! [`Keyring`]: the set of keys a signer signs with or a verifier accepts, for rotation.

use std::sync::Arc;

use super::ed25519::{Ed25519SigningKey, Ed25519VerifyingKey, WHPK_PREFIX, WHSK_PREFIX};
use super::secret::Secret;
use crate::error::ConfigError;
use crate::time::Timestamp;

/// One key: a shared HMAC secret or one half of an ed25519 key pair.
///
/// ```
/// use hookwire::Key;
///
/// let key = Key::parse_standard("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")?;
/// assert!(matches!(key, Key::Hmac(_)));
/// let key = Key::parse_standard("whpk_ZlN4eg7dSSqi0moX9hQUk3orrOouK3QVQSlJa248c/g=")?;
/// assert!(matches!(key, Key::Ed25519Verifying(_)));
/// # Ok::<(), hookwire::ConfigError>(())
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Key {
    /// A shared secret for HMAC-SHA256 (every scheme's `v1`-style signature).
    Hmac(Secret),
    /// An ed25519 private key: signs Standard Webhooks `v1a`, and verifies it too.
    Ed25519Signing(Ed25519SigningKey),
    /// An ed25519 public key: verifies Standard Webhooks `v1a`.
    Ed25519Verifying(Ed25519VerifyingKey),
}

impl Key {
    /// Reads a Standard Webhooks key by its prefix: `whsec_` (HMAC), `whsk_` (ed25519
    /// private) or `whpk_` (ed25519 public). Text without a known prefix is read as
    /// `whsec_` base64, as the reference libraries do.
    ///
    /// ```
    /// let key = hookwire::Key::parse_standard("whsk_VEVTVFNJR05JTkdLRVlET05PVFVTRVRISVNGT1JBTlk=")?;
    /// assert!(matches!(key, hookwire::Key::Ed25519Signing(_)));
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn parse_standard(text: &str) -> Result<Self, ConfigError> {
        let trimmed = text.trim();
        if trimmed.starts_with(WHSK_PREFIX) {
            Ed25519SigningKey::from_whsk(trimmed).map(Key::Ed25519Signing)
        } else if trimmed.starts_with(WHPK_PREFIX) {
            Ed25519VerifyingKey::from_whpk(trimmed).map(Key::Ed25519Verifying)
        } else {
            Secret::from_whsec(trimmed).map(Key::Hmac)
        }
    }

    /// What kind of key this is, in words (for errors and logs; never the key itself).
    ///
    /// ```
    /// let key = hookwire::Key::from(hookwire::Secret::from_text("k")?);
    /// assert_eq!(key.kind(), "HMAC secret");
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn kind(&self) -> &'static str {
        match self {
            Key::Hmac(_) => "HMAC secret",
            Key::Ed25519Signing(_) => "ed25519 private key",
            Key::Ed25519Verifying(_) => "ed25519 public key",
        }
    }
}

impl From<Secret> for Key {
    fn from(secret: Secret) -> Self {
        Key::Hmac(secret)
    }
}

impl From<Ed25519SigningKey> for Key {
    fn from(key: Ed25519SigningKey) -> Self {
        Key::Ed25519Signing(key)
    }
}

impl From<Ed25519VerifyingKey> for Key {
    fn from(key: Ed25519VerifyingKey) -> Self {
        Key::Ed25519Verifying(key)
    }
}

/// A key with an optional label (reported when it matches) and an optional expiry.
///
/// A key is active while `now < expires_at`; an expired key neither signs nor verifies.
///
/// ```
/// use hookwire::{KeyEntry, Secret, Timestamp};
///
/// let old = KeyEntry::new(Secret::from_text("old")?)
///     .label("2025-rotation")
///     .expires_at(Timestamp::from_unix_secs(1_700_000_000));
/// assert!(old.is_active(Timestamp::from_unix_secs(1_699_999_999)));
/// assert!(!old.is_active(Timestamp::from_unix_secs(1_700_000_000)));
/// # Ok::<(), hookwire::ConfigError>(())
/// ```
#[derive(Debug, Clone)]
pub struct KeyEntry {
    key: Key,
    label: Option<Arc<str>>,
    expires_at: Option<Timestamp>,
}

impl KeyEntry {
    /// An entry with no label that never expires.
    ///
    /// ```
    /// let entry = hookwire::KeyEntry::new(hookwire::Secret::from_text("k")?);
    /// assert_eq!(entry.label_text(), None);
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn new(key: impl Into<Key>) -> Self {
        KeyEntry {
            key: key.into(),
            label: None,
            expires_at: None,
        }
    }

    /// Names the key, so a verification can say which key matched.
    ///
    /// ```
    /// let entry = hookwire::KeyEntry::new(hookwire::Secret::from_text("k")?).label("primary");
    /// assert_eq!(entry.label_text(), Some("primary"));
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    #[must_use]
    pub fn label(mut self, label: impl Into<Arc<str>>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// The moment the key stops signing and verifying (the end of a rotation's grace period).
    ///
    /// ```
    /// use hookwire::{KeyEntry, Secret, Timestamp};
    /// let entry = KeyEntry::new(Secret::from_text("k")?).expires_at(Timestamp::from_unix_secs(9));
    /// assert_eq!(entry.expiry(), Some(Timestamp::from_unix_secs(9)));
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    #[must_use]
    pub fn expires_at(mut self, at: Timestamp) -> Self {
        self.expires_at = Some(at);
        self
    }

    /// The key.
    ///
    /// ```
    /// let entry = hookwire::KeyEntry::new(hookwire::Secret::from_text("k")?);
    /// assert_eq!(entry.key().kind(), "HMAC secret");
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn key(&self) -> &Key {
        &self.key
    }

    /// The label, if one was given.
    ///
    /// ```
    /// let entry = hookwire::KeyEntry::new(hookwire::Secret::from_text("k")?);
    /// assert!(entry.label_text().is_none());
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn label_text(&self) -> Option<&str> {
        self.label.as_deref()
    }

    /// When the key expires, if it does.
    ///
    /// ```
    /// let entry = hookwire::KeyEntry::new(hookwire::Secret::from_text("k")?);
    /// assert!(entry.expiry().is_none());
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn expiry(&self) -> Option<Timestamp> {
        self.expires_at
    }

    /// Whether the key may sign or verify at `now`.
    ///
    /// ```
    /// let entry = hookwire::KeyEntry::new(hookwire::Secret::from_text("k")?);
    /// assert!(entry.is_active(hookwire::Timestamp::UNIX_EPOCH));
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn is_active(&self, now: Timestamp) -> bool {
        self.expires_at.is_none_or(|end| now < end)
    }

    pub(crate) fn shared_label(&self) -> Option<Arc<str>> {
        self.label.clone()
    }
}

macro_rules! entry_from_key {
    ($($ty:ty),*) => {$(
        impl From<$ty> for KeyEntry {
            fn from(key: $ty) -> Self {
                KeyEntry::new(key)
            }
        }
    )*};
}
entry_from_key!(Key, Secret, Ed25519SigningKey, Ed25519VerifyingKey);

/// An ordered set of keys: what a [`Signer`](crate::Signer) signs with and what a
/// [`Verifier`](crate::Verifier) accepts.
///
/// Rotation: add the new key first and keep the old one with an expiry. A verifier accepts
/// either until the old one expires and reports which matched; a scheme with room for
/// several signatures (Standard Webhooks, Stripe) signs with every active key, any other
/// with the first active key.
///
/// ```
/// use hookwire::{KeyEntry, Keyring, Secret, Timestamp};
///
/// let keyring = Keyring::new()
///     .with(KeyEntry::new(Secret::from_text("new")?).label("new"))
///     .with(KeyEntry::new(Secret::from_text("old")?).label("old")
///         .expires_at(Timestamp::from_unix_secs(1_700_086_400)));
/// assert_eq!(keyring.len(), 2);
/// assert_eq!(keyring.active(Timestamp::from_unix_secs(1_800_000_000)).count(), 1);
/// # Ok::<(), hookwire::ConfigError>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct Keyring {
    entries: Vec<KeyEntry>,
}

impl Keyring {
    /// An empty keyring.
    ///
    /// ```
    /// assert!(hookwire::Keyring::new().is_empty());
    /// ```
    pub fn new() -> Self {
        Keyring::default()
    }

    /// This keyring with one more key at the end.
    ///
    /// ```
    /// let ring = hookwire::Keyring::new().with(hookwire::Secret::from_text("k")?);
    /// assert_eq!(ring.len(), 1);
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    #[must_use]
    pub fn with(mut self, entry: impl Into<KeyEntry>) -> Self {
        self.push(entry);
        self
    }

    /// Adds a key at the end.
    ///
    /// ```
    /// let mut ring = hookwire::Keyring::new();
    /// ring.push(hookwire::Secret::from_text("k")?);
    /// assert_eq!(ring.len(), 1);
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn push(&mut self, entry: impl Into<KeyEntry>) {
        self.entries.push(entry.into());
    }

    /// How many keys there are, active or not.
    ///
    /// ```
    /// assert_eq!(hookwire::Keyring::new().len(), 0);
    /// ```
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no keys at all.
    ///
    /// ```
    /// assert!(hookwire::Keyring::new().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Every entry, in order.
    ///
    /// ```
    /// let ring = hookwire::Keyring::new().with(hookwire::Secret::from_text("k")?);
    /// assert_eq!(ring.entries().len(), 1);
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn entries(&self) -> &[KeyEntry] {
        &self.entries
    }

    /// The entries active at `now`, with their index in the keyring.
    ///
    /// ```
    /// let ring = hookwire::Keyring::new().with(hookwire::Secret::from_text("k")?);
    /// assert_eq!(ring.active(hookwire::Timestamp::UNIX_EPOCH).next().map(|(i, _)| i), Some(0));
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn active(&self, now: Timestamp) -> impl Iterator<Item = (usize, &KeyEntry)> + '_ {
        self.entries
            .iter()
            .enumerate()
            .filter(move |(_, entry)| entry.is_active(now))
    }
}

impl<E: Into<KeyEntry>> FromIterator<E> for Keyring {
    fn from_iter<I: IntoIterator<Item = E>>(iter: I) -> Self {
        Keyring {
            entries: iter.into_iter().map(Into::into).collect(),
        }
    }
}

/// The serialized form of a key: its kind and its text (`whsk_…`, `whpk_…`, or the HMAC key
/// bytes as standard base64). This writes key material: whatever stores it stores a secret.
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
enum RawKey {
    Hmac(zeroize::Zeroizing<String>),
    Ed25519Signing(zeroize::Zeroizing<String>),
    Ed25519Verifying(String),
}

impl serde::Serialize for Key {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use base64::Engine as _;
        let raw = match self {
            Key::Hmac(secret) => RawKey::Hmac(zeroize::Zeroizing::new(
                base64::engine::general_purpose::STANDARD.encode(secret.expose_bytes()),
            )),
            Key::Ed25519Signing(key) => RawKey::Ed25519Signing(key.to_whsk()),
            Key::Ed25519Verifying(key) => RawKey::Ed25519Verifying(key.to_whpk()),
        };
        raw.serialize(serializer)
    }
}

impl<'de> serde::Deserialize<'de> for Key {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error as _;
        let key = match RawKey::deserialize(deserializer)? {
            RawKey::Hmac(text) => super::secret::decode_base64_lenient(&text)
                .ok_or(ConfigError::InvalidSecret {
                    reason: "an HMAC key is serialized as standard base64",
                })
                .and_then(Secret::from_bytes)
                .map(Key::Hmac),
            RawKey::Ed25519Signing(text) => Ed25519SigningKey::from_whsk(&text).map(Key::from),
            RawKey::Ed25519Verifying(text) => Ed25519VerifyingKey::from_whpk(&text).map(Key::from),
        };
        key.map_err(D::Error::custom)
    }
}

/// The serialized form of a keyring entry.
#[derive(serde::Serialize, serde::Deserialize)]
struct RawEntry {
    key: Key,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    label: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    expires_at: Option<Timestamp>,
}

/// Serializes every key with its label and expiry. The output holds key material (HMAC
/// secrets and ed25519 private keys): store it as you store secrets.
///
/// ```
/// use hookwire::{Keyring, Secret};
/// let ring = Keyring::new().with(Secret::from_text("k")?);
/// let json = serde_json::to_string(&ring)?;
/// assert_eq!(json, r#"[{"key":{"hmac":"aw=="}}]"#);
/// let back: Keyring = serde_json::from_str(&json)?;
/// assert_eq!(back.entries()[0].key().kind(), "HMAC secret");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
impl serde::Serialize for Keyring {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.entries.iter().map(|entry| RawEntry {
            key: entry.key.clone(),
            label: entry.label.as_deref().map(str::to_owned),
            expires_at: entry.expires_at,
        }))
    }
}

impl<'de> serde::Deserialize<'de> for Keyring {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = Vec::<RawEntry>::deserialize(deserializer)?;
        Ok(raw
            .into_iter()
            .map(|entry| KeyEntry {
                key: entry.key,
                label: entry.label.map(Arc::from),
                expires_at: entry.expires_at,
            })
            .collect())
    }
}
