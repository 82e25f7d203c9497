//! Webhook user enrichment (seed 004): the receiver's response, posted to a data stream
//! with the user's BY fields, so the response can be joined to the profile.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::format::ParseError;
use crate::payload::Payload;

/// The data stream enrichment records go to unless the job names another
/// (seed: "the data will be posted in `webhook_enrichment` stream").
pub const DEFAULT_ENRICHMENT_STREAM: &str = "webhook_enrichment";

/// `{ "origin": { BY fields }, "response": … }`: what the job posts to the data stream.
///
/// ```
/// use hookwire::format::lytics::EnrichmentRecord;
///
/// let origin = serde_json::json!({"lytics_byfield1": "value1"});
/// let record = EnrichmentRecord::from_response(origin.as_object().unwrap().clone(), br#"{"address":{"city":"Portland"}}"#)?;
/// assert_eq!(record.field_names(), ["origin.lytics_byfield1", "response.address.city"]);
/// # Ok::<(), hookwire::format::ParseError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrichmentRecord {
    /// The user's BY (identity) fields.
    pub origin: Map<String, Value>,
    /// The receiver's JSON response, as it answered.
    pub response: Value,
}

impl EnrichmentRecord {
    /// Wraps a receiver's response body (which must be JSON) with the user's BY fields.
    ///
    /// ```
    /// use hookwire::format::{ParseError, lytics::EnrichmentRecord};
    /// let err = EnrichmentRecord::from_response(Default::default(), b"<html>").unwrap_err();
    /// assert!(matches!(err, ParseError::InvalidJson { .. }));
    /// ```
    pub fn from_response(
        origin: Map<String, Value>,
        response_body: &[u8],
    ) -> Result<Self, ParseError> {
        let response = crate::format::strict_json::from_slice(response_body)?;
        Ok(EnrichmentRecord { origin, response })
    }

    /// The record's field names as the data stream lists them: object members joined with
    /// `.`, arrays and scalars as leaves (the seed's table lists `response.interests`, an
    /// array, as one field). An empty object holds no field, so it adds no name.
    ///
    /// ```
    /// use hookwire::format::lytics::EnrichmentRecord;
    /// let record = EnrichmentRecord { origin: Default::default(), response: serde_json::json!(["a"]) };
    /// assert_eq!(record.field_names(), ["response"]);
    /// ```
    pub fn field_names(&self) -> Vec<String> {
        let mut names = Vec::new();
        flatten_into(&mut names, "origin", &Value::Object(self.origin.clone()));
        flatten_into(&mut names, "response", &self.response);
        names
    }

    /// The record as the JSON posted to the stream.
    ///
    /// ```
    /// use hookwire::format::lytics::EnrichmentRecord;
    /// let record = EnrichmentRecord { origin: Default::default(), response: serde_json::json!({}) };
    /// assert_eq!(record.render().body().as_ref(), br#"{"origin":{},"response":{}}"#);
    /// ```
    #[must_use]
    pub fn render(&self) -> Payload {
        // Maps with string keys and JSON values always serialize.
        Payload::json(serde_json::to_vec(self).unwrap_or_default())
    }

    /// Reads a record back from the stream's JSON.
    ///
    /// ```
    /// use hookwire::format::lytics::EnrichmentRecord;
    /// let record = EnrichmentRecord::parse(br#"{"origin":{"id":"1"},"response":{"ok":true}}"#)?;
    /// assert_eq!(record.response["ok"], true);
    /// # Ok::<(), hookwire::format::ParseError>(())
    /// ```
    pub fn parse(body: &[u8]) -> Result<Self, ParseError> {
        let value = crate::format::strict_json::from_slice(body)?;
        let Value::Object(mut record) = value else {
            return Err(ParseError::WrongType {
                field: "record".to_owned(),
                expected: "an object",
            });
        };
        let origin = match record.remove("origin") {
            Some(Value::Object(origin)) => origin,
            None => {
                return Err(ParseError::MissingField {
                    field: "origin".to_owned(),
                });
            }
            Some(_) => {
                return Err(ParseError::WrongType {
                    field: "origin".to_owned(),
                    expected: "an object",
                });
            }
        };
        let response = record.remove("response").ok_or(ParseError::MissingField {
            field: "response".to_owned(),
        })?;
        Ok(EnrichmentRecord { origin, response })
    }
}

fn flatten_into(names: &mut Vec<String>, prefix: &str, value: &Value) {
    match value {
        Value::Object(members) => {
            for (name, member) in members {
                flatten_into(names, &format!("{prefix}.{name}"), member);
            }
        }
        _ => names.push(prefix.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn flattens_nested_objects_and_keeps_leaves() {
        let record = EnrichmentRecord {
            origin: Map::new(),
            response: json!({"a": {"b": {"c": 1}, "d": []}, "e": {}, "f": null}),
        };
        assert_eq!(
            record.field_names(),
            ["response.a.b.c", "response.a.d", "response.f"]
        );
    }

    #[test]
    fn parse_checks_the_shape() {
        assert!(matches!(
            EnrichmentRecord::parse(b"[]"),
            Err(ParseError::WrongType { .. })
        ));
        assert!(matches!(
            EnrichmentRecord::parse(br#"{"origin":1,"response":{}}"#),
            Err(ParseError::WrongType { .. })
        ));
        assert!(matches!(
            EnrichmentRecord::parse(br#"{"response":{}}"#),
            Err(ParseError::MissingField { .. })
        ));
    }
}
