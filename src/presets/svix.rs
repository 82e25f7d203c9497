//! Svix's published delivery policy, for users who want Svix's behaviour.

use std::time::Duration;

use crate::retry::{RetryAfter, RetryPolicy, Success};

/// "retry after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h (8 attempts), ±20 % jitter; 429 and
/// timeouts wait ≥ 60 s" — plus 410 ends the delivery with the endpoint gone, and
/// `Retry-After` is honoured up to 10 h.
///
/// ```
/// let policy = hookwire::presets::svix::retry_policy();
/// assert_eq!(policy.max_attempts(), 8);
/// assert_eq!(policy.throttle_min_delay().as_secs(), 60);
/// ```
pub fn retry_policy() -> RetryPolicy {
    let base = RetryPolicy::new(super::fixed_secs(
        &[5, 300, 1_800, 7_200, 18_000, 36_000, 36_000],
        200,
    ))
    .with_success(Success::Any2xx)
    .with_stop_on_gone(true)
    .with_retry_after(RetryAfter::honour(Duration::from_secs(36_000)));
    base.clone()
        .with_max_attempts(8)
        .and_then(|p| p.with_throttle([429], Duration::from_secs(60), true))
        .unwrap_or(base)
}
