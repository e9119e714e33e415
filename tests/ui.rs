//! UI flows driven headlessly through AccessKit with egui_kittest: no display needed.
//! Widgets are found by their accessible labels, as a screen reader would.

// Tests and benchmarks may panic on broken fixtures: that is how they fail.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use paracrine::app::AppState;
use paracrine::fonts::install_fonts;
use paracrine::platform::{FilePicker, NoDialog};
use paracrine::ui::ParacrineApp;

const FIXTURE: &str = "tests/fixtures/good_minimal.ron";

/// Never opens a dialog: answers with a fixed path.
struct FixedPicker(Option<PathBuf>);

impl FilePicker for FixedPicker {
    fn pick_evidence_file(&self) -> Result<Option<PathBuf>, NoDialog> {
        Ok(self.0.clone())
    }
}

fn harness_with(state: AppState, picker: FixedPicker) -> Harness<'static, ParacrineApp> {
    Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .with_context_setup(install_fonts)
        .build_ui_state(
            |ui, app: &mut ParacrineApp| app.frame_ui(ui),
            ParacrineApp::with_state(state, Arc::new(picker)),
        )
}

fn fixture_harness() -> Harness<'static, ParacrineApp> {
    let bytes = std::fs::read(FIXTURE).expect("fixture");
    harness_with(
        AppState::from_bytes(Path::new(FIXTURE), &bytes),
        FixedPicker(None),
    )
}

#[test]
fn shell_lists_kinds_with_counts_and_renders_chinese() {
    let mut harness = fixture_harness();
    harness.run();
    // Both languages by default; a missing glyph would panic inside kittest.
    harness.get_by_label("Diseases 疾病  (2)").click();
    harness.run();
    harness
        .get_by_label_contains("系统性红斑狼疮 · systemic lupus erythematosus")
        .click();
    harness.run();
    assert_eq!(harness.state().state.current_id(), Some("sle"));
    // The page shows the child disease as a link — under "Includes", in the summary's
    // "including 1 child disease" line, on the child's claims (rolled up into the
    // parent's page) — and the list shows it too.
    let child = "弥漫性肺泡出血 · diffuse alveolar haemorrhage";
    assert!(harness.get_all_by_label(child).count() >= 3);
    harness.get_by_label_contains("Including 1 child disease:");
    // Without roll-up only "Includes" and the list name it.
    harness
        .get_by_label("Include child diseases 包含子疾病的证据")
        .click();
    harness.run();
    assert_eq!(harness.get_all_by_label(child).count(), 2);
}

#[test]
fn search_146a_open_cargo_follow_a_disease_and_come_back() {
    let mut harness = fixture_harness();
    harness.run();
    harness.get_by_label("Search 搜索").focus();
    harness.run();
    harness.get_by_label("Search 搜索").type_text("146a");
    harness.run();
    // The popup lists the cargo, grouped under its kind.
    harness.get_by_label("Cargo 活性分子 (1)");
    assert!(!harness.state().search.results().is_empty());
    harness.key_press(egui::Key::Enter);
    harness.run();
    assert_eq!(harness.state().state.current_id(), Some("mir-146a-5p"));

    // The cargo's page links the disease its claim is about.
    harness
        .get_all_by_label("弥漫性肺泡出血 · diffuse alveolar haemorrhage")
        .next()
        .expect("disease link on the cargo page")
        .click();
    harness.run();
    assert_eq!(harness.state().state.current_id(), Some("dah"));

    harness.key_press_modifiers(egui::Modifiers::ALT, egui::Key::ArrowLeft);
    harness.run();
    assert_eq!(harness.state().state.current_id(), Some("mir-146a-5p"));
    // The toolbar buttons do the same.
    harness.get_by_label("→").click();
    harness.run();
    assert_eq!(harness.state().state.current_id(), Some("dah"));
    harness.get_by_label("←").click();
    harness.run();
    assert_eq!(harness.state().state.current_id(), Some("mir-146a-5p"));
}

#[test]
fn language_toggle_changes_labels() {
    let mut harness = fixture_harness();
    harness.run();
    harness.get_by_label("English").click();
    harness.run();
    harness.get_by_label("Diseases  (2)");
    assert!(harness.query_by_label("Diseases 疾病  (2)").is_none());
    harness.get_by_label("中文").click();
    harness.run();
    harness.get_by_label("疾病  (2)");
}

#[test]
fn a_broken_file_shows_its_problems_and_keeps_the_evidence() {
    let bytes = std::fs::read(FIXTURE).expect("fixture");
    let broken = PathBuf::from("tests/fixtures/bad_syntax.ron");
    let mut harness = harness_with(
        AppState::from_bytes(Path::new(FIXTURE), &bytes),
        FixedPicker(Some(broken)),
    );
    harness.run();
    harness.get_by_label("File 文件").click();
    harness.run();
    harness.get_by_label_contains("Open file…").click();
    // The dialog runs on its own thread; give it a few frames.
    for _ in 0..50 {
        harness.step();
        if harness.state().state.problems().is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    harness.run();
    let problems = harness.state().state.problems().expect("problems shown");
    assert_eq!(problems.diagnostics.len(), 5);
    harness.get_by_label_contains("bad_syntax.ron:4:33: error: unknown field `parnt`");
    // The evidence that was loaded is still there.
    assert_eq!(harness.state().state.doc().claims.len(), 1);
    harness.get_by_label("Close 关闭").click();
    harness.run();
    assert!(harness.state().state.problems().is_none());
}

#[test]
fn the_shipped_evidence_opens_on_the_welcome_page() {
    let mut harness = harness_with(AppState::embedded(), FixedPicker(None));
    harness.run();
    assert!(harness.state().state.problems().is_none());
    harness.get_by_label_contains("Paracrine");
}

#[test]
fn evidence_level_filter_changes_what_is_listed() {
    let mut harness = fixture_harness();
    harness.run();
    harness.get_by_label("Diseases 疾病 (2)");
    harness.get_by_label("Filters 筛选").click();
    harness.run();
    // The fixture's only claim is an animal study: "in vitro" hides it everywhere.
    harness.get_by_label("体外 · in vitro").click();
    harness.run();
    assert!(harness.state().state.filters().is_active());
    harness.get_by_label("Diseases 疾病 (0)");
    harness.get_by_label("动物 · animal").click();
    harness.run();
    // Only the disease its claim is about is listed now.
    harness.get_by_label("Diseases 疾病 (1)");
    harness.get_by_label("Clear filters 清除筛选").click();
    harness.run();
    harness.get_by_label("Diseases 疾病 (2)");
    assert!(!harness.state().state.filters().is_active());
}

#[test]
fn long_pages_show_claims_a_page_at_a_time() {
    let mut state = AppState::embedded();
    state.apply(paracrine::app::Command::navigate_to("ibd"));
    // The page lists the claims of IBD and of its child diseases (roll-up is on).
    let n_claims =
        paracrine::app::derived::entity_claims(&state, state.current_item().expect("ibd"))
            .claims
            .len();
    assert!(n_claims > 40, "IBD has {n_claims} claims");
    let mut harness = harness_with(state, FixedPicker(None));
    harness.run();
    let hidden = n_claims - 20;
    harness
        .get_by_label_contains(&format!("Show more evidence 显示更多证据 ({hidden} "))
        // Below the fold: press it the way a screen reader would.
        .click_accesskit();
    harness.run();
    let hidden = hidden.saturating_sub(20);
    harness.get_by_label_contains(&format!("({hidden} "));
}

#[test]
fn search_results_follow_a_newly_opened_document() {
    let mut harness = fixture_harness();
    harness.run();
    harness.get_by_label("Search 搜索").focus();
    harness.run();
    harness.get_by_label("Search 搜索").type_text("146a");
    harness.run();
    let top_id = |harness: &Harness<'static, ParacrineApp>| {
        let app = harness.state();
        let hit = app.search.results().first().expect("a hit");
        app.state.doc().id_of(hit.item).map(str::to_owned)
    };
    assert_eq!(top_id(&harness).as_deref(), Some("mir-146a-5p"));
    // A document of the same size where only NOTCH1 is called "146a": results cached
    // by query and size alone would still show the cargo.
    let renamed = std::fs::read_to_string(FIXTURE)
        .expect("fixture")
        .replace(
            r#"zh: "miR-146a-5p", en: "miR-146a-5p""#,
            r#"zh: "miR-999", en: "miR-999""#,
        )
        .replace(
            r#"zh: "NOTCH1", en: "NOTCH1""#,
            r#"zh: "NOTCH1", en: "146a receptor""#,
        );
    let path = std::env::temp_dir().join(format!("paracrine-renamed-{}.ron", std::process::id()));
    std::fs::write(&path, renamed).expect("write");
    harness
        .state_mut()
        .state
        .apply(paracrine::app::Command::Open(path.clone()));
    harness.state_mut().state.finish_jobs();
    harness.run();
    std::fs::remove_file(&path).ok();
    assert!(harness.state().state.problems().is_none());
    assert_eq!(top_id(&harness).as_deref(), Some("notch1"));
}

/// A picker whose dialog never answers (a desktop portal that hangs).
struct HangingPicker(std::sync::Mutex<Option<std::sync::mpsc::Receiver<()>>>);

impl FilePicker for HangingPicker {
    fn pick_evidence_file(&self) -> Result<Option<PathBuf>, NoDialog> {
        let rx = self.0.lock().ok().and_then(|mut rx| rx.take());
        if let Some(rx) = rx {
            // Blocks until the test ends: the sender is never used.
            let _ = rx.recv();
        }
        Ok(None)
    }
}

/// A picker for a machine with no system dialog.
struct NoDialogPicker;

impl FilePicker for NoDialogPicker {
    fn pick_evidence_file(&self) -> Result<Option<PathBuf>, NoDialog> {
        Err(NoDialog)
    }
}

fn harness_with_picker(picker: Arc<dyn FilePicker>) -> Harness<'static, ParacrineApp> {
    let bytes = std::fs::read(FIXTURE).expect("fixture");
    Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .with_context_setup(install_fonts)
        .build_ui_state(
            |ui, app: &mut ParacrineApp| app.frame_ui(ui),
            ParacrineApp::with_state(AppState::from_bytes(Path::new(FIXTURE), &bytes), picker),
        )
}

/// Runs frames until `done` holds (background jobs report on their own thread).
fn run_until(harness: &mut Harness<'static, ParacrineApp>, done: impl Fn(&ParacrineApp) -> bool) {
    // Up to 30 s: a loaded CI machine can be slow; a done state ends it at once.
    for _ in 0..3000 {
        harness.step();
        if done(harness.state()) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    harness.run();
}

/// Types `path` into the open-by-path prompt, presses Open and waits for the load.
fn open_in_prompt(harness: &mut Harness<'static, ParacrineApp>, path: &Path) {
    harness.get_by_label("File path 文件路径").focus();
    harness.run_steps(2);
    harness
        .get_by_label("File path 文件路径")
        .type_text(&path.display().to_string());
    harness.run_steps(2);
    harness.get_by_label("Open 打开").click();
    harness.step();
    harness.state_mut().state.finish_jobs();
    harness.run_steps(3);
}

#[test]
fn without_a_file_dialog_file_open_offers_a_path_field() {
    let mut harness = harness_with_picker(Arc::new(NoDialogPicker));
    harness.run();
    harness.get_by_label("File 文件").click();
    harness.run();
    harness.get_by_label_contains("Open file…").click();
    run_until(&mut harness, |app| app.state.open_prompt().is_some());
    harness.get_by_label_contains("No system file dialog can be shown on this machine");
    let other = std::fs::canonicalize("tests/fixtures/good_minimal.ron").expect("fixture");
    open_in_prompt(&mut harness, &other);
    assert!(harness.state().state.open_prompt().is_none());
    assert_eq!(harness.state().state.path(), Some(other.as_path()));
}

#[test]
fn a_dialog_that_never_answers_does_not_block_file_open() {
    let (_never, rx) = std::sync::mpsc::channel::<()>();
    let picker = HangingPicker(std::sync::Mutex::new(Some(rx)));
    let mut harness = harness_with_picker(Arc::new(picker));
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::O);
    harness.run_steps(2);
    assert!(harness.state().state.dialog_pending());
    // Asking again offers the path field instead of silently doing nothing.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::O);
    harness.run_steps(2);
    harness.get_by_label_contains("The system file dialog has not answered");
    let other = std::fs::canonicalize(FIXTURE).expect("fixture");
    open_in_prompt(&mut harness, &other);
    assert_eq!(harness.state().state.path(), Some(other.as_path()));
    assert!(!harness.state().state.dialog_pending());
}

#[test]
fn the_command_palette_lists_every_action_with_its_shortcut_and_runs_one() {
    use paracrine::ui::commands::UiCommand;
    let mut harness = fixture_harness();
    harness.run();
    harness.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::P,
    );
    harness.run();
    assert!(harness.state().palette_open());
    let ctx = harness.ctx.clone();
    for cmd in UiCommand::all() {
        let label = cmd.label(paracrine::lang::Lang::Both);
        assert!(
            harness.get_all_by_label(&label).count() >= 1,
            "{cmd:?}: {label} not listed"
        );
        if let Some(shortcut) = cmd.shortcut_text(&ctx) {
            assert!(
                harness.query_by_label(&shortcut).is_some(),
                "{cmd:?}: shortcut {shortcut} not shown"
            );
        }
    }
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert!(!harness.state().palette_open());

    // Keyboard only: open, type, Enter.
    harness.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::P,
    );
    harness.run();
    // The query box has the focus as soon as the palette opens.
    harness.run();
    harness
        .get_all_by_label("Command palette 命令面板")
        .next()
        .expect("palette")
        .type_text("english names");
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
    assert!(!harness.state().palette_open());
    assert_eq!(harness.state().state.lang(), paracrine::lang::Lang::En);
}

#[test]
fn page_data_is_derived_once_not_per_frame() {
    let mut state = AppState::embedded();
    state.apply(paracrine::app::Command::navigate_to("ibd"));
    let mut harness = harness_with(state, FixedPicker(None));
    harness.run();
    let after_first = harness.state().n_page_builds();
    for _ in 0..10 {
        harness.step();
    }
    assert_eq!(harness.state().n_page_builds(), after_first);
    // A filter change derives the page again, once.
    let mut filters = harness.state().state.filters().clone();
    filters.tiers.insert(paracrine::model::Tier::Animal);
    harness
        .state_mut()
        .state
        .apply(paracrine::app::Command::SetFilters(filters));
    harness.run();
    assert_eq!(harness.state().n_page_builds(), after_first + 1);
}

#[test]
fn a_large_file_loads_in_the_background_with_progress() {
    let doc = paracrine::model::synth::synthetic(5_000, 7);
    let text = paracrine::model::io::to_ron_string(&doc).expect("ron");
    let path = std::env::temp_dir().join(format!("paracrine-big-{}.ron", std::process::id()));
    std::fs::write(&path, text).expect("write");
    let mut harness = fixture_harness();
    harness.run();
    harness
        .state_mut()
        .state
        .apply(paracrine::app::Command::Open(path.clone()));
    // The window keeps drawing while the file loads, and says so.
    // (Reading 5,000 claims takes far longer than one frame, even on a fast machine.)
    harness.step();
    assert!(harness.state().state.loading().is_some());
    harness.get_by_label_contains("Loading");
    // The current evidence stays on screen meanwhile.
    harness.get_by_label("Diseases 疾病  (2)");
    run_until(&mut harness, |app| app.state.loading().is_none());
    std::fs::remove_file(&path).ok();
    assert!(harness.state().state.problems().is_none());
    assert_eq!(harness.state().state.doc().claims.len(), 5_000);
    assert_eq!(harness.state().state.path(), Some(path.as_path()));
    // The evidence showed before its search index: that follows in the background, and
    // a query typed meanwhile is answered once it is in.
    let name = harness.state().state.doc().diseases[0].en.clone();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::K);
    harness.run();
    harness.get_by_label("Search 搜索").type_text(&name);
    run_until(&mut harness, |app| !app.state.refresh_pending());
    assert!(!harness.state().state.refresh_pending());
    let app = harness.state();
    let hit = app
        .search
        .results()
        .first()
        .expect("a hit once the index is in");
    let first = app.state.doc().diseases[0].id.as_str();
    assert_eq!(app.state.doc().id_of(hit.item), Some(first));
}

/// A load for the app leaves the search index to the background; `check` never builds
/// it; every other load builds it with the rest.
#[test]
fn loads_say_whether_they_built_the_search_index() {
    let path = std::env::temp_dir().join(format!("paracrine-search-{}.ron", std::process::id()));
    std::fs::write(&path, paracrine::app::EMBEDDED_EVIDENCE).expect("write");
    let paths = [path.clone()];
    let progress = paracrine::platform::Progress::default();
    let later = paracrine::model::load_files_cached_with(
        &paths,
        None,
        &progress,
        paracrine::model::Search::Later,
    )
    .0;
    let now = paracrine::model::load_files(&paths);
    let check = paracrine::model::load_files_without_search(&paths);
    std::fs::remove_file(&path).ok();
    assert!(later.search_deferred && check.search_deferred && !now.search_deferred);
    // The same document and lookups either way.
    assert_eq!(later.doc, now.doc);
    assert!(later.index.same_links(&now.index));
}

#[test]
fn ctrl_k_selects_the_old_query_and_esc_closes_the_popup() {
    let mut harness = fixture_harness();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::K);
    harness.run();
    harness.get_by_label("Search 搜索").type_text("146a");
    harness.run();
    harness.get_by_label("Cargo 活性分子 (1)");
    // Again: the old query is selected, so typing replaces it.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::K);
    harness.run();
    harness.get_by_label("Search 搜索").type_text("notch");
    harness.run();
    assert_eq!(harness.state().search.query, "notch");
    harness.get_by_label("Targets 靶点 (1)");
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert!(
        harness.query_by_label("Targets 靶点 (1)").is_none(),
        "popup still open"
    );
}

#[test]
fn an_inferred_level_says_so_and_can_be_filtered_out() {
    let text = std::fs::read_to_string(FIXTURE).expect("fixture").replace(
        "level: Animal,",
        "level: Animal,\n      level_inferred: true,",
    );
    let mut state = AppState::from_bytes(Path::new("inferred.ron"), text.as_bytes());
    assert!(state.problems().is_none());
    state.apply(paracrine::app::Command::navigate_to("c1"));
    let mut harness = harness_with(state, FixedPicker(None));
    harness.run();
    harness.get_by_label("inferred 推断");
    harness.get_by_label("Filters 筛选").click();
    harness.run();
    harness
        .get_by_label_contains("Only levels the review states")
        .click();
    harness.run();
    assert!(harness.state().state.filters().stated_level_only);
    // The only claim's level is inferred: no disease has a visible claim now.
    harness.get_by_label("Diseases 疾病 (0)");
}

#[test]
fn the_breadcrumb_trail_is_one_line_of_short_names() {
    let mut state = AppState::embedded();
    let claims: Vec<paracrine::model::Id> = state
        .doc()
        .claims
        .iter()
        .take(7)
        .map(|c| c.id.clone())
        .collect();
    for id in &claims {
        state.apply(paracrine::app::Command::navigate_to(id.clone()));
    }
    let long = state
        .doc()
        .claims
        .get(6)
        .map(|c| c.zh.clone())
        .expect("claim");
    let mut harness = harness_with(state, FixedPicker(None));
    harness.run();
    // The oldest pages collapse, and a claim sentence is cut to a short name.
    harness.get_by_label("…");
    let short: String = long.chars().take(23).collect();
    assert!(long.chars().count() > 24, "pick a longer claim");
    harness.get_by_label(&format!("{short}…"));
}
