use serde_json::json;

use super::*;

/// The keys Listrak appends its contact under, reserved the way its templates reserve them.
const CONTACT: [&str; 2] = ["emailAddress", "phoneNumber"];

fn template(text: &str) -> JsonTemplate {
    JsonTemplate::new(text)
        .unwrap()
        .with_appended_keys(CONTACT)
        .unwrap()
}

fn body(text: &str, data: Value, appended: &[(&str, &str)]) -> String {
    let payload = template(text).render(&data, appended).unwrap();
    String::from_utf8(payload.body().to_vec()).unwrap()
}

#[test]
fn a_whole_merge_field_keeps_its_json_type() {
    let data = json!({"n": 1.5, "o": {"k": [1, null]}, "a": [], "z": null, "t": true, "s": "x"});
    assert_eq!(
        body(
            r#"{"n":"{{n}}","o":"{{o}}","a":"{{a}}","z":"{{z}}","t":"{{t}}","s":"{{ s }}"}"#,
            data,
            &[]
        ),
        r#"{"n":1.5,"o":{"k":[1,null]},"a":[],"z":null,"t":true,"s":"x"}"#
    );
}

#[test]
fn fields_inside_text_interpolate() {
    let data = json!({"s": "a\"b", "n": 7, "z": null, "t": false});
    assert_eq!(
        body(r#"{"x":"<{{s}}|{{n}}|{{z}}|{{t}}>"}"#, data, &[]),
        r#"{"x":"<a\"b|7||false>"}"#
    );
}

#[test]
fn objects_inside_text_are_an_error() {
    let err = template(r#"{"x":"cart: {{cart}}"}"#)
        .render(&json!({"cart": {"a": 1}}), &[])
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
        body(r#"{"{{k}}_1":1,"a":"{{k}}"}"#, data.clone(), &[]),
        r#"{"sku_1":1,"a":"sku"}"#
    );
    let duplicating = JsonTemplate::new(r#"{"b":1,"{{dup}}":2}"#).unwrap();
    assert!(matches!(
        duplicating.render(&data, &[]),
        Err(RenderError::InvalidValue { .. })
    ));
    // A top-level key may not render as an appended key, even with no value to append.
    assert!(template(r#"{"{{mail}}":1}"#).render(&data, &[]).is_err());
    // Nested objects may use the names freely.
    assert_eq!(
        body(r#"{"n":{"{{mail}}":1}}"#, data, &[]),
        r#"{"n":{"emailAddress":1}}"#
    );
}

#[test]
fn only_the_given_appended_fields_are_written() {
    let t = r#"{"a":1}"#;
    assert_eq!(body(t, json!({}), &[]), r#"{"a":1}"#);
    assert_eq!(
        body(t, json!({}), &[("emailAddress", "e@x.io")]),
        r#"{"a":1,"emailAddress":"e@x.io"}"#
    );
    assert_eq!(
        body(t, json!({}), &[("phoneNumber", "+1")]),
        r#"{"a":1,"phoneNumber":"+1"}"#
    );
    assert_eq!(
        body(
            "{}",
            json!({}),
            &[("emailAddress", "e"), ("phoneNumber", "p")]
        ),
        r#"{"emailAddress":"e","phoneNumber":"p"}"#
    );
}

#[test]
fn appended_keys_are_reserved_and_the_only_ones_appended() {
    let plain = JsonTemplate::new(r#"{"a":1}"#).unwrap();
    // A template that reserved nothing appends nothing: the key could be one of its own.
    assert!(matches!(
        plain.render(&json!({}), &[("a", "2")]),
        Err(RenderError::InvalidValue { ref field, .. }) if field == "a"
    ));
    let t = template(r#"{"a":1}"#);
    assert!(
        t.render(&json!({}), &[("emailAddress", "e"), ("emailAddress", "f")])
            .is_err()
    );
    // Reserving a key twice, or again after a round trip, reserves it once.
    let again = t.clone().with_appended_keys(["emailAddress"]).unwrap();
    assert_eq!(again.appended_keys(), CONTACT);
    // Without a reservation the generic template may use any key.
    assert!(JsonTemplate::new(r#"{"emailAddress":"x"}"#).is_ok());
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
        JsonTemplate::new(r#"{"emailAddress":"x"}"#)
            .and_then(|t| t.with_appended_keys(CONTACT))
            .unwrap_err(),
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
    let declared = JsonTemplate::with_fields(r#"{"a":"{{x}}"}"#, ["x"]).unwrap();
    let json = serde_json::to_string(&declared).unwrap();
    assert_eq!(json, r#"{"source":"{\"a\":\"{{x}}\"}","fields":["x"]}"#);
    assert_eq!(
        serde_json::from_str::<JsonTemplate>(&json).unwrap(),
        declared
    );
    assert!(
        serde_json::from_str::<JsonTemplate>(r#"{"source":"{\"a\":\"{{y}}\"}","fields":["x"]}"#)
            .is_err()
    );
    // Appended keys are kept, and checked again.
    let appending = template(r#"{"a":1}"#);
    let json = serde_json::to_string(&appending).unwrap();
    assert_eq!(
        json,
        r#"{"source":"{\"a\":1}","appended":["emailAddress","phoneNumber"]}"#
    );
    assert_eq!(
        serde_json::from_str::<JsonTemplate>(&json).unwrap(),
        appending
    );
    assert!(
        serde_json::from_str::<JsonTemplate>(
            r#"{"source":"{\"phoneNumber\":1}","appended":["phoneNumber"]}"#
        )
        .is_err()
    );
}

#[test]
fn parse_reads_every_member_in_order() {
    let appended = [("emailAddress", "e@x.io"), ("phoneNumber", "+1")];
    let payload = template(r#"{"a":"{{x}}","b":[1]}"#)
        .render(&json!({"x": "&=+%"}), &appended)
        .unwrap();
    let parsed = parse(payload.body()).unwrap();
    assert_eq!(
        parsed.keys().collect::<Vec<_>>(),
        ["a", "b", "emailAddress", "phoneNumber"]
    );
    assert_eq!(
        Value::Object(parsed),
        json!({"a": "&=+%", "b": [1], "emailAddress": "e@x.io", "phoneNumber": "+1"})
    );
}

mod no_panic {
    use proptest::prelude::*;

    use super::super::{JsonTemplate, parse};

    proptest! {
        /// Template-ish text from a JSON alphabet: building, rendering with its own sample
        /// data and previewing never panic, and a preview always reads back.
        #[test]
        fn any_text(text in r#"[{}\[\]":, a-c0-9.\\]{0,64}"#) {
            let _ = parse(text.as_bytes());
            if let Ok(template) = JsonTemplate::new(&text).and_then(|t| t.with_appended_keys(["p"])) {
                let sample = template.sample_data();
                let _ = template.render(&sample, &[("p", "1")]);
                if let Ok(preview) = template.preview(&sample, &[]) {
                    prop_assert!(parse(preview.body().as_bytes()).is_ok());
                }
            }
        }
    }
}
