//! Element reading: one list element deserialized on its own — by the [`fast`] reader
//! first, and by `ron` when that fails —, with `ron`'s errors turned into located
//! sentences; lists in parallel chunks.
//!
//! `ron` stops at the first error of an element. To show every independent error of an
//! entry in one run, the field that holds an error is blanked out (replaced by spaces, so
//! positions stay put) and the entry read again, a few times at most.

use std::path::Path;

use serde::de::DeserializeOwned;

use super::super::diag::{Diagnostic, LineMap, Pos, pos_in};
use super::{ElementReader, fast};
use crate::platform::Progress;

/// Elements below this count are deserialized on the calling thread.
const PARALLEL_THRESHOLD: usize = 512;

/// Elements read between two progress updates (which count their bytes).
const PROGRESS_STEP: usize = 256;

/// Errors reported for one entry at most.
const MAX_ERRORS_PER_ENTRY: usize = 8;

/// One element to read: its start offset in the file and its text (the file's own, or a
/// repaired copy with a missing bracket added).
pub(super) struct Span<'s> {
    pub(super) start: usize,
    pub(super) text: &'s str,
}

/// What reading a run of elements gave: per chunk of the run, its length, the values
/// of the elements that parsed (in order) and the diagnostics of the others with their
/// place in the chunk. Failures take no room for a value: junk made of a million broken
/// entries must not allocate, fill and move a million empty claims.
pub(super) struct Outcomes<T> {
    chunks: Vec<Chunk<T>>,
    misses: usize,
}

/// One chunk of a run: its length, the values that parsed, and the failures (place in
/// the chunk, diagnostics).
type Chunk<T> = (usize, Vec<T>, Vec<(usize, Vec<Diagnostic>)>);

/// What reading one chunk gave: the values, the failures, the elements left to `ron`.
type ChunkOutcome<T> = (Vec<T>, Vec<(usize, Vec<Diagnostic>)>, usize);

impl<T> Outcomes<T> {
    /// How many elements the fast reader left to `ron` (read by it or failed).
    pub(super) fn fast_misses(&self) -> usize {
        self.misses
    }
}

impl<T> Outcomes<T> {
    /// Each element's outcome, in order: its value, or its diagnostics.
    pub(super) fn in_order(self) -> impl Iterator<Item = Result<T, Vec<Diagnostic>>> {
        self.chunks.into_iter().flat_map(|(len, values, failures)| {
            let mut values = values.into_iter();
            let mut failures = failures.into_iter().peekable();
            (0..len).map(
                move |idx| match failures.next_if(|(failed, _)| *failed == idx) {
                    Some((_, diagnostics)) => Err(diagnostics),
                    // Every element is a value or a failure; an empty error list is never made.
                    None => values.next().ok_or_else(Vec::new),
                },
            )
        })
    }
}

/// Deserializes `spans` on up to `available_parallelism` threads; the outcomes are in
/// the order of `spans`.
pub(super) fn parse_elements<T: DeserializeOwned + Send>(
    lines: &LineMap<'_>,
    path: &Path,
    spans: &[Span<'_>],
    progress: &Progress,
    reader: ElementReader,
) -> Outcomes<T> {
    let parse_chunk = |chunk: &[Span<'_>]| -> ChunkOutcome<T> {
        let mut values = Vec::new();
        let mut failures = Vec::new();
        let mut misses = 0;
        // Progress in steps, so a long list moves the bar smoothly.
        for (step_idx, step) in chunk.chunks(PROGRESS_STEP).enumerate() {
            for (idx, span) in step.iter().enumerate() {
                // Where the entry starts is needed only for the diagnostics of one that
                // fails (in time bounded by the line map's checkpoints).
                let base = || lines.pos(span.start);
                match parse_element::<T>(span.text, base, path, reader, &mut misses) {
                    Ok(value) => values.push(value),
                    Err(diagnostics) => {
                        failures.push((step_idx * PROGRESS_STEP + idx, diagnostics));
                    }
                }
            }
            progress.advance(step.iter().map(|span| span.text.len()).sum());
        }
        (values, failures, misses)
    };
    let mut misses = 0;
    let chunks = crate::model::par::map_chunks(spans, PARALLEL_THRESHOLD, parse_chunk)
        .into_iter()
        .map(|(chunk, outcome)| match outcome {
            Ok((values, failures, chunk_misses)) => {
                misses += chunk_misses;
                (chunk.len(), values, failures)
            }
            // A panic inside a deserializer must not lose the elements silently.
            Err(_) => {
                let failures = chunk
                    .iter()
                    .enumerate()
                    .map(|(idx, span)| {
                        let message = "internal error while reading this element; please report it";
                        (
                            idx,
                            vec![Diagnostic::at(path, lines.pos(span.start), message)],
                        )
                    })
                    .collect();
                (chunk.len(), Vec::new(), failures)
            }
        })
        .collect();
    Outcomes { chunks, misses }
}

/// Deserializes one element whose text `text` starts at position `base()` of the file
/// (asked for only when it fails); a failure becomes diagnostics located in the file,
/// one per independent error. The
/// [`fast`] reader is tried first (unless `reader` says not to); whatever it does not
/// read, `ron` reads, so the value and the diagnostics are `ron`'s either way; each
/// element left to `ron` adds one to `misses`.
pub(super) fn parse_element<T: DeserializeOwned>(
    text: &str,
    base: impl FnOnce() -> Pos,
    path: &Path,
    reader: ElementReader,
    misses: &mut usize,
) -> Result<T, Vec<Diagnostic>> {
    if reader == ElementReader::Fast
        && let Ok(value) = fast::from_str::<T>(text)
    {
        return Ok(value);
    }
    *misses += 1;
    let err = match ron_options().from_str::<T>(text) {
        Ok(value) => return Ok(value),
        Err(err) => err,
    };
    let base = base();
    let mut diagnostics = Vec::new();
    // Copied only when a field is blanked out.
    let mut current = std::borrow::Cow::Borrowed(text);
    let mut blanked: Vec<String> = Vec::new();
    let mut next = Some(err);
    while let Some(err) = next.take() {
        if let ron::Error::MissingStructField { field, .. } = &err.code
            && blanked.iter().any(|b| b == field)
        {
            // Caused by blanking that field, which was reported already.
            break;
        }
        let offset = token_offset(&current, err.span.start);
        let rel = pos_in(&current, offset);
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
        diagnostics.push(Diagnostic::at(
            path,
            pos,
            describe_ron_error(&err.code, &current, offset),
        ));
        if diagnostics.len() >= MAX_ERRORS_PER_ENTRY
            || matches!(err.code, ron::Error::MissingStructField { .. })
        {
            break;
        }
        let Some((from, to, name)) = field_at(&current, offset) else {
            break;
        };
        blank(current.to_mut(), from, to);
        blanked.push(name);
        match ron_options().from_str::<T>(&current) {
            Ok(_) => break,
            Err(again) => next = Some(again),
        }
    }
    Err(diagnostics)
}

fn ron_options() -> ron::Options {
    ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .with_recursion_limit(64)
}

/// The byte offset in `text` of ron's position `at`, moved forward past whitespace and
/// comments to the token it is about (ron's spans start before the whitespace).
fn token_offset(text: &str, at: ron::error::Position) -> usize {
    let mut line = 1;
    let mut col = 1;
    let mut offset = text.len();
    for (i, c) in text.char_indices() {
        if line == at.line && col == at.col {
            offset = i;
            break;
        }
        if c == '\n' {
            line += 1;
            col = 1;
        } else {
            col += 1;
        }
    }
    let bytes = text.as_bytes();
    let mut i = offset;
    loop {
        match (bytes.get(i), bytes.get(i + 1)) {
            (Some(b' ' | b'\t' | b'\n' | b'\r'), _) => i += 1,
            (Some(b'/'), Some(b'/')) => {
                while bytes.get(i).is_some_and(|&b| b != b'\n') {
                    i += 1;
                }
            }
            _ => break,
        }
    }
    if i < text.len() {
        i
    } else {
        offset.min(text.len())
    }
}

/// The innermost `name: value` field of `text` around `offset`: its span, its
/// separating `,` included, and its name. `None` when `offset` is not inside one.
fn field_at(text: &str, offset: usize) -> Option<(usize, usize, String)> {
    let bytes = text.as_bytes();
    // For each open bracket: where its current item starts.
    let mut open: Vec<usize> = Vec::new();
    // Items around `offset`: (start, end, depth).
    let mut around: Vec<(usize, usize, usize)> = Vec::new();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'"' => {
                i += 1;
                while let Some(&c) = bytes.get(i) {
                    match c {
                        b'\\' => i += 2,
                        b'"' => break,
                        _ => i += 1,
                    }
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while bytes.get(i).is_some_and(|&c| c != b'\n') {
                    i += 1;
                }
                continue;
            }
            b'(' | b'[' | b'{' => open.push(i + 1),
            b',' => {
                let depth = open.len();
                if let Some(from) = open.last_mut() {
                    if *from <= offset && offset <= i {
                        around.push((*from, i + 1, depth));
                    }
                    *from = i + 1;
                }
            }
            b')' | b']' | b'}' => {
                let depth = open.len();
                if let Some(from) = open.pop()
                    && from <= offset
                    && offset < i
                {
                    around.push((from, i, depth));
                }
            }
            _ => {}
        }
        i += 1;
    }
    // Unclosed brackets: their last item runs to the end.
    while let Some(from) = open.pop() {
        if from <= offset {
            around.push((from, text.len(), open.len() + 1));
        }
    }
    around.sort_by_key(|&(_, _, depth)| std::cmp::Reverse(depth));
    around.into_iter().find_map(|(from, to, _)| {
        let trimmed = text.get(from..to)?.trim_start();
        let name: String = trimmed
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        let after = trimmed.get(name.len()..)?.trim_start();
        (!name.is_empty() && after.starts_with(':')).then_some((from, to, name))
    })
}

/// Replaces `text[from..to]` by spaces, one per character, keeping line ends: every
/// position after it keeps its line and column.
fn blank(text: &mut String, from: usize, to: usize) {
    let Some(span) = text.get(from..to) else {
        return;
    };
    let spaces: String = span
        .chars()
        .map(|c| if c == '\n' { '\n' } else { ' ' })
        .collect();
    text.replace_range(from..to, &spaces);
}

/// Turns ron's error into a sentence that says what was expected and what to do. `text`
/// is the element and `offset` where the error is in it.
#[expect(
    clippy::wildcard_enum_match_arm,
    reason = "`ron::Error` is `#[non_exhaustive]`: a catch-all arm is required, and every \
              error without a sentence of its own is worded by its `Display`"
)]
fn describe_ron_error(err: &ron::Error, text: &str, offset: usize) -> String {
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
            "missing field `{field}`{}; add `{field}: …` before this `)`",
            outer
                .as_ref()
                .map(|o| format!(" in `{o}`"))
                .unwrap_or_default()
        ),
        ron::Error::DuplicateStructField { field, .. } => {
            format!("field `{field}` appears twice in this entry; keep one")
        }
        ron::Error::TrailingCharacters => "unexpected text after the end of this value; remove \
             it, or add the `,` that should separate it from what follows"
            .to_owned(),
        ron::Error::ExpectedComma => {
            let before = text.get(..offset).unwrap_or_default().trim_end();
            if before.ends_with('"') {
                "expected `,` after the string that ends just before this; if that `\"` is \
                 part of the text, write it as `\\\"`"
                    .to_owned()
            } else {
                "expected `,` between two items here".to_owned()
            }
        }
        ron::Error::ExpectedBoolean => "expected `true` or `false`".to_owned(),
        ron::Error::ExpectedInteger => "expected a whole number".to_owned(),
        ron::Error::ExpectedString => "expected a string in double quotes (`\"…\"`)".to_owned(),
        ron::Error::ExpectedArray => "expected a list in square brackets (`[…]`)".to_owned(),
        ron::Error::ExpectedMapColon => "expected `:` after the field name".to_owned(),
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

/// The id written in an entry's text (`id: "…"` at its top level), for an entry that
/// failed to load; `None` when it cannot be read.
pub(super) fn id_in(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    let mut item_start = true;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'"' => {
                i += 1;
                while let Some(&c) = bytes.get(i) {
                    match c {
                        b'\\' => i += 2,
                        b'"' => break,
                        _ => i += 1,
                    }
                }
                item_start = false;
            }
            b'(' | b'[' | b'{' => {
                depth += 1;
                item_start = depth == 1;
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            b',' => item_start = depth == 1,
            b' ' | b'\t' | b'\n' | b'\r' => {}
            b'i' if depth == 1 && item_start => {
                let rest = text.get(i + 2..)?;
                if text.get(i..i + 2) == Some("id") {
                    let rest = rest.trim_start();
                    if let Some(value) = rest.strip_prefix(':') {
                        let value = value.trim_start();
                        let end = string_end(value)?;
                        return ron::from_str::<String>(value.get(..end)?).ok();
                    }
                }
                item_start = false;
            }
            _ => item_start = false,
        }
        i += 1;
    }
    None
}

/// The length of the string literal at the start of `text`, quotes included.
fn string_end(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    if bytes.first() != Some(&b'"') {
        return None;
    }
    let mut i = 1;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            b'\n' => return None,
            _ => i += 1,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::{field_at, id_in};

    #[test]
    fn ids_of_entries_that_failed() {
        let cases = [
            (r#"(id: "ibd", zh: "x", is_model: maybe)"#, Some("ibd")),
            ("(\n    id: \"a\\\"b\",\n)", Some("a\"b")),
            (r#"(zh: "id: no", id: "yes")"#, Some("yes")),
            (r#"(cite: (id: "inner"))"#, None),
            (r#"(id: "unterminated)"#, None),
            (r#"(ideal: "x")"#, None),
            ("", None),
        ];
        for (text, id) in cases {
            assert_eq!(id_in(text).as_deref(), id, "{text}");
        }
    }

    #[test]
    fn the_field_around_an_error() {
        let text = r#"(id: "a", cite: (review: "r", sectoin: "1"), species: [Mouse, Hamster])"#;
        let name = |offset: usize| field_at(text, offset).map(|(_, _, name)| name);
        let at = |needle: &str| text.find(needle).unwrap_or(0);
        assert_eq!(name(at("sectoin")).as_deref(), Some("sectoin"));
        assert_eq!(name(at("Hamster")).as_deref(), Some("species"));
        assert_eq!(name(at("\"a\"")).as_deref(), Some("id"));
        assert_eq!(name(0), None);
    }
}
