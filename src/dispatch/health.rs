//! [`EndpointHealth`]: when a dispatcher disables an endpoint on its own.

/// When a route's endpoint is disabled because of what it answers. A disabled route holds
/// its deliveries — none dropped — until the host calls
/// [`Dispatcher::enable_route`](super::Dispatcher::enable_route).
///
/// - **server errors**: Netcore — "if your script gets busy in processing the received data
///   then it would give 500 error on next batch and Netcore CE will disable the webhook":
///   after this many 5xx answers in a row (the seed's rule is one);
/// - **410 Gone**: Standard Webhooks — "410 disable the endpoint".
///
/// ```
/// use hookwire::dispatch::EndpointHealth;
/// let health = EndpointHealth::disable_after_server_errors(1).and_on_gone();
/// assert_eq!(health.server_errors(), Some(1));
/// assert!(health.on_gone());
/// assert_eq!(EndpointHealth::default().server_errors(), None);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EndpointHealth {
    server_errors: Option<u32>,
    on_gone: bool,
}

impl EndpointHealth {
    /// Disables the endpoint after `count` 5xx answers in a row (at least 1); a success in
    /// between starts the count again.
    ///
    /// See [`EndpointHealth`] for an example.
    pub fn disable_after_server_errors(count: u32) -> Self {
        EndpointHealth {
            server_errors: Some(count.max(1)),
            on_gone: false,
        }
    }

    /// Disables the endpoint when it answers `410 Gone`.
    ///
    /// ```
    /// assert!(hookwire::dispatch::EndpointHealth::gone_only().on_gone());
    /// ```
    pub fn gone_only() -> Self {
        EndpointHealth {
            server_errors: None,
            on_gone: true,
        }
    }

    /// This rule, and `410 Gone` disables too.
    ///
    /// See [`EndpointHealth`] for an example.
    #[must_use]
    pub fn and_on_gone(mut self) -> Self {
        self.on_gone = true;
        self
    }

    /// After how many 5xx answers in a row the endpoint is disabled, if ever.
    ///
    /// See [`EndpointHealth`] for an example.
    pub fn server_errors(&self) -> Option<u32> {
        self.server_errors
    }

    /// Whether `410 Gone` disables the endpoint.
    ///
    /// See [`EndpointHealth`] for an example.
    pub fn on_gone(&self) -> bool {
        self.on_gone
    }
}
