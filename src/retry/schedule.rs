//! [`Schedule`]: how long to wait before each retry, with deterministic jitter.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::error::PolicyError;
use crate::message_id::MessageId;

/// The delays between attempts.
///
/// The delay before retry `n` (the `n + 1`-th attempt) is the schedule's `n`-th delay,
/// moved by up to ± `jitter` of itself. Jitter spreads retries of many messages that failed
/// together, so they do not all hit a recovering endpoint in the same second; it is derived
/// from the message id and the retry number, never from a random number generator, so the
/// same message always gets the same schedule — in a test, after a restart, or on another
/// machine.
///
/// ```
/// use std::time::Duration;
/// use hookwire::{MessageId, retry::Schedule};
///
/// let schedule = Schedule::fixed([Duration::from_secs(10), Duration::from_secs(100)])?;
/// let id = MessageId::new("msg_1")?;
/// assert_eq!(schedule.delay(1, &id), Duration::from_secs(10));
/// assert_eq!(schedule.delay(2, &id), Duration::from_secs(100));
/// assert_eq!(schedule.delay(3, &id), Duration::from_secs(100)); // the last delay repeats
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Schedule {
    /// A fixed list of delays; retries past its end wait its last delay.
    Fixed {
        /// The delay before retry 1, 2, …
        #[serde(with = "millis_list")]
        delays: Vec<Duration>,
        /// Up to how much of each delay it may move, in thousandths (200 = ±20 %).
        #[serde(default)]
        jitter_permille: u16,
    },
    /// `initial × factorⁿ⁻¹`, capped at `max`.
    Exponential {
        /// The delay before the first retry.
        #[serde(with = "millis")]
        initial: Duration,
        /// The growth factor between retries (2 doubles each delay).
        factor: u32,
        /// The longest delay.
        #[serde(with = "millis")]
        max: Duration,
        /// Up to how much of each delay it may move, in thousandths (200 = ±20 %).
        #[serde(default)]
        jitter_permille: u16,
    },
}

impl Schedule {
    /// A fixed list of delays, without jitter. The list must not be empty.
    ///
    /// ```
    /// assert!(hookwire::retry::Schedule::fixed([]).is_err());
    /// ```
    pub fn fixed(delays: impl IntoIterator<Item = Duration>) -> Result<Self, PolicyError> {
        let delays: Vec<Duration> = delays.into_iter().collect();
        if delays.is_empty() {
            return Err(PolicyError::EmptySchedule);
        }
        Ok(Schedule::Fixed {
            delays,
            jitter_permille: 0,
        })
    }

    /// An exponential schedule without jitter: `initial`, `initial × factor`, … up to `max`.
    ///
    /// ```
    /// use std::time::Duration;
    /// use hookwire::{MessageId, retry::Schedule};
    /// let s = Schedule::exponential(Duration::from_secs(1), 2, Duration::from_secs(5))?;
    /// let id = MessageId::new("m")?;
    /// let delays: Vec<u64> = (1..=4).map(|n| s.delay(n, &id).as_secs()).collect();
    /// assert_eq!(delays, [1, 2, 4, 5]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn exponential(initial: Duration, factor: u32, max: Duration) -> Result<Self, PolicyError> {
        if initial.is_zero() {
            return Err(PolicyError::ZeroInitialDelay);
        }
        if factor == 0 {
            return Err(PolicyError::ZeroFactor);
        }
        if max < initial {
            return Err(PolicyError::MaxBelowInitial { initial, max });
        }
        Ok(Schedule::Exponential {
            initial,
            factor,
            max,
            jitter_permille: 0,
        })
    }

    /// This schedule with jitter of up to ± `permille` thousandths of each delay (at most
    /// 1000, i.e. ±100 %).
    ///
    /// ```
    /// use std::time::Duration;
    /// use hookwire::{MessageId, retry::Schedule};
    /// let s = Schedule::fixed([Duration::from_secs(100)])?.with_jitter_permille(200)?;
    /// let delay = s.delay(1, &MessageId::new("m")?);
    /// assert!(delay >= Duration::from_secs(80) && delay <= Duration::from_secs(120));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_jitter_permille(mut self, permille: u16) -> Result<Self, PolicyError> {
        if permille > 1000 {
            return Err(PolicyError::JitterTooLarge { permille });
        }
        match &mut self {
            Schedule::Fixed {
                jitter_permille, ..
            }
            | Schedule::Exponential {
                jitter_permille, ..
            } => *jitter_permille = permille,
        }
        Ok(self)
    }

    /// The delay before retry `retry` (1 for the second attempt), jittered for `id`.
    ///
    /// See [`Schedule`] for an example.
    pub fn delay(&self, retry: u32, id: &MessageId) -> Duration {
        let retry = retry.max(1);
        let (base, jitter) = match self {
            Schedule::Fixed {
                delays,
                jitter_permille,
            } => {
                let index = usize::try_from(retry - 1).unwrap_or(usize::MAX);
                let base = delays
                    .get(index)
                    .or(delays.last())
                    .copied()
                    .unwrap_or_default();
                (base, *jitter_permille)
            }
            Schedule::Exponential {
                initial,
                factor,
                max,
                jitter_permille,
            } => {
                let growth = factor.checked_pow(retry - 1).unwrap_or(u32::MAX);
                let base = initial.checked_mul(growth).unwrap_or(*max).min(*max);
                (base, *jitter_permille)
            }
        };
        jittered(base, jitter, id, retry)
    }

    pub(crate) fn validate(&self) -> Result<(), PolicyError> {
        match self {
            Schedule::Fixed {
                delays,
                jitter_permille,
            } => {
                Schedule::fixed(delays.iter().copied())?.with_jitter_permille(*jitter_permille)?;
            }
            Schedule::Exponential {
                initial,
                factor,
                max,
                jitter_permille,
            } => {
                Schedule::exponential(*initial, *factor, *max)?
                    .with_jitter_permille(*jitter_permille)?;
            }
        }
        Ok(())
    }
}

/// `base` moved by a fraction in [-permille, +permille] thousandths that depends only on
/// the message id and the retry number. Integer arithmetic, so every platform agrees.
fn jittered(base: Duration, permille: u16, id: &MessageId, retry: u32) -> Duration {
    if permille == 0 || base.is_zero() {
        return base;
    }
    // A position in [-1000, 1000] thousandths of the jitter range.
    let position = (unit_hash(id, retry) % 2001) as i128 - 1000;
    let base_ms = base.as_millis() as i128;
    let offset = base_ms * i128::from(permille) * position / 1_000_000;
    let millis = (base_ms + offset).max(0);
    Duration::from_millis(u64::try_from(millis).unwrap_or(u64::MAX))
}

/// FNV-1a over the id's bytes, then the retry number mixed in with splitmix64's finalizer:
/// cheap, well spread, and identical everywhere.
fn unit_hash(id: &MessageId, retry: u32) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in id.as_str().bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    let mut z = hash ^ u64::from(retry).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Durations serialize as whole milliseconds: readable in JSON and exact.
pub(crate) mod millis {
    use std::time::Duration;

    use serde::{Deserialize, Deserializer, Serializer};

    pub(crate) fn serialize<S: Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u64(u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Duration, D::Error> {
        u64::deserialize(d).map(Duration::from_millis)
    }
}

mod millis_list {
    use std::time::Duration;

    use serde::{Deserialize, Deserializer, Serializer};

    pub(crate) fn serialize<S: Serializer>(list: &[Duration], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(
            list.iter()
                .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX)),
        )
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Duration>, D::Error> {
        Vec::<u64>::deserialize(d).map(|list| list.into_iter().map(Duration::from_millis).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(text: &str) -> MessageId {
        MessageId::new(text).unwrap()
    }

    #[test]
    fn jitter_is_deterministic_bounded_and_spread() {
        let s = Schedule::fixed([Duration::from_secs(1000)])
            .unwrap()
            .with_jitter_permille(200)
            .unwrap();
        let mut seen = std::collections::BTreeSet::new();
        for n in 0..200 {
            let m = id(&format!("msg_{n}"));
            let d = s.delay(1, &m);
            assert_eq!(d, s.delay(1, &m), "same input, same delay");
            assert!(d >= Duration::from_secs(800) && d <= Duration::from_secs(1200));
            seen.insert(d.as_secs() / 40); // ten buckets across the range
        }
        assert!(seen.len() >= 9, "jitter should spread: {seen:?}");
    }

    #[test]
    fn exponential_saturates_instead_of_overflowing() {
        let s =
            Schedule::exponential(Duration::from_secs(1), 10, Duration::from_secs(3600)).unwrap();
        assert_eq!(s.delay(u32::MAX, &id("m")), Duration::from_secs(3600));
        assert_eq!(s.delay(0, &id("m")), Duration::from_secs(1));
    }

    #[test]
    fn invalid_schedules_are_policy_errors_naming_the_part() {
        assert_eq!(
            Schedule::exponential(Duration::ZERO, 2, Duration::from_secs(1)),
            Err(PolicyError::ZeroInitialDelay)
        );
        assert_eq!(
            Schedule::exponential(Duration::from_secs(2), 2, Duration::from_secs(1)),
            Err(PolicyError::MaxBelowInitial {
                initial: Duration::from_secs(2),
                max: Duration::from_secs(1)
            })
        );
        assert_eq!(
            Schedule::fixed([Duration::from_secs(1)])
                .unwrap()
                .with_jitter_permille(1001),
            Err(PolicyError::JitterTooLarge { permille: 1001 })
        );
        // A saved schedule is checked the same way.
        let saved = r#"{"exponential":{"initial":1000,"factor":0,"max":2000}}"#;
        assert!(serde_json::from_str::<Schedule>(saved).is_ok());
        let schedule: Schedule = serde_json::from_str(saved).unwrap();
        assert_eq!(schedule.validate(), Err(PolicyError::ZeroFactor));
    }

    #[test]
    fn serializes_as_milliseconds() {
        let s = Schedule::fixed([Duration::from_secs(10), Duration::from_millis(1500)]).unwrap();
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(
            json,
            r#"{"fixed":{"delays":[10000,1500],"jitter_permille":0}}"#
        );
        assert_eq!(serde_json::from_str::<Schedule>(&json).unwrap(), s);
    }
}
