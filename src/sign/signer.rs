//! [`Signer`]: signs outgoing webhooks.

use super::error::SignError;
use super::key_entry::KeyEntry;
use super::keyring::Keyring;
use super::scheme::Scheme;
use super::setup_error::KeyError;
use super::signed_headers::SignedHeaders;
use crate::message_id::MessageId;
use crate::time::Timestamp;

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
    /// use hookwire::{Keyring, Scheme, Signer, sign::KeyError};
    /// assert!(matches!(Signer::new(Scheme::GitHub, Keyring::new()), Err(KeyError::NoKeys { .. })));
    /// ```
    pub fn new(scheme: Scheme, keys: Keyring) -> Result<Self, KeyError> {
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

    /// The keys it signs with.
    ///
    /// ```
    /// # use hookwire::{Keyring, Scheme, Secret, Signer};
    /// let signer = Signer::new(Scheme::Slack, Keyring::new().with(Secret::from_text("s")?))?;
    /// assert_eq!(signer.keys().len(), 1);
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn keys(&self) -> &Keyring {
        &self.keys
    }

    /// Signs `body` as sent at `timestamp`, returning the headers to add. Keys expired at
    /// `timestamp` are skipped. Schemes carry whole seconds, so the milliseconds of
    /// `timestamp` are not signed; a time before 1970 cannot be written and is refused.
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
        if timestamp.unix_millis() < 0 {
            return Err(SignError::TimestampBeforeEpoch { at: timestamp });
        }
        let layout = self.scheme.layout();
        let mut active: Vec<&KeyEntry> = self
            .keys
            .active(timestamp)
            .map(|(_, entry)| entry)
            .collect();
        if active.is_empty() {
            return Err(SignError::NoActiveKey { at: timestamp });
        }
        if !layout.signs_with_every_key() {
            active.truncate(1);
        }
        let secs = timestamp.unix_secs().to_string();
        Ok(layout.sign(&active, id, &secs, body))
    }
}
