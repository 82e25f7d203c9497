//! JSON templates with merge fields: Listrak's "JSON" webhook mode (seed 000), where "you will
//! configure a JSON schema to specify the specific fields that will be sent".
//!
//! A template is a JSON object whose strings (values and keys) may hold merge fields in the
//! [`{{path.to.value}}` syntax](#merge-fields). It is checked once, when built, and then
//! renders any number of bodies straight into one output buffer.
//!
//! # Rules
//!
//! - **Standard JSON only** ("The JSON must use standard JSON formatting"): invalid JSON,
//!   duplicate keys included, is a [`TemplateError::InvalidJson`] with line and column.
//! - **The root is an object**, because the contact's email address and phone number are
//!   appended to it: `"emailAddress"` ([`EMAIL_KEY`]) and `"phoneNumber"` ([`PHONE_KEY`]),
//!   only those the [`Contact`] has (seed: "Only the data points associated with the contact
//!   will be appended"). The template may not use these two keys at its top level.
//! - **Nesting** is limited to [`MAX_DEPTH`] levels of objects and arrays.
//! - **Unknown merge fields**: a template built with [`JsonTemplate::with_fields`] refuses,
//!   at build time, every merge field outside its declared list
//!   ([`TemplateError::UnknownField`]). Every template, declared or not, reports a merge
//!   field with no value in the data at render time ([`RenderError::MissingField`]) — a field
//!   can be declared and still be absent for one contact; hookwire never sends a silent gap.
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
//!   A key that renders equal to another key of its object is a
//!   [`RenderError::InvalidValue`], never a duplicate key on the wire.
//! - Paths: `{{ a.b.0.c }}` — spaces inside the braces are ignored, an all-digit segment
//!   indexes an array, `{{` always opens a merge field.
//!
//! ```
//! use hookwire::format::json_template::{Contact, JsonTemplate};
//! use serde_json::json;
//!
//! let template = JsonTemplate::new(r#"{
//!     "greeting": "Hi {{contact.first_name}}",
//!     "total": "{{cart.total}}",
//!     "items": "{{cart.items}}"
//! }"#)?;
//! let data = json!({
//!     "contact": {"first_name": "Ada"},
//!     "cart": {"total": 42.5, "items": [{"sku": "TEA-01", "quantity": 2}]}
//! });
//! let payload = template.render(&data, &Contact::new().with_email("ada@example.com"))?;
//! assert_eq!(
//!     payload.body().as_ref(),
//!     br#"{"greeting":"Hi Ada","total":42.5,"items":[{"sku":"TEA-01","quantity":2}],"emailAddress":"ada@example.com"}"#
//! );
//! assert_eq!(payload.content_type(), "application/json");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod compile;
mod contact;
mod error;
mod locate;
mod source;
mod write;

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

pub use contact::{Contact, EMAIL_KEY, PHONE_KEY};
pub use error::TemplateError;

use crate::Payload;
use crate::format::{ParseError, RenderError};

/// The media type of a rendered template body, which [`parse`] expects: `application/json`.
///
/// ```
/// assert_eq!(hookwire::format::json_template::MEDIA_TYPE, "application/json");
/// ```
pub const MEDIA_TYPE: &str = crate::APPLICATION_JSON;

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
/// It serializes as its source text (and declared fields), and deserializing checks it again.
///
/// ```
/// use hookwire::format::json_template::{Contact, JsonTemplate};
///
/// let template = JsonTemplate::new(r#"{"order": "{{order.number}}"}"#)?;
/// let payload = template.render(&serde_json::json!({"order": {"number": 1001}}), &Contact::new())?;
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
}

#[derive(Serialize, Deserialize)]
struct RawTemplate {
    source: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    fields: Option<Vec<String>>,
}

impl TryFrom<RawTemplate> for JsonTemplate {
    type Error = TemplateError;

    fn try_from(raw: RawTemplate) -> Result<Self, TemplateError> {
        JsonTemplate::build(raw.source, raw.fields)
    }
}

impl From<JsonTemplate> for RawTemplate {
    fn from(template: JsonTemplate) -> Self {
        RawTemplate {
            source: template.source,
            fields: template.declared,
        }
    }
}

impl fmt::Debug for JsonTemplate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JsonTemplate")
            .field("source", &self.source)
            .field("declared", &self.declared)
            .field("fields", &self.fields)
            .finish_non_exhaustive()
    }
}

impl PartialEq for JsonTemplate {
    fn eq(&self, other: &Self) -> bool {
        self.source == other.source && self.declared == other.declared
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
        })
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

    /// Renders the body for `data` and appends the contact's email address and phone number
    /// (those it has). The bytes are compact JSON, written once into one buffer.
    ///
    /// ```
    /// use hookwire::format::{RenderError, json_template::{Contact, JsonTemplate}};
    ///
    /// let t = JsonTemplate::new(r#"{"sku": "{{product.sku}}"}"#)?;
    /// let contact = Contact::new().with_phone("+15550100");
    /// let body = t.render(&serde_json::json!({"product": {"sku": "A1"}}), &contact)?;
    /// assert_eq!(body.body().as_ref(), br#"{"sku":"A1","phoneNumber":"+15550100"}"#);
    /// assert_eq!(
    ///     t.render(&serde_json::json!({}), &contact).unwrap_err(),
    ///     RenderError::MissingField { path: "product.sku".into() }
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn render(&self, data: &Value, contact: &Contact) -> Result<Payload, RenderError> {
        let mut out = Vec::with_capacity(self.source.len() + 64);
        write::root(
            &mut out,
            &self.root,
            data,
            &contact.appended(),
            &[EMAIL_KEY, PHONE_KEY],
        )?;
        Ok(Payload::json(out))
    }

    /// Renders with `sample` data so a user sees the exact body before the journey runs
    /// (the seed's "preview JSON").
    ///
    /// ```
    /// use hookwire::format::json_template::{Contact, JsonTemplate};
    ///
    /// let t = JsonTemplate::new(r#"{"name": "{{contact.first_name}}", "total": "{{cart.total}}"}"#)?;
    /// let preview = t.preview(&t.sample_data(), &Contact::new().with_email("sample@example.com"))?;
    /// assert_eq!(
    ///     preview.body(),
    ///     r#"{"name":"contact.first_name","total":"cart.total","emailAddress":"sample@example.com"}"#
    /// );
    /// assert!(preview.pretty().starts_with("{\n  \"name\""));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn preview(&self, sample: &Value, contact: &Contact) -> Result<Preview, RenderError> {
        let payload = self.render(sample, contact)?;
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
/// use hookwire::format::json_template::{Contact, JsonTemplate};
/// let t = JsonTemplate::new(r#"{"a": 1}"#)?;
/// let preview = t.preview(&serde_json::json!({}), &Contact::new())?;
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
    /// # use hookwire::format::json_template::{Contact, JsonTemplate};
    /// let t = JsonTemplate::new(r#"{"a": "x"}"#)?;
    /// assert_eq!(t.preview(&serde_json::json!({}), &Contact::new())?.body(), r#"{"a":"x"}"#);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn body(&self) -> &str {
        &self.body
    }

    /// The body indented two spaces per level, for reading (not for signing).
    ///
    /// ```
    /// # use hookwire::format::json_template::{Contact, JsonTemplate};
    /// let t = JsonTemplate::new(r#"{"a": "x"}"#)?;
    /// assert_eq!(t.preview(&serde_json::json!({}), &Contact::new())?.pretty(), "{\n  \"a\": \"x\"\n}");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn pretty(&self) -> String {
        serde_json::from_str::<Value>(&self.body)
            .and_then(|value| serde_json::to_string_pretty(&value))
            .unwrap_or_else(|_| self.body.clone())
    }
}

/// A received template body: the contact data Listrak appended, and every other field as
/// the template rendered it.
///
/// ```
/// use hookwire::format::json_template::{parse, Contact};
///
/// let body = parse(br#"{"order":1001,"emailAddress":"ada@example.com"}"#)?;
/// assert_eq!(body.contact, Contact::new().with_email("ada@example.com"));
/// assert_eq!(body.fields["order"], 1001);
/// # Ok::<(), hookwire::format::ParseError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct TemplateBody {
    /// The appended email address and phone number.
    pub contact: Contact,
    /// The template's fields, in order, without the appended contact keys.
    pub fields: Map<String, Value>,
}

/// Reads a body a [`JsonTemplate`] rendered ([`MEDIA_TYPE`]): a JSON object, with the
/// appended [`EMAIL_KEY`] and [`PHONE_KEY`] taken out into [`TemplateBody::contact`].
///
/// ```
/// use hookwire::format::{ParseError, json_template::parse};
///
/// assert!(matches!(parse(b"[1]"), Err(ParseError::WrongType { .. })));
/// assert!(matches!(parse(br#"{"phoneNumber": 5}"#), Err(ParseError::WrongType { .. })));
/// assert!(matches!(parse(b"{"), Err(ParseError::InvalidJson { line: 1, .. })));
/// ```
pub fn parse(body: &[u8]) -> Result<TemplateBody, ParseError> {
    let value = crate::format::strict_json::from_slice(body)?;
    let Value::Object(mut fields) = value else {
        return Err(ParseError::WrongType {
            field: "(body)".to_owned(),
            expected: "an object",
        });
    };
    let contact = Contact::take_from(&mut fields)?;
    Ok(TemplateBody { contact, fields })
}

#[cfg(test)]
mod tests;
