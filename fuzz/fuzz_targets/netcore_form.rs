//! Netcore `data=` bodies: never a panic, and whatever parses renders back to bytes that
//! parse to the same batch (and render to the same bytes again).
#![no_main]

use hookwire::format::netcore;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(batch) = netcore::parse(data) else {
        return;
    };
    let body = netcore::render(&batch).expect("a parsed batch always renders");
    let again = netcore::parse(body.body()).expect("a rendered batch always parses");
    assert_eq!(again, batch);
    let body_again = netcore::render(&again).expect("a parsed batch always renders");
    assert_eq!(body_again.body(), body.body());
});
