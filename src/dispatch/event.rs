//! [`Event`]: what a [`Dispatcher`](super::Dispatcher) reports, drained with
//! [`Dispatcher::poll_event`](super::Dispatcher::poll_event).

use super::keys::{DeliveryKey, RouteKey};
use super::route_event::RouteEvent;
use crate::delivery;

/// Something that happened in a [`Dispatcher`](super::Dispatcher), oldest first, from the
/// one dispatcher-wide queue.
///
/// A delivery's events are those of a single [`Delivery`](crate::delivery::Delivery),
/// named by the caller's keys; the dispatcher keeps no history, so a host that wants an
/// attempt log records [`delivery::Event::AttemptFinished`] as it drains it.
///
/// ```
/// use hookwire::dispatch::{DeliveryKey, Event, RouteKey};
/// use hookwire::delivery::{self, Outcome, OutcomeKind};
/// use hookwire::Timestamp;
///
/// let event = Event::Delivery {
///     route: RouteKey::new(1),
///     delivery: DeliveryKey::new(7),
///     event: delivery::Event::Finished(Outcome {
///         kind: OutcomeKind::Cancelled,
///         at: Timestamp::UNIX_EPOCH,
///         attempts: 0,
///         first_attempt_at: None,
///         last_result: None,
///         journey_action: None,
///     }),
/// };
/// assert!(event.is_terminal());
/// assert_eq!(event.delivery(), Some(DeliveryKey::new(7)));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Event {
    /// Something happened to one delivery.
    Delivery {
        /// Its route.
        route: RouteKey,
        /// The delivery.
        delivery: DeliveryKey,
        /// What happened.
        event: delivery::Event,
    },
    /// Something happened to a route as a whole.
    Route {
        /// The route.
        route: RouteKey,
        /// What happened.
        event: RouteEvent,
    },
}

impl Event {
    /// Whether this ends a delivery (its outcome).
    ///
    /// See [`Event`] for an example.
    pub fn is_terminal(&self) -> bool {
        match self {
            Event::Delivery { event, .. } => event.is_terminal(),
            Event::Route { .. } => false,
        }
    }

    /// The delivery this event is about, if it is about one.
    ///
    /// See [`Event`] for an example.
    pub fn delivery(&self) -> Option<DeliveryKey> {
        match self {
            Event::Delivery { delivery, .. } => Some(*delivery),
            Event::Route { .. } => None,
        }
    }

    /// The route this event is about.
    ///
    /// See [`Event`] for an example.
    pub fn route(&self) -> RouteKey {
        match self {
            Event::Delivery { route, .. } | Event::Route { route, .. } => *route,
        }
    }
}
