//! Per-query time of the global search (names, table and figure labels, claim text), on
//! the shipped evidence and on a synthetic document of about 50,000 entities and 54,000
//! claims whose text has the curated file's lengths.
//!
//! `cargo bench --bench search`

// Benchmarks may panic on broken fixtures: that is how they fail.
// criterion_group! generates an undocumented public function.
#![allow(missing_docs)]
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use paracrine::model::{self, Index, search, synth};

/// Names, labels, words of claim text (common and absent), Chinese and English.
const QUERIES: &[&str] = &[
    "146a",
    "巨噬",
    "tsg6",
    "ka ro",
    "nf-kb pathway",
    "lupus",
    "placebo",
    "安慰剂",
    "表1",
    "Fig 2",
    "macrophage polarization",
];

fn bench_search(c: &mut Criterion) {
    let shipped = model::load_bytes(Path::new("evidence.ron"), paracrine::app::EMBEDDED_EVIDENCE);
    // 54,000 claims give about 50,000 entities in the synthetic generator's proportions.
    let mut synthetic = synth::synthetic(54_000, 7);
    synth::with_prose(&mut synthetic, 7);
    let build = std::time::Instant::now();
    let synthetic_index = Index::build(&synthetic);
    eprintln!(
        "synthetic: {} entities, {} claims, {} searchable items, index built in {:.0?}",
        synthetic_index.n_ids() - synthetic.claims.len(),
        synthetic.claims.len(),
        synthetic_index.search.len(),
        build.elapsed()
    );

    let mut matcher = search::new_matcher();
    for (name, index) in [
        ("shipped", &shipped.index),
        ("synthetic_50k_entities_54k_claims", &synthetic_index),
    ] {
        let mut group = c.benchmark_group(format!("search_{name}"));
        for query in QUERIES {
            group.bench_function(*query, |b| {
                b.iter(|| {
                    index
                        .search
                        .query_grouped(black_box(query), |_| 10, &mut matcher)
                })
            });
        }
        group.finish();
    }
}

criterion_group!(benches, bench_search);
criterion_main!(benches);
