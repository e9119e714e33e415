//! View definitions: the reviews' tables and figures, stored as data that refers to
//! claims and entities so they render from, and stay in step with, the evidence.

use serde::{Deserialize, Serialize};

use super::claim::Relation;
use super::entity::{Id, IdList};

/// A review table: columns and rows whose cells link to entities and claims.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableView {
    /// Stable slug, unique in the file (`t001-1`).
    pub id: Id,
    /// Id of the review the table is from.
    #[serde(default)]
    pub review: Id,
    /// The review's own label ("表3", "Table 3").
    #[serde(default)]
    pub label: String,
    /// The table's title in Chinese.
    #[serde(default)]
    pub zh: String,
    /// The table's title in English.
    #[serde(default)]
    pub en: String,
    /// The column headers, left to right.
    #[serde(default, deserialize_with = "crate::model::io::exact_vec")]
    pub columns: Vec<Column>,
    /// The rows, top to bottom, as the review prints them.
    #[serde(default, deserialize_with = "crate::model::io::exact_vec")]
    pub rows: Vec<Row>,
    /// The table's footnote, verbatim.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// A column header of a review table.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Column {
    /// Header text in Chinese.
    #[serde(default)]
    pub zh: String,
    /// Header text in English.
    #[serde(default)]
    pub en: String,
}

/// A row of a review table.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Row {
    /// The claims this row reports.
    #[serde(
        default,
        deserialize_with = "crate::model::io::id_list",
        skip_serializing_if = "IdList::is_empty"
    )]
    pub claims: IdList,
    /// One cell per column.
    #[serde(default, deserialize_with = "crate::model::io::exact_vec")]
    pub cells: Vec<Cell>,
}

/// A cell: the text as the review prints it, and the entities it names (rendered as
/// links with their current names, beside the verbatim text).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cell {
    /// The cell's text as the review prints it, verbatim.
    #[serde(default)]
    pub text: String,
    /// Ids of the entities the cell names; shown as links beside the text (never instead
    /// of it: the text carries what the review says about them).
    #[serde(
        default,
        deserialize_with = "crate::model::io::id_list",
        skip_serializing_if = "IdList::is_empty"
    )]
    pub links: IdList,
}

/// A review figure: one or more panels of nodes and typed edges.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FigureView {
    /// Stable slug, unique in the file (`f001-1`).
    pub id: Id,
    /// Id of the review the figure is from.
    #[serde(default)]
    pub review: Id,
    /// The review's own label ("图3", "Figure 3").
    #[serde(default)]
    pub label: String,
    /// The figure's caption in Chinese.
    #[serde(default)]
    pub zh: String,
    /// The figure's caption in English, abbreviations legend included.
    #[serde(default)]
    pub en: String,
    /// The panels, in the review's order; a single-panel figure has one.
    #[serde(default, deserialize_with = "crate::model::io::exact_vec")]
    pub panels: Vec<Panel>,
}

/// One panel of a review figure: its nodes and the typed edges between them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Panel {
    /// Panel letter ("A"); empty for single-panel figures.
    #[serde(default)]
    pub label: String,
    /// The panel's title or caption in Chinese.
    #[serde(default)]
    pub zh: String,
    /// The panel's title or caption in English.
    #[serde(default)]
    pub en: String,
    /// The boxes of the panel.
    #[serde(default, deserialize_with = "crate::model::io::exact_vec")]
    pub nodes: Vec<Node>,
    /// The arrows between the panel's nodes.
    #[serde(default, deserialize_with = "crate::model::io::exact_vec")]
    pub edges: Vec<Edge>,
}

/// A node: refers to an entity when there is one, otherwise carries its own text
/// (flow-chart boxes such as "records screened (n = 1 024)").
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Node {
    /// Key local to the panel, used by edges.
    pub key: String,
    /// The entity the node shows, linked under its current name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity: Option<Id>,
    /// The node's own text in Chinese: the box text when there is no entity, else a note
    /// shown beside the link.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub zh: String,
    /// The node's own text in English (as `zh`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub en: String,
    /// The curated centre of the node in diagram units (1 unit = 1 px at 100 % zoom,
    /// origin at the diagram's top-left, y down), so a curator can make a review figure
    /// look like the paper's. Nodes without one are placed by the automatic layout.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pos: Option<[f32; 2]>,
    /// True when the node is not in the printed panel but added from the review's text
    /// (the figure's legend or the section it illustrates); drawn marked as such.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub from_text: bool,
}

/// An arrow between two nodes of a panel, typed like a claim's mechanism step.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Edge {
    /// Key of the node the arrow starts at.
    pub from: String,
    /// How the arrow reads: `from` *rel* `to`.
    pub rel: Relation,
    /// Key of the node the arrow points to.
    pub to: String,
    /// Edge label as printed (inducer, count …).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub label: String,
    /// Claims that are the evidence for this edge.
    #[serde(
        default,
        deserialize_with = "crate::model::io::id_list",
        skip_serializing_if = "IdList::is_empty"
    )]
    pub claims: IdList,
}
