//! Layout checks from the frame's shapes (no GPU): on every page type at 1280×800 (and
//! the projector size 1280×720), no visible text is cut off at the side of its clip
//! rectangle, and no two visible labels overlap; review table rows are as tall as their
//! content and none of their text is elided; a claims cell cut to one line shows its
//! text in full on hover and when selected; the left list's rows show their whole
//! names, wrapped, with their claim counts, and a wrapped row opens its entity.

// Tests may panic on broken fixtures: that is how they fail.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::sync::Arc;

use egui::epaint::{Shape, TextShape};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
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
    Page::Item(id.into())
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
                entity: Some("tumor".into()),
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
// `Shape` is egui's and grows variants; only filled rectangles and text matter here.
#[allow(clippy::wildcard_enum_match_arm)]
fn walk(shape: &Shape, clip: egui::Rect, visit: &mut dyn FnMut(&Shape, egui::Rect)) {
    match shape {
        Shape::Vec(shapes) => {
            for shape in shapes {
                walk(shape, clip, visit);
            }
        }
        other => visit(other, clip),
    }
}

fn harness_on(
    page: &Page,
    size: egui::Vec2,
    lang: paracrine::lang::Lang,
) -> Harness<'static, ParacrineApp> {
    let mut state = AppState::embedded();
    state.apply(Command::SetLang(lang));
    state.apply(Command::Navigate(page.clone()));
    let mut harness = Harness::builder()
        .with_size(size)
        .with_context_setup(install_fonts)
        .build_ui_state(
            |ui, app: &mut ParacrineApp| app.frame_ui(ui),
            ParacrineApp::with_state(state, Arc::new(NoPicker)),
        );
    harness.run();
    harness
}

/// The striped rows of the table (every other row is painted with the faint background),
/// and every visible text with whether it was elided.
#[allow(clippy::wildcard_enum_match_arm)]
fn stripes_and_texts(
    harness: &Harness<'_, ParacrineApp>,
) -> (Vec<egui::Rect>, Vec<(egui::Rect, String, bool)>) {
    let faint = harness.ctx.global_style().visuals.faint_bg_color;
    let mut stripes = Vec::new();
    let mut texts = Vec::new();
    for clipped in &harness.output().shapes {
        walk(
            &clipped.shape,
            clipped.clip_rect,
            &mut |shape, clip| match shape {
                // A row cut by the bottom of the view is not measured.
                Shape::Rect(rect) if rect.fill == faint && rect.rect.bottom() <= clip.bottom() => {
                    stripes.push(rect.rect.intersect(clip));
                }
                Shape::Text(TextShape { pos, galley, .. }) => {
                    for row in &galley.rows {
                        let text: String = row.row.glyphs.iter().map(|g| g.chr).collect();
                        let rect = row.rect_without_leading_space().translate(pos.to_vec2());
                        if !text.trim().is_empty() && rect.intersects(clip) {
                            texts.push((rect, text, galley.elided));
                        }
                    }
                }
                _ => {}
            },
        );
    }
    // egui_extras paints the stripe cell by cell: one rectangle per row, the union.
    stripes.retain(|s| s.height() > 0.0 && s.width() > 0.0);
    stripes.sort_by(|a, b| {
        a.top()
            .total_cmp(&b.top())
            .then(a.left().total_cmp(&b.left()))
    });
    let mut rows: Vec<egui::Rect> = Vec::new();
    for stripe in stripes {
        match rows.last_mut() {
            Some(row)
                if (row.top() - stripe.top()).abs() < 0.5
                    && (row.bottom() - stripe.bottom()).abs() < 0.5 =>
            {
                *row = row.union(stripe);
            }
            _ => rows.push(stripe),
        }
    }
    rows.retain(|r| r.width() > 300.0);
    (rows, texts)
}

#[test]
fn review_table_rows_are_as_tall_as_their_content_and_nothing_is_cut() {
    let state = AppState::embedded();
    for table in &state.doc().tables {
        for size in [egui::vec2(1280.0, 800.0), egui::vec2(1280.0, 720.0)] {
            check_page_with(&item(&table.id), size, true);
            for lang in [paracrine::lang::Lang::Both, paracrine::lang::Lang::En] {
                let harness = harness_on(&item(&table.id), size, lang);
                let (stripes, texts) = stripes_and_texts(&harness);
                let mut problems = Vec::new();
                for (rect, text, elided) in &texts {
                    // (The toolbar's search box is not the table's.)
                    if *elided && rect.top() > 90.0 {
                        problems.push(format!("elided: {text:?}"));
                    }
                }
                let mut n_rows = 0;
                for stripe in &stripes {
                    let inside: Vec<&(egui::Rect, String, bool)> = texts
                        .iter()
                        .filter(|(r, _, _)| {
                            stripe.y_range().contains(r.center().y)
                                && r.left() < stripe.right()
                                && r.right() > stripe.left()
                        })
                        .collect();
                    if inside.is_empty() || stripe.bottom() >= size.y - 2.0 {
                        // Not a table row, or cut by the bottom of the window.
                        continue;
                    }
                    n_rows += 1;
                    let top = inside
                        .iter()
                        .map(|(r, _, _)| r.top())
                        .fold(f32::MAX, f32::min);
                    let bottom = inside
                        .iter()
                        .map(|(r, _, _)| r.bottom())
                        .fold(f32::MIN, f32::max);
                    // Padding: 3 pt above and below the content, plus the row spacing.
                    if stripe.height() > bottom - top + 12.0 {
                        problems.push(format!(
                            "row {stripe:?} is {:.0} pt tall for {:.0} pt of content ({:?})",
                            stripe.height(),
                            bottom - top,
                            inside.first().map(|t| &t.1)
                        ));
                    }
                    for (r, text, _) in &inside {
                        if r.top() < stripe.top() - 1.0 || r.bottom() > stripe.bottom() + 1.0 {
                            problems.push(format!("{text:?} {r:?} runs out of its row {stripe:?}"));
                        }
                    }
                }
                assert!(
                    n_rows >= 1,
                    "{}: only {n_rows} striped rows seen in {stripes:?}",
                    table.id
                );
                assert!(
                    problems.is_empty(),
                    "{} at {size:?} ({lang:?}):\n{}",
                    table.id,
                    problems.join("\n")
                );
            }
        }
    }
}

#[test]
fn a_cut_claims_cell_shows_its_full_text_on_hover_and_when_selected() {
    let page = Page::claims_of(paracrine::model::evidence::ClaimSet::Entity {
        id: "ibd".into(),
        rollup: true,
    });
    // The table (and the summary above it) scroll sideways.
    check_page_with(&page, egui::vec2(1280.0, 800.0), true);
    check_page_with(&page, egui::vec2(1280.0, 720.0), true);
    let mut harness = harness_on(&page, egui::vec2(1280.0, 800.0), paracrine::lang::Lang::En);
    let mut elided = None;
    for clipped in &harness.output().shapes {
        walk(&clipped.shape, clipped.clip_rect, &mut |shape, clip| {
            if let Shape::Text(TextShape { pos, galley, .. }) = shape
                && galley.elided
                && elided.is_none()
                && clip.contains(galley.rect.translate(pos.to_vec2()).center())
            {
                elided = Some((
                    galley.rect.translate(pos.to_vec2()).center(),
                    galley.job.text.clone(),
                ));
            }
        });
    }
    let (at, full) = elided.expect("the claims table elides some long cell");
    // (A label's accessible name is its whole text even when elided on screen.)
    let before = harness.query_all_by_label(&full).count();
    harness.hover_at(at);
    harness.run();
    let mut shown = false;
    for clipped in &harness.output().shapes {
        walk(&clipped.shape, clipped.clip_rect, &mut |shape, _| {
            if let Shape::Text(TextShape { galley, .. }) = shape
                && !galley.elided
                && galley.job.text == full
            {
                shown = true;
            }
        });
    }
    assert!(shown, "hovering {full:?} does not show it in full");
    // Clicked, the cell shows its text in full above the table (selectable, to copy).
    harness.event(egui::Event::PointerButton {
        pos: at,
        button: egui::PointerButton::Primary,
        pressed: true,
        modifiers: egui::Modifiers::NONE,
    });
    harness.event(egui::Event::PointerButton {
        pos: at,
        button: egui::PointerButton::Primary,
        pressed: false,
        modifiers: egui::Modifiers::NONE,
    });
    harness.run();
    assert!(
        harness.query_all_by_label(&full).count() > before,
        "the selected cell's text {full:?} is not shown in full"
    );
}

#[test]
fn edit_forms_lay_out() {
    let state = AppState::embedded();
    let doc = state.doc();
    let mut pages = vec![
        item("c003-di-tsg6-shrna"),
        item(&doc.studies.first().expect("a study").id),
    ];
    pages.extend(doc.cargos.iter().take(1).map(|c| item(&c.id)));
    pages.extend(doc.diseases.iter().take(1).map(|c| item(&c.id)));
    // A review table's and a figure's forms (rows and panels folded, as they open).
    pages.extend([item("t001-1"), item("f001-2")]);
    let edit = [Command::SetEditMode(true)];
    for page in &pages {
        for size in [egui::vec2(1280.0, 800.0), egui::vec2(1280.0, 720.0)] {
            check_state(page, size, false, &edit, false);
        }
    }
}

/// One row of the left list as drawn: its accessible name (the entity's name), its
/// rectangle, and the texts painted inside it as (rect, clip, text, elided).
struct ListRow {
    label: String,
    rect: egui::Rect,
    texts: Vec<(egui::Rect, egui::Rect, String, bool)>,
    idx: usize,
}

/// Every visible text of the last frame with its clip rectangle and whether it was elided.
fn texts_with_elision(
    harness: &Harness<'_, ParacrineApp>,
) -> Vec<(egui::Rect, egui::Rect, String, bool)> {
    let mut out = Vec::new();
    for clipped in &harness.output().shapes {
        walk(&clipped.shape, clipped.clip_rect, &mut |shape, clip| {
            if let Shape::Text(TextShape { pos, galley, .. }) = shape {
                for row in &galley.rows {
                    let text: String = row.row.glyphs.iter().map(|g| g.chr).collect();
                    let rect = row.rect_without_leading_space().translate(pos.to_vec2());
                    if !text.trim().is_empty() && rect.intersects(clip) {
                        out.push((rect, clip, text, galley.elided));
                    }
                }
            }
        });
    }
    out
}

/// The rows of the left list in view (the ones wholly inside the window).
fn list_rows_shown(harness: &Harness<'_, ParacrineApp>, size: egui::Vec2) -> Vec<ListRow> {
    use paracrine::model::Item;
    let state = &harness.state().state;
    let doc = state.doc();
    let kind = state.list_kind();
    let lang = state.lang();
    let texts = texts_with_elision(harness);
    // The list's header ("Sources (29)"; the kind buttons above it say "Sources  (29)").
    let n = format!(" ({})", state.list_rows().len());
    let header = texts
        .iter()
        .find(|(r, _, t, _)| r.left() < 20.0 && t.ends_with(&n) && !t.contains("  ("))
        .map(|(r, ..)| r.bottom())
        .expect("the list's header");
    // Rows are matched to their entities by name, in order: studies may share one
    // ("LI et al.").
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut rows = Vec::new();
    for &idx in state.list_rows() {
        let named = doc.named(kind, idx).expect("a listed entity");
        let mut label = doc.display_name(Item::Entity(kind, idx), lang);
        if !named.abbr().is_empty() && !label.contains(named.abbr()) {
            label = format!("{label} ({})", named.abbr());
        }
        let nth = seen.entry(label.clone()).or_default();
        // The list's rows start at the left panel's margin, below its header; the page
        // may link the same name further right.
        let mut rects: Vec<egui::Rect> = harness
            .query_all_by_label(&label)
            .map(|node| node.rect())
            .filter(|r| r.left() < 20.0 && r.top() >= header)
            .collect();
        rects.sort_by(|a, b| a.top().total_cmp(&b.top()));
        let Some(&rect) = rects.get(*nth) else {
            continue;
        };
        *nth += 1;
        if rect.bottom() > size.y - 4.0 {
            continue;
        }
        let inside = texts
            .iter()
            .filter(|(r, ..)| rect.contains(r.center()))
            .cloned()
            .collect();
        rows.push(ListRow {
            label,
            rect,
            texts: inside,
            idx,
        });
    }
    rows
}

/// The left list on `page`: every row in view shows its whole name (wrapped, nothing cut
/// at the panel's side, nothing elided) and its claim count inside its row. Returns the
/// number of rows checked.
fn check_left_list(page: &Page, size: egui::Vec2, lang: paracrine::lang::Lang) -> usize {
    use paracrine::model::Item;
    let harness = harness_on(page, size, lang);
    let state = &harness.state().state;
    let kind = state.list_kind();
    let rows = list_rows_shown(&harness, size);
    let mut problems = Vec::new();
    for row in &rows {
        let n_claims = state.n_visible_claims(Item::Entity(kind, row.idx));
        let count = n_claims.to_string();
        let mut name = String::new();
        let mut count_seen = n_claims == 0;
        for (rect, clip, text, elided) in &row.texts {
            if *elided {
                problems.push(format!("elided: {text:?}"));
            }
            if rect.right() > clip.right() + 1.0 || rect.left() < clip.left() - 1.0 {
                problems.push(format!("cut at the side: {text:?} {rect:?} in {clip:?}"));
            }
            if !count_seen && text.trim() == count && rect.right() > row.rect.center().x {
                count_seen = true;
            } else {
                name.push_str(text);
            }
        }
        let squeeze = |s: &str| s.split_whitespace().collect::<String>();
        if squeeze(&name) != squeeze(&row.label) {
            problems.push(format!(
                "row {:?} shows {name:?} in {:?}",
                row.label, row.rect
            ));
        }
        if !count_seen {
            problems.push(format!(
                "row {:?} does not show its count {count} in {:?}",
                row.label, row.rect
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "{page:?} at {size:?} ({lang:?}), the left list:\n{}",
        problems.join("\n")
    );
    rows.len()
}

#[test]
fn the_left_list_wraps_long_names_and_cuts_nothing() {
    use paracrine::lang::Lang;
    let state = AppState::embedded();
    let table = state.doc().tables.first().expect("a table").id.clone();
    for page in [item("msc"), item(&table)] {
        for size in [egui::vec2(1280.0, 800.0), egui::vec2(1280.0, 720.0)] {
            for lang in [Lang::Both, Lang::Zh, Lang::En] {
                let n = check_left_list(&page, size, lang);
                assert!(
                    n >= 5,
                    "{page:?} at {size:?} ({lang:?}): only {n} rows seen"
                );
            }
        }
    }
    // In a window tall enough for the whole list, every row of every kind.
    for kind in paracrine::model::Kind::ALL {
        let mut state = AppState::embedded();
        state.apply(Command::ShowKind(kind));
        let Some(&first) = state.list_rows().first() else {
            continue;
        };
        let n_rows = state.list_rows().len();
        let id = state
            .doc()
            .named(kind, first)
            .expect("an entity")
            .id()
            .to_owned();
        let size = egui::vec2(1280.0, 500.0 + 100.0 * n_rows as f32);
        // (Both languages: the longest names.)
        let n = check_left_list(&item(&id), size, Lang::Both);
        assert_eq!(n, n_rows, "{kind:?}: {n} of {n_rows} rows seen");
    }
}

#[test]
fn clicking_a_wrapped_list_row_opens_its_entity() {
    let size = egui::vec2(1280.0, 800.0);
    let mut harness = harness_on(&item("msc"), size, paracrine::lang::Lang::Both);
    let rows = list_rows_shown(&harness, size);
    let one_line = rows
        .iter()
        .map(|r| r.rect.height())
        .fold(f32::MAX, f32::min);
    let wrapped = rows
        .iter()
        .find(|r| {
            r.rect.height() > 1.5 * one_line
                && r.label != "间充质干细胞 · mesenchymal stem cells (MSC)"
        })
        .expect("a list row wrapped to two lines or more");
    let kind = harness.state().state.list_kind();
    let id = harness
        .state()
        .state
        .doc()
        .named(kind, wrapped.idx)
        .expect("the row's entity")
        .id()
        .to_owned();
    // Clicked on its second line, below the first.
    let at = egui::pos2(wrapped.rect.center().x, wrapped.rect.bottom() - 4.0);
    for pressed in [true, false] {
        harness.event(egui::Event::PointerButton {
            pos: at,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: egui::Modifiers::NONE,
        });
    }
    harness.run();
    assert_eq!(harness.state().state.current_id(), Some(id.as_str()));
    // And from the keyboard or a screen reader: the row is one button named by the name.
    harness
        .get_by_label("间充质干细胞 · mesenchymal stem cells (MSC)")
        .click_accesskit();
    harness.run();
    assert_eq!(harness.state().state.current_id(), Some("msc"));
}
