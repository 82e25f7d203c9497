//! RFC 3339 and HTTP-date parsing: never a panic, and RFC 3339 output always reads back.
#![no_main]

use hookwire::Timestamp;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(t) = Timestamp::parse_rfc3339(text) {
        assert_eq!(Timestamp::parse_rfc3339(&t.to_rfc3339()), Ok(t));
    }
    let _ = Timestamp::parse_http_date(text);
});
