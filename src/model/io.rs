//! Reading and writing evidence files. The only module under `model` that touches the
//! file system.
//!
//! Loading does not hand the whole file to `ron` at once: a small scanner splits the
//! top-level `Evidence(…)` into fields and each list into its elements, and every element
//! is deserialized on its own. One bad entry therefore costs one diagnostic, and the
//! rest of the file still loads and is still checked — the curator sees every problem in
//! one run. The scanner is iterative and bounds nesting, so no input can overflow the
//! stack or hang it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use super::Document;
use super::diag::{Diagnostic, LineMap, Pos};

/// The file format version this build reads and writes.
pub const FORMAT_VERSION: u32 = 1;

/// Deepest bracket nesting accepted; real files nest fewer than ten levels.
const MAX_DEPTH: usize = 256;

/// The top-level fields of `Evidence(…)`, in file order.
pub const TOP_FIELDS: &[&str] = &[
    "version",
    "reviews",
    "studies",
    "diseases",
    "sources",
    "vehicles",
    "cargos",
    "targets",
    "pathways",
    "cell_types",
    "effects",
    "products",
    "strategies",
    "claims",
    "tables",
    "figures",
];

/// Where each element with an id was defined, so semantic errors can point at it.
#[derive(Clone, Debug, Default)]
pub struct Origins {
    pub files: Vec<PathBuf>,
    /// The first definition of each id.
    pub by_id: HashMap<String, (usize, Pos)>,
    /// Later definitions of an id already defined: (id, file index, position).
    pub duplicates: Vec<(String, usize, Pos)>,
}

impl Origins {
    /// A diagnostic located at the definition of `id`, or at file level when unknown.
    pub fn diagnostic(&self, id: &str, message: String) -> Diagnostic {
        match self.by_id.get(id) {
            Some(&(file_idx, pos)) => Diagnostic::at(self.file(file_idx), pos, message),
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

    pub fn file(&self, file_idx: usize) -> PathBuf {
        self.files.get(file_idx).cloned().unwrap_or_default()
    }
}

/// The outcome of parsing: whatever loaded, every problem found, and where things are.
#[derive(Debug, Default)]
pub struct Parsed {
    pub doc: Document,
    pub diagnostics: Vec<Diagnostic>,
    pub origins: Origins,
}

/// Reads and parses several files as one document (their lists are concatenated).
/// IO errors become diagnostics too.
pub fn read_files(paths: &[PathBuf]) -> Parsed {
    let mut parsed = Parsed::default();
    for path in paths {
        match std::fs::read(path) {
            Ok(bytes) => parse_bytes_into(&mut parsed, path, &bytes),
            Err(err) => {
                parsed.origins.files.push(path.clone());
                parsed.diagnostics.push(Diagnostic::in_file(
                    path,
                    format!("cannot read the file: {err}"),
                ));
            }
        }
    }
    parsed
}

/// Parses one in-memory file.
pub fn parse_bytes(path: &Path, bytes: &[u8]) -> Parsed {
    let mut parsed = Parsed::default();
    parse_bytes_into(&mut parsed, path, bytes);
    parsed
}

fn parse_bytes_into(parsed: &mut Parsed, path: &Path, bytes: &[u8]) {
    let file_idx = parsed.origins.files.len();
    parsed.origins.files.push(path.to_path_buf());
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => {
            let valid = bytes.get(..err.valid_up_to()).unwrap_or_default();
            let prefix = std::str::from_utf8(valid).unwrap_or_default();
            let pos = LineMap::new(prefix).pos(prefix.len());
            parsed.diagnostics.push(Diagnostic::at(
                path,
                pos,
                "the file is not UTF-8 text (invalid byte here); save it as UTF-8",
            ));
            return;
        }
    };
    let mut parser = Parser {
        src: text,
        bytes: text.as_bytes(),
        at: 0,
        lines: LineMap::new(text),
        path,
        file_idx,
        out: parsed,
        version_seen: false,
        pending: Vec::new(),
    };
    if let Err(err) = parser.document() {
        let pos = parser.lines.pos(err.offset);
        parser
            .out
            .diagnostics
            .push(Diagnostic::at(path, pos, err.message));
    }
    // Elements scanned before a fatal error are still checked.
    parser.deserialize_pending();
}

/// A fatal scanner error: the file's structure cannot be followed past this point.
struct ScanError {
    offset: usize,
    message: String,
}

fn fail<T>(offset: usize, message: impl Into<String>) -> Result<T, ScanError> {
    Err(ScanError {
        offset,
        message: message.into(),
    })
}

struct Parser<'s, 'o> {
    src: &'s str,
    bytes: &'s [u8],
    at: usize,
    lines: LineMap<'s>,
    path: &'s Path,
    file_idx: usize,
    out: &'o mut Parsed,
    version_seen: bool,
    /// List elements found by the scanner: (field, start, end), deserialized afterwards.
    pending: Vec<(&'static str, usize, usize)>,
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

    fn document(&mut self) -> Result<(), ScanError> {
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
        // `#![enable(…)]` attributes: the extensions this format needs are always on.
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
    fn deserialize_pending(&mut self) {
        macro_rules! lists {
            ($($name:ident),*) => {$(
                let spans: Vec<(usize, usize)> = self
                    .pending
                    .iter()
                    .filter(|(field, _, _)| *field == stringify!($name))
                    .map(|&(_, start, end)| (start, end))
                    .collect();
                let parsed = parse_elements(self.src, &self.lines, self.path, &spans);
                for (start, result) in parsed {
                    match result {
                        Ok(item) => {
                            self.record_origin(&item, start);
                            self.out.doc.$name.push(item);
                        }
                        Err(diagnostic) => self.out.diagnostics.push(diagnostic),
                    }
                }
            )*};
        }
        lists!(
            reviews, studies, diseases, sources, vehicles, cargos, targets, pathways, cell_types,
            effects, products, strategies, claims, tables, figures
        );
        self.pending.clear();
    }

    fn record_origin(&mut self, item: &impl HasId, start: usize) {
        let pos = self.lines.pos(start);
        let origins = &mut self.out.origins;
        if origins.by_id.contains_key(item.id()) {
            origins
                .duplicates
                .push((item.id().to_owned(), self.file_idx, pos));
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

/// Elements below this count are deserialized on the calling thread.
const PARALLEL_THRESHOLD: usize = 512;

/// Deserializes `spans` of `src`, in order, on up to `available_parallelism` threads.
/// Returns each element's start offset with the value or its diagnostic.
fn parse_elements<T: DeserializeOwned + Send>(
    src: &str,
    lines: &LineMap<'_>,
    path: &Path,
    spans: &[(usize, usize)],
) -> Vec<(usize, Result<T, Diagnostic>)> {
    let parse_chunk = |chunk: &[(usize, usize)]| -> Vec<(usize, Result<T, Diagnostic>)> {
        chunk
            .iter()
            .map(|&(start, end)| (start, parse_element::<T>(src, lines, path, start, end)))
            .collect()
    };
    let n_threads = std::thread::available_parallelism().map_or(1, usize::from);
    if n_threads <= 1 || spans.len() < PARALLEL_THRESHOLD {
        return parse_chunk(spans);
    }
    let chunk_len = spans.len().div_ceil(n_threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = spans
            .chunks(chunk_len)
            .map(|chunk| (chunk, scope.spawn(move || parse_chunk(chunk))))
            .collect();
        handles
            .into_iter()
            .flat_map(|(chunk, handle)| {
                // A panic inside a deserializer must not lose the elements silently.
                handle.join().unwrap_or_else(|_| {
                    chunk
                        .iter()
                        .map(|&(start, _)| {
                            let message =
                                "internal error while reading this element; please report it"
                                    .to_owned();
                            (start, Err(Diagnostic::at(path, lines.pos(start), message)))
                        })
                        .collect()
                })
            })
            .collect()
    })
}

/// Deserializes one element; a failure becomes a diagnostic located in the file.
fn parse_element<T: DeserializeOwned>(
    src: &str,
    lines: &LineMap<'_>,
    path: &Path,
    start: usize,
    end: usize,
) -> Result<T, Diagnostic> {
    let text = src.get(start..end).unwrap_or_default();
    ron_options().from_str::<T>(text).map_err(|err| {
        let base = lines.pos(start);
        let rel = err.span.start;
        let pos = if rel.line <= 1 {
            Pos {
                line: base.line,
                col: base.col + rel.col.saturating_sub(1),
            }
        } else {
            Pos {
                line: base.line + rel.line - 1,
                col: rel.col,
            }
        };
        Diagnostic::at(path, pos, describe_ron_error(&err.code))
    })
}

/// Elements of the top-level lists all carry an id.
pub trait HasId {
    fn id(&self) -> &str;
}

fn ron_options() -> ron::Options {
    ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .with_recursion_limit(64)
}

/// Turns ron's error into a sentence that says what was expected.
fn describe_ron_error(err: &ron::Error) -> String {
    match err {
        ron::Error::NoSuchStructField {
            expected,
            found,
            outer,
        } => format!(
            "unknown field `{found}`{}; valid fields are: {}",
            outer
                .as_ref()
                .map(|o| format!(" in `{o}`"))
                .unwrap_or_default(),
            expected.join(", ")
        ),
        ron::Error::NoSuchEnumVariant {
            expected,
            found,
            outer,
        } => format!(
            "unknown variant `{found}`{}; expected one of: {}",
            outer
                .as_ref()
                .map(|o| format!(" of `{o}`"))
                .unwrap_or_default(),
            expected.join(", ")
        ),
        ron::Error::MissingStructField { field, outer } => format!(
            "missing field `{field}`{}",
            outer
                .as_ref()
                .map(|o| format!(" in `{o}`"))
                .unwrap_or_default()
        ),
        other => {
            let text = other.to_string();
            let mut chars = text.chars();
            match chars.next() {
                Some(first) => first.to_lowercase().chain(chars).collect(),
                None => text,
            }
        }
    }
}

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

#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("could not serialize the evidence: {0}")]
    Serialize(String),
    #[error("could not save {}: {message}; the previous file is unchanged", path.display())]
    Io { path: PathBuf, message: String },
}
