//! What a delivery reports: [`Event`]s, drained with
//! [`Delivery::poll_event`](super::Delivery::poll_event).

use bytes::Bytes;

use super::attempt::{AttemptId, AttemptRecord, TransmitId};
use super::outcome::Outcome;
use crate::time::Timestamp;

/// Something that happened to a delivery, drained with
/// [`Delivery::poll_event`](super::Delivery::poll_event).
///
/// The events are the delivery's history: the machine keeps no attempt log, so a host that
/// wants one records each [`Event::AttemptFinished`] as it drains it.
///
/// ```
/// use hookwire::Timestamp;
/// use hookwire::delivery::{AttemptId, Event, TransmitId};
/// let event = Event::AttemptStarted {
///     attempt: AttemptId::new(1),
///     transmit: TransmitId::new(1),
///     at: Timestamp::UNIX_EPOCH,
/// };
/// assert!(!event.is_terminal());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Event {
    /// A request was handed to the host.
    AttemptStarted {
        /// Which attempt of this delivery.
        attempt: AttemptId,
        /// The transmit carrying it (a batch carries several deliveries' attempts).
        transmit: TransmitId,
        /// When.
        at: Timestamp,
    },
    /// An attempt ended: answered, failed below HTTP, timed out or released.
    AttemptFinished {
        /// The attempt, for the host's log.
        record: AttemptRecord,
        /// When the next attempt is due; `None` when there will be none (the delivery
        /// ended: its [`Event::Finished`] follows).
        next_attempt_at: Option<Timestamp>,
        /// Whether this attempt used up budget (`false` for a `Retry-After` deferral the
        /// policy does not count, and for a released attempt).
        counted: bool,
        /// The first bytes of the response's body, when the route keeps them
        /// ([`Route::with_response_body_limit`](super::Route::with_response_body_limit)).
        response_body: Option<Bytes>,
    },
    /// The delivery ended; nothing follows.
    Finished(Outcome),
}

impl Event {
    /// Whether this is the terminal [`Event::Finished`].
    ///
    /// See [`Event`] for an example.
    pub fn is_terminal(&self) -> bool {
        matches!(self, Event::Finished(_))
    }
}
