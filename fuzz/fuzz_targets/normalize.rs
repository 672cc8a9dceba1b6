//! Normalization never panics, keeps offsets valid and is idempotent on text, whatever the bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use news_enricher::article::Body;
use news_enricher::pipeline::normalize;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    for body in [Body::Html(s.to_string()), Body::Text(s.to_string())] {
        let n = normalize(&body);
        let len = n.text.chars().count();
        let mut prev = 0;
        for p in &n.paragraphs {
            assert!(p.start < p.end && p.end <= len && p.start >= prev, "bad offsets {p:?} in {len}");
            prev = p.end;
        }
        let again = normalize(&Body::Text(n.text.clone()));
        assert_eq!(again.text, n.text, "not idempotent");
    }
});
