//! [`Message`]: what one delivery sends — its id and its rendered payload.

use crate::message_id::MessageId;
use crate::payload::Payload;

/// The per-message part of a delivery: the caller's [`MessageId`] and the rendered
/// [`Payload`]. Everything else lives in the shared [`Route`](super::Route).
///
/// A message is held behind an [`Arc`](std::sync::Arc), so the deliveries of one message to
/// several endpoints (Smarter Launch's automations post to "one or more URLs") share its
/// bytes. It is not part of any saved state: the host stores the body once and saves
/// deliveries by reference.
///
/// ```
/// use hookwire::{MessageId, Payload};
/// use hookwire::delivery::Message;
///
/// let message = Message::new(MessageId::new("evt_42")?, Payload::json(r#"{"event":"email_opened"}"#));
/// assert_eq!(message.id().as_str(), "evt_42");
/// assert_eq!(message.payload().body().as_ref(), br#"{"event":"email_opened"}"#);
/// # Ok::<(), hookwire::MessageIdError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    id: MessageId,
    payload: Payload,
}

impl Message {
    /// A message with this id and payload.
    ///
    /// See [`Message`] for an example.
    pub fn new(id: MessageId, payload: Payload) -> Self {
        Message { id, payload }
    }

    /// The caller's id for the message: it seeds the retry jitter and signs as
    /// `webhook-id`.
    ///
    /// See [`Message`] for an example.
    pub fn id(&self) -> &MessageId {
        &self.id
    }

    /// The rendered body and its headers.
    ///
    /// See [`Message`] for an example.
    pub fn payload(&self) -> &Payload {
        &self.payload
    }
}
