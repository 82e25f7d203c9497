//! Rendering a 100-event Netcore `data=` batch, against the naive path, in one run.
//!
//! ```text
//! cargo bench --bench render
//! ```
//!
//! - `naive_json_then_urlencoded`: `serde_json::to_string`, then
//!   `serde_urlencoded::to_string(&[("data", json)])` — the two-pass way, with an
//!   intermediate JSON string.
//! - `hookwire_render`: `netcore::render`, serde_json writing straight into the output
//!   buffer through a formatter that emits every token already percent-encoded (constants
//!   for punctuation, a 256-entry table for text); one buffer, grown as needed.
//! - `hookwire_render_into_reused`: `netcore::render_into` a buffer kept between calls, as a
//!   sender rendering batch after batch would.
//! - `json_only`: `serde_json::to_string` alone — the floor neither path can go under.
//!
//! Throughput is MB/s of *form output* (the same bytes for every function but `json_only`,
//! which writes fewer). The run ends with the ratios (see `BENCHMARKS.md`).

#[path = "support/interleaved.rs"]
mod interleaved;
#[path = "support/ratios.rs"]
mod ratios;

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput};
use hookwire::format::netcore::{
    self, Activity, Batch, Channel, Event, EventParams, NumberOrString, PayloadParams, Spelled,
};
use serde_json::json;

const GROUP: &str = "render_netcore_100";

/// One event shaped like the seeds' samples (channel, activity, params, attributes), cycling
/// through the channels; every fourth is a web activity with payload items.
fn event(i: usize) -> Event {
    let channels = [
        (Channel::Email, Activity::Open),
        (Channel::Sms, Activity::Delivered),
        (Channel::WhatsApp, Activity::Click),
        (Channel::CustomActivity, Activity::Other(String::new())),
    ];
    let (channel, activity) = channels[i % channels.len()].clone();
    let mut event = Event::default();
    event.msgid = Some(format!("{}", 1000 + i));
    event.webhook_name = Some("Webhook Journey test".into());
    event.journey_name = Some(format!("Webhook Journey_{}", i % 7));
    event.custom_params = json!({"Action": "Email Open", "smartech_panel": "22428"})
        .as_object()
        .cloned();
    event.att_params = json!({
        "LASTNAME": "Thomas", "FIRSTNAME": "RMT", "MOBILE": "9999999999",
        "EMAIL": format!("contact{i}@example.com"), "CITY": "Thane&Kalyan",
    })
    .as_object()
    .cloned();
    let mut params = EventParams::default();
    params.ip_addr = Some("66.249.84.250".into());
    params.foreignkey = Some(format!("contact{i}@example.com"));
    params.timestamp = Some("2022-12-01T18:12:54".into());
    params.ts = Some(NumberOrString::from(221201181254u64));
    params.user_agent = Some(
        "Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)"
            .into(),
    );
    params.extra.insert("name".into(), serde_json::Value::Null);
    if channel == Channel::CustomActivity {
        let mut payload = PayloadParams::default();
        payload.items = Some(
            (0..2)
                .map(|n| {
                    json!({
                        "dateofpurchase_sm": "2018-12-06 17:11:30", "category_s": "lifestyle",
                        "prqt_s": n + 1, "prid_s": 157, "name_s": "sarvesh12345",
                        "price_s": 9990.91,
                    })
                    .as_object()
                    .cloned()
                    .unwrap()
                })
                .collect(),
        );
        event.payload_params = Some(payload);
        params.extra.insert("activity_source".into(), json!("web"));
    } else {
        event.event = Some(Spelled::new(activity));
    }
    event.channel = Some(Spelled::new(channel));
    event.event_params = Some(params);
    event
}

fn naive(batch: &Batch) -> String {
    let json = serde_json::to_string(batch).unwrap();
    serde_urlencoded::to_string([("data", json)]).unwrap()
}

fn bench(c: &mut Criterion) -> usize {
    let batch = Batch::new("pod2_email_rashmi", (0..100).map(event).collect());
    let rendered = netcore::render(&batch).unwrap();
    // Sanity: both paths write the same bytes, and they parse back to the batch.
    assert_eq!(rendered.body().as_ref(), naive(&batch).as_bytes());
    assert_eq!(netcore::parse(rendered.body()).unwrap(), batch);
    let len = rendered.body().len();

    let mut group = c.benchmark_group(GROUP);
    group.throughput(Throughput::Bytes(len as u64));
    group.warm_up_time(Duration::from_millis(500));
    group.measurement_time(Duration::from_secs(3));

    group.bench_function("naive_json_then_urlencoded", |b| {
        b.iter(|| naive(black_box(&batch)))
    });
    group.bench_function("hookwire_render", |b| {
        b.iter(|| netcore::render(black_box(&batch)).unwrap())
    });
    let mut buffer = Vec::with_capacity(len);
    group.bench_function("hookwire_render_into_reused", |b| {
        b.iter(|| {
            buffer.clear();
            netcore::render_into(black_box(&batch), &mut buffer).unwrap();
            buffer.len()
        })
    });
    group.bench_function("json_only", |b| {
        b.iter(|| serde_json::to_string(black_box(&batch)).unwrap())
    });
    group.finish();
    len
}

/// The naive path and ours, alternated in short rounds (see `support/interleaved.rs`).
/// Returns (naive, hookwire) in ns.
fn interleaved_best(batch: &Batch, rounds: usize, iters: usize) -> (f64, f64) {
    let mut buffer = Vec::new();
    let best = interleaved::best_of_rounds(
        rounds,
        iters,
        &mut [
            &mut || {
                black_box(naive(black_box(batch)));
            },
            &mut || {
                buffer.clear();
                netcore::render_into(black_box(batch), &mut buffer).unwrap();
                black_box(&buffer);
            },
        ],
    );
    (best[0], best[1])
}

fn main() {
    let mut criterion = Criterion::default().configure_from_args();
    let len = bench(&mut criterion);
    criterion.final_summary();

    println!("\n100-event batch: {len} bytes of form output");
    ratios::print_table(
        "throughput ratio = reference time / measured time (above 1: faster than the reference)",
        &[(GROUP, len)],
        &[
            ("hookwire_render", "naive_json_then_urlencoded"),
            ("hookwire_render_into_reused", "naive_json_then_urlencoded"),
            ("hookwire_render", "json_only"),
        ],
    );

    let batch = Batch::new("pod2_email_rashmi", (0..100).map(event).collect());
    let (naive_ns, ours_ns) = interleaved_best(&batch, 100, 10);
    println!(
        "\ninterleaved, best of 100 rounds: naive {naive_ns:.0} ns ({:.1} MB/s), \
         hookwire_render_into {ours_ns:.0} ns ({:.1} MB/s): {:.2}x",
        len as f64 / naive_ns * 1e3,
        len as f64 / ours_ns * 1e3,
        naive_ns / ours_ns
    );
}
