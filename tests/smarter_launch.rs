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
    use hookwire::delivery::{Delivery, DeliverySpec, OutcomeKind, Reply, simulate};
    use hookwire::{Endpoint, MessageId, Payload, Timestamp, presets::smarter_launch};

    const START: i64 = 1_700_000_000;

    fn run(replies: &[u16]) -> hookwire::delivery::Outcome {
        let spec = DeliverySpec::new(
            MessageId::new("proposal-accepted-1").unwrap(),
            Endpoint::builder("https://sales.example.com/in")
                .build()
                .unwrap(),
            Payload::json(r#"{"event":"proposal.accepted"}"#),
        )
        .with_policy(smarter_launch::retry_policy());
        let mut delivery = Delivery::new(spec, Timestamp::from_unix_secs(START));
        let mut script = replies.iter().copied();
        simulate(&mut delivery, |_| {
            Reply::status(script.next().unwrap_or(500))
        })
        .outcome
    }

    fn offsets(outcome: &hookwire::delivery::Outcome) -> Vec<i64> {
        outcome
            .attempts
            .iter()
            .map(|a| a.started_at.unix_secs() - START)
            .collect()
    }

    #[test]
    fn three_attempts_ten_then_a_hundred_seconds_apart() {
        let outcome = run(&[500, 503, 500]);
        assert_eq!(offsets(&outcome), [0, 10, 110]);
        assert!(matches!(outcome.kind, OutcomeKind::Failed { .. }));
    }

    #[test]
    fn any_code_starting_with_2_is_success() {
        for status in [200, 201, 202, 204, 299] {
            assert_eq!(run(&[status]).kind, OutcomeKind::Delivered { status });
        }
        let outcome = run(&[302, 404, 201]);
        assert_eq!(
            offsets(&outcome),
            [0, 10, 110],
            "3xx and 4xx are retried like 5xx"
        );
        assert_eq!(outcome.kind, OutcomeKind::Delivered { status: 201 });
    }

    #[test]
    fn retry_after_does_not_change_the_documented_times() {
        let spec = DeliverySpec::new(
            MessageId::new("m").unwrap(),
            Endpoint::builder("https://sales.example.com/in")
                .build()
                .unwrap(),
            Payload::json("{}"),
        )
        .with_policy(smarter_launch::retry_policy());
        let mut delivery = Delivery::new(spec, Timestamp::from_unix_secs(START));
        let outcome = simulate(&mut delivery, |_| {
            Reply::status(503).with_retry_after("3600")
        })
        .outcome;
        assert_eq!(offsets(&outcome), [0, 10, 110]);
    }
}
