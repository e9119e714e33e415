//! SVG text from a [`Drawing`]: one element per primitive, one `<text>` per row with an
//! explicit position (line breaks match the screen), heads as polygons and paths (no
//! markers, no glyphs). Deterministic: the same drawing gives the same bytes.
//! [`to_svg_with_footer`] adds the export's footer below the diagram.

use crate::diagram::drawing::{Drawing, Rgba, Shape, Stroke};
use crate::diagram::geom::{Path, Point, Segment};
use crate::diagram::layout::TextRow;
use crate::diagram::text::{TextMeasure, wrap};

/// The font family every text names. It must be the bundled font's family name: a
/// rasteriser that does not know the family draws nothing, silently.
pub const FONT_FAMILY: &str = "Noto Sans CJK SC, sans-serif";

/// The drawing as a standalone SVG document.
pub fn to_svg(drawing: &Drawing) -> String {
    let [width, height] = drawing.size;
    let (w, h) = (num(width), num(height));
    let mut out = String::with_capacity(256 + drawing.primitives.len() * 160);
    out.push_str(&svg_open(&w, &h));
    out.push_str(&format!(
        "<rect x=\"0\" y=\"0\" width=\"{w}\" height=\"{h}\"{} stroke=\"none\"/>\n",
        paint("fill", drawing.background)
    ));
    for primitive in &drawing.primitives {
        write_shape(&mut out, &primitive.shape);
    }
    out.push_str("</svg>\n");
    out
}

/// Font size of footer rows.
pub const FOOTER_FONT: f32 = 11.0;
/// Footer row height, as a multiple of [`FOOTER_FONT`].
const FOOTER_LINE_HEIGHT: f32 = 1.45;
/// Space left and right of the footer text, and below it.
const FOOTER_MARGIN: f32 = 16.0;
/// Space between the diagram and the footer's rule, and between the rule and the text.
const FOOTER_GAP: f32 = 8.0;
/// Extra space between two paragraphs of the footer.
const FOOTER_PARAGRAPH_GAP: f32 = 3.0;
/// The narrowest canvas with a footer, so a small panel's footer stays readable; the
/// diagram is centred on a wider canvas.
pub const FOOTER_MIN_WIDTH: f32 = 560.0;
const FOOTER_TEXT: Rgba = [64, 64, 64, 255];
const FOOTER_RULE: Rgba = [200, 200, 200, 255];

/// Where the footer's rows went: the canvas of [`to_svg_with_footer`].
#[derive(Clone, Debug, PartialEq)]
pub struct FooterLayout {
    /// Canvas width and height, whole units (so a raster at scale `s` is exactly
    /// `s × width` by `s × height` pixels).
    pub size: [f32; 2],
    /// How far the diagram is shifted right to centre it.
    pub diagram_offset: f32,
    /// The y of the rule between the diagram and the footer.
    pub rule_y: f32,
    /// The footer's rows (paragraphs wrapped to the width) with their baselines.
    pub rows: Vec<(String, f32)>,
}

impl FooterLayout {
    /// Lays out `paragraphs` below `drawing`, wrapped by `measure` (pass the measure the
    /// renderer's font agrees with: [`FontMeasure`](crate::diagram::FontMeasure)).
    pub fn new(drawing: &Drawing, paragraphs: &[String], measure: &dyn TextMeasure) -> Self {
        let [width, height] = drawing
            .size
            .map(|v| if v.is_finite() { v.max(0.0) } else { 0.0 });
        let canvas_width = width.max(FOOTER_MIN_WIDTH).ceil();
        let text_width = canvas_width - 2.0 * FOOTER_MARGIN;
        let row_height = FOOTER_FONT * FOOTER_LINE_HEIGHT;
        let rule_y = height + FOOTER_GAP;
        let mut rows = Vec::new();
        let mut y = rule_y + FOOTER_GAP;
        for (i, paragraph) in paragraphs.iter().enumerate() {
            if i > 0 {
                y += FOOTER_PARAGRAPH_GAP;
            }
            for row in wrap(paragraph, FOOTER_FONT, text_width, measure) {
                // The baseline sits where a row of this height centres its text.
                let baseline =
                    y + row_height / 2.0 + TextRow::BASELINE_BELOW_CENTRE_EM * FOOTER_FONT;
                rows.push((row, baseline));
                y += row_height;
            }
        }
        FooterLayout {
            size: [canvas_width, (y + FOOTER_MARGIN).ceil()],
            diagram_offset: ((canvas_width - width) / 2.0).floor(),
            rule_y,
            rows,
        }
    }
}

/// The drawing as a standalone SVG document with `paragraphs` (the footer: what the
/// diagram shows and where it comes from) wrapped below it, left-aligned, in the same
/// font. The canvas grows to hold the footer and is at least [`FOOTER_MIN_WIDTH`] wide.
pub fn to_svg_with_footer(
    drawing: &Drawing,
    paragraphs: &[String],
    measure: &dyn TextMeasure,
) -> String {
    let footer = FooterLayout::new(drawing, paragraphs, measure);
    let [width, height] = footer.size;
    let (w, h) = (num(width), num(height));
    let mut out =
        String::with_capacity(512 + drawing.primitives.len() * 160 + footer.rows.len() * 200);
    out.push_str(&svg_open(&w, &h));
    out.push_str(&format!(
        "<rect x=\"0\" y=\"0\" width=\"{w}\" height=\"{h}\"{} stroke=\"none\"/>\n",
        paint("fill", drawing.background)
    ));
    let shifted = footer.diagram_offset != 0.0;
    if shifted {
        out.push_str(&format!(
            "<g transform=\"translate({} 0)\">\n",
            num(footer.diagram_offset)
        ));
    }
    for primitive in &drawing.primitives {
        write_shape(&mut out, &primitive.shape);
    }
    if shifted {
        out.push_str("</g>\n");
    }
    out.push_str(&format!(
        "<path d=\"M{} L{}\" fill=\"none\"{} stroke-width=\"0.8\"/>\n",
        point([FOOTER_MARGIN, footer.rule_y]),
        point([width - FOOTER_MARGIN, footer.rule_y]),
        paint("stroke", FOOTER_RULE),
    ));
    for (row, baseline) in &footer.rows {
        out.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" font-family=\"{FONT_FAMILY}\" font-size=\"{}\"{}>{}</text>\n",
            num(FOOTER_MARGIN),
            num(*baseline),
            num(FOOTER_FONT),
            paint("fill", FOOTER_TEXT),
            escape(row),
        ));
    }
    out.push_str("</svg>\n");
    out
}

/// The root element.
fn svg_open(w: &str, h: &str) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\">\n"
    )
}

fn write_shape(out: &mut String, shape: &Shape) {
    match shape {
        Shape::Rect {
            rect,
            radius,
            fill,
            stroke,
        } => {
            let [width, height] = rect.size();
            out.push_str(&format!(
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"{}\"{}{}/>\n",
                num(rect.min[0]),
                num(rect.min[1]),
                num(width),
                num(height),
                num(*radius),
                paint("fill", *fill),
                // Say "none" outright: some renderers stroke a rect that names no stroke.
                stroke.map_or_else(|| " stroke=\"none\"".to_owned(), |s| stroke_attributes(&s)),
            ));
        }
        Shape::Text { row, colour } => {
            out.push_str(&format!(
                "<text x=\"{}\" y=\"{}\" font-family=\"{FONT_FAMILY}\" font-size=\"{}\" text-anchor=\"middle\"{}>{}</text>\n",
                num(row.centre[0]),
                num(row.baseline_y()),
                num(row.font_size),
                paint("fill", *colour),
                escape(&row.text),
            ));
        }
        Shape::Path { path, stroke } => {
            out.push_str(&format!(
                "<path d=\"{}\" fill=\"none\"{} stroke-linejoin=\"round\"/>\n",
                path_data(path),
                stroke_attributes(stroke),
            ));
        }
        Shape::Polygon { points, fill } => {
            let points: Vec<String> = points.iter().map(|p| point(*p)).collect();
            out.push_str(&format!(
                "<polygon points=\"{}\"{}/>\n",
                points.join(" "),
                paint("fill", *fill)
            ));
        }
    }
}

/// `M x,y C … L …`.
fn path_data(path: &Path) -> String {
    let mut d = format!("M{}", point(path.start));
    for segment in &path.segments {
        match *segment {
            Segment::Line(end) => d.push_str(&format!(" L{}", point(end))),
            Segment::Cubic(c1, c2, end) => {
                d.push_str(&format!(" C{} {} {}", point(c1), point(c2), point(end)));
            }
        }
    }
    d
}

fn stroke_attributes(stroke: &Stroke) -> String {
    let mut attributes = format!(
        "{} stroke-width=\"{}\"",
        paint("stroke", stroke.colour),
        num(stroke.width)
    );
    if !stroke.dash.is_empty() {
        let dash: Vec<String> = stroke.dash.iter().map(|&d| num(d)).collect();
        attributes.push_str(&format!(" stroke-dasharray=\"{}\"", dash.join(" ")));
    }
    attributes
}

/// ` fill="#rrggbb"` (or `stroke`), with an opacity attribute when not opaque.
fn paint(property: &str, [r, g, b, a]: Rgba) -> String {
    let mut attribute = format!(" {property}=\"#{r:02x}{g:02x}{b:02x}\"");
    if a < 255 {
        attribute.push_str(&format!(
            " {property}-opacity=\"{}\"",
            num(f32::from(a) / 255.0)
        ));
    }
    attribute
}

fn point([x, y]: Point) -> String {
    format!("{},{}", num(x), num(y))
}

/// A coordinate with at most two decimals, no trailing zeros, never `-0` or `NaN`.
fn num(value: f32) -> String {
    if !value.is_finite() {
        return "0".to_owned();
    }
    let rounded = (value * 100.0).round() / 100.0;
    if rounded == 0.0 {
        "0".to_owned()
    } else {
        format!("{rounded}")
    }
}

/// Text content or attribute value, escaped for XML; characters XML forbids (most
/// control characters) are dropped.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagram::drawing::{Owner, Primitive, SOLID};
    use crate::diagram::geom::Rect;
    use crate::diagram::layout::{Orientation, TextRow};

    #[test]
    fn numbers_are_short_and_stable() {
        let cases = [
            (1.0, "1"),
            (1.234_567, "1.23"),
            (-0.001, "0"),
            (12.5, "12.5"),
            (f32::NAN, "0"),
            (-3.456, "-3.46"),
        ];
        for (value, want) in cases {
            assert_eq!(num(value), want, "{value}");
        }
    }

    #[test]
    fn escapes_markup_and_drops_control_characters() {
        assert_eq!(
            escape("a < b & \"c\" > d\u{7}"),
            "a &lt; b &amp; &quot;c&quot; &gt; d"
        );
        assert_eq!(escape("IL-1β 巨噬细胞"), "IL-1β 巨噬细胞");
    }

    #[test]
    fn writes_one_element_per_primitive() {
        let stroke = Stroke {
            width: 1.5,
            colour: [10, 20, 30, 255],
            dash: &[6.0, 4.0],
        };
        let primitive = |shape| Primitive {
            owner: Owner::Node(0),
            layer: 0,
            shape,
        };
        let drawing = Drawing {
            size: [100.0, 50.0],
            orientation: Orientation::LeftToRight,
            background: [255, 255, 255, 255],
            primitives: vec![
                primitive(Shape::Rect {
                    rect: Rect {
                        min: [1.0, 2.0],
                        max: [11.0, 22.0],
                    },
                    radius: 3.0,
                    fill: [255, 0, 0, 128],
                    stroke: Some(Stroke {
                        dash: SOLID,
                        ..stroke
                    }),
                }),
                primitive(Shape::Text {
                    row: TextRow {
                        text: "A & B".into(),
                        centre: [6.0, 12.0],
                        width: 20.0,
                        font_size: 10.0,
                    },
                    colour: [0, 0, 0, 255],
                }),
                primitive(Shape::Path {
                    path: Path {
                        start: [0.0, 0.0],
                        segments: vec![
                            Segment::Line([5.0, 5.0]),
                            Segment::Cubic([6.0, 5.0], [7.0, 6.0], [8.0, 8.0]),
                        ],
                    },
                    stroke,
                }),
                primitive(Shape::Polygon {
                    points: vec![[0.0, 0.0], [1.0, 0.5], [0.0, 1.0]],
                    fill: [0, 0, 0, 255],
                }),
            ],
            ..Drawing::default()
        };
        let svg = to_svg(&drawing);
        let with_footer = to_svg_with_footer(
            &drawing,
            &["Source & more".to_owned()],
            &crate::diagram::ApproxMeasure,
        );
        assert!(
            with_footer.contains("<g transform=\"translate(230 0)\">"),
            "{with_footer}"
        );
        assert!(
            with_footer.contains(">Source &amp; more</text>"),
            "{with_footer}"
        );
        assert!(
            with_footer.starts_with(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"560\" height=\"98\""
            ),
            "{with_footer}"
        );
        let want = concat!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100\" height=\"50\" viewBox=\"0 0 100 50\">\n",
            "<rect x=\"0\" y=\"0\" width=\"100\" height=\"50\" fill=\"#ffffff\" stroke=\"none\"/>\n",
            "<rect x=\"1\" y=\"2\" width=\"10\" height=\"20\" rx=\"3\" fill=\"#ff0000\" fill-opacity=\"0.5\" stroke=\"#0a141e\" stroke-width=\"1.5\"/>\n",
            "<text x=\"6\" y=\"15.8\" font-family=\"Noto Sans CJK SC, sans-serif\" font-size=\"10\" text-anchor=\"middle\" fill=\"#000000\">A &amp; B</text>\n",
            "<path d=\"M0,0 L5,5 C6,5 7,6 8,8\" fill=\"none\" stroke=\"#0a141e\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\" stroke-linejoin=\"round\"/>\n",
            "<polygon points=\"0,0 1,0.5 0,1\" fill=\"#000000\"/>\n",
            "</svg>\n",
        );
        assert_eq!(svg, want);
    }
}
