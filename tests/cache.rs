//! The reopen cache: a clean load writes an entry, reopening the same bytes reads it
//! (the same document, origins and hash), and a corrupt, truncated, stale or forged
//! entry is ignored — the text is parsed and the entry rewritten.

// Tests may panic on broken fixtures: that is how they fail.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use paracrine::model::{self, CacheUse, Loaded};
use paracrine::platform::Progress;

/// A fresh folder under the system's temporary folder, with the shipped file in it.
fn setup(name: &str) -> (PathBuf, PathBuf) {
    let root = std::env::temp_dir().join(format!("paracrine-cache-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(&root).unwrap();
    let file = root.join("evidence.ron");
    std::fs::write(&file, paracrine::app::EMBEDDED_EVIDENCE).unwrap();
    (root.join("cache"), file)
}

fn open(file: &Path, cache: &Path) -> (Loaded, CacheUse) {
    model::load_files_cached(&[file.to_path_buf()], Some(cache), &Progress::default())
}

/// Opens once (a miss), waits for the entry to be written and returns its path.
fn first_open(file: &Path, cache: &Path) -> (Loaded, PathBuf) {
    let (loaded, used) = open(file, cache);
    let CacheUse::Miss {
        writing: Some(writing),
        ..
    } = used
    else {
        panic!("a first clean open writes an entry: {used:?}");
    };
    let entry = writing.join().unwrap().unwrap();
    (loaded, entry)
}

fn assert_hit(file: &Path, cache: &Path, text: &Loaded) {
    let (loaded, used) = open(file, cache);
    assert!(matches!(used, CacheUse::Hit), "{used:?}");
    assert_eq!(loaded.doc, text.doc);
    assert_eq!(loaded.hash, text.hash);
    assert_eq!(loaded.origins.by_id, text.origins.by_id);
    assert_eq!(loaded.origins.files, text.origins.files);
    assert!(loaded.diagnostics.is_empty());
    let id = &text.doc.claims[7].id;
    assert_eq!(loaded.index.item(id), text.index.item(id));
    // The claims per item were read from the entry, not found again: the same.
    assert!(loaded.index.same_links(&text.index));
}

fn assert_miss(file: &Path, cache: &Path, wanted: &str) {
    let (loaded, used) = open(file, cache);
    let CacheUse::Miss { why, writing } = used else {
        panic!("a bad entry must not be used: {used:?}");
    };
    assert!(why.contains(wanted), "{why}");
    assert!(loaded.diagnostics.is_empty());
    // Rebuilt from the text.
    writing.unwrap().join().unwrap().unwrap();
}

#[test]
fn reopening_reads_the_entry_and_gives_the_same_load() {
    let (cache, file) = setup("hit");
    let (text, entry) = first_open(&file, &cache);
    assert!(entry.starts_with(&cache));
    assert_eq!(
        text.hash,
        model::load_files(std::slice::from_ref(&file)).hash
    );
    assert_hit(&file, &cache, &text);
    // Changed bytes are another key: parsed again.
    let mut bytes = paracrine::app::EMBEDDED_EVIDENCE.to_vec();
    bytes.extend_from_slice(b"\n// a comment at the end\n");
    std::fs::write(&file, &bytes).unwrap();
    assert_miss(&file, &cache, "no cache entry");
}

#[test]
fn a_corrupt_truncated_or_stale_entry_is_ignored_and_rebuilt() {
    let (cache, file) = setup("bad");
    let (text, entry) = first_open(&file, &cache);
    let good = std::fs::read(&entry).unwrap();
    let version_len = env!("CARGO_PKG_VERSION").len();
    let fingerprint_at = 16 + 4 + 4 + version_len;
    let header_len = fingerprint_at + 8 * 6;
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("not a cache file", {
            let mut b = good.clone();
            b[0] ^= 1;
            b
        }),
        ("another cache format", {
            let mut b = good.clone();
            b[16] ^= 1;
            b
        }),
        ("another version", {
            let mut b = good.clone();
            b[24] ^= 1;
            b
        }),
        ("another build", {
            let mut b = good.clone();
            b[fingerprint_at] ^= 1;
            b
        }),
        ("checksum", {
            let mut b = good.clone();
            let at = header_len + (b.len() - header_len) / 2;
            b[at] ^= 0x40;
            b
        }),
        ("cut short", good[..good.len() - 100].to_vec()),
        ("cut short", good[..10].to_vec()),
        ("after the payload", {
            let mut b = good.clone();
            b.push(0);
            b
        }),
        // A forged entry: garbage with a right checksum still does not decode.
        ("does not decode", {
            let mut b = good.clone();
            for (i, byte) in b[header_len..].iter_mut().enumerate() {
                *byte = (i as u8).wrapping_mul(37) | 0x80;
            }
            let sum = model::hash::xxh64(&b[header_len..], 0);
            b[header_len - 8..header_len].copy_from_slice(&sum.to_le_bytes());
            b
        }),
    ];
    for (wanted, bytes) in cases {
        std::fs::write(&entry, &bytes).unwrap();
        assert_miss(&file, &cache, wanted);
        // The rewritten entry is good again.
        assert_eq!(std::fs::read(&entry).unwrap(), good, "{wanted}");
        assert_hit(&file, &cache, &text);
    }
}

#[test]
fn a_load_with_problems_writes_no_entry() {
    let (cache, file) = setup("problems");
    std::fs::write(
        &file,
        b"Evidence(version: 1, diseases: [(id: \"a\", parent: \"nowhere\")])",
    )
    .unwrap();
    let (loaded, used) = open(&file, &cache);
    assert!(!loaded.diagnostics.is_empty());
    assert!(
        matches!(used, CacheUse::Miss { writing: None, .. }),
        "{used:?}"
    );
    assert!(!cache.exists() || std::fs::read_dir(&cache).unwrap().next().is_none());
}

#[test]
fn the_encoding_round_trips_synthetic_documents() {
    // 5,000 claims: three claim sections, decoded on several threads.
    for (n, seed) in [(1, 1), (40, 2), (2_000, 3), (5_000, 4)] {
        let mut doc = model::synth::synthetic(n, seed);
        model::synth::with_prose(&mut doc, seed);
        let text = model::io::to_ron_string(&doc).unwrap();
        let loaded = model::load_bytes(Path::new("s.ron"), text.as_bytes());
        assert!(loaded.diagnostics.is_empty());
        let key = model::io::cache::Key::of(&[text.as_bytes()]);
        let bytes = model::io::cache::encode_loaded(key, &loaded).unwrap();
        let cached = model::io::cache::decode(&bytes, key).unwrap();
        assert_eq!(cached.doc, loaded.doc);
        assert_eq!(cached.fnv, loaded.hash);
        let index = model::Index::with_claim_lists(&cached.doc, cached.claim_lists, false);
        assert!(index.unwrap().same_links(&loaded.index));
        let other = model::io::cache::Key {
            hash: key.hash ^ 1,
            ..key
        };
        assert!(model::io::cache::decode(&bytes, other).is_err());
    }
}

#[test]
fn only_the_newest_entries_are_kept() {
    let (cache, file) = setup("evict");
    for i in 0..model::io::cache::KEEP + 2 {
        let mut bytes = paracrine::app::EMBEDDED_EVIDENCE.to_vec();
        bytes.extend_from_slice(format!("\n// version {i}\n").as_bytes());
        std::fs::write(&file, &bytes).unwrap();
        let _ = first_open(&file, &cache);
    }
    let entries = std::fs::read_dir(&cache).unwrap().count();
    assert_eq!(entries, model::io::cache::KEEP);
}

#[test]
fn a_missing_file_is_reported_as_without_the_cache_and_a_changed_one_is_not_a_hit() {
    let (cache, file) = setup("missing");
    let (text, _) = first_open(&file, &cache);
    // Changed bytes of the same length: another key, so the text is read again.
    let mut changed = paracrine::app::EMBEDDED_EVIDENCE.to_vec();
    let at = changed.len() - 2;
    changed[at] = b' ';
    std::fs::write(&file, &changed).unwrap();
    let (loaded, used) = open(&file, &cache);
    assert!(matches!(used, CacheUse::Miss { .. }), "{used:?}");
    assert_eq!(loaded.doc, text.doc);
    assert_ne!(loaded.hash, text.hash);

    let gone = file.with_file_name("gone.ron");
    let (with, used) = open(&gone, &cache);
    assert!(matches!(used, CacheUse::Off), "{used:?}");
    let without = model::load_files(std::slice::from_ref(&gone));
    let messages = |l: &Loaded| {
        l.diagnostics
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
    };
    assert_eq!(messages(&with), messages(&without));
    assert!(!messages(&with).is_empty());
}

#[test]
fn temporary_files_of_cut_off_writes_are_removed_once_stale_and_nothing_else() {
    let (cache, file) = setup("stale-temporaries");
    std::fs::create_dir_all(&cache).unwrap();
    let old = std::time::SystemTime::now() - model::io::cache::STALE_TEMPORARY * 2;
    let plant = |name: &str, modified: std::time::SystemTime| {
        let path = cache.join(name);
        std::fs::write(&path, b"part of an entry").unwrap();
        let handle = std::fs::File::options().write(true).open(&path).unwrap();
        handle.set_modified(modified).unwrap();
        path
    };
    let stale = plant(".1761d391410e4334-60556715.cache.03fef2015279dc83.tmp", old);
    // A write still running (in another instance of the app): too young to touch.
    let running = plant(
        ".1761d391410e4334-60556715.cache.abd7d672b6254a3b.tmp",
        std::time::SystemTime::now(),
    );
    // Old, but not named like an entry's temporary file.
    let others = [
        plant(".evidence.ron.0123456789abcdef.tmp", old),
        plant(".1761d391410e4334-60556715.cache.mine.tmp", old),
        plant("notes.tmp", old),
    ];
    #[cfg(unix)]
    let link = {
        // An old link named like a temporary file: neither it nor its target goes.
        let target = file.with_file_name("outside.txt");
        std::fs::write(&target, b"a curator's file").unwrap();
        let link = cache.join(".2761d391410e4334-60556715.cache.0000000000000000.tmp");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        (link, target)
    };

    let (_, entry) = first_open(&file, &cache);

    assert!(entry.exists());
    assert!(!stale.exists(), "a stale temporary file is removed");
    assert!(running.exists(), "a young one is left alone");
    for other in &others {
        assert!(
            other.exists(),
            "{} is not a temporary file",
            other.display()
        );
    }
    #[cfg(unix)]
    {
        assert!(link.0.symlink_metadata().is_ok(), "a link is not removed");
        assert_eq!(std::fs::read(&link.1).unwrap(), b"a curator's file");
    }
}

#[test]
fn an_entry_guessed_by_its_length_is_used_only_for_its_own_bytes() {
    let (cache, file) = setup("guess");
    let (text, _) = first_open(&file, &cache);
    // Other valid contents of the same length: one letter of an English name changed.
    let mut changed = paracrine::app::EMBEDDED_EVIDENCE.to_vec();
    let at = changed
        .windows(5)
        .position(|w| w == b"en: \"")
        .map(|at| at + 5)
        .unwrap();
    assert!(changed[at].is_ascii_alphabetic());
    changed[at] ^= 0x20;
    std::fs::write(&file, &changed).unwrap();
    let (other, _) = first_open(&file, &cache);
    assert_ne!(other.doc, text.doc);
    // Two entries of that length now: the newest (the changed file's) is guessed and
    // decoded while the file is hashed, then set aside for the right one.
    std::fs::write(&file, paracrine::app::EMBEDDED_EVIDENCE).unwrap();
    assert_hit(&file, &cache, &text);
    std::fs::write(&file, &changed).unwrap();
    assert_hit(&file, &cache, &other);
}
