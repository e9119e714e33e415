//! Paracrine: a desktop evidence browser for MSC and MSC-exosome therapies.
//!
//! [`model`] holds the evidence and everything computed from it (no egui); [`app`] owns
//! the application state, commands and history; [`ui`] draws panels from that state.

pub mod app;
pub mod cli;
pub mod fonts;
pub mod model;
pub mod ui;
