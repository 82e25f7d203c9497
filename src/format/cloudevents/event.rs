//! [`CloudEvent`]: one event's context attributes, extensions and data.

use std::collections::BTreeMap;

use serde_json::Value;

use super::attributes;
use super::builder::CloudEventBuilder;
use super::value::{Data, ExtensionValue};
use crate::time::Timestamp;

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
        CloudEventBuilder::new(CloudEvent::with_required(
            id.into(),
            source.into(),
            ty.into(),
        ))
    }

    /// An event with only the required attributes, before any check.
    pub(super) fn with_required(id: String, source: String, ty: String) -> Self {
        CloudEvent {
            id,
            source,
            ty,
            datacontenttype: None,
            dataschema: None,
            subject: None,
            time: None,
            extensions: BTreeMap::new(),
            data: None,
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
    attributes::check_non_empty_string(&event.id).map_err(|r| ("id", r))?;
    attributes::check_uri_reference(&event.source).map_err(|r| ("source", r))?;
    attributes::check_non_empty_string(&event.ty).map_err(|r| ("type", r))?;
    optional(&event.datacontenttype, attributes::check_content_type)
        .map_err(|r| ("datacontenttype", r))?;
    optional(&event.dataschema, attributes::check_absolute_uri).map_err(|r| ("dataschema", r))?;
    optional(&event.subject, attributes::check_non_empty_string).map_err(|r| ("subject", r))?;
    optional(&event.time, attributes::check_time).map_err(|r| ("time", r))?;
    // Extension values are checked where their names are known (the builder, the parsers).
    let json = attributes::is_json_media_type(event.datacontenttype.as_deref());
    match &event.data {
        // The JSON format stores data under a content type that is not JSON as a string
        // (section 3.1.1); a JSON object there would be read by no SDK.
        Some(Data::Json(value)) if !json && !value.is_string() => Err((
            "data",
            "data under a content type that is not JSON must be a string (or bytes)",
        )),
        // Binary mode sends bytes as the body under their content type: bytes declared JSON
        // must be JSON text, or a receiver (hookwire's own included) refuses the body.
        Some(Data::Binary(bytes)) if json && event.datacontenttype.is_some() => {
            attributes::check_json_bytes(bytes).map_err(|r| ("data", r))
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
