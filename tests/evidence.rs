//! Evidence at a glance, on the shipped evidence: summaries with and without roll-up,
//! the gap map's cells against a direct count over the claims, and contradictions.

// Tests may panic on a broken file: that is how they fail.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::OnceLock;

use paracrine::lang::Lang;
use paracrine::model::conflict::{self, GroupBy};
use paracrine::model::evidence::{self, ClaimQuery, ClaimSet, Summary};
use paracrine::model::gapmap::{self, MapAxis};
use paracrine::model::{self, Direction, Document, Index, Item, Kind, Loaded, Tier};

fn loaded() -> &'static (Loaded, Index) {
    static LOADED: OnceLock<(Loaded, Index)> = OnceLock::new();
    LOADED.get_or_init(|| {
        let loaded = model::load_files(&[PathBuf::from("evidence.ron")]);
        assert!(
            loaded.diagnostics.is_empty(),
            "{:?}",
            loaded.diagnostics.first()
        );
        let index = Index::build(&loaded.doc);
        (loaded, index)
    })
}

fn doc() -> &'static Document {
    &loaded().0.doc
}

fn index() -> &'static Index {
    &loaded().1
}

fn item(id: &str) -> Item {
    index().item(id).unwrap_or_else(|| panic!("no `{id}`"))
}

/// Every claim mentioning `id` or a descendant, counted directly over the claims.
fn direct_rollup(id: &str) -> BTreeSet<usize> {
    let root = item(id);
    let mut items = vec![root];
    items.extend(evidence::descendants(index(), root));
    let ids: BTreeSet<&str> = items.iter().filter_map(|&i| doc().id_of(i)).collect();
    doc()
        .claims
        .iter()
        .enumerate()
        .filter(|(_, c)| {
            c.referenced_ids().any(|r| {
                ids.contains(r.as_str()) || index().item(r).is_some_and(|i| items.contains(&i))
            })
        })
        .map(|(i, _)| i)
        .collect()
}

fn set(id: &str, rollup: bool) -> evidence::SetClaims {
    let set = ClaimSet::Entity {
        id: id.into(),
        rollup,
    };
    evidence::claims_of_set(doc(), index(), &set, |_| true).expect("the entity exists")
}

#[test]
fn the_tumour_page_rolls_up_its_specific_cancers() {
    let own = Summary::of(doc(), &set("tumor", false));
    let rolled = Summary::of(doc(), &set("tumor", true));
    assert!(own.children.is_empty());
    assert!(!rolled.children.is_empty(), "tumour has child diseases");
    assert!(rolled.n > own.n);
    let pro = |s: &Summary| {
        s.by_direction
            .get(&Direction::ProTumor)
            .copied()
            .unwrap_or(0)
    };
    let anti = |s: &Summary| {
        s.by_direction
            .get(&Direction::AntiTumor)
            .copied()
            .unwrap_or(0)
    };
    assert!(pro(&rolled) > pro(&own) && anti(&rolled) > anti(&own));
    // The roll-up is exactly the claims naming the tumour or one of its descendants.
    let expected = direct_rollup("tumor");
    let got: BTreeSet<usize> = set("tumor", true).claims.into_iter().collect();
    assert_eq!(got, expected);
    let headline = rolled.headline(Lang::En, evidence::child_noun(Kind::Disease));
    let line = format!("{} pro-tumor vs {} anti-tumor", pro(&rolled), anti(&rolled));
    assert!(headline.contains(&line), "{headline}");
    assert!(
        headline.contains(&format!(
            "including {} child diseases",
            rolled.children.len()
        )),
        "{headline}"
    );
    assert!(headline.contains("mostly"), "{headline}");
    let zh = rolled.headline(Lang::Zh, evidence::child_noun(Kind::Disease));
    assert!(zh.contains("条促肿瘤 对 ") && zh.contains("子疾病"), "{zh}");
}

#[test]
fn summary_counts_add_up_and_narrowing_selects_a_count() {
    let s = Summary::of(doc(), &set("ibd", true));
    assert_eq!(s.counts.values().sum::<usize>(), s.n);
    assert_eq!(s.by_tier.values().sum::<usize>(), s.n);
    assert_eq!(s.reviews.iter().map(|r| r.1).sum::<usize>(), s.n);
    for (&(tier, direction), &n) in &s.counts {
        let query = ClaimQuery {
            tier: Some(tier),
            direction: Some(direction),
            ..ClaimQuery::of(ClaimSet::Entity {
                id: "ibd".into(),
                rollup: true,
            })
        };
        let selected = evidence::select(doc(), index(), &query, |_| true).unwrap();
        assert_eq!(selected.claims.len(), n, "{tier:?} {direction:?}");
    }
    // The visibility predicate (the app's filters) applies before counting.
    let only_first = evidence::claims_of_set(
        doc(),
        index(),
        &ClaimSet::Entity {
            id: "ibd".into(),
            rollup: true,
        },
        |i| i == set("ibd", true).claims[0],
    )
    .unwrap();
    assert_eq!(only_first.claims.len(), 1);
}

#[test]
fn a_table_row_set_is_its_claims_and_unknown_ids_are_none() {
    let (t, table) = doc()
        .tables
        .iter()
        .enumerate()
        .find(|(_, t)| t.id == "t003-2")
        .unwrap();
    assert_eq!(item("t003-2"), Item::Table(t));
    let row = 2;
    let got = evidence::claims_of_set(
        doc(),
        index(),
        &ClaimSet::TableRow {
            table: "t003-2".into(),
            row,
        },
        |_| true,
    )
    .unwrap();
    let want: BTreeSet<&str> = table.rows[row]
        .claims
        .iter()
        .map(|id| id.as_str())
        .collect();
    let got: BTreeSet<&str> = got
        .claims
        .iter()
        .map(|&i| doc().claims[i].id.as_str())
        .collect();
    assert_eq!(got, want);
    let missing = ClaimSet::Entity {
        id: "no-such-thing".into(),
        rollup: true,
    };
    assert!(evidence::claims_of_set(doc(), index(), &missing, |_| true).is_none());
    let out_of_range = ClaimSet::TableRow {
        table: "t003-2".into(),
        row: 10_000,
    };
    assert!(evidence::claims_of_set(doc(), index(), &out_of_range, |_| true).is_none());
}

#[test]
fn gap_map_cells_equal_a_direct_count_over_the_claims() {
    for axis in MapAxis::ALL {
        let map = gapmap::gap_map(doc(), index(), axis, |_| true);
        assert_eq!(
            map.rows.len(),
            doc().count(axis.kind()),
            "{axis:?}: every entity is a row"
        );
        for row in &map.rows {
            let claims = direct_rollup(&row.id);
            for (c, mechanism) in map.columns.iter().enumerate() {
                let matching: Vec<&model::Claim> = claims
                    .iter()
                    .map(|&i| &doc().claims[i])
                    .filter(|claim| claim.mechanisms.contains(mechanism))
                    .collect();
                let cell = row.cells[c];
                assert_eq!(cell.n, matching.len(), "{} × {mechanism:?}", row.id);
                let best = matching.iter().map(|c| c.level.tier()).max();
                assert_eq!(cell.best(), best, "{} × {mechanism:?}", row.id);
            }
        }
        // Hierarchy order: every row below its parent, one level deeper.
        for (i, row) in map.rows.iter().enumerate() {
            if row.depth > 0 {
                let parent = map.rows[..i]
                    .iter()
                    .rev()
                    .find(|r| r.depth < row.depth)
                    .unwrap();
                assert_eq!(parent.depth + 1, row.depth, "{}", row.id);
            }
        }
    }
}

#[test]
fn gap_map_honours_the_filters_and_exports_a_table() {
    let animal_only = |i: usize| doc().claims[i].level.tier() == Tier::Animal;
    let map = gapmap::gap_map(doc(), index(), MapAxis::Diseases, animal_only);
    for row in &map.rows {
        for cell in &row.cells {
            assert!(cell.best().is_none_or(|t| t == Tier::Animal));
        }
    }
    let table = map.to_tabular(doc(), Lang::En);
    assert_eq!(table.rows.len(), map.rows.len());
    assert_eq!(table.columns.len(), map.columns.len() + 1);
    let csv = model::tabular::to_csv(
        &table,
        &(0..table.rows.len()).collect::<Vec<_>>(),
        Lang::Zh,
        &model::tabular::ExportMeta::default(),
    )
    .unwrap();
    assert!(csv.starts_with(b"\xEF\xBB\xBF"));
    assert!(String::from_utf8(csv).unwrap().contains("免疫调节"));
}

#[test]
fn the_tumour_reviews_msc_exosomes_cut_both_ways() {
    // The tumour review's MSC-exosomes: claims on both sides, with their citations.
    let vehicle = doc()
        .vehicles
        .iter()
        .enumerate()
        .max_by_key(|(i, _)| {
            let claims = index().claims_of(Item::Entity(Kind::Vehicle, *i));
            let dirs: BTreeSet<Direction> =
                claims.iter().map(|&c| doc().claims[c].direction).collect();
            usize::from(dirs.contains(&Direction::ProTumor) && dirs.contains(&Direction::AntiTumor))
                * claims.len()
        })
        .map(|(i, _)| Item::Entity(Kind::Vehicle, i))
        .unwrap();
    let claims = index().claims_of(vehicle).to_vec();
    let topics = conflict::contradictions(
        doc(),
        index(),
        vehicle,
        &claims,
        GroupBy::default_for(Kind::Vehicle),
        Lang::En,
    );
    let tumour = topics
        .iter()
        .find(|t| t.about.is_none())
        .expect("a pro- vs anti-tumour topic");
    let (left, right) = tumour.sides();
    assert!(left > 0 && right > 0);
    for row in &tumour.rows {
        for &i in &row.left {
            assert_eq!(doc().claims[i].direction, Direction::ProTumor);
            assert!(!doc().claims[i].cite.quote.is_empty());
        }
        for &i in &row.right {
            assert_eq!(doc().claims[i].direction, Direction::AntiTumor);
        }
    }
    // Grouping by another dimension keeps every claim.
    for group_by in GroupBy::ALL {
        let topics = conflict::contradictions(doc(), index(), vehicle, &claims, group_by, Lang::Zh);
        let t = topics.iter().find(|t| t.about.is_none()).unwrap();
        assert_eq!(t.sides(), (left, right), "{group_by:?}");
    }
    let list = conflict::entities_with_contradictions(doc(), index(), |_| true);
    assert!(list.iter().any(|&(i, _, _)| i == vehicle));
}

#[test]
fn promotes_and_inhibits_conflict_only_about_the_same_outcome() {
    for (i, _) in doc().effects.iter().enumerate().take(40) {
        let item = Item::Entity(Kind::Effect, i);
        let claims = index().claims_of(item).to_vec();
        for topic in
            conflict::contradictions(doc(), index(), item, &claims, GroupBy::Source, Lang::En)
        {
            let Some(about) = topic.about else { continue };
            let about_id = doc().id_of(about).unwrap();
            for row in &topic.rows {
                for &c in row.left.iter().chain(&row.right) {
                    assert!(
                        doc().claims[c]
                            .referenced_ids()
                            .any(|r| index().item(r) == Some(about)),
                        "claim {} does not name {about_id}",
                        doc().claims[c].id
                    );
                }
            }
        }
    }
}

#[test]
fn the_gap_map_exports_as_svg_and_png_with_its_footer() {
    use paracrine::export::{self, Format, SourceInfo, Subject};
    use paracrine::model::filter::Filters;
    let source = SourceInfo::new(std::path::Path::new("evidence.ron"), loaded().0.hash);
    let subject = Subject::EvidenceMap {
        axis: MapAxis::Diseases,
        filters: Filters {
            tiers: [Tier::Animal].into(),
            ..Filters::default()
        },
    };
    let svg = export::render(doc(), index(), &subject, Format::Svg, Lang::En, &source).unwrap();
    let text = String::from_utf8(svg.bytes).unwrap();
    assert!(text.contains("Evidence gap map: diseases"), "title");
    assert!(text.contains("systemic lupus erythematosus"), "a row");
    assert!(
        text.contains("Filters: evidence: animal"),
        "footer names the filters"
    );
    assert!(
        text.contains("Evidence file: evidence.ron"),
        "footer names the file"
    );
    assert_eq!(svg.suggested_name, "evidence-map-diseases-animal.svg");
    let png = export::render(
        doc(),
        index(),
        &subject,
        Format::Png { scale: 1 },
        Lang::Zh,
        &source,
    )
    .unwrap();
    assert!(png.bytes.starts_with(b"\x89PNG"));
}
