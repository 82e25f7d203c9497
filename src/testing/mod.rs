//! Unit-testing the webhooks a journey sends (feature `testing`).
//!
//! - [`capture`] runs a delivery — a preset's route and a message — on the virtual clock
//!   against a scripted receiver and keeps every request it would have sent
//!   ([`Captured`]), with the outcome; [`capture_dispatch`] does the same for a
//!   [`Dispatcher`](crate::dispatch::Dispatcher) a preset composed (batches, OAuth 2.0
//!   token requests, several routes).
//! - [`Captured::json`] and [`Captured::decode`] read a captured body back: JSON as is,
//!   Netcore's `data=` form through its parser.
//! - [`Captured::snapshot`] is the request with what changes from run to run (signatures,
//!   signing times, message ids, credentials) replaced by fixed markers, for `insta` or a
//!   plain `assert_eq!`; [`Captured::snapshot_masking`] also masks body fields the test
//!   does not fix (a time read from the host's clock).
//! - [`Shape`] asserts that a payload has the fields a receiver requires, with their JSON
//!   types (Listrak's "JSON schema" idea).
//! - [`Captured::verify`] checks the signature as the receiver will, at the time it was
//!   signed.
//!
//! ```
//! use hookwire::delivery::{Message, Reply, Route};
//! use hookwire::testing::{capture, JsonType, Shape};
//! use hookwire::{Endpoint, Keyring, MessageId, Payload, Scheme, Secret, Signer, Timestamp, Verifier, presets};
//!
//! let keys = || Keyring::new().with(Secret::from_text("hmac-secret").unwrap());
//! let route = Route::new(presets::listrak::endpoint("https://hooks.example.com/ltk").build()?)
//!     .with_signer(Signer::new(Scheme::listrak(), keys())?)
//!     .with_policy(presets::listrak::retry_policy());
//! let message = Message::new(MessageId::new("cart-1")?, Payload::json(r#"{"email":"ada@example.com","total":42.5}"#));
//!
//! let run = capture(route, message, Timestamp::from_unix_secs(1_700_000_000), |n| {
//!     if n == 1 { Reply::status(500) } else { Reply::status(200) }
//! });
//! assert_eq!(run.requests.len(), 2); // the 500 was retried
//! let first = &run.requests[0];
//! Shape::new().field("/email", JsonType::String).field("/total", JsonType::Number).check(&first.json()?)?;
//! first.verify(&Verifier::new(Scheme::listrak(), keys())?)?;
//! assert_eq!(first.snapshot()?["headers"]["ltk-hmacsignature"], "[signature]");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod captured;
mod shape;

pub use captured::{Capture, Captured, DecodeError, DispatchCapture, capture, capture_dispatch};
pub use shape::{JsonType, Shape, ShapeError};
