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

#[test]
fn every_subcommand_answers_help() {
    for command in [
        "sign",
        "verify",
        "schedule",
        "render",
        "receive",
        "check-url",
        "simulate",
    ] {
        for flag in ["--help", "-h"] {
            let out = run(&[command, flag]);
            assert!(out.status.success(), "{command} {flag}: {out:?}");
            let text = stdout(&out);
            assert!(
                text.starts_with(&format!("usage: hookwire {command}")),
                "{text}"
            );
            assert!(text.contains("exit:"), "{text}");
        }
        // After other options too, and through `help`.
        let out = run(&[command, "--format", "x", "--help"]);
        assert!(out.status.success(), "{command}: {out:?}");
        assert_eq!(stdout(&run(&["help", command])), stdout(&out));
    }
    assert_eq!(run(&["help", "nope"]).status.code(), Some(2));
    assert!(stdout(&run(&["--help"])).contains("check-url"));
}

fn check_url(args: &[&str]) -> (Option<i32>, String) {
    let out = run(&[&["check-url"][..], args].concat());
    (out.status.code(), stdout(&out))
}

#[test]
fn check_url_allows_public_addresses_and_pins_the_first() {
    assert_eq!(
        check_url(&[
            "https://hooks.example.com/in",
            "--resolved",
            "93.184.215.14",
            "--resolved",
            "2606:2800:21f:cb07:6820:80da:af6b:8b2c",
        ]),
        (Some(0), "allow 93.184.215.14:443\n".into())
    );
    assert_eq!(
        check_url(&["http://[2606:4700:4700::1111]:8080/"]),
        (Some(0), "allow [2606:4700:4700::1111]:8080\n".into())
    );
    assert_eq!(
        check_url(&["http://[::ffff:8.8.8.8]/"]),
        (Some(0), "allow 8.8.8.8:80\n".into())
    );
}

#[test]
fn check_url_denies_what_the_issue_lists() {
    for (args, reason) in [
        (&["http://0x7f.1/"][..], "127.0.0.1 is loopback"),
        (&["http://2130706433/"][..], "127.0.0.1 is loopback"),
        (&["http://017700000001/"][..], "127.0.0.1 is loopback"),
        (&["http://127.1/"][..], "127.0.0.1 is loopback"),
        (
            &["http://[::ffff:127.0.0.1]/"][..],
            "embeds 127.0.0.1 (IPv4-mapped",
        ),
        (&["http://%31%32%37.0.0.1/"][..], "127.0.0.1 is loopback"),
        (&["http://127.0.0.1./"][..], "127.0.0.1 is loopback"),
        (
            &["http://metadata.internal/", "--resolved", "169.254.169.254"][..],
            "169.254.169.254 is link-local",
        ),
        (
            &[
                "https://a.example/",
                "--resolved",
                "8.8.8.8",
                "--resolved",
                "10.0.0.1",
            ][..],
            "10.0.0.1 is private-use",
        ),
        (
            &["https://a.example/", "--resolved", "64:ff9b::a9fe:a9fe"][..],
            "embeds 169.254.169.254 (NAT64",
        ),
        (&["https://a.example/"][..], "resolved to no address"),
        (&["file:///etc/passwd"][..], "scheme `file`"),
        (&["https://a.example@127.0.0.1/"][..], "credentials"),
        (
            &[
                "https://a.example:22/",
                "--resolved",
                "8.8.8.8",
                "--ports",
                "443,8443",
            ][..],
            "port 22 is not allowed (allowed: 443, 8443)",
        ),
        (&["http://1.2.3.4.5/"][..], "not a URL"),
    ] {
        let (code, out) = check_url(args);
        assert_eq!(code, Some(1), "{args:?}: {out}");
        assert!(
            out.starts_with("deny: ") && out.contains(reason),
            "{args:?}: {out}"
        );
    }
}

#[test]
fn check_url_allow_ranges_and_usage_errors() {
    assert_eq!(
        check_url(&[
            "http://staging.internal:8080/",
            "--resolved",
            "10.20.0.5",
            "--allow",
            "10.20.0.0/16",
        ]),
        (Some(0), "allow 10.20.0.5:8080\n".into())
    );
    for args in [
        &[][..],
        &["https://a.example/", "https://b.example/"][..],
        &["https://a.example/", "--resolved", "010.0.0.1"][..],
        &["https://a.example/", "--resolved", "example.com"][..],
        &["https://a.example/", "--allow", "010.0.0.0/8"][..],
        &["https://a.example/", "--ports", "443,x"][..],
        &["https://a.example/", "--ports", "0"][..],
        &["https://a.example/", "--nope", "1"][..],
    ] {
        let out = run(&[&["check-url"][..], args].concat());
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(!out.stderr.is_empty());
    }
}

#[test]
fn receive_answers_framing_errors_with_400_501_and_413() {
    let dir = scratch("receive-framing");
    let head = "POST /hooks HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\n";
    for (name, raw, want) in [
        (
            "last-not-chunked",
            format!("{head}Transfer-Encoding: chunked, gzip\r\n\r\n2\r\n{{}}\r\n0\r\n\r\n"),
            "reject 400: ",
        ),
        (
            "substring",
            format!("{head}Transfer-Encoding: xchunked\r\n\r\n2\r\n{{}}\r\n0\r\n\r\n"),
            "reject 400: ",
        ),
        (
            "gzip",
            format!("{head}Transfer-Encoding: gzip, chunked\r\n\r\n2\r\n{{}}\r\n0\r\n\r\n"),
            "reject 501: ",
        ),
        (
            "smuggle",
            format!(
                "{head}Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{{}}\r\n0\r\n\r\n"
            ),
            "reject 400: ",
        ),
        (
            "too-big",
            format!("{head}Content-Length: 2000000\r\nTransfer-Encoding: gzip\r\n\r\n{{}}"),
            "reject 413: ",
        ),
    ] {
        let request = write(&dir, &format!("{name}.http"), raw.as_bytes());
        let out = run(&["receive", "--format", "lytics", "--request", &request]);
        assert_eq!(out.status.code(), Some(1), "{name}");
        assert!(stdout(&out).starts_with(want), "{name}: {}", stdout(&out));
    }
    let ok = format!("{head}Transfer-Encoding: chunked\r\n\r\n2\r\n{{}}\r\n0\r\n\r\n");
    let request = write(&dir, "chunked.http", ok.as_bytes());
    let out = run(&[
        "receive",
        "--format",
        "lytics",
        "--request",
        &request,
        "--max-body",
        "1",
    ]);
    assert!(stdout(&out).starts_with("reject 413: "), "{}", stdout(&out));
}

#[test]
fn receive_with_a_replay_window_answers_409_to_a_replayed_message() {
    let dir = scratch("receive-replay");
    let body = br#"{"type":"com.example","specversion":"1.0","id":"e1","source":"/s"}"#;
    let body_path = write(&dir, "body.json", body);
    let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    let signed = run(&[
        "sign",
        "--scheme",
        "standard",
        "--secret",
        secret,
        "--id",
        "msg_replayed",
        "--timestamp",
        "1700000000",
        "--body",
        &body_path,
    ]);
    let lines = stdout(&signed);
    let mut headers: Vec<(&str, &str)> = lines
        .lines()
        .filter_map(|line| line.split_once(": "))
        .collect();
    headers.push(("Content-Type", "application/cloudevents+json"));
    let request = write(&dir, "req.http", &http_request(&headers, body));
    let base = [
        "receive",
        "--format",
        "cloudevents",
        "--scheme",
        "standard",
        "--secret",
        secret,
        "--now",
        "1700000010",
    ];

    // Twice in one run: the second is a replay.
    let out = run(&[
        &base[..],
        &[
            "--replay-window",
            "3600",
            "--request",
            &request,
            "--request",
            &request,
        ],
    ]
    .concat());
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(lines[0].contains("\"id\":\"e1\""), "{text}");
    assert_eq!(lines[1], "reject 409: replay of message msg_replayed");

    // Across runs, through a saved guard.
    let state = dir.join("replay.json").display().to_string();
    let _ = std::fs::remove_file(&state);
    let once = [
        &base[..],
        &[
            "--replay-window",
            "3600",
            "--replay-state",
            &state,
            "--request",
            &request,
        ],
    ]
    .concat();
    assert_eq!(run(&once).status.code(), Some(0));
    let again = run(&once);
    assert_eq!(
        stdout(&again),
        "reject 409: replay of message msg_replayed\n"
    );

    // Without a guard the same request is accepted every time.
    let out = run(&[&base[..], &["--request", &request, "--request", &request]].concat());
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));

    for args in [
        &[
            "receive",
            "--format",
            "lytics",
            "--request",
            &request,
            "--replay-window",
            "60",
        ][..],
        &[
            "receive",
            "--format",
            "lytics",
            "--request",
            &request,
            "--replay-state",
            &state,
        ][..],
    ] {
        assert_eq!(run(args).status.code(), Some(2), "{args:?}");
    }
}

#[test]
fn render_refuses_a_lytics_time_rfc3339_cannot_write() {
    let dir = scratch("render-year-10000");
    let input = write(
        &dir,
        "event.json",
        br#"{"id":"u1","subscription_id":"s","timestamp":253402300800,"data":{}}"#,
    );
    let out = run(&["render", "--format", "lytics", "--input", &input]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let said = String::from_utf8_lossy(&out.stderr).into_owned() + &stdout(&out);
    assert!(said.contains("year 10000"), "{said}");
}

/// The JSON lines of a `hookwire simulate` run, and its summary.
fn simulate_lines(args: &[&str]) -> (Vec<serde_json::Value>, serde_json::Value) {
    let mut full = vec!["simulate"];
    full.extend_from_slice(args);
    let out = run(&full);
    assert!(out.status.success(), "{out:?}");
    let mut lines: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    let summary = lines.pop().unwrap();
    assert_eq!(summary["kind"], "summary");
    (lines, summary)
}

#[test]
fn simulate_batches_lytics_messages_by_size_then_by_window() {
    let (lines, summary) =
        simulate_lines(&["--preset", "lytics", "--messages", "25", "--batch", "10"]);
    let batches: Vec<(i64, usize)> = lines
        .iter()
        .filter(|l| l["kind"] == "transmit")
        .map(|l| {
            (
                l["at_ms"].as_i64().unwrap(),
                l["messages"].as_array().unwrap().len(),
            )
        })
        .collect();
    assert_eq!(batches, [(0, 10), (0, 10), (1_000, 5)]);
    assert_eq!(summary["delivered"], 25);
    assert_eq!(summary["transmits"], 3);
    assert_eq!(summary["pending"], 0);
    // Lines come in time order.
    let times: Vec<i64> = lines.iter().map(|l| l["at_ms"].as_i64().unwrap()).collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]));
}

#[test]
fn simulate_shows_a_netcore_endpoint_disabled_holding_its_messages() {
    let (lines, summary) = simulate_lines(&[
        "--preset",
        "netcore",
        "--messages",
        "6",
        "--workers",
        "2",
        "--replies",
        "200,500",
    ]);
    let events: Vec<&str> = lines
        .iter()
        .filter(|l| l["kind"] == "event")
        .map(|l| l["event"].as_str().unwrap())
        .collect();
    assert_eq!(events, ["delivered", "endpoint_disabled", "alert"]);
    assert_eq!(summary["pending"], 5);
    assert_eq!(summary["max_in_flight"], 2);
}

#[test]
fn simulate_lytics_job_errors_and_sleeps() {
    let (lines, _) = simulate_lines(&[
        "--preset",
        "lytics",
        "--messages",
        "30",
        "--replies",
        "500",
        "--days",
        "1",
    ]);
    let events: Vec<&str> = lines
        .iter()
        .filter(|l| l["kind"] == "event")
        .map(|l| l["event"].as_str().unwrap())
        .collect();
    assert_eq!(
        events,
        ["job_error", "job_error", "job_error", "job_failed"]
    );
    let (lines, summary) = simulate_lines(&[
        "--preset",
        "lytics",
        "--messages",
        "3",
        "--workers",
        "1",
        "--replies",
        "429:ra=5,200",
    ]);
    assert!(lines.iter().any(|l| l["event"] == "job_sleeping"));
    assert_eq!(summary["delivered"], 3);
}

#[test]
fn simulate_usage_errors_exit_2() {
    for args in [
        &["simulate", "--preset", "nope", "--messages", "1"][..],
        &["simulate", "--preset", "lytics"][..],
        &[
            "simulate",
            "--preset",
            "lytics",
            "--messages",
            "1",
            "--workers",
            "21",
        ][..],
        &[
            "simulate",
            "--preset",
            "lytics",
            "--messages",
            "1",
            "--replies",
            "5x",
        ][..],
        &[
            "simulate",
            "--preset",
            "lytics",
            "--messages",
            "1",
            "--batch",
            "0",
        ][..],
    ] {
        let out = run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
    }
}
