//! The browse panel: entity kinds with counts, the list of the chosen kind, and the
//! review tables and figures.

use std::sync::Arc;

use egui::{Galley, TextStyle, TextWrapMode, WidgetText};

use super::commands::UiCommand;
use super::style::tier_color;
use super::widgets::direction_text;
use super::{ViewCtx, kind_label};
use crate::app::Command;
use crate::app::Page;
use crate::lang::Lang;
use crate::model::conflict::GroupBy;
use crate::model::evidence::ClaimSet;
use crate::model::filter::Filters;
use crate::model::gapmap::MapAxis;
use crate::model::{Direction, Item, Kind, Named, Species, Tier, VehicleClass};

pub fn browse_ui(ui: &mut egui::Ui, cx: &mut ViewCtx<'_>) {
    let list_kind = cx.state.list_kind();
    let current = cx.state.current_item();
    ui.add_space(4.0);
    // Wrapped rather than a fixed grid, so the panel stays narrow at any zoom.
    ui.horizontal_wrapped(|ui| {
        for kind in Kind::ALL {
            let n = cx.doc.count(kind);
            let text = format!("{}  ({n})", kind_label(cx.lang, kind));
            if ui.selectable_label(list_kind == kind, text).clicked() {
                cx.send(Command::ShowKind(kind));
            }
        }
    });
    ui.separator();
    filters_ui(ui, cx);
    ui.separator();
    views_ui(ui, cx, current);
    glance_links_ui(ui, cx);
    ui.separator();
    let rows_all = cx.state.list_rows();
    ui.strong(format!(
        "{} ({})",
        kind_label(cx.lang, list_kind),
        rows_all.len()
    ));
    entity_list_ui(ui, cx, current);
}

/// Rows of the entity list measured per frame beyond those shown (a few microseconds to
/// some tens each, by the name's length and script), so every frame stays cheap: lists of
/// the shipped evidence's size are measured whole in their first frames, a 50,000-row one
/// a slice at a time as frames are drawn anyway. A frame whose widths changed (the panel
/// or window being resized) measures only the rows it shows, and asks for one more frame.
const MEASURE_PER_FRAME: usize = 100;

/// What the heights of the list's rows depend on: when any of it changes they are
/// measured again.
#[derive(Clone, Copy, PartialEq)]
struct ListKey {
    revision: u64,
    filters_revision: u64,
    kind: Kind,
    lang: Lang,
    n_rows: usize,
    /// The rows' width in quarter points.
    width: u32,
    font: u32,
    pixels_per_point: u32,
}

impl ListKey {
    /// The same rows (only their wrapping changed), so the row at the top of the view
    /// can stay there.
    fn same_rows(&self, other: &Self) -> bool {
        (self.revision, self.filters_revision, self.kind, self.n_rows)
            == (
                other.revision,
                other.filters_revision,
                other.kind,
                other.n_rows,
            )
    }
}

/// The heights of the list's rows, measured (wrapped to the panel) as rows are shown
/// and a slice more each frame, estimated at one line until then; `tops` are their
/// prefix sums, spacing included (`tops[i]` is row `i`'s top, `tops[n]` the end).
/// Kept in egui's temporary memory and taken out while a frame uses it (never cloned).
#[derive(Clone, Default)]
struct ListLayout {
    key: Option<ListKey>,
    heights: Vec<f32>,
    measured: Vec<bool>,
    tops: Vec<f32>,
    /// The first row whose height changed since `tops` was summed.
    stale_from: Option<usize>,
    /// Rows before this one are measured (the per-frame slice goes on from here).
    next: usize,
    /// The scroll offset that keeps the top row in place after rows above it were
    /// measured, for the next frame.
    pending_offset: Option<f32>,
}

impl ListLayout {
    fn reset(&mut self, key: ListKey, estimate: f32, spacing: f32) {
        self.key = Some(key);
        self.heights.clear();
        self.heights.resize(key.n_rows, estimate);
        self.measured.clear();
        self.measured.resize(key.n_rows, false);
        self.next = 0;
        self.stale_from = Some(0);
        self.sum(spacing);
    }

    fn set(&mut self, row: usize, height: f32) {
        if let (Some(h), Some(m)) = (self.heights.get_mut(row), self.measured.get_mut(row)) {
            *m = true;
            if (*h - height).abs() > 0.01 {
                *h = height;
                self.stale_from = Some(self.stale_from.map_or(row, |s| s.min(row)));
            }
        }
    }

    /// Brings `tops` up to date from the first changed row.
    fn sum(&mut self, spacing: f32) {
        let Some(from) = self.stale_from.take() else {
            return;
        };
        let n = self.heights.len();
        self.tops.resize(n + 1, 0.0);
        let mut y = self.tops.get(from).copied().unwrap_or(0.0);
        for (top, h) in self.tops.iter_mut().zip(&self.heights).skip(from) {
            *top = y;
            y += h + spacing;
        }
        if let Some(end) = self.tops.last_mut() {
            *end = y;
        }
    }

    fn top(&self, row: usize) -> f32 {
        self.tops.get(row).copied().unwrap_or(0.0)
    }

    /// The row at content height `y`, and how far below its top `y` is.
    fn row_at(&self, y: f32) -> (usize, f32) {
        let n = self.heights.len();
        if n == 0 {
            return (0, 0.0);
        }
        let row = self
            .tops
            .partition_point(|&top| top <= y)
            .saturating_sub(1)
            .min(n - 1);
        (row, y - self.top(row))
    }

    /// The height of the whole list.
    fn total(&self, spacing: f32) -> f32 {
        (self.tops.last().copied().unwrap_or(0.0) - spacing).max(0.0)
    }
}

/// One row of the list laid out: the name wrapped to the row, the claim count.
struct RowShape {
    name: Arc<Galley>,
    count: Option<Arc<Galley>>,
    height: f32,
}

fn lay_out_row(ui: &egui::Ui, text: &str, n_claims: usize, width: f32) -> RowShape {
    let pad = ui.spacing().button_padding;
    let gap = ui.spacing().item_spacing.x;
    let count = (n_claims > 0).then(|| {
        WidgetText::from(n_claims.to_string()).into_galley(
            ui,
            Some(TextWrapMode::Extend),
            f32::INFINITY,
            TextStyle::Body,
        )
    });
    let count_width = count.as_ref().map_or(0.0, |c| c.size().x + gap);
    // A name always gets most of the row, however wide its count.
    let name_width = (width - 2.0 * pad.x - count_width)
        .max(width * 0.5)
        .max(1.0);
    let name = WidgetText::from(text).into_galley(
        ui,
        Some(TextWrapMode::Wrap),
        name_width,
        TextStyle::Body,
    );
    let content = name
        .size()
        .y
        .max(count.as_ref().map_or(0.0, |c| c.size().y));
    let height = (content + 2.0 * pad.y).max(ui.spacing().interact_size.y);
    RowShape {
        name,
        count,
        height,
    }
}

/// The list row's text: the name, and the abbreviation when the name does not hold it.
fn row_text(cx: &ViewCtx<'_>, named: &dyn Named, item: Item) -> String {
    let text = cx.item_name(item);
    if !named.abbr().is_empty() && !text.contains(named.abbr()) {
        format!("{text} ({})", named.abbr())
    } else {
        text
    }
}

/// The entities of the listed kind, one row each: the whole name wrapped to as many
/// lines as it needs, its claim count at the right of its first line; the row is one
/// button (click, Tab and Enter) named by the entity's name, its count in the
/// description. Virtualized with rows of their own heights (see [`ListLayout`]).
fn entity_list_ui(ui: &mut egui::Ui, cx: &mut ViewCtx<'_>, current: Option<Item>) {
    let cache_id = egui::Id::unique("paracrine-entity-list-layout");
    let pending = ui.data_mut(|d| {
        d.get_temp_mut_or_default::<ListLayout>(cache_id)
            .pending_offset
            .take()
    });
    let mut area = egui::ScrollArea::vertical()
        .id_salt("entity-list")
        .auto_shrink([false, false]);
    if let Some(offset) = pending {
        area = area.vertical_scroll_offset(offset);
    }
    area.show_viewport(ui, |ui, viewport| {
        let mut layout: ListLayout = ui.data_mut(|d| d.remove_temp(cache_id)).unwrap_or_default();
        list_rows_ui(ui, cx, current, viewport, &mut layout);
        ui.data_mut(|d| d.insert_temp(cache_id, layout));
    });
}

fn list_rows_ui(
    ui: &mut egui::Ui,
    cx: &mut ViewCtx<'_>,
    current: Option<Item>,
    viewport: egui::Rect,
    layout: &mut ListLayout,
) {
    let kind = cx.state.list_kind();
    let rows = cx.state.list_rows();
    let width = ui.available_width();
    let spacing = ui.spacing().item_spacing.y;
    let key = ListKey {
        revision: cx.state.revision(),
        filters_revision: cx.state.filters_revision(),
        kind,
        lang: cx.lang,
        n_rows: rows.len(),
        width: (width * 4.0).round() as u32,
        font: ui.text_style_height(&TextStyle::Body).to_bits(),
        pixels_per_point: ui.ctx().pixels_per_point().to_bits(),
    };
    // The row at the top of the view, and how far into it the view starts: it stays
    // where it is whatever is measured this frame.
    let reset = layout.key != Some(key);
    let (anchor, within) = match layout.key {
        Some(old) if old == key => layout.row_at(viewport.min.y),
        Some(old) if old.same_rows(&key) => {
            let (row, within) = layout.row_at(viewport.min.y);
            let fraction = within / layout.heights.get(row).copied().unwrap_or(1.0).max(1.0);
            let estimate = lay_out_row(ui, "", 0, width).height;
            layout.reset(key, estimate, spacing);
            (row, fraction * estimate)
        }
        _ => {
            let estimate = lay_out_row(ui, "", 0, width).height;
            layout.reset(key, estimate, spacing);
            layout.row_at(viewport.min.y)
        }
    };
    // The rows shown, from the top one down.
    let mut shown = Vec::new();
    let mut y = -within;
    for (row, &idx) in rows.iter().enumerate().skip(anchor) {
        if y > viewport.height() {
            break;
        }
        let Some(named) = cx.doc.named(kind, idx) else {
            continue;
        };
        let item = Item::Entity(kind, idx);
        let text = row_text(cx, named, item);
        let n_claims = cx.state.n_visible_claims(item);
        let shape = lay_out_row(ui, &text, n_claims, width);
        layout.set(row, shape.height);
        y += shape.height + spacing;
        shown.push((row, idx, named.id().to_owned(), text, n_claims, shape));
    }
    // A slice of the rows not shown yet (none while the widths change).
    let mut budget = if reset { 0 } else { MEASURE_PER_FRAME };
    if reset && layout.next < rows.len() {
        ui.ctx().request_repaint();
    }
    while budget > 0 && layout.next < rows.len() {
        let row = layout.next;
        layout.next += 1;
        if layout.measured.get(row).copied().unwrap_or(true) {
            continue;
        }
        let Some((idx, named)) = rows
            .get(row)
            .and_then(|&idx| Some((idx, cx.doc.named(kind, idx)?)))
        else {
            continue;
        };
        let item = Item::Entity(kind, idx);
        let text = row_text(cx, named, item);
        let height = lay_out_row(ui, &text, cx.state.n_visible_claims(item), width).height;
        layout.set(row, height);
        budget -= 1;
    }
    layout.sum(spacing);
    // Rows above the top one measured taller or shorter: this frame is drawn as if
    // scrolled to keep the top row in place, and the next one scrolls there.
    let wanted = layout.top(anchor) + within;
    let shift = viewport.min.y - wanted;
    if shift.abs() > 0.5 {
        layout.pending_offset = Some(wanted);
        ui.ctx().request_repaint();
    }
    ui.set_height(layout.total(spacing));
    let origin = ui.max_rect().left_top() + egui::vec2(0.0, shift);
    for (row, idx, id, text, n_claims, shape) in shown {
        let item = Item::Entity(kind, idx);
        let rect = egui::Rect::from_min_size(
            origin + egui::vec2(0.0, layout.top(row)),
            egui::vec2(width, shape.height),
        );
        let description = format!("{n_claims} {}", cx.tr("条证据", "claims"));
        let response = row_ui(
            ui,
            &id,
            rect,
            current == Some(item),
            &text,
            &description,
            shape,
        );
        if response.clicked() {
            cx.send(Command::navigate_to(id));
        }
    }
}

/// One list row: painted like a selectable label over the whole row, the name's lines
/// at the left and the count at the right of the first line.
fn row_ui(
    ui: &mut egui::Ui,
    id: &str,
    rect: egui::Rect,
    selected: bool,
    text: &str,
    description: &str,
    shape: RowShape,
) -> egui::Response {
    let response = ui.interact(
        rect,
        egui::Id::unique(("paracrine-entity-list-row", id)),
        egui::Sense::click(),
    );
    response.widget_info(|| {
        egui::WidgetInfo::selected(egui::Role::Button, ui.is_enabled(), selected, text)
    });
    ui.ctx()
        .accesskit_node_builder(response.id, |node| node.set_description(description));
    if !ui.is_rect_visible(rect) {
        return response;
    }
    let visuals = ui.style().interact_selectable(&response, selected);
    if selected
        || response.hovered()
        || response.has_focus()
        || response.is_pointer_button_down_on()
    {
        ui.painter().rect(
            rect.expand(visuals.expansion),
            visuals.corner_radius,
            visuals.weak_bg_fill,
            visuals.bg_stroke,
            egui::StrokeKind::Inside,
        );
    }
    if response.hovered()
        && let Some(cursor) = ui.visuals().interact_cursor
    {
        ui.ctx().set_cursor_icon(cursor);
    }
    let pad = ui.spacing().button_padding;
    let content = shape
        .name
        .size()
        .y
        .max(shape.count.as_ref().map_or(0.0, |c| c.size().y));
    let top = rect.top() + ((rect.height() - content) / 2.0).max(pad.y);
    let text_color = visuals.text_color();
    ui.painter()
        .galley(egui::pos2(rect.left() + pad.x, top), shape.name, text_color);
    if let Some(count) = shape.count {
        let color = if selected {
            text_color
        } else {
            ui.visuals().weak_text_color()
        };
        let pos = egui::pos2(rect.right() - pad.x - count.size().x, top);
        ui.painter().galley(pos, count, color);
    }
    response
}

/// The views of the whole evidence: the gap map, the contradictions, every claim.
fn glance_links_ui(ui: &mut egui::Ui, cx: &mut ViewCtx<'_>) {
    ui.horizontal_wrapped(|ui| {
        for (action, page) in [
            (
                UiCommand::EvidenceMap,
                Page::EvidenceMap(MapAxis::default()),
            ),
            (
                UiCommand::Contradictions,
                Page::Conflicts {
                    entity: None,
                    group_by: GroupBy::default(),
                },
            ),
            (UiCommand::AllClaims, Page::claims_of(ClaimSet::All)),
        ] {
            let shown = match (&page, cx.state.current_page()) {
                (Page::EvidenceMap(_), Page::EvidenceMap(_))
                | (Page::Conflicts { .. }, Page::Conflicts { entity: None, .. }) => true,
                (a, b) => a == b,
            };
            if ui
                .selectable_label(shown, action.label(cx.lang))
                .on_hover_text(action.tooltip(cx.lang))
                .clicked()
            {
                cx.send(Command::Navigate(page));
            }
        }
    });
}

fn views_ui(ui: &mut egui::Ui, cx: &mut ViewCtx<'_>, current: Option<Item>) {
    let header = format!(
        "{} ({})",
        cx.tr("综述图表", "Review tables & figures"),
        cx.doc.tables.len() + cx.doc.figures.len()
    );
    egui::CollapsingHeader::new(header)
        .id_salt("views")
        .default_open(false)
        .show(ui, |ui| {
            // Grouped under their review (by name, never by id); one line each, the full
            // caption on hover and on the page.
            for review in &cx.doc.reviews {
                let items: Vec<Item> = (0..cx.doc.tables.len())
                    .filter(|&i| cx.doc.tables.get(i).is_some_and(|t| t.review == review.id))
                    .map(Item::Table)
                    .chain(
                        (0..cx.doc.figures.len())
                            .filter(|&i| {
                                cx.doc.figures.get(i).is_some_and(|f| f.review == review.id)
                            })
                            .map(Item::Figure),
                    )
                    .collect();
                if items.is_empty() {
                    continue;
                }
                let review_name = cx.lang.pick(&review.zh, &review.en);
                ui.add(egui::Label::new(egui::RichText::new(&review_name).weak()).truncate())
                    .on_hover_text(&review_name);
                for item in items {
                    let Some(id) = view_id(cx, item) else {
                        continue;
                    };
                    let name = cx.item_name(item);
                    let button = egui::Button::selectable(current == Some(item), &name).truncate();
                    let response = ui
                        .push_id(&id, |ui| ui.add(button))
                        .inner
                        .on_hover_text(&name);
                    if response.clicked() {
                        cx.send(Command::navigate_to(id));
                    }
                }
            }
        });
}

pub(super) fn view_id(cx: &ViewCtx<'_>, view: Item) -> Option<crate::model::Id> {
    cx.doc.id_of(view).map(crate::model::Id::from)
}

/// Toggles `value` in `set` when the checkbox changes; returns whether it changed.
fn toggle<T: Ord + Clone>(
    ui: &mut egui::Ui,
    set: &mut std::collections::BTreeSet<T>,
    value: T,
    text: impl Into<egui::WidgetText>,
) -> bool {
    let mut on = set.contains(&value);
    let changed = ui.checkbox(&mut on, text).changed();
    if changed {
        if on {
            set.insert(value);
        } else {
            set.remove(&value);
        }
    }
    changed
}

/// Claim filters: they narrow every list and page at once.
fn filters_ui(ui: &mut egui::Ui, cx: &mut ViewCtx<'_>) {
    let mut filters: Filters = cx.state.filters().clone();
    let mut changed = false;
    let active = filters.is_active();
    let title = if active {
        cx.tr("筛选（已启用）", "Filters (active)")
    } else {
        cx.tr("筛选", "Filters")
    };
    egui::CollapsingHeader::new(title)
        .id_salt("filters")
        .default_open(false)
        .show(ui, |ui| {
            ui.weak(cx.tr("证据等级", "Evidence level"));
            ui.horizontal_wrapped(|ui| {
                for tier in Tier::ALL {
                    let text = egui::RichText::new(cx.lang.pick(tier.label_zh(), tier.label_en()))
                        .color(tier_color(tier));
                    changed |= toggle(ui, &mut filters.tiers, tier, text);
                }
            });
            changed |= ui
                .checkbox(
                    &mut filters.stated_level_only,
                    cx.tr(
                        "仅综述写明的等级（排除推断）",
                        "Only levels the review states (no inferred)",
                    ),
                )
                .changed();
            ui.weak(cx.tr("方向", "Direction"));
            ui.horizontal_wrapped(|ui| {
                for direction in Direction::ALL {
                    changed |= toggle(
                        ui,
                        &mut filters.directions,
                        direction,
                        direction_text(cx, direction),
                    );
                }
            });
            ui.weak(cx.tr("载体", "Vehicle"));
            ui.horizontal_wrapped(|ui| {
                for class in VehicleClass::ALL {
                    let text = cx.lang.pick(class.label_zh(), class.label_en());
                    changed |= toggle(ui, &mut filters.vehicle_classes, class, text);
                }
            });
            ui.weak(cx.tr("综述", "Review"));
            ui.horizontal_wrapped(|ui| {
                for review in &cx.doc.reviews {
                    // A short name (its abbreviation, or its title cut short); the whole
                    // title on hover. Never the id.
                    let title = cx.lang.pick(&review.zh, &review.en);
                    let text = if review.abbr.is_empty() {
                        super::widgets::shorten(&title, 18)
                    } else {
                        review.abbr.clone()
                    };
                    let response = ui.push_id(&review.id, |ui| {
                        toggle(ui, &mut filters.reviews, review.id.clone(), text)
                    });
                    response.response.on_hover_text(title);
                    changed |= response.inner;
                }
            });
            // Says what an empty species means: the rule of `Claim::species`.
            ui.weak(cx.tr("物种", "Species")).on_hover_text(cx.tr(
                "物种指观察到结果的生物（患者或动物模型）；细胞实验不标物种，因此选择物种后，体外研究不会显示。",
                "The organism in which the outcome was observed (patients or the animal model). Cell-culture work names no species, so choosing a species hides in-vitro findings.",
            ));
            ui.horizontal_wrapped(|ui| {
                for species in Species::ALL {
                    let text = cx.lang.pick(species.label_zh(), species.label_en());
                    changed |= toggle(ui, &mut filters.species, species, text);
                }
            });
            if active && ui.button(cx.tr("清除筛选", "Clear filters")).clicked() {
                filters = Filters::default();
                changed = true;
            }
        });
    if changed {
        cx.send(Command::SetFilters(filters));
    }
}
