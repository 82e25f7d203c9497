//! Glue for the stacks hosts already have, each behind its own cargo feature, all off by
//! default: the sans-IO core pulls no HTTP client, server or runtime.
//!
//! | feature | module | what it gives |
//! | --- | --- | --- |
//! | `system-clock` | [`clock`] | the host's wall clock as a [`Timestamp`](crate::Timestamp), in one place |
//! | `ureq` | [`ureq`](mod@ureq) | a ureq 3 agent that follows no redirect and returns every status; a transmit sent with its deadline as the timeout |
//! | `reqwest` | [`reqwest`](mod@reqwest) | a reqwest client builder that follows no redirect; a transmit sent with its deadline as the timeout |
//! | `axum` | [`axum`](mod@axum) | `IntoResponse` for the receiver's rejections and acknowledgements, and a verifying extractor |
//!
//! These modules are the only code in the crate that does I/O or reads a clock, and only
//! when their feature is on; each one is small enough to copy instead. With every feature
//! off the crate is exactly the sans-IO core.
//!
//! ```toml
//! [dependencies]
//! hookwire = { version = "0.1", features = ["ureq"] }
//! ```

#[cfg(feature = "axum")]
pub mod axum;
#[cfg(feature = "system-clock")]
pub mod clock;
#[cfg(feature = "reqwest")]
pub mod reqwest;
#[cfg(feature = "ureq")]
pub mod ureq;
