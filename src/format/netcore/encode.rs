//! Form encoding in one pass: JSON is serialized straight into a writer that
//! percent-encodes as it appends, so no JSON string is ever built.
//!
//! The byte mapping is `application/x-www-form-urlencoded` exactly as the `url` crate's
//! `form_urlencoded::byte_serialize` (and so `serde_urlencoded`) writes it: ASCII letters,
//! digits and `*-._` pass through, space becomes `+`, every other byte becomes `%XY` with
//! upper-case hex.

use std::io;

/// One entry per byte: how many bytes its encoding takes (1 or 3) and those bytes.
const TABLE: [(u8, [u8; 3]); 256] = build_table();

const fn passes_through(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'*' | b'-' | b'.' | b'_')
}

const fn build_table() -> [(u8, [u8; 3]); 256] {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut table = [(0u8, [0u8; 3]); 256];
    let mut i = 0;
    while i < 256 {
        let byte = i as u8;
        table[i] = if passes_through(byte) {
            (1, [byte, 0, 0])
        } else if byte == b' ' {
            (1, [b'+', 0, 0])
        } else {
            (
                3,
                [b'%', HEX[(byte >> 4) as usize], HEX[(byte & 0xf) as usize]],
            )
        };
        i += 1;
    }
    table
}

/// Below this length, bytes are pushed one by one; above it, the block path wins.
/// serde_json writes mostly tiny pieces (`"`, `:`, a key), so both paths matter.
const BLOCK_MIN: usize = 32;

/// Appends `input`, form-encoded, to `out`.
pub(super) fn encode_into(input: &[u8], out: &mut Vec<u8>) {
    if input.len() < BLOCK_MIN {
        out.reserve(3 * input.len());
        for &byte in input {
            let (len, bytes) = TABLE[usize::from(byte)];
            if len == 1 {
                out.push(bytes[0]);
            } else {
                out.extend_from_slice(&bytes);
            }
        }
        return;
    }
    let start = out.len();
    // Room for the worst case (every byte escaped), so each byte is one unconditional
    // 3-byte copy; the unused tail is cut off at the end.
    out.resize(start + 3 * input.len(), 0);
    let mut written = 0;
    if let Some(dst) = out.get_mut(start..) {
        for &byte in input {
            let (len, bytes) = TABLE[usize::from(byte)];
            // `written <= 3 * (bytes consumed so far)`, so `written + 3 <= dst.len()`.
            if let Some(slot) = dst.get_mut(written..written + 3) {
                slot.copy_from_slice(&bytes);
            }
            written += usize::from(len);
        }
    }
    out.truncate(start + written);
}

/// An [`io::Write`] that form-encodes everything written to it onto the end of a buffer.
/// Writing never fails.
#[derive(Debug)]
pub(super) struct FormEncoder<'a> {
    out: &'a mut Vec<u8>,
}

impl<'a> FormEncoder<'a> {
    pub(super) fn new(out: &'a mut Vec<u8>) -> Self {
        FormEncoder { out }
    }
}

impl io::Write for FormEncoder<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        encode_into(buf, self.out);
        Ok(buf.len())
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        encode_into(buf, self.out);
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encoded(input: &[u8]) -> String {
        let mut out = b"data=".to_vec();
        encode_into(input, &mut out);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn every_byte_matches_form_urlencoded() {
        for byte in 0..=255u8 {
            // The `url` crate's encoder, the one `serde_urlencoded` uses.
            let theirs: String = url::form_urlencoded::byte_serialize(&[byte]).collect();
            assert_eq!(
                encoded(&[byte]),
                format!("data={theirs}"),
                "byte {byte:#04x}"
            );
        }
    }

    #[test]
    fn text_matches_serde_urlencoded() {
        let text = r#"{"a b":"c&d=e+f%g","é":"😀","x":"*-._~!'()"}"#;
        let theirs = serde_urlencoded::to_string([("data", text)]).unwrap();
        assert_eq!(encoded(text.as_bytes()), theirs);
        assert_eq!(encoded(b""), "data=");
        // Long enough for the block path.
        let long = text.repeat(5);
        let theirs = serde_urlencoded::to_string([("data", &long)]).unwrap();
        assert_eq!(encoded(long.as_bytes()), theirs);
    }

    #[test]
    fn the_writer_appends_across_many_small_writes() {
        use std::io::Write as _;
        let mut out = Vec::new();
        let mut writer = FormEncoder::new(&mut out);
        for piece in ["{", "\"k\"", ":", " ", "\"v/w\"", "}"] {
            writer.write_all(piece.as_bytes()).unwrap();
        }
        writer.flush().unwrap();
        assert_eq!(out, b"%7B%22k%22%3A+%22v%2Fw%22%7D");
    }
}
