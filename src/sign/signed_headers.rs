//! [`SignedHeaders`]: what a signer adds to an outgoing request.

use http::{HeaderMap, HeaderName, HeaderValue};

/// The headers a [`Signer`](super::Signer) produced, to add to the outgoing request.
///
/// ```
/// use hookwire::{Keyring, MessageId, Scheme, Secret, Signer, Timestamp};
///
/// let signer = Signer::new(Scheme::Shopify, Keyring::new().with(Secret::from_text("test_secret_key")?))?;
/// let headers = signer.sign(&MessageId::new("m1")?, Timestamp::UNIX_EPOCH, br#"{"foo": "bar"}"#).unwrap();
/// let mut map = http::HeaderMap::new();
/// headers.apply_to(&mut map);
/// assert_eq!(map["x-shopify-hmac-sha256"], "B23tXN681gZ0qIWNRrgtzBE9XSDo5yaUu6wfmhu3a7g=");
/// # Ok::<(), hookwire::ConfigError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SignedHeaders {
    headers: Vec<(HeaderName, HeaderValue)>,
}

impl SignedHeaders {
    /// Adds a header. Every value a layout writes is base64, hex, digits or a message id,
    /// all visible ASCII, so none is ever dropped here.
    pub(super) fn push(&mut self, name: &HeaderName, value: String) {
        if let Ok(value) = HeaderValue::try_from(value) {
            self.headers.push((name.clone(), value));
        }
    }

    /// The headers, in the order the scheme defines.
    ///
    /// ```
    /// # use hookwire::{Keyring, MessageId, Scheme, Secret, Signer, Timestamp};
    /// let signer = Signer::new(Scheme::Slack, Keyring::new().with(Secret::from_text("s")?))?;
    /// let signed = signer.sign(&MessageId::new("m")?, Timestamp::from_unix_secs(1), b"").unwrap();
    /// assert_eq!(signed.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(),
    ///            ["x-slack-request-timestamp", "x-slack-signature"]);
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn iter(&self) -> impl Iterator<Item = (&HeaderName, &HeaderValue)> {
        self.headers.iter().map(|(name, value)| (name, value))
    }

    /// The value of header `name`, if the scheme wrote it.
    ///
    /// ```
    /// # use hookwire::{Keyring, MessageId, Scheme, Secret, Signer, Timestamp};
    /// let signer = Signer::new(Scheme::GitHub, Keyring::new().with(Secret::from_text("s")?))?;
    /// let signed = signer.sign(&MessageId::new("m")?, Timestamp::UNIX_EPOCH, b"").unwrap();
    /// assert!(signed.get("X-Hub-Signature-256").unwrap().to_str().unwrap().starts_with("sha256="));
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn get(&self, name: &str) -> Option<&HeaderValue> {
        self.headers
            .iter()
            .find(|(n, _)| n.as_str().eq_ignore_ascii_case(name))
            .map(|(_, value)| value)
    }

    /// Sets every header on `headers`, replacing values of the same name.
    ///
    /// ```
    /// # use hookwire::{Keyring, MessageId, Scheme, Secret, Signer, Timestamp};
    /// let signer = Signer::new(Scheme::GitHub, Keyring::new().with(Secret::from_text("s")?))?;
    /// let mut map = http::HeaderMap::new();
    /// signer.sign(&MessageId::new("m")?, Timestamp::UNIX_EPOCH, b"").unwrap().apply_to(&mut map);
    /// assert!(map.contains_key("x-hub-signature-256"));
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn apply_to(&self, headers: &mut HeaderMap) {
        for (name, value) in &self.headers {
            headers.insert(name, value.clone());
        }
    }
}

impl IntoIterator for SignedHeaders {
    type Item = (HeaderName, HeaderValue);
    type IntoIter = std::vec::IntoIter<(HeaderName, HeaderValue)>;

    fn into_iter(self) -> Self::IntoIter {
        self.headers.into_iter()
    }
}
