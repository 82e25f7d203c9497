//! [`DeliveryState`]: everything about a delivery that changes, and nothing that does not.

use std::collections::VecDeque;

use serde::{Deserialize, Serialize};

use super::{AttemptId, AttemptRecord, Event, OutcomeKind};
use crate::time::Timestamp;

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
/// after every call (with the due time from
/// [`Delivery::poll_timeout`](super::Delivery::poll_timeout) as its queue key) and resume it
/// anywhere with [`Delivery::from_parts`](super::Delivery::from_parts).
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
#[serde(try_from = "RawState")]
pub struct DeliveryState {
    pub(super) phase: Phase,
    /// Finished attempts deferred by `Retry-After` without using up budget. (How many
    /// attempts were started, and how many counted, follow from the log and the phase, so
    /// they are not stored: a restored state cannot contradict itself.)
    #[serde(default, skip_serializing_if = "is_zero")]
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
            deferrals: 0,
            clock: now,
            log: Vec::new(),
            events: VecDeque::new(),
        }
    }

    /// How many attempts were started: the finished ones and the one in flight.
    pub(super) fn started(&self) -> u32 {
        match self.phase {
            Phase::InFlight { attempt, .. } => attempt.number(),
            _ => u32::try_from(self.log.len()).unwrap_or(u32::MAX),
        }
    }

    /// How many finished attempts used up budget.
    pub(super) fn counted(&self) -> u32 {
        u32::try_from(self.log.len())
            .unwrap_or(u32::MAX)
            .saturating_sub(self.deferrals)
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

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// The stored form, checked on the way in: attempts numbered 1, 2, … in order, the attempt
/// in flight the next one, and no more deferrals than attempts.
#[derive(Deserialize)]
struct RawState {
    phase: Phase,
    #[serde(default)]
    deferrals: u32,
    clock: Timestamp,
    log: Vec<AttemptRecord>,
    #[serde(default)]
    events: VecDeque<Event>,
}

impl TryFrom<RawState> for DeliveryState {
    type Error = &'static str;

    fn try_from(raw: RawState) -> Result<Self, Self::Error> {
        let numbered = raw
            .log
            .iter()
            .enumerate()
            .all(|(i, record)| usize::try_from(record.attempt.number()).ok() == Some(i + 1));
        if !numbered {
            return Err("the attempt log must number its attempts 1, 2, 3, …");
        }
        if let Phase::InFlight { attempt, .. } = raw.phase
            && usize::try_from(attempt.number()).ok() != Some(raw.log.len() + 1)
        {
            return Err("the attempt in flight must follow the last logged attempt");
        }
        if usize::try_from(raw.deferrals).unwrap_or(usize::MAX) > raw.log.len() {
            return Err("more deferrals than attempts");
        }
        Ok(DeliveryState {
            phase: raw.phase,
            deferrals: raw.deferrals,
            clock: raw.clock,
            log: raw.log,
            events: raw.events,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inconsistent_states_are_refused() {
        let ok = r#"{"phase":{"waiting":{"due":5}},"clock":0,"log":[{"attempt":1,"started_at":0,"ended_at":0,"result":{"status":500}}]}"#;
        assert!(serde_json::from_str::<DeliveryState>(ok).is_ok());
        let gap = ok.replace(r#""attempt":1"#, r#""attempt":2"#);
        assert!(serde_json::from_str::<DeliveryState>(&gap).is_err());
        let in_flight = r#"{"phase":{"in_flight":{"attempt":3,"started_at":0,"deadline":9}},"clock":0,"log":[]}"#;
        assert!(serde_json::from_str::<DeliveryState>(in_flight).is_err());
        let deferrals = ok.replace(r#""clock":0"#, r#""deferrals":2,"clock":0"#);
        assert!(serde_json::from_str::<DeliveryState>(&deferrals).is_err());
    }
}
