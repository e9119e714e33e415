//! The problems window: diagnostics of a file that could not be opened. The app keeps
//! showing the evidence it had.

use super::ViewCtx;
use crate::app::{Command, LoadProblems};

pub fn problems_ui(ctx: &egui::Context, cx: &mut ViewCtx<'_>, problems: &LoadProblems) {
    let title = cx.tr("无法打开文件", "Could not open the file");
    let mut open = true;
    egui::Window::new(title)
        .id(egui::Id::unique("problems"))
        .open(&mut open)
        .default_width(720.0)
        .show(ctx, |ui| {
            ui.label(format!(
                "{} {} — {} {}",
                problems.path.display(),
                cx.tr("有问题，未加载。", "has problems and was not loaded."),
                problems.diagnostics.len(),
                cx.tr(
                    "个问题；仍显示之前的证据。",
                    "problem(s); the previous evidence is still shown."
                ),
            ));
            ui.weak(cx.tr(
                "修正后重新打开，或在终端运行 `paracrine check 文件`。",
                "Fix them and open the file again, or run `paracrine check FILE` in a terminal.",
            ));
            ui.separator();
            egui::ScrollArea::vertical()
                .max_height(400.0)
                .show(ui, |ui| {
                    for (i, diagnostic) in problems.diagnostics.iter().enumerate() {
                        ui.push_id(i, |ui| {
                            ui.label(egui::RichText::new(diagnostic.to_string()).monospace());
                        });
                    }
                });
            if ui.button(cx.tr("关闭", "Close")).clicked() {
                cx.send(Command::DismissProblems);
            }
        });
    if !open {
        cx.send(Command::DismissProblems);
    }
}
