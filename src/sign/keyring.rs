//! [`Keyring`]: the set of keys a signer signs with or a verifier accepts, for rotation.

use super::key_entry::KeyEntry;
use crate::time::Timestamp;

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
        serializer.collect_seq(&self.entries)
    }
}

impl<'de> serde::Deserialize<'de> for Keyring {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let entries = Vec::<KeyEntry>::deserialize(deserializer)?;
        Ok(Keyring { entries })
    }
}
