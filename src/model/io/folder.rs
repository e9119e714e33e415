//! Evidence folders: which files a folder holds ([`evidence_files`]), what they looked
//! like when loaded or saved ([`Layout`]: the [`Sources`] of every record and a
//! [`FileStamp`] per file), and saving a document back into its files
//! ([`save_layout`]): each changed file atomically, unchanged files left alone.
//!
//! A save of several files is not atomic as a whole: each file is replaced atomically
//! (it is always either its old or its new version), but a crash between two files
//! leaves some old and some new. The order keeps such a mix loadable where it can:
//! files that only gain records are written first, then files whose records only
//! changed, and files that lose records last. So a new entity is on disk before the
//! claim naming it, and a claim no longer names a deleted entity before the entity goes.
//! Saving again writes the files still old (the others are already equal and skipped).

use std::path::{Path, PathBuf};

use super::save::{SaveError, SaveReport};
use super::stamp::{Change, FileStamp};
use super::write::Fault;
use crate::model::hash::fnv1a;
use crate::model::sources::{List, Sources};
use crate::model::{Document, Loaded};

/// The evidence files of folder `dir`, sorted by name (byte order, so every machine
/// reads them in the same order): the entries whose names end in `.ron` (so not the
/// saves' `NAME.bak` backups), except hidden ones (a leading `.`, as a save's temporary
/// files have) and decks (`*.deck.ron`). Subfolders are not read, so `exports/` and the like may live inside.
/// Anything else named `*.ron` (a FIFO, a device) is listed, for the reader to refuse.
pub fn evidence_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let entries = std::fs::read_dir(dir).map_err(|err| format!("cannot read the folder: {err}"))?;
    let mut files = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|err| format!("cannot read the folder: {err}"))?;
        let name = entry.file_name();
        let name_bytes = name.as_encoded_bytes();
        if name_bytes.starts_with(b".")
            || !name_bytes.ends_with(b".ron")
            || name_bytes.ends_with(b".deck.ron")
        {
            continue;
        }
        let path = entry.path();
        // Links are followed: a linked file is read, a linked folder is not.
        if std::fs::metadata(&path).is_ok_and(|meta| meta.is_dir()) {
            continue;
        }
        files.push(path);
    }
    files.sort_by(|a, b| {
        a.file_name()
            .map(std::ffi::OsStr::as_encoded_bytes)
            .cmp(&b.file_name().map(std::ffi::OsStr::as_encoded_bytes))
    });
    Ok(files)
}

/// What the files of a document looked like when it was loaded or last saved: which
/// file each record is in, and a stamp per file (`None`: the file did not exist).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Layout {
    sources: Sources,
    stamps: Vec<Option<FileStamp>>,
}

/// What [`Layout::check`] found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FolderChange {
    /// Every file as stamped, and no file added to or removed from the folder.
    Same,
    /// A file changed, appeared or went away.
    Changed,
    /// The folder itself is gone.
    Gone,
}

impl Layout {
    /// The layout of a document as loaded: its sources, each file stamped by the hash
    /// of the bytes read (the first [`Layout::check`] reads each file once to take its
    /// size and time; see [`FileStamp::from_hash`]).
    pub fn from_loaded(loaded: &Loaded) -> Layout {
        let files = loaded.sources.files().len();
        let stamps = (0..files)
            .map(|file| {
                loaded
                    .file_hashes
                    .get(file)
                    .copied()
                    .flatten()
                    .map(FileStamp::from_hash)
            })
            .collect();
        Layout {
            sources: loaded.sources.clone(),
            stamps,
        }
    }

    /// A layout of files not written yet (`paracrine split`, `synth --files`): saving
    /// it writes every file that has records.
    pub fn unwritten(sources: Sources) -> Layout {
        let stamps = vec![None; sources.files().len()];
        Layout { sources, stamps }
    }

    /// Which file each record is in.
    pub fn sources(&self) -> &Sources {
        &self.sources
    }

    /// The content hash of the files as stamped, as [`Loaded::hash`] gives it for a load
    /// of them (files that did not exist left out).
    pub fn hash(&self) -> u64 {
        let hashes: Vec<Option<u64>> = self
            .stamps
            .iter()
            .filter_map(|stamp| stamp.map(|s| Some(s.hash)))
            .collect();
        super::content_hash(&hashes)
    }

    /// Whether any file changed since the stamps (size and time first, the content only
    /// when they differ; see [`FileStamp::check`]), and, for a folder, whether evidence
    /// files were added to it or removed from it.
    pub fn check(&mut self) -> std::io::Result<FolderChange> {
        if let Some(dir) = self.sources.folder() {
            match std::fs::metadata(dir) {
                Ok(meta) if meta.is_dir() => {}
                Ok(_) => return Ok(FolderChange::Changed),
                Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                    return Ok(FolderChange::Gone);
                }
                Err(err) => return Err(err),
            }
            let mut now = evidence_files(dir).map_err(std::io::Error::other)?;
            let mut stamped: Vec<PathBuf> = self
                .sources
                .files()
                .iter()
                .zip(&self.stamps)
                .filter(|(_, stamp)| stamp.is_some())
                .map(|(file, _)| file.clone())
                .collect();
            now.sort();
            stamped.sort();
            if now != stamped {
                return Ok(FolderChange::Changed);
            }
        }
        let files = self.sources.files().to_vec();
        for (file, stamp) in files.iter().zip(&mut self.stamps) {
            let Some(stamp) = stamp else { continue };
            match stamp.check(file)? {
                Change::Same => {}
                Change::Changed { .. } | Change::Gone => return Ok(FolderChange::Changed),
            }
        }
        Ok(FolderChange::Same)
    }
}

/// One file a save will write.
#[derive(Debug)]
struct Planned {
    /// Its index in the sources.
    file: usize,
    /// The new text.
    text: String,
    /// Comments in the file on disk that rewriting it drops, in words.
    comments: Option<String>,
    /// Write order: 0 gains records only, 1 changes, 2 loses records.
    order: u8,
}

/// A save of a document into its files, worked out and not yet written
/// ([`plan_layout`]): which files change, their new text, what they hold now.
#[derive(Debug)]
pub struct LayoutPlan {
    writes: Vec<Planned>,
    /// The layout after the save: the new sources; stamps of the files left alone.
    layout: Layout,
    unchanged: usize,
}

impl LayoutPlan {
    /// The files the save will write, in the order it writes them.
    pub fn files_to_write(&self) -> Vec<&Path> {
        self.writes
            .iter()
            .filter_map(|w| self.layout.sources.files().get(w.file))
            .map(PathBuf::as_path)
            .collect()
    }

    /// The comments the save would drop (rewriting a file drops its comments), in words,
    /// file by file; `None` when there are none.
    pub fn comments(&self) -> Option<String> {
        let found: Vec<&str> = self
            .writes
            .iter()
            .filter_map(|w| w.comments.as_deref())
            .collect();
        (!found.is_empty()).then(|| found.join("; "))
    }

    /// Writes the files, in order, each with [`super::save_atomic`]'s guarantees.
    pub fn commit(self) -> Result<LayoutReport, LayoutError> {
        self.commit_with_fault(None)
    }

    /// [`LayoutPlan::commit`] with a simulated failure while writing the `n`-th file
    /// (counting from 0 in write order), for tests.
    #[doc(hidden)]
    pub fn commit_with_fault(
        self,
        fault: Option<(usize, Fault)>,
    ) -> Result<LayoutReport, LayoutError> {
        let LayoutPlan {
            writes,
            mut layout,
            unchanged,
        } = self;
        let paths: Vec<PathBuf> = layout.sources.files().to_vec();
        let path_of = |file: usize| paths.get(file).cloned().unwrap_or_default();
        let mut written = Vec::with_capacity(writes.len());
        for (n, planned) in writes.iter().enumerate() {
            let fault = fault.and_then(|(at, fault)| (at == n).then_some(fault));
            let path = path_of(planned.file);
            match super::save::save_bytes(&path, planned.text.as_bytes(), fault) {
                Ok(report) => {
                    if let Some(stamp) = layout.stamps.get_mut(planned.file) {
                        *stamp = Some(report.stamp);
                    }
                    written.push(report);
                }
                Err(error) => {
                    return Err(LayoutError::Partial(Box::new(PartialSave {
                        written: written.into_iter().map(|r| r.written).collect(),
                        failed: path,
                        not_written: writes.iter().skip(n + 1).map(|w| path_of(w.file)).collect(),
                        error,
                        layout,
                    })));
                }
            }
        }
        Ok(LayoutReport {
            written,
            unchanged,
            layout,
        })
    }
}

/// What a save of a document into its files did.
#[derive(Debug)]
pub struct LayoutReport {
    /// Each file written, in the order written.
    pub written: Vec<SaveReport>,
    /// How many files already held their records and were left alone.
    pub unchanged: usize,
    /// The files now: save the next version against this.
    pub layout: Layout,
}

impl LayoutReport {
    /// What the save did, in one sentence: the files written (or that none needed it),
    /// where the previous versions are, and any warnings.
    pub fn message(&self) -> String {
        let total = self.written.len() + self.unchanged;
        let place = self
            .layout
            .sources
            .folder()
            .map(|dir| format!(" in {}", dir.display()))
            .unwrap_or_default();
        if self.written.is_empty() {
            return format!(
                "nothing to write{place}: its {total} file(s) already hold the evidence as it is"
            );
        }
        let names: Vec<String> = self
            .written
            .iter()
            .map(|r| {
                r.written.file_name().map_or_else(
                    || r.written.display().to_string(),
                    |n| n.to_string_lossy().into_owned(),
                )
            })
            .collect();
        let mut message = format!(
            "saved {} of {total} file(s){place}: {}",
            self.written.len(),
            names.join(", ")
        );
        if self.written.iter().any(|r| r.backup.is_some()) {
            message.push_str(" (previous versions kept as .NAME.bak beside them)");
        }
        for warning in self.written.iter().flat_map(|r| &r.warnings) {
            message.push_str("; ");
            message.push_str(warning);
        }
        message
    }
}

/// Why a save of a document into its files failed.
#[derive(Debug, thiserror::Error)]
pub enum LayoutError {
    /// A file's records could not be turned into RON; nothing was written.
    #[error("could not turn the evidence of {} into text: {message}; no file was written", path.display())]
    Serialize {
        /// The file.
        path: PathBuf,
        /// The serializer's message.
        message: String,
    },
    /// Writing one file failed: those before it were written, it and those after it
    /// were not (each file is its old or its new version).
    #[error("{}", partial_message(&.0.written, &.0.not_written, &.0.error))]
    Partial(Box<PartialSave>),
}

/// What a save that failed half way did ([`LayoutError::Partial`]).
#[derive(Debug)]
pub struct PartialSave {
    /// The files written before the failure.
    pub written: Vec<PathBuf>,
    /// The file that failed (unchanged on disk).
    pub failed: PathBuf,
    /// The files after it, not written (unchanged on disk).
    pub not_written: Vec<PathBuf>,
    /// Why.
    pub error: SaveError,
    /// The files now: the written ones' new stamps, the others' old ones.
    pub layout: Layout,
}

fn partial_message(written: &[PathBuf], not_written: &[PathBuf], error: &SaveError) -> String {
    let names = |files: &[PathBuf]| {
        files
            .iter()
            .map(|f| f.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut message = error.to_string();
    if !not_written.is_empty() {
        message.push_str(&format!("; not written either: {}", names(not_written)));
    }
    if written.is_empty() {
        message.push_str("; no file was changed");
    } else {
        message.push_str(&format!(
            "; already saved: {} — each file holds its old or its new version; fix the \
             problem and save again to write the rest",
            names(written)
        ));
    }
    message
}

/// Works out a save of `doc` into the files of `layout` ([`Sources::place`] says which
/// file each record goes to): each file's records in document order, in the canonical
/// layout. A file is left alone when it already holds exactly those records — the same
/// bytes, or (a hand-formatted file) the same records once read — so a save rewrites
/// only the files whose records changed, and a curator's edit never reformats another
/// curator's file. A file that loses all its records is written empty; a file that never
/// existed and would be empty is not made.
pub fn plan_layout(doc: &Document, layout: &Layout) -> Result<LayoutPlan, LayoutError> {
    let sources = layout.sources.place(doc);
    let kept = sources.kept_since(&layout.sources);
    let before = layout.sources.by_file();
    let mut stamps: Vec<Option<FileStamp>> = vec![None; sources.files().len()];
    let mut writes = Vec::new();
    let mut unchanged = 0;
    for (file, records) in sources.by_file().iter().enumerate() {
        let path = sources.files().get(file).cloned().unwrap_or_default();
        let part = extract(doc, records);
        let text = super::to_ron_string(&part).map_err(|err| LayoutError::Serialize {
            path: path.clone(),
            message: err.to_string(),
        })?;
        let on_disk = FileStamp::read(&path).ok();
        let empty = records.iter().all(Vec::is_empty);
        if on_disk.is_none() && empty {
            continue;
        }
        if let Some((stamp, bytes)) = &on_disk
            && (bytes.as_slice() == text.as_bytes() || holds(&path, bytes, &part))
        {
            stamps[file] = Some(*stamp);
            unchanged += 1;
            continue;
        }
        // Keep the stamp of a file not written until it is: a save that fails half way
        // then still knows the files it did not get to.
        stamps[file] = layout.stamps.get(file).copied().flatten();
        let (n, n_kept) = kept.get(file).copied().unwrap_or_default();
        let n_before = before
            .get(file)
            .map_or(0, |lists| lists.iter().map(Vec::len).sum());
        let gains = n > n_kept;
        let loses = n_before > n_kept;
        let order = match (gains, loses) {
            (true, false) => 0,
            (false, true) => 2,
            (true, true) | (false, false) => 1,
        };
        let comments = on_disk
            .as_ref()
            .and_then(|(_, bytes)| super::describe_comments(&path, &super::comments(bytes)));
        writes.push(Planned {
            file,
            text,
            comments,
            order,
        });
    }
    writes.sort_by_key(|w| (w.order, w.file));
    Ok(LayoutPlan {
        writes,
        layout: Layout { sources, stamps },
        unchanged,
    })
}

/// Saves `doc` into the files of `layout`: [`plan_layout`], then [`LayoutPlan::commit`].
pub fn save_layout(doc: &Document, layout: &Layout) -> Result<LayoutReport, LayoutError> {
    plan_layout(doc, layout)?.commit()
}

/// Whether the file `bytes` (read from `path`) holds exactly the records of `part`.
fn holds(path: &Path, bytes: &[u8], part: &Document) -> bool {
    let parsed = super::parse_bytes(path, bytes, &crate::platform::Progress::default());
    parsed.diagnostics.is_empty() && parsed.doc == *part
}

/// The document of one file: the records of `doc` at `records`, in order.
fn extract(doc: &Document, records: &[Vec<u32>]) -> Document {
    let mut part = Document {
        version: doc.version,
        ..Document::default()
    };
    for list in List::all() {
        let Some(at) = records.get(list.index()) else {
            continue;
        };
        for &idx in at {
            let idx = idx as usize;
            match list {
                List::Entities(kind) => {
                    if let Some(entity) = doc.entity(kind, idx) {
                        part.push_entity(entity.to_owned());
                    }
                }
                List::Claims => part.claims.extend(doc.claims.get(idx).cloned()),
                List::Tables => part.tables.extend(doc.tables.get(idx).cloned()),
                List::Figures => part.figures.extend(doc.figures.get(idx).cloned()),
            }
        }
    }
    part
}

/// What the evidence on disk looked like when loaded or saved: one file's stamp, or a
/// folder's (or several files') [`Layout`]. The app keeps one to notice changes made
/// behind its back and to save back where the records came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stamp {
    /// One file.
    File(FileStamp),
    /// A folder: every file's stamp and every record's file.
    Folder(Box<Layout>),
}

/// What [`Stamp::look`] found on disk.
#[derive(Debug)]
pub enum Look {
    /// As stamped.
    Same,
    /// Nothing there any more.
    Gone,
    /// Other content: its content hash and the document it holds now.
    Changed {
        /// As [`Loaded::hash`] gives it.
        hash: u64,
        /// What loaded (entries that fail to parse left out).
        doc: Box<Document>,
    },
}

impl Stamp {
    /// The stamp of a document just loaded: its folder's layout when it was opened as a
    /// folder, else its file's hash.
    pub fn after_load(loaded: &Loaded) -> Stamp {
        if loaded.sources.folder().is_some() {
            Stamp::Folder(Box::new(Layout::from_loaded(loaded)))
        } else {
            Stamp::File(FileStamp::from_hash(loaded.hash))
        }
    }

    /// The content hash as stamped.
    pub fn hash(&self) -> u64 {
        match self {
            Stamp::File(stamp) => stamp.hash,
            Stamp::Folder(layout) => layout.hash(),
        }
    }

    /// The folder's layout, for a folder.
    pub fn layout(&self) -> Option<&Layout> {
        match self {
            Stamp::File(_) => None,
            Stamp::Folder(layout) => Some(layout),
        }
    }

    /// Looks at the evidence at `path` (the file, or the folder): unchanged, gone, or
    /// changed — then read and parsed, to say what changed. Cheap while nothing changed
    /// (see [`FileStamp::check`] and [`Layout::check`]).
    pub fn look(&mut self, path: &Path) -> std::io::Result<Look> {
        match self {
            Stamp::File(stamp) => Ok(match stamp.check(path)? {
                Change::Same => Look::Same,
                Change::Gone => Look::Gone,
                Change::Changed { bytes } => Look::Changed {
                    hash: fnv1a(&bytes),
                    doc: Box::new(crate::model::load_bytes(path, &bytes).doc),
                },
            }),
            Stamp::Folder(layout) => Ok(match layout.check()? {
                FolderChange::Same => Look::Same,
                FolderChange::Gone => Look::Gone,
                FolderChange::Changed => {
                    let loaded = crate::model::load_files(&[path.to_path_buf()]);
                    Look::Changed {
                        hash: loaded.hash,
                        doc: Box::new(loaded.doc),
                    }
                }
            }),
        }
    }
}

/// Writes `doc` as a new evidence folder `dir`, one file per review with its studies,
/// claims, tables and figures, and the other entities in `entities.ron`
/// ([`Sources::split_by_review`]). The folder is made if missing; one that already
/// holds evidence files is refused (the result would be read together with them).
pub fn write_split(dir: &Path, doc: &Document) -> Result<LayoutReport, String> {
    std::fs::create_dir_all(dir)
        .map_err(|err| format!("cannot create the folder {}: {err}", dir.display()))?;
    let existing = evidence_files(dir).map_err(|err| format!("{}: {err}", dir.display()))?;
    if let Some(first) = existing.first() {
        return Err(format!(
            "{} already holds evidence files ({} of them, e.g. {}); give a new or empty \
             folder, so that nothing is mixed with them",
            dir.display(),
            existing.len(),
            first.display()
        ));
    }
    let layout = Layout::unwritten(Sources::split_by_review(dir, doc));
    save_layout(doc, &layout).map_err(|err| err.to_string())
}
