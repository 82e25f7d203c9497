//! HTTP Basic authentication (RFC 7617), the only scheme Netcore offers.

use std::fmt;

use base64::Engine as _;
use http::{HeaderMap, HeaderValue, header::AUTHORIZATION};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use super::error::{BasicAuthError, CredentialsError};

/// A user name and password for HTTP Basic authentication.
///
/// The sender adds it with [`BasicAuth::header_value`]; the receiver checks a request with
/// [`BasicAuth::verify`], in constant time. `Debug` shows the user name only.
///
/// ```
/// use hookwire::BasicAuth;
/// use http::{HeaderMap, header::AUTHORIZATION};
///
/// // RFC 6749 §2.3.1's example credentials.
/// let auth = BasicAuth::new("s6BhdRkqt3", "gX1fBat3bV")?;
/// assert_eq!(auth.header_value(), "Basic czZCaGRSa3F0MzpnWDFmQmF0M2JW");
///
/// let mut headers = HeaderMap::new();
/// headers.insert(AUTHORIZATION, auth.header_value());
/// assert!(auth.verify(&headers).is_ok());
/// assert_eq!(format!("{auth:?}"), r#"BasicAuth { username: "s6BhdRkqt3", password: <redacted> }"#);
/// # Ok::<(), hookwire::ConfigError>(())
/// ```
#[derive(Clone, Serialize, Deserialize)]
#[serde(try_from = "RawBasicAuth", into = "RawBasicAuth")]
pub struct BasicAuth {
    username: String,
    password: Zeroizing<String>,
    /// SHA-256 of `username:password`: compared in constant time, whatever the lengths.
    digest: [u8; 32],
}

#[derive(Serialize, Deserialize)]
struct RawBasicAuth {
    username: String,
    password: String,
}

impl BasicAuth {
    /// Credentials to send or to accept. The user name may not contain `:` (RFC 7617) and
    /// neither part may contain control characters ([`BasicAuthError`]).
    ///
    /// ```
    /// assert!(hookwire::BasicAuth::new("a:b", "pw").is_err());
    /// ```
    pub fn new(
        username: impl Into<String>,
        password: impl Into<String>,
    ) -> Result<Self, BasicAuthError> {
        let username = username.into();
        let password = Zeroizing::new(password.into());
        if username.contains(':') {
            return Err(BasicAuthError::ColonInUserName);
        }
        if username
            .chars()
            .chain(password.chars())
            .any(char::is_control)
        {
            return Err(BasicAuthError::ControlCharacter);
        }
        let digest = credentials_digest(username.as_bytes(), password.as_bytes());
        Ok(BasicAuth {
            username,
            password,
            digest,
        })
    }

    /// The user name.
    ///
    /// ```
    /// assert_eq!(hookwire::BasicAuth::new("u", "p")?.username(), "u");
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn username(&self) -> &str {
        &self.username
    }

    /// The `Authorization` header value, `Basic base64(user:password)`, marked sensitive so
    /// `http`'s own `Debug` hides it.
    ///
    /// ```
    /// let value = hookwire::BasicAuth::new("Aladdin", "open sesame")?.header_value();
    /// assert_eq!(value, "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
    /// assert!(value.is_sensitive());
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn header_value(&self) -> HeaderValue {
        let joined = Zeroizing::new(format!("{}:{}", self.username, self.password.as_str()));
        let mut text = Zeroizing::new(String::from("Basic "));
        base64::engine::general_purpose::STANDARD.encode_string(joined.as_bytes(), &mut text);
        // Base64 output and "Basic " are visible ASCII, always a valid header value.
        let mut value =
            HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static(""));
        value.set_sensitive(true);
        value
    }

    /// Checks the request's `Authorization` header against these credentials, in constant
    /// time. The scheme name `Basic` is matched case-insensitively.
    ///
    /// ```
    /// use hookwire::auth::{BasicAuth, CredentialsError};
    /// use http::{HeaderMap, HeaderValue, header::AUTHORIZATION};
    ///
    /// let auth = BasicAuth::new("user", "right")?;
    /// let mut headers = HeaderMap::new();
    /// assert_eq!(auth.verify(&headers), Err(CredentialsError::Missing));
    /// headers.insert(AUTHORIZATION, BasicAuth::new("user", "wrong")?.header_value());
    /// assert_eq!(auth.verify(&headers), Err(CredentialsError::Invalid));
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn verify(&self, headers: &HeaderMap) -> Result<(), CredentialsError> {
        let presented = presented_digest(headers)?;
        if bool::from(presented.ct_eq(&self.digest)) {
            Ok(())
        } else {
            Err(CredentialsError::Invalid)
        }
    }

    /// Checks the request against several accepted credentials (rotation) and returns the
    /// index of the one that matched. Every candidate is compared, so timing does not tell
    /// which one it was.
    ///
    /// ```
    /// use hookwire::BasicAuth;
    /// use http::{HeaderMap, header::AUTHORIZATION};
    ///
    /// let accepted = [BasicAuth::new("old", "1")?, BasicAuth::new("new", "2")?];
    /// let mut headers = HeaderMap::new();
    /// headers.insert(AUTHORIZATION, accepted[1].header_value());
    /// assert_eq!(BasicAuth::verify_any(&accepted, &headers), Ok(1));
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn verify_any(
        accepted: &[BasicAuth],
        headers: &HeaderMap,
    ) -> Result<usize, CredentialsError> {
        let presented = presented_digest(headers)?;
        let mut matched = None;
        for (index, auth) in accepted.iter().enumerate() {
            if bool::from(presented.ct_eq(&auth.digest)) && matched.is_none() {
                matched = Some(index);
            }
        }
        matched.ok_or(CredentialsError::Invalid)
    }
}

fn credentials_digest(username: &[u8], password: &[u8]) -> [u8; 32] {
    let mut hasher = Sha256::new();
    hasher.update(username);
    hasher.update(b":");
    hasher.update(password);
    hasher.finalize().into()
}

fn presented_digest(headers: &HeaderMap) -> Result<[u8; 32], CredentialsError> {
    let mut values = headers.get_all(AUTHORIZATION).iter();
    let value = values.next().ok_or(CredentialsError::Missing)?;
    if values.next().is_some() {
        return Err(CredentialsError::DuplicateHeader);
    }
    let text = value
        .to_str()
        .map_err(|_| CredentialsError::Invalid)?
        .trim();
    let (scheme, encoded) = text.split_once(' ').ok_or(CredentialsError::Invalid)?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return Err(CredentialsError::Missing);
    }
    let decoded = Zeroizing::new(
        base64::engine::general_purpose::STANDARD
            .decode(encoded.trim())
            .map_err(|_| CredentialsError::Invalid)?,
    );
    let mut hasher = Sha256::new();
    hasher.update(&*decoded);
    Ok(hasher.finalize().into())
}

impl TryFrom<RawBasicAuth> for BasicAuth {
    type Error = BasicAuthError;

    fn try_from(raw: RawBasicAuth) -> Result<Self, BasicAuthError> {
        BasicAuth::new(raw.username, raw.password)
    }
}

impl From<BasicAuth> for RawBasicAuth {
    fn from(auth: BasicAuth) -> Self {
        RawBasicAuth {
            username: auth.username,
            password: auth.password.as_str().to_owned(),
        }
    }
}

impl fmt::Debug for BasicAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BasicAuth")
            .field("username", &self.username)
            .field("password", &format_args!("<redacted>"))
            .finish()
    }
}

impl PartialEq for BasicAuth {
    fn eq(&self, other: &Self) -> bool {
        bool::from(self.digest.ct_eq(&other.digest))
    }
}

impl Eq for BasicAuth {}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers_with(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(AUTHORIZATION, HeaderValue::from_str(value).unwrap());
        headers
    }

    #[test]
    fn scheme_name_is_case_insensitive_and_whitespace_tolerated() {
        let auth = BasicAuth::new("Aladdin", "open sesame").unwrap();
        assert_eq!(
            auth.verify(&headers_with("basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==")),
            Ok(())
        );
        assert_eq!(
            auth.verify(&headers_with("BASIC  QWxhZGRpbjpvcGVuIHNlc2FtZQ== ")),
            Ok(())
        );
    }

    #[test]
    fn other_schemes_and_garbage_are_refused() {
        let auth = BasicAuth::new("Aladdin", "open sesame").unwrap();
        assert_eq!(
            auth.verify(&headers_with("Bearer abc")),
            Err(CredentialsError::Missing)
        );
        assert_eq!(
            auth.verify(&headers_with("Basic !!!")),
            Err(CredentialsError::Invalid)
        );
        assert_eq!(
            auth.verify(&headers_with("Basic")),
            Err(CredentialsError::Invalid)
        );
        // A prefix of the right credentials is not the right credentials.
        assert_eq!(
            auth.verify(&headers_with("Basic QWxhZGRpbjpvcGVu")),
            Err(CredentialsError::Invalid)
        );
    }

    #[test]
    fn empty_password_is_allowed_but_must_match() {
        let auth = BasicAuth::new("user", "").unwrap();
        assert_eq!(auth.verify(&headers_with("Basic dXNlcjo=")), Ok(()));
        assert_eq!(
            auth.verify(&headers_with("Basic dXNlcg==")),
            Err(CredentialsError::Invalid)
        );
    }

    #[test]
    fn serde_round_trip_rechecks() {
        let auth = BasicAuth::new("u", "p").unwrap();
        let json = serde_json::to_string(&auth).unwrap();
        let back: BasicAuth = serde_json::from_str(&json).unwrap();
        assert_eq!(back, auth);
        assert!(serde_json::from_str::<BasicAuth>(r#"{"username":"a:b","password":"p"}"#).is_err());
    }
}
