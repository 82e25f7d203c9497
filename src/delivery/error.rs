//! [`ApiMisuse`]: a host calling a delivery out of order — never the receiver's fault.

use crate::time::Timestamp;

use super::AttemptId;

/// The host called a [`Delivery`](super::Delivery) in a way its state does not allow.
///
/// This is a bug in the host's drive loop, kept apart from anything the receiver did
/// (statuses and transport failures are inputs, not errors). The call changes nothing: the
/// delivery's state is exactly as before it.
///
/// ```
/// use hookwire::delivery::{ApiMisuse, AttemptId};
/// let err = ApiMisuse::UnknownAttempt { attempt: AttemptId::new(7) };
/// assert_eq!(err.to_string(), "attempt #7 was never started");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ApiMisuse {
    /// `now` is earlier than a time this delivery was already given.
    #[error("time went backwards: {now} is before {latest}, which this delivery has seen")]
    TimeWentBackwards {
        /// The time passed.
        now: Timestamp,
        /// The latest time the delivery had seen.
        latest: Timestamp,
    },
    /// No attempt with this id was ever started.
    #[error("attempt {attempt} was never started")]
    UnknownAttempt {
        /// The id passed.
        attempt: AttemptId,
    },
    /// The attempt was started but is over: it timed out, or its result was already given.
    #[error("attempt {attempt} is no longer in flight")]
    StaleAttempt {
        /// The id passed.
        attempt: AttemptId,
    },
    /// The delivery has already ended; it cannot be re-initiated (Listrak: "it is not
    /// possible to re-initiate the webhook action for contacts where it failed").
    #[error("the delivery has already finished")]
    AlreadyFinished,
}
