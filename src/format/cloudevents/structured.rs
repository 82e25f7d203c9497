//! Structured mode: the whole event as one JSON document (`application/cloudevents+json`).

use base64::Engine as _;
use serde_json::{Map, Value};

use super::attributes;
use super::event::{CloudEvent, SPEC_VERSION, check_attributes};
use super::value::{Data, ExtensionValue};
use crate::format::ParseError;
use crate::payload::Payload;

/// The content type of a structured-mode body.
pub const STRUCTURED_CONTENT_TYPE: &str = "application/cloudevents+json; charset=UTF-8";

/// Renders `event` in structured mode: one JSON object with `specversion` first, then the
/// context attributes, the extensions (sorted by name) and `data` (JSON) or `data_base64`
/// (bytes, standard base64).
///
/// ```
/// use hookwire::format::cloudevents::{CloudEvent, render_structured};
///
/// let event = CloudEvent::builder("1", "/work/42", "com.example.tick")
///     .data_json(serde_json::json!({"n": 1}))
///     .build()?;
/// let payload = render_structured(&event);
/// assert_eq!(payload.content_type(), "application/cloudevents+json; charset=UTF-8");
/// assert_eq!(
///     payload.body().as_ref(),
///     br#"{"specversion":"1.0","id":"1","source":"/work/42","type":"com.example.tick","data":{"n":1}}"#
/// );
/// # Ok::<(), hookwire::ConfigError>(())
/// ```
#[must_use]
pub fn render_structured(event: &CloudEvent) -> Payload {
    Payload::from_static(STRUCTURED_CONTENT_TYPE, to_json_bytes(&to_object(event)))
}

/// Parses a structured-mode body. Every attribute is checked as the spec says; an error
/// names the attribute at fault.
///
/// ```
/// use hookwire::format::ParseError;
/// use hookwire::format::cloudevents::parse_structured;
///
/// let event = parse_structured(br#"{"specversion":"1.0","id":"1","source":"/s","type":"t"}"#)?;
/// assert_eq!(event.id(), "1");
/// let err = parse_structured(br#"{"specversion":"1.0","id":"1","source":"/s"}"#).unwrap_err();
/// assert_eq!(err, ParseError::MissingField { field: "type".into() });
/// # Ok::<(), ParseError>(())
/// ```
pub fn parse_structured(body: &[u8]) -> Result<CloudEvent, ParseError> {
    let value = crate::format::strict_json::from_slice(body)?;
    from_value(value, "")
}

pub(super) fn to_json_bytes(value: &impl serde::Serialize) -> Vec<u8> {
    // Serializing a `Value` (or a slice of them) into a Vec cannot fail: every key is a
    // string and no custom Serialize impl runs.
    serde_json::to_vec(value).unwrap_or_default()
}

/// The event as a JSON object, members in the spec's order.
pub(super) fn to_object(event: &CloudEvent) -> Value {
    let mut object = Map::new();
    let mut put = |name: &str, value: Option<&String>| {
        if let Some(value) = value {
            object.insert(name.to_owned(), Value::String(value.clone()));
        }
    };
    put("specversion", Some(&SPEC_VERSION.to_owned()));
    put("id", Some(&event.id));
    put("source", Some(&event.source));
    put("type", Some(&event.ty));
    put("datacontenttype", event.datacontenttype.as_ref());
    put("dataschema", event.dataschema.as_ref());
    put("subject", event.subject.as_ref());
    put("time", event.time.as_ref());
    for (name, value) in &event.extensions {
        object.insert(name.clone(), value.to_json());
    }
    match &event.data {
        Some(Data::Json(value)) => {
            object.insert("data".to_owned(), value.clone());
        }
        Some(Data::Binary(bytes)) => {
            let text = base64::engine::general_purpose::STANDARD.encode(bytes);
            object.insert("data_base64".to_owned(), Value::String(text));
        }
        None => {}
    }
    Value::Object(object)
}

/// Reads one event from a JSON value; `prefix` (`[3].` in a batch) goes before field names
/// in errors.
pub(super) fn from_value(value: Value, prefix: &str) -> Result<CloudEvent, ParseError> {
    let name = |field: &str| format!("{prefix}{field}");
    let Value::Object(mut object) = value else {
        return Err(ParseError::WrongType {
            field: if prefix.is_empty() {
                "event".to_owned()
            } else {
                prefix.trim_end_matches('.').to_owned()
            },
            expected: "a JSON object",
        });
    };
    let mut take = |field: &'static str| -> Result<Option<String>, ParseError> {
        match object.remove(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(text)) => Ok(Some(text)),
            Some(_) => Err(ParseError::WrongType {
                field: name(field),
                expected: "a string",
            }),
        }
    };
    let required = |value: Option<String>, field: &str| {
        value.ok_or_else(|| ParseError::MissingField { field: name(field) })
    };

    let specversion = required(take("specversion")?, "specversion")?;
    if specversion != SPEC_VERSION {
        return Err(ParseError::InvalidValue {
            field: name("specversion"),
            reason: format!("only CloudEvents `1.0` is supported, not `{specversion}`"),
        });
    }
    let id = required(take("id")?, "id")?;
    let source = required(take("source")?, "source")?;
    let ty = required(take("type")?, "type")?;
    let datacontenttype = take("datacontenttype")?;
    let dataschema = take("dataschema")?;
    let subject = take("subject")?;
    let time = take("time")?;
    let data_base64 = take("data_base64")?;
    // `"data": null` is data: an explicit JSON null (section 3.1.1), not "no data" — except
    // under a content type that is not JSON, where data is a string and a null can only
    // mean none (as sdk-go reads it; binary mode would otherwise send `null` as text).
    let json = attributes::is_json_media_type(datacontenttype.as_deref());
    let data = match (object.remove("data"), data_base64) {
        (None, None) => None,
        (Some(Value::Null), None) if !json => None,
        (None, Some(text)) => {
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(text.as_bytes())
                .map_err(|_| ParseError::InvalidEncoding {
                    what: name("data_base64"),
                    reason: "not standard base64",
                })?;
            Some(Data::Binary(bytes.into()))
        }
        (Some(value), None) => Some(Data::Json(value)),
        (Some(_), Some(_)) => {
            return Err(ParseError::InvalidValue {
                field: name("data_base64"),
                reason: "`data` and `data_base64` cannot both be present".to_owned(),
            });
        }
    };

    let mut extensions = std::collections::BTreeMap::new();
    for (key, value) in object {
        attributes::check_extension_name(&key).map_err(|reason| ParseError::InvalidValue {
            field: name(&key),
            reason: format!("invalid attribute name: {reason}"),
        })?;
        let value = ExtensionValue::from_json(&value)
            .and_then(|value| match value {
                Some(value) => attributes::check_extension_value(&value).map(|()| Some(value)),
                None => Ok(None),
            })
            .map_err(|reason| ParseError::InvalidValue {
                field: name(&key),
                reason: reason.to_owned(),
            })?;
        if let Some(value) = value {
            extensions.insert(key, value);
        }
    }

    let mut event = CloudEvent::with_required(id, source, ty);
    event.datacontenttype = datacontenttype;
    event.dataschema = dataschema;
    event.subject = subject;
    event.time = time;
    event.extensions = extensions;
    event.data = data;
    check_attributes(&event).map_err(|(field, reason)| ParseError::InvalidValue {
        field: name(field),
        reason: reason.to_owned(),
    })?;
    Ok(event)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<CloudEvent, ParseError> {
        parse_structured(text.as_bytes())
    }

    #[test]
    fn round_trips_every_attribute() {
        let event = CloudEvent::builder(
            "A234-1234-1234",
            "https://github.com/cloudevents/spec/pull",
            "com.github.pull_request.opened",
        )
        .subject("123")
        .time_rfc3339("2018-04-05T17:31:00Z")
        .dataschema("https://example.com/schema")
        .datacontenttype("text/xml")
        .extension("comexampleextension1", "value")
        .extension("comexampleothervalue", 5)
        .extension("sampled", false)
        .data_json(Value::String("<much wow=\"xml\"/>".into()))
        .build()
        .unwrap();
        let payload = render_structured(&event);
        assert_eq!(parse_structured(payload.body()).unwrap(), event);
    }

    #[test]
    fn null_attributes_are_unset_but_null_data_is_data() {
        let event =
            parse(r#"{"specversion":"1.0","id":"1","source":"/s","type":"t","subject":null,"ext":null,"data":null}"#)
                .unwrap();
        assert_eq!(event.subject(), None);
        assert_eq!(event.extensions().count(), 0);
        // "data": null is an explicit null payload, kept through a round trip.
        assert_eq!(event.data(), Some(&Data::Json(Value::Null)));
        let payload = render_structured(&event);
        assert!(
            std::str::from_utf8(payload.body())
                .unwrap()
                .ends_with(r#""data":null}"#)
        );
        assert_eq!(parse_structured(payload.body()).unwrap(), event);
        // No `data` member at all is no data.
        let event = parse(r#"{"specversion":"1.0","id":"1","source":"/s","type":"t"}"#).unwrap();
        assert_eq!(event.data(), None);
    }

    #[test]
    fn null_data_beside_data_base64_or_under_text_is_not_json_data() {
        let err = parse(r#"{"specversion":"1.0","id":"1","source":"/s","type":"t","data":null,"data_base64":"AA=="}"#)
            .unwrap_err();
        assert!(
            matches!(err, ParseError::InvalidValue { ref field, .. } if field == "data_base64")
        );
        // Under a content type that is not JSON, data is a string; a null there is none.
        let event = parse(r#"{"specversion":"1.0","id":"1","source":"/s","type":"t","datacontenttype":"text/plain","data":null}"#)
            .unwrap();
        assert_eq!(event.data(), None);
        // Bytes declared JSON that are not JSON text are refused here too, since binary
        // mode would send them as a body no receiver reads.
        let err = parse(r#"{"specversion":"1.0","id":"1","source":"/s","type":"t","datacontenttype":"application/json","data_base64":"AAE="}"#)
            .unwrap_err();
        assert!(matches!(err, ParseError::InvalidValue { ref field, .. } if field == "data"));
    }

    #[test]
    fn data_under_a_non_json_content_type_is_a_string() {
        let event = parse(
            r#"{"specversion":"1.0","id":"1","source":"/s","type":"t","datacontenttype":"text/plain","data":"hi"}"#,
        )
        .unwrap();
        assert_eq!(event.data(), Some(&Data::Json(Value::String("hi".into()))));
        let err = parse(
            r#"{"specversion":"1.0","id":"1","source":"/s","type":"t","datacontenttype":"text/plain","data":{"a":1}}"#,
        )
        .unwrap_err();
        assert!(
            matches!(err, ParseError::InvalidValue { ref field, .. } if field == "data"),
            "{err}"
        );
        let err = CloudEvent::builder("1", "/s", "t")
            .datacontenttype("text/plain")
            .data_json(serde_json::json!(5))
            .build()
            .unwrap_err();
        assert!(err.to_string().contains("data"), "{err}");
    }

    #[test]
    fn strings_and_times_follow_the_type_system() {
        for (body, field) in [
            (
                r#"{"specversion":"1.0","id":"a\u0000b","source":"/s","type":"t"}"#,
                "id",
            ),
            (
                r#"{"specversion":"1.0","id":"1","source":"/s","type":"t","subject":"a\nb"}"#,
                "subject",
            ),
            (
                r#"{"specversion":"1.0","id":"1","source":"/s","type":"t","ext":"\u007f"}"#,
                "ext",
            ),
            (
                r#"{"specversion":"1.0","id":"1","source":"/s","type":"t","time":"2018-04-05 17:31:00Z"}"#,
                "time",
            ),
            (
                r#"{"specversion":"1.0","id":"1","source":"/s","type":"t","n":5.0}"#,
                "n",
            ),
        ] {
            let err = parse(body).unwrap_err();
            assert!(
                matches!(err, ParseError::InvalidValue { field: ref f, .. } if f == field),
                "{body}: {err}"
            );
        }
    }

    #[test]
    fn rejections_name_the_attribute() {
        let cases = [
            (
                r#"[]"#,
                ParseError::WrongType {
                    field: "event".into(),
                    expected: "a JSON object",
                },
            ),
            (
                r#"{"id":"1","source":"/s","type":"t"}"#,
                ParseError::MissingField {
                    field: "specversion".into(),
                },
            ),
            (
                r#"{"specversion":1.0,"id":"1","source":"/s","type":"t"}"#,
                ParseError::WrongType {
                    field: "specversion".into(),
                    expected: "a string",
                },
            ),
            (
                r#"{"specversion":"1.0","source":"/s","type":"t"}"#,
                ParseError::MissingField { field: "id".into() },
            ),
            (
                r#"{"specversion":"1.0","id":"1","type":"t"}"#,
                ParseError::MissingField {
                    field: "source".into(),
                },
            ),
        ];
        for (text, want) in cases {
            assert_eq!(parse(text).unwrap_err(), want, "{text}");
        }
        let field_of = |text: &str| match parse(text).unwrap_err() {
            ParseError::InvalidValue { field, .. }
            | ParseError::InvalidEncoding { what: field, .. } => field,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            field_of(r#"{"specversion":"0.3","id":"1","source":"/s","type":"t"}"#),
            "specversion"
        );
        assert_eq!(
            field_of(r#"{"specversion":"1.0","id":"","source":"/s","type":"t"}"#),
            "id"
        );
        assert_eq!(
            field_of(r#"{"specversion":"1.0","id":"1","source":"/s","type":"t","Bad":"x"}"#),
            "Bad"
        );
        assert_eq!(
            field_of(r#"{"specversion":"1.0","id":"1","source":"/s","type":"t","x":[1]}"#),
            "x"
        );
        assert_eq!(
            field_of(
                r#"{"specversion":"1.0","id":"1","source":"/s","type":"t","data":1,"data_base64":"AA=="}"#
            ),
            "data_base64"
        );
        assert_eq!(
            field_of(
                r#"{"specversion":"1.0","id":"1","source":"/s","type":"t","data_base64":"!!"}"#
            ),
            "data_base64"
        );
        assert_eq!(
            field_of(r#"{"specversion":"1.0","id":"1","source":"/s","type":"t","time":"noon"}"#),
            "time"
        );
    }

    #[test]
    fn invalid_json_has_a_position() {
        assert!(matches!(
            parse("{\n  \"id\": }"),
            Err(ParseError::InvalidJson { line: 2, .. })
        ));
    }
}
