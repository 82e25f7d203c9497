//! How a delivery ended: the one terminal [`Outcome`], its [`OutcomeKind`] and, for a
//! failure, its [`FailureReason`].

use std::fmt;

use serde::{Deserialize, Serialize};

use super::attempt::AttemptResult;
use crate::retry::FailureAction;
use crate::time::Timestamp;

/// Why a delivery failed.
///
/// ```
/// use hookwire::delivery::FailureReason;
/// assert_eq!(FailureReason::AttemptsExhausted.to_string(), "attempts exhausted");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum FailureReason {
    /// Every attempt the policy allows failed.
    AttemptsExhausted,
    /// The endpoint answered `410 Gone`: stop sending to it (Standard Webhooks, CloudEvents).
    EndpointGone,
    /// No signing key was active when an attempt was due: rotate in a new key.
    NoActiveKey,
    /// The endpoint's SSRF guard refused where its URL led (an internal address, among
    /// those its host resolved to): nothing was sent. Fix the URL, or allow the range on
    /// the endpoint's guard if it is meant to be reached.
    DestinationDenied,
    /// An attempt was due at a time before 1970, which no signature can carry: the host's
    /// clock is wrong.
    ClockBeforeEpoch,
}

impl FailureReason {
    /// Why a delivery fails when its request cannot be signed at the time it is due.
    pub(crate) fn unsignable(err: &crate::sign::SignError) -> Self {
        match err {
            crate::sign::SignError::TimestampBeforeEpoch { .. } => FailureReason::ClockBeforeEpoch,
            _ => FailureReason::NoActiveKey,
        }
    }
}

impl fmt::Display for FailureReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FailureReason::AttemptsExhausted => "attempts exhausted",
            FailureReason::EndpointGone => "endpoint gone (410)",
            FailureReason::NoActiveKey => "no active signing key",
            FailureReason::DestinationDenied => "destination denied by the SSRF guard",
            FailureReason::ClockBeforeEpoch => "the clock reads a time before 1970",
        })
    }
}

/// How a delivery ended.
///
/// ```
/// use hookwire::delivery::{FailureReason, OutcomeKind};
/// assert_eq!(OutcomeKind::Delivered { status: 200 }.name(), "delivered");
/// assert!(OutcomeKind::Failed { reason: FailureReason::EndpointGone }.is_error());
/// assert!(!OutcomeKind::Omitted { status: 404 }.is_error());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutcomeKind {
    /// The endpoint accepted the message with this status.
    Delivered {
        /// The success status.
        status: u16,
    },
    /// The endpoint answered a status the policy never retries: logged, but not an error
    /// (Lytics: "marked as omitted with the cause logged … These request will not cause the
    /// job to error").
    Omitted {
        /// The status answered.
        status: u16,
    },
    /// The delivery failed.
    Failed {
        /// Why.
        reason: FailureReason,
    },
    /// The host cancelled it.
    Cancelled,
}

impl OutcomeKind {
    /// `delivered`, `omitted`, `failed` or `cancelled`.
    ///
    /// See [`OutcomeKind`] for an example.
    pub fn name(&self) -> &'static str {
        match self {
            OutcomeKind::Delivered { .. } => "delivered",
            OutcomeKind::Omitted { .. } => "omitted",
            OutcomeKind::Failed { .. } => "failed",
            OutcomeKind::Cancelled => "cancelled",
        }
    }

    /// Whether this outcome is an error to log as one (only [`OutcomeKind::Failed`]).
    ///
    /// See [`OutcomeKind`] for an example.
    pub fn is_error(&self) -> bool {
        matches!(self, OutcomeKind::Failed { .. })
    }
}

impl fmt::Display for OutcomeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OutcomeKind::Delivered { status } => write!(f, "delivered ({status})"),
            OutcomeKind::Omitted { status } => write!(f, "omitted ({status})"),
            OutcomeKind::Failed { reason } => write!(f, "failed: {reason}"),
            OutcomeKind::Cancelled => f.write_str("cancelled"),
        }
    }
}

/// The one terminal outcome of a delivery: how and when it ended, and a bounded summary of
/// its attempts (each attempt itself was reported as it ended, in
/// [`Event::AttemptFinished`](super::Event::AttemptFinished)).
///
/// ```
/// # use hookwire::delivery::{Outcome, OutcomeKind};
/// # use hookwire::Timestamp;
/// let outcome = Outcome {
///     kind: OutcomeKind::Cancelled,
///     at: Timestamp::UNIX_EPOCH,
///     attempts: 0,
///     first_attempt_at: None,
///     last_result: None,
///     journey_action: None,
/// };
/// assert_eq!(outcome.kind.name(), "cancelled");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    /// How it ended.
    pub kind: OutcomeKind,
    /// When it ended.
    pub at: Timestamp,
    /// How many attempts were started (released and deferred ones included).
    pub attempts: u32,
    /// When the first attempt started, if one did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_attempt_at: Option<Timestamp>,
    /// What the last attempt produced, if one finished.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_result: Option<AttemptResult>,
    /// For a delivery that was neither delivered nor cancelled, what the journey should do
    /// with the contact, when the policy says ([`RetryPolicy::with_failure_action`]).
    ///
    /// [`RetryPolicy::with_failure_action`]: crate::retry::RetryPolicy::with_failure_action
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub journey_action: Option<FailureAction>,
}
