//! The diagram view: a [`Drawing`] painted inside an `egui::Scene` (drag to pan, Ctrl +
//! wheel or pinch to zoom, Ctrl +/− and a fit button), with the evidence behind it.
//!
//! Hovering a node lights it, its neighbours and their edges and dims the rest; hovering
//! an edge names its relation and evidence. Clicking a node opens its entity (or expands
//! a collapsed group); clicking an edge lists its claims in the side panel. Tab and the
//! arrow keys move between nodes, Enter opens. Every node and edge is a labelled widget,
//! so screen readers (and tests) find it by name.
//!
//! The painter only paints the drawing the pipeline made: the SVG export writes the same
//! one, so what is exported is what is seen.

use egui::{Color32, Pos2, Rect, Sense, Vec2, pos2, vec2};

use super::ViewCtx;
use super::claim_card::claim_card_ui;
use crate::app::Command;
use crate::app::derived::DiagramData;
use crate::diagram::drawing::{
    DASHED, DOTTED, DOTTED_BORDER, HeadShape, Hit, Owner, Rgba, Shape, Stroke, kind_colours,
    tier_stroke,
};
use crate::diagram::geom::Point;
use crate::lang::Lang;
use crate::model::{Item, Kind, Tier};

use crate::fonts::DIAGRAM_FONT;

/// A request to the visible diagram from outside it (a menu, a shortcut).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DiagramRequest {
    /// Zoom in one step.
    ZoomIn,
    /// Zoom out one step.
    ZoomOut,
    /// Fit the whole diagram in view.
    Fit,
}

fn request_id() -> egui::Id {
    egui::Id::unique("paracrine-diagram-request")
}

/// Asks the diagram shown next frame to zoom or fit.
pub fn request(ctx: &egui::Context, request: DiagramRequest) {
    ctx.data_mut(|d| d.insert_temp(request_id(), request));
    ctx.request_repaint();
}

/// More for the side panel under the legend (a diagram page's claims without steps).
pub type SideExtra<'a> = &'a dyn Fn(&mut egui::Ui, &mut ViewCtx<'_>);

/// A legend row for a node border: shown?, dash, width, (Chinese, English) text.
type BorderRow = (bool, &'static [f32], f32, (&'static str, &'static str));

/// What the reader did in the diagram that the page must handle.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DiagramOutcome {
    /// A collapsed group was clicked: its key.
    pub expand: Option<String>,
    /// A node was dragged and let go (edit mode, figure panels): its index in the
    /// drawing and how far it moved, in diagram units.
    pub moved: Option<(usize, [f32; 2])>,
}

/// What the side panel shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum SideTab {
    #[default]
    Legend,
    Evidence,
    Edges,
}

/// The view's own state, kept in egui memory per diagram.
#[derive(Clone, Debug, Default)]
struct ViewState {
    /// The visible part of the diagram; `None` until the first frame picks a view.
    scene_rect: Option<Rect>,
    /// Fit the whole diagram in view on this frame (the Fit button, F).
    fit: bool,
    /// The edge whose claims the side panel lists.
    selected_edge: Option<usize>,
    tab: SideTab,
    /// The size of the view the scene rect was last shown in: when the view changes size
    /// (the side panel opens, the window is resized) the zoom stays.
    last_view: Option<Vec2>,
    /// Whether the side panel shows; `None` until the view knows its width (open when
    /// there is room).
    side_open: Option<bool>,
    /// Size and counts of the drawing the state is for: a new drawing resets it.
    fingerprint: (u32, u32, usize, usize),
    /// The node being dragged (edit mode) and how far, in diagram units.
    drag: Option<(usize, Vec2)>,
}

/// Width of the side panel (legend, evidence of the selected edge).
const SIDE_WIDTH: f32 = 300.0;
/// The side panel starts open when the view is at least this wide.
const SIDE_OPEN_WIDTH: f32 = 1000.0;
/// Zoom range of the scene.
const ZOOM_RANGE: std::ops::RangeInclusive<f32> = 0.1..=4.0;
/// A fit never zooms in past this: text is sharpest near 1:1.
const MAX_FIT_ZOOM: f32 = 1.5;
/// The first view fits the whole diagram when that needs no smaller zoom than this.
const FIT_IF_ZOOM_AT_LEAST: f32 = 0.6;
/// Otherwise it shows part of it at this zoom, where diagram text reads comfortably.
const MIN_READABLE_ZOOM: f32 = 0.75;
/// How much a zoom step changes the scale.
const ZOOM_STEP: f32 = 1.25;

/// The diagram `data`, its tool row and its side panel, in the space `ui` has left.
/// `salt` names the diagram (a figure panel, an entity) so each keeps its own view.
pub fn diagram_ui(
    ui: &mut egui::Ui,
    cx: &mut ViewCtx<'_>,
    salt: impl std::hash::Hash + std::fmt::Debug,
    data: &DiagramData,
    side_extra: Option<SideExtra<'_>>,
) -> DiagramOutcome {
    diagram_view_ui(ui, cx, salt, data, side_extra, false)
}

/// As [`diagram_ui`], with nodes that can be dragged (a figure panel in edit mode): the
/// outcome says which node moved and how far when it is let go. The view keeps its zoom
/// and place when the diagram changes size after a move.
pub fn draggable_diagram_ui(
    ui: &mut egui::Ui,
    cx: &mut ViewCtx<'_>,
    salt: impl std::hash::Hash + std::fmt::Debug,
    data: &DiagramData,
) -> DiagramOutcome {
    diagram_view_ui(ui, cx, salt, data, None, true)
}

fn diagram_view_ui(
    ui: &mut egui::Ui,
    cx: &mut ViewCtx<'_>,
    salt: impl std::hash::Hash + std::fmt::Debug,
    data: &DiagramData,
    side_extra: Option<SideExtra<'_>>,
    draggable: bool,
) -> DiagramOutcome {
    let view_id = egui::Id::unique(("diagram-view", salt));
    let drawing = &data.drawing;
    let (width, height) = if draggable {
        (0, 0)
    } else {
        (drawing.size[0].to_bits(), drawing.size[1].to_bits())
    };
    let fingerprint = (width, height, drawing.nodes.len(), drawing.edges.len());
    let mut state: ViewState = ui
        .data(|d| d.get_temp(view_id))
        .filter(|s: &ViewState| s.fingerprint == fingerprint)
        .unwrap_or_else(|| ViewState {
            fingerprint,
            ..ViewState::default()
        });
    if state
        .selected_edge
        .is_some_and(|e| e >= drawing.edges.len())
    {
        state.selected_edge = None;
    }

    let pending = ui.ctx().data_mut(|d| {
        let pending = d.get_temp::<DiagramRequest>(request_id());
        d.remove::<DiagramRequest>(request_id());
        pending
    });
    let mut outcome = DiagramOutcome::default();
    tools_ui(ui, cx, &mut state, draggable);

    let available = ui.available_size();
    let side_open = *state
        .side_open
        .get_or_insert(available.x >= SIDE_OPEN_WIDTH);
    let side_width = if side_open {
        SIDE_WIDTH.min(available.x * 0.4)
    } else {
        0.0
    };
    let scene_size = vec2(
        (available.x - side_width - ui.spacing().item_spacing.x).max(120.0),
        (available.y - ui.spacing().item_spacing.y).max(200.0),
    );
    ui.horizontal_top(|ui| {
        let (scene_outer, _) = ui.allocate_exact_size(scene_size, Sense::hover());
        let fit = fit_rect(drawing.size, scene_size);
        let mut scene_rect = state
            .scene_rect
            .unwrap_or_else(|| initial_rect(drawing.size, scene_size, focus_centre(data)));
        if let Some(last) = state.last_view
            && last != scene_size
            && last.x > 0.0
            && last.y > 0.0
        {
            let ratio = scene_size / last;
            scene_rect = Rect::from_center_size(scene_rect.center(), scene_rect.size() * ratio);
        }
        state.last_view = Some(scene_size);
        if std::mem::take(&mut state.fit) {
            scene_rect = fit;
        }
        match pending {
            Some(DiagramRequest::Fit) => scene_rect = fit,
            Some(DiagramRequest::ZoomIn) => scene_rect = zoomed(scene_rect, 1.0 / ZOOM_STEP),
            Some(DiagramRequest::ZoomOut) => scene_rect = zoomed(scene_rect, ZOOM_STEP),
            None => {}
        }
        let mut scene_ui = ui.new_child(egui::UiBuilder::new().max_rect(scene_outer));
        scene_ui
            .painter()
            .rect_filled(scene_outer, 4.0, colour(drawing.background, 1.0));
        let response =
            egui::Scene::new()
                .zoom_range(ZOOM_RANGE)
                .show(&mut scene_ui, &mut scene_rect, |ui| {
                    scene_contents_ui(ui, cx, view_id, data, &mut state, &mut outcome, draggable);
                });
        state.scene_rect = Some(scene_rect);
        if response.response.clicked() {
            // A click on the background: an edge near the pointer, or nothing.
            state.selected_edge = None;
        }
        if side_open {
            ui.vertical(|ui| {
                ui.set_width(side_width);
                ui.set_height(scene_size.y);
                side_panel_ui(ui, cx, data, &mut state, side_extra);
            });
        }
    });
    ui.data_mut(|d| d.insert_temp(view_id, state));
    outcome
}

/// The centre of the diagram's own entity, if it has one.
fn focus_centre(data: &DiagramData) -> Option<Pos2> {
    let idx = data.graph.nodes.iter().position(|n| n.focus)?;
    let rect = data.drawing.nodes.get(idx)?.rect;
    let [x, y] = rect.centre();
    Some(pos2(x, y))
}

/// Fit, zoom out, zoom in, and what the evidence styles mean in one line.
fn tools_ui(ui: &mut egui::Ui, cx: &mut ViewCtx<'_>, state: &mut ViewState, draggable: bool) {
    ui.horizontal_wrapped(|ui| {
        if ui
            .button(cx.tr("适应窗口", "Fit"))
            .on_hover_text(cx.tr("显示整张图（F）", "Show the whole diagram (F)"))
            .clicked()
        {
            state.fit = true;
        }
        if ui
            .button("−")
            .on_hover_text(cx.tr("缩小（Ctrl −）", "Zoom out (Ctrl −)"))
            .clicked()
            && let Some(rect) = state.scene_rect
        {
            state.scene_rect = Some(zoomed(rect, ZOOM_STEP));
        }
        if ui
            .button("+")
            .on_hover_text(cx.tr("放大（Ctrl +）", "Zoom in (Ctrl +)"))
            .clicked()
            && let Some(rect) = state.scene_rect
        {
            state.scene_rect = Some(zoomed(rect, 1.0 / ZOOM_STEP));
        }
        if ui
            .add_enabled(
                !cx.state.exporting(),
                egui::Button::new(cx.tr("导出 SVG/PNG", "Export SVG/PNG")),
            )
            .on_hover_text(cx.tr(
                "写入证据文件旁的 exports 文件夹（Ctrl+Shift+E）",
                "Writes into the exports folder beside the evidence file (Ctrl+Shift+E)",
            ))
            .clicked()
        {
            cx.send(Command::Export(cx.state.export_folder()));
        }
        if ui
            .button(cx.tr("复制图片", "Copy image"))
            .on_hover_text(cx.tr("复制到剪贴板（Ctrl+Shift+C）", "To the clipboard (Ctrl+Shift+C)"))
            .clicked()
        {
            cx.send(Command::CopyDiagram);
        }
        if ui
            .button(cx.tr("加入幻灯片", "Add to deck"))
            .on_hover_text(cx.tr("演示时使用（Ctrl+Shift+D）", "For presenting (Ctrl+Shift+D)"))
            .clicked()
        {
            cx.send(Command::AddToDeck);
        }
        let open = state.side_open.unwrap_or(true);
        let toggle = if open {
            cx.tr("隐藏图例与证据", "Hide legend & evidence")
        } else {
            cx.tr("图例与证据", "Legend & evidence")
        };
        if ui.selectable_label(open, toggle).clicked() {
            state.side_open = Some(!open);
        }
        let hint = if draggable {
            cx.tr(
                "拖动节点以放置 · 拖动空白处平移 · Ctrl+滚轮缩放",
                "Drag a node to place it · drag the background to pan · Ctrl+wheel to zoom",
            )
        } else {
            cx.tr(
                "拖动平移 · Ctrl+滚轮缩放 · 点击节点打开 · 点击连线看证据",
                "Drag to pan · Ctrl+wheel to zoom · click a node to open it · click an edge for its evidence",
            )
        };
        ui.add(egui::Label::new(egui::RichText::new(hint).weak()).wrap());
    });
    if !ui.ctx().egui_wants_keyboard_input()
        && ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::F))
    {
        state.fit = true;
    }
}

/// The scene rect that shows a drawing of `size` whole in a view of `view` points,
/// never zoomed in past [`MAX_FIT_ZOOM`].
fn fit_rect(size: [f32; 2], view: Vec2) -> Rect {
    let bounds = Rect::from_min_size(Pos2::ZERO, vec2(size[0], size[1])).expand(12.0);
    let min_size = view / MAX_FIT_ZOOM;
    Rect::from_center_size(bounds.center(), bounds.size().max(min_size))
}

/// The first view of a drawing: all of it when its text stays readable so; else, at the
/// smallest readable zoom, the part around `focus` (the diagram's entity), or its top-left
/// corner. Fit shows all.
fn initial_rect(size: [f32; 2], view: Vec2, focus: Option<Pos2>) -> Rect {
    let fit = fit_rect(size, view);
    let fit_zoom = (view.x / fit.width()).min(view.y / fit.height());
    if fit_zoom >= FIT_IF_ZOOM_AT_LEAST {
        return fit;
    }
    let bounds = Rect::from_min_size(Pos2::ZERO, vec2(size[0], size[1])).expand(12.0);
    let shown = view / MIN_READABLE_ZOOM;
    let centre = focus.unwrap_or(bounds.min + shown / 2.0);
    // Keep the view inside the drawing where the drawing is larger than the view.
    let clamp = |c: f32, half: f32, lo: f32, hi: f32| {
        if hi - lo <= 2.0 * half {
            (lo + hi) / 2.0
        } else {
            c.clamp(lo + half, hi - half)
        }
    };
    let centre = pos2(
        clamp(centre.x, shown.x / 2.0, bounds.min.x, bounds.max.x),
        clamp(centre.y, shown.y / 2.0, bounds.min.y, bounds.max.y),
    );
    Rect::from_center_size(centre, shown)
}

/// `rect` scaled by `factor` about its centre (above 1 shows more: zooms out).
fn zoomed(rect: Rect, factor: f32) -> Rect {
    Rect::from_center_size(rect.center(), rect.size() * factor)
}

/// Which nodes and edges are lit: all, or the hovered or focused one and its neighbours.
struct Emphasis {
    nodes: Vec<bool>,
    edges: Vec<bool>,
    active: bool,
}

impl Emphasis {
    fn of(data: &DiagramData, focus: Option<Hit>) -> Emphasis {
        let n_nodes = data.graph.nodes.len();
        let n_edges = data.graph.edges.len();
        let Some(focus) = focus else {
            return Emphasis {
                nodes: vec![true; n_nodes],
                edges: vec![true; n_edges],
                active: false,
            };
        };
        let mut nodes = vec![false; n_nodes];
        let mut edges = vec![false; n_edges];
        match focus {
            Hit::Node(node) => {
                if let Some(lit) = nodes.get_mut(node) {
                    *lit = true;
                }
                for (edge_idx, edge) in data.graph.edges.iter().enumerate() {
                    if edge.from == node || edge.to == node {
                        edges[edge_idx] = true;
                        nodes[edge.from] = true;
                        nodes[edge.to] = true;
                    }
                }
            }
            Hit::Edge(edge_idx) => {
                if let Some(edge) = data.graph.edges.get(edge_idx) {
                    edges[edge_idx] = true;
                    nodes[edge.from] = true;
                    nodes[edge.to] = true;
                }
            }
        }
        Emphasis {
            nodes,
            edges,
            active: true,
        }
    }

    /// The path through `node`: everything upstream and downstream of it along the
    /// edges' directions.
    fn path(data: &DiagramData, node: usize) -> Emphasis {
        let n_nodes = data.graph.nodes.len();
        let mut nodes = vec![false; n_nodes];
        let mut edges = vec![false; data.graph.edges.len()];
        for downstream in [true, false] {
            let mut stack = vec![node];
            let mut seen = vec![false; n_nodes];
            while let Some(v) = stack.pop() {
                if v >= n_nodes || std::mem::replace(&mut seen[v], true) {
                    continue;
                }
                nodes[v] = true;
                for (edge_idx, edge) in data.graph.edges.iter().enumerate() {
                    let (here, next) = if downstream {
                        (edge.from, edge.to)
                    } else {
                        (edge.to, edge.from)
                    };
                    if here == v {
                        edges[edge_idx] = true;
                        stack.push(next);
                    }
                }
            }
        }
        Emphasis {
            nodes,
            edges,
            active: true,
        }
    }

    fn alpha(&self, owner: Owner) -> f32 {
        let lit = match owner {
            Owner::Node(i) => self.nodes.get(i).copied().unwrap_or(true),
            Owner::Edge(i) => self.edges.get(i).copied().unwrap_or(true),
        };
        if lit || !self.active { 1.0 } else { 0.18 }
    }
}

/// Paints the drawing and lays the node and edge widgets over it (scene coordinates).
fn scene_contents_ui(
    ui: &mut egui::Ui,
    cx: &mut ViewCtx<'_>,
    view_id: egui::Id,
    data: &DiagramData,
    state: &mut ViewState,
    outcome: &mut DiagramOutcome,
    draggable: bool,
) {
    let drawing = &data.drawing;
    let size = vec2(drawing.size[0], drawing.size[1]);
    ui.allocate_rect(Rect::from_min_size(Pos2::ZERO, size), Sense::hover());

    // Where the pointer is, in diagram units (the scene's layer is transformed).
    let to_scene = ui
        .ctx()
        .layer_transform_to_global(ui.layer_id())
        .map(|t| t.inverse())
        .unwrap_or_default();
    let zoom = 1.0 / to_scene.scaling.max(1e-3);
    let pointer = ui
        .ctx()
        .pointer_hover_pos()
        .filter(|p| ui.clip_rect().contains(to_scene * *p))
        .map(|p| to_scene * p);

    let widgets = widgets_ui(ui, cx, view_id, data, state, outcome, draggable);
    let mut focus = widgets.hovered.or(widgets.focused);
    if focus.is_none()
        && let Some(p) = pointer
    {
        focus = drawing.hit_test([p.x, p.y], 6.0 / zoom);
    }
    if focus.is_none() {
        focus = state.selected_edge.map(Hit::Edge);
    }
    // A click near an edge (not on a widget) selects it.
    if ui.input(|i| i.pointer.primary_clicked())
        && widgets.hovered.is_none()
        && let Some(p) = pointer
        && let Some(Hit::Edge(edge_idx)) = drawing.hit_test([p.x, p.y], 6.0 / zoom)
    {
        select_edge(state, edge_idx);
    }
    if let Some(Hit::Edge(edge_idx)) = focus
        && widgets.hovered == focus
        && let Some(edge) = drawing.edges.get(edge_idx)
    {
        egui::Tooltip::always_open(
            ui.ctx().clone(),
            ui.layer_id(),
            view_id.with("edge-tip"),
            egui::PopupAnchor::Pointer,
        )
        .show(|ui| {
            ui.label(&edge.name);
            ui.weak(cx.tr("点击查看证据", "Click for the evidence"));
        });
    }
    let emphasis = Emphasis::of(data, focus);
    paint(ui.painter(), data, &emphasis, None, 1.0);
    if let Some((node_idx, delta)) = state.drag
        && let Some(hit) = drawing.nodes.get(node_idx)
    {
        // Where the node will go: its box, outlined, under the pointer.
        let rect = egui_rect(hit.rect.min, hit.rect.max).translate(delta);
        let accent = ui.visuals().selection.stroke.color;
        ui.painter().rect_filled(
            rect,
            4.0,
            ui.visuals().selection.bg_fill.gamma_multiply(0.5),
        );
        ui.painter().rect_stroke(
            rect,
            4.0,
            egui::Stroke::new(2.0, accent),
            egui::StrokeKind::Outside,
        );
        ui.painter().text(
            rect.center(),
            egui::Align2::CENTER_CENTER,
            // The node's own lines, so the label stays inside its box.
            &hit.name,
            egui::FontId::new(11.0, egui::FontFamily::Name(DIAGRAM_FONT.into())),
            ui.visuals().strong_text_color(),
        );
    }
}

/// A diagram as a slide: fitted to all the room `ui` has, not pannable, drawn with
/// thicker lines, revealed up to layer `reveal`, the path through `highlight` lit.
/// Nodes are labelled widgets; returns the node clicked, if any.
pub fn slide_diagram_ui(
    ui: &mut egui::Ui,
    salt: impl std::hash::Hash + std::fmt::Debug,
    data: &DiagramData,
    reveal: Option<usize>,
    highlight: Option<usize>,
) -> Option<usize> {
    let view_id = egui::Id::unique(("slide-diagram", salt));
    let (outer, _) = ui.allocate_exact_size(ui.available_size(), Sense::hover());
    ui.painter()
        .rect_filled(outer, 0.0, colour(data.drawing.background, 1.0));
    let bounds = Rect::from_min_size(Pos2::ZERO, vec2(data.drawing.size[0], data.drawing.size[1]))
        .expand(8.0);
    // Small diagrams grow up to 2.5×: a slide is read from across the room.
    let mut scene_rect =
        Rect::from_center_size(bounds.center(), bounds.size().max(outer.size() / 2.5));
    let mut clicked = None;
    let mut child = ui.new_child(egui::UiBuilder::new().max_rect(outer));
    egui::Scene::new()
        .zoom_range(0.02..=4.0)
        .sense(Sense::hover())
        .show(&mut child, &mut scene_rect, |ui| {
            let size = vec2(data.drawing.size[0], data.drawing.size[1]);
            ui.allocate_rect(Rect::from_min_size(Pos2::ZERO, size), Sense::hover());
            for (node_idx, hit) in data.drawing.nodes.iter().enumerate() {
                if reveal.is_some_and(|layer| hit.layer > layer) {
                    continue;
                }
                let rect = egui_rect(hit.rect.min, hit.rect.max);
                let response = ui.interact(rect, view_id.with(("node", node_idx)), Sense::CLICK);
                let name = hit.name.replace('\n', " ");
                response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &name));
                if response.clicked() {
                    clicked = Some(node_idx);
                }
            }
            let emphasis = match highlight {
                Some(node) => Emphasis::path(data, node),
                None => Emphasis::of(data, None),
            };
            paint(ui.painter(), data, &emphasis, reveal, 1.6);
        });
    clicked
}

/// What the widgets over the drawing reported.
struct Widgets {
    hovered: Option<Hit>,
    focused: Option<Hit>,
}

/// One labelled widget per node (its box) and per edge (its label, or a small square at
/// its middle): hover, click, keyboard focus and the accessible names.
fn widgets_ui(
    ui: &mut egui::Ui,
    cx: &mut ViewCtx<'_>,
    view_id: egui::Id,
    data: &DiagramData,
    state: &mut ViewState,
    outcome: &mut DiagramOutcome,
    draggable: bool,
) -> Widgets {
    let drawing = &data.drawing;
    let mut hovered = None;
    let mut focused = None;
    let mut node_rects = Vec::with_capacity(drawing.nodes.len());
    for (node_idx, hit) in drawing.nodes.iter().enumerate() {
        let rect = egui_rect(hit.rect.min, hit.rect.max);
        node_rects.push(rect);
        let id = view_id.with(("node", node_idx));
        let sense = if draggable {
            Sense::click_and_drag()
        } else {
            Sense::click()
        };
        let response = ui.interact(rect, id, sense);
        if draggable {
            if response.dragged() {
                let moved = state
                    .drag
                    .filter(|(n, _)| *n == node_idx)
                    .map_or(Vec2::ZERO, |(_, d)| d);
                state.drag = Some((node_idx, moved + response.drag_delta()));
                ui.ctx().set_cursor_icon(egui::CursorIcon::Grabbing);
            } else if response.hovered() {
                ui.ctx().set_cursor_icon(egui::CursorIcon::Grab);
            }
            if response.drag_stopped()
                && let Some((n, delta)) = state.drag.take()
                && n == node_idx
                && delta.length() > 0.5
            {
                outcome.moved = Some((node_idx, [delta.x, delta.y]));
            }
        }
        let name = hit.name.replace('\n', " ");
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &name));
        if response.hovered() {
            hovered = Some(Hit::Node(node_idx));
        }
        if response.has_focus() {
            focused = Some(Hit::Node(node_idx));
            // The arrow keys are ours while a node has focus (egui's own spatial focus
            // move would leave the diagram for the nearest button).
            ui.memory_mut(|m| {
                m.set_focus_lock_filter(
                    id,
                    egui::EventFilter {
                        horizontal_arrows: true,
                        vertical_arrows: true,
                        ..Default::default()
                    },
                );
            });
        }
        let node = data.graph.nodes.get(node_idx);
        let response = response.on_hover_ui(|ui| node_tooltip_ui(ui, cx, data, node_idx));
        if response.clicked() {
            match node {
                Some(node) if node.group.is_some() => {
                    outcome.expand = node.group.as_ref().map(|g| g.key.clone());
                }
                Some(node) => {
                    if let Some(entity) = &node.entity
                        && cx.index.item(entity).is_some()
                    {
                        cx.send(Command::navigate_to(entity.clone()));
                    }
                }
                None => {}
            }
        }
    }
    if let Some(Hit::Node(from)) = focused {
        move_focus_with_arrows(ui, view_id, &node_rects, from);
    }
    for (edge_idx, hit) in drawing.edges.iter().enumerate() {
        let rect = match hit.label {
            Some(label) => egui_rect(label.min, label.max),
            None => {
                Rect::from_center_size(pos2(hit.midpoint[0], hit.midpoint[1]), vec2(12.0, 12.0))
            }
        };
        // Clickable, not focusable: Tab and the arrow keys (egui's own spatial focus
        // moves) step between nodes; the side panel lists every edge for the keyboard.
        let response = ui.interact(rect, view_id.with(("edge", edge_idx)), Sense::CLICK);
        let name = hit.name.clone();
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &name));
        if response.hovered() && hovered.is_none() {
            hovered = Some(Hit::Edge(edge_idx));
        }
        if response.has_focus() {
            focused = Some(Hit::Edge(edge_idx));
        }
        if response.clicked() {
            select_edge(state, edge_idx);
        }
    }
    Widgets { hovered, focused }
}

fn select_edge(state: &mut ViewState, edge_idx: usize) {
    state.selected_edge = Some(edge_idx);
    state.tab = SideTab::Evidence;
    state.side_open = Some(true);
}

/// Arrow keys move the keyboard focus from node `from` to the nearest node that way.
fn move_focus_with_arrows(ui: &egui::Ui, view_id: egui::Id, rects: &[Rect], from: usize) {
    let Some(start) = rects.get(from).map(Rect::center) else {
        return;
    };
    let keys = [
        (egui::Key::ArrowRight, vec2(1.0, 0.0)),
        (egui::Key::ArrowLeft, vec2(-1.0, 0.0)),
        (egui::Key::ArrowDown, vec2(0.0, 1.0)),
        (egui::Key::ArrowUp, vec2(0.0, -1.0)),
    ];
    for (key, dir) in keys {
        if !ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, key)) {
            continue;
        }
        // Nearest by distance, sideways offsets costing double.
        let best = rects
            .iter()
            .enumerate()
            .filter(|&(i, _)| i != from)
            .filter_map(|(i, rect)| {
                let delta = rect.center() - start;
                let along = delta.dot(dir);
                let across = (delta - dir * along).length();
                (along > 1.0).then_some((along + 2.0 * across, i))
            })
            .min_by(|a, b| a.0.total_cmp(&b.0));
        if let Some((_, to)) = best {
            ui.memory_mut(|m| m.request_focus(view_id.with(("node", to))));
        }
    }
}

fn node_tooltip_ui(ui: &mut egui::Ui, cx: &ViewCtx<'_>, data: &DiagramData, node_idx: usize) {
    let Some(node) = data.graph.nodes.get(node_idx) else {
        return;
    };
    let item = node.entity.as_deref().and_then(|id| cx.index.item(id));
    match item {
        Some(item) => {
            ui.strong(cx.doc.display_name(item, Lang::Both));
            ui.weak(cx.item_kind_label(item));
        }
        None => {
            ui.strong(&node.label);
        }
    }
    if node.from_text {
        ui.label(cx.tr(
            "不在综述原图中：由综述正文补充",
            "Not in the printed figure: added from the review's text",
        ));
    }
    let degree = data
        .graph
        .edges
        .iter()
        .filter(|e| e.from == node_idx || e.to == node_idx)
        .count();
    ui.weak(format!("{} {degree}", cx.tr("连线：", "Edges:")));
    if let Some(group) = &node.group {
        let names: Vec<String> = group
            .members
            .iter()
            .filter_map(|id| cx.index.item(id))
            .map(|item| cx.item_name(item))
            .take(12)
            .collect();
        ui.label(names.join(", "));
        ui.weak(cx.tr("点击展开", "Click to expand"));
    } else if matches!(item, Some(Item::Entity(..))) {
        ui.weak(cx.tr("点击打开", "Click to open"));
    }
}

/// Paints every primitive of the drawing, dimming what `emphasis` leaves out.
/// `reveal`: only layers up to this one (a presenter revealing the diagram step by step);
/// `stroke_scale` thickens lines (projectors).
fn paint(
    painter: &egui::Painter,
    data: &DiagramData,
    emphasis: &Emphasis,
    reveal: Option<usize>,
    stroke_scale: f32,
) {
    let font = egui::FontId::new(12.0, egui::FontFamily::Name(DIAGRAM_FONT.into()));
    let mut shapes: Vec<egui::Shape> = Vec::with_capacity(data.drawing.primitives.len());
    let primitives = data
        .drawing
        .primitives
        .iter()
        .filter(|p| reveal.is_none_or(|layer| p.layer <= layer));
    for primitive in primitives {
        let alpha = emphasis.alpha(primitive.owner);
        let scaled = |stroke: &Stroke| Stroke {
            width: stroke.width * stroke_scale,
            ..*stroke
        };
        match &primitive.shape {
            Shape::Rect {
                rect,
                radius,
                fill,
                stroke,
            } => {
                let rect = egui_rect(rect.min, rect.max);
                shapes.push(egui::Shape::rect_filled(
                    rect,
                    *radius,
                    colour(*fill, alpha),
                ));
                if let Some(stroke) = stroke {
                    let outline = rounded_outline(rect, *radius);
                    stroke_path(&mut shapes, &outline, &scaled(stroke), alpha);
                }
            }
            Shape::Text { row, colour: rgba } => {
                let font = egui::FontId::new(row.font_size, font.family.clone());
                let galley = painter.layout_no_wrap(row.text.clone(), font, colour(*rgba, alpha));
                let pos = pos2(row.centre[0], row.centre[1]) - galley.size() / 2.0;
                shapes.push(egui::Shape::galley(pos, galley, Color32::PLACEHOLDER));
            }
            Shape::Path { path, stroke } => {
                let points: Vec<Pos2> = path.flatten().iter().map(|p| pos2(p[0], p[1])).collect();
                stroke_path(&mut shapes, &points, &scaled(stroke), alpha);
            }
            Shape::Polygon { points, fill } => {
                let points = points.iter().map(|p| pos2(p[0], p[1])).collect();
                shapes.push(egui::Shape::convex_polygon(
                    points,
                    colour(*fill, alpha),
                    egui::Stroke::NONE,
                ));
            }
        }
    }
    painter.extend(shapes);
}

/// A polyline along `points`, solid or dashed as `stroke` says.
fn stroke_path(shapes: &mut Vec<egui::Shape>, points: &[Pos2], stroke: &Stroke, alpha: f32) {
    let egui_stroke = egui::Stroke::new(stroke.width, colour(stroke.colour, alpha));
    if stroke.dash.len() < 2 {
        shapes.push(egui::Shape::line(points.to_vec(), egui_stroke));
        return;
    }
    let dashes: Vec<f32> = stroke.dash.iter().step_by(2).copied().collect();
    let gaps: Vec<f32> = stroke.dash.iter().skip(1).step_by(2).copied().collect();
    shapes.extend(egui::Shape::dashed_line_with_offset(
        points,
        egui_stroke,
        &dashes,
        &gaps,
        0.0,
    ));
}

/// The closed outline of a rounded rectangle, for dashed borders (egui's rectangles
/// have no dashes).
fn rounded_outline(rect: Rect, radius: f32) -> Vec<Pos2> {
    let r = radius
        .min(rect.width() / 2.0)
        .min(rect.height() / 2.0)
        .max(0.0);
    let corners = [
        (pos2(rect.max.x - r, rect.min.y + r), -90.0_f32),
        (pos2(rect.max.x - r, rect.max.y - r), 0.0),
        (pos2(rect.min.x + r, rect.max.y - r), 90.0),
        (pos2(rect.min.x + r, rect.min.y + r), 180.0),
    ];
    let mut points = Vec::with_capacity(4 * 5 + 1);
    for (centre, start) in corners {
        for step in 0..=4 {
            let angle = (start + 22.5 * step as f32).to_radians();
            points.push(centre + vec2(angle.cos(), angle.sin()) * r);
        }
    }
    if let Some(&first) = points.first() {
        points.push(first);
    }
    points
}

fn egui_rect(min: Point, max: Point) -> Rect {
    Rect::from_min_max(pos2(min[0], min[1]), pos2(max[0], max[1]))
}

/// An RGBA colour with its alpha scaled by `alpha`.
fn colour(rgba: Rgba, alpha: f32) -> Color32 {
    let a = (f32::from(rgba[3]) * alpha).round().clamp(0.0, 255.0) as u8;
    Color32::from_rgba_unmultiplied(rgba[0], rgba[1], rgba[2], a)
}

/// The side panel: the legend, the evidence behind the selected edge, or every edge as
/// text (a reading of the diagram for screen readers and for copying).
fn side_panel_ui(
    ui: &mut egui::Ui,
    cx: &mut ViewCtx<'_>,
    data: &DiagramData,
    state: &mut ViewState,
    side_extra: Option<SideExtra<'_>>,
) {
    ui.horizontal(|ui| {
        ui.selectable_value(&mut state.tab, SideTab::Legend, cx.tr("图例", "Legend"));
        ui.selectable_value(&mut state.tab, SideTab::Evidence, cx.tr("证据", "Evidence"));
        ui.selectable_value(
            &mut state.tab,
            SideTab::Edges,
            cx.tr("全部连线", "All edges"),
        );
    });
    ui.separator();
    egui::ScrollArea::vertical()
        .id_salt("diagram-side")
        .auto_shrink([false, false])
        .show(ui, |ui| match state.tab {
            SideTab::Legend => {
                legend_ui(ui, cx, data);
                if let Some(extra) = side_extra {
                    ui.separator();
                    extra(ui, cx);
                }
            }
            SideTab::Evidence => evidence_ui(ui, cx, data, state),
            SideTab::Edges => edges_ui(ui, cx, data, state),
        });
}

fn evidence_ui(ui: &mut egui::Ui, cx: &mut ViewCtx<'_>, data: &DiagramData, state: &ViewState) {
    let Some(edge_idx) = state.selected_edge else {
        ui.label(cx.tr(
            "点击图中的一条连线，查看支持它的证据。",
            "Click an edge of the diagram to see the claims behind it.",
        ));
        return;
    };
    let (Some(edge), Some(hit)) = (
        data.graph.edges.get(edge_idx),
        data.drawing.edges.get(edge_idx),
    ) else {
        return;
    };
    ui.strong(&hit.name);
    if !edge.label.is_empty() {
        ui.label(format!(
            "{} “{}”",
            cx.tr("图中标注：", "Printed label:"),
            edge.label
        ));
    }
    if edge.claims.is_empty() {
        ui.label(cx.tr(
            "综述图中画出了这条连线，但没有整理出对应的证据条目。",
            "The review's figure draws this edge; no curated claim backs it.",
        ));
        return;
    }
    if edge.disagree {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            cx.tr(
                "± 这些证据方向不一致",
                "± These claims disagree in direction",
            ),
        );
    }
    for claim_id in &edge.claims {
        let claim = match cx.index.item(claim_id) {
            Some(Item::Claim(idx)) => cx.doc.claims.get(idx),
            _ => None,
        };
        match claim {
            Some(claim) => claim_card_ui(ui, cx, claim, false),
            None => {
                ui.label(format!(
                    "{} {claim_id}",
                    cx.tr("缺少证据条目：", "Missing claim:")
                ));
            }
        }
    }
}

fn edges_ui(ui: &mut egui::Ui, cx: &ViewCtx<'_>, data: &DiagramData, state: &mut ViewState) {
    for (edge_idx, hit) in data.drawing.edges.iter().enumerate() {
        let selected = state.selected_edge == Some(edge_idx);
        if ui.selectable_label(selected, &hit.name).clicked() {
            select_edge(state, edge_idx);
        }
    }
    if data.drawing.edges.is_empty() {
        ui.label(cx.tr("这张图没有连线。", "This diagram has no edges."));
    }
}

/// Node kinds present, the edge heads, the evidence strokes, and the node borders.
fn legend_ui(ui: &mut egui::Ui, cx: &ViewCtx<'_>, data: &DiagramData) {
    ui.strong(cx.tr("节点", "Nodes"));
    let mut kinds: Vec<Option<Kind>> = data.graph.nodes.iter().map(|n| n.kind).collect();
    kinds.sort();
    kinds.dedup();
    for kind in kinds {
        let (fill, border) = kind_colours(kind);
        let text = match kind {
            Some(kind) => super::kind_label(cx.lang, kind),
            None => cx.tr("流程框", "Flow-chart box"),
        };
        legend_row_ui(ui, text, |painter, rect| {
            painter.rect(
                rect.shrink(2.0),
                3.0,
                colour(fill, 1.0),
                egui::Stroke::new(1.2, colour(border, 1.0)),
                egui::StrokeKind::Inside,
            );
        });
    }
    let borders: [BorderRow; 3] = [
        (
            data.graph.nodes.iter().any(|n| n.focus),
            &[],
            3.0,
            (
                "粗边框：本图的主题实体",
                "Thick border: the diagram's entity",
            ),
        ),
        (
            data.graph.nodes.iter().any(|n| n.from_text),
            DASHED,
            1.4,
            (
                "虚线框：综述正文补充，原图未画",
                "Dashed box: from the review's text, not in the printed figure",
            ),
        ),
        (
            data.graph.nodes.iter().any(|n| n.group.is_some()),
            DOTTED_BORDER,
            1.4,
            (
                "点线框：折叠的多个节点（点击展开）",
                "Dotted pill: several nodes folded (click to expand)",
            ),
        ),
    ];
    for (present, dash, width, (zh, en)) in borders {
        if present {
            legend_row_ui(ui, cx.tr(zh, en), |painter, rect| {
                let outline = rounded_outline(rect.shrink(2.0), 3.0);
                let mut shapes = Vec::new();
                let stroke = Stroke {
                    width,
                    colour: [64, 64, 64, 255],
                    dash: if dash.is_empty() { &[] } else { dash },
                };
                stroke_path(&mut shapes, &outline, &stroke, 1.0);
                painter.extend(shapes);
            });
        }
    }
    legend_edges_ui(ui, cx);
}

/// The edge heads and the evidence strokes.
fn legend_edges_ui(ui: &mut egui::Ui, cx: &ViewCtx<'_>) {
    ui.add_space(6.0);
    ui.strong(cx.tr("连线", "Edges"));
    let heads = [
        (
            HeadShape::Triangle,
            (
                "实心箭头：激活、上调、分泌、递送、缓解…",
                "Filled arrow: activates, upregulates, secretes, delivers, alleviates…",
            ),
        ),
        (
            HeadShape::Bar,
            (
                "横杠：抑制、下调、缓解",
                "Bar: inhibits, downregulates, alleviates",
            ),
        ),
        (
            HeadShape::OpenArrow,
            (
                "空心箭头：极化为、分化为",
                "Open arrow: polarizes to, differentiates to",
            ),
        ),
        (
            HeadShape::Plain,
            ("无箭头（点线）：相关", "No head (dotted): associated"),
        ),
    ];
    for (head, (zh, en)) in heads {
        legend_row_ui(ui, cx.tr(zh, en), |painter, rect| {
            paint_legend_edge(painter, rect, head)
        });
    }
    ui.add_space(6.0);
    ui.strong(cx.tr("最强证据", "Best evidence"));
    let tiers: [(Option<Tier>, (&str, &str)); 5] = [
        (
            Some(Tier::Human),
            ("人体研究：最粗、实线", "Human studies: thickest, solid"),
        ),
        (
            Some(Tier::Animal),
            ("动物实验：粗、实线", "Animal studies: thick, solid"),
        ),
        (
            Some(Tier::InVitro),
            ("体外实验：细、实线", "In vitro: thin, solid"),
        ),
        (
            Some(Tier::Statement),
            ("综述陈述：虚线", "Review statement: dashed"),
        ),
        (
            None,
            ("无整理证据：短虚线", "No curated claim: short dashes"),
        ),
    ];
    for (tier, (zh, en)) in tiers {
        let stroke = tier_stroke(tier);
        let label = match tier {
            Some(tier) => format!(
                "{} ({})",
                cx.tr(zh, en),
                cx.lang.pick(tier.label_zh(), tier.label_en())
            ),
            None => cx.tr(zh, en),
        };
        legend_row_ui(ui, label, |painter, rect| {
            let y = rect.center().y;
            let mut shapes = Vec::new();
            stroke_path(
                &mut shapes,
                &[pos2(rect.min.x + 2.0, y), pos2(rect.max.x - 2.0, y)],
                &stroke,
                1.0,
            );
            painter.extend(shapes);
        });
    }
}

/// A legend row: a 36×16 swatch painted by `swatch`, then `text`.
fn legend_row_ui(ui: &mut egui::Ui, text: String, swatch: impl FnOnce(&egui::Painter, Rect)) {
    ui.horizontal(|ui| {
        let (rect, _) = ui.allocate_exact_size(vec2(36.0, 16.0), Sense::hover());
        ui.painter().rect_filled(rect, 2.0, Color32::WHITE);
        swatch(ui.painter(), rect);
        ui.add(egui::Label::new(text).wrap());
    });
}

/// A short edge with `head`, for the legend.
fn paint_legend_edge(painter: &egui::Painter, rect: Rect, head: HeadShape) {
    let colour = Color32::from_rgb(55, 65, 81);
    let y = rect.center().y;
    let (a, b) = (pos2(rect.min.x + 2.0, y), pos2(rect.max.x - 3.0, y));
    let stroke = egui::Stroke::new(1.6, colour);
    match head {
        HeadShape::Plain => {
            let dashes: Vec<f32> = DOTTED.iter().step_by(2).copied().collect();
            let gaps: Vec<f32> = DOTTED.iter().skip(1).step_by(2).copied().collect();
            painter.extend(egui::Shape::dashed_line_with_offset(
                &[a, b],
                stroke,
                &dashes,
                &gaps,
                0.0,
            ));
        }
        HeadShape::Triangle => {
            painter.line_segment([a, b - vec2(6.0, 0.0)], stroke);
            painter.add(egui::Shape::convex_polygon(
                vec![b, b - vec2(8.0, 4.0), b - vec2(8.0, -4.0)],
                colour,
                egui::Stroke::NONE,
            ));
        }
        HeadShape::Bar => {
            painter.line_segment([a, b], stroke);
            painter.rect_filled(
                Rect::from_min_max(b - vec2(2.0, 6.0), b + vec2(0.5, 6.0)),
                0.0,
                colour,
            );
        }
        HeadShape::OpenArrow => {
            painter.line_segment([a, b], stroke);
            painter.line_segment([b, b - vec2(7.0, 4.5)], stroke);
            painter.line_segment([b, b - vec2(7.0, -4.5)], stroke);
        }
    }
}
