use serde_json::json;

use super::*;
use crate::format::json_template::Contact;

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

#[test]
fn coupon_codes_are_sent_only_when_the_step_includes_them() {
    let before = [
        PathStep::Coupon {
            name: "10% off".into(),
        },
        PathStep::Other {
            name: "Wait".into(),
        },
        PathStep::Coupon {
            name: "Free shipping".into(),
        },
    ];
    let with = WebhookStep::new(
        JourneyCategory::Abandonment,
        &before,
        StepMode::Payload {
            include_coupon_codes: true,
        },
    )
    .unwrap();
    let contact = Contact::new().with_email("ada@example.com");
    let sent = with
        .render(&Value::Null, Some(&full_cart()), &contact)
        .unwrap();
    let back = JourneyPayload::parse(sent.body()).unwrap();
    assert_eq!(back.coupon_codes, ["SAVE10", "FREESHIP"]);
    assert!(matches!(
        with.render(&Value::Null, None, &contact),
        Err(RenderError::MissingField { .. })
    ));
}

#[test]
fn step_errors_name_the_category() {
    let err = WebhookStep::new(
        JourneyCategory::Other("Welcome".into()),
        &[],
        StepMode::Payload {
            include_coupon_codes: false,
        },
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "payload mode is only available in Purchase, Abandonment and Alerts journeys, not Welcome; use a JSON template"
    );
    let err = WebhookStep::new(
        JourneyCategory::ShopifyTransactional,
        &[],
        StepMode::Json(json_template::JsonTemplate::new("{}").unwrap()),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "the webhook step is not available in Shopify Transactional journeys"
    );
}

#[test]
fn a_saved_step_is_checked_again_when_loaded() {
    let coupon = PathStep::Coupon {
        name: "10% off".into(),
    };
    let mode = StepMode::Payload {
        include_coupon_codes: true,
    };
    let step = WebhookStep::new(JourneyCategory::Abandonment, &[coupon], mode).unwrap();
    let saved = serde_json::to_value(&step).unwrap();
    assert_eq!(
        serde_json::from_value::<WebhookStep>(saved.clone()).unwrap(),
        step
    );

    let mut shopify = saved.clone();
    shopify["category"] = serde_json::to_value(JourneyCategory::ShopifyTransactional).unwrap();
    assert!(serde_json::from_value::<WebhookStep>(shopify).is_err());
    let mut no_coupon = saved;
    no_coupon["coupon_actions"] = serde_json::json!([]);
    let err = serde_json::from_value::<WebhookStep>(no_coupon).unwrap_err();
    assert!(err.to_string().contains("coupon"), "{err}");
}
