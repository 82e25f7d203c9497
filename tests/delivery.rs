//! The delivery state machine against arbitrary receivers and arbitrary host timing:
//! exactly one outcome, budgets kept, nothing early, Retry-After honoured, and identical
//! behaviour after a save and restore at any point.

use hookwire::delivery::{
    ApiMisuse, AttemptId, AttemptResult, Delivery, DeliverySpec, DeliveryState, Event,
    FailureReason, OutcomeKind, Reply, TransportFailure, simulate,
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

fn spec(policy: RetryPolicy, id: &str) -> DeliverySpec {
    let keys = Keyring::new().with(Secret::from_bytes([7u8; 32]).unwrap());
    DeliverySpec::new(
        MessageId::new(id).unwrap(),
        Endpoint::builder("https://hooks.example.com/in")
            .build()
            .unwrap(),
        Payload::json(r#"{"event":"cart_abandoned"}"#),
    )
    .with_signer(Signer::new(Scheme::StandardWebhooks, keys).unwrap())
    .with_policy(policy)
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
/// saves and restores the whole delivery through JSON between calls.
fn drive(policy: &RetryPolicy, id: &str, script: &[Step], restore: bool) -> Trace {
    let mut now = Timestamp::from_unix_secs(START);
    let mut delivery = Delivery::new(spec(policy.clone(), id), now);
    let mut events = Vec::new();
    let mut sent_at = Vec::new();
    let mut script = script.iter().cycle();
    let mut finished = 0;
    for _ in 0..10_000 {
        let step = script.next().unwrap();
        if restore && step.save_and_restore {
            let json = serde_json::to_string(&delivery).unwrap();
            delivery = serde_json::from_str(&json).unwrap();
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
                            .handle_response(now, transmit.attempt(), &response)
                            .unwrap();
                    }
                    ScriptReply::Transport(failure) => {
                        delivery
                            .handle_transport_error(now, transmit.attempt(), *failure)
                            .unwrap();
                    }
                    ScriptReply::Silence => {}
                }
            }
            if restore && step.save_and_restore {
                let json = serde_json::to_string(delivery.state()).unwrap();
                let state: DeliveryState = serde_json::from_str(&json).unwrap();
                let (spec, _) = delivery.into_parts();
                delivery = Delivery::from_parts(spec, state);
            }
        }
        while let Some(event) = delivery.poll_event() {
            if event.is_terminal() {
                finished += 1;
            }
            events.push(event);
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
    assert_eq!(finished, 1, "exactly one terminal outcome");
    assert!(
        events.last().is_some_and(Event::is_terminal),
        "the outcome comes last"
    );
    Trace { events, sent_at }
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
        let counted = trace.events.iter().filter(|e| matches!(e, Event::AttemptFailed { counted: true, .. })).count();
        let deferred = trace.events.iter().filter(|e| matches!(e, Event::AttemptFailed { counted: false, .. })).count();
        prop_assert!(counted as u32 <= policy.max_attempts());
        prop_assert!(deferred as u32 <= policy.retry_after().max_deferrals);
        prop_assert_eq!(outcome.attempts.len(), trace.sent_at.len());

        // The outcome agrees with the last attempt.
        let last = outcome.attempts.last().unwrap();
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
        for pair in outcome.attempts.windows(2) {
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
    let mut delivery = Delivery::new(spec(RetryPolicy::exponential(), "m"), now);
    let ok = Response::new(());
    let transmit = delivery.poll_transmit(now).unwrap();
    let before = delivery.state().clone();

    let earlier = Timestamp::from_unix_secs(START - 1);
    assert_eq!(
        delivery.handle_response(earlier, transmit.attempt(), &ok),
        Err(ApiMisuse::TimeWentBackwards {
            now: earlier,
            latest: now
        })
    );
    assert_eq!(
        delivery.handle_response(now, AttemptId::new(2), &ok),
        Err(ApiMisuse::UnknownAttempt {
            attempt: AttemptId::new(2)
        })
    );
    assert_eq!(
        delivery.handle_response(now, AttemptId::new(0), &ok),
        Err(ApiMisuse::UnknownAttempt {
            attempt: AttemptId::new(0)
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
    assert_eq!(delivery.state(), &before);

    // The attempt times out; its late answer is stale, not a second result.
    delivery.handle_timeout(transmit.deadline()).unwrap();
    assert_eq!(
        delivery.handle_response(transmit.deadline(), transmit.attempt(), &ok),
        Err(ApiMisuse::StaleAttempt {
            attempt: transmit.attempt()
        })
    );
    delivery.cancel(transmit.deadline()).unwrap();
    assert_eq!(
        delivery.cancel(transmit.deadline()),
        Err(ApiMisuse::AlreadyFinished)
    );
    assert_eq!(
        delivery.handle_response(transmit.deadline(), transmit.attempt(), &ok),
        Err(ApiMisuse::AlreadyFinished)
    );
}

#[test]
fn every_retry_is_signed_afresh_at_its_own_time() {
    let keys = Keyring::new().with(Secret::from_bytes([7u8; 32]).unwrap());
    let verifier = hookwire::Verifier::new(Scheme::StandardWebhooks, keys).unwrap();
    let mut delivery = Delivery::new(
        spec(presets::smarter_launch::retry_policy(), "msg_resign"),
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
    let mut delivery = Delivery::new(
        spec(presets::standard_webhooks::retry_policy(), "msg_gone"),
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
    assert_eq!(sim.outcome.attempts.len(), 2);
}

#[test]
fn an_expired_signing_key_fails_the_delivery_instead_of_sending_unsigned() {
    let expired = hookwire::KeyEntry::new(Secret::from_bytes([1u8; 32]).unwrap())
        .expires_at(Timestamp::from_unix_secs(START));
    let spec = spec(RetryPolicy::exponential(), "m")
        .with_signer(Signer::new(Scheme::StandardWebhooks, Keyring::new().with(expired)).unwrap());
    let mut delivery = Delivery::new(spec, Timestamp::from_unix_secs(START));
    let sim = simulate(&mut delivery, |_| Reply::status(200));
    assert_eq!(
        sim.outcome.kind,
        OutcomeKind::Failed {
            reason: FailureReason::NoActiveKey
        }
    );
    assert!(sim.outcome.attempts.is_empty());
}

/// No signature can carry a time before 1970: a delivery polled at one fails with a reason
/// that names the clock, not the keys.
#[test]
fn a_clock_before_1970_fails_the_delivery_with_its_own_reason() {
    let at = Timestamp::from_unix_secs(-5);
    let mut delivery = Delivery::new(spec(presets::netcore::retry_policy(), "m1"), at);
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
