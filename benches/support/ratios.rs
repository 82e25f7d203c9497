//! Reads Criterion's estimates back after a run and prints each measurement next to its
//! reference (the physical limit or a peer) as a throughput ratio, so a run of
//! `cargo bench` ends with the figures `BENCHMARKS.md` records.

use std::path::PathBuf;

/// Criterion's output directory: `$CRITERION_HOME`, else `<target>/criterion`.
fn criterion_dir() -> PathBuf {
    if let Some(home) = std::env::var_os("CRITERION_HOME") {
        return PathBuf::from(home);
    }
    // CARGO_TARGET_TMPDIR is `<target>/tmp`.
    let tmp = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    tmp.parent()
        .map(|target| target.join("criterion"))
        .unwrap_or(tmp)
}

/// The mean time per iteration, in nanoseconds, of `group/function` from the last run.
pub(crate) fn mean_ns(group: &str, function: &str) -> Option<f64> {
    let path = criterion_dir()
        .join(group)
        .join(function)
        .join("new")
        .join("estimates.json");
    let text = std::fs::read_to_string(path).ok()?;
    let json: serde_json::Value = serde_json::from_str(&text).ok()?;
    json["mean"]["point_estimate"].as_f64()
}

/// Prints one table row per `(function, reference)` pair: time, throughput and
/// `reference time / function time` (above 1.0: faster than the reference).
pub(crate) fn print_table(title: &str, groups: &[(&str, usize)], pairs: &[(&str, &str)]) {
    println!("\n{title}");
    println!(
        "{:<10} {:<34} {:>12} {:>11} {:<28} {:>7}",
        "size", "measured", "time", "MB/s", "reference", "ratio"
    );
    for (group, bytes) in groups {
        for (function, reference) in pairs {
            let (Some(ours), Some(theirs)) = (mean_ns(group, function), mean_ns(group, reference))
            else {
                continue;
            };
            let mbps = *bytes as f64 / ours * 1e3;
            println!(
                "{:<10} {:<34} {:>9.0} ns {:>11.1} {:<28} {:>6.2}x",
                group.trim_start_matches("sign_verify_"),
                function,
                ours,
                mbps,
                reference,
                theirs / ours
            );
        }
    }
}
