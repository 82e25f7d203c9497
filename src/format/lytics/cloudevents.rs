//! The CloudEvents envelope Lytics sends when "CloudEvents" is ticked (seed 004).

use serde_json::Value;

use super::envelope::{Event, UserData};
use crate::format::ParseError;
use crate::format::cloudevents::{AttributeError, CloudEvent, Data};

/// The CloudEvents `type` unless the job sets one (seed: "the default type is
/// `com.lytics.audience.user.event`").
pub const DEFAULT_CLOUDEVENTS_TYPE: &str = "com.lytics.audience.user.event";

/// How a job fills the CloudEvents attributes it chooses: `type` and `source`.
///
/// The default source is `/work/<job id>`: the seed says "the default source is
/// `/work/id`", and its sample shows `/work/` followed by the job's id.
///
/// ```
/// use hookwire::format::lytics::CloudEventsOptions;
/// let options = CloudEventsOptions::new("abcd42a455d7365e08d5f4ce321e4bacd");
/// assert_eq!(options.source(), "/work/abcd42a455d7365e08d5f4ce321e4bacd");
/// assert_eq!(options.ty(), "com.lytics.audience.user.event");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CloudEventsOptions {
    ty: String,
    source: String,
}

impl CloudEventsOptions {
    /// The defaults for job `job_id`.
    ///
    /// ```
    /// assert_eq!(hookwire::format::lytics::CloudEventsOptions::new("7").source(), "/work/7");
    /// ```
    pub fn new(job_id: &str) -> Self {
        CloudEventsOptions {
            ty: DEFAULT_CLOUDEVENTS_TYPE.to_owned(),
            source: format!("/work/{job_id}"),
        }
    }

    /// A custom type ("set a custom CloudEvents Type").
    ///
    /// ```
    /// let o = hookwire::format::lytics::CloudEventsOptions::new("7").with_type("com.acme.user");
    /// assert_eq!(o.ty(), "com.acme.user");
    /// ```
    #[must_use]
    pub fn with_type(mut self, ty: impl Into<String>) -> Self {
        self.ty = ty.into();
        self
    }

    /// A custom source ("set a custom CloudEvents Source"); a URI-reference.
    ///
    /// ```
    /// let o = hookwire::format::lytics::CloudEventsOptions::new("7").with_source("https://acme.example/lytics");
    /// assert_eq!(o.source(), "https://acme.example/lytics");
    /// ```
    #[must_use]
    pub fn with_source(mut self, source: impl Into<String>) -> Self {
        self.source = source.into();
        self
    }

    /// The `type` events get.
    ///
    /// ```
    /// assert_eq!(hookwire::format::lytics::CloudEventsOptions::new("7").ty(), "com.lytics.audience.user.event");
    /// ```
    pub fn ty(&self) -> &str {
        &self.ty
    }

    /// The `source` events get.
    ///
    /// ```
    /// assert_eq!(hookwire::format::lytics::CloudEventsOptions::new("7").source(), "/work/7");
    /// ```
    pub fn source(&self) -> &str {
        &self.source
    }

    /// `event` as the seed's CloudEvents sample shapes it: `id` the user's id, `time` the
    /// envelope's timestamp (exact text), `datacontenttype` `application/json` and `data`
    /// the user fields inline. A custom type or source that breaks the spec is an
    /// [`AttributeError`].
    ///
    /// ```
    /// use hookwire::format::lytics::{CloudEventsOptions, Event, Meta, UserData};
    /// let event = Event::new("6449017691630140398", UserData::default(), Meta::new("s", hookwire::Timestamp::UNIX_EPOCH).unwrap());
    /// let cloud = CloudEventsOptions::new("abcd").to_cloudevent(&event)?;
    /// assert_eq!((cloud.id(), cloud.source(), cloud.time()), ("6449017691630140398", "/work/abcd", Some("1970-01-01T00:00:00Z")));
    /// assert!(CloudEventsOptions::new("a b").to_cloudevent(&event).is_err());
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn to_cloudevent(&self, event: &Event) -> Result<CloudEvent, AttributeError> {
        // `UserData` holds JSON values under string keys: it always converts.
        let data = serde_json::to_value(&event.data).unwrap_or(Value::Null);
        CloudEvent::builder(event.id.clone(), self.source.clone(), self.ty.clone())
            .datacontenttype(crate::payload::APPLICATION_JSON)
            .time_rfc3339(event.meta.timestamp.clone())
            .data_json(data)
            .build()
    }
}

/// Reads the user fields and segment events from a received CloudEvent's JSON data.
///
/// ```
/// use hookwire::format::cloudevents::parse_structured;
/// use hookwire::format::lytics::user_data;
///
/// let event = parse_structured(br#"{"specversion":"1.0","id":"1","source":"/work/a","type":"com.lytics.audience.user.event","data":{"email":"a@example.com","segment_events":[{"id":"x","event":"enter","slug":"s"}]}}"#)?;
/// let data = user_data(&event)?;
/// assert_eq!(data.segment_events.unwrap().len(), 1);
/// # Ok::<(), hookwire::format::ParseError>(())
/// ```
pub fn user_data(event: &CloudEvent) -> Result<UserData, ParseError> {
    match event.data() {
        Some(Data::Json(value @ Value::Object(_))) => serde_json::from_value(value.clone())
            .map_err(|err| ParseError::InvalidValue {
                field: "data".to_owned(),
                reason: err.to_string(),
            }),
        None => Err(ParseError::MissingField {
            field: "data".to_owned(),
        }),
        Some(_) => Err(ParseError::WrongType {
            field: "data".to_owned(),
            expected: "a JSON object of user fields",
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::lytics::{Meta, SegmentEvent};
    use crate::time::Timestamp;

    #[test]
    fn round_trips_user_data_through_a_cloudevent() {
        let mut data = UserData::default();
        data.fields.insert("email".into(), "a@example.com".into());
        data.segment_events = Some(vec![SegmentEvent::change("a", "b")]);
        let event = Event::new("1", data, Meta::new("s", Timestamp::UNIX_EPOCH).unwrap());
        let cloud = CloudEventsOptions::new("j").to_cloudevent(&event).unwrap();
        assert_eq!(cloud.datacontenttype(), Some("application/json"));
        assert_eq!(user_data(&cloud).unwrap(), event.data);
    }

    #[test]
    fn a_space_separated_timestamp_becomes_a_cloudevents_time() {
        let body = br#"{"id":"1","data":{},"meta":{"object":"user","subscription_id":"s","timestamp":"2023-05-26 21:08:19.5Z"}}"#;
        let events = crate::format::lytics::parse(body).unwrap();
        let cloud = CloudEventsOptions::new("j")
            .to_cloudevent(&events[0])
            .unwrap();
        assert_eq!(cloud.time(), Some("2023-05-26T21:08:19.5Z"));
    }

    #[test]
    fn user_data_needs_an_object() {
        let bare = CloudEvent::builder("1", "/s", "t").build().unwrap();
        assert!(matches!(
            user_data(&bare),
            Err(ParseError::MissingField { .. })
        ));
        let list = CloudEvent::builder("1", "/s", "t")
            .data_json(serde_json::json!([1]))
            .build()
            .unwrap();
        assert!(matches!(
            user_data(&list),
            Err(ParseError::WrongType { .. })
        ));
    }
}
