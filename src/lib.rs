//! # hookwire
//!
//! Webhooks for marketing platforms (Listrak, Smarter Launch, Netcore, Lytics) and for the
//! schemes everyone else uses (Standard Webhooks, Stripe, GitHub, Shopify, Slack), as a
//! **sans-IO** library: fully deterministic, it never reads a clock, opens a socket, spawns
//! a thread or draws a random number.
//!
//! - Time comes in as an argument: every call that needs "now" takes a [`Timestamp`].
//! - Requests go out as [`http::Request`] values the host sends with its own client;
//!   responses come back as values the host hands in.
//! - Ids come from the caller ([`MessageId`]); nothing needs an RNG.
//!
//! That makes hookwire embeddable in any runtime (tokio, async-std, threads, a queue
//! worker), testable on a virtual clock, and resumable on another machine.
//!
//! ```text
//!  sender                                              receiver
//!  ──────                                              ────────
//!  event ─► format ─► body bytes                       http::Request (raw bytes)
//!                       │                                   │
//!  Endpoint ───────────►│                              Verifier: scheme + keyring,
//!  Signer (scheme+keys)►│                                tolerance both ways
//!                       ▼                                   │
//!              http::Request ─► host's HTTP client ──►      ▼
//!                                                      Verified (key, timestamp, id)
//! ```
//!
//! ## Sender quick start
//!
//! ```
//! use bytes::Bytes;
//! use hookwire::{Endpoint, Keyring, MessageId, Scheme, Secret, Signer, Timestamp};
//!
//! let endpoint = Endpoint::builder("https://hooks.example.com/listrak")
//!     .require_https(true) // Listrak requires https
//!     .build()?;
//! let signer = Signer::new(Scheme::listrak(), Keyring::new().with(Secret::from_text("hmac-secret")?))?;
//!
//! let body = Bytes::from_static(br#"{"email":"ada@example.com"}"#);
//! let now = Timestamp::from_unix_secs(1_700_000_000); // the host's clock, passed in
//! let mut request = endpoint.request(body.clone());
//! request.headers_mut().insert(http::header::CONTENT_TYPE, "application/json".parse()?);
//! signer.sign(&MessageId::new("evt-1")?, now, &body)?.apply_to(request.headers_mut());
//!
//! assert!(request.headers().contains_key("ltk-hmacsignature"));
//! // … the host sends `request` with its own HTTP client.
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Receiver quick start
//!
//! ```
//! use hookwire::{Keyring, Scheme, Secret, Timestamp, Verifier};
//! # use hookwire::{MessageId, Signer};
//! # let secret = || Secret::from_text("hmac-secret");
//! # let now = Timestamp::from_unix_secs(1_700_000_000);
//! # let body = br#"{"email":"ada@example.com"}"#;
//! # let mut headers = http::HeaderMap::new();
//! # Signer::new(Scheme::listrak(), Keyring::new().with(secret()?))?
//! #     .sign(&MessageId::new("evt-1")?, now, body)?.apply_to(&mut headers);
//!
//! let verifier = Verifier::new(Scheme::listrak(), Keyring::new().with(secret()?))?;
//! // `headers` and `body` are the raw request as the HTTP server received it.
//! match verifier.verify(&headers, body, now) {
//!     Ok(verified) => println!("signed with key #{}", verified.key_index()),
//!     Err(err) => println!("answer {}: {err}", err.status()),
//! }
//! # assert!(verifier.verify(&headers, body, now).is_ok());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## What you will not find here
//!
//! No HTTP client or server, no async runtime, no clock, no storage. The examples show
//! hookwire on real HTTP (`examples/demo.rs`, `examples/hookwire.rs`).
//!
//! ## Panics
//!
//! Errors are bad input; a panic would be a broken invariant. No input — header, body,
//! secret text, date — can make hookwire panic, and the parsers are fuzzed to keep it so.

// No `unsafe` anywhere: nothing here needs it, and its absence is easy to audit.
#![forbid(unsafe_code)]
// Every public item is documented, and every public type can be printed while debugging.
#![deny(missing_docs, missing_debug_implementations)]

mod auth;
pub mod delivery;
mod endpoint;
mod error;
pub mod format;
mod keyring;
mod keys;
mod message_id;
mod payload;
pub mod presets;
pub mod retry;
mod secret;
mod sign;
mod time;

pub use auth::BasicAuth;
pub use endpoint::{Endpoint, EndpointBuilder};
pub use error::ConfigError;
pub use keyring::{Key, KeyEntry, Keyring};
pub use keys::{Ed25519SigningKey, Ed25519VerifyingKey};
pub use message_id::{MAX_MESSAGE_ID_LEN, MessageId};
pub use payload::{APPLICATION_JSON, Payload};
pub use secret::Secret;
pub use sign::{
    DigestEncoding, SMARTER_LAUNCH_DEFAULT_HEADER, Scheme, SignError, SignedHeaders, Signer,
    Tolerance, Verified, Verifier, VerifyError,
};
pub use time::{TimeError, Timestamp};

/// Re-exported so hosts use the same `http` types hookwire speaks.
pub use http;
