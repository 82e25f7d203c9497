//! JSON templates with merge fields, as Listrak's "JSON" webhook mode uses them (seed 000:
//! "you will configure a JSON schema to specify the specific fields that will be sent").
//!
//! A template is a JSON object whose strings (values and keys) may hold merge fields in the
//! [`{{path.to.value}}` syntax](#merge-fields). It is checked once, when built, and then
//! renders any number of bodies straight into one output buffer.
//!
//! # Rules
//!
//! - **Standard JSON only** ("The JSON must use standard JSON formatting"): invalid JSON,
//!   duplicate keys included, is a [`TemplateError::InvalidJson`] with line and column.
//! - **The root is an object**, so fields can be appended to it.
//! - **Appended fields**: a template built [`with_appended_keys`](JsonTemplate::with_appended_keys)
//!   reserves those top-level keys for string fields written after its own, each only when
//!   the caller has a value for it. The template may not use them at its top level, so a
//!   body never carries a key twice. Listrak's contact is appended this way
//!   ([`listrak::template`](crate::format::listrak::template)).
//! - **Nesting** is limited to [`MAX_DEPTH`] levels of objects and arrays.
//! - **Unknown merge fields**: a template built with [`JsonTemplate::with_fields`] refuses,
//!   at build time, every merge field outside its declared list
//!   ([`TemplateError::UnknownField`]). Every template, declared or not, reports a merge
//!   field with no value in the data at render time ([`RenderError::MissingField`]) — a field
//!   can be declared and still be absent for one message; hookwire never sends a silent gap.
//!
//! # Merge fields
//!
//! - A string that is **exactly one merge field** (`"{{cart.total}}"`) is replaced by the
//!   data's value with its own JSON type: number, boolean, null, array or object.
//! - A merge field **inside a longer string** (`"Hi {{contact.first_name}}"`) is
//!   interpolated as text: strings without quotes, numbers and booleans as JSON writes them,
//!   `null` as the empty string. An array or object there is a
//!   [`RenderError::InvalidValue`]: it has no single text form.
//! - **Keys** may hold merge fields too, always interpolated as text (JSON keys are strings).
//!   A key that renders equal to another key of its object (or, at the top level, to an
//!   appended key) is a [`RenderError::InvalidValue`], never a duplicate key on the wire.
//! - Paths: `{{ a.b.0.c }}` — spaces inside the braces are ignored, an all-digit segment
//!   indexes an array, `{{` always opens a merge field.
//!
//! ```
//! use hookwire::format::json_template::JsonTemplate;
//! use serde_json::json;
//!
//! let template = JsonTemplate::new(r#"{
//!     "greeting": "Hi {{contact.first_name}}",
//!     "total": "{{cart.total}}",
//!     "items": "{{cart.items}}"
//! }"#)?
//! .with_appended_keys(["sentBy"])?;
//! let data = json!({
//!     "contact": {"first_name": "Ada"},
//!     "cart": {"total": 42.5, "items": [{"sku": "TEA-01", "quantity": 2}]}
//! });
//! let payload = template.render(&data, &[("sentBy", "journey-7")])?;
//! assert_eq!(
//!     payload.body().as_ref(),
//!     br#"{"greeting":"Hi Ada","total":42.5,"items":[{"sku":"TEA-01","quantity":2}],"sentBy":"journey-7"}"#
//! );
//! assert_eq!(payload.content_type(), "application/json");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod compile;
mod error;
mod locate;
mod source;
mod write;

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

pub use error::TemplateError;

use crate::format::{ParseError, RenderError};
use crate::payload::Payload;

/// The media type of a rendered template body, which [`parse`] expects: `application/json`.
///
/// ```
/// assert_eq!(hookwire::format::json_template::MEDIA_TYPE, "application/json");
/// ```
pub const MEDIA_TYPE: &str = crate::payload::APPLICATION_JSON;

/// How deep objects and arrays may nest in a template, the root object being level 1.
///
/// Deep enough for any real payload, shallow enough that rendering never recurses far.
///
/// ```
/// use hookwire::format::json_template::{JsonTemplate, MAX_DEPTH};
/// let deep = format!("{{\"a\":{}1{}}}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
/// assert!(JsonTemplate::new(&deep).is_err());
/// ```
pub const MAX_DEPTH: usize = 32;

/// A checked JSON template, ready to render. See the [module docs](self) for the rules.
///
/// It serializes as its source text (and declared fields and appended keys), and
/// deserializing checks it again.
///
/// ```
/// use hookwire::format::json_template::JsonTemplate;
///
/// let template = JsonTemplate::new(r#"{"order": "{{order.number}}"}"#)?;
/// let payload = template.render(&serde_json::json!({"order": {"number": 1001}}), &[])?;
/// assert_eq!(payload.body().as_ref(), br#"{"order":1001}"#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Serialize, Deserialize)]
#[serde(try_from = "RawTemplate", into = "RawTemplate")]
pub struct JsonTemplate {
    source: String,
    declared: Option<Vec<String>>,
    root: compile::Object,
    fields: Vec<String>,
    appended: Vec<String>,
}

#[derive(Serialize, Deserialize)]
struct RawTemplate {
    source: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    fields: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    appended: Vec<String>,
}

impl TryFrom<RawTemplate> for JsonTemplate {
    type Error = TemplateError;

    fn try_from(raw: RawTemplate) -> Result<Self, TemplateError> {
        JsonTemplate::build(raw.source, raw.fields)?.with_appended_keys(raw.appended)
    }
}

impl From<JsonTemplate> for RawTemplate {
    fn from(template: JsonTemplate) -> Self {
        RawTemplate {
            source: template.source,
            fields: template.declared,
            appended: template.appended,
        }
    }
}

impl fmt::Debug for JsonTemplate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JsonTemplate")
            .field("source", &self.source)
            .field("declared", &self.declared)
            .field("fields", &self.fields)
            .field("appended", &self.appended)
            .finish_non_exhaustive()
    }
}

impl PartialEq for JsonTemplate {
    fn eq(&self, other: &Self) -> bool {
        self.source == other.source
            && self.declared == other.declared
            && self.appended == other.appended
    }
}

impl JsonTemplate {
    /// Checks `text` and builds the template; merge fields are checked against data at
    /// render time.
    ///
    /// ```
    /// use hookwire::format::json_template::{JsonTemplate, TemplateError};
    ///
    /// assert!(JsonTemplate::new(r#"{"email_opened": "{{event.ts}}"}"#).is_ok());
    /// let err = JsonTemplate::new(r#"{"a": "{{ }}"}"#).unwrap_err();
    /// assert!(matches!(err, TemplateError::MergeFieldSyntax { .. }));
    /// assert!(matches!(JsonTemplate::new("[1]"), Err(TemplateError::NotAnObject { found: "an array" })));
    /// ```
    pub fn new(text: &str) -> Result<Self, TemplateError> {
        JsonTemplate::build(text.to_owned(), None)
    }

    /// Checks `text` and builds the template, refusing every merge field that is neither a
    /// declared path nor inside one (declaring `cart` declares `cart.items.0.sku`).
    ///
    /// ```
    /// use hookwire::format::json_template::{JsonTemplate, TemplateError};
    ///
    /// let fields = ["contact.first_name", "cart"];
    /// assert!(JsonTemplate::with_fields(r#"{"n": "{{cart.items.0.sku}}"}"#, fields).is_ok());
    /// let err = JsonTemplate::with_fields(r#"{"n": "{{contact.last_name}}"}"#, fields).unwrap_err();
    /// assert_eq!(err.to_string(), "unknown merge field `contact.last_name` at line 1, column 8 (`/n`)");
    /// ```
    pub fn with_fields<I, S>(text: &str, fields: I) -> Result<Self, TemplateError>
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let declared: Vec<String> = fields.into_iter().map(|field| field.into()).collect();
        JsonTemplate::build(text.to_owned(), Some(declared))
    }

    fn build(source: String, declared: Option<Vec<String>>) -> Result<Self, TemplateError> {
        if let Some(declared) = &declared {
            for path in declared {
                crate::format::merge::check_path(path.trim()).map_err(|reason| {
                    TemplateError::InvalidDeclaredField {
                        path: path.clone(),
                        reason,
                    }
                })?;
            }
        }
        let declared = declared.map(|d| d.iter().map(|p| p.trim().to_owned()).collect::<Vec<_>>());
        let tree = source::read(&source).map_err(|err| TemplateError::json(&err))?;
        let (root, fields) = compile::compile(&source, &tree, declared.as_deref())?;
        Ok(JsonTemplate {
            source,
            declared,
            root,
            fields,
            appended: Vec::new(),
        })
    }

    /// This template with top-level `keys` reserved for string fields appended after its own
    /// (a key given twice, or already reserved, counts once). A top-level key of the template
    /// equal to one is a [`TemplateError::ReservedKey`] now; a key with merge fields that
    /// renders as one is a [`RenderError::InvalidValue`] when it renders.
    ///
    /// ```
    /// use hookwire::format::json_template::{JsonTemplate, TemplateError};
    ///
    /// let template = JsonTemplate::new(r#"{"a": 1}"#)?.with_appended_keys(["sentBy"])?;
    /// assert_eq!(template.appended_keys(), ["sentBy"]);
    /// assert_eq!(
    ///     JsonTemplate::new(r#"{"sentBy": 1}"#)?.with_appended_keys(["sentBy"]).unwrap_err(),
    ///     TemplateError::ReservedKey { key: "sentBy".into() }
    /// );
    /// # Ok::<(), TemplateError>(())
    /// ```
    pub fn with_appended_keys<I, S>(mut self, keys: I) -> Result<Self, TemplateError>
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        for key in keys {
            let key = key.into();
            if self.root.literal_keys().any(|literal| literal == key) {
                return Err(TemplateError::ReservedKey { key });
            }
            if !self.appended.contains(&key) {
                self.appended.push(key);
            }
        }
        Ok(self)
    }

    /// The top-level keys reserved for appended fields, in the order they were reserved.
    ///
    /// ```
    /// let t = hookwire::format::json_template::JsonTemplate::new("{}")?;
    /// assert!(t.appended_keys().is_empty());
    /// # Ok::<(), hookwire::format::json_template::TemplateError>(())
    /// ```
    pub fn appended_keys(&self) -> &[String] {
        &self.appended
    }

    /// The template's text, as given.
    ///
    /// ```
    /// let t = hookwire::format::json_template::JsonTemplate::new("{}")?;
    /// assert_eq!(t.source(), "{}");
    /// # Ok::<(), hookwire::format::json_template::TemplateError>(())
    /// ```
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The merge fields the template uses, each once, in the order they first appear.
    ///
    /// ```
    /// let t = hookwire::format::json_template::JsonTemplate::new(
    ///     r#"{"a": "{{x}} and {{y}}", "b": "{{x}}"}"#)?;
    /// assert_eq!(t.fields().collect::<Vec<_>>(), ["x", "y"]);
    /// # Ok::<(), hookwire::format::json_template::TemplateError>(())
    /// ```
    pub fn fields(&self) -> impl Iterator<Item = &str> {
        self.fields.iter().map(String::as_str)
    }

    /// The declared field list, if the template was built [`with_fields`](Self::with_fields).
    ///
    /// ```
    /// let t = hookwire::format::json_template::JsonTemplate::with_fields("{}", ["a"])?;
    /// assert_eq!(t.declared_fields(), Some(&["a".to_owned()][..]));
    /// # Ok::<(), hookwire::format::json_template::TemplateError>(())
    /// ```
    pub fn declared_fields(&self) -> Option<&[String]> {
        self.declared.as_deref()
    }

    /// Renders the body for `data`, then appends the `appended` fields in the order given.
    /// Each of their keys must be one of the [appended keys](Self::with_appended_keys), at
    /// most once; a reserved key without a value is simply not written. The bytes are compact
    /// JSON, written once into one buffer.
    ///
    /// ```
    /// use hookwire::format::{RenderError, json_template::JsonTemplate};
    ///
    /// let t = JsonTemplate::new(r#"{"sku": "{{product.sku}}"}"#)?.with_appended_keys(["store"])?;
    /// let body = t.render(&serde_json::json!({"product": {"sku": "A1"}}), &[("store", "7")])?;
    /// assert_eq!(body.body().as_ref(), br#"{"sku":"A1","store":"7"}"#);
    /// assert_eq!(
    ///     t.render(&serde_json::json!({}), &[]).unwrap_err(),
    ///     RenderError::MissingField { path: "product.sku".into() }
    /// );
    /// // A key the template did not reserve could repeat one of its own.
    /// assert!(t.render(&serde_json::json!({"product": {"sku": "A1"}}), &[("sku", "B2")]).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn render(&self, data: &Value, appended: &[(&str, &str)]) -> Result<Payload, RenderError> {
        for (index, (key, _)) in appended.iter().enumerate() {
            let reserved = self.appended.iter().any(|k| k == key);
            if !reserved || appended[..index].iter().any(|(earlier, _)| earlier == key) {
                return Err(RenderError::InvalidValue {
                    field: (*key).to_owned(),
                    reason: if reserved {
                        "appended twice".to_owned()
                    } else {
                        "not one of the template's appended keys".to_owned()
                    },
                });
            }
        }
        let mut out = Vec::with_capacity(self.source.len() + 64);
        write::root(&mut out, &self.root, data, appended, &self.appended)?;
        Ok(Payload::json(out))
    }

    /// Renders with `sample` data so a user sees the exact body before the journey runs
    /// (the seed's "preview JSON").
    ///
    /// ```
    /// use hookwire::format::json_template::JsonTemplate;
    ///
    /// let t = JsonTemplate::new(r#"{"name": "{{contact.first_name}}", "total": "{{cart.total}}"}"#)?
    ///     .with_appended_keys(["emailAddress"])?;
    /// let preview = t.preview(&t.sample_data(), &[("emailAddress", "sample@example.com")])?;
    /// assert_eq!(
    ///     preview.body(),
    ///     r#"{"name":"contact.first_name","total":"cart.total","emailAddress":"sample@example.com"}"#
    /// );
    /// assert!(preview.pretty().starts_with("{\n  \"name\""));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn preview(
        &self,
        sample: &Value,
        appended: &[(&str, &str)],
    ) -> Result<Preview, RenderError> {
        let payload = self.render(sample, appended)?;
        // The template writer only emits UTF-8: its inputs are `str` and `serde_json` output.
        let body =
            String::from_utf8(payload.body().to_vec()).map_err(|_| RenderError::InvalidValue {
                field: String::new(),
                reason: "the body is not UTF-8".to_owned(),
            })?;
        Ok(Preview { body })
    }

    /// Sample data for [`preview`](Self::preview): every merge field's path set to the path
    /// itself as a string, so the preview shows where each field lands.
    ///
    /// ```
    /// let t = hookwire::format::json_template::JsonTemplate::new(r#"{"a": "{{cart.items.0.sku}}"}"#)?;
    /// assert_eq!(t.sample_data(), serde_json::json!({"cart": {"items": {"0": {"sku": "cart.items.0.sku"}}}}));
    /// # Ok::<(), hookwire::format::json_template::TemplateError>(())
    /// ```
    pub fn sample_data(&self) -> Value {
        let mut sample = Value::Object(Map::new());
        for path in &self.fields {
            let mut at = &mut sample;
            for segment in path.split('.') {
                if !at.is_object() {
                    *at = Value::Object(Map::new());
                }
                let Value::Object(map) = at else {
                    // Made an object just above.
                    break;
                };
                at = map.entry(segment).or_insert(Value::Null);
            }
            if at.is_null() {
                *at = Value::String(path.clone());
            }
        }
        sample
    }
}

/// A rendered template shown to a user: the exact body, and an indented view of it.
///
/// ```
/// use hookwire::format::json_template::JsonTemplate;
/// let t = JsonTemplate::new(r#"{"a": 1}"#)?;
/// let preview = t.preview(&serde_json::json!({}), &[])?;
/// assert_eq!(preview.body(), r#"{"a":1}"#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use]
pub struct Preview {
    body: String,
}

impl Preview {
    /// The exact body that would be sent (and signed).
    ///
    /// ```
    /// # use hookwire::format::json_template::JsonTemplate;
    /// let t = JsonTemplate::new(r#"{"a": "x"}"#)?;
    /// assert_eq!(t.preview(&serde_json::json!({}), &[])?.body(), r#"{"a":"x"}"#);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn body(&self) -> &str {
        &self.body
    }

    /// The body indented two spaces per level, for reading (not for signing).
    ///
    /// ```
    /// # use hookwire::format::json_template::JsonTemplate;
    /// let t = JsonTemplate::new(r#"{"a": "x"}"#)?;
    /// assert_eq!(t.preview(&serde_json::json!({}), &[])?.pretty(), "{\n  \"a\": \"x\"\n}");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn pretty(&self) -> String {
        serde_json::from_str::<Value>(&self.body)
            .and_then(|value| serde_json::to_string_pretty(&value))
            .unwrap_or_else(|_| self.body.clone())
    }
}

/// Reads a body a [`JsonTemplate`] rendered ([`MEDIA_TYPE`]): a JSON object, its members in
/// order, appended fields included. Listrak's template bodies, with the contact taken out,
/// are [`listrak::parse_template`](crate::format::listrak::parse_template)'s.
///
/// ```
/// use hookwire::format::{ParseError, json_template::parse};
///
/// assert_eq!(parse(br#"{"order":1001}"#)?["order"], 1001);
/// assert!(matches!(parse(b"[1]"), Err(ParseError::WrongType { .. })));
/// assert!(matches!(parse(b"{"), Err(ParseError::InvalidJson { line: 1, .. })));
/// # Ok::<(), ParseError>(())
/// ```
pub fn parse(body: &[u8]) -> Result<Map<String, Value>, ParseError> {
    let value = crate::format::strict_json::from_slice(body)?;
    match value {
        Value::Object(fields) => Ok(fields),
        _ => Err(ParseError::WrongType {
            field: "(body)".to_owned(),
            expected: "an object",
        }),
    }
}

#[cfg(test)]
mod tests;
