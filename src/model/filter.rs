//! Claim filters shared by every list and page: evidence level, direction, vehicle
//! class, review and species. An empty set means "any".

use std::collections::BTreeSet;

use super::entity::{Kind, Species, VehicleClass};
use super::{Claim, Direction, Document, Index, Item, Tier};

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
    pub reviews: BTreeSet<String>,
    /// Species to show: a claim passes if it lists one of them.
    pub species: BTreeSet<Species>,
}

impl Filters {
    /// Whether any filter is set (some claims may be hidden).
    pub fn is_active(&self) -> bool {
        !(self.tiers.is_empty()
            && self.directions.is_empty()
            && self.vehicle_classes.is_empty()
            && self.reviews.is_empty()
            && self.species.is_empty())
    }

    /// Whether `claim` passes every set filter.
    pub fn admits(&self, claim: &Claim, doc: &Document, index: &Index) -> bool {
        if !self.tiers.is_empty() && !self.tiers.contains(&claim.level.tier()) {
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

    /// One flag per claim, in document order.
    pub fn visible_claims(&self, doc: &Document, index: &Index) -> Vec<bool> {
        doc.claims
            .iter()
            .map(|claim| self.admits(claim, doc, index))
            .collect()
    }
}
