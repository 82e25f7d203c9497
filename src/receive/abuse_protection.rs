//! [`AbuseProtection`]: the receiver's side of the CloudEvents webhook abuse-protection
//! handshake (the `OPTIONS` validation request), and the [`AllowedRate`] it grants.

use http::{HeaderMap, HeaderName, HeaderValue, Method, Request, Response, StatusCode};

use super::error::SettingsError;
use super::handshake::Handshake;

static REQUEST_ORIGIN: HeaderName = HeaderName::from_static("webhook-request-origin");
static REQUEST_CALLBACK: HeaderName = HeaderName::from_static("webhook-request-callback");
static REQUEST_RATE: HeaderName = HeaderName::from_static("webhook-request-rate");
static ALLOWED_ORIGIN: HeaderName = HeaderName::from_static("webhook-allowed-origin");
static ALLOWED_RATE: HeaderName = HeaderName::from_static("webhook-allowed-rate");

/// How many requests per minute a receiver grants a sender in the handshake.
///
/// ```
/// use hookwire::receive::AllowedRate;
/// assert_eq!(AllowedRate::Unlimited.to_string(), "*");
/// assert_eq!(AllowedRate::PerMinute(120).to_string(), "120");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AllowedRate {
    /// No limit (`WebHook-Allowed-Rate: *`).
    Unlimited,
    /// At most this many requests per minute; a sender asking for fewer is granted what it
    /// asked for.
    PerMinute(u32),
}

impl std::fmt::Display for AllowedRate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AllowedRate::Unlimited => f.write_str("*"),
            AllowedRate::PerMinute(rate) => write!(f, "{rate}"),
        }
    }
}

/// The receiver's side of the CloudEvents "HTTP 1.1 Web Hooks" abuse protection: before
/// sending events, a sender asks with an `OPTIONS` request whether this target accepts
/// them from its origin, and at what rate.
///
/// - An `OPTIONS` request from an allowed `WebHook-Request-Origin` gets **200** with
///   `WebHook-Allowed-Origin` (the origin, echoed), `WebHook-Allowed-Rate` (always sent,
///   as the spec requires when a rate was requested) and `Allow: POST`.
/// - An origin not on the list gets **403**; a request without exactly one origin
///   header gets **400**; any other method gets **405** with `Allow: OPTIONS, POST`.
/// - A `WebHook-Request-Callback` URL (http or https) is handed back in the
///   [`Handshake`] for the host to call if it grants access asynchronously; hookwire
///   never calls it. The URL comes from the request: check where it points before
///   calling it.
///
/// ```
/// use hookwire::receive::{AbuseProtection, AllowedRate};
///
/// let protection = AbuseProtection::new(["eventemitter.example.com"])?
///     .with_rate(AllowedRate::PerMinute(120))?;
/// let request = http::Request::options("/hooks")
///     .header("WebHook-Request-Origin", "EventEmitter.example.com")
///     .header("WebHook-Request-Rate", "60")
///     .body(())?;
/// let handshake = protection.handshake(&request);
/// assert!(handshake.is_granted());
/// let response = handshake.response();
/// assert_eq!(response.status(), 200);
/// assert_eq!(response.headers()["webhook-allowed-origin"], "EventEmitter.example.com");
/// assert_eq!(response.headers()["webhook-allowed-rate"], "60");
/// assert_eq!(response.headers()["allow"], "POST");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AbuseProtection {
    /// Lower-case DNS names; `*` allows any origin.
    origins: Vec<String>,
    rate: AllowedRate,
}

impl AbuseProtection {
    /// Grants the handshake to senders from `origins` (DNS names, matched without regard
    /// to case; `*` for any origin), at an unlimited rate unless
    /// [`AbuseProtection::with_rate`] says otherwise. An empty list, or an origin that is
    /// empty or holds spaces, commas or control characters, is a
    /// [`SettingsError`] ([`InvalidOrigin`](SettingsError::InvalidOrigin),
    /// [`NoOrigins`](SettingsError::NoOrigins)).
    ///
    /// ```
    /// use hookwire::receive::AbuseProtection;
    /// assert!(AbuseProtection::new(["*"]).is_ok());
    /// assert!(AbuseProtection::new(Vec::<String>::new()).is_err());
    /// assert!(AbuseProtection::new(["a.example, b.example"]).is_err());
    /// ```
    pub fn new<I, S>(origins: I) -> Result<Self, SettingsError>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut list = Vec::new();
        for origin in origins {
            let origin = origin.as_ref().trim();
            if origin.is_empty() || !origin.bytes().all(|b| b.is_ascii_graphic() && b != b',') {
                return Err(SettingsError::InvalidOrigin {
                    origin: origin.to_owned(),
                });
            }
            list.push(origin.to_ascii_lowercase());
        }
        if list.is_empty() {
            return Err(SettingsError::NoOrigins);
        }
        Ok(AbuseProtection {
            origins: list,
            rate: AllowedRate::Unlimited,
        })
    }

    /// The rate granted to senders. `WebHook-Allowed-Rate` is a positive number, so
    /// `PerMinute(0)` is a [`SettingsError::ZeroRate`]: to refuse a sender, leave its origin off the
    /// list.
    ///
    /// ```
    /// use hookwire::receive::{AbuseProtection, AllowedRate};
    /// let protection = AbuseProtection::new(["*"])?.with_rate(AllowedRate::PerMinute(10))?;
    /// assert_eq!(protection.rate(), AllowedRate::PerMinute(10));
    /// assert!(AbuseProtection::new(["*"])?.with_rate(AllowedRate::PerMinute(0)).is_err());
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn with_rate(mut self, rate: AllowedRate) -> Result<Self, SettingsError> {
        if rate == AllowedRate::PerMinute(0) {
            return Err(SettingsError::ZeroRate);
        }
        self.rate = rate;
        Ok(self)
    }

    /// The rate granted.
    ///
    /// See [`AbuseProtection::with_rate`] for an example.
    pub fn rate(&self) -> AllowedRate {
        self.rate
    }

    /// Whether `origin` may send, ignoring case.
    ///
    /// ```
    /// use hookwire::receive::AbuseProtection;
    /// let protection = AbuseProtection::new(["a.example"])?;
    /// assert!(protection.allows_origin("A.Example"));
    /// assert!(!protection.allows_origin("b.example"));
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    #[must_use]
    pub fn allows_origin(&self, origin: &str) -> bool {
        let origin = origin.trim();
        self.origins
            .iter()
            .any(|allowed| allowed == "*" || allowed.eq_ignore_ascii_case(origin))
    }

    /// Answers a validation request. See [`AbuseProtection`] for the rules and an example.
    pub fn handshake<B>(&self, request: &Request<B>) -> Handshake {
        self.handshake_parts(request.method(), request.headers())
    }

    /// [`AbuseProtection::handshake`] from a method and headers.
    ///
    /// ```
    /// use hookwire::receive::AbuseProtection;
    /// let protection = AbuseProtection::new(["*"])?;
    /// let handshake = protection.handshake_parts(&http::Method::POST, &http::HeaderMap::new());
    /// assert_eq!(handshake.response().status(), 405);
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn handshake_parts(&self, method: &Method, headers: &HeaderMap) -> Handshake {
        if method != Method::OPTIONS {
            let mut response = status(StatusCode::METHOD_NOT_ALLOWED);
            response.headers_mut().insert(
                http::header::ALLOW,
                HeaderValue::from_static("OPTIONS, POST"),
            );
            return Handshake::refused(response);
        }
        let Some(origin) = single_text(headers, &REQUEST_ORIGIN).filter(|o| !o.is_empty()) else {
            return Handshake::refused(status(StatusCode::BAD_REQUEST));
        };
        if !self.allows_origin(origin) {
            return Handshake::refused(status(StatusCode::FORBIDDEN));
        }
        let Ok(origin_value) = HeaderValue::from_str(origin) else {
            // It came from a header and passed `to_str`; kept as a refusal all the same.
            return Handshake::refused(status(StatusCode::BAD_REQUEST));
        };
        let mut response = status(StatusCode::OK);
        let out = response.headers_mut();
        out.insert(ALLOWED_ORIGIN.clone(), origin_value);
        out.insert(ALLOWED_RATE.clone(), self.granted_rate(headers));
        out.insert(http::header::ALLOW, HeaderValue::from_static("POST"));
        let callback = single_text(headers, &REQUEST_CALLBACK).and_then(callback_url);
        Handshake::granted(response, callback)
    }

    fn granted_rate(&self, headers: &HeaderMap) -> HeaderValue {
        let requested = single_text(headers, &REQUEST_RATE)
            .and_then(|text| text.parse::<u32>().ok())
            .filter(|rate| *rate > 0);
        match (self.rate, requested) {
            (AllowedRate::Unlimited, _) => HeaderValue::from_static("*"),
            (AllowedRate::PerMinute(limit), Some(asked)) => HeaderValue::from(limit.min(asked)),
            (AllowedRate::PerMinute(limit), None) => HeaderValue::from(limit),
        }
    }
}

fn status(code: StatusCode) -> Response<()> {
    let mut response = Response::new(());
    *response.status_mut() = code;
    response
}

/// The one value of `name`, trimmed; `None` when absent, repeated or not visible ASCII.
fn single_text<'h>(headers: &'h HeaderMap, name: &HeaderName) -> Option<&'h str> {
    let mut values = headers.get_all(name).iter();
    let value = values.next()?;
    if values.next().is_some() {
        return None;
    }
    value.to_str().ok().map(str::trim)
}

fn callback_url(text: &str) -> Option<String> {
    let url = url::Url::parse(text).ok()?;
    matches!(url.scheme(), "http" | "https").then(|| url.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(headers: &[(&str, &str)]) -> Request<()> {
        let mut request = Request::options("/");
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        request.body(()).unwrap()
    }

    #[test]
    fn refusals() {
        let protection = AbuseProtection::new(["a.example"]).unwrap();
        let code = |request: &Request<()>| protection.handshake(request).response().status();
        assert_eq!(code(&options(&[])), 400);
        assert_eq!(code(&options(&[("webhook-request-origin", " ")])), 400);
        assert_eq!(
            code(&options(&[
                ("webhook-request-origin", "a.example"),
                ("webhook-request-origin", "a.example")
            ])),
            400
        );
        assert_eq!(
            code(&options(&[("webhook-request-origin", "b.example")])),
            403
        );
        let refused = protection.handshake(&options(&[("webhook-request-origin", "b.example")]));
        assert!(!refused.is_granted());
        assert!(refused.response().headers().is_empty());
    }

    #[test]
    fn rates() {
        let granted = |rate, asked: Option<&str>| {
            let protection = AbuseProtection::new(["*"])
                .unwrap()
                .with_rate(rate)
                .unwrap();
            let mut headers = vec![("webhook-request-origin", "x.example")];
            if let Some(asked) = asked {
                headers.push(("webhook-request-rate", asked));
            }
            let handshake = protection.handshake(&options(&headers));
            handshake.response().headers()[&ALLOWED_RATE].clone()
        };
        assert_eq!(granted(AllowedRate::Unlimited, Some("10")), "*");
        assert_eq!(granted(AllowedRate::Unlimited, None), "*");
        assert_eq!(granted(AllowedRate::PerMinute(50), Some("10")), "10");
        assert_eq!(granted(AllowedRate::PerMinute(50), Some("100")), "50");
        assert_eq!(granted(AllowedRate::PerMinute(50), Some("0")), "50");
        assert_eq!(granted(AllowedRate::PerMinute(50), Some("lots")), "50");
        assert_eq!(granted(AllowedRate::PerMinute(50), None), "50");
    }

    #[test]
    fn callbacks_must_be_http_urls() {
        let protection = AbuseProtection::new(["*"]).unwrap();
        let callback = |url| {
            protection
                .handshake(&options(&[
                    ("webhook-request-origin", "x.example"),
                    ("webhook-request-callback", url),
                ]))
                .callback()
                .map(str::to_owned)
        };
        assert_eq!(
            callback("http://x.example/cb").as_deref(),
            Some("http://x.example/cb")
        );
        assert_eq!(callback("file:///etc/passwd"), None);
        assert_eq!(callback("not a url"), None);
    }
}
