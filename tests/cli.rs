//! `paracrine check` as a curator runs it: the binary, its exit status and what it prints,
//! for inputs that must neither hang nor print anything but plain diagnostic lines; and
//! `paracrine export table|claims`: CSV/TSV files read back, errors in one line.

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
fn a_folder_without_evidence_files_says_what_it_wanted() {
    // A folder is an evidence folder (its `*.ron` files as one document, see
    // tests/folders.rs); one holding none says so.
    let dir = temp_dir("dir");
    std::fs::write(dir.join("notes.txt"), "not evidence").expect("write");
    let output = check(&[&dir], &[]);
    assert!(!output.status.success());
    assert_eq!(
        stderr(&output),
        format!(
            "{}: error: this folder holds no evidence files (`*.ron`; hidden files, `*.deck.ron` and subfolders are not read); give a folder of `.ron` files, or a file\n1 problem(s) found\n",
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

/// Runs `paracrine ARGS` in the crate folder (where `evidence.ron` is), killing it (and
/// failing) after a minute.
fn paracrine(args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_paracrine"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start paracrine");
    let started = Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if started.elapsed() > Duration::from_secs(60) {
            child.kill().ok();
            child.wait().ok();
            panic!("`paracrine {args:?}` still running after 60 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("output")
}

/// The header and records of a CSV export (BOM and `#` comments skipped).
fn csv_rows(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let bytes = std::fs::read(path).expect("written");
    let body = bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .expect("starts with a BOM");
    let mut reader = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .from_reader(body);
    let header = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_owned)
        .collect();
    let rows = reader
        .records()
        .map(|r| r.expect("record").iter().map(str::to_owned).collect())
        .collect();
    (header, rows)
}

#[test]
fn export_table_writes_a_review_table_sorted_and_filtered() {
    let dir = temp_dir("table");
    let out = dir.join("t.csv");
    let run = paracrine(&[
        "export",
        "table",
        "t003-2",
        "-o",
        out.to_str().expect("path"),
    ]);
    assert!(run.status.success(), "{}", stderr(&run));
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        stdout.starts_with("wrote ") && stdout.contains("(7 of 7 rows)"),
        "{stdout}"
    );
    let (header, rows) = csv_rows(&out);
    assert_eq!(header[0], "第一作者 · First author");
    assert_eq!(rows.len(), 7);
    assert_eq!(rows[2][2], "抑制M1极化", "verbatim, Chinese intact");

    let run = paracrine(&[
        "export",
        "table",
        "t003-2",
        "--sort",
        "Year",
        "--desc",
        "--filter",
        "colitis",
        "--lang",
        "en",
        "-o",
        out.to_str().expect("path"),
    ]);
    assert!(run.status.success(), "{}", stderr(&run));
    let (header, rows) = csv_rows(&out);
    assert_eq!(header[4], "Year");
    let years: Vec<&str> = rows.iter().map(|r| r[4].as_str()).collect();
    assert_eq!(years, ["2022", "2020", "2019", "2018"]);
    let text = std::fs::read_to_string(&out).expect("written");
    assert!(
        text.contains("# order: sorted by Year, descending"),
        "{text}"
    );

    // By column number, into a folder: the name says what it is.
    let run = paracrine(&[
        "export",
        "table",
        "t003-2",
        "--sort",
        "1",
        "-o",
        dir.to_str().expect("path"),
    ]);
    assert!(run.status.success(), "{}", stderr(&run));
    let names: Vec<String> = std::fs::read_dir(&dir)
        .expect("dir")
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect();
    assert!(
        names
            .iter()
            .any(|n| n.starts_with("r003-table2-") && n.ends_with(".csv")),
        "{names:?}"
    );

    // TSV by the extension.
    let tsv = dir.join("t.tsv");
    let run = paracrine(&[
        "export",
        "table",
        "t001-1",
        "--lang",
        "en",
        "-o",
        tsv.to_str().expect("path"),
    ]);
    assert!(run.status.success(), "{}", stderr(&run));
    let text = std::fs::read_to_string(&tsv).expect("written");
    assert!(text.starts_with("Class\tRepresentative drug\t"), "{text}");
    assert!(text.contains("po iv im") && text.contains("UC&CD 不用于维持治疗"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn export_claims_writes_an_entitys_claims_with_filters() {
    let dir = temp_dir("claims");
    let out = dir.join("sle.csv");
    let run = paracrine(&[
        "export",
        "claims",
        "--disease",
        "sle",
        "--level",
        "animal",
        "--lang",
        "en",
        "-o",
        out.to_str().expect("path"),
    ]);
    assert!(run.status.success(), "{}", stderr(&run));
    let (header, rows) = csv_rows(&out);
    assert_eq!(header[..3], ["Direction", "Evidence level", "Finding"]);
    assert_eq!(header.last().map(String::as_str), Some("claim ids"));
    assert!(!rows.is_empty());
    let state = paracrine::app::AppState::embedded();
    for row in &rows {
        let id = row.last().expect("claim id");
        let Some(paracrine::model::Item::Claim(idx)) = state.index().item(id) else {
            panic!("unknown claim {id}");
        };
        assert_eq!(
            state.doc().claims[idx].level.tier(),
            paracrine::model::Tier::Animal
        );
    }
    let text = std::fs::read_to_string(&out).expect("written");
    assert!(text.contains("# filters: evidence: animal"), "{text}");
    // Without the child diseases, no more rows; by name instead of id, the same.
    let own = dir.join("own.csv");
    let run = paracrine(&[
        "export",
        "claims",
        "--entity",
        "systemic lupus erythematosus",
        "--level",
        "animal",
        "--no-rollup",
        "-o",
        own.to_str().expect("path"),
    ]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(csv_rows(&own).1.len() <= rows.len());
    // Into a folder: the suggested name.
    let run = paracrine(&[
        "export",
        "claims",
        "--disease",
        "sle",
        "--level",
        "animal",
        "--direction",
        "inhibits",
        "-o",
        dir.to_str().expect("path"),
    ]);
    assert!(run.status.success(), "{}", stderr(&run));
    let names: Vec<String> = std::fs::read_dir(&dir)
        .expect("dir")
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect();
    assert!(
        names
            .iter()
            .any(|n| n.starts_with("claims-systemic-lupus-erythematosus-animal-inhibits-")),
        "{names:?}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn table_exports_name_what_they_did_not_find_in_one_line() {
    let cases: [(&[&str], &str); 6] = [
        (
            &["export", "table", "t003-9", "-o", "never.csv"],
            "error: no table `t003-9`; did you mean t003-",
        ),
        (
            &[
                "export",
                "table",
                "t003-2",
                "--sort",
                "Journal",
                "-o",
                "never.csv",
            ],
            "error: no column `Journal`; the columns: 1 第一作者 · First author, ",
        ),
        (
            &["export", "table", "t003-2", "-o", "never.xlsx"],
            "error: cannot tell the format of never.xlsx: end it in .csv or .tsv",
        ),
        (
            &["export", "claims", "--disease", "lupuss", "-o", "never.csv"],
            "error: no entity `lupuss`; did you mean ",
        ),
        (
            &["export", "claims", "--cargo", "sle", "-o", "never.csv"],
            "error: `sle` is a disease, not a cargo: use --disease (or --entity)",
        ),
        (
            &[
                "export",
                "claims",
                "--disease",
                "sle",
                "--cargo",
                "tsg-6",
                "-o",
                "never.csv",
            ],
            "error: name one entity (got sle, tsg-6)",
        ),
    ];
    for (args, start) in cases {
        let run = paracrine(args);
        assert_eq!(run.status.code(), Some(1), "{args:?}");
        let text = stderr(&run);
        assert!(text.starts_with(start), "{args:?}: {text}");
        assert_eq!(text.trim().lines().count(), 1, "{args:?}: {text}");
    }
    for never in ["never.csv", "never.xlsx"] {
        assert!(!Path::new(env!("CARGO_MANIFEST_DIR")).join(never).exists());
    }
    let run = paracrine(&[
        "export",
        "claims",
        "--direction",
        "sideways",
        "-o",
        "never.csv",
    ]);
    assert_eq!(run.status.code(), Some(2));
    assert!(stderr(&run).contains("unknown direction `sideways`; one of: promotes, inhibits"));
}

/// What `paracrine ARGS` hands the window start-up, or the exit status when it does not
/// start the window.
fn app_args(args: &[&str]) -> Result<paracrine::cli::AppArgs, std::process::ExitCode> {
    let mut got = None;
    let code = paracrine::cli::main_from(
        std::iter::once("paracrine").chain(args.iter().copied()),
        |args| {
            got = Some(args);
            std::process::ExitCode::SUCCESS
        },
    );
    got.ok_or(code)
}

#[test]
fn the_first_frame_flags_reach_the_window_start_up() {
    let args = app_args(&["--exit-after-first-frame", "--report-first-frame", "x.ron"])
        .expect("the app starts");
    assert!(args.exit_after_first_frame && args.report_first_frame);
    assert_eq!(args.file.as_deref(), Some(Path::new("x.ron")));

    let args = app_args(&[]).expect("the app starts");
    assert!(!args.exit_after_first_frame && !args.report_first_frame);
    assert_eq!(args.file, None);

    let args = app_args(&["--report-first-frame"]).expect("the app starts");
    assert!(args.report_first_frame && !args.exit_after_first_frame);
}

#[test]
fn the_first_frame_flags_do_not_start_the_window_for_a_subcommand() {
    // `check` with a window flag is refused (status 2), and no window starts.
    assert!(app_args(&["check", "--exit-after-first-frame", "evidence.ron"]).is_err());
    assert!(app_args(&["--no-such-flag"]).is_err());
}
