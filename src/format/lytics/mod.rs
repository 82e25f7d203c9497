//! Lytics webhook bodies (seed 004): the default `{ id, data, meta }` envelope for audience
//! enter, exit and field-change events, single or batched; its CloudEvents variant; and
//! enrichment records.
//!
//! Which events a job sends and with which fields is the job's configuration, in
//! [`presets::lytics`](crate::presets::lytics).
//!
//! ```
//! use hookwire::format::lytics::{self, Event, Meta, SegmentEvent, UserData};
//! use hookwire::Timestamp;
//!
//! let now = Timestamp::from_unix_secs(1_602_707_254);
//! let mut data = UserData::default();
//! data.fields.insert("email".into(), "beth@example.com".into());
//! data.segment_events = Some(vec![SegmentEvent::enter("42976a26", "emailzz5", now)?]);
//! let event = Event::new("7076027172059065053", data, Meta::new("36e243f8fd8f4530bbd330fa7fb1a685", now)?);
//!
//! let payload = lytics::render(&event); // or render_batch, or CloudEvents
//! assert_eq!(lytics::parse(payload.body())?, [event]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## On the wire
//!
//! The exact bodies, as a receiver's test asserts them: an audience entry, an exit and a
//! field change (`data`'s members sorted by name, as Lytics' Go encoder writes them).
//!
//! ```
//! use hookwire::format::lytics::{self, Event, Meta, SegmentEvent, UserData};
//! use hookwire::Timestamp;
//!
//! let now = Timestamp::from_unix_secs(1_602_707_254);
//! let event = |segment_event| -> Result<Event, hookwire::TimeError> {
//!     let mut data = UserData::default();
//!     data.fields.insert("email".into(), "beth@example.com".into());
//!     data.segment_events = Some(vec![segment_event]);
//!     Ok(Event::new("7076027172059065053", data, Meta::new("36e243f8fd8f4530bbd330fa7fb1a685", now)?))
//! };
//!
//! let enter = lytics::render(&event(SegmentEvent::enter("42976a26", "emailzz5", now)?)?);
//! assert_eq!(enter.content_type(), "application/json");
//! assert_eq!(
//!     std::str::from_utf8(enter.body())?,
//!     r#"{"id":"7076027172059065053","data":{"email":"beth@example.com","segment_events":[{"id":"42976a26","event":"enter","slug":"emailzz5","enter":"2020-10-14T20:27:34Z"}]},"meta":{"object":"user","subscription_id":"36e243f8fd8f4530bbd330fa7fb1a685","timestamp":"2020-10-14T20:27:34Z"}}"#
//! );
//! let exit = lytics::render(&event(SegmentEvent::exit("42976a26", "emailzz5", now)?)?);
//! assert_eq!(
//!     std::str::from_utf8(exit.body())?,
//!     r#"{"id":"7076027172059065053","data":{"email":"beth@example.com","segment_events":[{"id":"42976a26","event":"exit","slug":"emailzz5","exit":"2020-10-14T20:27:34Z"}]},"meta":{"object":"user","subscription_id":"36e243f8fd8f4530bbd330fa7fb1a685","timestamp":"2020-10-14T20:27:34Z"}}"#
//! );
//! let change = lytics::render(&event(SegmentEvent::change("42976a26", "emailzz5"))?);
//! assert_eq!(
//!     std::str::from_utf8(change.body())?,
//!     r#"{"id":"7076027172059065053","data":{"email":"beth@example.com","segment_events":[{"id":"42976a26","event":"change","slug":"emailzz5"}]},"meta":{"object":"user","subscription_id":"36e243f8fd8f4530bbd330fa7fb1a685","timestamp":"2020-10-14T20:27:34Z"}}"#
//! );
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod cloudevents;
mod enrichment;
mod envelope;

pub use cloudevents::{CloudEventsOptions, DEFAULT_CLOUDEVENTS_TYPE, user_data};
pub use enrichment::{DEFAULT_ENRICHMENT_STREAM, EnrichmentRecord};
pub use envelope::{
    Event, Meta, SegmentEvent, SegmentEventKind, UserData, parse, render, render_batch,
};
