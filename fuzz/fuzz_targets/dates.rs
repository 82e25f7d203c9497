//! RFC 3339 and HTTP-date parsing and writing: never a panic, and what is written reads back.
#![no_main]

use hookwire::Timestamp;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Any time at all: RFC 3339 is written or refused, never as text it cannot read back;
    // the HTTP-date writer never panics (`httpdate` itself does past 9999).
    if let Some(first) = data.get(..8) {
        let mut bytes = [0u8; 8];
        bytes.copy_from_slice(first);
        let t = Timestamp::from_unix_millis(i64::from_le_bytes(bytes));
        if let Ok(written) = t.to_rfc3339() {
            assert_eq!(Timestamp::parse_rfc3339(&written), Ok(t));
        }
        if let Ok(written) = t.to_http_date() {
            assert!(Timestamp::parse_http_date(&written).is_ok());
        }
        let _ = t.to_string();
    }
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(t) = Timestamp::parse_rfc3339(text) {
        // An offset can move year 0000 or 9999 text just outside what RFC 3339 writes.
        if let Ok(written) = t.to_rfc3339() {
            assert_eq!(Timestamp::parse_rfc3339(&written), Ok(t));
        }
    }
    if let Ok(t) = Timestamp::parse_http_date(text) {
        let written = t.to_http_date().expect("a parsed HTTP-date is writable");
        assert_eq!(Timestamp::parse_http_date(&written), Ok(t));
    }
});
