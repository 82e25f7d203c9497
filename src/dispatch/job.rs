//! [`JobHealth`]: Lytics' job-level rules over a route's requests.

use std::time::Duration;

/// A route's job: how many failed requests put it in error, how it retries, when it fails,
/// and whether `Retry-After` sleeps the whole route (Lytics' "Error Handling": "The job will
/// retry errored requests until the job encounters 10 failed requests. Once 10 failed
/// requests are encountered, the job will return an error, and enter into the normal Lytics
/// job retry schedule … If the error persists, then the job will go into a failed state.")
///
/// - a **failed request** is a transmit that did not succeed, was not *omitted* (a
///   do-not-retry status: "These request will not cause the job to error") and was not put
///   to sleep by `Retry-After` ("The job will not error in this case");
/// - after `max_failed_requests` of them the job is in **error**: the route pauses for the
///   next delay of `retry_delays`, then resumes with a fresh count;
/// - when the delays are used up, the job has **failed**: the route holds its deliveries
///   (none dropped) until the host enables it again;
/// - with `sleep_on_retry_after`, a `Retry-After` answer puts the whole route to sleep until
///   then, without an error.
///
/// ```
/// use std::time::Duration;
/// use hookwire::dispatch::JobHealth;
/// let job = JobHealth::new(10, [Duration::from_secs(60), Duration::from_secs(600)]).sleeping_on_retry_after();
/// assert_eq!(job.max_failed_requests(), 10);
/// assert_eq!(job.retry_delays().len(), 2);
/// assert!(job.sleeps_on_retry_after());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobHealth {
    max_failed_requests: u32,
    retry_delays: Vec<Duration>,
    sleep_on_retry_after: bool,
}

impl JobHealth {
    /// A job in error after `max_failed_requests` failed requests (at least 1), retried
    /// after each of `retry_delays`, failed after the last.
    ///
    /// See [`JobHealth`] for an example.
    pub fn new(max_failed_requests: u32, retry_delays: impl IntoIterator<Item = Duration>) -> Self {
        JobHealth {
            max_failed_requests: max_failed_requests.max(1),
            retry_delays: retry_delays.into_iter().collect(),
            sleep_on_retry_after: false,
        }
    }

    /// This job, and a `Retry-After` answer sleeps the whole route until then.
    ///
    /// See [`JobHealth`] for an example.
    #[must_use]
    pub fn sleeping_on_retry_after(mut self) -> Self {
        self.sleep_on_retry_after = true;
        self
    }

    /// How many failed requests put the job in error.
    ///
    /// See [`JobHealth`] for an example.
    pub fn max_failed_requests(&self) -> u32 {
        self.max_failed_requests
    }

    /// The job-level retry schedule.
    ///
    /// See [`JobHealth`] for an example.
    pub fn retry_delays(&self) -> &[Duration] {
        &self.retry_delays
    }

    /// Whether `Retry-After` sleeps the whole route.
    ///
    /// See [`JobHealth`] for an example.
    pub fn sleeps_on_retry_after(&self) -> bool {
        self.sleep_on_retry_after
    }
}
