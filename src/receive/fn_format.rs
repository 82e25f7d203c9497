//! [`FnFormat`]: any `parse(headers, body)` function as a [`BodyFormat`].

use std::fmt;

use http::HeaderMap;

use super::body_format::BodyFormat;
use super::media_type::require_media_type;
use crate::format::ParseError;

/// A format made of a list of accepted media types and a parse function: how any
/// `parse(headers, body)` function becomes a [`BodyFormat`].
///
/// The media types are matched as [`require_media_type`] does; an empty list accepts any
/// content type, or none.
///
/// ```
/// use hookwire::format::ParseError;
/// use hookwire::receive::{BodyFormat, FnFormat};
///
/// let form = FnFormat::new(&["application/x-www-form-urlencoded"], |_headers, body| {
///     Ok::<usize, ParseError>(body.split(|b| *b == b'&').count())
/// });
/// let mut headers = http::HeaderMap::new();
/// headers.insert("content-type", "application/x-www-form-urlencoded".parse().unwrap());
/// assert!(form.check_content_type(&headers).is_ok());
/// assert_eq!(form.parse(&headers, b"a=1&b=2")?, 2);
/// # Ok::<(), ParseError>(())
/// ```
#[derive(Clone, Copy)]
pub struct FnFormat<P> {
    media_types: &'static [&'static str],
    parse: P,
}

impl<P> FnFormat<P> {
    /// A format accepting `media_types` and reading bodies with `parse`.
    ///
    /// See [`FnFormat`] for an example.
    pub fn new<T>(media_types: &'static [&'static str], parse: P) -> Self
    where
        P: Fn(&HeaderMap, &[u8]) -> Result<T, ParseError>,
    {
        FnFormat { media_types, parse }
    }

    /// The media types accepted; empty for any.
    ///
    /// ```
    /// let raw = hookwire::receive::FnFormat::new(&[], |_, body| {
    ///     Ok::<_, hookwire::format::ParseError>(body.len())
    /// });
    /// assert!(raw.media_types().is_empty());
    /// ```
    pub fn media_types(&self) -> &'static [&'static str] {
        self.media_types
    }
}

impl<P, T> BodyFormat for FnFormat<P>
where
    P: Fn(&HeaderMap, &[u8]) -> Result<T, ParseError>,
{
    type Output = T;

    fn check_content_type(&self, headers: &HeaderMap) -> Result<(), ParseError> {
        if self.media_types.is_empty() {
            return Ok(());
        }
        require_media_type(headers, self.media_types)
    }

    fn parse(&self, headers: &HeaderMap, body: &[u8]) -> Result<T, ParseError> {
        (self.parse)(headers, body)
    }
}

impl<P> fmt::Debug for FnFormat<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FnFormat")
            .field("media_types", &self.media_types)
            .finish_non_exhaustive()
    }
}
