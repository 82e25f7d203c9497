//! [`Step`]: what the host does next, one thing at a time, from
//! [`Delivery::poll_step`](super::Delivery::poll_step).

use super::{Event, Transmit};
use crate::time::Timestamp;

/// The next thing the host must do for a delivery, from
/// [`Delivery::poll_step`](super::Delivery::poll_step): the drive loop's three phases
/// (transmits, then events, then the timeout) handed out one at a time, in that order, so
/// a host's loop is a single `match`.
///
/// ```
/// use hookwire::delivery::{Delivery, Event, Message, Route, Step};
/// use hookwire::{Endpoint, MessageId, Payload, Timestamp};
///
/// let route = Route::new(Endpoint::builder("https://hooks.example.com/in").build()?);
/// let message = Message::new(MessageId::new("evt_1")?, Payload::json("{}"));
/// let now = Timestamp::from_unix_secs(1_700_000_000);
/// let mut delivery = Delivery::new(route, message, now);
///
/// let Some(Step::Transmit(transmit)) = delivery.poll_step(now) else { panic!() };
/// delivery.handle_response(now, transmit.id(), &http::Response::builder().status(503).body(())?)?;
/// assert!(matches!(delivery.poll_step(now), Some(Step::Event(Event::AttemptStarted { .. }))));
/// assert!(matches!(delivery.poll_step(now), Some(Step::Event(Event::AttemptFinished { .. }))));
/// let Some(Step::Wait(until)) = delivery.poll_step(now) else { panic!() };
/// assert!(until > now); // the retry
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
// A step lives for one `match` in the host's loop and is moved once; boxing the transmit
// would add an allocation to every attempt to save a copy of a few hundred bytes.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
#[must_use = "a step is work the host must do: send the transmit, record the event, or wait"]
pub enum Step {
    /// Send this request now — cleared with [`Transmit::clear`], with the client's timeout
    /// set to [`Transmit::timeout`], following no redirect — then hand back what came of it
    /// with [`Delivery::handle_response`](super::Delivery::handle_response) or
    /// [`Delivery::handle_transport_error`](super::Delivery::handle_transport_error) before
    /// the next `poll_step`.
    Transmit(Transmit),
    /// Record this: an attempt started or finished, or the delivery's one
    /// [`Event::Finished`] outcome.
    Event(Event),
    /// Nothing is due before this time: sleep until then, or save
    /// [`Delivery::state`](super::Delivery::state) with this due time and resume later.
    Wait(Timestamp),
}

impl Step {
    /// The outcome, when this step is the terminal [`Event::Finished`].
    ///
    /// ```
    /// # use hookwire::delivery::{simulate, Delivery, Message, Reply, Route, Step};
    /// # use hookwire::{Endpoint, MessageId, Payload, Timestamp};
    /// # let route = Route::new(Endpoint::builder("https://e.com/").build()?);
    /// # let message = Message::new(MessageId::new("m")?, Payload::json("{}"));
    /// # let now = Timestamp::UNIX_EPOCH;
    /// let mut delivery = Delivery::new(route, message, now);
    /// delivery.cancel(now)?;
    /// let step = delivery.poll_step(now).unwrap();
    /// assert_eq!(step.outcome().unwrap().attempts, 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn outcome(&self) -> Option<&super::Outcome> {
        match self {
            Step::Event(Event::Finished(outcome)) => Some(outcome),
            _ => None,
        }
    }
}
