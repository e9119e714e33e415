//! Editing: edit mode, the one mutation path ([`AppState::commit`]), undo and redo, the
//! document's problems as you type, delete and rename with their references, saving in
//! the background, and the questions asked before data could be lost.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::AppState;
use crate::app::command::{CloseAnswer, Command};
use crate::app::nav::Page;
use crate::app::undo::UndoStack;
use crate::model::edit::{self, Edit, OnReferences, RefusedEdit, Transaction};
use crate::model::refs::Referrer;
use crate::model::search::SearchIndex;
use crate::model::{self, Document, Id, Index, Problem, validate};
use crate::platform::{Job, NoDialog};

/// How many of the document's problems the editor keeps (the rest are counted).
const MAX_PROBLEMS: usize = 5_000;

/// Documents with more ids than this find their problems after an edit in the
/// background (a moment later) rather than in the edit's frame; smaller ones at once (a
/// few milliseconds). The search index always follows in the background.
pub const BACKGROUND_ABOVE: usize = 20_000;

/// How long after the last edit the background refresh starts (typing is not
/// interrupted by a refresh per keystroke).
const SETTLE: Duration = Duration::from_millis(300);

/// What the background refresh found for a revision of the document.
type Refreshed = (SearchIndex, Option<(Vec<Problem>, usize)>);

/// A system file dialog running in the background.
type DialogJob = Job<Result<Option<PathBuf>, NoDialog>>;

/// Edit mode, undo, the document's problems and saving.
pub(super) struct Editing {
    /// Edit mode is on (read-only is the default).
    pub(super) on: bool,
    pub(super) undo: UndoStack,
    /// The document's problems now (the validator `paracrine check` runs), anchored to
    /// records and fields.
    pub(super) problems: Vec<Problem>,
    /// The revision `problems` were found in (`None`: not checked since the load).
    pub(super) validated: Option<u64>,
    /// Problems found beyond [`MAX_PROBLEMS`].
    pub(super) more_problems: usize,
    /// A save running in the background: the undo step it saves, where, and the result.
    pub(super) saving: Option<SaveJob>,
    /// A question waiting for the user.
    pub(super) question: Option<Question>,
    /// The window should close (set once unsaved changes were saved or discarded).
    pub(super) close_now: bool,
    /// What the file on disk was when last loaded or saved, to notice changes behind the
    /// app's back (another curator, `git pull`); for a folder, every file's stamp and
    /// every record's file, which saving writes back to.
    pub(super) stamp: Option<model::io::Stamp>,
    /// The content hash of a changed file the user was already told about (polling does
    /// not ask again about it; saving over it still does).
    pub(super) told: Option<u64>,
    /// The app's data folder, for crash-recovery snapshots (`None`: no snapshots).
    pub(super) data_dir: Option<PathBuf>,
    /// The revision last snapshotted, and when.
    pub(super) snapshot: Option<(u64, Instant)>,
    /// A snapshot being written.
    pub(super) snapshotting: Option<Job<Result<PathBuf, String>>>,
    /// The notice to show when a reload of a file changed on disk finishes.
    pub(super) after_reload: Option<String>,
    /// A look at the file on disk, running.
    pub(super) watching: Option<Watch>,
    /// When the file was last checked for such changes.
    pub(super) checked_at: Option<Instant>,
    /// The Save As dialog, running in the background, and the path it offered.
    pub(super) save_as: Option<(DialogJob, PathBuf)>,
    /// Since when the search index lags behind the document (an edit in place; it is
    /// rebuilt in the background once edits settle).
    pub(super) stale_since: Option<Instant>,
    /// The problems lag too (documents above [`BACKGROUND_ABOVE`] ids).
    pub(super) problems_lag: bool,
    /// The background refresh running, and the revision it is for.
    pub(super) refreshing: Option<(u64, Job<Refreshed>)>,
    /// The size above which refreshes go to the background (tests lower it).
    pub(super) background_above: usize,
    /// Search indices installed by a refresh (caches of search results key on it with
    /// the revision: a refresh changes what a query finds, not the document).
    pub(super) search_installs: u64,
}

impl Default for Editing {
    fn default() -> Self {
        Self {
            on: false,
            undo: UndoStack::new(),
            problems: Vec::new(),
            more_problems: 0,
            validated: None,
            saving: None,
            question: None,
            close_now: false,
            save_as: None,
            stamp: None,
            checked_at: None,
            told: None,
            watching: None,
            after_reload: None,
            data_dir: None,
            snapshot: None,
            snapshotting: None,
            stale_since: None,
            problems_lag: false,
            refreshing: None,
            search_installs: 0,
            background_above: BACKGROUND_ABOVE,
        }
    }
}

pub(super) struct SaveJob {
    job: Job<Result<Saved, String>>,
    marker: u64,
    path: PathBuf,
    /// What follows once it is written.
    then: Option<AfterUnsaved>,
}

/// What a save job did.
enum Saved {
    /// Wrote the file: the notice, and the new file's stamp.
    Written(String, model::io::Stamp),
    /// Wrote some of a folder's files, then failed: the notice, and the stamps now.
    Partly(String, model::io::Stamp),
    /// Wrote nothing: the file changed on disk since it was loaded or saved; its
    /// content hash, and the differences in words.
    ChangedOnDisk(u64, String),
    /// Wrote nothing: the file has comments a rewrite would drop, in words.
    Comments(String),
}

/// What a look at the file on disk found (in the background).
pub(super) enum Seen {
    /// As stamped.
    Same,
    /// No file any more.
    Gone,
    /// Other content: its hash and the document it holds.
    Changed(u64, Box<model::Document>),
}

/// A look at the file on disk, running: the job (the stamp after it, what it saw) and
/// the stamp it started from.
pub(super) type Watch = (Job<(model::io::Stamp, Seen)>, model::io::Stamp);

/// A question the editor asks before going on.
#[derive(Clone, Debug, PartialEq)]
pub enum Question {
    /// Others refer to the record to delete: delete it and the references, or cancel.
    Delete {
        /// The record.
        id: Id,
        /// Who refers to it.
        referrers: Vec<Referrer>,
        /// Some must refer to it (a review's studies): it cannot be deleted until they
        /// are re-pointed or deleted.
        blocked: bool,
    },
    /// The document has problems, or the file has comments a save would drop: save
    /// anyway (as a draft), or cancel.
    SaveWithProblems {
        /// How many problems.
        n: usize,
        /// The comments that would be dropped, in words ("3 comments would be dropped:
        /// evidence.ron:12:3, …").
        comments: Option<String>,
        /// What follows once saved.
        then: Option<AfterUnsaved>,
        /// Where (`None`: the file it came from).
        path: Option<PathBuf>,
    },
    /// Unsaved changes and the window is closing (or another file is opening).
    UnsavedChanges {
        /// What happens after Save or Discard.
        then: AfterUnsaved,
    },
    /// The file changed on disk since it was loaded or saved, and there are unsaved
    /// changes: reload, save elsewhere, overwrite, or keep editing.
    ExternalChange {
        /// The file.
        path: PathBuf,
        /// The differences between the document in the app and the file now, in words
        /// ("claim c003-…: level Animal → HumanCase; 2 claims added").
        differences: String,
    },
    /// Unsaved edits of this file were found from a session that ended without saving:
    /// restore them, or discard them.
    Restore {
        /// The evidence file.
        path: PathBuf,
        /// How long ago the snapshot was taken, in seconds.
        age_secs: u64,
        /// The file changed on disk since the snapshot was taken.
        changed_since: bool,
    },
    /// Where to save (no save dialog could be shown, or the evidence is the built-in
    /// copy): a path typed by the user.
    SavePath {
        /// The path offered.
        suggested: PathBuf,
    },
}

/// What follows the unsaved-changes question.
#[derive(Clone, Debug, PartialEq)]
pub enum AfterUnsaved {
    /// Close the window.
    Close,
    /// Open this file.
    Open(PathBuf),
}

impl AppState {
    /// Edit mode is on.
    pub fn edit_mode(&self) -> bool {
        self.editing.on
    }

    /// There are changes not yet saved.
    pub fn is_dirty(&self) -> bool {
        self.editing.undo.is_dirty()
    }

    /// What Undo would undo, if anything.
    pub fn undo_label(&self) -> Option<&str> {
        self.editing.undo.undo_label()
    }

    /// What Redo would redo, if anything.
    pub fn redo_label(&self) -> Option<&str> {
        self.editing.undo.redo_label()
    }

    /// The document's problems now, and how many more there are.
    pub fn doc_problems(&self) -> (&[Problem], usize) {
        (&self.editing.problems, self.editing.more_problems)
    }

    /// The problems of the record `id` (for the form beside its fields).
    pub fn problems_of<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a Problem> + 'a {
        self.editing.problems.iter().filter(move |p| p.id == id)
    }

    /// The question the editor is asking, if any.
    pub fn question(&self) -> Option<&Question> {
        self.editing.question.as_ref()
    }

    /// A save is running.
    pub fn is_saving(&self) -> bool {
        self.editing.saving.is_some()
    }

    /// True once the window may close (unsaved changes saved or discarded).
    pub fn should_close(&self) -> bool {
        self.editing.close_now
    }

    /// Renames a record and every reference to it.
    pub(super) fn rename(&mut self, old: &str, new: &str) {
        match edit::rename(&self.doc, &self.index, old, new) {
            Ok(txn) => self.commit(txn, None),
            Err(err) => self.notice = Some(err.to_string()),
        }
    }

    /// Adds a record (and shows it).
    pub(super) fn create(&mut self, record: crate::model::Record) {
        let id = Id::from(record.id());
        let txn = edit::create(&self.doc, record);
        self.commit(txn, None);
        if self.index.item(&id).is_some() {
            self.nav.visit(Page::Item(id));
        }
    }

    /// A claim made from a table row, listed in the row, in one step; then shown.
    pub(super) fn new_claim_from_row(&mut self, table_id: &str, row: usize) {
        let Some(txn) = edit::claim_from_row(&self.doc, &self.index, table_id, row) else {
            self.notice = Some(format!("table {table_id} has no row {}", row + 1));
            return;
        };
        let id = txn.focus.clone();
        self.commit(txn, None);
        if let Some(id) = id.filter(|id| self.index.item(id).is_some()) {
            self.nav.visit(Page::Item(id));
        }
    }

    /// The window is asked to close: at once when everything is saved, else ask.
    pub(super) fn request_close(&mut self) {
        if self.is_dirty() {
            self.editing.question = Some(Question::UnsavedChanges {
                then: AfterUnsaved::Close,
            });
        } else {
            self.editing.close_now = true;
        }
    }

    /// The one place the document changes by editing: apply `txn`, record it for undo,
    /// bump the revision, rebuild the index, revalidate and refresh what is derived. A
    /// transaction that no longer applies (the document changed under it) changes
    /// nothing and says so.
    pub(super) fn commit(&mut self, txn: Transaction, burst: Option<String>) {
        if txn.is_noop() {
            return;
        }
        if let Err(err) = txn.apply(Arc::make_mut(&mut self.doc)) {
            self.notice = Some(err.to_string());
            return;
        }
        let focus = txn.focus.clone();
        self.document_edited(focus, &txn.edits);
        self.editing.undo.push(txn, burst, Instant::now());
    }

    /// Undo (or redo) one step, and show the page where it happened.
    pub(super) fn undo_or_redo(&mut self, undo: bool) {
        let txn = if undo {
            self.editing.undo.undo()
        } else {
            self.editing.undo.redo()
        };
        let Some(txn) = txn else {
            return;
        };
        if let Err(err) = txn.apply(Arc::make_mut(&mut self.doc)) {
            // Cannot happen through the one mutation path; never apply half of it.
            self.editing.undo.forget(false);
            self.notice = Some(format!(
                "{err}; the undo history was cleared so nothing is overwritten"
            ));
            return;
        }
        let focus = txn.focus.clone();
        self.document_edited(focus.clone(), &txn.edits);
        if let Some(id) = focus
            && self.index.item(&id).is_some()
            && self.current_id() != Some(id.as_str())
        {
            self.nav.visit(Page::Item(id));
        }
    }

    /// What follows any change of the document: new revision, index, problems, derived
    /// data; pages of vanished records forgotten; the page of a renamed record followed.
    fn document_edited(&mut self, focus: Option<Id>, edits: &[Edit]) {
        self.revision += 1;
        // Records that stay in place (the usual edit: a field of one record) update the
        // lookup tables in place; anything that moves records or ids rebuilds them.
        if self.index.update_links(&self.doc, edits) {
            // The search index lags a moment behind (rebuilt in the background once
            // edits settle); positions did not move, so what the old one finds is still
            // where it says. Problems are found at once unless the document is large.
            self.editing.stale_since = Some(Instant::now());
            self.editing.problems_lag = self.index.n_ids() > self.editing.background_above;
            if !self.editing.problems_lag {
                self.revalidate();
            }
        } else {
            self.index = Index::build(&self.doc);
            self.editing.stale_since = None;
            self.revalidate();
        }
        let index = &self.index;
        let current_gone = self
            .current_page()
            .id()
            .is_some_and(|id| index.item(id).is_none());
        self.nav
            .retain(|page| page.id().is_none_or(|id| index.item(id).is_some()));
        if current_gone && let Some(id) = focus.filter(|id| self.index.item(id).is_some()) {
            self.nav.visit(Page::Item(id));
        }
        self.refresh_derived();
    }

    /// Runs the validator on the document as it is now.
    pub(super) fn revalidate(&mut self) {
        let (problems, more) = problems_of(&self.doc);
        self.editing.problems = problems;
        self.editing.more_problems = more;
        self.editing.validated = Some(self.revision);
    }

    /// Brings a large document's search index and problems up to date in the background
    /// once edits have settled; installs what a refresh found if the document is still
    /// the revision it was for. Returns whether one is due or running.
    pub(super) fn poll_refresh(&mut self) -> bool {
        if let Some((revision, job)) = &self.editing.refreshing
            && let Some(result) = job.poll()
        {
            let revision = *revision;
            self.editing.refreshing = None;
            match result {
                Ok((search, problems)) if revision == self.revision => {
                    self.index.set_search(search);
                    self.editing.search_installs += 1;
                    if let Some((problems, more)) = problems {
                        self.editing.problems = problems;
                        self.editing.more_problems = more;
                        self.editing.validated = Some(revision);
                    }
                    self.editing.stale_since = None;
                }
                // Edited again meanwhile: `stale_since` is set, a new refresh follows.
                Ok(_) => {}
                // Built from a document that loaded and validated: a panic here is a
                // bug, and an app that silently stops finding things is worse.
                Err(err) => panic!("{err}"),
            }
        }
        let Some(since) = self.editing.stale_since else {
            return self.editing.refreshing.is_some();
        };
        if self.editing.refreshing.is_none() && since.elapsed() >= SETTLE {
            let doc = Arc::clone(&self.doc);
            let revision = self.revision;
            let with_problems = self.editing.problems_lag;
            self.editing.refreshing = Some((
                revision,
                Job::spawn("search and problems", move |_| refresh(&doc, with_problems)),
            ));
        }
        true
    }

    /// Does the background refresh now, if one is due (tests).
    #[doc(hidden)]
    pub fn finish_refresh(&mut self) {
        if self.editing.stale_since.is_none() {
            return;
        }
        self.editing.refreshing = None;
        self.index.set_search(SearchIndex::build(&self.doc));
        self.editing.search_installs += 1;
        if self.editing.problems_lag {
            self.revalidate();
        }
        self.editing.stale_since = None;
    }

    /// Lowers the size above which refreshes run in the background (tests).
    #[doc(hidden)]
    pub fn set_background_above(&mut self, n_ids: usize) {
        self.editing.background_above = n_ids;
    }

    /// Whether search and problems lag behind the document (a refresh is due).
    pub fn refresh_pending(&self) -> bool {
        self.editing.stale_since.is_some()
    }

    /// What search results depend on: the document's revision and the search index
    /// installed for it.
    pub fn search_revision(&self) -> (u64, u64) {
        (self.revision, self.editing.search_installs)
    }

    pub(super) fn delete(&mut self, id: &str, remove_refs: bool) {
        let on_refs = if remove_refs {
            OnReferences::Remove
        } else {
            OnReferences::Refuse
        };
        match edit::delete(&self.doc, &self.index, id, on_refs) {
            Ok(txn) => {
                self.editing.question = None;
                let from = self.current_page().clone();
                self.commit(txn, None);
                if from.id() == Some(id) {
                    self.nav.visit(Page::Home);
                }
            }
            Err(RefusedEdit::Referenced { id, referrers }) => {
                let blocked = referrers.iter().any(|r| r.required);
                self.editing.question = Some(Question::Delete {
                    id,
                    referrers,
                    blocked,
                });
            }
            Err(err) => self.notice = Some(err.to_string()),
        }
    }

    /// Saves the document (to `path`, or the file it came from) in the background. A
    /// document with problems is saved only once the user agreed (`allow_problems`).
    /// Unless `disk_checked` (the user has seen and dismissed those warnings), the job
    /// first looks at the file on disk and writes nothing when it changed since it was
    /// loaded or saved, or holds comments a rewrite would drop: the user is asked.
    pub(super) fn save(
        &mut self,
        path: Option<PathBuf>,
        allow_problems: bool,
        disk_checked: bool,
        then: Option<AfterUnsaved>,
    ) {
        if self.editing.validated != Some(self.revision) {
            self.revalidate();
        }
        let n = self.editing.problems.len() + self.editing.more_problems;
        if n > 0 && !allow_problems {
            self.editing.question = Some(Question::SaveWithProblems {
                n,
                comments: None,
                then,
                path,
            });
            return;
        }
        let Some(path) = path.or_else(|| self.path.clone()) else {
            self.editing.question = Some(Question::SavePath {
                suggested: PathBuf::from("evidence.ron"),
            });
            return;
        };
        if self.editing.saving.is_some() {
            self.notice = Some("a save is already running".to_owned());
            return;
        }
        self.editing.question = None;
        // A look at the file still running would report the save itself.
        self.editing.watching = None;
        let same_place = self.path.as_deref() == Some(path.as_path());
        let stamp = self
            .editing
            .stamp
            .clone()
            .filter(|_| !disk_checked && same_place);
        // A folder is saved back into its files; Save As writes one file.
        let layout = self
            .editing
            .stamp
            .as_ref()
            .and_then(model::io::Stamp::layout)
            .filter(|_| same_place)
            .cloned();
        let doc = Arc::clone(&self.doc);
        let target = path.clone();
        let job = Job::spawn("save", move |_| {
            save_job(&target, &doc, stamp, !disk_checked, layout)
        });
        self.editing.saving = Some(SaveJob {
            job,
            marker: self.editing.undo.marker(),
            path,
            then,
        });
    }

    pub(super) fn answer_unsaved(&mut self, answer: CloseAnswer) {
        let Some(Question::UnsavedChanges { then }) = self.editing.question.take() else {
            return;
        };
        match answer {
            CloseAnswer::Cancel => {}
            CloseAnswer::Discard => {
                self.editing.undo.forget(true);
                match then {
                    AfterUnsaved::Close => self.editing.close_now = true,
                    AfterUnsaved::Open(path) => self.apply(Command::Open(path)),
                }
            }
            CloseAnswer::Save => self.save(None, false, false, Some(then)),
        }
    }

    /// Opening another file with unsaved changes asks first; returns true when the
    /// caller may go on.
    pub(super) fn may_replace_document(&mut self, then: AfterUnsaved) -> bool {
        if self.is_dirty() {
            self.editing.question = Some(Question::UnsavedChanges { then });
            false
        } else {
            true
        }
    }

    /// Save As: the system's save dialog in the background (the typed-path prompt when
    /// there is none, or one is already open).
    pub(super) fn save_as_dialog(&mut self, suggested: PathBuf) {
        if self.editing.save_as.is_some() {
            self.editing.question = Some(Question::SavePath { suggested });
            return;
        }
        let picker = std::sync::Arc::clone(&self.picker);
        let offered = suggested.clone();
        let job = Job::spawn("save as dialog", move |_| picker.pick_save_path(&offered));
        self.editing.save_as = Some((job, suggested));
    }

    /// Every 2 s, a look at the file on disk in the background (size and time, then the
    /// content): changed without unsaved edits, it is reloaded (the notice says what
    /// changed); with them, the user is asked, once per version on disk.
    pub(super) fn poll_external_change(&mut self) {
        if let Some((job, _)) = &self.editing.watching
            && let Some(result) = job.poll()
        {
            let sent = self.editing.watching.take().map(|(_, sent)| sent);
            // A save or load since it started made its answer stale.
            if let Ok((stamp, seen)) = result
                && sent.is_some()
                && self.editing.stamp == sent
            {
                self.editing.stamp = Some(stamp);
                self.seen_on_disk(seen);
            }
        }
        let now = Instant::now();
        let due = self.editing.checked_at.is_none_or(|at| {
            now.saturating_duration_since(at) >= std::time::Duration::from_secs(2)
        });
        if !due
            || self.editing.watching.is_some()
            || self.editing.question.is_some()
            || self.editing.saving.is_some()
            || self.loading.is_some()
        {
            return;
        }
        let (Some(path), Some(mut stamp)) = (self.path.clone(), self.editing.stamp.clone()) else {
            return;
        };
        self.editing.checked_at = Some(now);
        let sent = stamp.clone();
        let job = Job::spawn("watch the evidence file", move |_| {
            // A folder: any of its files changed, added or removed.
            let seen = match stamp.look(&path) {
                Ok(model::io::Look::Changed { hash, doc }) => Seen::Changed(hash, doc),
                Ok(model::io::Look::Gone) => Seen::Gone,
                Ok(model::io::Look::Same) | Err(_) => Seen::Same,
            };
            (stamp, seen)
        });
        self.editing.watching = Some((job, sent));
    }

    /// What a look at the file found.
    fn seen_on_disk(&mut self, seen: Seen) {
        let Some(path) = self.path.clone() else {
            return;
        };
        match seen {
            Seen::Same => {}
            Seen::Gone => {
                self.notice = Some(format!(
                    "{} is no longer on disk (deleted or renamed); saving writes it again",
                    path.display()
                ));
            }
            Seen::Changed(hash, on_disk) => {
                if self.editing.told == Some(hash) {
                    return;
                }
                self.editing.told = Some(hash);
                let differences = in_words(&model::diff::diff(&self.doc, &on_disk));
                if self.is_dirty() {
                    self.editing.question = Some(Question::ExternalChange { path, differences });
                } else {
                    self.editing.after_reload = Some(format!(
                        "{} changed on disk and was reloaded: {}",
                        path.display(),
                        differences.lines().next().unwrap_or_default()
                    ));
                    self.start_load(Some(path), false);
                }
            }
        }
    }

    /// Reloads the file from disk, dropping unsaved changes (the user chose so).
    pub(super) fn reload_from_disk(&mut self) {
        self.editing.question = None;
        self.editing.undo.forget(true);
        if let Some(path) = self.path.clone() {
            self.start_load(Some(path), false);
        }
    }

    /// Sets the folder crash-recovery snapshots go to (the UI passes the app's data
    /// folder); checks it for a snapshot of the file shown.
    pub fn set_data_dir(&mut self, dir: PathBuf) {
        self.editing.data_dir = Some(dir);
        self.offer_recovery();
    }

    /// After a file is loaded: if a snapshot of unsaved edits of it exists, offer it.
    pub(super) fn offer_recovery(&mut self) {
        let (Some(dir), Some(path)) = (self.editing.data_dir.clone(), self.path.clone()) else {
            return;
        };
        match model::io::recovery::read_recovery(&dir, &path) {
            None => {}
            Some(Ok(recovery)) => {
                let age_secs = recovery.saved_at.elapsed().unwrap_or_default().as_secs();
                self.editing.question = Some(Question::Restore {
                    path,
                    age_secs,
                    changed_since: recovery.original_hash_at_snapshot != Some(self.hash),
                });
            }
            Some(Err(message)) => {
                self.notice = Some(format!("{message}; it was not restored"));
            }
        }
    }

    /// Restores the snapshot of unsaved edits (as unsaved changes), or discards it.
    pub(super) fn answer_restore(&mut self, restore: bool) {
        self.editing.question = None;
        let (Some(dir), Some(path)) = (self.editing.data_dir.clone(), self.path.clone()) else {
            return;
        };
        if restore && let Some(Ok(recovery)) = model::io::recovery::read_recovery(&dir, &path) {
            self.doc = Arc::new(recovery.doc);
            self.editing.undo.forget(false);
            self.document_edited(None, &[]);
            // The snapshot on disk is this revision's; it goes once saved or discarded.
            self.editing.snapshot = Some((self.revision, Instant::now()));
            self.notice = Some(format!(
                "restored the unsaved edits of {}; save to keep them",
                path.display()
            ));
            return;
        }
        if let Err(err) = model::io::recovery::discard_recovery(&dir, &path) {
            self.notice = Some(format!("could not delete the recovery snapshot: {err}"));
        }
    }

    /// While there are unsaved changes: a snapshot of the document every few seconds, in
    /// the background; none left once everything is saved or discarded.
    pub(super) fn poll_snapshot(&mut self) -> bool {
        if let Some(job) = &self.editing.snapshotting
            && let Some(result) = job.poll()
        {
            self.editing.snapshotting = None;
            if let Ok(Err(message)) = result {
                self.notice = Some(message);
            }
        }
        let (Some(dir), Some(path)) = (self.editing.data_dir.clone(), self.path.clone()) else {
            return false;
        };
        if !self.is_dirty() {
            if self.editing.snapshot.take().is_some() {
                let _ = model::io::recovery::discard_recovery(&dir, &path);
            }
            return self.editing.snapshotting.is_some();
        }
        let due = self.editing.snapshot.is_none_or(|(revision, at)| {
            revision != self.revision && at.elapsed() >= std::time::Duration::from_secs(3)
        });
        if due && self.editing.snapshotting.is_none() {
            self.editing.snapshot = Some((self.revision, Instant::now()));
            let doc = Arc::clone(&self.doc);
            let hash = self.editing.stamp.as_ref().map(model::io::Stamp::hash);
            self.editing.snapshotting = Some(Job::spawn("recovery snapshot", move |_| {
                model::io::recovery::write_recovery(&dir, &path, &doc, hash)
                    .map_err(|err| err.to_string())
            }));
        }
        true
    }

    /// Takes the Save As dialog's answer.
    fn poll_save_as(&mut self) -> bool {
        let Some((job, _)) = &self.editing.save_as else {
            return false;
        };
        let Some(result) = job.poll() else {
            return true;
        };
        let Some((_, suggested)) = self.editing.save_as.take() else {
            return false;
        };
        match result {
            Ok(Ok(Some(path))) => self.save(Some(path), false, false, None),
            Ok(Ok(None)) => {}
            Ok(Err(NoDialog)) | Err(_) => {
                self.editing.question = Some(Question::SavePath { suggested });
            }
        }
        false
    }

    /// Takes a finished save (and the Save As dialog's answer).
    pub(super) fn poll_save(&mut self) -> bool {
        let dialog = self.poll_save_as();
        dialog | self.poll_saving()
    }

    fn poll_saving(&mut self) -> bool {
        let Some(saving) = &self.editing.saving else {
            return false;
        };
        let Some(result) = saving.job.poll() else {
            return true;
        };
        let Some(SaveJob {
            marker, path, then, ..
        }) = self.editing.saving.take()
        else {
            return false;
        };
        match result {
            Ok(Ok(Saved::Written(message, stamp))) => {
                self.editing.undo.mark_saved_at(marker);
                self.editing.stamp = Some(stamp);
                if self.path.as_deref() != Some(path.as_path()) {
                    self.path = Some(path);
                }
                self.notice = Some(message);
                match then {
                    Some(AfterUnsaved::Close) => self.editing.close_now = true,
                    Some(AfterUnsaved::Open(next)) if !self.is_dirty() => {
                        self.apply(Command::Open(next));
                    }
                    Some(AfterUnsaved::Open(_)) | None => {}
                }
            }
            Ok(Ok(Saved::Partly(message, stamp))) => {
                // What was written is on disk; the rest is still unsaved.
                self.editing.stamp = Some(stamp);
                self.notice = Some(message);
            }
            Ok(Ok(Saved::ChangedOnDisk(hash, differences))) => {
                // Polling does not ask again about this version.
                self.editing.told = Some(hash);
                self.editing.question = Some(Question::ExternalChange { path, differences });
            }
            Ok(Ok(Saved::Comments(comments))) => {
                self.editing.question = Some(Question::SaveWithProblems {
                    n: 0,
                    comments: Some(comments),
                    then,
                    path: Some(path),
                });
            }
            Ok(Err(message)) => self.notice = Some(message),
            Err(err) => self.notice = Some(format!("saving failed: {err}; the file is unchanged")),
        }
        self.editing.saving.is_some()
    }
}

/// The save job: the look at the file on disk (see [`AppState::save`]), then the
/// atomic save; a folder (`layout`) is saved file by file.
fn save_job(
    target: &std::path::Path,
    doc: &model::Document,
    stamp: Option<model::io::Stamp>,
    check_comments: bool,
    layout: Option<model::io::Layout>,
) -> Result<Saved, String> {
    if let Some(mut stamp) = stamp
        && let Ok(model::io::Look::Changed { hash, doc: on_disk }) = stamp.look(target)
    {
        return Ok(Saved::ChangedOnDisk(
            hash,
            in_words(&model::diff::diff(doc, &on_disk)),
        ));
    }
    if let Some(layout) = layout {
        return save_folder(doc, &layout, check_comments);
    }
    if check_comments
        && let Ok(bytes) = std::fs::read(target)
        && let Some(comments) = model::io::describe_comments(target, &model::io::comments(&bytes))
    {
        return Ok(Saved::Comments(comments));
    }
    let report = model::io::save_atomic(target, doc).map_err(|err| err.to_string())?;
    let mut message = format!("saved {}", report.written.display());
    if let Some(backup) = &report.backup {
        message.push_str(&format!(" (previous version kept as {})", backup.display()));
    }
    for warning in &report.warnings {
        message.push_str("; ");
        message.push_str(warning);
    }
    Ok(Saved::Written(
        message,
        model::io::Stamp::File(report.stamp),
    ))
}

/// Saves a folder's document back into its files (only those whose records changed;
/// see [`model::io::save_layout`]), after the comments a rewrite would drop.
fn save_folder(
    doc: &model::Document,
    layout: &model::io::Layout,
    check_comments: bool,
) -> Result<Saved, String> {
    let plan = model::io::plan_layout(doc, layout).map_err(|err| err.to_string())?;
    if check_comments && let Some(comments) = plan.comments() {
        return Ok(Saved::Comments(comments));
    }
    match plan.commit() {
        Ok(report) => Ok(Saved::Written(
            report.message(),
            model::io::Stamp::Folder(Box::new(report.layout)),
        )),
        Err(err) => {
            let message = err.to_string();
            match err {
                model::io::LayoutError::Partial(partial) if !partial.written.is_empty() => Ok(
                    Saved::Partly(message, model::io::Stamp::Folder(Box::new(partial.layout))),
                ),
                model::io::LayoutError::Partial(_) | model::io::LayoutError::Serialize { .. } => {
                    Err(message)
                }
            }
        }
    }
}

/// Semantic differences in words, or that there are none.
fn in_words(changes: &[model::diff::Change]) -> String {
    if changes.is_empty() {
        "no differences in the evidence (only the layout changed)".to_owned()
    } else {
        model::diff::render(changes)
    }
}

/// The document's problems as the editor keeps them: the first [`MAX_PROBLEMS`] by
/// record id, then field, and how many more.
fn problems_of(doc: &Document) -> (Vec<Problem>, usize) {
    let rank = |p: &Problem| (p.id.clone(), p.field.clone());
    validate::validate_ranked(doc, &validate::Gaps::default(), MAX_PROBLEMS, &rank)
}

/// The background refresh after edits: the search index, and (for a large document)
/// its problems, on two threads.
fn refresh(doc: &Document, with_problems: bool) -> Refreshed {
    let (search, problems) = std::thread::scope(|scope| {
        let search = scope.spawn(|| SearchIndex::build(doc));
        let problems = with_problems.then(|| problems_of(doc));
        (search.join(), problems)
    });
    let search = search.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
    (search, problems)
}

/// A `stale_since` for which the background refresh is due at once (the settle time has
/// passed).
pub(super) fn refresh_due_now() -> Instant {
    let now = Instant::now();
    now.checked_sub(SETTLE).unwrap_or(now)
}
