//! Edge cases on which the schemes' own reference libraries agree, checked through the public
//! API: how a timestamp is written and which text is signed, base64 padding, and how Stripe's
//! header splits. Each test names the libraries whose behaviour it pins.

use hmac::{KeyInit, Mac};
use hookwire::{
    Ed25519VerifyingKey, Key, Keyring, Scheme, Secret, Timestamp, Verifier, VerifyError,
};

mod support;

use support::headers;

fn verifier(scheme: Scheme, key: impl Into<Key>) -> Verifier {
    Verifier::new(scheme, Keyring::new().with(hookwire::KeyEntry::new(key))).unwrap()
}

fn hmac(key: &[u8], parts: &[&[u8]]) -> Vec<u8> {
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(key).unwrap();
    for part in parts {
        mac.update(part);
    }
    mac.finalize().into_bytes().to_vec()
}

fn base64(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

// SW-1 (shared/SPECS.md).
const SW1_SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const SW1_ID: &str = "msg_p5jXN8AQM9LWM0D4loKWxJek";
const SW1_BODY: &[u8] = br#"{"test": 2432232314}"#;
const SW1_SIG: &str = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

fn sw1(timestamp: &str, signature: &str) -> Result<hookwire::Verified, VerifyError> {
    verifier(
        Scheme::StandardWebhooks,
        Secret::from_whsec(SW1_SECRET).unwrap(),
    )
    .verify(
        &headers(&[
            ("webhook-id", SW1_ID),
            ("webhook-timestamp", timestamp),
            ("webhook-signature", signature),
        ]),
        SW1_BODY,
        Timestamp::from_unix_secs(1_614_265_330),
    )
}

/// The Standard Webhooks libraries (Python, JavaScript, Go, Rust) and `svix` parse the
/// timestamp to an integer and sign its decimal form, whatever the header's spelling.
#[test]
fn standard_webhooks_signs_the_timestamps_number_not_its_text() {
    for spelling in ["1614265330", "01614265330", "+1614265330", " 001614265330 "] {
        assert!(sw1(spelling, SW1_SIG).is_ok(), "{spelling:?}");
    }
    // Padding around a canonical timestamp and the id: the tag computed before the checks
    // (debug builds compare it with the one computed after) covers the trimmed text.
    let padded = verifier(
        Scheme::StandardWebhooks,
        Secret::from_whsec(SW1_SECRET).unwrap(),
    )
    .verify(
        &headers(&[
            ("webhook-id", &format!(" \t{SW1_ID}\t ")),
            ("webhook-timestamp", "\t1614265330 "),
            ("webhook-signature", SW1_SIG),
        ]),
        SW1_BODY,
        Timestamp::from_unix_secs(1_614_265_330),
    );
    assert!(padded.is_ok());
    // A signature over the text as written does not verify, as in the references.
    let key = Secret::from_whsec(SW1_SECRET).unwrap();
    let over_text = hmac(
        key.expose_bytes(),
        &[SW1_ID.as_bytes(), b".", b"01614265330", b".", SW1_BODY],
    );
    assert_eq!(
        sw1("01614265330", &format!("v1,{}", base64(&over_text))),
        Err(VerifyError::SignatureMismatch)
    );
}

/// Standard Webhooks specifies "base64 with padding", and every reference library compares
/// or decodes the padded text; the same goes for ed25519 (`v1a`) signatures.
#[test]
fn base64_signatures_need_their_padding() {
    let unpadded = SW1_SIG.trim_end_matches('=');
    assert!(matches!(
        sw1("1614265330", unpadded),
        Err(VerifyError::InvalidSignatureEncoding { .. })
    ));
    assert!(matches!(
        sw1("1614265330", &format!("{SW1_SIG}=")),
        Err(VerifyError::InvalidSignatureEncoding { .. })
    ));

    // SW-3: the same signature with one `=` instead of two.
    let public =
        Ed25519VerifyingKey::from_whpk("whpk_ZlN4eg7dSSqi0moX9hQUk3orrOouK3QVQSlJa248c/g=")
            .unwrap();
    let sw3 = "v1a,tQ9V2XOqn7jL/DQenEFpqIugdBVtiMmER5mhSkXBNwM0mkATuDe6KYYUuxqtaiHeYGb7KaaBRdM5WqyeFiL8Ag==";
    let verify_v1a = |signature: &str| {
        verifier(Scheme::StandardWebhooks, public.clone()).verify(
            &headers(&[
                ("webhook-id", SW1_ID),
                ("webhook-timestamp", "1614265330"),
                ("webhook-signature", signature),
            ]),
            SW1_BODY,
            Timestamp::from_unix_secs(1_614_265_330),
        )
    };
    assert!(verify_v1a(sw3).is_ok());
    assert!(matches!(
        verify_v1a(&sw3[..sw3.len() - 1]),
        Err(VerifyError::InvalidSignatureEncoding { .. })
    ));

    // Shopify's vector without its `=` (shopify-api-js compares the base64 text).
    let shopify = verifier(
        Scheme::Shopify,
        Secret::from_text("test_secret_key").unwrap(),
    );
    let body = br#"{"foo": "bar"}"#;
    let want = "B23tXN681gZ0qIWNRrgtzBE9XSDo5yaUu6wfmhu3a7g=";
    let check = |value: &str| {
        shopify.verify(
            &headers(&[("X-Shopify-Hmac-Sha256", value)]),
            body,
            Timestamp::UNIX_EPOCH,
        )
    };
    assert!(check(want).is_ok());
    assert!(matches!(
        check(want.trim_end_matches('=')),
        Err(VerifyError::InvalidSignatureEncoding { .. })
    ));
}

// The derived Stripe vector (shared/SPECS.md).
const STRIPE_SECRET: &str = "whsec_test_secret";
const STRIPE_BODY: &[u8] = br#"{"id":"evt_test_webhook","object":"event"}"#;
const STRIPE_SIG: &str = "e7df43adcf699b3839cf5fe20429cae4712141aee3660a1671b34f77a1be9444";

fn stripe(value: &str) -> Result<hookwire::Verified, VerifyError> {
    verifier(Scheme::Stripe, Secret::from_text(STRIPE_SECRET).unwrap()).verify(
        &headers(&[("Stripe-Signature", value)]),
        STRIPE_BODY,
        Timestamp::from_unix_secs(12_345),
    )
}

/// stripe-python, stripe-node and stripe-go split the header at `,` and `=` without trimming,
/// parse `t` as an integer and sign that integer. A space before the `t` value is skipped by
/// stripe-python's `int()` and stripe-node's `parseInt` (not by stripe-go's `ParseInt`).
#[test]
fn stripe_reads_its_header_as_stripes_libraries_do() {
    for t in ["12345", "012345", "+12345", " 12345"] {
        assert!(stripe(&format!("t={t},v1={STRIPE_SIG}")).is_ok(), "{t:?}");
    }
    // ` v1` (after `, `) and `v1 ` are other names, so nothing usable is offered.
    for value in [
        format!("t=12345, v1={STRIPE_SIG}"),
        format!("t=12345,v1 ={STRIPE_SIG}"),
    ] {
        assert!(
            matches!(
                stripe(&value),
                Err(VerifyError::NoSupportedSignature { .. })
            ),
            "{value:?}"
        );
    }
    // A value with a space is not 64 hex digits.
    assert!(matches!(
        stripe(&format!("t=12345,v1= {STRIPE_SIG}")),
        Err(VerifyError::InvalidSignatureEncoding { .. })
    ));
    // The good signature after a space-prefixed one still counts.
    assert!(stripe(&format!("t=12345, v1={STRIPE_SIG},v1={STRIPE_SIG}")).is_ok());
}

/// python-slack-sdk and bolt-js sign `v0:{timestamp}:{body}` with the timestamp header's text
/// as received; the Listrak samples append the header's text to the body. Both parse the
/// number only for the tolerance check.
#[test]
fn slack_and_listrak_sign_the_timestamp_as_it_came() {
    let now = Timestamp::from_unix_secs(1_531_420_618);
    let slack = verifier(Scheme::Slack, Secret::from_text("slack-secret").unwrap());
    for spelling in ["01531420618", "+1531420618"] {
        let tag = hmac(
            b"slack-secret",
            &[b"v0:", spelling.as_bytes(), b":", b"body"],
        );
        let request = headers(&[
            ("X-Slack-Request-Timestamp", spelling),
            ("X-Slack-Signature", &format!("v0={}", hex::encode(tag))),
        ]);
        assert!(slack.verify(&request, b"body", now).is_ok(), "{spelling:?}");
    }

    let listrak = verifier(
        Scheme::listrak(),
        Secret::from_text("listrak-secret").unwrap(),
    );
    for spelling in ["01531420618", "+1531420618"] {
        let tag = hmac(b"listrak-secret", &[b"body", spelling.as_bytes()]);
        let request = headers(&[
            ("LTK-Timestamp", spelling),
            ("LTK-HmacSignature", &base64(&tag)),
        ]);
        assert!(
            listrak.verify(&request, b"body", now).is_ok(),
            "{spelling:?}"
        );
    }
}
