//! [`EventParams`] and [`PayloadParams`]: the two parameter objects of an event whose
//! fields the seeds name.

use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use super::NumberOrString;
use super::scalar::{Shape, shadowed, take_number_or_string, take_string};
use crate::format::RenderError;

/// `event_params`: when and where the activity happened, and to whom.
///
/// The fields named here are the ones both seeds send; everything else (`subject`,
/// `camp_name`, `linkid`, `token`, `activity_id`…) is kept in [`extra`](Self::extra), in
/// order. A typed field is `None` when the key is absent *or* holds a value of another JSON
/// type (`"ip_addr": null`); such a value stays in `extra` under its own name.
///
/// ```
/// use hookwire::format::netcore::EventParams;
///
/// let params: EventParams = serde_json::from_str(
///     r#"{"ts":221201181246,"timestamp":"2022-12-01T18:12:46","name":null}"#,
/// )?;
/// assert_eq!(params.ts.as_ref().and_then(|ts| ts.as_u64()), Some(221201181246));
/// assert_eq!(params.timestamp.as_deref(), Some("2022-12-01T18:12:46"));
/// assert_eq!(params.extra["name"], serde_json::Value::Null);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct EventParams {
    /// `ip_addr`: the contact's IP address (opens, clicks, pushes).
    pub ip_addr: Option<String>,
    /// `foreignkey`: the contact's primary key on the panel (an email, a mobile number…).
    pub foreignkey: Option<String>,
    /// `timestamp`: the activity's local time, `YYYY-MM-DDThh:mm:ss` without a zone.
    pub timestamp: Option<String>,
    /// `ts`: the same time as `YYMMDDhhmmss`, sent as a number or as a string.
    pub ts: Option<NumberOrString>,
    /// `user_agent`: the contact's browser or mail client. The email sample of seed 002
    /// spells it `useragent` (kept in `extra`); [`EventParams::any_user_agent`] reads both.
    pub user_agent: Option<String>,
    /// Every other field, in the order received.
    pub extra: Map<String, Value>,
}

impl EventParams {
    /// `user_agent`, or else a string `useragent` from [`extra`](Self::extra).
    ///
    /// ```
    /// use hookwire::format::netcore::EventParams;
    /// let params: EventParams = serde_json::from_str(r#"{"useragent":"Thunderbird/45"}"#)?;
    /// assert_eq!(params.user_agent, None);
    /// assert_eq!(params.any_user_agent(), Some("Thunderbird/45"));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn any_user_agent(&self) -> Option<&str> {
        self.user_agent
            .as_deref()
            .or_else(|| self.extra.get("useragent").and_then(Value::as_str))
    }

    pub(super) fn from_map(mut map: Map<String, Value>) -> Self {
        EventParams {
            ip_addr: take_string(&mut map, "ip_addr"),
            foreignkey: take_string(&mut map, "foreignkey"),
            timestamp: take_string(&mut map, "timestamp"),
            ts: take_number_or_string(&mut map, "ts"),
            user_agent: take_string(&mut map, "user_agent"),
            extra: map,
        }
    }

    pub(super) fn check(&self, path: &dyn Fn() -> String) -> Result<(), RenderError> {
        let fields = [
            ("ip_addr", Shape::String, self.ip_addr.is_some()),
            ("foreignkey", Shape::String, self.foreignkey.is_some()),
            ("timestamp", Shape::String, self.timestamp.is_some()),
            ("ts", Shape::NumberOrString, self.ts.is_some()),
            ("user_agent", Shape::String, self.user_agent.is_some()),
        ];
        match shadowed(&self.extra, &fields) {
            None => Ok(()),
            Some(name) => Err(shadow_error(format!("{}.event_params", path()), name)),
        }
    }
}

impl Serialize for EventParams {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        entry(&mut map, "ip_addr", &self.ip_addr)?;
        entry(&mut map, "foreignkey", &self.foreignkey)?;
        entry(&mut map, "timestamp", &self.timestamp)?;
        entry(&mut map, "ts", &self.ts)?;
        entry(&mut map, "user_agent", &self.user_agent)?;
        for (key, value) in &self.extra {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for EventParams {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Map::deserialize(deserializer).map(EventParams::from_map)
    }
}

/// `payload_params` of a `custom_activity` event: the activity's payload, whose `items`
/// (products searched, bought…) are objects with the panel's own fields.
///
/// `items` is `Some` only when it is an array of objects; anything else stays in
/// [`extra`](Self::extra) under `items`.
///
/// ```
/// use hookwire::format::netcore::PayloadParams;
///
/// let params: PayloadParams =
///     serde_json::from_str(r#"{"items":[{"prid_s":157,"price_s":9990.91}],"query":"tea"}"#)?;
/// let items = params.items.as_ref().unwrap();
/// assert_eq!(items[0]["prid_s"], 157);
/// assert_eq!(params.extra["query"], "tea");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct PayloadParams {
    /// `items`: one object per item.
    pub items: Option<Vec<Map<String, Value>>>,
    /// Every other field, in the order received.
    pub extra: Map<String, Value>,
}

impl PayloadParams {
    pub(super) fn from_map(mut map: Map<String, Value>) -> Self {
        PayloadParams {
            items: take_items(&mut map),
            extra: map,
        }
    }

    pub(super) fn check(&self, path: &dyn Fn() -> String) -> Result<(), RenderError> {
        match self.extra.get("items") {
            Some(value) if self.items.is_some() || items_shape(value) => {
                Err(shadow_error(format!("{}.payload_params", path()), "items"))
            }
            _ => Ok(()),
        }
    }
}

fn items_shape(value: &Value) -> bool {
    value
        .as_array()
        .is_some_and(|items| items.iter().all(Value::is_object))
}

fn take_items(map: &mut Map<String, Value>) -> Option<Vec<Map<String, Value>>> {
    if !map.get("items").is_some_and(items_shape) {
        return None;
    }
    let Some(Value::Array(items)) = map.shift_remove("items") else {
        return None;
    };
    Some(
        items
            .into_iter()
            .filter_map(|item| match item {
                Value::Object(object) => Some(object),
                // `items_shape` checked that every item is an object.
                _ => None,
            })
            .collect(),
    )
}

impl Serialize for PayloadParams {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        entry(&mut map, "items", &self.items)?;
        for (key, value) in &self.extra {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for PayloadParams {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Map::deserialize(deserializer).map(PayloadParams::from_map)
    }
}

/// Writes `key: value` when the typed field is set; an unset field is absent on the wire.
pub(super) fn entry<M: SerializeMap, T: Serialize>(
    map: &mut M,
    key: &str,
    value: &Option<T>,
) -> Result<(), M::Error> {
    match value {
        Some(value) => map.serialize_entry(key, value),
        None => Ok(()),
    }
}

/// `object.extra` holds `field` in a way that would not parse back to the same data.
pub(super) fn shadow_error(object: String, field: &str) -> RenderError {
    RenderError::InvalidValue {
        field: format!("{object}.extra.{field}"),
        reason: format!(
            "`{field}` is a typed field: set it there, not in `extra` \
             (extra may hold it only with a value of another JSON type, such as null)"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn typed_fields_come_first_and_extras_keep_their_order() {
        let text = r#"{"z":1,"ts":"240704122501","url":null,"ip_addr":"1.2.3.4","a":2}"#;
        let params: EventParams = serde_json::from_str(text).unwrap();
        assert_eq!(params.ts, Some(NumberOrString::from("240704122501")));
        assert_eq!(
            serde_json::to_string(&params).unwrap(),
            r#"{"ip_addr":"1.2.3.4","ts":"240704122501","z":1,"url":null,"a":2}"#
        );
    }

    #[test]
    fn items_that_are_not_all_objects_stay_in_extra() {
        let params: PayloadParams = serde_json::from_str(r#"{"items":[{},1]}"#).unwrap();
        assert_eq!(params.items, None);
        assert_eq!(params.extra["items"], json!([{}, 1]));
        assert!(params.check(&|| "events[0]".into()).is_ok());

        let mut bad = PayloadParams::default();
        bad.extra.insert("items".into(), json!([]));
        let err = bad.check(&|| "events[0]".into()).unwrap_err();
        assert!(
            err.to_string()
                .contains("events[0].payload_params.extra.items"),
            "{err}"
        );
    }

    #[test]
    fn a_typed_field_set_twice_is_refused() {
        let mut params = EventParams {
            ts: Some(1u64.into()),
            ..EventParams::default()
        };
        params.extra.insert("ts".into(), Value::Null);
        let err = params.check(&|| "events[2]".into()).unwrap_err();
        assert!(matches!(
            err,
            RenderError::InvalidValue { ref field, .. } if field == "events[2].event_params.extra.ts"
        ));
        params.ts = None;
        assert!(params.check(&|| "events[2]".into()).is_ok());
    }
}
