//! `hookwire render`: the exact body (and the headers it needs) that a format sends.

use std::process::ExitCode;

use hookwire::Payload;
use hookwire::format::cloudevents::{self, CloudEvent};
use hookwire::format::listrak::{self, Contact, JourneyPayload};
use hookwire::format::lytics::{self, Meta, UserData};
use hookwire::format::netcore::{self, Batch};
use serde_json::{Map, Value};

use crate::args::{Options, Usage, read_input, usage_exit};
use crate::sign::canonical_case;

const FORMATS: &str = "json-template|listrak-payload|netcore|lytics|cloudevents|\
                       cloudevents-binary|cloudevents-batch";

/// `hookwire render --format F [--input FILE|-] [--template FILE] [--panel NAME]
/// [--source URI] [--type TYPE]`
///
/// Prints the headers the body needs (`Name: value`), a blank line, then the body exactly as
/// sent. Input the format cannot render: the reason, exit 1. Usage errors: exit 2.
pub(crate) fn run(args: &[String]) -> ExitCode {
    let outcome = (|| {
        let options = Options::parse(
            args,
            &["format", "input", "template", "panel", "source", "type"],
        )?;
        let format = options.required("format")?;
        if !FORMATS.split('|').any(|known| known == format) {
            return Err(Usage(format!(
                "unknown format `{format}`; expected one of {FORMATS}"
            )));
        }
        let template = match (format, options.get("template")) {
            ("json-template", Some(path)) => Some(read_text(path)?),
            ("json-template", None) => {
                return Err(Usage("`--format json-template` needs `--template`".into()));
            }
            (_, Some(_)) => {
                return Err(Usage("`--template` only goes with json-template".into()));
            }
            (_, None) => None,
        };
        let input = read_input(options.get("input"))?;
        Ok(render(format, &options, template.as_deref(), &input))
    })();
    match outcome {
        Ok(Ok(payload)) => {
            use std::io::Write as _;
            let mut out = format!("Content-Type: {}\n", text(payload.content_type()));
            for (name, value) in payload.headers() {
                out.push_str(&format!(
                    "{}: {}\n",
                    header_case(name.as_str()),
                    text(value)
                ));
            }
            out.push('\n');
            let mut stdout = std::io::stdout().lock();
            let written = stdout
                .write_all(out.as_bytes())
                .and_then(|()| stdout.write_all(payload.body()))
                .and_then(|()| stdout.flush());
            if written.is_err() {
                return ExitCode::from(1);
            }
            ExitCode::SUCCESS
        }
        Ok(Err(reason)) => {
            eprintln!("cannot render: {reason}");
            ExitCode::from(1)
        }
        Err(usage) => usage_exit(usage),
    }
}

fn read_text(path: &str) -> Result<String, Usage> {
    String::from_utf8(read_input(Some(path))?)
        .map_err(|_| Usage(format!("`{path}` is not UTF-8 text")))
}

fn text(value: &http::HeaderValue) -> String {
    String::from_utf8_lossy(value.as_bytes()).into_owned()
}

/// The CLI's usual spelling of header names, except the CloudEvents binding's `ce-`
/// attributes, which it writes in lower case.
fn header_case(name: &str) -> String {
    if name.starts_with("ce-") {
        name.to_owned()
    } else {
        canonical_case(name)
    }
}

/// Renders `input` as `format`; the error is the reason to print.
fn render(
    format: &str,
    options: &Options,
    template: Option<&str>,
    input: &[u8],
) -> Result<Payload, String> {
    let json = || -> Result<Value, String> {
        serde_json::from_slice(input).map_err(|err| format!("the input is not JSON: {err}"))
    };
    match format {
        "json-template" => {
            // Listrak's JSON mode: the template reserves the keys the contact is appended under.
            let template = listrak::template(template.unwrap_or_default())
                .map_err(|err| format!("template: {err}"))?;
            let data = json()?;
            template
                .render(&data, &contact_of(&data).appended())
                .map_err(|err| err.to_string())
        }
        "listrak-payload" => JourneyPayload::parse(input)
            .map_err(|err| format!("input: {err}"))?
            .render()
            .map_err(|err| err.to_string()),
        "netcore" => {
            let batch = match (json()?, options.get("panel")) {
                (Value::Array(events), Some(panel)) => {
                    let events = serde_json::from_value(Value::Array(events))
                        .map_err(|err| format!("input: {err}"))?;
                    Batch::new(panel, events)
                }
                (Value::Array(_), None) => {
                    return Err("an array of events needs `--panel`".into());
                }
                (document, _) => {
                    serde_json::from_value(document).map_err(|err| format!("input: {err}"))?
                }
            };
            netcore::render(&batch).map_err(|err| err.to_string())
        }
        "lytics" => match json()? {
            Value::Array(items) => {
                let events = items
                    .into_iter()
                    .map(lytics_event)
                    .collect::<Result<Vec<_>, _>>()?;
                Ok(lytics::render_batch(&events))
            }
            item => Ok(lytics::render(&lytics_event(item)?)),
        },
        "cloudevents" => Ok(cloudevents::render_structured(&cloud_event(
            json()?,
            options,
        )?)),
        "cloudevents-binary" => Ok(cloudevents::render_binary(&cloud_event(json()?, options)?)),
        "cloudevents-batch" => {
            let Value::Array(items) = json()? else {
                return Err("cloudevents-batch takes an array of events".into());
            };
            let events = items
                .into_iter()
                .map(|item| cloud_event(item, options))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(cloudevents::render_batch(&events))
        }
        other => Err(format!("unknown format `{other}`")),
    }
}

/// The contact a template appends: `contact.email` and `contact.phone` in the merge data.
fn contact_of(data: &Value) -> Contact {
    let mut contact = Contact::new();
    if let Some(email) = data.pointer("/contact/email").and_then(Value::as_str) {
        contact = contact.with_email(email);
    }
    if let Some(phone) = data.pointer("/contact/phone").and_then(Value::as_str) {
        contact = contact.with_phone(phone);
    }
    contact
}

fn object(item: Value, what: &str) -> Result<Map<String, Value>, String> {
    match item {
        Value::Object(map) => Ok(map),
        _ => Err(format!("{what} must be a JSON object")),
    }
}

fn string(map: &mut Map<String, Value>, key: &str, what: &str) -> Result<String, String> {
    match map.remove(key) {
        Some(Value::String(text)) => Ok(text),
        Some(_) => Err(format!("{what}: `{key}` must be a string")),
        None => Err(format!("{what}: `{key}` is missing")),
    }
}

/// A time as RFC 3339 text: given as text (kept exactly) or as Unix seconds.
fn time_text(value: Value, what: &str) -> Result<String, String> {
    match value {
        Value::String(text) => Ok(text),
        Value::Number(secs) => secs
            .as_i64()
            .ok_or_else(|| format!("{what}: a numeric time must be whole Unix seconds"))
            .and_then(|secs| {
                hookwire::Timestamp::from_unix_secs(secs)
                    .to_rfc3339()
                    .map_err(|err| format!("{what}: {err}"))
            }),
        _ => Err(format!("{what}: a time is RFC 3339 text or Unix seconds")),
    }
}

/// `{ "id", "data", "subscription_id", "timestamp" }` → a Lytics envelope.
fn lytics_event(item: Value) -> Result<lytics::Event, String> {
    let mut map = object(item, "a Lytics event")?;
    let id = string(&mut map, "id", "a Lytics event")?;
    let subscription_id = string(&mut map, "subscription_id", "a Lytics event")?;
    let timestamp = time_text(
        map.remove("timestamp")
            .ok_or("a Lytics event: `timestamp` is missing")?,
        "a Lytics event",
    )?;
    let data: UserData = serde_json::from_value(map.remove("data").unwrap_or(Value::Null))
        .map_err(|err| format!("a Lytics event: `data`: {err}"))?;
    // The epoch is always writable; the timestamp is replaced by the input's own.
    let mut meta = Meta::new(subscription_id, hookwire::Timestamp::UNIX_EPOCH)
        .map_err(|err| format!("a Lytics event: {err}"))?;
    meta.timestamp = timestamp;
    let mut event = lytics::Event::new(id, data, meta);
    event.extra = map;
    Ok(event)
}

/// `{ "id", "time", "data", "type"?, "source"?, "subject"? }` → a CloudEvent. The type
/// defaults to Lytics' `com.lytics.audience.user.event`; the source comes from the input or
/// `--source`.
fn cloud_event(item: Value, options: &Options) -> Result<CloudEvent, String> {
    const WHAT: &str = "a CloudEvents input";
    let mut map = object(item, WHAT)?;
    let id = string(&mut map, "id", WHAT)?;
    let ty = match map.remove("type") {
        Some(Value::String(ty)) => ty,
        Some(_) => return Err(format!("{WHAT}: `type` must be a string")),
        None => options
            .get("type")
            .unwrap_or(lytics::DEFAULT_CLOUDEVENTS_TYPE)
            .to_owned(),
    };
    let source = match map.remove("source") {
        Some(Value::String(source)) => source,
        Some(_) => return Err(format!("{WHAT}: `source` must be a string")),
        None => options
            .get("source")
            .map(str::to_owned)
            .ok_or_else(|| format!("{WHAT}: no `source`: give one in the input or `--source`"))?,
    };
    let mut builder = CloudEvent::builder(id, source, ty);
    if let Some(time) = map.remove("time") {
        builder = builder.time_rfc3339(time_text(time, WHAT)?);
    }
    match map.remove("subject") {
        Some(Value::String(subject)) => builder = builder.subject(subject),
        Some(_) => return Err(format!("{WHAT}: `subject` must be a string")),
        None => {}
    }
    if let Some(data) = map.remove("data") {
        builder = builder.data_json(data);
    }
    if let Some(unknown) = map.keys().next() {
        return Err(format!(
            "{WHAT}: unknown member `{unknown}` (expected id, time, data, type, source, subject)"
        ));
    }
    builder.build().map_err(|err| err.to_string())
}
