//! The dispatcher at scale: 1,000,000 pending deliveries across 10,000 routes, answered by an
//! always-200 scripted receiver.
//!
//! ```text
//! cargo bench --bench dispatch
//! ```
//!
//! Measured (each the best of a few rounds, on one core; see `BENCHMARKS.md`):
//!
//! - **state per pending delivery**: bytes allocated by the dispatcher for 1,000,000
//!   enqueued deliveries (capacity, counted by a counting allocator), the messages' own
//!   allocations (body and id) excluded; again once every delivery fell due and the ones
//!   beyond the worker slots moved to their routes' waiting lines;
//! - **enqueue**: 1,000,000 enqueues, beside the reference — the same records pushed onto a
//!   plain `Vec` and their due times onto a `BinaryHeap`;
//! - **attempt cycle**: draining all 1,000,000 deliveries (`poll_transmit`,
//!   `handle_response` 200, the events) without signing, as transitions per second (two per
//!   delivery: sent, delivered) and time per cycle; then the same with Standard Webhooks
//!   signing, on 100,000;
//! - **save/restore of one delivery**: `take` + JSON + `restore`, beside serde_json on a
//!   plain struct of the same fields.

#![allow(clippy::disallowed_methods)] // a benchmark reads the clock

#[path = "support/interleaved.rs"]
mod interleaved;

use std::alloc::{GlobalAlloc, Layout, System};
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::hint::black_box;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use hookwire::delivery::{Message, Route};
use hookwire::dispatch::{DeliveryKey, Dispatcher, RouteConfig, RouteKey, SavedDelivery};
use hookwire::http::Response;
use hookwire::retry::RetryPolicy;
use hookwire::{Endpoint, Keyring, MessageId, Payload, Scheme, Secret, Signer, Timestamp};

/// Counts the bytes live on the heap: what the dispatcher's structures really hold
/// (capacity, not length).
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call forwards to the system allocator with the caller's own arguments; the
// counter is only arithmetic on the sizes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size(), Ordering::Relaxed);
        // SAFETY: the caller upholds `alloc`'s contract, which is `System.alloc`'s.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: `ptr` came from `alloc` above with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(new_size, Ordering::Relaxed);
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: the caller upholds `realloc`'s contract, which is `System.realloc`'s.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn live() -> usize {
    LIVE.load(Ordering::Relaxed)
}

const DELIVERIES: u64 = 1_000_000;
const ROUTES: u64 = 10_000;
const START: Timestamp = Timestamp::from_unix_secs(1_700_000_000);

fn route(n: u64, signer: Option<&Signer>) -> RouteConfig {
    let endpoint = Endpoint::builder(format!("https://hooks{n}.example.com/in"))
        .build()
        .unwrap();
    let mut route = Route::new(endpoint).with_policy(RetryPolicy::exponential());
    if let Some(signer) = signer {
        route = route.with_signer(signer.clone());
    }
    RouteConfig::new(route)
}

fn messages(count: u64) -> Vec<Arc<Message>> {
    (0..count)
        .map(|n| {
            Arc::new(Message::new(
                MessageId::new(format!("msg_{n:08}")).unwrap(),
                Payload::json(r#"{"event":"email_opened"}"#),
            ))
        })
        .collect()
}

fn dispatcher(routes: u64, signer: Option<&Signer>) -> Dispatcher {
    let mut dispatcher = Dispatcher::new(START);
    for r in 0..routes {
        dispatcher
            .add_route(RouteKey::new(r), route(r, signer))
            .unwrap();
    }
    dispatcher
}

fn enqueue_all(dispatcher: &mut Dispatcher, messages: &[Arc<Message>], routes: u64) {
    for (n, message) in messages.iter().enumerate() {
        let n = n as u64;
        dispatcher
            .enqueue(
                START,
                RouteKey::new(n % routes),
                DeliveryKey::new(n),
                message.clone(),
            )
            .unwrap();
    }
}

/// Sends, answers 200 and drains until nothing is left; returns the transmits made.
fn drain(dispatcher: &mut Dispatcher) -> u64 {
    let ok = Response::new(());
    let mut sent = Vec::with_capacity(1 << 16);
    let mut transmits = 0;
    while !dispatcher.is_empty() {
        while let Some(transmit) = dispatcher.poll_transmit(START) {
            sent.push(transmit.id());
            drop(black_box(transmit));
        }
        transmits += sent.len() as u64;
        for id in sent.drain(..) {
            dispatcher.handle_response(START, id, &ok).unwrap();
        }
        while let Some(event) = dispatcher.poll_event() {
            black_box(event);
        }
    }
    transmits
}

fn best<T>(rounds: usize, mut run: impl FnMut() -> T) -> (Duration, T) {
    let mut best = Duration::MAX;
    let mut last = None;
    for _ in 0..rounds {
        let start = Instant::now();
        let out = run();
        best = best.min(start.elapsed());
        last = Some(out);
    }
    (best, last.unwrap())
}

fn main() {
    // Anything after `--bench` (a filter from cargo) is ignored: this bench is one table.
    let messages = messages(DELIVERIES);

    // State per pending delivery.
    let before = live();
    let mut d = dispatcher(ROUTES, None);
    let routes_bytes = live() - before;
    let before = live();
    enqueue_all(&mut d, &messages, ROUTES);
    let enqueued = live() - before;
    // Every delivery falls due: the first five per route go out, the rest wait in line.
    let mut held = Vec::new();
    while let Some(transmit) = d.poll_transmit(START) {
        held.push(transmit.id());
    }
    let waiting = live() - before;
    let per = |bytes: usize| bytes as f64 / DELIVERIES as f64;
    println!("state, 1,000,000 pending deliveries across 10,000 routes (allocated capacity):");
    println!(
        "  routes (10,000 configs)                {:>12} bytes",
        routes_bytes
    );
    println!(
        "  enqueued                               {:>12} bytes = {:>6.1} per delivery",
        enqueued,
        per(enqueued)
    );
    println!(
        "  all due, 50,000 in flight, rest waiting {:>11} bytes = {:>6.1} per delivery (transmits' requests included)",
        waiting,
        per(waiting)
    );
    drop(held);
    drop(d);

    // Enqueue, beside a plain Vec + BinaryHeap doing the same bookkeeping.
    let (dispatch_enqueue, _) = best(3, || {
        let mut d = dispatcher(ROUTES, None);
        enqueue_all(&mut d, &messages, ROUTES);
        d
    });
    let (reference_enqueue, _) = best(3, || {
        let mut records: Vec<(u64, Arc<Message>, u32, Timestamp)> = Vec::new();
        let mut heap = BinaryHeap::new();
        for (n, message) in messages.iter().enumerate() {
            records.push((n as u64, message.clone(), (n as u64 % ROUTES) as u32, START));
            heap.push(Reverse((START, n as u32)));
        }
        (records, heap)
    });
    let routes_only = best(3, || dispatcher(ROUTES, None)).0;
    let dispatch_enqueue = dispatch_enqueue.saturating_sub(routes_only);
    println!("\nenqueue 1,000,000:");
    println!(
        "  dispatcher                 {:>9.1} ms  {:>6.1} ns each  {:>5.1} M/s",
        ms(dispatch_enqueue),
        ns(dispatch_enqueue, DELIVERIES),
        rate(dispatch_enqueue, DELIVERIES)
    );
    println!(
        "  reference Vec + BinaryHeap {:>9.1} ms  {:>6.1} ns each  {:>5.1} M/s   ratio {:.2}",
        ms(reference_enqueue),
        ns(reference_enqueue, DELIVERIES),
        rate(reference_enqueue, DELIVERIES),
        reference_enqueue.as_secs_f64() / dispatch_enqueue.as_secs_f64()
    );

    // The full attempt cycle, unsigned.
    let mut cycle = Duration::MAX;
    for _ in 0..3 {
        let mut d = dispatcher(ROUTES, None);
        enqueue_all(&mut d, &messages, ROUTES);
        let start = Instant::now();
        let transmits = drain(&mut d);
        cycle = cycle.min(start.elapsed());
        assert_eq!(transmits, DELIVERIES);
    }
    println!(
        "\nattempt cycle (poll_transmit, handle_response 200, 3 events), 1,000,000 deliveries:"
    );
    println!(
        "  unsigned  {:>8.1} ms  {:>6.0} ns per cycle  {:>5.2} M transitions/s",
        ms(cycle),
        ns(cycle, DELIVERIES),
        rate(cycle, 2 * DELIVERIES)
    );

    // The same, signed (Standard Webhooks), on 100,000.
    let signer = Signer::new(
        Scheme::StandardWebhooks,
        Keyring::new().with(Secret::from_bytes([7u8; 32]).unwrap()),
    )
    .unwrap();
    let few = &messages[..100_000];
    let mut signed = Duration::MAX;
    for _ in 0..3 {
        let mut d = dispatcher(1_000, Some(&signer));
        enqueue_all(&mut d, few, 1_000);
        let start = Instant::now();
        drain(&mut d);
        signed = signed.min(start.elapsed());
    }
    println!(
        "  signed    {:>8.1} ms  {:>6.0} ns per cycle  (100,000 deliveries, 1,000 routes)",
        ms(signed),
        ns(signed, 100_000)
    );

    // Save/restore of one delivery, beside serde_json on a plain struct.
    let mut d = dispatcher(1, None);
    let message = messages[0].clone();
    let key = DeliveryKey::new(1);
    d.enqueue(START, RouteKey::new(0), key, message.clone())
        .unwrap();
    let plain = Plain {
        route: 0,
        due: START.unix_millis(),
        attempts: 2,
    };
    let times = interleaved::best_of_rounds(
        20,
        20_000,
        &mut [
            &mut || {
                let saved = d.take(key).unwrap();
                let json = serde_json::to_vec(&saved).unwrap();
                let back: SavedDelivery = serde_json::from_slice(&json).unwrap();
                d.restore(START, key, back, message.clone()).unwrap();
            },
            &mut || {
                let json = serde_json::to_vec(black_box(&plain)).unwrap();
                black_box(serde_json::from_slice::<Plain>(&json).unwrap());
            },
        ],
    );
    println!("\nsave/restore of one delivery (take, JSON both ways, restore):");
    println!("  dispatcher                {:>7.0} ns", times[0]);
    println!(
        "  reference serde_json only {:>7.0} ns   ratio {:.2}",
        times[1],
        times[1] / times[0]
    );
    let json = serde_json::to_string(&d.save(key).unwrap()).unwrap();
    println!("  saved form: {json} ({} bytes)", json.len());
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Plain {
    route: u64,
    due: i64,
    attempts: u32,
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn ns(d: Duration, n: u64) -> f64 {
    d.as_secs_f64() * 1e9 / n as f64
}

fn rate(d: Duration, n: u64) -> f64 {
    n as f64 / d.as_secs_f64() / 1e6
}
