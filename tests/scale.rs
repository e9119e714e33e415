//! Adversarial inputs at scale (issue 13): a deep hierarchy, many duplicate ids, many
//! problems, every error on one line, junk, and the shapes that used to make one pass
//! quadratic. Each must finish and report sensibly: the first diagnostics right (text and
//! position) and the others counted. Nothing here is timed (the machines are shared); a
//! pass that turns quadratic again shows as a test that no longer finishes.

// Tests may panic on a broken fixture: that is how they fail.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use paracrine::app::AppState;
use paracrine::model::diag::MAX_LISTED;
use paracrine::model::entity::{Cargo, Disease, Review, Target};
use paracrine::model::{
    self, Cite, Claim, Direction, Document, FigureView, Item, Kind, Level, Node, Panel, Row,
    TableView, io, synth,
};
use paracrine::ui::ParacrineApp;

fn load(name: &str, text: &str) -> model::Loaded {
    model::load_bytes(Path::new(name), text.as_bytes())
}

fn ron(doc: &Document) -> String {
    io::to_ron_string(doc).expect("serializes")
}

fn lines(loaded: &model::Loaded) -> Vec<String> {
    loaded.diagnostics.iter().map(ToString::to_string).collect()
}

/// The listed diagnostics are the first ones, in file order.
fn assert_in_file_order(loaded: &model::Loaded) {
    let positions: Vec<_> = loaded.diagnostics.iter().map(|d| d.pos).collect();
    assert!(
        positions.windows(2).all(|w| w[0] <= w[1]),
        "diagnostics out of order"
    );
}

/// Where disease `i` of a canonical file of diseases with `lines_per_disease` lines each
/// has its id: the list starts on line 6, its first `id` on line 7, column 5.
fn id_line(i: usize, lines_per_disease: usize) -> usize {
    7 + lines_per_disease * i
}

#[test]
fn a_40000_deep_disease_hierarchy_loads_clean_and_indexes_the_chain() {
    let n = 40_000;
    let loaded = load("deep.ron", &ron(&synth::deep_hierarchy(n)));
    assert_eq!(lines(&loaded), Vec::<String>::new());
    assert_eq!(loaded.unlisted, 0);
    assert_eq!(loaded.doc.diseases.len(), n);
    let index = &loaded.index;
    for i in [0, 1, n / 2, n - 2] {
        let item = index.item(&format!("disease-{i}")).expect("indexed");
        assert_eq!(
            index.children(item),
            &[Item::Entity(Kind::Disease, i + 1)],
            "children of disease-{i}"
        );
    }
    let deepest = index.item(&format!("disease-{}", n - 1)).expect("indexed");
    assert_eq!(index.children(deepest), &[] as &[Item]);
    // The curation heuristics walk it too.
    assert_eq!(loaded.lint_diagnostics(), vec![]);
}

#[test]
fn a_parent_cycle_through_40000_diseases_reports_the_first_members_and_counts_the_rest() {
    let n = 40_000;
    let mut doc = synth::deep_hierarchy(n);
    doc.diseases[0].parent = Some(format!("disease-{}", n - 1).into());
    let loaded = load("cycle.ron", &ron(&doc));
    assert_eq!(loaded.n_problems(), n);
    assert_eq!(loaded.diagnostics.len(), MAX_LISTED);
    assert_eq!(loaded.unlisted, n - MAX_LISTED);
    assert_in_file_order(&loaded);
    let lines = lines(&loaded);
    // Disease 0 has a `parent` line too (5 lines); the others 5 each.
    assert_eq!(
        lines[0],
        "cycle.ron:7:5: error: disease `disease-0` is its own ancestor; break the `parent` cycle"
    );
    assert_eq!(
        lines[MAX_LISTED - 1],
        format!(
            "cycle.ron:{}:5: error: disease `disease-{}` is its own ancestor; break the `parent` cycle",
            id_line(MAX_LISTED - 1, 5),
            MAX_LISTED - 1
        )
    );
}

#[test]
fn eighty_thousand_duplicate_ids_are_each_reported_at_the_repeat() {
    let n = 80_000;
    let loaded = load("dup.ron", &ron(&synth::duplicate_ids(n)));
    assert_eq!(loaded.n_problems(), n);
    assert_eq!(loaded.diagnostics.len(), MAX_LISTED);
    assert_eq!(loaded.unlisted, n - MAX_LISTED);
    assert_in_file_order(&loaded);
    let lines = lines(&loaded);
    let expected = |i: usize| {
        format!(
            "dup.ron:{}:5: error: duplicate id `disease-{i}`: two diseases share it (first defined at dup.ron:{}:5); ids must be unique across the file",
            id_line(n + i, 4),
            id_line(i, 4)
        )
    };
    assert_eq!(lines[0], expected(0));
    assert_eq!(lines[1], expected(1));
    assert_eq!(lines[MAX_LISTED - 1], expected(MAX_LISTED - 1));
    // The document keeps every entry; the index resolves an id to its first definition.
    assert_eq!(loaded.doc.diseases.len(), 2 * n);
    assert_eq!(
        loaded.index.item("disease-7"),
        Some(Item::Entity(Kind::Disease, 7))
    );
}

#[test]
fn merging_80000_repeats_of_one_id_keeps_every_new_name_once() {
    let n = 80_000;
    let mut doc = Document::default();
    for i in 0..n {
        doc.diseases.push(Disease {
            id: "ibd".into(),
            zh: "炎症性肠病".to_owned(),
            en: format!("inflammatory bowel disease {}", i % (n / 2)),
            ..Disease::default()
        });
    }
    let notes = doc.merge_duplicate_entities();
    assert_eq!(notes.len(), n - 1);
    assert_eq!(doc.diseases.len(), 1);
    // Every distinct English name but the first's own, once.
    assert_eq!(doc.diseases[0].aliases.len(), n / 2 - 1);
}

/// The canonical text of `synth::dangling_refs(n)`.
fn dangling(n: usize) -> String {
    ron(&synth::dangling_refs(n))
}

#[test]
fn two_hundred_thousand_dangling_references_list_the_first_and_count_the_rest() {
    let n = 200_000;
    let loaded = load("dangling.ron", &dangling(n));
    assert_eq!(loaded.n_problems(), n);
    assert_eq!(loaded.diagnostics.len(), MAX_LISTED);
    assert_eq!(loaded.unlisted, n - MAX_LISTED);
    assert_in_file_order(&loaded);
    let lines = lines(&loaded);
    let expected = |i: usize| {
        format!(
            "dangling.ron:{}:5: error: disease `disease-{i}`: unknown disease `missing-{i}`",
            id_line(i, 5)
        )
    };
    assert_eq!(lines[0], expected(0));
    assert_eq!(lines[MAX_LISTED - 1], expected(MAX_LISTED - 1));
}

#[test]
fn check_prints_the_first_problems_then_the_count_and_fails() {
    let n = 20_000;
    let dir = std::env::temp_dir().join(format!("paracrine-scale-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("dangling.ron");
    std::fs::write(&file, dangling(n)).expect("write");
    let output = Command::new(env!("CARGO_BIN_EXE_paracrine"))
        .arg("check")
        .arg(&file)
        .env_remove("PARACRINE_MAX_FILE_MB")
        .output()
        .expect("run paracrine");
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), MAX_LISTED + 2);
    assert_eq!(
        lines[0],
        format!(
            "{}:7:5: error: disease `disease-0`: unknown disease `missing-0`",
            file.display()
        )
    );
    assert_eq!(
        lines[MAX_LISTED],
        format!(
            "… and {} more problem(s), not listed (the first {MAX_LISTED} are above); fix those and check again",
            n - MAX_LISTED
        )
    );
    assert_eq!(lines[MAX_LISTED + 1], format!("{n} problem(s) found"));
}

#[test]
fn fifty_thousand_errors_on_one_line_have_their_own_columns() {
    let n = 50_000;
    let text = synth::one_line(n);
    let loaded = load("line.ron", &text);
    assert_eq!(loaded.n_problems(), n);
    assert_eq!(loaded.unlisted, n - MAX_LISTED);
    // Each entry's `bogus`, counted in characters (the Chinese names are three bytes).
    let columns: Vec<usize> = text
        .match_indices("bogus")
        .take(MAX_LISTED)
        .map(|(offset, _)| text[..offset].chars().count() + 1)
        .collect();
    for (diagnostic, col) in loaded.diagnostics.iter().zip(&columns) {
        let pos = diagnostic.pos.expect("positioned");
        assert_eq!((pos.line, pos.col), (1, *col), "{diagnostic}");
        assert!(
            diagnostic
                .message
                .starts_with("unknown field `bogus` in `Disease`"),
            "{diagnostic}"
        );
    }
}

#[test]
fn junk_is_counted_not_kept() {
    let n = 50_000;
    let text = synth::junk(n, 42);
    let loaded = load("junk.ron", &text);
    // Every junk entry costs at least one problem; the unknown field at the end too.
    assert!(loaded.n_problems() > n, "{} problems", loaded.n_problems());
    assert_eq!(loaded.diagnostics.len(), MAX_LISTED);
    assert_in_file_order(&loaded);
    assert!(loaded.doc.claims.is_empty());
    // The same seed gives the same file and the same first problems.
    let first: Vec<String> = lines(&loaded).into_iter().take(3).collect();
    let again = load("junk.ron", &synth::junk(n, 42));
    assert_eq!(first, lines(&again).into_iter().take(3).collect::<Vec<_>>());
    assert_eq!(loaded.n_problems(), again.n_problems());
    assert!(first[0].starts_with("junk.ron:4:"), "{}", first[0]);
}

/// A review and a claim citing it, for documents that need provenance.
fn review_and_claim() -> (Review, Claim) {
    let review = Review {
        id: "r1".into(),
        zh: "综述".to_owned(),
        en: "review".to_owned(),
        ..Review::default()
    };
    let claim = Claim {
        id: "c1".into(),
        zh: "结论".to_owned(),
        en: "finding".to_owned(),
        direction: Direction::Promotes,
        level: Level::Animal,
        cite: Cite {
            review: "r1".into(),
            section: "1".to_owned(),
            quote: "原文".to_owned(),
            ..Cite::default()
        },
        ..Claim::default()
    };
    (review, claim)
}

#[test]
fn a_claim_linking_50000_entities_indexes_each_once() {
    let n = 50_000;
    let (review, mut claim) = review_and_claim();
    let mut doc = Document {
        version: io::FORMAT_VERSION,
        reviews: vec![review],
        ..Document::default()
    };
    for i in 0..n {
        let id = format!("m{i}");
        doc.cargos.push(Cargo {
            id: id.as_str().into(),
            zh: format!("分子{i}"),
            en: format!("molecule {i}"),
            ..Cargo::default()
        });
        doc.targets.push(Target {
            id: format!("t{i}").into(),
            zh: format!("靶点{i}"),
            en: format!("target {i}"),
            ..Target::default()
        });
        claim.cargos.push(id.as_str().into());
        // Cargo may be a target too: every molecule is both (a curation warning each).
        claim.targets.push(id.into());
    }
    doc.claims.push(claim);
    let loaded = load("links.ron", &ron(&doc));
    assert_eq!(lines(&loaded), Vec::<String>::new());
    let cargo = loaded.index.item("m123").expect("indexed");
    assert_eq!(loaded.index.claims_of(cargo), &[0]);
    assert_eq!(loaded.lint_diagnostics().len(), n);
}

#[test]
fn twenty_thousand_tables_citing_one_claim_are_its_views_once_each() {
    let n = 20_000;
    let (review, claim) = review_and_claim();
    let tables = (0..n)
        .map(|i| TableView {
            id: format!("t{i}").into(),
            review: "r1".into(),
            label: format!("Table {i}"),
            zh: "表".to_owned(),
            en: "table".to_owned(),
            rows: vec![Row {
                claims: ["c1".into(), "c1".into()].into_iter().collect(),
                ..Row::default()
            }],
            ..TableView::default()
        })
        .collect();
    let doc = Document {
        version: io::FORMAT_VERSION,
        reviews: vec![review],
        claims: vec![claim],
        tables,
        ..Document::default()
    };
    let text = ron(&doc);
    let loaded = load("tables.ron", &text);
    assert_eq!(lines(&loaded), Vec::<String>::new());
    let claim = loaded.index.item("c1").expect("indexed");
    assert_eq!(loaded.index.views_of(claim).len(), n);
    // The welcome page links the first tables and counts the others.
    let mut harness = app_harness(AppState::from_bytes(
        Path::new("tables.ron"),
        text.as_bytes(),
    ));
    harness.run();
    harness.get_by_label_contains("Table 0");
    assert!(harness.query_by_label_contains("Table 19999").is_none());
    harness.get_by_label_contains(&format!("{} more (search to find one)", n - 200));
}

/// The whole app over `state`, headless.
fn app_harness(state: AppState) -> Harness<'static, ParacrineApp> {
    Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .with_context_setup(paracrine::fonts::install_fonts)
        .build_ui_state(
            |ui, app: &mut ParacrineApp| app.frame_ui(ui),
            ParacrineApp::with_state(state, std::sync::Arc::new(paracrine::platform::NoPicker)),
        )
}

#[test]
fn a_figure_panel_of_40000_nodes_checks_its_keys_once() {
    let n = 40_000;
    let (review, _) = review_and_claim();
    let mut nodes: Vec<Node> = (0..n)
        .map(|i| Node {
            key: format!("k{i}"),
            zh: "节点".to_owned(),
            en: "node".to_owned(),
            ..Node::default()
        })
        .collect();
    // One key twice, at the end: one problem.
    nodes.push(Node {
        key: "k0".to_owned(),
        zh: "节点".to_owned(),
        en: "node".to_owned(),
        ..Node::default()
    });
    let doc = Document {
        version: io::FORMAT_VERSION,
        reviews: vec![review],
        figures: vec![FigureView {
            id: "f1".into(),
            review: "r1".into(),
            label: "Fig. 1".to_owned(),
            zh: "图".to_owned(),
            en: "figure".to_owned(),
            panels: vec![Panel {
                label: "A".to_owned(),
                nodes,
                ..Panel::default()
            }],
        }],
        ..Document::default()
    };
    let loaded = load("figure.ron", &ron(&doc));
    let lines = lines(&loaded);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].ends_with("error: figure `f1` panel A: node key `k0` appears twice"),
        "{}",
        lines[0]
    );
}

#[test]
fn the_problems_window_opens_on_20000_problems_laying_out_only_what_shows() {
    // Beyond the listed ones the count is all that grows: 20,000 show what 200,000 would.
    let n = 20_000;
    let path = PathBuf::from("dangling.ron");
    let state = AppState::from_bytes(&path, dangling(n).as_bytes());
    let problems = state.problems().expect("problems shown");
    assert_eq!(problems.n_problems(), n);
    assert_eq!(problems.diagnostics.len(), MAX_LISTED);
    let mut harness = app_harness(state);
    harness.run();
    harness.get_by_label_contains("20000 problem(s)");
    harness.get_by_label_contains(
        "dangling.ron:7:5: error: disease `disease-0`: unknown disease `missing-0`",
    );
    // Rows far down the list are not laid out until scrolled to.
    assert!(harness.query_by_label_contains("`missing-4999`").is_none());
    assert!(
        harness
            .query_by_label_contains("more problem(s), not listed")
            .is_none()
    );
}

/// The allocator runs without transparent huge pages (`.cargo/config.toml` builds
/// mimalloc with them off, and it turns them off for the process at start-up, which
/// the kernel reports in `/proc/self/status`). Elsewhere there is nothing to check.
#[test]
fn the_process_runs_without_transparent_huge_pages() {
    let Ok(status) = std::fs::read_to_string("/proc/self/status") else {
        return;
    };
    let Some(line) = status.lines().find(|l| l.starts_with("THP_enabled:")) else {
        return;
    };
    // Something of the crate, so that its allocator is certainly the one linked.
    assert!(!paracrine::app::EMBEDDED_EVIDENCE.is_empty());
    assert_eq!(line.split_whitespace().nth(1), Some("0"), "{line}");
}
