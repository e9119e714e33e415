//! Search behaviour: ranking (whole string, prefix, whole word, word start, inside,
//! scattered; names above claim text), both languages, no match straddling two of an
//! entity's names, claim text, table and figure labels in any spelling, and queries
//! that must not panic.

// Tests may panic on a broken fixture: that is how they fail.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::path::Path;

use paracrine::model::search::{Field, HitGroup};
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

// ---- The shipped evidence: claim text, table and figure labels, ranking. ----

fn shipped() -> &'static model::Loaded {
    static LOADED: std::sync::OnceLock<model::Loaded> = std::sync::OnceLock::new();
    LOADED.get_or_init(|| {
        model::load_bytes(Path::new("evidence.ron"), paracrine::app::EMBEDDED_EVIDENCE)
    })
}

/// The groups for `query` on the shipped evidence: (group, total, ids of the hits).
fn groups(query: &str) -> Vec<(HitGroup, usize, Vec<String>)> {
    let loaded = shipped();
    let mut matcher = model::search::new_matcher();
    loaded
        .index
        .search
        .query_grouped(query, |_| 20, &mut matcher)
        .into_iter()
        .map(|group| {
            let ids = group
                .hits
                .iter()
                .filter_map(|hit| loaded.doc.id_of(hit.item).map(str::to_owned))
                .collect();
            (group.group, group.total, ids)
        })
        .collect()
}

#[test]
fn placebo_finds_the_claim_by_its_text_in_both_languages() {
    // c001-darvadstrocel-vs-placebo: "缓解比例高于安慰剂（50% vs 34%）" / "… than placebo".
    let loaded = shipped();
    let mut matcher = model::search::new_matcher();
    for query in ["安慰剂", "placebo", "Placebo", "ＰＬＡＣＥＢＯ"] {
        let hits = loaded.index.search.query(query, 10, &mut matcher);
        let hit = hits
            .iter()
            .find(|hit| loaded.doc.id_of(hit.item) == Some("c001-darvadstrocel-vs-placebo"))
            .unwrap_or_else(|| panic!("{query}: {hits:?}"));
        assert!(matches!(hit.item, Item::Claim(_)));
        assert_eq!(hit.field, Field::Summary, "{query}");
        // The match is marked in the text as written.
        let snippet = hit.snippet(30, 120);
        let marked = snippet.text.get(snippet.mark.clone()).unwrap_or_default();
        assert_eq!(marked.to_lowercase(), fold_width(query), "{query}");
    }
    // The first group is the claims: no entity is called anything like it.
    assert_eq!(groups("安慰剂").first().map(|g| g.0), Some(HitGroup::Claim));
    // Words of the query may be excluded, as in names.
    let excluded = groups("placebo !darvadstrocel");
    assert!(
        excluded.iter().all(|g| g.0 != HitGroup::Claim),
        "{excluded:?}"
    );
}

/// Full-width Latin letters as ASCII, lower case (what the search folds them to).
fn fold_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            c => c,
        })
        .collect::<String>()
        .to_lowercase()
}

#[test]
fn table_and_figure_labels_find_every_review_s_view() {
    let cases: [(&[&str], HitGroup, &[&str]); 3] = [
        (
            &["表2", "表 2", "Table 2", "table2", "Tab. 2", "表２"],
            HitGroup::Table,
            &["t003-2", "t004-2"],
        ),
        (
            &["表1", "表 1", "Table 1"],
            HitGroup::Table,
            &["t001-1", "t003-1", "t004-1"],
        ),
        (
            &["Fig 2", "Figure 2", "fig. 2", "图2", "图 2", "Fig 2B"],
            HitGroup::Figure,
            &["f001-2", "f003-2"],
        ),
    ];
    for (queries, group, want) in cases {
        for query in queries {
            let found = groups(query);
            let first = found.first().unwrap_or_else(|| panic!("{query}: nothing"));
            assert_eq!(first.0, group, "{query}: {found:?}");
            assert_eq!(first.2, want, "{query}: {found:?}");
            assert_eq!(first.1, want.len(), "{query}");
            // A label means the reviews' views: no name holding its letters is listed.
            assert!(
                found
                    .iter()
                    .all(|g| matches!(g.0, HitGroup::Table | HitGroup::Figure | HitGroup::Claim)),
                "{query}: {found:?}"
            );
        }
    }
    // Claims that cite the label in their text come after the views ("表1称…"), and a
    // longer number is another label ("表1" is not in "表12").
    let table_1 = groups("表1");
    let claims = table_1.iter().find(|g| g.0 == HitGroup::Claim);
    assert!(claims.is_some_and(|g| g.1 > 0), "{table_1:?}");
    // Titles are searched too.
    let by_title = groups("文献筛选流程图");
    assert_eq!(
        by_title.first().map(|g| (g.0, g.2.clone())),
        Some((HitGroup::Figure, vec!["f003-2".to_owned()]))
    );
}

#[test]
fn lupus_ranks_the_sle_entities_first() {
    let loaded = shipped();
    let mut matcher = model::search::new_matcher();
    let hits = loaded.index.search.query("lupus", 30, &mut matcher);
    let ids: Vec<&str> = hits
        .iter()
        .filter_map(|h| loaded.doc.id_of(h.item))
        .collect();
    assert_eq!(ids.first(), Some(&"sle"), "{ids:?}");
    assert_eq!(ids.get(1), Some(&"lupus-nephritis"), "{ids:?}");
    // "nucleus pulposus" holds the letters of "lupus", scattered: never above a hit
    // with the word itself (here: not listed at all).
    let pulposus = ids.iter().position(|id| *id == "nucleus-pulposus-cell");
    let last_word = hits
        .iter()
        .rposition(|h| h.matched.to_lowercase().contains("lupus"));
    assert!(
        pulposus.is_none_or(|p| last_word.is_some_and(|w| p > w)),
        "{ids:?}"
    );
    // The diseases group comes first.
    assert_eq!(
        groups("lupus").first().map(|g| g.0),
        Some(HitGroup::Entity(paracrine::model::Kind::Disease))
    );
}

const RANKING: &str = r#"Evidence(version: 1,
  targets: [
    (id: "scattered", zh: "甲", en: "mxix rxx"),
    (id: "inside", zh: "乙", en: "admiral"),
    (id: "word-start", zh: "丙", en: "pri-mirtron"),
    (id: "word", zh: "丁", en: "the mir family"),
    (id: "prefix", zh: "戊", en: "mir-21"),
    (id: "exact", zh: "己", en: "miR"),
  ],
)"#;

#[test]
fn whole_words_and_prefixes_outrank_scattered_letters() {
    assert_eq!(
        ids(RANKING, "mir"),
        [
            "exact",
            "prefix",
            "word",
            "word-start",
            "inside",
            "scattered"
        ]
    );
}

const NAME_AND_QUOTE: &str = r#"Evidence(version: 1,
  reviews: [(id: "r1", zh: "综述", en: "A review")],
  targets: [(id: "notch1", zh: "Notch受体1", en: "NOTCH1 receptor", abbr: "NOTCH1")],
  claims: [(
    id: "c1",
    zh: "某外泌体抑制信号。",
    en: "Some exosomes inhibit signalling.",
    cite: (review: "r1", section: "2", quote: "外泌体通过抑制 NOTCH1 信号促进M2极化"),
  )],
)"#;

#[test]
fn a_name_outranks_the_same_word_in_a_claim_quote() {
    let loaded = model::load_bytes(Path::new("q.ron"), NAME_AND_QUOTE.as_bytes());
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    let mut matcher = model::search::new_matcher();
    let hits = loaded.index.search.query("notch1", 10, &mut matcher);
    let items: Vec<(Item, Field)> = hits.iter().map(|h| (h.item, h.field)).collect();
    assert_eq!(
        items,
        [
            (Item::Entity(paracrine::model::Kind::Target, 0), Field::Abbr),
            (Item::Claim(0), Field::Quote)
        ]
    );
}

#[test]
fn no_query_panics() {
    let loaded = shipped();
    let mut matcher = model::search::new_matcher();
    let long_latin = "placebo ".repeat(1_300);
    let long_hanzi = "安慰剂".repeat(1_200);
    for query in [
        "",
        "   ",
        "\t\n",
        "🙂",
        "🧬 exosome 🧬",
        "!",
        "!!",
        "^",
        "$",
        "'",
        "\\",
        "^$",
        "!placebo",
        "表",
        "fig",
        "表99999999999",
        "fig 2 b c",
        "\u{0}",
        "İ",
        long_latin.as_str(),
        long_hanzi.as_str(),
    ] {
        let flat = loaded.index.search.query(query, 60, &mut matcher);
        let grouped = loaded
            .index
            .search
            .query_grouped(query, |_| 8, &mut matcher);
        if query.trim().is_empty() {
            assert!(flat.is_empty() && grouped.is_empty(), "{query:?}");
        }
        for hit in &flat {
            // Spans lie on the text as written.
            if let Some(span) = &hit.span {
                assert!(
                    hit.matched.get(span.clone()).is_some(),
                    "{query:?}: {hit:?}"
                );
            }
            let _ = hit.snippet(30, 120);
        }
    }
    // Ten kilobytes of query are cut, not searched whole: still the claim.
    assert!(long_latin.len() > 10_000);
    let hits = loaded.index.search.query(&long_latin, 5, &mut matcher);
    assert!(hits.iter().any(|h| matches!(h.item, Item::Claim(_))));
}

#[test]
fn a_word_in_more_claims_than_a_query_reads_gets_an_estimated_count() {
    let mut doc = model::synth::synthetic(6_000, 3);
    model::synth::with_prose(&mut doc, 3);
    let index = model::Index::build(&doc);
    let mut matcher = model::search::new_matcher();
    let exact = doc
        .claims
        .iter()
        .filter(|c| {
            [&c.zh, &c.en, &c.cite.quote, &c.cite.gloss, &c.note]
                .iter()
                .any(|text| text.contains("in"))
        })
        .count();
    assert!(exact > model::search::CLAIMS_READ, "{exact}");
    let groups = index.search.query_grouped("in", |_| 8, &mut matcher);
    let claims = groups
        .iter()
        .find(|g| g.group == HitGroup::Claim)
        .expect("claims");
    assert!(claims.estimated);
    assert_eq!(claims.hits.len(), 8);
    // Read claims are a fair sample: the estimate is close.
    let error = claims.total.abs_diff(exact) as f64 / exact as f64;
    assert!(error < 0.1, "estimate {} for {exact}", claims.total);
    // A rarer word is counted exactly.
    let rare = index
        .search
        .query_grouped("angiogenesis autophagy", |_| 8, &mut matcher);
    assert!(rare.iter().all(|g| !g.estimated), "{rare:?}");
}
