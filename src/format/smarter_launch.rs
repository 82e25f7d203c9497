//! Smarter Launch automation webhook bodies (seed 001): the event an automation posts when
//! "a particular trigger takes place within Smarter Launch".
//!
//! - [`AutomationEvent`]: the trigger event and its data, with unknown fields kept.
//! - [`parse`]: the inverse of [`AutomationEvent::render`].
//!
//! The automation itself, what triggers it and where it posts, is configuration, in
//! [`presets::smarter_launch`](crate::presets::smarter_launch).
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
//! use hookwire::format::smarter_launch::{self, AutomationEvent};
//!
//! let mut event = AutomationEvent::new(AutomationEvent::PROPOSAL_ACCEPTED);
//! event.data = serde_json::json!({"proposal_id": 42, "client": "Acme"});
//! let payload = event.render()?;
//! assert_eq!(
//!     payload.body().as_ref(),
//!     br#"{"event":"proposal.accepted","data":{"proposal_id":42,"client":"Acme"}}"#
//! );
//! assert_eq!(smarter_launch::parse(payload.body())?, event);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::format::{ParseError, RenderError};
use crate::payload::{APPLICATION_JSON, Payload};

/// The media type [`parse`] expects: `application/json`.
///
/// ```
/// assert_eq!(hookwire::format::smarter_launch::MEDIA_TYPE, "application/json");
/// ```
pub const MEDIA_TYPE: &str = APPLICATION_JSON;

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
