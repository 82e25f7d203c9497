//! Regression tests for hostile input found after the receiver landed (issue 15): each
//! test names what got through before, and pins what happens now.

use hookwire::format::cloudevents::CloudEvent;
use hookwire::format::lytics::{self, Audience, AudienceTrigger, Meta, SegmentEvent};
use hookwire::{ConfigError, TimeError, Timestamp};

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
            matches!(err, ConfigError::InvalidAttribute { ref name, .. } if name == "time"),
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
