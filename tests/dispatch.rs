//! The dispatcher on the virtual-clock harness (`dispatch::simulate`) against scripted
//! receivers: worker slots, waiting lines in order, disabled routes that lose nothing,
//! released attempts, save and restore — and a property: whatever the host does, every
//! delivery ends exactly once, or waits behind a disabled route.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::Duration;

use hookwire::delivery::{
    self, ApiMisuse, AttemptResult, Message, OutcomeKind, Reply, Route, TransmitId,
    TransportFailure,
};
use hookwire::dispatch::{
    Answer, DeliveryKey, Dispatcher, Event, RouteConfig, RouteEvent, RouteKey, Seen, simulate,
};
use hookwire::http::Response;
use hookwire::retry::RetryPolicy;
use hookwire::{Endpoint, MessageId, Payload, Timestamp, presets};
use proptest::prelude::*;

const START: Timestamp = Timestamp::from_unix_secs(1_700_000_000);

fn route(n: u64, policy: RetryPolicy) -> Route {
    Route::new(
        Endpoint::builder(format!("https://hooks{n}.example.com/in"))
            .build()
            .unwrap(),
    )
    .with_policy(policy)
}

fn message(n: u64) -> Arc<Message> {
    Arc::new(Message::new(
        MessageId::new(format!("msg_{n}")).unwrap(),
        Payload::json(format!(r#"{{"n":{n}}}"#)),
    ))
}

fn later(ms: u64) -> Timestamp {
    START.saturating_add(Duration::from_millis(ms))
}

/// The outcomes by delivery, in the order they came; panics on a second outcome.
fn outcomes(seen: &[Seen]) -> BTreeMap<DeliveryKey, OutcomeKind> {
    let mut done = BTreeMap::new();
    for item in seen {
        if let Seen::Event {
            event:
                Event::Delivery {
                    delivery,
                    event: delivery::Event::Finished(outcome),
                    ..
                },
            ..
        } = item
        {
            assert!(
                done.insert(*delivery, outcome.kind).is_none(),
                "{delivery} ended twice"
            );
        }
    }
    done
}

fn transmits(seen: &[Seen]) -> Vec<(Timestamp, RouteKey, Vec<DeliveryKey>)> {
    seen.iter()
        .filter_map(|item| match item {
            Seen::Transmit {
                at,
                route,
                deliveries,
                ..
            } => Some((*at, *route, deliveries.clone())),
            _ => None,
        })
        .collect()
}

#[test]
fn worker_slots_are_never_exceeded_and_the_waiting_go_in_order() {
    let mut dispatcher = Dispatcher::new(START);
    for r in 0..3 {
        let config = RouteConfig::new(route(r, RetryPolicy::exponential()))
            .with_workers(2)
            .unwrap();
        dispatcher.add_route(RouteKey::new(r), config).unwrap();
    }
    for n in 0..30 {
        dispatcher
            .enqueue(START, RouteKey::new(n % 3), DeliveryKey::new(n), message(n))
            .unwrap();
    }
    let run = simulate(&mut dispatcher, later(60_000), |_| {
        Answer::after(Duration::from_millis(10), Reply::status(200))
    });
    assert!(
        run.max_in_flight.values().all(|&peak| peak == 2),
        "{:?}",
        run.max_in_flight
    );
    let done = outcomes(&run.seen);
    assert_eq!(done.len(), 30);
    assert!(
        done.values()
            .all(|k| *k == OutcomeKind::Delivered { status: 200 })
    );
    // Each route sends its deliveries in the order they were enqueued, two per 10 ms.
    for r in 0..3 {
        let sent: Vec<u64> = transmits(&run.seen)
            .into_iter()
            .filter(|(_, route, _)| *route == RouteKey::new(r))
            .map(|(_, _, keys)| keys[0].get())
            .collect();
        let expected: Vec<u64> = (0..30).filter(|n| n % 3 == r).collect();
        assert_eq!(sent, expected);
    }
    assert_eq!(run.ended_at, later(50));
}

#[test]
fn a_disabled_route_holds_everything_until_enabled() {
    let mut dispatcher = Dispatcher::new(START);
    let config = RouteConfig::new(route(0, presets::netcore::retry_policy()));
    dispatcher.add_route(RouteKey::new(0), config).unwrap();
    for n in 0..8 {
        dispatcher
            .enqueue(START, RouteKey::new(0), DeliveryKey::new(n), message(n))
            .unwrap();
    }
    dispatcher.disable_route(START, RouteKey::new(0)).unwrap();
    let run = simulate(&mut dispatcher, later(3_600_000), |_| {
        Answer::after(Duration::ZERO, Reply::status(200))
    });
    assert!(
        transmits(&run.seen).is_empty(),
        "nothing sent while disabled"
    );
    assert_eq!(dispatcher.len(), 8, "nothing dropped");
    assert_eq!(
        dispatcher.poll_timeout(),
        None,
        "held deliveries do not spin"
    );

    dispatcher
        .enable_route(later(10), RouteKey::new(0))
        .unwrap();
    let run = simulate(&mut dispatcher, later(3_600_000), |_| {
        Answer::after(Duration::from_millis(1), Reply::status(200))
    });
    let sent: Vec<u64> = transmits(&run.seen)
        .into_iter()
        .map(|(_, _, keys)| keys[0].get())
        .collect();
    assert_eq!(sent, (0..8).collect::<Vec<_>>(), "in order, none lost");
    assert_eq!(outcomes(&run.seen).len(), 8);
}

#[test]
fn a_dead_worker_releases_its_attempt_without_using_up_budget() {
    let mut dispatcher = Dispatcher::new(START);
    let config = RouteConfig::new(route(0, presets::smarter_launch::retry_policy()));
    dispatcher.add_route(RouteKey::new(0), config).unwrap();
    dispatcher
        .enqueue(START, RouteKey::new(0), DeliveryKey::new(1), message(1))
        .unwrap();
    for _ in 0..4 {
        let transmit = dispatcher.poll_transmit(START).unwrap();
        dispatcher.abandon(START, transmit.id()).unwrap();
    }
    let core = dispatcher.delivery(DeliveryKey::new(1)).unwrap();
    assert_eq!(
        (core.attempts(), core.released(), core.counted()),
        (4, 4, 0)
    );
    // Smarter Launch's three attempts are all still there.
    let run = simulate(&mut dispatcher, later(3_600_000), |_| {
        Answer::after(Duration::ZERO, Reply::status(500))
    });
    assert_eq!(transmits(&run.seen).len(), 3);
    assert!(matches!(
        outcomes(&run.seen)[&DeliveryKey::new(1)],
        OutcomeKind::Failed { .. }
    ));
}

#[test]
fn a_delivery_saved_in_flight_is_released_when_restored() {
    let mut dispatcher = Dispatcher::new(START);
    let config = RouteConfig::new(route(0, RetryPolicy::exponential()));
    dispatcher
        .add_route(RouteKey::new(0), config.clone())
        .unwrap();
    dispatcher
        .enqueue(START, RouteKey::new(0), DeliveryKey::new(1), message(1))
        .unwrap();
    let transmit = dispatcher.poll_transmit(START).unwrap();
    let json = serde_json::to_string(&dispatcher.save(DeliveryKey::new(1)).unwrap()).unwrap();
    assert!(
        !json.contains("msg_1") && !json.contains("hooks0"),
        "{json}"
    );

    // The process dies; another restores the delivery from the store.
    let mut other = Dispatcher::new(later(5));
    other.add_route(RouteKey::new(0), config).unwrap();
    other
        .restore(
            later(5),
            DeliveryKey::new(1),
            serde_json::from_str(&json).unwrap(),
            message(1),
        )
        .unwrap();
    let Some(Event::Delivery {
        event: delivery::Event::AttemptFinished {
            record, counted, ..
        },
        ..
    }) = other.poll_event()
    else {
        panic!("the released attempt is recorded");
    };
    assert_eq!((record.result, counted), (AttemptResult::Abandoned, false));
    let again = other.poll_transmit(later(5)).expect("due at once");
    assert_eq!(again.deliveries(), [DeliveryKey::new(1)]);
    assert_eq!(other.delivery(DeliveryKey::new(1)).unwrap().counted(), 0);
    drop(transmit); // the dead process's request: its answer never reaches `other`
}

#[test]
fn a_delivery_restored_on_a_lagging_clock_is_not_stalled() {
    // Saved at +10 s: one in flight, one waiting for its retry at +10 s + 10 s.
    let saved_at = later(10_000);
    let mut dispatcher = Dispatcher::new(START);
    let config = RouteConfig::new(route(0, presets::smarter_launch::retry_policy()))
        .with_workers(2)
        .unwrap();
    dispatcher
        .add_route(RouteKey::new(0), config.clone())
        .unwrap();
    for n in [1, 2] {
        dispatcher
            .enqueue(START, RouteKey::new(0), DeliveryKey::new(n), message(n))
            .unwrap();
    }
    let first = dispatcher.poll_transmit(saved_at).unwrap();
    let second = dispatcher.poll_transmit(saved_at).unwrap();
    let failed = Response::builder().status(500).body(()).unwrap();
    dispatcher
        .handle_response(saved_at, second.id(), &failed)
        .unwrap();
    let saved: Vec<String> = [first.deliveries()[0], second.deliveries()[0]]
        .iter()
        .map(|key| serde_json::to_string(&dispatcher.save(*key).unwrap()).unwrap())
        .collect();

    // Another worker, its clock 5 s behind the one that saved them.
    let behind = later(5_000);
    let mut other = Dispatcher::new(behind);
    other.add_route(RouteKey::new(0), config).unwrap();
    for (key, json) in [first.deliveries()[0], second.deliveries()[0]]
        .into_iter()
        .zip(&saved)
    {
        other
            .restore(
                behind,
                key,
                serde_json::from_str(json).unwrap(),
                message(key.get()),
            )
            .unwrap();
    }
    // The one released from flight goes at once, on the lagging clock.
    let again = other.poll_transmit(behind).expect("released: due at once");
    assert_eq!(again.deliveries(), first.deliveries());
    assert!(other.poll_transmit(behind).is_none());
    // The other keeps the due time the saving worker gave it: Smarter Launch's 10 s.
    assert_eq!(other.poll_timeout(), Some(later(20_000)));
    let ok = Response::builder().status(200).body(()).unwrap();
    other
        .handle_response(later(6_000), again.id(), &ok)
        .unwrap();
    other.handle_timeout(later(20_000)).unwrap();
    let retry = other.poll_transmit(later(20_000)).expect("due at +20 s");
    assert_eq!(retry.deliveries(), second.deliveries());
    other
        .handle_response(later(20_010), retry.id(), &ok)
        .unwrap();
    assert!(other.is_empty());
}

#[test]
fn misuse_is_an_error_and_changes_nothing() {
    let mut dispatcher = Dispatcher::new(START);
    let config = RouteConfig::new(route(0, RetryPolicy::exponential()));
    dispatcher
        .add_route(RouteKey::new(0), config.clone())
        .unwrap();
    assert_eq!(
        dispatcher.add_route(RouteKey::new(0), config),
        Err(ApiMisuse::DuplicateRoute {
            route: RouteKey::new(0)
        })
    );
    assert_eq!(
        dispatcher.enqueue(START, RouteKey::new(9), DeliveryKey::new(1), message(1)),
        Err(ApiMisuse::UnknownRoute {
            route: RouteKey::new(9)
        })
    );
    dispatcher
        .enqueue(START, RouteKey::new(0), DeliveryKey::new(1), message(1))
        .unwrap();
    assert_eq!(
        dispatcher.enqueue(START, RouteKey::new(0), DeliveryKey::new(1), message(1)),
        Err(ApiMisuse::DuplicateDelivery {
            delivery: DeliveryKey::new(1)
        })
    );
    let transmit = dispatcher.poll_transmit(later(1)).unwrap();
    let ok = Response::new(());
    assert!(matches!(
        dispatcher.handle_response(START, transmit.id(), &ok),
        Err(ApiMisuse::TimeWentBackwards { .. })
    ));
    assert_eq!(
        dispatcher.handle_response(later(1), TransmitId::new(99), &ok),
        Err(ApiMisuse::UnknownTransmit {
            transmit: TransmitId::new(99)
        })
    );
    assert_eq!(
        dispatcher.remove_route(RouteKey::new(0)).map(|_| ()),
        Err(ApiMisuse::RouteNotEmpty {
            route: RouteKey::new(0),
            pending: 1
        })
    );
    dispatcher
        .handle_response(later(1), transmit.id(), &ok)
        .unwrap();
    assert_eq!(
        dispatcher.handle_response(later(1), transmit.id(), &ok),
        Err(ApiMisuse::StaleTransmit {
            transmit: transmit.id()
        })
    );
    assert_eq!(
        dispatcher.cancel(later(1), DeliveryKey::new(1)),
        Err(ApiMisuse::UnknownDelivery {
            delivery: DeliveryKey::new(1)
        })
    );
    assert!(dispatcher.remove_route(RouteKey::new(0)).is_ok());
}

/// One thing a host does.
#[derive(Debug, Clone)]
enum Op {
    Enqueue {
        route: u64,
    },
    Cancel {
        pick: usize,
    },
    Send,
    Answer {
        pick: usize,
        status: u16,
        retry_after: bool,
    },
    Fail {
        pick: usize,
    },
    Abandon {
        pick: usize,
    },
    Wait {
        ms: u64,
    },
    SaveRestore {
        pick: usize,
    },
    Disable {
        route: u64,
    },
    Enable {
        route: u64,
    },
}

fn op() -> impl Strategy<Value = Op> {
    let status = prop::sample::select(vec![200u16, 204, 400, 404, 410, 429, 500, 503]);
    prop_oneof![
        4 => (0u64..3).prop_map(|route| Op::Enqueue { route }),
        1 => any::<usize>().prop_map(|pick| Op::Cancel { pick }),
        4 => Just(Op::Send),
        4 => (any::<usize>(), status, any::<bool>()).prop_map(|(pick, status, retry_after)| Op::Answer { pick, status, retry_after }),
        1 => any::<usize>().prop_map(|pick| Op::Fail { pick }),
        1 => any::<usize>().prop_map(|pick| Op::Abandon { pick }),
        2 => prop_oneof![0u64..2_000, 0u64..10_000_000].prop_map(|ms| Op::Wait { ms }),
        1 => any::<usize>().prop_map(|pick| Op::SaveRestore { pick }),
        1 => (0u64..3).prop_map(|route| Op::Disable { route }),
        1 => (0u64..3).prop_map(|route| Op::Enable { route }),
    ]
}

fn policies() -> [RetryPolicy; 3] {
    [
        presets::lytics::retry_policy(),
        presets::smarter_launch::retry_policy(),
        presets::standard_webhooks::retry_policy(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn every_delivery_ends_exactly_once_or_waits_behind_a_disabled_route(
        ops in prop::collection::vec(op(), 1..120),
        workers in 1u16..4,
    ) {
        let mut now = START;
        let mut dispatcher = Dispatcher::new(now);
        for (r, policy) in policies().into_iter().enumerate() {
            let mut config = RouteConfig::new(route(r as u64, policy)).with_workers(workers).unwrap();
            if r == 0 {
                // Lytics batches: batches formed, failed, retried and abandoned too.
                config = config.with_batching(presets::lytics::batching(Some(3), false).unwrap());
            }
            dispatcher.add_route(RouteKey::new(r as u64), config).unwrap();
        }
        let mut enqueued: Vec<DeliveryKey> = Vec::new();
        let mut in_flight: Vec<TransmitId> = Vec::new();
        let mut ended: BTreeMap<DeliveryKey, usize> = BTreeMap::new();
        let mut disabled = BTreeSet::new();
        let mut route_of = BTreeMap::new();
        let drain = |dispatcher: &mut Dispatcher, ended: &mut BTreeMap<DeliveryKey, usize>| {
            while let Some(event) = dispatcher.poll_event() {
                if event.is_terminal() {
                    *ended.entry(event.delivery().unwrap()).or_default() += 1;
                }
            }
        };
        for op in ops {
            match op {
                Op::Enqueue { route } => {
                    let key = DeliveryKey::new(enqueued.len() as u64);
                    dispatcher.enqueue(now, RouteKey::new(route), key, message(key.get())).unwrap();
                    route_of.insert(key, route);
                    enqueued.push(key);
                }
                Op::Cancel { pick } if !enqueued.is_empty() => {
                    let key = enqueued[pick % enqueued.len()];
                    let pending = dispatcher.delivery(key).is_some();
                    prop_assert_eq!(dispatcher.cancel(now, key).is_ok(), pending);
                }
                Op::Send => {
                    while let Some(transmit) = dispatcher.poll_transmit(now) {
                        in_flight.push(transmit.id());
                    }
                }
                Op::Answer { pick, status, retry_after } if !in_flight.is_empty() => {
                    let id = in_flight.remove(pick % in_flight.len());
                    let mut response = Response::builder().status(status);
                    if retry_after {
                        response = response.header("retry-after", "30");
                    }
                    // Stale when it already timed out: an error that changes nothing.
                    let _ = dispatcher.handle_response(now, id, &response.body(()).unwrap());
                }
                Op::Fail { pick } if !in_flight.is_empty() => {
                    let id = in_flight.remove(pick % in_flight.len());
                    let _ = dispatcher.handle_transport_error(now, id, TransportFailure::Connect);
                }
                Op::Abandon { pick } if !in_flight.is_empty() => {
                    let id = in_flight.remove(pick % in_flight.len());
                    let _ = dispatcher.abandon(now, id);
                }
                Op::Wait { ms } => {
                    now = now.saturating_add(Duration::from_millis(ms));
                    dispatcher.handle_timeout(now).unwrap();
                }
                Op::SaveRestore { pick } if !enqueued.is_empty() => {
                    let key = enqueued[pick % enqueued.len()];
                    if let Ok(saved) = dispatcher.take(key) {
                        let json = serde_json::to_string(&saved).unwrap();
                        dispatcher.restore(now, key, serde_json::from_str(&json).unwrap(), message(key.get())).unwrap();
                    }
                }
                Op::Disable { route } => {
                    dispatcher.disable_route(now, RouteKey::new(route)).unwrap();
                    disabled.insert(route);
                }
                Op::Enable { route } => {
                    dispatcher.enable_route(now, RouteKey::new(route)).unwrap();
                    disabled.remove(&route);
                }
                _ => {}
            }
            drain(&mut dispatcher, &mut ended);
        }
        // Then a healthy receiver answers everything until nothing is left to do.
        let run = simulate(&mut dispatcher, now.saturating_add(Duration::from_secs(30 * 86_400)), |_| {
            Answer::after(Duration::from_millis(5), Reply::status(200))
        });
        for item in &run.seen {
            if let Seen::Event { event, .. } = item && event.is_terminal() {
                *ended.entry(event.delivery().unwrap()).or_default() += 1;
            }
        }
        for key in &enqueued {
            match ended.get(key) {
                Some(&count) => prop_assert_eq!(count, 1, "{} ended {} times", key, count),
                None => {
                    prop_assert!(dispatcher.delivery(*key).is_some(), "{} was lost", key);
                    prop_assert!(disabled.contains(&route_of[key]), "{} pends behind an enabled route", key);
                }
            }
        }
        prop_assert!(ended.keys().all(|key| route_of.contains_key(key)));
    }
}

/// Route events, with the time they were drained.
fn route_events(seen: &[Seen]) -> Vec<(Timestamp, RouteKey, RouteEvent)> {
    seen.iter()
        .filter_map(|item| match item {
            Seen::Event {
                at,
                event: Event::Route { route, event },
            } => Some((*at, *route, event.clone())),
            _ => None,
        })
        .collect()
}

fn lytics_dispatcher(workers: u16, messages: u64) -> Dispatcher {
    let mut dispatcher = Dispatcher::new(START);
    let route = route(0, presets::lytics::retry_policy());
    let config = presets::lytics::route_config(route, Some(workers)).unwrap();
    dispatcher.add_route(RouteKey::new(0), config).unwrap();
    for n in 0..messages {
        dispatcher
            .enqueue(START, RouteKey::new(0), DeliveryKey::new(n), message(n))
            .unwrap();
    }
    dispatcher
}

#[test]
fn lytics_job_errors_after_exactly_ten_failed_requests_then_retries_then_fails() {
    let mut dispatcher = lytics_dispatcher(5, 20);
    let run = simulate(&mut dispatcher, later(3 * 3_600_000), |_| {
        Answer::after(Duration::from_millis(10), Reply::status(500))
    });
    let events = route_events(&run.seen);
    let sent = transmits(&run.seen);
    let Some((
        error_at,
        _,
        RouteEvent::JobError {
            failed_requests,
            retry_at,
        },
    )) = events.first().cloned()
    else {
        panic!("{events:?}");
    };
    assert_eq!(failed_requests, 10);
    assert_eq!(sent.iter().filter(|(at, ..)| *at < error_at).count(), 10);
    // Nothing goes out while the job waits for its retry.
    assert!(!sent.iter().any(|(at, ..)| *at > error_at && *at < retry_at));
    assert_eq!(retry_at, error_at.saturating_add(Duration::from_secs(60)));
    // Three job retries (1 min, 10 min, 1 h), then the job has failed and holds the rest.
    let names: Vec<&str> = events.iter().map(|(_, _, e)| e.name()).collect();
    assert_eq!(names, ["job_error", "job_error", "job_error", "job_failed"]);
    assert_eq!(sent.len(), 40);
    assert!(!dispatcher.is_empty(), "a failed job holds its deliveries");
    assert_eq!(dispatcher.poll_timeout(), None, "and does not spin");
}

#[test]
fn lytics_omitted_requests_and_retry_after_do_not_make_the_job_error() {
    // "These request will not cause the job to error."
    let mut dispatcher = lytics_dispatcher(5, 15);
    let run = simulate(&mut dispatcher, later(3_600_000), |_| {
        Answer::after(Duration::from_millis(10), Reply::status(404))
    });
    assert!(route_events(&run.seen).is_empty());
    assert!(
        outcomes(&run.seen)
            .values()
            .all(|k| *k == OutcomeKind::Omitted { status: 404 })
    );

    // "the job will go into sleeping state for the duration … The job will not error".
    let mut dispatcher = lytics_dispatcher(1, 3);
    let mut first = true;
    let run = simulate(&mut dispatcher, later(3_600_000), |_| {
        let reply = if first {
            Reply::status(429).with_retry_after("30")
        } else {
            Reply::status(200)
        };
        first = false;
        Answer::after(Duration::ZERO, reply)
    });
    let events = route_events(&run.seen);
    assert_eq!(events.len(), 1);
    let (at, _, RouteEvent::JobSleeping { until }) = events[0].clone() else {
        panic!("{events:?}")
    };
    assert_eq!(until, at.saturating_add(Duration::from_secs(30)));
    let sent = transmits(&run.seen);
    assert!(
        sent[1..].iter().all(|(t, ..)| *t >= until),
        "the whole route slept"
    );
    assert_eq!(outcomes(&run.seen).len(), 3);
}

#[test]
fn netcore_disables_at_a_500_holds_everything_and_alerts_at_most_once_an_hour() {
    let mut dispatcher = Dispatcher::new(START);
    let alerts =
        hookwire::dispatch::Alerts::new(["ops@example.com"], Duration::from_secs(3600)).unwrap();
    let route = route(0, presets::netcore::retry_policy());
    dispatcher
        .add_route(
            RouteKey::new(0),
            presets::netcore::route_config(route, Some(alerts)),
        )
        .unwrap();
    for n in 0..10 {
        dispatcher
            .enqueue(START, RouteKey::new(0), DeliveryKey::new(n), message(n))
            .unwrap();
    }
    let run = simulate(&mut dispatcher, later(60_000), |_| {
        Answer::after(Duration::from_millis(5), Reply::status(500))
    });
    let names: Vec<&str> = route_events(&run.seen)
        .iter()
        .map(|(_, _, e)| e.name())
        .collect();
    assert_eq!(names, ["endpoint_disabled", "alert"]);
    assert_eq!(dispatcher.len(), 10, "none dropped");
    assert_eq!(
        transmits(&run.seen).len(),
        5,
        "only the first wave went out"
    );

    // Re-enabled within the hour, disabled again: no second alert yet.
    dispatcher
        .enable_route(later(120_000), RouteKey::new(0))
        .unwrap();
    let run = simulate(&mut dispatcher, later(180_000), |_| {
        Answer::after(Duration::from_millis(5), Reply::status(503))
    });
    let names: Vec<&str> = route_events(&run.seen)
        .iter()
        .map(|(_, _, e)| e.name())
        .collect();
    assert_eq!(names, ["endpoint_disabled"]);

    // Re-enabled, healthy: everything held is delivered, nothing lost.
    dispatcher
        .enable_route(later(240_000), RouteKey::new(0))
        .unwrap();
    let run = simulate(&mut dispatcher, later(3_600_000), |_| {
        Answer::after(Duration::from_millis(5), Reply::status(200))
    });
    assert_eq!(outcomes(&run.seen).len(), 10);
    assert!(dispatcher.is_empty());
}

#[test]
fn smarter_launch_fan_out_one_failing_url_never_holds_the_others() {
    let automation = presets::smarter_launch::Automation::builder("proposal.accepted")
        .url("https://down.example.com/in")
        .url("https://up.example.com/in")
        .build()
        .unwrap();
    let signer = hookwire::Signer::new(
        hookwire::Scheme::smarter_launch(),
        hookwire::Keyring::new().with(hookwire::Secret::from_text("k").unwrap()),
    )
    .unwrap();
    let mut dispatcher = Dispatcher::new(START);
    for (r, config) in presets::smarter_launch::route_configs(&automation, &signer)
        .into_iter()
        .enumerate()
    {
        dispatcher
            .add_route(RouteKey::new(r as u64), config)
            .unwrap();
    }
    for n in 0..5u64 {
        let targets = [
            (RouteKey::new(0), DeliveryKey::new(2 * n)),
            (RouteKey::new(1), DeliveryKey::new(2 * n + 1)),
        ];
        dispatcher.fan_out(START, message(n), targets).unwrap();
    }
    let run = simulate(&mut dispatcher, later(3_600_000), |transmit| {
        let status = if transmit.route() == RouteKey::new(0) {
            500
        } else {
            200
        };
        Answer::after(Duration::from_millis(20), Reply::status(status))
    });
    let done = outcomes(&run.seen);
    for n in 0..5u64 {
        assert!(matches!(
            done[&DeliveryKey::new(2 * n)],
            OutcomeKind::Failed { .. }
        ));
        assert_eq!(
            done[&DeliveryKey::new(2 * n + 1)],
            OutcomeKind::Delivered { status: 200 }
        );
    }
    // The healthy URL was done within its first round trip.
    let last_up = run
        .seen
        .iter()
        .filter_map(|item| match item {
            Seen::Event { at, event }
                if event.route() == RouteKey::new(1) && event.is_terminal() =>
            {
                Some(*at)
            }
            _ => None,
        })
        .max()
        .unwrap();
    assert_eq!(last_up, later(20));
}

#[test]
fn a_probe_passes_only_on_200_and_says_why_not() {
    let mut dispatcher = Dispatcher::new(START);
    let config = RouteConfig::new(route(0, presets::netcore::retry_policy()));
    dispatcher.add_route(RouteKey::new(0), config).unwrap();
    dispatcher.disable_route(START, RouteKey::new(0)).unwrap();
    let mut replies = vec![
        Reply::Transport(TransportFailure::Dns),
        Reply::status(204),
        Reply::status(200),
    ]
    .into_iter();
    let mut reasons = Vec::new();
    for _ in 0..3 {
        dispatcher
            .probe(dispatcher.clock(), RouteKey::new(0), message(0))
            .unwrap();
        let run = simulate(&mut dispatcher, later(60_000), |_| {
            Answer::after(Duration::from_millis(1), replies.next().unwrap())
        });
        for (_, _, event) in route_events(&run.seen) {
            let RouteEvent::Probe(result) = event else {
                panic!()
            };
            reasons.push((result.passed, result.reason));
        }
    }
    assert_eq!(
        reasons,
        [
            (false, "no answer: DNS lookup failed".to_owned()),
            (false, "answered 204 No Content, not 200".to_owned()),
            (true, "200 OK".to_owned()),
        ]
    );
}

fn batched(messages: u64, size: Option<u16>, policy: RetryPolicy) -> Dispatcher {
    let mut dispatcher = Dispatcher::new(START);
    let config = presets::lytics::route_config(route(0, policy), None)
        .unwrap()
        .with_batching(presets::lytics::batching(size, false).unwrap());
    dispatcher.add_route(RouteKey::new(0), config).unwrap();
    for n in 0..messages {
        dispatcher
            .enqueue(START, RouteKey::new(0), DeliveryKey::new(n), message(n))
            .unwrap();
    }
    dispatcher
}

#[test]
fn batches_flush_at_their_size_or_when_the_oldest_waited_the_window() {
    let mut dispatcher = batched(25, None, presets::lytics::retry_policy());
    let mut bodies = Vec::new();
    let run = simulate(&mut dispatcher, later(60_000), |transmit| {
        bodies.push(transmit.request().body().clone());
        Answer::after(Duration::from_millis(10), Reply::status(200))
    });
    let sent: Vec<(Timestamp, usize)> = transmits(&run.seen)
        .into_iter()
        .map(|(at, _, keys)| (at, keys.len()))
        .collect();
    // "Batches will be sent every 1 second or immediately when the batch size specified".
    assert_eq!(sent, [(START, 10), (START, 10), (later(1_000), 5)]);
    let first: Vec<serde_json::Value> = serde_json::from_slice(&bodies[0]).unwrap();
    assert_eq!(first.len(), 10);
    assert_eq!(first[0], serde_json::json!({"n": 0}));
    assert_eq!(outcomes(&run.seen).len(), 25);
    assert!(dispatcher.is_empty());
}

#[test]
fn a_failed_batch_is_retried_as_the_same_bytes_under_the_same_id_and_fans_out() {
    let signer = hookwire::Signer::new(
        hookwire::Scheme::StandardWebhooks,
        hookwire::Keyring::new().with(hookwire::Secret::from_bytes([7u8; 32]).unwrap()),
    )
    .unwrap();
    let mut dispatcher = Dispatcher::new(START);
    let config = presets::lytics::route_config(
        route(0, presets::lytics::retry_policy()).with_signer(signer),
        None,
    )
    .unwrap()
    .with_batching(presets::lytics::batching(Some(4), false).unwrap());
    dispatcher.add_route(RouteKey::new(0), config).unwrap();
    for n in 0..4 {
        dispatcher
            .enqueue(START, RouteKey::new(0), DeliveryKey::new(n), message(n))
            .unwrap();
    }
    let mut seen = Vec::new();
    let mut statuses = [503u16, 500, 200].into_iter();
    let run = simulate(&mut dispatcher, later(3_600_000), |transmit| {
        let headers = transmit.request().headers();
        seen.push((
            headers["webhook-id"].to_str().unwrap().to_owned(),
            transmit.request().body().clone(),
            transmit.deliveries().to_vec(),
        ));
        Answer::after(
            Duration::from_millis(10),
            Reply::status(statuses.next().unwrap()),
        )
    });
    assert_eq!(seen.len(), 3);
    assert!(
        seen.iter().all(|s| *s == seen[0]),
        "same id, same bytes, same members"
    );
    assert_eq!(seen[0].0, "batch_msg_0");
    assert_eq!(seen[0].2.len(), 4);
    let done = outcomes(&run.seen);
    assert_eq!(done.len(), 4);
    assert!(
        done.values()
            .all(|k| *k == OutcomeKind::Delivered { status: 200 })
    );
    // Every member recorded all three attempts.
    let finished = run
        .seen
        .iter()
        .filter(|item| {
            matches!(
                item,
                Seen::Event {
                    event: Event::Delivery {
                        event: delivery::Event::AttemptFinished { .. },
                        ..
                    },
                    ..
                }
            )
        })
        .count();
    assert_eq!(finished, 12);
}

#[test]
fn a_netcore_panel_batch_joins_the_events_of_one_panel() {
    use hookwire::dispatch::BatchFormat;
    use hookwire::format::netcore;
    let one = |msgid: &str| {
        let batch: netcore::Batch = serde_json::from_value(
            serde_json::json!({"pod2_email": [{"msgid": msgid, "event": "open"}]}),
        )
        .unwrap();
        netcore::render(&batch).unwrap()
    };
    let joined = BatchFormat::NetcorePanel
        .join(&[one("1"), one("2")])
        .unwrap();
    let batch = netcore::parse(joined.body()).unwrap();
    assert_eq!(batch.panel, "pod2_email");
    assert_eq!(batch.events.len(), 2);
    let other: netcore::Batch = serde_json::from_value(serde_json::json!({"other": []})).unwrap();
    assert!(
        BatchFormat::NetcorePanel
            .join(&[one("1"), netcore::render(&other).unwrap()])
            .is_none()
    );
}

/// A dispatcher whose clock reads a time before 1970 cannot sign: the delivery fails with a
/// reason that names the clock, as a single `Delivery` does.
#[test]
fn a_clock_before_1970_fails_a_signed_route_with_its_own_reason() {
    let at = Timestamp::from_unix_secs(-5);
    let signer = hookwire::Signer::new(
        hookwire::Scheme::Slack,
        hookwire::Keyring::new().with(hookwire::Secret::from_text("k").unwrap()),
    )
    .unwrap();
    let route =
        Route::new(Endpoint::builder("https://e.com/in").build().unwrap()).with_signer(signer);
    let mut dispatcher = Dispatcher::new(at);
    dispatcher
        .add_route(RouteKey::new(1), RouteConfig::new(route))
        .unwrap();
    let message = Message::new(MessageId::new("m").unwrap(), Payload::json("{}"));
    dispatcher
        .enqueue(at, RouteKey::new(1), DeliveryKey::new(1), message)
        .unwrap();
    assert!(dispatcher.poll_transmit(at).is_none());
    let outcome = std::iter::from_fn(|| dispatcher.poll_event())
        .find_map(|event| match event {
            Event::Delivery {
                event: delivery::Event::Finished(outcome),
                ..
            } => Some(outcome),
            _ => None,
        })
        .expect("a finished delivery");
    assert_eq!(
        outcome.kind,
        OutcomeKind::Failed {
            reason: delivery::FailureReason::ClockBeforeEpoch
        }
    );
}
