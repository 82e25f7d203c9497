//! [`Key`]: one key of a keyring, of any kind a scheme can use.

use super::ed25519::{Ed25519SigningKey, Ed25519VerifyingKey, WHPK_PREFIX, WHSK_PREFIX};
use super::secret::Secret;
use super::setup_error::KeyError;

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
    pub fn parse_standard(text: &str) -> Result<Self, KeyError> {
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
                .ok_or(KeyError::InvalidSecret {
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
