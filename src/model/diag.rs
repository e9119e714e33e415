//! Diagnostics: one problem in an evidence file, with where it is and what to do.

use std::collections::{BinaryHeap, HashMap};
use std::fmt;
use std::path::PathBuf;

use super::hash::IdMap;
use super::validate::{ERROR_LOCATION, FIRST_DEFINITION, Problem};
use super::{Document, Id, Kind};

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

/// Diagnostics listed at most for one load. Beyond them problems are only counted: a
/// file with a million broken entries must not cost a million sentences of memory, and
/// nobody reads past the first few thousand (fixing them often fixes the rest).
pub const MAX_LISTED: usize = 5_000;

/// The `cap` smallest items by key (ties in arrival order), and how many others arrived;
/// memory stays bounded by `cap` whatever the number of items.
#[derive(Debug)]
pub(crate) struct Smallest<K, T> {
    /// A max-heap: the largest kept item is the first one dropped.
    heap: BinaryHeap<Keyed<K, T>>,
    cap: usize,
    dropped: usize,
    arrivals: u64,
}

/// An item with its key and arrival number (which breaks ties).
#[derive(Debug)]
struct Keyed<K, T> {
    key: K,
    arrival: u64,
    item: T,
}

impl<K: Ord, T> PartialEq for Keyed<K, T> {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == std::cmp::Ordering::Equal
    }
}

impl<K: Ord, T> Eq for Keyed<K, T> {}

impl<K: Ord, T> PartialOrd for Keyed<K, T> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl<K: Ord, T> Ord for Keyed<K, T> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (&self.key, self.arrival).cmp(&(&other.key, other.arrival))
    }
}

impl<K: Ord, T> Smallest<K, T> {
    /// Keeps at most `cap` items.
    pub(crate) fn new(cap: usize) -> Self {
        Self {
            heap: BinaryHeap::new(),
            cap,
            dropped: 0,
            arrivals: 0,
        }
    }

    /// Offers `item`: kept if it is among the `cap` smallest so far, else counted.
    pub(crate) fn push(&mut self, key: K, item: T) {
        let keyed = Keyed {
            key,
            arrival: self.arrivals,
            item,
        };
        self.arrivals += 1;
        if self.heap.len() < self.cap {
            self.heap.push(keyed);
            return;
        }
        self.dropped += 1;
        if let Some(mut largest) = self.heap.peek_mut()
            && keyed < *largest
        {
            *largest = keyed;
        }
    }

    /// Items offered so far, kept or not.
    pub(crate) fn total(&self) -> usize {
        self.heap.len() + self.dropped
    }

    /// The kept items in arrival order, and how many were dropped.
    pub(crate) fn into_arrival_order(self) -> (Vec<T>, usize) {
        let mut kept = self.heap.into_vec();
        kept.sort_unstable_by_key(|keyed| keyed.arrival);
        (
            kept.into_iter().map(|keyed| keyed.item).collect(),
            self.dropped,
        )
    }

    /// The kept items by key (ties in arrival order), and how many were dropped.
    pub(crate) fn into_sorted(self) -> (Vec<T>, usize) {
        let kept = self.heap.into_sorted_vec();
        (
            kept.into_iter().map(|keyed| keyed.item).collect(),
            self.dropped,
        )
    }
}

/// Where a diagnostic comes in the listing: by file (in load order), then those with a
/// position by position, then those about the file as a whole; at one position, in the
/// order of the steps that found them.
pub(crate) type Rank = (Option<usize>, bool, Option<Pos>, Found);

/// Which step of a load found a diagnostic. Loading reads entries while it scans, but
/// diagnostics at one position are listed as if the steps ran one after the other: the
/// scan of each file, then its entries list by list, then validation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Found {
    file: usize,
    step: u8,
    list: usize,
}

impl Found {
    /// Validation, after every file was read.
    pub const VALIDATION: Found = Found {
        file: usize::MAX,
        step: 0,
        list: 0,
    };

    /// The scan of the file at `file_idx` (and reading it).
    pub fn scan(file_idx: usize) -> Self {
        Self {
            file: file_idx,
            step: 0,
            list: 0,
        }
    }

    /// Reading the entries of list number `list` of the file at `file_idx`.
    pub fn entries(file_idx: usize, list: usize) -> Self {
        Self {
            file: file_idx,
            step: 1,
            list,
        }
    }
}

/// The diagnostics of one load as they are found: the first [`MAX_LISTED`] in file order
/// are kept, the others only counted.
#[derive(Debug)]
pub struct Diagnostics {
    kept: Smallest<Rank, Diagnostic>,
}

impl Default for Diagnostics {
    fn default() -> Self {
        Self::with_cap(MAX_LISTED)
    }
}

impl Diagnostics {
    /// Lists at most `cap` diagnostics.
    pub fn with_cap(cap: usize) -> Self {
        Self {
            kept: Smallest::new(cap),
        }
    }

    /// Adds a diagnostic found by `found`, about the file of rank `file_rank` (see
    /// [`Origins::file_rank`]; `None`: not a loaded file).
    pub fn push(&mut self, file_rank: Option<usize>, found: Found, diagnostic: Diagnostic) {
        let rank = (file_rank, diagnostic.pos.is_none(), diagnostic.pos, found);
        self.kept.push(rank, diagnostic);
    }

    /// Counts `n` problems found and not listed.
    pub fn add_unlisted(&mut self, n: usize) {
        self.kept.dropped += n;
    }

    /// Every problem found, listed or not.
    pub fn total(&self) -> usize {
        self.kept.total()
    }

    /// Whether nothing was found.
    pub fn is_empty(&self) -> bool {
        self.total() == 0
    }

    /// The listed diagnostics in file order (equal positions in the order they were
    /// found), and how many more problems were found.
    pub fn into_sorted(self) -> (Vec<Diagnostic>, usize) {
        self.kept.into_sorted()
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

/// Bytes between two checkpoints of [`LineMap`].
const CHECKPOINT: usize = 1024;

/// Maps byte offsets of a source text to line and column in time bounded by
/// [`CHECKPOINT`], whatever the lines' lengths (a file written on one line must not cost a
/// scan from its start per diagnostic), and in memory bounded by the text's length over
/// [`CHECKPOINT`] (a file of empty lines must not cost a table entry per line).
pub(crate) struct LineMap<'a> {
    src: &'a str,
    /// One per [`CHECKPOINT`] bytes: where the text stands at byte `i * CHECKPOINT`.
    checkpoints: Vec<Checkpoint>,
}

/// A position already found, to find the next one from ([`LineMap::pos_from`]).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Cursor {
    offset: usize,
    pos: Pos,
}

impl Default for Cursor {
    fn default() -> Self {
        Self {
            offset: 0,
            pos: Pos { line: 1, col: 1 },
        }
    }
}

/// The line and character counts at a checkpoint's byte.
#[derive(Clone, Copy, Debug, Default)]
struct Checkpoint {
    /// Line ends before it.
    lines: usize,
    /// Where the line holding it starts.
    line_start: usize,
    /// Characters starting before it.
    chars: usize,
}

impl<'a> LineMap<'a> {
    pub fn new(src: &'a str) -> Self {
        let mut checkpoints = Vec::with_capacity(src.len() / CHECKPOINT + 2);
        let mut at = Checkpoint::default();
        for (chunk_idx, chunk) in src.as_bytes().chunks(CHECKPOINT).enumerate() {
            checkpoints.push(at);
            at.lines += chunk.iter().filter(|&&b| b == b'\n').count();
            if let Some(last) = chunk.iter().rposition(|&b| b == b'\n') {
                at.line_start = chunk_idx * CHECKPOINT + last + 1;
            }
            at.chars += count_chars(chunk);
        }
        // For an offset at the end of a text whose length is a multiple of CHECKPOINT.
        checkpoints.push(at);
        Self { src, checkpoints }
    }

    pub fn pos(&self, offset: usize) -> Pos {
        // An offset inside a character counts as that character's column.
        let end = self.src.floor_char_boundary(offset.min(self.src.len()));
        let (checkpoint, from) = self.checkpoint(end);
        let scanned = self.src.as_bytes().get(from..end).unwrap_or_default();
        let n_lines = scanned.iter().filter(|&&b| b == b'\n').count();
        let col = match scanned.iter().rposition(|&b| b == b'\n') {
            Some(last) => count_chars(scanned.get(last + 1..).unwrap_or_default()),
            None => {
                // The line started before the checkpoint: count from its start.
                let before = checkpoint.chars - self.chars_upto(checkpoint.line_start);
                before + count_chars(scanned)
            }
        };
        Pos {
            line: checkpoint.lines + n_lines + 1,
            col: col + 1,
        }
    }

    /// [`LineMap::pos`] of `offset`, found from `cursor` (the last position asked for
    /// with it) when `offset` is not far after it: positions asked for in order (the
    /// entries of a list) cost the bytes between them. Moves `cursor` to `offset`.
    pub fn pos_from(&self, cursor: &mut Cursor, offset: usize) -> Pos {
        let end = self.src.floor_char_boundary(offset.min(self.src.len()));
        let scanned = self
            .src
            .as_bytes()
            .get(cursor.offset..end)
            .filter(|scanned| scanned.len() <= 4 * CHECKPOINT);
        let pos = match scanned {
            None => self.pos(end),
            Some(scanned) => advance(cursor.pos, scanned),
        };
        *cursor = Cursor { offset: end, pos };
        pos
    }

    /// The offset where the line holding `offset` starts (an offset just after a `\n`
    /// starts the next line).
    pub fn line_start(&self, offset: usize) -> usize {
        let offset = offset.min(self.src.len());
        let (checkpoint, from) = self.checkpoint(offset);
        let scanned = self.src.as_bytes().get(from..offset).unwrap_or_default();
        match scanned.iter().rposition(|&b| b == b'\n') {
            Some(last) => from + last + 1,
            None => checkpoint.line_start,
        }
    }

    /// The checkpoint at or before `offset`, and its byte.
    fn checkpoint(&self, offset: usize) -> (Checkpoint, usize) {
        let idx = (offset / CHECKPOINT).min(self.checkpoints.len().saturating_sub(1));
        let checkpoint = self.checkpoints.get(idx).copied().unwrap_or_default();
        (checkpoint, idx * CHECKPOINT)
    }

    /// How many characters start before byte `offset`.
    fn chars_upto(&self, offset: usize) -> usize {
        let offset = offset.min(self.src.len());
        let (checkpoint, from) = self.checkpoint(offset);
        let rest = self.src.as_bytes().get(from..offset).unwrap_or_default();
        checkpoint.chars + count_chars(rest)
    }
}

/// The position of byte `offset` of a short `text` (an entry), counted from its start.
pub(crate) fn pos_in(text: &str, offset: usize) -> Pos {
    let end = text.floor_char_boundary(offset.min(text.len()));
    let scanned = text.as_bytes().get(..end).unwrap_or_default();
    advance(Pos { line: 1, col: 1 }, scanned)
}

/// The position after `scanned` (UTF-8 text cut at character boundaries) that starts at
/// `from`.
fn advance(from: Pos, scanned: &[u8]) -> Pos {
    match scanned.iter().rposition(|&b| b == b'\n') {
        Some(last) => Pos {
            line: from.line + scanned.iter().filter(|&&b| b == b'\n').count(),
            col: count_chars(scanned.get(last + 1..).unwrap_or_default()) + 1,
        },
        None => Pos {
            line: from.line,
            col: from.col + count_chars(scanned),
        },
    }
}

/// The characters starting in `bytes` (a slice of UTF-8 text, cut anywhere): the bytes
/// that are not continuation bytes (`0b10xx_xxxx`).
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b & 0xc0) != 0x80).count()
}

/// Where each element with an id was defined, so semantic errors can point at it.
#[derive(Clone, Debug, Default)]
pub struct Origins {
    /// The files loaded, in order; positions refer to them by index.
    pub files: Vec<PathBuf>,
    /// The first definition of each id.
    pub by_id: IdMap<Id, (usize, Pos)>,
    /// Later definitions of ids already defined, in the order validation meets them
    /// (lists in [`Kind::FILE_ORDER`], then claims, tables and figures; files in order
    /// within each list), so a problem's `occurrence` n is the n-th repeat here.
    pub duplicates: IdMap<Id, Vec<(usize, Pos)>>,
    /// Entries that failed to load, by the id read from their text: where their first
    /// error is (moved here from the loader's `Gaps` once validation is done).
    pub failed: HashMap<String, (usize, Pos)>,
    /// Where each element of each list of the document is, in document order, by list
    /// field (`diseases`, `claims`, …).
    pub(crate) lists: HashMap<&'static str, Vec<(usize, Pos)>>,
    /// [`Origins::file_rank`] of each file, taken by `index_definitions`: ranking a
    /// problem then costs no scan of the file list (a folder has hundreds of files).
    file_ranks: Vec<Option<usize>>,
}

impl Origins {
    /// Rebuilds `by_id` and `duplicates` from `lists` and `doc`, walking the lists in the
    /// order validation defines ids, whatever their order in the file and across files.
    pub(crate) fn index_definitions(&mut self, doc: &Document) {
        self.by_id.clear();
        self.duplicates.clear();
        self.by_id.reserve(doc.n_records());
        let mut first: HashMap<&PathBuf, usize> = HashMap::with_capacity(self.files.len());
        self.file_ranks = self
            .files
            .iter()
            .enumerate()
            .map(|(idx, path)| Some(*first.entry(path).or_insert(idx)))
            .collect();
        let define = |by_id: &mut IdMap<Id, (usize, Pos)>,
                      duplicates: &mut IdMap<Id, Vec<(usize, Pos)>>,
                      id: &str,
                      at: Option<&(usize, Pos)>| {
            let Some(&at) = at else { return };
            // One lookup: an id is defined once far more often than again.
            match by_id.entry(Id::from(id)) {
                std::collections::hash_map::Entry::Occupied(_) => {
                    duplicates.entry(Id::from(id)).or_default().push(at);
                }
                std::collections::hash_map::Entry::Vacant(slot) => {
                    slot.insert(at);
                }
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
        let at = self.definition(problem);
        let mut message = if problem.message.contains(FIRST_DEFINITION) {
            problem
                .message
                .replace(FIRST_DEFINITION, &self.location(&problem.id))
        } else {
            problem.message.clone()
        };
        if let Some(failed) = &problem.refers_to {
            let at = match self.failed.get(failed.as_str()) {
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

    /// Where the definition `problem` is about is: the file's index and the position.
    fn definition(&self, problem: &Problem) -> Option<(usize, Pos)> {
        match problem.occurrence {
            0 => self.by_id.get(problem.id.as_str()).copied(),
            n => self
                .duplicates
                .get(problem.id.as_str())
                .and_then(|repeats| repeats.get(n - 1))
                .copied(),
        }
    }

    /// Where the diagnostic [`Origins::locate`] makes of `problem` comes in the listing,
    /// without making it.
    pub(crate) fn rank(&self, problem: &Problem) -> Rank {
        let (file_rank, no_pos, pos) = self.place(problem);
        (file_rank, no_pos, pos, Found::VALIDATION)
    }

    /// The file rank and position of the diagnostic made of `problem`.
    fn place(&self, problem: &Problem) -> (Option<usize>, bool, Option<Pos>) {
        let rank_of = |file_idx: usize| match self.file_ranks.get(file_idx) {
            Some(&rank) => rank,
            None => self
                .files
                .get(file_idx)
                .and_then(|path| self.file_rank(path)),
        };
        match self.definition(problem) {
            Some((file_idx, pos)) => (rank_of(file_idx), false, Some(pos)),
            None => (rank_of(0), true, None),
        }
    }

    /// The position of `path` among the files loaded (its first, if loaded twice), which
    /// orders diagnostics by file.
    pub fn file_rank(&self, path: &std::path::Path) -> Option<usize> {
        self.files.iter().position(|f| f == path)
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
    fn columns_on_a_line_longer_than_a_checkpoint() {
        // Several checkpoints on one line, with characters of one to four bytes cut by
        // the checkpoints anywhere: every column is the naive count.
        // `\u{1d11e}` (four bytes) is written escaped: the font need not cover it.
        let line = "a甲é\u{1d11e}b".repeat(2_000);
        let src = format!("x\n{line}\nend");
        let map = LineMap::new(&src);
        let line_start = 2;
        for offset in (0..src.len()).step_by(7).chain([src.len(), src.len() - 1]) {
            let naive = {
                let before = &src[..src.floor_char_boundary(offset)];
                let line_no = before.matches('\n').count() + 1;
                let from = before.rfind('\n').map_or(0, |i| i + 1);
                Pos {
                    line: line_no,
                    col: before[from..].chars().count() + 1,
                }
            };
            assert_eq!(map.pos(offset), naive, "offset {offset}");
        }
        // From a cursor, in order and with jumps back and far ahead.
        let mut cursor = super::Cursor::default();
        let offsets = (0..src.len()).step_by(13).chain([5, src.len(), 3, 9_000]);
        for offset in offsets {
            assert_eq!(
                map.pos_from(&mut cursor, offset),
                map.pos(offset),
                "offset {offset}"
            );
        }
        assert_eq!(super::pos_in(&src, 4), map.pos(4));
        assert_eq!(map.line_start(line_start + 5000), line_start);
        assert_eq!(map.line_start(0), 0);
        // A length that is a whole number of checkpoints.
        let exact = "é".repeat(super::CHECKPOINT / 2);
        assert_eq!(
            LineMap::new(&exact).pos(exact.len()),
            Pos {
                line: 1,
                col: super::CHECKPOINT / 2 + 1
            }
        );
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
