//! [`TriggerFieldsError`]: a job's "Fields to Trigger" that Lytics would not accept.

use super::MAX_TRIGGER_FIELDS;

/// Why [`TriggerFields::new`](super::TriggerFields::new) refused a job's "Fields to Trigger"
/// (also when a saved job is loaded).
///
/// ```
/// use hookwire::presets::lytics::{TriggerFields, TriggerFieldsError};
///
/// assert_eq!(TriggerFields::new(["city", ""]).unwrap_err(), TriggerFieldsError::EmptyName);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TriggerFieldsError {
    /// A field with an empty name.
    ///
    /// ```
    /// # use hookwire::presets::lytics::{TriggerFields, TriggerFieldsError};
    /// assert_eq!(TriggerFields::new([""]).unwrap_err(), TriggerFieldsError::EmptyName);
    /// ```
    #[error("invalid setting `fields to trigger`: a field name cannot be empty")]
    EmptyName,
    /// More than [`MAX_TRIGGER_FIELDS`] distinct fields (the seed: "select up to 75 user
    /// fields").
    ///
    /// ```
    /// # use hookwire::presets::lytics::{TriggerFields, TriggerFieldsError};
    /// let many: Vec<String> = (0..76).map(|i| format!("f{i}")).collect();
    /// assert_eq!(TriggerFields::new(many).unwrap_err(), TriggerFieldsError::TooMany { count: 76 });
    /// ```
    #[error(
        "invalid setting `fields to trigger`: at most {MAX_TRIGGER_FIELDS} fields can trigger \
         change events, not {count}"
    )]
    TooMany {
        /// How many distinct fields were given.
        count: usize,
    },
}
