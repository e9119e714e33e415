//! The first-frame probe behind `paracrine --exit-after-first-frame` and
//! `--report-first-frame`, shared with `examples/bare_window.rs` so the app and a bare
//! eframe window are measured the same way (`scripts/startup.sh`).
//!
//! eframe keeps the window hidden until its first frame is painted and shows it right
//! after; the probe knows that frame was painted when the second one starts (it asks
//! for that second frame). Then it prints one line to stderr, if asked, and closes the
//! window, if asked.

use std::time::{Instant, SystemTime, UNIX_EPOCH};

/// What to do once the first frame has been painted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FirstFrame {
    /// Close the window (and exit cleanly) once the first frame is painted.
    pub exit: bool,
    /// Print a [`FirstFrameProbe::report_line`] to stderr once the first frame is painted.
    pub report: bool,
}

impl FirstFrame {
    /// Whether anything is asked at all.
    pub fn is_asked(self) -> bool {
        self.exit || self.report
    }

    /// The window options the probe needs: a run that closes itself after one frame
    /// does not persist the window's geometry (it was never the user's).
    pub fn adjust(self, options: &mut eframe::NativeOptions) {
        if self.exit {
            options.persist_window = false;
        }
    }
}

/// Watches for the first painted frame; call [`Self::frame`] at the start of every frame.
#[derive(Debug)]
pub struct FirstFrameProbe {
    asked: FirstFrame,
    started: Instant,
    done: bool,
}

impl FirstFrameProbe {
    /// A probe for what `asked` says, timing from `started` (the start of `main`).
    pub fn new(asked: FirstFrame, started: Instant) -> Self {
        Self {
            asked,
            started,
            done: !asked.is_asked(),
        }
    }

    /// Whether this run closes itself after the first frame (it then saves nothing).
    pub fn exits(&self) -> bool {
        self.asked.exit
    }

    /// Call at the start of every frame: during the first it asks for a second; at the
    /// start of the second (the first has been painted and shown) it reports and closes.
    pub fn frame(&mut self, ctx: &egui::Context) {
        if self.done {
            return;
        }
        if ctx.cumulative_frame_nr() == 0 {
            ctx.request_repaint();
            return;
        }
        self.done = true;
        if self.asked.report {
            eprintln!("{}", self.report_line());
        }
        if self.asked.exit {
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }

    /// `first-frame since_main_ms=… unix_ns=… vmhwm_kb=… vmrss_kb=…`: the time since
    /// `main` started, the wall clock (so a caller can time from before it spawned the
    /// process), and the peak and current resident memory from `/proc/self/status`
    /// (`-` where there is none).
    pub fn report_line(&self) -> String {
        let since_main = self.started.elapsed().as_secs_f64() * 1000.0;
        let unix_ns = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        let field = |name: &str| {
            status_kb(&status, name).map_or_else(|| "-".to_owned(), |kb| kb.to_string())
        };
        format!(
            "first-frame since_main_ms={since_main:.1} unix_ns={unix_ns} vmhwm_kb={} vmrss_kb={}",
            field("VmHWM"),
            field("VmRSS"),
        )
    }
}

/// The value in kB of field `name` (`VmRSS`) of a `/proc/PID/status` text.
pub fn status_kb(status: &str, name: &str) -> Option<u64> {
    status.lines().find_map(|line| {
        let rest = line.strip_prefix(name)?.strip_prefix(':')?;
        rest.trim().strip_suffix("kB")?.trim().parse().ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_fields_are_read_in_kb() {
        let status = "Name:\tparacrine\nVmHWM:\t  105312 kB\nVmRSS:\t   99800 kB\nThreads:\t9\n";
        assert_eq!(status_kb(status, "VmHWM"), Some(105_312));
        assert_eq!(status_kb(status, "VmRSS"), Some(99_800));
        assert_eq!(status_kb(status, "Threads"), None);
        assert_eq!(status_kb(status, "VmSwap"), None);
    }

    #[test]
    fn the_probe_waits_for_a_painted_frame_then_closes() {
        let ctx = egui::Context::default();
        let asked = FirstFrame {
            exit: true,
            report: false,
        };
        let mut probe = FirstFrameProbe::new(asked, Instant::now());
        let mut closes = Vec::new();
        for _ in 0..3 {
            let mut output = ctx.run_ui(egui::RawInput::default(), |ui| probe.frame(ui.ctx()));
            // The font atlas is uploaded by no renderer here (debug builds check).
            output.textures_delta.clear();
            let commands = &output.viewport_output[&egui::ViewportId::ROOT].commands;
            closes.push(commands.contains(&egui::ViewportCommand::Close));
        }
        // Not in the first frame (not painted yet); once in the second; never again.
        assert_eq!(closes, [false, true, false]);
    }

    #[test]
    fn the_report_line_has_every_field() {
        let probe = FirstFrameProbe::new(FirstFrame::default(), Instant::now());
        let line = probe.report_line();
        for field in ["since_main_ms=", "unix_ns=", "vmhwm_kb=", "vmrss_kb="] {
            assert!(line.contains(field), "{line}");
        }
    }
}
