//! Lytics envelopes and enrichment records: any body, never a panic, and what parses renders
//! back to the same typed data.
#![no_main]

use hookwire::format::lytics::{self, EnrichmentRecord};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(events) = lytics::parse(data) {
        let again = lytics::parse(lytics::render_batch(&events).body());
        assert_eq!(again.ok(), Some(events));
    }
    if let Ok(record) = EnrichmentRecord::parse(data) {
        let names = record.field_names();
        assert!(names.iter().all(|name| name.starts_with("origin.") || name.starts_with("response")));
        assert_eq!(EnrichmentRecord::parse(record.render().body()).ok(), Some(record));
    }
});
