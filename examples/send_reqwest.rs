//! One webhook delivered with reqwest (async, on tokio), retries and all: the template to copy.
//!
//! ```text
//! cargo run --example send_reqwest -- https://hooks.example.com/in   # send there
//! cargo run --example send_reqwest -- --self-test   # against a flaky receiver on loopback
//! ```
//!
//! The loop is `Delivery::poll_step`: send each transmit (its deadline as the client's
//! timeout, no redirect followed), record each event, sleep until the next wait. The
//! clock is the host's (`adapters::clock::now`); hookwire's core never reads it.

use std::time::Duration;

use hookwire::adapters::{clock, reqwest};
use hookwire::delivery::{Delivery, Event, Message, OutcomeKind, Route, Step};
use hookwire::retry::{RetryPolicy, Schedule};
use hookwire::{Endpoint, Key, Keyring, MessageId, Payload, Scheme, Signer, presets};

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let self_test = std::env::args().any(|arg| arg == "--self-test");
    let (url, policy) = if self_test {
        // The preset's delays (5 s, 5 min, …) compressed to 100 ms for the self-test.
        let fast = RetryPolicy::new(Schedule::fixed([Duration::from_millis(100)])?)
            .with_max_attempts(3)?;
        (flaky_receiver::start()?, fast)
    } else {
        let url = std::env::args()
            .nth(1)
            .ok_or("usage: send_reqwest URL | --self-test")?;
        (url, presets::standard_webhooks::retry_policy())
    };

    let signer = Signer::new(
        Scheme::StandardWebhooks,
        Keyring::new().with(Key::parse_standard(SECRET)?),
    )?;
    let route = Route::new(Endpoint::builder(url).build()?)
        .with_signer(signer)
        .with_policy(policy);
    let message = Message::new(
        MessageId::new("msg_reqwest_1")?,
        Payload::json(r#"{"type":"email.opened"}"#),
    );

    let client = reqwest::client().build()?; // follows no redirect
    let mut delivery = Delivery::new(route, message, clock::now());
    let mut outcome = None;
    while let Some(step) = delivery.poll_step(clock::now()) {
        match step {
            Step::Transmit(transmit) => match reqwest::send(&client, &transmit, clock::now()).await
            {
                Ok(response) => delivery.handle_response(
                    clock::now(),
                    transmit.id(),
                    &reqwest::head(&response),
                )?,
                Err(failure) => {
                    delivery.handle_transport_error(clock::now(), transmit.id(), failure)?
                }
            },
            Step::Event(Event::AttemptFinished {
                record,
                next_attempt_at,
                ..
            }) => {
                println!(
                    "attempt {}: {} (next: {next_attempt_at:?})",
                    record.attempt, record.result
                );
            }
            Step::Event(Event::Finished(done)) => outcome = Some(done),
            Step::Event(_) => {}
            Step::Wait(until) => {
                tokio::time::sleep(until.saturating_duration_since(clock::now())).await
            }
        }
    }
    let outcome = outcome.ok_or("a delivery always ends in one outcome")?;
    println!(
        "outcome: {} after {} attempts",
        outcome.kind, outcome.attempts
    );
    if self_test
        && !(outcome.kind == OutcomeKind::Delivered { status: 200 } && outcome.attempts == 2)
    {
        return Err("self-test failed: expected delivered (200) after 2 attempts".into());
    }
    if self_test {
        println!("self-test passed");
    }
    Ok(())
}

/// The self-test's endpoint: a tiny_http server on an ephemeral port that answers the first
/// request 503 and then verifies each one with hookwire's receiver (200, or its refusal).
mod flaky_receiver {
    use hookwire::adapters::clock;
    use hookwire::receive::{Json, Receiver};
    use hookwire::{Key, Keyring, Scheme, Verifier};

    pub(crate) fn start() -> Result<String, Box<dyn std::error::Error>> {
        let server = tiny_http::Server::http("127.0.0.1:0").map_err(|e| e.to_string())?;
        let port = server
            .server_addr()
            .to_ip()
            .ok_or("not an IP listener")?
            .port();
        let keys = Keyring::new().with(Key::parse_standard(super::SECRET)?);
        let receiver = Receiver::builder(Json)
            .verifier(Verifier::new(Scheme::StandardWebhooks, keys)?)
            .build()?;
        std::thread::spawn(move || {
            for (n, mut request) in server.incoming_requests().enumerate() {
                let mut body = Vec::new();
                let _ = request.as_reader().read_to_end(&mut body);
                let mut http = http::Request::post(request.url())
                    .body(body)
                    .unwrap_or_default();
                for header in request.headers() {
                    if let (Ok(name), Ok(value)) = (
                        http::HeaderName::from_bytes(header.field.as_str().as_str().as_bytes()),
                        http::HeaderValue::from_str(header.value.as_str()),
                    ) {
                        http.headers_mut().append(name, value);
                    }
                }
                let peer = request
                    .remote_addr()
                    .map_or([127, 0, 0, 1].into(), |a| a.ip());
                let status = match receiver.receive(&http, peer, clock::now(), None) {
                    _ if n == 0 => 503,
                    Ok(_) => 200,
                    Err(rejection) => rejection.status().as_u16(),
                };
                let _ = request.respond(tiny_http::Response::empty(status));
            }
        });
        Ok(format!("http://127.0.0.1:{port}/hooks"))
    }
}
