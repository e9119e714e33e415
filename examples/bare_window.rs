//! The bare eframe window the start-up benchmark (`scripts/startup.sh`) compares
//! Paracrine with: the same eframe build (the crate's features, the glow renderer), the
//! same window options (`paracrine::ui::native_options`) and the same first-frame probe
//! (`--exit-after-first-frame`, `--report-first-frame`), and an empty central panel.
//!
//! `cargo run --release --example bare_window -- --exit-after-first-frame --report-first-frame`

use std::process::ExitCode;

use paracrine::ui::first_frame::{FirstFrame, FirstFrameProbe};

/// The window's one panel, empty, and the probe.
struct Bare {
    probe: FirstFrameProbe,
}

impl eframe::App for Bare {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.probe.frame(ui.ctx());
        egui::CentralPanel::default().show(ui, |_ui| {});
    }

    fn persist_egui_memory(&self) -> bool {
        !self.probe.exits()
    }
}

fn main() -> ExitCode {
    let started = std::time::Instant::now();
    let mut asked = FirstFrame::default();
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--exit-after-first-frame" => asked.exit = true,
            "--report-first-frame" => asked.report = true,
            other => {
                eprintln!(
                    "error: unknown argument `{other}`; bare_window takes --exit-after-first-frame and --report-first-frame"
                );
                return ExitCode::from(2);
            }
        }
    }
    let mut options = paracrine::ui::native_options();
    asked.adjust(&mut options);
    let probe = FirstFrameProbe::new(asked, started);
    match eframe::run_native(
        "bare_window",
        options,
        Box::new(move |_cc| Ok(Box::new(Bare { probe }))),
    ) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: could not open the window: {err}");
            ExitCode::FAILURE
        }
    }
}
