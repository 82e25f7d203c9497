//! The delivery state machine's own cost, next to the floor every transmit pays anyway.
//!
//! ```text
//! cargo bench --bench delivery
//! ```
//!
//! - `floor_build_request`: building the `http::Request` a transmit carries (endpoint
//!   headers, URL, payload headers) — the work no state machine can avoid.
//! - `attempt_cycle`: one full cycle without signing — `poll_transmit`, `handle_response`
//!   (a 503), draining `poll_event`, `poll_timeout`.
//! - `state_json_round_trip` / `state_clone`: saving and restoring a delivery's state with
//!   serde_json after two failed attempts, next to a plain in-memory copy.
//!
//! The run ends with the ratios and the state's sizes (see `BENCHMARKS.md`).

#[path = "support/ratios.rs"]
mod ratios;

use std::hint::black_box;
use std::time::Duration;

use criterion::{BatchSize, Criterion};
use std::sync::Arc;

use hookwire::delivery::{Delivery, DeliveryCore, DeliveryState, Message, Route};
use hookwire::http::{Response, StatusCode};
use hookwire::retry::{RetryPolicy, Schedule};
use hookwire::{Endpoint, MessageId, Payload, Timestamp};

const GROUP: &str = "delivery";

fn route() -> Route {
    let endpoint = Endpoint::builder("https://hooks.example.com/journeys/in?source=hookwire")
        .header("X-Team", "growth")
        .build()
        .unwrap();
    let policy = RetryPolicy::new(Schedule::fixed([Duration::ZERO]).unwrap())
        .with_max_attempts(u32::MAX)
        .unwrap();
    Route::new(endpoint).with_policy(policy)
}

fn message() -> Message {
    Message::new(
        MessageId::new("msg_p5jXN8AQM9LWM0D4loKWxJek").unwrap(),
        Payload::json(r#"{"event":"cart_abandoned","email":"ada@example.com"}"#),
    )
}

/// A state after two failed attempts and a pending third, as a host would store it.
fn typical_state() -> DeliveryState {
    let route = Route::new(
        Endpoint::builder("https://hooks.example.com/in")
            .build()
            .unwrap(),
    )
    .with_policy(hookwire::presets::standard_webhooks::retry_policy());
    let mut delivery = Delivery::new(route, message(), Timestamp::from_unix_secs(1_700_000_000));
    let mut replies = [503u16, 500].into_iter();
    // Driven by hand (not `simulate`) to stop half-way: the third attempt stays pending.
    let mut done = 0;
    let mut now = Timestamp::from_unix_secs(1_700_000_000);
    while done < 2 {
        if let Some(t) = delivery.poll_transmit(now) {
            let mut response = Response::new(());
            *response.status_mut() = StatusCode::from_u16(replies.next().unwrap()).unwrap();
            delivery.handle_response(now, t.id(), &response).unwrap();
            done += 1;
        }
        while delivery.poll_event().is_some() {}
        now = delivery.poll_timeout().unwrap();
    }
    delivery.state()
}

fn bench(c: &mut Criterion) {
    let route = Arc::new(route());
    let message = Arc::new(message());
    let now = Timestamp::from_unix_secs(1_700_000_000);
    let failed = Response::builder().status(503).body(()).unwrap();

    let mut group = c.benchmark_group(GROUP);
    group.warm_up_time(Duration::from_millis(500));
    group.measurement_time(Duration::from_secs(2));

    group.bench_function("floor_build_request", |b| {
        b.iter(|| {
            let mut request = route.endpoint().request(message.payload().body().clone());
            message.payload().apply_to(request.headers_mut());
            request
        })
    });
    group.bench_function("attempt_cycle", |b| {
        b.iter_batched(
            || Delivery::new(route.clone(), message.clone(), now),
            |mut delivery| {
                let transmit = delivery.poll_transmit(black_box(now)).unwrap();
                delivery
                    .handle_response(now, transmit.id(), black_box(&failed))
                    .unwrap();
                while let Some(event) = delivery.poll_event() {
                    black_box(event);
                }
                black_box(delivery.poll_timeout());
                (delivery, transmit)
            },
            BatchSize::SmallInput,
        )
    });

    let state = typical_state();
    group.bench_function("state_clone", |b| b.iter(|| *black_box(&state)));
    group.bench_function("state_json_round_trip", |b| {
        b.iter(|| {
            let json = serde_json::to_vec(black_box(&state)).unwrap();
            serde_json::from_slice::<DeliveryState>(&json).unwrap()
        })
    });
    group.finish();
}

fn main() {
    let mut criterion = Criterion::default().configure_from_args();
    bench(&mut criterion);
    criterion.final_summary();

    ratios::print_table(
        "time ratio = reference time / measured time (below 1: slower than the reference)",
        &[(GROUP, 0)],
        &[
            ("attempt_cycle", "floor_build_request"),
            ("state_json_round_trip", "state_clone"),
        ],
    );
    let state = typical_state();
    let json = serde_json::to_vec(&state).unwrap();
    println!("\nstate sizes (two failed attempts, third pending):");
    println!(
        "  size_of::<DeliveryCore>()         {:>5} bytes",
        size_of::<DeliveryCore>()
    );
    println!(
        "  size_of::<DeliveryState>()        {:>5} bytes (no heap: no log, no events)",
        size_of::<DeliveryState>()
    );
    println!(
        "  serialized as JSON                {:>5} bytes",
        json.len()
    );
    println!(
        "  size_of::<Delivery>()             {:>5} bytes (route and message shared behind Arcs)",
        size_of::<Delivery>()
    );
}
