//! `paracrine diff`: the semantic difference of two evidence files, its exit status, and
//! the seven-argument form git uses for a diff driver.

// Tests may panic on a broken fixture: that is how they fail.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn run(args: &[&Path]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_paracrine"))
        .arg("diff")
        .args(args)
        .output()
        .expect("start paracrine")
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("paracrine-diff-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The shipped file with the first `level: Animal` of a claim made `HumanCase` and one
/// claim removed.
fn edited(dir: &Path) -> (PathBuf, String, String) {
    let text = std::fs::read_to_string("evidence.ron").unwrap();
    let at = text.find("level: Animal,").unwrap();
    let changed_id = text[..at]
        .rfind("    id: \"")
        .map(|i| text[i + 9..].split('"').next().unwrap().to_owned())
        .unwrap();
    let mut new = format!("{}level: HumanCase,{}", &text[..at], &text[at + 14..]);
    // Remove the last claim of the claims list.
    let claims_end = new.find("\n  )],\n  tables: [").unwrap();
    let last = new[..claims_end].rfind("\n  ), (").unwrap();
    let removed_id = new[last..]
        .split("id: \"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_owned();
    new.replace_range(last..claims_end, "");
    let path = dir.join("new.ron");
    std::fs::write(&path, new).unwrap();
    (path, changed_id, removed_id)
}

#[test]
fn a_changed_level_and_a_removed_claim_are_named_and_the_exit_status_is_one() {
    let dir = scratch("edit");
    let (new, changed, removed) = edited(&dir);
    let out = run(&[Path::new("evidence.ron"), &new]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains(&format!("claim {changed}: level Animal → HumanCase\n")),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("1 claim removed: {removed}\n")),
        "{stdout}"
    );
    assert_eq!(stdout.lines().count(), 2, "nothing else changed: {stdout}");
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn the_same_file_differs_in_nothing() {
    let out = run(&[Path::new("evidence.ron"), Path::new("evidence.ron")]);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
}

#[test]
fn a_broken_file_is_exit_status_two_with_its_diagnostics() {
    let out = run(&[
        Path::new("evidence.ron"),
        Path::new("tests/fixtures/bad_syntax.ron"),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("bad_syntax.ron:"), "{stderr}");
    assert!(stderr.contains("does not load"), "{stderr}");
}

#[test]
fn as_a_git_diff_driver_it_takes_seven_arguments_and_dev_null() {
    let dir = scratch("git");
    let (new, changed, _) = edited(&dir);
    let hex = Path::new("0000000");
    let mode = Path::new("100644");
    let path = Path::new("evidence.ron");
    let out = run(&[path, path, hex, mode, &new, hex, mode]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "git stops on a failing driver");
    assert!(
        stdout.starts_with("paracrine diff evidence.ron\n"),
        "{stdout}"
    );
    assert!(stdout.contains(&changed), "{stdout}");
    // A file git adds is compared with /dev/null: everything is added.
    let null = Path::new("/dev/null");
    let out = run(&[path, null, hex, mode, path, hex, mode]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("claims added: "), "{stdout}");
    std::fs::remove_dir_all(dir).ok();
}
