//! [`Data`] and [`ExtensionValue`]: what an event carries besides its context attributes.

use std::fmt;

use bytes::Bytes;
use serde_json::Value;

/// An event's data: a JSON value (the JSON format's `data` member), or bytes (its
/// `data_base64` member, or a binary-mode body whose content type is not JSON).
///
/// ```
/// use hookwire::format::cloudevents::Data;
/// let data = Data::Binary(bytes::Bytes::from_static(b"\x00\x01"));
/// assert!(matches!(data, Data::Binary(ref b) if b.len() == 2));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Data {
    /// A JSON value, carried as is; a string when the event's `datacontenttype` is not
    /// JSON (the JSON format stores such data as text).
    Json(Value),
    /// Bytes, carried exactly (base64 in the JSON format).
    Binary(Bytes),
}

/// An extension attribute's value. The JSON format keeps the three types apart; HTTP binary
/// mode carries every value as text, so a binary-mode receiver sees each one as
/// [`ExtensionValue::String`].
///
/// ```
/// use hookwire::format::cloudevents::ExtensionValue;
/// assert_eq!(ExtensionValue::from(7).to_string(), "7");
/// assert_eq!(ExtensionValue::from(true).to_string(), "true");
/// assert_eq!(ExtensionValue::from("x").to_string(), "x");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExtensionValue {
    /// A string.
    String(String),
    /// A signed 32-bit integer (the spec's `Integer`).
    Integer(i32),
    /// `true` or `false`.
    Boolean(bool),
}

impl fmt::Display for ExtensionValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExtensionValue::String(text) => f.write_str(text),
            ExtensionValue::Integer(number) => write!(f, "{number}"),
            ExtensionValue::Boolean(flag) => write!(f, "{flag}"),
        }
    }
}

impl From<&str> for ExtensionValue {
    fn from(text: &str) -> Self {
        ExtensionValue::String(text.to_owned())
    }
}

impl From<String> for ExtensionValue {
    fn from(text: String) -> Self {
        ExtensionValue::String(text)
    }
}

impl From<i32> for ExtensionValue {
    fn from(number: i32) -> Self {
        ExtensionValue::Integer(number)
    }
}

impl From<bool> for ExtensionValue {
    fn from(flag: bool) -> Self {
        ExtensionValue::Boolean(flag)
    }
}

impl ExtensionValue {
    /// Reads a JSON member as an extension value: strings, booleans and integers within
    /// the signed 32-bit range. `Ok(None)` for `null`, which the spec reads as "unset".
    pub(super) fn from_json(value: &Value) -> Result<Option<Self>, &'static str> {
        match value {
            Value::Null => Ok(None),
            Value::String(text) => Ok(Some(ExtensionValue::String(text.clone()))),
            Value::Bool(flag) => Ok(Some(ExtensionValue::Boolean(*flag))),
            // The JSON format writes an Integer as the integer component alone (section
            // 2.2): `5.0` and `1e2` are not Integers, whatever their value.
            Value::Number(number) => number
                .as_i64()
                .and_then(|n| i32::try_from(n).ok())
                .map(|n| Some(ExtensionValue::Integer(n)))
                .ok_or(
                    "an integer extension is an integer literal (no fraction or exponent) in the \
                     signed 32-bit range",
                ),
            Value::Array(_) | Value::Object(_) => {
                Err("an extension value must be a string, an integer or a boolean")
            }
        }
    }

    pub(super) fn to_json(&self) -> Value {
        match self {
            ExtensionValue::String(text) => Value::String(text.clone()),
            ExtensionValue::Integer(number) => Value::from(*number),
            ExtensionValue::Boolean(flag) => Value::Bool(*flag),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extension_values_from_json() {
        assert_eq!(ExtensionValue::from_json(&Value::Null), Ok(None));
        assert_eq!(
            ExtensionValue::from_json(&serde_json::json!(5)),
            Ok(Some(ExtensionValue::Integer(5)))
        );
        assert!(ExtensionValue::from_json(&serde_json::json!(1.5)).is_err());
        assert!(ExtensionValue::from_json(&serde_json::json!(-7.0)).is_err());
        for text in ["5.0", "1e2", "1E0", "-0.0"] {
            let value: Value = serde_json::from_str(text).unwrap();
            assert!(ExtensionValue::from_json(&value).is_err(), "{text}");
        }

        assert!(ExtensionValue::from_json(&serde_json::json!(2147483648.0)).is_err());
        assert!(ExtensionValue::from_json(&serde_json::json!(f64::MAX)).is_err());
        assert!(ExtensionValue::from_json(&serde_json::json!(3_000_000_000u64)).is_err());
        assert!(ExtensionValue::from_json(&serde_json::json!({})).is_err());
        assert_eq!(ExtensionValue::Integer(-3).to_json(), serde_json::json!(-3));
    }
}
