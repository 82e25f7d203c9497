//! The host's wall clock, read in one place (feature `system-clock`).
//!
//! hookwire's core never reads a clock: every call that needs the time takes a
//! [`Timestamp`]. A host reads its own and passes it in; this is that one line, so it is
//! not repeated (and not done differently) in every handler and every drive loop. Tests
//! keep passing their own times.

// The one place outside examples that reads the system clock: that is this module's job,
// and it is compiled only with the `system-clock` feature.
#![allow(clippy::disallowed_methods)]

use std::time::{SystemTime, UNIX_EPOCH};

use crate::Timestamp;

/// The system's wall clock now, with millisecond precision.
///
/// A clock outside what a [`Timestamp`] holds (hundreds of millions of years away)
/// saturates instead of failing: such a time only ever makes a signature fail to verify.
///
/// ```
/// use hookwire::adapters::clock;
/// assert!(clock::now().unix_secs() > 1_700_000_000);
/// ```
pub fn now() -> Timestamp {
    let now = SystemTime::now();
    Timestamp::try_from(now).unwrap_or(if now >= UNIX_EPOCH {
        Timestamp::from_unix_millis(i64::MAX)
    } else {
        Timestamp::from_unix_millis(i64::MIN)
    })
}
