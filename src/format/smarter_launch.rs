//! Smarter Launch automation webhooks (seed 001): "Our automations allow for you to send a
//! webhook to one or more URLs when a particular trigger takes place within Smarter Launch."
//!
//! - [`Automation`]: a trigger and the one or more URLs it posts to, checked when built.
//! - [`AutomationEvent`]: the trigger event and its data, with unknown fields kept.
//! - [`parse`]: the inverse of [`AutomationEvent::render`].
//!
//! # Sign the bytes that are sent
//!
//! The seed's Node sample signs `JSON.stringify(payload)` and its Python sample signs
//! `json.dumps(payload)`; for the same object these are different bytes (`json.dumps` puts a
//! space after `:` and `,` and escapes non-ASCII), so they give different signatures. hookwire
//! renders once, compactly, in the `JSON.stringify` layout — numbers included: `100.0` is
//! written `100` and `-0.0` `0`, as JavaScript writes them, so even the Node sample's
//! re-serialization reproduces the bytes — and the [`Payload`]'s body is the exact byte
//! string to sign and to send. A receiver should still verify the raw body it received,
//! never a re-serialized object (`json.dumps` gives other bytes whatever the sender does).
//! [`parse`] reads whole-number floats as the integers they print as (the same numbers),
//! so render → parse → render gives the same bytes.
//!
//! ```
//! use hookwire::format::smarter_launch::{self, Automation, AutomationEvent};
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

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::format::{ParseError, RenderError};
use crate::{ConfigError, Endpoint, Payload};

/// The media type [`parse`] expects: `application/json`.
///
/// ```
/// assert_eq!(hookwire::format::smarter_launch::MEDIA_TYPE, "application/json");
/// ```
pub const MEDIA_TYPE: &str = crate::APPLICATION_JSON;

/// An automation whose action is "Send a Webhook": the trigger it runs on and the URLs it
/// posts to. Built with [`Automation::builder`]; it always has at least one URL, each an
/// `http` or `https` URL without credentials or fragment, none twice.
///
/// It serializes as its name, trigger and endpoints; deserializing checks it again.
///
/// ```
/// use hookwire::ConfigError;
/// use hookwire::format::smarter_launch::Automation;
///
/// let err = Automation::builder("proposal.accepted").build().unwrap_err();
/// assert!(matches!(err, ConfigError::InvalidSetting { setting: "automation URLs", .. }));
/// let err = Automation::builder("proposal.accepted").url("ftp://files.example.com/").build().unwrap_err();
/// assert!(matches!(err, ConfigError::UnsupportedUrlScheme { .. }));
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
/// let automation = hookwire::format::smarter_launch::Automation::builder("proposal.accepted")
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
    error: Option<ConfigError>,
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
    /// let b = hookwire::format::smarter_launch::Automation::builder("proposal.accepted");
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
    /// let a = hookwire::format::smarter_launch::Automation::builder("t").url("https://e.com/").build()?;
    /// assert_eq!(a.name(), None);
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// The trigger event's name.
    ///
    /// ```
    /// let a = hookwire::format::smarter_launch::Automation::builder("proposal.accepted").url("https://e.com/").build()?;
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
    /// let a = hookwire::format::smarter_launch::Automation::builder("t").url("https://e.com/a").build()?;
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
    /// use hookwire::format::smarter_launch::{Automation, AutomationEvent};
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
    /// let a = hookwire::format::smarter_launch::Automation::builder("t").name("n").url("https://e.com/").build()?;
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
    /// let err = hookwire::format::smarter_launch::Automation::builder("t").url("not a url").build();
    /// assert!(matches!(err, Err(hookwire::ConfigError::InvalidUrl { .. })));
    /// ```
    pub fn url(mut self, url: impl Into<String>) -> Self {
        match Endpoint::builder(url).build() {
            Ok(endpoint) => self.raw.endpoints.push(endpoint),
            Err(err) => {
                self.error.get_or_insert(err);
            }
        }
        self
    }

    /// Adds an endpoint built by hand (extra headers, Basic auth…).
    ///
    /// ```
    /// let endpoint = hookwire::Endpoint::builder("https://e.com/").header("X-Team", "sales").build()?;
    /// let a = hookwire::format::smarter_launch::Automation::builder("t").endpoint(endpoint).build()?;
    /// assert_eq!(a.endpoints()[0].headers()["x-team"], "sales");
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn endpoint(mut self, endpoint: Endpoint) -> Self {
        self.raw.endpoints.push(endpoint);
        self
    }

    /// Checks everything and builds the automation: an empty trigger, no URL at all or the
    /// same URL twice are [`ConfigError::InvalidSetting`]s; a bad URL is the
    /// [`Endpoint`] builder's error.
    ///
    /// ```
    /// let err = hookwire::format::smarter_launch::Automation::builder("t")
    ///     .url("https://e.com/a").url("https://e.com/a").build().unwrap_err();
    /// assert_eq!(err.to_string(), "invalid setting `automation URLs`: the same URL is listed twice");
    /// ```
    pub fn build(self) -> Result<Automation, ConfigError> {
        if let Some(err) = self.error {
            return Err(err);
        }
        Automation::try_from(self.raw)
    }
}

impl TryFrom<RawAutomation> for Automation {
    type Error = ConfigError;

    fn try_from(raw: RawAutomation) -> Result<Self, ConfigError> {
        if raw.trigger.trim().is_empty() {
            return Err(ConfigError::InvalidSetting {
                setting: "automation trigger",
                reason: "the trigger event name is empty",
            });
        }
        if raw.endpoints.is_empty() {
            return Err(ConfigError::InvalidSetting {
                setting: "automation URLs",
                reason: "an automation sends to at least one URL",
            });
        }
        for (index, endpoint) in raw.endpoints.iter().enumerate() {
            if raw.endpoints[..index]
                .iter()
                .any(|earlier| earlier.uri() == endpoint.uri())
            {
                return Err(ConfigError::InvalidSetting {
                    setting: "automation URLs",
                    reason: "the same URL is listed twice",
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

/// What an automation posts: the trigger event's name and its data, plus any other fields,
/// kept in order. The wire form is `{"event": …, "data": …, …}`; `data` is left out when
/// null.
///
/// ```
/// use hookwire::format::smarter_launch::AutomationEvent;
/// let mut event = AutomationEvent::new(AutomationEvent::PROPOSAL_ACCEPTED);
/// event.extra.insert("account_id".into(), 7.into());
/// assert_eq!(event.render()?.body().as_ref(), br#"{"event":"proposal.accepted","account_id":7}"#);
/// # Ok::<(), hookwire::format::RenderError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AutomationEvent {
    /// The trigger event's name.
    pub event: String,
    /// The event's data (the proposal, the order…), any JSON value.
    #[serde(default, skip_serializing_if = "Value::is_null")]
    pub data: Value,
    /// Fields hookwire does not model, kept in order.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl AutomationEvent {
    /// The trigger the seed names: "when a proposal is accepted within Smarter Launch".
    /// The seed gives no wire names; hookwire writes triggers as `object.verb`.
    ///
    /// ```
    /// assert_eq!(hookwire::format::smarter_launch::AutomationEvent::PROPOSAL_ACCEPTED, "proposal.accepted");
    /// ```
    pub const PROPOSAL_ACCEPTED: &'static str = "proposal.accepted";

    /// An event with no data.
    ///
    /// ```
    /// let e = hookwire::format::smarter_launch::AutomationEvent::new("proposal.accepted");
    /// assert!(e.data.is_null());
    /// ```
    pub fn new(event: impl Into<String>) -> Self {
        AutomationEvent {
            event: event.into(),
            data: Value::Null,
            extra: Map::new(),
        }
    }

    /// The body: compact JSON, rendered once; these exact bytes are signed and sent.
    ///
    /// ```
    /// let e = hookwire::format::smarter_launch::AutomationEvent::new("proposal.accepted");
    /// assert_eq!(e.render()?.body().as_ref(), br#"{"event":"proposal.accepted"}"#);
    /// # Ok::<(), hookwire::format::RenderError>(())
    /// ```
    pub fn render(&self) -> Result<Payload, RenderError> {
        if self.extra.contains_key("event") || self.extra.contains_key("data") {
            return Err(RenderError::InvalidValue {
                field: "extra".to_owned(),
                reason: "`event` and `data` are fields of their own, not extra fields".to_owned(),
            });
        }
        super::js_numbers::to_vec(self)
            .map(Payload::json)
            .map_err(|err| RenderError::InvalidValue {
                field: "event".to_owned(),
                reason: err.to_string(),
            })
    }
}

/// Reads an automation body ([`MEDIA_TYPE`]): a JSON object with a string `event`.
///
/// ```
/// use hookwire::format::{ParseError, smarter_launch::parse};
///
/// let event = parse(br#"{"event":"proposal.accepted","data":{"proposal_id":42},"sent_at":"2026-01-01T00:00:00Z"}"#)?;
/// assert_eq!(event.data["proposal_id"], 42);
/// assert_eq!(event.extra["sent_at"], "2026-01-01T00:00:00Z");
/// assert_eq!(parse(br#"{"data":{}}"#).unwrap_err(), ParseError::MissingField { field: "event".into() });
/// assert!(matches!(parse(br#"{"event":1}"#), Err(ParseError::WrongType { .. })));
/// # Ok::<(), ParseError>(())
/// ```
pub fn parse(body: &[u8]) -> Result<AutomationEvent, ParseError> {
    let value = crate::format::strict_json::from_slice(body)?;
    let Value::Object(mut object) = value else {
        return Err(ParseError::WrongType {
            field: "(body)".to_owned(),
            expected: "an object",
        });
    };
    let event = match object.shift_remove("event") {
        Some(Value::String(event)) => event,
        Some(_) => {
            return Err(ParseError::WrongType {
                field: "event".to_owned(),
                expected: "a string",
            });
        }
        None => {
            return Err(ParseError::MissingField {
                field: "event".to_owned(),
            });
        }
    };
    // Numbers are read as JavaScript reads them (`100.0` is the integer `100`), the way
    // `render` writes them, so a parsed event renders back to the same bytes.
    let data =
        super::js_numbers::as_javascript_reads(object.shift_remove("data").unwrap_or(Value::Null));
    let object = super::js_numbers::members_as_javascript_reads(object);
    Ok(AutomationEvent {
        event,
        data,
        extra: object,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

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
        assert_eq!(err, ConfigError::UrlHasCredentials);
        assert!(matches!(
            Automation::builder(" ").url("https://e.com/").build(),
            Err(ConfigError::InvalidSetting {
                setting: "automation trigger",
                ..
            })
        ));
    }

    #[test]
    fn extras_cannot_shadow_the_typed_fields() {
        let mut event = AutomationEvent::new("t");
        event.extra.insert("event".into(), json!("other"));
        assert!(event.render().is_err());
    }

    #[test]
    fn field_order_is_kept_on_the_way_back() {
        let body = br#"{"z":1,"event":"e","a":2,"data":[1]}"#;
        let event = parse(body).unwrap();
        assert_eq!(event.extra.keys().collect::<Vec<_>>(), ["z", "a"]);
        assert_eq!(event.data, json!([1]));
        assert!(matches!(parse(b"[]"), Err(ParseError::WrongType { .. })));
    }
}
