//! Regression tests for hostile input found after the receiver landed (issue 15): each
//! test names what got through before, and pins what happens now.

use hookwire::format::cloudevents::{AttributeError, CloudEvent};
use hookwire::format::lytics::{self, Meta, SegmentEvent};
use hookwire::presets::lytics::{Audience, AudienceTrigger};
use hookwire::{TimeError, Timestamp};

/// 10000-01-01T00:00:00Z and 0000-12-31T23:59:59Z's day before.
fn outside_rfc3339() -> [Timestamp; 4] {
    [
        Timestamp::from_unix_secs(253_402_300_800),
        Timestamp::from_unix_millis(Timestamp::RFC3339_MIN.unix_millis() - 1),
        Timestamp::from_unix_millis(i64::MAX),
        Timestamp::from_unix_millis(i64::MIN),
    ]
}

/// Lytics envelopes were written with `10000-01-01T00:00:00Z` and `-001-12-31T…` while the
/// CloudEvents builder refused the same times: now every RFC 3339 writer refuses them.
#[test]
fn lytics_envelopes_refuse_times_rfc3339_cannot_write() {
    let audience = Audience::new("a", "vip");
    let job = AudienceTrigger::new("s").with_backfill(true);
    let ok = Timestamp::from_unix_secs(1_700_000_000);
    for t in outside_rfc3339() {
        assert!(
            matches!(
                Meta::new("s", t),
                Err(TimeError::NotWritable {
                    format: "RFC 3339",
                    ..
                })
            ),
            "{t}"
        );
        assert!(SegmentEvent::enter("a", "vip", t).is_err(), "{t}");
        assert!(SegmentEvent::exit("a", "vip", t).is_err(), "{t}");
        let profile = Default::default();
        assert!(job.enter("u", &profile, &audience, t, ok).is_err(), "{t}");
        assert!(job.enter("u", &profile, &audience, ok, t).is_err(), "{t}");
        assert!(job.exit("u", &profile, &audience, t, ok).is_err(), "{t}");
        assert!(
            job.backfill("u", &profile, &audience, t, ok).is_err(),
            "{t}"
        );
        // One rule for every format: the CloudEvents builder refuses them too.
        let err = CloudEvent::builder("1", "/s", "t")
            .time(t)
            .build()
            .unwrap_err();
        assert!(
            matches!(err, AttributeError::InvalidValue { ref name, .. } if name == "time"),
            "{err}"
        );
    }
    // The edges themselves are written, and read back.
    for t in [Timestamp::RFC3339_MIN, Timestamp::RFC3339_MAX] {
        let meta = Meta::new("s", t).unwrap();
        assert_eq!(Timestamp::parse_rfc3339(&meta.timestamp), Ok(t));
        let event = lytics::Event::new("u", Default::default(), meta);
        assert_eq!(
            lytics::parse(lytics::render(&event).body()).unwrap(),
            [event]
        );
        assert!(CloudEvent::builder("1", "/s", "t").time(t).build().is_ok());
    }
}

/// `httpdate` panics on a year past 9999; `to_http_date` handed it such times.
#[test]
fn http_dates_past_9999_are_errors_not_panics() {
    for t in outside_rfc3339() {
        assert!(t.to_http_date().is_err(), "{t}");
    }
}

/// The receiver took any method: a `GET` (or a `DELETE`) carrying a signed body was
/// accepted as a webhook.
#[test]
fn the_receiver_answers_405_to_methods_it_does_not_take() {
    use hookwire::http::{Method, Request};
    use hookwire::receive::{AbuseProtection, RawBody, Receiver};

    let receiver = Receiver::builder(RawBody).max_body_size(4).build().unwrap();
    let peer = "192.0.2.1".parse().unwrap();
    let now = Timestamp::UNIX_EPOCH;
    for method in [
        "GET",
        "PUT",
        "DELETE",
        "PATCH",
        "OPTIONS",
        "HEAD",
        "TRACE",
        "post",
        "X-SMUGGLE",
    ] {
        let request = Request::builder()
            .method(method)
            .body(&b"way too big"[..])
            .unwrap();
        let rejection = receiver.receive(&request, peer, now, None).unwrap_err();
        // The method is looked at first: 405, not 413.
        assert_eq!(rejection.status(), 405, "{method}");
        assert_eq!(rejection.response().headers()["allow"], "POST", "{method}");
    }
    let post = Request::post("/").body(&b"ok"[..]).unwrap();
    assert!(receiver.receive(&post, peer, now, None).is_ok());

    // Configured methods, and the handshake that owns OPTIONS on the same URL.
    let receiver = Receiver::builder(RawBody)
        .methods([Method::POST, Method::PUT, Method::POST])
        .build()
        .unwrap();
    assert_eq!(receiver.methods(), [Method::POST, Method::PUT]);
    let get = Request::get("/").body(&b""[..]).unwrap();
    let rejection = receiver.receive(&get, peer, now, None).unwrap_err();
    assert_eq!(rejection.response().headers()["allow"], "POST, PUT");
    let handshake = AbuseProtection::new(["*"]).unwrap();
    let refused = handshake.handshake(&get);
    let answer = refused.response();
    assert_eq!(answer.status(), 405);
    assert_eq!(answer.headers()["allow"], "OPTIONS, POST");
}

/// `{"p":[…],"p":[…]}` kept the last `p` silently: a body that reads one way here and
/// another way to the next system that reads the same signed bytes. Every format refuses
/// duplicate object keys, at any depth, and says which key and where.
#[test]
fn every_json_format_refuses_duplicate_object_keys() {
    use hookwire::format::cloudevents::{self, parse_batch, parse_structured};
    use hookwire::format::lytics::EnrichmentRecord;
    use hookwire::format::{
        ParseError, json_template, listrak, listrak::JourneyPayload, netcore, smarter_launch,
    };
    use hookwire::http::HeaderMap;
    use hookwire::receive::{BodyFormat, Json};

    fn duplicate(result: Result<impl std::fmt::Debug, ParseError>, key: &str, what: &str) {
        match result {
            Err(ParseError::DuplicateKey { key: found, .. }) => assert_eq!(found, key, "{what}"),
            other => panic!("{what}: {other:?}"),
        }
    }
    let headers = HeaderMap::new();
    duplicate(Json.parse(&headers, br#"{"p":[1],"p":[2]}"#), "p", "Json");
    duplicate(
        Json.parse(&headers, br#"{"a":{"b":[{"c":1,"c":1}]}}"#),
        "c",
        "Json, nested",
    );

    let lytics_event = br#"{"id":"u","data":{"email":"a@example.com","email":"b@example.com"},"meta":{"object":"user","subscription_id":"s","timestamp":"2023-05-25T23:10:04Z"}}"#;
    duplicate(lytics::parse(lytics_event), "email", "lytics");
    duplicate(
        lytics::parse(br#"[{"id":"u","id":"v"}]"#),
        "id",
        "lytics batch",
    );
    duplicate(
        EnrichmentRecord::parse(br#"{"origin":{"id":"1","id":"2"},"response":{}}"#),
        "id",
        "lytics enrichment",
    );
    duplicate(
        EnrichmentRecord::from_response(Default::default(), br#"{"ok":true,"ok":false}"#),
        "ok",
        "lytics enrichment response",
    );

    let event = r#"{"specversion":"1.0","id":"1","source":"/s","type":"t","type":"u"}"#;
    duplicate(
        parse_structured(event.as_bytes()),
        "type",
        "cloudevents structured",
    );
    duplicate(
        parse_batch(format!("[{event}]").as_bytes()),
        "type",
        "cloudevents batch",
    );
    let mut binary = HeaderMap::new();
    for (name, value) in [
        ("ce-specversion", "1.0"),
        ("ce-id", "1"),
        ("ce-source", "/s"),
        ("ce-type", "t"),
        ("content-type", "application/json"),
    ] {
        binary.insert(name, value.parse().unwrap());
    }
    duplicate(
        cloudevents::parse(&binary, br#"{"x":1,"x":2}"#),
        "x",
        "cloudevents binary data",
    );
    // What hookwire would send in binary mode it must be able to receive: the builder
    // refuses JSON bytes it would refuse on receipt.
    assert!(
        CloudEvent::builder("1", "/s", "t")
            .datacontenttype("application/json")
            .data_binary(&br#"{"x":1,"x":2}"#[..])
            .build()
            .is_err()
    );

    duplicate(
        listrak::parse(br#"{"eventType":"purchase","eventType":"cartAbandonment"}"#),
        "eventType",
        "listrak payload mode",
    );
    duplicate(
        JourneyPayload::parse(br#"{"eventType":"purchase","order":{"total":1,"total":2}}"#),
        "total",
        "listrak journey payload",
    );
    duplicate(
        json_template::parse(br#"{"emailAddress":"a@example.com","emailAddress":"b@example.com"}"#),
        "emailAddress",
        "listrak json mode",
    );
    duplicate(
        smarter_launch::parse(br#"{"event":"proposal.accepted","event":"x"}"#),
        "event",
        "smarter launch",
    );
    // Netcore: the form's one `data` field was already refused twice; now its JSON too.
    duplicate(
        netcore::parse(b"data=%7B%22p%22%3A%5B%5D%2C%22p%22%3A%5B%5D%7D"),
        "p",
        "netcore",
    );
    assert!(netcore::parse(b"data=%7B%7D&data=%7B%7D").is_err());
}

/// Sibling of the duplicate keys: two `Content-Type` headers let CloudEvents pick the first
/// (structured mode) while a proxy reading the last sees plain JSON.
#[test]
fn cloudevents_refuses_a_repeated_content_type() {
    use hookwire::format::ParseError;
    use hookwire::format::cloudevents::{self, parse_binary};
    use hookwire::http::HeaderMap;

    let mut headers = HeaderMap::new();
    headers.append(
        "content-type",
        "application/cloudevents+json".parse().unwrap(),
    );
    headers.append("content-type", "application/json".parse().unwrap());
    let body = br#"{"specversion":"1.0","id":"1","source":"/s","type":"t"}"#;
    assert!(matches!(
        cloudevents::parse(&headers, body),
        Err(ParseError::InvalidValue { ref field, .. }) if field == "content-type"
    ));
    for (name, value) in [
        ("ce-specversion", "1.0"),
        ("ce-id", "1"),
        ("ce-source", "/s"),
        ("ce-type", "t"),
    ] {
        headers.insert(name, value.parse().unwrap());
    }
    assert!(parse_binary(&headers, b"{}").is_err());
}
