//! The hookwire inspector: a local web page that receives, decodes, verifies and sends test
//! webhooks — a request bin that never leaves your machine.
//!
//! ```text
//! cargo run --example inspector                          # http://127.0.0.1:8789/
//! cargo run --example inspector -- --port 0              # any free port (printed)
//! cargo run --example inspector -- --keep 200 --max-body 4194304
//! ```
//!
//! The seeds tell users to test a webhook before they switch a journey on (Listrak: "a
//! webhook testing service can often help ensure the data is being passed correctly";
//! Netcore: keep "a dumper … so that you can validate what you have received"). The usual
//! answer is a hosted request bin, which sends secrets and customer data to a third party.
//! This is the same thing on 127.0.0.1, with hookwire's own receiver and sender:
//!
//! - **Capture**: anything sent to `/in/<name>` (any method) appears on the page as it
//!   arrives, newest first: method, path, headers, body (text or hex), size, source.
//! - **Decode**: by the format picked, or the one hookwire detects (Netcore `data=` forms,
//!   CloudEvents in all three modes, Lytics envelopes, Listrak payloads, Smarter Launch
//!   events, JSON).
//! - **Verify**: a scheme and a secret make a real `Receiver`; each capture shows
//!   "verified", or which check refused it, why, and the status a receiver would answer.
//! - **Answer**: `/in/…` answers 200, 202, 429, 500, 503 (both with `Retry-After`) or 410,
//!   to try a sender's retries.
//! - **Send test**: a signed sample of each format, sent through hookwire's `Delivery` to
//!   any URL (this page's own `/in/…` included), with the answer and what the vendor's
//!   sender would do next.
//!
//! It is built to be pointed at real traffic:
//!
//! - It listens on 127.0.0.1 only. The page's own routes answer only when the `Host` is
//!   this address (a DNS-rebinding page cannot read them) and their forms and fetches carry
//!   a token made at start-up (another site's page cannot post to them).
//! - Captured paths, headers and bodies are hostile input: every byte is escaped
//!   (`page::Html`), the Content-Security-Policy allows no inline script, and a capture that
//!   no format reads still renders, as text or hex.
//! - Memory is bounded: the last `--keep` requests, bodies up to `--max-body` bytes (a
//!   larger one is answered 413 and listed without its body).
//! - Secrets typed into the page stay in this process's memory, inside hookwire's zeroizing
//!   key types; the page shows them masked (first two characters and the length), and
//!   `Authorization` headers the same way.
//!
//! What it does not do: keep anything across restarts, guard against replays (the same
//! request twice is two captures), or answer the CloudEvents `OPTIONS` handshake.

// An adapter, not the core: it reads the system clock.
#![allow(clippy::disallowed_methods)]

mod decode;
mod page;
mod samples;
mod send;
mod state;
mod verify;

use std::hash::{BuildHasher, RandomState};
use std::io::Write as _;
use std::net::{Ipv4Addr, SocketAddr};
use std::process::ExitCode;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, Path, RawQuery, Request, State};
use axum::http::header::{
    CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_LENGTH, CONTENT_SECURITY_POLICY, CONTENT_TYPE,
    HOST, REFERRER_POLICY, RETRY_AFTER, X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{any, get, post};
use hookwire::Timestamp;
use tokio::sync::watch;
use zeroize::Zeroizing;

use crate::decode::Format;
use crate::page::View;
use crate::state::{ANSWERS, Answer, Capture, Captures, Inspector, SendForm, Settings};
use crate::verify::Check;

const USAGE: &str = "usage: inspector [--port N] [--keep N] [--max-body BYTES]

  --port N          port on 127.0.0.1 (default 8789; 0 picks a free one)
  --keep N          how many requests to keep (default 50)
  --max-body BYTES  the largest body kept (default 1048576)";

/// How long the page's long poll waits for a change before answering 204.
const LONG_POLL: Duration = Duration::from_secs(25);
/// The largest settings or send form the page posts.
const MAX_FORM: usize = 64 * 1024;
/// The page's policy: its own script and style only, no inline script, no framing, forms
/// and fetches to itself only.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
                   connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// The host's clock, read in one place: the `system-clock` feature's adapter.
fn now() -> Timestamp {
    hookwire::adapters::clock::now()
}

#[derive(Debug)]
struct Options {
    port: u16,
    keep: usize,
    max_body: usize,
}

fn options(args: impl Iterator<Item = String>) -> Result<Options, String> {
    let mut options = Options {
        port: 8789,
        keep: 50,
        max_body: 1024 * 1024,
    };
    let mut args = args;
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or(format!("`{flag}` needs a value"));
        match flag.as_str() {
            "--port" => options.port = value()?.parse().map_err(|_| "`--port`: 0 to 65535")?,
            "--keep" => {
                options.keep = value()?
                    .parse()
                    .ok()
                    .filter(|n| (1..=10_000).contains(n))
                    .ok_or("`--keep`: 1 to 10000")?;
            }
            "--max-body" => {
                options.max_body = value()?
                    .parse()
                    .ok()
                    .filter(|n| (1..=64 * 1024 * 1024).contains(n))
                    .ok_or("`--max-body`: 1 to 67108864 bytes")?;
            }
            "--help" | "-h" => return Err(String::new()),
            other => return Err(format!("unknown option `{other}`")),
        }
    }
    Ok(options)
}

/// What every handler shares.
#[derive(Debug)]
struct App {
    inspector: Mutex<Inspector>,
    /// Carries `Inspector::version` to the long polls waiting for it to move.
    changed: watch::Sender<u64>,
    /// Made at start-up; the page's forms and fetches carry it.
    token: String,
    /// `127.0.0.1:PORT` and `localhost:PORT`: the only `Host`s the page answers to.
    hosts: [String; 2],
    base_url: String,
    max_body: usize,
}

type Shared = Arc<App>;

impl App {
    fn lock(&self) -> MutexGuard<'_, Inspector> {
        // A handler that panicked left the data whole (every change is one assignment).
        self.inspector
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    fn view(&self) -> View<'_> {
        View {
            base_url: &self.base_url,
            token: &self.token,
            max_body: self.max_body,
        }
    }

    /// Tells the long polls the list changed. Called with the lock held, so the version a
    /// poll reads and the list it renders agree.
    fn bump(&self, inspector: &mut Inspector) {
        inspector.version += 1;
        self.changed.send_replace(inspector.version);
    }

    /// The page's routes answer only at this address: a page on another site whose name
    /// resolves to 127.0.0.1 (DNS rebinding) sends its own name as the `Host`.
    fn check_host(&self, headers: &HeaderMap) -> Result<(), Refused> {
        let host = headers
            .get(HOST)
            .and_then(|value| value.to_str().ok())
            .unwrap_or("");
        if self
            .hosts
            .iter()
            .any(|ours| ours.eq_ignore_ascii_case(host))
        {
            Ok(())
        } else {
            Err(Refused(format!(
                "the inspector's page answers only at {}/\n",
                self.base_url
            )))
        }
    }

    /// Whether `given` is this process's token. Compared without an early exit.
    fn is_token(&self, given: &str) -> bool {
        given.len() == self.token.len()
            && given
                .bytes()
                .zip(self.token.bytes())
                .fold(0, |diff, (a, b)| diff | (a ^ b))
                == 0
    }

    /// A form post from the page: our `Host`, our token.
    fn check_post(&self, headers: &HeaderMap, form: &Form) -> Result<(), Refused> {
        self.check_host(headers)?;
        if self.is_token(form.get("token").unwrap_or("")) {
            Ok(())
        } else {
            Err(Refused(
                "this form is stale or from another page: reload the inspector\n".to_owned(),
            ))
        }
    }
}

/// A request to the page refused: 403, and why.
#[derive(Debug)]
struct Refused(String);

impl IntoResponse for Refused {
    fn into_response(self) -> Response {
        (StatusCode::FORBIDDEN, self.0).into_response()
    }
}

/// A form body's fields. The secret is taken out into a zeroizing string.
#[derive(Debug, Default)]
struct Form(Vec<(String, String)>);

impl Form {
    fn parse(body: &[u8]) -> Self {
        Form(serde_urlencoded::from_bytes(body).unwrap_or_default())
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    fn take_secret(&mut self) -> Zeroizing<String> {
        let mut secret = Zeroizing::new(String::new());
        for (key, value) in &mut self.0 {
            if key == "secret" {
                *secret = std::mem::take(value);
            }
        }
        secret
    }
}

/// Whether the page's script asked (it sends the token in `x-inspector`): it gets the
/// fragment to swap in; a plain form post gets a redirect to the page.
fn from_script(app: &App, headers: &HeaderMap) -> bool {
    headers
        .get("x-inspector")
        .and_then(|value| value.to_str().ok())
        .is_some_and(|token| app.is_token(token))
}

/// The page's security headers.
fn ui(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn html(text: String) -> Response {
    ui(([(CONTENT_TYPE, "text/html; charset=utf-8")], text).into_response())
}

async fn index(State(app): State<Shared>, headers: HeaderMap) -> Response {
    if let Err(refused) = app.check_host(&headers) {
        return refused.into_response();
    }
    let page = page::page(&app.view(), &app.lock());
    html(page)
}

async fn style(State(app): State<Shared>, headers: HeaderMap) -> Response {
    if let Err(refused) = app.check_host(&headers) {
        return refused.into_response();
    }
    ui(([(CONTENT_TYPE, "text/css; charset=utf-8")], page::STYLE).into_response())
}

async fn script(State(app): State<Shared>, headers: HeaderMap) -> Response {
    if let Err(refused) = app.check_host(&headers) {
        return refused.into_response();
    }
    ui((
        [(CONTENT_TYPE, "text/javascript; charset=utf-8")],
        page::SCRIPT,
    )
        .into_response())
}

/// `ANY /in/…`: keep the request, answer with the status the page set.
async fn capture(
    State(app): State<Shared>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: Request,
) -> Response {
    let at = now();
    let (parts, body) = request.into_parts();
    let cap = app.max_body;
    let declared = parts
        .headers
        .get(CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<u64>().ok());
    // A body declared too large is not read at all; one that grows past the cap stops
    // being read there. Either way only the headers are kept.
    let (body, dropped) = match declared {
        Some(size) if size > cap as u64 => (
            Bytes::new(),
            Some(format!(
                "The body is {size} bytes, more than the {cap} the inspector keeps: not kept."
            )),
        ),
        _ => match axum::body::to_bytes(body, cap).await {
            Ok(bytes) => (bytes, None),
            Err(err) => (
                Bytes::new(),
                Some(format!(
                    "The body was not kept ({err}); the inspector keeps bodies up to {cap} bytes."
                )),
            ),
        },
    };
    let target = parts
        .uri
        .path_and_query()
        .map_or_else(|| parts.uri.path().to_owned(), |pq| pq.as_str().to_owned());

    let (id, status, retry_after) = {
        let mut inspector = app.lock();
        let answer = inspector.settings.answer;
        let status = if dropped.is_some() {
            StatusCode::PAYLOAD_TOO_LARGE
        } else {
            StatusCode::from_u16(answer.status).unwrap_or(StatusCode::OK)
        };
        let analysis =
            inspector
                .settings
                .analyze(&parts.headers, &body, dropped.as_deref(), peer, at);
        let id = inspector.captures.next_id();
        inspector.captures.push(Capture {
            id,
            at,
            method: parts.method,
            target,
            peer,
            headers: parts.headers,
            body,
            dropped,
            answered: status.as_u16(),
            analysis,
        });
        app.bump(&mut inspector);
        (id, status, answer.retry_after())
    };
    let mut response = (
        status,
        [(X_CONTENT_TYPE_OPTIONS, "nosniff")],
        format!("captured #{id}\n"),
    )
        .into_response();
    if let Some(secs) = retry_after.filter(|_| status != StatusCode::PAYLOAD_TOO_LARGE) {
        response
            .headers_mut()
            .insert(RETRY_AFTER, HeaderValue::from(secs));
    }
    response
}

/// `GET /requests?after=V`: the list once it differs from version `V` (a long poll: waits
/// up to [`LONG_POLL`], then answers 204), with its version in `x-version`.
async fn requests(
    State(app): State<Shared>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    if let Err(refused) = app.check_host(&headers) {
        return refused.into_response();
    }
    if !from_script(&app, &headers) {
        return (StatusCode::FORBIDDEN, "the page's script only\n").into_response();
    }
    let after = query
        .as_deref()
        .and_then(|query| serde_urlencoded::from_str::<Vec<(String, String)>>(query).ok())
        .and_then(|pairs| {
            pairs
                .into_iter()
                .find(|(key, _)| key == "after")
                .and_then(|(_, value)| value.parse::<u64>().ok())
        });
    if let Some(after) = after {
        let mut changed = app.changed.subscribe();
        if *changed.borrow_and_update() == after {
            // Nothing new yet: wait for a change, or give up and let the page ask again.
            let _ = tokio::time::timeout(LONG_POLL, changed.changed()).await;
        }
    }
    let (version, list) = {
        let inspector = app.lock();
        if Some(inspector.version) == after {
            return StatusCode::NO_CONTENT.into_response();
        }
        (
            inspector.version,
            page::captures(&app.view(), &inspector).into_string(),
        )
    };
    let mut response = html(list);
    response
        .headers_mut()
        .insert("x-version", HeaderValue::from(version));
    response
}

/// `GET /requests/ID/raw`: a capture's body exactly as received, as a download (never
/// rendered by the browser, whatever it holds).
async fn raw_body(State(app): State<Shared>, headers: HeaderMap, Path(id): Path<u64>) -> Response {
    if let Err(refused) = app.check_host(&headers) {
        return refused.into_response();
    }
    let body = app
        .lock()
        .captures
        .get(id)
        .map(|capture| capture.body.clone());
    match body {
        Some(body) => ui((
            [
                (CONTENT_TYPE, "application/octet-stream".to_owned()),
                (
                    CONTENT_DISPOSITION,
                    format!("attachment; filename=\"request-{id}.bin\""),
                ),
            ],
            Body::from(body),
        )
            .into_response()),
        None => (
            StatusCode::NOT_FOUND,
            "no such capture (only the last ones are kept)\n",
        )
            .into_response(),
    }
}

/// `POST /settings`: the answer, the check and the format.
async fn settings(State(app): State<Shared>, headers: HeaderMap, body: Bytes) -> Response {
    let mut form = Form::parse(&body[..body.len().min(MAX_FORM)]);
    if let Err(refused) = app.check_post(&headers, &form) {
        return refused.into_response();
    }
    let outcome;
    let fragment = {
        let mut inspector = app.lock();
        outcome = apply_settings(&mut inspector.settings, &mut form, app.max_body);
        if outcome.is_ok() {
            inspector.reanalyze();
            app.bump(&mut inspector);
        }
        page::settings(&app.view(), &inspector, Some(&outcome)).into_string()
    };
    if from_script(&app, &headers) {
        html(fragment)
    } else {
        Redirect::to("/").into_response()
    }
}

/// Reads every field first and changes the settings only when all of them are valid.
fn apply_settings(
    settings: &mut Settings,
    form: &mut Form,
    max_body: usize,
) -> Result<String, String> {
    let mut answer = settings.answer;
    if let Some(status) = form.get("status") {
        answer.status = status
            .parse()
            .ok()
            .filter(|status| ANSWERS.iter().any(|(known, _)| known == status))
            .ok_or("Answer: not a status the inspector offers")?;
    }
    if let Some(secs) = form.get("retry_after") {
        answer.retry_after = secs
            .trim()
            .parse()
            .ok()
            .filter(|secs| *secs <= 86_400)
            .ok_or("Retry-After: whole seconds, at most 86400")?;
    }
    let format = match form.get("format") {
        Some(name) => Format::from_name(name).ok_or("Decode: unknown format")?,
        None => settings.format,
    };
    let secret = form.take_secret();
    let check = match form.get("scheme") {
        // The same scheme with no secret typed keeps the secret already set.
        Some(scheme) if secret.is_empty() && scheme == settings.check.scheme() => None,
        Some(scheme) => Some(Check::new(scheme, &secret, max_body)?),
        None => None,
    };
    settings.answer = answer;
    settings.format = format;
    if let Some(check) = check {
        settings.check = check;
    }
    Ok(format!(
        "Applied: answering {}{}; {}; decoding: {}.",
        answer.status,
        answer
            .retry_after()
            .map_or(String::new(), |secs| format!(" with Retry-After: {secs}")),
        match settings.check.scheme() {
            "none" => "no check".to_owned(),
            scheme => format!("checking {}", verify::scheme_label(scheme)),
        },
        format.label(),
    ))
}

/// `POST /send`: sign and send a sample, then show the report.
async fn send_test(State(app): State<Shared>, headers: HeaderMap, body: Bytes) -> Response {
    let mut form = Form::parse(&body[..body.len().min(MAX_FORM)]);
    if let Err(refused) = app.check_post(&headers, &form) {
        return refused.into_response();
    }
    let sample = form
        .get("sample")
        .and_then(samples::by_name)
        .unwrap_or(&samples::SAMPLES[0]);
    let url = form.get("url").unwrap_or("").to_owned();
    let scheme = form.get("scheme").unwrap_or("auto").to_owned();
    let tamper = form.get("tamper").is_some();
    let secret = form.take_secret();
    let number = {
        let mut inspector = app.lock();
        let send = &mut inspector.send;
        send.sample = sample.name;
        send.url.clone_from(&url);
        send.scheme.clone_from(&scheme);
        send.tamper = tamper;
        send.sent += 1;
        send.sent
    };
    let request = send::SendRequest {
        sample,
        url,
        scheme,
        secret,
        tamper,
        number,
    };
    // The HTTP client blocks; the inspector keeps serving (its own /in/ included) meanwhile.
    let report = tokio::task::spawn_blocking(move || send::send(request))
        .await
        .ok();
    let fragment = {
        let mut inspector = app.lock();
        inspector.send.report = report;
        page::send(&app.view(), &inspector).into_string()
    };
    if from_script(&app, &headers) {
        html(fragment)
    } else {
        Redirect::to("/").into_response()
    }
}

/// `POST /clear`: forget every capture.
async fn clear(State(app): State<Shared>, headers: HeaderMap, body: Bytes) -> Response {
    let form = Form::parse(&body[..body.len().min(MAX_FORM)]);
    if let Err(refused) = app.check_post(&headers, &form) {
        return refused.into_response();
    }
    {
        let mut inspector = app.lock();
        inspector.captures.clear();
        app.bump(&mut inspector);
    }
    if from_script(&app, &headers) {
        StatusCode::NO_CONTENT.into_response()
    } else {
        Redirect::to("/").into_response()
    }
}

/// 128 bits from the standard library's per-process random hash keys (seeded by the
/// operating system): enough that another page cannot guess the form token.
fn token() -> String {
    let first = RandomState::new().hash_one(std::process::id());
    let second = RandomState::new().hash_one(now().unix_millis());
    format!("{first:016x}{second:016x}")
}

#[tokio::main]
async fn main() -> ExitCode {
    let options = match options(std::env::args().skip(1)) {
        Ok(options) => options,
        Err(problem) if problem.is_empty() => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(problem) => {
            eprintln!("{problem}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(options).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("inspector: {err}");
            ExitCode::FAILURE
        }
    }
}

async fn run(options: Options) -> Result<(), Box<dyn std::error::Error>> {
    let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, options.port)).await?;
    let port = listener.local_addr()?.port();
    let base_url = format!("http://127.0.0.1:{port}");
    let inspector = Inspector {
        captures: Captures::new(options.keep),
        settings: Settings {
            answer: Answer {
                status: 200,
                retry_after: 30,
            },
            check: Check::none(options.max_body)?,
            format: Format::Auto,
        },
        send: SendForm {
            sample: samples::SAMPLES[0].name,
            url: format!("{base_url}/in/test"),
            scheme: "auto".to_owned(),
            tamper: false,
            report: None,
            sent: 0,
        },
        version: 0,
    };
    let app = Arc::new(App {
        inspector: Mutex::new(inspector),
        changed: watch::Sender::new(0),
        token: token(),
        hosts: [format!("127.0.0.1:{port}"), format!("localhost:{port}")],
        base_url: base_url.clone(),
        max_body: options.max_body,
    });
    let router = Router::new()
        .route("/", get(index))
        .route("/assets/style.css", get(style))
        .route("/assets/app.js", get(script))
        .route("/requests", get(requests))
        .route("/requests/{id}/raw", get(raw_body))
        .route("/settings", post(settings))
        .route("/send", post(send_test))
        .route("/clear", post(clear))
        .route("/in", any(capture))
        .route("/in/", any(capture))
        .route("/in/{*rest}", any(capture))
        .with_state(app);

    // The tests read this line to find the port.
    println!("hookwire inspector: {base_url}/ (send webhooks to {base_url}/in/<name>)");
    std::io::stdout().flush()?;
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .await?;
    Ok(())
}
