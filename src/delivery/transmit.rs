//! [`Transmit`]: one request the host must send now.

use bytes::Bytes;
use http::Request;

use super::{Route, TransmitId};
use crate::message_id::MessageId;
use crate::payload::Payload;
use crate::sign::SignError;
use crate::time::Timestamp;

/// A request to send, from [`Delivery::poll_transmit`](super::Delivery::poll_transmit).
///
/// The request is complete: method, URL, the endpoint's headers and credentials, the
/// payload's `Content-Type` (and format headers) and fresh signature headers. The host sends
/// it as is, **without following redirects** (a 3xx is a failed attempt), and reports back
/// with the same [`TransmitId`] — the response, a transport failure, or nothing by
/// [`Transmit::deadline`], after which the delivery's timeout counts the attempt as timed out.
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
#[must_use = "the request must be sent, and its result handed back to the delivery"]
pub struct Transmit {
    pub(crate) id: TransmitId,
    pub(crate) request: Request<Bytes>,
    pub(crate) deadline: Timestamp,
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

    /// The request, to hand to the HTTP client, with the transmit id and deadline.
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
