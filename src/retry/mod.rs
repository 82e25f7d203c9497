//! Retry policies: what counts as success, when to try again, and when to stop.
//!
//! A [`RetryPolicy`] is made of small pieces — a [`Success`] rule, a [`Schedule`], an attempt
//! budget, do-not-retry statuses, throttling, a [`RetryAfter`] rule, a per-attempt timeout and
//! a [`FailureAction`] — and each seed system's rules are a preset in
//! [`presets`](crate::presets). A policy knows nothing of HTTP clients: the
//! [`Delivery`](crate::delivery::Delivery) state machine asks it what follows each attempt.

mod error;
mod failure_action;
mod policy;
mod retry_after;
mod schedule;
mod success;

pub use error::PolicyError;
pub use failure_action::FailureAction;
pub(crate) use policy::Decision;
pub use policy::{DEFAULT_ATTEMPT_TIMEOUT, RetryPolicy};
pub use retry_after::{RetryAfter, retry_after};
pub use schedule::Schedule;
pub use success::Success;
