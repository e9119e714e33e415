//! The application floor: state, state commands, pages and navigation history. No egui or
//! eframe here (a test checks): the UI reads [`AppState`] and sends [`Command`]s, and
//! `AppState::apply` is the one place they take effect.

pub mod command;
pub mod deck;
pub mod derived;
pub mod nav;
pub mod state;
pub mod undo;

pub use command::Command;
pub use nav::{DiagramPage, NavHistory, Page, SetDiagramPage};
pub use state::{
    AfterUnsaved, AppState, EMBEDDED_EVIDENCE, LoadProblems, OpenPrompt, Question, SavePrompt,
};
