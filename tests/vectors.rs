//! Every published test vector in `shared/SPECS.md`, signed and verified through the public API.

use hookwire::{
    Ed25519SigningKey, Ed25519VerifyingKey, Key, Keyring, MessageId, Scheme, Secret, Signer,
    Timestamp, Verifier, VerifyError,
};

mod support;

use support::headers;

fn ring(key: impl Into<Key>) -> Keyring {
    Keyring::new().with(hookwire::KeyEntry::new(key))
}

const SW1_SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const SW1_ID: &str = "msg_p5jXN8AQM9LWM0D4loKWxJek";
const SW1_TS: i64 = 1_614_265_330;
const SW1_BODY: &[u8] = br#"{"test": 2432232314}"#;
const SW1_SIG: &str = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
const SW1_BAD: &str = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OA=";

#[test]
fn sw1_signs_and_verifies() {
    let signer = Signer::new(
        Scheme::StandardWebhooks,
        ring(Secret::from_whsec(SW1_SECRET).unwrap()),
    )
    .unwrap();
    let signed = signer
        .sign(
            &MessageId::new(SW1_ID).unwrap(),
            Timestamp::from_unix_secs(SW1_TS),
            SW1_BODY,
        )
        .unwrap();
    assert_eq!(signed.get("webhook-signature").unwrap(), SW1_SIG);
    assert_eq!(signed.get("webhook-id").unwrap(), SW1_ID);
    assert_eq!(signed.get("webhook-timestamp").unwrap(), "1614265330");

    let verifier = Verifier::new(
        Scheme::StandardWebhooks,
        ring(Secret::from_whsec(SW1_SECRET).unwrap()),
    )
    .unwrap();
    let now = Timestamp::from_unix_secs(SW1_TS);
    let good = headers(&[
        ("webhook-id", SW1_ID),
        ("webhook-timestamp", "1614265330"),
        ("webhook-signature", SW1_SIG),
    ]);
    assert!(verifier.verify(&good, SW1_BODY, now).is_ok());
}

#[test]
fn sw1_negative_signature_is_refused() {
    let verifier = Verifier::new(
        Scheme::StandardWebhooks,
        ring(Secret::from_whsec(SW1_SECRET).unwrap()),
    )
    .unwrap();
    let bad = headers(&[
        ("webhook-id", SW1_ID),
        ("webhook-timestamp", "1614265330"),
        ("webhook-signature", SW1_BAD),
    ]);
    assert_eq!(
        verifier.verify(&bad, SW1_BODY, Timestamp::from_unix_secs(SW1_TS)),
        Err(VerifyError::SignatureMismatch)
    );
}

#[test]
fn sw2_rust_library_vector() {
    let secret = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD";
    let body = br#"{"email":"test@example.com","username":"test_user"}"#;
    let signer = Signer::new(
        Scheme::StandardWebhooks,
        ring(Secret::from_whsec(secret).unwrap()),
    )
    .unwrap();
    let signed = signer
        .sign(
            &MessageId::new("msg_27UH4WbU6Z5A5EzD8u03UvzRbpk").unwrap(),
            Timestamp::from_unix_secs(1_649_367_553),
            body,
        )
        .unwrap();
    assert_eq!(
        signed.get("webhook-signature").unwrap(),
        "v1,tZ1I4/hDygAJgO5TYxiSd6Sd0kDW6hPenDe+bTa3Kkw="
    );
}

const SW3_SEED: &str = "whsk_VEVTVFNJR05JTkdLRVlET05PVFVTRVRISVNGT1JBTlk=";
const SW3_PUBLIC: &str = "whpk_ZlN4eg7dSSqi0moX9hQUk3orrOouK3QVQSlJa248c/g=";
const SW3_SIG: &str =
    "v1a,tQ9V2XOqn7jL/DQenEFpqIugdBVtiMmER5mhSkXBNwM0mkATuDe6KYYUuxqtaiHeYGb7KaaBRdM5WqyeFiL8Ag==";

#[test]
fn sw3_v1a_ed25519_vector() {
    let signing = Ed25519SigningKey::from_whsk(SW3_SEED).unwrap();
    assert_eq!(signing.verifying_key().to_whpk(), SW3_PUBLIC);
    let signer = Signer::new(Scheme::StandardWebhooks, ring(signing)).unwrap();
    let signed = signer
        .sign(
            &MessageId::new(SW1_ID).unwrap(),
            Timestamp::from_unix_secs(SW1_TS),
            SW1_BODY,
        )
        .unwrap();
    assert_eq!(signed.get("webhook-signature").unwrap(), SW3_SIG);

    let verifier = Verifier::new(
        Scheme::StandardWebhooks,
        ring(Ed25519VerifyingKey::from_whpk(SW3_PUBLIC).unwrap()),
    )
    .unwrap();
    let now = Timestamp::from_unix_secs(SW1_TS);
    let request = headers(&[
        ("webhook-id", SW1_ID),
        ("webhook-timestamp", "1614265330"),
        ("webhook-signature", SW3_SIG),
    ]);
    assert!(verifier.verify(&request, SW1_BODY, now).is_ok());
    assert_eq!(
        verifier.verify(&request, b"{\"test\": 2432232315}", now),
        Err(VerifyError::SignatureMismatch)
    );

    // A v1a signature never verifies against an HMAC key, and the other way round.
    let hmac_only = Verifier::new(
        Scheme::StandardWebhooks,
        ring(Secret::from_whsec(SW1_SECRET).unwrap()),
    )
    .unwrap();
    assert_eq!(
        hmac_only.verify(&request, SW1_BODY, now),
        Err(VerifyError::SignatureMismatch)
    );
}

#[test]
fn github_official_vector() {
    let secret = "It's a Secret to Everybody";
    let want = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
    let signer = Signer::new(Scheme::GitHub, ring(Secret::from_text(secret).unwrap())).unwrap();
    let signed = signer
        .sign(
            &MessageId::new("d1").unwrap(),
            Timestamp::UNIX_EPOCH,
            b"Hello, World!",
        )
        .unwrap();
    assert_eq!(signed.get("x-hub-signature-256").unwrap(), want);
    let verifier = Verifier::new(Scheme::GitHub, ring(Secret::from_text(secret).unwrap())).unwrap();
    assert!(
        verifier
            .verify(
                &headers(&[("X-Hub-Signature-256", want)]),
                b"Hello, World!",
                Timestamp::UNIX_EPOCH
            )
            .is_ok()
    );
}

#[test]
fn shopify_vector() {
    let want = "B23tXN681gZ0qIWNRrgtzBE9XSDo5yaUu6wfmhu3a7g=";
    let body = br#"{"foo": "bar"}"#;
    let signer = Signer::new(
        Scheme::Shopify,
        ring(Secret::from_text("test_secret_key").unwrap()),
    )
    .unwrap();
    let signed = signer
        .sign(&MessageId::new("w1").unwrap(), Timestamp::UNIX_EPOCH, body)
        .unwrap();
    assert_eq!(signed.get("x-shopify-hmac-sha256").unwrap(), want);
    let verifier = Verifier::new(
        Scheme::Shopify,
        ring(Secret::from_text("test_secret_key").unwrap()),
    )
    .unwrap();
    assert!(
        verifier
            .verify(
                &headers(&[("X-Shopify-Hmac-Sha256", want)]),
                body,
                Timestamp::UNIX_EPOCH
            )
            .is_ok()
    );
}

const SLACK_BODY: &str = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";

#[test]
fn slack_vector() {
    let secret = "8f742231b10e8888abcd99yyyzzz85a5";
    let want = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
    let ts = Timestamp::from_unix_secs(1_531_420_618);
    let signer = Signer::new(Scheme::Slack, ring(Secret::from_text(secret).unwrap())).unwrap();
    let signed = signer
        .sign(&MessageId::new("s1").unwrap(), ts, SLACK_BODY.as_bytes())
        .unwrap();
    assert_eq!(signed.get("x-slack-signature").unwrap(), want);
    assert_eq!(
        signed.get("x-slack-request-timestamp").unwrap(),
        "1531420618"
    );
    let verifier = Verifier::new(Scheme::Slack, ring(Secret::from_text(secret).unwrap())).unwrap();
    let request = headers(&[
        ("X-Slack-Request-Timestamp", "1531420618"),
        ("X-Slack-Signature", want),
    ]);
    assert!(verifier.verify(&request, SLACK_BODY.as_bytes(), ts).is_ok());
}

#[test]
fn stripe_derived_vector_keys_with_the_whole_secret() {
    let secret = "whsec_test_secret";
    let body = br#"{"id":"evt_test_webhook","object":"event"}"#;
    let want = "e7df43adcf699b3839cf5fe20429cae4712141aee3660a1671b34f77a1be9444";
    let ts = Timestamp::from_unix_secs(12_345);
    let signer = Signer::new(Scheme::Stripe, ring(Secret::from_text(secret).unwrap())).unwrap();
    let signed = signer
        .sign(&MessageId::new("e1").unwrap(), ts, body)
        .unwrap();
    assert_eq!(
        signed.get("stripe-signature").unwrap(),
        &format!("t=12345,v1={want}")
    );
    let verifier = Verifier::new(Scheme::Stripe, ring(Secret::from_text(secret).unwrap())).unwrap();
    // Several v1 entries, a v0 and an invalid-hex v1 are all tolerated; one match suffices.
    let value = format!(
        "t=12345,v1=zz-not-hex,v0=6ffbb59b2300aae63f272406069a9788598b792a944a07aba816edb039989a39,v1={},v1={want}",
        "0".repeat(64)
    );
    assert!(
        verifier
            .verify(&headers(&[("Stripe-Signature", &value)]), body, ts)
            .is_ok()
    );
}
