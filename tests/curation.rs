//! Pins the curation of the five reviews: the tables' row counts, the figures' panels,
//! and spot facts (a cargo, its target, its disease, its reference number), so that a
//! later edit cannot silently lose them.

// Tests may panic on a broken file: that is how they fail.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::path::PathBuf;
use std::sync::OnceLock;

use paracrine::model::{self, Claim, Direction, Item, Kind, Level, Loaded};

fn loaded() -> &'static Loaded {
    static LOADED: OnceLock<Loaded> = OnceLock::new();
    LOADED.get_or_init(|| {
        let loaded = model::load_files(&[PathBuf::from("evidence.ron")]);
        assert!(
            loaded.diagnostics.is_empty(),
            "{:?}",
            loaded.diagnostics.first()
        );
        loaded
    })
}

fn claims_citing(review: &str, reference: u32) -> Vec<&'static Claim> {
    loaded()
        .doc
        .claims
        .iter()
        .filter(|c| c.cite.review == review && c.cite.refs.contains(&reference))
        .collect()
}

/// Some claim of `review` citing `reference` links every id in `ids`.
#[track_caller]
fn assert_fact(review: &str, reference: u32, ids: &[&str]) {
    let claims = claims_citing(review, reference);
    assert!(
        !claims.is_empty(),
        "no claim of {review} cites ref {reference}"
    );
    let found = claims.iter().any(|claim| {
        let links: Vec<&String> = claim.referenced_ids().collect();
        ids.iter().all(|id| links.iter().any(|l| l.as_str() == *id))
    });
    assert!(
        found,
        "no claim of {review} ref [{reference}] links all of {ids:?}"
    );
}

#[test]
fn every_review_is_present_and_cited() {
    let doc = &loaded().doc;
    let ids: Vec<&str> = doc.reviews.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["r000", "r001", "r002", "r003", "r004"]);
    for review in ids {
        let n = doc
            .claims
            .iter()
            .filter(|c| c.cite.review == review)
            .count();
        assert!(n >= 80, "{review} has only {n} claims");
    }
    assert!(doc.claims.len() >= 550, "{} claims", doc.claims.len());
}

#[test]
fn review_tables_have_every_row() {
    let doc = &loaded().doc;
    let rows = |id: &str| {
        doc.tables
            .iter()
            .find(|t| t.id == id)
            .map(|t| t.rows.len())
            .unwrap_or_else(|| panic!("table {id} missing"))
    };
    assert_eq!(
        rows("t001-1"),
        9,
        "seed 001 Table 1: eight drug classes and MSC products"
    );
    assert_eq!(rows("t003-1"), 7, "seed 003 Table 1: timeline");
    assert_eq!(rows("t003-2"), 7, "seed 003 Table 2: functional proteins");
    assert_eq!(rows("t003-3"), 7, "seed 003 Table 3: RNA delivery");
    assert_eq!(rows("t004-1"), 6, "seed 004 Table 1: tumor-promoting");
    assert_eq!(rows("t004-2"), 7, "seed 004 Table 2: tumor-inhibiting");
    // Every row is backed by at least one claim, and every cell fits its column.
    for table in &doc.tables {
        for (row_idx, row) in table.rows.iter().enumerate() {
            assert!(
                !row.claims.is_empty(),
                "{} row {} has no claim",
                table.id,
                row_idx + 1
            );
            assert_eq!(row.cells.len(), table.columns.len());
        }
    }
}

#[test]
fn table_rows_carry_their_direction_in_the_tumor_review() {
    let doc = &loaded().doc;
    let index = &loaded().index;
    for (table, direction) in [
        ("t004-1", Direction::ProTumor),
        ("t004-2", Direction::AntiTumor),
    ] {
        let table = doc.tables.iter().find(|t| t.id == table).unwrap();
        for row in &table.rows {
            let directions: Vec<Direction> = row
                .claims
                .iter()
                .filter_map(|id| match index.item(id) {
                    Some(Item::Claim(i)) => doc.claims.get(i).map(|c| c.direction),
                    _ => None,
                })
                .collect();
            assert!(
                directions.contains(&direction),
                "{}: {directions:?}",
                table.id
            );
        }
    }
}

#[test]
fn review_figures_have_every_panel() {
    let doc = &loaded().doc;
    let panels = |id: &str| -> String {
        doc.figures
            .iter()
            .find(|f| f.id == id)
            .unwrap_or_else(|| panic!("figure {id} missing"))
            .panels
            .iter()
            .map(|p| {
                if p.label.is_empty() {
                    "-".to_owned()
                } else {
                    p.label.clone()
                }
            })
            .collect()
    };
    assert_eq!(panels("f001-1"), "ABC");
    assert_eq!(panels("f001-2"), "ABCDEF");
    assert_eq!(panels("f001-3"), "ABCDE");
    assert_eq!(panels("f003-1").len(), 1);
    assert_eq!(panels("f003-2").len(), 1);
    assert_eq!(panels("f003-3").len(), 1);
    // Figure 3 of seed 003: M0, M1 and the four M2 subtypes are all nodes.
    let f3 = doc.figures.iter().find(|f| f.id == "f003-3").unwrap();
    let entities: Vec<&str> = f3.panels[0]
        .nodes
        .iter()
        .filter_map(|n| n.entity.as_deref())
        .collect();
    for phenotype in ["m0", "m1", "m2a", "m2b", "m2c", "m2d"] {
        assert!(entities.contains(&phenotype), "f003-3 lacks {phenotype}");
    }
    // Figure 2 of seed 003 keeps the screening counts.
    let f2 = doc.figures.iter().find(|f| f.id == "f003-2").unwrap();
    let text: String = f2.panels[0]
        .nodes
        .iter()
        .map(|n| format!("{} {} ", n.zh, n.en))
        .collect();
    for count in ["164", "70"] {
        assert!(
            text.contains(count),
            "f003-2 lacks the count {count}: {text}"
        );
    }
}

#[test]
fn spot_facts_of_seed_003_table_3() {
    assert_fact(
        "r003",
        55,
        &["mir-146a-5p", "notch1", "m2-polarization", "sle-dah"],
    );
    assert_fact("r003", 60, &["tsrna-21109", "sle"]);
    assert_fact("r003", 54, &["mir-21", "pten", "lupus-nephritis"]);
    assert_fact("r003", 57, &["mir-1246", "gmsc-exo", "nf-kb", "eae"]);
    assert_fact("r003", 56, &["mir-216a-5p", "hmgb1", "colitis"]);
    assert_fact("r003", 62, &["mir-24-3p", "irf1", "mensc-ev", "colitis"]);
    assert_fact("r003", 61, &["mir-100-5p", "autoimmune-dacryoadenitis"]);
}

#[test]
fn spot_facts_of_the_kidney_review() {
    assert_fact("r000", 50, &["mir-125b", "traf6", "diabetic-nephropathy"]);
    let let7c = claims_citing("r000", 51)
        .into_iter()
        .chain(claims_citing("r000", 49))
        .any(|c| c.cargos.iter().any(|id| id == "let-7c"));
    assert!(let7c, "let-7c finding lost");
    let doc = &loaded().doc;
    assert!(doc.cargos.iter().any(|c| c.id == "let-7a"));
}

#[test]
fn spot_facts_of_the_tumor_review_keep_both_directions() {
    assert_fact("r004", 38, &["mir-16", "vegf", "breast-cancer"]);
    assert_fact("r004", 30, &["mir-208a", "osteosarcoma"]);
    // The double-edged sword: the same vehicle appears on both sides.
    let doc = &loaded().doc;
    let sides = |direction: Direction| {
        doc.claims
            .iter()
            .filter(|c| c.direction == direction && c.vehicles.iter().any(|v| v == "bmsc-exo"))
            .count()
    };
    assert!(sides(Direction::ProTumor) >= 2 && sides(Direction::AntiTumor) >= 2);
}

#[test]
fn spot_facts_of_the_ibd_review() {
    let doc = &loaded().doc;
    let cupistem = doc
        .claims
        .iter()
        .find(|c| {
            c.products.iter().any(|p| p == "cupistem")
                && c.numbers.iter().any(|n| n.value == "80.8%")
        })
        .expect("Cupistem 80.8% fistula healing at 12 months");
    assert!(cupistem.diseases.iter().any(|d| d == "pfcd"));
    assert!(cupistem.level >= Level::HumanCase);
    let darvadstrocel = doc
        .products
        .iter()
        .find(|p| p.id == "darvadstrocel")
        .unwrap();
    assert!(darvadstrocel.aliases.iter().any(|a| a == "Alofisel"));
}

#[test]
fn names_and_aliases_are_searchable_in_both_languages() {
    let loaded = loaded();
    let mut matcher = model::search::new_matcher();
    for (query, id) in [
        ("TNFAIP6", "tsg-6"),
        ("肿瘤坏死因子α刺激基因6", "tsg-6"),
        ("miR-146a-5p", "mir-146a-5p"),
        ("狼疮性肾炎", "lupus-nephritis"),
        ("pfCD", "pfcd"),
        ("NF-KB", "nf-kb"),
        ("Ml", "m1"),
    ] {
        let hits = loaded.index.search.query(query, 5, &mut matcher);
        let top = hits.first().and_then(|h| match h.item {
            Item::Entity(..) => loaded.doc.id_of(h.item).map(str::to_owned),
            Item::Claim(_) | Item::Table(_) | Item::Figure(_) => None,
        });
        assert_eq!(top.as_deref(), Some(id), "query {query:?}");
    }
}

#[test]
fn every_claim_has_provenance_and_a_short_quote() {
    for claim in &loaded().doc.claims {
        let quote = claim.cite.quote.chars().count();
        assert!(
            quote > 0 && quote <= 160,
            "{}: quote of {quote} chars",
            claim.id
        );
        assert!(!claim.cite.section.is_empty(), "{}", claim.id);
    }
    // Studies carry their reference numbers.
    for study in &loaded().doc.studies {
        assert!(!study.refs.is_empty(), "{}", study.id);
    }
    let kinds_used: usize = Kind::ALL
        .iter()
        .filter(|&&k| loaded().doc.count(k) > 0)
        .count();
    assert_eq!(kinds_used, Kind::ALL.len());
}

/// Reviews whose claims were re-graded against their seed (level, inferred, species).
const REGRADED: &[&str] = &["r000", "r001", "r002", "r003", "r004"];

#[test]
fn regraded_claims_pass_the_level_and_species_heuristics() {
    let loaded = loaded();
    let regraded: Vec<&str> = loaded
        .doc
        .claims
        .iter()
        .filter(|c| REGRADED.contains(&c.cite.review.as_str()))
        .map(|c| c.id.as_str())
        .collect();
    assert!(regraded.len() > 100, "{} re-graded claims", regraded.len());
    let found: Vec<String> = paracrine::model::lint::lint(&loaded.doc)
        .into_iter()
        .filter(|p| regraded.contains(&p.id.as_str()))
        .filter(|p| matches!(p.field.as_deref(), Some("level" | "species")))
        .map(|p| p.message)
        .collect();
    assert!(found.is_empty(), "{found:#?}");
    // Species is the organism observed: never human on in-vitro or animal work.
    for claim in loaded
        .doc
        .claims
        .iter()
        .filter(|c| regraded.contains(&c.id.as_str()))
    {
        if matches!(
            claim.level,
            paracrine::model::Level::InVitro | paracrine::model::Level::Animal
        ) {
            assert!(
                !claim.species.contains(&paracrine::model::Species::Human),
                "{}",
                claim.id
            );
        }
    }
    // The re-grading marked levels the review does not state.
    let n_inferred = loaded
        .doc
        .claims
        .iter()
        .filter(|c| regraded.contains(&c.id.as_str()) && c.level_inferred)
        .count();
    assert!(n_inferred >= 20, "{n_inferred} inferred levels");
}

#[test]
fn re_graded_examples_from_the_audit() {
    let loaded = loaded();
    let claim = |id: &str| {
        loaded
            .doc
            .claims
            .iter()
            .find(|c| c.id == id)
            .unwrap_or_else(|| panic!("claim {id}"))
    };
    // "降低疾病活动指数": an in-vivo outcome, though the review names no model.
    let c = claim("c001-msc-neutrophil-erk-n2");
    assert_eq!(c.level, paracrine::model::Level::Animal);
    assert!(c.level_inferred);
    // Human MSCs used in preclinical tumour work: species is not human.
    for id in [
        "c004-ding-mir145-5p-pdac",
        "c004-qi-hedgehog-text",
        "c004-normal-bmsc-exo-mir15a",
    ] {
        assert!(
            !claim(id)
                .species
                .contains(&paracrine::model::Species::Human),
            "{id}"
        );
    }
}
