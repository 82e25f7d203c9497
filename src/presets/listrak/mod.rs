//! Listrak (seed 000): the journey's webhook action step, its endpoint and what follows a
//! failed delivery.
//!
//! - [`WebhookStep`]: "The webhook action step is available in all journey types except
//!   Shopify Transactional journeys. The option to send data via JSON is available in all
//!   journeys. The option to send payload data is available in the journeys in the Purchase,
//!   Abandonment, and Alerts categories." — and "A coupon action must be configured in the
//!   path prior to the webhook step" for "Include Coupon Code" ([`StepError`]).
//! - [`endpoint`]: "The URL must contain the https protocol".
//! - [`retry_policy`]: "By default, a contact will be removed from journeys so the data in
//!   Listrak and your third-party stays in sync. You can change this setting to move to the
//!   next step in the journey."
//!
//! The bodies a step sends — the "Payload" mode's journey data, the "JSON" mode's templates
//! and the contact appended to both — are [`format::listrak`](crate::format::listrak).
//!
//! ```
//! use hookwire::format::listrak::{Contact, JourneyEvent, JourneyPayload};
//! use hookwire::presets::listrak::{self, JourneyCategory, PathStep, StepMode, WebhookStep};
//!
//! let before = [PathStep::Coupon { name: "10% off".into() }];
//! let step = WebhookStep::new(
//!     JourneyCategory::Abandonment,
//!     &before,
//!     StepMode::Payload { include_coupon_codes: true },
//! )?;
//! let mut cart = JourneyPayload::new(JourneyEvent::AdvancedCartAbandonment);
//! cart.coupon_codes.push("SAVE10".into());
//! let contact = Contact::new().with_email("ada@example.com");
//! let payload = step.render(&serde_json::Value::Null, Some(&cart), &contact)?;
//! let endpoint = listrak::endpoint("https://hooks.example.com/ltk").build()?;
//! assert_eq!(
//!     payload.body().as_ref(),
//!     br#"{"eventType":"advancedCartAbandonment","couponCodes":["SAVE10"],"emailAddress":"ada@example.com"}"#
//! );
//! assert_eq!(endpoint.uri(), "https://hooks.example.com/ltk");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod step;

pub use step::{JourneyCategory, PathStep, StepError, StepMode, WebhookStep};

use crate::endpoint::{Endpoint, EndpointBuilder};
use crate::guard::Guard;
use crate::retry::{FailureAction, RetryPolicy, Success};

/// Starts an [`Endpoint`] for a Listrak webhook step with https required, as the seed says:
/// "The URL must contain the https protocol". An `http://` URL is an
/// [`EndpointError::HttpsRequired`](crate::EndpointError::HttpsRequired) from `build()`. The
/// URL is typed by a marketer, so the SSRF [`Guard`] is on: every transmit is cleared before
/// it is sent.
///
/// ```
/// let endpoint = hookwire::presets::listrak::endpoint("https://hooks.example.com/ltk").build()?;
/// assert_eq!(endpoint.uri(), "https://hooks.example.com/ltk");
/// assert!(hookwire::presets::listrak::endpoint("http://hooks.example.com/ltk").build().is_err());
/// assert!(hookwire::presets::listrak::endpoint("https://10.0.0.5/ltk").build().is_err());
/// # Ok::<(), hookwire::ConfigError>(())
/// ```
pub fn endpoint(url: impl Into<String>) -> EndpointBuilder {
    Endpoint::builder(url)
        .require_https(true)
        .guard(Guard::new())
}

/// Listrak's failure rule: "You can also determine what occurs if your webhook fails and is
/// not able to reach the third-party location. By default, a contact will be removed from
/// journeys so the data in Listrak and your third-party stays in sync. You can change this
/// setting to move to the next step in the journey. Errors in the webhook will also be logged
/// in Listrak. At this time it is not possible to re-initiate the webhook action for contacts
/// where it failed."
///
/// - the terminal [`Outcome`](crate::delivery::Outcome) of a delivery that does not succeed
///   carries the journey action ([`FailureAction::RemoveContact`] unless `action` says
///   otherwise) and is an error to log ([`OutcomeKind::is_error`]);
/// - a finished delivery refuses every further call, so it cannot be re-initiated;
/// - the seed names no retry schedule: hookwire makes 3 attempts, after 30 s and 5 min
///   (±10 %), so a contact waits minutes, not hours, at the webhook step. Any 2xx succeeds.
///
/// [`OutcomeKind::is_error`]: crate::delivery::OutcomeKind::is_error
///
/// ```
/// use hookwire::retry::FailureAction;
/// let policy = hookwire::presets::listrak::retry_policy_with(FailureAction::NextStep);
/// assert_eq!(policy.failure_action(), Some(FailureAction::NextStep));
/// ```
pub fn retry_policy_with(action: FailureAction) -> RetryPolicy {
    let policy = RetryPolicy::new(super::fixed_secs(&[30, 300], 100))
        .with_success(Success::Any2xx)
        .with_failure_action(action);
    // 3 is a valid budget.
    policy.clone().with_max_attempts(3).unwrap_or(policy)
}

/// [`retry_policy_with`] Listrak's default action, removing the contact.
///
/// ```
/// use hookwire::retry::FailureAction;
/// let policy = hookwire::presets::listrak::retry_policy();
/// assert_eq!(policy.failure_action(), Some(FailureAction::RemoveContact));
/// ```
pub fn retry_policy() -> RetryPolicy {
    retry_policy_with(FailureAction::default())
}

#[cfg(test)]
mod tests;
