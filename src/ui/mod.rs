//! The egui front end: the shell (menus, toolbar, panels, modals), one module per view,
//! and the window start-up. UI functions read a [`ViewCtx`] and push `app::Command`s;
//! they never mutate app state.

mod browse;
mod claim_card;
mod claims_view;
pub mod commands;
mod conflict_view;
mod deck_view;
pub mod diagram_view;
pub mod editor;
mod figure_view;
pub mod first_frame;
mod gapmap_view;
mod page;
pub mod palette;
pub mod present;
mod problems;
mod search;
pub mod style;
mod table_view;
pub mod tabular_view;
pub mod widgets;

use crate::model::conflict::GroupBy;
use crate::model::evidence::ClaimSet;
use crate::model::gapmap::MapAxis;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use crate::app::deck::PresenterKey;
use crate::app::derived::{PageCache, PageData};
use crate::app::{AppState, Command, OpenPrompt, Page, SavePrompt};
use crate::lang::Lang;
use crate::model::{Document, Id, Index, Item, Kind};
use crate::platform::{FilePicker, RfdPicker};
use commands::{Menu, UiCommand};
use palette::{Palette, PaletteOutcome, palette_ui};

pub use search::SearchState;

/// Links shown inline in one list of a page or card (reviews, views, children, cited
/// studies, a claim's links and steps); the others are counted. A page is drawn every
/// frame: a list of 60,000 tables must not be.
pub(crate) const MAX_INLINE_LINKS: usize = 200;

/// What every view function gets: read-only state and a command queue.
pub struct ViewCtx<'a> {
    /// The application state.
    pub state: &'a AppState,
    /// The document (shortcut for `state.doc()`).
    pub doc: &'a Document,
    /// Its index (shortcut for `state.index()`).
    pub index: &'a Index,
    /// The display language.
    pub lang: Lang,
    /// Commands to apply after the frame.
    pub commands: &'a mut Vec<Command>,
    /// What the current page derives, from the page cache.
    pub page_data: Arc<PageData>,
}

impl ViewCtx<'_> {
    /// Queues a command.
    pub fn send(&mut self, command: Command) {
        self.commands.push(command);
    }

    /// A fixed label in the current language.
    pub fn tr(&self, zh: &str, en: &str) -> String {
        self.lang.label(zh, en)
    }

    /// The display name of any item in the current language.
    pub fn item_name(&self, item: Item) -> String {
        self.doc.display_name(item, self.lang)
    }

    /// What kind of record `item` is, in words ("Cargo", "Review table").
    pub fn item_kind_label(&self, item: Item) -> String {
        match item {
            Item::Entity(kind, _) => kind_label(self.lang, kind),
            Item::Claim(_) => self.tr("证据条目", "Claim"),
            Item::Table(_) => self.tr("综述表格", "Review table"),
            Item::Figure(_) => self.tr("综述图", "Review figure"),
        }
    }

    /// A link for each of `ids`, the first [`MAX_INLINE_LINKS`] of a list of `total`,
    /// then how many more there are.
    pub fn capped_links_ui(&mut self, ui: &mut egui::Ui, ids: &[Id], total: usize) {
        let shown = ids.len().min(MAX_INLINE_LINKS);
        for id in ids.iter().take(MAX_INLINE_LINKS) {
            self.link_ui(ui, id);
        }
        if total > shown {
            ui.weak(format!(
                "{} {} {}",
                self.tr("……另有", "… and"),
                total - shown,
                self.tr("项（用搜索查找）", "more (search to find one)")
            ));
        }
    }

    /// A clickable link to `id`; unknown ids show as plain text, never as a dead link.
    pub fn link_ui(&mut self, ui: &mut egui::Ui, id: &str) {
        match self.index.item(id) {
            Some(item) => {
                let text = self.item_name(item);
                let response = ui.link(text).on_hover_text(self.item_kind_label(item));
                if response.clicked() {
                    self.send(Command::navigate_to(id));
                }
            }
            None => {
                ui.label(id);
            }
        }
    }
}

/// The eframe application: app state plus UI-only state (search box, palette, prompts).
pub struct ParacrineApp {
    /// The application state.
    pub state: AppState,
    /// The search box and its results.
    pub search: SearchState,
    palette: Option<Palette>,
    /// The path typed into the "open by path" prompt.
    open_path: String,
    /// The path typed into the "save to a path" prompt (`None` until it shows).
    save_path: Option<String>,
    page_cache: PageCache,
    /// Set while presenting: how to restore the window when presenting ends.
    presenting: Option<BeforePresenting>,
    /// Reveal steps of the slide shown last frame (diagram layers, table pages).
    slide_steps: Option<usize>,
    /// Revealed nodes of the diagram slide shown last frame, in reading order.
    slide_nodes: Vec<usize>,
    /// Whether the deck window is open.
    deck_open: bool,
    /// The display to present on (`None`: the window's own).
    present_monitor: Option<usize>,
    /// Whether presenting opens the speaker notes window.
    notes_window: bool,
    /// When presenting started (the notes window's timer).
    presenting_since: Option<std::time::Instant>,
    /// The deck window's file path field.
    deck_path: String,
    /// Whether the window listing the document's problems is open.
    doc_problems_open: bool,
    /// The path typed into the editor's "save to" prompt.
    edit_save_path: String,
    /// The window title last sent (it marks unsaved changes).
    title: String,
    /// Whether the window had the keyboard focus last frame (regaining it looks at the
    /// file on disk at once).
    was_focused: bool,
    /// The window was told to close.
    close_sent: bool,
    /// `--exit-after-first-frame` / `--report-first-frame`, when asked.
    first_frame: Option<first_frame::FirstFrameProbe>,
    /// The evidence to load once the first frame is shown (`Some(None)`: the default).
    startup_load: Option<Option<PathBuf>>,
}

/// The window as it was before presenting started.
struct BeforePresenting {
    fullscreen: bool,
    style: Arc<egui::Style>,
}

const STORAGE_LANG: &str = "paracrine.lang";

impl ParacrineApp {
    /// The app in a real window.
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
            state.apply(Command::SetLang(lang));
        }
        // Unsaved edits are snapshotted to the app's data folder (crash recovery).
        if let Some(dir) = eframe::storage_dir("Paracrine") {
            state.set_data_dir(dir);
        }
        Self::with_state(state, picker)
    }

    /// For tests: no eframe creation context needed (call `install_fonts` yourself).
    pub fn with_state(mut state: AppState, picker: Arc<dyn FilePicker>) -> Self {
        state.set_picker(picker);
        Self {
            state,
            search: SearchState::default(),
            palette: None,
            open_path: String::new(),
            save_path: None,
            page_cache: PageCache::default(),
            presenting: None,
            slide_steps: None,
            slide_nodes: Vec::new(),
            deck_open: false,
            present_monitor: None,
            notes_window: false,
            presenting_since: None,
            deck_path: String::new(),
            doc_problems_open: false,
            edit_save_path: String::new(),
            title: String::new(),
            was_focused: true,
            close_sent: false,
            first_frame: None,
            startup_load: None,
        }
    }

    /// Save As: the system's save dialog, or the typed-path prompt.
    fn save_as(&mut self, commands: &mut Vec<Command>) {
        let suggested = self
            .state
            .path()
            .map_or_else(|| PathBuf::from("evidence.ron"), PathBuf::from);
        commands.push(Command::SaveAsDialog(suggested));
    }

    /// Before a frame: finished jobs, the clipboard, the title, a close request.
    fn between_frames(&mut self, ctx: &egui::Context) {
        let focused = ctx.input(|i| i.viewport().focused.unwrap_or(true));
        if focused && !self.was_focused {
            // Back from another window (a text editor, `git pull` in a terminal).
            self.state.apply(Command::LookAtDisk);
        }
        self.was_focused = focused;
        if self.state.poll_jobs() {
            ctx.request_repaint_after(std::time::Duration::from_millis(50));
        } else if self.state.path().is_some() {
            // The file on disk is looked at every few seconds, also while idle.
            ctx.request_repaint_after(std::time::Duration::from_secs(2));
        }
        self.hand_over_clipboard(ctx);
        self.update_title(ctx);
        self.handle_close(ctx);
    }

    /// The start-up's background work (the evidence load, the diagram font measure)
    /// starts once the first frame has been painted, so the window shows as fast as a
    /// bare one; until then the first frame asks for the next.
    fn start_after_first_frame(&mut self, ctx: &egui::Context) {
        if self.startup_load.is_none() {
            return;
        }
        if ctx.cumulative_frame_nr() == 0 {
            ctx.request_repaint();
        } else if let Some(file) = self.startup_load.take() {
            self.state.begin_startup_load(file);
            AppState::warm_font_measure();
            ctx.request_repaint();
        }
    }

    /// The window title: the file, and a mark while there are unsaved changes.
    fn update_title(&mut self, ctx: &egui::Context) {
        let folder = if self.state.is_folder() { "/" } else { "" };
        let name = self.state.path().and_then(|p| p.file_name()).map_or_else(
            || self.state.lang().label("内置证据库", "built-in evidence"),
            |n| format!("{}{folder}", n.to_string_lossy()),
        );
        let dirty = if self.state.is_dirty() { "• " } else { "" };
        let title = format!("{dirty}{name} — Paracrine");
        if title != self.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
    }

    /// Closing the window with unsaved changes asks first; once answered, closes.
    fn handle_close(&mut self, ctx: &egui::Context) {
        if self.state.should_close() {
            if !self.close_sent {
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                self.close_sent = true;
            }
            return;
        }
        if ctx.input(|i| i.viewport().close_requested()) && self.state.is_dirty() {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.state.apply(Command::RequestClose);
        }
    }

    /// The current page's derived data (from the cache; built if it has none).
    pub fn current_page_data(&mut self) -> Arc<PageData> {
        let page = self.state.current_page().clone();
        self.page_cache.get(&self.state, &page)
    }

    /// How many times page data was built (tests check that frames reuse it).
    pub fn n_page_builds(&self) -> u64 {
        self.page_cache.n_builds()
    }

    /// Whether the command palette is open.
    pub fn palette_open(&self) -> bool {
        self.palette.is_some()
    }

    /// Draws one frame and applies the commands it produced.
    pub fn frame_ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        // Zoom shortcuts are actions of the table, not egui's own.
        if ctx.options(|o| o.zoom_with_keyboard) {
            ctx.options_mut(|o| o.zoom_with_keyboard = false);
        }
        self.between_frames(&ctx);
        if self.state.presenter().is_some() {
            self.present_frame(ui);
            return;
        }
        self.presenting_since = None;
        if let Some(before) = self.presenting.take() {
            ctx.set_global_style(before.style);
            ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(before.fullscreen));
        }
        let mut commands = Vec::new();
        let mut actions = if self.palette.is_some() {
            Vec::new()
        } else {
            UiCommand::pressed(&ctx)
        };
        ctx.input(|input| {
            if input.pointer.button_pressed(egui::PointerButton::Extra1) {
                actions.push(UiCommand::Back);
            }
            if input.pointer.button_pressed(egui::PointerButton::Extra2) {
                actions.push(UiCommand::Forward);
            }
        });

        let state = &self.state;
        let page_data = self.page_cache.get(state, state.current_page());
        let mut cx = ViewCtx {
            state,
            doc: state.doc(),
            index: state.index(),
            lang: state.lang(),
            commands: &mut commands,
            page_data,
        };
        egui::Panel::top("toolbar").show(ui, |ui| {
            toolbar_ui(ui, &mut cx, &mut self.search, &mut actions);
        });
        if state.is_ready() {
            // The list never takes more than 45 % of the window, at any zoom.
            let max_list_width = (ui.available_width() * 0.45).max(200.0);
            egui::Panel::left("browse")
                .resizable(true)
                .default_size(320.0_f32.min(max_list_width))
                .size_range(200.0..=max_list_width)
                .show(ui, |ui| browse::browse_ui(ui, &mut cx));
            egui::CentralPanel::default().show(ui, |ui| {
                page::page_ui(ui, &mut cx, state.current_page());
            });
        } else {
            egui::CentralPanel::default().show(ui, |ui| loading_ui(ui, &cx));
        }
        search::search_popup_ui(&ctx, &mut cx, &mut self.search);
        if let Some(problems) = state.problems() {
            problems::problems_ui(&ctx, &mut cx, problems);
        }
        if let Some(reason) = state.open_prompt() {
            open_prompt_ui(&ctx, &mut cx, reason, &mut self.open_path);
        }
        if let Some(prompt) = state.save_prompt() {
            save_prompt_ui(&ctx, &mut cx, prompt, &mut self.save_path);
        } else {
            self.save_path = None;
        }
        if self.deck_open
            && deck_window(
                &ctx,
                &mut cx,
                &mut self.deck_path,
                &mut self.present_monitor,
                &mut self.notes_window,
            )
        {
            self.deck_open = false;
        }
        editor::editor_windows_ui(
            &ctx,
            &mut cx,
            &mut self.doc_problems_open,
            &mut self.edit_save_path,
        );
        if let Some(palette) = &mut self.palette {
            match palette_ui(&ctx, cx.lang, palette) {
                PaletteOutcome::Open => {}
                PaletteOutcome::Close => self.palette = None,
                PaletteOutcome::Run(cmd) => {
                    self.palette = None;
                    actions.push(cmd);
                }
            }
        }
        for action in actions {
            self.run(&ctx, action, &mut commands);
        }
        for command in commands {
            self.state.apply(command);
        }
    }

    /// Puts a finished diagram image, or a table's text, on the clipboard.
    fn hand_over_clipboard(&mut self, ctx: &egui::Context) {
        if let Some(text) = self.state.clipboard_text() {
            ctx.copy_text(text.to_owned());
            self.state.apply(Command::ClipboardTextTaken);
        }
        if let Some(image) = self.state.clipboard_image() {
            let [w, h] = image.size;
            ctx.copy_image(egui::ColorImage::from_rgba_unmultiplied(
                [w as usize, h as usize],
                &image.pixels,
            ));
            self.state.apply(Command::ClipboardTaken);
        }
    }

    /// One frame of presentation mode: only the slide, keys as a clicker sends them.
    fn present_frame(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        if self.presenting.is_none() {
            self.presenting = Some(BeforePresenting {
                fullscreen: ctx.input(|i| i.viewport().fullscreen.unwrap_or(false)),
                style: ctx.global_style(),
            });
            if let Some(monitor) = self.present_monitor {
                // Borderless full screen on that display (ignored if it does not exist).
                ctx.send_viewport_cmd(egui::ViewportCommand::SetMonitor(monitor));
            }
            ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(true));
            let dark = ctx.global_style().visuals.dark_mode;
            ctx.set_visuals(present::projector_visuals(dark));
        }
        let Some(presenter) = self.state.presenter() else {
            return;
        };
        let mut commands = Vec::new();
        let typing = ctx.egui_wants_keyboard_input();
        if !typing {
            if ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape)) {
                // Esc clears, step by step: the grid, a highlighted path, presenting.
                commands.push(match (presenter.grid, presenter.highlight) {
                    (true, _) => Command::PresentKey(PresenterKey::Grid, None),
                    (false, Some(node)) => Command::PresentHighlight(node),
                    (false, None) => Command::StopPresenting,
                });
            }
            // Tab / Shift+Tab light the path through the next / previous node, in
            // reading order: the keyboard's "click on a node".
            let forward = ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Tab));
            let back = ctx.input_mut(|i| i.consume_key(egui::Modifiers::SHIFT, egui::Key::Tab));
            if (forward || back) && !self.slide_nodes.is_empty() {
                let nodes = &self.slide_nodes;
                let at = presenter
                    .highlight
                    .and_then(|h| nodes.iter().position(|&n| n == h));
                let next = match (at, forward) {
                    (None, true) => 0,
                    (None, false) => nodes.len() - 1,
                    (Some(i), true) => (i + 1) % nodes.len(),
                    (Some(i), false) => (i + nodes.len() - 1) % nodes.len(),
                };
                commands.push(Command::PresentHighlight(nodes[next]));
            }
            if ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::F11)) {
                let fullscreen = ctx.input(|i| i.viewport().fullscreen.unwrap_or(false));
                ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(!fullscreen));
            }
            if ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::N)) {
                self.notes_window = !self.notes_window;
            }
            for key in present::presenter_keys(&ctx, presenter) {
                commands.push(Command::PresentKey(key, self.slide_steps));
            }
        }
        let state = &self.state;
        let page = presenter.current().map_or(Page::Home, |slide| {
            crate::app::deck::page_of(&slide.content)
        });
        let page_data = self.page_cache.get(state, &page);
        let mut cx = ViewCtx {
            state,
            doc: state.doc(),
            index: state.index(),
            lang: state.lang(),
            commands: &mut commands,
            page_data,
        };
        let steps = present::present_ui(ui, &mut cx, presenter);
        if self.notes_window {
            let since = *self
                .presenting_since
                .get_or_insert_with(std::time::Instant::now);
            present::notes_window(&ctx, &cx, presenter, since);
        }
        self.slide_nodes = present::slide_nodes(&cx, presenter);
        self.slide_steps = steps.0;
        for command in commands {
            self.state.apply(command);
        }
    }

    /// Exports the diagram or figure panel shown (a background job) into `exports/`
    /// beside the evidence file (the working folder for the built-in evidence).
    fn export_current(&mut self, commands: &mut Vec<Command>) {
        commands.push(Command::Export(self.state.export_folder()));
    }

    /// Whether the current page shows a diagram (a figure or a generated diagram).
    fn shows_diagram(&self) -> bool {
        match self.state.current_page() {
            Page::Diagram(_) | Page::SetDiagram(_) => true,
            Page::Item(_) => matches!(self.state.current_item(), Some(Item::Figure(_))),
            Page::Home | Page::Claims(_) | Page::EvidenceMap(_) | Page::Conflicts { .. } => false,
        }
    }

    /// Carries out one user action: UI-only effects here, state changes as commands.
    fn run(&mut self, ctx: &egui::Context, action: UiCommand, commands: &mut Vec<Command>) {
        // Any other action (a palette, a page, a modal) takes over from the search popup.
        if action != UiCommand::Search {
            self.search.close();
        }
        match action {
            UiCommand::OpenFile => commands.push(Command::OpenDialog),
            UiCommand::OpenFolder => commands.push(Command::OpenFolderDialog),
            UiCommand::OpenPath => commands.push(Command::ShowOpenPrompt),
            UiCommand::Back => commands.push(Command::Back),
            UiCommand::Forward => commands.push(Command::Forward),
            UiCommand::Home => commands.push(Command::Navigate(Page::Home)),
            UiCommand::EvidenceMap => {
                commands.push(Command::Navigate(Page::EvidenceMap(MapAxis::default())));
            }
            UiCommand::Contradictions => commands.push(Command::Navigate(Page::Conflicts {
                entity: None,
                group_by: GroupBy::default(),
            })),
            UiCommand::AllClaims => {
                commands.push(Command::Navigate(Page::claims_of(ClaimSet::All)))
            }
            UiCommand::Search => self.search.request_focus = true,
            UiCommand::CommandPalette => self.palette = Some(Palette::default()),
            UiCommand::LangZh => commands.push(Command::SetLang(Lang::Zh)),
            UiCommand::LangEn => commands.push(Command::SetLang(Lang::En)),
            UiCommand::LangBoth => commands.push(Command::SetLang(Lang::Both)),
            UiCommand::ToggleTheme => {
                let theme = if ctx.global_style().visuals.dark_mode {
                    egui::ThemePreference::Light
                } else {
                    egui::ThemePreference::Dark
                };
                ctx.set_theme(theme);
            }
            // On a diagram, Ctrl +/− zoom the diagram; elsewhere the whole window.
            UiCommand::ZoomIn if self.shows_diagram() => {
                diagram_view::request(ctx, diagram_view::DiagramRequest::ZoomIn);
            }
            UiCommand::ZoomOut if self.shows_diagram() => {
                diagram_view::request(ctx, diagram_view::DiagramRequest::ZoomOut);
            }
            UiCommand::ZoomIn => egui::gui_zoom::zoom_in(ctx),
            UiCommand::ZoomOut => egui::gui_zoom::zoom_out(ctx),
            UiCommand::ZoomReset => ctx.set_zoom_factor(1.0),
            UiCommand::ToggleFullscreen => {
                let fullscreen = ctx.input(|i| i.viewport().fullscreen.unwrap_or(false));
                ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(!fullscreen));
            }
            UiCommand::ClearFilters => commands.push(Command::SetFilters(Default::default())),
            UiCommand::ShowKind(kind) => commands.push(Command::ShowKind(kind)),
            UiCommand::Present => commands.push(Command::StartPresenting),
            UiCommand::AddToDeck => {
                commands.push(Command::AddToDeck);
                self.deck_open = true;
            }
            UiCommand::ShowDeck => self.deck_open = !self.deck_open,
            UiCommand::ExportDiagram => self.export_current(commands),
            UiCommand::CopyDiagram => commands.push(Command::CopyDiagram),
            UiCommand::ToggleEditMode => {
                commands.push(Command::SetEditMode(!self.state.edit_mode()));
            }
            UiCommand::Undo => commands.push(Command::Undo),
            UiCommand::Redo => commands.push(Command::Redo),
            UiCommand::Save => commands.push(Command::Save {
                path: None,
                allow_problems: false,
            }),
            UiCommand::SaveAs => self.save_as(commands),
            UiCommand::DocumentProblems => self.doc_problems_open = !self.doc_problems_open,
        }
    }
}

/// The deck window and what it asks for; true when it was closed.
fn deck_window(
    ctx: &egui::Context,
    cx: &mut ViewCtx<'_>,
    path: &mut String,
    monitor: &mut Option<usize>,
    notes_window: &mut bool,
) -> bool {
    match deck_view::deck_window_ui(ctx, cx, path, monitor, notes_window) {
        Some(deck_view::DeckAction::Save(path)) => {
            cx.send(Command::SaveDeck(PathBuf::from(path)));
        }
        Some(deck_view::DeckAction::Open(path)) => {
            cx.send(Command::OpenDeck(PathBuf::from(path)));
        }
        Some(deck_view::DeckAction::Close) => return true,
        None => {}
    }
    false
}

/// A menu entry for `cmd`: its label, its shortcut on the right, its tooltip.
fn menu_item_ui(ui: &mut egui::Ui, cx: &ViewCtx<'_>, cmd: UiCommand, actions: &mut Vec<UiCommand>) {
    let lang = cx.lang;
    let state = cx.state;
    let label = cmd.label(lang);
    let (text, enabled) = if cmd == UiCommand::Undo {
        match state.undo_label() {
            Some(what) => (format!("{label}: {what}"), true),
            None => (label, false),
        }
    } else if cmd == UiCommand::Redo {
        match state.redo_label() {
            Some(what) => (format!("{label}: {what}"), true),
            None => (label, false),
        }
    } else if cmd == UiCommand::ToggleEditMode && state.edit_mode() {
        (format!("● {label}"), true)
    } else if cmd == UiCommand::Save {
        (label, state.is_dirty())
    } else {
        (label, true)
    };
    let mut button = egui::Button::new(text);
    if let Some(shortcut) = cmd.shortcut_text(ui.ctx()) {
        button = button.shortcut_text(shortcut);
    }
    if ui
        .add_enabled(enabled, button)
        .on_hover_text(cmd.tooltip(lang))
        .clicked()
    {
        actions.push(cmd);
        ui.close();
    }
}

/// A tooltip naming the action and its shortcut (built only while hovered).
fn action_hover_ui(ui: &mut egui::Ui, lang: Lang, cmd: UiCommand) {
    let text = match cmd.shortcut_text(ui.ctx()) {
        Some(shortcut) => format!("{}  ({shortcut})\n{}", cmd.label(lang), cmd.tooltip(lang)),
        None => format!("{}\n{}", cmd.label(lang), cmd.tooltip(lang)),
    };
    ui.label(text);
}

fn toolbar_ui(
    ui: &mut egui::Ui,
    cx: &mut ViewCtx<'_>,
    search: &mut SearchState,
    actions: &mut Vec<UiCommand>,
) {
    let lang = cx.lang;
    let state = cx.state;
    ui.horizontal_wrapped(|ui| {
        for menu in Menu::ALL {
            ui.menu_button(menu.title(lang), |ui| {
                for cmd in UiCommand::all().into_iter().filter(|c| c.menu() == menu) {
                    menu_item_ui(ui, cx, cmd, actions);
                }
            });
        }
        ui.separator();
        for (cmd, text, enabled) in [
            (UiCommand::Back, "←", state.nav().can_go_back()),
            (UiCommand::Forward, "→", state.nav().can_go_forward()),
        ] {
            let response = ui
                .add_enabled(enabled, egui::Button::new(text))
                .on_hover_ui(|ui| action_hover_ui(ui, lang, cmd));
            if response.clicked() {
                actions.push(cmd);
            }
        }
        ui.separator();
        search::search_box_ui(ui, cx, search);
        ui.separator();
        for (value, cmd) in [
            (Lang::Zh, UiCommand::LangZh),
            (Lang::En, UiCommand::LangEn),
            (Lang::Both, UiCommand::LangBoth),
        ] {
            let response = ui
                .selectable_label(lang == value, value.name())
                .on_hover_ui(|ui| {
                    ui.label(cmd.tooltip(lang));
                });
            if response.clicked() {
                actions.push(cmd);
            }
        }
        ui.separator();
        let theme_label = if ui.visuals().dark_mode {
            cx.tr("浅色", "Light")
        } else {
            cx.tr("深色", "Dark")
        };
        if ui
            .button(theme_label)
            .on_hover_ui(|ui| action_hover_ui(ui, lang, UiCommand::ToggleTheme))
            .clicked()
        {
            actions.push(UiCommand::ToggleTheme);
        }
        edit_toolbar_ui(ui, cx, actions);
        let palette = ui
            .button(cx.tr("命令…", "Commands…"))
            .on_hover_ui(|ui| action_hover_ui(ui, lang, UiCommand::CommandPalette));
        if palette.clicked() {
            actions.push(UiCommand::CommandPalette);
        }
        ui.separator();
        status_ui(ui, cx);
    });
    breadcrumbs_ui(ui, cx);
}

/// The edit switch; in edit mode, Save (marked while there are unsaved changes) and the
/// problems count.
fn edit_toolbar_ui(ui: &mut egui::Ui, cx: &ViewCtx<'_>, actions: &mut Vec<UiCommand>) {
    let lang = cx.lang;
    let state = cx.state;
    if ui
        .selectable_label(state.edit_mode(), cx.tr("编辑", "Edit"))
        .on_hover_ui(|ui| action_hover_ui(ui, lang, UiCommand::ToggleEditMode))
        .clicked()
    {
        actions.push(UiCommand::ToggleEditMode);
    }
    if !state.edit_mode() && !state.is_dirty() {
        return;
    }
    let save_text = if state.is_saving() {
        cx.tr("正在保存…", "Saving…")
    } else if state.is_dirty() {
        cx.tr("保存 •", "Save •")
    } else {
        cx.tr("已保存", "Saved")
    };
    if ui
        .add_enabled(
            state.is_dirty() && !state.is_saving(),
            egui::Button::new(save_text),
        )
        .on_hover_ui(|ui| action_hover_ui(ui, lang, UiCommand::Save))
        .clicked()
    {
        actions.push(UiCommand::Save);
    }
    let (problems, more) = state.doc_problems();
    let n = problems.len() + more;
    let text = if n == 0 {
        cx.tr("无问题", "No problems")
    } else {
        format!(
            "{n} {}",
            cx.tr("个问题", if n == 1 { "problem" } else { "problems" })
        )
    };
    let color = if n == 0 {
        ui.visuals().weak_text_color()
    } else {
        ui.visuals().error_fg_color
    };
    if ui
        .add(egui::Button::new(egui::RichText::new(text).color(color)))
        .on_hover_ui(|ui| action_hover_ui(ui, lang, UiCommand::DocumentProblems))
        .clicked()
    {
        actions.push(UiCommand::DocumentProblems);
    }
}

/// Pages shown in the breadcrumb trail; older ones collapse into "…".
const TRAIL_PAGES: usize = 5;

/// Characters of a name shown in the breadcrumb trail (the full name is on hover).
const TRAIL_CHARS: usize = 24;

/// One line: the last few pages by short names, the oldest collapsed.
fn breadcrumbs_ui(ui: &mut egui::Ui, cx: &mut ViewCtx<'_>) {
    let trail = cx.state.nav().trail();
    if trail.is_empty() {
        return;
    }
    ui.horizontal(|ui| {
        let start = trail.len().saturating_sub(TRAIL_PAGES);
        if start > 0 {
            ui.weak("…");
        }
        for (i, page) in trail.iter().enumerate().skip(start) {
            if i > start {
                ui.weak("›");
            }
            let (short, full) = match page {
                Page::Home => {
                    let home = UiCommand::Home.label(cx.lang);
                    (home.clone(), home)
                }
                Page::Item(id) => match cx.index.item(id) {
                    Some(item) => {
                        let full = cx.item_name(item);
                        let short = match item {
                            // A table or figure is known by its label ("表1").
                            Item::Table(idx) => cx.doc.tables.get(idx).map(|t| t.label.clone()),
                            Item::Figure(idx) => cx.doc.figures.get(idx).map(|f| f.label.clone()),
                            Item::Entity(..) | Item::Claim(_) => None,
                        }
                        .filter(|label| !label.trim().is_empty())
                        .unwrap_or_else(|| widgets::shorten(&full, TRAIL_CHARS));
                        (short, full)
                    }
                    None => continue,
                },
                Page::Diagram(diagram) => match cx.index.item(&diagram.entity) {
                    Some(item) => {
                        let name = cx.item_name(item);
                        let full = format!("{} {name}", cx.tr("机制图：", "Mechanism diagram:"));
                        let short = format!(
                            "{} {}",
                            cx.tr("图", "Diagram"),
                            widgets::shorten(&name, TRAIL_CHARS)
                        );
                        (short, full)
                    }
                    None => continue,
                },
                Page::Claims(query) => {
                    let full = format!(
                        "{} {}",
                        cx.tr("证据表：", "Claims table:"),
                        query.describe(cx.doc, cx.index, cx.lang)
                    );
                    (widgets::shorten(&full, TRAIL_CHARS), full)
                }
                Page::SetDiagram(diagram) => {
                    let full = format!(
                        "{} {}",
                        cx.tr("机制图：", "Mechanism diagram:"),
                        diagram.query.describe(cx.doc, cx.index, cx.lang)
                    );
                    (widgets::shorten(&full, TRAIL_CHARS), full)
                }
                Page::EvidenceMap(_) => {
                    let name = cx.tr("证据缺口图", "Evidence map");
                    (name.clone(), name)
                }
                Page::Conflicts { entity, .. } => {
                    let name = entity
                        .as_deref()
                        .and_then(|id| cx.index.item(id))
                        .map(|item| cx.item_name(item));
                    let full = match name {
                        Some(name) => format!("{} {name}", cx.tr("矛盾证据：", "Contradictions:")),
                        None => cx.tr("矛盾证据", "Contradictions"),
                    };
                    (widgets::shorten(&full, TRAIL_CHARS), full)
                }
            };
            if ui.link(short).on_hover_text(full).clicked() {
                cx.send(Command::Navigate(page.clone()));
            }
        }
    });
}

/// The end of the toolbar: where the evidence came from, a running load with its
/// progress, the last notice. (In the toolbar, not a bottom bar, so it stays visible when
/// the window is taller than the screen.)
fn status_ui(ui: &mut egui::Ui, cx: &ViewCtx<'_>) {
    {
        {
            let source = match cx.state.path() {
                Some(path) => path.display().to_string(),
                None => cx.tr("内置证据库", "built-in evidence"),
            };
            ui.weak(source);
            if let Some((path, progress)) = cx.state.loading() {
                ui.separator();
                ui.spinner();
                let (stage, done, total) = progress.snapshot();
                let mut text = format!(
                    "{} {} — {}",
                    cx.tr("正在加载", "Loading"),
                    path.display(),
                    cx.lang.pick(stage.label_zh(), stage.label_en())
                );
                if total > 0 {
                    text.push_str(&format!(" {done} / {total}"));
                }
                ui.label(text);
                if let Some(fraction) = progress.fraction() {
                    ui.add(egui::ProgressBar::new(fraction).desired_width(160.0));
                }
            }
            if let Some(notice) = cx.state.notice() {
                ui.separator();
                ui.colored_label(ui.visuals().warn_fg_color, notice);
            }
        }
    }
}

/// The centre before the first document has loaded.
fn loading_ui(ui: &mut egui::Ui, cx: &ViewCtx<'_>) {
    ui.vertical_centered(|ui| {
        ui.add_space(ui.available_height() / 3.0);
        ui.heading(cx.tr("正在加载证据…", "Loading the evidence…"));
        if let Some(fraction) = cx.state.loading().and_then(|(_, p)| p.fraction()) {
            ui.add(
                egui::ProgressBar::new(fraction)
                    .desired_width(320.0)
                    .show_percentage(),
            );
        } else {
            ui.spinner();
        }
    });
}

/// "Open by path": shown on request, when no system dialog exists, or when a dialog
/// never answered.
fn open_prompt_ui(
    ctx: &egui::Context,
    cx: &mut ViewCtx<'_>,
    reason: OpenPrompt,
    path: &mut String,
) {
    let modal = egui::Modal::new(egui::Id::unique("open-by-path")).show(ctx, |ui| {
        ui.set_width(560.0);
        ui.heading(cx.tr("打开证据文件", "Open an evidence file"));
        match reason {
            OpenPrompt::NoDialog => ui.label(cx.tr(
                "此计算机上无法显示系统文件对话框。请输入 .ron 证据文件或证据文件夹的完整路径。",
                "No system file dialog can be shown on this machine. Type the full path of a .ron evidence file, or of an evidence folder.",
            )),
            OpenPrompt::DialogPending => ui.label(cx.tr(
                "系统文件对话框仍未响应。可以在此输入路径；对话框之后的选择将被忽略。",
                "The system file dialog has not answered. Type a path here instead; a later answer from the dialog is ignored.",
            )),
        };
        let label = ui.label(cx.tr("文件路径", "File path"));
        let first_frame = ui.memory(|m| m.focused().is_none());
        let edit = ui
            .add(
                egui::TextEdit::singleline(path)
                    .hint_text("/home/me/evidence.ron")
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
        if first_frame {
            edit.request_focus();
        }
        let trimmed = path.trim();
        let exists = !trimmed.is_empty() && {
            let at = std::path::Path::new(trimmed);
            at.is_file() || at.is_dir()
        };
        if !trimmed.is_empty() && !exists {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                cx.tr("找不到此文件或文件夹。", "There is no file or folder at this path."),
            );
        }
        let submit = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        ui.horizontal(|ui| {
            let open = ui.add_enabled(exists, egui::Button::new(cx.tr("打开", "Open")));
            if (open.clicked() || submit) && exists {
                cx.send(Command::Open(PathBuf::from(trimmed)));
            }
            if ui.button(cx.tr("取消", "Cancel")).clicked() {
                cx.send(Command::DismissOpenPrompt);
            }
        });
    });
    if modal.should_close() {
        cx.send(Command::DismissOpenPrompt);
    }
}

/// "Save to a path": where a table export goes when no system save dialog can be shown,
/// or one never answered. Offers the export folder and a name saying what the table is.
fn save_prompt_ui(
    ctx: &egui::Context,
    cx: &mut ViewCtx<'_>,
    prompt: &SavePrompt,
    path: &mut Option<String>,
) {
    let path = path.get_or_insert_with(|| prompt.suggested.display().to_string());
    let modal = egui::Modal::new(egui::Id::unique("save-to-path")).show(ctx, |ui| {
        ui.set_width(560.0);
        ui.heading(cx.tr("导出表格", "Export the table"));
        match prompt.reason {
            OpenPrompt::NoDialog => ui.label(cx.tr(
                "此计算机上无法显示系统保存对话框。请输入保存位置（.csv 或 .tsv）。",
                "No system save dialog can be shown on this machine. Type where to save it (.csv or .tsv).",
            )),
            OpenPrompt::DialogPending => ui.label(cx.tr(
                "系统保存对话框仍未响应。可以在此输入保存位置；对话框之后的选择将被忽略。",
                "The system save dialog has not answered. Type where to save it here instead; a later answer from the dialog is ignored.",
            )),
        };
        let label = ui.label(cx.tr("保存到", "Save to"));
        let first_frame = ui.memory(|m| m.focused().is_none());
        let edit = ui
            .add(egui::TextEdit::singleline(path).desired_width(f32::INFINITY))
            .labelled_by(label.id);
        if first_frame {
            edit.request_focus();
        }
        let trimmed = path.trim();
        let target = std::path::Path::new(trimmed);
        let folder_ok = target
            .parent()
            .is_none_or(|f| f.as_os_str().is_empty() || f.is_dir() || f == cx.state.export_folder());
        let valid = !trimmed.is_empty() && !target.is_dir() && folder_ok;
        if !trimmed.is_empty() && !valid {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                cx.tr("此文件夹不存在。", "There is no such folder."),
            );
        }
        let submit = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        ui.horizontal(|ui| {
            let save = ui.add_enabled(valid, egui::Button::new(cx.tr("保存", "Save")));
            if (save.clicked() || submit) && valid {
                cx.send(Command::ExportTable {
                    source: prompt.source.clone(),
                    sort: prompt.arrangement.sort,
                    filter: prompt.arrangement.filter.clone(),
                    path: Some(PathBuf::from(trimmed)),
                });
            }
            if ui.button(cx.tr("取消", "Cancel")).clicked() {
                cx.send(Command::DismissSavePrompt);
            }
        });
    });
    if modal.should_close() {
        cx.send(Command::DismissSavePrompt);
    }
}

impl eframe::App for ParacrineApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        if let Some(probe) = &mut self.first_frame {
            probe.frame(ui.ctx());
        }
        self.start_after_first_frame(ui.ctx());
        self.frame_ui(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        // A run that closes itself after one frame changed no setting: it writes none.
        if !self.first_frame.as_ref().is_some_and(|p| p.exits()) {
            eframe::set_value(storage, STORAGE_LANG, &self.state.lang());
        }
    }

    fn persist_egui_memory(&self) -> bool {
        !self.first_frame.as_ref().is_some_and(|p| p.exits())
    }

    /// Settings are small: save them often, so a window the system destroys loses at
    /// most a few seconds of them (see [`run_native`]).
    fn auto_save_interval(&self) -> std::time::Duration {
        std::time::Duration::from_secs(5)
    }
}

/// Set when the windowing library panicked (the window was destroyed from outside).
static WINDOW_GONE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Kind label in the current language.
pub fn kind_label(lang: Lang, kind: Kind) -> String {
    lang.label(kind.label_zh(), kind.label_en())
}

/// The window options: shared with `examples/bare_window.rs`, the bare eframe window
/// the start-up benchmark compares with.
pub fn native_options() -> eframe::NativeOptions {
    eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Paracrine")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([640.0, 400.0]),
        ..Default::default()
    }
}

/// Opens the native window on `args.file` (or `./evidence.ron`, or the built-in
/// evidence).
pub fn run_native(args: crate::cli::AppArgs) -> ExitCode {
    let asked = first_frame::FirstFrame {
        exit: args.exit_after_first_frame,
        report: args.report_first_frame,
    };
    let mut options = native_options();
    asked.adjust(&mut options);
    let file = args.file;
    let probe = asked
        .is_asked()
        .then(|| first_frame::FirstFrameProbe::new(asked, args.started));
    // winit 0.30 panics when the X11 window is destroyed from outside (an unwrap on the
    // vanished window's position). That is the user closing the window by other means:
    // say so in one line and exit cleanly. Any other panic keeps the default report.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if info.location().is_some_and(|l| l.file().contains("winit")) {
            WINDOW_GONE.store(true, std::sync::atomic::Ordering::SeqCst);
        } else {
            default_hook(info);
        }
    }));
    let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        eframe::run_native(
            "Paracrine",
            options,
            Box::new(move |cc| {
                let mut app = ParacrineApp::new(cc, AppState::before_load(), Arc::new(RfdPicker));
                app.startup_load = Some(file);
                app.first_frame = probe;
                Ok(Box::new(app))
            }),
        )
    }));
    match run {
        Ok(Ok(())) => ExitCode::SUCCESS,
        Ok(Err(err)) => {
            eprintln!("error: could not open the window: {err}");
            ExitCode::FAILURE
        }
        Err(_) if WINDOW_GONE.load(std::sync::atomic::Ordering::SeqCst) => {
            eprintln!(
                "the window was closed by the window system; settings were saved (at most 5 s ago), and the evidence file is untouched"
            );
            ExitCode::SUCCESS
        }
        Err(payload) => std::panic::resume_unwind(payload),
    }
}
