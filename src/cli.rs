//! Command line: `paracrine [FILE]` opens the app; `paracrine check` validates files;
//! `paracrine fmt` rewrites files in the canonical layout (and merges several into one).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::model;

#[derive(Parser)]
#[command(
    name = "paracrine",
    version,
    about,
    args_conflicts_with_subcommands = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Evidence file to open (default: ./evidence.ron, else the copy built into the app).
    file: Option<PathBuf>,
}

#[derive(Subcommand)]
enum Command {
    /// Load and validate evidence files; print every problem as FILE:LINE:COL: error: ….
    /// Several files are checked as one document. Exit status 1 when there are problems.
    Check {
        #[arg(default_value = "evidence.ron")]
        files: Vec<PathBuf>,
        /// Also run the curation heuristics (a level its quote contradicts, species human
        /// on preclinical work, one molecule as cargo and target, two entities with one
        /// name) and print them as warnings; exit status 1 when there are any.
        #[arg(long)]
        strict: bool,
    },
    /// Merge one or more evidence files and write them in the canonical layout.
    /// Refuses to write when the input has problems.
    Fmt {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Where to write (atomically).
        #[arg(short, long)]
        output: PathBuf,
        /// Merge entities that several files define with the same id (first wins; the
        /// others' names become aliases). For combining curators' contributions.
        #[arg(long)]
        merge: bool,
    },
    /// Write a synthetic evidence file with N claims (for benchmarks and scale tests).
    Synth {
        /// Number of claims.
        claims: usize,
        /// Where to write.
        #[arg(short, long)]
        output: PathBuf,
        /// Generator seed (the same seed gives the same file).
        #[arg(long, default_value_t = 42)]
        seed: u64,
    },
}

/// Parses the command line and runs it; `run_app` opens the window (the UI floor passes
/// it in, so this module stays below `ui`).
pub fn main(run_app: impl FnOnce(Option<PathBuf>) -> ExitCode) -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Check { files, strict }) => check(&files, strict),
        Some(Command::Fmt {
            files,
            output,
            merge,
        }) => fmt(&files, &output, merge),
        Some(Command::Synth {
            claims,
            output,
            seed,
        }) => synth(claims, &output, seed),
        None => run_app(cli.file),
    }
}

fn check(files: &[PathBuf], strict: bool) -> ExitCode {
    let loaded = model::load_files(files);
    for diagnostic in &loaded.diagnostics {
        eprintln!("{diagnostic}");
    }
    if strict && loaded.diagnostics.is_empty() {
        let warnings = loaded.lint_diagnostics();
        for warning in &warnings {
            eprintln!("{}", warning.render("warning"));
        }
        if !warnings.is_empty() {
            eprintln!("{} curation warning(s) found", warnings.len());
            return ExitCode::FAILURE;
        }
    }
    if loaded.diagnostics.is_empty() {
        let doc = &loaded.doc;
        let n_entities: usize = model::Kind::ALL.iter().map(|&k| doc.count(k)).sum();
        println!(
            "ok: {n_entities} entities, {} claims, {} tables, {} figures",
            doc.claims.len(),
            doc.tables.len(),
            doc.figures.len()
        );
        ExitCode::SUCCESS
    } else {
        eprintln!("{} problem(s) found", loaded.diagnostics.len());
        ExitCode::FAILURE
    }
}

fn fmt(files: &[PathBuf], output: &std::path::Path, merge: bool) -> ExitCode {
    let loaded = if merge {
        let (loaded, notes) = model::load_and_merge_files(files);
        for note in notes {
            eprintln!("note: {}", model::diag::escape(&note));
        }
        loaded
    } else {
        model::load_files(files)
    };
    if !loaded.diagnostics.is_empty() {
        for diagnostic in &loaded.diagnostics {
            eprintln!("{diagnostic}");
        }
        eprintln!(
            "not written: fix the {} problem(s) first",
            loaded.diagnostics.len()
        );
        return ExitCode::FAILURE;
    }
    let mut doc = loaded.doc;
    doc.version = model::io::FORMAT_VERSION;
    match model::io::save_atomic(output, &doc) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

fn synth(n_claims: usize, output: &std::path::Path, seed: u64) -> ExitCode {
    let doc = model::synth::synthetic(n_claims, seed);
    match model::io::save_atomic(output, &doc) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}
