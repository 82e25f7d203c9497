//! The "send test" form: a sample body, signed and sent by hookwire's sender — an
//! `Endpoint`, a `Signer` and a real `Delivery` with the vendor's retry policy — to any URL,
//! the inspector's own `/in/…` included. One attempt is sent; the report says what the
//! vendor's sender would do next with the answer (done, retry when, or give up).

use std::io::ErrorKind;
use std::time::{Duration, Instant};

use hookwire::delivery::TransportFailure;
use hookwire::delivery::{Delivery, Event, Message, Route};
use hookwire::http::{HeaderMap, Request, Response};
use hookwire::retry::RetryPolicy;
use hookwire::{Endpoint, MessageId, Scheme, Signer, Timestamp, presets};
use zeroize::Zeroizing;

use crate::page::is_credential;
use crate::samples::Sample;
use crate::verify::{basic_auth, keyring, mask, scheme_label};

/// The longest the form waits for an answer, whatever the vendor's policy allows: a person
/// is watching the page.
const MAX_WAIT: Duration = Duration::from_secs(10);
/// How much of the answer's body the report keeps.
const MAX_ANSWER_BODY: u64 = 16 * 1024;

/// What the form asked for.
#[derive(Debug)]
pub(crate) struct SendRequest {
    pub(crate) sample: &'static Sample,
    pub(crate) url: String,
    /// A `verify::SCHEMES` value, or `auto` for the sample's own.
    pub(crate) scheme: String,
    pub(crate) secret: Zeroizing<String>,
    /// Change one byte of the body after signing it.
    pub(crate) tamper: bool,
    /// Makes the message id unique within the process.
    pub(crate) number: u64,
}

/// What happened, as the page shows it. Holds no secret: the signing secret and any
/// `Authorization` value appear masked.
#[derive(Debug)]
pub(crate) struct SendReport {
    pub(crate) sample: &'static str,
    pub(crate) url: String,
    /// How the request was signed, secret masked.
    pub(crate) signing: String,
    pub(crate) tampered: Option<String>,
    pub(crate) message_id: String,
    pub(crate) request_headers: Vec<(String, String)>,
    pub(crate) body_size: usize,
    /// The answer, or why there was none.
    pub(crate) answer: Result<Answer, String>,
    /// Whose retry policy judged the answer.
    pub(crate) vendor: &'static str,
    /// What the vendor's sender makes of the answer.
    pub(crate) sender_says: String,
}

#[derive(Debug)]
pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) reason: &'static str,
    pub(crate) millis: u128,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: String,
}

/// How a request proves its sender.
enum Signing {
    Unsigned,
    Basic(hookwire::BasicAuth),
    Signed(Signer),
}

fn clock() -> Timestamp {
    hookwire::adapters::clock::now()
}

/// Signs and sends one request; blocking (the caller runs it off the async runtime).
pub(crate) fn send(request: SendRequest) -> SendReport {
    let sample = request.sample;
    let scheme = match request.scheme.as_str() {
        "auto" | "" => sample.scheme,
        other => other,
    };
    let mut report = SendReport {
        sample: sample.label,
        url: request.url.clone(),
        signing: match scheme {
            "none" => "unsigned".to_owned(),
            _ => format!("{}, secret {}", scheme_label(scheme), mask(&request.secret)),
        },
        tampered: None,
        message_id: format!("msg_inspector_{}", request.number),
        request_headers: Vec::new(),
        body_size: 0,
        answer: Err("not sent".to_owned()),
        vendor: sample.vendor,
        sender_says: String::new(),
    };
    if let Err(reason) = attempt(&request, scheme, &mut report) {
        report.answer = Err(reason);
    }
    report
}

fn attempt(request: &SendRequest, scheme: &str, report: &mut SendReport) -> Result<(), String> {
    let signing = signing(scheme, &request.secret)?;
    let mut endpoint = Endpoint::builder(request.url.trim());
    if let Signing::Basic(auth) = &signing {
        endpoint = endpoint.basic_auth(auth.clone());
    }
    let endpoint = endpoint.build().map_err(|err| format!("URL: {err}"))?;
    let policy = presets::by_name(request.sample.policy).unwrap_or_else(RetryPolicy::exponential);
    let message_id = MessageId::new(report.message_id.clone()).map_err(|err| err.to_string())?;
    let mut route = Route::new(endpoint).with_policy(policy);
    if let Signing::Signed(signer) = signing {
        route = route.with_signer(signer);
    }
    let message = Message::new(message_id, request.sample.payload()?);

    let now = clock();
    let mut delivery = Delivery::new(route, message, now);
    let Some(transmit) = delivery.poll_transmit(now) else {
        return Err(format!("nothing to send: {}", drain(&mut delivery)));
    };
    let (id, mut outgoing, deadline) = transmit.into_parts();
    if request.tamper {
        let mut body = outgoing.body().to_vec();
        report.tampered = Some(tamper(&mut body));
        *outgoing.body_mut() = body.into();
    }
    report.body_size = outgoing.body().len();
    report.request_headers = shown_headers(outgoing.headers());

    let wait = deadline
        .saturating_duration_since(now)
        .clamp(Duration::from_secs(1), MAX_WAIT);
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        // A sender must not follow redirects: the signature was made for this URL.
        .max_redirects(0)
        .timeout_global(Some(wait))
        .build()
        .into();
    let started = Instant::now();
    let outgoing: Request<Vec<u8>> = outgoing.map(|body| body.to_vec());
    match agent.run(outgoing) {
        Ok(mut response) => {
            let millis = started.elapsed().as_millis();
            let body = match response
                .body_mut()
                .with_config()
                .limit(MAX_ANSWER_BODY)
                .read_to_vec()
            {
                Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
                Err(err) => format!("(body not shown: {err})"),
            };
            let status = response.status();
            report.answer = Ok(Answer {
                status: status.as_u16(),
                reason: status.canonical_reason().unwrap_or(""),
                millis,
                headers: shown_headers(response.headers()),
                body,
            });
            let (parts, _) = response.into_parts();
            delivery
                .handle_response(clock().max(now), id, &Response::from_parts(parts, ()))
                .map_err(|err| err.to_string())?;
        }
        Err(err) => {
            report.answer = Err(format!("no answer: {err}"));
            delivery
                .handle_transport_error(clock().max(now), id, transport_failure(&err))
                .map_err(|err| err.to_string())?;
        }
    }
    report.sender_says = drain(&mut delivery);
    Ok(())
}

fn signing(scheme: &str, secret: &str) -> Result<Signing, String> {
    match scheme {
        "none" => Ok(Signing::Unsigned),
        _ if secret.is_empty() => Err(format!("{} needs a secret", scheme_label(scheme))),
        "basic" => basic_auth(secret).map(Signing::Basic),
        name => {
            let scheme =
                Scheme::from_name(name).ok_or_else(|| format!("unknown scheme `{name}`"))?;
            let keys = keyring(&scheme, secret)?;
            Signer::new(scheme, keys)
                .map(Signing::Signed)
                .map_err(|err| err.to_string())
        }
    }
}

/// What the delivery's events say the vendor's sender does next.
fn drain(delivery: &mut Delivery) -> String {
    let mut says = String::new();
    while let Some(event) = delivery.poll_event() {
        match event {
            Event::AttemptFinished {
                record,
                next_attempt_at,
                counted,
                ..
            } => {
                says = match next_attempt_at {
                    Some(next) => format!(
                        "attempt {} failed ({}); it would try again in {} s{}",
                        record.attempt,
                        record.result,
                        next.saturating_duration_since(record.ended_at).as_secs(),
                        if counted {
                            ""
                        } else {
                            ", not counting this attempt"
                        }
                    ),
                    None => format!("attempt {} failed ({})", record.attempt, record.result),
                };
            }
            Event::Finished(outcome) => {
                says = match outcome.journey_action {
                    Some(action) => format!("{}; journey action: {}", outcome.kind, action.name()),
                    None => outcome.kind.to_string(),
                };
            }
            _ => {}
        }
    }
    says
}

fn transport_failure(err: &ureq::Error) -> TransportFailure {
    match err {
        ureq::Error::Timeout(_) => TransportFailure::TimedOut,
        ureq::Error::HostNotFound => TransportFailure::Dns,
        ureq::Error::Io(io) if io.kind() == ErrorKind::ConnectionRefused => {
            TransportFailure::Connect
        }
        ureq::Error::ConnectionFailed => TransportFailure::Connect,
        _ => TransportFailure::Other,
    }
}

/// Changes the last letter or digit of `body` that is not part of a `%XX` escape (so a form
/// stays a form and JSON stays JSON) to its neighbour; says what changed.
pub(crate) fn tamper(body: &mut [u8]) -> String {
    let escaped = |i: usize| (i >= 1 && body[i - 1] == b'%') || (i >= 2 && body[i - 2] == b'%');
    let Some(at) = (0..body.len())
        .rev()
        .find(|&i| body[i].is_ascii_alphanumeric() && !escaped(i))
    else {
        return "nothing to change: the body has no letter or digit".to_owned();
    };
    let was = body[at];
    body[at] = match was {
        b'9' | b'z' | b'Z' => was - 1,
        _ => was + 1,
    };
    format!(
        "byte {at} changed from `{}` to `{}` after signing",
        was as char, body[at] as char
    )
}

/// Headers as the report shows them: credentials masked, values as text.
fn shown_headers(headers: &HeaderMap) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(name, value)| {
            let text = String::from_utf8_lossy(value.as_bytes());
            let shown = if is_credential(name.as_str()) {
                mask(&text)
            } else {
                text.into_owned()
            };
            (name.as_str().to_owned(), shown)
        })
        .collect()
}
