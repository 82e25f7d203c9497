//! [`Batching`]: many messages to one route in one request.

use std::time::Duration;

use bytes::{BufMut, Bytes, BytesMut};

use super::error::RouteError;
use crate::format::cloudevents::BATCH_CONTENT_TYPE;
use crate::format::netcore;
use crate::payload::Payload;

/// Lytics' default batch size: "If left empty, the default batch size is 10".
pub const DEFAULT_BATCH_SIZE: u16 = 10;

/// Lytics' batch window: "Batches will be sent every 1 second or immediately when the batch
/// size specified".
pub const DEFAULT_BATCH_WINDOW: Duration = Duration::from_secs(1);

/// How a route's messages are joined into one body.
///
/// ```
/// use hookwire::dispatch::BatchFormat;
/// use hookwire::Payload;
/// let joined = BatchFormat::JsonArray.join(&[Payload::json(r#"{"a":1}"#), Payload::json(r#"{"b":2}"#)]).unwrap();
/// assert_eq!(joined.body().as_ref(), br#"[{"a":1},{"b":2}]"#);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum BatchFormat {
    /// A JSON array of the messages' JSON bodies (Lytics: "send events as an array of in
    /// the payload"), `application/json`.
    JsonArray,
    /// A CloudEvents batch: the messages are structured-mode events, joined into one array
    /// sent as `application/cloudevents-batch+json`.
    CloudEvents,
    /// One Netcore panel: the messages are `data=` forms of the same panel, their events
    /// joined into one `{ "<panel>": [event, …] }` form.
    NetcorePanel,
}

impl BatchFormat {
    /// The batch body of `payloads`, in order; `None` when they cannot be joined (Netcore
    /// forms of different panels, or a body that does not parse).
    ///
    /// See [`BatchFormat`] for an example.
    pub fn join(&self, payloads: &[Payload]) -> Option<Payload> {
        match self {
            BatchFormat::JsonArray => Some(Payload::json(json_array(payloads))),
            BatchFormat::CloudEvents => Some(Payload::from_static(
                BATCH_CONTENT_TYPE,
                json_array(payloads),
            )),
            BatchFormat::NetcorePanel => {
                let mut joined: Option<netcore::Batch> = None;
                for payload in payloads {
                    let batch = netcore::parse(payload.body()).ok()?;
                    match &mut joined {
                        None => joined = Some(batch),
                        Some(all) if all.panel == batch.panel => all.events.extend(batch.events),
                        Some(_) => return None,
                    }
                }
                netcore::render(&joined?).ok()
            }
        }
    }
}

fn json_array(payloads: &[Payload]) -> Bytes {
    let len = payloads.iter().map(|p| p.body().len() + 1).sum::<usize>() + 1;
    let mut out = BytesMut::with_capacity(len);
    out.put_u8(b'[');
    for (n, payload) in payloads.iter().enumerate() {
        if n > 0 {
            out.put_u8(b',');
        }
        out.put_slice(payload.body());
    }
    out.put_u8(b']');
    out.freeze()
}

/// A route's batching: up to `max_size` messages per request, sent when that many wait or
/// when the oldest has waited `window`. A batch is one transmit under one id; a failed batch
/// is retried as the same bytes under the same id, never split again, and its outcome goes
/// to every message in it.
///
/// ```
/// use std::time::Duration;
/// use hookwire::dispatch::{BatchFormat, Batching};
/// let batching = Batching::new(BatchFormat::JsonArray, 10, Duration::from_secs(1))?;
/// assert_eq!(batching.max_size(), 10);
/// assert!(Batching::new(BatchFormat::JsonArray, 0, Duration::from_secs(1)).is_err());
/// # Ok::<(), hookwire::dispatch::RouteError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Batching {
    format: BatchFormat,
    max_size: u16,
    window: Duration,
}

impl Batching {
    /// Batches of at most `max_size` (at least 1) in `format`, flushed after `window`.
    ///
    /// See [`Batching`] for an example.
    pub fn new(format: BatchFormat, max_size: u16, window: Duration) -> Result<Self, RouteError> {
        if max_size == 0 {
            return Err(RouteError::EmptyBatch);
        }
        Ok(Batching {
            format,
            max_size,
            window,
        })
    }

    /// How bodies are joined.
    ///
    /// See [`Batching`] for an example.
    pub fn format(&self) -> BatchFormat {
        self.format
    }

    /// The most messages per request.
    ///
    /// See [`Batching`] for an example.
    pub fn max_size(&self) -> u16 {
        self.max_size
    }

    /// How long the oldest message waits for more.
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use hookwire::dispatch::{BatchFormat, Batching};
    /// let batching = Batching::new(BatchFormat::JsonArray, 10, Duration::from_secs(1))?;
    /// assert_eq!(batching.window(), Duration::from_secs(1));
    /// # Ok::<(), hookwire::dispatch::RouteError>(())
    /// ```
    pub fn window(&self) -> Duration {
        self.window
    }
}
