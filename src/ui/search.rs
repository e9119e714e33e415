//! Global search: a box in the toolbar (Ctrl+K / Ctrl+F) and a results popup grouped by
//! kind with a count per group, driven entirely by the keyboard (↑ ↓ Enter Esc) or the
//! mouse. Claims show one line of their text around the match; tables and figures name
//! their review.

use nucleo_matcher::Matcher;

use super::commands::UiCommand;
use super::{ViewCtx, kind_label, widgets};
use crate::app::Command;
use crate::lang::Lang;
use crate::model::Item;
use crate::model::search::{Field, Group, Hit, HitGroup, new_matcher};

/// Hits listed per group; "Show all" lists up to [`MAX_EXPANDED`] of one group.
const PER_GROUP: usize = 8;
/// Hits listed of the group the reader expanded.
const MAX_EXPANDED: usize = 200;
/// The popup's largest height (less where the window is shorter).
const MAX_POPUP_HEIGHT: f32 = 480.0;
/// The popup's width (less where the window is narrower).
const POPUP_WIDTH: f32 = 600.0;
/// Columns of a claim's text shown before the match, and in all (a hanzi takes two).
const SNIPPET_BEFORE: usize = 30;
const SNIPPET_WIDTH: usize = 120;
/// Characters of a review's title next to its tables and figures.
const REVIEW_CHARS: usize = 24;

/// The egui id of the results popup (tests read its size).
const POPUP_ID: &str = "search-results";

/// One group of the results as listed: its rows are `results[start..start + len]`.
struct GroupRows {
    group: HitGroup,
    total: usize,
    estimated: bool,
    start: usize,
    len: usize,
}

/// UI state of the search box. Results are recomputed only when the query, the document
/// or the expanded group changes, never per frame.
pub struct SearchState {
    /// The text in the box.
    pub query: String,
    /// Focus the box (and select its text) on the next frame.
    pub request_focus: bool,
    open: bool,
    selected: usize,
    /// Every hit listed, group after group.
    results: Vec<Hit>,
    groups: Vec<GroupRows>,
    /// The group whose "Show all" was pressed.
    expanded: Option<HitGroup>,
    /// (query, document and search revision, expanded group) the results were computed for.
    computed_for: Option<(String, (u64, u64), Option<HitGroup>)>,
    popup_rect: Option<egui::Rect>,
    matcher: Matcher,
}

impl Default for SearchState {
    fn default() -> Self {
        Self {
            query: String::new(),
            request_focus: false,
            open: false,
            selected: 0,
            results: Vec::new(),
            groups: Vec::new(),
            expanded: None,
            computed_for: None,
            popup_rect: None,
            matcher: new_matcher(),
        }
    }
}

impl SearchState {
    /// Every hit listed, in the popup's order (grouped by kind, best group first).
    pub fn results(&self) -> &[Hit] {
        &self.results
    }

    /// The groups listed: each with how many items match in all and the hits listed.
    pub fn groups(&self) -> impl Iterator<Item = (HitGroup, usize, &[Hit])> {
        self.groups.iter().map(|g| {
            let hits = self
                .results
                .get(g.start..g.start + g.len)
                .unwrap_or_default();
            (g.group, g.total, hits)
        })
    }

    /// Whether the results popup is shown.
    pub fn is_shown(&self) -> bool {
        self.open && !self.query.trim().is_empty()
    }

    /// Closes the popup; the query stays (Ctrl+K selects it again).
    pub fn close(&mut self) {
        self.open = false;
    }

    fn refresh(&mut self, cx: &ViewCtx<'_>) {
        let key = (
            self.query.clone(),
            cx.state.search_revision(),
            self.expanded,
        );
        if self.computed_for.as_ref() == Some(&key) {
            return;
        }
        let query_changed = self
            .computed_for
            .as_ref()
            .is_none_or(|(query, revision, _)| *query != key.0 || *revision != key.1);
        if query_changed {
            self.expanded = None;
            self.selected = 0;
        }
        let expanded = self.expanded;
        let limit = |group| {
            if Some(group) == expanded {
                MAX_EXPANDED
            } else {
                PER_GROUP
            }
        };
        let groups = cx
            .index
            .search
            .query_grouped(&self.query, limit, &mut self.matcher);
        self.results.clear();
        self.groups.clear();
        for Group {
            group,
            total,
            estimated,
            hits,
        } in groups
        {
            self.groups.push(GroupRows {
                group,
                total,
                estimated,
                start: self.results.len(),
                len: hits.len(),
            });
            self.results.extend(hits);
        }
        self.selected = self.selected.min(self.results.len().saturating_sub(1));
        self.computed_for = Some((key.0, key.1, self.expanded));
    }
}

fn item_id(cx: &ViewCtx<'_>, item: Item) -> Option<String> {
    cx.doc.id_of(item).map(str::to_owned)
}

/// The search box in the toolbar, and the keys it owns while its popup is shown.
pub fn search_box_ui(ui: &mut egui::Ui, cx: &mut ViewCtx<'_>, search: &mut SearchState) {
    let edit_id = egui::Id::unique("global-search");
    let has_focus = ui.memory(|m| m.has_focus(edit_id));
    // Esc closes the popup whether or not the box still has the focus (egui drops the
    // focus on Esc before widgets see the key). Only while it is shown: otherwise the
    // key belongs to whatever else is open.
    if search.is_shown()
        && ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape))
    {
        search.close();
    }
    if has_focus && search.is_shown() {
        let (down, up, enter) = ui.input_mut(|i| {
            (
                i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowDown),
                i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowUp),
                i.consume_key(egui::Modifiers::NONE, egui::Key::Enter),
            )
        });
        let n = search.results.len();
        if down && n > 0 {
            search.selected = (search.selected + 1) % n;
        }
        if up && n > 0 {
            search.selected = (search.selected + n - 1) % n;
        }
        if enter && let Some(hit) = search.results.get(search.selected) {
            if let Some(id) = item_id(cx, hit.item) {
                cx.send(Command::navigate_to(id));
            }
            search.close();
        }
    }
    let shortcut = UiCommand::Search
        .shortcut_text(ui.ctx())
        .unwrap_or_default();
    let hint = cx.lang.label(
        &format!("名称、表图、证据原文… ({shortcut})"),
        &format!("names, tables, claim text… ({shortcut})"),
    );
    let label = ui.label(cx.tr("搜索", "Search"));
    let response = ui
        .add(
            egui::TextEdit::singleline(&mut search.query)
                .id(edit_id)
                .hint_text(hint)
                .desired_width(320.0),
        )
        .labelled_by(label.id);
    if search.request_focus {
        // The old query is selected, so typing replaces it. The selection is stored
        // after the box took the focus: a box without the focus collapses any selection
        // it is given when it is drawn.
        response.request_focus();
        let mut state = egui::TextEdit::load_state(ui.ctx(), edit_id).unwrap_or_default();
        state
            .cursor
            .set_char_range(Some(egui::text::CCursorRange::select_all_str(
                &search.query,
            )));
        state.store(ui.ctx(), edit_id);
        search.request_focus = false;
        search.open = true;
        ui.ctx().request_repaint();
    }
    if response.changed() || response.gained_focus() {
        search.open = true;
    }
    if search.open {
        search.refresh(cx);
    }
    // Close on a click outside both the box and the popup.
    let clicked_outside = ui.input(|i| {
        i.pointer.any_click()
            && i.pointer.interact_pos().is_some_and(|pos| {
                !response.rect.contains(pos) && !search.popup_rect.is_some_and(|r| r.contains(pos))
            })
    });
    if clicked_outside {
        search.close();
    }
    search.popup_rect = search.open.then_some(response.rect);
}

/// The results popup, anchored under the search box.
pub fn search_popup_ui(ctx: &egui::Context, cx: &mut ViewCtx<'_>, search: &mut SearchState) {
    let Some(anchor) = search.popup_rect else {
        return;
    };
    if !search.is_shown() {
        return;
    }
    let screen = ctx.content_rect();
    let pos = anchor.left_bottom() + egui::vec2(0.0, 4.0);
    let width = POPUP_WIDTH
        .max(anchor.width())
        .min(screen.right() - pos.x - 12.0)
        .max(240.0);
    let max_height = MAX_POPUP_HEIGHT
        .min(screen.bottom() - pos.y - 24.0)
        .max(120.0);
    let area = egui::Area::new(egui::Id::unique(POPUP_ID))
        .order(egui::Order::Foreground)
        .fixed_pos(pos)
        .show(ctx, |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.set_width(width);
                if search.results.is_empty() {
                    if cx.state.refresh_pending() {
                        // Just loaded (or edited) a large file: the index is on its way.
                        ui.weak(cx.tr(
                            "正在建立搜索索引…（稍后自动显示结果）",
                            "Building the search index… (results follow by themselves)",
                        ));
                        ui.ctx().request_repaint_after(std::time::Duration::from_millis(100));
                        return;
                    }
                    ui.weak(cx.tr("无结果", "No results"));
                    ui.weak(cx.tr(
                        "可搜索名称、缩写、别名、作者，表图编号与标题（如“表1”“图2”），以及证据的摘要、原文与注释。",
                        "Searches names, abbreviations, aliases and authors, table and figure labels and titles (“Table 1”, “Fig 2”), and claims' summaries, quotes and notes.",
                    ));
                    return;
                }
                // The list gets its full height every frame. An area's content is given
                // the size the area had last frame, so a popup that once held one row
                // would otherwise never grow again.
                let room = egui::Rect::from_min_size(ui.cursor().min, egui::vec2(width, max_height));
                ui.scope_builder(egui::UiBuilder::new().max_rect(room), |ui| {
                    egui::ScrollArea::vertical()
                        .max_height(max_height)
                        .auto_shrink([false, true])
                        .show(ui, |ui| results_ui(ui, cx, search));
                });
            });
        });
    search.popup_rect = Some(anchor.union(area.response.rect));
}

/// The groups and their rows.
fn results_ui(ui: &mut egui::Ui, cx: &mut ViewCtx<'_>, search: &mut SearchState) {
    let mut open = None;
    let mut expand = None;
    for rows in &search.groups {
        ui.add_space(2.0);
        let count = if rows.estimated {
            format!("≈{}", about(rows.total))
        } else {
            rows.total.to_string()
        };
        let header = ui.label(
            egui::RichText::new(format!("{} ({count})", group_title(cx, rows.group)))
                .weak()
                .strong(),
        );
        if rows.estimated {
            header.on_hover_text(cx.tr(
                "匹配的证据条目太多，只读取了其中一部分：数量为估计值，请细化搜索。",
                "So many claims match that only some were read: the count is an estimate. Refine the search.",
            ));
        }
        for i in rows.start..rows.start + rows.len {
            let Some(hit) = search.results.get(i) else {
                continue;
            };
            let selected = i == search.selected;
            let (job, hover) = row_text(ui, cx, hit);
            let response = ui
                .push_id(i, |ui| {
                    ui.add(
                        egui::Button::selectable(selected, job)
                            .truncate()
                            .min_size(egui::vec2(ui.available_width(), 0.0)),
                    )
                })
                .inner
                .on_hover_text(hover);
            if selected {
                response.scroll_to_me(None);
            }
            if response.clicked() {
                open = Some(hit.item);
            }
        }
        let more = rows.total.saturating_sub(rows.len);
        if more > 0 {
            if search.expanded == Some(rows.group) {
                let more = if rows.estimated {
                    format!("≈{}", about(more))
                } else {
                    more.to_string()
                };
                ui.weak(cx.lang.label(
                    &format!("另有 {more} 条：请细化搜索"),
                    &format!("{more} more: refine the search"),
                ));
            } else {
                let text = if rows.total <= MAX_EXPANDED && !rows.estimated {
                    cx.lang.label(
                        &format!("显示全部 {} 条", rows.total),
                        &format!("Show all {}", rows.total),
                    )
                } else {
                    cx.lang.label(
                        &format!("显示前 {MAX_EXPANDED} 条"),
                        &format!("Show {MAX_EXPANDED}"),
                    )
                };
                if ui.small_button(text).clicked() {
                    expand = Some(rows.group);
                }
            }
        }
    }
    if let Some(item) = open {
        if let Some(id) = item_id(cx, item) {
            cx.send(Command::navigate_to(id));
        }
        search.close();
    }
    if let Some(group) = expand {
        search.expanded = Some(group);
        if let Some(rows) = search.groups.iter().find(|r| r.group == group) {
            search.selected = rows.start;
        }
        search.refresh(cx);
    }
}

/// A count rounded to two significant digits, for estimates (27,226 → 27000).
fn about(n: usize) -> usize {
    let mut unit = 1;
    while n / unit >= 100 {
        unit *= 10;
    }
    (n + unit / 2) / unit * unit
}

/// A group's title ("Claims", "Review tables", a kind).
fn group_title(cx: &ViewCtx<'_>, group: HitGroup) -> String {
    match group {
        HitGroup::Entity(kind) => kind_label(cx.lang, kind),
        HitGroup::Table => cx.tr("综述表格", "Review tables"),
        HitGroup::Figure => cx.tr("综述图", "Review figures"),
        HitGroup::Claim => cx.tr("证据条目", "Claims"),
    }
}

/// One row, on one line: what was found and, where it is not plain from the name, why.
/// Returns the row's text and its hover text.
fn row_text(ui: &egui::Ui, cx: &ViewCtx<'_>, hit: &Hit) -> (egui::text::LayoutJob, String) {
    let font = egui::TextStyle::Button.resolve(ui.style());
    let weak = ui.visuals().weak_text_color();
    let plain = egui::TextFormat::simple(font.clone(), egui::Color32::PLACEHOLDER);
    let faint = egui::TextFormat::simple(font.clone(), weak);
    let mut job = egui::text::LayoutJob::default();
    let name = cx.item_name(hit.item);
    let hover = match hit.item {
        Item::Entity(..) => {
            job.append(&name, 0.0, plain);
            let shown = matches!(hit.field, Field::Abbr | Field::Alias | Field::Author)
                || (hit.field == Field::Name
                    && !name.to_lowercase().contains(&hit.matched.to_lowercase()));
            if shown {
                job.append(&format!("  — {}", hit.matched), 0.0, faint);
            }
            cx.item_kind_label(hit.item)
        }
        Item::Table(_) | Item::Figure(_) => {
            // Label, then the review (several reviews have a 表1), then the title, which
            // is cut where the row ends.
            let (label, title, review) = view_parts(cx, hit.item).unwrap_or_default();
            job.append(&label, 0.0, plain.clone());
            if !review.is_empty() {
                let short = widgets::shorten(&review, REVIEW_CHARS);
                job.append(&format!("  {short}  "), 0.0, faint);
            }
            job.append(&title, 0.0, plain);
            let full = review_of(cx, hit.item).unwrap_or(review);
            format!("{name}\n{}{full}", cx.tr("来源：", "From: "))
        }
        Item::Claim(_) => {
            if hit.field == Field::Id {
                job.append(&name, 0.0, plain);
            } else {
                if hit.field != Field::Summary {
                    let tag = cx.lang.label(hit.field.label_zh(), hit.field.label_en());
                    job.append(&format!("{tag}: "), 0.0, faint);
                }
                let snippet = hit.snippet(SNIPPET_BEFORE, SNIPPET_WIDTH);
                let text = snippet.text.as_str();
                let mark = snippet.mark.clone();
                let mut marked = plain.clone();
                marked.color = ui.visuals().strong_text_color();
                marked.underline = egui::Stroke::new(1.0, ui.visuals().strong_text_color());
                job.append(
                    text.get(..mark.start).unwrap_or_default(),
                    0.0,
                    plain.clone(),
                );
                job.append(text.get(mark.clone()).unwrap_or_default(), 0.0, marked);
                job.append(text.get(mark.end..).unwrap_or(text), 0.0, plain);
            }
            name
        }
    };
    (job, hover)
}

/// The name of the review a table or figure is from, in the display language.
fn review_of(cx: &ViewCtx<'_>, item: Item) -> Option<String> {
    let review = match item {
        Item::Table(idx) => &cx.doc.tables.get(idx)?.review,
        Item::Figure(idx) => &cx.doc.figures.get(idx)?.review,
        Item::Entity(..) | Item::Claim(_) => return None,
    };
    Some(cx.item_name(cx.index.item(review)?))
}

/// A table's or figure's label, title and the (short) name of its review.
fn view_parts(cx: &ViewCtx<'_>, item: Item) -> Option<(String, String, String)> {
    let (label, zh, en, review) = match item {
        Item::Table(idx) => {
            let t = cx.doc.tables.get(idx)?;
            (&t.label, &t.zh, &t.en, &t.review)
        }
        Item::Figure(idx) => {
            let f = cx.doc.figures.get(idx)?;
            (&f.label, &f.zh, &f.en, &f.review)
        }
        Item::Entity(..) | Item::Claim(_) => return None,
    };
    // One language for the review's name: both would leave no room for the title.
    let one = match cx.lang {
        Lang::En => Lang::En,
        Lang::Zh | Lang::Both => Lang::Zh,
    };
    let review = cx
        .index
        .item(review)
        .map(|review| cx.doc.display_name(review, one))
        .unwrap_or_default();
    Some((label.clone(), cx.lang.pick(zh, en), review))
}

#[cfg(test)]
mod tests {
    use super::about;

    #[test]
    fn estimates_are_rounded_to_two_digits() {
        for (n, want) in [
            (0, 0),
            (7, 7),
            (99, 99),
            (123, 120),
            (27_226, 27_000),
            (9_960, 10_000),
        ] {
            assert_eq!(about(n), want, "{n}");
        }
    }
}
