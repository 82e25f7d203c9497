//! Serialized forms of [`Scheme`] and [`Signer`], so a delivery can be stored and resumed.
//! Deserializing runs the same checks as the constructors.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::keyring::Keyring;
use super::scheme::{DigestEncoding, Scheme};
use super::signer::Signer;

/// A scheme as stored: its name, and the one setting Listrak and Smarter Launch each have.
#[derive(Serialize, Deserialize)]
struct RawScheme {
    name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    encoding: Option<DigestEncoding>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    header: Option<String>,
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
        let (encoding, header) = match self {
            Scheme::Listrak { encoding } => (Some(*encoding), None),
            Scheme::SmarterLaunch { header } => (None, Some(header.as_str().to_owned())),
            _ => (None, None),
        };
        let name = self.name().to_owned();
        RawScheme {
            name,
            encoding,
            header,
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Scheme {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error as _;
        let raw = RawScheme::deserialize(deserializer)?;
        // Only the names `Scheme::name` writes; the command line's aliases are not stored.
        let scheme = Scheme::from_name(&raw.name)
            .filter(|scheme| scheme.name() == raw.name)
            .ok_or_else(|| D::Error::custom(format!("unknown scheme `{}`", raw.name)))?;
        Ok(match scheme {
            Scheme::Listrak { .. } => Scheme::Listrak {
                encoding: raw.encoding.unwrap_or(DigestEncoding::Base64),
            },
            Scheme::SmarterLaunch { .. } => {
                let header = raw
                    .header
                    .ok_or_else(|| D::Error::missing_field("header"))?;
                Scheme::smarter_launch_with_header(&header).map_err(D::Error::custom)?
            }
            scheme => scheme,
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
        for bad in [
            r#"{"name":"smarter-launch","header":"a b"}"#,
            r#"{"name":"smarter-launch"}"#,
            r#"{"name":"svix"}"#,
            r#"{"name":"listrak","encoding":"base32"}"#,
        ] {
            assert!(serde_json::from_str::<Scheme>(bad).is_err(), "{bad}");
        }
        let hex: Scheme = serde_json::from_str(r#"{"name":"listrak","encoding":"hex"}"#).unwrap();
        assert_eq!(hex, Scheme::from_name("listrak-hex").unwrap());
        let public_only = r#"{"scheme":{"name":"standard"},"keys":[{"key":{"ed25519_verifying":"whpk_ZlN4eg7dSSqi0moX9hQUk3orrOouK3QVQSlJa248c/g="}}]}"#;
        assert!(
            serde_json::from_str::<Signer>(public_only).is_err(),
            "a public key cannot sign"
        );
    }
}
