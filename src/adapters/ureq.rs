//! Sending a [`Transmit`] with ureq 3, a blocking client (feature `ureq`).
//!
//! ureq 3 sends an `http::Request` but not one with a `Bytes` body, follows redirects and
//! turns 4xx/5xx into errors unless told otherwise. [`agent`] makes the agent hookwire
//! needs (no redirect followed, every status returned as a response); [`send`] sends a
//! transmit with the time left to its deadline as the whole request's timeout and says
//! which [`TransportFailure`] a failure was. The drive loop:
//!
//! ```no_run
//! use hookwire::adapters::{clock, ureq};
//! use hookwire::delivery::{Delivery, Event, Message, Route, Step, response_head};
//! use hookwire::{Endpoint, MessageId, Payload};
//!
//! let route = Route::new(Endpoint::builder("http://127.0.0.1:8787/hooks").build()?);
//! let message = Message::new(MessageId::new("evt_1")?, Payload::json("{}"));
//! let agent = ureq::agent();
//! let mut delivery = Delivery::new(route, message, clock::now());
//! while let Some(step) = delivery.poll_step(clock::now()) {
//!     match step {
//!         Step::Transmit(transmit) => match ureq::send(&agent, &transmit, clock::now()) {
//!             Ok(response) => delivery.handle_response(clock::now(), transmit.id(), &response_head(&response))?,
//!             Err(failure) => delivery.handle_transport_error(clock::now(), transmit.id(), failure)?,
//!         },
//!         Step::Event(event) => println!("{event:?}"),
//!         Step::Wait(until) => std::thread::sleep(until.saturating_duration_since(clock::now())),
//!     }
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ureq resolves the URL's host itself. For an endpoint with an SSRF guard, clear the
//! transmit first ([`Transmit::clear`]) and make the agent connect only to the cleared
//! address (ureq's `Resolver`), or send only to URLs that name an address.

use std::io;

use ::ureq::{Agent, Body, Error};

use crate::Timestamp;
use crate::delivery::{Transmit, TransportFailure};

/// An agent that sends requests as hookwire means them: no redirect is followed (a 3xx is
/// a failed attempt, and a signed request must not be replayed at another address) and
/// every status comes back as a response, not an error.
///
/// ```
/// let agent = hookwire::adapters::ureq::agent();
/// assert_eq!(agent.config().max_redirects(), 0);
/// assert!(!agent.config().http_status_as_error());
/// ```
pub fn agent() -> Agent {
    Agent::config_builder()
        .max_redirects(0)
        .http_status_as_error(false)
        .build()
        .new_agent()
}

/// The transmit's request as ureq takes it — the body borrowed, not copied — with the time
/// left to the deadline at `now` as the whole request's timeout, and redirects and status
/// errors off whatever the agent says. Run it with `agent.run(request)`.
///
/// ```
/// # use hookwire::{delivery::{Delivery, Message, Route}, Endpoint, MessageId, Payload, Timestamp};
/// # let route = Route::new(Endpoint::builder("https://e.com/").build()?);
/// # let message = Message::new(MessageId::new("m")?, Payload::json("{}"));
/// # let now = Timestamp::from_unix_secs(1_700_000_000);
/// let mut delivery = Delivery::new(route, message, now);
/// let transmit = delivery.poll_transmit(now).unwrap();
/// let agent = hookwire::adapters::ureq::agent();
/// let request = hookwire::adapters::ureq::request(&agent, &transmit, now);
/// assert_eq!(request.body(), b"{}");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn request<'t>(
    agent: &Agent,
    transmit: &'t Transmit,
    now: Timestamp,
) -> http::Request<&'t [u8]> {
    let source = transmit.request();
    let mut request = http::Request::new(source.body().as_ref());
    *request.method_mut() = source.method().clone();
    *request.uri_mut() = source.uri().clone();
    *request.version_mut() = source.version();
    request.headers_mut().clone_from(source.headers());
    agent
        .configure_request(request)
        .timeout_global(Some(transmit.timeout(now)))
        .max_redirects(0)
        .http_status_as_error(false)
        .build()
}

/// Sends the transmit with `agent` at `now`: the response (whatever its status), or the
/// [`TransportFailure`] to hand to
/// [`Delivery::handle_transport_error`](crate::delivery::Delivery::handle_transport_error).
/// Pass the response through [`response_head`](crate::delivery::response_head) to
/// `handle_response`; its body is still there to read.
///
/// See the [module docs](self) for the loop.
pub fn send(
    agent: &Agent,
    transmit: &Transmit,
    now: Timestamp,
) -> Result<http::Response<Body>, TransportFailure> {
    agent
        .run(request(agent, transmit, now))
        .map_err(|err| failure(&err))
}

/// Which [`TransportFailure`] a ureq error is.
///
/// ```
/// use hookwire::delivery::TransportFailure;
/// assert_eq!(hookwire::adapters::ureq::failure(&ureq::Error::HostNotFound), TransportFailure::Dns);
/// ```
pub fn failure(error: &Error) -> TransportFailure {
    match error {
        Error::Timeout(_) => TransportFailure::TimedOut,
        Error::HostNotFound => TransportFailure::Dns,
        Error::ConnectionFailed => TransportFailure::Connect,
        Error::Tls(_) | Error::TlsRequired => TransportFailure::Tls,
        Error::Io(err) => match err.kind() {
            io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock => TransportFailure::TimedOut,
            io::ErrorKind::ConnectionRefused
            | io::ErrorKind::ConnectionReset
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::NotConnected => TransportFailure::Connect,
            _ => TransportFailure::Other,
        },
        _ => TransportFailure::Other,
    }
}
