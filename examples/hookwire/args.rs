//! A tiny argument reader for the CLI: `--flag value` pairs, repeatable flags, and usage
//! errors that exit with status 2. Kept by hand so the CLI builds with no extra crates.

use std::collections::BTreeMap;
use std::io::Read as _;
use std::process::ExitCode;

/// A usage error: the message to print and exit status 2.
#[derive(Debug)]
pub(crate) struct Usage(pub(crate) String);

/// Parsed `--name value` options; a name may repeat.
#[derive(Debug, Default)]
pub(crate) struct Options {
    values: BTreeMap<String, Vec<String>>,
}

impl Options {
    /// Parses `args` (after the subcommand) against the allowed flag names.
    pub(crate) fn parse(args: &[String], allowed: &[&str]) -> Result<Self, Usage> {
        let (options, positional) = Options::parse_with_positional(args, allowed)?;
        match positional.first() {
            Some(arg) => Err(Usage(format!("unexpected argument `{arg}`"))),
            None => Ok(options),
        }
    }

    /// Parses `args` like [`Options::parse`], returning the arguments that are neither a
    /// flag nor a flag's value too, in order.
    pub(crate) fn parse_with_positional(
        args: &[String],
        allowed: &[&str],
    ) -> Result<(Self, Vec<String>), Usage> {
        let mut options = Options::default();
        let mut positional = Vec::new();
        let mut iter = args.iter();
        while let Some(arg) = iter.next() {
            let Some(name) = arg.strip_prefix("--") else {
                positional.push(arg.clone());
                continue;
            };
            let (name, inline) = match name.split_once('=') {
                Some((name, value)) => (name, Some(value.to_owned())),
                None => (name, None),
            };
            if !allowed.contains(&name) {
                return Err(Usage(format!("unknown option `--{name}`")));
            }
            let value = match inline {
                Some(value) => value,
                None => iter
                    .next()
                    .cloned()
                    .ok_or_else(|| Usage(format!("`--{name}` needs a value")))?,
            };
            options
                .values
                .entry(name.to_owned())
                .or_default()
                .push(value);
        }
        Ok((options, positional))
    }

    /// The last value of `name`, if given.
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.values
            .get(name)
            .and_then(|v| v.last())
            .map(String::as_str)
    }

    /// Every value of `name`, in order.
    pub(crate) fn all(&self, name: &str) -> &[String] {
        self.values.get(name).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The value of `name`, or a usage error saying it is required.
    pub(crate) fn required(&self, name: &str) -> Result<&str, Usage> {
        self.get(name)
            .ok_or_else(|| Usage(format!("`--{name}` is required")))
    }

    /// The value of `name` parsed as `T`, if given.
    pub(crate) fn parsed<T: std::str::FromStr>(&self, name: &str) -> Result<Option<T>, Usage> {
        self.get(name)
            .map(|text| {
                text.parse()
                    .map_err(|_| Usage(format!("`--{name}`: cannot read `{text}`")))
            })
            .transpose()
    }
}

/// Reads a file, or standard input for `-`; `None` reads standard input too.
pub(crate) fn read_input(path: Option<&str>) -> Result<Vec<u8>, Usage> {
    match path {
        None | Some("-") => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|err| Usage(format!("cannot read standard input: {err}")))?;
            Ok(bytes)
        }
        Some(path) => {
            std::fs::read(path).map_err(|err| Usage(format!("cannot read `{path}`: {err}")))
        }
    }
}

/// The current time from the system clock (the `system-clock` feature's adapter).
pub(crate) fn system_now() -> hookwire::Timestamp {
    hookwire::adapters::clock::now()
}

/// Prints a usage error and returns exit status 2.
pub(crate) fn usage_exit(usage: Usage) -> ExitCode {
    eprintln!("usage error: {}", usage.0);
    ExitCode::from(2)
}
