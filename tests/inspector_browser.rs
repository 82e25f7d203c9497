//! The inspector (`examples/inspector/`) in a real browser: headless Chromium driven over
//! WebDriver, one session, a few seconds.
//!
//! It types a Standard Webhooks secret into the page, uses the page's "send test" form and
//! watches the request arrive, then sends the inspector a tampered Standard Webhooks request
//! and a signed Netcore batch, and checks what the rendered page shows for each. The
//! screenshot it takes is saved as `target/inspector-screenshot.png` (the README's picture
//! is a copy).
//!
//! Needs Debian's `chromium` and `chromium-driver` (`scripts/install-browser.sh`, which
//! `.ci/run` calls). Without them the test is skipped, except under CI (`CI` set), where it
//! fails.

#[path = "support/inspector.rs"]
mod inspector;
#[path = "inspector_browser/webdriver.rs"]
mod webdriver;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use inspector::{Inspector, NETCORE_FORM, WHSEC, post_signed};
use webdriver::Driver;

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// How long the page may take to show a change: it long-polls, so normally milliseconds.
const PATIENCE: Duration = Duration::from_secs(10);

/// `target/`, where test artifacts go.
fn target_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("CARGO_TARGET_TMPDIR is target/tmp")
        .to_owned()
}

#[test]
fn the_page_decodes_verifies_and_sends_in_headless_chromium() {
    let missing: Vec<&str> = [CHROMIUM, CHROMEDRIVER]
        .into_iter()
        .filter(|path| !Path::new(path).exists())
        .collect();
    if !missing.is_empty() {
        let message = format!(
            "{} not installed: run scripts/install-browser.sh",
            missing.join(" and ")
        );
        assert!(std::env::var_os("CI").is_none(), "{message}");
        eprintln!("skipped the browser test: {message}");
        return;
    }
    #[allow(clippy::disallowed_methods)] // the run time is reported, not tested
    let started = Instant::now();
    let inspector = Inspector::start(&[]);
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("inspector-browser-{}", std::process::id()));
    let profile = scratch.join("profile");
    std::fs::create_dir_all(&profile).unwrap();
    let driver = Driver::start(Path::new(CHROMEDRIVER), &scratch.join("chromedriver.log"));
    // The machine has no outside network: without the background-networking switches
    // Chromium stalls on refused connections (updates, sync, field trials).
    let args = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1360,1400",
        "--hide-scrollbars",
    ]
    .into_iter()
    .map(str::to_owned)
    .chain([format!("--user-data-dir={}", profile.display())])
    .collect::<Vec<_>>();
    let page = driver.session(Path::new(CHROMIUM), &args);

    page.goto(&format!("{}/", inspector.url));
    page.wait_for_text("#requests", "Nothing yet", PATIENCE);

    // Verify: Standard Webhooks, the secret typed in, applied through the page's form.
    page.click(&page.wait_for("#scheme option[value='standard']", PATIENCE));
    page.type_into(&page.wait_for("#secret", PATIENCE), WHSEC);
    page.click(&page.wait_for("#apply", PATIENCE));
    let now_checking = page.wait_for_text("#check-now", "Checking", PATIENCE);
    assert!(now_checking.contains("wh… (38 chars)"), "{now_checking}");
    assert!(!now_checking.contains(WHSEC));

    // Send test: the Standard Webhooks sample, signed with the same secret, to the
    // inspector's own capture URL (the form's default); it arrives as #1.
    page.click(&page.wait_for("#sample option[value='standard']", PATIENCE));
    page.type_into(&page.wait_for("#send-secret", PATIENCE), WHSEC);
    page.click(&page.wait_for("#send-button", PATIENCE));
    let report = page.wait_for_text("#send-report", "200 OK", PATIENCE);
    assert!(
        report.contains("Standard Webhooks retry policy: delivered (200)"),
        "{report}"
    );
    assert!(
        report.contains("wh… (38 chars)") && !report.contains(WHSEC),
        "{report}"
    );
    let sent = page.wait_for_text("#c-1", "verified", PATIENCE);
    assert!(sent.contains("/in/test"), "{sent}");
    assert!(sent.contains("message id msg_inspector_1"), "{sent}");
    assert!(
        sent.contains("\"type\": \"audience.entered\""),
        "decoded: {sent}"
    );

    // A Standard Webhooks request tampered with after signing, then a signed Netcore batch
    // (in this order, so the batch is on top of the page, and of the screenshot).
    let hook = format!("{}/in/journeys", inspector.url);
    let json = br#"{"type":"audience.entered","user":{"email":"ada@example.com"}}"#;
    let mut tampered = json.to_vec();
    tampered[13] = b'E'; // "audience.entered" becomes "audiEnce.entered"
    assert_eq!(
        post_signed(&hook, "msg_standard", "application/json", &tampered, json),
        200
    );
    let form = NETCORE_FORM.as_bytes();
    let netcore = "application/x-www-form-urlencoded";
    assert_eq!(post_signed(&hook, "msg_netcore", netcore, form, form), 200);

    let batch = page.wait_for_text("#c-3", "verified", PATIENCE);
    assert!(batch.contains("Netcore batch · 2 events"), "{batch}");
    assert!(batch.contains("qa_manual1"), "{batch}");
    assert!(
        batch.contains("sms delivered 1318 abcd@gmail.com"),
        "the decoded events' table: {batch}"
    );
    assert!(batch.contains("message id msg_netcore"), "{batch}");
    let badge = page.wait_for_text("#c-3 .badge", "verified", PATIENCE);
    assert_eq!(badge, "verified");

    let forged = page.wait_for_text("#c-2", "check failed", PATIENCE);
    let verdict = page.wait_for_text("#c-2 .verdict", "check failed", PATIENCE);
    assert_eq!(
        verdict,
        "The signature check failed; a receiver would answer 401: \
         signature refused: no signature matches any active key",
        "{forged}"
    );
    assert_eq!(
        page.wait_for_text("#c-2 .badge", "refused", PATIENCE),
        "refused 401"
    );

    let png = page.screenshot();
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "a PNG");
    let artifact = target_dir().join("inspector-screenshot.png");
    std::fs::write(&artifact, &png).unwrap();
    page.quit();
    drop(driver);
    let _ = std::fs::remove_dir_all(&scratch);
    eprintln!(
        "browser test done in {:.1} s; screenshot at {}",
        started.elapsed().as_secs_f64(),
        artifact.display()
    );
}
