//! The evidence gap map: entities of one hierarchical kind (diseases, MSC sources or
//! vehicles) as rows, following their hierarchy, × mechanism categories as columns; each
//! cell counts the claims bearing on that mechanism (rolled up through the row's
//! descendants) and their best evidence tier. Empty cells are the gaps.

use super::entity::{Id, Kind, Mechanism};
use super::evidence::descendants;
use super::tabular::{TabCell, TabColumn, TabRow, Tabular};
use super::{Document, Index, Item, Tier};
use crate::lang::Lang;

/// What the rows are.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum MapAxis {
    /// Diseases and disease models.
    #[default]
    Diseases,
    /// MSC sources.
    Sources,
    /// Vehicles (cells, exosomes, EVs, engineered).
    Vehicles,
}

impl MapAxis {
    /// Every axis, in the order the switch offers them.
    pub const ALL: [MapAxis; 3] = [MapAxis::Diseases, MapAxis::Sources, MapAxis::Vehicles];

    /// The entity kind of the rows.
    pub fn kind(self) -> Kind {
        match self {
            MapAxis::Diseases => Kind::Disease,
            MapAxis::Sources => Kind::Source,
            MapAxis::Vehicles => Kind::Vehicle,
        }
    }
}

/// The mechanism categories a gap map shows, left to right: what a therapy does, then
/// delivery, engineering, safety and clinical use. Definitions, epidemiology and "other"
/// are not mechanisms and have no column.
pub const MAP_MECHANISMS: [Mechanism; 20] = [
    Mechanism::Immunomodulation,
    Mechanism::MacrophagePolarization,
    Mechanism::AntiInflammation,
    Mechanism::AntiFibrosis,
    Mechanism::AntiApoptosis,
    Mechanism::AntiOxidation,
    Mechanism::Angiogenesis,
    Mechanism::TissueRepair,
    Mechanism::BarrierRepair,
    Mechanism::Autophagy,
    Mechanism::Metabolism,
    Mechanism::Proliferation,
    Mechanism::Migration,
    Mechanism::TumorGrowth,
    Mechanism::TumorSuppression,
    Mechanism::DrugDelivery,
    Mechanism::Engineering,
    Mechanism::Manufacturing,
    Mechanism::Safety,
    Mechanism::Clinical,
];

/// One cell: how many claims, per tier, and the best tier.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MapCell {
    /// Claims in the cell.
    pub n: usize,
    /// Claims per tier (index: `Tier as usize`).
    pub by_tier: [usize; 4],
}

impl MapCell {
    /// The strongest tier with a claim, if any.
    pub fn best(&self) -> Option<Tier> {
        Tier::ALL
            .iter()
            .rev()
            .copied()
            .find(|&t| self.by_tier.get(t as usize).is_some_and(|&n| n > 0))
    }
}

/// One row: an entity, its depth in the hierarchy, and one cell per column.
#[derive(Clone, Debug, PartialEq)]
pub struct MapRow {
    /// The entity's id.
    pub id: Id,
    /// The entity.
    pub item: Item,
    /// 0 for a root.
    pub depth: usize,
    /// Whether it has children in the hierarchy (rows below it, one deeper).
    pub has_children: bool,
    /// Claims mentioning it or a descendant, in any mapped mechanism.
    pub n: usize,
    /// One cell per column of [`GapMap::columns`].
    pub cells: Vec<MapCell>,
}

/// The whole map.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GapMap {
    /// The rows' axis.
    pub axis: MapAxis,
    /// The columns.
    pub columns: Vec<Mechanism>,
    /// Rows in hierarchy order (a parent, then its subtree), roots in file order.
    pub rows: Vec<MapRow>,
    /// Largest cell count (for scaling cell sizes).
    pub max_n: usize,
}

/// Builds the map for `axis` over the claims `visible` admits. A row counts the claims
/// mentioning its entity or any of its descendants, each claim once.
pub fn gap_map(
    doc: &Document,
    index: &Index,
    axis: MapAxis,
    visible: impl Fn(usize) -> bool,
) -> GapMap {
    let kind = axis.kind();
    let columns = MAP_MECHANISMS.to_vec();
    let n = doc.count(kind);
    // Roots: no parent, or a parent that is not of this kind.
    let mut is_child = vec![false; n];
    for idx in 0..n {
        for child in index.children(Item::Entity(kind, idx)) {
            if let Item::Entity(k, c) = *child
                && k == kind
                && let Some(flag) = is_child.get_mut(c)
            {
                *flag = true;
            }
        }
    }
    let mut rows = Vec::new();
    let mut seen = vec![false; n];
    let mut stack: Vec<(usize, usize)> = (0..n)
        .rev()
        .filter(|&i| !is_child[i])
        .map(|i| (i, 0))
        .collect();
    while let Some((idx, depth)) = stack.pop() {
        if std::mem::replace(&mut seen[idx], true) {
            continue;
        }
        let item = Item::Entity(kind, idx);
        let children: Vec<usize> = index
            .children(item)
            .iter()
            .filter_map(|c| match *c {
                Item::Entity(k, c) if k == kind => Some(c),
                Item::Entity(..) | Item::Claim(_) | Item::Table(_) | Item::Figure(_) => None,
            })
            .collect();
        stack.extend(children.iter().rev().map(|&c| (c, depth + 1)));
        let id = doc
            .named(kind, idx)
            .map_or_else(Id::default, |named| Id::from(named.id()));
        let mut claims: Vec<usize> = index.claims_of(item).to_vec();
        for d in descendants(index, item) {
            claims.extend_from_slice(index.claims_of(d));
        }
        claims.sort_unstable();
        claims.dedup();
        let mut cells = vec![MapCell::default(); columns.len()];
        let mut n_row = 0;
        for claim in claims
            .iter()
            .filter(|&&i| visible(i))
            .filter_map(|&i| doc.claims.get(i))
        {
            let mut any = false;
            for (col, mechanism) in columns.iter().enumerate() {
                if claim.mechanisms.contains(mechanism)
                    && let Some(cell) = cells.get_mut(col)
                {
                    cell.n += 1;
                    if let Some(t) = cell.by_tier.get_mut(claim.level.tier() as usize) {
                        *t += 1;
                    }
                    any = true;
                }
            }
            n_row += usize::from(any);
        }
        rows.push(MapRow {
            id,
            item,
            depth,
            has_children: !children.is_empty(),
            n: n_row,
            cells,
        });
    }
    let max_n = rows
        .iter()
        .flat_map(|r| r.cells.iter().map(|c| c.n))
        .max()
        .unwrap_or(0);
    GapMap {
        axis,
        columns,
        rows,
        max_n,
    }
}

impl GapMap {
    /// The map as a table for CSV export: the row's name (indented by depth with "  "),
    /// then per mechanism "n (best tier)" or empty for a gap.
    pub fn to_tabular(&self, doc: &Document, lang: Lang) -> Tabular {
        let kind = self.axis.kind();
        let mut columns = vec![TabColumn::new(kind.label_zh(), kind.label_en())];
        columns.extend(
            self.columns
                .iter()
                .map(|m| TabColumn::new(m.label_zh(), m.label_en())),
        );
        let rows = self
            .rows
            .iter()
            .map(|row| {
                let mut cells = vec![TabCell::text(format!(
                    "{}{}",
                    "  ".repeat(row.depth),
                    doc.display_name(row.item, lang)
                ))];
                cells.extend(row.cells.iter().map(|cell| match cell.best() {
                    Some(best) if cell.n > 0 => TabCell::ranked(
                        format!(
                            "{} ({})",
                            cell.n,
                            lang.pick(best.label_zh(), best.label_en())
                        ),
                        u32::try_from(cell.n).unwrap_or(u32::MAX),
                    ),
                    Some(_) | None => TabCell::text(String::new()),
                }));
                TabRow {
                    cells,
                    claims: Vec::new(),
                }
            })
            .collect();
        Tabular { columns, rows }
    }
}
