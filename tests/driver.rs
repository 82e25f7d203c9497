//! `Delivery::poll_step`, the supported driver: the same decisions as the `simulate`
//! harness, deadlines honoured without a separate `handle_timeout`, and a wall clock that
//! steps back neither fails the loop nor makes it spin.

use hookwire::delivery::{
    Delivery, Event, Message, Outcome, OutcomeKind, Reply, Route, Step, TransportFailure,
    response_head, simulate,
};
use hookwire::retry::RetryPolicy;
use hookwire::{Endpoint, MessageId, Payload, Timestamp, presets};

const START: i64 = 1_700_000_000;

fn delivery(policy: RetryPolicy) -> Delivery {
    let route = Route::new(
        Endpoint::builder("https://hooks.example.com/in")
            .build()
            .unwrap(),
    )
    .with_policy(policy);
    let message = Message::new(MessageId::new("evt_1").unwrap(), Payload::json("{}"));
    Delivery::new(route, message, Timestamp::from_unix_secs(START))
}

/// Drives `delivery` with `poll_step` on a virtual clock, answering with `reply`; returns
/// every event and how many steps it took.
fn drive(delivery: &mut Delivery, mut reply: impl FnMut(u32) -> Reply) -> (Vec<Event>, usize) {
    let mut now = Timestamp::from_unix_secs(START);
    let mut events = Vec::new();
    let mut steps = 0;
    let mut sent = 0;
    while let Some(step) = delivery.poll_step(now) {
        steps += 1;
        assert!(steps < 10_000, "the loop must end");
        match step {
            Step::Transmit(transmit) => {
                sent += 1;
                assert!(transmit.timeout(now) > std::time::Duration::ZERO);
                match reply(sent) {
                    Reply::Status {
                        status,
                        retry_after,
                        ..
                    } => {
                        let mut response = http::Response::builder().status(status);
                        if let Some(value) = retry_after {
                            response = response.header("retry-after", value);
                        }
                        let response = response.body(()).unwrap();
                        delivery
                            .handle_response(now, transmit.id(), &response)
                            .unwrap();
                    }
                    Reply::Transport(failure) => delivery
                        .handle_transport_error(now, transmit.id(), failure)
                        .unwrap(),
                    // Silence: nothing comes back; the next poll_step past the deadline
                    // counts it as timed out.
                    _ => {}
                }
            }
            Step::Event(event) => events.push(event),
            Step::Wait(until) => {
                assert!(until > now, "a wait is always in the future");
                now = until;
            }
        }
    }
    (events, steps)
}

fn outcome(events: &[Event]) -> Outcome {
    match events.last() {
        Some(Event::Finished(outcome)) => *outcome,
        other => panic!("the last event is the outcome, not {other:?}"),
    }
}

#[test]
fn poll_step_makes_the_same_decisions_as_simulate_for_every_preset() {
    let policies = [
        presets::smarter_launch::retry_policy(),
        presets::lytics::retry_policy(),
        presets::listrak::retry_policy(),
        presets::netcore::retry_policy(),
        presets::svix::retry_policy(),
        presets::standard_webhooks::retry_policy(),
    ];
    let script = |n: u32| match n {
        1 => Reply::status(503).with_retry_after("7"),
        2 => Reply::Transport(TransportFailure::Connect),
        3 => Reply::Silence,
        4 => Reply::status(500),
        _ => Reply::status(200),
    };
    for policy in policies {
        let (driven, _) = drive(&mut delivery(policy.clone()), script);
        let simulated = simulate(&mut delivery(policy.clone()), |t| {
            script(u32::try_from(t.id().get()).unwrap())
        });
        assert_eq!(driven, simulated.events, "{policy:?}");
    }
}

#[test]
fn a_silent_endpoint_times_out_at_the_deadline_without_a_separate_handle_timeout() {
    let mut delivery = delivery(presets::smarter_launch::retry_policy());
    let (events, _) = drive(&mut delivery, |_| Reply::Silence);
    let outcome = outcome(&events);
    assert_eq!(outcome.attempts, 3);
    assert!(matches!(outcome.kind, OutcomeKind::Failed { .. }));
    assert!(events.iter().all(|event| !matches!(
        event,
        Event::AttemptFinished { record, .. }
            if record.result != hookwire::delivery::AttemptResult::Transport(TransportFailure::TimedOut)
    )));
}

#[test]
fn a_clock_stepped_back_is_taken_as_the_latest_time_and_the_loop_goes_on() {
    let mut delivery = delivery(presets::smarter_launch::retry_policy());
    let start = Timestamp::from_unix_secs(START);
    let Some(Step::Transmit(first)) = delivery.poll_step(start) else {
        panic!("the first attempt is due at once")
    };
    let response = http::Response::builder().status(500).body(()).unwrap();
    delivery
        .handle_response(start, first.id(), &response)
        .unwrap();
    // The wall clock steps back an hour: the driver neither errs nor hands out a wait in
    // the past.
    let behind = Timestamp::from_unix_secs(START - 3600);
    let mut waits = 0;
    while let Some(step) = delivery.poll_step(behind) {
        match step {
            Step::Event(_) => {}
            Step::Wait(until) => {
                assert_eq!(until, Timestamp::from_unix_secs(START + 10));
                waits += 1;
                if waits == 3 {
                    break; // the same wait, as often as asked: no spinning transmits
                }
            }
            Step::Transmit(_) => panic!("nothing is due before the retry"),
        }
    }
    assert_eq!(waits, 3);
}

#[test]
fn response_head_hands_in_a_response_whose_body_hookwire_cannot_read() {
    struct Stream;
    let mut delivery = delivery(presets::lytics::retry_policy());
    let now = Timestamp::from_unix_secs(START);
    let Some(Step::Transmit(transmit)) = delivery.poll_step(now) else {
        panic!("due at once")
    };
    let response = http::Response::builder()
        .status(429)
        .header("retry-after", "120")
        .body(Stream)
        .unwrap();
    delivery
        .handle_response(now, transmit.id(), &response_head(&response))
        .unwrap();
    let _started = delivery.poll_step(now);
    let Some(Step::Event(Event::AttemptFinished {
        next_attempt_at, ..
    })) = delivery.poll_step(now)
    else {
        panic!("the attempt finished")
    };
    // Lytics: Retry-After sleeps the delivery for as long as asked.
    assert_eq!(
        next_attempt_at,
        Some(Timestamp::from_unix_secs(START + 120))
    );
    let _ = response.into_body(); // still the caller's to read
}
