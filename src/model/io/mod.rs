//! Reading and writing evidence files. The only module under `model` that touches the
//! file system.
//!
//! Loading does not hand the whole file to `ron` at once: the [`scan`]ner splits the
//! top-level `Evidence(…)` into fields and each list into its elements, and every
//! [`element`] is deserialized on its own. One bad entry therefore costs one diagnostic,
//! and the rest of the file still loads and is still checked — the curator sees every
//! problem in one run. The scanner is iterative and bounds nesting, so no input can
//! overflow the stack or hang it. [`write`] has the canonical layout and atomic saving.

mod element;
mod scan;
mod write;

use std::path::{Path, PathBuf};

use super::Document;
use super::diag::{Diagnostic, LineMap, Origins};
use super::hash::Fnv1a;
use crate::platform::Progress;

pub use write::{SaveError, Symlinks, WriteError, save_atomic, to_ron_string, write_atomic};

/// The file format version this build reads and writes.
pub const FORMAT_VERSION: u32 = 1;

/// Deepest bracket nesting accepted; real files nest fewer than ten levels.
const MAX_DEPTH: usize = 256;

/// The outcome of parsing: whatever loaded, every problem found, and where things are.
#[derive(Debug, Default)]
pub struct Parsed {
    /// The entries that parsed.
    pub doc: Document,
    /// Problems found while reading: unreadable files, syntax and shape errors.
    pub diagnostics: Vec<Diagnostic>,
    /// Where each id was defined.
    pub origins: Origins,
    /// FNV-1a of the bytes read, file after file.
    pub hash: Fnv1a,
}

/// Reads and parses several files as one document (their lists are concatenated).
/// IO errors become diagnostics too.
pub fn read_files(paths: &[PathBuf], progress: &Progress) -> Parsed {
    let mut parsed = Parsed::default();
    for path in paths {
        match std::fs::read(path) {
            Ok(bytes) => parse_bytes_into(&mut parsed, path, &bytes, progress),
            Err(err) => {
                parsed.origins.files.push(path.clone());
                parsed.diagnostics.push(Diagnostic::in_file(
                    path,
                    format!("cannot read the file: {err}"),
                ));
            }
        }
    }
    parsed
}

/// Parses one in-memory file.
pub fn parse_bytes(path: &Path, bytes: &[u8], progress: &Progress) -> Parsed {
    let mut parsed = Parsed::default();
    parse_bytes_into(&mut parsed, path, bytes, progress);
    parsed
}

fn parse_bytes_into(parsed: &mut Parsed, path: &Path, bytes: &[u8], progress: &Progress) {
    let file_idx = parsed.origins.files.len();
    parsed.origins.files.push(path.to_path_buf());
    parsed.hash.write(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => {
            let valid = bytes.get(..err.valid_up_to()).unwrap_or_default();
            let prefix = std::str::from_utf8(valid).unwrap_or_default();
            let pos = LineMap::new(prefix).pos(prefix.len());
            parsed.diagnostics.push(Diagnostic::at(
                path,
                pos,
                "the file is not UTF-8 text (invalid byte here); save it as UTF-8",
            ));
            return;
        }
    };
    let mut parser = scan::Parser {
        src: text,
        bytes: text.as_bytes(),
        at: 0,
        lines: LineMap::new(text),
        path,
        file_idx,
        out: parsed,
        version_seen: false,
        pending: Vec::new(),
        progress,
    };
    if let Err(err) = parser.document() {
        let pos = parser.lines.pos(err.offset);
        parser
            .out
            .diagnostics
            .push(Diagnostic::at(path, pos, err.message));
    }
    // Elements scanned before a fatal error are still checked.
    parser.deserialize_pending();
}

/// Elements of the top-level lists all carry an id.
pub trait HasId {
    /// The element's id.
    fn id(&self) -> &str;
}
