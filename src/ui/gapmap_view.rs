//! The evidence gap map: rows along the disease (or MSC source, or vehicle) hierarchy,
//! collapsible, × mechanism categories. A cell's square grows with its number of claims
//! and takes the colour and glyph of its best evidence tier; an empty cell is drawn
//! visibly empty — it is a gap. Hover shows the counts, a click opens the cell's claims.

use std::collections::BTreeSet;

use super::ViewCtx;
use super::style::tier_color;
use crate::app::derived::PageData;
use crate::app::{Command, Page};
use crate::export::table::TableSource;
use crate::model::evidence::{ClaimQuery, ClaimSet};
use crate::model::gapmap::{GapMap, MapAxis, MapCell, MapRow};
use crate::model::tabular::Sort;
use crate::model::{Id, Tier};

/// Width of a cell column, and height of a row, in points.
const CELL: egui::Vec2 = egui::vec2(35.0, 28.0);
/// Width of the row-name column.
const NAME_WIDTH: f32 = 230.0;
/// The tallest the column headers get (names written upwards).
const MAX_HEADER_HEIGHT: f32 = 170.0;

/// The rows shown (not inside a collapsed row), and which rows are collapsed.
fn shown_rows(map: &GapMap, collapsed: &BTreeSet<Id>) -> Vec<usize> {
    let mut out = Vec::new();
    let mut hide_below: Option<usize> = None;
    for (i, row) in map.rows.iter().enumerate() {
        if let Some(depth) = hide_below {
            if row.depth > depth {
                continue;
            }
            hide_below = None;
        }
        out.push(i);
        if row.has_children && collapsed.contains(&row.id) {
            hide_below = Some(row.depth);
        }
    }
    out
}

/// Rows collapsed when the map is first shown: every row with children below the roots'
/// children, so the first view is the top two levels of the hierarchy.
fn default_collapsed(map: &GapMap) -> BTreeSet<Id> {
    map.rows
        .iter()
        .filter(|r| r.has_children && r.depth >= 1)
        .map(|r| r.id.clone())
        .collect()
}

pub fn gap_map_page_ui(ui: &mut egui::Ui, cx: &mut ViewCtx<'_>, axis: MapAxis) {
    let data = std::sync::Arc::clone(&cx.page_data);
    let PageData::EvidenceMap(map) = data.as_ref() else {
        return;
    };
    ui.heading(cx.tr("证据缺口图", "Evidence gap map"));
    ui.horizontal_wrapped(|ui| {
        ui.label(cx.tr("行：", "Rows:"));
        for a in MapAxis::ALL {
            let kind = a.kind();
            let name = cx.lang.pick(kind.label_zh(), kind.label_en());
            if ui.selectable_label(a == axis, name).clicked() && a != axis {
                cx.send(Command::ReplacePage(Page::EvidenceMap(a)));
            }
        }
        ui.separator();
        legend_ui(ui, cx);
    });
    ui.weak(cx.tr(
        "每格：涉及该机制的证据条目数（方块大小）与最高证据等级（颜色与符号）；空格即证据缺口。上级行包含其下级的证据。点击格子打开其证据表。",
        "Each cell: the claims bearing on that mechanism (square size) and their best evidence tier (colour and glyph); an empty cell is a gap. A parent row includes its children's evidence. Click a cell for its claims.",
    ));
    let id = egui::Id::unique(("gap-map-collapsed", axis));
    let mut collapsed: BTreeSet<Id> = ui
        .data_mut(|d| d.get_temp(id))
        .unwrap_or_else(|| default_collapsed(map));
    ui.horizontal(|ui| {
        if ui
            .button(cx.tr("导出图片（SVG、PNG）", "Export image (SVG, PNG)"))
            .on_hover_text(cx.tr(
                "把整张缺口图（全部展开）写成 SVG 与 PNG，附筛选与来源页脚，存入 exports 文件夹",
                "Write the whole map (every row) as SVG and PNG with a footer naming the filters and the evidence file, into the exports folder",
            ))
            .clicked()
        {
            cx.send(Command::Export(cx.state.export_folder()));
        }
        if ui.button(cx.tr("复制图片", "Copy image")).clicked() {
            cx.send(Command::CopyDiagram);
        }
        super::tabular_view::export_buttons_ui(
            ui,
            cx,
            &TableSource::EvidenceMap(axis),
            Sort::default(),
            "",
        );
        ui.separator();
        if ui.button(cx.tr("全部展开", "Expand all")).clicked() {
            collapsed.clear();
        }
        if ui.button(cx.tr("全部折叠", "Collapse all")).clicked() {
            collapsed = map
                .rows
                .iter()
                .filter(|r| r.has_children)
                .map(|r| r.id.clone())
                .collect();
        }
    });
    let rows = shown_rows(map, &collapsed);
    egui::ScrollArea::horizontal()
        .id_salt(("gap-map-h", axis))
        .auto_shrink([false, false])
        .show(ui, |ui| {
            header_ui(ui, cx, map);
            egui::ScrollArea::vertical()
                .id_salt(("gap-map-v", axis))
                .auto_shrink([false, false])
                .show_rows(ui, CELL.y, rows.len(), |ui, range| {
                    for &r in rows.get(range).unwrap_or_default() {
                        if let Some(row) = map.rows.get(r) {
                            row_ui(ui, cx, map, row, &mut collapsed);
                        }
                    }
                });
        });
    ui.data_mut(|d| d.insert_temp(id, collapsed));
}

fn legend_ui(ui: &mut egui::Ui, cx: &ViewCtx<'_>) {
    ui.label(cx.tr("最高证据等级：", "Best evidence:"));
    for tier in Tier::ALL.into_iter().rev() {
        let word = cx.lang.pick(tier.label_zh(), tier.label_en());
        ui.label(egui::RichText::new(format!("{} {word}", tier.glyph())).color(tier_color(tier)));
    }
}

fn header_ui(ui: &mut egui::Ui, cx: &ViewCtx<'_>, map: &GapMap) {
    let width = NAME_WIDTH + CELL.x * map.columns.len() as f32;
    let color = ui.visuals().text_color();
    // Names are written upwards: the header is as tall as the longest name.
    let galleys: Vec<_> = map
        .columns
        .iter()
        .map(|mechanism| {
            let name = cx.lang.pick(mechanism.label_zh(), mechanism.label_en());
            ui.painter()
                .layout_no_wrap(name, egui::FontId::proportional(13.0), color)
        })
        .collect();
    let longest = galleys.iter().map(|g| g.size().x).fold(0.0, f32::max);
    let height = (longest + 10.0).clamp(40.0, MAX_HEADER_HEIGHT);
    let (rect, _) = ui.allocate_exact_size(egui::vec2(width, height), egui::Sense::hover());
    let painter = ui.painter_at(rect);
    for (c, galley) in galleys.into_iter().enumerate() {
        let x = rect.left() + NAME_WIDTH + CELL.x * (c as f32 + 0.5) - galley.size().y / 2.0;
        let pos = egui::pos2(x, rect.bottom() - 4.0);
        painter.add(
            egui::epaint::TextShape::new(pos, galley, color)
                .with_angle(-std::f32::consts::FRAC_PI_2),
        );
    }
}

fn row_ui(
    ui: &mut egui::Ui,
    cx: &mut ViewCtx<'_>,
    map: &GapMap,
    row: &MapRow,
    collapsed: &mut BTreeSet<Id>,
) {
    ui.horizontal(|ui| {
        ui.spacing_mut().item_spacing.x = 0.0;
        let (name_rect, _) =
            ui.allocate_exact_size(egui::vec2(NAME_WIDTH, CELL.y), egui::Sense::hover());
        let mut name_ui = ui.new_child(
            egui::UiBuilder::new()
                .max_rect(name_rect)
                .layout(egui::Layout::left_to_right(egui::Align::Center)),
        );
        name_ui.add_space(14.0 * row.depth as f32);
        if row.has_children {
            let open = !collapsed.contains(&row.id);
            let toggle = name_ui
                .small_button(if open { "−" } else { "+" })
                .on_hover_text(if open {
                    cx.tr("折叠下级", "Collapse the children")
                } else {
                    cx.tr("展开下级", "Show the children")
                });
            if toggle.clicked() {
                if open {
                    collapsed.insert(row.id.clone());
                } else {
                    collapsed.remove(&row.id);
                }
            }
        } else {
            name_ui.add_space(18.0);
        }
        let name = cx.item_name(row.item);
        if name_ui
            .add(
                egui::Label::new(
                    egui::RichText::new(&name).color(name_ui.visuals().hyperlink_color),
                )
                .truncate()
                .sense(egui::Sense::click()),
            )
            .on_hover_cursor(egui::CursorIcon::PointingHand)
            .on_hover_text(&name)
            .clicked()
        {
            cx.send(Command::navigate_to(row.id.clone()));
        }
        for (c, cell) in row.cells.iter().enumerate() {
            let Some(&mechanism) = map.columns.get(c) else {
                continue;
            };
            let (rect, response) = ui.allocate_exact_size(CELL, egui::Sense::click());
            let mech = cx.lang.pick(mechanism.label_zh(), mechanism.label_en());
            let label = cell_words(cx, &name, &mech, cell);
            response
                .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, label.clone()));
            paint_cell(ui, rect, cell, map.max_n, response.hovered());
            if cell.n > 0 {
                let response = response.on_hover_text(&label);
                if response.clicked() {
                    cx.send(Command::Navigate(Page::Claims(ClaimQuery {
                        mechanism: Some(mechanism),
                        ..ClaimQuery::of(ClaimSet::Entity {
                            id: row.id.clone(),
                            rollup: true,
                        })
                    })));
                }
            } else {
                response.on_hover_text(&label);
            }
        }
    });
}

/// The cell in words: "SLE × immunomodulation: 5 claims (2 animal, 3 in vitro)".
fn cell_words(cx: &ViewCtx<'_>, row: &str, mechanism: &str, cell: &MapCell) -> String {
    if cell.n == 0 {
        return cx.lang.label(
            &format!("{row} × {mechanism}：无证据（缺口）"),
            &format!("{row} × {mechanism}: no claims (a gap)"),
        );
    }
    let parts: Vec<String> = Tier::ALL
        .into_iter()
        .rev()
        .filter_map(|t| {
            let n = cell.by_tier.get(t as usize).copied().unwrap_or(0);
            (n > 0).then(|| format!("{n} {}", cx.lang.pick(t.label_zh(), t.label_en())))
        })
        .collect();
    cx.lang.label(
        &format!(
            "{row} × {mechanism}：{} 条证据（{}）",
            cell.n,
            parts.join("，")
        ),
        &format!(
            "{row} × {mechanism}: {} claim{} ({})",
            cell.n,
            if cell.n == 1 { "" } else { "s" },
            parts.join(", ")
        ),
    )
}

fn paint_cell(ui: &egui::Ui, rect: egui::Rect, cell: &MapCell, max_n: usize, hovered: bool) {
    let painter = ui.painter();
    let visuals = ui.visuals();
    let outline = visuals.widgets.noninteractive.bg_stroke;
    painter.rect_stroke(rect.shrink(1.0), 2.0, outline, egui::StrokeKind::Inside);
    let Some(best) = cell.best().filter(|_| cell.n > 0) else {
        // A gap: left empty but for a faint centre dot, so "no data" is seen, not guessed.
        painter.circle_filled(rect.center(), 1.5, visuals.weak_text_color());
        return;
    };
    let share = (cell.n as f32 / max_n.max(1) as f32).sqrt();
    let side = 12.0 + (CELL.y - 16.0) * share;
    let square = egui::Rect::from_center_size(rect.center(), egui::vec2(side + 12.0, side));
    let fill = tier_color(best);
    painter.rect_filled(square, 3.0, fill);
    if hovered {
        painter.rect_stroke(
            square.expand(1.5),
            3.0,
            egui::Stroke::new(2.0, visuals.strong_text_color()),
            egui::StrokeKind::Outside,
        );
    }
    painter.text(
        square.center(),
        egui::Align2::CENTER_CENTER,
        format!("{}{}", best.glyph(), cell.n),
        egui::FontId::proportional(11.0),
        egui::Color32::WHITE,
    );
}
