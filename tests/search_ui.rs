//! The search box and its popup, driven headlessly with egui_kittest on the shipped
//! evidence: the popup's height, Esc, Ctrl+K / Ctrl+F replacing the old query, and
//! opening what was found (tables by their label, claims by their text).

// Tests may panic on a broken fixture: that is how they fail.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::sync::Arc;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use paracrine::app::AppState;
use paracrine::fonts::install_fonts;
use paracrine::platform::{FilePicker, NoDialog};
use paracrine::ui::ParacrineApp;

struct NoPicker;

impl FilePicker for NoPicker {
    fn pick_evidence_file(&self) -> Result<Option<std::path::PathBuf>, NoDialog> {
        Ok(None)
    }
}

fn harness() -> Harness<'static, ParacrineApp> {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .with_context_setup(install_fonts)
        .build_ui_state(
            |ui, app: &mut ParacrineApp| app.frame_ui(ui),
            ParacrineApp::with_state(AppState::embedded(), Arc::new(NoPicker)),
        );
    harness.run();
    harness
}

const SEARCH_BOX: &str = "Search 搜索";

/// The results popup's rectangle as egui remembers it (the area's id is fixed).
fn popup_rect(harness: &Harness<'static, ParacrineApp>) -> egui::Rect {
    harness
        .ctx
        .memory(|m| m.area_rect(egui::Id::unique("search-results")))
        .expect("the popup was shown")
}

/// Ctrl+K, then `text` typed as a person would.
fn search_for(harness: &mut Harness<'static, ParacrineApp>, text: &str) {
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::K);
    harness.run();
    harness.get_by_label(SEARCH_BOX).type_text(text);
    harness.run();
}

/// The id of the page shown.
fn current_id(harness: &Harness<'static, ParacrineApp>) -> Option<String> {
    harness.state().state.current_id().map(str::to_owned)
}

#[test]
fn the_popup_grows_again_after_a_one_hit_query() {
    let mut harness = harness();
    search_for(&mut harness, "tnfaip6");
    assert_eq!(harness.state().search.results().len(), 1, "one hit");
    let small = popup_rect(&harness).height();
    // A new query in the same box, without closing the popup (select all, type).
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.run();
    harness.get_by_label(SEARCH_BOX).type_text("mir");
    harness.run();
    assert!(harness.state().search.results().len() > 20);
    let grown = popup_rect(&harness).height();
    // Room for well over ten rows, not the one row the last query needed.
    assert!(
        grown > small * 4.0 && grown > 300.0,
        "popup {small} px after one hit, {grown} px for many"
    );
}

#[test]
fn esc_closes_the_popup() {
    let mut harness = harness();
    search_for(&mut harness, "tsg6");
    // The cargo's row, which nothing else on the welcome page shows.
    harness.get_by_label_contains("stimulated gene 6 protein");
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert!(
        harness
            .query_by_label_contains("stimulated gene 6 protein")
            .is_none(),
        "the popup is still open after Esc"
    );
    // The query is kept: Ctrl+K brings it back, selected.
    assert_eq!(harness.state().search.query, "tsg6");
}

#[test]
fn ctrl_k_then_typing_replaces_the_old_query() {
    let mut harness = harness();
    search_for(&mut harness, "tsg6");
    search_for(&mut harness, "mir");
    assert_eq!(harness.state().search.query, "mir");
    // After Esc (the box lost the focus) and with Ctrl+F, the second shortcut.
    harness.key_press(egui::Key::Escape);
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::F);
    harness.run();
    harness.get_by_label(SEARCH_BOX).type_text("lupus");
    harness.run();
    assert_eq!(harness.state().search.query, "lupus");
    // After opening a hit with Enter (focus moved on).
    harness.key_press(egui::Key::Enter);
    harness.run();
    assert_eq!(current_id(&harness).as_deref(), Some("sle"));
    search_for(&mut harness, "tsg6");
    assert_eq!(harness.state().search.query, "tsg6");
}
