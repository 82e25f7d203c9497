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
//! ```
//!
//! Exit status: 0 success, 1 a refusal (`invalid: …`, `reject <status>: …`, `cannot render: …`),
//! 2 a usage error.

mod args;
mod http_file;
mod receive;
mod render;
mod schedule;
mod sign;

use std::process::ExitCode;

const USAGE: &str = "usage: hookwire <command> [options]

commands:
  sign     print the signature headers for a body
  verify   check a request's signature headers against a body
  schedule drive a delivery on a virtual clock against scripted responses
  render   print the headers and exact body a format sends
  receive  put a raw HTTP request through a receiver and print its typed events
";

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let Some((command, rest)) = argv.split_first() else {
        eprint!("{USAGE}");
        return ExitCode::from(2);
    };
    match command.as_str() {
        "sign" => sign::run_sign(rest),
        "verify" => sign::run_verify(rest),
        "schedule" => schedule::run(rest),
        "render" => render::run(rest),
        "receive" => receive::run(rest),
        "help" | "--help" | "-h" => {
            print!("{USAGE}");
            ExitCode::SUCCESS
        }
        other => {
            eprintln!("unknown command `{other}`\n{USAGE}");
            ExitCode::from(2)
        }
    }
}
