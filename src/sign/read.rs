//! Reading signature headers: one value per header, integer timestamps, tolerance windows.

use std::time::Duration;

use http::HeaderMap;

use super::{Tolerance, VerifyError};
use crate::Timestamp;

/// The one value of header `name`, trimmed of surrounding whitespace.
pub(crate) fn single<'h>(headers: &'h HeaderMap, name: &str) -> Result<&'h str, VerifyError> {
    optional_single(headers, name)?.ok_or_else(|| VerifyError::MissingHeader {
        name: name.to_owned(),
    })
}

/// Like [`single`], but an absent header is `None`.
pub(crate) fn optional_single<'h>(
    headers: &'h HeaderMap,
    name: &str,
) -> Result<Option<&'h str>, VerifyError> {
    let mut values = headers.get_all(name).iter();
    let Some(value) = values.next() else {
        return Ok(None);
    };
    if values.next().is_some() {
        return Err(VerifyError::DuplicateHeader {
            name: name.to_owned(),
        });
    }
    let text = value.to_str().map_err(|_| VerifyError::MalformedHeader {
        name: name.to_owned(),
        reason: "not visible ASCII",
    })?;
    Ok(Some(text.trim_matches([' ', '\t'])))
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
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(malformed(
            "the timestamp is not a whole number of Unix seconds",
        ));
    }
    let secs: i64 = text
        .parse()
        .map_err(|_| malformed("the timestamp is out of range"))?;
    if secs > i64::MAX / 1000 {
        return Err(malformed("the timestamp is out of range"));
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
