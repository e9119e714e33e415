//! Writing: the canonical layout (deterministic, diff-friendly) and atomic saving.

use std::path::{Path, PathBuf};

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

/// Writes `doc` to `path` atomically (see [`write_atomic`]; a symlinked evidence file is
/// written where the link points). A crash leaves either the old or the new file, never
/// a torn one.
pub fn save_atomic(path: &Path, doc: &Document) -> Result<(), SaveError> {
    let text = to_ron_string(doc).map_err(|err| SaveError::Serialize(err.to_string()))?;
    write_atomic(path, text.as_bytes(), Symlinks::Follow)
        .map(|_| ())
        .map_err(|err| SaveError::Io {
            path: path.to_path_buf(),
            message: err.reason(),
        })
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
/// file's permissions, synced, renamed over the target, and the folder is synced so the
/// rename itself survives a crash. On failure the temporary file is removed and the
/// target is unchanged.
pub fn write_atomic(path: &Path, bytes: &[u8], symlinks: Symlinks) -> Result<PathBuf, WriteError> {
    use std::io::Write as _;
    let io_error = |err: std::io::Error| WriteError::Io {
        path: path.to_path_buf(),
        message: err.to_string(),
    };
    let target = real_target(path, symlinks)?;
    let dir = target
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let file_name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| WriteError::NotAFile {
            path: path.to_path_buf(),
        })?;
    let old_permissions = std::fs::metadata(&target).ok().map(|m| m.permissions());
    let (tmp, mut file) = create_temporary(&dir, &file_name).map_err(io_error)?;
    let written = (|| -> std::io::Result<()> {
        file.write_all(bytes)?;
        if let Some(permissions) = old_permissions {
            file.set_permissions(permissions)?;
        }
        file.sync_all()?;
        drop(file);
        std::fs::rename(&tmp, &target)?;
        sync_folder(&dir)
    })();
    match written {
        Ok(()) => Ok(target),
        Err(err) => {
            let _ = std::fs::remove_file(&tmp);
            Err(io_error(err))
        }
    }
}

/// The path to write for `path`: its folder resolved to the real one; a link at the
/// target followed or refused; a folder at the target refused.
fn real_target(path: &Path, symlinks: Symlinks) -> Result<PathBuf, WriteError> {
    let io_error = |err: std::io::Error| WriteError::Io {
        path: path.to_path_buf(),
        message: err.to_string(),
    };
    let mut target = match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => match symlinks {
            Symlinks::Refuse => {
                return Err(WriteError::Symlink {
                    path: path.to_path_buf(),
                });
            }
            Symlinks::Follow => std::fs::canonicalize(path).map_err(io_error)?,
        },
        Ok(meta) if meta.is_dir() => {
            return Err(WriteError::NotAFile {
                path: path.to_path_buf(),
            });
        }
        Ok(_) => path.to_path_buf(),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => path.to_path_buf(),
        Err(err) => return Err(io_error(err)),
    };
    let file_name = target
        .file_name()
        .map(std::ffi::OsStr::to_os_string)
        .ok_or_else(|| WriteError::NotAFile {
            path: path.to_path_buf(),
        })?;
    let dir = match target.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let dir = std::fs::canonicalize(&dir).map_err(io_error)?;
    target = dir.join(file_name);
    // The folder's real path may hold a link of its own at the name.
    if symlinks == Symlinks::Refuse
        && std::fs::symlink_metadata(&target).is_ok_and(|m| m.file_type().is_symlink())
    {
        return Err(WriteError::Symlink {
            path: path.to_path_buf(),
        });
    }
    Ok(target)
}

/// A new file `.NAME.RANDOM.tmp` in `dir`, created exclusively (an existing file of that
/// name is never opened), with a fresh random name on each collision.
fn create_temporary(dir: &Path, file_name: &str) -> std::io::Result<(PathBuf, std::fs::File)> {
    use std::hash::{BuildHasher as _, Hasher as _};
    let mut last_error = None;
    for attempt in 0u32..16 {
        // The standard library seeds every RandomState from the OS's random source.
        let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
        hasher.write_u32(std::process::id());
        hasher.write_u32(attempt);
        if let Ok(now) = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
            hasher.write_u128(now.as_nanos());
        }
        let tmp = dir.join(format!(".{file_name}.{:016x}.tmp", hasher.finish()));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
        {
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

/// Why saving failed. Either way the file on disk is unchanged.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    /// The document could not be turned into RON (the serializer's message).
    #[error("could not serialize the evidence: {0}")]
    Serialize(String),
    /// Writing, syncing or renaming the file failed.
    #[error("could not save {}: {message}; the previous file is unchanged", path.display())]
    Io {
        /// The file that was being saved.
        path: PathBuf,
        /// The operating system's error message.
        message: String,
    },
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
}
