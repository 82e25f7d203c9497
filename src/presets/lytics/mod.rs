//! Lytics (seed 004): an Audience Triggers webhook job's settings, its endpoint and its
//! delivery rules.
//!
//! - [`AudienceTrigger`]: "Use this job to send Lytics audience enter/exit event triggers to
//!   your webhooks URL", with the job's "Audience Trigger Events" ([`EventSelection`]),
//!   "Export Fields" ([`ExportFields`]: "If none are selected, the job will export all the
//!   user fields by default"), "Fields to Trigger" ([`TriggerFields`]: "select up to 75 user
//!   fields to trigger user change events") and "Existing Users" backfill ("They will be
//!   sent as entered event type").
//! - [`UrlTemplate`]: "If you need to generate a dynamic URL using data on the Lytics profile
//!   or the job configuration, select a Template".
//! - [`endpoint`]: "The webhook URL must have the https scheme".
//! - [`retry_policy`]: the do-not-retry list and the `Retry-After` sleep.
//!
//! The bodies the job sends — the envelope, its CloudEvents variant, enrichment records —
//! are [`format::lytics`](crate::format::lytics).
//!
//! ```
//! use hookwire::format::lytics;
//! use hookwire::presets::lytics::{Audience, AudienceTrigger};
//! use hookwire::Timestamp;
//!
//! let job = AudienceTrigger::new("36e243f8fd8f4530bbd330fa7fb1a685");
//! let profile = serde_json::json!({"email": "beth@example.com", "first_name": "Beth"});
//! let now = Timestamp::from_unix_secs(1_602_707_254);
//! let event = job
//!     .enter("7076027172059065053", profile.as_object().unwrap(), &Audience::new("42976a26", "emailzz5"), now, now)?
//!     .unwrap();
//!
//! let payload = lytics::render(&event); // or render_batch, or CloudEvents
//! assert_eq!(lytics::parse(payload.body())?, [event]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod audience;
mod error;
mod selection;
mod url_template;

use std::time::Duration;

pub use audience::{Audience, AudienceTrigger};
pub use error::TriggerFieldsError;
pub use selection::{EventSelection, ExportFields, MAX_TRIGGER_FIELDS, TriggerFields};
pub use url_template::UrlTemplate;

use crate::delivery::Route;
use crate::dispatch::{JobHealth, RouteConfig, RouteError};
use crate::endpoint::{Endpoint, EndpointBuilder};
use crate::guard::Guard;
use crate::retry::{RetryAfter, RetryPolicy, Schedule, Success};

/// Starts an [`Endpoint`] for a Lytics webhook job with https required,
/// as the seed says: "The webhook URL must have the https scheme". An `http://` URL is an
/// [`EndpointError::HttpsRequired`](crate::EndpointError::HttpsRequired) from `build()`. (A
/// templated URL is checked the same way by [`UrlTemplate`] when asked to.) The URL is typed
/// by a user, so the SSRF [`Guard`] is on: every transmit is cleared before it is sent.
///
/// ```
/// let endpoint = hookwire::presets::lytics::endpoint("https://hooks.example.com/lytics").build()?;
/// assert_eq!(endpoint.uri(), "https://hooks.example.com/lytics");
/// assert!(hookwire::presets::lytics::endpoint("http://hooks.example.com/lytics").build().is_err());
/// assert!(hookwire::presets::lytics::endpoint("https://[::1]/lytics").build().is_err());
/// # Ok::<(), hookwire::ConfigError>(())
/// ```
pub fn endpoint(url: impl Into<String>) -> EndpointBuilder {
    Endpoint::builder(url)
        .require_https(true)
        .guard(Guard::new())
}

/// The statuses Lytics never retries: "400 - Bad Request, 404 - Not found, 413 - Request
/// Entity Too Large".
pub const DO_NOT_RETRY: [u16; 3] = [400, 404, 413];

/// "When a webhook request encounters a non-200 status code, the request will be retried
/// unless the HTTP status code is in the do not retry list … Requests that encounter a status
/// code that is not retried, will be marked as omitted … If the server returns a Retry-After
/// directive in the header, the job will go into sleeping state for the duration or until the
/// time specified. The job will not error in this case."
///
/// - success is exactly 200; 400, 404 and 413 end the delivery *omitted* (add the job's own
///   list with [`RetryPolicy::with_do_not_retry`]);
/// - `Retry-After` (seconds or a date) puts the delivery to sleep until then without using up
///   an attempt, up to 24 h a time and 50 times in all, and never shorter than the schedule's
///   next delay (a `0` or a past date would otherwise mean 50 requests at once);
/// - the seed does not give a per-request schedule: hookwire retries after 5 s, doubling to
///   at most 10 min, ±20 %, 10 attempts — matching the job rule that 10 failed requests
///   make the job error (that rule belongs to the dispatcher).
///
/// ```
/// use hookwire::retry::Success;
/// let policy = hookwire::presets::lytics::retry_policy().with_do_not_retry([401, 402])?;
/// assert_eq!(policy.success(), Success::Exactly200);
/// assert_eq!(policy.do_not_retry(), [400, 401, 402, 404, 413]);
/// assert!(!policy.retry_after().counts_as_attempt);
/// # Ok::<(), hookwire::ConfigError>(())
/// ```
pub fn retry_policy() -> RetryPolicy {
    let schedule = Schedule::Exponential {
        initial: Duration::from_secs(5),
        factor: 2,
        max: Duration::from_secs(600),
        jitter_permille: 200,
    };
    let base = RetryPolicy::new(schedule)
        .with_success(Success::Exactly200)
        .with_retry_after(RetryAfter::defer(Duration::from_secs(86_400), 50));
    // The list holds valid, non-success statuses and 10 is a valid budget.
    base.clone()
        .with_do_not_retry(DO_NOT_RETRY)
        .and_then(|p| p.with_max_attempts(10))
        .unwrap_or(base)
}

/// The most simultaneous requests a job may make: "Set the Worker Count as the maximum
/// number of simultaneous webhooks calls that can be handled at once (max 20)".
pub const MAX_WORKERS: u16 = 20;

/// How many failed requests put a job in error: "The job will retry errored requests until
/// the job encounters 10 failed requests."
pub const MAX_FAILED_REQUESTS: u32 = 10;

/// The job-level retry schedule after a job error. The seed points to "the normal Lytics job
/// retry schedule" without giving it; hookwire retries the job after 1 min, 10 min and 1 h,
/// then the job has failed.
pub const JOB_RETRY_DELAYS: [Duration; 3] = [
    Duration::from_secs(60),
    Duration::from_secs(600),
    Duration::from_secs(3600),
];

/// A Lytics webhook job as a dispatcher route: `route` (use [`endpoint`] and
/// [`retry_policy`]) with the job's "Worker Count" — "If this value isn't set, the default
/// is 5 workers", at most [`MAX_WORKERS`] — and its job rules: an error after
/// [`MAX_FAILED_REQUESTS`] failed requests (omitted ones and `Retry-After` sleeps do not
/// count), retried on [`JOB_RETRY_DELAYS`], then failed; a `Retry-After` answer sleeps the
/// whole job ("the job will go into sleeping state for the duration or until the time
/// specified").
///
/// ```
/// use hookwire::delivery::Route;
/// use hookwire::presets::lytics;
///
/// let route = Route::new(lytics::endpoint("https://hooks.example.com/lytics").build()?)
///     .with_policy(lytics::retry_policy());
/// let config = lytics::route_config(route.clone(), None)?;
/// assert_eq!(config.workers(), 5);
/// assert_eq!(config.job().unwrap().max_failed_requests(), 10);
/// assert!(lytics::route_config(route, Some(21)).is_err()); // "max 20"
/// # Ok::<(), hookwire::ConfigError>(())
/// ```
pub fn route_config(route: Route, workers: Option<u16>) -> Result<RouteConfig, RouteError> {
    let workers = workers.unwrap_or(crate::dispatch::DEFAULT_WORKERS);
    if workers > MAX_WORKERS {
        return Err(RouteError::TooManyWorkers {
            workers,
            max: MAX_WORKERS,
        });
    }
    let job = JobHealth::new(MAX_FAILED_REQUESTS, JOB_RETRY_DELAYS).sleeping_on_retry_after();
    Ok(RouteConfig::new(route).with_workers(workers)?.with_job(job))
}
