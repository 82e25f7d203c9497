//! The delivery state machine against arbitrary receivers and arbitrary host timing:
//! exactly one outcome, budgets kept, nothing early, Retry-After honoured, and identical
//! behaviour after a save and restore at any point between drains.

use std::sync::Arc;

use hookwire::delivery::{
    ApiMisuse, AttemptRecord, AttemptResult, Delivery, DeliveryState, Event, FailureReason,
    Message, OutcomeKind, Reply, Route, TransmitId, TransportFailure, simulate,
};
use hookwire::http::{Response, StatusCode, header::RETRY_AFTER};
use hookwire::retry::RetryPolicy;
use hookwire::{Endpoint, Keyring, MessageId, Payload, Scheme, Secret, Signer, Timestamp, presets};
use proptest::prelude::*;

const START: i64 = 1_700_000_000;
const POLICIES: [&str; 7] = [
    "smarter-launch",
    "lytics",
    "listrak",
    "netcore",
    "svix",
    "standard",
    "exponential",
];

fn route(policy: RetryPolicy) -> Route {
    let keys = Keyring::new().with(Secret::from_bytes([7u8; 32]).unwrap());
    Route::new(
        Endpoint::builder("https://hooks.example.com/in")
            .build()
            .unwrap(),
    )
    .with_signer(Signer::new(Scheme::StandardWebhooks, keys).unwrap())
    .with_policy(policy)
}

fn message(id: &str) -> Message {
    Message::new(
        MessageId::new(id).unwrap(),
        Payload::json(r#"{"event":"cart_abandoned"}"#),
    )
}

fn delivery(policy: RetryPolicy, id: &str, now: Timestamp) -> Delivery {
    Delivery::new(route(policy), message(id), now)
}

/// One scripted answer, with how late (ms) the host reports it and how late it wakes next.
#[derive(Debug, Clone)]
struct Step {
    reply: ScriptReply,
    latency_ms: u64,
    wake_late_ms: u64,
    save_and_restore: bool,
}

#[derive(Debug, Clone)]
enum ScriptReply {
    Status(u16, Option<u64>),
    Transport(TransportFailure),
    Silence,
}

fn step() -> impl Strategy<Value = Step> {
    let status = prop::sample::select(vec![
        200u16, 201, 204, 301, 302, 400, 401, 404, 410, 413, 429, 500, 502, 503, 504,
    ]);
    let reply = prop_oneof![
        6 => (status, prop::option::weighted(0.3, 0u64..20_000)).prop_map(|(s, r)| ScriptReply::Status(s, r)),
        1 => prop::sample::select(vec![
            TransportFailure::Connect,
            TransportFailure::Dns,
            TransportFailure::Tls,
            TransportFailure::TimedOut,
            TransportFailure::Other,
        ]).prop_map(ScriptReply::Transport),
        1 => Just(ScriptReply::Silence),
    ];
    (
        reply,
        0u64..40_000,
        prop_oneof![3 => Just(0u64), 1 => 0u64..5_000_000],
        any::<bool>(),
    )
        .prop_map(|(reply, latency_ms, wake_late_ms, save_and_restore)| Step {
            reply,
            latency_ms,
            wake_late_ms,
            save_and_restore,
        })
}

/// What a drive observed, compared between runs.
#[derive(Debug, PartialEq)]
struct Trace {
    events: Vec<Event>,
    sent_at: Vec<Timestamp>,
}

/// Drives a delivery like a real host would: sends what is due, answers after a latency
/// (possibly after the deadline, when the answer is stale), wakes late, and optionally
/// saves the state through JSON and resumes from it, before a transmit and after its
/// events are drained.
fn drive(policy: &RetryPolicy, id: &str, script: &[Step], restore: bool) -> Trace {
    let mut now = Timestamp::from_unix_secs(START);
    let mut delivery = delivery(policy.clone(), id, now);
    let mut events = Vec::new();
    let mut sent_at = Vec::new();
    let mut script = script.iter().cycle();
    let mut finished = 0;
    for _ in 0..10_000 {
        let step = script.next().unwrap();
        // Events of the last `handle_timeout` are drained before anything is saved.
        finished += drain(&mut delivery, &mut events);
        if restore && step.save_and_restore {
            delivery = save_and_resume(delivery);
        }
        let due = delivery.poll_timeout();
        if let Some(transmit) = delivery.poll_transmit(now) {
            assert!(Some(now) >= due, "sent before it was due");
            sent_at.push(now);
            let deadline = transmit.deadline();
            let answered_at = now.saturating_add(std::time::Duration::from_millis(step.latency_ms));
            if answered_at >= deadline {
                delivery.handle_timeout(deadline).unwrap();
                now = deadline;
            } else {
                now = answered_at;
                match &step.reply {
                    ScriptReply::Status(status, retry_after) => {
                        let mut response = Response::new(());
                        *response.status_mut() = StatusCode::from_u16(*status).unwrap();
                        if let Some(secs) = retry_after {
                            response
                                .headers_mut()
                                .insert(RETRY_AFTER, secs.to_string().parse().unwrap());
                        }
                        delivery
                            .handle_response(now, transmit.id(), &response)
                            .unwrap();
                    }
                    ScriptReply::Transport(failure) => {
                        delivery
                            .handle_transport_error(now, transmit.id(), *failure)
                            .unwrap();
                    }
                    ScriptReply::Silence => {}
                }
            }
        }
        finished += drain(&mut delivery, &mut events);
        if restore && step.save_and_restore {
            delivery = save_and_resume(delivery);
        }
        match delivery.poll_timeout() {
            None => break,
            Some(next) => {
                now = now
                    .max(next)
                    .saturating_add(std::time::Duration::from_millis(step.wake_late_ms));
                delivery.handle_timeout(now).unwrap();
            }
        }
    }
    finished += drain(&mut delivery, &mut events);
    assert_eq!(finished, 1, "exactly one terminal outcome");
    assert!(
        events.last().is_some_and(Event::is_terminal),
        "the outcome comes last"
    );
    Trace { events, sent_at }
}

/// Moves the pending events to `events`; returns how many were terminal.
fn drain(delivery: &mut Delivery, events: &mut Vec<Event>) -> usize {
    let mut terminal = 0;
    while let Some(event) = delivery.poll_event() {
        terminal += usize::from(event.is_terminal());
        events.push(event);
    }
    terminal
}

/// What a host does between two calls: saves the state as JSON, drops everything, and
/// resumes from the stored route, message and state.
fn save_and_resume(delivery: Delivery) -> Delivery {
    let json = serde_json::to_string(&delivery.state()).unwrap();
    let (route, message, _) = delivery.into_parts();
    let state: DeliveryState = serde_json::from_str(&json).unwrap();
    Delivery::from_parts(route, message, state)
}

/// The attempt log a host keeps from the events.
fn attempts(events: &[Event]) -> Vec<AttemptRecord> {
    events
        .iter()
        .filter_map(|event| match event {
            Event::AttemptFinished { record, .. } => Some(*record),
            _ => None,
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn every_delivery_ends_once_within_its_budget(
        policy in prop::sample::select(POLICIES.to_vec()),
        script in prop::collection::vec(step(), 1..12),
        id in "[a-z0-9_]{1,20}",
    ) {
        let policy = presets::by_name(policy).unwrap();
        let trace = drive(&policy, &id, &script, false);
        let Some(Event::Finished(outcome)) = trace.events.last() else { unreachable!() };

        // Counted attempts never exceed the budget; deferrals never exceed their bound.
        let counted = trace.events.iter().filter(|e| matches!(e, Event::AttemptFinished { counted: true, .. })).count();
        let deferred = trace.events.iter().filter(|e| matches!(e, Event::AttemptFinished { counted: false, .. })).count();
        prop_assert!(counted as u32 <= policy.max_attempts());
        prop_assert!(deferred as u32 <= policy.retry_after().max_deferrals);
        let log = attempts(&trace.events);
        prop_assert_eq!(log.len(), trace.sent_at.len());
        prop_assert_eq!(outcome.attempts as usize, trace.sent_at.len());
        prop_assert_eq!(outcome.first_attempt_at, trace.sent_at.first().copied());

        // The outcome agrees with the last attempt.
        let last = log.last().unwrap();
        prop_assert_eq!(outcome.last_result, Some(last.result));
        match outcome.kind {
            OutcomeKind::Delivered { status } => {
                prop_assert_eq!(last.result, AttemptResult::Status(status));
                prop_assert!(policy.success().is_success(status));
            }
            OutcomeKind::Omitted { status } => prop_assert!(policy.do_not_retry().contains(&status)),
            OutcomeKind::Failed { .. } => prop_assert!(outcome.journey_action == policy.failure_action()),
            OutcomeKind::Cancelled => prop_assert!(false, "nobody cancelled"),
        }

        // Retry-After is honoured: the next attempt starts no earlier than the hint, capped.
        for pair in log.windows(2) {
            let (done, next) = (&pair[0], &pair[1]);
            if let (Some(hint), true) = (done.retry_after, policy.retry_after().honour) {
                let capped = hint.min(done.ended_at.saturating_add(policy.retry_after().max));
                prop_assert!(next.started_at >= capped, "{:?} started before {:?}", next, capped);
            }
            prop_assert!(next.started_at >= done.ended_at);
        }
    }

    #[test]
    fn save_and_restore_at_any_point_changes_nothing(
        policy in prop::sample::select(POLICIES.to_vec()),
        script in prop::collection::vec(step(), 1..12),
    ) {
        let policy = presets::by_name(policy).unwrap();
        let straight = drive(&policy, "msg_same", &script, false);
        let restored = drive(&policy, "msg_same", &script, true);
        prop_assert_eq!(straight, restored);
    }

    #[test]
    fn the_same_inputs_always_give_the_same_schedule(
        policy in prop::sample::select(POLICIES.to_vec()),
        script in prop::collection::vec(step(), 1..8),
        id in "[a-z0-9_]{1,20}",
    ) {
        let policy = presets::by_name(policy).unwrap();
        prop_assert_eq!(drive(&policy, &id, &script, false), drive(&policy, &id, &script, false));
    }
}

#[test]
fn misuse_is_an_error_and_changes_nothing() {
    let now = Timestamp::from_unix_secs(START);
    let mut delivery = delivery(RetryPolicy::exponential(), "m", now);
    let ok = Response::new(());
    let transmit = delivery.poll_transmit(now).unwrap();
    let before = delivery.state();

    let earlier = Timestamp::from_unix_secs(START - 1);
    assert_eq!(
        delivery.handle_response(earlier, transmit.id(), &ok),
        Err(ApiMisuse::TimeWentBackwards {
            now: earlier,
            latest: now
        })
    );
    assert_eq!(
        delivery.handle_response(now, TransmitId::new(2), &ok),
        Err(ApiMisuse::UnknownTransmit {
            transmit: TransmitId::new(2)
        })
    );
    assert_eq!(
        delivery.handle_response(now, TransmitId::new(0), &ok),
        Err(ApiMisuse::UnknownTransmit {
            transmit: TransmitId::new(0)
        })
    );
    assert!(matches!(
        delivery.handle_timeout(earlier),
        Err(ApiMisuse::TimeWentBackwards { .. })
    ));
    assert!(
        delivery.poll_transmit(now).is_none(),
        "one attempt in flight at a time"
    );
    assert_eq!(delivery.state(), before);

    // The attempt times out; its late answer is stale, not a second result.
    delivery.handle_timeout(transmit.deadline()).unwrap();
    assert_eq!(
        delivery.handle_response(transmit.deadline(), transmit.id(), &ok),
        Err(ApiMisuse::StaleTransmit {
            transmit: transmit.id()
        })
    );
    assert_eq!(
        delivery.abandon(transmit.deadline(), transmit.id()),
        Err(ApiMisuse::StaleTransmit {
            transmit: transmit.id()
        })
    );
    delivery.cancel(transmit.deadline()).unwrap();
    assert_eq!(
        delivery.cancel(transmit.deadline()),
        Err(ApiMisuse::AlreadyFinished)
    );
    assert_eq!(
        delivery.handle_response(transmit.deadline(), transmit.id(), &ok),
        Err(ApiMisuse::AlreadyFinished)
    );
}

#[test]
fn every_retry_is_signed_afresh_at_its_own_time() {
    let keys = Keyring::new().with(Secret::from_bytes([7u8; 32]).unwrap());
    let verifier = hookwire::Verifier::new(Scheme::StandardWebhooks, keys).unwrap();
    let mut delivery = delivery(
        presets::smarter_launch::retry_policy(),
        "msg_resign",
        Timestamp::from_unix_secs(START),
    );
    let mut signed_at = Vec::new();
    simulate(&mut delivery, |transmit| {
        let request = transmit.request();
        let verified = verifier
            .verify(request.headers(), request.body(), delivery_time(transmit))
            .expect("each attempt verifies at its own time");
        signed_at.push(verified.timestamp().unwrap().unix_secs() - START);
        Reply::status(500)
    });
    assert_eq!(signed_at, [0, 10, 110]);
}

/// The time a transmit was made: its deadline minus the policy's 30 s timeout.
fn delivery_time(transmit: &hookwire::delivery::Transmit) -> Timestamp {
    transmit
        .deadline()
        .saturating_sub(hookwire::retry::DEFAULT_ATTEMPT_TIMEOUT)
}

#[test]
fn redirects_are_failures_and_410_stops() {
    let mut delivery = delivery(
        presets::standard_webhooks::retry_policy(),
        "msg_gone",
        Timestamp::from_unix_secs(START),
    );
    let mut replies = [301u16, 410].into_iter();
    let sim = simulate(&mut delivery, |_| Reply::status(replies.next().unwrap()));
    assert_eq!(
        sim.outcome.kind,
        OutcomeKind::Failed {
            reason: FailureReason::EndpointGone
        }
    );
    assert_eq!(sim.outcome.attempts, 2);
    assert_eq!(sim.attempts.len(), 2);
}

#[test]
fn an_expired_signing_key_fails_the_delivery_instead_of_sending_unsigned() {
    let expired = hookwire::KeyEntry::new(Secret::from_bytes([1u8; 32]).unwrap())
        .expires_at(Timestamp::from_unix_secs(START));
    let route = route(RetryPolicy::exponential())
        .with_signer(Signer::new(Scheme::StandardWebhooks, Keyring::new().with(expired)).unwrap());
    let mut delivery = Delivery::new(route, message("m"), Timestamp::from_unix_secs(START));
    let sim = simulate(&mut delivery, |_| Reply::status(200));
    assert_eq!(
        sim.outcome.kind,
        OutcomeKind::Failed {
            reason: FailureReason::NoActiveKey
        }
    );
    assert_eq!(sim.outcome.attempts, 0);
    assert!(sim.attempts.is_empty());
}

#[test]
fn a_resumed_delivery_takes_the_later_clock_while_its_worker_lags() {
    let saved_at = Timestamp::from_unix_secs(START);
    let mut first = delivery(presets::smarter_launch::retry_policy(), "msg_lag", saved_at);
    let saved = serde_json::to_string(&first.state()).unwrap();
    let (route, message, _) = first.clone().into_parts();

    // Another worker resumes it with a clock 5 s behind: the due attempt goes at once,
    // signed at the saved clock, and its answer is taken at the saved clock too.
    let mut resumed = Delivery::from_parts(
        route.clone(),
        message.clone(),
        serde_json::from_str(&saved).unwrap(),
    );
    let behind = Timestamp::from_unix_secs(START - 5);
    let transmit = resumed.poll_transmit(behind).expect("no stall");
    assert_eq!(
        transmit.request().headers()["webhook-timestamp"],
        START.to_string()
    );
    resumed
        .handle_response(
            Timestamp::from_unix_secs(START - 4),
            transmit.id(),
            &Response::builder().status(500).body(()).unwrap(),
        )
        .unwrap();
    assert_eq!(
        resumed.poll_timeout(),
        Some(Timestamp::from_unix_secs(START + 10))
    );
    // Once the worker's clock has caught up, time going backwards is misuse again.
    resumed.handle_timeout(saved_at).unwrap();
    assert!(matches!(
        resumed.handle_timeout(behind),
        Err(ApiMisuse::TimeWentBackwards { .. })
    ));
    // In the process that saved it, an earlier time was always misuse.
    assert!(first.poll_transmit(behind).is_none());
    assert!(matches!(
        first.handle_timeout(behind),
        Err(ApiMisuse::TimeWentBackwards { .. })
    ));
}

#[test]
fn an_abandoned_attempt_is_released_without_using_up_budget() {
    let now = Timestamp::from_unix_secs(START);
    // Smarter Launch allows 3 attempts; two workers die before the endpoint answers 500 three times.
    let mut delivery = delivery(presets::smarter_launch::retry_policy(), "msg_dead", now);
    let mut events = Vec::new();
    for _ in 0..2 {
        let transmit = delivery.poll_transmit(now).unwrap();
        drain(&mut delivery, &mut events);
        // The state was saved with the attempt in flight; the worker died; another resumes.
        delivery = save_and_resume(delivery);
        assert_eq!(delivery.in_flight(), Some(transmit.id()));
        delivery.abandon(now, transmit.id()).unwrap();
    }
    let sim = simulate(&mut delivery, |_| Reply::status(500));
    events.extend(sim.events);
    let results: Vec<AttemptResult> = attempts(&events).iter().map(|a| a.result).collect();
    use AttemptResult::{Abandoned, Status};
    assert_eq!(
        results,
        [Abandoned, Abandoned, Status(500), Status(500), Status(500)]
    );
    assert_eq!(sim.outcome.attempts, 5, "two released, three counted");
    assert!(matches!(sim.outcome.kind, OutcomeKind::Failed { .. }));
    assert_eq!(delivery.state().core().released(), 2);
    assert_eq!(delivery.state().core().counted(), 3);
}

#[test]
fn the_response_body_reaches_the_host_when_the_route_keeps_it() {
    let now = Timestamp::from_unix_secs(START);
    let route = route(presets::lytics::retry_policy()).with_response_body_limit(8);
    let mut delivery = Delivery::new(Arc::new(route), message("msg_enrich"), now);
    let transmit = delivery.poll_transmit(now).unwrap();
    let response = Response::builder()
        .status(200)
        .body(br#"{"city":"Portland"}"#.to_vec())
        .unwrap();
    delivery
        .handle_response(now, transmit.id(), &response)
        .unwrap();
    let _started = delivery.poll_event();
    let Some(Event::AttemptFinished { response_body, .. }) = delivery.poll_event() else {
        panic!("an attempt record");
    };
    assert_eq!(response_body.as_deref(), Some(&br#"{"city":"#[..]));
}

/// No signature can carry a time before 1970: a delivery polled at one fails with a reason
/// that names the clock, not the keys.
#[test]
fn a_clock_before_1970_fails_the_delivery_with_its_own_reason() {
    let at = Timestamp::from_unix_secs(-5);
    let mut delivery = delivery(presets::netcore::retry_policy(), "m1", at);
    assert!(delivery.poll_transmit(at).is_none());
    let outcome = std::iter::from_fn(|| delivery.poll_event())
        .find_map(|event| match event {
            Event::Finished(outcome) => Some(outcome),
            _ => None,
        })
        .expect("a finished delivery");
    assert_eq!(
        outcome.kind,
        OutcomeKind::Failed {
            reason: FailureReason::ClockBeforeEpoch
        }
    );
}
