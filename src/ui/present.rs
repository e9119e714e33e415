//! Presentation mode: one slide fills the screen (no toolbar, list or breadcrumbs), in a
//! high-contrast projector theme with type scaled to the screen height, stepped with a
//! clicker (PageDown/PageUp, arrows, Space, Enter, Backspace, Home/End), blanked with B
//! or `.`, a slide grid on G, number + Enter to jump, Esc to leave. Diagram slides reveal
//! layer by layer before moving on; table slides page through their rows. Every slide
//! carries a counter and the citation of what it shows.

use std::sync::Arc;

use egui::{Color32, RichText};

use super::ViewCtx;
use super::claim_card::claim_card_ui;
use super::diagram_view::slide_diagram_ui;
use crate::app::Command;
use crate::app::deck::{Presenter, PresenterKey, Resolved, Slide, resolve};
use crate::app::derived::PageData;
use crate::lang::Lang;
use crate::model::{Item, Tier};

/// Screen height at which type has its base size; taller screens scale it up, so a slide
/// looks the same at 720p and at 4K.
const BASE_HEIGHT: f32 = 720.0;
/// Body text size at [`BASE_HEIGHT`].
const BODY: f32 = 26.0;

/// The keys a clicker or keyboard sends, as presenter moves. Escape is handled by the
/// caller (it leaves the grid first, then presenting).
pub fn presenter_keys(ctx: &egui::Context, presenter: &Presenter) -> Vec<PresenterKey> {
    use egui::Key;
    let mut keys = Vec::new();
    ctx.input_mut(|input| {
        let none = egui::Modifiers::NONE;
        for key in [Key::PageDown, Key::ArrowRight, Key::ArrowDown, Key::Space] {
            if input.consume_key(none, key) {
                keys.push(PresenterKey::Next);
            }
        }
        if input.consume_key(none, Key::Enter) {
            keys.push(if presenter.jump.is_empty() {
                PresenterKey::Next
            } else {
                PresenterKey::Jump
            });
        }
        for key in [Key::PageUp, Key::ArrowLeft, Key::ArrowUp, Key::Backspace] {
            if input.consume_key(none, key) {
                keys.push(PresenterKey::Previous);
            }
        }
        if input.consume_key(none, Key::Home) {
            keys.push(PresenterKey::First);
        }
        if input.consume_key(none, Key::End) {
            keys.push(PresenterKey::Last);
        }
        if input.consume_key(none, Key::B) || input.consume_key(none, Key::Period) {
            keys.push(PresenterKey::Blank);
        }
        if input.consume_key(none, Key::G) {
            keys.push(PresenterKey::Grid);
        }
        let digits = [
            Key::Num0,
            Key::Num1,
            Key::Num2,
            Key::Num3,
            Key::Num4,
            Key::Num5,
            Key::Num6,
            Key::Num7,
            Key::Num8,
            Key::Num9,
        ];
        for (d, key) in (0u8..).zip(digits) {
            if input.consume_key(none, key) {
                keys.push(PresenterKey::Digit(d));
            }
        }
    });
    keys
}

/// The projector theme: pure background, strong text and strokes (egui has none
/// built in).
pub fn projector_visuals(dark: bool) -> egui::Visuals {
    let (mut visuals, text, bg) = if dark {
        (egui::Visuals::dark(), Color32::WHITE, Color32::BLACK)
    } else {
        (egui::Visuals::light(), Color32::BLACK, Color32::WHITE)
    };
    visuals.override_text_color = Some(text);
    visuals.panel_fill = bg;
    visuals.window_fill = bg;
    visuals.extreme_bg_color = bg;
    visuals.hyperlink_color = if dark {
        Color32::from_rgb(140, 200, 255)
    } else {
        Color32::from_rgb(0, 60, 160)
    };
    for widget in [
        &mut visuals.widgets.noninteractive,
        &mut visuals.widgets.inactive,
        &mut visuals.widgets.hovered,
        &mut visuals.widgets.active,
    ] {
        widget.fg_stroke = egui::Stroke::new(2.0, text);
        widget.bg_stroke = egui::Stroke::new(1.5, text);
    }
    visuals
}

/// What a slide's renderer tells the presenter: how many reveal steps it has (diagram
/// layers, table pages), for the next key press.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SlideSteps(pub Option<usize>);

/// The nodes of the shown diagram slide that are revealed, in reading order (layer, then
/// top to bottom): Tab steps the highlighted path through them.
pub fn revealed_nodes(
    diagram: &crate::app::derived::DiagramData,
    reveal: Option<usize>,
) -> Vec<usize> {
    let mut nodes: Vec<(usize, f32, usize)> = diagram
        .drawing
        .nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| reveal.is_none_or(|layer| n.layer <= layer))
        .map(|(i, n)| (n.layer, n.rect.min[1], i))
        .collect();
    nodes.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)).then(a.2.cmp(&b.2)));
    nodes.into_iter().map(|(.., i)| i).collect()
}

/// The revealed nodes of the current slide, if it is a diagram (empty otherwise).
pub fn slide_nodes(cx: &ViewCtx<'_>, presenter: &Presenter) -> Vec<usize> {
    let Some(slide) = presenter.current() else {
        return Vec::new();
    };
    let layers_reveal = |d: &crate::app::derived::DiagramData| {
        let layers = d.drawing.n_layers.max(1);
        revealed_nodes(d, presenter.reveal.filter(|&r| r + 1 < layers))
    };
    match (
        resolve(cx.doc, cx.index, &slide.content),
        cx.page_data.as_ref(),
    ) {
        (Resolved::Panel(_, panel_idx), PageData::Figure(figure)) => figure
            .panels
            .get(panel_idx)
            .map(layers_reveal)
            .unwrap_or_default(),
        (Resolved::Diagram(_), PageData::Diagram(page)) => layers_reveal(&page.diagram),
        _ => Vec::new(),
    }
}

/// Draws the presentation: the blank screen, the grid, or the slide with its title,
/// counter and citation.
pub fn present_ui(ui: &mut egui::Ui, cx: &mut ViewCtx<'_>, presenter: &Presenter) -> SlideSteps {
    let scale = (ui.ctx().content_rect().height() / BASE_HEIGHT).max(0.5);
    let frame = egui::Frame::new()
        .fill(ui.visuals().panel_fill)
        .inner_margin(egui::Margin::same((16.0 * scale) as i8));
    let mut steps = SlideSteps::default();
    egui::CentralPanel::default().frame(frame).show(ui, |ui| {
        if presenter.blank {
            let rect = ui.max_rect().expand(32.0 * scale);
            ui.painter().rect_filled(rect, 0.0, Color32::BLACK);
            return;
        }
        set_type_scale(ui, scale);
        if presenter.grid {
            grid_ui(ui, cx, presenter, scale);
            return;
        }
        let Some(slide) = presenter.current() else {
            return;
        };
        let resolved = resolve(cx.doc, cx.index, &slide.content);
        let (title, subtitle) = slide_heading(cx, slide, resolved);
        ui.add(egui::Label::new(RichText::new(title).size(BODY * 1.35 * scale).strong()).wrap());
        if !subtitle.is_empty() {
            ui.add(egui::Label::new(RichText::new(subtitle).size(BODY * 0.7 * scale)).wrap());
        }
        // Two rows of small text: the citation, then the evidence legend.
        let footer_height = BODY * 0.62 * scale * 1.5 * 2.0 + 12.0 * scale;
        let body_height = (ui.available_height() - footer_height).max(50.0);
        let body = egui::Rect::from_min_size(
            ui.cursor().min,
            egui::vec2(ui.available_width(), body_height),
        );
        let mut body_ui = ui.new_child(egui::UiBuilder::new().max_rect(body));
        steps = slide_body_ui(&mut body_ui, cx, presenter, resolved, scale);
        ui.advance_cursor_after_rect(body);
        footer_ui(ui, cx, presenter, resolved, steps, scale);
    });
    steps
}

/// Text styles scaled for the room.
fn set_type_scale(ui: &mut egui::Ui, scale: f32) {
    let style = ui.style_mut();
    for (text_style, font) in &mut style.text_styles {
        font.size = match text_style {
            egui::TextStyle::Heading => BODY * 1.35 * scale,
            egui::TextStyle::Small => BODY * 0.75 * scale,
            egui::TextStyle::Body
            | egui::TextStyle::Monospace
            | egui::TextStyle::Button
            | egui::TextStyle::Name(_) => BODY * scale,
        };
    }
    style.spacing.item_spacing = egui::vec2(10.0, 8.0) * scale;
}

/// The slide's title: the presenter's own, else what it shows.
pub(crate) fn slide_title_for(cx: &ViewCtx<'_>, slide: &Slide, resolved: Resolved) -> String {
    slide_heading(cx, slide, resolved).0
}

/// A slide's title and subtitle: the presenter's own title, else what it shows; a
/// panel caption "Homing: after administration …" gives the title "图 2B Homing" and
/// the rest as the subtitle.
fn slide_heading(cx: &ViewCtx<'_>, slide: &Slide, resolved: Resolved) -> (String, String) {
    let own = slide.title.trim();
    let (title, subtitle) = match resolved {
        Resolved::Panel(figure_idx, panel_idx) => {
            let Some(figure) = cx.doc.figures.get(figure_idx) else {
                return (own.to_owned(), String::new());
            };
            let panel = figure.panels.get(panel_idx);
            let letter = panel.map_or("", |p| p.label.as_str());
            let mut caption = panel
                .map(|p| cx.lang.pick(&p.zh, &p.en))
                .unwrap_or_default();
            if caption.is_empty() {
                caption = cx.lang.pick(&figure.zh, &figure.en);
            }
            let (head, rest) = split_caption(&caption);
            (format!("{}{letter}  {head}", figure.label), rest.to_owned())
        }
        Resolved::Diagram(item) => (
            format!(
                "{} {}",
                cx.tr("机制图：", "Mechanism diagram:"),
                cx.item_name(item)
            ),
            String::new(),
        ),
        Resolved::Page(item @ Item::Table(idx)) => {
            let name = cx.item_name(item);
            let label = cx.doc.tables.get(idx).map_or("", |t| t.label.as_str());
            let (head, rest) = split_caption(name.trim_start_matches(label).trim());
            (format!("{label} {head}"), rest.to_owned())
        }
        Resolved::Page(item) => (cx.item_name(item), String::new()),
        Resolved::Missing => (cx.tr("缺失的幻灯片", "Missing slide"), String::new()),
    };
    if own.is_empty() {
        (title, subtitle)
    } else {
        (own.to_owned(), String::new())
    }
}

/// A caption split at its first colon (or full stop): the head makes a title.
fn split_caption(caption: &str) -> (&str, &str) {
    let cut = caption
        .char_indices()
        .find(|&(_, c)| matches!(c, ':' | '：' | '。'))
        .map(|(i, c)| (i, i + c.len_utf8()));
    match cut {
        Some((end, rest)) if end > 0 => (caption[..end].trim(), caption[rest..].trim()),
        _ => (caption.trim(), ""),
    }
}

fn slide_body_ui(
    ui: &mut egui::Ui,
    cx: &mut ViewCtx<'_>,
    presenter: &Presenter,
    resolved: Resolved,
    scale: f32,
) -> SlideSteps {
    let data = Arc::clone(&cx.page_data);
    match (resolved, data.as_ref()) {
        (Resolved::Panel(_, panel_idx), PageData::Figure(figure)) => {
            let Some(diagram) = figure.panels.get(panel_idx) else {
                return SlideSteps(None);
            };
            diagram_slide_ui(ui, cx, presenter, diagram)
        }
        (Resolved::Diagram(_), PageData::Diagram(page)) => {
            diagram_slide_ui(ui, cx, presenter, &page.diagram)
        }
        (Resolved::Page(Item::Table(table_idx)), _) => {
            table_slide_ui(ui, cx, presenter, table_idx, scale)
        }
        (Resolved::Page(Item::Claim(claim_idx)), _) => {
            if let Some(claim) = cx.doc.claims.get(claim_idx) {
                egui::ScrollArea::vertical()
                    .id_salt("slide-claim")
                    .show(ui, |ui| claim_card_ui(ui, cx, claim, true));
            }
            SlideSteps(None)
        }
        (Resolved::Page(item @ (Item::Entity(..) | Item::Figure(_))), _) => {
            entity_slide_ui(ui, cx, item);
            SlideSteps(None)
        }
        (Resolved::Missing, _) => {
            let missing = match presenter.current().map(|s| &s.content) {
                Some(crate::app::deck::SlideContent::Panel { figure, panel }) => {
                    format!("{figure} {panel}")
                }
                Some(crate::app::deck::SlideContent::Diagram { entity }) => entity.to_string(),
                Some(crate::app::deck::SlideContent::Page { id }) => id.to_string(),
                None => String::new(),
            };
            ui.label(cx.tr(
                "这张幻灯片所指的条目不在当前证据库中（可能已被改名或删除）。",
                "This slide refers to a record the current evidence does not have (renamed or removed?).",
            ));
            ui.weak(format!("{} {missing}", cx.tr("标识：", "id:")));
            SlideSteps(None)
        }
        (Resolved::Panel(..) | Resolved::Diagram(_), _) => SlideSteps(None),
    }
}

fn diagram_slide_ui(
    ui: &mut egui::Ui,
    cx: &mut ViewCtx<'_>,
    presenter: &Presenter,
    diagram: &crate::app::derived::DiagramData,
) -> SlideSteps {
    let layers = diagram.drawing.n_layers.max(1);
    let reveal = presenter.reveal.filter(|&r| r + 1 < layers);
    if let Some(node) = slide_diagram_ui(
        ui,
        ("slide", presenter.slide),
        diagram,
        reveal,
        presenter.highlight,
    ) {
        cx.send(Command::PresentHighlight(node));
    }
    SlideSteps(Some(layers))
}

/// Rows per page, by the height their longest cell takes at this width and type size.
fn table_pages(
    cx: &ViewCtx<'_>,
    table: &crate::model::TableView,
    width: f32,
    height: f32,
    font: f32,
) -> Vec<std::ops::Range<usize>> {
    let n_columns = table.columns.len().max(1);
    let chars_per_line = ((width / n_columns as f32) / font).max(4.0);
    let line = font * 1.45;
    let row_height = |row: &crate::model::Row| {
        let lines = row
            .cells
            .iter()
            .map(|cell| {
                let text = cell_text(cx, cell);
                // Wide characters take one em, others about half.
                let ems: f32 = text
                    .chars()
                    .map(|c| {
                        if crate::diagram::text::is_wide(c) {
                            1.0
                        } else {
                            0.55
                        }
                    })
                    .sum();
                (ems / chars_per_line).ceil().max(1.0)
            })
            .fold(1.0_f32, f32::max);
        lines * line + font * 0.6
    };
    let mut pages = Vec::new();
    let mut start = 0;
    let mut used = line * 1.5;
    for (i, row) in table.rows.iter().enumerate() {
        let h = row_height(row);
        if used + h > height && i > start {
            pages.push(start..i);
            start = i;
            used = line * 1.5;
        }
        used += h;
    }
    pages.push(start..table.rows.len());
    pages
}

fn cell_text(cx: &ViewCtx<'_>, cell: &crate::model::Cell) -> String {
    if cell.links.is_empty() {
        return cell.text.clone();
    }
    cell.links
        .iter()
        .map(|id| {
            cx.index
                .item(id)
                .map_or_else(|| id.to_string(), |item| cx.item_name(item))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A review table, as many rows as fit; each step shows the next page of rows.
fn table_slide_ui(
    ui: &mut egui::Ui,
    cx: &mut ViewCtx<'_>,
    presenter: &Presenter,
    table_idx: usize,
    scale: f32,
) -> SlideSteps {
    let Some(table) = cx.doc.tables.get(table_idx) else {
        return SlideSteps(None);
    };
    let font = BODY * 0.8 * scale;
    let pages = table_pages(cx, table, ui.available_width(), ui.available_height(), font);
    let n_pages = pages.len();
    let page = presenter.reveal.unwrap_or(n_pages - 1).min(n_pages - 1);
    let rows = pages.get(page).cloned().unwrap_or(0..0);
    let width = ui.available_width() / table.columns.len().max(1) as f32;
    egui::Grid::new(("slide-table", table_idx))
        .striped(true)
        .min_col_width(width - 12.0)
        .max_col_width(width - 12.0)
        .show(ui, |ui| {
            for column in &table.columns {
                ui.label(
                    RichText::new(cx.lang.pick(&column.zh, &column.en))
                        .size(font)
                        .strong(),
                );
            }
            ui.end_row();
            for row in table.rows.get(rows).unwrap_or_default() {
                for cell in &row.cells {
                    ui.add(egui::Label::new(RichText::new(cell_text(cx, cell)).size(font)).wrap());
                }
                ui.end_row();
            }
        });
    SlideSteps(Some(n_pages))
}

/// An entity (or a figure named as a page): its names, description and evidence counts.
fn entity_slide_ui(ui: &mut egui::Ui, cx: &ViewCtx<'_>, item: Item) {
    if let Item::Entity(kind, idx) = item
        && let Some(named) = cx.doc.named(kind, idx)
    {
        ui.label(super::kind_label(cx.lang, kind));
        let other = Lang::Both.pick(named.zh(), named.en());
        ui.label(RichText::new(other).strong());
        let desc = cx.lang.pick(named.desc_zh(), named.desc_en());
        if !desc.is_empty() {
            ui.add(egui::Label::new(desc).wrap());
        }
    }
    let claims = cx.index.claims_of(item);
    let mut by_tier = [0usize; 4];
    for &claim_idx in claims {
        if let Some(claim) = cx.doc.claims.get(claim_idx) {
            let slot = match claim.level.tier() {
                Tier::Statement => 0,
                Tier::InVitro => 1,
                Tier::Animal => 2,
                Tier::Human => 3,
            };
            by_tier[slot] += 1;
        }
    }
    ui.add_space(12.0);
    ui.label(cx.lang.label(
        &format!(
            "证据{}条：人体{} · 动物{} · 体外{} · 综述陈述{}",
            claims.len(),
            by_tier[3],
            by_tier[2],
            by_tier[1],
            by_tier[0]
        ),
        &format!(
            "{} claims: {} human · {} animal · {} in vitro · {} review statements",
            claims.len(),
            by_tier[3],
            by_tier[2],
            by_tier[1],
            by_tier[0]
        ),
    ));
}

/// The citation of what the slide shows, the evidence legend of a diagram, the counter.
fn footer_ui(
    ui: &mut egui::Ui,
    cx: &ViewCtx<'_>,
    presenter: &Presenter,
    resolved: Resolved,
    steps: SlideSteps,
    scale: f32,
) {
    let small = BODY * 0.62 * scale;
    let citation = citation(cx, resolved);
    let counter = if presenter.jump.is_empty() {
        format!("{} / {}", presenter.slide + 1, presenter.deck.slides.len())
    } else {
        format!("→ {}", presenter.jump)
    };
    let citation = match (resolved, steps.0) {
        (Resolved::Page(Item::Table(_)), Some(n)) if n > 1 => {
            let page = presenter.reveal.unwrap_or(n - 1).min(n - 1) + 1;
            let pages = cx.lang.label(
                &format!("第{page}/{n}页（翻页继续）"),
                &format!("page {page} of {n} (next continues)"),
            );
            format!("{citation} · {pages}")
        }
        _ => citation,
    };
    let legend = match (resolved, steps.0) {
        (Resolved::Panel(..) | Resolved::Diagram(_), Some(_)) => cx.tr(
            "线越粗证据越强：体外 < 动物 < 人体；虚线＝综述陈述；横杠＝抑制，箭头＝作用",
            "Thicker line = stronger evidence: in vitro < animal < human; dashed = review statement; bar = inhibits, arrow = acts on",
        ),
        _ => String::new(),
    };
    ui.horizontal_top(|ui| {
        let counter_width = small * 6.0;
        ui.vertical(|ui| {
            ui.set_width((ui.available_width() - counter_width).max(10.0));
            ui.add(egui::Label::new(RichText::new(citation).size(small)).wrap());
            if !legend.is_empty() {
                ui.add(egui::Label::new(RichText::new(legend).size(small * 0.9)).wrap());
            }
        });
        ui.label(RichText::new(counter).size(small).strong());
    });
}

/// "Review name · 图 2B" for a panel, the review and label for a table, the claim's
/// review and references, the number of claims for a generated diagram.
fn citation(cx: &ViewCtx<'_>, resolved: Resolved) -> String {
    let review_name = |id: &str| {
        cx.index
            .item(id)
            .map(|item| cx.item_name(item))
            .unwrap_or_default()
    };
    match resolved {
        Resolved::Panel(figure_idx, panel_idx) => cx
            .doc
            .figures
            .get(figure_idx)
            .map(|f| {
                let panel = f.panels.get(panel_idx).map_or("", |p| p.label.as_str());
                format!("{} · {}{panel}", review_name(&f.review), f.label)
            })
            .unwrap_or_default(),
        Resolved::Page(Item::Table(idx)) => cx
            .doc
            .tables
            .get(idx)
            .map(|t| format!("{} · {}", review_name(&t.review), t.label))
            .unwrap_or_default(),
        Resolved::Page(Item::Claim(idx)) => cx
            .doc
            .claims
            .get(idx)
            .map(|c| {
                let refs: Vec<String> = c.cite.refs.iter().map(|r| format!("[{r}]")).collect();
                format!("{} {}", review_name(&c.cite.review), refs.join(""))
            })
            .unwrap_or_default(),
        Resolved::Diagram(item) | Resolved::Page(item @ (Item::Entity(..) | Item::Figure(_))) => {
            let n = cx.index.claims_of(item).len();
            cx.lang.label(
                &format!("由证据库中{n}条证据生成（五篇综述）"),
                &format!("Generated from {n} curated claims of the reviews"),
            )
        }
        Resolved::Missing => String::new(),
    }
}

/// Every slide as a button with its number and title; click (or Tab + Enter) to show it.
fn grid_ui(ui: &mut egui::Ui, cx: &mut ViewCtx<'_>, presenter: &Presenter, scale: f32) {
    ui.label(
        RichText::new(cx.tr(
            "全部幻灯片（G 或 Esc 关闭）",
            "All slides (G or Esc closes)",
        ))
        .size(BODY * 1.1 * scale)
        .strong(),
    );
    egui::ScrollArea::vertical()
        .id_salt("slide-grid")
        .show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                for (n, slide) in presenter.deck.slides.iter().enumerate() {
                    let resolved = resolve(cx.doc, cx.index, &slide.content);
                    let title = super::widgets::shorten(&slide_title_for(cx, slide, resolved), 40);
                    let text = format!("{}. {title}", n + 1);
                    let button = egui::Button::new(RichText::new(text).size(BODY * 0.7 * scale))
                        .min_size(egui::vec2(280.0 * scale, 60.0 * scale))
                        .selected(n == presenter.slide);
                    if ui.add(button).clicked() {
                        cx.send(Command::PresentKey(PresenterKey::Show(n), None));
                    }
                }
            });
        });
}

/// The speaker notes window: a second native window (drag it to the laptop's screen)
/// with this slide's notes, the next slide's title and the time since presenting began.
pub fn notes_window(
    ctx: &egui::Context,
    cx: &ViewCtx<'_>,
    presenter: &Presenter,
    since: std::time::Instant,
) {
    let id = egui::ViewportId::from_hash_of("paracrine-speaker-notes");
    let builder = egui::ViewportBuilder::default()
        .with_title(cx.tr("演讲者备注", "Speaker notes"))
        .with_inner_size([520.0, 360.0]);
    ctx.show_viewport_immediate(id, builder, |ui, _class| {
        egui::CentralPanel::default().show(ui, |ui| {
            let n = presenter.deck.slides.len();
            let minutes = since.elapsed().as_secs() / 60;
            let seconds = since.elapsed().as_secs() % 60;
            ui.horizontal(|ui| {
                ui.strong(format!("{} / {n}", presenter.slide + 1));
                ui.weak(format!("{minutes}:{seconds:02}"));
            });
            let notes = presenter.current().map_or("", |s| s.notes.as_str());
            if notes.trim().is_empty() {
                ui.weak(cx.tr("这张幻灯片没有备注。", "No notes for this slide."));
            } else {
                ui.label(RichText::new(notes).size(18.0));
            }
            ui.separator();
            if let Some(next) = presenter.deck.slides.get(presenter.slide + 1) {
                let resolved = resolve(cx.doc, cx.index, &next.content);
                ui.weak(format!(
                    "{} {}",
                    cx.tr("下一张：", "Next:"),
                    slide_title_for(cx, next, resolved)
                ));
            }
        });
        ui.ctx()
            .request_repaint_after(std::time::Duration::from_secs(1));
    });
}
