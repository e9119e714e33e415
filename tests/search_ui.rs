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
    let label = match harness.state().state.lang() {
        paracrine::lang::Lang::En => "Search",
        paracrine::lang::Lang::Zh => "搜索",
        paracrine::lang::Lang::Both => SEARCH_BOX,
    };
    harness.get_by_label(label).type_text(text);
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

#[test]
fn search_table_2_and_open_it() {
    let mut harness = harness();
    search_for(&mut harness, "表2");
    // Both reviews' 表2, each with its review, under one header with the count.
    harness.get_by_label("Review tables 综述表格 (2)");
    // Label, review, title: the review comes before the title, which the row may cut.
    for row in [
        "表2  间充质干细胞及衍生细胞外囊泡靶向巨噬细胞干预自…  间充质干细胞释放或间接作用功能性蛋白",
        "表2  间充质干细胞来源的外泌体与肿瘤：一把双刃剑  Exo对肿瘤的抑制作用及其机制",
    ] {
        harness.get_by_label_contains(row);
    }
    // Enter opens the first; a click opens the other.
    harness.key_press(egui::Key::Enter);
    harness.run();
    assert_eq!(current_id(&harness).as_deref(), Some("t003-2"));
    search_for(&mut harness, "Table 2");
    harness
        .get_by_label_contains("外泌体与肿瘤：一把双刃剑  Exo对肿瘤的抑制作用及其机制")
        .click();
    harness.run();
    assert_eq!(current_id(&harness).as_deref(), Some("t004-2"));
    // The figure the same way, by its English name.
    search_for(&mut harness, "Fig 2");
    harness.get_by_label("Review figures 综述图 (2)");
    harness.key_press(egui::Key::Enter);
    harness.run();
    assert_eq!(current_id(&harness).as_deref(), Some("f001-2"));
}

#[test]
fn search_placebo_in_chinese_and_open_the_claim() {
    let mut harness = harness();
    search_for(&mut harness, "安慰剂");
    harness.get_by_label("Claims 证据条目 (1)");
    harness.get_by_label_contains("缓解比例高于安慰剂");
    harness.key_press(egui::Key::Enter);
    harness.run();
    assert_eq!(
        current_id(&harness).as_deref(),
        Some("c001-darvadstrocel-vs-placebo")
    );
    // In English the row is the English summary (from the welcome page, which does not
    // show the claim).
    harness.get_by_label("English").click();
    harness.key_press_modifiers(egui::Modifiers::ALT, egui::Key::Home);
    harness.run();
    search_for(&mut harness, "placebo");
    harness.get_by_label("Claims (1)");
    harness.get_by_label_contains("higher remission rate than placebo");
}

/// Every text inside the popup's list (clipped to it): (text, rows in its galley).
fn popup_texts(harness: &Harness<'static, ParacrineApp>) -> Vec<(String, usize)> {
    #[allow(clippy::wildcard_enum_match_arm)]
    fn walk(shape: &egui::Shape, out: &mut Vec<(String, usize)>) {
        match shape {
            egui::Shape::Vec(shapes) => shapes.iter().for_each(|s| walk(s, out)),
            egui::Shape::Text(text) if !text.galley.text().trim().is_empty() => {
                out.push((text.galley.text().to_owned(), text.galley.rows.len()));
            }
            _ => {}
        }
    }
    // The list clips to its own height (its width is the window's).
    let popup = popup_rect(harness).expand(1.0);
    let mut out = Vec::new();
    for clipped in &harness.output().shapes {
        let clip = clipped.clip_rect;
        if clip.top() >= popup.top() && clip.bottom() <= popup.bottom() {
            walk(&clipped.shape, &mut out);
        }
    }
    out
}

/// Whether `text` holds something shaped like an id of the evidence file ("c003-…",
/// "t001-1", "r004", "s000-ref-1").
fn has_id(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    chars.windows(4).any(|w| {
        matches!(w, [k, a, b, c] if "cfrst".contains(*k)
            && [a, b, c].iter().all(|d| d.is_ascii_digit()))
    }) || text.contains("::")
}

#[test]
fn claim_rows_are_one_line_and_show_no_ids() {
    let mut harness = harness();
    // Hundreds of claims mention macrophages; their text is long.
    search_for(&mut harness, "巨噬");
    let claims = harness
        .state()
        .search
        .groups()
        .find(|(group, ..)| *group == paracrine::model::search::HitGroup::Claim)
        .map(|(_, total, hits)| (total, hits.len()));
    assert!(
        claims.is_some_and(|(total, shown)| total > 50 && shown < total),
        "{claims:?}"
    );
    let texts = popup_texts(&harness);
    assert!(texts.len() > 10, "{texts:?}");
    for (text, rows) in &texts {
        assert_eq!(*rows, 1, "wrapped row: {text}");
        assert!(!has_id(text), "an id on screen: {text}");
    }
    // "Show all" lists more of the group.
    let total = claims.map_or(0, |(total, _)| total);
    assert!(
        total <= 200,
        "the curated file has fewer claims than one expanded group"
    );
    harness
        .get_by_label(&format!("Show all {total} 显示全部 {total} 条"))
        // Below the list's fold: pressed the way a screen reader does.
        .click_accesskit();
    harness.run();
    let shown = harness
        .state()
        .search
        .groups()
        .find(|(group, ..)| *group == paracrine::model::search::HitGroup::Claim)
        .map_or(0, |(_, _, hits)| hits.len());
    assert!(shown > 50, "{shown}");
}

#[test]
fn any_query_is_safe_in_the_box() {
    let mut harness = harness();
    let long = "exosome ".repeat(1_300);
    for query in ["   ", "!!", "表99999999999", "「」、。", long.as_str()] {
        harness.state_mut().search.query = query.to_owned();
        harness.state_mut().search.request_focus = true;
        harness.run();
    }
    // The long query still finds what its first words find.
    assert!(!harness.state().search.results().is_empty());
    harness.state_mut().search.query = "zzzzqqqq".to_owned();
    harness.run();
    harness.get_by_label("No results 无结果");
}

#[test]
fn esc_goes_to_a_dialog_opened_over_the_results() {
    let mut harness = harness();
    search_for(&mut harness, "tsg6");
    // File ▸ Open by path (Ctrl+Shift+O) while the results are shown.
    harness.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::O,
    );
    harness.run();
    assert!(harness.state().state.open_prompt().is_some());
    assert!(!harness.state().search.is_shown(), "the popup gave way");
    // Esc closes the dialog, not a popup no one sees.
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert!(
        harness.state().state.open_prompt().is_none(),
        "the dialog is still open"
    );
}
