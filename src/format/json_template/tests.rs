use serde_json::json;

use super::*;

fn body(template: &str, data: Value, contact: &Contact) -> String {
    let payload = JsonTemplate::new(template)
        .unwrap()
        .render(&data, contact)
        .unwrap();
    String::from_utf8(payload.body().to_vec()).unwrap()
}

#[test]
fn a_whole_merge_field_keeps_its_json_type() {
    let data = json!({"n": 1.5, "o": {"k": [1, null]}, "a": [], "z": null, "t": true, "s": "x"});
    assert_eq!(
        body(
            r#"{"n":"{{n}}","o":"{{o}}","a":"{{a}}","z":"{{z}}","t":"{{t}}","s":"{{ s }}"}"#,
            data,
            &Contact::new()
        ),
        r#"{"n":1.5,"o":{"k":[1,null]},"a":[],"z":null,"t":true,"s":"x"}"#
    );
}

#[test]
fn fields_inside_text_interpolate() {
    let data = json!({"s": "a\"b", "n": 7, "z": null, "t": false});
    assert_eq!(
        body(
            r#"{"x":"<{{s}}|{{n}}|{{z}}|{{t}}>"}"#,
            data,
            &Contact::new()
        ),
        r#"{"x":"<a\"b|7||false>"}"#
    );
}

#[test]
fn objects_inside_text_are_an_error() {
    let template = JsonTemplate::new(r#"{"x":"cart: {{cart}}"}"#).unwrap();
    let err = template
        .render(&json!({"cart": {"a": 1}}), &Contact::new())
        .unwrap_err();
    assert!(
        matches!(&err, RenderError::InvalidValue { field, .. } if field == "cart"),
        "{err}"
    );
}

#[test]
fn keys_may_hold_merge_fields_but_never_duplicate() {
    let data = json!({"k": "sku", "dup": "b", "mail": "emailAddress"});
    assert_eq!(
        body(
            r#"{"{{k}}_1":1,"a":"{{k}}"}"#,
            data.clone(),
            &Contact::new()
        ),
        r#"{"sku_1":1,"a":"sku"}"#
    );
    let template = JsonTemplate::new(r#"{"b":1,"{{dup}}":2}"#).unwrap();
    assert!(matches!(
        template.render(&data, &Contact::new()),
        Err(RenderError::InvalidValue { .. })
    ));
    // A top-level key may not render as an appended contact key, even without a contact.
    let template = JsonTemplate::new(r#"{"{{mail}}":1}"#).unwrap();
    assert!(template.render(&data, &Contact::new()).is_err());
    // Nested objects may use the names freely.
    assert_eq!(
        body(r#"{"n":{"{{mail}}":1}}"#, data, &Contact::new()),
        r#"{"n":{"emailAddress":1}}"#
    );
}

#[test]
fn only_the_contacts_own_data_points_are_appended() {
    let t = r#"{"a":1}"#;
    assert_eq!(body(t, json!({}), &Contact::new()), r#"{"a":1}"#);
    assert_eq!(
        body(t, json!({}), &Contact::new().with_email("e@x.io")),
        r#"{"a":1,"emailAddress":"e@x.io"}"#
    );
    assert_eq!(
        body(t, json!({}), &Contact::new().with_phone("+1")),
        r#"{"a":1,"phoneNumber":"+1"}"#
    );
    assert_eq!(
        body(
            "{}",
            json!({}),
            &Contact::new().with_email("e").with_phone("p")
        ),
        r#"{"emailAddress":"e","phoneNumber":"p"}"#
    );
}

#[test]
fn build_errors_say_where() {
    let err = JsonTemplate::new("{\n \"a\": 1 2\n}").unwrap_err();
    assert!(
        matches!(
            err,
            TemplateError::InvalidJson {
                line: 2,
                column: 9,
                ..
            }
        ),
        "{err}"
    );
    let err = JsonTemplate::new("{\"a\":1,\n\"a\":2}").unwrap_err();
    assert!(
        matches!(&err, TemplateError::InvalidJson { line: 2, reason, .. } if reason.contains("duplicate")),
        "{err}"
    );
    assert_eq!(
        JsonTemplate::new(r#"{"x":[{"y":"a {{b"}]}"#).unwrap_err(),
        TemplateError::MergeFieldSyntax {
            pointer: "/x/0/y".into(),
            line: 1,
            column: 15,
            reason: "`{{` is never closed by `}}`"
        }
    );
    assert_eq!(
        JsonTemplate::new(r#"{"emailAddress":"x"}"#).unwrap_err(),
        TemplateError::ReservedKey {
            key: "emailAddress".into()
        }
    );
    assert!(matches!(
        JsonTemplate::with_fields("{}", ["a..b"]),
        Err(TemplateError::InvalidDeclaredField { .. })
    ));
    assert!(matches!(
        JsonTemplate::new("\"{{a}}\""),
        Err(TemplateError::NotAnObject { found: "a string" })
    ));
}

#[test]
fn depth_limit_is_inclusive() {
    // The root is level 1, so MAX_DEPTH - 1 nested arrays fit.
    let fits = format!(
        "{{\"a\":{}1{}}}",
        "[".repeat(MAX_DEPTH - 1),
        "]".repeat(MAX_DEPTH - 1)
    );
    assert!(JsonTemplate::new(&fits).is_ok());
    let deep = format!(
        "{{\"a\":{}1{}}}",
        "[".repeat(MAX_DEPTH),
        "]".repeat(MAX_DEPTH)
    );
    assert!(matches!(
        JsonTemplate::new(&deep),
        Err(TemplateError::TooDeep {
            limit: MAX_DEPTH,
            ..
        })
    ));
    // Far deeper than serde_json's own limit: still an error, never a stack overflow.
    let huge = format!("{{\"a\":{}", "[".repeat(100_000));
    assert!(JsonTemplate::new(&huge).is_err());
}

#[test]
fn serializes_as_its_source_and_checks_again() {
    let template = JsonTemplate::with_fields(r#"{"a":"{{x}}"}"#, ["x"]).unwrap();
    let json = serde_json::to_string(&template).unwrap();
    assert_eq!(json, r#"{"source":"{\"a\":\"{{x}}\"}","fields":["x"]}"#);
    assert_eq!(
        serde_json::from_str::<JsonTemplate>(&json).unwrap(),
        template
    );
    assert!(
        serde_json::from_str::<JsonTemplate>(r#"{"source":"{\"a\":\"{{y}}\"}","fields":["x"]}"#)
            .is_err()
    );
}

#[test]
fn parse_takes_the_contact_out() {
    let template = JsonTemplate::new(r#"{"a":"{{x}}","b":[1]}"#).unwrap();
    let contact = Contact::new().with_email("e@x.io").with_phone("+1");
    let payload = template.render(&json!({"x": "&=+%"}), &contact).unwrap();
    let parsed = parse(payload.body()).unwrap();
    assert_eq!(parsed.contact, contact);
    assert_eq!(Value::Object(parsed.fields), json!({"a": "&=+%", "b": [1]}));
}

mod no_panic {
    use proptest::prelude::*;

    use super::super::{Contact, JsonTemplate, parse};

    proptest! {
        /// Template-ish text from a JSON alphabet: building, rendering with its own sample
        /// data and previewing never panic, and a preview always reads back.
        #[test]
        fn any_text(text in r#"[{}\[\]":, a-c0-9.\\]{0,64}"#) {
            let _ = parse(text.as_bytes());
            if let Ok(template) = JsonTemplate::new(&text) {
                let sample = template.sample_data();
                let _ = template.render(&sample, &Contact::new().with_phone("1"));
                if let Ok(preview) = template.preview(&sample, &Contact::new()) {
                    prop_assert!(parse(preview.body().as_bytes()).is_ok());
                }
            }
        }
    }
}
