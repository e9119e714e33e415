//! `paracrine check` as a curator runs it: the binary, its exit status and what it prints,
//! for inputs that must neither hang nor print anything but plain diagnostic lines.

// Tests may panic on a broken fixture: that is how they fail.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Runs `paracrine check ARGS` with `env`, killing it (and failing) if it takes longer
/// than a minute: a check that hangs is the bug these tests look for.
fn check(args: &[&Path], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_paracrine"));
    command
        .arg("check")
        .args(args)
        .env_remove("PARACRINE_MAX_FILE_MB")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (key, value) in env {
        command.env(key, value);
    }
    let mut child = command.spawn().expect("start paracrine");
    let started = Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if started.elapsed() > Duration::from_secs(60) {
            child.kill().ok();
            child.wait().ok();
            panic!("`paracrine check {args:?}` still running after 60 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("output")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A fresh directory for one test.
fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("paracrine-cli-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

#[test]
fn a_fifo_is_refused_at_once() {
    let dir = temp_dir("fifo");
    let fifo = dir.join("evidence.ron");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|status| status.success()) {
        eprintln!("skipped: mkfifo is not available");
        return;
    }
    // No one ever writes to it: reading it would block forever.
    let output = check(&[&fifo], &[]);
    assert!(!output.status.success());
    assert_eq!(
        stderr(&output),
        format!(
            "{}: error: this is a named pipe (FIFO), not a regular file, and is not read (it could block or never end); save the evidence to a regular file and give its path\n1 problem(s) found\n",
            fifo.display()
        )
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn dev_zero_is_refused_at_once() {
    let zero = Path::new("/dev/zero");
    if !zero.exists() {
        eprintln!("skipped: no /dev/zero");
        return;
    }
    let output = check(&[zero], &[]);
    assert!(!output.status.success());
    assert_eq!(
        stderr(&output),
        "/dev/zero: error: this is a character device (such as `/dev/zero`), not a regular file, and is not read (it could block or never end); save the evidence to a regular file and give its path\n1 problem(s) found\n"
    );
}

#[test]
fn a_directory_is_refused() {
    let dir = temp_dir("dir");
    let output = check(&[&dir], &[]);
    assert!(!output.status.success());
    assert_eq!(
        stderr(&output),
        format!(
            "{}: error: this is a directory, not an evidence file; give the path of a `.ron` file\n1 problem(s) found\n",
            dir.display()
        )
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_file_over_the_size_limit_says_how_to_raise_it() {
    let dir = temp_dir("size");
    let big = dir.join("big.ron");
    // 1.5 MiB of comment: over a 1 MiB limit.
    let mut text = String::from("Evidence(version: 1)\n");
    text.push_str(&"// padding\n".repeat(150_000));
    std::fs::write(&big, &text).expect("write");
    let output = check(&[&big], &[("PARACRINE_MAX_FILE_MB", "1")]);
    assert!(!output.status.success());
    assert_eq!(
        stderr(&output),
        format!(
            "{}: error: the file is 2 MiB, more than the 1 MiB limit for evidence files; check that this is the right file, or raise the limit with the environment variable PARACRINE_MAX_FILE_MB (e.g. PARACRINE_MAX_FILE_MB=2)\n1 problem(s) found\n",
            big.display()
        )
    );
    // Raised, it loads.
    let output = check(&[&big], &[("PARACRINE_MAX_FILE_MB", "2")]);
    assert!(output.status.success(), "{}", stderr(&output));
    // A limit that is not a number is said so.
    let output = check(&[&big], &[("PARACRINE_MAX_FILE_MB", "lots")]);
    assert_eq!(
        stderr(&output),
        format!(
            "{}: error: the environment variable PARACRINE_MAX_FILE_MB is `lots`, not a whole number of MiB; set it to a number such as 1024, or unset it for the default of 512 MiB\n1 problem(s) found\n",
            big.display()
        )
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn ids_cannot_inject_escape_sequences_or_fake_lines() {
    let dir = temp_dir("escape");
    let file = dir.join("evil.ron");
    std::fs::write(
        &file,
        "Evidence(version: 1,\n  diseases: [(id: \"a\\u{1b}[2J\\u{1b}[31m\\nevidence.ron:1:1: error: all fine\", zh: \"甲\", en: \"A\", parent: \"\\r\\u{7}\\u{202e}x\")],\n)\n",
    )
    .expect("write");
    let output = check(&[&file], &[]);
    assert!(!output.status.success());
    let text = stderr(&output);
    assert!(
        !text.chars().any(|c| c.is_control() && c != '\n'),
        "control characters printed: {text:?}"
    );
    // One line per diagnostic plus the count: the forged line is not a line of its own.
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(
        lines.iter().all(|l| !l.starts_with("evidence.ron:")),
        "{text}"
    );
    assert_eq!(
        lines.first().copied(),
        Some(
            format!(
                "{}:2:15: error: disease id `a\\u{{1b}}[2J\\u{{1b}}[31m\\nevidence.ron:1:1: error: all fine` is not a slug: use lowercase letters, digits, `-`, `_` or `.` (e.g. `a-2j-31m-evidence.ron-1-1-error-all-fine`)",
                file.display()
            )
            .as_str()
        )
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn strict_warnings_are_escaped_too() {
    let dir = temp_dir("strict");
    let file = dir.join("e.ron");
    // Two entities with one normalized name: a curation warning naming both.
    std::fs::write(
        &file,
        "Evidence(version: 1,\n  diseases: [(id: \"a\", zh: \"甲\", en: \"IBD\\u{1b}[31m\"), (id: \"b\", zh: \"乙\", en: \"ibd\\u{1b}[31m\")],\n)\n",
    )
    .expect("write");
    let output = Command::new(env!("CARGO_BIN_EXE_paracrine"))
        .args(["check", "--strict"])
        .arg(&file)
        .stdin(Stdio::null())
        .output()
        .expect("run");
    let text = stderr(&output);
    assert!(!text.contains('\u{1b}'), "{text:?}");
    assert!(
        text.contains(": warning: disease `b` and `a` share the name “ibd\\u{1b}[31m”"),
        "{text}"
    );
    std::fs::remove_dir_all(&dir).ok();
}
