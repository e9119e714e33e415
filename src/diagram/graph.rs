//! The graph a diagram draws: nodes with a layering role and typed edges carrying their
//! evidence, built from a review figure's panel or from the steps of a set of claims.
//!
//! Every text a node or edge shows is resolved here, in the requested language, so the
//! layout and the drawing never look anything up.

use std::collections::{BTreeMap, BTreeSet};

use crate::lang::Lang;
use crate::model::{Direction, Document, Id, Index, Item, Kind, Level, Panel, Relation, Tier};

/// Where a node sits in the left-to-right reading of a mechanism: what secretes, what is
/// carried, what it acts on, what follows. Each role is one column of the layout.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// MSC sources (tissues, donors).
    Source,
    /// Cells, exosomes and EVs; products and engineering strategies stand beside them,
    /// because in the evidence they act as the therapy does (a product induces an
    /// effect, a strategy upregulates a cargo).
    Vehicle,
    /// Carried or secreted molecules.
    Cargo,
    /// Molecular targets.
    Target,
    /// Signalling pathways.
    Pathway,
    /// Cell types and phenotypes.
    CellType,
    /// Cellular effects and outcomes.
    Effect,
    /// Diseases and disease models.
    Disease,
    /// No entity, or a kind with no place in a mechanism (reviews, studies): the layer
    /// comes from the node's place on the longest path instead.
    Free,
}

impl Role {
    /// The role of an entity of `kind`; `None` (a flow-chart box) is [`Role::Free`].
    pub fn of(kind: Option<Kind>) -> Role {
        match kind {
            Some(Kind::Source) => Role::Source,
            Some(Kind::Vehicle | Kind::Product | Kind::Strategy) => Role::Vehicle,
            Some(Kind::Cargo) => Role::Cargo,
            Some(Kind::Target) => Role::Target,
            Some(Kind::Pathway) => Role::Pathway,
            Some(Kind::CellType) => Role::CellType,
            Some(Kind::Effect) => Role::Effect,
            Some(Kind::Disease) => Role::Disease,
            Some(Kind::Review | Kind::Study) | None => Role::Free,
        }
    }

    /// The role's column, left to right; `None` for [`Role::Free`].
    pub fn column(self) -> Option<u32> {
        match self {
            Role::Source => Some(0),
            Role::Vehicle => Some(1),
            Role::Cargo => Some(2),
            Role::Target => Some(3),
            Role::Pathway => Some(4),
            Role::CellType => Some(5),
            Role::Effect => Some(6),
            Role::Disease => Some(7),
            Role::Free => None,
        }
    }
}

/// How a graph reads: a mechanism left to right, a flow chart top to bottom.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Flow {
    /// A mechanism: layers are columns, read left to right.
    Mechanism,
    /// A flow chart (search strategy, screening): layers are rows, read top to bottom.
    FlowChart,
}

/// A node of a diagram.
#[derive(Clone, Debug, PartialEq)]
pub struct GraphNode {
    /// The panel's node key, or the entity id in a claim graph.
    pub key: String,
    /// The entity it shows, if any.
    pub entity: Option<Id>,
    /// The entity's kind, if it names an entity the document has.
    pub kind: Option<Kind>,
    /// The text shown in the box, in the graph's language.
    pub label: String,
    /// Its layering role.
    pub role: Role,
    /// A curated centre in diagram units; the layout keeps it.
    pub pos: Option<[f32; 2]>,
    /// The entity a generated diagram is about: drawn emphasised.
    pub focus: bool,
    /// The node comes from the review's text, not from the printed panel.
    pub from_text: bool,
    /// The node stands for several collapsed leaves (see [`LeafGroup`]).
    pub group: Option<LeafGroup>,
}

/// Leaves of one neighbour collapsed into one node ("+12 more targets"), expanded on
/// request by their key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LeafGroup {
    /// Stable key of the group: the neighbour's key, the leaves' kind and side.
    pub key: String,
    /// The entity ids of the hidden leaves, in graph order.
    pub members: Vec<Id>,
}

/// A typed edge of a diagram, with the evidence behind it.
#[derive(Clone, Debug, PartialEq)]
pub struct GraphEdge {
    /// Index of the source node in [`Graph::nodes`].
    pub from: usize,
    /// Index of the target node in [`Graph::nodes`].
    pub to: usize,
    /// The relation.
    pub rel: Relation,
    /// The label the review prints on the edge (an inducer, a count), if any.
    pub label: String,
    /// Claims that are the evidence for the edge, each once, in first-seen order.
    pub claims: Vec<Id>,
    /// The strongest evidence level among those claims; `None` when no claim backs the
    /// edge (a figure's drawn arrow with no curated claim).
    pub best_level: Option<Level>,
    /// True when the claims point in opposite directions (one promotes, one inhibits).
    pub disagree: bool,
    /// The text drawn on the edge, in the graph's language: the relation (omitted for
    /// flow-chart `Then`, whose arrow says it), the printed label, the claim count in a
    /// claim graph and a `±` when the claims disagree.
    pub caption: String,
}

impl GraphEdge {
    /// How many claims back the edge.
    pub fn n_claims(&self) -> usize {
        self.claims.len()
    }

    /// The evidence tier of the best claim, if any claim backs the edge.
    pub fn tier(&self) -> Option<Tier> {
        self.best_level.map(Level::tier)
    }
}

/// The nodes and edges of one diagram.
#[derive(Clone, Debug, PartialEq)]
pub struct Graph {
    /// Nodes, in first-seen order.
    pub nodes: Vec<GraphNode>,
    /// Edges, in first-seen order.
    pub edges: Vec<GraphEdge>,
    /// Mechanism or flow chart.
    pub flow: Flow,
}

impl Graph {
    /// The graph of panel `panel_idx` of figure `figure_idx`, or `None` when either index
    /// is out of range. Edges naming a missing node key are left out (validation reports
    /// them); a duplicated key names its first node.
    pub fn from_panel(
        doc: &Document,
        index: &Index,
        figure_idx: usize,
        panel_idx: usize,
        lang: Lang,
    ) -> Option<Graph> {
        let panel = doc.figures.get(figure_idx)?.panels.get(panel_idx)?;
        let mut nodes = Vec::with_capacity(panel.nodes.len());
        let mut by_key: BTreeMap<&str, usize> = BTreeMap::new();
        for node in &panel.nodes {
            if by_key.contains_key(node.key.as_str()) {
                continue;
            }
            by_key.insert(&node.key, nodes.len());
            let own = lang.pick(&node.zh, &node.en);
            let mut graph_node = entity_node(doc, index, node.entity.as_deref(), lang);
            graph_node.key = node.key.clone();
            if !own.is_empty() {
                graph_node.label = own;
            } else if graph_node.label.is_empty() {
                graph_node.label = node.key.clone();
            }
            graph_node.pos = node.pos.filter(|p| p.iter().all(|c| c.is_finite()));
            graph_node.from_text = node.from_text;
            nodes.push(graph_node);
        }
        let flow = panel_flow(panel);
        let mut edges = Vec::with_capacity(panel.edges.len());
        for edge in &panel.edges {
            let from = by_key.get(edge.from.as_str());
            let to = by_key.get(edge.to.as_str());
            let (Some(&from), Some(&to)) = (from, to) else {
                continue;
            };
            let mut claims: Vec<Id> = Vec::new();
            let mut listed: BTreeSet<&str> = BTreeSet::new();
            for claim in &edge.claims {
                if listed.insert(claim) {
                    claims.push(claim.clone());
                }
            }
            let evidence = Evidence::of(doc, index, &claims);
            let caption = caption(edge.rel, &edge.label, None, evidence.disagree, lang, flow);
            edges.push(GraphEdge {
                from,
                to,
                rel: edge.rel,
                label: edge.label.clone(),
                claims,
                best_level: evidence.best_level,
                disagree: evidence.disagree,
                caption,
            });
        }
        Some(Graph { nodes, edges, flow })
    }

    /// The mechanism graph of a set of claims (document indices; out-of-range ones are
    /// skipped): every claim's steps, merged by (from, relation, to). Nodes are the
    /// entities the steps name, in first-seen order.
    pub fn from_claims(doc: &Document, index: &Index, claim_idxs: &[usize], lang: Lang) -> Graph {
        let mut nodes: Vec<GraphNode> = Vec::new();
        let mut node_of: BTreeMap<Id, usize> = BTreeMap::new();
        let mut edge_of: BTreeMap<(usize, Relation, usize), usize> = BTreeMap::new();
        let mut merged: Vec<(usize, Relation, usize, Vec<Id>)> = Vec::new();
        // Which claims each merged edge lists already (an edge of many claims must not
        // scan its list per claim).
        let mut listed: BTreeSet<(usize, &str)> = BTreeSet::new();
        for &claim_idx in claim_idxs {
            let Some(claim) = doc.claims.get(claim_idx) else {
                continue;
            };
            for step in &claim.steps {
                let mut node_idx = |id: &str| -> usize {
                    *node_of.entry(id.into()).or_insert_with(|| {
                        nodes.push(entity_node(doc, index, Some(id), lang));
                        nodes.len() - 1
                    })
                };
                let key = (node_idx(&step.from), step.rel, node_idx(&step.to));
                let edge_idx = *edge_of.entry(key).or_insert_with(|| {
                    merged.push((key.0, key.1, key.2, Vec::new()));
                    merged.len() - 1
                });
                if let Some((_, _, _, claims)) = merged.get_mut(edge_idx)
                    && listed.insert((edge_idx, claim.id.as_str()))
                {
                    claims.push(claim.id.clone());
                }
            }
        }
        let flow = Flow::Mechanism;
        let edges = merged
            .into_iter()
            .map(|(from, rel, to, claims)| {
                let evidence = Evidence::of(doc, index, &claims);
                let n_claims = Some(claims.len());
                GraphEdge {
                    from,
                    to,
                    rel,
                    label: String::new(),
                    caption: caption(rel, "", n_claims, evidence.disagree, lang, flow),
                    claims,
                    best_level: evidence.best_level,
                    disagree: evidence.disagree,
                }
            })
            .collect();
        Graph { nodes, edges, flow }
    }
}

/// A node for `entity` (an id, possibly unknown), labelled by the entity's display name.
fn entity_node(doc: &Document, index: &Index, entity: Option<&str>, lang: Lang) -> GraphNode {
    let item = entity.and_then(|id| index.item(id));
    let kind = match item {
        Some(Item::Entity(kind, _)) => Some(kind),
        _ => None,
    };
    // An id that names no entity is still shown (as its id), so a curator sees it.
    let label = match item {
        Some(item @ Item::Entity(..)) => doc.display_name(item, lang),
        _ => entity.unwrap_or_default().to_owned(),
    };
    GraphNode {
        key: entity.unwrap_or_default().to_owned(),
        entity: entity.map(Id::from),
        kind,
        label,
        role: Role::of(kind),
        pos: None,
        focus: false,
        from_text: false,
        group: None,
    }
}

/// A panel is a flow chart when it has `Then` edges and every other edge is
/// `Associated` (an annotation such as the inclusion criteria beside a screening step).
fn panel_flow(panel: &Panel) -> Flow {
    let has_then = panel.edges.iter().any(|e| e.rel == Relation::Then);
    let all_sequence = panel
        .edges
        .iter()
        .all(|e| matches!(e.rel, Relation::Then | Relation::Associated));
    if has_then && all_sequence {
        Flow::FlowChart
    } else {
        Flow::Mechanism
    }
}

/// What a set of claims says about an edge.
#[derive(Debug, Default, PartialEq)]
struct Evidence {
    best_level: Option<Level>,
    disagree: bool,
}

impl Evidence {
    /// The best level and the disagreement of the claims named by `claim_ids` (ids that
    /// do not name a claim are ignored).
    fn of(doc: &Document, index: &Index, claim_ids: &[Id]) -> Evidence {
        let claims = claim_ids.iter().filter_map(|id| match index.item(id) {
            Some(Item::Claim(idx)) => doc.claims.get(idx),
            _ => None,
        });
        let mut evidence = Evidence::default();
        let (mut positive, mut negative) = (false, false);
        for claim in claims {
            evidence.best_level = evidence.best_level.max(Some(claim.level));
            match direction_sign(claim.direction) {
                Some(true) => positive = true,
                Some(false) => negative = true,
                None => {}
            }
        }
        evidence.disagree = positive && negative;
        evidence
    }
}

/// The sign of a direction: promoting (`true`), inhibiting (`false`), or none (no
/// effect, mixed, a description). A mixed claim alone is not a disagreement between
/// claims, so it has no sign.
fn direction_sign(direction: Direction) -> Option<bool> {
    match direction {
        Direction::Promotes | Direction::ProTumor => Some(true),
        Direction::Inhibits | Direction::AntiTumor => Some(false),
        Direction::NoEffect | Direction::Mixed | Direction::Describes => None,
    }
}

/// The text drawn on an edge (see [`GraphEdge::caption`]).
fn caption(
    rel: Relation,
    printed: &str,
    n_claims: Option<usize>,
    disagree: bool,
    lang: Lang,
    flow: Flow,
) -> String {
    let mut parts: Vec<String> = Vec::new();
    if disagree {
        parts.push("±".to_owned());
    }
    // In a flow chart the arrow already says "then"; the word would only add noise.
    if !(rel == Relation::Then && flow == Flow::FlowChart) {
        parts.push(lang.pick(rel.label_zh(), rel.label_en()));
    }
    let printed = printed.trim();
    if !printed.is_empty() {
        // The review's own label, often Chinese: in English it is quoted, so it reads as
        // the figure's text rather than an untranslated word of the app's.
        if lang == Lang::En && printed.chars().any(super::text::is_wide) {
            parts.push(format!("“{printed}”"));
        } else {
            parts.push(printed.to_owned());
        }
    }
    if let Some(n) = n_claims.filter(|&n| n > 1) {
        parts.push(format!("×{n}"));
    }
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;
    use crate::model::{Cite, Claim, Document, Edge, FigureView, Node, Step, Target};

    fn step(from: &str, rel: Relation, to: &str) -> Step {
        Step {
            from: from.into(),
            rel,
            to: to.into(),
        }
    }

    fn claim(id: &str, direction: Direction, level: Level, steps: Vec<Step>) -> Claim {
        Claim {
            id: id.into(),
            direction,
            level,
            steps,
            cite: Cite::default(),
            ..Claim::default()
        }
    }

    fn target(id: &str) -> Target {
        Target {
            id: id.into(),
            en: id.to_uppercase(),
            ..Target::default()
        }
    }

    fn doc_with_claims(claims: Vec<Claim>) -> (Document, Index) {
        let mut doc = Document::default();
        for id in ["a", "b", "c"] {
            doc.targets.push(target(id));
        }
        doc.claims = claims;
        let index = Index::build(&doc);
        (doc, index)
    }

    #[test]
    fn claim_steps_merge_by_from_relation_to() {
        let (doc, index) = doc_with_claims(vec![
            claim(
                "c1",
                Direction::Promotes,
                Level::InVitro,
                vec![step("a", Relation::Activates, "b")],
            ),
            claim(
                "c2",
                Direction::Promotes,
                Level::Animal,
                vec![
                    step("a", Relation::Activates, "b"),
                    step("a", Relation::Inhibits, "b"),
                    // The same step twice in one claim counts the claim once.
                    step("a", Relation::Activates, "b"),
                ],
            ),
            claim(
                "c3",
                Direction::Inhibits,
                Level::Statement,
                vec![step("b", Relation::Activates, "c")],
            ),
        ]);
        let graph = Graph::from_claims(&doc, &index, &[0, 1, 2, 99], Lang::En);
        let keys: Vec<&str> = graph.nodes.iter().map(|n| n.key.as_str()).collect();
        assert_eq!(keys, ["a", "b", "c"]);
        assert_eq!(graph.nodes[0].label, "A");
        assert_eq!(graph.nodes[0].kind, Some(Kind::Target));
        assert_eq!(graph.nodes[0].role, Role::Target);
        let summary: Vec<(usize, Relation, usize, usize, Option<Level>, bool)> = graph
            .edges
            .iter()
            .map(|e| (e.from, e.rel, e.to, e.n_claims(), e.best_level, e.disagree))
            .collect();
        assert_eq!(
            summary,
            [
                (0, Relation::Activates, 1, 2, Some(Level::Animal), false),
                (0, Relation::Inhibits, 1, 1, Some(Level::Animal), false),
                (1, Relation::Activates, 2, 1, Some(Level::Statement), false),
            ]
        );
        assert_eq!(graph.edges[0].claims, ["c1", "c2"]);
        assert_eq!(graph.edges[0].caption, "activates ×2");
        assert_eq!(graph.edges[0].tier(), Some(Tier::Animal));
    }

    #[test]
    fn claims_of_opposite_sign_disagree() {
        let cases = [
            (Direction::Promotes, Direction::Inhibits, true),
            (Direction::ProTumor, Direction::AntiTumor, true),
            (Direction::Promotes, Direction::AntiTumor, true),
            (Direction::Promotes, Direction::ProTumor, false),
            (Direction::Promotes, Direction::Mixed, false),
            (Direction::Inhibits, Direction::Describes, false),
            (Direction::NoEffect, Direction::Inhibits, false),
        ];
        for (first, second, want) in cases {
            let (doc, index) = doc_with_claims(vec![
                claim(
                    "c1",
                    first,
                    Level::Animal,
                    vec![step("a", Relation::Activates, "b")],
                ),
                claim(
                    "c2",
                    second,
                    Level::Animal,
                    vec![step("a", Relation::Activates, "b")],
                ),
            ]);
            let graph = Graph::from_claims(&doc, &index, &[0, 1], Lang::En);
            assert_eq!(graph.edges[0].disagree, want, "{first:?} vs {second:?}");
            assert_eq!(graph.edges[0].caption.starts_with('±'), want);
        }
    }

    #[test]
    fn unknown_step_ids_become_free_nodes_labelled_by_id() {
        let (doc, index) = doc_with_claims(vec![claim(
            "c1",
            Direction::Promotes,
            Level::Animal,
            vec![step("a", Relation::Activates, "nowhere")],
        )]);
        let graph = Graph::from_claims(&doc, &index, &[0], Lang::Zh);
        assert_eq!(graph.nodes[1].label, "nowhere");
        assert_eq!(graph.nodes[1].kind, None);
        assert_eq!(graph.nodes[1].role, Role::Free);
    }

    #[test]
    fn roles_follow_entity_kinds() {
        let cases = [
            (Some(Kind::Source), Role::Source, Some(0)),
            (Some(Kind::Vehicle), Role::Vehicle, Some(1)),
            (Some(Kind::Product), Role::Vehicle, Some(1)),
            (Some(Kind::Strategy), Role::Vehicle, Some(1)),
            (Some(Kind::Cargo), Role::Cargo, Some(2)),
            (Some(Kind::Target), Role::Target, Some(3)),
            (Some(Kind::Pathway), Role::Pathway, Some(4)),
            (Some(Kind::CellType), Role::CellType, Some(5)),
            (Some(Kind::Effect), Role::Effect, Some(6)),
            (Some(Kind::Disease), Role::Disease, Some(7)),
            (Some(Kind::Study), Role::Free, None),
            (None, Role::Free, None),
        ];
        for (kind, role, column) in cases {
            assert_eq!(Role::of(kind), role, "{kind:?}");
            assert_eq!(role.column(), column, "{role:?}");
        }
    }

    fn panel_doc(edges: Vec<(&str, Relation, &str)>) -> (Document, Index) {
        let mut doc = Document::default();
        doc.targets.push(target("a"));
        let nodes = ["x", "y", "z"]
            .into_iter()
            .map(|key| Node {
                key: key.into(),
                zh: format!("框{key}"),
                en: format!("box {key}"),
                ..Node::default()
            })
            .chain([Node {
                key: "t".into(),
                entity: Some("a".into()),
                pos: Some([10.0, f32::NAN]),
                ..Node::default()
            }])
            .collect();
        let edges = edges
            .into_iter()
            .map(|(from, rel, to)| Edge {
                from: from.into(),
                rel,
                to: to.into(),
                label: "n = 3".into(),
                claims: crate::model::IdList::new(),
            })
            .collect();
        doc.figures.push(FigureView {
            id: "f".into(),
            panels: vec![Panel {
                nodes,
                edges,
                ..Panel::default()
            }],
            ..FigureView::default()
        });
        let index = Index::build(&doc);
        (doc, index)
    }

    #[test]
    fn panel_nodes_use_their_own_text_else_the_entity_name() {
        let (doc, index) = panel_doc(vec![
            ("x", Relation::Then, "t"),
            ("x", Relation::Then, "gone"),
        ]);
        let graph = Graph::from_panel(&doc, &index, 0, 0, Lang::Zh).unwrap();
        let labels: Vec<&str> = graph.nodes.iter().map(|n| n.label.as_str()).collect();
        assert_eq!(labels, ["框x", "框y", "框z", "A"]);
        // The edge to a missing key is left out; a non-finite curated position is dropped.
        assert_eq!(graph.edges.len(), 1);
        assert_eq!(graph.nodes[3].pos, None);
        assert_eq!(graph.edges[0].best_level, None);
        assert!(Graph::from_panel(&doc, &index, 0, 1, Lang::Zh).is_none());
        assert!(Graph::from_panel(&doc, &index, 1, 0, Lang::Zh).is_none());
    }

    #[test]
    fn sequence_panels_are_flow_charts() {
        let cases = [
            (vec![("x", Relation::Then, "y")], Flow::FlowChart, "n = 3"),
            (
                vec![("x", Relation::Then, "y"), ("z", Relation::Associated, "y")],
                Flow::FlowChart,
                "n = 3",
            ),
            (
                vec![("x", Relation::Then, "y"), ("y", Relation::Inhibits, "z")],
                Flow::Mechanism,
                "then n = 3",
            ),
            (
                vec![("x", Relation::Associated, "y")],
                Flow::Mechanism,
                "associated with n = 3",
            ),
        ];
        for (edges, flow, caption) in cases {
            let (doc, index) = panel_doc(edges.clone());
            let graph = Graph::from_panel(&doc, &index, 0, 0, Lang::En).unwrap();
            assert_eq!(graph.flow, flow, "{edges:?}");
            assert_eq!(graph.edges[0].caption, caption, "{edges:?}");
        }
    }
}
