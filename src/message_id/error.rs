//! [`MessageIdError`]: why a caller's message id cannot be used.

use super::MAX_MESSAGE_ID_LEN;

/// Why [`MessageId::new`](super::MessageId::new) refused an id: it travels in headers
/// (`webhook-id`) and seeds the retry jitter, so it is 1 to
/// [`MAX_MESSAGE_ID_LEN`] bytes of visible ASCII.
///
/// ```
/// use hookwire::{MessageId, MessageIdError};
///
/// assert_eq!(MessageId::new("").unwrap_err(), MessageIdError::Empty);
/// assert_eq!(MessageId::new("").unwrap_err().to_string(), "invalid message id: empty");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MessageIdError {
    /// The id is empty.
    ///
    /// ```
    /// # use hookwire::{MessageId, MessageIdError};
    /// assert_eq!(MessageId::new(String::new()).unwrap_err(), MessageIdError::Empty);
    /// ```
    #[error("invalid message id: empty")]
    Empty,
    /// The id is longer than [`MAX_MESSAGE_ID_LEN`] bytes.
    ///
    /// ```
    /// # use hookwire::{MessageId, MessageIdError};
    /// let err = MessageId::new("a".repeat(300)).unwrap_err();
    /// assert_eq!(err, MessageIdError::TooLong { len: 300 });
    /// ```
    #[error("invalid message id: longer than {MAX_MESSAGE_ID_LEN} bytes ({len})")]
    TooLong {
        /// The id's length in bytes.
        len: usize,
    },
    /// The id holds a space, a control character or a non-ASCII character.
    ///
    /// ```
    /// # use hookwire::{MessageId, MessageIdError};
    /// assert_eq!(MessageId::new("two words").unwrap_err(), MessageIdError::NotVisibleAscii);
    /// ```
    #[error("invalid message id: only visible ASCII characters (`!` to `~`) are allowed")]
    NotVisibleAscii,
}
