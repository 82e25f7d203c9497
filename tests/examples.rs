//! The server examples, run end to end over real loopback HTTP in their `--self-test` mode.
//! A plain `cargo test` builds the examples first; with a filter (`--test examples`), build
//! them first (`cargo build --examples`).

use std::process::Command;

fn example(name: &str) -> Command {
    let mut path = std::env::current_exe().expect("test binary path");
    path.pop();
    if path.ends_with("deps") {
        path.pop();
    }
    let exe = path
        .join("examples")
        .join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    assert!(exe.exists(), "build the example first: {}", exe.display());
    Command::new(exe)
}

/// Runs `name --self-test ARGS`, asserts it succeeded, and returns what it printed.
fn self_test(name: &str, args: &[&str]) -> String {
    let out = example(name)
        .arg("--self-test")
        .args(args)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    text
}

#[test]
fn the_axum_receiver_answers_202_409_401_415_and_processes_in_the_background() {
    let text = self_test("receiver_axum", &[]);
    assert!(
        text.contains("self-test passed: answered [202, 409, 401, 415]"),
        "{text}"
    );
    assert!(text.contains("worker: processed msg_1"), "{text}");
}

#[test]
fn the_dumper_answers_200_to_everything_and_decodes_netcore() {
    let text = self_test("dumper", &["--basic-auth", "netcore:secret"]);
    assert!(
        text.contains("Netcore batch from panel `pod2_email`: 1 event(s)"),
        "{text}"
    );
    assert!(text.contains("verdict: accepted"), "{text}");
    assert!(
        text.contains("verdict: would be refused with 401"),
        "{text}"
    );
    assert!(text.contains("self-test passed"), "{text}");
}

#[test]
fn the_blocking_receiver_accepts_a_netcore_batch_and_refuses_a_wrong_password() {
    let text = self_test("receiver_tiny_http", &[]);
    assert!(
        text.contains("accepted 1 event(s) from panel `pod2_email`"),
        "{text}"
    );
    assert!(
        text.contains("self-test passed: answered [200, 401]"),
        "{text}"
    );
}

#[test]
fn the_ureq_sender_retries_a_503_and_is_verified_by_the_receiver() {
    let text = self_test("send_ureq", &[]);
    assert!(text.contains("attempt #1: 503"), "{text}");
    assert!(
        text.contains("outcome: delivered (200) after 2 attempts"),
        "{text}"
    );
}

#[test]
fn the_reqwest_sender_retries_a_503_and_is_verified_by_the_receiver() {
    let text = self_test("send_reqwest", &[]);
    assert!(text.contains("attempt #1: 503"), "{text}");
    assert!(
        text.contains("outcome: delivered (200) after 2 attempts"),
        "{text}"
    );
}
