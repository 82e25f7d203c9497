//! [`Tolerance`]: how far a signed timestamp may lie from the receiver's clock.

use std::time::Duration;

use super::error::VerifyError;
use crate::time::Timestamp;

/// How far a signed timestamp may lie in the past and in the future of `now`.
/// Both bounds are inclusive: a timestamp exactly `past` old is accepted.
///
/// ```
/// use std::time::Duration;
/// use hookwire::Tolerance;
///
/// let tolerance = Tolerance::new(Duration::from_secs(600), Duration::from_secs(30));
/// assert_eq!(tolerance.past(), Duration::from_secs(600));
/// assert_eq!(tolerance.future(), Duration::from_secs(30));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Tolerance {
    past: Duration,
    future: Duration,
}

impl Tolerance {
    /// Separate bounds for the past and the future.
    ///
    /// ```
    /// let t = hookwire::Tolerance::new(std::time::Duration::ZERO, std::time::Duration::ZERO);
    /// assert_eq!(t.past(), std::time::Duration::ZERO);
    /// ```
    pub const fn new(past: Duration, future: Duration) -> Self {
        Tolerance { past, future }
    }

    /// The same bound both ways.
    ///
    /// ```
    /// let t = hookwire::Tolerance::symmetric(std::time::Duration::from_secs(60));
    /// assert_eq!(t.past(), t.future());
    /// ```
    pub const fn symmetric(both: Duration) -> Self {
        Tolerance {
            past: both,
            future: both,
        }
    }

    /// How old a timestamp may be.
    ///
    /// ```
    /// assert_eq!(hookwire::Tolerance::symmetric(std::time::Duration::from_secs(5)).past().as_secs(), 5);
    /// ```
    pub const fn past(&self) -> Duration {
        self.past
    }

    /// How far ahead of `now` a timestamp may be.
    ///
    /// ```
    /// assert_eq!(hookwire::Tolerance::symmetric(std::time::Duration::from_secs(5)).future().as_secs(), 5);
    /// ```
    pub const fn future(&self) -> Duration {
        self.future
    }
}

impl Tolerance {
    /// Checks that `timestamp` lies within the tolerance of `now`, in both directions.
    pub(super) fn check(self, timestamp: Timestamp, now: Timestamp) -> Result<(), VerifyError> {
        let age_ms = i128::from(now.unix_millis()) - i128::from(timestamp.unix_millis());
        let past_ms = self.past.as_millis() as i128;
        let future_ms = self.future.as_millis() as i128;
        let excess = |ms: i128| Duration::from_millis(u64::try_from(ms).unwrap_or(u64::MAX));
        if age_ms > past_ms {
            return Err(VerifyError::TimestampTooOld {
                timestamp,
                by: excess(age_ms - past_ms),
            });
        }
        if -age_ms > future_ms {
            return Err(VerifyError::TimestampTooNew {
                timestamp,
                by: excess(-age_ms - future_ms),
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_edges_are_inclusive() {
        let t = Timestamp::from_unix_secs(1_000);
        let tolerance = Tolerance::new(Duration::from_secs(300), Duration::from_secs(60));
        let at = |secs| tolerance.check(t, Timestamp::from_unix_secs(secs));
        assert_eq!(at(1_300), Ok(()));
        assert_eq!(
            at(1_301),
            Err(VerifyError::TimestampTooOld {
                timestamp: t,
                by: Duration::from_secs(1)
            })
        );
        assert_eq!(at(940), Ok(()));
        assert_eq!(
            at(939),
            Err(VerifyError::TimestampTooNew {
                timestamp: t,
                by: Duration::from_secs(1)
            })
        );
    }
}
