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
use paracrine::diagram::{
    self, ApproxMeasure, Flow, FontMeasure, Graph, GraphEdge, GraphNode, LayoutOptions, Role,
};
use paracrine::export::{self, Format, SourceInfo, Subject};
use paracrine::lang::Lang;
use paracrine::model::filter::Filters;
use paracrine::model::{self, Kind, Level, Relation};

/// A deterministic xorshift generator: the same seed, the same graph.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// `n_nodes` nodes spread over the mechanism roles and about 1.5 edges per node, mostly
/// left to right, some backwards (cycles to break) and some skipping columns (dummies).
fn synthetic_graph(n_nodes: usize, seed: u64) -> Graph {
    const KINDS: [Kind; 8] = [
        Kind::Source,
        Kind::Vehicle,
        Kind::Cargo,
        Kind::Target,
        Kind::Pathway,
        Kind::CellType,
        Kind::Effect,
        Kind::Disease,
    ];
    const WORDS: [&str; 12] = [
        "巨噬细胞",
        "M2 polarization",
        "IL-10",
        "NF-κB",
        "exosome",
        "TSG-6",
        "炎症",
        "regulatory T cell",
        "miR-146a-5p",
        "纤维化",
        "colitis",
        "PD-L1",
    ];
    const RELATIONS: [Relation; 6] = [
        Relation::Activates,
        Relation::Inhibits,
        Relation::Upregulates,
        Relation::Induces,
        Relation::Delivers,
        Relation::Alleviates,
    ];
    let mut rng = Rng(seed.max(1));
    let nodes: Vec<GraphNode> = (0..n_nodes)
        .map(|i| {
            let kind = KINDS[rng.below(KINDS.len())];
            let n_words = 1 + rng.below(3);
            let label: Vec<&str> = (0..n_words)
                .map(|_| WORDS[rng.below(WORDS.len())])
                .collect();
            GraphNode {
                key: format!("n{i}"),
                entity: Some(format!("n{i}")),
                kind: Some(kind),
                label: label.join(" "),
                role: Role::of(Some(kind)),
                pos: None,
                focus: false,
                from_text: false,
                group: None,
            }
        })
        .collect();
    let column = |i: usize| nodes[i].role.column().unwrap_or(0);
    let mut edges: Vec<GraphEdge> = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    while edges.len() < n_nodes * 3 / 2 {
        let (mut from, mut to) = (rng.below(n_nodes), rng.below(n_nodes));
        // Four in five edges read left to right.
        if column(from) > column(to) && rng.below(5) != 0 {
            std::mem::swap(&mut from, &mut to);
        }
        if from == to || !seen.insert((from, to)) {
            continue;
        }
        let rel = RELATIONS[rng.below(RELATIONS.len())];
        let labelled = rng.below(3) == 0;
        edges.push(GraphEdge {
            from,
            to,
            rel,
            label: String::new(),
            claims: vec![format!("c{}", edges.len())],
            best_level: Some(Level::Animal),
            disagree: false,
            caption: if labelled {
                "诱导 · induces".to_owned()
            } else {
                String::new()
            },
        });
    }
    Graph {
        nodes,
        edges,
        flow: Flow::Mechanism,
    }
}

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
    let synthetic = synthetic_graph(300, 7);
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
