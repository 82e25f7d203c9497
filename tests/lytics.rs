//! Lytics (seed 004): https webhook URLs, authorization as request headers or parameters.

use hookwire::{ConfigError, Endpoint};

#[test]
fn webhook_urls_must_be_https() {
    // "The webhook URL must have the https scheme."
    let err = Endpoint::builder("http://example.com/hook")
        .require_https(true)
        .build()
        .unwrap_err();
    assert!(matches!(err, ConfigError::HttpsRequired { .. }));
}

#[test]
fn authorization_as_request_headers_and_parameters() {
    // "Add a new line for each header as key:value e.g. Authorization: some-token" and
    // "enter URL parameters for the webhook POST request. e.g. param-key1=value1&param-key2=value2".
    let endpoint = Endpoint::builder("https://example.com/hook")
        .header("Authorization", "some-token")
        .query("param-key1", "value1")
        .query("param-key2", "value2")
        .require_https(true)
        .build()
        .unwrap();
    let request = endpoint.request(());
    assert_eq!(request.method(), "POST", "the default method is POST");
    assert_eq!(request.headers()["authorization"], "some-token");
    assert_eq!(
        request.uri(),
        "https://example.com/hook?param-key1=value1&param-key2=value2"
    );
    assert!(!format!("{endpoint:?}").contains("some-token"));
}

#[test]
fn the_method_is_configurable() {
    // "From the HTTPMethod list, select the HTTP method to use for the webhook request."
    let endpoint = Endpoint::builder("https://example.com/hook")
        .method("PUT")
        .build()
        .unwrap();
    assert_eq!(endpoint.request(()).method(), "PUT");
}

#[test]
fn header_injection_is_refused() {
    let err = Endpoint::builder("https://example.com/hook")
        .header("Authorization", "token\r\nX-Evil: 1")
        .build()
        .unwrap_err();
    assert!(matches!(err, ConfigError::InvalidHeaderValue { .. }));
}
