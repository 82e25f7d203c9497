//! The optional adapters (features `axum`, `reqwest`, `ureq`, `system-clock`, on here
//! through the crate's dev-dependency on itself): the axum extractor's refusals, the
//! clients' timeouts from the deadline, and the transport failures they report.

use std::net::{SocketAddr, TcpListener};
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{ConnectInfo, FromRequest};
use axum::response::IntoResponse;
use hookwire::adapters::axum::{Verified, Webhooks};
use hookwire::adapters::{clock, reqwest as reqwest_glue, ureq as ureq_glue};
use hookwire::delivery::{Delivery, Message, Route, TransportFailure};
use hookwire::receive::{Json, Receiver, Rejection, ReplayGuard};
use hookwire::{Endpoint, Key, Keyring, MessageId, Payload, Scheme, Signer, Timestamp, Verifier};

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

fn keys() -> Keyring {
    Keyring::new().with(Key::parse_standard(SECRET).unwrap())
}

fn webhooks(receiver: Receiver<Json>) -> Arc<Webhooks<Json>> {
    Arc::new(Webhooks::new(receiver).with_replay_guard(ReplayGuard::new(100).unwrap()))
}

fn signed(id: &str, body: &'static [u8], peer: Option<SocketAddr>) -> axum::extract::Request {
    let mut request = http::Request::post("/hooks").header("content-type", "application/json");
    let signer = Signer::new(Scheme::StandardWebhooks, keys()).unwrap();
    for (name, value) in signer
        .sign(&MessageId::new(id).unwrap(), clock::now(), body)
        .unwrap()
    {
        request = request.header(name, value);
    }
    let mut request = request.body(Body::from(body)).unwrap();
    if let Some(peer) = peer {
        request.extensions_mut().insert(ConnectInfo(peer));
    }
    request
}

async fn extract(
    state: &Arc<Webhooks<Json>>,
    request: axum::extract::Request,
) -> Result<serde_json::Value, u16> {
    Verified::<Json>::from_request(request, state)
        .await
        .map(|Verified(accepted)| accepted.into_data())
        .map_err(|response| response.status().as_u16())
}

#[tokio::test]
async fn the_axum_extractor_accepts_once_and_refuses_replays_tampering_size_and_strangers() {
    let receiver = Receiver::builder(Json)
        .max_body_size(64)
        .allow_ip("127.0.0.0/8")
        .verifier(Verifier::new(Scheme::StandardWebhooks, keys()).unwrap())
        .build()
        .unwrap();
    let state = webhooks(receiver);
    let local: SocketAddr = "127.0.0.1:40000".parse().unwrap();
    let body = br#"{"type":"email.opened"}"#;

    let data = extract(&state, signed("msg_1", body, Some(local))).await;
    assert_eq!(data, Ok(serde_json::json!({"type": "email.opened"})));
    // The same message again: the shared replay guard answers 409.
    assert_eq!(
        extract(&state, signed("msg_1", body, Some(local))).await,
        Err(409)
    );
    // Signed for one body, sent with another: 401.
    let mut tampered = signed("msg_2", body, Some(local));
    *tampered.body_mut() = Body::from(&br#"{"type":"email.clicked"}"#[..]);
    assert_eq!(extract(&state, tampered).await, Err(401));
    // Over the receiver's limit, with no Content-Length to refuse it early: 413.
    let large: &'static [u8] = Box::leak(vec![b' '; 100].into_boxed_slice());
    assert_eq!(
        extract(&state, signed("msg_3", large, Some(local))).await,
        Err(413)
    );
    // Served without ConnectInfo, the peer is unknown, and the allowlist refuses it: 403.
    assert_eq!(extract(&state, signed("msg_4", body, None)).await, Err(403));
}

#[test]
fn a_rejection_is_an_axum_response_with_the_status_and_headers_hookwire_chose() {
    let response =
        Rejection::Credentials(hookwire::auth::CredentialsError::Missing).into_response();
    assert_eq!(response.status(), 401);
    assert!(response.headers().contains_key("www-authenticate"));
}

fn transmit_to(url: &str) -> (Delivery, hookwire::delivery::Transmit, Timestamp) {
    let route = Route::new(Endpoint::builder(url).build().unwrap());
    let message = Message::new(MessageId::new("m").unwrap(), Payload::json("{}"));
    let now = Timestamp::from_unix_secs(1_700_000_000);
    let mut delivery = Delivery::new(route, message, now);
    let transmit = delivery.poll_transmit(now).unwrap();
    (delivery, transmit, now)
}

/// A loopback port nothing listens on (bound, then released).
fn closed_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[test]
fn ureq_takes_the_deadline_as_its_timeout_and_reports_a_refused_connection() {
    let (_delivery, transmit, now) = transmit_to(&format!("http://127.0.0.1:{}/", closed_port()));
    let agent = ureq_glue::agent();
    let later = now.saturating_add(Duration::from_secs(20));
    let request = ureq_glue::request(&agent, &transmit, later);
    assert_eq!(request.body(), b"{}");
    assert_eq!(transmit.timeout(later), Duration::from_secs(10));
    assert_eq!(
        ureq_glue::send(&agent, &transmit, now).unwrap_err(),
        TransportFailure::Connect
    );
}

#[tokio::test]
async fn reqwest_takes_the_deadline_as_its_timeout_and_reports_a_refused_connection() {
    let (_delivery, transmit, now) = transmit_to(&format!("http://127.0.0.1:{}/", closed_port()));
    let later = now.saturating_add(Duration::from_secs(20));
    let request = reqwest_glue::request(&transmit, later).unwrap();
    assert_eq!(request.timeout(), Some(&Duration::from_secs(10)));
    let client = reqwest_glue::client().build().unwrap();
    assert_eq!(
        reqwest_glue::send(&client, &transmit, now)
            .await
            .unwrap_err(),
        TransportFailure::Connect
    );
}
