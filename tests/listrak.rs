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
