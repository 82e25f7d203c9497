//! CloudEvents parsing in every mode: arbitrary headers and body, never a panic, what
//! parses renders back to the same events, and every event received in any mode can be
//! forwarded in binary mode and read back.
#![no_main]

use hookwire::format::cloudevents::{self, Received};
use hookwire::http::{HeaderMap, HeaderName, HeaderValue};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Layout: header lines `name:value\n` up to a blank line, then the body.
    let (head, body) = match data.windows(2).position(|pair| pair == b"\n\n") {
        Some(cut) => (&data[..cut], &data[cut + 2..]),
        None => (&[][..], data),
    };
    let mut headers = HeaderMap::new();
    for line in head.split(|&b| b == b'\n') {
        let Some(colon) = line.iter().position(|&b| b == b':') else {
            continue;
        };
        let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(&line[..colon]),
            HeaderValue::from_bytes(&line[colon + 1..]),
        ) else {
            continue;
        };
        headers.append(name, value);
    }
    let Ok(received) = cloudevents::parse(&headers, body) else {
        return;
    };
    let forwards_in_binary = |event: &cloudevents::CloudEvent| {
        let payload = cloudevents::render_binary(event);
        let mut headers = HeaderMap::new();
        payload.apply_to(&mut headers);
        assert!(cloudevents::parse_binary(&headers, payload.body()).is_ok());
    };
    match received {
        Received::Structured(event) => {
            let again = cloudevents::parse_structured(cloudevents::render_structured(&event).body());
            assert_eq!(again.ok(), Some(event.clone()));
            forwards_in_binary(&event);
        }
        Received::Batch(events) => {
            let again = cloudevents::parse_batch(cloudevents::render_batch(&events).body());
            assert_eq!(again.ok(), Some(events.clone()));
            events.iter().for_each(forwards_in_binary);
        }
        Received::Binary(event) => forwards_in_binary(&event),
    }
});
