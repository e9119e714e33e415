//! Claim filters shared by every list and page: evidence level, direction, vehicle
//! class, review and species. An empty set means "any".

use std::collections::BTreeSet;

use super::entity::{Id, Kind, Species, VehicleClass};
use super::{Claim, Direction, Document, Index, Item, Tier};
use crate::lang::Lang;

/// The claim filters in force. A claim is shown when it passes every non-empty set.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filters {
    /// Evidence tiers to show (the tier of `Claim::level`).
    pub tiers: BTreeSet<Tier>,
    /// Directions to show.
    pub directions: BTreeSet<Direction>,
    /// Vehicle classes to show: a claim passes if one of its vehicles has one.
    pub vehicle_classes: BTreeSet<VehicleClass>,
    /// Ids of the reviews to show (of `Cite::review`).
    pub reviews: BTreeSet<Id>,
    /// Species to show: a claim passes if it lists one of them.
    pub species: BTreeSet<Species>,
    /// Only claims whose evidence level the review states (not inferred by a curator).
    pub stated_level_only: bool,
}

impl Filters {
    /// Whether any filter is set (some claims may be hidden).
    pub fn is_active(&self) -> bool {
        !(self.tiers.is_empty()
            && self.directions.is_empty()
            && self.vehicle_classes.is_empty()
            && self.reviews.is_empty()
            && self.species.is_empty()
            && !self.stated_level_only)
    }

    /// Whether `claim` passes every set filter.
    pub fn admits(&self, claim: &Claim, doc: &Document, index: &Index) -> bool {
        if !self.tiers.is_empty() && !self.tiers.contains(&claim.level.tier()) {
            return false;
        }
        if self.stated_level_only && claim.level_inferred {
            return false;
        }
        if !self.directions.is_empty() && !self.directions.contains(&claim.direction) {
            return false;
        }
        if !self.reviews.is_empty() && !self.reviews.contains(&claim.cite.review) {
            return false;
        }
        if !self.species.is_empty() && !claim.species.iter().any(|s| self.species.contains(s)) {
            return false;
        }
        if !self.vehicle_classes.is_empty() {
            let any = claim.vehicles.iter().any(|v| match index.item(v) {
                Some(Item::Entity(Kind::Vehicle, i)) => doc
                    .vehicles
                    .get(i)
                    .is_some_and(|v| self.vehicle_classes.contains(&v.class)),
                _ => false,
            });
            if !any {
                return false;
            }
        }
        true
    }

    /// The claims mentioning `item` that pass every set filter (document indices, in the
    /// index's order): what an entity page and an entity diagram show. The app keeps
    /// [`Filters::visible_claims`] flags per revision and selects with them, which gives
    /// the same list; this one needs no cache.
    pub fn admitted_claims_of(&self, doc: &Document, index: &Index, item: Item) -> Vec<usize> {
        admitted(index.claims_of(item), |i| {
            doc.claims
                .get(i)
                .is_some_and(|claim| self.admits(claim, doc, index))
        })
    }

    /// The set filters in words, one `name: values` part per dimension, joined with
    /// "; " (e.g. `evidence: animal, human; review: r001`); empty when none is set.
    /// Words as [`Lang::label`] gives fixed strings (`evidence 证据: animal 动物, …`
    /// when both).
    pub fn describe(&self, lang: Lang) -> String {
        let word = |zh: &str, en: &str| lang.label(zh, en);
        let sep = if lang == Lang::Zh { "：" } else { ": " };
        let list_sep = if lang == Lang::Zh { "、" } else { ", " };
        let mut parts: Vec<String> = Vec::new();
        let mut part = |name: String, values: Vec<String>| {
            if !values.is_empty() {
                parts.push(format!("{name}{sep}{}", values.join(list_sep)));
            }
        };
        part(
            word("证据", "evidence"),
            self.tiers
                .iter()
                .map(|t| word(t.label_zh(), t.label_en()))
                .collect(),
        );
        if self.stated_level_only {
            part(
                word("证据等级", "evidence level"),
                vec![word("综述明示", "as the review states it")],
            );
        }
        part(
            word("方向", "direction"),
            self.directions
                .iter()
                .map(|d| word(d.label_zh(), d.label_en()))
                .collect(),
        );
        part(
            word("载体", "vehicle"),
            self.vehicle_classes
                .iter()
                .map(|v| word(v.label_zh(), v.label_en()))
                .collect(),
        );
        part(
            word("综述", "review"),
            self.reviews.iter().map(Id::to_string).collect(),
        );
        part(
            word("物种", "species"),
            self.species
                .iter()
                .map(|s| word(s.label_zh(), s.label_en()))
                .collect(),
        );
        parts.join(if lang == Lang::Zh { "；" } else { "; " })
    }

    /// One flag per claim, in document order.
    pub fn visible_claims(&self, doc: &Document, index: &Index) -> Vec<bool> {
        doc.claims
            .iter()
            .map(|claim| self.admits(claim, doc, index))
            .collect()
    }
}

/// The claim indices of `claims` (an [`Index::claims_of`] list) that `visible` admits:
/// the one selection rule behind "claims mentioning an entity that pass the filters",
/// for callers with per-claim flags and for [`Filters::admitted_claims_of`].
pub fn admitted(claims: &[usize], visible: impl Fn(usize) -> bool) -> Vec<usize> {
    claims.iter().copied().filter(|&i| visible(i)).collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use std::collections::BTreeSet;

    use super::Filters;
    use crate::model::entity::{Id, Review, Species, Vehicle, VehicleClass};
    use crate::model::{Cite, Claim, Direction, Document, Index, Level, Tier};

    /// Four claims to filter:
    /// 0. animal, promotes, mouse, exosomes (via `exo`), review r1;
    /// 1. phase II trial, inhibits, human, cells (via `msc`), review r2;
    /// 2. review statement, describes, no species, no vehicle, review r1;
    /// 3. in vitro, promotes, rat, a vehicle that does not exist and a review id in
    ///    `vehicles`, review r2.
    fn fixture() -> (Document, Index) {
        let claim =
            |level, direction, species: &[Species], vehicles: &[&str], review: &str| Claim {
                level,
                direction,
                species: species.to_vec(),
                vehicles: vehicles.iter().map(|v| Id::from(*v)).collect(),
                cite: Cite {
                    review: review.into(),
                    ..Cite::default()
                },
                ..Claim::default()
            };
        let doc = Document {
            version: 1,
            reviews: vec![Review {
                id: "r1".into(),
                ..Review::default()
            }],
            // The exosome vehicle is second, so its class is found through the index,
            // not by position.
            vehicles: vec![
                Vehicle {
                    id: "msc".into(),
                    class: VehicleClass::Cells,
                    ..Vehicle::default()
                },
                Vehicle {
                    id: "exo".into(),
                    class: VehicleClass::Exosomes,
                    ..Vehicle::default()
                },
            ],
            claims: vec![
                claim(
                    Level::Animal,
                    Direction::Promotes,
                    &[Species::Mouse],
                    &["exo"],
                    "r1",
                ),
                claim(
                    Level::TrialPhase2,
                    Direction::Inhibits,
                    &[Species::Human],
                    &["msc"],
                    "r2",
                ),
                claim(Level::Statement, Direction::Describes, &[], &[], "r1"),
                claim(
                    Level::InVitro,
                    Direction::Promotes,
                    &[Species::Rat],
                    &["ghost", "r1"],
                    "r2",
                ),
            ],
            ..Document::default()
        };
        let index = Index::build(&doc);
        (doc, index)
    }

    fn visible(filters: &Filters) -> Vec<bool> {
        let (doc, index) = fixture();
        filters.visible_claims(&doc, &index)
    }

    fn set<T: Ord>(items: impl IntoIterator<Item = T>) -> BTreeSet<T> {
        items.into_iter().collect()
    }

    #[test]
    fn empty_filters_admit_everything() {
        let filters = Filters::default();
        assert!(!filters.is_active());
        assert_eq!(visible(&filters), [true, true, true, true]);
    }

    #[test]
    fn tiers() {
        let filters = Filters {
            tiers: set([Tier::Animal]),
            ..Filters::default()
        };
        assert!(filters.is_active());
        assert_eq!(visible(&filters), [true, false, false, false]);
        // A phase II trial is human evidence.
        let filters = Filters {
            tiers: set([Tier::Human, Tier::Statement]),
            ..Filters::default()
        };
        assert_eq!(visible(&filters), [false, true, true, false]);
    }

    #[test]
    fn directions() {
        let filters = Filters {
            directions: set([Direction::Promotes]),
            ..Filters::default()
        };
        assert!(filters.is_active());
        assert_eq!(visible(&filters), [true, false, false, true]);
    }

    #[test]
    fn reviews() {
        let filters = Filters {
            reviews: set(["r2".into()]),
            ..Filters::default()
        };
        assert!(filters.is_active());
        assert_eq!(visible(&filters), [false, true, false, true]);
    }

    #[test]
    fn species() {
        // A claim that names no species is not admitted by a species filter.
        let filters = Filters {
            species: set([Species::Mouse, Species::Rat]),
            ..Filters::default()
        };
        assert!(filters.is_active());
        assert_eq!(visible(&filters), [true, false, false, true]);
    }

    #[test]
    fn vehicle_classes_resolve_the_vehicle_through_the_index() {
        let filters = Filters {
            vehicle_classes: set([VehicleClass::Exosomes]),
            ..Filters::default()
        };
        assert!(filters.is_active());
        assert_eq!(visible(&filters), [true, false, false, false]);
        let filters = Filters {
            vehicle_classes: set([VehicleClass::Cells]),
            ..Filters::default()
        };
        assert_eq!(visible(&filters), [false, true, false, false]);
        // Unknown ids and ids of other kinds have no class: claim 3 never passes.
        let filters = Filters {
            vehicle_classes: set(VehicleClass::ALL),
            ..Filters::default()
        };
        assert_eq!(visible(&filters), [true, true, false, false]);
    }

    #[test]
    fn dimensions_combine_with_and() {
        let filters = Filters {
            directions: set([Direction::Promotes]),
            reviews: set(["r2".into()]),
            ..Filters::default()
        };
        assert_eq!(visible(&filters), [false, false, false, true]);
        let filters = Filters {
            tiers: set([Tier::Animal]),
            species: set([Species::Human]),
            ..Filters::default()
        };
        assert_eq!(visible(&filters), [false, false, false, false]);
    }

    #[test]
    fn admits_agrees_with_visible_claims() {
        let (doc, index) = fixture();
        let filters = Filters {
            species: set([Species::Human]),
            ..Filters::default()
        };
        let one_by_one: Vec<bool> = doc
            .claims
            .iter()
            .map(|claim| filters.admits(claim, &doc, &index))
            .collect();
        assert_eq!(one_by_one, filters.visible_claims(&doc, &index));
        assert_eq!(one_by_one, [false, true, false, false]);
    }

    #[test]
    fn admitted_claims_of_an_entity() {
        let (doc, index) = fixture();
        let exo = index.item("exo").expect("exo");
        let all = Filters::default().admitted_claims_of(&doc, &index, exo);
        assert_eq!(all, index.claims_of(exo));
        let human = Filters {
            species: set([Species::Human]),
            ..Filters::default()
        };
        assert!(human.admitted_claims_of(&doc, &index, exo).is_empty());
        let flags = human.visible_claims(&doc, &index);
        let msc = index.item("msc").expect("msc");
        assert_eq!(
            human.admitted_claims_of(&doc, &index, msc),
            super::admitted(index.claims_of(msc), |i| flags[i])
        );
    }

    #[test]
    fn filters_in_words() {
        use crate::lang::Lang;
        assert_eq!(Filters::default().describe(Lang::En), "");
        let filters = Filters {
            tiers: set([Tier::Human, Tier::Animal]),
            reviews: set(["r001".into()]),
            species: set([Species::Mouse]),
            ..Filters::default()
        };
        assert_eq!(
            filters.describe(Lang::En),
            "evidence: animal, human; review: r001; species: mouse"
        );
        assert_eq!(
            filters.describe(Lang::Zh),
            "证据：动物、人类；综述：r001；物种：小鼠"
        );
        assert!(
            filters
                .describe(Lang::Both)
                .starts_with("evidence 证据: animal 动物, human 人类; review 综述: r001")
        );
    }
}
