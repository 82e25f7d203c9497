//! Netcore CE and Smartech (seeds 002, 003): "basic authentication consisting username &
//! password is also available (API or token based authentication will not work)".

use hookwire::http::{HeaderMap, HeaderValue, header::AUTHORIZATION};
use hookwire::{BasicAuth, Endpoint, VerifyError};

#[test]
fn the_sender_adds_basic_auth_to_every_request() {
    let endpoint = Endpoint::builder("http://receiver.example.com/api/v2/message/")
        .basic_auth(BasicAuth::new("netcore", "p@ss:word").unwrap())
        .build()
        .unwrap();
    let request = endpoint.request(bytes::Bytes::from_static(b"data=%7B%7D"));
    let value = request.headers()[AUTHORIZATION].clone();
    assert!(value.is_sensitive());
    // Netcore accepts plain HTTP URLs ("We support both HTTP and HTTPS URLS").
    assert_eq!(request.uri().scheme_str(), Some("http"));

    let receiver = BasicAuth::new("netcore", "p@ss:word").unwrap();
    assert_eq!(receiver.verify(request.headers()), Ok(()));
}

#[test]
fn the_receiver_refuses_missing_wrong_and_malformed_credentials() {
    let receiver = BasicAuth::new("netcore", "right").unwrap();
    let mut headers = HeaderMap::new();
    assert_eq!(
        receiver.verify(&headers),
        Err(VerifyError::MissingCredentials)
    );
    assert_eq!(VerifyError::MissingCredentials.status(), 401);

    headers.insert(
        AUTHORIZATION,
        BasicAuth::new("netcore", "wrong").unwrap().header_value(),
    );
    assert_eq!(
        receiver.verify(&headers),
        Err(VerifyError::InvalidCredentials)
    );

    headers.insert(
        AUTHORIZATION,
        BasicAuth::new("other", "right").unwrap().header_value(),
    );
    assert_eq!(
        receiver.verify(&headers),
        Err(VerifyError::InvalidCredentials)
    );

    headers.insert(AUTHORIZATION, HeaderValue::from_static("Basic not-base64!"));
    assert_eq!(
        receiver.verify(&headers),
        Err(VerifyError::InvalidCredentials)
    );

    headers.insert(AUTHORIZATION, HeaderValue::from_static("Bearer token"));
    assert_eq!(
        receiver.verify(&headers),
        Err(VerifyError::MissingCredentials)
    );
}

#[test]
fn credentials_rotate_without_downtime() {
    let accepted = [
        BasicAuth::new("netcore", "old").unwrap(),
        BasicAuth::new("netcore", "new").unwrap(),
    ];
    let mut headers = HeaderMap::new();
    headers.insert(AUTHORIZATION, accepted[0].header_value());
    assert_eq!(BasicAuth::verify_any(&accepted, &headers), Ok(0));
    headers.insert(AUTHORIZATION, accepted[1].header_value());
    assert_eq!(BasicAuth::verify_any(&accepted, &headers), Ok(1));
}

/// Delivery rules: "Webhook supports 'HTTP 200' status URL only" and Basic auth on every call.
mod delivery_rules {
    use hookwire::delivery::{Delivery, DeliverySpec, OutcomeKind, Reply, simulate};
    use hookwire::{BasicAuth, Endpoint, MessageId, Payload, Timestamp, presets::netcore};

    #[test]
    fn only_200_is_success_and_every_attempt_carries_basic_auth() {
        let auth = BasicAuth::new("netcore", "s3cret").unwrap();
        let spec = DeliverySpec::new(
            MessageId::new("546").unwrap(),
            Endpoint::builder("http://receiver.example.com/api/v2/message/")
                .basic_auth(auth.clone())
                .build()
                .unwrap(),
            Payload::from_static("application/x-www-form-urlencoded", "data=%7B%7D"),
        )
        .with_policy(netcore::retry_policy());
        let mut delivery = Delivery::new(spec, Timestamp::from_unix_secs(1_700_000_000));
        let mut replies = [204u16, 202, 200].into_iter();
        let sim = simulate(&mut delivery, |t| {
            assert_eq!(auth.verify(t.request().headers()), Ok(()));
            assert_eq!(
                t.request().headers()["content-type"],
                "application/x-www-form-urlencoded"
            );
            Reply::status(replies.next().unwrap())
        });
        assert_eq!(sim.outcome.kind, OutcomeKind::Delivered { status: 200 });
        assert_eq!(sim.outcome.attempts.len(), 3);
    }
}
