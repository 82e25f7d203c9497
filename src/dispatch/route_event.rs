//! [`RouteEvent`]: what happens to a route as a whole — health, job state, alerts, probes.

use std::fmt;
use std::sync::Arc;

use crate::delivery::AttemptResult;
use crate::time::Timestamp;

/// Something that happened to a route as a whole, in
/// [`Event::Route`](super::Event::Route).
///
/// ```
/// use hookwire::dispatch::{DisableReason, RouteEvent};
/// let event = RouteEvent::EndpointDisabled { reason: DisableReason::Gone };
/// assert_eq!(event.name(), "endpoint_disabled");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RouteEvent {
    /// The endpoint was disabled by its health rule: it holds its deliveries until the host
    /// enables it ([`EndpointHealth`](super::EndpointHealth)).
    EndpointDisabled {
        /// Why.
        reason: DisableReason,
    },
    /// The job is in error after too many failed requests; the route pauses until
    /// `retry_at` ([`JobHealth`](super::JobHealth)).
    JobError {
        /// How many failed requests put it in error.
        failed_requests: u32,
        /// When the job runs again.
        retry_at: Timestamp,
    },
    /// The job's retries are used up: the route holds its deliveries until the host enables
    /// it.
    JobFailed {
        /// How many times the job was in error.
        errors: u32,
    },
    /// A `Retry-After` answer put the whole route to sleep, without an error.
    JobSleeping {
        /// When it wakes.
        until: Timestamp,
    },
    /// Tell the route's stakeholders (at most once per the alerts' frequency).
    Alert {
        /// Who ([`Alerts::to`](super::Alerts::to)).
        to: Arc<[String]>,
        /// What happened.
        reason: AlertReason,
    },
    /// The result of a test probe ([`Dispatcher::probe`](super::Dispatcher::probe)).
    Probe(ProbeResult),
    /// The route's OAuth 2.0 token request failed; its deliveries wait, and the token is
    /// asked for again at `retry_at`.
    TokenFailed {
        /// Why, as the token server said.
        error: crate::auth::TokenError,
        /// When the token is asked for again.
        retry_at: Timestamp,
    },
}

impl RouteEvent {
    /// The event's name in snake_case, as `hookwire simulate` prints it.
    ///
    /// See [`RouteEvent`] for an example.
    pub fn name(&self) -> &'static str {
        match self {
            RouteEvent::EndpointDisabled { .. } => "endpoint_disabled",
            RouteEvent::JobError { .. } => "job_error",
            RouteEvent::JobFailed { .. } => "job_failed",
            RouteEvent::JobSleeping { .. } => "job_sleeping",
            RouteEvent::Alert { .. } => "alert",
            RouteEvent::Probe(_) => "probe",
            RouteEvent::TokenFailed { .. } => "token_failed",
        }
    }
}

/// Why an endpoint was disabled.
///
/// ```
/// use hookwire::dispatch::DisableReason;
/// let reason = DisableReason::ServerErrors { status: 500, in_a_row: 1 };
/// assert_eq!(reason.to_string(), "500 answered 1 time(s) in a row");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum DisableReason {
    /// It answered 5xx this many times in a row, the last time `status`.
    ServerErrors {
        /// The last status.
        status: u16,
        /// How many in a row.
        in_a_row: u32,
    },
    /// It answered `410 Gone`.
    Gone,
}

impl fmt::Display for DisableReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DisableReason::ServerErrors { status, in_a_row } => {
                write!(f, "{status} answered {in_a_row} time(s) in a row")
            }
            DisableReason::Gone => f.write_str("410 Gone"),
        }
    }
}

/// What an alert is about.
///
/// ```
/// use hookwire::dispatch::{AlertReason, DeliveryKey};
/// use hookwire::delivery::FailureReason;
/// let reason = AlertReason::DeliveryFailed { delivery: DeliveryKey::new(7), reason: FailureReason::AttemptsExhausted };
/// assert_eq!(reason.to_string(), "delivery 7 failed: attempts exhausted");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum AlertReason {
    /// A delivery failed.
    DeliveryFailed {
        /// Which.
        delivery: super::DeliveryKey,
        /// Why.
        reason: crate::delivery::FailureReason,
    },
    /// The endpoint was disabled.
    EndpointDisabled(DisableReason),
    /// The job is in error.
    JobError,
    /// The job failed.
    JobFailed,
    /// The OAuth 2.0 token could not be had.
    TokenFailed,
}

impl fmt::Display for AlertReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AlertReason::DeliveryFailed { delivery, reason } => {
                write!(f, "{delivery} failed: {reason}")
            }
            AlertReason::EndpointDisabled(reason) => write!(f, "endpoint disabled: {reason}"),
            AlertReason::JobError => f.write_str("job in error"),
            AlertReason::JobFailed => f.write_str("job failed"),
            AlertReason::TokenFailed => f.write_str("OAuth 2.0 token refused"),
        }
    }
}

/// What a test probe found (Netcore's Test button: "If the test returns a HTTP 200 status
/// then the Webhook is operational").
///
/// ```
/// use hookwire::dispatch::ProbeResult;
/// use hookwire::delivery::AttemptResult;
/// let result = ProbeResult { passed: false, result: AttemptResult::Status(204), reason: "answered 204, not 200".into() };
/// assert!(!result.passed);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProbeResult {
    /// Whether the endpoint answered exactly 200.
    pub passed: bool,
    /// What it answered.
    pub result: AttemptResult,
    /// Why it failed (or `200 OK`), with the first bytes of the body when there was one.
    pub reason: String,
}
