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

/// Writes `doc` to `path` atomically: a temporary file in the same directory, flushed
/// and synced, then renamed over the target. A crash leaves either the old or the new
/// file, never a torn one.
pub fn save_atomic(path: &Path, doc: &Document) -> Result<(), SaveError> {
    use std::io::Write as _;
    let text = to_ron_string(doc).map_err(|err| SaveError::Serialize(err.to_string()))?;
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "evidence.ron".to_owned());
    let tmp = dir.join(format!(".{file_name}.tmp-{}", std::process::id()));
    let write = || -> std::io::Result<()> {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)?;
        Ok(())
    };
    write().map_err(|err| {
        let _ = std::fs::remove_file(&tmp);
        SaveError::Io {
            path: path.to_path_buf(),
            message: err.to_string(),
        }
    })
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
