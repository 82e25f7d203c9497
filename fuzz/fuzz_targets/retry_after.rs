//! `Retry-After` parsing: any header value, never a panic, never a time before "now".
#![no_main]

use hookwire::Timestamp;
use hookwire::http::{HeaderMap, HeaderValue, header::RETRY_AFTER};
use hookwire::retry::retry_after;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(value) = HeaderValue::from_bytes(data) else {
        return;
    };
    let mut headers = HeaderMap::new();
    headers.insert(RETRY_AFTER, value);
    let now = Timestamp::from_unix_secs(1_700_000_000);
    if let Some(at) = retry_after(&headers, now) {
        assert!(at >= now);
    }
});
