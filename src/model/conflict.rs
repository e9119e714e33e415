//! Contradictions: claims about one entity that point in opposite directions — pro- vs
//! anti-tumour (the tumour review's double-edged sword), or promotes vs inhibits the same
//! outcome — set side by side and grouped by what else differs between them (MSC source,
//! cargo, species, model or disease), so a reader sees whether the conflict is explained.

use std::collections::BTreeMap;

use super::entity::{Id, Kind};
use super::{Claim, Direction, Document, Index, Item};
use crate::lang::Lang;

/// What the rows of a contradiction group by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum GroupBy {
    /// The MSC sources.
    #[default]
    Source,
    /// The vehicles (cells, exosomes, EVs, engineered).
    Vehicle,
    /// The cargo molecules.
    Cargo,
    /// The species the outcome was observed in.
    Species,
    /// The model system.
    Model,
    /// The diseases.
    Disease,
}

impl GroupBy {
    /// What an entity's contradictions group by first: the vehicle for a disease or a
    /// host-side entity (is it the same therapy on both sides?), the MSC source for a
    /// vehicle, cargo or anything given.
    pub fn default_for(kind: Kind) -> GroupBy {
        match kind {
            Kind::Disease | Kind::Target | Kind::Pathway | Kind::CellType | Kind::Effect => {
                GroupBy::Vehicle
            }
            Kind::Source
            | Kind::Vehicle
            | Kind::Cargo
            | Kind::Product
            | Kind::Strategy
            | Kind::Study
            | Kind::Review => GroupBy::Source,
        }
    }

    /// Every grouping, in the order the switch offers them.
    pub const ALL: [GroupBy; 6] = [
        GroupBy::Source,
        GroupBy::Vehicle,
        GroupBy::Cargo,
        GroupBy::Species,
        GroupBy::Model,
        GroupBy::Disease,
    ];

    /// Chinese label.
    pub fn label_zh(self) -> &'static str {
        match self {
            GroupBy::Source => "MSC来源",
            GroupBy::Vehicle => "载体",
            GroupBy::Cargo => "载荷分子",
            GroupBy::Species => "物种",
            GroupBy::Model => "模型",
            GroupBy::Disease => "疾病",
        }
    }

    /// English label.
    pub fn label_en(self) -> &'static str {
        match self {
            GroupBy::Source => "MSC source",
            GroupBy::Vehicle => "vehicle",
            GroupBy::Cargo => "cargo",
            GroupBy::Species => "species",
            GroupBy::Model => "model",
            GroupBy::Disease => "disease",
        }
    }
}

/// Pairs of directions that contradict each other, left column first.
pub const OPPOSITES: [(Direction, Direction); 2] = [
    (Direction::ProTumor, Direction::AntiTumor),
    (Direction::Promotes, Direction::Inhibits),
];

/// Kinds whose shared entity makes promotes/inhibits claims about the same outcome.
const OUTCOME_KINDS: [Kind; 2] = [Kind::Effect, Kind::CellType];

/// Kinds of what is given (the therapy's side): for them, promoting and inhibiting the
/// same outcome is a contradiction. For a disease or a host molecule it is not — "TGF-β1
/// promotes fibrosis" and "MSC-exosomes inhibit fibrosis through TGF-β1" agree.
const AGENT_KINDS: [Kind; 5] = [
    Kind::Source,
    Kind::Vehicle,
    Kind::Cargo,
    Kind::Product,
    Kind::Strategy,
];

/// Opposite findings about one thing.
#[derive(Clone, Debug, PartialEq)]
pub struct Topic {
    /// The shared outcome (an effect or cell type), or `None` for tumours as a whole
    /// (pro- vs anti-tumour).
    pub about: Option<Item>,
    /// The two directions: left column, right column.
    pub pair: (Direction, Direction),
    /// Rows grouped by the chosen dimension: those with claims on both sides first.
    pub rows: Vec<TopicRow>,
}

impl Topic {
    /// Claims on the left side, right side.
    pub fn sides(&self) -> (usize, usize) {
        self.rows.iter().fold((0, 0), |(a, b), row| {
            (a + row.left.len(), b + row.right.len())
        })
    }
}

/// One group of a topic: the claims sharing a value of the grouping dimension.
#[derive(Clone, Debug, PartialEq)]
pub struct TopicRow {
    /// Entities of the grouping value (sources, cargos, diseases); empty with `text`.
    pub ids: Vec<Id>,
    /// The grouping value in words (species, model), or empty when `ids` names it; both
    /// empty: not stated.
    pub text: String,
    /// Claims on the left side (indices, file order).
    pub left: Vec<usize>,
    /// Claims on the right side.
    pub right: Vec<usize>,
}

/// The contradictions among `claims` (those mentioning `item` that pass the filters),
/// grouped by `group_by`: pro- vs anti-tumour for any entity, and for what is given
/// (sources, vehicles, cargo, products, engineering) promotes vs inhibits the same
/// outcome. Topics with claims on both sides only; tumours first, then outcomes by how
/// many claims they set against each other.
pub fn contradictions(
    doc: &Document,
    index: &Index,
    item: Item,
    claims: &[usize],
    group_by: GroupBy,
    lang: Lang,
) -> Vec<Topic> {
    let mut topics = Vec::new();
    let of = |d: Direction| -> Vec<usize> {
        claims
            .iter()
            .copied()
            .filter(|&i| doc.claims.get(i).is_some_and(|c| c.direction == d))
            .collect()
    };
    for (n, &(a, b)) in OPPOSITES.iter().enumerate() {
        let (left, right) = (of(a), of(b));
        if left.is_empty() || right.is_empty() {
            continue;
        }
        if n == 0 {
            topics.push(topic(doc, None, (a, b), &left, &right, group_by, lang));
            continue;
        }
        if !matches!(item, Item::Entity(kind, _) if AGENT_KINDS.contains(&kind)) {
            continue;
        }
        // Promotes vs inhibits: only about the same outcome.
        let mut outcomes: BTreeMap<Item, Sides> = BTreeMap::new();
        for (side, list) in [(0, &left), (1, &right)] {
            for &i in list.iter() {
                let Some(claim) = doc.claims.get(i) else {
                    continue;
                };
                for outcome in outcomes_of(claim, index, item) {
                    let entry = outcomes.entry(outcome).or_default();
                    if side == 0 {
                        entry.0.push(i);
                    } else {
                        entry.1.push(i);
                    }
                }
            }
        }
        let mut found: Vec<Topic> = outcomes
            .into_iter()
            .filter(|(_, (l, r))| !l.is_empty() && !r.is_empty())
            .map(|(outcome, (l, r))| topic(doc, Some(outcome), (a, b), &l, &r, group_by, lang))
            .collect();
        found.sort_by_key(|t| {
            let (l, r) = t.sides();
            std::cmp::Reverse(l.min(r) * 1000 + l + r)
        });
        topics.extend(found);
    }
    topics
}

/// The outcome entities a claim names (effects, cell types), not `item` itself.
fn outcomes_of(claim: &Claim, index: &Index, item: Item) -> Vec<Item> {
    let mut out: Vec<Item> = claim
        .links()
        .into_iter()
        .filter(|(kind, _, _)| OUTCOME_KINDS.contains(kind))
        .flat_map(|(_, _, ids)| ids.iter())
        .filter_map(|id| index.item(id))
        .filter(|&o| o != item)
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The claims on the left and on the right.
type Sides = (Vec<usize>, Vec<usize>);
/// What the rows of a topic group by: the grouping entities and the label.
type GroupKey = (Vec<Id>, String);

fn topic(
    doc: &Document,
    about: Option<Item>,
    pair: (Direction, Direction),
    left: &[usize],
    right: &[usize],
    group_by: GroupBy,
    lang: Lang,
) -> Topic {
    let mut rows: BTreeMap<GroupKey, Sides> = BTreeMap::new();
    for (side, list) in [(0, left), (1, right)] {
        for &i in list {
            let Some(claim) = doc.claims.get(i) else {
                continue;
            };
            let entry = rows.entry(group_key(claim, group_by, lang)).or_default();
            if side == 0 {
                entry.0.push(i);
            } else {
                entry.1.push(i);
            }
        }
    }
    let mut rows: Vec<TopicRow> = rows
        .into_iter()
        .map(|((ids, text), (left, right))| TopicRow {
            ids,
            text,
            left,
            right,
        })
        .collect();
    // Both sides first (a conflict the grouping does not explain), then by size; stable.
    rows.sort_by_key(|r| {
        let both = !r.left.is_empty() && !r.right.is_empty();
        let stated = !(r.ids.is_empty() && r.text.is_empty());
        (
            !both,
            !stated,
            std::cmp::Reverse(r.left.len() + r.right.len()),
        )
    });
    Topic { about, pair, rows }
}

fn group_key(claim: &Claim, group_by: GroupBy, lang: Lang) -> (Vec<Id>, String) {
    let ids = |list: &[Id]| {
        let mut ids = list.to_vec();
        ids.sort();
        ids.dedup();
        (ids, String::new())
    };
    match group_by {
        GroupBy::Source => ids(&claim.sources),
        GroupBy::Vehicle => ids(&claim.vehicles),
        GroupBy::Cargo => ids(&claim.cargos),
        GroupBy::Disease => ids(&claim.diseases),
        GroupBy::Species => {
            let mut species = claim.species.clone();
            species.sort();
            let words: Vec<String> = species
                .iter()
                .map(|s| lang.pick(s.label_zh(), s.label_en()))
                .collect();
            (Vec::new(), words.join(", "))
        }
        GroupBy::Model => (Vec::new(), claim.model.trim().to_owned()),
    }
}

/// How many claims stand on each side of some contradiction of an entity (each claim
/// once): the "3 conflicting findings" of an entity page.
pub fn n_conflicting(topics: &[Topic]) -> usize {
    let mut claims: Vec<usize> = topics
        .iter()
        .flat_map(|t| t.rows.iter())
        .flat_map(|r| r.left.iter().chain(&r.right))
        .copied()
        .collect();
    claims.sort_unstable();
    claims.dedup();
    claims.len()
}

/// Every entity with contradictions among the claims `visible` admits: (entity, topics,
/// conflicting claims), most conflicting claims first.
pub fn entities_with_contradictions(
    doc: &Document,
    index: &Index,
    visible: impl Fn(usize) -> bool,
) -> Vec<(Item, usize, usize)> {
    let mut out = Vec::new();
    for kind in Kind::ALL {
        if matches!(kind, Kind::Review | Kind::Study) {
            continue;
        }
        for idx in 0..doc.count(kind) {
            let item = Item::Entity(kind, idx);
            let claims: Vec<usize> = index
                .claims_of(item)
                .iter()
                .copied()
                .filter(|&i| visible(i))
                .collect();
            let topics = contradictions(
                doc,
                index,
                item,
                &claims,
                GroupBy::default_for(kind),
                Lang::En,
            );
            if !topics.is_empty() {
                out.push((item, topics.len(), n_conflicting(&topics)));
            }
        }
    }
    out.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(&b.0)));
    out
}
