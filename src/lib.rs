//! Paracrine: a desktop evidence browser for MSC and MSC-exosome therapies.
//!
//! Floors, each importing only from the ones below it (tests check the rules that matter):
//!
//! - [`ui`]: egui, one file per panel or view; starts the window.
//! - [`app`]: state, state commands, pages and navigation — no egui.
//! - [`diagram`], [`export`]: pure diagram pipeline (graph → layout → drawing) and its
//!   export (SVG, PNG, footer, file names) — no egui.
//! - [`model`]: the evidence, its loading, validation, index, search and filters — no egui.
//! - [`platform`], [`lang`], [`font_data`], [`fonts`]: background jobs and file dialogs;
//!   the display language; the bundled font's bytes (no egui) and its registration with egui.
//!
//! [`cli`] parses the command line; the binary hands it the window start-up from `ui`.

/// The allocator of every binary built on this library (the app, `paracrine check`,
/// tests, benchmarks, the bare-window reference): loading allocates millions of small
/// strings and vectors, and mimalloc (v2) decodes the reopen cache about 1.7× faster
/// than glibc's allocator, for a slightly higher peak (README, "Peak memory").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

pub mod app;
pub mod cli;
pub mod diagram;
pub mod export;
pub mod font_data;
pub mod fonts;
pub mod lang;
pub mod model;
pub mod platform;
pub mod ui;
