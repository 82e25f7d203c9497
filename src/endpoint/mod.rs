//! [`Endpoint`]: where a webhook goes and what every request to it carries.

use std::fmt;

use http::{HeaderMap, Method, Request, Uri};
use serde::{Deserialize, Serialize};
use url::Url;

mod builder;
mod error;
mod header;

pub use builder::EndpointBuilder;
pub use error::EndpointError;
pub use header::HeaderError;
pub(crate) use header::{checked_header_value, header_pair};

use header::{RedactedPairs, is_sensitive_name};

use crate::auth::BasicAuth;
use crate::guard::Guard;

/// A validated webhook destination: URL, method, extra headers, extra query parameters and
/// optional HTTP Basic credentials.
///
/// Built with [`Endpoint::builder`]; every problem is an [`EndpointError`] from `build()`, so a
/// built endpoint always yields a valid request. Values that look like credentials
/// (`Authorization`, `X-Api-Key`, `access_token=`…) are redacted from `Debug`.
///
/// ```
/// use hookwire::Endpoint;
///
/// let endpoint = Endpoint::builder("https://hooks.example.com/in?source=journey")
///     .header("X-Api-Key", "k-123")
///     .query("access_token", "t-456")
///     .require_https(true)
///     .build()?;
/// assert_eq!(endpoint.uri(), "https://hooks.example.com/in?source=journey&access_token=t-456");
/// let shown = format!("{endpoint:?}");
/// assert!(!shown.contains("k-123") && !shown.contains("t-456"), "{shown}");
/// # Ok::<(), hookwire::ConfigError>(())
/// ```
#[derive(Clone, Serialize, Deserialize)]
#[serde(try_from = "RawEndpoint", into = "RawEndpoint")]
pub struct Endpoint {
    url: Url,
    method: Method,
    headers: HeaderMap,
    query: Vec<(String, String)>,
    basic_auth: Option<BasicAuth>,
    require_https: bool,
    /// The SSRF guard every transmit must be cleared against, when the URL is user input.
    guard: Option<Guard>,
    /// The final request target, query parameters included; computed once at build time.
    uri: Uri,
}

/// The serialized form of an endpoint; deserializing validates it again.
#[derive(Clone, Serialize, Deserialize)]
struct RawEndpoint {
    url: String,
    #[serde(default = "default_method")]
    method: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    headers: Vec<(String, String)>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    query: Vec<(String, String)>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    basic_auth: Option<BasicAuth>,
    #[serde(default)]
    require_https: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    guard: Option<Guard>,
}

fn default_method() -> String {
    Method::POST.as_str().to_owned()
}

impl fmt::Debug for RawEndpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EndpointBuilder")
            .field("url", &self.url)
            .field("method", &self.method)
            .field("headers", &RedactedPairs(&self.headers))
            .field("query", &RedactedPairs(&self.query))
            .field("basic_auth", &self.basic_auth)
            .field("require_https", &self.require_https)
            .field("guard", &self.guard)
            .finish()
    }
}

impl Endpoint {
    /// Starts building an endpoint for `url`. The method defaults to `POST`.
    ///
    /// ```
    /// let e = hookwire::Endpoint::builder("https://example.com/").build()?;
    /// assert_eq!(e.method(), http::Method::POST);
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn builder(url: impl Into<String>) -> EndpointBuilder {
        EndpointBuilder {
            raw: RawEndpoint {
                url: url.into(),
                method: default_method(),
                headers: Vec::new(),
                query: Vec::new(),
                basic_auth: None,
                require_https: false,
                guard: None,
            },
        }
    }

    /// The URL as configured, without the extra query parameters.
    ///
    /// ```
    /// let e = hookwire::Endpoint::builder("https://example.com/a").query("k", "v").build()?;
    /// assert_eq!(e.url().as_str(), "https://example.com/a");
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn url(&self) -> &Url {
        &self.url
    }

    /// The request target: the URL with the extra query parameters appended, form-encoded.
    ///
    /// ```
    /// let e = hookwire::Endpoint::builder("https://example.com/a").query("q", "a b&c").build()?;
    /// assert_eq!(e.uri(), "https://example.com/a?q=a+b%26c");
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn uri(&self) -> &Uri {
        &self.uri
    }

    /// The HTTP method.
    ///
    /// ```
    /// let e = hookwire::Endpoint::builder("https://example.com/").build()?;
    /// assert_eq!(e.method(), "POST");
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The extra headers every request carries (credential-like values marked sensitive).
    ///
    /// ```
    /// let e = hookwire::Endpoint::builder("https://example.com/").header("Authorization", "t").build()?;
    /// assert!(e.headers()["authorization"].is_sensitive());
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The extra query parameters, in order.
    ///
    /// ```
    /// let e = hookwire::Endpoint::builder("https://example.com/").query("a", "1").build()?;
    /// assert_eq!(e.query(), [("a".to_owned(), "1".to_owned())]);
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn query(&self) -> &[(String, String)] {
        &self.query
    }

    /// The HTTP Basic credentials, if any.
    ///
    /// ```
    /// let auth = hookwire::BasicAuth::new("u", "p")?;
    /// let e = hookwire::Endpoint::builder("https://example.com/").basic_auth(auth).build()?;
    /// assert_eq!(e.basic_auth().map(|a| a.username()), Some("u"));
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn basic_auth(&self) -> Option<&BasicAuth> {
        self.basic_auth.as_ref()
    }

    /// Whether this endpoint was built to require https.
    ///
    /// ```
    /// let e = hookwire::Endpoint::builder("https://example.com/").require_https(true).build()?;
    /// assert!(e.requires_https());
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn requires_https(&self) -> bool {
        self.require_https
    }

    /// The SSRF guard requests to this endpoint must be cleared against, if it has one
    /// (see [`EndpointBuilder::guard`]).
    ///
    /// ```
    /// let e = hookwire::presets::listrak::endpoint("https://hooks.example.com/").build()?;
    /// assert!(e.guard().is_some());
    /// assert!(hookwire::Endpoint::builder("https://hooks.example.com/").build()?.guard().is_none());
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn guard(&self) -> Option<&Guard> {
        self.guard.as_ref()
    }

    /// A request to this endpoint carrying `body`: method, target, the extra headers and the
    /// `Authorization` header for Basic credentials. The caller adds the content type and
    /// signature headers.
    ///
    /// ```
    /// let e = hookwire::Endpoint::builder("https://example.com/in").header("X-Team", "growth").build()?;
    /// let request = e.request(bytes::Bytes::from_static(b"{}"));
    /// assert_eq!(request.method(), "POST");
    /// assert_eq!(request.uri(), "https://example.com/in");
    /// assert_eq!(request.headers()["x-team"], "growth");
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn request<B>(&self, body: B) -> Request<B> {
        let mut request = Request::new(body);
        *request.method_mut() = self.method.clone();
        *request.uri_mut() = self.uri.clone();
        let headers = request.headers_mut();
        headers.reserve(self.headers.len() + 4);
        for (name, value) in &self.headers {
            headers.append(name, value.clone());
        }
        if let Some(auth) = &self.basic_auth {
            headers.insert(http::header::AUTHORIZATION, auth.header_value());
        }
        request
    }
}

impl TryFrom<RawEndpoint> for Endpoint {
    type Error = EndpointError;

    fn try_from(raw: RawEndpoint) -> Result<Self, EndpointError> {
        let url = parse_url(&raw.url, raw.require_https)?;
        if let Some(guard) = &raw.guard {
            guard
                .target_url(&url)
                .map_err(|denied| EndpointError::InvalidUrl {
                    url: raw.url.clone(),
                    reason: denied.to_string(),
                })?;
        }
        let method = Method::from_bytes(raw.method.as_bytes()).map_err(|_| {
            EndpointError::InvalidMethod {
                method: raw.method.clone(),
            }
        })?;
        let mut headers = HeaderMap::with_capacity(raw.headers.len());
        for (name, value) in &raw.headers {
            let (name, value) = header_pair(name, value)?;
            headers.append(name, value);
        }
        let mut target = url.clone();
        if !raw.query.is_empty() {
            target
                .query_pairs_mut()
                .extend_pairs(raw.query.iter())
                .finish();
        }
        let uri: Uri = target
            .as_str()
            .parse()
            .map_err(|err: http::uri::InvalidUri| EndpointError::InvalidUrl {
                url: raw.url.clone(),
                reason: err.to_string(),
            })?;
        Ok(Endpoint {
            url,
            method,
            headers,
            query: raw.query,
            basic_auth: raw.basic_auth,
            require_https: raw.require_https,
            guard: raw.guard,
            uri,
        })
    }
}

impl From<Endpoint> for RawEndpoint {
    fn from(endpoint: Endpoint) -> Self {
        let headers = endpoint
            .headers
            .iter()
            .map(|(name, value)| {
                // Values were built from `&str`, so they are valid UTF-8.
                (
                    name.as_str().to_owned(),
                    String::from_utf8_lossy(value.as_bytes()).into_owned(),
                )
            })
            .collect();
        RawEndpoint {
            url: endpoint.url.into(),
            method: endpoint.method.as_str().to_owned(),
            headers,
            query: endpoint.query,
            basic_auth: endpoint.basic_auth,
            require_https: endpoint.require_https,
            guard: endpoint.guard,
        }
    }
}

fn parse_url(text: &str, require_https: bool) -> Result<Url, EndpointError> {
    let url = Url::parse(text.trim()).map_err(|err| EndpointError::InvalidUrl {
        url: text.to_owned(),
        reason: err.to_string(),
    })?;
    match url.scheme() {
        "https" => {}
        "http" if !require_https => {}
        "http" => {
            return Err(EndpointError::HttpsRequired {
                scheme: url.scheme().to_owned(),
                url: text.to_owned(),
            });
        }
        other => {
            return Err(EndpointError::UnsupportedUrlScheme {
                scheme: other.to_owned(),
            });
        }
    }
    if url.host().is_none() {
        return Err(EndpointError::InvalidUrl {
            url: text.to_owned(),
            reason: "no host".to_owned(),
        });
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(EndpointError::UrlHasCredentials);
    }
    if url.fragment().is_some() {
        return Err(EndpointError::UrlHasFragment);
    }
    Ok(url)
}

impl fmt::Debug for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut url = self.url.clone();
        let pairs: Vec<(String, String)> = url.query_pairs().into_owned().collect();
        if pairs.iter().any(|(name, _)| is_sensitive_name(name)) {
            let mut rewritten = url.query_pairs_mut();
            rewritten.clear();
            for (name, value) in &pairs {
                let shown = if is_sensitive_name(name) {
                    "<redacted>"
                } else {
                    value
                };
                rewritten.append_pair(name, shown);
            }
        }
        f.debug_struct("Endpoint")
            .field("method", &self.method)
            .field("url", &url.as_str())
            .field("headers", &self.headers)
            .field("query", &RedactedPairs(&self.query))
            .field("basic_auth", &self.basic_auth)
            .field("require_https", &self.require_https)
            .field("guard", &self.guard)
            .finish()
    }
}

impl PartialEq for Endpoint {
    fn eq(&self, other: &Self) -> bool {
        self.url == other.url
            && self.method == other.method
            && self.headers == other.headers
            && self.query == other.query
            && self.basic_auth == other.basic_auth
            && self.require_https == other.require_https
            && self.guard == other.guard
    }
}

impl Eq for Endpoint {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_bad_urls_with_reasons() {
        let err = |url: &str| Endpoint::builder(url).build().unwrap_err();
        assert!(matches!(err("not a url"), EndpointError::InvalidUrl { .. }));
        assert!(matches!(
            err("mailto:a@b.c"),
            EndpointError::UnsupportedUrlScheme { .. }
        ));
        assert_eq!(err("https://u:p@e.com/"), EndpointError::UrlHasCredentials);
        assert_eq!(err("https://e.com/#frag"), EndpointError::UrlHasFragment);
    }

    #[test]
    fn rejects_reserved_and_malformed_headers() {
        let build = |name: &str, value: &str| {
            Endpoint::builder("https://e.com/")
                .header(name, value)
                .build()
        };
        assert!(matches!(
            build("Host", "x"),
            Err(EndpointError::Header(HeaderError::Reserved { .. }))
        ));
        assert!(matches!(
            build("Content-Length", "1"),
            Err(EndpointError::Header(HeaderError::Reserved { .. }))
        ));
        assert!(matches!(
            build("Bad Name", "x"),
            Err(EndpointError::Header(HeaderError::InvalidName { .. }))
        ));
        assert!(matches!(
            build("X-A", "a\nb"),
            Err(EndpointError::Header(HeaderError::InvalidValue { .. }))
        ));
        assert!(matches!(
            build("X-A", "a\rb"),
            Err(EndpointError::Header(HeaderError::InvalidValue { .. }))
        ));
        assert!(matches!(
            build("X-A", "a\0b"),
            Err(EndpointError::Header(HeaderError::InvalidValue { .. }))
        ));
        assert!(build("X-A", "tab\tok").is_ok());
    }

    #[test]
    fn serde_round_trip_revalidates() {
        let endpoint = Endpoint::builder("https://e.com/in?x=1")
            .method("PUT")
            .header("X-Token", "secret-value")
            .query("k", "v w")
            .basic_auth(BasicAuth::new("u", "p").unwrap())
            .require_https(true)
            .build()
            .unwrap();
        let json = serde_json::to_string(&endpoint).unwrap();
        let back: Endpoint = serde_json::from_str(&json).unwrap();
        assert_eq!(back, endpoint);
        assert_eq!(back.uri(), endpoint.uri());
        assert!(back.headers()["x-token"].is_sensitive());
        let insecure = json.replace("https://", "http://");
        assert!(serde_json::from_str::<Endpoint>(&insecure).is_err());
    }

    #[test]
    fn debug_redacts_credentials_in_url_and_query() {
        let endpoint = Endpoint::builder("https://e.com/in?api_key=abc123&team=growth")
            .query("access_token", "tok-999")
            .build()
            .unwrap();
        let shown = format!("{endpoint:?}");
        assert!(
            !shown.contains("abc123") && !shown.contains("tok-999"),
            "{shown}"
        );
        assert!(shown.contains("growth"), "{shown}");
        // The request itself still carries them.
        assert_eq!(
            endpoint.uri(),
            "https://e.com/in?api_key=abc123&team=growth&access_token=tok-999"
        );
    }
}
