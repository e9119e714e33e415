//! The crash recovery file: a snapshot of unsaved edits, written now and then while
//! editing, so that a crash or a kill loses little. One file per evidence file, in the
//! app's data folder (the caller passes it: eframe's storage folder in the app, a scratch
//! folder in tests), named by a hash of the evidence file's real path:
//! `DATA/recovery/STEM-HASH.recovery.ron`.
//!
//! The file is a comment line, a one-line RON header ([`Header`]: which evidence file,
//! the hash of that file when the snapshot was taken, the time, and the length and hash
//! of the document text) and then the document in the canonical layout. It is written
//! atomically; reading checks the header and the text against each other, so a damaged
//! or foreign file is reported and never trusted.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

use super::write::{Symlinks, WriteError};
use crate::model::Document;
use crate::model::hash::fnv1a;

/// The format of the recovery file's header this build writes and reads.
const RECOVERY_FORMAT: u32 = 1;

/// The first line of every recovery file.
const FIRST_LINE: &str = "// Paracrine crash recovery: unsaved edits of an evidence file. Not \
                          an evidence file itself; Paracrine offers to restore it.";

/// A recovery file larger than this is not read (a wrong file in the folder).
const MAX_RECOVERY_BYTES: u64 = 1 << 30;

/// Unsaved edits found after a crash.
#[derive(Clone, Debug, PartialEq)]
pub struct Recovery {
    /// The edited document as it was at the snapshot.
    pub doc: Document,
    /// The evidence file it was edited from (its real path when the snapshot was taken).
    pub original_path: PathBuf,
    /// The FNV-1a hash of that file's bytes as loaded or last saved before the snapshot;
    /// if the file hashes differently now, it changed since (another program, another
    /// window). `None` when there was no file yet.
    pub original_hash_at_snapshot: Option<u64>,
    /// When the snapshot was written.
    pub saved_at: SystemTime,
}

/// The recovery file's header line.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Header {
    format: u32,
    original_path: String,
    original_hash: Option<u64>,
    saved_at_unix_ms: u64,
    document_len: u64,
    document_hash: u64,
}

/// Why a recovery snapshot was not written.
#[derive(Debug, thiserror::Error)]
pub enum RecoveryError {
    /// The document could not be turned into RON.
    #[error("could not write the recovery snapshot: {0}")]
    Serialize(String),
    /// The recovery folder could not be made.
    #[error("could not write the recovery snapshot: cannot create the folder {}: {message}", dir.display())]
    Folder {
        /// The folder.
        dir: PathBuf,
        /// The operating system's message.
        message: String,
    },
    /// Writing the file failed.
    #[error("could not write the recovery snapshot: {0}")]
    Write(#[from] WriteError),
}

/// The recovery file for `evidence_path` in `data_dir`: one per evidence file, named by
/// the FNV-1a hash of its real path (the path made absolute and its links resolved, as
/// far as it exists), with its stem in front for people looking in the folder.
pub fn recovery_path(data_dir: &Path, evidence_path: &Path) -> PathBuf {
    let real = real_path(evidence_path);
    let stem: String = real
        .file_stem()
        .map(|stem| stem.to_string_lossy())
        .unwrap_or_default()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .take(40)
        .collect();
    let hash = fnv1a(real.as_os_str().as_encoded_bytes());
    recovery_dir(data_dir).join(format!("{stem}-{hash:016x}.recovery.ron"))
}

/// Writes a snapshot of `doc`, edited from `evidence_path` whose bytes hashed to
/// `original_hash` when loaded or last saved, atomically (see
/// [`super::write_atomic`]) to [`recovery_path`]. Returns the file written.
pub fn write_recovery(
    data_dir: &Path,
    evidence_path: &Path,
    doc: &Document,
    original_hash: Option<u64>,
) -> Result<PathBuf, RecoveryError> {
    write_recovery_at(
        data_dir,
        evidence_path,
        doc,
        original_hash,
        SystemTime::now(),
    )
}

/// [`write_recovery`] with the snapshot's time given.
fn write_recovery_at(
    data_dir: &Path,
    evidence_path: &Path,
    doc: &Document,
    original_hash: Option<u64>,
    saved_at: SystemTime,
) -> Result<PathBuf, RecoveryError> {
    let document =
        super::to_ron_string(doc).map_err(|err| RecoveryError::Serialize(err.to_string()))?;
    let header = Header {
        format: RECOVERY_FORMAT,
        original_path: real_path(evidence_path).to_string_lossy().into_owned(),
        original_hash,
        saved_at_unix_ms: saved_at
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |since| {
                u64::try_from(since.as_millis()).unwrap_or(u64::MAX)
            }),
        document_len: u64::try_from(document.len()).unwrap_or(u64::MAX),
        document_hash: fnv1a(document.as_bytes()),
    };
    let header =
        ron::to_string(&header).map_err(|err| RecoveryError::Serialize(err.to_string()))?;
    let dir = recovery_dir(data_dir);
    std::fs::create_dir_all(&dir).map_err(|err| RecoveryError::Folder {
        dir: dir.clone(),
        message: err.to_string(),
    })?;
    let path = recovery_path(data_dir, evidence_path);
    let text = format!("{FIRST_LINE}\n{header}\n{document}");
    // A link planted at the name is refused rather than followed.
    let written = super::write_atomic(&path, text.as_bytes(), Symlinks::Refuse)?;
    if let Some(name) = path.file_name() {
        super::write::remove_stale_temporaries(&dir, &name.to_string_lossy());
    }
    Ok(written)
}

/// The snapshot of unsaved edits of `evidence_path`, if there is one: `None` when there
/// is no recovery file, an error (a sentence naming the file) when it cannot be read or
/// is damaged, incomplete, or belongs to another evidence file. Never panics; a damaged
/// file is left where it is for the caller to report and discard.
pub fn read_recovery(data_dir: &Path, evidence_path: &Path) -> Option<Result<Recovery, String>> {
    let path = recovery_path(data_dir, evidence_path);
    let meta = match std::fs::symlink_metadata(&path) {
        Ok(meta) => meta,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return None,
        Err(err) => {
            return Some(Err(format!(
                "the recovery file {} cannot be read: {err}",
                path.display()
            )));
        }
    };
    let damaged = |why: &str| {
        format!(
            "the recovery file {} is {why}; it was not used (discard it, or keep a copy to \
             look at)",
            path.display()
        )
    };
    if !meta.is_file() {
        return Some(Err(damaged("not a regular file")));
    }
    if meta.len() > MAX_RECOVERY_BYTES {
        return Some(Err(damaged("far too large to be a snapshot")));
    }
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(err) => {
            return Some(Err(format!(
                "the recovery file {} cannot be read: {err}",
                path.display()
            )));
        }
    };
    let recovery = parse(&path, &bytes).map_err(|why| damaged(&why));
    Some(recovery.and_then(|recovery| {
        let expected = real_path(evidence_path);
        if recovery.original_path == expected {
            Ok(recovery)
        } else {
            Err(format!(
                "the recovery file {} holds edits of {}, not of {}; it was not used",
                path.display(),
                recovery.original_path.display(),
                expected.display()
            ))
        }
    }))
}

/// Removes the recovery file of `evidence_path` (after a save, or when the user declines
/// to restore it). No file is not an error.
pub fn discard_recovery(data_dir: &Path, evidence_path: &Path) -> std::io::Result<()> {
    match std::fs::remove_file(recovery_path(data_dir, evidence_path)) {
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(()),
        other => other,
    }
}

/// The folder of recovery files in `data_dir`.
fn recovery_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("recovery")
}

/// `path` made absolute with its links resolved: the file's real path if it exists, else
/// its folder's real path and its name, else the absolute path as given.
fn real_path(path: &Path) -> PathBuf {
    if let Ok(real) = std::fs::canonicalize(path) {
        return real;
    }
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    match (absolute.parent(), absolute.file_name()) {
        (Some(dir), Some(name)) => std::fs::canonicalize(dir)
            .map(|dir| dir.join(name))
            .unwrap_or(absolute),
        _ => absolute,
    }
}

/// Reads a recovery file's bytes; the error says what is wrong with them.
fn parse(path: &Path, bytes: &[u8]) -> Result<Recovery, String> {
    let text = std::str::from_utf8(bytes).map_err(|_| "not UTF-8 text".to_owned())?;
    let mut parts = text.splitn(3, '\n');
    if parts.next() != Some(FIRST_LINE) {
        return Err("not a Paracrine recovery file (its first line is wrong)".to_owned());
    }
    let header_line = parts.next().ok_or("cut short after its first line")?;
    let document = parts.next().ok_or("cut short after its header")?;
    let header: Header = ron::from_str(header_line)
        .map_err(|err| format!("damaged: its header does not read ({err})"))?;
    if header.format != RECOVERY_FORMAT {
        return Err(format!(
            "of format {}, which this version of Paracrine does not read",
            header.format
        ));
    }
    if u64::try_from(document.len()).ok() != Some(header.document_len)
        || fnv1a(document.as_bytes()) != header.document_hash
    {
        return Err("damaged or incomplete: its text does not match its header".to_owned());
    }
    let parsed = super::parse_bytes(
        path,
        document.as_bytes(),
        &crate::platform::Progress::default(),
    );
    if !parsed.diagnostics.is_empty() {
        let (listed, _) = parsed.diagnostics.into_sorted();
        let first = listed
            .first()
            .map_or_else(String::new, |d| d.message.clone());
        return Err(format!("damaged: its document does not read ({first})"));
    }
    Ok(Recovery {
        doc: parsed.doc,
        original_path: PathBuf::from(header.original_path),
        original_hash_at_snapshot: header.original_hash,
        saved_at: SystemTime::UNIX_EPOCH + Duration::from_millis(header.saved_at_unix_ms),
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("paracrine-recovery-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("scratch");
        dir
    }

    fn small_doc() -> Document {
        crate::model::synth::synthetic(30, 7)
    }

    #[test]
    fn a_snapshot_reads_back_and_is_discarded() {
        let dir = scratch("round");
        let data = dir.join("data");
        let evidence = dir.join("evidence.ron");
        std::fs::write(&evidence, "on disk").unwrap();
        assert!(read_recovery(&data, &evidence).is_none(), "nothing yet");
        let doc = small_doc();
        let at = SystemTime::UNIX_EPOCH + Duration::from_millis(1_765_000_000_123);
        let written = write_recovery_at(&data, &evidence, &doc, Some(42), at).expect("write");
        assert_eq!(written, recovery_path(&data, &evidence));
        let name = written.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            name.starts_with("evidence-") && name.ends_with(".recovery.ron"),
            "{name}"
        );
        let recovery = read_recovery(&data, &evidence).expect("some").expect("ok");
        assert_eq!(recovery.doc, doc);
        assert_eq!(recovery.original_path, evidence.canonicalize().unwrap());
        assert_eq!(recovery.original_hash_at_snapshot, Some(42));
        assert_eq!(recovery.saved_at, at);
        // Another path to the same file finds the same snapshot.
        let roundabout = dir.join(".").join("evidence.ron");
        assert_eq!(recovery_path(&data, &roundabout), written);
        discard_recovery(&data, &evidence).expect("discard");
        assert!(read_recovery(&data, &evidence).is_none());
        discard_recovery(&data, &evidence).expect("discarding nothing is fine");
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn different_files_have_different_snapshots() {
        let dir = scratch("two");
        let data = dir.join("data");
        std::fs::create_dir_all(dir.join("a")).unwrap();
        std::fs::create_dir_all(dir.join("b")).unwrap();
        let a = dir.join("a/evidence.ron");
        let b = dir.join("b/evidence.ron");
        assert_ne!(recovery_path(&data, &a), recovery_path(&data, &b));
        write_recovery(&data, &a, &small_doc(), None).expect("a");
        assert!(read_recovery(&data, &b).is_none());
        let recovery = read_recovery(&data, &a).expect("some").expect("ok");
        assert_eq!(recovery.original_hash_at_snapshot, None);
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn a_damaged_snapshot_is_reported_not_trusted() {
        let dir = scratch("damaged");
        let data = dir.join("data");
        let evidence = dir.join("evidence.ron");
        let path = write_recovery(&data, &evidence, &small_doc(), Some(1)).expect("write");
        let good = std::fs::read(&path).unwrap();
        let header_end = good
            .iter()
            .skip(FIRST_LINE.len() + 1)
            .position(|&b| b == b'\n');
        let header_end = header_end.unwrap() + FIRST_LINE.len() + 1;
        let mut flipped = good.clone();
        let last = flipped.len() - 3;
        flipped[last] ^= 0x20;
        let mut other_file = String::from_utf8(good.clone()).unwrap();
        other_file = other_file.replacen("evidence.ron\"", "elsewhere.ron\"", 1);
        for (what, bytes, says) in [
            ("empty", Vec::new(), "first line is wrong"),
            (
                "cut in the header",
                good[..FIRST_LINE.len() + 10].to_vec(),
                "cut short",
            ),
            (
                "cut in the document",
                good[..good.len() / 2].to_vec(),
                "does not match",
            ),
            ("a flipped bit", flipped, "does not match"),
            (
                "a broken header",
                [
                    &good[..FIRST_LINE.len() + 1],
                    b"(format: 1,",
                    &good[header_end..],
                ]
                .concat(),
                "header does not read",
            ),
            ("not UTF-8", vec![0xff, 0xfe, 0x00], "not UTF-8"),
            ("a foreign file", other_file.into_bytes(), "holds edits of"),
        ] {
            std::fs::write(&path, &bytes).unwrap();
            let err = read_recovery(&data, &evidence)
                .expect("some")
                .expect_err(what);
            assert!(err.contains(says), "{what}: {err}");
            assert!(err.contains("recovery file"), "{what}: {err}");
        }
        // A folder at the name.
        std::fs::remove_file(&path).unwrap();
        std::fs::create_dir(&path).unwrap();
        let err = read_recovery(&data, &evidence)
            .expect("some")
            .expect_err("dir");
        assert!(err.contains("not a regular file"), "{err}");
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn a_damaged_document_with_a_matching_header_is_reported() {
        let dir = scratch("doc");
        let data = dir.join("data");
        let evidence = dir.join("evidence.ron");
        let path = recovery_path(&data, &evidence);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let document = "Evidence(version: 1, claims: [(id: ]\n";
        let header = Header {
            format: RECOVERY_FORMAT,
            original_path: real_path(&evidence).to_string_lossy().into_owned(),
            original_hash: None,
            saved_at_unix_ms: 0,
            document_len: document.len() as u64,
            document_hash: fnv1a(document.as_bytes()),
        };
        let header = ron::to_string(&header).unwrap();
        std::fs::write(&path, format!("{FIRST_LINE}\n{header}\n{document}")).unwrap();
        let err = read_recovery(&data, &evidence)
            .expect("some")
            .expect_err("bad doc");
        assert!(err.contains("its document does not read"), "{err}");
        std::fs::remove_dir_all(&dir).ok();
    }
}
