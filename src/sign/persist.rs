//! Serialized forms of [`Scheme`] and [`Signer`], so a delivery can be stored and resumed.
//! Deserializing runs the same checks as the constructors.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::keyring::Keyring;
use super::scheme::{DigestEncoding, Scheme};
use super::signer::Signer;

#[derive(Serialize, Deserialize)]
#[serde(tag = "name", rename_all = "kebab-case")]
enum RawScheme {
    Listrak {
        #[serde(default = "base64_encoding")]
        encoding: RawEncoding,
    },
    SmarterLaunch {
        header: String,
    },
    Standard,
    Stripe,
    Github,
    Shopify,
    Slack,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum RawEncoding {
    Base64,
    Hex,
}

fn base64_encoding() -> RawEncoding {
    RawEncoding::Base64
}

/// Serializes as `{"name": "listrak", "encoding": "base64"}`, `{"name": "standard"}`, …
///
/// ```
/// use hookwire::Scheme;
/// let json = serde_json::to_string(&Scheme::smarter_launch())?;
/// assert_eq!(json, r#"{"name":"smarter-launch","header":"x-signature"}"#);
/// assert_eq!(serde_json::from_str::<Scheme>(&json)?, Scheme::smarter_launch());
/// # Ok::<(), serde_json::Error>(())
/// ```
impl Serialize for Scheme {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let raw = match self {
            Scheme::Listrak { encoding } => RawScheme::Listrak {
                encoding: match encoding {
                    DigestEncoding::Base64 => RawEncoding::Base64,
                    DigestEncoding::Hex => RawEncoding::Hex,
                },
            },
            Scheme::SmarterLaunch { header } => RawScheme::SmarterLaunch {
                header: header.as_str().to_owned(),
            },
            Scheme::StandardWebhooks => RawScheme::Standard,
            Scheme::Stripe => RawScheme::Stripe,
            Scheme::GitHub => RawScheme::Github,
            Scheme::Shopify => RawScheme::Shopify,
            Scheme::Slack => RawScheme::Slack,
        };
        raw.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Scheme {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error as _;
        Ok(match RawScheme::deserialize(deserializer)? {
            RawScheme::Listrak { encoding } => Scheme::Listrak {
                encoding: match encoding {
                    RawEncoding::Base64 => DigestEncoding::Base64,
                    RawEncoding::Hex => DigestEncoding::Hex,
                },
            },
            RawScheme::SmarterLaunch { header } => {
                Scheme::smarter_launch_with_header(&header).map_err(D::Error::custom)?
            }
            RawScheme::Standard => Scheme::StandardWebhooks,
            RawScheme::Stripe => Scheme::Stripe,
            RawScheme::Github => Scheme::GitHub,
            RawScheme::Shopify => Scheme::Shopify,
            RawScheme::Slack => Scheme::Slack,
        })
    }
}

#[derive(Serialize, Deserialize)]
struct RawSigner {
    scheme: Scheme,
    keys: Keyring,
}

/// Serializes the scheme and the keys. **The output holds key material**: store it as you
/// store secrets, or keep signers out of stored state (see
/// [`Delivery::into_parts`](crate::delivery::Delivery::into_parts)).
///
/// ```
/// use hookwire::{Keyring, Scheme, Secret, Signer};
/// let signer = Signer::new(Scheme::GitHub, Keyring::new().with(Secret::from_text("k")?))?;
/// let json = serde_json::to_string(&signer)?;
/// let back: Signer = serde_json::from_str(&json)?;
/// assert_eq!(back.scheme(), &Scheme::GitHub);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
impl Serialize for Signer {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        RawSigner {
            scheme: self.scheme().clone(),
            keys: self.keys().clone(),
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Signer {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error as _;
        let raw = RawSigner::deserialize(deserializer)?;
        Signer::new(raw.scheme, raw.keys).map_err(D::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use crate::{
        Ed25519SigningKey, KeyEntry, Keyring, MessageId, Scheme, Secret, Signer, Timestamp,
    };

    #[test]
    fn a_restored_signer_signs_identically() {
        let keys = Keyring::new()
            .with(
                KeyEntry::new(Secret::from_bytes(vec![0, 1, 255]).unwrap())
                    .label("new")
                    .expires_at(Timestamp::from_unix_secs(2_000_000_000)),
            )
            .with(Ed25519SigningKey::from_bytes(&[9; 32]).unwrap());
        let signer = Signer::new(Scheme::StandardWebhooks, keys).unwrap();
        let json = serde_json::to_string(&signer).unwrap();
        let back: Signer = serde_json::from_str(&json).unwrap();
        let id = MessageId::new("m").unwrap();
        let at = Timestamp::from_unix_secs(1_700_000_000);
        assert_eq!(
            back.sign(&id, at, b"x").unwrap(),
            signer.sign(&id, at, b"x").unwrap()
        );
    }

    #[test]
    fn every_scheme_round_trips_and_bad_ones_are_refused() {
        for name in [
            "listrak",
            "listrak-hex",
            "smarter-launch",
            "standard",
            "stripe",
            "github",
            "shopify",
            "slack",
        ] {
            let scheme = Scheme::from_name(name).unwrap();
            let json = serde_json::to_string(&scheme).unwrap();
            assert_eq!(
                serde_json::from_str::<Scheme>(&json).unwrap(),
                scheme,
                "{json}"
            );
        }
        assert!(
            serde_json::from_str::<Scheme>(r#"{"name":"smarter-launch","header":"a b"}"#).is_err()
        );
        let public_only = r#"{"scheme":{"name":"standard"},"keys":[{"key":{"ed25519_verifying":"whpk_ZlN4eg7dSSqi0moX9hQUk3orrOouK3QVQSlJa248c/g="}}]}"#;
        assert!(
            serde_json::from_str::<Signer>(public_only).is_err(),
            "a public key cannot sign"
        );
    }
}
