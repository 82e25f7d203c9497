//! [`ClientCredentials`]: the OAuth 2.0 client-credentials grant (RFC 6749 §4.4) as data:
//! the token request to send and the reading of its answer. The dispatcher sends it as one
//! more transmit.

use std::fmt;
use std::time::Duration;

use base64::Engine as _;
use bytes::Bytes;
use http::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE};
use http::{HeaderValue, Request};
use serde::Deserialize;
use zeroize::Zeroizing;

use super::client_auth::ClientAuth;
use super::token::Token;
use super::token_error::TokenError;
use crate::endpoint::Endpoint;
use crate::time::Timestamp;

/// How long before its `expires_in` a token is replaced, by default.
pub const DEFAULT_REFRESH_MARGIN: Duration = Duration::from_secs(60);

/// A client-credentials grant: the token endpoint, the client's id and secret, the scopes
/// and, for Ping Federate, the access token manager — Lytics' "OAuth 2.0 Client Credentials
/// Grant" authorization ("they will be used to retrieve an access token from the Token URL
/// … to retrieve a new token when the existing one expires").
///
/// The secret is never in `Debug`, never serialized, and wiped when dropped.
///
/// ```
/// use hookwire::auth::ClientCredentials;
/// use hookwire::Endpoint;
///
/// // RFC 6749 §2.3.1's example client.
/// let grant = ClientCredentials::new(
///     Endpoint::builder("https://www.example.com:9031/as/token.oauth2").build()?,
///     "s6BhdRkqt3",
///     "gX1fBat3bV",
/// )
/// .with_scopes(["read", "write"]);
/// let request = grant.token_request();
/// assert_eq!(request.method(), "POST");
/// assert_eq!(request.headers()["authorization"], "Basic czZCaGRSa3F0MzpnWDFmQmF0M2JW");
/// assert_eq!(request.headers()["content-type"], "application/x-www-form-urlencoded");
/// assert_eq!(request.body().as_ref(), b"grant_type=client_credentials&scope=read+write");
/// assert!(!format!("{grant:?}").contains("gX1fBat3bV"));
/// # Ok::<(), hookwire::ConfigError>(())
/// ```
#[derive(Clone)]
pub struct ClientCredentials {
    token_url: Endpoint,
    client_id: String,
    client_secret: Zeroizing<String>,
    scopes: Vec<String>,
    client_auth: ClientAuth,
    access_token_manager_id: Option<String>,
    refresh_margin: Duration,
}

impl ClientCredentials {
    /// A grant against `token_url` (a POST endpoint) for this client, authenticated by HTTP
    /// Basic, with no scope and a [`DEFAULT_REFRESH_MARGIN`].
    ///
    /// See [`ClientCredentials`] for an example.
    pub fn new(
        token_url: Endpoint,
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
    ) -> Self {
        ClientCredentials {
            token_url,
            client_id: client_id.into(),
            client_secret: Zeroizing::new(client_secret.into()),
            scopes: Vec::new(),
            client_auth: ClientAuth::Basic,
            access_token_manager_id: None,
            refresh_margin: DEFAULT_REFRESH_MARGIN,
        }
    }

    /// Asks for these scopes (Lytics: "enter the authorization scopes to request").
    ///
    /// See [`ClientCredentials`] for an example.
    #[must_use]
    pub fn with_scopes<S: Into<String>>(mut self, scopes: impl IntoIterator<Item = S>) -> Self {
        self.scopes = scopes.into_iter().map(Into::into).collect();
        self
    }

    /// Sends the client's id and secret this way.
    ///
    /// ```
    /// # use hookwire::{auth::{ClientAuth, ClientCredentials}, Endpoint};
    /// let grant = ClientCredentials::new(Endpoint::builder("https://as.example.com/token").build()?, "id", "s e")
    ///     .with_client_auth(ClientAuth::Body);
    /// let request = grant.token_request();
    /// assert!(!request.headers().contains_key("authorization"));
    /// assert_eq!(request.body().as_ref(), b"grant_type=client_credentials&client_id=id&client_secret=s+e");
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    #[must_use]
    pub fn with_client_auth(mut self, client_auth: ClientAuth) -> Self {
        self.client_auth = client_auth;
        self
    }

    /// Names the Ping Federate access token manager (Lytics: "the instance ID of your
    /// desired Ping Federate ATM instance"), sent as `access_token_manager_id`.
    ///
    /// ```
    /// # use hookwire::{auth::ClientCredentials, Endpoint};
    /// let grant = ClientCredentials::new(Endpoint::builder("https://pf.example.com:9031/as/token.oauth2").build()?, "id", "s")
    ///     .with_access_token_manager("jwtATM");
    /// assert!(grant.token_request().body().ends_with(b"&access_token_manager_id=jwtATM"));
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    #[must_use]
    pub fn with_access_token_manager(mut self, id: impl Into<String>) -> Self {
        self.access_token_manager_id = Some(id.into());
        self
    }

    /// Replaces a token this long before its `expires_in` runs out.
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use hookwire::{auth::ClientCredentials, Endpoint};
    /// let grant = ClientCredentials::new(Endpoint::builder("https://as.example.com/token").build()?, "id", "s")
    ///     .with_refresh_margin(Duration::from_secs(30));
    /// assert_eq!(grant.refresh_margin(), Duration::from_secs(30));
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    #[must_use]
    pub fn with_refresh_margin(mut self, margin: Duration) -> Self {
        self.refresh_margin = margin;
        self
    }

    /// The token endpoint.
    ///
    /// See [`ClientCredentials`] for an example.
    pub fn token_url(&self) -> &Endpoint {
        &self.token_url
    }

    /// The client id.
    ///
    /// See [`ClientCredentials`] for an example.
    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    /// How long before expiry a token is replaced.
    ///
    /// See [`ClientCredentials::with_refresh_margin`] for an example.
    pub fn refresh_margin(&self) -> Duration {
        self.refresh_margin
    }

    /// The token request: a form POST of `grant_type=client_credentials`, the scopes and the
    /// access token manager, with the client authenticated as configured.
    ///
    /// See [`ClientCredentials`] for an example.
    pub fn token_request(&self) -> Request<Bytes> {
        let mut form: Vec<(&str, &str)> = vec![("grant_type", "client_credentials")];
        let scope = self.scopes.join(" ");
        if !scope.is_empty() {
            form.push(("scope", &scope));
        }
        if self.client_auth == ClientAuth::Body {
            form.push(("client_id", &self.client_id));
            form.push(("client_secret", &self.client_secret));
        }
        if let Some(id) = &self.access_token_manager_id {
            form.push(("access_token_manager_id", id));
        }
        // Form-encoding pairs of strings cannot fail.
        let body = Zeroizing::new(serde_urlencoded::to_string(&form).unwrap_or_default());
        let mut request = self
            .token_url
            .request(Bytes::copy_from_slice(body.as_bytes()));
        let headers = request.headers_mut();
        headers.insert(
            CONTENT_TYPE,
            HeaderValue::from_static("application/x-www-form-urlencoded"),
        );
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        if self.client_auth == ClientAuth::Basic {
            headers.insert(AUTHORIZATION, self.basic_header());
        }
        request
    }

    /// RFC 6749 §2.3.1: the id and secret are form-encoded before they are joined.
    fn basic_header(&self) -> HeaderValue {
        let encode = |text: &str| -> Zeroizing<String> {
            Zeroizing::new(
                serde_urlencoded::to_string([("", text)])
                    .unwrap_or_default()
                    .trim_start_matches('=')
                    .to_owned(),
            )
        };
        let joined = Zeroizing::new(format!(
            "{}:{}",
            encode(&self.client_id).as_str(),
            encode(&self.client_secret).as_str()
        ));
        let mut text = Zeroizing::new(String::from("Basic "));
        base64::engine::general_purpose::STANDARD.encode_string(joined.as_bytes(), &mut text);
        // "Basic " and base64 are visible ASCII.
        let mut value = HeaderValue::from_str(&text).unwrap_or(HeaderValue::from_static(""));
        value.set_sensitive(true);
        value
    }

    /// Reads the token endpoint's answer, received at `now`: a 200 with a Bearer
    /// `access_token` (its `expires_in`, less the margin, says when to replace it), or the
    /// RFC 6749 §5.2 error it names.
    ///
    /// ```
    /// use hookwire::auth::{ClientCredentials, TokenError};
    /// use hookwire::{Endpoint, Timestamp};
    ///
    /// let grant = ClientCredentials::new(Endpoint::builder("https://as.example.com/token").build()?, "id", "s");
    /// let now = Timestamp::from_unix_secs(1_000);
    /// // RFC 6749 §5.1's example response.
    /// let ok = br#"{"access_token":"2YotnFZFEjr1zCsicMWpAA","token_type":"example","expires_in":3600}"#;
    /// assert!(matches!(grant.read_token(200, ok, now), Err(TokenError::NotBearer { .. })));
    /// let ok = br#"{"access_token":"2YotnFZFEjr1zCsicMWpAA","token_type":"bearer","expires_in":3600}"#;
    /// let token = grant.read_token(200, ok, now)?;
    /// assert_eq!(token.refresh_at(), Some(Timestamp::from_unix_secs(1_000 + 3_600 - 60)));
    /// // RFC 6749 §5.2.
    /// let err = grant.read_token(400, br#"{"error":"invalid_scope"}"#, now).unwrap_err();
    /// assert_eq!(err, TokenError::InvalidScope { description: None });
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn read_token(
        &self,
        status: u16,
        body: &[u8],
        now: Timestamp,
    ) -> Result<Token, TokenError> {
        if status != 200 {
            let Ok(error) = serde_json::from_slice::<ErrorBody>(body) else {
                return Err(TokenError::Status { status });
            };
            let description = error.error_description;
            return Err(match error.error.as_str() {
                "invalid_request" => TokenError::InvalidRequest { description },
                "invalid_client" => TokenError::InvalidClient { description },
                "invalid_grant" => TokenError::InvalidGrant { description },
                "unauthorized_client" => TokenError::UnauthorizedClient { description },
                "unsupported_grant_type" => TokenError::UnsupportedGrantType { description },
                "invalid_scope" => TokenError::InvalidScope { description },
                other => TokenError::Other {
                    code: other.to_owned(),
                    description,
                },
            });
        }
        let answer: TokenBody =
            serde_json::from_slice(body).map_err(|_| TokenError::Malformed {
                reason: "not a JSON object with `access_token` and `token_type`",
            })?;
        if !answer.token_type.eq_ignore_ascii_case("bearer") {
            return Err(TokenError::NotBearer {
                token_type: answer.token_type,
            });
        }
        let usable = !answer.access_token.is_empty()
            && answer.access_token.bytes().all(|b| b.is_ascii_graphic());
        if !usable {
            return Err(TokenError::Malformed {
                reason: "the access token is empty or not visible ASCII",
            });
        }
        let refresh_at = answer.expires_in.map(|secs| {
            now.saturating_add(Duration::from_secs(secs).saturating_sub(self.refresh_margin))
        });
        Ok(Token::new(answer.access_token.as_str(), refresh_at))
    }
}

#[derive(Deserialize)]
struct TokenBody {
    access_token: Zeroizing<String>,
    token_type: String,
    #[serde(default)]
    expires_in: Option<u64>,
}

#[derive(Deserialize)]
struct ErrorBody {
    error: String,
    #[serde(default)]
    error_description: Option<String>,
}

impl fmt::Debug for ClientCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCredentials")
            .field("token_url", &self.token_url)
            .field("client_id", &self.client_id)
            .field("client_secret", &"<redacted>")
            .field("scopes", &self.scopes)
            .field("client_auth", &self.client_auth)
            .field("access_token_manager_id", &self.access_token_manager_id)
            .field("refresh_margin", &self.refresh_margin)
            .finish()
    }
}
