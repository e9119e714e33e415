//! The diagram view, driven headlessly through AccessKit: figure panels stepped with
//! PageDown, a node opening its entity, an edge listing its claims, keyboard focus
//! lighting a node's neighbours, and fit showing the whole diagram.

// Tests may panic on broken fixtures: that is how they fail.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::sync::Arc;

use egui::epaint::{Shape, TextShape};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use paracrine::app::{AppState, Command, Page};
use paracrine::diagram::{Collapse, entity_graph};
use paracrine::fonts::install_fonts;
use paracrine::lang::Lang;
use paracrine::model::Item;
use paracrine::platform::NoPicker;
use paracrine::ui::ParacrineApp;
use paracrine::ui::diagram_view::{DiagramRequest, request};

fn harness_at(page: Page, size: egui::Vec2) -> Harness<'static, ParacrineApp> {
    let mut state = AppState::embedded();
    state.apply(Command::SetLang(Lang::En));
    state.apply(Command::Navigate(page));
    Harness::builder()
        .with_size(size)
        .with_context_setup(install_fonts)
        .build_ui_state(
            |ui, app: &mut ParacrineApp| app.frame_ui(ui),
            ParacrineApp::with_state(state, Arc::new(NoPicker)),
        )
}

fn item(id: &str) -> Page {
    Page::Item(id.into())
}

#[test]
fn a_presenter_steps_through_the_panels_and_opens_tsg6() {
    let mut harness = harness_at(item("f001-2"), egui::vec2(1280.0, 800.0));
    harness.run();
    assert_eq!(harness.state().state.panel_of("f001-2"), 0);
    // Panel A draws the MSC node; the tabs name every panel.
    for letter in ["A", "B", "C", "D", "E", "F"] {
        harness.get_by_label(&format!("Panel {letter}"));
    }
    harness.key_press(egui::Key::PageDown);
    harness.run();
    assert_eq!(harness.state().state.panel_of("f001-2"), 1);
    harness.key_press(egui::Key::PageUp);
    harness.run();
    assert_eq!(harness.state().state.panel_of("f001-2"), 0);
    harness.key_press(egui::Key::PageDown);
    harness.run();
    // Panel B is homing: the CXCR4–CXCL12 axis.
    assert!(
        harness
            .get_all_by_label("C-X-C chemokine receptor 4")
            .next()
            .is_some()
    );
    // Panel D (the review's caption: "D：通过分泌 TSG-6和 IGF-1"): TSG-6 is a node,
    // found by its name as a screen reader would.
    harness.key_press(egui::Key::PageDown);
    harness.run();
    harness.key_press(egui::Key::PageDown);
    harness.run();
    assert_eq!(harness.state().state.panel_of("f001-2"), 3);
    let tsg6 = harness.get_by_label("TNF-α-stimulated gene 6 protein");
    tsg6.click_accesskit();
    harness.run();
    let state = &harness.state().state;
    let id = state.current_id().unwrap();
    assert!(
        matches!(state.index().item(id), Some(Item::Entity(..))),
        "{id}"
    );
    assert!(
        state
            .doc()
            .display_name(state.index().item(id).unwrap(), Lang::En)
            .contains("TNF-α-stimulated gene 6"),
        "{id}"
    );
}

#[test]
fn a_disease_diagram_lists_the_claims_behind_an_edge() {
    let page = Page::diagram_of("sle");
    let mut harness = harness_at(page, egui::vec2(1280.0, 800.0));
    harness.run();
    // What the first edge should list, from the pipeline itself.
    let state = &harness.state().state;
    let sle = state.index().item("sle").unwrap();
    let claims = state.visible_claims_of(sle);
    let graph = entity_graph(
        state.doc(),
        state.index(),
        "sle",
        &claims,
        Lang::En,
        &Collapse::default(),
    );
    let edge = graph
        .edges
        .iter()
        .position(|e| !e.claims.is_empty())
        .unwrap();
    let claim_id = graph.edges[edge].claims[0].clone();
    let Some(Item::Claim(claim_idx)) = state.index().item(&claim_id) else {
        panic!("{claim_id} is a claim");
    };
    let summary = state.doc().claims[claim_idx].en.clone();
    let from = graph.nodes[graph.edges[edge].from].label.clone();
    let to = graph.nodes[graph.edges[edge].to].label.clone();
    assert!(harness.query_by_label(&summary).is_none());

    // Edges are labelled "from → relation → to (evidence)".
    let edges: Vec<_> = harness.get_all_by_label_contains(" → ").collect();
    assert_eq!(edges.len(), graph.edges.len());
    let prefix = format!("{from} → ");
    let target = harness
        .get_all_by_label_contains(&prefix)
        .find(|n| {
            n.accesskit_node()
                .label()
                .is_some_and(|l| l.contains(&format!(" → {to} (")))
        })
        .expect("the edge by name");
    target.click_accesskit();
    harness.run();
    // The side panel opened on the evidence: the claim is listed and opens its page.
    harness.get_by_label(&summary).click();
    harness.run();
    assert_eq!(harness.state().state.current_id(), Some(claim_id.as_str()));
}

/// Text rows of the last frame inside the diagram's scene (white background), with their
/// clip rectangles.
fn diagram_texts(
    harness: &Harness<'_, ParacrineApp>,
    names: &[&str],
) -> Vec<(String, egui::Rect, egui::Rect)> {
    #[allow(clippy::wildcard_enum_match_arm)]
    fn walk(
        shape: &Shape,
        clip: egui::Rect,
        names: &[&str],
        out: &mut Vec<(String, egui::Rect, egui::Rect)>,
    ) {
        match shape {
            Shape::Vec(shapes) => shapes.iter().for_each(|s| walk(s, clip, names, out)),
            // Only the diagram's own texts (the list on the left has the same names).
            Shape::Text(TextShape { pos, galley, .. })
                if names.iter().any(|n| galley.text() == *n) =>
            {
                let rect = galley.rect.translate(pos.to_vec2());
                out.push((galley.text().to_owned(), rect, clip));
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    for clipped in &harness.output().shapes {
        walk(&clipped.shape, clipped.clip_rect, names, &mut out);
    }
    out
}

#[test]
fn fit_shows_the_whole_dense_diagram() {
    let page = Page::diagram_of("ibd");
    let mut harness = harness_at(page, egui::vec2(1280.0, 800.0));
    harness.run();
    let state = &harness.state().state;
    let ibd = state.index().item("ibd").unwrap();
    let claims = state.visible_claims_of(ibd);
    let graph = entity_graph(
        state.doc(),
        state.index(),
        "ibd",
        &claims,
        Lang::En,
        &Collapse::default(),
    );
    // One-row node labels, to find their text shapes.
    let names: Vec<&str> = graph
        .nodes
        .iter()
        .map(|n| n.label.as_str())
        .filter(|l| l.chars().count() < 12)
        .collect();
    assert!(names.len() > 5, "{names:?}");
    // Names shown whole inside the diagram's part of the window (shapes are in window
    // coordinates, the scene's transform applied; the list on the left is left out).
    let shown = |harness: &Harness<'_, ParacrineApp>| {
        let mut shown: Vec<String> = diagram_texts(harness, &names)
            .into_iter()
            .filter(|(_, rect, clip)| clip.min.x > 300.0 && clip.contains_rect(*rect))
            .map(|(name, ..)| name)
            .collect();
        shown.sort();
        shown.dedup();
        shown.len()
    };
    let mut all = names.clone();
    all.sort_unstable();
    all.dedup();
    // The first view is readable, so it does not show everything.
    let first = shown(&harness);
    assert!(first < all.len(), "{first} of {}", all.len());
    request(&harness.ctx, DiagramRequest::Fit);
    harness.run();
    assert_eq!(shown(&harness), all.len());
    // The F key does the same after zooming in.
    for _ in 0..4 {
        request(&harness.ctx, DiagramRequest::ZoomIn);
        harness.run();
    }
    assert!(shown(&harness) < all.len());
    harness.key_press(egui::Key::F);
    harness.run();
    assert_eq!(shown(&harness), all.len());
}

/// How many filled node or label rectangles the frame paints faded (alpha below half).
fn faded_rects(harness: &Harness<'_, ParacrineApp>) -> usize {
    #[allow(clippy::wildcard_enum_match_arm)]
    fn walk(shape: &Shape, out: &mut usize) {
        match shape {
            Shape::Vec(shapes) => shapes.iter().for_each(|s| walk(s, out)),
            Shape::Rect(rect) if rect.fill.a() > 0 && rect.fill.a() < 100 => *out += 1,
            _ => {}
        }
    }
    let mut n = 0;
    for clipped in &harness.output().shapes {
        walk(&clipped.shape, &mut n);
    }
    n
}

#[test]
fn keyboard_focus_lights_a_node_and_its_neighbours_and_enter_opens_it() {
    let mut harness = harness_at(item("f001-2"), egui::vec2(1280.0, 800.0));
    harness.run();
    let before = faded_rects(&harness);
    harness
        .get_by_label("TNF-α-stimulated gene 6 protein")
        .focus();
    harness.run();
    let lit = faded_rects(&harness);
    assert!(lit > before + 3, "faded before {before}, with focus {lit}");
    // An arrow key moves the focus to another node; Enter opens the focused one.
    harness.key_press(egui::Key::ArrowRight);
    harness.run();

    assert!(
        !harness
            .get_by_label("TNF-α-stimulated gene 6 protein")
            .is_focused()
    );
    let focused: Vec<String> = harness
        .root()
        .query_all(egui_kittest::kittest::By::new().predicate(|n| n.is_focused()))
        .filter_map(|n| n.accesskit_node().label())
        .collect();
    // Another node of the diagram has it, not a button beside the diagram.
    assert_eq!(focused.len(), 1, "{focused:?}");
    assert!(!focused[0].contains(" → "), "{focused:?}");
    assert!(!focused[0].contains("Legend"), "{focused:?}");
    harness.key_press(egui::Key::Enter);
    harness.run();
    let state = &harness.state().state;
    assert!(
        matches!(state.current_item(), Some(Item::Entity(..))),
        "{:?}",
        state.current_page()
    );
}

#[test]
fn a_collapsed_group_expands_in_place() {
    // "macrophage" has more leaves around one neighbour than a diagram shows.
    let page = Page::diagram_of("macrophage");
    let mut harness = harness_at(page, egui::vec2(1280.0, 800.0));
    harness.run();
    let group = harness.get_all_by_label_contains(" more ").next().unwrap();
    group.click_accesskit();
    harness.run();
    let state = &harness.state().state;
    let Page::Diagram(diagram) = state.current_page() else {
        panic!("still the diagram page");
    };
    assert_eq!(diagram.expanded.len(), 1);
    // Expanding replaced the page: Back goes to where the reader was before.
    assert!(!state.nav().can_go_back());
}

#[test]
fn copy_image_puts_the_diagram_on_the_clipboard() {
    let mut harness = harness_at(item("f001-2"), egui::vec2(1280.0, 800.0));
    harness.run();
    harness.get_by_label("Copy image").click();
    let mut copied = None;
    for _ in 0..400 {
        harness.step();
        copied = harness
            .output()
            .platform_output
            .commands
            .iter()
            .find_map(|c| {
                #[allow(clippy::wildcard_enum_match_arm)]
                match c {
                    egui::OutputCommand::CopyImage(image) => Some(image.size),
                    _ => None,
                }
            });
        if copied.is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let [w, h] = copied.expect("an image reached the clipboard");
    // 2× the diagram with its footer.
    assert!(w > 1000 && h > 600, "{w} × {h}");
    harness.run();
    let notice = harness
        .state()
        .state
        .notice()
        .unwrap_or_default()
        .to_owned();
    assert!(notice.contains("clipboard"), "{notice}");
}
