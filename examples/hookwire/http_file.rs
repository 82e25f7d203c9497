//! Reading a raw HTTP/1.1 request from a file: request line, headers, blank line, body.
//!
//! Captured traffic and hand-written files both come this way; lines may end in CRLF or a
//! bare LF. The body is whatever follows the blank line, cut to `Content-Length` when the
//! header is there (a body shorter than it says is an error). Chunked bodies are decoded.

/// Why a file is not an HTTP request; the CLI answers it as a 400 rejection.
#[derive(Debug)]
pub(crate) struct NotHttp(pub(crate) String);

/// The most headers a request file may carry.
const MAX_HEADERS: usize = 128;

/// Parses `bytes` as one HTTP/1.x request.
pub(crate) fn parse_request(bytes: &[u8]) -> Result<http::Request<Vec<u8>>, NotHttp> {
    let mut slots = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut parsed = httparse::Request::new(&mut slots);
    let head_len = match parsed.parse(bytes) {
        Ok(httparse::Status::Complete(len)) => len,
        Ok(httparse::Status::Partial) => {
            return Err(NotHttp(
                "incomplete request: no blank line after the headers".into(),
            ));
        }
        Err(err) => return Err(NotHttp(format!("malformed request: {err}"))),
    };
    let mut request = http::Request::builder()
        .method(parsed.method.unwrap_or("GET"))
        .uri(parsed.path.unwrap_or("/"));
    for header in parsed.headers.iter() {
        request = request.header(header.name, header.value);
    }
    let rest = bytes.get(head_len..).unwrap_or_default();
    let headers = request
        .headers_ref()
        .ok_or_else(|| NotHttp("malformed request line or header".into()))?;
    let body = if is_chunked(headers) {
        dechunk(rest)?
    } else {
        match content_length(headers)? {
            Some(length) => rest
                .get(..length)
                .ok_or_else(|| {
                    NotHttp(format!(
                        "the body has {} bytes but Content-Length says {length}",
                        rest.len()
                    ))
                })?
                .to_vec(),
            None => rest.to_vec(),
        }
    };
    request
        .body(body)
        .map_err(|err| NotHttp(format!("malformed request: {err}")))
}

fn is_chunked(headers: &http::HeaderMap) -> bool {
    headers
        .get_all(http::header::TRANSFER_ENCODING)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .any(|value| value.to_ascii_lowercase().contains("chunked"))
}

fn content_length(headers: &http::HeaderMap) -> Result<Option<usize>, NotHttp> {
    let mut values = headers.get_all(http::header::CONTENT_LENGTH).iter();
    let Some(value) = values.next() else {
        return Ok(None);
    };
    if values.next().is_some() {
        return Err(NotHttp("more than one Content-Length header".into()));
    }
    value
        .to_str()
        .ok()
        .filter(|text| !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|text| text.parse().ok())
        .map(Some)
        .ok_or_else(|| NotHttp("Content-Length is not a number".into()))
}

/// Decodes a chunked body (RFC 9112 §7.1); trailers are ignored.
fn dechunk(mut rest: &[u8]) -> Result<Vec<u8>, NotHttp> {
    let mut body = Vec::new();
    loop {
        match httparse::parse_chunk_size(rest) {
            Ok(httparse::Status::Complete((_, 0))) => return Ok(body),
            Ok(httparse::Status::Complete((used, size))) => {
                let size = usize::try_from(size)
                    .map_err(|_| NotHttp("a chunk is larger than memory".into()))?;
                let chunk = rest
                    .get(used..)
                    .and_then(|after| after.get(..size))
                    .ok_or_else(|| NotHttp("a chunk is shorter than its size".into()))?;
                body.extend_from_slice(chunk);
                let after = &rest[used + size..];
                rest = after
                    .strip_prefix(b"\r\n")
                    .or_else(|| after.strip_prefix(b"\n"))
                    .ok_or_else(|| NotHttp("a chunk does not end with a line break".into()))?;
            }
            Ok(httparse::Status::Partial) | Err(_) => {
                return Err(NotHttp("malformed chunked body".into()));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_lf_and_crlf_requests_and_cuts_to_content_length() {
        let crlf = b"POST /in HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}trailing";
        let request = parse_request(crlf).unwrap();
        assert_eq!(request.method(), http::Method::POST);
        assert_eq!(request.body(), b"{}");
        let lf = b"POST /in HTTP/1.1\nContent-Type: application/json\n\n{\"a\":1}\n";
        let request = parse_request(lf).unwrap();
        assert_eq!(request.headers()["content-type"], "application/json");
        assert_eq!(request.body(), b"{\"a\":1}\n");
    }

    #[test]
    fn decodes_chunked_bodies() {
        let raw = b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n";
        assert_eq!(parse_request(raw).unwrap().body(), b"abcde");
    }

    #[test]
    fn refuses_what_is_not_http() {
        for raw in [
            &b"hello"[..],
            b"POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\nshort",
            b"POST / HTTP/1.1\r\nContent-Length: x\r\n\r\n",
            b"\x00\x01\x02 / HTTP/1.1\r\n\r\n",
        ] {
            assert!(parse_request(raw).is_err(), "{raw:?}");
        }
    }
}
