//! The one reference visitor: every place a record names another record by id.
//!
//! Renaming an id, deleting a record that others refer to and listing a record's
//! referrers all walk references through [`slots`] (owned records, for rewriting) or
//! [`referrers`] (the whole document, borrowed). A new id-holding field is added here
//! and nowhere else.

use super::{
    Claim, Document, Entity, EntityRef, FigureView, Id, IdList, Item, Kind, Record, TableView,
};

/// A field holding ids, seen mutably.
pub enum Slot<'a> {
    /// A field that must name a record (a study's review, a claim's review, a step's
    /// ends are handled by [`Slot::Steps`]).
    Required(&'a mut Id),
    /// A field that may be empty (a parent, a claim's table or figure, a node's entity).
    Optional(&'a mut Option<Id>),
    /// A list of ids (a claim's links, a row's claims, a cell's links, an edge's claims).
    List(&'a mut IdList),
    /// A claim's mechanism steps: both ends name entities; a step without one end is
    /// meaningless, so dropping a reference drops the step.
    Steps(&'a mut Vec<super::Step>),
}

/// Calls `visit` with every id-holding field of `record` and the field's name as the
/// form and the validator call it.
pub fn slots(record: &mut Record, visit: &mut dyn FnMut(&'static str, Slot<'_>)) {
    match record {
        Record::Entity(entity) => entity_slots(entity, visit),
        Record::Claim(claim) => claim_slots(claim, visit),
        Record::Table(table) => table_slots(table, visit),
        Record::Figure(figure) => figure_slots(figure, visit),
    }
}

fn entity_slots(entity: &mut Entity, visit: &mut dyn FnMut(&'static str, Slot<'_>)) {
    if let Entity::Study(study) = entity {
        visit("review", Slot::Required(&mut study.review));
    }
    if let Some(parent) = entity.parent_mut() {
        visit("parent", Slot::Optional(parent));
    }
}

fn claim_slots(claim: &mut Claim, visit: &mut dyn FnMut(&'static str, Slot<'_>)) {
    visit("diseases", Slot::List(&mut claim.diseases));
    visit("sources", Slot::List(&mut claim.sources));
    visit("vehicles", Slot::List(&mut claim.vehicles));
    visit("cargos", Slot::List(&mut claim.cargos));
    visit("targets", Slot::List(&mut claim.targets));
    visit("pathways", Slot::List(&mut claim.pathways));
    visit("cell_types", Slot::List(&mut claim.cell_types));
    visit("effects", Slot::List(&mut claim.effects));
    visit("products", Slot::List(&mut claim.products));
    visit("strategies", Slot::List(&mut claim.strategies));
    visit("studies", Slot::List(&mut claim.studies));
    visit("steps", Slot::Steps(&mut claim.steps));
    visit("cite.review", Slot::Required(&mut claim.cite.review));
    visit("cite.table", Slot::Optional(&mut claim.cite.table));
    visit("cite.figure", Slot::Optional(&mut claim.cite.figure));
}

fn table_slots(table: &mut TableView, visit: &mut dyn FnMut(&'static str, Slot<'_>)) {
    visit("review", Slot::Required(&mut table.review));
    for row in &mut table.rows {
        visit("rows.claims", Slot::List(&mut row.claims));
        for cell in &mut row.cells {
            visit("rows.cells.links", Slot::List(&mut cell.links));
        }
    }
}

fn figure_slots(figure: &mut FigureView, visit: &mut dyn FnMut(&'static str, Slot<'_>)) {
    visit("review", Slot::Required(&mut figure.review));
    for panel in &mut figure.panels {
        for node in &mut panel.nodes {
            visit("panels.nodes.entity", Slot::Optional(&mut node.entity));
        }
        for edge in &mut panel.edges {
            visit("panels.edges.claims", Slot::List(&mut edge.claims));
        }
    }
}

/// Rewrites every reference to `from` in `record` into `to`; returns how many.
pub fn rewrite(record: &mut Record, from: &str, to: &str) -> usize {
    let mut n = 0;
    let mut fix = |id: &mut Id| {
        if id == from {
            *id = to.into();
            n += 1;
        }
    };
    slots(record, &mut |_, slot| match slot {
        Slot::Required(id) => fix(id),
        Slot::Optional(id) => {
            if let Some(id) = id {
                fix(id);
            }
        }
        Slot::List(ids) => ids.iter_mut().for_each(&mut fix),
        Slot::Steps(steps) => {
            for step in steps.iter_mut() {
                fix(&mut step.from);
                fix(&mut step.to);
            }
        }
    });
    n
}

/// Removes every reference to any of `ids` from `record` (from lists; optional fields
/// emptied; steps naming one dropped). A required field naming one cannot be emptied:
/// `Err` names it and `record` is left as it was.
pub fn drop_refs(record: &mut Record, ids: &[&str]) -> Result<usize, &'static str> {
    let named = |id: &str| ids.contains(&id);
    let mut required = None;
    slots(record, &mut |field, slot| {
        if let Slot::Required(id) = slot
            && named(id)
        {
            required.get_or_insert(field);
        }
    });
    if let Some(field) = required {
        return Err(field);
    }
    let mut n = 0;
    slots(record, &mut |_, slot| match slot {
        Slot::Required(_) => {}
        Slot::Optional(id) => {
            if id.as_deref().is_some_and(named) {
                *id = None;
                n += 1;
            }
        }
        Slot::List(list) => {
            let before = list.len();
            list.retain(|id| !named(id));
            n += before - list.len();
        }
        Slot::Steps(steps) => {
            let before = steps.len();
            steps.retain(|s| !named(&s.from) && !named(&s.to));
            n += before - steps.len();
        }
    });
    Ok(n)
}

/// A record that refers to another.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Referrer {
    /// Where it is in this revision.
    pub item: Item,
    /// Its id.
    pub id: Id,
    /// The fields that name the record, as [`slots`] names them (each once).
    pub fields: Vec<&'static str>,
    /// True when one of them must name a record (see [`drop_refs`]).
    pub required: bool,
}

/// Every record of `doc` that refers to any of `ids` (a record's id and its former
/// ids), in file order, the record itself left out.
pub fn referrers(doc: &Document, ids: &[&str]) -> Vec<Referrer> {
    let named = |id: &str| ids.contains(&id);
    let mut found = Vec::new();
    let mut note = |item: Item, id: &str, field: &'static str, required: bool| {
        if named(id) {
            return;
        }
        match found.last_mut() {
            Some(Referrer {
                item: last,
                fields,
                required: req,
                ..
            }) if *last == item => {
                if !fields.contains(&field) {
                    fields.push(field);
                }
                *req |= required;
            }
            _ => found.push(Referrer {
                item,
                id: id.into(),
                fields: vec![field],
                required,
            }),
        }
    };
    for &kind in Kind::FILE_ORDER {
        for idx in 0..doc.count(kind) {
            let Some(entity) = doc.entity(kind, idx) else {
                continue;
            };
            let named_ = entity.named();
            let item = Item::Entity(kind, idx);
            if let EntityRef::Study(study) = entity
                && named(&study.review)
            {
                note(item, named_.id(), "review", true);
            }
            if named_.parent().is_some_and(named) {
                note(item, named_.id(), "parent", false);
            }
        }
    }
    for (idx, claim) in doc.claims.iter().enumerate() {
        let item = Item::Claim(idx);
        for (_, field, list) in claim.links() {
            if list.iter().any(|id| named(id)) {
                note(item, &claim.id, field, false);
            }
        }
        if claim.steps.iter().any(|s| named(&s.from) || named(&s.to)) {
            note(item, &claim.id, "steps", false);
        }
        if named(&claim.cite.review) {
            note(item, &claim.id, "cite.review", true);
        }
        if claim.cite.table.as_deref().is_some_and(named) {
            note(item, &claim.id, "cite.table", false);
        }
        if claim.cite.figure.as_deref().is_some_and(named) {
            note(item, &claim.id, "cite.figure", false);
        }
    }
    for (idx, table) in doc.tables.iter().enumerate() {
        let item = Item::Table(idx);
        if named(&table.review) {
            note(item, &table.id, "review", true);
        }
        for row in &table.rows {
            if row.claims.iter().any(|id| named(id)) {
                note(item, &table.id, "rows.claims", false);
            }
            if row.cells.iter().any(|c| c.links.iter().any(|id| named(id))) {
                note(item, &table.id, "rows.cells.links", false);
            }
        }
    }
    for (idx, figure) in doc.figures.iter().enumerate() {
        let item = Item::Figure(idx);
        if named(&figure.review) {
            note(item, &figure.id, "review", true);
        }
        for panel in &figure.panels {
            if panel
                .nodes
                .iter()
                .any(|n| n.entity.as_deref().is_some_and(named))
            {
                note(item, &figure.id, "panels.nodes.entity", false);
            }
            if panel
                .edges
                .iter()
                .any(|e| e.claims.iter().any(|id| named(id)))
            {
                note(item, &figure.id, "panels.edges.claims", false);
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    fn claim() -> Record {
        Record::Claim(Box::new(Claim {
            id: "c1".into(),
            cargos: smallvec::smallvec!["mir-1".into(), "tsg6".into()],
            steps: vec![super::super::Step {
                from: "mir-1".into(),
                rel: super::super::Relation::Targets,
                to: "notch1".into(),
            }],
            cite: super::super::Cite {
                review: "r1".into(),
                ..Default::default()
            },
            ..Default::default()
        }))
    }

    #[test]
    fn rewrite_reaches_lists_and_steps() {
        let mut record = claim();
        assert_eq!(rewrite(&mut record, "mir-1", "mir-1-5p"), 2);
        let Record::Claim(c) = &record else { panic!() };
        assert_eq!(c.cargos[..], ["mir-1-5p", "tsg6"]);
        assert_eq!(c.steps[0].from, "mir-1-5p");
    }

    #[test]
    fn dropping_a_required_reference_is_refused_and_changes_nothing() {
        let mut record = claim();
        let before = record.clone();
        assert_eq!(drop_refs(&mut record, &["r1"]), Err("cite.review"));
        assert_eq!(record, before);
        assert_eq!(drop_refs(&mut record, &["mir-1"]), Ok(2));
        let Record::Claim(c) = &record else { panic!() };
        assert_eq!(c.cargos[..], ["tsg6"]);
        assert!(c.steps.is_empty());
    }
}
