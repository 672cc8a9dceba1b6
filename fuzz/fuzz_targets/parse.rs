//! Message parsing never panics, whatever the body and content type.
#![no_main]

use libfuzzer_sys::fuzz_target;
use news_enricher::article::parse_message;

fuzz_target!(|data: &[u8]| {
    let (content_type, body) = match data.split_first() {
        Some((0, rest)) => (Some("text/plain"), rest),
        Some((1, rest)) => (Some("text/html"), rest),
        Some((_, rest)) => (Some("application/json"), rest),
        None => (None, data),
    };
    let _ = parse_message(body, content_type, Some("fuzz"), 2 * 1024 * 1024);
});
