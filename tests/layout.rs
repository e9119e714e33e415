//! Layout checks from the frame's shapes (no GPU): on every page type at 1280×800 (and
//! the projector size 1280×720), no visible text is cut off at the side of its clip
//! rectangle, and no two visible labels overlap.

// Tests may panic on broken fixtures: that is how they fail.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::sync::Arc;

use egui::epaint::{Shape, TextShape};
use egui_kittest::Harness;
use paracrine::app::{AppState, Command, Page};
use paracrine::fonts::install_fonts;
use paracrine::platform::NoPicker;
use paracrine::ui::ParacrineApp;
use paracrine::ui::diagram_view::{DiagramRequest, request};

// `Shape` is egui's and grows variants; only text matters here.
#[allow(clippy::wildcard_enum_match_arm)]
fn texts(shape: &Shape, clip: egui::Rect, out: &mut Vec<(egui::Rect, egui::Rect, String)>) {
    match shape {
        Shape::Vec(shapes) => {
            for shape in shapes {
                texts(shape, clip, out);
            }
        }
        Shape::Text(TextShape {
            pos, galley, angle, ..
        }) => {
            // Row by row: a wrapped text's galley rect spans the whole wrap width.
            for row in &galley.rows {
                let text: String = row.row.glyphs.iter().map(|g| g.chr).collect();
                if !text.trim().is_empty() {
                    let local = row.rect_without_leading_space();
                    // Text written at an angle (column headers written upwards): the
                    // bounding box of the rotated row.
                    let rot = egui::emath::Rot2::from_angle(*angle);
                    let corners = [
                        local.left_top(),
                        local.right_top(),
                        local.left_bottom(),
                        local.right_bottom(),
                    ]
                    .map(|c| *pos + rot * c.to_vec2());
                    let rect = egui::Rect::from_points(&corners);
                    out.push((rect, clip, text));
                }
            }
        }
        // Other shapes carry no text.
        _ => {}
    }
}

/// Every visible text of the last frame, as (rect, clip rect, text).
fn visible_texts(harness: &Harness<'_, ParacrineApp>) -> Vec<(egui::Rect, egui::Rect, String)> {
    let mut out = Vec::new();
    for clipped in &harness.output().shapes {
        texts(&clipped.shape, clipped.clip_rect, &mut out);
    }
    // Scrolled out of view (vertically) is fine; only what shows is checked.
    out.retain(|(rect, clip, _)| rect.intersects(*clip) && rect.height() > 0.0);
    out
}

/// `scrolls_sideways`: the page scrolls horizontally (review tables), so text cut at the
/// right edge of the viewport is reachable by scrolling and is not a defect.
fn check_page(page: &Page, size: egui::Vec2) {
    check_page_with(page, size, false);
}

fn check_page_with(page: &Page, size: egui::Vec2, scrolls_sideways: bool) {
    check_state(page, size, scrolls_sideways, &[], false);
}

/// `commands` run after navigating (a figure panel's selection); `fit` shows a diagram
/// whole first (a diagram pans, so text cut at its edge is not a defect otherwise).
fn check_state(
    page: &Page,
    size: egui::Vec2,
    scrolls_sideways: bool,
    commands: &[Command],
    fit: bool,
) {
    let mut state = AppState::embedded();
    state.apply(Command::Navigate(page.clone()));
    for command in commands {
        state.apply(command.clone());
    }
    let mut harness = Harness::builder()
        .with_size(size)
        .with_context_setup(install_fonts)
        .build_ui_state(
            |ui, app: &mut ParacrineApp| app.frame_ui(ui),
            ParacrineApp::with_state(state, Arc::new(NoPicker)),
        );
    harness.run();
    if fit {
        request(&harness.ctx, DiagramRequest::Fit);
        harness.run();
    }
    let texts = visible_texts(&harness);
    assert!(texts.len() > 20, "{page:?}: only {} texts", texts.len());
    let mut problems = Vec::new();
    for (rect, clip, text) in &texts {
        // Cut at the side: the text runs past its clip rectangle horizontally.
        let at_viewport_edge = clip.right() >= size.x - 20.0;
        if scrolls_sideways && at_viewport_edge {
            continue;
        }
        if rect.right() > clip.right() + 1.0 || rect.left() < clip.left() - 1.0 {
            problems.push(format!(
                "clipped at the side: {text:?} {rect:?} in {clip:?}"
            ));
        }
    }
    for (i, (a, clip_a, text_a)) in texts.iter().enumerate() {
        for (b, clip_b, text_b) in texts.iter().skip(i + 1) {
            let (a, b) = (a.intersect(*clip_a), b.intersect(*clip_b));
            let overlap = a.intersect(b);
            if overlap.width() > 2.0 && overlap.height() > 2.0 {
                problems.push(format!("overlap: {text_a:?} {a:?} and {text_b:?} {b:?}"));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{page:?} {commands:?} at {size:?}:\n{}",
        problems.join("\n")
    );
}

fn item(id: &str) -> Page {
    Page::Item(id.to_owned())
}

#[test]
fn home_page_lays_out() {
    check_page(&Page::Home, egui::vec2(1280.0, 800.0));
    check_page(&Page::Home, egui::vec2(1280.0, 720.0));
}

#[test]
fn entity_pages_lay_out() {
    for id in ["ibd", "mir-146a-5p", "sle", "tumors"] {
        check_page(&item(id), egui::vec2(1280.0, 800.0));
    }
    check_page(&item("ibd"), egui::vec2(1280.0, 720.0));
}

#[test]
fn claim_table_and_figure_pages_lay_out() {
    let state = AppState::embedded();
    let doc = state.doc();
    let table = doc.tables.first().expect("a table").id.clone();
    let figure = doc.figures.first().expect("a figure").id.clone();
    let claim = doc.claims.first().expect("a claim").id.clone();
    for page in [item(&figure), item(&claim)] {
        check_page(&page, egui::vec2(1280.0, 800.0));
    }
    check_page_with(&item(&table), egui::vec2(1280.0, 800.0), true);
}

#[test]
fn every_figure_panel_lays_out() {
    let state = AppState::embedded();
    for figure in &state.doc().figures {
        for panel in 0..figure.panels.len() {
            let select = [Command::SelectPanel {
                figure: figure.id.clone(),
                panel,
            }];
            check_state(
                &item(&figure.id),
                egui::vec2(1280.0, 800.0),
                false,
                &select,
                true,
            );
        }
    }
    let select = [Command::SelectPanel {
        figure: "f001-2".into(),
        panel: 1,
    }];
    check_state(
        &item("f001-2"),
        egui::vec2(1280.0, 720.0),
        false,
        &select,
        false,
    );
}

#[test]
fn entity_diagrams_lay_out() {
    for id in ["sle", "ibd", "macrophage"] {
        let page = Page::diagram_of(id);
        check_state(&page, egui::vec2(1280.0, 800.0), false, &[], true);
    }
    check_state(
        &Page::diagram_of("sle"),
        egui::vec2(1280.0, 720.0),
        false,
        &[],
        true,
    );
}

#[test]
fn evidence_map_and_contradictions_lay_out() {
    use paracrine::model::conflict::GroupBy;
    use paracrine::model::gapmap::MapAxis;
    for size in [egui::vec2(1280.0, 800.0), egui::vec2(1280.0, 720.0)] {
        for axis in MapAxis::ALL {
            // The map scrolls sideways when its columns are wider than the page.
            check_page_with(&Page::EvidenceMap(axis), size, true);
        }
        for group_by in [GroupBy::Vehicle, GroupBy::Source, GroupBy::Species] {
            let page = Page::Conflicts {
                entity: Some("tumor".to_owned()),
                group_by,
            };
            check_page(&page, size);
        }
        check_page(
            &Page::Conflicts {
                entity: None,
                group_by: GroupBy::default(),
            },
            size,
        );
    }
}
