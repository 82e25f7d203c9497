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
//!  event ─► format ─► Payload (body + content type)    http::Request (raw bytes), peer, now
//!                       │                                   │
//!  Endpoint ───────────►│                              Receiver, in this order:
//!  Signer (scheme+keys)►│                                size limit ─► IP allowlist ─►
//!  RetryPolicy ────────►│                                Basic auth ─► Verifier (scheme +
//!                       ▼                                keyring, tolerance both ways) ─►
//!                 Delivery (state machine)               ReplayGuard ─► content type ─►
//!    poll_transmit(now) ─► http::Request ─► host's       format parse
//!                                           HTTP client     │
//!    handle_response(now, transmit, &resp) ◄┘               ▼
//!    poll_event() ─► AttemptStarted / AttemptFinished / Accepted<typed events>
//!                    Finished(Outcome)                 or Rejection (status + reason)
//!    poll_timeout() ─► when to wake it next
//! ```
//!
//! Modules: [`format`](mod@format) (bodies: JSON templates, Listrak, Smarter Launch, Netcore, Lytics,
//! CloudEvents), [`delivery`] and [`retry`] (the sender's state machine and its policies),
//! [`dispatch`] (many deliveries to many routes in one machine: worker slots, waiting lines),
//! [`guard`] (the sender's SSRF guard for URLs users type), [`presets`] (each vendor's job
//! configuration, endpoints and policies), [`receive`] (the
//! receiver's checks, replay guard and handshake), [`auth`] (HTTP Basic), [`sign`] (schemes,
//! [`Signer`], [`Verifier`] and the keys they hold; re-exported at the crate root).
//!
//! Which preset to start from, system by system and citing each vendor's rules:
//! [`docs::choosing_a_preset`].
//!
//! Optional, each behind its own cargo feature and off by default: `adapters` (the host's
//! clock with `system-clock`; glue for `ureq`, `reqwest` and `axum`) and `testing`
//! (capture what a route or a dispatcher sends on the virtual clock, decode, snapshot,
//! check shapes and signatures). With no feature on, the crate is the sans-IO core alone.
//!
//! ## The drive loop
//!
//! A [`Delivery`](delivery::Delivery) decides everything; the host only moves bytes and
//! time. [`Delivery::poll_step`](delivery::Delivery::poll_step) hands out what to do next,
//! in the documented order — transmits, then events, then the timeout:
//!
//! 1. [`Step::Transmit`](delivery::Step::Transmit): clear the request — resolve
//!    `transmit.target()`, then `transmit.clear(&resolved)` gives the one address to connect
//!    to, or a denial to report as `TransportFailure::Denied` (see [`guard`]) — send it there
//!    with the client's timeout set to `transmit.timeout(now)`, never following redirects,
//!    and hand back what came of it with `handle_response` or `handle_transport_error`;
//! 2. [`Step::Event`](delivery::Step::Event): record each finished attempt (the machine
//!    keeps no log), act on the one `Finished` outcome;
//! 3. [`Step::Wait`](delivery::Step::Wait): sleep until then — or save `delivery.state()`
//!    (a few dozen bytes, no secret, no body) with this due time — and read the clock again.
//!
//! The clock is the host's (`Timestamp::try_from(SystemTime::now())`); hookwire never
//! reads it. The examples `send_ureq` (blocking) and `send_reqwest` (async, tokio) run this
//! loop on real HTTP clients.
//!
//! ```
//! use hookwire::delivery::{Delivery, Event, Message, OutcomeKind, Route, Step};
//! use hookwire::{Endpoint, MessageId, Payload, Timestamp, presets};
//!
//! // The route is shared by every message to the endpoint; the message by every endpoint.
//! let route = Route::new(Endpoint::builder("https://hooks.example.com/in").build()?)
//!     .with_policy(presets::netcore::retry_policy()); // only 200 is success
//! let message = Message::new(MessageId::new("evt_1")?, Payload::json(r#"{"event":"email_opened"}"#));
//! let mut statuses = [204u16, 200].into_iter(); // what the endpoint will answer
//!
//! let mut now = Timestamp::from_unix_secs(1_700_000_000); // the host's clock
//! let mut delivery = Delivery::new(route, message, now);
//! while let Some(step) = delivery.poll_step(now) {
//!     match step {
//!         // 1. transmits: cleared against what the host's resolver said, then sent
//!         Step::Transmit(transmit) => {
//!             let _pinned = transmit.clear(&["93.184.215.14".parse()?])?.address();
//!             let _timeout = transmit.timeout(now);
//!             let response = http::Response::builder().status(statuses.next().unwrap()).body(())?;
//!             delivery.handle_response(now, transmit.id(), &response)?;
//!         }
//!         // 2. events
//!         Step::Event(Event::Finished(outcome)) => {
//!             assert_eq!(outcome.kind, OutcomeKind::Delivered { status: 200 });
//!             assert_eq!(outcome.attempts, 2); // the 204 was retried
//!         }
//!         Step::Event(_) => {}
//!         // 3. timeout: a real host sleeps, or stores the delivery until then
//!         Step::Wait(until) => now = until,
//!     }
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Many deliveries: the dispatcher, preset by preset
//!
//! A [`Dispatcher`](dispatch::Dispatcher) holds every route and pending delivery and is
//! driven with the same loop. Each seed system is a few lines:
//!
//! ```
//! use std::time::Duration;
//! use hookwire::auth::ClientCredentials;
//! use hookwire::delivery::{Message, Route};
//! use hookwire::dispatch::{Alerts, DeliveryKey, Dispatcher, RouteConfig, RouteKey};
//! use hookwire::{BasicAuth, Endpoint, Keyring, MessageId, Payload, Scheme, Signer, Timestamp, presets};
//!
//! let now = Timestamp::from_unix_secs(1_700_000_000);
//! let mut dispatcher = Dispatcher::new(now);
//!
//! // Lytics: 5 workers (max 20), batches of 10 or 1 s, job errors, OAuth 2.0 tokens.
//! let lytics = Route::new(presets::lytics::endpoint("https://hooks.example.com/lytics").build()?)
//!     .with_policy(presets::lytics::retry_policy());
//! let token_url = Endpoint::builder("https://auth.example.com:9031/as/token.oauth2").build()?;
//! let lytics = presets::lytics::route_config(lytics, None)?
//!     .with_batching(presets::lytics::batching(None, false)?)
//!     .with_oauth2(ClientCredentials::new(token_url, "client", "secret").with_scopes(["webhooks"]));
//! dispatcher.add_route(RouteKey::new(1), lytics)?;
//!
//! // Netcore: Basic auth, disabled at a 500, failure alerts; probe it like the Test button.
//! let netcore = Endpoint::builder("https://crm.example.com/netcore")
//!     .basic_auth(BasicAuth::new("netcore", "s3cret")?)
//!     .build()?;
//! let alerts = Alerts::new(["ops@example.com"], Duration::from_secs(3600))?;
//! let netcore = Route::new(netcore).with_policy(presets::netcore::retry_policy());
//! dispatcher.add_route(RouteKey::new(2), presets::netcore::route_config(netcore, Some(alerts)))?;
//! dispatcher.probe(now, RouteKey::new(2), Message::new(MessageId::new("test")?, Payload::json("{}")))?;
//!
//! // Listrak: an integration secret from the host's random bytes, shown once at setup.
//! # let random = [7u8, 1, 9, 4, 2, 8, 3, 6, 5, 0, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61];
//! let (shown, secret) = presets::listrak::integration_secret(&random)?;
//! let listrak = Route::new(presets::listrak::endpoint("https://partner.example.com/ltk").build()?)
//!     .with_signer(Signer::new(Scheme::listrak(), Keyring::new().with(secret))?)
//!     .with_policy(presets::listrak::retry_policy());
//! dispatcher.add_route(RouteKey::new(3), RouteConfig::new(listrak))?;
//! # let _ = shown;
//!
//! // Standard Webhooks: 410 disables the endpoint.
//! let standard = Route::new(Endpoint::builder("https://app.example.com/webhooks").build()?)
//!     .with_policy(presets::standard_webhooks::retry_policy());
//! dispatcher.add_route(RouteKey::new(4), presets::standard_webhooks::route_config(standard))?;
//!
//! // Smarter Launch: one trigger to every URL of an automation, each its own delivery.
//! let automation = presets::smarter_launch::Automation::builder("proposal.accepted")
//!     .url("https://sales.example.com/in")
//!     .url("https://crm.example.com/in")
//!     .build()?;
//! let signer = Signer::new(Scheme::smarter_launch(), Keyring::new().with(hookwire::Secret::from_text("account-key")?))?;
//! for (n, config) in presets::smarter_launch::route_configs(&automation, &signer).into_iter().enumerate() {
//!     dispatcher.add_route(RouteKey::new(10 + n as u64), config)?;
//! }
//! let trigger = Message::new(MessageId::new("proposal-42")?, Payload::json(r#"{"event":"proposal.accepted"}"#));
//! dispatcher.fan_out(now, trigger, [
//!     (RouteKey::new(10), DeliveryKey::new(1)),
//!     (RouteKey::new(11), DeliveryKey::new(2)),
//! ])?;
//!
//! // Then the drive loop: poll_transmit, handle_* by transmit id, poll_event, poll_timeout.
//! assert!(dispatcher.poll_transmit(now).is_some()); // the probe goes first
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Sender quick start
//!
//! ```
//! use bytes::Bytes;
//! use hookwire::{Keyring, MessageId, Scheme, Secret, Signer, Timestamp, presets};
//!
//! // Listrak requires https: its preset's endpoint refuses anything else.
//! let endpoint = presets::listrak::endpoint("https://hooks.example.com/listrak").build()?;
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
//! A service receiving webhooks usually wants every check at once: a
//! [`Receiver`](receive::Receiver) runs size, address, credentials, signature, replay,
//! content-type and parse checks in order and says which status to answer.
//!
//! ```
//! use hookwire::receive::{Json, Receiver, ReplayGuard};
//! use hookwire::{Keyring, Scheme, Secret, Timestamp, Verifier};
//! # use hookwire::{MessageId, Signer};
//! # let keys = || Keyring::new().with(Secret::from_text("hmac-secret").unwrap());
//! # let now = Timestamp::from_unix_secs(1_700_000_000);
//! # let body = br#"{"type":"audience.entered"}"#;
//! # let mut builder = http::Request::post("/hooks").header("content-type", "application/json");
//! # for (name, value) in Signer::new(Scheme::StandardWebhooks, keys())?
//! #     .sign(&MessageId::new("msg_1")?, now, body)? { builder = builder.header(name, value); }
//! # let request = builder.body(&body[..])?;
//!
//! let receiver = Receiver::builder(Json)
//!     .max_body_size(256 * 1024)
//!     .allow_ip("203.0.113.0/24")
//!     .verifier(Verifier::new(Scheme::StandardWebhooks, keys())?)
//!     .build()?;
//! let mut guard = ReplayGuard::new(100_000)?; // shared behind the host's own lock
//!
//! // `request` is what the HTTP server received; the peer address and `now` are the host's.
//! let peer = "203.0.113.9".parse()?;
//! match receiver.receive(&request, peer, now, Some(&mut guard)) {
//!     Ok(accepted) => assert_eq!(accepted.data()["type"], "audience.entered"),
//!     Err(rejection) => println!("answer {}: {rejection}", rejection.status()),
//! }
//! // The same request again is a replay.
//! assert_eq!(receiver.receive(&request, peer, now, Some(&mut guard)).unwrap_err().status(), 409);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## What you will not find here
//!
//! No HTTP client or server, no async runtime, no clock, no storage. The examples show
//! hookwire on real HTTP (`examples/demo.rs`, `examples/dumper.rs`,
//! `examples/receiver_axum.rs`) and as a command-line tool (`examples/hookwire/`).
//!
//! ## Panics
//!
//! Errors are bad input; a panic would be a broken invariant. No input — header, body,
//! secret text, date — can make hookwire panic, and the parsers are fuzzed to keep it so.

// No `unsafe` anywhere: nothing here needs it, and its absence is easy to audit.
#![forbid(unsafe_code)]
// Every public item is documented, and every public type can be printed while debugging.
#![deny(missing_docs, missing_debug_implementations)]

#[cfg(any(
    feature = "axum",
    feature = "reqwest",
    feature = "system-clock",
    feature = "ureq"
))]
pub mod adapters;
pub mod auth;
mod cidr;
pub mod delivery;
pub mod dispatch;
mod endpoint;
mod error;
pub mod format;
pub mod guard;
mod message_id;
mod payload;
pub mod presets;
pub mod receive;
pub mod retry;
pub mod sign;
#[cfg(feature = "testing")]
pub mod testing;
mod time;

pub use auth::BasicAuth;
pub use endpoint::{Endpoint, EndpointBuilder, EndpointError, HeaderError};
pub use error::ConfigError;
pub use message_id::{MAX_MESSAGE_ID_LEN, MessageId, MessageIdError};
pub use payload::{APPLICATION_JSON, Payload, PayloadError};
pub use sign::{
    DigestEncoding, Ed25519SigningKey, Ed25519VerifyingKey, Key, KeyEntry, Keyring,
    SMARTER_LAUNCH_DEFAULT_HEADER, Scheme, Secret, SignError, SignedHeaders, Signer, Tolerance,
    Verified, Verifier, VerifyError,
};
pub use time::{TimeError, Timestamp};

/// Re-exported so hosts use the same `http` types hookwire speaks.
pub use http;

// The README's examples compile and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

/// Guides that are not about one module.
pub mod docs {
    /// Choosing a preset: one section per seed system, citing the rules it follows.
    #[doc = include_str!("../docs/choosing-a-preset.md")]
    pub mod choosing_a_preset {}
}
