//! CloudEvents 1.0.2 (SPECS.md): the spec's own examples, the three HTTP modes, every
//! rejection, exact bytes and render → parse round trips.

use hookwire::format::ParseError;
use hookwire::format::cloudevents::{
    self, AttributeError, CloudEvent, Data, ExtensionValue, Received, parse_batch, parse_binary,
    parse_structured, render_batch, render_binary, render_structured,
};
use hookwire::http::HeaderMap;
use hookwire::receive::Rejection;

mod support;

use support::headers;

fn wire(payload: &hookwire::Payload) -> String {
    let mut text = format!(
        "content-type: {}\n",
        payload.content_type().to_str().unwrap()
    );
    for (name, value) in payload.headers() {
        text += &format!("{name}: {}\n", value.to_str().unwrap());
    }
    text + "\n" + &String::from_utf8_lossy(payload.body())
}

/// The JSON event format spec's example (json-format.md §5.1), a string under application/xml.
const SPEC_XML_EXAMPLE: &str = r#"{
    "specversion" : "1.0",
    "type" : "com.example.someevent",
    "source" : "/mycontext",
    "id" : "A234-1234-1234",
    "time" : "2018-04-05T17:31:00Z",
    "comexampleextension1" : "value",
    "comexampleothervalue" : 5,
    "datacontenttype" : "application/xml",
    "data" : "<much wow=\"xml\"/>"
}"#;

/// The seed's "CloudEvents format" sample (seed 004), data cut to a few fields.
const LYTICS_SAMPLE: &str = r#"{
"specversion": "1.0",
"id": "6449017691630140398",
"source": "/work/abcd42a455d7365e08d5f4ce321e4bacd",
"type": "com.lytics.audience.user.event",
"datacontenttype": "application/json",
"time": "2023-05-10T23:27:53.568929003Z",
"data": {
"_created": "2020-07-15T08:55:43.041-07:00",
"_cust_sz": 118,
"email": "[email protected]",
"hourly": {
"15": 1
},
"segment_events": [
{
"id": "42976a269a5e6b9d06c681b1c27292df",
"event": "enter",
"slug": "emailzz5",
"enter": "2020-10-14T13:27:33.916374949-07:00"
}
]
}
}"#;

mod spec_examples {
    use super::*;

    #[test]
    fn json_format_example_with_extensions() {
        let event = parse_structured(SPEC_XML_EXAMPLE.as_bytes()).unwrap();
        assert_eq!(event.id(), "A234-1234-1234");
        assert_eq!(event.source(), "/mycontext");
        assert_eq!(event.ty(), "com.example.someevent");
        assert_eq!(event.time(), Some("2018-04-05T17:31:00Z"));
        assert_eq!(event.datacontenttype(), Some("application/xml"));
        assert_eq!(
            event.extension("comexampleextension1"),
            Some(&ExtensionValue::from("value"))
        );
        assert_eq!(
            event.extension("comexampleothervalue"),
            Some(&ExtensionValue::Integer(5))
        );
        assert_eq!(
            event.data(),
            Some(&Data::Json(serde_json::json!("<much wow=\"xml\"/>")))
        );
    }

    #[test]
    fn data_base64_keeps_bytes_exact() {
        let body = br#"{"specversion":"1.0","id":"A234-1234-1234","source":"/mycontext","type":"com.example.someevent","datacontenttype":"application/vnd.apache.thrift.binary","data_base64":"AAECA/7/"}"#;
        let event = parse_structured(body).unwrap();
        assert_eq!(
            event.data(),
            Some(&Data::Binary(vec![0u8, 1, 2, 3, 0xfe, 0xff].into()))
        );
        assert_eq!(render_structured(&event).body().as_ref(), body);
    }

    #[test]
    fn http_binding_binary_example() {
        // http-protocol-binding.md §3.1.4.
        let request = headers(&[
            ("ce-specversion", "1.0"),
            ("ce-type", "com.example.someevent"),
            ("ce-time", "2018-04-05T03:56:24Z"),
            ("ce-id", "1234-1234-1234"),
            ("ce-source", "/mycontext/subcontext"),
            ("Content-Type", "application/json; charset=utf-8"),
        ]);
        let received = cloudevents::parse(&request, br#"{"key":"value"}"#).unwrap();
        let Received::Binary(event) = received else {
            panic!("{received:?}")
        };
        assert_eq!(event.id(), "1234-1234-1234");
        assert_eq!(event.source(), "/mycontext/subcontext");
        assert_eq!(
            event.datacontenttype(),
            Some("application/json; charset=utf-8")
        );
        assert_eq!(
            event.data(),
            Some(&Data::Json(serde_json::json!({"key": "value"})))
        );
    }

    #[test]
    fn header_value_percent_encoding_example() {
        // "Euro € 😀" → "Euro%20%E2%82%AC%20%F0%9F%98%80", decoders accept lower-case hex.
        let event = CloudEvent::builder("1", "/s", "t")
            .subject("Euro € 😀")
            .build()
            .unwrap();
        let payload = render_binary(&event);
        let subject = payload
            .headers()
            .find(|(name, _)| name.as_str() == "ce-subject")
            .map(|(_, value)| value.clone())
            .unwrap();
        assert_eq!(subject, "Euro%20%E2%82%AC%20%F0%9F%98%80");
        let request = headers(&[
            ("ce-specversion", "1.0"),
            ("ce-id", "1"),
            ("ce-source", "/s"),
            ("ce-type", "t"),
            ("ce-subject", "Euro%20%e2%82%ac%20%f0%9f%98%80"),
        ]);
        assert_eq!(
            parse_binary(&request, b"").unwrap().subject(),
            Some("Euro € 😀")
        );
    }

    #[test]
    fn quoted_header_values_and_overlong_utf8() {
        // "[quoted-string values] MUST be supported when receiving events" and "%C0%A0 is an
        // overlong encoding of U+0020, and MUST be rejected".
        let base = [
            ("ce-specversion", "1.0"),
            ("ce-id", "1"),
            ("ce-source", "/s"),
            ("ce-type", "t"),
        ];
        let mut pairs = base.to_vec();
        pairs.push(("ce-subject", r#""old \"style\" value""#));
        assert_eq!(
            parse_binary(&headers(&pairs), b"").unwrap().subject(),
            Some(r#"old "style" value"#)
        );
        let mut pairs = base.to_vec();
        pairs.push(("ce-subject", "%C0%A0"));
        assert!(matches!(
            parse_binary(&headers(&pairs), b""),
            Err(ParseError::InvalidEncoding { .. })
        ));
    }

    #[test]
    fn lytics_cloudevents_sample_round_trips() {
        // Seed 004: "Select the CloudEvents checkbox to emit events in the CloudEvents format."
        let event = parse_structured(LYTICS_SAMPLE.as_bytes()).unwrap();
        assert_eq!(event.ty(), "com.lytics.audience.user.event");
        assert_eq!(event.time(), Some("2023-05-10T23:27:53.568929003Z"));
        for payload in [render_structured(&event), render_binary(&event)] {
            let mut map = HeaderMap::new();
            payload.apply_to(&mut map);
            let back = cloudevents::parse(&map, payload.body()).unwrap();
            assert_eq!(back.into_events(), std::slice::from_ref(&event));
        }
    }
}

mod modes {
    use super::*;

    fn sample() -> CloudEvent {
        CloudEvent::builder("evt 1", "/work/42", "com.lytics.audience.user.event")
            .datacontenttype("application/json")
            .subject("Beth \"B\" Izzi 100%")
            .time_rfc3339("2023-05-10T23:27:53.568929003Z")
            .extension(
                "traceparent",
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            )
            .data_json(serde_json::json!({"email": "beth@example.com", "q": "a&b=c+d%"}))
            .build()
            .unwrap()
    }

    #[test]
    fn structured_exact_bytes() {
        insta::assert_snapshot!("structured", wire(&render_structured(&sample())));
    }

    #[test]
    fn binary_exact_bytes() {
        insta::assert_snapshot!("binary", wire(&render_binary(&sample())));
    }

    #[test]
    fn batch_exact_bytes() {
        let second = CloudEvent::builder("evt 2", "/work/42", "com.example.binary")
            .datacontenttype("application/octet-stream")
            .extension("sampled", true)
            .extension("partition", 7)
            .data_binary(&b"\x00\xffbytes"[..])
            .build()
            .unwrap();
        insta::assert_snapshot!("batch", wire(&render_batch(&[sample(), second])));
    }

    #[test]
    fn each_mode_round_trips_through_parse() {
        let event = sample();
        for payload in [render_structured(&event), render_binary(&event)] {
            let mut map = HeaderMap::new();
            payload.apply_to(&mut map);
            assert_eq!(
                cloudevents::parse(&map, payload.body())
                    .unwrap()
                    .into_events(),
                std::slice::from_ref(&event)
            );
        }
        let batch = render_batch(&[event.clone(), event.clone()]);
        assert_eq!(parse_batch(batch.body()).unwrap(), [event.clone(), event]);
    }

    #[test]
    fn binary_mode_carries_extensions_as_text() {
        let event = CloudEvent::builder("1", "/s", "t")
            .datacontenttype("application/json")
            .extension("n", 5)
            .extension("flag", false)
            .build()
            .unwrap();
        let payload = render_binary(&event);
        let mut map = HeaderMap::new();
        payload.apply_to(&mut map);
        let back = parse_binary(&map, payload.body()).unwrap();
        assert_eq!(back.extension("n"), Some(&ExtensionValue::from("5")));
        assert_eq!(back.extension("flag"), Some(&ExtensionValue::from("false")));
    }

    #[test]
    fn text_data_under_a_text_content_type_is_sent_bare() {
        let event = parse_structured(SPEC_XML_EXAMPLE.as_bytes()).unwrap();
        let payload = render_binary(&event);
        assert_eq!(payload.content_type(), "application/xml");
        assert_eq!(payload.body().as_ref(), b"<much wow=\"xml\"/>");
        let mut map = HeaderMap::new();
        payload.apply_to(&mut map);
        // A non-JSON body arrives as bytes, exactly.
        assert_eq!(
            parse_binary(&map, payload.body()).unwrap().data(),
            Some(&Data::Binary(bytes::Bytes::from_static(
                b"<much wow=\"xml\"/>"
            )))
        );
    }

    #[test]
    fn mode_detection_is_case_insensitive_and_ignores_parameters() {
        let body = render_structured(&sample()).into_body();
        let map = headers(&[(
            "content-type",
            "APPLICATION/CLOUDEVENTS+JSON ; charset=utf-8",
        )]);
        assert!(matches!(
            cloudevents::parse(&map, &body),
            Ok(Received::Structured(_))
        ));
        let map = headers(&[("content-type", "application/CloudEvents-Batch+Json")]);
        assert!(matches!(
            cloudevents::parse(&map, b"[]"),
            Ok(Received::Batch(events)) if events.is_empty()
        ));
    }
}

mod rejections {
    use super::*;

    const OK: &str = r#""specversion":"1.0","id":"1","source":"/s","type":"t""#;

    fn structured(members: &str) -> ParseError {
        parse_structured(format!("{{{members}}}").as_bytes()).unwrap_err()
    }

    fn invalid(field: &str) -> impl Fn(&ParseError) -> bool + '_ {
        move |err| matches!(err, ParseError::InvalidValue { field: f, .. } if f == field)
    }

    #[test]
    fn missing_required_attributes_are_named() {
        for missing in ["specversion", "id", "source", "type"] {
            let members: Vec<&str> = OK
                .split(',')
                .filter(|m| !m.starts_with(&format!("\"{missing}\"")))
                .collect();
            assert_eq!(
                structured(&members.join(",")),
                ParseError::MissingField {
                    field: missing.into()
                }
            );
        }
    }

    #[test]
    fn wrong_versions_and_empty_values() {
        let err = structured(r#""specversion":"0.3","id":"1","source":"/s","type":"t""#);
        assert!(invalid("specversion")(&err), "{err}");
        assert!(err.to_string().contains("0.3"));
        assert!(invalid("id")(&structured(
            r#""specversion":"1.0","id":"","source":"/s","type":"t""#
        )));
        assert!(invalid("type")(&structured(
            r#""specversion":"1.0","id":"1","source":"/s","type":"""#
        )));
        assert!(invalid("source")(&structured(
            r#""specversion":"1.0","id":"1","source":"has space","type":"t""#
        )));
        assert!(invalid("dataschema")(&structured(&format!(
            r#"{OK},"dataschema":"relative""#
        ))));
        assert!(invalid("subject")(&structured(&format!(
            r#"{OK},"subject":"""#
        ))));
        assert!(invalid("time")(&structured(&format!(
            r#"{OK},"time":"2018-13-05T17:31:00Z""#
        ))));
        assert!(invalid("datacontenttype")(&structured(&format!(
            r#"{OK},"datacontenttype":"""#
        ))));
    }

    #[test]
    fn wrong_types() {
        assert_eq!(
            structured(r#""specversion":"1.0","id":1,"source":"/s","type":"t""#),
            ParseError::WrongType {
                field: "id".into(),
                expected: "a string"
            }
        );
        assert!(invalid("ext")(&structured(&format!(r#"{OK},"ext":1.5"#))));
        assert!(invalid("ext")(&structured(&format!(
            r#"{OK},"ext":2147483648"#
        ))));
        assert!(invalid("ext")(&structured(&format!(r#"{OK},"ext":{{}}"#))));
        assert!(parse_structured(format!(r#"{{{OK},"ext":-2147483648}}"#).as_bytes()).is_ok());
    }

    #[test]
    fn invalid_attribute_names() {
        for name in ["Upper", "with_underscore", "with-dash", "ünï", ""] {
            let err = structured(&format!(r#"{OK},"{name}":"x""#));
            assert!(invalid(name)(&err), "{name}: {err}");
        }
    }

    #[test]
    fn data_and_data_base64_are_exclusive() {
        let err = structured(&format!(r#"{OK},"data":{{}},"data_base64":"AA==""#));
        assert!(invalid("data_base64")(&err), "{err}");
        assert!(matches!(
            structured(&format!(r#"{OK},"data_base64":"not base64!""#)),
            ParseError::InvalidEncoding { .. }
        ));
    }

    #[test]
    fn batch_errors_name_the_index() {
        let body = format!(r#"[{{{OK}}},{{"specversion":"1.0","id":"2","source":"/s"}}]"#);
        assert_eq!(
            parse_batch(body.as_bytes()).unwrap_err(),
            ParseError::MissingField {
                field: "[1].type".into()
            }
        );
        assert!(matches!(
            parse_batch(b"{}").unwrap_err(),
            ParseError::WrongType { .. }
        ));
    }

    #[test]
    fn binary_rejections_name_the_header() {
        let base = [
            ("ce-specversion", "1.0"),
            ("ce-id", "1"),
            ("ce-source", "/s"),
            ("ce-type", "t"),
        ];
        for skip in 0..base.len() {
            let pairs: Vec<_> = base
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != skip)
                .map(|(_, p)| *p)
                .collect();
            assert_eq!(
                parse_binary(&headers(&pairs), b"").unwrap_err(),
                ParseError::MissingField {
                    field: base[skip].0.into()
                }
            );
        }
        let with = |extra: (&str, &str)| {
            let mut pairs = base.to_vec();
            pairs.push(extra);
            parse_binary(&headers(&pairs), b"").unwrap_err()
        };
        assert!(invalid("ce-with_underscore")(&with((
            "ce-with_underscore",
            "x"
        ))));
        assert!(invalid("ce-data")(&with(("ce-data", "x"))));
        assert!(invalid("ce-time")(&with(("ce-time", "noon"))));
        assert!(matches!(
            with(("ce-subject", "%F0%9F")),
            ParseError::InvalidEncoding { .. }
        ));
        assert!(matches!(
            with(("ce-subject", "100%")),
            ParseError::InvalidEncoding { .. }
        ));
    }

    #[test]
    fn unsupported_content_types_answer_415() {
        for content_type in ["text/plain", "application/cloudevents+xml"] {
            let err =
                cloudevents::parse(&headers(&[("content-type", content_type)]), b"x").unwrap_err();
            assert!(
                matches!(err, ParseError::UnsupportedContentType { .. }),
                "{content_type}"
            );
            assert_eq!(Rejection::Body(err).status(), 415, "{content_type}");
        }
    }

    #[test]
    fn the_builder_refuses_what_the_parser_refuses() {
        let err = CloudEvent::builder("1", "/s", "t")
            .extension("data", "x")
            .build()
            .unwrap_err();
        assert!(matches!(err, AttributeError::InvalidName { ref name, .. } if name == "data"));
        assert!(CloudEvent::builder("1", "", "t").build().is_err());
        assert!(CloudEvent::builder("1", "/s", "").build().is_err());
        assert!(
            CloudEvent::builder("1", "/s", "t")
                .datacontenttype("a\nb")
                .build()
                .is_err()
        );
    }
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Text with the characters that break naive encoders.
    fn tricky() -> impl Strategy<Value = String> {
        prop_oneof![
            Just(String::new()),
            "[a-z&=+% \"/é€😀]{0,12}",
            any::<String>(),
        ]
    }

    fn non_empty() -> impl Strategy<Value = String> {
        tricky().prop_map(|text| format!("x{text}"))
    }

    prop_compose! {
        fn event()(
            id in non_empty(),
            source in "/[a-z0-9&=+._~-]{0,10}(%2[0-9A-F])?",
            ty in non_empty(),
            subject in proptest::option::of(non_empty()),
            ext in proptest::collection::btree_map("[a-z0-9]{1,8}", tricky(), 0..3),
            data in tricky(),
        ) -> CloudEvent {
            let mut builder = CloudEvent::builder(id, source, ty)
                .datacontenttype("application/json")
                .data_json(serde_json::json!({ "text": data }));
            if let Some(subject) = subject {
                builder = builder.subject(subject);
            }
            for (name, value) in ext {
                if !["id", "source", "type", "subject", "time", "data", "dataschema", "specversion", "datacontenttype"].contains(&name.as_str()) {
                    builder = builder.extension(name, value);
                }
            }
            builder.build().unwrap()
        }
    }

    proptest! {
        #[test]
        fn structured_round_trip(event in event()) {
            prop_assert_eq!(parse_structured(render_structured(&event).body()).unwrap(), event);
        }

        #[test]
        fn binary_round_trip(event in event()) {
            let payload = render_binary(&event);
            let mut map = HeaderMap::new();
            payload.apply_to(&mut map);
            prop_assert_eq!(parse_binary(&map, payload.body()).unwrap(), event);
        }

        #[test]
        fn batch_round_trip(events in proptest::collection::vec(event(), 0..4)) {
            prop_assert_eq!(parse_batch(render_batch(&events).body()).unwrap(), events);
        }

        #[test]
        fn binary_data_round_trips_exactly(bytes in proptest::collection::vec(any::<u8>(), 1..64)) {
            let event = CloudEvent::builder("1", "/s", "t")
                .datacontenttype("application/octet-stream")
                .data_binary(bytes.clone())
                .build()
                .unwrap();
            for payload in [render_structured(&event), render_binary(&event)] {
                let mut map = HeaderMap::new();
                payload.apply_to(&mut map);
                let back = cloudevents::parse(&map, payload.body()).unwrap().into_events();
                prop_assert_eq!(back, vec![event.clone()]);
            }
        }

        #[test]
        fn parse_never_panics(body in proptest::collection::vec(any::<u8>(), 0..64), subject in "[ -~]{0,12}") {
            let map = headers(&[("ce-specversion", "1.0"), ("ce-id", "1"), ("ce-source", "/s"), ("ce-type", "t"), ("ce-subject", &subject)]);
            let _ = cloudevents::parse(&map, &body);
            let _ = parse_structured(&body);
            let _ = parse_batch(&body);
        }
    }
}
