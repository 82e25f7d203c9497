//! [`Verifier`]: checks incoming webhooks' signatures and timestamps.

use std::time::Duration;

use http::HeaderMap;

use super::error::VerifyError;
use super::keyring::Keyring;
use super::scheme::Scheme;
use super::setup_error::{KeyError, SchemeError};
use super::tolerance::Tolerance;
use super::verified::Verified;
use crate::time::Timestamp;

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
    /// use hookwire::{Ed25519SigningKey, Keyring, Scheme, Verifier, sign::KeyError};
    /// let ed = Ed25519SigningKey::from_bytes(&[1; 32])?;
    /// let err = Verifier::new(Scheme::Stripe, Keyring::new().with(ed)).unwrap_err();
    /// assert!(matches!(err, KeyError::UnusableKey { .. }));
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn new(scheme: Scheme, keys: Keyring) -> Result<Self, KeyError> {
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
    pub fn with_tolerance(mut self, tolerance: Tolerance) -> Result<Self, SchemeError> {
        if !self.scheme.has_timestamp() {
            return Err(SchemeError::NoTimestamp {
                scheme: self.scheme.name(),
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
        self.scheme
            .layout()
            .verify(&self.keys, tolerance, headers, body, now)
    }
}
