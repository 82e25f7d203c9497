//! `hookwire check-url`: the sender's SSRF guard on one URL, as the delivery would apply it.

use std::net::IpAddr;
use std::process::ExitCode;

use hookwire::guard::Guard;

use crate::args::{Options, Usage, usage_exit};

/// `hookwire check-url URL [--resolved IP]… [--allow CIDR]… [--ports LIST]`
///
/// Prints `allow <address:port>` (exit 0) or `deny: <reason>` (exit 1); usage errors exit 2.
pub(crate) fn run(args: &[String]) -> ExitCode {
    match check(args) {
        Ok(Ok(cleared)) => {
            println!("allow {}", cleared.address());
            ExitCode::SUCCESS
        }
        Ok(Err(denied)) => {
            println!("deny: {denied}");
            ExitCode::from(1)
        }
        Err(usage) => usage_exit(usage),
    }
}

type Verdict = Result<hookwire::guard::Cleared, hookwire::guard::Denied>;

fn check(args: &[String]) -> Result<Verdict, Usage> {
    let (options, positional) =
        Options::parse_with_positional(args, &["resolved", "allow", "ports"])?;
    let url = match positional.as_slice() {
        [url] => url,
        [] => return Err(Usage("a URL is required".into())),
        [_, extra, ..] => return Err(Usage(format!("unexpected argument `{extra}`"))),
    };
    let resolved = options
        .all("resolved")
        .iter()
        // `std`'s reading: no leading zeros, no hex, four parts — an address, not a URL host.
        .map(|text| {
            text.parse::<IpAddr>()
                .map_err(|_| Usage(format!("`--resolved`: `{text}` is not an IP address")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut builder = Guard::builder().allow_all(options.all("allow"));
    if let Some(list) = options.get("ports") {
        let ports = list
            .split(',')
            .map(|port| {
                port.trim()
                    .parse::<u16>()
                    .map_err(|_| Usage(format!("`--ports`: `{port}` is not a port")))
            })
            .collect::<Result<Vec<_>, _>>()?;
        builder = builder.ports(ports);
    }
    let guard = builder.build().map_err(|err| Usage(format!("{err}")))?;
    Ok(guard.clear(url, &resolved))
}
