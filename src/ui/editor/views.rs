//! The forms of the reviews' tables (title, columns, rows; each cell's verbatim text and
//! the entities it names; each row's claims) and figures (caption, panels; each panel's
//! nodes with their entity, own text and curated position, and its arrows with their
//! relation, label and claims). References are picked through the app's search, never
//! typed as ids. Every change goes through the form's one edit of the record, so undo,
//! bursts and validation treat them as any other field.

use egui::RichText;

use super::{
    Form, Pick, PickFrom, bilingual, combo, field_problems_ui, picker_from_ui, review_combo,
    row_label, text_field,
};
use crate::app::Command;
use crate::model::{Cell, Column, Edge, FigureView, IdList, Node, Panel, Relation, Row, TableView};
use crate::ui::ViewCtx;
use crate::ui::widgets::shorten;

/// Moves in a list: up, down or out.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Move {
    Up,
    Down,
    Remove,
}

/// ↑ ↓ × buttons for item `n` of `len`; the move asked for, if any.
fn move_buttons(ui: &mut egui::Ui, cx: &ViewCtx<'_>, n: usize, len: usize) -> Option<Move> {
    let mut asked = None;
    if ui
        .add_enabled(n > 0, egui::Button::new("↑").small())
        .on_hover_text(cx.tr("上移", "Move up"))
        .clicked()
    {
        asked = Some(Move::Up);
    }
    if ui
        .add_enabled(n + 1 < len, egui::Button::new("↓").small())
        .on_hover_text(cx.tr("下移", "Move down"))
        .clicked()
    {
        asked = Some(Move::Down);
    }
    if ui
        .small_button("×")
        .on_hover_text(cx.tr("删除（可撤销）", "Remove (undoable)"))
        .clicked()
    {
        asked = Some(Move::Remove);
    }
    asked
}

/// Applies `moved` to item `n` of `list`.
fn apply_move<T>(list: &mut Vec<T>, n: usize, moved: Move) {
    match moved {
        Move::Up if n > 0 && n < list.len() => list.swap(n - 1, n),
        Move::Down if n + 1 < list.len() => list.swap(n, n + 1),
        Move::Remove if n < list.len() => {
            list.remove(n);
        }
        Move::Up | Move::Down | Move::Remove => {}
    }
}

/// References as chips (name, ×) and a picker over `from` to add one.
fn ref_list_ui(
    ui: &mut egui::Ui,
    cx: &ViewCtx<'_>,
    salt: impl std::hash::Hash + std::fmt::Debug,
    from: PickFrom,
    ids: &mut IdList,
) -> bool {
    let mut changed = false;
    if matches!(from, PickFrom::Claims) {
        return claim_list_ui(ui, cx, salt, ids);
    }
    ui.horizontal_wrapped(|ui| {
        let mut remove = None;
        for (n, id) in ids.iter().enumerate() {
            let name = cx
                .index
                .item(id)
                .map_or_else(|| id.to_string(), |item| cx.item_name(item));
            ui.label(RichText::new(shorten(&name, 48)).strong())
                .on_hover_text(name);
            if ui
                .small_button("×")
                .on_hover_text(cx.tr("移除此链接", "Remove this link"))
                .clicked()
            {
                remove = Some(n);
            }
        }
        if let Some(n) = remove {
            ids.remove(n);
            changed = true;
        }
        if let Some(Pick::Existing(id)) = picker_from_ui(ui, cx, salt, from)
            && !ids.contains(&id)
        {
            ids.push(id);
            changed = true;
        }
    });
    changed
}

/// Claims, one per line (× first, then the whole summary, wrapped), and a picker to add one:
/// a claim's summary is a sentence, which chips side by side would cut and jumble.
fn claim_list_ui(
    ui: &mut egui::Ui,
    cx: &ViewCtx<'_>,
    salt: impl std::hash::Hash + std::fmt::Debug,
    ids: &mut IdList,
) -> bool {
    let mut changed = false;
    ui.vertical(|ui| {
        let mut remove = None;
        for (n, id) in ids.iter().enumerate() {
            let name = cx
                .index
                .item(id)
                .map_or_else(|| id.to_string(), |item| cx.item_name(item));
            ui.horizontal(|ui| {
                if ui
                    .small_button("×")
                    .on_hover_text(cx.tr("移除此链接", "Remove this link"))
                    .clicked()
                {
                    remove = Some(n);
                }
                ui.add(egui::Label::new(name).wrap());
            });
        }
        if let Some(n) = remove {
            ids.remove(n);
            changed = true;
        }
        if let Some(Pick::Existing(id)) = picker_from_ui(ui, cx, salt, PickFrom::Claims)
            && !ids.contains(&id)
        {
            ids.push(id);
            changed = true;
        }
    });
    changed
}

/// Which half of a table's or figure's page edit mode shows.
#[derive(Clone, Copy, PartialEq, Eq, Default)]
pub enum ViewTab {
    /// The form.
    #[default]
    Form,
    /// The table or diagram as a reader sees it (in a figure, nodes can be dragged).
    View,
}

/// Form / Table (or Diagram) tabs above a table's or figure's page in edit mode; the
/// tab chosen, remembered per record.
pub fn view_tab_ui(ui: &mut egui::Ui, cx: &ViewCtx<'_>, id: &str, figure: bool) -> ViewTab {
    let key = egui::Id::unique(("edit-view-tab", id));
    let mut tab: ViewTab = ui.data(|d| d.get_temp(key)).unwrap_or_default();
    ui.horizontal(|ui| {
        ui.selectable_value(&mut tab, ViewTab::Form, cx.tr("表单", "Form"));
        let view = if figure {
            cx.tr("图（可拖动节点）", "Diagram (drag nodes to place them)")
        } else {
            cx.tr("表格", "Table")
        };
        ui.selectable_value(&mut tab, ViewTab::View, view);
    });
    ui.data_mut(|d| d.insert_temp(key, tab));
    tab
}

/// The form of a review table.
pub(super) fn table_form_ui(
    ui: &mut egui::Ui,
    cx: &mut ViewCtx<'_>,
    form: &mut Form,
    table: &mut TableView,
) {
    let id = form.id.clone();
    egui::Grid::new(("table-form", &id))
        .num_columns(2)
        .spacing([12.0, 8.0])
        .striped(true)
        .show(ui, |ui| {
            let label = row_label(ui, cx, "标签", "Label");
            form.mark(
                text_field(ui, &label, &mut table.label, false, 160.0),
                "label",
            );
            ui.end_row();
            row_label(ui, cx, "综述", "Review");
            ui.vertical(|ui| {
                let changed = review_combo(ui, cx, ("table-review", &id), &mut table.review);
                form.mark(changed, "review");
                field_problems_ui(ui, cx, &id, "review");
            });
            ui.end_row();
            row_label(ui, cx, "标题", "Title");
            form.mark(bilingual(ui, &mut table.zh, &mut table.en, true), "title");
            ui.end_row();
            let label = row_label(ui, cx, "表注（原文）", "Footnote (verbatim)");
            form.mark(text_field(ui, &label, &mut table.note, true, 520.0), "note");
            ui.end_row();
        });
    ui.add_space(8.0);
    columns_ui(ui, cx, form, table);
    ui.add_space(8.0);
    rows_ui(ui, cx, form, table);
}

fn columns_ui(ui: &mut egui::Ui, cx: &ViewCtx<'_>, form: &mut Form, table: &mut TableView) {
    ui.label(
        RichText::new(format!(
            "{} ({})",
            cx.tr("列", "Columns"),
            table.columns.len()
        ))
        .strong(),
    );
    field_problems_ui(ui, cx, &form.id, "columns");
    let len = table.columns.len();
    let mut moved = None;
    for (n, column) in table.columns.iter_mut().enumerate() {
        ui.horizontal(|ui| {
            ui.weak(format!("{}.", n + 1));
            let changed = bilingual(ui, &mut column.zh, &mut column.en, false);
            form.mark_part(changed, format!("columns.{n}"), || {
                format!("the header of column {}", n + 1)
            });
            if let Some(m) = move_buttons(ui, cx, n, len) {
                moved = Some((n, m));
            }
        });
    }
    if let Some((n, m)) = moved {
        apply_move(&mut table.columns, n, m);
        // Each row's cells follow their column.
        for row in &mut table.rows {
            apply_move(&mut row.cells, n, m);
        }
        let words = match m {
            Move::Up | Move::Down => format!("the order of columns ({})", n + 1),
            Move::Remove => format!("remove column {}", n + 1),
        };
        form.mark_part(true, format!("columns.{n}.move"), || words);
    }
    if ui
        .button(format!("＋ {}", cx.tr("添加列", "Add a column")))
        .clicked()
    {
        table.columns.push(Column::default());
        for row in &mut table.rows {
            row.cells.push(Cell::default());
        }
        let n = table.columns.len();
        form.mark_part(true, "columns.add".to_owned(), || format!("add column {n}"));
    }
}

// A row's form is its cells top to bottom, then its claims and its buttons.
#[allow(clippy::too_many_lines)]
fn rows_ui(ui: &mut egui::Ui, cx: &mut ViewCtx<'_>, form: &mut Form, table: &mut TableView) {
    ui.label(RichText::new(format!("{} ({})", cx.tr("行", "Rows"), table.rows.len())).strong());
    field_problems_ui(ui, cx, &form.id, "rows");
    let id = form.id.clone();
    let len = table.rows.len();
    let mut moved = None;
    let mut new_claim = None;
    let headers: Vec<String> = table
        .columns
        .iter()
        .map(|c| cx.lang.pick(&c.zh, &c.en))
        .collect();
    for (r, row) in table.rows.iter_mut().enumerate() {
        let first = row
            .cells
            .iter()
            .map(|c| c.text.trim())
            .find(|t| !t.is_empty())
            .unwrap_or_default();
        let title = format!(
            "{} · {}",
            cx.tr(&format!("第 {} 行", r + 1), &format!("Row {}", r + 1)),
            shorten(&first.replace('\n', " "), 60)
        );
        egui::CollapsingHeader::new(title)
            .id_salt(("table-row", &id, r))
            .show(ui, |ui| {
                egui::Grid::new(("table-row-grid", &id, r))
                    .num_columns(2)
                    .spacing([12.0, 6.0])
                    .show(ui, |ui| {
                        for (c, cell) in row.cells.iter_mut().enumerate() {
                            let header = headers
                                .get(c)
                                .filter(|h| !h.is_empty())
                                .cloned()
                                .unwrap_or_else(|| format!("{} {}", cx.tr("列", "Column"), c + 1));
                            // The whole header, wrapped in the label column.
                            let label = ui
                                .scope(|ui| {
                                    ui.set_max_width(180.0);
                                    ui.add(egui::Label::new(header).wrap())
                                })
                                .inner;
                            super::ROW_LABEL.with(|l| l.set(Some(label.id)));
                            ui.vertical(|ui| {
                                let changed = text_field(ui, &label, &mut cell.text, true, 460.0);
                                form.mark_part(changed, format!("rows.{r}.cells.{c}.text"), || {
                                    format!("the text of row {}, column {}", r + 1, c + 1)
                                });
                                let changed = ref_list_ui(
                                    ui,
                                    cx,
                                    ("cell-links", &id, r, c),
                                    PickFrom::AnyEntity,
                                    &mut cell.links,
                                );
                                form.mark_part(
                                    changed,
                                    format!("rows.{r}.cells.{c}.links"),
                                    || format!("the links of row {}, column {}", r + 1, c + 1),
                                );
                            });
                            ui.end_row();
                        }
                        row_label(ui, cx, "此行的证据", "This row's claims");
                        let changed = ref_list_ui(
                            ui,
                            cx,
                            ("row-claims", &id, r),
                            PickFrom::Claims,
                            &mut row.claims,
                        );
                        form.mark_part(changed, format!("rows.{r}.claims"), || {
                            format!("the claims of row {}", r + 1)
                        });
                        ui.end_row();
                    });
                ui.horizontal_wrapped(|ui| {
                    if let Some(m) = move_buttons(ui, cx, r, len) {
                        moved = Some((r, m));
                    }
                    if ui
                        .button(cx.tr("由此行新建证据", "New claim from this row"))
                        .on_hover_text(cx.tr(
                            "新建一条证据：预填综述、此表、章节、参考文献号与此行链接的条目，并列入此行",
                            "A new claim with the review, this table, the section, the reference numbers and the row's entities filled in, listed in this row",
                        ))
                        .clicked()
                    {
                        new_claim = Some(r);
                    }
                });
            });
    }
    if let Some((r, m)) = moved {
        apply_move(&mut table.rows, r, m);
        let words = match m {
            Move::Up | Move::Down => format!("the order of rows ({})", r + 1),
            Move::Remove => format!("remove row {}", r + 1),
        };
        form.mark_part(true, format!("rows.{r}.move"), || words);
    }
    if ui
        .button(format!("＋ {}", cx.tr("添加行", "Add a row")))
        .clicked()
    {
        table.rows.push(Row {
            claims: IdList::new(),
            cells: vec![Cell::default(); table.columns.len()],
        });
        let n = table.rows.len();
        form.mark_part(true, "rows.add".to_owned(), || format!("add row {n}"));
    }
    if let Some(row) = new_claim {
        cx.send(Command::NewClaimFromRow {
            table: id.clone(),
            row,
        });
    }
}

/// The form of a review figure.
pub(super) fn figure_form_ui(
    ui: &mut egui::Ui,
    cx: &mut ViewCtx<'_>,
    form: &mut Form,
    figure: &mut FigureView,
) {
    let id = form.id.clone();
    egui::Grid::new(("figure-form", &id))
        .num_columns(2)
        .spacing([12.0, 8.0])
        .striped(true)
        .show(ui, |ui| {
            let label = row_label(ui, cx, "标签", "Label");
            form.mark(
                text_field(ui, &label, &mut figure.label, false, 160.0),
                "label",
            );
            ui.end_row();
            row_label(ui, cx, "综述", "Review");
            ui.vertical(|ui| {
                let changed = review_combo(ui, cx, ("figure-review", &id), &mut figure.review);
                form.mark(changed, "review");
                field_problems_ui(ui, cx, &id, "review");
            });
            ui.end_row();
            row_label(ui, cx, "图注", "Caption");
            form.mark(
                bilingual(ui, &mut figure.zh, &mut figure.en, true),
                "caption",
            );
            ui.end_row();
        });
    ui.add_space(8.0);
    let len = figure.panels.len();
    let mut moved = None;
    for (p, panel) in figure.panels.iter_mut().enumerate() {
        let letter = if panel.label.is_empty() {
            (p + 1).to_string()
        } else {
            panel.label.clone()
        };
        let title = format!(
            "{} {letter} · {}",
            cx.tr("分图", "Panel"),
            shorten(&cx.lang.pick(&panel.zh, &panel.en).replace('\n', " "), 60)
        );
        egui::CollapsingHeader::new(title)
            .id_salt(("figure-panel", &id, p))
            .default_open(len == 1)
            .show(ui, |ui| {
                panel_form_ui(ui, cx, form, p, panel);
                ui.horizontal(|ui| {
                    ui.weak(cx.tr("此分图：", "This panel:"));
                    if let Some(m) = move_buttons(ui, cx, p, len) {
                        moved = Some((p, m));
                    }
                });
            });
    }
    if let Some((p, m)) = moved {
        apply_move(&mut figure.panels, p, m);
        let words = match m {
            Move::Up | Move::Down => format!("the order of panels ({})", p + 1),
            Move::Remove => format!("remove panel {}", p + 1),
        };
        form.mark_part(true, format!("panels.{p}.move"), || words);
    }
    if ui
        .button(format!("＋ {}", cx.tr("添加分图", "Add a panel")))
        .clicked()
    {
        figure.panels.push(Panel::default());
        let n = figure.panels.len();
        form.mark_part(true, "panels.add".to_owned(), || format!("add panel {n}"));
    }
}

/// A panel's label, title, nodes and arrows.
#[allow(clippy::too_many_lines)]
fn panel_form_ui(
    ui: &mut egui::Ui,
    cx: &mut ViewCtx<'_>,
    form: &mut Form,
    p: usize,
    panel: &mut Panel,
) {
    let id = form.id.clone();
    let lang = cx.lang;
    egui::Grid::new(("panel-form", &id, p))
        .num_columns(2)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            let label = row_label(ui, cx, "分图字母", "Panel letter");
            let changed = text_field(ui, &label, &mut panel.label, false, 60.0);
            form.mark_part(changed, format!("panels.{p}.label"), || {
                format!("the letter of panel {}", p + 1)
            });
            ui.end_row();
            row_label(ui, cx, "分图标题", "Panel title");
            let changed = bilingual(ui, &mut panel.zh, &mut panel.en, true);
            form.mark_part(changed, format!("panels.{p}.title"), || {
                format!("the title of panel {}", p + 1)
            });
            ui.end_row();
        });
    field_problems_ui(ui, cx, &id, "panels");

    ui.label(
        RichText::new(format!(
            "{} ({})",
            cx.tr("节点", "Nodes"),
            panel.nodes.len()
        ))
        .strong(),
    );
    let n_nodes = panel.nodes.len();
    let mut moved = None;
    let mut renamed: Option<(String, String)> = None;
    for (n, node) in panel.nodes.iter_mut().enumerate() {
        ui.group(|ui| {
            ui.horizontal_wrapped(|ui| {
                let label = ui.weak(cx.tr("键", "Key"));
                let old_key = node.key.clone();
                let changed = text_field(ui, &label, &mut node.key, false, 90.0);
                if changed {
                    renamed = Some((old_key, node.key.clone()));
                }
                let key = node.key.clone();
                form.mark_part(changed, format!("panels.{p}.nodes.{n}.key"), || {
                    format!("the key of node {key}")
                });
                ui.weak(cx.tr("条目", "Entry"));
                let mut ids: IdList = node.entity.iter().cloned().collect();
                let before = ids.clone();
                ref_list_ui(
                    ui,
                    cx,
                    ("node-entity", &id, p, n),
                    PickFrom::AnyEntity,
                    &mut ids,
                );
                if ids != before {
                    // One entry per node: the newest pick replaces the old one.
                    node.entity = ids.pop();
                    let key = node.key.clone();
                    form.mark_part(true, format!("panels.{p}.nodes.{n}.entity"), || {
                        format!("the entry of node {key}")
                    });
                }
                if let Some(m) = move_buttons(ui, cx, n, n_nodes) {
                    moved = Some((n, m));
                }
            });
            ui.horizontal_wrapped(|ui| {
                let l = ui.weak(cx.tr("框内文字 中文", "Own text 中文"));
                let c1 = text_field(ui, &l, &mut node.zh, false, 200.0);
                let l = ui.weak("English");
                let c2 = text_field(ui, &l, &mut node.en, false, 200.0);
                let key = node.key.clone();
                form.mark_part(c1 || c2, format!("panels.{p}.nodes.{n}.text"), || {
                    format!("the text of node {key}")
                });
            });
            ui.horizontal_wrapped(|ui| {
                let changed = ui
                    .checkbox(
                        &mut node.from_text,
                        cx.tr(
                            "印刷图中没有（据正文添加）",
                            "not in the printed panel (added from the text)",
                        ),
                    )
                    .changed();
                let key = node.key.clone();
                form.mark_part(changed, format!("panels.{p}.nodes.{n}.from_text"), || {
                    format!("\"from the text\" of node {key}")
                });
                position_ui(ui, cx, form, p, n, node);
            });
        });
    }
    if let Some((old, new)) = renamed
        && !old.is_empty()
        && !panel.nodes.iter().filter(|n| n.key == new).count().gt(&1)
    {
        // Arrows follow their node's new key (unless another node already has it).
        for edge in &mut panel.edges {
            if edge.from == old {
                edge.from.clone_from(&new);
            }
            if edge.to == old {
                edge.to.clone_from(&new);
            }
        }
    }
    if let Some((n, m)) = moved {
        let key = panel
            .nodes
            .get(n)
            .map(|node| node.key.clone())
            .unwrap_or_default();
        apply_move(&mut panel.nodes, n, m);
        let words = match m {
            Move::Up | Move::Down => format!("the order of nodes ({key})"),
            Move::Remove => {
                // Arrows to a removed node go with it.
                if !panel.nodes.iter().any(|node| node.key == key) {
                    panel.edges.retain(|e| e.from != key && e.to != key);
                }
                format!("remove node {key}")
            }
        };
        form.mark_part(true, format!("panels.{p}.nodes.{n}.move"), || words);
    }
    if ui
        .button(format!("＋ {}", cx.tr("添加节点", "Add a node")))
        .clicked()
    {
        let mut k = panel.nodes.len() + 1;
        while panel.nodes.iter().any(|n| n.key == format!("n{k}")) {
            k += 1;
        }
        panel.nodes.push(Node {
            key: format!("n{k}"),
            ..Node::default()
        });
        form.mark_part(true, format!("panels.{p}.nodes.add"), || {
            format!("add node n{k}")
        });
    }

    ui.add_space(6.0);
    ui.label(
        RichText::new(format!(
            "{} ({})",
            cx.tr("箭头", "Arrows"),
            panel.edges.len()
        ))
        .strong(),
    );
    let keys: Vec<String> = panel.nodes.iter().map(|n| n.key.clone()).collect();
    let n_edges = panel.edges.len();
    let mut moved = None;
    for (e, edge) in panel.edges.iter_mut().enumerate() {
        ui.group(|ui| {
            ui.horizontal_wrapped(|ui| {
                let mut changed =
                    key_combo(ui, cx, ("edge-from", &id, p, e), &mut edge.from, &keys);
                changed |= combo(
                    ui,
                    ("edge-rel", &id, p, e),
                    &mut edge.rel,
                    &Relation::ALL,
                    |r| lang.label(r.label_zh(), r.label_en()),
                );
                changed |= key_combo(ui, cx, ("edge-to", &id, p, e), &mut edge.to, &keys);
                let l = ui.weak(cx.tr("标注", "Label"));
                changed |= text_field(ui, &l, &mut edge.label, false, 140.0);
                let what = format!("{} → {}", edge.from, edge.to);
                form.mark_part(changed, format!("panels.{p}.edges.{e}"), || {
                    format!("the arrow {what}")
                });
                if let Some(m) = move_buttons(ui, cx, e, n_edges) {
                    moved = Some((e, m));
                }
            });
            ui.horizontal_wrapped(|ui| {
                ui.weak(cx.tr("证据", "Evidence"));
                let changed = ref_list_ui(
                    ui,
                    cx,
                    ("edge-claims", &id, p, e),
                    PickFrom::Claims,
                    &mut edge.claims,
                );
                let what = format!("{} → {}", edge.from, edge.to);
                form.mark_part(changed, format!("panels.{p}.edges.{e}.claims"), || {
                    format!("the evidence of the arrow {what}")
                });
            });
        });
    }
    if let Some((e, m)) = moved {
        apply_move(&mut panel.edges, e, m);
        let words = match m {
            Move::Up | Move::Down => format!("the order of arrows ({})", e + 1),
            Move::Remove => format!("remove arrow {}", e + 1),
        };
        form.mark_part(true, format!("panels.{p}.edges.{e}.move"), || words);
    }
    if keys.len() >= 2
        && ui
            .button(format!("＋ {}", cx.tr("添加箭头", "Add an arrow")))
            .clicked()
    {
        panel.edges.push(Edge {
            from: keys[0].clone(),
            rel: Relation::Activates,
            to: keys[1].clone(),
            label: String::new(),
            claims: IdList::new(),
        });
        form.mark_part(true, format!("panels.{p}.edges.add"), || {
            "add an arrow".to_owned()
        });
    }
}

/// A node's curated position: none (placed by the layout) or x, y in diagram units.
fn position_ui(
    ui: &mut egui::Ui,
    cx: &ViewCtx<'_>,
    form: &mut Form,
    p: usize,
    n: usize,
    node: &mut Node,
) {
    let key = node.key.clone();
    let path = format!("panels.{p}.nodes.{n}.pos");
    let words = || format!("the position of node {key}");
    match &mut node.pos {
        Some(pos) => {
            ui.weak(cx.tr("位置", "Position"));
            let mut changed = ui
                .add(egui::DragValue::new(&mut pos[0]).prefix("x ").speed(1.0))
                .changed();
            changed |= ui
                .add(egui::DragValue::new(&mut pos[1]).prefix("y ").speed(1.0))
                .changed();
            if ui
                .small_button(cx.tr("自动布局", "Automatic"))
                .on_hover_text(cx.tr(
                    "去掉固定位置，由自动布局放置",
                    "Drop the fixed position: the layout places the node",
                ))
                .clicked()
            {
                node.pos = None;
                changed = true;
            }
            form.mark_part(changed, path, words);
        }
        None => {
            ui.weak(cx.tr(
                "位置：自动（在图中拖动以固定）",
                "Position: automatic (drag it in the diagram to fix it)",
            ));
        }
    }
}

/// A dropdown of the panel's node keys.
fn key_combo(
    ui: &mut egui::Ui,
    cx: &ViewCtx<'_>,
    salt: impl std::hash::Hash + std::fmt::Debug,
    value: &mut String,
    keys: &[String],
) -> bool {
    let mut changed = false;
    let shown = if value.is_empty() {
        cx.tr("（未选）", "(none)")
    } else {
        value.clone()
    };
    let response = egui::ComboBox::from_id_salt(salt)
        .selected_text(shown)
        .width(110.0)
        .show_ui(ui, |ui| {
            for key in keys {
                if ui.selectable_label(value == key, key).clicked() && value != key {
                    value.clone_from(key);
                    changed = true;
                }
            }
        });
    super::named_by_row(&response.response);
    changed
}
