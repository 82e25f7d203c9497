//! Webhook URLs built from profile fields ("generate a dynamic URL using data on the Lytics
//! profile"), with the `{{field}}` merge syntax JSON templates use.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::Value;
use url::Url;

use crate::endpoint::{Endpoint, EndpointError};
use crate::format::RenderError;
use crate::format::merge::{self, Piece};

/// What a substituted value keeps unescaped: RFC 3986's unreserved characters. Everything
/// else is percent-encoded, so a value can never add a path segment, a query parameter or a
/// host (`/`, `?`, `&`, `=`, `#`, `@`, `:` are all escaped).
const SUBSTITUTED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A URL template: `https://api.example.com/users/{{email}}?ref={{campaign.id}}`.
///
/// The scheme and host must be literal text (substituted values are percent-encoded, so a
/// field could never supply them); `new` checks the template with sample values against the
/// same rules as [`Endpoint`] — https when required, no credentials, no fragment — and
/// `render` checks the real URL again.
///
/// ```
/// use hookwire::presets::lytics::UrlTemplate;
///
/// let template = UrlTemplate::new("https://api.example.com/users/{{email}}?plan={{plan}}", true)?;
/// let profile = serde_json::json!({"email": "ada+1@example.com", "plan": "a&b=c 100%"});
/// let url = template.render(&profile)?;
/// assert_eq!(url.as_str(), "https://api.example.com/users/ada%2B1%40example.com?plan=a%26b%3Dc%20100%25");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlTemplate {
    template: String,
    require_https: bool,
}

impl UrlTemplate {
    /// Checks and keeps a template. `require_https` is the vendor's rule (Lytics: "The
    /// webhook URL must have the https scheme").
    ///
    /// ```
    /// use hookwire::{EndpointError, presets::lytics::UrlTemplate};
    /// assert!(matches!(UrlTemplate::new("http://e.com/{{id}}", true), Err(EndpointError::HttpsRequired { .. })));
    /// assert!(matches!(UrlTemplate::new("https://e.com/{{id", true), Err(EndpointError::InvalidUrl { .. })));
    /// assert!(UrlTemplate::new("{{base_url}}/x", true).is_err());
    /// // A field may not extend the host either.
    /// assert!(UrlTemplate::new("https://{{host}}/x", true).is_err());
    /// assert!(UrlTemplate::new("https://api.example.com{{suffix}}/x", true).is_err());
    /// assert!(UrlTemplate::new("https://api.example.com:{{port}}/x", true).is_err());
    /// ```
    pub fn new(template: impl Into<String>, require_https: bool) -> Result<Self, EndpointError> {
        let template = template.into();
        let pieces = merge::split(&template).map_err(|err| EndpointError::InvalidUrl {
            url: template.clone(),
            reason: format!("{} (at byte {})", err.reason, err.offset),
        })?;
        // The whole authority (host and port) must end inside the first literal piece: a
        // field right after `https://` or `https://api.example.com` could otherwise choose
        // the host (`.evil.com` is made of unreserved characters, so escaping cannot help).
        let literal_authority = match pieces.first() {
            Some(Piece::Text(text)) => text.find("://").is_some_and(|at| {
                let rest = &text[at + 3..];
                pieces.len() == 1 || rest.find(['/', '?']).is_some_and(|end| end > 0)
            }),
            _ => false,
        };
        if !literal_authority {
            return Err(EndpointError::InvalidUrl {
                url: template,
                reason: "the scheme and host must be literal text, not merge fields".to_owned(),
            });
        }
        let sample: String = pieces
            .iter()
            .map(|piece| match piece {
                Piece::Text(text) => *text,
                Piece::Field(_) => "x",
            })
            .collect();
        Endpoint::builder(sample)
            .require_https(require_https)
            .build()
            .map_err(|err| match err {
                // Report the template, not the sample URL.
                EndpointError::HttpsRequired { scheme, .. } => EndpointError::HttpsRequired {
                    scheme,
                    url: template.clone(),
                },
                EndpointError::InvalidUrl { reason, .. } => EndpointError::InvalidUrl {
                    url: template.clone(),
                    reason,
                },
                other => other,
            })?;
        Ok(UrlTemplate {
            template,
            require_https,
        })
    }

    /// The template as written.
    ///
    /// ```
    /// let t = hookwire::presets::lytics::UrlTemplate::new("https://e.com/{{id}}", true)?;
    /// assert_eq!(t.as_str(), "https://e.com/{{id}}");
    /// # Ok::<(), hookwire::EndpointError>(())
    /// ```
    pub fn as_str(&self) -> &str {
        &self.template
    }

    /// The URL for this profile: each merge field replaced by its value (strings as they are,
    /// numbers and booleans as JSON writes them, null as nothing), percent-encoded.
    ///
    /// ```
    /// use hookwire::format::RenderError;
    /// use hookwire::presets::lytics::UrlTemplate;
    /// let t = UrlTemplate::new("https://e.com/u/{{user.id}}", true)?;
    /// assert_eq!(t.render(&serde_json::json!({"user": {"id": 42}}))?.path(), "/u/42");
    /// assert_eq!(t.render(&serde_json::json!({})).unwrap_err(), RenderError::MissingField { path: "user.id".into() });
    /// assert!(matches!(t.render(&serde_json::json!({"user": {"id": [1]}})), Err(RenderError::InvalidValue { .. })));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn render(&self, data: &Value) -> Result<Url, RenderError> {
        let pieces = merge::split(&self.template).map_err(|err| RenderError::InvalidValue {
            field: "url".to_owned(),
            reason: err.reason.to_owned(),
        })?;
        let mut url = String::with_capacity(self.template.len() + 32);
        for piece in pieces {
            match piece {
                Piece::Text(text) => url.push_str(text),
                Piece::Field(path) => {
                    let value =
                        merge::lookup(data, path).ok_or_else(|| RenderError::MissingField {
                            path: path.to_owned(),
                        })?;
                    let text = merge::as_text(value).ok_or_else(|| RenderError::InvalidValue {
                        field: path.to_owned(),
                        reason: "an array or object has no text form in a URL".to_owned(),
                    })?;
                    url.extend(utf8_percent_encode(&text, SUBSTITUTED));
                }
            }
        }
        let endpoint = Endpoint::builder(url)
            .require_https(self.require_https)
            .build()
            .map_err(|err| RenderError::InvalidValue {
                field: "url".to_owned(),
                reason: err.to_string(),
            })?;
        Ok(endpoint.url().clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn substitutes_scalars_and_escapes_everything_reserved() {
        let template = UrlTemplate::new("https://e.com/{{a}}/{{b}}/{{c}}/{{d}}", true).unwrap();
        let url = template
            .render(&json!({"a": "x y/z", "b": 1.5, "c": true, "d": null}))
            .unwrap();
        assert_eq!(url.as_str(), "https://e.com/x%20y%2Fz/1.5/true/");
        let url = template
            .render(&json!({"a": "@:?#[]", "b": "é", "c": "-._~", "d": "%"}))
            .unwrap();
        assert_eq!(url.path(), "/%40%3A%3F%23%5B%5D/%C3%A9/-._~/%25");
    }

    #[test]
    fn build_errors_name_the_template() {
        let err = UrlTemplate::new("ftp://e.com/{{a}}", false).unwrap_err();
        assert!(
            matches!(err, EndpointError::UnsupportedUrlScheme { .. }),
            "{err}"
        );
        let err = UrlTemplate::new("https://e.com/#{{a}}", true).unwrap_err();
        assert!(matches!(err, EndpointError::UrlHasFragment), "{err}");
        match UrlTemplate::new("http://e.com/{{a}}", true).unwrap_err() {
            EndpointError::HttpsRequired { url, .. } => assert_eq!(url, "http://e.com/{{a}}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn fields_can_never_choose_the_host() {
        for template in [
            "https://{{host}}/x",
            "https://api.example.com{{p}}/x",
            "https://api.example.com{{p}}",
            "https://user{{u}}@api.example.com/x",
            "https://api.example.com:{{port}}/x",
            "https:/{{x}}",
        ] {
            let err = UrlTemplate::new(template, true).unwrap_err();
            assert!(
                matches!(err, EndpointError::InvalidUrl { .. }),
                "{template}: {err}"
            );
        }
        // Once the authority has ended, anything a field holds stays in the path or query.
        let template = UrlTemplate::new("https://api.example.com?to={{p}}", true).unwrap();
        let url = template.render(&json!({"p": ".evil.com/x@y"})).unwrap();
        assert_eq!(url.host_str(), Some("api.example.com"));
        // A template without fields needs no path.
        assert!(UrlTemplate::new("https://api.example.com", true).is_ok());
    }
}
