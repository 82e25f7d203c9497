//! [`Token`]: an OAuth 2.0 access token and when it stops being used.

use std::fmt;

use zeroize::Zeroizing;

use crate::time::Timestamp;

/// An access token from a client-credentials grant. `Debug` never shows it, it is not
/// `Serialize`, and it is wiped from memory when dropped.
///
/// ```
/// use hookwire::auth::Token;
/// use hookwire::Timestamp;
/// let token = Token::new("2YotnFZFEjr1zCsicMWpAA", Some(Timestamp::from_unix_secs(3_600)));
/// assert_eq!(token.secret(), "2YotnFZFEjr1zCsicMWpAA");
/// assert!(!format!("{token:?}").contains("2Yotn"));
/// assert!(token.is_fresh(Timestamp::from_unix_secs(3_599)));
/// assert!(!token.is_fresh(Timestamp::from_unix_secs(3_600)));
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Token {
    value: Zeroizing<String>,
    refresh_at: Option<Timestamp>,
}

impl Token {
    /// A token used until `refresh_at` (`None`: until refused).
    ///
    /// See [`Token`] for an example.
    pub fn new(value: impl Into<String>, refresh_at: Option<Timestamp>) -> Self {
        Token {
            value: Zeroizing::new(value.into()),
            refresh_at,
        }
    }

    /// The token itself, to put in a request.
    ///
    /// See [`Token`] for an example.
    pub fn secret(&self) -> &str {
        &self.value
    }

    /// When a new token is fetched instead (its `expires_in` minus the margin).
    ///
    /// ```
    /// # use hookwire::{auth::Token, Timestamp};
    /// assert_eq!(Token::new("t", None).refresh_at(), None);
    /// ```
    pub fn refresh_at(&self) -> Option<Timestamp> {
        self.refresh_at
    }

    /// Whether it is still used at `now`.
    ///
    /// See [`Token`] for an example.
    pub fn is_fresh(&self, now: Timestamp) -> bool {
        self.refresh_at.is_none_or(|at| now < at)
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Token")
            .field("value", &"<redacted>")
            .field("refresh_at", &self.refresh_at)
            .finish()
    }
}
