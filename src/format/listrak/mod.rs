//! Listrak journey webhook bodies (seed 000), in both of the webhook step's modes, rendered
//! and parsed.
//!
//! - [`JourneyPayload`]: the "Payload" mode — what "the advanced cart abandonment, advanced
//!   product browse, and advanced page browse entry events, as well as data captured about
//!   purchases" carry: products with quantity, category and price, the cart or order, pages,
//!   coupon codes — with every field hookwire does not model kept as it came.
//! - [`JourneyPayload::view`]: "View JSON", every possible field present.
//! - [`template`]: the "JSON" mode, a [`json_template`](crate::format::json_template) with
//!   the contact's keys reserved.
//! - [`Contact`]: "A contact's email address and phone number are automatically appended to
//!   the JSON schema or payload configured. Only the data points associated with the contact
//!   will be appended."
//! - [`parse`]: a received body, whichever mode rendered it ([`ListrakBody`]).
//!
//! Where a webhook step may stand and what it sends are the journey's configuration, in
//! [`presets::listrak`](crate::presets::listrak).
//!
//! ```
//! use hookwire::format::listrak::{self, JourneyEvent, JourneyPayload, ListrakBody, Product};
//!
//! let mut cart = JourneyPayload::new(JourneyEvent::AdvancedCartAbandonment);
//! cart.products.push(Product { quantity: Some(2), price: Some(4.5), ..Product::new("TEA-01") });
//! let payload = cart.render()?;
//! assert_eq!(listrak::parse(payload.body())?, ListrakBody::Journey(Box::new(cart)));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## On the wire
//!
//! The exact bodies: a "Payload" mode cart abandonment (fields left unset are not written; the
//! contact's email appended), and a "JSON" mode template with the contact's email and phone
//! appended after the template's own fields.
//!
//! ```
//! use hookwire::format::listrak::{self, Cart, Contact, JourneyEvent, JourneyPayload, Product};
//!
//! let mut cart = JourneyPayload::new(JourneyEvent::AdvancedCartAbandonment);
//! cart.products.push(Product { quantity: Some(2), price: Some(4.5), ..Product::new("TEA-01") });
//! cart.cart = Some(Cart { total: Some(9.0), currency: Some("USD".into()), ..Cart::default() });
//! cart.contact = Contact::new().with_email("ada@example.com");
//! let payload = cart.render()?;
//! assert_eq!(payload.content_type(), "application/json");
//! assert_eq!(
//!     std::str::from_utf8(payload.body())?,
//!     r#"{"eventType":"advancedCartAbandonment","products":[{"sku":"TEA-01","quantity":2,"price":4.5}],"cart":{"total":9.0,"currency":"USD"},"emailAddress":"ada@example.com"}"#
//! );
//!
//! let template = listrak::template(r#"{"total": "{{cart.total}}", "hi": "Hi {{contact.first_name}}"}"#)?;
//! let contact = Contact::new().with_email("ada@example.com").with_phone("+15555550100");
//! let data = serde_json::json!({"contact": {"first_name": "Ada"}, "cart": {"total": 42.5}});
//! let payload = template.render(&data, &contact.appended())?;
//! assert_eq!(
//!     std::str::from_utf8(payload.body())?,
//!     r#"{"total":42.5,"hi":"Hi Ada","emailAddress":"ada@example.com","phoneNumber":"+15555550100"}"#
//! );
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod contact;
mod payload;
mod template;
mod view;

use serde_json::Value;

pub use contact::{CONTACT_KEYS, Contact, EMAIL_KEY, PHONE_KEY};
pub use payload::{Cart, JourneyEvent, JourneyPayload, Order, Page, Product};
pub use template::{TemplateBody, parse_template, template};

use crate::format::{ParseError, RenderError};
use crate::payload::{APPLICATION_JSON, Payload};

/// The media type [`parse`] expects: `application/json`, for both modes.
///
/// ```
/// assert_eq!(hookwire::format::listrak::MEDIA_TYPE, "application/json");
/// ```
pub const MEDIA_TYPE: &str = APPLICATION_JSON;

impl JourneyPayload {
    /// The body Listrak sends: compact JSON, absent values and empty lists left out.
    /// Fails for a price or total that is not a finite number (JSON has no NaN).
    ///
    /// ```
    /// use hookwire::format::listrak::{JourneyEvent, JourneyPayload, Product};
    /// let mut p = JourneyPayload::new(JourneyEvent::Purchase);
    /// p.products.push(Product { price: Some(f64::NAN), ..Product::new("A1") });
    /// assert!(p.render().is_err());
    /// ```
    pub fn render(&self) -> Result<Payload, RenderError> {
        self.check_numbers()?;
        serde_json::to_vec(self)
            .map(Payload::json)
            .map_err(|err| RenderError::InvalidValue {
                field: "(journey payload)".to_owned(),
                reason: err.to_string(),
            })
    }

    /// "View JSON": the payload with "all possible fields" for its event present — null
    /// where this contact has no value, one all-null entry in an empty list — so a user sees
    /// the shape before the journey runs. Extra fields follow their object's known ones.
    ///
    /// ```
    /// use hookwire::format::listrak::{JourneyEvent, JourneyPayload};
    /// let view = JourneyPayload::new(JourneyEvent::Purchase).view();
    /// assert_eq!(view["order"]["orderNumber"], serde_json::Value::Null);
    /// assert_eq!(view["products"][0]["quantity"], serde_json::Value::Null);
    /// assert_eq!(view["emailAddress"], serde_json::Value::Null);
    /// ```
    pub fn view(&self) -> Value {
        let actual = serde_json::to_value(self).unwrap_or(Value::Null);
        view::fill(view::skeleton(self.event_type), actual)
    }

    /// Reads a payload-mode body.
    ///
    /// ```
    /// use hookwire::format::listrak::{JourneyEvent, JourneyPayload};
    /// let p = JourneyPayload::parse(br#"{"eventType":"purchase","loyaltyTier":"gold"}"#)?;
    /// assert_eq!(p.event_type, JourneyEvent::Purchase);
    /// assert_eq!(p.extra["loyaltyTier"], "gold");
    /// # Ok::<(), hookwire::format::ParseError>(())
    /// ```
    pub fn parse(body: &[u8]) -> Result<Self, ParseError> {
        // Duplicate keys first; then the typed read, whose errors carry line and column.
        crate::format::strict_json::from_slice(body)?;
        JourneyPayload::parse_checked(body)
    }

    /// [`JourneyPayload::parse`] for bytes already read once with duplicate keys refused.
    fn parse_checked(body: &[u8]) -> Result<Self, ParseError> {
        serde_json::from_slice(body).map_err(|err| ParseError::json(&err))
    }

    fn check_numbers(&self) -> Result<(), RenderError> {
        let bad = |field: &str| RenderError::InvalidValue {
            field: field.to_owned(),
            reason: "not a finite number".to_owned(),
        };
        let finite = |value: Option<f64>| value.is_none_or(f64::is_finite);
        for (index, product) in self.products.iter().enumerate() {
            if !finite(product.price) {
                return Err(bad(&format!("products.{index}.price")));
            }
        }
        if let Some(cart) = &self.cart
            && !finite(cart.total)
        {
            return Err(bad("cart.total"));
        }
        if let Some(order) = &self.order {
            for (name, value) in [
                ("order.subtotal", order.subtotal),
                ("order.tax", order.tax),
                ("order.shipping", order.shipping),
                ("order.total", order.total),
            ] {
                if !finite(value) {
                    return Err(bad(name));
                }
            }
        }
        Ok(())
    }
}

/// A received Listrak body, from either mode.
///
/// ```
/// use hookwire::format::listrak::{parse, ListrakBody};
/// assert!(matches!(parse(br#"{"anything":1}"#)?, ListrakBody::Template(_)));
/// # Ok::<(), hookwire::format::ParseError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ListrakBody {
    /// A payload-mode body (boxed: it is much larger than a template body).
    Journey(Box<JourneyPayload>),
    /// A JSON-mode body: whatever the template rendered, plus the contact.
    Template(TemplateBody),
}

/// Reads a body either mode rendered ([`MEDIA_TYPE`]). A top-level `"eventType"` naming a
/// [`JourneyEvent`] makes it a payload-mode body, read strictly (a wrong field type is an
/// error); anything else is a template body. A receiver that knows its step's mode can call
/// [`JourneyPayload::parse`] or [`parse_template`] directly.
///
/// ```
/// use hookwire::format::{ParseError, listrak::{parse, ListrakBody}};
/// let body = br#"{"eventType":"advancedPageBrowse","pages":[{"url":"https://e.com/a"}]}"#;
/// let ListrakBody::Journey(journey) = parse(body)? else { panic!() };
/// assert_eq!(journey.pages[0].url, "https://e.com/a");
/// assert!(parse(br#"{"eventType":"purchase","products":7}"#).is_err());
/// # Ok::<(), ParseError>(())
/// ```
pub fn parse(body: &[u8]) -> Result<ListrakBody, ParseError> {
    let template = parse_template(body)?;
    let is_journey = matches!(
        template.fields.get("eventType"),
        Some(Value::String(name)) if JourneyEvent::from_name(name).is_some()
    );
    if is_journey {
        // Read again from the bytes so errors carry their line and column.
        JourneyPayload::parse_checked(body).map(|journey| ListrakBody::Journey(Box::new(journey)))
    } else {
        Ok(ListrakBody::Template(template))
    }
}

#[cfg(test)]
mod tests;
