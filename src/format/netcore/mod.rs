//! The Netcore CE / Smartech `data=` form (seeds 002 and 003).
//!
//! Netcore POSTs `application/x-www-form-urlencoded` bodies with a single field, `data`,
//! whose value is the percent-encoded JSON document `{ "<panel name>": [event, …] }`:
//! a [`Batch`] of [`Event`]s.
//!
//! - [`render`] writes a batch as that body in one pass: serde_json serializes straight
//!   into the output buffer through a formatter that writes each token already
//!   percent-encoded (table-driven; no intermediate JSON string), byte for byte what
//!   `serde_urlencoded::to_string(&[("data", json)])` would give.
//! - [`parse`] reads it back: it accepts what Netcore really sends (`%20` or `+` for
//!   spaces, either case of hex, unescaped punctuation, pretty-printed JSON, `null`s,
//!   `ts` as a number or a string, `WhatsApp`/`Clicked` spellings) and refuses, with the
//!   byte or JSON position at fault, a body that is not that.
//!
//! Nothing is lost: unknown fields are kept at every level (event, `event_params`,
//! `payload_params`) in their order, spellings are kept, and `parse(render(b)) == b`; a
//! parsed batch re-renders to identical bytes every time. What `parse` does *not* keep is
//! the sender's byte layout: re-rendering a batch received from Netcore writes compact JSON,
//! typed fields first, with `+` for spaces.
//!
//! ```
//! use hookwire::format::netcore::{self, Activity, Batch, Channel, Event, Spelled};
//!
//! let mut event = Event::default();
//! event.channel = Some(Spelled::new(Channel::Email));
//! event.event = Some(Spelled::new(Activity::Open));
//! event.msgid = Some("546".into());
//! let batch = Batch::new("pod2_email_rashmi", vec![event]);
//!
//! let payload = netcore::render(&batch)?;
//! assert_eq!(payload.content_type(), netcore::FORM_CONTENT_TYPE);
//! assert_eq!(
//!     payload.body().as_ref(),
//!     b"data=%7B%22pod2_email_rashmi%22%3A%5B%7B%22channel%22%3A%22email%22%2C\
//!       %22event%22%3A%22open%22%2C%22msgid%22%3A%22546%22%7D%5D%7D"
//! );
//!
//! // The receiver's side.
//! let received = netcore::parse(payload.body())?;
//! assert_eq!(received, batch);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Inside the form, the JSON a test asserts (typed fields first, compact):
//!
//! ```
//! use hookwire::format::netcore::{self, Batch};
//!
//! let batch: Batch = serde_json::from_str(r#"{"pod2_email_rashmi": [{"msgid": "546", "event": "open", "channel": "email"}]}"#)?;
//! let form = netcore::render(&batch)?;
//! let json = serde_json::to_string(&netcore::parse(form.body())?)?;
//! assert_eq!(json, r#"{"pod2_email_rashmi":[{"channel":"email","event":"open","msgid":"546"}]}"#);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! To receive Netcore webhooks, use [`receive::NetcoreForm`](crate::receive::NetcoreForm)
//! as the [`Receiver`](crate::receive::Receiver)'s format, with HTTP Basic (the only
//! authentication Netcore offers): it checks the content type and parses with [`parse`].
//!
//! ```
//! use hookwire::receive::{NetcoreForm, Receiver};
//! use hookwire::BasicAuth;
//!
//! let receiver = Receiver::builder(NetcoreForm)
//!     .basic_auth(BasicAuth::new("netcore", "pw")?)
//!     .build()?;
//! # let _ = receiver;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod batch;
mod decode;
mod encode;
mod event;
mod params;
mod scalar;
mod spelled;

pub use batch::Batch;
pub use event::Event;
pub use params::{EventParams, PayloadParams};
pub use scalar::NumberOrString;
pub use spelled::{Activity, Channel, Spelled, Term};

use serde::Serialize as _;

use self::encode::FormFormatter;
use crate::format::{ParseError, RenderError};
use crate::payload::Payload;

/// `application/x-www-form-urlencoded`, the content type of every Netcore webhook.
///
/// ```
/// assert_eq!(hookwire::format::netcore::FORM_CONTENT_TYPE, "application/x-www-form-urlencoded");
/// ```
pub const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded";

/// Renders `batch` as the body Netcore sends: `data=` and the percent-encoded JSON.
///
/// Fails only when an `extra` map holds the name of a typed field in a way that would not
/// parse back to the same batch (the error names it, e.g. `events[0].extra.msgid`).
///
/// ```
/// use hookwire::format::netcore::{self, Batch};
///
/// let payload = netcore::render(&Batch::new("my panel", Vec::new()))?;
/// assert_eq!(payload.body().as_ref(), b"data=%7B%22my+panel%22%3A%5B%5D%7D");
/// assert_eq!(payload.content_type(), "application/x-www-form-urlencoded");
/// # Ok::<(), hookwire::format::RenderError>(())
/// ```
pub fn render(batch: &Batch) -> Result<Payload, RenderError> {
    let mut body = Vec::new();
    render_into(batch, &mut body)?;
    Ok(Payload::from_static(FORM_CONTENT_TYPE, body))
}

/// Appends the body [`render`] would produce to `out`, so a sender can reuse one buffer.
/// On error `out` is left as it was.
///
/// ```
/// use hookwire::format::netcore::{self, Batch};
///
/// let mut buffer = Vec::with_capacity(64 * 1024);
/// netcore::render_into(&Batch::new("p", Vec::new()), &mut buffer)?;
/// assert_eq!(buffer, b"data=%7B%22p%22%3A%5B%5D%7D");
/// # Ok::<(), hookwire::format::RenderError>(())
/// ```
pub fn render_into(batch: &Batch, out: &mut Vec<u8>) -> Result<(), RenderError> {
    batch.check()?;
    let start = out.len();
    out.extend_from_slice(b"data=");
    let mut serializer = serde_json::Serializer::with_formatter(&mut *out, FormFormatter::new());
    if let Err(err) = batch.serialize(&mut serializer) {
        // Writing to a `Vec` never fails and every value serializes (map keys are
        // strings), so this is unreachable; it is reported rather than unwrapped all the same.
        out.truncate(start);
        return Err(RenderError::InvalidValue {
            field: "data".into(),
            reason: err.to_string(),
        });
    }
    Ok(())
}

/// Parses a Netcore webhook body into its [`Batch`]: the receiver's entry point.
///
/// The body must be a form with one field, `data` (any other field, or a second `data`, is
/// refused: see the errors); its value is percent-decoded (`+` or `%20` for a space), must
/// be UTF-8, and must be the JSON document [`Batch::from_value`] reads. The value may also
/// stand in double quotes, as the seeds print it (`data="%7B…%7D"`).
///
/// Errors, all [`ParseError`]s about the body itself:
///
/// - [`ParseError::MissingField`] `data` when there is no such field;
/// - [`ParseError::InvalidValue`] `form` for another field or a repeated `data`;
/// - [`ParseError::InvalidEncoding`] for a bad `%` escape (with its byte offset in the
///   body) or invalid UTF-8 (with its offset in the decoded value);
/// - [`ParseError::InvalidJson`] with the line and column in the decoded JSON;
/// - [`ParseError::WrongType`] / [`ParseError::InvalidValue`] for a document that is not
///   `{ "<panel>": [ {…}, … ] }`.
///
/// ```
/// use hookwire::format::{ParseError, netcore};
///
/// // As Netcore sends it (seed 002, RCS click), shortened.
/// let body = b"data=%7B%22pod2_lakshman%22%3A%20%5B%7B%22channel%22%3A%20%22rcs%22%2C\
///     %22event%22%3A%20%22click%22%2C%22event_params%22%3A%7B%22ts%22%3A%20%22240704122501%22%7D%7D%5D%7D";
/// let batch = netcore::parse(body)?;
/// assert_eq!(batch.panel, "pod2_lakshman");
/// assert_eq!(batch.events[0].event.as_ref().unwrap().as_str(), "click");
///
/// let err = netcore::parse(b"data=%7B%22a%22%3A").unwrap_err();
/// assert!(matches!(err, ParseError::InvalidJson { line: 1, column: 5, .. }));
/// # Ok::<(), ParseError>(())
/// ```
pub fn parse(body: &[u8]) -> Result<Batch, ParseError> {
    let (raw, offset) = decode::data_field(body)?;
    // Both seeds print bodies as `data="%7B…%7D"`. A raw `"` never appears in an encoded
    // value (the encoder writes `%22`), so a quoted value is unambiguous: read what is inside.
    let (raw, offset) = match raw {
        [b'"', inner @ .., b'"'] => (inner, offset + 1),
        _ => (raw, offset),
    };
    let decoded = decode::percent_decode(raw, offset, "form field `data`")?;
    let text = std::str::from_utf8(&decoded).map_err(|err| ParseError::InvalidEncoding {
        what: format!("form field `data` at decoded byte {}", err.valid_up_to()),
        reason: "the decoded value is not valid UTF-8",
    })?;
    let document = crate::format::strict_json::from_str(text)?;
    Batch::from_value(document)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quoted_value_reads_as_the_seeds_print_it() {
        let quoted = parse(br#"data="%7B%22p%22%3A%5B%7B%22msgid%22%3A%221%22%7D%5D%7D""#).unwrap();
        let bare = parse(b"data=%7B%22p%22%3A%5B%7B%22msgid%22%3A%221%22%7D%5D%7D").unwrap();
        assert_eq!(quoted, bare);
        // A lone quote is not a quoted value, and `"` is not JSON.
        assert!(parse(br#"data=""#).is_err());
    }

    #[test]
    fn invalid_utf8_is_reported_at_its_decoded_offset() {
        let err = parse(b"data=%7B%22%FF%22").unwrap_err();
        assert_eq!(
            err,
            ParseError::InvalidEncoding {
                what: "form field `data` at decoded byte 2".into(),
                reason: "the decoded value is not valid UTF-8",
            }
        );
    }

    #[test]
    fn json_errors_point_into_the_decoded_text() {
        let err = parse(b"data=%7B%0A++%22p%22%3A+%5B1%2C%5D%7D").unwrap_err();
        let ParseError::InvalidJson { line, column, .. } = err else {
            panic!("expected a JSON error, got {err:?}");
        };
        assert_eq!((line, column), (2, 11));
    }

    #[test]
    fn render_into_appends_and_leaves_the_buffer_alone_on_error() {
        let mut buffer = b"keep".to_vec();
        render_into(&Batch::new("p", Vec::new()), &mut buffer).unwrap();
        assert_eq!(buffer, b"keepdata=%7B%22p%22%3A%5B%5D%7D");

        let mut event = Event::default();
        event.extra.insert("journey_name".into(), "x".into());
        let mut untouched = b"keep".to_vec();
        let err = render_into(&Batch::new("p", vec![event]), &mut untouched).unwrap_err();
        assert!(err.to_string().contains("events[0].extra.journey_name"));
        assert_eq!(untouched, b"keep");
    }
}
