//! [`Transmit`]: one request the host must send now.

use bytes::Bytes;
use http::Request;

use super::AttemptId;
use crate::time::Timestamp;

/// A request to send, from [`Delivery::poll_transmit`](super::Delivery::poll_transmit).
///
/// The request is complete: method, URL, the endpoint's headers and credentials, the
/// payload's `Content-Type` (and format headers) and fresh signature headers. The host sends
/// it as is, **without following redirects** (a 3xx is a failed attempt), and reports back
/// with the same [`AttemptId`] — the response, a transport failure, or nothing by
/// [`Transmit::deadline`], after which the delivery's timeout counts the attempt as timed out.
///
/// ```
/// # use hookwire::{delivery::{Delivery, DeliverySpec}, Endpoint, MessageId, Payload, Timestamp};
/// # let spec = DeliverySpec::new(MessageId::new("m")?, Endpoint::builder("https://e.com/")
/// #     .build()?, Payload::json("{}"));
/// # let now = Timestamp::from_unix_secs(1_700_000_000);
/// let mut delivery = Delivery::new(spec, now);
/// let transmit = delivery.poll_transmit(now).expect("the first attempt is due at once");
/// assert_eq!(transmit.attempt().number(), 1);
/// assert_eq!(transmit.request().headers()["content-type"], "application/json");
/// assert!(transmit.deadline() > now);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
#[must_use = "the request must be sent, and its result handed back to the delivery"]
pub struct Transmit {
    pub(super) attempt: AttemptId,
    pub(super) request: Request<Bytes>,
    pub(super) deadline: Timestamp,
}

impl Transmit {
    /// The attempt this request is; pass it back with the result.
    ///
    /// See [`Transmit`] for an example.
    pub fn attempt(&self) -> AttemptId {
        self.attempt
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

    /// The request, to hand to the HTTP client, with the attempt id and deadline.
    ///
    /// ```
    /// # use hookwire::{delivery::{Delivery, DeliverySpec}, Endpoint, MessageId, Payload, Timestamp};
    /// # let spec = DeliverySpec::new(MessageId::new("m")?, Endpoint::builder("https://e.com/")
    /// #     .build()?, Payload::json("{}"));
    /// # let now = Timestamp::from_unix_secs(1_700_000_000);
    /// # let mut delivery = Delivery::new(spec, now);
    /// let (attempt, request, deadline) = delivery.poll_transmit(now).unwrap().into_parts();
    /// assert_eq!(request.body().as_ref(), b"{}");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn into_parts(self) -> (AttemptId, Request<Bytes>, Timestamp) {
        (self.attempt, self.request, self.deadline)
    }
}
