//! The `hookwire` command-line tool, run as a user runs it. A plain `cargo test` builds the
//! examples before it runs any test; with a target filter (`--test cli`), build them first
//! (`cargo build --examples`) or the last-built binary is tested.

use std::path::PathBuf;
use std::process::{Command, Output};

/// `target/<profile>/examples/hookwire`, next to this test's own binary in `deps/`.
fn cli() -> Command {
    let mut path = std::env::current_exe().expect("test binary path");
    path.pop(); // deps/
    if path.ends_with("deps") {
        path.pop();
    }
    let exe: PathBuf = path
        .join("examples")
        .join(format!("hookwire{}", std::env::consts::EXE_SUFFIX));
    assert!(exe.exists(), "build the example first: {}", exe.display());
    Command::new(exe)
}

fn run(args: &[&str]) -> Output {
    cli().args(args).output().expect("the CLI runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn schedule_follows_smarter_launch_to_the_second() {
    let out = run(&[
        "schedule",
        "--policy",
        "smarter-launch",
        "--responses",
        "500,500,500",
    ]);
    assert!(out.status.success());
    assert_eq!(
        stdout(&out),
        "attempt 1 at +0s: 500\nattempt 2 at +10s: 500\nattempt 3 at +110s: 500\n\
         outcome: failed: attempts exhausted\n"
    );
}

#[test]
fn schedule_prints_the_listrak_journey_action() {
    let out = run(&["schedule", "--policy", "listrak", "--responses", "500"]);
    let text = stdout(&out);
    assert!(
        text.ends_with("outcome: failed: attempts exhausted, journey action: remove-contact\n"),
        "{text}"
    );
    assert_eq!(
        text.lines().filter(|l| l.starts_with("attempt ")).count(),
        3
    );
}

#[test]
fn schedule_honours_retry_after_seconds_and_dates() {
    let out = run(&[
        "schedule",
        "--policy",
        "lytics",
        "--responses",
        "429:retry-after=120,503:retry-after=Tue, 14 Nov 2023 22:23:20 GMT,404",
    ]);
    // 1_700_000_000 is Tue, 14 Nov 2023 22:13:20 GMT: the date is 600 s after the start.
    assert_eq!(
        stdout(&out),
        "attempt 1 at +0s: 429\nattempt 2 at +120s: 503\nattempt 3 at +600s: 404\noutcome: omitted (404)\n"
    );
}

#[test]
fn schedule_reads_http_dates_with_their_commas_and_transport_errors() {
    let out = run(&[
        "schedule",
        "--policy",
        "smarter-launch",
        "--responses",
        "503:retry-after=Sun, 06 Nov 1994 08:49:37 GMT,error,timeout",
    ]);
    assert_eq!(
        stdout(&out),
        "attempt 1 at +0s: 503\nattempt 2 at +10s: error (connection failed)\n\
         attempt 3 at +110s: error (timed out)\noutcome: failed: attempts exhausted\n"
    );
}

#[test]
fn schedule_usage_errors_exit_2() {
    for args in [
        &["schedule", "--policy", "nope", "--responses", "500"][..],
        &["schedule", "--policy", "svix", "--responses", "5x0"][..],
        &["schedule", "--policy", "svix"][..],
        &["schedule", "--policy", "svix", "--responses", "503:later"][..],
        &["schedule", "--policy", "svix", "--responses", ""][..],
    ] {
        let out = run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(!out.stderr.is_empty());
    }
}

#[test]
fn sign_then_verify_round_trips_through_the_cli() {
    let dir = std::env::temp_dir().join(format!("hookwire-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let body = dir.join("body.json");
    std::fs::write(&body, br#"{"test": 2432232314}"#).unwrap();
    let body = body.to_str().unwrap();
    let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    let signed = run(&[
        "sign",
        "--scheme",
        "standard",
        "--secret",
        secret,
        "--id",
        "msg_p5jXN8AQM9LWM0D4loKWxJek",
        "--timestamp",
        "1614265330",
        "--body",
        body,
    ]);
    assert!(signed.status.success());
    let text = stdout(&signed);
    assert!(
        text.contains("Webhook-Signature: v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="),
        "{text}"
    );

    let mut verify = vec![
        "verify",
        "--scheme",
        "standard",
        "--secret",
        secret,
        "--body",
        body,
        "--now",
        "1614265330",
    ];
    let headers: Vec<String> = text.lines().map(str::to_owned).collect();
    for header in &headers {
        verify.push("--header");
        verify.push(header);
    }
    let ok = run(&verify);
    assert!(ok.status.success());
    assert_eq!(stdout(&ok), "valid\n");

    let late = verify
        .iter()
        .map(|a| if *a == "1614265330" { "1614265931" } else { a })
        .collect::<Vec<_>>();
    let refused = run(&late);
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).starts_with("invalid: "));
}

/// A fresh scratch directory for one test's files.
fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("hookwire-cli-{}-{test}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(dir: &std::path::Path, name: &str, bytes: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path.to_str().unwrap().to_owned()
}

/// Splits `render` output into its header lines and the body after the blank line.
fn headers_and_body(out: &Output) -> (Vec<String>, Vec<u8>) {
    let text = &out.stdout;
    let cut = text
        .windows(2)
        .position(|w| w == b"\n\n")
        .expect("a blank line after the headers");
    let head = String::from_utf8_lossy(&text[..cut]);
    (
        head.lines().map(str::to_owned).collect(),
        text[cut + 2..].to_vec(),
    )
}

#[test]
fn render_netcore_prints_the_form_and_its_content_type() {
    let dir = scratch("render-netcore");
    let input = write(
        &dir,
        "batch.json",
        r#"{"pod2_email":[{"msgid":"103","channel":"email","event":"open","custom":"a&b=c+d% é"}]}"#
            .as_bytes(),
    );
    let out = run(&["render", "--format", "netcore", "--input", &input]);
    assert!(out.status.success(), "{out:?}");
    let (headers, body) = headers_and_body(&out);
    assert_eq!(headers, ["Content-Type: application/x-www-form-urlencoded"]);
    // The body is exactly what `serde_urlencoded` would make of the same JSON text.
    let json = r#"{"pod2_email":[{"channel":"email","event":"open","msgid":"103","custom":"a&b=c+d% é"}]}"#;
    assert_eq!(
        String::from_utf8(body).unwrap(),
        serde_urlencoded::to_string([("data", json)]).unwrap()
    );

    // An array of events needs the panel's name.
    let events = write(&dir, "events.json", br#"[{"msgid":"1"}]"#);
    let refused = run(&["render", "--format", "netcore", "--input", &events]);
    assert_eq!(refused.status.code(), Some(1));
    let named = run(&[
        "render",
        "--format",
        "netcore",
        "--input",
        &events,
        "--panel",
        "qa_manual1",
    ]);
    assert_eq!(
        headers_and_body(&named).1,
        b"data=%7B%22qa_manual1%22%3A%5B%7B%22msgid%22%3A%221%22%7D%5D%7D"
    );
}

#[test]
fn render_cloudevents_binary_puts_attributes_in_headers() {
    let dir = scratch("render-ce");
    let input = write(
        &dir,
        "event.json",
        r#"{"id":"e1","time":"2026-12-01T10:00:00Z","subject":"Euro € 😀","data":{"email":"ada@example.com"}}"#.as_bytes(),
    );
    let out = run(&[
        "render",
        "--format",
        "cloudevents-binary",
        "--input",
        &input,
        "--source",
        "/work/42",
    ]);
    assert!(out.status.success(), "{out:?}");
    let (headers, body) = headers_and_body(&out);
    assert_eq!(
        headers,
        [
            "Content-Type: application/json",
            "ce-specversion: 1.0",
            "ce-id: e1",
            "ce-source: /work/42",
            "ce-type: com.lytics.audience.user.event",
            "ce-subject: Euro%20%E2%82%AC%20%F0%9F%98%80",
            "ce-time: 2026-12-01T10:00:00Z",
        ]
    );
    assert_eq!(body, br#"{"email":"ada@example.com"}"#);

    // No source anywhere: the reason, exit 1.
    let refused = run(&["render", "--format", "cloudevents", "--input", &input]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("source"));
}

#[test]
fn render_json_template_and_listrak_payload() {
    let dir = scratch("render-listrak");
    let template = write(
        &dir,
        "t.json",
        br#"{"total":"{{cart.total}}","hi":"Hi {{contact.first}}"}"#,
    );
    let data = write(
        &dir,
        "d.json",
        br#"{"contact":{"first":"Ada","email":"ada@example.com"},"cart":{"total":42.5}}"#,
    );
    let out = run(&[
        "render",
        "--format",
        "json-template",
        "--template",
        &template,
        "--input",
        &data,
    ]);
    assert_eq!(
        headers_and_body(&out).1,
        br#"{"total":42.5,"hi":"Hi Ada","emailAddress":"ada@example.com"}"#
    );
    let payload = write(
        &dir,
        "p.json",
        br#"{"eventType":"purchase","products":[{"sku":"A1","quantity":2}]}"#,
    );
    let out = run(&["render", "--format", "listrak-payload", "--input", &payload]);
    assert!(out.status.success());
    assert_eq!(
        headers_and_body(&out).1,
        br#"{"eventType":"purchase","products":[{"sku":"A1","quantity":2}]}"#
    );
}

#[test]
fn render_usage_errors_exit_2_and_bad_input_exits_1() {
    let dir = scratch("render-usage");
    let data = write(&dir, "d.json", b"{}");
    for args in [
        &["render"][..],
        &["render", "--format", "xml", "--input", &data][..],
        &["render", "--format", "json-template", "--input", &data][..],
        &[
            "render",
            "--format",
            "netcore",
            "--template",
            &data,
            "--input",
            &data,
        ][..],
    ] {
        assert_eq!(run(args).status.code(), Some(2), "{args:?}");
    }
    let not_json = write(&dir, "bad.json", b"{not json");
    let out = run(&["render", "--format", "lytics", "--input", &not_json]);
    assert_eq!(out.status.code(), Some(1));
}

/// A raw HTTP/1.1 request with CRLF line ends.
fn http_request(headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut raw = b"POST /hooks HTTP/1.1\r\nHost: hooks.example.com\r\n".to_vec();
    for (name, value) in headers {
        raw.extend_from_slice(format!("{name}: {value}\r\n").as_bytes());
    }
    raw.extend_from_slice(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes());
    raw.extend_from_slice(body);
    raw
}

#[test]
fn receive_netcore_prints_one_line_per_event_with_its_panel() {
    let dir = scratch("receive-netcore");
    let sample = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/netcore/002_sms_delivered_email_open.txt"
    ))
    .unwrap();
    // The body exactly as the seed prints it, quotes included.
    let body = sample.trim().to_owned();
    let request = write(
        &dir,
        "req.http",
        &http_request(
            &[
                ("Content-Type", "application/x-www-form-urlencoded"),
                ("Authorization", "Basic bmV0Y29yZTpzZWNyZXQ="), // netcore:secret
            ],
            body.as_bytes(),
        ),
    );
    let base = ["receive", "--format", "netcore", "--request", &request];
    let ok = run(&[&base[..], &["--basic-auth", "netcore:secret"]].concat());
    assert!(ok.status.success(), "{ok:?}");
    let lines: Vec<serde_json::Value> = stdout(&ok)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert!(lines.len() >= 2, "{lines:?}");
    assert!(
        lines
            .iter()
            .all(|line| line["panel"].is_string() && line["event"].is_object())
    );

    let wrong = run(&[&base[..], &["--basic-auth", "netcore:wrong"]].concat());
    assert_eq!(wrong.status.code(), Some(1));
    assert!(
        stdout(&wrong).starts_with("reject 401: "),
        "{}",
        stdout(&wrong)
    );

    let blocked = run(&[
        &base[..],
        &["--allow-ip", "203.0.113.0/24", "--peer-ip", "198.51.100.7"],
    ]
    .concat());
    assert!(stdout(&blocked).starts_with("reject 403: "));
    let big = run(&[&base[..], &["--max-body", "10"]].concat());
    assert!(stdout(&big).starts_with("reject 413: "));
}

#[test]
fn receive_checks_signatures_and_refuses_what_is_not_http() {
    let dir = scratch("receive-signed");
    let body = br#"{"specversion":"1.0","id":"e1","source":"/work/42","type":"com.lytics.audience.user.event","data":{"email":"ada@example.com"}}"#;
    let body_path = write(&dir, "body.json", body);
    let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    let signed = run(&[
        "sign",
        "--scheme",
        "standard",
        "--secret",
        secret,
        "--id",
        "msg_1",
        "--timestamp",
        "1700000000",
        "--body",
        &body_path,
    ]);
    let signature_lines = stdout(&signed);
    let mut headers: Vec<(&str, &str)> = signature_lines
        .lines()
        .filter_map(|line| line.split_once(": "))
        .collect();
    headers.push(("Content-Type", "application/cloudevents+json"));
    let request = write(&dir, "req.http", &http_request(&headers, body));
    let base = [
        "receive",
        "--format",
        "cloudevents",
        "--request",
        &request,
        "--scheme",
        "standard",
        "--secret",
        secret,
    ];
    let ok = run(&[&base[..], &["--now", "1700000010"]].concat());
    assert!(ok.status.success(), "{ok:?}");
    let event: serde_json::Value = serde_json::from_str(stdout(&ok).trim()).unwrap();
    assert_eq!(event["id"], "e1");
    assert_eq!(event["data"]["email"], "ada@example.com");

    let late = run(&[&base[..], &["--now", "1700001000"]].concat());
    assert_eq!(late.status.code(), Some(1));
    assert!(stdout(&late).starts_with("reject 401: "));

    let garbage = write(&dir, "garbage.http", b"\x00\x01 not http at all");
    let out = run(&["receive", "--format", "lytics", "--request", &garbage]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).starts_with("reject 400: "));

    for args in [
        &["receive", "--request", &request][..],
        &["receive", "--format", "xml", "--request", &request][..],
        &["receive", "--format", "lytics"][..],
        &[
            "receive",
            "--format",
            "lytics",
            "--request",
            &request,
            "--secret",
            "x",
        ][..],
    ] {
        assert_eq!(run(args).status.code(), Some(2), "{args:?}");
    }
}
