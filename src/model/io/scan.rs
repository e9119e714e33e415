//! The scanner: splits `Evidence(…)` into its fields and each list into element spans,
//! reporting structural errors with their position. Iterative, with bounded nesting.

use std::path::Path;

use super::super::diag::{Diagnostic, LineMap, Pos};
use super::element::{parse_element, parse_elements};
use super::{FORMAT_VERSION, HasId, MAX_DEPTH, Parsed};
use crate::model::TOP_FIELDS;
use crate::platform::{Progress, Stage};

/// A fatal scanner error: the file's structure cannot be followed past this point.
pub(super) struct ScanError {
    pub(super) offset: usize,
    pub(super) message: String,
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
    pub(super) lines: LineMap<'s>,
    pub(super) path: &'s Path,
    pub(super) file_idx: usize,
    pub(super) out: &'o mut Parsed,
    pub(super) version_seen: bool,
    /// List elements found by the scanner: (field, start, end), deserialized afterwards.
    pub(super) pending: Vec<(&'static str, usize, usize)>,
    pub(super) progress: &'s Progress,
}

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
                None => return fail(start, "unterminated string (a `\"` is missing)"),
                Some(b'\\') => self.at += 2,
                Some(b'"') => {
                    self.at += 1;
                    return Ok(());
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
                None | Some(b'\n') => return fail(start, "unterminated character literal"),
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
    /// a `,` or a closing bracket at depth 0.
    fn value(&mut self) -> Result<(usize, usize), ScanError> {
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
                    }
                    Some(&(closer, at)) => {
                        let opened = self.lines.pos(at);
                        return fail(
                            self.at,
                            format!(
                                "found `{}` but the bracket opened at {}:{} needs `{}`",
                                b as char, opened.line, opened.col, closer as char
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
            return fail(
                self.at,
                format!("unexpected {} after the end of `Evidence(…)`", self.found()),
            );
        }
        if !self.version_seen {
            self.out.diagnostics.push(Diagnostic::at(
                self.path,
                Pos { line: 1, col: 1 },
                format!(
                    "missing field `version`; add `version: {FORMAT_VERSION},` to `Evidence(…)`"
                ),
            ));
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
                self.value()?;
            }
            self.expect(b']', "`]` closing the `#![…]` attribute")?;
            self.skip_trivia()?;
        }
        Ok(())
    }

    /// The fields of `Evidence(…)`, after its `(` up to and including its `)`.
    fn fields(&mut self) -> Result<(), ScanError> {
        let mut seen: Vec<&str> = Vec::new();
        loop {
            self.skip_trivia()?;
            match self.peek() {
                Some(b')') => {
                    self.at += 1;
                    break;
                }
                None => {
                    return fail(
                        self.at,
                        "the file ends inside `Evidence(…)`; a `)` is missing",
                    );
                }
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
            match TOP_FIELDS.iter().find(|f| **f == name) {
                None => {
                    self.report(
                        field_at,
                        format!(
                            "unknown field `{name}` in `Evidence`; valid fields are: {}",
                            TOP_FIELDS.join(", ")
                        ),
                    );
                    self.value()?;
                }
                Some(&field) => {
                    if seen.contains(&field) {
                        self.report(field_at, format!("field `{field}` appears twice"));
                    }
                    seen.push(field);
                    self.field(field)?;
                }
            }
            self.skip_trivia()?;
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b')') => {}
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

    fn field(&mut self, field: &'static str) -> Result<(), ScanError> {
        if field != "version" {
            return self.list(field);
        }
        let (start, end) = self.value()?;
        self.version_seen = true;
        match parse_element::<u32>(self.src, &self.lines, self.path, start, end) {
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
            Err(diagnostic) => self.out.diagnostics.push(diagnostic),
        }
        Ok(())
    }

    /// Records the span of every element of a list.
    fn list(&mut self, field: &'static str) -> Result<(), ScanError> {
        self.expect(b'[', "`[` opening a list")?;
        loop {
            self.skip_trivia()?;
            if self.peek() == Some(b']') {
                self.at += 1;
                return Ok(());
            }
            let (start, end) = self.value()?;
            self.pending.push((field, start, end));
            self.skip_trivia()?;
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b']') => {}
                _ => {
                    return fail(
                        self.at,
                        format!("expected `,` or `]` in a list, found {}", self.found()),
                    );
                }
            }
        }
    }

    /// Deserializes the recorded elements, each list in parallel chunks, and appends
    /// them to the document in file order.
    pub(super) fn deserialize_pending(&mut self) {
        self.progress.start(Stage::Parsing, self.pending.len());
        macro_rules! lists {
            ($($variant:ident, $ty:ident, $field:ident, $($rest:tt),*;)*) => {
                $(self.deserialize_list(stringify!($field), |doc| &mut doc.$field);)*
            };
        }
        crate::model::kinds::for_each_kind!(lists);
        self.deserialize_list("claims", |doc| &mut doc.claims);
        self.deserialize_list("tables", |doc| &mut doc.tables);
        self.deserialize_list("figures", |doc| &mut doc.figures);
        self.pending.clear();
    }

    /// Deserializes the recorded elements of list `field` into `list(doc)`.
    fn deserialize_list<T: HasId + serde::de::DeserializeOwned + Send>(
        &mut self,
        field: &str,
        list: impl Fn(&mut crate::model::Document) -> &mut Vec<T>,
    ) {
        let spans: Vec<(usize, usize)> = self
            .pending
            .iter()
            .filter(|(f, _, _)| *f == field)
            .map(|&(_, start, end)| (start, end))
            .collect();
        let parsed = parse_elements(self.src, &self.lines, self.path, &spans, self.progress);
        for (start, result) in parsed {
            match result {
                Ok(item) => {
                    self.record_origin(&item, start);
                    list(&mut self.out.doc).push(item);
                }
                Err(diagnostic) => self.out.diagnostics.push(diagnostic),
            }
        }
    }

    fn record_origin(&mut self, item: &impl HasId, start: usize) {
        let pos = self.lines.pos(start);
        let origins = &mut self.out.origins;
        if origins.by_id.contains_key(item.id()) {
            origins
                .duplicates
                .entry(item.id().to_owned())
                .or_default()
                .push((self.file_idx, pos));
        } else {
            origins
                .by_id
                .insert(item.id().to_owned(), (self.file_idx, pos));
        }
    }

    fn report(&mut self, offset: usize, message: String) {
        let pos = self.lines.pos(offset);
        self.out
            .diagnostics
            .push(Diagnostic::at(self.path, pos, message));
    }
}
