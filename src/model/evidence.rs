//! Evidence at a glance: sets of claims (an entity's, rolled up through its hierarchy or
//! not; a table row's; all), narrowed by tier, direction and mechanism; their summary
//! (tier × direction counts, reviews, the child entities included, a headline in words);
//! and the claims table that lists them.

use std::collections::{BTreeMap, BTreeSet};

use super::entity::{Id, Kind, Mechanism};
use super::tabular::{TabCell, TabColumn, TabRow, Tabular};
use super::{Claim, Direction, Document, Index, Item, Tier};
use crate::lang::Lang;

/// Which claims: the source of a claims table, a summary or an evidence-map cell.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ClaimSet {
    /// Every claim in the document.
    All,
    /// The claims mentioning an entity; with `rollup`, also those mentioning any of its
    /// descendants in its hierarchy (a parent disease's child diseases).
    Entity {
        /// The entity's id.
        id: Id,
        /// Include the descendants' claims.
        rollup: bool,
    },
    /// The claims a review table's row reports.
    TableRow {
        /// The table's id.
        table: Id,
        /// The row's position (0-based).
        row: usize,
    },
}

/// A set of claims narrowed to one tier, direction and mechanism category (each optional):
/// what a click on a summary count or an evidence-map cell opens.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ClaimQuery {
    /// Which claims.
    pub set: ClaimSet,
    /// Only this evidence tier.
    pub tier: Option<Tier>,
    /// Only this direction.
    pub direction: Option<Direction>,
    /// Only claims bearing on this mechanism category.
    pub mechanism: Option<Mechanism>,
}

impl ClaimQuery {
    /// Every claim of `set`, not narrowed.
    pub fn of(set: ClaimSet) -> ClaimQuery {
        ClaimQuery {
            set,
            tier: None,
            direction: None,
            mechanism: None,
        }
    }

    /// The query in words, as a page title: "tumors and its child diseases · animal model ·
    /// pro-tumor · anti-fibrosis".
    pub fn describe(&self, doc: &Document, index: &Index, lang: Lang) -> String {
        let mut parts = vec![match &self.set {
            ClaimSet::All => lang.label("全部证据条目", "All claims"),
            ClaimSet::Entity { id, rollup } => {
                let name = index
                    .item(id)
                    .map_or_else(|| id.to_string(), |item| doc.display_name(item, lang));
                let has_children = index
                    .item(id)
                    .is_some_and(|i| !index.children(i).is_empty());
                if *rollup && has_children {
                    format!("{name} {}", lang.label("（含下级）", "and its children"))
                } else {
                    name
                }
            }
            ClaimSet::TableRow { table, row } => {
                let label = match index.item(table) {
                    Some(Item::Table(t)) => doc.tables.get(t).map(|t| t.label.clone()),
                    _ => None,
                }
                .unwrap_or_else(|| table.to_string());
                lang.label(
                    &format!("{label} 第 {} 行", row + 1),
                    &format!("{label}, row {}", row + 1),
                )
            }
        }];
        if let Some(tier) = self.tier {
            parts.push(lang.pick(tier.label_zh(), tier.label_en()));
        }
        if let Some(direction) = self.direction {
            parts.push(lang.pick(direction.label_zh(), direction.label_en()));
        }
        if let Some(mechanism) = self.mechanism {
            parts.push(lang.pick(mechanism.label_zh(), mechanism.label_en()));
        }
        parts.join(" · ")
    }

    /// Whether `claim` passes the narrowing (not the set membership).
    pub fn narrows_to(&self, claim: &Claim) -> bool {
        self.tier.is_none_or(|t| claim.level.tier() == t)
            && self.direction.is_none_or(|d| claim.direction == d)
            && self.mechanism.is_none_or(|m| claim.mechanisms.contains(&m))
    }
}

/// The claims of a set, and which descendants contributed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SetClaims {
    /// Claim indices, ascending (file order), each once.
    pub claims: Vec<usize>,
    /// With roll-up: the descendants mentioned by at least one of `claims`, in hierarchy
    /// order (depth first).
    pub children: Vec<Item>,
}

/// The descendants of `item` in its hierarchy, depth first (children in file order), each
/// once even if the hierarchy were not a tree. Iterative: a deep chain cannot overflow.
pub fn descendants(index: &Index, item: Item) -> Vec<Item> {
    let mut seen: BTreeSet<Item> = BTreeSet::from([item]);
    let mut out = Vec::new();
    let mut stack: Vec<Item> = index.children(item).iter().rev().copied().collect();
    while let Some(next) = stack.pop() {
        if !seen.insert(next) {
            continue;
        }
        out.push(next);
        stack.extend(index.children(next).iter().rev().copied());
    }
    out
}

/// The claims of `set` that `visible` admits (the app's filters); `None` when the set
/// names a record that does not exist.
pub fn claims_of_set(
    doc: &Document,
    index: &Index,
    set: &ClaimSet,
    visible: impl Fn(usize) -> bool,
) -> Option<SetClaims> {
    match set {
        ClaimSet::All => Some(SetClaims {
            claims: (0..doc.claims.len()).filter(|&i| visible(i)).collect(),
            children: Vec::new(),
        }),
        ClaimSet::Entity { id, rollup } => {
            let item = index.item(id).filter(|i| matches!(i, Item::Entity(..)))?;
            let mut claims: Vec<usize> = index
                .claims_of(item)
                .iter()
                .copied()
                .filter(|&i| visible(i))
                .collect();
            let mut children = Vec::new();
            if *rollup {
                for child in descendants(index, item) {
                    let before = claims.len();
                    claims.extend(
                        index
                            .claims_of(child)
                            .iter()
                            .copied()
                            .filter(|&i| visible(i)),
                    );
                    if claims.len() > before {
                        children.push(child);
                    }
                }
                claims.sort_unstable();
                claims.dedup();
            }
            Some(SetClaims { claims, children })
        }
        ClaimSet::TableRow { table, row } => {
            let Some(Item::Table(t)) = index.item(table) else {
                return None;
            };
            let row = doc.tables.get(t)?.rows.get(*row)?;
            let mut claims: Vec<usize> = row
                .claims
                .iter()
                .filter_map(|id| match index.item(id) {
                    Some(Item::Claim(i)) => Some(i),
                    _ => None,
                })
                .filter(|&i| visible(i))
                .collect();
            claims.sort_unstable();
            claims.dedup();
            Some(SetClaims {
                claims,
                children: Vec::new(),
            })
        }
    }
}

/// The claims a query selects: its set's, narrowed.
pub fn select(
    doc: &Document,
    index: &Index,
    query: &ClaimQuery,
    visible: impl Fn(usize) -> bool,
) -> Option<SetClaims> {
    let mut set = claims_of_set(doc, index, &query.set, visible)?;
    set.claims
        .retain(|&i| doc.claims.get(i).is_some_and(|c| query.narrows_to(c)));
    Some(set)
}

/// A set of claims counted: by tier × direction, by review, and the children included.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Summary {
    /// How many claims.
    pub n: usize,
    /// Claims per (tier, direction).
    pub counts: BTreeMap<(Tier, Direction), usize>,
    /// Claims per direction.
    pub by_direction: BTreeMap<Direction, usize>,
    /// Claims per tier.
    pub by_tier: BTreeMap<Tier, usize>,
    /// Claims whose level a curator inferred.
    pub n_inferred: usize,
    /// The reviews reporting them (ids), most claims first: (review id, claims).
    pub reviews: Vec<(Id, usize)>,
    /// The descendants whose claims are included (roll-up).
    pub children: Vec<Item>,
}

impl Summary {
    /// Counts `set`.
    pub fn of(doc: &Document, set: &SetClaims) -> Summary {
        let mut summary = Summary {
            children: set.children.clone(),
            ..Summary::default()
        };
        let mut reviews: BTreeMap<&str, usize> = BTreeMap::new();
        for claim in set.claims.iter().filter_map(|&i| doc.claims.get(i)) {
            summary.n += 1;
            let tier = claim.level.tier();
            *summary.counts.entry((tier, claim.direction)).or_default() += 1;
            *summary.by_direction.entry(claim.direction).or_default() += 1;
            *summary.by_tier.entry(tier).or_default() += 1;
            summary.n_inferred += usize::from(claim.level_inferred);
            *reviews.entry(claim.cite.review.as_str()).or_default() += 1;
        }
        let mut reviews: Vec<(Id, usize)> = reviews
            .into_iter()
            .map(|(id, n)| (Id::from(id), n))
            .collect();
        reviews.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        summary.reviews = reviews;
        summary
    }

    /// The tiers most claims come from: the largest tiers, strongest first on ties, until
    /// they cover at least 70 % of the claims (at most two named).
    pub fn main_tiers(&self) -> Vec<Tier> {
        let mut tiers: Vec<(Tier, usize)> = self.by_tier.iter().map(|(&t, &n)| (t, n)).collect();
        tiers.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| b.0.cmp(&a.0)));
        let mut covered = 0;
        let mut out = Vec::new();
        for (tier, n) in tiers {
            if out.len() == 2 || covered * 10 >= self.n * 7 {
                break;
            }
            covered += n;
            out.push(tier);
        }
        out.sort();
        out
    }

    /// The summary in one sentence: "45 findings (including 12 child diseases): 20
    /// pro-tumour vs 25 anti-tumour, 3 describe; mostly in vitro and animal".
    /// `child_noun` names the children ("child diseases").
    pub fn headline(&self, lang: Lang, child_noun: (&str, &str)) -> String {
        if self.n == 0 {
            return lang.label("没有证据条目", "no findings");
        }
        let zh = lang == Lang::Zh;
        let mut out = if zh {
            format!("{} 条证据", self.n)
        } else {
            format!("{} finding{}", self.n, if self.n == 1 { "" } else { "s" })
        };
        if !self.children.is_empty() {
            let n = self.children.len();
            out.push_str(&if zh {
                format!("（含 {n} 个{}）", child_noun.0)
            } else {
                format!(" (including {n} {})", singular_if_one(n, child_noun.1))
            });
        }
        out.push_str(if zh { "：" } else { ": " });
        let count = |d: Direction| self.by_direction.get(&d).copied().unwrap_or(0);
        let word = |d: Direction, n: usize| {
            if zh {
                format!("{n} 条{}", d.label_zh())
            } else {
                format!("{n} {}", d.label_en())
            }
        };
        let mut parts: Vec<String> = Vec::new();
        let mut done: BTreeSet<Direction> = BTreeSet::new();
        // Pro- and anti-tumour findings are set against each other; "promotes" and
        // "inhibits" often name different effects (fibrosis inhibited, repair promoted),
        // so they are only listed.
        {
            let (a, b) = (Direction::ProTumor, Direction::AntiTumor);
            if count(a) > 0 && count(b) > 0 {
                let vs = if zh { " 对 " } else { " vs " };
                parts.push(format!("{}{vs}{}", word(a, count(a)), word(b, count(b))));
                done.extend([a, b]);
            }
        }
        let mut rest: Vec<(Direction, usize)> = self
            .by_direction
            .iter()
            .filter(|(d, _)| !done.contains(d))
            .map(|(&d, &n)| (d, n))
            .collect();
        rest.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        parts.extend(rest.into_iter().map(|(d, n)| word(d, n)));
        out.push_str(&parts.join(if zh { "，" } else { ", " }));
        let tiers: Vec<String> = self
            .main_tiers()
            .into_iter()
            .map(|t| lang.pick(t.label_zh(), t.label_en()))
            .collect();
        if !tiers.is_empty() {
            out.push_str(&if zh {
                format!("；以{}为主", tiers.join("和"))
            } else {
                format!("; mostly {}", tiers.join(" and "))
            });
        }
        out
    }
}

/// `noun` (an English plural) for `n` things: "1 child disease", "2 child diseases".
pub fn singular_if_one(n: usize, noun: &str) -> &str {
    match noun.strip_suffix('s') {
        Some(one) if n == 1 => one,
        Some(_) | None => noun,
    }
}

/// The noun for an entity kind's children in a summary headline (zh, en).
pub fn child_noun(kind: Kind) -> (&'static str, &'static str) {
    match kind {
        Kind::Disease => ("子疾病", "child diseases"),
        Kind::Source => ("下级来源", "more specific sources"),
        Kind::Vehicle => ("下级载体", "more specific vehicles"),
        Kind::CellType => ("下级细胞类型", "more specific cell types"),
        Kind::Cargo => ("下级分子", "more specific molecules"),
        Kind::Target
        | Kind::Pathway
        | Kind::Effect
        | Kind::Product
        | Kind::Strategy
        | Kind::Study
        | Kind::Review => ("下级条目", "child entries"),
    }
}

/// Columns of a claims table before the link columns.
const LEAD_COLUMNS: [(&str, &str); 5] = [
    ("方向", "Direction"),
    ("证据等级", "Evidence level"),
    ("发现", "Finding"),
    ("模型", "Model"),
    ("物种", "Species"),
];

/// Columns of a claims table after the link columns.
const TAIL_COLUMNS: [(&str, &str); 4] = [
    ("综述", "Review"),
    ("参考文献", "Refs"),
    ("章节", "Section"),
    ("原文引述", "Quote"),
];

/// A claims table: one row per claim with direction, level (and whether inferred),
/// finding, model, species, the linked entities by kind (a column for each kind some
/// claim links), review, reference numbers, section and the verbatim quote. Texts in
/// `lang`; the filter finds every cell by both languages.
pub fn claims_table(doc: &Document, index: &Index, claims: &[usize], lang: Lang) -> Tabular {
    let claims: Vec<&Claim> = claims.iter().filter_map(|&i| doc.claims.get(i)).collect();
    let link_kinds: Vec<(Kind, usize)> = (0..super::claim::N_LINK_FIELDS)
        .filter(|&f| {
            claims
                .iter()
                .any(|c| c.links().get(f).is_some_and(|(_, _, ids)| !ids.is_empty()))
        })
        .filter_map(|f| {
            Claim::default()
                .links()
                .get(f)
                .map(|&(kind, _, _)| (kind, f))
        })
        .collect();
    let mut columns: Vec<TabColumn> = LEAD_COLUMNS
        .iter()
        .map(|&(zh, en)| TabColumn::new(zh, en))
        .collect();
    columns.extend(
        link_kinds
            .iter()
            .map(|&(kind, _)| TabColumn::new(kind.label_zh(), kind.label_en())),
    );
    columns.extend(TAIL_COLUMNS.iter().map(|&(zh, en)| TabColumn::new(zh, en)));
    let rows = claims
        .iter()
        .map(|claim| claim_row(doc, index, claim, &link_kinds, lang))
        .collect();
    Tabular { columns, rows }
}

fn claim_row(
    doc: &Document,
    index: &Index,
    claim: &Claim,
    link_kinds: &[(Kind, usize)],
    lang: Lang,
) -> TabRow {
    let both = |zh: &str, en: &str| format!("{zh}\n{en}");
    let direction = claim.direction;
    let mut level = lang.pick(claim.level.label_zh(), claim.level.label_en());
    if claim.level_inferred {
        level.push_str(&lang.label("（推断）", " (inferred)"));
    }
    let species: Vec<String> = claim
        .species
        .iter()
        .map(|s| lang.pick(s.label_zh(), s.label_en()))
        .collect();
    let species_both: Vec<String> = claim
        .species
        .iter()
        .map(|s| both(s.label_zh(), s.label_en()))
        .collect();
    let mut cells = vec![
        TabCell::ranked(
            format!(
                "{} {}",
                direction.glyph(),
                lang.pick(direction.label_zh(), direction.label_en())
            ),
            direction as u32,
        )
        .also_found_by(&both(direction.label_zh(), direction.label_en())),
        TabCell::ranked(level, claim.level as u32)
            .also_found_by(&both(claim.level.label_zh(), claim.level.label_en())),
        TabCell::text(lang.pick(&claim.zh, &claim.en)).also_found_by(&both(&claim.zh, &claim.en)),
        TabCell::text(claim.model.clone()),
        TabCell::text(species.join(", ")).also_found_by(&species_both.join("\n")),
    ];
    let links = claim.links();
    for &(_, field) in link_kinds {
        let ids: Vec<Id> = links
            .get(field)
            .map_or_else(Vec::new, |(_, _, ids)| ids.to_vec());
        let names: Vec<String> = ids
            .iter()
            .map(|id| match index.item(id) {
                Some(item) => doc.display_name(item, lang),
                None => id.to_string(),
            })
            .collect();
        cells.push(TabCell::text(names.join(", ")).linking(doc, index, ids));
    }
    let review = index.item(&claim.cite.review);
    let review_name = review.map_or_else(
        || claim.cite.review.to_string(),
        |r| doc.display_name(r, lang),
    );
    let refs: Vec<String> = claim.cite.refs.iter().map(u32::to_string).collect();
    let refs = if refs.is_empty() {
        String::new()
    } else {
        format!("[{}]", refs.join(", "))
    };
    let mut review_cell = TabCell::text(review_name);
    if review.is_some() {
        review_cell = review_cell.linking(doc, index, vec![claim.cite.review.clone()]);
    }
    cells.extend([
        review_cell,
        TabCell::text(refs),
        TabCell::text(claim.cite.section.clone()),
        TabCell::text(claim.cite.quote.clone()).also_found_by(&claim.cite.gloss),
    ]);
    TabRow {
        cells,
        claims: vec![claim.id.clone()],
    }
}
