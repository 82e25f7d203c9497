//! [`Dispatcher`]: many deliveries to many routes in one sans-IO machine — as quinn-proto's
//! `Endpoint` holds connections.
//!
//! A journey engine sends many messages to many endpoints at once, and the rules that matter
//! live at that level: how many requests one endpoint may have in flight and which
//! deliveries wait for a slot, in what order ([`RouteConfig::with_workers`]); which messages
//! go together in one request ([`Batching`]); when an endpoint is disabled
//! ([`EndpointHealth`]) or a job is in error ([`JobHealth`]); who is alerted ([`Alerts`]);
//! whether a new endpoint answers ([`Dispatcher::probe`]); and the OAuth 2.0 token every
//! request of a route carries ([`RouteConfig::with_oauth2`]). Each seed system's combination
//! is a preset ([`presets`](crate::presets)). The dispatcher holds every route and every
//! pending delivery under the caller's keys, and is driven exactly like a
//! [`Delivery`](crate::delivery::Delivery):
//!
//! 1. `poll_transmit(now)`: the next due request across everything — send it, and hand back
//!    what came of it by its [`TransmitId`] (`handle_response`, `handle_transport_error`;
//!    `abandon` if the worker sending it died);
//! 2. `poll_event()`: the one dispatcher-wide queue — attempts to record, outcomes to act on;
//! 3. `poll_timeout()`: when to call `handle_timeout` next.
//!
//! ```
//! use hookwire::delivery::{self, Message, OutcomeKind, Route};
//! use hookwire::dispatch::{DeliveryKey, Dispatcher, Event, RouteConfig, RouteKey};
//! use hookwire::{Endpoint, MessageId, Payload, Timestamp, presets};
//!
//! let mut now = Timestamp::from_unix_secs(1_700_000_000);
//! let mut dispatcher = Dispatcher::new(now);
//! let route = Route::new(Endpoint::builder("https://hooks.example.com/in").build()?)
//!     .with_policy(presets::netcore::retry_policy());
//! dispatcher.add_route(RouteKey::new(1), RouteConfig::new(route).with_workers(2)?)?;
//! for n in 0..5 {
//!     let message = Message::new(MessageId::new(format!("evt_{n}"))?, Payload::json("{}"));
//!     dispatcher.enqueue(now, RouteKey::new(1), DeliveryKey::new(n), message)?;
//! }
//!
//! let mut delivered = 0;
//! while !dispatcher.is_empty() {
//!     // 1. transmits: at most 2 in flight; the host answers each (here at once, 200)
//!     let mut sent = Vec::new();
//!     while let Some(transmit) = dispatcher.poll_transmit(now) {
//!         sent.push(transmit.id());
//!     }
//!     assert!(sent.len() <= 2);
//!     for id in sent {
//!         dispatcher.handle_response(now, id, &http::Response::new(()))?;
//!     }
//!     // 2. events
//!     while let Some(event) = dispatcher.poll_event() {
//!         if let Event::Delivery { event: delivery::Event::Finished(outcome), .. } = event {
//!             assert_eq!(outcome.kind, OutcomeKind::Delivered { status: 200 });
//!             delivered += 1;
//!         }
//!     }
//!     // 3. timeout
//!     if let Some(due) = dispatcher.poll_timeout() {
//!         now = now.max(due);
//!         dispatcher.handle_timeout(now)?;
//!     }
//! }
//! assert_eq!(delivered, 5);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Transmit ids are this dispatcher's own: a delivery moved to another dispatcher with
//! [`Dispatcher::take`] and [`Dispatcher::restore`] leaves its old transmit behind, and an
//! answer to that transmit must not be handed to the new dispatcher.
//!
//! Every operation is O(log n) in the number of pending deliveries (amortized: a due
//! delivery whose route has no free slot moves once from the timer heap to its route's
//! waiting line, and nothing due ever spins). A delivery that ends leaves the dispatcher: its
//! outcome event is the last word about its key.

mod alerts;
mod batching;
mod error;
mod event;
mod health;
mod job;
mod key_index;
mod keys;
mod route_config;
mod route_event;
mod route_status;
mod saved;
mod simulate;
mod transmit;

use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap, VecDeque};
use std::fmt;
use std::sync::Arc;

use bytes::Bytes;

pub use alerts::Alerts;
pub use batching::{BatchFormat, Batching, DEFAULT_BATCH_SIZE, DEFAULT_BATCH_WINDOW};
pub use error::RouteError;
pub use event::Event;
pub use health::EndpointHealth;
pub use job::JobHealth;
pub use keys::{DeliveryKey, RouteKey};
pub use route_config::{DEFAULT_WORKERS, RouteConfig};
pub use route_event::{AlertReason, DisableReason, ProbeResult, RouteEvent};
pub use route_status::RouteStatus;
pub use saved::SavedDelivery;
pub use simulate::{Answer, DispatchRun, Seen, simulate};
pub use transmit::Transmit;

use crate::auth::{Token, TokenError};
use crate::delivery::{
    self, ApiMisuse, AttemptEnd, AttemptResult, DeliveryCore, FailureReason, Message, OutcomeKind,
    Phase, ResponseBody, TransmitId, TransportFailure, build_request, kept,
};
use crate::message_id::{MAX_MESSAGE_ID_LEN, MessageId};
use crate::payload::Payload;
use crate::retry::retry_after;
use crate::time::Timestamp;
use key_index::KeyIndex;

/// Many deliveries to many routes: worker slots, waiting lines, timers, transmit ids and one
/// event queue. See the [module docs](self) for the drive loop.
pub struct Dispatcher {
    clock: Timestamp,
    routes: Vec<RouteSlot>,
    route_index: BTreeMap<RouteKey, u32>,
    /// A slab: a delivery's slot index is stable while it is pending.
    entries: Vec<Entry>,
    free: Vec<u32>,
    index: KeyIndex,
    /// Waiting deliveries by due time. Lazy deletion: an entry whose generation no longer
    /// matches its delivery's is skipped when it surfaces.
    timers: BinaryHeap<Reverse<Timer>>,
    /// Routes with due deliveries in their waiting line and a free slot, in turn.
    ready: VecDeque<u32>,
    /// Routes paused (asleep, or their job in error) until a time; lazy deletion.
    route_timers: BinaryHeap<Reverse<(Timestamp, u32)>>,
    /// Batches formed and not finished; a slot is free while its batch is `None`.
    batches: Vec<Option<Batch>>,
    free_batches: Vec<u32>,
    /// Test probes waiting to go out, in order.
    probes: VecDeque<(u32, Arc<Message>)>,
    /// Routes whose deliveries wait for an OAuth 2.0 token, in turn.
    token_needed: VecDeque<u32>,
    /// The messages of probes in flight, to send again if their worker dies.
    probe_messages: BTreeMap<TransmitId, Arc<Message>>,
    flights: BTreeMap<TransmitId, Flight>,
    /// Flight deadlines; lazy deletion as for `timers`.
    deadlines: BinaryHeap<Reverse<(Timestamp, TransmitId)>>,
    events: VecDeque<Event>,
    next_transmit: u64,
    next_gen: u32,
}

/// One delivery's slot. 64 bytes: the key, the shared message, the core, the route's index
/// and the generation that tells live timer, waiting-line and flight references from stale
/// ones.
struct Entry {
    key: DeliveryKey,
    /// `None` while the slot is free.
    message: Option<Arc<Message>>,
    core: DeliveryCore,
    route: u32,
    epoch: u32,
}

struct RouteSlot {
    key: RouteKey,
    config: RouteConfig,
    enabled: bool,
    in_flight: u16,
    pending: usize,
    /// Due deliveries waiting for a slot, in the order they fell due.
    waiting: VecDeque<Member>,
    /// Whether the route is in `Dispatcher::ready`.
    queued: bool,
    /// 5xx answers in a row.
    server_errors: u32,
    /// Failed requests since the job last (re)started.
    failed_requests: u32,
    /// Times the job was in error.
    job_errors: u32,
    /// Asleep (`Retry-After`) or its job in error until then.
    paused_until: Option<Timestamp>,
    job_failed: bool,
    last_alert: Option<Timestamp>,
    /// Batched routes: when the oldest waiting message has waited the window.
    flush_at: Option<Timestamp>,
    /// Batched routes: batches due for a retry, waiting for a slot, in order.
    retries: VecDeque<u32>,
    /// The OAuth 2.0 token, while it is fresh.
    token: Option<Token>,
    /// Counts the tokens fetched: a request carries the generation it was sent with.
    token_gen: u32,
    /// Whether a request with the current token was answered other than 401: a 401 after
    /// that means the token went stale, not that it never worked.
    token_proven: bool,
    /// A token request is in flight or queued.
    token_pending: bool,
}

/// A reference to a delivery's slot as it was at generation `epoch`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Member {
    slot: u32,
    epoch: u32,
}

/// A heap entry: 16 bytes. Equal due times go in generation order, which is the order they
/// were scheduled in (until the counter wraps, which only reorders ties).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Timer {
    due: Timestamp,
    epoch: u32,
    slot: u32,
}

struct Flight {
    route: u32,
    deadline: Timestamp,
    members: Members,
    /// The route's token generation the request carried (0: none).
    token_gen: u32,
}

/// The deliveries a flight carries; a probe carries none.
enum Members {
    One(Member),
    /// The index of a batch in `Dispatcher::batches`.
    Batch(u32),
    Probe,
    /// The route's OAuth 2.0 token request.
    Token,
}

impl Members {
    fn as_slice(&self) -> &[Member] {
        match self {
            Members::One(member) => std::slice::from_ref(member),
            Members::Batch(_) | Members::Probe | Members::Token => &[],
        }
    }
}

/// Messages of one route sent as one body under one id: retried as the same bytes, its
/// outcome given to every member still there. Its own core holds the retry schedule.
struct Batch {
    id: MessageId,
    payload: Payload,
    members: Vec<Member>,
    core: DeliveryCore,
    route: u32,
}

/// Timer slots with this bit name a batch, not a delivery.
const BATCH_BIT: u32 = 1 << 31;

impl Dispatcher {
    // ----- construction and getters -----

    /// An empty dispatcher whose clock starts at `now`.
    ///
    /// See the [module docs](self) for an example.
    pub fn new(now: Timestamp) -> Self {
        Dispatcher {
            clock: now,
            routes: Vec::new(),
            route_index: BTreeMap::new(),
            entries: Vec::new(),
            free: Vec::new(),
            index: KeyIndex::default(),
            timers: BinaryHeap::new(),
            ready: VecDeque::new(),
            route_timers: BinaryHeap::new(),
            batches: Vec::new(),
            free_batches: Vec::new(),
            probes: VecDeque::new(),
            probe_messages: BTreeMap::new(),
            token_needed: VecDeque::new(),
            flights: BTreeMap::new(),
            deadlines: BinaryHeap::new(),
            events: VecDeque::new(),
            next_transmit: 1,
            next_gen: 0,
        }
    }

    /// The latest time the dispatcher was given.
    ///
    /// ```
    /// # use hookwire::{dispatch::Dispatcher, Timestamp};
    /// assert_eq!(Dispatcher::new(Timestamp::from_unix_secs(5)).clock(), Timestamp::from_unix_secs(5));
    /// ```
    pub fn clock(&self) -> Timestamp {
        self.clock
    }

    /// How many unfinished deliveries it holds.
    ///
    /// ```
    /// # use hookwire::{dispatch::Dispatcher, Timestamp};
    /// assert_eq!(Dispatcher::new(Timestamp::UNIX_EPOCH).len(), 0);
    /// ```
    pub fn len(&self) -> usize {
        self.index.len()
    }

    /// Whether it holds no unfinished delivery.
    ///
    /// ```
    /// # use hookwire::{dispatch::Dispatcher, Timestamp};
    /// assert!(Dispatcher::new(Timestamp::UNIX_EPOCH).is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// A route's configuration.
    ///
    /// ```
    /// # use hookwire::{delivery::Route, dispatch::{Dispatcher, RouteConfig, RouteKey}, Endpoint, Timestamp};
    /// let mut dispatcher = Dispatcher::new(Timestamp::UNIX_EPOCH);
    /// dispatcher.add_route(RouteKey::new(1), RouteConfig::new(Route::new(Endpoint::builder("https://e.com/").build()?)))?;
    /// assert_eq!(dispatcher.route(RouteKey::new(1)).map(|c| c.workers()), Some(5));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn route(&self, key: RouteKey) -> Option<&RouteConfig> {
        let r = *self.route_index.get(&key)?;
        Some(&self.routes[r as usize].config)
    }

    /// A route's counts and state.
    ///
    /// See [`RouteStatus`] for an example.
    pub fn route_status(&self, key: RouteKey) -> Option<RouteStatus> {
        let r = *self.route_index.get(&key)?;
        let slot = &self.routes[r as usize];
        Some(RouteStatus {
            pending: slot.pending,
            in_flight: slot.in_flight,
            enabled: slot.enabled,
        })
    }

    /// How far an unfinished delivery got.
    ///
    /// ```
    /// # use hookwire::{delivery::{Message, Route}, dispatch::{DeliveryKey, Dispatcher, RouteConfig, RouteKey}, Endpoint, MessageId, Payload, Timestamp};
    /// # let now = Timestamp::UNIX_EPOCH;
    /// # let mut dispatcher = Dispatcher::new(now);
    /// # dispatcher.add_route(RouteKey::new(1), RouteConfig::new(Route::new(Endpoint::builder("https://e.com/").build()?)))?;
    /// # dispatcher.enqueue(now, RouteKey::new(1), DeliveryKey::new(7), Message::new(MessageId::new("m")?, Payload::json("{}")))?;
    /// assert_eq!(dispatcher.delivery(DeliveryKey::new(7)).unwrap().due(), Some(now));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn delivery(&self, key: DeliveryKey) -> Option<DeliveryCore> {
        let slot = self.slot_of(key)?;
        Some(self.entries[slot as usize].core)
    }

    /// A delivery as the host stores it: its route's key and its core. The route's
    /// configuration and the message are not in it.
    ///
    /// ```
    /// # use hookwire::{delivery::{Message, Route}, dispatch::{DeliveryKey, Dispatcher, RouteConfig, RouteKey}, Endpoint, MessageId, Payload, Timestamp};
    /// # let now = Timestamp::UNIX_EPOCH;
    /// # let mut dispatcher = Dispatcher::new(now);
    /// # dispatcher.add_route(RouteKey::new(1), RouteConfig::new(Route::new(Endpoint::builder("https://e.com/").build()?)))?;
    /// # dispatcher.enqueue(now, RouteKey::new(1), DeliveryKey::new(7), Message::new(MessageId::new("m")?, Payload::json("{}")))?;
    /// let saved = dispatcher.save(DeliveryKey::new(7)).unwrap();
    /// assert_eq!(saved.route, RouteKey::new(1));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn save(&self, key: DeliveryKey) -> Option<SavedDelivery> {
        let slot = self.slot_of(key)?;
        let entry = &self.entries[slot as usize];
        Some(SavedDelivery {
            route: self.routes[entry.route as usize].key,
            core: entry.core,
        })
    }

    // ----- routes -----

    /// Adds a route under the caller's `key`.
    ///
    /// See the [module docs](self) for an example.
    pub fn add_route(&mut self, key: RouteKey, config: RouteConfig) -> Result<(), ApiMisuse> {
        if self.route_index.contains_key(&key) {
            return Err(ApiMisuse::DuplicateRoute { route: key });
        }
        let r = u32::try_from(self.routes.len())
            .map_err(|_| ApiMisuse::DuplicateRoute { route: key })?;
        self.routes.push(RouteSlot {
            key,
            config,
            enabled: true,
            in_flight: 0,
            pending: 0,
            waiting: VecDeque::new(),
            queued: false,
            server_errors: 0,
            failed_requests: 0,
            job_errors: 0,
            paused_until: None,
            job_failed: false,
            last_alert: None,
            flush_at: None,
            retries: VecDeque::new(),
            token: None,
            token_gen: 0,
            token_proven: false,
            token_pending: false,
        });
        self.route_index.insert(key, r);
        Ok(())
    }

    /// Replaces a route's configuration (a new signing key, another policy). Deliveries
    /// already pending use it from their next attempt on.
    ///
    /// ```
    /// # use hookwire::{delivery::Route, dispatch::{Dispatcher, RouteConfig, RouteKey}, Endpoint, Timestamp};
    /// # let route = || Route::new(Endpoint::builder("https://e.com/").build().unwrap());
    /// let mut dispatcher = Dispatcher::new(Timestamp::UNIX_EPOCH);
    /// dispatcher.add_route(RouteKey::new(1), RouteConfig::new(route()))?;
    /// dispatcher.update_route(RouteKey::new(1), RouteConfig::new(route()).with_workers(20)?)?;
    /// assert_eq!(dispatcher.route(RouteKey::new(1)).unwrap().workers(), 20);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn update_route(&mut self, key: RouteKey, config: RouteConfig) -> Result<(), ApiMisuse> {
        let r = self.route_of(key)?;
        self.routes[r as usize].config = config;
        self.requeue_if_ready(r);
        Ok(())
    }

    /// Holds a route's deliveries: nothing more is sent to it (requests in flight finish)
    /// and nothing is dropped; due deliveries wait, in order, until
    /// [`Dispatcher::enable_route`].
    ///
    /// ```
    /// # use hookwire::{delivery::{Message, Route}, dispatch::{DeliveryKey, Dispatcher, RouteConfig, RouteKey}, Endpoint, MessageId, Payload, Timestamp};
    /// # let now = Timestamp::UNIX_EPOCH;
    /// # let mut dispatcher = Dispatcher::new(now);
    /// # dispatcher.add_route(RouteKey::new(1), RouteConfig::new(Route::new(Endpoint::builder("https://e.com/").build()?)))?;
    /// # dispatcher.enqueue(now, RouteKey::new(1), DeliveryKey::new(7), Message::new(MessageId::new("m")?, Payload::json("{}")))?;
    /// dispatcher.disable_route(now, RouteKey::new(1))?;
    /// assert!(dispatcher.poll_transmit(now).is_none());
    /// dispatcher.enable_route(now, RouteKey::new(1))?;
    /// assert!(dispatcher.poll_transmit(now).is_some());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn disable_route(&mut self, now: Timestamp, key: RouteKey) -> Result<(), ApiMisuse> {
        self.check_clock(now)?;
        let r = self.route_of(key)?;
        self.clock = now;
        self.routes[r as usize].enabled = false;
        Ok(())
    }

    /// Sends to a disabled route again — disabled by the host, by its health rule or by a
    /// failed job — its held deliveries first, in order. Its health and job counts start
    /// again from zero.
    ///
    /// See [`Dispatcher::disable_route`] for an example.
    pub fn enable_route(&mut self, now: Timestamp, key: RouteKey) -> Result<(), ApiMisuse> {
        self.check_clock(now)?;
        let r = self.route_of(key)?;
        self.clock = now;
        let route = &mut self.routes[r as usize];
        route.enabled = true;
        route.job_failed = false;
        route.server_errors = 0;
        route.failed_requests = 0;
        route.job_errors = 0;
        route.paused_until = None;
        self.requeue_if_ready(r);
        Ok(())
    }

    /// Queues a test probe of a route: one request carrying `message`, sent ahead of
    /// everything else (whatever the route's slots, even while it is disabled), never
    /// retried, counted by no health rule. It passes only on `200`; the result comes as
    /// [`RouteEvent::Probe`], saying why it failed (Netcore's Test button: "If the test
    /// returns a HTTP 200 status then the Webhook is operational").
    ///
    /// ```
    /// # use hookwire::{delivery::{Message, Route}, dispatch::{Dispatcher, Event, RouteConfig, RouteEvent, RouteKey}, Endpoint, MessageId, Payload, Timestamp};
    /// # let now = Timestamp::UNIX_EPOCH;
    /// let mut dispatcher = Dispatcher::new(now);
    /// dispatcher.add_route(RouteKey::new(1), RouteConfig::new(Route::new(Endpoint::builder("https://e.com/").build()?)))?;
    /// dispatcher.probe(now, RouteKey::new(1), Message::new(MessageId::new("test")?, Payload::json("{}")))?;
    /// let transmit = dispatcher.poll_transmit(now).unwrap();
    /// let answer = http::Response::builder().status(204).body("queued")?;
    /// dispatcher.handle_response(now, transmit.id(), &answer)?;
    /// let Some(Event::Route { event: RouteEvent::Probe(result), .. }) = dispatcher.poll_event() else { panic!() };
    /// assert!(!result.passed);
    /// assert_eq!(result.reason, "answered 204 No Content, not 200: queued");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn probe(
        &mut self,
        now: Timestamp,
        route: RouteKey,
        message: impl Into<Arc<Message>>,
    ) -> Result<(), ApiMisuse> {
        self.check_clock(now)?;
        let r = self.route_of(route)?;
        self.clock = now;
        self.probes.push_back((r, message.into()));
        Ok(())
    }

    /// Removes a route that holds no delivery and has nothing in flight. Its key may be
    /// added again.
    ///
    /// ```
    /// # use hookwire::{delivery::Route, dispatch::{Dispatcher, RouteConfig, RouteKey}, Endpoint, Timestamp};
    /// let mut dispatcher = Dispatcher::new(Timestamp::UNIX_EPOCH);
    /// dispatcher.add_route(RouteKey::new(1), RouteConfig::new(Route::new(Endpoint::builder("https://e.com/").build()?)))?;
    /// let config = dispatcher.remove_route(RouteKey::new(1))?;
    /// assert!(dispatcher.route(RouteKey::new(1)).is_none());
    /// # let _ = config;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn remove_route(&mut self, key: RouteKey) -> Result<RouteConfig, ApiMisuse> {
        let r = self.route_of(key)?;
        let slot = &mut self.routes[r as usize];
        if slot.pending > 0 || slot.in_flight > 0 {
            return Err(ApiMisuse::RouteNotEmpty {
                route: key,
                pending: slot.pending.max(usize::from(slot.in_flight)),
            });
        }
        // The slot stays, disabled and unnamed: indices held elsewhere remain valid.
        slot.enabled = false;
        slot.waiting = VecDeque::new();
        self.route_index.remove(&key);
        Ok(slot.config.clone())
    }

    // ----- deliveries -----

    /// Adds a delivery of `message` to `route` under the caller's `key`, due at `now`.
    ///
    /// See the [module docs](self) for an example.
    pub fn enqueue(
        &mut self,
        now: Timestamp,
        route: RouteKey,
        key: DeliveryKey,
        message: impl Into<Arc<Message>>,
    ) -> Result<(), ApiMisuse> {
        self.check_clock(now)?;
        let r = self.route_of(route)?;
        if self.slot_of(key).is_some() {
            return Err(ApiMisuse::DuplicateDelivery { delivery: key });
        }
        self.clock = now;
        self.insert(r, key, message.into(), DeliveryCore::new(now));
        Ok(())
    }

    /// One message to several routes — several deliveries sharing the message's bytes
    /// (Smarter Launch: "send a webhook to one or more URLs when a particular trigger takes
    /// place"). Each goes its own way: one failing URL never holds the others. Every key is
    /// checked before any is added.
    ///
    /// ```
    /// # use hookwire::{delivery::{Message, Route}, dispatch::{DeliveryKey, Dispatcher, RouteConfig, RouteKey}, Endpoint, MessageId, Payload, Timestamp};
    /// # let now = Timestamp::UNIX_EPOCH;
    /// let mut dispatcher = Dispatcher::new(now);
    /// for r in 0..2 {
    ///     let url = format!("https://hooks{r}.example.com/");
    ///     dispatcher.add_route(RouteKey::new(r), RouteConfig::new(Route::new(hookwire::Endpoint::builder(url).build()?)))?;
    /// }
    /// let message = Message::new(MessageId::new("proposal-42")?, Payload::json("{}"));
    /// dispatcher.fan_out(now, message, [(RouteKey::new(0), DeliveryKey::new(1)), (RouteKey::new(1), DeliveryKey::new(2))])?;
    /// assert_eq!(dispatcher.len(), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn fan_out(
        &mut self,
        now: Timestamp,
        message: impl Into<Arc<Message>>,
        targets: impl IntoIterator<Item = (RouteKey, DeliveryKey)>,
    ) -> Result<(), ApiMisuse> {
        self.check_clock(now)?;
        let targets: Vec<(RouteKey, DeliveryKey)> = targets.into_iter().collect();
        let mut seen = std::collections::BTreeSet::new();
        for &(route, key) in &targets {
            self.route_of(route)?;
            if self.slot_of(key).is_some() || !seen.insert(key) {
                return Err(ApiMisuse::DuplicateDelivery { delivery: key });
            }
        }
        let message = message.into();
        self.clock = now;
        for (route, key) in targets {
            let r = self.route_of(route)?;
            self.insert(r, key, Arc::clone(&message), DeliveryCore::new(now));
        }
        Ok(())
    }

    /// The host gives up on a delivery: it ends [`OutcomeKind::Cancelled`] and leaves the
    /// dispatcher. If it was in flight, the request's slot stays taken until its result (or
    /// deadline) comes, and that result no longer concerns it.
    ///
    /// ```
    /// # use hookwire::{delivery::{Message, Route}, dispatch::{DeliveryKey, Dispatcher, RouteConfig, RouteKey}, Endpoint, MessageId, Payload, Timestamp};
    /// # let now = Timestamp::UNIX_EPOCH;
    /// # let mut dispatcher = Dispatcher::new(now);
    /// # dispatcher.add_route(RouteKey::new(1), RouteConfig::new(Route::new(Endpoint::builder("https://e.com/").build()?)))?;
    /// # dispatcher.enqueue(now, RouteKey::new(1), DeliveryKey::new(7), Message::new(MessageId::new("m")?, Payload::json("{}")))?;
    /// dispatcher.cancel(now, DeliveryKey::new(7))?;
    /// assert!(dispatcher.poll_event().unwrap().is_terminal());
    /// assert!(dispatcher.is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn cancel(&mut self, now: Timestamp, key: DeliveryKey) -> Result<(), ApiMisuse> {
        self.check_clock(now)?;
        let slot = self
            .slot_of(key)
            .ok_or(ApiMisuse::UnknownDelivery { delivery: key })?;
        self.clock = now;
        self.entries[slot as usize]
            .core
            .end(now, OutcomeKind::Cancelled);
        self.finish(slot);
        Ok(())
    }

    /// Removes a delivery without ending it, returning its saved form: to move it to another
    /// dispatcher (another worker) with [`Dispatcher::restore`]. No event is emitted.
    ///
    /// ```
    /// # use hookwire::{delivery::{Message, Route}, dispatch::{DeliveryKey, Dispatcher, RouteConfig, RouteKey}, Endpoint, MessageId, Payload, Timestamp};
    /// # let now = Timestamp::UNIX_EPOCH;
    /// # let mut dispatcher = Dispatcher::new(now);
    /// # dispatcher.add_route(RouteKey::new(1), RouteConfig::new(Route::new(Endpoint::builder("https://e.com/").build()?)))?;
    /// # let message = std::sync::Arc::new(Message::new(MessageId::new("m")?, Payload::json("{}")));
    /// # dispatcher.enqueue(now, RouteKey::new(1), DeliveryKey::new(7), message.clone())?;
    /// let saved = dispatcher.take(DeliveryKey::new(7))?;
    /// assert!(dispatcher.is_empty());
    /// dispatcher.restore(now, DeliveryKey::new(7), saved, message)?;
    /// assert_eq!(dispatcher.len(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn take(&mut self, key: DeliveryKey) -> Result<SavedDelivery, ApiMisuse> {
        let saved = self
            .save(key)
            .ok_or(ApiMisuse::UnknownDelivery { delivery: key })?;
        let entries = &self.entries;
        if let Some(slot) = self.index.remove(key, |s| entries[s as usize].key) {
            self.release_slot(slot);
        }
        Ok(saved)
    }

    /// Puts a saved delivery (perhaps saved by another process) back under `key`, with its
    /// message. A delivery saved while an attempt was in flight had that attempt's worker
    /// die with its process: the attempt is released at `now` ([`AttemptResult::Abandoned`],
    /// no budget used) and the next one is due at once. A waiting one keeps its due time.
    /// `now` may be earlier than the clock of the process that saved it (a worker whose
    /// clock lags): due times are absolute, so the delivery is neither stalled nor hurried.
    ///
    /// See [`Dispatcher::take`] for an example.
    pub fn restore(
        &mut self,
        now: Timestamp,
        key: DeliveryKey,
        saved: SavedDelivery,
        message: impl Into<Arc<Message>>,
    ) -> Result<(), ApiMisuse> {
        self.check_clock(now)?;
        let r = self.route_of(saved.route)?;
        if self.slot_of(key).is_some() {
            return Err(ApiMisuse::DuplicateDelivery { delivery: key });
        }
        if saved.core.is_finished() {
            return Err(ApiMisuse::AlreadyFinished);
        }
        self.clock = now;
        let mut core = saved.core;
        let released = (core.phase() == Phase::InFlight).then(|| core.release(now));
        let slot = self.insert(r, key, message.into(), core);
        if let Some(end) = released {
            self.push_attempt_end(slot, end, None);
        }
        Ok(())
    }

    // ----- inputs -----

    /// The endpoint answered transmit `id` with `response` at `now`: every delivery it
    /// carried takes the result. The status, `Retry-After` and (for routes that keep it) the
    /// body's first bytes are read.
    ///
    /// Errors ([`ApiMisuse`]) change nothing: a transmit never made or no longer in flight,
    /// or a `now` earlier than one already given.
    ///
    /// See the [module docs](self) for an example.
    pub fn handle_response<B: ResponseBody>(
        &mut self,
        now: Timestamp,
        id: TransmitId,
        response: &http::Response<B>,
    ) -> Result<(), ApiMisuse> {
        self.check_clock(now)?;
        let flight = self.take_flight(id)?;
        self.clock = now;
        let hint = retry_after(response.headers(), now);
        let result = AttemptResult::Status(response.status().as_u16());
        if matches!(flight.members, Members::Probe) {
            let body = kept(response.body().body_bytes(), PROBE_BODY_LIMIT);
            self.land_probe(id, flight, result, body.as_deref());
            return Ok(());
        }
        if matches!(flight.members, Members::Token) {
            let status = response.status().as_u16();
            self.land_token(now, flight, status, response.body().body_bytes());
            return Ok(());
        }
        let limit = self.routes[flight.route as usize]
            .config
            .route()
            .response_body_limit();
        let body = kept(response.body().body_bytes(), limit);
        self.land(now, flight, result, hint, body);
        Ok(())
    }

    /// Transmit `id` failed below HTTP at `now`.
    ///
    /// ```
    /// # use hookwire::{delivery::{Message, Route, TransportFailure}, dispatch::{DeliveryKey, Dispatcher, RouteConfig, RouteKey}, Endpoint, MessageId, Payload, Timestamp};
    /// # let now = Timestamp::UNIX_EPOCH;
    /// # let mut dispatcher = Dispatcher::new(now);
    /// # dispatcher.add_route(RouteKey::new(1), RouteConfig::new(Route::new(Endpoint::builder("https://e.com/").build()?)))?;
    /// # dispatcher.enqueue(now, RouteKey::new(1), DeliveryKey::new(7), Message::new(MessageId::new("m")?, Payload::json("{}")))?;
    /// let transmit = dispatcher.poll_transmit(now).unwrap();
    /// dispatcher.handle_transport_error(now, transmit.id(), TransportFailure::Connect)?;
    /// assert!(dispatcher.delivery(DeliveryKey::new(7)).unwrap().due().unwrap() > now);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn handle_transport_error(
        &mut self,
        now: Timestamp,
        id: TransmitId,
        failure: TransportFailure,
    ) -> Result<(), ApiMisuse> {
        self.check_clock(now)?;
        let flight = self.take_flight(id)?;
        self.clock = now;
        let result = AttemptResult::Transport(failure);
        if matches!(flight.members, Members::Probe) {
            self.land_probe(id, flight, result, None);
            return Ok(());
        }
        if matches!(flight.members, Members::Token) {
            self.token_failed(now, flight.route, TokenError::Transport(failure));
            return Ok(());
        }
        self.land(now, flight, result, None, None);
        Ok(())
    }

    /// The time is `now`: every transmit past its deadline counts as timed out. A spare call
    /// is a no-op; deliveries that fell due are sent by the next
    /// [`Dispatcher::poll_transmit`].
    ///
    /// See the [module docs](self) for an example.
    pub fn handle_timeout(&mut self, now: Timestamp) -> Result<(), ApiMisuse> {
        self.check_clock(now)?;
        self.clock = now;
        while let Some(&Reverse((deadline, id))) = self.deadlines.peek() {
            if deadline > now {
                break;
            }
            self.deadlines.pop();
            if self
                .flights
                .get(&id)
                .is_some_and(|f| f.deadline == deadline)
                && let Ok(flight) = self.take_flight(id)
            {
                let result = AttemptResult::Transport(TransportFailure::TimedOut);
                match flight.members {
                    Members::Probe => self.land_probe(id, flight, result, None),
                    Members::Token => {
                        let error = TokenError::Transport(TransportFailure::TimedOut);
                        self.token_failed(now, flight.route, error);
                    }
                    _ => self.land(now, flight, result, None, None),
                }
            }
        }
        self.wake_routes(now);
        Ok(())
    }

    /// The worker sending transmit `id` died: every delivery it carried is released — not
    /// the endpoint's fault, no budget used — and due again at once.
    ///
    /// ```
    /// # use hookwire::{delivery::{Message, Route}, dispatch::{DeliveryKey, Dispatcher, RouteConfig, RouteKey}, Endpoint, MessageId, Payload, Timestamp};
    /// # let now = Timestamp::UNIX_EPOCH;
    /// # let mut dispatcher = Dispatcher::new(now);
    /// # dispatcher.add_route(RouteKey::new(1), RouteConfig::new(Route::new(Endpoint::builder("https://e.com/").build()?)))?;
    /// # dispatcher.enqueue(now, RouteKey::new(1), DeliveryKey::new(7), Message::new(MessageId::new("m")?, Payload::json("{}")))?;
    /// let transmit = dispatcher.poll_transmit(now).unwrap();
    /// dispatcher.abandon(now, transmit.id())?;
    /// assert_eq!(dispatcher.delivery(DeliveryKey::new(7)).unwrap().counted(), 0);
    /// assert!(dispatcher.poll_transmit(now).is_some());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn abandon(&mut self, now: Timestamp, id: TransmitId) -> Result<(), ApiMisuse> {
        self.check_clock(now)?;
        let flight = self.take_flight(id)?;
        self.clock = now;
        if matches!(flight.members, Members::Token) {
            // Asked again, as if never asked.
            self.routes[flight.route as usize].token_pending = false;
            self.requeue_if_ready(flight.route);
            return Ok(());
        }
        if matches!(flight.members, Members::Probe) {
            // A probe whose worker died is asked again.
            if let Some(message) = self.probe_messages.remove(&id) {
                self.probes.push_front((flight.route, message));
            }
            return Ok(());
        }
        if let Members::Batch(b) = flight.members {
            if let Some(batch) = self.batches[b as usize].as_mut() {
                let end = batch.core.release(now);
                self.land_batch(b, now, end, None);
            }
            self.free_worker(flight.route);
            return Ok(());
        }
        for member in flight.members.as_slice() {
            if self.is_in_flight(*member) {
                let end = self.entries[member.slot as usize].core.release(now);
                self.push_attempt_end(member.slot, end, None);
            }
        }
        self.free_worker(flight.route);
        Ok(())
    }

    // ----- outputs -----

    /// The next request to send at `now`, across every route: deliveries that waited for a
    /// slot first, in the order they fell due, then the earliest due. `None` when nothing
    /// can be sent now (nothing due, every due route at its worker limit or disabled) or
    /// `now` is earlier than a time already given.
    ///
    /// See the [module docs](self) for an example.
    #[must_use]
    pub fn poll_transmit(&mut self, now: Timestamp) -> Option<Transmit> {
        if now < self.clock {
            return None;
        }
        self.clock = now;
        self.wake_routes(now);
        if let Some((r, message)) = self.probes.pop_front() {
            return Some(self.send_probe(r, message, now));
        }
        loop {
            // Token requests first: deliveries found waiting for a token below queue one.
            if let Some(r) = self.token_needed.pop_front() {
                if let Some(transmit) = self.send_token(r, now) {
                    return Some(transmit);
                }
                continue;
            }
            if let Some(r) = self.ready.pop_front() {
                self.routes[r as usize].queued = false;
                if let Some(transmit) = self.send_waiting(r, now) {
                    return Some(transmit);
                }
                // Nothing sendable after all (a token to fetch first, a batch not full): the
                // route waits for what will wake it.
                self.requeue_if_ready(r);
                continue;
            }
            let Reverse(timer) = *self.timers.peek()?;
            if timer.due > now {
                return None;
            }
            self.timers.pop();
            if timer.slot & BATCH_BIT != 0 {
                let b = timer.slot & !BATCH_BIT;
                let Some(batch) = self.batches[b as usize].as_ref() else {
                    continue;
                };
                if batch.core.due() != Some(timer.due) {
                    continue;
                }
                let r = batch.route;
                self.routes[r as usize].retries.push_back(b);
                self.requeue_if_ready(r);
                continue;
            }
            let member = Member {
                slot: timer.slot,
                epoch: timer.epoch,
            };
            if !self.is_waiting(member) {
                continue;
            }
            let r = self.entries[timer.slot as usize].route;
            if self.routes[r as usize].config.batching().is_some() {
                self.gather(r, member);
                continue;
            }
            let route = &mut self.routes[r as usize];
            if route.waiting.is_empty() && route.can_send(now) {
                if let Some(transmit) = self.send(r, member, now) {
                    return Some(transmit);
                }
            } else {
                route.waiting.push_back(member);
                self.requeue_if_ready(r);
            }
        }
    }

    /// When to call [`Dispatcher::handle_timeout`] (and poll for transmits) next: the
    /// earliest due delivery, the earliest deadline of a transmit in flight, or now when
    /// deliveries wait for a slot that is free. `None` when nothing is pending.
    ///
    /// See the [module docs](self) for an example.
    #[must_use]
    pub fn poll_timeout(&mut self) -> Option<Timestamp> {
        if !self.ready.is_empty() || !self.probes.is_empty() || !self.token_needed.is_empty() {
            return Some(self.clock);
        }
        while let Some(&Reverse((at, r))) = self.route_timers.peek() {
            let slot = &self.routes[r as usize];
            // A flush already due needs no wake-up: the route is ready, or becomes ready
            // when a slot frees.
            if slot.paused_until == Some(at) || (slot.flush_at == Some(at) && at > self.clock) {
                break;
            }
            self.route_timers.pop();
        }
        let wake = self.route_timers.peek().map(|Reverse((at, _))| *at);
        while let Some(&Reverse(timer)) = self.timers.peek() {
            if self.is_live_timer(timer) {
                break;
            }
            self.timers.pop();
        }
        while let Some(&Reverse((deadline, id))) = self.deadlines.peek() {
            if self
                .flights
                .get(&id)
                .is_some_and(|f| f.deadline == deadline)
            {
                break;
            }
            self.deadlines.pop();
        }
        let due = self.timers.peek().map(|Reverse(timer)| timer.due);
        let deadline = self
            .deadlines
            .peek()
            .map(|Reverse((deadline, _))| *deadline);
        [due, deadline, wake].into_iter().flatten().min()
    }

    /// The next thing that happened, oldest first, from the one dispatcher-wide queue.
    ///
    /// See the [module docs](self) for an example.
    #[must_use]
    pub fn poll_event(&mut self) -> Option<Event> {
        self.events.pop_front()
    }

    // ----- internals -----

    fn check_clock(&self, now: Timestamp) -> Result<(), ApiMisuse> {
        if now < self.clock {
            return Err(ApiMisuse::TimeWentBackwards {
                now,
                latest: self.clock,
            });
        }
        Ok(())
    }

    fn slot_of(&self, key: DeliveryKey) -> Option<u32> {
        self.index.get(key, |s| self.entries[s as usize].key)
    }

    fn route_of(&self, key: RouteKey) -> Result<u32, ApiMisuse> {
        self.route_index
            .get(&key)
            .copied()
            .ok_or(ApiMisuse::UnknownRoute { route: key })
    }

    fn bump(&mut self) -> u32 {
        self.next_gen = self.next_gen.wrapping_add(1);
        self.next_gen
    }

    fn insert(
        &mut self,
        r: u32,
        key: DeliveryKey,
        message: Arc<Message>,
        core: DeliveryCore,
    ) -> u32 {
        let epoch = self.bump();
        let entry = Entry {
            key,
            message: Some(message),
            core,
            route: r,
            epoch,
        };
        let slot = match self.free.pop() {
            Some(slot) => {
                self.entries[slot as usize] = entry;
                slot
            }
            None => {
                self.entries.push(entry);
                u32::try_from(self.entries.len() - 1).unwrap_or(u32::MAX)
            }
        };
        self.index.insert(key, slot);
        self.routes[r as usize].pending += 1;
        if core.due().is_some() {
            self.schedule(slot);
        }
        slot
    }

    /// Puts a waiting delivery on the timer heap under a fresh generation.
    fn schedule(&mut self, slot: u32) {
        let epoch = self.bump();
        let entry = &mut self.entries[slot as usize];
        entry.epoch = epoch;
        if let Some(due) = entry.core.due() {
            self.timers.push(Reverse(Timer { due, epoch, slot }));
        }
    }

    fn is_live(&self, member: Member) -> bool {
        let entry = &self.entries[member.slot as usize];
        entry.message.is_some() && entry.epoch == member.epoch
    }

    fn is_waiting(&self, member: Member) -> bool {
        self.is_live(member) && self.entries[member.slot as usize].core.due().is_some()
    }

    fn is_in_flight(&self, member: Member) -> bool {
        self.is_live(member) && self.entries[member.slot as usize].core.phase() == Phase::InFlight
    }

    fn take_flight(&mut self, id: TransmitId) -> Result<Flight, ApiMisuse> {
        match self.flights.remove(&id) {
            Some(flight) => Ok(flight),
            None if id.get() == 0 || id.get() >= self.next_transmit => {
                Err(ApiMisuse::UnknownTransmit { transmit: id })
            }
            None => Err(ApiMisuse::StaleTransmit { transmit: id }),
        }
    }

    /// Sends waiting deliveries of route `r` while it has a free slot; returns the first
    /// transmit made.
    fn send_waiting(&mut self, r: u32, now: Timestamp) -> Option<Transmit> {
        if let Some(batching) = self.routes[r as usize].config.batching() {
            return self.send_batches(r, batching, now);
        }
        while self.routes[r as usize].can_send(now) {
            let member = self.routes[r as usize].waiting.pop_front()?;
            if !self.is_waiting(member) {
                continue;
            }
            if let Some(transmit) = self.send(r, member, now) {
                self.requeue_if_ready(r);
                return Some(transmit);
            }
        }
        None
    }

    /// One attempt of one delivery: signs the request, takes a slot, records the flight.
    /// `None` if the delivery cannot be signed (it fails).
    fn send(&mut self, r: u32, member: Member, now: Timestamp) -> Option<Transmit> {
        let route_slot = &self.routes[r as usize];
        let route = route_slot.config.route();
        let message = self.entries[member.slot as usize].message.as_ref()?;
        let request = match build_request(route, message.id(), message.payload(), now) {
            Ok(request) => request,
            Err(err) => {
                let reason = FailureReason::unsignable(&err);
                self.entries[member.slot as usize]
                    .core
                    .end(now, OutcomeKind::Failed { reason });
                self.finish(member.slot);
                return None;
            }
        };
        let mut request = request;
        let token_gen = apply_token(route_slot, &mut request);
        let deadline = now.saturating_add(route.policy().attempt_timeout());
        let guard = route.endpoint().guard().cloned();
        let route_key = route_slot.key;
        let epoch = self.bump();
        let entry = &mut self.entries[member.slot as usize];
        let attempt = entry.core.start(now);
        entry.epoch = epoch;
        let key = entry.key;
        let id = self.fly(
            r,
            deadline,
            Members::One(Member {
                slot: member.slot,
                epoch,
            }),
            token_gen,
        );
        self.routes[r as usize].in_flight += 1;
        self.events.push_back(Event::Delivery {
            route: route_key,
            delivery: key,
            event: delivery::Event::AttemptStarted {
                attempt,
                transmit: id,
                at: now,
            },
        });
        Some(Transmit {
            route: route_key,
            deliveries: vec![key],
            inner: delivery::Transmit {
                id,
                request,
                deadline,
                guard,
            },
        })
    }

    /// A flight's result reaches every delivery it carried that still waits for it.
    fn land(
        &mut self,
        now: Timestamp,
        flight: Flight,
        result: AttemptResult,
        hint: Option<Timestamp>,
        body: Option<Bytes>,
    ) {
        let route = Arc::clone(self.routes[flight.route as usize].config.route());
        if self.stale_token(&flight, result) {
            // The token went stale: fetch another and send this again, using no attempt.
            match flight.members {
                Members::Batch(b) => {
                    if let Some(batch) = self.batches[b as usize].as_mut() {
                        let end = batch.core.release_as(now, result);
                        self.land_batch(b, now, end, body);
                    }
                }
                _ => {
                    for member in flight.members.as_slice() {
                        if self.is_in_flight(*member) {
                            let end = self.entries[member.slot as usize]
                                .core
                                .release_as(now, result);
                            self.push_attempt_end(member.slot, end, body.clone());
                        }
                    }
                }
            }
            self.free_worker(flight.route);
            return;
        }
        if let Members::Batch(b) = flight.members {
            if let Some(batch) = self.batches[b as usize].as_mut() {
                let end = batch
                    .core
                    .finish_attempt(route.policy(), &batch.id, now, result, hint);
                self.land_batch(b, now, end, body);
            }
            self.judge(flight.route, now, result, hint);
            self.free_worker(flight.route);
            return;
        }
        for member in flight.members.as_slice() {
            if !self.is_in_flight(*member) {
                continue;
            }
            let entry = &mut self.entries[member.slot as usize];
            let Some(message) = entry.message.as_ref() else {
                continue;
            };
            let end = entry
                .core
                .finish_attempt(route.policy(), message.id(), now, result, hint);
            self.push_attempt_end(member.slot, end, body.clone());
        }
        self.judge(flight.route, now, result, hint);
        self.free_worker(flight.route);
    }

    /// The route-level rules after one of its transmits ended: endpoint health, the job's
    /// failed requests, `Retry-After` sleeps.
    fn judge(&mut self, r: u32, now: Timestamp, result: AttemptResult, hint: Option<Timestamp>) {
        let status = match result {
            AttemptResult::Status(status) => Some(status),
            _ => None,
        };
        let slot = &mut self.routes[r as usize];
        // The common case first, without touching the rest of the configuration.
        if status.is_some_and(|s| slot.config.route().policy().success().is_success(s)) {
            slot.server_errors = 0;
            return;
        }
        let config = slot.config.clone();
        let policy = config.route().policy();
        let health = config.health();
        let slot = &mut self.routes[r as usize];
        let mut disabled = None;
        if let Some(status) = status {
            if status >= 500 {
                slot.server_errors = slot.server_errors.saturating_add(1);
                if health
                    .server_errors()
                    .is_some_and(|n| slot.server_errors >= n)
                {
                    disabled = Some(DisableReason::ServerErrors {
                        status,
                        in_a_row: slot.server_errors,
                    });
                }
            } else {
                slot.server_errors = 0;
            }
            if status == 410 && health.on_gone() {
                disabled = Some(DisableReason::Gone);
            }
        }
        if let Some(reason) = disabled
            && slot.enabled
        {
            slot.enabled = false;
            self.route_event(r, RouteEvent::EndpointDisabled { reason });
            self.alert(r, now, AlertReason::EndpointDisabled(reason));
        }
        let Some(job) = config.job() else {
            return;
        };
        let honoured = hint
            .filter(|_| policy.retry_after().honour)
            .map(|at| at.min(now.saturating_add(policy.retry_after().max)));
        if let Some(until) = honoured.filter(|_| job.sleeps_on_retry_after()) {
            // "The job will not error in this case".
            self.pause(r, until);
            self.route_event(r, RouteEvent::JobSleeping { until });
            return;
        }
        if status.is_some_and(|s| policy.do_not_retry().contains(&s)) {
            // Omitted: "These request will not cause the job to error".
            return;
        }
        let slot = &mut self.routes[r as usize];
        slot.failed_requests = slot.failed_requests.saturating_add(1);
        if slot.failed_requests < job.max_failed_requests() {
            return;
        }
        let failed_requests = slot.failed_requests;
        slot.failed_requests = 0;
        slot.job_errors = slot.job_errors.saturating_add(1);
        let errors = slot.job_errors;
        let delay = usize::try_from(errors - 1)
            .ok()
            .and_then(|n| job.retry_delays().get(n));
        match delay {
            Some(delay) => {
                let retry_at = now.saturating_add(*delay);
                self.pause(r, retry_at);
                self.route_event(
                    r,
                    RouteEvent::JobError {
                        failed_requests,
                        retry_at,
                    },
                );
                self.alert(r, now, AlertReason::JobError);
            }
            None => {
                self.routes[r as usize].job_failed = true;
                self.route_event(r, RouteEvent::JobFailed { errors });
                self.alert(r, now, AlertReason::JobFailed);
            }
        }
    }

    /// Holds route `r` until `until` (the later of that and any pause it is in).
    fn pause(&mut self, r: u32, until: Timestamp) {
        let slot = &mut self.routes[r as usize];
        let until = slot.paused_until.map_or(until, |t| t.max(until));
        slot.paused_until = Some(until);
        self.route_timers.push(Reverse((until, r)));
    }

    /// Ends the pauses that are over at `now`.
    fn wake_routes(&mut self, now: Timestamp) {
        while let Some(&Reverse((at, r))) = self.route_timers.peek() {
            if at > now {
                break;
            }
            self.route_timers.pop();
            let slot = &mut self.routes[r as usize];
            if slot.paused_until.is_some_and(|t| t <= now) {
                slot.paused_until = None;
            }
            self.requeue_if_ready(r);
        }
    }

    fn route_event(&mut self, r: u32, event: RouteEvent) {
        let route = self.routes[r as usize].key;
        self.events.push_back(Event::Route { route, event });
    }

    /// An alert for route `r`, unless one went out less than the alerts' period ago.
    fn alert(&mut self, r: u32, now: Timestamp, reason: AlertReason) {
        let slot = &mut self.routes[r as usize];
        let Some(alerts) = slot.config.alerts() else {
            return;
        };
        if slot
            .last_alert
            .is_some_and(|last| now < last.saturating_add(alerts.every()))
        {
            return;
        }
        slot.last_alert = Some(now);
        let to = Arc::clone(alerts.to());
        self.route_event(r, RouteEvent::Alert { to, reason });
    }

    /// A test probe: one request, no slot taken, no retry.
    fn send_probe(&mut self, r: u32, message: Arc<Message>, now: Timestamp) -> Transmit {
        let slot = &self.routes[r as usize];
        let route_key = slot.key;
        let route = Arc::clone(slot.config.route());
        let deadline = now.saturating_add(route.policy().attempt_timeout());
        // A probe that cannot be signed still tells whether the endpoint is up.
        let request =
            build_request(&route, message.id(), message.payload(), now).unwrap_or_else(|_| {
                let mut request = route.endpoint().request(message.payload().body().clone());
                message.payload().apply_to(request.headers_mut());
                request
            });
        let id = self.fly(r, deadline, Members::Probe, 0);
        let transmit = Transmit {
            route: route_key,
            deliveries: Vec::new(),
            inner: delivery::Transmit {
                id,
                request,
                deadline,
                guard: route.endpoint().guard().cloned(),
            },
        };
        self.probe_messages.insert(id, message);
        transmit
    }

    fn land_probe(
        &mut self,
        id: TransmitId,
        flight: Flight,
        result: AttemptResult,
        body: Option<&[u8]>,
    ) {
        self.probe_messages.remove(&id);
        let passed = result == AttemptResult::Status(200);
        let mut reason = match result {
            AttemptResult::Status(200) => "200 OK".to_owned(),
            AttemptResult::Status(status) => {
                let name = http::StatusCode::from_u16(status)
                    .ok()
                    .and_then(|s| s.canonical_reason())
                    .map(|r| format!(" {r}"))
                    .unwrap_or_default();
                format!("answered {status}{name}, not 200")
            }
            other => format!("no answer: {other}"),
        };
        if !passed && let Some(body) = body.filter(|b| !b.is_empty()) {
            let text: String = String::from_utf8_lossy(body)
                .chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect();
            reason.push_str(": ");
            reason.push_str(text.trim());
        }
        self.route_event(
            flight.route,
            RouteEvent::Probe(ProbeResult {
                passed,
                result,
                reason,
            }),
        );
    }

    /// Reports an attempt's end; finishes or reschedules the delivery.
    fn push_attempt_end(&mut self, slot: u32, end: AttemptEnd, body: Option<Bytes>) {
        let entry = &self.entries[slot as usize];
        let route = self.routes[entry.route as usize].key;
        self.events.push_back(Event::Delivery {
            route,
            delivery: entry.key,
            event: delivery::Event::AttemptFinished {
                record: end.record,
                next_attempt_at: end.next,
                counted: end.counted,
                response_body: body,
            },
        });
        if end.outcome.is_some() {
            self.finish(slot);
        } else {
            self.schedule(slot);
        }
    }

    /// Emits a finished delivery's outcome and frees its slot.
    fn finish(&mut self, slot: u32) {
        let entry = &self.entries[slot as usize];
        let route = &self.routes[entry.route as usize];
        let action = route.config.route().policy().failure_action();
        let r = entry.route;
        let key = entry.key;
        if let Some(outcome) = entry.core.summary(action) {
            self.events.push_back(Event::Delivery {
                route: route.key,
                delivery: key,
                event: delivery::Event::Finished(outcome),
            });
            if let OutcomeKind::Failed { reason } = outcome.kind {
                let now = outcome.at;
                self.alert(
                    r,
                    now,
                    AlertReason::DeliveryFailed {
                        delivery: key,
                        reason,
                    },
                );
            }
        }
        let entries = &self.entries;
        self.index.remove(key, |s| entries[s as usize].key);
        self.release_slot(slot);
    }

    fn release_slot(&mut self, slot: u32) {
        let epoch = self.bump();
        let entry = &mut self.entries[slot as usize];
        entry.message = None;
        entry.epoch = epoch;
        let r = entry.route as usize;
        self.routes[r].pending = self.routes[r].pending.saturating_sub(1);
        self.free.push(slot);
    }

    fn free_worker(&mut self, r: u32) {
        let route = &mut self.routes[r as usize];
        route.in_flight = route.in_flight.saturating_sub(1);
        self.requeue_if_ready(r);
    }

    fn requeue_if_ready(&mut self, r: u32) {
        let now = self.clock;
        let route = &mut self.routes[r as usize];
        let has_work = match route.config.batching() {
            None => !route.waiting.is_empty(),
            Some(batching) => {
                !route.retries.is_empty()
                    || route.waiting.len() >= usize::from(batching.max_size())
                    || (!route.waiting.is_empty() && route.flush_at.is_some_and(|t| t <= now))
            }
        };
        if has_work && route.needs_token(now) {
            route.token_pending = true;
            self.token_needed.push_back(r);
            return;
        }
        if !route.queued && has_work && route.can_send(now) {
            route.queued = true;
            self.ready.push_back(r);
        }
    }

    /// Whether `flight`, answered `result`, was refused for a token that went stale: a 401
    /// to a request carrying the route's current token after that token had worked. The
    /// token is dropped on any 401 to it; a token refused on its first use is not retried
    /// for free, so a server refusing every token cannot loop.
    fn stale_token(&mut self, flight: &Flight, result: AttemptResult) -> bool {
        let route = &mut self.routes[flight.route as usize];
        if flight.token_gen == 0 || flight.token_gen != route.token_gen {
            return false;
        }
        if result != AttemptResult::Status(401) {
            route.token_proven = true;
            return false;
        }
        let stale = route.token_proven;
        route.token = None;
        route.token_proven = false;
        stale
    }

    /// Records a transmit to route `r` as in flight until `deadline`; returns its id.
    fn fly(&mut self, r: u32, deadline: Timestamp, members: Members, token_gen: u32) -> TransmitId {
        let id = TransmitId::new(self.next_transmit);
        self.next_transmit += 1;
        self.flights.insert(
            id,
            Flight {
                route: r,
                deadline,
                members,
                token_gen,
            },
        );
        self.deadlines.push(Reverse((deadline, id)));
        id
    }

    /// Sends route `r`'s token request, if its deliveries still wait for one.
    fn send_token(&mut self, r: u32, now: Timestamp) -> Option<Transmit> {
        let slot = &self.routes[r as usize];
        let route_key = slot.key;
        let grant = Arc::clone(slot.config.oauth2()?);
        let request = grant.token_request();
        let deadline = now.saturating_add(slot.config.route().policy().attempt_timeout());
        let id = self.fly(r, deadline, Members::Token, 0);
        Some(Transmit {
            route: route_key,
            deliveries: Vec::new(),
            inner: delivery::Transmit {
                id,
                request,
                deadline,
                guard: grant.token_url().guard().cloned(),
            },
        })
    }

    fn land_token(&mut self, now: Timestamp, flight: Flight, status: u16, body: &[u8]) {
        let r = flight.route;
        let Some(grant) = self.routes[r as usize].config.oauth2().cloned() else {
            return;
        };
        match grant.read_token(status, body, now) {
            Ok(token) => {
                let slot = &mut self.routes[r as usize];
                slot.token = Some(token);
                slot.token_gen = slot.token_gen.wrapping_add(1).max(1);
                slot.token_proven = false;
                slot.token_pending = false;
                self.requeue_if_ready(r);
            }
            Err(error) => self.token_failed(now, r, error),
        }
    }

    fn token_failed(&mut self, now: Timestamp, r: u32, error: TokenError) {
        self.routes[r as usize].token_pending = false;
        let retry_at = now.saturating_add(TOKEN_RETRY);
        self.pause(r, retry_at);
        self.route_event(r, RouteEvent::TokenFailed { error, retry_at });
        self.alert(r, now, AlertReason::TokenFailed);
    }

    fn is_live_timer(&self, timer: Timer) -> bool {
        if timer.slot & BATCH_BIT != 0 {
            let b = (timer.slot & !BATCH_BIT) as usize;
            return self.batches[b]
                .as_ref()
                .is_some_and(|batch| batch.core.due() == Some(timer.due));
        }
        self.is_waiting(Member {
            slot: timer.slot,
            epoch: timer.epoch,
        })
    }

    /// A due delivery of a batched route joins the route's line; the line's oldest sets
    /// when it is flushed.
    fn gather(&mut self, r: u32, member: Member) {
        let due = self.entries[member.slot as usize]
            .core
            .due()
            .unwrap_or(self.clock);
        let route = &mut self.routes[r as usize];
        route.waiting.push_back(member);
        if route.flush_at.is_none()
            && let Some(batching) = route.config.batching()
        {
            let at = due.saturating_add(batching.window());
            route.flush_at = Some(at);
            self.route_timers.push(Reverse((at, r)));
        }
        self.requeue_if_ready(r);
    }

    /// Sends what a batched route has ready: batches due for a retry first, then a new batch
    /// when enough messages wait or the oldest has waited the window.
    fn send_batches(&mut self, r: u32, batching: Batching, now: Timestamp) -> Option<Transmit> {
        while self.routes[r as usize].can_send(now) {
            if let Some(b) = self.routes[r as usize].retries.pop_front() {
                if self.batches[b as usize]
                    .as_ref()
                    .is_some_and(|batch| batch.core.due().is_some())
                    && let Some(transmit) = self.send_batch(b, now)
                {
                    self.requeue_if_ready(r);
                    return Some(transmit);
                }
                continue;
            }
            let route = &self.routes[r as usize];
            let full = route.waiting.len() >= usize::from(batching.max_size());
            let late = route.flush_at.is_some_and(|t| t <= now);
            if route.waiting.is_empty() || !(full || late) {
                return None;
            }
            let Some(b) = self.form_batch(r, batching, now) else {
                continue;
            };
            if let Some(transmit) = self.send_batch(b, now) {
                self.requeue_if_ready(r);
                return Some(transmit);
            }
        }
        None
    }

    /// Takes up to a batch of live messages from the front of route `r`'s line and joins
    /// their bodies; the line's new oldest sets the next flush.
    fn form_batch(&mut self, r: u32, batching: Batching, now: Timestamp) -> Option<u32> {
        let mut members = Vec::with_capacity(usize::from(batching.max_size()));
        let mut payloads = Vec::with_capacity(usize::from(batching.max_size()));
        while members.len() < usize::from(batching.max_size()) {
            let Some(member) = self.routes[r as usize].waiting.pop_front() else {
                break;
            };
            if !self.is_waiting(member) {
                continue;
            }
            if let Some(message) = self.entries[member.slot as usize].message.as_ref() {
                payloads.push(message.payload().clone());
                members.push(member);
            }
        }
        // The next flush: the new oldest's due time plus the window.
        let next_oldest = self.routes[r as usize]
            .waiting
            .iter()
            .copied()
            .find(|m| self.is_waiting(*m))
            .and_then(|m| self.entries[m.slot as usize].core.due());
        let flush_at = next_oldest.map(|due| due.saturating_add(batching.window()));
        self.routes[r as usize].flush_at = flush_at;
        if let Some(at) = flush_at {
            self.route_timers.push(Reverse((at, r)));
        }
        let first = *members.first()?;
        let payload = match batching.format().join(&payloads) {
            Some(payload) => payload,
            None => {
                // Bodies that cannot be joined go one by one: the first now, the rest back
                // to the front of the line, in order.
                for member in members.drain(1..).rev() {
                    self.routes[r as usize].waiting.push_front(member);
                }
                payloads.swap_remove(0)
            }
        };
        let first_id = self.entries[first.slot as usize]
            .message
            .as_ref()
            .map(|m| m.id().as_str().to_owned())
            .unwrap_or_default();
        let mut text = format!("batch_{first_id}");
        text.truncate(MAX_MESSAGE_ID_LEN);
        let id = MessageId::new(text).ok()?;
        let mut joined = Vec::with_capacity(members.len());
        for member in members {
            let epoch = self.bump();
            self.entries[member.slot as usize].epoch = epoch;
            joined.push(Member {
                slot: member.slot,
                epoch,
            });
        }
        let batch = Batch {
            id,
            payload,
            members: joined,
            core: DeliveryCore::new(now),
            route: r,
        };
        let b = match self.free_batches.pop() {
            Some(b) => {
                self.batches[b as usize] = Some(batch);
                b
            }
            None => {
                self.batches.push(Some(batch));
                u32::try_from(self.batches.len() - 1).unwrap_or(u32::MAX)
            }
        };
        Some(b)
    }

    /// One attempt of a batch: the same bytes under the same id every time.
    fn send_batch(&mut self, b: u32, now: Timestamp) -> Option<Transmit> {
        let batch = self.batches[b as usize].as_ref()?;
        let r = batch.route;
        let route_slot = &self.routes[r as usize];
        let route = Arc::clone(route_slot.config.route());
        let route_key = route_slot.key;
        let request = match build_request(&route, &batch.id, &batch.payload, now) {
            Ok(request) => request,
            Err(err) => {
                let reason = FailureReason::unsignable(&err);
                self.fail_batch(b, now, OutcomeKind::Failed { reason });
                return None;
            }
        };
        let mut request = request;
        let token_gen = apply_token(&self.routes[r as usize], &mut request);
        let deadline = now.saturating_add(route.policy().attempt_timeout());
        let id = self.fly(r, deadline, Members::Batch(b), token_gen);
        let members = self.batches[b as usize]
            .as_mut()
            .map(|batch| {
                batch.core.start(now);
                batch.members.clone()
            })
            .unwrap_or_default();
        let mut deliveries = Vec::with_capacity(members.len());
        for member in members {
            if !self.is_live(member) || self.entries[member.slot as usize].core.due().is_none() {
                continue;
            }
            let entry = &mut self.entries[member.slot as usize];
            let attempt = entry.core.start(now);
            deliveries.push(entry.key);
            let key = entry.key;
            self.events.push_back(Event::Delivery {
                route: route_key,
                delivery: key,
                event: delivery::Event::AttemptStarted {
                    attempt,
                    transmit: id,
                    at: now,
                },
            });
        }
        self.routes[r as usize].in_flight += 1;
        Some(Transmit {
            route: route_key,
            deliveries,
            inner: delivery::Transmit {
                id,
                request,
                deadline,
                guard: route.endpoint().guard().cloned(),
            },
        })
    }

    /// A batch's attempt ended as `end` (decided by the batch's own core): every member
    /// still there takes the same result; the batch is retried or freed.
    fn land_batch(&mut self, b: u32, now: Timestamp, end: AttemptEnd, body: Option<Bytes>) {
        let Some(batch) = self.batches[b as usize].as_ref() else {
            return;
        };
        let members = batch.members.clone();
        for member in members {
            if !self.is_in_flight(member) {
                continue;
            }
            let followed = self.entries[member.slot as usize].core.follow(now, &end);
            let entry = &self.entries[member.slot as usize];
            let route = self.routes[entry.route as usize].key;
            self.events.push_back(Event::Delivery {
                route,
                delivery: entry.key,
                event: delivery::Event::AttemptFinished {
                    record: followed.record,
                    next_attempt_at: followed.next,
                    counted: followed.counted,
                    response_body: body.clone(),
                },
            });
            if followed.outcome.is_some() {
                self.finish(member.slot);
            }
        }
        match end.next {
            Some(due) if end.outcome.is_none() => {
                let epoch = self.bump();
                self.timers.push(Reverse(Timer {
                    due,
                    epoch,
                    slot: b | BATCH_BIT,
                }));
            }
            _ => {
                self.batches[b as usize] = None;
                self.free_batches.push(b);
            }
        }
    }

    /// Ends every member of a batch that could not be sent, and frees the batch.
    fn fail_batch(&mut self, b: u32, now: Timestamp, kind: OutcomeKind) {
        let Some(batch) = self.batches[b as usize].take() else {
            return;
        };
        self.free_batches.push(b);
        for member in batch.members {
            if self.is_live(member) && !self.entries[member.slot as usize].core.is_finished() {
                self.entries[member.slot as usize].core.end(now, kind);
                self.finish(member.slot);
            }
        }
    }
}

impl RouteSlot {
    fn can_send(&self, now: Timestamp) -> bool {
        self.enabled
            && !self.job_failed
            && self.paused_until.is_none_or(|until| until <= now)
            && self.in_flight < self.config.workers()
            && (self.config.oauth2().is_none()
                || self.token.as_ref().is_some_and(|token| token.is_fresh(now)))
    }

    /// Whether the route's deliveries wait for a token that is not being fetched.
    fn needs_token(&self, now: Timestamp) -> bool {
        self.config.oauth2().is_some()
            && !self.token_pending
            && !self.token.as_ref().is_some_and(|token| token.is_fresh(now))
            && self.enabled
            && !self.job_failed
            && self.paused_until.is_none_or(|until| until <= now)
    }
}

/// Puts the route's token in `request` — where a `{token}` placeholder stands in a header
/// or the query, else in `Authorization: Bearer` — and returns the token's generation (0 for
/// a route without OAuth 2.0).
fn apply_token(route: &RouteSlot, request: &mut http::Request<Bytes>) -> u32 {
    let Some(token) = route
        .token
        .as_ref()
        .filter(|_| route.config.oauth2().is_some())
    else {
        return 0;
    };
    let secret = token.secret();
    let mut placed = false;
    for value in request.headers_mut().values_mut() {
        let Ok(text) = value.to_str() else {
            continue;
        };
        if text.contains(TOKEN_PLACEHOLDER) {
            // Tokens are checked to be visible ASCII, so the header value stays valid.
            if let Ok(mut filled) =
                http::HeaderValue::from_str(&text.replace(TOKEN_PLACEHOLDER, secret))
            {
                filled.set_sensitive(true);
                *value = filled;
                placed = true;
            }
        }
    }
    let uri = request.uri().to_string();
    if uri.contains(TOKEN_PLACEHOLDER) || uri.contains(ENCODED_PLACEHOLDER) {
        let encoded: String = url::form_urlencoded::byte_serialize(secret.as_bytes()).collect();
        let filled = uri
            .replace(TOKEN_PLACEHOLDER, &encoded)
            .replace(ENCODED_PLACEHOLDER, &encoded);
        if let Ok(filled) = filled.parse() {
            *request.uri_mut() = filled;
            placed = true;
        }
    }
    if !placed && let Ok(mut bearer) = http::HeaderValue::from_str(&format!("Bearer {secret}")) {
        bearer.set_sensitive(true);
        request
            .headers_mut()
            .insert(http::header::AUTHORIZATION, bearer);
    }
    route.token_gen
}

/// Lytics: "Use `{token}` as placeholder for access token."
const TOKEN_PLACEHOLDER: &str = "{token}";
/// The placeholder as a query parameter's value is written in the request target.
const ENCODED_PLACEHOLDER: &str = "%7Btoken%7D";
/// How long after a refused token request the token is asked for again.
const TOKEN_RETRY: std::time::Duration = std::time::Duration::from_secs(60);

/// How many bytes of a probe's answer its result quotes.
const PROBE_BODY_LIMIT: usize = 200;

impl fmt::Debug for Dispatcher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Counts, not contents: a dispatcher may hold a million deliveries.
        f.debug_struct("Dispatcher")
            .field("clock", &self.clock)
            .field("routes", &self.routes.len())
            .field("deliveries", &self.index.len())
            .field("in_flight", &self.flights.len())
            .field("events", &self.events.len())
            .finish_non_exhaustive()
    }
}
