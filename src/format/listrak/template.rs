//! Listrak's "JSON" mode: a [`JsonTemplate`] with the contact appended, and its bodies on
//! receipt.

use serde_json::{Map, Value};

use super::contact::{CONTACT_KEYS, Contact};
use crate::format::ParseError;
use crate::format::json_template::{self, JsonTemplate, TemplateError};

/// A JSON-mode template: `text` checked as a [`JsonTemplate`], with [`CONTACT_KEYS`] reserved
/// for the contact ("A contact's email address and phone number are automatically appended to
/// the JSON schema or payload configured"), so the template may not use them at its top level.
/// Render it with [`Contact::appended`]. A template with a declared field list reserves the
/// same keys with [`JsonTemplate::with_appended_keys`].
///
/// ```
/// use hookwire::format::json_template::TemplateError;
/// use hookwire::format::listrak::{self, Contact};
///
/// let template = listrak::template(r#"{"total": "{{cart.total}}"}"#)?;
/// let contact = Contact::new().with_email("ada@example.com");
/// let body = template.render(&serde_json::json!({"cart": {"total": 9.5}}), &contact.appended())?;
/// assert_eq!(body.body().as_ref(), br#"{"total":9.5,"emailAddress":"ada@example.com"}"#);
/// assert_eq!(
///     listrak::template(r#"{"emailAddress": "x"}"#).unwrap_err(),
///     TemplateError::ReservedKey { key: "emailAddress".into() }
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn template(text: &str) -> Result<JsonTemplate, TemplateError> {
    JsonTemplate::new(text)?.with_appended_keys(CONTACT_KEYS)
}

/// A received JSON-mode body: the contact data Listrak appended, and every other field as
/// the template rendered it.
///
/// ```
/// use hookwire::format::listrak::{Contact, parse_template};
///
/// let body = parse_template(br#"{"order":1001,"emailAddress":"ada@example.com"}"#)?;
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

/// Reads a JSON-mode body ([`MEDIA_TYPE`](super::MEDIA_TYPE)): a JSON object, with the
/// appended [`EMAIL_KEY`](super::EMAIL_KEY) and [`PHONE_KEY`](super::PHONE_KEY) taken out into
/// [`TemplateBody::contact`].
///
/// ```
/// use hookwire::format::{ParseError, listrak::parse_template};
///
/// assert!(matches!(parse_template(b"[1]"), Err(ParseError::WrongType { .. })));
/// assert!(matches!(parse_template(br#"{"phoneNumber": 5}"#), Err(ParseError::WrongType { .. })));
/// assert!(matches!(parse_template(b"{"), Err(ParseError::InvalidJson { line: 1, .. })));
/// ```
pub fn parse_template(body: &[u8]) -> Result<TemplateBody, ParseError> {
    let mut fields = json_template::parse(body)?;
    let contact = Contact::take_from(&mut fields)?;
    Ok(TemplateBody { contact, fields })
}
