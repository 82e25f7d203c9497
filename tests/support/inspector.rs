//! Starts the inspector example (`examples/inspector/`) on a free loopback port, and stops
//! it when dropped. Shared by `tests/inspector.rs` and `tests/inspector_browser.rs`, each of
//! which takes it with `#[path = "support/inspector.rs"] mod inspector;`.
//!
//! A plain `cargo test` builds the examples before it runs any test; with a target filter
//! (`--test inspector`), build them first (`cargo build --examples`).

// Each test file that includes this module uses a different part of it.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use hookwire::{Keyring, MessageId, Scheme, Secret, Signer, Timestamp};

/// The Standard Webhooks secret the tests sign with.
pub(crate) const WHSEC: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

/// Netcore's second seed sample (an SMS delivery and an email open), as Netcore posts it.
pub(crate) const NETCORE_FORM: &str = "data=%7B%22qa_manual1%22%3A%5B%7B%22channel%22%3A%22sms%22%2C%22event%22%3A%22delivered%22%2C%22msgid%22%3A%221318%22%2C%22event_params%22%3A%7B%22foreignkey%22%3A%22abcd%40gmail.com%22%2C%22timestamp%22%3A%222022-12-01T18%3A12%3A46%22%7D%2C%22journey_name%22%3A%22Webhook%20Journey_SMS%22%7D%2C%7B%22channel%22%3A%22email%22%2C%22event%22%3A%22open%22%2C%22msgid%22%3A%224930%22%2C%22event_params%22%3A%7B%22foreignkey%22%3A%22abcde%40gmail.com%22%2C%22timestamp%22%3A%222022-12-01T18%3A12%3A54%22%7D%2C%22journey_name%22%3A%22Webhook%20Journey_Email%22%7D%5D%7D";

/// A running inspector.
pub(crate) struct Inspector {
    child: Child,
    /// `http://127.0.0.1:PORT`
    pub(crate) url: String,
}

impl Inspector {
    /// Starts `target/<profile>/examples/inspector --port 0 ARGS` and reads its address from
    /// the line it prints first.
    pub(crate) fn start(args: &[&str]) -> Inspector {
        let mut path = std::env::current_exe().expect("test binary path");
        path.pop();
        if path.ends_with("deps") {
            path.pop();
        }
        let exe = path
            .join("examples")
            .join(format!("inspector{}", std::env::consts::EXE_SUFFIX));
        assert!(exe.exists(), "build the example first: {}", exe.display());
        let mut child = Command::new(exe)
            .args(["--port", "0"])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .spawn()
            .expect("the inspector starts");
        let mut line = String::new();
        let stdout = child.stdout.take().expect("piped stdout");
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("the inspector prints its address");
        let url = line
            .split_whitespace()
            .find(|word| word.starts_with("http://127.0.0.1:"))
            .map(|word| word.trim_end_matches('/').to_owned());
        let Some(url) = url else {
            let _ = child.kill();
            panic!("no address in the inspector's first line: {line:?}");
        };
        Inspector { child, url }
    }
}

impl Drop for Inspector {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An HTTP client that reports every status as a response and never follows redirects.
pub(crate) fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .build()
        .into()
}

#[allow(clippy::disallowed_methods)] // a test's sender reads the clock, as a real one does
pub(crate) fn now() -> Timestamp {
    Timestamp::try_from(std::time::SystemTime::now()).unwrap()
}

/// Posts `body` to `url` signed with Standard Webhooks over `signed` (the body itself unless
/// the test tampers), and returns the status.
pub(crate) fn post_signed(
    url: &str,
    id: &str,
    content_type: &str,
    body: &[u8],
    signed: &[u8],
) -> u16 {
    let keys = Keyring::new().with(Secret::from_whsec(WHSEC).unwrap());
    let signer = Signer::new(Scheme::StandardWebhooks, keys).unwrap();
    let mut request = http::Request::post(url).header("content-type", content_type);
    for (name, value) in signer
        .sign(&MessageId::new(id).unwrap(), now(), signed)
        .unwrap()
    {
        request = request.header(name, value);
    }
    agent()
        .run(request.body(body.to_vec()).unwrap())
        .expect("the inspector answers")
        .status()
        .as_u16()
}
