//! The guard against URLs and addresses as attackers write them.

use std::net::IpAddr;

use super::*;

fn ip(text: &str) -> IpAddr {
    text.parse().unwrap()
}

/// Each odd notation as the `url` crate (WHATWG) reads it, and the guard's verdict.
#[test]
fn odd_host_notations_are_read_as_the_url_standard_reads_them() {
    let cases = [
        ("http://0x7f.1/", "127.0.0.1"),
        ("http://2130706433/", "127.0.0.1"),
        ("http://017700000001/", "127.0.0.1"),
        ("http://127.1/", "127.0.0.1"),
        ("http://0177.0.0.1/", "127.0.0.1"),
        ("http://0x7f.0x0.0x0.0x1/", "127.0.0.1"),
        ("http://127.0.0.1./", "127.0.0.1"),
        ("http://%31%32%37.0.0.1/", "127.0.0.1"),
        ("http://%30x7f.1/", "127.0.0.1"),
        ("http://127.0.0.1%2e/", "127.0.0.1"),
        ("http:\\\\127.0.0.1\\", "127.0.0.1"),
        ("HTTP://127.0.0.1", "127.0.0.1"),
        ("  http://127.0.0.1/  ", "127.0.0.1"),
        ("http://0/", "0.0.0.0"),
        ("http://0.0.0.0/", "0.0.0.0"),
        ("http://0251.0376.0251.0376/", "169.254.169.254"),
        ("http://2852039166/", "169.254.169.254"),
        ("http://10.1/", "10.0.0.1"),
        ("http://4294967295/", "255.255.255.255"),
    ];
    let guard = Guard::new();
    for (url, address) in cases {
        let parsed = url::Url::parse(url).unwrap();
        assert_eq!(
            parsed.host(),
            Some(url::Host::Ipv4(address.parse().unwrap())),
            "{url}"
        );
        match guard.target(url) {
            Err(Denied::NotGlobal { address: found, .. }) => assert_eq!(found, ip(address)),
            other => panic!("{url}: {other:?}"),
        }
        // Resolved addresses do not matter when the URL names one.
        assert!(guard.clear(url, &[ip("93.184.215.14")]).is_err(), "{url}");
    }
}

#[test]
fn bracketed_ipv6_hosts_and_their_embedded_ipv4_addresses() {
    let guard = Guard::new();
    for (url, embedded, form) in [
        (
            "http://[::ffff:127.0.0.1]/",
            "127.0.0.1",
            Embedding::Ipv4Mapped,
        ),
        (
            "http://[::ffff:7f00:1]/",
            "127.0.0.1",
            Embedding::Ipv4Mapped,
        ),
        (
            "http://[::127.0.0.1]/",
            "127.0.0.1",
            Embedding::Ipv4Compatible,
        ),
        (
            "http://[64:ff9b::169.254.169.254]/",
            "169.254.169.254",
            Embedding::Nat64,
        ),
        (
            "http://[2002:0a00:0001::1]/",
            "10.0.0.1",
            Embedding::SixToFour,
        ),
        (
            "http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/",
            "192.0.2.45",
            Embedding::TeredoClient,
        ),
        (
            "http://[2001:0:7f00:1::1]/",
            "127.0.0.1",
            Embedding::TeredoServer,
        ),
    ] {
        match guard.target(url) {
            Err(Denied::EmbedsNotGlobal {
                embedded: found,
                form: found_form,
                ..
            }) => {
                assert_eq!(IpAddr::V4(found), ip(embedded), "{url}");
                assert_eq!(found_form, form, "{url}");
            }
            other => panic!("{url}: {other:?}"),
        }
    }
    for url in [
        "http://[::1]/",
        "http://[::]/",
        "http://[fe80::1]/",
        "http://[fd00::1]:8080/",
    ] {
        assert!(
            matches!(guard.target(url), Err(Denied::NotGlobal { .. })),
            "{url}"
        );
    }
}

#[test]
fn embedding_a_global_address_is_judged_by_the_form() {
    let guard = Guard::new();
    // Mapped: the IPv4 address itself, pinned as IPv4.
    let cleared = guard.clear("http://[::ffff:8.8.8.8]/", &[]).unwrap();
    assert_eq!(cleared.address().to_string(), "8.8.8.8:80");
    assert_eq!(cleared.host(), "[::ffff:808:808]");
    // NAT64 of a global address is how IPv6-only networks reach IPv4: allowed.
    assert!(guard.clear("http://[64:ff9b::8.8.8.8]/", &[]).is_ok());
    // Compatible, 6to4 and Teredo are not globally reachable whatever they embed.
    for url in [
        "http://[::8.8.8.8]/",
        "http://[2002:808:808::1]/",
        "http://[2001:0:808:808::f7f7:fbfb]/",
    ] {
        assert!(
            matches!(guard.target(url), Err(Denied::NotGlobal { .. })),
            "{url}"
        );
    }
}

#[test]
fn host_names_are_judged_by_every_resolved_address() {
    let guard = Guard::new();
    let url = "https://hooks.example.com/in";
    let public = ip("93.184.215.14");
    assert_eq!(
        guard.clear(url, &[public]).unwrap().address().to_string(),
        "93.184.215.14:443"
    );
    for bad in [
        "127.0.0.1",
        "10.0.0.1",
        "100.64.0.1",
        "169.254.169.254",
        "224.0.0.1",
        "0.0.0.0",
        "192.0.2.1",
        "198.18.0.1",
        "240.0.0.1",
        "255.255.255.255",
        "::1",
        "::",
        "fe80::1",
        "fc00::1",
        "ff02::1",
        "::ffff:10.0.0.1",
        "64:ff9b::7f00:1",
        "2001:db8::1",
    ] {
        // First or last among public addresses: refused either way.
        assert!(guard.clear(url, &[public, ip(bad)]).is_err(), "{bad}");
        assert!(guard.clear(url, &[ip(bad), public]).is_err(), "{bad}");
    }
    assert_eq!(
        guard.clear(url, &[]),
        Err(Denied::NoAddresses {
            host: "hooks.example.com".into()
        })
    );
}

#[test]
fn trailing_dots_percent_encoding_and_idna_give_the_name_to_resolve() {
    let guard = Guard::new();
    for (url, name) in [
        ("http://localhost./", "localhost."),
        ("http://LOCALHOST/", "localhost"),
        ("http://ex%41mple.com/", "example.com"),
        ("http://bücher.example/", "xn--bcher-kva.example"),
        ("http:///hooks.example.com/x", "hooks.example.com"),
    ] {
        assert_eq!(guard.target(url).unwrap().name(), Some(name), "{url}");
    }
    // A name is judged by what it resolves to.
    assert!(matches!(
        guard.clear("http://localhost./", &[ip("127.0.0.1")]),
        Err(Denied::NotGlobal { .. })
    ));
}

#[test]
fn schemes_credentials_and_ports() {
    let guard = Guard::new();
    for url in [
        "file:///etc/passwd",
        "gopher://127.0.0.1:25/",
        "ftp://example.com/",
        "ws://example.com/",
        "javascript:alert(1)",
        "data:text/plain,hi",
    ] {
        assert!(
            matches!(guard.target(url), Err(Denied::UnsupportedScheme { .. })),
            "{url}"
        );
    }
    for url in [
        "https://user@hooks.example.com/",
        "https://user:pw@hooks.example.com/",
        "https://:pw@hooks.example.com/",
        "https://hooks.example.com@127.0.0.1/",
        "http://1.1.1.1 &@2.2.2.2# @3.3.3.3/",
    ] {
        assert_eq!(guard.target(url), Err(Denied::Credentials), "{url}");
    }
    assert!(matches!(
        guard.target("http://example.com:0/"),
        Err(Denied::PortNotAllowed { port: 0, .. })
    ));
    let only_tls = Guard::builder().ports([443, 8443]).build().unwrap();
    assert_eq!(only_tls.target("https://e.com/").unwrap().port(), 443);
    assert_eq!(only_tls.target("http://e.com:8443/").unwrap().port(), 8443);
    assert_eq!(
        only_tls.target("http://e.com/"),
        Err(Denied::PortNotAllowed {
            port: 80,
            allowed: vec![443, 8443]
        })
    );
    for url in [
        "",
        "not a url",
        "http://",
        "http://1.2.3.4.5/",
        "http://09.1/",
        "http://[::1/",
    ] {
        assert!(
            matches!(guard.target(url), Err(Denied::InvalidUrl { .. })),
            "{url}"
        );
    }
}

#[test]
fn allowed_ranges_let_internal_addresses_through() {
    let guard = Guard::builder()
        .allow_all(["127.0.0.0/8", "10.20.0.0/16", "fd00:1::/64"])
        .build()
        .unwrap();
    let url = "http://staging.internal/";
    assert_eq!(
        guard
            .clear(url, &[ip("10.20.3.4")])
            .unwrap()
            .address()
            .to_string(),
        "10.20.3.4:80"
    );
    assert!(guard.clear(url, &[ip("10.21.0.1")]).is_err());
    assert!(guard.clear(url, &[ip("fd00:1::5")]).is_ok());
    assert!(guard.clear("http://127.1:8080/", &[]).is_ok());
    assert!(guard.clear("http://[::ffff:127.0.0.1]/", &[]).is_ok());
    // Allowing 10.20/16 does not allow a NAT64 spelling of it.
    assert!(guard.clear(url, &[ip("64:ff9b::a14:304")]).is_err());
    // Allowed and refused addresses together: refused.
    assert!(
        guard
            .clear(url, &[ip("10.20.3.4"), ip("169.254.169.254")])
            .is_err()
    );
}

#[test]
fn serde_keeps_the_exceptions_and_rereads_them_strictly() {
    let guard = Guard::builder()
        .allow("10.0.0.0/8")
        .ports([443])
        .build()
        .unwrap();
    let json = serde_json::to_string(&guard).unwrap();
    assert_eq!(json, r#"{"allow":["10.0.0.0/8"],"ports":[443]}"#);
    assert_eq!(serde_json::from_str::<Guard>(&json).unwrap(), guard);
    assert_eq!(serde_json::to_string(&Guard::new()).unwrap(), "{}");
    assert_eq!(serde_json::from_str::<Guard>("{}").unwrap(), Guard::new());
    for bad in [
        r#"{"allow":["010.0.0.0/8"]}"#,
        r#"{"ports":[]}"#,
        r#"{"ports":[0]}"#,
    ] {
        assert!(serde_json::from_str::<Guard>(bad).is_err(), "{bad}");
    }
}
