//! [`RouteKey`] and [`DeliveryKey`]: the caller's names for routes and deliveries.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The caller's key for a route (an endpoint with its configuration) in a
/// [`Dispatcher`](super::Dispatcher): a webhook's or a job's id in the host's database.
///
/// ```
/// use hookwire::dispatch::RouteKey;
/// assert_eq!(RouteKey::new(42).get(), 42);
/// assert_eq!(RouteKey::new(42).to_string(), "route 42");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RouteKey(u64);

impl RouteKey {
    /// The route with this key.
    ///
    /// See [`RouteKey`] for an example.
    pub const fn new(key: u64) -> Self {
        RouteKey(key)
    }

    /// The key.
    ///
    /// See [`RouteKey`] for an example.
    pub const fn get(self) -> u64 {
        self.0
    }
}

impl fmt::Display for RouteKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "route {}", self.0)
    }
}

/// The caller's key for one delivery (one message to one route) in a
/// [`Dispatcher`](super::Dispatcher): a row id in the host's outbox. Every event about the
/// delivery names it. One message sent to three URLs is three deliveries with three keys.
///
/// ```
/// use hookwire::dispatch::DeliveryKey;
/// assert_eq!(DeliveryKey::new(7).get(), 7);
/// assert_eq!(DeliveryKey::new(7).to_string(), "delivery 7");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DeliveryKey(u64);

impl DeliveryKey {
    /// The delivery with this key.
    ///
    /// See [`DeliveryKey`] for an example.
    pub const fn new(key: u64) -> Self {
        DeliveryKey(key)
    }

    /// The key.
    ///
    /// See [`DeliveryKey`] for an example.
    pub const fn get(self) -> u64 {
        self.0
    }
}

impl fmt::Display for DeliveryKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "delivery {}", self.0)
    }
}
