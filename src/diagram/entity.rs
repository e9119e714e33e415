//! The mechanism diagram of one entity: the steps of the claims around it, the entity
//! emphasised, and at dense entities the low-degree leaves of a neighbour collapsed into
//! one "+12 more targets" node that expands on request.

use std::collections::{BTreeMap, BTreeSet};

use super::graph::{Graph, GraphEdge, GraphNode, LeafGroup, Role};
use crate::lang::Lang;
use crate::model::{Document, Id, Index, Kind, Relation};

/// How leaves are collapsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Collapse {
    /// A neighbour keeps at most this many leaves of one kind on one side; the rest
    /// become one group node. `usize::MAX` collapses nothing.
    pub max_leaves: usize,
    /// Keys of groups ([`LeafGroup::key`]) the reader expanded.
    pub expanded: BTreeSet<String>,
}

impl Default for Collapse {
    fn default() -> Self {
        Self {
            max_leaves: 4,
            expanded: BTreeSet::new(),
        }
    }
}

impl Collapse {
    /// Nothing collapsed.
    pub fn none() -> Self {
        Self {
            max_leaves: usize::MAX,
            expanded: BTreeSet::new(),
        }
    }
}

/// The diagram of `entity` from the claims `claim_idxs` (document indices, usually the
/// claims mentioning the entity that pass the filters).
pub fn entity_graph(
    doc: &Document,
    index: &Index,
    entity: &str,
    claim_idxs: &[usize],
    lang: Lang,
    collapse: &Collapse,
) -> Graph {
    let mut graph = Graph::from_claims(doc, index, claim_idxs, lang);
    for node in &mut graph.nodes {
        node.focus = node.entity.as_deref() == Some(entity);
    }
    collapse_leaves(&mut graph, collapse, lang);
    graph
}

/// Leaves of one neighbour, of one kind, on one side of it.
type GroupKey = (usize, Option<Kind>, bool);

/// Replaces, per (neighbour, kind, side), the leaves beyond `max_leaves` by one group
/// node whose edge carries all their claims. The leaves kept are those with the best
/// evidence (level, then number of claims, then graph order).
fn collapse_leaves(graph: &mut Graph, collapse: &Collapse, lang: Lang) {
    if collapse.max_leaves == usize::MAX {
        return;
    }
    let n = graph.nodes.len();
    let mut hidden = vec![false; n];
    let mut new_nodes: Vec<GraphNode> = Vec::new();
    let mut new_edges: Vec<GraphEdge> = Vec::new();
    for (group, mut leaves) in leaf_groups(graph) {
        if leaves.len() <= collapse.max_leaves {
            continue;
        }
        let (hub, kind, downstream) = group;
        let key = format!(
            "+{}/{}/{}",
            graph.nodes[hub].key,
            kind.map_or("other", Kind::field),
            if downstream { "out" } else { "in" }
        );
        if collapse.expanded.contains(&key) {
            continue;
        }
        let strength = |leaf: usize| {
            let best = graph
                .edges
                .iter()
                .filter(|e| e.from == leaf || e.to == leaf)
                .map(|e| (e.best_level, e.n_claims()))
                .max();
            std::cmp::Reverse(best)
        };
        leaves.sort_by_key(|&leaf| (strength(leaf), leaf));
        let folded: Vec<usize> = leaves.split_off(collapse.max_leaves.saturating_sub(1));
        for &leaf in &folded {
            hidden[leaf] = true;
        }
        let group_idx = n + new_nodes.len();
        let (node, edge) = fold(graph, group, key, &folded, group_idx, lang);
        new_nodes.push(node);
        new_edges.push(edge);
    }
    if !new_nodes.is_empty() {
        renumber(graph, &hidden, new_nodes, new_edges);
    }
}

/// The leaves of the graph (nodes with one neighbour, never the focus), grouped.
fn leaf_groups(graph: &Graph) -> BTreeMap<GroupKey, Vec<usize>> {
    let mut neighbours: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); graph.nodes.len()];
    for edge in &graph.edges {
        if edge.from != edge.to {
            neighbours[edge.from].insert(edge.to);
            neighbours[edge.to].insert(edge.from);
        }
    }
    let mut groups: BTreeMap<GroupKey, Vec<usize>> = BTreeMap::new();
    for (leaf, node) in graph.nodes.iter().enumerate() {
        if node.focus || neighbours[leaf].len() != 1 {
            continue;
        }
        let Some(&hub) = neighbours[leaf].first() else {
            continue;
        };
        let sides: BTreeSet<bool> = graph
            .edges
            .iter()
            .filter(|e| (e.from == leaf) != (e.to == leaf))
            .map(|e| e.to == leaf)
            .collect();
        // A leaf both upstream and downstream of its neighbour stays.
        let [downstream] = sides.into_iter().collect::<Vec<_>>()[..] else {
            continue;
        };
        groups
            .entry((hub, node.kind, downstream))
            .or_default()
            .push(leaf);
    }
    groups
}

/// The group node standing for `folded` and its one edge to the neighbour.
fn fold(
    graph: &Graph,
    (hub, kind, downstream): GroupKey,
    key: String,
    folded: &[usize],
    group_idx: usize,
    lang: Lang,
) -> (GraphNode, GraphEdge) {
    let mut claims: Vec<Id> = Vec::new();
    let mut listed: BTreeSet<&str> = BTreeSet::new();
    let mut rels: BTreeSet<Relation> = BTreeSet::new();
    let mut best_level = None;
    let mut disagree = false;
    let folded_set: BTreeSet<usize> = folded.iter().copied().collect();
    for edge in graph
        .edges
        .iter()
        .filter(|e| folded_set.contains(&e.from) || folded_set.contains(&e.to))
    {
        rels.insert(edge.rel);
        best_level = best_level.max(edge.best_level);
        disagree |= edge.disagree;
        for claim in &edge.claims {
            if listed.insert(claim) {
                claims.push(claim.clone());
            }
        }
    }
    let rel = match rels.iter().collect::<Vec<_>>()[..] {
        [&only] => only,
        _ => Relation::Associated,
    };
    let count = folded.len();
    let noun_en = kind.map_or_else(|| "entities".to_owned(), |k| k.label_en().to_lowercase());
    let noun_zh = kind.map_or("实体", Kind::label_zh);
    let label = lang.pick(
        &format!("另有{count}个{noun_zh}"),
        &format!("+{count} more {noun_en}"),
    );
    let members = folded
        .iter()
        .filter_map(|&leaf| graph.nodes[leaf].entity.clone())
        .collect();
    let node = GraphNode {
        key: key.clone(),
        entity: None,
        kind,
        label,
        role: Role::of(kind),
        pos: None,
        focus: false,
        from_text: false,
        group: Some(LeafGroup { key, members }),
    };
    let (from, to) = if downstream {
        (hub, group_idx)
    } else {
        (group_idx, hub)
    };
    let mut caption = Vec::new();
    if disagree {
        caption.push("±".to_owned());
    }
    caption.push(lang.pick(rel.label_zh(), rel.label_en()));
    if claims.len() > 1 {
        caption.push(format!("×{}", claims.len()));
    }
    let edge = GraphEdge {
        from,
        to,
        rel,
        label: String::new(),
        claims,
        best_level,
        disagree,
        caption: caption.join(" "),
    };
    (node, edge)
}

/// Drops the hidden nodes and their edges, appends the groups, renumbers the edges.
fn renumber(graph: &mut Graph, hidden: &[bool], groups: Vec<GraphNode>, edges: Vec<GraphEdge>) {
    let n = graph.nodes.len();
    let mut new_index = vec![usize::MAX; n + groups.len()];
    let mut nodes = Vec::with_capacity(n + groups.len());
    for (idx, node) in std::mem::take(&mut graph.nodes).into_iter().enumerate() {
        if !hidden[idx] {
            new_index[idx] = nodes.len();
            nodes.push(node);
        }
    }
    for (offset, node) in groups.into_iter().enumerate() {
        new_index[n + offset] = nodes.len();
        nodes.push(node);
    }
    graph.edges = std::mem::take(&mut graph.edges)
        .into_iter()
        .filter(|e| !hidden[e.from] && !hidden[e.to])
        .chain(edges)
        .map(|mut e| {
            e.from = new_index[e.from];
            e.to = new_index[e.to];
            e
        })
        .collect();
    graph.nodes = nodes;
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;
    use crate::model::{Cargo, Cite, Claim, Disease, Step};

    fn doc_with_star(n_leaves: usize) -> (Document, Index) {
        let mut doc = Document::default();
        doc.diseases.push(Disease {
            id: "d".into(),
            en: "Disease".into(),
            ..Disease::default()
        });
        for i in 0..n_leaves {
            doc.cargos.push(Cargo {
                id: format!("c{i}").into(),
                en: format!("Cargo {i}"),
                ..Cargo::default()
            });
        }
        for i in 0..n_leaves {
            doc.claims.push(Claim {
                id: format!("cl{i}").into(),
                cite: Cite {
                    review: "r1".into(),
                    ..Cite::default()
                },
                steps: vec![Step {
                    from: format!("c{i}").into(),
                    rel: Relation::Alleviates,
                    to: "d".into(),
                }],
                ..Claim::default()
            });
        }
        let index = Index::build(&doc);
        (doc, index)
    }

    fn six() -> Collapse {
        Collapse {
            max_leaves: 6,
            ..Collapse::default()
        }
    }

    #[test]
    fn many_leaves_collapse_into_one_group_that_expands() {
        let (doc, index) = doc_with_star(10);
        let claims: Vec<usize> = (0..10).collect();
        let collapse = six();
        let graph = entity_graph(&doc, &index, "d", &claims, Lang::En, &collapse);
        // Five leaves kept, the focus, and one group for the other five.
        assert_eq!(graph.nodes.len(), 7, "{:?}", graph.nodes);
        let group = graph.nodes.iter().find(|n| n.group.is_some()).unwrap();
        assert_eq!(group.label, "+5 more cargo");
        let leaf_group = group.group.clone().unwrap();
        assert_eq!(leaf_group.members.len(), 5);
        let group_idx = graph.nodes.iter().position(|n| n.group.is_some()).unwrap();
        let edge = graph.edges.iter().find(|e| e.from == group_idx).unwrap();
        assert_eq!(edge.n_claims(), 5);
        assert!(graph.nodes.iter().any(|n| n.focus && n.key == "d"));
        for edge in &graph.edges {
            assert!(edge.from < graph.nodes.len() && edge.to < graph.nodes.len());
        }

        let mut expanded = collapse.clone();
        expanded.expanded.insert(leaf_group.key);
        let graph = entity_graph(&doc, &index, "d", &claims, Lang::En, &expanded);
        assert_eq!(graph.nodes.len(), 11);
        assert!(graph.nodes.iter().all(|n| n.group.is_none()));
    }

    #[test]
    fn few_leaves_stay() {
        let (doc, index) = doc_with_star(6);
        let claims: Vec<usize> = (0..6).collect();
        let graph = entity_graph(&doc, &index, "d", &claims, Lang::Zh, &six());
        assert_eq!(graph.nodes.len(), 7);
        assert!(graph.nodes.iter().all(|n| n.group.is_none()));
    }
}
