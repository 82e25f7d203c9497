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

    /// Replaces a token this long before its `expires_in` runs out — at most half its
    /// lifetime, so a token that lives less than twice the margin is still used.
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
    /// `access_token` (its `expires_in`, less the margin, says when to replace it; a number,
    /// or a string of digits as some servers send it; 0 is refused as expired), or the
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
        let lifetime = match answer.expires_in {
            None => None,
            Some(Seconds::Number(secs)) => Some(secs),
            Some(Seconds::Text(text)) => {
                Some(parse_seconds(&text).ok_or(TokenError::Malformed {
                    reason: "`expires_in` is not a number of seconds",
                })?)
            }
        };
        if lifetime == Some(0) {
            // Used at once it would be refused; fetched again at once it would loop.
            return Err(TokenError::Malformed {
                reason: "`expires_in` is 0: the token expired when it was issued",
            });
        }
        let refresh_at = lifetime.map(|secs| now.saturating_add(self.usable_for(secs)));
        Ok(Token::new(answer.access_token.as_str(), refresh_at))
    }

    /// How long a token that lives `secs` seconds is used: its lifetime less the margin, but
    /// never less than half of it, so a token shorter-lived than the margin still carries
    /// requests instead of being fetched again at once.
    fn usable_for(&self, secs: u64) -> Duration {
        let lifetime = Duration::from_secs(secs);
        let margin = self.refresh_margin.min(lifetime / 2);
        lifetime - margin
    }
}

/// `expires_in` as RFC 6749 §5.1 writes it (a number), or as a string of digits, which some
/// servers send.
#[derive(Deserialize)]
#[serde(untagged)]
enum Seconds {
    Number(u64),
    Text(String),
}

fn parse_seconds(text: &str) -> Option<u64> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

#[derive(Deserialize)]
struct TokenBody {
    access_token: Zeroizing<String>,
    token_type: String,
    #[serde(default)]
    expires_in: Option<Seconds>,
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

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: Timestamp = Timestamp::from_unix_secs(1_000);

    fn grant() -> ClientCredentials {
        let url = Endpoint::builder("https://as.example.com/token")
            .build()
            .unwrap();
        ClientCredentials::new(url, "id", "secret")
    }

    fn refresh_at(expires_in: &str) -> Result<Option<Timestamp>, TokenError> {
        let body =
            format!(r#"{{"access_token":"t","token_type":"Bearer","expires_in":{expires_in}}}"#);
        grant()
            .read_token(200, body.as_bytes(), NOW)
            .map(|token| token.refresh_at())
    }

    fn at(secs: i64) -> Option<Timestamp> {
        Some(Timestamp::from_unix_secs(secs))
    }

    #[test]
    fn the_margin_never_takes_more_than_half_the_lifetime() {
        assert_eq!(refresh_at("3600"), Ok(at(1_000 + 3_600 - 60)));
        assert_eq!(refresh_at("120"), Ok(at(1_000 + 60)));
        // Shorter-lived than the margin: used for half its life, not refetched at once.
        assert_eq!(refresh_at("30"), Ok(at(1_000 + 15)));
        assert_eq!(
            refresh_at("1"),
            Ok(Some(NOW.saturating_add(Duration::from_millis(500))))
        );
        assert_eq!(refresh_at("null"), Ok(None));
        assert!(refresh_at("18446744073709551615").unwrap().is_some());
    }

    #[test]
    fn expires_in_may_be_a_string_of_digits_but_nothing_else() {
        assert_eq!(refresh_at(r#""3600""#), Ok(at(1_000 + 3_600 - 60)));
        for bad in [r#""""#, r#""-5""#, r#""1e3""#, r#"" 60""#, r#""60s""#] {
            assert!(
                matches!(refresh_at(bad), Err(TokenError::Malformed { .. })),
                "{bad}"
            );
        }
        for bad in ["-1", "1.5", "true", "[]"] {
            assert!(
                matches!(refresh_at(bad), Err(TokenError::Malformed { .. })),
                "{bad}"
            );
        }
    }

    #[test]
    fn a_token_expired_when_issued_is_refused() {
        assert!(matches!(
            refresh_at("0"),
            Err(TokenError::Malformed { reason }) if reason.contains("expires_in")
        ));
        assert!(matches!(
            refresh_at(r#""0""#),
            Err(TokenError::Malformed { .. })
        ));
    }

    #[test]
    fn error_bodies_name_the_rfc_6749_code_and_anything_else_is_the_status() {
        let grant = grant();
        let err = |status, body: &str| grant.read_token(status, body.as_bytes(), NOW).unwrap_err();
        assert_eq!(
            err(
                401,
                r#"{"error":"invalid_client","error_description":"bad secret"}"#
            ),
            TokenError::InvalidClient {
                description: Some("bad secret".into())
            }
        );
        assert_eq!(
            err(400, r#"{"error":"slow_down"}"#),
            TokenError::Other {
                code: "slow_down".into(),
                description: None
            }
        );
        assert_eq!(
            err(502, "<html>bad gateway</html>"),
            TokenError::Status { status: 502 }
        );
        assert_eq!(err(404, ""), TokenError::Status { status: 404 });
        // A 200 that is not a token response.
        assert!(matches!(err(200, "not json"), TokenError::Malformed { .. }));
        assert!(matches!(
            err(200, r#"{"token_type":"Bearer"}"#),
            TokenError::Malformed { .. }
        ));
        assert!(matches!(
            err(200, r#"{"access_token":"a b","token_type":"Bearer"}"#),
            TokenError::Malformed { .. }
        ));
        assert!(matches!(
            err(200, r#"{"access_token":"","token_type":"Bearer"}"#),
            TokenError::Malformed { .. }
        ));
        // `token_type` is case-insensitive; unknown fields are ignored.
        let token = grant
            .read_token(
                200,
                br#"{"access_token":"x","token_type":"BEARER","scope":"a","extra":1}"#,
                NOW,
            )
            .unwrap();
        assert_eq!(token.secret(), "x");
    }

    #[test]
    fn basic_auth_form_encodes_the_id_and_secret_first() {
        // RFC 6749 §2.3.1: `application/x-www-form-urlencoded`, then base64.
        let url = Endpoint::builder("https://as.example.com/token")
            .build()
            .unwrap();
        let grant = ClientCredentials::new(url, "a:b", "p&q =é");
        let header = grant.token_request().headers()["authorization"].clone();
        assert!(header.is_sensitive());
        let encoded = header.to_str().unwrap().strip_prefix("Basic ").unwrap();
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(encoded)
            .unwrap();
        assert_eq!(decoded, b"a%3Ab:p%26q+%3D%C3%A9");
    }
}
