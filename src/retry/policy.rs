//! [`RetryPolicy`]: what counts as success, when to try again, and when to stop.

use std::time::Duration;

use http::StatusCode;
use serde::{Deserialize, Serialize};

use super::error::PolicyError;
use super::failure_action::FailureAction;
use super::retry_after::RetryAfter;
use super::schedule::{Schedule, millis};
use super::success::Success;
use crate::delivery::{AttemptResult, TransportFailure};
use crate::message_id::MessageId;
use crate::time::Timestamp;

/// What a policy decided after an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Decision {
    /// Delivered.
    Delivered,
    /// A status the policy never retries: stop, without it being an error.
    Omitted,
    /// The endpoint said it is gone (410): stop, and stop sending to it.
    Gone,
    /// Try again at `at`; `counted` says whether the attempt used up budget.
    Retry { at: Timestamp, counted: bool },
    /// The attempt budget is spent.
    Exhausted,
}

/// What counts as success, when to retry, and when to give up — composable pieces, with each
/// seed system's rules as a preset in [`presets`](crate::presets).
///
/// Pieces:
/// - **success**: any 2xx, or exactly 200 ([`Success`]);
/// - **schedule**: the delays between attempts ([`Schedule`]);
/// - **attempt budget**: attempts in all, the first included;
/// - **do-not-retry statuses**: answered with one, the delivery is *omitted* — logged, not an
///   error (Lytics);
/// - **410 Gone**: stop and report the endpoint gone (Standard Webhooks);
/// - **throttle statuses** (429, 502, 504 …): wait at least a minimum before retrying,
///   optionally also after a timeout;
/// - **Retry-After** ([`RetryAfter`]): delay-seconds and HTTP-dates, capped;
/// - **per-attempt timeout**: the deadline each request gets;
/// - **failure action** ([`FailureAction`]): what the journey does when it ends badly.
///
/// Redirects are never followed: a 3xx is a failed attempt like any other non-success status.
/// Every policy ends: counted attempts are bounded by the budget and uncounted deferrals by
/// [`RetryAfter::max_deferrals`].
///
/// ```
/// use std::time::Duration;
/// use hookwire::retry::{RetryPolicy, Schedule, Success};
///
/// let policy = RetryPolicy::new(Schedule::fixed([Duration::from_secs(10), Duration::from_secs(100)])?)
///     .with_success(Success::Any2xx)
///     .with_max_attempts(3)?
///     .with_do_not_retry([400, 404, 413])?;
/// assert_eq!(policy.max_attempts(), 3);
/// assert!(policy.do_not_retry().contains(&404));
/// # Ok::<(), hookwire::retry::PolicyError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawPolicy", into = "RawPolicy")]
pub struct RetryPolicy {
    success: Success,
    schedule: Schedule,
    max_attempts: u32,
    do_not_retry: Vec<u16>,
    stop_on_gone: bool,
    throttle_statuses: Vec<u16>,
    throttle_min_delay: Duration,
    throttle_on_timeout: bool,
    retry_after: RetryAfter,
    attempt_timeout: Duration,
    failure_action: Option<FailureAction>,
}

/// The default per-attempt timeout: the top of Standard Webhooks' suggested 15–30 s.
pub const DEFAULT_ATTEMPT_TIMEOUT: Duration = Duration::from_secs(30);

impl RetryPolicy {
    /// A policy with this schedule and hookwire's defaults for the rest: any 2xx succeeds,
    /// 5 attempts, no do-not-retry statuses, 410 not special, no throttling, `Retry-After`
    /// honoured up to one hour, a 30-second attempt timeout, no failure action.
    ///
    /// ```
    /// use std::time::Duration;
    /// use hookwire::retry::{RetryPolicy, Schedule, Success};
    /// let policy = RetryPolicy::new(Schedule::fixed([Duration::from_secs(1)])?);
    /// assert_eq!(policy.success(), Success::Any2xx);
    /// assert_eq!(policy.attempt_timeout(), Duration::from_secs(30));
    /// # Ok::<(), hookwire::retry::PolicyError>(())
    /// ```
    pub fn new(schedule: Schedule) -> Self {
        RetryPolicy {
            success: Success::Any2xx,
            schedule,
            max_attempts: 5,
            do_not_retry: Vec::new(),
            stop_on_gone: false,
            throttle_statuses: Vec::new(),
            throttle_min_delay: Duration::ZERO,
            throttle_on_timeout: false,
            retry_after: RetryAfter::honour(Duration::from_secs(3600)),
            attempt_timeout: DEFAULT_ATTEMPT_TIMEOUT,
            failure_action: None,
        }
    }

    /// hookwire's general exponential policy, for endpoints that are on no seed system:
    /// 5 s doubling to at most 1 h with ±20 % jitter, 10 attempts (about 2¼ hours in all),
    /// any 2xx, 410 stops, 429/502/503/504 wait at least 60 s, `Retry-After` honoured up to
    /// 1 h, 30 s per attempt.
    ///
    /// ```
    /// let policy = hookwire::retry::RetryPolicy::exponential();
    /// assert_eq!(policy.max_attempts(), 10);
    /// assert!(policy.stops_on_gone());
    /// ```
    pub fn exponential() -> Self {
        let schedule = Schedule::Exponential {
            initial: Duration::from_secs(5),
            factor: 2,
            max: Duration::from_secs(3600),
            jitter_permille: 200,
        };
        RetryPolicy {
            max_attempts: 10,
            stop_on_gone: true,
            throttle_statuses: vec![429, 502, 503, 504],
            throttle_min_delay: Duration::from_secs(60),
            ..RetryPolicy::new(schedule)
        }
    }

    /// Sets what counts as delivered.
    ///
    /// See [`RetryPolicy`] for an example.
    #[must_use]
    pub fn with_success(mut self, success: Success) -> Self {
        self.success = success;
        self
    }

    /// Sets the schedule.
    ///
    /// ```
    /// use std::time::Duration;
    /// use hookwire::retry::{RetryPolicy, Schedule};
    /// let p = RetryPolicy::exponential().with_schedule(Schedule::fixed([Duration::from_secs(2)])?)?;
    /// assert!(matches!(p.schedule(), Schedule::Fixed { .. }));
    /// # Ok::<(), hookwire::retry::PolicyError>(())
    /// ```
    pub fn with_schedule(mut self, schedule: Schedule) -> Result<Self, PolicyError> {
        schedule.validate()?;
        self.schedule = schedule;
        Ok(self)
    }

    /// Sets how many attempts there are in all, the first included (at least 1).
    ///
    /// ```
    /// assert!(hookwire::retry::RetryPolicy::exponential().with_max_attempts(0).is_err());
    /// ```
    pub fn with_max_attempts(mut self, attempts: u32) -> Result<Self, PolicyError> {
        if attempts == 0 {
            return Err(PolicyError::NoAttempts);
        }
        self.max_attempts = attempts;
        Ok(self)
    }

    /// Adds statuses that are never retried: such a delivery ends *omitted*. Success
    /// statuses cannot be listed.
    ///
    /// ```
    /// use hookwire::retry::RetryPolicy;
    /// assert!(RetryPolicy::exponential().with_do_not_retry([401, 402]).is_ok());
    /// assert!(RetryPolicy::exponential().with_do_not_retry([200]).is_err());
    /// assert!(RetryPolicy::exponential().with_do_not_retry([99]).is_err());
    /// ```
    pub fn with_do_not_retry(
        mut self,
        statuses: impl IntoIterator<Item = u16>,
    ) -> Result<Self, PolicyError> {
        for status in statuses {
            if !is_http_status(status) {
                return Err(PolicyError::DoNotRetryStatusOutOfRange { status });
            }
            if self.success.is_success(status) {
                return Err(PolicyError::SuccessInDoNotRetry { status });
            }
            self.do_not_retry.push(status);
        }
        self.do_not_retry.sort_unstable();
        self.do_not_retry.dedup();
        Ok(self)
    }

    /// Whether `410 Gone` ends the delivery at once, reporting the endpoint gone.
    ///
    /// ```
    /// assert!(!hookwire::retry::RetryPolicy::exponential().with_stop_on_gone(false).stops_on_gone());
    /// ```
    #[must_use]
    pub fn with_stop_on_gone(mut self, stop: bool) -> Self {
        self.stop_on_gone = stop;
        self
    }

    /// Statuses after which the next attempt waits at least `min_delay`, and whether a
    /// timed-out attempt does too (Svix: "429 and timeouts wait ≥ 60 s").
    ///
    /// ```
    /// use std::time::Duration;
    /// let p = hookwire::retry::RetryPolicy::exponential()
    ///     .with_throttle([429], Duration::from_secs(120), true)?;
    /// assert_eq!(p.throttle_min_delay(), Duration::from_secs(120));
    /// # Ok::<(), hookwire::retry::PolicyError>(())
    /// ```
    pub fn with_throttle(
        mut self,
        statuses: impl IntoIterator<Item = u16>,
        min_delay: Duration,
        on_timeout: bool,
    ) -> Result<Self, PolicyError> {
        let mut list = Vec::new();
        for status in statuses {
            if !is_http_status(status) {
                return Err(PolicyError::ThrottleStatusOutOfRange { status });
            }
            list.push(status);
        }
        list.sort_unstable();
        list.dedup();
        self.throttle_statuses = list;
        self.throttle_min_delay = min_delay;
        self.throttle_on_timeout = on_timeout;
        Ok(self)
    }

    /// Sets how `Retry-After` is treated.
    ///
    /// ```
    /// use hookwire::retry::{RetryAfter, RetryPolicy};
    /// let p = RetryPolicy::exponential().with_retry_after(RetryAfter::ignore());
    /// assert!(!p.retry_after().honour);
    /// ```
    #[must_use]
    pub fn with_retry_after(mut self, rule: RetryAfter) -> Self {
        self.retry_after = rule;
        self
    }

    /// Sets the deadline each attempt gets (more than zero).
    ///
    /// ```
    /// use std::time::Duration;
    /// assert!(hookwire::retry::RetryPolicy::exponential().with_attempt_timeout(Duration::ZERO).is_err());
    /// ```
    pub fn with_attempt_timeout(mut self, timeout: Duration) -> Result<Self, PolicyError> {
        if timeout.is_zero() {
            return Err(PolicyError::ZeroAttemptTimeout);
        }
        self.attempt_timeout = timeout;
        Ok(self)
    }

    /// Sets what the journey does with the contact when the delivery fails or is omitted.
    ///
    /// ```
    /// use hookwire::retry::{FailureAction, RetryPolicy};
    /// let p = RetryPolicy::exponential().with_failure_action(FailureAction::NextStep);
    /// assert_eq!(p.failure_action(), Some(FailureAction::NextStep));
    /// ```
    #[must_use]
    pub fn with_failure_action(mut self, action: FailureAction) -> Self {
        self.failure_action = Some(action);
        self
    }

    /// What counts as delivered.
    ///
    /// See [`RetryPolicy::new`] for an example.
    pub fn success(&self) -> Success {
        self.success
    }

    /// The schedule.
    ///
    /// See [`RetryPolicy::with_schedule`] for an example.
    pub fn schedule(&self) -> &Schedule {
        &self.schedule
    }

    /// Attempts in all, the first included.
    ///
    /// See [`RetryPolicy`] for an example.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// Statuses never retried, sorted.
    ///
    /// See [`RetryPolicy`] for an example.
    pub fn do_not_retry(&self) -> &[u16] {
        &self.do_not_retry
    }

    /// Whether 410 ends the delivery with the endpoint reported gone.
    ///
    /// See [`RetryPolicy::exponential`] for an example.
    pub fn stops_on_gone(&self) -> bool {
        self.stop_on_gone
    }

    /// Statuses that impose the throttle's minimum delay, sorted.
    ///
    /// ```
    /// assert!(hookwire::retry::RetryPolicy::exponential().throttle_statuses().contains(&429));
    /// ```
    pub fn throttle_statuses(&self) -> &[u16] {
        &self.throttle_statuses
    }

    /// The least delay after a throttle status.
    ///
    /// See [`RetryPolicy::with_throttle`] for an example.
    pub fn throttle_min_delay(&self) -> Duration {
        self.throttle_min_delay
    }

    /// How `Retry-After` is treated.
    ///
    /// See [`RetryPolicy::with_retry_after`] for an example.
    pub fn retry_after(&self) -> RetryAfter {
        self.retry_after
    }

    /// The deadline each attempt gets.
    ///
    /// See [`RetryPolicy::new`] for an example.
    pub fn attempt_timeout(&self) -> Duration {
        self.attempt_timeout
    }

    /// What the journey does with the contact when the delivery does not succeed.
    ///
    /// See [`RetryPolicy::with_failure_action`] for an example.
    pub fn failure_action(&self) -> Option<FailureAction> {
        self.failure_action
    }

    /// Decides what follows an attempt that ended at `now` with `result`.
    ///
    /// `counted` is how many attempts have used up budget so far, this one excluded;
    /// `deferrals` how many were deferred by `Retry-After` without counting.
    pub(crate) fn decide(
        &self,
        result: AttemptResult,
        retry_after: Option<Timestamp>,
        counted: u32,
        deferrals: u32,
        id: &MessageId,
        now: Timestamp,
    ) -> Decision {
        let throttled = match result {
            AttemptResult::Status(status) => {
                if self.success.is_success(status) {
                    return Decision::Delivered;
                }
                if self.do_not_retry.binary_search(&status).is_ok() {
                    return Decision::Omitted;
                }
                if self.stop_on_gone && status == StatusCode::GONE.as_u16() {
                    return Decision::Gone;
                }
                self.throttle_statuses.binary_search(&status).is_ok()
            }
            AttemptResult::Transport(failure) => {
                self.throttle_on_timeout && failure == TransportFailure::TimedOut
            }
            // Released attempts never reach the policy; were one to, it is no throttle.
            AttemptResult::Abandoned => false,
        };
        let hinted = retry_after
            .filter(|_| self.retry_after.honour)
            .map(|at| at.min(now.saturating_add(self.retry_after.max)));
        // A deferral (`RetryAfter::defer`) does not use up an attempt.
        let deferred = hinted.is_some()
            && !self.retry_after.counts_as_attempt
            && deferrals < self.retry_after.max_deferrals;
        let attempts_used = counted.saturating_add(1);
        if !deferred && attempts_used >= self.max_attempts {
            return Decision::Exhausted;
        }
        // Deferred or not, the next attempt waits at least the schedule's next delay and the
        // throttle floor: a hint of `0` or a past date means "no sooner than now", and taken
        // alone it would turn fifty deferrals into fifty requests in the same instant.
        let mut at = now.saturating_add(self.schedule.delay(attempts_used, id));
        if throttled {
            at = at.max(now.saturating_add(self.throttle_min_delay));
        }
        if let Some(hint) = hinted {
            at = at.max(hint);
        }
        Decision::Retry {
            at,
            counted: !deferred,
        }
    }
}

fn is_http_status(status: u16) -> bool {
    (100..=599).contains(&status)
}

/// The serialized form; deserializing re-checks every rule the builder checks.
#[derive(Serialize, Deserialize)]
struct RawPolicy {
    success: Success,
    schedule: Schedule,
    max_attempts: u32,
    #[serde(default)]
    do_not_retry: Vec<u16>,
    #[serde(default)]
    stop_on_gone: bool,
    #[serde(default)]
    throttle_statuses: Vec<u16>,
    #[serde(default, with = "millis")]
    throttle_min_delay: Duration,
    #[serde(default)]
    throttle_on_timeout: bool,
    retry_after: RetryAfter,
    #[serde(with = "millis")]
    attempt_timeout: Duration,
    #[serde(default)]
    failure_action: Option<FailureAction>,
}

impl TryFrom<RawPolicy> for RetryPolicy {
    type Error = PolicyError;

    fn try_from(raw: RawPolicy) -> Result<Self, PolicyError> {
        let mut policy = RetryPolicy::new(raw.schedule.clone())
            .with_schedule(raw.schedule)?
            .with_success(raw.success)
            .with_max_attempts(raw.max_attempts)?
            .with_do_not_retry(raw.do_not_retry)?
            .with_stop_on_gone(raw.stop_on_gone)
            .with_throttle(
                raw.throttle_statuses,
                raw.throttle_min_delay,
                raw.throttle_on_timeout,
            )?
            .with_retry_after(raw.retry_after)
            .with_attempt_timeout(raw.attempt_timeout)?;
        policy.failure_action = raw.failure_action;
        Ok(policy)
    }
}

impl From<RetryPolicy> for RawPolicy {
    fn from(policy: RetryPolicy) -> Self {
        RawPolicy {
            success: policy.success,
            schedule: policy.schedule,
            max_attempts: policy.max_attempts,
            do_not_retry: policy.do_not_retry,
            stop_on_gone: policy.stop_on_gone,
            throttle_statuses: policy.throttle_statuses,
            throttle_min_delay: policy.throttle_min_delay,
            throttle_on_timeout: policy.throttle_on_timeout,
            retry_after: policy.retry_after,
            attempt_timeout: policy.attempt_timeout,
            failure_action: policy.failure_action,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: Timestamp = Timestamp::from_unix_secs(1_000);

    fn id() -> MessageId {
        MessageId::new("msg_1").unwrap()
    }

    fn fixed(secs: &[u64]) -> RetryPolicy {
        RetryPolicy::new(Schedule::fixed(secs.iter().map(|s| Duration::from_secs(*s))).unwrap())
    }

    fn at(secs: i64) -> Timestamp {
        Timestamp::from_unix_secs(secs)
    }

    #[test]
    fn success_do_not_retry_and_gone_are_terminal() {
        let p = fixed(&[10])
            .with_do_not_retry([400])
            .unwrap()
            .with_stop_on_gone(true);
        let decide = |status| p.decide(AttemptResult::Status(status), None, 0, 0, &id(), NOW);
        assert_eq!(decide(204), Decision::Delivered);
        assert_eq!(decide(400), Decision::Omitted);
        assert_eq!(decide(410), Decision::Gone);
        assert_eq!(
            decide(302),
            Decision::Retry {
                at: at(1_010),
                counted: true
            }
        );
    }

    #[test]
    fn the_budget_counts_the_first_attempt() {
        let p = fixed(&[10]).with_max_attempts(3).unwrap();
        let fail = AttemptResult::Status(500);
        assert!(matches!(
            p.decide(fail, None, 1, 0, &id(), NOW),
            Decision::Retry { .. }
        ));
        assert_eq!(p.decide(fail, None, 2, 0, &id(), NOW), Decision::Exhausted);
    }

    #[test]
    fn retry_after_is_capped_and_never_shortens_the_schedule() {
        let p = fixed(&[100]).with_retry_after(RetryAfter::honour(Duration::from_secs(500)));
        let fail = AttemptResult::Status(503);
        let decide = |hint| p.decide(fail, Some(hint), 0, 0, &id(), NOW);
        assert_eq!(
            decide(at(1_010)),
            Decision::Retry {
                at: at(1_100),
                counted: true
            }
        );
        assert_eq!(
            decide(at(1_300)),
            Decision::Retry {
                at: at(1_300),
                counted: true
            }
        );
        assert_eq!(
            decide(at(9_999)),
            Decision::Retry {
                at: at(1_500),
                counted: true
            }
        );
    }

    #[test]
    fn deferrals_do_not_count_until_their_bound() {
        let p = fixed(&[10])
            .with_max_attempts(1)
            .unwrap()
            .with_retry_after(RetryAfter::defer(Duration::from_secs(3600), 2));
        let fail = AttemptResult::Status(429);
        let hint = Some(at(1_060));
        assert_eq!(
            p.decide(fail, hint, 0, 0, &id(), NOW),
            Decision::Retry {
                at: at(1_060),
                counted: false
            }
        );
        assert_eq!(
            p.decide(fail, hint, 0, 1, &id(), NOW),
            Decision::Retry {
                at: at(1_060),
                counted: false
            }
        );
        assert_eq!(p.decide(fail, hint, 0, 2, &id(), NOW), Decision::Exhausted);
    }

    #[test]
    fn a_deferral_waits_at_least_the_schedule_and_the_throttle_floor() {
        let p = fixed(&[10])
            .with_throttle([429], Duration::from_secs(30), false)
            .unwrap()
            .with_retry_after(RetryAfter::defer(Duration::from_secs(3600), 5));
        let defer =
            |status, hint| p.decide(AttemptResult::Status(status), Some(hint), 0, 0, &id(), NOW);
        // A hint of now, or in the past: the schedule's 10 s, or the throttle's 30 s.
        for hint in [NOW, at(0)] {
            assert_eq!(
                defer(503, hint),
                Decision::Retry {
                    at: at(1_010),
                    counted: false
                }
            );
            assert_eq!(
                defer(429, hint),
                Decision::Retry {
                    at: at(1_030),
                    counted: false
                }
            );
        }
        // A later hint wins.
        assert_eq!(
            defer(429, at(1_100)),
            Decision::Retry {
                at: at(1_100),
                counted: false
            }
        );
    }

    #[test]
    fn throttles_wait_at_least_their_minimum() {
        let p = fixed(&[5])
            .with_throttle([429], Duration::from_secs(60), true)
            .unwrap()
            .with_retry_after(RetryAfter::ignore());
        let d = |r| p.decide(r, None, 0, 0, &id(), NOW);
        assert_eq!(
            d(AttemptResult::Status(429)),
            Decision::Retry {
                at: at(1_060),
                counted: true
            }
        );
        assert_eq!(
            d(AttemptResult::Status(500)),
            Decision::Retry {
                at: at(1_005),
                counted: true
            }
        );
        assert_eq!(
            d(AttemptResult::Transport(TransportFailure::TimedOut)),
            Decision::Retry {
                at: at(1_060),
                counted: true
            }
        );
        assert_eq!(
            d(AttemptResult::Transport(TransportFailure::Connect)),
            Decision::Retry {
                at: at(1_005),
                counted: true
            }
        );
    }

    #[test]
    fn serde_round_trip_rechecks() {
        let p = RetryPolicy::exponential()
            .with_do_not_retry([400, 404])
            .unwrap()
            .with_failure_action(FailureAction::NextStep);
        let json = serde_json::to_string(&p).unwrap();
        assert_eq!(serde_json::from_str::<RetryPolicy>(&json).unwrap(), p);
        let broken = json.replace(r#""max_attempts":10"#, r#""max_attempts":0"#);
        assert!(serde_json::from_str::<RetryPolicy>(&broken).is_err());
    }
}
