//! Fuzzy search behaviour: ranking, both languages, and no matches that straddle two
//! of an entity's names.

// Tests may panic on a broken fixture: that is how they fail.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::path::Path;

use paracrine::model::{self, Item};

fn ids(text: &str, query: &str) -> Vec<String> {
    let loaded = model::load_bytes(Path::new("search.ron"), text.as_bytes());
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    let mut matcher = model::search::new_matcher();
    loaded
        .index
        .search
        .query(query, 10, &mut matcher)
        .into_iter()
        .filter_map(|hit| match hit.item {
            Item::Entity(..) => loaded.doc.id_of(hit.item).map(str::to_owned),
            Item::Claim(_) | Item::Table(_) | Item::Figure(_) => None,
        })
        .collect()
}

const DOC: &str = r#"Evidence(version: 1,
  targets: [
    (id: "alpha", zh: "甲", en: "alpha", abbr: "beta"),
    (id: "notch1", zh: "Notch受体1", en: "NOTCH1 receptor", abbr: "NOTCH1"),
    (id: "notch-like", zh: "类Notch", en: "a protein not much like NOTCH"),
  ],
  cargos: [(id: "tsg-6", zh: "肿瘤坏死因子α刺激基因6", en: "TNF-stimulated gene 6", abbr: "TSG-6", aliases: ["TNFAIP6"], kind: Protein)],
)"#;

#[test]
fn a_match_must_lie_within_one_name() {
    // "ab" matches "alpha · beta" only across the two names.
    assert_eq!(ids(DOC, "ab"), Vec::<String>::new());
    assert_eq!(ids(DOC, "alp"), ["alpha"]);
}

#[test]
fn exact_abbreviations_outrank_scattered_matches() {
    let hits = ids(DOC, "notch1");
    assert_eq!(hits.first().map(String::as_str), Some("notch1"));
}

#[test]
fn aliases_and_chinese_names_find_the_entity() {
    assert_eq!(ids(DOC, "tnfaip6"), ["tsg-6"]);
    assert_eq!(ids(DOC, "刺激基因"), ["tsg-6"]);
    assert_eq!(ids(DOC, "受体1"), ["notch1"]);
}

#[test]
fn empty_query_finds_nothing() {
    assert!(ids(DOC, "   ").is_empty());
}

#[test]
fn pattern_syntax_is_not_pruned_by_the_letter_filter() {
    // `!receptor` excludes; its letters must not be required.
    let hits = ids(DOC, "notch !receptor");
    assert!(hits.iter().any(|id| id == "notch-like"), "{hits:?}");
    // `^` anchors at the start of a name.
    assert_eq!(
        ids(DOC, "^tnfaip").first().map(String::as_str),
        Some("tsg-6")
    );
}
