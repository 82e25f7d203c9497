//! Helpers shared by the integration tests (each test file is its own crate and takes what it
//! needs with `mod support;`).

use hookwire::http::{HeaderMap, HeaderName, HeaderValue};

/// A header map from `(name, value)` pairs, in order; a repeated name keeps every value.
pub(crate) fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (name, value) in pairs {
        map.append(
            HeaderName::from_bytes(name.as_bytes()).unwrap(),
            HeaderValue::from_str(value).unwrap(),
        );
    }
    map
}
