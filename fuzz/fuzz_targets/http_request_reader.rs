//! The CLI's raw-request reader (`examples/hookwire/http_file.rs`, the one users copy)
//! against arbitrary bytes: it never panics, refuses only with 400, 413 or 501, never
//! hands over a body past the limit, frames a body only as RFC 9112 allows, and what it
//! reads, written back out with a `Content-Length`, reads back the same.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../examples/hookwire/http_file.rs"]
#[allow(dead_code)]
mod http_file;

fuzz_target!(|data: &[u8]| {
    let Some((&limit, raw)) = data.split_first() else {
        return;
    };
    let max_body = usize::from(limit) * 4;
    let request = match http_file::parse_request(raw, max_body) {
        Ok(request) => request,
        Err(refused) => {
            assert!(
                matches!(refused.status.as_u16(), 400 | 413 | 501),
                "{refused:?}"
            );
            return;
        }
    };
    assert!(request.body().len() <= max_body);
    let headers = request.headers();
    if let Some(length) = headers.get("content-length") {
        assert!(!headers.contains_key("transfer-encoding"));
        let declared: Option<u64> = length.to_str().ok().and_then(|text| text.parse().ok());
        assert_eq!(declared, Some(request.body().len() as u64));
    }
    if headers.contains_key("transfer-encoding") {
        let codings: Vec<String> = headers
            .get_all("transfer-encoding")
            .iter()
            .flat_map(|value| {
                value
                    .to_str()
                    .unwrap_or_default()
                    .split(',')
                    .map(|c| {
                        c.split(';')
                            .next()
                            .unwrap_or_default()
                            .trim()
                            .to_ascii_lowercase()
                    })
                    .filter(|c| !c.is_empty())
                    .collect::<Vec<_>>()
            })
            .collect();
        assert_eq!(codings, ["chunked"], "only chunked, once, is ever read");
        assert_eq!(request.version(), http::Version::HTTP_11);
    }

    // Written back with its body's length, it reads back the same (when one more header
    // still fits the reader's limit of 128).
    if headers.len() >= 127 {
        return;
    }
    let version = if request.version() == http::Version::HTTP_10 {
        "1.0"
    } else {
        "1.1"
    };
    let mut again =
        format!("{} {} HTTP/{version}\r\n", request.method(), request.uri()).into_bytes();
    for (name, value) in headers {
        if name == "content-length" || name == "transfer-encoding" {
            continue;
        }
        again.extend_from_slice(name.as_str().as_bytes());
        again.extend_from_slice(b": ");
        again.extend_from_slice(value.as_bytes());
        again.extend_from_slice(b"\r\n");
    }
    again.extend_from_slice(format!("content-length: {}\r\n\r\n", request.body().len()).as_bytes());
    again.extend_from_slice(request.body());
    let reread = http_file::parse_request(&again, max_body).expect("what was read is readable");
    assert_eq!(reread.method(), request.method());
    assert_eq!(reread.uri(), request.uri());
    assert_eq!(reread.body(), request.body());
});
