//! [`FailureAction`]: what a journey does with its contact when a delivery ends badly.

use serde::{Deserialize, Serialize};

/// What the journey should do with the contact when a delivery does not succeed
/// (Listrak: "By default, a contact will be removed from journeys … You can change this
/// setting to move to the next step in the journey").
///
/// ```
/// use hookwire::retry::FailureAction;
/// assert_eq!(FailureAction::default(), FailureAction::RemoveContact);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FailureAction {
    /// Remove the contact from the journey, so both systems stay in sync (Listrak's default).
    #[default]
    RemoveContact,
    /// Move the contact on to the next step of the journey.
    NextStep,
}

impl FailureAction {
    /// The action's name as the CLI prints it: `remove-contact` or `next-step`.
    ///
    /// ```
    /// assert_eq!(hookwire::retry::FailureAction::NextStep.name(), "next-step");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            FailureAction::RemoveContact => "remove-contact",
            FailureAction::NextStep => "next-step",
        }
    }
}
