//! Diagnostics: one problem in an evidence file, with where it is and what to do.

use std::collections::HashMap;
use std::fmt;
use std::path::PathBuf;

use super::validate::{ERROR_LOCATION, FIRST_DEFINITION, Problem};
use super::{Document, Kind};

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

impl Diagnostic {
    /// One line `FILE:LINE:COL: SEVERITY: MESSAGE` (`FILE: SEVERITY: MESSAGE` without a
    /// position), with control characters of the file name and message escaped: ids and
    /// names come from the file, and must not move the cursor, colour the terminal or
    /// start a line that looks like another diagnostic.
    pub fn render(&self, severity: &str) -> String {
        let file = self.file.display().to_string();
        let file = escape(&file);
        let message = escape(&self.message);
        match self.pos {
            Some(Pos { line, col }) => format!("{file}:{line}:{col}: {severity}: {message}"),
            None => format!("{file}: {severity}: {message}"),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render("error"))
    }
}

/// `text` with every control character (newlines and escape sequences included) and
/// every invisible direction or format character written as an escape (`\n`, `\u{1b}`),
/// so that user text printed in a diagnostic stays on its line and shows what it is.
/// Everything else, Chinese included, is unchanged.
pub fn escape(text: &str) -> std::borrow::Cow<'_, str> {
    fn unsafe_char(c: char) -> bool {
        c.is_control()
            || matches!(c,
                '\u{061c}' | '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}'
                | '\u{2060}'..='\u{2069}' | '\u{feff}')
    }
    if !text.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if unsafe_char(c) => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
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
        // An offset inside a character counts as that character's column.
        let end = self.src.floor_char_boundary(offset.min(self.src.len()));
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
    /// Later definitions of ids already defined, in the order validation meets them
    /// (lists in [`Kind::FILE_ORDER`], then claims, tables and figures; files in order
    /// within each list), so a problem's `occurrence` n is the n-th repeat here.
    pub duplicates: HashMap<String, Vec<(usize, Pos)>>,
    /// Entries that failed to load, by the id read from their text: where their first
    /// error is.
    pub failed: HashMap<String, (usize, Pos)>,
    /// Where each element of each list of the document is, in document order, by list
    /// field (`diseases`, `claims`, …).
    pub(crate) lists: HashMap<&'static str, Vec<(usize, Pos)>>,
}

impl Origins {
    /// Rebuilds `by_id` and `duplicates` from `lists` and `doc`, walking the lists in the
    /// order validation defines ids, whatever their order in the file and across files.
    pub(crate) fn index_definitions(&mut self, doc: &Document) {
        self.by_id.clear();
        self.duplicates.clear();
        let define = |by_id: &mut HashMap<String, (usize, Pos)>,
                      duplicates: &mut HashMap<String, Vec<(usize, Pos)>>,
                      id: &str,
                      at: Option<&(usize, Pos)>| {
            let Some(&at) = at else { return };
            if by_id.contains_key(id) {
                duplicates.entry(id.to_owned()).or_default().push(at);
            } else {
                by_id.insert(id.to_owned(), at);
            }
        };
        let empty = Vec::new();
        for &kind in Kind::FILE_ORDER {
            let at = self.lists.get(kind.field()).unwrap_or(&empty);
            for idx in 0..doc.count(kind) {
                if let Some(named) = doc.named(kind, idx) {
                    define(
                        &mut self.by_id,
                        &mut self.duplicates,
                        named.id(),
                        at.get(idx),
                    );
                }
            }
        }
        let views = [
            (
                "claims",
                doc.claims.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(),
            ),
            ("tables", doc.tables.iter().map(|t| t.id.as_str()).collect()),
            (
                "figures",
                doc.figures.iter().map(|f| f.id.as_str()).collect(),
            ),
        ];
        for (field, ids) in views {
            let at = self.lists.get(field).unwrap_or(&empty);
            for (idx, id) in ids.into_iter().enumerate() {
                define(&mut self.by_id, &mut self.duplicates, id, at.get(idx));
            }
        }
    }

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
        let mut message = if problem.message.contains(FIRST_DEFINITION) {
            problem
                .message
                .replace(FIRST_DEFINITION, &self.location(&problem.id))
        } else {
            problem.message.clone()
        };
        if let Some(failed) = &problem.refers_to {
            let at = match self.failed.get(failed) {
                Some(&(file_idx, pos)) => {
                    format!("{}:{}:{}", self.file(file_idx).display(), pos.line, pos.col)
                }
                None => self.file(0).display().to_string(),
            };
            message = message.replace(ERROR_LOCATION, &at);
        }
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
    fn an_offset_inside_a_character_is_that_characters_column() {
        // Byte 4 is inside 乙 (bytes 3..6): column 2, the column of 乙.
        check(&[("甲乙x", 4, 1, 2), ("甲乙x", 5, 1, 2), ("a\n甲乙", 6, 2, 2)]);
    }

    #[test]
    fn escaping_user_text() {
        use super::escape;
        let cases = [
            ("plain `id`", "plain `id`"),
            ("中文 ok", "中文 ok"),
            ("a\nt.ron:1:1: error: fake", "a\\nt.ron:1:1: error: fake"),
            ("\u{1b}[31mred\u{1b}[0m", "\\u{1b}[31mred\\u{1b}[0m"),
            ("tab\there\r", "tab\\there\\r"),
            ("bidi\u{202e}txt", "bidi\\u{202e}txt"),
            ("nul\0", "nul\\u{0}"),
        ];
        for (text, expected) in cases {
            assert_eq!(escape(text), expected, "{text:?}");
        }
    }
}
