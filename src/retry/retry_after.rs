//! `Retry-After` (RFC 9110 §10.2.3): how a policy treats it ([`RetryAfter`]) and reading it
//! ([`retry_after`]): delay-seconds or an HTTP-date.

use std::time::Duration;

use http::HeaderMap;
use http::header::RETRY_AFTER;
use serde::{Deserialize, Serialize};

use super::schedule::millis;
use crate::time::Timestamp;

/// How a policy treats `Retry-After`.
///
/// ```
/// use std::time::Duration;
/// use hookwire::retry::RetryAfter;
/// let rule = RetryAfter::honour(Duration::from_secs(3600));
/// assert!(rule.counts_as_attempt);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetryAfter {
    /// Whether `Retry-After` moves the next attempt at all.
    pub honour: bool,
    /// The longest wait a `Retry-After` may impose; later dates are cut to this.
    #[serde(with = "millis")]
    pub max: Duration,
    /// Whether an attempt answered with `Retry-After` uses up the attempt budget. Lytics:
    /// "The job will not error in this case, and the request will be retried".
    pub counts_as_attempt: bool,
    /// When attempts answered with `Retry-After` do not count, how many of them are
    /// allowed before they start to count: the bound that makes every delivery end.
    pub max_deferrals: u32,
}

impl RetryAfter {
    /// Honour `Retry-After` up to `max`; such attempts count against the budget.
    ///
    /// See [`RetryAfter`] for an example.
    pub const fn honour(max: Duration) -> Self {
        RetryAfter {
            honour: true,
            max,
            counts_as_attempt: true,
            max_deferrals: 0,
        }
    }

    /// Ignore `Retry-After`: the schedule alone decides.
    ///
    /// ```
    /// assert!(!hookwire::retry::RetryAfter::ignore().honour);
    /// ```
    pub const fn ignore() -> Self {
        RetryAfter {
            honour: false,
            max: Duration::ZERO,
            counts_as_attempt: true,
            max_deferrals: 0,
        }
    }

    /// Honour `Retry-After` up to `max` without using up the budget, at most
    /// `max_deferrals` times (Lytics' "sleeping state"). A sleep lasts until the hinted time
    /// but never less than the schedule's next delay, so a hint of `0` or a past date
    /// cannot turn the deferrals into a burst of immediate requests.
    ///
    /// ```
    /// use std::time::Duration;
    /// let rule = hookwire::retry::RetryAfter::defer(Duration::from_secs(86_400), 50);
    /// assert!(!rule.counts_as_attempt);
    /// ```
    pub const fn defer(max: Duration, max_deferrals: u32) -> Self {
        RetryAfter {
            honour: true,
            max,
            counts_as_attempt: false,
            max_deferrals,
        }
    }
}

/// When a response's `Retry-After` asks for the next request, relative to `now` (the time
/// the response arrived).
///
/// Accepts `delay-seconds` (`120`) and an HTTP-date in all three forms RFC 9110 asks
/// recipients to accept (IMF-fixdate, RFC 850, asctime). A date in the past means "now".
/// Anything else — a negative or fractional number, garbage, several values — is ignored
/// (`None`): a malformed hint must not stall a delivery.
///
/// ```
/// use hookwire::{Timestamp, retry::retry_after};
///
/// let now = Timestamp::from_unix_secs(784_111_000);
/// let mut headers = http::HeaderMap::new();
/// headers.insert("retry-after", "120".parse().unwrap());
/// assert_eq!(retry_after(&headers, now), Some(Timestamp::from_unix_secs(784_111_120)));
///
/// headers.insert("retry-after", "Sun, 06 Nov 1994 08:49:37 GMT".parse().unwrap());
/// assert_eq!(retry_after(&headers, now), Some(Timestamp::from_unix_secs(784_111_777)));
///
/// headers.insert("retry-after", "soon".parse().unwrap());
/// assert_eq!(retry_after(&headers, now), None);
/// ```
pub fn retry_after(headers: &HeaderMap, now: Timestamp) -> Option<Timestamp> {
    let mut values = headers.get_all(RETRY_AFTER).iter();
    let value = values.next()?;
    if values.next().is_some() {
        return None;
    }
    parse(value.to_str().ok()?, now)
}

/// Parses one `Retry-After` value received at `now`.
pub(crate) fn parse(text: &str, now: Timestamp) -> Option<Timestamp> {
    let text = text.trim_matches([' ', '\t']);
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        // delay-seconds is 1*DIGIT; a value too large to represent means "very late".
        let secs = text.parse::<u64>().unwrap_or(u64::MAX);
        return Some(now.saturating_add(Duration::from_secs(secs)));
    }
    let date = Timestamp::parse_http_date(text).ok()?;
    Some(date.max(now))
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: Timestamp = Timestamp::from_unix_secs(784_111_000);

    #[test]
    fn delay_seconds() {
        assert_eq!(parse("0", NOW), Some(NOW));
        assert_eq!(
            parse(" 5 ", NOW),
            Some(Timestamp::from_unix_secs(784_111_005))
        );
        assert_eq!(
            parse("99999999999999999999999", NOW),
            Some(Timestamp::from_unix_millis(i64::MAX))
        );
        for bad in ["", "-5", "1.5", "+5", "5s", "0x10", "٣"] {
            assert_eq!(parse(bad, NOW), None, "{bad:?}");
        }
    }

    #[test]
    fn all_three_http_date_forms() {
        let want = Some(Timestamp::from_unix_secs(784_111_777));
        assert_eq!(parse("Sun, 06 Nov 1994 08:49:37 GMT", NOW), want);
        assert_eq!(parse("Sunday, 06-Nov-94 08:49:37 GMT", NOW), want);
        assert_eq!(parse("Sun Nov  6 08:49:37 1994", NOW), want);
    }

    #[test]
    fn past_dates_mean_now() {
        assert_eq!(parse("Thu, 01 Jan 1970 00:00:00 GMT", NOW), Some(NOW));
    }

    #[test]
    fn several_values_are_ignored() {
        let mut headers = HeaderMap::new();
        headers.append(RETRY_AFTER, "1".parse().unwrap());
        headers.append(RETRY_AFTER, "2".parse().unwrap());
        assert_eq!(retry_after(&headers, NOW), None);
    }
}
