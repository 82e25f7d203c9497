//! `hookwire receive`: put a raw HTTP request through a real `Receiver` and print what it
//! made of it.

use std::net::{IpAddr, Ipv4Addr};
use std::process::ExitCode;
use std::time::Duration;

use hookwire::format::listrak::ListrakBody;
use hookwire::format::{ParseError, cloudevents, netcore};
use hookwire::receive::{
    BodyFormat, CloudEventsHttp, ListrakJson, LyticsJson, NetcoreForm, Receiver, ReplayGuard,
    SmarterLaunchJson,
};
use hookwire::{BasicAuth, Timestamp, Verifier};
use serde_json::{Value, json};

use crate::args::{Options, Usage, read_input, system_now, usage_exit};
use crate::http_file::parse_request;
use crate::sign::{keyring, scheme};

const FORMATS: &str = "netcore|lytics|cloudevents|listrak|smarter-launch";

/// Every format's events, as the JSON lines the command prints.
type Events = Vec<Value>;

/// `hookwire receive --format F --request FILE [--request FILE2]… [--scheme S --secret K …]
/// [--basic-auth USER:PASS] [--allow-ip CIDR …] [--peer-ip IP] [--max-body BYTES] [--now UNIX]
/// [--replay-window SECS [--replay-state FILE]]`
///
/// Each request in turn, through one receiver (and one replay guard): accepted, one JSON
/// line per event; refused (including a file that is not an HTTP request, as 400, 413 or
/// 501), `reject <status>: <reason>`. Exit 0 when every request was accepted, 1 when one
/// was refused; usage errors exit 2.
pub(crate) fn run(args: &[String]) -> ExitCode {
    let outcome = (|| {
        let options = Options::parse(
            args,
            &[
                "format",
                "request",
                "scheme",
                "secret",
                "encoding",
                "signature-header",
                "basic-auth",
                "allow-ip",
                "peer-ip",
                "max-body",
                "now",
                "replay-window",
                "replay-state",
            ],
        )?;
        let receiver = receiver(&options)?;
        let peer = options
            .parsed::<IpAddr>("peer-ip")?
            .unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST));
        let now = match options.parsed::<i64>("now")? {
            Some(secs) => Timestamp::from_unix_secs(secs),
            None => system_now(),
        };
        let mut guard = replay_guard(&options)?;
        let files = options.all("request");
        if files.is_empty() {
            return Err(Usage("`--request` is required".into()));
        }
        let mut verdicts = Vec::with_capacity(files.len());
        for file in files {
            let raw = read_input(Some(file))?;
            verdicts.push(match parse_request(&raw, receiver.max_body_size()) {
                Ok(request) => receiver
                    .receive(&request, peer, now, guard.as_mut())
                    .map(|accepted| accepted.into_data())
                    .map_err(|rejection| (rejection.status().as_u16(), rejection.to_string())),
                Err(refused) => Err((refused.status.as_u16(), refused.reason)),
            });
        }
        if let (Some(path), Some(guard)) = (options.get("replay-state"), &guard) {
            let saved = serde_json::to_vec(guard)
                .map_err(|err| Usage(format!("`--replay-state`: {err}")))?;
            std::fs::write(path, saved)
                .map_err(|err| Usage(format!("cannot write `{path}`: {err}")))?;
        }
        Ok::<_, Usage>(verdicts)
    })();
    match outcome {
        Ok(verdicts) => {
            let mut all_accepted = true;
            for verdict in verdicts {
                match verdict {
                    Ok(events) => {
                        for event in events {
                            println!("{event}");
                        }
                    }
                    Err((status, reason)) => {
                        println!("reject {status}: {reason}");
                        all_accepted = false;
                    }
                }
            }
            if all_accepted {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
        Err(usage) => usage_exit(usage),
    }
}

/// The replay guard `--replay-window` asks for, loaded from `--replay-state` when that
/// file exists.
fn replay_guard(options: &Options) -> Result<Option<ReplayGuard>, Usage> {
    if options.get("replay-window").is_none() {
        if options.get("replay-state").is_some() {
            return Err(Usage("`--replay-state` needs `--replay-window`".into()));
        }
        return Ok(None);
    }
    if options.get("scheme").is_none() {
        return Err(Usage(
            "`--replay-window` needs `--scheme`: only a verified message has an identity".into(),
        ));
    }
    if let Some(path) = options.get("replay-state")
        && let Ok(saved) = std::fs::read(path)
    {
        return serde_json::from_slice(&saved)
            .map(Some)
            .map_err(|err| Usage(format!("`--replay-state {path}`: {err}")));
    }
    ReplayGuard::new(REPLAY_CAPACITY)
        .map(Some)
        .map_err(|err| Usage(err.to_string()))
}

/// How many messages the command-line replay guard remembers.
const REPLAY_CAPACITY: usize = 100_000;

fn receiver(options: &Options) -> Result<Receiver<Box<dyn BodyFormat<Output = Events>>>, Usage> {
    let mut builder = Receiver::builder(format(options.required("format")?)?);
    if options.get("scheme").is_some() {
        let scheme = scheme(options)?;
        let keys = keyring(&scheme, options.all("secret"))?;
        builder =
            builder.verifier(Verifier::new(scheme, keys).map_err(|err| Usage(err.to_string()))?);
    } else if !options.all("secret").is_empty() {
        return Err(Usage("`--secret` needs `--scheme`".into()));
    }
    for credentials in options.all("basic-auth") {
        let (user, password) = credentials
            .split_once(':')
            .ok_or_else(|| Usage("`--basic-auth`: expected USER:PASS".into()))?;
        let auth = BasicAuth::new(user, password)
            .map_err(|err| Usage(format!("`--basic-auth`: {err}")))?;
        builder = builder.basic_auth(auth);
    }
    builder = builder.allow_ips(options.all("allow-ip"));
    if let Some(limit) = options.parsed::<usize>("max-body")? {
        builder = builder.max_body_size(limit);
    }
    if let Some(secs) = options.parsed::<u64>("replay-window")? {
        builder = builder.replay_retention(Duration::from_secs(secs));
    }
    builder.build().map_err(|err| Usage(err.to_string()))
}

/// A library format whose typed output the command prints as JSON lines.
struct Lines<F, M> {
    format: F,
    lines: M,
}

impl<F: BodyFormat, M: Fn(F::Output) -> Result<Events, ParseError>> BodyFormat for Lines<F, M> {
    type Output = Events;

    fn check_content_type(&self, headers: &http::HeaderMap) -> Result<(), ParseError> {
        self.format.check_content_type(headers)
    }

    fn parse(&self, headers: &http::HeaderMap, body: &[u8]) -> Result<Events, ParseError> {
        (self.lines)(self.format.parse(headers, body)?)
    }
}

impl<F: std::fmt::Debug, M> std::fmt::Debug for Lines<F, M> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Lines").field(&self.format).finish()
    }
}

fn boxed<F, M>(format: F, lines: M) -> Box<dyn BodyFormat<Output = Events>>
where
    F: BodyFormat + 'static,
    M: Fn(F::Output) -> Result<Events, ParseError> + 'static,
{
    Box::new(Lines { format, lines })
}

/// Each item as one JSON value.
fn json_lines<T: serde::Serialize>(
    items: impl IntoIterator<Item = T>,
) -> Result<Events, ParseError> {
    items
        .into_iter()
        .map(|item| {
            serde_json::to_value(item).map_err(|err| ParseError::InvalidValue {
                field: "event".into(),
                reason: err.to_string(),
            })
        })
        .collect()
}

/// The library's typed format for `name`, its events turned into JSON lines.
fn format(name: &str) -> Result<Box<dyn BodyFormat<Output = Events>>, Usage> {
    Ok(match name {
        // One line per event, each with the panel that sent the batch.
        "netcore" => boxed(NetcoreForm, |batch: netcore::Batch| {
            let panel = batch.panel;
            json_lines(batch.events)?
                .into_iter()
                .map(|event| Ok(json!({ "panel": panel, "event": event })))
                .collect()
        }),
        "lytics" => boxed(LyticsJson, json_lines),
        "cloudevents" => boxed(CloudEventsHttp, |received: cloudevents::Received| {
            json_lines(received.into_events())
        }),
        // Which mode the step used, and its typed content.
        "listrak" => boxed(ListrakJson, |body| {
            Ok(vec![match body {
                ListrakBody::Journey(payload) => {
                    json!({ "mode": "payload", "payload": json_lines([payload])?.pop() })
                }
                ListrakBody::Template(template) => json!({
                    "mode": "json",
                    "contact": { "email": template.contact.email(), "phone": template.contact.phone() },
                    "fields": template.fields,
                }),
                other => json!({ "mode": "unknown", "debug": format!("{other:?}") }),
            }])
        }),
        "smarter-launch" => boxed(SmarterLaunchJson, |event| json_lines([event])),
        other => {
            return Err(Usage(format!(
                "unknown format `{other}`; expected one of {FORMATS}"
            )));
        }
    })
}
