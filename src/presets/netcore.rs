//! Netcore CE and Smartech (seeds 002, 003).

use crate::delivery::Route;
use crate::dispatch::{Alerts, EndpointHealth, RouteConfig};
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

/// A Netcore webhook as a dispatcher route: `route` (Basic auth on its endpoint, only 200
/// succeeds: [`retry_policy`]) disabled at the first 5xx — "if your script gets busy in
/// processing the received data then it would give 500 error on next batch and Netcore CE
/// will disable the webhook" — holding its messages until re-enabled, and the "Webhook
/// Failure Alert": "A user can set an alert to be sent to the respective stakeholder's email
/// IDs whenever a webhook fails … the frequency of alerts and the emails of the
/// stakeholder". Test a new endpoint first with
/// [`Dispatcher::probe`](crate::dispatch::Dispatcher::probe): "If the test returns a HTTP
/// 200 status then the Webhook is operational".
///
/// ```
/// use std::time::Duration;
/// use hookwire::delivery::Route;
/// use hookwire::dispatch::Alerts;
/// use hookwire::{BasicAuth, Endpoint, presets::netcore};
///
/// let endpoint = Endpoint::builder("https://crm.example.com/netcore")
///     .basic_auth(BasicAuth::new("netcore", "s3cret")?)
///     .build()?;
/// let alerts = Alerts::new(["ops@example.com"], Duration::from_secs(3600))?;
/// let config = netcore::route_config(Route::new(endpoint).with_policy(netcore::retry_policy()), Some(alerts));
/// assert_eq!(config.health().server_errors(), Some(1));
/// # Ok::<(), hookwire::ConfigError>(())
/// ```
pub fn route_config(route: Route, alerts: Option<Alerts>) -> RouteConfig {
    let config =
        RouteConfig::new(route).with_health(EndpointHealth::disable_after_server_errors(1));
    match alerts {
        Some(alerts) => config.with_alerts(alerts),
        None => config,
    }
}
