//! The fast element reader agrees with `ron`: on the shipped file, every fixture,
//! synthetic documents, random strings and mutated text, loading with the fast reader
//! (and `ron` for whatever it refuses) gives the document and the diagnostics that
//! `ron` alone gives. Where the canonical writer wrote the text, the fast reader reads
//! all of it (no element left to `ron`), so the equality is not met by always falling
//! back.

// Tests may panic on broken fixtures: that is how they fail.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::path::Path;

use paracrine::model::io::{self, ElementReader, Parsed};
use paracrine::model::{self, Claim, Diagnostic, Document};
use paracrine::platform::Progress;
use proptest::prelude::*;

fn parse(bytes: &[u8], reader: ElementReader) -> Parsed {
    io::parse_bytes_with_reader(Path::new("t.ron"), bytes, &Progress::default(), reader)
}

/// Both readers on `bytes`: the documents and diagnostics must be equal. Returns the
/// fast load and how many elements it left to `ron`.
fn same_as_ron(bytes: &[u8]) -> (Document, Vec<Diagnostic>, usize) {
    let fast = parse(bytes, ElementReader::Fast);
    let ron = parse(bytes, ElementReader::RonOnly);
    let misses = fast.fast_misses;
    let (fast_diags, fast_more) = fast.diagnostics.into_sorted();
    let (ron_diags, ron_more) = ron.diagnostics.into_sorted();
    assert_eq!(fast.doc, ron.doc, "documents differ");
    assert_eq!(fast_diags, ron_diags, "diagnostics differ");
    assert_eq!(fast_more, ron_more);
    assert_eq!(fast.origins.by_id, ron.origins.by_id);
    (fast.doc, fast_diags, misses)
}

#[test]
fn the_shipped_file_is_read_by_the_fast_reader_alone() {
    let (doc, diags, misses) = same_as_ron(paracrine::app::EMBEDDED_EVIDENCE);
    assert!(diags.is_empty(), "{diags:?}");
    assert!(doc.claims.len() > 500);
    assert_eq!(misses, 0, "the canonical file should need no fallback");
}

#[test]
fn every_fixture_loads_the_same() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "ron") {
            let bytes = std::fs::read(&path).unwrap();
            let _ = same_as_ron(&bytes);
            n += 1;
        }
    }
    assert!(n >= 10, "fixtures found: {n}");
}

#[test]
fn synthetic_documents_of_every_shape_load_the_same() {
    for shape in model::synth::Shape::ALL {
        let text = shape.text(300, 7).unwrap();
        let (_, diags, misses) = same_as_ron(text.as_bytes());
        if shape == model::synth::Shape::Typical {
            assert!(diags.is_empty());
            assert_eq!(misses, 0);
        }
    }
}

/// Curator-style text the canonical writer does not produce: comments, names on
/// structs, explicit `Some`, raw strings, escapes, continuations, odd spacing, trailing
/// commas. The fast reader reads it all and agrees with `ron`.
#[test]
fn hand_written_forms_are_read_fast_and_alike() {
    let text = r###"Evidence(
    version: 1, // the format
    diseases: [
        Disease(id: "a", zh: "甲\u{4e59}\t\"q\"", en: r#"raw "x" \n"#, parent: None,),
        ( id : "b" , zh : "b\
             continued" , parent : Some ( "a" ) , ),
        (id: "c", en: "'\'\\\0", parent: "a"),
    ],
    claims: [
        Claim(
            id: "c1", // comment
            // a whole-line comment
            diseases: ["a", "b",],
        ),
    ],
)
"###;
    let (doc, _, misses) = same_as_ron(text.as_bytes());
    assert_eq!(doc.diseases.len(), 3);
    assert_eq!(doc.diseases[0].zh, "甲乙\t\"q\"");
    assert_eq!(doc.diseases[0].en, r#"raw "x" \n"#);
    assert_eq!(doc.diseases[1].zh, "bcontinued");
    assert_eq!(doc.diseases[1].parent.as_deref(), Some("a"));
    assert_eq!(doc.diseases[2].en, "''\\\0");
    assert_eq!(doc.claims.len(), 1);
    assert_eq!(misses, 0);
}

/// Forms outside the subset are left to `ron`, which reads or rejects them as before.
#[test]
fn forms_outside_the_subset_fall_back_to_ron() {
    let cases = [
        // Block comment, \x escape, unicode whitespace, a wrong struct name, hex.
        r#"(id: "a", /* c */ zh: "x")"#,
        r#"(id: "a", zh: "\x41")"#,
        "(id: \"a\",\u{85}zh: \"x\")",
        r#"Cargo(id: "a")"#,
        r#"(id: "a", unknown_field: 1)"#,
        r#"(id: "a", zh: "x" en: "y")"#,
        r#"(id: "a", zh: "x",, )"#,
        r#"(id: r#a, zh: "x")"#,
        r#"(id: "a", parent: Some "b")"#,
    ];
    for case in cases {
        let fast = io::fast_read::<model::Disease>(case);
        assert!(fast.is_none(), "fast reader should refuse {case}");
        let text = format!("Evidence(version: 1, diseases: [{case}])");
        let _ = same_as_ron(text.as_bytes());
    }
}

fn ron_read<T: serde::de::DeserializeOwned>(text: &str) -> Option<T> {
    ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .from_str(text)
        .ok()
}

/// A string literal for `value` in one of the forms RON has.
fn literal(value: &str, form: u8) -> String {
    match form % 3 {
        0 => ron::to_string(&value).unwrap(),
        1 => {
            let mut out = String::from("\"");
            for c in value.chars() {
                match c {
                    '"' => out.push_str("\\\""),
                    '\\' => out.push_str("\\\\"),
                    c if !c.is_ascii() || c.is_ascii_control() => {
                        out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
                    }
                    c => out.push(c),
                }
            }
            out.push('"');
            out
        }
        _ => {
            let hashes = "#".repeat(value.matches('"').count().min(3) + 1);
            format!("r{hashes}\"{value}\"{hashes}")
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Any string, written as ron's serializer, as `\u{…}` escapes or raw, reads back
    /// the same by both readers whenever the fast one reads it.
    #[test]
    fn strings_read_alike(value in "\\PC{0,40}", form in 0u8..3, quote in any::<bool>()) {
        let value = if quote { format!("{value}\"#") } else { value };
        let text = format!("(id: {}, zh: \"z\")", literal(&value, form));
        let fast = io::fast_read::<model::Disease>(&text);
        let ron = ron_read::<model::Disease>(&text);
        if let Some(fast) = &fast {
            prop_assert_eq!(Some(fast), ron.as_ref());
        }
        if form % 3 == 0 {
            prop_assert!(fast.is_some(), "ron's own output must be read fast: {}", text);
        }
    }

    /// Synthetic documents of any seed and size: read by the fast reader alone, alike.
    #[test]
    fn random_synthetic_documents_read_alike(n in 1usize..40, seed in any::<u64>()) {
        let text = model::synth::Shape::Typical.text(n, seed).unwrap();
        let (_, diags, misses) = same_as_ron(text.as_bytes());
        prop_assert!(diags.is_empty());
        prop_assert_eq!(misses, 0);
    }

    /// Mutated text (bytes removed, RON punctuation and words inserted): whatever the
    /// fast reader reads is what `ron` reads, and the diagnostics are `ron`'s.
    #[test]
    fn mutated_text_reads_alike(
        seed in any::<u64>(),
        edits in proptest::collection::vec(
            (any::<prop::sample::Index>(), 0usize..6,
             prop::sample::select(vec![
                 "", " ", "\n", ",", ":", "(", ")", "[", "]", "\"", "\\", "#", "r", "r#\"",
                 "//", "/*", "*/", "Some(", "None", "1", "-1", "1.5", "1e3", "0x1", "true",
                 "Claim", "Disease", "id", "x_y", "\\u{41}", "\\x41", "'", "é", "\u{85}",
                 "..", "+", "_",
             ])),
            1..6),
    ) {
        let mut text = model::synth::Shape::Typical.text(3, seed).unwrap();
        for (at, cut, insert) in edits {
            let mut at = at.index(text.len() + 1);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            let mut end = (at + cut).min(text.len());
            while !text.is_char_boundary(end) {
                end += 1;
            }
            text.replace_range(at..end, insert);
        }
        let _ = same_as_ron(text.as_bytes());
    }
}

#[test]
fn numbers_read_alike() {
    for text in [
        "1",
        "0",
        "007",
        "4294967295",
        "4294967296",
        "-1",
        "+1",
        "1_0",
        "0x10",
        "1u32",
        "1.0",
    ] {
        let fast = io::fast_read::<u32>(text);
        if fast.is_some() {
            assert_eq!(fast, ron_read::<u32>(text), "{text}");
        }
    }
    for text in [
        "1.5", "-2.25", "3", "1e3", "1E-3", "1.5e+2", "0.1", "1.", ".5", "inf", "1_0.0", "1.5f32",
    ] {
        let fast = io::fast_read::<f32>(text);
        if fast.is_some() {
            assert_eq!(fast, ron_read::<f32>(text), "{text}");
        }
    }
    assert_eq!(io::fast_read::<u32>("42"), Some(42));
    assert_eq!(io::fast_read::<f32>("-2.25"), Some(-2.25));
    assert_eq!(
        io::fast_read::<Option<[f32; 2]>>("(1.5, 2)"),
        Some(Some([1.5, 2.0]))
    );
    assert_eq!(
        io::fast_read::<Option<[f32; 2]>>("Some((1.5, 2,))"),
        Some(Some([1.5, 2.0]))
    );
    assert_eq!(io::fast_read::<Option<[f32; 2]>>("(1.5, 2, 3)"), None);
}

#[test]
fn a_claim_written_by_ron_reads_back_fast() {
    let doc = model::synth::synthetic(50, 3);
    for claim in &doc.claims {
        let text = ron::to_string(claim).unwrap();
        let fast: Claim = io::fast_read(&text).expect("fast read of ron's output");
        assert_eq!(&fast, claim);
    }
}
