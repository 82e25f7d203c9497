//! The journey payload's types: what a cart, a browse or a purchase holds.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::contact::Contact;

/// The journey entry event whose data a payload carries (seed 000: "journeys that use the
/// advanced cart abandonment, advanced product browse, and advanced page browse entry events,
/// as well as data captured about purchases"). It travels as `"eventType"`.
///
/// ```
/// use hookwire::format::listrak::JourneyEvent;
/// assert_eq!(serde_json::to_string(&JourneyEvent::AdvancedCartAbandonment)?, r#""advancedCartAbandonment""#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum JourneyEvent {
    /// A contact left items in a cart: `"advancedCartAbandonment"`.
    AdvancedCartAbandonment,
    /// A contact looked at products: `"advancedProductBrowse"`.
    AdvancedProductBrowse,
    /// A contact looked at pages: `"advancedPageBrowse"`.
    AdvancedPageBrowse,
    /// A contact bought something: `"purchase"`.
    Purchase,
}

impl JourneyEvent {
    /// Every event, in declaration order.
    ///
    /// ```
    /// assert_eq!(hookwire::format::listrak::JourneyEvent::ALL.len(), 4);
    /// ```
    pub const ALL: [JourneyEvent; 4] = [
        JourneyEvent::AdvancedCartAbandonment,
        JourneyEvent::AdvancedProductBrowse,
        JourneyEvent::AdvancedPageBrowse,
        JourneyEvent::Purchase,
    ];

    /// The `"eventType"` value.
    ///
    /// ```
    /// assert_eq!(hookwire::format::listrak::JourneyEvent::Purchase.as_str(), "purchase");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            JourneyEvent::AdvancedCartAbandonment => "advancedCartAbandonment",
            JourneyEvent::AdvancedProductBrowse => "advancedProductBrowse",
            JourneyEvent::AdvancedPageBrowse => "advancedPageBrowse",
            JourneyEvent::Purchase => "purchase",
        }
    }

    /// The event named `name`, if it is one.
    ///
    /// ```
    /// use hookwire::format::listrak::JourneyEvent;
    /// assert_eq!(JourneyEvent::from_name("purchase"), Some(JourneyEvent::Purchase));
    /// assert_eq!(JourneyEvent::from_name("refund"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<Self> {
        JourneyEvent::ALL.into_iter().find(|e| e.as_str() == name)
    }
}

/// Everything captured for the event that brought a contact into the journey ("Payload data
/// includes all data captured for the event that triggers a contact into the journey").
///
/// Absent values and empty lists are left out of the wire form; [`view`](Self::view) shows
/// every possible field. The contact's email address and phone number follow the payload's
/// own fields, then any extra fields, which are kept as they came.
///
/// ```
/// use hookwire::format::listrak::{Contact, JourneyEvent, JourneyPayload, Product};
///
/// let mut payload = JourneyPayload::new(JourneyEvent::AdvancedProductBrowse);
/// payload.products.push(Product { quantity: Some(1), ..Product::new("TEA-01") });
/// payload.contact = Contact::new().with_email("ada@example.com");
/// assert_eq!(
///     payload.render()?.body().as_ref(),
///     br#"{"eventType":"advancedProductBrowse","products":[{"sku":"TEA-01","quantity":1}],"emailAddress":"ada@example.com"}"#
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JourneyPayload {
    /// The entry event.
    pub event_type: JourneyEvent,
    /// The products in the cart, browsed, or bought.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub products: Vec<Product>,
    /// The cart (cart abandonment).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cart: Option<Cart>,
    /// The order (purchase).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<Order>,
    /// The pages browsed (page browse).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pages: Vec<Page>,
    /// Codes from the coupon actions before the webhook step, in path order ("If multiple
    /// coupons are included in the path all coupon codes will be sent via the webhook").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub coupon_codes: Vec<String>,
    /// The contact's appended email address and phone number.
    #[serde(flatten)]
    pub contact: Contact,
    /// Fields hookwire does not model, kept in order.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl JourneyPayload {
    /// An empty payload for `event_type`.
    ///
    /// ```
    /// use hookwire::format::listrak::{JourneyEvent, JourneyPayload};
    /// assert!(JourneyPayload::new(JourneyEvent::Purchase).products.is_empty());
    /// ```
    pub fn new(event_type: JourneyEvent) -> Self {
        JourneyPayload {
            event_type,
            products: Vec::new(),
            cart: None,
            order: None,
            pages: Vec::new(),
            coupon_codes: Vec::new(),
            contact: Contact::new(),
            extra: Map::new(),
        }
    }
}

/// One product line: in a cart, browsed, or in an order ("the product, quantity, product
/// category etc.").
///
/// ```
/// use hookwire::format::listrak::Product;
/// let tea = Product { category: Some("Tea".into()), price: Some(4.5), ..Product::new("TEA-01") };
/// assert_eq!(serde_json::to_string(&tea)?, r#"{"sku":"TEA-01","category":"Tea","price":4.5}"#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Product {
    /// The stock-keeping unit.
    pub sku: String,
    /// The product's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Its category.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// Its brand.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub brand: Option<String>,
    /// How many.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantity: Option<u32>,
    /// The unit price (a finite number).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price: Option<f64>,
    /// The product page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The product image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_url: Option<String>,
    /// Fields hookwire does not model, kept in order.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Product {
    /// A product with only its SKU.
    ///
    /// ```
    /// assert_eq!(hookwire::format::listrak::Product::new("A1").sku, "A1");
    /// ```
    pub fn new(sku: impl Into<String>) -> Self {
        Product {
            sku: sku.into(),
            ..Product::default()
        }
    }
}

/// The abandoned cart.
///
/// ```
/// let cart = hookwire::format::listrak::Cart { total: Some(9.0), ..Default::default() };
/// assert_eq!(serde_json::to_string(&cart)?, r#"{"total":9.0}"#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Cart {
    /// The link that restores the cart.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recovery_url: Option<String>,
    /// The cart's total.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<f64>,
    /// ISO 4217 currency code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// When the cart was abandoned (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub abandoned_at: Option<String>,
    /// Fields hookwire does not model, kept in order.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The purchase.
///
/// ```
/// let order = hookwire::format::listrak::Order { order_number: Some("1001".into()), ..Default::default() };
/// assert_eq!(serde_json::to_string(&order)?, r#"{"orderNumber":"1001"}"#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Order {
    /// The order number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_number: Option<String>,
    /// When it was placed (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_date: Option<String>,
    /// Before tax and shipping.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subtotal: Option<f64>,
    /// Tax.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tax: Option<f64>,
    /// Shipping.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shipping: Option<f64>,
    /// The total charged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<f64>,
    /// ISO 4217 currency code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// Fields hookwire does not model, kept in order.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A page the contact browsed.
///
/// ```
/// let page = hookwire::format::listrak::Page { url: "https://shop.example.com/tea".into(), ..Default::default() };
/// assert_eq!(serde_json::to_string(&page)?, r#"{"url":"https://shop.example.com/tea"}"#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Page {
    /// The page's URL.
    pub url: String,
    /// Its title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Its category.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// When it was viewed (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub viewed_at: Option<String>,
    /// Fields hookwire does not model, kept in order.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
