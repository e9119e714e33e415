//! Edge routing for a placed layered graph: ports spread along node sides, smooth
//! curves through the dummy vertices, arcs and loops, and edge labels placed in the
//! gaps between layers without overlapping each other. Works in `[main, cross]`
//! coordinates; the layout maps the result to `[x, y]`.

use std::collections::BTreeMap;

use super::geom::{Path, Point, Rect, Segment, cubic_at, normalize, polyline_midpoint, sub};
use super::graph::Graph;
use super::layout::{
    Block, EdgePlace, LabelPlace, LayoutOptions, Orientation, RouteKind, Skeleton, Vertex,
    isotonic_place, label_gap,
};

/// Room kept for an arrow head at the end of an edge.
pub(crate) const HEAD_ROOM: f32 = 12.0;

/// Largest distance between two ports on one side of a node.
const PORT_SPACING: f32 = 14.0;

/// How far a self-loop reaches out of its node.
const LOOP_REACH: f32 = 22.0;

/// A side of a node box, in abstract coordinates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Side {
    MainMin,
    MainMax,
    CrossMin,
    CrossMax,
}

/// One edge end wanting a port: on which node and side, ordered by `key` (where the
/// edge goes next, so edges leaving a side do not cross each other there).
#[derive(Clone, Copy, Debug)]
struct Attachment {
    vertex: usize,
    side: Side,
    key: f32,
    edge: usize,
    is_end: bool,
}

/// Routes every edge of `graph` over the placed `skeleton` and places their labels.
pub(crate) fn route_edges(
    skeleton: &Skeleton,
    graph: &Graph,
    label_blocks: &[Option<Block>],
    orientation: Orientation,
    options: &LayoutOptions,
) -> Vec<EdgePlace> {
    let flat_adjacent = flat_adjacency(skeleton);
    let ports = ports(skeleton, &flat_adjacent);
    let mut routes: Vec<EdgePlace> = (0..graph.edges.len())
        .map(|edge_idx| route_one(skeleton, edge_idx, &ports, &flat_adjacent))
        .collect();
    place_labels(
        skeleton,
        &mut routes,
        label_blocks,
        &flat_adjacent,
        orientation,
        options,
    );
    routes
}

/// For each flat edge, whether its two nodes are neighbours in their layer (no other
/// node between them; dummies may be) and whether the source comes first.
fn flat_adjacency(skeleton: &Skeleton) -> Vec<Option<(bool, bool)>> {
    let mut position: BTreeMap<usize, usize> = BTreeMap::new();
    for layer in &skeleton.order {
        let mut n_nodes = 0;
        for &v in layer {
            if skeleton.vertices.get(v).is_some_and(|vx| vx.node.is_some()) {
                position.insert(v, n_nodes);
                n_nodes += 1;
            }
        }
    }
    skeleton
        .chains
        .iter()
        .zip(&skeleton.kinds)
        .map(|(chain, kind)| {
            let (RouteKind::Flat, [a, b]) = (kind, chain.as_slice()) else {
                return None;
            };
            let (pa, pb) = (position.get(a)?, position.get(b)?);
            Some((pa.abs_diff(*pb) == 1, pa < pb))
        })
        .collect()
}

/// The port of every edge end that has one: `[start, end]` per edge.
fn ports(skeleton: &Skeleton, flat_adjacent: &[Option<(bool, bool)>]) -> Vec<[Option<Point>; 2]> {
    let cross_of = |v: usize| skeleton.vertices.get(v).map_or(0.0, |vx| vx.centre[1]);
    let mut attachments: Vec<Attachment> = Vec::new();
    for (edge_idx, (chain, kind)) in skeleton.chains.iter().zip(&skeleton.kinds).enumerate() {
        let (Some(&first), Some(&last)) = (chain.first(), chain.last()) else {
            continue;
        };
        let next = chain.get(1).copied().unwrap_or(last);
        let prev = chain
            .len()
            .checked_sub(2)
            .and_then(|i| chain.get(i))
            .copied()
            .unwrap_or(first);
        let sides = match kind {
            RouteKind::Forward => Some((Side::MainMax, Side::MainMin)),
            RouteKind::Backward => Some((Side::MainMin, Side::MainMax)),
            RouteKind::Flat => match flat_adjacent.get(edge_idx).copied().flatten() {
                Some((true, source_first)) if source_first => {
                    Some((Side::CrossMax, Side::CrossMin))
                }
                Some((true, _)) => Some((Side::CrossMin, Side::CrossMax)),
                _ => Some((Side::MainMax, Side::MainMax)),
            },
            RouteKind::Loop | RouteKind::Direct => None,
        };
        let Some((start_side, end_side)) = sides else {
            continue;
        };
        attachments.push(Attachment {
            vertex: first,
            side: start_side,
            key: cross_of(next),
            edge: edge_idx,
            is_end: false,
        });
        attachments.push(Attachment {
            vertex: last,
            side: end_side,
            key: cross_of(prev),
            edge: edge_idx,
            is_end: true,
        });
    }
    attachments.sort_by(|a, b| {
        (a.vertex, a.side)
            .cmp(&(b.vertex, b.side))
            .then(a.key.total_cmp(&b.key))
            .then((a.edge, a.is_end).cmp(&(b.edge, b.is_end)))
    });
    let mut ports = vec![[None, None]; skeleton.chains.len()];
    for group in attachments.chunk_by(|a, b| (a.vertex, a.side) == (b.vertex, b.side)) {
        let Some(first) = group.first() else { continue };
        let Some(rect) = skeleton.vertices.get(first.vertex).map(|v| v.rect()) else {
            continue;
        };
        for (i, attachment) in group.iter().enumerate() {
            let point = port_point(&rect, attachment.side, i, group.len());
            if let Some(slot) = ports.get_mut(attachment.edge) {
                slot[usize::from(attachment.is_end)] = Some(point);
            }
        }
    }
    ports
}

/// Port `i` of `n` on a side: spread around the side's middle, never near its corners.
fn port_point(rect: &Rect, side: Side, i: usize, n: usize) -> Point {
    let c = rect.centre();
    let along = match side {
        Side::MainMin | Side::MainMax => rect.size()[1],
        Side::CrossMin | Side::CrossMax => rect.size()[0],
    };
    let spacing = (along * 0.8 / n.max(1) as f32).min(PORT_SPACING);
    let offset = (i as f32 - (n as f32 - 1.0) / 2.0) * spacing;
    match side {
        Side::MainMin => [rect.min[0], c[1] + offset],
        Side::MainMax => [rect.max[0], c[1] + offset],
        Side::CrossMin => [c[0] + offset, rect.min[1]],
        Side::CrossMax => [c[0] + offset, rect.max[1]],
    }
}

/// The route of one edge (label not yet placed).
fn route_one(
    skeleton: &Skeleton,
    edge_idx: usize,
    ports: &[[Option<Point>; 2]],
    flat_adjacent: &[Option<(bool, bool)>],
) -> EdgePlace {
    let chain = skeleton.chains.get(edge_idx).map_or(&[][..], Vec::as_slice);
    let kind = skeleton
        .kinds
        .get(edge_idx)
        .copied()
        .unwrap_or(RouteKind::Direct);
    let vertex = |v: usize| skeleton.vertices.get(v);
    let (Some(from), Some(to)) = (
        chain.first().and_then(|&v| vertex(v)),
        chain.last().and_then(|&v| vertex(v)),
    ) else {
        return EdgePlace {
            path: Path {
                start: [0.0, 0.0],
                segments: vec![Segment::Line([0.0, 0.0])],
            },
            end_dir: [1.0, 0.0],
            kind,
            layer: 0,
            label: None,
        };
    };
    let [start_port, end_port] = ports.get(edge_idx).copied().unwrap_or([None, None]);
    let start = start_port.unwrap_or(from.centre);
    let end = end_port.unwrap_or(to.centre);
    let (path, end_dir) = match kind {
        RouteKind::Forward | RouteKind::Backward => {
            let forward = kind == RouteKind::Forward;
            let inner = chain.iter().skip(1).take(chain.len().saturating_sub(2));
            let dummies: Vec<&Vertex> = inner.filter_map(|&v| vertex(v)).collect();
            let path = through_columns(
                skeleton,
                (from.layer, start),
                &dummies,
                (to.layer, end),
                forward,
            );
            (path, [if forward { 1.0 } else { -1.0 }, 0.0])
        }
        RouteKind::Flat => match flat_adjacent.get(edge_idx).copied().flatten() {
            Some((true, source_first)) => {
                let path = Path {
                    start,
                    segments: vec![Segment::Line(end)],
                };
                (path, [0.0, if source_first { 1.0 } else { -1.0 }])
            }
            _ => (arc(skeleton, from.layer, start, end), [-1.0, 0.0]),
        },
        RouteKind::Loop => (self_loop(&from.rect()), [-1.0, 0.0]),
        RouteKind::Direct => {
            let (from_rect, to_rect) = (from.rect(), to.rect());
            let start = from_rect.border_toward(to_rect.centre());
            let end = to_rect.border_toward(from_rect.centre());
            let path = Path {
                start,
                segments: vec![Segment::Line(end)],
            };
            (path, normalize(sub(end, start), [1.0, 0.0]))
        }
    };
    EdgePlace {
        path,
        end_dir,
        kind,
        layer: from.layer.max(to.layer),
        label: None,
    }
}

/// Builds a path piece by piece, leaving out pieces of no length.
struct PathBuilder {
    path: Path,
}

impl PathBuilder {
    fn new(start: Point) -> Self {
        PathBuilder {
            path: Path {
                start,
                segments: Vec::new(),
            },
        }
    }

    fn line_to(&mut self, to: Point) {
        let from = self.path.end();
        if (to[0] - from[0]).abs() > 0.01 || (to[1] - from[1]).abs() > 0.01 {
            self.path.segments.push(Segment::Line(to));
        }
    }

    /// A curve leaving and arriving along the main axis (an S when the cross
    /// coordinates differ): it meets node sides square and joins straight pieces
    /// without a kink.
    fn s_curve_to(&mut self, to: Point) {
        let from = self.path.end();
        let mid = (from[0] + to[0]) / 2.0;
        self.path
            .segments
            .push(Segment::Cubic([mid, from[1]], [mid, to[1]], to));
    }

    fn finish(self) -> Path {
        self.path
    }
}

/// The route of a forward or backward edge. Inside a layer's column it runs straight
/// along the main axis (out of the source to the column's edge, across the column at
/// each dummy, from the column's edge into the target), so it never cuts through a
/// node of that column; it curves only in the gaps between columns.
fn through_columns(
    skeleton: &Skeleton,
    (from_layer, start): (usize, Point),
    dummies: &[&Vertex],
    (to_layer, end): (usize, Point),
    forward: bool,
) -> Path {
    let columns = &skeleton.columns;
    // Where a route enters and leaves a layer's column, in the direction of travel.
    let entry = |layer: usize| {
        if forward {
            columns.start(layer)
        } else {
            columns.end(layer)
        }
    };
    let exit = |layer: usize| {
        if forward {
            columns.end(layer)
        } else {
            columns.start(layer)
        }
    };
    let mut builder = PathBuilder::new(start);
    builder.line_to([exit(from_layer), start[1]]);
    for dummy in dummies {
        builder.s_curve_to([entry(dummy.layer), dummy.centre[1]]);
        builder.line_to([exit(dummy.layer), dummy.centre[1]]);
    }
    builder.s_curve_to([entry(to_layer), end[1]]);
    builder.line_to(end);
    builder.finish()
}

/// An arc between two nodes of one layer: straight out to the column's edge, then
/// bulging into the gap after it with its apex in the middle of the gap, then straight
/// back in.
fn arc(skeleton: &Skeleton, layer: usize, start: Point, end: Point) -> Path {
    let edge = skeleton.columns.end(layer);
    let apex = skeleton.columns.gap_centre(layer);
    // At t = 1/2 a cubic is at (p0 + 3·c1 + 3·c2 + p3) / 8; both ends sit at `edge` and
    // both controls share `reach`.
    let reach = (apex - 0.25 * edge) / 0.75;
    let mut builder = PathBuilder::new(start);
    builder.line_to([edge, start[1]]);
    builder.path.segments.push(Segment::Cubic(
        [reach, start[1]],
        [reach, end[1]],
        [edge, end[1]],
    ));
    builder.line_to(end);
    builder.finish()
}

/// A loop from a node's cross-min side round its corner back into its main-max side.
fn self_loop(rect: &Rect) -> Path {
    let c = rect.centre();
    let [ext_main, ext_cross] = rect.size();
    let start = [c[0] + ext_main / 4.0, rect.min[1]];
    let end = [rect.max[0], c[1] - ext_cross / 4.0];
    Path {
        start,
        segments: vec![Segment::Cubic(
            [start[0], start[1] - LOOP_REACH],
            [end[0] + LOOP_REACH, end[1]],
            end,
        )],
    }
}

/// Labels that share a stretch of the cross axis and must not overlap there.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum LabelGroup {
    /// In the gap after a layer.
    Gap(usize),
    /// Between two neighbours of one layer (the two vertices, smaller first), on the
    /// straight flat edges joining them.
    Between(usize, usize),
}

/// A label waiting for its place: the group it goes in (none for the straight edges
/// of curated nodes), its main coordinate and the cross coordinate it would like.
struct LabelWish {
    edge: usize,
    group: Option<LabelGroup>,
    main: f32,
    cross: f32,
    ext: [f32; 2],
}

/// Places every label: in its gap, at the main coordinate of the gap's middle, as near
/// its edge as it can be without overlapping the gap's other labels.
fn place_labels(
    skeleton: &Skeleton,
    routes: &mut [EdgePlace],
    label_blocks: &[Option<Block>],
    flat_adjacent: &[Option<(bool, bool)>],
    orientation: Orientation,
    options: &LayoutOptions,
) {
    let mut wishes: Vec<LabelWish> = Vec::new();
    for (edge_idx, route) in routes.iter().enumerate() {
        let Some(block) = label_blocks.get(edge_idx).and_then(Option::as_ref) else {
            continue;
        };
        let ext = orientation.swap(block.size);
        let chain = skeleton.chains.get(edge_idx).map_or(&[][..], Vec::as_slice);
        let layer_of = |v: Option<&usize>| {
            v.and_then(|&v| skeleton.vertices.get(v))
                .map_or(0, |vx| vx.layer)
        };
        let (a, b) = (layer_of(chain.first()), layer_of(chain.last()));
        let polyline = route.path.flatten();
        let wish = match route.kind {
            RouteKind::Forward | RouteKind::Backward => {
                let gap = label_gap(a, b);
                let main = skeleton.columns.gap_centre(gap);
                LabelWish {
                    edge: edge_idx,
                    group: Some(LabelGroup::Gap(gap)),
                    main,
                    cross: cross_at(&polyline, main),
                    ext,
                }
            }
            RouteKind::Flat
                if flat_adjacent
                    .get(edge_idx)
                    .copied()
                    .flatten()
                    .is_some_and(|(adjacent, _)| adjacent) =>
            {
                let mid = polyline_midpoint(&polyline);
                let (first, last) = (chain.first().copied(), chain.last().copied());
                let pair = (first.min(last).unwrap_or(0), first.max(last).unwrap_or(0));
                // On the column's centre line, whatever the port: the column is deep
                // enough for the label there (see `main_axis`).
                let main = skeleton.columns.centre.get(a).copied().unwrap_or(mid[0]);
                LabelWish {
                    edge: edge_idx,
                    group: Some(LabelGroup::Between(pair.0, pair.1)),
                    main,
                    cross: mid[1],
                    ext,
                }
            }
            RouteKind::Flat | RouteKind::Loop => {
                let apex = first_cubic_midpoint(&route.path)
                    .unwrap_or_else(|| polyline_midpoint(&polyline));
                LabelWish {
                    edge: edge_idx,
                    group: Some(LabelGroup::Gap(a)),
                    main: skeleton.columns.gap_centre(a).max(apex[0]),
                    cross: apex[1],
                    ext,
                }
            }
            RouteKind::Direct => {
                let mid = polyline_midpoint(&polyline);
                LabelWish {
                    edge: edge_idx,
                    group: None,
                    main: mid[0],
                    cross: mid[1],
                    ext,
                }
            }
        };
        wishes.push(wish);
    }
    resolve_label_overlaps(&mut wishes, options);
    for wish in wishes {
        if let Some(route) = routes.get_mut(wish.edge) {
            route.label = Some(LabelPlace {
                rect: Rect::from_centre([wish.main, wish.cross], wish.ext),
                rows: Vec::new(),
            });
        }
    }
}

/// Spreads the labels of each group along the cross axis, in the order their edges
/// pass, so no two overlap; each stays as close to its edge as that allows.
fn resolve_label_overlaps(wishes: &mut [LabelWish], options: &LayoutOptions) {
    let mut by_gap: BTreeMap<LabelGroup, Vec<usize>> = BTreeMap::new();
    for (i, wish) in wishes.iter().enumerate() {
        if let Some(group) = wish.group {
            by_gap.entry(group).or_default().push(i);
        }
    }
    for (group, members) in &mut by_gap {
        members.sort_by(|&a, &b| {
            let (wa, wb) = (&wishes[a], &wishes[b]);
            wa.cross.total_cmp(&wb.cross).then(wa.edge.cmp(&wb.edge))
        });
        let desired: Vec<f32> = members.iter().map(|&i| wishes[i].cross).collect();
        let weights = vec![1.0; members.len()];
        let mut separation = vec![0.0];
        for pair in members.windows(2) {
            if let [a, b] = pair {
                let half = (wishes[*a].ext[1] + wishes[*b].ext[1]) / 2.0;
                separation.push(half + options.label_padding[1] * 2.0);
            }
        }
        let placed = match group {
            LabelGroup::Gap(_) => isotonic_place(&desired, &weights, &separation),
            // Between two nodes the room is reserved for the whole stack: centre the
            // stack's extent (not the mean of its labels) on the edges' midpoint.
            LabelGroup::Between(..) => {
                let total: f32 = separation.iter().sum();
                let first_half = members.first().map_or(0.0, |&i| wishes[i].ext[1] / 2.0);
                let last_half = members.last().map_or(0.0, |&i| wishes[i].ext[1] / 2.0);
                let mid = desired.iter().sum::<f32>() / desired.len().max(1) as f32;
                let mut at = mid - (first_half + total + last_half) / 2.0 + first_half;
                separation
                    .iter()
                    .map(|sep| {
                        at += sep;
                        at
                    })
                    .collect()
            }
        };
        for (&i, cross) in members.iter().zip(placed) {
            wishes[i].cross = cross;
        }
    }
}

/// The middle of the first curve of `path`: the apex of an arc or a loop.
fn first_cubic_midpoint(path: &Path) -> Option<Point> {
    let mut from = path.start;
    for segment in &path.segments {
        if let Segment::Cubic(c1, c2, end) = *segment {
            return Some(cubic_at(from, c1, c2, end, 0.5));
        }
        from = segment.end();
    }
    None
}

/// The cross coordinate where a polyline passes the main coordinate `main` (the
/// midpoint's when it never does).
fn cross_at(polyline: &[Point], main: f32) -> f32 {
    for pair in polyline.windows(2) {
        let [a, b] = pair else { continue };
        let (da, db) = (a[0] - main, b[0] - main);
        if da * db <= 0.0 && a[0] != b[0] {
            let t = da / (da - db);
            return a[1] + (b[1] - a[1]) * t;
        }
    }
    polyline_midpoint(polyline)[1]
}
