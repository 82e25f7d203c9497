//! Smarter Launch (seed 001): automations that send a webhook, and their delivery rule.
//!
//! - [`Automation`]: "Our automations allow for you to send a webhook to one or more URLs
//!   when a particular trigger takes place within Smarter Launch" — a trigger and the URLs it
//!   posts to, checked when built.
//! - [`retry_policy`]: "we will try again in 10 seconds … we will try again in 100 seconds.
//!   We will not try again after these 3 attempts."
//!
//! The body an automation posts is [`format::smarter_launch`](crate::format::smarter_launch).
//!
//! ```
//! use hookwire::format::smarter_launch::{self, AutomationEvent};
//! use hookwire::presets::smarter_launch::Automation;
//!
//! let automation = Automation::builder(AutomationEvent::PROPOSAL_ACCEPTED)
//!     .url("https://sales.example.com/hooks/smarter-launch")
//!     .url("https://crm.example.com/in")
//!     .build()?;
//! let mut event = AutomationEvent::new(AutomationEvent::PROPOSAL_ACCEPTED);
//! event.data = serde_json::json!({"proposal_id": 42, "client": "Acme"});
//! let payload = automation.render(&event)?;
//! assert_eq!(
//!     payload.body().as_ref(),
//!     br#"{"event":"proposal.accepted","data":{"proposal_id":42,"client":"Acme"}}"#
//! );
//! assert_eq!(automation.endpoints().len(), 2); // one delivery per URL, same bytes
//! assert_eq!(smarter_launch::parse(payload.body())?, event);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod automation;
mod error;

pub use automation::{Automation, AutomationBuilder};
pub use error::AutomationError;

use crate::delivery::Route;
use crate::dispatch::RouteConfig;
use crate::retry::{RetryAfter, RetryPolicy, Success};
use crate::sign::Signer;

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

/// An automation's URLs as dispatcher routes, one per URL, each signed with the account's
/// `signer` and retried by [`retry_policy`]: "send a webhook to one or more URLs when a
/// particular trigger takes place". Send a trigger to all of them with
/// [`Dispatcher::fan_out`](crate::dispatch::Dispatcher::fan_out): each URL is its own
/// delivery, so one failing URL never holds the others.
///
/// ```
/// use hookwire::presets::smarter_launch::{self, Automation};
/// use hookwire::{Keyring, Scheme, Secret, Signer};
///
/// let automation = Automation::builder("proposal.accepted")
///     .url("https://sales.example.com/hooks")
///     .url("https://crm.example.com/in")
///     .build()?;
/// let signer = Signer::new(Scheme::smarter_launch(), Keyring::new().with(Secret::from_text("account-key")?))?;
/// let routes = smarter_launch::route_configs(&automation, &signer);
/// assert_eq!(routes.len(), 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn route_configs(automation: &Automation, signer: &Signer) -> Vec<RouteConfig> {
    automation
        .endpoints()
        .iter()
        .map(|endpoint| {
            RouteConfig::new(
                Route::new(endpoint.clone())
                    .with_signer(signer.clone())
                    .with_policy(retry_policy()),
            )
        })
        .collect()
}
