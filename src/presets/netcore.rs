//! Netcore CE and Smartech (seeds 002, 003).

use crate::retry::{RetryPolicy, Success};

/// "Webhook supports 'HTTP 200' status URL only" / "If the test returns a HTTP 200 status
/// then the Webhook is operational".
///
/// Only 200 succeeds (a 204 is retried). The seeds give no schedule: hookwire makes 5
/// attempts, after 10 s, 1 min, 5 min and 15 min (±10 %). Disabling a webhook whose receiver
/// keeps answering 500, and the failure alerts, belong to the dispatcher.
///
/// ```
/// use hookwire::retry::Success;
/// let policy = hookwire::presets::netcore::retry_policy();
/// assert_eq!(policy.success(), Success::Exactly200);
/// assert_eq!(policy.max_attempts(), 5);
/// ```
pub fn retry_policy() -> RetryPolicy {
    RetryPolicy::new(super::fixed_secs(&[10, 60, 300, 900], 100)).with_success(Success::Exactly200)
}
