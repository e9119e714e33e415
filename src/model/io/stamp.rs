//! External change detection: a [`FileStamp`] of the evidence file taken when it was
//! loaded or saved, and [`FileStamp::check`] to ask whether someone else changed it since.

use std::path::Path;
use std::time::SystemTime;

use crate::model::hash::fnv1a;

/// What a file looked like when it was loaded or saved: its size, its modification time
/// and the FNV-1a hash of its bytes.
///
/// [`FileStamp::check`] compares size and time first, which costs one `stat`, and reads
/// and hashes the file only when they differ. So a change that keeps the size and the
/// modification time is not seen: on file systems that store times in whole seconds (FAT,
/// some network file systems), or when a program sets the time back, a rewrite of the same
/// length within the same tick reads as [`Change::Same`]. That is the known limit of
/// polling; the hash keeps a mere `touch` from reading as a change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileStamp {
    /// The size in bytes.
    pub len: u64,
    /// The modification time, if the file system keeps one; `None` makes the next check
    /// read the file.
    pub modified: Option<SystemTime>,
    /// FNV-1a of the bytes ([`crate::model::hash::fnv1a`]; for a document loaded from one
    /// file this is `Loaded::hash`).
    pub hash: u64,
}

/// What [`FileStamp::check`] found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// The file is as stamped (or its size and time say so).
    Same,
    /// The file's content differs from the stamp's: here it is as now read, to reload
    /// from without reading again.
    Changed {
        /// The file's bytes now.
        bytes: Vec<u8>,
    },
    /// No file at the path any more (deleted, or renamed away).
    Gone,
}

impl FileStamp {
    /// The stamp of `bytes` as written to a file whose metadata is `meta`.
    pub fn of(bytes: &[u8], meta: &std::fs::Metadata) -> FileStamp {
        FileStamp {
            len: u64::try_from(bytes.len()).unwrap_or(u64::MAX),
            modified: meta.modified().ok(),
            hash: fnv1a(bytes),
        }
    }

    /// The stamp of a document loaded from one file whose bytes hashed to `hash`
    /// (`Loaded::hash`), when its size and time were not taken with the bytes: the first
    /// check reads the file and compares the hash (and, when it is the same, takes the
    /// size and time for later checks). Taking size and time now, after the read, could
    /// stamp a newer file with the old hash.
    pub fn from_hash(hash: u64) -> FileStamp {
        FileStamp {
            len: 0,
            modified: None,
            hash,
        }
    }

    /// Reads the file at `path` and stamps it, returning its bytes too.
    pub fn read(path: &Path) -> std::io::Result<(FileStamp, Vec<u8>)> {
        use std::io::Read as _;
        let mut file = std::fs::File::open(path)?;
        // Size and time from the file opened, before its bytes: a write during the read
        // then changes the time after the stamp's, and the next check reads again.
        let meta = file.metadata()?;
        let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
        file.read_to_end(&mut bytes)?;
        Ok((FileStamp::of(&bytes, &meta), bytes))
    }

    /// Whether the file at `path` changed since the stamp: size and time first (one
    /// `stat`); only when either differs, the file is read and its hash compared. When
    /// only the time changed (the content hashes the same), the stamp takes the new size
    /// and time, so the next check is cheap again. A `Changed` stamp is left as it was:
    /// until the caller takes a new one (by reloading or saving), each check reads the
    /// file again.
    pub fn check(&mut self, path: &Path) -> std::io::Result<Change> {
        let meta = match std::fs::metadata(path) {
            Ok(meta) => meta,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Change::Gone),
            Err(err) => return Err(err),
        };
        if self.modified.is_some()
            && meta.modified().ok() == self.modified
            && meta.len() == self.len
        {
            return Ok(Change::Same);
        }
        let (now, bytes) = match FileStamp::read(path) {
            Ok(read) => read,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Change::Gone),
            Err(err) => return Err(err),
        };
        if now.hash == self.hash {
            *self = now;
            Ok(Change::Same)
        } else {
            Ok(Change::Changed { bytes })
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    fn scratch(name: &str) -> std::path::PathBuf {
        let dir =
            std::env::temp_dir().join(format!("paracrine-stamp-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("scratch");
        dir
    }

    /// Sets the file's modification time, so the tests need no waiting for a clock tick.
    fn set_modified(path: &Path, time: SystemTime) {
        let file = std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .expect("open");
        file.set_modified(time).expect("set time");
    }

    fn at(secs: u64) -> SystemTime {
        SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(secs)
    }

    #[test]
    fn same_changed_touched_and_gone() {
        let dir = scratch("cases");
        let path = dir.join("evidence.ron");
        std::fs::write(&path, "one").expect("write");
        set_modified(&path, at(1_000_000));
        let (mut stamp, bytes) = FileStamp::read(&path).expect("stamp");
        assert_eq!(bytes, b"one");
        assert_eq!(stamp.len, 3);
        assert_eq!(stamp.hash, fnv1a(b"one"));
        assert_eq!(stamp.check(&path).expect("check"), Change::Same);

        // Another program writes the file: the time moves, the content differs.
        std::fs::write(&path, "two!").expect("write");
        set_modified(&path, at(1_000_005));
        assert_eq!(
            stamp.check(&path).expect("check"),
            Change::Changed {
                bytes: b"two!".to_vec()
            }
        );
        // Until a new stamp is taken, it stays changed.
        assert!(matches!(stamp.check(&path), Ok(Change::Changed { .. })));

        // A touch: new time, same bytes — not a change, and the stamp takes the time.
        let (mut stamp, _) = FileStamp::read(&path).expect("stamp");
        set_modified(&path, at(1_000_009));
        assert_eq!(stamp.check(&path).expect("check"), Change::Same);
        assert_eq!(stamp.modified, Some(at(1_000_009)));

        std::fs::remove_file(&path).expect("remove");
        assert_eq!(stamp.check(&path).expect("check"), Change::Gone);
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn equal_size_and_time_read_as_same_the_documented_limit() {
        let dir = scratch("limit");
        let path = dir.join("evidence.ron");
        std::fs::write(&path, "aaaa").expect("write");
        set_modified(&path, at(2_000_000));
        let (mut stamp, _) = FileStamp::read(&path).expect("stamp");
        std::fs::write(&path, "bbbb").expect("write");
        set_modified(&path, at(2_000_000));
        assert_eq!(stamp.check(&path).expect("check"), Change::Same);
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn a_stamp_from_a_hash_reads_once_then_is_cheap() {
        let dir = scratch("hash");
        let path = dir.join("evidence.ron");
        std::fs::write(&path, "loaded").expect("write");
        let mut stamp = FileStamp::from_hash(fnv1a(b"loaded"));
        assert_eq!(stamp.check(&path).expect("check"), Change::Same);
        assert_eq!(stamp.len, 6);
        assert!(stamp.modified.is_some());
        let mut stale = FileStamp::from_hash(fnv1a(b"what was loaded before"));
        assert!(matches!(stale.check(&path), Ok(Change::Changed { .. })));
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn a_folder_at_the_path_is_an_error_not_a_change() {
        let dir = scratch("folder");
        let mut stamp = FileStamp::from_hash(0);
        assert!(stamp.check(&dir).is_err());
        std::fs::remove_dir_all(&dir).ok();
    }
}
