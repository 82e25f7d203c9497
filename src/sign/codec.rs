//! Decoding signatures of a known length from hex and base64, straight into fixed buffers.
//!
//! A signature is 32 bytes (HMAC-SHA256) or 64 bytes (ed25519), so a decoder that knows the
//! length ahead can skip the general machinery: one table lookup per character, no
//! allocation, no branch on the data except the final validity check. On a 64-byte message the
//! decoding would otherwise cost a third of the whole verification. HMAC tags decode into the
//! eight big-endian words SHA-256 produces ([`base64_tag`], [`hex_tag`]), the form in which
//! the verifier compares them.
//!
//! Both decoders are strict about what they accept: the exact length, the standard alphabet,
//! complete `=` padding, and zero bits past the end of the data, so each signature has one
//! accepted base64 spelling, as the reference libraries' string comparisons have (Standard
//! Webhooks specifies "base64 with padding"; Shopify's and Listrak's samples compare the
//! padded text). Hex accepts either case, as `stripe-go` and GitHub's `octokit` do.
//! (Secrets are read leniently elsewhere: the Standard Webhooks Python library accepts
//! `whsec_` keys without padding.)

/// Marks a byte that is not a digit of the encoding.
const INVALID: u8 = 0xff;

const fn hex_table() -> [u8; 256] {
    let mut table = [INVALID; 256];
    let mut i = 0;
    while i < 10 {
        table[b'0' as usize + i] = i as u8;
        i += 1;
    }
    let mut i = 0;
    while i < 6 {
        table[b'a' as usize + i] = 10 + i as u8;
        table[b'A' as usize + i] = 10 + i as u8;
        i += 1;
    }
    table
}

const fn base64_table() -> [u8; 256] {
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut table = [INVALID; 256];
    let mut i = 0;
    while i < 64 {
        table[alphabet[i] as usize] = i as u8;
        i += 1;
    }
    table
}

/// Marks a character that is not a base64 digit in the shifted tables: a bit above the 24
/// that a group of four digits fills.
const INVALID_SHIFTED: u32 = 1 << 31;

/// The value of each base64 digit already shifted into place for position `position` (0 to
/// 3) of a group of four, so a group decodes with four lookups and three ORs, and one more OR
/// collects whether any character was invalid.
const fn base64_shifted(position: u32) -> [u32; 256] {
    let digits = base64_table();
    let mut table = [INVALID_SHIFTED; 256];
    let mut i = 0;
    while i < 256 {
        if digits[i] != INVALID {
            table[i] = (digits[i] as u32) << (18 - 6 * position);
        }
        i += 1;
    }
    table
}

/// Each byte's value as a hex digit, or [`INVALID`].
static HEX: [u8; 256] = hex_table();
/// [`base64_shifted`] for the four positions of a group.
static BASE64_SHIFTED: [[u32; 256]; 4] = [
    base64_shifted(0),
    base64_shifted(1),
    base64_shifted(2),
    base64_shifted(3),
];

/// Decodes an HMAC-SHA256 tag from hex (64 digits, either case) into the eight big-endian
/// words SHA-256 produces; see [`base64_tag`] for why words.
pub(crate) fn hex_tag(text: &[u8]) -> Option<[u32; 8]> {
    if text.len() != 64 {
        return None;
    }
    let mut words = [0u32; 8];
    let mut bad = 0u8;
    for (word, digits) in words.iter_mut().zip(text.chunks_exact(8)) {
        for &digit in digits {
            let value = HEX[usize::from(digit)];
            bad |= value;
            *word = (*word << 4) | u32::from(value & 0x0f);
        }
    }
    (bad & 0xf0 == 0).then_some(words)
}

/// Decodes an HMAC-SHA256 tag from standard base64 (43 digits and one `=`) into the
/// eight big-endian words SHA-256 produces, as strictly as [`base64_exact`].
///
/// Why words: the verifier compares the decoded tag with the one it computed, and a tag
/// written out byte by byte (three bytes a group) and read back a word at a time stalls the
/// processor until every small store has landed. Here each word is put together in a register
/// from whole groups of digits and stored whole, at the width the comparison reads it.
pub(crate) fn base64_tag(text: &[u8]) -> Option<[u32; 8]> {
    let digits = match text {
        [digits @ .., b'='] if digits.len() == 43 => digits,
        _ => return None,
    };
    // Four digits make 24 bits, with the top bit set if any was not a digit.
    let group = |digits: &[u8]| {
        BASE64_SHIFTED[0][usize::from(digits[0])]
            | BASE64_SHIFTED[1][usize::from(digits[1])]
            | BASE64_SHIFTED[2][usize::from(digits[2])]
            | BASE64_SHIFTED[3][usize::from(digits[3])]
    };
    let mut words = [0u32; 8];
    let mut bad = 0u32;
    // Sixteen digits are 96 bits, three whole words.
    let (blocks, rest) = digits.as_chunks::<16>();
    for (block, out) in blocks.iter().zip(words.chunks_exact_mut(3)) {
        let (a, b, c, d) = (
            group(&block[0..4]),
            group(&block[4..8]),
            group(&block[8..12]),
            group(&block[12..16]),
        );
        bad |= a | b | c | d;
        out[0] = (a << 8) | ((b >> 16) & 0xff);
        out[1] = (b << 16) | ((c >> 8) & 0xffff);
        out[2] = (c << 24) | (d & 0x00ff_ffff);
    }
    // The last eleven digits: two groups and three digits (18 bits, of which the first 16
    // end the last word and the final 2 must be zero).
    let (e, f) = (group(&rest[0..4]), group(&rest[4..8]));
    let tail = BASE64_SHIFTED[0][usize::from(rest[8])]
        | BASE64_SHIFTED[1][usize::from(rest[9])]
        | BASE64_SHIFTED[2][usize::from(rest[10])];
    bad |= e | f | tail;
    words[6] = (e << 8) | ((f >> 16) & 0xff);
    words[7] = (f << 16) | ((tail >> 8) & 0xffff);
    (bad & INVALID_SHIFTED == 0 && tail & 0xff == 0).then_some(words)
}

/// Decodes exactly `N` bytes of standard base64 with its `=` padding.
pub(crate) fn base64_exact<const N: usize>(text: impl AsRef<[u8]>) -> Option<[u8; N]> {
    let full_groups = N / 3;
    let tail = N % 3; // 0, 1 or 2 bytes in a last, partial group
    let unpadded = full_groups * 4 + if tail == 0 { 0 } else { tail + 1 };
    let padded = full_groups * 4 + if tail == 0 { 0 } else { 4 };
    let bytes = text.as_ref();
    if bytes.len() != padded || bytes[unpadded..].iter().any(|&b| b != b'=') {
        return None;
    }
    let digits = &bytes[..unpadded];

    let mut out = [0u8; N];
    let mut bad = 0u32;
    for (group, chunk) in out.chunks_exact_mut(3).zip(digits.chunks_exact(4)) {
        let n = BASE64_SHIFTED[0][usize::from(chunk[0])]
            | BASE64_SHIFTED[1][usize::from(chunk[1])]
            | BASE64_SHIFTED[2][usize::from(chunk[2])]
            | BASE64_SHIFTED[3][usize::from(chunk[3])];
        bad |= n;
        group.copy_from_slice(&n.to_be_bytes()[1..]);
    }
    // The last, partial group: two or three digits, read as the first of a group of four.
    let rest = &digits[full_groups * 4..];
    let mut n = 0u32;
    for (position, &b) in rest.iter().enumerate() {
        n |= BASE64_SHIFTED[position][usize::from(b)];
    }
    bad |= n;
    let [_, b0, b1, b2] = n.to_be_bytes();
    let trailing_bits = match tail {
        1 => {
            out[N - 1] = b0;
            b1 | b2
        }
        2 => {
            out[N - 2] = b0;
            out[N - 1] = b1;
            b2
        }
        _ => 0,
    };
    // Every valid group stays within 24 bits; an invalid character sets the top bit.
    (bad & INVALID_SHIFTED == 0 && trailing_bits == 0).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine as _;
    use proptest::prelude::*;

    #[test]
    fn hex_known_values() {
        let zeros_ff = format!("{}00ff", "0".repeat(60));
        assert_eq!(
            hex_tag(zeros_ff.as_bytes()),
            Some([0, 0, 0, 0, 0, 0, 0, 0xff])
        );
        let mixed = "A0fF".repeat(16);
        assert_eq!(hex_tag(mixed.as_bytes()), Some([0xa0ff_a0ff; 8]));
        assert_eq!(hex_tag(format!("0g{}", "0".repeat(62)).as_bytes()), None);
        assert_eq!(hex_tag("0".repeat(63).as_bytes()), None);
        assert_eq!(hex_tag(format!("é{}", "0".repeat(62)).as_bytes()), None);
    }

    #[test]
    fn base64_padding_and_trailing_bits() {
        // 32 bytes: 44 characters with one `=`; without it, or with two, refused.
        let bytes = [0xabu8; 32];
        let padded = base64::engine::general_purpose::STANDARD.encode(bytes);
        assert_eq!(base64_exact::<32>(&padded), Some(bytes));
        assert_eq!(base64_exact::<32>(padded.trim_end_matches('=')), None);
        assert_eq!(base64_tag(padded.trim_end_matches('=').as_bytes()), None);
        assert_eq!(base64_exact::<32>(&format!("{padded}=")), None);
        // 64 bytes (ed25519): 88 characters ending `==`.
        let signature = base64::engine::general_purpose::STANDARD.encode([0x5au8; 64]);
        assert_eq!(base64_exact::<64>(&signature), Some([0x5a; 64]));
        assert_eq!(base64_exact::<64>(&signature[..87]), None);
        assert_eq!(base64_exact::<64>(&signature[..86]), None);
        // Non-zero bits after the data: a second spelling of the same bytes, refused.
        let mut tweaked = padded.clone().into_bytes();
        tweaked[42] = if tweaked[42] == b'A' {
            b'B'
        } else {
            tweaked[42] + 1
        };
        let tweaked = String::from_utf8(tweaked).unwrap();
        assert_eq!(
            base64_exact::<32>(&tweaked),
            base64::engine::general_purpose::STANDARD
                .decode(&tweaked)
                .ok()
                .and_then(|v| v.try_into().ok())
        );
    }

    fn words(bytes: [u8; 32]) -> [u32; 8] {
        let mut words = [0u32; 8];
        for (word, chunk) in words.iter_mut().zip(bytes.chunks_exact(4)) {
            *word = u32::from_be_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]);
        }
        words
    }

    proptest! {
        #[test]
        fn tags_decode_as_the_byte_decoders_do(text in "[A-Za-z0-9+/=_-]{42,45}|[0-9a-fA-Fxy]{63,65}") {
            prop_assert_eq!(base64_tag(text.as_bytes()), base64_exact::<32>(&text).map(words));
            let theirs = hex::decode(&text).ok().and_then(|v| <[u8; 32]>::try_from(v).ok());
            prop_assert_eq!(hex_tag(text.as_bytes()), theirs.map(words));
        }

        #[test]
        fn every_tag_round_trips(bytes in proptest::array::uniform32(any::<u8>())) {
            let padded = base64::engine::general_purpose::STANDARD.encode(bytes);
            prop_assert_eq!(base64_tag(padded.as_bytes()), Some(words(bytes)));
            prop_assert_eq!(base64_tag(padded.trim_end_matches('=').as_bytes()), None);
            prop_assert_eq!(hex_tag(hex::encode(bytes).as_bytes()), Some(words(bytes)));
            prop_assert_eq!(hex_tag(hex::encode_upper(bytes).as_bytes()), Some(words(bytes)));
        }

        #[test]
        fn hex_agrees_with_the_hex_crate(text in "[0-9a-fA-FxyZ]{0,70}") {
            let theirs = hex::decode(&text).ok().and_then(|v| <[u8; 32]>::try_from(v).ok());
            prop_assert_eq!(hex_tag(text.as_bytes()), theirs.map(words));
        }

        #[test]
        fn base64_agrees_with_the_base64_crate_on_any_text(text in "[A-Za-z0-9+/=_-]{40,92}") {
            let engine = base64::engine::general_purpose::STANDARD;
            let theirs32 = engine.decode(&text).ok().and_then(|v| <[u8; 32]>::try_from(v).ok());
            let theirs64 = engine.decode(&text).ok().and_then(|v| <[u8; 64]>::try_from(v).ok());
            prop_assert_eq!(base64_exact::<32>(&text), theirs32);
            prop_assert_eq!(base64_exact::<64>(&text), theirs64);
        }

        #[test]
        fn base64_decodes_every_encoding(bytes in proptest::array::uniform32(any::<u8>())) {
            let padded = base64::engine::general_purpose::STANDARD.encode(bytes);
            prop_assert_eq!(base64_exact::<32>(&padded), Some(bytes));
            prop_assert_eq!(base64_exact::<32>(padded.trim_end_matches('=')), None);
        }
    }
}
