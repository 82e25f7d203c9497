//! "View JSON": the payload with every possible field present.

use serde_json::{Map, Value};

use super::JourneyEvent;

const PRODUCT: &[&str] = &[
    "sku", "title", "category", "brand", "quantity", "price", "url", "imageUrl",
];
const CART: &[&str] = &["recoveryUrl", "total", "currency", "abandonedAt"];
const ORDER: &[&str] = &[
    "orderNumber",
    "orderDate",
    "subtotal",
    "tax",
    "shipping",
    "total",
    "currency",
];
const PAGE: &[&str] = &["url", "title", "category", "viewedAt"];

fn nulls(keys: &[&str]) -> Value {
    Value::Object(
        keys.iter()
            .map(|k| ((*k).to_owned(), Value::Null))
            .collect(),
    )
}

/// Every field `event` can carry, each null (lists hold one all-null entry).
pub(super) fn skeleton(event: JourneyEvent) -> Value {
    let mut top = Map::new();
    top.insert("eventType".into(), Value::String(event.as_str().to_owned()));
    match event {
        JourneyEvent::AdvancedPageBrowse => {
            top.insert("pages".into(), Value::Array(vec![nulls(PAGE)]));
        }
        _ => {
            top.insert("products".into(), Value::Array(vec![nulls(PRODUCT)]));
        }
    }
    match event {
        JourneyEvent::AdvancedCartAbandonment => {
            top.insert("cart".into(), nulls(CART));
        }
        JourneyEvent::Purchase => {
            top.insert("order".into(), nulls(ORDER));
        }
        _ => {}
    }
    top.insert("couponCodes".into(), Value::Array(Vec::new()));
    top.insert("emailAddress".into(), Value::Null);
    top.insert("phoneNumber".into(), Value::Null);
    Value::Object(top)
}

/// `actual` laid over `skeleton`: the skeleton's keys in its order, filled where `actual` has
/// a value, then `actual`'s other keys. A list takes the skeleton's one entry as the shape of
/// each of its own entries, and shows that entry alone when it is empty.
pub(super) fn fill(skeleton: Value, actual: Value) -> Value {
    match (skeleton, actual) {
        (Value::Object(skeleton), Value::Object(mut actual)) => {
            let mut out = Map::with_capacity(skeleton.len() + actual.len());
            for (key, shape) in skeleton {
                let value = match actual.shift_remove(&key) {
                    Some(value) => fill(shape, value),
                    None => shape,
                };
                out.insert(key, value);
            }
            out.extend(actual);
            Value::Object(out)
        }
        (Value::Array(mut shape), Value::Array(items)) => match shape.pop() {
            Some(shape) if items.is_empty() => Value::Array(vec![shape]),
            Some(shape) => Value::Array(
                items
                    .into_iter()
                    .map(|item| fill(shape.clone(), item))
                    .collect(),
            ),
            None => Value::Array(items),
        },
        (_, actual) => actual,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::listrak::{Cart, JourneyPayload, Order, Page, Product};

    /// Every field the types can write appears in the skeleton, so the view cannot drift.
    #[test]
    fn skeletons_cover_every_field() {
        let keys = |value: Value| match value {
            Value::Object(map) => map.keys().cloned().collect::<Vec<_>>(),
            _ => Vec::new(),
        };
        let full_product = Product {
            title: Some(String::new()),
            category: Some(String::new()),
            brand: Some(String::new()),
            quantity: Some(1),
            price: Some(1.0),
            url: Some(String::new()),
            image_url: Some(String::new()),
            ..Product::new("s")
        };
        assert_eq!(keys(serde_json::to_value(full_product).unwrap()), PRODUCT);
        let cart = Cart {
            recovery_url: Some(String::new()),
            total: Some(1.0),
            currency: Some(String::new()),
            abandoned_at: Some(String::new()),
            ..Cart::default()
        };
        assert_eq!(keys(serde_json::to_value(cart).unwrap()), CART);
        let order = Order {
            order_number: Some(String::new()),
            order_date: Some(String::new()),
            subtotal: Some(1.0),
            tax: Some(1.0),
            shipping: Some(1.0),
            total: Some(1.0),
            currency: Some(String::new()),
            ..Order::default()
        };
        assert_eq!(keys(serde_json::to_value(order).unwrap()), ORDER);
        let page = Page {
            title: Some(String::new()),
            category: Some(String::new()),
            viewed_at: Some(String::new()),
            ..Page::default()
        };
        assert_eq!(keys(serde_json::to_value(page).unwrap()), PAGE);
        let mut payload = JourneyPayload::new(JourneyEvent::Purchase);
        payload.coupon_codes.push("C".into());
        payload.contact = super::super::Contact::new().with_email("e").with_phone("p");
        payload.products.push(Product::new("s"));
        payload.order = Some(Order::default());
        let written = keys(serde_json::to_value(&payload).unwrap());
        let shown = keys(skeleton(JourneyEvent::Purchase));
        assert_eq!(written, shown);
    }
}
