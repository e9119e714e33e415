//! The table widget driven headlessly through AccessKit: a review table shows every
//! cell's verbatim text beside its links, sorts by a header, filters, opens a row's
//! claim and its diagram, exports CSV through a fake save dialog (and the typed-path
//! fallback) and copies TSV; a claims table opens from an entity page; frames reuse the
//! arranged rows and the measured layout.

// Tests may panic on broken fixtures: that is how they fail.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use paracrine::app::{AppState, Command, OpenPrompt, Page, SetDiagramPage};
use paracrine::fonts::install_fonts;
use paracrine::lang::Lang;
use paracrine::model::evidence::{ClaimQuery, ClaimSet};
use paracrine::platform::{FilePicker, NoDialog, NoPicker};
use paracrine::ui::ParacrineApp;
use paracrine::ui::tabular_view::{n_arranged, n_measured};

/// Never opens a dialog: answers a save request with a fixed path (`None`: there is no
/// dialog on this machine).
struct SavePicker(Option<PathBuf>);

impl FilePicker for SavePicker {
    fn pick_evidence_file(&self) -> Result<Option<PathBuf>, NoDialog> {
        Err(NoDialog)
    }

    fn pick_save_path(&self, _suggested: &Path) -> Result<Option<PathBuf>, NoDialog> {
        self.0.clone().map(Some).ok_or(NoDialog)
    }
}

fn harness_at(
    page: Page,
    size: egui::Vec2,
    picker: Arc<dyn FilePicker>,
) -> Harness<'static, ParacrineApp> {
    let mut state = AppState::embedded();
    state.apply(Command::SetLang(Lang::En));
    state.apply(Command::Navigate(page));
    Harness::builder()
        .with_size(size)
        .with_context_setup(install_fonts)
        .build_ui_state(
            |ui, app: &mut ParacrineApp| app.frame_ui(ui),
            ParacrineApp::with_state(state, picker),
        )
}

fn item(id: &str) -> Page {
    Page::Item(id.into())
}

/// A fresh directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("paracrine-tables-{name}-{}", std::process::id()));
    std::fs::remove_dir_all(&dir).ok();
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// The first authors of t003-2 as shown, top to bottom.
fn authors_shown(harness: &Harness<'_, ParacrineApp>) -> Vec<String> {
    let mut shown: Vec<(f32, String)> = [
        "SHIN[44]", "DI[42]", "PARK[48]", "SONG[47]", "CAO[49]", "YUAN[46]", "SUI[50]",
    ]
    .into_iter()
    .filter_map(|a| {
        harness
            .query_by_label(a)
            .map(|n| (n.rect().top(), a.to_owned()))
    })
    .collect();
    shown.sort_by(|a, b| a.0.total_cmp(&b.0));
    shown.into_iter().map(|(_, a)| a).collect()
}

/// Steps frames (background jobs finish on their threads) until `done`.
fn run_until(harness: &mut Harness<'_, ParacrineApp>, done: impl Fn(&ParacrineApp) -> bool) {
    for _ in 0..400 {
        harness.run_steps(1);
        if done(harness.state()) {
            harness.run_steps(2);
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    panic!("timed out waiting for a background job");
}

#[test]
fn a_review_table_shows_the_text_sorts_filters_and_opens_a_rows_claim() {
    let mut harness = harness_at(
        item("t003-2"),
        egui::vec2(1280.0, 800.0),
        Arc::new(NoPicker),
    );
    harness.run();
    // The verbatim text of PARK's row, and its link by the entity's name beside it.
    harness.get_by_label("抑制M1极化");
    harness.get_by_label("M1 polarization");
    harness.get_by_label_contains("7 of 7 rows");
    let printed = [
        "SHIN[44]", "DI[42]", "PARK[48]", "SONG[47]", "CAO[49]", "YUAN[46]", "SUI[50]",
    ];
    assert_eq!(authors_shown(&harness), printed);
    // Caption above, footnote below.
    harness.get_by_label_contains("Studies in which MSCs release");
    harness.get_by_label_contains("表注：COX-2为环氧化酶2");

    harness.get_by_label("First author").click_accesskit();
    harness.run();
    assert_eq!(
        authors_shown(&harness),
        [
            "CAO[49]", "DI[42]", "PARK[48]", "SHIN[44]", "SONG[47]", "SUI[50]", "YUAN[46]"
        ]
    );
    harness.get_by_label("▲");
    harness.get_by_label("First author").click_accesskit();
    harness.run();
    harness.get_by_label("▼");
    assert_eq!(
        authors_shown(&harness),
        [
            "YUAN[46]", "SUI[50]", "SONG[47]", "SHIN[44]", "PARK[48]", "DI[42]", "CAO[49]"
        ]
    );
    harness.get_by_label("First author").click_accesskit();
    harness.run();
    assert_eq!(authors_shown(&harness), printed);
    assert!(harness.query_by_label("▼").is_none());

    // Frames reuse the arrangement and the measured rows.
    let (arranged, measured) = (n_arranged(&harness.ctx), n_measured(&harness.ctx));
    harness.run_steps(5);
    assert_eq!(n_arranged(&harness.ctx), arranged);
    assert_eq!(n_measured(&harness.ctx), measured);
    assert_eq!(harness.state().n_page_builds(), 1);

    let filter = harness.get_by_label("Filter rows:");
    filter.focus();
    filter.type_text("M1");
    harness.run();
    harness.get_by_label_contains("1 of 7 rows");
    assert_eq!(authors_shown(&harness), ["PARK[48]"]);

    harness
        .get_by_label("Open the claim of row 3")
        .click_accesskit();
    harness.run();
    assert_eq!(
        harness.state().state.current_id(),
        Some("c003-park-pge2-nlrp3")
    );
}

#[test]
fn every_review_table_shows_every_cells_verbatim_text() {
    let state = AppState::embedded();
    let tables: Vec<_> = state.doc().tables.clone();
    for table in tables {
        // Tall enough that every row is laid out (rows below the window are skipped).
        let mut harness = harness_at(
            item(&table.id),
            egui::vec2(1280.0, 4000.0),
            Arc::new(NoPicker),
        );
        harness.run();
        for row in &table.rows {
            for cell in &row.cells {
                let text = cell.text.trim();
                if text.is_empty() {
                    continue;
                }
                assert!(
                    harness.query_all_by_label(&cell.text).next().is_some(),
                    "{}: the cell text {text:?} is not shown",
                    table.id
                );
            }
        }
    }
}

#[test]
fn a_rows_claims_and_diagram_are_one_click_away() {
    let mut harness = harness_at(
        item("t003-2"),
        egui::vec2(1280.0, 800.0),
        Arc::new(NoPicker),
    );
    harness.run();
    // SHIN's row reports three claims: the claims table of the row.
    harness
        .get_by_label("Open the 3 claims of row 1")
        .click_accesskit();
    harness.run();
    let row = ClaimQuery::of(ClaimSet::TableRow {
        table: "t003-2".into(),
        row: 0,
    });
    assert_eq!(
        harness.state().state.current_page(),
        &Page::Claims(row.clone())
    );
    harness.get_by_label_contains("3 of 3 rows");
    harness.key_press_modifiers(egui::Modifiers::ALT, egui::Key::ArrowLeft);
    harness.run();

    harness.get_by_label("Diagram of row 1").click_accesskit();
    harness.run();
    assert_eq!(
        harness.state().state.current_page(),
        &Page::SetDiagram(SetDiagramPage {
            query: row,
            expanded: Default::default(),
        })
    );
    // Drawn with the diagram painter: TSG-6 is a node, found by its name.
    harness.get_by_label_contains("Drawn from 3 claims");
    assert!(
        harness
            .query_all_by_label("TNF-α-stimulated gene 6 protein")
            .next()
            .is_some()
    );
    // Back to the claims table of the row.
    harness.get_by_label("← Claims table").click();
    harness.run();
    assert!(matches!(
        harness.state().state.current_page(),
        Page::Claims(_)
    ));
}

#[test]
fn export_csv_through_the_save_dialog_and_read_it_back() {
    let dir = scratch("dialog");
    let target = dir.join("park.csv");
    let mut harness = harness_at(
        item("t003-2"),
        egui::vec2(1280.0, 800.0),
        Arc::new(SavePicker(Some(target.clone()))),
    );
    harness.run();
    let filter = harness.get_by_label("Filter rows:");
    filter.focus();
    filter.type_text("colitis");
    harness.run();
    harness.get_by_label("Year").click_accesskit();
    harness.run();
    harness.get_by_label("Export CSV…").click();
    run_until(&mut harness, |app| {
        app.state.notice().is_some_and(|n| n.contains("exported"))
    });
    let notice = harness.state().state.notice().unwrap().to_owned();
    assert!(notice.contains("4 of 7 rows"), "{notice}");
    let bytes = std::fs::read(&target).expect("written");
    assert!(bytes.starts_with(b"\xEF\xBB\xBF# "));
    let text = String::from_utf8(bytes.clone()).expect("utf-8");
    assert!(text.contains("# content hash: "), "{text}");
    assert!(
        text.contains("# filters: rows containing “colitis”"),
        "{text}"
    );
    let mut reader = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .from_reader(&bytes[3..]);
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(header[0], "First author");
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    let authors: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(authors, ["PARK[48]", "SONG[47]", "CAO[49]", "YUAN[46]"]);
    assert_eq!(rows[0][2], "抑制M1极化");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn without_a_save_dialog_a_typed_path_exports_and_tsv_goes_to_the_clipboard() {
    let dir = scratch("typed");
    let mut harness = harness_at(
        Page::claims_of(ClaimSet::Entity {
            id: "sle".into(),
            rollup: true,
        }),
        egui::vec2(1280.0, 800.0),
        Arc::new(SavePicker(None)),
    );
    harness.run();
    harness.get_by_label("Export CSV…").click();
    run_until(&mut harness, |app| app.state.save_prompt().is_some());
    let prompt = harness.state().state.save_prompt().unwrap().clone();
    assert_eq!(prompt.reason, OpenPrompt::NoDialog);
    let name = prompt.suggested.file_name().unwrap().to_string_lossy();
    assert!(
        name.starts_with("claims-systemic-lupus-erythematosus-") && name.ends_with(".csv"),
        "{name}"
    );
    let target = dir.join("sle.tsv");
    harness.get_by_label("Save to").focus();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness
        .get_by_label("Save to")
        .type_text(target.to_str().unwrap());
    harness.run();
    harness.get_by_label("Save").click();
    run_until(&mut harness, |app| {
        app.state.notice().is_some_and(|n| n.contains("exported"))
    });
    assert!(harness.state().state.save_prompt().is_none());
    let tsv = std::fs::read_to_string(&target).expect("written");
    assert!(
        tsv.starts_with("Direction\tEvidence level\tFinding"),
        "{tsv}"
    );

    harness.get_by_label("Copy as TSV").click();
    // The text is made in the background, then handed to the clipboard in one frame.
    let mut copied = None;
    for _ in 0..400 {
        harness.step();
        copied = harness
            .output()
            .platform_output
            .commands
            .iter()
            .find_map(|c| {
                if let egui::OutputCommand::CopyText(text) = c {
                    Some(text.clone())
                } else {
                    None
                }
            });
        if copied.is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    assert_eq!(copied.expect("text put on the clipboard"), tsv);
    harness.run();
    assert!(
        harness
            .state()
            .state
            .notice()
            .is_some_and(|n| n.starts_with("copied ")),
        "{:?}",
        harness.state().state.notice()
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_claims_table_opens_from_an_entity_page() {
    let mut harness = harness_at(item("sle"), egui::vec2(1280.0, 800.0), Arc::new(NoPicker));
    harness.run();
    harness.get_by_label("Claims table").click();
    harness.run();
    let query = ClaimQuery::of(ClaimSet::Entity {
        id: "sle".into(),
        rollup: true,
    });
    assert_eq!(
        harness.state().state.current_page(),
        &Page::Claims(query.clone())
    );
    let n = {
        let state = &harness.state().state;
        paracrine::model::evidence::select(state.doc(), state.index(), &query, |_| true)
            .unwrap()
            .claims
            .len()
    };
    assert!(n >= 5, "{n}");
    harness.get_by_label_contains(&format!("{n} of {n} rows"));
    // The summary stays on top.
    harness.get_by_label_contains("findings");
    harness.get_by_label("Direction").click_accesskit();
    harness.run();
    harness.get_by_label("▲");
    harness
        .get_by_label("Open the claim of row 1")
        .click_accesskit();
    harness.run();
    let id = harness.state().state.current_id().unwrap().to_owned();
    assert!(id.starts_with('c'), "{id}");
    harness.key_press_modifiers(egui::Modifiers::ALT, egui::Key::ArrowLeft);
    harness.run();
    harness.get_by_label("Diagram of these claims").click();
    harness.run();
    assert_eq!(
        harness.state().state.current_page(),
        &Page::diagram_of_claims(query)
    );
    harness.get_by_label_contains(&format!("Drawn from {n} claims"));
}
