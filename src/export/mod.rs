//! Writing diagrams out: [`svg`] turns a [`Drawing`] into SVG text (with the export's
//! footer), [`png`] rasterises that SVG with the bundled font. [`render`] is the whole
//! export of a figure panel or an entity diagram, for the app's background job and the
//! command line; [`write_file`] puts the bytes on disk atomically. [`table`] writes
//! tables (review tables, claims tables, the evidence map) as CSV or TSV.
//!
//! Everything but [`write_file`] is a pure function of its input. Text is measured with
//! the bundled font ([`FontMeasure`]), the font the SVG names and the PNG is drawn with,
//! so text fits its boxes.

pub mod deck;
mod footer;
mod name;
pub mod png;
pub mod svg;
pub mod table;

use std::path::{Path, PathBuf};

pub use footer::footer;
pub use name::{file_name, slug};
pub use png::{PngError, svg_to_png};
pub use svg::{to_svg, to_svg_with_footer};

use crate::diagram::{self, Collapse, Drawing, FontMeasure, Graph, LayoutOptions};
use crate::lang::Lang;
use crate::model::evidence::{self, ClaimQuery, ClaimSet};
use crate::model::filter::Filters;
use crate::model::gapmap::{self, MapAxis};
use crate::model::io::{Symlinks, WriteError};
use crate::model::{Document, Id, Index, Item};

/// What an export shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Subject {
    /// Panel `panel_idx` of figure `figure_idx` (positions in the document of one
    /// revision; [`find_panel`] resolves ids and letters).
    Panel {
        /// Position in `Document::figures`.
        figure_idx: usize,
        /// Position in the figure's `panels`.
        panel_idx: usize,
    },
    /// The mechanism diagram of an entity, from its claims that pass `filters`.
    Entity {
        /// The entity's id.
        id: Id,
        /// The filters in force (the footer states them).
        filters: Filters,
        /// Which leaf groups are collapsed, as the reader left them on screen.
        collapse: Collapse,
    },
    /// The evidence gap map along `axis`, from the claims that pass `filters`.
    EvidenceMap {
        /// The rows.
        axis: MapAxis,
        /// The filters in force (the footer states them).
        filters: Filters,
    },
    /// The mechanism diagram of the claims a query selects (a review table's row, a
    /// claims table) that pass `filters`.
    Claims {
        /// Which claims.
        query: ClaimQuery,
        /// The filters in force (the footer states them).
        filters: Filters,
        /// Which leaf groups are collapsed, as the reader left them on screen.
        collapse: Collapse,
    },
}

impl Subject {
    /// The diagram of entity `id` with `filters`, leaves collapsed as by default.
    pub fn entity(id: impl Into<Id>, filters: Filters) -> Subject {
        Subject::Entity {
            id: id.into(),
            filters,
            collapse: Collapse::default(),
        }
    }
}

/// The file format of an export.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// SVG text (UTF-8), the font named, not embedded.
    Svg,
    /// A PNG raster, `scale` pixels per diagram unit (2 or 4 for slides and print).
    Png {
        /// Pixels per diagram unit, 1 to [`png::MAX_SCALE`].
        scale: u32,
    },
}

impl Format {
    /// The file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Svg => "svg",
            Format::Png { .. } => "png",
        }
    }

    /// The format a file name's extension asks for (`svg` or `png`, any case), PNG at
    /// `png_scale`.
    pub fn from_path(path: &Path, png_scale: u32) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "svg" => Some(Format::Svg),
            "png" => Some(Format::Png { scale: png_scale }),
            _ => None,
        }
    }
}

/// Where the evidence came from, as the footer cites it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceInfo {
    /// The evidence file's name (no folders: the footer must not leak a home folder).
    pub file_name: String,
    /// 64-bit FNV-1a of the file bytes as loaded ([`crate::model::Loaded::hash`]).
    pub hash: u64,
}

impl SourceInfo {
    /// The source of a file loaded from `path` with content hash `hash`.
    pub fn new(path: &Path, hash: u64) -> SourceInfo {
        let file_name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        SourceInfo { file_name, hash }
    }
}

/// A finished export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rendered {
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// A file name that says what it shows ([`file_name`]).
    pub suggested_name: String,
    /// Width and height: SVG units for SVG, pixels for PNG.
    pub size: [u32; 2],
}

/// Why an export failed. Messages are one sentence a user can act on.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// No figure has this id.
    #[error("no figure `{id}`{}", suggest("; did you mean {}?", close))]
    UnknownFigure {
        /// The id asked for.
        id: String,
        /// Figure ids close to it.
        close: Vec<String>,
    },
    /// The figure has no panel with this letter.
    #[error(
        "figure `{figure}` has no panel `{panel}`; its panels: {}",
        panel_list(valid)
    )]
    UnknownPanel {
        /// The figure's id.
        figure: String,
        /// The letter asked for.
        panel: String,
        /// Its panel letters (empty: an unlettered panel).
        valid: Vec<String>,
    },
    /// The figure has several panels and none was named.
    #[error("figure `{figure}` has {} panels: name one with --panel ({})", valid.len(), panel_list(valid))]
    PanelNeeded {
        /// The figure's id.
        figure: String,
        /// Its panel letters.
        valid: Vec<String>,
    },
    /// A panel position that is not in the document (a stale subject).
    #[error("figure {figure_idx}, panel {panel_idx} is not in the document (was it deleted?)")]
    NoSuchPanel {
        /// The figure position asked for.
        figure_idx: usize,
        /// The panel position asked for.
        panel_idx: usize,
    },
    /// No entity has this id or name.
    #[error("no entity `{id}`{}", suggest("; did you mean {}?", close))]
    UnknownEntity {
        /// The id asked for.
        id: String,
        /// Entity ids close to it.
        close: Vec<String>,
    },
    /// No review table has this id.
    #[error("no table `{id}`{}", suggest("; did you mean {}?", close))]
    UnknownTable {
        /// The id asked for.
        id: String,
        /// Table ids close to it.
        close: Vec<String>,
    },
    /// The table has no such row.
    #[error("table `{table}` has no row {row}; it has {n_rows}")]
    UnknownRow {
        /// The table's id.
        table: String,
        /// The row asked for (1 = the first).
        row: usize,
        /// How many rows it has.
        n_rows: usize,
    },
    /// No column of the table has this number or name.
    #[error("no column `{asked}`; the columns: {}", columns.join(", "))]
    UnknownColumn {
        /// The column asked for.
        asked: String,
        /// The table's columns, numbered.
        columns: Vec<String>,
    },
    /// Writing a table as CSV failed.
    #[error("could not write the table: {0}")]
    Table(String),
    /// Nothing to draw: the panel is empty, or no claim about the entity passes the filters.
    #[error("nothing to draw: {0}")]
    Empty(String),
    /// Rasterising failed.
    #[error(transparent)]
    Png(#[from] PngError),
    /// Writing the file failed.
    #[error(transparent)]
    Write(#[from] WriteError),
}

fn suggest(template: &str, close: &[String]) -> String {
    if close.is_empty() {
        String::new()
    } else {
        template.replace("{}", &close.join(", "))
    }
}

fn panel_list(valid: &[String]) -> String {
    if valid.is_empty() {
        return "none".to_owned();
    }
    valid
        .iter()
        .map(|p| {
            if p.is_empty() {
                "(unlettered)".to_owned()
            } else {
                p.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The panel of figure `figure_id` lettered `panel` (case-insensitive; `None` for a
/// figure with one panel).
pub fn find_panel(
    doc: &Document,
    index: &Index,
    figure_id: &str,
    panel: Option<&str>,
) -> Result<Subject, ExportError> {
    let figure_idx = match index.item(figure_id) {
        Some(Item::Figure(idx)) => idx,
        _ => {
            return Err(ExportError::UnknownFigure {
                id: figure_id.to_owned(),
                close: close_ids(figure_id, doc.figures.iter().map(|f| f.id.as_str())),
            });
        }
    };
    let Some(figure) = doc.figures.get(figure_idx) else {
        return Err(ExportError::NoSuchPanel {
            figure_idx,
            panel_idx: 0,
        });
    };
    let valid: Vec<String> = figure.panels.iter().map(|p| p.label.clone()).collect();
    let panel_idx = match panel {
        None if figure.panels.len() == 1 => 0,
        None => {
            return Err(ExportError::PanelNeeded {
                figure: figure.id.to_string(),
                valid,
            });
        }
        Some(letter) => figure
            .panels
            .iter()
            .position(|p| p.label.trim().eq_ignore_ascii_case(letter.trim()))
            .ok_or_else(|| ExportError::UnknownPanel {
                figure: figure.id.to_string(),
                panel: letter.to_owned(),
                valid,
            })?,
    };
    Ok(Subject::Panel {
        figure_idx,
        panel_idx,
    })
}

/// The id of the entity `query` names: its id, else (ignoring case) its abbreviation,
/// name or an alias. Unknown: the error lists close ids.
pub fn find_entity(doc: &Document, index: &Index, query: &str) -> Result<String, ExportError> {
    let query = query.trim();
    if let Some(Item::Entity(..)) = index.item(query) {
        return Ok(query.to_owned());
    }
    let lower = query.to_lowercase();
    for &kind in crate::model::Kind::ALL.iter() {
        for idx in 0..doc.count(kind) {
            let Some(named) = doc.named(kind, idx) else {
                continue;
            };
            let names = [named.id(), named.abbr(), named.en(), named.zh()];
            let hit = names
                .into_iter()
                .chain(named.aliases().iter().map(String::as_str))
                .any(|name| !name.is_empty() && name.to_lowercase() == lower);
            if hit {
                return Ok(named.id().to_owned());
            }
        }
    }
    let mut matcher = crate::model::search::new_matcher();
    let mut close: Vec<String> = index
        .search
        .query(query, 20, &mut matcher)
        .into_iter()
        .filter(|hit| matches!(hit.item, Item::Entity(..)))
        .filter_map(|hit| doc.id_of(hit.item).map(str::to_owned))
        .take(5)
        .collect();
    if close.is_empty() {
        close = close_ids(
            query,
            crate::model::Kind::ALL.iter().flat_map(|&kind| {
                (0..doc.count(kind)).filter_map(move |i| doc.named(kind, i).map(|n| n.id()))
            }),
        );
    }
    Err(ExportError::UnknownEntity {
        id: query.to_owned(),
        close,
    })
}

/// Up to five of `ids` closest to `query` (sharing its start, containing it, or a few
/// edits away), best first.
fn close_ids<'a>(query: &str, ids: impl Iterator<Item = &'a str>) -> Vec<String> {
    let query = query.to_lowercase();
    let mut scored: Vec<(usize, &str)> = ids
        .filter_map(|id| {
            let lower = id.to_lowercase();
            let distance = edit_distance(&query, &lower);
            let score = if lower.starts_with(&query) || query.starts_with(&lower) {
                0
            } else if lower.contains(&query) {
                1
            } else if distance <= 2 + query.chars().count() / 4 {
                1 + distance
            } else {
                return None;
            };
            Some((score, id))
        })
        .collect();
    scored.sort();
    scored.dedup_by(|a, b| a.1 == b.1);
    scored
        .into_iter()
        .take(5)
        .map(|(_, id)| id.to_owned())
        .collect()
}

/// Levenshtein distance between two short strings.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row.first().copied().unwrap_or_default();
        if let Some(first) = row.first_mut() {
            *first = i + 1;
        }
        for (j, &cb) in b.iter().enumerate() {
            let above = row.get(j + 1).copied().unwrap_or_default();
            let left = row.get(j).copied().unwrap_or_default();
            let value = (previous + usize::from(ca != cb))
                .min(above + 1)
                .min(left + 1);
            previous = above;
            if let Some(cell) = row.get_mut(j + 1) {
                *cell = value;
            }
        }
    }
    row.last().copied().unwrap_or_default()
}

/// The graph `subject` shows.
pub fn graph_of(
    doc: &Document,
    index: &Index,
    subject: &Subject,
    lang: Lang,
) -> Result<Graph, ExportError> {
    match subject {
        &Subject::Panel {
            figure_idx,
            panel_idx,
        } => {
            let graph = Graph::from_panel(doc, index, figure_idx, panel_idx, lang).ok_or(
                ExportError::NoSuchPanel {
                    figure_idx,
                    panel_idx,
                },
            )?;
            if graph.nodes.is_empty() {
                return Err(ExportError::Empty("the panel has no nodes".to_owned()));
            }
            Ok(graph)
        }
        Subject::Entity {
            id,
            filters,
            collapse,
        } => {
            let item = match index.item(id) {
                Some(item @ Item::Entity(..)) => item,
                _ => {
                    return Err(find_entity(doc, index, id).err().unwrap_or_else(|| {
                        ExportError::UnknownEntity {
                            id: id.to_string(),
                            close: Vec::new(),
                        }
                    }));
                }
            };
            let claims = filters.admitted_claims_of(doc, index, item);
            let graph = diagram::entity_graph(doc, index, id, &claims, lang, collapse);
            if graph.nodes.is_empty() {
                let name = doc.display_name(item, Lang::En);
                let why = if claims.is_empty() && filters.is_active() {
                    format!(
                        "no claim about {name} passes the filters ({})",
                        filters.describe(Lang::En)
                    )
                } else if claims.is_empty() {
                    format!("no claim mentions {name}")
                } else {
                    format!("the claims about {name} state no mechanism steps")
                };
                return Err(ExportError::Empty(why));
            }
            Ok(graph)
        }
        Subject::EvidenceMap { .. } => Err(ExportError::Empty(
            "the evidence map is a grid, not a mechanism graph".to_owned(),
        )),
        Subject::Claims {
            query,
            filters,
            collapse,
        } => {
            let claims = claims_of_query(doc, index, query, filters)?;
            let focus = match &query.set {
                ClaimSet::Entity { id, .. } => id.as_str(),
                ClaimSet::TableRow { .. } | ClaimSet::All => "",
            };
            let graph = diagram::entity_graph(doc, index, focus, &claims, lang, collapse);
            if graph.nodes.is_empty() {
                let what = query.describe(doc, index, Lang::En);
                return Err(ExportError::Empty(if claims.is_empty() {
                    format!("no claim of {what} passes the filters")
                } else {
                    format!("the claims of {what} state no mechanism steps")
                }));
            }
            Ok(graph)
        }
    }
}

/// The claims `query` selects that pass `filters`, with an error in words when the set
/// names a record that does not exist.
pub fn claims_of_query(
    doc: &Document,
    index: &Index,
    query: &ClaimQuery,
    filters: &Filters,
) -> Result<Vec<usize>, ExportError> {
    evidence::select(doc, index, query, |i| {
        doc.claims
            .get(i)
            .is_some_and(|claim| filters.admits(claim, doc, index))
    })
    .map(|set| set.claims)
    .ok_or_else(|| table::unknown_set(doc, index, &query.set))
}

/// The export of `subject`: laid out with the bundled font's widths, drawn, the footer
/// (what it shows, the filters, the evidence file and its hash) added below, written as
/// `format`. Pure and deterministic: run it on a background thread.
pub fn render(
    doc: &Document,
    index: &Index,
    subject: &Subject,
    format: Format,
    lang: Lang,
    source: &SourceInfo,
) -> Result<Rendered, ExportError> {
    let (drawing, paragraphs) = prepare(doc, index, subject, lang, source)?;
    let (bytes, size) = encode(&drawing, &paragraphs, format)?;
    Ok(Rendered {
        bytes,
        suggested_name: file_name(doc, index, subject, format)?,
        size,
    })
}

/// The export of `subject` as a PNG would show it, as RGBA pixels at `scale` (for
/// copying to the clipboard).
pub fn render_rgba(
    doc: &Document,
    index: &Index,
    subject: &Subject,
    scale: u32,
    lang: Lang,
    source: &SourceInfo,
) -> Result<png::Rgba, ExportError> {
    let (drawing, paragraphs) = prepare(doc, index, subject, lang, source)?;
    let svg = to_svg_with_footer(&drawing, &paragraphs, FontMeasure::bundled());
    Ok(png::svg_to_rgba(&svg, scale)?)
}

/// What every export of `subject` draws: its drawing, laid out with the bundled font's
/// widths, and its footer paragraphs.
fn prepare(
    doc: &Document,
    index: &Index,
    subject: &Subject,
    lang: Lang,
    source: &SourceInfo,
) -> Result<(Drawing, Vec<String>), ExportError> {
    let drawing = match subject {
        Subject::EvidenceMap { axis, filters } => {
            let map = gapmap::gap_map(doc, index, *axis, |i| {
                doc.claims
                    .get(i)
                    .is_some_and(|c| filters.admits(c, doc, index))
            });
            diagram::gapmap::gap_map_drawing(&map, doc, lang, FontMeasure::bundled())
        }
        Subject::Panel { .. } | Subject::Entity { .. } | Subject::Claims { .. } => {
            let graph = graph_of(doc, index, subject, lang)?;
            diagram::draw(
                &graph,
                FontMeasure::bundled(),
                &LayoutOptions::default(),
                lang,
            )
        }
    };
    let paragraphs = footer(doc, index, subject, lang, source)?;
    Ok((drawing, paragraphs))
}

/// `drawing` with the footer `paragraphs` as `format`: the bytes and their size (SVG
/// units or pixels). For a caller that already holds the drawing it shows; lay that
/// drawing out with [`FontMeasure`] so its text fits.
pub fn encode(
    drawing: &Drawing,
    paragraphs: &[String],
    format: Format,
) -> Result<(Vec<u8>, [u32; 2]), ExportError> {
    let measure = FontMeasure::bundled();
    let svg = to_svg_with_footer(drawing, paragraphs, measure);
    match format {
        Format::Svg => {
            let [w, h] = svg::FooterLayout::new(drawing, paragraphs, measure).size;
            Ok((svg.into_bytes(), [w as u32, h as u32]))
        }
        Format::Png { scale } => {
            let png = svg_to_png(&svg, scale)?;
            Ok((png.bytes, png.size))
        }
    }
}

/// Writes an export to `path` atomically (a temporary file with a random name, created
/// exclusively beside the target, synced, renamed over it, the folder synced). Refuses a
/// symbolic link at `path` rather than write where it points. Returns the real path.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<PathBuf, ExportError> {
    Ok(crate::model::io::write_atomic(
        path,
        bytes,
        Symlinks::Refuse,
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distances() {
        assert_eq!(edit_distance("", ""), 0);
        assert_eq!(edit_distance("ibd", "ibd"), 0);
        assert_eq!(edit_distance("ibd", "ibs"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
    }

    #[test]
    fn close_ids_prefer_prefixes() {
        let ids = ["f001-1", "f001-2", "f003-2", "t001-1"];
        assert_eq!(
            close_ids("f001", ids.into_iter())[..2],
            ["f001-1", "f001-2"]
        );
        assert_eq!(close_ids("f003-3", ids.into_iter())[0], "f003-2");
        assert!(close_ids("zzzzzz", ids.into_iter()).is_empty());
    }
}
