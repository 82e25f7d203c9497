//! How a sender proves itself to a receiver beyond a signature: HTTP Basic, and OAuth 2.0
//! client credentials ([`ClientCredentials`]: the token request as data and the reading of
//! its answer; a [`Dispatcher`](crate::dispatch::Dispatcher) sends it as one more transmit);
//! static headers and query parameters live on [`Endpoint`](crate::Endpoint).
//!
//! Two errors, kept apart as rustls keeps a caller's misuse apart from a peer's
//! misbehaviour: [`BasicAuthError`] is a mistake in credentials being set up, found by
//! [`BasicAuth::new`]; [`CredentialsError`] is a request whose credentials are refused,
//! found by [`BasicAuth::verify`].
//!
//! ```
//! use hookwire::auth::{BasicAuth, CredentialsError};
//! use http::{HeaderMap, header::AUTHORIZATION};
//!
//! let auth = BasicAuth::new("netcore", "s3cret")?;
//! let mut headers = HeaderMap::new();
//! headers.insert(AUTHORIZATION, auth.header_value()); // the sender's side
//! assert_eq!(auth.verify(&headers), Ok(())); // the receiver's side
//! headers.insert(AUTHORIZATION, BasicAuth::new("netcore", "guess")?.header_value());
//! assert_eq!(auth.verify(&headers), Err(CredentialsError::Invalid));
//! # Ok::<(), hookwire::auth::BasicAuthError>(())
//! ```

mod basic;
mod client_auth;
mod client_credentials;
mod error;
mod token;
mod token_error;

pub use basic::BasicAuth;
pub use client_auth::ClientAuth;
pub use client_credentials::{ClientCredentials, DEFAULT_REFRESH_MARGIN};
pub use error::{BasicAuthError, CredentialsError};
pub use token::Token;
pub use token_error::TokenError;
