//! The input layout the header-driven targets share: 0xFF-separated parts, each header value
//! led by a byte choosing its name from the target's list, the last part the body.

use hookwire::http::{HeaderMap, HeaderName, HeaderValue};

/// Splits `rest` into headers (names from `names`) and the body; values `http` refuses are
/// skipped, as a server would never hand them over.
pub fn headers_and_body<'a>(rest: &'a [u8], names: &[&'static str]) -> (HeaderMap, &'a [u8]) {
    let mut parts: Vec<&[u8]> = rest.split(|b| *b == 0xff).collect();
    let body = parts.pop().unwrap_or_default();
    let mut headers = HeaderMap::new();
    for part in parts {
        let Some((&which, value)) = part.split_first() else {
            continue;
        };
        let name = HeaderName::from_static(names[usize::from(which) % names.len()]);
        if let Ok(value) = HeaderValue::from_bytes(value) {
            headers.append(name, value);
        }
    }
    (headers, body)
}
