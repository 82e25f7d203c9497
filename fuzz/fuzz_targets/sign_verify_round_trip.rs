//! Whatever the body and id, what a signer signs its verifier accepts, and a flipped body
//! byte is refused.
#![no_main]

use hookwire::http::HeaderMap;
use hookwire::{Keyring, MessageId, Scheme, Secret, Signer, Timestamp, Verifier};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (u8, u32, String, Vec<u8>)| {
    let (selector, secs, id, body) = input;
    let Ok(id) = MessageId::new(id) else { return };
    let schemes = [
        Scheme::listrak(),
        Scheme::from_name("listrak-hex").expect("known"),
        Scheme::smarter_launch(),
        Scheme::StandardWebhooks,
        Scheme::Stripe,
        Scheme::GitHub,
        Scheme::Shopify,
        Scheme::Slack,
    ];
    let scheme = schemes[usize::from(selector) % schemes.len()].clone();
    let keys = || Keyring::new().with(Secret::from_text("fuzz-secret").expect("non-empty"));
    let at = Timestamp::from_unix_secs(i64::from(secs));
    let mut headers = HeaderMap::new();
    Signer::new(scheme.clone(), keys())
        .expect("valid")
        .sign(&id, at, &body)
        .expect("the key never expires")
        .apply_to(&mut headers);
    let verifier = Verifier::new(scheme, keys()).expect("valid");
    assert!(verifier.verify(&headers, &body, at).is_ok());
    if let Some(first) = body.first() {
        let mut tampered = body.clone();
        tampered[0] = first.wrapping_add(1);
        assert!(verifier.verify(&headers, &tampered, at).is_err());
    }
});
