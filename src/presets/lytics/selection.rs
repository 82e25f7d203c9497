//! What an audience-trigger job sends: which audience events ("Audience Trigger Events"),
//! which user fields ("Export Fields") and which field changes ("Fields to Trigger").

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::error::TriggerFieldsError;
use crate::format::lytics::SegmentEventKind;

/// The most "Fields to Trigger" a job may watch (seed: "select up to 75 user fields").
pub const MAX_TRIGGER_FIELDS: usize = 75;

/// "Audience Trigger Events": which audience changes are sent.
///
/// ```
/// use hookwire::format::lytics::SegmentEventKind;
/// use hookwire::presets::lytics::EventSelection;
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
    /// use hookwire::format::lytics::SegmentEventKind;
    /// use hookwire::presets::lytics::EventSelection;
    /// assert!(EventSelection::ExitsOnly.sends(&SegmentEventKind::Change));
    /// assert!(!EventSelection::ExitsOnly.sends(&SegmentEventKind::Enter));
    /// ```
    pub fn sends(self, kind: &SegmentEventKind) -> bool {
        use SegmentEventKind as Kind;
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
/// use hookwire::presets::lytics::ExportFields;
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
    /// use hookwire::presets::lytics::ExportFields;
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
    /// use hookwire::presets::lytics::ExportFields;
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
/// use hookwire::presets::lytics::TriggerFields;
/// use serde_json::json;
///
/// let fields = TriggerFields::new(["first_name", "city"])?;
/// let before = json!({"first_name": "Joe", "city": "Portland", "visits": 1});
/// let after = json!({"first_name": "Joseph", "city": "Portland", "visits": 2});
/// assert!(fields.change_due(before.as_object().unwrap(), after.as_object().unwrap()));
/// let after_visit = json!({"first_name": "Joe", "city": "Portland", "visits": 2});
/// assert!(!fields.change_due(before.as_object().unwrap(), after_visit.as_object().unwrap()));
/// # Ok::<(), hookwire::presets::lytics::TriggerFieldsError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
// A saved job is checked like a new one: never more than 75 fields, never an empty name.
#[serde(try_from = "Vec<String>")]
pub struct TriggerFields(Vec<String>);

impl TryFrom<Vec<String>> for TriggerFields {
    type Error = TriggerFieldsError;

    /// [`TriggerFields::new`], for serde.
    fn try_from(fields: Vec<String>) -> Result<Self, TriggerFieldsError> {
        TriggerFields::new(fields)
    }
}

impl TriggerFields {
    /// Watches these fields (duplicates counted once). More than 75, or an empty name, is a
    /// [`TriggerFieldsError`].
    ///
    /// ```
    /// use hookwire::presets::lytics::TriggerFields;
    /// let many: Vec<String> = (0..76).map(|i| format!("f{i}")).collect();
    /// assert!(TriggerFields::new(many).is_err());
    /// assert!(TriggerFields::new([""]).is_err());
    /// ```
    pub fn new<I, S>(fields: I) -> Result<Self, TriggerFieldsError>
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let mut unique: Vec<String> = Vec::new();
        for field in fields {
            let field = field.into();
            if field.is_empty() {
                return Err(TriggerFieldsError::EmptyName);
            }
            if !unique.contains(&field) {
                unique.push(field);
            }
        }
        if unique.len() > MAX_TRIGGER_FIELDS {
            return Err(TriggerFieldsError::TooMany {
                count: unique.len(),
            });
        }
        Ok(TriggerFields(unique))
    }

    /// The watched fields.
    ///
    /// ```
    /// let fields = hookwire::presets::lytics::TriggerFields::new(["a", "a", "b"])?;
    /// assert_eq!(fields.fields(), ["a", "b"]);
    /// # Ok::<(), hookwire::presets::lytics::TriggerFieldsError>(())
    /// ```
    pub fn fields(&self) -> &[String] {
        &self.0
    }

    /// Whether a change event is due: some watched field's value differs between the two
    /// profiles (appearing or disappearing counts). With no watched fields, never.
    ///
    /// ```
    /// use hookwire::presets::lytics::TriggerFields;
    /// let fields = TriggerFields::new(["email"])?;
    /// let before = serde_json::json!({});
    /// let after = serde_json::json!({"email": "a@example.com"});
    /// assert!(fields.change_due(before.as_object().unwrap(), after.as_object().unwrap()));
    /// assert!(!TriggerFields::default().change_due(before.as_object().unwrap(), after.as_object().unwrap()));
    /// # Ok::<(), hookwire::presets::lytics::TriggerFieldsError>(())
    /// ```
    pub fn change_due(&self, previous: &Map<String, Value>, current: &Map<String, Value>) -> bool {
        self.0
            .iter()
            .any(|field| previous.get(field) != current.get(field))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saved_trigger_fields_are_checked_again() {
        let many: Vec<String> = (0..76).map(|i| format!("f{i}")).collect();
        assert!(serde_json::from_value::<TriggerFields>(serde_json::json!(many)).is_err());
        assert!(serde_json::from_value::<TriggerFields>(serde_json::json!(["a", ""])).is_err());
        let fields: TriggerFields =
            serde_json::from_value(serde_json::json!(["a", "a", "b"])).unwrap();
        assert_eq!(fields.fields(), ["a", "b"]);
        assert_eq!(
            serde_json::to_value(&fields).unwrap(),
            serde_json::json!(["a", "b"])
        );
    }
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
}
