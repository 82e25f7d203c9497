//! [`ConfigError`]: everything that can be wrong with how hookwire was set up, in one type.

use crate::auth::BasicAuthError;
use crate::dispatch::RouteError;
use crate::endpoint::EndpointError;
use crate::format::cloudevents::AttributeError;
use crate::format::json_template::TemplateError;
use crate::guard::SettingsError as GuardSettingsError;
use crate::message_id::MessageIdError;
use crate::payload::PayloadError;
use crate::presets::PresetError;
use crate::presets::listrak::StepError;
use crate::presets::lytics::TriggerFieldsError;
use crate::presets::smarter_launch::AutomationError;
use crate::receive::SettingsError;
use crate::retry::PolicyError;
use crate::sign::{KeyError, SchemeError};

/// A configuration mistake, reported when the value is built (never later, at send time).
///
/// Each part of hookwire reports its own mistakes in its own error — an [`EndpointError`]
/// for a URL or a header, a [`PolicyError`] for a retry setting, a [`SettingsError`] for a
/// receiver's — so a `match` names exactly what to change. `ConfigError` gathers them all,
/// with a `From` for each, so a host can `?` all of its setup into one type. Its `Display`
/// is the part's own. None of them ever contains secret material.
///
/// ```
/// use hookwire::{ConfigError, Endpoint, EndpointError, MessageId};
///
/// fn setup() -> Result<(Endpoint, MessageId), ConfigError> {
///     let endpoint = Endpoint::builder("http://example.com/hook").require_https(true).build()?;
///     Ok((endpoint, MessageId::new("msg_1")?))
/// }
///
/// let err = setup().unwrap_err();
/// assert!(matches!(err, ConfigError::Endpoint(EndpointError::HttpsRequired { .. })));
/// assert_eq!(err.to_string(), "the URL must use https, not `http` (http://example.com/hook)");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// A secret, key or keyring ([`KeyError`]).
    ///
    /// ```
    /// use hookwire::{ConfigError, Secret};
    /// use hookwire::sign::KeyError;
    /// let err: ConfigError = Secret::from_text("").unwrap_err().into();
    /// assert_eq!(err, ConfigError::Key(KeyError::EmptySecret));
    /// ```
    #[error(transparent)]
    Key(#[from] KeyError),
    /// An SSRF guard's setting ([`guard::SettingsError`](crate::guard::SettingsError)).
    ///
    /// ```
    /// use hookwire::ConfigError;
    /// use hookwire::guard::{Guard, SettingsError};
    /// let err: ConfigError = Guard::builder().ports([0]).build().unwrap_err().into();
    /// assert_eq!(err, ConfigError::Guard(SettingsError::PortZero));
    /// ```
    #[error(transparent)]
    Guard(#[from] GuardSettingsError),
    /// A scheme setting ([`SchemeError`]).
    ///
    /// ```
    /// use hookwire::{ConfigError, Scheme};
    /// use hookwire::sign::SchemeError;
    /// let err: ConfigError = Scheme::smarter_launch_with_header("a b").unwrap_err().into();
    /// assert!(matches!(err, ConfigError::Scheme(SchemeError::InvalidHeaderName { .. })));
    /// ```
    #[error(transparent)]
    Scheme(#[from] SchemeError),
    /// An endpoint's URL, method or header ([`EndpointError`]).
    ///
    /// ```
    /// use hookwire::{ConfigError, Endpoint, EndpointError};
    /// let err: ConfigError = Endpoint::builder("ftp://e.com/").build().unwrap_err().into();
    /// assert!(matches!(err, ConfigError::Endpoint(EndpointError::UnsupportedUrlScheme { .. })));
    /// ```
    #[error(transparent)]
    Endpoint(#[from] EndpointError),
    /// A payload's content type or header ([`PayloadError`]).
    ///
    /// ```
    /// use hookwire::{ConfigError, Payload, PayloadError};
    /// let err: ConfigError = Payload::json("{}").with_header("Host", "x").unwrap_err().into();
    /// assert!(matches!(err, ConfigError::Payload(PayloadError::Header(_))));
    /// ```
    #[error(transparent)]
    Payload(#[from] PayloadError),
    /// A message id that cannot travel in a header ([`MessageIdError`]).
    ///
    /// ```
    /// use hookwire::{ConfigError, MessageId, MessageIdError};
    /// let err: ConfigError = MessageId::new("").unwrap_err().into();
    /// assert_eq!(err, ConfigError::MessageId(MessageIdError::Empty));
    /// ```
    #[error(transparent)]
    MessageId(#[from] MessageIdError),
    /// Basic-auth credentials that cannot be set up ([`BasicAuthError`]).
    ///
    /// ```
    /// use hookwire::{BasicAuth, ConfigError, auth::BasicAuthError};
    /// let err: ConfigError = BasicAuth::new("a:b", "pw").unwrap_err().into();
    /// assert_eq!(err, ConfigError::BasicAuth(BasicAuthError::ColonInUserName));
    /// ```
    #[error(transparent)]
    BasicAuth(#[from] BasicAuthError),
    /// A retry policy or schedule setting ([`PolicyError`]).
    ///
    /// ```
    /// use hookwire::ConfigError;
    /// use hookwire::retry::{PolicyError, RetryPolicy};
    /// let err: ConfigError = RetryPolicy::exponential().with_max_attempts(0).unwrap_err().into();
    /// assert_eq!(err, ConfigError::Retry(PolicyError::NoAttempts));
    /// ```
    #[error(transparent)]
    Retry(#[from] PolicyError),
    /// A receiver's limits, IP ranges, replay guard or handshake ([`SettingsError`]).
    ///
    /// ```
    /// use hookwire::ConfigError;
    /// use hookwire::receive::{RawBody, Receiver, SettingsError};
    /// let err: ConfigError = Receiver::builder(RawBody).allow_ip("10.0.0.0/33").build().unwrap_err().into();
    /// assert!(matches!(err, ConfigError::Receive(SettingsError::InvalidIpRange { .. })));
    /// ```
    #[error(transparent)]
    Receive(#[from] SettingsError),
    /// A CloudEvents attribute the spec does not allow ([`AttributeError`]).
    ///
    /// ```
    /// use hookwire::ConfigError;
    /// use hookwire::format::cloudevents::{AttributeError, CloudEvent};
    /// let err: ConfigError = CloudEvent::builder("1", "/s", "t").extension("trace_id", "x").build().unwrap_err().into();
    /// assert!(matches!(err, ConfigError::CloudEvents(AttributeError::InvalidName { .. })));
    /// ```
    #[error(transparent)]
    CloudEvents(#[from] AttributeError),
    /// A JSON template that cannot be built ([`TemplateError`]).
    ///
    /// ```
    /// use hookwire::ConfigError;
    /// use hookwire::format::json_template::{JsonTemplate, TemplateError};
    /// let err: ConfigError = JsonTemplate::new("[1]").unwrap_err().into();
    /// assert!(matches!(err, ConfigError::JsonTemplate(TemplateError::NotAnObject { .. })));
    /// ```
    #[error(transparent)]
    JsonTemplate(#[from] TemplateError),
    /// A vendor job configuration the vendor does not allow ([`PresetError`]).
    ///
    /// ```
    /// use hookwire::ConfigError;
    /// use hookwire::presets::PresetError;
    /// use hookwire::presets::smarter_launch::{Automation, AutomationError};
    /// let err: ConfigError = Automation::builder("t").build().unwrap_err().into();
    /// assert_eq!(err, ConfigError::Preset(PresetError::SmarterLaunchAutomation(AutomationError::NoUrls)));
    /// ```
    #[error(transparent)]
    Preset(#[from] PresetError),
    /// A dispatcher route's worker slots, batching, health or auth ([`RouteError`]).
    ///
    /// ```
    /// use hookwire::{ConfigError, Endpoint, delivery::Route};
    /// use hookwire::dispatch::{RouteConfig, RouteError};
    /// let route = Route::new(Endpoint::builder("https://e.com/").build()?);
    /// let err: ConfigError = RouteConfig::new(route).with_workers(0).unwrap_err().into();
    /// assert_eq!(err, ConfigError::Route(RouteError::NoWorkers));
    /// # Ok::<(), ConfigError>(())
    /// ```
    #[error(transparent)]
    Route(#[from] RouteError),
}

// Each preset's own error reaches a `ConfigError` through `PresetError`, so a host's `?`
// works on it directly.

impl From<StepError> for ConfigError {
    fn from(error: StepError) -> Self {
        ConfigError::Preset(error.into())
    }
}

impl From<TriggerFieldsError> for ConfigError {
    fn from(error: TriggerFieldsError) -> Self {
        ConfigError::Preset(error.into())
    }
}

impl From<AutomationError> for ConfigError {
    fn from(error: AutomationError) -> Self {
        ConfigError::Preset(error.into())
    }
}
