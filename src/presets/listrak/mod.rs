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

use base64::Engine as _;
use zeroize::Zeroizing;

use crate::endpoint::{Endpoint, EndpointBuilder};
use crate::guard::Guard;
use crate::retry::{FailureAction, RetryPolicy, Success};
use crate::sign::{KeyError, Secret};

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

/// The fewest random bytes an integration secret is made of (192 bits).
pub const MIN_SECRET_BYTES: usize = 24;
/// The most random bytes an integration secret is made of.
pub const MAX_SECRET_BYTES: usize = 64;

/// An integration's HMAC secret, made from random bytes the host drew (hookwire has no RNG):
/// the text to show once at setup — "Save the HMAC Secret for future reference" — and the
/// [`Secret`] to sign with. The text is URL-safe base64 without padding, so it survives
/// copying; Listrak's samples key the HMAC with the secret's text as UTF-8, and so does the
/// returned `Secret`.
///
/// Refused ([`KeyError::InvalidSecret`]): fewer than [`MIN_SECRET_BYTES`] or more than
/// [`MAX_SECRET_BYTES`] bytes, or bytes all equal (a buffer the host forgot to fill).
///
/// ```
/// use hookwire::presets::listrak;
/// # let random = [0x5au8, 0x11, 0xc3, 0x07, 0x9e, 0x42, 0xf0, 0x18, 0x2b, 0x64, 0xd7, 0x8a, 0x33, 0xcc, 0x01, 0xee, 0x70, 0x95, 0x4f, 0xb2, 0x26, 0x1d, 0xe8, 0x6c];
/// // `random` came from the host's CSPRNG (getrandom, rand::rngs::OsRng…).
/// let (shown, secret) = listrak::integration_secret(&random)?;
/// assert_eq!(shown.as_str(), "WhHDB55C8BgrZNeKM8wB7nCVT7ImHehs");
/// assert_eq!(secret.expose_bytes(), shown.as_bytes());
/// assert!(listrak::integration_secret(&[0u8; 32]).is_err());
/// assert!(listrak::integration_secret(&random[..16]).is_err());
/// # Ok::<(), hookwire::sign::KeyError>(())
/// ```
pub fn integration_secret(random: &[u8]) -> Result<(Zeroizing<String>, Secret), KeyError> {
    if !(MIN_SECRET_BYTES..=MAX_SECRET_BYTES).contains(&random.len()) {
        return Err(KeyError::InvalidSecret {
            reason: "an integration secret is made of 24 to 64 random bytes",
        });
    }
    if random.iter().all(|b| *b == random[0]) {
        return Err(KeyError::InvalidSecret {
            reason: "the random bytes are all equal: were they ever filled?",
        });
    }
    let mut text = Zeroizing::new(String::new());
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode_string(random, &mut text);
    let secret = Secret::from_text(&text)?;
    Ok((text, secret))
}
