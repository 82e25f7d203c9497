//! Each seed system's rules, composed from hookwire's general pieces: a vendor's job
//! configuration, endpoints and delivery policy live here, its bodies in
//! [`format`](crate::format).
//!
//! A preset only composes: every rule here is a [`RetryPolicy`]
//! setting, an [`Endpoint`](crate::Endpoint) setting, or a vendor's job configuration built
//! from them and from its format, chosen to match what the vendor documents (each item
//! quotes the sentence it follows). Where the vendor is silent, the choice is hookwire's and
//! says so. Listrak and Lytics require https: start their endpoints with
//! [`listrak::endpoint`] and [`lytics::endpoint`], which also turn the SSRF
//! [`Guard`](crate::guard::Guard) on (the URL is user input; see [`guard`](crate::guard)). For
//! the other vendors' endpoints, add `.guard(Guard::new())` to the builder whenever a user
//! types the URL.
//!
//! | vendor | job configuration |
//! | --- | --- |
//! | [`listrak`] | [`WebhookStep`](listrak::WebhookStep): where a journey's webhook step may stand and what it sends |
//! | [`lytics`] | [`AudienceTrigger`](lytics::AudienceTrigger): which audience events and fields a job sends; [`UrlTemplate`](lytics::UrlTemplate) |
//! | [`smarter_launch`] | [`Automation`](smarter_launch::Automation): a trigger and the URLs it posts to |
//!
//! Route-level rules for a [`Dispatcher`](crate::dispatch::Dispatcher) are composed too:
//! [`lytics::route_config`] (worker slots, job errors, `Retry-After` sleeps),
//! [`netcore::route_config`] (disabled at a 5xx, failure alerts),
//! [`standard_webhooks::route_config`] (410 disables) and
//! [`smarter_launch::route_configs`] (one route per automation URL).
//!
//! | preset | success | attempts | delays | special |
//! | --- | --- | --- | --- | --- |
//! | [`smarter_launch`] | any 2xx | 3 | 10 s, 100 s | — |
//! | [`lytics`] | 200 | 10 | 5 s doubling to 10 min, ±20 % | 400/404/413 omitted; `Retry-After` sleeps without counting |
//! | [`listrak`] | any 2xx | 3 | 30 s, 5 min, ±10 % | journey action on failure (remove contact) |
//! | [`netcore`] | 200 | 5 | 10 s, 1 min, 5 min, 15 min, ±10 % | — |
//! | [`svix`] | any 2xx | 8 | 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, ±20 % | 410 stops; 429 and timeouts wait ≥ 60 s |
//! | [`standard_webhooks`] | any 2xx | 10 | 5 s … 24 h, ±20 % | 410 stops; 429/502/504 wait ≥ 60 s |
//! | [`RetryPolicy::exponential`](crate::retry::RetryPolicy::exponential) | any 2xx | 10 | 5 s doubling to 1 h, ±20 % | 410 stops; 429/502/503/504 wait ≥ 60 s |

mod error;
pub mod listrak;
pub mod lytics;
pub mod netcore;
pub mod smarter_launch;
pub mod standard_webhooks;
pub mod svix;

use std::time::Duration;

pub use error::PresetError;

use crate::retry::{RetryPolicy, Schedule};

/// A fixed schedule in seconds with jitter; the presets' lists are never empty and their
/// jitter is within range, so this cannot fail.
fn fixed_secs(secs: &[u64], jitter_permille: u16) -> Schedule {
    Schedule::Fixed {
        delays: secs.iter().map(|s| Duration::from_secs(*s)).collect(),
        jitter_permille,
    }
}

/// Looks a preset up by its command-line name: `smarter-launch`, `lytics`, `listrak`,
/// `netcore`, `svix`, `standard` or `exponential`.
///
/// ```
/// let policy = hookwire::presets::by_name("smarter-launch").unwrap();
/// assert_eq!(policy.max_attempts(), 3);
/// assert!(hookwire::presets::by_name("nope").is_none());
/// ```
pub fn by_name(name: &str) -> Option<RetryPolicy> {
    Some(match name {
        "smarter-launch" => smarter_launch::retry_policy(),
        "lytics" => lytics::retry_policy(),
        "listrak" => listrak::retry_policy(),
        "netcore" => netcore::retry_policy(),
        "svix" => svix::retry_policy(),
        "standard" | "standard-webhooks" => standard_webhooks::retry_policy(),
        "exponential" => RetryPolicy::exponential(),
        _ => return None,
    })
}
