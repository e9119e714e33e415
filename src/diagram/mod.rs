//! Mechanism diagrams, computed without a window: a [`Graph`] from a figure panel or a
//! set of claims, a layered [`Layout`](layout::Layout), and a renderer-independent
//! [`Drawing`] that the screen painter and the SVG writer both draw.
//!
//! Nothing here knows about the GUI toolkit: a structural test checks it.

pub mod drawing;
pub mod entity;
pub mod font_measure;
pub mod gapmap;
pub mod geom;
pub mod graph;
pub mod layout;
mod order;
mod route;
pub mod synth;
pub mod text;

pub use drawing::{Drawing, HeadShape, Hit, Owner, Primitive, Rgba, Shape, Stroke};
pub use entity::{Collapse, entity_graph};
pub use font_measure::FontMeasure;
pub use graph::{Flow, Graph, GraphEdge, GraphNode, LeafGroup, Role};
pub use layout::{Layout, LayoutOptions, Orientation, layout};
pub use text::{ApproxMeasure, TextMeasure};

use crate::lang::Lang;

/// Lays `graph` out and draws it: the whole pipeline in one call. Compute it once per
/// page, document revision, filters and language, never per frame.
pub fn draw(
    graph: &Graph,
    measure: &dyn TextMeasure,
    options: &LayoutOptions,
    lang: Lang,
) -> Drawing {
    let layout = layout::layout(graph, measure, options);
    Drawing::new(graph, &layout, lang)
}
