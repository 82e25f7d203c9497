//! Listrak and Smarter Launch bodies and JSON templates: never a panic on any input, and
//! whatever parses renders back to the same typed data.
#![no_main]

use hookwire::format::listrak::Contact;
use hookwire::format::{json_template, listrak, smarter_launch};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(event) = smarter_launch::parse(data) {
        if let Ok(payload) = event.render() {
            assert_eq!(smarter_launch::parse(payload.body()).ok(), Some(event));
        }
    }
    if let Ok(listrak::ListrakBody::Journey(journey)) = listrak::parse(data) {
        if let Ok(payload) = journey.render() {
            assert_eq!(
                listrak::JourneyPayload::parse(payload.body()).ok(),
                Some(*journey)
            );
        }
    }
    let _ = json_template::parse(data);
    let _ = listrak::parse_template(data);
    // The same bytes as a Listrak template, rendered with its own sample data.
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(template) = listrak::template(text) {
            let sample = template.sample_data();
            let contact = Contact::new().with_email("a@b.c");
            let _ = template.render(&sample, &contact.appended());
            if let Ok(preview) = template.preview(&sample, &Contact::new().appended()) {
                assert!(json_template::parse(preview.body().as_bytes()).is_ok());
                assert!(listrak::parse_template(preview.body().as_bytes()).is_ok());
            }
        }
    }
});
