//! Lytics (seed 004): https webhook URLs, authorization as request headers or parameters.

use hookwire::{ConfigError, Endpoint};

#[test]
fn webhook_urls_must_be_https() {
    // "The webhook URL must have the https scheme."
    let err = Endpoint::builder("http://example.com/hook")
        .require_https(true)
        .build()
        .unwrap_err();
    assert!(matches!(err, ConfigError::HttpsRequired { .. }));
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
    assert!(matches!(err, ConfigError::InvalidHeaderValue { .. }));
}

/// Delivery rules from "Error Handling".
mod delivery_rules {
    use hookwire::delivery::{
        Delivery, DeliverySpec, Event, Outcome, OutcomeKind, Reply, simulate,
    };
    use hookwire::retry::RetryPolicy;
    use hookwire::{Endpoint, MessageId, Payload, Timestamp, presets::lytics};

    const START: i64 = 1_700_000_000;

    fn run(policy: RetryPolicy, mut respond: impl FnMut(usize) -> Reply) -> (Outcome, Vec<Event>) {
        let spec = DeliverySpec::new(
            MessageId::new("user-7076027172059065053").unwrap(),
            Endpoint::builder("https://hooks.example.com/lytics")
                .require_https(true)
                .build()
                .unwrap(),
            Payload::json(r#"{"id":"7076027172059065053","data":{},"meta":{"object":"user"}}"#),
        )
        .with_policy(policy);
        let mut delivery = Delivery::new(spec, Timestamp::from_unix_secs(START));
        let mut n = 0;
        let sim = simulate(&mut delivery, |_| {
            n += 1;
            respond(n)
        });
        (sim.outcome, sim.events)
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
        assert!(
            events
                .iter()
                .all(|e| !matches!(e, Event::AttemptFailed { counted: true, .. }))
        );

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
    fn plain_failures_use_up_the_budget() {
        let (outcome, _) = run(lytics::retry_policy(), |_| Reply::status(500));
        assert!(matches!(outcome.kind, OutcomeKind::Failed { .. }));
        assert_eq!(outcome.attempts.len(), 10);
    }
}
