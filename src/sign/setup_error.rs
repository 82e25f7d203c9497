//! [`KeyError`] and [`SchemeError`]: what can be wrong with a signer's or verifier's setup.

/// A secret, key or keyring that cannot be used.
///
/// ```
/// use hookwire::{Keyring, Scheme, Secret, Signer};
/// use hookwire::sign::KeyError;
///
/// assert!(matches!(Secret::from_text(""), Err(KeyError::EmptySecret)));
/// assert!(matches!(Secret::from_whsec("whsec_!!"), Err(KeyError::InvalidSecret { .. })));
/// let err = Signer::new(Scheme::GitHub, Keyring::new()).unwrap_err();
/// assert_eq!(err, KeyError::NoKeys { scheme: "github" });
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum KeyError {
    /// A secret with no bytes: it would authenticate nothing.
    #[error("the secret is empty")]
    EmptySecret,
    /// A secret or key in the wrong form (bad base64, wrong length, not a curve point…).
    #[error("invalid secret: {reason}")]
    InvalidSecret {
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A signer or verifier with no key at all.
    #[error("the {scheme} scheme needs at least one key")]
    NoKeys {
        /// The scheme's name.
        scheme: &'static str,
    },
    /// A key of a kind the scheme cannot use (an ed25519 key for GitHub, a public key for
    /// signing…).
    ///
    /// ```
    /// use hookwire::{Ed25519SigningKey, Keyring, Scheme, Verifier};
    /// use hookwire::sign::KeyError;
    /// let ed = Ed25519SigningKey::from_bytes(&[1; 32])?;
    /// let err = Verifier::new(Scheme::Stripe, Keyring::new().with(ed)).unwrap_err();
    /// assert!(matches!(err, KeyError::UnusableKey { index: 0, .. }));
    /// # Ok::<(), KeyError>(())
    /// ```
    #[error("key #{index} is an {kind}, which the {scheme} scheme cannot use here")]
    UnusableKey {
        /// The scheme's name.
        scheme: &'static str,
        /// The kind of key given.
        kind: &'static str,
        /// Its position in the keyring.
        index: usize,
    },
}

/// A scheme setting that cannot be honoured.
///
/// ```
/// use std::time::Duration;
/// use hookwire::{Keyring, Scheme, Secret, Tolerance, Verifier};
/// use hookwire::sign::SchemeError;
///
/// let err = Scheme::smarter_launch_with_header("bad name").unwrap_err();
/// assert!(matches!(err, SchemeError::InvalidHeaderName { .. }));
/// let verifier = Verifier::new(Scheme::GitHub, Keyring::new().with(Secret::from_text("s")?))?;
/// let err = verifier.with_tolerance(Tolerance::symmetric(Duration::ZERO)).unwrap_err();
/// assert_eq!(err, SchemeError::NoTimestamp { scheme: "github" });
/// # Ok::<(), hookwire::ConfigError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SchemeError {
    /// The header a scheme should carry its signature in is not a valid header name.
    #[error("invalid header name `{name}`")]
    InvalidHeaderName {
        /// The name as given.
        name: String,
    },
    /// A tolerance for a scheme whose signatures carry no timestamp: it would check nothing.
    #[error("the {scheme} scheme's signatures carry no timestamp to hold to a tolerance")]
    NoTimestamp {
        /// The scheme's name.
        scheme: &'static str,
    },
}
