//! [`Receiver`]: runs a request through the configured checks, in order.

use std::net::IpAddr;
use std::time::Duration;

use http::header::CONTENT_LENGTH;
use http::{HeaderMap, Method, Request};

use super::accepted::Accepted;
use super::allowlist::IpAllowlist;
use super::body_format::BodyFormat;
use super::builder::ReceiverBuilder;
use super::rejection::Rejection;
use super::replay::ReplayGuard;
use super::replay_key::ReplayKey;
use crate::auth::BasicAuth;
use crate::message_id::MAX_MESSAGE_ID_LEN;
use crate::sign::{Scheme, Verified, Verifier};
use crate::time::Timestamp;

/// Everything but the format; built by [`ReceiverBuilder`].
#[derive(Debug, Clone)]
pub(crate) struct Settings {
    pub(crate) max_body_size: usize,
    pub(crate) allowlist: Option<IpAllowlist>,
    pub(crate) credentials: Vec<BasicAuth>,
    pub(crate) verifier: Option<Verifier>,
    pub(crate) replay_retention: Duration,
    pub(crate) methods: Vec<Method>,
}

/// Checks incoming webhooks and parses them with a [`BodyFormat`]: see the
/// [module documentation](super) for the checks and their order.
///
/// A receiver is immutable configuration (`&self` everywhere), so one serves every request
/// of a service, from any number of threads. The only state, the [`ReplayGuard`], is
/// passed in by the host.
///
/// ```
/// use std::net::IpAddr;
/// use hookwire::Timestamp;
/// use hookwire::receive::{RawBody, Receiver};
///
/// let receiver = Receiver::builder(RawBody).max_body_size(4).allow_ip("10.0.0.0/8").build()?;
/// let now = Timestamp::from_unix_secs(1_700_000_000);
/// let inside: IpAddr = "10.1.1.1".parse()?;
/// let outside: IpAddr = "192.0.2.1".parse()?;
///
/// let ok = http::Request::post("/").body(&b"ok"[..])?;
/// assert_eq!(receiver.receive(&ok, inside, now, None)?.data(), &b"ok"[..]);
/// assert_eq!(receiver.receive(&ok, outside, now, None).unwrap_err().status(), 403);
///
/// // The size is checked first: a big body from a stranger is a 413, not a 403.
/// let big = http::Request::post("/").body(&b"too big"[..])?;
/// assert_eq!(receiver.receive(&big, outside, now, None).unwrap_err().status(), 413);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Receiver<F> {
    format: F,
    settings: Settings,
}

impl<F: BodyFormat> Receiver<F> {
    /// A builder for a receiver reading bodies with `format`.
    ///
    /// See [`ReceiverBuilder`] for an example.
    pub fn builder(format: F) -> ReceiverBuilder<F> {
        ReceiverBuilder::new(format)
    }

    pub(crate) fn from_parts(format: F, settings: Settings) -> Self {
        Receiver { format, settings }
    }

    /// The format bodies are read with.
    ///
    /// ```
    /// use hookwire::receive::{Json, Receiver};
    /// assert_eq!(Receiver::builder(Json).build()?.format(), &Json);
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn format(&self) -> &F {
        &self.format
    }

    /// The largest body accepted, in bytes.
    ///
    /// See [`ReceiverBuilder::max_body_size`] for an example.
    pub fn max_body_size(&self) -> usize {
        self.settings.max_body_size
    }

    /// The allowed address ranges, `None` when every address is allowed.
    ///
    /// See [`ReceiverBuilder::allow_ip`] for an example.
    pub fn allowlist(&self) -> Option<&IpAllowlist> {
        self.settings.allowlist.as_ref()
    }

    /// The signature verifier, `None` when signatures are not checked.
    ///
    /// See [`ReceiverBuilder::verifier`] for an example.
    pub fn verifier(&self) -> Option<&Verifier> {
        self.settings.verifier.as_ref()
    }

    /// The methods a request may use.
    ///
    /// See [`ReceiverBuilder::methods`] for an example.
    pub fn methods(&self) -> &[Method] {
        &self.settings.methods
    }

    /// Refuses a method the receiver does not take: **405**, with the allowed methods for
    /// the `Allow` header. [`Receiver::receive`] checks it first.
    ///
    /// ```
    /// use hookwire::http::Method;
    /// use hookwire::receive::{RawBody, Receiver};
    /// let receiver = Receiver::builder(RawBody).build()?;
    /// assert!(receiver.check_method(&Method::POST).is_ok());
    /// assert_eq!(receiver.check_method(&Method::DELETE).unwrap_err().status(), 405);
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn check_method(&self, method: &Method) -> Result<(), Rejection> {
        if self.settings.methods.contains(method) {
            Ok(())
        } else {
            Err(Rejection::MethodNotAllowed {
                method: method.clone(),
                allowed: self.settings.methods.clone(),
            })
        }
    }

    /// How long messages of schemes without a timestamp stay in a replay guard.
    ///
    /// See [`ReceiverBuilder::replay_retention`] for an example.
    pub fn replay_retention(&self) -> Duration {
        self.settings.replay_retention
    }

    /// Applies the size limit to a request's declared `Content-Length`, for HTTP servers
    /// that can refuse a request before reading its body. [`Receiver::receive`] checks
    /// the same again, and the actual body size too.
    ///
    /// ```
    /// use hookwire::receive::{RawBody, Receiver};
    /// let receiver = Receiver::builder(RawBody).max_body_size(1024).build()?;
    /// let mut headers = http::HeaderMap::new();
    /// assert!(receiver.check_content_length(&headers).is_ok()); // unknown yet
    /// headers.insert("content-length", "1048576".parse().unwrap());
    /// assert_eq!(receiver.check_content_length(&headers).unwrap_err().status(), 413);
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn check_content_length(&self, headers: &HeaderMap) -> Result<(), Rejection> {
        // Unreadable values are the HTTP server's framing problem; the actual body size is
        // checked anyway. The largest declared value counts.
        let declared = headers
            .get_all(CONTENT_LENGTH)
            .iter()
            .filter_map(|value| value.to_str().ok()?.trim().parse::<u64>().ok())
            .max();
        match declared {
            Some(size) if size > self.limit() => Err(Rejection::BodyTooLarge {
                limit: self.settings.max_body_size,
                size,
            }),
            _ => Ok(()),
        }
    }

    /// Checks `request`, received from `peer` at `now`, and parses its body; see the
    /// [module documentation](super) for the checks and their order.
    ///
    /// - `peer` is the address the request came from: the socket's peer, or the client
    ///   address a trusted proxy reported (choosing which is the host's call).
    /// - `guard`, when given, refuses a message it has already seen (409) and remembers
    ///   the new ones. It needs a [verifier](ReceiverBuilder::verifier): without a
    ///   signature nothing proves a message id, and the guard is not consulted.
    ///
    /// A message is remembered as soon as it passes the replay check, before its body is
    /// parsed or the host processes it. A host that fails to process an accepted message
    /// and wants the sender's retry to get through calls
    /// [`ReplayGuard::forget`] with [`Accepted::replay_key`].
    ///
    /// See [`Receiver`] and the [module documentation](super) for examples.
    pub fn receive<B: AsRef<[u8]>>(
        &self,
        request: &Request<B>,
        peer: IpAddr,
        now: Timestamp,
        guard: Option<&mut ReplayGuard>,
    ) -> Result<Accepted<F::Output>, Rejection> {
        self.receive_parts(
            request.method(),
            request.headers(),
            request.body().as_ref(),
            peer,
            now,
            guard,
        )
    }

    /// [`Receiver::receive`] for hosts that hold the method, the headers and the body
    /// separately.
    ///
    /// ```
    /// use std::net::Ipv6Addr;
    /// use hookwire::Timestamp;
    /// use hookwire::http::Method;
    /// use hookwire::receive::{Json, Receiver};
    ///
    /// let receiver = Receiver::builder(Json).build()?;
    /// let mut headers = http::HeaderMap::new();
    /// headers.insert("content-type", "text/plain".parse().unwrap());
    /// let err = receiver
    ///     .receive_parts(&Method::POST, &headers, b"{}", Ipv6Addr::LOCALHOST.into(), Timestamp::UNIX_EPOCH, None)
    ///     .unwrap_err();
    /// assert_eq!(err.status(), 415);
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn receive_parts(
        &self,
        method: &Method,
        headers: &HeaderMap,
        body: &[u8],
        peer: IpAddr,
        now: Timestamp,
        guard: Option<&mut ReplayGuard>,
    ) -> Result<Accepted<F::Output>, Rejection> {
        // 0. Method: the cheapest check, and it reveals nothing.
        self.check_method(method)?;
        // 1. Size, before anything reads the body.
        self.check_content_length(headers)?;
        let size = u64::try_from(body.len()).unwrap_or(u64::MAX);
        if size > self.limit() {
            return Err(Rejection::BodyTooLarge {
                limit: self.settings.max_body_size,
                size,
            });
        }
        // 2. Source address.
        if let Some(allowlist) = &self.settings.allowlist
            && !allowlist.contains(peer)
        {
            return Err(Rejection::AddressNotAllowed { peer });
        }
        // 3. Basic credentials.
        let credentials_index = if self.settings.credentials.is_empty() {
            None
        } else {
            Some(
                BasicAuth::verify_any(&self.settings.credentials, headers)
                    .map_err(Rejection::Credentials)?,
            )
        };
        // 4. Signature and timestamp.
        let verified = match &self.settings.verifier {
            Some(verifier) => Some(
                verifier
                    .verify(headers, body, now)
                    .map_err(Rejection::Signature)?,
            ),
            None => None,
        };
        // 5. Replay.
        let mut replay_key = None;
        if let (Some(guard), Some(verifier), Some(verified)) =
            (guard, &self.settings.verifier, &verified)
        {
            let key = replay_key_of(verifier, verified, body);
            let expires_at = self.replay_expiry(verifier, verified, now);
            if !guard.remember(key, expires_at, now) {
                return Err(Rejection::Replay {
                    message_id: verified.message_id().map(loggable_id),
                });
            }
            replay_key = Some(key);
        }
        // 6. Content type, then 7. the body itself.
        self.format.check_content_type(headers)?;
        let data = self.format.parse(headers, body)?;
        Ok(Accepted::new(data, verified, credentials_index, replay_key))
    }

    fn limit(&self) -> u64 {
        u64::try_from(self.settings.max_body_size).unwrap_or(u64::MAX)
    }

    /// Until when a message can be replayed: while its signed timestamp is within the
    /// tolerance, or for the retention from now when the scheme carries no timestamp.
    fn replay_expiry(&self, verifier: &Verifier, verified: &Verified, now: Timestamp) -> Timestamp {
        match (verified.timestamp(), verifier.tolerance()) {
            (Some(signed), Some(tolerance)) => signed.saturating_add(tolerance.past()),
            _ => now.saturating_add(self.settings.replay_retention),
        }
    }
}

/// The id when the signature covers it, else the signed content (see [`ReplayKey`]).
fn replay_key_of(verifier: &Verifier, verified: &Verified, body: &[u8]) -> ReplayKey {
    match (verifier.scheme(), verified.message_id()) {
        (Scheme::StandardWebhooks, Some(id)) => ReplayKey::from_message_id(id),
        _ => ReplayKey::from_signed_content(verified.timestamp(), body),
    }
}

/// A message id fit for a log line: verified ids are visible ASCII, so a byte cut is a
/// character cut; the length is capped as hookwire's own ids are.
fn loggable_id(id: &str) -> String {
    id.get(..MAX_MESSAGE_ID_LEN).unwrap_or(id).to_owned()
}
