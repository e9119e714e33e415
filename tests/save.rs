//! Saving that cannot lose data, end to end: SIGKILL during saves, planted links, modes,
//! hard links, simulated failures, and unedited saves byte for byte.

// Tests may panic on broken fixtures: that is how they fail.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::BufRead as _;
use std::path::{Path, PathBuf};

use paracrine::model::io::{self, Fault, SaveError, Step};
use paracrine::model::{self, Document, synth};

/// Set in the child process of the SIGKILL test: the file it saves in a loop.
const CHILD_ENV: &str = "PARACRINE_TEST_SAVE_CHILD";

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("paracrine-tsave-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch");
    dir
}

fn doc_a() -> Document {
    synth::synthetic(20, 1)
}

fn doc_b() -> Document {
    synth::synthetic(60, 2)
}

fn temporaries(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("dir")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".evidence.ron.") && n.ends_with(".tmp"))
        .collect()
}

/// The child of [`sigkill_during_saves_leaves_a_or_b`]: saves B, A, B, … until killed.
/// Without the variable it saves twice in a scratch folder and checks the result.
#[test]
fn child_saver() {
    let (a, b) = (doc_a(), doc_b());
    let Some(path) = std::env::var_os(CHILD_ENV) else {
        let dir = scratch("child");
        let path = dir.join("evidence.ron");
        io::save_atomic(&path, &b).expect("save b");
        io::save_atomic(&path, &a).expect("save a");
        let text = io::to_ron_string(&a).expect("ron");
        assert_eq!(std::fs::read(&path).expect("read"), text.as_bytes());
        std::fs::remove_dir_all(&dir).ok();
        return;
    };
    let path = PathBuf::from(path);
    println!("child-saver-ready");
    for round in 0..20_000 {
        let doc = if round % 2 == 0 { &b } else { &a };
        io::save_atomic(&path, doc).expect("save");
    }
}

#[test]
fn sigkill_during_saves_leaves_a_or_b() {
    let dir = scratch("sigkill");
    let path = dir.join("evidence.ron");
    let a = io::to_ron_string(&doc_a()).expect("ron").into_bytes();
    let b = io::to_ron_string(&doc_b()).expect("ron").into_bytes();
    io::save_atomic(&path, &doc_a()).expect("first save");
    let exe = std::env::current_exe().expect("test binary");
    // A fixed seed: the same delays every run.
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let (mut seen_a, mut seen_b) = (0, 0);
    for round in 0..220 {
        let mut child = std::process::Command::new(&exe)
            .args(["child_saver", "--exact", "--nocapture", "--test-threads=1"])
            .env(CHILD_ENV, &path)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("spawn");
        let stdout = child.stdout.take().expect("stdout");
        let mut lines = std::io::BufReader::new(stdout).lines();
        loop {
            let line = lines
                .next()
                .expect("the child stopped early")
                .expect("line");
            if line.contains("child-saver-ready") {
                break;
            }
        }
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        std::thread::sleep(std::time::Duration::from_micros(seed % 6_000));
        // SIGKILL on Unix.
        child.kill().expect("kill");
        child.wait().expect("wait");
        let now = std::fs::read(&path).expect("read");
        assert!(
            now == a || now == b,
            "round {round}: a torn file of {} bytes",
            now.len()
        );
        if now == a {
            seen_a += 1;
        } else {
            seen_b += 1;
        }
        let loaded = model::load_bytes(&path, &now);
        assert!(loaded.diagnostics.is_empty(), "round {round}");
        if let Ok(bak) = std::fs::read(dir.join("evidence.ron.bak")) {
            assert!(bak == a || bak == b, "round {round}: a torn backup");
        }
    }
    println!("after 220 kills: A {seen_a} times, B {seen_b} times");
    io::save_atomic(&path, &doc_a()).expect("final save");
    assert_eq!(temporaries(&dir), Vec::<String>::new());
    std::fs::remove_dir_all(&dir).ok();
}

#[cfg(unix)]
#[test]
fn links_planted_at_the_backup_and_temporary_names_are_not_followed() {
    let dir = scratch("planted");
    let path = dir.join("evidence.ron");
    let victim = dir.join("victim");
    std::fs::write(&victim, "keep me").unwrap();
    std::fs::write(&path, "old").unwrap();
    std::os::unix::fs::symlink(&victim, dir.join("evidence.ron.bak")).unwrap();
    let tmp_like = dir.join(".evidence.ron.0123456789abcdef.tmp");
    std::os::unix::fs::symlink(&victim, &tmp_like).unwrap();
    let report = io::save_atomic(&path, &doc_a()).expect("save");
    assert_eq!(std::fs::read(&victim).unwrap(), b"keep me");
    let bak = std::fs::symlink_metadata(dir.join("evidence.ron.bak")).unwrap();
    assert!(
        bak.is_file(),
        "the link at NAME.bak was replaced by the backup"
    );
    assert_eq!(std::fs::read(dir.join("evidence.ron.bak")).unwrap(), b"old");
    assert!(
        std::fs::symlink_metadata(&tmp_like)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    std::fs::remove_dir_all(&dir).ok();
}

#[cfg(unix)]
#[test]
fn a_symlinked_path_mode_and_hard_links() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = scratch("linked");
    std::fs::create_dir_all(dir.join("real")).unwrap();
    let real = dir.join("real/evidence.ron");
    std::fs::write(&real, "old").unwrap();
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o600)).unwrap();
    let link = dir.join("link.ron");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let report = io::save_atomic(&link, &doc_a()).expect("save");
    assert_eq!(report.written, real.canonicalize().unwrap());
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let text = io::to_ron_string(&doc_a()).unwrap();
    assert_eq!(std::fs::read_to_string(&real).unwrap(), text);
    let mode = std::fs::metadata(&real).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    assert!(dir.join("real/evidence.ron.bak").exists());

    let other = dir.join("other-name.ron");
    std::fs::hard_link(&real, &other).unwrap();
    let report = io::save_atomic(&real, &doc_b()).expect("save");
    assert!(
        report.warnings.iter().any(|w| w.contains("hard link")),
        "{:?}",
        report.warnings
    );
    assert_eq!(std::fs::read_to_string(&other).unwrap(), text);
    std::fs::remove_dir_all(&dir).ok();
}

/// Makes the simulated error.
type MakeError = fn() -> std::io::Error;

#[test]
fn simulated_failures_leave_the_original_intact() {
    let dir = scratch("faults");
    let path = dir.join("evidence.ron");
    io::save_atomic(&path, &doc_a()).expect("save");
    io::save_atomic(&path, &doc_a()).expect("save");
    let before = std::fs::read(&path).unwrap();
    let bak_before = std::fs::read(dir.join("evidence.ron.bak")).unwrap();
    let cases: [(Step, MakeError, &str); 5] = [
        (
            Step::Create,
            || std::io::Error::from_raw_os_error(13),
            "permission denied",
        ),
        (
            Step::Write,
            || std::io::Error::from_raw_os_error(28),
            "is full",
        ),
        (
            Step::Sync,
            || std::io::Error::from_raw_os_error(5),
            "syncing",
        ),
        (
            Step::Rename,
            || std::io::Error::from_raw_os_error(30),
            "read-only",
        ),
        (
            Step::Rename,
            || std::io::Error::from_raw_os_error(5),
            "replacing the file",
        ),
    ];
    for (step, error, says) in cases {
        let err = io::save_atomic_with_fault(&path, &doc_b(), Some(Fault { step, error }))
            .expect_err("fails");
        let text = err.to_string();
        assert!(text.contains(says), "{step:?}: {text}");
        assert!(text.contains("the file on disk is unchanged"), "{text}");
        assert!(!matches!(err, SaveError::Serialize(_)));
        assert_eq!(std::fs::read(&path).unwrap(), before, "{step:?}");
        assert_eq!(
            std::fs::read(dir.join("evidence.ron.bak")).unwrap(),
            bak_before
        );
        assert_eq!(temporaries(&dir), Vec::<String>::new(), "{step:?}");
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn unedited_save_is_byte_identical() {
    let mut files = vec![PathBuf::from("evidence.ron")];
    let mut fixtures: Vec<PathBuf> = std::fs::read_dir("tests/fixtures")
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|ext| ext == "ron"))
        .collect();
    fixtures.sort();
    files.extend(fixtures);
    let mut checked = Vec::new();
    for file in files {
        let bytes = std::fs::read(&file).unwrap();
        let loaded = model::load_bytes(&file, &bytes);
        if !loaded.diagnostics.is_empty() {
            continue;
        }
        let text = io::to_ron_string(&loaded.doc).unwrap();
        // good_minimal.ron is written by hand, compact and with a comment, to test the
        // loader; its canonical text must then be a fixed point.
        if !io::comments(&bytes).is_empty() {
            let again = model::load_bytes(&file, text.as_bytes());
            assert_eq!(
                io::to_ron_string(&again.doc).unwrap(),
                text,
                "{}",
                file.display()
            );
            continue;
        }
        assert!(
            text.as_bytes() == bytes.as_slice(),
            "{} is not byte-identical",
            file.display()
        );
        checked.push(file);
    }
    assert!(
        checked.contains(&PathBuf::from("evidence.ron")),
        "{checked:?}"
    );
}

/// Unmounts the small tmpfs of [`a_full_disk_on_a_small_tmpfs`] whatever happens.
struct Mount(PathBuf);

impl Drop for Mount {
    fn drop(&mut self) {
        let done = std::process::Command::new("umount").arg(&self.0).status();
        if !done.is_ok_and(|s| s.success()) {
            let _ = std::process::Command::new("umount")
                .arg("-l")
                .arg(&self.0)
                .status();
        }
    }
}

#[test]
fn a_full_disk_on_a_small_tmpfs() {
    let dir = scratch("tmpfs");
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=64k", "tmpfs"])
        .arg(&dir)
        .stderr(std::process::Stdio::null())
        .status();
    if !mounted.is_ok_and(|s| s.success()) {
        println!("note: cannot mount a tmpfs here; the simulated ENOSPC covers a full disk");
        return;
    }
    let mount = Mount(dir.clone());
    let path = dir.join("evidence.ron");
    io::save_atomic(&path, &synth::synthetic(5, 1)).expect("a small file fits");
    let before = std::fs::read(&path).unwrap();
    let err = io::save_atomic(&path, &synth::synthetic(400, 3)).expect_err("too big");
    assert!(matches!(err, SaveError::DiskFull { .. }), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert_eq!(temporaries(&dir), Vec::<String>::new());
    drop(mount);
    std::fs::remove_dir_all(&dir).ok();
}

#[cfg(unix)]
#[test]
fn the_owner_is_kept_where_the_saver_may_keep_it() {
    use std::os::unix::fs::MetadataExt as _;
    let dir = scratch("owner");
    let path = dir.join("evidence.ron");
    std::fs::write(&path, "old").unwrap();
    if std::os::unix::fs::chown(&path, Some(4321), Some(4321)).is_err() {
        println!("note: not root, cannot give the file away; the owner case is not run");
        std::fs::remove_dir_all(&dir).ok();
        return;
    }
    let report = io::save_atomic(&path, &doc_a()).expect("save");
    let meta = std::fs::metadata(&path).unwrap();
    assert_eq!((meta.uid(), meta.gid()), (4321, 4321));
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    std::fs::remove_dir_all(&dir).ok();
}
