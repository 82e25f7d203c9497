//! [`Timestamp`]: the only notion of time in hookwire, always passed in by the caller.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

/// A point in time: milliseconds since the Unix epoch (UTC), negative before 1970.
///
/// hookwire never reads a clock. Every method that needs "now" takes a `Timestamp`, so a
/// host decides where time comes from (the system clock, a database, a virtual clock in a
/// test) and every result is reproducible.
///
/// It serializes as the plain integer number of milliseconds.
///
/// ```
/// use hookwire::Timestamp;
///
/// let t = Timestamp::from_unix_secs(1_614_265_330);
/// assert_eq!(t.unix_millis(), 1_614_265_330_000);
/// assert_eq!(t.to_rfc3339()?, "2021-02-25T15:02:10Z");
/// assert_eq!(Timestamp::parse_rfc3339("2021-02-25T16:02:10+01:00").unwrap(), t);
/// # Ok::<(), hookwire::TimeError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Timestamp(i64);

/// Why a date string could not be read as a [`Timestamp`].
///
/// ```
/// use hookwire::{TimeError, Timestamp};
///
/// assert!(matches!(Timestamp::parse_rfc3339("yesterday"), Err(TimeError::InvalidRfc3339 { .. })));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TimeError {
    /// The text is not an RFC 3339 date-time; `reason` names the part that is wrong.
    #[error("not an RFC 3339 date-time: {reason}")]
    InvalidRfc3339 {
        /// The part of the text that is wrong.
        reason: &'static str,
    },
    /// The text is not an HTTP-date in any of the three forms RFC 9110 asks recipients to accept.
    #[error("not an HTTP-date (IMF-fixdate, RFC 850 or asctime)")]
    InvalidHttpDate,
    /// The date is valid but cannot be represented as milliseconds in an `i64`.
    #[error("date out of the representable range")]
    OutOfRange,
    /// The time cannot be written in the format asked for: RFC 3339 has four-digit years
    /// (0000–9999), and an HTTP-date is written here for 1970–9999.
    ///
    /// ```
    /// use hookwire::{TimeError, Timestamp};
    /// let err = Timestamp::from_unix_secs(253_402_300_800).to_rfc3339().unwrap_err();
    /// assert_eq!(err, TimeError::NotWritable { format: "RFC 3339", year: 10_000 });
    /// assert_eq!(err.to_string(), "year 10000 cannot be written as RFC 3339, whose years run from 0000 to 9999");
    /// ```
    #[error(
        "year {year} cannot be written as {format}, whose years run from {} to 9999",
        first_year(format)
    )]
    NotWritable {
        /// `RFC 3339` or `HTTP-date`.
        format: &'static str,
        /// The time's year (proleptic Gregorian; 0 is 1 BC).
        year: i64,
    },
}

fn first_year(format: &str) -> &'static str {
    if format == HTTP_DATE { "1970" } else { "0000" }
}

const RFC3339: &str = "RFC 3339";
const HTTP_DATE: &str = "HTTP-date";

const MILLIS_PER_SEC: i64 = 1_000;
const SECS_PER_DAY: i64 = 86_400;

impl Timestamp {
    /// 1970-01-01T00:00:00Z.
    ///
    /// ```
    /// assert_eq!(hookwire::Timestamp::UNIX_EPOCH.unix_millis(), 0);
    /// ```
    pub const UNIX_EPOCH: Timestamp = Timestamp(0);

    /// The timestamp `millis` milliseconds after the Unix epoch.
    ///
    /// ```
    /// assert_eq!(hookwire::Timestamp::from_unix_millis(1_500).unix_secs(), 1);
    /// ```
    pub const fn from_unix_millis(millis: i64) -> Self {
        Timestamp(millis)
    }

    /// The timestamp `secs` seconds after the Unix epoch (saturating at the `i64` range).
    ///
    /// ```
    /// assert_eq!(hookwire::Timestamp::from_unix_secs(2).unix_millis(), 2_000);
    /// ```
    pub const fn from_unix_secs(secs: i64) -> Self {
        Timestamp(secs.saturating_mul(MILLIS_PER_SEC))
    }

    /// Milliseconds since the Unix epoch.
    ///
    /// ```
    /// assert_eq!(hookwire::Timestamp::from_unix_millis(42).unix_millis(), 42);
    /// ```
    pub const fn unix_millis(self) -> i64 {
        self.0
    }

    /// Whole seconds since the Unix epoch, rounded towards the past (as webhook headers carry it).
    ///
    /// ```
    /// use hookwire::Timestamp;
    /// assert_eq!(Timestamp::from_unix_millis(1_999).unix_secs(), 1);
    /// assert_eq!(Timestamp::from_unix_millis(-1).unix_secs(), -1);
    /// ```
    pub const fn unix_secs(self) -> i64 {
        self.0.div_euclid(MILLIS_PER_SEC)
    }

    /// This timestamp moved `duration` into the future, saturating at the end of the range.
    ///
    /// ```
    /// use std::time::Duration;
    /// use hookwire::Timestamp;
    /// let t = Timestamp::from_unix_secs(10).saturating_add(Duration::from_millis(1_500));
    /// assert_eq!(t.unix_millis(), 11_500);
    /// ```
    pub fn saturating_add(self, duration: Duration) -> Self {
        let millis = i64::try_from(duration.as_millis()).unwrap_or(i64::MAX);
        Timestamp(self.0.saturating_add(millis))
    }

    /// This timestamp moved `duration` into the past, saturating at the start of the range.
    ///
    /// ```
    /// use std::time::Duration;
    /// use hookwire::Timestamp;
    /// let t = Timestamp::from_unix_secs(10).saturating_sub(Duration::from_secs(4));
    /// assert_eq!(t.unix_secs(), 6);
    /// ```
    pub fn saturating_sub(self, duration: Duration) -> Self {
        let millis = i64::try_from(duration.as_millis()).unwrap_or(i64::MAX);
        Timestamp(self.0.saturating_sub(millis))
    }

    /// How long after `earlier` this timestamp is; zero if `earlier` is not earlier.
    ///
    /// ```
    /// use std::time::Duration;
    /// use hookwire::Timestamp;
    /// let (a, b) = (Timestamp::from_unix_secs(1), Timestamp::from_unix_secs(3));
    /// assert_eq!(b.saturating_duration_since(a), Duration::from_secs(2));
    /// assert_eq!(a.saturating_duration_since(b), Duration::ZERO);
    /// ```
    pub fn saturating_duration_since(self, earlier: Timestamp) -> Duration {
        let diff = self.0.saturating_sub(earlier.0);
        Duration::from_millis(u64::try_from(diff).unwrap_or(0))
    }

    /// The first time RFC 3339 can write: `0000-01-01T00:00:00Z`.
    ///
    /// ```
    /// use hookwire::Timestamp;
    /// assert_eq!(Timestamp::RFC3339_MIN.to_rfc3339().unwrap(), "0000-01-01T00:00:00Z");
    /// assert!(Timestamp::from_unix_millis(Timestamp::RFC3339_MIN.unix_millis() - 1).to_rfc3339().is_err());
    /// ```
    pub const RFC3339_MIN: Timestamp = Timestamp(-62_167_219_200_000);

    /// The last time RFC 3339 can write (to the millisecond): `9999-12-31T23:59:59.999Z`.
    ///
    /// ```
    /// use hookwire::Timestamp;
    /// assert_eq!(Timestamp::RFC3339_MAX.to_rfc3339().unwrap(), "9999-12-31T23:59:59.999Z");
    /// assert!(Timestamp::from_unix_millis(Timestamp::RFC3339_MAX.unix_millis() + 1).to_rfc3339().is_err());
    /// ```
    pub const RFC3339_MAX: Timestamp = Timestamp(253_402_300_799_999);

    /// Formats as RFC 3339 in UTC: `2021-02-25T15:02:10Z`, with `.mmm` only when the
    /// milliseconds are not zero.
    ///
    /// RFC 3339 years have four digits, so a time before [`Timestamp::RFC3339_MIN`] or after
    /// [`Timestamp::RFC3339_MAX`] is a [`TimeError::NotWritable`] rather than text
    /// (`10000-01-01…`, `-001-12-31…`) that every RFC 3339 reader, hookwire's included,
    /// refuses. Every format that writes RFC 3339 (Lytics envelopes, CloudEvents `time`)
    /// goes through here.
    ///
    /// ```
    /// use hookwire::Timestamp;
    /// assert_eq!(Timestamp::from_unix_millis(1_250).to_rfc3339()?, "1970-01-01T00:00:01.250Z");
    /// assert!(Timestamp::from_unix_secs(-62_167_219_201).to_rfc3339().is_err()); // 1 BC
    /// # Ok::<(), hookwire::TimeError>(())
    /// ```
    pub fn to_rfc3339(self) -> Result<String, TimeError> {
        if self < Timestamp::RFC3339_MIN || self > Timestamp::RFC3339_MAX {
            return Err(TimeError::NotWritable {
                format: RFC3339,
                year: self.year(),
            });
        }
        Ok(self.to_string())
    }

    /// The proleptic Gregorian year, for errors.
    fn year(self) -> i64 {
        civil::from_days(self.unix_secs().div_euclid(SECS_PER_DAY)).0
    }

    /// Parses an RFC 3339 date-time (`Z` or a numeric offset, any number of fraction
    /// digits, `T`/`t`/space as separator). Fractions finer than a millisecond are
    /// truncated, because a `Timestamp` holds milliseconds.
    ///
    /// ```
    /// use hookwire::Timestamp;
    /// let t = Timestamp::parse_rfc3339("2023-05-10T23:27:53.568929003Z").unwrap();
    /// assert_eq!(t.to_rfc3339().unwrap(), "2023-05-10T23:27:53.568Z");
    /// ```
    pub fn parse_rfc3339(text: &str) -> Result<Self, TimeError> {
        rfc3339::parse(text.as_bytes())
    }

    /// Formats as an HTTP-date (IMF-fixdate), e.g. `Sun, 06 Nov 1994 08:49:37 GMT`.
    /// Milliseconds are dropped. Years before 1970 or after 9999 are a
    /// [`TimeError::NotWritable`] (they used to be written as the epoch, and a year past
    /// 9999 panicked inside `httpdate`).
    ///
    /// ```
    /// use hookwire::Timestamp;
    /// let t = Timestamp::from_unix_secs(784_111_777);
    /// assert_eq!(t.to_http_date()?, "Sun, 06 Nov 1994 08:49:37 GMT");
    /// assert!(Timestamp::from_unix_secs(-1).to_http_date().is_err());
    /// assert!(Timestamp::from_unix_secs(253_402_300_800).to_http_date().is_err());
    /// # Ok::<(), hookwire::TimeError>(())
    /// ```
    pub fn to_http_date(self) -> Result<String, TimeError> {
        match u64::try_from(self.unix_secs()) {
            // `httpdate` writes 1970 up to the end of 9999, and panics past it.
            Ok(secs) if secs < 253_402_300_800 => Ok(httpdate::fmt_http_date(
                UNIX_EPOCH + Duration::from_secs(secs),
            )),
            _ => Err(TimeError::NotWritable {
                format: HTTP_DATE,
                year: self.year(),
            }),
        }
    }

    /// Parses an HTTP-date in any of the three forms RFC 9110 §5.6.7 requires recipients to
    /// accept: IMF-fixdate, RFC 850 and asctime.
    ///
    /// ```
    /// use hookwire::Timestamp;
    /// let want = Timestamp::from_unix_secs(784_111_777);
    /// assert_eq!(Timestamp::parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT").unwrap(), want);
    /// assert_eq!(Timestamp::parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT").unwrap(), want);
    /// assert_eq!(Timestamp::parse_http_date("Sun Nov  6 08:49:37 1994").unwrap(), want);
    /// ```
    pub fn parse_http_date(text: &str) -> Result<Self, TimeError> {
        let time =
            httpdate::parse_http_date(text.trim()).map_err(|_| TimeError::InvalidHttpDate)?;
        Timestamp::try_from(time)
    }
}

/// Converts a `SystemTime` the host read itself (hookwire never reads one).
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use hookwire::Timestamp;
/// let t = Timestamp::try_from(UNIX_EPOCH + Duration::from_millis(5)).unwrap();
/// assert_eq!(t.unix_millis(), 5);
/// ```
impl TryFrom<SystemTime> for Timestamp {
    type Error = TimeError;

    fn try_from(time: SystemTime) -> Result<Self, TimeError> {
        let millis = match time.duration_since(UNIX_EPOCH) {
            Ok(after) => i64::try_from(after.as_millis()),
            Err(before) => i64::try_from(before.duration().as_millis()).map(|m| -m),
        };
        millis.map(Timestamp).map_err(|_| TimeError::OutOfRange)
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Timestamp({self})")
    }
}

/// RFC 3339 for the years it has (0000–9999), as [`Timestamp::to_rfc3339`] writes them;
/// other years in ISO 8601's expanded form, with a sign (`+10000-01-01T00:00:00Z`,
/// `-0001-12-31T23:59:59Z`), which no RFC 3339 reader mistakes for its own. For logs and
/// messages; write RFC 3339 into a payload with [`Timestamp::to_rfc3339`].
///
/// ```
/// use hookwire::Timestamp;
/// assert_eq!(Timestamp::from_unix_secs(0).to_string(), "1970-01-01T00:00:00Z");
/// assert_eq!(Timestamp::from_unix_secs(253_402_300_800).to_string(), "+10000-01-01T00:00:00Z");
/// assert_eq!(Timestamp::from_unix_secs(-62_167_219_201).to_string(), "-0001-12-31T23:59:59Z");
/// ```
impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let secs = self.unix_secs();
        let millis = self.0.rem_euclid(MILLIS_PER_SEC);
        let days = secs.div_euclid(SECS_PER_DAY);
        let in_day = secs.rem_euclid(SECS_PER_DAY);
        let (year, month, day) = civil::from_days(days);
        if (0..=9999).contains(&year) {
            write!(f, "{year:04}")?;
        } else {
            write!(f, "{year:+05}")?;
        }
        write!(
            f,
            "-{month:02}-{day:02}T{:02}:{:02}:{:02}",
            in_day / 3600,
            in_day % 3600 / 60,
            in_day % 60
        )?;
        if millis != 0 {
            write!(f, ".{millis:03}")?;
        }
        f.write_str("Z")
    }
}

/// Proleptic Gregorian calendar arithmetic (Howard Hinnant's days-from-civil algorithms).
mod civil {
    /// Days since 1970-01-01 for a calendar date.
    pub(super) fn to_days(year: i64, month: u32, day: u32) -> i64 {
        let y = if month <= 2 { year - 1 } else { year };
        let era = y.div_euclid(400);
        let yoe = y.rem_euclid(400);
        let m = i64::from(month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The calendar date of a day count since 1970-01-01.
    pub(super) fn from_days(days: i64) -> (i64, u32, u32) {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = yoe + era * 400 + i64::from(month <= 2);
        (year, month, day)
    }

    pub(super) fn days_in_month(year: i64, month: u32) -> u32 {
        match month {
            4 | 6 | 9 | 11 => 30,
            2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
            2 => 28,
            _ => 31,
        }
    }
}

/// A strict RFC 3339 `date-time` reader over bytes, so no input can make it panic.
mod rfc3339 {
    use super::{MILLIS_PER_SEC, SECS_PER_DAY, TimeError, Timestamp, civil};

    struct Cursor<'a> {
        bytes: &'a [u8],
        at: usize,
    }

    fn err(reason: &'static str) -> TimeError {
        TimeError::InvalidRfc3339 { reason }
    }

    impl Cursor<'_> {
        fn digits(&mut self, count: usize, what: &'static str) -> Result<u32, TimeError> {
            let end = self.at + count;
            let slice = self.bytes.get(self.at..end).ok_or(err(what))?;
            let mut value = 0u32;
            for &b in slice {
                if !b.is_ascii_digit() {
                    return Err(err(what));
                }
                value = value * 10 + u32::from(b - b'0');
            }
            self.at = end;
            Ok(value)
        }

        fn expect(&mut self, allowed: &[u8], what: &'static str) -> Result<u8, TimeError> {
            match self.bytes.get(self.at) {
                Some(b) if allowed.contains(b) => {
                    self.at += 1;
                    Ok(*b)
                }
                _ => Err(err(what)),
            }
        }

        fn peek(&self) -> Option<u8> {
            self.bytes.get(self.at).copied()
        }
    }

    pub(super) fn parse(bytes: &[u8]) -> Result<Timestamp, TimeError> {
        let mut c = Cursor { bytes, at: 0 };
        let year = c.digits(4, "year")?;
        c.expect(b"-", "date separator")?;
        let month = c.digits(2, "month")?;
        c.expect(b"-", "date separator")?;
        let day = c.digits(2, "day")?;
        c.expect(b"Tt ", "date-time separator")?;
        let hour = c.digits(2, "hour")?;
        c.expect(b":", "time separator")?;
        let minute = c.digits(2, "minute")?;
        c.expect(b":", "time separator")?;
        let second = c.digits(2, "second")?;
        let mut millis = 0u32;
        if c.peek() == Some(b'.') {
            c.at += 1;
            let start = c.at;
            while c.peek().is_some_and(|b| b.is_ascii_digit()) {
                let digit = u32::from(c.bytes[c.at] - b'0');
                let position = c.at - start;
                if position < 3 {
                    millis += digit * 10u32.pow(2 - position as u32);
                }
                c.at += 1;
            }
            if c.at == start {
                return Err(err("fraction"));
            }
        }
        let offset_secs: i64 = match c.expect(b"Zz+-", "offset")? {
            b'+' | b'-' => {
                let sign = if c.bytes[c.at - 1] == b'-' { -1 } else { 1 };
                let oh = c.digits(2, "offset hour")?;
                c.expect(b":", "offset separator")?;
                let om = c.digits(2, "offset minute")?;
                if oh > 23 || om > 59 {
                    return Err(err("offset"));
                }
                sign * (i64::from(oh) * 3600 + i64::from(om) * 60)
            }
            _ => 0,
        };
        if c.at != bytes.len() {
            return Err(err("trailing characters"));
        }
        let year = i64::from(year);
        if !(1..=12).contains(&month) {
            return Err(err("month"));
        }
        if day == 0 || day > civil::days_in_month(year, month) {
            return Err(err("day"));
        }
        // A leap second (60) is allowed by RFC 3339; it folds into the next second.
        if hour > 23 || minute > 59 || second > 60 {
            return Err(err("time of day"));
        }
        let days = civil::to_days(year, month, day);
        let secs = days * SECS_PER_DAY
            + i64::from(hour) * 3600
            + i64::from(minute) * 60
            + i64::from(second)
            - offset_secs;
        Ok(Timestamp(secs * MILLIS_PER_SEC + i64::from(millis)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_round_trips_across_eras() {
        for millis in [
            0,
            1,
            -1,
            951_782_400_000,     // 2000-02-29
            4_107_542_399_999,   // 2100-02-28T23:59:59.999
            -62_135_596_800_000, // 0001-01-01
            253_402_300_799_999, // 9999-12-31T23:59:59.999
        ] {
            let t = Timestamp::from_unix_millis(millis);
            assert_eq!(
                Timestamp::parse_rfc3339(&t.to_rfc3339().unwrap()),
                Ok(t),
                "{t}"
            );
        }
    }

    /// `10000-01-01T00:00:00Z` and `-001-12-31T…` were written (and put in Lytics
    /// envelopes) although no RFC 3339 reader, hookwire's included, reads them back.
    #[test]
    fn rfc3339_refuses_years_it_cannot_write() {
        for (millis, year) in [
            (253_402_300_800_000, 10_000),
            (-62_167_219_200_001, -1),
            (i64::MAX, 292_278_994),
            (i64::MIN, -292_275_055),
        ] {
            let t = Timestamp::from_unix_millis(millis);
            assert_eq!(
                t.to_rfc3339(),
                Err(TimeError::NotWritable {
                    format: "RFC 3339",
                    year
                }),
                "{t}"
            );
            // Display still says when it was, in a form no RFC 3339 reader accepts.
            assert!(Timestamp::parse_rfc3339(&t.to_string()).is_err(), "{t}");
        }
        assert_eq!(
            Timestamp::from_unix_millis(i64::MIN).to_string(),
            "-292275055-05-16T16:47:04.192Z"
        );
    }

    /// A year past 9999 panicked inside `httpdate`; one before 1970 was written as 1970.
    #[test]
    fn http_dates_refuse_years_they_cannot_write() {
        for secs in [-1, 253_402_300_800, i64::MAX / 1000, i64::MIN / 1000] {
            let t = Timestamp::from_unix_secs(secs);
            assert!(
                matches!(
                    t.to_http_date(),
                    Err(TimeError::NotWritable {
                        format: "HTTP-date",
                        ..
                    })
                ),
                "{secs}"
            );
        }
        assert_eq!(
            Timestamp::from_unix_secs(253_402_300_799)
                .to_http_date()
                .unwrap(),
            "Fri, 31 Dec 9999 23:59:59 GMT"
        );
        assert_eq!(
            Timestamp::UNIX_EPOCH.to_http_date().unwrap(),
            "Thu, 01 Jan 1970 00:00:00 GMT"
        );
    }

    #[test]
    fn rfc3339_offsets_and_fractions() {
        let base = Timestamp::parse_rfc3339("2020-07-15T15:55:43.041Z").unwrap();
        assert_eq!(
            Timestamp::parse_rfc3339("2020-07-15T08:55:43.041-07:00"),
            Ok(base)
        );
        assert_eq!(
            Timestamp::parse_rfc3339("2020-07-15t15:55:43.0419z"),
            Ok(base)
        );
        assert_eq!(
            Timestamp::parse_rfc3339("2020-07-15T15:55:43.5Z")
                .unwrap()
                .unix_millis()
                % 1000,
            500
        );
    }

    #[test]
    fn rfc3339_rejects_malformed() {
        for bad in [
            "",
            "2020-07-15",
            "2020-13-01T00:00:00Z",
            "2021-02-29T00:00:00Z",
            "2020-07-15T24:00:00Z",
            "2020-07-15T00:00:00",
            "2020-07-15T00:00:00.Z",
            "2020-07-15T00:00:00+0100",
            "2020-07-15T00:00:00Zjunk",
            "２020-07-15T00:00:00Z",
        ] {
            assert!(Timestamp::parse_rfc3339(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn http_date_rejects_garbage() {
        assert_eq!(
            Timestamp::parse_http_date("soon"),
            Err(TimeError::InvalidHttpDate)
        );
    }
}
