//! The inspector example (`examples/inspector/`) over plain HTTP, no browser needed: hostile
//! captures render escaped, memory stays bounded, the status set on the page reaches the
//! sender, secrets stay masked, "send test" goes through hookwire's sender, and the page's
//! own routes refuse other sites. `tests/inspector_browser.rs` drives the same page in
//! headless Chromium.

#[path = "support/inspector.rs"]
mod inspector;

use hookwire::http::Request;
use inspector::{Inspector, NETCORE_FORM, WHSEC, agent, post_signed};

/// The page as its script sees it: the token from the page, sent with every request.
struct Page<'a> {
    inspector: &'a Inspector,
    token: String,
}

impl<'a> Page<'a> {
    fn open(inspector: &'a Inspector) -> Page<'a> {
        let html = get(&format!("{}/", inspector.url));
        let token = html
            .split(r#"name="inspector-token" content=""#)
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .expect("the page carries its token")
            .to_owned();
        Page { inspector, token }
    }

    /// The captured requests, as the page's long poll fetches them.
    fn list(&self) -> String {
        let request = Request::get(format!("{}/requests", self.inspector.url))
            .header("x-inspector", &self.token)
            .body(Vec::new())
            .unwrap();
        let mut response = agent().run(request).unwrap();
        assert_eq!(response.status(), 200);
        response.body_mut().read_to_string().unwrap()
    }

    /// Posts a form as the page's script does; returns the status and the fragment.
    fn post(&self, path: &str, fields: &[(&str, &str)]) -> (u16, String) {
        let mut pairs = vec![("token", self.token.as_str())];
        pairs.extend_from_slice(fields);
        let body = serde_urlencoded::to_string(&pairs).unwrap();
        let request = Request::post(format!("{}{path}", self.inspector.url))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("x-inspector", &self.token)
            .body(body.into_bytes())
            .unwrap();
        let mut response = agent().run(request).unwrap();
        let status = response.status().as_u16();
        (status, response.body_mut().read_to_string().unwrap())
    }

    fn settings(&self, fields: &[(&str, &str)]) -> String {
        let (status, fragment) = self.post("/settings", fields);
        assert_eq!(status, 200, "{fragment}");
        fragment
    }
}

fn get(url: &str) -> String {
    let mut response = agent().get(url).call().unwrap();
    assert_eq!(response.status(), 200, "GET {url}");
    response.body_mut().read_to_string().unwrap()
}

fn post(url: &str, content_type: &str, body: &[u8]) -> http::Response<ureq::Body> {
    let request = Request::post(url)
        .header("content-type", content_type)
        .body(body.to_vec())
        .unwrap();
    agent().run(request).unwrap()
}

/// The HTML of capture `id` in `list`: up to the next capture.
fn capture(list: &str, id: u64) -> &str {
    let start = list
        .find(&format!(r#"id="c-{id}""#))
        .unwrap_or_else(|| panic!("no capture #{id} in {list}"));
    let rest = &list[start..];
    let end = rest
        .find(r#"<details class="capture""#)
        .unwrap_or(rest.len());
    &rest[..end]
}

#[test]
fn hostile_captures_render_escaped_and_undecodable_ones_still_render() {
    let inspector = Inspector::start(&[]);
    let url = format!("{}/in/%3Cscript%3E?q=%22%3E%3Cimg", inspector.url);
    let request = Request::post(&url)
        .header("x-evil", "<img src=x onerror=alert(1)>")
        .header("content-type", "application/json")
        .body(
            "{\"note\":\"</pre><script>alert(2)</script>\",\"rtl\":\"\u{202e}gnp.exe\"}"
                .as_bytes()
                .to_vec(),
        )
        .unwrap();
    assert_eq!(agent().run(request).unwrap().status(), 200);
    // Claims to be a Netcore form; is neither a form nor UTF-8.
    post(
        &format!("{}/in/bin", inspector.url),
        "application/x-www-form-urlencoded",
        b"\x00\x01\xff<svg onload=alert(3)>",
    );
    // Claims to be CloudEvents; is not JSON.
    post(
        &format!("{}/in/ce", inspector.url),
        "application/cloudevents+json",
        b"{\"specversion\":",
    );

    let list = Page::open(&inspector).list();
    for markup in ["<script", "<img", "<svg"] {
        assert!(!list.contains(markup), "{markup} in {list}");
    }
    let json = capture(&list, 1);
    assert!(
        json.contains("&lt;img src=x onerror=alert(1)&gt;"),
        "{json}"
    );
    assert!(
        json.contains("&lt;/pre&gt;&lt;script&gt;alert(2)"),
        "{json}"
    );
    assert!(
        json.contains(r"\u{202e}gnp.exe"),
        "the override is shown, not obeyed: {json}"
    );
    let binary = capture(&list, 2);
    assert!(binary.contains("Not readable as Netcore"), "{binary}");
    assert!(binary.contains("Not UTF-8: shown as hex"), "{binary}");
    assert!(binary.contains("00 01 ff 3c 73 76 67"), "{binary}");
    let cloudevent = capture(&list, 3);
    assert!(
        cloudevent.contains("Not readable as CloudEvents"),
        "{cloudevent}"
    );
}

#[test]
fn the_status_set_on_the_page_is_what_senders_get() {
    let inspector = Inspector::start(&[]);
    let page = Page::open(&inspector);
    let hook = format!("{}/in/retries", inspector.url);
    let body = br#"{"type":"ping"}"#;

    assert_eq!(post(&hook, "application/json", body).status(), 200);
    page.settings(&[("status", "503"), ("retry_after", "7")]);
    let answer = post(&hook, "application/json", body);
    assert_eq!(answer.status(), 503);
    assert_eq!(answer.headers()["retry-after"], "7");
    page.settings(&[("status", "410")]);
    let answer = post(&hook, "application/json", body);
    assert_eq!(answer.status(), 410);
    assert!(answer.headers().get("retry-after").is_none());
    page.settings(&[("status", "202")]);
    assert_eq!(post(&hook, "application/json", body).status(), 202);
    // Only the offered statuses: a made-up one changes nothing.
    let refused = page.settings(&[("status", "302")]);
    assert!(
        refused.contains("not a status the inspector offers"),
        "{refused}"
    );
    assert_eq!(post(&hook, "application/json", body).status(), 202);
}

#[test]
fn memory_is_bounded_by_keep_and_max_body() {
    let inspector = Inspector::start(&["--keep", "3", "--max-body", "64"]);
    let hook = format!("{}/in/bounded", inspector.url);
    for n in 0..5 {
        let body = format!(r#"{{"n":{n}}}"#);
        assert_eq!(
            post(&hook, "application/json", body.as_bytes()).status(),
            200
        );
    }
    let list = Page::open(&inspector).list();
    for kept in [3, 4, 5] {
        assert!(list.contains(&format!(r#"id="c-{kept}""#)), "{list}");
    }
    for dropped in [1, 2] {
        assert!(!list.contains(&format!(r#"id="c-{dropped}""#)), "{list}");
    }

    let large = post(&hook, "application/json", &[b'7'; 100]);
    assert_eq!(large.status(), 413);
    let list = Page::open(&inspector).list();
    let entry = capture(&list, 6);
    assert!(
        entry.contains("more than the 64 the inspector keeps"),
        "{entry}"
    );
    assert!(entry.contains(r#"data-verdict="refused""#), "{entry}");
    assert!(entry.contains("<b>413</b>"), "{entry}");
}

#[test]
fn verification_uses_the_secret_typed_in_and_never_shows_it() {
    let inspector = Inspector::start(&[]);
    let page = Page::open(&inspector);
    let fragment = page.settings(&[("scheme", "standard"), ("secret", WHSEC)]);
    assert!(fragment.contains("wh… (38 chars)"), "{fragment}");

    let hook = format!("{}/in/netcore", inspector.url);
    let form = NETCORE_FORM.as_bytes();
    let json = br#"{"type":"audience.entered","user":"ada@example.com"}"#;
    let mut tampered = json.to_vec();
    tampered[10] ^= 0x01;
    let netcore = "application/x-www-form-urlencoded";
    assert_eq!(post_signed(&hook, "msg_1", netcore, form, form), 200);
    assert_eq!(
        post_signed(&hook, "msg_2", "application/json", &tampered, json),
        200
    );
    let request = Request::post(&hook)
        .header("authorization", "Basic bmV0Y29yZTpzM2NyZXQ=")
        .body(Vec::new())
        .unwrap();
    agent().run(request).unwrap();

    let list = page.list();
    let signed = capture(&list, 1);
    assert!(signed.contains(r#"data-verdict="verified""#), "{signed}");
    assert!(signed.contains("message id msg_1"), "{signed}");
    assert!(signed.contains("Netcore batch · 2 events"), "{signed}");
    assert!(signed.contains("<td>abcde@gmail.com</td>"), "{signed}");
    let forged = capture(&list, 2);
    assert!(
        forged.contains(r#"<b class="check">signature</b> check failed"#),
        "{forged}"
    );
    assert!(forged.contains("<b>401</b>"), "{forged}");
    let basic = capture(&list, 3);
    assert!(basic.contains("Ba… (26 chars)"), "{basic}");

    for html in [get(&format!("{}/", inspector.url)), list] {
        assert!(!html.contains("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"), "{html}");
        assert!(!html.contains("bmV0Y29yZTpzM2NyZXQ"), "{html}");
    }

    // The same scheme with the secret left empty keeps the secret; another scheme needs one.
    let kept = page.settings(&[("scheme", "standard"), ("secret", ""), ("status", "200")]);
    assert!(kept.contains("wh… (38 chars)"), "{kept}");
    let refused = page.settings(&[("scheme", "basic"), ("secret", "")]);
    assert!(
        refused.contains("HTTP Basic (Netcore) needs a secret"),
        "{refused}"
    );
    assert!(refused.contains("wh… (38 chars)"), "unchanged: {refused}");

    // Picking a format re-reads every capture as a receiver of that format would.
    page.settings(&[("format", "lytics")]);
    let list = page.list();
    let netcore = capture(&list, 1);
    assert!(
        netcore.contains(r#"<b class="check">body</b> check failed"#),
        "{netcore}"
    );
    assert!(netcore.contains("<b>415</b>"), "{netcore}");
}

#[test]
fn send_test_signs_through_the_sender_and_reports_the_vendors_next_step() {
    let inspector = Inspector::start(&[]);
    let page = Page::open(&inspector);
    page.settings(&[
        ("scheme", "standard"),
        ("secret", WHSEC),
        ("status", "503"),
        ("retry_after", "12"),
    ]);
    let own = format!("{}/in/sent", inspector.url);
    let send = |fields: &[(&str, &str)]| {
        let (status, report) = page.post("/send", fields);
        assert_eq!(status, 200, "{report}");
        report
    };

    let report = send(&[("sample", "standard"), ("url", &own), ("secret", WHSEC)]);
    assert!(
        report.contains("<b>503 Service Unavailable</b>"),
        "{report}"
    );
    assert!(
        report.contains(
            "Standard Webhooks retry policy: attempt #1 failed (503); it would try again in 12 s"
        ),
        "{report}"
    );
    assert!(
        report.contains("wh… (38 chars)") && !report.contains(WHSEC),
        "{report}"
    );
    let report = send(&[
        ("sample", "standard"),
        ("url", &own),
        ("secret", WHSEC),
        ("tamper", "1"),
    ]);
    assert!(report.contains("changed from"), "{report}");
    // Netcore's sender uses HTTP Basic: its credentials are masked in the report too.
    let report = send(&[
        ("sample", "netcore"),
        ("url", &own),
        ("secret", "netcore:s3cret"),
    ]);
    assert!(report.contains("Netcore retry policy"), "{report}");
    assert!(!report.contains("bmV0Y29yZTpzM2NyZXQ"), "{report}");
    // Nobody listens on port 9: the transport error, and what the sender does about it.
    let report = send(&[("sample", "lytics"), ("url", "http://127.0.0.1:9/in")]);
    assert!(report.contains("no answer"), "{report}");
    assert!(
        report.contains("Lytics retry policy: attempt #1 failed"),
        "{report}"
    );

    let list = page.list();
    assert!(
        capture(&list, 1).contains(r#"data-verdict="verified""#),
        "{list}"
    );
    assert!(capture(&list, 2).contains("<b>401</b>"), "{list}");
    let netcore = capture(&list, 3);
    assert!(netcore.contains("Netcore batch · 2 events"), "{netcore}");
    assert!(
        netcore.contains("<td>Webhook Journey_SMS</td>"),
        "{netcore}"
    );
}

#[test]
fn the_page_answers_only_at_its_own_address_and_with_its_token() {
    let inspector = Inspector::start(&[]);
    let page = Page::open(&inspector);

    let index = agent().get(format!("{}/", inspector.url)).call().unwrap();
    let csp = index.headers()["content-security-policy"].to_str().unwrap();
    assert!(
        csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
        "{csp}"
    );
    assert_eq!(index.headers()["x-frame-options"], "DENY");

    // A DNS-rebinding page reaches 127.0.0.1 under its own name.
    let rebound = Request::get(format!("{}/", inspector.url))
        .header("host", "attacker.example")
        .body(Vec::new())
        .unwrap();
    assert_eq!(agent().run(rebound).unwrap().status(), 403);
    // Another site's form has no token, or a wrong one.
    let forged = post(
        &format!("{}/settings", inspector.url),
        "application/x-www-form-urlencoded",
        b"status=500",
    );
    assert_eq!(forged.status(), 403);
    let forged = post(
        &format!("{}/send", inspector.url),
        "application/x-www-form-urlencoded",
        b"token=0123&sample=standard&url=http://127.0.0.1:9/",
    );
    assert_eq!(forged.status(), 403);
    let unsigned = agent()
        .get(format!("{}/requests", inspector.url))
        .call()
        .unwrap();
    assert_eq!(unsigned.status(), 403);
    // The capture URL takes anything from anyone: that is its job.
    let hook = Request::post(format!("{}/in/x", inspector.url))
        .header("host", "tunnel.example")
        .body(b"<b>hi</b>".to_vec())
        .unwrap();
    assert_eq!(agent().run(hook).unwrap().status(), 200);

    // The raw body downloads; the browser never renders it.
    let raw = agent()
        .get(format!("{}/requests/1/raw", inspector.url))
        .call()
        .unwrap();
    assert_eq!(raw.headers()["content-type"], "application/octet-stream");
    assert_eq!(
        raw.headers()["content-disposition"],
        r#"attachment; filename="request-1.bin""#
    );
    assert!(page.list().contains(r#"id="c-1""#));
}

#[test]
fn every_sample_is_sent_signed_and_detected_as_its_format() {
    let inspector = Inspector::start(&[]);
    let page = Page::open(&inspector);
    let own = format!("{}/in/samples", inspector.url);
    // (sample, the secret its own scheme needs, what the capture's summary says)
    let samples = [
        ("netcore", "netcore:s3cret", "Netcore batch · 2 events"),
        ("lytics", "", "Lytics · 1 event"),
        ("cloudevents", "", "CloudEvent, structured"),
        ("cloudevents-binary", "", "CloudEvent, binary"),
        ("cloudevents-batch", "", "CloudEvents batch · 2 events"),
        (
            "listrak",
            "listrak-hmac-secret",
            "Listrak payload · advancedCartAbandonment",
        ),
        (
            "smarter-launch",
            "account-webhook-key",
            "Smarter Launch · proposal.accepted",
        ),
        ("standard", WHSEC, "JSON"),
    ];
    for (sample, secret, _) in samples {
        let (status, report) = page.post(
            "/send",
            &[("sample", sample), ("url", &own), ("secret", secret)],
        );
        assert_eq!(status, 200, "{report}");
        assert!(report.contains("200 OK"), "{sample}: {report}");
    }
    let list = page.list();
    for (id, (sample, _, summary)) in (1..).zip(samples) {
        let entry = capture(&list, id);
        assert!(
            entry.contains(&format!(r#"<span class="format">{summary}</span>"#)),
            "{sample}: {entry}"
        );
        assert!(!entry.contains("Not readable"), "{sample}: {entry}");
    }
}
