//! CloudEvents 1.0.2: the event type, and its three HTTP modes — structured
//! (`application/cloudevents+json`), binary (`ce-` headers) and batched
//! (`application/cloudevents-batch+json`) — rendered and parsed losslessly.
//!
//! What the spec leaves open, decided here:
//!
//! - only `specversion` `1.0` is read; any other is an error naming `specversion`;
//! - `data` and `data_base64` together are an error; a `null` attribute is unset, but
//!   `"data": null` is data (an explicit JSON null, as the JSON format says);
//! - data under a `datacontenttype` that is not JSON (`*/json` or `*/*+json`) is a string or
//!   bytes, never another JSON value; bytes declared JSON must be JSON text (binary mode
//!   sends them as the body);
//! - extension values are strings, booleans or signed 32-bit integers written as integers
//!   (`5.0` and `1e2` are errors, as the JSON format's Integer has no fraction or exponent);
//!   names must be lower-case `a-z0-9` (the spec's MUST) and may exceed the recommended 20
//!   characters;
//! - string attributes refuse the spec's control characters and Unicode noncharacters;
//! - `time` keeps its exact text, so nanosecond timestamps round-trip, and needs the `T`
//!   (or `t`) of RFC 3339's grammar between date and time;
//! - binary mode: header values are percent-encoded with upper-case hex; on receipt a
//!   quoted-string value (older senders) is unquoted before percent-decoding, lower-case hex
//!   is accepted and invalid UTF-8 (overlong sequences included) is rejected; a
//!   `ce-datacontenttype` header is an error, as the binding says it MUST NOT be sent;
//! - a structured mode in a format other than JSON (`application/cloudevents+avro`) is
//!   refused as an unsupported content type rather than forwarded as binary (which the
//!   binding allows).
//!
//! ```
//! use hookwire::format::cloudevents::{self, CloudEvent, Received};
//!
//! let event = CloudEvent::builder("6449017691630140398", "/work/abcd42", "com.lytics.audience.user.event")
//!     .datacontenttype("application/json")
//!     .time_rfc3339("2023-05-10T23:27:53.568929003Z")
//!     .data_json(serde_json::json!({"email": "beth@example.com"}))
//!     .build()?;
//!
//! // Sender: pick a mode.
//! let payload = cloudevents::render_binary(&event);
//!
//! // Receiver: `parse` picks the mode from the request.
//! let mut headers = hookwire::http::HeaderMap::new();
//! payload.apply_to(&mut headers);
//! assert_eq!(cloudevents::parse(&headers, payload.body())?, Received::Binary(event));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## On the wire
//!
//! The same event in each mode, exactly: structured (the whole event as the body), binary
//! (attributes as `ce-` headers, `data` as the body) and batch (an array of structured
//! events).
//!
//! ```
//! use hookwire::format::cloudevents::{self, CloudEvent};
//!
//! let event = CloudEvent::builder("6449017691630140398", "/work/abcd42", "com.lytics.audience.user.event")
//!     .datacontenttype("application/json")
//!     .time_rfc3339("2023-05-10T23:27:53.568929003Z")
//!     .data_json(serde_json::json!({"email": "beth@example.com"}))
//!     .build()?;
//! let structured = r#"{"specversion":"1.0","id":"6449017691630140398","source":"/work/abcd42","type":"com.lytics.audience.user.event","datacontenttype":"application/json","time":"2023-05-10T23:27:53.568929003Z","data":{"email":"beth@example.com"}}"#;
//!
//! let payload = cloudevents::render_structured(&event);
//! assert_eq!(payload.content_type(), "application/cloudevents+json; charset=UTF-8");
//! assert_eq!(std::str::from_utf8(payload.body())?, structured);
//!
//! let payload = cloudevents::render_binary(&event);
//! let mut headers = hookwire::http::HeaderMap::new();
//! payload.apply_to(&mut headers);
//! assert_eq!(headers["content-type"], "application/json");
//! assert_eq!(headers["ce-specversion"], "1.0");
//! assert_eq!(headers["ce-id"], "6449017691630140398");
//! assert_eq!(headers["ce-source"], "/work/abcd42");
//! assert_eq!(headers["ce-type"], "com.lytics.audience.user.event");
//! assert_eq!(headers["ce-time"], "2023-05-10T23:27:53.568929003Z");
//! assert_eq!(payload.body().as_ref(), br#"{"email":"beth@example.com"}"#);
//!
//! let payload = cloudevents::render_batch(&[event]);
//! assert_eq!(payload.content_type(), "application/cloudevents-batch+json; charset=UTF-8");
//! assert_eq!(std::str::from_utf8(payload.body())?, format!("[{structured}]"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod attributes;
mod batch;
mod binary;
mod builder;
mod error;
mod event;
mod header_value;
mod structured;
mod value;

use http::HeaderMap;
use http::header::CONTENT_TYPE;

pub use batch::{BATCH_CONTENT_TYPE, parse_batch, render_batch};
pub use binary::{parse_binary, render_binary};
pub use builder::CloudEventBuilder;
pub use error::AttributeError;
pub use event::{CloudEvent, SPEC_VERSION};
pub use structured::{STRUCTURED_CONTENT_TYPE, parse_structured, render_structured};
pub use value::{Data, ExtensionValue};

use crate::format::ParseError;

/// What a request carried, by the mode it came in.
///
/// ```
/// use hookwire::format::cloudevents::{CloudEvent, Received};
/// let event = CloudEvent::builder("1", "/s", "t").build()?;
/// assert_eq!(Received::Batch(vec![event.clone()]).into_events(), [event]);
/// # Ok::<(), hookwire::ConfigError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Received {
    /// One event in structured mode.
    Structured(CloudEvent),
    /// One event in binary mode.
    Binary(CloudEvent),
    /// A batch (possibly empty).
    Batch(Vec<CloudEvent>),
}

impl Received {
    /// The events, whatever the mode.
    ///
    /// ```
    /// use hookwire::format::cloudevents::Received;
    /// assert!(Received::Batch(Vec::new()).into_events().is_empty());
    /// ```
    #[must_use]
    pub fn into_events(self) -> Vec<CloudEvent> {
        match self {
            Received::Structured(event) | Received::Binary(event) => vec![event],
            Received::Batch(events) => events,
        }
    }
}

/// Parses a request in whichever mode it uses, as the HTTP binding says: a `Content-Type`
/// of `application/cloudevents-batch+json` is a batch, `application/cloudevents+json` is
/// structured (both compared case-insensitively, parameters ignored); otherwise a
/// `ce-specversion` header means binary mode. Anything else — including structured modes in
/// formats other than JSON — is [`ParseError::UnsupportedContentType`].
///
/// ```
/// use hookwire::format::ParseError;
/// use hookwire::format::cloudevents::{parse, Received};
/// use hookwire::http::HeaderMap;
///
/// let mut headers = HeaderMap::new();
/// headers.insert("content-type", "Application/CloudEvents+JSON; charset=utf-8".parse()?);
/// let body = br#"{"specversion":"1.0","id":"1","source":"/s","type":"t"}"#;
/// assert!(matches!(parse(&headers, body)?, Received::Structured(_)));
///
/// headers.insert("content-type", "text/xml".parse()?);
/// let err = parse(&headers, body).unwrap_err();
/// assert!(matches!(err, ParseError::UnsupportedContentType { .. }));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn parse(headers: &HeaderMap, body: &[u8]) -> Result<Received, ParseError> {
    binary::single_content_type(headers)?;
    let content_type = headers
        .get(CONTENT_TYPE)
        .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned())
        .unwrap_or_default();
    let essence = attributes::media_type_essence(&content_type);
    if essence == "application/cloudevents-batch+json" {
        return parse_batch(body).map(Received::Batch);
    }
    if essence == "application/cloudevents+json" {
        return parse_structured(body).map(Received::Structured);
    }
    if !essence.starts_with("application/cloudevents") && headers.contains_key("ce-specversion") {
        return parse_binary(headers, body).map(Received::Binary);
    }
    Err(ParseError::UnsupportedContentType { content_type })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_the_mode() {
        // With its content type set, the event is the same in all three modes.
        let event = CloudEvent::builder("1", "/s", "t")
            .datacontenttype("application/json")
            .data_json(serde_json::json!({"a": [1, "b"]}))
            .build()
            .unwrap();
        for (payload, batch) in [
            (render_structured(&event), false),
            (render_batch(std::slice::from_ref(&event)), true),
            (render_binary(&event), false),
        ] {
            let mut headers = HeaderMap::new();
            payload.apply_to(&mut headers);
            let received = parse(&headers, payload.body()).unwrap();
            assert_eq!(matches!(received, Received::Batch(_)), batch);
            assert_eq!(received.into_events(), std::slice::from_ref(&event));
        }
    }

    #[test]
    fn what_one_mode_accepts_another_renders() {
        // Received in structured mode, forwarded in binary mode, read back: each event's
        // attributes and data survive (binary mode carries extensions as text and data under
        // a non-JSON content type as bytes, as the binding says).
        let bodies = [
            r#"{"specversion":"1.0","id":"1","source":"/s","type":"t","data":null}"#,
            r#"{"specversion":"1.0","id":"1","source":"/s","type":"t","datacontenttype":"application/json","data_base64":"eyJhIjoxfQ=="}"#,
            r#"{"specversion":"1.0","id":"1","source":"/s","type":"t","datacontenttype":"text/plain","data":"hi"}"#,
            r#"{"specversion":"1.0","id":"1","source":"/s","type":"t","ext":"caf\u00e9 ok","time":"2018-04-05t17:31:00z"}"#,
        ];
        for body in bodies {
            let event = parse_structured(body.as_bytes()).unwrap();
            let payload = render_binary(&event);
            let mut headers = HeaderMap::new();
            payload.apply_to(&mut headers);
            let back = parse(&headers, payload.body())
                .unwrap_or_else(|e| panic!("{body}: {e}"))
                .into_events()
                .remove(0);
            assert_eq!(
                (back.id(), back.time()),
                (event.id(), event.time()),
                "{body}"
            );
            assert_eq!(
                back.extension("ext").map(ToString::to_string),
                event.extension("ext").map(ToString::to_string)
            );
            let bytes = |data: Option<&Data>| match data {
                Some(Data::Json(serde_json::Value::String(text))) => Some(text.as_bytes().to_vec()),
                Some(Data::Json(value)) => Some(serde_json::to_vec(value).unwrap()),
                Some(Data::Binary(bytes)) => Some(bytes.to_vec()),
                None => None,
            };
            assert_eq!(bytes(back.data()), bytes(event.data()), "{body}");
        }
    }

    #[test]
    fn refuses_unknown_content() {
        let mut headers = HeaderMap::new();
        assert_eq!(
            parse(&headers, b"{}").unwrap_err(),
            ParseError::UnsupportedContentType {
                content_type: String::new()
            }
        );
        headers.insert(
            CONTENT_TYPE,
            "application/cloudevents+avro".parse().unwrap(),
        );
        headers.insert("ce-specversion", "1.0".parse().unwrap());
        assert!(matches!(
            parse(&headers, b"{}"),
            Err(ParseError::UnsupportedContentType { .. })
        ));
    }
}
