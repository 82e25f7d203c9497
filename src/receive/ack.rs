//! Acknowledgement responses: received, accepted for later processing, or asked to back off.

use std::time::Duration;

use http::{HeaderValue, Response, StatusCode, header::RETRY_AFTER};

/// `200 OK`: the webhook is verified (and queued or processed).
///
/// The one answer every sender counts as success. Some count nothing else — a policy of
/// [`Success::Exactly200`](crate::retry::Success::Exactly200), as the Netcore and Lytics
/// presets have — so a 202 from [`queued_response`] would be retried and, repeated, get the
/// endpoint disabled. Answer those with this, as soon as the event is safely queued.
///
/// ```
/// let response = hookwire::receive::received_response();
/// assert_eq!(response.status(), 200);
/// ```
#[must_use]
pub fn received_response() -> Response<()> {
    Response::new(())
}

/// `202 Accepted`: the webhook is verified and queued, not yet processed.
///
/// Answer fast and process later: the seeds warn that a slow or failing receiver gets
/// retried, then disabled. The CloudEvents webhook spec names 202 for exactly this, and
/// Standard Webhooks senders count any 2xx as delivered. Not for senders that retry anything
/// but 200 (the Netcore and Lytics presets): answer those with [`received_response`].
///
/// ```
/// let response = hookwire::receive::queued_response();
/// assert_eq!(response.status(), 202);
/// ```
#[must_use]
pub fn queued_response() -> Response<()> {
    let mut response = Response::new(());
    *response.status_mut() = StatusCode::ACCEPTED;
    response
}

/// `429 Too Many Requests` with `Retry-After` in whole seconds (rounded up, so the sender
/// never comes back early): the receiver is overloaded and asks the sender to wait.
///
/// The CloudEvents webhook spec requires `Retry-After` on a 429, and hookwire's own
/// delivery engine honours it.
///
/// ```
/// use std::time::Duration;
///
/// let response = hookwire::receive::back_off_response(Duration::from_millis(2_500));
/// assert_eq!(response.status(), 429);
/// assert_eq!(response.headers()["retry-after"], "3");
/// ```
#[must_use]
pub fn back_off_response(retry_after: Duration) -> Response<()> {
    let secs = retry_after
        .as_secs()
        .saturating_add(u64::from(retry_after.subsec_nanos() > 0));
    let mut response = Response::new(());
    *response.status_mut() = StatusCode::TOO_MANY_REQUESTS;
    response
        .headers_mut()
        .insert(RETRY_AFTER, HeaderValue::from(secs));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_rounds_up_and_saturates() {
        let header = |d| back_off_response(d).headers()[RETRY_AFTER].clone();
        assert_eq!(header(Duration::ZERO), "0");
        assert_eq!(header(Duration::from_secs(60)), "60");
        assert_eq!(header(Duration::from_nanos(1)), "1");
        assert_eq!(header(Duration::MAX), u64::MAX.to_string().as_str());
    }
}
