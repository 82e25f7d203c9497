//! The "verify" panel: a scheme and a secret typed into the page become a real hookwire
//! `Receiver`, and each capture gets the receiver's own verdict — accepted, or the check that
//! refused it, why, and the status a receiver would answer.

use std::net::IpAddr;

use hookwire::http::{HeaderMap, Method};
use hookwire::receive::{RawBody, Receiver, Rejection};
use hookwire::{BasicAuth, Key, Keyring, Scheme, Secret, Timestamp, Verifier};

use crate::decode::Decoding;

/// The checks the page offers: form value, label, and what the secret field holds.
pub(crate) const SCHEMES: &[(&str, &str, &str)] = &[
    ("none", "no check", ""),
    ("basic", "HTTP Basic (Netcore)", "user:password"),
    ("listrak", "Listrak (LTK-HmacSignature)", "HMAC secret"),
    (
        "smarter-launch",
        "Smarter Launch (X-Signature)",
        "account webhook key",
    ),
    (
        "standard",
        "Standard Webhooks / Svix",
        "whsec_… (or whpk_… for v1a)",
    ),
    ("stripe", "Stripe-style", "signing secret"),
    ("github", "GitHub", "webhook secret"),
    ("shopify", "Shopify", "app secret"),
    ("slack", "Slack", "signing secret"),
];

/// The label of scheme `name`, for messages.
pub(crate) fn scheme_label(name: &str) -> &'static str {
    SCHEMES
        .iter()
        .find(|(value, _, _)| *value == name)
        .map_or("unknown scheme", |(_, label, _)| label)
}

/// A secret as the page may show it: the first two characters of a long one, and its length.
/// A short secret shows no characters at all, since two of six would be a third of it.
pub(crate) fn mask(secret: &str) -> String {
    let count = secret.chars().count();
    if count >= 12 {
        let start: String = secret.chars().take(2).collect();
        format!("{start}… ({count} chars)")
    } else {
        format!("… ({count} chars)")
    }
}

/// The configured check: a receiver that runs it, and how to describe it.
#[derive(Debug)]
pub(crate) struct Check {
    scheme: &'static str,
    masked_secret: Option<String>,
    receiver: Receiver<RawBody>,
}

/// What a check made of one capture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// No check is configured (and the chosen format, if any, read the body).
    Unchecked,
    /// Every check passed; what was proved.
    Accepted(String),
    /// A check failed: which, the status a receiver answers, and the receiver's reason.
    Refused {
        check: &'static str,
        status: u16,
        reason: String,
    },
}

impl Check {
    /// No credentials or signature: only the size limit (and the chosen format) apply.
    pub(crate) fn none(max_body: usize) -> Result<Self, String> {
        Ok(Check {
            scheme: "none",
            masked_secret: None,
            receiver: Receiver::builder(RawBody)
                .max_body_size(max_body)
                .build()
                .map_err(|err| err.to_string())?,
        })
    }

    /// A check for `scheme` keyed with `secret`. The secret goes into hookwire's key types
    /// (zeroized on drop) and is not kept anywhere else; errors never quote it.
    pub(crate) fn new(scheme: &str, secret: &str, max_body: usize) -> Result<Self, String> {
        let Some(&(name, label, _)) = SCHEMES.iter().find(|(value, _, _)| *value == scheme) else {
            return Err(format!("unknown scheme `{scheme}`"));
        };
        if name == "none" {
            return Check::none(max_body);
        }
        if secret.is_empty() {
            return Err(format!("{label} needs a secret"));
        }
        let builder = Receiver::builder(RawBody).max_body_size(max_body);
        let builder = if name == "basic" {
            builder.basic_auth(basic_auth(secret)?)
        } else {
            builder.verifier(verifier(name, secret)?)
        };
        Ok(Check {
            scheme: name,
            masked_secret: Some(mask(secret)),
            receiver: builder.build().map_err(|err| err.to_string())?,
        })
    }

    /// The scheme's form value.
    pub(crate) fn scheme(&self) -> &'static str {
        self.scheme
    }

    /// The secret as the page may show it.
    pub(crate) fn masked_secret(&self) -> Option<&str> {
        self.masked_secret.as_deref()
    }

    /// Runs the receiver's checks, in the receiver's order, on a request that arrived at
    /// `at`. When they pass, the chosen format's own refusal (content type 415, parse 400)
    /// is the verdict, as a receiver built with that format would answer.
    pub(crate) fn verdict(
        &self,
        headers: &HeaderMap,
        body: &[u8],
        peer: IpAddr,
        at: Timestamp,
        decoding: &Decoding,
    ) -> Verdict {
        // The inspector captures any method; its verdict is what a receiver taking the
        // sender's POST would say of these headers and this body.
        let post = Method::POST;
        let accepted = match self
            .receiver
            .receive_parts(&post, headers, body, peer, at, None)
        {
            Ok(accepted) => accepted,
            Err(rejection) => return refused(&rejection),
        };
        if let (false, Err(err)) = (decoding.detected, &decoding.result) {
            return refused(&Rejection::from(err.clone()));
        }
        if let Some(verified) = accepted.verified() {
            let mut proof = format!("signature verified with key #{}", verified.key_index());
            if let Some(signed_at) = verified.timestamp() {
                proof.push_str(&format!(", signed at {signed_at}"));
            }
            if let Some(id) = verified.message_id() {
                proof.push_str(&format!(", message id {id}"));
            }
            return Verdict::Accepted(proof);
        }
        if accepted.credentials_index().is_some() {
            return Verdict::Accepted("HTTP Basic credentials accepted".to_owned());
        }
        Verdict::Unchecked
    }
}

/// The receiver's refusal as the page shows it.
fn refused(rejection: &Rejection) -> Verdict {
    let check = match rejection {
        Rejection::BodyTooLarge { .. } => "size",
        Rejection::AddressNotAllowed { .. } => "source address",
        Rejection::Credentials(_) => "credentials",
        Rejection::Signature(_) => "signature",
        Rejection::Replay { .. } => "replay",
        Rejection::Body(_) => "body",
        // A check a later hookwire adds: its reason still says what it is.
        _ => "receiver",
    };
    Verdict::Refused {
        check,
        status: rejection.status().as_u16(),
        reason: rejection.to_string(),
    }
}

/// `user:password`, split at the first colon (a password may hold colons; RFC 7617 forbids
/// them in the user name).
pub(crate) fn basic_auth(secret: &str) -> Result<BasicAuth, String> {
    let (user, password) = secret
        .split_once(':')
        .ok_or("HTTP Basic needs user:password")?;
    BasicAuth::new(user, password).map_err(|err| err.to_string())
}

/// The keys for `scheme`: Standard Webhooks reads its prefixed key formats, every other
/// scheme keys with the secret's text as given (as the vendors' samples do).
pub(crate) fn keyring(scheme: &Scheme, secret: &str) -> Result<Keyring, String> {
    let key = match scheme {
        Scheme::StandardWebhooks => Key::parse_standard(secret),
        _ => Secret::from_text(secret).map(Key::from),
    }
    .map_err(|err| err.to_string())?;
    Ok(Keyring::new().with(key))
}

fn verifier(name: &str, secret: &str) -> Result<Verifier, String> {
    let scheme = Scheme::from_name(name).ok_or_else(|| format!("unknown scheme `{name}`"))?;
    let keys = keyring(&scheme, secret)?;
    Verifier::new(scheme, keys).map_err(|err| err.to_string())
}
