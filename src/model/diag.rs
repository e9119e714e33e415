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

#[cfg(test)]
mod tests {
    use super::{LineMap, Pos};

    /// `(source, byte offset, line, column)`.
    fn check(cases: &[(&str, usize, usize, usize)]) {
        for &(src, offset, line, col) in cases {
            assert_eq!(
                LineMap::new(src).pos(offset),
                Pos { line, col },
                "offset {offset} of {src:?}"
            );
        }
    }

    #[test]
    fn line_starts() {
        check(&[
            ("", 0, 1, 1),
            ("ab", 0, 1, 1),
            ("ab\ncd", 3, 2, 1),
            ("ab\ncd\n\nef", 6, 3, 1),
            ("ab\ncd\n\nef", 7, 4, 1),
            ("\n\n", 1, 2, 1),
        ]);
    }

    #[test]
    fn mid_line_columns_count_characters_not_bytes() {
        // 甲 and 乙 are three bytes each; `x` starts at byte 6.
        check(&[
            ("ab\ncd", 1, 1, 2),
            ("ab\ncd", 2, 1, 3),
            ("ab\ncd", 4, 2, 2),
            ("甲乙x", 3, 1, 2),
            ("甲乙x", 6, 1, 3),
            ("甲乙x", 7, 1, 4),
            ("a\n(zh: \"甲\", en", 11, 2, 8),
            ("a\n(zh: \"甲\", en", 12, 2, 9),
        ]);
    }

    #[test]
    fn past_the_end_is_the_end_of_the_last_line() {
        check(&[
            ("", 5, 1, 1),
            ("ab", 2, 1, 3),
            ("ab", 99, 1, 3),
            ("ab\ncd", 99, 2, 3),
            ("ab\n", 99, 2, 1),
            ("甲\n乙", 99, 2, 2),
        ]);
    }

    #[test]
    fn crlf_line_endings() {
        // The `\r` is the last character of its line; the next line starts after `\n`.
        check(&[
            ("ab\r\ncd", 2, 1, 3),
            ("ab\r\ncd", 3, 1, 4),
            ("ab\r\ncd", 4, 2, 1),
            ("ab\r\ncd", 5, 2, 2),
            ("甲\r\n乙\r\nx", 10, 3, 1),
        ]);
    }

    #[test]
    fn an_offset_inside_a_character() {
        // BUG (latent: the scanner reports offsets at character boundaries): an offset
        // inside a multi-byte character falls back to counting bytes, so byte 4 (inside
        // 乙) is column 5 where it should be column 2, the column of 乙.
        check(&[("甲乙x", 4, 1, 5)]);
    }
}
