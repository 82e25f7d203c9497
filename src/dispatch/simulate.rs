//! [`simulate`]: drive a dispatcher on a virtual clock against a scripted receiver — for
//! `hookwire simulate`, for a host's capacity planning, and as the harness of hookwire's own
//! tests (quinn-proto's `tests/util.rs` idea: the clock jumps to the next wake-up).

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use http::HeaderValue;
use http::header::RETRY_AFTER;

use super::{DeliveryKey, Dispatcher, Event, RouteKey, Transmit};
use crate::delivery::{Reply, TransmitId};
use crate::time::Timestamp;

/// What the scripted receiver does with one request, and how long it takes.
///
/// ```
/// use std::time::Duration;
/// use hookwire::delivery::Reply;
/// use hookwire::dispatch::Answer;
/// let answer = Answer::after(Duration::from_millis(10), Reply::status(200));
/// assert_eq!(answer.latency, Duration::from_millis(10));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// How long after the request the answer comes ([`Reply::Silence`]: never).
    pub latency: Duration,
    /// The answer.
    pub reply: Reply,
}

impl Answer {
    /// `reply`, `latency` after the request.
    ///
    /// See [`Answer`] for an example.
    pub fn after(latency: Duration, reply: Reply) -> Self {
        Answer { latency, reply }
    }
}

/// One line of what a simulation saw, in time order.
///
/// ```
/// use hookwire::dispatch::{RouteKey, Seen};
/// use hookwire::delivery::TransmitId;
/// use hookwire::Timestamp;
/// let seen = Seen::Transmit { at: Timestamp::UNIX_EPOCH, route: RouteKey::new(1), transmit: TransmitId::new(1), deliveries: vec![] };
/// assert_eq!(seen.at(), Timestamp::UNIX_EPOCH);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Seen {
    /// A request was handed to the receiver.
    Transmit {
        /// When.
        at: Timestamp,
        /// Its route.
        route: RouteKey,
        /// Its id.
        transmit: TransmitId,
        /// The deliveries it carried.
        deliveries: Vec<DeliveryKey>,
    },
    /// The receiver answered (a status or a transport failure).
    Reply {
        /// When.
        at: Timestamp,
        /// Which transmit.
        transmit: TransmitId,
        /// The answer.
        reply: Reply,
    },
    /// The dispatcher reported something.
    Event {
        /// When it was drained.
        at: Timestamp,
        /// What.
        event: Event,
    },
}

impl Seen {
    /// When it happened.
    ///
    /// See [`Seen`] for an example.
    pub fn at(&self) -> Timestamp {
        match self {
            Seen::Transmit { at, .. } | Seen::Reply { at, .. } | Seen::Event { at, .. } => *at,
        }
    }
}

/// What a simulation saw.
///
/// See [`simulate`] for an example.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DispatchRun {
    /// Everything, in time order.
    pub seen: Vec<Seen>,
    /// The most requests ever in flight at once to each route, counted by the harness from
    /// the transmits and their answers (not asked of the dispatcher).
    pub max_in_flight: BTreeMap<RouteKey, usize>,
    /// When the run stopped: nothing left to do, or `until`.
    pub ended_at: Timestamp,
}

/// Drives `dispatcher` from its clock until nothing is due or the clock would pass
/// `until`, jumping the virtual clock to each next wake-up. `respond` plays every route's
/// receiver: each answer comes its latency after the request (a [`Reply::Silence`] never
/// does, so the transmit runs into its deadline). Answers arriving at the same moment are
/// handed back in the order the requests were made.
///
/// ```
/// use std::time::Duration;
/// use hookwire::delivery::{Message, Reply, Route};
/// use hookwire::dispatch::{simulate, Answer, DeliveryKey, Dispatcher, RouteConfig, RouteKey};
/// use hookwire::{Endpoint, MessageId, Payload, Timestamp};
///
/// let start = Timestamp::from_unix_secs(1_700_000_000);
/// let mut dispatcher = Dispatcher::new(start);
/// let route = Route::new(Endpoint::builder("https://e.com/").build()?);
/// dispatcher.add_route(RouteKey::new(1), RouteConfig::new(route).with_workers(3)?)?;
/// for n in 0..10 {
///     let message = Message::new(MessageId::new(format!("m{n}"))?, Payload::json("{}"));
///     dispatcher.enqueue(start, RouteKey::new(1), DeliveryKey::new(n), message)?;
/// }
/// let run = simulate(&mut dispatcher, start.saturating_add(Duration::from_secs(60)), |_| {
///     Answer::after(Duration::from_millis(10), Reply::status(200))
/// });
/// assert_eq!(run.max_in_flight[&RouteKey::new(1)], 3);
/// assert!(dispatcher.is_empty());
/// assert_eq!(run.ended_at, start.saturating_add(Duration::from_millis(40))); // 4 rounds of 10 ms
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn simulate(
    dispatcher: &mut Dispatcher,
    until: Timestamp,
    mut respond: impl FnMut(&Transmit) -> Answer,
) -> DispatchRun {
    let mut now = dispatcher.clock();
    let mut seen = Vec::new();
    // Answers to come: (when, order made) → (transmit, route, reply).
    let mut answers: BTreeMap<(Timestamp, u64), (TransmitId, RouteKey, Reply)> = BTreeMap::new();
    let mut outstanding: BTreeMap<RouteKey, BTreeSet<TransmitId>> = BTreeMap::new();
    let mut max_in_flight: BTreeMap<RouteKey, usize> = BTreeMap::new();
    let mut order = 0u64;
    loop {
        let seen_before = seen.len();
        // 1. answers due now, then timeouts.
        while let Some((&(at, _), _)) = answers.first_key_value() {
            if at > now {
                break;
            }
            let Some((_, (transmit, route, reply))) = answers.pop_first() else {
                break;
            };
            if let Some(set) = outstanding.get_mut(&route) {
                set.remove(&transmit);
            }
            // A misuse error means the transmit already timed out: the answer is stale.
            let _ = answer(dispatcher, now, transmit, &reply);
            seen.push(Seen::Reply {
                at: now,
                transmit,
                reply,
            });
        }
        // An error is impossible: the clock only moves forward.
        let _ = dispatcher.handle_timeout(now);
        // 2. transmits.
        while let Some(transmit) = dispatcher.poll_transmit(now) {
            let route = transmit.route();
            let set = outstanding.entry(route).or_default();
            set.insert(transmit.id());
            let peak = max_in_flight.entry(route).or_default();
            *peak = (*peak).max(set.len());
            seen.push(Seen::Transmit {
                at: now,
                route,
                transmit: transmit.id(),
                deliveries: transmit.deliveries().to_vec(),
            });
            let Answer { latency, reply } = respond(&transmit);
            if reply == Reply::Silence {
                // Never answered: the slot frees at the deadline.
                let deadline = transmit.deadline();
                answers.insert((deadline, order), (transmit.id(), route, Reply::Silence));
            } else {
                let at = now.saturating_add(latency).min(transmit.deadline());
                answers.insert((at, order), (transmit.id(), route, reply));
            }
            order += 1;
        }
        // 3. events.
        while let Some(event) = dispatcher.poll_event() {
            seen.push(Seen::Event { at: now, event });
        }
        // 4. the next wake-up.
        let next_answer = answers.first_key_value().map(|(&(at, _), _)| at);
        let next = match (dispatcher.poll_timeout(), next_answer) {
            (Some(a), Some(b)) => a.min(b),
            (a, b) => match a.or(b) {
                Some(t) => t,
                None => break,
            },
        };
        if next > until {
            break;
        }
        if next <= now && seen.len() == seen_before {
            // Woken for now, yet nothing happened: the dispatcher would spin. It never
            // should; ending the run keeps that a test failure rather than a hang.
            break;
        }
        now = now.max(next);
    }
    DispatchRun {
        seen,
        max_in_flight,
        ended_at: now,
    }
}

fn answer(
    dispatcher: &mut Dispatcher,
    now: Timestamp,
    transmit: TransmitId,
    reply: &Reply,
) -> Result<(), crate::delivery::ApiMisuse> {
    match reply {
        Reply::Status {
            status,
            retry_after,
            body,
        } => {
            let mut response = http::Response::new(body.clone());
            *response.status_mut() =
                http::StatusCode::from_u16(*status).unwrap_or(http::StatusCode::BAD_GATEWAY);
            if let Some(value) = retry_after
                .as_deref()
                .and_then(|v| HeaderValue::try_from(v).ok())
            {
                response.headers_mut().insert(RETRY_AFTER, value);
            }
            dispatcher.handle_response(now, transmit, &response)
        }
        Reply::Transport(failure) => dispatcher.handle_transport_error(now, transmit, *failure),
        // The deadline passed: `handle_timeout` counts it.
        Reply::Silence => Ok(()),
    }
}
