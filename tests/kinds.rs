//! Walks the kind table: every entity kind must load, validate, index, link from a
//! claim, search and save. A kind added to `model/kinds.rs` is covered here without
//! writing a new test.

// Tests may panic on a broken fixture: that is how they fail.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::path::Path;

use paracrine::model::{self, Claim, Item, Kind};

/// The review every claim cites; it is also the entity under test when `kind` is
/// `Review`.
const REVIEW_ID: &str = "the-review";

/// A document with one entity of `kind`, named uniquely, and one claim linking it
/// through the link field of that kind, or through `cite.review` for a review. `link`
/// is the id the claim links, so that a dangling one can be tried.
fn document(kind: Kind, link: &str) -> String {
    let field = kind.field();
    let id = entity_id(kind);
    let (zh, en) = names(kind);
    // Studies must name their review and reference numbers to be valid.
    let extra = if kind == Kind::Study {
        format!(", review: \"{REVIEW_ID}\", refs: [1]")
    } else {
        String::new()
    };
    let entity = format!("(id: \"{id}\", zh: \"{zh}\", en: \"{en}\"{extra})");
    let (reviews, cite_review, links) = if kind == Kind::Review {
        (entity, link.to_owned(), String::new())
    } else {
        let review = format!("(id: \"{REVIEW_ID}\", zh: \"综述\", en: \"The review\")");
        let list = format!("  {field}: [{entity}],\n");
        (review, REVIEW_ID.to_owned(), list)
    };
    let claim_link = if kind == Kind::Review {
        String::new()
    } else {
        let link_field = link_field(kind).expect("a link field for every kind but reviews");
        format!("{link_field}: [\"{link}\"], ")
    };
    format!(
        "Evidence(version: 1,\n  reviews: [{reviews}],\n{links}  claims: [(id: \"the-claim\", en: \"A claim\", {claim_link}cite: (review: \"{cite_review}\", section: \"1\", quote: \"q\"))],\n)"
    )
}

fn entity_id(kind: Kind) -> String {
    format!("the-{}", kind.field().replace('_', "-"))
}

/// Chinese and English names no other entity in the document shares.
fn names(kind: Kind) -> (String, String) {
    (
        format!("独特{}", kind.label_zh()),
        format!("Quixotic {}", kind.label_en()),
    )
}

fn link_field(kind: Kind) -> Option<&'static str> {
    Claim::default()
        .links()
        .into_iter()
        .find(|&(k, _, _)| k == kind)
        .map(|(_, field, _)| field)
}

#[test]
fn claim_links_cover_every_kind_but_reviews_with_the_list_name() {
    let claim = Claim::default();
    let links = claim.links();
    let mut kinds: Vec<Kind> = links.iter().map(|&(kind, _, _)| kind).collect();
    for &(kind, field, _) in &links {
        assert_eq!(field, kind.field(), "link field of {kind:?}");
    }
    kinds.sort();
    let mut expected: Vec<Kind> = Kind::ALL
        .into_iter()
        .filter(|&k| k != Kind::Review)
        .collect();
    expected.sort();
    // Sorted and compared whole: no kind missing, none twice.
    assert_eq!(kinds, expected);
}

#[test]
fn kind_table_is_consistent() {
    assert_eq!(Kind::ALL.len(), Kind::FILE_ORDER.len());
    for kind in Kind::ALL {
        assert!(Kind::FILE_ORDER.contains(&kind), "{kind:?}");
        assert_eq!(Kind::from_field(kind.field()), Some(kind));
        assert!(
            model::TOP_FIELDS.contains(&kind.field()),
            "{} is not a top-level field",
            kind.field()
        );
    }
    // `ALL` is in rank order.
    let ranks: Vec<u8> = Kind::ALL.iter().map(|k| k.rank()).collect();
    assert!(ranks.windows(2).all(|w| w[0] < w[1]), "{ranks:?}");
}

#[test]
fn every_kind_loads_indexes_links_searches_and_saves() {
    for kind in Kind::ALL {
        let id = entity_id(kind);
        let text = document(kind, &id);
        let loaded = model::load_bytes(Path::new("t.ron"), text.as_bytes());
        let context = format!("{kind:?}:\n{text}");
        assert_eq!(loaded.diagnostics, vec![], "{context}");
        let doc = &loaded.doc;
        assert_eq!(doc.count(kind), 1, "{context}");
        assert_eq!(doc.claims.len(), 1, "{context}");

        let item = Item::Entity(kind, 0);
        assert_eq!(loaded.index.item(&id), Some(item), "{context}");
        assert_eq!(doc.id_of(item), Some(id.as_str()), "{context}");
        assert!(
            loaded.index.claims_of(item).contains(&0),
            "{context}\nclaims_of = {:?}",
            loaded.index.claims_of(item)
        );

        let mut matcher = model::search::new_matcher();
        let (zh, en) = names(kind);
        for name in [&zh, &en] {
            let hits = loaded.index.search.query(name, 10, &mut matcher);
            assert_eq!(
                hits.first().map(|hit| hit.item),
                Some(item),
                "{context}\nquery {name:?}: {hits:?}"
            );
        }

        let saved = model::io::to_ron_string(doc).expect("serialize");
        let reloaded = model::load_bytes(Path::new("saved.ron"), saved.as_bytes());
        assert_eq!(reloaded.diagnostics, vec![], "{context}\nsaved:\n{saved}");
        assert_eq!(&reloaded.doc, doc, "{context}\nsaved:\n{saved}");
    }
}

#[test]
fn every_kind_reports_a_dangling_reference() {
    for kind in Kind::ALL {
        let text = document(kind, "ghost");
        let loaded = model::load_bytes(Path::new("t.ron"), text.as_bytes());
        let messages: Vec<String> = loaded.diagnostics.iter().map(ToString::to_string).collect();
        // Located at the claim, the record holding the reference.
        let claim_line = text
            .lines()
            .position(|line| line.starts_with("  claims: [("))
            .expect("a claims line")
            + 1;
        let expected = format!(
            "t.ron:{claim_line}:13: error: claim `the-claim`: unknown {} `ghost`",
            kind.noun()
        );
        assert_eq!(messages, [expected], "{kind:?}:\n{text}");
    }
}
