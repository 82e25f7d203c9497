//! Audience triggers (seed 004, "Audience Triggers"): which user events a job sends, with
//! which fields.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::envelope::{Event, Meta, SegmentEvent, UserData};
use crate::{ConfigError, Timestamp};

/// The most "Fields to Trigger" a job may watch (seed: "select up to 75 user fields").
pub const MAX_TRIGGER_FIELDS: usize = 75;

/// "Audience Trigger Events": which audience changes are sent.
///
/// ```
/// use hookwire::format::lytics::{EventSelection, SegmentEventKind};
/// assert!(EventSelection::default().sends(&SegmentEventKind::Exit));
/// assert!(!EventSelection::EntersOnly.sends(&SegmentEventKind::Exit));
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventSelection {
    /// "Enter and Exits": both (the default).
    #[default]
    EntersAndExits,
    /// "Enter": audience exits are ignored.
    EntersOnly,
    /// "Exits": audience enters are ignored.
    ExitsOnly,
}

impl EventSelection {
    /// Whether a segment event of this kind is sent. Change events do not depend on it.
    ///
    /// ```
    /// use hookwire::format::lytics::{EventSelection, SegmentEventKind};
    /// assert!(EventSelection::ExitsOnly.sends(&SegmentEventKind::Change));
    /// assert!(!EventSelection::ExitsOnly.sends(&SegmentEventKind::Enter));
    /// ```
    pub fn sends(self, kind: &super::SegmentEventKind) -> bool {
        use super::SegmentEventKind as Kind;
        !matches!(
            (self, kind),
            (EventSelection::EntersOnly, Kind::Exit) | (EventSelection::ExitsOnly, Kind::Enter)
        )
    }
}

/// "Export Fields": which user fields an event carries. All of them unless some are chosen
/// (seed: "If none are selected, the job will export all the user fields by default").
///
/// ```
/// use hookwire::format::lytics::ExportFields;
/// let profile = serde_json::json!({"email": "a@example.com", "score": 9});
/// let profile = profile.as_object().unwrap();
/// assert_eq!(ExportFields::All.select(profile).len(), 2);
/// assert_eq!(ExportFields::only(["email"]).select(profile).len(), 1);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExportFields {
    /// Every user field (the default).
    #[default]
    All,
    /// Only these fields, when the user has them.
    Only(Vec<String>),
}

impl ExportFields {
    /// Only these fields. An empty list means all fields, as in the seed.
    ///
    /// ```
    /// use hookwire::format::lytics::ExportFields;
    /// assert_eq!(ExportFields::only(Vec::<String>::new()), ExportFields::All);
    /// ```
    pub fn only<I, S>(fields: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let fields: Vec<String> = fields.into_iter().map(Into::into).collect();
        if fields.is_empty() {
            ExportFields::All
        } else {
            ExportFields::Only(fields)
        }
    }

    /// The chosen fields of `profile`, in the profile's order. A `segment_events` member is
    /// never copied: the envelope sets its own.
    ///
    /// ```
    /// use hookwire::format::lytics::ExportFields;
    /// let profile = serde_json::json!({"b": 1, "a": 2, "segment_events": []});
    /// let selected = ExportFields::only(["a", "b", "missing"]).select(profile.as_object().unwrap());
    /// assert_eq!(selected.keys().collect::<Vec<_>>(), ["b", "a"]);
    /// ```
    pub fn select(&self, profile: &Map<String, Value>) -> Map<String, Value> {
        profile
            .iter()
            .filter(|(name, _)| name.as_str() != "segment_events")
            .filter(|(name, _)| match self {
                ExportFields::All => true,
                ExportFields::Only(fields) => fields.iter().any(|f| f == *name),
            })
            .map(|(name, value)| (name.clone(), value.clone()))
            .collect()
    }
}

/// "Fields to Trigger": the user fields whose change sends a change event (at most
/// [`MAX_TRIGGER_FIELDS`]).
///
/// ```
/// use hookwire::format::lytics::TriggerFields;
/// use serde_json::json;
///
/// let fields = TriggerFields::new(["first_name", "city"])?;
/// let before = json!({"first_name": "Joe", "city": "Portland", "visits": 1});
/// let after = json!({"first_name": "Joseph", "city": "Portland", "visits": 2});
/// assert!(fields.change_due(before.as_object().unwrap(), after.as_object().unwrap()));
/// let after_visit = json!({"first_name": "Joe", "city": "Portland", "visits": 2});
/// assert!(!fields.change_due(before.as_object().unwrap(), after_visit.as_object().unwrap()));
/// # Ok::<(), hookwire::ConfigError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TriggerFields(Vec<String>);

impl TriggerFields {
    /// Watches these fields (duplicates counted once). More than 75, or an empty name, is a
    /// [`ConfigError`].
    ///
    /// ```
    /// use hookwire::format::lytics::TriggerFields;
    /// let many: Vec<String> = (0..76).map(|i| format!("f{i}")).collect();
    /// assert!(TriggerFields::new(many).is_err());
    /// assert!(TriggerFields::new([""]).is_err());
    /// ```
    pub fn new<I, S>(fields: I) -> Result<Self, ConfigError>
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let mut unique: Vec<String> = Vec::new();
        for field in fields {
            let field = field.into();
            if field.is_empty() {
                return Err(ConfigError::InvalidSetting {
                    setting: "fields to trigger",
                    reason: "a field name cannot be empty",
                });
            }
            if !unique.contains(&field) {
                unique.push(field);
            }
        }
        if unique.len() > MAX_TRIGGER_FIELDS {
            return Err(ConfigError::InvalidSetting {
                setting: "fields to trigger",
                reason: "at most 75 fields can trigger change events",
            });
        }
        Ok(TriggerFields(unique))
    }

    /// The watched fields.
    ///
    /// ```
    /// let fields = hookwire::format::lytics::TriggerFields::new(["a", "a", "b"])?;
    /// assert_eq!(fields.fields(), ["a", "b"]);
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn fields(&self) -> &[String] {
        &self.0
    }

    /// Whether a change event is due: some watched field's value differs between the two
    /// profiles (appearing or disappearing counts). With no watched fields, never.
    ///
    /// ```
    /// use hookwire::format::lytics::TriggerFields;
    /// let fields = TriggerFields::new(["email"])?;
    /// let before = serde_json::json!({});
    /// let after = serde_json::json!({"email": "a@example.com"});
    /// assert!(fields.change_due(before.as_object().unwrap(), after.as_object().unwrap()));
    /// assert!(!TriggerFields::default().change_due(before.as_object().unwrap(), after.as_object().unwrap()));
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn change_due(&self, previous: &Map<String, Value>, current: &Map<String, Value>) -> bool {
        self.0
            .iter()
            .any(|field| previous.get(field) != current.get(field))
    }
}

/// An audience, as segment events name it.
///
/// ```
/// let audience = hookwire::format::lytics::Audience::new("efdcc4da20554be02e90c563f69bc0ec", "first_name_joe");
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
    /// assert_eq!(hookwire::format::lytics::Audience::new("a", "b").id, "a");
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
/// Each method returns `None` when the job does not send that event. Backfill ("Existing
/// Users") sends every existing member as an enter event whatever the event selection, as
/// the seed says ("They will be sent as entered event type"); the host calls
/// [`AudienceTrigger::backfill`] once per existing member when the job starts.
///
/// ```
/// use hookwire::format::lytics::{Audience, AudienceTrigger, EventSelection, ExportFields, SegmentEventKind};
/// use hookwire::Timestamp;
///
/// let job = AudienceTrigger::new("f825f096718d07c65b9d6a94a4cc0c35")
///     .with_export_fields(ExportFields::only(["first_name", "last_name"]))
///     .with_events(EventSelection::EntersOnly);
/// let profile = serde_json::json!({"first_name": "Joe", "last_name": "Flow", "email": "joe@example.com"});
/// let audience = Audience::new("efdcc4da20554be02e90c563f69bc0ec", "first_name_joe");
/// let now = Timestamp::from_unix_secs(1_685_056_204);
///
/// let event = job.enter("15761203643149024539", profile.as_object().unwrap(), &audience, now, now).unwrap();
/// assert_eq!(event.data.fields.len(), 2);
/// assert_eq!(event.data.segment_events.unwrap()[0].event, SegmentEventKind::Enter);
/// assert!(job.exit("15761203643149024539", profile.as_object().unwrap(), &audience, now, now).is_none());
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
    /// let job = hookwire::format::lytics::AudienceTrigger::new("sub");
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
    /// use hookwire::format::lytics::{AudienceTrigger, ExportFields};
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
    /// use hookwire::format::lytics::{AudienceTrigger, EventSelection};
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
    /// use hookwire::format::lytics::{AudienceTrigger, TriggerFields};
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
    /// let job = hookwire::format::lytics::AudienceTrigger::new("s").with_backfill(true);
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
    /// assert!(!hookwire::format::lytics::AudienceTrigger::new("s").backfills());
    /// ```
    pub fn backfills(&self) -> bool {
        self.backfill
    }

    /// The event for a user entering `audience` at `at`, sent at `now`; `None` if the job
    /// sends exits only.
    ///
    /// ```
    /// # use hookwire::format::lytics::{Audience, AudienceTrigger};
    /// # let t = hookwire::Timestamp::UNIX_EPOCH;
    /// let event = AudienceTrigger::new("s").enter("u1", &Default::default(), &Audience::new("a", "b"), t, t);
    /// assert!(event.is_some());
    /// ```
    pub fn enter(
        &self,
        user_id: &str,
        profile: &Map<String, Value>,
        audience: &Audience,
        at: Timestamp,
        now: Timestamp,
    ) -> Option<Event> {
        let segment = SegmentEvent::enter(&audience.id, &audience.slug, at);
        self.events
            .sends(&segment.event)
            .then(|| self.event(user_id, profile, segment, now))
    }

    /// The event for a user exiting `audience` at `at`, sent at `now`; `None` if the job
    /// sends enters only.
    ///
    /// ```
    /// # use hookwire::format::lytics::{Audience, AudienceTrigger, EventSelection};
    /// # let t = hookwire::Timestamp::UNIX_EPOCH;
    /// let job = AudienceTrigger::new("s").with_events(EventSelection::EntersOnly);
    /// assert!(job.exit("u1", &Default::default(), &Audience::new("a", "b"), t, t).is_none());
    /// ```
    pub fn exit(
        &self,
        user_id: &str,
        profile: &Map<String, Value>,
        audience: &Audience,
        at: Timestamp,
        now: Timestamp,
    ) -> Option<Event> {
        let segment = SegmentEvent::exit(&audience.id, &audience.slug, at);
        self.events
            .sends(&segment.event)
            .then(|| self.event(user_id, profile, segment, now))
    }

    /// The change event for a member of `audience` whose profile went from `previous` to
    /// `current`, if a trigger field changed; it carries the current profile.
    ///
    /// ```
    /// # use hookwire::format::lytics::{Audience, AudienceTrigger, TriggerFields};
    /// # let t = hookwire::Timestamp::UNIX_EPOCH;
    /// let job = AudienceTrigger::new("s").with_trigger_fields(TriggerFields::new(["city"])?);
    /// let before = serde_json::json!({"city": "Bend"});
    /// let after = serde_json::json!({"city": "Portland"});
    /// let event = job.change("u1", before.as_object().unwrap(), after.as_object().unwrap(), &Audience::new("a", "b"), t);
    /// assert_eq!(event.unwrap().data.fields["city"], "Portland");
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn change(
        &self,
        user_id: &str,
        previous: &Map<String, Value>,
        current: &Map<String, Value>,
        audience: &Audience,
        now: Timestamp,
    ) -> Option<Event> {
        self.trigger_fields.change_due(previous, current).then(|| {
            let segment = SegmentEvent::change(&audience.id, &audience.slug);
            self.event(user_id, current, segment, now)
        })
    }

    /// The backfill event for an existing member of `audience`: an enter event whatever the
    /// event selection; `None` if the job does not backfill.
    ///
    /// ```
    /// # use hookwire::format::lytics::{Audience, AudienceTrigger, EventSelection};
    /// # let t = hookwire::Timestamp::UNIX_EPOCH;
    /// let job = AudienceTrigger::new("s").with_backfill(true).with_events(EventSelection::ExitsOnly);
    /// assert!(job.backfill("u1", &Default::default(), &Audience::new("a", "b"), t, t).is_some());
    /// ```
    pub fn backfill(
        &self,
        user_id: &str,
        profile: &Map<String, Value>,
        audience: &Audience,
        entered: Timestamp,
        now: Timestamp,
    ) -> Option<Event> {
        self.backfill.then(|| {
            let segment = SegmentEvent::enter(&audience.id, &audience.slug, entered);
            self.event(user_id, profile, segment, now)
        })
    }

    fn event(
        &self,
        user_id: &str,
        profile: &Map<String, Value>,
        segment: SegmentEvent,
        now: Timestamp,
    ) -> Event {
        let data = UserData {
            fields: self.export_fields.select(profile),
            segment_events: Some(vec![segment]),
        };
        Event::new(user_id, data, Meta::new(self.subscription_id.clone(), now))
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
    fn export_selection_drops_profile_segment_events() {
        let profile = map(json!({"segment_events": [1], "a": 1}));
        assert_eq!(ExportFields::All.select(&profile), map(json!({"a": 1})));
    }

    #[test]
    fn trigger_fields_count_unique_names() {
        let repeated = std::iter::repeat_n("same", 100);
        assert_eq!(TriggerFields::new(repeated).unwrap().fields(), ["same"]);
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
