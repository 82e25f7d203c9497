//! Lytics (seed 004).

use std::time::Duration;

use crate::guard::Guard;
use crate::retry::{RetryAfter, RetryPolicy, Schedule, Success};
use crate::{Endpoint, EndpointBuilder};

/// Starts an [`Endpoint`] for a Lytics webhook job with https required,
/// as the seed says: "The webhook URL must have the https scheme". An `http://` URL is a
/// [`ConfigError`](crate::ConfigError) from `build()`. (A templated URL is checked the same
/// way by [`UrlTemplate`](crate::format::lytics::UrlTemplate) when asked to.) The URL is
/// typed by a user, so the SSRF [`Guard`] is on: every transmit is cleared before it is
/// sent.
///
/// ```
/// let endpoint = hookwire::presets::lytics::endpoint("https://hooks.example.com/lytics").build()?;
/// assert_eq!(endpoint.uri(), "https://hooks.example.com/lytics");
/// assert!(hookwire::presets::lytics::endpoint("http://hooks.example.com/lytics").build().is_err());
/// assert!(hookwire::presets::lytics::endpoint("https://[::1]/lytics").build().is_err());
/// # Ok::<(), hookwire::ConfigError>(())
/// ```
pub fn endpoint(url: impl Into<String>) -> EndpointBuilder {
    Endpoint::builder(url)
        .require_https(true)
        .guard(Guard::new())
}

/// The statuses Lytics never retries: "400 - Bad Request, 404 - Not found, 413 - Request
/// Entity Too Large".
pub const DO_NOT_RETRY: [u16; 3] = [400, 404, 413];

/// "When a webhook request encounters a non-200 status code, the request will be retried
/// unless the HTTP status code is in the do not retry list … Requests that encounter a status
/// code that is not retried, will be marked as omitted … If the server returns a Retry-After
/// directive in the header, the job will go into sleeping state for the duration or until the
/// time specified. The job will not error in this case."
///
/// - success is exactly 200; 400, 404 and 413 end the delivery *omitted* (add the job's own
///   list with [`RetryPolicy::with_do_not_retry`]);
/// - `Retry-After` (seconds or a date) puts the delivery to sleep until then without using up
///   an attempt, up to 24 h a time and 50 times in all, and never shorter than the schedule's
///   next delay (a `0` or a past date would otherwise mean 50 requests at once);
/// - the seed does not give a per-request schedule: hookwire retries after 5 s, doubling to
///   at most 10 min, ±20 %, 10 attempts — matching the job rule that 10 failed requests
///   make the job error (that rule belongs to the dispatcher).
///
/// ```
/// use hookwire::retry::Success;
/// let policy = hookwire::presets::lytics::retry_policy().with_do_not_retry([401, 402])?;
/// assert_eq!(policy.success(), Success::Exactly200);
/// assert_eq!(policy.do_not_retry(), [400, 401, 402, 404, 413]);
/// assert!(!policy.retry_after().counts_as_attempt);
/// # Ok::<(), hookwire::ConfigError>(())
/// ```
pub fn retry_policy() -> RetryPolicy {
    let schedule = Schedule::Exponential {
        initial: Duration::from_secs(5),
        factor: 2,
        max: Duration::from_secs(600),
        jitter_permille: 200,
    };
    let base = RetryPolicy::new(schedule)
        .with_success(Success::Exactly200)
        .with_retry_after(RetryAfter::defer(Duration::from_secs(86_400), 50));
    // The list holds valid, non-success statuses and 10 is a valid budget.
    base.clone()
        .with_do_not_retry(DO_NOT_RETRY)
        .and_then(|p| p.with_max_attempts(10))
        .unwrap_or(base)
}
