//! [`CloudEventBuilder`]: an event built attribute by attribute, checked once in `build()`.

use bytes::Bytes;
use serde_json::Value;

use super::attributes;
use super::error::AttributeError;
use super::event::{CloudEvent, check_attributes};
use super::value::{Data, ExtensionValue};
use crate::time::Timestamp;

/// Builds a [`CloudEvent`], keeping the first invalid attribute for `build()`.
///
/// ```
/// use hookwire::format::cloudevents::{AttributeError, CloudEvent};
///
/// let err = CloudEvent::builder("1", "/s", "t").extension("Bad_Name", 1).build().unwrap_err();
/// assert!(matches!(err, AttributeError::InvalidName { ref name, .. } if name == "Bad_Name"));
/// ```
#[derive(Debug, Clone)]
#[must_use = "call `build()` to get the CloudEvent"]
pub struct CloudEventBuilder {
    event: CloudEvent,
    error: Option<AttributeError>,
}

impl CloudEventBuilder {
    pub(super) fn new(event: CloudEvent) -> Self {
        CloudEventBuilder { event, error: None }
    }

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

    /// Sets `time` from a [`Timestamp`], formatted as RFC 3339 in UTC. A time RFC 3339
    /// cannot write (a year outside 0000–9999) is an error from `build()`.
    ///
    /// ```
    /// # use hookwire::format::cloudevents::CloudEvent;
    /// let event = CloudEvent::builder("1", "/s", "t").time(hookwire::Timestamp::from_unix_millis(1_250)).build()?;
    /// assert_eq!(event.time(), Some("1970-01-01T00:00:01.250Z"));
    /// assert!(CloudEvent::builder("1", "/s", "t").time(hookwire::Timestamp::from_unix_secs(253_402_300_800)).build().is_err());
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn time(mut self, time: Timestamp) -> Self {
        match time.to_rfc3339() {
            Ok(text) => self.event.time = Some(text),
            Err(_) => self.fail(AttributeError::InvalidValue {
                name: "time".to_owned(),
                reason: "must be within RFC 3339's years, 0000 to 9999",
            }),
        }
        self
    }

    /// Sets `time` from RFC 3339 text, kept exactly (nanoseconds, offsets), except that a
    /// space between date and time becomes the `T` the CloudEvents type system needs.
    ///
    /// ```
    /// # use hookwire::format::cloudevents::CloudEvent;
    /// assert!(CloudEvent::builder("1", "/s", "t").time_rfc3339("2020-10-14T13:27:34.038154562-07:00").build().is_ok());
    /// let event = CloudEvent::builder("1", "/s", "t").time_rfc3339("2020-10-14 13:27:34Z").build()?;
    /// assert_eq!(event.time(), Some("2020-10-14T13:27:34Z"));
    /// assert!(CloudEvent::builder("1", "/s", "t").time_rfc3339("last tuesday").build().is_err());
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn time_rfc3339(mut self, time: impl Into<String>) -> Self {
        self.event.time = Some(attributes::with_t_separator(time.into()));
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
        let (name, value) = (name.into(), value.into());
        if let Err(reason) = attributes::check_extension_name(&name) {
            self.fail(AttributeError::InvalidName {
                name: name.clone(),
                reason,
            });
        } else if let Err(reason) = attributes::check_extension_value(&value) {
            self.fail(AttributeError::InvalidValue {
                name: name.clone(),
                reason,
            });
        }
        self.event.extensions.insert(name, value);
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
    pub fn build(mut self) -> Result<CloudEvent, AttributeError> {
        if let Some(error) = self.error.take() {
            return Err(error);
        }
        check_attributes(&self.event).map_err(|(name, reason)| AttributeError::InvalidValue {
            name: name.to_owned(),
            reason,
        })?;
        Ok(self.event)
    }

    /// Keeps the first error for `build()`.
    fn fail(&mut self, error: AttributeError) {
        self.error.get_or_insert(error);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builder_reports_the_first_bad_attribute() {
        let err = CloudEvent::builder("1", "a b", "t").build().unwrap_err();
        assert!(
            matches!(err, AttributeError::InvalidValue { ref name, .. } if name == "source"),
            "{err}"
        );
        let err = CloudEvent::builder("1", "/s", "t")
            .extension("UPPER", 1)
            .extension("ok", 2)
            .subject("")
            .build()
            .unwrap_err();
        assert!(matches!(err, AttributeError::InvalidName { ref name, .. } if name == "UPPER"));
        let err = CloudEvent::builder("1", "/s", "t")
            .time_rfc3339("x")
            .build()
            .unwrap_err();
        assert!(matches!(err, AttributeError::InvalidValue { ref name, .. } if name == "time"));
    }

    #[test]
    fn bytes_declared_json_must_be_json() {
        let build = |bytes: &'static [u8]| {
            CloudEvent::builder("1", "/s", "t")
                .datacontenttype("application/json")
                .data_binary(bytes)
                .build()
        };
        assert!(build(br#"{"a":1}"#).is_ok());
        // Not JSON as serde_json reads a value: bytes, an overflowing number, a string that
        // is not UTF-8, a lone surrogate.
        for bad in [&b"\x00\x01"[..], b"1e400", b"\"\xff\"", br#""\ud800""#] {
            let err = build(bad).unwrap_err();
            assert!(
                matches!(err, AttributeError::InvalidValue { ref name, .. } if name == "data"),
                "{bad:?}"
            );
        }
        // Without a content type, or under a binary one, bytes are bytes.
        for content_type in [None, Some("application/octet-stream")] {
            let mut builder = CloudEvent::builder("1", "/s", "t").data_binary(&b"\x00"[..]);
            if let Some(content_type) = content_type {
                builder = builder.datacontenttype(content_type);
            }
            assert!(builder.build().is_ok(), "{content_type:?}");
        }
    }
}
