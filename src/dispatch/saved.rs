//! [`SavedDelivery`]: one dispatcher delivery as a host stores it.

use serde::{Deserialize, Serialize};

use super::keys::RouteKey;
use crate::delivery::DeliveryCore;

/// One delivery of a [`Dispatcher`](super::Dispatcher), saved: its route's key and its
/// [`DeliveryCore`]. No secret, no body: the host stores the route's configuration and the
/// message once and restores the delivery by reference with
/// [`Dispatcher::restore`](super::Dispatcher::restore).
///
/// ```
/// use hookwire::delivery::DeliveryCore;
/// use hookwire::dispatch::{RouteKey, SavedDelivery};
/// use hookwire::Timestamp;
///
/// let saved = SavedDelivery { route: RouteKey::new(3), core: DeliveryCore::new(Timestamp::UNIX_EPOCH) };
/// let json = serde_json::to_string(&saved)?;
/// assert_eq!(json, r#"{"route":3,"core":{"phase":"waiting","at":0}}"#);
/// assert_eq!(serde_json::from_str::<SavedDelivery>(&json)?, saved);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedDelivery {
    /// The route it goes to.
    pub route: RouteKey,
    /// How far it got.
    pub core: DeliveryCore,
}
