//! Ed25519 keys for Standard Webhooks `v1a` signatures (`whsk_` / `whpk_`).

use std::fmt;

use base64::Engine as _;
use zeroize::Zeroizing;

use super::secret::decode_base64_lenient;
use super::setup_error::KeyError;

/// The prefix of a Standard Webhooks ed25519 secret (signing) key.
pub(crate) const WHSK_PREFIX: &str = "whsk_";
/// The prefix of a Standard Webhooks ed25519 public (verifying) key.
pub(crate) const WHPK_PREFIX: &str = "whpk_";

/// An ed25519 signing key for Standard Webhooks `v1a`: the sender's private half.
///
/// Parsed from `whsk_` + base64 of either the 32-byte seed or the 64-byte
/// seed-and-public-key pair (in which case the public half must match the seed).
/// `Debug` is redacted; the key is zeroized on drop.
///
/// ```
/// use hookwire::Ed25519SigningKey;
///
/// let key = Ed25519SigningKey::from_whsk("whsk_VEVTVFNJR05JTkdLRVlET05PVFVTRVRISVNGT1JBTlk=")?;
/// assert_eq!(
///     key.verifying_key().to_whpk(),
///     "whpk_ZlN4eg7dSSqi0moX9hQUk3orrOouK3QVQSlJa248c/g="
/// );
/// assert_eq!(format!("{key:?}"), "Ed25519SigningKey(<redacted>)");
/// # Ok::<(), hookwire::ConfigError>(())
/// ```
#[derive(Clone)]
pub struct Ed25519SigningKey(ed25519_dalek::SigningKey);

impl Ed25519SigningKey {
    /// Parses `whsk_…` (the prefix may be left out).
    ///
    /// ```
    /// assert!(hookwire::Ed25519SigningKey::from_whsk("whsk_AAAA").is_err()); // 3 bytes
    /// ```
    pub fn from_whsk(text: &str) -> Result<Self, KeyError> {
        let encoded = text.trim();
        let encoded = encoded.strip_prefix(WHSK_PREFIX).unwrap_or(encoded);
        let bytes = Zeroizing::new(decode_base64_lenient(encoded).ok_or(
            KeyError::InvalidSecret {
                reason: "the part after `whsk_` is not base64",
            },
        )?);
        Ed25519SigningKey::from_bytes(&bytes)
    }

    /// A key from its 32-byte seed or its 64-byte seed-and-public-key pair.
    ///
    /// ```
    /// let key = hookwire::Ed25519SigningKey::from_bytes(&[7u8; 32])?;
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, KeyError> {
        match bytes.len() {
            32 => {
                let mut seed = Zeroizing::new([0u8; 32]);
                seed.copy_from_slice(bytes);
                Ok(Ed25519SigningKey(ed25519_dalek::SigningKey::from_bytes(
                    &seed,
                )))
            }
            64 => {
                let mut pair = Zeroizing::new([0u8; 64]);
                pair.copy_from_slice(bytes);
                ed25519_dalek::SigningKey::from_keypair_bytes(&pair)
                    .map(Ed25519SigningKey)
                    .map_err(|_| KeyError::InvalidSecret {
                        reason: "the public half of the 64-byte ed25519 key does not match its seed",
                    })
            }
            _ => Err(KeyError::InvalidSecret {
                reason: "an ed25519 secret key is 32 bytes (seed) or 64 bytes (seed and public key)",
            }),
        }
    }

    /// The matching public key, to hand to receivers.
    ///
    /// ```
    /// let key = hookwire::Ed25519SigningKey::from_bytes(&[1u8; 32])?;
    /// let public = key.verifying_key();
    /// assert!(public.to_whpk().starts_with("whpk_"));
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn verifying_key(&self) -> Ed25519VerifyingKey {
        Ed25519VerifyingKey(self.0.verifying_key())
    }

    /// The key in Standard Webhooks form: `whsk_` + padded standard base64 of the 32-byte
    /// seed. It is the private key: the result is wiped when dropped.
    ///
    /// ```
    /// use hookwire::Ed25519SigningKey;
    /// let text = "whsk_VEVTVFNJR05JTkdLRVlET05PVFVTRVRISVNGT1JBTlk=";
    /// assert_eq!(Ed25519SigningKey::from_whsk(text)?.to_whsk().as_str(), text);
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn to_whsk(&self) -> Zeroizing<String> {
        let seed = Zeroizing::new(self.0.to_bytes());
        let mut out = Zeroizing::new(String::from(WHSK_PREFIX));
        base64::engine::general_purpose::STANDARD.encode_string(seed.as_slice(), &mut out);
        out
    }

    pub(crate) fn sign_parts(&self, parts: &[&[u8]]) -> [u8; 64] {
        use ed25519_dalek::Signer as _;
        // Ed25519 hashes the message twice, so it needs it in one piece.
        let message: Vec<u8> = parts.concat();
        self.0.sign(&message).to_bytes()
    }
}

impl fmt::Debug for Ed25519SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Ed25519SigningKey(<redacted>)")
    }
}

/// An ed25519 public key for verifying Standard Webhooks `v1a` signatures.
///
/// ```
/// use hookwire::Ed25519VerifyingKey;
///
/// let key = Ed25519VerifyingKey::from_whpk("whpk_ZlN4eg7dSSqi0moX9hQUk3orrOouK3QVQSlJa248c/g=")?;
/// assert_eq!(key.to_whpk(), "whpk_ZlN4eg7dSSqi0moX9hQUk3orrOouK3QVQSlJa248c/g=");
/// # Ok::<(), hookwire::ConfigError>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Ed25519VerifyingKey(ed25519_dalek::VerifyingKey);

impl Ed25519VerifyingKey {
    /// Parses `whpk_` + base64 of the 32-byte public key (the prefix may be left out).
    /// Points of small order are refused: they would accept forged signatures.
    ///
    /// ```
    /// assert!(hookwire::Ed25519VerifyingKey::from_whpk("whpk_").is_err());
    /// ```
    pub fn from_whpk(text: &str) -> Result<Self, KeyError> {
        let encoded = text.trim();
        let encoded = encoded.strip_prefix(WHPK_PREFIX).unwrap_or(encoded);
        let bytes = decode_base64_lenient(encoded).ok_or(KeyError::InvalidSecret {
            reason: "the part after `whpk_` is not base64",
        })?;
        let array: [u8; 32] = bytes
            .as_slice()
            .try_into()
            .map_err(|_| KeyError::InvalidSecret {
                reason: "an ed25519 public key is 32 bytes",
            })?;
        let key = ed25519_dalek::VerifyingKey::from_bytes(&array).map_err(|_| {
            KeyError::InvalidSecret {
                reason: "not a point on the ed25519 curve",
            }
        })?;
        if key.is_weak() {
            return Err(KeyError::InvalidSecret {
                reason: "a weak (small-order) ed25519 public key",
            });
        }
        Ok(Ed25519VerifyingKey(key))
    }

    /// The key in Standard Webhooks form: `whpk_` + padded standard base64.
    ///
    /// ```
    /// let key = hookwire::Ed25519SigningKey::from_bytes(&[1u8; 32])?.verifying_key();
    /// assert_eq!(hookwire::Ed25519VerifyingKey::from_whpk(&key.to_whpk())?, key);
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn to_whpk(&self) -> String {
        let mut out = String::from(WHPK_PREFIX);
        base64::engine::general_purpose::STANDARD.encode_string(self.0.as_bytes(), &mut out);
        out
    }

    /// Whether `signature` signs the concatenation of `parts` (strict RFC 8032 checks:
    /// no malleable or small-order signatures).
    pub(crate) fn verify_parts(&self, parts: &[&[u8]], signature: &[u8; 64]) -> bool {
        let message: Vec<u8> = parts.concat();
        let signature = ed25519_dalek::Signature::from_bytes(signature);
        self.0.verify_strict(&message, &signature).is_ok()
    }
}

impl fmt::Debug for Ed25519VerifyingKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Ed25519VerifyingKey(")?;
        f.write_str(&self.to_whpk())?;
        f.write_str(")")
    }
}
