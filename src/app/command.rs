//! State commands: what the UI asks [`super::AppState`] to change, as values. The user
//! actions that menus, the toolbar, shortcuts and the command palette offer are a
//! separate table in the UI floor (`ui::commands`); many of them send one of these.

use std::path::PathBuf;

use super::deck::{Deck, PresenterKey};
use super::nav::Page;
use crate::export::table::TableSource;
use crate::lang::Lang;
use crate::model::edit::Transaction;
use crate::model::filter::Filters;
use crate::model::tabular::Sort;
use crate::model::{Id, Kind, Record};

/// A change to the application state. Applied in one place, [`super::AppState::apply`].
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Show a page (and put it in the navigation history).
    Navigate(Page),
    /// Show a page in place of the current one (no new history entry): a diagram with a
    /// group expanded.
    ReplacePage(Page),
    /// Show panel `panel` (an index) of the figure `figure`.
    SelectPanel {
        /// The figure's id.
        figure: Id,
        /// The panel's index.
        panel: usize,
    },
    /// Export the current page's diagram (SVG, PNG 2× and 4×) into this folder, in the
    /// background.
    Export(PathBuf),
    /// Export every slide of the working deck (numbered PNG and SVG) into this folder,
    /// in the background.
    ExportDeck(PathBuf),
    /// Render the current page's diagram as an image for the clipboard, in the
    /// background ([`super::AppState::clipboard_image`] holds it when done).
    CopyDiagram,
    /// The UI put the finished image on the clipboard.
    ClipboardTaken,
    /// Write a table, sorted and filtered as on screen (with the claim filters in force),
    /// as CSV (or TSV, by the extension) in the background. Without a path, ask where:
    /// the system's save dialog, or where there is none (or it never answers) the
    /// "save to a path" prompt.
    ExportTable {
        /// Which table.
        source: TableSource,
        /// The sort on screen.
        sort: Sort,
        /// The filter text on screen.
        filter: String,
        /// Where to write; `None`: ask.
        path: Option<PathBuf>,
    },
    /// Put a table, sorted and filtered as on screen, on the clipboard as tab-separated
    /// text (built in the background; [`super::AppState::clipboard_text`] holds it).
    CopyTable {
        /// Which table.
        source: TableSource,
        /// The sort on screen.
        sort: Sort,
        /// The filter text on screen.
        filter: String,
    },
    /// The UI put the finished text on the clipboard.
    ClipboardTextTaken,
    /// Close the "save to a path" prompt without saving.
    DismissSavePrompt,
    /// Save the working deck to this file.
    SaveDeck(PathBuf),
    /// Open the deck file at this path as the working deck.
    OpenDeck(PathBuf),
    /// Start presenting (see [`super::AppState::start_presenting`]).
    StartPresenting,
    /// Present this deck from its first slide.
    PresentDeck(Deck),
    /// A presenter's key; the second field is the reveal layers of the shown slide's
    /// diagram, if it is one.
    PresentKey(PresenterKey, Option<usize>),
    /// Highlight the path through this node of the shown diagram slide (again: clear).
    PresentHighlight(usize),
    /// Stop presenting and return to the page presenting started from.
    StopPresenting,
    /// Add the current page to the working deck.
    AddToDeck,
    /// Replace the working deck (a deck file was opened, or a review's deck built).
    SetDeck(Deck),
    /// Remove slide `n` of the working deck.
    RemoveSlide(usize),
    /// Move slide `from` of the working deck to position `to`.
    MoveSlide {
        /// The slide's index.
        from: usize,
        /// Its new index.
        to: usize,
    },
    /// Give slide `n` of the working deck a title (empty: the record's own).
    TitleSlide(usize, String),
    /// Set the speaker notes of slide `n` of the working deck.
    NoteSlide(usize, String),
    /// One page back in the navigation history.
    Back,
    /// One page forward in the navigation history.
    Forward,
    /// List one entity kind in the side panel.
    ShowKind(Kind),
    /// Change the display language.
    SetLang(Lang),
    /// Replace the claim filters (level, direction, vehicle, review, species).
    SetFilters(Filters),
    /// Include (or not) the claims of an entity's descendants on its page, summary and
    /// claims table (on by default).
    SetRollup(bool),
    /// Ask for a file with the system dialog (a background job).
    OpenDialog,
    /// Ask for an evidence folder with the system dialog (a background job); it opens as
    /// one document.
    OpenFolderDialog,
    /// Show the "open a file by path" prompt.
    ShowOpenPrompt,
    /// Close the "open a file by path" prompt.
    DismissOpenPrompt,
    /// Load this file in the background; on problems, show them and keep the evidence.
    Open(PathBuf),
    /// Close the problems window.
    DismissProblems,
    /// Turn edit mode on or off (off, read-only, is the default).
    SetEditMode(bool),
    /// Apply an edit, as one undo step; with a `burst` key (record and field) equal to
    /// the last step's and soon after it, as part of that step (typing in one field).
    Edit {
        /// The edit.
        txn: Transaction,
        /// Which burst of edits it continues.
        burst: Option<String>,
    },
    /// Undo the last edit (and show where it happened).
    Undo,
    /// Redo the last undone edit.
    Redo,
    /// Delete a record. When others refer to it, ask first (listing them), unless
    /// `remove_refs`: then remove the references too, in the same undo step.
    Delete {
        /// The record's id.
        id: Id,
        /// Remove references to it as well.
        remove_refs: bool,
    },
    /// Give a record a new id, rewriting every reference to it.
    Rename {
        /// Its id now.
        old: Id,
        /// The new id.
        new: Id,
    },
    /// Add a record and show it.
    Create(Box<Record>),
    /// Look at the evidence file on disk now for changes behind the app's back (the
    /// window regained focus), rather than at the next poll.
    LookAtDisk,
    /// A new claim from row `row` of table `table` (review, table, section, reference
    /// numbers and the row's entities filled in), listed in the row; one undo step; the
    /// new claim is shown.
    NewClaimFromRow {
        /// The table's id.
        table: Id,
        /// The row, from 0.
        row: usize,
    },
    /// Save the document, in the background: to `path`, or the file it came from.
    /// A document with problems is saved (as a draft) only with `allow_problems`;
    /// otherwise the user is asked first.
    Save {
        /// Where (`None`: where it came from).
        path: Option<PathBuf>,
        /// Save even though the document has problems.
        allow_problems: bool,
    },
    /// Ask where to save (the system's save dialog, offering this path; without one,
    /// the typed-path prompt), then save there.
    SaveAsDialog(PathBuf),
    /// The window is closing: close, or ask about unsaved changes.
    RequestClose,
    /// The answer to "unsaved changes".
    AnswerUnsaved(CloseAnswer),
    /// Close the editor's question without doing anything.
    DismissQuestion,
    /// Load the file again from disk, dropping unsaved changes.
    ReloadFromDisk,
    /// Restore (true) or discard (false) the snapshot of unsaved edits found at start.
    AnswerRestore(bool),
}

/// The answers to "unsaved changes".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CloseAnswer {
    /// Save, then go on.
    Save,
    /// Go on without saving.
    Discard,
    /// Do nothing.
    Cancel,
}

impl Command {
    /// Navigation to the page of the record `id`.
    pub fn navigate_to(id: impl Into<Id>) -> Self {
        Command::Navigate(Page::Item(id.into()))
    }
}
