//! `hookwire simulate`: a real `Dispatcher` with a vendor's preset on a virtual clock,
//! against a receiver that answers every request after a latency with scripted statuses.

use std::collections::BTreeMap;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use hookwire::delivery::{self, Message, Reply, Route};
use hookwire::dispatch::{
    Alerts, Answer, BatchFormat, Batching, DEFAULT_BATCH_WINDOW, DeliveryKey, Dispatcher,
    RouteConfig, RouteEvent, RouteKey, Seen, simulate,
};
use hookwire::format::netcore;
use hookwire::{Endpoint, MessageId, Payload, Timestamp, presets};
use serde_json::{Value, json};

use crate::args::{Options, Usage, usage_exit};

const PRESETS: &str = "listrak|smarter-launch|netcore|lytics|standard-webhooks";

/// The virtual clock starts here; lines print milliseconds from it.
const START: Timestamp = Timestamp::from_unix_secs(1_700_000_000);

/// `hookwire simulate --preset P --messages N [--routes R] [--batch SIZE]
/// [--batch-window-ms MS] [--workers N] [--latency-ms MS] [--replies LIST] [--days D]`
pub(crate) fn run(args: &[String]) -> ExitCode {
    match simulate_cli(args) {
        Ok(lines) => {
            print!("{lines}");
            ExitCode::SUCCESS
        }
        Err(usage) => usage_exit(usage),
    }
}

/// One scripted status, with a `Retry-After` when given.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Scripted {
    status: u16,
    retry_after: Option<u64>,
}

fn simulate_cli(args: &[String]) -> Result<String, Usage> {
    let options = Options::parse(
        args,
        &[
            "preset",
            "messages",
            "routes",
            "batch",
            "batch-window-ms",
            "workers",
            "latency-ms",
            "replies",
            "days",
        ],
    )?;
    let preset = options.required("preset")?;
    let messages: u64 = options
        .parsed("messages")?
        .ok_or_else(|| Usage("`--messages` is required".to_owned()))?;
    let routes: u64 = options.parsed("routes")?.unwrap_or(1).max(1);
    let batch: Option<u16> = options.parsed("batch")?;
    let window = options
        .parsed::<u64>("batch-window-ms")?
        .map(Duration::from_millis);
    let workers: Option<u16> = options.parsed("workers")?;
    let latency = Duration::from_millis(options.parsed("latency-ms")?.unwrap_or(10));
    let replies = parse_replies(options.get("replies").unwrap_or("200"))?;
    let days: u64 = options.parsed("days")?.unwrap_or(7);
    let until = START.saturating_add(Duration::from_secs(days.saturating_mul(86_400)));

    let mut dispatcher = Dispatcher::new(START);
    for r in 0..routes {
        let config = route_config(preset, r, workers, batch, window)?;
        dispatcher
            .add_route(RouteKey::new(r), config)
            .map_err(|err| Usage(err.to_string()))?;
    }
    for n in 0..messages {
        let message = Arc::new(Message::new(
            MessageId::new(message_name(n)).map_err(|err| Usage(err.to_string()))?,
            payload(preset, n)?,
        ));
        dispatcher
            .enqueue(
                START,
                RouteKey::new(n % routes),
                DeliveryKey::new(n),
                message,
            )
            .map_err(|err| Usage(err.to_string()))?;
    }

    // Every request gets the next scripted status; the last one repeats.
    let mut script = replies.iter();
    let last = replies.last().cloned().unwrap_or(Scripted {
        status: 200,
        retry_after: None,
    });
    let run = simulate(&mut dispatcher, until, |_| {
        let Scripted {
            status,
            retry_after,
        } = script.next().cloned().unwrap_or(last.clone());
        let mut reply = Reply::status(status);
        if let Some(secs) = retry_after {
            reply = reply.with_retry_after(secs.to_string());
        }
        Answer::after(latency, reply)
    });

    let mut out = String::new();
    let mut counts: BTreeMap<&str, u64> = BTreeMap::new();
    let mut transmits = 0u64;
    for seen in &run.seen {
        let at_ms = seen.at().unix_millis() - START.unix_millis();
        let line = match seen {
            Seen::Transmit {
                route,
                transmit,
                deliveries,
                ..
            } => {
                transmits += 1;
                let messages: Vec<String> =
                    deliveries.iter().map(|d| message_name(d.get())).collect();
                json!({"at_ms": at_ms, "kind": "transmit", "route": route_name(*route),
                       "transmit": transmit.get(), "messages": messages})
            }
            Seen::Reply {
                transmit, reply, ..
            } => match reply {
                Reply::Status { status, .. } => {
                    json!({"at_ms": at_ms, "kind": "reply", "transmit": transmit.get(), "status": status})
                }
                other => {
                    json!({"at_ms": at_ms, "kind": "reply", "transmit": transmit.get(), "status": Value::Null, "error": format!("{other:?}")})
                }
            },
            Seen::Event { event, .. } => {
                let Some((name, message)) = event_name(event) else {
                    continue;
                };
                if matches!(name, "delivered" | "failed" | "omitted" | "cancelled") {
                    *counts.entry(name).or_default() += 1;
                }
                json!({"at_ms": at_ms, "kind": "event", "event": name,
                       "route": route_name(event.route()),
                       "message": message.map(|m| Value::from(message_name(m.get()))).unwrap_or(Value::Null)})
            }
            _ => continue,
        };
        out.push_str(&line.to_string());
        out.push('\n');
    }
    let count = |name: &str| counts.get(name).copied().unwrap_or(0);
    let summary = json!({
        "kind": "summary",
        "messages": messages,
        "delivered": count("delivered"),
        "failed": count("failed"),
        "omitted": count("omitted"),
        "cancelled": count("cancelled"),
        "pending": dispatcher.len(),
        "transmits": transmits,
        "max_in_flight": run.max_in_flight.values().copied().max().unwrap_or(0),
    });
    out.push_str(&summary.to_string());
    out.push('\n');
    Ok(out)
}

/// The event's snake_case name and the message it is about; `None` for the attempt
/// events, which the transmit and reply lines already tell.
fn event_name(event: &hookwire::dispatch::Event) -> Option<(&'static str, Option<DeliveryKey>)> {
    match event {
        hookwire::dispatch::Event::Delivery {
            delivery,
            event: delivery::Event::Finished(outcome),
            ..
        } => Some((outcome.kind.name(), Some(*delivery))),
        hookwire::dispatch::Event::Route { event, .. } => {
            let message = match event {
                RouteEvent::Alert {
                    reason: hookwire::dispatch::AlertReason::DeliveryFailed { delivery, .. },
                    ..
                } => Some(*delivery),
                _ => None,
            };
            Some((event.name(), message))
        }
        _ => None,
    }
}

fn route_name(route: RouteKey) -> String {
    format!("route-{}", route.get())
}

fn message_name(n: u64) -> String {
    format!("msg-{n}")
}

/// The body each preset's messages carry: a Netcore panel form, or a small JSON object.
fn payload(preset: &str, n: u64) -> Result<Payload, Usage> {
    if preset == "netcore" {
        let batch: netcore::Batch = serde_json::from_value(
            json!({"webhook_panel": [{"msgid": n.to_string(), "event": "open"}]}),
        )
        .map_err(|err| Usage(err.to_string()))?;
        return netcore::render(&batch).map_err(|err| Usage(err.to_string()));
    }
    Ok(Payload::json(format!(r#"{{"n":{n}}}"#)))
}

/// The preset's route, composed as a user on that system would.
fn route_config(
    preset: &str,
    r: u64,
    workers: Option<u16>,
    batch: Option<u16>,
    window: Option<Duration>,
) -> Result<RouteConfig, Usage> {
    let url = format!("https://receiver{r}.example.com/hook");
    let config_error = |err: hookwire::ConfigError| Usage(err.to_string());
    let endpoint =
        |builder: hookwire::EndpointBuilder| builder.build().map_err(|e| config_error(e.into()));
    let (config, format) = match preset {
        "listrak" => {
            let route = Route::new(endpoint(presets::listrak::endpoint(url))?)
                .with_policy(presets::listrak::retry_policy());
            (RouteConfig::new(route), BatchFormat::JsonArray)
        }
        "smarter-launch" => {
            let route = Route::new(endpoint(Endpoint::builder(url))?)
                .with_policy(presets::smarter_launch::retry_policy());
            (RouteConfig::new(route), BatchFormat::JsonArray)
        }
        "netcore" => {
            let route = Route::new(endpoint(Endpoint::builder(url))?)
                .with_policy(presets::netcore::retry_policy());
            let alerts = Alerts::new(["ops@example.com"], Duration::from_secs(3_600))
                .map_err(|e| config_error(e.into()))?;
            (
                presets::netcore::route_config(route, Some(alerts)),
                BatchFormat::NetcorePanel,
            )
        }
        "lytics" => {
            let route = Route::new(endpoint(presets::lytics::endpoint(url))?)
                .with_policy(presets::lytics::retry_policy());
            let config = presets::lytics::route_config(route, workers)
                .map_err(|e| config_error(e.into()))?;
            (config, BatchFormat::JsonArray)
        }
        "standard-webhooks" | "standard" => {
            let route = Route::new(endpoint(Endpoint::builder(url))?)
                .with_policy(presets::standard_webhooks::retry_policy());
            (
                presets::standard_webhooks::route_config(route),
                BatchFormat::JsonArray,
            )
        }
        other => {
            return Err(Usage(format!(
                "unknown preset `{other}`; expected one of {PRESETS}"
            )));
        }
    };
    let mut config = match workers {
        Some(workers) => config
            .with_workers(workers)
            .map_err(|e| config_error(e.into()))?,
        None => config,
    };
    if let Some(size) = batch {
        let batching = Batching::new(format, size, window.unwrap_or(DEFAULT_BATCH_WINDOW))
            .map_err(|e| config_error(e.into()))?;
        config = config.with_batching(batching);
    }
    Ok(config)
}

/// `200,500,429:ra=5`: statuses in order, the last repeating; `:ra=N` adds `Retry-After: N`.
fn parse_replies(list: &str) -> Result<Vec<Scripted>, Usage> {
    list.split(',')
        .map(|entry| {
            let entry = entry.trim();
            let bad = || {
                Usage(format!(
                    "`--replies`: cannot read `{entry}`; expected a status (500) or a status \
                     with Retry-After seconds (429:ra=5)"
                ))
            };
            let (status, retry_after) = match entry.split_once(':') {
                Some((status, rest)) => {
                    let secs = rest.strip_prefix("ra=").ok_or_else(bad)?;
                    (status, Some(secs.parse::<u64>().map_err(|_| bad())?))
                }
                None => (entry, None),
            };
            let status: u16 = status.parse().map_err(|_| bad())?;
            if !(100..=599).contains(&status) {
                return Err(bad());
            }
            Ok(Scripted {
                status,
                retry_after,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replies_read_statuses_and_retry_after() {
        assert_eq!(
            parse_replies("200, 429:ra=5").unwrap(),
            [
                Scripted {
                    status: 200,
                    retry_after: None
                },
                Scripted {
                    status: 429,
                    retry_after: Some(5)
                },
            ]
        );
        assert!(parse_replies("42").is_err());
        assert!(parse_replies("429:5").is_err());
    }
}
