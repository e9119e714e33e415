//! Element reading: one list element deserialized by `ron` on its own, with its error
//! turned into a located sentence; lists in parallel chunks.

use std::path::Path;

use serde::de::DeserializeOwned;

use super::super::diag::{Diagnostic, LineMap, Pos};
use crate::platform::Progress;

/// Elements below this count are deserialized on the calling thread.
const PARALLEL_THRESHOLD: usize = 512;

/// Elements read between two progress updates.
const PROGRESS_STEP: usize = 256;

/// Deserializes `spans` of `src`, in order, on up to `available_parallelism` threads.
/// Returns each element's start offset with the value or its diagnostic.
pub(super) fn parse_elements<T: DeserializeOwned + Send>(
    src: &str,
    lines: &LineMap<'_>,
    path: &Path,
    spans: &[(usize, usize)],
    progress: &Progress,
) -> Vec<(usize, Result<T, Diagnostic>)> {
    let parse_chunk = |chunk: &[(usize, usize)]| -> Vec<(usize, Result<T, Diagnostic>)> {
        let mut parsed = Vec::with_capacity(chunk.len());
        // Progress in steps, so a long list moves the bar smoothly.
        for step in chunk.chunks(PROGRESS_STEP) {
            parsed
                .extend(step.iter().map(|&(start, end)| {
                    (start, parse_element::<T>(src, lines, path, start, end))
                }));
            progress.advance(step.len());
        }
        parsed
    };
    crate::model::par::map_chunks(spans, PARALLEL_THRESHOLD, parse_chunk)
        .into_iter()
        .flat_map(|(chunk, outcome)| {
            // A panic inside a deserializer must not lose the elements silently.
            outcome.unwrap_or_else(|_| {
                chunk
                    .iter()
                    .map(|&(start, _)| {
                        let message = "internal error while reading this element; please report it"
                            .to_owned();
                        (start, Err(Diagnostic::at(path, lines.pos(start), message)))
                    })
                    .collect()
            })
        })
        .collect()
}

/// Deserializes one element; a failure becomes a diagnostic located in the file.
pub(super) fn parse_element<T: DeserializeOwned>(
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

fn ron_options() -> ron::Options {
    ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .with_recursion_limit(64)
}

/// Turns ron's error into a sentence that says what was expected.
#[expect(
    clippy::wildcard_enum_match_arm,
    reason = "`ron::Error` is `#[non_exhaustive]`: a catch-all arm is required, and every \
              error without a sentence of its own is worded by its `Display`"
)]
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
