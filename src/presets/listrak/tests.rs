use serde_json::{Value, json};

use super::*;
use crate::format::RenderError;
use crate::format::json_template::{JsonTemplate, TemplateError};
use crate::format::listrak::{Cart, Contact, JourneyEvent, JourneyPayload, Product};

fn full_cart() -> JourneyPayload {
    let mut payload = JourneyPayload::new(JourneyEvent::AdvancedCartAbandonment);
    payload.products.push(Product {
        quantity: Some(2),
        price: Some(4.5),
        ..Product::new("TEA-01")
    });
    payload.cart = Some(Cart {
        total: Some(9.0),
        ..Cart::default()
    });
    payload.coupon_codes = vec!["SAVE10".into(), "FREESHIP".into()];
    payload
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
        StepMode::Json(JsonTemplate::new("{}").unwrap()),
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

#[test]
fn a_json_step_leaves_the_contact_keys_to_the_contact() {
    let json = |text: &str| StepMode::Json(JsonTemplate::new(text).unwrap());
    let step = WebhookStep::new(JourneyCategory::Purchase, &[], json(r#"{"a":"{{a}}"}"#)).unwrap();
    let contact = Contact::new()
        .with_email("ada@example.com")
        .with_phone("+1");
    let body = step.render(&json!({"a": 1}), None, &contact).unwrap();
    assert_eq!(
        body.body().as_ref(),
        br#"{"a":1,"emailAddress":"ada@example.com","phoneNumber":"+1"}"#
    );
    assert_eq!(
        WebhookStep::new(
            JourneyCategory::Purchase,
            &[],
            json(r#"{"emailAddress":1}"#)
        )
        .unwrap_err(),
        StepError::Template(TemplateError::ReservedKey {
            key: "emailAddress".into()
        })
    );
}
