//! [`SettingsError`]: what can be wrong with how a guard was set up.

/// A guard setting that cannot be used.
///
/// ```
/// use hookwire::guard::{Guard, SettingsError};
/// let err = Guard::builder().allow("010.20.0.0/16").build().unwrap_err();
/// assert!(matches!(err, SettingsError::InvalidIpRange { .. }));
/// assert_eq!(Guard::builder().ports([]).build().unwrap_err(), SettingsError::NoPorts);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SettingsError {
    /// An allowed range (CIDR or single address) that does not parse, or is ambiguous: an
    /// IPv4 octet with a leading zero, which other tools read as octal.
    #[error("invalid IP address range `{range}`: {reason}")]
    InvalidIpRange {
        /// The range as given.
        range: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// An empty port list, which would refuse every URL.
    #[error("an empty port list would refuse every URL")]
    NoPorts,
    /// Port 0 in the port list: it cannot be connected to.
    #[error("port 0 cannot be connected to")]
    PortZero,
}
