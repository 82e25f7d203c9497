//! [`MessageId`]: the caller's id for one message, safe to put in a header.

use std::fmt;

use serde::{Deserialize, Serialize};

mod error;

pub use error::MessageIdError;

/// The longest message id accepted, in bytes.
pub const MAX_MESSAGE_ID_LEN: usize = 256;

/// A caller-supplied id for one message (hookwire has no random numbers, so ids come
/// from the host: an event id, a delivery key…).
///
/// It travels in headers (`webhook-id`) and seeds the deterministic retry jitter, so it is
/// 1 to 256 bytes of visible ASCII (`!` to `~`): no spaces, no control characters.
///
/// ```
/// use hookwire::MessageId;
///
/// let id = MessageId::new("msg_p5jXN8AQM9LWM0D4loKWxJek")?;
/// assert_eq!(id.as_str(), "msg_p5jXN8AQM9LWM0D4loKWxJek");
/// assert!(MessageId::new("two words").is_err());
/// assert!(MessageId::new("").is_err());
/// # Ok::<(), hookwire::MessageIdError>(())
/// ```
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct MessageId(String);

impl MessageId {
    /// Checks and wraps an id.
    ///
    /// ```
    /// assert!(hookwire::MessageId::new("evt_123").is_ok());
    /// assert!(hookwire::MessageId::new("bad\r\nid").is_err());
    /// ```
    pub fn new(id: impl Into<String>) -> Result<Self, MessageIdError> {
        let id = id.into();
        if id.is_empty() {
            return Err(MessageIdError::Empty);
        }
        if id.len() > MAX_MESSAGE_ID_LEN {
            return Err(MessageIdError::TooLong { len: id.len() });
        }
        if !id.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(MessageIdError::NotVisibleAscii);
        }
        Ok(MessageId(id))
    }

    /// The id as text.
    ///
    /// ```
    /// assert_eq!(hookwire::MessageId::new("a")?.as_str(), "a");
    /// # Ok::<(), hookwire::MessageIdError>(())
    /// ```
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for MessageId {
    type Error = MessageIdError;

    fn try_from(id: String) -> Result<Self, MessageIdError> {
        MessageId::new(id)
    }
}

impl TryFrom<&str> for MessageId {
    type Error = MessageIdError;

    fn try_from(id: &str) -> Result<Self, MessageIdError> {
        MessageId::new(id)
    }
}

impl From<MessageId> for String {
    fn from(id: MessageId) -> String {
        id.0
    }
}

impl fmt::Debug for MessageId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "MessageId({:?})", self.0)
    }
}

impl fmt::Display for MessageId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for MessageId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}
