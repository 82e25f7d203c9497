//! Tests on header bytes eight at a time: signature headers are 10 to 100 bytes, too short
//! for a vector loop's set-up to pay off and long enough that a byte-at-a-time loop shows up in
//! a 64-byte verification. Each helper reads the bytes as little-endian 64-bit words and tests
//! every byte of a word with a few integer operations that cannot carry from one byte into the
//! next.

/// Whether two lower-case header names are the same. Names of one family often share their
/// length (`webhook-timestamp`, `webhook-signature`), and the wanted names are found once each,
/// so the comparison is eight bytes at a time, inline: a call into `memcmp` for each would cost
/// more than the bytes.
pub(super) fn same_name(a: &str, b: &str) -> bool {
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
pub(super) fn is_visible_ascii(bytes: &[u8]) -> bool {
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
pub(super) fn word(bytes: &[u8]) -> u64 {
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

/// The value of eight ASCII digits read as a little-endian word (the first digit in the
/// lowest byte), or `None` if any byte is not a digit. Pairs, then quads, then the eight are
/// combined with three multiplications instead of eight.
pub(super) fn eight_digits(word: u64) -> Option<u32> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

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
}
