//! [`RouteConfig`]: a [`Route`] and what a dispatcher does at the route's level.

use std::sync::Arc;

use super::alerts::Alerts;
use super::batching::Batching;
use super::error::RouteError;
use super::health::EndpointHealth;
use super::job::JobHealth;
use crate::auth::ClientCredentials;
use crate::delivery::Route;

/// The default number of requests in flight to one route at once (Lytics: "If this value
/// isn't set, the default is 5 workers").
pub const DEFAULT_WORKERS: u16 = 5;

/// A [`Route`] — endpoint, signer, policy — and the rules a [`Dispatcher`](super::Dispatcher)
/// applies to everything sent to it: how many requests may be in flight at once, when the
/// endpoint is disabled ([`EndpointHealth`]), the job's error rules ([`JobHealth`]) and who
/// is alerted when it fails ([`Alerts`]). Each seed system's combination is a preset in
/// [`presets`](crate::presets).
///
/// ```
/// use hookwire::dispatch::RouteConfig;
/// use hookwire::{Endpoint, delivery::Route};
///
/// let config = RouteConfig::new(Route::new(Endpoint::builder("https://e.com/").build()?))
///     .with_workers(20)?;
/// assert_eq!(config.workers(), 20);
/// # Ok::<(), hookwire::ConfigError>(())
/// ```
#[derive(Debug, Clone)]
pub struct RouteConfig {
    route: Arc<Route>,
    workers: u16,
    health: EndpointHealth,
    job: Option<JobHealth>,
    alerts: Option<Alerts>,
    batching: Option<Batching>,
    oauth2: Option<Arc<ClientCredentials>>,
}

impl RouteConfig {
    /// A route with [`DEFAULT_WORKERS`] worker slots.
    ///
    /// See [`RouteConfig`] for an example.
    pub fn new(route: impl Into<Arc<Route>>) -> Self {
        RouteConfig {
            route: route.into(),
            workers: DEFAULT_WORKERS,
            health: EndpointHealth::default(),
            job: None,
            alerts: None,
            batching: None,
            oauth2: None,
        }
    }

    /// At most `workers` requests in flight to the route at once (at least 1). Due
    /// deliveries beyond that wait, in order, for a slot.
    ///
    /// See [`RouteConfig`] for an example.
    pub fn with_workers(mut self, workers: u16) -> Result<Self, RouteError> {
        if workers == 0 {
            return Err(RouteError::NoWorkers);
        }
        self.workers = workers;
        Ok(self)
    }

    /// Disables the endpoint by this rule.
    ///
    /// ```
    /// # use hookwire::{dispatch::{EndpointHealth, RouteConfig}, Endpoint, delivery::Route};
    /// let config = RouteConfig::new(Route::new(Endpoint::builder("https://e.com/").build()?))
    ///     .with_health(EndpointHealth::gone_only());
    /// assert!(config.health().on_gone());
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    #[must_use]
    pub fn with_health(mut self, health: EndpointHealth) -> Self {
        self.health = health;
        self
    }

    /// Applies a job's error rules to the route's requests.
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use hookwire::{dispatch::{JobHealth, RouteConfig}, Endpoint, delivery::Route};
    /// let config = RouteConfig::new(Route::new(Endpoint::builder("https://e.com/").build()?))
    ///     .with_job(JobHealth::new(10, [Duration::from_secs(60)]));
    /// assert_eq!(config.job().map(|j| j.max_failed_requests()), Some(10));
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    #[must_use]
    pub fn with_job(mut self, job: JobHealth) -> Self {
        self.job = Some(job);
        self
    }

    /// Alerts these stakeholders when the route fails.
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use hookwire::{dispatch::{Alerts, RouteConfig}, Endpoint, delivery::Route};
    /// let alerts = Alerts::new(["ops@example.com"], Duration::from_secs(3600))?;
    /// let config = RouteConfig::new(Route::new(Endpoint::builder("https://e.com/").build()?))
    ///     .with_alerts(alerts);
    /// assert!(config.alerts().is_some());
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    #[must_use]
    pub fn with_alerts(mut self, alerts: Alerts) -> Self {
        self.alerts = Some(alerts);
        self
    }

    /// Joins the route's messages into batches.
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use hookwire::{dispatch::{BatchFormat, Batching, RouteConfig}, Endpoint, delivery::Route};
    /// let batching = Batching::new(BatchFormat::JsonArray, 10, Duration::from_secs(1))?;
    /// let config = RouteConfig::new(Route::new(Endpoint::builder("https://e.com/").build()?))
    ///     .with_batching(batching);
    /// assert_eq!(config.batching().map(|b| b.max_size()), Some(10));
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    #[must_use]
    pub fn with_batching(mut self, batching: Batching) -> Self {
        self.batching = Some(batching);
        self
    }

    /// The batching, if the route batches.
    ///
    /// See [`RouteConfig::with_batching`] for an example.
    pub fn batching(&self) -> Option<Batching> {
        self.batching
    }

    /// Authorizes every request with an OAuth 2.0 client-credentials token (Lytics' "OAuth
    /// 2.0 Client Credentials Grant"). The dispatcher fetches the token as one more transmit
    /// before the deliveries that wait for it (in order), keeps it until its `expires_in`
    /// less the margin, and fetches a new one then or when a request is answered 401 (that
    /// request is sent again once, using no attempt). The token goes where a `{token}`
    /// placeholder stands in the endpoint's headers or query parameters, else in
    /// `Authorization: Bearer`.
    ///
    /// ```
    /// # use hookwire::{auth::ClientCredentials, dispatch::RouteConfig, Endpoint, delivery::Route};
    /// let grant = ClientCredentials::new(Endpoint::builder("https://as.example.com/token").build()?, "id", "secret");
    /// let config = RouteConfig::new(Route::new(Endpoint::builder("https://e.com/").build()?))
    ///     .with_oauth2(grant);
    /// assert_eq!(config.oauth2().map(|g| g.client_id()), Some("id"));
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    #[must_use]
    pub fn with_oauth2(mut self, grant: ClientCredentials) -> Self {
        self.oauth2 = Some(Arc::new(grant));
        self
    }

    /// The OAuth 2.0 grant, if requests carry a token.
    ///
    /// See [`RouteConfig::with_oauth2`] for an example.
    pub fn oauth2(&self) -> Option<&Arc<ClientCredentials>> {
        self.oauth2.as_ref()
    }

    /// The endpoint's health rule.
    ///
    /// See [`RouteConfig::with_health`] for an example.
    pub fn health(&self) -> EndpointHealth {
        self.health
    }

    /// The job's error rules, if any.
    ///
    /// See [`RouteConfig::with_job`] for an example.
    pub fn job(&self) -> Option<&JobHealth> {
        self.job.as_ref()
    }

    /// The failure alerts, if any.
    ///
    /// See [`RouteConfig::with_alerts`] for an example.
    pub fn alerts(&self) -> Option<&Alerts> {
        self.alerts.as_ref()
    }

    /// The route.
    ///
    /// ```
    /// # use hookwire::{dispatch::RouteConfig, Endpoint, delivery::Route};
    /// let config = RouteConfig::new(Route::new(Endpoint::builder("https://e.com/").build()?));
    /// assert_eq!(config.route().endpoint().url().as_str(), "https://e.com/");
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn route(&self) -> &Arc<Route> {
        &self.route
    }

    /// How many requests may be in flight at once.
    ///
    /// See [`RouteConfig`] for an example.
    pub fn workers(&self) -> u16 {
        self.workers
    }
}
