//! Diagnostics: one problem in an evidence file, with where it is and what to do.

use std::collections::HashMap;
use std::fmt;
use std::path::PathBuf;

use super::validate::{FIRST_DEFINITION, Problem};

/// A 1-based line and column (columns count characters, as editors do).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pos {
    /// Line, from 1.
    pub line: usize,
    /// Column in characters, from 1.
    pub col: usize,
}

/// One problem found while loading or validating.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file the problem is in.
    pub file: PathBuf,
    /// Present for syntax and shape errors; semantic errors name the entity instead.
    pub pos: Option<Pos>,
    /// What is wrong and what to do, as one sentence.
    pub message: String,
}

impl Diagnostic {
    /// A diagnostic at a position of `file`.
    pub fn at(file: impl Into<PathBuf>, pos: Pos, message: impl Into<String>) -> Self {
        Self {
            file: file.into(),
            pos: Some(pos),
            message: message.into(),
        }
    }

    /// A diagnostic about `file` as a whole.
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

/// Where each element with an id was defined, so semantic errors can point at it.
#[derive(Clone, Debug, Default)]
pub struct Origins {
    /// The files loaded, in order; positions refer to them by index.
    pub files: Vec<PathBuf>,
    /// The first definition of each id.
    pub by_id: HashMap<String, (usize, Pos)>,
    /// Later definitions of ids already defined, in file order: (file index, position).
    pub duplicates: HashMap<String, Vec<(usize, Pos)>>,
}

impl Origins {
    /// A diagnostic located at the definition of `id`, or at file level when unknown.
    pub fn diagnostic(&self, id: &str, message: String) -> Diagnostic {
        match self.by_id.get(id) {
            Some(&(file_idx, pos)) => Diagnostic::at(self.file(file_idx), pos, message),
            None => Diagnostic::in_file(self.file(0), message),
        }
    }

    /// Where `problem` is: the definition of its id (the repeat it names, for a
    /// duplicate), or file level when the id was never defined.
    pub fn locate(&self, problem: &Problem) -> Diagnostic {
        let at = match problem.occurrence {
            0 => self.by_id.get(&problem.id).copied(),
            n => self
                .duplicates
                .get(&problem.id)
                .and_then(|repeats| repeats.get(n - 1))
                .copied(),
        };
        let message = if problem.message.contains(FIRST_DEFINITION) {
            problem
                .message
                .replace(FIRST_DEFINITION, &self.location(&problem.id))
        } else {
            problem.message.clone()
        };
        match at {
            Some((file_idx, pos)) => Diagnostic::at(self.file(file_idx), pos, message),
            None => Diagnostic::in_file(self.file(0), message),
        }
    }

    /// `file:line:col` of the first definition of `id`.
    pub fn location(&self, id: &str) -> String {
        match self.by_id.get(id) {
            Some(&(file_idx, pos)) => {
                format!("{}:{}:{}", self.file(file_idx).display(), pos.line, pos.col)
            }
            None => self.file(0).display().to_string(),
        }
    }

    /// The path of file `file_idx` (empty when out of range).
    pub fn file(&self, file_idx: usize) -> PathBuf {
        self.files.get(file_idx).cloned().unwrap_or_default()
    }
}
