//! [`AppState`]: the document, its index and revision, navigation, language, filters and
//! what is derived from them, and the background jobs that load files. Its fields are
//! private: the UI reads accessors and sends [`Command`]s, and `apply` is the one place the
//! state changes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

mod editing;

pub use editing::{AfterUnsaved, Question};

use super::command::Command;
use super::deck::{Deck, Presenter, Slide, SlideContent, open_deck, save_deck};
use super::nav::{NavHistory, Page};
use crate::diagram::Collapse;
use crate::export::png::Rgba;
use crate::export::table::{self, Arrangement, TableFormat, TableRequest, TableSource};
use crate::export::{self, Format, SourceInfo, Subject};
use crate::lang::Lang;
use crate::model::filter::Filters;
use crate::model::{self, Diagnostic, Document, Id, Index, Item, Kind};
use crate::platform::{FilePicker, Job, JobError, NoDialog, NoPicker, Progress};

/// The evidence built into the binary, used when there is no `./evidence.ron`.
pub const EMBEDDED_EVIDENCE: &[u8] = include_bytes!("../../evidence.ron");

/// The name shown for the built-in evidence.
const EMBEDDED_NAME: &str = "<built-in evidence.ron>";

/// Problems found in a file the user tried to open.
#[derive(Debug)]
pub struct LoadProblems {
    /// The file that was not loaded.
    pub path: PathBuf,
    /// The problems listed, in file order (the first [`model::diag::MAX_LISTED`] when
    /// there are more).
    pub diagnostics: Vec<Diagnostic>,
    /// How many more problems were found than are listed.
    pub unlisted: usize,
}

impl LoadProblems {
    /// Every problem found, listed or not.
    pub fn n_problems(&self) -> usize {
        self.diagnostics.len() + self.unlisted
    }
}

/// Why the "open by path" prompt is showing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OpenPrompt {
    /// No system file dialog can be shown on this machine.
    NoDialog,
    /// A system dialog was asked for earlier and has not answered.
    DialogPending,
}

/// Where to write a table: the "save to a path" prompt, shown when no save dialog can
/// be shown (or one never answered).
#[derive(Clone, Debug, PartialEq)]
pub struct SavePrompt {
    /// Why the prompt shows.
    pub reason: OpenPrompt,
    /// The path offered: the export folder and a name that says what the table is.
    pub suggested: PathBuf,
    /// Which table.
    pub source: TableSource,
    /// Its sort and filter text, as on screen.
    pub arrangement: Arrangement,
}

/// A save dialog running in the background, and what its answer is for.
struct SaveDialog {
    job: Job<Result<Option<PathBuf>, NoDialog>>,
    suggested: PathBuf,
    source: TableSource,
    arrangement: Arrangement,
}

/// What a load job hands back.
struct LoadOutcome {
    path: Option<PathBuf>,
    loaded: model::Loaded,
    /// When the file had problems and this load was the start-up one, the built-in
    /// evidence loaded in its place.
    fallback: Option<model::Loaded>,
}

/// A load running in the background.
struct LoadJob {
    path: Option<PathBuf>,
    job: Job<LoadOutcome>,
}

/// Everything the UI shows, independent of egui.
pub struct AppState {
    /// Shared with background jobs (save, snapshot, export, search, validation), which
    /// take a reference instead of a copy; an edit copies it only while one still holds it.
    doc: Arc<Document>,
    index: Index,
    /// Where the document came from (`None` for the built-in copy).
    path: Option<PathBuf>,
    /// Bumped whenever the document changes; caches key on it.
    revision: u64,
    /// Bumped whenever the filters change; caches key on it.
    filters_revision: u64,
    problems: Option<LoadProblems>,
    nav: NavHistory,
    lang: Lang,
    list_kind: Kind,
    filters: Filters,
    /// Whether entity pages include their descendants' claims (roll-up).
    rollup: bool,
    /// Derived from `filters`: which claims pass, one flag per claim.
    claim_visible: Vec<bool>,
    /// Derived: the entities of `list_kind` to list (all, or those with a visible claim).
    list_rows: Vec<usize>,
    /// False until the first document has loaded.
    ready: bool,
    loading: Option<LoadJob>,
    picker: Arc<dyn FilePicker>,
    dialog: Option<Job<Result<Option<PathBuf>, NoDialog>>>,
    open_prompt: Option<OpenPrompt>,
    /// A message about the last job, shown until the next one (e.g. an internal error).
    notice: Option<String>,
    /// The panel shown of each figure visited (by figure id; absent: the first).
    figure_panels: BTreeMap<Id, usize>,
    /// 64-bit FNV-1a of the evidence bytes as loaded (exports cite it).
    hash: u64,
    /// A running export.
    export: Option<Job<Result<String, String>>>,
    /// A diagram being rendered for the clipboard.
    copy: Option<Job<Result<Rgba, String>>>,
    /// A rendered diagram waiting for the UI to put it on the clipboard.
    clipboard: Option<Rgba>,
    /// The deck being built (Add to deck), presented by F5 when it has slides.
    deck: Deck,
    /// The running presentation, if any.
    presenter: Option<Presenter>,
    /// A save dialog asking where to write a table.
    save_dialog: Option<SaveDialog>,
    /// The "save to a path" prompt, if showing.
    save_prompt: Option<SavePrompt>,
    /// A table being made into text for the clipboard (the text, the notice then).
    copy_text: Option<Job<Result<(String, String), String>>>,
    /// Text waiting for the UI to put it on the clipboard, and the notice to show then.
    clipboard_text: Option<(String, String)>,
    /// Edit mode, undo, the document's problems, saving.
    editing: editing::Editing,
}

impl AppState {
    fn empty() -> Self {
        Self {
            doc: Arc::new(Document::default()),
            index: Index::default(),
            path: None,
            revision: 0,
            filters_revision: 0,
            problems: None,
            nav: NavHistory::default(),
            lang: Lang::default(),
            list_kind: Kind::Disease,
            filters: Filters::default(),
            rollup: true,
            claim_visible: Vec::new(),
            list_rows: Vec::new(),
            ready: false,
            loading: None,
            picker: Arc::new(NoPicker),
            dialog: None,
            open_prompt: None,
            notice: None,
            figure_panels: BTreeMap::new(),
            deck: Deck::default(),
            presenter: None,
            hash: 0,
            export: None,
            copy: None,
            clipboard: None,
            save_dialog: None,
            save_prompt: None,
            copy_text: None,
            clipboard_text: None,
            editing: editing::Editing::default(),
        }
    }

    /// The content hash of the evidence as loaded.
    pub fn hash(&self) -> u64 {
        self.hash
    }

    /// Where exports go: `exports/` beside the evidence file (the working folder's for the
    /// built-in evidence).
    pub fn export_folder(&self) -> PathBuf {
        self.path
            .as_deref()
            .and_then(Path::parent)
            .filter(|p| !p.as_os_str().is_empty())
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
            .join("exports")
    }

    /// A rendered diagram for the UI to put on the clipboard (then send
    /// [`Command::ClipboardTaken`]).
    pub fn clipboard_image(&self) -> Option<&Rgba> {
        self.clipboard.as_ref()
    }

    /// Text for the UI to put on the clipboard (then send
    /// [`Command::ClipboardTextTaken`]).
    pub fn clipboard_text(&self) -> Option<&str> {
        self.clipboard_text.as_ref().map(|(text, _)| text.as_str())
    }

    /// The "save to a path" prompt, if showing.
    pub fn save_prompt(&self) -> Option<&SavePrompt> {
        self.save_prompt.as_ref()
    }

    /// The export `source` arranged so, with the filters and language in force.
    fn table_request(&self, source: TableSource, arrangement: Arrangement) -> TableRequest {
        TableRequest {
            source,
            arrangement,
            filters: self.filters.clone(),
            lang: self.lang,
        }
    }

    /// Asks where to write a table: the save dialog in the background, or (a dialog is
    /// already open and has not answered) the path prompt at once.
    fn ask_table_path(&mut self, source: TableSource, arrangement: Arrangement) {
        let request = self.table_request(source, arrangement);
        let name = table::file_name(
            &self.doc,
            &self.index,
            &request,
            self.hash,
            TableFormat::Csv,
        );
        let suggested = self.export_folder().join(name);
        let TableRequest {
            source,
            arrangement,
            ..
        } = request;
        if self.save_dialog.is_some() {
            self.save_prompt = Some(SavePrompt {
                reason: OpenPrompt::DialogPending,
                suggested,
                source,
                arrangement,
            });
            return;
        }
        let picker = Arc::clone(&self.picker);
        let offered = suggested.clone();
        self.save_dialog = Some(SaveDialog {
            job: Job::spawn("save dialog", move |_| picker.pick_save_path(&offered)),
            suggested,
            source,
            arrangement,
        });
    }

    /// Writes a table to `path` in the background (CSV, or TSV for a `.tsv` name; a name
    /// without an extension gets `.csv`); the notice says where, or why not.
    fn start_table_export(&mut self, source: TableSource, arrangement: Arrangement, path: PathBuf) {
        self.save_prompt = None;
        // A dialog still open is superseded: its answer is ignored.
        self.save_dialog = None;
        let request = self.table_request(source, arrangement);
        let (doc, lang, origin) = self.export_inputs();
        let default_folder = self.export_folder();
        let path = if path.extension().is_none() {
            path.with_extension("csv")
        } else {
            path
        };
        self.notice = None;
        self.export = Some(Job::spawn("table export", move |_| {
            let format = TableFormat::from_path(&path).unwrap_or(TableFormat::Csv);
            let index = Index::build(&doc);
            let file = table::export_table(&doc, &index, &request, &origin, format)
                .map_err(|e| e.to_string())?;
            if let Some(folder) = path.parent().filter(|f| *f == default_folder) {
                std::fs::create_dir_all(folder)
                    .map_err(|e| format!("could not create {}: {e}", folder.display()))?;
            }
            let written = export::write_file(&path, &file.bytes).map_err(|e| e.to_string())?;
            Ok(lang.label(
                &format!(
                    "已导出 {} / {} 行：{}",
                    file.n_rows,
                    file.n_total,
                    written.display()
                ),
                &format!(
                    "exported {} of {} rows to {}",
                    file.n_rows,
                    file.n_total,
                    written.display()
                ),
            ))
        }));
    }

    /// Makes a table into tab-separated text for the clipboard, in the background.
    fn start_table_copy(&mut self, source: TableSource, arrangement: Arrangement) {
        let request = self.table_request(source, arrangement);
        let (doc, lang, _) = self.export_inputs();
        self.copy_text = Some(Job::spawn("copy table", move |_| {
            let index = Index::build(&doc);
            let (text, n_rows) =
                table::tsv_of(&doc, &index, &request).map_err(|e| e.to_string())?;
            let message = lang.label(
                &format!("已复制 {n_rows} 行（制表符分隔），可粘贴到电子表格"),
                &format!(
                    "copied {n_rows} rows as tab-separated text, ready to paste into a spreadsheet"
                ),
            );
            Ok((text, message))
        }));
    }

    /// What a background export needs: a copy of the document (the job outlives this
    /// frame's borrow), the language, and the source the footer cites.
    fn export_inputs(&self) -> (Arc<Document>, Lang, SourceInfo) {
        let source = SourceInfo::new(
            self.path
                .as_deref()
                .unwrap_or_else(|| Path::new(EMBEDDED_NAME)),
            self.hash,
        );
        (Arc::clone(&self.doc), self.lang, source)
    }

    /// Renders the current page's diagram (2×, with its footer) for the clipboard.
    fn start_copy(&mut self) {
        let Some(subject) = self.export_subject() else {
            self.notice = Some("nothing to copy here: open a figure or a diagram".to_owned());
            return;
        };
        let (doc, lang, source) = self.export_inputs();
        self.copy = Some(Job::spawn("copy diagram", move |_| {
            let index = Index::build(&doc);
            export::render_rgba(&doc, &index, &subject, 2, lang, &source).map_err(|e| e.to_string())
        }));
    }

    fn present_deck(&mut self, deck: Deck) {
        if !deck.slides.is_empty() {
            let return_to = self.current_page().clone();
            self.presenter = Some(Presenter::new(deck, 0, return_to));
        }
    }

    fn toggle_highlight(&mut self, node: usize) {
        if let Some(presenter) = &mut self.presenter {
            presenter.highlight = (presenter.highlight != Some(node)).then_some(node);
        }
    }

    fn move_slide(&mut self, from: usize, to: usize) {
        let n = self.deck.slides.len();
        if from < n && to < n {
            let slide = self.deck.slides.remove(from);
            self.deck.slides.insert(to, slide);
        }
    }

    fn open_deck_file(&mut self, path: &Path) {
        match open_deck(path) {
            Ok(deck) => {
                self.notice = Some(format!("deck opened: {}", path.display()));
                self.deck = deck;
            }
            Err(message) => self.notice = Some(message),
        }
    }

    fn clipboard_taken(&mut self) {
        if let Some(image) = self.clipboard.take() {
            let [w, h] = image.size;
            self.notice = Some(format!(
                "diagram copied to the clipboard as an image ({w} × {h})"
            ));
        }
    }

    /// Whether an export is running.
    pub fn exporting(&self) -> bool {
        self.export.is_some()
    }

    /// What the current page exports: its figure's shown panel, or its diagram with the
    /// active filters and the groups the reader expanded.
    pub fn export_subject(&self) -> Option<Subject> {
        match self.current_page() {
            Page::Diagram(diagram) => Some(Subject::Entity {
                id: diagram.entity.clone(),
                filters: self.filters.clone(),
                collapse: Collapse {
                    expanded: diagram.expanded.clone(),
                    ..Collapse::default()
                },
            }),
            Page::Item(id) => match self.index.item(id) {
                Some(Item::Figure(figure_idx)) => Some(Subject::Panel {
                    figure_idx,
                    panel_idx: self.panel_of(id),
                }),
                _ => None,
            },
            Page::EvidenceMap(axis) => Some(Subject::EvidenceMap {
                axis: *axis,
                filters: self.filters.clone(),
            }),
            Page::SetDiagram(diagram) => Some(Subject::Claims {
                query: diagram.query.clone(),
                filters: self.filters.clone(),
                collapse: Collapse {
                    expanded: diagram.expanded.clone(),
                    ..Collapse::default()
                },
            }),
            Page::Home | Page::Claims(_) | Page::Conflicts { .. } => None,
        }
    }

    /// Exports every slide of the working deck into `dir`, in the background.
    fn start_deck_export(&mut self, dir: PathBuf) {
        if self.deck.slides.is_empty() {
            self.notice = Some("the deck has no slides to export".to_owned());
            return;
        }
        let (doc, lang, source) = self.export_inputs();
        let deck = self.deck.clone();
        self.notice = None;
        self.export = Some(Job::spawn("deck export", move |_| {
            let index = Index::build(&doc);
            let written = export::deck::export_deck(&doc, &index, &deck, lang, &source, &dir)
                .map_err(|e| e.to_string())?;
            Ok(format!(
                "exported {} files for {} slides into {}",
                written.len(),
                deck.slides.len(),
                dir.display()
            ))
        }));
    }

    /// Exports the current page's diagram as SVG and as PNG at 2× and 4× into `dir`, in
    /// the background; the notice says where it wrote (or why it could not).
    fn start_export(&mut self, dir: PathBuf) {
        let Some(subject) = self.export_subject() else {
            self.notice = Some("nothing to export here: open a figure or a diagram".to_owned());
            return;
        };
        let (doc, lang, source) = self.export_inputs();
        self.notice = None;
        self.export = Some(Job::spawn("export", move |_| {
            let index = Index::build(&doc);
            let mut written = Vec::new();
            for format in [
                Format::Svg,
                Format::Png { scale: 2 },
                Format::Png { scale: 4 },
            ] {
                let rendered = export::render(&doc, &index, &subject, format, lang, &source)
                    .map_err(|e| e.to_string())?;
                let name = match format {
                    Format::Png { scale } => rendered
                        .suggested_name
                        .replace(".png", &format!("@{scale}x.png")),
                    Format::Svg => rendered.suggested_name.clone(),
                };
                std::fs::create_dir_all(&dir)
                    .map_err(|e| format!("could not create {}: {e}", dir.display()))?;
                let path = export::write_file(&dir.join(&name), &rendered.bytes)
                    .map_err(|e| e.to_string())?;
                written.push(
                    path.file_name()
                        .map_or_else(|| name.clone(), |n| n.to_string_lossy().into_owned()),
                );
            }
            Ok(format!(
                "exported to {}: {}",
                dir.display(),
                written.join(", ")
            ))
        }));
    }

    /// The working deck.
    pub fn deck(&self) -> &Deck {
        &self.deck
    }

    /// The running presentation, if any.
    pub fn presenter(&self) -> Option<&Presenter> {
        self.presenter.as_ref()
    }

    /// The slide content for the current page: a figure's shown panel, a diagram, or a
    /// record's page (`None` on the welcome page).
    pub fn current_slide_content(&self) -> Option<SlideContent> {
        match self.current_page() {
            Page::Home
            | Page::Claims(_)
            | Page::SetDiagram(_)
            | Page::EvidenceMap(_)
            | Page::Conflicts { .. } => None,
            Page::Diagram(diagram) => Some(SlideContent::Diagram {
                entity: diagram.entity.clone(),
            }),
            Page::Item(id) => Some(self.slide_content_of(id)),
        }
    }

    fn slide_content_of(&self, id: &str) -> SlideContent {
        if let Some(Item::Figure(idx)) = self.index.item(id)
            && let Some(panel) = self
                .doc
                .figures
                .get(idx)
                .and_then(|f| f.panels.get(self.panel_of(id)))
        {
            return SlideContent::Panel {
                figure: id.into(),
                panel: panel.label.clone(),
            };
        }
        SlideContent::Page { id: id.into() }
    }

    /// What F5 presents: the working deck when it has slides (from the current page's
    /// slide if it holds one); else the deck of the current figure's or table's review
    /// (from the current panel or table); else the navigation trail (from its end).
    pub fn start_presenting(&mut self) {
        let here = self.current_slide_content();
        let return_to = self.current_page().clone();
        let at = |deck: &Deck| {
            here.as_ref()
                .and_then(|c| deck.slides.iter().position(|s| s.content == *c))
        };
        let (deck, start) = if !self.deck.slides.is_empty() {
            let start = at(&self.deck).unwrap_or(0);
            (self.deck.clone(), start)
        } else if let Some(review) = self.current_review() {
            let deck = Deck::for_review(&self.doc, &review);
            let start = at(&deck).unwrap_or(0);
            (deck, start)
        } else {
            let deck =
                super::deck::from_trail(self.nav.trail(), |id| match self.slide_content_of(id) {
                    SlideContent::Panel { panel, .. } => Some(panel),
                    SlideContent::Diagram { .. } | SlideContent::Page { .. } => None,
                });
            let start = deck.slides.len().saturating_sub(1);
            (deck, start)
        };
        if !deck.slides.is_empty() {
            self.presenter = Some(Presenter::new(deck, start, return_to));
        }
    }

    /// The review of the current figure or table page.
    fn current_review(&self) -> Option<Id> {
        match self.current_item()? {
            Item::Figure(idx) => self.doc.figures.get(idx).map(|f| f.review.clone()),
            Item::Table(idx) => self.doc.tables.get(idx).map(|t| t.review.clone()),
            Item::Entity(..) | Item::Claim(_) => None,
        }
        .filter(|r| !r.is_empty())
    }

    /// The index of the panel shown of figure `figure` (0 until another is selected;
    /// clamped to the figure's panels).
    pub fn panel_of(&self, figure: &str) -> usize {
        let n_panels = match self.index.item(figure) {
            Some(Item::Figure(idx)) => self.doc.figures.get(idx).map_or(0, |f| f.panels.len()),
            _ => 0,
        };
        self.figure_panels
            .get(figure)
            .copied()
            .unwrap_or(0)
            .min(n_panels.saturating_sub(1))
    }

    /// The built-in evidence, loaded now. Loading it cannot fail at run time: a test
    /// checks it is clean.
    pub fn embedded() -> Self {
        Self::from_bytes(Path::new(EMBEDDED_NAME), EMBEDDED_EVIDENCE)
    }

    /// State over an in-memory file, loaded now; its problems, if any, are shown.
    pub fn from_bytes(path: &Path, bytes: &[u8]) -> Self {
        Self::from_loaded(path, model::load_bytes(path, bytes))
    }

    /// State over the file at `path`, read and loaded now (tests and tools; the app loads
    /// in the background). A file that cannot be read is shown as a problem.
    pub fn load_now(path: &Path) -> Self {
        let loaded = model::load_files(&[path.to_path_buf()]);
        let stamp = model::io::Stamp::after_load(&loaded);
        let mut state = Self::from_loaded(path, loaded);
        if state.problems.is_none() {
            state.path = Some(path.to_path_buf());
            state.editing.stamp = Some(stamp);
        }
        state
    }

    /// State over an already loaded document (benchmarks and tests build these).
    pub fn from_loaded(path: &Path, loaded: model::Loaded) -> Self {
        let mut state = Self::empty();
        if !loaded.diagnostics.is_empty() {
            state.problems = Some(LoadProblems {
                path: path.to_path_buf(),
                diagnostics: loaded.diagnostics,
                unlisted: loaded.unlisted,
            });
        }
        state.doc = Arc::new(loaded.doc);
        state.index = loaded.index;
        state.hash = loaded.hash;
        state.ready = true;
        state.refresh_derived();
        state
    }

    /// The state before anything is loaded or running: the window draws its first frame
    /// from it (a loading screen) and, once that frame is shown, starts the load with
    /// [`Self::begin_startup_load`] (and [`Self::warm_font_measure`]), so neither
    /// competes with the window's start-up for the processor.
    pub fn before_load() -> Self {
        Self::empty()
    }

    /// Starts loading `file`, else `./evidence.ron` when present, else the built-in copy.
    /// The file is read once, in the background. When it has problems they are shown over
    /// the built-in evidence.
    pub fn begin_startup_load(&mut self, file: Option<PathBuf>) {
        let local = PathBuf::from("evidence.ron");
        let file = file.or_else(|| local.exists().then_some(local));
        self.start_load(file, true);
    }

    /// Builds the diagram font measure (its pair kerning takes tens of ms) on a thread
    /// of its own, so the first diagram does not wait for it. Nothing waits for this
    /// thread; if it fails, the first diagram builds the measure itself.
    pub fn warm_font_measure() {
        let _ = std::thread::Builder::new()
            .name("font measure".into())
            .spawn(|| {
                let _ = crate::diagram::FontMeasure::bundled();
            });
    }

    /// Uses `picker` for File ▸ Open.
    pub fn set_picker(&mut self, picker: Arc<dyn FilePicker>) {
        self.picker = picker;
    }

    /// The document shown.
    pub fn doc(&self) -> &Document {
        &self.doc
    }

    /// The document's index (lookups, backlinks, search).
    pub fn index(&self) -> &Index {
        &self.index
    }

    /// Where the document came from (`None` for the built-in copy): a file, or a folder.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Whether the document is an evidence folder (its files opened as one document;
    /// saving writes each record back to its file).
    pub fn is_folder(&self) -> bool {
        self.editing
            .stamp
            .as_ref()
            .is_some_and(|stamp| stamp.layout().is_some())
    }

    /// The document revision: bumped whenever the document changes.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Whether entity pages include their descendants' claims (roll-up; on by default).
    pub fn rollup(&self) -> bool {
        self.rollup
    }

    /// Bumped whenever the filters or the roll-up switch change.
    pub fn filters_revision(&self) -> u64 {
        self.filters_revision
    }

    /// Problems of a file that could not be opened.
    pub fn problems(&self) -> Option<&LoadProblems> {
        self.problems.as_ref()
    }

    /// The navigation history.
    pub fn nav(&self) -> &NavHistory {
        &self.nav
    }

    /// The page shown now.
    pub fn current_page(&self) -> &Page {
        self.nav.current().unwrap_or(&Page::Home)
    }

    /// The display language.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// The kind listed in the side panel.
    pub fn list_kind(&self) -> Kind {
        self.list_kind
    }

    /// The claim filters.
    pub fn filters(&self) -> &Filters {
        &self.filters
    }

    /// False until the first document has loaded (the window shows progress meanwhile).
    pub fn is_ready(&self) -> bool {
        self.ready
    }

    /// The running load, as (what, progress), if any.
    pub fn loading(&self) -> Option<(&Path, &Progress)> {
        self.loading.as_ref().map(|load| {
            let path = load
                .path
                .as_deref()
                .unwrap_or_else(|| Path::new(EMBEDDED_NAME));
            (path, load.job.progress())
        })
    }

    /// Whether a system file dialog is open.
    pub fn dialog_pending(&self) -> bool {
        self.dialog.is_some()
    }

    /// Why the "open by path" prompt shows, if it does.
    pub fn open_prompt(&self) -> Option<OpenPrompt> {
        self.open_prompt
    }

    /// A message about the last background job, if any.
    pub fn notice(&self) -> Option<&str> {
        self.notice.as_deref()
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

    /// How many claims mentioning `item` pass the filters.
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

    /// The item of the current page, if it still exists.
    pub fn current_item(&self) -> Option<Item> {
        self.current_page().id().and_then(|id| self.index.item(id))
    }

    /// The id of the current page's record, if it has one.
    pub fn current_id(&self) -> Option<&str> {
        self.current_page().id()
    }

    /// Applies one command. The one place the state changes.
    // One short arm per command: splitting the match would hide which command does what.
    #[allow(clippy::too_many_lines)]
    pub fn apply(&mut self, command: Command) {
        match command {
            Command::Navigate(page) => {
                // The side list follows the selection, so it shows where the page is.
                if let Some(Item::Entity(kind, _)) = page.id().and_then(|id| self.index.item(id))
                    && kind != self.list_kind
                {
                    self.list_kind = kind;
                    self.refresh_derived();
                }
                self.nav.visit(page);
            }
            Command::ReplacePage(page) => self.nav.replace_current(page),
            Command::SelectPanel { figure, panel } => {
                self.figure_panels.insert(figure, panel);
            }
            Command::StartPresenting => self.start_presenting(),
            Command::Export(dir) => self.start_export(dir),
            Command::ExportDeck(dir) => self.start_deck_export(dir),
            Command::CopyDiagram => self.start_copy(),
            Command::ClipboardTaken => self.clipboard_taken(),
            command @ (Command::ExportTable { .. }
            | Command::CopyTable { .. }
            | Command::ClipboardTextTaken
            | Command::DismissSavePrompt) => self.apply_table_command(command),
            Command::SaveDeck(path) => self.notice = Some(save_deck(&path, &self.deck)),
            Command::OpenDeck(path) => self.open_deck_file(&path),
            Command::PresentDeck(deck) => self.present_deck(deck),
            Command::PresentKey(key, layers) => {
                if let Some(presenter) = &mut self.presenter {
                    presenter.press(key, layers);
                }
            }
            Command::PresentHighlight(node) => self.toggle_highlight(node),
            Command::StopPresenting => {
                if let Some(presenter) = self.presenter.take() {
                    self.nav.visit(presenter.return_to);
                }
            }
            Command::AddToDeck => {
                if let Some(content) = self.current_slide_content() {
                    self.deck.slides.push(Slide::new(content));
                }
            }
            Command::SetDeck(deck) => self.deck = deck,
            Command::RemoveSlide(n) => {
                if n < self.deck.slides.len() {
                    self.deck.slides.remove(n);
                }
            }
            Command::MoveSlide { from, to } => self.move_slide(from, to),
            Command::NoteSlide(n, notes) => {
                if let Some(slide) = self.deck.slides.get_mut(n) {
                    slide.notes = notes;
                }
            }
            Command::TitleSlide(n, title) => {
                if let Some(slide) = self.deck.slides.get_mut(n) {
                    slide.title = title;
                }
            }
            Command::Back => self.nav.back(),
            Command::Forward => self.nav.forward(),
            Command::ShowKind(kind) => {
                self.list_kind = kind;
                self.refresh_derived();
            }
            Command::SetFilters(filters) => {
                if filters != self.filters {
                    self.filters = filters;
                    self.filters_revision += 1;
                    self.refresh_derived();
                }
            }
            Command::SetRollup(rollup) => {
                if rollup != self.rollup {
                    self.rollup = rollup;
                    self.filters_revision += 1;
                }
            }
            Command::SetLang(lang) => self.lang = lang,
            Command::OpenDialog => self.open_dialog(false),
            Command::OpenFolderDialog => self.open_dialog(true),
            Command::ShowOpenPrompt => {
                self.open_prompt = Some(if self.dialog.is_some() {
                    OpenPrompt::DialogPending
                } else {
                    OpenPrompt::NoDialog
                });
            }
            Command::DismissOpenPrompt => self.open_prompt = None,
            Command::Open(path) => {
                if !self.may_replace_document(AfterUnsaved::Open(path.clone())) {
                    return;
                }
                self.open_prompt = None;
                // A dialog still open elsewhere is superseded: its answer is ignored.
                self.dialog = None;
                self.start_load(Some(path), false);
            }
            Command::DismissProblems => self.problems = None,
            Command::SetEditMode(on) => {
                self.editing.on = on;
                if on && self.editing.validated != Some(self.revision) {
                    self.revalidate();
                }
            }
            Command::Edit { txn, burst } => self.commit(txn, burst),
            Command::Undo => self.undo_or_redo(true),
            Command::Redo => self.undo_or_redo(false),
            Command::Delete { id, remove_refs } => self.delete(&id, remove_refs),
            Command::Rename { old, new } => self.rename(&old, &new),
            Command::Create(record) => self.create(*record),
            Command::LookAtDisk => self.editing.checked_at = None,
            Command::NewClaimFromRow { table, row } => self.new_claim_from_row(&table, row),
            Command::Save {
                path,
                allow_problems,
            } => {
                // What the question being answered already showed the user.
                let (then, disk_checked) = match self.editing.question.take() {
                    Some(Question::SaveWithProblems { then, comments, .. }) => {
                        (then, comments.is_some())
                    }
                    Some(Question::ExternalChange { .. }) => (None, true),
                    Some(
                        Question::Delete { .. }
                        | Question::UnsavedChanges { .. }
                        | Question::Restore { .. }
                        | Question::SavePath { .. },
                    )
                    | None => (None, false),
                };
                self.save(path, allow_problems, disk_checked, then);
            }
            Command::SaveAsDialog(suggested) => self.save_as_dialog(suggested),
            Command::RequestClose => self.request_close(),
            Command::AnswerUnsaved(answer) => self.answer_unsaved(answer),
            Command::DismissQuestion => self.editing.question = None,
            Command::ReloadFromDisk => self.reload_from_disk(),
            Command::AnswerRestore(restore) => self.answer_restore(restore),
        }
    }

    /// The table commands: export (asking where when no path is given), copy, the
    /// clipboard hand-over and the path prompt.
    fn apply_table_command(&mut self, command: Command) {
        if let Command::ExportTable {
            source,
            sort,
            filter,
            path,
        } = command
        {
            let arrangement = Arrangement { sort, filter };
            match path {
                Some(path) => self.start_table_export(source, arrangement, path),
                None => self.ask_table_path(source, arrangement),
            }
        } else if let Command::CopyTable {
            source,
            sort,
            filter,
        } = command
        {
            self.start_table_copy(source, Arrangement { sort, filter });
        } else if command == Command::ClipboardTextTaken {
            if let Some((_, message)) = self.clipboard_text.take() {
                self.notice = Some(message);
            }
        } else if command == Command::DismissSavePrompt {
            self.save_prompt = None;
        }
    }

    /// Shows the system file (or folder) dialog in the background. When one is already
    /// open (a dialog that never answers must not block File ▸ Open), offers the path
    /// prompt.
    fn open_dialog(&mut self, folder: bool) {
        if self.dialog.is_some() {
            self.open_prompt = Some(OpenPrompt::DialogPending);
            return;
        }
        let picker = Arc::clone(&self.picker);
        self.dialog = Some(Job::spawn("file dialog", move |_| {
            if folder {
                picker.pick_evidence_folder()
            } else {
                picker.pick_evidence_file()
            }
        }));
    }

    fn start_load(&mut self, path: Option<PathBuf>, fall_back_to_embedded: bool) {
        let job_path = path.clone();
        let label = match &path {
            Some(path) => format!("loading {}", path.display()),
            None => "loading the built-in evidence".to_owned(),
        };
        // An unchanged file reopens from the cache (see `model::io::cache`).
        let cache_dir = model::io::cache::default_dir();
        let job = Job::spawn(label, move |progress| {
            let loaded = match &job_path {
                Some(path) => {
                    let paths = std::slice::from_ref(path);
                    // The evidence shows first; search follows in the background.
                    let search = model::Search::Later;
                    model::load_files_cached_with(paths, cache_dir.as_deref(), progress, search).0
                }
                None => {
                    model::load_bytes_with(Path::new(EMBEDDED_NAME), EMBEDDED_EVIDENCE, progress)
                }
            };
            let fallback =
                (fall_back_to_embedded && job_path.is_some() && !loaded.diagnostics.is_empty())
                    .then(|| model::load_bytes(Path::new(EMBEDDED_NAME), EMBEDDED_EVIDENCE));
            LoadOutcome {
                path: job_path,
                loaded,
                fallback,
            }
        });
        // A newer load replaces an older one still running; the older result is dropped.
        self.loading = Some(LoadJob { path, job });
    }

    /// Takes the results of finished background jobs. Call once per frame; returns
    /// whether a job is still running (so the caller keeps repainting).
    pub fn poll_jobs(&mut self) -> bool {
        if let Some(dialog) = &self.dialog
            && let Some(result) = dialog.poll()
        {
            self.dialog = None;
            match result {
                Ok(Ok(Some(path))) => self.apply(Command::Open(path)),
                Ok(Ok(None)) => {}
                Ok(Err(NoDialog)) => self.open_prompt = Some(OpenPrompt::NoDialog),
                Err(err) => {
                    self.notice = Some(err.to_string());
                    self.open_prompt = Some(OpenPrompt::NoDialog);
                }
            }
        }
        self.poll_table_jobs();
        let saving = self.poll_save();
        self.poll_external_change();
        let refreshing = self.poll_refresh();
        let snapshotting = self.poll_snapshot();
        if let Some(export) = &self.export
            && let Some(result) = export.poll()
        {
            self.export = None;
            self.notice = Some(match result {
                Ok(Ok(message) | Err(message)) => message,
                Err(err) => err.to_string(),
            });
        }
        if let Some(copy) = &self.copy
            && let Some(result) = copy.poll()
        {
            self.copy = None;
            match result {
                Ok(Ok(image)) => self.clipboard = Some(image),
                Ok(Err(message)) => self.notice = Some(message),
                Err(err) => self.notice = Some(err.to_string()),
            }
        }
        if let Some(load) = &self.loading
            && let Some(result) = load.job.poll()
        {
            let path = load.path.clone();
            self.loading = None;
            self.finish_load(path, result);
        }
        saving
            || refreshing
            || snapshotting
            || self.loading.is_some()
            || self.dialog.is_some()
            || self.save_dialog.is_some()
            || self.copy_text.is_some()
            || self.clipboard_text.is_some()
            || self.export.is_some()
            || self.copy.is_some()
            || self.clipboard.is_some()
    }

    /// Takes the answer of the save dialog and the text made for the clipboard.
    fn poll_table_jobs(&mut self) {
        if let Some(dialog) = &self.save_dialog
            && let Some(result) = dialog.job.poll()
        {
            let Some(SaveDialog {
                suggested,
                source,
                arrangement,
                ..
            }) = self.save_dialog.take()
            else {
                return;
            };
            let prompt = |reason| SavePrompt {
                reason,
                suggested: suggested.clone(),
                source: source.clone(),
                arrangement: arrangement.clone(),
            };
            match result {
                Ok(Ok(Some(path))) => self.start_table_export(source, arrangement, path),
                Ok(Ok(None)) => {}
                Ok(Err(NoDialog)) => self.save_prompt = Some(prompt(OpenPrompt::NoDialog)),
                Err(err) => {
                    self.notice = Some(err.to_string());
                    self.save_prompt = Some(prompt(OpenPrompt::NoDialog));
                }
            }
        }
        if let Some(copy) = &self.copy_text
            && let Some(result) = copy.poll()
        {
            self.copy_text = None;
            match result {
                Ok(Ok(text)) => self.clipboard_text = Some(text),
                Ok(Err(message)) => self.notice = Some(message),
                Err(err) => self.notice = Some(err.to_string()),
            }
        }
    }

    /// Blocks until the running load has finished and takes its result, with the search
    /// index it left for later (tests and benchmarks; the window polls instead).
    pub fn finish_jobs(&mut self) {
        if let Some(load) = self.loading.take() {
            let result = load.job.wait();
            self.finish_load(load.path, result);
            self.finish_refresh();
        }
    }

    fn finish_load(&mut self, path: Option<PathBuf>, result: Result<LoadOutcome, JobError>) {
        let outcome = match result {
            Ok(outcome) => outcome,
            Err(err) => {
                self.notice = Some(err.to_string());
                if !self.ready {
                    let loaded = model::load_bytes(Path::new(EMBEDDED_NAME), EMBEDDED_EVIDENCE);
                    self.replace_document(None, loaded);
                }
                return;
            }
        };
        // A reload because the file changed on disk says so once it is done.
        self.notice = self.editing.after_reload.take();
        let LoadOutcome {
            path: loaded_path,
            loaded,
            fallback,
        } = outcome;
        let shown_path = loaded_path.or(path);
        if loaded.diagnostics.is_empty() {
            self.problems = None;
            self.replace_document(shown_path, loaded);
            return;
        }
        self.problems = Some(LoadProblems {
            path: shown_path
                .clone()
                .unwrap_or_else(|| PathBuf::from(EMBEDDED_NAME)),
            diagnostics: loaded.diagnostics,
            unlisted: loaded.unlisted,
        });
        if let Some(fallback) = fallback {
            self.replace_document(None, fallback);
        } else if !self.ready {
            // The built-in evidence itself had problems (a broken build): show what loaded.
            let loaded = model::Loaded {
                diagnostics: Vec::new(),
                unlisted: 0,
                ..loaded
            };
            self.replace_document(None, loaded);
        }
    }

    /// The one place a new document takes over: bump the revision, forget pages whose
    /// records are gone, refresh everything derived.
    fn replace_document(&mut self, path: Option<PathBuf>, loaded: model::Loaded) {
        let stamp = model::io::Stamp::after_load(&loaded);
        let old_doc = std::mem::replace(&mut self.doc, Arc::new(loaded.doc));
        let old_index = std::mem::replace(&mut self.index, loaded.index);
        crate::platform::drop_in_background((old_doc, old_index));
        self.hash = loaded.hash;
        self.path = path;
        self.revision += 1;
        self.ready = true;
        self.editing.undo.forget(true);
        self.editing.question = None;
        self.editing.stamp = self.path.as_ref().map(|_| stamp);
        self.editing.snapshot = None;
        // The loader has just validated this document; the editor's own, field-anchored
        // problems are computed when editing starts (not twice at every load).
        self.editing.validated = None;
        self.editing.refreshing = None;
        // A search index left for later is built by the background refresh, at once.
        self.editing.stale_since = loaded.search_deferred.then(editing::refresh_due_now);
        self.editing.problems_lag = false;
        self.editing.problems.clear();
        self.editing.more_problems = 0;
        if self.editing.on {
            self.revalidate();
        }
        let index = &self.index;
        self.nav
            .retain(|page| page.id().is_none_or(|id| index.item(id).is_some()));
        self.refresh_derived();
        self.offer_recovery();
    }
}
