//! `hookwire receive`: put a raw HTTP request through a real `Receiver` and print what it
//! made of it.

use std::net::{IpAddr, Ipv4Addr};
use std::process::ExitCode;

use hookwire::format::{ParseError, cloudevents, listrak, lytics, netcore, smarter_launch};
use hookwire::receive::{BodyFormat, FnFormat, Receiver};
use hookwire::{APPLICATION_JSON, BasicAuth, Timestamp, Verifier};
use serde_json::{Value, json};

use crate::args::{Options, Usage, read_input, system_now, usage_exit};
use crate::http_file::parse_request;
use crate::sign::{keyring, scheme};

const FORMATS: &str = "netcore|lytics|cloudevents|listrak|smarter-launch";

/// Every format's events, as the JSON lines the command prints.
type Events = Vec<Value>;

/// `hookwire receive --format F --request FILE [--scheme S --secret K …]
/// [--basic-auth USER:PASS] [--allow-ip CIDR …] [--peer-ip IP] [--max-body BYTES] [--now UNIX]`
///
/// Accepted: one JSON line per event, exit 0. Refused (including a file that is not an HTTP
/// request, as a 400): `reject <status>: <reason>`, exit 1. Usage errors: exit 2.
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
        let raw = read_input(Some(options.required("request")?))?;
        let verdict = match parse_request(&raw) {
            Ok(request) => receiver
                .receive(&request, peer, now, None)
                .map(|accepted| accepted.into_data())
                .map_err(|rejection| (rejection.status().as_u16(), rejection.to_string())),
            Err(not_http) => Err((400, not_http.0)),
        };
        Ok::<_, Usage>(verdict)
    })();
    match outcome {
        Ok(Ok(events)) => {
            for event in events {
                println!("{event}");
            }
            ExitCode::SUCCESS
        }
        Ok(Err((status, reason))) => {
            println!("reject {status}: {reason}");
            ExitCode::from(1)
        }
        Err(usage) => usage_exit(usage),
    }
}

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
    builder.build().map_err(|err| Usage(err.to_string()))
}

/// The typed parser for `name`, its events turned into JSON lines.
fn format(name: &str) -> Result<Box<dyn BodyFormat<Output = Events>>, Usage> {
    fn lines<T: serde::Serialize>(
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
    Ok(match name {
        // One line per event, each with the panel that sent the batch.
        "netcore" => Box::new(FnFormat::new(&[netcore::FORM_CONTENT_TYPE], |_, body| {
            let batch = netcore::parse(body)?;
            let panel = batch.panel.clone();
            lines(batch.events)?
                .into_iter()
                .map(|event| Ok(json!({ "panel": panel, "event": event })))
                .collect()
        })),
        "lytics" => Box::new(FnFormat::new(&[APPLICATION_JSON], |_, body| {
            lines(lytics::parse(body)?)
        })),
        // All three modes: the content type picks one, so the format accepts any.
        "cloudevents" => Box::new(FnFormat::new(&[], |headers, body| {
            lines(cloudevents::parse(headers, body)?.into_events())
        })),
        // Which mode the step used, and its typed content.
        "listrak" => Box::new(FnFormat::new(&[listrak::MEDIA_TYPE], |_, body| {
            Ok(vec![match listrak::parse(body)? {
                listrak::ListrakBody::Journey(payload) => {
                    json!({ "mode": "payload", "payload": lines([payload])?.pop() })
                }
                listrak::ListrakBody::Template(template) => json!({
                    "mode": "json",
                    "contact": { "email": template.contact.email(), "phone": template.contact.phone() },
                    "fields": template.fields,
                }),
                other => json!({ "mode": "unknown", "debug": format!("{other:?}") }),
            }])
        })),
        "smarter-launch" => Box::new(FnFormat::new(&[smarter_launch::MEDIA_TYPE], |_, body| {
            lines([smarter_launch::parse(body)?])
        })),
        other => {
            return Err(Usage(format!(
                "unknown format `{other}`; expected one of {FORMATS}"
            )));
        }
    })
}
