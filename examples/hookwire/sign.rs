//! `hookwire sign` and `hookwire verify`.

use std::process::ExitCode;
use std::time::Duration;

use hookwire::http::{HeaderMap, HeaderName, HeaderValue};
use hookwire::{
    DigestEncoding, Key, Keyring, MessageId, Scheme, Secret, Signer, Timestamp, Tolerance, Verifier,
};

use crate::args::{Options, Usage, read_input, system_now, usage_exit};

const SCHEMES: &str = "listrak|smarter-launch|standard|standard-v1a|stripe|github|shopify|slack";

/// `hookwire sign --scheme S --secret K [--secret K2…] [--id ID] [--timestamp UNIX] [--body FILE|-]`
pub(crate) fn run_sign(args: &[String]) -> ExitCode {
    match sign(args) {
        Ok(lines) => {
            print!("{lines}");
            ExitCode::SUCCESS
        }
        Err(usage) => usage_exit(usage),
    }
}

fn sign(args: &[String]) -> Result<String, Usage> {
    let options = Options::parse(
        args,
        &[
            "scheme",
            "secret",
            "id",
            "timestamp",
            "body",
            "encoding",
            "signature-header",
        ],
    )?;
    let scheme = scheme(&options)?;
    let keys = keyring(&scheme, options.all("secret"))?;
    let signer = Signer::new(scheme, keys).map_err(|err| Usage(err.to_string()))?;
    let timestamp = match options.parsed::<i64>("timestamp")? {
        Some(secs) => Timestamp::from_unix_secs(secs),
        None => system_now(),
    };
    let id = match options.get("id") {
        Some(id) => id.to_owned(),
        None => format!("msg_{}", timestamp.unix_millis()),
    };
    let id = MessageId::new(id).map_err(|err| Usage(format!("`--id`: {err}")))?;
    let body = read_input(options.get("body"))?;
    let signed = signer
        .sign(&id, timestamp, &body)
        .map_err(|err| Usage(err.to_string()))?;
    let mut out = String::new();
    for (name, value) in signed.iter() {
        out.push_str(&canonical_case(name.as_str()));
        out.push_str(": ");
        out.push_str(value.to_str().unwrap_or_default());
        out.push('\n');
    }
    Ok(out)
}

/// `hookwire verify --scheme S --secret K […] [--header "Name: value"]… [--body FILE|-]
/// [--now UNIX] [--tolerance SECS]`
pub(crate) fn run_verify(args: &[String]) -> ExitCode {
    let outcome = (|| {
        let options = Options::parse(
            args,
            &[
                "scheme",
                "secret",
                "header",
                "body",
                "now",
                "tolerance",
                "signature-header",
            ],
        )?;
        let scheme = scheme(&options)?;
        let keys = keyring(&scheme, options.all("secret"))?;
        let mut verifier = Verifier::new(scheme, keys).map_err(|err| Usage(err.to_string()))?;
        if let Some(secs) = options.parsed::<u64>("tolerance")? {
            // Schemes without a timestamp have nothing to apply a tolerance to.
            if verifier.scheme().has_timestamp() {
                verifier = verifier
                    .with_tolerance(Tolerance::symmetric(Duration::from_secs(secs)))
                    .map_err(|err| Usage(err.to_string()))?;
            }
        }
        let headers = headers(options.all("header"))?;
        let now = match options.parsed::<i64>("now")? {
            Some(secs) => Timestamp::from_unix_secs(secs),
            None => system_now(),
        };
        let body = read_input(options.get("body"))?;
        Ok::<_, Usage>(verifier.verify(&headers, &body, now))
    })();
    match outcome {
        Ok(Ok(_)) => {
            println!("valid");
            ExitCode::SUCCESS
        }
        Ok(Err(err)) => {
            eprintln!("invalid: {err}");
            ExitCode::from(1)
        }
        Err(usage) => usage_exit(usage),
    }
}

pub(crate) fn scheme(options: &Options) -> Result<Scheme, Usage> {
    let name = options.required("scheme")?;
    let mut scheme = Scheme::from_name(name).ok_or_else(|| {
        Usage(format!(
            "unknown scheme `{name}`; expected one of {SCHEMES}"
        ))
    })?;
    if let Scheme::Listrak { encoding } = &mut scheme {
        match options.get("encoding") {
            None | Some("base64") => {}
            Some("hex") => *encoding = DigestEncoding::Hex,
            Some(other) => {
                return Err(Usage(format!(
                    "`--encoding`: expected base64 or hex, not `{other}`"
                )));
            }
        }
    }
    if let (Scheme::SmarterLaunch { .. }, Some(header)) = (&scheme, options.get("signature-header"))
    {
        scheme =
            Scheme::smarter_launch_with_header(header).map_err(|err| Usage(err.to_string()))?;
    }
    Ok(scheme)
}

/// Standard Webhooks keys are read by prefix (`whsec_`, `whsk_`, `whpk_`); every other
/// scheme keys with the secret's text as given.
pub(crate) fn keyring(scheme: &Scheme, secrets: &[String]) -> Result<Keyring, Usage> {
    if secrets.is_empty() {
        return Err(Usage("`--secret` is required".into()));
    }
    secrets
        .iter()
        .map(|text| match scheme {
            Scheme::StandardWebhooks => Key::parse_standard(text),
            _ => Secret::from_text(text).map(Key::from),
        })
        .collect::<Result<Keyring, _>>()
        .map_err(|err| Usage(format!("`--secret`: {err}")))
}

fn headers(lines: &[String]) -> Result<HeaderMap, Usage> {
    let mut headers = HeaderMap::new();
    for line in lines {
        let (name, value) = line
            .split_once(':')
            .ok_or_else(|| Usage(format!("`--header {line}`: expected `Name: value`")))?;
        let name = HeaderName::from_bytes(name.trim().as_bytes())
            .map_err(|_| Usage(format!("`--header`: invalid name `{name}`")))?;
        let value = HeaderValue::from_str(value.trim())
            .map_err(|_| Usage(format!("`--header`: invalid value for `{name}`")))?;
        headers.append(name, value);
    }
    Ok(headers)
}

/// `webhook-id` → `Webhook-Id`, `ltk-hmacsignature` → `LTK-HmacSignature`: the spelling the
/// vendors document, which reads better in a terminal (header names match in any case).
pub(crate) fn canonical_case(name: &str) -> String {
    match name {
        "ltk-timestamp" => return "LTK-Timestamp".into(),
        "ltk-hmacsignature" => return "LTK-HmacSignature".into(),
        "x-hub-signature-256" => return "X-Hub-Signature-256".into(),
        "x-github-delivery" => return "X-GitHub-Delivery".into(),
        "x-shopify-hmac-sha256" => return "X-Shopify-Hmac-Sha256".into(),
        _ => {}
    }
    name.split('-')
        .map(|part| {
            let mut chars = part.chars();
            match chars.next() {
                Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join("-")
}
