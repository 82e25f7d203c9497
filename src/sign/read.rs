//! Reading signature headers: one value per header, integer timestamps, tolerance windows.

use std::time::Duration;

use http::{HeaderMap, HeaderName, HeaderValue};

use super::{Tolerance, VerifyError};
use crate::Timestamp;

/// The one value of header `name`, trimmed of surrounding whitespace.
pub(crate) fn single<'h>(
    headers: &'h HeaderMap,
    name: &HeaderName,
) -> Result<&'h str, VerifyError> {
    single_value(headers, name).map(|(text, _)| text)
}

/// Like [`single`], also returning the raw value (to keep without copying).
pub(crate) fn single_value<'h>(
    headers: &'h HeaderMap,
    name: &HeaderName,
) -> Result<(&'h str, &'h HeaderValue), VerifyError> {
    optional_single_value(headers, name)?.ok_or_else(|| VerifyError::MissingHeader {
        name: name.as_str().to_owned(),
    })
}

/// Like [`single`], but an absent header is `None`.
pub(crate) fn optional_single_value<'h>(
    headers: &'h HeaderMap,
    name: &HeaderName,
) -> Result<Option<(&'h str, &'h HeaderValue)>, VerifyError> {
    let mut values = headers.get_all(name).iter();
    let Some(value) = values.next() else {
        return Ok(None);
    };
    if values.next().is_some() {
        return Err(VerifyError::DuplicateHeader {
            name: name.as_str().to_owned(),
        });
    }
    let text = value.to_str().map_err(|_| VerifyError::MalformedHeader {
        name: name.as_str().to_owned(),
        reason: "not visible ASCII",
    })?;
    Ok(Some((trim_ows(text), value)))
}

/// Trims HTTP optional whitespace (spaces and tabs) from both ends, byte-wise.
pub(crate) fn trim_ows(text: &str) -> &str {
    let is_ows = |b: &u8| *b == b' ' || *b == b'\t';
    let bytes = text.as_bytes();
    let start = bytes.iter().position(|b| !is_ows(b)).unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|b| !is_ows(b))
        .map_or(start, |i| i + 1);
    // Space and tab are ASCII, so both cuts fall on character boundaries.
    text.get(start..end).unwrap_or("")
}

/// Parses Unix seconds as the schemes send them: ASCII digits only, no sign, no fraction.
pub(crate) fn unix_secs(text: &str, name: &str) -> Result<Timestamp, VerifyError> {
    let malformed = |reason| VerifyError::MalformedHeader {
        name: name.to_owned(),
        reason,
    };
    if text.is_empty() {
        return Err(malformed("empty timestamp"));
    }
    // One pass: digits only, and at most what milliseconds in an `i64` can hold.
    let mut secs: i64 = 0;
    for b in text.bytes() {
        if !b.is_ascii_digit() {
            return Err(malformed(
                "the timestamp is not a whole number of Unix seconds",
            ));
        }
        secs = secs
            .checked_mul(10)
            .and_then(|s| s.checked_add(i64::from(b - b'0')))
            .filter(|s| *s <= i64::MAX / 1000)
            .ok_or_else(|| malformed("the timestamp is out of range"))?;
    }
    Ok(Timestamp::from_unix_secs(secs))
}

/// Checks that `timestamp` lies within `tolerance` of `now`, both ways.
pub(crate) fn within(
    timestamp: Timestamp,
    now: Timestamp,
    tolerance: Tolerance,
) -> Result<(), VerifyError> {
    let age_ms = i128::from(now.unix_millis()) - i128::from(timestamp.unix_millis());
    let past_ms = tolerance.past.as_millis() as i128;
    let future_ms = tolerance.future.as_millis() as i128;
    if age_ms > past_ms {
        return Err(VerifyError::TimestampTooOld {
            timestamp,
            by: millis(age_ms - past_ms),
        });
    }
    if -age_ms > future_ms {
        return Err(VerifyError::TimestampTooNew {
            timestamp,
            by: millis(-age_ms - future_ms),
        });
    }
    Ok(())
}

fn millis(ms: i128) -> Duration {
    Duration::from_millis(u64::try_from(ms).unwrap_or(u64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_strict_digits() {
        assert_eq!(
            unix_secs("1614265330", "t"),
            Ok(Timestamp::from_unix_secs(1_614_265_330))
        );
        for bad in [
            "",
            "-1",
            "+1",
            "1.5",
            "1e9",
            " 1",
            "٣",
            "99999999999999999999",
        ] {
            assert!(unix_secs(bad, "t").is_err(), "{bad:?}");
        }
    }

    #[test]
    fn tolerance_edges_are_inclusive() {
        let t = Timestamp::from_unix_secs(1_000);
        let tol = Tolerance::new(Duration::from_secs(300), Duration::from_secs(60));
        assert_eq!(within(t, Timestamp::from_unix_secs(1_300), tol), Ok(()));
        assert_eq!(
            within(t, Timestamp::from_unix_secs(1_301), tol),
            Err(VerifyError::TimestampTooOld {
                timestamp: t,
                by: Duration::from_secs(1)
            })
        );
        assert_eq!(within(t, Timestamp::from_unix_secs(940), tol), Ok(()));
        assert_eq!(
            within(t, Timestamp::from_unix_secs(939), tol),
            Err(VerifyError::TimestampTooNew {
                timestamp: t,
                by: Duration::from_secs(1)
            })
        );
    }
}
