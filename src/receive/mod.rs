//! Receiving webhooks: check a raw request and turn it into typed data, or into a
//! [`Rejection`] that says which status to answer and why.
//!
//! A [`Receiver`] runs these checks, in this order, each one optional:
//!
//! | # | check | configured with | status on failure |
//! | --- | --- | --- | --- |
//! | 0 | method (`POST` by default) | [`ReceiverBuilder::methods`] | 405, with `Allow` |
//! | 1 | body size (declared `Content-Length` and actual bytes), before anything reads the body | [`ReceiverBuilder::max_body_size`] (1 MiB by default) | 413 |
//! | 2 | peer address against an allowlist of IPv4 and IPv6 ranges | [`ReceiverBuilder::allow_ip`] | 403 |
//! | 3 | HTTP Basic credentials, compared in constant time | [`ReceiverBuilder::basic_auth`] | 401 |
//! | 4 | signature and timestamp, with any [`Scheme`](crate::Scheme) and a keyring | [`ReceiverBuilder::verifier`] | 401 (400 for an unreadable header) |
//! | 5 | replay of a message already accepted | a [`ReplayGuard`] passed to [`Receiver::receive`] | 409 |
//! | 6 | content type | the [`BodyFormat`] | 415 |
//! | 7 | body parse | the [`BodyFormat`] | 400 |
//!
//! The order is the cheapest and least revealing first: an oversized body from a stranger
//! is refused for its size before its address is even looked at, and nothing parses a
//! body whose sender has not been authenticated.
//!
//! Like the rest of hookwire this module is sans-IO: the host's HTTP server buffers the
//! body, passes the peer address and the time, and writes the response hookwire chooses.
//! For an HTTP server that can refuse a request before reading its body,
//! [`Receiver::check_content_length`] applies the size limit to the headers alone.
//!
//! The receiver does not look at the path. It takes `POST` unless told otherwise and
//! answers any other method 405; the host routes `OPTIONS` to the handshake below before
//! the receiver.
//!
//! Bodies are read by a [`BodyFormat`]. Built in: each seed system's typed events —
//! [`NetcoreForm`] (a panel's batch), [`LyticsJson`] (one envelope or a batch),
//! [`CloudEventsHttp`] (all three modes), [`ListrakJson`] and [`SmarterLaunchJson`] — plus
//! [`Json`] (any JSON value) and [`RawBody`] (the bytes); any `parse(headers, body)` function
//! becomes one with [`FnFormat`].
//!
//! Also here: the CloudEvents abuse-protection handshake ([`AbuseProtection`]) and the
//! acknowledgement responses ([`received_response`], [`queued_response`],
//! [`back_off_response`]).
//!
//! ```
//! use std::net::IpAddr;
//! use hookwire::receive::{Json, Receiver, ReplayGuard};
//! use hookwire::{Keyring, MessageId, Scheme, Secret, Signer, Timestamp, Verifier};
//!
//! let keys = || Keyring::new().with(Secret::from_text("hmac-secret").unwrap());
//! let receiver = Receiver::builder(Json)
//!     .allow_ip("203.0.113.0/24")
//!     .verifier(Verifier::new(Scheme::StandardWebhooks, keys())?)
//!     .build()?;
//! let mut guard = ReplayGuard::new(10_000)?;
//!
//! // What the sender sent, as the host's HTTP server received it.
//! let now = Timestamp::from_unix_secs(1_700_000_000);
//! let body = br#"{"type":"email.opened"}"#;
//! let mut request = http::Request::post("/hooks").header("content-type", "application/json");
//! for (name, value) in Signer::new(Scheme::StandardWebhooks, keys())?
//!     .sign(&MessageId::new("msg_1")?, now, body)? {
//!     request = request.header(name, value);
//! }
//! let request = request.body(&body[..])?;
//! let peer: IpAddr = "203.0.113.9".parse()?;
//!
//! let accepted = receiver.receive(&request, peer, now, Some(&mut guard))?;
//! assert_eq!(accepted.data()["type"], "email.opened");
//!
//! // The same message again is a replay: 409.
//! let replay = receiver.receive(&request, peer, now, Some(&mut guard)).unwrap_err();
//! assert_eq!(replay.status(), 409);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod abuse_protection;
mod accepted;
mod ack;
mod allowlist;
mod body_format;
mod builder;
mod error;
mod fn_format;
mod formats;
mod handshake;
mod media_type;
mod receiver;
mod rejection;
mod replay;
mod replay_key;

pub use abuse_protection::{AbuseProtection, AllowedRate};
pub use accepted::Accepted;
pub use ack::{back_off_response, queued_response, received_response};
pub use allowlist::IpAllowlist;
pub use body_format::{BodyFormat, Json, RawBody};
pub use builder::{DEFAULT_MAX_BODY_SIZE, DEFAULT_REPLAY_RETENTION, ReceiverBuilder};
pub use error::SettingsError;
pub use fn_format::FnFormat;
pub use formats::{CloudEventsHttp, ListrakJson, LyticsJson, NetcoreForm, SmarterLaunchJson};
pub use handshake::Handshake;
pub use media_type::{media_type, require_media_type};
pub use receiver::Receiver;
pub use rejection::{MAX_QUOTED_REASON, Rejection};
pub use replay::ReplayGuard;
pub use replay_key::ReplayKey;
