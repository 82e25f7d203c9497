//! One attempt's vocabulary: which attempt ([`AttemptId`]), what it produced
//! ([`AttemptResult`], [`TransportFailure`]) and when ([`AttemptRecord`]). Records are not
//! kept by the machine: each one is handed to the host in
//! [`Event::AttemptFinished`](super::Event::AttemptFinished), to log or store as it likes.

use std::fmt;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::time::Timestamp;

/// Which attempt of a delivery: 1 for the first, counting every attempt started (released
/// and deferred ones too, so every attempt has its own number).
///
/// ```
/// use hookwire::delivery::AttemptId;
/// assert_eq!(AttemptId::new(2).number(), 2);
/// assert_eq!(AttemptId::new(2).to_string(), "#2");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AttemptId(u32);

impl AttemptId {
    /// The attempt with this number (1-based).
    ///
    /// See [`AttemptId`] for an example.
    pub const fn new(number: u32) -> Self {
        AttemptId(number)
    }

    /// The attempt's number (1-based).
    ///
    /// See [`AttemptId`] for an example.
    pub const fn number(self) -> u32 {
        self.0
    }
}

impl fmt::Display for AttemptId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.0)
    }
}

/// The handle of one request handed to the host: pass it back with the request's result.
///
/// A [`Delivery`](super::Delivery) numbers its transmits as its attempts (1, 2, …); a
/// [`Dispatcher`](crate::dispatch::Dispatcher) numbers every transmit it makes, across all
/// its routes, so one id can carry a batch of many messages.
///
/// ```
/// use hookwire::delivery::TransmitId;
/// assert_eq!(TransmitId::new(7).get(), 7);
/// assert_eq!(TransmitId::new(7).to_string(), "t7");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TransmitId(u64);

impl TransmitId {
    /// The transmit with this number.
    ///
    /// See [`TransmitId`] for an example.
    pub const fn new(id: u64) -> Self {
        TransmitId(id)
    }

    /// The number.
    ///
    /// See [`TransmitId`] for an example.
    pub const fn get(self) -> u64 {
        self.0
    }
}

impl fmt::Display for TransmitId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "t{}", self.0)
    }
}

/// One finished attempt, as [`Event::AttemptFinished`](super::Event::AttemptFinished)
/// reports it.
///
/// ```
/// use hookwire::Timestamp;
/// use hookwire::delivery::{AttemptId, AttemptRecord};
/// use hookwire::delivery::AttemptResult;
///
/// let record = AttemptRecord {
///     attempt: AttemptId::new(1),
///     started_at: Timestamp::from_unix_millis(1_000),
///     ended_at: Timestamp::from_unix_millis(1_250),
///     result: AttemptResult::Status(503),
///     retry_after: None,
/// };
/// assert_eq!(record.latency().as_millis(), 250);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttemptRecord {
    /// Which attempt.
    pub attempt: AttemptId,
    /// When the request was handed to the host (its signature time).
    pub started_at: Timestamp,
    /// When the response, the failure or the deadline came.
    pub ended_at: Timestamp,
    /// The status, or why there was none.
    pub result: AttemptResult,
    /// When the response's `Retry-After` asked to be tried again, if it did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<Timestamp>,
}

impl AttemptRecord {
    /// How long the attempt took.
    ///
    /// See [`AttemptRecord`] for an example.
    pub fn latency(&self) -> Duration {
        self.ended_at.saturating_duration_since(self.started_at)
    }
}

/// Why an attempt did not produce an HTTP response.
///
/// ```
/// use hookwire::delivery::TransportFailure;
/// assert_eq!(TransportFailure::TimedOut.name(), "timed out");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum TransportFailure {
    /// The connection was refused or reset before a response.
    Connect,
    /// The host name did not resolve.
    Dns,
    /// The TLS handshake failed (bad certificate, protocol mismatch).
    Tls,
    /// No response within the attempt's deadline.
    TimedOut,
    /// Any other I/O failure.
    Other,
    /// Never sent: the endpoint's SSRF guard refused the destination
    /// ([`Transmit::clear`](crate::delivery::Transmit::clear)). A delivery fails at once.
    Denied,
}

impl TransportFailure {
    /// A short description for logs and the CLI.
    ///
    /// See [`TransportFailure`] for an example.
    pub fn name(self) -> &'static str {
        match self {
            TransportFailure::Connect => "connection failed",
            TransportFailure::Dns => "DNS lookup failed",
            TransportFailure::Tls => "TLS handshake failed",
            TransportFailure::TimedOut => "timed out",
            TransportFailure::Other => "transport error",
            TransportFailure::Denied => "destination denied",
        }
    }
}

/// What one attempt produced: a status, no response at all, or nothing known because the
/// worker sending it died.
///
/// ```
/// use hookwire::delivery::{AttemptResult, TransportFailure};
/// assert_eq!(AttemptResult::Status(503).to_string(), "503");
/// assert_eq!(AttemptResult::Transport(TransportFailure::Dns).to_string(), "DNS lookup failed");
/// assert_eq!(AttemptResult::Abandoned.to_string(), "abandoned by its worker");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttemptResult {
    /// The endpoint answered with this status.
    Status(u16),
    /// The request failed below HTTP.
    Transport(TransportFailure),
    /// The host released the attempt because the worker sending it died
    /// ([`Delivery::abandon`](super::Delivery::abandon)): not the endpoint's fault, so it
    /// uses up no budget.
    Abandoned,
}

impl fmt::Display for AttemptResult {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AttemptResult::Status(status) => write!(f, "{status}"),
            AttemptResult::Transport(failure) => f.write_str(failure.name()),
            AttemptResult::Abandoned => f.write_str("abandoned by its worker"),
        }
    }
}
