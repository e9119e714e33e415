//! The scanner: splits `Evidence(…)` into its fields and each list into element spans,
//! reporting structural errors with their position. Iterative, with bounded nesting.
//!
//! After a structural error inside a list entry the scanner resynchronises. The file's
//! layout says where the broken entry ends (entries and fields start on lines of their
//! own, indented no deeper than the entry's first line, while the entry's contents are
//! indented deeper), and scanning goes on from there: one missing `)` or `"` costs one
//! diagnostic, and later mistakes are still found. A string that runs over a line end
//! into text that looks like the file's own structure is a missing or unescaped `"`,
//! reported on the line where it is, not where the scan finally gave up.

use std::path::Path;

use super::super::diag::{Cursor, Diagnostic, Found, LineMap, Pos};
use super::element::{Outcomes, Span, id_in, parse_element, parse_elements};
use super::{FORMAT_VERSION, MAX_DEPTH, Parsed};
use crate::model::TOP_FIELDS;
use crate::platform::Progress;

/// A fatal scanner error: the file's structure cannot be followed past this point.
pub(super) struct ScanError {
    pub(super) offset: usize,
    pub(super) message: String,
}

impl ScanError {
    /// An error already reported: scanning stops without another diagnostic.
    fn reported() -> Self {
        Self {
            offset: 0,
            message: String::new(),
        }
    }
}

/// A list element found by the scanner, deserialized afterwards.
pub(super) struct Pending {
    field: &'static str,
    start: usize,
    end: usize,
    /// A repaired copy of the entry's text (a missing bracket added), for an entry whose
    /// text in the file is broken: its other fields are still checked.
    repaired: Option<String>,
}

/// How the scan of a list ended.
enum ListEnd {
    /// At its `]`.
    Closed,
    /// Resynchronised at the next top-level field or at the `)` of `Evidence(…)`.
    Resync,
}

/// Where scanning resumes after a broken entry, found by the layout; each holds the
/// offset of the token that starts its line.
#[derive(Clone, Copy)]
enum Resume {
    /// The next entry: a line starting with `(` at the broken entry's indentation.
    Entry(usize),
    /// The `)` that ends the broken entry: a line starting with `)`.
    AfterEntry(usize),
    /// The list's `]`.
    ListEnd(usize),
    /// The next top-level field, or the `)` of `Evidence(…)`.
    Field(usize),
}

impl Resume {
    fn offset(self) -> usize {
        match self {
            Resume::Entry(at)
            | Resume::AfterEntry(at)
            | Resume::ListEnd(at)
            | Resume::Field(at) => at,
        }
    }
}

fn fail<T>(offset: usize, message: impl Into<String>) -> Result<T, ScanError> {
    Err(ScanError {
        offset,
        message: message.into(),
    })
}

pub(super) struct Parser<'s, 'o> {
    pub(super) src: &'s str,
    pub(super) bytes: &'s [u8],
    pub(super) at: usize,
    pub(super) lines: &'s LineMap<'s>,
    pub(super) path: &'s Path,
    pub(super) file_idx: usize,
    pub(super) out: &'o mut Parsed,
    pub(super) version_seen: bool,
    /// List elements found by the scanner, deserialized afterwards.
    pub(super) pending: Vec<Pending>,
    pub(super) progress: &'s Progress,
    /// Where the first string of the entry being scanned that runs over a line end starts.
    pub(super) spanning: Option<usize>,
    /// Broken entries recovered from so far (each may have cost a scan to the end).
    pub(super) recoveries: usize,
    /// The position of the last element recorded, to find the next one's from it.
    pub(super) origin_cursor: Cursor,
    /// Where this file's diagnostics come among the files'
    /// ([`Origins::file_rank`](super::super::diag::Origins::file_rank)).
    pub(super) file_rank: Option<usize>,
    /// How elements are deserialized.
    pub(super) reader: super::ElementReader,
    /// Where batches are read while the scan goes on (large files); `None`: here.
    pub(super) pipe: Option<Pipe>,
}

/// Elements read together: the scan records this many, then they are deserialized (in
/// parallel) and dropped, so memory for waiting elements stays bounded whatever the
/// number of entries.
const BATCH: usize = 4096;

/// Broken entries recovered from before scanning stops: each recovery may rescan up to
/// the end of the file, so this bounds the time a badly damaged file takes.
const MAX_RECOVERIES: usize = 64;

impl<'s> Parser<'s, '_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn peek_at(&self, ahead: usize) -> Option<u8> {
        self.bytes.get(self.at + ahead).copied()
    }

    /// Describes the character at the cursor for "found …" messages.
    fn found(&self) -> String {
        match self.src.get(self.at..).and_then(|rest| rest.chars().next()) {
            Some(c) => format!("`{}`", c.escape_debug()),
            None => "the end of the file".to_owned(),
        }
    }

    fn skip_trivia(&mut self) -> Result<(), ScanError> {
        loop {
            match self.peek() {
                Some(b' ' | b'\t' | b'\n' | b'\r') => self.at += 1,
                Some(b'/') if self.peek_at(1) == Some(b'/') => {
                    while let Some(b) = self.peek() {
                        if b == b'\n' {
                            break;
                        }
                        self.at += 1;
                    }
                }
                Some(b'/') if self.peek_at(1) == Some(b'*') => self.block_comment()?,
                _ => return Ok(()),
            }
        }
    }

    fn block_comment(&mut self) -> Result<(), ScanError> {
        let start = self.at;
        self.at += 2;
        let mut depth = 1usize;
        while depth > 0 {
            match (self.peek(), self.peek_at(1)) {
                (None, _) => return fail(start, "unterminated `/*` comment"),
                (Some(b'*'), Some(b'/')) => {
                    depth -= 1;
                    self.at += 2;
                }
                (Some(b'/'), Some(b'*')) => {
                    depth += 1;
                    self.at += 2;
                }
                _ => self.at += 1,
            }
        }
        Ok(())
    }

    fn string(&mut self) -> Result<(), ScanError> {
        let start = self.at;
        self.at += 1;
        loop {
            match self.peek() {
                None => {
                    return fail(
                        start,
                        "unterminated string: add the `\"` that closes the string opened here",
                    );
                }
                Some(b'\\') => self.at += 2,
                Some(b'"') => {
                    self.at += 1;
                    return Ok(());
                }
                Some(b'\n') => {
                    self.spanning.get_or_insert(start);
                    self.at += 1;
                }
                Some(_) => self.at += 1,
            }
        }
    }

    /// `r"…"`, `r#"…"#`: the cursor is on the first `#` or `"` after the `r`.
    fn raw_string(&mut self) -> Result<(), ScanError> {
        let start = self.at;
        let mut hashes = 0usize;
        while self.peek() == Some(b'#') {
            hashes += 1;
            self.at += 1;
        }
        if self.peek() != Some(b'"') {
            // A raw identifier such as `r#type`: nothing more to skip.
            return Ok(());
        }
        self.at += 1;
        loop {
            match self.peek() {
                None => return fail(start, "unterminated raw string"),
                Some(b'"') => {
                    self.at += 1;
                    let closing = (0..hashes).all(|i| self.peek_at(i) == Some(b'#'));
                    if closing {
                        self.at += hashes;
                        return Ok(());
                    }
                }
                Some(_) => self.at += 1,
            }
        }
    }

    fn char_literal(&mut self) -> Result<(), ScanError> {
        let start = self.at;
        self.at += 1;
        loop {
            match self.peek() {
                None | Some(b'\n') => {
                    return fail(
                        start,
                        "a `'` outside a string; text must be inside `\"…\"` (RON reads `'` as the start of a single character)",
                    );
                }
                Some(b'\\') => self.at += 2,
                Some(b'\'') => {
                    self.at += 1;
                    return Ok(());
                }
                Some(_) => self.at += 1,
            }
        }
    }

    fn identifier(&mut self) -> &'s str {
        let start = self.at;
        while let Some(b) = self.peek() {
            if b.is_ascii_alphanumeric() || b == b'_' {
                self.at += 1;
            } else {
                break;
            }
        }
        self.src.get(start..self.at).unwrap_or_default()
    }

    /// Skips one value and returns its byte span, trailing trivia excluded. Stops before
    /// a `,` or a closing bracket at depth 0; an `element` (a list entry) also stops
    /// right after its brackets close, so a missing `,` between two entries is seen.
    fn value(&mut self, element: bool) -> Result<(usize, usize), ScanError> {
        let start = self.at;
        let mut end = self.at;
        let mut open: Vec<(u8, usize)> = Vec::new();
        loop {
            self.skip_trivia()?;
            let Some(b) = self.peek() else {
                if let Some(&(closer, at)) = open.last() {
                    return fail(
                        at,
                        format!(
                            "this bracket is never closed (a `{}` is missing)",
                            closer as char
                        ),
                    );
                }
                break;
            };
            match b {
                b'(' | b'[' | b'{' => {
                    if open.len() >= MAX_DEPTH {
                        return fail(
                            self.at,
                            format!(
                                "nesting deeper than {MAX_DEPTH} levels; the file is malformed"
                            ),
                        );
                    }
                    let closer = match b {
                        b'(' => b')',
                        b'[' => b']',
                        _ => b'}',
                    };
                    open.push((closer, self.at));
                    self.at += 1;
                }
                b')' | b']' | b'}' => match open.last() {
                    None => break,
                    Some(&(closer, _)) if closer == b => {
                        open.pop();
                        self.at += 1;
                        if element && open.is_empty() {
                            end = self.at;
                            break;
                        }
                    }
                    Some(&(closer, at)) => {
                        let opened = self.lines.pos(at);
                        return fail(
                            self.at,
                            format!(
                                "found `{}` but the `{}` opened at {}:{} is still open; add `{}` before this `{}`",
                                b as char,
                                self.bytes.get(at).map_or('(', |&o| char::from(o)),
                                opened.line,
                                opened.col,
                                closer as char,
                                b as char
                            ),
                        );
                    }
                },
                b',' if open.is_empty() => break,
                b'"' => self.string()?,
                b'\'' => self.char_literal()?,
                b if b.is_ascii_alphabetic() || b == b'_' => {
                    let ident = self.identifier();
                    if matches!(ident, "r" | "br") && matches!(self.peek(), Some(b'#' | b'"')) {
                        self.raw_string()?;
                    } else if ident == "b" && self.peek() == Some(b'"') {
                        self.string()?;
                    }
                }
                _ => self.at += 1,
            }
            end = self.at;
        }
        if end == start {
            return fail(self.at, format!("expected a value, found {}", self.found()));
        }
        Ok((start, end))
    }

    fn expect(&mut self, byte: u8, what: &str) -> Result<(), ScanError> {
        self.skip_trivia()?;
        if self.peek() == Some(byte) {
            self.at += 1;
            Ok(())
        } else {
            fail(self.at, format!("expected {what}, found {}", self.found()))
        }
    }

    /// Scans the whole file: a byte-order mark, `#![…]` attributes, then `Evidence(…)`.
    pub(super) fn document(&mut self) -> Result<(), ScanError> {
        // A UTF-8 byte-order mark is harmless; skip it.
        if self.src.starts_with('\u{feff}') {
            self.at = 3;
        }
        self.skip_trivia()?;
        if self.peek().is_none() {
            return fail(
                self.at,
                "the file is empty; expected `Evidence(version: 1, …)`",
            );
        }
        self.attributes()?;
        if self.peek().is_some_and(|b| b.is_ascii_alphabetic()) {
            let at = self.at;
            let name = self.identifier();
            if name != "Evidence" {
                return fail(
                    at,
                    format!("expected `Evidence(…)` at the top of the file, found `{name}`"),
                );
            }
        }
        self.expect(b'(', "`(` opening `Evidence(…)`")?;
        self.fields()?;
        self.skip_trivia()?;
        if self.peek().is_some() {
            self.report(
                self.at,
                format!(
                    "unexpected {} after the end of `Evidence(…)`; remove it, or move it inside `Evidence(…)` (a file holds one `Evidence(…)`)",
                    self.found()
                ),
            );
        }
        if !self.version_seen {
            self.push_diagnostic(
                Found::scan(self.file_idx),
                Diagnostic::at(
                    self.path,
                    Pos { line: 1, col: 1 },
                    format!(
                        "missing field `version`; add `version: {FORMAT_VERSION},` to `Evidence(…)`"
                    ),
                ),
            );
        }
        Ok(())
    }

    /// Skips `#![enable(…)]` attributes: the extensions this format needs are always on.
    fn attributes(&mut self) -> Result<(), ScanError> {
        while self.peek() == Some(b'#') && self.peek_at(1) == Some(b'!') {
            self.at += 2;
            self.expect(b'[', "`[` after `#!`")?;
            self.skip_trivia()?;
            if self.peek() != Some(b']') {
                self.value(false)?;
            }
            self.expect(b']', "`]` closing the `#![…]` attribute")?;
            self.skip_trivia()?;
        }
        Ok(())
    }

    /// The fields of `Evidence(…)`, after its `(` up to and including its `)`.
    fn fields(&mut self) -> Result<(), ScanError> {
        const UNCLOSED: &str = "the file ends before `Evidence(…)` is closed; add a `)` at the end (or, if the file was cut short, restore its end)";
        // Which of `TOP_FIELDS` were seen (a field repeated a million times must not make
        // this quadratic).
        let mut seen = [false; TOP_FIELDS.len()];
        loop {
            self.skip_trivia()?;
            match self.peek() {
                Some(b')') => {
                    self.at += 1;
                    break;
                }
                None => return fail(self.at, UNCLOSED),
                _ => {}
            }
            let field_at = self.at;
            let name = self.identifier().to_owned();
            if name.is_empty() {
                return fail(
                    self.at,
                    format!("expected a field name, found {}", self.found()),
                );
            }
            self.expect(b':', &format!("`:` after `{name}`"))?;
            self.skip_trivia()?;
            let mut resynced = false;
            match TOP_FIELDS.iter().position(|f| *f == name) {
                None => {
                    self.report(
                        field_at,
                        format!(
                            "unknown field `{name}` in `Evidence`; valid fields are: {}",
                            TOP_FIELDS.join(", ")
                        ),
                    );
                    self.value(false)?;
                }
                Some(field_idx) => {
                    let field = TOP_FIELDS.get(field_idx).copied().unwrap_or_default();
                    if let Some(seen) = seen.get_mut(field_idx) {
                        if *seen {
                            self.report(field_at, format!("field `{field}` appears twice"));
                        }
                        *seen = true;
                    }
                    resynced = self.field(field)?;
                }
            }
            if resynced {
                continue;
            }
            self.skip_trivia()?;
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b')') => {}
                Some(b) if b.is_ascii_alphabetic() => {
                    let end = self.last_token_end(self.at);
                    self.report(
                        end,
                        format!("missing `,` after field `{name}`; add one here"),
                    );
                }
                None => return fail(self.at, UNCLOSED),
                _ => {
                    return fail(
                        self.at,
                        format!(
                            "expected `,` or `)` after field `{name}`, found {}",
                            self.found()
                        ),
                    );
                }
            }
        }
        Ok(())
    }

    /// One top-level field's value. Returns whether the scan resynchronised at the next
    /// field (the list's end was not found).
    fn field(&mut self, field: &'static str) -> Result<bool, ScanError> {
        if field != "version" {
            return Ok(matches!(self.list(field)?, ListEnd::Resync));
        }
        let (start, end) = self.value(false)?;
        self.version_seen = true;
        let text = self.src.get(start..end).unwrap_or_default();
        let misses = &mut self.out.fast_misses;
        match parse_element::<u32>(
            text,
            || self.lines.pos(start),
            self.path,
            self.reader,
            misses,
        ) {
            Ok(version) => {
                if version != FORMAT_VERSION {
                    self.report(
                        start,
                        format!(
                            "this file is format version {version}; this build of Paracrine reads version {FORMAT_VERSION}"
                        ),
                    );
                }
                self.out.doc.version = version;
            }
            Err(diagnostics) => {
                for diagnostic in diagnostics {
                    self.push_diagnostic(Found::scan(self.file_idx), diagnostic);
                }
            }
        }
        Ok(false)
    }

    /// Records the span of every element of a list; a broken entry is reported and the
    /// scan resynchronises after it.
    fn list(&mut self, field: &'static str) -> Result<ListEnd, ScanError> {
        self.skip_trivia()?;
        if self.peek() != Some(b'[') {
            self.report(
                self.at,
                format!(
                    "expected `[` opening the `{field}` list, found {}; a list is written `{field}: [(…), (…)]`",
                    self.found()
                ),
            );
            self.value(false)?;
            return Ok(ListEnd::Closed);
        }
        let list_at = self.at;
        self.at += 1;
        loop {
            self.skip_trivia()?;
            match self.peek() {
                Some(b']') => {
                    self.at += 1;
                    return Ok(ListEnd::Closed);
                }
                None => {
                    let opened = self.lines.pos(list_at);
                    return Err(self.ends_early(&format!(
                        "inside the `{field}` list opened at {}:{}",
                        opened.line, opened.col
                    )));
                }
                _ => {}
            }
            let start = self.at;
            let outcome = self.entry(field, start)?;
            if let Some(resume) = outcome {
                self.recoveries += 1;
                if self.recoveries > MAX_RECOVERIES {
                    self.report(
                        resume.offset(),
                        format!(
                            "more than {MAX_RECOVERIES} broken entries; checking stops here: fix the ones above, then check again"
                        ),
                    );
                    return Err(ScanError::reported());
                }
            }
            match outcome {
                None => {}
                Some(Resume::Entry(at) | Resume::ListEnd(at)) => {
                    self.at = at;
                    continue;
                }
                Some(Resume::AfterEntry(at)) => self.at = at + 1,
                Some(Resume::Field(at)) => {
                    self.at = at;
                    return Ok(ListEnd::Resync);
                }
            }
            self.skip_trivia()?;
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b']') => {}
                None => {
                    let opened = self.lines.pos(list_at);
                    return Err(self.ends_early(&format!(
                        "inside the `{field}` list opened at {}:{}",
                        opened.line, opened.col
                    )));
                }
                Some(b) if b == b'(' || b.is_ascii_alphabetic() => {
                    let end = self.last_token_end(self.at);
                    self.report(
                        end,
                        format!("missing `,` between two entries of `{field}`; add one here"),
                    );
                }
                Some(_) => {
                    self.report(
                        self.at,
                        format!(
                            "unexpected {} after an entry of `{field}`; remove it (entries are separated by `,`)",
                            self.found()
                        ),
                    );
                    match self.resync_point(start, self.at) {
                        Some(Resume::Entry(at) | Resume::ListEnd(at)) => self.at = at,
                        Some(Resume::AfterEntry(at)) => {
                            self.at = at + 1;
                            self.skip_trivia()?;
                            if self.peek() == Some(b',') {
                                self.at += 1;
                            }
                        }
                        Some(Resume::Field(at)) => {
                            self.at = at;
                            return Ok(ListEnd::Resync);
                        }
                        None => return Err(ScanError::reported()),
                    }
                }
            }
        }
    }

    /// Scans the entry at `start`. `None`: it was recorded and the cursor is after it;
    /// otherwise it was broken, is reported, and scanning resumes where this says.
    fn entry(&mut self, field: &'static str, start: usize) -> Result<Option<Resume>, ScanError> {
        self.spanning = None;
        let scanned = self.value(true);
        if let Some(quote) = self.spanning.filter(|&q| self.runs_into_structure(q)) {
            let pos = self.missing_quote(quote);
            let resume = self.resync_point(start, quote);
            let end = resume.map_or(self.src.len(), |r| self.line_start(r.offset()));
            self.entry_failed(start, end, pos);
            return resume.map(Some).ok_or_else(ScanError::reported);
        }
        match scanned {
            Ok((start, end)) => {
                self.push_pending(Pending {
                    field,
                    start,
                    end,
                    repaired: None,
                });
                Ok(None)
            }
            Err(err) => self.recover(field, start, err).map(Some),
        }
    }

    /// Reports a structural error `err` of the entry at `start` and finds where to go on.
    fn recover(
        &mut self,
        field: &'static str,
        start: usize,
        err: ScanError,
    ) -> Result<Resume, ScanError> {
        let Some(resume) = self.resync_point(start, start) else {
            if self.at >= self.src.len() {
                let opened = self.lines.pos(start);
                return Err(self.ends_early(&format!(
                    "inside the `{field}` entry that starts at {}:{}",
                    opened.line, opened.col
                )));
            }
            return Err(err);
        };
        let region_end = self.line_start(resume.offset());
        if err.offset < region_end {
            // The error is inside the entry, where the scan says.
            let pos = self.lines.pos(err.offset);
            self.report(err.offset, err.message);
            self.entry_failed(start, region_end, pos);
            return Ok(resume);
        }
        // The scan ran past where the layout says the entry ends: a bracket is missing.
        let stop = match resume {
            Resume::AfterEntry(at) => at,
            Resume::Entry(_) | Resume::ListEnd(_) | Resume::Field(_) => region_end,
        };
        let mut open = self.open_brackets(start, stop);
        if matches!(resume, Resume::AfterEntry(_)) && !open.is_empty() {
            // The `)` line closes the entry itself.
            open.remove(0);
        }
        let Some(&(_, innermost)) = open.last() else {
            let pos = self.lines.pos(err.offset);
            self.report(err.offset, err.message);
            self.entry_failed(start, region_end, pos);
            return Ok(resume);
        };
        let insert = self.last_token_end(region_end);
        let closers: String = open.iter().rev().map(|&(c, _)| char::from(c)).collect();
        let opener = self.bytes.get(innermost).map_or('(', |&b| char::from(b));
        let opened = self.lines.pos(innermost);
        let next = self.describe(resume);
        self.report(
            insert,
            format!(
                "missing `{closers}` here: the `{opener}` opened at {}:{} is not closed before {next}",
                opened.line, opened.col
            ),
        );
        // Read the entry as if the brackets were there, so the rest of it is checked.
        let end = match resume {
            Resume::AfterEntry(at) => at + 1,
            Resume::Entry(_) | Resume::ListEnd(_) | Resume::Field(_) => insert,
        };
        let mut repaired = String::with_capacity(end.saturating_sub(start) + closers.len());
        repaired.push_str(self.src.get(start..insert).unwrap_or_default());
        repaired.push_str(&closers);
        repaired.push_str(self.src.get(insert..end).unwrap_or_default());
        self.push_pending(Pending {
            field,
            start,
            end,
            repaired: Some(repaired),
        });
        Ok(resume)
    }

    /// "the next entry (12:5)": what `resume` is, for messages.
    fn describe(&self, resume: Resume) -> String {
        let pos = self.lines.pos(resume.offset());
        let at = format!("{}:{}", pos.line, pos.col);
        match resume {
            Resume::Entry(_) => format!("the next entry at {at}"),
            Resume::AfterEntry(_) => format!("the `)` that ends the entry at {at}"),
            Resume::ListEnd(_) => format!("the `]` that ends the list at {at}"),
            Resume::Field(offset) if self.bytes.get(offset) == Some(&b')') => {
                format!("the `)` that ends `Evidence(…)` at {at}")
            }
            Resume::Field(_) => format!("the next field at {at}"),
        }
    }

    /// The file ends early (inside a list or an entry, as `inside` says): reported first,
    /// and references to ids that may have been in the missing part are not reported.
    fn ends_early(&mut self, inside: &str) -> ScanError {
        self.out.gaps.truncated = true;
        let pos = self.lines.pos(self.src.len());
        self.out.leading.push(Diagnostic::at(
            self.path,
            pos,
            format!(
                "the file ends early, {inside}: it looks cut short (was it saved or copied completely?); restore its end, e.g. from a backup or version control. Ids that are not found are not reported, as they may be in the missing part"
            ),
        ));
        ScanError::reported()
    }

    /// Records that the entry `start..end` failed to load, with its first error at `pos`.
    fn entry_failed(&mut self, start: usize, end: usize, pos: Pos) {
        if let Some(id) = id_in(self.src.get(start..end).unwrap_or_default()) {
            self.out
                .gaps
                .failed
                .entry(id)
                .or_insert((self.file_idx, pos));
        }
    }

    /// The offset where the line holding `offset` starts (by the line table: a long line
    /// is not scanned back).
    fn line_start(&self, offset: usize) -> usize {
        self.lines.line_start(offset)
    }

    /// How many blanks start the line holding `offset`.
    fn indent(&self, offset: usize) -> usize {
        let from = self.line_start(offset);
        self.bytes
            .get(from..)
            .unwrap_or_default()
            .iter()
            .take_while(|&&b| b == b' ' || b == b'\t')
            .count()
    }

    /// The offset just after the last token before `offset` (trailing blanks skipped).
    fn last_token_end(&self, offset: usize) -> usize {
        let before = self.src.get(..offset).unwrap_or_default();
        before.trim_end().len()
    }

    /// Where the entry at `entry` ends by the layout: the first line after the line of
    /// `from` that starts another entry at the entry's indentation, or starts with `)` or
    /// `]`, or starts a top-level field, no deeper than the entry's first line. `None`
    /// when no such line follows.
    fn resync_point(&self, entry: usize, from: usize) -> Option<Resume> {
        let indent = self.indent(entry);
        let own_line = self.line_start(entry) + indent == entry;
        let mut line_start = self.src.get(from..)?.find('\n').map(|i| from + i + 1)?;
        while line_start < self.src.len() {
            let rest = self.src.get(line_start..).unwrap_or_default();
            let line = rest.split('\n').next().unwrap_or_default();
            let here = line.len() - line.trim_start_matches([' ', '\t']).len();
            let text = line.get(here..).unwrap_or_default();
            let at = line_start + here;
            if here <= indent && !text.is_empty() && !text.starts_with("//") {
                let ident: &str = text
                    .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .next()
                    .unwrap_or_default();
                let after = text.get(ident.len()..).unwrap_or_default().trim_start();
                match text.as_bytes().first() {
                    Some(b')') if here == indent => return Some(Resume::AfterEntry(at)),
                    Some(b')') => return Some(Resume::Field(at)),
                    Some(b']') => return Some(Resume::ListEnd(at)),
                    Some(b'(') if own_line && here == indent => return Some(Resume::Entry(at)),
                    Some(b) if b.is_ascii_alphabetic() => {
                        if after.starts_with('(') && own_line && here == indent {
                            return Some(Resume::Entry(at));
                        }
                        if after.starts_with(':')
                            && TOP_FIELDS.contains(&ident)
                            && (here < indent || !own_line)
                        {
                            return Some(Resume::Field(at));
                        }
                    }
                    _ => {}
                }
            }
            line_start += line.len() + 1;
        }
        None
    }

    /// The brackets opened in `from..to` and not closed there, outermost first: (closer,
    /// offset of the opener).
    fn open_brackets(&self, from: usize, to: usize) -> Vec<(u8, usize)> {
        let mut open: Vec<(u8, usize)> = Vec::new();
        let mut i = from;
        while i < to {
            let Some(&b) = self.bytes.get(i) else { break };
            match b {
                b'"' => {
                    i += 1;
                    while let Some(&c) = self.bytes.get(i) {
                        match c {
                            b'\\' => i += 2,
                            b'"' => break,
                            _ => i += 1,
                        }
                    }
                }
                b'/' if self.bytes.get(i + 1) == Some(&b'/') => {
                    while self.bytes.get(i).is_some_and(|&c| c != b'\n') {
                        i += 1;
                    }
                }
                b'(' => open.push((b')', i)),
                b'[' => open.push((b']', i)),
                b'{' => open.push((b'}', i)),
                b')' | b']' | b'}' if open.last().is_some_and(|&(closer, _)| closer == b) => {
                    open.pop();
                }
                _ => {}
            }
            i += 1;
        }
        open
    }

    /// Whether the string at `quote`, which runs over a line end, runs into text that looks
    /// like the file's structure (an indented `field:`, or a bracket, starting a line):
    /// then its `"` is missing or one too many, not a string written on several lines.
    fn runs_into_structure(&self, quote: usize) -> bool {
        let mut i = quote + 1;
        while let Some(&b) = self.bytes.get(i) {
            match b {
                b'\\' => i += 2,
                b'"' => return false,
                b'\n' => {
                    let next = self.src.get(i + 1..).unwrap_or_default();
                    let text = next.trim_start_matches([' ', '\t']);
                    if looks_structural(text, text.len() < next.len()) {
                        return true;
                    }
                    i += 1;
                }
                _ => i += 1,
            }
        }
        false
    }

    /// Reports the likely place of the missing or extra `"` that made the string at
    /// `quote` run over its line end, and returns that place.
    fn missing_quote(&mut self, quote: usize) -> Pos {
        let line_start = self.line_start(quote);
        let runs_to = {
            let mut i = quote + 1;
            while let Some(&b) = self.bytes.get(i) {
                match b {
                    b'\\' => i += 2,
                    b'"' => break,
                    _ => i += 1,
                }
            }
            self.lines.pos(i.min(self.src.len())).line
        };
        // The strings before `quote` on its line, as the scanner paired their quotes.
        let mut strings: Vec<(usize, usize)> = Vec::new();
        let mut i = line_start;
        while i < quote {
            match self.bytes.get(i) {
                Some(b'"') => {
                    let open = i;
                    i += 1;
                    while i < quote && self.bytes.get(i) != Some(&b'"') {
                        i += if self.bytes.get(i) == Some(&b'\\') {
                            2
                        } else {
                            1
                        };
                    }
                    strings.push((open, i));
                }
                Some(b'/') if self.bytes.get(i + 1) == Some(&b'/') => break,
                _ => {}
            }
            i += 1;
        }
        let opened = |p: &Self, at: usize| {
            let pos = p.lines.pos(at);
            format!("{}:{}", pos.line, pos.col)
        };
        let spanning_end = self.src.len().min(
            self.src
                .get(quote + 1..)
                .and_then(|rest| rest.find('"'))
                .map_or(self.src.len(), |i| quote + 1 + i),
        );
        strings.push((quote, spanning_end));
        // The first string whose text holds `, field:` (the structure of the file) or
        // starts with `)` or `]`.
        let culprit = strings
            .iter()
            .enumerate()
            .find_map(|(idx, &(open, close))| {
                let content = self.src.get(open + 1..close).unwrap_or_default();
                let comma = self.field_separator(open + 1, close);
                let closes_a_value = content.trim_start().starts_with([')', ']'])
                    || comma.is_some_and(|c| {
                        self.src
                            .get(open + 1..c)
                            .is_some_and(|gap| gap.trim().is_empty())
                    });
                if closes_a_value {
                    Some((idx, open, None))
                } else {
                    comma.map(|c| (idx, open, Some(c)))
                }
            });
        let (at, message) = match culprit {
            // The string's `"` is missing before the `,`.
            Some((_, open, Some(comma))) => (
                comma,
                format!(
                    "missing `\"` here? the string opened at {} runs on past this `,` into the next field; add the closing `\"` before the `,`",
                    opened(self, open)
                ),
            ),
            // The `"` at `open` really closed a value.
            Some((idx, open, None)) => {
                let before = idx.checked_sub(1).and_then(|i| strings.get(i)).copied();
                self.extra_or_missing_quote(line_start, before, open)
            }
            None => (
                quote,
                format!(
                    "missing `\"`? the string opened here is not closed on its line and runs on to line {runs_to}; add the closing `\"` where its text ends (a `\"` inside text is written `\\\"`)"
                ),
            ),
        };
        let pos = self.lines.pos(at);
        self.report(at, message);
        pos
    }

    /// For a `"` at `open` that closes a value rather than opening a string: the `"` before
    /// it (the string `before`, on the same line) is one too many when only text lies
    /// between them, else the value's opening `"` is missing. Where, and the sentence.
    fn extra_or_missing_quote(
        &self,
        line_start: usize,
        before: Option<(usize, usize)>,
        open: usize,
    ) -> (usize, String) {
        match before {
            Some((_, close))
                if !self
                    .src
                    .get(close + 1..open)
                    .unwrap_or_default()
                    .contains(':') =>
            {
                (
                    close,
                    "unescaped `\"` inside a string? this `\"` ends the string early and the rest of the line is misread; write a `\"` inside text as `\\\"`".to_owned(),
                )
            }
            _ => {
                let value = self
                    .src
                    .get(line_start..open)
                    .and_then(|text| text.rfind(':'))
                    .map_or(open, |colon| {
                        let after = line_start + colon + 1;
                        let gap = self.src.get(after..open).unwrap_or_default();
                        after + (gap.len() - gap.trim_start().len())
                    });
                (
                    value,
                    "missing `\"` here? this text has no opening `\"`, so the `\"` after it opens a string instead of closing one; add `\"` before the text".to_owned(),
                )
            }
        }
    }

    /// The first `,` in `from..to` followed by a `field:` (line ends allowed between).
    fn field_separator(&self, from: usize, to: usize) -> Option<usize> {
        let text = self.src.get(from..to)?;
        text.match_indices(',').find_map(|(i, _)| {
            let rest = text.get(i + 1..)?.trim_start();
            let ident: &str = rest
                .split(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'))
                .next()?;
            let starts_like_a_field = ident
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_lowercase() || c == '_');
            let colon = rest.get(ident.len()..)?.trim_start().starts_with(':');
            (starts_like_a_field && colon).then_some(from + i)
        })
    }

    /// Records an element found by the scan; once [`BATCH`] are waiting, reads them.
    fn push_pending(&mut self, pending: Pending) {
        self.pending.push(pending);
        if self.pending.len() >= BATCH {
            self.deserialize_pending();
        }
    }

    /// Deserializes the recorded elements, each list in parallel chunks, and appends
    /// them to the document in file order. With a [`Pipe`], the batch is read on the
    /// pipe's thread while the scan goes on, and the batch before it, read meanwhile, is
    /// appended now.
    pub(super) fn deserialize_pending(&mut self) {
        if let Some(pipe) = &mut self.pipe {
            let pending = std::mem::take(&mut self.pending);
            let earlier = pipe.in_flight.then(|| pipe.done.recv());
            match pipe.work.send(pending) {
                Ok(()) => pipe.in_flight = true,
                // The reading thread is gone (it panicked: a bug, raised when the scope
                // ends): read this batch here.
                Err(std::sync::mpsc::SendError(pending)) => {
                    pipe.in_flight = false;
                    self.pending = pending;
                }
            }
            if let Some(Ok((earlier, read))) = earlier {
                self.append_batch(&earlier, read);
            }
            if self.pending.is_empty() {
                return;
            }
        }
        let pending = std::mem::take(&mut self.pending);
        let read = Reading {
            src: self.src,
            lines: self.lines,
            path: self.path,
            progress: self.progress,
            reader: self.reader,
        }
        .batch(&pending);
        self.append_batch(&pending, read);
        // Keep the allocation for the next batch.
        self.pending = pending;
        self.pending.clear();
    }

    /// Appends the batch read last on the pipe's thread, if one is still being read.
    pub(super) fn finish_pipe(&mut self) {
        if let Some(pipe) = &mut self.pipe
            && std::mem::take(&mut pipe.in_flight)
            && let Ok((earlier, read)) = pipe.done.recv()
        {
            self.append_batch(&earlier, read);
        }
    }

    /// Appends a batch's elements, read into `read`, to the document, list by list in
    /// the order lists are read.
    fn append_batch(&mut self, pending: &[Pending], read: BatchRead) {
        let mut list_idx = 0;
        macro_rules! lists {
            ($($variant:ident, $ty:ident, $field:ident, $($rest:tt),*;)*) => {
                $(
                    self.append_list(pending, stringify!($field), list_idx, read.$field, |doc| &mut doc.$field);
                    list_idx += 1;
                )*
            };
        }
        crate::model::kinds::for_each_kind!(lists);
        self.append_list(pending, "claims", list_idx, read.claims, |doc| {
            &mut doc.claims
        });
        self.append_list(pending, "tables", list_idx + 1, read.tables, |doc| {
            &mut doc.tables
        });
        self.append_list(pending, "figures", list_idx + 2, read.figures, |doc| {
            &mut doc.figures
        });
    }

    /// Appends the elements of list `field` (number `list_idx` in the order lists are
    /// read), read into `parsed`, to `list(doc)`; records where each is, and the
    /// diagnostics of those that failed.
    fn append_list<T>(
        &mut self,
        pending: &[Pending],
        field: &'static str,
        list_idx: usize,
        parsed: Option<Outcomes<T>>,
        list: impl Fn(&mut crate::model::Document) -> &mut Vec<T>,
    ) {
        let Some(parsed) = parsed else {
            return;
        };
        self.out.fast_misses += parsed.fast_misses();
        let found = Found::entries(self.file_idx, list_idx);
        for (result, span) in parsed.in_order().zip(spans(self.src, pending, field)) {
            match result {
                Ok(item) => {
                    self.record_origin(field, span.start);
                    list(&mut self.out.doc).push(item);
                }
                Err(diagnostics) => {
                    if let (Some(id), Some(first)) =
                        (id_in(span.text), diagnostics.first().and_then(|d| d.pos))
                    {
                        self.out
                            .gaps
                            .failed
                            .entry(id)
                            .or_insert((self.file_idx, first));
                    }
                    for diagnostic in diagnostics {
                        self.push_diagnostic(found, diagnostic);
                    }
                }
            }
        }
    }

    /// Records where the element of list `field` at `start` is: at its `id` when that is
    /// its first field (the line a curator looks for), else at its start.
    fn record_origin(&mut self, field: &'static str, start: usize) {
        let at = self.id_key(start).unwrap_or(start);
        let pos = self.lines.pos_from(&mut self.origin_cursor, at);
        self.out
            .origins
            .lists
            .entry(field)
            .or_default()
            .push((self.file_idx, pos));
    }

    /// The offset of `id` in an element `(id: …` or `Name(id: …` starting at `start`.
    fn id_key(&self, start: usize) -> Option<usize> {
        let bytes = self.bytes;
        let blank = |b: &u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r');
        let mut i = start;
        while bytes
            .get(i)
            .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
        {
            i += 1;
        }
        while bytes.get(i).is_some_and(blank) {
            i += 1;
        }
        if bytes.get(i) != Some(&b'(') {
            return None;
        }
        i += 1;
        while bytes.get(i).is_some_and(blank) {
            i += 1;
        }
        let ident_end = bytes
            .get(i + 2)
            .is_none_or(|b| !(b.is_ascii_alphanumeric() || *b == b'_'));
        (bytes.get(i..i + 2) == Some(b"id".as_slice()) && ident_end).then_some(i)
    }

    /// Adds a diagnostic of this file, found by `found`.
    fn push_diagnostic(&mut self, found: Found, diagnostic: Diagnostic) {
        self.out.diagnostics.push(self.file_rank, found, diagnostic);
    }

    fn report(&mut self, offset: usize, message: String) {
        let pos = self.lines.pos(offset);
        self.push_diagnostic(
            Found::scan(self.file_idx),
            Diagnostic::at(self.path, pos, message),
        );
    }
}

/// The spans of the elements of list `field` among `pending`, in order.
fn spans<'s>(src: &'s str, pending: &'s [Pending], field: &'static str) -> Vec<Span<'s>> {
    pending
        .iter()
        .filter(|p| p.field == field)
        .map(|p| Span {
            start: p.start,
            text: p
                .repaired
                .as_deref()
                .unwrap_or_else(|| src.get(p.start..p.end).unwrap_or_default()),
        })
        .collect()
}

/// What reading elements of one file needs: its text, line map and path, the progress
/// to advance, and the reader to use.
#[derive(Clone, Copy)]
pub(super) struct Reading<'s> {
    pub(super) src: &'s str,
    pub(super) lines: &'s LineMap<'s>,
    pub(super) path: &'s Path,
    pub(super) progress: &'s Progress,
    pub(super) reader: super::ElementReader,
}

impl Reading<'_> {
    /// Reads the elements of list `field` among `pending`, in parallel chunks.
    fn list<T: serde::de::DeserializeOwned + Send>(
        self,
        pending: &[Pending],
        field: &'static str,
    ) -> Option<Outcomes<T>> {
        let spans = spans(self.src, pending, field);
        (!spans.is_empty())
            .then(|| parse_elements(self.lines, self.path, &spans, self.progress, self.reader))
    }
}

macro_rules! batch_read {
    ($($variant:ident, $ty:ident, $field:ident, $($rest:tt),*;)*) => {
        /// A batch of elements read, list by list (`None`: none of that list).
        pub(super) struct BatchRead {
            $($field: Option<Outcomes<crate::model::$ty>>,)*
            claims: Option<Outcomes<crate::model::Claim>>,
            tables: Option<Outcomes<crate::model::TableView>>,
            figures: Option<Outcomes<crate::model::FigureView>>,
        }

        impl Reading<'_> {
            /// Reads a batch of elements, each list in parallel chunks.
            fn batch(self, pending: &[Pending]) -> BatchRead {
                BatchRead {
                    $($field: self.list(pending, stringify!($field)),)*
                    claims: self.list(pending, "claims"),
                    tables: self.list(pending, "tables"),
                    figures: self.list(pending, "figures"),
                }
            }
        }
    };
}
crate::model::kinds::for_each_kind!(batch_read);

/// Batches of elements sent to a thread of their own to be read while the scan goes on
/// (each list of a batch still in parallel chunks there), and back.
pub(super) struct Pipe {
    /// Batches to read.
    pub(super) work: std::sync::mpsc::SyncSender<Vec<Pending>>,
    /// Batches read, in the order sent.
    pub(super) done: std::sync::mpsc::Receiver<(Vec<Pending>, BatchRead)>,
    /// Whether a batch was sent and not yet received.
    pub(super) in_flight: bool,
}

/// Reads the batches `work` receives, sending each back read, until the scan is over.
pub(super) fn read_batches(
    reading: Reading<'_>,
    work: &std::sync::mpsc::Receiver<Vec<Pending>>,
    done: &std::sync::mpsc::SyncSender<(Vec<Pending>, BatchRead)>,
) {
    for pending in work {
        let read = reading.batch(&pending);
        if done.send((pending, read)).is_err() {
            return;
        }
    }
}

/// Whether `text` (the start of a line, blanks skipped) looks like the file's structure:
/// a bracket, or a lowercase `field:` on an `indented` line (prose does not indent).
fn looks_structural(text: &str, indented: bool) -> bool {
    match text.as_bytes().first() {
        Some(b'(' | b')' | b'[' | b']') => true,
        Some(b) if indented && (b.is_ascii_lowercase() || *b == b'_') => {
            let ident_len = text
                .bytes()
                .take_while(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'_')
                .count();
            text.get(ident_len..)
                .is_some_and(|rest| rest.trim_start_matches([' ', '\t']).starts_with(':'))
        }
        _ => false,
    }
}
