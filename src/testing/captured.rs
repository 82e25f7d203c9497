//! [`capture`] and [`Captured`]: the requests a delivery sends, kept for assertions.

use bytes::Bytes;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::delivery::{Delivery, Message, Outcome, Reply, Route, TransmitId, simulate};
use crate::dispatch::{self, Answer, DispatchRun, Dispatcher, RouteKey, Seen};
use crate::format::netcore;
use crate::sign::{Verified, Verifier, VerifyError};
use crate::time::Timestamp;

/// Headers whose values change from run to run, and the marker a snapshot shows instead.
const VOLATILE: &[(&str, &str)] = &[
    ("authorization", "[credentials]"),
    ("ce-id", "[id]"),
    ("ce-time", "[time]"),
    ("ltk-hmacsignature", "[signature]"),
    ("ltk-timestamp", "[timestamp]"),
    ("stripe-signature", "[signature]"),
    ("svix-id", "[id]"),
    ("svix-signature", "[signature]"),
    ("svix-timestamp", "[timestamp]"),
    ("webhook-id", "[id]"),
    ("webhook-signature", "[signature]"),
    ("webhook-timestamp", "[timestamp]"),
    ("x-hub-signature-256", "[signature]"),
    ("x-shopify-hmac-sha256", "[signature]"),
    ("x-signature", "[signature]"),
    ("x-slack-request-timestamp", "[timestamp]"),
    ("x-slack-signature", "[signature]"),
];

/// A body that could not be read back.
///
/// ```
/// use hookwire::testing::DecodeError;
/// let err = DecodeError::Json("expected value at line 1 column 1".into());
/// assert!(err.to_string().contains("not JSON"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeError {
    /// The body (or the JSON inside a Netcore form) is not JSON, or not the asked type.
    #[error("the body is not JSON of the expected shape: {0}")]
    Json(String),
    /// A form body that is not Netcore's `data=` form.
    #[error("the form body is not a Netcore batch: {0}")]
    Form(String),
}

/// One request a delivery handed to the host, as the endpoint would receive it.
///
/// See the [module docs](super) for an example.
#[derive(Debug, Clone)]
pub struct Captured {
    /// Which transmit (a delivery's: 1 for the first attempt; a dispatcher's: its own
    /// numbering across routes).
    pub transmit: TransmitId,
    /// The route it went to, when a dispatcher sent it ([`capture_dispatch`]).
    pub route: Option<RouteKey>,
    /// When it was sent and signed, on the virtual clock.
    pub at: Timestamp,
    /// The request, exactly as it would go on the wire.
    pub request: http::Request<Bytes>,
}

/// What [`capture`] saw: every request in order, and the outcome.
///
/// See the [module docs](super) for an example.
#[derive(Debug, Clone)]
pub struct Capture {
    /// Every request sent, retries included.
    pub requests: Vec<Captured>,
    /// How the delivery ended.
    pub outcome: Outcome,
}

/// Runs one delivery of `message` over `route` from `start` on the virtual clock (the
/// policy's real delays, jumped over), answering request `n` (1-based) with
/// `respond(n)`, and keeps every request.
///
/// See the [module docs](super) for an example.
pub fn capture(
    route: Route,
    message: Message,
    start: Timestamp,
    mut respond: impl FnMut(u32) -> Reply,
) -> Capture {
    // A transmit is signed when it is handed out, one attempt timeout before its deadline.
    let timeout = route.policy().attempt_timeout();
    let mut delivery = Delivery::new(route, message, start);
    let mut requests = Vec::new();
    let sim = simulate(&mut delivery, |transmit| {
        requests.push(Captured {
            transmit: transmit.id(),
            route: None,
            at: transmit.deadline().saturating_sub(timeout),
            request: transmit.request().clone(),
        });
        respond(u32::try_from(requests.len()).unwrap_or(u32::MAX))
    });
    Capture {
        requests,
        outcome: sim.outcome,
    }
}

/// What [`capture_dispatch`] saw: every request the dispatcher sent (OAuth 2.0 token
/// requests and batches included), in order, and the harness's full record.
///
/// See [`capture_dispatch`] for an example.
#[derive(Debug, Clone)]
pub struct DispatchCapture {
    /// Every request sent, in the order sent.
    pub requests: Vec<Captured>,
    /// Everything the harness saw: transmits, replies, events.
    pub run: DispatchRun,
}

/// Runs `dispatcher` — routes and messages as a preset composed them — on the virtual
/// clock until it is idle or `until`, answering request `n` (1-based, across routes) with
/// `respond(n)`, and keeps every request ([`dispatch::simulate`] with capture).
///
/// ```
/// use hookwire::delivery::{Message, Reply, Route};
/// use hookwire::dispatch::{Answer, DeliveryKey, Dispatcher, RouteKey};
/// use hookwire::testing::capture_dispatch;
/// use hookwire::{MessageId, Payload, Timestamp, presets};
///
/// let start = Timestamp::from_unix_secs(1_700_000_000);
/// let mut dispatcher = Dispatcher::new(start);
/// let route = Route::new(presets::lytics::endpoint("https://hooks.example.com/lytics").build()?)
///     .with_policy(presets::lytics::retry_policy());
/// let config = presets::lytics::route_config(route, None)?.with_batching(presets::lytics::batching(None, false)?);
/// dispatcher.add_route(RouteKey::new(1), config)?;
/// for n in 0..3 {
///     let message = Message::new(MessageId::new(format!("u{n}"))?, Payload::json(format!(r#"{{"n":{n}}}"#)));
///     dispatcher.enqueue(start, RouteKey::new(1), DeliveryKey::new(n), message)?;
/// }
/// let run = capture_dispatch(&mut dispatcher, start.saturating_add(std::time::Duration::from_secs(60)), |_| {
///     Answer::after(std::time::Duration::from_millis(5), Reply::status(200))
/// });
/// assert_eq!(run.requests.len(), 1); // one batch after the 1 s window
/// assert_eq!(run.requests[0].json()?, serde_json::json!([{"n": 0}, {"n": 1}, {"n": 2}]));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn capture_dispatch(
    dispatcher: &mut Dispatcher,
    until: Timestamp,
    mut respond: impl FnMut(u32) -> Answer,
) -> DispatchCapture {
    let mut requests = Vec::new();
    let run = dispatch::simulate(dispatcher, until, |transmit| {
        requests.push(Captured {
            transmit: transmit.id(),
            route: Some(transmit.route()),
            at: Timestamp::UNIX_EPOCH,
            request: transmit.request().clone(),
        });
        respond(u32::try_from(requests.len()).unwrap_or(u32::MAX))
    });
    // The harness records when each transmit was made, which is when it was signed.
    for captured in &mut requests {
        if let Some(at) = run.seen.iter().find_map(|seen| match seen {
            Seen::Transmit { at, transmit, .. } if *transmit == captured.transmit => Some(*at),
            _ => None,
        }) {
            captured.at = at;
        }
    }
    DispatchCapture { requests, run }
}

impl Captured {
    /// The body as JSON: a JSON body as is, Netcore's `data=` form as its batch
    /// (`{"<panel>": [events]}`).
    ///
    /// See the [module docs](super) for an example.
    pub fn json(&self) -> Result<Value, DecodeError> {
        let body = self.request.body();
        let is_form = self
            .request
            .headers()
            .get(http::header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|value| value.starts_with("application/x-www-form-urlencoded"));
        if is_form {
            let batch = netcore::parse(body).map_err(|err| DecodeError::Form(err.to_string()))?;
            return serde_json::to_value(&batch).map_err(|err| DecodeError::Json(err.to_string()));
        }
        serde_json::from_slice(body).map_err(|err| DecodeError::Json(err.to_string()))
    }

    /// The body as a typed event (`format::lytics::Envelope`, a CloudEvent, your own
    /// type…), read from [`Captured::json`].
    ///
    /// ```
    /// # use hookwire::delivery::{Message, Reply, Route};
    /// # use hookwire::{Endpoint, MessageId, Payload, Timestamp};
    /// #[derive(serde::Deserialize)]
    /// struct Opened { email: String }
    /// # let route = Route::new(Endpoint::builder("https://e.com/").build()?);
    /// # let message = Message::new(MessageId::new("m")?, Payload::json(r#"{"email":"ada@example.com"}"#));
    /// let run = hookwire::testing::capture(route, message, Timestamp::UNIX_EPOCH, |_| Reply::status(200));
    /// let opened: Opened = run.requests[0].decode()?;
    /// assert_eq!(opened.email, "ada@example.com");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn decode<T: DeserializeOwned>(&self) -> Result<T, DecodeError> {
        serde_json::from_value(self.json()?).map_err(|err| DecodeError::Json(err.to_string()))
    }

    /// The request as stable JSON for a snapshot: method, URI, headers (sorted; signatures,
    /// signing times, message ids and credentials replaced by `[signature]`,
    /// `[timestamp]`, `[id]`, `[credentials]`) and the body from [`Captured::json`] — any
    /// other form as its fields, with `client_secret` masked; anything else as text.
    ///
    /// See the [module docs](super) for an example.
    pub fn snapshot(&self) -> Result<Value, DecodeError> {
        let mut headers = Map::new();
        let mut names: Vec<&str> = self
            .request
            .headers()
            .keys()
            .map(|name| name.as_str())
            .collect();
        names.sort_unstable();
        names.dedup();
        for name in names {
            let value = match VOLATILE.iter().find(|(volatile, _)| *volatile == name) {
                Some((_, marker)) => Value::from(*marker),
                None => {
                    let values: Vec<String> = self
                        .request
                        .headers()
                        .get_all(name)
                        .iter()
                        .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned())
                        .collect();
                    Value::from(values.join(", "))
                }
            };
            headers.insert(name.to_owned(), value);
        }
        let body = match self.json() {
            Ok(body) => body,
            // Any other form (an OAuth 2.0 token request): its fields, the client secret
            // masked like any credential.
            Err(DecodeError::Form(_)) => {
                match serde_urlencoded::from_bytes::<Vec<(String, String)>>(self.request.body()) {
                    Ok(pairs) => Value::Object(
                        pairs
                            .into_iter()
                            .map(|(name, value)| {
                                let value = if name == "client_secret" {
                                    "[credentials]".to_owned()
                                } else {
                                    value
                                };
                                (name, Value::from(value))
                            })
                            .collect(),
                    ),
                    Err(_) => {
                        Value::from(String::from_utf8_lossy(self.request.body()).into_owned())
                    }
                }
            }
            Err(_) => Value::from(String::from_utf8_lossy(self.request.body()).into_owned()),
        };
        let mut snapshot = Map::new();
        snapshot.insert("method".into(), Value::from(self.request.method().as_str()));
        snapshot.insert("uri".into(), Value::from(self.request.uri().to_string()));
        snapshot.insert("headers".into(), Value::Object(headers));
        snapshot.insert("body".into(), body);
        Ok(Value::Object(snapshot))
    }

    /// [`Captured::snapshot`], with the body fields at `pointers` (RFC 6901, `/meta/timestamp`)
    /// replaced by `"[masked]"`: for values a test does not fix, such as a time the host
    /// read from its clock. A pointer that names nothing is ignored.
    ///
    /// ```
    /// # use hookwire::delivery::{Message, Reply, Route};
    /// # use hookwire::{Endpoint, MessageId, Payload, Timestamp};
    /// # let route = Route::new(Endpoint::builder("https://e.com/").build()?);
    /// # let message = Message::new(MessageId::new("m")?, Payload::json(r#"{"meta":{"timestamp":"2026-12-04T20:00:00Z"}}"#));
    /// let run = hookwire::testing::capture(route, message, Timestamp::UNIX_EPOCH, |_| Reply::status(200));
    /// let snapshot = run.requests[0].snapshot_masking(&["/meta/timestamp"])?;
    /// assert_eq!(snapshot["body"]["meta"]["timestamp"], "[masked]");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn snapshot_masking(&self, pointers: &[&str]) -> Result<Value, DecodeError> {
        let mut snapshot = self.snapshot()?;
        for pointer in pointers {
            if let Some(value) = snapshot
                .get_mut("body")
                .and_then(|body| body.pointer_mut(pointer))
            {
                *value = Value::from("[masked]");
            }
        }
        Ok(snapshot)
    }

    /// Verifies the captured request's signature with `verifier`, as the receiver would
    /// at the moment it was sent.
    ///
    /// See the [module docs](super) for an example.
    pub fn verify(&self, verifier: &Verifier) -> Result<Verified, VerifyError> {
        verifier.verify(self.request.headers(), self.request.body(), self.at)
    }
}
