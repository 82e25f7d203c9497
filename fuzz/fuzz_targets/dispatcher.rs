//! Arbitrary call sequences on a `Dispatcher` with every route rule switched on — worker
//! slots, batches, endpoint and job health, alerts, probes, OAuth 2.0 tokens — including
//! times going backwards, unknown ids, stale answers, arbitrary bodies and saved states:
//! never a panic, and no delivery ends twice.
#![no_main]

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use hookwire::auth::ClientCredentials;
use hookwire::delivery::{Message, Route, TransmitId, TransportFailure};
use hookwire::dispatch::{
    Alerts, DeliveryKey, Dispatcher, EndpointHealth, RouteConfig, RouteKey, SavedDelivery,
};
use hookwire::http::Response;
use hookwire::{Endpoint, MessageId, Payload, Timestamp, presets};
use libfuzzer_sys::fuzz_target;

const START: Timestamp = Timestamp::from_unix_secs(1_700_000_000);

fn routes() -> Vec<RouteConfig> {
    let endpoint = |n: u32| {
        Endpoint::builder(format!("https://hooks{n}.example.com/in?auth={{token}}"))
            .build()
            .unwrap()
    };
    let plain = RouteConfig::new(Route::new(endpoint(0)))
        .with_workers(2)
        .unwrap();
    let lytics = presets::lytics::route_config(
        Route::new(endpoint(1)).with_policy(presets::lytics::retry_policy()),
        Some(3),
    )
    .unwrap()
    .with_batching(presets::lytics::batching(Some(3), false).unwrap());
    let netcore = presets::netcore::route_config(
        Route::new(endpoint(2)).with_policy(presets::netcore::retry_policy()),
        Some(Alerts::new(["ops@example.com"], Duration::from_secs(600)).unwrap()),
    )
    .with_health(EndpointHealth::disable_after_server_errors(2).and_on_gone());
    let grant = ClientCredentials::new(
        Endpoint::builder("https://as.example.com/token").build().unwrap(),
        "id",
        "secret",
    );
    let oauth = RouteConfig::new(
        Route::new(endpoint(3)).with_policy(presets::standard_webhooks::retry_policy()),
    )
    .with_oauth2(grant);
    vec![plain, lytics, netcore, oauth]
}

const STATUSES: [u16; 12] = [200, 201, 204, 301, 400, 401, 404, 410, 429, 500, 503, 504];

struct Bytes<'a>(&'a [u8]);

impl Bytes<'_> {
    fn next(&mut self) -> Option<u8> {
        let (first, rest) = self.0.split_first()?;
        self.0 = rest;
        Some(*first)
    }
    fn take(&mut self, n: usize) -> &[u8] {
        let n = n.min(self.0.len());
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        head
    }
}

fuzz_target!(|data: &[u8]| {
    let mut input = Bytes(data);
    let mut now = START;
    let mut dispatcher = Dispatcher::new(now);
    for (r, config) in routes().into_iter().enumerate() {
        dispatcher.add_route(RouteKey::new(r as u64), config).unwrap();
    }
    let message = |n: u8| {
        Arc::new(Message::new(
            MessageId::new(format!("m{n}")).unwrap(),
            Payload::json(format!(r#"{{"n":{n}}}"#)),
        ))
    };
    let mut in_flight: Vec<TransmitId> = Vec::new();
    let mut ended = BTreeSet::new();
    // (`ended` only grows; the assertion below is what matters.)
    while let Some(op) = input.next() {
        let arg = input.next().unwrap_or(0);
        match op % 13 {
            0 => {
                let key = DeliveryKey::new(u64::from(arg));
                let _ = dispatcher.enqueue(now, RouteKey::new(u64::from(arg % 5)), key, message(arg));
            }
            1 => {
                let _ = dispatcher.cancel(now, DeliveryKey::new(u64::from(arg)));
            }
            2 => {
                while let Some(transmit) = dispatcher.poll_transmit(now) {
                    in_flight.push(transmit.id());
                }
            }
            3 | 4 if !in_flight.is_empty() => {
                let id = in_flight.swap_remove(usize::from(arg) % in_flight.len());
                let status = STATUSES[usize::from(input.next().unwrap_or(0)) % STATUSES.len()];
                let body_len = usize::from(input.next().unwrap_or(0) % 64);
                let body = if op % 13 == 4 {
                    br#"{"access_token":"tok","token_type":"bearer","expires_in":90}"#.to_vec()
                } else {
                    input.take(body_len).to_vec()
                };
                let mut response = Response::builder().status(status);
                if arg % 3 == 0 {
                    response = response.header("retry-after", format!("{}", arg));
                }
                let response = response.body(body).unwrap();
                let _ = dispatcher.handle_response(now, id, &response);
            }
            5 if !in_flight.is_empty() => {
                let id = in_flight.swap_remove(usize::from(arg) % in_flight.len());
                let failure = [TransportFailure::Connect, TransportFailure::TimedOut, TransportFailure::Denied]
                    [usize::from(arg) % 3];
                let _ = dispatcher.handle_transport_error(now, id, failure);
            }
            6 if !in_flight.is_empty() => {
                let id = in_flight.swap_remove(usize::from(arg) % in_flight.len());
                let _ = dispatcher.abandon(now, id);
            }
            7 => {
                now = now.saturating_add(Duration::from_millis(u64::from(arg) * 997));
                let _ = dispatcher.handle_timeout(now);
            }
            8 => {
                // A time going backwards, or an id never made: errors, not panics.
                let earlier = now.saturating_sub(Duration::from_millis(u64::from(arg)));
                let _ = dispatcher.handle_timeout(earlier);
                let _ = dispatcher.handle_response(now, TransmitId::new(u64::from(arg) << 20), &Response::new(()));
                let _ = dispatcher.poll_transmit(earlier);
            }
            9 => {
                let key = DeliveryKey::new(u64::from(arg));
                if let Ok(saved) = dispatcher.take(key) {
                    let _ = dispatcher.restore(now, key, saved, message(arg));
                }
            }
            10 => {
                let route = RouteKey::new(u64::from(arg % 4));
                let _ = if arg & 4 == 0 {
                    dispatcher.disable_route(now, route)
                } else {
                    dispatcher.enable_route(now, route)
                };
            }
            11 => {
                let _ = dispatcher.probe(now, RouteKey::new(u64::from(arg % 4)), message(arg));
            }
            12 => {
                // A saved state from anywhere.
                let len = usize::from(arg % 96);
                let text = input.take(len).to_vec();
                if let Ok(saved) = serde_json::from_slice::<SavedDelivery>(&text) {
                    let _ = dispatcher.restore(now, DeliveryKey::new(1_000 + u64::from(arg)), saved, message(arg));
                }
            }
            _ => {}
        }
        let _ = dispatcher.poll_timeout();
        while let Some(event) = dispatcher.poll_event() {
            if event.is_terminal() {
                let key = event.delivery().unwrap();
                // A key may be enqueued again after it ended; it must not end twice while
                // it is one delivery.
                assert!(dispatcher.delivery(key).is_none(), "{key} ended but is pending");
                ended.insert(key);
            }
        }
    }
});
