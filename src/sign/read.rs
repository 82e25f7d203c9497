//! Reading signature headers: the few a scheme needs, one value each, integer timestamps,
//! tolerance windows.
//!
//! Everything here works on bytes. A header value is checked once for visible ASCII (what
//! `HeaderValue::to_str` checks, eight bytes at a time) and is then read as bytes: digits,
//! base64 and hex need no `str`.

use std::time::Duration;

use http::{HeaderMap, HeaderName, HeaderValue};

use super::{Tolerance, VerifyError};
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

    /// The one value of the header at `index` as Unix seconds, with the digits as they came
    /// (trimmed), which the schemes sign. Digits are visible ASCII, so the strict digit parse
    /// stands in for the text check.
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

/// Whether two lower-case header names are the same. Names of one family often share their
/// length (`webhook-timestamp`, `webhook-signature`), and the wanted names are found once each,
/// so the comparison is eight bytes at a time, inline: a call into `memcmp` for each would cost
/// more than the bytes.
fn same_name(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let Some(last) = a.len().checked_sub(8) else {
        return a == b;
    };
    // Whole words, then a last word that may overlap the one before.
    let mut at = 0;
    while at < last {
        if word(&a[at..]) != word(&b[at..]) {
            return false;
        }
        at += 8;
    }
    word(&a[last..]) == word(&b[last..])
}

/// Visible ASCII and tab, the bytes `HeaderValue::to_str` accepts, checked eight at a time.
/// Signature headers are short (10 to 100 bytes), too short for a vector loop's set-up to pay
/// off, so each 8-byte word is tested with plain integer arithmetic and the loop stops at the
/// first bad word (which also keeps the compiler from vectorizing it); a last, partial word
/// is read overlapping the one before it, or padded with spaces when the text is shorter
/// than a word.
pub(crate) fn is_visible_ascii(bytes: &[u8]) -> bool {
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        if invisible_bytes(word(chunk)) != 0 {
            return false;
        }
    }
    if chunks.remainder().is_empty() {
        return true;
    }
    let last = match bytes.len().checked_sub(8) {
        Some(start) => word(&bytes[start..]),
        None => {
            let mut padded = [b' '; 8];
            padded[..bytes.len()].copy_from_slice(bytes);
            u64::from_le_bytes(padded)
        }
    };
    invisible_bytes(last) == 0
}

/// The first eight bytes of `bytes` (which has at least eight) as a little-endian word.
fn word(bytes: &[u8]) -> u64 {
    let mut word = [0u8; 8];
    word.copy_from_slice(&bytes[..8]);
    u64::from_le_bytes(word)
}

/// The high bit of each byte of `word` that is not visible ASCII or tab: at or above 0x80,
/// below 0x20 except tab, or DEL. Each test works on the low seven bits of every byte, where
/// the additions cannot carry into the next byte.
fn invisible_bytes(word: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let low = word & !HIGH;
    let non_ascii = word & HIGH;
    // `low + 0x60` reaches 0x80 exactly when `low >= 0x20`.
    let control = !(low + 0x60 * ONES) & HIGH;
    // `low + 1` reaches 0x80 exactly when `low == 0x7f`.
    let delete = (low + ONES) & HIGH;
    // A byte of `low ^ 0x09` is zero exactly for a tab.
    let tab_xor = low ^ (0x09 * ONES);
    let tab = !((tab_xor + !HIGH) | tab_xor) & HIGH;
    non_ascii | (control & !tab) | delete
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

/// Parses Unix seconds as the schemes send them: ASCII digits only, no sign, no fraction.
/// `name` is the header the text came from, for the error.
pub(crate) fn unix_secs(text: &[u8], name: &HeaderName) -> Result<Timestamp, VerifyError> {
    let malformed = |reason| VerifyError::MalformedHeader {
        name: name.as_str().to_owned(),
        reason,
    };
    if text.is_empty() {
        return Err(malformed("empty timestamp"));
    }
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

/// The value of eight ASCII digits read as a little-endian word (the first digit in the
/// lowest byte), or `None` if any byte is not a digit. Pairs, then quads, then the eight are
/// combined with three multiplications instead of eight.
fn eight_digits(word: u64) -> Option<u32> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    // Every byte's high nibble must be 3 and its low nibble at most 9 (adding 6 keeps the
    // high nibble at 3 only then; a carry out of a byte only happens from a byte that
    // already fails).
    let high = word & (0xf0 * ONES);
    let low_plus_six = (word.wrapping_add(0x06 * ONES) & (0xf0 * ONES)) >> 4;
    if high | low_plus_six != 0x33 * ONES {
        return None;
    }
    let digits = word - 0x30 * ONES;
    // Each 16-bit lane: first digit * 10 + second.
    let pairs = (digits * 10 + (digits >> 8)) & 0x00ff_00ff_00ff_00ff;
    // Each 32-bit lane: first pair * 100 + second.
    let quads = (pairs * 100 + (pairs >> 16)) & 0x0000_ffff_0000_ffff;
    // First quad * 10000 + second.
    Some(((quads & 0xffff) * 10_000 + (quads >> 32)) as u32)
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
    fn same_name_is_byte_equality() {
        let names = [
            "",
            "a",
            "x-a",
            "x-b",
            "webhook-id",
            "svix-id",
            "webhook-timestamp",
            "webhook-signature",
            "webhook-signaturf",
            "xebhook-signature",
            "webhook-signatur",
            "x-shopify-hmac-sha256",
            "x-shopify-hmac-sha257",
        ];
        for a in names {
            for b in names {
                assert_eq!(same_name(a, b), a == b, "{a:?} {b:?}");
            }
        }
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
        for bad in [
            "",
            "-1",
            "+1",
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

    #[test]
    fn visible_ascii_is_what_header_values_call_text() {
        for len in 0..40 {
            for bad in [0x00, 0x08, 0x0a, 0x0d, 0x1f, 0x7f, 0x80, 0xff] {
                for at in 0..len {
                    let mut bytes = vec![b'a'; len];
                    bytes[at] = bad;
                    assert!(!is_visible_ascii(&bytes), "{bad:#x} at {at} of {len}");
                }
            }
            let mut bytes = vec![b'~'; len];
            if len > 0 {
                bytes[len / 2] = b'\t';
                bytes[0] = b' ';
            }
            assert!(is_visible_ascii(&bytes), "{len}");
        }
        for b in 0..=255u8 {
            let value = HeaderValue::from_bytes(&[b'x', b, b'y']);
            let text = value.as_ref().map(|v| v.to_str().is_ok()).unwrap_or(false);
            if value.is_ok() {
                assert_eq!(is_visible_ascii(&[b'x', b, b'y']), text, "{b:#x}");
            }
            assert_eq!(
                is_visible_ascii(&[b]),
                b == b'\t' || (0x20..0x7f).contains(&b),
                "{b:#x}"
            );
        }
    }

    #[test]
    fn eight_digits_reads_every_eight_digit_text() {
        for text in [
            "00000000", "12345678", "99999999", "16142653", "00000009", "90000000",
        ] {
            let value = eight_digits(word(text.as_bytes()));
            assert_eq!(value, Some(text.parse().unwrap()), "{text}");
        }
        for bad in [
            "1234567a",
            "/2345678",
            ":2345678",
            "1234 678",
            "\u{7f}2345678",
        ] {
            let mut bytes = [b'0'; 8];
            bytes.copy_from_slice(&bad.as_bytes()[..8]);
            assert_eq!(eight_digits(u64::from_le_bytes(bytes)), None, "{bad:?}");
        }
        for b in 0..=255u8 {
            for at in 0..8 {
                let mut bytes = *b"12345678";
                bytes[at] = b;
                let want = b
                    .is_ascii_digit()
                    .then(|| std::str::from_utf8(&bytes).unwrap().parse::<u32>().unwrap());
                assert_eq!(
                    eight_digits(u64::from_le_bytes(bytes)),
                    want,
                    "{b:#x} at {at}"
                );
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn timestamps_parse_as_the_standard_library_does(text in "[0-9]{1,25}|[0-9 a+.-]{1,12}") {
            let ours = unix_secs(text.as_bytes(), &T).ok();
            let theirs = text
                .parse::<u64>()
                .ok()
                .filter(|_| text.bytes().all(|b| b.is_ascii_digit()))
                .and_then(|secs| i64::try_from(secs).ok())
                .filter(|secs| *secs <= i64::MAX / 1000)
                .map(Timestamp::from_unix_secs);
            proptest::prop_assert_eq!(ours, theirs);
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
