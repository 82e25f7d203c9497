//! [`Transmit`]: one request the host must send now.

use std::net::IpAddr;
use std::time::Duration;

use bytes::Bytes;
use http::Request;

use super::{Route, TransmitId};
use crate::guard::{Cleared, Denied, Guard, Target};
use crate::message_id::MessageId;
use crate::payload::Payload;
use crate::sign::SignError;
use crate::time::Timestamp;

/// A request to send, from [`Delivery::poll_transmit`](super::Delivery::poll_transmit).
///
/// The request is complete: method, URL, the endpoint's headers and credentials, the
/// payload's `Content-Type` (and format headers) and fresh signature headers. The host
///
/// 1. resolves [`Transmit::target`] with its own resolver and clears the request with
///    [`Transmit::clear`]: the endpoint's SSRF [`Guard`], if it has one, decides, and the
///    answer is the one address to connect to. A [`Denied`] is reported with
///    `handle_transport_error(now, transmit.id(), TransportFailure::Denied)`, which fails the
///    delivery at once, never retried;
/// 2. sends the request as is to that address — keeping the URL's host for `Host` and TLS,
///    never resolving it again — **without following redirects** (a 3xx is a failed
///    attempt);
/// 3. reports back with the same [`TransmitId`]: the response, a transport failure, or
///    nothing by [`Transmit::deadline`], after which the delivery's timeout counts the
///    attempt as timed out.
///
/// ```
/// # use hookwire::{delivery::{Delivery, Message, Route}, Endpoint, MessageId, Payload, Timestamp};
/// # let route = Route::new(Endpoint::builder("https://e.com/").build()?);
/// # let message = Message::new(MessageId::new("m")?, Payload::json("{}"));
/// # let now = Timestamp::from_unix_secs(1_700_000_000);
/// let mut delivery = Delivery::new(route, message, now);
/// let transmit = delivery.poll_transmit(now).expect("the first attempt is due at once");
/// assert_eq!(transmit.id().get(), 1);
/// assert_eq!(transmit.request().headers()["content-type"], "application/json");
/// assert!(transmit.deadline() > now);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
#[must_use = "the request must be cleared and sent, and its result handed back to the delivery"]
pub struct Transmit {
    pub(crate) id: TransmitId,
    pub(crate) request: Request<Bytes>,
    pub(crate) deadline: Timestamp,
    /// The endpoint's guard; `None` lets every address through.
    pub(crate) guard: Option<Guard>,
}

impl Transmit {
    /// Which transmit this is; pass it back with the result.
    ///
    /// See [`Transmit`] for an example.
    pub fn id(&self) -> TransmitId {
        self.id
    }

    /// The request to send.
    ///
    /// See [`Transmit`] for an example.
    pub fn request(&self) -> &Request<Bytes> {
        &self.request
    }

    /// When to give up waiting for a response (the policy's per-attempt timeout).
    ///
    /// See [`Transmit`] for an example.
    pub fn deadline(&self) -> Timestamp {
        self.deadline
    }

    /// How long the HTTP client may take over this request when it is sent at `now`: the
    /// time left until [`Transmit::deadline`] (zero once it has passed). Give it to the
    /// client as its whole-request timeout, so a slow endpoint is reported as
    /// [`TransportFailure::TimedOut`](super::TransportFailure::TimedOut) by the client
    /// rather than discovered later by the delivery's own timeout.
    ///
    /// ```
    /// # use hookwire::{delivery::{Delivery, Message, Route}, Endpoint, MessageId, Payload, Timestamp};
    /// use std::time::Duration;
    /// # let route = Route::new(Endpoint::builder("https://e.com/").build()?);
    /// # let message = Message::new(MessageId::new("m")?, Payload::json("{}"));
    /// # let now = Timestamp::from_unix_secs(1_700_000_000);
    /// let mut delivery = Delivery::new(route, message, now);
    /// let transmit = delivery.poll_transmit(now).unwrap();
    /// assert_eq!(transmit.timeout(now), Duration::from_secs(30)); // the policy's attempt timeout
    /// assert_eq!(transmit.timeout(transmit.deadline()), Duration::ZERO);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn timeout(&self, now: Timestamp) -> Duration {
        self.deadline.saturating_duration_since(now)
    }

    /// What to resolve before sending: the host name (or the address the URL names) and the
    /// port. With a guard, the checks that need no resolver run here, so a URL that names
    /// a refused address is [`Denied`] before any lookup.
    ///
    /// ```
    /// # use hookwire::{delivery::{Delivery, Message, Route}, MessageId, Payload, Timestamp, presets};
    /// # let route = Route::new(presets::lytics::endpoint("https://hooks.example.com/lytics").build()?);
    /// # let message = Message::new(MessageId::new("m")?, Payload::json("{}"));
    /// # let now = Timestamp::from_unix_secs(1_700_000_000);
    /// let mut delivery = Delivery::new(route, message, now);
    /// let transmit = delivery.poll_transmit(now).unwrap();
    /// let target = transmit.target()?;
    /// assert_eq!((target.name(), target.port()), (Some("hooks.example.com"), 443));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn target(&self) -> Result<Target, Denied> {
        self.guard_or_open().target(&self.request.uri().to_string())
    }

    /// Clears the request against the addresses the host resolved for
    /// [`Transmit::target`]: the endpoint's [`Guard`] decides (every address must pass),
    /// and the answer is the one address to connect to. An endpoint without a guard lets
    /// any address through and pins the first.
    ///
    /// ```
    /// use hookwire::delivery::{Delivery, FailureReason, Message, OutcomeKind, Route};
    /// use hookwire::delivery::TransportFailure;
    /// use hookwire::{MessageId, Payload, Timestamp, presets};
    ///
    /// let route = Route::new(presets::listrak::endpoint("https://hooks.example.com/ltk").build()?);
    /// let message = Message::new(MessageId::new("m")?, Payload::json("{}"));
    /// let now = Timestamp::from_unix_secs(1_700_000_000);
    /// let mut delivery = Delivery::new(route, message, now);
    /// let transmit = delivery.poll_transmit(now).unwrap();
    ///
    /// // Today the name resolves to a public address: connect there.
    /// let cleared = transmit.clear(&["93.184.215.14".parse()?])?;
    /// assert_eq!(cleared.address().to_string(), "93.184.215.14:443");
    ///
    /// // Tomorrow it resolves to the metadata service: refused, and the delivery fails.
    /// let denied = transmit.clear(&["169.254.169.254".parse()?]).unwrap_err();
    /// delivery.handle_transport_error(now, transmit.id(), TransportFailure::Denied)?;
    /// assert_eq!(
    ///     delivery.state().outcome(),
    ///     Some(OutcomeKind::Failed { reason: FailureReason::DestinationDenied })
    /// );
    /// # let _ = denied;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn clear(&self, resolved: &[IpAddr]) -> Result<Cleared, Denied> {
        self.guard_or_open()
            .clear(&self.request.uri().to_string(), resolved)
    }

    /// The endpoint's guard, if it has one.
    ///
    /// See [`Transmit::clear`] for an example.
    pub fn guard(&self) -> Option<&Guard> {
        self.guard.as_ref()
    }

    fn guard_or_open(&self) -> std::borrow::Cow<'_, Guard> {
        match &self.guard {
            Some(guard) => std::borrow::Cow::Borrowed(guard),
            None => std::borrow::Cow::Owned(Guard::open()),
        }
    }

    /// The request, to hand to the HTTP client, with the transmit id and deadline (clear it
    /// first).
    ///
    /// ```
    /// # use hookwire::{delivery::{Delivery, Message, Route}, Endpoint, MessageId, Payload, Timestamp};
    /// # let route = Route::new(Endpoint::builder("https://e.com/").build()?);
    /// # let message = Message::new(MessageId::new("m")?, Payload::json("{}"));
    /// # let now = Timestamp::from_unix_secs(1_700_000_000);
    /// # let mut delivery = Delivery::new(route, message, now);
    /// let (id, request, deadline) = delivery.poll_transmit(now).unwrap().into_parts();
    /// assert_eq!(request.body().as_ref(), b"{}");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn into_parts(self) -> (TransmitId, Request<Bytes>, Timestamp) {
        (self.id, self.request, self.deadline)
    }
}

/// The status, version and headers of `response` without its body, for
/// [`Delivery::handle_response`](super::Delivery::handle_response) when the client's body
/// type is not a [`ResponseBody`](super::ResponseBody) (ureq's, hyper's, a stream): the
/// response is only borrowed, so its body can still be read afterwards.
///
/// ```
/// use hookwire::delivery::response_head;
/// struct Stream; // a body hookwire cannot read
/// let response = http::Response::builder().status(503).header("retry-after", "120").body(Stream)?;
/// let head = response_head(&response);
/// assert_eq!(head.status(), 503);
/// assert_eq!(head.headers()["retry-after"], "120");
/// # Ok::<(), http::Error>(())
/// ```
pub fn response_head<B>(response: &http::Response<B>) -> http::Response<()> {
    let mut head = http::Response::new(());
    *head.status_mut() = response.status();
    *head.version_mut() = response.version();
    head.headers_mut().clone_from(response.headers());
    head
}

/// The request for one attempt of `payload` over `route`, signed as message `id` at `now`.
pub(crate) fn build_request(
    route: &Route,
    id: &MessageId,
    payload: &Payload,
    now: Timestamp,
) -> Result<Request<Bytes>, SignError> {
    let mut request = route.endpoint().request(payload.body().clone());
    payload.apply_to(request.headers_mut());
    if let Some(signer) = route.signer() {
        signer
            .sign(id, now, payload.body())?
            .apply_to(request.headers_mut());
    }
    Ok(request)
}
