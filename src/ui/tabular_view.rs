//! The one table widget: a [`Tabular`] (a review table, a claims table) with headers
//! that sort (click: ascending, again: descending, a third time: as printed), a filter
//! box narrowing the rows across every column in both languages, and cells showing
//! their text with the entities they name as links beside it — never instead of it.
//! A hovered cell shows its full text; a clicked one shows it, selectable, above the
//! table. Each row opens its claims (and a review row its diagram) in one click, and the
//! table exports as CSV or copies as TSV as arranged.
//!
//! Two sizings. [`Sizing::Wrapped`] (review tables): text wraps and every row is as
//! tall as its content, measured with egui's text layout once per (table, column widths,
//! language, font size) and cached. [`Sizing::Fixed`] (claims tables, up to 50,000
//! rows): one line per row, virtualized, long text elided (full on hover). Either way the
//! arranged row order is cached per (page data, sort, filter): no frame sorts.

use std::sync::{Arc, Weak};

use egui::text::Galley;
use egui::{Rect, Sense, TextStyle, TextWrapMode, Vec2, WidgetText, vec2};
use egui_extras::{Column, TableBuilder};

use super::ViewCtx;
use crate::app::derived::PageData;
use crate::app::{Command, Page};
use crate::export::table::TableSource;
use crate::lang::Lang;
use crate::model::Id;
use crate::model::evidence::{ClaimQuery, ClaimSet};
use crate::model::tabular::{Sort, SortOrder, TabCell, Tabular, arrange};

/// How rows are sized.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sizing {
    /// Text wraps; each row as tall as its content (review tables).
    Wrapped,
    /// One line per row, virtualized (claims tables: fast at 50,000 rows).
    Fixed,
}

/// What a row's leading cell opens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowLinks<'a> {
    /// Rows of the review table `table`: the row's claims (its claim, when one) and the
    /// row's mechanism diagram.
    Review {
        /// The table's id.
        table: &'a str,
    },
    /// One claim per row: the claim's page.
    Claims,
}

/// A table to show.
pub struct TabularView<'a> {
    /// Names the table's view state (sort, filter, selection, column widths): one per
    /// page.
    pub salt: egui::Id,
    /// The table, part of the current page's derived data (caches hold while that does).
    pub table: &'a Tabular,
    /// How rows are sized.
    pub sizing: Sizing,
    /// What the leading cell of a row opens.
    pub rows: RowLinks<'a>,
    /// What the export buttons write.
    pub source: TableSource,
}

/// The reader's arrangement of one table, kept across frames.
#[derive(Clone, Debug, Default, PartialEq)]
struct ViewState {
    sort: Sort,
    filter: String,
    /// The selected cell: (row in the table, column).
    selected: Option<(usize, usize)>,
}

/// Vertical padding inside a cell, above and below its content.
const V_PAD: f32 = 3.0;
/// Horizontal padding inside a cell, left of its content.
const H_PAD: f32 = 2.0;
/// Room at the right of a header for the sort mark.
const MARK_WIDTH: f32 = 14.0;
/// Space between links in a cell (and between a cell's text and its links).
const LINK_GAP: Vec2 = vec2(8.0, 1.0);
/// Narrowest column.
const MIN_COLUMN: f32 = 48.0;
/// Rows measured to choose the initial column widths.
const WIDTH_SAMPLE: usize = 300;
/// Arranged orders kept (the tables of the last few pages).
const ARRANGED_KEPT: usize = 4;

/// Shows the table: the filter box, "k of n rows" and the export buttons, the selected
/// cell in full, and the rows.
pub fn tabular_ui(ui: &mut egui::Ui, cx: &mut ViewCtx<'_>, view: &TabularView<'_>) {
    let state_id = view.salt.with("tabular-state");
    let mut state: ViewState = ui.data_mut(|d| d.get_temp(state_id)).unwrap_or_default();
    let table = view.table;
    let order = arranged(ui, cx, view.salt, table, state.sort, &state.filter);
    toolbar_ui(ui, cx, view, &mut state, order.len());
    if let Some((row, column)) = state.selected
        && !selected_cell_ui(ui, cx, table, row, column)
    {
        state.selected = None;
    }
    let lead_width = lead_width(ui, cx, table, view.rows);
    let widths = initial_widths(ui, cx, view, lead_width);
    let n_columns = table.columns.len();
    let table_salt = view.salt.with(("tabular-columns", cx.lang, n_columns));
    let mut events = Events::default();
    match view.sizing {
        Sizing::Wrapped => {
            egui::ScrollArea::horizontal()
                .id_salt(view.salt.with("tabular-hscroll"))
                .show(ui, |ui| {
                    wrapped_table_ui(
                        ui,
                        cx,
                        view,
                        &state,
                        &order,
                        (table_salt, lead_width, &widths),
                        &mut events,
                    );
                });
        }
        Sizing::Fixed => {
            egui::ScrollArea::horizontal()
                .id_salt(view.salt.with("tabular-hscroll"))
                .show(ui, |ui| {
                    fixed_table_ui(
                        ui,
                        cx,
                        view,
                        &state,
                        &order,
                        (table_salt, lead_width, &widths),
                        &mut events,
                    );
                });
        }
    }
    if let Some(column) = events.sort_clicked {
        state.sort = state.sort.clicked(column);
    }
    if let Some(cell) = events.selected {
        state.selected = (state.selected != Some(cell)).then_some(cell);
    }
    ui.data_mut(|d| d.insert_temp(state_id, state));
}

/// What the reader did in the table this frame.
#[derive(Default)]
struct Events {
    sort_clicked: Option<usize>,
    selected: Option<(usize, usize)>,
}

/// The filter box, the row count and the export buttons.
fn toolbar_ui(
    ui: &mut egui::Ui,
    cx: &mut ViewCtx<'_>,
    view: &TabularView<'_>,
    state: &mut ViewState,
    n_shown: usize,
) {
    let n_rows = view.table.rows.len();
    ui.horizontal_wrapped(|ui| {
        let label = ui.label(cx.tr("筛选行：", "Filter rows:"));
        ui.add(
            egui::TextEdit::singleline(&mut state.filter)
                .hint_text(cx.tr("任一列，中英文", "any column"))
                .desired_width(240.0),
        )
        .labelled_by(label.id)
        .on_hover_text(cx.tr(
            "每个词都须出现在该行某一格中（含链接条目的中英文名、缩写与别名）",
            "Every word must appear in some cell of the row (linked entries are found by their Chinese and English names, abbreviations and aliases)",
        ));
        if !state.filter.is_empty() && ui.button("×").on_hover_text(cx.tr("清除筛选", "Clear the filter")).clicked() {
            state.filter.clear();
        }
        ui.weak(cx.lang.label(
            &format!("显示 {n_shown} / {n_rows} 行"),
            &format!("{n_shown} of {n_rows} rows"),
        ));
        ui.separator();
        export_buttons_ui(ui, cx, &view.source, state.sort, &state.filter);
    });
}

/// "Export CSV…" and "Copy as TSV" for `source`, arranged by `sort` and `filter` (the
/// table's as on screen); the claim filters in force apply. Both run in the background.
pub fn export_buttons_ui(
    ui: &mut egui::Ui,
    cx: &mut ViewCtx<'_>,
    source: &TableSource,
    sort: Sort,
    filter: &str,
) {
    if ui
        .button(cx.tr("导出 CSV…", "Export CSV…"))
        .on_hover_text(cx.tr(
            "按当前排序与筛选保存为 CSV（UTF-8，文件头注明证据文件、内容哈希与筛选）",
            "Save as CSV, sorted and filtered as shown (UTF-8; the first lines name the evidence file, its content hash and the filters)",
        ))
        .clicked()
    {
        cx.send(Command::ExportTable {
            source: source.clone(),
            sort,
            filter: filter.to_owned(),
            path: None,
        });
    }
    if ui
        .button(cx.tr("复制为 TSV", "Copy as TSV"))
        .on_hover_text(cx.tr(
            "按当前排序与筛选复制为制表符分隔文本，可直接粘贴到电子表格",
            "Copy as tab-separated text, sorted and filtered as shown, to paste into a spreadsheet",
        ))
        .clicked()
    {
        cx.send(Command::CopyTable {
            source: source.clone(),
            sort,
            filter: filter.to_owned(),
        });
    }
}

/// The selected cell in full: its column, its whole text (selectable, to copy), its
/// links. False when the cell no longer exists.
fn selected_cell_ui(
    ui: &mut egui::Ui,
    cx: &mut ViewCtx<'_>,
    table: &Tabular,
    row: usize,
    column: usize,
) -> bool {
    let (Some(cell), Some(header)) = (
        table.rows.get(row).and_then(|r| r.cells.get(column)),
        table.columns.get(column),
    ) else {
        return false;
    };
    let mut keep = true;
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.horizontal_wrapped(|ui| {
            let row_word = cx
                .lang
                .label(&format!("第 {} 行", row + 1), &format!("Row {}", row + 1));
            ui.strong(format!(
                "{row_word} · {}",
                cx.lang.pick(&header.zh, &header.en)
            ));
            if ui
                .button("×")
                .on_hover_text(cx.tr("关闭", "Close"))
                .clicked()
            {
                keep = false;
            }
        });
        if !cell.text.is_empty() {
            ui.add(egui::Label::new(&cell.text).selectable(true));
        }
        if !cell.links.is_empty() {
            ui.horizontal_wrapped(|ui| {
                ui.weak(cx.tr("链接：", "Links:"));
                for id in &cell.links {
                    cx.link_ui(ui, id);
                }
            });
        }
    });
    keep
}

/// The rows to show in order, cached per (page data, table, sort, filter).
fn arranged(
    ui: &egui::Ui,
    cx: &ViewCtx<'_>,
    salt: egui::Id,
    table: &Tabular,
    sort: Sort,
    filter: &str,
) -> Arc<Vec<usize>> {
    let owner = Arc::downgrade(&cx.page_data);
    let cache_id = egui::Id::unique("paracrine-tabular-arranged");
    let hit = ui.data_mut(|d| {
        d.get_temp_mut_or_default::<ArrangedCache>(cache_id)
            .entries
            .iter()
            .find(|e| {
                e.salt == salt
                    && Weak::ptr_eq(&e.owner, &owner)
                    && e.sort == sort
                    && e.filter == filter
            })
            .map(|e| Arc::clone(&e.order))
    });
    if let Some(order) = hit {
        return order;
    }
    let order = Arc::new(arrange(table, sort, filter));
    ui.data_mut(|d| {
        let cache = d.get_temp_mut_or_default::<ArrangedCache>(cache_id);
        cache.entries.retain(|e| e.salt != salt);
        cache.entries.push(Arranged {
            salt,
            owner,
            sort,
            filter: filter.to_owned(),
            order: Arc::clone(&order),
        });
        if cache.entries.len() > ARRANGED_KEPT {
            cache.entries.remove(0);
        }
        cache.n_arranged += 1;
    });
    order
}

/// How many times a table's rows were arranged (sorted and filtered) in this context:
/// tests check that frames reuse the arrangement.
pub fn n_arranged(ctx: &egui::Context) -> u64 {
    ctx.data_mut(|d| {
        d.get_temp_mut_or_default::<ArrangedCache>(egui::Id::unique("paracrine-tabular-arranged"))
            .n_arranged
    })
}

#[derive(Clone, Default)]
struct ArrangedCache {
    entries: Vec<Arranged>,
    n_arranged: u64,
}

#[derive(Clone)]
struct Arranged {
    salt: egui::Id,
    /// The page data the table belongs to; a weak reference keeps its address unique
    /// without keeping the data alive.
    owner: Weak<PageData>,
    sort: Sort,
    filter: String,
    order: Arc<Vec<usize>>,
}

/// The name of the linked record `id` in the UI language (its id if unknown).
fn link_name(cx: &ViewCtx<'_>, id: &str) -> String {
    cx.index
        .item(id)
        .map_or_else(|| id.to_owned(), |item| cx.item_name(item))
}

/// Whether the cell's text is just its links' names (a claims table's entity columns):
/// then the links are the text, shown once.
fn text_is_links(cx: &ViewCtx<'_>, cell: &TabCell) -> bool {
    !cell.links.is_empty()
        && cell
            .links
            .iter()
            .map(|id| link_name(cx, id))
            .collect::<Vec<_>>()
            .join(", ")
            == cell.text
}

fn galley(ui: &egui::Ui, text: &str, wrap_width: f32) -> Arc<Galley> {
    WidgetText::from(text).into_galley(
        ui,
        Some(TextWrapMode::Wrap),
        wrap_width.max(1.0),
        TextStyle::Body,
    )
}

fn one_line(ui: &egui::Ui, text: &str) -> Arc<Galley> {
    WidgetText::from(text).into_galley(
        ui,
        Some(TextWrapMode::Extend),
        f32::INFINITY,
        TextStyle::Body,
    )
}

/// The leading cell's words: the row number (a link to the row's claims) and, for a
/// review row, "diagram".
fn diagram_word(cx: &ViewCtx<'_>) -> String {
    cx.tr("机制图", "diagram")
}

/// The leading cell's two lines: the row number, then (a review row) "diagram".
fn lead_lines(rows: RowLinks<'_>) -> usize {
    match rows {
        RowLinks::Review { .. } => 2,
        RowLinks::Claims => 1,
    }
}

fn lead_width(ui: &egui::Ui, cx: &ViewCtx<'_>, table: &Tabular, rows: RowLinks<'_>) -> f32 {
    let number = one_line(ui, &table.rows.len().max(1).to_string()).size().x;
    match rows {
        RowLinks::Review { .. } => {
            let word = one_line(ui, &diagram_word(cx)).size().x;
            (number.max(word) + 2.0 * H_PAD).ceil()
        }
        RowLinks::Claims => (number + 2.0 * H_PAD + 8.0).ceil().max(32.0),
    }
}

/// Initial column widths: each column's natural width (its header and a sample of its
/// cells on one line), within bounds; review tables share the page's width out among
/// their columns. Cached per (page data, table, language, font size).
fn initial_widths(
    ui: &egui::Ui,
    cx: &ViewCtx<'_>,
    view: &TabularView<'_>,
    lead_width: f32,
) -> Vec<f32> {
    #[derive(Clone)]
    struct Natural {
        owner: Weak<PageData>,
        key: (egui::Id, Lang, u32),
        /// Per column: (natural width, narrowest width that breaks no header word).
        widths: Vec<(f32, f32)>,
    }
    let owner = Arc::downgrade(&cx.page_data);
    let key = (
        view.salt,
        cx.lang,
        ui.text_style_height(&TextStyle::Body).to_bits(),
    );
    let cache_id = egui::Id::unique("paracrine-tabular-natural");
    let cached = ui.data_mut(|d| d.get_temp::<Natural>(cache_id));
    let natural = match cached {
        Some(n) if n.key == key && Weak::ptr_eq(&n.owner, &owner) => n.widths,
        _ => {
            let widths = natural_widths(ui, cx, view.table);
            ui.data_mut(|d| {
                d.insert_temp(
                    cache_id,
                    Natural {
                        owner,
                        key,
                        widths: widths.clone(),
                    },
                );
            });
            widths
        }
    };
    let spacing = ui.spacing().item_spacing.x;
    let n = natural.len().max(1) as f32;
    let available = (ui.available_width() - lead_width - spacing * n - 16.0).max(n * MIN_COLUMN);
    match view.sizing {
        Sizing::Fixed => natural
            .iter()
            .map(|(w, word)| w.max(*word).clamp(MIN_COLUMN, 360.0))
            .collect(),
        Sizing::Wrapped => {
            let capped: Vec<f32> = natural
                .iter()
                .map(|(w, _)| w.clamp(MIN_COLUMN, 420.0))
                .collect();
            let floors: Vec<f32> = natural
                .iter()
                .zip(&capped)
                .map(|((_, word), w)| w.min(FLOOR.max(word.min(170.0))))
                .collect();
            let total: f32 = capped.iter().sum();
            if total <= available {
                // Room to spare: widen every column in proportion, text wraps less.
                capped.iter().map(|w| w * available / total).collect()
            } else {
                fit_widths(&capped, &floors, available)
            }
        }
    }
}

/// Columns narrower than this wrap Chinese text every few characters.
const FLOOR: f32 = 100.0;

/// Narrows `natural` widths to fit `available`: in proportion, but no column below its
/// floor (100 pt, or the header's longest word, or its natural width when less); what the
/// narrow ones keep, the wide ones give up. When even that is too wide, the table
/// scrolls sideways.
fn fit_widths(natural: &[f32], floors: &[f32], available: f32) -> Vec<f32> {
    let floor = |i: usize| floors.get(i).copied().unwrap_or(FLOOR);
    let mut floored = vec![false; natural.len()];
    let mut share = 1.0_f32;
    for _ in 0..natural.len() {
        let kept: f32 = (0..natural.len())
            .filter(|&i| floored.get(i).copied().unwrap_or(false))
            .map(floor)
            .sum();
        let free: f32 = natural
            .iter()
            .zip(&floored)
            .filter(|(_, f)| !**f)
            .map(|(w, _)| *w)
            .sum();
        share = if free > 0.0 {
            ((available - kept) / free).clamp(0.0, 1.0)
        } else {
            0.0
        };
        let mut changed = false;
        for (i, (w, f)) in natural.iter().zip(floored.iter_mut()).enumerate() {
            if !*f && w * share < floor(i) {
                *f = true;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    natural
        .iter()
        .zip(&floored)
        .enumerate()
        .map(|(i, (w, f))| if *f { floor(i) } else { w * share })
        .collect()
}

/// Per column: its natural width (header and a sample of cells on one line) and the
/// width of its header's longest word (a header never breaks inside a word).
fn natural_widths(ui: &egui::Ui, cx: &ViewCtx<'_>, table: &Tabular) -> Vec<(f32, f32)> {
    table
        .columns
        .iter()
        .enumerate()
        .map(|(c, column)| {
            let name = cx.lang.pick(&column.zh, &column.en);
            let header = one_line(ui, &name).size().x + MARK_WIDTH;
            let word = name
                .split_whitespace()
                .map(|w| header_galley(ui, w, f32::INFINITY, true).size().x)
                .fold(0.0_f32, f32::max)
                + MARK_WIDTH
                + 2.0 * H_PAD;
            let cells = table
                .rows
                .iter()
                .take(WIDTH_SAMPLE)
                .filter_map(|row| row.cells.get(c))
                .map(|cell| {
                    let text = if text_is_links(cx, cell) || cell.text.is_empty() {
                        0.0
                    } else {
                        one_line(ui, &cell.text).size().x
                    };
                    let links: f32 = cell
                        .links
                        .iter()
                        .map(|id| one_line(ui, &link_name(cx, id)).size().x + LINK_GAP.x)
                        .sum();
                    text.max(links)
                })
                .fold(0.0_f32, f32::max);
            (header.max(cells) + 2.0 * H_PAD, word)
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// Wrapped rows (review tables)

/// A cell laid out: its text and its links, placed relative to the cell's top left.
#[derive(Clone)]
struct CellLayout {
    text: Option<(Arc<Galley>, Vec2)>,
    links: Vec<(Id, Arc<Galley>, Vec2)>,
    height: f32,
}

/// A row laid out: its cells and its height (content plus padding).
#[derive(Clone)]
struct RowLayout {
    cells: Vec<CellLayout>,
    height: f32,
}

/// A table laid out for one set of column widths.
#[derive(Clone)]
struct Measured {
    owner: Weak<PageData>,
    key: MeasureKey,
    headers: Vec<Arc<Galley>>,
    header_height: f32,
    rows: Arc<Vec<RowLayout>>,
}

#[derive(Clone, PartialEq)]
struct MeasureKey {
    salt: egui::Id,
    /// Column widths in quarter points.
    widths: Vec<u32>,
    lang: Lang,
    font: u32,
    pixels_per_point: u32,
}

/// Links flowed left to right under (or, with no text, in place of) the text, wrapping
/// at `width`; each long name wraps itself.
fn flow_links(
    ui: &egui::Ui,
    cx: &ViewCtx<'_>,
    links: &[Id],
    top: f32,
    width: f32,
) -> (Vec<(Id, Arc<Galley>, Vec2)>, f32) {
    let mut placed = Vec::new();
    let (mut x, mut y, mut line) = (0.0_f32, top, 0.0_f32);
    for id in links {
        let g = galley(ui, &link_name(cx, id), width);
        let size = g.size();
        if x > 0.0 && x + size.x > width {
            x = 0.0;
            y += line + LINK_GAP.y;
            line = 0.0;
        }
        placed.push((id.clone(), g, vec2(x, y)));
        x += size.x + LINK_GAP.x;
        line = line.max(size.y);
    }
    (placed, y + line)
}

fn measure_cell(ui: &egui::Ui, cx: &ViewCtx<'_>, cell: &TabCell, width: f32) -> CellLayout {
    let inner = (width - 2.0 * H_PAD).max(8.0);
    let show_text = !cell.text.trim().is_empty() && !text_is_links(cx, cell);
    let text = show_text.then(|| (galley(ui, &cell.text, inner), vec2(0.0, 0.0)));
    let text_height = text.as_ref().map_or(0.0, |(g, _)| g.size().y);
    let top = if text.is_some() && !cell.links.is_empty() {
        text_height + LINK_GAP.y
    } else {
        text_height
    };
    let (links, bottom) = if cell.links.is_empty() {
        (Vec::new(), text_height)
    } else {
        flow_links(ui, cx, &cell.links, top, inner)
    };
    CellLayout {
        text,
        links,
        height: bottom,
    }
}

fn measure(
    ui: &egui::Ui,
    cx: &ViewCtx<'_>,
    view: &TabularView<'_>,
    key: MeasureKey,
    widths: &[f32],
) -> Measured {
    let table = view.table;
    // widths[0] is the leading column.
    let column_width = |c: usize| widths.get(c + 1).copied().unwrap_or(MIN_COLUMN);
    let line = one_line(ui, "0").size().y;
    let lead_height = line * lead_lines(view.rows) as f32;
    let headers: Vec<Arc<Galley>> = table
        .columns
        .iter()
        .enumerate()
        .map(|(c, column)| {
            header_galley(
                ui,
                &cx.lang.pick(&column.zh, &column.en),
                column_width(c) - 2.0 * H_PAD - MARK_WIDTH,
                true,
            )
        })
        .collect();
    let header_height = headers.iter().map(|g| g.size().y).fold(line, f32::max) + 2.0 * V_PAD;
    let rows = table
        .rows
        .iter()
        .map(|row| {
            let cells: Vec<CellLayout> = (0..table.columns.len())
                .map(|c| match row.cells.get(c) {
                    Some(cell) => measure_cell(ui, cx, cell, column_width(c)),
                    None => CellLayout {
                        text: None,
                        links: Vec::new(),
                        height: 0.0,
                    },
                })
                .collect();
            let content = cells.iter().map(|c| c.height).fold(lead_height, f32::max);
            RowLayout {
                cells,
                height: (content + 2.0 * V_PAD).ceil(),
            }
        })
        .collect();
    Measured {
        owner: Arc::downgrade(&cx.page_data),
        key,
        headers,
        header_height,
        rows: Arc::new(rows),
    }
}

/// The table laid out for `widths` (leading column first), from the cache when the
/// table, widths, language and font are those it was measured for.
fn measured(ui: &egui::Ui, cx: &ViewCtx<'_>, view: &TabularView<'_>, widths: &[f32]) -> Measured {
    let key = MeasureKey {
        salt: view.salt,
        widths: widths.iter().map(|w| (w * 4.0).round() as u32).collect(),
        lang: cx.lang,
        font: ui.text_style_height(&TextStyle::Body).to_bits(),
        pixels_per_point: ui.ctx().pixels_per_point().to_bits(),
    };
    let owner = Arc::downgrade(&cx.page_data);
    let cache_id = egui::Id::unique("paracrine-tabular-measured");
    let cached = ui.data_mut(|d| d.get_temp::<Measured>(cache_id));
    if let Some(m) = cached
        && m.key == key
        && Weak::ptr_eq(&m.owner, &owner)
    {
        return m;
    }
    let m = measure(ui, cx, view, key, widths);
    ui.data_mut(|d| d.insert_temp(cache_id, m.clone()));
    ui.data_mut(|d| *d.get_temp_mut_or_default::<u64>(cache_id.with("n")) += 1);
    m
}

/// How many times a wrapped table was measured in this context (tests check that
/// frames reuse the measurement).
pub fn n_measured(ctx: &egui::Context) -> u64 {
    ctx.data_mut(|d| {
        *d.get_temp_mut_or_default::<u64>(egui::Id::unique("paracrine-tabular-measured").with("n"))
    })
}

/// The last measured widths of this table (the header needs its height before the body
/// reports the widths; while a column is dragged, it lags one frame).
fn last_widths(ui: &egui::Ui, salt: egui::Id) -> Option<Vec<f32>> {
    ui.data_mut(|d| d.get_temp::<Vec<f32>>(salt.with("tabular-widths")))
}

fn wrapped_table_ui(
    ui: &mut egui::Ui,
    cx: &mut ViewCtx<'_>,
    view: &TabularView<'_>,
    state: &ViewState,
    order: &[usize],
    (table_salt, lead_width, widths): (egui::Id, f32, &[f32]),
    events: &mut Events,
) {
    let all_widths: Vec<f32> = last_widths(ui, view.salt).unwrap_or_else(|| {
        std::iter::once(lead_width)
            .chain(widths.iter().copied())
            .collect()
    });
    let header_measure = measured(ui, cx, view, &all_widths);
    let mut builder = TableBuilder::new(ui)
        .id_salt(table_salt)
        .striped(true)
        .resizable(true)
        .vscroll(false)
        .sense(Sense::click())
        .cell_layout(egui::Layout::top_down(egui::Align::Min))
        .column(Column::exact(lead_width));
    for &w in widths {
        builder = builder.column(Column::initial(w).at_least(MIN_COLUMN).clip(true));
    }
    builder
        .header(header_measure.header_height, |mut header| {
            header.col(|ui| {
                ui.add_space(V_PAD);
                ui.strong("#");
            });
            for (c, g) in header_measure.headers.iter().enumerate() {
                header.col(|ui| {
                    if header_cell_ui(ui, cx, view, state.sort, c, Some(g)) {
                        events.sort_clicked = Some(c);
                    }
                });
            }
        })
        .body(|mut body| {
            let body_widths = body.widths().to_vec();
            let m = if body_widths == all_widths {
                header_measure.clone()
            } else {
                measured(body.ui_mut(), cx, view, &body_widths)
            };
            body.ui_mut()
                .data_mut(|d| d.insert_temp(view.salt.with("tabular-widths"), body_widths));
            let rows = Arc::clone(&m.rows);
            let heights = order
                .iter()
                .map(|&r| rows.get(r).map_or(20.0, |row| row.height));
            body.heterogeneous_rows(heights, |mut table_row| {
                let Some(&r) = order.get(table_row.index()) else {
                    return;
                };
                let Some(layout) = rows.get(r) else {
                    return;
                };
                table_row.set_selected(state.selected.is_some_and(|(sr, _)| sr == r));
                table_row.col(|ui| lead_cell_ui(ui, cx, view, r));
                for (c, cell) in layout.cells.iter().enumerate() {
                    let (_, response) = table_row.col(|ui| wrapped_cell_ui(ui, cx, cell));
                    if response.clicked() {
                        events.selected = Some((r, c));
                    }
                }
            });
        });
}

fn wrapped_cell_ui(ui: &mut egui::Ui, cx: &mut ViewCtx<'_>, cell: &CellLayout) {
    let origin = ui.max_rect().min + vec2(H_PAD, V_PAD);
    if let Some((g, offset)) = &cell.text {
        let rect = Rect::from_min_size(origin + *offset, g.size());
        ui.put(rect, egui::Label::new(Arc::clone(g)).selectable(false));
    }
    for (id, g, offset) in &cell.links {
        let rect = Rect::from_min_size(origin + *offset, g.size());
        link_at_ui(ui, cx, Some(rect), id, Arc::clone(g));
    }
}

/// A link to the record `id` drawn with `galley`, in `rect` or (`None`) where the layout
/// puts it.
fn link_at_ui(
    ui: &mut egui::Ui,
    cx: &mut ViewCtx<'_>,
    rect: Option<Rect>,
    id: &str,
    galley: Arc<Galley>,
) {
    let Some(item) = cx.index.item(id) else {
        let label = egui::Label::new(galley).selectable(false);
        match rect {
            Some(rect) => ui.put(rect, label),
            None => ui.add(label),
        };
        return;
    };
    let link = egui::Link::new(galley);
    let response = match rect {
        Some(rect) => ui.put(rect, link),
        None => ui.add(link),
    }
    .on_hover_text(cx.item_kind_label(item));
    if response.clicked() {
        cx.send(Command::navigate_to(id));
    }
}

/// A column's name as its header shows it: strong, wrapped to `width` (review tables)
/// or on one line, elided (claims tables).
fn header_galley(ui: &egui::Ui, name: &str, width: f32, wrap: bool) -> Arc<Galley> {
    let mode = if wrap {
        TextWrapMode::Wrap
    } else {
        TextWrapMode::Truncate
    };
    WidgetText::from(egui::RichText::new(name).strong()).into_galley(
        ui,
        Some(mode),
        width.max(1.0),
        TextStyle::Body,
    )
}

/// A header cell: its name (a button sorting by the column) and the sort mark; true
/// when clicked. `galley` is the name wrapped to the column (review tables); without it
/// the name is one line, elided (in full on hover).
fn header_cell_ui(
    ui: &mut egui::Ui,
    cx: &ViewCtx<'_>,
    view: &TabularView<'_>,
    sort: Sort,
    column: usize,
    galley: Option<&Arc<Galley>>,
) -> bool {
    let Some(header) = view.table.columns.get(column) else {
        return false;
    };
    let name = cx.lang.pick(&header.zh, &header.en);
    let cell = ui.max_rect();
    let text_width = cell.width() - 2.0 * H_PAD - MARK_WIDTH;
    let g = galley.map_or_else(|| header_galley(ui, &name, text_width, false), Arc::clone);
    let top = (cell.height() - g.size().y).min(2.0 * V_PAD) / 2.0;
    let text_rect = Rect::from_min_size(cell.min + vec2(H_PAD, top.max(0.0)), g.size());
    let elided = g.elided;
    let response = ui.put(
        text_rect,
        egui::Label::new(g)
            .sense(Sense::click())
            .selectable(false)
            .show_tooltip_when_elided(false),
    );
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &name));
    let how = cx.tr(
        "按此列排序；再点一次倒序，第三次恢复原顺序",
        "Sort by this column; click again to reverse, a third time for the printed order",
    );
    let hover = if elided {
        format!("{name}\n{how}")
    } else {
        how
    };
    let response = response.on_hover_text(hover);
    let mark = match (sort.column == Some(column), sort.order) {
        (true, Some(SortOrder::Descending)) => Some("▼"),
        (true, Some(SortOrder::Ascending) | None) => Some("▲"),
        (false, _) => None,
    };
    if let Some(mark) = mark {
        let mark_rect = Rect::from_min_max(
            egui::pos2(cell.max.x - MARK_WIDTH, text_rect.min.y),
            egui::pos2(
                cell.max.x,
                text_rect.min.y + ui.text_style_height(&TextStyle::Body),
            ),
        );
        ui.put(mark_rect, egui::Label::new(mark).selectable(false));
    }
    response.clicked()
}

/// The leading cell: the row number as printed, a link to the row's claims (the claim
/// itself when there is one), and for a review row its diagram.
fn lead_cell_ui(ui: &mut egui::Ui, cx: &mut ViewCtx<'_>, view: &TabularView<'_>, row_idx: usize) {
    let Some(row) = view.table.rows.get(row_idx) else {
        return;
    };
    ui.add_space(V_PAD);
    ui.vertical(|ui| {
        ui.spacing_mut().item_spacing.y = 0.0;
        let number = (row_idx + 1).to_string();
        let n = row.claims.len();
        let row_number = row_idx + 1;
        let target = match (view.rows, row.claims.as_slice()) {
            (_, []) => None,
            (RowLinks::Claims, [claim, ..]) | (RowLinks::Review { .. }, [claim]) => Some((
                Command::navigate_to(claim.clone()),
                cx.lang.label(
                    &format!("打开第 {row_number} 行的证据条目"),
                    &format!("Open the claim of row {row_number}"),
                ),
            )),
            (RowLinks::Review { table }, [_, _, ..]) => Some((
                Command::Navigate(Page::claims_of(ClaimSet::TableRow {
                    table: table.into(),
                    row: row_idx,
                })),
                cx.lang.label(
                    &format!("打开第 {row_number} 行的 {n} 条证据"),
                    &format!("Open the {n} claims of row {row_number}"),
                ),
            )),
        };
        match target {
            Some((command, label)) => {
                let response = ui.add(egui::Link::new(number.as_str()));
                response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Link, true, &label));
                if response.on_hover_text(&label).clicked() {
                    cx.send(command);
                }
            }
            None => {
                ui.add(egui::Label::new(number.as_str()).selectable(false));
            }
        }
        if let RowLinks::Review { table } = view.rows
            && n > 0
        {
            let label = cx.lang.label(
                &format!("第 {} 行证据的机制图", row_idx + 1),
                &format!("Diagram of row {}", row_idx + 1),
            );
            let response = ui.add(egui::Link::new(diagram_word(cx)));
            response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Link, true, &label));
            if response.on_hover_text(&label).clicked() {
                cx.send(Command::Navigate(Page::diagram_of_claims(ClaimQuery::of(
                    ClaimSet::TableRow {
                        table: table.into(),
                        row: row_idx,
                    },
                ))));
            }
        }
    });
}

// ---------------------------------------------------------------------------------------
// Fixed rows (claims tables)

fn fixed_table_ui(
    ui: &mut egui::Ui,
    cx: &mut ViewCtx<'_>,
    view: &TabularView<'_>,
    state: &ViewState,
    order: &[usize],
    (table_salt, lead_width, widths): (egui::Id, f32, &[f32]),
    events: &mut Events,
) {
    let line = ui.text_style_height(&TextStyle::Body);
    let row_height = (line + 2.0 * V_PAD).ceil();
    let mut builder = TableBuilder::new(ui)
        .id_salt(table_salt)
        .striped(true)
        .resizable(true)
        .sense(Sense::click())
        .auto_shrink([false, false])
        .min_scrolled_height(120.0)
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .column(Column::exact(lead_width));
    for &w in widths {
        builder = builder.column(Column::initial(w).at_least(MIN_COLUMN).clip(true));
    }
    builder
        .header(row_height, |mut header| {
            header.col(|ui| {
                ui.strong("#");
            });
            for c in 0..view.table.columns.len() {
                header.col(|ui| {
                    if header_cell_ui(ui, cx, view, state.sort, c, None) {
                        events.sort_clicked = Some(c);
                    }
                });
            }
        })
        .body(|body| {
            body.rows(row_height, order.len(), |mut table_row| {
                let Some(&r) = order.get(table_row.index()) else {
                    return;
                };
                let Some(row) = view.table.rows.get(r) else {
                    return;
                };
                table_row.set_selected(state.selected.is_some_and(|(sr, _)| sr == r));
                table_row.col(|ui| lead_cell_ui(ui, cx, view, r));
                for c in 0..view.table.columns.len() {
                    let (_, response) = table_row.col(|ui| {
                        if let Some(cell) = row.cells.get(c) {
                            fixed_cell_ui(ui, cx, cell);
                        }
                    });
                    if response.clicked() {
                        events.selected = Some((r, c));
                    }
                }
            });
        });
}

/// One line of a cell: its text elided (in full on hover), or its links as many as fit
/// and "+N" for the rest (all of them on hover, and in the selected cell's box).
fn fixed_cell_ui(ui: &mut egui::Ui, cx: &mut ViewCtx<'_>, cell: &TabCell) {
    ui.add_space(H_PAD);
    let links_only = cell.text.trim().is_empty() || text_is_links(cx, cell);
    if !links_only {
        let response = ui.add(egui::Label::new(&cell.text).truncate().selectable(false));
        if !cell.links.is_empty() {
            response.on_hover_ui(|ui| links_hover_ui(ui, cx, cell));
        }
        return;
    }
    ui.spacing_mut().item_spacing.x = LINK_GAP.x;
    let plus_width = one_line(ui, "+99").size().x + LINK_GAP.x;
    let n = cell.links.len();
    for (i, id) in cell.links.iter().enumerate() {
        let g = one_line(ui, &link_name(cx, id));
        let left = ui.available_width();
        let reserve = if i + 1 < n { plus_width } else { 0.0 };
        if i > 0 && g.size().x + reserve > left {
            let rest = n - i;
            let response = ui.add(egui::Label::new(format!("+{rest}")).selectable(false));
            response.on_hover_ui(|ui| links_hover_ui(ui, cx, cell));
            return;
        }
        if g.size().x > left {
            // The first name alone is too wide: elided, in full on hover.
            let name = link_name(cx, id);
            let response = ui.add(egui::Link::new(name.clone())).on_hover_text(name);
            if response.clicked() {
                cx.send(Command::navigate_to(id.clone()));
            }
            continue;
        }
        link_at_ui(ui, cx, None, id, g);
    }
}

fn links_hover_ui(ui: &mut egui::Ui, cx: &ViewCtx<'_>, cell: &TabCell) {
    let names: Vec<String> = cell.links.iter().map(|id| link_name(cx, id)).collect();
    ui.label(names.join("\n"));
}

#[cfg(test)]
mod tests {
    use super::fit_widths;

    #[test]
    fn widths_fit_without_squeezing_narrow_columns() {
        let fitted = fit_widths(
            &[363.0, 154.0, 359.0, 307.0, 83.0, 238.0, 420.0],
            &[100.0, 100.0, 100.0, 100.0, 83.0, 100.0, 100.0],
            789.0,
        );
        let total: f32 = fitted.iter().sum();
        assert!((total - 789.0).abs() < 0.5, "{fitted:?}");
        assert!(fitted.iter().all(|&w| w >= 83.0 - 0.01), "{fitted:?}");
        assert!(
            (fitted[4] - 83.0).abs() < 0.01,
            "a narrow column keeps its width"
        );
        // Too many columns for the room: every column at its floor, the table scrolls.
        let many = fit_widths(&[300.0; 21], &[100.0; 21], 800.0);
        // A column whose header has a long word keeps room for it.
        let long = fit_widths(&[300.0, 300.0, 300.0], &[100.0, 150.0, 100.0], 300.0);
        assert!(long[1] >= 150.0, "{long:?}");
        assert!(many.iter().all(|&w| (w - 100.0).abs() < 0.01), "{many:?}");
    }
}
