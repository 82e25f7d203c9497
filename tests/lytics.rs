//! Lytics (seed 004): https webhook URLs, authorization as request headers or parameters.

use hookwire::{Endpoint, EndpointError};

#[test]
fn webhook_urls_must_be_https() {
    // "The webhook URL must have the https scheme."
    let err = Endpoint::builder("http://example.com/hook")
        .require_https(true)
        .build()
        .unwrap_err();
    assert!(matches!(err, EndpointError::HttpsRequired { .. }));
}

#[test]
fn authorization_as_request_headers_and_parameters() {
    // "Add a new line for each header as key:value e.g. Authorization: some-token" and
    // "enter URL parameters for the webhook POST request. e.g. param-key1=value1&param-key2=value2".
    let endpoint = Endpoint::builder("https://example.com/hook")
        .header("Authorization", "some-token")
        .query("param-key1", "value1")
        .query("param-key2", "value2")
        .require_https(true)
        .build()
        .unwrap();
    let request = endpoint.request(());
    assert_eq!(request.method(), "POST", "the default method is POST");
    assert_eq!(request.headers()["authorization"], "some-token");
    assert_eq!(
        request.uri(),
        "https://example.com/hook?param-key1=value1&param-key2=value2"
    );
    assert!(!format!("{endpoint:?}").contains("some-token"));
}

#[test]
fn the_method_is_configurable() {
    // "From the HTTPMethod list, select the HTTP method to use for the webhook request."
    let endpoint = Endpoint::builder("https://example.com/hook")
        .method("PUT")
        .build()
        .unwrap();
    assert_eq!(endpoint.request(()).method(), "PUT");
}

#[test]
fn header_injection_is_refused() {
    let err = Endpoint::builder("https://example.com/hook")
        .header("Authorization", "token\r\nX-Evil: 1")
        .build()
        .unwrap_err();
    assert!(matches!(
        err,
        EndpointError::Header(hookwire::HeaderError::InvalidValue { .. })
    ));
}

/// Delivery rules from "Error Handling".
mod delivery_rules {
    use hookwire::delivery::{
        AttemptRecord, AttemptResult, Delivery, Event, Message, OutcomeKind, Reply, Route, simulate,
    };
    use hookwire::retry::RetryPolicy;
    use hookwire::{Endpoint, MessageId, Payload, Timestamp, presets::lytics};

    const START: i64 = 1_700_000_000;

    /// How a delivery ended, with the attempt log the host kept from its events.
    struct Done {
        kind: OutcomeKind,
        attempts: Vec<AttemptRecord>,
    }

    fn run(policy: RetryPolicy, mut respond: impl FnMut(usize) -> Reply) -> (Done, Vec<Event>) {
        let route = Route::new(
            Endpoint::builder("https://hooks.example.com/lytics")
                .require_https(true)
                .build()
                .unwrap(),
        )
        .with_policy(policy);
        let message = Message::new(
            MessageId::new("user-7076027172059065053").unwrap(),
            Payload::json(r#"{"id":"7076027172059065053","data":{},"meta":{"object":"user"}}"#),
        );
        let mut delivery = Delivery::new(route, message, Timestamp::from_unix_secs(START));
        let mut n = 0;
        let sim = simulate(&mut delivery, |_| {
            n += 1;
            respond(n)
        });
        assert_eq!(sim.outcome.attempts as usize, sim.attempts.len());
        let done = Done {
            kind: sim.outcome.kind,
            attempts: sim.attempts,
        };
        (done, sim.events)
    }

    #[test]
    fn non_200_is_retried() {
        // "When a webhook request encounters a non-200 status code, the request will be retried"
        let (outcome, _) = run(lytics::retry_policy(), |n| {
            Reply::status(if n < 3 { 201 } else { 200 })
        });
        assert_eq!(outcome.kind, OutcomeKind::Delivered { status: 200 });
        assert_eq!(outcome.attempts.len(), 3);
    }

    #[test]
    fn do_not_retry_statuses_are_omitted_not_errors() {
        // "The following http request status codes are not retried … 400 … 404 … 413" and
        // "Requests that encounter a status code that is not retried, will be marked as omitted
        // with the cause logged in the job logs. These request will notcause the job to error."
        for status in [400, 404, 413] {
            let (outcome, _) = run(lytics::retry_policy(), |_| Reply::status(status));
            assert_eq!(outcome.kind, OutcomeKind::Omitted { status });
            assert!(!outcome.kind.is_error());
            assert_eq!(outcome.attempts.len(), 1);
        }
        // "more status codes can be added to the never retry list"
        let policy = lytics::retry_policy()
            .with_do_not_retry([401, 402])
            .unwrap();
        let (outcome, _) = run(policy, |_| Reply::status(402));
        assert_eq!(outcome.kind, OutcomeKind::Omitted { status: 402 });
    }

    #[test]
    fn retry_after_sleeps_without_counting_as_a_failure() {
        // "If the server returns a Retry-After directive in the header, the job will go into
        // sleeping state for the duration or until the time specified. The job will not error
        // in this case, and the request will be retried when the job runs next."
        let budget = lytics::retry_policy().max_attempts() as usize;
        let (outcome, events) = run(lytics::retry_policy(), |n| {
            if n <= budget + 2 {
                Reply::status(503).with_retry_after("90")
            } else {
                Reply::status(200)
            }
        });
        assert_eq!(outcome.kind, OutcomeKind::Delivered { status: 200 });
        assert_eq!(
            outcome.attempts.len(),
            budget + 3,
            "more sleeps than the failure budget"
        );
        for pair in outcome.attempts.windows(2) {
            assert_eq!(
                pair[1].started_at.unix_secs() - pair[0].ended_at.unix_secs(),
                90
            );
        }
        // Every sleep was uncounted; only the delivered attempt used up budget.
        assert!(events.iter().all(|e| match e {
            Event::AttemptFinished {
                record, counted, ..
            } => *counted == (record.result == AttemptResult::Status(200)),
            _ => true,
        }));

        // "or until the time specified": an HTTP-date, here 10 minutes after the start.
        let (outcome, _) = run(lytics::retry_policy(), |n| {
            if n == 1 {
                Reply::status(429).with_retry_after("Tue, 14 Nov 2023 22:23:20 GMT")
            } else {
                Reply::status(200)
            }
        });
        assert_eq!(
            outcome.attempts[1].started_at,
            Timestamp::from_unix_secs(START + 600)
        );
    }

    #[test]
    fn a_zero_or_past_retry_after_still_waits_the_schedule() {
        // "sleeping state for the duration": a duration of 0, or a date already past, must
        // not turn the 50 uncounted sleeps into 50 requests in the same second.
        for hint in ["0", "Thu, 01 Jan 1970 00:00:00 GMT"] {
            let (outcome, _) = run(lytics::retry_policy(), |n| {
                if n <= 5 {
                    Reply::status(429).with_retry_after(hint)
                } else {
                    Reply::status(200)
                }
            });
            assert_eq!(outcome.kind, OutcomeKind::Delivered { status: 200 });
            assert_eq!(outcome.attempts.len(), 6, "{hint}: sleeps use no attempt");
            for pair in outcome.attempts.windows(2) {
                let gap = pair[1].started_at.unix_millis() - pair[0].ended_at.unix_millis();
                // The first delay is 5 s, ±20 %.
                assert!((4_000..=6_000).contains(&gap), "{hint}: {gap} ms");
            }
        }
    }

    #[test]
    fn plain_failures_use_up_the_budget() {
        let (outcome, _) = run(lytics::retry_policy(), |_| Reply::status(500));
        assert!(matches!(outcome.kind, OutcomeKind::Failed { .. }));
        assert_eq!(outcome.attempts.len(), 10);
    }
}

/// Body formats from "Fields", "Configuration" and "Webhook User Enrichment".
mod formats {
    use hookwire::format::ParseError;
    use hookwire::format::cloudevents::{self, parse_structured, render_structured};
    use hookwire::format::lytics::{
        self, CloudEventsOptions, DEFAULT_ENRICHMENT_STREAM, EnrichmentRecord, SegmentEventKind,
    };
    use hookwire::presets::lytics::{
        Audience, AudienceTrigger, EventSelection, ExportFields, TriggerFields, TriggerFieldsError,
        UrlTemplate,
    };
    use hookwire::{EndpointError, Timestamp};
    use serde_json::{Map, Value, json};

    /// "Lytics default audience enter event with user fields selected", verbatim.
    const ENTER_SELECTED: &str = r#"{
"id": "15761203643149024539",
"data": {
"first_name": "Joe",
"last_name": "Flow",
"segment_events": [
{
"id": "efdcc4da20554be02e90c563f69bc0ec",
"event": "enter",
"slug": "first_name_joe",
"enter": "2023-05-25T23:09:59.872199615Z"
}
]
},
"meta": {
"object": "user",
"subscription_id": "f825f096718d07c65b9d6a94a4cc0c35",
"timestamp": "2023-05-25T23:10:04.651979584Z"
}
}"#;

    /// "Lytics default audience exit event with user fields selected", verbatim.
    const EXIT_SELECTED: &str = r#"{
"id": "15761203643149024539",
"data": {
"first_name": "Joseph",
"last_name": "Flow",
"segment_events": [
{
"id": "efdcc4da20554be02e90c563f69bc0ec",
"event": "exit",
"slug": "first_name_joe",
"exit": "2023-05-25T23:09:59.872199615Z"
}
]
},
"meta": {
"object": "user",
"subscription_id": "f825f096718d07c65b9d6a94a4cc0c35",
"timestamp": "2023-05-25T23:10:04.651979584Z"
}
}"#;

    /// "Lytics default user field change event", verbatim.
    const CHANGE: &str = r#"{
"id": "12291095485723374960",
"data": {
"city": "Portland",
"email": "[email protected]",
"first_name": "Joseph",
"segment_events": [
{
"id": "163bda069207c88cfdb7c84e06b9270f",
"event": "change",
"slug": "first_name_joe"
}
]
},
"meta": {
"object": "user",
"subscription_id": "5168beb8415c3d66363a892b3aac5f1c",
"timestamp": "2023-05-26T21:08:19.985560308Z"
}
}"#;

    /// "Lytics default", verbatim: every user field, `segment_events` in its sorted place.
    const DEFAULT: &str = r#"{
"id": "7076027172059065053",
"data": {
"_created": "2020-07-15T08:55:43.041-07:00",
"_cust_sz": 118,
"_internal_sz": 33,
"_modified": "2020-07-15T08:55:43.041-07:00",
"_num_aliases": 1,
"_num_conflicts": 0,
"_num_days": 1,
"_num_events": 1,
"_num_streams": 1,
"_split": 12,
"_streamnames": [
"default"
],
"_total_sz": 151,
"channels": [
"web"
],
"email": "[email protected]",
"first_name": "Beth",
"firstvisit_ts": "2020-07-15T08:55:43.041-07:00",
"hourly": {
"15": 1
},
"hourofweek": {
"87": 1
},
"is_bot": "f",
"is_mobile": "t",
"last_active_ts": "2020-07-15T08:55:43.041-07:00",
"last_channel_activities": {
"web": "2020-07-15T08:55:43.041-07:00"
},
"last_name": "Izzi",
"lastvisit_ts": "2020-07-15T08:55:43.041-07:00",
"name": "Beth Izzi",
"score_frequency": 99,
"score_intensity": 0,
"score_momentum": 99,
"score_propensity": 0,
"score_quantity": 100,
"score_recency": 100,
"segment_events": [
{
"id": "42976a269a5e6b9d06c681b1c27292df",
"event": "enter",
"slug": "emailzz5",
"enter": "2020-10-14T13:27:33.916374949-07:00"
}
],
"user_agent": "python-requests",
"user_attributes": {
"value": "681"
}
},
"meta": {
"object": "user",
"subscription_id": "36e243f8fd8f4530bbd330fa7fb1a685",
"timestamp": "2020-10-14T13:27:34.038154562-07:00"
}
}"#;

    fn object(value: Value) -> Map<String, Value> {
        match value {
            Value::Object(map) => map,
            other => panic!("not an object: {other}"),
        }
    }

    fn at(text: &str) -> Timestamp {
        Timestamp::parse_rfc3339(text).unwrap()
    }

    fn as_json(body: &[u8]) -> Value {
        serde_json::from_slice(body).unwrap()
    }

    #[test]
    fn the_seed_samples_render_back_in_their_member_order() {
        // Lytics writes maps as Go does, sorted by name at every level; the compact form of
        // each sample, members in its order, is what hookwire renders.
        for sample in [DEFAULT, ENTER_SELECTED, EXIT_SELECTED, CHANGE] {
            let events = lytics::parse(sample.as_bytes()).unwrap();
            let compact = serde_json::to_vec(&as_json(sample.as_bytes())).unwrap();
            assert_eq!(
                String::from_utf8_lossy(lytics::render(&events[0]).body()),
                String::from_utf8_lossy(&compact)
            );
        }
        // Fields given in any order are written sorted, nested objects too.
        let mut data = lytics::UserData::default();
        data.fields.insert("last_name".into(), "Flow".into());
        data.fields.insert("first_name".into(), "Joe".into());
        data.fields.insert(
            "zz".into(),
            serde_json::json!({"b": 1, "a": [{"d": 1, "c": 2}]}),
        );
        data.segment_events = Some(vec![]);
        assert_eq!(
            serde_json::to_string(&data).unwrap(),
            r#"{"first_name":"Joe","last_name":"Flow","segment_events":[],"zz":{"a":[{"c":2,"d":1}],"b":1}}"#
        );
    }

    #[test]
    fn the_seed_samples_parse_and_render_back() {
        for (sample, kind) in [
            (ENTER_SELECTED, SegmentEventKind::Enter),
            (EXIT_SELECTED, SegmentEventKind::Exit),
            (CHANGE, SegmentEventKind::Change),
        ] {
            let events = lytics::parse(sample.as_bytes()).unwrap();
            assert_eq!(events.len(), 1);
            let segment = &events[0].data.segment_events.as_ref().unwrap()[0];
            assert_eq!(segment.event, kind);
            assert_eq!(events[0].meta.object, "user");
            // The same document (members in the same order), nanoseconds kept.
            let rendered = lytics::render(&events[0]);
            assert_eq!(rendered.content_type(), "application/json");
            assert_eq!(as_json(rendered.body()), as_json(sample.as_bytes()));
            assert_eq!(lytics::parse(rendered.body()).unwrap(), events);
        }
    }

    #[test]
    fn enter_and_exit_events_with_user_fields_selected() {
        // "From Export Fields, select the list of Lytics user fields that you would like to
        // export." — the seed's enter sample, rebuilt from a fuller profile.
        let job = AudienceTrigger::new("f825f096718d07c65b9d6a94a4cc0c35")
            .with_export_fields(ExportFields::only(["first_name", "last_name"]));
        let profile =
            object(json!({"email": "joe@example.com", "first_name": "Joe", "last_name": "Flow"}));
        let audience = Audience::new("efdcc4da20554be02e90c563f69bc0ec", "first_name_joe");
        let user = "15761203643149024539";
        let now = at("2023-05-25T23:10:04.651Z");
        let enter = job
            .enter(
                user,
                &profile,
                &audience,
                at("2023-05-25T23:09:59.872Z"),
                now,
            )
            .unwrap()
            .unwrap();
        insta::assert_snapshot!(
            "lytics_enter_selected_fields",
            String::from_utf8(lytics::render(&enter).into_body().to_vec()).unwrap()
        );
        let profile = object(json!({"first_name": "Joseph", "last_name": "Flow"}));
        let exit = job
            .exit(
                user,
                &profile,
                &audience,
                at("2023-05-25T23:09:59.872Z"),
                now,
            )
            .unwrap()
            .unwrap();
        let segment = &exit.data.segment_events.as_ref().unwrap()[0];
        assert_eq!(segment.event, SegmentEventKind::Exit);
        assert_eq!(segment.exit.as_deref(), Some("2023-05-25T23:09:59.872Z"));
        assert_eq!(segment.enter, None);
    }

    #[test]
    fn all_user_fields_are_exported_by_default() {
        // "If none are selected, the job will export all the user fields by default."
        let job = AudienceTrigger::new("36e243f8fd8f4530bbd330fa7fb1a685");
        let profile = object(
            json!({"_created": "2020-07-15T08:55:43.041-07:00", "_cust_sz": 118, "channels": ["web"], "hourly": {"15": 1}}),
        );
        let now = at("2020-10-14T20:27:34Z");
        let event = job
            .enter(
                "7076027172059065053",
                &profile,
                &Audience::new("42976a269a5e6b9d06c681b1c27292df", "emailzz5"),
                now,
                now,
            )
            .unwrap()
            .unwrap();
        assert_eq!(event.data.fields, profile);
    }

    #[test]
    fn event_selection() {
        // "Enter send a webhook only when a user enters Lytics audience. Audience exits are
        // ignored." / "Exits send a webhook only when a user exits a Lytics audience."
        let profile = Map::new();
        let audience = Audience::new("a", "vip");
        let t = Timestamp::from_unix_secs(0);
        for (selection, enters, exits) in [
            (EventSelection::EntersAndExits, true, true),
            (EventSelection::EntersOnly, true, false),
            (EventSelection::ExitsOnly, false, true),
        ] {
            let job = AudienceTrigger::new("s").with_events(selection);
            assert_eq!(
                job.enter("u", &profile, &audience, t, t).unwrap().is_some(),
                enters,
                "{selection:?}"
            );
            assert_eq!(
                job.exit("u", &profile, &audience, t, t).unwrap().is_some(),
                exits,
                "{selection:?}"
            );
        }
    }

    #[test]
    fn backfill_sends_existing_users_as_enter_events() {
        // "Select the Existing Users checkbox to emit events for the users already part of
        // the selected Lytics audience ... They will be sent as entered event type."
        let t = Timestamp::from_unix_secs(0);
        let audience = Audience::new("a", "vip");
        assert!(
            AudienceTrigger::new("s")
                .backfill("u", &Map::new(), &audience, t, t)
                .unwrap()
                .is_none()
        );
        let job = AudienceTrigger::new("s")
            .with_backfill(true)
            .with_events(EventSelection::ExitsOnly);
        let event = job
            .backfill("u", &Map::new(), &audience, t, t)
            .unwrap()
            .unwrap();
        assert_eq!(
            event.data.segment_events.unwrap()[0].event,
            SegmentEventKind::Enter
        );
    }

    #[test]
    fn fields_to_trigger() {
        // "select up to 75 user fields to trigger user change events ... if any of the
        // selected field values change, then the user will be sent to the webhook."
        let seventy_five: Vec<String> = (0..75).map(|i| format!("field{i}")).collect();
        assert!(TriggerFields::new(seventy_five.clone()).is_ok());
        let mut seventy_six = seventy_five;
        seventy_six.push("one_too_many".into());
        assert!(matches!(
            TriggerFields::new(seventy_six),
            Err(TriggerFieldsError::TooMany { count: 76 })
        ));

        let job = AudienceTrigger::new("5168beb8415c3d66363a892b3aac5f1c")
            .with_trigger_fields(TriggerFields::new(["first_name"]).unwrap());
        let before = object(json!({"city": "Portland", "first_name": "Joe"}));
        let after = object(
            json!({"city": "Portland", "email": "[email protected]", "first_name": "Joseph"}),
        );
        let audience = Audience::new("163bda069207c88cfdb7c84e06b9270f", "first_name_joe");
        let now = at("2023-05-26T21:08:19.985Z");
        let event = job
            .change("12291095485723374960", &before, &after, &audience, now)
            .unwrap()
            .unwrap();
        let want = lytics::parse(CHANGE.as_bytes()).unwrap().remove(0);
        assert_eq!(event.data, want.data);
        // A change to an unwatched field sends nothing.
        let moved = object(json!({"city": "Bend", "first_name": "Joe"}));
        assert!(
            job.change("u", &before, &moved, &audience, now)
                .unwrap()
                .is_none()
        );
    }

    #[test]
    fn batch_events_are_an_array_per_request() {
        // "Select the Batch Events checkbox to batch user events, and send events as an
        // array of in the payload."
        let mut events = lytics::parse(ENTER_SELECTED.as_bytes()).unwrap();
        events.extend(lytics::parse(EXIT_SELECTED.as_bytes()).unwrap());
        let payload = lytics::render_batch(&events);
        assert!(payload.body().starts_with(b"[{"));
        assert_eq!(lytics::parse(payload.body()).unwrap(), events);
        insta::assert_snapshot!(
            "lytics_batch",
            String::from_utf8(payload.into_body().to_vec()).unwrap()
        );
        assert_eq!(
            lytics::parse(br#"[{"id":"1"}]"#).unwrap_err(),
            ParseError::MissingField {
                field: "[0].data".into()
            }
        );
    }

    #[test]
    fn cloudevents_format_with_the_default_type_and_source() {
        // "If left empty, the default type is com.lytics.audience.user.event." and "If left
        // empty, the default source is /work/id."
        let event = lytics::parse(ENTER_SELECTED.as_bytes()).unwrap().remove(0);
        let options = CloudEventsOptions::new("abcd42a455d7365e08d5f4ce321e4bacd");
        let cloud = options.to_cloudevent(&event).unwrap();
        assert_eq!(cloud.ty(), "com.lytics.audience.user.event");
        assert_eq!(cloud.source(), "/work/abcd42a455d7365e08d5f4ce321e4bacd");
        assert_eq!(cloud.time(), Some("2023-05-25T23:10:04.651979584Z"));
        let payload = render_structured(&cloud);
        insta::assert_snapshot!(
            "lytics_cloudevents",
            String::from_utf8(payload.body().to_vec()).unwrap()
        );
        let back = parse_structured(payload.body()).unwrap();
        assert_eq!(lytics::user_data(&back).unwrap(), event.data);

        let custom = options
            .with_type("com.acme.audience")
            .with_source("https://acme.example/lytics")
            .to_cloudevent(&event)
            .unwrap();
        assert_eq!(
            (custom.ty(), custom.source()),
            ("com.acme.audience", "https://acme.example/lytics")
        );
        let payload = cloudevents::render_binary(&custom);
        assert_eq!(payload.content_type(), "application/json");
    }

    #[test]
    fn enrichment_record_and_its_field_names() {
        // "then the job will post below JSON in the data stream" and the FieldName table.
        let origin = object(json!({"lytics_byfield1": "value1", "lytics_byfield2": "value2"}));
        let response = br#"{
"address":
{
"city": "Portland",
"country": "US"
},
"email": "[email protected]",
"interests":
[
"shopping",
"reading",
"watching"
],
"name": "Abc Test"
}"#;
        let record = EnrichmentRecord::from_response(origin, response).unwrap();
        assert_eq!(
            record.field_names(),
            [
                "origin.lytics_byfield1",
                "origin.lytics_byfield2",
                "response.address.city",
                "response.address.country",
                "response.email",
                "response.interests",
                "response.name",
            ]
        );
        assert_eq!(DEFAULT_ENRICHMENT_STREAM, "webhook_enrichment");
        let posted = record.render();
        insta::assert_snapshot!(
            "lytics_enrichment",
            String::from_utf8(posted.body().to_vec()).unwrap()
        );
        assert_eq!(EnrichmentRecord::parse(posted.body()).unwrap(), record);
        assert!(EnrichmentRecord::from_response(Map::new(), b"not json").is_err());
        assert_eq!(
            EnrichmentRecord::parse(br#"{"origin":{}}"#).unwrap_err(),
            ParseError::MissingField {
                field: "response".into()
            }
        );
    }

    #[test]
    fn url_templates_percent_encode_and_require_https() {
        // "If you need to generate a dynamic URL using data on the Lytics profile ... select
        // a Template" and "The webhook URL must have the https scheme."
        let template = UrlTemplate::new(
            "https://hooks.example.com/users/{{email}}/events?segment={{segment.slug}}&n={{n}}",
            true,
        )
        .unwrap();
        let profile =
            json!({"email": "beth+izzi@example.com", "segment": {"slug": "a/b?c=d&e#f"}, "n": 3});
        assert_eq!(
            template.render(&profile).unwrap().as_str(),
            "https://hooks.example.com/users/beth%2Bizzi%40example.com/events?segment=a%2Fb%3Fc%3Dd%26e%23f&n=3"
        );
        assert!(matches!(
            UrlTemplate::new("http://hooks.example.com/{{id}}", true),
            Err(EndpointError::HttpsRequired { .. })
        ));
        assert!(UrlTemplate::new("http://hooks.example.com/{{id}}", false).is_ok());
        assert!(matches!(
            UrlTemplate::new("https://user:pw@hooks.example.com/{{id}}", true),
            Err(EndpointError::UrlHasCredentials)
        ));
        assert!(UrlTemplate::new("{{host}}/x", true).is_err());
        assert!(UrlTemplate::new("https://hooks.example.com/{{}}", true).is_err());
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        fn tricky() -> impl Strategy<Value = String> {
            prop_oneof![
                Just(String::new()),
                "[a-z&=+% \"/é€😀]{0,12}",
                any::<String>()
            ]
        }

        proptest! {
            #[test]
            fn envelope_round_trip(
                id in tricky(),
                fields in proptest::collection::btree_map(tricky(), tricky(), 0..5),
                slug in tricky(),
                batch in 1usize..4,
            ) {
                let profile: Map<String, Value> =
                    fields.into_iter().map(|(k, v)| (k, Value::String(v))).collect();
                let t = Timestamp::from_unix_millis(1_685_056_204_651);
                let event = AudienceTrigger::new("sub & = + %")
                    .enter(&id, &profile, &Audience::new("a", slug), t, t)
                    .unwrap()
                    .unwrap();
                prop_assert_eq!(lytics::parse(lytics::render(&event).body()).unwrap(), vec![event.clone()]);
                let events = vec![event; batch];
                prop_assert_eq!(lytics::parse(lytics::render_batch(&events).body()).unwrap(), events);
            }

            #[test]
            fn url_template_values_never_escape_their_slot(value in tricky()) {
                let template = UrlTemplate::new("https://hooks.example.com/u/{{v}}?q={{v}}", true).unwrap();
                let url = template.render(&json!({"v": value})).unwrap();
                prop_assert_eq!(url.host_str(), Some("hooks.example.com"));
                prop_assert_eq!(url.path_segments().map(|s| s.count()), Some(2));
                prop_assert_eq!(url.query_pairs().count(), 1);
                let (_, decoded) = url.query_pairs().next().unwrap();
                prop_assert_eq!(decoded.as_ref(), value.as_str());
            }
        }
    }
}
