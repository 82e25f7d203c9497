//! Binary mode: attributes in `ce-` headers, the data as the body, `datacontenttype` as
//! `Content-Type`.

use bytes::Bytes;
use http::header::CONTENT_TYPE;
use http::{HeaderMap, HeaderName, HeaderValue};
use serde_json::Value;

use super::attributes;
use super::event::{CloudEvent, SPEC_VERSION, check_attributes};
use super::header_value;
use super::value::{Data, ExtensionValue};
use crate::format::ParseError;
use crate::payload::Payload;

/// What `Content-Type` says when the event has no `datacontenttype`: JSON for JSON data or
/// none, bytes for binary data.
const DEFAULT_JSON: &str = "application/json";
const DEFAULT_BINARY: &str = "application/octet-stream";

/// Renders `event` in binary mode: each attribute in a `ce-<name>` header (percent-encoded
/// as the HTTP binding says), `datacontenttype` as `Content-Type`, the data as the body.
///
/// - JSON data is written as JSON text when the content type is JSON; a JSON string under a
///   non-JSON content type (`text/plain`) is written as the bare text.
/// - An event without `datacontenttype` is sent with `Content-Type: application/json`
///   (`application/octet-stream` for binary data), which the receiver reads as the event's
///   `datacontenttype`: the header is required, the attribute is not.
/// - The binding has no types: extension values arrive as strings.
///
/// ```
/// use hookwire::format::cloudevents::{CloudEvent, render_binary};
///
/// let event = CloudEvent::builder("1", "/work/42", "com.example.tick")
///     .subject("Euro € 😀")
///     .datacontenttype("text/plain")
///     .data_binary(&b"hello"[..])
///     .build()?;
/// let payload = render_binary(&event);
/// assert_eq!(payload.content_type(), "text/plain");
/// let headers: Vec<_> = payload.headers().map(|(n, v)| format!("{n}: {}", v.to_str().unwrap())).collect();
/// assert_eq!(headers, [
///     "ce-specversion: 1.0",
///     "ce-id: 1",
///     "ce-source: /work/42",
///     "ce-type: com.example.tick",
///     "ce-subject: Euro%20%E2%82%AC%20%F0%9F%98%80",
/// ]);
/// assert_eq!(payload.body().as_ref(), b"hello");
/// # Ok::<(), hookwire::ConfigError>(())
/// ```
#[must_use]
pub fn render_binary(event: &CloudEvent) -> Payload {
    let mut headers = Vec::with_capacity(5 + event.extensions.len());
    let mut put = |name: &str, value: &str| {
        // Attribute names are lower-case letters and digits (checked when the event was
        // built or parsed), and encoded values are printable ASCII: both always valid.
        let name =
            HeaderName::try_from(format!("ce-{name}")).expect("ce- + [a-z0-9]+ is a header name");
        let value = HeaderValue::try_from(header_value::encode(value))
            .expect("encoded values are printable ASCII");
        headers.push((name, value));
    };
    put("specversion", SPEC_VERSION);
    put("id", &event.id);
    put("source", &event.source);
    put("type", &event.ty);
    for (name, value) in [
        ("dataschema", &event.dataschema),
        ("subject", &event.subject),
        ("time", &event.time),
    ] {
        if let Some(value) = value {
            put(name, value);
        }
    }
    for (name, value) in &event.extensions {
        put(name, &value.to_string());
    }

    let (default_type, body) = match &event.data {
        None => (DEFAULT_JSON, Bytes::new()),
        Some(Data::Binary(bytes)) => (DEFAULT_BINARY, bytes.clone()),
        Some(Data::Json(Value::String(text))) if !event.data_is_json() => {
            (DEFAULT_JSON, Bytes::from(text.clone().into_bytes()))
        }
        Some(Data::Json(value)) => (
            DEFAULT_JSON,
            Bytes::from(super::structured::to_json_bytes(value)),
        ),
    };
    let content_type = event.datacontenttype.as_deref().unwrap_or(default_type);
    // `datacontenttype` was checked to be printable ASCII; the defaults are literals.
    let content_type = HeaderValue::try_from(content_type).expect("checked content type");
    Payload::from_parts(content_type, headers, body)
}

/// Parses a binary-mode request: attributes from the `ce-` headers (percent-decoded),
/// `datacontenttype` from `Content-Type`, the data from the body.
///
/// An empty body is "no data". A JSON content type makes the data a JSON value; any other,
/// or none, keeps the body's exact bytes ([`Data::Binary`]). So an event whose data was a
/// JSON string under a `text/*` type renders to the same body as one holding those bytes,
/// and both come back as bytes: binary mode cannot tell them apart. Errors name the header
/// at fault.
///
/// ```
/// use hookwire::format::ParseError;
/// use hookwire::format::cloudevents::{Data, parse_binary};
/// use hookwire::http::HeaderMap;
///
/// let mut headers = HeaderMap::new();
/// headers.insert("ce-specversion", "1.0".parse()?);
/// headers.insert("ce-id", "1".parse()?);
/// headers.insert("ce-source", "/s".parse()?);
/// headers.insert("ce-type", "t".parse()?);
/// headers.insert("ce-subject", "a%20b".parse()?);
/// headers.insert("content-type", "application/json".parse()?);
/// let event = parse_binary(&headers, br#"{"n":1}"#)?;
/// assert_eq!(event.subject(), Some("a b"));
/// assert_eq!(event.data(), Some(&Data::Json(serde_json::json!({"n": 1}))));
///
/// headers.remove("ce-type");
/// assert_eq!(parse_binary(&headers, b"").unwrap_err(), ParseError::MissingField { field: "ce-type".into() });
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn parse_binary(headers: &HeaderMap, body: &[u8]) -> Result<CloudEvent, ParseError> {
    let mut specversion = None;
    let mut event = CloudEvent::with_required(String::new(), String::new(), String::new());
    let (mut id, mut source, mut ty) = (None, None, None);
    for (name, value) in headers {
        let Some(attribute) = name.as_str().strip_prefix("ce-") else {
            continue;
        };
        // A repeated attribute header is ambiguous: which value is the event's?
        if headers.get_all(name).iter().nth(1).is_some() {
            return Err(ParseError::InvalidValue {
                field: name.as_str().to_owned(),
                reason: "the header appears more than once".to_owned(),
            });
        }
        let text = header_value::decode(value.as_bytes()).map_err(|reason| {
            ParseError::InvalidEncoding {
                what: format!("header `{name}`"),
                reason,
            }
        })?;
        match attribute {
            "specversion" => specversion = Some(text),
            "id" => id = Some(text),
            "source" => source = Some(text),
            "type" => ty = Some(text),
            "dataschema" => event.dataschema = Some(text),
            "subject" => event.subject = Some(text),
            "time" => event.time = Some(text),
            "datacontenttype" => {
                return Err(ParseError::InvalidValue {
                    field: name.as_str().to_owned(),
                    reason: "binary mode carries datacontenttype in Content-Type".to_owned(),
                });
            }
            extension => {
                attributes::check_extension_name(extension).map_err(|reason| {
                    ParseError::InvalidValue {
                        field: name.as_str().to_owned(),
                        reason: format!("invalid attribute name: {reason}"),
                    }
                })?;
                attributes::check_string(&text).map_err(|reason| ParseError::InvalidValue {
                    field: name.as_str().to_owned(),
                    reason: reason.to_owned(),
                })?;
                event
                    .extensions
                    .insert(extension.to_owned(), ExtensionValue::String(text));
            }
        }
    }
    let required = |value: Option<String>, header: &str| {
        value.ok_or_else(|| ParseError::MissingField {
            field: header.to_owned(),
        })
    };
    let specversion = required(specversion, "ce-specversion")?;
    if specversion != SPEC_VERSION {
        return Err(ParseError::InvalidValue {
            field: "ce-specversion".to_owned(),
            reason: format!("only CloudEvents `1.0` is supported, not `{specversion}`"),
        });
    }
    event.id = required(id, "ce-id")?;
    event.source = required(source, "ce-source")?;
    event.ty = required(ty, "ce-type")?;

    if let Some(value) = single_content_type(headers)? {
        let text = value.to_str().map_err(|_| ParseError::InvalidEncoding {
            what: "header `content-type`".to_owned(),
            reason: "not printable ASCII",
        })?;
        if !text.is_empty() {
            event.datacontenttype = Some(text.to_owned());
        }
    }
    check_attributes(&event).map_err(|(attribute, reason)| ParseError::InvalidValue {
        field: if attribute == "datacontenttype" {
            "content-type".to_owned()
        } else {
            format!("ce-{attribute}")
        },
        reason: reason.to_owned(),
    })?;

    // Without a content type, binary mode says nothing of the body's format (the "absent
    // means JSON" default belongs to the JSON event format), so the bytes stay bytes. A text
    // body (`text/plain`) also comes back as bytes: the header cannot say whether the sender
    // held it as a string or as binary data.
    if !body.is_empty() {
        event.data = Some(if event.datacontenttype.is_some() && event.data_is_json() {
            Data::Json(crate::format::strict_json::from_slice(body)?)
        } else {
            Data::Binary(Bytes::copy_from_slice(body))
        });
    }
    Ok(event)
}

/// The one `Content-Type`, if any. Two would let this reader and the next one (a proxy,
/// a consumer) pick different modes or data types for the same request, so a repeated
/// header is an error, as a repeated `ce-` attribute header is.
pub(super) fn single_content_type(headers: &HeaderMap) -> Result<Option<&HeaderValue>, ParseError> {
    let mut values = headers.get_all(CONTENT_TYPE).iter();
    let first = values.next();
    if values.next().is_some() {
        return Err(ParseError::InvalidValue {
            field: "content-type".to_owned(),
            reason: "the header is repeated".to_owned(),
        });
    }
    Ok(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for (name, value) in pairs {
            headers.append(
                HeaderName::try_from(*name).unwrap(),
                HeaderValue::try_from(*value).unwrap(),
            );
        }
        headers
    }

    const REQUIRED: [(&str, &str); 4] = [
        ("ce-specversion", "1.0"),
        ("ce-id", "1"),
        ("ce-source", "/s"),
        ("ce-type", "t"),
    ];

    #[test]
    fn round_trips_with_string_extensions() {
        let event = CloudEvent::builder("id 1", "/s", "t")
            .subject("a \"quoted\" 100% ü")
            .time_rfc3339("2020-10-14T13:27:34.038154562-07:00")
            .dataschema("https://example.com/s")
            .extension("traceparent", "00-abc-01")
            .datacontenttype("application/octet-stream")
            .data_binary(vec![0u8, 159, 146, 150])
            .build()
            .unwrap();
        let payload = render_binary(&event);
        let mut headers = HeaderMap::new();
        payload.apply_to(&mut headers);
        assert_eq!(parse_binary(&headers, payload.body()).unwrap(), event);
    }

    #[test]
    fn without_a_content_type_the_body_stays_bytes() {
        let headers = request(&[
            ("ce-specversion", "1.0"),
            ("ce-id", "1"),
            ("ce-source", "/s"),
            ("ce-type", "t"),
        ]);
        let event = parse_binary(&headers, b"not json \xff").unwrap();
        assert_eq!(event.datacontenttype(), None);
        assert_eq!(
            event.data(),
            Some(&Data::Binary(Bytes::from_static(b"not json \xff")))
        );
    }

    #[test]
    fn defaults_the_content_type() {
        let event = CloudEvent::builder("1", "/s", "t").build().unwrap();
        assert_eq!(render_binary(&event).content_type(), DEFAULT_JSON);
        let event = CloudEvent::builder("1", "/s", "t")
            .data_binary(vec![1u8])
            .build()
            .unwrap();
        assert_eq!(render_binary(&event).content_type(), DEFAULT_BINARY);
    }

    #[test]
    fn rejections_name_the_header() {
        let mut pairs = REQUIRED.to_vec();
        pairs.push(("ce-Bad_Name", "x"));
        // Header names are lower-cased by `http`; the underscore still makes it invalid.
        assert!(matches!(
            parse_binary(&request(&pairs), b""),
            Err(ParseError::InvalidValue { field, .. }) if field == "ce-bad_name"
        ));
        let mut pairs = REQUIRED.to_vec();
        pairs.push(("ce-subject", "%E2%82"));
        assert!(matches!(
            parse_binary(&request(&pairs), b""),
            Err(ParseError::InvalidEncoding { what, .. }) if what == "header `ce-subject`"
        ));
        let mut pairs = REQUIRED.to_vec();
        pairs.push(("ce-id", "2"));
        assert!(matches!(
            parse_binary(&request(&pairs), b""),
            Err(ParseError::InvalidValue { field, .. }) if field == "ce-id"
        ));
        let mut pairs = REQUIRED.to_vec();
        pairs[0] = ("ce-specversion", "0.3");
        assert!(matches!(
            parse_binary(&request(&pairs), b""),
            Err(ParseError::InvalidValue { field, .. }) if field == "ce-specversion"
        ));
        let mut pairs = REQUIRED.to_vec();
        pairs.push(("ce-datacontenttype", "text/plain"));
        assert!(parse_binary(&request(&pairs), b"").is_err());
        let mut pairs = REQUIRED.to_vec();
        pairs.push(("content-type", "application/json"));
        assert!(matches!(
            parse_binary(&request(&pairs), b"{"),
            Err(ParseError::InvalidJson { .. })
        ));
        let mut pairs = REQUIRED.to_vec();
        pairs[2] = ("ce-source", "");
        assert!(matches!(
            parse_binary(&request(&pairs), b""),
            Err(ParseError::InvalidValue { field, .. }) if field == "ce-source"
        ));
    }
}
