//! [`Route`]: where messages go and how — the configuration every delivery to one endpoint
//! shares.

use serde::{Deserialize, Serialize};

use crate::endpoint::Endpoint;
use crate::retry::RetryPolicy;
use crate::sign::Signer;

/// The most response-body bytes a route may keep for the host
/// ([`Route::with_response_body_limit`]).
pub const MAX_RESPONSE_BODY_LIMIT: usize = 1 << 20;

/// Everything about sending to one endpoint that does not change from message to message:
/// the [`Endpoint`], the optional [`Signer`], the [`RetryPolicy`] and how much of a
/// response's body to keep.
///
/// A route is built once and shared behind an [`Arc`](std::sync::Arc) by every delivery to
/// it, so a pending delivery carries none of it. Its serialized form holds the signer's keys
/// and the endpoint's credentials: store it once, apart from the deliveries, where secrets
/// belong.
///
/// ```
/// use hookwire::{Endpoint, Keyring, Scheme, Secret, Signer};
/// use hookwire::delivery::Route;
/// use hookwire::retry::RetryPolicy;
///
/// let route = Route::new(Endpoint::builder("https://hooks.example.com/in").build()?)
///     .with_signer(Signer::new(Scheme::StandardWebhooks, Keyring::new().with(Secret::from_bytes([7u8; 32])?))?)
///     .with_policy(RetryPolicy::exponential());
/// assert_eq!(route.policy().max_attempts(), 10);
/// # Ok::<(), hookwire::ConfigError>(())
/// ```
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Route {
    endpoint: Endpoint,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    signer: Option<Signer>,
    policy: RetryPolicy,
    #[serde(default, skip_serializing_if = "is_zero")]
    response_body_limit: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl Route {
    /// A route to `endpoint`, unsigned, retried by [`RetryPolicy::exponential`], keeping no
    /// response body.
    ///
    /// See [`Route`] for an example.
    pub fn new(endpoint: Endpoint) -> Self {
        Route {
            endpoint,
            signer: None,
            policy: RetryPolicy::exponential(),
            response_body_limit: 0,
        }
    }

    /// Signs every attempt with `signer` (freshly, at the attempt's time).
    ///
    /// See [`Route`] for an example.
    #[must_use]
    pub fn with_signer(mut self, signer: Signer) -> Self {
        self.signer = Some(signer);
        self
    }

    /// Retries by `policy`.
    ///
    /// See [`Route`] for an example.
    #[must_use]
    pub fn with_policy(mut self, policy: RetryPolicy) -> Self {
        self.policy = policy;
        self
    }

    /// Keeps up to `limit` bytes of each response's body (at most
    /// [`MAX_RESPONSE_BODY_LIMIT`]) and hands them to the host in
    /// [`Event::AttemptFinished`](super::Event::AttemptFinished): for rules that read what
    /// the endpoint answered (Lytics' enrichment posts it to a data stream) and for logs
    /// that say why an attempt failed. The default, 0, keeps nothing.
    ///
    /// ```
    /// # use hookwire::{delivery::Route, Endpoint};
    /// let route = Route::new(Endpoint::builder("https://e.com/").build()?).with_response_body_limit(64 * 1024);
    /// assert_eq!(route.response_body_limit(), 65_536);
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    #[must_use]
    pub fn with_response_body_limit(mut self, limit: usize) -> Self {
        self.response_body_limit = limit.min(MAX_RESPONSE_BODY_LIMIT);
        self
    }

    /// Where it goes.
    ///
    /// ```
    /// # use hookwire::{delivery::Route, Endpoint};
    /// let route = Route::new(Endpoint::builder("https://e.com/").build()?);
    /// assert_eq!(route.endpoint().url().as_str(), "https://e.com/");
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn endpoint(&self) -> &Endpoint {
        &self.endpoint
    }

    /// The signer, if requests are signed.
    ///
    /// ```
    /// # use hookwire::{delivery::Route, Endpoint};
    /// let route = Route::new(Endpoint::builder("https://e.com/").build()?);
    /// assert!(route.signer().is_none());
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn signer(&self) -> Option<&Signer> {
        self.signer.as_ref()
    }

    /// The retry policy.
    ///
    /// See [`Route`] for an example.
    pub fn policy(&self) -> &RetryPolicy {
        &self.policy
    }

    /// How many bytes of a response's body are kept for the host.
    ///
    /// See [`Route::with_response_body_limit`] for an example.
    pub fn response_body_limit(&self) -> usize {
        self.response_body_limit
    }
}
