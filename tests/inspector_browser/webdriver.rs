//! Just enough of the W3C WebDriver protocol to drive one page: start chromedriver, open a
//! session, navigate, find elements by CSS, click, type, read text, take a screenshot.
//!
//! The protocol is JSON over HTTP, and the test already has a blocking HTTP client (ureq)
//! and serde_json; a WebDriver crate would bring an async client and its own dependency
//! tree to CI's two cores for the seven commands used here.

// Waiting for a browser is waiting on the real clock.
#![allow(clippy::disallowed_methods)]

use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

use base64::Engine as _;
use serde_json::{Value, json};

/// The key of an element reference in WebDriver's JSON.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// A running chromedriver; killed when dropped.
pub(crate) struct Driver {
    process: Child,
    url: String,
    agent: ureq::Agent,
}

/// One browser session.
pub(crate) struct Session<'a> {
    driver: &'a Driver,
    url: String,
}

/// A reference to an element of the page.
#[derive(Clone, Debug)]
pub(crate) struct Element(String);

impl Driver {
    /// Starts `chromedriver` on a free loopback port, logging to `log`, and waits until it
    /// is ready.
    pub(crate) fn start(chromedriver: &Path, log: &Path) -> Driver {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("a free port")
            .port();
        let process = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .arg(format!("--log-path={}", log.display()))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let driver = Driver {
            process,
            url: format!("http://127.0.0.1:{port}"),
            agent: ureq::Agent::config_builder()
                .http_status_as_error(false)
                .timeout_global(Some(Duration::from_secs(60)))
                .build()
                .into(),
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let ready = driver
                .agent
                .get(format!("{}/status", driver.url))
                .call()
                .ok()
                .and_then(|mut response| response.body_mut().read_to_string().ok())
                .and_then(|text| serde_json::from_str::<Value>(&text).ok())
                .is_some_and(|status| status["value"]["ready"] == true);
            if ready {
                return driver;
            }
            assert!(
                Instant::now() < deadline,
                "chromedriver did not become ready; see {}",
                log.display()
            );
            sleep(Duration::from_millis(50));
        }
    }

    /// A new session of `browser` started with `args`.
    pub(crate) fn session(&self, browser: &Path, args: &[String]) -> Session<'_> {
        let capabilities = json!({
            "capabilities": {
                "alwaysMatch": {
                    "browserName": "chrome",
                    "goog:chromeOptions": { "binary": browser, "args": args },
                }
            }
        });
        let value = self.call("POST", &format!("{}/session", self.url), Some(capabilities));
        let id = value["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {value}"));
        Session {
            driver: self,
            url: format!("{}/session/{id}", self.url),
        }
    }

    /// One command; returns its `value`, panicking with WebDriver's own message on error.
    fn call(&self, method: &str, url: &str, body: Option<Value>) -> Value {
        self.try_call(method, url, body)
            .unwrap_or_else(|error| panic!("{method} {url}: {error}"))
    }

    /// One command; its `value`, or WebDriver's error (such as a stale element reference,
    /// when the page re-rendered the element between finding and reading it).
    fn try_call(&self, method: &str, url: &str, body: Option<Value>) -> Result<Value, Value> {
        let request = http::Request::builder()
            .method(method)
            .uri(url)
            .header("content-type", "application/json");
        let body = body.map_or_else(Vec::new, |body| body.to_string().into_bytes());
        let mut response = self
            .agent
            .run(request.body(body).unwrap())
            .unwrap_or_else(|err| panic!("{method} {url}: {err}"));
        let ok = response.status().is_success();
        let text = response.body_mut().read_to_string().expect("a reply");
        let reply: Value = serde_json::from_str(&text).expect("a JSON reply");
        if ok {
            Ok(reply["value"].clone())
        } else {
            Err(reply["value"].clone())
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

impl Session<'_> {
    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        self.driver
            .call(method, &format!("{}{path}", self.url), body)
    }

    pub(crate) fn goto(&self, url: &str) {
        self.call("POST", "/url", Some(json!({ "url": url })));
    }

    /// The elements matching `css`, in document order.
    pub(crate) fn find_all(&self, css: &str) -> Vec<Element> {
        let found = self.call(
            "POST",
            "/elements",
            Some(json!({ "using": "css selector", "value": css })),
        );
        found
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|element| element[ELEMENT].as_str())
            .map(|id| Element(id.to_owned()))
            .collect()
    }

    /// The first element matching `css` once one is there, waiting up to `timeout`.
    pub(crate) fn wait_for(&self, css: &str, timeout: Duration) -> Element {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(element) = self.find_all(css).into_iter().next() {
                return element;
            }
            assert!(Instant::now() < deadline, "no `{css}` after {timeout:?}");
            sleep(Duration::from_millis(50));
        }
    }

    /// The rendered text of the first element matching `css` once it contains `wanted`,
    /// waiting up to `timeout` (the page updates itself as requests arrive).
    pub(crate) fn wait_for_text(&self, css: &str, wanted: &str, timeout: Duration) -> String {
        let deadline = Instant::now() + timeout;
        loop {
            // The page redraws its list as requests arrive, so an element found here may be
            // gone by the time its text is read: that read is simply tried again.
            let text = self
                .find_all(css)
                .first()
                .and_then(|element| {
                    // What the user sees of it (hidden text excluded).
                    let url = format!("{}/element/{}/text", self.url, element.0);
                    self.driver.try_call("GET", &url, None).ok()
                })
                .and_then(|value| value.as_str().map(str::to_owned))
                .unwrap_or_default();
            if text.contains(wanted) {
                return text;
            }
            assert!(
                Instant::now() < deadline,
                "`{css}` never said {wanted:?}; it says {text:?}"
            );
            sleep(Duration::from_millis(50));
        }
    }

    pub(crate) fn click(&self, element: &Element) {
        self.call(
            "POST",
            &format!("/element/{}/click", element.0),
            Some(json!({})),
        );
    }

    /// Types `text` into `element`, as keystrokes.
    pub(crate) fn type_into(&self, element: &Element, text: &str) {
        self.call(
            "POST",
            &format!("/element/{}/value", element.0),
            Some(json!({ "text": text })),
        );
    }

    /// The viewport as a PNG.
    pub(crate) fn screenshot(&self) -> Vec<u8> {
        let value = self.call("GET", "/screenshot", None);
        base64::engine::general_purpose::STANDARD
            .decode(value.as_str().expect("base64 PNG"))
            .expect("valid base64")
    }

    /// Ends the session and closes the browser.
    pub(crate) fn quit(self) {
        self.call("DELETE", "", None);
    }
}
