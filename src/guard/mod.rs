//! The sender's SSRF guard: whether a request may go to a URL someone typed.
//!
//! A webhook URL is user input. Left alone, `http://169.254.169.254/latest/meta-data/`
//! makes the sender fetch its own cloud credentials, and `https://hooks.example.com/`
//! can resolve to `10.0.0.5` tomorrow. A [`Guard`] decides, without any I/O, whether to
//! connect:
//!
//! 1. [`Guard::target`] reads the URL as the WHATWG URL standard does — the way browsers
//!    and the `url` crate do, so `0x7f.1`, `2130706433`, `017700000001`, `127.1`,
//!    `[::ffff:127.0.0.1]`, `127.0.0.1.` and `%31%32%37.0.0.1` are all 127.0.0.1 — and
//!    refuses schemes other than http(s), `user:password@`, and ports outside the allowed
//!    list. It hands back the name to resolve.
//! 2. The host resolves that name with its own resolver.
//! 3. [`Guard::clear`] refuses the URL if **any** address is not globally reachable —
//!    loopback, private-use, shared (100.64/10), link-local, multicast, unspecified,
//!    documentation, benchmarking, reserved, or any other block of the IANA
//!    special-purpose registries ([`SpecialRange`]) — including IPv6 addresses that embed
//!    such an IPv4 address (IPv4-mapped and -compatible, NAT64, 6to4, Teredo:
//!    [`Embedding`]), unless the guard allows its range. Otherwise it returns the one
//!    address to connect to ([`Cleared`]).
//! 4. The host connects to that address — never resolving the name again, so DNS
//!    rebinding cannot swap it — and does not follow redirects.
//!
//! ```
//! use std::net::{IpAddr, ToSocketAddrs};
//! use hookwire::guard::{Denied, Guard};
//!
//! let guard = Guard::builder().ports([443]).build()?;
//! let url = "https://hooks.example.com/in";
//!
//! let target = guard.target(url)?;
//! // The host's resolver (here a stand-in for `(name, port).to_socket_addrs()`).
//! let resolve = |_name: &str| -> Vec<IpAddr> { vec!["93.184.215.14".parse().unwrap()] };
//! let resolved = match target.name() {
//!     Some(name) => resolve(name),
//!     None => Vec::new(), // the URL named an address: nothing to resolve
//! };
//! let cleared = guard.clear(url, &resolved)?;
//! assert_eq!(cleared.address().to_string(), "93.184.215.14:443");
//! // … connect to cleared.address(), send Host: hooks.example.com, follow no redirect.
//!
//! assert!(matches!(guard.target("https://hooks.example.com:22/"), Err(Denied::PortNotAllowed { .. })));
//! assert!(matches!(guard.target("file:///etc/passwd"), Err(Denied::UnsupportedScheme { .. })));
//! assert!(matches!(guard.target("https://hooks.example.com@10.0.0.1/"), Err(Denied::Credentials)));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## With a delivery
//!
//! An [`Endpoint`](crate::Endpoint) carries a guard
//! ([`EndpointBuilder::guard`](crate::EndpointBuilder::guard)); the presets for vendors
//! whose URLs users type (Listrak, Lytics) turn it on. Clearing is a step of the drive
//! loop: before sending a [`Transmit`](crate::delivery::Transmit), the host resolves
//! [`Transmit::target`](crate::delivery::Transmit::target), calls
//! [`Transmit::clear`](crate::delivery::Transmit::clear) with what it got, and either
//! connects to the pinned address or reports the denial with
//! `handle_transport_error(now, attempt, TransportFailure::Denied)`, which fails the
//! delivery at once (a refused destination is never retried). The
//! [delivery module](crate::delivery) shows the loop.
//!
//! ## Choices
//!
//! - Host names are judged only by their addresses: `localhost.` is refused because it
//!   resolves to loopback, and allowed if the guard allows loopback.
//! - An IPv4-mapped address is its IPv4 address, for the verdict, the allowlist and the
//!   pinned address. NAT64 (`64:ff9b::/96`) is globally reachable when the IPv4 address it
//!   embeds is; 6to4 and Teredo, "N/A" in the registry, are refused as `std`'s unstable
//!   `is_global` refuses them, naming the embedded address when it is the reason.
//! - An allowed range lets its addresses through as they are written: allowing
//!   `10.0.0.0/8` does not allow `64:ff9b::a00:1`.

mod builder;
mod cleared;
mod denied;
mod embedding;
mod error;
mod policy;
mod special;
mod target;
#[cfg(test)]
mod tests;

pub use builder::GuardBuilder;
pub use cleared::Cleared;
pub use denied::Denied;
pub use embedding::Embedding;
pub use error::SettingsError;
pub use policy::Guard;
pub use special::SpecialRange;
pub use target::Target;
