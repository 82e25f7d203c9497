//! Receiving webhooks on axum 0.8 (feature `axum`).
//!
//! - [`Rejection`] is an `IntoResponse`: a handler can `?` it,
//!   and the sender gets the status (and `Allow` or `WWW-Authenticate`) hookwire chose.
//! - [`Ack`] carries the acknowledgement responses
//!   ([`received_response`], …) into axum.
//! - [`Verified`] is an extractor that runs a [`Receiver`] over the whole request — peer
//!   address, the host's clock, the replay guard — and hands the handler the accepted,
//!   typed data; a refused request never reaches the handler.
//!
//! ```no_run
//! use std::net::SocketAddr;
//! use std::sync::Arc;
//! use axum::{Router, routing::post};
//! use hookwire::adapters::axum::{Ack, Verified, Webhooks};
//! use hookwire::receive::{NetcoreForm, Receiver};
//! use hookwire::BasicAuth;
//!
//! async fn netcore(Verified(accepted): Verified<NetcoreForm>) -> Ack {
//!     println!("{} events", accepted.data().events.len());
//!     Ack::received() // 200: the only success Netcore counts
//! }
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let receiver = Receiver::builder(NetcoreForm).basic_auth(BasicAuth::new("netcore", "s3cret")?).build()?;
//! let app = Router::new()
//!     .route("/hooks/netcore", post(netcore))
//!     .with_state(Arc::new(Webhooks::new(receiver)));
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8787").await?;
//! // The peer address comes from ConnectInfo: serve with it.
//! axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>()).await?;
//! # Ok(()) }
//! ```

use std::net::{IpAddr, Ipv6Addr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use ::axum::body::{Body, to_bytes};
use ::axum::extract::{ConnectInfo, FromRef, FromRequest, Request};
use ::axum::response::{IntoResponse, Response};

use super::clock;
use crate::receive::{
    Accepted, BodyFormat, Receiver, Rejection, ReplayGuard, back_off_response, queued_response,
    received_response,
};

impl IntoResponse for Rejection {
    fn into_response(self) -> Response {
        Ack(self.response()).into_response()
    }
}

/// One of hookwire's body-less responses, for axum: an acknowledgement or a back-off.
///
/// ```
/// use axum::response::IntoResponse;
/// use hookwire::adapters::axum::Ack;
/// assert_eq!(Ack::received().into_response().status(), 200);
/// assert_eq!(Ack::queued().into_response().status(), 202);
/// let back_off = Ack::back_off(std::time::Duration::from_secs(5)).into_response();
/// assert_eq!(back_off.headers()["retry-after"], "5");
/// ```
#[derive(Debug)]
pub struct Ack(pub http::Response<()>);

impl Ack {
    /// 200: [`received_response`], the only success Netcore and Lytics count.
    ///
    /// See [`Ack`] for an example.
    pub fn received() -> Self {
        Ack(received_response())
    }

    /// 202: [`queued_response`], for senders that count any 2xx.
    ///
    /// See [`Ack`] for an example.
    pub fn queued() -> Self {
        Ack(queued_response())
    }

    /// 429 with `Retry-After`: [`back_off_response`].
    ///
    /// See [`Ack`] for an example.
    pub fn back_off(retry_after: Duration) -> Self {
        Ack(back_off_response(retry_after))
    }
}

impl IntoResponse for Ack {
    fn into_response(self) -> Response {
        let (parts, ()) = self.0.into_parts();
        Response::from_parts(parts, Body::empty())
    }
}

/// What the [`Verified`] extractor reads from the router's state: the receiver and,
/// optionally, the replay guard it shares across requests. Put it in the state as an
/// `Arc<Webhooks<F>>` (or in a state of your own that gives one with `FromRef`).
///
/// ```
/// use hookwire::adapters::axum::Webhooks;
/// use hookwire::receive::{Json, Receiver, ReplayGuard};
/// let webhooks = Webhooks::new(Receiver::builder(Json).build()?)
///     .with_replay_guard(ReplayGuard::new(10_000)?);
/// assert!(webhooks.receiver().verifier().is_none());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct Webhooks<F> {
    receiver: Receiver<F>,
    guard: Option<Mutex<ReplayGuard>>,
}

impl<F> Webhooks<F> {
    /// Requests checked by `receiver`, with no replay guard.
    ///
    /// See [`Webhooks`] for an example.
    pub fn new(receiver: Receiver<F>) -> Self {
        Webhooks {
            receiver,
            guard: None,
        }
    }

    /// Replays refused with 409 by `guard` (it needs the receiver to verify signatures).
    ///
    /// See [`Webhooks`] for an example.
    #[must_use]
    pub fn with_replay_guard(mut self, guard: ReplayGuard) -> Self {
        self.guard = Some(Mutex::new(guard));
        self
    }

    /// The receiver.
    ///
    /// See [`Webhooks`] for an example.
    pub fn receiver(&self) -> &Receiver<F> {
        &self.receiver
    }

    /// Forgets an accepted message in the replay guard, so the sender's retry is taken:
    /// for a handler that accepted a message but could not process it.
    ///
    /// ```
    /// # use hookwire::adapters::axum::Webhooks;
    /// # use hookwire::receive::{Json, Receiver};
    /// let webhooks = Webhooks::new(Receiver::builder(Json).build()?);
    /// webhooks.forget(None); // nothing to forget without a guard
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn forget(&self, key: Option<crate::receive::ReplayKey>) {
        if let (Some(guard), Some(key)) = (&self.guard, key) {
            // A poisoned lock only means another handler panicked; the guard's data is
            // a set of keys, still consistent.
            let mut guard = guard.lock().unwrap_or_else(|p| p.into_inner());
            guard.forget(&key);
        }
    }
}

/// An extractor that runs the state's [`Receiver`] over the request and yields the
/// [`Accepted`] typed data; a refused request is answered with the status hookwire chose
/// and never reaches the handler. It reads the whole body (up to the receiver's limit),
/// the peer address from `ConnectInfo<SocketAddr>` (serve with
/// `into_make_service_with_connect_info::<SocketAddr>()`; without it the peer is `::`,
/// which no allowlist admits) and the time from [`clock::now`].
///
/// See the [module docs](self) for an example.
#[derive(Debug)]
pub struct Verified<F: BodyFormat>(pub Accepted<F::Output>);

impl<S, F> FromRequest<S> for Verified<F>
where
    S: Send + Sync,
    Arc<Webhooks<F>>: FromRef<S>,
    F: BodyFormat + Send + Sync + 'static,
{
    type Rejection = Response;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let webhooks = Arc::<Webhooks<F>>::from_ref(state);
        let receiver = &webhooks.receiver;
        let (parts, body) = request.into_parts();
        // Method and declared size first, so an oversized body is refused unread.
        receiver
            .check_method(&parts.method)
            .and_then(|()| receiver.check_content_length(&parts.headers))
            .map_err(IntoResponse::into_response)?;
        let limit = receiver.max_body_size();
        let body = to_bytes(body, limit.saturating_add(1)).await.map_err(|_| {
            Rejection::BodyTooLarge {
                limit,
                size: u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1),
            }
            .into_response()
        })?;
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::V6(Ipv6Addr::UNSPECIFIED), |info| info.0.ip());
        let now = clock::now();
        let mut guard = webhooks
            .guard
            .as_ref()
            .map(|guard| guard.lock().unwrap_or_else(|p| p.into_inner()));
        receiver
            .receive_parts(
                &parts.method,
                &parts.headers,
                &body,
                peer,
                now,
                guard.as_deref_mut(),
            )
            .map(Verified)
            .map_err(IntoResponse::into_response)
    }
}
