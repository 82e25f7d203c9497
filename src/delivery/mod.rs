//! [`Delivery`]: one message to one endpoint, as a pure state machine the host drives.
//!
//! The host owns the HTTP client and the clock; the delivery owns every decision. It is
//! driven with three kinds of calls (the sans-IO style of `quinn-proto`):
//!
//! - **inputs**: [`Delivery::handle_response`], [`Delivery::handle_transport_error`],
//!   [`Delivery::handle_timeout`] (and [`Delivery::abandon`], [`Delivery::cancel`]);
//! - **outputs**: [`Delivery::poll_transmit`] (a request to send now),
//!   [`Delivery::poll_event`] (what happened), [`Delivery::poll_timeout`] (when to wake it).
//!
//! A delivery is two shared parts and a small core: the [`Route`] (endpoint, signer,
//! policy — shared by every message to that endpoint), the [`Message`] (id and payload —
//! shared by every endpoint it goes to), and a [`DeliveryCore`] of a few dozen bytes saying
//! how far it got. The core is what the host saves ([`DeliveryState`]); it holds no secret,
//! no body and no history — each attempt is an [`Event`] the host records as it drains it.
//!
//! After every input, drain in this order: transmits, then events, then ask for the next
//! timeout. [`Delivery::poll_step`] is that order as one call — the supported way to drive
//! a delivery with the host's own HTTP client and clock — handing out one [`Step`] at a
//! time: a [`Transmit`] to send, an [`Event`] to record, or a time to [`Step::Wait`] for.
//! The loop below delivers a message over a (here simulated) HTTP client; the examples
//! `send_ureq` (blocking) and `send_reqwest` (async) run the same loop on real clients:
//!
//! ```
//! use hookwire::{Endpoint, MessageId, Payload, Timestamp};
//! use hookwire::delivery::{Delivery, Event, Message, OutcomeKind, Route, Step, TransportFailure};
//! use hookwire::presets::smarter_launch;
//!
//! let route = Route::new(Endpoint::builder("https://sales.example.com/hooks").build()?)
//!     .with_policy(smarter_launch::retry_policy());
//! let message = Message::new(
//!     MessageId::new("proposal-accepted-17")?,
//!     Payload::json(r#"{"event":"proposal.accepted"}"#),
//! );
//!
//! // The host's HTTP client; this one fails twice, then succeeds.
//! let mut replies = vec![503, 500, 200].into_iter();
//! let mut send = |_request: &http::Request<bytes::Bytes>, _timeout: std::time::Duration|
//!     -> Result<http::Response<()>, TransportFailure> {
//!     Ok(http::Response::builder().status(replies.next().unwrap_or(200)).body(()).unwrap())
//! };
//!
//! let mut now = Timestamp::from_unix_secs(1_700_000_000); // the host's clock
//! let mut delivery = Delivery::new(route, message, now);
//! let mut started = Vec::new(); // the host's attempt log
//! let mut outcome = None;
//! while let Some(step) = delivery.poll_step(now) {
//!     match step {
//!         // 1. Send what is due (cleared by the endpoint's guard, the client's timeout
//!         //    from the deadline, no redirects), and hand back what came of it.
//!         Step::Transmit(transmit) => {
//!             let _pinned = transmit.clear(&["93.184.215.14".parse()?])?.address();
//!             match send(transmit.request(), transmit.timeout(now)) {
//!                 Ok(response) => delivery.handle_response(now, transmit.id(), &response)?,
//!                 Err(failure) => delivery.handle_transport_error(now, transmit.id(), failure)?,
//!             }
//!         }
//!         // 2. Record the events; the last one is the outcome.
//!         Step::Event(Event::AttemptStarted { at, .. }) => started.push(at.unix_secs() - 1_700_000_000),
//!         Step::Event(Event::Finished(done)) => outcome = Some(done),
//!         Step::Event(_) => {}
//!         // 3. Sleep until the delivery wants to be woken (a real host may instead save
//!         //    `delivery.state()` with this due time in its queue), then read the clock.
//!         Step::Wait(until) => now = until,
//!     }
//! }
//!
//! let outcome = outcome.expect("every delivery ends in one outcome");
//! assert_eq!(outcome.kind, OutcomeKind::Delivered { status: 200 });
//! assert_eq!(outcome.attempts, 3);
//! // Smarter Launch: "try again in 10 seconds … again in 100 seconds".
//! assert_eq!(started, [0, 10, 110]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The host's clock is `Timestamp::try_from(SystemTime::now())`, read by the host: hookwire
//! never reads it. A client whose response body is not a [`ResponseBody`] (ureq, hyper, a
//! stream) hands in [`response_head`]`(&response)`, which keeps the status and the
//! `Retry-After` header and leaves the body to be read afterwards. For tests and
//! schedules, [`simulate`] runs the same loop on a virtual clock against a scripted
//! receiver.
//!
//! Every delivery ends in exactly one [`Event::Finished`]: delivered, omitted, failed or
//! cancelled.

mod attempt;
mod core_state;
mod error;
mod event;
mod message;
mod outcome;
mod response_body;
mod route;
mod simulate;
mod state;
mod step;
mod transmit;

use std::collections::VecDeque;
use std::sync::Arc;

pub use attempt::{AttemptId, AttemptRecord, AttemptResult, TransmitId, TransportFailure};
pub use core_state::DeliveryCore;
pub use error::ApiMisuse;
pub use event::Event;
pub use message::Message;
pub use outcome::{FailureReason, Outcome, OutcomeKind};
pub use response_body::ResponseBody;
pub use route::{MAX_RESPONSE_BODY_LIMIT, Route};
pub use simulate::{Reply, Simulation, simulate};
pub use state::DeliveryState;
pub use step::Step;
pub use transmit::{Transmit, response_head};

pub(crate) use core_state::{AttemptEnd, Phase};
pub(crate) use response_body::kept;
pub(crate) use transmit::build_request;

use crate::retry::retry_after;
use crate::time::Timestamp;

/// One message to one endpoint: a shared [`Route`], a shared [`Message`] and the
/// [`DeliveryState`] saying how far it got. See the [module docs](self) for the drive loop.
#[derive(Debug, Clone)]
pub struct Delivery {
    route: Arc<Route>,
    message: Arc<Message>,
    state: DeliveryState,
    /// Resumed from a saved state and not yet given a time as late as the saved clock: a
    /// lagging worker's `now` is taken as the saved clock meanwhile (see `from_parts`).
    lagging: bool,
    events: VecDeque<Event>,
}

impl Delivery {
    // ----- construction and getters -----

    /// A new delivery of `message` over `route`, its first attempt due at `now`.
    ///
    /// See the [module docs](self) for an example.
    pub fn new(
        route: impl Into<Arc<Route>>,
        message: impl Into<Arc<Message>>,
        now: Timestamp,
    ) -> Self {
        Delivery {
            route: route.into(),
            message: message.into(),
            state: DeliveryState::new(DeliveryCore::new(now), now),
            lagging: false,
            events: VecDeque::new(),
        }
    }

    /// A delivery resumed from its route, its message and a state saved earlier (perhaps in
    /// another process, on another machine). It behaves exactly as the delivery the state was
    /// taken from.
    ///
    /// **Clock lag.** The worker resuming it may have a clock behind the one that saved it.
    /// Until it is given a time at least as late as the saved [`DeliveryState::clock`], the
    /// delivery takes the later of the two: an earlier `now` counts as the saved clock, so a
    /// due attempt is sent at once instead of stalling until the worker's clock catches up.
    /// (Later on, a time going backwards is [`ApiMisuse::TimeWentBackwards`] again.)
    ///
    /// An attempt in flight when the state was saved stays in flight; if the worker that
    /// sent it is gone, release it with [`Delivery::abandon`] rather than waiting for its
    /// deadline, which would count it as timed out.
    ///
    /// ```
    /// # use hookwire::{delivery::{Delivery, DeliveryState, Message, Route}, Endpoint, MessageId, Payload, Timestamp};
    /// # let route = std::sync::Arc::new(Route::new(Endpoint::builder("https://e.com/").build()?));
    /// # let message = std::sync::Arc::new(Message::new(MessageId::new("m")?, Payload::json("{}")));
    /// let now = Timestamp::from_unix_secs(1_700_000_000);
    /// let delivery = Delivery::new(route.clone(), message.clone(), now);
    /// let saved = serde_json::to_string(&delivery.state())?;
    ///
    /// // Another worker, its clock 3 s behind, resumes it and sends the due attempt at once.
    /// let mut resumed = Delivery::from_parts(route, message, serde_json::from_str::<DeliveryState>(&saved)?);
    /// let behind = Timestamp::from_unix_secs(1_700_000_000 - 3);
    /// assert!(resumed.poll_transmit(behind).is_some());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_parts(
        route: impl Into<Arc<Route>>,
        message: impl Into<Arc<Message>>,
        state: DeliveryState,
    ) -> Self {
        Delivery {
            route: route.into(),
            message: message.into(),
            state,
            lagging: true,
            events: VecDeque::new(),
        }
    }

    /// The route, the message and the state, to store apart.
    ///
    /// ```
    /// # use hookwire::{delivery::{Delivery, Message, Route}, Endpoint, MessageId, Payload, Timestamp};
    /// # let route = Route::new(Endpoint::builder("https://e.com/").build()?);
    /// # let message = Message::new(MessageId::new("m")?, Payload::json("{}"));
    /// let (_route, _message, state) = Delivery::new(route, message, Timestamp::UNIX_EPOCH).into_parts();
    /// assert_eq!(state.attempts(), 0);
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn into_parts(self) -> (Arc<Route>, Arc<Message>, DeliveryState) {
        (self.route, self.message, self.state)
    }

    /// Where and how it is sent.
    ///
    /// ```
    /// # use hookwire::{delivery::{Delivery, Message, Route}, Endpoint, MessageId, Payload, Timestamp};
    /// # let route = Route::new(Endpoint::builder("https://e.com/").build()?);
    /// # let message = Message::new(MessageId::new("m")?, Payload::json("{}"));
    /// let delivery = Delivery::new(route, message, Timestamp::UNIX_EPOCH);
    /// assert_eq!(delivery.route().endpoint().url().as_str(), "https://e.com/");
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn route(&self) -> &Route {
        &self.route
    }

    /// What is sent.
    ///
    /// ```
    /// # use hookwire::{delivery::{Delivery, Message, Route}, Endpoint, MessageId, Payload, Timestamp};
    /// # let route = Route::new(Endpoint::builder("https://e.com/").build()?);
    /// # let message = Message::new(MessageId::new("m")?, Payload::json("{}"));
    /// let delivery = Delivery::new(route, message, Timestamp::UNIX_EPOCH);
    /// assert_eq!(delivery.message().id().as_str(), "m");
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn message(&self) -> &Message {
        &self.message
    }

    /// How far it got, to save (after draining the events).
    ///
    /// See [`DeliveryState`] for an example.
    pub fn state(&self) -> DeliveryState {
        self.state
    }

    /// Whether it has ended (its [`Event::Finished`] may still wait in the event queue).
    ///
    /// ```
    /// # use hookwire::{delivery::{Delivery, Message, Route}, Endpoint, MessageId, Payload, Timestamp};
    /// # let route = Route::new(Endpoint::builder("https://e.com/").build()?);
    /// # let message = Message::new(MessageId::new("m")?, Payload::json("{}"));
    /// let delivery = Delivery::new(route, message, Timestamp::UNIX_EPOCH);
    /// assert!(!delivery.is_finished());
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn is_finished(&self) -> bool {
        self.state.core().is_finished()
    }

    /// The transmit in flight, if any: after a resume, the one to [`Delivery::abandon`] if
    /// its worker is gone.
    ///
    /// ```
    /// # use hookwire::{delivery::{Delivery, Message, Route}, Endpoint, MessageId, Payload, Timestamp};
    /// # let route = Route::new(Endpoint::builder("https://e.com/").build()?);
    /// # let message = Message::new(MessageId::new("m")?, Payload::json("{}"));
    /// # let now = Timestamp::UNIX_EPOCH;
    /// let mut delivery = Delivery::new(route, message, now);
    /// let transmit = delivery.poll_transmit(now).unwrap();
    /// assert_eq!(delivery.in_flight(), Some(transmit.id()));
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn in_flight(&self) -> Option<TransmitId> {
        let core = self.state.core();
        (core.phase() == Phase::InFlight).then(|| TransmitId::new(u64::from(core.attempts())))
    }

    // ----- inputs -----

    /// The endpoint answered transmit `id` with `response` at `now`. The status, the
    /// `Retry-After` header and, if the route keeps them, the body's first bytes are read;
    /// pass `http::Response<()>` when the body was not read.
    ///
    /// Errors ([`ApiMisuse`]) leave the delivery unchanged: a transmit never made, one no
    /// longer in flight (it timed out, or was answered already), a finished delivery, or a
    /// `now` earlier than one already given.
    ///
    /// See the [module docs](self) for an example.
    pub fn handle_response<B: ResponseBody>(
        &mut self,
        now: Timestamp,
        id: TransmitId,
        response: &http::Response<B>,
    ) -> Result<(), ApiMisuse> {
        let now = self.check_in_flight(now, id)?;
        let hint = retry_after(response.headers(), now);
        let body = kept(
            response.body().body_bytes(),
            self.route.response_body_limit(),
        );
        let result = AttemptResult::Status(response.status().as_u16());
        self.finish_attempt(now, result, hint, body);
        Ok(())
    }

    /// Transmit `id` failed below HTTP at `now` (connection refused, DNS, TLS, timed out), or
    /// was never sent because the SSRF guard refused its destination
    /// ([`TransportFailure::Denied`], which fails the delivery at once; see
    /// [`Transmit::clear`]).
    ///
    /// ```
    /// # use hookwire::{delivery::{Delivery, Message, Route}, Endpoint, MessageId, Payload, Timestamp};
    /// use hookwire::delivery::TransportFailure;
    /// # let route = Route::new(Endpoint::builder("https://e.com/").build()?);
    /// # let message = Message::new(MessageId::new("m")?, Payload::json("{}"));
    /// # let now = Timestamp::from_unix_secs(1_700_000_000);
    /// let mut delivery = Delivery::new(route, message, now);
    /// let transmit = delivery.poll_transmit(now).unwrap();
    /// delivery.handle_transport_error(now, transmit.id(), TransportFailure::Dns)?;
    /// assert!(delivery.poll_timeout().unwrap() > now); // a retry is scheduled
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn handle_transport_error(
        &mut self,
        now: Timestamp,
        id: TransmitId,
        failure: TransportFailure,
    ) -> Result<(), ApiMisuse> {
        let now = self.check_in_flight(now, id)?;
        self.finish_attempt(now, AttemptResult::Transport(failure), None, None);
        Ok(())
    }

    /// The time is `now`: an attempt still in flight past its deadline counts as timed out.
    /// A spare call (nothing due) is a no-op; an attempt that is due is sent by the next
    /// [`Delivery::poll_transmit`].
    ///
    /// ```
    /// # use hookwire::{delivery::{Delivery, Event, Message, Route}, Endpoint, MessageId, Payload, Timestamp};
    /// # let route = Route::new(Endpoint::builder("https://e.com/").build()?);
    /// # let message = Message::new(MessageId::new("m")?, Payload::json("{}"));
    /// # let now = Timestamp::from_unix_secs(1_700_000_000);
    /// let mut delivery = Delivery::new(route, message, now);
    /// let transmit = delivery.poll_transmit(now).unwrap();
    /// delivery.handle_timeout(transmit.deadline())?; // no answer in time
    /// let _started = delivery.poll_event();
    /// assert!(matches!(delivery.poll_event(), Some(Event::AttemptFinished { .. })));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn handle_timeout(&mut self, now: Timestamp) -> Result<(), ApiMisuse> {
        let now = self.check_clock(now)?;
        self.state.set_clock(now);
        if let Some(deadline) = self.deadline()
            && now >= deadline
        {
            let result = AttemptResult::Transport(TransportFailure::TimedOut);
            self.finish_attempt(now, result, None, None);
        }
        Ok(())
    }

    /// The worker that was sending transmit `id` died: release the attempt. It is not the
    /// endpoint's fault, so it uses up no budget; the next attempt is due at once (an
    /// [`Event::AttemptFinished`] with [`AttemptResult::Abandoned`] records it).
    ///
    /// ```
    /// # use hookwire::{delivery::{Delivery, Message, Route}, Endpoint, MessageId, Payload, Timestamp};
    /// # let route = Route::new(Endpoint::builder("https://e.com/").build()?);
    /// # let message = Message::new(MessageId::new("m")?, Payload::json("{}"));
    /// # let now = Timestamp::from_unix_secs(1_700_000_000);
    /// let mut delivery = Delivery::new(route, message, now);
    /// let first = delivery.poll_transmit(now).unwrap();
    /// delivery.abandon(now, first.id())?;
    /// assert_eq!(delivery.state().core().counted(), 0);
    /// let second = delivery.poll_transmit(now).unwrap(); // due at once, a new number
    /// assert_eq!(second.id().get(), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn abandon(&mut self, now: Timestamp, id: TransmitId) -> Result<(), ApiMisuse> {
        let now = self.check_in_flight(now, id)?;
        self.state.set_clock(now);
        let end = self.state.core_mut().release(now);
        self.push_attempt_end(end, None);
        Ok(())
    }

    /// The host gives up on the delivery: it ends [`OutcomeKind::Cancelled`]. An attempt in
    /// flight is abandoned; its late answer would be refused as stale.
    ///
    /// See [`DeliveryState::outcome`] for an example.
    pub fn cancel(&mut self, now: Timestamp) -> Result<(), ApiMisuse> {
        let now = self.check_clock(now)?;
        if self.is_finished() {
            return Err(ApiMisuse::AlreadyFinished);
        }
        self.state.set_clock(now);
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
        let now = self.check_clock(now).ok()?;
        let due = self.state.core().due()?;
        if now < due {
            return None;
        }
        self.state.set_clock(now);
        let route = &*self.route;
        let request = match build_request(route, self.message.id(), self.message.payload(), now) {
            Ok(request) => request,
            Err(err) => {
                let reason = FailureReason::unsignable(&err);
                self.finish(now, OutcomeKind::Failed { reason });
                return None;
            }
        };
        let attempt = self.state.core_mut().start(now);
        let id = TransmitId::new(u64::from(attempt.number()));
        let deadline = now.saturating_add(route.policy().attempt_timeout());
        self.events.push_back(Event::AttemptStarted {
            attempt,
            transmit: id,
            at: now,
        });
        Some(Transmit {
            id,
            request,
            deadline,
            guard: route.endpoint().guard().cloned(),
        })
    }

    /// When to call the delivery next: the next attempt's due time, or the deadline of the
    /// attempt in flight; `None` once it has finished.
    ///
    /// See the [module docs](self) for an example.
    #[must_use]
    pub fn poll_timeout(&self) -> Option<Timestamp> {
        self.state.core().due().or_else(|| self.deadline())
    }

    /// The next thing that happened, oldest first.
    ///
    /// See the [module docs](self) for an example.
    #[must_use]
    pub fn poll_event(&mut self) -> Option<Event> {
        self.events.pop_front()
    }

    /// The next thing to do, for a host that drives the delivery with its own client and
    /// clock: the three phases of the drive loop — transmits, then events, then the
    /// timeout — handed out one at a time. `None` once the delivery has finished and its
    /// events are drained.
    ///
    /// It calls [`Delivery::handle_timeout`] itself when `now` has reached
    /// [`Delivery::poll_timeout`], so an attempt past its deadline is counted as timed out
    /// before the next one is sent. A `now` earlier than one already given (a wall clock
    /// stepped back) is taken as the latest time given, so the loop neither fails nor
    /// spins; after a [`Step::Wait`], pass a fresh reading of the clock.
    ///
    /// ```
    /// use hookwire::delivery::{Delivery, Event, Message, OutcomeKind, Route, Step};
    /// use hookwire::{Endpoint, MessageId, Payload, Timestamp, presets::smarter_launch};
    ///
    /// let route = Route::new(Endpoint::builder("https://sales.example.com/hooks").build()?)
    ///     .with_policy(smarter_launch::retry_policy());
    /// let message = Message::new(MessageId::new("evt_1")?, Payload::json("{}"));
    /// let mut clock = Timestamp::from_unix_secs(1_700_000_000); // the host's clock
    /// let mut statuses = [503, 200].into_iter(); // the host's HTTP client
    ///
    /// let mut delivery = Delivery::new(route, message, clock);
    /// let mut outcome = None;
    /// while let Some(step) = delivery.poll_step(clock) {
    ///     match step {
    ///         Step::Transmit(transmit) => {
    ///             let _timeout = transmit.timeout(clock); // the client's timeout
    ///             let response = http::Response::builder().status(statuses.next().unwrap()).body(())?;
    ///             delivery.handle_response(clock, transmit.id(), &response)?;
    ///         }
    ///         Step::Event(Event::Finished(done)) => outcome = Some(done),
    ///         Step::Event(_) => {} // log it
    ///         Step::Wait(until) => clock = until, // sleep until then
    ///     }
    /// }
    /// assert_eq!(outcome.unwrap().kind, OutcomeKind::Delivered { status: 200 });
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn poll_step(&mut self, now: Timestamp) -> Option<Step> {
        // A stepped-back wall clock is not the host's mistake here: the driver takes the
        // latest time it was given, which every input accepts, so no call below can fail.
        let now = now.max(self.state.clock());
        if self.poll_timeout().is_some_and(|due| due <= now) {
            let _ = self.handle_timeout(now);
        }
        if let Some(transmit) = self.poll_transmit(now) {
            return Some(Step::Transmit(transmit));
        }
        if let Some(event) = self.poll_event() {
            return Some(Step::Event(event));
        }
        self.poll_timeout().map(Step::Wait)
    }

    // ----- internals -----

    fn deadline(&self) -> Option<Timestamp> {
        let started = self.state.core().in_flight_since()?;
        Some(started.saturating_add(self.route.policy().attempt_timeout()))
    }

    /// The time to act at: `now`, or the saved clock while a resumed delivery's worker lags
    /// behind it.
    fn check_clock(&mut self, now: Timestamp) -> Result<Timestamp, ApiMisuse> {
        let latest = self.state.clock();
        if now >= latest {
            self.lagging = false;
            return Ok(now);
        }
        if self.lagging {
            return Ok(latest);
        }
        Err(ApiMisuse::TimeWentBackwards { now, latest })
    }

    /// Checks that `id` is the transmit in flight; returns the time to act at.
    fn check_in_flight(&mut self, now: Timestamp, id: TransmitId) -> Result<Timestamp, ApiMisuse> {
        let lagging = self.lagging;
        let at = self.check_clock(now)?;
        let core = self.state.core();
        let started = u64::from(core.attempts());
        let result = if id.get() == 0 || id.get() > started {
            Err(ApiMisuse::UnknownTransmit { transmit: id })
        } else if core.is_finished() {
            Err(ApiMisuse::AlreadyFinished)
        } else if core.phase() != Phase::InFlight || id.get() != started {
            Err(ApiMisuse::StaleTransmit { transmit: id })
        } else {
            Ok(at)
        };
        if result.is_err() {
            // An error changes nothing, not even the lag allowance.
            self.lagging = lagging;
        }
        result
    }

    fn finish_attempt(
        &mut self,
        now: Timestamp,
        result: AttemptResult,
        retry_after: Option<Timestamp>,
        body: Option<bytes::Bytes>,
    ) {
        self.state.set_clock(now);
        let route = &*self.route;
        let end = self.state.core_mut().finish_attempt(
            route.policy(),
            self.message.id(),
            now,
            result,
            retry_after,
        );
        self.push_attempt_end(end, body);
    }

    fn push_attempt_end(&mut self, end: AttemptEnd, response_body: Option<bytes::Bytes>) {
        self.events.push_back(Event::AttemptFinished {
            record: end.record,
            next_attempt_at: end.next,
            counted: end.counted,
            response_body,
        });
        if end.outcome.is_some() {
            self.push_outcome();
        }
    }

    fn finish(&mut self, now: Timestamp, kind: OutcomeKind) {
        self.state.core_mut().end(now, kind);
        self.push_outcome();
    }

    fn push_outcome(&mut self) {
        let action = self.route.policy().failure_action();
        if let Some(outcome) = self.state.core().summary(action) {
            self.events.push_back(Event::Finished(outcome));
        }
    }
}
