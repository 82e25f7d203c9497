//! Numbers as JavaScript writes and reads them, for formats whose receivers re-serialize with
//! `JSON.stringify` (Smarter Launch's Node sample signs `JSON.stringify(payload)`).
//!
//! JavaScript has one number type. `JSON.stringify` writes `100.0` as `100` and `-0.0` as
//! `0`, and switches to exponent form only below `1e-6` or from `1e21` (`1e+21`); serde_json
//! writes `100.0`, `-0.0` and `1e21`. A body with those bytes verifies at a receiver that
//! checks the raw bytes, but not at one that parses and re-serializes first. So the formats
//! concerned write floats the JavaScript way ([`JsNumbers`]) and read whole-number floats
//! back as the integers they print as ([`as_javascript_reads`]), which keeps render → parse
//! exact.

use std::io;

use serde_json::ser::Formatter;
use serde_json::{Map, Number, Value};

/// A compact serde_json formatter that writes floats as JavaScript's `Number#toString`
/// (and so `JSON.stringify`) does; everything else as serde_json's `CompactFormatter`.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct JsNumbers;

impl Formatter for JsNumbers {
    fn write_f64<W: ?Sized + io::Write>(&mut self, writer: &mut W, value: f64) -> io::Result<()> {
        writer.write_all(javascript_number(value).as_bytes())
    }

    fn write_f32<W: ?Sized + io::Write>(&mut self, writer: &mut W, value: f32) -> io::Result<()> {
        self.write_f64(writer, f64::from(value))
    }
}

/// Serializes `value` as compact JSON with [`JsNumbers`].
pub(crate) fn to_vec(value: &impl serde::Serialize) -> serde_json::Result<Vec<u8>> {
    let mut out = Vec::new();
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, JsNumbers);
    value.serialize(&mut serializer)?;
    Ok(out)
}

/// `Number#toString` (ECMA-262, section 6.1.6.1.20) for a finite `value`: the shortest
/// digits that read back as `value` (Rust's own `{:e}` finds them), placed by the
/// specification's rules. Non-finite values, which JSON cannot hold, are `null`, as
/// `JSON.stringify` writes them.
fn javascript_number(value: f64) -> String {
    if !value.is_finite() {
        return "null".to_owned();
    }
    if value == 0.0 {
        return "0".to_owned();
    }
    let sign = if value < 0.0 { "-" } else { "" };
    let scientific = format!("{:e}", value.abs());
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let k = digits.len() as i32;
    // The value is 0.d1d2…dk × 10^n.
    let n = exponent.parse::<i32>().unwrap_or(0) + 1;
    let body = if k <= n && n <= 21 {
        format!("{digits}{}", "0".repeat((n - k) as usize))
    } else if 0 < n && n <= 21 {
        let (whole, fraction) = digits.split_at(n as usize);
        format!("{whole}.{fraction}")
    } else if -6 < n && n <= 0 {
        format!("0.{}{digits}", "0".repeat((-n) as usize))
    } else {
        let (first, rest) = digits.split_at(1);
        let exponent = n - 1;
        let exponent_sign = if exponent < 0 { '-' } else { '+' };
        let point = if rest.is_empty() { "" } else { "." };
        format!("{first}{point}{rest}e{exponent_sign}{}", exponent.abs())
    };
    format!("{sign}{body}")
}

/// `value` with every float that JavaScript prints as an integer (a whole number that fits
/// `i64` or `u64`, negative zero included) turned into that integer, so a parsed body
/// renders back to the same bytes and a rendered one parses back equal.
pub(crate) fn as_javascript_reads(value: Value) -> Value {
    match value {
        Value::Number(number) => Value::Number(integer_if_whole(number)),
        Value::Array(items) => Value::Array(items.into_iter().map(as_javascript_reads).collect()),
        Value::Object(members) => Value::Object(members_as_javascript_reads(members)),
        other => other,
    }
}

/// [`as_javascript_reads`] for each member of an object.
pub(crate) fn members_as_javascript_reads(members: Map<String, Value>) -> Map<String, Value> {
    members
        .into_iter()
        .map(|(key, value)| (key, as_javascript_reads(value)))
        .collect()
}

fn integer_if_whole(number: Number) -> Number {
    let Some(float) = number.as_f64().filter(|_| number.is_f64()) else {
        return number;
    };
    if float.fract() != 0.0 {
        return number;
    }
    // The casts saturate; the round trip back to f64 says whether they were exact.
    let signed = float as i64;
    if signed as f64 == float && float < 9_223_372_036_854_775_808.0 {
        return Number::from(signed);
    }
    let unsigned = float as u64;
    if unsigned as f64 == float && float < 18_446_744_073_709_551_616.0 {
        return Number::from(unsigned);
    }
    number
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_print_as_javascript_prints_them() {
        // Each pair: the f64, and what `String(x)` gives in JavaScript.
        let cases: [(f64, &str); 24] = [
            (100.0, "100"),
            (1.0, "1"),
            (-0.0, "0"),
            (0.0, "0"),
            (-1.5, "-1.5"),
            (0.1, "0.1"),
            (9990.91, "9990.91"),
            (0.5, "0.5"),
            (1e20, "100000000000000000000"),
            (1e21, "1e+21"),
            (1.2345678901234568e20, "123456789012345680000"),
            (1.5e21, "1.5e+21"),
            (0.000001, "0.000001"),
            (2.5e-6, "0.0000025"),
            (1e-7, "1e-7"),
            (1.5e-7, "1.5e-7"),
            (5e-324, "5e-324"),
            (f64::MAX, "1.7976931348623157e+308"),
            (f64::MIN_POSITIVE, "2.2250738585072014e-308"),
            (123.456, "123.456"),
            (0.30000000000000004, "0.30000000000000004"),
            (9007199254740993.0, "9007199254740992"),
            (-1e-7, "-1e-7"),
            (f64::NAN, "null"),
        ];
        for (value, javascript) in cases {
            assert_eq!(javascript_number(value), javascript, "{value:e}");
        }
    }

    #[test]
    fn whole_floats_read_as_integers() {
        let value: Value =
            serde_json::from_str(r#"{"a":[100.0,-0.0,1.5,1e18,1e20,-3.0,7]}"#).unwrap();
        let read = as_javascript_reads(value);
        assert_eq!(
            serde_json::to_string(&read).unwrap(),
            r#"{"a":[100,0,1.5,1000000000000000000,1e+20,-3,7]}"#
        );
        // And what JsNumbers writes reads back to the same value.
        let written = to_vec(&read).unwrap();
        assert_eq!(
            written,
            br#"{"a":[100,0,1.5,1000000000000000000,100000000000000000000,-3,7]}"#
        );
        let again = as_javascript_reads(serde_json::from_slice(&written).unwrap());
        assert_eq!(again, read);
    }
}
