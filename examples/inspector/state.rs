//! What the inspector remembers: the last N captured requests, the settings typed into the
//! page, the last "send test" report, and a version number the page's long poll waits on.
//!
//! Everything lives in memory and dies with the process: nothing is written to disk, so
//! captured customer data and typed secrets never outlive the session.

use std::collections::VecDeque;
use std::net::SocketAddr;

use bytes::Bytes;
use hookwire::Timestamp;
use hookwire::http::{HeaderMap, Method};

use crate::decode::{self, Decoding, Format};
use crate::send::SendReport;
use crate::verify::{Check, Verdict};

/// One request as it arrived at `/in/…`.
#[derive(Debug)]
pub(crate) struct Capture {
    /// Counts from 1 for the life of the process; never reused, so the page can key on it.
    pub(crate) id: u64,
    pub(crate) at: Timestamp,
    pub(crate) method: Method,
    /// Path and query exactly as the request line had them.
    pub(crate) target: String,
    pub(crate) peer: SocketAddr,
    pub(crate) headers: HeaderMap,
    /// The body, or empty when it was not kept (see `dropped`).
    pub(crate) body: Bytes,
    /// Why the body was not kept: over the size cap, or unreadable.
    pub(crate) dropped: Option<String>,
    /// The status the inspector answered.
    pub(crate) answered: u16,
    /// The decode and the verdict under the current settings; recomputed when they change.
    pub(crate) analysis: Analysis,
}

/// What the current settings make of a capture.
#[derive(Debug)]
pub(crate) struct Analysis {
    pub(crate) decoding: Decoding,
    pub(crate) verdict: Verdict,
}

/// The last `keep` captures, oldest first; pushing past `keep` drops the oldest.
#[derive(Debug)]
pub(crate) struct Captures {
    items: VecDeque<Capture>,
    keep: usize,
    next_id: u64,
}

impl Captures {
    pub(crate) fn new(keep: usize) -> Self {
        Captures {
            items: VecDeque::with_capacity(keep),
            keep,
            next_id: 1,
        }
    }

    /// The id the next capture gets.
    pub(crate) fn next_id(&mut self) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    pub(crate) fn push(&mut self, capture: Capture) {
        while self.items.len() >= self.keep {
            self.items.pop_front();
        }
        self.items.push_back(capture);
    }

    /// Newest first, as the page shows them.
    pub(crate) fn newest_first(&self) -> impl Iterator<Item = &Capture> {
        self.items.iter().rev()
    }

    pub(crate) fn get(&self, id: u64) -> Option<&Capture> {
        self.items.iter().find(|capture| capture.id == id)
    }

    pub(crate) fn iter_mut(&mut self) -> impl Iterator<Item = &mut Capture> {
        self.items.iter_mut()
    }

    pub(crate) fn len(&self) -> usize {
        self.items.len()
    }

    pub(crate) fn keep(&self) -> usize {
        self.keep
    }

    pub(crate) fn clear(&mut self) {
        self.items.clear();
    }
}

/// The statuses the inspector can answer with: success, success-but-queued, the two
/// retryable failures senders treat differently, a throttle, and "gone" (Standard Webhooks
/// and Svix stop on 410).
pub(crate) const ANSWERS: &[(u16, &str)] = &[
    (200, "200 OK"),
    (202, "202 Accepted"),
    (429, "429 Too Many Requests + Retry-After"),
    (500, "500 Internal Server Error"),
    (503, "503 Service Unavailable + Retry-After"),
    (410, "410 Gone"),
];

/// How the inspector answers `/in/…`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Answer {
    /// One of [`ANSWERS`].
    pub(crate) status: u16,
    /// Seconds, sent as `Retry-After` with 429 and 503.
    pub(crate) retry_after: u32,
}

impl Answer {
    /// The `Retry-After` to send, if this status carries one.
    pub(crate) fn retry_after(&self) -> Option<u32> {
        matches!(self.status, 429 | 503).then_some(self.retry_after)
    }
}

/// Everything the page lets the user set.
#[derive(Debug)]
pub(crate) struct Settings {
    pub(crate) answer: Answer,
    pub(crate) check: Check,
    pub(crate) format: Format,
}

impl Settings {
    /// Decodes `body` and runs the receiver's checks on the request, as of `at` (the time it
    /// arrived: a signature that was fresh then still verifies when the secret is typed in
    /// later). A body that was `dropped` for its size is the receiver's 413.
    pub(crate) fn analyze(
        &self,
        headers: &HeaderMap,
        body: &[u8],
        dropped: Option<&str>,
        peer: SocketAddr,
        at: Timestamp,
    ) -> Analysis {
        let decoding = decode::decode(self.format, headers, body);
        let verdict = match dropped {
            Some(reason) => Verdict::Refused {
                check: "size",
                status: 413,
                reason: reason.to_owned(),
            },
            None => self.check.verdict(headers, body, peer.ip(), at, &decoding),
        };
        Analysis { decoding, verdict }
    }
}

/// The "send test" form's last choices (never its secret) and its last report.
#[derive(Debug)]
pub(crate) struct SendForm {
    pub(crate) sample: &'static str,
    pub(crate) url: String,
    pub(crate) scheme: String,
    pub(crate) tamper: bool,
    pub(crate) report: Option<SendReport>,
    /// Counts test messages, for their message ids.
    pub(crate) sent: u64,
}

/// Everything behind the inspector's one lock.
#[derive(Debug)]
pub(crate) struct Inspector {
    pub(crate) captures: Captures,
    pub(crate) settings: Settings,
    pub(crate) send: SendForm,
    /// Bumped on every change the captures list shows (a capture, a clear, new settings); the
    /// page's long poll waits for it to move.
    pub(crate) version: u64,
}

impl Inspector {
    /// Recomputes every capture's analysis after the settings changed. Bounded: at most
    /// `keep` captures of at most the body cap each.
    pub(crate) fn reanalyze(&mut self) {
        let settings = &self.settings;
        for capture in self.captures.iter_mut() {
            capture.analysis = settings.analyze(
                &capture.headers,
                &capture.body,
                capture.dropped.as_deref(),
                capture.peer,
                capture.at,
            );
        }
    }
}
