//! Reading a raw HTTP/1.x request from a file: request line, headers, blank line, body.
//!
//! The head is parsed by `httparse`; the body's framing follows RFC 9112 §6, in this order:
//!
//! 1. a declared `Content-Length` larger than the limit is **413**, before any other framing
//!    check, so an oversized request is refused for its size whatever else is wrong;
//! 2. `Transfer-Encoding` in an HTTP/1.0 request, together with `Content-Length`, with
//!    `chunked` anywhere but last (or twice), or empty, is **400** (§6.1, §6.3: the body's
//!    length cannot be known, and both headers together are how requests are smuggled);
//! 3. a transfer coding other than `chunked` (`gzip, chunked`) is **501** (§6.1: a server
//!    answers 501 to a coding it does not implement);
//! 4. `chunked` bodies are decoded (chunk extensions skipped, trailers ignored), and one
//!    that decodes past the limit is 413;
//! 5. `Content-Length` must be one run of digits, once (a list or repeated header is 400),
//!    and the file must hold that many bytes after the head; bytes past them are not part
//!    of this request.
//!
//! One departure, because a file is one request: with neither header, the body is the rest
//! of the file. On a connection it would be empty (§6.3 ¶7).
//!
//! Lines may end in CRLF or a bare LF, as RFC 9112 §2.2 lets a recipient accept.

use http::header::{CONTENT_LENGTH, TRANSFER_ENCODING};
use http::{HeaderMap, StatusCode};

/// Why a file is not a request the CLI can pass on, with the status a server would answer.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Refused {
    pub(crate) status: StatusCode,
    pub(crate) reason: String,
}

fn bad_request(reason: impl Into<String>) -> Refused {
    Refused {
        status: StatusCode::BAD_REQUEST,
        reason: reason.into(),
    }
}

/// The most headers a request file may carry.
const MAX_HEADERS: usize = 128;

/// Parses `bytes` as one HTTP/1.x request whose body may be at most `max_body` bytes.
pub(crate) fn parse_request(
    bytes: &[u8],
    max_body: usize,
) -> Result<http::Request<Vec<u8>>, Refused> {
    let mut slots = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut parsed = httparse::Request::new(&mut slots);
    let head_len = match parsed.parse(bytes) {
        Ok(httparse::Status::Complete(len)) => len,
        Ok(httparse::Status::Partial) => {
            return Err(bad_request(
                "incomplete request: no blank line after the headers",
            ));
        }
        Err(err) => return Err(bad_request(format!("malformed request: {err}"))),
    };
    let version = match parsed.version {
        Some(0) => http::Version::HTTP_10,
        _ => http::Version::HTTP_11,
    };
    let mut request = http::Request::builder()
        .method(parsed.method.unwrap_or("GET"))
        .uri(parsed.path.unwrap_or("/"))
        .version(version);
    for header in parsed.headers.iter() {
        request = request.header(header.name, header.value);
    }
    let rest = bytes.get(head_len..).unwrap_or_default();
    let headers = request
        .headers_ref()
        .ok_or_else(|| bad_request("malformed request line or header"))?;
    let body = read_body(headers, version, rest, max_body)?;
    request
        .body(body)
        .map_err(|err| bad_request(format!("malformed request: {err}")))
}

/// How the body is framed, decided from the headers alone.
#[derive(Debug, PartialEq, Eq)]
enum Framing {
    Chunked,
    Length(usize),
    RestOfFile,
}

fn read_body(
    headers: &HeaderMap,
    version: http::Version,
    rest: &[u8],
    max_body: usize,
) -> Result<Vec<u8>, Refused> {
    let too_large = |size: u64| Refused {
        status: StatusCode::PAYLOAD_TOO_LARGE,
        reason: format!("the body is {size} bytes, more than the {max_body} allowed"),
    };
    let framing = framing(headers, version, max_body)?;
    let body = match framing {
        Framing::Chunked => dechunk(rest, max_body)?,
        Framing::Length(length) => rest
            .get(..length)
            .ok_or_else(|| {
                bad_request(format!(
                    "the body has {} bytes but Content-Length says {length}",
                    rest.len()
                ))
            })?
            .to_vec(),
        Framing::RestOfFile => rest.to_vec(),
    };
    if body.len() > max_body {
        return Err(too_large(body.len() as u64));
    }
    Ok(body)
}

fn framing(
    headers: &HeaderMap,
    version: http::Version,
    max_body: usize,
) -> Result<Framing, Refused> {
    let length = content_length(headers)?;
    if let Some(declared) = length
        && declared > max_body as u64
    {
        return Err(Refused {
            status: StatusCode::PAYLOAD_TOO_LARGE,
            reason: format!(
                "Content-Length declares {declared} bytes, more than the {max_body} allowed"
            ),
        });
    }
    let codings = transfer_codings(headers)?;
    if codings.is_empty() {
        return Ok(match length {
            // The limit is a `usize`, so a length under it is one too.
            Some(declared) => Framing::Length(usize::try_from(declared).unwrap_or(usize::MAX)),
            None => Framing::RestOfFile,
        });
    }
    if version == http::Version::HTTP_10 {
        return Err(bad_request(
            "Transfer-Encoding in an HTTP/1.0 request (RFC 9112 §6.1: faulty framing)",
        ));
    }
    if length.is_some() {
        return Err(bad_request(
            "both Transfer-Encoding and Content-Length (RFC 9112 §6.3: a smuggling attempt \
             or a broken sender)",
        ));
    }
    let chunked = codings.iter().filter(|c| *c == "chunked").count();
    if codings.last().map(String::as_str) != Some("chunked") || chunked > 1 {
        return Err(bad_request(format!(
            "Transfer-Encoding `{}`: chunked must be the final coding, once (RFC 9112 §6.3)",
            codings.join(", ")
        )));
    }
    if let Some(other) = codings.iter().find(|c| *c != "chunked") {
        return Err(Refused {
            status: StatusCode::NOT_IMPLEMENTED,
            reason: format!("transfer coding `{other}` is not implemented; only chunked is"),
        });
    }
    Ok(Framing::Chunked)
}

/// Every transfer coding named, in order, lower case, parameters dropped (the header may
/// repeat; each is a comma-separated list whose empty elements count for nothing). A header
/// that is present but names no coding is an error: it cannot mean "no coding".
fn transfer_codings(headers: &HeaderMap) -> Result<Vec<String>, Refused> {
    let mut codings = Vec::new();
    let mut present = false;
    for value in headers.get_all(TRANSFER_ENCODING) {
        present = true;
        let text = value
            .to_str()
            .map_err(|_| bad_request("Transfer-Encoding is not visible ASCII"))?;
        for element in text.split(',') {
            let name = element.split(';').next().unwrap_or_default().trim();
            if name.is_empty() {
                continue;
            }
            if !name.bytes().all(is_token_byte) {
                return Err(bad_request(format!(
                    "Transfer-Encoding: `{name}` is not a coding name"
                )));
            }
            codings.push(name.to_ascii_lowercase());
        }
    }
    if present && codings.is_empty() {
        return Err(bad_request("Transfer-Encoding names no coding"));
    }
    Ok(codings)
}

/// RFC 9110 §5.6.2 `tchar`.
fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// The declared length: one header holding one run of digits (RFC 9110 §8.6). A list
/// (`5, 5`) or a repeated header is refused rather than reconciled.
fn content_length(headers: &HeaderMap) -> Result<Option<u64>, Refused> {
    let mut values = headers.get_all(CONTENT_LENGTH).iter();
    let Some(value) = values.next() else {
        return Ok(None);
    };
    if values.next().is_some() {
        return Err(bad_request("more than one Content-Length header"));
    }
    let text = value.to_str().unwrap_or_default();
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad_request("Content-Length is not a number"));
    }
    // Digits only, so the parse fails only on overflow: longer than any file.
    Ok(Some(text.parse().unwrap_or(u64::MAX)))
}

/// Decodes a chunked body (RFC 9112 §7.1): chunk extensions are skipped and trailers
/// ignored; decoding stops with a 413 as soon as the body would pass `max_body`.
fn dechunk(mut rest: &[u8], max_body: usize) -> Result<Vec<u8>, Refused> {
    let mut body = Vec::new();
    loop {
        match httparse::parse_chunk_size(rest) {
            Ok(httparse::Status::Complete((_, 0))) => return Ok(body),
            Ok(httparse::Status::Complete((used, size))) => {
                let size = usize::try_from(size)
                    .ok()
                    .filter(|size| body.len().saturating_add(*size) <= max_body)
                    .ok_or_else(|| Refused {
                        status: StatusCode::PAYLOAD_TOO_LARGE,
                        reason: format!(
                            "the chunked body is more than the {max_body} bytes allowed"
                        ),
                    })?;
                let after_size = rest.get(used..).unwrap_or_default();
                let chunk = after_size
                    .get(..size)
                    .ok_or_else(|| bad_request("a chunk is shorter than its size"))?;
                body.extend_from_slice(chunk);
                let after = after_size.get(size..).unwrap_or_default();
                rest = after
                    .strip_prefix(b"\r\n")
                    .or_else(|| after.strip_prefix(b"\n"))
                    .ok_or_else(|| bad_request("a chunk does not end with a line break"))?;
            }
            Ok(httparse::Status::Partial) => {
                return Err(bad_request("the chunked body ends before its last chunk"));
            }
            Err(_) => return Err(bad_request("malformed chunk size")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAX: usize = 1024;

    fn status(raw: &[u8]) -> u16 {
        match parse_request(raw, MAX) {
            Ok(_) => 200,
            Err(refused) => refused.status.as_u16(),
        }
    }

    fn request(headers: &str, body: &str) -> Vec<u8> {
        format!("POST /in HTTP/1.1\r\nHost: x\r\n{headers}\r\n{body}").into_bytes()
    }

    #[test]
    fn reads_lf_and_crlf_requests_and_cuts_to_content_length() {
        let crlf = b"POST /in HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}trailing";
        let parsed = parse_request(crlf, MAX).unwrap();
        assert_eq!(parsed.method(), http::Method::POST);
        assert_eq!(parsed.body(), b"{}");
        let lf = b"POST /in HTTP/1.1\nContent-Type: application/json\n\n{\"a\":1}\n";
        let parsed = parse_request(lf, MAX).unwrap();
        assert_eq!(parsed.headers()["content-type"], "application/json");
        assert_eq!(parsed.body(), b"{\"a\":1}\n");
    }

    #[test]
    fn decodes_chunked_bodies() {
        let raw = request(
            "Transfer-Encoding: chunked\r\n",
            "3\r\nabc\r\n2;ext=1\r\nde\r\n0\r\nX-Trailer: t\r\n\r\n",
        );
        assert_eq!(parse_request(&raw, MAX).unwrap().body(), b"abcde");
        // Case, spaces and empty list elements do not change the coding.
        for value in ["Chunked", " chunked ", ", chunked", "chunked,"] {
            let raw = request(
                &format!("Transfer-Encoding: {value}\r\n"),
                "1\r\na\r\n0\r\n\r\n",
            );
            assert_eq!(parse_request(&raw, MAX).unwrap().body(), b"a", "{value}");
        }
    }

    /// Any value containing `chunked` used to be read as chunked, and other codings were
    /// ignored: `chunked, gzip` and `xchunked` framed a body no server would.
    #[test]
    fn chunked_must_be_the_final_coding_and_the_only_one() {
        for value in [
            "chunked, gzip",
            "gzip",
            "xchunked",
            "chunked-false",
            "chunked, chunked",
            "identity",
            "",
            " , ",
            "chunked\u{b}",
            "\"chunked\"",
        ] {
            let raw = request(
                &format!("Transfer-Encoding: {value}\r\n"),
                "1\r\na\r\n0\r\n\r\n",
            );
            assert_eq!(status(&raw), 400, "{value:?}");
        }
        // The header repeated is one list: the last coding is the last header's.
        let raw = request(
            "Transfer-Encoding: chunked\r\nTransfer-Encoding: gzip\r\n",
            "1\r\na\r\n0\r\n\r\n",
        );
        assert_eq!(status(&raw), 400);
    }

    #[test]
    fn codings_other_than_chunked_are_not_implemented() {
        for value in [
            "gzip, chunked",
            "deflate,chunked",
            "identity, chunked",
            "br;q=1, chunked",
        ] {
            let raw = request(
                &format!("Transfer-Encoding: {value}\r\n"),
                "1\r\na\r\n0\r\n\r\n",
            );
            assert_eq!(status(&raw), 501, "{value}");
        }
        let raw = request(
            "Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n",
            "1\r\na\r\n0\r\n\r\n",
        );
        assert_eq!(status(&raw), 501);
    }

    #[test]
    fn transfer_encoding_with_content_length_or_in_http_1_0_is_refused() {
        let both = request(
            "Transfer-Encoding: chunked\r\nContent-Length: 6\r\n",
            "1\r\na\r\n0\r\n\r\n",
        );
        assert_eq!(status(&both), 400);
        let old = b"POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n1\r\na\r\n0\r\n\r\n";
        assert_eq!(status(old), 400);
        // HTTP/1.0 with a length is fine.
        let old = b"POST / HTTP/1.0\r\nContent-Length: 1\r\n\r\na";
        assert_eq!(parse_request(old, MAX).unwrap().body(), b"a");
    }

    /// A declared length over the limit is 413 before anything else is looked at.
    #[test]
    fn an_oversized_content_length_is_413_before_any_framing_check() {
        for headers in [
            "Content-Length: 1025\r\n",
            "Content-Length: 99999999999999999999999\r\n",
            "Content-Length: 2048\r\nTransfer-Encoding: chunked\r\n",
            "Transfer-Encoding: gzip\r\nContent-Length: 2048\r\n",
            "Transfer-Encoding: chunked, gzip\r\nContent-Length: 2048\r\n",
        ] {
            assert_eq!(status(&request(headers, "")), 413, "{headers}");
        }
        assert_eq!(
            status(&request("Content-Length: 1024\r\n", &"a".repeat(1024))),
            200
        );
    }

    #[test]
    fn bodies_over_the_limit_are_413_however_they_are_framed() {
        let big = "a".repeat(MAX + 1);
        assert_eq!(status(&request("", &big)), 413);
        let chunked = format!("{:x}\r\n{big}\r\n0\r\n\r\n", big.len());
        assert_eq!(
            status(&request("Transfer-Encoding: chunked\r\n", &chunked)),
            413
        );
        let halves = format!("200\r\n{0}\r\n201\r\n{0}a\r\n0\r\n\r\n", "a".repeat(512));
        assert_eq!(
            status(&request("Transfer-Encoding: chunked\r\n", &halves)),
            413
        );
        let huge = "ffffffffffffffff\r\n";
        assert_eq!(
            status(&request("Transfer-Encoding: chunked\r\n", huge)),
            413
        );
    }

    #[test]
    fn content_length_must_be_one_number() {
        for headers in [
            "Content-Length: x\r\n",
            "Content-Length: -1\r\n",
            "Content-Length: +1\r\n",
            "Content-Length: 1, 1\r\n",
            "Content-Length: 1\r\nContent-Length: 1\r\n",
            "Content-Length: \r\n",
            "Content-Length: 0x1\r\n",
        ] {
            assert_eq!(status(&request(headers, "a")), 400, "{headers}");
        }
        assert_eq!(status(&request("Content-Length: 10\r\n", "short")), 400);
    }

    #[test]
    fn malformed_chunked_bodies_are_400() {
        for body in [
            "",
            "3\r\nab",
            "3\r\nabcX\r\n0\r\n\r\n",
            "z\r\na\r\n0\r\n\r\n",
            "1\r\na\r\n",
            "-1\r\na\r\n0\r\n\r\n",
        ] {
            let raw = request("Transfer-Encoding: chunked\r\n", body);
            assert_eq!(status(&raw), 400, "{body:?}");
        }
    }

    #[test]
    fn refuses_what_is_not_http() {
        for raw in [
            &b"hello"[..],
            b"\x00\x01\x02 / HTTP/1.1\r\n\r\n",
            b"POST / HTTP/1.1\r\nTransfer-Encoding : chunked\r\n\r\n0\r\n\r\n",
            b"POST / HTTP/1.1\r\nX: a\r\n folded\r\n\r\n",
            b"POST / HTTP/2\r\n\r\n",
        ] {
            assert_eq!(status(raw), 400, "{raw:?}");
        }
    }
}
