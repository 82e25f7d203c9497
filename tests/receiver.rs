//! The receiver through its public API: every rejection path with its status, the order of
//! the checks, the replay guard across serde, the abuse-protection handshake, the
//! acknowledgement responses, and arbitrary input never panicking.

use std::net::IpAddr;
use std::time::Duration;

use hookwire::auth::CredentialsError;
use hookwire::format::ParseError;
use hookwire::http::{HeaderMap, HeaderValue, Method, Request, StatusCode};
use hookwire::receive::{
    AbuseProtection, AllowedRate, FnFormat, Json, RawBody, Receiver, Rejection, ReplayGuard,
    back_off_response, queued_response, received_response,
};
use hookwire::{
    BasicAuth, Keyring, MessageId, Scheme, Secret, Signer, Timestamp, Verifier, VerifyError,
};
use proptest::prelude::*;

const NOW: i64 = 1_700_000_000;
const HMAC_SECRET: &str = "whsec-hmac-secret-value";
const PASSWORD: &str = "p4ssw0rd-secret";

fn now() -> Timestamp {
    Timestamp::from_unix_secs(NOW)
}

fn ip(text: &str) -> IpAddr {
    text.parse().unwrap()
}

fn keys() -> Keyring {
    Keyring::new().with(Secret::from_text(HMAC_SECRET).unwrap())
}

fn credentials() -> BasicAuth {
    BasicAuth::new("netcore", PASSWORD).unwrap()
}

/// A JSON receiver with every check on: 1 KiB limit, 203.0.113.0/24, Basic, and `scheme`.
fn full_receiver(scheme: Scheme) -> Receiver<Json> {
    Receiver::builder(Json)
        .max_body_size(1024)
        .allow_ip("203.0.113.0/24")
        .basic_auth(credentials())
        .verifier(Verifier::new(scheme, keys()).unwrap())
        .build()
        .unwrap()
}

/// A request as the sender builds it: JSON, Basic credentials, signed at `at` as `id`.
fn signed_request(scheme: Scheme, id: &str, at: Timestamp, body: &[u8]) -> Request<Vec<u8>> {
    let mut request = Request::post("/hooks")
        .header("content-type", "application/json")
        .header("authorization", credentials().header_value());
    let signed = Signer::new(scheme, keys())
        .unwrap()
        .sign(&MessageId::new(id).unwrap(), at, body)
        .unwrap();
    for (name, value) in signed {
        request = request.header(name, value);
    }
    request.body(body.to_vec()).unwrap()
}

fn good() -> Request<Vec<u8>> {
    signed_request(
        Scheme::StandardWebhooks,
        "msg_1",
        now(),
        br#"{"type":"email.opened"}"#,
    )
}

const PEER: &str = "203.0.113.7";

fn status_of(result: Result<impl Sized, Rejection>) -> StatusCode {
    match result {
        Ok(_) => StatusCode::OK,
        Err(rejection) => rejection.status(),
    }
}

mod every_path {
    use super::*;

    #[test]
    fn a_good_request_is_accepted_with_its_proof() {
        let receiver = full_receiver(Scheme::StandardWebhooks);
        let mut guard = ReplayGuard::new(16).unwrap();
        let accepted = receiver
            .receive(&good(), ip(PEER), now(), Some(&mut guard))
            .unwrap();
        assert_eq!(accepted.data()["type"], "email.opened");
        assert_eq!(accepted.credentials_index(), Some(0));
        let verified = accepted.verified().unwrap();
        assert_eq!(verified.message_id(), Some("msg_1"));
        assert_eq!(verified.timestamp(), Some(now()));
        assert!(accepted.replay_key().is_some());
    }

    #[test]
    fn too_big_is_413_by_actual_size_and_by_declared_length() {
        let receiver = full_receiver(Scheme::StandardWebhooks);
        let body = format!(r#"{{"pad":"{}"}}"#, "x".repeat(2000));
        let request = signed_request(Scheme::StandardWebhooks, "m", now(), body.as_bytes());
        let err = receiver
            .receive(&request, ip(PEER), now(), None)
            .unwrap_err();
        assert_eq!(err.status(), 413);
        assert_eq!(
            err,
            Rejection::BodyTooLarge {
                limit: 1024,
                size: body.len() as u64
            }
        );

        // A small body that declares a big one is refused on the declaration.
        let mut request = good();
        request
            .headers_mut()
            .insert("content-length", HeaderValue::from_static("5000"));
        let err = receiver
            .receive(&request, ip(PEER), now(), None)
            .unwrap_err();
        assert_eq!(
            err,
            Rejection::BodyTooLarge {
                limit: 1024,
                size: 5000
            }
        );
        // … and the host can ask before reading the body at all.
        assert_eq!(receiver.check_content_length(request.headers()), Err(err));

        // Exactly the limit is fine.
        let exact = Receiver::builder(RawBody).max_body_size(3).build().unwrap();
        let request = Request::post("/").body(b"abc".to_vec()).unwrap();
        assert!(exact.receive(&request, ip(PEER), now(), None).is_ok());
    }

    #[test]
    fn a_stranger_is_403_in_v4_and_v6_and_mapped_peers_match() {
        let receiver = Receiver::builder(RawBody)
            .allow_ips(["203.0.113.0/24", "2001:db8:1::/48"])
            .build()
            .unwrap();
        let request = Request::post("/").body(Vec::new()).unwrap();
        let code = |peer: &str| status_of(receiver.receive(&request, ip(peer), now(), None));
        assert_eq!(code("203.0.113.255"), 200);
        assert_eq!(code("::ffff:203.0.113.9"), 200);
        assert_eq!(code("2001:db8:1:ffff::1"), 200);
        assert_eq!(code("203.0.114.1"), 403);
        assert_eq!(code("::ffff:203.0.114.1"), 403);
        assert_eq!(code("2001:db8:2::1"), 403);
        assert_eq!(
            receiver
                .receive(&request, ip("198.51.100.1"), now(), None)
                .unwrap_err(),
            Rejection::AddressNotAllowed {
                peer: ip("198.51.100.1")
            }
        );
    }

    #[test]
    fn missing_or_wrong_basic_credentials_are_401_with_a_challenge() {
        let receiver = full_receiver(Scheme::StandardWebhooks);
        let mut request = good();
        request.headers_mut().remove("authorization");
        let err = receiver
            .receive(&request, ip(PEER), now(), None)
            .unwrap_err();
        assert_eq!(err, Rejection::Credentials(CredentialsError::Missing));
        assert_eq!(err.status(), 401);
        assert!(err.response().headers().contains_key("www-authenticate"));

        request.headers_mut().insert(
            "authorization",
            BasicAuth::new("netcore", "guess").unwrap().header_value(),
        );
        let err = receiver
            .receive(&request, ip(PEER), now(), None)
            .unwrap_err();
        assert_eq!(err, Rejection::Credentials(CredentialsError::Invalid));
        assert_eq!(err.status(), 401);
    }

    #[test]
    fn rotated_credentials_are_all_accepted() {
        let receiver = Receiver::builder(RawBody)
            .basic_auth(BasicAuth::new("old", "1").unwrap())
            .basic_auth(BasicAuth::new("new", "2").unwrap())
            .build()
            .unwrap();
        let request = Request::post("/")
            .header(
                "authorization",
                BasicAuth::new("new", "2").unwrap().header_value(),
            )
            .body(Vec::new())
            .unwrap();
        let accepted = receiver.receive(&request, ip(PEER), now(), None).unwrap();
        assert_eq!(accepted.credentials_index(), Some(1));
    }

    #[test]
    fn bad_signatures_are_401_and_unreadable_ones_400() {
        let receiver = full_receiver(Scheme::StandardWebhooks);

        let mut tampered = good();
        tampered.body_mut().push(b' ');
        let err = receiver
            .receive(&tampered, ip(PEER), now(), None)
            .unwrap_err();
        assert_eq!(err, Rejection::Signature(VerifyError::SignatureMismatch));
        assert_eq!(err.status(), 401);

        let mut unsigned = good();
        unsigned.headers_mut().remove("webhook-signature");
        assert_eq!(
            status_of(receiver.receive(&unsigned, ip(PEER), now(), None)),
            401
        );

        let mut garbled = good();
        garbled
            .headers_mut()
            .insert("webhook-timestamp", HeaderValue::from_static("yesterday"));
        assert_eq!(
            status_of(receiver.receive(&garbled, ip(PEER), now(), None)),
            400
        );

        let late = now().saturating_add(Duration::from_secs(301));
        let err = receiver.receive(&good(), ip(PEER), late, None).unwrap_err();
        assert!(matches!(
            err,
            Rejection::Signature(VerifyError::TimestampTooOld { .. })
        ));
        assert_eq!(err.status(), 401);
    }

    #[test]
    fn a_replay_is_409() {
        let receiver = full_receiver(Scheme::StandardWebhooks);
        let mut guard = ReplayGuard::new(16).unwrap();
        assert!(
            receiver
                .receive(&good(), ip(PEER), now(), Some(&mut guard))
                .is_ok()
        );
        let later = now().saturating_add(Duration::from_secs(60));
        let err = receiver
            .receive(&good(), ip(PEER), later, Some(&mut guard))
            .unwrap_err();
        assert_eq!(
            err,
            Rejection::Replay {
                message_id: Some("msg_1".into())
            }
        );
        assert_eq!(err.status(), 409);
        // Without the guard, the same request passes: the guard is the caller's choice.
        assert!(receiver.receive(&good(), ip(PEER), later, None).is_ok());
    }

    #[test]
    fn a_content_type_the_format_does_not_read_is_415() {
        let receiver = full_receiver(Scheme::StandardWebhooks);
        let mut request = good();
        request
            .headers_mut()
            .insert("content-type", HeaderValue::from_static("text/xml"));
        let err = receiver
            .receive(&request, ip(PEER), now(), None)
            .unwrap_err();
        assert_eq!(
            err,
            Rejection::Body(ParseError::UnsupportedContentType {
                content_type: "text/xml".into()
            })
        );
        assert_eq!(err.status(), 415);

        request.headers_mut().remove("content-type");
        assert_eq!(
            status_of(receiver.receive(&request, ip(PEER), now(), None)),
            415
        );
    }

    #[test]
    fn a_body_that_does_not_parse_is_400() {
        let receiver = full_receiver(Scheme::StandardWebhooks);
        let request = signed_request(Scheme::StandardWebhooks, "m", now(), b"{\"type\":");
        let err = receiver
            .receive(&request, ip(PEER), now(), None)
            .unwrap_err();
        assert!(
            matches!(err, Rejection::Body(ParseError::InvalidJson { .. })),
            "{err:?}"
        );
        assert_eq!(err.status(), 400);
    }

    #[test]
    fn every_reason_reads_well() {
        let receiver = full_receiver(Scheme::StandardWebhooks);
        let mut guard = ReplayGuard::new(4).unwrap();
        let _ = receiver.receive(&good(), ip(PEER), now(), Some(&mut guard));
        let mut lines = Vec::new();
        let mut record = |label: &str, result: Result<_, Rejection>| {
            let rejection = result.unwrap_err();
            lines.push(format!(
                "{label}: {} {rejection}",
                rejection.status().as_u16()
            ));
        };

        let mut big = good();
        big.headers_mut()
            .insert("content-length", HeaderValue::from_static("4096"));
        record("size", receiver.receive(&big, ip(PEER), now(), None));
        record(
            "address",
            receiver.receive(&good(), ip("2001:db8::9"), now(), None),
        );
        let mut no_auth = good();
        no_auth.headers_mut().remove("authorization");
        record(
            "credentials",
            receiver.receive(&no_auth, ip(PEER), now(), None),
        );
        let mut tampered = good();
        tampered.body_mut().push(b'\n');
        record(
            "signature",
            receiver.receive(&tampered, ip(PEER), now(), None),
        );
        record(
            "replay",
            receiver.receive(&good(), ip(PEER), now(), Some(&mut guard)),
        );
        let mut xml = good();
        xml.headers_mut()
            .insert("content-type", HeaderValue::from_static("application/xml"));
        record(
            "content type",
            receiver.receive(&xml, ip(PEER), now(), None),
        );
        let broken = signed_request(Scheme::StandardWebhooks, "m2", now(), b"[1,,2]");
        record("body", receiver.receive(&broken, ip(PEER), now(), None));
        insta::assert_snapshot!(lines.join("\n"));
    }
}

mod order {
    use super::*;

    #[test]
    fn each_check_wins_over_every_later_one() {
        let receiver = full_receiver(Scheme::StandardWebhooks);
        let mut guard = ReplayGuard::new(16).unwrap();
        let _accepted = receiver
            .receive(&good(), ip(PEER), now(), Some(&mut guard))
            .unwrap();

        // A request failing every check at once: too big, from a stranger, no
        // credentials, unsigned, wrong content type, not JSON.
        let mut request = Request::post("/")
            .header("content-type", "text/plain")
            .body(vec![b'<'; 2048])
            .unwrap();
        let stranger = ip("192.0.2.1");
        let code = |request: &Request<Vec<u8>>, peer, guard: &mut ReplayGuard| {
            status_of(receiver.receive(request, peer, now(), Some(guard)))
        };
        assert_eq!(code(&request, stranger, &mut guard), 413);
        request.body_mut().truncate(10);
        assert_eq!(code(&request, stranger, &mut guard), 403);
        assert_eq!(code(&request, ip(PEER), &mut guard), 401);
        request
            .headers_mut()
            .insert("authorization", credentials().header_value());
        let err = receiver
            .receive(&request, ip(PEER), now(), Some(&mut guard))
            .unwrap_err();
        assert!(matches!(err, Rejection::Signature(_)), "{err:?}");

        // Signed, but a replay (same id) with the wrong content type and a broken body: 409.
        let mut replay = signed_request(Scheme::StandardWebhooks, "msg_1", now(), b"<");
        replay
            .headers_mut()
            .insert("content-type", HeaderValue::from_static("text/plain"));
        assert_eq!(code(&replay, ip(PEER), &mut guard), 409);

        // Fresh, wrong content type, broken body: 415 before 400.
        let mut fresh = signed_request(Scheme::StandardWebhooks, "msg_2", now(), b"<");
        fresh
            .headers_mut()
            .insert("content-type", HeaderValue::from_static("text/plain"));
        assert_eq!(code(&fresh, ip(PEER), &mut guard), 415);
        let broken = signed_request(Scheme::StandardWebhooks, "msg_3", now(), b"<");
        assert_eq!(code(&broken, ip(PEER), &mut guard), 400);
    }

    #[test]
    fn a_request_refused_early_is_not_remembered() {
        let receiver = full_receiver(Scheme::StandardWebhooks);
        let mut guard = ReplayGuard::new(16).unwrap();
        let mut no_auth = good();
        no_auth.headers_mut().remove("authorization");
        assert_eq!(
            status_of(receiver.receive(&no_auth, ip(PEER), now(), Some(&mut guard))),
            401
        );
        assert!(guard.is_empty());
        assert!(
            receiver
                .receive(&good(), ip(PEER), now(), Some(&mut guard))
                .is_ok()
        );
    }
}

mod replay {
    use super::*;

    #[test]
    fn the_guard_survives_serialization() {
        let receiver = full_receiver(Scheme::StandardWebhooks);
        let mut guard = ReplayGuard::new(16).unwrap();
        let _accepted = receiver
            .receive(&good(), ip(PEER), now(), Some(&mut guard))
            .unwrap();

        let saved = serde_json::to_string(&guard).unwrap();
        assert!(!saved.contains("msg_1"), "only digests are stored: {saved}");
        let mut restored: ReplayGuard = serde_json::from_str(&saved).unwrap();
        assert_eq!(restored, guard);
        assert_eq!(
            status_of(receiver.receive(&good(), ip(PEER), now(), Some(&mut restored))),
            409
        );
        let other = signed_request(Scheme::StandardWebhooks, "msg_2", now(), b"{}");
        assert!(
            receiver
                .receive(&other, ip(PEER), now(), Some(&mut restored))
                .is_ok()
        );
    }

    #[test]
    fn the_saved_form_is_stable() {
        let mut guard = ReplayGuard::new(3).unwrap();
        let receiver = full_receiver(Scheme::StandardWebhooks);
        let _accepted = receiver
            .receive(&good(), ip(PEER), now(), Some(&mut guard))
            .unwrap();
        let listrak = Receiver::builder(Json)
            .verifier(Verifier::new(Scheme::listrak(), keys()).unwrap())
            .build()
            .unwrap();
        let _accepted = listrak
            .receive(
                &signed_request(Scheme::listrak(), "m", now(), b"{}"),
                ip(PEER),
                now(),
                Some(&mut guard),
            )
            .unwrap();
        insta::assert_snapshot!(serde_json::to_string_pretty(&guard).unwrap());
    }

    #[test]
    fn an_entry_lasts_as_long_as_the_signature_does() {
        let receiver = full_receiver(Scheme::StandardWebhooks);
        let mut guard = ReplayGuard::new(16).unwrap();
        let _accepted = receiver
            .receive(&good(), ip(PEER), now(), Some(&mut guard))
            .unwrap();
        // Five minutes on, inclusive: still a replay.
        let edge = now().saturating_add(Duration::from_secs(300));
        assert_eq!(
            status_of(receiver.receive(&good(), ip(PEER), edge, Some(&mut guard))),
            409
        );
        // A moment later the signature itself is too old: 401, and the guard may forget.
        let after = edge.saturating_add(Duration::from_millis(1));
        assert_eq!(
            status_of(receiver.receive(&good(), ip(PEER), after, Some(&mut guard))),
            401
        );
        guard.prune(after);
        assert!(guard.is_empty());
    }

    #[test]
    fn schemes_without_a_signed_id_are_keyed_on_what_is_signed() {
        // GitHub's delivery id is not signed: changing it must not get a replay through.
        let receiver = Receiver::builder(RawBody)
            .verifier(Verifier::new(Scheme::GitHub, keys()).unwrap())
            .replay_retention(Duration::from_secs(600))
            .build()
            .unwrap();
        let mut guard = ReplayGuard::new(16).unwrap();
        let mut request = signed_request(Scheme::GitHub, "ignored", now(), b"{\"a\":1}");
        request
            .headers_mut()
            .insert("x-github-delivery", HeaderValue::from_static("d-1"));
        assert!(
            receiver
                .receive(&request, ip(PEER), now(), Some(&mut guard))
                .is_ok()
        );
        request
            .headers_mut()
            .insert("x-github-delivery", HeaderValue::from_static("d-2"));
        let err = receiver
            .receive(&request, ip(PEER), now(), Some(&mut guard))
            .unwrap_err();
        assert_eq!(
            err,
            Rejection::Replay {
                message_id: Some("d-2".into())
            }
        );
        // Retention: ten minutes after acceptance, the body is accepted again.
        let later = now().saturating_add(Duration::from_secs(601));
        assert!(
            receiver
                .receive(&request, ip(PEER), later, Some(&mut guard))
                .is_ok()
        );
    }

    #[test]
    fn re_encoding_a_signature_does_not_get_a_replay_through() {
        // Listrak accepts hex as well as base64: the same signature in another encoding
        // is the same message.
        let receiver = Receiver::builder(RawBody)
            .verifier(Verifier::new(Scheme::listrak(), keys()).unwrap())
            .build()
            .unwrap();
        let mut guard = ReplayGuard::new(16).unwrap();
        let base64 = signed_request(Scheme::listrak(), "m", now(), b"{}");
        let hex = signed_request(
            Scheme::Listrak {
                encoding: hookwire::DigestEncoding::Hex,
            },
            "m",
            now(),
            b"{}",
        );
        assert_ne!(
            base64.headers()["ltk-hmacsignature"],
            hex.headers()["ltk-hmacsignature"]
        );
        assert!(
            receiver
                .receive(&base64, ip(PEER), now(), Some(&mut guard))
                .is_ok()
        );
        assert_eq!(
            status_of(receiver.receive(&hex, ip(PEER), now(), Some(&mut guard))),
            409
        );
        // The same body signed at another second is another message.
        let next = signed_request(
            Scheme::listrak(),
            "m",
            now().saturating_add(Duration::from_secs(1)),
            b"{}",
        );
        assert!(
            receiver
                .receive(&next, ip(PEER), now(), Some(&mut guard))
                .is_ok()
        );
    }

    #[test]
    fn a_full_guard_forgets_its_oldest_message_first() {
        let receiver = full_receiver(Scheme::StandardWebhooks);
        let mut guard = ReplayGuard::new(2).unwrap();
        let request = |id| signed_request(Scheme::StandardWebhooks, id, now(), b"{}");
        for id in ["a", "b", "c"] {
            assert!(
                receiver
                    .receive(&request(id), ip(PEER), now(), Some(&mut guard))
                    .is_ok()
            );
        }
        assert_eq!(guard.len(), 2);
        let code = |id, guard: &mut ReplayGuard| {
            status_of(receiver.receive(&request(id), ip(PEER), now(), Some(guard)))
        };
        assert_eq!(code("c", &mut guard), 409);
        assert_eq!(code("a", &mut guard), 200); // evicted, so accepted again (evicting "b")
        assert_eq!(code("b", &mut guard), 200);
    }

    #[test]
    fn a_receiver_without_a_verifier_leaves_the_guard_alone() {
        let receiver = Receiver::builder(RawBody).build().unwrap();
        let mut guard = ReplayGuard::new(2).unwrap();
        let request = Request::post("/").body(b"x".to_vec()).unwrap();
        for _ in 0..3 {
            let accepted = receiver
                .receive(&request, ip(PEER), now(), Some(&mut guard))
                .unwrap();
            assert_eq!(accepted.replay_key(), None);
        }
        assert!(guard.is_empty());
    }
}

mod secrets {
    use super::*;

    #[test]
    fn no_rejection_shows_a_secret_or_a_signature() {
        let receiver = full_receiver(Scheme::StandardWebhooks);
        let wrong_password = BasicAuth::new("netcore", "the-wrong-password-secret").unwrap();
        let mut wrong_auth = good();
        wrong_auth
            .headers_mut()
            .insert("authorization", wrong_password.header_value());
        let mut forged = good();
        let signature = "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
        forged
            .headers_mut()
            .insert("webhook-signature", HeaderValue::from_static(signature));
        let good_signature = good().headers()["webhook-signature"]
            .to_str()
            .unwrap()
            .to_owned();
        let mut tampered = good();
        tampered.body_mut().push(b' ');

        for request in [wrong_auth, forged, tampered] {
            let rejection = receiver
                .receive(&request, ip(PEER), now(), None)
                .unwrap_err();
            for text in [format!("{rejection}"), format!("{rejection:?}")] {
                for secret in [
                    PASSWORD,
                    "the-wrong-password-secret",
                    HMAC_SECRET,
                    signature,
                    "AAAAAAAAAAAAAAAA",
                    good_signature.as_str(),
                    good_signature.trim_start_matches("v1,"),
                ] {
                    assert!(!text.contains(secret), "{text} shows {secret}");
                }
                // Nor the credentials' base64.
                let encoded = wrong_password.header_value();
                let encoded = encoded.to_str().unwrap().trim_start_matches("Basic ");
                assert!(!text.contains(encoded), "{text}");
            }
        }
    }

    #[test]
    fn the_receiver_debug_output_hides_its_secrets() {
        let receiver = full_receiver(Scheme::StandardWebhooks);
        let debug = format!("{receiver:?}");
        assert!(debug.contains("Receiver"));
        assert!(!debug.contains(PASSWORD), "{debug}");
        assert!(!debug.contains(HMAC_SECRET), "{debug}");
    }
}

mod formats_plug_in {
    use super::*;

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Form {
        data: String,
    }

    #[test]
    fn a_parse_function_becomes_a_format() {
        // The shape of a Netcore request: a `data=` form behind Basic credentials.
        let form = FnFormat::new(
            &["application/x-www-form-urlencoded"],
            |_headers: &HeaderMap, body: &[u8]| {
                serde_urlencoded::from_bytes::<Form>(body).map_err(|_| ParseError::MissingField {
                    field: "data".into(),
                })
            },
        );
        let receiver = Receiver::builder(form)
            .basic_auth(credentials())
            .build()
            .unwrap();
        let request = Request::post("/")
            .header("content-type", "application/x-www-form-urlencoded")
            .header("authorization", credentials().header_value())
            .body(&b"data=%5B%7B%22event%22%3A%22sent%22%7D%5D"[..])
            .unwrap();
        let accepted = receiver.receive(&request, ip(PEER), now(), None).unwrap();
        assert_eq!(accepted.data().data, r#"[{"event":"sent"}]"#);

        let empty = Request::post("/")
            .header("content-type", "application/x-www-form-urlencoded")
            .header("authorization", credentials().header_value())
            .body(&b""[..])
            .unwrap();
        assert_eq!(
            status_of(receiver.receive(&empty, ip(PEER), now(), None)),
            400
        );
    }
}

/// Every seed system's typed format, built in, behind a signed receiver.
mod built_in_formats {
    use super::*;
    use hookwire::format::cloudevents::{self, CloudEvent, Received};
    use hookwire::format::listrak::ListrakBody;
    use hookwire::receive::{
        BodyFormat, CloudEventsHttp, ListrakJson, LyticsJson, NetcoreForm, SmarterLaunchJson,
    };

    fn receiver<F: BodyFormat>(format: F) -> Receiver<F> {
        Receiver::builder(format)
            .basic_auth(credentials())
            .verifier(Verifier::new(Scheme::StandardWebhooks, keys()).unwrap())
            .build()
            .unwrap()
    }

    fn with_type(mut request: Request<Vec<u8>>, content_type: &str) -> Request<Vec<u8>> {
        request
            .headers_mut()
            .insert("content-type", HeaderValue::from_str(content_type).unwrap());
        request
    }

    #[test]
    fn lytics_batches_listrak_and_smarter_launch_bodies_come_back_typed() {
        let lytics = br#"[{"id":"u1","data":{"email":"a@example.com"},"meta":{"object":"user","subscription_id":"s","timestamp":"2024-01-01T00:00:00Z"}},{"id":"u2","data":{},"meta":{"object":"user","subscription_id":"s","timestamp":"2024-01-01T00:00:01Z"}}]"#;
        let request = signed_request(Scheme::StandardWebhooks, "msg_l", now(), lytics);
        let events = receiver(LyticsJson)
            .receive(&request, ip(PEER), now(), None)
            .unwrap()
            .into_data();
        assert_eq!(
            events.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(),
            ["u1", "u2"]
        );

        let listrak = br#"{"eventType":"purchase","products":[{"sku":"A1","quantity":2}],"emailAddress":"ada@example.com"}"#;
        let request = signed_request(Scheme::StandardWebhooks, "msg_k", now(), listrak);
        let body = receiver(ListrakJson)
            .receive(&request, ip(PEER), now(), None)
            .unwrap()
            .into_data();
        let ListrakBody::Journey(journey) = body else {
            panic!("{body:?}")
        };
        assert_eq!(journey.products[0].sku, "A1");

        let smarter = br#"{"event":"proposal.accepted","data":{"proposal":7}}"#;
        let request = signed_request(Scheme::StandardWebhooks, "msg_s", now(), smarter);
        let event = receiver(SmarterLaunchJson)
            .receive(&request, ip(PEER), now(), None)
            .unwrap()
            .into_data();
        assert_eq!(event.data["proposal"], 7);
        // A JSON format refuses a form: 415 before any parse.
        let form = with_type(request, "application/x-www-form-urlencoded");
        assert_eq!(
            status_of(receiver(SmarterLaunchJson).receive(&form, ip(PEER), now(), None)),
            415
        );
    }

    #[test]
    fn cloudevents_arrive_in_every_mode() {
        // With its content type stated, an event survives every mode unchanged (binary mode
        // always sends a `Content-Type`, so it states one anyway).
        let event = CloudEvent::builder("e1", "/work/42", "com.lytics.audience.user.event")
            .datacontenttype("application/json")
            .data_json(serde_json::json!({"email": "a@example.com"}))
            .build()
            .unwrap();
        let receiver = receiver(CloudEventsHttp);
        for payload in [
            cloudevents::render_structured(&event),
            cloudevents::render_binary(&event),
            cloudevents::render_batch(std::slice::from_ref(&event)),
        ] {
            let mut request =
                signed_request(Scheme::StandardWebhooks, "msg_ce", now(), payload.body());
            request.headers_mut().remove("content-type");
            payload.apply_to(request.headers_mut());
            let received = receiver
                .receive(&request, ip(PEER), now(), None)
                .unwrap()
                .into_data();
            assert!(!matches!(received, Received::Batch(ref events) if events.is_empty()));
            assert_eq!(received.into_events(), std::slice::from_ref(&event));
        }
        // Plain JSON with no `ce-` headers is not a CloudEvent: 415.
        let plain = signed_request(Scheme::StandardWebhooks, "msg_ce2", now(), b"{}");
        assert_eq!(
            status_of(receiver.receive(&plain, ip(PEER), now(), None)),
            415
        );
    }

    #[test]
    fn netcore_batches_keep_their_panel() {
        let body = b"data=%7B%22qa_manual1%22%3A%5B%7B%22channel%22%3A%22sms%22%7D%2C%7B%22channel%22%3A%22email%22%7D%5D%7D";
        let request = with_type(
            signed_request(Scheme::StandardWebhooks, "msg_n", now(), body),
            "application/x-www-form-urlencoded",
        );
        let batch = receiver(NetcoreForm)
            .receive(&request, ip(PEER), now(), None)
            .unwrap()
            .into_data();
        assert_eq!(
            (batch.panel.as_str(), batch.events.len()),
            ("qa_manual1", 2)
        );
    }
}

mod handshake {
    use super::*;

    fn options(origin: Option<&str>, rate: Option<&str>) -> Request<()> {
        let mut request = Request::options("/hooks");
        if let Some(origin) = origin {
            request = request.header("WebHook-Request-Origin", origin);
        }
        if let Some(rate) = rate {
            request = request.header("WebHook-Request-Rate", rate);
        }
        request.body(()).unwrap()
    }

    #[test]
    fn an_allowed_origin_is_granted_with_every_header() {
        let protection = AbuseProtection::new(["eventemitter.example.com"])
            .unwrap()
            .with_rate(AllowedRate::PerMinute(120))
            .unwrap();
        let handshake =
            protection.handshake(&options(Some("eventemitter.example.com"), Some("600")));
        assert!(handshake.is_granted());
        assert_eq!(handshake.callback(), None);
        let response = handshake.into_response();
        let mut headers: Vec<_> = response
            .headers()
            .iter()
            .map(|(name, value)| format!("{name}: {}", value.to_str().unwrap()))
            .collect();
        headers.sort();
        insta::assert_snapshot!(format!("{}\n{}", response.status(), headers.join("\n")));
    }

    #[test]
    fn refusals_have_their_statuses() {
        let protection = AbuseProtection::new(["a.example"]).unwrap();
        let code = |request: &Request<()>| protection.handshake(request).response().status();
        assert_eq!(code(&options(None, None)), 400);
        assert_eq!(code(&options(Some("evil.example"), None)), 403);
        let post = Request::post("/hooks")
            .header("WebHook-Request-Origin", "a.example")
            .body(())
            .unwrap();
        let handshake = protection.handshake(&post);
        assert_eq!(handshake.response().status(), 405);
        assert_eq!(handshake.response().headers()["allow"], "OPTIONS, POST");
    }

    #[test]
    fn a_wildcard_grants_any_origin_and_an_unlimited_rate() {
        let protection = AbuseProtection::new(["*"]).unwrap();
        let handshake = protection.handshake(&options(Some("anyone.example"), Some("10")));
        assert!(handshake.is_granted());
        assert_eq!(
            handshake.response().headers()["webhook-allowed-origin"],
            "anyone.example"
        );
        assert_eq!(handshake.response().headers()["webhook-allowed-rate"], "*");
    }
}

mod acknowledgements {
    use super::*;

    #[test]
    fn netcore_and_lytics_count_only_the_received_response_as_delivered() {
        use hookwire::presets::{lytics, netcore, standard_webhooks};
        assert_eq!(received_response().status(), StatusCode::OK);
        assert!(received_response().headers().is_empty());
        let received = received_response().status().as_u16();
        let queued = queued_response().status().as_u16();
        for success in [
            netcore::retry_policy().success(),
            lytics::retry_policy().success(),
        ] {
            assert!(success.is_success(received));
            assert!(!success.is_success(queued), "a 202 would be retried");
        }
        let standard = standard_webhooks::retry_policy().success();
        assert!(standard.is_success(received) && standard.is_success(queued));
    }

    #[test]
    fn queued_is_202_and_back_off_is_429_with_retry_after() {
        assert_eq!(queued_response().status(), StatusCode::ACCEPTED);
        assert!(queued_response().headers().is_empty());
        let response = back_off_response(Duration::from_secs(30));
        assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(response.headers()["retry-after"], "30");
    }

    #[test]
    fn hookwire_s_own_sender_reads_the_back_off() {
        let response = back_off_response(Duration::from_millis(1500));
        assert_eq!(response.headers()["retry-after"], "2");
        assert_eq!(
            hookwire::retry::retry_after(response.headers(), now()),
            Some(now().saturating_add(Duration::from_secs(2)))
        );
    }
}

mod never_panics {
    use super::*;

    const NAMES: [&str; 10] = [
        "content-type",
        "content-length",
        "authorization",
        "webhook-id",
        "webhook-timestamp",
        "webhook-signature",
        "x-hub-signature-256",
        "ltk-timestamp",
        "ltk-hmacsignature",
        "x-github-delivery",
    ];

    fn arbitrary_headers() -> impl Strategy<Value = Vec<(usize, Vec<u8>)>> {
        prop::collection::vec(
            (
                0..NAMES.len(),
                prop_oneof![
                    prop::collection::vec(any::<u8>(), 0..40),
                    Just(b"application/json".to_vec()),
                    Just(b"Basic bmV0Y29yZTpwNHNzdzByZC1zZWNyZXQ=".to_vec()),
                    Just(b"1700000000".to_vec()),
                    Just(b"v1,".to_vec()),
                    Just(b"99999999999999999999".to_vec()),
                ],
            ),
            0..8,
        )
    }

    proptest! {
        #[test]
        fn arbitrary_requests_get_ok_or_a_4xx(
            headers in arbitrary_headers(),
            body in prop::collection::vec(any::<u8>(), 0..1200),
            peer in any::<[u8; 16]>(),
            scheme in 0usize..3,
        ) {
            let scheme = [Scheme::StandardWebhooks, Scheme::GitHub, Scheme::listrak()][scheme].clone();
            let receiver = full_receiver(scheme);
            let open = Receiver::builder(Json).verifier(Verifier::new(Scheme::GitHub, keys()).unwrap()).build().unwrap();
            let mut map = HeaderMap::new();
            for (name, value) in headers {
                if let Ok(value) = HeaderValue::from_bytes(&value) {
                    map.append(NAMES[name], value);
                }
            }
            let peer = IpAddr::from(peer);
            let mut guard = ReplayGuard::new(4).unwrap();
            for result in [
                receiver.receive_parts(&Method::POST, &map, &body, peer, now(), Some(&mut guard)).map(|_| ()),
                open.receive_parts(&Method::POST, &map, &body, peer, now(), Some(&mut guard)).map(|_| ()),
                Receiver::builder(RawBody).build().unwrap().receive_parts(&Method::POST, &map, &body, peer, now(), None).map(|_| ()),
            ] {
                if let Err(rejection) = result {
                    prop_assert!(rejection.status().is_client_error(), "{rejection:?}");
                    prop_assert!(rejection.response().status().is_client_error());
                    let _ = rejection.to_string();
                }
            }
        }

        #[test]
        fn ipv4_peers_match_alike_in_both_forms(
            peer in any::<[u8; 4]>(),
            network in any::<[u8; 4]>(),
            prefix in 0u8..=32,
        ) {
            let range = format!("{}/{prefix}", std::net::Ipv4Addr::from(network));
            let list = hookwire::receive::IpAllowlist::parse([range]).unwrap();
            let v4 = std::net::Ipv4Addr::from(peer);
            prop_assert_eq!(list.contains(v4.into()), list.contains(v4.to_ipv6_mapped().into()));
        }

        #[test]
        fn signed_json_always_gets_through_once(
            text in "\\PC{0,40}",
            id in "[a-zA-Z0-9_]{1,30}",
        ) {
            let body = serde_json::to_vec(&serde_json::json!({ "text": text })).unwrap();
            let receiver = full_receiver(Scheme::StandardWebhooks);
            let request = signed_request(Scheme::StandardWebhooks, &id, now(), &body);
            let mut guard = ReplayGuard::new(4).unwrap();
            let accepted = receiver.receive(&request, ip(PEER), now(), Some(&mut guard)).unwrap();
            prop_assert_eq!(accepted.data()["text"].as_str(), Some(text.as_str()));
            prop_assert_eq!(status_of(receiver.receive(&request, ip(PEER), now(), Some(&mut guard))), StatusCode::CONFLICT);
        }
    }
}
