//! A webhook receiver on a blocking server (tiny_http): Netcore batches with HTTP Basic,
//! checked and parsed by hookwire's `Receiver` with `receive::NetcoreForm`.
//!
//! ```text
//! cargo run --example receiver_tiny_http                 # serve on 127.0.0.1:8789
//! cargo run --example receiver_tiny_http -- --self-test  # serve, send itself two requests, exit
//! ```
//!
//! The handler is the whole pattern: buffer the body, hand hookwire the request, the peer
//! address and the clock, answer the status it chooses — `received_response()` (200, the
//! only success Netcore counts) or the rejection's. A real service queues the events and
//! answers at once (see `receiver_axum.rs`).

use std::io::Read;

use hookwire::BasicAuth;
use hookwire::adapters::clock;
use hookwire::format::netcore::{self, Batch};
use hookwire::receive::{NetcoreForm, Receiver, received_response};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let self_test = std::env::args().any(|arg| arg == "--self-test");
    let receiver = Receiver::builder(NetcoreForm)
        .basic_auth(BasicAuth::new("netcore", "s3cret")?)
        .build()?;
    let server = tiny_http::Server::http(if self_test {
        "127.0.0.1:0"
    } else {
        "127.0.0.1:8789"
    })
    .map_err(|err| err.to_string())?;
    let port = server
        .server_addr()
        .to_ip()
        .ok_or("not an IP listener")?
        .port();
    println!("listening on http://127.0.0.1:{port}/hooks/netcore");
    let client = if self_test {
        Some(std::thread::spawn(move || send_two(port)))
    } else {
        None
    };

    let mut answered = Vec::new();
    for mut request in server.incoming_requests() {
        // 1. The raw request as an `http::Request`, the body buffered (tiny_http has no limit
        //    of its own: read one byte past the receiver's, which then answers 413).
        let mut body = Vec::new();
        let limit = u64::try_from(receiver.max_body_size()).unwrap_or(u64::MAX);
        request
            .as_reader()
            .take(limit.saturating_add(1))
            .read_to_end(&mut body)?;
        let mut http = http::Request::builder()
            .method(request.method().as_str())
            .uri(request.url())
            .body(body)?;
        for header in request.headers() {
            let name = http::HeaderName::from_bytes(header.field.as_str().as_str().as_bytes());
            let value = http::HeaderValue::from_bytes(header.value.as_bytes());
            if let (Ok(name), Ok(value)) = (name, value) {
                http.headers_mut().append(name, value);
            }
        }
        let peer = request
            .remote_addr()
            .map(|address| address.ip())
            .ok_or("no peer address")?;

        // 2. hookwire decides; the server writes what it chose.
        let response = match receiver.receive(&http, peer, clock::now(), None) {
            Ok(accepted) => {
                let batch = accepted.data();
                println!(
                    "accepted {} event(s) from panel `{}`",
                    batch.events.len(),
                    batch.panel
                );
                received_response()
            }
            Err(rejection) => {
                println!("refused: {rejection}");
                rejection.response()
            }
        };
        let status = response.status().as_u16();
        answered.push(status);
        request.respond(tiny_http::Response::empty(status))?;
        if self_test && answered.len() == 2 {
            break;
        }
    }
    if let Some(client) = client {
        client.join().map_err(|_| "the client thread panicked")??;
        if answered != [200, 401] {
            return Err(format!("self-test failed: answered {answered:?}").into());
        }
        println!("self-test passed: answered {answered:?}");
    }
    Ok(())
}

/// The self-test's sender: a genuine Netcore batch, then the same with a wrong password.
fn send_two(port: u16) -> Result<(), String> {
    let batch: Batch =
        serde_json::from_str(r#"{"pod2_email": [{"msgid": "103", "event": "open"}]}"#)
            .map_err(|err| err.to_string())?;
    let form = netcore::render(&batch).map_err(|err| err.to_string())?;
    let agent = hookwire::adapters::ureq::agent();
    for password in ["s3cret", "wrong"] {
        let auth = BasicAuth::new("netcore", password).map_err(|err| err.to_string())?;
        let request = http::Request::post(format!("http://127.0.0.1:{port}/hooks/netcore"))
            .header("content-type", form.content_type())
            .header("authorization", auth.header_value())
            .body(form.body().to_vec())
            .map_err(|err| err.to_string())?;
        agent.run(request).map_err(|err| err.to_string())?;
    }
    Ok(())
}
