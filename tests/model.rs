//! Data-driven tests of loading and validation: every `tests/fixtures/*.ron` is loaded
//! and its diagnostics compared, line for line, with the sibling `*.expected` file.
//! Regenerate the expectations with `UPDATE_EXPECT=1 cargo test --test model` and review
//! the diff.

// Tests and benchmarks may panic on broken fixtures: that is how they fail.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use paracrine::model::{self, Item, Kind};

fn fixtures() -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir("tests/fixtures")
        .expect("tests/fixtures exists")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "ron"))
        .collect();
    paths.sort();
    paths
}

#[test]
fn fixtures_report_exactly_the_expected_diagnostics() {
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut failures = Vec::new();
    let fixtures = fixtures();
    assert!(fixtures.len() >= 8, "fixtures missing: {fixtures:?}");
    for path in fixtures {
        let loaded = model::load_files(std::slice::from_ref(&path));
        let actual: String = loaded
            .diagnostics
            .iter()
            .map(|d| format!("{d}\n"))
            .collect();
        let expected_path = path.with_extension("expected");
        if update {
            std::fs::write(&expected_path, &actual).expect("write expectation");
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if actual != expected {
            failures.push(format!(
                "{}:\n--- expected\n{expected}--- actual\n{actual}",
                path.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn good_fixture_loads_every_kind_and_builds_backlinks() {
    let loaded = model::load_files(&[PathBuf::from("tests/fixtures/good_minimal.ron")]);
    assert_eq!(loaded.diagnostics, vec![]);
    for kind in Kind::ALL {
        assert!(
            loaded.doc.count(kind) > 0,
            "no {kind:?} in the good fixture"
        );
    }
    let index = &loaded.index;
    let cargo = index.item("mir-146a-5p").expect("cargo indexed");
    assert_eq!(cargo, Item::Entity(Kind::Cargo, 0));
    assert_eq!(index.claims_of(cargo), &[0]);
    // Mentioned by the table's cell and by its row's claim.
    assert_eq!(index.views_of(cargo), &[Item::Table(0)]);
    let sle = index.item("sle").expect("disease indexed");
    assert_eq!(index.children(sle), &[Item::Entity(Kind::Disease, 1)]);
    let m2 = index.item("m2").expect("cell type indexed");
    assert_eq!(index.views_of(m2), &[Item::Figure(0)]);
}

#[test]
fn shipped_evidence_loads_with_zero_problems() {
    let loaded = model::load_files(&[PathBuf::from("evidence.ron")]);
    let problems: Vec<String> = loaded.diagnostics.iter().map(ToString::to_string).collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(!loaded.doc.claims.is_empty());
}

#[test]
fn embedded_copy_is_the_shipped_file() {
    let on_disk = std::fs::read("evidence.ron").expect("evidence.ron");
    assert_eq!(paracrine::app::EMBEDDED_EVIDENCE, on_disk.as_slice());
}

#[test]
fn canonical_layout_round_trips() {
    let loaded = model::load_files(&[PathBuf::from("evidence.ron")]);
    let text = model::io::to_ron_string(&loaded.doc).expect("serialize");
    let again = model::load_bytes(Path::new("roundtrip.ron"), text.as_bytes());
    assert_eq!(again.diagnostics, vec![]);
    assert_eq!(again.doc, loaded.doc);
    // Serializing twice gives the same bytes: saves are deterministic and diff-friendly.
    assert_eq!(
        model::io::to_ron_string(&again.doc).expect("serialize"),
        text
    );
}

#[test]
fn atomic_save_replaces_the_file_and_leaves_no_temporary() {
    let dir = std::env::temp_dir().join(format!("paracrine-save-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let target = dir.join("evidence.ron");
    std::fs::write(&target, "old").expect("write");
    let loaded = model::load_files(&[PathBuf::from("tests/fixtures/good_minimal.ron")]);
    model::io::save_atomic(&target, &loaded.doc).expect("save");
    let reloaded = model::load_files(std::slice::from_ref(&target));
    assert_eq!(reloaded.diagnostics, vec![]);
    assert_eq!(reloaded.doc, loaded.doc);
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .expect("read dir")
        .filter_map(Result::ok)
        .filter(|e| e.file_name() != "evidence.ron" && e.file_name() != "evidence.ron.bak")
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn several_files_check_as_one_document_with_per_file_locations() {
    let dir = std::env::temp_dir().join(format!("paracrine-multi-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let core = dir.join("core.ron");
    let seed = dir.join("seed.ron");
    std::fs::write(
        &core,
        "Evidence(version: 1, diseases: [(id: \"ibd\", zh: \"炎症性肠病\", en: \"IBD\")])",
    )
    .expect("write");
    std::fs::write(
        &seed,
        "Evidence(\n  version: 1,\n  diseases: [(id: \"cd\", zh: \"克罗恩病\", en: \"CD\", parent: \"ibd\"), (id: \"x\", zh: \"x\", en: \"x\", parent: \"nope\")],\n)",
    )
    .expect("write");
    let loaded = model::load_files(&[core, seed.clone()]);
    let messages: Vec<String> = loaded.diagnostics.iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        vec![format!(
            "{}:3:64: error: disease `x`: unknown disease `nope`",
            seed.display()
        )]
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn repeats_across_files_are_located_each_at_its_own_definition() {
    // Before: repeats were numbered file by file but checked list by list, so the claim
    // `x` of the first file was reported at the disease `x` of the second, and the
    // second disease at the claim.
    let dir = std::env::temp_dir().join(format!("paracrine-repeats-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let first = dir.join("a.ron");
    let second = dir.join("b.ron");
    std::fs::write(
        &first,
        "Evidence(version: 1,\n  reviews: [(id: \"r\", zh: \"综述\", en: \"R\")],\n  diseases: [(id: \"x\", zh: \"甲\", en: \"A\")],\n  claims: [(id: \"x\", en: \"c\", cite: (review: \"r\", section: \"1\", quote: \"\"))],\n)",
    )
    .expect("write");
    std::fs::write(
        &second,
        "Evidence(version: 1,\n  diseases: [\n    (id: \"x\", zh: \"乙\", en: \"B\"),\n    (id: \"x\", zh: \"丙\", en: \"C\"),\n  ],\n)",
    )
    .expect("write");
    let loaded = model::load_files(&[first.clone(), second.clone()]);
    let messages: Vec<String> = loaded.diagnostics.iter().map(ToString::to_string).collect();
    let (a, b) = (first.display(), second.display());
    assert_eq!(
        messages,
        vec![
            format!(
                "{a}:4:13: error: duplicate id `x`: a disease and a claim share it (first defined at {a}:3:15); ids must be unique across the file"
            ),
            format!("{a}:4:13: error: claim `x`: missing provenance: `cite.quote` is empty"),
            format!(
                "{b}:3:6: error: duplicate id `x`: two diseases share it (first defined at {a}:3:15); ids must be unique across the file"
            ),
            format!(
                "{b}:4:6: error: duplicate id `x`: two diseases share it (first defined at {a}:3:15); ids must be unique across the file"
            ),
        ]
    );
    std::fs::remove_dir_all(&dir).ok();
}
