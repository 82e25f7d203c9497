//! hookwire computes HMAC-SHA256 itself, from SHA-256 states keyed once per secret (see
//! `src/prekeyed.rs`). A round trip cannot catch an HMAC that is wrong but agrees with
//! itself, so this target compares every tag with the `hmac` crate's, for arbitrary keys
//! (either side of the 64-byte block), ids and bodies, through two schemes that sign the body
//! alone (GitHub) and the body after a variable prefix (Standard Webhooks).
#![no_main]

use hmac::{KeyInit, Mac};
use hookwire::{Keyring, MessageId, Scheme, Secret, Signer, Timestamp};
use libfuzzer_sys::fuzz_target;

fn reference(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(key).expect("any key length");
    for part in parts {
        mac.update(part);
    }
    mac.finalize().into_bytes().into()
}

fuzz_target!(|input: (Vec<u8>, u32, String, Vec<u8>)| {
    let (key, secs, id, body) = input;
    let Ok(secret) = Secret::from_bytes(key.clone()) else {
        return;
    };
    let Ok(id) = MessageId::new(id) else { return };
    let at = Timestamp::from_unix_secs(i64::from(secs));
    let keys = Keyring::new().with(secret);

    let github = Signer::new(Scheme::GitHub, keys.clone()).expect("an HMAC key");
    let signed = github.sign(&id, at, &body).expect("the key never expires");
    let value = signed.get("x-hub-signature-256").expect("signed");
    let want = format!("sha256={}", hex::encode(reference(&key, &[&body])));
    assert_eq!(value.to_str().expect("hex"), want);

    let standard = Signer::new(Scheme::StandardWebhooks, keys).expect("an HMAC key");
    let signed = standard.sign(&id, at, &body).expect("the key never expires");
    let value = signed.get("webhook-signature").expect("signed");
    let secs = secs.to_string();
    let tag = reference(&key, &[id.as_str().as_bytes(), b".", secs.as_bytes(), b".", &body]);
    use base64::Engine as _;
    let want = format!("v1,{}", base64::engine::general_purpose::STANDARD.encode(tag));
    assert_eq!(value.to_str().expect("base64"), want);
});
