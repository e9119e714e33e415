//! One small test per rule of the loader and the validator: an inline evidence file in,
//! its diagnostics out, one `Display` line each. Refresh the expectations with
//! `UPDATE_EXPECT=1 cargo test --test rules` and review the diff.
//!
//! The structural rules live in `model::io` (the scanner and per-element `ron`
//! deserialization); the semantic rules in `model::validate`.

// Tests may panic on a broken fixture: that is how they fail.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::fmt::Write as _;
use std::path::Path;

use expect_test::{Expect, expect};
use paracrine::model::{self, Claim, Kind, Problem};

/// Loads `bytes` as `t.ron` and renders every diagnostic, one line each.
fn diagnostics(bytes: &[u8]) -> String {
    let loaded = model::load_bytes(Path::new("t.ron"), bytes);
    loaded
        .diagnostics
        .iter()
        .map(|d| format!("{d}\n"))
        .collect()
}

// expect-test's `expect!` values are passed by value by convention.
#[allow(clippy::needless_pass_by_value)]
fn check(text: &str, expect: Expect) {
    expect.assert_eq(&diagnostics(text.as_bytes()));
}

#[allow(clippy::needless_pass_by_value)]
fn check_bytes(bytes: &[u8], expect: Expect) {
    expect.assert_eq(&diagnostics(bytes));
}

/// The names of the claim link fields, in `Claim::links()` order.
fn link_fields() -> Vec<&'static str> {
    Claim::default()
        .links()
        .iter()
        .map(|&(_, field, _)| field)
        .collect()
}

// ---------------------------------------------------------------------------------------
// Ids and names
// ---------------------------------------------------------------------------------------

#[test]
fn id_not_a_slug() {
    check(
        r#"Evidence(version: 1,
  diseases: [
    (id: "Crohn's Disease", zh: "克罗恩病", en: "Crohn's disease"),
    (id: "ok-id_1.2", zh: "甲", en: "A"),
    (id: "-leading-dash", zh: "乙", en: "B"),
    (id: "", zh: "丙", en: "C"),
  ],
  sources: [(id: "UC MSC", zh: "脐带", en: "UC")],
)"#,
        expect![[r#"
            t.ron:3:6: error: disease id `Crohn's Disease` is not a slug: use lowercase letters, digits, `-`, `_` or `.` (e.g. `crohn-s-disease`)
            t.ron:5:6: error: disease id `-leading-dash` is not a slug: use lowercase letters, digits, `-`, `_` or `.` (e.g. `leading-dash`)
            t.ron:6:6: error: a disease with an empty id: give it an id of lowercase letters, digits, `-`, `_` or `.` (e.g. `disease-1`)
            t.ron:8:14: error: MSC source id `UC MSC` is not a slug: use lowercase letters, digits, `-`, `_` or `.` (e.g. `uc-msc`)
        "#]],
    );
}

#[test]
fn duplicate_id_two_of_a_kind() {
    check(
        r#"Evidence(version: 1,
  diseases: [
    (id: "ibd", zh: "炎症性肠病", en: "IBD"),
    (id: "ibd", zh: "炎症性肠病", en: "IBD again"),
  ],
)"#,
        expect![[r#"
            t.ron:4:6: error: duplicate id `ibd`: two diseases share it (first defined at t.ron:3:6); ids must be unique across the file
        "#]],
    );
}

#[test]
fn duplicate_id_across_kinds() {
    check(
        r#"Evidence(version: 1,
  reviews: [(id: "r1", zh: "综述", en: "Review")],
  diseases: [(id: "x", zh: "疾病", en: "Disease")],
  sources: [(id: "x", zh: "来源", en: "Source")],
  claims: [(id: "x", en: "a claim", cite: (review: "r1", section: "1", quote: "q"))],
  tables: [(id: "x", review: "r1")],
)"#,
        expect![[r#"
            t.ron:4:14: error: duplicate id `x`: a disease and an MSC source share it (first defined at t.ron:3:15); ids must be unique across the file
            t.ron:5:13: error: duplicate id `x`: a disease and a claim share it (first defined at t.ron:3:15); ids must be unique across the file
            t.ron:6:13: error: duplicate id `x`: a disease and a table share it (first defined at t.ron:3:15); ids must be unique across the file
        "#]],
    );
}

#[test]
fn duplicate_id_defined_three_times_reports_each_repeat_at_its_own_line() {
    let text = r#"Evidence(version: 1,
  cargos: [
    (id: "il-10", zh: "白细胞介素10", en: "IL-10"),
    (id: "il-10", zh: "白介素10", en: "interleukin 10"),
    (id: "il-10", zh: "IL10", en: "IL10"),
  ],
)"#;
    check(
        text,
        expect![[r#"
            t.ron:4:6: error: duplicate id `il-10`: two cargos share it (first defined at t.ron:3:6); ids must be unique across the file
            t.ron:5:6: error: duplicate id `il-10`: two cargos share it (first defined at t.ron:3:6); ids must be unique across the file
        "#]],
    );
    // The expectation above is the detail; this is the rule, independent of wording.
    let loaded = model::load_bytes(Path::new("t.ron"), text.as_bytes());
    let lines: Vec<usize> = loaded
        .diagnostics
        .iter()
        .filter_map(|d| d.pos.map(|p| p.line))
        .collect();
    assert_eq!(lines, [4, 5]);
}

#[test]
fn duplicate_id_defined_three_times_across_kinds() {
    check(
        r#"Evidence(version: 1,
  reviews: [(id: "x", zh: "综述", en: "Review")],
  diseases: [
    (id: "x", zh: "疾病", en: "Disease"),
    (id: "x", zh: "疾病", en: "Disease again"),
  ],
)"#,
        expect![[r#"
            t.ron:4:6: error: duplicate id `x`: a review and a disease share it (first defined at t.ron:2:14); ids must be unique across the file
            t.ron:5:6: error: duplicate id `x`: a review and a disease share it (first defined at t.ron:2:14); ids must be unique across the file
        "#]],
    );
}

#[test]
fn a_problem_of_a_repeated_definition_is_located_at_that_definition() {
    // The empty quote is in the *second* `c1` (line 5): it is reported there, not at
    // the first definition (line 4).
    check(
        r#"Evidence(version: 1,
  reviews: [(id: "r1", zh: "综述", en: "Review")],
  claims: [
    (id: "c1", en: "fine", cite: (review: "r1", section: "1", quote: "q")),
    (id: "c1", en: "no quote", cite: (review: "r1", section: "1", quote: "")),
  ],
)"#,
        expect![[r#"
            t.ron:5:6: error: duplicate id `c1`: two claims share it (first defined at t.ron:4:6); ids must be unique across the file
            t.ron:5:6: error: claim `c1`: missing provenance: `cite.quote` is empty
        "#]],
    );
}

#[test]
fn missing_names() {
    check(
        r#"Evidence(version: 1,
  diseases: [
    (id: "no-zh", en: "English only"),
    (id: "no-en", zh: "只有中文"),
    (id: "neither"),
    (id: "blank", zh: "  ", en: " "),
    (id: "both", zh: "都有", en: "both"),
  ],
)"#,
        expect![[r#"
            t.ron:3:6: error: disease `no-zh`: missing a Chinese name (`zh`)
            t.ron:4:6: error: disease `no-en`: missing an English name (`en`)
            t.ron:5:6: error: disease `neither`: missing a Chinese (`zh`) and an English (`en`) name
            t.ron:6:6: error: disease `blank`: missing a Chinese (`zh`) and an English (`en`) name
        "#]],
    );
}

#[test]
fn missing_names_study_exemption() {
    // Studies are named by their authors: an English name alone is enough, but the
    // English name is still required.
    check(
        r#"Evidence(version: 1,
  reviews: [(id: "r1", zh: "综述", en: "Review")],
  studies: [
    (id: "s-en", en: "Chen et al. 2020", review: "r1", refs: [1]),
    (id: "s-zh", zh: "陈等", review: "r1", refs: [2]),
    (id: "s-none", review: "r1", refs: [3]),
  ],
)"#,
        expect![[r#"
            t.ron:5:6: error: study `s-zh`: missing an English name (`en`)
            t.ron:6:6: error: study `s-none`: missing a Chinese (`zh`) and an English (`en`) name
        "#]],
    );
}

// ---------------------------------------------------------------------------------------
// Claim link fields
// ---------------------------------------------------------------------------------------

#[test]
fn unknown_reference_in_each_claim_link_field() {
    let links: Vec<String> = link_fields()
        .iter()
        .map(|field| format!("{field}: [\"ghost-{field}\"]"))
        .collect();
    let text = format!(
        "Evidence(version: 1,\n  reviews: [(id: \"r1\", zh: \"综述\", en: \"Review\")],\n  claims: [\n    (id: \"c1\", en: \"x\", {}, cite: (review: \"r1\", section: \"1\", quote: \"q\")),\n  ],\n)",
        links.join(", ")
    );
    check(
        &text,
        expect![[r#"
            t.ron:4:6: error: claim `c1`: unknown disease `ghost-diseases`
            t.ron:4:6: error: claim `c1`: unknown MSC source `ghost-sources`
            t.ron:4:6: error: claim `c1`: unknown vehicle `ghost-vehicles`
            t.ron:4:6: error: claim `c1`: unknown cargo `ghost-cargos`
            t.ron:4:6: error: claim `c1`: unknown target `ghost-targets`
            t.ron:4:6: error: claim `c1`: unknown pathway `ghost-pathways`
            t.ron:4:6: error: claim `c1`: unknown cell type `ghost-cell_types`
            t.ron:4:6: error: claim `c1`: unknown effect `ghost-effects`
            t.ron:4:6: error: claim `c1`: unknown product `ghost-products`
            t.ron:4:6: error: claim `c1`: unknown strategy `ghost-strategies`
            t.ron:4:6: error: claim `c1`: unknown study `ghost-studies`
        "#]],
    );
}

#[test]
fn wrong_kind_reference_in_each_claim_link_field() {
    // No link field takes a review, so `r1` is of the wrong kind in every one of them.
    let links: Vec<String> = link_fields()
        .iter()
        .map(|field| format!("{field}: [\"r1\"]"))
        .collect();
    let text = format!(
        "Evidence(version: 1,\n  reviews: [(id: \"r1\", zh: \"综述\", en: \"Review\")],\n  claims: [\n    (id: \"c1\", en: \"x\", {}, cite: (review: \"r1\", section: \"1\", quote: \"q\")),\n  ],\n)",
        links.join(", ")
    );
    check(
        &text,
        expect![[r#"
            t.ron:4:6: error: claim `c1`: `r1` in `diseases` is a review, not a disease
            t.ron:4:6: error: claim `c1`: `r1` in `sources` is a review, not an MSC source
            t.ron:4:6: error: claim `c1`: `r1` in `vehicles` is a review, not a vehicle
            t.ron:4:6: error: claim `c1`: `r1` in `cargos` is a review, not a cargo
            t.ron:4:6: error: claim `c1`: `r1` in `targets` is a review, not a target
            t.ron:4:6: error: claim `c1`: `r1` in `pathways` is a review, not a pathway
            t.ron:4:6: error: claim `c1`: `r1` in `cell_types` is a review, not a cell type
            t.ron:4:6: error: claim `c1`: `r1` in `effects` is a review, not an effect
            t.ron:4:6: error: claim `c1`: `r1` in `products` is a review, not a product
            t.ron:4:6: error: claim `c1`: `r1` in `strategies` is a review, not a strategy
            t.ron:4:6: error: claim `c1`: `r1` in `studies` is a review, not a study
        "#]],
    );
}

#[test]
fn wrong_kind_reference_to_a_claim_table_or_figure() {
    check(
        r#"Evidence(version: 1,
  reviews: [(id: "r1", zh: "综述", en: "Review")],
  claims: [
    (id: "c1", en: "x", diseases: ["c1"], cargos: ["t1"], effects: ["f1"], cite: (review: "r1", section: "1", quote: "q")),
  ],
  tables: [(id: "t1", review: "r1")],
  figures: [(id: "f1", review: "r1")],
)"#,
        expect![[r#"
            t.ron:4:6: error: claim `c1`: `c1` in `diseases` is a claim, not a disease
            t.ron:4:6: error: claim `c1`: `t1` in `cargos` is a table, not a cargo
            t.ron:4:6: error: claim `c1`: `f1` in `effects` is a figure, not an effect
        "#]],
    );
}

#[test]
fn targets_accepting_a_cargo() {
    // A secreted factor (IL-10) is both cargo and what another molecule acts on; only
    // `targets` makes that exception.
    check(
        r#"Evidence(version: 1,
  reviews: [(id: "r1", zh: "综述", en: "Review")],
  cargos: [(id: "il-10", zh: "白细胞介素10", en: "IL-10")],
  claims: [
    (id: "c1", en: "x", targets: ["il-10"], cite: (review: "r1", section: "1", quote: "q")),
    (id: "c2", en: "y", pathways: ["il-10"], cite: (review: "r1", section: "1", quote: "q")),
  ],
)"#,
        expect![[r#"
            t.ron:6:6: error: claim `c2`: `il-10` in `pathways` is a cargo, not a pathway
        "#]],
    );
}

// ---------------------------------------------------------------------------------------
// Hierarchies
// ---------------------------------------------------------------------------------------

#[test]
fn parent_unknown() {
    check(
        r#"Evidence(version: 1,
  diseases: [(id: "cd", zh: "克罗恩病", en: "CD", parent: "ibd")],
  sources: [(id: "uc-msc", zh: "脐带", en: "UC-MSC", parent: "msc")],
  vehicles: [(id: "exo", zh: "外泌体", en: "exosomes", parent: "ev")],
  cell_types: [(id: "m2a", zh: "M2a", en: "M2a", parent: "m2")],
)"#,
        expect![[r#"
            t.ron:2:15: error: disease `cd`: unknown disease `ibd`
            t.ron:3:14: error: MSC source `uc-msc`: unknown MSC source `msc`
            t.ron:4:15: error: vehicle `exo`: unknown vehicle `ev`
            t.ron:5:17: error: cell type `m2a`: unknown cell type `m2`
        "#]],
    );
}

#[test]
fn parent_of_the_wrong_kind() {
    check(
        r#"Evidence(version: 1,
  diseases: [(id: "cd", zh: "克罗恩病", en: "CD", parent: "uc-msc")],
  sources: [(id: "uc-msc", zh: "脐带", en: "UC-MSC")],
)"#,
        expect![[r#"
            t.ron:2:15: error: disease `cd`: `uc-msc` in `parent` is an MSC source, not a disease
        "#]],
    );
}

#[test]
fn parent_self() {
    check(
        r#"Evidence(version: 1,
  diseases: [(id: "ibd", zh: "炎症性肠病", en: "IBD", parent: "ibd")],
)"#,
        expect![[r#"
            t.ron:2:15: error: disease `ibd` is its own ancestor; break the `parent` cycle
        "#]],
    );
}

#[test]
fn parent_two_cycle() {
    check(
        r#"Evidence(version: 1,
  cell_types: [
    (id: "a", zh: "甲", en: "A", parent: "b"),
    (id: "b", zh: "乙", en: "B", parent: "a"),
  ],
)"#,
        expect![[r#"
            t.ron:3:6: error: cell type `a` is its own ancestor; break the `parent` cycle
            t.ron:4:6: error: cell type `b` is its own ancestor; break the `parent` cycle
        "#]],
    );
}

#[test]
fn parent_three_cycle_with_a_tail_reports_only_the_cycle_once_each() {
    // `tail` → `a` → `b` → `c` → `a`: the tail leads into the cycle but is not on it;
    // `late` joins the tail after the cycle has been walked.
    check(
        r#"Evidence(version: 1,
  diseases: [
    (id: "tail", zh: "尾", en: "tail", parent: "a"),
    (id: "a", zh: "甲", en: "A", parent: "b"),
    (id: "b", zh: "乙", en: "B", parent: "c"),
    (id: "c", zh: "丙", en: "C", parent: "a"),
    (id: "late", zh: "晚", en: "late", parent: "tail"),
  ],
)"#,
        expect![[r#"
            t.ron:4:6: error: disease `a` is its own ancestor; break the `parent` cycle
            t.ron:5:6: error: disease `b` is its own ancestor; break the `parent` cycle
            t.ron:6:6: error: disease `c` is its own ancestor; break the `parent` cycle
        "#]],
    );
}

#[test]
fn parent_cycle_of_cargo() {
    // A miRNA arm under its family; a cycle between them is caught like any other.
    check(
        r#"Evidence(version: 1,
  cargos: [
    (id: "mir-146a", zh: "微小RNA-146a", en: "miR-146a", parent: "mir-146a-5p"),
    (id: "mir-146a-5p", zh: "微小RNA-146a-5p", en: "miR-146a-5p", parent: "mir-146a"),
    (id: "mir-21-5p", zh: "微小RNA-21-5p", en: "miR-21-5p", parent: "mir-21"),
  ],
)"#,
        expect![[r#"
            t.ron:3:6: error: cargo `mir-146a` is its own ancestor; break the `parent` cycle
            t.ron:4:6: error: cargo `mir-146a-5p` is its own ancestor; break the `parent` cycle
            t.ron:5:6: error: cargo `mir-21-5p`: unknown cargo `mir-21`
        "#]],
    );
}

#[test]
fn parent_of_cargo_is_a_cargo() {
    check(
        r#"Evidence(version: 1,
  diseases: [(id: "sle", zh: "系统性红斑狼疮", en: "SLE")],
  cargos: [
    (id: "mir-146a", zh: "微小RNA-146a", en: "miR-146a"),
    (id: "mir-146a-5p", zh: "微小RNA-146a-5p", en: "miR-146a-5p", parent: "mir-146a"),
    (id: "let-7a", zh: "let-7a", en: "let-7a", parent: "sle"),
  ],
)"#,
        expect![[r#"
            t.ron:6:6: error: cargo `let-7a`: `sle` in `parent` is a disease, not a cargo
        "#]],
    );
}

#[test]
fn parent_long_chain_is_valid() {
    const DEPTH: usize = 5_000;
    let mut text = String::from("Evidence(version: 1,\n  diseases: [\n");
    text.push_str("    (id: \"d0\", zh: \"根\", en: \"root\"),\n");
    for i in 1..DEPTH {
        writeln!(
            text,
            "    (id: \"d{i}\", zh: \"第{i}\", en: \"level {i}\", parent: \"d{}\"),",
            i - 1
        )
        .unwrap();
    }
    text.push_str("  ],\n)");
    let loaded = model::load_bytes(Path::new("t.ron"), text.as_bytes());
    assert_eq!(loaded.diagnostics, vec![]);
    assert_eq!(loaded.doc.count(Kind::Disease), DEPTH);
}

// ---------------------------------------------------------------------------------------
// Former ids
// ---------------------------------------------------------------------------------------

#[test]
fn former_id_that_is_a_live_id() {
    // `mir-155` was merged into `mir-21` but is still an entity; `c1` names a claim. Both
    // are reported at `mir-21`, the entity declaring them; `mirna-21` is fine.
    check(
        r#"Evidence(version: 1,
  reviews: [(id: "r1", zh: "综述", en: "Review")],
  cargos: [
    (id: "mir-21", zh: "微小RNA-21", en: "miR-21", former_ids: ["mirna-21", "mir-155", "c1"]),
    (id: "mir-155", zh: "微小RNA-155", en: "miR-155"),
  ],
  claims: [(id: "c1", en: "x", cargos: ["mir-21"], cite: (review: "r1", section: "1", quote: "q"))],
)"#,
        expect![[r#"
            t.ron:4:6: error: cargo `mir-21`: former id `mir-155` is also the id of a cargo in the file, so links to `mir-155` reach that record, not `mir-21`; remove it from `former_ids` or rename the live `mir-155`
            t.ron:4:6: error: cargo `mir-21`: former id `c1` is also the id of a claim in the file, so links to `c1` reach that record, not `mir-21`; remove it from `former_ids` or rename the live `c1`
        "#]],
    );
}

#[test]
fn former_id_of_its_own_or_of_two_entities() {
    check(
        r#"Evidence(version: 1,
  diseases: [
    (id: "cardiac-injury", zh: "心脏损伤", en: "cardiac injury", former_ids: ["cardiac-injury", "myocardial-injury"]),
    (id: "heart-damage", zh: "心损伤", en: "heart damage", former_ids: ["myocardial-injury"]),
  ],
)"#,
        expect![[r#"
            t.ron:3:6: error: disease `cardiac-injury` lists its own id in `former_ids`; remove it from `former_ids`
            t.ron:4:6: error: disease `heart-damage`: former id `myocardial-injury` is also a former id of `cardiac-injury`; keep it only on the entity it was merged into
        "#]],
    );
}

#[test]
fn former_ids_resolve_and_validate_clean() {
    let text = r#"Evidence(version: 1,
  cargos: [(id: "mir-21", zh: "微小RNA-21", en: "miR-21", former_ids: ["mirna-21"])],
)"#;
    let loaded = model::load_bytes(Path::new("t.ron"), text.as_bytes());
    assert_eq!(loaded.diagnostics, vec![]);
    assert_eq!(
        loaded.index.item("mirna-21"),
        Some(model::Item::Entity(Kind::Cargo, 0))
    );
}

// ---------------------------------------------------------------------------------------
// Studies
// ---------------------------------------------------------------------------------------

#[test]
fn study_without_review() {
    check(
        r#"Evidence(version: 1,
  studies: [(id: "s1", en: "Chen et al.", refs: [1])],
)"#,
        expect![[r#"
            t.ron:2:14: error: study `s1`: `review` is empty; it must name a review
        "#]],
    );
}

#[test]
fn study_unknown_review() {
    check(
        r#"Evidence(version: 1,
  studies: [(id: "s1", en: "Chen et al.", review: "r9", refs: [1])],
)"#,
        expect![[r#"
            t.ron:2:14: error: study `s1`: unknown review `r9`
        "#]],
    );
}

#[test]
fn study_without_refs() {
    check(
        r#"Evidence(version: 1,
  reviews: [(id: "r1", zh: "综述", en: "Review")],
  studies: [
    (id: "s1", en: "Chen et al.", review: "r1"),
    (id: "s2", en: "Li et al.", review: "r1", refs: []),
  ],
)"#,
        expect![[r#"
            t.ron:4:6: error: study `s1`: missing `refs` (its reference number(s) in the review)
            t.ron:5:6: error: study `s2`: missing `refs` (its reference number(s) in the review)
        "#]],
    );
}

// ---------------------------------------------------------------------------------------
// Claims
// ---------------------------------------------------------------------------------------

#[test]
fn claim_step_to_unknown_id() {
    check(
        r#"Evidence(version: 1,
  reviews: [(id: "r1", zh: "综述", en: "Review")],
  cargos: [(id: "mir-146a", zh: "miR-146a", en: "miR-146a")],
  claims: [
    (id: "c1", en: "x", steps: [(from: "mir-146a", rel: Inhibits, to: "notch1"), (from: "nowhere", rel: Then, to: "mir-146a")], cite: (review: "r1", section: "1", quote: "q")),
  ],
)"#,
        expect![[r#"
            t.ron:5:6: error: claim `c1`: step refers to unknown id `notch1`
            t.ron:5:6: error: claim `c1`: step refers to unknown id `nowhere`
        "#]],
    );
}

#[test]
fn claim_without_summary() {
    check(
        r#"Evidence(version: 1,
  reviews: [(id: "r1", zh: "综述", en: "Review")],
  claims: [
    (id: "c1", cite: (review: "r1", section: "1", quote: "q")),
    (id: "c2", zh: " ", en: "", cite: (review: "r1", section: "1", quote: "q")),
    (id: "c3", zh: "只有中文", cite: (review: "r1", section: "1", quote: "q")),
  ],
)"#,
        expect![[r#"
            t.ron:4:6: error: claim `c1`: missing a summary (`zh` or `en`)
            t.ron:5:6: error: claim `c2`: missing a summary (`zh` or `en`)
        "#]],
    );
}

#[test]
fn cite_review_empty() {
    check(
        r#"Evidence(version: 1,
  claims: [
    (id: "c1", en: "x", cite: (section: "1", quote: "q")),
    (id: "c2", en: "y", cite: (review: "", section: "1", quote: "q")),
  ],
)"#,
        expect![[r#"
            t.ron:3:6: error: claim `c1`: missing provenance: `cite.review` is empty
            t.ron:4:6: error: claim `c2`: missing provenance: `cite.review` is empty
        "#]],
    );
}

#[test]
fn cite_review_unknown() {
    check(
        r#"Evidence(version: 1,
  claims: [(id: "c1", en: "x", cite: (review: "r9", section: "1", quote: "q"))],
)"#,
        expect![[r#"
            t.ron:2:13: error: claim `c1`: unknown review `r9`
        "#]],
    );
}

#[test]
fn cite_review_wrong_kind() {
    check(
        r#"Evidence(version: 1,
  reviews: [(id: "r1", zh: "综述", en: "Review")],
  studies: [(id: "s1", en: "Chen et al.", review: "r1", refs: [1])],
  claims: [(id: "c1", en: "x", cite: (review: "s1", section: "1", quote: "q"))],
)"#,
        expect![[r#"
            t.ron:4:13: error: claim `c1`: `s1` in `cite.review` is a study, not a review
        "#]],
    );
}

#[test]
fn cite_quote_empty() {
    check(
        r#"Evidence(version: 1,
  reviews: [(id: "r1", zh: "综述", en: "Review")],
  claims: [
    (id: "c1", en: "x", cite: (review: "r1", section: "1")),
    (id: "c2", en: "y", cite: (review: "r1", section: "1", quote: "   ")),
  ],
)"#,
        expect![[r#"
            t.ron:4:6: error: claim `c1`: missing provenance: `cite.quote` is empty
            t.ron:5:6: error: claim `c2`: missing provenance: `cite.quote` is empty
        "#]],
    );
}

#[test]
fn cite_section_empty() {
    check(
        r#"Evidence(version: 1,
  reviews: [(id: "r1", zh: "综述", en: "Review")],
  claims: [
    (id: "c1", en: "x", cite: (review: "r1", quote: "q")),
    (id: "c2", en: "y", cite: (review: "r1", section: "\t", quote: "q")),
  ],
)"#,
        expect![[r#"
            t.ron:4:6: error: claim `c1`: missing provenance: `cite.section` is empty
            t.ron:5:6: error: claim `c2`: missing provenance: `cite.section` is empty
        "#]],
    );
}

#[test]
fn cite_table_unknown() {
    check(
        r#"Evidence(version: 1,
  reviews: [(id: "r1", zh: "综述", en: "Review")],
  claims: [
    (id: "c1", en: "x", cite: (review: "r1", section: "1", quote: "q", table: "t9")),
    (id: "c2", en: "y", cite: (review: "r1", section: "1", quote: "q", table: "f1")),
  ],
  figures: [(id: "f1", review: "r1")],
)"#,
        expect![[r#"
            t.ron:4:6: error: claim `c1`: unknown table `t9`
            t.ron:5:6: error: claim `c2`: `f1` in `cite.table` is a figure, not a table
        "#]],
    );
}

#[test]
fn cite_figure_unknown() {
    check(
        r#"Evidence(version: 1,
  reviews: [(id: "r1", zh: "综述", en: "Review")],
  claims: [
    (id: "c1", en: "x", cite: (review: "r1", section: "1", quote: "q", figure: "f9")),
    (id: "c2", en: "y", cite: (review: "r1", section: "1", quote: "q", figure: "t1")),
  ],
  tables: [(id: "t1", review: "r1")],
)"#,
        expect![[r#"
            t.ron:4:6: error: claim `c1`: unknown figure `f9`
            t.ron:5:6: error: claim `c2`: `t1` in `cite.figure` is a table, not a figure
        "#]],
    );
}

// ---------------------------------------------------------------------------------------
// Tables
// ---------------------------------------------------------------------------------------

#[test]
fn table_review_unknown() {
    check(
        r#"Evidence(version: 1,
  tables: [
    (id: "t1", review: "r9"),
    (id: "t2"),
  ],
)"#,
        expect![[r#"
            t.ron:3:6: error: table `t1`: unknown review `r9`
            t.ron:4:6: error: table `t2`: `review` is empty; it must name a review
        "#]],
    );
}

#[test]
fn table_row_with_the_wrong_number_of_cells() {
    check(
        r#"Evidence(version: 1,
  reviews: [(id: "r1", zh: "综述", en: "Review")],
  tables: [
    (
      id: "t1", review: "r1",
      columns: [(en: "a"), (en: "b")],
      rows: [
        (cells: [(text: "1"), (text: "2")]),
        (cells: [(text: "only one")]),
        (cells: [(text: "1"), (text: "2"), (text: "3")]),
        (),
      ],
    ),
  ],
)"#,
        expect![[r#"
            t.ron:5:7: error: table `t1`: row 2 has 1 cell but the table has 2 columns
            t.ron:5:7: error: table `t1`: row 3 has 3 cells but the table has 2 columns
            t.ron:5:7: error: table `t1`: row 4 has 0 cells but the table has 2 columns
        "#]],
    );
}

#[test]
fn table_row_claim_unknown() {
    check(
        r#"Evidence(version: 1,
  reviews: [(id: "r1", zh: "综述", en: "Review")],
  tables: [(id: "t1", review: "r1", columns: [(en: "a")], rows: [(claims: ["c9", "r1"], cells: [(text: "x")])])],
)"#,
        expect![[r#"
            t.ron:3:13: error: table `t1` row 1: unknown claim `c9`
            t.ron:3:13: error: table `t1` row 1: `r1` in `claims` is a review, not a claim
        "#]],
    );
}

#[test]
fn table_cell_link_unknown() {
    check(
        r#"Evidence(version: 1,
  reviews: [(id: "r1", zh: "综述", en: "Review")],
  tables: [
    (
      id: "t1", review: "r1",
      columns: [(en: "a"), (en: "b")],
      rows: [
        (cells: [(text: "ok", links: ["r1"]), (text: "x")]),
        (cells: [(text: "x"), (text: "ghost", links: ["ghost"])]),
      ],
    ),
  ],
)"#,
        expect![[r#"
            t.ron:5:7: error: table `t1` row 2: cell links unknown id `ghost`
        "#]],
    );
}

// ---------------------------------------------------------------------------------------
// Figures
// ---------------------------------------------------------------------------------------

#[test]
fn figure_review_unknown() {
    check(
        r#"Evidence(version: 1,
  figures: [(id: "f1", review: "r9"), (id: "f2")],
)"#,
        expect![[r#"
            t.ron:2:14: error: figure `f1`: unknown review `r9`
            t.ron:2:40: error: figure `f2`: `review` is empty; it must name a review
        "#]],
    );
}

#[test]
fn figure_duplicate_node_key() {
    // Keys are local to a panel: the same key in two panels is fine.
    check(
        r#"Evidence(version: 1,
  reviews: [(id: "r1", zh: "综述", en: "Review")],
  figures: [
    (
      id: "f1", review: "r1",
      panels: [
        (label: "A", nodes: [(key: "n", en: "one"), (key: "n", en: "two"), (key: "n", en: "three")]),
        (label: "B", nodes: [(key: "n", en: "other panel")]),
        (nodes: [(key: "m", en: "x"), (key: "m", en: "y")]),
      ],
    ),
  ],
)"#,
        expect![[r#"
            t.ron:5:7: error: figure `f1` panel A: node key `n` appears twice
            t.ron:5:7: error: figure `f1` panel A: node key `n` appears twice
            t.ron:5:7: error: figure `f1`: node key `m` appears twice
        "#]],
    );
}

#[test]
fn figure_node_with_unknown_entity() {
    check(
        r#"Evidence(version: 1,
  reviews: [(id: "r1", zh: "综述", en: "Review")],
  cell_types: [(id: "m2", zh: "M2型巨噬细胞", en: "M2 macrophage")],
  figures: [(id: "f1", review: "r1", panels: [(label: "A", nodes: [(key: "a", entity: "m2"), (key: "b", entity: "m9")])])],
)"#,
        expect![[r#"
            t.ron:4:14: error: figure `f1` panel A: node `b` refers to unknown id `m9`
        "#]],
    );
}

#[test]
fn figure_node_with_neither_entity_nor_label() {
    check(
        r#"Evidence(version: 1,
  reviews: [(id: "r1", zh: "综述", en: "Review")],
  figures: [(id: "f1", review: "r1", panels: [(label: "A", nodes: [(key: "bare"), (key: "zh", zh: "中"), (key: "en", en: "en")])])],
)"#,
        expect![[r#"
            t.ron:3:14: error: figure `f1` panel A: node `bare` has neither an entity nor a label
        "#]],
    );
}

#[test]
fn figure_edge_to_an_unknown_node() {
    check(
        r#"Evidence(version: 1,
  reviews: [(id: "r1", zh: "综述", en: "Review")],
  figures: [
    (
      id: "f1", review: "r1",
      panels: [(label: "A", nodes: [(key: "a", en: "A")], edges: [(from: "a", rel: Then, to: "b"), (from: "x", rel: Then, to: "y")])],
    ),
  ],
)"#,
        expect![[r#"
            t.ron:5:7: error: figure `f1` panel A: edge refers to unknown node `b`
            t.ron:5:7: error: figure `f1` panel A: edge refers to unknown node `x`
            t.ron:5:7: error: figure `f1` panel A: edge refers to unknown node `y`
        "#]],
    );
}

#[test]
fn figure_edge_to_a_node_declared_after_it_is_fine() {
    check(
        r#"Evidence(version: 1,
  reviews: [(id: "r1", zh: "综述", en: "Review")],
  figures: [(id: "f1", review: "r1", panels: [(edges: [(from: "a", rel: Then, to: "b")], nodes: [(key: "a", en: "A"), (key: "b", en: "B")])])],
)"#,
        expect![[r#""#]],
    );
}

#[test]
fn figure_edge_claim_unknown() {
    check(
        r#"Evidence(version: 1,
  reviews: [(id: "r1", zh: "综述", en: "Review")],
  figures: [
    (
      id: "f1", review: "r1",
      panels: [(label: "A", nodes: [(key: "a", en: "A"), (key: "b", en: "B")], edges: [(from: "a", rel: Then, to: "b", claims: ["c9", "r1"])])],
    ),
  ],
)"#,
        expect![[r#"
            t.ron:5:7: error: figure `f1` panel A: unknown claim `c9`
            t.ron:5:7: error: figure `f1` panel A: `r1` in `claims` is a review, not a claim
        "#]],
    );
}

// ---------------------------------------------------------------------------------------
// Anchoring: problems name a record and a field, never a file position
// ---------------------------------------------------------------------------------------

#[test]
fn problems_are_anchored_to_an_id_and_a_field() {
    let text = r#"Evidence(version: 1,
  reviews: [(id: "r1", zh: "综述", en: "Review")],
  diseases: [(id: "d1", zh: "甲", en: "A", parent: "nope"), (id: "d1", zh: "乙", en: "B")],
  claims: [(id: "c1", en: "x", cite: (review: "r1", section: "1", quote: ""))],
)"#;
    let loaded = model::load_bytes(Path::new("t.ron"), text.as_bytes());
    let mut problems = model::validate::validate(&loaded.doc);
    problems.sort_by(|a, b| (&a.id, a.occurrence, &a.field).cmp(&(&b.id, b.occurrence, &b.field)));
    expect![[r#"
        [
            Problem {
                id: "c1",
                occurrence: 0,
                field: Some(
                    "cite.quote",
                ),
                message: "claim `c1`: missing provenance: `cite.quote` is empty",
                refers_to: None,
            },
            Problem {
                id: "d1",
                occurrence: 0,
                field: Some(
                    "parent",
                ),
                message: "disease `d1`: unknown disease `nope`",
                refers_to: None,
            },
            Problem {
                id: "d1",
                occurrence: 1,
                field: Some(
                    "id",
                ),
                message: "duplicate id `d1`: two diseases share it (first defined at {first definition}); ids must be unique across the file",
                refers_to: None,
            },
        ]
    "#]]
    .assert_debug_eq(&problems);
    // The quote rule in particular, field by field.
    let quote = problems
        .iter()
        .find(|p| p.message.contains("cite.quote"))
        .expect("empty quote reported");
    assert_eq!(
        quote,
        &Problem {
            id: "c1".into(),
            occurrence: 0,
            field: Some("cite.quote".to_owned()),
            message: "claim `c1`: missing provenance: `cite.quote` is empty".to_owned(),
            refers_to: None,
        }
    );
}

#[test]
fn problems_of_a_missing_name_name_the_missing_field() {
    let text = r#"Evidence(version: 1,
  diseases: [(id: "no-en", zh: "只有中文"), (id: "no-zh", en: "English only")],
)"#;
    let loaded = model::load_bytes(Path::new("t.ron"), text.as_bytes());
    let mut fields: Vec<(String, Option<String>)> = model::validate::validate(&loaded.doc)
        .into_iter()
        .map(|p| (p.id.to_string(), p.field))
        .collect();
    fields.sort();
    assert_eq!(
        fields,
        [
            ("no-en".to_owned(), Some("en".to_owned())),
            ("no-zh".to_owned(), Some("zh".to_owned())),
        ]
    );
}

// ---------------------------------------------------------------------------------------
// Structure: the scanner and per-element deserialization
// ---------------------------------------------------------------------------------------

#[test]
fn unknown_top_level_field_lists_the_valid_ones() {
    check(
        r#"Evidence(version: 1,
  diseases: [(id: "a", zh: "甲", en: "A")],
  colour: [1, 2, (3)],
  claimz: [],
)"#,
        expect![[r#"
            t.ron:3:3: error: unknown field `colour` in `Evidence`; valid fields are: version, reviews, studies, diseases, sources, vehicles, cargos, targets, pathways, cell_types, effects, products, strategies, claims, tables, figures
            t.ron:4:3: error: unknown field `claimz` in `Evidence`; valid fields are: version, reviews, studies, diseases, sources, vehicles, cargos, targets, pathways, cell_types, effects, products, strategies, claims, tables, figures
        "#]],
    );
}

#[test]
fn field_twice() {
    check(
        r#"Evidence(version: 1,
  diseases: [(id: "a", zh: "甲", en: "A")],
  diseases: [(id: "b", zh: "乙", en: "B")],
  version: 1,
)"#,
        expect![[r#"
            t.ron:3:3: error: field `diseases` appears twice
            t.ron:4:3: error: field `version` appears twice
        "#]],
    );
}

#[test]
fn missing_version() {
    check(
        r#"Evidence(
  diseases: [(id: "a", zh: "甲", en: "A")],
)"#,
        expect![[r#"
            t.ron:1:1: error: missing field `version`; add `version: 1,` to `Evidence(…)`
        "#]],
    );
}

#[test]
fn wrong_version() {
    check(
        r#"Evidence(
  version: 2,
)"#,
        expect![[r#"
            t.ron:2:12: error: this file is format version 2; this build of Paracrine reads version 1
        "#]],
    );
    check(
        r#"Evidence(version: "1")"#,
        expect![[r#"
            t.ron:1:19: error: expected a whole number
        "#]],
    );
}

#[test]
fn unknown_struct_field() {
    check(
        r#"Evidence(version: 1,
  reviews: [(id: "r1", zh: "综述", en: "Review")],
  diseases: [(id: "a", zh: "甲", en: "A", parnt: "b")],
  claims: [(id: "c1", en: "x", cite: (review: "r1", sectoin: "1", quote: "q"))],
)"#,
        expect![[r#"
            t.ron:3:42: error: unknown field `parnt` in `Disease`; valid fields are: id, zh, en, abbr, aliases, former_ids, desc_zh, desc_en, parent, is_model
            t.ron:4:53: error: unknown field `sectoin` in `Cite`; valid fields are: review, refs, section, table, figure, quote, gloss
        "#]],
    );
}

#[test]
fn unknown_enum_variant() {
    check(
        r#"Evidence(version: 1,
  reviews: [(id: "r1", zh: "综述", en: "Review")],
  vehicles: [(id: "v", zh: "载体", en: "vehicle", class: Liposomes)],
  claims: [(id: "c1", en: "x", level: Anecdote, cite: (review: "r1", section: "1", quote: "q"))],
)"#,
        expect![[r#"
            t.ron:3:56: error: unknown variant `Liposomes` of `VehicleClass`; expected one of: Cells, Exosomes, Evs, ApoptoticVesicles, EngineeredEvs, ConditionedMedium, Other
            t.ron:4:39: error: unknown variant `Anecdote` of `Level`; expected one of: Statement, InVitro, Animal, HumanCase, HumanObservational, Trial, TrialPhase1, TrialPhase2, TrialPhase3, Approved
        "#]],
    );
}

#[test]
fn missing_required_field() {
    check(
        r#"Evidence(version: 1,
  reviews: [(id: "r1", zh: "综述", en: "Review")],
  diseases: [(zh: "无名", en: "no id")],
  claims: [(id: "c1", en: "x", steps: [(from: "r1", to: "r1")], cite: (review: "r1", section: "1", quote: "q"))],
)"#,
        expect![[r#"
            t.ron:3:36: error: missing field `id` in `Disease`; add `id: …` before this `)`
            t.ron:4:61: error: missing field `rel` in `Step`; add `rel: …` before this `)`
        "#]],
    );
}

#[test]
fn an_element_that_fails_to_parse_does_not_stop_the_others() {
    // The bad disease is dropped; the good one still loads and is still checked.
    let text = r#"Evidence(version: 1,
  diseases: [(id: "a", zh: "甲", en: "A", is_model: maybe), (id: "b", zh: "乙", en: "B", parent: "nope")],
)"#;
    check(
        text,
        expect![[r#"
            t.ron:2:52: error: expected `true` or `false`
            t.ron:2:61: error: disease `b`: unknown disease `nope`
        "#]],
    );
    let loaded = model::load_bytes(Path::new("t.ron"), text.as_bytes());
    assert_eq!(loaded.doc.count(Kind::Disease), 1);
}

#[test]
fn not_utf8() {
    check_bytes(
        b"Evidence(version: 1,\n  diseases: [(id: \"a\", zh: \"\xe7\x94\xb2\xff\", en: \"A\")],\n)",
        expect![[r#"
            t.ron:2:30: error: the file is not UTF-8 text (invalid byte here); save it as UTF-8
        "#]],
    );
}

#[test]
fn empty_file() {
    check(
        "",
        expect![[r#"
        t.ron:1:1: error: the file is empty; expected `Evidence(version: 1, …)`
    "#]],
    );
    check(
        "  \n// only a comment\n/* and another */\n",
        expect![[r#"
        t.ron:4:1: error: the file is empty; expected `Evidence(version: 1, …)`
    "#]],
    );
}

#[test]
fn unterminated_string() {
    check(
        r#"Evidence(version: 1,
  diseases: [(id: "a", zh: "甲, en: "A")],
)"#,
        expect![[r#"
            t.ron:2:30: error: missing `"` here? the string opened at 2:28 runs on past this `,` into the next field; add the closing `"` before the `,`
        "#]],
    );
}

#[test]
fn mismatched_bracket() {
    check(
        r#"Evidence(version: 1,
  diseases: [(id: "a", zh: "甲", en: "A", aliases: ["x")],
)"#,
        expect![[r#"
            t.ron:2:55: error: found `)` but the `[` opened at 2:51 is still open; add `]` before this `)`
        "#]],
    );
}

#[test]
fn unclosed_bracket() {
    check(
        r#"Evidence(version: 1,
  diseases: [(id: "a", zh: "甲", en: "A""#,
        expect![[r#"
            t.ron:2:40: error: the file ends early, inside the `diseases` entry that starts at 2:14: it looks cut short (was it saved or copied completely?); restore its end, e.g. from a backup or version control. Ids that are not found are not reported, as they may be in the missing part
        "#]],
    );
    check(
        r#"Evidence(version: 1,
  diseases: [(id: "a", zh: "甲", en: "A")]"#,
        expect![[r#"
            t.ron:2:42: error: the file ends before `Evidence(…)` is closed; add a `)` at the end (or, if the file was cut short, restore its end)
        "#]],
    );
}

#[test]
fn nesting_deeper_than_256() {
    let deep = |depth: usize| {
        format!(
            "Evidence(version: 1,\n  claims: [{}{}],\n)",
            "[".repeat(depth),
            "]".repeat(depth)
        )
    };
    check(
        &deep(257),
        expect![[r#"
        t.ron:2:268: error: nesting deeper than 256 levels; the file is malformed
    "#]],
    );
    // At the bound the scanner lets it through; `ron` then rejects the element on its own.
    check(
        &deep(256),
        expect![[r#"
        t.ron:2:12: error: expected opening `(` for struct `Claim`
    "#]],
    );
}

#[test]
fn junk_after_the_end() {
    check(
        r#"Evidence(version: 1)
Evidence(version: 1)"#,
        expect![[r#"
            t.ron:2:1: error: unexpected `E` after the end of `Evidence(…)`; remove it, or move it inside `Evidence(…)` (a file holds one `Evidence(…)`)
        "#]],
    );
}

// ---------------------------------------------------------------------------------------
// Diagnostics that point at the cause
// ---------------------------------------------------------------------------------------

/// `n` valid diseases, one a line, each with an apostrophe in its English name (the
/// character that used to end a runaway string far from its cause).
fn filler_diseases(n: usize) -> String {
    (0..n)
        .map(|i| format!("    (id: \"d{i}\", zh: \"病{i}\", en: \"Crohn's {i}\"),\n"))
        .collect()
}

#[test]
fn a_missing_closing_quote_is_reported_on_its_line() {
    // Before: reported hundreds of lines later ("unterminated character literal" at the
    // first `'` the runaway string reached), with nothing said about line 4.
    let text = format!(
        "Evidence(version: 1,\n  diseases: [\n    (id: \"d-first\", zh: \"甲\", en: \"A\"),\n    (id: \"ibd\", zh: \"炎症性肠病\", en: \"IBD),\n{}  ],\n)",
        filler_diseases(300)
    );
    check(
        &text,
        expect![[r#"
            t.ron:4:34: error: missing `"`? the string opened here is not closed on its line and runs on to line 5; add the closing `"` where its text ends (a `"` inside text is written `\"`)
        "#]],
    );
}

#[test]
fn a_missing_closing_quote_before_the_next_field() {
    // The string opened at 甲 runs into `en:`: the quote is missing before that `,`.
    check(
        r#"Evidence(version: 1,
  diseases: [
    (id: "a", zh: "甲, en: "A"),
    (id: "b", zh: "乙", en: "B", parent: "a"),
  ],
)"#,
        expect![[r#"
            t.ron:3:21: error: missing `"` here? the string opened at 3:19 runs on past this `,` into the next field; add the closing `"` before the `,`
            t.ron:4:6: error: disease `b`: `parent` refers to `a`, which has an error at t.ron:3:21; fix that entry first
        "#]],
    );
}

#[test]
fn a_missing_closing_quote_at_the_end_of_a_line() {
    // Canonical layout, one field a line: the `"` before the line's `,` was deleted.
    check(
        r#"Evidence(version: 1,
  diseases: [(
    id: "a",
    zh: "甲",
    en: "A disease,
    abbr: "A",
  ), (
    id: "b",
    zh: "乙",
    en: "B",
    is_model: maybe,
  )],
)"#,
        expect![[r#"
            t.ron:5:19: error: missing `"` here? the string opened at 5:9 runs on past this `,` into the next field; add the closing `"` before the `,`
            t.ron:11:15: error: expected `true` or `false`
        "#]],
    );
}

#[test]
fn an_unescaped_quote_inside_a_string() {
    check(
        r#"Evidence(version: 1,
  reviews: [(id: "r1", zh: "综述", en: "Review")],
  claims: [
    (id: "c1", en: "x", cite: (review: "r1", section: "1", quote: "he said "yes" twice")),
    (id: "c2", en: "y", cite: (review: "r1", section: "1", quote: "the "odd one")),
    (id: "c3", en: "z", cite: (review: "r1", section: "1", quote: "q")),
  ],
)"#,
        expect![[r#"
            t.ron:4:77: error: expected `,` after the string that ends just before this; if that `"` is part of the text, write it as `\"`
            t.ron:5:72: error: unescaped `"` inside a string? this `"` ends the string early and the rest of the line is misread; write a `"` inside text as `\"`
        "#]],
    );
}

#[test]
fn a_missing_opening_quote() {
    check(
        r#"Evidence(version: 1,
  diseases: [
    (id: "a", zh: 甲", en: "A"),
    (id: "b", zh: "乙", en: "B"),
  ],
)"#,
        expect![[r#"
            t.ron:3:19: error: missing `"` here? this text has no opening `"`, so the `"` after it opens a string instead of closing one; add `"` before the text
        "#]],
    );
}

#[test]
fn a_file_that_ends_early_says_so_first_and_hides_unknown_ids() {
    // Before: dozens of "unknown table/figure" errors (the tables and figures were in
    // the part cut off), then "this bracket is never closed" at the last entry.
    let whole = r#"Evidence(version: 1,
  reviews: [(id: "r1", zh: "综述", en: "Review")],
  diseases: [(id: "ibd", zh: "炎症性肠病", en: "IBD")],
  claims: [
    (id: "c1", en: "x", diseases: ["ibd"], cite: (review: "r1", section: "1", quote: "q", table: "t1")),
    (id: "c2", en: "y", cite: (review: "r1", section: "", quote: "q", figure: "f1")),
    (id: "c3", en: "z", cite: (review: "r1", section: "1", quote: "q", table: "t1")),
  ],
  tables: [(id: "t1", review: "r1")],
  figures: [(id: "f1", review: "r1")],
)"#;
    let cut = whole.find("(id: \"c3\"").unwrap() + 30;
    check(
        whole.get(..cut).unwrap(),
        expect![[r#"
            t.ron:7:35: error: the file ends early, inside the `claims` entry that starts at 7:5: it looks cut short (was it saved or copied completely?); restore its end, e.g. from a backup or version control. Ids that are not found are not reported, as they may be in the missing part
            t.ron:6:6: error: claim `c2`: missing provenance: `cite.section` is empty
        "#]],
    );
    // Cut between two entries.
    let cut = whole.find("(id: \"c3\"").unwrap();
    check(
        whole.get(..cut).unwrap(),
        expect![[r#"
            t.ron:7:5: error: the file ends early, inside the `claims` list opened at 4:11: it looks cut short (was it saved or copied completely?); restore its end, e.g. from a backup or version control. Ids that are not found are not reported, as they may be in the missing part
            t.ron:6:6: error: claim `c2`: missing provenance: `cite.section` is empty
        "#]],
    );
}

#[test]
fn references_to_an_entry_that_failed_to_parse_are_not_unknown() {
    // Before: the typo, then "unknown disease `ibd`" once per reference (72 problems for
    // one typo in the shipped file's most used entry).
    let mut text = String::from(
        "Evidence(version: 1,\n  reviews: [(id: \"r1\", zh: \"综述\", en: \"Review\")],\n  diseases: [\n    (id: \"ibd\", zh: \"炎症性肠病\", en: \"IBD\", is_model: maybe),\n",
    );
    for i in 0..40 {
        writeln!(
            text,
            "    (id: \"d{i}\", zh: \"病{i}\", en: \"D{i}\", parent: \"ibd\"),"
        )
        .unwrap();
    }
    text.push_str("  ],\n  claims: [\n");
    for i in 0..30 {
        writeln!(
            text,
            "    (id: \"c{i}\", en: \"x\", diseases: [\"ibd\"], cite: (review: \"r1\", section: \"1\", quote: \"q\")),"
        )
        .unwrap();
    }
    text.push_str("    (id: \"c-ghost\", en: \"x\", diseases: [\"ghost\"], cite: (review: \"r1\", section: \"1\", quote: \"q\")),\n  ],\n)");
    check(
        &text,
        expect![[r#"
            t.ron:4:51: error: expected `true` or `false`
            t.ron:5:6: error: disease `d0`: `parent` refers to `ibd`, which has an error at t.ron:4:51; fix that entry first (69 more references to it are not listed)
            t.ron:77:6: error: claim `c-ghost`: unknown disease `ghost`
        "#]],
    );
}

#[test]
fn after_a_missing_bracket_the_rest_is_still_checked() {
    // Before: one error ("found `]` but the bracket opened at 4:5 needs `)`") and none
    // of the other mistakes.
    check(
        r#"Evidence(version: 1,
  reviews: [(id: "r1", zh: "综述", en: "Review")],
  diseases: [
    (id: "a", zh: "甲", en: "A",
    (id: "b", zh: "乙", en: "B", is_model: maybe),
    (id: "c", zh: "丙", en: "C", aliases: ["x"),
    (id: "d", zh: "丁", en: "D") (id: "e", zh: "戊", en: "E"),
    (id: "Bad F", zh: "己", en: "F", parent: "ghost"),
  ]
  claims: [
    (id: "c1", en: "x", diseases: ["a"], level: Anecdote, cite: (review: "r1", section: "1", quote: "q")),
  ],
  tables: [(id: "t1", review: "r9")],
)"#,
        expect![[r#"
            t.ron:4:32: error: missing `)` here: the `(` opened at 4:5 is not closed before the next entry at 5:5
            t.ron:5:43: error: expected `true` or `false`
            t.ron:6:46: error: found `)` but the `[` opened at 6:42 is still open; add `]` before this `)`
            t.ron:7:32: error: missing `,` between two entries of `diseases`; add one here
            t.ron:8:6: error: disease id `Bad F` is not a slug: use lowercase letters, digits, `-`, `_` or `.` (e.g. `bad-f`)
            t.ron:8:6: error: disease `Bad F`: unknown disease `ghost`
            t.ron:9:4: error: missing `,` after field `diseases`; add one here
            t.ron:11:49: error: unknown variant `Anecdote` of `Level`; expected one of: Statement, InVitro, Animal, HumanCase, HumanObservational, Trial, TrialPhase1, TrialPhase2, TrialPhase3, Approved
            t.ron:13:13: error: table `t1`: unknown review `r9`
        "#]],
    );
}

#[test]
fn a_missing_bracket_inside_an_entry_in_the_canonical_layout() {
    // `cite: (` is never closed; the entry's own `)` follows. The entry is read as if the
    // `)` were there, so `c1` still exists for the table that cites it.
    check(
        r#"Evidence(version: 1,
  reviews: [(id: "r1", zh: "综述", en: "Review")],
  claims: [(
    id: "c1",
    en: "x",
    cite: (
      review: "r1",
      section: "1",
      quote: "q",
  ), (
    id: "c2",
    en: "y",
    direction: Upwards,
    cite: (
      review: "r1",
      section: "1",
      quote: "q",
    ),
  )],
  tables: [(id: "t1", review: "r1", columns: [(en: "a")], rows: [(claims: ["c1"], cells: [(text: "x")])])],
)"#,
        expect![[r#"
            t.ron:9:18: error: missing `)` here: the `(` opened at 6:11 is not closed before the `)` that ends the entry at 10:3
            t.ron:13:16: error: unknown variant `Upwards` of `Direction`; expected one of: Promotes, Inhibits, NoEffect, Mixed, ProTumor, AntiTumor, Describes
        "#]],
    );
}

#[test]
fn every_independent_error_of_one_entry() {
    // Before: only the first (`Anecdote`).
    check(
        r#"Evidence(version: 1,
  reviews: [(id: "r1", zh: "综述", en: "Review")],
  claims: [
    (id: "c1", en: "x", level: Anecdote, direction: Upwards, species: [Mouse, Hamster], cite: (review: "r1", sectoin: "1", quote: "q")),
  ],
)"#,
        expect![[r#"
            t.ron:4:32: error: unknown variant `Anecdote` of `Level`; expected one of: Statement, InVitro, Animal, HumanCase, HumanObservational, Trial, TrialPhase1, TrialPhase2, TrialPhase3, Approved
            t.ron:4:53: error: unknown variant `Upwards` of `Direction`; expected one of: Promotes, Inhibits, NoEffect, Mixed, ProTumor, AntiTumor, Describes
            t.ron:4:79: error: unknown variant `Hamster` of `Species`; expected one of: Human, Mouse, Rat, Rabbit, Pig, Dog, Monkey, Sheep, Horse, Zebrafish, Other
            t.ron:4:110: error: unknown field `sectoin` in `Cite`; valid fields are: review, refs, section, table, figure, quote, gloss
        "#]],
    );
}

#[test]
fn user_text_is_escaped_in_diagnostics() {
    // An id with an escape sequence and a line break that forges another diagnostic.
    check(
        r#"Evidence(version: 1,
  diseases: [(id: "evil\u{1b}[31m\nt.ron:1:1: error: forged", zh: "甲", en: "A", parent: "x\u{7}\u{202e}")],
)"#,
        expect![[r#"
            t.ron:2:15: error: disease id `evil\u{1b}[31m\nt.ron:1:1: error: forged` is not a slug: use lowercase letters, digits, `-`, `_` or `.` (e.g. `evil-31m-t.ron-1-1-error-forged`)
            t.ron:2:15: error: disease `evil\u{1b}[31m\nt.ron:1:1: error: forged`: unknown disease `x\u{7}\u{202e}`
        "#]],
    );
    let loaded = model::load_bytes(
        Path::new("t.ron"),
        "Evidence(version: 1, diseases: [(id: \"a\\nb\", zh: \"甲\", en: \"A\")])".as_bytes(),
    );
    for diagnostic in &loaded.diagnostics {
        let line = diagnostic.to_string();
        assert!(!line.contains(['\n', '\u{1b}']), "{line:?}");
    }
}

#[test]
fn plural_nouns_in_messages() {
    // Before: "two studys", "two strategys".
    check(
        r#"Evidence(version: 1,
  reviews: [(id: "r1", zh: "综述", en: "Review")],
  studies: [
    (id: "s1", en: "Chen et al.", review: "r1", refs: [1]),
    (id: "s1", en: "Li et al.", review: "r1", refs: [2]),
  ],
  strategies: [(id: "x", zh: "甲", en: "A"), (id: "x", zh: "乙", en: "B")],
)"#,
        expect![[r#"
            t.ron:5:6: error: duplicate id `s1`: two studies share it (first defined at t.ron:4:6); ids must be unique across the file
            t.ron:7:46: error: duplicate id `x`: two strategies share it (first defined at t.ron:7:17); ids must be unique across the file
        "#]],
    );
}

#[test]
fn text_after_the_end() {
    // Before: "non-whitespace trailing characters" (ron's words) and no advice.
    check(
        r#"Evidence(version: 1 2,
  diseases: [(id: "a", zh: "甲", en: "A") (id: "b", zh: "乙", en: "B")],
)
junk"#,
        expect![[r#"
            t.ron:1:21: error: unexpected text after the end of this value; remove it, or add the `,` that should separate it from what follows
            t.ron:2:41: error: missing `,` between two entries of `diseases`; add one here
            t.ron:4:1: error: unexpected `j` after the end of `Evidence(…)`; remove it, or move it inside `Evidence(…)` (a file holds one `Evidence(…)`)
        "#]],
    );
}

#[test]
fn suggested_slugs_are_free_and_valid() {
    // Before: `IBD` was told to become `ibd` (taken), `TGF-β1` `tgf--1`, `甲` `my-id`.
    check(
        r#"Evidence(version: 1,
  diseases: [
    (id: "ibd", zh: "炎症性肠病", en: "IBD"),
    (id: "IBD", zh: "炎症性肠病", en: "IBD again"),
    (id: "Ibd", zh: "炎症性肠病", en: "IBD once more"),
  ],
  cargos: [(id: "TGF-β1", zh: "转化生长因子β1", en: "TGF-β1"), (id: "甲", zh: "甲", en: "A")],
)"#,
        expect![[r#"
            t.ron:4:6: error: disease id `IBD` is not a slug: use lowercase letters, digits, `-`, `_` or `.` (e.g. `ibd-2`)
            t.ron:5:6: error: disease id `Ibd` is not a slug: use lowercase letters, digits, `-`, `_` or `.` (e.g. `ibd-3`)
            t.ron:7:13: error: cargo id `TGF-β1` is not a slug: use lowercase letters, digits, `-`, `_` or `.` (e.g. `tgf-b1`)
            t.ron:7:59: error: cargo id `甲` is not a slug: use lowercase letters, digits, `-`, `_` or `.` (e.g. `cargo-1`)
        "#]],
    );
}

#[test]
fn columns_count_characters_after_multi_byte_text() {
    // Before: one column early, at the blank before the value (ron's span starts
    // there); the columns count characters, so 甲乙丙 is three columns.
    check(
        r#"Evidence(version: 1,
  diseases: [(id: "a", zh: "甲乙丙", en: "A", is_model: maybe)],
  claims: [(id: "c1", zh: "甲乙", level:   Anecdote, cite: (review: "r1", section: "一", quote: "丙"))],
)"#,
        expect![[r#"
            t.ron:2:54: error: expected `true` or `false`
            t.ron:3:42: error: unknown variant `Anecdote` of `Level`; expected one of: Statement, InVitro, Animal, HumanCase, HumanObservational, Trial, TrialPhase1, TrialPhase2, TrialPhase3, Approved
        "#]],
    );
}

#[test]
fn a_badly_damaged_file_stops_after_many_broken_entries() {
    // Every entry misses its `)`: each recovery may rescan to the end of the list, so
    // the scanner stops after more than 64 of them rather than take quadratic time.
    let mut text = String::from("Evidence(version: 1,\n  diseases: [\n");
    for i in 0..2_000 {
        writeln!(text, "    (id: \"d{i}\", zh: \"病\", en: \"D\",").unwrap();
    }
    text.push_str("  ],\n)");
    let loaded = model::load_bytes(Path::new("t.ron"), text.as_bytes());
    let messages: Vec<String> = loaded.diagnostics.iter().map(ToString::to_string).collect();
    assert_eq!(messages.len(), 66, "{messages:#?}");
    assert_eq!(
        messages.first().map(String::as_str),
        Some(
            "t.ron:3:33: error: missing `)` here: the `(` opened at 3:5 is not closed before the next entry at 4:5"
        )
    );
    assert_eq!(
        messages.last().map(String::as_str),
        Some(
            "t.ron:68:5: error: more than 64 broken entries; checking stops here: fix the ones above, then check again"
        )
    );
}
