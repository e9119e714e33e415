//! Per-query time of the global fuzzy search, on the shipped evidence and on a synthetic
//! document with about 50,000 entities.
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

fn bench_search(c: &mut Criterion) {
    let shipped = model::load_bytes(Path::new("evidence.ron"), paracrine::app::EMBEDDED_EVIDENCE);
    // 54,000 claims give about 50,000 entities in the synthetic generator's proportions.
    let synthetic = synth::synthetic(54_000, 7);
    let synthetic_index = Index::build(&synthetic);
    eprintln!("synthetic search entries: {}", synthetic_index.search.len());

    let mut matcher = search::new_matcher();
    for (name, index) in [
        ("shipped", &shipped.index),
        ("synthetic_50k_entities", &synthetic_index),
    ] {
        let mut group = c.benchmark_group(format!("search_{name}"));
        for query in ["146a", "巨噬", "tsg6", "ka ro", "nf-kb pathway"] {
            group.bench_function(query, |b| {
                b.iter(|| index.search.query(black_box(query), 60, &mut matcher))
            });
        }
        group.finish();
    }
}

criterion_group!(benches, bench_search);
criterion_main!(benches);
