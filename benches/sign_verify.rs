//! Signing and verifying throughput against the physical limit and the peers, in one run.
//!
//! ```text
//! cargo bench --bench sign_verify
//! ```
//!
//! - `limit_hmac_keyed_per_op`: raw HMAC-SHA256 (`hmac` + `sha2`) over the same bytes, keyed
//!   for every message: what any verifier must at least do.
//! - `hookwire_*`: our sign and verify for Standard Webhooks and Listrak, full header handling.
//! - `svix_*`, `standardwebhooks_*`: the peer crates' sign and verify.
//!
//! The run ends with a table of throughput ratios (see `BENCHMARKS.md`).

#[path = "support/interleaved.rs"]
mod interleaved;
#[path = "support/ratios.rs"]
mod ratios;

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput};
use hmac::{KeyInit, Mac};
use hookwire::http::HeaderMap;
use hookwire::{Keyring, MessageId, Scheme, Secret, Signer, Timestamp, Verifier};

const WHSEC: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const SIZES: &[(&str, usize)] = &[
    ("64B", 64),
    ("1KiB", 1024),
    ("16KiB", 16 * 1024),
    ("256KiB", 256 * 1024),
    ("1MiB", 1024 * 1024),
];

/// The peers verify against the system clock, so the benchmark signs at the real time.
#[allow(clippy::disallowed_methods)]
fn now() -> Timestamp {
    Timestamp::try_from(std::time::SystemTime::now()).expect("clock after 1970")
}

/// A JSON-ish, valid UTF-8 body (the peers refuse anything else).
fn body(len: usize) -> Vec<u8> {
    let pattern = br#"{"event":"cart_abandoned","email":"ada@example.com","sku":"TEA-01"},"#;
    pattern.iter().copied().cycle().take(len).collect()
}

/// Everything one body size needs: signers, verifiers, peers, and the signed requests.
struct Fixture {
    len: usize,
    body: Vec<u8>,
    at: Timestamp,
    id: MessageId,
    key_bytes: Vec<u8>,
    standard_signer: Signer,
    standard_verifier: Verifier,
    standard_headers: HeaderMap,
    listrak_signer: Signer,
    listrak_verifier: Verifier,
    listrak_headers: HeaderMap,
    svix: svix::webhooks::Webhook,
    standardwebhooks: standardwebhooks::Webhook,
}

impl Fixture {
    fn new(len: usize) -> Self {
        let key_bytes = Secret::from_whsec(WHSEC).unwrap().expose_bytes().to_vec();
        let standard_keys = || Keyring::new().with(Secret::from_whsec(WHSEC).unwrap());
        let listrak_keys =
            || Keyring::new().with(Secret::from_text("listrak-hmac-secret").unwrap());
        let standard_signer = Signer::new(Scheme::StandardWebhooks, standard_keys()).unwrap();
        let standard_verifier = Verifier::new(Scheme::StandardWebhooks, standard_keys()).unwrap();
        let listrak_signer = Signer::new(Scheme::listrak(), listrak_keys()).unwrap();
        let listrak_verifier = Verifier::new(Scheme::listrak(), listrak_keys()).unwrap();
        let svix = svix::webhooks::Webhook::new(WHSEC).unwrap();
        let standardwebhooks = standardwebhooks::Webhook::new(WHSEC).unwrap();
        let id = MessageId::new("msg_p5jXN8AQM9LWM0D4loKWxJek").unwrap();
        let body = body(len);
        let at = now();
        let mut standard_headers = HeaderMap::new();
        standard_signer
            .sign(&id, at, &body)
            .unwrap()
            .apply_to(&mut standard_headers);
        let mut listrak_headers = HeaderMap::new();
        listrak_signer
            .sign(&id, at, &body)
            .unwrap()
            .apply_to(&mut listrak_headers);
        // Sanity: everyone accepts the request the benchmark verifies.
        standard_verifier
            .verify(&standard_headers, &body, at)
            .unwrap();
        listrak_verifier
            .verify(&listrak_headers, &body, at)
            .unwrap();
        svix.verify(&body, &standard_headers).unwrap();
        standardwebhooks.verify(&body, &standard_headers).unwrap();
        Fixture {
            len,
            body,
            at,
            id,
            key_bytes,
            standard_signer,
            standard_verifier,
            standard_headers,
            listrak_signer,
            listrak_verifier,
            listrak_headers,
            svix,
            standardwebhooks,
        }
    }

    /// The limit: HMAC-SHA256 over the body with the `hmac` crate, keyed for this message.
    fn limit(&self) -> impl Fn() + '_ {
        || {
            let mut mac =
                hmac::Hmac::<sha2::Sha256>::new_from_slice(black_box(&self.key_bytes)).unwrap();
            mac.update(black_box(&self.body));
            black_box(mac.finalize().into_bytes());
        }
    }

    /// Our verify of a signed request: `verifier` with the `headers` its signer wrote.
    fn verify<'a>(&'a self, verifier: &'a Verifier, headers: &'a HeaderMap) -> impl Fn() + 'a {
        move || {
            black_box(
                verifier
                    .verify(black_box(headers), black_box(&self.body), self.at)
                    .unwrap(),
            );
        }
    }

    /// Our Standard Webhooks verify of the signed request.
    fn standard_verify(&self) -> impl Fn() + '_ {
        self.verify(&self.standard_verifier, &self.standard_headers)
    }

    /// Our Listrak verify of the signed request.
    fn listrak_verify(&self) -> impl Fn() + '_ {
        self.verify(&self.listrak_verifier, &self.listrak_headers)
    }

    /// Our Standard Webhooks sign of the body.
    fn standard_sign(&self) -> impl Fn() + '_ {
        || {
            black_box(
                self.standard_signer
                    .sign(black_box(&self.id), self.at, black_box(&self.body))
                    .unwrap(),
            );
        }
    }

    /// The `svix` crate's verify of the same Standard Webhooks request.
    fn svix_verify(&self) -> impl Fn() + '_ {
        || {
            self.svix
                .verify(black_box(&self.body), black_box(&self.standard_headers))
                .unwrap();
        }
    }

    /// The `standardwebhooks` crate's verify of the same request.
    fn standardwebhooks_verify(&self) -> impl Fn() + '_ {
        || {
            self.standardwebhooks
                .verify(black_box(&self.body), black_box(&self.standard_headers))
                .unwrap();
        }
    }
}

fn bench(c: &mut Criterion) {
    for (label, len) in SIZES {
        let f = Fixture::new(*len);
        let (body, at, id) = (&f.body, f.at, &f.id);
        let mut group = c.benchmark_group(format!("sign_verify_{label}"));
        group.throughput(Throughput::Bytes(f.len as u64));
        group.warm_up_time(Duration::from_millis(500));
        group.measurement_time(Duration::from_secs(2));
        group.sample_size(30);

        group.bench_function("limit_hmac_keyed_per_op", |b| b.iter(f.limit()));
        group.bench_function("hookwire_standard_sign", |b| b.iter(f.standard_sign()));
        group.bench_function("hookwire_standard_verify", |b| b.iter(f.standard_verify()));
        group.bench_function("hookwire_listrak_sign", |b| {
            b.iter(|| {
                f.listrak_signer
                    .sign(black_box(id), at, black_box(body))
                    .unwrap()
            })
        });
        group.bench_function("hookwire_listrak_verify", |b| b.iter(f.listrak_verify()));
        group.bench_function("svix_sign", |b| {
            b.iter(|| {
                f.svix
                    .sign(black_box(id.as_str()), at.unix_secs(), black_box(body))
                    .unwrap()
            })
        });
        group.bench_function("svix_verify", |b| b.iter(f.svix_verify()));
        group.bench_function("standardwebhooks_sign", |b| {
            b.iter(|| {
                f.standardwebhooks
                    .sign(black_box(id.as_str()), at.unix_secs(), black_box(body))
                    .unwrap()
            })
        });
        group.bench_function("standardwebhooks_verify", |b| {
            b.iter(f.standardwebhooks_verify())
        });
        group.finish();
    }
}

fn main() {
    let mut criterion = Criterion::default().configure_from_args();
    bench(&mut criterion);
    criterion.final_summary();

    let groups: Vec<(String, usize)> = SIZES
        .iter()
        .map(|(l, n)| (format!("sign_verify_{l}"), *n))
        .collect();
    let groups: Vec<(&str, usize)> = groups.iter().map(|(g, n)| (g.as_str(), *n)).collect();
    ratios::print_table(
        "throughput ratio = reference time / measured time (above 1: faster than the reference)",
        &groups,
        &[
            ("hookwire_standard_verify", "limit_hmac_keyed_per_op"),
            ("hookwire_listrak_verify", "limit_hmac_keyed_per_op"),
            ("hookwire_standard_sign", "limit_hmac_keyed_per_op"),
            ("hookwire_standard_verify", "svix_verify"),
            ("hookwire_standard_verify", "standardwebhooks_verify"),
            ("hookwire_standard_sign", "svix_sign"),
            ("hookwire_standard_sign", "standardwebhooks_sign"),
        ],
    );
    interleaved_table();
}

/// The verify ratios again, measured alternately (see `support/interleaved.rs`): the figures
/// `BENCHMARKS.md` records, because Criterion's one-after-the-other means move with the load
/// of a shared machine.
fn interleaved_table() {
    println!("\ninterleaved, best round of each (ratio = reference time / ours)");
    println!(
        "{:<8} {:>10} {:>10} {:>10} {:>10} {:>10} {:>10} {:>8} {:>8} {:>8} {:>8}",
        "size",
        "limit",
        "std vfy",
        "ltk vfy",
        "std sign",
        "svix vfy",
        "sw vfy",
        "std/lim",
        "ltk/lim",
        "svix/std",
        "sw/std"
    );
    for (label, len) in SIZES {
        let f = Fixture::new(*len);
        // Short rounds (about 150-200 µs of our verify up to 16 KiB, 4 calls from 256 KiB
        // up), so that a burst of load spoils few of them; many rounds for the small
        // sizes, fewer where one round of the peers takes milliseconds.
        let iters = (50_000 / (*len + 256)).max(1) * 4;
        let rounds = if *len > 100_000 { 15 } else { 200 };
        let best = interleaved::best_of_rounds(
            rounds,
            iters,
            &mut [
                &mut f.limit(),
                &mut f.standard_verify(),
                &mut f.listrak_verify(),
                &mut f.standard_sign(),
                &mut f.svix_verify(),
                &mut f.standardwebhooks_verify(),
            ],
        );
        let [limit, standard, listrak, sign, svix, sw] = best[..] else {
            unreachable!("six candidates")
        };
        println!(
            "{label:<8} {limit:>7.0} ns {standard:>7.0} ns {listrak:>7.0} ns {sign:>7.0} ns \
             {svix:>7.0} ns {sw:>7.0} ns {:>7.2}x {:>7.2}x {:>7.2}x {:>7.2}x",
            limit / standard,
            limit / listrak,
            svix / standard,
            sw / standard,
        );
    }
}
