//! State commands: what the UI asks [`super::AppState`] to change, as values. The user
//! actions that menus, the toolbar, shortcuts and the command palette offer are a
//! separate table in the UI floor (`ui::commands`); many of them send one of these.

use std::path::PathBuf;

use super::nav::Page;
use crate::lang::Lang;
use crate::model::Kind;
use crate::model::filter::Filters;

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
        figure: String,
        /// The panel's index.
        panel: usize,
    },
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
    /// Ask for a file with the system dialog (a background job).
    OpenDialog,
    /// Show the "open a file by path" prompt.
    ShowOpenPrompt,
    /// Close the "open a file by path" prompt.
    DismissOpenPrompt,
    /// Load this file in the background; on problems, show them and keep the evidence.
    Open(PathBuf),
    /// Close the problems window.
    DismissProblems,
}

impl Command {
    /// Navigation to the page of the record `id`.
    pub fn navigate_to(id: impl Into<String>) -> Self {
        Command::Navigate(Page::Item(id.into()))
    }
}
