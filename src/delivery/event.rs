//! What a delivery reports: [`Event`]s, drained with
//! [`Delivery::poll_event`](super::Delivery::poll_event).

use serde::{Deserialize, Serialize};

use super::attempt::{AttemptId, AttemptRecord};
use super::outcome::Outcome;
use crate::time::Timestamp;

/// Something that happened to a delivery, drained with
/// [`Delivery::poll_event`](super::Delivery::poll_event).
///
/// ```
/// use hookwire::Timestamp;
/// use hookwire::delivery::{AttemptId, Event};
/// let event = Event::AttemptStarted { attempt: AttemptId::new(1), at: Timestamp::UNIX_EPOCH };
/// assert!(!event.is_terminal());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Event {
    /// A request was handed to the host.
    AttemptStarted {
        /// Which attempt.
        attempt: AttemptId,
        /// When.
        at: Timestamp,
    },
    /// An attempt did not succeed.
    AttemptFailed {
        /// The attempt as logged.
        record: AttemptRecord,
        /// When the next attempt is due; `None` when there will be none.
        next_attempt_at: Option<Timestamp>,
        /// Whether this attempt used up budget (`false` for a `Retry-After` deferral that
        /// the policy does not count).
        counted: bool,
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
