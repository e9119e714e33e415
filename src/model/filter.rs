//! Claim filters shared by every list and page: evidence level, direction, vehicle
//! class, review and species. An empty set means "any".

use std::collections::BTreeSet;

use super::entity::{Kind, Species, VehicleClass};
use super::{Claim, Direction, Document, Index, Item, Tier};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filters {
    pub tiers: BTreeSet<Tier>,
    pub directions: BTreeSet<Direction>,
    pub vehicle_classes: BTreeSet<VehicleClass>,
    pub reviews: BTreeSet<String>,
    pub species: BTreeSet<Species>,
}

impl Filters {
    pub fn is_active(&self) -> bool {
        !(self.tiers.is_empty()
            && self.directions.is_empty()
            && self.vehicle_classes.is_empty()
            && self.reviews.is_empty()
            && self.species.is_empty())
    }

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
