//! A deck exported for slides software: every slide as a numbered PNG (and SVG), each
//! with its citation footer. Diagram slides (figure panels, entity diagrams) are the
//! diagram exports; table, claim and entity slides are drawn as text slides in the same
//! font. Missing slides become a page that says what is missing, so numbering holds.

use std::path::{Path, PathBuf};

use super::svg::{FONT_FAMILY, escape};
use super::{ExportError, Format, SourceInfo, Subject, name::slug, render, write_file};
use crate::diagram::text::wrap;
use crate::diagram::{FontMeasure, TextMeasure};
use crate::lang::Lang;
use crate::model::deck::{Deck, Resolved, resolve};
use crate::model::filter::Filters;
use crate::model::hash::short_hash;
use crate::model::{Document, Index, Item};

/// Width of a text slide, in SVG units (16:9 with [`SLIDE_HEIGHT`]).
const SLIDE_WIDTH: f32 = 1600.0;
/// Height of a text slide.
const SLIDE_HEIGHT: f32 = 900.0;
const MARGIN: f32 = 56.0;
const TITLE: f32 = 36.0;
const BODY: f32 = 26.0;
const CELL: f32 = 20.0;
const FOOT: f32 = 16.0;

/// Writes every slide of `deck` into `dir` as `NN-name.png` (scale 2) and, for every
/// slide, `NN-name.svg`; returns the files written, in order.
pub fn export_deck(
    doc: &Document,
    index: &Index,
    deck: &Deck,
    lang: Lang,
    source: &SourceInfo,
    dir: &Path,
) -> Result<Vec<PathBuf>, ExportError> {
    std::fs::create_dir_all(dir).map_err(|e| {
        ExportError::Empty(format!(
            "could not create the folder {}: {e}",
            dir.display()
        ))
    })?;
    let mut written = Vec::new();
    for (n, slide) in deck.slides.iter().enumerate() {
        let number = format!("{:02}", n + 1);
        let resolved = resolve(doc, index, &slide.content);
        let subject = match resolved {
            Resolved::Panel(figure_idx, panel_idx) => Some(Subject::Panel {
                figure_idx,
                panel_idx,
            }),
            Resolved::Diagram(item) => Some(Subject::entity(
                doc.id_of(item).unwrap_or_default().to_owned(),
                Filters::default(),
            )),
            Resolved::Page(_) | Resolved::Missing => None,
        };
        if let Some(subject) = subject {
            for format in [Format::Svg, Format::Png { scale: 2 }] {
                let rendered = render(doc, index, &subject, format, lang, source)?;
                let path = dir.join(format!("{number}-{}", rendered.suggested_name));
                written.push(write_file(&path, &rendered.bytes)?);
            }
            continue;
        }
        let (pages, name) = text_slide(doc, index, resolved, &slide.title, lang, source);
        let n_pages = pages.len();
        for (page, svg) in pages.iter().enumerate() {
            let png = super::png::svg_to_png(svg, 1)?;
            let base = if n_pages > 1 {
                format!("{number}-{name}-{}", page + 1)
            } else {
                format!("{number}-{name}")
            };
            written.push(write_file(
                &dir.join(format!("{base}.svg")),
                svg.as_bytes(),
            )?);
            written.push(write_file(&dir.join(format!("{base}.png")), &png.bytes)?);
        }
    }
    Ok(written)
}

/// A text slide: a review table (its rows as a grid, one page per screenful), a claim
/// card, an entity summary, or a missing record; with the citation footer. Returns the
/// pages' SVGs and a file name stem.
fn text_slide(
    doc: &Document,
    index: &Index,
    resolved: Resolved,
    title: &str,
    lang: Lang,
    source: &SourceInfo,
) -> (Vec<String>, String) {
    let measure = FontMeasure::bundled();
    let mut out = Svg::default();
    let width = SLIDE_WIDTH - 2.0 * MARGIN;
    let (heading, name, citation) = match resolved {
        Resolved::Page(item) => {
            let heading = doc.display_name(item, lang);
            let citation = citation_of(doc, index, item, lang);
            (heading, slug(doc.id_of(item).unwrap_or("slide")), citation)
        }
        Resolved::Panel(..) | Resolved::Diagram(_) | Resolved::Missing => (
            lang.pick("缺失的幻灯片", "Missing slide"),
            "missing".to_owned(),
            lang.pick(
                "此幻灯片所指的条目不在当前证据库中",
                "This slide's record is not in the current evidence",
            ),
        ),
    };
    let heading = if title.trim().is_empty() {
        heading
    } else {
        title.to_owned()
    };
    let mut y = MARGIN * 0.6;
    for row in wrap(&heading, TITLE, width, measure) {
        y += TITLE * 1.25;
        out.text(MARGIN, y, TITLE, &row, true);
    }
    y += BODY * 0.6;
    let footer = format!(
        "{citation} · {} · {}",
        source.file_name,
        short_hash(source.hash)
    );
    let footer_rows = wrap(&footer, FOOT, width, measure);
    match resolved {
        Resolved::Page(Item::Table(idx)) => {
            let Some(table) = doc.tables.get(idx) else {
                return (vec![out.finish()], name);
            };
            let head = out;
            let pages = table_pages(doc, index, table, lang, y, measure);
            let n = pages.len();
            let svgs = pages
                .into_iter()
                .enumerate()
                .map(|(page, body)| {
                    let mut svg = Svg {
                        body: head.body.clone(),
                    };
                    svg.body.push_str(&body.body);
                    let mut rows = footer_rows.clone();
                    if n > 1 {
                        rows.push(lang.pick(
                            &format!("第{}/{n}页", page + 1),
                            &format!("page {} of {n}", page + 1),
                        ));
                    }
                    svg.footer(&rows);
                    svg.finish()
                })
                .collect();
            return (svgs, name);
        }
        Resolved::Page(Item::Claim(idx)) => {
            if let Some(claim) = doc.claims.get(idx) {
                let level = lang.pick(claim.level.label_zh(), claim.level.label_en());
                let lines = [
                    format!(
                        "{} · {level}",
                        lang.pick(claim.direction.label_zh(), claim.direction.label_en())
                    ),
                    format!("“{}”", claim.cite.quote),
                    claim.cite.gloss.clone(),
                ];
                for line in lines.iter().filter(|l| !l.trim().is_empty()) {
                    for row in wrap(line, BODY, width, measure) {
                        y += BODY * 1.45;
                        if y > SLIDE_HEIGHT - MARGIN - FOOT * 4.0 {
                            break;
                        }
                        out.text(MARGIN, y, BODY, &row, false);
                    }
                    y += BODY * 0.5;
                }
            }
        }
        Resolved::Page(item) => {
            let n = index.claims_of(item).len();
            let line = lang.pick(&format!("证据{n}条"), &format!("{n} claims"));
            out.text(MARGIN, y + BODY * 1.45, BODY, &line, false);
        }
        Resolved::Panel(..) | Resolved::Diagram(_) | Resolved::Missing => {}
    }
    out.footer(&footer_rows);
    (vec![out.finish()], name)
}

/// The review and label of a table, the review and references of a claim.
fn citation_of(doc: &Document, index: &Index, item: Item, lang: Lang) -> String {
    let review = |id: &str| {
        index
            .item(id)
            .map(|item| doc.display_name(item, lang))
            .unwrap_or_default()
    };
    match item {
        Item::Table(idx) => doc
            .tables
            .get(idx)
            .map(|t| format!("{} · {}", review(&t.review), t.label))
            .unwrap_or_default(),
        Item::Claim(idx) => doc
            .claims
            .get(idx)
            .map(|c| {
                let refs: String = c.cite.refs.iter().map(|r| format!("[{r}]")).collect();
                format!("{} {refs} {}", review(&c.cite.review), c.cite.section)
            })
            .unwrap_or_default(),
        Item::Entity(..) | Item::Figure(_) => lang.pick("证据库", "Curated evidence"),
    }
}

/// The table's header and rows, cells wrapped, as many pages as the rows need (the
/// header repeated on each).
fn table_pages(
    doc: &Document,
    index: &Index,
    table: &crate::model::TableView,
    lang: Lang,
    top: f32,
    measure: &dyn TextMeasure,
) -> Vec<Svg> {
    let n_columns = table.columns.len().max(1);
    let col = (SLIDE_WIDTH - 2.0 * MARGIN) / n_columns as f32;
    let line = CELL * 1.45;
    let bottom = SLIDE_HEIGHT - MARGIN - FOOT * 3.5;
    let cell_rows = |text: &str| wrap(text, CELL, col - 12.0, measure);
    let header: Vec<Vec<String>> = table
        .columns
        .iter()
        .map(|c| cell_rows(&lang.pick(&c.zh, &c.en)))
        .collect();
    let height =
        |cells: &[Vec<String>]| cells.iter().map(Vec::len).max().unwrap_or(1) as f32 * line + 8.0;
    let draw_row = |out: &mut Svg, cells: &[Vec<String>], bold: bool, y: &mut f32| {
        for (i, rows) in cells.iter().enumerate() {
            let x = MARGIN + i as f32 * col;
            for (r, row) in rows.iter().enumerate() {
                out.text(x + 6.0, *y + (r as f32 + 1.0) * line - 4.0, CELL, row, bold);
            }
        }
        *y += height(cells);
        out.rule(MARGIN, SLIDE_WIDTH - MARGIN, *y);
    };
    let mut pages = Vec::new();
    let mut page = Svg::default();
    let mut y = top;
    draw_row(&mut page, &header, true, &mut y);
    let mut rows_on_page = 0;
    for row in &table.rows {
        let cells: Vec<Vec<String>> = row
            .cells
            .iter()
            .map(|cell| {
                let text = if cell.links.is_empty() {
                    cell.text.clone()
                } else {
                    cell.links
                        .iter()
                        .map(|id| {
                            index
                                .item(id)
                                .map_or_else(|| id.to_string(), |i| doc.display_name(i, lang))
                        })
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                cell_rows(&text)
            })
            .collect();
        if y + height(&cells) > bottom && rows_on_page > 0 {
            pages.push(std::mem::take(&mut page));
            y = top;
            draw_row(&mut page, &header, true, &mut y);
            rows_on_page = 0;
        }
        draw_row(&mut page, &cells, false, &mut y);
        rows_on_page += 1;
    }
    pages.push(page);
    pages
}

/// A tiny SVG text writer for text slides.
#[derive(Default)]
struct Svg {
    body: String,
}

impl Svg {
    fn text(&mut self, x: f32, y: f32, size: f32, text: &str, bold: bool) {
        let weight = if bold { " font-weight=\"bold\"" } else { "" };
        self.body.push_str(&format!(
            "<text x=\"{x:.1}\" y=\"{y:.1}\" font-family=\"{FONT_FAMILY}\" font-size=\"{size}\"{weight} fill=\"#111827\">{}</text>\n",
            escape(text)
        ));
    }

    fn rule(&mut self, x0: f32, x1: f32, y: f32) {
        self.body.push_str(&format!(
            "<path d=\"M{x0:.1} {y:.1} L{x1:.1} {y:.1}\" stroke=\"#9ca3af\" stroke-width=\"1\"/>\n"
        ));
    }

    /// Footer rows at the bottom of the slide.
    fn footer(&mut self, rows: &[String]) {
        let line = FOOT * 1.45;
        let mut y = SLIDE_HEIGHT - MARGIN * 0.6 - line * (rows.len() as f32 - 1.0);
        for row in rows {
            self.text(MARGIN, y, FOOT, row, false);
            y += line;
        }
    }

    fn finish(self) -> String {
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{SLIDE_WIDTH}\" height=\"{SLIDE_HEIGHT}\" viewBox=\"0 0 {SLIDE_WIDTH} {SLIDE_HEIGHT}\">\n<rect x=\"0\" y=\"0\" width=\"{SLIDE_WIDTH}\" height=\"{SLIDE_HEIGHT}\" fill=\"#ffffff\" stroke=\"none\"/>\n{}</svg>\n",
            self.body
        )
    }
}
