//! Command line: `paracrine [FILE]` opens the app; `paracrine check` validates files;
//! `paracrine fmt` rewrites files in the canonical layout (and merges several into one);
//! `paracrine split` lays a file out as an evidence folder (one file per review). Every
//! command that reads evidence takes a folder too: its `*.ron` files, as one document.
//! `paracrine export` writes a figure panel or an entity diagram as SVG or PNG, a deck's
//! slides, and review tables and claims tables as CSV or TSV.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::model::gapmap::MapAxis;

use crate::export::table::{self, Arrangement, TableFormat, TableRequest, TableSource};
use crate::export::{self, Format, SourceInfo, Subject};
use crate::lang::Lang;
use crate::model::evidence::{ClaimQuery, ClaimSet};
use crate::model::tabular::Sort;
use crate::model::{self, Direction, Id, Kind, Species, Tier, filter::Filters};

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
    /// Evidence file or folder to open (default: ./evidence.ron, else the copy built into
    /// the app).
    file: Option<PathBuf>,
    /// Close the window as soon as its first frame has been painted, saving no settings
    /// (for start-up benchmarks: `scripts/startup.sh`).
    #[arg(long)]
    exit_after_first_frame: bool,
    /// Print one line to stderr once the first frame has been painted: the time since
    /// start and the resident memory (`first-frame since_main_ms=… vmrss_kb=…`).
    #[arg(long)]
    report_first_frame: bool,
}

/// How the app is started: the file, and the first-frame probe
/// (`--exit-after-first-frame`, `--report-first-frame`).
#[derive(Clone, Debug)]
pub struct AppArgs {
    /// The evidence file asked for, if any.
    pub file: Option<PathBuf>,
    /// Close the window once its first frame has been painted.
    pub exit_after_first_frame: bool,
    /// Print the first-frame timing line to stderr.
    pub report_first_frame: bool,
    /// When `main` started (the first-frame time is measured from here).
    pub started: std::time::Instant,
}

#[derive(Subcommand)]
enum Command {
    /// Load and validate evidence files; print every problem as FILE:LINE:COL: error: ….
    /// Several files, or a folder (its `*.ron` files, by name), are checked as one
    /// document. Exit status 1 when there are problems.
    Check {
        #[arg(default_value = "evidence.ron")]
        files: Vec<PathBuf>,
        /// Also run the curation heuristics (a level its quote contradicts, species human
        /// on preclinical work, one molecule as cargo and target, two entities with one
        /// name) and print them as warnings; exit status 1 when there are any.
        #[arg(long)]
        strict: bool,
    },
    /// Merge one or more evidence files (or folders) and write them in the canonical
    /// layout, as one file. Refuses to write when the input has problems.
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
    /// Print what changed between two evidence files (or folders), record by record: added, removed,
    /// renamed (via `former_ids`) and changed fields ("claim c1: level Animal → HumanCase").
    /// Exit status 0 when they are the same, 1 when they differ, 2 when one does not
    /// load. Given git's seven arguments it works as a git diff driver (exit 0).
    Diff {
        /// OLD NEW, or git's `path old-file old-hex old-mode new-file new-hex new-mode`.
        #[arg(required = true, num_args = 2..=7)]
        files: Vec<PathBuf>,
    },
    /// Lay an evidence file (or folder) out as an evidence folder: one file per review
    /// (`ID.ron`: the review, its studies, claims, tables and figures) and the other
    /// entities in `entities.ron`. The folder must be new or empty.
    Split {
        /// The evidence file or folder.
        file: PathBuf,
        /// The folder to write (made if missing).
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Write a synthetic evidence file of size N (for benchmarks and scale tests): by
    /// default a valid file with N claims; `--shape` makes adversarial ones; `--files K`
    /// a folder of K review files and `entities.ron`.
    Synth {
        /// The size: claims (typical), diseases in the chain (deep-hierarchy), ids defined
        /// twice (duplicate-ids), unknown parents (dangling-refs), entries (one-line,
        /// junk).
        #[arg(value_name = "N")]
        claims: usize,
        /// Where to write.
        #[arg(short, long)]
        output: PathBuf,
        /// Generator seed (the same seed gives the same file).
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// What the file looks like.
        #[arg(long, value_enum, default_value_t = ShapeArg::Typical)]
        shape: ShapeArg,
        /// Write a folder (at --output) of K review files sharing the N claims, and
        /// `entities.ron` (typical shape only).
        #[arg(long, value_name = "K")]
        files: Option<usize>,
    },
    /// Write a figure panel or an entity's mechanism diagram as SVG or PNG, with a
    /// footer citing what it shows and the evidence file.
    Export {
        #[command(subcommand)]
        what: ExportWhat,
    },
}

/// `paracrine synth --shape`: the shapes of [`model::synth::Shape`].
#[derive(Clone, Copy, ValueEnum)]
enum ShapeArg {
    /// A valid file shaped like the curated one.
    Typical,
    /// A valid file of one disease chain N deep.
    DeepHierarchy,
    /// N diseases defined twice.
    DuplicateIds,
    /// N diseases whose parent does not exist.
    DanglingRefs,
    /// N entries on one line, each with an unknown field.
    OneLine,
    /// N broken entries of many kinds.
    Junk,
}

impl From<ShapeArg> for model::synth::Shape {
    fn from(shape: ShapeArg) -> Self {
        match shape {
            ShapeArg::Typical => Self::Typical,
            ShapeArg::DeepHierarchy => Self::DeepHierarchy,
            ShapeArg::DuplicateIds => Self::DuplicateIds,
            ShapeArg::DanglingRefs => Self::DanglingRefs,
            ShapeArg::OneLine => Self::OneLine,
            ShapeArg::Junk => Self::Junk,
        }
    }
}

#[derive(Subcommand)]
enum ExportWhat {
    /// A panel of a review figure: `paracrine export figure f001-2 --panel B -o out.svg`.
    Figure {
        /// The figure's id (`f001-2`).
        id: String,
        /// The panel letter; may be left out when the figure has one panel.
        #[arg(long)]
        panel: Option<String>,
        #[command(flatten)]
        common: ExportArgs,
    },
    /// The mechanism diagram of an entity from its claims:
    /// `paracrine export diagram ibd --level animal -o ibd.png`.
    Diagram {
        /// The entity's id (or its exact abbreviation, name or alias).
        id: String,
        /// Only claims of this evidence tier (repeatable).
        #[arg(long = "level", value_enum)]
        levels: Vec<LevelArg>,
        /// Only claims from this review id (repeatable).
        #[arg(long = "review")]
        reviews: Vec<String>,
        /// Only claims naming this species (repeatable): human, mouse, rat, …
        #[arg(long = "species", value_parser = parse_species)]
        species: Vec<Species>,
        #[command(flatten)]
        common: ExportArgs,
    },
    /// The evidence gap map (every row) as SVG or PNG with its footer:
    /// `paracrine export map --rows diseases --level animal -o map.svg`.
    Map {
        /// What the rows are.
        #[arg(long, value_enum, default_value = "diseases")]
        rows: MapRowsArg,
        /// Only claims of this evidence tier (repeatable).
        #[arg(long = "level", value_enum)]
        levels: Vec<LevelArg>,
        /// Only claims from this review id (repeatable).
        #[arg(long = "review")]
        reviews: Vec<String>,
        /// Only claims naming this species (repeatable): human, mouse, rat, …
        #[arg(long = "species", value_parser = parse_species)]
        species: Vec<Species>,
        #[command(flatten)]
        common: ExportArgs,
    },
    /// Every slide of a deck as numbered PNG and SVG files with citation footers:
    /// `paracrine export deck my-talk.deck.ron -o slides/`.
    Deck(DeckExportArgs),
    /// A review table as CSV (or TSV), every cell's text verbatim, sorted and filtered:
    /// `paracrine export table t003-2 --sort Year --desc -o t.csv`.
    Table {
        /// The table's id (`t003-2`).
        id: String,
        #[command(flatten)]
        table: TableArgs,
    },
    /// The claims about an entity (or all) as a table, CSV or TSV:
    /// `paracrine export claims --disease sle --level animal -o sle.csv`.
    Claims(ClaimsExportArgs),
}

/// What `export table` and `export claims` share.
#[derive(Args)]
struct TableArgs {
    /// Sort by this column: its number (1 = the first) or its header in either language.
    #[arg(long, value_name = "COLUMN")]
    sort: Option<String>,
    /// Sort descending (with --sort).
    #[arg(long, requires = "sort")]
    desc: bool,
    /// Only the rows in which every word of TEXT appears in some cell (either language;
    /// linked entries by their names, abbreviations and aliases).
    #[arg(long, value_name = "TEXT")]
    filter: Option<String>,
    /// Where to write; .csv or .tsv picks the format. A folder, or nothing: the suggested
    /// name (it says what the table is) in that folder, or here.
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Language of headers and labels (a review table's cells are verbatim).
    #[arg(long, value_enum, default_value_t = LangArg::Both)]
    lang: LangArg,
    /// The evidence file or folder.
    #[arg(long, default_value = "evidence.ron")]
    file: PathBuf,
}

/// `paracrine export claims --disease sle --level animal -o sle.csv`.
#[derive(Args)]
struct ClaimsExportArgs {
    #[command(flatten)]
    entities: EntityFlags,
    /// Only claims of this evidence tier (repeatable).
    #[arg(long = "level", value_enum)]
    levels: Vec<LevelArg>,
    /// Only claims pointing this way (repeatable): promotes, inhibits, no-effect, mixed,
    /// pro-tumor, anti-tumor, describes.
    #[arg(long = "direction", value_parser = parse_direction)]
    directions: Vec<Direction>,
    /// Only claims naming this species (repeatable): human, mouse, rat, …
    #[arg(long = "species", value_parser = parse_species)]
    species: Vec<Species>,
    /// Only the entity's own claims, not those of its descendants (a parent disease
    /// without its child diseases).
    #[arg(long)]
    no_rollup: bool,
    #[command(flatten)]
    table: TableArgs,
}

/// The entity of `export claims`: `--entity ID` for any kind, or one flag per entity
/// kind (`--disease`, `--source`, `--cargo`, `--cell-type`, …) made from the kind table,
/// which also checks the kind. Each takes an id, abbreviation, name or alias.
#[derive(Default)]
struct EntityFlags {
    given: Vec<(Option<Kind>, String)>,
}

/// The flag naming an entity of `kind`: its noun, `MSC source` → `source`.
fn kind_flag(kind: Kind) -> String {
    kind.noun()
        .trim_start_matches("MSC ")
        .to_lowercase()
        .replace(' ', "-")
}

impl clap::FromArgMatches for EntityFlags {
    fn from_arg_matches(matches: &clap::ArgMatches) -> Result<Self, clap::Error> {
        let mut flags = EntityFlags::default();
        flags.update_from_arg_matches(matches)?;
        Ok(flags)
    }

    fn update_from_arg_matches(&mut self, matches: &clap::ArgMatches) -> Result<(), clap::Error> {
        let mut take = |id: &str, kind: Option<Kind>| {
            if let Ok(Some(values)) = matches.try_get_many::<String>(id) {
                self.given.extend(values.map(|v| (kind, v.clone())));
            }
        };
        take("entity", None);
        for kind in Kind::ALL {
            take(&kind_flag(kind), Some(kind));
        }
        Ok(())
    }
}

impl clap::Args for EntityFlags {
    fn augment_args(cmd: clap::Command) -> clap::Command {
        let mut cmd = cmd.arg(
            clap::Arg::new("entity")
                .long("entity")
                .value_name("ID")
                .action(clap::ArgAction::Append)
                .help("The claims mentioning this entity, of any kind (id, abbreviation, name or alias); none: all claims"),
        );
        for kind in Kind::ALL {
            let flag = kind_flag(kind);
            cmd = cmd.arg(
                clap::Arg::new(flag.clone())
                    .long(flag)
                    .value_name("ID")
                    .action(clap::ArgAction::Append)
                    .help(format!("The claims mentioning this {}", kind.noun())),
            );
        }
        cmd
    }

    fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
        Self::augment_args(cmd)
    }
}

/// `paracrine export deck my-talk.deck.ron -o slides/`: every slide, numbered.
#[derive(Args)]
struct DeckExportArgs {
    /// The deck file (saved from the app's Deck window).
    deck: PathBuf,
    /// The folder to write the numbered slides into (created if missing).
    #[arg(short, long)]
    output: PathBuf,
    /// Language of the labels and footers.
    #[arg(long, value_enum, default_value_t = LangArg::Both)]
    lang: LangArg,
    /// The evidence file or folder.
    #[arg(long, default_value = "evidence.ron")]
    file: PathBuf,
}

/// What both export forms share.
#[derive(Args)]
struct ExportArgs {
    /// Where to write; the extension (.svg or .png) picks the format. A folder, or
    /// nothing: the suggested name (it says what the file shows) in that folder, or here.
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// The format when --output does not end in .svg or .png.
    #[arg(long, value_enum)]
    format: Option<FormatArg>,
    /// PNG pixels per diagram unit.
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u32).range(1..=4))]
    scale: u32,
    /// Language of the labels and the footer.
    #[arg(long, value_enum, default_value_t = LangArg::Both)]
    lang: LangArg,
    /// The evidence file or folder.
    #[arg(long, default_value = "evidence.ron")]
    file: PathBuf,
}

#[derive(Clone, Copy, ValueEnum)]
enum LevelArg {
    Statement,
    InVitro,
    Animal,
    Human,
}

impl From<LevelArg> for Tier {
    fn from(level: LevelArg) -> Tier {
        match level {
            LevelArg::Statement => Tier::Statement,
            LevelArg::InVitro => Tier::InVitro,
            LevelArg::Animal => Tier::Animal,
            LevelArg::Human => Tier::Human,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum LangArg {
    Zh,
    En,
    Both,
}

impl From<LangArg> for Lang {
    fn from(lang: LangArg) -> Lang {
        match lang {
            LangArg::Zh => Lang::Zh,
            LangArg::En => Lang::En,
            LangArg::Both => Lang::Both,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    Svg,
    Png,
}

fn parse_direction(text: &str) -> Result<Direction, String> {
    let wanted = text.trim().to_lowercase().replace(['-', '_'], " ");
    Direction::ALL
        .into_iter()
        .find(|d| d.label_en().replace('-', " ") == wanted)
        .ok_or_else(|| {
            let names: Vec<String> = Direction::ALL
                .iter()
                .map(|d| d.label_en().replace(' ', "-"))
                .collect();
            format!("unknown direction `{text}`; one of: {}", names.join(", "))
        })
}

fn parse_species(text: &str) -> Result<Species, String> {
    Species::ALL
        .into_iter()
        .find(|s| s.label_en().eq_ignore_ascii_case(text.trim()))
        .ok_or_else(|| {
            let names: Vec<&str> = Species::ALL.iter().map(|s| s.label_en()).collect();
            format!("unknown species `{text}`; one of: {}", names.join(", "))
        })
}

/// Parses the command line and runs it; `run_app` opens the window (the UI floor passes
/// it in, so this module stays below `ui`).
pub fn main(run_app: impl FnOnce(AppArgs) -> ExitCode) -> ExitCode {
    let started = std::time::Instant::now();
    main_with(Cli::parse(), started, run_app)
}

/// [`main`] over arguments given as a list (the first is the program name), as tests
/// call it.
pub fn main_from<I, T>(args: I, run_app: impl FnOnce(AppArgs) -> ExitCode) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let started = std::time::Instant::now();
    match Cli::try_parse_from(args) {
        Ok(cli) => main_with(cli, started, run_app),
        Err(err) => {
            let _ = err.print();
            ExitCode::from(2)
        }
    }
}

fn main_with(
    cli: Cli,
    started: std::time::Instant,
    run_app: impl FnOnce(AppArgs) -> ExitCode,
) -> ExitCode {
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
            shape,
            files: Some(files),
        }) => synth_folder(shape.into(), claims, files, &output, seed),
        Some(Command::Synth {
            claims,
            output,
            seed,
            shape,
            files: None,
        }) => synth(shape.into(), claims, &output, seed),
        Some(Command::Split { file, output }) => split(&file, &output),
        Some(Command::Export { what }) => export_command(&what),
        Some(Command::Diff { files }) => diff_command(&files),
        None => run_app(AppArgs {
            file: cli.file,
            exit_after_first_frame: cli.exit_after_first_frame,
            report_first_frame: cli.report_first_frame,
            started,
        }),
    }
}

fn diff_command(files: &[PathBuf]) -> ExitCode {
    let (old, new, git_path) = match files {
        [old, new] => (old, new, None),
        [path, old, _, _, new, _, _] => (old, new, Some(path)),
        _ => {
            eprintln!(
                "error: diff takes two files (OLD NEW), or the seven arguments git gives a diff driver"
            );
            return ExitCode::from(2);
        }
    };
    let load = |path: &PathBuf| -> Result<model::Document, ExitCode> {
        // git passes /dev/null for a file that was added or deleted.
        if path.as_os_str() == "/dev/null" {
            return Ok(model::Document::default());
        }
        let loaded = model::load_files(std::slice::from_ref(path));
        if loaded.diagnostics.is_empty() {
            Ok(loaded.doc)
        } else {
            for diagnostic in &loaded.diagnostics {
                eprintln!("{diagnostic}");
            }
            eprintln!(
                "error: {} does not load ({} problem(s)); fix it, then compare",
                path.display(),
                loaded.diagnostics.len()
            );
            Err(ExitCode::from(2))
        }
    };
    let (old_doc, new_doc) = match (load(old), load(new)) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(code), _) | (_, Err(code)) => return code,
    };
    let changes = model::diff::diff(&old_doc, &new_doc);
    if let Some(path) = git_path {
        println!("paracrine diff {}", path.display());
    }
    print!("{}", model::diff::render(&changes));
    match (changes.is_empty(), git_path) {
        (_, Some(_)) | (true, None) => ExitCode::SUCCESS,
        (false, None) => ExitCode::FAILURE,
    }
}

fn check(files: &[PathBuf], strict: bool) -> ExitCode {
    let loaded = model::load_files_without_search(files);
    print_diagnostics(&loaded);
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
        eprintln!("{} problem(s) found", loaded.n_problems());
        ExitCode::FAILURE
    }
}

/// Prints the diagnostics listed, one per line, then how many more were found: a file
/// with a million problems prints the first few thousand and a count.
fn print_diagnostics(loaded: &model::Loaded) {
    use std::io::Write as _;
    let mut err = std::io::stderr().lock();
    for diagnostic in &loaded.diagnostics {
        let _ = writeln!(err, "{diagnostic}");
    }
    if loaded.unlisted > 0 {
        let _ = writeln!(
            err,
            "… and {} more problem(s), not listed (the first {} are above); fix those and check again",
            loaded.unlisted,
            loaded.diagnostics.len()
        );
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
        print_diagnostics(&loaded);
        eprintln!(
            "not written: fix the {} problem(s) first",
            loaded.n_problems()
        );
        return ExitCode::FAILURE;
    }
    let mut doc = loaded.doc;
    doc.version = model::io::FORMAT_VERSION;
    match model::io::save_atomic(output, &doc) {
        Ok(report) => {
            for warning in &report.warnings {
                eprintln!("warning: {warning}");
            }
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

fn synth(shape: model::synth::Shape, n: usize, output: &std::path::Path, seed: u64) -> ExitCode {
    let written = shape
        .text(n, seed)
        .map_err(|err| format!("cannot write the synthetic file: {err}"))
        .and_then(|text| {
            model::io::write_atomic(output, text.as_bytes(), model::io::Symlinks::Follow)
                .map_err(|err| err.to_string())
        });
    match written {
        Ok(_) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

/// `paracrine synth N --files K -o DIR`: a folder of K review files and `entities.ron`.
fn synth_folder(
    shape: model::synth::Shape,
    n: usize,
    files: usize,
    output: &Path,
    seed: u64,
) -> ExitCode {
    if shape != model::synth::Shape::Typical {
        eprintln!("error: --files makes folders of the typical shape only; leave out --shape");
        return ExitCode::FAILURE;
    }
    if files == 0 {
        eprintln!("error: --files 0: a folder needs at least one review file");
        return ExitCode::FAILURE;
    }
    let doc = model::synth::synthetic_reviews(n, files, seed);
    match model::io::write_split(output, &doc) {
        Ok(report) => {
            println!("{}", report.message());
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

/// `paracrine split FILE -o DIR`: the evidence as a folder, one file per review.
fn split(file: &Path, output: &Path) -> ExitCode {
    let loaded = model::load_files(&[file.to_path_buf()]);
    if !loaded.diagnostics.is_empty() {
        print_diagnostics(&loaded);
        eprintln!(
            "not written: fix the {} problem(s) first",
            loaded.n_problems()
        );
        return ExitCode::FAILURE;
    }
    let mut doc = loaded.doc;
    doc.version = model::io::FORMAT_VERSION;
    match model::io::write_split(output, &doc) {
        Ok(report) => {
            println!("{}", report.message());
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

/// Loads the evidence an export names: a folder as one document, a file as read.
fn load_evidence(path: &Path) -> Result<model::Loaded, String> {
    if path.is_dir() {
        return Ok(model::load_files(&[path.to_path_buf()]));
    }
    let bytes =
        std::fs::read(path).map_err(|err| format!("cannot read {}: {err}", path.display()))?;
    Ok(model::load_bytes(path, &bytes))
}

/// `paracrine export …`: every failure is one line on stderr and exit status 1.
fn export_command(what: &ExportWhat) -> ExitCode {
    match run_export(what) {
        Ok(message) => {
            println!("{message}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The filters the `--level`, `--review` and `--species` flags ask for.
fn filters_of(levels: &[LevelArg], reviews: &[String], species: &[Species]) -> Filters {
    Filters {
        tiers: levels.iter().map(|&l| Tier::from(l)).collect(),
        reviews: reviews.iter().map(Id::from).collect(),
        species: species.iter().copied().collect::<BTreeSet<_>>(),
        ..Filters::default()
    }
}

/// The rows of an exported gap map.
#[derive(Clone, Copy, Debug, ValueEnum)]
enum MapRowsArg {
    /// Diseases and disease models.
    Diseases,
    /// MSC sources.
    Sources,
    /// Vehicles.
    Vehicles,
}

impl From<MapRowsArg> for MapAxis {
    fn from(rows: MapRowsArg) -> MapAxis {
        match rows {
            MapRowsArg::Diseases => MapAxis::Diseases,
            MapRowsArg::Sources => MapAxis::Sources,
            MapRowsArg::Vehicles => MapAxis::Vehicles,
        }
    }
}

fn run_export(what: &ExportWhat) -> Result<String, String> {
    let (common, lookup): (&ExportArgs, Lookup) = match what {
        ExportWhat::Deck(args) => return run_deck_export(args),
        ExportWhat::Table { id, table } => {
            return run_table_export(table, |_, _| {
                Ok((TableSource::Review(Id::from(id)), Filters::default()))
            });
        }
        ExportWhat::Claims(args) => {
            return run_table_export(&args.table, |doc, index| claims_source(doc, index, args));
        }
        ExportWhat::Figure { id, panel, common } => (common, Lookup::Panel(id, panel.as_deref())),
        ExportWhat::Map {
            rows,
            levels,
            reviews,
            species,
            common,
        } => (
            common,
            Lookup::Map(MapAxis::from(*rows), filters_of(levels, reviews, species)),
        ),
        ExportWhat::Diagram {
            id,
            levels,
            reviews,
            species,
            common,
        } => (
            common,
            Lookup::Entity(id, filters_of(levels, reviews, species)),
        ),
    };
    let loaded = load_evidence(&common.file)?;
    if !loaded.diagnostics.is_empty() {
        print_diagnostics(&loaded);
        eprintln!(
            "warning: {} problem(s) in {}; exporting what loaded",
            loaded.n_problems(),
            common.file.display()
        );
    }
    let (doc, index) = (&loaded.doc, &loaded.index);
    let subject = match lookup {
        Lookup::Panel(id, panel) => export::find_panel(doc, index, id, panel),
        Lookup::Entity(id, filters) => {
            export::find_entity(doc, index, id).map(|id| Subject::entity(id, filters))
        }
        Lookup::Map(axis, filters) => Ok(Subject::EvidenceMap { axis, filters }),
    }
    .map_err(|err| err.to_string())?;
    let format = export_format(common)?;
    let source = SourceInfo::new(&common.file, loaded.hash);
    let rendered = export::render(doc, index, &subject, format, common.lang.into(), &source)
        .map_err(|err| err.to_string())?;
    let target = match &common.output {
        Some(path) if path.is_dir() => path.join(&rendered.suggested_name),
        Some(path) => path.clone(),
        None => PathBuf::from(&rendered.suggested_name),
    };
    let written = export::write_file(&target, &rendered.bytes).map_err(|err| err.to_string())?;
    let [w, h] = rendered.size;
    let unit = match format {
        Format::Svg => "SVG",
        Format::Png { .. } => "PNG pixels",
    };
    Ok(format!(
        "wrote {} ({w} × {h} {unit})",
        shown(&target, &written)
    ))
}

/// `paracrine export deck`: the deck's slides into a folder.
fn run_deck_export(args: &DeckExportArgs) -> Result<String, String> {
    let deck = crate::model::deck::open_deck(&args.deck)?;
    let loaded = load_evidence(&args.file)?;
    print_diagnostics(&loaded);
    let source = SourceInfo::new(&args.file, loaded.hash);
    let written = export::deck::export_deck(
        &loaded.doc,
        &loaded.index,
        &deck,
        args.lang.into(),
        &source,
        &args.output,
    )
    .map_err(|err| err.to_string())?;
    Ok(format!(
        "wrote {} files for {} slides into {}",
        written.len(),
        deck.slides.len(),
        args.output.display()
    ))
}

/// The claims `export claims` asks for: the entity's (rolled up unless --no-rollup) or
/// all, and the filters.
fn claims_source(
    doc: &model::Document,
    index: &model::Index,
    args: &ClaimsExportArgs,
) -> Result<(TableSource, Filters), String> {
    let set = match args.entities.given.as_slice() {
        [] => ClaimSet::All,
        [(kind, asked)] => {
            let id = export::find_entity(doc, index, asked).map_err(|err| err.to_string())?;
            if let (Some(kind), Some(model::Item::Entity(found, _))) = (kind, index.item(&id))
                && *kind != found
            {
                return Err(format!(
                    "`{id}` is a {}, not a {}: use --{} (or --entity)",
                    found.noun(),
                    kind.noun(),
                    kind_flag(found)
                ));
            }
            ClaimSet::Entity {
                id: Id::from(id),
                rollup: !args.no_rollup,
            }
        }
        [_, _, ..] => {
            let asked: Vec<&str> = args
                .entities
                .given
                .iter()
                .map(|(_, a)| a.as_str())
                .collect();
            return Err(format!(
                "name one entity (got {}); narrow further with --level, --direction, --species or --filter",
                asked.join(", ")
            ));
        }
    };
    let filters = Filters {
        tiers: args.levels.iter().map(|&l| Tier::from(l)).collect(),
        directions: args.directions.iter().copied().collect(),
        species: args.species.iter().copied().collect(),
        ..Filters::default()
    };
    Ok((TableSource::Claims(ClaimQuery::of(set)), filters))
}

/// `paracrine export table|claims`: the table `source_of` names (given the loaded
/// document), arranged by --sort and --filter, as CSV or TSV.
fn run_table_export(
    args: &TableArgs,
    source_of: impl FnOnce(&model::Document, &model::Index) -> Result<(TableSource, Filters), String>,
) -> Result<String, String> {
    let format = match &args.output {
        Some(path) if !path.is_dir() => Some(TableFormat::from_path(path).ok_or_else(|| {
            format!(
                "cannot tell the format of {}: end it in .csv or .tsv",
                path.display()
            )
        })?),
        Some(_) | None => None,
    };
    let loaded = load_evidence(&args.file)?;
    if !loaded.diagnostics.is_empty() {
        for diagnostic in &loaded.diagnostics {
            eprintln!("{diagnostic}");
        }
        eprintln!(
            "warning: {} problem(s) in {}; exporting what loaded",
            loaded.diagnostics.len(),
            args.file.display()
        );
    }
    let (doc, index) = (&loaded.doc, &loaded.index);
    let lang: Lang = args.lang.into();
    let (source, filters) = source_of(doc, index)?;
    let sort = match &args.sort {
        None => Sort::default(),
        Some(asked) => {
            let visible = filters.visible_claims(doc, index);
            let (table, _) = table::table_of(
                doc,
                index,
                &source,
                |i| visible.get(i).copied().unwrap_or(true),
                lang,
            )
            .map_err(|err| err.to_string())?;
            let column = table::find_column(&table, asked).map_err(|err| err.to_string())?;
            let sort = Sort::by(column);
            if args.desc {
                sort.clicked(column)
            } else {
                sort
            }
        }
    };
    let request = TableRequest {
        source,
        arrangement: Arrangement {
            sort,
            filter: args.filter.clone().unwrap_or_default(),
        },
        filters,
        lang,
    };
    let origin = SourceInfo::new(&args.file, loaded.hash);
    let format = format.unwrap_or(TableFormat::Csv);
    let file = table::export_table(doc, index, &request, &origin, format)
        .map_err(|err| err.to_string())?;
    let target = match &args.output {
        Some(path) if path.is_dir() => path.join(&file.suggested_name),
        Some(path) => path.clone(),
        None => PathBuf::from(&file.suggested_name),
    };
    let written = export::write_file(&target, &file.bytes).map_err(|err| err.to_string())?;
    Ok(format!(
        "wrote {} ({} of {} rows)",
        shown(&target, &written),
        file.n_rows,
        file.n_total
    ))
}

/// What to export, before the document is loaded.
enum Lookup<'a> {
    Panel(&'a str, Option<&'a str>),
    Entity(&'a str, Filters),
    Map(MapAxis, Filters),
}

/// The format from --output's extension, else --format, else SVG.
fn export_format(common: &ExportArgs) -> Result<Format, String> {
    let asked = common.format.map(|f| match f {
        FormatArg::Svg => Format::Svg,
        FormatArg::Png => Format::Png {
            scale: common.scale,
        },
    });
    let from_name = common
        .output
        .as_deref()
        .filter(|p| !p.is_dir())
        .map(|p| (p, Format::from_path(p, common.scale)));
    match (from_name, asked) {
        (Some((_, Some(by_name))), Some(asked)) if by_name != asked => Err(format!(
            "--format {} contradicts the file name's extension .{}",
            asked.extension(),
            by_name.extension()
        )),
        (Some((_, Some(by_name))), _) => Ok(by_name),
        (Some((path, None)), None) => Err(format!(
            "cannot tell the format of {}: end it in .svg or .png, or pass --format",
            path.display()
        )),
        (_, Some(asked)) => Ok(asked),
        (None, None) => Ok(Format::Svg),
    }
}

/// The path as asked, with the real one when links were resolved.
fn shown(asked: &Path, written: &Path) -> String {
    let asked_abs = std::env::current_dir().map(|d| d.join(asked)).ok();
    if asked_abs.as_deref() == Some(written) || asked == written {
        asked.display().to_string()
    } else {
        format!("{} ({})", asked.display(), written.display())
    }
}
