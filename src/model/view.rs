//! View definitions: the reviews' tables and figures, stored as data that refers to
//! claims and entities so they render from, and stay in step with, the evidence.

use serde::{Deserialize, Serialize};

use super::claim::Relation;
use super::entity::Id;

/// A review table: columns and rows whose cells link to entities and claims.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableView {
    pub id: Id,
    #[serde(default)]
    pub review: Id,
    /// The review's own label ("表3", "Table 3").
    #[serde(default)]
    pub label: String,
    #[serde(default)]
    pub zh: String,
    #[serde(default)]
    pub en: String,
    #[serde(default)]
    pub columns: Vec<Column>,
    #[serde(default)]
    pub rows: Vec<Row>,
    /// The table's footnote, verbatim.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Column {
    #[serde(default)]
    pub zh: String,
    #[serde(default)]
    pub en: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Row {
    /// The claims this row reports.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub claims: Vec<Id>,
    /// One cell per column.
    #[serde(default)]
    pub cells: Vec<Cell>,
}

/// A cell: the text as the review prints it, and the entities it names (rendered as
/// links with their current names).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cell {
    #[serde(default)]
    pub text: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<Id>,
}

/// A review figure: one or more panels of nodes and typed edges.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FigureView {
    pub id: Id,
    #[serde(default)]
    pub review: Id,
    /// The review's own label ("图3", "Figure 3").
    #[serde(default)]
    pub label: String,
    #[serde(default)]
    pub zh: String,
    #[serde(default)]
    pub en: String,
    #[serde(default)]
    pub panels: Vec<Panel>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Panel {
    /// Panel letter ("A"); empty for single-panel figures.
    #[serde(default)]
    pub label: String,
    #[serde(default)]
    pub zh: String,
    #[serde(default)]
    pub en: String,
    #[serde(default)]
    pub nodes: Vec<Node>,
    #[serde(default)]
    pub edges: Vec<Edge>,
}

/// A node: refers to an entity when there is one, otherwise carries its own text
/// (flow-chart boxes such as "records screened (n = 1 024)").
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Node {
    /// Key local to the panel, used by edges.
    pub key: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity: Option<Id>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub zh: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub en: String,
    /// The curated centre of the node in diagram units (1 unit = 1 px at 100 % zoom,
    /// origin at the diagram's top-left, y down), so a curator can make a review figure
    /// look like the paper's. Nodes without one are placed by the automatic layout.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pos: Option<[f32; 2]>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Edge {
    pub from: String,
    pub rel: Relation,
    pub to: String,
    /// Edge label as printed (inducer, count …).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub label: String,
    /// Claims that are the evidence for this edge.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub claims: Vec<Id>,
}
