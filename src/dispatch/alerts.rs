//! [`Alerts`]: who hears about a failing webhook, and how often.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use super::error::RouteError;

/// Failure alerts for a route (Netcore: "A user can set an alert to be sent to the
/// respective stakeholder's email IDs whenever a webhook fails … set up the frequency of
/// alerts and the emails of the stakeholder"). The dispatcher emits
/// [`RouteEvent::Alert`](super::RouteEvent::Alert) — at most once per `every` per route —
/// and the host sends the mail.
///
/// ```
/// use std::time::Duration;
/// use hookwire::dispatch::Alerts;
/// let alerts = Alerts::new(["ops@example.com", "crm@example.com"], Duration::from_secs(3600))?;
/// assert_eq!(alerts.to().len(), 2);
/// assert!(Alerts::new(["not an address"], Duration::from_secs(60)).is_err());
/// # Ok::<(), hookwire::dispatch::RouteError>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Alerts {
    to: Arc<[String]>,
    every: Duration,
}

impl Alerts {
    /// Alerts to `to` (at least one address, each `local@domain` without spaces or control
    /// characters), at most once per `every`.
    ///
    /// See [`Alerts`] for an example.
    pub fn new<S: Into<String>>(
        to: impl IntoIterator<Item = S>,
        every: Duration,
    ) -> Result<Self, RouteError> {
        let to: Vec<String> = to.into_iter().map(Into::into).collect();
        if to.is_empty() {
            return Err(RouteError::NoAlertRecipients);
        }
        for address in &to {
            let plausible = address
                .split_once('@')
                .is_some_and(|(local, domain)| !local.is_empty() && domain.contains('.'))
                && !address.chars().any(|c| c.is_whitespace() || c.is_control());
            if !plausible {
                return Err(RouteError::InvalidAlertAddress {
                    address: address.clone(),
                });
            }
        }
        Ok(Alerts {
            to: to.into(),
            every,
        })
    }

    /// Who is told.
    ///
    /// See [`Alerts`] for an example.
    pub fn to(&self) -> &Arc<[String]> {
        &self.to
    }

    /// At most one alert per this long per route.
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use hookwire::dispatch::Alerts;
    /// let alerts = Alerts::new(["ops@example.com"], Duration::from_secs(600))?;
    /// assert_eq!(alerts.every(), Duration::from_secs(600));
    /// # Ok::<(), hookwire::dispatch::RouteError>(())
    /// ```
    pub fn every(&self) -> Duration {
        self.every
    }
}

impl fmt::Debug for Alerts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Addresses are personal data: counted, not shown.
        f.debug_struct("Alerts")
            .field("to", &format_args!("<{} addresses>", self.to.len()))
            .field("every", &self.every)
            .finish()
    }
}
