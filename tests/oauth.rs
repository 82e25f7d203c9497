//! OAuth 2.0 client credentials on a dispatcher route (Lytics' "OAuth 2.0 Client
//! Credentials Grant", RFC 6749 §4.4): the token as one more transmit, deliveries waiting
//! for it in order, cached until `expires_in` less the margin, refreshed on expiry and on a
//! 401 (replayed once, using no attempt), placed by `{token}` or as a Bearer, errors precise.

use std::sync::Arc;
use std::time::Duration;

use hookwire::auth::{ClientAuth, ClientCredentials, TokenError};
use hookwire::delivery::{self, Message, OutcomeKind, Reply, Route};
use hookwire::dispatch::{
    Answer, DeliveryKey, Dispatcher, Event, RouteConfig, RouteEvent, RouteKey, Seen, simulate,
};
use hookwire::{Endpoint, MessageId, Payload, Timestamp, presets};

const START: Timestamp = Timestamp::from_unix_secs(1_700_000_000);

fn grant() -> ClientCredentials {
    ClientCredentials::new(
        Endpoint::builder("https://www.example.com:9031/as/token.oauth2")
            .build()
            .unwrap(),
        "s6BhdRkqt3",
        "gX1fBat3bV",
    )
    .with_scopes(["webhooks"])
}

fn oauth_dispatcher(endpoint: Endpoint, grant: ClientCredentials, messages: u64) -> Dispatcher {
    let mut dispatcher = Dispatcher::new(START);
    let route = Route::new(endpoint).with_policy(presets::lytics::retry_policy());
    let config = RouteConfig::new(route)
        .with_workers(2)
        .unwrap()
        .with_oauth2(grant);
    dispatcher.add_route(RouteKey::new(0), config).unwrap();
    for n in 0..messages {
        let message = Arc::new(Message::new(
            MessageId::new(format!("m{n}")).unwrap(),
            Payload::json("{}"),
        ));
        dispatcher
            .enqueue(START, RouteKey::new(0), DeliveryKey::new(n), message)
            .unwrap();
    }
    dispatcher
}

fn token_body(token: &str, expires_in: u64) -> String {
    format!(r#"{{"access_token":"{token}","token_type":"Bearer","expires_in":{expires_in}}}"#)
}

/// A token server handing out `tok1`, `tok2`, … and an endpoint answering by `endpoint`.
struct Servers {
    issued: u32,
    token_requests: Vec<Timestamp>,
    authorizations: Vec<String>,
}

fn later(ms: u64) -> Timestamp {
    START.saturating_add(Duration::from_millis(ms))
}

fn outcomes(seen: &[Seen]) -> Vec<OutcomeKind> {
    seen.iter()
        .filter_map(|item| match item {
            Seen::Event {
                event:
                    Event::Delivery {
                        event: delivery::Event::Finished(outcome),
                        ..
                    },
                ..
            } => Some(outcome.kind),
            _ => None,
        })
        .collect()
}

#[test]
fn the_token_is_fetched_first_cached_and_refreshed_on_expiry() {
    let endpoint = Endpoint::builder("https://hooks.example.com/in")
        .build()
        .unwrap();
    let mut dispatcher = oauth_dispatcher(endpoint, grant(), 4);
    let mut servers = Servers {
        issued: 0,
        token_requests: Vec::new(),
        authorizations: Vec::new(),
    };
    // The token lives 120 s, refreshed 60 s early: the second delivery wave (at +90 s) needs
    // a second token.
    let mut wave = 0;
    let run = simulate(&mut dispatcher, later(600_000), |transmit| {
        let request = transmit.request();
        if transmit.deliveries().is_empty() {
            assert_eq!(
                request.uri(),
                "https://www.example.com:9031/as/token.oauth2"
            );
            assert_eq!(
                request.headers()["authorization"],
                "Basic czZCaGRSa3F0MzpnWDFmQmF0M2JW"
            );
            assert_eq!(
                request.body().as_ref(),
                b"grant_type=client_credentials&scope=webhooks"
            );
            servers.issued += 1;
            servers.token_requests.push(transmit.deadline());
            let body = token_body(&format!("tok{}", servers.issued), 120);
            return Answer::after(Duration::from_millis(5), Reply::status(200).with_body(body));
        }
        servers.authorizations.push(
            request.headers()["authorization"]
                .to_str()
                .unwrap()
                .to_owned(),
        );
        wave += 1;
        // The first two answer 503 with a 90 s Retry-After: they come back after the
        // first token expired.
        if wave <= 2 {
            Answer::after(
                Duration::from_millis(5),
                Reply::status(503).with_retry_after("90"),
            )
        } else {
            Answer::after(Duration::from_millis(5), Reply::status(200))
        }
    });
    assert_eq!(servers.issued, 2);
    // Two waves on the first token; the retries at +90 s, past its refresh time (120 s
    // less the 60 s margin), on the second.
    assert_eq!(
        servers.authorizations,
        [
            "Bearer tok1",
            "Bearer tok1",
            "Bearer tok1",
            "Bearer tok1",
            "Bearer tok2",
            "Bearer tok2"
        ]
    );
    assert_eq!(outcomes(&run.seen).len(), 4);
    // The token request came before any delivery.
    assert!(matches!(&run.seen[0], Seen::Transmit { deliveries, .. } if deliveries.is_empty()));
}

#[test]
fn a_401_refreshes_the_token_and_replays_without_spending_an_attempt() {
    let endpoint = Endpoint::builder("https://hooks.example.com/in")
        .build()
        .unwrap();
    let mut dispatcher = oauth_dispatcher(endpoint, grant(), 2);
    let mut issued = 0;
    let mut seen_auth = Vec::new();
    let run = simulate(&mut dispatcher, later(600_000), |transmit| {
        if transmit.deliveries().is_empty() {
            issued += 1;
            let body = token_body(&format!("tok{issued}"), 3_600);
            return Answer::after(Duration::ZERO, Reply::status(200).with_body(body));
        }
        let auth = transmit.request().headers()["authorization"]
            .to_str()
            .unwrap()
            .to_owned();
        seen_auth.push(auth.clone());
        // tok1 works once, then the server revokes it.
        let status = if auth == "Bearer tok1" && seen_auth.len() > 1 {
            401
        } else {
            200
        };
        Answer::after(Duration::from_millis(10), Reply::status(status))
    });
    assert_eq!(issued, 2);
    assert_eq!(seen_auth, ["Bearer tok1", "Bearer tok1", "Bearer tok2"]);
    assert_eq!(
        outcomes(&run.seen),
        [OutcomeKind::Delivered { status: 200 }; 2]
    );
    // The replayed attempt used no budget.
    let replayed = run.seen.iter().any(|item| matches!(item,
        Seen::Event { event: Event::Delivery { event: delivery::Event::AttemptFinished { counted: false, record, .. }, .. }, .. }
        if record.result == delivery::AttemptResult::Status(401)));
    assert!(replayed);

    // A token refused on its first use is not replayed for free: a server refusing every
    // token cannot loop.
    let endpoint = Endpoint::builder("https://hooks.example.com/in")
        .build()
        .unwrap();
    let mut dispatcher = oauth_dispatcher(endpoint, grant(), 1);
    let mut issued = 0;
    let run = simulate(&mut dispatcher, later(86_400_000), |transmit| {
        if transmit.deliveries().is_empty() {
            issued += 1;
            return Answer::after(
                Duration::ZERO,
                Reply::status(200).with_body(token_body("t", 3_600)),
            );
        }
        Answer::after(Duration::ZERO, Reply::status(401))
    });
    assert!(matches!(
        outcomes(&run.seen)[..],
        [OutcomeKind::Failed { .. }]
    ));
    assert_eq!(issued, 10, "one token per counted attempt, ten attempts");
}

#[test]
fn the_token_goes_where_the_placeholder_stands() {
    let endpoint = Endpoint::builder("https://hooks.example.com/in")
        .header("X-Auth", "Token {token}")
        .query("access_token", "{token}")
        .build()
        .unwrap();
    let mut dispatcher = oauth_dispatcher(endpoint, grant().with_client_auth(ClientAuth::Body), 1);
    let mut requests = Vec::new();
    simulate(&mut dispatcher, later(60_000), |transmit| {
        requests.push(transmit.request().clone());
        if transmit.deliveries().is_empty() {
            return Answer::after(
                Duration::ZERO,
                Reply::status(200).with_body(token_body("a/b+c=", 3_600)),
            );
        }
        Answer::after(Duration::ZERO, Reply::status(200))
    });
    let token_request = &requests[0];
    assert!(!token_request.headers().contains_key("authorization"));
    assert_eq!(
        token_request.body().as_ref(),
        b"grant_type=client_credentials&scope=webhooks&client_id=s6BhdRkqt3&client_secret=gX1fBat3bV"
    );
    let sent = &requests[1];
    assert_eq!(sent.headers()["x-auth"], "Token a/b+c=");
    assert!(sent.headers()["x-auth"].is_sensitive());
    assert!(
        !sent.headers().contains_key("authorization"),
        "no Bearer when a placeholder stands"
    );
    assert_eq!(
        sent.uri(),
        "https://hooks.example.com/in?access_token=a%2Fb%2Bc%3D"
    );
}

#[test]
fn token_errors_are_precise_events_and_the_deliveries_wait() {
    let endpoint = Endpoint::builder("https://hooks.example.com/in")
        .build()
        .unwrap();
    let mut dispatcher = oauth_dispatcher(endpoint, grant(), 3);
    let mut token_requests = 0;
    let run = simulate(&mut dispatcher, later(90_000), |transmit| {
        if transmit.deliveries().is_empty() {
            token_requests += 1;
            let body = r#"{"error":"invalid_client","error_description":"unknown client"}"#;
            return Answer::after(Duration::ZERO, Reply::status(401).with_body(body));
        }
        Answer::after(Duration::ZERO, Reply::status(200))
    });
    let errors: Vec<(TokenError, Timestamp)> = run
        .seen
        .iter()
        .filter_map(|item| match item {
            Seen::Event {
                event:
                    Event::Route {
                        event: RouteEvent::TokenFailed { error, retry_at },
                        ..
                    },
                ..
            } => Some((error.clone(), *retry_at)),
            _ => None,
        })
        .collect();
    assert_eq!(token_requests, 2, "asked again a minute later");
    assert_eq!(
        errors[0],
        (
            TokenError::InvalidClient {
                description: Some("unknown client".into())
            },
            later(60_000)
        )
    );
    assert_eq!(
        errors[0].0.to_string(),
        "the token server refused the client credentials (invalid_client): unknown client"
    );
    assert_eq!(
        dispatcher.len(),
        3,
        "nothing sent without a token, nothing dropped"
    );
    assert!(
        !format!("{dispatcher:?}{:?}", dispatcher.route(RouteKey::new(0))).contains("gX1fBat3bV")
    );
}

#[test]
fn a_token_shorter_lived_than_the_margin_still_carries_requests() {
    let endpoint = Endpoint::builder("https://hooks.example.com/in")
        .build()
        .unwrap();
    // 30 s tokens against the 60 s default margin: each is used for 15 s.
    let mut dispatcher = oauth_dispatcher(endpoint, grant(), 3);
    let mut token_requests = 0;
    let run = simulate(&mut dispatcher, later(600_000), |transmit| {
        if transmit.deliveries().is_empty() {
            token_requests += 1;
            let body = token_body(&format!("tok{token_requests}"), 30);
            return Answer::after(Duration::ZERO, Reply::status(200).with_body(body));
        }
        Answer::after(Duration::from_millis(10), Reply::status(200))
    });
    assert_eq!(token_requests, 1);
    assert_eq!(
        outcomes(&run.seen),
        [OutcomeKind::Delivered { status: 200 }; 3]
    );
}
