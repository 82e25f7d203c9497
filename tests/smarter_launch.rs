//! Smarter Launch (seed 001): hex HMAC-SHA256 of the JSON payload with the account key.

use hookwire::http::{HeaderMap, HeaderValue};
use hookwire::{
    Keyring, MessageId, SMARTER_LAUNCH_DEFAULT_HEADER, Scheme, Secret, Signer, Timestamp, Verifier,
    VerifyError,
};

const KEY: &str = "your-secret-key";

fn ring() -> Keyring {
    Keyring::new().with(Secret::from_text(KEY).unwrap())
}

#[test]
fn signs_the_payload_as_hex_in_the_default_header() {
    // Node: crypto.createHmac('sha256', secret).update(payloadJson).digest('hex')
    let body = br#"{"event":"proposal.accepted","proposal_id":42}"#;
    let signed = Signer::new(Scheme::smarter_launch(), ring())
        .unwrap()
        .sign(&MessageId::new("a-1").unwrap(), Timestamp::UNIX_EPOCH, body)
        .unwrap();
    let value = signed
        .get(SMARTER_LAUNCH_DEFAULT_HEADER)
        .unwrap()
        .to_str()
        .unwrap();
    assert_eq!(value.len(), 64);
    assert!(
        value
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    );

    let mut headers = HeaderMap::new();
    headers.insert("X-Signature", HeaderValue::from_str(value).unwrap());
    assert!(
        Verifier::new(Scheme::smarter_launch(), ring())
            .unwrap()
            .verify(&headers, body, Timestamp::UNIX_EPOCH)
            .is_ok()
    );
}

#[test]
fn the_header_name_is_configurable() {
    let scheme = Scheme::smarter_launch_with_header("X-SmarterLaunch-Signature").unwrap();
    let body = b"{}";
    let signed = Signer::new(scheme.clone(), ring())
        .unwrap()
        .sign(&MessageId::new("a").unwrap(), Timestamp::UNIX_EPOCH, body)
        .unwrap();
    let mut headers = HeaderMap::new();
    signed.apply_to(&mut headers);
    assert!(headers.contains_key("x-smarterlaunch-signature"));
    assert!(
        Verifier::new(scheme, ring())
            .unwrap()
            .verify(&headers, body, Timestamp::UNIX_EPOCH)
            .is_ok()
    );
    // The default-header verifier does not look there.
    assert_eq!(
        Verifier::new(Scheme::smarter_launch(), ring())
            .unwrap()
            .verify(&headers, body, Timestamp::UNIX_EPOCH),
        Err(VerifyError::MissingHeader {
            name: "x-signature".into()
        })
    );
}

#[test]
fn re_serializing_the_payload_breaks_the_signature() {
    // The seed's own pitfall: JSON.stringify(payload) gives `{"a":1,"b":[1,2]}` while Python's
    // json.dumps(payload) gives `{"a": 1, "b": [1, 2]}`. Same object, different bytes, different
    // HMAC. A receiver must verify the raw bytes it received, never a re-serialization.
    let node_bytes = br#"{"a":1,"b":[1,2]}"#;
    let python_bytes = br#"{"a": 1, "b": [1, 2]}"#;
    let node: serde_json::Value = serde_json::from_slice(node_bytes).unwrap();
    let python: serde_json::Value = serde_json::from_slice(python_bytes).unwrap();
    assert_eq!(node, python, "the same object");

    let signer = Signer::new(Scheme::smarter_launch(), ring()).unwrap();
    let sent = signer
        .sign(
            &MessageId::new("a").unwrap(),
            Timestamp::UNIX_EPOCH,
            python_bytes,
        )
        .unwrap();
    let mut headers = HeaderMap::new();
    sent.apply_to(&mut headers);
    let verifier = Verifier::new(Scheme::smarter_launch(), ring()).unwrap();

    assert!(
        verifier
            .verify(&headers, python_bytes, Timestamp::UNIX_EPOCH)
            .is_ok(),
        "raw bytes verify"
    );
    let reserialized = serde_json::to_vec(&python).unwrap();
    assert_eq!(
        reserialized, node_bytes,
        "serde_json re-serializes like JSON.stringify"
    );
    assert_eq!(
        verifier.verify(&headers, &reserialized, Timestamp::UNIX_EPOCH),
        Err(VerifyError::SignatureMismatch),
        "a re-serialized body does not"
    );
}

/// Delivery rules: "If we do not receive a response code starting with a "2" we will try
/// again in 10 seconds. If that also fails to receive a successful HTTP response code, we
/// will try again in 100 seconds. We will not try again after these 3 attempts."
mod delivery_rules {
    use hookwire::delivery::{Delivery, Message, OutcomeKind, Reply, Route, simulate};
    use hookwire::{Endpoint, MessageId, Payload, Timestamp, presets::smarter_launch};

    const START: i64 = 1_700_000_000;

    fn route() -> Route {
        Route::new(
            Endpoint::builder("https://sales.example.com/in")
                .build()
                .unwrap(),
        )
        .with_policy(smarter_launch::retry_policy())
    }

    fn run(replies: &[u16]) -> hookwire::delivery::Simulation {
        let message = Message::new(
            MessageId::new("proposal-accepted-1").unwrap(),
            Payload::json(r#"{"event":"proposal.accepted"}"#),
        );
        let mut delivery = Delivery::new(route(), message, Timestamp::from_unix_secs(START));
        let mut script = replies.iter().copied();
        simulate(&mut delivery, |_| {
            Reply::status(script.next().unwrap_or(500))
        })
    }

    fn offsets(sim: &hookwire::delivery::Simulation) -> Vec<i64> {
        sim.attempts
            .iter()
            .map(|a| a.started_at.unix_secs() - START)
            .collect()
    }

    #[test]
    fn three_attempts_ten_then_a_hundred_seconds_apart() {
        let sim = run(&[500, 503, 500]);
        assert_eq!(offsets(&sim), [0, 10, 110]);
        assert!(matches!(sim.outcome.kind, OutcomeKind::Failed { .. }));
    }

    #[test]
    fn any_code_starting_with_2_is_success() {
        for status in [200, 201, 202, 204, 299] {
            assert_eq!(
                run(&[status]).outcome.kind,
                OutcomeKind::Delivered { status }
            );
        }
        let sim = run(&[302, 404, 201]);
        assert_eq!(
            offsets(&sim),
            [0, 10, 110],
            "3xx and 4xx are retried like 5xx"
        );
        assert_eq!(sim.outcome.kind, OutcomeKind::Delivered { status: 201 });
    }

    #[test]
    fn retry_after_does_not_change_the_documented_times() {
        let message = Message::new(MessageId::new("m").unwrap(), Payload::json("{}"));
        let mut delivery = Delivery::new(route(), message, Timestamp::from_unix_secs(START));
        let sim = simulate(&mut delivery, |_| {
            Reply::status(503).with_retry_after("3600")
        });
        assert_eq!(offsets(&sim), [0, 10, 110]);
    }
}

/// Seed 001's automation payloads: "Our automations allow for you to send a webhook to one or
/// more URLs when a particular trigger takes place within Smarter Launch."
mod formats {
    use hookwire::delivery::{Delivery, Message, OutcomeKind, Reply, Route, simulate};
    use hookwire::format::smarter_launch::{self, AutomationEvent};
    use hookwire::format::{ParseError, RenderError};
    use hookwire::presets;
    use hookwire::presets::smarter_launch::{Automation, AutomationError};
    use hookwire::{EndpointError, MessageId, Scheme, Signer, Timestamp, Verifier};
    use proptest::prelude::*;
    use serde_json::{Map, Value, json};

    fn accepted() -> AutomationEvent {
        let mut event = AutomationEvent::new(AutomationEvent::PROPOSAL_ACCEPTED);
        event.data = json!({
            "proposal_id": 42,
            "client": "Zoë & Co",
            "amount": 1500.5,
            "line_items": [{"name": "Launch plan", "price": 1500.5}],
        });
        event.extra.insert("account_id".into(), json!("acct_7"));
        event
    }

    /// "You could setup an automation to trigger and send a notification to a specific URL
    /// defined within your sales system that will notify it when a proposal is accepted".
    #[test]
    fn an_accepted_proposal_renders_exact_bytes() {
        let automation = Automation::builder(AutomationEvent::PROPOSAL_ACCEPTED)
            .url("https://sales.example.com/hooks/smarter-launch")
            .build()
            .unwrap();
        let payload = automation.render(&accepted()).unwrap();
        assert_eq!(payload.content_type(), "application/json");
        insta::assert_snapshot!(
            "proposal_accepted",
            std::str::from_utf8(payload.body()).unwrap()
        );
        assert_eq!(smarter_launch::parse(payload.body()).unwrap(), accepted());
        assert_eq!(smarter_launch::MEDIA_TYPE, "application/json");
    }

    /// "Convert the payload data to JSON format using the JSON.stringify() method" (Node) and
    /// "using the json.dumps() method" (Python): the two give different bytes for the same
    /// object, so only the bytes actually sent can be signed and verified.
    #[test]
    fn the_signature_covers_the_rendered_bytes_not_a_reserialization() {
        let payload = accepted().render().unwrap();
        // What Node's JSON.stringify writes for this object: compact, UTF-8 as is.
        let stringify = r#"{"event":"proposal.accepted","data":{"proposal_id":42,"client":"Zoë & Co","amount":1500.5,"line_items":[{"name":"Launch plan","price":1500.5}]},"account_id":"acct_7"}"#;
        assert_eq!(payload.body().as_ref(), stringify.as_bytes());
        // What Python's json.dumps writes for it: spaces after `:` and `,`, non-ASCII escaped.
        let dumps = r#"{"event": "proposal.accepted", "data": {"proposal_id": 42, "client": "Zo\u00eb & Co", "amount": 1500.5, "line_items": [{"name": "Launch plan", "price": 1500.5}]}, "account_id": "acct_7"}"#;
        assert_eq!(
            serde_json::from_str::<Value>(dumps).unwrap(),
            serde_json::from_slice::<Value>(payload.body()).unwrap()
        );

        let signed = Signer::new(Scheme::smarter_launch(), super::ring())
            .unwrap()
            .sign(
                &MessageId::new("a-1").unwrap(),
                Timestamp::UNIX_EPOCH,
                payload.body(),
            )
            .unwrap();
        let mut headers = super::HeaderMap::new();
        signed.apply_to(&mut headers);
        let verifier = Verifier::new(Scheme::smarter_launch(), super::ring()).unwrap();
        assert!(
            verifier
                .verify(&headers, payload.body(), Timestamp::UNIX_EPOCH)
                .is_ok()
        );
        assert!(
            verifier
                .verify(&headers, dumps.as_bytes(), Timestamp::UNIX_EPOCH)
                .is_err()
        );
    }

    /// "send a webhook to one or more URLs": every URL gets its own delivery of the same
    /// bytes, each retried on Smarter Launch's schedule.
    #[test]
    fn one_payload_goes_to_every_url() {
        let automation = Automation::builder(AutomationEvent::PROPOSAL_ACCEPTED)
            .url("https://sales.example.com/in")
            .url("http://crm.internal.example.com/hooks")
            .build()
            .unwrap();
        let payload = automation.render(&accepted()).unwrap();
        let mut bodies = Vec::new();
        for (index, endpoint) in automation.endpoints().iter().enumerate() {
            let route = Route::new(endpoint.clone())
                .with_signer(Signer::new(Scheme::smarter_launch(), super::ring()).unwrap())
                .with_policy(presets::smarter_launch::retry_policy());
            let message = Message::new(
                MessageId::new(format!("proposal-42-{index}")).unwrap(),
                payload.clone(),
            );
            let mut delivery =
                Delivery::new(route, message, Timestamp::from_unix_secs(1_700_000_000));
            let outcome = simulate(&mut delivery, |transmit| {
                bodies.push((
                    transmit.request().uri().to_string(),
                    transmit.request().body().clone(),
                ));
                Reply::status(204)
            })
            .outcome;
            assert_eq!(outcome.kind, OutcomeKind::Delivered { status: 204 });
        }
        assert_eq!(bodies.len(), 2);
        assert_eq!(bodies[0].0, "https://sales.example.com/in");
        assert_eq!(bodies[1].0, "http://crm.internal.example.com/hooks");
        assert!(bodies.iter().all(|(_, body)| body == payload.body()));
    }

    /// "Enter your webhook URL that should receive the data." — checked when the automation
    /// is built, never at send time.
    #[test]
    fn urls_are_checked_when_the_automation_is_built() {
        let build = |urls: &[&str]| {
            urls.iter()
                .fold(Automation::builder("proposal.accepted"), |b, url| {
                    b.url(*url)
                })
                .build()
        };
        assert!(matches!(build(&[]), Err(AutomationError::NoUrls)));
        assert!(matches!(
            build(&["mailto:sales@example.com"]),
            Err(AutomationError::Endpoint(
                EndpointError::UnsupportedUrlScheme { .. }
            ))
        ));
        assert!(matches!(
            build(&["https://e.com/a", "https://e.com/a#x"]),
            Err(AutomationError::Endpoint(EndpointError::UrlHasFragment))
        ));
        assert!(matches!(
            build(&["https://e.com/a", "https://e.com/a"]),
            Err(AutomationError::DuplicateUrl { .. })
        ));
        assert!(build(&["https://e.com/a", "http://e.com/b"]).is_ok());
    }

    #[test]
    fn an_automation_sends_only_its_own_trigger() {
        let automation = Automation::builder("proposal.accepted")
            .url("https://e.com/")
            .build()
            .unwrap();
        let err = automation
            .render(&AutomationEvent::new("proposal.viewed"))
            .unwrap_err();
        assert!(
            matches!(err, RenderError::InvalidValue { ref field, .. } if field == "event"),
            "{err}"
        );
    }

    #[test]
    fn received_bodies_are_read_precisely() {
        assert_eq!(
            smarter_launch::parse(br#"{"data":{}}"#).unwrap_err(),
            ParseError::MissingField {
                field: "event".into()
            }
        );
        assert!(matches!(
            smarter_launch::parse(b"{\"event\":\"a\",\n\"data\":}"),
            Err(ParseError::InvalidJson { line: 2, .. })
        ));
        assert!(matches!(
            smarter_launch::parse(br#""proposal.accepted""#),
            Err(ParseError::WrongType { .. })
        ));
    }

    /// End to end: the receiver verifies the hex signature over the raw bytes, checks the
    /// media type (`smarter_launch::MEDIA_TYPE`, else 415) and reads the event.
    #[test]
    fn a_receiver_reads_what_an_automation_sent() {
        use hookwire::receive::{FnFormat, Receiver};

        let receiver =
            Receiver::builder(FnFormat::new(&[smarter_launch::MEDIA_TYPE], |_, body| {
                smarter_launch::parse(body)
            }))
            .verifier(Verifier::new(Scheme::smarter_launch(), super::ring()).unwrap())
            .build()
            .unwrap();
        let payload = accepted().render().unwrap();
        let signed = Signer::new(Scheme::smarter_launch(), super::ring())
            .unwrap()
            .sign(
                &MessageId::new("a-1").unwrap(),
                Timestamp::UNIX_EPOCH,
                payload.body(),
            )
            .unwrap();
        let mut request = http::Request::new(payload.body().clone());
        *request.method_mut() = http::Method::POST;
        signed.apply_to(request.headers_mut());
        payload.apply_to(request.headers_mut());
        let peer = std::net::IpAddr::from([198, 51, 100, 7]);
        let event = receiver
            .receive(&request, peer, Timestamp::UNIX_EPOCH, None)
            .unwrap()
            .into_data();
        assert_eq!(event, accepted());
        request
            .headers_mut()
            .insert("content-type", "application/xml".parse().unwrap());
        let refused = receiver
            .receive(&request, peer, Timestamp::UNIX_EPOCH, None)
            .unwrap_err();
        assert_eq!(refused.status(), 415);
    }

    fn text() -> impl Strategy<Value = String> {
        prop_oneof![Just(String::new()), "[a-z&=+%. ]{0,12}", any::<String>(),]
    }

    fn json_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<f64>()
                .prop_filter("finite", |f| f.is_finite())
                .prop_map(Value::from),
            text().prop_map(Value::String),
        ];
        leaf.prop_recursive(3, 24, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::vec((text(), inner), 0..4)
                    .prop_map(|entries| Value::Object(entries.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn automation_events_round_trip(
            event in text(),
            data in json_value(),
            extra in prop::collection::vec((text(), json_value()), 0..4),
        ) {
            let mut sent = AutomationEvent::new(event);
            sent.data = data;
            sent.extra = extra
                .into_iter()
                .filter(|(key, _)| key != "event" && key != "data")
                .collect::<Map<_, _>>();
            let payload = sent.render().unwrap();
            let received = smarter_launch::parse(payload.body()).unwrap();
            // Numbers are JavaScript numbers: a whole float such as `1.0` is written `1` and
            // comes back as the integer 1 — the same number. Everything else is equal, and
            // the received event renders to the very bytes that were sent.
            prop_assert_eq!(&received.event, &sent.event);
            prop_assert!(same_json(&received.data, &sent.data), "{:?} vs {:?}", received.data, sent.data);
            prop_assert!(same_json(&Value::Object(received.extra.clone()), &Value::Object(sent.extra.clone())));
            let again = received.render().unwrap();
            prop_assert_eq!(again.body(), payload.body());
        }
    }

    /// Equal JSON, numbers compared as the doubles JavaScript holds.
    fn same_json(a: &Value, b: &Value) -> bool {
        match (a, b) {
            (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
            (Value::Array(x), Value::Array(y)) => {
                x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_json(x, y))
            }
            (Value::Object(x), Value::Object(y)) => {
                x.len() == y.len()
                    && x.iter()
                        .zip(y)
                        .all(|((kx, vx), (ky, vy))| kx == ky && same_json(vx, vy))
            }
            _ => a == b,
        }
    }

    #[test]
    fn numbers_are_written_as_json_stringify_writes_them() {
        let mut event = AutomationEvent::new("proposal.accepted");
        event.data = serde_json::json!({"total": 100.0, "delta": -0.0, "rate": 0.1, "big": 1e21, "tiny": 1e-7, "n": 7});
        let payload = event.render().unwrap();
        assert_eq!(
            payload.body().as_ref(),
            br#"{"event":"proposal.accepted","data":{"total":100,"delta":0,"rate":0.1,"big":1e+21,"tiny":1e-7,"n":7}}"#
        );
        // Read back: the whole floats are the integers they print as.
        let received = smarter_launch::parse(payload.body()).unwrap();
        assert_eq!(received.data["total"], serde_json::json!(100));
        assert_eq!(received.render().unwrap().body(), payload.body());
    }
}
