//! [`KeyEntry`]: a key with the label and expiry that rotation needs.

use std::sync::Arc;

use super::ed25519::{Ed25519SigningKey, Ed25519VerifyingKey};
use super::key::Key;
use super::secret::Secret;
use crate::time::Timestamp;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

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

/// The serialized form of a keyring entry.
#[derive(Serialize, Deserialize)]
struct RawEntry {
    key: Key,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    label: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    expires_at: Option<Timestamp>,
}

/// Serializes as `{"key": …, "label": …, "expires_at": …}`; **the output holds key
/// material** (see [`Keyring`](super::Keyring)'s serde).
impl Serialize for KeyEntry {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        RawEntry {
            key: self.key.clone(),
            label: self.label.as_deref().map(str::to_owned),
            expires_at: self.expires_at,
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for KeyEntry {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = RawEntry::deserialize(deserializer)?;
        Ok(KeyEntry {
            key: raw.key,
            label: raw.label.map(Arc::from),
            expires_at: raw.expires_at,
        })
    }
}
