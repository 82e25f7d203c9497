//! Form encoding in one pass: serde_json serializes straight into the output buffer through
//! a [`Formatter`] that writes every JSON token already percent-encoded, so no JSON string
//! is ever built.
//!
//! The byte mapping is `application/x-www-form-urlencoded` exactly as the `url` crate's
//! `form_urlencoded::byte_serialize` (and so `serde_urlencoded`) writes it: ASCII letters,
//! digits and `*-._` pass through, space becomes `+`, every other byte becomes `%XY` with
//! upper-case hex.
//!
//! Why a formatter and not only an encoding [`io::Write`]: serde_json writes JSON in tiny
//! pieces (`"`, `:`, `,`, a key), and most of them are punctuation whose encoding is known
//! in advance. The formatter writes those as constants (`{` is `%7B`); only the text inside
//! strings, escapes and floats go through the table-driven encoder ([`Encoding`]).

use std::io;

use serde_json::ser::{CharEscape, CompactFormatter, Formatter};

/// One entry per byte: its encoding's bytes in the low three bytes (little-endian) and
/// their count (1 or 3) in the high byte, so encoding a byte is one load and one 4-byte store.
const TABLE: [u32; 256] = build_table();

/// Whether a byte stands for itself in the encoding (no `%`, no `+`).
const PLAIN: [bool; 256] = build_plain();

const fn passes_through(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'*' | b'-' | b'.' | b'_')
}

const fn build_table() -> [u32; 256] {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut table = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let byte = i as u8;
        table[i] = if passes_through(byte) {
            1 << 24 | byte as u32
        } else if byte == b' ' {
            1 << 24 | b'+' as u32
        } else {
            let high = HEX[(byte >> 4) as usize] as u32;
            let low = HEX[(byte & 0xf) as usize] as u32;
            3 << 24 | low << 16 | high << 8 | b'%' as u32
        };
        i += 1;
    }
    table
}

const fn build_plain() -> [bool; 256] {
    let mut plain = [false; 256];
    let mut i = 0;
    while i < 256 {
        plain[i] = passes_through(i as u8);
        i += 1;
    }
    plain
}

/// How many input bytes are encoded into the scratch block at a time.
const CHUNK: usize = 256;

/// Room for a chunk whose every byte is escaped, plus the spare byte of the last 4-byte store.
type Scratch = [u8; 3 * CHUNK + 1];

/// Encodes `chunk` (at most [`CHUNK`] bytes) into `scratch`; returns the encoded length.
fn encode_chunk(chunk: &[u8], scratch: &mut Scratch) -> usize {
    let mut written = 0;
    for &byte in chunk {
        let entry = TABLE[usize::from(byte)];
        // Each byte is one unconditional 4-byte store; the bytes past its encoding are
        // overwritten by the next. `written <= 3 * (bytes so far) <= 3 * CHUNK - 3` before
        // each store, so the slot always exists.
        if let Some(slot) = scratch.get_mut(written..written + 4) {
            slot.copy_from_slice(&entry.to_le_bytes());
        }
        written += (entry >> 24) as usize;
    }
    written
}

/// An [`io::Write`] that form-encodes everything written to it into `writer`.
pub(super) struct Encoding<'a, W: ?Sized> {
    writer: &'a mut W,
    scratch: &'a mut Scratch,
}

impl<W: ?Sized + io::Write> io::Write for Encoding<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.write_all(buf)?;
        Ok(buf.len())
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        // Most keys and much of the text (`channel`, `msgid`, `546`) need no escape: the
        // leading run that passes through is copied as is, with no trip through `scratch`.
        let plain = buf
            .iter()
            .position(|&byte| !PLAIN[usize::from(byte)])
            .unwrap_or(buf.len());
        let (plain, rest) = buf.split_at(plain);
        if !plain.is_empty() {
            self.writer.write_all(plain)?;
        }
        for chunk in rest.chunks(CHUNK) {
            let len = encode_chunk(chunk, self.scratch);
            self.writer
                .write_all(self.scratch.get(..len).unwrap_or_default())?;
        }
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.writer.flush()
    }
}

/// A serde_json [`Formatter`] writing compact JSON, form-encoded. Its output is
/// `form_urlencoded::byte_serialize(CompactFormatter's output)`, byte for byte.
pub(super) struct FormFormatter {
    scratch: Scratch,
}

impl FormFormatter {
    pub(super) fn new() -> Self {
        FormFormatter {
            scratch: [0; 3 * CHUNK + 1],
        }
    }

    fn encoding<'a, W: ?Sized>(&'a mut self, writer: &'a mut W) -> Encoding<'a, W> {
        Encoding {
            writer,
            scratch: &mut self.scratch,
        }
    }
}

// Integers keep serde_json's own writers: they print only digits and `-`, which pass
// through the form encoding unchanged. Everything else is overridden.
impl Formatter for FormFormatter {
    fn write_f32<W: ?Sized + io::Write>(&mut self, writer: &mut W, value: f32) -> io::Result<()> {
        CompactFormatter.write_f32(&mut self.encoding(writer), value)
    }

    fn write_f64<W: ?Sized + io::Write>(&mut self, writer: &mut W, value: f64) -> io::Result<()> {
        CompactFormatter.write_f64(&mut self.encoding(writer), value)
    }

    fn write_number_str<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        value: &str,
    ) -> io::Result<()> {
        CompactFormatter.write_number_str(&mut self.encoding(writer), value)
    }

    fn begin_string<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        writer.write_all(b"%22")
    }

    fn end_string<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        writer.write_all(b"%22")
    }

    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        io::Write::write_all(&mut self.encoding(writer), fragment.as_bytes())
    }

    fn write_char_escape<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        char_escape: CharEscape,
    ) -> io::Result<()> {
        CompactFormatter.write_char_escape(&mut self.encoding(writer), char_escape)
    }

    fn begin_array<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        writer.write_all(b"%5B")
    }

    fn end_array<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        writer.write_all(b"%5D")
    }

    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        if first {
            Ok(())
        } else {
            writer.write_all(b"%2C")
        }
    }

    fn begin_object<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        writer.write_all(b"%7B")
    }

    fn end_object<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        writer.write_all(b"%7D")
    }

    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        // The same separator as between array values: an encoded `,` before all but the first.
        self.begin_array_value(writer, first)
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        writer.write_all(b"%3A")
    }

    fn write_raw_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        io::Write::write_all(&mut self.encoding(writer), fragment.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn encoded(input: &[u8]) -> String {
        let mut out = b"data=".to_vec();
        let mut formatter = FormFormatter::new();
        io::Write::write_all(&mut formatter.encoding(&mut out), input).unwrap();
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
    fn text_of_any_length_matches_serde_urlencoded() {
        let text = r#"{"a b":"c&d=e+f%g","é":"😀","x":"*-._~!'()"}"#;
        for n in [0, 1, 5, 6, 50] {
            // Crosses the chunk boundary, with multi-byte characters on it.
            let long = text.repeat(n);
            let theirs = serde_urlencoded::to_string([("data", &long)]).unwrap();
            assert_eq!(encoded(long.as_bytes()), theirs, "{n}");
        }
    }

    #[test]
    fn the_formatter_writes_the_encoded_compact_json() {
        let value = json!({
            "s": "a\"b\\c/d\n\u{1}\té 😀", "n": [-1, 0, u64::MAX, i64::MIN],
            "f": [0.1, -1.5e-7, 1e300, 9990.91, 5.0], "b": [true, false, null], "e": {}, "a": [],
        });
        let mut out = Vec::new();
        let mut serializer = serde_json::Serializer::with_formatter(&mut out, FormFormatter::new());
        serde::Serialize::serialize(&value, &mut serializer).unwrap();
        let json = serde_json::to_string(&value).unwrap();
        let theirs: String = url::form_urlencoded::byte_serialize(json.as_bytes()).collect();
        assert_eq!(String::from_utf8(out).unwrap(), theirs);
    }
}
