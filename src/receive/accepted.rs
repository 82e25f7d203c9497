//! [`Accepted`]: a request that passed every check, with its typed data.

use super::replay_key::ReplayKey;
use crate::sign::Verified;

/// A request that passed every check the receiver is configured with: its typed data, and
/// what proved who sent it.
///
/// ```
/// use std::net::Ipv4Addr;
/// use hookwire::{BasicAuth, Timestamp};
/// use hookwire::receive::{Json, Receiver};
///
/// let auth = BasicAuth::new("netcore", "pw")?;
/// let receiver = Receiver::builder(Json).basic_auth(auth.clone()).build()?;
/// let request = http::Request::post("/in")
///     .header("content-type", "application/json")
///     .header("authorization", auth.header_value())
///     .body(br#"{"ok":true}"#)?;
/// let accepted = receiver.receive(&request, Ipv4Addr::LOCALHOST.into(), Timestamp::UNIX_EPOCH, None)?;
/// assert_eq!(accepted.credentials_index(), Some(0));
/// assert!(accepted.verified().is_none()); // no signature scheme configured
/// assert_eq!(accepted.into_data()["ok"], true);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct Accepted<T> {
    data: T,
    verified: Option<Verified>,
    credentials_index: Option<usize>,
    replay_key: Option<ReplayKey>,
}

impl<T> Accepted<T> {
    pub(crate) fn new(
        data: T,
        verified: Option<Verified>,
        credentials_index: Option<usize>,
        replay_key: Option<ReplayKey>,
    ) -> Self {
        Accepted {
            data,
            verified,
            credentials_index,
            replay_key,
        }
    }

    /// The typed data the body became.
    ///
    /// See [`Accepted`] for an example.
    pub fn data(&self) -> &T {
        &self.data
    }

    /// The typed data, by value.
    ///
    /// See [`Accepted`] for an example.
    pub fn into_data(self) -> T {
        self.data
    }

    /// The signature check's result (which key matched, the signed timestamp, the
    /// sender's message id), when the receiver verifies signatures.
    ///
    /// See [`Accepted`] for an example.
    pub fn verified(&self) -> Option<&Verified> {
        self.verified.as_ref()
    }

    /// Which of the accepted Basic credentials matched (their position, in the order
    /// given to the builder), when the receiver checks credentials.
    ///
    /// See [`Accepted`] for an example.
    pub fn credentials_index(&self) -> Option<usize> {
        self.credentials_index
    }

    /// The key this message was remembered under, when a replay guard was passed in: give
    /// it to [`ReplayGuard::forget`](super::ReplayGuard::forget) if the message could not
    /// be processed and the sender's retry should be accepted.
    ///
    /// See [`ReplayGuard::forget`](super::ReplayGuard::forget) for an example.
    pub fn replay_key(&self) -> Option<ReplayKey> {
        self.replay_key
    }
}
