//! No input may panic or hang the loader: random bytes, random text, mutations of the
//! shipped file, pathological nesting and truncations.

// Tests and benchmarks may panic on broken fixtures: that is how they fail.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::path::Path;

use paracrine::model;
use proptest::prelude::*;

fn shipped() -> &'static [u8] {
    paracrine::app::EMBEDDED_EVIDENCE
}

fn load(bytes: &[u8]) -> model::Loaded {
    model::load_bytes(Path::new("fuzz.ron"), bytes)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = load(&bytes);
    }

    #[test]
    fn random_ron_like_text_never_panics(text in "[\\(\\)\\[\\]\\{\\},:\"'#!/\\*a-z0-9 \n\\\\rb_-]{0,400}") {
        let loaded = load(format!("Evidence({text}").as_bytes());
        // Something this broken must say so.
        prop_assert!(!loaded.diagnostics.is_empty() || loaded.doc.claims.is_empty());
    }

    #[test]
    fn mutated_shipped_file_never_panics(
        at in 0usize..1_000_000,
        len in 0usize..64,
        insert in proptest::collection::vec(any::<u8>(), 0..16),
    ) {
        let source = shipped();
        let at = at % (source.len() + 1);
        let end = (at + len).min(source.len());
        let mut bytes = source[..at].to_vec();
        bytes.extend_from_slice(&insert);
        bytes.extend_from_slice(&source[end..]);
        let _ = load(&bytes);
    }

    #[test]
    fn every_truncation_point_is_reported_not_panicked(cut in 0usize..1_000_000) {
        let source = shipped();
        let cut = cut % source.len().max(1);
        let loaded = load(&source[..cut]);
        // A truncated file never loads silently.
        prop_assert!(!loaded.diagnostics.is_empty());
    }
}

#[test]
fn fifty_megabytes_of_nesting_is_rejected_quickly_without_overflow() {
    let mut text = String::from("Evidence(version: 1, claims: [");
    text.push_str(&"[".repeat(50 * 1024 * 1024));
    let loaded = load(text.as_bytes());
    let message = loaded
        .diagnostics
        .first()
        .map(ToString::to_string)
        .unwrap_or_default();
    assert!(message.contains("nesting deeper than"), "{message}");
}

#[test]
fn deep_nesting_inside_an_element_is_rejected() {
    // 200 levels pass the scanner's bound but not ron's recursion limit.
    let text = format!(
        "Evidence(version: 1, claims: [(id: \"c\", en: \"x\", numbers: {}{})])",
        "[".repeat(200),
        "]".repeat(200)
    );
    let loaded = load(text.as_bytes());
    assert!(!loaded.diagnostics.is_empty());
}

#[test]
fn long_unterminated_string_and_comment_are_reported() {
    for text in [
        format!(
            "Evidence(version: 1, diseases: [(id: \"{}",
            "a".repeat(1_000_000)
        ),
        format!("Evidence(version: 1, /* {}", "x".repeat(1_000_000)),
    ] {
        let loaded = load(text.as_bytes());
        assert_eq!(loaded.diagnostics.len(), 1, "{:?}", loaded.diagnostics);
    }
}
