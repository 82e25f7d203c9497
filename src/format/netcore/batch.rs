//! [`Batch`]: what one Netcore POST carries — a panel's name and its events.

use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use super::Event;
use crate::format::{ParseError, RenderError};

/// The events one POST carries, under the name of the panel that sent them: the JSON
/// document `{ "<panel name>": [event, …] }`.
///
/// Serde reads and writes that document (without the form encoding around it: that is
/// [`render`](super::render) and [`parse`](super::parse)).
///
/// ```
/// use hookwire::format::netcore::{Batch, Event};
///
/// let mut event = Event::default();
/// event.msgid = Some("103".into());
/// let batch = Batch::new("pod2_email_rashmi", vec![event]);
/// assert_eq!(serde_json::to_string(&batch)?, r#"{"pod2_email_rashmi":[{"msgid":"103"}]}"#);
///
/// let back: Batch = serde_json::from_str(r#"{"qa_manual1":[{"channel":"sms"}]}"#)?;
/// assert_eq!(back.panel, "qa_manual1");
/// assert_eq!(back.events.len(), 1);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct Batch {
    /// The panel's name, the document's one key (`pod2_email_rashmi`, `<panel_name>`…).
    pub panel: String,
    /// The events, in the order sent.
    pub events: Vec<Event>,
}

impl Batch {
    /// A batch of `events` from `panel`.
    ///
    /// ```
    /// let batch = hookwire::format::netcore::Batch::new("qa_manual1", Vec::new());
    /// assert!(batch.events.is_empty());
    /// ```
    #[must_use]
    pub fn new(panel: impl Into<String>, events: Vec<Event>) -> Self {
        Batch {
            panel: panel.into(),
            events,
        }
    }

    /// Reads the decoded JSON document `{ "<panel name>": [event, …] }`.
    ///
    /// The document must be an object with exactly one key whose value is an array of
    /// objects; each error names the place at fault (`data`, `events[2]`). Inside an event
    /// nothing fails: see [`Event`].
    ///
    /// ```
    /// use hookwire::format::netcore::Batch;
    /// use hookwire::format::ParseError;
    ///
    /// let batch = Batch::from_value(serde_json::json!({"panel": [{}, {}]}))?;
    /// assert_eq!(batch.events.len(), 2);
    ///
    /// let err = Batch::from_value(serde_json::json!({"panel": [{}, 7]})).unwrap_err();
    /// assert_eq!(err, ParseError::WrongType { field: "events[1]".into(), expected: "an object" });
    /// # Ok::<(), ParseError>(())
    /// ```
    pub fn from_value(document: Value) -> Result<Self, ParseError> {
        let Value::Object(map) = document else {
            return Err(ParseError::WrongType {
                field: "data".into(),
                expected: "an object with the panel name as its one key",
            });
        };
        Batch::from_map(map)
    }

    fn from_map(map: Map<String, Value>) -> Result<Self, ParseError> {
        if map.len() != 1 {
            return Err(ParseError::InvalidValue {
                field: "data".into(),
                reason: format!(
                    "expected exactly one key (the panel name), found {}",
                    map.len()
                ),
            });
        }
        let mut entries = map.into_iter();
        let Some((panel, events)) = entries.next() else {
            return Err(ParseError::MissingField {
                field: "data".into(),
            });
        };
        let Value::Array(events) = events else {
            return Err(ParseError::WrongType {
                field: "events".into(),
                expected: "an array",
            });
        };
        let events = events
            .into_iter()
            .enumerate()
            .map(|(index, event)| match event {
                Value::Object(map) => Ok(Event::from_map(map)),
                _ => Err(ParseError::WrongType {
                    field: format!("events[{index}]"),
                    expected: "an object",
                }),
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Batch { panel, events })
    }

    /// Checks that the batch renders to bytes that parse back to it.
    pub(super) fn check(&self) -> Result<(), RenderError> {
        self.events
            .iter()
            .enumerate()
            .try_for_each(|(index, event)| event.check(index))
    }
}

impl Serialize for Batch {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry(&self.panel, &self.events)?;
        map.end()
    }
}

impl<'de> Deserialize<'de> for Batch {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let map = Map::deserialize(deserializer)?;
        Batch::from_map(map).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_document_has_one_panel_holding_an_array_of_objects() {
        let err = |value| Batch::from_value(value).unwrap_err().to_string();
        assert_eq!(
            err(json!([])),
            "field `data` must be an object with the panel name as its one key"
        );
        assert_eq!(
            err(json!({})),
            "invalid field `data`: expected exactly one key (the panel name), found 0"
        );
        assert_eq!(
            err(json!({"a": [], "b": []})),
            "invalid field `data`: expected exactly one key (the panel name), found 2"
        );
        assert_eq!(err(json!({"a": {}})), "field `events` must be an array");
        assert_eq!(
            err(json!({"a": [{}, null]})),
            "field `events[1]` must be an object"
        );
        assert_eq!(
            Batch::from_value(json!({"": []})).unwrap(),
            Batch::default()
        );
    }

    #[test]
    fn serde_errors_carry_the_same_message() {
        let err = serde_json::from_str::<Batch>(r#"{"p":[1]}"#).unwrap_err();
        assert!(
            err.to_string()
                .contains("field `events[0]` must be an object"),
            "{err}"
        );
    }
}
