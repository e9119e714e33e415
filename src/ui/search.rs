//! Global fuzzy search: a box in the toolbar (Ctrl+K / Ctrl+F) and a results popup
//! grouped by kind, driven entirely by the keyboard (↑ ↓ Enter Esc) or the mouse.

use nucleo_matcher::Matcher;

use super::commands::UiCommand;
use super::{ViewCtx, kind_label};
use crate::app::Command;
use crate::model::search::{Hit, new_matcher};
use crate::model::{Item, Kind};

const MAX_HITS: usize = 60;

/// UI state of the search box. Results are recomputed only when the query or the
/// document changes, never per frame.
pub struct SearchState {
    /// The text in the box.
    pub query: String,
    /// Focus the box (and select its text) on the next frame.
    pub request_focus: bool,
    open: bool,
    selected: usize,
    results: Vec<Hit>,
    /// (query, document revision) the results were computed for.
    computed_for: Option<(String, u64)>,
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
            computed_for: None,
            popup_rect: None,
            matcher: new_matcher(),
        }
    }
}

impl SearchState {
    /// Results for the current query, grouped by kind (groups ordered by their best hit).
    pub fn results(&self) -> &[Hit] {
        &self.results
    }

    fn refresh(&mut self, cx: &ViewCtx<'_>) {
        let key = (self.query.clone(), cx.state.revision());
        if self.computed_for.as_ref() == Some(&key) {
            return;
        }
        let hits = cx
            .index
            .search
            .query(&self.query, MAX_HITS, &mut self.matcher);
        self.results = group_by_kind(&hits);
        self.selected = 0;
        self.computed_for = Some(key);
    }
}

fn group_key(item: Item) -> (u8, Option<Kind>) {
    match item {
        Item::Entity(kind, _) => (0, Some(kind)),
        Item::Table(_) | Item::Figure(_) => (1, None),
        Item::Claim(_) => (2, None),
    }
}

/// Stable regrouping: kinds appear in the order of their best hit; hits keep rank order.
fn group_by_kind(hits: &[Hit]) -> Vec<Hit> {
    let mut order: Vec<(u8, Option<Kind>)> = Vec::new();
    for hit in hits {
        let key = group_key(hit.item);
        if !order.contains(&key) {
            order.push(key);
        }
    }
    let mut grouped = Vec::with_capacity(hits.len());
    for key in order {
        grouped.extend(hits.iter().filter(|h| group_key(h.item) == key).cloned());
    }
    grouped
}

fn item_id(cx: &ViewCtx<'_>, item: Item) -> Option<String> {
    cx.doc.id_of(item).map(str::to_owned)
}

pub fn search_box_ui(ui: &mut egui::Ui, cx: &mut ViewCtx<'_>, search: &mut SearchState) {
    let edit_id = egui::Id::unique("global-search");
    let has_focus = ui.memory(|m| m.has_focus(edit_id));
    // Esc closes the popup whether or not the box still has the focus (egui drops the
    // focus on Esc before widgets see the key).
    if search.open && ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape)) {
        search.open = false;
    }
    if has_focus && search.open {
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
            search.open = false;
        }
    }
    let shortcut = UiCommand::Search
        .shortcut_text(ui.ctx())
        .unwrap_or_default();
    let hint = cx.lang.label(
        &format!("名称、缩写、作者… ({shortcut})"),
        &format!("names, abbreviations, authors… ({shortcut})"),
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
        // The old query is selected, so typing replaces it.
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
        search.open = false;
    }
    search.popup_rect = search.open.then_some(response.rect);
}

/// The results popup, anchored under the search box.
pub fn search_popup_ui(ctx: &egui::Context, cx: &mut ViewCtx<'_>, search: &mut SearchState) {
    let Some(anchor) = search.popup_rect else {
        return;
    };
    if !search.open || search.query.trim().is_empty() {
        return;
    }
    let area = egui::Area::new(egui::Id::unique("search-results"))
        .order(egui::Order::Foreground)
        .fixed_pos(anchor.left_bottom() + egui::vec2(0.0, 4.0))
        .show(ctx, |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.set_min_width(anchor.width().max(420.0));
                if search.results.is_empty() {
                    ui.weak(cx.tr("无结果", "No results"));
                    return;
                }
                // As tall as the results (up to 480 px): a popup that once held a few
                // rows must grow again for a query with many.
                let n_groups = {
                    let mut groups: Vec<(u8, Option<Kind>)> =
                        search.results.iter().map(|h| group_key(h.item)).collect();
                    groups.dedup();
                    groups.len()
                };
                let row_height = ui.spacing().interact_size.y + ui.spacing().item_spacing.y;
                let height = ((search.results.len() + n_groups) as f32 * row_height).min(480.0);
                egui::ScrollArea::vertical()
                    .max_height(480.0)
                    .min_scrolled_height(height)
                    .show(ui, |ui| {
                        let mut last_group = None;
                        for (i, hit) in search.results.iter().enumerate() {
                            let group = group_key(hit.item);
                            if last_group != Some(group) {
                                last_group = Some(group);
                                let title = match group.1 {
                                    Some(kind) => kind_label(cx.lang, kind),
                                    None => cx.tr("综述图表", "Tables & figures"),
                                };
                                ui.weak(title);
                            }
                            let name = cx.item_name(hit.item);
                            let text = if name.to_lowercase().contains(&hit.matched.to_lowercase())
                            {
                                name
                            } else {
                                format!("{name}  — {}", hit.matched)
                            };
                            let selected = i == search.selected;
                            let response = ui
                                .push_id(i, |ui| ui.selectable_label(selected, text))
                                .inner;
                            if selected {
                                response.scroll_to_me(None);
                            }
                            if response.clicked() {
                                if let Some(id) = item_id(cx, hit.item) {
                                    cx.send(Command::navigate_to(id));
                                }
                                search.open = false;
                            }
                        }
                    });
            });
        });
    search.popup_rect = Some(anchor.union(area.response.rect));
}
