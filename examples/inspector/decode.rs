//! The "decode" panel: a captured body read by the format the user picks, or by the one
//! hookwire's own formats say it is. Every reader here is the library's: the receiver's
//! `BodyFormat`s and the format modules' parsers.

use hookwire::format::listrak::JourneyEvent;
use hookwire::format::{ParseError, cloudevents, listrak, lytics, netcore, smarter_launch};
use hookwire::http::HeaderMap;
use hookwire::receive::{
    BodyFormat, CloudEventsHttp, Json, ListrakJson, LyticsJson, NetcoreForm, SmarterLaunchJson,
};
use serde_json::Value;

/// The formats the page offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    /// Whichever the request looks like (see [`detect`]).
    Auto,
    Netcore,
    CloudEvents,
    Lytics,
    Listrak,
    SmarterLaunch,
    Json,
    Raw,
}

impl Format {
    pub(crate) const ALL: [Format; 8] = [
        Format::Auto,
        Format::Netcore,
        Format::CloudEvents,
        Format::Lytics,
        Format::Listrak,
        Format::SmarterLaunch,
        Format::Json,
        Format::Raw,
    ];

    /// The form value.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Format::Auto => "auto",
            Format::Netcore => "netcore",
            Format::CloudEvents => "cloudevents",
            Format::Lytics => "lytics",
            Format::Listrak => "listrak",
            Format::SmarterLaunch => "smarter-launch",
            Format::Json => "json",
            Format::Raw => "raw",
        }
    }

    pub(crate) fn label(self) -> &'static str {
        match self {
            Format::Auto => "detect",
            Format::Netcore => "Netcore data= form",
            Format::CloudEvents => "CloudEvents (structured, binary, batch)",
            Format::Lytics => "Lytics envelope",
            Format::Listrak => "Listrak payload or JSON template",
            Format::SmarterLaunch => "Smarter Launch automation event",
            Format::Json => "plain JSON",
            Format::Raw => "raw bytes",
        }
    }

    pub(crate) fn from_name(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|format| format.name() == name)
    }
}

/// A body as typed as hookwire can make it.
#[derive(Debug)]
pub(crate) enum Decoded {
    Netcore(netcore::Batch),
    CloudEvents(cloudevents::Received),
    Lytics(Vec<lytics::Event>),
    Listrak(listrak::ListrakBody),
    SmarterLaunch(smarter_launch::AutomationEvent),
    Json(Value),
    /// Nothing to decode: the page shows the bytes.
    Raw,
}

/// The outcome of decoding one body.
#[derive(Debug)]
pub(crate) struct Decoding {
    /// The format used (never `Auto`).
    pub(crate) format: Format,
    /// Whether `format` was detected rather than picked. A detected format does not hold the
    /// request to its content type: a sender that forgets the header is still decoded.
    pub(crate) detected: bool,
    pub(crate) result: Result<Decoded, ParseError>,
}

/// Decodes `body` with `choice`, detecting the format for `Format::Auto`. A picked format
/// applies its content-type rule first, as a receiver built with it would (415).
pub(crate) fn decode(choice: Format, headers: &HeaderMap, body: &[u8]) -> Decoding {
    let (format, detected) = match choice {
        Format::Auto => (detect(headers, body), true),
        picked => (picked, false),
    };
    let result = if detected {
        read(format, headers, body)
    } else {
        content_type(format, headers).and_then(|()| read(format, headers, body))
    };
    Decoding {
        format,
        detected,
        result,
    }
}

/// The format a request looks like: CloudEvents and Netcore by their content type (or a
/// `ce-specversion` header, or a `data=` body), the JSON formats by their members. Cheap
/// enough for bodies under the inspector's size cap, and never fails: what nothing claims is
/// plain JSON or raw bytes.
pub(crate) fn detect(headers: &HeaderMap, body: &[u8]) -> Format {
    if CloudEventsHttp.check_content_type(headers).is_ok() {
        return Format::CloudEvents;
    }
    if NetcoreForm.check_content_type(headers).is_ok() || body.starts_with(b"data=") {
        return Format::Netcore;
    }
    let Ok(json) = serde_json::from_slice::<Value>(body) else {
        return Format::Raw;
    };
    let (first, is_array) = match &json {
        Value::Array(items) => (items.first(), true),
        other => (Some(other), false),
    };
    let Some(object) = first.and_then(Value::as_object) else {
        return Format::Json;
    };
    let has = |key: &str| object.contains_key(key);
    if has("specversion") {
        return Format::CloudEvents;
    }
    if has("id") && has("data") && has("meta") {
        return Format::Lytics;
    }
    if is_array {
        return Format::Json;
    }
    let journey = matches!(
        object.get("eventType"),
        Some(Value::String(name)) if JourneyEvent::from_name(name).is_some()
    );
    if journey || has("emailAddress") || has("phoneNumber") {
        return Format::Listrak;
    }
    if object.get("event").is_some_and(Value::is_string) && has("data") {
        return Format::SmarterLaunch;
    }
    Format::Json
}

/// The content-type rule of `format`'s receiver format.
fn content_type(format: Format, headers: &HeaderMap) -> Result<(), ParseError> {
    match format {
        Format::Auto | Format::Raw => Ok(()),
        Format::Netcore => NetcoreForm.check_content_type(headers),
        Format::CloudEvents => CloudEventsHttp.check_content_type(headers),
        Format::Lytics => LyticsJson.check_content_type(headers),
        Format::Listrak => ListrakJson.check_content_type(headers),
        Format::SmarterLaunch => SmarterLaunchJson.check_content_type(headers),
        Format::Json => Json.check_content_type(headers),
    }
}

fn read(format: Format, headers: &HeaderMap, body: &[u8]) -> Result<Decoded, ParseError> {
    Ok(match format {
        Format::Auto | Format::Raw => Decoded::Raw,
        Format::Netcore => Decoded::Netcore(NetcoreForm.parse(headers, body)?),
        Format::CloudEvents => Decoded::CloudEvents(cloud_events(headers, body)?),
        Format::Lytics => Decoded::Lytics(LyticsJson.parse(headers, body)?),
        Format::Listrak => Decoded::Listrak(ListrakJson.parse(headers, body)?),
        Format::SmarterLaunch => Decoded::SmarterLaunch(SmarterLaunchJson.parse(headers, body)?),
        Format::Json => Decoded::Json(Json.parse(headers, body)?),
    })
}

/// CloudEvents by the HTTP binding's rules; a JSON body that was detected by its members
/// but sent without the CloudEvents content type is read in the mode its shape says.
fn cloud_events(headers: &HeaderMap, body: &[u8]) -> Result<cloudevents::Received, ParseError> {
    if CloudEventsHttp.check_content_type(headers).is_ok() {
        return CloudEventsHttp.parse(headers, body);
    }
    if body.trim_ascii_start().starts_with(b"[") {
        cloudevents::parse_batch(body).map(cloudevents::Received::Batch)
    } else {
        cloudevents::parse_structured(body).map(cloudevents::Received::Structured)
    }
}
