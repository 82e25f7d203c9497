//! The default envelope: `{ "id", "data", "meta": { "object", "subscription_id",
//! "timestamp" } }`, one per user event, or an array of them in batch mode.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::format::ParseError;
use crate::payload::Payload;
use crate::time::{TimeError, Timestamp};

/// One user event in the default envelope (seed 004, "Lytics default").
///
/// `id` is the user's id (the seed's enter and exit samples for one user share it); `data`
/// holds the exported user fields and the `segment_events` that caused the send; `meta`
/// says which subscription (job) sent it and when. Unknown members are kept in `extra`.
///
/// ```
/// use hookwire::format::lytics::{Event, Meta, SegmentEvent, UserData};
/// use hookwire::Timestamp;
///
/// let mut data = UserData::default();
/// data.fields.insert("first_name".into(), "Joe".into());
/// data.segment_events = Some(vec![SegmentEvent::enter("efdcc4da", "first_name_joe", Timestamp::from_unix_secs(0))?]);
/// let event = Event::new("15761203643149024539", data, Meta::new("f825f096", Timestamp::from_unix_secs(1))?);
/// assert_eq!(event.meta.object, "user");
/// # Ok::<(), hookwire::TimeError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// The user's id.
    pub id: String,
    /// The user fields and the segment events.
    pub data: UserData,
    /// Who sent the event and when.
    pub meta: Meta,
    /// Members hookwire does not know, kept as received.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// An event's `data`: user fields, plus `segment_events` when an audience change caused
/// the send.
///
/// ```
/// let data: hookwire::format::lytics::UserData =
///     serde_json::from_str(r#"{"email":"a@example.com","segment_events":[]}"#)?;
/// assert_eq!(data.fields["email"], "a@example.com");
/// assert_eq!(data.segment_events, Some(vec![]));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct UserData {
    /// The exported user fields. Written sorted by name, `segment_events` among them, at
    /// every level of nesting: Lytics is written in Go, whose `encoding/json` writes maps
    /// that way, and every sample in the seed lists `data` in that order.
    #[serde(flatten)]
    pub fields: Map<String, Value>,
    /// The audience (segment) events; `None` when the member is absent.
    #[serde(default)]
    pub segment_events: Option<Vec<SegmentEvent>>,
}

impl Serialize for UserData {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;

        enum Member<'a> {
            Field(&'a Value),
            Events(&'a [SegmentEvent]),
        }
        let mut members: Vec<(&str, Member<'_>)> = self
            .fields
            .iter()
            .map(|(name, value)| (name.as_str(), Member::Field(value)))
            .collect();
        if let Some(events) = &self.segment_events {
            members.push(("segment_events", Member::Events(events)));
        }
        members.sort_by(|a, b| a.0.cmp(b.0));
        let mut map = serializer.serialize_map(Some(members.len()))?;
        for (name, member) in members {
            match member {
                Member::Field(value) => map.serialize_entry(name, &SortedKeys(value))?,
                Member::Events(events) => map.serialize_entry(name, events)?,
            }
        }
        map.end()
    }
}

/// A JSON value written with every object's members sorted by name (byte order, as Go's
/// `sort.Strings`), however they are stored.
struct SortedKeys<'a>(&'a Value);

impl Serialize for SortedKeys<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};

        match self.0 {
            Value::Object(members) => {
                let mut sorted: Vec<(&String, &Value)> = members.iter().collect();
                sorted.sort_by(|a, b| a.0.cmp(b.0));
                let mut map = serializer.serialize_map(Some(sorted.len()))?;
                for (name, value) in sorted {
                    map.serialize_entry(name, &SortedKeys(value))?;
                }
                map.end()
            }
            Value::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(&SortedKeys(item))?;
                }
                seq.end()
            }
            other => other.serialize(serializer),
        }
    }
}

/// An event's `meta`.
///
/// ```
/// let meta = hookwire::format::lytics::Meta::new("36e243f8", hookwire::Timestamp::from_unix_secs(0))?;
/// assert_eq!(meta.timestamp, "1970-01-01T00:00:00Z");
/// # Ok::<(), hookwire::TimeError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meta {
    /// What the event is about: `user`.
    pub object: String,
    /// The subscription (export job) that sent it.
    pub subscription_id: String,
    /// When it was sent, RFC 3339, kept exactly as written (Lytics writes nanoseconds).
    pub timestamp: String,
    /// Members hookwire does not know, kept as received.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One entry of `segment_events`: a user entered or exited an audience, or a watched field
/// changed.
///
/// ```
/// use hookwire::format::lytics::{SegmentEvent, SegmentEventKind};
/// let exit = SegmentEvent::exit("efdcc4da", "first_name_joe", hookwire::Timestamp::from_unix_secs(0))?;
/// assert_eq!(exit.event, SegmentEventKind::Exit);
/// assert_eq!(exit.exit.as_deref(), Some("1970-01-01T00:00:00Z"));
/// # Ok::<(), hookwire::TimeError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SegmentEvent {
    /// The audience's id.
    pub id: String,
    /// `enter`, `exit` or `change`.
    pub event: SegmentEventKind,
    /// The audience's slug.
    pub slug: String,
    /// When the user entered (enter events).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enter: Option<String>,
    /// When the user exited (exit events).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exit: Option<String>,
    /// Members hookwire does not know, kept as received.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// What happened: the `event` member of a segment event. Unknown values are kept.
///
/// ```
/// use hookwire::format::lytics::SegmentEventKind;
/// assert_eq!(SegmentEventKind::from("enter".to_owned()), SegmentEventKind::Enter);
/// assert_eq!(String::from(SegmentEventKind::Other("merge".into())), "merge");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
pub enum SegmentEventKind {
    /// The user entered the audience.
    Enter,
    /// The user exited the audience.
    Exit,
    /// A "field to trigger" changed.
    Change,
    /// A value this version does not know, kept as written.
    Other(String),
}

impl From<String> for SegmentEventKind {
    fn from(text: String) -> Self {
        match text.as_str() {
            "enter" => SegmentEventKind::Enter,
            "exit" => SegmentEventKind::Exit,
            "change" => SegmentEventKind::Change,
            _ => SegmentEventKind::Other(text),
        }
    }
}

impl From<SegmentEventKind> for String {
    fn from(kind: SegmentEventKind) -> Self {
        match kind {
            SegmentEventKind::Enter => "enter".to_owned(),
            SegmentEventKind::Exit => "exit".to_owned(),
            SegmentEventKind::Change => "change".to_owned(),
            SegmentEventKind::Other(text) => text,
        }
    }
}

impl Event {
    /// An event with no extra members.
    ///
    /// ```
    /// use hookwire::format::lytics::{Event, Meta, UserData};
    /// let event = Event::new("1", UserData::default(), Meta::new("sub", hookwire::Timestamp::UNIX_EPOCH)?);
    /// assert_eq!(event.id, "1");
    /// # Ok::<(), hookwire::TimeError>(())
    /// ```
    pub fn new(id: impl Into<String>, data: UserData, meta: Meta) -> Self {
        Event {
            id: id.into(),
            data,
            meta,
            extra: Map::new(),
        }
    }
}

impl Meta {
    /// `meta` for a user event sent by `subscription_id` at `now`. A `now` RFC 3339
    /// cannot write (a year outside 0000–9999) is a [`TimeError`]: the envelope would carry
    /// a timestamp no reader accepts.
    ///
    /// ```
    /// use hookwire::Timestamp;
    /// let meta = hookwire::format::lytics::Meta::new("s", Timestamp::from_unix_millis(1))?;
    /// assert_eq!((meta.object.as_str(), meta.timestamp.as_str()), ("user", "1970-01-01T00:00:00.001Z"));
    /// assert!(hookwire::format::lytics::Meta::new("s", Timestamp::from_unix_secs(253_402_300_800)).is_err());
    /// # Ok::<(), hookwire::TimeError>(())
    /// ```
    pub fn new(subscription_id: impl Into<String>, now: Timestamp) -> Result<Self, TimeError> {
        Ok(Meta {
            object: "user".to_owned(),
            subscription_id: subscription_id.into(),
            timestamp: now.to_rfc3339()?,
            extra: Map::new(),
        })
    }
}

impl SegmentEvent {
    fn new(id: &str, kind: SegmentEventKind, slug: &str) -> Self {
        SegmentEvent {
            id: id.to_owned(),
            event: kind,
            slug: slug.to_owned(),
            enter: None,
            exit: None,
            extra: Map::new(),
        }
    }

    /// The user entered audience `id` (`slug`) at `at`; a [`TimeError`] for a time RFC 3339
    /// cannot write.
    ///
    /// ```
    /// let e = hookwire::format::lytics::SegmentEvent::enter("a1", "vip", hookwire::Timestamp::UNIX_EPOCH)?;
    /// assert_eq!(e.enter.as_deref(), Some("1970-01-01T00:00:00Z"));
    /// # Ok::<(), hookwire::TimeError>(())
    /// ```
    pub fn enter(id: &str, slug: &str, at: Timestamp) -> Result<Self, TimeError> {
        let mut event = SegmentEvent::new(id, SegmentEventKind::Enter, slug);
        event.enter = Some(at.to_rfc3339()?);
        Ok(event)
    }

    /// The user exited audience `id` (`slug`) at `at`; a [`TimeError`] for a time RFC 3339
    /// cannot write.
    ///
    /// ```
    /// use hookwire::Timestamp;
    /// let e = hookwire::format::lytics::SegmentEvent::exit("a1", "vip", Timestamp::UNIX_EPOCH)?;
    /// assert_eq!(e.enter, None);
    /// assert!(hookwire::format::lytics::SegmentEvent::exit("a1", "vip", Timestamp::from_unix_secs(-62_167_219_201)).is_err());
    /// # Ok::<(), hookwire::TimeError>(())
    /// ```
    pub fn exit(id: &str, slug: &str, at: Timestamp) -> Result<Self, TimeError> {
        let mut event = SegmentEvent::new(id, SegmentEventKind::Exit, slug);
        event.exit = Some(at.to_rfc3339()?);
        Ok(event)
    }

    /// A watched field of a user in audience `id` (`slug`) changed (no time member, as in
    /// the seed).
    ///
    /// ```
    /// let e = hookwire::format::lytics::SegmentEvent::change("a1", "vip");
    /// assert_eq!((e.enter.clone(), e.exit.clone()), (None, None));
    /// ```
    pub fn change(id: &str, slug: &str) -> Self {
        SegmentEvent::new(id, SegmentEventKind::Change, slug)
    }
}

/// Renders one event as `application/json`.
///
/// ```
/// use hookwire::format::lytics::{render, Event, Meta, UserData};
/// let event = Event::new("1", UserData::default(), Meta::new("s", hookwire::Timestamp::UNIX_EPOCH).unwrap());
/// assert_eq!(
///     render(&event).body().as_ref(),
///     br#"{"id":"1","data":{},"meta":{"object":"user","subscription_id":"s","timestamp":"1970-01-01T00:00:00Z"}}"#
/// );
/// ```
#[must_use]
pub fn render(event: &Event) -> Payload {
    Payload::json(to_json_bytes(event))
}

/// Renders a batch ("Batch Events"): a JSON array of events in one request.
///
/// ```
/// use hookwire::format::lytics::{render_batch, Event, Meta, UserData};
/// let event = Event::new("1", UserData::default(), Meta::new("s", hookwire::Timestamp::UNIX_EPOCH).unwrap());
/// assert!(render_batch(&[event.clone(), event]).body().starts_with(b"[{"));
/// ```
#[must_use]
pub fn render_batch(events: &[Event]) -> Payload {
    Payload::json(to_json_bytes(&events))
}

fn to_json_bytes(value: &impl Serialize) -> Vec<u8> {
    // These types serialize to JSON objects with string keys only: it cannot fail.
    serde_json::to_vec(value).unwrap_or_default()
}

/// Parses a body holding one event or a batch (an array) of them. Errors name the member at
/// fault, with the event's index in a batch: `[1].meta.timestamp`.
///
/// ```
/// use hookwire::format::ParseError;
/// use hookwire::format::lytics::parse;
///
/// let body = br#"{"id":"1","data":{"email":"a@example.com"},"meta":{"object":"user","subscription_id":"s","timestamp":"2023-05-25T23:10:04.651979584Z"}}"#;
/// let events = parse(body)?;
/// assert_eq!(events[0].data.fields["email"], "a@example.com");
/// assert_eq!(parse(b"[{}]").unwrap_err(), ParseError::MissingField { field: "[0].id".into() });
/// # Ok::<(), ParseError>(())
/// ```
pub fn parse(body: &[u8]) -> Result<Vec<Event>, ParseError> {
    let value = crate::format::strict_json::from_slice(body)?;
    match value {
        Value::Array(items) => items
            .into_iter()
            .enumerate()
            .map(|(index, item)| event_from_value(item, &format!("[{index}].")))
            .collect(),
        other => Ok(vec![event_from_value(other, "")?]),
    }
}

/// Reads one event, checking the shape first so that errors name the member.
fn event_from_value(value: Value, prefix: &str) -> Result<Event, ParseError> {
    check_event(&value, prefix)?;
    serde_json::from_value(value).map_err(|err| ParseError::InvalidValue {
        field: if prefix.is_empty() {
            "event".to_owned()
        } else {
            prefix.trim_end_matches('.').to_owned()
        },
        reason: err.to_string(),
    })
}

fn check_event(value: &Value, prefix: &str) -> Result<(), ParseError> {
    let event = object(Some(value), prefix.trim_end_matches('.'), "event")?;
    string(event.get("id"), &format!("{prefix}id"))?;
    let data = object(event.get("data"), &format!("{prefix}data"), "")?;
    let meta = object(event.get("meta"), &format!("{prefix}meta"), "")?;
    for member in ["object", "subscription_id"] {
        string(meta.get(member), &format!("{prefix}meta.{member}"))?;
    }
    let field = format!("{prefix}meta.timestamp");
    let timestamp = string(meta.get("timestamp"), &field)?;
    Timestamp::parse_rfc3339(timestamp).map_err(|err| ParseError::InvalidValue {
        field,
        reason: err.to_string(),
    })?;
    match data.get("segment_events") {
        None | Some(Value::Null) => {}
        Some(Value::Array(items)) => {
            for (index, item) in items.iter().enumerate() {
                let path = format!("{prefix}data.segment_events[{index}]");
                let segment = object(Some(item), &path, "")?;
                for member in ["id", "event", "slug"] {
                    string(segment.get(member), &format!("{path}.{member}"))?;
                }
                for member in ["enter", "exit"] {
                    if let Some(value) = segment.get(member).filter(|v| !v.is_null()) {
                        string(Some(value), &format!("{path}.{member}"))?;
                    }
                }
            }
        }
        Some(_) => {
            return Err(ParseError::WrongType {
                field: format!("{prefix}data.segment_events"),
                expected: "an array",
            });
        }
    }
    Ok(())
}

fn object<'v>(
    value: Option<&'v Value>,
    field: &str,
    fallback: &str,
) -> Result<&'v Map<String, Value>, ParseError> {
    let field = if field.is_empty() { fallback } else { field };
    match value {
        Some(Value::Object(map)) => Ok(map),
        None => Err(ParseError::MissingField {
            field: field.to_owned(),
        }),
        Some(_) => Err(ParseError::WrongType {
            field: field.to_owned(),
            expected: "an object",
        }),
    }
}

fn string<'v>(value: Option<&'v Value>, field: &str) -> Result<&'v str, ParseError> {
    match value {
        Some(Value::String(text)) => Ok(text),
        None => Err(ParseError::MissingField {
            field: field.to_owned(),
        }),
        Some(_) => Err(ParseError::WrongType {
            field: field.to_owned(),
            expected: "a string",
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHANGE: &str = r#"{"id":"12291095485723374960","data":{"city":"Portland","segment_events":[{"id":"163bda069207c88cfdb7c84e06b9270f","event":"change","slug":"first_name_joe"}]},"meta":{"object":"user","subscription_id":"5168beb8415c3d66363a892b3aac5f1c","timestamp":"2023-05-26T21:08:19.985560308Z"}}"#;

    #[test]
    fn round_trips_exact_bytes_when_segment_events_come_last() {
        let events = parse(CHANGE.as_bytes()).unwrap();
        assert_eq!(render(&events[0]).body().as_ref(), CHANGE.as_bytes());
        let segment = &events[0].data.segment_events.as_ref().unwrap()[0];
        assert_eq!(segment.event, SegmentEventKind::Change);
    }

    #[test]
    fn keeps_unknown_members() {
        let body = r#"{"id":"1","data":{},"meta":{"object":"user","subscription_id":"s","timestamp":"2023-05-26T21:08:19Z","region":"eu"},"v":2}"#;
        let events = parse(body.as_bytes()).unwrap();
        assert_eq!(events[0].extra["v"], 2);
        assert_eq!(events[0].meta.extra["region"], "eu");
        assert_eq!(render(&events[0]).body().as_ref(), body.as_bytes());
    }

    #[test]
    fn errors_name_the_member() {
        let cases: [(&str, ParseError); 6] = [
            (
                "1",
                ParseError::WrongType {
                    field: "event".into(),
                    expected: "an object",
                },
            ),
            (
                r#"{"id":1}"#,
                ParseError::WrongType {
                    field: "id".into(),
                    expected: "a string",
                },
            ),
            (
                r#"{"id":"1"}"#,
                ParseError::MissingField {
                    field: "data".into(),
                },
            ),
            (
                r#"{"id":"1","data":{},"meta":{"object":"user","timestamp":"x"}}"#,
                ParseError::MissingField {
                    field: "meta.subscription_id".into(),
                },
            ),
            (
                r#"[{"id":"1","data":{"segment_events":{}},"meta":{"object":"user","subscription_id":"s","timestamp":"2023-05-26T21:08:19Z"}}]"#,
                ParseError::WrongType {
                    field: "[0].data.segment_events".into(),
                    expected: "an array",
                },
            ),
            (
                r#"{"id":"1","data":{"segment_events":[{"id":"a","event":"enter"}]},"meta":{"object":"user","subscription_id":"s","timestamp":"2023-05-26T21:08:19Z"}}"#,
                ParseError::MissingField {
                    field: "data.segment_events[0].slug".into(),
                },
            ),
        ];
        for (body, want) in cases {
            assert_eq!(parse(body.as_bytes()).unwrap_err(), want, "{body}");
        }
        assert!(matches!(
            parse(br#"{"id":"1","data":{},"meta":{"object":"user","subscription_id":"s","timestamp":"noon"}}"#),
            Err(ParseError::InvalidValue { field, .. }) if field == "meta.timestamp"
        ));
    }
}
