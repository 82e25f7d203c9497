//! The SSRF guard in the drive loop: a guarded endpoint's transmits are cleared against
//! the host's resolved addresses before they are sent, and a denial fails the delivery.

use std::net::IpAddr;

use hookwire::delivery::TransportFailure;
use hookwire::delivery::{Delivery, Event, FailureReason, Message, OutcomeKind, Route};
use hookwire::guard::{Denied, Guard};
use hookwire::{Endpoint, EndpointError, MessageId, Payload, Timestamp, presets};

fn ip(text: &str) -> IpAddr {
    text.parse().unwrap()
}

fn delivery(endpoint: Endpoint, now: Timestamp) -> Delivery {
    let route = Route::new(endpoint).with_policy(presets::lytics::retry_policy());
    let message = Message::new(MessageId::new("msg_guard").unwrap(), Payload::json("{}"));
    Delivery::new(route, message, now)
}

/// The host's side of the loop: resolve with `resolver`, clear, then "send" (answer 200).
fn drive(delivery: &mut Delivery, now: Timestamp, resolver: impl Fn(&str) -> Vec<IpAddr>) {
    while let Some(transmit) = delivery.poll_transmit(now) {
        let resolved = match transmit.target() {
            Ok(target) => target.name().map(&resolver).unwrap_or_default(),
            Err(_) => Vec::new(),
        };
        match transmit.clear(&resolved) {
            Ok(cleared) => {
                assert!(!cleared.follow_redirects());
                let response = http::Response::builder().status(200).body(()).unwrap();
                delivery
                    .handle_response(now, transmit.id(), &response)
                    .unwrap();
            }
            Err(_denied) => delivery
                .handle_transport_error(now, transmit.id(), TransportFailure::Denied)
                .unwrap(),
        }
    }
}

#[test]
fn a_guarded_endpoint_is_delivered_to_the_pinned_public_address() {
    let endpoint = presets::lytics::endpoint("https://hooks.example.com/in")
        .build()
        .unwrap();
    let now = Timestamp::from_unix_secs(1_700_000_000);
    let mut delivery = delivery(endpoint, now);
    drive(&mut delivery, now, |_| vec![ip("93.184.215.14")]);
    assert_eq!(
        delivery.state().outcome(),
        Some(OutcomeKind::Delivered { status: 200 })
    );
}

#[test]
fn a_denied_destination_fails_the_delivery_at_once_and_is_never_retried() {
    let endpoint = presets::listrak::endpoint("https://hooks.example.com/in")
        .build()
        .unwrap();
    let now = Timestamp::from_unix_secs(1_700_000_000);
    let mut delivery = delivery(endpoint, now);
    // DNS rebinding: a public address and the metadata service.
    drive(&mut delivery, now, |_| {
        vec![ip("93.184.215.14"), ip("169.254.169.254")]
    });
    let events: Vec<Event> = std::iter::from_fn(|| delivery.poll_event()).collect();
    assert!(matches!(
        &events[1],
        Event::AttemptFinished {
            next_attempt_at: None,
            ..
        }
    ));
    let Some(Event::Finished(outcome)) = events.last() else {
        panic!("{events:?}");
    };
    assert_eq!(
        outcome.kind,
        OutcomeKind::Failed {
            reason: FailureReason::DestinationDenied
        }
    );
    assert_eq!(
        outcome.kind.to_string(),
        "failed: destination denied by the SSRF guard"
    );
    assert_eq!(outcome.attempts, 1);
    assert_eq!(delivery.poll_timeout(), None);
    // A finished delivery sends nothing more.
    assert!(delivery.poll_transmit(now).is_none());
}

#[test]
fn an_unguarded_endpoint_lets_any_address_through_and_pins_the_first() {
    let endpoint = Endpoint::builder("http://localhost:8080/in")
        .build()
        .unwrap();
    let now = Timestamp::from_unix_secs(1_700_000_000);
    let mut delivery = delivery(endpoint, now);
    let transmit = delivery.poll_transmit(now).unwrap();
    assert!(transmit.guard().is_none());
    let cleared = transmit.clear(&[ip("127.0.0.1"), ip("::1")]).unwrap();
    assert_eq!(cleared.address().to_string(), "127.0.0.1:8080");
    assert!(matches!(
        transmit.clear(&[]),
        Err(Denied::NoAddresses { .. })
    ));
}

#[test]
fn a_guard_with_exceptions_travels_with_the_endpoint() {
    let guard = Guard::builder()
        .allow("10.20.0.0/16")
        .ports([8443])
        .build()
        .unwrap();
    let endpoint = Endpoint::builder("https://staging.internal:8443/in")
        .guard(guard.clone())
        .build()
        .unwrap();
    assert_eq!(endpoint.guard(), Some(&guard));
    // Stored and restored with the spec.
    let json = serde_json::to_string(&endpoint).unwrap();
    assert!(
        json.contains(r#""guard":{"allow":["10.20.0.0/16"],"ports":[8443]}"#),
        "{json}"
    );
    let back: Endpoint = serde_json::from_str(&json).unwrap();
    assert_eq!(back, endpoint);
    let tampered = json.replace("10.20.0.0/16", "010.20.0.0/16");
    assert!(serde_json::from_str::<Endpoint>(&tampered).is_err());

    let now = Timestamp::from_unix_secs(1_700_000_000);
    let mut delivery = delivery(back, now);
    let transmit = delivery.poll_transmit(now).unwrap();
    assert_eq!(
        transmit
            .clear(&[ip("10.20.1.2")])
            .unwrap()
            .address()
            .to_string(),
        "10.20.1.2:8443"
    );
    assert!(transmit.clear(&[ip("10.21.1.2")]).is_err());
}

#[test]
fn what_the_guard_can_judge_without_a_resolver_fails_at_build() {
    for url in [
        "https://127.0.0.1/in",
        "https://0x7f.1/in",
        "https://2130706433/in",
        "https://[::ffff:127.0.0.1]/in",
        "https://169.254.169.254/latest/meta-data/",
        "https://[fd00::1]/in",
        "https://10.1/in",
    ] {
        for builder in [
            presets::listrak::endpoint(url),
            presets::lytics::endpoint(url),
        ] {
            let err = builder.build().unwrap_err();
            assert!(
                matches!(err, EndpointError::InvalidUrl { .. }),
                "{url}: {err}"
            );
        }
        // Without a guard the same URL builds: the guard is what refuses it.
        assert!(Endpoint::builder(url).build().is_ok(), "{url}");
    }
    let only_443 = Guard::builder().ports([443]).build().unwrap();
    let err = Endpoint::builder("https://hooks.example.com:22/")
        .guard(only_443)
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("port 22 is not allowed"), "{err}");
}
