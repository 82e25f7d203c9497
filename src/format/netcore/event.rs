//! [`Event`]: one activity of one contact, as a Netcore webhook reports it.

use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use super::params::{entry, shadow_error};
use super::scalar::{Shape, shadowed, take_object, take_string};
use super::{Activity, Channel, EventParams, PayloadParams, Spelled};
use crate::format::RenderError;

/// One event of a [`Batch`](super::Batch): a contact's activity on a channel, with the
/// parameters and attributes the journey chose to send.
///
/// Every field is optional (the seeds' samples each leave some out) and every unknown field
/// is kept in [`extra`](Self::extra), in order. A typed field is `None` when its key is absent
/// *or* holds a value of another JSON type (`null`, a number where text was expected); that
/// value stays in `extra` under its own name, so nothing is lost and decoding never fails on
/// a field. On the wire the typed fields come first, in the order below, then `extra`.
///
/// ```
/// use hookwire::format::netcore::{Activity, Channel, Event, Spelled};
///
/// let mut event = Event::default();
/// event.channel = Some(Spelled::new(Channel::Email));
/// event.event = Some(Spelled::new(Activity::Open));
/// event.msgid = Some("546".into());
/// assert_eq!(
///     serde_json::to_string(&event)?,
///     r#"{"channel":"email","event":"open","msgid":"546"}"#
/// );
///
/// let back: Event = serde_json::from_str(r#"{"channel":"WhatsApp","event":"Clicked","x":null}"#)?;
/// assert_eq!(back.channel.as_ref().map(Spelled::kind), Some(&Channel::WhatsApp));
/// assert_eq!(back.event.as_ref().map(Spelled::as_str), Some("Clicked"));
/// assert!(back.extra["x"].is_null());
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct Event {
    /// `channel`: `email`, `sms`, `apn`, `bpn`, `whatsapp`, `rcs`, `custom_activity`…
    /// Smartech's samples put it in `custom_params` instead; [`Event::any_channel`] reads both.
    pub channel: Option<Spelled<Channel>>,
    /// `event`: the activity (`delivered`, `open`, `click`…). Absent for `custom_activity`.
    pub event: Option<Spelled<Activity>>,
    /// `custom_params`: the parameters the journey's webhook node adds.
    pub custom_params: Option<Map<String, Value>>,
    /// `att_params`: the contact's attributes the journey selected (`EMAIL`, `MOBILE`…).
    pub att_params: Option<Map<String, Value>>,
    /// `udt_params`: user-defined table attributes.
    pub udt_params: Option<Map<String, Value>>,
    /// `msgid`: the message's id on the panel.
    pub msgid: Option<String>,
    /// `webhook_name`: the webhook's label on the panel.
    pub webhook_name: Option<String>,
    /// `payload_params`: a web activity's payload (`custom_activity`).
    pub payload_params: Option<PayloadParams>,
    /// `event_params`: when, where and to whom it happened.
    pub event_params: Option<EventParams>,
    /// `journey_name`: the journey that sent the webhook.
    pub journey_name: Option<String>,
    /// Every other field, in the order received.
    pub extra: Map<String, Value>,
}

impl Event {
    /// The channel: `channel`, or else a string `channel` inside `custom_params` (where
    /// Smartech's samples put it).
    ///
    /// ```
    /// use hookwire::format::netcore::{Channel, Event};
    /// let event: Event =
    ///     serde_json::from_str(r#"{"webhook_name":"APN_CLICK","custom_params":{"channel":"APN"}}"#)?;
    /// assert_eq!(event.channel, None);
    /// assert_eq!(event.any_channel().unwrap().kind(), &Channel::Apn);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn any_channel(&self) -> Option<Spelled<Channel>> {
        if let Some(channel) = &self.channel {
            return Some(channel.clone());
        }
        self.custom_params
            .as_ref()?
            .get("channel")?
            .as_str()
            .map(Spelled::parse)
    }

    pub(super) fn from_map(mut map: Map<String, Value>) -> Self {
        Event {
            channel: take_string(&mut map, "channel").map(Spelled::parse),
            event: take_string(&mut map, "event").map(Spelled::parse),
            custom_params: take_object(&mut map, "custom_params"),
            att_params: take_object(&mut map, "att_params"),
            udt_params: take_object(&mut map, "udt_params"),
            msgid: take_string(&mut map, "msgid"),
            webhook_name: take_string(&mut map, "webhook_name"),
            payload_params: take_object(&mut map, "payload_params").map(PayloadParams::from_map),
            event_params: take_object(&mut map, "event_params").map(EventParams::from_map),
            journey_name: take_string(&mut map, "journey_name"),
            extra: map,
        }
    }

    /// Checks that this event renders to JSON that parses back to it; `index` names it.
    pub(super) fn check(&self, index: usize) -> Result<(), RenderError> {
        let path = || format!("events[{index}]");
        let fields = [
            ("channel", Shape::String, self.channel.is_some()),
            ("event", Shape::String, self.event.is_some()),
            ("custom_params", Shape::Object, self.custom_params.is_some()),
            ("att_params", Shape::Object, self.att_params.is_some()),
            ("udt_params", Shape::Object, self.udt_params.is_some()),
            ("msgid", Shape::String, self.msgid.is_some()),
            ("webhook_name", Shape::String, self.webhook_name.is_some()),
            (
                "payload_params",
                Shape::Object,
                self.payload_params.is_some(),
            ),
            ("event_params", Shape::Object, self.event_params.is_some()),
            ("journey_name", Shape::String, self.journey_name.is_some()),
        ];
        if let Some(name) = shadowed(&self.extra, &fields) {
            return Err(shadow_error(path(), name));
        }
        if let Some(params) = &self.event_params {
            params.check(&path)?;
        }
        if let Some(params) = &self.payload_params {
            params.check(&path)?;
        }
        Ok(())
    }
}

impl Serialize for Event {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        entry(&mut map, "channel", &self.channel)?;
        entry(&mut map, "event", &self.event)?;
        entry(&mut map, "custom_params", &self.custom_params)?;
        entry(&mut map, "att_params", &self.att_params)?;
        entry(&mut map, "udt_params", &self.udt_params)?;
        entry(&mut map, "msgid", &self.msgid)?;
        entry(&mut map, "webhook_name", &self.webhook_name)?;
        entry(&mut map, "payload_params", &self.payload_params)?;
        entry(&mut map, "event_params", &self.event_params)?;
        entry(&mut map, "journey_name", &self.journey_name)?;
        for (key, value) in &self.extra {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Event {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Map::deserialize(deserializer).map(Event::from_map)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn nulls_and_odd_types_are_kept_in_extra() {
        let event: Event = serde_json::from_value(json!({
            "channel": null, "msgid": 546, "custom_params": [], "event_params": {"ts": null},
        }))
        .unwrap();
        assert_eq!(event.channel, None);
        assert_eq!(event.msgid, None);
        assert_eq!(event.custom_params, None);
        assert_eq!(event.extra["msgid"], 546);
        assert_eq!(
            event.event_params.as_ref().unwrap().extra["ts"],
            Value::Null
        );
        assert!(event.check(0).is_ok());
        let again: Event = serde_json::from_str(&serde_json::to_string(&event).unwrap()).unwrap();
        assert_eq!(again, event);
    }

    #[test]
    fn an_extra_that_would_become_typed_is_refused_with_its_path() {
        let mut event = Event::default();
        event.extra.insert("msgid".into(), json!("7"));
        let err = event.check(3).unwrap_err();
        assert!(err.to_string().contains("events[3].extra.msgid"), "{err}");

        let mut event = Event::default();
        let mut params = EventParams::default();
        params.extra.insert("foreignkey".into(), json!("a@b.c"));
        event.event_params = Some(params);
        let err = event.check(1).unwrap_err();
        assert!(
            err.to_string()
                .contains("events[1].event_params.extra.foreignkey"),
            "{err}"
        );
    }

    #[test]
    fn smartech_channel_is_read_from_custom_params() {
        let mut event = Event::default();
        assert_eq!(event.any_channel(), None);
        event.custom_params = Some(json!({"channel": "sms"}).as_object().unwrap().clone());
        assert_eq!(event.any_channel(), Some(Spelled::new(Channel::Sms)));
        event.channel = Some(Spelled::parse("Email"));
        assert_eq!(event.any_channel().unwrap().as_str(), "Email");
    }
}
