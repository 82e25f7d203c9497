//! The whole receive path (every check, then the typed parse) against its parts, in one run.
//!
//! ```text
//! cargo bench --bench receive
//! ```
//!
//! - `receive_standard_1k`: a 1 KiB JSON body signed with Standard Webhooks.
//!   `verify_only` is `Verifier::verify` alone; `parse_only` is `serde_json::from_slice` into
//!   a `Value` alone; `receive_json` is `Receiver::receive_parts` with the same verifier, a
//!   size limit and an IP allowlist, parsing the body as JSON — so its time minus the other
//!   two is what the receiver's own checks cost.
//! - `receive_netcore_100`: a 100-event Netcore `data=` batch (the seeds' samples, repeated)
//!   with HTTP Basic credentials. `verify_only` is `BasicAuth::verify_any` alone;
//!   `parse_only` is `netcore::parse` alone; `receive_netcore` is the whole receiver.
//!
//! No replay guard: a guard remembers the message, so the second iteration would be a
//! replay. Its cost is one SHA-256 of the id and one `BTreeMap` insert (see `receive::replay`).

#[path = "support/ratios.rs"]
mod ratios;

use std::hint::black_box;
use std::net::{IpAddr, Ipv4Addr};
use std::time::Duration;

use criterion::{Criterion, Throughput};
use hookwire::format::netcore::{self, Batch};
use hookwire::http::{HeaderMap, Method};
use hookwire::receive::{Json, NetcoreForm, Receiver};
use hookwire::{BasicAuth, Keyring, MessageId, Scheme, Secret, Signer, Timestamp, Verifier};

const WHSEC: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const STANDARD: &str = "receive_standard_1k";
const NETCORE: &str = "receive_netcore_100";
const PEER: IpAddr = IpAddr::V4(Ipv4Addr::new(203, 0, 113, 9));

/// A 1 KiB JSON object shaped like a journey event.
fn json_body() -> Vec<u8> {
    let mut items = Vec::new();
    let mut i = 0;
    loop {
        let candidate = serde_json::json!({
            "type": "cart.abandoned",
            "contact": {"email": "ada@example.com", "phone": "+15550100"},
            "items": items,
        });
        let text = serde_json::to_vec(&candidate).unwrap();
        if text.len() >= 1000 {
            return text;
        }
        items.push(serde_json::json!({"sku": format!("TEA-{i:02}"), "qty": 2, "price": 12.5}));
        i += 1;
    }
}

/// A 100-event batch made of the seeds' complete samples, as Netcore's form renders it.
fn netcore_body() -> Vec<u8> {
    let samples = [
        include_str!("../tests/fixtures/netcore/002_email_open.txt"),
        include_str!("../tests/fixtures/netcore/002_apn_delivered.txt"),
        include_str!("../tests/fixtures/netcore/002_whatsapp_clicked.txt"),
        include_str!("../tests/fixtures/netcore/002_custom_activity.txt"),
    ];
    let events: Vec<_> = samples
        .iter()
        .flat_map(|sample| netcore::parse(sample.trim().as_bytes()).unwrap().events)
        .cycle()
        .take(100)
        .collect();
    let batch = Batch::new("pod2_email_rashmi", events);
    netcore::render(&batch).unwrap().body().to_vec()
}

fn bench(c: &mut Criterion) -> (usize, usize) {
    let now = Timestamp::from_unix_secs(1_700_000_000);
    let keys = || Keyring::new().with(Secret::from_whsec(WHSEC).unwrap());

    // Standard Webhooks, 1 KiB of JSON.
    let body = json_body();
    let mut headers = HeaderMap::new();
    Signer::new(Scheme::StandardWebhooks, keys())
        .unwrap()
        .sign(
            &MessageId::new("msg_p5jXN8AQM9LWM0D4loKWxJek").unwrap(),
            now,
            &body,
        )
        .unwrap()
        .apply_to(&mut headers);
    headers.insert("content-type", "application/json".parse().unwrap());
    let verifier = Verifier::new(Scheme::StandardWebhooks, keys()).unwrap();
    let receiver = Receiver::builder(Json)
        .allow_ip("203.0.113.0/24")
        .verifier(Verifier::new(Scheme::StandardWebhooks, keys()).unwrap())
        .build()
        .unwrap();
    let accepted = receiver
        .receive_parts(&Method::POST, &headers, &body, PEER, now, None)
        .unwrap();
    assert_eq!(accepted.data()["type"], "cart.abandoned");

    let mut group = c.benchmark_group(STANDARD);
    group.throughput(Throughput::Bytes(body.len() as u64));
    group.warm_up_time(Duration::from_millis(500));
    group.measurement_time(Duration::from_secs(2));
    group.bench_function("verify_only", |b| {
        b.iter(|| {
            verifier
                .verify(black_box(&headers), black_box(&body), now)
                .unwrap()
        })
    });
    group.bench_function("parse_only", |b| {
        b.iter(|| serde_json::from_slice::<serde_json::Value>(black_box(&body)).unwrap())
    });
    group.bench_function("receive_json", |b| {
        b.iter(|| {
            receiver
                .receive_parts(
                    &Method::POST,
                    black_box(&headers),
                    black_box(&body),
                    PEER,
                    now,
                    None,
                )
                .unwrap()
        })
    });
    group.finish();

    // Netcore, 100 events, Basic credentials.
    let form = netcore_body();
    let credentials = [BasicAuth::new("netcore", "correct horse battery staple").unwrap()];
    let mut form_headers = HeaderMap::new();
    form_headers.insert("authorization", credentials[0].header_value());
    form_headers.insert("content-type", netcore::FORM_CONTENT_TYPE.parse().unwrap());
    let netcore_receiver = Receiver::builder(NetcoreForm)
        .basic_auth(credentials[0].clone())
        .build()
        .unwrap();
    let accepted = netcore_receiver
        .receive_parts(&Method::POST, &form_headers, &form, PEER, now, None)
        .unwrap();
    assert_eq!(accepted.data().events.len(), 100);

    let mut group = c.benchmark_group(NETCORE);
    group.throughput(Throughput::Bytes(form.len() as u64));
    group.warm_up_time(Duration::from_millis(500));
    group.measurement_time(Duration::from_secs(3));
    group.bench_function("verify_only", |b| {
        b.iter(|| BasicAuth::verify_any(black_box(&credentials), black_box(&form_headers)).unwrap())
    });
    group.bench_function("parse_only", |b| {
        b.iter(|| netcore::parse(black_box(&form)).unwrap())
    });
    group.bench_function("receive_netcore", |b| {
        b.iter(|| {
            netcore_receiver
                .receive_parts(
                    &Method::POST,
                    black_box(&form_headers),
                    black_box(&form),
                    PEER,
                    now,
                    None,
                )
                .unwrap()
        })
    });
    group.finish();
    (body.len(), form.len())
}

fn main() {
    let mut criterion = Criterion::default().configure_from_args();
    let (json_len, form_len) = bench(&mut criterion);
    criterion.final_summary();

    println!("\nbodies: {json_len} bytes of JSON; {form_len} bytes of Netcore form (100 events)");
    ratios::print_table(
        "ratio = reference time / measured time (below 1: the measured path costs more)",
        &[(STANDARD, json_len), (NETCORE, form_len)],
        &[
            ("receive_json", "verify_only"),
            ("receive_json", "parse_only"),
            ("receive_netcore", "verify_only"),
            ("receive_netcore", "parse_only"),
        ],
    );
}
