//! Saving the evidence file so that no data can be lost: atomic replacement, the previous
//! version kept as `NAME.bak`, owner and permissions kept, leftovers of killed saves
//! removed, and errors that say what happened and what to do.
//!
//! Hard links: replacing a file atomically means renaming a new file over it, and the
//! new file is a new inode, so other hard links to the old file keep the old content.
//! Writing in place instead would keep the links but could leave a torn file after a
//! crash, which is the one thing a save must never do; so the save stays atomic and
//! says in a warning that the links now differ.

use std::path::{Path, PathBuf};

use super::stamp::FileStamp;
use super::write::{self, Fault, Step, Symlinks, Target, TargetError};
use crate::model::Document;

/// What a successful save did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SaveReport {
    /// The file written: the real path, symbolic links resolved.
    pub written: PathBuf,
    /// Where the previous version was kept (`NAME.bak` beside the file), if there was one
    /// and keeping it worked.
    pub backup: Option<PathBuf>,
    /// The new file's stamp, for [`FileStamp::check`] from now on.
    pub stamp: FileStamp,
    /// What the user should know although the save succeeded, as sentences: hard links
    /// split, the owner changed, no backup made, the folder not synced.
    pub warnings: Vec<String>,
}

/// Writes `doc` to `path` in the canonical layout, atomically and durably, keeping the
/// previous version as `NAME.bak`. A symbolic link at `path` is followed (the real file
/// is replaced, the link stays). A crash at any moment leaves the old file or the new
/// one, never a torn one; on an error the file on disk is unchanged.
///
/// In order: the text is written to a new temporary file `.NAME.RANDOM.tmp` beside the
/// real file, given the old file's owner (where allowed) and permissions, and synced;
/// then the old file is hard-linked (or copied) to a temporary name renamed over
/// `NAME.bak` — never writing through a link planted there — and the temporary file is
/// renamed over the file and the folder synced. Failing to keep the backup does not stop
/// the save; it is a warning. Afterwards, temporary files that killed saves of this file
/// left in the folder are removed.
pub fn save_atomic(path: &Path, doc: &Document) -> Result<SaveReport, SaveError> {
    save_atomic_with_fault(path, doc, None)
}

/// [`save_atomic`] with a simulated failure at one step, for tests.
#[doc(hidden)]
pub fn save_atomic_with_fault(
    path: &Path,
    doc: &Document,
    fault: Option<Fault>,
) -> Result<SaveReport, SaveError> {
    let text = super::to_ron_string(doc).map_err(|err| SaveError::Serialize(err.to_string()))?;
    save_bytes(path, text.as_bytes(), fault)
}

/// Saves `bytes` as [`save_atomic`] saves a document's text.
pub(super) fn save_bytes(
    path: &Path,
    bytes: &[u8],
    fault: Option<Fault>,
) -> Result<SaveReport, SaveError> {
    let target = Target::resolve(path, Symlinks::Follow).map_err(|err| match err {
        TargetError::NotAFile => SaveError::NotAFile {
            path: path.to_path_buf(),
        },
        TargetError::Io(error) => {
            let folder = path
                .parent()
                .filter(|dir| !dir.as_os_str().is_empty())
                .unwrap_or_else(|| Path::new("."));
            SaveError::from_io(path, folder, Step::Create, &error)
        }
        // Links are followed.
        TargetError::Symlink => SaveError::Io {
            path: path.to_path_buf(),
            message: "it is a symbolic link that cannot be followed".to_owned(),
        },
    })?;
    let mut warnings = Vec::new();
    if let Some(links) = other_links(&target) {
        warnings.push(format!(
            "{} had {links} other hard link(s); they keep the previous version (a save \
             replaces the file with a new one so that a crash cannot leave it half written)",
            target.path.display()
        ));
    }
    let committed = write::commit(&target, bytes, true, fault)
        .map_err(|failed| SaveError::from_io(path, &target.dir, failed.step, &failed.error))?;
    let stamp = committed.stamp(bytes);
    warnings.extend(committed.warnings);
    write::remove_stale_temporaries(&target.dir, &target.name.to_string_lossy());
    Ok(SaveReport {
        written: target.path,
        backup: committed.backup,
        stamp,
        warnings,
    })
}

/// How many other hard links the file at the target has, if any.
#[cfg(unix)]
fn other_links(target: &Target) -> Option<u64> {
    use std::os::unix::fs::MetadataExt as _;
    let old = target.old.as_ref()?;
    (old.is_file() && old.nlink() > 1).then(|| old.nlink() - 1)
}

#[cfg(not(unix))]
fn other_links(_target: &Target) -> Option<u64> {
    None
}

/// Why saving failed: what happened, where, and what to do. Whatever the reason, the file
/// on disk is unchanged (and so is its `NAME.bak`).
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    /// The document could not be turned into RON (the serializer's message).
    #[error("could not turn the evidence into text: {0}; the file on disk is unchanged")]
    Serialize(String),
    /// No permission to create files in the folder (or to replace the file).
    #[error(
        "could not save {}: cannot write in {}: permission denied; the file on disk is \
         unchanged; choose Save As… to save elsewhere",
        path.display(), folder.display()
    )]
    PermissionDenied {
        /// The file that was being saved.
        path: PathBuf,
        /// Its folder.
        folder: PathBuf,
    },
    /// The folder is on a file system mounted read-only.
    #[error(
        "could not save {}: {} is on a read-only file system; the file on disk is \
         unchanged; choose Save As… to save elsewhere",
        path.display(), folder.display()
    )]
    ReadOnly {
        /// The file that was being saved.
        path: PathBuf,
        /// Its folder.
        folder: PathBuf,
    },
    /// The disk is full (`ENOSPC`).
    #[error(
        "could not save {}: the disk holding {} is full; the file on disk is unchanged; \
         free some space, or choose Save As… to save elsewhere",
        path.display(), folder.display()
    )]
    DiskFull {
        /// The file that was being saved.
        path: PathBuf,
        /// Its folder.
        folder: PathBuf,
    },
    /// The user's disk quota is used up (`EDQUOT`).
    #[error(
        "could not save {}: your disk quota on {} is used up; the file on disk is \
         unchanged; free some space, or choose Save As… to save elsewhere",
        path.display(), folder.display()
    )]
    QuotaExceeded {
        /// The file that was being saved.
        path: PathBuf,
        /// Its folder.
        folder: PathBuf,
    },
    /// The folder does not exist (any more: deleted, or a drive unplugged).
    #[error(
        "could not save {}: the folder {} does not exist (any more); the file on disk is \
         unchanged; choose Save As… to save elsewhere",
        path.display(), folder.display()
    )]
    NoFolder {
        /// The file that was being saved.
        path: PathBuf,
        /// Its folder.
        folder: PathBuf,
    },
    /// A folder is where the file should be.
    #[error(
        "could not save {}: that is a folder, not a file; nothing was written; choose \
         Save As… and give a file name",
        path.display()
    )]
    NotAFile {
        /// The path asked for.
        path: PathBuf,
    },
    /// Any other failure of the operating system, with the step that failed.
    #[error("could not save {}: {message}; the file on disk is unchanged", path.display())]
    Io {
        /// The file that was being saved.
        path: PathBuf,
        /// The step and the operating system's message ("replacing the file failed: …").
        message: String,
    },
}

impl SaveError {
    /// The error for `error` at `step` of saving `path` in `folder`.
    fn from_io(path: &Path, folder: &Path, step: Step, error: &std::io::Error) -> SaveError {
        use std::io::ErrorKind;
        let path = path.to_path_buf();
        let folder = folder.to_path_buf();
        // `ErrorKind` is open-ended: the kinds that have a sentence, then the rest.
        let kind = error.kind();
        if kind == ErrorKind::PermissionDenied {
            SaveError::PermissionDenied { path, folder }
        } else if kind == ErrorKind::ReadOnlyFilesystem {
            SaveError::ReadOnly { path, folder }
        } else if kind == ErrorKind::StorageFull {
            SaveError::DiskFull { path, folder }
        } else if kind == ErrorKind::QuotaExceeded {
            SaveError::QuotaExceeded { path, folder }
        } else if kind == ErrorKind::NotFound && step == Step::Create {
            SaveError::NoFolder { path, folder }
        } else {
            SaveError::Io {
                path,
                message: format!("{} failed: {error}", step.doing()),
            }
        }
    }

    /// Whether saving elsewhere (Save As…) is the way out, as the message says.
    pub fn suggests_save_as(&self) -> bool {
        match self {
            SaveError::PermissionDenied { .. }
            | SaveError::ReadOnly { .. }
            | SaveError::DiskFull { .. }
            | SaveError::QuotaExceeded { .. }
            | SaveError::NoFolder { .. }
            | SaveError::NotAFile { .. } => true,
            SaveError::Serialize(_) | SaveError::Io { .. } => false,
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("paracrine-save-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("scratch");
        dir
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .expect("dir")
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn errors_say_what_happened_and_what_to_do() {
        let path = Path::new("/data/evidence.ron");
        let folder = Path::new("/data");
        for (errno, step, says) in [
            (13, Step::Create, "cannot write in /data: permission denied"),
            (30, Step::Create, "/data is on a read-only file system"),
            (28, Step::Write, "the disk holding /data is full"),
            (122, Step::Sync, "your disk quota on /data is used up"),
            (2, Step::Create, "the folder /data does not exist"),
            (5, Step::Rename, "replacing the file failed: "),
        ] {
            let err = SaveError::from_io(
                path,
                folder,
                step,
                &std::io::Error::from_raw_os_error(errno),
            );
            let text = err.to_string();
            assert!(
                text.starts_with("could not save /data/evidence.ron: "),
                "{text}"
            );
            assert!(text.contains(says), "{text}");
            assert!(text.contains("the file on disk is unchanged"), "{text}");
            assert_eq!(err.suggests_save_as(), text.contains("Save As…"), "{text}");
        }
    }

    #[test]
    fn a_save_keeps_one_backup_and_reports_its_stamp() {
        let dir = scratch("backup");
        let path = dir.join("e.ron");
        let first = save_bytes(&path, b"one", None).expect("first");
        assert_eq!(first.backup, None, "nothing to back up yet");
        assert_eq!(first.stamp.hash, crate::model::hash::fnv1a(b"one"));
        let second = save_bytes(&path, b"two", None).expect("second");
        assert_eq!(
            second.backup,
            Some(dir.canonicalize().unwrap().join("e.ron.bak"))
        );
        save_bytes(&path, b"three", None).expect("third");
        assert_eq!(std::fs::read(&path).unwrap(), b"three");
        assert_eq!(std::fs::read(dir.join("e.ron.bak")).unwrap(), b"two");
        assert_eq!(names(&dir), ["e.ron", "e.ron.bak"]);
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn a_failed_hard_link_falls_back_on_a_copy() {
        let dir = scratch("copy");
        let path = dir.join("e.ron");
        std::fs::write(&path, "old").unwrap();
        let fault = Fault {
            step: Step::Link,
            error: || std::io::Error::from_raw_os_error(1),
        };
        let report = save_bytes(&path, b"new", Some(fault)).expect("save");
        assert!(report.warnings.is_empty(), "{:?}", report.warnings);
        assert_eq!(std::fs::read(dir.join("e.ron.bak")).unwrap(), b"old");
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        assert_eq!(names(&dir), ["e.ron", "e.ron.bak"]);
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn a_failed_backup_is_a_warning_and_the_save_goes_on() {
        let dir = scratch("nobackup");
        let path = dir.join("e.ron");
        std::fs::write(&path, "old").unwrap();
        std::fs::write(dir.join("e.ron.bak"), "older").unwrap();
        let fault = Fault {
            step: Step::Backup,
            error: || std::io::Error::from_raw_os_error(5),
        };
        let report = save_bytes(&path, b"new", Some(fault)).expect("save");
        assert_eq!(report.backup, None);
        assert_eq!(report.warnings.len(), 1, "{:?}", report.warnings);
        assert!(report.warnings[0].contains("saved without a backup"));
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        assert_eq!(std::fs::read(dir.join("e.ron.bak")).unwrap(), b"older");
        assert_eq!(names(&dir), ["e.ron", "e.ron.bak"]);
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn a_failed_folder_sync_is_a_warning_after_the_rename() {
        let dir = scratch("syncdir");
        let path = dir.join("e.ron");
        let fault = Fault {
            step: Step::SyncFolder,
            error: || std::io::Error::from_raw_os_error(5),
        };
        let report = save_bytes(&path, b"new", Some(fault)).expect("save");
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        assert!(
            report.warnings[0].contains("could not be synced"),
            "{report:?}"
        );
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn a_folder_at_the_path_is_refused() {
        let dir = scratch("folder");
        let err = save_bytes(&dir, b"x", None).expect_err("a folder");
        assert!(matches!(err, SaveError::NotAFile { .. }), "{err}");
        let err = save_bytes(&dir.join("gone/e.ron"), b"x", None).expect_err("no folder");
        assert!(matches!(err, SaveError::NoFolder { .. }), "{err}");
        std::fs::remove_dir_all(&dir).ok();
    }
}
