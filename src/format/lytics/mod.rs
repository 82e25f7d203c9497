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

mod cloudevents;
mod enrichment;
mod envelope;

pub use cloudevents::{CloudEventsOptions, DEFAULT_CLOUDEVENTS_TYPE, user_data};
pub use enrichment::{DEFAULT_ENRICHMENT_STREAM, EnrichmentRecord};
pub use envelope::{
    Event, Meta, SegmentEvent, SegmentEventKind, UserData, parse, render, render_batch,
};
