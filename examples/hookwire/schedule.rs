//! `hookwire schedule`: a real `Delivery` on a virtual clock against scripted responses.

use std::process::ExitCode;

use hookwire::delivery::{
    AttemptResult, Delivery, Event, Message, Reply, Route, TransportFailure, simulate,
};
use hookwire::{Endpoint, MessageId, Payload, Timestamp, presets};

use crate::args::{Options, Usage, usage_exit};

const POLICIES: &str = "smarter-launch|lytics|listrak|netcore|svix|standard|exponential";

/// The virtual clock starts here; lines print offsets from it.
const START: Timestamp = Timestamp::from_unix_secs(1_700_000_000);

/// `hookwire schedule --policy P --responses LIST [--id ID]`
pub(crate) fn run(args: &[String]) -> ExitCode {
    match schedule(args) {
        Ok(lines) => {
            print!("{lines}");
            ExitCode::SUCCESS
        }
        Err(usage) => usage_exit(usage),
    }
}

fn schedule(args: &[String]) -> Result<String, Usage> {
    let options = Options::parse(args, &["policy", "responses", "id"])?;
    let name = options.required("policy")?;
    let policy = presets::by_name(name).ok_or_else(|| {
        Usage(format!(
            "unknown policy `{name}`; expected one of {POLICIES}"
        ))
    })?;
    let replies = parse_responses(options.required("responses")?)?;
    let id = MessageId::new(options.get("id").unwrap_or("msg_schedule"))
        .map_err(|err| Usage(format!("`--id`: {err}")))?;
    let endpoint = Endpoint::builder("https://receiver.invalid/hook")
        .build()
        .map_err(|err| Usage(err.to_string()))?;
    let route = Route::new(endpoint).with_policy(policy);
    let mut delivery = Delivery::new(route, Message::new(id, Payload::json("{}")), START);

    // When the list runs out, the receiver keeps answering like its last entry.
    let mut script = replies.iter();
    let last = replies.last().cloned().unwrap_or(Reply::status(200));
    let sim = simulate(&mut delivery, |_| {
        script.next().cloned().unwrap_or(last.clone())
    });

    let mut out = String::new();
    for event in &sim.events {
        let Event::AttemptStarted { attempt, at, .. } = event else {
            continue;
        };
        let result = sim
            .attempts
            .iter()
            .find(|record| record.attempt == *attempt)
            .map(|record| describe(record.result))
            .unwrap_or_else(|| "no result".to_owned());
        out.push_str(&format!(
            "attempt {} at +{}s: {result}\n",
            attempt.number(),
            offset(*at)
        ));
    }
    out.push_str(&format!("outcome: {}", sim.outcome.kind));
    if let Some(action) = sim.outcome.journey_action {
        out.push_str(&format!(", journey action: {}", action.name()));
    }
    out.push('\n');
    Ok(out)
}

fn describe(result: AttemptResult) -> String {
    match result {
        AttemptResult::Status(status) => status.to_string(),
        AttemptResult::Transport(failure) => format!("error ({})", failure.name()),
        AttemptResult::Abandoned => "abandoned".to_owned(),
    }
}

/// Seconds since the start, with milliseconds only when there are some (jitter).
fn offset(at: Timestamp) -> String {
    let millis = at.unix_millis() - START.unix_millis();
    if millis % 1000 == 0 {
        (millis / 1000).to_string()
    } else {
        format!("{}.{:03}", millis / 1000, millis % 1000)
    }
}

/// `500,503:retry-after=120,error,timeout,200`. An HTTP-date holds a comma, so a piece that
/// does not start a new entry (a three-digit status, `error…` or `timeout`) continues the
/// previous one.
fn parse_responses(list: &str) -> Result<Vec<Reply>, Usage> {
    let mut entries: Vec<String> = Vec::new();
    for piece in list.split(',') {
        let trimmed = piece.trim();
        let starts_entry = trimmed.starts_with("error")
            || trimmed == "timeout"
            || (trimmed.len() >= 3
                && trimmed.as_bytes()[..3].iter().all(u8::is_ascii_digit)
                && matches!(trimmed.as_bytes().get(3), None | Some(b':')));
        match entries.last_mut() {
            Some(previous) if !starts_entry => {
                previous.push(',');
                previous.push_str(piece);
            }
            _ => entries.push(trimmed.to_owned()),
        }
    }
    entries.iter().map(|entry| parse_entry(entry)).collect()
}

fn parse_entry(entry: &str) -> Result<Reply, Usage> {
    let bad = || {
        Usage(format!(
            "`--responses`: cannot read `{entry}`; expected a status (500), \
             a status with Retry-After (503:retry-after=120 or an HTTP-date), \
             `error[:connect|dns|tls]` or `timeout`"
        ))
    };
    match entry {
        "error" | "error:connect" => return Ok(Reply::Transport(TransportFailure::Connect)),
        "error:dns" => return Ok(Reply::Transport(TransportFailure::Dns)),
        "error:tls" => return Ok(Reply::Transport(TransportFailure::Tls)),
        "timeout" => return Ok(Reply::Silence),
        _ => {}
    }
    let (status, rest) = match entry.split_once(':') {
        Some((status, rest)) => (status, Some(rest)),
        None => (entry, None),
    };
    let status: u16 = status.parse().map_err(|_| bad())?;
    if !(100..=599).contains(&status) {
        return Err(bad());
    }
    let reply = Reply::status(status);
    match rest {
        None => Ok(reply),
        Some(rest) => {
            let value = rest
                .trim()
                .strip_prefix("retry-after=")
                .filter(|value| !value.is_empty())
                .ok_or_else(bad)?;
            Ok(reply.with_retry_after(value))
        }
    }
}
