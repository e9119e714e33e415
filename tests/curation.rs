//! Pins the curation of the five reviews: the tables' row counts, the figures' panels,
//! and spot facts (a cargo, its target, its disease, its reference number), so that a
//! later edit cannot silently lose them.

// Tests may panic on a broken file: that is how they fail.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::path::PathBuf;
use std::sync::OnceLock;

use paracrine::model::{
    self, Claim, Direction, Item, Kind, Level, Loaded, Mechanism, Relation, Species,
};

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
        let links: Vec<&paracrine::model::Id> = claim.referenced_ids().collect();
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

/// One verified claim of the 2026-12 re-review: its id, level, whether the level is
/// inferred, species, and the cargo and target ids checked against the seed.
struct Verified(
    &'static str,
    Level,
    bool,
    &'static [Species],
    &'static [&'static str],
    &'static [&'static str],
);

/// The 40 sampled claims as verified against their seeds.
const SAMPLE: &[Verified] = &[
    Verified(
        "c000-exosome-contents",
        Level::Statement,
        false,
        &[],
        &["mirna", "mrna"],
        &[],
    ),
    Verified(
        "c000-msc-transdifferentiation",
        Level::Statement,
        false,
        &[],
        &[],
        &[],
    ),
    Verified(
        "c000-mir125b-traf6-akt-apoptosis",
        Level::InVitro,
        false,
        &[],
        &["mir-125b"],
        &["traf6"],
    ),
    Verified(
        "c000-abstract-msc-exo-therapy",
        Level::Statement,
        false,
        &[],
        &[],
        &[],
    ),
    Verified(
        "c000-diabetes-main-cause-ckd",
        Level::Statement,
        false,
        &[],
        &[],
        &[],
    ),
    Verified(
        "c000-msc-exo-yap-rock",
        Level::Animal,
        true,
        &[],
        &[],
        &["yap", "ros"],
    ),
    Verified(
        "c001-li-mfnhc-msc-fistula",
        Level::Animal,
        false,
        &[Species::Rat],
        &[],
        &[],
    ),
    Verified(
        "c001-t1-ozanimod-ae",
        Level::Approved,
        false,
        &[Species::Human],
        &[],
        &[],
    ),
    Verified(
        "c001-allogeneic-msc-31-refractory-ibd",
        Level::HumanCase,
        true,
        &[Species::Human],
        &[],
        &[],
    ),
    Verified(
        "c001-msc-fasl-pdl1-t-cell-death",
        Level::Animal,
        true,
        &[],
        &["fasl", "pd-l1"],
        &[],
    ),
    Verified(
        "c001-refractory-ibd-definition",
        Level::Statement,
        false,
        &[],
        &[],
        &[],
    ),
    Verified(
        "c001-t1-tofacitinib",
        Level::Approved,
        false,
        &[Species::Human],
        &[],
        &[],
    ),
    Verified(
        "c001-cd-perianal-fistula-epidemiology",
        Level::HumanObservational,
        true,
        &[Species::Human],
        &[],
        &[],
    ),
    Verified(
        "c001-msc-neuroprotection-mechanism",
        Level::Statement,
        false,
        &[],
        &["neurotrophic-factors"],
        &[],
    ),
    Verified(
        "c001-gan-alginate-microsphere",
        Level::Statement,
        false,
        &[],
        &[],
        &[],
    ),
    Verified(
        "c001-gan-eudragit-shell",
        Level::Statement,
        false,
        &[],
        &[],
        &[],
    ),
    Verified(
        "c001-cupistem-43-pfcd",
        Level::HumanCase,
        true,
        &[Species::Human],
        &[],
        &[],
    ),
    Verified(
        "c002-msc-adult-sources",
        Level::Statement,
        false,
        &[],
        &[],
        &[],
    ),
    Verified(
        "c002-bm-first-msc-source",
        Level::Statement,
        false,
        &[],
        &[],
        &[],
    ),
    Verified(
        "c002-safety-long-term-unknown",
        Level::Statement,
        false,
        &[],
        &[],
        &[],
    ),
    Verified(
        "c002-exo-integrated-therapy",
        Level::Statement,
        false,
        &[],
        &[],
        &[],
    ),
    Verified(
        "c002-exo-first-observed-1960s",
        Level::Statement,
        false,
        &[],
        &[],
        &[],
    ),
    Verified(
        "c002-safety-biodistribution-off-target",
        Level::Statement,
        false,
        &[],
        &[],
        &[],
    ),
    Verified(
        "c002-safety-heterogeneity-immune",
        Level::Statement,
        false,
        &[],
        &[],
        &[],
    ),
    Verified(
        "c002-exo-mrna-lncrna-mtdna",
        Level::Statement,
        false,
        &[],
        &["mrna", "lncrna", "mtdna"],
        &[],
    ),
    Verified(
        "c003-msc-ev-mirna-protein",
        Level::Statement,
        false,
        &[],
        &["mirna"],
        &[],
    ),
    Verified(
        "c003-m2-inducers",
        Level::Statement,
        false,
        &[],
        &[],
        &["il-4", "il-13"],
    ),
    Verified(
        "c003-di-tsg6-shrna",
        Level::Animal,
        true,
        &[Species::Mouse],
        &["tsg-6"],
        &[],
    ),
    Verified(
        "c003-macrophage-tissue-function",
        Level::Statement,
        false,
        &[],
        &[],
        &[],
    ),
    Verified(
        "c003-shin-ucmsc-coculture-m1-m2",
        Level::InVitro,
        false,
        &[],
        &["tsg-6"],
        &[],
    ),
    Verified("c003-mtx-adverse", Level::Statement, false, &[], &[], &[]),
    Verified(
        "c003-f3-m2a",
        Level::Statement,
        false,
        &[],
        &[],
        &["il-4", "il-13"],
    ),
    Verified(
        "c003-macrophage-nomenclature",
        Level::Statement,
        false,
        &[],
        &[],
        &[],
    ),
    Verified(
        "c004-caspase-leukemia-apoptosis",
        Level::InVitro,
        true,
        &[],
        &[],
        &[],
    ),
    Verified(
        "c004-mir302a-cyclind1-akt",
        Level::InVitro,
        true,
        &[],
        &["mir-302a"],
        &["cyclin-d1", "akt"],
    ),
    Verified(
        "c004-pdac-immunotherapy-dual-delivery",
        Level::Animal,
        true,
        &[],
        &[],
        &[],
    ),
    Verified(
        "c004-t2-ho-protease-mm",
        Level::InVitro,
        true,
        &[],
        &[],
        &["protease"],
    ),
    Verified(
        "c004-t1-qin-mir208a",
        Level::InVitro,
        true,
        &[],
        &["mir-208a"],
        &["pdcd4"],
    ),
    Verified(
        "c004-rab-biocompatibility",
        Level::Statement,
        false,
        &[],
        &["rab-protein"],
        &[],
    ),
    Verified(
        "c004-challenge-isolation-purity",
        Level::Statement,
        false,
        &[],
        &[],
        &[],
    ),
];

/// The 2026-12 re-review (issue 12): a fresh random sample of 40 claims, re-read against
/// their seed text (quote, surrounding sentences, cited table or figure) for level,
/// `level_inferred`, species, roles (cargo = delivered by the MSC or vehicle; target =
/// host molecule acted on), direction, refs, section and the verbatim quote.
///
/// Drawn with Python: `rng = random.Random(20261202)`, then for each review in order
/// r000…r004 `rng.sample(sorted(ids of that review), n)`, with n proportional to the
/// review's claim count by largest remainder (93, 158, 114, 127, 102 claims → 6, 11, 8,
/// 8, 7; at least 5 each). Verdicts, the seed sentence consulted and every fix are in
/// `tests/curation/resample-2026-12.md`.
///
/// Errors found in the sample and fixed: 4 in 40 claims. Level inferred: 3 (human
/// claims whose study design the review does not state were graded as if stated:
/// `c001-allogeneic-msc-31-refractory-ibd`, `c001-cd-perianal-fistula-epidemiology`,
/// `c001-cupistem-43-pfcd`); missing link: 1 (`c003-di-tsg6-shrna` had no vehicle; the
/// review transplants BM-MSCs locally). Level: 0; species: 0; roles (cargo/target): 0;
/// direction, refs, section, quote: 0. The level-inferred pattern was also fixed on ten
/// r001 human claims outside the sample (listed in the markdown file).
#[test]
fn resample_2026_12_levels_species_roles() {
    let doc = &loaded().doc;
    assert_eq!(SAMPLE.len(), 40);
    let mut ids: Vec<&str> = SAMPLE.iter().map(|v| v.0).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 40, "a claim sampled twice");
    // Stratified by review, in proportion to each review's claim count.
    for (review, n) in [
        ("r000", 6),
        ("r001", 11),
        ("r002", 8),
        ("r003", 8),
        ("r004", 7),
    ] {
        let prefix = format!("c{}-", &review[1..]);
        assert_eq!(
            SAMPLE.iter().filter(|v| v.0.starts_with(&prefix)).count(),
            n,
            "{review}"
        );
    }
    let mut wrong = Vec::new();
    for Verified(id, level, inferred, species, cargos, targets) in SAMPLE {
        let claim = doc
            .claims
            .iter()
            .find(|c| c.id == *id)
            .unwrap_or_else(|| panic!("sampled claim {id} is gone"));
        assert_eq!(
            format!("c{}-", &claim.cite.review[1..]),
            id[..5],
            "{id}: review"
        );
        if claim.level != *level || claim.level_inferred != *inferred {
            wrong.push(format!(
                "{id}: level {:?} (inferred {}), verified {level:?} (inferred {inferred})",
                claim.level, claim.level_inferred
            ));
        }
        if claim.species != *species {
            wrong.push(format!(
                "{id}: species {:?}, verified {species:?}",
                claim.species
            ));
        }
        if claim.cargos[..] != **cargos {
            wrong.push(format!(
                "{id}: cargos {:?}, verified {cargos:?}",
                claim.cargos
            ));
        }
        if claim.targets[..] != **targets {
            wrong.push(format!(
                "{id}: targets {:?}, verified {targets:?}",
                claim.targets
            ));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
    // The missing link the re-review added: the knockdown BM-MSCs were given as cells.
    let di = doc
        .claims
        .iter()
        .find(|c| c.id == "c003-di-tsg6-shrna")
        .unwrap();
    assert_eq!(di.vehicles[..], ["msc-cells"]);
}

/// A miRNA family's page rolls up its arms (cargo `parent`): the family's rolled-up
/// claim set holds every claim of every arm, and names the arms as contributing
/// children. miR-146a (arm miR-146a-5p) first, then every family in the file.
#[test]
fn a_mirna_family_page_rolls_up_the_claims_of_every_arm() {
    use paracrine::model::evidence::{ClaimSet, claims_of_set};
    let loaded = loaded();
    let (doc, index) = (&loaded.doc, &loaded.index);
    let set = |id: &str, rollup: bool| {
        claims_of_set(
            doc,
            index,
            &ClaimSet::Entity {
                id: id.into(),
                rollup,
            },
            |_| true,
        )
        .unwrap_or_else(|| panic!("no entity {id}"))
    };
    let arms: Vec<&str> = doc
        .cargos
        .iter()
        .filter(|c| c.parent.as_deref() == Some("mir-146a"))
        .map(|c| c.id.as_str())
        .collect();
    assert!(arms.contains(&"mir-146a-5p"), "{arms:?}");
    let family = set("mir-146a", true);
    let own = set("mir-146a", false);
    for arm in &arms {
        let arm_claims = set(arm, false);
        assert!(!arm_claims.claims.is_empty(), "{arm} has no claim");
        for i in &arm_claims.claims {
            assert!(
                family.claims.contains(i),
                "mir-146a roll-up lacks {} of {arm}",
                doc.claims[*i].id
            );
        }
        let arm_item = index.item(arm).unwrap();
        assert!(family.children.contains(&arm_item), "{arm} not a child");
    }
    // Roll-up adds the arm's claims: SLE-DAH (ref 55 of r003) names only miR-146a-5p.
    assert!(family.claims.len() > own.claims.len());
    let dah = doc
        .claims
        .iter()
        .position(|c| c.id == "c003-mir146a-notch-dah")
        .unwrap();
    assert!(family.claims.contains(&dah) && !own.claims.contains(&dah));
    // Every family of the file rolls up every arm.
    for arm in doc.cargos.iter().filter(|c| c.parent.is_some()) {
        let parent = arm.parent.as_deref().unwrap();
        let family = set(parent, true);
        for i in set(&arm.id, false).claims {
            assert!(
                family.claims.contains(&i),
                "{parent} roll-up lacks {} of {}",
                doc.claims[i].id,
                arm.id
            );
        }
    }
}

fn claim(id: &str) -> &'static Claim {
    loaded()
        .doc
        .claims
        .iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("claim {id} is gone"))
}

/// Whether `claim` has a step `from —rel→ to` (any relation when `rel` is `None`).
fn has_step(claim: &Claim, from: &str, rel: Option<Relation>, to: &str) -> bool {
    claim
        .steps
        .iter()
        .any(|s| s.from == from && s.to == to && rel.is_none_or(|r| s.rel == r))
}

/// `paracrine check --strict` on the shipped file: not one curation warning, of any
/// heuristic (level, species, roles, same names).
#[test]
fn the_strict_check_of_the_shipped_file_is_clean() {
    let found: Vec<String> = paracrine::model::lint::lint(&loaded().doc)
        .into_iter()
        .map(|p| p.message)
        .collect();
    assert!(found.is_empty(), "{found:#?}");
}

/// Every allow-listed homonym still names two entities of its kind that share each
/// listed name, so no entry outlives its reason (as `lint::HOMONYMS` promises).
#[test]
fn every_homonym_allow_list_entry_still_applies() {
    use paracrine::model::lint::{HOMONYMS, normalize_name};
    let doc = &loaded().doc;
    for homonym in HOMONYMS {
        assert!(!homonym.why.is_empty() && !homonym.names.is_empty());
        for id in homonym.ids {
            let named = (0..doc.count(homonym.kind))
                .filter_map(|i| doc.named(homonym.kind, i))
                .find(|n| n.id() == id)
                .unwrap_or_else(|| panic!("homonym {id} is not a {:?}", homonym.kind));
            let names: Vec<String> = [named.zh(), named.en(), named.abbr()]
                .into_iter()
                .chain(named.aliases().iter().map(String::as_str))
                .map(normalize_name)
                .collect();
            for name in homonym.names {
                assert!(
                    names.iter().any(|n| n == name),
                    "{id} no longer has the name {name:?}"
                );
            }
        }
    }
}

/// The schema's species rule, on every in-vitro claim: the organism in which the outcome
/// was observed, so none for cell culture (human cells included).
#[test]
fn in_vitro_claims_name_no_species() {
    let in_vitro: Vec<&Claim> = loaded()
        .doc
        .claims
        .iter()
        .filter(|c| c.level == Level::InVitro)
        .collect();
    assert!(in_vitro.len() >= 73, "{} in-vitro claims", in_vitro.len());
    let named: Vec<&str> = in_vitro
        .iter()
        .filter(|c| !c.species.is_empty())
        .map(|c| c.id.as_str())
        .collect();
    assert!(named.is_empty(), "{named:?}");
}

/// Decisions of `tests/curation/decisions-2026-12-02.md` (each read against its seed):
/// the two r001 sentences that mixed in-vitro and in-vivo results are split.
#[test]
fn curation_decisions_2026_12_02_split_claims() {
    let doc = &loaded().doc;
    // One level per claim: the two sentences that mixed in-vitro and in-vivo results are
    // split, each part with its own quote.
    for (id, level, inferred, quote) in [
        (
            "c001-msc-exo-th1-th17",
            Level::InVitro,
            false,
            "MSC-Exos在体外可抑制 Th1和 Th17细胞的分化，减少 IL-17、IFN-γ分泌",
        ),
        (
            "c001-msc-exo-disease-severity",
            Level::Animal,
            true,
            "显著降低疾病的严重程度",
        ),
        (
            "c001-msc-exo-mir200b-fibrosis",
            Level::InVitro,
            false,
            "IEC-6细胞的形态学改变",
        ),
        (
            "c001-msc-exo-mir200b-tnbs-fibrosis",
            Level::Animal,
            false,
            "并在组织学上改善 TNBS诱导的结肠炎纤维化",
        ),
    ] {
        let c = claim(id);
        assert_eq!((c.level, c.level_inferred), (level, inferred), "{id}");
        assert!(c.cite.quote.contains(quote), "{id}: {}", c.cite.quote);
        assert!(c.species.is_empty(), "{id}: no organism is named");
    }
    for id in ["c001-msc-exo-th1-th17", "c001-msc-exo-mir200b-fibrosis"] {
        let quote = &claim(id).cite.quote;
        assert!(
            !quote.contains("疾病的严重程度") && !quote.contains("TNBS"),
            "{id} still quotes the in-vivo result: {quote}"
        );
    }
    assert!(
        claim("c001-msc-exo-mir200b-tnbs-fibrosis")
            .diseases
            .contains(&"tnbs-colitis".into())
    );
    assert!(
        !claim("c001-msc-exo-mir200b-fibrosis")
            .diseases
            .contains(&"tnbs-colitis".into())
    );
    // Fig. 2F: miR-200b —| fibrosis is the in-vivo result; the delivery backs both parts.
    let f2 = doc.figures.iter().find(|f| f.id == "f001-2").unwrap();
    let panel_f = f2.panels.iter().find(|p| p.label == "F").unwrap();
    let edge = |from: &str, to: &str| {
        panel_f
            .edges
            .iter()
            .find(|e| e.from == from && e.to == to)
            .unwrap_or_else(|| panic!("Fig. 2F edge {from} → {to}"))
    };
    assert_eq!(
        edge("mir", "fib").claims[..],
        ["c001-msc-exo-mir200b-tnbs-fibrosis"]
    );
    assert_eq!(
        edge("exo", "mir").claims[..],
        [
            "c001-msc-exo-mir200b-fibrosis",
            "c001-msc-exo-mir200b-tnbs-fibrosis"
        ]
    );
}

/// Decisions of `tests/curation/decisions-2026-12-02.md`: roles, steps and directions
/// in r002 and r003.
#[test]
fn curation_decisions_2026_12_02_roles_and_directions() {
    // Roles: host molecules the exosomes raise are targets, not cargo.
    for (id, host) in [
        ("c002-angiogenesis-mirnas-huvec", "vegf"),
        ("c002-angiogenesis-mirnas-ischemia", "vegf"),
        ("c002-exo-antiinflammation-neuroprotection-models", "il-10"),
        ("c002-exo-antiinflammation-neuroprotection-models", "tgf-b1"),
    ] {
        let c = claim(id);
        assert!(c.targets.iter().any(|t| t == host), "{id}: {host} target");
        assert!(!c.cargos.iter().any(|t| t == host), "{id}: {host} cargo");
    }
    // Necrosis, in no stated direction: not anti-apoptosis.
    let aki = claim("c002-aki-mir874-3p-tubular");
    assert!(!aki.mechanisms.contains(&Mechanism::AntiApoptosis));
    assert!(aki.effects.iter().any(|e| e == "necrosis"));
    // The UC-MSCs' own NLRP3: not an activator of the MSCs.
    let nlrp3 = claim("c003-ucmsc-nlrp3-uc");
    assert!(!has_step(nlrp3, "nlrp3", None, "uc-msc"));
    assert!(has_step(
        nlrp3,
        "uc-msc",
        Some(Relation::Inhibits),
        "m1-polarization"
    ));
    for id in ["c003-ucmsc-nlrp3-uc", "c003-ucmsc-nlrp3-no-pyroptosis"] {
        let c = claim(id);
        assert_eq!(c.cite.refs, [50], "{id}");
        assert!(!c.caveats.is_empty(), "{id}: the ref [50] caveat");
    }
    // "影响有限": a limited effect is not no effect.
    assert_eq!(
        claim("c003-yu-fasudil-microglia-limited").direction,
        Direction::Promotes
    );
    // Fig. 3: IL-1β induces M2b, the subtype.
    let m2b = claim("c003-f3-m2b");
    assert!(has_step(m2b, "il-1b", Some(Relation::Induces), "m2b"));
    assert!(!has_step(m2b, "il-1b", None, "m2-polarization"));
}

/// Decisions of `tests/curation/decisions-2026-12-02.md` in the tumour review (r004).
#[test]
fn curation_decisions_2026_12_02_tumour_review() {
    // HU [37]: the printed outcome is skin repair; the review's filing is a caveat.
    let hu = claim("c004-t1-hu-adipose-angiogenesis");
    assert_eq!(hu.direction, Direction::Promotes);
    assert_eq!(hu.diseases[..], ["skin-wound"]);
    assert!(!hu.caveats.is_empty());
    // IL-6 is delivered by the exosomes (the target entity cannot be filed as cargo).
    for id in ["c004-t1-so-il6-emt", "c004-so-il6-text"] {
        assert!(
            has_step(claim(id), "msc-exo", Some(Relation::Delivers), "il-6"),
            "{id}"
        );
    }
    // EMT: the review's own anti-tumour reading (§2.4, Table 2 row 7), with the caveat.
    let emt = claim("c004-drug-resistance-emt");
    assert_eq!(emt.direction, Direction::AntiTumor);
    assert!(!emt.caveats.is_empty());
    // Garbled sentences say so, and the summaries do not smooth them over.
    for id in [
        "c004-mm-autologous-bmsc-exo-inhibit",
        "c004-normal-bmsc-exo-mir15a",
    ] {
        let c = claim(id);
        assert!(c.note.contains("garbled"), "{id}: {}", c.note);
        assert!(c.en.contains("garbled"), "{id}: {}", c.en);
    }
    assert!(
        !claim("c004-normal-bmsc-exo-mir15a")
            .en
            .contains("into myeloma cells")
    );
}
