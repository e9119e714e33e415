//! What the app needs from the machine: file dialogs and background jobs.
//!
//! Bottom floor: imports nothing of the crate but `lang`. A job runs on its own thread and
//! reports through a channel that the UI polls each frame, so the window never freezes;
//! long jobs publish [`Progress`].
//!
//! Panic policy for worker threads: a panic inside a job is caught where the job's input
//! came from the user (a file being loaded) and reported as an internal error in words
//! ([`JobError::Panicked`]); the app keeps running on the evidence it had. Helper threads
//! that only compute from already-validated data (search, indexing) re-raise the panic,
//! because an app that silently computes nothing is worse than a crash report.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU8, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Counters a long job updates and the UI reads: which stage, and how far in it.
#[derive(Debug, Default)]
pub struct Progress {
    stage: AtomicU8,
    done: AtomicUsize,
    total: AtomicUsize,
}

/// The stages of loading an evidence file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Reading the bytes from disk.
    Reading,
    /// Reading the entries one by one (`done` of `total`).
    Parsing,
    /// Checking references and building the index.
    Checking,
}

impl Stage {
    /// Chinese label.
    pub fn label_zh(self) -> &'static str {
        match self {
            Stage::Reading => "读取文件",
            Stage::Parsing => "解析条目",
            Stage::Checking => "检查与建立索引",
        }
    }

    /// English label.
    pub fn label_en(self) -> &'static str {
        match self {
            Stage::Reading => "reading the file",
            Stage::Parsing => "reading entries",
            Stage::Checking => "checking and indexing",
        }
    }
}

impl Progress {
    /// Starts a stage with `total` steps (0 when unknown).
    pub fn start(&self, stage: Stage, total: usize) {
        let code = match stage {
            Stage::Reading => 0,
            Stage::Parsing => 1,
            Stage::Checking => 2,
        };
        self.stage.store(code, Ordering::Relaxed);
        self.done.store(0, Ordering::Relaxed);
        self.total.store(total, Ordering::Relaxed);
    }

    /// Adds `n` finished steps.
    pub fn advance(&self, n: usize) {
        self.done.fetch_add(n, Ordering::Relaxed);
    }

    /// The current stage and its (done, total).
    pub fn snapshot(&self) -> (Stage, usize, usize) {
        let stage = match self.stage.load(Ordering::Relaxed) {
            0 => Stage::Reading,
            1 => Stage::Parsing,
            _ => Stage::Checking,
        };
        (
            stage,
            self.done.load(Ordering::Relaxed),
            self.total.load(Ordering::Relaxed),
        )
    }

    /// Fraction done in the current stage, when the total is known.
    pub fn fraction(&self) -> Option<f32> {
        let (_, done, total) = self.snapshot();
        (total > 0).then(|| (done.min(total) as f32) / (total as f32))
    }
}

/// Why a job gave no result.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JobError {
    /// The job's thread panicked: a bug, reported in words rather than crashing the app.
    #[error("internal error in “{0}”; please report it")]
    Panicked(String),
}

/// Drops `value` on a thread of its own: freeing a large document (a million strings
/// at 50,000 claims) takes tens of milliseconds the window should not wait for.
pub fn drop_in_background<T: Send + 'static>(value: T) {
    let spawned = std::thread::Builder::new()
        .name("drop".to_owned())
        .spawn(move || drop(value));
    // No thread to be had: the closure, and the value with it, was dropped here.
    drop(spawned);
}

/// A computation running on its own thread.
pub struct Job<T> {
    label: String,
    rx: mpsc::Receiver<Result<T, JobError>>,
    progress: Arc<Progress>,
    started: Instant,
}

impl<T: Send + 'static> Job<T> {
    /// Runs `work` on a new thread. `label` names the job in messages.
    pub fn spawn(
        label: impl Into<String>,
        work: impl FnOnce(&Progress) -> T + Send + 'static,
    ) -> Self {
        let label = label.into();
        let progress = Arc::new(Progress::default());
        let (tx, rx) = mpsc::channel();
        let thread_progress = Arc::clone(&progress);
        let thread_label = label.clone();
        std::thread::spawn(move || {
            let result =
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(&thread_progress)))
                    .map_err(|_| JobError::Panicked(thread_label));
            // The receiver is gone when the job was superseded; nothing to do then.
            let _ = tx.send(result);
        });
        Self {
            label,
            rx,
            progress,
            started: Instant::now(),
        }
    }
}

impl<T> Job<T> {
    /// `Some(result)` once the job has finished; never blocks.
    pub fn poll(&self) -> Option<Result<T, JobError>> {
        match self.rx.try_recv() {
            Ok(result) => Some(result),
            Err(mpsc::TryRecvError::Empty) => None,
            Err(mpsc::TryRecvError::Disconnected) => {
                Some(Err(JobError::Panicked(self.label.clone())))
            }
        }
    }

    /// Blocks until the job has finished (tests, and the command line).
    pub fn wait(self) -> Result<T, JobError> {
        self.rx
            .recv()
            .unwrap_or_else(|_| Err(JobError::Panicked(self.label.clone())))
    }

    /// What the job is doing, for the UI.
    pub fn label(&self) -> &str {
        &self.label
    }

    /// The job's published progress.
    pub fn progress(&self) -> &Progress {
        &self.progress
    }

    /// How long the job has been running.
    pub fn elapsed(&self) -> Duration {
        self.started.elapsed()
    }
}

/// Picks files. Behind a trait so tests never open a dialog, and so the app runs the real
/// dialog off the UI thread (rfd can block forever when a desktop portal never answers).
pub trait FilePicker: Send + Sync {
    /// Asks the user for an evidence file. `Err` when no dialog can be shown here.
    fn pick_evidence_file(&self) -> Result<Option<PathBuf>, NoDialog>;

    /// Asks the user for an evidence folder (its files open as one document). `Err`
    /// when no dialog can be shown here (the default).
    fn pick_evidence_folder(&self) -> Result<Option<PathBuf>, NoDialog> {
        Err(NoDialog)
    }

    /// Asks the user where to save a file, offering `suggested` (a folder and a file
    /// name that says what it is). `Err` when no dialog can be shown here (the default).
    fn pick_save_path(&self, suggested: &Path) -> Result<Option<PathBuf>, NoDialog> {
        let _ = suggested;
        Err(NoDialog)
    }
}

/// No system file dialog can be shown on this machine (no desktop portal, no zenity).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NoDialog;

/// The native dialog (rfd).
pub struct RfdPicker;

/// A dialog that answers faster than this without a file was not shown to anyone: with
/// no portal, rfd returns `None` at once.
const HUMAN_CANCEL: Duration = Duration::from_millis(250);

impl FilePicker for RfdPicker {
    fn pick_evidence_file(&self) -> Result<Option<PathBuf>, NoDialog> {
        let started = Instant::now();
        let picked = rfd::FileDialog::new()
            .set_title("Open evidence file / 打开证据文件")
            .add_filter("Paracrine evidence (RON)", &["ron"])
            .pick_file();
        match picked {
            None if started.elapsed() < HUMAN_CANCEL => Err(NoDialog),
            other => Ok(other),
        }
    }

    fn pick_evidence_folder(&self) -> Result<Option<PathBuf>, NoDialog> {
        let started = Instant::now();
        let picked = rfd::FileDialog::new()
            .set_title("Open evidence folder / 打开证据文件夹")
            .pick_folder();
        match picked {
            None if started.elapsed() < HUMAN_CANCEL => Err(NoDialog),
            other => Ok(other),
        }
    }

    fn pick_save_path(&self, suggested: &Path) -> Result<Option<PathBuf>, NoDialog> {
        let started = Instant::now();
        let mut dialog = rfd::FileDialog::new().set_title("Save table / 保存表格");
        if let Some(name) = suggested.file_name() {
            dialog = dialog.set_file_name(name.to_string_lossy());
        }
        if let Some(folder) = suggested.parent().filter(|f| f.is_dir()) {
            dialog = dialog.set_directory(folder);
        }
        let picked = dialog
            .add_filter("CSV", &["csv"])
            .add_filter("TSV", &["tsv"])
            .save_file();
        match picked {
            None if started.elapsed() < HUMAN_CANCEL => Err(NoDialog),
            other => Ok(other),
        }
    }
}

/// A picker that never shows anything (tests, benchmarks, headless runs).
pub struct NoPicker;

impl FilePicker for NoPicker {
    fn pick_evidence_file(&self) -> Result<Option<PathBuf>, NoDialog> {
        Err(NoDialog)
    }
}

#[cfg(test)]
mod tests {
    use super::{Job, JobError, Stage};

    #[test]
    fn a_job_reports_its_result_and_progress() {
        let job = Job::spawn("count", |progress| {
            progress.start(Stage::Parsing, 10);
            progress.advance(10);
            42
        });
        assert_eq!(job.wait(), Ok(42));
    }

    #[test]
    fn a_panicking_job_is_an_error_not_a_crash() {
        let job: Job<u32> = Job::spawn("boom", |_| panic!("boom"));
        assert_eq!(job.wait(), Err(JobError::Panicked("boom".to_owned())));
    }
}
