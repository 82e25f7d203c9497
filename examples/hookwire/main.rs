//! `hookwire`: a command-line tool for debugging webhooks.
//!
//! ```text
//! cargo run --release --example hookwire -- sign   --scheme standard --secret whsec_… --body body.json
//! cargo run --release --example hookwire -- verify --scheme standard --secret whsec_… \
//!     --header "webhook-id: msg_1" --header "webhook-timestamp: 1700000000" \
//!     --header "webhook-signature: v1,…" --body body.json --now 1700000000
//! cargo run --release --example hookwire -- schedule --policy lytics --responses 503,500,200
//! cargo run --release --example hookwire -- render --format netcore --input batch.json
//! cargo run --release --example hookwire -- receive --format netcore --request request.http \
//!     --basic-auth netcore:secret --now 1700000000
//! cargo run --release --example hookwire -- check-url https://hooks.example.com/ --resolved 93.184.215.14
//! cargo run --release --example hookwire -- simulate --preset lytics --messages 100 --batch 10 \
//!     --replies 200,500,429:ra=5
//! ```
//!
//! Every subcommand answers `--help`. Exit status: 0 success, 1 a refusal (`invalid: …`,
//! `reject <status>: …`, `cannot render: …`, `deny: …`), 2 a usage error.

mod args;
mod check_url;
mod help;
mod http_file;
mod receive;
mod render;
mod schedule;
mod sign;
mod simulate;

use std::process::ExitCode;

const USAGE: &str = "usage: hookwire <command> [options]

commands:
  sign       print the signature headers for a body
  verify     check a request's signature headers against a body
  schedule   drive a delivery on a virtual clock against scripted responses
  render     print the headers and exact body a format sends
  receive    put raw HTTP requests through a receiver and print their typed events
  check-url  decide whether a webhook may go to a URL (the sender's SSRF guard)
  simulate   run a vendor's dispatcher on a virtual clock against a scripted receiver

`hookwire <command> --help` describes a command's options.
";

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let Some((command, rest)) = argv.split_first() else {
        eprint!("{USAGE}");
        return ExitCode::from(2);
    };
    if rest.iter().any(|arg| arg == "--help" || arg == "-h") {
        return help(command);
    }
    match command.as_str() {
        "sign" => sign::run_sign(rest),
        "verify" => sign::run_verify(rest),
        "schedule" => schedule::run(rest),
        "render" => render::run(rest),
        "receive" => receive::run(rest),
        "check-url" => check_url::run(rest),
        "simulate" => simulate::run(rest),
        "help" => match rest.first() {
            Some(command) => help(command),
            None => {
                print!("{USAGE}");
                ExitCode::SUCCESS
            }
        },
        "--help" | "-h" => {
            print!("{USAGE}");
            ExitCode::SUCCESS
        }
        other => {
            eprintln!("unknown command `{other}`\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

/// `hookwire <command> --help` and `hookwire help <command>`.
fn help(command: &str) -> ExitCode {
    match help::of(command) {
        Some(text) => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        None => {
            eprintln!("unknown command `{command}`\n{USAGE}");
            ExitCode::from(2)
        }
    }
}
