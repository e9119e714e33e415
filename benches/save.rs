//! Save benchmark: serialize + atomic save (temporary file, fsync, backup, rename, folder
//! fsync) of the shipped evidence and of a synthetic 50,000-claim document, to a
//! temporary folder.
//!
//! `cargo bench --bench save -- --warm-up-time 1 --measurement-time 3`

// Benchmarks may panic on broken fixtures: that is how they fail.
// criterion_group! generates an undocumented public function.
#![allow(missing_docs)]
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use paracrine::model::{self, io, synth};

fn bench_save(c: &mut Criterion) {
    let dir = std::env::temp_dir().join(format!("paracrine-bench-save-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let shipped =
        model::load_bytes(Path::new("evidence.ron"), paracrine::app::EMBEDDED_EVIDENCE).doc;
    let synthetic = synth::synthetic(50_000, 42);

    let mut group = c.benchmark_group("save_shipped");
    group.bench_function("serialize", |b| {
        b.iter(|| io::to_ron_string(black_box(&shipped)))
    });
    group.bench_function("serialize+save", |b| {
        b.iter(|| io::save_atomic(&dir.join("shipped.ron"), black_box(&shipped)).expect("save"))
    });
    group.finish();

    let mut group = c.benchmark_group("save_synthetic_50k");
    group.sample_size(10);
    group.bench_function("serialize", |b| {
        b.iter(|| io::to_ron_string(black_box(&synthetic)))
    });
    group.bench_function("serialize+save", |b| {
        b.iter(|| io::save_atomic(&dir.join("synthetic.ron"), black_box(&synthetic)).expect("save"))
    });
    group.finish();
    std::fs::remove_dir_all(&dir).ok();
}

/// Undo and redo of one edit through the app state (apply, revision, index rebuild,
/// revalidation, derived data), on the shipped file and on 50,000 claims.
fn bench_undo(c: &mut Criterion) {
    use paracrine::app::{AppState, Command};
    use paracrine::model::{Item, Level, Record, edit};
    let mut group = c.benchmark_group("undo_redo_one_edit");
    group.sample_size(10);
    for (name, doc) in [
        (
            "shipped",
            model::load_bytes(Path::new("evidence.ron"), paracrine::app::EMBEDDED_EVIDENCE).doc,
        ),
        ("synthetic_50k", synth::synthetic(50_000, 42)),
    ] {
        let bytes = io::to_ron_string(&doc).expect("ron");
        let loaded = model::load_bytes(Path::new("bench.ron"), bytes.as_bytes());
        let mut state = AppState::from_loaded(Path::new("bench.ron"), loaded);
        let before = state.doc().record(Item::Claim(0)).expect("a claim");
        let mut after = before.clone();
        if let Record::Claim(claim) = &mut after {
            claim.level = if claim.level == Level::HumanCase {
                Level::Animal
            } else {
                Level::HumanCase
            };
        }
        state.apply(Command::Edit {
            txn: edit::set("change level", Item::Claim(0), before, after),
            burst: None,
        });
        group.bench_function(name, |b| {
            b.iter(|| {
                state.apply(Command::Undo);
                state.apply(Command::Redo);
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench_save, bench_undo);
criterion_main!(benches);
