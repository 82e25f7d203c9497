//! [`AutomationError`]: an automation that cannot be set up as described.

use crate::endpoint::EndpointError;

/// Why an [`Automation`](super::Automation) cannot be built (or loaded): its trigger or its
/// list of URLs, or one URL's own [`EndpointError`].
///
/// ```
/// use hookwire::presets::smarter_launch::{Automation, AutomationError};
///
/// let err = Automation::builder("proposal.accepted").build().unwrap_err();
/// assert_eq!(err, AutomationError::NoUrls);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AutomationError {
    /// The trigger event's name is empty (or only spaces).
    ///
    /// ```
    /// # use hookwire::presets::smarter_launch::{Automation, AutomationError};
    /// let err = Automation::builder(" ").url("https://e.com/").build().unwrap_err();
    /// assert_eq!(err, AutomationError::EmptyTrigger);
    /// ```
    #[error("invalid setting `automation trigger`: the trigger event name is empty")]
    EmptyTrigger,
    /// No URL: "send a webhook to one or more URLs".
    ///
    /// ```
    /// # use hookwire::presets::smarter_launch::{Automation, AutomationError};
    /// assert_eq!(Automation::builder("t").build().unwrap_err(), AutomationError::NoUrls);
    /// ```
    #[error("invalid setting `automation URLs`: an automation sends to at least one URL")]
    NoUrls,
    /// The same URL twice, which would deliver every event to it twice.
    ///
    /// ```
    /// # use hookwire::presets::smarter_launch::{Automation, AutomationError};
    /// let err = Automation::builder("t").url("https://e.com/a").url("https://e.com/a").build().unwrap_err();
    /// assert_eq!(err, AutomationError::DuplicateUrl { url: "https://e.com/a".into() });
    /// ```
    #[error("invalid setting `automation URLs`: the same URL is listed twice ({url})")]
    DuplicateUrl {
        /// The URL listed twice.
        url: String,
    },
    /// A URL the [`Endpoint`](crate::Endpoint) builder refused (the first one, if several).
    ///
    /// ```
    /// use hookwire::EndpointError;
    /// # use hookwire::presets::smarter_launch::{Automation, AutomationError};
    /// let err = Automation::builder("t").url("https://u:pw@e.com/").build().unwrap_err();
    /// assert_eq!(err, AutomationError::Endpoint(EndpointError::UrlHasCredentials));
    /// ```
    #[error(transparent)]
    Endpoint(#[from] EndpointError),
}
