//! Interoperability with the Standard Webhooks reference crate and the Svix crate, both ways.
//! The peers read the system clock when verifying, so these tests sign at the real time.

use hookwire::http::HeaderMap;
use hookwire::{Keyring, MessageId, Scheme, Secret, Signer, Timestamp, Verifier};

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const BODY: &[u8] =
    br#"{"type":"audience.entered","data":{"email":"ada@example.com","emoji":"\u00e9\u2603"}}"#;

// The peers verify against the system clock, so this test must read it too.
#[allow(clippy::disallowed_methods)]
fn now() -> Timestamp {
    Timestamp::try_from(std::time::SystemTime::now()).unwrap()
}

fn ours() -> (Signer, Verifier) {
    let keys = || Keyring::new().with(Secret::from_whsec(SECRET).unwrap());
    (
        Signer::new(Scheme::StandardWebhooks, keys()).unwrap(),
        Verifier::new(Scheme::StandardWebhooks, keys()).unwrap(),
    )
}

fn signed_by_us(at: Timestamp) -> HeaderMap {
    let mut headers = HeaderMap::new();
    ours()
        .0
        .sign(&MessageId::new("msg_interop").unwrap(), at, BODY)
        .unwrap()
        .apply_to(&mut headers);
    headers
}

#[test]
fn standardwebhooks_crate_verifies_what_we_sign() {
    let peer = standardwebhooks::Webhook::new(SECRET).unwrap();
    peer.verify(BODY, &signed_by_us(now())).unwrap();
}

#[test]
fn svix_crate_verifies_what_we_sign() {
    let peer = svix::webhooks::Webhook::new(SECRET).unwrap();
    peer.verify(BODY, &signed_by_us(now())).unwrap();
}

#[test]
fn we_verify_what_the_peers_sign() {
    let at = now();
    for signature in [
        standardwebhooks::Webhook::new(SECRET)
            .unwrap()
            .sign("msg_peer", at.unix_secs(), BODY)
            .unwrap(),
        svix::webhooks::Webhook::new(SECRET)
            .unwrap()
            .sign("msg_peer", at.unix_secs(), BODY)
            .unwrap(),
    ] {
        let mut headers = HeaderMap::new();
        headers.insert("webhook-id", "msg_peer".parse().unwrap());
        headers.insert(
            "webhook-timestamp",
            at.unix_secs().to_string().parse().unwrap(),
        );
        headers.insert("webhook-signature", signature.parse().unwrap());
        let verified = ours().1.verify(&headers, BODY, at).unwrap();
        assert_eq!(verified.message_id(), Some("msg_peer"));
    }
}

#[test]
fn peers_refuse_what_we_refuse() {
    // A tampered body fails everywhere.
    let headers = signed_by_us(now());
    let tampered = b"{}";
    assert!(
        standardwebhooks::Webhook::new(SECRET)
            .unwrap()
            .verify(tampered, &headers)
            .is_err()
    );
    assert!(
        svix::webhooks::Webhook::new(SECRET)
            .unwrap()
            .verify(tampered, &headers)
            .is_err()
    );
    assert!(ours().1.verify(&headers, tampered, now()).is_err());
}
