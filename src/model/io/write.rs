//! Writing: the canonical layout (deterministic, diff-friendly) and atomic writes — the
//! one place a file is replaced. [`super::save`] builds the evidence file's save on it.

use std::ffi::OsString;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::stamp::FileStamp;
use crate::model::Document;

/// Serializes a document in the canonical layout: deterministic, one field per line,
/// Chinese unescaped, diff-friendly.
pub fn to_ron_string(doc: &Document) -> Result<String, ron::Error> {
    let config = ron::ser::PrettyConfig::new()
        .indentor("  ".to_owned())
        .struct_names(false)
        .separate_tuple_members(false)
        .enumerate_arrays(false)
        .compact_arrays(true)
        .extensions(ron::extensions::Extensions::IMPLICIT_SOME);
    let body = ron::ser::to_string_pretty(doc, config)?;
    // ron writes the `#![enable(implicit_some)]` header first; the struct name goes
    // after it, on the line that opens the document.
    let (header, body) = match body.split_once('\n') {
        Some((first, rest)) if first.starts_with("#!") => (format!("{first}\n"), rest),
        _ => (String::new(), body.as_str()),
    };
    Ok(format!("{header}Evidence{body}\n"))
}

/// What [`write_atomic`] does when the target is a symbolic link.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Symlinks {
    /// Write the file the link points to (the link stays): saving a linked evidence file.
    Follow,
    /// Write nothing and say so: a link where an export goes may have been planted to
    /// make the program overwrite another file.
    Refuse,
}

/// Writes `bytes` to `path` atomically and durably, returning the path written (the real
/// one: symbolic links in the folder, and with [`Symlinks::Follow`] at the target,
/// resolved).
///
/// A temporary file with a random name is created exclusively in the target's real
/// folder (never a predictable name another user could plant), written, given the old
/// file's owner (where allowed) and permissions, synced, renamed over the target, and
/// the folder is synced so the rename itself survives a crash. On failure the temporary
/// file is removed and the target is unchanged. Saving the evidence file adds a backup
/// and more to this: [`super::save_atomic`].
pub fn write_atomic(path: &Path, bytes: &[u8], symlinks: Symlinks) -> Result<PathBuf, WriteError> {
    let target = Target::resolve(path, symlinks).map_err(|err| err.into_write_error(path))?;
    match commit(&target, bytes, false, None) {
        Ok(_) => Ok(target.path),
        Err(failed) => Err(WriteError::Io {
            path: path.to_path_buf(),
            message: failed.error.to_string(),
        }),
    }
}

/// A step of an atomic write, named so that tests can make one of them fail.
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// Creating the temporary file.
    Create,
    /// Writing the bytes. A simulated failure writes half of them first, as a disk that
    /// fills up does.
    Write,
    /// Syncing the temporary file to the disk.
    Sync,
    /// Hard-linking the previous version to a temporary name for `NAME.bak` (a failure
    /// falls back on a copy).
    Link,
    /// Keeping the previous version as `NAME.bak` at all (a failure is a warning).
    Backup,
    /// Renaming the temporary file over the target.
    Rename,
    /// Syncing the folder after the rename (a failure is a warning: the file is in place).
    SyncFolder,
}

impl Step {
    /// The step as the middle of a sentence ("… failed").
    pub(super) fn doing(self) -> &'static str {
        match self {
            Step::Create => "creating a temporary file",
            Step::Write => "writing the temporary file",
            Step::Sync => "syncing the temporary file to the disk",
            Step::Link | Step::Backup => "keeping the previous version",
            Step::Rename => "replacing the file",
            Step::SyncFolder => "syncing the folder",
        }
    }
}

/// A simulated failure at one step: the seam that tests use instead of a full disk or a
/// failing drive.
#[doc(hidden)]
#[derive(Clone, Copy, Debug)]
pub struct Fault {
    /// The step that fails.
    pub step: Step,
    /// The error it fails with (e.g. `|| std::io::Error::from_raw_os_error(28)`).
    pub error: fn() -> std::io::Error,
}

/// The simulated error for `step`, if `fault` names it.
fn inject(fault: Option<Fault>, step: Step) -> std::io::Result<()> {
    match fault {
        Some(fault) if fault.step == step => Err((fault.error)()),
        _ => Ok(()),
    }
}

/// Where a write goes: the real file, its real folder, its name, and what is there now.
pub(super) struct Target {
    /// The real path written (folder and, when followed, the link resolved).
    pub(super) path: PathBuf,
    /// Its folder.
    pub(super) dir: PathBuf,
    /// Its file name.
    pub(super) name: OsString,
    /// The file there now, if any.
    pub(super) old: Option<std::fs::Metadata>,
}

/// Why a target could not be resolved.
pub(super) enum TargetError {
    /// A link at the target, and links are refused.
    Symlink,
    /// A folder at the target, or no file name.
    NotAFile,
    /// Resolving the folder or reading what is there failed.
    Io(std::io::Error),
}

impl TargetError {
    fn into_write_error(self, path: &Path) -> WriteError {
        let path = path.to_path_buf();
        match self {
            TargetError::Symlink => WriteError::Symlink { path },
            TargetError::NotAFile => WriteError::NotAFile { path },
            TargetError::Io(err) => WriteError::Io {
                path,
                message: err.to_string(),
            },
        }
    }
}

impl Target {
    /// The target for `path`: its folder resolved to the real one; a link at the target
    /// followed or refused; a folder at the target refused.
    pub(super) fn resolve(path: &Path, symlinks: Symlinks) -> Result<Target, TargetError> {
        let followed = match std::fs::symlink_metadata(path) {
            Ok(meta) if meta.file_type().is_symlink() => match symlinks {
                Symlinks::Refuse => return Err(TargetError::Symlink),
                Symlinks::Follow => std::fs::canonicalize(path).map_err(TargetError::Io)?,
            },
            Ok(meta) if meta.is_dir() => return Err(TargetError::NotAFile),
            Ok(_) => path.to_path_buf(),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => path.to_path_buf(),
            Err(err) => return Err(TargetError::Io(err)),
        };
        let name = followed
            .file_name()
            .map(std::ffi::OsStr::to_os_string)
            .ok_or(TargetError::NotAFile)?;
        let dir = match followed.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let dir = std::fs::canonicalize(&dir).map_err(TargetError::Io)?;
        let path = dir.join(&name);
        let old = match std::fs::symlink_metadata(&path) {
            // The folder's real path may hold a link of its own at the name.
            Ok(meta) if meta.file_type().is_symlink() => match symlinks {
                Symlinks::Refuse => return Err(TargetError::Symlink),
                Symlinks::Follow => {
                    return Target::resolve(
                        &std::fs::canonicalize(&path).map_err(TargetError::Io)?,
                        symlinks,
                    );
                }
            },
            Ok(meta) if meta.is_dir() => return Err(TargetError::NotAFile),
            Ok(meta) => Some(meta),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => None,
            Err(err) => return Err(TargetError::Io(err)),
        };
        Ok(Target {
            path,
            dir,
            name,
            old,
        })
    }

    /// The file name as text, for temporary names and messages.
    fn name_text(&self) -> String {
        self.name.to_string_lossy().into_owned()
    }

    /// `NAME.bak` beside the target.
    pub(super) fn backup_path(&self) -> PathBuf {
        let mut name = self.name.clone();
        name.push(".bak");
        self.dir.join(name)
    }
}

/// What a successful [`commit`] did besides replacing the file.
pub(super) struct Committed {
    /// The new file's metadata as written (its size and time, for its stamp).
    written: std::fs::Metadata,
    /// Where the previous version was kept, if it was.
    pub(super) backup: Option<PathBuf>,
    /// What went wrong without making the write fail.
    pub(super) warnings: Vec<String>,
}

/// A failed [`commit`]: the step, and the error. The target is unchanged and the
/// temporary file removed.
pub(super) struct Failed {
    pub(super) step: Step,
    pub(super) error: std::io::Error,
}

/// Writes `bytes` over `target` atomically: a new temporary file beside it (given the old
/// file's owner and permissions), synced, then — with `backup` — the old file kept as
/// `NAME.bak`, then the rename and a sync of the folder. Nothing before the rename
/// touches the target, so a crash at any moment leaves the old file or the new one.
pub(super) fn commit(
    target: &Target,
    bytes: &[u8],
    backup: bool,
    fault: Option<Fault>,
) -> Result<Committed, Failed> {
    let at = |step: Step| move |error: std::io::Error| Failed { step, error };
    inject(fault, Step::Create).map_err(at(Step::Create))?;
    let (tmp, file) = create_temporary(&target.dir, &target.name_text(), target.old.is_some())
        .map_err(at(Step::Create))?;
    let mut warnings = Vec::new();
    let replaced = (|| -> Result<(std::fs::Metadata, Option<PathBuf>), Failed> {
        let mut file = file;
        write_bytes(&mut file, bytes, fault).map_err(at(Step::Write))?;
        if let Some(old) = &target.old {
            if let Some(warning) = keep_owner(&file, old, target).map_err(at(Step::Write))? {
                warnings.push(warning);
            }
            file.set_permissions(old.permissions())
                .map_err(at(Step::Write))?;
        }
        inject(fault, Step::Sync).map_err(at(Step::Sync))?;
        file.sync_all().map_err(at(Step::Sync))?;
        let written = file.metadata().map_err(at(Step::Sync))?;
        drop(file);
        let kept = match &target.old {
            Some(old) if backup && old.is_file() => match keep_backup(target, old, fault) {
                Ok(kept) => Some(kept),
                Err(err) => {
                    warnings.push(format!(
                        "the previous version could not be kept as {}: {err}; the file was \
                         saved without a backup",
                        target.backup_path().display()
                    ));
                    None
                }
            },
            _ => None,
        };
        inject(fault, Step::Rename).map_err(at(Step::Rename))?;
        std::fs::rename(&tmp, &target.path).map_err(at(Step::Rename))?;
        Ok((written, kept))
    })();
    let (written, backup) = match replaced {
        Ok(done) => done,
        Err(failed) => {
            // Nothing else can be done about a temporary file that cannot be removed: the
            // next successful save removes it.
            let _ = std::fs::remove_file(&tmp);
            return Err(failed);
        }
    };
    // The new file is in place: what fails now is worth a warning, not an error.
    if let Err(err) = inject(fault, Step::SyncFolder).and_then(|()| sync_folder(&target.dir)) {
        warnings.push(format!(
            "the file was saved, but the folder {} could not be synced ({err}): after a power \
             cut the previous version might come back",
            target.dir.display()
        ));
    }
    Ok(Committed {
        written,
        backup,
        warnings,
    })
}

impl Committed {
    /// The new file's stamp, `bytes` being what was written: hashed only when asked
    /// for (a save needs it; a cache entry, an export or a recovery file does not, and
    /// hashing 40 MB a byte at a time takes ~45 ms).
    pub(super) fn stamp(&self, bytes: &[u8]) -> FileStamp {
        FileStamp::of(bytes, &self.written)
    }
}

/// Writes all of `bytes`; a simulated failure writes half of them first.
fn write_bytes(
    file: &mut std::fs::File,
    bytes: &[u8],
    fault: Option<Fault>,
) -> std::io::Result<()> {
    if let Err(err) = inject(fault, Step::Write) {
        file.write_all(bytes.get(..bytes.len() / 2).unwrap_or_default())?;
        return Err(err);
    }
    file.write_all(bytes)
}

/// Gives the new file the old one's owner and group where they differ (a file saved by
/// root, or by a member of the file's group). Only root may give a file away: otherwise
/// the group is kept if it can be, and a warning says the owner changed.
#[cfg(unix)]
fn keep_owner(
    file: &std::fs::File,
    old: &std::fs::Metadata,
    target: &Target,
) -> std::io::Result<Option<String>> {
    use std::os::unix::fs::MetadataExt as _;
    let new = file.metadata()?;
    let uid = (new.uid() != old.uid()).then_some(old.uid());
    let gid = (new.gid() != old.gid()).then_some(old.gid());
    if uid.is_none() && gid.is_none() {
        return Ok(None);
    }
    match std::os::unix::fs::fchown(file, uid, gid) {
        Ok(()) => Ok(None),
        Err(err) if err.kind() == std::io::ErrorKind::PermissionDenied => {
            let group_kept = gid.is_some() && std::os::unix::fs::fchown(file, None, gid).is_ok();
            let what = match (uid, gid, group_kept) {
                (Some(_), _, true) | (Some(_), None, _) => {
                    format!("belongs to you now, not to user {}", old.uid())
                }
                (Some(_), Some(_), false) => format!(
                    "belongs to you and your group now, not to user {} and group {}",
                    old.uid(),
                    old.gid()
                ),
                (None, _, _) => format!("belongs to your group now, not to group {}", old.gid()),
            };
            Ok(Some(format!(
                "{} {what} (only its owner or root can change that back)",
                target.path.display()
            )))
        }
        Err(err) => Err(err),
    }
}

#[cfg(not(unix))]
fn keep_owner(
    _file: &std::fs::File,
    _old: &std::fs::Metadata,
    _target: &Target,
) -> std::io::Result<Option<String>> {
    Ok(None)
}

/// Keeps the file now at the target as `NAME.bak` (one generation), never following a
/// link planted at that name: the old file is hard-linked to a new random temporary
/// name (or, where hard links fail, copied into an exclusively created one) and that is
/// renamed over `NAME.bak`, which replaces whatever is there — a link included — and
/// writes through nothing. The target itself is only read.
fn keep_backup(
    target: &Target,
    old: &std::fs::Metadata,
    fault: Option<Fault>,
) -> std::io::Result<PathBuf> {
    inject(fault, Step::Backup)?;
    let bak = target.backup_path();
    let stem = format!("{}.bak", target.name_text());
    let tmp = match link_temporary(&target.dir, &stem, &target.path, fault) {
        Ok(tmp) => tmp,
        Err(_) => copy_temporary(&target.dir, &stem, &target.path, old)?,
    };
    let renamed = std::fs::rename(&tmp, &bak);
    // Renaming a hard link over another link to the same file does nothing and leaves
    // both names (POSIX): the temporary name is removed in any case.
    let _ = std::fs::remove_file(&tmp);
    renamed?;
    Ok(bak)
}

/// A new hard link `.STEM.RANDOM.tmp` to `file`.
fn link_temporary(
    dir: &Path,
    stem: &str,
    file: &Path,
    fault: Option<Fault>,
) -> std::io::Result<PathBuf> {
    inject(fault, Step::Link)?;
    let mut last_error = None;
    for attempt in 0u32..16 {
        let tmp = dir.join(temporary_name(stem, attempt));
        match std::fs::hard_link(file, &tmp) {
            Ok(()) => return Ok(tmp),
            Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => last_error = Some(err),
            Err(err) => return Err(err),
        }
    }
    Err(last_error.unwrap_or_else(|| std::io::Error::other("no free temporary name")))
}

/// A copy of `file` in a new exclusively created `.STEM.RANDOM.tmp`, synced, with the
/// file's permissions.
fn copy_temporary(
    dir: &Path,
    stem: &str,
    file: &Path,
    old: &std::fs::Metadata,
) -> std::io::Result<PathBuf> {
    let (tmp, mut copy) = create_temporary(dir, stem, true)?;
    let copied = (|| {
        let mut source = std::fs::File::open(file)?;
        std::io::copy(&mut source, &mut copy)?;
        copy.set_permissions(old.permissions())?;
        copy.sync_all()
    })();
    match copied {
        Ok(()) => Ok(tmp),
        Err(err) => {
            let _ = std::fs::remove_file(&tmp);
            Err(err)
        }
    }
}

/// `.NAME.RANDOM.tmp`: sixteen hex digits the standard library seeds from the operating
/// system's random source, so another user cannot plant the name in advance.
fn temporary_name(file_name: &str, attempt: u32) -> String {
    use std::hash::{BuildHasher as _, Hasher as _};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u32(std::process::id());
    hasher.write_u32(attempt);
    if let Ok(now) = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
        hasher.write_u128(now.as_nanos());
    }
    format!(".{file_name}.{:016x}.tmp", hasher.finish())
}

/// Whether `name` is a temporary file of a write of `file_name` ([`temporary_name`] of it
/// or of its backup, `.NAME.bak.RANDOM.tmp`).
pub(super) fn is_temporary_of(name: &str, file_name: &str) -> bool {
    let Some(middle) = name
        .strip_prefix('.')
        .and_then(|rest| rest.strip_prefix(file_name))
        .and_then(|rest| rest.strip_prefix('.'))
        .and_then(|rest| rest.strip_suffix(".tmp"))
    else {
        return false;
    };
    let random = middle.strip_prefix("bak.").unwrap_or(middle);
    random.len() == 16 && random.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Removes what killed writes of `file_name` left in `dir`: regular files named like
/// their temporary files (never a link or anything else of that name, and never what a
/// link points to). Best effort: what cannot be removed now is tried again next time.
///
/// A write of the same file running at this moment in another process could lose its
/// temporary file; its rename then fails and it reports that, its target unchanged.
pub(super) fn remove_stale_temporaries(dir: &Path, file_name: &str) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name();
        let Some(name) = name.to_str() else {
            continue;
        };
        // `DirEntry::file_type` does not follow links.
        if is_temporary_of(name, file_name)
            && entry.file_type().is_ok_and(|kind| kind.is_file())
            && std::fs::remove_file(entry.path()).is_ok()
        {
            removed += 1;
        }
    }
    removed
}

/// A new file [`temporary_name`] in `dir`, created exclusively (an existing file of that
/// name is never opened), with a fresh random name on each collision. `private` creates
/// it readable by its owner only, until the old file's permissions are copied onto it.
fn create_temporary(
    dir: &Path,
    file_name: &str,
    private: bool,
) -> std::io::Result<(PathBuf, std::fs::File)> {
    let mut last_error = None;
    for attempt in 0u32..16 {
        let tmp = dir.join(temporary_name(file_name, attempt));
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        if private {
            use std::os::unix::fs::OpenOptionsExt as _;
            options.mode(0o600);
        }
        #[cfg(not(unix))]
        let _ = private;
        match options.open(&tmp) {
            Ok(file) => return Ok((tmp, file)),
            Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => last_error = Some(err),
            Err(err) => return Err(err),
        }
    }
    Err(last_error.unwrap_or_else(|| std::io::Error::other("no free temporary name")))
}

/// Syncs a folder, so a rename in it is durable. Folders cannot be opened for syncing
/// on every platform (Windows): there the rename is as durable as the system makes it.
fn sync_folder(dir: &Path) -> std::io::Result<()> {
    if cfg!(unix) {
        std::fs::File::open(dir)?.sync_all()
    } else {
        Ok(())
    }
}

/// Why [`write_atomic`] wrote nothing. The target is unchanged.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The target is a symbolic link and the caller refuses to follow links.
    #[error(
        "{} is a symbolic link; not written (choose another name, or remove the link)",
        path.display()
    )]
    Symlink {
        /// The path asked for.
        path: PathBuf,
    },
    /// The target is a folder, or the path names no file.
    #[error("{} is not a file name; not written", path.display())]
    NotAFile {
        /// The path asked for.
        path: PathBuf,
    },
    /// Creating, writing, syncing or renaming failed.
    #[error("could not write {}: {message}", path.display())]
    Io {
        /// The path asked for.
        path: PathBuf,
        /// The operating system's message.
        message: String,
    },
}

impl WriteError {
    /// Why, without the path (for messages that name the path themselves).
    pub fn reason(&self) -> String {
        match self {
            WriteError::Symlink { .. } => "it is a symbolic link".to_owned(),
            WriteError::NotAFile { .. } => "it is not a file name".to_owned(),
            WriteError::Io { message, .. } => message.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("paracrine-write-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("scratch");
        dir
    }

    #[cfg(unix)]
    #[test]
    fn follow_writes_where_the_link_points_and_keeps_permissions() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = scratch("follow");
        let real = dir.join("evidence.ron");
        std::fs::write(&real, "old").expect("old");
        std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o640)).expect("mode");
        let link = dir.join("link.ron");
        std::os::unix::fs::symlink(&real, &link).expect("link");
        let written = write_atomic(&link, b"new", Symlinks::Follow).expect("write");
        assert_eq!(written, std::fs::canonicalize(&real).expect("real"));
        assert_eq!(std::fs::read(&real).expect("read"), b"new");
        assert!(
            std::fs::symlink_metadata(&link)
                .expect("link")
                .file_type()
                .is_symlink()
        );
        let mode = std::fs::metadata(&real).expect("meta").permissions().mode();
        assert_eq!(mode & 0o777, 0o640);
        assert!(matches!(
            write_atomic(&link, b"x", Symlinks::Refuse),
            Err(WriteError::Symlink { .. })
        ));
        assert_eq!(std::fs::read(&real).expect("read"), b"new");
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn a_missing_folder_is_an_error_not_a_panic() {
        let dir = scratch("missing");
        let err = write_atomic(&dir.join("no/such/dir/out.svg"), b"x", Symlinks::Refuse);
        assert!(matches!(err, Err(WriteError::Io { .. })), "{err:?}");
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn temporary_names_are_recognised_and_nothing_else() {
        let name = temporary_name("evidence.ron", 0);
        let bak = temporary_name("evidence.ron.bak", 3);
        for (candidate, expected) in [
            (name.as_str(), true),
            (bak.as_str(), true),
            (".evidence.ron.0123456789abcdef.tmp", true),
            (".evidence.ron.bak.0123456789ABCDEF.tmp", true),
            // Another file's temporary, a user's own names, near misses.
            (".other.ron.0123456789abcdef.tmp", false),
            (".evidence.ron.mine.tmp", false),
            (".evidence.ron.0123456789abcde.tmp", false),
            (".evidence.ron.0123456789abcdefg.tmp", false),
            (".evidence.ron.0123456789abcdef.tmp~", false),
            ("evidence.ron.0123456789abcdef.tmp", false),
            ("evidence.ron", false),
            ("evidence.ron.bak", false),
            (".evidence.ron..tmp", false),
        ] {
            assert_eq!(
                is_temporary_of(candidate, "evidence.ron"),
                expected,
                "{candidate}"
            );
        }
    }

    #[test]
    fn every_failed_step_leaves_the_target_and_no_temporary() {
        let dir = scratch("steps");
        let file = dir.join("out.txt");
        std::fs::write(&file, "old").expect("old");
        for step in [Step::Create, Step::Write, Step::Sync, Step::Rename] {
            let target = Target::resolve(&file, Symlinks::Refuse)
                .ok()
                .expect("target");
            let fault = Fault {
                step,
                error: || std::io::Error::from_raw_os_error(5),
            };
            let Err(failed) = commit(&target, b"new", true, Some(fault)) else {
                panic!("{step:?} did not fail");
            };
            assert_eq!(failed.step, step);
            assert_eq!(std::fs::read(&file).expect("read"), b"old", "{step:?}");
            let names: Vec<_> = std::fs::read_dir(&dir)
                .expect("dir")
                .filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".tmp"))
                .collect();
            assert!(names.is_empty(), "{step:?} left {names:?}");
        }
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn stale_temporaries_are_removed_but_not_links_or_other_files() {
        let dir = scratch("stale");
        let stale = dir.join(".a.ron.00000000000000ff.tmp");
        let stale_bak = dir.join(".a.ron.bak.00000000000000ff.tmp");
        let other = dir.join(".b.ron.00000000000000ff.tmp");
        let mine = dir.join(".a.ron.notes.tmp");
        for path in [&stale, &stale_bak, &other, &mine] {
            std::fs::write(path, "x").expect("write");
        }
        #[cfg(unix)]
        {
            let victim = dir.join("victim");
            std::fs::write(&victim, "keep").expect("victim");
            std::os::unix::fs::symlink(&victim, dir.join(".a.ron.aaaaaaaaaaaaaaaa.tmp"))
                .expect("link");
        }
        assert_eq!(remove_stale_temporaries(&dir, "a.ron"), 2);
        assert!(!stale.exists() && !stale_bak.exists());
        assert!(other.exists() && mine.exists());
        #[cfg(unix)]
        {
            assert_eq!(std::fs::read(dir.join("victim")).expect("victim"), b"keep");
            assert!(
                std::fs::symlink_metadata(dir.join(".a.ron.aaaaaaaaaaaaaaaa.tmp")).is_ok(),
                "a link is not removed"
            );
        }
        std::fs::remove_dir_all(&dir).ok();
    }
}
