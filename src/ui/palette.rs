//! The command palette (Ctrl+Shift+P): every user action with its shortcut, narrowed by a
//! fuzzy query over the Chinese and English labels, driven by ↑ ↓ Enter Esc.

use nucleo_matcher::pattern::{AtomKind, CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Matcher, Utf32Str};

use super::commands::UiCommand;
use crate::lang::Lang;

/// The palette's UI state; `None` in the shell when closed.
pub struct Palette {
    query: String,
    selected: usize,
    focus_pending: bool,
    matcher: Matcher,
}

impl Default for Palette {
    fn default() -> Self {
        Self {
            query: String::new(),
            selected: 0,
            focus_pending: true,
            matcher: crate::model::search::new_matcher(),
        }
    }
}

impl Palette {
    /// The actions matching the query, best first (all of them, in table order, for an
    /// empty query).
    pub fn matches(&mut self) -> Vec<UiCommand> {
        let all = UiCommand::all();
        let query = self.query.trim();
        if query.is_empty() {
            return all;
        }
        let pattern = Pattern::new(
            query,
            CaseMatching::Ignore,
            Normalization::Smart,
            AtomKind::Fuzzy,
        );
        let mut buf = Vec::new();
        let mut scored: Vec<(u32, usize, UiCommand)> = all
            .into_iter()
            .enumerate()
            .filter_map(|(order, cmd)| {
                let text = format!("{} {}", cmd.label(Lang::En), cmd.label(Lang::Zh));
                let score = pattern.score(Utf32Str::new(&text, &mut buf), &mut self.matcher)?;
                Some((score, order, cmd))
            })
            .collect();
        scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        scored.into_iter().map(|(_, _, cmd)| cmd).collect()
    }
}

/// What the palette asks the shell to do this frame.
pub enum PaletteOutcome {
    /// Stay open.
    Open,
    /// Close without running anything.
    Close,
    /// Close and run this action.
    Run(UiCommand),
}

/// Draws the palette as a modal; returns what the user chose.
pub fn palette_ui(ctx: &egui::Context, lang: Lang, palette: &mut Palette) -> PaletteOutcome {
    let matches = palette.matches();
    let n = matches.len();
    let (down, up, enter, escape) = ctx.input_mut(|i| {
        (
            i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowDown),
            i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowUp),
            i.consume_key(egui::Modifiers::NONE, egui::Key::Enter),
            i.consume_key(egui::Modifiers::NONE, egui::Key::Escape),
        )
    });
    if n > 0 {
        if down {
            palette.selected = (palette.selected + 1) % n;
        }
        if up {
            palette.selected = (palette.selected + n - 1) % n;
        }
    }
    palette.selected = palette.selected.min(n.saturating_sub(1));
    if escape {
        return PaletteOutcome::Close;
    }
    if enter && let Some(&cmd) = matches.get(palette.selected) {
        return PaletteOutcome::Run(cmd);
    }
    let mut outcome = PaletteOutcome::Open;
    let modal = egui::Modal::new(egui::Id::unique("command-palette")).show(ctx, |ui| {
        ui.set_width(560.0_f32.min(ctx.content_rect().width() - 40.0));
        let label = ui.strong(UiCommand::CommandPalette.label(lang));
        let edit = ui
            .add(
                egui::TextEdit::singleline(&mut palette.query)
                    .hint_text(lang.label("输入以筛选操作…", "Type to filter actions…"))
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
        if palette.focus_pending {
            edit.request_focus();
            palette.focus_pending = false;
        }
        if edit.changed() {
            palette.selected = 0;
        }
        ui.separator();
        if matches.is_empty() {
            ui.weak(lang.label("没有匹配的操作", "No matching action"));
        }
        egui::ScrollArea::vertical()
            .max_height(360.0)
            .auto_shrink([false, true])
            .show(ui, |ui| {
                for (i, &cmd) in matches.iter().enumerate() {
                    let selected = i == palette.selected;
                    let response = ui
                        .push_id(i, |ui| {
                            ui.horizontal(|ui| {
                                let row = ui
                                    .selectable_label(selected, cmd.label(lang))
                                    .on_hover_text(cmd.tooltip(lang));
                                if let Some(shortcut) = cmd.shortcut_text(ui.ctx()) {
                                    ui.with_layout(
                                        egui::Layout::right_to_left(egui::Align::Center),
                                        |ui| ui.weak(shortcut),
                                    );
                                }
                                row
                            })
                            .inner
                        })
                        .inner;
                    if selected {
                        response.scroll_to_me(None);
                    }
                    if response.clicked() {
                        outcome = PaletteOutcome::Run(cmd);
                    }
                }
            });
    });
    if modal.should_close() && matches!(outcome, PaletteOutcome::Open) {
        return PaletteOutcome::Close;
    }
    outcome
}

#[cfg(test)]
mod tests {
    use super::Palette;
    use crate::ui::commands::UiCommand;

    #[test]
    fn fuzzy_query_finds_actions_in_both_languages() {
        let mut palette = Palette {
            query: "zoom in".to_owned(),
            ..Palette::default()
        };
        assert_eq!(palette.matches().first(), Some(&UiCommand::ZoomIn));
        palette.query = "全屏".to_owned();
        assert_eq!(
            palette.matches().first(),
            Some(&UiCommand::ToggleFullscreen)
        );
        palette.query = String::new();
        assert_eq!(palette.matches().len(), UiCommand::all().len());
    }
}
