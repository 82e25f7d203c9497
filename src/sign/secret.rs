//! [`Secret`]: a shared HMAC key that never prints and is wiped when dropped.

use std::fmt;

use base64::Engine as _;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use zeroize::Zeroizing;

use super::setup_error::KeyError;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

/// The prefix Standard Webhooks (and Svix) put before a base64 HMAC secret.
pub(crate) const WHSEC_PREFIX: &str = "whsec_";

/// A shared secret for HMAC-SHA256 signatures.
///
/// - `Debug` never shows the bytes: `Secret(<redacted>)`.
/// - The bytes, and the HMAC state keyed with them, are zeroized on drop.
/// - HMAC's key schedule runs once, when the secret is built: each message starts from a
///   clone of the keyed `Hmac<Sha256>` instead of hashing the key again.
///
/// Which constructor to use depends on how the vendor hands the secret out:
///
/// | vendor hands out | constructor | key bytes |
/// | --- | --- | --- |
/// | a text secret (Listrak, Smarter Launch, GitHub, Shopify, Slack, Stripe) | [`Secret::from_text`] | the text's UTF-8 bytes |
/// | a `whsec_…` secret (Standard Webhooks, Svix) | [`Secret::from_whsec`] | base64-decoded after the prefix |
/// | raw bytes | [`Secret::from_bytes`] | as given |
///
/// ```
/// use hookwire::Secret;
///
/// let secret = Secret::from_whsec("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")?;
/// assert_eq!(secret.len(), 24);
/// assert_eq!(format!("{secret:?}"), "Secret(<redacted>)");
///
/// // Stripe keys with the whole string, prefix included:
/// let stripe = Secret::from_text("whsec_test_secret")?;
/// assert_eq!(stripe.expose_bytes(), b"whsec_test_secret");
/// # Ok::<(), hookwire::ConfigError>(())
/// ```
#[derive(Clone)]
pub struct Secret {
    bytes: Zeroizing<Vec<u8>>,
    keyed: Hmac<Sha256>,
}

impl Secret {
    /// A secret made of these exact bytes. Empty input is refused: an empty HMAC key
    /// authenticates nothing.
    ///
    /// ```
    /// use hookwire::Secret;
    /// assert!(Secret::from_bytes(vec![7u8; 32]).is_ok());
    /// assert!(Secret::from_bytes(Vec::new()).is_err());
    /// ```
    pub fn from_bytes(bytes: impl Into<Vec<u8>>) -> Result<Self, KeyError> {
        let bytes = Zeroizing::new(bytes.into());
        if bytes.is_empty() {
            return Err(KeyError::EmptySecret);
        }
        // HMAC takes keys of any length (longer ones are hashed first), so this cannot fail
        // for the non-empty key checked above.
        let keyed = Hmac::<Sha256>::new_from_slice(&bytes).map_err(|_| KeyError::EmptySecret)?;
        Ok(Secret { bytes, keyed })
    }

    /// A secret whose key is the UTF-8 bytes of `text`, as most vendors use the string
    /// they show in their dashboard. Surrounding whitespace is kept: it is part of the key.
    ///
    /// ```
    /// let secret = hookwire::Secret::from_text("It's a Secret to Everybody")?;
    /// assert_eq!(secret.len(), 26);
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn from_text(text: &str) -> Result<Self, KeyError> {
        Secret::from_bytes(text.as_bytes().to_vec())
    }

    /// A Standard Webhooks secret: `whsec_` followed by standard base64, padded or not.
    /// The prefix may be left out, as the reference Python library allows.
    ///
    /// ```
    /// use hookwire::{Secret, sign::KeyError};
    /// assert!(Secret::from_whsec("whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD").is_ok());
    /// assert!(Secret::from_whsec("C2FVsBQIhrscChlQIMV+b5sSYspob7oD").is_ok());
    /// assert!(matches!(Secret::from_whsec("whsec_"), Err(KeyError::EmptySecret)));
    /// assert!(matches!(Secret::from_whsec("whsec_!!"), Err(KeyError::InvalidSecret { .. })));
    /// ```
    pub fn from_whsec(text: &str) -> Result<Self, KeyError> {
        let encoded = text.trim();
        let encoded = encoded.strip_prefix(WHSEC_PREFIX).unwrap_or(encoded);
        if encoded.is_empty() {
            return Err(KeyError::EmptySecret);
        }
        let bytes = decode_base64_lenient(encoded).ok_or(KeyError::InvalidSecret {
            reason: "the part after `whsec_` is not base64",
        })?;
        Secret::from_bytes(bytes)
    }

    /// The secret in Standard Webhooks form: `whsec_` + padded standard base64.
    ///
    /// ```
    /// let s = hookwire::Secret::from_bytes(*b"0123456789abcdef01234567")?;
    /// assert_eq!(s.to_whsec().as_str(), "whsec_MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3");
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn to_whsec(&self) -> Zeroizing<String> {
        let mut out = Zeroizing::new(String::from(WHSEC_PREFIX));
        base64::engine::general_purpose::STANDARD.encode_string(&*self.bytes, &mut out);
        out
    }

    /// The key bytes. Named so that every place that reveals a secret is easy to find.
    ///
    /// ```
    /// assert_eq!(hookwire::Secret::from_text("k")?.expose_bytes(), b"k");
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn expose_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The key's length in bytes.
    ///
    /// ```
    /// assert_eq!(hookwire::Secret::from_text("abc")?.len(), 3);
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    #[allow(clippy::len_without_is_empty)] // a Secret is never empty
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    /// HMAC-SHA256 over the concatenation of `parts`, without copying them together.
    pub(crate) fn mac(&self, parts: &[&[u8]]) -> [u8; 32] {
        let mut mac = self.keyed.clone();
        for part in parts {
            mac.update(part);
        }
        mac.finalize().into_bytes().into()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

/// Standard base64, padding optional on input: Python's reference library accepts both,
/// and some senders strip it.
pub(crate) const BASE64_LENIENT: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// Decodes standard base64 with or without padding.
pub(crate) fn decode_base64_lenient(text: &str) -> Option<Vec<u8>> {
    BASE64_LENIENT.decode(text).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whsec_accepts_unpadded_and_round_trips() {
        let padded = Secret::from_whsec("whsec_MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY=").unwrap();
        let unpadded = Secret::from_whsec("whsec_MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY").unwrap();
        assert_eq!(padded.expose_bytes(), unpadded.expose_bytes());
        assert_eq!(padded.expose_bytes(), b"0123456789abcdef0123456");
        let again = Secret::from_whsec(&padded.to_whsec()).unwrap();
        assert_eq!(again.expose_bytes(), padded.expose_bytes());
    }

    #[test]
    fn debug_never_shows_key_material() {
        let s = Secret::from_text("hunter2-hunter2").unwrap();
        let shown = format!("{s:?} {s:#?}");
        assert!(!shown.contains("hunter2"), "{shown}");
    }

    #[test]
    fn a_mac_over_parts_is_rfc_4231s() {
        // RFC 4231 test case 2, the message split into parts.
        let s = Secret::from_text("Jefe").unwrap();
        let tag = s.mac(&[b"what do ya want ", b"", b"for nothing?"]);
        assert_eq!(
            hex::encode(tag),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        // Test case 6: a key longer than a block is hashed first.
        let long = Secret::from_bytes(vec![0xaa; 131]).unwrap();
        let tag = long.mac(&[b"Test Using Larger Than Block-Size Key - Hash Key First"]);
        assert_eq!(
            hex::encode(tag),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        );
    }
}
