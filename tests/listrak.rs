//! Listrak (seed 000): `LTK-Timestamp` + `LTK-HmacSignature`, https integration URLs.

use std::time::Duration;

use base64::Engine as _;
use hmac::{KeyInit, Mac};
use hookwire::http::{HeaderMap, HeaderValue};
use hookwire::{
    DigestEncoding, Endpoint, EndpointError, Keyring, MessageId, Scheme, Secret, Signer, Timestamp,
    Verifier, VerifyError,
};

const SECRET: &str = "YOUR-SECRET-HERE";
const BODY: &str = r#"{"email":"ada@example.com","cart":[{"sku":"A1","qty":2}]}"#;
const TS: i64 = 1_700_000_000;

/// The seed's Python and C# samples: base64(HMAC-SHA256(secret, payload + timestamp)).
fn seed_python_signature(body: &str, timestamp: &str) -> String {
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
    mac.update(format!("{body}{timestamp}").as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// The seed's JavaScript sample: the same HMAC, `.digest('hex')`.
fn seed_javascript_signature(body: &str, timestamp: &str) -> String {
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
    mac.update(format!("{body}{timestamp}").as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

fn request(signature: &str) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert("LTK-Timestamp", HeaderValue::from(TS));
    headers.insert(
        "LTK-HmacSignature",
        HeaderValue::from_str(signature).unwrap(),
    );
    headers
}

fn verifier() -> Verifier {
    Verifier::new(
        Scheme::listrak(),
        Keyring::new().with(Secret::from_text(SECRET).unwrap()),
    )
    .unwrap()
}

#[test]
fn signs_like_the_python_and_csharp_samples() {
    // "Add the LTK-Timestamp to the end of the payload. Run the combined timestamp and payload
    // through a SHA256 HMAC algorithm with your secret as the HMAC secret key."
    let signer = Signer::new(
        Scheme::listrak(),
        Keyring::new().with(Secret::from_text(SECRET).unwrap()),
    )
    .unwrap();
    let signed = signer
        .sign(
            &MessageId::new("c-1").unwrap(),
            Timestamp::from_unix_secs(TS),
            BODY.as_bytes(),
        )
        .unwrap();
    assert_eq!(signed.get("LTK-Timestamp").unwrap(), &TS.to_string());
    assert_eq!(
        signed.get("LTK-HmacSignature").unwrap(),
        &seed_python_signature(BODY, &TS.to_string())
    );
}

#[test]
fn verifies_both_the_base64_and_the_hex_variant() {
    let now = Timestamp::from_unix_secs(TS);
    let b64 = seed_python_signature(BODY, &TS.to_string());
    let hex = seed_javascript_signature(BODY, &TS.to_string());
    assert!(
        verifier()
            .verify(&request(&b64), BODY.as_bytes(), now)
            .is_ok()
    );
    assert!(
        verifier()
            .verify(&request(&hex), BODY.as_bytes(), now)
            .is_ok()
    );
    assert!(
        verifier()
            .verify(&request(&hex.to_uppercase()), BODY.as_bytes(), now)
            .is_ok()
    );

    let hex_signer = Signer::new(
        Scheme::Listrak {
            encoding: DigestEncoding::Hex,
        },
        Keyring::new().with(Secret::from_text(SECRET).unwrap()),
    )
    .unwrap();
    let signed = hex_signer
        .sign(&MessageId::new("c-1").unwrap(), now, BODY.as_bytes())
        .unwrap();
    assert_eq!(signed.get("LTK-HmacSignature").unwrap(), &hex);
}

#[test]
fn tolerance_is_fifteen_minutes_by_default() {
    // "Verify LTK-Timestamp is within your allowed tolerance (for example: 15 minutes)."
    let sig = seed_python_signature(BODY, &TS.to_string());
    let v = verifier();
    assert!(
        v.verify(
            &request(&sig),
            BODY.as_bytes(),
            Timestamp::from_unix_secs(TS + 900)
        )
        .is_ok()
    );
    assert_eq!(
        v.verify(
            &request(&sig),
            BODY.as_bytes(),
            Timestamp::from_unix_secs(TS + 901)
        ),
        Err(VerifyError::TimestampTooOld {
            timestamp: Timestamp::from_unix_secs(TS),
            by: Duration::from_secs(1)
        })
    );
    // The seed only checks the past; hookwire also refuses timestamps from the far future.
    assert!(matches!(
        v.verify(
            &request(&sig),
            BODY.as_bytes(),
            Timestamp::from_unix_secs(TS - 901)
        ),
        Err(VerifyError::TimestampTooNew { .. })
    ));
}

#[test]
fn the_timestamp_header_is_part_of_what_is_signed() {
    let sig = seed_python_signature(BODY, &TS.to_string());
    let mut headers = request(&sig);
    headers.insert("LTK-Timestamp", HeaderValue::from(TS + 60));
    assert_eq!(
        verifier().verify(&headers, BODY.as_bytes(), Timestamp::from_unix_secs(TS)),
        Err(VerifyError::SignatureMismatch)
    );
}

#[test]
fn integration_urls_must_be_https() {
    // "The URL must contain the https protocol."
    let err = Endpoint::builder("http://hooks.example.com/listrak")
        .require_https(true)
        .build()
        .unwrap_err();
    assert!(matches!(err, EndpointError::HttpsRequired { .. }));
    assert!(
        Endpoint::builder("https://hooks.example.com/listrak")
            .require_https(true)
            .build()
            .is_ok()
    );
}

/// Delivery rules: "You can also determine what occurs if your webhook fails and is not able
/// to reach the third-party location. By default, a contact will be removed from journeys so
/// the data in Listrak and your third-party stays in sync. You can change this setting to move
/// to the next step in the journey. Errors in the webhook will also be logged in Listrak. At
/// this time it is not possible to re-initiate the webhook action for contacts where it failed."
mod delivery_rules {
    use hookwire::delivery::{ApiMisuse, Delivery, Message, OutcomeKind, Reply, Route, simulate};
    use hookwire::retry::{FailureAction, RetryPolicy};
    use hookwire::{
        Endpoint, Keyring, MessageId, Payload, Scheme, Secret, Signer, Timestamp, Verifier,
        presets::listrak,
    };

    const START: i64 = 1_700_000_000;

    fn delivery(policy: RetryPolicy) -> Delivery {
        let keys = Keyring::new().with(Secret::from_text("listrak-hmac-secret").unwrap());
        let route = Route::new(
            Endpoint::builder("https://partner.example.com/ltk")
                .require_https(true)
                .build()
                .unwrap(),
        )
        .with_signer(Signer::new(Scheme::listrak(), keys).unwrap())
        .with_policy(policy);
        let message = Message::new(
            MessageId::new("contact-42-step-7").unwrap(),
            Payload::json(r#"{"email":"ada@example.com"}"#),
        );
        Delivery::new(route, message, Timestamp::from_unix_secs(START))
    }

    #[test]
    fn a_failed_webhook_removes_the_contact_by_default() {
        let mut d = delivery(listrak::retry_policy());
        let outcome = simulate(&mut d, |_| Reply::status(500)).outcome;
        assert!(matches!(outcome.kind, OutcomeKind::Failed { .. }));
        assert!(outcome.kind.is_error(), "errors in the webhook are logged");
        assert_eq!(outcome.journey_action, Some(FailureAction::RemoveContact));
        assert_eq!(outcome.attempts, 3);
    }

    #[test]
    fn the_step_can_move_the_contact_on_instead() {
        let mut d = delivery(listrak::retry_policy_with(FailureAction::NextStep));
        let outcome = simulate(&mut d, |_| {
            Reply::Transport(hookwire::delivery::TransportFailure::Dns)
        })
        .outcome;
        assert_eq!(outcome.journey_action, Some(FailureAction::NextStep));
    }

    #[test]
    fn a_delivered_webhook_carries_no_journey_action() {
        let mut d = delivery(listrak::retry_policy());
        let outcome = simulate(&mut d, |_| Reply::status(200)).outcome;
        assert_eq!(outcome.kind, OutcomeKind::Delivered { status: 200 });
        assert_eq!(outcome.journey_action, None);
    }

    #[test]
    fn a_failed_delivery_cannot_be_re_initiated() {
        let mut d = delivery(listrak::retry_policy());
        let outcome = simulate(&mut d, |_| Reply::status(500)).outcome;
        let later = outcome
            .at
            .saturating_add(std::time::Duration::from_secs(3600));
        assert!(d.poll_transmit(later).is_none());
        assert_eq!(d.poll_timeout(), None);
        assert_eq!(d.cancel(later), Err(ApiMisuse::AlreadyFinished));
    }

    #[test]
    fn every_attempt_is_signed_with_ltk_headers_at_its_own_time() {
        let verifier = Verifier::new(
            Scheme::listrak(),
            Keyring::new().with(Secret::from_text("listrak-hmac-secret").unwrap()),
        )
        .unwrap();
        let mut d = delivery(listrak::retry_policy());
        let mut stamps = Vec::new();
        simulate(&mut d, |t| {
            let ts: i64 = t.request().headers()["ltk-timestamp"]
                .to_str()
                .unwrap()
                .parse()
                .unwrap();
            let at = Timestamp::from_unix_secs(ts);
            verifier
                .verify(t.request().headers(), t.request().body(), at)
                .unwrap();
            stamps.push(ts - START);
            Reply::status(503)
        });
        assert_eq!(stamps.len(), 3);
        assert!(stamps.windows(2).all(|w| w[1] > w[0]), "{stamps:?}");
    }
}

/// Seed 000's body formats: the "JSON" mode's templates and the "Payload" mode's journey data.
mod formats {
    use hookwire::format::json_template::{JsonTemplate, TemplateError};
    use hookwire::format::listrak::{
        self, Cart, Contact, JourneyEvent, JourneyPayload, ListrakBody, Order, Page, Product,
    };
    use hookwire::format::{ParseError, RenderError, json_template};
    use hookwire::presets::listrak::{JourneyCategory, PathStep, StepError, StepMode, WebhookStep};
    use hookwire::{Keyring, MessageId, Scheme, Secret, Signer, Timestamp, Verifier};
    use proptest::prelude::*;
    use serde_json::{Value, json};

    const TEMPLATE: &str = r#"{
        "source": "listrak",
        "customer": {"first": "{{contact.first_name}}", "vip": "{{contact.vip}}"},
        "message": "Hi {{contact.first_name}}, your {{cart.count}} items await",
        "items": "{{cart.items}}",
        "total": "{{cart.total}}"
    }"#;

    fn cart_data() -> Value {
        json!({
            "contact": {"first_name": "Zoë & \"Al\"", "vip": true},
            "cart": {
                "count": 2,
                "total": 17.5,
                "items": [{"sku": "TEA-01", "quantity": 2, "category": "Tea", "price": 4.5}]
            }
        })
    }

    fn full_purchase() -> JourneyPayload {
        let mut payload = JourneyPayload::new(JourneyEvent::Purchase);
        payload.products = vec![
            Product {
                title: Some("Green tea".into()),
                category: Some("Tea".into()),
                brand: Some("Leaf & Co".into()),
                quantity: Some(2),
                price: Some(4.5),
                url: Some("https://shop.example.com/p/tea-01?ref=a&b=c".into()),
                image_url: Some("https://cdn.example.com/tea-01.jpg".into()),
                ..Product::new("TEA-01")
            },
            Product {
                quantity: Some(1),
                price: Some(12.0),
                ..Product::new("POT-7")
            },
        ];
        payload.order = Some(Order {
            order_number: Some("1001".into()),
            order_date: Some("2026-12-01T14:00:00Z".into()),
            subtotal: Some(21.0),
            tax: Some(1.26),
            shipping: Some(0.0),
            total: Some(22.26),
            currency: Some("USD".into()),
            ..Order::default()
        });
        payload.coupon_codes = vec!["SAVE10".into()];
        payload.contact = Contact::new()
            .with_email("ada@example.com")
            .with_phone("+15550100");
        payload
    }

    /// "When configuring a webhook action step in Journey Hub, you will configure a JSON schema
    /// to specify the specific fields that will be sent back to the third-party location".
    #[test]
    fn a_json_template_renders_exact_bytes() {
        let template = listrak::template(TEMPLATE).unwrap();
        let body = template
            .render(
                &cart_data(),
                &Contact::new().with_email("zoe@example.com").appended(),
            )
            .unwrap();
        assert_eq!(body.content_type(), "application/json");
        insta::assert_snapshot!(
            "json_template_cart",
            std::str::from_utf8(body.body()).unwrap()
        );
    }

    /// "⚠️ The JSON must use standard JSON formatting."
    #[test]
    fn non_standard_json_is_refused_with_its_position() {
        for (text, line, column) in [
            ("{\n  \"a\": 1,\n}", 3, 1),           // trailing comma
            ("{\n  // note\n  \"a\": 1\n}", 2, 3), // comment
            ("{'a': 1}", 1, 2),                    // single quotes
        ] {
            match listrak::template(text) {
                Err(TemplateError::InvalidJson {
                    line: l, column: c, ..
                }) => assert_eq!((l, c), (line, column), "{text}"),
                other => panic!("{text}: {other:?}"),
            }
        }
    }

    /// "A contact's email address and phone number are automatically appended to the JSON
    /// schema or payload configured. Only the data points associated with the contact will be
    /// appended."
    #[test]
    fn only_the_contacts_own_data_points_are_appended() {
        let template = listrak::template(r#"{"a":1}"#).unwrap();
        let cases = [
            (Contact::new(), r#"{"a":1}"#),
            (
                Contact::new().with_email("ada@example.com"),
                r#"{"a":1,"emailAddress":"ada@example.com"}"#,
            ),
            (
                Contact::new().with_phone("+15550100"),
                r#"{"a":1,"phoneNumber":"+15550100"}"#,
            ),
            (
                Contact::new()
                    .with_email("ada@example.com")
                    .with_phone("+15550100"),
                r#"{"a":1,"emailAddress":"ada@example.com","phoneNumber":"+15550100"}"#,
            ),
        ];
        for (contact, expected) in cases {
            let body = template.render(&json!({}), &contact.appended()).unwrap();
            assert_eq!(std::str::from_utf8(body.body()).unwrap(), expected);
            assert_eq!(
                listrak::parse_template(body.body()).unwrap().contact,
                contact
            );
        }
        // The payload mode appends the same way.
        let mut payload = JourneyPayload::new(JourneyEvent::AdvancedProductBrowse);
        payload.contact = Contact::new().with_phone("+15550100");
        let body = payload.render().unwrap();
        assert_eq!(
            body.body().as_ref(),
            br#"{"eventType":"advancedProductBrowse","phoneNumber":"+15550100"}"#
        );
    }

    /// "You can use the preview JSON feature to ensure the desired data is being passed in
    /// your webhook."
    #[test]
    fn preview_shows_the_exact_body() {
        let template = listrak::template(TEMPLATE).unwrap();
        let contact = Contact::new().with_email("zoe@example.com");
        let preview = template.preview(&cart_data(), &contact.appended()).unwrap();
        let sent = template.render(&cart_data(), &contact.appended()).unwrap();
        assert_eq!(preview.body().as_bytes(), sent.body().as_ref());
        let placeholders = template
            .preview(&template.sample_data(), &Contact::new().appended())
            .unwrap();
        insta::assert_snapshot!("json_template_preview", placeholders.pretty());
    }

    /// Unknown merge fields: refused at build against a declared list, at render otherwise.
    #[test]
    fn unknown_fields_are_found_at_build_or_at_render() {
        let declared = ["contact", "cart.items", "cart.total", "cart.count"];
        assert!(JsonTemplate::with_fields(TEMPLATE, declared).is_ok());
        assert_eq!(
            JsonTemplate::with_fields(TEMPLATE, ["contact"]).unwrap_err(),
            TemplateError::UnknownField {
                path: "cart.count".into(),
                pointer: "/message".into(),
                line: 4,
                column: 53,
            }
        );
        let template = listrak::template(TEMPLATE).unwrap();
        assert_eq!(
            template
                .render(
                    &json!({"contact": {"first_name": "A", "vip": false}}),
                    &Contact::new().appended()
                )
                .unwrap_err(),
            RenderError::MissingField {
                path: "cart.count".into()
            }
        );
    }

    /// "Payload data includes all data captured for the event that triggers a contact into the
    /// journey. For example, the payload for an advanced cart abandonment journey could include
    /// the product, quantity, product category etc."
    #[test]
    fn journey_payloads_render_exact_bytes() {
        let mut cart = JourneyPayload::new(JourneyEvent::AdvancedCartAbandonment);
        cart.products.push(Product {
            category: Some("Tea".into()),
            quantity: Some(3),
            price: Some(4.5),
            ..Product::new("TEA-01")
        });
        cart.cart = Some(Cart {
            recovery_url: Some("https://shop.example.com/cart?id=9&t=%20".into()),
            total: Some(13.5),
            currency: Some("EUR".into()),
            abandoned_at: Some("2026-12-01T13:00:00Z".into()),
            ..Cart::default()
        });
        cart.contact = Contact::new().with_email("ada@example.com");
        insta::assert_snapshot!(
            "payload_cart_abandonment",
            std::str::from_utf8(cart.render().unwrap().body()).unwrap()
        );
        insta::assert_snapshot!(
            "payload_purchase",
            std::str::from_utf8(full_purchase().render().unwrap().body()).unwrap()
        );
        let mut pages = JourneyPayload::new(JourneyEvent::AdvancedPageBrowse);
        pages.pages.push(Page {
            url: "https://shop.example.com/teas".into(),
            title: Some("Teas".into()),
            ..Page::default()
        });
        insta::assert_snapshot!(
            "payload_page_browse",
            std::str::from_utf8(pages.render().unwrap().body()).unwrap()
        );
    }

    /// "Use View JSON button to preview the data that is included in the JSON about a
    /// contact's purchase or cart. All possible fields are included in the JSON, but a
    /// specific contact's cart or purchase information will fill in the fields that contain
    /// values."
    #[test]
    fn view_json_has_every_field_filled_where_known() {
        let mut payload = JourneyPayload::new(JourneyEvent::AdvancedCartAbandonment);
        payload.products.push(Product {
            quantity: Some(1),
            ..Product::new("TEA-01")
        });
        payload.contact = Contact::new().with_email("ada@example.com");
        insta::assert_snapshot!(
            "view_json_cart",
            serde_json::to_string_pretty(&payload.view()).unwrap()
        );
        let empty = JourneyPayload::new(JourneyEvent::Purchase).view();
        for key in [
            "orderNumber",
            "subtotal",
            "tax",
            "shipping",
            "total",
            "currency",
        ] {
            assert_eq!(empty["order"][key], Value::Null, "{key}");
        }
    }

    /// "The webhook action step is available in all journey types except Shopify
    /// Transactional journeys. The option to send data via JSON is available in all journeys.
    /// The option to send payload data is available in the journeys in the Purchase,
    /// Abandonment, and Alerts categories."
    #[test]
    fn availability_rules_are_checked_when_the_step_is_built() {
        let json = || StepMode::Json(JsonTemplate::new("{}").unwrap());
        let payload = || StepMode::Payload {
            include_coupon_codes: false,
        };
        let others = [
            JourneyCategory::Other("Welcome".into()),
            JourneyCategory::Other("Browse".into()),
        ];
        for category in [
            JourneyCategory::Purchase,
            JourneyCategory::Abandonment,
            JourneyCategory::Alerts,
        ] {
            assert!(WebhookStep::new(category.clone(), &[], json()).is_ok());
            assert!(WebhookStep::new(category, &[], payload()).is_ok());
        }
        for category in others {
            assert!(WebhookStep::new(category.clone(), &[], json()).is_ok());
            assert!(matches!(
                WebhookStep::new(category, &[], payload()),
                Err(StepError::PayloadUnavailable { .. })
            ));
        }
        for mode in [json(), payload()] {
            assert!(matches!(
                WebhookStep::new(JourneyCategory::ShopifyTransactional, &[], mode),
                Err(StepError::WebhookUnavailable { .. })
            ));
        }
    }

    /// "If desired, check the Include Coupon Code checkbox ⚠️ A coupon action must be
    /// configured in the path prior to the webhook step. If multiple coupons are included in
    /// the path all coupon codes will be sent via the webhook"
    #[test]
    fn coupon_codes_need_a_coupon_action_and_all_are_sent() {
        let include = StepMode::Payload {
            include_coupon_codes: true,
        };
        let no_coupon = [PathStep::Other {
            name: "Wait 1 hour".into(),
        }];
        let err = WebhookStep::new(JourneyCategory::Abandonment, &no_coupon, include.clone())
            .unwrap_err();
        assert_eq!(err, StepError::NoCouponAction);
        assert!(err.to_string().contains("coupon action"), "{err}");

        let path = [
            PathStep::Coupon {
                name: "10% off".into(),
            },
            PathStep::Other {
                name: "Email".into(),
            },
            PathStep::Coupon {
                name: "Free shipping".into(),
            },
        ];
        let step = WebhookStep::new(JourneyCategory::Purchase, &path, include).unwrap();
        assert_eq!(step.coupon_actions(), ["10% off", "Free shipping"]);
        let mut payload = full_purchase();
        payload.coupon_codes = vec!["SAVE10".into(), "FREESHIP".into()];
        let contact = payload.contact.clone();
        let body = step.render(&Value::Null, Some(&payload), &contact).unwrap();
        let ListrakBody::Journey(back) = listrak::parse(body.body()).unwrap() else {
            panic!("not a journey payload");
        };
        assert_eq!(back.coupon_codes, ["SAVE10", "FREESHIP"]);
        assert_eq!(*back, payload);
    }

    /// The rendered bytes are what Listrak's HMAC covers: sign them, verify them as received.
    #[test]
    fn rendered_bodies_sign_and_verify_as_is() {
        let ring = || Keyring::new().with(Secret::from_text(super::SECRET).unwrap());
        let body = full_purchase().render().unwrap();
        let now = Timestamp::from_unix_secs(super::TS);
        let mut headers = super::HeaderMap::new();
        Signer::new(Scheme::listrak(), ring())
            .unwrap()
            .sign(&MessageId::new("m-1").unwrap(), now, body.body())
            .unwrap()
            .apply_to(&mut headers);
        let verifier = Verifier::new(Scheme::listrak(), ring()).unwrap();
        assert!(verifier.verify(&headers, body.body(), now).is_ok());
        assert_eq!(
            listrak::parse(body.body()).unwrap(),
            ListrakBody::Journey(Box::new(full_purchase()))
        );
    }

    #[test]
    fn received_bodies_are_read_precisely() {
        assert!(matches!(
            listrak::parse(b"{\"eventType\":\"purchase\",\n\"products\":{}}"),
            Err(ParseError::InvalidJson { line: 2, .. })
        ));
        assert!(matches!(
            listrak::parse(b"not json"),
            Err(ParseError::InvalidJson { line: 1, .. })
        ));
        assert_eq!(listrak::MEDIA_TYPE, "application/json");
        assert_eq!(json_template::MEDIA_TYPE, "application/json");
    }

    /// End to end: a receiver verifies the Listrak signature, checks the media type
    /// (`listrak::MEDIA_TYPE`, else 415) and reads the body into typed journey data.
    #[test]
    fn a_receiver_reads_what_a_step_sent() {
        use hookwire::receive::{FnFormat, Receiver};

        let ring = || Keyring::new().with(Secret::from_text(super::SECRET).unwrap());
        let receiver = Receiver::builder(FnFormat::new(&[listrak::MEDIA_TYPE], |_, body| {
            listrak::parse(body)
        }))
        .verifier(Verifier::new(Scheme::listrak(), ring()).unwrap())
        .build()
        .unwrap();
        let payload = full_purchase().render().unwrap();
        let now = Timestamp::from_unix_secs(super::TS);
        let request = |content_type: &str| {
            let mut headers = super::HeaderMap::new();
            Signer::new(Scheme::listrak(), ring())
                .unwrap()
                .sign(&MessageId::new("m-1").unwrap(), now, payload.body())
                .unwrap()
                .apply_to(&mut headers);
            let mut request = http::Request::new(payload.body().clone());
            *request.method_mut() = http::Method::POST;
            *request.headers_mut() = headers;
            request
                .headers_mut()
                .insert("content-type", content_type.parse().unwrap());
            request
        };
        let peer = std::net::IpAddr::from([203, 0, 113, 9]);
        let accepted = receiver
            .receive(&request("application/json; charset=utf-8"), peer, now, None)
            .unwrap();
        assert_eq!(
            accepted.into_data(),
            ListrakBody::Journey(Box::new(full_purchase()))
        );
        let refused = receiver
            .receive(&request("text/plain"), peer, now, None)
            .unwrap_err();
        assert_eq!(refused.status(), 415);
    }

    fn text() -> impl Strategy<Value = String> {
        prop_oneof![
            Just(String::new()),
            "[a-z&=+% ]{0,12}",
            any::<String>(),
            Just("Zoë 😀 \"q\" \\ \u{2028}".to_owned()),
        ]
    }

    fn opt_text() -> impl Strategy<Value = Option<String>> {
        prop::option::of(text())
    }

    fn price() -> impl Strategy<Value = Option<f64>> {
        prop::option::of(prop_oneof![
            Just(0.0),
            (0u32..100_000).prop_map(|cents| f64::from(cents) / 100.0),
            -1e12f64..1e12
        ])
    }

    fn product() -> impl Strategy<Value = Product> {
        (
            text(),
            opt_text(),
            opt_text(),
            prop::option::of(any::<u32>()),
            price(),
            prop::collection::btree_map("[a-zA-Z]{1,6}", text(), 0..3),
        )
            .prop_map(|(sku, title, category, quantity, price, extra)| Product {
                title,
                category,
                quantity,
                price,
                extra: extra
                    .into_iter()
                    .filter(|(k, _)| {
                        ![
                            "sku", "title", "category", "brand", "quantity", "price", "url",
                            "imageUrl",
                        ]
                        .contains(&k.as_str())
                    })
                    .map(|(k, v)| (k, Value::String(v)))
                    .collect(),
                ..Product::new(sku)
            })
    }

    fn journey() -> impl Strategy<Value = JourneyPayload> {
        (
            prop::sample::select(JourneyEvent::ALL.to_vec()),
            prop::collection::vec(product(), 0..3),
            prop::option::of((opt_text(), price())),
            prop::collection::vec(text(), 0..3),
            opt_text(),
            opt_text(),
        )
            .prop_map(|(event, products, cart, coupons, email, phone)| {
                let mut payload = JourneyPayload::new(event);
                payload.products = products;
                payload.cart = cart.map(|(currency, total)| Cart {
                    currency,
                    total,
                    ..Cart::default()
                });
                payload.coupon_codes = coupons;
                let mut contact = Contact::new();
                if let Some(email) = email {
                    contact = contact.with_email(email);
                }
                if let Some(phone) = phone {
                    contact = contact.with_phone(phone);
                }
                payload.contact = contact;
                payload
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn journey_payloads_round_trip(payload in journey()) {
            let body = payload.render().unwrap();
            prop_assert_eq!(&JourneyPayload::parse(body.body()).unwrap(), &payload);
            prop_assert_eq!(listrak::parse(body.body()).unwrap(), ListrakBody::Journey(Box::new(payload)));
        }

        #[test]
        fn templates_round_trip(
            values in prop::collection::vec(text(), 3),
            number in any::<i64>(),
            email in opt_text(),
        ) {
            let template = listrak::template(
                r#"{"whole":"{{a}}","inside":"<{{b}}|{{n}}>","{{c}}!":"{{n}}","nested":{"list":["{{a}}",1]}}"#,
            ).unwrap();
            let data = json!({"a": values[0], "b": values[1], "c": values[2], "n": number});
            let contact = email.map_or_else(Contact::new, |e| Contact::new().with_email(e));
            let body = template.render(&data, &contact.appended()).unwrap();
            let parsed = listrak::parse_template(body.body()).unwrap();
            prop_assert_eq!(&parsed.contact, &contact);
            let expected = json!({
                "whole": values[0],
                "inside": format!("<{}|{}>", values[1], number),
                format!("{}!", values[2]): number,
                "nested": {"list": [values[0], 1]},
            });
            prop_assert_eq!(Value::Object(parsed.fields), expected);
        }
    }
}
