//! The egui front end: the shell (menus, toolbar, panels) and one module per view.
//! UI functions read a [`ViewCtx`] and push [`Command`]s; they never mutate app state.

mod browse;
mod claim_card;
mod figure_view;
mod page;
mod problems;
mod search;
mod table_view;

use std::sync::Arc;

use crate::app::{AppState, Command, FilePicker, Lang, PendingPick};
use crate::model::{Document, Index, Item, Kind};

pub use search::SearchState;

/// What every view function gets: read-only state and a command queue.
pub struct ViewCtx<'a> {
    pub state: &'a AppState,
    pub doc: &'a Document,
    pub index: &'a Index,
    pub lang: Lang,
    pub commands: &'a mut Vec<Command>,
}

impl ViewCtx<'_> {
    pub fn send(&mut self, command: Command) {
        self.commands.push(command);
    }

    /// A fixed label in the current language.
    pub fn tr(&self, zh: &str, en: &str) -> String {
        self.lang.label(zh, en)
    }

    /// The display name of any item in the current language.
    pub fn item_name(&self, item: Item) -> String {
        item_name(self.doc, self.lang, item)
    }

    /// A clickable link to `id`; unknown ids show as plain text, never as a dead link.
    pub fn link_ui(&mut self, ui: &mut egui::Ui, id: &str) {
        match self.index.item(id) {
            Some(item) => {
                let text = self.item_name(item);
                let response = ui.link(text).on_hover_text(id);
                if response.clicked() {
                    self.send(Command::Navigate(id.to_owned()));
                }
            }
            None => {
                ui.label(id);
            }
        }
    }
}

/// The display name of any item.
pub fn item_name(doc: &Document, lang: Lang, item: Item) -> String {
    match item {
        Item::Entity(kind, idx) => doc
            .named(kind, idx)
            .map(|named| {
                let name = lang.pick(named.zh(), named.en());
                if name.is_empty() {
                    named.id().to_owned()
                } else {
                    name
                }
            })
            .unwrap_or_default(),
        Item::Claim(idx) => doc
            .claims
            .get(idx)
            .map(|c| lang.pick(&c.zh, &c.en))
            .unwrap_or_default(),
        Item::Table(idx) => doc
            .tables
            .get(idx)
            .map(|t| format!("{} {}", t.label, lang.pick(&t.zh, &t.en)))
            .unwrap_or_default(),
        Item::Figure(idx) => doc
            .figures
            .get(idx)
            .map(|f| format!("{} {}", f.label, lang.pick(&f.zh, &f.en)))
            .unwrap_or_default(),
    }
}

/// The eframe application: app state plus UI-only state (search box, dialog thread).
pub struct ParacrineApp {
    pub state: AppState,
    pub search: SearchState,
    picker: Arc<dyn FilePicker>,
    pending_pick: Option<PendingPick>,
}

const STORAGE_LANG: &str = "paracrine.lang";

impl ParacrineApp {
    pub fn new(
        cc: &eframe::CreationContext<'_>,
        mut state: AppState,
        picker: Arc<dyn FilePicker>,
    ) -> Self {
        crate::fonts::install_fonts(&cc.egui_ctx);
        if let Some(lang) = cc
            .storage
            .and_then(|storage| eframe::get_value::<Lang>(storage, STORAGE_LANG))
        {
            state.lang = lang;
        }
        Self::with_state(state, picker)
    }

    /// For tests: no eframe creation context needed (call `install_fonts` yourself).
    pub fn with_state(state: AppState, picker: Arc<dyn FilePicker>) -> Self {
        Self {
            state,
            search: SearchState::default(),
            picker,
            pending_pick: None,
        }
    }

    /// Draws one frame and applies the commands it produced.
    pub fn frame_ui(&mut self, ui: &mut egui::Ui) {
        let mut commands = Vec::new();
        self.shortcuts(ui.ctx(), &mut commands);
        if let Some(pending) = &self.pending_pick {
            match pending.poll() {
                Some(picked) => {
                    self.pending_pick = None;
                    if let Some(path) = picked {
                        commands.push(Command::Open(path));
                    }
                }
                None => ui
                    .ctx()
                    .request_repaint_after(std::time::Duration::from_millis(100)),
            }
        }

        let state = &self.state;
        let mut cx = ViewCtx {
            state,
            doc: &state.doc,
            index: &state.index,
            lang: state.lang,
            commands: &mut commands,
        };
        egui::Panel::top("toolbar").show(ui, |ui| {
            toolbar_ui(ui, &mut cx, state, &mut self.search);
        });
        // The list never takes more than 45 % of the window, at any zoom.
        let max_list_width = (ui.available_width() * 0.45).max(200.0);
        egui::Panel::left("browse")
            .resizable(true)
            .default_size(320.0_f32.min(max_list_width))
            .size_range(200.0..=max_list_width)
            .show(ui, |ui| browse::browse_ui(ui, &mut cx));
        egui::CentralPanel::default().show(ui, |ui| {
            page::page_ui(ui, &mut cx, state.history.current());
        });
        search::search_popup_ui(ui.ctx(), &mut cx, &mut self.search);
        if let Some(problems) = &state.problems {
            problems::problems_ui(ui.ctx(), &mut cx, problems);
        }

        for command in commands {
            if command == Command::OpenDialog {
                if self.pending_pick.is_none() {
                    self.pending_pick = Some(PendingPick::spawn(Arc::clone(&self.picker)));
                }
            } else {
                self.state.apply(command);
            }
        }
    }

    fn shortcuts(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) {
        use egui::{Key, KeyboardShortcut, Modifiers, PointerButton};
        ctx.input_mut(|input| {
            if input.consume_shortcut(&KeyboardShortcut::new(Modifiers::ALT, Key::ArrowLeft)) {
                commands.push(Command::Back);
            }
            if input.consume_shortcut(&KeyboardShortcut::new(Modifiers::ALT, Key::ArrowRight)) {
                commands.push(Command::Forward);
            }
            if input.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::O)) {
                commands.push(Command::OpenDialog);
            }
            if input.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::K))
                || input.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::F))
            {
                self.search.request_focus = true;
            }
            if input.pointer.button_pressed(PointerButton::Extra1) {
                commands.push(Command::Back);
            }
            if input.pointer.button_pressed(PointerButton::Extra2) {
                commands.push(Command::Forward);
            }
        });
    }
}

fn toolbar_ui(ui: &mut egui::Ui, cx: &mut ViewCtx<'_>, state: &AppState, search: &mut SearchState) {
    ui.horizontal_wrapped(|ui| {
        ui.menu_button(cx.tr("文件", "File"), |ui| {
            let open = ui.button(with_shortcut(
                format!("{}…", cx.tr("打开", "Open")),
                &Command::OpenDialog,
            ));
            if open.clicked() {
                cx.send(Command::OpenDialog);
                ui.close();
            }
        });
        ui.separator();
        let back = ui
            .add_enabled(state.history.can_go_back(), egui::Button::new("←"))
            .on_hover_text(with_shortcut(cx.tr("后退", "Back"), &Command::Back));
        if back.clicked() {
            cx.send(Command::Back);
        }
        let forward = ui
            .add_enabled(state.history.can_go_forward(), egui::Button::new("→"))
            .on_hover_text(with_shortcut(cx.tr("前进", "Forward"), &Command::Forward));
        if forward.clicked() {
            cx.send(Command::Forward);
        }
        ui.separator();
        search::search_box_ui(ui, cx, search);
        ui.separator();
        for (lang, text) in [
            (Lang::Zh, "中文"),
            (Lang::En, "English"),
            (Lang::Both, "中文+English"),
        ] {
            if ui.selectable_label(cx.lang == lang, text).clicked() {
                cx.send(Command::SetLang(lang));
            }
        }
        ui.separator();
        let dark = ui.visuals().dark_mode;
        let theme_label = if dark {
            cx.tr("浅色", "Light")
        } else {
            cx.tr("深色", "Dark")
        };
        if ui
            .button(theme_label)
            .on_hover_text(cx.tr("切换主题", "Switch theme"))
            .clicked()
        {
            let theme = if dark {
                egui::ThemePreference::Light
            } else {
                egui::ThemePreference::Dark
            };
            ui.ctx().set_theme(theme);
        }
        ui.separator();
        let source = match &state.path {
            Some(path) => path.display().to_string(),
            None => cx.tr("内置证据库", "built-in evidence"),
        };
        ui.weak(source);
    });
    breadcrumbs_ui(ui, cx, state);
}

/// A label followed by the command's shortcut, as menus and tooltips show it.
fn with_shortcut(label: String, command: &Command) -> String {
    match command.shortcut_text() {
        Some(shortcut) => format!("{label}  ({shortcut})"),
        None => label,
    }
}

fn breadcrumbs_ui(ui: &mut egui::Ui, cx: &mut ViewCtx<'_>, state: &AppState) {
    let trail = state.history.trail();
    if trail.is_empty() {
        return;
    }
    ui.horizontal_wrapped(|ui| {
        let start = trail.len().saturating_sub(6);
        if start > 0 {
            ui.weak("…");
        }
        for (i, id) in trail.iter().enumerate().skip(start) {
            if i > start {
                ui.weak("›");
            }
            cx.link_ui(ui, id);
        }
    });
}

impl eframe::App for ParacrineApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.frame_ui(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, STORAGE_LANG, &self.state.lang);
    }
}

/// Kind label in the current language.
pub fn kind_label(lang: Lang, kind: Kind) -> String {
    lang.label(kind.label_zh(), kind.label_en())
}
