//! Audience triggers (seed 004, "Audience Triggers"): user changes in, envelope events out.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::selection::{EventSelection, ExportFields, TriggerFields};
use crate::format::lytics::{Event, Meta, SegmentEvent, UserData};
use crate::time::{TimeError, Timestamp};

/// An audience, as segment events name it.
///
/// ```
/// let audience = hookwire::presets::lytics::Audience::new("efdcc4da20554be02e90c563f69bc0ec", "first_name_joe");
/// assert_eq!(audience.slug, "first_name_joe");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Audience {
    /// The audience's id.
    pub id: String,
    /// The audience's slug.
    pub slug: String,
}

impl Audience {
    /// An audience with this id and slug.
    ///
    /// ```
    /// assert_eq!(hookwire::presets::lytics::Audience::new("a", "b").id, "a");
    /// ```
    pub fn new(id: impl Into<String>, slug: impl Into<String>) -> Self {
        Audience {
            id: id.into(),
            slug: slug.into(),
        }
    }
}

/// An audience-trigger job's settings, turning user changes into envelope [`Event`]s.
///
/// Each method returns `None` when the job does not send that event, and a [`TimeError`]
/// for a time RFC 3339 cannot write (a year outside 0000–9999). Backfill ("Existing
/// Users") sends every existing member as an enter event whatever the event selection, as
/// the seed says ("They will be sent as entered event type"); the host calls
/// [`AudienceTrigger::backfill`] once per existing member when the job starts.
///
/// ```
/// use hookwire::format::lytics::SegmentEventKind;
/// use hookwire::presets::lytics::{Audience, AudienceTrigger, EventSelection, ExportFields};
/// use hookwire::Timestamp;
///
/// let job = AudienceTrigger::new("f825f096718d07c65b9d6a94a4cc0c35")
///     .with_export_fields(ExportFields::only(["first_name", "last_name"]))
///     .with_events(EventSelection::EntersOnly);
/// let profile = serde_json::json!({"first_name": "Joe", "last_name": "Flow", "email": "joe@example.com"});
/// let audience = Audience::new("efdcc4da20554be02e90c563f69bc0ec", "first_name_joe");
/// let now = Timestamp::from_unix_secs(1_685_056_204);
///
/// let event = job.enter("15761203643149024539", profile.as_object().unwrap(), &audience, now, now)?.unwrap();
/// assert_eq!(event.data.fields.len(), 2);
/// assert_eq!(event.data.segment_events.unwrap()[0].event, SegmentEventKind::Enter);
/// assert!(job.exit("15761203643149024539", profile.as_object().unwrap(), &audience, now, now)?.is_none());
/// # Ok::<(), hookwire::TimeError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AudienceTrigger {
    subscription_id: String,
    #[serde(default)]
    export_fields: ExportFields,
    #[serde(default)]
    events: EventSelection,
    #[serde(default)]
    trigger_fields: TriggerFields,
    #[serde(default)]
    backfill: bool,
}

impl AudienceTrigger {
    /// A job sending as `subscription_id`, with the seed's defaults: all fields, enters and
    /// exits, no trigger fields, no backfill.
    ///
    /// ```
    /// let job = hookwire::presets::lytics::AudienceTrigger::new("sub");
    /// assert!(!job.backfills());
    /// ```
    pub fn new(subscription_id: impl Into<String>) -> Self {
        AudienceTrigger {
            subscription_id: subscription_id.into(),
            export_fields: ExportFields::All,
            events: EventSelection::EntersAndExits,
            trigger_fields: TriggerFields::default(),
            backfill: false,
        }
    }

    /// Which user fields events carry.
    ///
    /// ```
    /// use hookwire::presets::lytics::{AudienceTrigger, ExportFields};
    /// let _job = AudienceTrigger::new("s").with_export_fields(ExportFields::only(["email"]));
    /// ```
    #[must_use]
    pub fn with_export_fields(mut self, fields: ExportFields) -> Self {
        self.export_fields = fields;
        self
    }

    /// Which audience events are sent.
    ///
    /// ```
    /// use hookwire::presets::lytics::{AudienceTrigger, EventSelection};
    /// let _job = AudienceTrigger::new("s").with_events(EventSelection::ExitsOnly);
    /// ```
    #[must_use]
    pub fn with_events(mut self, events: EventSelection) -> Self {
        self.events = events;
        self
    }

    /// Which field changes send a change event.
    ///
    /// ```
    /// use hookwire::presets::lytics::{AudienceTrigger, TriggerFields};
    /// let _job = AudienceTrigger::new("s").with_trigger_fields(TriggerFields::new(["city"])?);
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    #[must_use]
    pub fn with_trigger_fields(mut self, fields: TriggerFields) -> Self {
        self.trigger_fields = fields;
        self
    }

    /// Whether existing members are sent when the job starts ("Existing Users").
    ///
    /// ```
    /// let job = hookwire::presets::lytics::AudienceTrigger::new("s").with_backfill(true);
    /// assert!(job.backfills());
    /// ```
    #[must_use]
    pub fn with_backfill(mut self, backfill: bool) -> Self {
        self.backfill = backfill;
        self
    }

    /// Whether this job backfills existing members.
    ///
    /// ```
    /// assert!(!hookwire::presets::lytics::AudienceTrigger::new("s").backfills());
    /// ```
    pub fn backfills(&self) -> bool {
        self.backfill
    }

    /// The event for a user entering `audience` at `at`, sent at `now`; `None` if the job
    /// sends exits only.
    ///
    /// ```
    /// # use hookwire::presets::lytics::{Audience, AudienceTrigger};
    /// # let t = hookwire::Timestamp::UNIX_EPOCH;
    /// let event = AudienceTrigger::new("s").enter("u1", &Default::default(), &Audience::new("a", "b"), t, t)?;
    /// assert!(event.is_some());
    /// # Ok::<(), hookwire::TimeError>(())
    /// ```
    pub fn enter(
        &self,
        user_id: &str,
        profile: &Map<String, Value>,
        audience: &Audience,
        at: Timestamp,
        now: Timestamp,
    ) -> Result<Option<Event>, TimeError> {
        let segment = SegmentEvent::enter(&audience.id, &audience.slug, at)?;
        self.selected(user_id, profile, segment, now)
    }

    /// The event for a user exiting `audience` at `at`, sent at `now`; `None` if the job
    /// sends enters only.
    ///
    /// ```
    /// # use hookwire::presets::lytics::{Audience, AudienceTrigger, EventSelection};
    /// # let t = hookwire::Timestamp::UNIX_EPOCH;
    /// let job = AudienceTrigger::new("s").with_events(EventSelection::EntersOnly);
    /// assert!(job.exit("u1", &Default::default(), &Audience::new("a", "b"), t, t)?.is_none());
    /// # Ok::<(), hookwire::TimeError>(())
    /// ```
    pub fn exit(
        &self,
        user_id: &str,
        profile: &Map<String, Value>,
        audience: &Audience,
        at: Timestamp,
        now: Timestamp,
    ) -> Result<Option<Event>, TimeError> {
        let segment = SegmentEvent::exit(&audience.id, &audience.slug, at)?;
        self.selected(user_id, profile, segment, now)
    }

    /// The change event for a member of `audience` whose profile went from `previous` to
    /// `current`, if a trigger field changed; it carries the current profile.
    ///
    /// ```
    /// # use hookwire::presets::lytics::{Audience, AudienceTrigger, TriggerFields};
    /// # let t = hookwire::Timestamp::UNIX_EPOCH;
    /// let job = AudienceTrigger::new("s").with_trigger_fields(TriggerFields::new(["city"])?);
    /// let before = serde_json::json!({"city": "Bend"});
    /// let after = serde_json::json!({"city": "Portland"});
    /// let event = job.change("u1", before.as_object().unwrap(), after.as_object().unwrap(), &Audience::new("a", "b"), t)?;
    /// assert_eq!(event.unwrap().data.fields["city"], "Portland");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn change(
        &self,
        user_id: &str,
        previous: &Map<String, Value>,
        current: &Map<String, Value>,
        audience: &Audience,
        now: Timestamp,
    ) -> Result<Option<Event>, TimeError> {
        if !self.trigger_fields.change_due(previous, current) {
            return Ok(None);
        }
        let segment = SegmentEvent::change(&audience.id, &audience.slug);
        self.event(user_id, current, segment, now).map(Some)
    }

    /// The backfill event for an existing member of `audience`: an enter event whatever the
    /// event selection; `None` if the job does not backfill.
    ///
    /// ```
    /// # use hookwire::presets::lytics::{Audience, AudienceTrigger, EventSelection};
    /// # let t = hookwire::Timestamp::UNIX_EPOCH;
    /// let job = AudienceTrigger::new("s").with_backfill(true).with_events(EventSelection::ExitsOnly);
    /// assert!(job.backfill("u1", &Default::default(), &Audience::new("a", "b"), t, t)?.is_some());
    /// # Ok::<(), hookwire::TimeError>(())
    /// ```
    pub fn backfill(
        &self,
        user_id: &str,
        profile: &Map<String, Value>,
        audience: &Audience,
        entered: Timestamp,
        now: Timestamp,
    ) -> Result<Option<Event>, TimeError> {
        if !self.backfill {
            return Ok(None);
        }
        let segment = SegmentEvent::enter(&audience.id, &audience.slug, entered)?;
        self.event(user_id, profile, segment, now).map(Some)
    }

    /// The event for `segment`, if the job's event selection sends its kind.
    fn selected(
        &self,
        user_id: &str,
        profile: &Map<String, Value>,
        segment: SegmentEvent,
        now: Timestamp,
    ) -> Result<Option<Event>, TimeError> {
        if !self.events.sends(&segment.event) {
            return Ok(None);
        }
        self.event(user_id, profile, segment, now).map(Some)
    }

    fn event(
        &self,
        user_id: &str,
        profile: &Map<String, Value>,
        segment: SegmentEvent,
        now: Timestamp,
    ) -> Result<Event, TimeError> {
        let data = UserData {
            fields: self.export_fields.select(profile),
            segment_events: Some(vec![segment]),
        };
        let meta = Meta::new(self.subscription_id.clone(), now)?;
        Ok(Event::new(user_id, data, meta))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn map(value: Value) -> Map<String, Value> {
        value.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn change_events_carry_the_current_profile_and_no_time() {
        let job = AudienceTrigger::new("s")
            .with_trigger_fields(TriggerFields::new(["x"]).unwrap())
            .with_export_fields(ExportFields::only(["x"]));
        let event = job
            .change(
                "u",
                &map(json!({"x": 1})),
                &map(json!({"x": 2, "y": 3})),
                &Audience::new("a", "b"),
                Timestamp::UNIX_EPOCH,
            )
            .unwrap()
            .unwrap();
        assert_eq!(event.data.fields, map(json!({"x": 2})));
        let segment = &event.data.segment_events.unwrap()[0];
        assert_eq!((segment.enter.clone(), segment.exit.clone()), (None, None));
    }

    #[test]
    fn settings_serialize_for_storage() {
        let job = AudienceTrigger::new("s").with_events(EventSelection::ExitsOnly);
        let text = serde_json::to_string(&job).unwrap();
        assert!(text.contains("\"exits_only\""), "{text}");
        assert_eq!(serde_json::from_str::<AudienceTrigger>(&text).unwrap(), job);
    }
}
