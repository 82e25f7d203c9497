//! [`RouteStatus`]: a route's counts, as a dispatcher sees them now.

/// A route's counts and state, from [`Dispatcher::route_status`](super::Dispatcher::route_status).
///
/// ```
/// # use hookwire::{delivery::{Message, Route}, dispatch::{DeliveryKey, Dispatcher, RouteConfig, RouteKey}, Endpoint, MessageId, Payload, Timestamp};
/// # let now = Timestamp::UNIX_EPOCH;
/// # let mut dispatcher = Dispatcher::new(now);
/// # dispatcher.add_route(RouteKey::new(1), RouteConfig::new(Route::new(Endpoint::builder("https://e.com/").build()?)))?;
/// # dispatcher.enqueue(now, RouteKey::new(1), DeliveryKey::new(7), Message::new(MessageId::new("m")?, Payload::json("{}")))?;
/// let _transmit = dispatcher.poll_transmit(now).unwrap();
/// let status = dispatcher.route_status(RouteKey::new(1)).unwrap();
/// assert_eq!((status.pending, status.in_flight, status.enabled), (1, 1, true));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct RouteStatus {
    /// Unfinished deliveries to the route, in flight or not.
    pub pending: usize,
    /// Requests in flight (at most the route's worker slots).
    pub in_flight: u16,
    /// Whether the route sends (a disabled route holds its deliveries).
    pub enabled: bool,
}
