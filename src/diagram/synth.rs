//! A seeded synthetic graph for benchmarks and scale tests of the layout and the
//! diagram view: nodes over the mechanism roles with mixed Chinese and English labels,
//! about 1.5 edges per node, mostly left to right, some backwards and some skipping
//! columns.

use super::graph::{Flow, Graph, GraphEdge, GraphNode, Role};
use crate::model::{Kind, Level, Relation};

/// A xorshift generator: deterministic across platforms.
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
pub fn synthetic_graph(n_nodes: usize, seed: u64) -> Graph {
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
                entity: Some(format!("n{i}").into()),
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
            claims: vec![format!("c{}", edges.len()).into()],
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
