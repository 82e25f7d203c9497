use serde_json::json;

use super::*;

fn full_cart() -> JourneyPayload {
    let mut payload = JourneyPayload::new(JourneyEvent::AdvancedCartAbandonment);
    payload.products.push(Product {
        title: Some("Green tea".into()),
        category: Some("Tea".into()),
        quantity: Some(2),
        price: Some(4.5),
        ..Product::new("TEA-01")
    });
    payload.cart = Some(Cart {
        total: Some(9.0),
        currency: Some("USD".into()),
        ..Cart::default()
    });
    payload.coupon_codes = vec!["SAVE10".into(), "FREESHIP".into()];
    payload.contact = Contact::new().with_email("ada@example.com");
    payload.extra.insert("storeId".into(), json!(7));
    payload
}

#[test]
fn contact_and_extras_follow_the_payloads_fields_and_round_trip() {
    let payload = full_cart();
    let rendered = payload.render().unwrap();
    let text = std::str::from_utf8(rendered.body()).unwrap();
    assert!(
        text.ends_with(
            r#""couponCodes":["SAVE10","FREESHIP"],"emailAddress":"ada@example.com","storeId":7}"#
        ),
        "{text}"
    );
    assert_eq!(JourneyPayload::parse(rendered.body()).unwrap(), payload);
    assert_eq!(
        parse(rendered.body()).unwrap(),
        ListrakBody::Journey(Box::new(payload))
    );
}

#[test]
fn extras_are_kept_at_every_level_and_contact_keys_do_not_leak_into_them() {
    let body = br#"{"eventType":"purchase","order":{"orderNumber":"1","giftWrap":true},
        "products":[{"sku":"A","size":"L"}],"phoneNumber":"+1","x":[1]}"#;
    let payload = JourneyPayload::parse(body).unwrap();
    assert_eq!(payload.order.as_ref().unwrap().extra["giftWrap"], true);
    assert_eq!(payload.products[0].extra["size"], "L");
    assert_eq!(payload.contact.phone(), Some("+1"));
    assert!(!payload.extra.contains_key("phoneNumber"));
    assert_eq!(payload.extra["x"], json!([1]));
}

#[test]
fn view_shows_every_field_filled_where_known() {
    let view = full_cart().view();
    assert_eq!(view["products"][0]["sku"], "TEA-01");
    assert_eq!(view["products"][0]["brand"], Value::Null);
    assert_eq!(view["cart"]["recoveryUrl"], Value::Null);
    assert_eq!(view["cart"]["total"], 9.0);
    assert_eq!(view["phoneNumber"], Value::Null);
    assert_eq!(view["storeId"], 7);
    let page = JourneyPayload::new(JourneyEvent::AdvancedPageBrowse).view();
    assert_eq!(page["pages"][0]["url"], Value::Null);
    assert!(page.get("products").is_none());
}

#[test]
fn template_bodies_are_not_mistaken_for_journeys() {
    for body in [
        &br#"{"eventType":"refund"}"#[..],
        br#"{"eventType":5}"#,
        br#"{}"#,
    ] {
        assert!(matches!(parse(body), Ok(ListrakBody::Template(_))));
    }
    assert!(matches!(
        parse(br#"{"eventType":"purchase","emailAddress":1}"#),
        Err(ParseError::WrongType { .. })
    ));
}
