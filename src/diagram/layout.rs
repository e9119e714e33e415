//! Layered (Sugiyama-style) layout of a [`Graph`]: fixed layers from the nodes' roles
//! (the longest path for free nodes), dummy vertices on edges that skip layers, crossing
//! reduction, then coordinates. Mechanisms read left to right, flow charts top to bottom.
//!
//! The work is done in abstract coordinates, `[main, cross]`: `main` runs across the
//! layers, `cross` along a layer. Only the last step maps them to `[x, y]`, so both
//! orientations share every line of code. Curated node positions are kept; the other
//! nodes make room for them. The result is deterministic: same input, same output.

use std::collections::{BTreeSet, BinaryHeap};

use super::geom::{Path, Point, Rect};
use super::graph::{Flow, Graph};
use super::order::LayeredGraph;
use super::route;
use super::text::{TextMeasure, wrap};

/// Sizes and spacing of a layout, in diagram units (1 unit = 1 px at 100 % zoom).
#[derive(Clone, Debug, PartialEq)]
pub struct LayoutOptions {
    /// Font size of node labels.
    pub node_font: f32,
    /// Font size of edge labels.
    pub label_font: f32,
    /// Row height as a multiple of the font size.
    pub line_height: f32,
    /// Widest a mechanism node may be before its label wraps.
    pub max_node_width: f32,
    /// Widest a flow-chart box may be before its text wraps (flow-chart boxes hold
    /// sentences, so they are wider).
    pub max_flow_node_width: f32,
    /// Widest an edge label may be before it wraps.
    pub max_label_width: f32,
    /// Space between a node's border and its text: `[horizontal, vertical]`.
    pub node_padding: [f32; 2],
    /// Space between an edge label's border and its text: `[horizontal, vertical]`.
    pub label_padding: [f32; 2],
    /// Smallest gap between two layers.
    pub layer_gap: f32,
    /// Smallest gap between two nodes of one layer.
    pub node_gap: f32,
    /// Space around the whole diagram.
    pub margin: f32,
    /// Crossing-reduction sweeps (alternating down and up).
    pub sweeps: usize,
}

impl Default for LayoutOptions {
    fn default() -> Self {
        LayoutOptions {
            node_font: 13.0,
            label_font: 11.0,
            // The bundled font's own line height (ascent + descent = 1.448 em), so rows
            // painted by egui or a rasteriser never overlap.
            line_height: 1.45,
            max_node_width: 160.0,
            max_flow_node_width: 240.0,
            max_label_width: 120.0,
            node_padding: [8.0, 5.0],
            label_padding: [3.0, 1.0],
            layer_gap: 56.0,
            node_gap: 14.0,
            margin: 16.0,
            sweeps: 24,
        }
    }
}

/// Which way the layers run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Orientation {
    /// Layers are columns, left to right (mechanisms).
    #[default]
    LeftToRight,
    /// Layers are rows, top to bottom (flow charts).
    TopToBottom,
}

impl Orientation {
    /// The orientation a graph of this flow reads in.
    pub fn of(flow: Flow) -> Orientation {
        match flow {
            Flow::Mechanism => Orientation::LeftToRight,
            Flow::FlowChart => Orientation::TopToBottom,
        }
    }

    /// Maps `[main, cross]` to `[x, y]`, or back: the map is its own inverse.
    pub(crate) fn swap(self, p: Point) -> Point {
        match self {
            Orientation::LeftToRight => p,
            Orientation::TopToBottom => [p[1], p[0]],
        }
    }
}

/// One row of text, centred on a point.
#[derive(Clone, Debug, PartialEq)]
pub struct TextRow {
    /// The text.
    pub text: String,
    /// The centre of the row's box.
    pub centre: Point,
    /// Its measured width.
    pub width: f32,
    /// Its font size.
    pub font_size: f32,
}

impl TextRow {
    /// Where the baseline sits below the row's centre, in ems: half the height of a CJK
    /// character's box (0.88 above the baseline to 0.12 below), which also centres
    /// Latin capitals (0.73 em tall) within a hair. A painter that places text by its
    /// baseline (SVG) uses it so the row looks centred as it does on screen.
    pub const BASELINE_BELOW_CENTRE_EM: f32 = 0.38;

    /// The y of the row's baseline.
    pub fn baseline_y(&self) -> f32 {
        self.centre[1] + Self::BASELINE_BELOW_CENTRE_EM * self.font_size
    }
}

/// A node's place.
#[derive(Clone, Debug, PartialEq)]
pub struct NodePlace {
    /// Its box.
    pub rect: Rect,
    /// Its label, one entry per row.
    pub rows: Vec<TextRow>,
    /// Its layer (0 first).
    pub layer: usize,
    /// True when the position is the curated one.
    pub curated: bool,
}

/// How an edge is routed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RouteKind {
    /// To a later layer, through a dummy vertex per skipped layer.
    Forward,
    /// To an earlier layer (against the reading direction), through dummies too.
    Backward,
    /// Within one layer: a straight line between neighbours, an arc beside the layer
    /// when other nodes sit between them.
    Flat,
    /// From a node to itself: a loop at its corner.
    Loop,
    /// To or from a node with a curated position: a straight line between borders.
    Direct,
}

/// An edge label's place.
#[derive(Clone, Debug, PartialEq)]
pub struct LabelPlace {
    /// Its box (drawn with a background so it reads over lines).
    pub rect: Rect,
    /// Its rows.
    pub rows: Vec<TextRow>,
}

/// An edge's route.
#[derive(Clone, Debug, PartialEq)]
pub struct EdgePlace {
    /// From the source node's border to the target node's border.
    pub path: Path,
    /// Unit direction of travel at the end: where the head points.
    pub end_dir: Point,
    /// How it was routed.
    pub kind: RouteKind,
    /// The later layer of its two ends: when a presenter reveals layer by layer, the
    /// edge appears with its second node.
    pub layer: usize,
    /// Its label, when it has a caption.
    pub label: Option<LabelPlace>,
}

/// Where everything goes.
#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    /// Which way the layers run.
    pub orientation: Orientation,
    /// Width and height of the whole diagram, margins included.
    pub size: [f32; 2],
    /// Number of layers.
    pub n_layers: usize,
    /// One per graph node, in graph order.
    pub nodes: Vec<NodePlace>,
    /// One per graph edge, in graph order.
    pub edges: Vec<EdgePlace>,
}

/// A measured, wrapped block of text and the size of the box around it (`[x, y]`).
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Block {
    pub(crate) rows: Vec<(String, f32)>,
    pub(crate) size: [f32; 2],
    pub(crate) font_size: f32,
    pub(crate) line: f32,
}

impl Block {
    fn measure(
        text: &str,
        font: f32,
        max_width: f32,
        padding: [f32; 2],
        line_height: f32,
        measure: &dyn TextMeasure,
    ) -> Block {
        let rows: Vec<(String, f32)> = wrap(text, font, max_width, measure)
            .into_iter()
            .map(|row| {
                let width = measure.width(&row, font);
                (row, width)
            })
            .collect();
        let widest = rows.iter().map(|(_, w)| *w).fold(0.0, f32::max);
        let line = font * line_height;
        let size = [
            widest + 2.0 * padding[0],
            rows.len() as f32 * line + 2.0 * padding[1],
        ];
        Block {
            rows,
            size,
            font_size: font,
            line,
        }
    }

    /// The rows placed in `rect` (`[x, y]`), centred, top to bottom.
    pub(crate) fn place(&self, rect: &Rect) -> Vec<TextRow> {
        let n_rows = self.rows.len() as f32;
        let top = rect.centre()[1] - n_rows * self.line / 2.0;
        self.rows
            .iter()
            .enumerate()
            .map(|(row_idx, (text, width))| TextRow {
                text: text.clone(),
                centre: [rect.centre()[0], top + (row_idx as f32 + 0.5) * self.line],
                width: *width,
                font_size: self.font_size,
            })
            .collect()
    }
}

/// A vertex of the layered graph: a node, or a dummy on a long edge.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Vertex {
    /// The node it is, `None` for a dummy.
    pub(crate) node: Option<usize>,
    pub(crate) layer: usize,
    /// Extent `[main, cross]` (zero for dummies).
    pub(crate) ext: [f32; 2],
    /// Centre `[main, cross]`, once placed.
    pub(crate) centre: [f32; 2],
    pub(crate) curated: bool,
}

impl Vertex {
    /// Its box in abstract coordinates.
    pub(crate) fn rect(&self) -> Rect {
        Rect::from_centre(self.centre, self.ext)
    }
}

/// The layers along the main axis: where each one's centre is, how deep it is and the
/// gap after it (the last gap only holds arcs and loops of the last layer).
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Columns {
    pub(crate) centre: Vec<f32>,
    pub(crate) ext: Vec<f32>,
    pub(crate) gap: Vec<f32>,
}

impl Columns {
    /// The main coordinate where layer `layer` starts.
    pub(crate) fn start(&self, layer: usize) -> f32 {
        self.centre.get(layer).copied().unwrap_or(0.0)
            - self.ext.get(layer).copied().unwrap_or(0.0) / 2.0
    }

    /// The main coordinate where layer `layer` ends.
    pub(crate) fn end(&self, layer: usize) -> f32 {
        self.centre.get(layer).copied().unwrap_or(0.0)
            + self.ext.get(layer).copied().unwrap_or(0.0) / 2.0
    }

    /// The main coordinate of the middle of the gap after layer `layer`.
    pub(crate) fn gap_centre(&self, layer: usize) -> f32 {
        self.end(layer) + self.gap.get(layer).copied().unwrap_or(0.0) / 2.0
    }
}

/// Everything placed so far, shared with the router.
#[derive(Debug)]
pub(crate) struct Skeleton {
    pub(crate) vertices: Vec<Vertex>,
    /// Per edge, its vertices from source to target (dummies included).
    pub(crate) chains: Vec<Vec<usize>>,
    pub(crate) kinds: Vec<RouteKind>,
    /// Auto-placed vertices of each layer, in order (curated nodes are not in it).
    pub(crate) order: Vec<Vec<usize>>,
    pub(crate) columns: Columns,
}

/// Lays `graph` out, measuring text with `measure`.
pub fn layout(graph: &Graph, measure: &dyn TextMeasure, options: &LayoutOptions) -> Layout {
    let orientation = Orientation::of(graph.flow);
    let max_node_width = match graph.flow {
        Flow::Mechanism => options.max_node_width,
        Flow::FlowChart => options.max_flow_node_width,
    };
    let node_blocks: Vec<Block> = graph
        .nodes
        .iter()
        .map(|node| {
            let font = options.node_font;
            Block::measure(
                &node.label,
                font,
                max_node_width,
                options.node_padding,
                options.line_height,
                measure,
            )
        })
        .collect();
    let label_blocks: Vec<Option<Block>> = graph
        .edges
        .iter()
        .map(|edge| {
            let font = options.label_font;
            (!edge.caption.trim().is_empty()).then(|| {
                Block::measure(
                    &edge.caption,
                    font,
                    options.max_label_width,
                    options.label_padding,
                    options.line_height,
                    measure,
                )
            })
        })
        .collect();
    let layers = assign_layers(graph);
    let mut skeleton = build_skeleton(graph, &layers, &node_blocks, orientation);
    grow_for_ports(&mut skeleton);
    skeleton.order = layered_graph(&skeleton)
        .reduce_crossings(std::mem::take(&mut skeleton.order), options.sweeps);
    skeleton.columns = main_axis(&skeleton, &label_blocks, orientation, options);
    for vertex in &mut skeleton.vertices {
        vertex.centre[0] = skeleton
            .columns
            .centre
            .get(vertex.layer)
            .copied()
            .unwrap_or(0.0);
    }
    cross_axis(&mut skeleton, graph, &label_blocks, orientation, options);
    place_curated(&mut skeleton, graph, orientation, options);
    let routes = route::route_edges(&skeleton, graph, &label_blocks, orientation, options);
    let blocks = Blocks {
        nodes: &node_blocks,
        labels: &label_blocks,
    };
    finish(graph, &skeleton, &blocks, routes, orientation, options)
}

/// The measured texts of a layout's nodes and edge labels.
struct Blocks<'a> {
    nodes: &'a [Block],
    labels: &'a [Option<Block>],
}

/// Maps the placed skeleton and routes to `[x, y]`, shifts everything clear of the
/// top-left margin and measures the whole.
fn finish(
    graph: &Graph,
    skeleton: &Skeleton,
    blocks: &Blocks<'_>,
    routes: Vec<EdgePlace>,
    orientation: Orientation,
    options: &LayoutOptions,
) -> Layout {
    let swap = |p: Point| orientation.swap(p);
    let mut nodes: Vec<NodePlace> = graph
        .nodes
        .iter()
        .enumerate()
        .map(|(node_idx, _)| {
            let vertex = skeleton.vertices.get(node_idx);
            // The vertex's extent: the text's box, grown for its edges' heads.
            let size = vertex.map_or([0.0, 0.0], |v| swap(v.ext));
            let centre = vertex.map_or([0.0, 0.0], |v| swap(v.centre));
            NodePlace {
                rect: Rect::from_centre(centre, size),
                rows: Vec::new(),
                layer: vertex.map_or(0, |v| v.layer),
                curated: vertex.is_some_and(|v| v.curated),
            }
        })
        .collect();
    let mut edges: Vec<EdgePlace> = routes
        .into_iter()
        .map(|route| EdgePlace {
            path: route.path.map(swap),
            end_dir: swap(route.end_dir),
            label: route.label.map(|label| LabelPlace {
                rect: Rect::from_centre(swap(label.rect.centre()), swap(label.rect.size())),
                rows: label.rows,
            }),
            ..route
        })
        .collect();

    let bounds = content_bounds(&nodes, &edges);
    let shift = [
        (options.margin - bounds.min[0]).max(0.0),
        (options.margin - bounds.min[1]).max(0.0),
    ];
    let shifted = |p: Point| [p[0] + shift[0], p[1] + shift[1]];
    for (node, block) in nodes.iter_mut().zip(blocks.nodes) {
        node.rect = node.rect.translate(shift);
        node.rows = block.place(&node.rect);
    }
    for (edge, block) in edges.iter_mut().zip(blocks.labels) {
        edge.path = edge.path.map(shifted);
        if let (Some(label), Some(block)) = (&mut edge.label, block) {
            label.rect = label.rect.translate(shift);
            label.rows = block.place(&label.rect);
        }
    }
    let size = [
        bounds.max[0] + shift[0] + options.margin,
        bounds.max[1] + shift[1] + options.margin,
    ];
    Layout {
        orientation,
        size,
        n_layers: skeleton.order.len(),
        nodes,
        edges,
    }
}

/// The box around every node, label and path (control points included).
fn content_bounds(nodes: &[NodePlace], edges: &[EdgePlace]) -> Rect {
    let rects = nodes.iter().map(|n| n.rect).chain(
        edges
            .iter()
            .filter_map(|e| e.label.as_ref().map(|l| l.rect)),
    );
    let points = edges
        .iter()
        .flat_map(|e| e.path.hull_points())
        .map(|p| Rect { min: p, max: p });
    rects
        .chain(points)
        .reduce(|a, b| a.union(&b))
        .unwrap_or(Rect {
            min: [0.0, 0.0],
            max: [0.0, 0.0],
        })
}

/// Layer of every node. Role nodes sit in their role's column; free nodes follow their
/// predecessors on the longest path, free sources sit just before their first
/// successor. Empty columns are dropped.
pub(crate) fn assign_layers(graph: &Graph) -> Vec<usize> {
    let n = graph.nodes.len();
    // Odd ranks for roles leave an even rank between two roles for free nodes.
    let fixed: Vec<Option<i64>> = graph
        .nodes
        .iter()
        .map(|node| node.role.column().map(|c| 2 * i64::from(c) + 1))
        .collect();
    let is_free = |v: usize| fixed.get(v).is_some_and(Option::is_none);
    let mut constraints: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut successors: Vec<Vec<usize>> = vec![Vec::new(); n];
    for edge in &graph.edges {
        if edge.from == edge.to || edge.from >= n || edge.to >= n {
            continue;
        }
        if let Some(list) = successors.get_mut(edge.from) {
            list.push(edge.to);
        }
        // Only free nodes take their layer from an edge: edges into role nodes
        // constrain nothing, so every cycle that matters is among free nodes.
        if is_free(edge.to)
            && let Some(list) = constraints.get_mut(edge.from)
        {
            list.push(edge.to);
        }
    }
    let dag = break_cycles(&constraints);
    let mut rank: Vec<i64> = fixed.iter().map(|r| r.unwrap_or(0)).collect();
    let mut has_pred = vec![false; n];
    for u in topological_order(&dag) {
        let rank_u = rank.get(u).copied().unwrap_or(0);
        for &v in dag.get(u).into_iter().flatten() {
            if let Some(flag) = has_pred.get_mut(v) {
                *flag = true;
            }
            if let Some(r) = rank.get_mut(v) {
                *r = (*r).max(rank_u + 1);
            }
        }
    }
    for v in 0..n {
        if !is_free(v) || has_pred.get(v).copied().unwrap_or(true) {
            continue;
        }
        let first_successor = successors
            .get(v)
            .into_iter()
            .flatten()
            .filter_map(|&s| rank.get(s).copied())
            .min();
        if let (Some(first), Some(r)) = (first_successor, rank.get_mut(v)) {
            *r = (*r).max(first - 1);
        }
    }
    let distinct: BTreeSet<i64> = rank.iter().copied().collect();
    let compact: Vec<i64> = distinct.into_iter().collect();
    rank.iter()
        .map(|r| compact.binary_search(r).unwrap_or(0))
        .collect()
}

/// The edges of `succ` without the back edges of a depth-first search from every
/// vertex in index order: an acyclic graph, found without recursion.
pub(crate) fn break_cycles(succ: &[Vec<usize>]) -> Vec<Vec<usize>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Open,
        Done,
    }
    let n = succ.len();
    let mut mark = vec![Mark::New; n];
    let mut kept: Vec<Vec<usize>> = vec![Vec::new(); n];
    for root in 0..n {
        if mark.get(root) != Some(&Mark::New) {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        if let Some(m) = mark.get_mut(root) {
            *m = Mark::Open;
        }
        while let Some(&mut (u, ref mut next)) = stack.last_mut() {
            let Some(&v) = succ.get(u).and_then(|list| list.get(*next)) else {
                if let Some(m) = mark.get_mut(u) {
                    *m = Mark::Done;
                }
                stack.pop();
                continue;
            };
            *next += 1;
            match mark.get(v) {
                // An edge back to a vertex on the stack closes a cycle: drop it.
                Some(Mark::Open) | None => {}
                Some(Mark::Done) => {
                    if let Some(list) = kept.get_mut(u) {
                        list.push(v);
                    }
                }
                Some(Mark::New) => {
                    if let Some(list) = kept.get_mut(u) {
                        list.push(v);
                    }
                    if let Some(m) = mark.get_mut(v) {
                        *m = Mark::Open;
                    }
                    stack.push((v, 0));
                }
            }
        }
    }
    kept
}

/// A topological order of an acyclic graph, smallest ready vertex first (Kahn).
fn topological_order(dag: &[Vec<usize>]) -> Vec<usize> {
    let mut in_degree = vec![0usize; dag.len()];
    for &v in dag.iter().flatten() {
        if let Some(d) = in_degree.get_mut(v) {
            *d += 1;
        }
    }
    let mut ready: BinaryHeap<std::cmp::Reverse<usize>> = in_degree
        .iter()
        .enumerate()
        .filter(|&(_, &d)| d == 0)
        .map(|(v, _)| std::cmp::Reverse(v))
        .collect();
    let mut order = Vec::with_capacity(dag.len());
    while let Some(std::cmp::Reverse(u)) = ready.pop() {
        order.push(u);
        for &v in dag.get(u).into_iter().flatten() {
            if let Some(d) = in_degree.get_mut(v) {
                *d -= 1;
                if *d == 0 {
                    ready.push(std::cmp::Reverse(v));
                }
            }
        }
    }
    order
}

/// The vertices (nodes first, then dummies), every edge's chain and the initial
/// ordering: nodes in graph order, each dummy after them in edge order.
fn build_skeleton(
    graph: &Graph,
    layers: &[usize],
    node_blocks: &[Block],
    orientation: Orientation,
) -> Skeleton {
    let n_layers = layers.iter().max().map_or(0, |&l| l + 1);
    let mut vertices: Vec<Vertex> = graph
        .nodes
        .iter()
        .enumerate()
        .map(|(idx, node)| Vertex {
            node: Some(idx),
            layer: layers.get(idx).copied().unwrap_or(0),
            ext: orientation.swap(node_blocks.get(idx).map_or([0.0, 0.0], |b| b.size)),
            centre: [0.0, 0.0],
            curated: node.pos.is_some(),
        })
        .collect();
    let mut order: Vec<Vec<usize>> = vec![Vec::new(); n_layers];
    for (idx, vertex) in vertices.iter().enumerate() {
        if !vertex.curated
            && let Some(layer) = order.get_mut(vertex.layer)
        {
            layer.push(idx);
        }
    }
    let mut chains = Vec::with_capacity(graph.edges.len());
    let mut kinds = Vec::with_capacity(graph.edges.len());
    for edge in &graph.edges {
        let (Some(from), Some(to)) = (vertices.get(edge.from), vertices.get(edge.to)) else {
            chains.push(Vec::new());
            kinds.push(RouteKind::Direct);
            continue;
        };
        let (from_layer, to_layer) = (from.layer, to.layer);
        let kind = if edge.from == edge.to {
            RouteKind::Loop
        } else if from.curated || to.curated {
            RouteKind::Direct
        } else if from_layer < to_layer {
            RouteKind::Forward
        } else if from_layer > to_layer {
            RouteKind::Backward
        } else {
            RouteKind::Flat
        };
        let mut chain = vec![edge.from];
        if matches!(kind, RouteKind::Forward | RouteKind::Backward) {
            let skipped: Vec<usize> = if from_layer < to_layer {
                (from_layer + 1..to_layer).collect()
            } else {
                (to_layer + 1..from_layer).rev().collect()
            };
            for layer in skipped {
                chain.push(vertices.len());
                if let Some(list) = order.get_mut(layer) {
                    list.push(vertices.len());
                }
                vertices.push(Vertex {
                    node: None,
                    layer,
                    ext: [0.0, 0.0],
                    centre: [0.0, 0.0],
                    curated: false,
                });
            }
        }
        chain.push(edge.to);
        chains.push(chain);
        kinds.push(kind);
    }
    Skeleton {
        vertices,
        chains,
        kinds,
        order,
        columns: Columns::default(),
    }
}

/// Makes a node with many edges on one side long enough along that side for their
/// heads to sit apart (at least `MIN_PORT_GAP` each, within the middle 80 %).
fn grow_for_ports(skeleton: &mut Skeleton) {
    const MIN_PORT_GAP: f32 = 6.0;
    // Ports per vertex on its main-min and main-max sides.
    let mut n_ports = vec![[0usize; 2]; skeleton.vertices.len()];
    for (chain, kind) in skeleton.chains.iter().zip(&skeleton.kinds) {
        let (Some(&first), Some(&last)) = (chain.first(), chain.last()) else {
            continue;
        };
        let (start_side, end_side) = match kind {
            RouteKind::Forward => (1, 0),
            RouteKind::Backward => (0, 1),
            RouteKind::Flat | RouteKind::Loop | RouteKind::Direct => continue,
        };
        if let Some(count) = n_ports.get_mut(first).and_then(|c| c.get_mut(start_side)) {
            *count += 1;
        }
        if let Some(count) = n_ports.get_mut(last).and_then(|c| c.get_mut(end_side)) {
            *count += 1;
        }
    }
    for (vertex, counts) in skeleton.vertices.iter_mut().zip(n_ports) {
        let busiest = counts.into_iter().max().unwrap_or(0) as f32;
        if vertex.node.is_some() {
            vertex.ext[1] = vertex.ext[1].max(busiest * MIN_PORT_GAP / 0.8);
        }
    }
}

/// The links between adjacent layers and the flat pairs, for crossing reduction.
fn layered_graph(skeleton: &Skeleton) -> LayeredGraph {
    let n = skeleton.vertices.len();
    let mut graph = LayeredGraph {
        up: vec![Vec::new(); n],
        down: vec![Vec::new(); n],
        flat: Vec::new(),
    };
    for (chain, kind) in skeleton.chains.iter().zip(&skeleton.kinds) {
        match kind {
            RouteKind::Forward | RouteKind::Backward => {
                for pair in chain.windows(2) {
                    let [a, b] = pair else { continue };
                    let (a_layer, b_layer) = (layer_of(skeleton, *a), layer_of(skeleton, *b));
                    let (upper, lower) = if a_layer < b_layer {
                        (*a, *b)
                    } else {
                        (*b, *a)
                    };
                    if let Some(list) = graph.down.get_mut(upper) {
                        list.push(lower);
                    }
                    if let Some(list) = graph.up.get_mut(lower) {
                        list.push(upper);
                    }
                }
            }
            RouteKind::Flat => {
                if let [a, b] = chain.as_slice() {
                    graph.flat.push((*a, *b));
                }
            }
            RouteKind::Loop | RouteKind::Direct => {}
        }
    }
    graph
}

fn layer_of(skeleton: &Skeleton, vertex: usize) -> usize {
    skeleton.vertices.get(vertex).map_or(0, |v| v.layer)
}

/// Which gap (the one after layer `g`) holds the label of a forward or backward edge
/// spanning layers `a` and `b`: the middle one, so long edges are labelled halfway.
pub(crate) fn label_gap(a: usize, b: usize) -> usize {
    let (lo, hi) = (a.min(b), a.max(b));
    lo + (hi - lo).saturating_sub(1) / 2
}

/// Layer depths and gaps along the main axis. A column is as deep as its deepest node
/// or flat-edge label; a gap is at least `layer_gap`, and deep enough for the labels
/// placed in it.
fn main_axis(
    skeleton: &Skeleton,
    label_blocks: &[Option<Block>],
    orientation: Orientation,
    options: &LayoutOptions,
) -> Columns {
    let n_layers = skeleton.order.len();
    let mut ext = vec![0.0f32; n_layers];
    for vertex in skeleton.vertices.iter().filter(|v| !v.curated) {
        if let Some(e) = ext.get_mut(vertex.layer) {
            *e = e.max(vertex.ext[0]);
        }
    }
    let mut gap = vec![options.layer_gap; n_layers];
    for ((chain, kind), block) in skeleton
        .chains
        .iter()
        .zip(&skeleton.kinds)
        .zip(label_blocks)
    {
        let Some(block) = block else { continue };
        let (Some(&first), Some(&last)) = (chain.first(), chain.last()) else {
            continue;
        };
        let (a, b) = (layer_of(skeleton, first), layer_of(skeleton, last));
        let gap_idx = match kind {
            RouteKind::Forward | RouteKind::Backward => label_gap(a, b),
            RouteKind::Flat | RouteKind::Loop => a,
            RouteKind::Direct => continue,
        };
        let need =
            orientation.swap(block.size)[0] + 2.0 * options.label_padding[0] + route::HEAD_ROOM;
        if let Some(g) = gap.get_mut(gap_idx) {
            *g = g.max(need);
        }
        // A flat edge between neighbours has its label inside the column: the column
        // is at least that deep, so the label never reaches into a gap's labels.
        if *kind == RouteKind::Flat
            && let Some(e) = ext.get_mut(a)
        {
            *e = e.max(orientation.swap(block.size)[0]);
        }
    }
    let mut centre = Vec::with_capacity(n_layers);
    let mut at = options.margin;
    for (e, g) in ext.iter().zip(&gap) {
        centre.push(at + e / 2.0);
        at += e + g;
    }
    Columns { centre, ext, gap }
}

/// Cross-axis positions: each layer packed in order, then pulled towards its
/// neighbours' positions a few rounds, keeping order and spacing exactly (a weighted
/// isotonic regression per layer). Ends with the auto-placed part at the margin.
fn cross_axis(
    skeleton: &mut Skeleton,
    graph: &Graph,
    label_blocks: &[Option<Block>],
    orientation: Orientation,
    options: &LayoutOptions,
) {
    let layered = layered_graph(skeleton);
    let separations: Vec<Vec<f32>> = skeleton
        .order
        .iter()
        .map(|layer| separations(skeleton, layer, graph, label_blocks, orientation, options))
        .collect();
    for (layer, seps) in skeleton.order.iter().zip(&separations) {
        let mut at = 0.0;
        for (&v, sep) in layer.iter().zip(seps) {
            at += sep;
            if let Some(vertex) = skeleton.vertices.get_mut(v) {
                vertex.centre[1] = at;
            }
        }
    }
    const ROUNDS: usize = 6;
    let n_layers = skeleton.order.len();
    let mut passes: Vec<(usize, Side)> = Vec::new();
    for _ in 0..ROUNDS {
        passes.extend((1..n_layers).map(|l| (l, Side::Up)));
        passes.extend(
            (0..n_layers.saturating_sub(1))
                .rev()
                .map(|l| (l, Side::Down)),
        );
    }
    for _ in 0..2 {
        passes.extend((0..n_layers).map(|l| (l, Side::Both)));
    }
    for (layer_idx, side) in passes {
        let (Some(layer), Some(seps)) = (skeleton.order.get(layer_idx), separations.get(layer_idx))
        else {
            continue;
        };
        let (desired, weights): (Vec<f32>, Vec<f32>) = layer
            .iter()
            .map(|&v| desired_cross(skeleton, &layered, v, side))
            .unzip();
        let placed: Vec<(usize, f32)> = layer
            .iter()
            .copied()
            .zip(isotonic_place(&desired, &weights, seps))
            .collect();
        for (v, c) in placed {
            if let Some(vertex) = skeleton.vertices.get_mut(v) {
                vertex.centre[1] = c;
            }
        }
    }
    let low = skeleton
        .vertices
        .iter()
        .filter(|v| !v.curated)
        .map(|v| v.centre[1] - v.ext[1] / 2.0)
        .fold(f32::INFINITY, f32::min);
    if low.is_finite() {
        for vertex in skeleton.vertices.iter_mut().filter(|v| !v.curated) {
            vertex.centre[1] += options.margin - low;
        }
    }
}

/// Which neighbours a vertex is pulled towards.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Side {
    Up,
    Down,
    Both,
}

/// Where a vertex would like to be on the cross axis, and how much it cares: dummies
/// care most (long edges stay straight), a vertex without neighbours hardly at all.
fn desired_cross(skeleton: &Skeleton, layered: &LayeredGraph, v: usize, side: Side) -> (f32, f32) {
    let current = skeleton.vertices.get(v).map_or(0.0, |vx| vx.centre[1]);
    let up = layered.up.get(v).map_or(&[][..], Vec::as_slice);
    let down = layered.down.get(v).map_or(&[][..], Vec::as_slice);
    let (first, second) = match side {
        Side::Up => (up, &[][..]),
        Side::Down => (down, &[][..]),
        Side::Both => (up, down),
    };
    let n_neighbours = first.len() + second.len();
    if n_neighbours == 0 {
        return orphan_wish(skeleton, layered, v).unwrap_or((current, 0.05));
    }
    let sum: f32 = first
        .iter()
        .chain(second)
        .filter_map(|&w| skeleton.vertices.get(w))
        .map(|w| w.centre[1])
        .sum();
    let is_dummy = skeleton.vertices.get(v).is_some_and(|vx| vx.node.is_none());
    let weight = if is_dummy { 4.0 } else { n_neighbours as f32 };
    (sum / n_neighbours as f32, weight)
}

/// A vertex joined only within its layer is pulled next to its flat partners, rather
/// than left wherever the first packing put it.
fn orphan_wish(skeleton: &Skeleton, layered: &LayeredGraph, v: usize) -> Option<(f32, f32)> {
    let has_neighbours = |list: &Vec<Vec<usize>>| list.get(v).is_some_and(|l| !l.is_empty());
    if has_neighbours(&layered.up) || has_neighbours(&layered.down) {
        return None;
    }
    let partners: Vec<f32> = layered
        .flat
        .iter()
        .filter_map(|&(a, b)| match (a == v, b == v) {
            (true, false) => Some(b),
            (false, true) => Some(a),
            _ => None,
        })
        .filter_map(|w| skeleton.vertices.get(w))
        .map(|w| w.centre[1])
        .collect();
    if partners.is_empty() {
        return None;
    }
    Some((partners.iter().sum::<f32>() / partners.len() as f32, 1.0))
}

/// Smallest centre-to-centre distance from each vertex of `layer` to the one before it
/// (0 for the first). Nodes keep `node_gap` apart, dummies less; two nodes joined by
/// flat edges keep room between them for the edges' heads and stacked labels, even
/// with dummies between them.
fn separations(
    skeleton: &Skeleton,
    layer: &[usize],
    graph: &Graph,
    label_blocks: &[Option<Block>],
    orientation: Orientation,
    options: &LayoutOptions,
) -> Vec<f32> {
    let mut seps = Vec::with_capacity(layer.len());
    // The last node seen and the distance reserved since it.
    let mut last_node: Option<(&Vertex, f32)> = None;
    for (pos, &v) in layer.iter().enumerate() {
        let Some(b) = skeleton.vertices.get(v) else {
            seps.push(0.0);
            continue;
        };
        let prev = pos.checked_sub(1).and_then(|p| layer.get(p));
        let mut sep = match prev.and_then(|&p| skeleton.vertices.get(p)) {
            None => 0.0,
            Some(a) => {
                let gap = match (a.node.is_some(), b.node.is_some()) {
                    (true, true) => options.node_gap,
                    (false, false) => options.node_gap / 3.0,
                    _ => options.node_gap / 2.0,
                };
                (a.ext[1] + b.ext[1]) / 2.0 + gap
            }
        };
        if let Some((_, since)) = &mut last_node {
            *since += sep;
        }
        if b.node.is_some() {
            if let Some((a, since)) = last_node {
                let room = flat_room(
                    skeleton,
                    (a.node, b.node),
                    graph,
                    label_blocks,
                    orientation,
                    options,
                );
                let need = room.map_or(0.0, |room| (a.ext[1] + b.ext[1]) / 2.0 + room);
                sep += (need - since).max(0.0);
            }
            last_node = Some((b, 0.0));
        }
        seps.push(sep);
    }
    seps
}

/// The room the flat edges between two nodes need between their boxes (their labels
/// stacked, and a head at each end), or `None` when no flat edge joins them.
fn flat_room(
    skeleton: &Skeleton,
    pair: (Option<usize>, Option<usize>),
    graph: &Graph,
    label_blocks: &[Option<Block>],
    orientation: Orientation,
    options: &LayoutOptions,
) -> Option<f32> {
    let mut n_flat = 0;
    let mut stacked = 0.0;
    for (edge_idx, edge) in graph.edges.iter().enumerate() {
        let ends = (Some(edge.from), Some(edge.to));
        let joins = ends == pair || ends == (pair.1, pair.0);
        if joins && skeleton.kinds.get(edge_idx) == Some(&RouteKind::Flat) {
            n_flat += 1;
            stacked += label_blocks
                .get(edge_idx)
                .and_then(Option::as_ref)
                .map_or(0.0, |block| {
                    orientation.swap(block.size)[1] + 2.0 * options.label_padding[1]
                });
        }
    }
    (n_flat > 0).then(|| (stacked + 2.0 * route::HEAD_ROOM).max(options.node_gap))
}

/// Positions closest (in weighted least squares) to `desired`, in the same order, each
/// at least `separation[i]` after the one before: pool-adjacent-violators on the
/// positions minus their cumulative separations. Exact, O(n), deterministic.
pub(crate) fn isotonic_place(desired: &[f32], weights: &[f32], separation: &[f32]) -> Vec<f32> {
    let mut offsets = Vec::with_capacity(desired.len());
    let mut total = 0.0;
    for (i, _) in desired.iter().enumerate() {
        if i > 0 {
            total += separation.get(i).copied().unwrap_or(0.0);
        }
        offsets.push(total);
    }
    // Blocks of pooled values: (sum of weights, weighted sum, count).
    let mut blocks: Vec<(f32, f32, usize)> = Vec::new();
    for ((d, w), offset) in desired.iter().zip(weights).zip(&offsets) {
        let w = w.max(1e-6);
        blocks.push((w, w * (d - offset), 1));
        while blocks.len() >= 2 {
            let (Some(&last), Some(&prev)) = (blocks.last(), blocks.get(blocks.len() - 2)) else {
                break;
            };
            if prev.1 / prev.0 <= last.1 / last.0 {
                break;
            }
            blocks.pop();
            if let Some(merged) = blocks.last_mut() {
                *merged = (prev.0 + last.0, prev.1 + last.1, prev.2 + last.2);
            }
        }
    }
    let mut placed = Vec::with_capacity(desired.len());
    for (w, sum, count) in blocks {
        placed.extend(std::iter::repeat_n(sum / w, count));
    }
    placed
        .iter()
        .zip(&offsets)
        .map(|(y, offset)| y + offset)
        .collect()
}

/// Puts curated nodes at their positions and moves the auto-placed vertices of each
/// layer, in order, past any curated box they would overlap.
fn place_curated(
    skeleton: &mut Skeleton,
    graph: &Graph,
    orientation: Orientation,
    options: &LayoutOptions,
) {
    let mut obstacles: Vec<Rect> = Vec::new();
    for (vertex, node) in skeleton.vertices.iter_mut().zip(&graph.nodes) {
        if let Some(pos) = node.pos {
            vertex.centre = orientation.swap(pos);
            obstacles.push(vertex.rect());
        }
    }
    if obstacles.is_empty() {
        return;
    }
    obstacles.sort_by(|a, b| a.min[1].total_cmp(&b.min[1]));
    let gap = options.node_gap;
    for layer in &skeleton.order {
        let mut floor = f32::NEG_INFINITY;
        for &v in layer {
            let Some(vertex) = skeleton.vertices.get_mut(v) else {
                continue;
            };
            let half = vertex.ext[1] / 2.0;
            let mut c = vertex.centre[1].max(floor + half);
            // Each pass either moves past an obstacle or stops; obstacles are finite.
            for _ in 0..=obstacles.len() {
                let mut rect = Rect::from_centre([vertex.centre[0], c], vertex.ext);
                rect.min = [rect.min[0] - gap, rect.min[1] - gap];
                rect.max = [rect.max[0] + gap, rect.max[1] + gap];
                // An obstacle just cleared may still touch by a rounding error: only one
                // that would push the vertex further counts.
                let pushes = |o: &&Rect| o.overlaps(&rect) && o.max[1] + gap + half > c + 0.01;
                let Some(hit) = obstacles.iter().find(pushes) else {
                    break;
                };
                c = hit.max[1] + gap + half;
            }
            vertex.centre[1] = c;
            floor = c + half + gap;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagram::graph::{GraphEdge, GraphNode, Role};
    use crate::model::Relation;

    fn node(key: &str, role: Role) -> GraphNode {
        GraphNode {
            key: key.into(),
            entity: None,
            kind: None,
            label: key.into(),
            role,
            pos: None,
            focus: false,
            from_text: false,
            group: None,
        }
    }

    fn edge(from: usize, to: usize) -> GraphEdge {
        GraphEdge {
            from,
            to,
            rel: Relation::Activates,
            label: String::new(),
            claims: Vec::new(),
            best_level: None,
            disagree: false,
            caption: String::new(),
        }
    }

    pub(crate) fn graph(roles: &[Role], edges: &[(usize, usize)]) -> Graph {
        Graph {
            nodes: roles
                .iter()
                .enumerate()
                .map(|(i, &r)| node(&format!("n{i}"), r))
                .collect(),
            edges: edges.iter().map(|&(a, b)| edge(a, b)).collect(),
            flow: Flow::Mechanism,
        }
    }

    #[test]
    fn role_nodes_sit_in_role_order_and_empty_roles_vanish() {
        let g = graph(
            &[
                Role::Disease,
                Role::Vehicle,
                Role::Cargo,
                Role::Vehicle,
                Role::Effect,
            ],
            &[(4, 1)],
        );
        assert_eq!(assign_layers(&g), [3, 0, 1, 0, 2]);
    }

    #[test]
    fn free_nodes_follow_the_longest_path_and_sources_hug_their_successor() {
        // 0 → 1 → 2 → 4, 3 → 4 (a source joining late), 5 alone.
        let free = Role::Free;
        let g = graph(&[free; 6], &[(0, 1), (1, 2), (2, 4), (3, 4)]);
        assert_eq!(assign_layers(&g), [0, 1, 2, 2, 3, 0]);
        // A free node between two roles gets a layer of its own between them.
        let g = graph(&[Role::Target, free, Role::Disease], &[(0, 1), (1, 2)]);
        assert_eq!(assign_layers(&g), [0, 1, 2]);
    }

    #[test]
    fn cycles_are_broken_and_every_edge_kept_in_the_layout() {
        let free = Role::Free;
        let g = graph(
            &[free; 4],
            &[(0, 1), (1, 2), (2, 0), (2, 3), (3, 3), (3, 1)],
        );
        let layers = assign_layers(&g);
        assert_eq!(layers, [0, 1, 2, 3]);
        let dag = break_cycles(&[vec![1], vec![2], vec![0, 3], vec![1]]);
        assert_eq!(dag, [vec![1], vec![2], vec![3], vec![]]);
        let laid = layout(
            &g,
            &crate::diagram::ApproxMeasure,
            &LayoutOptions::default(),
        );
        assert_eq!(laid.edges.len(), 6);
        let kinds: Vec<RouteKind> = laid.edges.iter().map(|e| e.kind).collect();
        use RouteKind::*;
        assert_eq!(kinds, [Forward, Forward, Backward, Forward, Loop, Backward]);
        assert!(laid.edges.iter().all(|e| !e.path.segments.is_empty()));
    }

    #[test]
    fn long_edges_get_one_dummy_per_skipped_layer() {
        let g = graph(
            &[Role::Source, Role::Vehicle, Role::Cargo, Role::Disease],
            &[(0, 1), (1, 2), (2, 3), (0, 3), (3, 0)],
        );
        let layers = assign_layers(&g);
        let blocks = vec![Block::default(); 4];
        let skeleton = build_skeleton(&g, &layers, &blocks, Orientation::LeftToRight);
        let lengths: Vec<usize> = skeleton.chains.iter().map(Vec::len).collect();
        assert_eq!(lengths, [2, 2, 2, 4, 4]);
        assert_eq!(skeleton.vertices.len(), 4 + 4);
        let dummy_layers: Vec<usize> = skeleton.chains[4][1..3]
            .iter()
            .map(|&v| skeleton.vertices[v].layer)
            .collect();
        assert_eq!(
            dummy_layers,
            [2, 1],
            "a backward chain runs from its source down"
        );
        assert_eq!(
            skeleton.order.iter().map(Vec::len).collect::<Vec<_>>(),
            [1, 3, 3, 1]
        );
    }

    #[test]
    fn isotonic_place_keeps_order_and_spacing_closest_to_the_wish() {
        let placed = isotonic_place(&[0.0, 0.0, 10.0], &[1.0, 1.0, 1.0], &[0.0, 4.0, 4.0]);
        assert_eq!(placed, [-2.0, 2.0, 10.0]);
        let placed = isotonic_place(&[5.0, 1.0], &[3.0, 1.0], &[0.0, 2.0]);
        // Pooled: y = (3·5 + 1·(1 - 2)) / 4 = 3.5.
        assert_eq!(placed, [3.5, 5.5]);
    }

    #[test]
    fn curated_nodes_keep_their_position_and_others_make_room() {
        let mut g = graph(
            &[Role::Vehicle, Role::Vehicle, Role::Vehicle, Role::Disease],
            &[(0, 3), (1, 3), (2, 3)],
        );
        let auto = layout(
            &g,
            &crate::diagram::ApproxMeasure,
            &LayoutOptions::default(),
        );
        // Put node 0 exactly where the layout put node 1: node 1 has to move.
        let target = auto.nodes[1].rect.centre();
        g.nodes[0].pos = Some(target);
        let laid = layout(
            &g,
            &crate::diagram::ApproxMeasure,
            &LayoutOptions::default(),
        );
        assert_eq!(laid.nodes[0].rect.centre(), target);
        assert!(laid.nodes[0].curated && !laid.nodes[1].curated);
        for (i, a) in laid.nodes.iter().enumerate() {
            for b in &laid.nodes[i + 1..] {
                assert!(!a.rect.overlaps(&b.rect), "{a:?} overlaps {b:?}");
            }
        }
        assert_eq!(laid.edges[0].kind, RouteKind::Direct);
        assert_eq!(laid.edges[1].kind, RouteKind::Forward);
    }
}
