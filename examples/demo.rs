//! The hookwire demo: sign → send over real loopback HTTP → verify, for every scheme.
//!
//! ```text
//! cargo run --release --example demo
//! ```
//!
//! A receiver runs on `127.0.0.1` (tiny_http) with one `Verifier` per scheme; a sender signs a
//! journey event with each scheme and posts it with a real HTTP client (ureq). For each scheme
//! the demo also posts a tampered copy, which the receiver must refuse. hookwire itself does no
//! I/O: the demo owns the sockets and the clock and hands hookwire bytes and timestamps.
//! Last, it drives a real `Delivery` against a flaky endpoint (503 with `Retry-After`, then
//! 500, then success) on the real clock, printing each attempt, with every transmit cleared
//! by the endpoint's SSRF guard before it is sent; and shows the guard refusing a delivery
//! whose host name resolves to loopback. It grows into the full journey demo (rendering,
//! dispatch) in later releases.

use std::net::{IpAddr, ToSocketAddrs};
use std::process::ExitCode;
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use bytes::Bytes;
use hookwire::delivery::{
    Delivery, Event, FailureReason, Message, OutcomeKind, Route, Transmit, TransportFailure,
};
use hookwire::guard::Guard;
use hookwire::http::{
    HeaderMap, HeaderName, HeaderValue, Request, Response, StatusCode, header::AUTHORIZATION,
    header::CONTENT_TYPE,
};
use hookwire::receive::Rejection;
use hookwire::retry::{RetryAfter, RetryPolicy, Schedule};
use hookwire::{
    BasicAuth, Ed25519SigningKey, Endpoint, Key, Keyring, MessageId, Payload, Scheme, Secret,
    Signer, Timestamp, Verifier,
};

/// One scheme as both halves see it.
struct Case {
    path: &'static str,
    signer: Option<Signer>,
    verifier: Option<Verifier>,
    basic_auth: Option<BasicAuth>,
}

fn cases() -> Result<Vec<Case>, hookwire::ConfigError> {
    let text = |s: &str| -> Result<Keyring, hookwire::ConfigError> {
        Ok(Keyring::new().with(Secret::from_text(s)?))
    };
    let whsec = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    let ed = Ed25519SigningKey::from_whsk("whsk_VEVTVFNJR05JTkdLRVlET05PVFVTRVRISVNGT1JBTlk=")?;
    let signed = |path,
                  scheme: Scheme,
                  sign_keys: Keyring,
                  verify_keys: Keyring|
     -> Result<Case, hookwire::ConfigError> {
        Ok(Case {
            path,
            signer: Some(Signer::new(scheme.clone(), sign_keys)?),
            verifier: Some(Verifier::new(scheme, verify_keys)?),
            basic_auth: None,
        })
    };
    Ok(vec![
        signed(
            "/listrak",
            Scheme::listrak(),
            text("listrak-hmac-secret")?,
            text("listrak-hmac-secret")?,
        )?,
        signed(
            "/smarter-launch",
            Scheme::smarter_launch(),
            text("account-webhook-key")?,
            text("account-webhook-key")?,
        )?,
        signed(
            "/standard",
            Scheme::StandardWebhooks,
            Keyring::new().with(Key::parse_standard(whsec)?),
            Keyring::new().with(Key::parse_standard(whsec)?),
        )?,
        signed(
            "/standard-v1a",
            Scheme::StandardWebhooks,
            Keyring::new().with(ed.clone()),
            Keyring::new().with(ed.verifying_key()),
        )?,
        signed(
            "/stripe",
            Scheme::Stripe,
            text("whsec_test_secret")?,
            text("whsec_test_secret")?,
        )?,
        signed(
            "/github",
            Scheme::GitHub,
            text("It's a Secret to Everybody")?,
            text("It's a Secret to Everybody")?,
        )?,
        signed(
            "/shopify",
            Scheme::Shopify,
            text("test_secret_key")?,
            text("test_secret_key")?,
        )?,
        signed(
            "/slack",
            Scheme::Slack,
            text("8f742231b10e8888abcd99yyyzzz85a5")?,
            text("8f742231b10e8888abcd99yyyzzz85a5")?,
        )?,
        Case {
            path: "/netcore-basic-auth",
            signer: None,
            verifier: None,
            basic_auth: Some(BasicAuth::new("netcore", "correct horse")?),
        },
    ])
}

/// The demo owns the clock; hookwire only ever receives it as an argument.
#[allow(clippy::disallowed_methods)]
fn now() -> Timestamp {
    Timestamp::try_from(std::time::SystemTime::now()).unwrap_or(Timestamp::UNIX_EPOCH)
}

fn main() -> ExitCode {
    match run() {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(err) => {
            eprintln!("demo failed: {err}");
            ExitCode::from(1)
        }
    }
}

fn run() -> Result<bool, Box<dyn std::error::Error>> {
    let cases = Arc::new(cases()?);
    let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").map_err(|err| err.to_string())?);
    let port = server
        .server_addr()
        .to_ip()
        .map(|addr| addr.port())
        .ok_or("no port")?;
    let receiver = {
        let (server, cases) = (Arc::clone(&server), Arc::clone(&cases));
        thread::spawn(move || receive_all(&server, &cases))
    };

    println!("receiver listening on http://127.0.0.1:{port}\n");
    println!(
        "{:<22} {:<9} {:<9} what the receiver said",
        "scheme", "genuine", "tampered"
    );
    // A webhook sender never follows redirects: a `Location` is a destination nobody
    // cleared (ureq follows ten by default).
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .build()
        .into();
    let body = Bytes::from_static(
        br#"{"event":"cart_abandoned","contact":{"email":"ada@example.com","phone":"+15550100"},"cart":[{"sku":"TEA-01","qty":2,"price":12.5}]}"#,
    );
    let mut all_good = true;
    for (n, case) in cases.iter().enumerate() {
        let mut endpoint = Endpoint::builder(format!("http://127.0.0.1:{port}{}", case.path));
        if let Some(auth) = &case.basic_auth {
            endpoint = endpoint.basic_auth(auth.clone());
        }
        let endpoint = endpoint.build()?;
        let id = MessageId::new(format!("msg_demo_{n}"))?;

        let genuine = send(&agent, &endpoint, case, &id, body.clone(), false)?;
        let tampered = send(&agent, &endpoint, case, &id, body.clone(), true)?;
        let ok = genuine.0 == StatusCode::OK && tampered.0 == StatusCode::UNAUTHORIZED;
        all_good &= ok;
        println!(
            "{:<22} {:<9} {:<9} {} | {}",
            &case.path[1..],
            genuine.0.as_u16(),
            tampered.0.as_u16(),
            genuine.1,
            tampered.1
        );
    }
    let retried = deliver_with_retries(&agent, port, &body)?;
    all_good &= retried;
    let refused = refuse_internal_destination(port, &body)?;
    all_good &= refused;
    server.unblock();
    let _ = receiver.join();
    println!(
        "\n{}",
        if all_good {
            "every genuine request verified; every tampered request was refused; \
             the flaky endpoint got its message on the third attempt; \
             the guard refused a name that resolves to loopback"
        } else {
            "UNEXPECTED RESULT: see the table above"
        }
    );
    Ok(all_good)
}

/// Signs (or adds credentials), optionally tampers with the body after signing, and sends.
fn send(
    agent: &ureq::Agent,
    endpoint: &Endpoint,
    case: &Case,
    id: &MessageId,
    body: Bytes,
    tamper: bool,
) -> Result<(StatusCode, String), Box<dyn std::error::Error>> {
    let mut request = endpoint.request(body.clone());
    request
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    if let Some(signer) = &case.signer {
        signer
            .sign(id, now(), &body)?
            .apply_to(request.headers_mut());
    }
    if tamper {
        if case.basic_auth.is_some() {
            let wrong = BasicAuth::new("netcore", "wrong horse")?;
            request
                .headers_mut()
                .insert(AUTHORIZATION, wrong.header_value());
        } else {
            *request.body_mut() = Bytes::from(
                body.iter()
                    .map(|&b| if b == b'2' { b'9' } else { b })
                    .collect::<Vec<u8>>(),
            );
        }
    }
    let request: Request<Vec<u8>> = request.map(|body| body.to_vec());
    let mut response = agent.run(request)?;
    let text = response.body_mut().read_to_string()?;
    Ok((response.status(), text))
}

/// The receiving side: raw request in, hookwire verdict out.
fn receive_all(server: &tiny_http::Server, cases: &[Case]) {
    let mut flaky_calls = 0;
    for mut incoming in server.incoming_requests() {
        let mut body = Vec::new();
        let mut retry_after = None;
        let (status, text) = match incoming.as_reader().read_to_end(&mut body) {
            Err(err) => (400, format!("unreadable body: {err}")),
            Ok(_) => {
                let headers = header_map(incoming.headers());
                if incoming.url() == FLAKY_PATH {
                    // Busy, then broken, then fine: what the seeds warn receivers about.
                    flaky_calls += 1;
                    match flaky_calls {
                        1 => {
                            retry_after = Some("1");
                            (503, "busy, come back in a second".to_owned())
                        }
                        2 => (500, "broken".to_owned()),
                        _ => match cases.iter().find(|case| case.path == "/standard") {
                            Some(case) => verdict(case, &headers, &body),
                            None => (500, "misconfigured".to_owned()),
                        },
                    }
                } else {
                    match cases.iter().find(|case| case.path == incoming.url()) {
                        None => (404, "no such hook".to_owned()),
                        Some(case) => verdict(case, &headers, &body),
                    }
                }
            }
        };
        let mut response = tiny_http::Response::from_string(text).with_status_code(status);
        if let Some(value) = retry_after
            && let Ok(header) = tiny_http::Header::from_bytes("Retry-After", value)
        {
            response = response.with_header(header);
        }
        let _ = incoming.respond(response);
    }
}

/// The receiver's flaky endpoint: 503 with `Retry-After: 1`, then 500, then a verified 200.
const FLAKY_PATH: &str = "/standard-flaky";

/// A real `Delivery` over real HTTP: the demo is the host — it owns the clock, the sleeping
/// and the HTTP client, and hands hookwire what came back.
fn deliver_with_retries(
    agent: &ureq::Agent,
    port: u16,
    body: &Bytes,
) -> Result<bool, Box<dyn std::error::Error>> {
    let keys = Keyring::new().with(Key::parse_standard(
        "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
    )?);
    let policy = RetryPolicy::new(Schedule::fixed([Duration::from_millis(300)])?)
        .with_max_attempts(5)?
        .with_retry_after(RetryAfter::honour(Duration::from_secs(5)))
        .with_attempt_timeout(Duration::from_secs(5))?;
    // The receiver is on loopback, which the SSRF guard refuses unless told otherwise:
    // this endpoint allows 127.0.0.0/8 on purpose, and nothing else internal.
    let guard = Guard::builder().allow("127.0.0.0/8").build()?;
    let endpoint = Endpoint::builder(format!("http://127.0.0.1:{port}{FLAKY_PATH}"))
        .guard(guard)
        .build()?;
    let route = Route::new(endpoint)
        .with_signer(Signer::new(Scheme::StandardWebhooks, keys)?)
        .with_policy(policy);
    let message = Message::new(
        MessageId::new("msg_demo_retries")?,
        Payload::json(body.clone()),
    );

    println!(
        "\ndelivery with retries to {FLAKY_PATH} (503 + Retry-After: 1, then 500, then verified):"
    );
    let started = now();
    let mut delivery = Delivery::new(route, message, started);
    loop {
        let at = now().max(delivery.state().clock());
        delivery.handle_timeout(at)?;
        while let Some(transmit) = delivery.poll_transmit(at) {
            // Clear it first: resolve the name, let the endpoint's guard judge the addresses.
            let cleared = match transmit.clear(&resolve(&transmit)) {
                Ok(cleared) => cleared,
                Err(denied) => {
                    println!("  denied: {denied}");
                    let id = transmit.id();
                    delivery.handle_transport_error(at, id, TransportFailure::Denied)?;
                    continue;
                }
            };
            let (id, request, _deadline) = transmit.into_parts();
            // ureq resolves the URL's host itself. Here the URL names the address, so that
            // is the pinned one; with a host name, make the client connect to
            // `cleared.address()` (a custom resolver or connector) and nowhere else.
            debug_assert_eq!(request.uri().port_u16(), Some(cleared.address().port()));
            let request: Request<Vec<u8>> = request.map(|body| body.to_vec());
            match agent.run(request) {
                Ok(response) => {
                    let answered = now().max(at);
                    let (parts, _) = response.into_parts();
                    delivery.handle_response(answered, id, &Response::from_parts(parts, ()))?;
                }
                Err(_) => {
                    delivery.handle_transport_error(
                        now().max(at),
                        id,
                        TransportFailure::Connect,
                    )?;
                }
            }
        }
        while let Some(event) = delivery.poll_event() {
            let since = |t: Timestamp| t.saturating_duration_since(started).as_millis();
            match event {
                Event::AttemptStarted { attempt, at, .. } => {
                    println!("  +{:>5} ms  attempt {attempt} sent", since(at));
                }
                // The delivered attempt is told by the outcome that follows it.
                Event::AttemptFinished {
                    next_attempt_at: None,
                    ..
                } => {}
                Event::AttemptFinished {
                    record,
                    next_attempt_at,
                    ..
                } => {
                    let next =
                        next_attempt_at.map_or("none".to_owned(), |t| format!("+{} ms", since(t)));
                    println!(
                        "  +{:>5} ms  attempt {} answered {}; next attempt {next}",
                        since(record.ended_at),
                        record.attempt,
                        record.result
                    );
                }
                Event::Finished(outcome) => {
                    println!(
                        "  +{:>5} ms  {} after {} attempts",
                        since(outcome.at),
                        outcome.kind,
                        outcome.attempts
                    );
                    return Ok(
                        matches!(outcome.kind, OutcomeKind::Delivered { status: 200 })
                            && outcome.attempts == 3,
                    );
                }
                _ => {}
            }
        }
        // Sleep until the delivery wants to be woken; a real host stores it in its queue.
        if let Some(due) = delivery.poll_timeout() {
            thread::sleep(due.saturating_duration_since(now()));
        }
    }
}

/// The host's resolver: what the transmit's host name resolves to (nothing to resolve when
/// the URL names an address; a failed lookup is no address, which the guard refuses).
fn resolve(transmit: &Transmit) -> Vec<IpAddr> {
    match transmit.target() {
        Ok(target) => match target.name() {
            Some(name) => (name, target.port())
                .to_socket_addrs()
                .map(|addresses| addresses.map(|address| address.ip()).collect())
                .unwrap_or_default(),
            None => Vec::new(),
        },
        Err(_) => Vec::new(),
    }
}

/// A guarded endpoint whose host name resolves to loopback: the guard refuses it before
/// anything is sent, and the delivery fails at once.
fn refuse_internal_destination(
    port: u16,
    body: &Bytes,
) -> Result<bool, Box<dyn std::error::Error>> {
    let url = format!("http://localhost:{port}/standard");
    println!("\nguarded delivery to {url} (no exception for loopback):");
    let route = Route::new(Endpoint::builder(url).guard(Guard::new()).build()?);
    let message = Message::new(
        MessageId::new("msg_demo_guarded")?,
        Payload::json(body.clone()),
    );
    let at = now();
    let mut delivery = Delivery::new(route, message, at);
    while let Some(transmit) = delivery.poll_transmit(at) {
        match transmit.clear(&resolve(&transmit)) {
            Ok(cleared) => println!("  cleared {} (unexpected)", cleared.address()),
            Err(denied) => {
                println!("  denied: {denied}");
                delivery.handle_transport_error(at, transmit.id(), TransportFailure::Denied)?;
            }
        }
    }
    let outcome = delivery.state().outcome();
    if let Some(kind) = outcome {
        println!("  {kind}, nothing sent");
    }
    Ok(outcome
        == Some(OutcomeKind::Failed {
            reason: FailureReason::DestinationDenied,
        }))
}

fn verdict(case: &Case, headers: &HeaderMap, body: &[u8]) -> (u16, String) {
    if let Some(auth) = &case.basic_auth {
        return match auth.verify(headers) {
            Ok(()) => (200, format!("basic auth ok for `{}`", auth.username())),
            // The receiver, not the credentials check, chooses the status.
            Err(err) => (
                Rejection::Credentials(err.clone()).status().as_u16(),
                err.to_string(),
            ),
        };
    }
    let Some(verifier) = &case.verifier else {
        return (500, "misconfigured case".to_owned());
    };
    match verifier.verify(headers, body, now()) {
        Ok(verified) => {
            let mut text = format!("verified with key #{}", verified.key_index());
            if let Some(ts) = verified.timestamp() {
                text.push_str(&format!(", signed at {ts}"));
            }
            if let Some(id) = verified.message_id() {
                text.push_str(&format!(", id {id}"));
            }
            (200, text)
        }
        Err(err) => (err.status().as_u16(), err.to_string()),
    }
}

fn header_map(headers: &[tiny_http::Header]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for header in headers {
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(header.field.as_str().as_str().as_bytes()),
            HeaderValue::from_str(header.value.as_str()),
        ) {
            map.append(name, value);
        }
    }
    map
}
