//! [`Automation`]: an automation whose action is "Send a Webhook", and its builder.

use serde::{Deserialize, Serialize};

use super::error::AutomationError;
use crate::endpoint::Endpoint;
use crate::format::RenderError;
use crate::format::smarter_launch::AutomationEvent;
use crate::payload::Payload;

/// An automation whose action is "Send a Webhook": the trigger it runs on and the URLs it
/// posts to. Built with [`Automation::builder`]; it always has at least one URL, each an
/// `http` or `https` URL without credentials or fragment, none twice.
///
/// It serializes as its name, trigger and endpoints; deserializing checks it again.
///
/// ```
/// use hookwire::EndpointError;
/// use hookwire::presets::smarter_launch::{Automation, AutomationError};
///
/// let err = Automation::builder("proposal.accepted").build().unwrap_err();
/// assert_eq!(err, AutomationError::NoUrls);
/// let err = Automation::builder("proposal.accepted").url("ftp://files.example.com/").build().unwrap_err();
/// assert!(matches!(err, AutomationError::Endpoint(EndpointError::UnsupportedUrlScheme { .. })));
/// ```
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(try_from = "RawAutomation", into = "RawAutomation")]
pub struct Automation {
    name: Option<String>,
    trigger: String,
    endpoints: Vec<Endpoint>,
}

/// Builds an [`Automation`], keeping the first error for `build()`.
///
/// ```
/// let automation = hookwire::presets::smarter_launch::Automation::builder("proposal.accepted")
///     .name("Tell the sales system")
///     .url("http://sales.internal.example.com/in")
///     .build()?;
/// assert_eq!(automation.name(), Some("Tell the sales system"));
/// # Ok::<(), hookwire::ConfigError>(())
/// ```
#[derive(Debug)]
#[must_use = "call `build()` to get the Automation"]
pub struct AutomationBuilder {
    raw: RawAutomation,
    error: Option<AutomationError>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct RawAutomation {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    trigger: String,
    endpoints: Vec<Endpoint>,
}

impl Automation {
    /// Starts an automation that runs on `trigger` (an event name such as
    /// [`AutomationEvent::PROPOSAL_ACCEPTED`]).
    ///
    /// ```
    /// let b = hookwire::presets::smarter_launch::Automation::builder("proposal.accepted");
    /// assert!(b.build().is_err()); // no URL yet
    /// ```
    pub fn builder(trigger: impl Into<String>) -> AutomationBuilder {
        AutomationBuilder {
            raw: RawAutomation {
                name: None,
                trigger: trigger.into(),
                endpoints: Vec::new(),
            },
            error: None,
        }
    }

    /// The automation's name, if it has one.
    ///
    /// ```
    /// let a = hookwire::presets::smarter_launch::Automation::builder("t").url("https://e.com/").build()?;
    /// assert_eq!(a.name(), None);
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// The trigger event's name.
    ///
    /// ```
    /// let a = hookwire::presets::smarter_launch::Automation::builder("proposal.accepted").url("https://e.com/").build()?;
    /// assert_eq!(a.trigger(), "proposal.accepted");
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn trigger(&self) -> &str {
        &self.trigger
    }

    /// The endpoints, in the order they were added: never empty. Each gets its own delivery
    /// of the same payload.
    ///
    /// ```
    /// let a = hookwire::presets::smarter_launch::Automation::builder("t").url("https://e.com/a").build()?;
    /// assert_eq!(a.endpoints()[0].uri(), "https://e.com/a");
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn endpoints(&self) -> &[Endpoint] {
        &self.endpoints
    }

    /// Renders `event` for every endpoint. Fails if the event is not this automation's
    /// trigger, so an automation never posts an event it was not set up for.
    ///
    /// ```
    /// use hookwire::format::smarter_launch::AutomationEvent;
    /// use hookwire::presets::smarter_launch::Automation;
    /// let a = Automation::builder("proposal.accepted").url("https://e.com/").build()?;
    /// assert!(a.render(&AutomationEvent::new("proposal.viewed")).is_err());
    /// assert!(a.render(&AutomationEvent::new("proposal.accepted")).is_ok());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn render(&self, event: &AutomationEvent) -> Result<Payload, RenderError> {
        if event.event != self.trigger {
            return Err(RenderError::InvalidValue {
                field: "event".to_owned(),
                reason: format!(
                    "`{}` is not this automation's trigger `{}`",
                    event.event, self.trigger
                ),
            });
        }
        event.render()
    }
}

impl AutomationBuilder {
    /// Names the automation.
    ///
    /// ```
    /// let a = hookwire::presets::smarter_launch::Automation::builder("t").name("n").url("https://e.com/").build()?;
    /// assert_eq!(a.name(), Some("n"));
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.raw.name = Some(name.into());
        self
    }

    /// Adds a URL the webhook is sent to (`http` or `https`).
    ///
    /// ```
    /// let err = hookwire::presets::smarter_launch::Automation::builder("t").url("not a url").build();
    /// use hookwire::{EndpointError, presets::smarter_launch::AutomationError};
    /// assert!(matches!(err, Err(AutomationError::Endpoint(EndpointError::InvalidUrl { .. }))));
    /// ```
    pub fn url(mut self, url: impl Into<String>) -> Self {
        match Endpoint::builder(url).build() {
            Ok(endpoint) => self.raw.endpoints.push(endpoint),
            Err(err) => {
                self.error.get_or_insert(AutomationError::Endpoint(err));
            }
        }
        self
    }

    /// Adds an endpoint built by hand (extra headers, Basic auth…).
    ///
    /// ```
    /// let endpoint = hookwire::Endpoint::builder("https://e.com/").header("X-Team", "sales").build()?;
    /// let a = hookwire::presets::smarter_launch::Automation::builder("t").endpoint(endpoint).build()?;
    /// assert_eq!(a.endpoints()[0].headers()["x-team"], "sales");
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn endpoint(mut self, endpoint: Endpoint) -> Self {
        self.raw.endpoints.push(endpoint);
        self
    }

    /// Checks everything and builds the automation: an empty trigger, no URL at all or the
    /// same URL twice are [`AutomationError`]s; a bad URL is the [`Endpoint`] builder's error,
    /// in [`AutomationError::Endpoint`].
    ///
    /// ```
    /// let err = hookwire::presets::smarter_launch::Automation::builder("t")
    ///     .url("https://e.com/a").url("https://e.com/a").build().unwrap_err();
    /// assert_eq!(
    ///     err.to_string(),
    ///     "invalid setting `automation URLs`: the same URL is listed twice (https://e.com/a)"
    /// );
    /// ```
    pub fn build(self) -> Result<Automation, AutomationError> {
        if let Some(err) = self.error {
            return Err(err);
        }
        Automation::try_from(self.raw)
    }
}

impl TryFrom<RawAutomation> for Automation {
    type Error = AutomationError;

    fn try_from(raw: RawAutomation) -> Result<Self, AutomationError> {
        if raw.trigger.trim().is_empty() {
            return Err(AutomationError::EmptyTrigger);
        }
        if raw.endpoints.is_empty() {
            return Err(AutomationError::NoUrls);
        }
        for (index, endpoint) in raw.endpoints.iter().enumerate() {
            if raw.endpoints[..index]
                .iter()
                .any(|earlier| earlier.uri() == endpoint.uri())
            {
                return Err(AutomationError::DuplicateUrl {
                    url: endpoint.uri().to_string(),
                });
            }
        }
        Ok(Automation {
            name: raw.name,
            trigger: raw.trigger,
            endpoints: raw.endpoints,
        })
    }
}

impl From<Automation> for RawAutomation {
    fn from(automation: Automation) -> Self {
        RawAutomation {
            name: automation.name,
            trigger: automation.trigger,
            endpoints: automation.endpoints,
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::endpoint::EndpointError;

    #[test]
    fn automations_serialize_and_check_again() {
        let automation = Automation::builder("proposal.accepted")
            .url("https://a.example.com/in")
            .url("http://b.example.com/in")
            .build()
            .unwrap();
        let json = serde_json::to_value(&automation).unwrap();
        let back: Automation = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(back.endpoints().len(), 2);
        let mut empty = json;
        empty["endpoints"] = json!([]);
        assert!(serde_json::from_value::<Automation>(empty).is_err());
    }

    #[test]
    fn the_first_bad_url_is_reported() {
        let err = Automation::builder("t")
            .url("https://user:pw@e.com/")
            .url("ftp://e.com/")
            .build()
            .unwrap_err();
        assert_eq!(
            err,
            AutomationError::Endpoint(EndpointError::UrlHasCredentials)
        );
        assert!(matches!(
            Automation::builder(" ").url("https://e.com/").build(),
            Err(AutomationError::EmptyTrigger)
        ));
    }
}
