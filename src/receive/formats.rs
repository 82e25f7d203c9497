//! The seed systems' bodies as [`BodyFormat`]s, so a receiver reads typed events with no
//! glue code: `Receiver::builder(NetcoreForm)`.

use http::HeaderMap;

use super::BodyFormat;
use super::media_type::require_media_type;
use crate::format::{ParseError, cloudevents, listrak, lytics, netcore, smarter_launch};

/// The seed systems' JSON bodies: `application/json`, whatever its parameters (`charset`).
const JSON_TYPES: &[&str] = &["application/json"];

/// Netcore's `data=` form ([`netcore::parse`]): one [`netcore::Batch`] a request — the
/// panel's name and one event per array element.
///
/// ```
/// use hookwire::receive::{NetcoreForm, Receiver};
/// use hookwire::{BasicAuth, Timestamp};
///
/// let auth = BasicAuth::new("netcore", "s3cret")?;
/// let receiver = Receiver::builder(NetcoreForm).basic_auth(auth.clone()).build()?;
/// let request = http::Request::post("/netcore")
///     .header("content-type", "application/x-www-form-urlencoded")
///     .header("authorization", auth.header_value())
///     .body(&b"data=%7B%22pod2_email%22%3A%5B%7B%22msgid%22%3A%22103%22%7D%5D%7D"[..])?;
/// let batch = receiver
///     .receive(&request, "203.0.113.9".parse()?, Timestamp::from_unix_secs(0), None)?
///     .into_data();
/// assert_eq!((batch.panel.as_str(), batch.events.len()), ("pod2_email", 1));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NetcoreForm;

impl BodyFormat for NetcoreForm {
    type Output = netcore::Batch;

    fn check_content_type(&self, headers: &HeaderMap) -> Result<(), ParseError> {
        require_media_type(headers, &[netcore::FORM_CONTENT_TYPE])
    }

    fn parse(&self, _headers: &HeaderMap, body: &[u8]) -> Result<netcore::Batch, ParseError> {
        netcore::parse(body)
    }
}

/// Lytics' default envelope ([`lytics::parse`]): one event, or an array of them in batch
/// mode; always a list.
///
/// ```
/// use hookwire::receive::{BodyFormat, LyticsJson};
///
/// let mut headers = http::HeaderMap::new();
/// headers.insert("content-type", "application/json".parse().unwrap());
/// let body = br#"{"id":"u1","data":{"email":"a@example.com"},"meta":{"object":"user","subscription_id":"s","timestamp":"2024-01-01T00:00:00Z"}}"#;
/// assert_eq!(LyticsJson.parse(&headers, body)?[0].id, "u1");
/// # Ok::<(), hookwire::format::ParseError>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LyticsJson;

impl BodyFormat for LyticsJson {
    type Output = Vec<lytics::Event>;

    fn check_content_type(&self, headers: &HeaderMap) -> Result<(), ParseError> {
        require_media_type(headers, JSON_TYPES)
    }

    fn parse(&self, _headers: &HeaderMap, body: &[u8]) -> Result<Vec<lytics::Event>, ParseError> {
        lytics::parse(body)
    }
}

/// CloudEvents in any of the three HTTP modes ([`cloudevents::parse`]): structured
/// (`application/cloudevents+json`), batch (`application/cloudevents-batch+json`), or binary
/// (`ce-` headers; the body's own content type).
///
/// ```
/// use hookwire::receive::{BodyFormat, CloudEventsHttp};
///
/// let mut headers = http::HeaderMap::new();
/// headers.insert("ce-specversion", "1.0".parse().unwrap());
/// headers.insert("ce-id", "1".parse().unwrap());
/// headers.insert("ce-source", "/work/42".parse().unwrap());
/// headers.insert("ce-type", "com.lytics.audience.user.event".parse().unwrap());
/// headers.insert("content-type", "application/json".parse().unwrap());
/// assert!(CloudEventsHttp.check_content_type(&headers).is_ok());
/// let events = CloudEventsHttp.parse(&headers, br#"{"email":"a@example.com"}"#)?.into_events();
/// assert_eq!(events[0].source(), "/work/42");
///
/// headers.remove("ce-specversion");
/// let refused = CloudEventsHttp.check_content_type(&headers).unwrap_err();
/// assert_eq!(hookwire::receive::Rejection::from(refused).status(), 415);
/// # Ok::<(), hookwire::format::ParseError>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CloudEventsHttp;

impl BodyFormat for CloudEventsHttp {
    type Output = cloudevents::Received;

    fn check_content_type(&self, headers: &HeaderMap) -> Result<(), ParseError> {
        // Binary mode carries the data's own content type, whatever it is.
        if headers.contains_key("ce-specversion") {
            return Ok(());
        }
        require_media_type(
            headers,
            &[
                "application/cloudevents+json",
                "application/cloudevents-batch+json",
            ],
        )
    }

    fn parse(&self, headers: &HeaderMap, body: &[u8]) -> Result<cloudevents::Received, ParseError> {
        cloudevents::parse(headers, body)
    }
}

/// Listrak's webhook step bodies ([`listrak::parse`]): a JSON-template body with the
/// contact's email and phone, or a journey payload.
///
/// ```
/// use hookwire::format::listrak::ListrakBody;
/// use hookwire::receive::{BodyFormat, ListrakJson};
///
/// let headers = http::HeaderMap::new();
/// let body = br#"{"sku":"A1","emailAddress":"ada@example.com"}"#;
/// let ListrakBody::Template(template) = ListrakJson.parse(&headers, body)? else { panic!() };
/// assert_eq!(template.contact.email(), Some("ada@example.com"));
/// # Ok::<(), hookwire::format::ParseError>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ListrakJson;

impl BodyFormat for ListrakJson {
    type Output = listrak::ListrakBody;

    fn check_content_type(&self, headers: &HeaderMap) -> Result<(), ParseError> {
        require_media_type(headers, JSON_TYPES)
    }

    fn parse(&self, _headers: &HeaderMap, body: &[u8]) -> Result<listrak::ListrakBody, ParseError> {
        listrak::parse(body)
    }
}

/// Smarter Launch's automation events ([`smarter_launch::parse`]).
///
/// ```
/// use hookwire::receive::{BodyFormat, SmarterLaunchJson};
///
/// let headers = http::HeaderMap::new();
/// let event = SmarterLaunchJson.parse(&headers, br#"{"event":"proposal.accepted","data":{"id":7}}"#)?;
/// assert_eq!(event.event, "proposal.accepted");
/// # Ok::<(), hookwire::format::ParseError>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SmarterLaunchJson;

impl BodyFormat for SmarterLaunchJson {
    type Output = smarter_launch::AutomationEvent;

    fn check_content_type(&self, headers: &HeaderMap) -> Result<(), ParseError> {
        require_media_type(headers, JSON_TYPES)
    }

    fn parse(
        &self,
        _headers: &HeaderMap,
        body: &[u8],
    ) -> Result<smarter_launch::AutomationEvent, ParseError> {
        smarter_launch::parse(body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::receive::Rejection;

    fn with_type(content_type: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert("content-type", content_type.parse().unwrap());
        headers
    }

    #[test]
    fn each_format_accepts_its_media_types_and_refuses_others() {
        let json = with_type("application/json; charset=utf-8");
        let form = with_type("application/x-www-form-urlencoded");
        let structured = with_type("application/cloudevents+json");
        let batch = with_type("application/cloudevents-batch+json");
        assert!(NetcoreForm.check_content_type(&form).is_ok());
        assert!(NetcoreForm.check_content_type(&json).is_err());
        for format_ok in [
            LyticsJson.check_content_type(&json),
            ListrakJson.check_content_type(&json),
            SmarterLaunchJson.check_content_type(&json),
            CloudEventsHttp.check_content_type(&structured),
            CloudEventsHttp.check_content_type(&batch),
        ] {
            assert!(format_ok.is_ok());
        }
        for refused in [
            LyticsJson.check_content_type(&form),
            ListrakJson.check_content_type(&form),
            SmarterLaunchJson.check_content_type(&form),
            CloudEventsHttp.check_content_type(&json),
        ] {
            assert_eq!(Rejection::from(refused.unwrap_err()).status(), 415);
        }
    }
}
