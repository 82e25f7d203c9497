//! Reading signature headers: the few a scheme needs, one value each, integer timestamps,
//! tolerance windows.
//!
//! Everything here works on bytes. A header value is checked once for visible ASCII (what
//! `HeaderValue::to_str` checks, eight bytes at a time) and is then read as bytes: digits,
//! base64 and hex need no `str`.

use std::time::Duration;

use http::{HeaderMap, HeaderName, HeaderValue};

use super::words::{eight_digits, is_visible_ascii, same_name, word};
use super::{SecsText, Tolerance, VerifyError};
use crate::Timestamp;

/// The headers a scheme reads, found in one pass over the map.
///
/// Looking a name up in a `HeaderMap` hashes it and probes the table, and a scheme reads two
/// to six names. A webhook request carries a dozen headers, most of them standard names that
/// differ from every wanted name by their tag alone, so one pass comparing names is cheaper
/// than the lookups; on a 64-byte body the lookups were a fifth of a verification.
pub(crate) struct Scan<'n, 'h, const N: usize> {
    headers: &'h HeaderMap,
    names: [&'n HeaderName; N],
    first: [Option<&'h HeaderValue>; N],
    repeated: [bool; N],
}

impl<'n, 'h, const N: usize> Scan<'n, 'h, N> {
    /// Finds `names` in `headers`: the first value of each, and whether it came again.
    pub(crate) fn new(headers: &'h HeaderMap, names: [&'n HeaderName; N]) -> Self {
        let wanted = names.map(HeaderName::as_str);
        let mut first = [None; N];
        let mut repeated = [false; N];
        for (name, value) in headers {
            let name = name.as_str();
            for (i, wanted) in wanted.iter().enumerate() {
                if same_name(name, wanted) {
                    if first[i].is_some() {
                        repeated[i] = true;
                    } else {
                        first[i] = Some(value);
                    }
                }
            }
        }
        Scan {
            headers,
            names,
            first,
            repeated,
        }
    }

    /// The name looked for at `index`.
    pub(crate) fn name(&self, index: usize) -> &'n str {
        self.names[index].as_str()
    }

    /// Whether the header at `index` came at all.
    pub(crate) fn present(&self, index: usize) -> bool {
        self.first[index].is_some()
    }

    /// The value of the header at `index` trimmed, if it came exactly once, and unchecked.
    pub(crate) fn raw(&self, index: usize) -> Option<&'h [u8]> {
        match self.first[index] {
            Some(value) if !self.repeated[index] => Some(trim_ows(value.as_bytes())),
            _ => None,
        }
    }

    /// The one value of the header at `index`, trimmed of surrounding whitespace.
    pub(crate) fn single(&self, index: usize) -> Result<&'h [u8], VerifyError> {
        self.single_value(index).map(|(text, _)| text)
    }

    /// Like [`Scan::single`], also returning the raw value (to keep without copying).
    pub(crate) fn single_value(
        &self,
        index: usize,
    ) -> Result<(&'h [u8], &'h HeaderValue), VerifyError> {
        self.optional_single_value(index)?
            .ok_or_else(|| self.missing(index))
    }

    /// Like [`Scan::single_value`], but an absent header is `None`.
    pub(crate) fn optional_single_value(
        &self,
        index: usize,
    ) -> Result<Option<(&'h [u8], &'h HeaderValue)>, VerifyError> {
        match self.at_most_one(index)? {
            Some(value) => Ok(Some((self.text(index, value)?, value))),
            None => Ok(None),
        }
    }

    /// The one value of the header at `index` as Unix seconds, with its text as it came
    /// (trimmed): Listrak and Slack sign that text, Standard Webhooks and Stripe the number
    /// ([`SignedSecs`]). A timestamp is visible ASCII, so the strict parse stands in for the
    /// text check.
    pub(crate) fn timestamp(&self, index: usize) -> Result<(Timestamp, &'h [u8]), VerifyError> {
        let value = self
            .at_most_one(index)?
            .ok_or_else(|| self.missing(index))?;
        let text = trim_ows(value.as_bytes());
        Ok((unix_secs(text, self.names[index])?, text))
    }

    /// Every value of the header at `index`, each checked and trimmed, in the order received.
    pub(crate) fn each(
        &self,
        index: usize,
        mut visit: impl FnMut(&'h [u8]),
    ) -> Result<(), VerifyError> {
        let Some(first) = self.first[index] else {
            return Ok(());
        };
        if !self.repeated[index] {
            visit(self.text(index, first)?);
            return Ok(());
        }
        for value in self.headers.get_all(self.names[index]) {
            visit(self.text(index, value)?);
        }
        Ok(())
    }

    /// The value of the header at `index` if it came once, `None` if it did not come;
    /// a header that came more than once is an error, since a scheme cannot tell which to
    /// believe.
    fn at_most_one(&self, index: usize) -> Result<Option<&'h HeaderValue>, VerifyError> {
        if self.repeated[index] {
            return Err(VerifyError::DuplicateHeader {
                name: self.name(index).to_owned(),
            });
        }
        Ok(self.first[index])
    }

    fn missing(&self, index: usize) -> VerifyError {
        VerifyError::MissingHeader {
            name: self.name(index).to_owned(),
        }
    }

    /// The value's bytes, trimmed, once they are known to be what `HeaderValue::to_str`
    /// would accept.
    fn text(&self, index: usize, value: &'h HeaderValue) -> Result<&'h [u8], VerifyError> {
        let bytes = value.as_bytes();
        if !is_visible_ascii(bytes) {
            return Err(VerifyError::MalformedHeader {
                name: self.name(index).to_owned(),
                reason: "not visible ASCII",
            });
        }
        Ok(trim_ows(bytes))
    }
}

/// What a scheme that sends its timestamp and its signature in two headers of their own
/// (Listrak, Slack) reads first: the timestamp, checked against `tolerance` around `now`, as
/// seconds and as the digits it came in (which are signed), and the signature header's text.
pub(crate) fn timestamp_then_signature<'h>(
    headers: &'h HeaderMap,
    timestamp: &HeaderName,
    signature: &HeaderName,
    now: Timestamp,
    tolerance: Tolerance,
) -> Result<(Timestamp, &'h [u8], &'h [u8]), VerifyError> {
    let scan = Scan::new(headers, [timestamp, signature]);
    let (at, digits) = scan.timestamp(0)?;
    within(at, now, tolerance)?;
    Ok((at, digits, scan.single(1)?))
}

/// Trims HTTP optional whitespace (spaces and tabs) from both ends.
pub(crate) fn trim_ows(bytes: &[u8]) -> &[u8] {
    let is_ows = |b: &u8| *b == b' ' || *b == b'\t';
    let start = bytes.iter().position(|b| !is_ows(b)).unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|b| !is_ows(b))
        .map_or(start, |i| i + 1);
    &bytes[start..end]
}

/// [`trim_ows`] for text.
pub(crate) fn trim_ows_str(text: &str) -> &str {
    text.trim_matches([' ', '\t'])
}

/// Parses Unix seconds as the schemes send them: ASCII digits after an optional `+` (which
/// every reference library's integer parse accepts), no `-`, no fraction. `name` is the
/// header the text came from, for the error.
pub(crate) fn unix_secs(text: &[u8], name: &HeaderName) -> Result<Timestamp, VerifyError> {
    let malformed = |reason| VerifyError::MalformedHeader {
        name: name.as_str().to_owned(),
        reason,
    };
    if text.is_empty() {
        return Err(malformed("empty timestamp"));
    }
    let text = match text {
        [b'+', digits @ ..] if !digits.is_empty() => digits,
        _ => text,
    };
    // Digits only, and at most what milliseconds in an `i64` can hold. Up to 18 digits
    // cannot overflow a `u64`, so the range is checked once at the end; longer text (leading
    // zeros) takes the checked path.
    let mut secs: u64 = 0;
    let mut digits_ok = true;
    if text.len() <= 18 {
        // Eight digits at a time while eight remain (a Unix time has ten), then one by one.
        let mut chunks = text.chunks_exact(8);
        for chunk in &mut chunks {
            match eight_digits(word(chunk)) {
                Some(value) => secs = secs * 100_000_000 + u64::from(value),
                None => digits_ok = false,
            }
        }
        for &b in chunks.remainder() {
            let digit = b.wrapping_sub(b'0');
            digits_ok &= digit <= 9;
            secs = secs.wrapping_mul(10).wrapping_add(u64::from(digit));
        }
    } else {
        for &b in text {
            let digit = b.wrapping_sub(b'0');
            digits_ok &= digit <= 9;
            secs = secs.saturating_mul(10).saturating_add(u64::from(digit));
        }
    }
    if !digits_ok {
        return Err(malformed(
            "the timestamp is not a whole number of Unix seconds",
        ));
    }
    match i64::try_from(secs) {
        Ok(secs) if secs <= i64::MAX / 1000 => Ok(Timestamp::from_unix_secs(secs)),
        _ => Err(malformed("the timestamp is out of range")),
    }
}

/// Whether a timestamp that [`unix_secs`] accepted is written as its seconds print: no `+`
/// and no leading zero. The Standard Webhooks and Stripe libraries parse the timestamp and
/// sign the number, so for those schemes a timestamp written any other way is signed as the
/// number's own digits ([`SignedSecs`]); Listrak and Slack sign the text as it came.
pub(crate) fn is_canonical_secs(text: &[u8]) -> bool {
    matches!(text, [b'1'..=b'9', ..] | [b'0'])
}

/// A timestamp as the Standard Webhooks and Stripe libraries sign it: its number's digits,
/// which are the text as received unless that had a `+` or leading zeros.
pub(crate) enum SignedSecs<'h> {
    AsReceived(&'h [u8]),
    Printed(SecsText),
}

impl<'h> SignedSecs<'h> {
    /// `text` is what [`unix_secs`] read `timestamp` from.
    pub(crate) fn new(text: &'h [u8], timestamp: Timestamp) -> Self {
        if is_canonical_secs(text) {
            SignedSecs::AsReceived(text)
        } else {
            SignedSecs::Printed(SecsText::new(timestamp))
        }
    }

    pub(crate) fn as_bytes(&self) -> &[u8] {
        match self {
            SignedSecs::AsReceived(text) => text,
            SignedSecs::Printed(printed) => printed.as_bytes(),
        }
    }
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

    static T: HeaderName = HeaderName::from_static("t");
    static A: HeaderName = HeaderName::from_static("x-a");
    static B: HeaderName = HeaderName::from_static("x-b");

    fn map(pairs: &[(&str, &[u8])]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for (name, value) in pairs {
            headers.append(
                HeaderName::from_bytes(name.as_bytes()).unwrap(),
                HeaderValue::from_bytes(value).unwrap(),
            );
        }
        headers
    }

    #[test]
    fn scan_finds_each_name_once_and_notes_repeats() {
        let headers = map(&[
            ("content-type", b"application/json"),
            ("X-B", b" \tsecond\t "),
            ("x-a", b"first"),
        ]);
        let scan = Scan::new(&headers, [&A, &B, &T]);
        assert_eq!(scan.single(0), Ok(&b"first"[..]));
        assert_eq!(scan.single(1), Ok(&b"second"[..]));
        assert!(!scan.present(2));
        assert_eq!(
            scan.single(2),
            Err(VerifyError::MissingHeader { name: "t".into() })
        );
        assert_eq!(scan.optional_single_value(2), Ok(None));

        // A repeat is refused wherever the name sits in the scan, and `each` sees both.
        for names in [[&A, &B], [&B, &A]] {
            let headers = map(&[("x-a", b"1"), ("x-b", b"2"), ("x-a", b"3")]);
            let scan = Scan::new(&headers, names);
            let at = names.iter().position(|n| **n == A).unwrap();
            assert_eq!(
                scan.single(at),
                Err(VerifyError::DuplicateHeader { name: "x-a".into() })
            );
            assert!(scan.timestamp(at).is_err());
            let mut seen = Vec::new();
            scan.each(at, |v| seen.push(v.to_vec())).unwrap();
            assert_eq!(seen, [b"1".to_vec(), b"3".to_vec()]);
        }

        // The same name twice in one scan (a layout without a delivery id) finds it twice.
        let headers = map(&[("x-a", b"v")]);
        let scan = Scan::new(&headers, [&A, &A]);
        assert_eq!(
            (scan.single(0), scan.single(1)),
            (Ok(&b"v"[..]), Ok(&b"v"[..]))
        );
    }

    #[test]
    fn raw_values_are_trimmed_like_checked_ones_and_only_when_single() {
        let headers = map(&[("x-a", b" \tv\xff1\t "), ("x-b", b"1"), ("x-b", b"2")]);
        let scan = Scan::new(&headers, [&A, &B, &T]);
        // Unchecked: the byte `single` refuses is handed out; the trim is `single`'s.
        assert_eq!(scan.raw(0), Some(&b"v\xff1"[..]));
        let headers = map(&[("x-a", b" \tv1\t ")]);
        let checked = Scan::new(&headers, [&A]);
        assert_eq!(checked.raw(0), checked.single(0).ok());
        // A repeated or absent header has no raw value.
        assert_eq!((scan.raw(1), scan.raw(2)), (None, None));
    }

    #[test]
    fn scan_checks_every_value_it_hands_out() {
        let headers = map(&[("x-a", b"ok"), ("x-a", b"caf\xc3\xa9")]);
        let scan = Scan::new(&headers, [&A]);
        let mut seen = 0;
        let result = scan.each(0, |_| seen += 1);
        assert_eq!(
            result,
            Err(VerifyError::MalformedHeader {
                name: "x-a".into(),
                reason: "not visible ASCII"
            })
        );
        assert_eq!(seen, 1);
        let headers = map(&[("x-a", b"\xff")]);
        assert!(matches!(
            Scan::new(&headers, [&A]).single(0),
            Err(VerifyError::MalformedHeader { .. })
        ));
    }

    #[test]
    fn scan_timestamps_trim_and_refuse_anything_but_digits() {
        let headers = map(&[("t", b"\t 1614265330 \t")]);
        assert_eq!(
            Scan::new(&headers, [&T]).timestamp(0),
            Ok((Timestamp::from_unix_secs(1_614_265_330), &b"1614265330"[..]))
        );
        for bad in [&b"16142\xe965330"[..], b"1 2", b"0x10", b""] {
            let headers = map(&[("t", bad)]);
            assert!(
                matches!(
                    Scan::new(&headers, [&T]).timestamp(0),
                    Err(VerifyError::MalformedHeader { .. })
                ),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn timestamps_are_strict_digits() {
        assert_eq!(
            unix_secs(b"1614265330", &T),
            Ok(Timestamp::from_unix_secs(1_614_265_330))
        );
        // Leading zeros are digits too; the largest second whose milliseconds fit an i64.
        assert_eq!(
            unix_secs(b"000000000000000000001614265330", &T),
            Ok(Timestamp::from_unix_secs(1_614_265_330))
        );
        assert_eq!(
            unix_secs(b"9223372036854775", &T),
            Ok(Timestamp::from_unix_secs(9_223_372_036_854_775))
        );
        // A `+` sign, as the reference libraries' integer parses allow.
        assert_eq!(
            unix_secs(b"+1614265330", &T),
            Ok(Timestamp::from_unix_secs(1_614_265_330))
        );
        for bad in [
            "",
            "+",
            "++1",
            "+-1",
            "-+1",
            "-1",
            "1.5",
            "1e9",
            " 1",
            "٣",
            "99999999999999999999",
            "9223372036854776",
            "00000000000000000000009223372036854776",
        ] {
            assert!(unix_secs(bad.as_bytes(), &T).is_err(), "{bad:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn timestamps_parse_as_the_standard_library_does(text in "\\+?[0-9]{1,25}|[0-9 a+.-]{1,12}") {
            let ours = unix_secs(text.as_bytes(), &T).ok();
            let theirs = text
                .parse::<u64>()
                .ok()
                .filter(|_| text.strip_prefix('+').unwrap_or(&text).bytes().all(|b| b.is_ascii_digit()))
                .and_then(|secs| i64::try_from(secs).ok())
                .filter(|secs| *secs <= i64::MAX / 1000)
                .map(Timestamp::from_unix_secs);
            proptest::prop_assert_eq!(ours, theirs);
        }
    }

    #[test]
    fn canonical_seconds_have_no_sign_and_no_leading_zero() {
        for (text, canonical) in [
            ("1614265330", true),
            ("0", true),
            ("01614265330", false),
            ("00", false),
            ("+1614265330", false),
        ] {
            assert!(unix_secs(text.as_bytes(), &T).is_ok());
            assert_eq!(is_canonical_secs(text.as_bytes()), canonical, "{text}");
            // Canonical exactly when the seconds print back as the same text.
            let printed = SecsText::new(unix_secs(text.as_bytes(), &T).unwrap());
            assert_eq!(printed.as_bytes() == text.as_bytes(), canonical, "{text}");
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
