//! Listrak (seed 000): `LTK-Timestamp` + `LTK-HmacSignature`, https integration URLs.

use std::time::Duration;

use base64::Engine as _;
use hmac::{KeyInit, Mac};
use hookwire::http::{HeaderMap, HeaderValue};
use hookwire::{
    ConfigError, DigestEncoding, Endpoint, Keyring, MessageId, Scheme, Secret, Signer, Timestamp,
    Verifier, VerifyError,
};

const SECRET: &str = "YOUR-SECRET-HERE";
const BODY: &str = r#"{"email":"ada@example.com","cart":[{"sku":"A1","qty":2}]}"#;
const TS: i64 = 1_700_000_000;

/// The seed's Python and C# samples: base64(HMAC-SHA256(secret, payload + timestamp)).
fn seed_python_signature(body: &str, timestamp: &str) -> String {
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
    mac.update(format!("{body}{timestamp}").as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// The seed's JavaScript sample: the same HMAC, `.digest('hex')`.
fn seed_javascript_signature(body: &str, timestamp: &str) -> String {
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
    mac.update(format!("{body}{timestamp}").as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

fn request(signature: &str) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert("LTK-Timestamp", HeaderValue::from(TS));
    headers.insert(
        "LTK-HmacSignature",
        HeaderValue::from_str(signature).unwrap(),
    );
    headers
}

fn verifier() -> Verifier {
    Verifier::new(
        Scheme::listrak(),
        Keyring::new().with(Secret::from_text(SECRET).unwrap()),
    )
    .unwrap()
}

#[test]
fn signs_like_the_python_and_csharp_samples() {
    // "Add the LTK-Timestamp to the end of the payload. Run the combined timestamp and payload
    // through a SHA256 HMAC algorithm with your secret as the HMAC secret key."
    let signer = Signer::new(
        Scheme::listrak(),
        Keyring::new().with(Secret::from_text(SECRET).unwrap()),
    )
    .unwrap();
    let signed = signer
        .sign(
            &MessageId::new("c-1").unwrap(),
            Timestamp::from_unix_secs(TS),
            BODY.as_bytes(),
        )
        .unwrap();
    assert_eq!(signed.get("LTK-Timestamp").unwrap(), &TS.to_string());
    assert_eq!(
        signed.get("LTK-HmacSignature").unwrap(),
        &seed_python_signature(BODY, &TS.to_string())
    );
}

#[test]
fn verifies_both_the_base64_and_the_hex_variant() {
    let now = Timestamp::from_unix_secs(TS);
    let b64 = seed_python_signature(BODY, &TS.to_string());
    let hex = seed_javascript_signature(BODY, &TS.to_string());
    assert!(
        verifier()
            .verify(&request(&b64), BODY.as_bytes(), now)
            .is_ok()
    );
    assert!(
        verifier()
            .verify(&request(&hex), BODY.as_bytes(), now)
            .is_ok()
    );
    assert!(
        verifier()
            .verify(&request(&hex.to_uppercase()), BODY.as_bytes(), now)
            .is_ok()
    );

    let hex_signer = Signer::new(
        Scheme::Listrak {
            encoding: DigestEncoding::Hex,
        },
        Keyring::new().with(Secret::from_text(SECRET).unwrap()),
    )
    .unwrap();
    let signed = hex_signer
        .sign(&MessageId::new("c-1").unwrap(), now, BODY.as_bytes())
        .unwrap();
    assert_eq!(signed.get("LTK-HmacSignature").unwrap(), &hex);
}

#[test]
fn tolerance_is_fifteen_minutes_by_default() {
    // "Verify LTK-Timestamp is within your allowed tolerance (for example: 15 minutes)."
    let sig = seed_python_signature(BODY, &TS.to_string());
    let v = verifier();
    assert!(
        v.verify(
            &request(&sig),
            BODY.as_bytes(),
            Timestamp::from_unix_secs(TS + 900)
        )
        .is_ok()
    );
    assert_eq!(
        v.verify(
            &request(&sig),
            BODY.as_bytes(),
            Timestamp::from_unix_secs(TS + 901)
        ),
        Err(VerifyError::TimestampTooOld {
            timestamp: Timestamp::from_unix_secs(TS),
            by: Duration::from_secs(1)
        })
    );
    // The seed only checks the past; hookwire also refuses timestamps from the far future.
    assert!(matches!(
        v.verify(
            &request(&sig),
            BODY.as_bytes(),
            Timestamp::from_unix_secs(TS - 901)
        ),
        Err(VerifyError::TimestampTooNew { .. })
    ));
}

#[test]
fn the_timestamp_header_is_part_of_what_is_signed() {
    let sig = seed_python_signature(BODY, &TS.to_string());
    let mut headers = request(&sig);
    headers.insert("LTK-Timestamp", HeaderValue::from(TS + 60));
    assert_eq!(
        verifier().verify(&headers, BODY.as_bytes(), Timestamp::from_unix_secs(TS)),
        Err(VerifyError::SignatureMismatch)
    );
}

#[test]
fn integration_urls_must_be_https() {
    // "The URL must contain the https protocol."
    let err = Endpoint::builder("http://hooks.example.com/listrak")
        .require_https(true)
        .build()
        .unwrap_err();
    assert!(matches!(err, ConfigError::HttpsRequired { .. }));
    assert!(
        Endpoint::builder("https://hooks.example.com/listrak")
            .require_https(true)
            .build()
            .is_ok()
    );
}

/// Delivery rules: "You can also determine what occurs if your webhook fails and is not able
/// to reach the third-party location. By default, a contact will be removed from journeys so
/// the data in Listrak and your third-party stays in sync. You can change this setting to move
/// to the next step in the journey. Errors in the webhook will also be logged in Listrak. At
/// this time it is not possible to re-initiate the webhook action for contacts where it failed."
mod delivery_rules {
    use hookwire::delivery::{ApiMisuse, Delivery, DeliverySpec, OutcomeKind, Reply, simulate};
    use hookwire::retry::{FailureAction, RetryPolicy};
    use hookwire::{
        Endpoint, Keyring, MessageId, Payload, Scheme, Secret, Signer, Timestamp, Verifier,
        presets::listrak,
    };

    const START: i64 = 1_700_000_000;

    fn delivery(policy: RetryPolicy) -> Delivery {
        let keys = Keyring::new().with(Secret::from_text("listrak-hmac-secret").unwrap());
        let spec = DeliverySpec::new(
            MessageId::new("contact-42-step-7").unwrap(),
            Endpoint::builder("https://partner.example.com/ltk")
                .require_https(true)
                .build()
                .unwrap(),
            Payload::json(r#"{"email":"ada@example.com"}"#),
        )
        .with_signer(Signer::new(Scheme::listrak(), keys).unwrap())
        .with_policy(policy);
        Delivery::new(spec, Timestamp::from_unix_secs(START))
    }

    #[test]
    fn a_failed_webhook_removes_the_contact_by_default() {
        let mut d = delivery(listrak::retry_policy());
        let outcome = simulate(&mut d, |_| Reply::status(500)).outcome;
        assert!(matches!(outcome.kind, OutcomeKind::Failed { .. }));
        assert!(outcome.kind.is_error(), "errors in the webhook are logged");
        assert_eq!(outcome.journey_action, Some(FailureAction::RemoveContact));
        assert_eq!(outcome.attempts.len(), 3);
    }

    #[test]
    fn the_step_can_move_the_contact_on_instead() {
        let mut d = delivery(listrak::retry_policy_with(FailureAction::NextStep));
        let outcome = simulate(&mut d, |_| {
            Reply::Transport(hookwire::retry::TransportFailure::Dns)
        })
        .outcome;
        assert_eq!(outcome.journey_action, Some(FailureAction::NextStep));
    }

    #[test]
    fn a_delivered_webhook_carries_no_journey_action() {
        let mut d = delivery(listrak::retry_policy());
        let outcome = simulate(&mut d, |_| Reply::status(200)).outcome;
        assert_eq!(outcome.kind, OutcomeKind::Delivered { status: 200 });
        assert_eq!(outcome.journey_action, None);
    }

    #[test]
    fn a_failed_delivery_cannot_be_re_initiated() {
        let mut d = delivery(listrak::retry_policy());
        let outcome = simulate(&mut d, |_| Reply::status(500)).outcome;
        let later = outcome
            .at
            .saturating_add(std::time::Duration::from_secs(3600));
        assert!(d.poll_transmit(later).is_none());
        assert_eq!(d.poll_timeout(), None);
        assert_eq!(d.cancel(later), Err(ApiMisuse::AlreadyFinished));
    }

    #[test]
    fn every_attempt_is_signed_with_ltk_headers_at_its_own_time() {
        let verifier = Verifier::new(
            Scheme::listrak(),
            Keyring::new().with(Secret::from_text("listrak-hmac-secret").unwrap()),
        )
        .unwrap();
        let mut d = delivery(listrak::retry_policy());
        let mut stamps = Vec::new();
        simulate(&mut d, |t| {
            let ts: i64 = t.request().headers()["ltk-timestamp"]
                .to_str()
                .unwrap()
                .parse()
                .unwrap();
            let at = Timestamp::from_unix_secs(ts);
            verifier
                .verify(t.request().headers(), t.request().body(), at)
                .unwrap();
            stamps.push(ts - START);
            Reply::status(503)
        });
        assert_eq!(stamps.len(), 3);
        assert!(stamps.windows(2).all(|w| w[1] > w[0]), "{stamps:?}");
    }
}
