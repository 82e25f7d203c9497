//! The SSRF guard against arbitrary URL text and resolved addresses: it never panics, what
//! it clears passes its own address check and is what the URL (or the resolver) named,
//! and without exceptions it never clears an address in a block that is not globally
//! reachable, directly or through an embedded IPv4 address.
#![no_main]

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use hookwire::guard::{Denied, Embedding, Guard, SpecialRange};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Layout: [flags][count][count × (kind byte, 4 or 16 address bytes)][URL text…].
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let Some((&count, mut rest)) = rest.split_first() else {
        return;
    };
    let mut resolved = Vec::new();
    for _ in 0..count % 5 {
        let Some((&kind, after)) = rest.split_first() else {
            break;
        };
        let address = if kind & 1 == 0 {
            let Some((octets, after)) = after.split_first_chunk::<4>() else {
                break;
            };
            rest = after;
            IpAddr::V4(Ipv4Addr::from(*octets))
        } else {
            let Some((octets, after)) = after.split_first_chunk::<16>() else {
                break;
            };
            rest = after;
            IpAddr::V6(Ipv6Addr::from(*octets))
        };
        resolved.push(address);
    }
    let url = String::from_utf8_lossy(rest);

    let mut builder = Guard::builder();
    if flags & 1 != 0 {
        builder = builder.allow_all(["10.0.0.0/8", "fd00::/8", "::ffff:192.168.0.0/112"]);
    }
    if flags & 2 != 0 {
        builder = builder.ports([443, 8443]);
    }
    let guard = builder.build().expect("valid configuration");
    let strict = flags & 3 == 0;

    for &address in &resolved {
        match guard.check_address(address) {
            Ok(canonical) => {
                if strict {
                    assert_globally_reachable(address, canonical);
                }
                assert_eq!(guard.check_address(canonical), Ok(canonical));
            }
            Err(denied) => {
                assert!(matches!(
                    denied,
                    Denied::NotGlobal { .. } | Denied::EmbedsNotGlobal { .. }
                ));
                let _ = denied.to_string();
            }
        }
    }

    let target = guard.target(&url);
    let cleared = guard.clear(&url, &resolved);
    match (&target, &cleared) {
        (Err(first), Err(again)) => {
            // A denial before any lookup stays the same denial.
            assert_eq!(first, again);
            let _ = first.to_string();
        }
        (Err(denied), Ok(_)) => panic!("cleared what target denied: {denied}"),
        (Ok(target), Ok(cleared)) => {
            assert_eq!(cleared.address().port(), target.port());
            assert!(!cleared.follow_redirects());
            let pinned = cleared.address().ip();
            assert_eq!(guard.check_address(pinned), Ok(pinned));
            match target.address() {
                Some(named) => assert_eq!(pinned, named),
                None => {
                    // The pinned address is the first resolved one, and every one passed.
                    let first = resolved.first().copied().expect("a name needs addresses");
                    assert_eq!(guard.check_address(first), Ok(pinned));
                    for &address in &resolved {
                        assert!(guard.check_address(address).is_ok());
                    }
                }
            }
            if strict {
                assert_globally_reachable(pinned, pinned);
            }
            // The URL as it is sent names the host the guard judged. (WHATWG lets a few
            // characters into host names, `"` and `{` among them, that `http::Uri` refuses;
            // an `Endpoint` refuses such URLs when it is built, so none is ever sent.)
            let sent = url::Url::parse(&url).expect("cleared URLs parse");
            if let Ok(uri) = sent.as_str().parse::<hookwire::http::Uri>() {
                assert_eq!(uri.host(), Some(cleared.host()));
            }
        }
        (Ok(_), Err(denied)) => {
            assert!(matches!(
                denied,
                Denied::NoAddresses { .. }
                    | Denied::NotGlobal { .. }
                    | Denied::EmbedsNotGlobal { .. }
            ));
        }
    }
});

/// `address` (cleared as `canonical`) is in no block that is not globally reachable, and
/// embeds no IPv4 address that is. (A mapped address is judged as the IPv4 address it is.)
fn assert_globally_reachable(address: IpAddr, canonical: IpAddr) {
    if let Some(range) = SpecialRange::of(canonical) {
        assert!(range.is_globally_reachable(), "{canonical} is {range}");
    }
    if let IpAddr::V6(v6) = address {
        for (form, embedded) in Embedding::find(v6) {
            if let Some(range) = SpecialRange::of(IpAddr::V4(embedded)) {
                assert!(
                    range.is_globally_reachable(),
                    "{address} embeds {embedded} ({form}), {range}"
                );
            }
        }
    }
}
