//! A renderer-independent drawing of a laid-out graph: boxes, text rows, paths with
//! arrow and bar heads, dash patterns and plain RGBA colours, plus hit regions. The
//! screen painter and the SVG writer both draw exactly this, so what is exported is
//! what is seen.
//!
//! Meaning never rests on colour alone: a relation shows as its head's shape, an
//! evidence tier as stroke width and dash as well as colour, a node's kind as its
//! column (and its name in the hit region).

use super::geom::{
    Path, Point, Rect, Segment, add, distance, normalize, polyline_distance, polyline_midpoint,
    scale, sub,
};
use super::graph::{Flow, Graph, GraphEdge, GraphNode};
use super::layout::{Layout, Orientation, TextRow};
use crate::lang::Lang;
use crate::model::{Kind, Relation, Tier};

/// A colour: red, green, blue, alpha (not premultiplied).
pub type Rgba = [u8; 4];

/// The drawing's background.
pub const BACKGROUND: Rgba = [255, 255, 255, 255];
/// Text inside node boxes.
pub const NODE_TEXT: Rgba = [31, 41, 55, 255];
/// Text of edge labels.
pub const LABEL_TEXT: Rgba = [55, 65, 81, 255];
/// Background behind edge labels, slightly see-through so crossing lines stay visible.
pub const LABEL_BACKGROUND: Rgba = [255, 255, 255, 225];
/// Stroke of flow-chart sequence arrows: steps of a procedure, not findings.
pub const SEQUENCE_STROKE: Rgba = [64, 64, 64, 255];

/// Fill and border colour of a node showing an entity of `kind` (`None`: a flow-chart
/// box). Light fills keep the dark text readable.
pub fn kind_colours(kind: Option<Kind>) -> (Rgba, Rgba) {
    match kind {
        Some(Kind::Disease) => ([253, 226, 225, 255], [180, 35, 24, 255]),
        Some(Kind::Source) => ([224, 242, 254, 255], [3, 105, 161, 255]),
        Some(Kind::Vehicle) => ([219, 234, 254, 255], [29, 78, 216, 255]),
        Some(Kind::Cargo) => ([237, 233, 254, 255], [109, 40, 217, 255]),
        Some(Kind::Target) => ([252, 231, 243, 255], [190, 24, 93, 255]),
        Some(Kind::Pathway) => ([254, 243, 199, 255], [180, 83, 9, 255]),
        Some(Kind::CellType) => ([220, 252, 231, 255], [21, 128, 61, 255]),
        Some(Kind::Effect) => ([204, 251, 241, 255], [15, 118, 110, 255]),
        Some(Kind::Product) => ([224, 231, 255, 255], [67, 56, 202, 255]),
        Some(Kind::Strategy) => ([241, 245, 249, 255], [71, 85, 105, 255]),
        Some(Kind::Review | Kind::Study) => ([245, 245, 244, 255], [87, 83, 78, 255]),
        None => ([255, 255, 255, 255], [64, 64, 64, 255]),
    }
}

/// A solid line.
pub const SOLID: &[f32] = &[];
/// Dashes for review statements: inferred, not measured.
pub const DASHED: &[f32] = &[6.0, 4.0];
/// Short dashes for a drawn edge no claim backs.
pub const SHORT_DASHED: &[f32] = &[3.0, 3.0];
/// Dots for loose associations, whatever their evidence.
pub const DOTTED: &[f32] = &[1.5, 3.0];

/// How a line is stroked.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Stroke {
    /// Width in diagram units.
    pub width: f32,
    /// Colour.
    pub colour: Rgba,
    /// Dash pattern: lengths of dash, gap, dash, gap …; empty for solid.
    pub dash: &'static [f32],
}

/// The stroke of an edge. The tier sets colour, width and dash together: stronger
/// evidence is darker, thicker and solid. Associations are dotted; flow-chart
/// sequence arrows are plain solid lines (a search step is not a finding).
pub fn edge_stroke(edge: &GraphEdge, flow: Flow) -> Stroke {
    if edge.rel == Relation::Then && flow == Flow::FlowChart {
        return Stroke {
            width: 1.4,
            colour: SEQUENCE_STROKE,
            dash: SOLID,
        };
    }
    let stroke = tier_stroke(edge.tier());
    if edge.rel == Relation::Associated {
        Stroke {
            dash: DOTTED,
            ..stroke
        }
    } else {
        stroke
    }
}

/// The fill that marks evidence tier `tier` on badges, in the summary and in the gap
/// map, on screen and in exports alike (the UI converts it).
pub fn tier_fill(tier: Tier) -> Rgba {
    match tier {
        Tier::Statement => [0x6b, 0x6b, 0x6b, 255],
        Tier::InVitro => [0x7a, 0x4f, 0x9e, 255],
        Tier::Animal => [0x9e, 0x5b, 0x1f, 255],
        Tier::Human => [0x0e, 0x6e, 0x6e, 255],
    }
}

/// The stroke of an edge whose best evidence is `tier` (`None`: no claim backs it).
pub fn tier_stroke(tier: Option<Tier>) -> Stroke {
    let (width, colour, dash) = match tier {
        None => (1.2, [160, 160, 160, 255], SHORT_DASHED),
        Some(Tier::Statement) => (1.4, [122, 122, 122, 255], DASHED),
        Some(Tier::InVitro) => (1.8, [0, 114, 178, 255], SOLID),
        Some(Tier::Animal) => (2.4, [213, 94, 0, 255], SOLID),
        Some(Tier::Human) => (3.2, [31, 41, 55, 255], SOLID),
    };
    Stroke {
        width,
        colour,
        dash,
    }
}

/// The shape at the end of an edge, by relation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HeadShape {
    /// A filled triangle: the source acts on the target (activates, secretes …).
    Triangle,
    /// A bar across the line: the source inhibits or lowers the target. Drawn as a
    /// shape, since the bundled font has no glyph for it.
    Bar,
    /// An open V: the source becomes the target (polarizes to, differentiates to).
    OpenArrow,
    /// No head: an association, or a sequence step inside a mechanism.
    Plain,
}

/// The head of an edge of relation `rel` in a graph of `flow`. `Then` is plain in a
/// mechanism (a sequence is not an action, and a triangle there would read as one) but
/// a filled arrow in a flow chart, where the reading direction is all it says.
pub fn head_of(rel: Relation, flow: Flow) -> HeadShape {
    match rel {
        Relation::Activates
        | Relation::Upregulates
        | Relation::Secretes
        | Relation::Delivers
        | Relation::Targets
        | Relation::Induces
        | Relation::Recruits
        | Relation::Aggravates => HeadShape::Triangle,
        // Alleviating a disease lowers it: a bar, as the text's "—|" says.
        Relation::Inhibits | Relation::Downregulates | Relation::Alleviates => HeadShape::Bar,
        Relation::PolarizesTo | Relation::DifferentiatesTo => HeadShape::OpenArrow,
        Relation::Then if flow == Flow::FlowChart => HeadShape::Triangle,
        Relation::Then | Relation::Associated => HeadShape::Plain,
    }
}

/// Who a primitive belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Owner {
    /// A node, by index in the graph.
    Node(usize),
    /// An edge, by index in the graph.
    Edge(usize),
}

/// One thing to paint.
#[derive(Clone, Debug, PartialEq)]
pub enum Shape {
    /// A rounded rectangle.
    Rect {
        /// Where.
        rect: Rect,
        /// Corner radius.
        radius: f32,
        /// Fill colour.
        fill: Rgba,
        /// Border, if any.
        stroke: Option<Stroke>,
    },
    /// One row of text, centred on its point.
    Text {
        /// The row.
        row: TextRow,
        /// Its colour.
        colour: Rgba,
    },
    /// An open path (a line or curve, or an open arrow head).
    Path {
        /// The path.
        path: Path,
        /// Its stroke.
        stroke: Stroke,
    },
    /// A filled polygon (a triangle or bar head).
    Polygon {
        /// Its corners, in order.
        points: Vec<Point>,
        /// Fill colour.
        fill: Rgba,
    },
}

/// A shape, whose it is, and the layer it appears with.
#[derive(Clone, Debug, PartialEq)]
pub struct Primitive {
    /// The node or edge it draws.
    pub owner: Owner,
    /// The layer it belongs to: a presenter revealing layers one by one shows it once
    /// this layer is shown.
    pub layer: usize,
    /// What to paint.
    pub shape: Shape,
}

/// A node's hit region.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeHit {
    /// Its box.
    pub rect: Rect,
    /// Its label (also its accessible name).
    pub name: String,
    /// The kind of entity it shows, if any.
    pub kind: Option<Kind>,
    /// Its layer.
    pub layer: usize,
}

/// An edge's hit region.
#[derive(Clone, Debug, PartialEq)]
pub struct EdgeHit {
    /// The edge's route, flattened once.
    pub polyline: Vec<Point>,
    /// Halfway along it: where a labelled button for screen readers can go.
    pub midpoint: Point,
    /// Its label's box, if it has one (clicking the label picks the edge).
    pub label: Option<Rect>,
    /// An accessible name: "source → relation → target (evidence)".
    pub name: String,
    /// Its layer.
    pub layer: usize,
}

/// What a point hits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Hit {
    /// A node, by index.
    Node(usize),
    /// An edge, by index.
    Edge(usize),
}

/// A complete diagram, ready for any painter.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Drawing {
    /// Width and height.
    pub size: [f32; 2],
    /// Which way its layers run.
    pub orientation: Orientation,
    /// Background colour.
    pub background: Rgba,
    /// Everything to paint, in order: edges, then nodes, then edge labels.
    pub primitives: Vec<Primitive>,
    /// Hit regions of the nodes, in graph order.
    pub nodes: Vec<NodeHit>,
    /// Hit regions of the edges, in graph order.
    pub edges: Vec<EdgeHit>,
    /// How many layers there are (see [`Drawing::layers`]).
    pub n_layers: usize,
}

impl Drawing {
    /// Draws `graph` as `layout` placed it; `lang` names the relations and evidence in
    /// the edges' accessible names.
    pub fn new(graph: &Graph, layout: &Layout, lang: Lang) -> Drawing {
        let mut primitives = Vec::new();
        let mut edges = Vec::with_capacity(graph.edges.len());
        for (edge_idx, (edge, place)) in graph.edges.iter().zip(&layout.edges).enumerate() {
            let stroke = edge_stroke(edge, graph.flow);
            let head = head_of(edge.rel, graph.flow);
            let end = place.path.end();
            let path = trim_for_head(&place.path, place.end_dir, head, stroke.width);
            let owner = Owner::Edge(edge_idx);
            primitives.push(Primitive {
                owner,
                layer: place.layer,
                shape: Shape::Path { path, stroke },
            });
            if let Some(shape) = head_shape(head, end, place.end_dir, stroke) {
                primitives.push(Primitive {
                    owner,
                    layer: place.layer,
                    shape,
                });
            }
            let polyline = place.path.flatten();
            edges.push(EdgeHit {
                midpoint: polyline_midpoint(&polyline),
                polyline,
                label: place.label.as_ref().map(|l| l.rect),
                name: edge_name(graph, edge, lang),
                layer: place.layer,
            });
        }
        let mut nodes = Vec::with_capacity(graph.nodes.len());
        for (node_idx, (node, place)) in graph.nodes.iter().zip(&layout.nodes).enumerate() {
            let (fill, border) = kind_colours(node.kind);
            let owner = Owner::Node(node_idx);
            let radius = match (node.group.is_some(), node.kind.is_some()) {
                // A collapsed group is a pill: it reads as "more of these", not a box.
                (true, _) => place.rect.size()[1] / 2.0,
                (false, true) => 6.0,
                (false, false) => 2.0,
            };
            let (width, dash) = node_border(node);
            primitives.push(Primitive {
                owner,
                layer: place.layer,
                shape: Shape::Rect {
                    rect: place.rect,
                    radius,
                    fill,
                    stroke: Some(Stroke {
                        width,
                        colour: border,
                        dash,
                    }),
                },
            });
            primitives.extend(place.rows.iter().map(|row| Primitive {
                owner,
                layer: place.layer,
                shape: Shape::Text {
                    row: row.clone(),
                    colour: NODE_TEXT,
                },
            }));
            nodes.push(NodeHit {
                rect: place.rect,
                name: node.label.clone(),
                kind: node.kind,
                layer: place.layer,
            });
        }
        primitives.extend(label_primitives(layout));
        Drawing {
            size: layout.size,
            orientation: layout.orientation,
            background: BACKGROUND,
            primitives,
            nodes,
            edges,
            n_layers: layout.n_layers,
        }
    }

    /// How many layers a presenter can reveal one by one.
    pub fn layers(&self) -> usize {
        self.n_layers
    }

    /// The primitives of layers `0..=layer`, in paint order.
    pub fn primitives_up_to(&self, layer: usize) -> impl Iterator<Item = &Primitive> {
        self.primitives.iter().filter(move |p| p.layer <= layer)
    }

    /// What `point` hits: a node when inside its box, else the edge whose label box
    /// holds it, else the nearest edge within `tolerance` (pass about 6 px divided by
    /// the zoom).
    pub fn hit_test(&self, point: Point, tolerance: f32) -> Option<Hit> {
        // Later nodes are painted on top (curated boxes may overlap): test them first.
        if let Some(node_idx) = self.nodes.iter().rposition(|n| n.rect.contains(point, 0.0)) {
            return Some(Hit::Node(node_idx));
        }
        if let Some(edge_idx) = self
            .edges
            .iter()
            .rposition(|e| e.label.is_some_and(|rect| rect.contains(point, 0.0)))
        {
            return Some(Hit::Edge(edge_idx));
        }
        self.edges
            .iter()
            .enumerate()
            .map(|(edge_idx, e)| (polyline_distance(point, &e.polyline), edge_idx))
            .filter(|&(d, _)| d <= tolerance)
            .min_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)))
            .map(|(_, edge_idx)| Hit::Edge(edge_idx))
    }
}

/// A node's border width and dash: the diagram's entity thick, a node the review's text
/// adds (not in the printed panel) dashed, a collapsed group dotted.
pub fn node_border(node: &GraphNode) -> (f32, &'static [f32]) {
    if node.focus {
        (3.0, SOLID)
    } else if node.group.is_some() {
        (1.4, DOTTED_BORDER)
    } else if node.from_text {
        (1.4, DASHED)
    } else {
        (1.2, SOLID)
    }
}

/// Dots for a collapsed group's border (longer than [`DOTTED`], so a box reads as dotted).
pub const DOTTED_BORDER: &[f32] = &[2.0, 2.5];

/// The edge labels: a background box and the rows, drawn last so they read over lines.
fn label_primitives(layout: &Layout) -> Vec<Primitive> {
    let mut primitives = Vec::new();
    for (edge_idx, place) in layout.edges.iter().enumerate() {
        let Some(label) = &place.label else { continue };
        let owner = Owner::Edge(edge_idx);
        primitives.push(Primitive {
            owner,
            layer: place.layer,
            shape: Shape::Rect {
                rect: label.rect,
                radius: 3.0,
                fill: LABEL_BACKGROUND,
                stroke: None,
            },
        });
        primitives.extend(label.rows.iter().map(|row| Primitive {
            owner,
            layer: place.layer,
            shape: Shape::Text {
                row: row.clone(),
                colour: LABEL_TEXT,
            },
        }));
    }
    primitives
}

/// "source → relation → target (n claims, best tier)", in `lang`.
fn edge_name(graph: &Graph, edge: &GraphEdge, lang: Lang) -> String {
    let label = |idx: usize| graph.nodes.get(idx).map_or("", |n| n.label.as_str());
    let mut name = format!(
        "{} → {} → {}",
        label(edge.from),
        lang.pick(edge.rel.label_zh(), edge.rel.label_en()),
        label(edge.to)
    );
    let evidence = match edge.tier() {
        Some(tier) => {
            let n = edge.n_claims();
            let claims = if n == 1 { "claim" } else { "claims" };
            lang.pick(
                &format!("{n}条证据，最高：{}", tier.label_zh()),
                &format!("{n} {claims}, best: {}", tier.label_en()),
            )
        }
        None => lang.pick("无证据", "no claims"),
    };
    name.push_str(&format!(" ({evidence})"));
    if edge.disagree {
        name.push_str(&lang.pick("，证据方向不一", "; claims disagree"));
    }
    name
}

/// Dimensions of a head for a line of `width`: length along the line, half-width.
fn head_size(head: HeadShape, width: f32) -> (f32, f32) {
    match head {
        HeadShape::Triangle => (7.0 + 1.5 * width, 3.5 + 0.9 * width),
        HeadShape::Bar => ((1.2 * width).max(2.0), 6.0 + width),
        HeadShape::OpenArrow => (7.0 + width, 4.5 + 0.5 * width),
        HeadShape::Plain => (0.0, 0.0),
    }
}

/// The stroke's path, ended inside a filled triangle rather than at its tip (a line's
/// square end would blunt the point). Other heads take the path to the border.
fn trim_for_head(path: &Path, end_dir: Point, head: HeadShape, width: f32) -> Path {
    if head != HeadShape::Triangle {
        return path.clone();
    }
    let (length, _) = head_size(head, width);
    let want = length * 0.8;
    let tip = path.end();
    let mut trimmed = path.clone();
    let start_of_last = |p: &Path| {
        p.segments
            .len()
            .checked_sub(2)
            .and_then(|i| p.segments.get(i))
            .map_or(p.start, Segment::end)
    };
    // Straight pieces the head covers entirely go (they run along `end_dir`).
    while trimmed.segments.len() > 1
        && matches!(trimmed.segments.last(), Some(Segment::Line(_)))
        && distance(start_of_last(&trimmed), tip) <= want
    {
        trimmed.segments.pop();
    }
    let start = start_of_last(&trimmed);
    // Never trim more than half of what is left: a very short edge keeps its line.
    let trim = want.min(distance(start, tip) / 2.0);
    let new_end = sub(tip, scale(end_dir, trim));
    let Some(last) = trimmed.segments.last_mut() else {
        return trimmed;
    };
    *last = match *last {
        Segment::Line(_) => Segment::Line(new_end),
        Segment::Cubic(c1, c2, _) => {
            // Keep the second control point behind the new end, so the curve still
            // arrives along `end_dir`.
            let behind = (c2[0] - new_end[0]) * end_dir[0] + (c2[1] - new_end[1]) * end_dir[1];
            let c2 = if behind > 0.0 {
                sub(new_end, scale(end_dir, 1.0))
            } else {
                c2
            };
            Segment::Cubic(c1, c2, new_end)
        }
    };
    trimmed
}

/// The head at `tip`, pointing along `dir`.
fn head_shape(head: HeadShape, tip: Point, dir: Point, stroke: Stroke) -> Option<Shape> {
    let dir = normalize(dir, [1.0, 0.0]);
    let normal = [-dir[1], dir[0]];
    let (length, half) = head_size(head, stroke.width);
    match head {
        HeadShape::Triangle => {
            let base = sub(tip, scale(dir, length));
            Some(Shape::Polygon {
                points: vec![
                    tip,
                    add(base, scale(normal, half)),
                    sub(base, scale(normal, half)),
                ],
                fill: stroke.colour,
            })
        }
        HeadShape::Bar => {
            // Its outer face on the border, so the bar sits against the target.
            let inner = sub(tip, scale(dir, length));
            Some(Shape::Polygon {
                points: vec![
                    add(tip, scale(normal, half)),
                    add(inner, scale(normal, half)),
                    sub(inner, scale(normal, half)),
                    sub(tip, scale(normal, half)),
                ],
                fill: stroke.colour,
            })
        }
        HeadShape::OpenArrow => {
            // Drawn a little short of the border: the wings' joint is wider than a line.
            let apex = sub(tip, scale(dir, stroke.width * 0.6));
            let back = sub(apex, scale(dir, length));
            Some(Shape::Path {
                path: Path {
                    start: add(back, scale(normal, half)),
                    segments: vec![
                        Segment::Line(apex),
                        Segment::Line(sub(back, scale(normal, half))),
                    ],
                },
                stroke: Stroke {
                    dash: SOLID,
                    ..stroke
                },
            })
        }
        HeadShape::Plain => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_relation_has_its_head() {
        use HeadShape::*;
        let cases = [
            (Relation::Activates, Triangle),
            (Relation::Upregulates, Triangle),
            (Relation::Secretes, Triangle),
            (Relation::Delivers, Triangle),
            (Relation::Induces, Triangle),
            (Relation::Targets, Triangle),
            (Relation::Recruits, Triangle),
            (Relation::Alleviates, Bar),
            (Relation::Aggravates, Triangle),
            (Relation::Inhibits, Bar),
            (Relation::Downregulates, Bar),
            (Relation::PolarizesTo, OpenArrow),
            (Relation::DifferentiatesTo, OpenArrow),
            (Relation::Associated, Plain),
            (Relation::Then, Plain),
        ];
        for (rel, head) in cases {
            assert_eq!(head_of(rel, Flow::Mechanism), head, "{rel:?}");
        }
        assert_eq!(head_of(Relation::Then, Flow::FlowChart), Triangle);
        assert_eq!(head_of(Relation::Associated, Flow::FlowChart), Plain);
    }

    #[test]
    fn heads_end_at_the_tip_and_bars_lie_across_the_line() {
        let stroke = Stroke {
            width: 2.0,
            colour: [0, 0, 0, 255],
            dash: SOLID,
        };
        let Some(Shape::Polygon { points, .. }) =
            head_shape(HeadShape::Triangle, [100.0, 50.0], [1.0, 0.0], stroke)
        else {
            panic!("a triangle is a polygon");
        };
        assert_eq!(points.len(), 3);
        assert_eq!(points[0], [100.0, 50.0]);
        assert!(points[1..].iter().all(|p| p[0] < 100.0));
        let Some(Shape::Polygon { points, .. }) =
            head_shape(HeadShape::Bar, [100.0, 50.0], [0.0, 1.0], stroke)
        else {
            panic!("a bar is a polygon");
        };
        // Pointing down, the bar is wide in x and thin in y, its face on the tip's row.
        let xs: Vec<f32> = points.iter().map(|p| p[0]).collect();
        let ys: Vec<f32> = points.iter().map(|p| p[1]).collect();
        let span = |v: &[f32]| {
            v.iter().copied().fold(f32::MIN, f32::max) - v.iter().copied().fold(f32::MAX, f32::min)
        };
        assert!(span(&xs) > 3.0 * span(&ys), "{points:?}");
        assert!(ys.iter().all(|&y| y <= 50.0));
        assert!(matches!(
            head_shape(HeadShape::OpenArrow, [0.0, 0.0], [1.0, 0.0], stroke),
            Some(Shape::Path { .. })
        ));
        assert_eq!(
            head_shape(HeadShape::Plain, [0.0, 0.0], [1.0, 0.0], stroke),
            None
        );
    }

    #[test]
    fn triangle_heads_trim_the_line_and_keep_its_direction() {
        let path = Path {
            start: [0.0, 0.0],
            segments: vec![Segment::Cubic([50.0, 0.0], [50.0, 20.0], [100.0, 20.0])],
        };
        let trimmed = trim_for_head(&path, [1.0, 0.0], HeadShape::Triangle, 2.0);
        let end = trimmed.end();
        assert!(end[0] < 100.0 && end[0] > 85.0 && end[1] == 20.0, "{end:?}");
        assert_eq!(trim_for_head(&path, [1.0, 0.0], HeadShape::Bar, 2.0), path);
    }

    #[test]
    fn stronger_evidence_is_thicker_and_never_colour_alone() {
        let mut edge = GraphEdge {
            from: 0,
            to: 1,
            rel: Relation::Activates,
            label: String::new(),
            claims: vec!["c".into()],
            best_level: None,
            disagree: false,
            caption: String::new(),
        };
        let mut seen: Vec<(f32, &[f32])> = Vec::new();
        for level in [
            None,
            Some(crate::model::Level::Statement),
            Some(crate::model::Level::InVitro),
            Some(crate::model::Level::Animal),
            Some(crate::model::Level::TrialPhase2),
        ] {
            edge.best_level = level;
            let stroke = edge_stroke(&edge, Flow::Mechanism);
            if let Some((width, _)) = seen.last() {
                assert!(stroke.width > *width, "{level:?}");
            }
            seen.push((stroke.width, stroke.dash));
        }
        edge.rel = Relation::Associated;
        assert_eq!(edge_stroke(&edge, Flow::Mechanism).dash, DOTTED);
    }

    fn tiny_drawing() -> Drawing {
        use super::super::geom::Rect;
        let rect = |x: f32| Rect {
            min: [x, 0.0],
            max: [x + 20.0, 10.0],
        };
        Drawing {
            size: [200.0, 100.0],
            orientation: Orientation::LeftToRight,
            background: BACKGROUND,
            primitives: Vec::new(),
            nodes: vec![
                NodeHit {
                    rect: rect(0.0),
                    name: "a".into(),
                    kind: None,
                    layer: 0,
                },
                NodeHit {
                    rect: rect(100.0),
                    name: "b".into(),
                    kind: None,
                    layer: 1,
                },
            ],
            edges: vec![
                EdgeHit {
                    polyline: vec![[20.0, 5.0], [100.0, 5.0]],
                    midpoint: [60.0, 5.0],
                    label: Some(Rect {
                        min: [50.0, 20.0],
                        max: [70.0, 30.0],
                    }),
                    name: "a → b".into(),
                    layer: 1,
                },
                EdgeHit {
                    polyline: vec![[20.0, 9.0], [100.0, 9.0]],
                    midpoint: [60.0, 9.0],
                    label: None,
                    name: "a → b again".into(),
                    layer: 1,
                },
            ],
            n_layers: 2,
        }
    }

    #[test]
    fn hit_test_finds_nodes_labels_and_the_nearest_edge() {
        let drawing = tiny_drawing();
        let cases = [
            ([5.0, 5.0], Some(Hit::Node(0))),
            ([110.0, 10.0], Some(Hit::Node(1))),
            ([60.0, 25.0], Some(Hit::Edge(0))),
            ([60.0, 6.0], Some(Hit::Edge(0))),
            ([60.0, 8.5], Some(Hit::Edge(1))),
            ([60.0, 14.0], Some(Hit::Edge(1))),
            ([60.0, 16.0], None),
            ([150.0, 50.0], None),
        ];
        for (point, want) in cases {
            assert_eq!(drawing.hit_test(point, 6.0), want, "{point:?}");
        }
    }
}
