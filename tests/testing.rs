//! `hookwire::testing` as a journey engine's developer uses it: capture what a preset sends
//! on the virtual clock, snapshot it with insta, check its declared shape, verify it.
//! Needs the `testing` feature, which the crate's dev-dependency on itself turns on.

use hookwire::delivery::{Message, OutcomeKind, Reply, Route};
use hookwire::format::netcore::{self, Batch};
use hookwire::testing::{JsonType, Shape, capture};
use hookwire::{
    BasicAuth, Keyring, MessageId, Payload, Scheme, Secret, Signer, Timestamp, Verifier, presets,
};

const START: i64 = 1_700_000_000;

fn keys() -> Keyring {
    Keyring::new().with(Secret::from_text("listrak-integration-secret").unwrap())
}

#[test]
fn a_listrak_cart_abandonment_webhook_is_stable_shaped_and_verifiable() {
    let route = Route::new(
        presets::listrak::endpoint("https://partner.example.com/ltk")
            .build()
            .unwrap(),
    )
    .with_signer(Signer::new(Scheme::listrak(), keys()).unwrap())
    .with_policy(presets::listrak::retry_policy());
    let body = r#"{"emailAddress":"ada@example.com","cart":{"total":42.5,"items":[{"sku":"A1","qty":2}]}}"#;
    let message = Message::new(MessageId::new("cart-17").unwrap(), Payload::json(body));

    // The partner fails once; Listrak's policy retries after about 30 s.
    let run = capture(route, message, Timestamp::from_unix_secs(START), |n| {
        if n == 1 {
            Reply::status(503)
        } else {
            Reply::status(200)
        }
    });
    assert_eq!(run.outcome.kind, OutcomeKind::Delivered { status: 200 });
    assert_eq!(run.requests.len(), 2);

    // Every attempt is the same request but for its signature and signing time.
    let first = run.requests[0].snapshot().unwrap();
    assert_eq!(first, run.requests[1].snapshot().unwrap());
    insta::assert_json_snapshot!("listrak_cart_abandonment", first);

    Shape::new()
        .field("/emailAddress", JsonType::String)
        .field("/cart/total", JsonType::Number)
        .field("/cart/items", JsonType::Array)
        .check(&run.requests[1].json().unwrap())
        .unwrap();
    for captured in &run.requests {
        let verifier = Verifier::new(Scheme::listrak(), keys()).unwrap();
        captured.verify(&verifier).unwrap();
    }
}

#[test]
fn a_netcore_form_is_decoded_back_to_its_batch_and_its_credentials_are_masked() {
    let endpoint = hookwire::Endpoint::builder("https://crm.example.com/netcore")
        .basic_auth(BasicAuth::new("netcore", "s3cret").unwrap())
        .build()
        .unwrap();
    let route = Route::new(endpoint).with_policy(presets::netcore::retry_policy());
    let batch: Batch =
        serde_json::from_str(r#"{"pod2_email":[{"msgid":"103","event":"open"}]}"#).unwrap();
    let message = Message::new(
        MessageId::new("batch-1").unwrap(),
        netcore::render(&batch).unwrap(),
    );
    let run = capture(route, message, Timestamp::from_unix_secs(START), |_| {
        Reply::status(200)
    });
    let captured = &run.requests[0];
    assert_eq!(captured.decode::<Batch>().unwrap(), batch);
    let snapshot = captured.snapshot().unwrap();
    assert_eq!(snapshot["headers"]["authorization"], "[credentials]");
    let error = Shape::new()
        .field("/pod2_email/0/msgid", JsonType::Number)
        .check(&captured.json().unwrap())
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "`/pod2_email/0/msgid` is a string, not a number"
    );
}

#[test]
fn a_lytics_batch_after_its_oauth2_token_is_snapshotted_with_tokens_masked() {
    use hookwire::auth::ClientCredentials;
    use hookwire::dispatch::{Answer, DeliveryKey, Dispatcher, RouteKey};
    use hookwire::testing::capture_dispatch;
    use std::time::Duration;

    let start = Timestamp::from_unix_secs(START);
    let mut dispatcher = Dispatcher::new(start);
    let route = Route::new(
        presets::lytics::endpoint("https://hooks.example.com/lytics")
            .build()
            .unwrap(),
    )
    .with_policy(presets::lytics::retry_policy());
    let token_url = hookwire::Endpoint::builder("https://auth.example.com/as/token.oauth2")
        .build()
        .unwrap();
    let config = presets::lytics::route_config(route, None)
        .unwrap()
        .with_batching(presets::lytics::batching(None, false).unwrap())
        .with_oauth2(ClientCredentials::new(token_url, "client", "secret"));
    dispatcher.add_route(RouteKey::new(1), config).unwrap();
    for n in 0..3 {
        let message = Message::new(
            MessageId::new(format!("user-{n}")).unwrap(),
            Payload::json(format!(r#"{{"id":"user-{n}","event":"enter"}}"#)),
        );
        dispatcher
            .enqueue(start, RouteKey::new(1), DeliveryKey::new(n), message)
            .unwrap();
    }
    let token = r#"{"access_token":"tok-123","token_type":"Bearer","expires_in":3600}"#;
    let run = capture_dispatch(
        &mut dispatcher,
        start.saturating_add(Duration::from_secs(60)),
        |n| {
            let reply = if n == 1 {
                Reply::status(200).with_body(token)
            } else {
                Reply::status(200)
            };
            Answer::after(Duration::from_millis(5), reply)
        },
    );
    let snapshots: Vec<_> = run
        .requests
        .iter()
        .map(|captured| captured.snapshot().unwrap())
        .collect();
    assert_eq!(snapshots.len(), 2, "a token request, then one batch");
    insta::assert_json_snapshot!("lytics_token_then_batch", snapshots);
}
