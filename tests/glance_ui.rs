//! Evidence at a glance, driven headlessly: the tumour page's summary with its child
//! cancers, the roll-up switch, a count opening its claims table, the contradictions view
//! with the same vehicle on both sides, and the gap map's cells opening their claims.

// Tests may panic on broken fixtures: that is how they fail.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::sync::Arc;

use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use paracrine::app::derived::PageData;
use paracrine::app::{AppState, Command, Page};
use paracrine::fonts::install_fonts;
use paracrine::lang::Lang;
use paracrine::model::evidence::ClaimSet;
use paracrine::model::gapmap::{self, MapAxis};
use paracrine::model::{Direction, Item};
use paracrine::platform::NoPicker;
use paracrine::ui::ParacrineApp;

fn harness_at(page: Page) -> Harness<'static, ParacrineApp> {
    let mut state = AppState::embedded();
    state.apply(Command::SetLang(Lang::En));
    state.apply(Command::Navigate(page));
    Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .with_context_setup(install_fonts)
        .build_ui_state(
            |ui, app: &mut ParacrineApp| app.frame_ui(ui),
            ParacrineApp::with_state(state, Arc::new(NoPicker)),
        )
}

/// The text of the first widget whose label (or a label's text) contains `part`.
fn label_containing(harness: &Harness<'_, ParacrineApp>, part: &str) -> String {
    let node = harness
        .query_all_by_label_contains(part)
        .next()
        .unwrap_or_else(|| panic!("no widget says {part:?}"));
    let node = node.accesskit_node();
    node.label()
        .or_else(|| node.value())
        .map(|s| s.to_string())
        .unwrap_or_default()
}

#[test]
fn the_tumour_page_says_pro_vs_anti_with_its_child_cancers_and_opens_the_sword() {
    let mut harness = harness_at(Page::Item("tumor".into()));
    harness.run();
    let headline = label_containing(&harness, "findings (including");
    assert!(
        headline.contains("19 pro-tumor vs 25 anti-tumor"),
        "{headline}"
    );
    assert!(headline.contains("child diseases"), "{headline}");
    harness.get_by_label("Include child diseases");
    // The contradictions link opens the side-by-side view grouped by vehicle.
    let link = label_containing(&harness, "conflicting findings");
    harness.get_by_label(&link).click_accesskit();
    harness.run();
    let page = harness.state().state.current_page().clone();
    assert!(
        matches!(&page, Page::Conflicts { entity: Some(id), .. } if id == "tumor"),
        "{page:?}"
    );
    harness.get_by_label("Tumours:");
    // MSC-derived exosomes stand on both sides: the double-edged sword.
    label_containing(&harness, "on both sides");
    harness
        .get_all_by_label("MSC-derived exosomes")
        .next()
        .unwrap();
}

#[test]
fn switching_roll_up_off_shows_only_the_parents_own_claims() {
    let mut harness = harness_at(Page::Item("tumor".into()));
    harness.run();
    let rolled = label_containing(&harness, "findings (including");
    harness.get_by_label("Include child diseases").click();
    harness.run();
    assert!(!harness.state().state.rollup());
    let own = label_containing(&harness, "findings");
    assert!(!own.contains("including"), "{own}");
    let n = |s: &str| {
        s.split_whitespace()
            .next()
            .unwrap()
            .parse::<usize>()
            .unwrap()
    };
    assert!(n(&own) < n(&rolled), "{own} / {rolled}");
}

#[test]
fn a_summary_count_opens_the_claims_table_narrowed_to_it() {
    let mut harness = harness_at(Page::Item("tumor".into()));
    harness.run();
    // The total of the pro-tumour column: the "Total" row's link with that count.
    let PageData::Entity(_) = harness.state_mut().current_page_data().as_ref() else {
        panic!("an entity page");
    };
    let hover = "Open these claims as a table";
    let counts: Vec<_> = harness
        .query_all(egui_kittest::kittest::by().label("19"))
        .filter(|node| node.accesskit_node().role() == egui::accesskit::Role::Link)
        .collect();
    assert!(
        !counts.is_empty(),
        "the pro-tumour total is a link ({hover})"
    );
    counts[0].click_accesskit();
    harness.run();
    let state = &harness.state().state;
    let Page::Claims(query) = state.current_page() else {
        panic!("a claims page, not {:?}", state.current_page());
    };
    assert_eq!(query.direction, Some(Direction::ProTumor));
    assert!(matches!(&query.set, ClaimSet::Entity { id, rollup: true } if id == "tumor"));
}

#[test]
fn a_gap_map_cell_opens_its_claims() {
    let mut harness = harness_at(Page::EvidenceMap(MapAxis::Diseases));
    harness.run();
    let label = label_containing(&harness, "× macrophage polarization: ");
    let state = &harness.state().state;
    let map = gapmap::gap_map(state.doc(), state.index(), MapAxis::Diseases, |_| true);
    let n: usize = label
        .split(": ")
        .nth(1)
        .and_then(|s| s.split_whitespace().next())
        .and_then(|s| s.parse().ok())
        .unwrap();
    harness.get_by_label(&label).click_accesskit();
    harness.run();
    let state = &harness.state().state;
    let Page::Claims(query) = state.current_page().clone() else {
        panic!("a claims page, not {:?}", state.current_page());
    };
    let ClaimSet::Entity { id, rollup: true } = &query.set else {
        panic!("{query:?}");
    };
    let row = map.rows.iter().find(|r| &r.id == id).unwrap();
    let col = map
        .columns
        .iter()
        .position(|m| Some(*m) == query.mechanism)
        .unwrap();
    assert_eq!(row.cells[col].n, n);
    // The claims page lists exactly the cell's claims.
    harness.run();
    let data = harness.state_mut().current_page_data();
    let PageData::Claims(data) = data.as_ref() else {
        panic!("claims data");
    };
    assert_eq!(data.set.claims.len(), n);
    assert!(matches!(
        harness.state().state.index().item(id),
        Some(Item::Entity(..))
    ));
}

#[test]
fn the_gap_map_switches_its_rows_and_shows_gaps() {
    let mut harness = harness_at(Page::EvidenceMap(MapAxis::Diseases));
    harness.run();
    label_containing(&harness, "no claims (a gap)");
    harness.get_by_label("MSC sources").click();
    harness.run();
    assert_eq!(
        harness.state().state.current_page(),
        &Page::EvidenceMap(MapAxis::Sources)
    );
    label_containing(&harness, "× immunomodulation");
}
