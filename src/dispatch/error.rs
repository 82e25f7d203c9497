//! [`RouteError`]: a route setting a dispatcher cannot work with.

/// Why a [`RouteConfig`](super::RouteConfig) setting was refused. Each variant names the
/// setting.
///
/// ```
/// use hookwire::dispatch::{RouteConfig, RouteError};
/// use hookwire::{Endpoint, delivery::Route};
///
/// let route = Route::new(Endpoint::builder("https://e.com/").build()?);
/// let err = RouteConfig::new(route).with_workers(0).unwrap_err();
/// assert_eq!(err, RouteError::NoWorkers);
/// assert_eq!(err.to_string(), "invalid setting `workers`: a route needs at least one worker slot");
/// # Ok::<(), hookwire::ConfigError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RouteError {
    /// A route with no worker slot would never send.
    #[error("invalid setting `workers`: a route needs at least one worker slot")]
    NoWorkers,
    /// Failure alerts with nobody to tell.
    #[error("invalid setting `alerts`: at least one address to alert")]
    NoAlertRecipients,
    /// An alert address that is not `local@domain`.
    #[error("invalid setting `alerts`: `{address}` is not an email address")]
    InvalidAlertAddress {
        /// The address given.
        address: String,
    },
    /// More worker slots than the vendor allows (Lytics: "max 20").
    #[error("invalid setting `workers`: at most {max} simultaneous requests, not {workers}")]
    TooManyWorkers {
        /// The count given.
        workers: u16,
        /// The most allowed.
        max: u16,
    },
}
