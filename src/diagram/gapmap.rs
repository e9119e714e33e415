//! The evidence gap map as a [`Drawing`], for export (SVG/PNG through the same writer as
//! the mechanism diagrams): a title, the tier legend, column headers wrapped to the
//! column, one row per entity indented by depth, and per cell a square sized by its
//! claims, coloured by its best tier with the tier's glyph and the count; a gap is an
//! outlined empty cell with a faint dot.

use super::drawing::{Drawing, NODE_TEXT, Owner, Primitive, Rgba, Shape, Stroke, tier_fill};
use super::geom::Rect;
use super::layout::TextRow;
use super::text::{TextMeasure, wrap};
use crate::lang::Lang;
use crate::model::Document;
use crate::model::Tier;
use crate::model::gapmap::{GapMap, MapCell};

const MARGIN: f32 = 16.0;
const NAME_WIDTH: f32 = 300.0;
const COLUMN: f32 = 84.0;
const ROW: f32 = 26.0;
const FONT: f32 = 12.0;
const HEADER_FONT: f32 = 11.0;
const TITLE_FONT: f32 = 17.0;
const LINE: f32 = 1.45;
const INDENT: f32 = 14.0;
const GRID: Rgba = [209, 213, 219, 255];
const GAP_DOT: Rgba = [156, 163, 175, 255];
const WHITE: Rgba = [255, 255, 255, 255];

/// Collects the primitives of the map, measuring text as it goes.
struct Canvas<'a> {
    out: Vec<Primitive>,
    measure: &'a dyn TextMeasure,
}

impl Canvas<'_> {
    /// One row of text starting at `left`, centred on `y`.
    fn text(&mut self, row: usize, text: String, left: f32, y: f32, font: f32, colour: Rgba) {
        let width = self.measure.width(&text, font);
        self.out.push(Primitive {
            owner: Owner::Node(row),
            layer: 0,
            shape: Shape::Text {
                row: TextRow {
                    text,
                    centre: [left + width / 2.0, y],
                    width,
                    font_size: font,
                },
                colour,
            },
        });
    }

    fn rect(&mut self, row: usize, rect: Rect, radius: f32, fill: Rgba, stroke: Option<Stroke>) {
        self.out.push(Primitive {
            owner: Owner::Node(row),
            layer: 0,
            shape: Shape::Rect {
                rect,
                radius,
                fill,
                stroke,
            },
        });
    }

    /// The title and the tier legend from `y`; returns the y below them and the
    /// legend's right end.
    fn title(&mut self, map: &GapMap, lang: Lang, mut y: f32) -> (f32, f32) {
        let kind = map.axis.kind();
        let title = lang.label(
            &format!("证据缺口图：{} × 机制", kind.label_zh()),
            &format!(
                "Evidence gap map: {} × mechanisms",
                kind.label_en().to_lowercase()
            ),
        );
        y += TITLE_FONT * LINE / 2.0;
        self.text(0, title, MARGIN, y, TITLE_FONT, NODE_TEXT);
        y += TITLE_FONT * LINE;
        let mut x = MARGIN;
        let legend = lang.label("最高证据等级：", "Best evidence: ");
        self.text(0, legend.clone(), x, y + ROW / 2.0, FONT, NODE_TEXT);
        x += self.measure.width(&legend, FONT) + 6.0;
        for tier in Tier::ALL.into_iter().rev() {
            let r = Rect::from_centre([x + 9.0, y + ROW / 2.0], [18.0, 16.0]);
            self.rect(0, r, 3.0, tier_fill(tier), None);
            let word = format!(
                "{} {}",
                tier.glyph(),
                lang.pick(tier.label_zh(), tier.label_en())
            );
            self.text(0, word.clone(), x + 22.0, y + ROW / 2.0, FONT, NODE_TEXT);
            x += 22.0 + self.measure.width(&word, FONT) + 14.0;
        }
        (y + ROW + 6.0, x)
    }

    /// The column headers from `y`, wrapped to the column; returns the y below them.
    fn headers(&mut self, map: &GapMap, lang: Lang, y: f32) -> f32 {
        let headers: Vec<Vec<String>> = map
            .columns
            .iter()
            .map(|m| {
                wrap(
                    &lang.pick(m.label_zh(), m.label_en()),
                    HEADER_FONT,
                    COLUMN - 4.0,
                    self.measure,
                )
            })
            .collect();
        let lines = headers.iter().map(Vec::len).max().unwrap_or(1) as f32;
        let header_height = lines * HEADER_FONT * LINE + 6.0;
        for (c, rows) in headers.iter().enumerate() {
            let centre_x = MARGIN + NAME_WIDTH + COLUMN * (c as f32 + 0.5);
            let top = y + header_height - rows.len() as f32 * HEADER_FONT * LINE - 3.0;
            for (l, row) in rows.iter().enumerate() {
                let width = self.measure.width(row, HEADER_FONT);
                let cy = top + (l as f32 + 0.5) * HEADER_FONT * LINE;
                self.text(
                    0,
                    row.clone(),
                    centre_x - width / 2.0,
                    cy,
                    HEADER_FONT,
                    NODE_TEXT,
                );
            }
        }
        y + header_height
    }

    /// One cell at `cell_rect`.
    fn cell(&mut self, r: usize, cell_rect: Rect, cell: &MapCell, max_n: f32) {
        let grid = Stroke {
            width: 1.0,
            colour: GRID,
            dash: &[],
        };
        self.rect(r, cell_rect, 2.0, WHITE, Some(grid));
        let centre = cell_rect.centre();
        match cell.best().filter(|_| cell.n > 0) {
            None => self.rect(r, Rect::from_centre(centre, [3.0, 3.0]), 1.5, GAP_DOT, None),
            Some(best) => {
                let share = (cell.n as f32 / max_n).sqrt();
                let side = 10.0 + (ROW - 14.0) * share;
                let square = Rect::from_centre(centre, [side + 20.0, side]);
                self.rect(r, square, 3.0, tier_fill(best), None);
                let label = format!("{}{}", best.glyph(), cell.n);
                let width = self.measure.width(&label, 10.0);
                self.text(r, label, centre[0] - width / 2.0, centre[1], 10.0, WHITE);
            }
        }
    }
}

/// Draws `map` (every row, expanded) in `lang`, text measured with `measure`.
pub fn gap_map_drawing(
    map: &GapMap,
    doc: &Document,
    lang: Lang,
    measure: &dyn TextMeasure,
) -> Drawing {
    let mut canvas = Canvas {
        out: Vec::new(),
        measure,
    };
    let (y, legend_end) = canvas.title(map, lang, MARGIN);
    let mut y = canvas.headers(map, lang, y);
    let max_n = map.max_n.max(1) as f32;
    for (r, row) in map.rows.iter().enumerate() {
        let name = doc.display_name(row.item, lang);
        let left = MARGIN + INDENT * row.depth as f32;
        let room = NAME_WIDTH - (left - MARGIN) - 6.0;
        let name = fit(&name, FONT, room, measure);
        canvas.text(r, name, left, y + ROW / 2.0, FONT, NODE_TEXT);
        for (c, cell) in row.cells.iter().enumerate() {
            let x = MARGIN + NAME_WIDTH + COLUMN * c as f32;
            let cell_rect = Rect {
                min: [x + 1.0, y + 1.0],
                max: [x + COLUMN - 1.0, y + ROW - 1.0],
            };
            canvas.cell(r, cell_rect, cell, max_n);
        }
        y += ROW;
    }
    let width = MARGIN * 2.0 + NAME_WIDTH + COLUMN * map.columns.len() as f32;
    Drawing {
        size: [width.max(legend_end + MARGIN), y + MARGIN],
        primitives: canvas.out,
        background: WHITE,
        ..Drawing::default()
    }
}

/// `text` cut with an ellipsis to fit `room` at `font`.
fn fit(text: &str, font: f32, room: f32, measure: &dyn TextMeasure) -> String {
    if measure.width(text, font) <= room {
        return text.to_owned();
    }
    let mut chars: Vec<char> = text.chars().collect();
    while !chars.is_empty() {
        chars.pop();
        let candidate: String = chars.iter().collect::<String>() + "…";
        if measure.width(&candidate, font) <= room {
            return candidate;
        }
    }
    "…".to_owned()
}
