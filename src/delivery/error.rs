//! [`ApiMisuse`]: a host calling a delivery or a dispatcher out of order — never the
//! receiver's fault.

use crate::dispatch::{DeliveryKey, RouteKey};
use crate::time::Timestamp;

use super::TransmitId;

/// The host called a [`Delivery`](super::Delivery) or a
/// [`Dispatcher`](crate::dispatch::Dispatcher) in a way its state does not allow.
///
/// This is a bug in the host's drive loop, kept apart from anything the receiver did
/// (statuses and transport failures are inputs, not errors). The call changes nothing: the
/// delivery's state is exactly as before it.
///
/// ```
/// use hookwire::delivery::{ApiMisuse, TransmitId};
/// let err = ApiMisuse::UnknownTransmit { transmit: TransmitId::new(7) };
/// assert_eq!(err.to_string(), "transmit t7 was never made");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ApiMisuse {
    /// `now` is earlier than a time this machine was already given in this process. (A
    /// delivery resumed from a saved state takes the later of the two instead: see
    /// [`Delivery::from_parts`](super::Delivery::from_parts).)
    #[error("time went backwards: {now} is before {latest}, which this machine has seen")]
    TimeWentBackwards {
        /// The time passed.
        now: Timestamp,
        /// The latest time the delivery had seen.
        latest: Timestamp,
    },
    /// No transmit with this id was ever made.
    #[error("transmit {transmit} was never made")]
    UnknownTransmit {
        /// The id passed.
        transmit: TransmitId,
    },
    /// The transmit was made but is over: it timed out, was released, or its result was
    /// already given.
    #[error("transmit {transmit} is no longer in flight")]
    StaleTransmit {
        /// The id passed.
        transmit: TransmitId,
    },
    /// The delivery has already ended; it cannot be re-initiated (Listrak: "it is not
    /// possible to re-initiate the webhook action for contacts where it failed").
    #[error("the delivery has already finished")]
    AlreadyFinished,
    /// The dispatcher has no route with this key.
    #[error("no {route} in this dispatcher")]
    UnknownRoute {
        /// The key passed.
        route: RouteKey,
    },
    /// The dispatcher already has a route with this key.
    #[error("{route} is already in this dispatcher")]
    DuplicateRoute {
        /// The key passed.
        route: RouteKey,
    },
    /// The dispatcher has no unfinished delivery with this key (it may have ended: its
    /// outcome event said so).
    #[error("no unfinished {delivery} in this dispatcher")]
    UnknownDelivery {
        /// The key passed.
        delivery: DeliveryKey,
    },
    /// The dispatcher already holds an unfinished delivery with this key.
    #[error("{delivery} is already in this dispatcher")]
    DuplicateDelivery {
        /// The key passed.
        delivery: DeliveryKey,
    },
    /// The route still holds deliveries; cancel or take them first.
    #[error("{route} still holds {pending} unfinished deliveries")]
    RouteNotEmpty {
        /// The key passed.
        route: RouteKey,
        /// How many deliveries it holds.
        pending: usize,
    },
}
