//! [`PresetError`]: a vendor job configuration the vendor does not allow.

use super::listrak::StepError;
use super::lytics::TriggerFieldsError;
use super::smarter_launch::AutomationError;

/// A vendor's job configuration that its rules refuse, by vendor: each variant holds that
/// preset's own error, whose variants say what to change. A
/// [`ConfigError`](crate::ConfigError) takes any of them with `?`, as
/// [`ConfigError::Preset`](crate::ConfigError::Preset).
///
/// ```
/// use hookwire::presets::PresetError;
/// use hookwire::presets::smarter_launch::{Automation, AutomationError};
/// let err: PresetError = Automation::builder("t").build().unwrap_err().into();
/// assert_eq!(err, PresetError::SmarterLaunchAutomation(AutomationError::NoUrls));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PresetError {
    /// A Listrak webhook step its journey does not allow ([`StepError`]).
    ///
    /// ```
    /// use hookwire::presets::PresetError;
    /// use hookwire::presets::listrak::{JourneyCategory, StepError, StepMode, WebhookStep};
    /// let mode = StepMode::Payload { include_coupon_codes: true };
    /// let err: PresetError = WebhookStep::new(JourneyCategory::Purchase, &[], mode).unwrap_err().into();
    /// assert_eq!(err, PresetError::ListrakStep(StepError::NoCouponAction));
    /// ```
    #[error(transparent)]
    ListrakStep(#[from] StepError),
    /// A Lytics job's "Fields to Trigger" ([`TriggerFieldsError`]).
    ///
    /// ```
    /// use hookwire::presets::PresetError;
    /// use hookwire::presets::lytics::{TriggerFields, TriggerFieldsError};
    /// let err: PresetError = TriggerFields::new([""]).unwrap_err().into();
    /// assert_eq!(err, PresetError::LyticsTriggerFields(TriggerFieldsError::EmptyName));
    /// ```
    #[error(transparent)]
    LyticsTriggerFields(#[from] TriggerFieldsError),
    /// A Smarter Launch automation's trigger or URLs ([`AutomationError`]).
    ///
    /// See [`PresetError`] for an example.
    #[error(transparent)]
    SmarterLaunchAutomation(#[from] AutomationError),
}
