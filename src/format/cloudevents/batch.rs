//! Batched mode: a JSON array of structured events (`application/cloudevents-batch+json`).

use serde_json::Value;

use super::event::CloudEvent;
use super::structured::{from_value, to_json_bytes, to_object};
use crate::format::ParseError;
use crate::payload::Payload;

/// The content type of a batched-mode body.
pub const BATCH_CONTENT_TYPE: &str = "application/cloudevents-batch+json; charset=UTF-8";

/// Renders `events` as one batch: a JSON array of structured events (empty is allowed).
///
/// ```
/// use hookwire::format::cloudevents::{CloudEvent, render_batch};
///
/// let events = [
///     CloudEvent::builder("1", "/s", "t").build()?,
///     CloudEvent::builder("2", "/s", "t").build()?,
/// ];
/// let payload = render_batch(&events);
/// assert_eq!(payload.content_type(), "application/cloudevents-batch+json; charset=UTF-8");
/// assert!(payload.body().starts_with(br#"[{"specversion":"1.0","id":"1""#));
/// assert_eq!(render_batch(&[]).body().as_ref(), b"[]");
/// # Ok::<(), hookwire::ConfigError>(())
/// ```
#[must_use]
pub fn render_batch(events: &[CloudEvent]) -> Payload {
    let array: Vec<Value> = events.iter().map(to_object).collect();
    Payload::from_static(BATCH_CONTENT_TYPE, to_json_bytes(&array))
}

/// Parses a batched-mode body. An error names the event by its index: `[2].source`.
///
/// ```
/// use hookwire::format::ParseError;
/// use hookwire::format::cloudevents::parse_batch;
///
/// let events = parse_batch(br#"[{"specversion":"1.0","id":"1","source":"/s","type":"t"}]"#)?;
/// assert_eq!(events.len(), 1);
/// assert!(parse_batch(b"[]")?.is_empty());
/// let err = parse_batch(br#"[{"specversion":"1.0","id":"1","type":"t"}]"#).unwrap_err();
/// assert_eq!(err, ParseError::MissingField { field: "[0].source".into() });
/// # Ok::<(), ParseError>(())
/// ```
pub fn parse_batch(body: &[u8]) -> Result<Vec<CloudEvent>, ParseError> {
    let value = crate::format::strict_json::from_slice(body)?;
    let Value::Array(items) = value else {
        return Err(ParseError::WrongType {
            field: "batch".to_owned(),
            expected: "a JSON array of events",
        });
    };
    items
        .into_iter()
        .enumerate()
        .map(|(index, item)| from_value(item, &format!("[{index}].")))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_errors() {
        let events = vec![
            CloudEvent::builder("1", "/s", "t").build().unwrap(),
            CloudEvent::builder("2", "/s", "t")
                .data_binary(vec![1u8, 2, 3])
                .build()
                .unwrap(),
        ];
        assert_eq!(parse_batch(render_batch(&events).body()).unwrap(), events);
        assert_eq!(
            parse_batch(b"{}").unwrap_err(),
            ParseError::WrongType {
                field: "batch".into(),
                expected: "a JSON array of events"
            }
        );
        assert_eq!(
            parse_batch(b"[1]").unwrap_err(),
            ParseError::WrongType {
                field: "[0]".into(),
                expected: "a JSON object"
            }
        );
    }
}
