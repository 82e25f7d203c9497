//! [`CloudEvent`]: one event's context attributes, extensions and data.

use std::collections::BTreeMap;
use std::fmt;

use bytes::Bytes;
use serde_json::Value;

use super::attributes;
use crate::{ConfigError, Timestamp};

/// The only CloudEvents version hookwire reads and writes.
pub const SPEC_VERSION: &str = "1.0";

/// A CloudEvent (spec 1.0.2): the four required context attributes, the optional ones,
/// extension attributes and the data.
///
/// Built with [`CloudEvent::builder`], which checks every attribute against the spec, so a
/// built event always renders; the parsers apply the same checks to what they receive.
/// `time` keeps the exact text it was given or received (nanoseconds included), so an event
/// survives render → parse unchanged; [`CloudEvent::timestamp`] reads it as a [`Timestamp`].
///
/// ```
/// use hookwire::format::cloudevents::{CloudEvent, Data};
/// use hookwire::Timestamp;
///
/// let event = CloudEvent::builder("A234-1234-1234", "https://github.com/cloudevents", "com.github.pull_request.opened")
///     .time(Timestamp::from_unix_secs(1_522_949_460))
///     .data_json(serde_json::json!({"number": 42}))
///     .build()?;
/// assert_eq!(event.time(), Some("2018-04-05T17:31:00Z"));
/// assert_eq!(event.data(), Some(&Data::Json(serde_json::json!({"number": 42}))));
/// # Ok::<(), hookwire::ConfigError>(())
/// ```
///
/// With serde, an event reads and writes its JSON-format object (the structured-mode body),
/// checked the same way [`parse_structured`](super::parse_structured) checks it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CloudEvent {
    pub(super) id: String,
    pub(super) source: String,
    pub(super) ty: String,
    pub(super) datacontenttype: Option<String>,
    pub(super) dataschema: Option<String>,
    pub(super) subject: Option<String>,
    pub(super) time: Option<String>,
    pub(super) extensions: BTreeMap<String, ExtensionValue>,
    pub(super) data: Option<Data>,
}

/// An event's data: a JSON value (the JSON format's `data` member), or bytes (its
/// `data_base64` member, or a binary-mode body whose content type is not JSON).
///
/// ```
/// use hookwire::format::cloudevents::Data;
/// let data = Data::Binary(bytes::Bytes::from_static(b"\x00\x01"));
/// assert!(matches!(data, Data::Binary(ref b) if b.len() == 2));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Data {
    /// A JSON value, carried as is.
    Json(Value),
    /// Bytes, carried exactly (base64 in the JSON format).
    Binary(Bytes),
}

/// An extension attribute's value. The JSON format keeps the three types apart; HTTP binary
/// mode carries every value as text, so a binary-mode receiver sees each one as
/// [`ExtensionValue::String`].
///
/// ```
/// use hookwire::format::cloudevents::ExtensionValue;
/// assert_eq!(ExtensionValue::from(7).to_string(), "7");
/// assert_eq!(ExtensionValue::from(true).to_string(), "true");
/// assert_eq!(ExtensionValue::from("x").to_string(), "x");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExtensionValue {
    /// A string.
    String(String),
    /// A signed 32-bit integer (the spec's `Integer`).
    Integer(i32),
    /// `true` or `false`.
    Boolean(bool),
}

impl fmt::Display for ExtensionValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExtensionValue::String(text) => f.write_str(text),
            ExtensionValue::Integer(number) => write!(f, "{number}"),
            ExtensionValue::Boolean(flag) => write!(f, "{flag}"),
        }
    }
}

impl From<&str> for ExtensionValue {
    fn from(text: &str) -> Self {
        ExtensionValue::String(text.to_owned())
    }
}

impl From<String> for ExtensionValue {
    fn from(text: String) -> Self {
        ExtensionValue::String(text)
    }
}

impl From<i32> for ExtensionValue {
    fn from(number: i32) -> Self {
        ExtensionValue::Integer(number)
    }
}

impl From<bool> for ExtensionValue {
    fn from(flag: bool) -> Self {
        ExtensionValue::Boolean(flag)
    }
}

impl ExtensionValue {
    /// Reads a JSON member as an extension value: strings, booleans and integers within
    /// the signed 32-bit range. `Ok(None)` for `null`, which the spec reads as "unset".
    pub(super) fn from_json(value: &Value) -> Result<Option<Self>, &'static str> {
        match value {
            Value::Null => Ok(None),
            Value::String(text) => Ok(Some(ExtensionValue::String(text.clone()))),
            Value::Bool(flag) => Ok(Some(ExtensionValue::Boolean(*flag))),
            Value::Number(number) => number
                .as_i64()
                .and_then(|n| i32::try_from(n).ok())
                .map(|n| Some(ExtensionValue::Integer(n)))
                .ok_or("an integer extension must be a whole number in the signed 32-bit range"),
            Value::Array(_) | Value::Object(_) => {
                Err("an extension value must be a string, an integer or a boolean")
            }
        }
    }

    pub(super) fn to_json(&self) -> Value {
        match self {
            ExtensionValue::String(text) => Value::String(text.clone()),
            ExtensionValue::Integer(number) => Value::from(*number),
            ExtensionValue::Boolean(flag) => Value::Bool(*flag),
        }
    }
}

impl CloudEvent {
    /// Starts an event with its required attributes (`specversion` is always `1.0`).
    ///
    /// ```
    /// use hookwire::format::cloudevents::CloudEvent;
    /// let event = CloudEvent::builder("1", "/work/42", "com.example.tick").build()?;
    /// assert_eq!((event.id(), event.source(), event.ty()), ("1", "/work/42", "com.example.tick"));
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn builder(
        id: impl Into<String>,
        source: impl Into<String>,
        ty: impl Into<String>,
    ) -> CloudEventBuilder {
        CloudEventBuilder {
            event: CloudEvent {
                id: id.into(),
                source: source.into(),
                ty: ty.into(),
                datacontenttype: None,
                dataschema: None,
                subject: None,
                time: None,
                extensions: BTreeMap::new(),
                data: None,
            },
            error: None,
        }
    }

    /// `specversion`: always `1.0`.
    ///
    /// ```
    /// # let event = hookwire::format::cloudevents::CloudEvent::builder("1", "/s", "t").build()?;
    /// assert_eq!(event.specversion(), "1.0");
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn specversion(&self) -> &'static str {
        SPEC_VERSION
    }

    /// `id`: unique together with `source`.
    ///
    /// ```
    /// # let event = hookwire::format::cloudevents::CloudEvent::builder("1", "/s", "t").build()?;
    /// assert_eq!(event.id(), "1");
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn id(&self) -> &str {
        &self.id
    }

    /// `source`: a URI-reference naming where the event happened.
    ///
    /// ```
    /// # let event = hookwire::format::cloudevents::CloudEvent::builder("1", "/s", "t").build()?;
    /// assert_eq!(event.source(), "/s");
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn source(&self) -> &str {
        &self.source
    }

    /// `type` (`ty` because `type` is a Rust keyword).
    ///
    /// ```
    /// # let event = hookwire::format::cloudevents::CloudEvent::builder("1", "/s", "t").build()?;
    /// assert_eq!(event.ty(), "t");
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn ty(&self) -> &str {
        &self.ty
    }

    /// `datacontenttype`, exactly as given or received.
    ///
    /// ```
    /// use hookwire::format::cloudevents::CloudEvent;
    /// let event = CloudEvent::builder("1", "/s", "t").datacontenttype("text/plain").build()?;
    /// assert_eq!(event.datacontenttype(), Some("text/plain"));
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn datacontenttype(&self) -> Option<&str> {
        self.datacontenttype.as_deref()
    }

    /// `dataschema`: an absolute URI.
    ///
    /// ```
    /// use hookwire::format::cloudevents::CloudEvent;
    /// let event = CloudEvent::builder("1", "/s", "t").dataschema("https://example.com/v1").build()?;
    /// assert_eq!(event.dataschema(), Some("https://example.com/v1"));
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn dataschema(&self) -> Option<&str> {
        self.dataschema.as_deref()
    }

    /// `subject`.
    ///
    /// ```
    /// use hookwire::format::cloudevents::CloudEvent;
    /// let event = CloudEvent::builder("1", "/s", "t").subject("mynewfile.jpg").build()?;
    /// assert_eq!(event.subject(), Some("mynewfile.jpg"));
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn subject(&self) -> Option<&str> {
        self.subject.as_deref()
    }

    /// `time`, exactly as given or received (RFC 3339).
    ///
    /// ```
    /// use hookwire::format::cloudevents::CloudEvent;
    /// let event = CloudEvent::builder("1", "/s", "t").time_rfc3339("2023-05-10T23:27:53.568929003Z").build()?;
    /// assert_eq!(event.time(), Some("2023-05-10T23:27:53.568929003Z"));
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn time(&self) -> Option<&str> {
        self.time.as_deref()
    }

    /// `time` as a [`Timestamp`] (sub-millisecond digits dropped).
    ///
    /// ```
    /// use hookwire::format::cloudevents::CloudEvent;
    /// let event = CloudEvent::builder("1", "/s", "t").time_rfc3339("2023-05-10T23:27:53.568929003Z").build()?;
    /// assert_eq!(event.timestamp().unwrap().unix_millis(), 1_683_761_273_568);
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn timestamp(&self) -> Option<Timestamp> {
        // `time` was checked as RFC 3339 when it was set or parsed.
        self.time
            .as_deref()
            .and_then(|time| Timestamp::parse_rfc3339(time).ok())
    }

    /// The extension attributes, by name.
    ///
    /// ```
    /// use hookwire::format::cloudevents::{CloudEvent, ExtensionValue};
    /// let event = CloudEvent::builder("1", "/s", "t").extension("comexampleextension1", "value").build()?;
    /// assert_eq!(event.extension("comexampleextension1"), Some(&ExtensionValue::from("value")));
    /// assert_eq!(event.extensions().count(), 1);
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn extensions(&self) -> impl Iterator<Item = (&str, &ExtensionValue)> {
        self.extensions
            .iter()
            .map(|(name, value)| (name.as_str(), value))
    }

    /// One extension attribute.
    ///
    /// ```
    /// use hookwire::format::cloudevents::CloudEvent;
    /// let event = CloudEvent::builder("1", "/s", "t").build()?;
    /// assert_eq!(event.extension("traceparent"), None);
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn extension(&self, name: &str) -> Option<&ExtensionValue> {
        self.extensions.get(name)
    }

    /// The data, if the event has any.
    ///
    /// ```
    /// use hookwire::format::cloudevents::{CloudEvent, Data};
    /// let event = CloudEvent::builder("1", "/s", "t").data_binary(&b"\x89PNG"[..]).build()?;
    /// assert!(matches!(event.data(), Some(Data::Binary(bytes)) if bytes.as_ref() == b"\x89PNG"));
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn data(&self) -> Option<&Data> {
        self.data.as_ref()
    }

    /// Whether the data is to be read as JSON: the content type is JSON, or absent.
    pub(super) fn data_is_json(&self) -> bool {
        attributes::is_json_media_type(self.datacontenttype.as_deref())
    }
}

/// Builds a [`CloudEvent`], keeping the first invalid attribute for `build()`.
///
/// ```
/// use hookwire::ConfigError;
/// use hookwire::format::cloudevents::CloudEvent;
///
/// let err = CloudEvent::builder("1", "/s", "t").extension("Bad_Name", 1).build().unwrap_err();
/// assert!(matches!(err, ConfigError::InvalidAttribute { ref name, .. } if name == "Bad_Name"));
/// ```
#[derive(Debug, Clone)]
#[must_use = "call `build()` to get the CloudEvent"]
pub struct CloudEventBuilder {
    event: CloudEvent,
    error: Option<ConfigError>,
}

impl CloudEventBuilder {
    /// Sets `datacontenttype` (sent as `Content-Type` in binary mode).
    ///
    /// ```
    /// # use hookwire::format::cloudevents::CloudEvent;
    /// assert!(CloudEvent::builder("1", "/s", "t").datacontenttype("").build().is_err());
    /// ```
    pub fn datacontenttype(mut self, value: impl Into<String>) -> Self {
        self.event.datacontenttype = Some(value.into());
        self
    }

    /// Sets `dataschema` (an absolute URI).
    ///
    /// ```
    /// # use hookwire::format::cloudevents::CloudEvent;
    /// assert!(CloudEvent::builder("1", "/s", "t").dataschema("relative/path").build().is_err());
    /// ```
    pub fn dataschema(mut self, value: impl Into<String>) -> Self {
        self.event.dataschema = Some(value.into());
        self
    }

    /// Sets `subject`.
    ///
    /// ```
    /// # use hookwire::format::cloudevents::CloudEvent;
    /// assert!(CloudEvent::builder("1", "/s", "t").subject("").build().is_err());
    /// ```
    pub fn subject(mut self, value: impl Into<String>) -> Self {
        self.event.subject = Some(value.into());
        self
    }

    /// Sets `time` from a [`Timestamp`], formatted as RFC 3339 in UTC.
    ///
    /// ```
    /// # use hookwire::format::cloudevents::CloudEvent;
    /// let event = CloudEvent::builder("1", "/s", "t").time(hookwire::Timestamp::from_unix_millis(1_250)).build()?;
    /// assert_eq!(event.time(), Some("1970-01-01T00:00:01.250Z"));
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn time(mut self, time: Timestamp) -> Self {
        self.event.time = Some(time.to_rfc3339());
        self
    }

    /// Sets `time` from RFC 3339 text, kept exactly (nanoseconds, offsets).
    ///
    /// ```
    /// # use hookwire::format::cloudevents::CloudEvent;
    /// assert!(CloudEvent::builder("1", "/s", "t").time_rfc3339("2020-10-14T13:27:34.038154562-07:00").build().is_ok());
    /// assert!(CloudEvent::builder("1", "/s", "t").time_rfc3339("last tuesday").build().is_err());
    /// ```
    pub fn time_rfc3339(mut self, time: impl Into<String>) -> Self {
        self.event.time = Some(time.into());
        self
    }

    /// Sets an extension attribute (replacing one of the same name). Names must be
    /// lower-case letters and digits and not a context attribute's name.
    ///
    /// ```
    /// # use hookwire::format::cloudevents::CloudEvent;
    /// let event = CloudEvent::builder("1", "/s", "t").extension("partitionkey", "p1").extension("sampled", true).build()?;
    /// assert_eq!(event.extensions().count(), 2);
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn extension(mut self, name: impl Into<String>, value: impl Into<ExtensionValue>) -> Self {
        let name = name.into();
        if let Err(reason) = attributes::check_extension_name(&name) {
            self.fail(&name, reason);
        }
        self.event.extensions.insert(name, value.into());
        self
    }

    /// Sets JSON data (the `data` member). Without a `datacontenttype`, JSON is implied.
    ///
    /// ```
    /// # use hookwire::format::cloudevents::CloudEvent;
    /// let event = CloudEvent::builder("1", "/s", "t").data_json(serde_json::json!([1, 2])).build()?;
    /// assert!(event.data().is_some());
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn data_json(mut self, data: Value) -> Self {
        self.event.data = Some(Data::Json(data));
        self
    }

    /// Sets binary data (`data_base64` in the JSON format, the raw body in binary mode).
    ///
    /// ```
    /// # use hookwire::format::cloudevents::CloudEvent;
    /// let event = CloudEvent::builder("1", "/s", "t")
    ///     .datacontenttype("application/octet-stream")
    ///     .data_binary(vec![0u8, 255])
    ///     .build()?;
    /// assert!(event.data().is_some());
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn data_binary(mut self, data: impl Into<Bytes>) -> Self {
        self.event.data = Some(Data::Binary(data.into()));
        self
    }

    /// Sets the data, or clears it with `None`.
    ///
    /// ```
    /// # use hookwire::format::cloudevents::{CloudEvent, Data};
    /// let event = CloudEvent::builder("1", "/s", "t").data(None).build()?;
    /// assert_eq!(event.data(), None);
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn data(mut self, data: Option<Data>) -> Self {
        self.event.data = data;
        self
    }

    /// The event, or the first attribute the spec does not allow.
    ///
    /// ```
    /// # use hookwire::format::cloudevents::CloudEvent;
    /// let err = CloudEvent::builder("", "/s", "t").build().unwrap_err();
    /// assert_eq!(err.to_string(), "invalid attribute `id`: must be a non-empty string");
    /// ```
    pub fn build(mut self) -> Result<CloudEvent, ConfigError> {
        if let Some(error) = self.error.take() {
            return Err(error);
        }
        check_attributes(&self.event).map_err(|(name, reason)| ConfigError::InvalidAttribute {
            name: name.to_owned(),
            reason,
        })?;
        Ok(self.event)
    }

    fn fail(&mut self, name: &str, reason: &'static str) {
        if self.error.is_none() {
            self.error = Some(ConfigError::InvalidAttribute {
                name: name.to_owned(),
                reason,
            });
        }
    }
}

impl serde::Serialize for CloudEvent {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        super::structured::to_object(self).serialize(serializer)
    }
}

impl<'de> serde::Deserialize<'de> for CloudEvent {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        super::structured::from_value(value, "").map_err(serde::de::Error::custom)
    }
}

/// Checks every context attribute's value; the first fault names its attribute.
pub(super) fn check_attributes(event: &CloudEvent) -> Result<(), (&'static str, &'static str)> {
    let optional = |value: &Option<String>, check: fn(&str) -> Result<(), &'static str>| {
        value.as_deref().map_or(Ok(()), check)
    };
    attributes::check_non_empty(&event.id).map_err(|r| ("id", r))?;
    attributes::check_uri_reference(&event.source).map_err(|r| ("source", r))?;
    attributes::check_non_empty(&event.ty).map_err(|r| ("type", r))?;
    optional(&event.datacontenttype, attributes::check_content_type)
        .map_err(|r| ("datacontenttype", r))?;
    optional(&event.dataschema, attributes::check_absolute_uri).map_err(|r| ("dataschema", r))?;
    optional(&event.subject, attributes::check_non_empty).map_err(|r| ("subject", r))?;
    optional(&event.time, attributes::check_time).map_err(|r| ("time", r))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builder_reports_the_first_bad_attribute() {
        let err = CloudEvent::builder("1", "a b", "t").build().unwrap_err();
        assert!(
            matches!(err, ConfigError::InvalidAttribute { ref name, .. } if name == "source"),
            "{err}"
        );
        let err = CloudEvent::builder("1", "/s", "t")
            .extension("UPPER", 1)
            .extension("ok", 2)
            .subject("")
            .build()
            .unwrap_err();
        assert!(matches!(err, ConfigError::InvalidAttribute { ref name, .. } if name == "UPPER"));
        let err = CloudEvent::builder("1", "/s", "t")
            .time_rfc3339("x")
            .build()
            .unwrap_err();
        assert!(matches!(err, ConfigError::InvalidAttribute { ref name, .. } if name == "time"));
    }

    #[test]
    fn extension_values_from_json() {
        assert_eq!(ExtensionValue::from_json(&Value::Null), Ok(None));
        assert_eq!(
            ExtensionValue::from_json(&serde_json::json!(5)),
            Ok(Some(ExtensionValue::Integer(5)))
        );
        assert!(ExtensionValue::from_json(&serde_json::json!(1.5)).is_err());
        assert!(ExtensionValue::from_json(&serde_json::json!(3_000_000_000u64)).is_err());
        assert!(ExtensionValue::from_json(&serde_json::json!({})).is_err());
        assert_eq!(ExtensionValue::Integer(-3).to_json(), serde_json::json!(-3));
    }

    #[test]
    fn serde_uses_the_json_format() {
        let event = CloudEvent::builder("1", "/s", "t")
            .extension("n", 1)
            .data_binary(vec![1u8])
            .build()
            .unwrap();
        let text = serde_json::to_string(&event).unwrap();
        assert_eq!(
            text,
            r#"{"specversion":"1.0","id":"1","source":"/s","type":"t","n":1,"data_base64":"AQ=="}"#
        );
        assert_eq!(serde_json::from_str::<CloudEvent>(&text).unwrap(), event);
        let err = serde_json::from_str::<CloudEvent>(r#"{"specversion":"1.0"}"#).unwrap_err();
        assert!(err.to_string().contains("missing field `id`"), "{err}");
    }

    #[test]
    fn timestamp_reads_time() {
        let event = CloudEvent::builder("1", "/s", "t")
            .time(Timestamp::from_unix_secs(10))
            .build()
            .unwrap();
        assert_eq!(event.timestamp(), Some(Timestamp::from_unix_secs(10)));
        assert!(
            !CloudEvent::builder("1", "/s", "t")
                .datacontenttype("text/plain")
                .build()
                .unwrap()
                .data_is_json()
        );
    }
}
