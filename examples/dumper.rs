//! A webhook "dumper": the seeds' advice for a first integration — point the sender at a tiny
//! receiver that logs every request it gets, verified or not, with its decoded data, and
//! answers 200 at once.
//!
//! ```text
//! cargo run --example dumper                                   # log on 127.0.0.1:8788
//! cargo run --example dumper -- --basic-auth netcore:secret    # also check Basic credentials
//! cargo run --example dumper -- --scheme standard --secret whsec_…   # also check signatures
//! cargo run --example dumper -- --self-test                    # send itself three requests, exit
//! ```
//!
//! The answer never depends on the verdict: a dumper exists to show what arrives, and a
//! sender that is refused while its integration is being built learns nothing. Put a real
//! receiver (see `receiver_axum.rs`) in front of anything that acts on the data.

use std::net::{IpAddr, Ipv4Addr};

use hookwire::format::netcore;
use hookwire::http::{HeaderMap, HeaderName, HeaderValue, Method};
use hookwire::receive::{BodyFormat, CloudEventsHttp, NetcoreForm, RawBody, Receiver};
use hookwire::{BasicAuth, Key, Keyring, Scheme, Secret, Timestamp, Verifier};

/// The host's clock, read in one place: the `system-clock` feature's adapter.
fn now() -> Timestamp {
    hookwire::adapters::clock::now()
}

fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = |flag: &str| {
        args.iter()
            .position(|arg| arg == flag)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let self_test = args.iter().any(|arg| arg == "--self-test");

    // The checks whose verdict is logged; the answer is 200 whatever they say.
    let mut builder = Receiver::builder(RawBody).max_body_size(4 * 1024 * 1024);
    if let Some(credentials) = value("--basic-auth") {
        let (user, password) = credentials
            .split_once(':')
            .ok_or("--basic-auth takes USER:PASS")?;
        builder = builder.basic_auth(BasicAuth::new(user, password)?);
    }
    if let (Some(name), Some(secret)) = (value("--scheme"), value("--secret")) {
        let scheme = Scheme::from_name(&name).ok_or("unknown --scheme")?;
        let key = match scheme {
            Scheme::StandardWebhooks => Key::parse_standard(&secret)?,
            _ => Key::from(Secret::from_text(&secret)?),
        };
        builder = builder.verifier(Verifier::new(scheme, Keyring::new().with(key))?);
    }
    let receiver = builder.build()?;

    let address = if self_test {
        "127.0.0.1:0".to_owned()
    } else {
        format!("127.0.0.1:{}", value("--port").as_deref().unwrap_or("8788"))
    };
    let server = tiny_http::Server::http(&address)?;
    let port = server
        .server_addr()
        .to_ip()
        .map(|addr| addr.port())
        .ok_or("no port")?;
    println!("dumping every request to http://127.0.0.1:{port}/ (Ctrl-C to stop)");

    let sender = self_test.then(|| std::thread::spawn(move || send_test_requests(port)));
    let mut dumped = 0;
    for mut request in server.incoming_requests() {
        let mut body = Vec::new();
        let read = request.as_reader().read_to_end(&mut body);
        let peer = request
            .remote_addr()
            .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |addr| addr.ip());
        let method = request.method().to_string();
        let path = request.url().to_owned();
        let headers = header_map(request.headers());
        // Answer first: the sender's timeout is not ours to spend on logging.
        let _ = request.respond(tiny_http::Response::empty(200));

        println!("\n── {method} {path} from {peer} ({} bytes)", body.len());
        for (name, value) in &headers {
            println!("   {name}: {}", String::from_utf8_lossy(value.as_bytes()));
        }
        if let Err(err) = read {
            println!("   body could not be read: {err}");
        }
        let parsed_method = Method::from_bytes(method.as_bytes()).unwrap_or(Method::POST);
        match receiver.receive_parts(&parsed_method, &headers, &body, peer, now(), None) {
            Ok(_) => println!("   verdict: accepted"),
            Err(rejection) => println!(
                "   verdict: would be refused with {}: {rejection}",
                rejection.status().as_u16()
            ),
        }
        for line in decode(&headers, &body) {
            println!("   {line}");
        }
        dumped += 1;
        if self_test && dumped == 3 {
            break;
        }
    }
    if let Some(sender) = sender {
        let statuses = sender.join().map_err(|_| "the sender panicked")??;
        if statuses != [200, 200, 200] {
            return Err(format!("self-test: expected three 200s, got {statuses:?}").into());
        }
        println!("\nself-test passed: three requests dumped, each answered 200");
    }
    Ok(())
}

/// What the body says, as typed as hookwire can make it.
fn decode(headers: &HeaderMap, body: &[u8]) -> Vec<String> {
    // The receiver's own formats decide which one a request is, by their content-type rules.
    if CloudEventsHttp.check_content_type(headers).is_ok() {
        return match CloudEventsHttp.parse(headers, body) {
            Ok(received) => received
                .into_events()
                .iter()
                .map(|event| {
                    format!(
                        "CloudEvent {} type={} source={} data={:?}",
                        event.id(),
                        event.ty(),
                        event.source(),
                        event.data()
                    )
                })
                .collect(),
            Err(err) => vec![format!("not a valid CloudEvent: {err}")],
        };
    }
    if NetcoreForm.check_content_type(headers).is_ok() {
        return match NetcoreForm.parse(headers, body) {
            Ok(batch) => std::iter::once(format!(
                "Netcore batch from panel `{}`: {} event(s)",
                batch.panel,
                batch.events.len()
            ))
            .chain(batch.events.iter().map(|event| {
                format!(
                    "  {}",
                    serde_json::to_string(event).unwrap_or_else(|err| err.to_string())
                )
            }))
            .collect(),
            Err(err) => vec![format!("not a Netcore data= form: {err}")],
        };
    }
    match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(json) => serde_json::to_string_pretty(&json)
            .unwrap_or_default()
            .lines()
            .map(str::to_owned)
            .collect(),
        Err(_) if body.is_empty() => vec!["(no body)".to_owned()],
        Err(_) => vec![format!("raw: {}", String::from_utf8_lossy(body))],
    }
}

fn header_map(headers: &[tiny_http::Header]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for header in headers {
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(header.field.as_str().as_str().as_bytes()),
            HeaderValue::from_bytes(header.value.as_str().as_bytes()),
        ) {
            map.append(name, value);
        }
    }
    map
}

/// The self-test's sender: a Netcore form with Basic credentials, a JSON body, and bytes
/// that are neither.
fn send_test_requests(port: u16) -> Result<Vec<u16>, Box<dyn std::error::Error + Send + Sync>> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let url = format!("http://127.0.0.1:{port}/hooks");
    let auth = BasicAuth::new("netcore", "secret")?.header_value();
    let form = "data=%7B%22pod2_email%22%3A%5B%7B%22msgid%22%3A%22103%22%2C%22channel%22%3A%22email%22%2C%22event%22%3A%22open%22%7D%5D%7D";
    let requests = [
        http::Request::post(&url)
            .header("content-type", netcore::FORM_CONTENT_TYPE)
            .header("authorization", auth)
            .body(form.as_bytes().to_vec())?,
        http::Request::post(&url)
            .header("content-type", "application/json")
            .body(br#"{"event":"email_opened","email":"ada@example.com"}"#.to_vec())?,
        http::Request::post(&url).body(b"\x00\x01 not a webhook".to_vec())?,
    ];
    let mut statuses = Vec::new();
    for request in requests {
        statuses.push(agent.run(request)?.status().as_u16());
    }
    Ok(statuses)
}
