//! [`DeliveryState`]: what a host saves of one [`Delivery`](super::Delivery) between calls.

use serde::{Deserialize, Serialize};

use super::core_state::DeliveryCore;
use super::outcome::OutcomeKind;
use crate::time::Timestamp;

/// The saved form of a [`Delivery`](super::Delivery): its [`DeliveryCore`] and the latest
/// time it was given — a few dozen bytes, no secret, no body. The host keeps the route and
/// the message once, elsewhere, and resumes with
/// [`Delivery::from_parts`](super::Delivery::from_parts), perhaps in another process.
///
/// Events not yet drained are not part of it: drain them (the drive loop does) before
/// saving.
///
/// ```
/// # use hookwire::{delivery::{Delivery, DeliveryState, Message, Route}, Endpoint, MessageId, Payload, Timestamp};
/// # let route = Route::new(Endpoint::builder("https://e.com/").build()?);
/// # let message = Message::new(MessageId::new("m")?, Payload::json("{}"));
/// let delivery = Delivery::new(route, message, Timestamp::from_unix_secs(1_700_000_000));
/// let json = serde_json::to_string(&delivery.state())?;
/// assert_eq!(json, r#"{"phase":"waiting","at":1700000000000,"clock":1700000000000}"#);
/// let state: DeliveryState = serde_json::from_str(&json)?;
/// assert_eq!(state, delivery.state());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryState {
    #[serde(flatten)]
    core: DeliveryCore,
    clock: Timestamp,
}

impl DeliveryState {
    /// A state from its parts.
    ///
    /// ```
    /// # use hookwire::{delivery::{DeliveryCore, DeliveryState}, Timestamp};
    /// let state = DeliveryState::new(DeliveryCore::new(Timestamp::UNIX_EPOCH), Timestamp::UNIX_EPOCH);
    /// assert_eq!(state.attempts(), 0);
    /// ```
    pub fn new(core: DeliveryCore, clock: Timestamp) -> Self {
        DeliveryState { core, clock }
    }

    /// How far the delivery got.
    ///
    /// ```
    /// # use hookwire::{delivery::{DeliveryCore, DeliveryState}, Timestamp};
    /// let state = DeliveryState::new(DeliveryCore::new(Timestamp::UNIX_EPOCH), Timestamp::UNIX_EPOCH);
    /// assert_eq!(state.core().due(), Some(Timestamp::UNIX_EPOCH));
    /// ```
    pub fn core(&self) -> &DeliveryCore {
        &self.core
    }

    /// How many attempts were started.
    ///
    /// See [`DeliveryState::new`] for an example.
    pub fn attempts(&self) -> u32 {
        self.core.attempts()
    }

    /// The outcome, once the delivery has ended.
    ///
    /// ```
    /// # use hookwire::{delivery::{Delivery, Message, OutcomeKind, Route}, Endpoint, MessageId, Payload, Timestamp};
    /// # let route = Route::new(Endpoint::builder("https://e.com/").build()?);
    /// # let message = Message::new(MessageId::new("m")?, Payload::json("{}"));
    /// let mut delivery = Delivery::new(route, message, Timestamp::UNIX_EPOCH);
    /// assert_eq!(delivery.state().outcome(), None);
    /// delivery.cancel(Timestamp::UNIX_EPOCH)?;
    /// assert_eq!(delivery.state().outcome(), Some(OutcomeKind::Cancelled));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn outcome(&self) -> Option<OutcomeKind> {
        self.core.outcome()
    }

    /// The latest time the delivery was given.
    ///
    /// ```
    /// # use hookwire::{delivery::{DeliveryCore, DeliveryState}, Timestamp};
    /// let state = DeliveryState::new(DeliveryCore::new(Timestamp::UNIX_EPOCH), Timestamp::from_unix_secs(5));
    /// assert_eq!(state.clock(), Timestamp::from_unix_secs(5));
    /// ```
    pub fn clock(&self) -> Timestamp {
        self.clock
    }

    pub(super) fn core_mut(&mut self) -> &mut DeliveryCore {
        &mut self.core
    }

    pub(super) fn set_clock(&mut self, now: Timestamp) {
        self.clock = self.clock.max(now);
    }
}
