//! Layout and drawing time of diagrams on the shipped evidence: the largest figure panel
//! and the claim-set graph of IBD (the largest entity graph), each from a built graph to
//! a finished `Drawing` (with the font-free estimate and with the bundled font's widths),
//! and that drawing written as SVG; a seeded synthetic graph of 300 nodes and ~450 edges;
//! building the font measure; the IBD diagram exported as PNG at 2×.
//!
//! `cargo bench --bench diagram`

// Benchmarks may panic on broken fixtures: that is how they fail.
// criterion_group! generates an undocumented public function.
#![allow(missing_docs)]
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use paracrine::diagram::{self, ApproxMeasure, FontMeasure, Graph, LayoutOptions};
use paracrine::export::{self, Format, SourceInfo, Subject};
use paracrine::lang::Lang;
use paracrine::model;
use paracrine::model::filter::Filters;

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
    let synthetic = paracrine::diagram::synth::synthetic_graph(300, 7);
    for (name, graph) in [
        ("largest_panel", &panel),
        ("claims_of_ibd", &claims),
        ("synthetic_300", &synthetic),
    ] {
        eprintln!(
            "{name}: {} nodes, {} edges",
            graph.nodes.len(),
            graph.edges.len()
        );
        let mut group = c.benchmark_group(format!("diagram_{name}"));
        group.bench_function("layout_and_drawing", |b| {
            b.iter(|| diagram::draw(black_box(graph), &ApproxMeasure, &options, lang))
        });
        let font = FontMeasure::bundled();
        group.bench_function("layout_and_drawing_font_measure", |b| {
            b.iter(|| diagram::draw(black_box(graph), font, &options, lang))
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
    c.bench_function("font_measure_build", |b| {
        b.iter(|| FontMeasure::new(black_box(paracrine::font_data::CJK_FONT)))
    });
    let mut group = c.benchmark_group("export_ibd");
    group.sample_size(20);
    let subject = Subject::entity("ibd", Filters::default());
    let source = SourceInfo {
        file_name: "evidence.ron".to_owned(),
        hash: loaded.hash,
    };
    let png = Format::Png { scale: 2 };
    group.bench_function("png_2x", |b| {
        b.iter(|| export::render(doc, index, black_box(&subject), png, lang, &source))
    });
    group.bench_function("svg", |b| {
        b.iter(|| export::render(doc, index, black_box(&subject), Format::Svg, lang, &source))
    });
    group.finish();
}

criterion_group!(benches, bench_diagram);
criterion_main!(benches);
