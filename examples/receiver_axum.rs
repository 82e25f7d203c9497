//! A production-shaped webhook receiver on axum: verify, enqueue, answer at once, process in
//! the background.
//!
//! ```text
//! cargo run --example receiver_axum                 # serve on 127.0.0.1:8787 until Ctrl-C
//! cargo run --example receiver_axum -- --self-test  # serve, send itself signed requests, exit
//! ```
//!
//! The seeds' warning drives the shape: a sender that sees slow answers or 5xx disables the
//! endpoint (Netcore after a run of failures, Lytics after 10 failed requests). So the handler
//! never does the work itself. It lets hookwire check the request (size, signature, timestamp,
//! replay, content type, parse), puts the parsed event on a bounded in-process queue and
//! answers **202** straight away (this receiver takes Standard Webhooks, whose senders count
//! any 2xx; Netcore and Lytics count only 200, so a receiver for them answers
//! `received_response()` instead); a background task does the slow part. When the queue is
//! full the handler answers **429 with `Retry-After`** instead of letting requests pile up,
//! and forgets the message in the replay guard so the sender's retry is accepted.
//!
//! hookwire is sans-IO; the `axum` feature's adapter (`hookwire::adapters::axum`) is the
//! glue: its `Verified` extractor reads the clock and the peer address, holds the replay
//! guard behind its lock and answers refusals, and `Ack` writes hookwire's acknowledgements. A real service would put a durable queue
//! where the `mpsc` channel is.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::{FromRef, State};
use axum::routing::post;
use hookwire::adapters::axum::{Ack, Verified, Webhooks};
use hookwire::receive::{Json, Receiver, ReplayGuard};
use hookwire::{Keyring, MessageId, Scheme, Secret, Signer, Timestamp, Verifier};
use tokio::sync::mpsc;

/// The demo's signing secret (a real service loads its own from configuration).
const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
/// How many accepted events may wait for the worker before the handler asks senders to
/// back off.
const QUEUE_DEPTH: usize = 64;

/// One accepted webhook, waiting for the worker.
#[derive(Debug)]
struct Job {
    message_id: Option<String>,
    event: serde_json::Value,
}

/// What every request handler shares: the receiver with its replay guard (read by the
/// `Verified` extractor) and the queue.
#[derive(Debug, Clone)]
struct App {
    webhooks: Arc<Webhooks<Json>>,
    queue: mpsc::Sender<Job>,
}

impl FromRef<App> for Arc<Webhooks<Json>> {
    fn from_ref(app: &App) -> Self {
        app.webhooks.clone()
    }
}

/// The host's clock, read in one place: the `system-clock` feature's adapter.
fn now() -> Timestamp {
    hookwire::adapters::clock::now()
}

fn keys() -> Result<Keyring, hookwire::ConfigError> {
    Ok(Keyring::new().with(Secret::from_whsec(SECRET)?))
}

/// `POST /webhooks`: enqueue, answer. The `Verified` extractor has already checked size,
/// signature, timestamp, replay, content type and parse, and answered any refusal with
/// the status hookwire chose; nothing slow happens here.
async fn webhook(State(app): State<App>, Verified(accepted): Verified<Json>) -> Ack {
    let message_id = accepted
        .verified()
        .and_then(|verified| verified.message_id())
        .map(str::to_owned);
    let replay_key = accepted.replay_key();
    let job = Job {
        message_id,
        event: accepted.into_data(),
    };
    match app.queue.try_send(job) {
        Ok(()) => Ack::queued(),
        Err(_) => {
            // Not processed, so not a replay when the sender retries it.
            app.webhooks.forget(replay_key);
            Ack::back_off(Duration::from_secs(5))
        }
    }
}

/// The background worker: where the slow part of handling a webhook belongs.
async fn work(mut queue: mpsc::Receiver<Job>, processed: mpsc::UnboundedSender<Job>) {
    while let Some(job) = queue.recv().await {
        println!(
            "  worker: processed {} ({})",
            job.message_id.as_deref().unwrap_or("unsigned message"),
            job.event
        );
        let _ = processed.send(job);
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let self_test = std::env::args().any(|arg| arg == "--self-test");
    let receiver = Receiver::builder(Json)
        .max_body_size(256 * 1024)
        .verifier(Verifier::new(Scheme::StandardWebhooks, keys()?)?)
        .build()?;
    let (queue, jobs) = mpsc::channel(QUEUE_DEPTH);
    let (processed_tx, mut processed) = mpsc::unbounded_channel();
    tokio::spawn(work(jobs, processed_tx));
    let app = App {
        webhooks: Arc::new(Webhooks::new(receiver).with_replay_guard(ReplayGuard::new(100_000)?)),
        queue,
    };
    let router = Router::new()
        .route("/webhooks", post(webhook))
        .with_state(app);

    let address = if self_test {
        "127.0.0.1:0"
    } else {
        "127.0.0.1:8787"
    };
    let listener = tokio::net::TcpListener::bind(address).await?;
    let url = format!("http://{}/webhooks", listener.local_addr()?);
    println!("receiving Standard Webhooks at {url} (secret {SECRET})");
    let server = axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    );
    if !self_test {
        server.await?;
        return Ok(());
    }

    tokio::spawn(async move { server.await });
    let statuses = tokio::task::spawn_blocking(move || send_test_requests(&url)).await??;
    let expected = [202, 409, 401, 415];
    for (status, want) in statuses.iter().zip(expected) {
        if *status != want {
            return Err(format!("self-test: expected {expected:?}, got {statuses:?}").into());
        }
    }
    // The one accepted event reaches the worker after the answer went out.
    let job = tokio::time::timeout(Duration::from_secs(5), processed.recv())
        .await?
        .ok_or("the worker stopped")?;
    println!(
        "self-test passed: answered {statuses:?}; the worker processed {}",
        job.message_id.as_deref().unwrap_or("?")
    );
    Ok(())
}

/// A sender's side of the self-test, with a blocking client: a genuine request, the same
/// request again, a tampered body, and a signed body of the wrong content type.
fn send_test_requests(url: &str) -> Result<Vec<u16>, Box<dyn std::error::Error + Send + Sync>> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let signer = Signer::new(Scheme::StandardWebhooks, keys()?)?;
    let body = br#"{"type":"audience.entered","user":{"email":"ada@example.com"}}"#;
    let post = |id: &str, content_type: &str, sent: &[u8], signed: &[u8]| {
        let mut request = http::Request::post(url).header("content-type", content_type);
        for (name, value) in signer.sign(&MessageId::new(id)?, now(), signed)? {
            request = request.header(name, value);
        }
        let response = agent.run(request.body(sent.to_vec())?)?;
        println!("sent {id}: answered {}", response.status().as_u16());
        Ok::<_, Box<dyn std::error::Error + Send + Sync>>(response.status().as_u16())
    };
    let mut tampered = body.to_vec();
    tampered[10] ^= 0x20;
    Ok(vec![
        post("msg_1", "application/json", body, body)?,
        post("msg_1", "application/json", body, body)?,
        post("msg_2", "application/json", &tampered, body)?,
        post("msg_3", "text/plain", body, body)?,
    ])
}
