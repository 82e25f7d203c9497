//! The delivery behaviour the Standard Webhooks specification suggests.

use std::time::Duration;

use crate::delivery::Route;
use crate::dispatch::{EndpointHealth, RouteConfig};
use crate::retry::{RetryAfter, RetryPolicy, Success};

/// "now, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h, + jitter"; "2xx success; 3xx
/// failure, never follow redirects; 410 disable the endpoint; 429/502/504 throttle; honour
/// Retry-After; request timeout 15–30 s".
///
/// 10 attempts with ±20 % jitter; 429, 502 and 504 wait at least 60 s; `Retry-After`
/// honoured up to 24 h; 30 s per attempt.
///
/// ```
/// use hookwire::MessageId;
/// let policy = hookwire::presets::standard_webhooks::retry_policy();
/// assert_eq!(policy.max_attempts(), 10);
/// assert!(policy.stops_on_gone());
/// assert_eq!(policy.throttle_statuses(), [429, 502, 504]);
/// # Ok::<(), hookwire::ConfigError>(())
/// ```
pub fn retry_policy() -> RetryPolicy {
    let base = RetryPolicy::new(super::fixed_secs(
        &[5, 300, 1_800, 7_200, 18_000, 36_000, 50_400, 72_000, 86_400],
        200,
    ))
    .with_success(Success::Any2xx)
    .with_stop_on_gone(true)
    .with_retry_after(RetryAfter::honour(Duration::from_secs(86_400)));
    base.clone()
        .with_max_attempts(10)
        .and_then(|p| p.with_throttle([429, 502, 504], Duration::from_secs(60), false))
        .unwrap_or(base)
}

/// A Standard Webhooks endpoint as a dispatcher route: "410 disable the endpoint" — the
/// route holds its messages until re-enabled (use [`retry_policy`] on `route`).
///
/// ```
/// use hookwire::{Endpoint, delivery::Route, presets::standard_webhooks};
/// let route = Route::new(Endpoint::builder("https://e.com/").build()?).with_policy(standard_webhooks::retry_policy());
/// assert!(standard_webhooks::route_config(route).health().on_gone());
/// # Ok::<(), hookwire::ConfigError>(())
/// ```
pub fn route_config(route: Route) -> RouteConfig {
    RouteConfig::new(route).with_health(EndpointHealth::gone_only())
}
