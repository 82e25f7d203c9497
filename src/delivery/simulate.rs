//! [`simulate`]: drive a delivery on a virtual clock against a scripted receiver — to test a
//! host's policy choices, to print a schedule, and as the harness of hookwire's own tests.

use http::HeaderValue;
use http::header::RETRY_AFTER;

use super::{AttemptRecord, Delivery, Event, Outcome, Transmit, TransportFailure};

/// What the scripted receiver does with one request.
///
/// ```
/// use hookwire::delivery::Reply;
/// let reply = Reply::status(503).with_retry_after("120");
/// assert!(matches!(reply, Reply::Status { status: 503, .. }));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    /// Answer with this status, a `Retry-After` header if given (sent as written, so
    /// malformed values can be tested too) and a body.
    Status {
        /// The status.
        status: u16,
        /// The `Retry-After` header's text.
        retry_after: Option<String>,
        /// The body (empty unless given).
        body: bytes::Bytes,
    },
    /// Fail below HTTP, at once.
    Transport(TransportFailure),
    /// Never answer: the attempt runs into its deadline.
    Silence,
}

impl Reply {
    /// Answer with `status`.
    ///
    /// See [`Reply`] for an example.
    pub fn status(status: u16) -> Self {
        Reply::Status {
            status,
            retry_after: None,
            body: bytes::Bytes::new(),
        }
    }

    /// This reply with a `Retry-After` header (a status reply only).
    ///
    /// See [`Reply`] for an example.
    #[must_use]
    pub fn with_retry_after(self, value: impl Into<String>) -> Self {
        match self {
            Reply::Status { status, body, .. } => Reply::Status {
                status,
                retry_after: Some(value.into()),
                body,
            },
            other => other,
        }
    }

    /// This reply with a body (a status reply only): for rules that read it — an OAuth 2.0
    /// token, a probe's reason, Lytics' enrichment.
    ///
    /// ```
    /// use hookwire::delivery::Reply;
    /// let reply = Reply::status(200).with_body(r#"{"city":"Portland"}"#);
    /// assert!(matches!(reply, Reply::Status { ref body, .. } if body.len() == 19));
    /// ```
    #[must_use]
    pub fn with_body(self, body: impl Into<bytes::Bytes>) -> Self {
        match self {
            Reply::Status {
                status,
                retry_after,
                ..
            } => Reply::Status {
                status,
                retry_after,
                body: body.into(),
            },
            other => other,
        }
    }
}

/// What a simulation saw: every event in order, the attempt log a host would have kept
/// from them, and the outcome.
///
/// ```
/// # use hookwire::{delivery::{simulate, Delivery, Message, Reply, Route}, Endpoint, MessageId, Payload, Timestamp};
/// # let route = Route::new(Endpoint::builder("https://e.com/").build()?);
/// # let message = Message::new(MessageId::new("m")?, Payload::json("{}"));
/// let mut delivery = Delivery::new(route, message, Timestamp::UNIX_EPOCH);
/// let sim = simulate(&mut delivery, |_| Reply::status(204));
/// assert_eq!(sim.attempts.len(), 1);
/// assert_eq!(sim.outcome.attempts, 1);
/// assert_eq!(sim.events.len(), 3); // started, finished attempt, outcome
/// # Ok::<(), hookwire::ConfigError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Simulation {
    /// Every event the delivery emitted, the terminal one last.
    pub events: Vec<Event>,
    /// Every finished attempt, in order (from the [`Event::AttemptFinished`] events).
    pub attempts: Vec<AttemptRecord>,
    /// The outcome (a copy of the terminal event's).
    pub outcome: Outcome,
}

/// The most steps a simulation takes before cancelling: far more than any policy needs, so
/// only a broken policy can reach it, and even then the simulation ends.
const MAX_STEPS: usize = 100_000;

/// Drives `delivery` to its end from its own clock, jumping the virtual clock to each
/// [`Delivery::poll_timeout`]; `respond` plays the receiver. Answers arrive at the moment the
/// request is sent (zero latency); [`Reply::Silence`] lets the deadline pass.
///
/// ```
/// use hookwire::{Endpoint, MessageId, Payload, Timestamp};
/// use hookwire::delivery::{simulate, Delivery, Message, OutcomeKind, Reply, Route};
/// use hookwire::presets::smarter_launch;
///
/// let route = Route::new(Endpoint::builder("https://e.com/").build()?)
///     .with_policy(smarter_launch::retry_policy());
/// let message = Message::new(MessageId::new("m")?, Payload::json("{}"));
/// let mut delivery = Delivery::new(route, message, Timestamp::UNIX_EPOCH);
/// let sim = simulate(&mut delivery, |_| Reply::status(500));
/// assert_eq!(sim.outcome.attempts, 3); // "We will not try again after these 3 attempts."
/// assert!(matches!(sim.outcome.kind, OutcomeKind::Failed { .. }));
/// # Ok::<(), hookwire::ConfigError>(())
/// ```
pub fn simulate(
    delivery: &mut Delivery,
    mut respond: impl FnMut(&Transmit) -> Reply,
) -> Simulation {
    let mut now = delivery.state().clock();
    let mut events = Vec::new();
    let mut outcome = None;
    for _ in 0..MAX_STEPS {
        // A misuse error is impossible here: the clock only moves forward and every
        // attempt id comes straight from `poll_transmit`.
        let _ = delivery.handle_timeout(now);
        while let Some(transmit) = delivery.poll_transmit(now) {
            let id = transmit.id();
            let _ = match respond(&transmit) {
                Reply::Status {
                    status,
                    retry_after,
                    body,
                } => {
                    let mut response = http::Response::new(body);
                    *response.status_mut() =
                        http::StatusCode::from_u16(status).unwrap_or(http::StatusCode::BAD_GATEWAY);
                    if let Some(value) = retry_after.and_then(|v| HeaderValue::try_from(v).ok()) {
                        response.headers_mut().insert(RETRY_AFTER, value);
                    }
                    delivery.handle_response(now, id, &response)
                }
                Reply::Transport(failure) => delivery.handle_transport_error(now, id, failure),
                Reply::Silence => Ok(()),
            };
        }
        drain(delivery, &mut events, &mut outcome);
        if let Some(outcome) = outcome.take() {
            return Simulation::new(events, outcome);
        }
        match delivery.poll_timeout() {
            Some(next) => now = now.max(next),
            None => break,
        }
    }
    // Unreachable for any valid policy (every policy bounds its attempts and deferrals);
    // ending the delivery keeps the promise of exactly one outcome all the same.
    let _ = delivery.cancel(now);
    drain(delivery, &mut events, &mut outcome);
    let outcome = outcome.unwrap_or(Outcome {
        kind: super::OutcomeKind::Cancelled,
        at: now,
        attempts: delivery.state().attempts(),
        first_attempt_at: delivery.state().core().first_attempt_at(),
        last_result: delivery.state().core().last_result(),
        journey_action: None,
    });
    Simulation::new(events, outcome)
}

fn drain(delivery: &mut Delivery, events: &mut Vec<Event>, outcome: &mut Option<Outcome>) {
    while let Some(event) = delivery.poll_event() {
        if let Event::Finished(done) = &event {
            *outcome = Some(*done);
        }
        events.push(event);
    }
}

impl Simulation {
    fn new(events: Vec<Event>, outcome: Outcome) -> Self {
        let attempts = events
            .iter()
            .filter_map(|event| match event {
                Event::AttemptFinished { record, .. } => Some(*record),
                _ => None,
            })
            .collect();
        Simulation {
            events,
            attempts,
            outcome,
        }
    }
}
