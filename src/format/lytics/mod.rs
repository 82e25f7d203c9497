//! Lytics webhook envelopes (seed 004): the default `{ id, data, meta }` envelope for
//! audience enter, exit and field-change events, the job settings that decide what is sent
//! ([`AudienceTrigger`]), the CloudEvents variant, enrichment records and URL templates.
//!
//! ```
//! use hookwire::format::lytics::{self, Audience, AudienceTrigger};
//! use hookwire::Timestamp;
//!
//! let job = AudienceTrigger::new("36e243f8fd8f4530bbd330fa7fb1a685");
//! let profile = serde_json::json!({"email": "beth@example.com", "first_name": "Beth"});
//! let now = Timestamp::from_unix_secs(1_602_707_254);
//! let event = job
//!     .enter("7076027172059065053", profile.as_object().unwrap(), &Audience::new("42976a26", "emailzz5"), now, now)?
//!     .unwrap();
//!
//! let payload = lytics::render(&event); // or render_batch, or CloudEvents
//! assert_eq!(lytics::parse(payload.body())?, [event]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod audience;
mod cloudevents;
mod enrichment;
mod envelope;
mod selection;
mod url_template;

pub use audience::{Audience, AudienceTrigger};
pub use cloudevents::{CloudEventsOptions, DEFAULT_CLOUDEVENTS_TYPE, user_data};
pub use enrichment::{DEFAULT_ENRICHMENT_STREAM, EnrichmentRecord};
pub use envelope::{
    Event, Meta, SegmentEvent, SegmentEventKind, UserData, parse, render, render_batch,
};
pub use selection::{EventSelection, ExportFields, MAX_TRIGGER_FIELDS, TriggerFields};
pub use url_template::UrlTemplate;
