//! Load benchmark: read + validate + index of the shipped evidence and of a synthetic
//! 50,000-claim file, against serde_json deserializing the same data; and the adversarial
//! shapes of issue 13 (a deep disease hierarchy, many duplicate ids) at 10,000 and
//! 100,000 records, whose times must grow linearly (100k within 12× of 10k).
//!
//! `open_shipped` / `open_50k`: a first open through the reopen cache (text parsed,
//! validated, indexed, the cache entry encoded; its background write not timed) and a
//! reopen of the unchanged file (a cache hit), each beside serde_json on the same data,
//! with the reopen's parts: reading + hashing the file, reading + decoding the entry,
//! the index with and without search, the search index alone.
//!
//! `cargo bench --bench load`

// Tests and benchmarks may panic on broken fixtures: that is how they fail.
// criterion_group! generates an undocumented public function.
#![allow(missing_docs)]
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::hint::black_box;
use std::path::Path;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use paracrine::model::synth::Shape;
use paracrine::model::{self, Document, io, synth};

fn bench_load(c: &mut Criterion) {
    let shipped = paracrine::app::EMBEDDED_EVIDENCE;
    let shipped_doc = model::load_bytes(Path::new("evidence.ron"), shipped).doc;
    let shipped_json = serde_json::to_string(&shipped_doc).expect("json");

    let synthetic = synth::synthetic(50_000, 42);
    let synthetic_ron = io::to_ron_string(&synthetic).expect("ron");
    let synthetic_json = serde_json::to_string(&synthetic).expect("json");
    let check = model::load_bytes(Path::new("synthetic.ron"), synthetic_ron.as_bytes());
    assert!(
        check.diagnostics.is_empty(),
        "{:?}",
        check.diagnostics.first()
    );
    eprintln!(
        "synthetic: {} claims, {} entities, {:.1} MB RON, {:.1} MB JSON",
        synthetic.claims.len(),
        check.index.n_ids() - synthetic.claims.len(),
        synthetic_ron.len() as f64 / 1e6,
        synthetic_json.len() as f64 / 1e6
    );

    let mut group = c.benchmark_group("shipped");
    group.bench_function("load+validate+index", |b| {
        b.iter(|| model::load_bytes(Path::new("evidence.ron"), black_box(shipped)))
    });
    group.bench_function("serde_json deserialize", |b| {
        b.iter(|| serde_json::from_str::<Document>(black_box(&shipped_json)).expect("json"))
    });
    group.finish();

    let mut group = c.benchmark_group("synthetic_50k");
    group.sample_size(10);
    group.bench_function("load+validate+index", |b| {
        b.iter(|| {
            model::load_bytes(
                Path::new("synthetic.ron"),
                black_box(synthetic_ron.as_bytes()),
            )
        })
    });
    group.bench_function("parse only", |b| {
        b.iter(|| {
            io::parse_bytes(
                Path::new("synthetic.ron"),
                black_box(synthetic_ron.as_bytes()),
                &paracrine::platform::Progress::default(),
            )
        })
    });
    group.bench_function("serde_json deserialize", |b| {
        b.iter(|| serde_json::from_str::<Document>(black_box(&synthetic_json)).expect("json"))
    });
    group.finish();
}

/// Load + validate + index of the adversarial shapes at two sizes: a linear pass takes
/// about ten times as long for ten times the records.
fn bench_shapes(c: &mut Criterion) {
    for (shape, name, problems_per_record) in [
        (Shape::DeepHierarchy, "deep_hierarchy", 0),
        (Shape::DuplicateIds, "duplicate_ids", 1),
    ] {
        let mut group = c.benchmark_group(name);
        group.sample_size(10);
        for n in [10_000, 100_000] {
            let text = shape.text(n, 42).expect("ron");
            let loaded = model::load_bytes(Path::new("shape.ron"), text.as_bytes());
            assert_eq!(loaded.n_problems(), n * problems_per_record, "{name} {n}");
            group.bench_with_input(
                BenchmarkId::new("load+validate+index", n),
                &text,
                |b, text| {
                    b.iter(|| model::load_bytes(Path::new("shape.ron"), black_box(text.as_bytes())))
                },
            );
        }
        group.finish();
    }
}

/// Issue 13, item 5: the same 50,000 claims as one file and as an evidence folder of 200
/// review files and `entities.ron`, both read from disk; and saving the folder back,
/// unedited (every file serialized and compared, none written) and with one claim
/// edited (one file written atomically).
fn bench_folder(c: &mut Criterion) {
    let root = std::env::temp_dir().join(format!("paracrine-bench-folder-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(&root).expect("scratch");
    let doc = synth::synthetic_reviews(50_000, 200, 42);
    let one = root.join("one.ron");
    std::fs::write(&one, io::to_ron_string(&doc).expect("ron")).expect("write");
    let dir = root.join("evidence");
    io::write_split(&dir, &doc).expect("split");
    let files = io::evidence_files(&dir).expect("list");
    let folder = model::load_files(std::slice::from_ref(&dir));
    assert!(
        folder.diagnostics.is_empty(),
        "{:?}",
        folder.diagnostics.first()
    );
    assert_eq!(folder.doc.claims.len(), 50_000);
    eprintln!(
        "folder: {} files, {} claims",
        files.len(),
        folder.doc.claims.len()
    );

    let mut group = c.benchmark_group("folder_50k");
    group.sample_size(10);
    group.bench_function("one file: load+validate+index", |b| {
        b.iter(|| model::load_files(black_box(std::slice::from_ref(&one))))
    });
    group.bench_function("201 files: load+validate+index", |b| {
        b.iter(|| model::load_files(black_box(std::slice::from_ref(&dir))))
    });
    let layout = io::Layout::from_loaded(&folder);
    group.bench_function("save unedited (nothing written)", |b| {
        b.iter(|| {
            let report = io::save_layout(black_box(&folder.doc), &layout).expect("save");
            assert!(report.written.is_empty());
        })
    });
    let mut edited = folder.doc.clone();
    let mut layout = layout;
    let mut n = 0u64;
    group.bench_function("save one edited claim (one file written)", |b| {
        b.iter(|| {
            n += 1;
            edited.claims[1234].note = format!("edit {n}");
            let report = io::save_layout(black_box(&edited), &layout).expect("save");
            assert_eq!(report.written.len(), 1);
            layout = report.layout;
        })
    });
    group.finish();
    let _ = std::fs::remove_dir_all(&root);
}

/// First open and reopen through the cache, from a file on disk.
fn bench_open(c: &mut Criterion) {
    let root = std::env::temp_dir().join(format!("paracrine-bench-open-{}", std::process::id()));
    std::fs::create_dir_all(&root).unwrap();
    let synthetic_ron = io::to_ron_string(&synth::synthetic(50_000, 42)).expect("ron");
    let inputs: [(&str, &[u8]); 2] = [
        ("open_shipped", paracrine::app::EMBEDDED_EVIDENCE),
        ("open_50k", synthetic_ron.as_bytes()),
    ];
    for (name, bytes) in inputs {
        let file = root.join(format!("{name}.ron"));
        std::fs::write(&file, bytes).unwrap();
        let paths = [file.clone()];
        let cache = root.join(format!("{name}-cache"));
        let progress = paracrine::platform::Progress::default();
        let doc = model::load_files(&paths).doc;
        let json = serde_json::to_string(&doc).expect("json");
        let mut group = c.benchmark_group(name);
        group.sample_size(10);
        group.bench_function("first open (cache miss)", |b| {
            b.iter_custom(|iters| {
                let mut total = std::time::Duration::ZERO;
                for _ in 0..iters {
                    let _ = std::fs::remove_dir_all(&cache);
                    let start = std::time::Instant::now();
                    let (loaded, used) = model::load_files_cached(&paths, Some(&cache), &progress);
                    total += start.elapsed();
                    black_box(loaded);
                    let model::CacheUse::Miss {
                        writing: Some(writing),
                        ..
                    } = used
                    else {
                        panic!("a first open writes the cache");
                    };
                    writing.join().unwrap().unwrap();
                }
                total
            })
        });
        group.bench_function("reopen (cache hit)", |b| {
            b.iter(|| {
                let (loaded, used) = model::load_files_cached(&paths, Some(&cache), &progress);
                assert!(matches!(used, model::CacheUse::Hit));
                loaded
            })
        });
        // What the app does: the evidence is shown without the search index, which is
        // built in the background afterwards, and the document it replaces is freed on
        // a thread of its own (so the drop is left out of the time).
        group.bench_function("reopen (cache hit), search later (the app)", |b| {
            b.iter_with_large_drop(|| {
                let search = model::Search::Later;
                let (loaded, used) =
                    model::load_files_cached_with(&paths, Some(&cache), &progress, search);
                assert!(matches!(used, model::CacheUse::Hit));
                loaded
            })
        });
        group.bench_function("first open, search later (the app, no cache)", |b| {
            b.iter_with_large_drop(|| {
                let search = model::Search::Later;
                model::load_files_cached_with(&paths, None, &progress, search).0
            })
        });
        // Without the drop, like the app's figures above it is compared with.
        group.bench_function("serde_json deserialize", |b| {
            b.iter_with_large_drop(|| {
                serde_json::from_str::<Document>(black_box(&json)).expect("json")
            })
        });
        group.bench_function("reopen part: read + xxh64 the file", |b| {
            b.iter(|| {
                let bytes = std::fs::read(&file).unwrap();
                model::hash::xxh64(&bytes, 0)
            })
        });
        let key = io::cache::Key::of(&[bytes]);
        group.bench_function("reopen part: read + decode the entry", |b| {
            b.iter(|| io::cache::read(&cache, key).unwrap())
        });
        group.bench_function("reopen part: index with search", |b| {
            b.iter(|| model::Index::build(black_box(&doc)))
        });
        group.bench_function("reopen part: index without search", |b| {
            b.iter(|| model::Index::build_without_search(black_box(&doc)))
        });
        let claim_lists = model::Index::build_without_search(&doc)
            .claim_lists()
            .to_vec();
        group.bench_function("reopen part: index given the entry's claim lists", |b| {
            b.iter_batched(
                || claim_lists.clone(),
                |lists| model::Index::with_claim_lists(black_box(&doc), lists, false).unwrap(),
                criterion::BatchSize::LargeInput,
            )
        });
        group.bench_function("reopen part: search index alone", |b| {
            b.iter(|| model::search::SearchIndex::build(black_box(&doc)))
        });
        group.finish();
    }
    let _ = std::fs::remove_dir_all(&root);
}

criterion_group!(benches, bench_load, bench_shapes, bench_open);
criterion_group!(folders, bench_folder);
criterion_main!(benches, folders);
