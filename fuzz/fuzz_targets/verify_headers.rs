//! Every scheme's verifier against arbitrary header values and bodies: it must never panic,
//! and must never accept what it did not sign.
#![no_main]

use hookwire::{Keyring, Scheme, Secret, Timestamp, Verifier};
use libfuzzer_sys::fuzz_target;

#[path = "support/headers.rs"]
mod support;
use support::headers_and_body;

const NAMES: [&str; 13] = [
    "ltk-timestamp",
    "ltk-hmacsignature",
    "x-signature",
    "webhook-id",
    "webhook-timestamp",
    "webhook-signature",
    "svix-id",
    "svix-timestamp",
    "svix-signature",
    "stripe-signature",
    "x-hub-signature-256",
    "x-shopify-hmac-sha256",
    "x-slack-signature",
];

fuzz_target!(|data: &[u8]| {
    // Layout: [scheme selector] then 0xFF-separated parts: header values (each led by a byte
    // choosing its name), and the last part is the body.
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let (headers, body) = headers_and_body(rest, &NAMES);
    let schemes = [
        Scheme::listrak(),
        Scheme::smarter_launch(),
        Scheme::StandardWebhooks,
        Scheme::Stripe,
        Scheme::GitHub,
        Scheme::Shopify,
        Scheme::Slack,
    ];
    let scheme = schemes[usize::from(selector) % schemes.len()].clone();
    let keys = Keyring::new().with(Secret::from_text("fuzz-secret").expect("non-empty"));
    let verifier = Verifier::new(scheme, keys).expect("HMAC keys suit every scheme");
    let result = verifier.verify(&headers, body, Timestamp::from_unix_secs(1_700_000_000));
    if let Err(err) = result {
        // Every refusal maps to a status and prints without panicking.
        let _ = (err.status(), err.to_string());
    }
});
