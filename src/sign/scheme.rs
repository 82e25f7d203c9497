//! [`Scheme`]: the signature layouts hookwire signs and verifies.

use std::time::Duration;

use http::HeaderName;

use super::key::Key;
use super::keyring::Keyring;
use super::layout::{self, Layout};
use super::setup_error::{KeyError, SchemeError};
use super::tolerance::Tolerance;

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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
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
    pub fn smarter_launch_with_header(name: &str) -> Result<Self, SchemeError> {
        let header = HeaderName::from_bytes(name.trim().as_bytes()).map_err(|_| {
            SchemeError::InvalidHeaderName {
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

    fn accepts(&self, key: &Key, signing: bool) -> bool {
        match (self, key) {
            (_, Key::Hmac(_)) => true,
            (Scheme::StandardWebhooks, Key::Ed25519Signing(_)) => true,
            (Scheme::StandardWebhooks, Key::Ed25519Verifying(_)) => !signing,
            _ => false,
        }
    }

    /// Refuses an empty keyring, and any key this scheme cannot sign (or verify) with.
    pub(super) fn check_keys(&self, keys: &Keyring, signing: bool) -> Result<(), KeyError> {
        if keys.is_empty() {
            return Err(KeyError::NoKeys {
                scheme: self.name(),
            });
        }
        for (index, entry) in keys.entries().iter().enumerate() {
            if !self.accepts(entry.key(), signing) {
                return Err(KeyError::UnusableKey {
                    scheme: self.name(),
                    kind: entry.key().kind(),
                    index,
                });
            }
        }
        Ok(())
    }

    /// The scheme's row of the layout table.
    pub(super) fn layout(&self) -> Layout<'_> {
        match self {
            Scheme::Listrak { encoding } => Layout {
                encoding: *encoding,
                ..layout::LISTRAK
            },
            Scheme::SmarterLaunch { header } => Layout {
                signature: header,
                ..layout::SMARTER_LAUNCH
            },
            Scheme::StandardWebhooks => layout::STANDARD_WEBHOOKS,
            Scheme::Stripe => layout::STRIPE,
            Scheme::GitHub => layout::GITHUB,
            Scheme::Shopify => layout::SHOPIFY,
            Scheme::Slack => layout::SLACK,
        }
    }
}
