//! [`Handshake`]: the answer to a CloudEvents abuse-protection validation request.

use http::Response;

/// The answer to a validation request: the response to send, and the callback URL the
/// sender offered, if any.
///
/// See [`AbuseProtection`](super::AbuseProtection) for an example.
#[derive(Debug)]
#[must_use]
pub struct Handshake {
    response: Response<()>,
    granted: bool,
    callback: Option<String>,
}

impl Handshake {
    pub(super) fn granted(response: Response<()>, callback: Option<String>) -> Self {
        Handshake {
            response,
            granted: true,
            callback,
        }
    }

    pub(super) fn refused(response: Response<()>) -> Self {
        Handshake {
            response,
            granted: false,
            callback: None,
        }
    }

    /// Whether access was granted (the response is a 200 with the `WebHook-Allowed-*`
    /// headers).
    ///
    /// See [`AbuseProtection`](super::AbuseProtection) for an example.
    pub fn is_granted(&self) -> bool {
        self.granted
    }

    /// The response to send.
    ///
    /// See [`AbuseProtection`](super::AbuseProtection) for an example.
    pub fn response(&self) -> &Response<()> {
        &self.response
    }

    /// The response to send, by value.
    ///
    /// ```
    /// use hookwire::receive::AbuseProtection;
    /// let request = http::Request::options("/").body(())?;
    /// let response = AbuseProtection::new(["*"])?.handshake(&request).into_response();
    /// assert_eq!(response.status(), 400); // no WebHook-Request-Origin
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn into_response(self) -> Response<()> {
        self.response
    }

    /// The `WebHook-Request-Callback` URL of a granted request, when it is an http or https
    /// URL: a host granting access asynchronously calls it (hookwire never does). It comes
    /// from the request, so the host checks where it points first.
    ///
    /// ```
    /// use hookwire::receive::AbuseProtection;
    /// let request = http::Request::options("/")
    ///     .header("WebHook-Request-Origin", "sender.example")
    ///     .header("WebHook-Request-Callback", "https://sender.example/validate?code=123")
    ///     .body(())?;
    /// let handshake = AbuseProtection::new(["sender.example"])?.handshake(&request);
    /// assert_eq!(handshake.callback(), Some("https://sender.example/validate?code=123"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn callback(&self) -> Option<&str> {
        self.callback.as_deref()
    }
}
