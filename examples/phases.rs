//! Times the phases of loading a synthetic 50,000-claim file (a quick look; the
//! benchmark of record is `cargo bench --bench load`).
#![allow(clippy::expect_used, clippy::unwrap_used)]
use std::path::Path;
use std::time::Instant;

use paracrine::model::{self, io, synth};

fn main() {
    let doc = synth::synthetic(50_000, 42);
    let ron = io::to_ron_string(&doc).unwrap();
    let json = serde_json::to_string(&doc).unwrap();
    for _ in 0..3 {
        let t = Instant::now();
        let parsed = io::parse_bytes(Path::new("s.ron"), ron.as_bytes());
        let parse = t.elapsed();
        let t = Instant::now();
        let problems = model::validate::validate(&parsed.doc, &parsed.origins);
        let validate = t.elapsed();
        let t = Instant::now();
        let _index = model::Index::build(&parsed.doc);
        let index = t.elapsed();
        let t = Instant::now();
        let loaded = model::load_bytes(Path::new("s.ron"), ron.as_bytes());
        let total = t.elapsed();
        let t = Instant::now();
        let _: model::Document = serde_json::from_str(&json).unwrap();
        let json_time = t.elapsed();
        eprintln!(
            "parse {parse:?}  validate {validate:?} ({})  index {index:?}  total {total:?} ({})  serde_json {json_time:?}",
            problems.len(),
            loaded.diagnostics.len()
        );
    }
}
