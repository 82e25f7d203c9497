//! [`ResponseBody`]: the response bodies a machine can read.

use bytes::Bytes;

/// A response body hookwire can read, for the rules that need what the endpoint answered
/// (Lytics' enrichment, a test probe's reason, an OAuth 2.0 token). A host that does not
/// read bodies passes `http::Response<()>`.
///
/// ```
/// use hookwire::delivery::ResponseBody;
/// assert_eq!(().body_bytes(), b"");
/// assert_eq!("ok".body_bytes(), b"ok");
/// assert_eq!(bytes::Bytes::from_static(b"{}").body_bytes(), b"{}");
/// ```
pub trait ResponseBody {
    /// The body's bytes (empty when the host did not read it).
    fn body_bytes(&self) -> &[u8];
}

impl ResponseBody for () {
    fn body_bytes(&self) -> &[u8] {
        &[]
    }
}

impl ResponseBody for [u8] {
    fn body_bytes(&self) -> &[u8] {
        self
    }
}

impl ResponseBody for str {
    fn body_bytes(&self) -> &[u8] {
        self.as_bytes()
    }
}

impl ResponseBody for Vec<u8> {
    fn body_bytes(&self) -> &[u8] {
        self
    }
}

impl ResponseBody for String {
    fn body_bytes(&self) -> &[u8] {
        self.as_bytes()
    }
}

impl ResponseBody for Bytes {
    fn body_bytes(&self) -> &[u8] {
        self
    }
}

impl<T: ResponseBody + ?Sized> ResponseBody for &T {
    fn body_bytes(&self) -> &[u8] {
        (**self).body_bytes()
    }
}

/// The first `limit` bytes of `body`, copied out for an event; `None` when nothing is kept.
pub(crate) fn kept(body: &[u8], limit: usize) -> Option<Bytes> {
    (limit > 0).then(|| Bytes::copy_from_slice(&body[..body.len().min(limit)]))
}
