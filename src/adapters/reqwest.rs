//! Sending a [`Transmit`] with reqwest, an async client (feature `reqwest`).
//!
//! [`client`] starts the client builder hookwire needs (no redirect followed); [`send`]
//! sends a transmit with the time left to its deadline as the request's timeout and says
//! which [`TransportFailure`] a failure was; [`head`] is the response as
//! [`Delivery::handle_response`](crate::delivery::Delivery::handle_response) reads it,
//! leaving its body to be read. hookwire's optional reqwest dependency enables no TLS
//! backend: enable the one you use on your own reqwest dependency. The drive loop:
//!
//! ```no_run
//! use hookwire::adapters::{clock, reqwest};
//! use hookwire::delivery::{Delivery, Event, Message, Route, Step};
//! use hookwire::{Endpoint, MessageId, Payload};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let route = Route::new(Endpoint::builder("http://127.0.0.1:8787/hooks").build()?);
//! let message = Message::new(MessageId::new("evt_1")?, Payload::json("{}"));
//! let client = reqwest::client().build()?;
//! let mut delivery = Delivery::new(route, message, clock::now());
//! while let Some(step) = delivery.poll_step(clock::now()) {
//!     match step {
//!         Step::Transmit(transmit) => match reqwest::send(&client, &transmit, clock::now()).await {
//!             Ok(response) => delivery.handle_response(clock::now(), transmit.id(), &reqwest::head(&response))?,
//!             Err(failure) => delivery.handle_transport_error(clock::now(), transmit.id(), failure)?,
//!         },
//!         Step::Event(event) => println!("{event:?}"),
//!         Step::Wait(until) => tokio::time::sleep(until.saturating_duration_since(clock::now())).await,
//!     }
//! }
//! # Ok(()) }
//! ```
//!
//! reqwest resolves the URL's host itself. For an endpoint with an SSRF guard, clear the
//! transmit first ([`Transmit::clear`]) and pin the cleared address
//! (`ClientBuilder::resolve`), or send only to URLs that name an address.

use ::reqwest::{Client, ClientBuilder, Error, Response, redirect};

use crate::Timestamp;
use crate::delivery::{Transmit, TransportFailure};

/// A client builder that follows no redirect (a 3xx is a failed attempt, and a signed
/// request must not be replayed at another address). Add your own settings, then `build`.
///
/// ```
/// let client = hookwire::adapters::reqwest::client().build()?;
/// # let _ = client;
/// # Ok::<(), reqwest::Error>(())
/// ```
pub fn client() -> ClientBuilder {
    Client::builder().redirect(redirect::Policy::none())
}

/// The transmit's request as reqwest takes it, with the time left to the deadline at
/// `now` as its timeout. The body is shared, not copied. Fails only for a request reqwest
/// cannot represent (which a transmit never is).
///
/// ```
/// # use hookwire::{delivery::{Delivery, Message, Route}, Endpoint, MessageId, Payload, Timestamp};
/// # let route = Route::new(Endpoint::builder("https://e.com/").build()?);
/// # let message = Message::new(MessageId::new("m")?, Payload::json("{}"));
/// # let now = Timestamp::from_unix_secs(1_700_000_000);
/// let mut delivery = Delivery::new(route, message, now);
/// let transmit = delivery.poll_transmit(now).unwrap();
/// let request = hookwire::adapters::reqwest::request(&transmit, now)?;
/// assert_eq!(request.timeout(), Some(&std::time::Duration::from_secs(30)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn request(transmit: &Transmit, now: Timestamp) -> Result<::reqwest::Request, Error> {
    let mut request = ::reqwest::Request::try_from(transmit.request().clone())?;
    *request.timeout_mut() = Some(transmit.timeout(now));
    Ok(request)
}

/// Sends the transmit with `client` at `now`: the response (whatever its status), or the
/// [`TransportFailure`] to hand to
/// [`Delivery::handle_transport_error`](crate::delivery::Delivery::handle_transport_error).
///
/// See the [module docs](self) for the loop.
pub async fn send(
    client: &Client,
    transmit: &Transmit,
    now: Timestamp,
) -> Result<Response, TransportFailure> {
    let request = request(transmit, now).map_err(|err| failure(&err))?;
    client.execute(request).await.map_err(|err| failure(&err))
}

/// The status, version and headers of a reqwest response, as
/// [`Delivery::handle_response`](crate::delivery::Delivery::handle_response) reads them;
/// the response itself is only borrowed.
///
/// ```
/// let response = reqwest::Response::from(http::Response::builder().status(503).body("")?);
/// assert_eq!(hookwire::adapters::reqwest::head(&response).status(), 503);
/// # Ok::<(), http::Error>(())
/// ```
pub fn head(response: &Response) -> http::Response<()> {
    let mut head = http::Response::new(());
    *head.status_mut() = response.status();
    *head.version_mut() = response.version();
    head.headers_mut().clone_from(response.headers());
    head
}

/// Which [`TransportFailure`] a reqwest error is.
///
/// ```
/// # async fn run() {
/// let client = hookwire::adapters::reqwest::client().build().unwrap();
/// // Nothing listens on port 9 of the loopback address.
/// let err = client.get("http://127.0.0.1:9/").send().await.unwrap_err();
/// assert_eq!(hookwire::adapters::reqwest::failure(&err), hookwire::delivery::TransportFailure::Connect);
/// # }
/// ```
pub fn failure(error: &Error) -> TransportFailure {
    if error.is_timeout() {
        TransportFailure::TimedOut
    } else if error.is_connect() {
        TransportFailure::Connect
    } else {
        TransportFailure::Other
    }
}
