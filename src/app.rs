//! Application state, commands and history. UI code reads [`AppState`] and sends
//! [`Command`]s; [`AppState::apply`] is the one place they take effect.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::mpsc;

use crate::model::filter::Filters;
use crate::model::{self, Diagnostic, Document, Index, Item, Kind};

/// The evidence built into the binary, used when there is no `./evidence.ron`.
pub const EMBEDDED_EVIDENCE: &[u8] = include_bytes!("../evidence.ron");

/// Display language for names and labels.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Lang {
    Zh,
    En,
    #[default]
    Both,
}

impl Lang {
    /// Picks the text for this language; `Both` shows Chinese then English.
    pub fn pick(self, zh: &str, en: &str) -> String {
        let (zh, en) = (zh.trim(), en.trim());
        match self {
            Lang::Zh if !zh.is_empty() => zh.to_owned(),
            Lang::En if !en.is_empty() => en.to_owned(),
            _ if zh.is_empty() => en.to_owned(),
            _ if en.is_empty() || zh == en => zh.to_owned(),
            Lang::Both => format!("{zh} · {en}"),
            Lang::Zh => zh.to_owned(),
            Lang::En => en.to_owned(),
        }
    }

    /// A fixed UI label in this language.
    pub fn label(self, zh: &str, en: &str) -> String {
        match self {
            Lang::Zh => zh.to_owned(),
            Lang::En => en.to_owned(),
            Lang::Both => format!("{en} {zh}"),
        }
    }
}

/// Browser-like history of visited ids (ids stay valid across edits; indices do not).
#[derive(Debug, Default)]
pub struct History {
    entries: Vec<String>,
    /// Index into `entries` of the current page.
    cursor: Option<usize>,
}

impl History {
    pub fn current(&self) -> Option<&str> {
        self.cursor
            .and_then(|i| self.entries.get(i))
            .map(String::as_str)
    }

    pub fn visit(&mut self, id: String) {
        if self.current() == Some(id.as_str()) {
            return;
        }
        let keep = self.cursor.map_or(0, |i| i + 1);
        self.entries.truncate(keep);
        self.entries.push(id);
        self.cursor = Some(self.entries.len() - 1);
    }

    pub fn can_go_back(&self) -> bool {
        self.cursor.is_some_and(|i| i > 0)
    }

    pub fn can_go_forward(&self) -> bool {
        self.cursor.is_some_and(|i| i + 1 < self.entries.len())
    }

    pub fn back(&mut self) {
        if self.can_go_back() {
            self.cursor = self.cursor.map(|i| i - 1);
        }
    }

    pub fn forward(&mut self) {
        if self.can_go_forward() {
            self.cursor = self.cursor.map(|i| i + 1);
        }
    }

    /// The pages up to and including the current one, oldest first, for breadcrumbs.
    pub fn trail(&self) -> &[String] {
        match self.cursor {
            Some(i) => self.entries.get(..=i).unwrap_or_default(),
            None => &[],
        }
    }
}

/// Everything the user can do, as values. Menus, shortcuts and buttons send these.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Show the page of an entity, claim, table or figure.
    Navigate(String),
    Back,
    Forward,
    /// Show the list of one entity kind in the side panel.
    ShowKind(Kind),
    SetLang(Lang),
    /// Ask for a file with the file dialog (off the UI thread).
    OpenDialog,
    /// Load this file; on problems, show them and keep the current document.
    Open(PathBuf),
    DismissProblems,
    /// Replace the claim filters (level, direction, vehicle, review, species).
    SetFilters(Filters),
}

impl Command {
    /// Keyboard shortcut text shown in menus and tooltips.
    pub fn shortcut_text(&self) -> Option<&'static str> {
        match self {
            Command::Back => Some("Alt+←"),
            Command::Forward => Some("Alt+→"),
            Command::OpenDialog => Some("Ctrl+O"),
            _ => None,
        }
    }
}

/// Problems found in a file the user tried to open.
#[derive(Debug)]
pub struct LoadProblems {
    pub path: PathBuf,
    pub diagnostics: Vec<Diagnostic>,
}

/// Everything the UI shows, independent of egui.
pub struct AppState {
    pub doc: Document,
    pub index: Index,
    /// Where the document came from (`None` for the built-in copy).
    pub path: Option<PathBuf>,
    /// Bumped whenever a new document replaces the current one; caches key on it.
    pub revision: u64,
    pub problems: Option<LoadProblems>,
    pub history: History,
    pub lang: Lang,
    pub list_kind: Kind,
    pub filters: Filters,
    /// Derived from `filters`: which claims pass, one flag per claim.
    claim_visible: Vec<bool>,
    /// Derived: the entities of `list_kind` to list (all, or those with a visible claim).
    list_rows: Vec<usize>,
}

impl AppState {
    /// The built-in evidence. Loading it cannot fail at run time: a test checks it is clean.
    pub fn embedded() -> Self {
        Self::from_bytes(
            std::path::Path::new("<built-in evidence.ron>"),
            EMBEDDED_EVIDENCE,
        )
    }

    /// State over an in-memory file; its problems, if any, are shown.
    pub fn from_bytes(path: &std::path::Path, bytes: &[u8]) -> Self {
        Self::from_loaded(path, model::load_bytes(path, bytes))
    }

    /// State over an already loaded document (benchmarks and tests build these).
    pub fn from_loaded(path: &std::path::Path, loaded: model::Loaded) -> Self {
        let problems = (!loaded.diagnostics.is_empty()).then(|| LoadProblems {
            path: path.to_path_buf(),
            diagnostics: loaded.diagnostics,
        });
        let mut state = Self {
            doc: loaded.doc,
            index: loaded.index,
            path: None,
            revision: 0,
            problems,
            history: History::default(),
            lang: Lang::default(),
            list_kind: Kind::Disease,
            filters: Filters::default(),
            claim_visible: Vec::new(),
            list_rows: Vec::new(),
        };
        state.refresh_derived();
        state
    }

    /// Recomputes what depends on the document, the filters and the listed kind.
    fn refresh_derived(&mut self) {
        self.claim_visible = self.filters.visible_claims(&self.doc, &self.index);
        let kind = self.list_kind;
        let filtering = self.filters.is_active();
        self.list_rows = (0..self.doc.count(kind))
            .filter(|&idx| !filtering || self.n_visible_claims(Item::Entity(kind, idx)) > 0)
            .collect();
    }

    /// Whether claim `claim_idx` passes the filters.
    pub fn claim_visible(&self, claim_idx: usize) -> bool {
        self.claim_visible.get(claim_idx).copied().unwrap_or(true)
    }

    /// Claims mentioning `item` that pass the filters.
    pub fn visible_claims_of(&self, item: Item) -> Vec<usize> {
        self.index
            .claims_of(item)
            .iter()
            .copied()
            .filter(|&i| self.claim_visible(i))
            .collect()
    }

    pub fn n_visible_claims(&self, item: Item) -> usize {
        self.index
            .claims_of(item)
            .iter()
            .filter(|&&i| self.claim_visible(i))
            .count()
    }

    /// Entity indices of `list_kind` to list.
    pub fn list_rows(&self) -> &[usize] {
        &self.list_rows
    }

    /// Starts on `file`, else `./evidence.ron` when present, else the built-in copy.
    pub fn startup(file: Option<PathBuf>) -> Self {
        let mut state = Self::embedded();
        let local = PathBuf::from("evidence.ron");
        let file = file.or_else(|| local.exists().then_some(local));
        if let Some(file) = file {
            state.open(file);
        }
        state
    }

    pub fn apply(&mut self, command: Command) {
        match command {
            Command::Navigate(id) => {
                // The side list follows the selection, so it shows where the page is.
                if let Some(Item::Entity(kind, _)) = self.index.item(&id)
                    && kind != self.list_kind
                {
                    self.list_kind = kind;
                    self.refresh_derived();
                }
                self.history.visit(id);
            }
            Command::Back => self.history.back(),
            Command::Forward => self.history.forward(),
            Command::ShowKind(kind) => {
                self.list_kind = kind;
                self.refresh_derived();
            }
            Command::SetFilters(filters) => {
                self.filters = filters;
                self.refresh_derived();
            }
            Command::SetLang(lang) => self.lang = lang,
            Command::Open(path) => self.open(path),
            Command::DismissProblems => self.problems = None,
            // Handled by the shell, which owns the dialog thread.
            Command::OpenDialog => {}
        }
    }

    /// Loads `path`. A file with problems is not shown: its diagnostics are, and the
    /// current document stays.
    pub fn open(&mut self, path: PathBuf) {
        let loaded = model::load_files(std::slice::from_ref(&path));
        if loaded.diagnostics.is_empty() {
            self.doc = loaded.doc;
            self.index = loaded.index;
            self.path = Some(path);
            self.revision += 1;
            self.problems = None;
            self.refresh_derived();
        } else {
            self.problems = Some(LoadProblems {
                path,
                diagnostics: loaded.diagnostics,
            });
        }
    }

    /// The item of the current page, if it still exists.
    pub fn current_item(&self) -> Option<model::Item> {
        self.history.current().and_then(|id| self.index.item(id))
    }
}

/// Picks files. Behind a trait so tests never open a dialog, and so the app can run
/// the real dialog off the UI thread (rfd can block when a desktop portal never answers).
pub trait FilePicker: Send + Sync {
    fn pick_evidence_file(&self) -> Option<PathBuf>;
}

/// The native dialog.
pub struct RfdPicker;

impl FilePicker for RfdPicker {
    fn pick_evidence_file(&self) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_title("Open evidence file")
            .add_filter("Paracrine evidence (RON)", &["ron"])
            .pick_file()
    }
}

/// A dialog running on its own thread; polled each frame.
pub struct PendingPick(mpsc::Receiver<Option<PathBuf>>);

impl PendingPick {
    pub fn spawn(picker: std::sync::Arc<dyn FilePicker>) -> Self {
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            // The receiver may be gone if the app closed; nothing to do then.
            let _ = tx.send(picker.pick_evidence_file());
        });
        Self(rx)
    }

    /// `Some(result)` once the dialog has closed.
    pub fn poll(&self) -> Option<Option<PathBuf>> {
        match self.0.try_recv() {
            Ok(result) => Some(result),
            Err(mpsc::TryRecvError::Empty) => None,
            Err(mpsc::TryRecvError::Disconnected) => Some(None),
        }
    }
}

/// Opens the native window.
pub fn run_native(file: Option<PathBuf>) -> ExitCode {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Paracrine")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([640.0, 400.0]),
        ..Default::default()
    };
    let result = eframe::run_native(
        "Paracrine",
        options,
        Box::new(move |cc| {
            Ok(Box::new(crate::ui::ParacrineApp::new(
                cc,
                AppState::startup(file),
                std::sync::Arc::new(RfdPicker),
            )))
        }),
    );
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: could not open the window: {err}");
            ExitCode::FAILURE
        }
    }
}
