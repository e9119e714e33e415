//! The deck window: the slides of the working deck, reordered, removed and titled; the
//! current page added; a review's deck built; the deck saved to or opened from its own
//! small RON file; presenting started.

use super::ViewCtx;
use crate::app::Command;
use crate::app::deck::{Deck, resolve};

/// What the deck window asks of the app beyond state commands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DeckAction {
    /// Save the working deck to this path.
    Save(String),
    /// Open the deck file at this path.
    Open(String),
    /// Close the window.
    Close,
}

/// The deck window. `path` is its file field (kept by the caller between frames).
pub fn deck_window_ui(
    ctx: &egui::Context,
    cx: &mut ViewCtx<'_>,
    path: &mut String,
    monitor: &mut Option<usize>,
    notes_window: &mut bool,
) -> Option<DeckAction> {
    let mut action = None;
    let mut open = true;
    let deck = cx.state.deck().clone();
    egui::Window::new(cx.tr("幻灯片", "Deck"))
        .id(egui::Id::unique("deck-window"))
        .open(&mut open)
        .default_width(420.0)
        .default_height(480.0)
        .show(ctx, |ui| {
            ui.horizontal_wrapped(|ui| {
                if ui
                    .button(cx.tr("加入当前页面", "Add current page"))
                    .clicked()
                {
                    cx.send(Command::AddToDeck);
                }
                if let Some(review) = current_review(cx)
                    && ui
                        .button(cx.tr("本综述的全部图表", "This review's figures and tables"))
                        .clicked()
                {
                    cx.send(Command::SetDeck(Deck::for_review(cx.doc, &review)));
                }
                if !deck.slides.is_empty()
                    && ui.button(cx.tr("开始演示（F5）", "Present (F5)")).clicked()
                {
                    cx.send(Command::PresentDeck(deck.clone()));
                }
            });
            presenting_options_ui(ui, cx, monitor, notes_window);
            ui.separator();
            slides_ui(ui, cx, &deck);
            ui.separator();
            ui.horizontal(|ui| {
                let label = ui.label(cx.tr("文件：", "File:"));
                ui.add(
                    egui::TextEdit::singleline(path)
                        .hint_text("talk.deck.ron")
                        .desired_width(220.0),
                )
                .labelled_by(label.id);
            });
            ui.horizontal(|ui| {
                let name = path.trim().to_owned();
                let usable = !name.is_empty();
                if ui
                    .add_enabled(
                        usable && !deck.slides.is_empty(),
                        egui::Button::new(cx.tr("保存", "Save")),
                    )
                    .clicked()
                {
                    action = Some(DeckAction::Save(name.clone()));
                }
                if ui
                    .add_enabled(usable, egui::Button::new(cx.tr("打开", "Open")))
                    .clicked()
                {
                    action = Some(DeckAction::Open(name));
                }
                let folder = cx.state.export_folder().join("slides");
                if ui
                    .add_enabled(
                        !deck.slides.is_empty() && !cx.state.exporting(),
                        egui::Button::new(
                            cx.tr("导出幻灯片（PNG/SVG）", "Export slides (PNG/SVG)"),
                        ),
                    )
                    .on_hover_text(folder.display().to_string())
                    .clicked()
                {
                    cx.send(Command::ExportDeck(folder));
                }
            });
        });
    if !open {
        action = Some(DeckAction::Close);
    }
    action
}

/// Where to present, and whether the speaker notes window opens.
fn presenting_options_ui(
    ui: &mut egui::Ui,
    cx: &ViewCtx<'_>,
    monitor: &mut Option<usize>,
    notes_window: &mut bool,
) {
    ui.horizontal(|ui| {
        let label = ui.label(cx.tr("演示屏幕：", "Present on:"));
        let shown = |m: Option<usize>| match m {
            None => cx.tr("本窗口所在屏幕", "this window's display"),
            Some(i) => cx
                .lang
                .label(&format!("屏幕{}", i + 1), &format!("display {}", i + 1)),
        };
        egui::ComboBox::from_id_salt("present-monitor")
            .selected_text(shown(*monitor))
            .show_ui(ui, |ui| {
                for choice in [None, Some(0), Some(1), Some(2), Some(3)] {
                    ui.selectable_value(monitor, choice, shown(choice));
                }
            })
            .response
            .labelled_by(label.id)
            .on_hover_text(cx.tr(
                "投影仪通常是屏幕2；不存在的屏幕会被忽略",
                "A projector is usually display 2; a display the machine lacks is ignored",
            ));
    });
    ui.checkbox(
        notes_window,
        cx.tr("演示时打开演讲者备注窗口（N）", "Speaker notes window while presenting (N)"),
    )
    .on_hover_text(cx.tr(
        "第二个窗口显示本张备注、下一张标题与计时；拖到笔记本屏幕上",
        "A second window with this slide's notes, the next slide and a timer; drag it to the laptop's screen",
    ));
}

fn current_review(cx: &ViewCtx<'_>) -> Option<crate::model::Id> {
    match cx.state.current_item()? {
        crate::model::Item::Figure(idx) => cx.doc.figures.get(idx).map(|f| f.review.clone()),
        crate::model::Item::Table(idx) => cx.doc.tables.get(idx).map(|t| t.review.clone()),
        crate::model::Item::Entity(crate::model::Kind::Review, idx) => {
            cx.doc.reviews.get(idx).map(|r| r.id.clone())
        }
        crate::model::Item::Entity(..) | crate::model::Item::Claim(_) => None,
    }
    .filter(|r| !r.is_empty())
}

/// One row per slide: number, title (editable), up, down, remove.
fn slides_ui(ui: &mut egui::Ui, cx: &mut ViewCtx<'_>, deck: &Deck) {
    if deck.slides.is_empty() {
        ui.label(cx.tr(
            "还没有幻灯片。打开一个分图、机制图或表格，按 Ctrl+Shift+D 加入。",
            "No slides yet. Open a panel, a diagram or a table and press Ctrl+Shift+D to add it.",
        ));
        return;
    }
    let n = deck.slides.len();
    egui::ScrollArea::vertical()
        .id_salt("deck-slides")
        .max_height(320.0)
        .show(ui, |ui| {
            for (i, slide) in deck.slides.iter().enumerate() {
                ui.push_id(i, |ui| {
                    ui.horizontal(|ui| {
                        ui.label(format!("{}.", i + 1));
                        let resolved = resolve(cx.doc, cx.index, &slide.content);
                        let shown = super::present::slide_title_for(cx, slide, resolved);
                        let mut title = slide.title.clone();
                        let response = ui.add(
                            egui::TextEdit::singleline(&mut title)
                                .hint_text(super::widgets::shorten(&shown, 40))
                                .desired_width(220.0),
                        );
                        if response.changed() {
                            cx.send(Command::TitleSlide(i, title));
                        }
                        if ui
                            .add_enabled(i > 0, egui::Button::new("↑"))
                            .on_hover_text(cx.tr("上移", "Move up"))
                            .clicked()
                        {
                            cx.send(Command::MoveSlide { from: i, to: i - 1 });
                        }
                        if ui
                            .add_enabled(i + 1 < n, egui::Button::new("↓"))
                            .on_hover_text(cx.tr("下移", "Move down"))
                            .clicked()
                        {
                            cx.send(Command::MoveSlide { from: i, to: i + 1 });
                        }
                        if ui
                            .button("×")
                            .on_hover_text(cx.tr("移除", "Remove"))
                            .clicked()
                        {
                            cx.send(Command::RemoveSlide(i));
                        }
                    });
                    let mut notes = slide.notes.clone();
                    let hint = cx.tr(
                        "演讲者备注（只在备注窗口中显示）",
                        "Speaker notes (shown only in the notes window)",
                    );
                    if ui
                        .add(
                            egui::TextEdit::multiline(&mut notes)
                                .hint_text(hint)
                                .desired_rows(1)
                                .desired_width(f32::INFINITY),
                        )
                        .changed()
                    {
                        cx.send(Command::NoteSlide(i, notes));
                    }
                });
            }
        });
}
