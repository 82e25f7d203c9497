//! [`PolicyError`]: a retry policy or schedule setting that cannot work.

use std::time::Duration;

/// Why a [`RetryPolicy`](super::RetryPolicy) or [`Schedule`](super::Schedule) setting was
/// refused (when set, or when a saved policy is loaded). Each variant names the setting.
///
/// ```
/// use hookwire::retry::{PolicyError, RetryPolicy};
///
/// let err = RetryPolicy::exponential().with_max_attempts(0).unwrap_err();
/// assert_eq!(err, PolicyError::NoAttempts);
/// assert_eq!(err.to_string(), "invalid setting `max_attempts`: a delivery needs at least one attempt");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PolicyError {
    /// An attempt budget of 0 ([`RetryPolicy::with_max_attempts`](super::RetryPolicy::with_max_attempts)).
    ///
    /// ```
    /// # use hookwire::retry::{PolicyError, RetryPolicy};
    /// assert_eq!(RetryPolicy::exponential().with_max_attempts(0).unwrap_err(), PolicyError::NoAttempts);
    /// ```
    #[error("invalid setting `max_attempts`: a delivery needs at least one attempt")]
    NoAttempts,
    /// A do-not-retry status outside 100–599
    /// ([`RetryPolicy::with_do_not_retry`](super::RetryPolicy::with_do_not_retry)).
    ///
    /// ```
    /// # use hookwire::retry::{PolicyError, RetryPolicy};
    /// let err = RetryPolicy::exponential().with_do_not_retry([99]).unwrap_err();
    /// assert_eq!(err, PolicyError::DoNotRetryStatusOutOfRange { status: 99 });
    /// ```
    #[error("invalid setting `do_not_retry`: {status} is not an HTTP status (100 to 599)")]
    DoNotRetryStatusOutOfRange {
        /// The status given.
        status: u16,
    },
    /// A do-not-retry status the policy counts as success: it could never be both.
    ///
    /// ```
    /// # use hookwire::retry::{PolicyError, RetryPolicy};
    /// let err = RetryPolicy::exponential().with_do_not_retry([204]).unwrap_err();
    /// assert_eq!(err, PolicyError::SuccessInDoNotRetry { status: 204 });
    /// ```
    #[error(
        "invalid setting `do_not_retry`: {status} is a success status, which cannot be in the \
         do-not-retry list"
    )]
    SuccessInDoNotRetry {
        /// The status given.
        status: u16,
    },
    /// A throttle status outside 100–599
    /// ([`RetryPolicy::with_throttle`](super::RetryPolicy::with_throttle)).
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use hookwire::retry::{PolicyError, RetryPolicy};
    /// let err = RetryPolicy::exponential().with_throttle([1000], Duration::from_secs(60), false).unwrap_err();
    /// assert_eq!(err, PolicyError::ThrottleStatusOutOfRange { status: 1000 });
    /// ```
    #[error("invalid setting `throttle`: {status} is not an HTTP status (100 to 599)")]
    ThrottleStatusOutOfRange {
        /// The status given.
        status: u16,
    },
    /// A per-attempt timeout of zero
    /// ([`RetryPolicy::with_attempt_timeout`](super::RetryPolicy::with_attempt_timeout)).
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use hookwire::retry::{PolicyError, RetryPolicy};
    /// let err = RetryPolicy::exponential().with_attempt_timeout(Duration::ZERO).unwrap_err();
    /// assert_eq!(err, PolicyError::ZeroAttemptTimeout);
    /// ```
    #[error("invalid setting `attempt_timeout`: an attempt needs some time")]
    ZeroAttemptTimeout,
    /// A fixed schedule with no delay ([`Schedule::fixed`](super::Schedule::fixed)).
    ///
    /// ```
    /// # use hookwire::retry::{PolicyError, Schedule};
    /// assert_eq!(Schedule::fixed([]).unwrap_err(), PolicyError::EmptySchedule);
    /// ```
    #[error("invalid setting `schedule`: a fixed schedule needs at least one delay")]
    EmptySchedule,
    /// An exponential schedule whose first delay is zero
    /// ([`Schedule::exponential`](super::Schedule::exponential)).
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use hookwire::retry::{PolicyError, Schedule};
    /// let err = Schedule::exponential(Duration::ZERO, 2, Duration::from_secs(1)).unwrap_err();
    /// assert_eq!(err, PolicyError::ZeroInitialDelay);
    /// ```
    #[error(
        "invalid setting `schedule`: an exponential schedule's first delay must be longer than zero"
    )]
    ZeroInitialDelay,
    /// An exponential schedule with a growth factor of 0 (1 keeps the delay constant).
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use hookwire::retry::{PolicyError, Schedule};
    /// let err = Schedule::exponential(Duration::from_secs(1), 0, Duration::from_secs(9)).unwrap_err();
    /// assert_eq!(err, PolicyError::ZeroFactor);
    /// ```
    #[error("invalid setting `schedule`: an exponential schedule's factor must be at least 1")]
    ZeroFactor,
    /// An exponential schedule whose longest delay is shorter than its first.
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use hookwire::retry::{PolicyError, Schedule};
    /// let err = Schedule::exponential(Duration::from_secs(2), 2, Duration::from_secs(1)).unwrap_err();
    /// assert!(matches!(err, PolicyError::MaxBelowInitial { .. }));
    /// ```
    #[error(
        "invalid setting `schedule`: an exponential schedule's max ({max:?}) is shorter than \
         its first delay ({initial:?})"
    )]
    MaxBelowInitial {
        /// The first delay.
        initial: Duration,
        /// The longest delay.
        max: Duration,
    },
    /// Jitter above 1000 permille (±100 %)
    /// ([`Schedule::with_jitter_permille`](super::Schedule::with_jitter_permille)).
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use hookwire::retry::{PolicyError, Schedule};
    /// let err = Schedule::fixed([Duration::from_secs(1)])?.with_jitter_permille(1001).unwrap_err();
    /// assert_eq!(err, PolicyError::JitterTooLarge { permille: 1001 });
    /// # Ok::<(), PolicyError>(())
    /// ```
    #[error("invalid setting `jitter`: {permille} permille is more than 1000 (±100 %)")]
    JitterTooLarge {
        /// The jitter given.
        permille: u16,
    },
}
