//! [`RouteConfig`]: a [`Route`] and what a dispatcher does at the route's level.

use std::sync::Arc;

use super::error::RouteError;
use crate::delivery::Route;

/// The default number of requests in flight to one route at once (Lytics: "If this value
/// isn't set, the default is 5 workers").
pub const DEFAULT_WORKERS: u16 = 5;

/// A [`Route`] — endpoint, signer, policy — and the rules a [`Dispatcher`](super::Dispatcher)
/// applies to everything sent to it: how many requests may be in flight at once.
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
}

impl RouteConfig {
    /// A route with [`DEFAULT_WORKERS`] worker slots.
    ///
    /// See [`RouteConfig`] for an example.
    pub fn new(route: impl Into<Arc<Route>>) -> Self {
        RouteConfig {
            route: route.into(),
            workers: DEFAULT_WORKERS,
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
