//! [`Success`]: which responses count as delivered.

use serde::{Deserialize, Serialize};

/// Which responses count as delivered.
///
/// ```
/// use hookwire::retry::Success;
/// assert!(Success::Any2xx.is_success(204));
/// assert!(!Success::Exactly200.is_success(204));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Success {
    /// Any 2xx status (Smarter Launch: "a response code starting with a 2"; Standard Webhooks).
    Any2xx,
    /// Only 200 (Netcore: "supports 'HTTP 200' status URL only"; Lytics retries "non-200").
    Exactly200,
}

impl Success {
    /// Whether `status` counts as delivered.
    ///
    /// See [`Success`] for an example.
    pub fn is_success(self, status: u16) -> bool {
        match self {
            Success::Any2xx => (200..300).contains(&status),
            Success::Exactly200 => status == 200,
        }
    }
}
