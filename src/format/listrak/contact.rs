//! [`Contact`]: the data points Listrak appends to every body it sends, in either mode.

use serde::{Deserialize, Serialize};

use crate::format::ParseError;

/// The key the contact's email address is appended under: `"emailAddress"`.
///
/// The seed names the data ("A contact's email address and phone number are automatically
/// appended") but not the keys; hookwire uses the names of Listrak's own contact API.
///
/// ```
/// assert_eq!(hookwire::format::listrak::EMAIL_KEY, "emailAddress");
/// ```
pub const EMAIL_KEY: &str = "emailAddress";

/// The key the contact's phone number is appended under: `"phoneNumber"`.
///
/// ```
/// assert_eq!(hookwire::format::listrak::PHONE_KEY, "phoneNumber");
/// ```
pub const PHONE_KEY: &str = "phoneNumber";

/// The keys a [`Contact`] is appended under, in the order they are written: what a JSON-mode
/// template reserves ([`template`](super::template)).
///
/// ```
/// use hookwire::format::listrak::{CONTACT_KEYS, EMAIL_KEY, PHONE_KEY};
/// assert_eq!(CONTACT_KEYS, [EMAIL_KEY, PHONE_KEY]);
/// ```
pub const CONTACT_KEYS: [&str; 2] = [EMAIL_KEY, PHONE_KEY];

/// The contact a journey step runs for: the email address and phone number appended to every
/// body, "only the data points associated with the contact" (seed 000).
///
/// An empty string counts as no value, so a contact without a phone number never sends
/// `"phoneNumber":""`.
///
/// ```
/// use hookwire::format::listrak::Contact;
///
/// let contact = Contact::new().with_email("ada@example.com").with_phone("");
/// assert_eq!(contact.email(), Some("ada@example.com"));
/// assert_eq!(contact.phone(), None);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Contact {
    #[serde(
        rename = "emailAddress",
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "non_empty"
    )]
    email: Option<String>,
    #[serde(
        rename = "phoneNumber",
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "non_empty"
    )]
    phone: Option<String>,
}

/// Reads an optional string, an empty one as none (it is no data point).
fn non_empty<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    Option::<String>::deserialize(deserializer).map(|value| value.filter(|text| !text.is_empty()))
}

impl Contact {
    /// A contact with neither email address nor phone number.
    ///
    /// ```
    /// assert!(hookwire::format::listrak::Contact::new().is_empty());
    /// ```
    #[must_use]
    pub fn new() -> Self {
        Contact::default()
    }

    /// This contact with an email address (none if `email` is empty).
    ///
    /// ```
    /// let c = hookwire::format::listrak::Contact::new().with_email("a@b.c");
    /// assert_eq!(c.email(), Some("a@b.c"));
    /// ```
    #[must_use]
    pub fn with_email(mut self, email: impl Into<String>) -> Self {
        self.email = Some(email.into()).filter(|e| !e.is_empty());
        self
    }

    /// This contact with a phone number (none if `phone` is empty).
    ///
    /// ```
    /// let c = hookwire::format::listrak::Contact::new().with_phone("+15550100");
    /// assert_eq!(c.phone(), Some("+15550100"));
    /// ```
    #[must_use]
    pub fn with_phone(mut self, phone: impl Into<String>) -> Self {
        self.phone = Some(phone.into()).filter(|p| !p.is_empty());
        self
    }

    /// The email address, if the contact has one.
    ///
    /// ```
    /// assert_eq!(hookwire::format::listrak::Contact::new().email(), None);
    /// ```
    pub fn email(&self) -> Option<&str> {
        self.email.as_deref()
    }

    /// The phone number, if the contact has one.
    ///
    /// ```
    /// assert_eq!(hookwire::format::listrak::Contact::new().phone(), None);
    /// ```
    pub fn phone(&self) -> Option<&str> {
        self.phone.as_deref()
    }

    /// Whether the contact has neither value.
    ///
    /// ```
    /// use hookwire::format::listrak::Contact;
    /// assert!(!Contact::new().with_phone("+15550100").is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.email.is_none() && self.phone.is_none()
    }

    /// The `(key, value)` pairs to append, in order: email first, then phone, each only if
    /// the contact has it. A JSON-mode template renders with them
    /// ([`JsonTemplate::render`](crate::format::json_template::JsonTemplate::render)).
    ///
    /// ```
    /// use hookwire::format::listrak::Contact;
    /// let contact = Contact::new().with_phone("+15550100");
    /// assert_eq!(contact.appended(), [("phoneNumber", "+15550100")]);
    /// ```
    pub fn appended(&self) -> Vec<(&'static str, &str)> {
        let mut pairs = Vec::with_capacity(2);
        if let Some(email) = self.email() {
            pairs.push((EMAIL_KEY, email));
        }
        if let Some(phone) = self.phone() {
            pairs.push((PHONE_KEY, phone));
        }
        pairs
    }

    /// Takes the appended keys out of a received body's top-level object.
    pub(crate) fn take_from(
        object: &mut serde_json::Map<String, serde_json::Value>,
    ) -> Result<Self, ParseError> {
        let mut take = |key: &str| match object.shift_remove(key) {
            None | Some(serde_json::Value::Null) => Ok(None),
            Some(serde_json::Value::String(text)) => Ok(Some(text).filter(|t| !t.is_empty())),
            Some(_) => Err(ParseError::WrongType {
                field: key.to_owned(),
                expected: "a string",
            }),
        };
        Ok(Contact {
            email: take(EMAIL_KEY)?,
            phone: take(PHONE_KEY)?,
        })
    }
}
