//! [`DeliveryState`]: everything about a delivery that changes, and nothing that does not.

use std::collections::VecDeque;

use serde::{Deserialize, Serialize};

use super::{AttemptId, AttemptRecord, Event, OutcomeKind};
use crate::Timestamp;

/// Where a delivery stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(super) enum Phase {
    /// The next attempt is due at `due`.
    Waiting { due: Timestamp },
    /// `attempt` was handed to the host at `started_at` and must answer by `deadline`.
    InFlight {
        attempt: AttemptId,
        started_at: Timestamp,
        deadline: Timestamp,
    },
    /// Over; the outcome was queued as [`Event::Finished`].
    Finished { kind: OutcomeKind, at: Timestamp },
}

/// The mutable half of a [`Delivery`](super::Delivery): its phase, counters, attempt log and
/// the events not yet drained. Small and `Serialize + Deserialize`, so a host can persist it
/// after every call (with the due time from [`Delivery::poll_timeout`] as its queue key) and
/// resume it anywhere with [`Delivery::from_parts`](super::Delivery::from_parts).
///
/// ```
/// # use hookwire::{delivery::{Delivery, DeliverySpec, DeliveryState}, Endpoint, MessageId, Payload, Timestamp};
/// # let spec = DeliverySpec::new(MessageId::new("m")?, Endpoint::builder("https://e.com/").build()?, Payload::json("{}"));
/// let delivery = Delivery::new(spec, Timestamp::from_unix_secs(1_700_000_000));
/// let json = serde_json::to_string(delivery.state())?;
/// let state: DeliveryState = serde_json::from_str(&json)?;
/// assert_eq!(&state, delivery.state());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryState {
    pub(super) phase: Phase,
    /// Attempts started so far; the next one is `started + 1`.
    pub(super) started: u32,
    /// Finished attempts that used up budget.
    pub(super) counted: u32,
    /// Finished attempts deferred by `Retry-After` without using up budget.
    pub(super) deferrals: u32,
    /// The latest time the delivery was given; earlier times are refused.
    pub(super) clock: Timestamp,
    pub(super) log: Vec<AttemptRecord>,
    #[serde(default, skip_serializing_if = "VecDeque::is_empty")]
    pub(super) events: VecDeque<Event>,
}

impl DeliveryState {
    pub(super) fn new(now: Timestamp) -> Self {
        DeliveryState {
            phase: Phase::Waiting { due: now },
            started: 0,
            counted: 0,
            deferrals: 0,
            clock: now,
            log: Vec::new(),
            events: VecDeque::new(),
        }
    }

    /// Every finished attempt, in order.
    ///
    /// ```
    /// # use hookwire::{delivery::{Delivery, DeliverySpec}, Endpoint, MessageId, Payload, Timestamp};
    /// # let spec = DeliverySpec::new(MessageId::new("m")?, Endpoint::builder("https://e.com/").build()?, Payload::json("{}"));
    /// let delivery = Delivery::new(spec, Timestamp::UNIX_EPOCH);
    /// assert!(delivery.state().attempts().is_empty());
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn attempts(&self) -> &[AttemptRecord] {
        &self.log
    }

    /// The outcome, once the delivery has ended.
    ///
    /// ```
    /// # use hookwire::{delivery::{Delivery, DeliverySpec, OutcomeKind}, Endpoint, MessageId, Payload, Timestamp};
    /// # let spec = DeliverySpec::new(MessageId::new("m")?, Endpoint::builder("https://e.com/").build()?, Payload::json("{}"));
    /// let mut delivery = Delivery::new(spec, Timestamp::UNIX_EPOCH);
    /// assert_eq!(delivery.state().outcome(), None);
    /// delivery.cancel(Timestamp::UNIX_EPOCH)?;
    /// assert_eq!(delivery.state().outcome(), Some(OutcomeKind::Cancelled));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn outcome(&self) -> Option<OutcomeKind> {
        match self.phase {
            Phase::Finished { kind, .. } => Some(kind),
            _ => None,
        }
    }

    /// The latest time this delivery was given.
    ///
    /// ```
    /// # use hookwire::{delivery::{Delivery, DeliverySpec}, Endpoint, MessageId, Payload, Timestamp};
    /// # let spec = DeliverySpec::new(MessageId::new("m")?, Endpoint::builder("https://e.com/").build()?, Payload::json("{}"));
    /// let delivery = Delivery::new(spec, Timestamp::from_unix_secs(5));
    /// assert_eq!(delivery.state().clock(), Timestamp::from_unix_secs(5));
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn clock(&self) -> Timestamp {
        self.clock
    }
}
