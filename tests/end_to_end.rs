//! End to end over loopback, one test per seed system: real sockets (tiny_http servers,
//! the ureq adapter as the client), real signatures, and the presets' real retry decisions
//! played on a compressed clock (1 s of policy time passes in 10 ms). Each receiver checks
//! every request with hookwire's `Receiver` and parses it into the system's typed events.
//!
//! Sender and receivers read the same compressed clock, so signing times stay within the
//! receivers' tolerances: a compressed sender clock against a receiver on the wall clock
//! would be refused once it ran ahead by more than the tolerance. The assertions are on
//! decisions (attempts, statuses, the policies' delays, verified payloads), never on how
//! long anything took.

// A test harness: it reads the real clock to compress it.
#![allow(clippy::disallowed_methods)]

use std::sync::Arc;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use hookwire::adapters::ureq;
use hookwire::delivery::{
    AttemptRecord, Delivery, Event, Message, Outcome, OutcomeKind, Route, Step, response_head,
};
use hookwire::format::cloudevents::{self, CloudEvent};
use hookwire::format::listrak::{self, Contact, ListrakBody};
use hookwire::format::lytics::{self, Meta, SegmentEvent, UserData};
use hookwire::format::netcore::{self, Batch};
use hookwire::format::smarter_launch::AutomationEvent;
use hookwire::guard::Guard;
use hookwire::receive::{
    BodyFormat, CloudEventsHttp, ListrakJson, LyticsJson, NetcoreForm, Receiver, ReplayGuard,
    SmarterLaunchJson,
};
use hookwire::{
    BasicAuth, Endpoint, EndpointBuilder, Key, Keyring, MessageId, Scheme, Secret, Signer,
    Timestamp, Verifier, presets,
};

/// How much faster than the wall clock the shared clock runs.
const SPEED: u32 = 100;

/// The compressed clock sender and receivers share.
#[derive(Debug)]
struct Clock {
    base: Timestamp,
    started: Instant,
}

impl Clock {
    fn new() -> Arc<Self> {
        Arc::new(Clock {
            base: Timestamp::from_unix_secs(1_700_000_000),
            started: Instant::now(),
        })
    }

    fn now(&self) -> Timestamp {
        self.base
            .saturating_add(self.started.elapsed().saturating_mul(SPEED))
    }

    fn sleep_until(&self, until: Timestamp) {
        std::thread::sleep(until.saturating_duration_since(self.now()) / SPEED);
    }
}

/// What the scripted endpoint answers, in order, once each request has been checked;
/// 200 when the script runs out.
type Script = Vec<(u16, Option<&'static str>)>;

/// A verified request the endpoint answered 200, as its typed data.
type Delivered<T> = mpsc::Receiver<T>;

/// Starts a tiny_http server checking every request with `receiver` on `clock`: a
/// refused request is answered with the rejection's status (so the delivery does not end
/// delivered, and the test fails); an accepted one with the script's next answer, or,
/// once the script has run out, with 200 after its data is put on the channel.
fn serve<F>(
    receiver: Receiver<F>,
    clock: Arc<Clock>,
    script: Script,
    mut guard: Option<ReplayGuard>,
) -> (String, Delivered<F::Output>)
where
    F: BodyFormat + Send + 'static,
    F::Output: Send + 'static,
{
    let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
    let port = server.server_addr().to_ip().unwrap().port();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut script = script.into_iter();
        for mut request in server.incoming_requests() {
            let mut body = Vec::new();
            request.as_reader().read_to_end(&mut body).unwrap();
            let mut http = http::Request::builder()
                .method(request.method().as_str())
                .uri(request.url())
                .body(body)
                .unwrap();
            for header in request.headers() {
                http.headers_mut().append(
                    http::HeaderName::from_bytes(header.field.as_str().as_str().as_bytes())
                        .unwrap(),
                    http::HeaderValue::from_bytes(header.value.as_bytes()).unwrap(),
                );
            }
            let peer = request.remote_addr().unwrap().ip();
            let response = match receiver.receive(&http, peer, clock.now(), guard.as_mut()) {
                Err(rejection) => {
                    eprintln!("refused: {rejection}");
                    tiny_http::Response::empty(rejection.status().as_u16())
                }
                Ok(accepted) => match script.next() {
                    Some((status, retry_after)) => {
                        // Not processed: the sender's retry of the same message must get
                        // through the replay guard.
                        if let (Some(guard), Some(key)) = (guard.as_mut(), accepted.replay_key()) {
                            guard.forget(&key);
                        }
                        let mut response = tiny_http::Response::empty(status);
                        if let Some(value) = retry_after {
                            response.add_header(
                                tiny_http::Header::from_bytes("Retry-After", value).unwrap(),
                            );
                        }
                        response
                    }
                    None => {
                        let _ = tx.send(accepted.into_data());
                        tiny_http::Response::empty(200)
                    }
                },
            };
            let _ = request.respond(response);
        }
    });
    (format!("http://127.0.0.1:{port}"), rx)
}

/// The drive loop of `examples/send_ureq.rs`, on the compressed clock: the outcome and
/// every finished attempt with the delay the policy chose after it.
fn deliver(
    route: Route,
    message: Message,
    clock: &Clock,
) -> (Outcome, Vec<(AttemptRecord, Option<Duration>, bool)>) {
    let agent = ureq::agent();
    let mut delivery = Delivery::new(route, message, clock.now());
    let mut attempts = Vec::new();
    let mut outcome = None;
    while let Some(step) = delivery.poll_step(clock.now()) {
        match step {
            Step::Transmit(transmit) => {
                // The endpoint is on loopback: the guard must let it through.
                let cleared = transmit.clear(&["127.0.0.1".parse().unwrap()]).unwrap();
                assert!(cleared.address().ip().is_loopback());
                match ureq::send(&agent, &transmit, clock.now()) {
                    Ok(response) => delivery
                        .handle_response(clock.now(), transmit.id(), &response_head(&response))
                        .unwrap(),
                    Err(failure) => delivery
                        .handle_transport_error(clock.now(), transmit.id(), failure)
                        .unwrap(),
                }
            }
            Step::Event(Event::AttemptFinished {
                record,
                next_attempt_at,
                counted,
                ..
            }) => attempts.push((
                record,
                next_attempt_at.map(|next| next.saturating_duration_since(record.ended_at)),
                counted,
            )),
            Step::Event(Event::Finished(done)) => outcome = Some(done),
            Step::Event(_) => {}
            Step::Wait(until) => clock.sleep_until(until),
        }
    }
    (outcome.expect("every delivery ends"), attempts)
}

/// The recipe for a local test endpoint of an https-only preset: the same builder, with
/// plain HTTP allowed and a guard that admits loopback (and nothing else internal).
fn local(preset: EndpointBuilder) -> EndpointBuilder {
    preset
        .require_https(false)
        .guard(Guard::builder().allow("127.0.0.0/8").build().unwrap())
}

fn statuses(attempts: &[(AttemptRecord, Option<Duration>, bool)]) -> Vec<String> {
    attempts
        .iter()
        .map(|(record, _, _)| record.result.to_string())
        .collect()
}

#[test]
fn listrak_a_json_mode_step_is_retried_after_a_500_and_verified() {
    let clock = Clock::new();
    let keys = || Keyring::new().with(Secret::from_text("listrak-integration-secret").unwrap());
    let receiver = Receiver::builder(ListrakJson)
        .verifier(Verifier::new(Scheme::listrak(), keys()).unwrap())
        .build()
        .unwrap();
    let (base, delivered) = serve(receiver, clock.clone(), vec![(500, None)], None);

    let template = listrak::template(r#"{"cart": "{{cart}}", "hi": "Hi {{first_name}}"}"#).unwrap();
    let data = serde_json::json!({"first_name": "Ada", "cart": {"total": 42.5}});
    let contact = Contact::new()
        .with_email("ada@example.com")
        .with_phone("+15555550100");
    let payload = template.render(&data, &contact.appended()).unwrap();
    let route = Route::new(
        local(presets::listrak::endpoint(format!("{base}/ltk")))
            .build()
            .unwrap(),
    )
    .with_signer(Signer::new(Scheme::listrak(), keys()).unwrap())
    .with_policy(presets::listrak::retry_policy());
    let message = Message::new(MessageId::new("cart-17").unwrap(), payload);

    let (outcome, attempts) = deliver(route, message, &clock);
    assert_eq!(outcome.kind, OutcomeKind::Delivered { status: 200 });
    assert_eq!(statuses(&attempts), ["500", "200"]);
    // Listrak: the first retry after 30 s, ±10 %.
    let delay = attempts[0].1.unwrap();
    assert!((27..=33).contains(&delay.as_secs()), "{delay:?}");
    let ListrakBody::Template(body) = delivered.recv().unwrap() else {
        panic!("a JSON-mode body")
    };
    assert_eq!(body.contact.email(), Some("ada@example.com"));
    assert_eq!(body.fields["hi"], "Hi Ada");
    assert_eq!(body.fields["cart"]["total"], 42.5);
}

#[test]
fn smarter_launch_an_automation_event_is_tried_three_times_as_the_seed_says() {
    let clock = Clock::new();
    let keys = || Keyring::new().with(Secret::from_text("account-key").unwrap());
    let receiver = Receiver::builder(SmarterLaunchJson)
        .verifier(Verifier::new(Scheme::smarter_launch(), keys()).unwrap())
        .build()
        .unwrap();
    let (base, delivered) = serve(
        receiver,
        clock.clone(),
        vec![(500, None), (503, None)],
        None,
    );
    let mut event = AutomationEvent::new(AutomationEvent::PROPOSAL_ACCEPTED);
    event.data = serde_json::json!({"proposal": {"id": 42, "amount": 1250.0}});
    let route = Route::new(Endpoint::builder(format!("{base}/sl")).build().unwrap())
        .with_signer(Signer::new(Scheme::smarter_launch(), keys()).unwrap())
        .with_policy(presets::smarter_launch::retry_policy());
    let message = Message::new(
        MessageId::new("proposal-42").unwrap(),
        event.render().unwrap(),
    );

    let (outcome, attempts) = deliver(route, message, &clock);
    assert_eq!(outcome.kind, OutcomeKind::Delivered { status: 200 });
    assert_eq!(statuses(&attempts), ["500", "503", "200"]);
    // "try again in 10 seconds … again in 100 seconds".
    let delays: Vec<_> = attempts.iter().map(|(_, delay, _)| *delay).collect();
    assert_eq!(
        delays[..2],
        [
            Some(Duration::from_secs(10)),
            Some(Duration::from_secs(100))
        ]
    );
    let received = delivered.recv().unwrap();
    assert_eq!(received.event, "proposal.accepted");
    assert_eq!(received.data["proposal"]["id"], 42);
}

#[test]
fn netcore_a_batch_with_basic_auth_is_retried_until_the_200_netcore_counts() {
    let clock = Clock::new();
    let receiver = Receiver::builder(NetcoreForm)
        .basic_auth(BasicAuth::new("netcore", "s3cret").unwrap())
        .allow_ip("127.0.0.0/8")
        .build()
        .unwrap();
    // A 204 is a 2xx, but Netcore counts only 200 as delivered.
    let (base, delivered) = serve(receiver, clock.clone(), vec![(204, None)], None);
    let batch: Batch = serde_json::from_str(
        r#"{"pod2_email": [{"msgid": "103", "event": "open"}, {"msgid": "104", "event": "click"}]}"#,
    )
    .unwrap();
    let endpoint = Endpoint::builder(format!("{base}/netcore"))
        .basic_auth(BasicAuth::new("netcore", "s3cret").unwrap())
        .build()
        .unwrap();
    let route = Route::new(endpoint).with_policy(presets::netcore::retry_policy());
    let message = Message::new(
        MessageId::new("batch-1").unwrap(),
        netcore::render(&batch).unwrap(),
    );

    let (outcome, attempts) = deliver(route, message, &clock);
    assert_eq!(outcome.kind, OutcomeKind::Delivered { status: 200 });
    assert_eq!(statuses(&attempts), ["204", "200"]);
    let delay = attempts[0].1.unwrap();
    assert!(
        (9..=11).contains(&delay.as_secs()),
        "Netcore: 10 s ±10 %, got {delay:?}"
    );
    assert_eq!(delivered.recv().unwrap(), batch);
}

#[test]
fn lytics_an_audience_entry_sleeps_out_a_retry_after_without_using_an_attempt() {
    let clock = Clock::new();
    let receiver = Receiver::builder(LyticsJson)
        .allow_ip("127.0.0.0/8")
        .build()
        .unwrap();
    let (base, delivered) = serve(receiver, clock.clone(), vec![(429, Some("20"))], None);
    let entered = SegmentEvent::enter("a1", "high_value", clock.now()).unwrap();
    let mut data = UserData {
        segment_events: Some(vec![entered]),
        ..UserData::default()
    };
    data.fields
        .insert("email".into(), serde_json::json!("ada@example.com"));
    let event = lytics::Event::new("user-1", data, Meta::new("sub-9", clock.now()).unwrap());
    let route = Route::new(
        local(presets::lytics::endpoint(format!("{base}/lytics")))
            .build()
            .unwrap(),
    )
    .with_policy(presets::lytics::retry_policy());
    let message = Message::new(
        MessageId::new("user-1-enter").unwrap(),
        lytics::render(&event),
    );

    let (outcome, attempts) = deliver(route, message, &clock);
    assert_eq!(outcome.kind, OutcomeKind::Delivered { status: 200 });
    assert_eq!(statuses(&attempts), ["429", "200"]);
    let (_, delay, counted) = &attempts[0];
    assert_eq!(
        *delay,
        Some(Duration::from_secs(20)),
        "Retry-After is honoured"
    );
    assert!(!counted, "Lytics: a Retry-After sleep uses no attempt");
    let received = delivered.recv().unwrap();
    assert_eq!(received, vec![event]);
}

#[test]
fn standard_webhooks_a_cloudevent_is_retried_through_the_replay_guard_and_verified() {
    let clock = Clock::new();
    let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    let keys = || Keyring::new().with(Key::parse_standard(secret).unwrap());
    let receiver = Receiver::builder(CloudEventsHttp)
        .verifier(Verifier::new(Scheme::StandardWebhooks, keys()).unwrap())
        .build()
        .unwrap();
    let guard = ReplayGuard::new(1000).unwrap();
    let (base, delivered) = serve(receiver, clock.clone(), vec![(500, None)], Some(guard));
    let event = CloudEvent::builder("evt-1", "/journeys/welcome", "com.example.email.opened")
        .data_json(serde_json::json!({"email": "ada@example.com"}))
        .build()
        .unwrap();
    let route = Route::new(Endpoint::builder(format!("{base}/ce")).build().unwrap())
        .with_signer(Signer::new(Scheme::StandardWebhooks, keys()).unwrap())
        .with_policy(presets::standard_webhooks::retry_policy());
    let message = Message::new(
        MessageId::new("msg_evt_1").unwrap(),
        cloudevents::render_structured(&event),
    );

    let (outcome, attempts) = deliver(route, message, &clock);
    assert_eq!(outcome.kind, OutcomeKind::Delivered { status: 200 });
    assert_eq!(statuses(&attempts), ["500", "200"]);
    let received = delivered.recv().unwrap().into_events();
    assert_eq!(received, vec![event]);
}

#[test]
fn lytics_a_dispatcher_fetches_an_oauth2_token_then_sends_one_batch_with_it() {
    use hookwire::auth::ClientCredentials;
    use hookwire::delivery::Event as DeliveryEvent;
    use hookwire::dispatch::{DeliveryKey, Dispatcher, Event as DispatchEvent, RouteKey};

    let clock = Clock::new();
    let receiver = Receiver::builder(LyticsJson)
        .allow_ip("127.0.0.0/8")
        .build()
        .unwrap();
    // One server: the token endpoint checks the client's Basic credentials; the webhook
    // endpoint checks the Bearer token, then hookwire's receiver.
    let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
    let port = server.server_addr().to_ip().unwrap().port();
    let (tx, delivered) = mpsc::channel();
    let server_clock = clock.clone();
    std::thread::spawn(move || {
        let client = BasicAuth::new("client", "secret").unwrap().header_value();
        for mut request in server.incoming_requests() {
            let mut body = Vec::new();
            request.as_reader().read_to_end(&mut body).unwrap();
            let header = |name: &'static str| {
                request
                    .headers()
                    .iter()
                    .find(|h| h.field.equiv(name))
                    .map(|h| h.value.as_str().to_owned())
            };
            let response = if request.url() == "/token" {
                if header("Authorization").as_deref() == client.to_str().ok() {
                    tiny_http::Response::from_string(
                        r#"{"access_token":"tok-123","token_type":"Bearer","expires_in":3600}"#,
                    )
                    .with_header(
                        tiny_http::Header::from_bytes("Content-Type", "application/json").unwrap(),
                    )
                } else {
                    tiny_http::Response::from_string("").with_status_code(401)
                }
            } else if header("Authorization").as_deref() != Some("Bearer tok-123") {
                tiny_http::Response::from_string("").with_status_code(401)
            } else {
                let mut http = http::Request::post(request.url()).body(body).unwrap();
                http.headers_mut().insert(
                    "content-type",
                    http::HeaderValue::from_str(&header("Content-Type").unwrap_or_default())
                        .unwrap(),
                );
                let peer = request.remote_addr().unwrap().ip();
                match receiver.receive(&http, peer, server_clock.now(), None) {
                    Ok(accepted) => {
                        let _ = tx.send(accepted.into_data());
                        tiny_http::Response::from_string("")
                    }
                    Err(rejection) => tiny_http::Response::from_string("")
                        .with_status_code(rejection.status().as_u16()),
                }
            };
            let _ = request.respond(response);
        }
    });

    let base = format!("http://127.0.0.1:{port}");
    let route = Route::new(
        local(presets::lytics::endpoint(format!("{base}/lytics")))
            .build()
            .unwrap(),
    )
    .with_policy(presets::lytics::retry_policy());
    let token_url = local(Endpoint::builder(format!("{base}/token")))
        .build()
        .unwrap();
    let config = presets::lytics::route_config(route, None)
        .unwrap()
        .with_batching(presets::lytics::batching(None, false).unwrap())
        .with_oauth2(ClientCredentials::new(token_url, "client", "secret"));
    let mut dispatcher = Dispatcher::new(clock.now());
    dispatcher.add_route(RouteKey::new(1), config).unwrap();
    let events: Vec<lytics::Event> = (0..3)
        .map(|n| {
            let entered = SegmentEvent::enter("a1", "high_value", clock.now()).unwrap();
            let data = UserData {
                segment_events: Some(vec![entered]),
                ..UserData::default()
            };
            lytics::Event::new(
                format!("user-{n}"),
                data,
                Meta::new("sub-9", clock.now()).unwrap(),
            )
        })
        .collect();
    for (n, event) in events.iter().enumerate() {
        let message = Message::new(
            MessageId::new(format!("user-{n}")).unwrap(),
            lytics::render(event),
        );
        dispatcher
            .enqueue(
                clock.now(),
                RouteKey::new(1),
                DeliveryKey::new(n as u64),
                message,
            )
            .unwrap();
    }

    // The dispatcher's drive loop: the same order as a delivery's, by transmit id.
    let agent = ureq::agent();
    let mut sent = Vec::new();
    let mut delivered_keys = Vec::new();
    while delivered_keys.len() < 3 {
        let now = clock.now();
        dispatcher.handle_timeout(now).unwrap();
        while let Some(transmit) = dispatcher.poll_transmit(now) {
            let transmit = transmit.into_inner();
            let id = transmit.id();
            sent.push(transmit.request().uri().path().to_owned());
            match ureq::send(&agent, &transmit, now) {
                Ok(response) => {
                    // The token is in the body: read it for the dispatcher.
                    let (parts, mut body) = response.into_parts();
                    let bytes = body.read_to_vec().unwrap();
                    let response = http::Response::from_parts(parts, bytes);
                    dispatcher
                        .handle_response(clock.now(), id, &response)
                        .unwrap();
                }
                Err(failure) => dispatcher
                    .handle_transport_error(clock.now(), id, failure)
                    .unwrap(),
            }
        }
        while let Some(event) = dispatcher.poll_event() {
            if let DispatchEvent::Delivery {
                delivery,
                event: DeliveryEvent::Finished(outcome),
                ..
            } = event
            {
                assert_eq!(outcome.kind, OutcomeKind::Delivered { status: 200 });
                delivered_keys.push(delivery);
            }
        }
        if let Some(due) = dispatcher.poll_timeout() {
            clock.sleep_until(due);
        }
    }
    assert_eq!(
        sent,
        ["/token", "/lytics"],
        "one token, then one batch of three"
    );
    assert_eq!(delivered.recv().unwrap(), events);
}
