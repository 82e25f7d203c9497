//! [`DeliveryCore`]: the few dozen bytes that say how far one delivery got — shared by
//! [`Delivery`](super::Delivery) and the [`Dispatcher`](crate::dispatch::Dispatcher).

use std::fmt;

use serde::{Deserialize, Serialize};

use super::attempt::{AttemptId, AttemptRecord, AttemptResult, TransportFailure};
use super::outcome::{FailureReason, Outcome, OutcomeKind};
use crate::message_id::MessageId;
use crate::retry::{Decision, FailureAction, RetryPolicy};
use crate::time::Timestamp;

/// Where a delivery stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Phase {
    /// The next attempt is due at `DeliveryCore::at`.
    Waiting,
    /// An attempt started at `DeliveryCore::at` and has not ended.
    InFlight,
    /// Over, at `DeliveryCore::at`.
    Finished(OutcomeKind),
}

/// How far one delivery got, in a few dozen bytes: its phase, the time that phase is about
/// (the next attempt's due time, the attempt in flight's start, or the end), when its first
/// attempt started, how many attempts it started and how many of them used up no budget,
/// and what the last one produced.
///
/// Nothing here is configuration, a body or a history: the route and the message are shared
/// and stored once, and every attempt was already handed to the host as an
/// [`Event`](super::Event). So a core is cheap to hold by the million and to save after
/// every call; its serialized form is checked on the way back in.
///
/// ```
/// use hookwire::delivery::DeliveryCore;
/// use hookwire::Timestamp;
///
/// let core = DeliveryCore::new(Timestamp::from_unix_secs(1_700_000_000));
/// assert_eq!(core.due(), Some(Timestamp::from_unix_secs(1_700_000_000)));
/// assert_eq!(core.attempts(), 0);
/// assert!(size_of::<DeliveryCore>() <= 48);
/// let json = serde_json::to_string(&core)?;
/// assert_eq!(serde_json::from_str::<DeliveryCore>(&json)?, core);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawCore", into = "RawCore")]
pub struct DeliveryCore {
    at: Timestamp,
    /// `NO_TIME` until the first attempt starts (an `Option` would cost 8 more bytes).
    first_attempt_at: Timestamp,
    attempts: u32,
    deferrals: u32,
    released: u32,
    last: Option<AttemptResult>,
    phase: Phase,
}

const NO_TIME: Timestamp = Timestamp::from_unix_millis(i64::MIN);

/// What ended an attempt, for the caller to turn into events.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct AttemptEnd {
    pub(crate) record: AttemptRecord,
    pub(crate) next: Option<Timestamp>,
    pub(crate) counted: bool,
    /// `Some` when the attempt ended the delivery.
    pub(crate) outcome: Option<OutcomeKind>,
}

impl DeliveryCore {
    /// A delivery whose first attempt is due at `due`.
    ///
    /// See [`DeliveryCore`] for an example.
    pub const fn new(due: Timestamp) -> Self {
        DeliveryCore {
            at: due,
            first_attempt_at: NO_TIME,
            attempts: 0,
            deferrals: 0,
            released: 0,
            last: None,
            phase: Phase::Waiting,
        }
    }

    // ----- getters -----

    /// When the next attempt is due, while one is waiting.
    ///
    /// See [`DeliveryCore`] for an example.
    pub fn due(&self) -> Option<Timestamp> {
        (self.phase == Phase::Waiting).then_some(self.at)
    }

    /// When the attempt in flight started, while one is.
    ///
    /// ```
    /// # use hookwire::{delivery::DeliveryCore, Timestamp};
    /// assert_eq!(DeliveryCore::new(Timestamp::UNIX_EPOCH).in_flight_since(), None);
    /// ```
    pub fn in_flight_since(&self) -> Option<Timestamp> {
        (self.phase == Phase::InFlight).then_some(self.at)
    }

    /// How it ended, once it has.
    ///
    /// ```
    /// # use hookwire::{delivery::DeliveryCore, Timestamp};
    /// assert_eq!(DeliveryCore::new(Timestamp::UNIX_EPOCH).outcome(), None);
    /// ```
    pub fn outcome(&self) -> Option<OutcomeKind> {
        match self.phase {
            Phase::Finished(kind) => Some(kind),
            _ => None,
        }
    }

    /// When it ended, once it has.
    ///
    /// ```
    /// # use hookwire::{delivery::DeliveryCore, Timestamp};
    /// assert_eq!(DeliveryCore::new(Timestamp::UNIX_EPOCH).finished_at(), None);
    /// ```
    pub fn finished_at(&self) -> Option<Timestamp> {
        matches!(self.phase, Phase::Finished(_)).then_some(self.at)
    }

    /// How many attempts were started, the one in flight included.
    ///
    /// See [`DeliveryCore`] for an example.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// How many finished attempts a `Retry-After` deferred without using up budget.
    ///
    /// ```
    /// # use hookwire::{delivery::DeliveryCore, Timestamp};
    /// assert_eq!(DeliveryCore::new(Timestamp::UNIX_EPOCH).deferrals(), 0);
    /// ```
    pub fn deferrals(&self) -> u32 {
        self.deferrals
    }

    /// How many attempts the host released because their worker died
    /// ([`Delivery::abandon`](super::Delivery::abandon)); they used up no budget.
    ///
    /// ```
    /// # use hookwire::{delivery::DeliveryCore, Timestamp};
    /// assert_eq!(DeliveryCore::new(Timestamp::UNIX_EPOCH).released(), 0);
    /// ```
    pub fn released(&self) -> u32 {
        self.released
    }

    /// How many finished attempts used up budget.
    ///
    /// ```
    /// # use hookwire::{delivery::DeliveryCore, Timestamp};
    /// assert_eq!(DeliveryCore::new(Timestamp::UNIX_EPOCH).counted(), 0);
    /// ```
    pub fn counted(&self) -> u32 {
        self.finished_attempts()
            .saturating_sub(self.deferrals)
            .saturating_sub(self.released)
    }

    /// When the first attempt started, once one has.
    ///
    /// ```
    /// # use hookwire::{delivery::DeliveryCore, Timestamp};
    /// assert_eq!(DeliveryCore::new(Timestamp::UNIX_EPOCH).first_attempt_at(), None);
    /// ```
    pub fn first_attempt_at(&self) -> Option<Timestamp> {
        (self.first_attempt_at != NO_TIME).then_some(self.first_attempt_at)
    }

    /// What the last finished attempt produced.
    ///
    /// ```
    /// # use hookwire::{delivery::DeliveryCore, Timestamp};
    /// assert_eq!(DeliveryCore::new(Timestamp::UNIX_EPOCH).last_result(), None);
    /// ```
    pub fn last_result(&self) -> Option<AttemptResult> {
        self.last
    }

    /// Whether it has ended.
    ///
    /// ```
    /// # use hookwire::{delivery::DeliveryCore, Timestamp};
    /// assert!(!DeliveryCore::new(Timestamp::UNIX_EPOCH).is_finished());
    /// ```
    pub fn is_finished(&self) -> bool {
        matches!(self.phase, Phase::Finished(_))
    }

    fn finished_attempts(&self) -> u32 {
        match self.phase {
            Phase::InFlight => self.attempts.saturating_sub(1),
            _ => self.attempts,
        }
    }

    // ----- transitions (the callers check that they are allowed) -----

    pub(crate) fn phase(&self) -> Phase {
        self.phase
    }

    /// Waiting → in flight at `now`; returns the attempt's number.
    pub(crate) fn start(&mut self, now: Timestamp) -> AttemptId {
        self.attempts = self.attempts.saturating_add(1);
        if self.first_attempt_at == NO_TIME {
            self.first_attempt_at = now;
        }
        self.at = now;
        self.phase = Phase::InFlight;
        AttemptId::new(self.attempts)
    }

    /// The attempt in flight ended at `now` with `result`; the policy decides what follows.
    pub(crate) fn finish_attempt(
        &mut self,
        policy: &RetryPolicy,
        id: &MessageId,
        now: Timestamp,
        result: AttemptResult,
        retry_after: Option<Timestamp>,
    ) -> AttemptEnd {
        let record = self.record(now, result, retry_after);
        if result == AttemptResult::Transport(TransportFailure::Denied) {
            // Nothing was sent, and asking again would not make the destination safe.
            let kind = OutcomeKind::Failed {
                reason: FailureReason::DestinationDenied,
            };
            self.last = Some(result);
            self.end(now, kind);
            return AttemptEnd {
                record,
                next: None,
                counted: true,
                outcome: Some(kind),
            };
        }
        let status = match result {
            AttemptResult::Status(status) => status,
            _ => 0,
        };
        if result == AttemptResult::Transport(TransportFailure::Denied) {
            // Nothing was sent, and asking again would not make the destination safe.
            self.last = Some(result);
            let kind = OutcomeKind::Failed {
                reason: FailureReason::DestinationDenied,
            };
            self.end(now, kind);
            return AttemptEnd {
                record,
                next: None,
                counted: true,
                outcome: Some(kind),
            };
        }
        // Decided on the counts before this attempt counts.
        let decision = policy.decide(result, retry_after, self.counted(), self.deferrals, id, now);
        self.last = Some(result);
        let end = |next, counted, outcome| AttemptEnd {
            record,
            next,
            counted,
            outcome,
        };
        let kind = match decision {
            Decision::Delivered => {
                let kind = OutcomeKind::Delivered { status };
                self.end(now, kind);
                return end(None, true, Some(kind));
            }
            Decision::Retry { at, counted } => {
                if !counted {
                    self.deferrals = self.deferrals.saturating_add(1);
                }
                self.at = at;
                self.phase = Phase::Waiting;
                return end(Some(at), counted, None);
            }
            Decision::Omitted => OutcomeKind::Omitted { status },
            Decision::Gone => OutcomeKind::Failed {
                reason: FailureReason::EndpointGone,
            },
            Decision::Exhausted => OutcomeKind::Failed {
                reason: FailureReason::AttemptsExhausted,
            },
        };
        self.end(now, kind);
        end(None, true, Some(kind))
    }

    /// The attempt in flight ended at `now` as part of a batch whose own core decided
    /// `leader`: this delivery takes the same result, the same next due time (kept by the
    /// batch, not scheduled on its own) and the same outcome.
    pub(crate) fn follow(&mut self, now: Timestamp, leader: &AttemptEnd) -> AttemptEnd {
        let record = self.record(now, leader.record.result, leader.record.retry_after);
        self.last = Some(leader.record.result);
        if let Some(kind) = leader.outcome {
            self.end(now, kind);
            return AttemptEnd {
                record,
                next: None,
                counted: leader.counted,
                outcome: Some(kind),
            };
        }
        if !leader.counted {
            // Uncounted without a `Retry-After` is a release, with one a deferral.
            if leader.record.retry_after.is_none() {
                self.released = self.released.saturating_add(1);
            } else {
                self.deferrals = self.deferrals.saturating_add(1);
            }
        }
        self.at = leader.next.unwrap_or(now);
        self.phase = Phase::Waiting;
        AttemptEnd {
            record,
            next: leader.next,
            counted: leader.counted,
            outcome: None,
        }
    }

    /// The attempt in flight is released at `now` without a result (its worker died): the
    /// next attempt is due at once and this one uses up no budget.
    pub(crate) fn release(&mut self, now: Timestamp) -> AttemptEnd {
        self.release_as(now, AttemptResult::Abandoned)
    }

    /// The attempt in flight ended at `now` with `result`, which is not the endpoint's
    /// verdict on the message (a stale OAuth token answered 401): it is tried again at once
    /// and uses up no budget.
    pub(crate) fn release_as(&mut self, now: Timestamp, result: AttemptResult) -> AttemptEnd {
        let record = self.record(now, result, None);
        self.released = self.released.saturating_add(1);
        self.last = Some(result);
        self.at = now;
        self.phase = Phase::Waiting;
        AttemptEnd {
            record,
            next: Some(now),
            counted: false,
            outcome: None,
        }
    }

    /// Ends the delivery at `now` without an attempt (cancelled, no key to sign with…).
    pub(crate) fn end(&mut self, now: Timestamp, kind: OutcomeKind) {
        self.at = now;
        self.phase = Phase::Finished(kind);
    }

    /// The terminal summary, with the journey action `policy_action` gives a delivery that
    /// was neither delivered nor cancelled. Only meaningful once finished.
    pub(crate) fn summary(&self, policy_action: Option<FailureAction>) -> Option<Outcome> {
        let Phase::Finished(kind) = self.phase else {
            return None;
        };
        let journey_action = match kind {
            OutcomeKind::Delivered { .. } | OutcomeKind::Cancelled => None,
            OutcomeKind::Omitted { .. } | OutcomeKind::Failed { .. } => policy_action,
        };
        Some(Outcome {
            kind,
            at: self.at,
            attempts: self.attempts,
            first_attempt_at: self.first_attempt_at(),
            last_result: self.last,
            journey_action,
        })
    }

    fn record(
        &self,
        now: Timestamp,
        result: AttemptResult,
        retry_after: Option<Timestamp>,
    ) -> AttemptRecord {
        AttemptRecord {
            attempt: AttemptId::new(self.attempts),
            started_at: self.at,
            ended_at: now,
            result,
            retry_after,
        }
    }
}

impl fmt::Debug for DeliveryCore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        RawCore::from(*self).fmt(f)
    }
}

/// The stored form, checked on the way in.
#[derive(Debug, Serialize, Deserialize)]
struct RawCore {
    phase: RawPhase,
    at: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    first_attempt_at: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "is_zero")]
    attempts: u32,
    #[serde(default, skip_serializing_if = "is_zero")]
    deferrals: u32,
    #[serde(default, skip_serializing_if = "is_zero")]
    released: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    last: Option<AttemptResult>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum RawPhase {
    Waiting,
    InFlight,
    Finished(OutcomeKind),
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

impl From<DeliveryCore> for RawCore {
    fn from(core: DeliveryCore) -> Self {
        RawCore {
            phase: match core.phase {
                Phase::Waiting => RawPhase::Waiting,
                Phase::InFlight => RawPhase::InFlight,
                Phase::Finished(kind) => RawPhase::Finished(kind),
            },
            at: core.at,
            first_attempt_at: core.first_attempt_at(),
            attempts: core.attempts,
            deferrals: core.deferrals,
            released: core.released,
            last: core.last,
        }
    }
}

impl TryFrom<RawCore> for DeliveryCore {
    type Error = &'static str;

    fn try_from(raw: RawCore) -> Result<Self, Self::Error> {
        let phase = match raw.phase {
            RawPhase::Waiting => Phase::Waiting,
            RawPhase::InFlight => Phase::InFlight,
            RawPhase::Finished(kind) => Phase::Finished(kind),
        };
        if phase == Phase::InFlight && raw.attempts == 0 {
            return Err("an attempt in flight must have been started");
        }
        let finished = match phase {
            Phase::InFlight => raw.attempts - 1,
            _ => raw.attempts,
        };
        if u64::from(raw.deferrals) + u64::from(raw.released) > u64::from(finished) {
            return Err("more deferred and released attempts than finished ones");
        }
        if (raw.attempts == 0) != raw.first_attempt_at.is_none() {
            return Err("a first attempt time goes with the first attempt");
        }
        if raw.first_attempt_at == Some(NO_TIME) {
            return Err("first attempt time out of range");
        }
        if (finished == 0) != raw.last.is_none() {
            return Err("a last result goes with a finished attempt");
        }
        Ok(DeliveryCore {
            at: raw.at,
            first_attempt_at: raw.first_attempt_at.unwrap_or(NO_TIME),
            attempts: raw.attempts,
            deferrals: raw.deferrals,
            released: raw.released,
            last: raw.last,
            phase,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inconsistent_cores_are_refused() {
        let ok =
            r#"{"phase":"waiting","at":5,"first_attempt_at":0,"attempts":1,"last":{"status":500}}"#;
        assert!(serde_json::from_str::<DeliveryCore>(ok).is_ok());
        let no_first = ok.replace(r#""first_attempt_at":0,"#, "");
        assert!(serde_json::from_str::<DeliveryCore>(&no_first).is_err());
        let in_flight = r#"{"phase":"in_flight","at":0}"#;
        assert!(serde_json::from_str::<DeliveryCore>(in_flight).is_err());
        let deferrals = ok.replace(r#""attempts":1"#, r#""attempts":1,"deferrals":2"#);
        assert!(serde_json::from_str::<DeliveryCore>(&deferrals).is_err());
        let no_last = ok.replace(r#","last":{"status":500}"#, "");
        assert!(serde_json::from_str::<DeliveryCore>(&no_last).is_err());
    }

    #[test]
    fn a_core_is_a_few_dozen_bytes() {
        assert!(
            size_of::<DeliveryCore>() <= 40,
            "{}",
            size_of::<DeliveryCore>()
        );
    }
}
