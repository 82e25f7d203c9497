//! [`Transmit`]: one request a [`Dispatcher`](super::Dispatcher) hands the host.

use bytes::Bytes;
use http::Request;

use super::keys::{DeliveryKey, RouteKey};
use crate::delivery::{self, TransmitId};
use crate::time::Timestamp;

/// A request to send now, from [`Dispatcher::poll_transmit`](super::Dispatcher::poll_transmit):
/// the route it goes to, the deliveries it carries (one, or a batch), and the request itself
/// as a [`delivery::Transmit`] — complete, signed, to send without following redirects and
/// report back by [`Transmit::id`].
///
/// ```
/// # use hookwire::{delivery::{Message, Route}, dispatch::{DeliveryKey, Dispatcher, RouteConfig, RouteKey}, Endpoint, MessageId, Payload, Timestamp};
/// # let now = Timestamp::from_unix_secs(1_700_000_000);
/// # let mut dispatcher = Dispatcher::new(now);
/// # dispatcher.add_route(RouteKey::new(1), RouteConfig::new(Route::new(Endpoint::builder("https://e.com/").build()?)))?;
/// # dispatcher.enqueue(now, RouteKey::new(1), DeliveryKey::new(7), Message::new(MessageId::new("m")?, Payload::json("{}")))?;
/// let transmit = dispatcher.poll_transmit(now).expect("due at once");
/// assert_eq!(transmit.route(), RouteKey::new(1));
/// assert_eq!(transmit.deliveries(), [DeliveryKey::new(7)]);
/// assert_eq!(transmit.request().uri(), "https://e.com/");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
#[must_use = "the request must be sent, and its result handed back to the dispatcher"]
pub struct Transmit {
    pub(super) route: RouteKey,
    pub(super) deliveries: Vec<DeliveryKey>,
    pub(super) inner: delivery::Transmit,
}

impl Transmit {
    /// Which transmit this is; pass it back with the result.
    ///
    /// See [`Transmit`] for an example.
    pub fn id(&self) -> TransmitId {
        self.inner.id()
    }

    /// The route it goes to.
    ///
    /// See [`Transmit`] for an example.
    pub fn route(&self) -> RouteKey {
        self.route
    }

    /// The deliveries it carries, in order.
    ///
    /// See [`Transmit`] for an example.
    pub fn deliveries(&self) -> &[DeliveryKey] {
        &self.deliveries
    }

    /// The request to send.
    ///
    /// See [`Transmit`] for an example.
    pub fn request(&self) -> &Request<Bytes> {
        self.inner.request()
    }

    /// When to give up waiting for a response.
    ///
    /// See [`Transmit`] for an example.
    pub fn deadline(&self) -> Timestamp {
        self.inner.deadline()
    }

    /// The request with its id and deadline, as a single delivery's transmit is.
    ///
    /// ```
    /// # use hookwire::{delivery::{Message, Route}, dispatch::{DeliveryKey, Dispatcher, RouteConfig, RouteKey}, Endpoint, MessageId, Payload, Timestamp};
    /// # let now = Timestamp::from_unix_secs(1_700_000_000);
    /// # let mut dispatcher = Dispatcher::new(now);
    /// # dispatcher.add_route(RouteKey::new(1), RouteConfig::new(Route::new(Endpoint::builder("https://e.com/").build()?)))?;
    /// # dispatcher.enqueue(now, RouteKey::new(1), DeliveryKey::new(7), Message::new(MessageId::new("m")?, Payload::json("{}")))?;
    /// let (id, request, deadline) = dispatcher.poll_transmit(now).unwrap().into_inner().into_parts();
    /// assert!(deadline > now);
    /// # let _ = (id, request);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn into_inner(self) -> delivery::Transmit {
        self.inner
    }
}
