//! The user actions table: every action a user can take from a menu, the toolbar, a
//! shortcut or the command palette, with its bilingual label, tooltip and shortcuts.
//! Menus, the toolbar, key handling and the palette all iterate [`UiCommand::all`]; no
//! shortcut text is written anywhere else. (State changes that actions cause are
//! `app::Command`s; this table is the UI's vocabulary, in the UI floor because shortcuts
//! are egui keys.)

use egui::{Key, KeyboardShortcut, Modifiers};

use crate::lang::Lang;
use crate::model::Kind;

/// One user action.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UiCommand {
    /// File ▸ Open… with the system dialog.
    OpenFile,
    /// File ▸ Open folder… with the system dialog: an evidence folder as one document.
    OpenFolder,
    /// File ▸ Open a path typed by hand (for machines without a dialog).
    OpenPath,
    /// Back in the navigation history.
    Back,
    /// Forward in the navigation history.
    Forward,
    /// The welcome page.
    Home,
    /// Focus the search box, with the old query selected.
    Search,
    /// The command palette.
    CommandPalette,
    /// Show Chinese names.
    LangZh,
    /// Show English names.
    LangEn,
    /// Show both.
    LangBoth,
    /// Light ↔ dark theme.
    ToggleTheme,
    /// Larger text.
    ZoomIn,
    /// Smaller text.
    ZoomOut,
    /// Text at 100 %.
    ZoomReset,
    /// Full screen on and off.
    ToggleFullscreen,
    /// Clear every claim filter.
    ClearFilters,
    /// List one kind in the side panel.
    ShowKind(Kind),
    /// Export the diagram or figure panel shown as SVG and PNG.
    ExportDiagram,
    /// Copy the diagram or figure panel shown to the clipboard as an image.
    CopyDiagram,
    /// Start presenting from the current page.
    Present,
    /// Add the current page to the deck.
    AddToDeck,
    /// Show the deck: its slides, reorder, remove, title, save, open.
    ShowDeck,
    /// The evidence gap map.
    EvidenceMap,
    /// Every entity whose claims contradict each other.
    Contradictions,
    /// Every claim as a table.
    AllClaims,
    /// Edit mode on and off (read-only is the default).
    ToggleEditMode,
    /// Undo the last edit.
    Undo,
    /// Redo the last undone edit.
    Redo,
    /// Save the evidence file.
    Save,
    /// Save the evidence under another name.
    SaveAs,
    /// The document's problems, each a click from its record.
    DocumentProblems,
}

/// Which menu an action appears in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Menu {
    /// File.
    File,
    /// Edit: edit mode, undo, redo, problems.
    Edit,
    /// Go: navigation and lists.
    Go,
    /// View: language, theme, zoom.
    View,
    /// Present: the deck and presentation mode.
    Present,
}

impl Menu {
    /// Every menu, in menu-bar order.
    pub const ALL: [Menu; 5] = [Menu::File, Menu::Edit, Menu::Go, Menu::View, Menu::Present];

    /// The menu's title in `lang`.
    pub fn title(self, lang: Lang) -> String {
        match self {
            Menu::File => lang.label("文件", "File"),
            Menu::Edit => lang.label("编辑", "Edit"),
            Menu::Go => lang.label("转到", "Go"),
            Menu::View => lang.label("视图", "View"),
            Menu::Present => lang.label("演示", "Present"),
        }
    }
}

const fn key(modifiers: Modifiers, key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(modifiers, key)
}

const CMD_SHIFT: Modifiers = Modifiers {
    alt: false,
    ctrl: false,
    shift: true,
    mac_cmd: false,
    command: true,
};

impl UiCommand {
    /// Every action, in the order the palette lists them.
    pub fn all() -> Vec<UiCommand> {
        let mut all = vec![
            UiCommand::OpenFile,
            UiCommand::OpenFolder,
            UiCommand::OpenPath,
            UiCommand::Save,
            UiCommand::SaveAs,
            UiCommand::ToggleEditMode,
            UiCommand::Undo,
            UiCommand::Redo,
            UiCommand::DocumentProblems,
            UiCommand::ExportDiagram,
            UiCommand::CopyDiagram,
            UiCommand::Search,
            UiCommand::CommandPalette,
            UiCommand::Back,
            UiCommand::Forward,
            UiCommand::Home,
            UiCommand::EvidenceMap,
            UiCommand::Contradictions,
            UiCommand::AllClaims,
            UiCommand::ClearFilters,
            UiCommand::LangZh,
            UiCommand::LangEn,
            UiCommand::LangBoth,
            UiCommand::ToggleTheme,
            UiCommand::ZoomIn,
            UiCommand::ZoomOut,
            UiCommand::ZoomReset,
            UiCommand::ToggleFullscreen,
            UiCommand::Present,
            UiCommand::AddToDeck,
            UiCommand::ShowDeck,
        ];
        all.extend(Kind::ALL.map(UiCommand::ShowKind));
        all
    }

    /// The label in `lang`, as menus and the palette show it.
    pub fn label(self, lang: Lang) -> String {
        let (zh, en) = match self {
            UiCommand::OpenFile => ("打开文件…", "Open file…"),
            UiCommand::OpenFolder => ("打开文件夹…", "Open folder…"),
            UiCommand::OpenPath => ("按路径打开…", "Open by path…"),
            UiCommand::Back => ("后退", "Back"),
            UiCommand::Forward => ("前进", "Forward"),
            UiCommand::Home => ("首页", "Home"),
            UiCommand::Search => ("搜索", "Search"),
            UiCommand::CommandPalette => ("命令面板", "Command palette"),
            UiCommand::LangZh => ("中文界面", "Chinese names"),
            UiCommand::LangEn => ("英文界面", "English names"),
            UiCommand::LangBoth => ("中英文", "Chinese and English names"),
            UiCommand::ToggleTheme => ("切换浅色/深色主题", "Switch light/dark theme"),
            UiCommand::ZoomIn => ("放大", "Zoom in"),
            UiCommand::ZoomOut => ("缩小", "Zoom out"),
            UiCommand::ZoomReset => ("实际大小", "Actual size"),
            UiCommand::ToggleFullscreen => ("全屏", "Full screen"),
            UiCommand::ClearFilters => ("清除筛选", "Clear filters"),
            UiCommand::ExportDiagram => ("导出图（SVG 与 PNG）…", "Export diagram (SVG and PNG)…"),
            UiCommand::CopyDiagram => ("复制图为图片", "Copy diagram as image"),
            UiCommand::Present => ("开始演示", "Start presenting"),
            UiCommand::AddToDeck => ("加入幻灯片", "Add page to deck"),
            UiCommand::ShowDeck => ("幻灯片列表…", "Deck…"),
            UiCommand::EvidenceMap => ("证据缺口图", "Evidence gap map"),
            UiCommand::Contradictions => ("矛盾证据", "Contradictions"),
            UiCommand::AllClaims => ("全部证据表", "All claims as a table"),
            UiCommand::ToggleEditMode => ("编辑模式", "Edit mode"),
            UiCommand::Undo => ("撤销", "Undo"),
            UiCommand::Redo => ("重做", "Redo"),
            UiCommand::Save => ("保存", "Save"),
            UiCommand::SaveAs => ("另存为…", "Save as…"),
            UiCommand::DocumentProblems => ("证据问题列表", "Problems in the evidence"),
            UiCommand::ShowKind(kind) => {
                return match lang {
                    Lang::Zh => format!("列出{}", kind.label_zh()),
                    Lang::En => format!("List {}", kind.label_en()),
                    Lang::Both => format!("List {} 列出{}", kind.label_en(), kind.label_zh()),
                };
            }
        };
        lang.label(zh, en)
    }

    /// What the action does, for tooltips and the palette.
    pub fn tooltip(self, lang: Lang) -> String {
        let (zh, en) = match self {
            UiCommand::OpenFile => (
                "用系统对话框选择证据文件（.ron）",
                "Choose an evidence file (.ron) with the system dialog",
            ),
            UiCommand::OpenFolder => (
                "打开证据文件夹：其中的 .ron 文件（每篇综述一个）作为一个证据库，保存时各条记录写回原文件",
                "Open an evidence folder: its .ron files (one per review) as one document; saving writes each record back to its file",
            ),
            UiCommand::OpenPath => (
                "输入证据文件或文件夹的路径（没有系统对话框时使用）",
                "Type the path of an evidence file or folder (for machines without a file dialog)",
            ),
            UiCommand::Back => ("回到上一页", "Go to the previous page"),
            UiCommand::Forward => ("前往下一页", "Go to the next page"),
            UiCommand::Home => ("综述、图表与统计", "The reviews, their tables and figures"),
            UiCommand::Search => (
                "按名称、缩写、别名或作者搜索（中英文）",
                "Search names, abbreviations, aliases and authors (Chinese or English)",
            ),
            UiCommand::CommandPalette => {
                ("列出所有操作及其快捷键", "Every action, with its shortcut")
            }
            UiCommand::LangZh => ("名称与标签显示中文", "Show names and labels in Chinese"),
            UiCommand::LangEn => ("名称与标签显示英文", "Show names and labels in English"),
            UiCommand::LangBoth => ("同时显示中英文", "Show Chinese and English side by side"),
            UiCommand::ToggleTheme => ("浅色与深色主题之间切换", "Switch between light and dark"),
            UiCommand::ZoomIn => ("放大文字与界面", "Make text and controls larger"),
            UiCommand::ZoomOut => ("缩小文字与界面", "Make text and controls smaller"),
            UiCommand::ZoomReset => ("恢复 100% 大小", "Back to 100 %"),
            UiCommand::ToggleFullscreen => ("进入或退出全屏", "Enter or leave full screen"),
            UiCommand::ClearFilters => (
                "显示所有证据（清除等级、方向、载体、综述、物种筛选）",
                "Show all evidence (clear level, direction, vehicle, review and species filters)",
            ),
            UiCommand::ShowKind(_) => ("在左侧列表中显示此类条目", "Show this kind in the list"),
            UiCommand::ExportDiagram => (
                "把当前的图或分图写成 SVG 与 PNG（2× 与 4×），附引用页脚",
                "Write the diagram or figure panel shown as SVG and PNG (2× and 4×) with a citation footer",
            ),
            UiCommand::CopyDiagram => (
                "把当前的图（2×，附引用页脚）复制到剪贴板，可直接粘贴到幻灯片",
                "Put the diagram shown (2×, with its citation footer) on the clipboard, to paste into slides",
            ),
            UiCommand::Present => (
                "全屏演示：幻灯片列表，或当前综述的图表，或浏览路径；翻页笔可用，Esc 退出",
                "Full-screen slides: the deck, else the current review's figures and tables, else the pages visited; clicker keys work, Esc leaves",
            ),
            UiCommand::AddToDeck => (
                "把当前页面（分图、机制图、表格、证据）加入幻灯片列表",
                "Add the current page (a panel, a diagram, a table, a claim) to the deck",
            ),
            UiCommand::ShowDeck => (
                "查看、排序、命名、保存或打开幻灯片列表",
                "See, reorder, title, save or open the deck",
            ),
            UiCommand::EvidenceMap => (
                "疾病（或来源、载体）× 机制类别：每格的证据数与最高等级，空格即缺口",
                "Diseases (or sources, vehicles) × mechanism categories: each cell's claims and best evidence; empty cells are the gaps",
            ),
            UiCommand::Contradictions => (
                "证据指向相反方向的所有条目（促肿瘤对抑肿瘤，促进对抑制）",
                "Every entity with claims pointing in opposite directions (pro- vs anti-tumour, promotes vs inhibits)",
            ),
            UiCommand::AllClaims => (
                "把所有（符合筛选的）证据列成可排序、可导出的表格",
                "Every claim passing the filters, as a table you can sort and export",
            ),
            UiCommand::ToggleEditMode => (
                "打开或关闭编辑：默认只读，以免误改数据",
                "Turn editing on or off: read-only by default, so nothing changes by accident",
            ),
            UiCommand::Undo => (
                "撤销上一次修改，并转到修改处",
                "Undo the last change and show where it was",
            ),
            UiCommand::Redo => ("重做刚撤销的修改", "Redo the change just undone"),
            UiCommand::Save => (
                "保存证据文件（原子写入，保留上一版为 .bak）",
                "Save the evidence file (written atomically; the previous version kept as .bak)",
            ),
            UiCommand::SaveAs => (
                "把证据保存到另一个文件",
                "Save the evidence to another file",
            ),
            UiCommand::DocumentProblems => (
                "与 paracrine check 相同的检查：每个问题点一下即转到其条目",
                "The same checks as paracrine check: each problem is a click from its record",
            ),
        };
        lang.label(zh, en)
    }

    /// The keyboard shortcuts, the first being the one menus show.
    pub fn shortcuts(self) -> &'static [KeyboardShortcut] {
        const OPEN: &[KeyboardShortcut] = &[key(Modifiers::COMMAND, Key::O)];
        const OPEN_PATH: &[KeyboardShortcut] = &[key(CMD_SHIFT, Key::O)];
        const BACK: &[KeyboardShortcut] = &[key(Modifiers::ALT, Key::ArrowLeft)];
        const FORWARD: &[KeyboardShortcut] = &[key(Modifiers::ALT, Key::ArrowRight)];
        const HOME: &[KeyboardShortcut] = &[key(Modifiers::ALT, Key::Home)];
        const SEARCH: &[KeyboardShortcut] = &[
            key(Modifiers::COMMAND, Key::K),
            key(Modifiers::COMMAND, Key::F),
        ];
        const PALETTE: &[KeyboardShortcut] = &[key(CMD_SHIFT, Key::P)];
        const ZOOM_IN: &[KeyboardShortcut] = &[
            key(Modifiers::COMMAND, Key::Plus),
            key(Modifiers::COMMAND, Key::Equals),
        ];
        const ZOOM_OUT: &[KeyboardShortcut] = &[key(Modifiers::COMMAND, Key::Minus)];
        const ZOOM_RESET: &[KeyboardShortcut] = &[key(Modifiers::COMMAND, Key::Num0)];
        const FULLSCREEN: &[KeyboardShortcut] = &[key(Modifiers::NONE, Key::F11)];
        const EXPORT: &[KeyboardShortcut] = &[key(CMD_SHIFT, Key::E)];
        const COPY: &[KeyboardShortcut] = &[key(CMD_SHIFT, Key::C)];
        const PRESENT: &[KeyboardShortcut] = &[key(Modifiers::NONE, Key::F5)];
        const ADD_TO_DECK: &[KeyboardShortcut] = &[key(CMD_SHIFT, Key::D)];
        const MAP: &[KeyboardShortcut] = &[key(CMD_SHIFT, Key::M)];
        const EDIT: &[KeyboardShortcut] = &[key(Modifiers::COMMAND, Key::E)];
        const UNDO: &[KeyboardShortcut] = &[key(Modifiers::COMMAND, Key::Z)];
        const REDO: &[KeyboardShortcut] =
            &[key(CMD_SHIFT, Key::Z), key(Modifiers::COMMAND, Key::Y)];
        const SAVE: &[KeyboardShortcut] = &[key(Modifiers::COMMAND, Key::S)];
        const SAVE_AS: &[KeyboardShortcut] = &[key(CMD_SHIFT, Key::S)];
        match self {
            UiCommand::OpenFile => OPEN,
            UiCommand::OpenPath => OPEN_PATH,
            UiCommand::Back => BACK,
            UiCommand::Forward => FORWARD,
            UiCommand::Home => HOME,
            UiCommand::Search => SEARCH,
            UiCommand::CommandPalette => PALETTE,
            UiCommand::ZoomIn => ZOOM_IN,
            UiCommand::ZoomOut => ZOOM_OUT,
            UiCommand::ZoomReset => ZOOM_RESET,
            UiCommand::ToggleFullscreen => FULLSCREEN,
            UiCommand::ExportDiagram => EXPORT,
            UiCommand::CopyDiagram => COPY,
            UiCommand::Present => PRESENT,
            UiCommand::AddToDeck => ADD_TO_DECK,
            UiCommand::EvidenceMap => MAP,
            UiCommand::ToggleEditMode => EDIT,
            UiCommand::Undo => UNDO,
            UiCommand::Redo => REDO,
            UiCommand::Save => SAVE,
            UiCommand::SaveAs => SAVE_AS,
            UiCommand::OpenFolder
            | UiCommand::DocumentProblems
            | UiCommand::Contradictions
            | UiCommand::AllClaims
            | UiCommand::ShowDeck
            | UiCommand::LangZh
            | UiCommand::LangEn
            | UiCommand::LangBoth
            | UiCommand::ToggleTheme
            | UiCommand::ClearFilters
            | UiCommand::ShowKind(_) => &[],
        }
    }

    /// The first shortcut as the platform writes it (`Ctrl+O`, or Cmd-O on a Mac).
    pub fn shortcut_text(self, ctx: &egui::Context) -> Option<String> {
        self.shortcuts().first().map(|s| ctx.format_shortcut(s))
    }

    /// The menu the action appears in.
    pub fn menu(self) -> Menu {
        match self {
            UiCommand::OpenFile
            | UiCommand::OpenFolder
            | UiCommand::OpenPath
            | UiCommand::Save
            | UiCommand::SaveAs
            | UiCommand::ExportDiagram
            | UiCommand::CopyDiagram => Menu::File,
            UiCommand::ToggleEditMode
            | UiCommand::Undo
            | UiCommand::Redo
            | UiCommand::DocumentProblems => Menu::Edit,
            UiCommand::Present | UiCommand::AddToDeck | UiCommand::ShowDeck => Menu::Present,
            UiCommand::Back
            | UiCommand::Forward
            | UiCommand::Home
            | UiCommand::EvidenceMap
            | UiCommand::Contradictions
            | UiCommand::AllClaims
            | UiCommand::Search
            | UiCommand::CommandPalette
            | UiCommand::ClearFilters
            | UiCommand::ShowKind(_) => Menu::Go,
            UiCommand::LangZh
            | UiCommand::LangEn
            | UiCommand::LangBoth
            | UiCommand::ToggleTheme
            | UiCommand::ZoomIn
            | UiCommand::ZoomOut
            | UiCommand::ZoomReset
            | UiCommand::ToggleFullscreen => Menu::View,
        }
    }

    /// The action whose shortcut was pressed this frame, consuming the key. Shortcuts
    /// with more modifiers are tried first, so Ctrl+Shift+O is not taken for Ctrl+O.
    pub fn pressed(ctx: &egui::Context) -> Vec<UiCommand> {
        // Built once: the table does not change while the app runs.
        static BINDINGS: std::sync::OnceLock<Vec<(UiCommand, KeyboardShortcut)>> =
            std::sync::OnceLock::new();
        let bindings = BINDINGS.get_or_init(|| {
            let mut bindings: Vec<(UiCommand, KeyboardShortcut)> = UiCommand::all()
                .into_iter()
                .flat_map(|cmd| cmd.shortcuts().iter().map(move |s| (cmd, *s)))
                .collect();
            bindings.sort_by_key(|(_, s)| {
                std::cmp::Reverse(
                    u8::from(s.modifiers.shift)
                        + u8::from(s.modifiers.alt)
                        + u8::from(s.modifiers.command),
                )
            });
            bindings
        });
        let mut pressed = Vec::new();
        // Most frames press nothing: skip the table unless a key went down.
        let any_key = ctx.input(|i| {
            i.events
                .iter()
                .any(|e| matches!(e, egui::Event::Key { pressed: true, .. }))
        });
        if !any_key {
            return pressed;
        }
        // A text field with the keyboard undoes its own typing first.
        let text_field = ctx.egui_wants_keyboard_input();
        ctx.input_mut(|input| {
            for &(cmd, shortcut) in bindings {
                if text_field && matches!(cmd, UiCommand::Undo | UiCommand::Redo) {
                    continue;
                }
                if input.consume_shortcut(&shortcut) && !pressed.contains(&cmd) {
                    pressed.push(cmd);
                }
            }
        });
        pressed
    }
}

#[cfg(test)]
mod tests {
    use super::UiCommand;
    use crate::lang::Lang;

    #[test]
    fn no_two_actions_share_a_shortcut() {
        let mut seen = Vec::new();
        for cmd in UiCommand::all() {
            for shortcut in cmd.shortcuts() {
                let key = (shortcut.logical_key, shortcut.modifiers);
                assert!(
                    !seen.iter().any(|(k, _)| *k == key),
                    "{cmd:?} reuses the shortcut of {:?}",
                    seen.iter().find(|(k, _)| *k == key).map(|(_, c)| c)
                );
                seen.push((key, cmd));
            }
        }
    }

    #[test]
    fn every_action_has_both_labels_and_a_tooltip() {
        for cmd in UiCommand::all() {
            for lang in [Lang::Zh, Lang::En] {
                assert!(!cmd.label(lang).trim().is_empty(), "{cmd:?}");
                assert!(!cmd.tooltip(lang).trim().is_empty(), "{cmd:?}");
            }
            assert_ne!(cmd.label(Lang::Zh), cmd.label(Lang::En), "{cmd:?}");
        }
    }
}
