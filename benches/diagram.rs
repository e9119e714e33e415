//! Layout and drawing time of diagrams on the shipped evidence: the largest figure panel
//! and the claim-set graph of IBD (the largest entity graph), each from a built graph to
//! a finished `Drawing`, and that drawing written as SVG.
//!
//! `cargo bench --bench diagram`

// Benchmarks may panic on broken fixtures: that is how they fail.
// criterion_group! generates an undocumented public function.
#![allow(missing_docs)]
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use paracrine::diagram::{self, ApproxMeasure, Graph, LayoutOptions};
use paracrine::lang::Lang;
use paracrine::model;

fn bench_diagram(c: &mut Criterion) {
    let loaded = model::load_bytes(Path::new("evidence.ron"), paracrine::app::EMBEDDED_EVIDENCE);
    let (doc, index) = (&loaded.doc, &loaded.index);
    let lang = Lang::Both;
    // The largest panel by nodes plus edges.
    let (figure_idx, panel_idx) = doc
        .figures
        .iter()
        .enumerate()
        .flat_map(|(f, figure)| {
            figure
                .panels
                .iter()
                .enumerate()
                .map(move |(p, panel)| ((f, p), panel.nodes.len() + panel.edges.len()))
        })
        .max_by_key(|&(_, size)| size)
        .map(|(at, _)| at)
        .expect("the shipped evidence has figures");
    let panel = Graph::from_panel(doc, index, figure_idx, panel_idx, lang).expect("panel");
    let ibd = index.item("ibd").expect("ibd");
    let claims = Graph::from_claims(doc, index, index.claims_of(ibd), lang);
    let options = LayoutOptions::default();
    for (name, graph) in [("largest_panel", &panel), ("claims_of_ibd", &claims)] {
        eprintln!(
            "{name}: {} nodes, {} edges",
            graph.nodes.len(),
            graph.edges.len()
        );
        let mut group = c.benchmark_group(format!("diagram_{name}"));
        group.bench_function("layout_and_drawing", |b| {
            b.iter(|| diagram::draw(black_box(graph), &ApproxMeasure, &options, lang))
        });
        let drawing = diagram::draw(graph, &ApproxMeasure, &options, lang);
        group.bench_function("svg", |b| {
            b.iter(|| paracrine::export::to_svg(black_box(&drawing)))
        });
        group.finish();
    }
    c.bench_function("graph_claims_of_ibd", |b| {
        b.iter(|| Graph::from_claims(doc, index, black_box(index.claims_of(ibd)), lang))
    });
}

criterion_group!(benches, bench_diagram);
criterion_main!(benches);
