//! The diagram pipeline on the shipped evidence: every figure panel and a few claim-set
//! graphs are laid out, drawn and written as SVG, and checked for what a reader would
//! notice first: overlapping boxes, arrows that stop short of (or run into) their
//! nodes, flow charts on their side, output that changes between runs, broken markup.

// Tests may panic on broken fixtures: that is how they fail.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::path::Path;

use paracrine::diagram::layout::{Layout, RouteKind};
use paracrine::diagram::{
    ApproxMeasure, Drawing, Flow, Graph, LayoutOptions, Orientation, Shape, layout,
};
use paracrine::export::svg::{escape, to_svg};
use paracrine::lang::Lang;
use paracrine::model::{self, Loaded, Relation};

fn shipped() -> Loaded {
    model::load_bytes(Path::new("evidence.ron"), paracrine::app::EMBEDDED_EVIDENCE)
}

/// Every (figure, panel) index pair of the document with its name for messages.
fn panels(loaded: &Loaded) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    for (figure_idx, figure) in loaded.doc.figures.iter().enumerate() {
        for (panel_idx, panel) in figure.panels.iter().enumerate() {
            out.push((
                figure_idx,
                panel_idx,
                format!("{} {}", figure.id, panel.label),
            ));
        }
    }
    out
}

/// The claim-set graph of the entity `id`.
fn claims_graph(loaded: &Loaded, id: &str, lang: Lang) -> Graph {
    let item = loaded
        .index
        .item(id)
        .unwrap_or_else(|| panic!("{id} is in the evidence"));
    let claims = loaded.index.claims_of(item);
    assert!(!claims.is_empty(), "{id} has claims");
    Graph::from_claims(&loaded.doc, &loaded.index, claims, lang)
}

/// Every graph the tests look at, named.
fn all_graphs(loaded: &Loaded, lang: Lang) -> Vec<(String, Graph)> {
    let mut graphs: Vec<(String, Graph)> = panels(loaded)
        .into_iter()
        .map(|(figure_idx, panel_idx, name)| {
            let graph = Graph::from_panel(&loaded.doc, &loaded.index, figure_idx, panel_idx, lang)
                .expect("panel exists");
            (name, graph)
        })
        .collect();
    for id in ["ibd", "mir-146a-5p", "sle"] {
        graphs.push((format!("claims of {id}"), claims_graph(loaded, id, lang)));
    }
    graphs
}

fn lay_out(graph: &Graph) -> Layout {
    layout(graph, &ApproxMeasure, &LayoutOptions::default())
}

#[test]
fn the_shipped_figures_have_panels_and_edges_to_check() {
    let loaded = shipped();
    let graphs = all_graphs(&loaded, Lang::Zh);
    assert!(graphs.len() >= 15, "{} graphs", graphs.len());
    let n_edges: usize = graphs.iter().map(|(_, g)| g.edges.len()).sum();
    assert!(n_edges > 250, "{n_edges} edges");
    let (_, ibd) = graphs
        .iter()
        .find(|(name, _)| name == "claims of ibd")
        .unwrap();
    assert!(
        ibd.edges.iter().any(|e| e.n_claims() > 1),
        "some ibd steps are merged"
    );
}

#[test]
fn no_two_node_boxes_overlap() {
    let loaded = shipped();
    for lang in [Lang::Zh, Lang::En, Lang::Both] {
        for (name, graph) in all_graphs(&loaded, lang) {
            let laid = lay_out(&graph);
            for (i, a) in laid.nodes.iter().enumerate() {
                for (j, b) in laid.nodes.iter().enumerate().skip(i + 1) {
                    assert!(
                        !a.rect.overlaps(&b.rect),
                        "{name} ({lang:?}): nodes {} and {} overlap: {:?} {:?}",
                        graph.nodes[i].key,
                        graph.nodes[j].key,
                        a.rect,
                        b.rect
                    );
                }
            }
        }
    }
}

#[test]
fn edge_labels_overlap_neither_nodes_nor_each_other() {
    let loaded = shipped();
    for (name, graph) in all_graphs(&loaded, Lang::Both) {
        let laid = lay_out(&graph);
        let labels: Vec<_> = laid
            .edges
            .iter()
            .enumerate()
            .filter_map(|(i, e)| e.label.as_ref().map(|l| (i, l.rect)))
            .collect();
        assert_eq!(
            labels.len(),
            graph.edges.iter().filter(|e| !e.caption.is_empty()).count(),
            "{name}: every caption is placed"
        );
        for &(edge_idx, rect) in &labels {
            for (node_idx, node) in laid.nodes.iter().enumerate() {
                assert!(
                    !rect.overlaps(&node.rect),
                    "{name}: label of edge {edge_idx} ({}) overlaps node {}",
                    graph.edges[edge_idx].caption,
                    graph.nodes[node_idx].key
                );
            }
        }
        for (i, &(a_idx, a)) in labels.iter().enumerate() {
            for &(b_idx, b) in &labels[i + 1..] {
                assert!(
                    !a.overlaps(&b),
                    "{name}: labels of edges {a_idx} and {b_idx} overlap"
                );
            }
        }
    }
}

#[test]
fn every_edge_starts_and_ends_on_its_nodes_borders() {
    let loaded = shipped();
    for (name, graph) in all_graphs(&loaded, Lang::Zh) {
        let laid = lay_out(&graph);
        let drawing = Drawing::new(&graph, &laid, Lang::Zh);
        assert_eq!(
            laid.edges.len(),
            graph.edges.len(),
            "{name}: every edge drawn"
        );
        for (edge_idx, (edge, place)) in graph.edges.iter().zip(&laid.edges).enumerate() {
            let from = laid.nodes[edge.from].rect;
            let to = laid.nodes[edge.to].rect;
            let (start, end) = (place.path.start, place.path.end());
            let what = format!(
                "{name}: edge {edge_idx} {} → {} ({:?})",
                graph.nodes[edge.from].key, graph.nodes[edge.to].key, place.kind
            );
            assert!(
                from.border_distance(start) <= 0.5,
                "{what} starts at {start:?}, off {from:?}"
            );
            assert!(
                to.border_distance(end) <= 0.5,
                "{what} ends at {end:?}, off {to:?}"
            );
            // The hit region follows the same route.
            let polyline = &drawing.edges[edge_idx].polyline;
            assert_eq!(polyline.first(), Some(&start), "{what}");
            assert_eq!(polyline.last(), Some(&end), "{what}");
            // A route never passes through a box other than its own two.
            for (node_idx, node) in laid.nodes.iter().enumerate() {
                if node_idx == edge.from || node_idx == edge.to || place.kind == RouteKind::Direct {
                    continue;
                }
                let inner = paracrine::diagram::geom::Rect {
                    min: [node.rect.min[0] + 1.0, node.rect.min[1] + 1.0],
                    max: [node.rect.max[0] - 1.0, node.rect.max[1] - 1.0],
                };
                assert!(
                    polyline.iter().all(|&p| !inner.contains(p, 0.0)),
                    "{what} runs through node {}",
                    graph.nodes[node_idx].key
                );
            }
        }
    }
}

#[test]
fn layout_drawing_and_svg_are_deterministic() {
    let loaded = shipped();
    for (name, graph) in all_graphs(&loaded, Lang::Both) {
        let first = lay_out(&graph);
        let second = lay_out(&graph);
        assert_eq!(format!("{first:?}"), format!("{second:?}"), "{name}");
        let svg = to_svg(&Drawing::new(&graph, &first, Lang::Both));
        let again = to_svg(&Drawing::new(&graph, &second, Lang::Both));
        assert_eq!(svg, again, "{name}");
    }
    // Rebuilding the graph from the document gives the same bytes too.
    let a = to_svg(&paracrine::diagram::draw(
        &claims_graph(&loaded, "ibd", Lang::Zh),
        &ApproxMeasure,
        &LayoutOptions::default(),
        Lang::Zh,
    ));
    let b = to_svg(&paracrine::diagram::draw(
        &claims_graph(&shipped(), "ibd", Lang::Zh),
        &ApproxMeasure,
        &LayoutOptions::default(),
        Lang::Zh,
    ));
    assert_eq!(a, b);
}

#[test]
fn flow_charts_run_top_down_and_mechanisms_left_to_right() {
    let loaded = shipped();
    let mut n_flow = 0;
    for (figure_idx, panel_idx, name) in panels(&loaded) {
        let panel = &loaded.doc.figures[figure_idx].panels[panel_idx];
        let only_then =
            !panel.edges.is_empty() && panel.edges.iter().all(|e| e.rel == Relation::Then);
        let figure_id = loaded.doc.figures[figure_idx].id.as_str();
        let graph =
            Graph::from_panel(&loaded.doc, &loaded.index, figure_idx, panel_idx, Lang::En).unwrap();
        let laid = lay_out(&graph);
        // Seed 003's search strategy (Fig. 1) and screening flow (Fig. 2) are flow charts.
        if only_then || figure_id == "f003-1" || figure_id == "f003-2" {
            n_flow += 1;
            assert_eq!(graph.flow, Flow::FlowChart, "{name}");
            assert_eq!(laid.orientation, Orientation::TopToBottom, "{name}");
            for (edge, place) in graph.edges.iter().zip(&laid.edges) {
                if edge.rel == Relation::Then {
                    let (start, end) = (place.path.start, place.path.end());
                    assert!(end[1] > start[1], "{name}: a Then edge points down");
                    let [from, to] = [edge.from, edge.to].map(|n| laid.nodes[n].rect);
                    assert!(from.max[1] <= to.min[1], "{name}: later steps sit lower");
                }
            }
        } else {
            assert_eq!(laid.orientation, Orientation::LeftToRight, "{name}");
        }
    }
    assert!(n_flow >= 2, "found {n_flow} flow charts");
}

/// A hand check that `svg` is well-formed enough: tags balance, attribute values are
/// quoted, and `&` only starts an entity.
fn check_well_formed(svg: &str) -> Result<(), String> {
    let mut open: Vec<&str> = Vec::new();
    let mut rest = svg;
    while let Some(lt) = rest.find('<') {
        check_text(&rest[..lt])?;
        let gt = rest[lt..].find('>').ok_or("unclosed tag")? + lt;
        let tag = &rest[lt + 1..gt];
        if tag.contains('<') {
            return Err(format!("'<' inside tag {tag:?}"));
        }
        if let Some(name) = tag.strip_prefix('/') {
            let top = open
                .pop()
                .ok_or_else(|| format!("close {name} with nothing open"))?;
            if top != name {
                return Err(format!("close {name} but {top} is open"));
            }
        } else {
            let self_closing = tag.ends_with('/');
            let body = tag.trim_end_matches('/');
            let name = body.split_whitespace().next().ok_or("empty tag")?;
            check_attributes(body[name.len()..].trim())?;
            if !self_closing {
                open.push(name);
            }
        }
        rest = &rest[gt + 1..];
    }
    check_text(rest)?;
    if open.is_empty() {
        Ok(())
    } else {
        Err(format!("unclosed: {open:?}"))
    }
}

fn check_text(text: &str) -> Result<(), String> {
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        let after = &rest[amp + 1..];
        let entity = ["amp;", "lt;", "gt;", "quot;"]
            .iter()
            .find(|e| after.starts_with(*e));
        if entity.is_none() {
            return Err(format!("bare & in {text:?}"));
        }
        rest = after;
    }
    if text.contains('>') {
        return Err(format!("bare > in {text:?}"));
    }
    Ok(())
}

/// `name="value"` pairs separated by spaces, values free of `"` and `<`.
fn check_attributes(mut attributes: &str) -> Result<(), String> {
    while !attributes.is_empty() {
        let eq = attributes
            .find("=\"")
            .ok_or_else(|| format!("bad attribute in {attributes:?}"))?;
        let name = &attributes[..eq];
        if name.is_empty() || name.contains(char::is_whitespace) {
            return Err(format!("bad attribute name {name:?}"));
        }
        let value_start = eq + 2;
        let close = attributes[value_start..]
            .find('"')
            .ok_or("unterminated value")?
            + value_start;
        check_text(&attributes[value_start..close])?;
        attributes = attributes[close + 1..].trim_start();
    }
    Ok(())
}

#[test]
fn the_hand_check_catches_broken_markup() {
    assert!(check_well_formed("<svg a=\"1\"><g><rect/></g></svg>").is_ok());
    for bad in [
        "<svg><g></svg>",
        "<svg>a & b</svg>",
        "<svg a=1></svg>",
        "<svg a=\"1></svg>",
        "<svg></g>",
        "<svg>",
    ] {
        assert!(check_well_formed(bad).is_err(), "{bad}");
    }
}

#[test]
fn svg_is_well_formed_and_shows_every_label() {
    let loaded = shipped();
    for lang in [Lang::Zh, Lang::En] {
        for (name, graph) in all_graphs(&loaded, lang) {
            let laid = lay_out(&graph);
            let drawing = Drawing::new(&graph, &laid, lang);
            let svg = to_svg(&drawing);
            check_well_formed(&svg).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(
                svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""),
                "{name}"
            );
            assert!(
                svg.contains("font-family=\"Noto Sans CJK SC, sans-serif\""),
                "{name}"
            );
            for (node, place) in graph.nodes.iter().zip(&laid.nodes) {
                // The rows, joined, are the label (wrapping only drops spaces at breaks).
                let joined: String = place.rows.iter().map(|r| r.text.as_str()).collect();
                let squash = |s: &str| s.split_whitespace().collect::<String>();
                assert_eq!(squash(&joined), squash(&node.label), "{name}: {}", node.key);
                for row in &place.rows {
                    let element = format!(">{}</text>", escape(&row.text));
                    assert!(svg.contains(&element), "{name}: row {:?} missing", row.text);
                }
            }
            let n_text = drawing
                .primitives
                .iter()
                .filter(|p| matches!(p.shape, Shape::Text { .. }))
                .count();
            assert_eq!(
                svg.matches("<text ").count(),
                n_text,
                "{name}: one <text> per row"
            );
        }
    }
}

#[test]
fn every_edge_has_a_hit_region_and_a_reveal_layer() {
    let loaded = shipped();
    for (name, graph) in all_graphs(&loaded, Lang::En) {
        let laid = lay_out(&graph);
        let drawing = Drawing::new(&graph, &laid, Lang::En);
        assert_eq!(drawing.layers(), laid.n_layers, "{name}");
        for (edge_idx, (edge, hit)) in graph.edges.iter().zip(&drawing.edges).enumerate() {
            let hit_layer = laid.nodes[edge.from].layer.max(laid.nodes[edge.to].layer);
            assert_eq!(hit.layer, hit_layer, "{name}: edge {edge_idx}");
            assert!(!hit.name.is_empty());
            // Clicking the middle of an edge picks it (or a box or label drawn over it).
            let picked = drawing.hit_test(hit.midpoint, 0.5);
            assert!(
                picked.is_some(),
                "{name}: edge {edge_idx} midpoint hits nothing"
            );
        }
        for (node_idx, node) in drawing.nodes.iter().enumerate() {
            let picked = drawing.hit_test(node.rect.centre(), 0.0);
            assert_eq!(
                picked,
                Some(paracrine::diagram::Hit::Node(node_idx)),
                "{name}"
            );
        }
        // Revealing layer by layer adds primitives until everything shows.
        let last = drawing.layers().saturating_sub(1);
        assert_eq!(
            drawing.primitives_up_to(last).count(),
            drawing.primitives.len(),
            "{name}"
        );
    }
}

#[test]
fn the_diagram_and_export_modules_never_import_egui() {
    fn visit(dir: &Path, offenders: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).expect("read source dir").flatten() {
            let path = entry.path();
            if path.is_dir() {
                visit(&path, offenders);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).expect("read source");
                for (line_no, line) in text.lines().enumerate() {
                    let code = line.trim_start();
                    if !code.starts_with("//") && (code.contains("egui") || code.contains("eframe"))
                    {
                        offenders.push(format!("{}:{}: {line}", path.display(), line_no + 1));
                    }
                }
            }
        }
    }
    let mut offenders = Vec::new();
    for dir in ["src/diagram", "src/export"] {
        assert!(Path::new(dir).is_dir(), "{dir} exists");
        visit(Path::new(dir), &mut offenders);
    }
    assert!(
        offenders.is_empty(),
        "must not use egui:\n{}",
        offenders.join("\n")
    );
}

mod random_graphs {
    //! Any graph, however tangled (cycles, self-loops, parallel edges, free nodes among
    //! role nodes), lays out without panicking, with no overlapping boxes or labels and
    //! every edge ending on its nodes.

    use paracrine::diagram::{Flow, Graph, GraphEdge, GraphNode, LayoutOptions, Role};
    use paracrine::model::Relation;
    use proptest::prelude::*;

    const ROLES: [Role; 9] = [
        Role::Source,
        Role::Vehicle,
        Role::Cargo,
        Role::Target,
        Role::Pathway,
        Role::CellType,
        Role::Effect,
        Role::Disease,
        Role::Free,
    ];
    const RELATIONS: [Relation; 5] = [
        Relation::Activates,
        Relation::Inhibits,
        Relation::PolarizesTo,
        Relation::Associated,
        Relation::Then,
    ];

    fn graph_strategy() -> impl Strategy<Value = Graph> {
        let nodes = proptest::collection::vec((0..ROLES.len(), "[a-z 巨噬细胞]{1,40}"), 1..24);
        (nodes, any::<bool>()).prop_flat_map(|(nodes, flow_chart)| {
            let n = nodes.len();
            let edges = proptest::collection::vec(
                (0..n, 0..n, 0..RELATIONS.len(), "[a-z =0-9]{0,24}"),
                0..40,
            );
            edges.prop_map(move |edges| Graph {
                nodes: nodes
                    .iter()
                    .enumerate()
                    .map(|(i, (role, label))| GraphNode {
                        key: format!("n{i}"),
                        entity: None,
                        kind: None,
                        label: label.clone(),
                        role: ROLES[*role],
                        pos: None,
                        focus: false,
                        from_text: false,
                        group: None,
                    })
                    .collect(),
                edges: edges
                    .into_iter()
                    .map(|(from, to, rel, caption)| GraphEdge {
                        from,
                        to,
                        rel: RELATIONS[rel],
                        label: String::new(),
                        claims: Vec::new(),
                        best_level: None,
                        disagree: false,
                        caption,
                    })
                    .collect(),
                flow: if flow_chart {
                    Flow::FlowChart
                } else {
                    Flow::Mechanism
                },
            })
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

        #[test]
        fn curated_nodes_keep_their_places_and_the_others_avoid_them(
            mut graph in graph_strategy(),
            curated in proptest::collection::vec(any::<bool>(), 24),
        ) {
            // Curated centres 300 apart: wider than any box, so they never overlap.
            for (i, (node, &is_curated)) in graph.nodes.iter_mut().zip(&curated).enumerate() {
                if is_curated {
                    node.pos = Some([150.0 + 300.0 * i as f32, 80.0 + 40.0 * (i % 3) as f32]);
                }
            }
            let laid = paracrine::diagram::layout(&graph, &paracrine::diagram::ApproxMeasure, &LayoutOptions::default());
            // Everything may shift together (to keep labels on the page), nothing alone.
            let offsets: Vec<[f32; 2]> = graph
                .nodes
                .iter()
                .zip(&laid.nodes)
                .filter_map(|(node, place)| {
                    let (pos, centre) = (node.pos?, place.rect.centre());
                    Some([centre[0] - pos[0], centre[1] - pos[1]])
                })
                .collect();
            for offset in &offsets {
                let first = offsets[0];
                prop_assert!((offset[0] - first[0]).abs() < 0.01 && (offset[1] - first[1]).abs() < 0.01);
            }
            for (i, a) in laid.nodes.iter().enumerate() {
                for b in &laid.nodes[i + 1..] {
                    prop_assert!(!a.rect.overlaps(&b.rect), "{:?} overlaps {:?}", a.rect, b.rect);
                }
            }
            for (edge, place) in graph.edges.iter().zip(&laid.edges) {
                let (from, to) = (laid.nodes[edge.from].rect, laid.nodes[edge.to].rect);
                prop_assert!(from.border_distance(place.path.start) <= 0.5, "{:?}", place.kind);
                prop_assert!(to.border_distance(place.path.end()) <= 0.5, "{:?}", place.kind);
            }
        }

        #[test]
        fn any_graph_lays_out_cleanly(graph in graph_strategy()) {
            let laid = paracrine::diagram::layout(&graph, &paracrine::diagram::ApproxMeasure, &LayoutOptions::default());
            prop_assert_eq!(laid.nodes.len(), graph.nodes.len());
            prop_assert_eq!(laid.edges.len(), graph.edges.len());
            for (i, a) in laid.nodes.iter().enumerate() {
                prop_assert!(a.rect.min.iter().chain(&a.rect.max).all(|c| c.is_finite()));
                for b in &laid.nodes[i + 1..] {
                    prop_assert!(!a.rect.overlaps(&b.rect), "{:?} overlaps {:?}", a.rect, b.rect);
                }
            }
            for (edge, place) in graph.edges.iter().zip(&laid.edges) {
                let (from, to) = (laid.nodes[edge.from].rect, laid.nodes[edge.to].rect);
                prop_assert!(from.border_distance(place.path.start) <= 0.5, "{:?}", place.kind);
                prop_assert!(to.border_distance(place.path.end()) <= 0.5, "{:?}", place.kind);
            }
            let labels: Vec<_> = laid.edges.iter().filter_map(|e| e.label.as_ref().map(|l| l.rect)).collect();
            for (i, a) in labels.iter().enumerate() {
                for node in &laid.nodes {
                    prop_assert!(!a.overlaps(&node.rect), "label {:?} on node {:?}", a, node.rect);
                }
                for b in &labels[i + 1..] {
                    prop_assert!(!a.overlaps(b), "labels {:?} and {:?} overlap", a, b);
                }
            }
            let again = paracrine::diagram::layout(&graph, &paracrine::diagram::ApproxMeasure, &LayoutOptions::default());
            prop_assert_eq!(format!("{laid:?}"), format!("{again:?}"));
        }
    }
}

#[test]
fn curated_positions_load_save_and_hold() {
    let fixture = std::fs::read_to_string("tests/fixtures/good_minimal.ron").expect("fixture");
    let curated = fixture.replace(
        r#"(key: "a", entity: "m2")"#,
        r#"(key: "a", entity: "m2", pos: (300.0, 120.0))"#,
    );
    assert_ne!(curated, fixture, "the fixture has node a");
    let loaded = model::load_bytes(Path::new("curated.ron"), curated.as_bytes());
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    let node = &loaded.doc.figures[0].panels[0].nodes[0];
    assert_eq!(node.pos, Some([300.0, 120.0]));
    // Saved and loaded again, the position is kept; nodes without one write nothing.
    let saved = model::io::to_ron_string(&loaded.doc).expect("serializes");
    assert_eq!(saved.matches("pos:").count(), 1, "{saved}");
    let again = model::load_bytes(Path::new("again.ron"), saved.as_bytes());
    assert_eq!(again.doc, loaded.doc);
    // The layout keeps the curated centre and moves the other node clear of it.
    let graph = Graph::from_panel(&loaded.doc, &loaded.index, 0, 0, Lang::En).unwrap();
    let laid = lay_out(&graph);
    assert_eq!(laid.nodes[0].rect.centre(), [300.0, 120.0]);
    assert!(laid.nodes[0].curated && !laid.nodes[1].curated);
    assert!(!laid.nodes[0].rect.overlaps(&laid.nodes[1].rect));
    assert_eq!(laid.edges[0].kind, RouteKind::Direct);
}

/// Whether segments `a0–a1` and `b0–b1` cross properly (touching ends do not count).
fn segments_cross(a0: [f32; 2], a1: [f32; 2], b0: [f32; 2], b1: [f32; 2]) -> bool {
    let orient = |p: [f32; 2], q: [f32; 2], r: [f32; 2]| {
        (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])
    };
    let (d1, d2) = (orient(b0, b1, a0), orient(b0, b1, a1));
    let (d3, d4) = (orient(a0, a1, b0), orient(a0, a1, b1));
    d1 * d2 < 0.0 && d3 * d4 < 0.0
}

/// Edge crossings of a drawing, as a reader counts them: pairs of drawn edges that share
/// no node and whose routes cross (each pair once, however often its routes cross).
fn drawn_crossings(graph: &Graph, drawing: &Drawing) -> usize {
    let mut n = 0;
    for (i, a) in drawing.edges.iter().enumerate() {
        for (j, b) in drawing.edges.iter().enumerate().skip(i + 1) {
            let (ea, eb) = (&graph.edges[i], &graph.edges[j]);
            let shares = [ea.from, ea.to]
                .iter()
                .any(|v| *v == eb.from || *v == eb.to);
            if shares {
                continue;
            }
            let crosses = a.polyline.windows(2).any(|sa| {
                b.polyline
                    .windows(2)
                    .any(|sb| segments_cross(sa[0], sa[1], sb[0], sb[1]))
            });
            n += usize::from(crosses);
        }
    }
    n
}

#[test]
fn crossings_on_the_shipped_figures_stay_at_their_baseline() {
    let loaded = shipped();
    let mut report = String::new();
    for (figure_idx, panel_idx, name) in panels(&loaded) {
        let graph = Graph::from_panel(
            &loaded.doc,
            &loaded.index,
            figure_idx,
            panel_idx,
            Lang::Both,
        )
        .expect("panel exists");
        let drawing = paracrine::diagram::draw(
            &graph,
            paracrine::diagram::FontMeasure::bundled(),
            &LayoutOptions::default(),
            Lang::Both,
        );
        report.push_str(&format!("{name}: {}\n", drawn_crossings(&graph, &drawing)));
    }
    // A layout change that adds crossings shows here; one that removes them updates the
    // baseline (UPDATE_EXPECT=1) on purpose.
    expect_test::expect![[r#"
        f001-1 A: 8
        f001-1 B: 0
        f001-1 C: 0
        f001-2 A: 1
        f001-2 B: 0
        f001-2 C: 0
        f001-2 D: 0
        f001-2 E: 0
        f001-2 F: 0
        f001-3 A: 1
        f001-3 B: 0
        f001-3 C: 0
        f001-3 D: 0
        f001-3 E: 0
        f003-1 : 0
        f003-2 : 0
        f003-3 : 4
    "#]]
    .assert_eq(&report);
}
