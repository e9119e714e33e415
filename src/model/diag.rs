//! Diagnostics: one problem in an evidence file, with where it is and what to do.

use std::fmt;
use std::path::PathBuf;

/// A 1-based line and column (columns count characters, as editors do).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pos {
    pub line: usize,
    pub col: usize,
}

/// One problem found while loading or validating.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: PathBuf,
    /// Present for syntax and shape errors; semantic errors name the entity instead.
    pub pos: Option<Pos>,
    pub message: String,
}

impl Diagnostic {
    pub fn at(file: impl Into<PathBuf>, pos: Pos, message: impl Into<String>) -> Self {
        Self {
            file: file.into(),
            pos: Some(pos),
            message: message.into(),
        }
    }

    pub fn in_file(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self {
            file: file.into(),
            pos: None,
            message: message.into(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.pos {
            Some(Pos { line, col }) => write!(
                f,
                "{}:{line}:{col}: error: {}",
                self.file.display(),
                self.message
            ),
            None => write!(f, "{}: error: {}", self.file.display(), self.message),
        }
    }
}

/// Maps byte offsets of a source text to line and column.
pub(crate) struct LineMap<'a> {
    src: &'a str,
    line_starts: Vec<usize>,
}

impl<'a> LineMap<'a> {
    pub fn new(src: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(
            src.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        Self { src, line_starts }
    }

    pub fn pos(&self, offset: usize) -> Pos {
        let line_idx = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let start = self.line_starts.get(line_idx).copied().unwrap_or(0);
        let end = offset.min(self.src.len());
        let col = self
            .src
            .get(start..end)
            .map_or(end.saturating_sub(start), |s| s.chars().count());
        Pos {
            line: line_idx + 1,
            col: col + 1,
        }
    }
}
