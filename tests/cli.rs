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
