//! [`Shape`]: the fields a payload must have, and their JSON types.

use std::fmt;

use serde_json::Value;

/// A JSON type, as a [`Shape`] requires it.
///
/// ```
/// use hookwire::testing::JsonType;
/// assert!(JsonType::Number.matches(&serde_json::json!(42.5)));
/// assert!(!JsonType::String.matches(&serde_json::json!(42.5)));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonType {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool,
    /// Any number.
    Number,
    /// A string.
    String,
    /// An array.
    Array,
    /// An object.
    Object,
}

impl JsonType {
    /// The type of `value`.
    ///
    /// See [`JsonType`] for an example.
    pub fn of(value: &Value) -> Self {
        match value {
            Value::Null => JsonType::Null,
            Value::Bool(_) => JsonType::Bool,
            Value::Number(_) => JsonType::Number,
            Value::String(_) => JsonType::String,
            Value::Array(_) => JsonType::Array,
            Value::Object(_) => JsonType::Object,
        }
    }

    /// Whether `value` is of this type.
    ///
    /// See [`JsonType`] for an example.
    pub fn matches(self, value: &Value) -> bool {
        JsonType::of(value) == self
    }
}

impl fmt::Display for JsonType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            JsonType::Null => "null",
            JsonType::Bool => "boolean",
            JsonType::Number => "number",
            JsonType::String => "string",
            JsonType::Array => "array",
            JsonType::Object => "object",
        })
    }
}

/// The fields a payload must have — each a JSON pointer (RFC 6901, `/cart/total`) and its
/// type — as a receiver's declared schema would require them. Fields not listed are
/// allowed.
///
/// ```
/// use hookwire::testing::{JsonType, Shape, ShapeError};
/// let shape = Shape::new()
///     .field("/emailAddress", JsonType::String)
///     .field("/cart/total", JsonType::Number);
/// assert!(shape.check(&serde_json::json!({"emailAddress": "a@b.c", "cart": {"total": 1}})).is_ok());
/// let err = shape.check(&serde_json::json!({"cart": {"total": "1"}})).unwrap_err();
/// assert_eq!(err.to_string(), "`/emailAddress` is missing; `/cart/total` is a string, not a number");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Shape {
    fields: Vec<(String, JsonType)>,
}

/// Every way a payload differs from its [`Shape`], in the order the fields were declared.
///
/// See [`Shape`] for an example.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", .problems.join("; "))]
pub struct ShapeError {
    /// One line per missing or mistyped field.
    pub problems: Vec<String>,
}

impl Shape {
    /// A shape that requires nothing yet.
    ///
    /// See [`Shape`] for an example.
    pub fn new() -> Self {
        Shape::default()
    }

    /// Requires the field at `pointer` to be present with type `kind`.
    ///
    /// See [`Shape`] for an example.
    #[must_use]
    pub fn field(mut self, pointer: impl Into<String>, kind: JsonType) -> Self {
        self.fields.push((pointer.into(), kind));
        self
    }

    /// Checks `value`, reporting every missing or mistyped field at once.
    ///
    /// See [`Shape`] for an example.
    pub fn check(&self, value: &Value) -> Result<(), ShapeError> {
        let problems: Vec<String> = self
            .fields
            .iter()
            .filter_map(|(pointer, kind)| match value.pointer(pointer) {
                None => Some(format!("`{pointer}` is missing")),
                Some(found) if !kind.matches(found) => Some(format!(
                    "`{pointer}` is a{} {}, not a{} {kind}",
                    article(JsonType::of(found)),
                    JsonType::of(found),
                    article(*kind)
                )),
                Some(_) => None,
            })
            .collect();
        if problems.is_empty() {
            Ok(())
        } else {
            Err(ShapeError { problems })
        }
    }
}

/// "an" before a vowel sound, so messages read naturally.
fn article(kind: JsonType) -> &'static str {
    match kind {
        JsonType::Array | JsonType::Object => "n",
        _ => "",
    }
}
