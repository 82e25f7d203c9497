//! The unit tests of the CLI's raw-request reader (`examples/hookwire/http_file.rs`), which is
//! meant to be copied into other programs. They run from here because an example marked
//! `test = true` is built only as a test harness by `cargo test`, and `tests/cli.rs` needs the
//! example's binary.

#[allow(dead_code, unreachable_pub)]
#[path = "../examples/hookwire/http_file.rs"]
mod http_file;
