//! The problems window: diagnostics of a file that could not be opened. The app keeps
//! showing the evidence it had. The list is virtualized (only the rows in view are laid
//! out), so a file with thousands of problems opens the window at once.

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
                problems.n_problems(),
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
            diagnostic_rows_ui(ui, cx, problems);
            if ui.button(cx.tr("关闭", "Close")).clicked() {
                cx.send(Command::DismissProblems);
            }
        });
    if !open {
        cx.send(Command::DismissProblems);
    }
}

/// One line per diagnostic, as `paracrine check` prints them (the whole text on hover),
/// then how many more were found and not listed.
fn diagnostic_rows_ui(ui: &mut egui::Ui, cx: &ViewCtx<'_>, problems: &LoadProblems) {
    let unlisted = (problems.unlisted > 0).then(|| {
        format!(
            "{} {} {}",
            cx.tr("……另有", "… and"),
            problems.unlisted,
            cx.tr(
                "个问题未列出；先修正以上问题再重新打开。",
                "more problem(s), not listed; fix those above and open the file again."
            )
        )
    });
    let n_rows = problems.diagnostics.len() + usize::from(unlisted.is_some());
    let row_height = ui.text_style_height(&egui::TextStyle::Monospace);
    egui::ScrollArea::both()
        .max_height(400.0)
        .auto_shrink([false, true])
        .show_rows(ui, row_height, n_rows, |ui, rows| {
            for row_idx in rows {
                ui.push_id(row_idx, |ui| match problems.diagnostics.get(row_idx) {
                    Some(diagnostic) => {
                        let text = diagnostic.to_string();
                        ui.add(egui::Label::new(egui::RichText::new(&text).monospace()).extend())
                            .on_hover_text(text);
                    }
                    None => {
                        if let Some(unlisted) = &unlisted {
                            ui.label(egui::RichText::new(unlisted).strong());
                        }
                    }
                });
            }
        });
}
