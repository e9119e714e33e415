//! Reading and writing evidence files. The only module under `model` that touches the
//! file system.
//!
//! Loading does not hand the whole file to `ron` at once: the [`scan`]ner splits the
//! top-level `Evidence(…)` into fields and each list into its elements, and every
//! [`element`] is deserialized on its own. One bad entry therefore costs one diagnostic,
//! and the rest of the file still loads and is still checked — the curator sees every
//! problem in one run. The scanner is iterative and bounds nesting, so no input can
//! overflow the stack or hang it. [`write`] has the canonical layout and atomic writes,
//! [`save`] the evidence file's save on them (backup, owner, leftovers, errors in words),
//! [`stamp`] external change detection, [`comment`] the comments a save would drop, and
//! [`recovery`] the crash recovery file of unsaved edits.

mod binary;
pub mod cache;
mod comment;
mod element;
mod fast;
pub mod folder;
pub mod recovery;
mod save;
mod scan;
mod stamp;
mod write;

use std::io::Read as _;
use std::path::{Path, PathBuf};

use super::Document;
use super::diag::{Cursor, Diagnostic, Diagnostics, Found, LineMap, Origins};
use super::hash::{Fnv1a, fnv1a};
use super::validate::Gaps;
use crate::platform::{Progress, Stage};

pub use comment::{comments, describe_comments};
pub use folder::{
    FolderChange, Layout, LayoutError, LayoutPlan, LayoutReport, Look, PartialSave, Stamp,
    evidence_files, plan_layout, save_layout, write_split,
};
pub use save::{SaveError, SaveReport, save_atomic, save_atomic_with_fault};
pub use stamp::{Change, FileStamp};
#[doc(hidden)]
pub use write::{Fault, Step};
pub use write::{Symlinks, WriteError, to_ron_string, write_atomic};

/// The file format version this build reads and writes.
pub const FORMAT_VERSION: u32 = 1;

/// Deepest bracket nesting accepted; real files nest fewer than ten levels.
const MAX_DEPTH: usize = 256;

/// The largest file read, in MiB, unless [`MAX_FILE_ENV`] says otherwise. The shipped
/// file is about 1 MiB; the limit keeps a wrong path (a disk image, `/dev/zero`) from
/// filling the memory.
pub const DEFAULT_MAX_FILE_MB: u64 = 512;

/// The environment variable that raises (or lowers) [`DEFAULT_MAX_FILE_MB`].
pub const MAX_FILE_ENV: &str = "PARACRINE_MAX_FILE_MB";

/// The outcome of parsing: whatever loaded, every problem found, and where things are.
#[derive(Debug, Default)]
pub struct Parsed {
    /// The entries that parsed.
    pub doc: Document,
    /// Problems found while reading: unreadable files, syntax and shape errors (the
    /// first ones listed, the others counted).
    pub diagnostics: Diagnostics,
    /// Where each id was defined.
    pub origins: Origins,
    /// FNV-1a of each file's bytes, parallel to `origins.files` (`None`: not read).
    pub file_hashes: Vec<Option<u64>>,
    /// The folder the files were found in, when one folder was given.
    pub folder: Option<PathBuf>,
    /// What could not be read: entries that failed to parse, a file that ends early.
    pub gaps: Gaps,
    /// Diagnostics that explain others (a file that ends early), listed first.
    pub leading: Vec<Diagnostic>,
    /// Elements the fast reader left to `ron` (outside its subset, or broken).
    #[doc(hidden)]
    pub fast_misses: usize,
}

impl Parsed {
    /// The content hash of what was read: one file's FNV-1a, or (several files) the
    /// FNV-1a of their hashes in order, so a folder's hash comes from its files' own.
    pub fn content_hash(&self) -> u64 {
        content_hash(&self.file_hashes)
    }

    /// Adds a problem found while reading.
    pub(crate) fn report(&mut self, found: Found, diagnostic: Diagnostic) {
        let file_rank = self.origins.file_rank(&diagnostic.file);
        self.diagnostics.push(file_rank, found, diagnostic);
    }
}

/// The content hash of files whose FNV-1a hashes are `hashes` (see
/// [`Parsed::content_hash`]).
pub(crate) fn content_hash(hashes: &[Option<u64>]) -> u64 {
    match hashes {
        [Some(one)] => *one,
        _ => {
            let mut hasher = Fnv1a::new();
            for hash in hashes {
                hasher.write(&hash.unwrap_or(0).to_le_bytes());
            }
            hasher.finish()
        }
    }
}

/// Reads and parses several files as one document (their lists are concatenated). A
/// folder stands for its evidence files ([`evidence_files`]: the `*.ron` files in it,
/// sorted by name). IO errors become diagnostics too.
pub fn read_files(paths: &[PathBuf], progress: &Progress) -> Parsed {
    let mut parsed = Parsed::default();
    for path in paths {
        if !std::fs::metadata(path).is_ok_and(|meta| meta.is_dir()) {
            read_file_into(&mut parsed, path, progress);
            continue;
        }
        if paths.len() == 1 {
            parsed.folder = Some(path.clone());
        }
        match evidence_files(path) {
            Ok(files) if !files.is_empty() => {
                for file in &files {
                    read_file_into(&mut parsed, file, progress);
                }
            }
            Ok(_) => unreadable(
                &mut parsed,
                path,
                "this folder holds no evidence files (`*.ron`; hidden files, `*.deck.ron` \
                 and subfolders are not read); give a folder of `.ron` files, or a file"
                    .to_owned(),
            ),
            Err(message) => unreadable(&mut parsed, path, message),
        }
    }
    parsed.origins.index_definitions(&parsed.doc);
    parsed
}

/// Reads and parses one file into `parsed`.
fn read_file_into(parsed: &mut Parsed, path: &Path, progress: &Progress) {
    parse_read(parsed, path, &read_limited(path), progress);
}

/// Parses one file's bytes already read (or records why they could not be) into `parsed`.
fn parse_read(
    parsed: &mut Parsed,
    path: &Path,
    read: &Result<Vec<u8>, String>,
    progress: &Progress,
) {
    match read {
        Ok(bytes) => parse_bytes_into(parsed, path, bytes, progress, ElementReader::Fast),
        Err(message) => unreadable(parsed, path, message.clone()),
    }
}

/// Records `path` as read with nothing in it, and `message` as its problem.
fn unreadable(parsed: &mut Parsed, path: &Path, message: String) {
    let file_idx = parsed.origins.files.len();
    parsed.origins.files.push(path.to_path_buf());
    parsed.file_hashes.push(None);
    parsed.report(Found::scan(file_idx), Diagnostic::in_file(path, message));
}

/// Reads each file of `paths` as [`read_files`] does: its bytes, or why not. Files only
/// (the reopen cache is used for regular files; a folder loads through [`read_files`]).
pub(crate) fn read_all(paths: &[PathBuf]) -> Vec<Result<Vec<u8>, String>> {
    paths.iter().map(|p| read_limited(p)).collect()
}

/// Parses files already read (`reads`, one per path) as one document.
pub(crate) fn parse_reads(
    paths: &[PathBuf],
    reads: &[Result<Vec<u8>, String>],
    progress: &Progress,
) -> Parsed {
    let mut parsed = Parsed::default();
    for (path, read) in paths.iter().zip(reads) {
        parse_read(&mut parsed, path, read, progress);
    }
    parsed.origins.index_definitions(&parsed.doc);
    parsed
}

/// Reads a regular file of at most the size limit ([`MAX_FILE_ENV`]). Anything else (a
/// FIFO, which would block; a device such as `/dev/zero`, which never ends; a directory)
/// is refused before it is opened for reading, with a sentence saying what it is.
fn read_limited(path: &Path) -> Result<Vec<u8>, String> {
    let limit_mb = max_file_mb()?;
    let limit = limit_mb.saturating_mul(1024 * 1024);
    let meta = std::fs::metadata(path).map_err(|err| format!("cannot read the file: {err}"))?;
    if let Some(why) = not_a_regular_file(&meta) {
        return Err(why);
    }
    if meta.len() > limit {
        return Err(too_large(meta.len(), limit_mb));
    }
    let file = std::fs::File::open(path).map_err(|err| format!("cannot read the file: {err}"))?;
    // The path may name something else by now: check what was opened.
    let meta = file
        .metadata()
        .map_err(|err| format!("cannot read the file: {err}"))?;
    if let Some(why) = not_a_regular_file(&meta) {
        return Err(why);
    }
    let capacity = usize::try_from(meta.len().min(limit)).unwrap_or(0);
    let mut bytes = Vec::with_capacity(capacity);
    // Bounded: a file growing while it is read stops one byte past the limit.
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|err| format!("cannot read the file: {err}"))?;
    if u64::try_from(bytes.len()).unwrap_or(u64::MAX) > limit {
        return Err(format!(
            "the file grew past the {limit_mb} MiB limit while it was being read; wait until \
             whatever writes it has finished, or raise the limit with the environment \
             variable {MAX_FILE_ENV} (e.g. {MAX_FILE_ENV}={})",
            limit_mb.saturating_mul(2).max(1)
        ));
    }
    Ok(bytes)
}

/// The size limit in MiB: [`MAX_FILE_ENV`] if set, else [`DEFAULT_MAX_FILE_MB`].
fn max_file_mb() -> Result<u64, String> {
    match std::env::var(MAX_FILE_ENV) {
        Err(std::env::VarError::NotPresent) => Ok(DEFAULT_MAX_FILE_MB),
        Ok(value) if value.trim().parse::<u64>().is_ok() => {
            Ok(value.trim().parse::<u64>().unwrap_or(DEFAULT_MAX_FILE_MB))
        }
        Ok(value) => Err(format!(
            "the environment variable {MAX_FILE_ENV} is `{value}`, not a whole number of MiB; \
             set it to a number such as 1024, or unset it for the default of \
             {DEFAULT_MAX_FILE_MB} MiB"
        )),
        Err(std::env::VarError::NotUnicode(_)) => Err(format!(
            "the environment variable {MAX_FILE_ENV} is not a whole number of MiB; set it to \
             a number such as 1024, or unset it for the default of {DEFAULT_MAX_FILE_MB} MiB"
        )),
    }
}

fn too_large(len: u64, limit_mb: u64) -> String {
    let mib = 1024 * 1024;
    let size_mb = len.div_ceil(mib);
    format!(
        "the file is {size_mb} MiB, more than the {limit_mb} MiB limit for evidence files; \
         check that this is the right file, or raise the limit with the environment variable \
         {MAX_FILE_ENV} (e.g. {MAX_FILE_ENV}={})",
        size_mb.next_power_of_two()
    )
}

/// Why `meta` is not something to read as an evidence file, if it is not a regular file.
fn not_a_regular_file(meta: &std::fs::Metadata) -> Option<String> {
    let kind = meta.file_type();
    if kind.is_file() {
        return None;
    }
    if kind.is_dir() {
        return Some(
            "this is a directory, not an evidence file; give the path of a `.ron` file (or the \
             folder alone, to open its files as one document)"
                .to_owned(),
        );
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        let what = if kind.is_fifo() {
            Some("a named pipe (FIFO)")
        } else if kind.is_char_device() {
            Some("a character device (such as `/dev/zero`)")
        } else if kind.is_block_device() {
            Some("a block device (a disk)")
        } else if kind.is_socket() {
            Some("a socket")
        } else {
            None
        };
        if let Some(what) = what {
            return Some(format!(
                "this is {what}, not a regular file, and is not read (it could block or never \
                 end); save the evidence to a regular file and give its path"
            ));
        }
    }
    Some(
        "this is not a regular file, and is not read; save the evidence to a regular file and \
         give its path"
            .to_owned(),
    )
}

/// How list elements are deserialized: by the fast reader with `ron` for what it does
/// not read (what loading does), or by `ron` alone (to check that both agree).
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ElementReader {
    /// The fast reader first, `ron` for anything it refuses.
    Fast,
    /// `ron` only.
    RonOnly,
}

/// Parses one in-memory file.
pub fn parse_bytes(path: &Path, bytes: &[u8], progress: &Progress) -> Parsed {
    parse_bytes_with_reader(path, bytes, progress, ElementReader::Fast)
}

/// [`parse_bytes`] with the element reader chosen: the equality tests compare the
/// fast reader's outcome with `ron`'s.
#[doc(hidden)]
pub fn parse_bytes_with_reader(
    path: &Path,
    bytes: &[u8],
    progress: &Progress,
    reader: ElementReader,
) -> Parsed {
    let mut parsed = Parsed::default();
    parse_bytes_into(&mut parsed, path, bytes, progress, reader);
    parsed.origins.index_definitions(&parsed.doc);
    parsed
}

/// Reads one value of `T` with the fast reader alone: `None` where it gives way to
/// `ron`. For the equality tests.
#[doc(hidden)]
pub fn fast_read<T: serde::de::DeserializeOwned>(text: &str) -> Option<T> {
    fast::from_str(text).ok()
}

fn parse_bytes_into(
    parsed: &mut Parsed,
    path: &Path,
    bytes: &[u8],
    progress: &Progress,
    reader: ElementReader,
) {
    let file_idx = parsed.origins.files.len();
    parsed.origins.files.push(path.to_path_buf());
    parsed.file_hashes.push(None);
    // The file's hash (FNV-1a, a byte at a time: ~70 ms at 60 MB) on a thread of its own
    // beside the parse, which leaves a core free while it scans; small files hash in less
    // time than a thread takes to start.
    const OWN_THREAD_FROM: usize = 1 << 20;
    let hash = if bytes.len() < OWN_THREAD_FROM {
        parse_text_into(parsed, file_idx, path, bytes, progress, reader, false);
        fnv1a(bytes)
    } else {
        std::thread::scope(|scope| {
            let hash = scope.spawn(|| fnv1a(bytes));
            parse_text_into(parsed, file_idx, path, bytes, progress, reader, true);
            // A panic there is a bug, not bad input: re-raise it.
            hash.join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        })
    };
    if let Some(slot) = parsed.file_hashes.get_mut(file_idx) {
        *slot = Some(hash);
    }
}

/// [`parse_bytes_into`] but the file's hash, which the caller fills in: the file is
/// number `file_idx` of the document. `pipelined`: its entries are read on a thread of
/// their own while it is scanned (for large files; the same outcome either way).
fn parse_text_into(
    parsed: &mut Parsed,
    file_idx: usize,
    path: &Path,
    bytes: &[u8],
    progress: &Progress,
    reader: ElementReader,
    pipelined: bool,
) {
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => {
            let valid = bytes.get(..err.valid_up_to()).unwrap_or_default();
            let prefix = std::str::from_utf8(valid).unwrap_or_default();
            let pos = LineMap::new(prefix).pos(prefix.len());
            parsed.report(
                Found::scan(file_idx),
                Diagnostic::at(
                    path,
                    pos,
                    "the file is not UTF-8 text (invalid byte here); save it as UTF-8",
                ),
            );
            return;
        }
    };
    // Entries are read while the file is scanned: progress counts their bytes.
    progress.start(Stage::Parsing, text.len());
    let file_rank = parsed.origins.file_rank(path);
    let lines = LineMap::new(text);
    let mut run = |pipe: Option<scan::Pipe>| {
        let mut parser = scan::Parser {
            src: text,
            bytes: text.as_bytes(),
            at: 0,
            lines: &lines,
            path,
            file_idx,
            out: parsed,
            version_seen: false,
            pending: Vec::new(),
            progress,
            spanning: None,
            recoveries: 0,
            origin_cursor: Cursor::default(),
            file_rank,
            reader,
            pipe,
        };
        if let Err(err) = parser.document()
            && !err.message.is_empty()
        {
            let pos = parser.lines.pos(err.offset);
            parser.out.report(
                Found::scan(file_idx),
                Diagnostic::at(path, pos, err.message),
            );
        }
        // Elements scanned before a fatal error are still checked.
        parser.deserialize_pending();
        parser.finish_pipe();
    };
    if !pipelined {
        run(None);
        return;
    }
    // The batches of entries are read on a thread of their own while the scan goes
    // on; at most one waits to be read while another is, so memory stays bounded.
    std::thread::scope(|scope| {
        let (work_in, work_out) = std::sync::mpsc::sync_channel(1);
        let (done_in, done_out) = std::sync::mpsc::sync_channel(1);
        let reading = scan::Reading {
            src: text,
            lines: &lines,
            path,
            progress,
            reader,
        };
        scope.spawn(move || scan::read_batches(reading, &work_out, &done_in));
        run(Some(scan::Pipe {
            work: work_in,
            done: done_out,
            in_flight: false,
        }));
    });
}

/// Deserializes a list field with no spare capacity. `ron` does not say how long a list
/// is, so a vector grows while it is read and keeps room for four or more items: a claim
/// of one-item link lists would take twice its size. Shrinking as each list is read lets
/// the allocator reuse the room at once.
pub(crate) fn exact_vec<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    let mut items = <Vec<T> as serde::Deserialize>::deserialize(deserializer)?;
    items.shrink_to_fit();
    Ok(items)
}

/// Reads a list of ids ([`IdList`](super::IdList)): one id stays in place, more are
/// kept without spare room (as [`exact_vec`]). The room reserved up front from a length
/// the input states is capped, so a length in a damaged cache entry cannot reserve
/// more than the list it then fails to read.
pub(crate) fn id_list<'de, D>(deserializer: D) -> Result<super::IdList, D::Error>
where
    D: serde::Deserializer<'de>,
{
    struct Ids;
    impl<'de> serde::de::Visitor<'de> for Ids {
        type Value = super::IdList;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a sequence")
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(
            self,
            mut seq: A,
        ) -> Result<Self::Value, A::Error> {
            const MAX_RESERVED: usize = 256;
            let mut ids = super::IdList::new();
            ids.reserve(seq.size_hint().unwrap_or(0).min(MAX_RESERVED));
            while let Some(id) = seq.next_element()? {
                ids.push(id);
            }
            ids.shrink_to_fit();
            Ok(ids)
        }
    }
    deserializer.deserialize_seq(Ids)
}

/// Elements of the top-level lists all carry an id.
pub trait HasId {
    /// The element's id.
    fn id(&self) -> &str;
}

#[cfg(test)]
// Tests may panic on broken fixtures: that is how they fail.
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::{ElementReader, Parsed, parse_text_into};
    use crate::platform::Progress;

    /// What a parse gave, everything included (document, diagnostics in the order
    /// found, origins, gaps, the fast reader's misses).
    fn parse(text: &str, pipelined: bool) -> String {
        let mut parsed = Parsed::default();
        let path = std::path::Path::new("evidence.ron");
        parsed.origins.files.push(path.to_path_buf());
        let (progress, reader) = (Progress::default(), ElementReader::Fast);
        parse_text_into(
            &mut parsed,
            0,
            path,
            text.as_bytes(),
            &progress,
            reader,
            pipelined,
        );
        // Hash maps in key order: theirs differs between two maps of the same keys.
        let lists: std::collections::BTreeMap<_, _> = parsed.origins.lists.iter().collect();
        let failed: std::collections::BTreeMap<_, _> = parsed.gaps.failed.iter().collect();
        format!(
            "{:?}\n{:?}\n{lists:?}\n{failed:?} {}\n{:?}\n{}",
            parsed.doc,
            parsed.diagnostics,
            parsed.gaps.truncated,
            parsed.leading,
            parsed.fast_misses
        )
    }

    #[test]
    fn entries_read_while_the_scan_goes_on_load_as_when_read_in_turn() {
        let text = super::to_ron_string(&crate::model::synth::synthetic(6000, 7)).unwrap();
        let mut broken = text.clone();
        // Problems in several batches: entries that fail to read, a quote cut short
        // (the scan resynchronises), a field the model does not know.
        let cuts = [0.1, 0.35, 0.6, 0.85];
        for (n, at) in cuts.iter().enumerate().rev() {
            let from = (broken.len() as f64 * at) as usize;
            let from = broken.floor_char_boundary(from);
            let rest = broken.get(from..).unwrap();
            let (needle, with) = match n % 3 {
                0 => ("level: ", "level: Nonsense, old_level: "),
                1 => ("quote: \"", "quote: "),
                _ => ("model: ", "modle: "),
            };
            let hit = from + rest.find(needle).unwrap();
            broken.replace_range(hit..hit + needle.len(), with);
        }
        for text in [&text, &broken] {
            let in_turn = parse(text, false);
            assert_eq!(parse(text, true), in_turn);
        }
        let seen = parse(&broken, false);
        assert!(
            seen.contains("Nonsense") && seen.contains("modle"),
            "the damage is seen"
        );
        assert_eq!(seen.matches("Diagnostic {").count(), 6, "{seen}");
    }
}
