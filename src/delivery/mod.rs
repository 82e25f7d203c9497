//! [`Delivery`]: one message to one endpoint, as a pure state machine the host drives.
//!
//! The host owns the HTTP client and the clock; the delivery owns every decision. It is
//! driven with three kinds of calls (the sans-IO style of `quinn-proto`):
//!
//! - **inputs**: [`Delivery::handle_response`], [`Delivery::handle_transport_error`],
//!   [`Delivery::handle_timeout`] (and [`Delivery::cancel`]);
//! - **outputs**: [`Delivery::poll_transmit`] (a request to send now),
//!   [`Delivery::poll_event`] (what happened), [`Delivery::poll_timeout`] (when to wake it).
//!
//! After every input, drain in this order: transmits, then events, then ask for the next
//! timeout. The loop below delivers a message over a (here simulated) HTTP client:
//!
//! ```
//! use hookwire::{Endpoint, MessageId, Payload, Timestamp};
//! use hookwire::delivery::{Delivery, DeliverySpec, Event, OutcomeKind};
//! use hookwire::presets::smarter_launch;
//!
//! let spec = DeliverySpec::new(
//!     MessageId::new("proposal-accepted-17")?,
//!     Endpoint::builder("https://sales.example.com/hooks").build()?,
//!     Payload::json(r#"{"event":"proposal.accepted"}"#),
//! )
//! .with_policy(smarter_launch::retry_policy());
//!
//! // The host's HTTP client; this one fails twice, then succeeds.
//! let mut replies = vec![503, 500, 200].into_iter();
//! let mut send = |_request: &http::Request<bytes::Bytes>| replies.next().unwrap_or(200);
//!
//! let mut now = Timestamp::from_unix_secs(1_700_000_000); // the host's clock
//! let mut delivery = Delivery::new(spec, now);
//! let outcome = loop {
//!     // 1. Send whatever is due, and hand back what came of it.
//!     while let Some(transmit) = delivery.poll_transmit(now) {
//!         let status = send(transmit.request());
//!         let response = http::Response::builder().status(status).body(())?;
//!         delivery.handle_response(now, transmit.attempt(), &response)?;
//!     }
//!     // 2. Drain the events: log them, update the journey.
//!     let mut finished = None;
//!     while let Some(event) = delivery.poll_event() {
//!         if let Event::Finished(outcome) = event {
//!             finished = Some(outcome);
//!         }
//!     }
//!     if let Some(outcome) = finished {
//!         break outcome;
//!     }
//!     // 3. Sleep until the delivery wants to be woken (a real host stores the delivery and
//!     //    this due time in its queue), then tell it the time.
//!     now = delivery.poll_timeout().expect("an unfinished delivery always has a timeout");
//!     delivery.handle_timeout(now)?;
//! };
//!
//! assert_eq!(outcome.kind, OutcomeKind::Delivered { status: 200 });
//! // Smarter Launch: "try again in 10 seconds … again in 100 seconds".
//! let starts: Vec<i64> = outcome.attempts.iter().map(|a| a.started_at.unix_secs() - 1_700_000_000).collect();
//! assert_eq!(starts, [0, 10, 110]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Every delivery ends in exactly one [`Event::Finished`]: delivered, omitted, failed or
//! cancelled. A delivery is `Serialize + Deserialize` between any two calls; to keep keys out
//! of stored state, persist only [`Delivery::state`] and rebuild with
//! [`Delivery::from_parts`].

mod attempt;
mod error;
mod event;
mod outcome;
mod simulate;
mod spec;
mod state;
mod transmit;

use std::sync::Arc;

use serde::{Deserialize, Serialize};

pub use attempt::{AttemptId, AttemptRecord, AttemptResult, TransportFailure};
pub use error::ApiMisuse;
pub use event::Event;
pub use outcome::{FailureReason, Outcome, OutcomeKind};
pub use simulate::{Reply, Simulation, simulate};
pub use spec::DeliverySpec;
pub use state::DeliveryState;
pub use transmit::Transmit;

use crate::retry::{Decision, retry_after};
use crate::sign::SignError;
use crate::time::Timestamp;
use state::Phase;

/// One message to one endpoint: a [`DeliverySpec`] (what, where, how) and its
/// [`DeliveryState`] (how far it got). See the [module docs](self) for the drive loop.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Delivery {
    spec: Arc<DeliverySpec>,
    state: DeliveryState,
}

impl Delivery {
    // ----- construction and getters -----

    /// A new delivery whose first attempt is due at `now`.
    ///
    /// See the [module docs](self) for an example.
    pub fn new(spec: impl Into<Arc<DeliverySpec>>, now: Timestamp) -> Self {
        Delivery {
            spec: spec.into(),
            state: DeliveryState::new(now),
        }
    }

    /// A delivery resumed from its spec and a state saved earlier (perhaps in another
    /// process). It behaves exactly as the delivery the state was taken from.
    ///
    /// ```
    /// # use hookwire::{delivery::{Delivery, DeliverySpec, DeliveryState}, Endpoint, MessageId, Payload, Timestamp};
    /// # let spec = DeliverySpec::new(MessageId::new("m")?, Endpoint::builder("https://e.com/").build()?, Payload::json("{}"));
    /// let now = Timestamp::from_unix_secs(1_700_000_000);
    /// let mut delivery = Delivery::new(spec.clone(), now);
    /// let _first = delivery.poll_transmit(now).unwrap();
    /// let saved = serde_json::to_string(delivery.state())?;
    ///
    /// let resumed = Delivery::from_parts(spec, serde_json::from_str::<DeliveryState>(&saved)?);
    /// assert_eq!(resumed.poll_timeout(), delivery.poll_timeout());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_parts(spec: impl Into<Arc<DeliverySpec>>, state: DeliveryState) -> Self {
        Delivery {
            spec: spec.into(),
            state,
        }
    }

    /// The spec and the state, to store apart.
    ///
    /// ```
    /// # use hookwire::{delivery::{Delivery, DeliverySpec}, Endpoint, MessageId, Payload, Timestamp};
    /// # let spec = DeliverySpec::new(MessageId::new("m")?, Endpoint::builder("https://e.com/").build()?, Payload::json("{}"));
    /// let (spec, state) = Delivery::new(spec, Timestamp::UNIX_EPOCH).into_parts();
    /// assert!(state.attempts().is_empty());
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn into_parts(self) -> (Arc<DeliverySpec>, DeliveryState) {
        (self.spec, self.state)
    }

    /// What is delivered, where and how.
    ///
    /// ```
    /// # use hookwire::{delivery::{Delivery, DeliverySpec}, Endpoint, MessageId, Payload, Timestamp};
    /// # let spec = DeliverySpec::new(MessageId::new("m")?, Endpoint::builder("https://e.com/").build()?, Payload::json("{}"));
    /// let delivery = Delivery::new(spec, Timestamp::UNIX_EPOCH);
    /// assert_eq!(delivery.spec().message_id().as_str(), "m");
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn spec(&self) -> &DeliverySpec {
        &self.spec
    }

    /// How far it got.
    ///
    /// See [`DeliveryState`] for an example.
    pub fn state(&self) -> &DeliveryState {
        &self.state
    }

    /// Whether it has ended (its [`Event::Finished`] may still wait in the event queue).
    ///
    /// ```
    /// # use hookwire::{delivery::{Delivery, DeliverySpec}, Endpoint, MessageId, Payload, Timestamp};
    /// # let spec = DeliverySpec::new(MessageId::new("m")?, Endpoint::builder("https://e.com/").build()?, Payload::json("{}"));
    /// let delivery = Delivery::new(spec, Timestamp::UNIX_EPOCH);
    /// assert!(!delivery.is_finished());
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn is_finished(&self) -> bool {
        matches!(self.state.phase, Phase::Finished { .. })
    }

    // ----- inputs -----

    /// The endpoint answered `attempt` with `response` at `now`. Only the status and the
    /// `Retry-After` header are read.
    ///
    /// Errors ([`ApiMisuse`]) leave the delivery unchanged: an attempt never started, one no
    /// longer in flight (it timed out, or was answered already), a finished delivery, or a
    /// `now` earlier than one already given.
    ///
    /// See the [module docs](self) for an example.
    pub fn handle_response<B>(
        &mut self,
        now: Timestamp,
        attempt: AttemptId,
        response: &http::Response<B>,
    ) -> Result<(), ApiMisuse> {
        let started_at = self.check_in_flight(now, attempt)?;
        let hint = retry_after(response.headers(), now);
        let result = AttemptResult::Status(response.status().as_u16());
        self.finish_attempt(now, attempt, started_at, result, hint);
        Ok(())
    }

    /// `attempt` failed below HTTP at `now` (connection refused, DNS, TLS, timed out), or
    /// was never sent because the SSRF guard refused its destination
    /// ([`TransportFailure::Denied`], which fails the delivery at once; see
    /// [`Transmit::clear`]).
    ///
    /// ```
    /// # use hookwire::{delivery::{Delivery, DeliverySpec, Event}, Endpoint, MessageId, Payload, Timestamp};
    /// use hookwire::delivery::TransportFailure;
    /// # let spec = DeliverySpec::new(MessageId::new("m")?, Endpoint::builder("https://e.com/").build()?, Payload::json("{}"));
    /// # let now = Timestamp::from_unix_secs(1_700_000_000);
    /// let mut delivery = Delivery::new(spec, now);
    /// let transmit = delivery.poll_transmit(now).unwrap();
    /// delivery.handle_transport_error(now, transmit.attempt(), TransportFailure::Dns)?;
    /// assert!(delivery.poll_timeout().unwrap() > now); // a retry is scheduled
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn handle_transport_error(
        &mut self,
        now: Timestamp,
        attempt: AttemptId,
        failure: TransportFailure,
    ) -> Result<(), ApiMisuse> {
        let started_at = self.check_in_flight(now, attempt)?;
        self.finish_attempt(
            now,
            attempt,
            started_at,
            AttemptResult::Transport(failure),
            None,
        );
        Ok(())
    }

    /// The time is `now`: an attempt still in flight past its deadline counts as timed out.
    /// A spare call (nothing due) is a no-op; an attempt that is due is sent by the next
    /// [`Delivery::poll_transmit`].
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use hookwire::{delivery::{Delivery, DeliverySpec, Event}, Endpoint, MessageId, Payload, Timestamp};
    /// # let spec = DeliverySpec::new(MessageId::new("m")?, Endpoint::builder("https://e.com/").build()?, Payload::json("{}"));
    /// # let now = Timestamp::from_unix_secs(1_700_000_000);
    /// let mut delivery = Delivery::new(spec, now);
    /// let transmit = delivery.poll_transmit(now).unwrap();
    /// delivery.handle_timeout(transmit.deadline())?; // no answer in time
    /// let _started = delivery.poll_event();
    /// assert!(matches!(delivery.poll_event(), Some(Event::AttemptFailed { .. })));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn handle_timeout(&mut self, now: Timestamp) -> Result<(), ApiMisuse> {
        self.check_clock(now)?;
        if let Phase::InFlight {
            attempt,
            started_at,
            deadline,
        } = self.state.phase
            && now >= deadline
        {
            let result = AttemptResult::Transport(TransportFailure::TimedOut);
            self.finish_attempt(now, attempt, started_at, result, None);
        }
        Ok(())
    }

    /// The host gives up on the delivery: it ends [`OutcomeKind::Cancelled`]. An attempt in
    /// flight is abandoned; its late answer would be refused as stale.
    ///
    /// See [`DeliveryState::outcome`] for an example.
    pub fn cancel(&mut self, now: Timestamp) -> Result<(), ApiMisuse> {
        self.check_clock(now)?;
        if self.is_finished() {
            return Err(ApiMisuse::AlreadyFinished);
        }
        self.state.clock = now;
        self.finish(now, OutcomeKind::Cancelled);
        Ok(())
    }

    // ----- outputs -----

    /// The request to send now, if an attempt is due at `now`: signed at `now` (a retry is
    /// signed afresh), with the deadline the host should give it.
    ///
    /// Returns `None` when nothing is due, when an attempt is already in flight, when the
    /// delivery has finished, or when `now` is earlier than a time already given. If no
    /// signing key is active at `now` the delivery fails ([`FailureReason::NoActiveKey`]), as
    /// it does for a `now` before 1970, which no signature can carry
    /// ([`FailureReason::ClockBeforeEpoch`]).
    ///
    /// See the [module docs](self) for an example.
    #[must_use]
    pub fn poll_transmit(&mut self, now: Timestamp) -> Option<Transmit> {
        let Phase::Waiting { due } = self.state.phase else {
            return None;
        };
        if now < due || now < self.state.clock {
            return None;
        }
        let spec = &*self.spec;
        let mut request = spec.endpoint().request(spec.payload().body().clone());
        spec.payload().apply_to(request.headers_mut());
        if let Some(signer) = spec.signer() {
            match signer.sign(spec.message_id(), now, spec.payload().body()) {
                Ok(signed) => signed.apply_to(request.headers_mut()),
                Err(err) => {
                    self.state.clock = now;
                    let reason = match err {
                        SignError::TimestampBeforeEpoch { .. } => FailureReason::ClockBeforeEpoch,
                        _ => FailureReason::NoActiveKey,
                    };
                    self.finish(now, OutcomeKind::Failed { reason });
                    return None;
                }
            }
        }
        let attempt = AttemptId::new(self.state.started().saturating_add(1));
        let deadline = now.saturating_add(spec.policy().attempt_timeout());
        self.state.clock = now;
        self.state.phase = Phase::InFlight {
            attempt,
            started_at: now,
            deadline,
        };
        self.state
            .events
            .push_back(Event::AttemptStarted { attempt, at: now });
        Some(Transmit {
            attempt,
            request,
            deadline,
            guard: spec.endpoint().guard().cloned(),
        })
    }

    /// When to call the delivery next: the next attempt's due time, or the deadline of the
    /// attempt in flight; `None` once it has finished.
    ///
    /// See the [module docs](self) for an example.
    #[must_use]
    pub fn poll_timeout(&self) -> Option<Timestamp> {
        match self.state.phase {
            Phase::Waiting { due } => Some(due),
            Phase::InFlight { deadline, .. } => Some(deadline),
            Phase::Finished { .. } => None,
        }
    }

    /// The next thing that happened, oldest first.
    ///
    /// See the [module docs](self) for an example.
    #[must_use]
    pub fn poll_event(&mut self) -> Option<Event> {
        self.state.events.pop_front()
    }

    // ----- internals -----

    fn check_clock(&self, now: Timestamp) -> Result<(), ApiMisuse> {
        if now < self.state.clock {
            return Err(ApiMisuse::TimeWentBackwards {
                now,
                latest: self.state.clock,
            });
        }
        Ok(())
    }

    /// Checks that `attempt` is the one in flight; returns when it started.
    fn check_in_flight(&self, now: Timestamp, attempt: AttemptId) -> Result<Timestamp, ApiMisuse> {
        self.check_clock(now)?;
        if attempt.number() == 0 || attempt.number() > self.state.started() {
            return Err(ApiMisuse::UnknownAttempt { attempt });
        }
        match self.state.phase {
            Phase::InFlight {
                attempt: current,
                started_at,
                ..
            } if current == attempt => Ok(started_at),
            Phase::Finished { .. } => Err(ApiMisuse::AlreadyFinished),
            _ => Err(ApiMisuse::StaleAttempt { attempt }),
        }
    }

    fn finish_attempt(
        &mut self,
        now: Timestamp,
        attempt: AttemptId,
        started_at: Timestamp,
        result: AttemptResult,
        retry_after: Option<Timestamp>,
    ) {
        self.state.clock = now;
        // Decided on the counts before this attempt joins the log.
        let (counted, deferrals) = (self.state.counted(), self.state.deferrals);
        let record = AttemptRecord {
            attempt,
            started_at,
            ended_at: now,
            result,
            retry_after,
        };
        self.state.log.push(record);
        if result == AttemptResult::Transport(TransportFailure::Denied) {
            // Nothing was sent, and asking again would not make the destination safe.
            self.state.events.push_back(Event::AttemptFailed {
                record,
                next_attempt_at: None,
                counted: true,
            });
            let reason = FailureReason::DestinationDenied;
            self.finish(now, OutcomeKind::Failed { reason });
            return;
        }
        let spec = &*self.spec;
        let decision = spec.policy().decide(
            result,
            retry_after,
            counted,
            deferrals,
            spec.message_id(),
            now,
        );
        let status = match result {
            AttemptResult::Status(status) => status,
            AttemptResult::Transport(_) => 0,
        };
        let terminal = match decision {
            Decision::Delivered => {
                self.finish(now, OutcomeKind::Delivered { status });
                return;
            }
            Decision::Retry { at, counted } => {
                if !counted {
                    self.state.deferrals = self.state.deferrals.saturating_add(1);
                }
                self.state.phase = Phase::Waiting { due: at };
                self.state.events.push_back(Event::AttemptFailed {
                    record,
                    next_attempt_at: Some(at),
                    counted,
                });
                return;
            }
            Decision::Omitted => OutcomeKind::Omitted { status },
            Decision::Gone => OutcomeKind::Failed {
                reason: FailureReason::EndpointGone,
            },
            Decision::Exhausted => OutcomeKind::Failed {
                reason: FailureReason::AttemptsExhausted,
            },
        };
        self.state.events.push_back(Event::AttemptFailed {
            record,
            next_attempt_at: None,
            counted: true,
        });
        self.finish(now, terminal);
    }

    fn finish(&mut self, now: Timestamp, kind: OutcomeKind) {
        self.state.phase = Phase::Finished { kind, at: now };
        let journey_action = match kind {
            OutcomeKind::Delivered { .. } | OutcomeKind::Cancelled => None,
            OutcomeKind::Omitted { .. } | OutcomeKind::Failed { .. } => {
                self.spec.policy().failure_action()
            }
        };
        self.state.events.push_back(Event::Finished(Outcome {
            kind,
            at: now,
            attempts: self.state.log.clone(),
            journey_action,
        }));
    }
}
