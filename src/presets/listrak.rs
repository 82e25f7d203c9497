//! Listrak (seed 000).

use crate::guard::Guard;
use crate::retry::{FailureAction, RetryPolicy, Success};
use crate::{Endpoint, EndpointBuilder};

/// Starts an [`Endpoint`] for a Listrak webhook step with https required,
/// as the seed says: "The URL must contain the https protocol". An `http://` URL is a
/// [`ConfigError`](crate::ConfigError) from `build()`. The URL is typed by a marketer, so
/// the SSRF [`Guard`] is on: every transmit is cleared before it is sent.
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
