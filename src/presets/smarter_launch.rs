//! Smarter Launch (seed 001).

use crate::retry::{RetryAfter, RetryPolicy, Success};

/// "If we do not receive a response code starting with a "2" we will try again in 10 seconds.
/// If that also fails to receive a successful HTTP response code, we will try again in 100
/// seconds. We will not try again after these 3 attempts."
///
/// Any 2xx succeeds; 3 attempts at +0 s, +10 s and +110 s, exactly (no jitter, no
/// `Retry-After`: the seed names the times).
///
/// ```
/// use hookwire::{MessageId, retry::Success};
/// let policy = hookwire::presets::smarter_launch::retry_policy();
/// assert_eq!(policy.success(), Success::Any2xx);
/// assert_eq!(policy.max_attempts(), 3);
/// let id = MessageId::new("m")?;
/// assert_eq!(policy.schedule().delay(1, &id).as_secs(), 10);
/// assert_eq!(policy.schedule().delay(2, &id).as_secs(), 100);
/// # Ok::<(), hookwire::ConfigError>(())
/// ```
pub fn retry_policy() -> RetryPolicy {
    let mut policy = RetryPolicy::new(super::fixed_secs(&[10, 100], 0))
        .with_success(Success::Any2xx)
        .with_retry_after(RetryAfter::ignore());
    // 3 is a valid budget; `with_max_attempts` only refuses 0.
    if let Ok(three) = policy.clone().with_max_attempts(3) {
        policy = three;
    }
    policy
}
