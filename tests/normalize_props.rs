//! Property tests of normalization: it never panics, keeps offsets valid, and is idempotent.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use news_enricher::article::Body;
use news_enricher::pipeline::normalize;
use proptest::prelude::*;

/// Pieces that news bodies are made of, including the broken ones.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Za-z]{1,10}",
        Just(" ".to_string()),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just(". ".to_string()),
        Just("<p>".to_string()),
        Just("</p>".to_string()),
        Just("<h2>".to_string()),
        Just("</h2>".to_string()),
        Just("<figcaption>".to_string()),
        Just("<br/>".to_string()),
        Just("<script>var a = '<p>';</script>".to_string()),
        Just("<img src=\"a.jpg\" alt=\"x\">".to_string()),
        Just("\" src=\"https://x/a.jpeg\" />".to_string()),
        Just("&amp;".to_string()),
        Just("&#8220;".to_string()),
        Just("&nbsp;".to_string()),
        Just("&amp;lt;b&amp;gt;".to_string()),
        Just("â€™".to_string()),
        Just("Ã©".to_string()),
        Just("“".to_string()),
        Just("”".to_string()),
        Just("\"".to_string()),
        Just("'".to_string()),
        Just("«".to_string()),
        Just("„".to_string()),
        Just("\u{00A0}".to_string()),
        Just("\u{200B}".to_string()),
        Just("\u{0301}".to_string()),
        Just("SEOUL (AFP) — ".to_string()),
        Just("By Ann Lee".to_string()),
        Just("Photo: Xinhua".to_string()),
        Just("Read more: ".to_string()),
        Just("Toward greater heights The ".to_string()),
        Just(" (PNA)".to_string()),
        Just("2025.?Photo".to_string()),
        any::<char>().prop_map(|c| c.to_string()),
    ]
}

fn body_text() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..60).prop_map(|v| v.concat())
}

fn check_offsets(n: &news_enricher::pipeline::Normalized) -> Result<(), TestCaseError> {
    let len = n.text.chars().count();
    let mut prev_end = 0;
    for p in &n.paragraphs {
        prop_assert!(p.start < p.end, "empty paragraph {p:?}");
        prop_assert!(p.end <= len, "paragraph {p:?} past the end ({len})");
        prop_assert!(p.start >= prev_end, "paragraphs overlap or go backwards");
        prev_end = p.end;
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, .. ProptestConfig::default() })]

    #[test]
    fn html_never_panics_and_offsets_are_valid(s in body_text()) {
        let n = normalize(&Body::Html(s));
        check_offsets(&n)?;
    }

    #[test]
    fn text_never_panics_and_offsets_are_valid(s in body_text()) {
        let n = normalize(&Body::Text(s));
        check_offsets(&n)?;
    }

    #[test]
    fn normalizing_twice_changes_nothing(s in body_text(), html in any::<bool>()) {
        let once = if html { normalize(&Body::Html(s)) } else { normalize(&Body::Text(s)) };
        let twice = normalize(&Body::Text(once.text.clone()));
        prop_assert_eq!(&twice.text, &once.text);
        let bounds = |n: &news_enricher::pipeline::Normalized| n.paragraphs.iter().map(|p| (p.start, p.end)).collect::<Vec<_>>();
        prop_assert_eq!(bounds(&twice), bounds(&once));
    }

    #[test]
    fn arbitrary_unicode_never_panics(s in any::<String>()) {
        check_offsets(&normalize(&Body::Html(s.clone())))?;
        check_offsets(&normalize(&Body::Text(s)))?;
    }
}
