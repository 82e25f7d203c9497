//! The receiver entry point against arbitrary headers, bodies and peers: it must never
//! panic, every refusal must be a 4xx, and nothing unsigned may get through.
#![no_main]

use std::net::IpAddr;

use hookwire::http::Method;
use hookwire::receive::{Json, RawBody, Receiver, ReplayGuard};
use hookwire::{BasicAuth, Keyring, Scheme, Secret, Timestamp, Verifier};
use libfuzzer_sys::fuzz_target;

#[path = "support/headers.rs"]
mod support;
use support::headers_and_body;

const NAMES: [&str; 12] = [
    "content-type",
    "content-length",
    "authorization",
    "webhook-id",
    "webhook-timestamp",
    "webhook-signature",
    "ltk-timestamp",
    "ltk-hmacsignature",
    "x-hub-signature-256",
    "x-github-delivery",
    "stripe-signature",
    "x-signature",
];

fuzz_target!(|data: &[u8]| {
    // Layout: [scheme and method selector][16 peer bytes] then 0xFF-separated parts: header
    // values (each led by a byte choosing its name), and the last part is the body.
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let Some((peer, rest)) = rest.split_first_chunk::<16>() else {
        return;
    };
    let (headers, body) = headers_and_body(rest, &NAMES);
    let peer = IpAddr::from(*peer);
    let methods = [Method::POST, Method::GET, Method::PUT, Method::OPTIONS];
    let method = &methods[usize::from(selector >> 6)];
    let now = Timestamp::from_unix_secs(1_700_000_000);

    let schemes = [
        Scheme::listrak(),
        Scheme::smarter_launch(),
        Scheme::StandardWebhooks,
        Scheme::Stripe,
        Scheme::GitHub,
    ];
    let scheme = schemes[usize::from(selector) % schemes.len()].clone();
    let keys = Keyring::new().with(Secret::from_text("fuzz-secret").expect("non-empty"));
    let verifier = Verifier::new(scheme, keys).expect("HMAC keys suit every scheme");
    let guarded = Receiver::builder(Json)
        .max_body_size(4096)
        .allow_ips(["0.0.0.0/1", "2000::/3"])
        .basic_auth(BasicAuth::new("user", "pass").expect("valid credentials"))
        .verifier(verifier)
        .build()
        .expect("valid configuration");
    let open = Receiver::builder(RawBody)
        .max_body_size(64)
        .build()
        .expect("valid configuration");

    let mut guard = ReplayGuard::new(8).expect("non-zero capacity");
    for _ in 0..2 {
        match guarded.receive_parts(method, &headers, body, peer, now, Some(&mut guard)) {
            // Fuzzing cannot forge an HMAC: an acceptance means the signature checked.
            Ok(accepted) => assert!(accepted.verified().is_some() && method == Method::POST),
            Err(rejection) => {
                assert!(rejection.status().is_client_error());
                let _ = (rejection.to_string(), rejection.response());
            }
        }
    }
    if let Err(rejection) = open.receive_parts(method, &headers, body, peer, now, None) {
        // Only the method and the size are checked; the method first.
        let want = if method == Method::POST { 413 } else { 405 };
        assert_eq!(rejection.status(), want);
    }
    let _ = guarded.check_content_length(&headers);
});
