//! Edits as values (helix's transactions): every change to a [`Document`] is an
//! [`Edit`] — replace, insert or remove one top-level [`Record`] at a position — and a
//! [`Transaction`] is a labelled list of them with the record to show. Applying is all or
//! nothing (a stale `before` is an error, never a silent overwrite) and
//! [`Transaction::inverse`] is exact, so undo is applying the inverse.
//!
//! The builders ([`set`], [`create`], [`delete`], [`rename`]) make transactions from the
//! document as it is, through the one reference visitor ([`super::refs`]), so a rename
//! rewrites every reference and a delete never leaves one dangling.

use super::refs::{self, Referrer};
use super::{Document, Entity, Id, Index, Item, Kind, Record};

/// One change at one position. Positions are those of the document the edit is applied
/// to, after the edits before it in its transaction.
// A replacement holds two records, the others one: boxing them would only add a
// pointer chase to every undo.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// The record at `at` was `before` and becomes `after` (same list).
    Replace {
        /// Where.
        at: Item,
        /// What must be there now.
        before: Record,
        /// What will be.
        after: Record,
    },
    /// `record` is inserted at `at` (later records move down one).
    Insert {
        /// Where.
        at: Item,
        /// What.
        record: Record,
    },
    /// The record at `at`, which must be `record`, is removed.
    Remove {
        /// Where.
        at: Item,
        /// What must be there now.
        record: Record,
    },
}

/// Why an edit could not be applied. The document is unchanged.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum EditError {
    /// The record at the position is not the one the edit expects (the document changed
    /// since the edit was made).
    #[error("`{expected}` is no longer at that position; the edit was not applied")]
    Stale {
        /// The id the edit expected there.
        expected: Id,
    },
    /// There is no such position.
    #[error("no record at that position; the edit was not applied")]
    OutOfRange,
    /// The record does not belong in that list.
    #[error("`{id}` cannot go into that list")]
    WrongList {
        /// The record's id.
        id: Id,
    },
}

impl Edit {
    /// The edit that undoes this one.
    pub fn inverse(&self) -> Edit {
        match self {
            Edit::Replace { at, before, after } => Edit::Replace {
                at: *at,
                before: after.clone(),
                after: before.clone(),
            },
            Edit::Insert { at, record } => Edit::Remove {
                at: *at,
                record: record.clone(),
            },
            Edit::Remove { at, record } => Edit::Insert {
                at: *at,
                record: record.clone(),
            },
        }
    }

    /// The position it changes.
    pub fn at(&self) -> Item {
        match self {
            Edit::Replace { at, .. } | Edit::Insert { at, .. } | Edit::Remove { at, .. } => *at,
        }
    }

    /// Applies it to `doc`, or changes nothing and says why.
    pub fn apply(&self, doc: &mut Document) -> Result<(), EditError> {
        match self {
            Edit::Replace { at, before, after } => {
                check(doc, *at, before)?;
                put(doc, *at, after.clone())
            }
            Edit::Insert { at, record } => insert(doc, *at, record.clone()),
            Edit::Remove { at, record } => {
                check(doc, *at, record)?;
                remove(doc, *at).map(drop)
            }
        }
    }
}

fn check(doc: &Document, at: Item, expected: &Record) -> Result<(), EditError> {
    match doc.record(at) {
        None => Err(EditError::OutOfRange),
        Some(found) if &found == expected => Ok(()),
        Some(_) => Err(EditError::Stale {
            expected: expected.id().into(),
        }),
    }
}

fn wrong(record: &Record) -> EditError {
    EditError::WrongList {
        id: record.id().into(),
    }
}

fn put(doc: &mut Document, at: Item, record: Record) -> Result<(), EditError> {
    let slot_err = EditError::OutOfRange;
    match (at, record) {
        (Item::Entity(kind, idx), Record::Entity(entity)) if entity.kind() == kind => {
            doc.set_entity(idx, entity).map(drop).ok_or(slot_err)
        }
        (Item::Claim(idx), Record::Claim(claim)) => match doc.claims.get_mut(idx) {
            Some(slot) => {
                *slot = *claim;
                Ok(())
            }
            None => Err(slot_err),
        },
        (Item::Table(idx), Record::Table(table)) => match doc.tables.get_mut(idx) {
            Some(slot) => {
                *slot = table;
                Ok(())
            }
            None => Err(slot_err),
        },
        (Item::Figure(idx), Record::Figure(figure)) => match doc.figures.get_mut(idx) {
            Some(slot) => {
                *slot = figure;
                Ok(())
            }
            None => Err(slot_err),
        },
        (_, record) => Err(wrong(&record)),
    }
}

fn insert_into<T>(list: &mut Vec<T>, idx: usize, value: T) -> Result<(), EditError> {
    if idx <= list.len() {
        list.insert(idx, value);
        Ok(())
    } else {
        Err(EditError::OutOfRange)
    }
}

fn insert(doc: &mut Document, at: Item, record: Record) -> Result<(), EditError> {
    match (at, record) {
        (Item::Entity(kind, idx), Record::Entity(entity)) if entity.kind() == kind => {
            if doc.insert_entity(idx, entity) {
                Ok(())
            } else {
                Err(EditError::OutOfRange)
            }
        }
        (Item::Claim(idx), Record::Claim(claim)) => insert_into(&mut doc.claims, idx, *claim),
        (Item::Table(idx), Record::Table(table)) => insert_into(&mut doc.tables, idx, table),
        (Item::Figure(idx), Record::Figure(figure)) => insert_into(&mut doc.figures, idx, figure),
        (_, record) => Err(wrong(&record)),
    }
}

fn remove(doc: &mut Document, at: Item) -> Result<Record, EditError> {
    let removed = match at {
        Item::Entity(kind, idx) => doc.remove_entity(kind, idx).map(Record::Entity),
        Item::Claim(idx) => {
            (idx < doc.claims.len()).then(|| Record::Claim(Box::new(doc.claims.remove(idx))))
        }
        Item::Table(idx) => (idx < doc.tables.len()).then(|| Record::Table(doc.tables.remove(idx))),
        Item::Figure(idx) => {
            (idx < doc.figures.len()).then(|| Record::Figure(doc.figures.remove(idx)))
        }
    };
    removed.ok_or(EditError::OutOfRange)
}

/// A labelled, all-or-nothing list of edits: one undo step.
#[derive(Clone, Debug, PartialEq)]
pub struct Transaction {
    /// What it does, for the Undo menu item ("change level of c003-chen-55").
    pub label: String,
    /// The id of the record whose page shows the change (undo and redo go there); `None`
    /// when the record is gone (after a delete: the page it was deleted from).
    pub focus: Option<Id>,
    /// The edits, applied in order.
    pub edits: Vec<Edit>,
}

impl Transaction {
    /// A transaction of one edit.
    pub fn one(label: impl Into<String>, focus: Option<Id>, edit: Edit) -> Self {
        Self {
            label: label.into(),
            focus,
            edits: vec![edit],
        }
    }

    /// The transaction that undoes this one: each edit's inverse, in reverse order. The
    /// focus stays (undoing a delete shows the record again through its id).
    pub fn inverse(&self) -> Transaction {
        Transaction {
            label: self.label.clone(),
            focus: self.focus.clone().or_else(|| self.restored_id()),
            edits: self.edits.iter().rev().map(Edit::inverse).collect(),
        }
    }

    /// The id of a record this transaction removes (shown again when it is undone).
    fn restored_id(&self) -> Option<Id> {
        self.edits.iter().find_map(|edit| match edit {
            Edit::Remove { record, .. } => Some(Id::from(record.id())),
            Edit::Replace { .. } | Edit::Insert { .. } => None,
        })
    }

    /// Applies every edit in order; if one fails, those before it are undone and the
    /// document is as it was.
    pub fn apply(&self, doc: &mut Document) -> Result<(), EditError> {
        for (n, edit) in self.edits.iter().enumerate() {
            if let Err(err) = edit.apply(doc) {
                for done in self.edits.iter().take(n).rev() {
                    // The inverse of an edit just applied always applies.
                    let _ = done.inverse().apply(doc);
                }
                return Err(err);
            }
        }
        Ok(())
    }

    /// Merges `next` into this one when both replace the same single record (a burst
    /// of typing in one field): the first `before`, the last `after`. Returns false, and
    /// changes nothing, otherwise.
    pub fn absorb(&mut self, next: &Transaction) -> bool {
        match (self.edits.as_mut_slice(), next.edits.as_slice()) {
            (
                [Edit::Replace { at, after, .. }],
                [
                    Edit::Replace {
                        at: next_at,
                        before: next_before,
                        after: next_after,
                    },
                ],
            ) if at == next_at && after == next_before => {
                *after = next_after.clone();
                true
            }
            _ => false,
        }
    }

    /// True when applying it changes nothing (every replacement gives back what was
    /// there).
    pub fn is_noop(&self) -> bool {
        self.edits.iter().all(|edit| match edit {
            Edit::Replace { before, after, .. } => before == after,
            Edit::Insert { .. } | Edit::Remove { .. } => false,
        })
    }
}

/// Where a record with `id` is in `doc`, by its current id (not former ids). `index`
/// must be of this revision of `doc`.
pub fn position(doc: &Document, index: &Index, id: &str) -> Option<Item> {
    index.item(id).filter(|&item| doc.id_of(item) == Some(id))
}

/// Replaces the record at `at` (currently `before`) by `after`.
pub fn set(label: impl Into<String>, at: Item, before: Record, after: Record) -> Transaction {
    let focus = Some(Id::from(after.id()));
    Transaction::one(label, focus, Edit::Replace { at, before, after })
}

/// Adds `record` at the end of its list.
pub fn create(doc: &Document, record: Record) -> Transaction {
    let at = match &record {
        Record::Entity(entity) => Item::Entity(entity.kind(), doc.count(entity.kind())),
        Record::Claim(_) => Item::Claim(doc.claims.len()),
        Record::Table(_) => Item::Table(doc.tables.len()),
        Record::Figure(_) => Item::Figure(doc.figures.len()),
    };
    let id = Id::from(record.id());
    Transaction::one(
        format!("create {id}"),
        Some(id),
        Edit::Insert { at, record },
    )
}

/// A new claim from row `row` of table `table_id`, listed in the row, as one
/// transaction (focus: the new claim). Filled in from the row: the table's review, the
/// table, the section most of the table's claims cite, the reference numbers printed in
/// the row ("[12]", "12,15" in a reference column), and the entities its cells link,
/// each in its kind's field. Summary and quote are left to the curator (the validator
/// asks for the quote). `None` when there is no such table or row.
pub fn claim_from_row(
    doc: &Document,
    index: &Index,
    table_id: &str,
    row: usize,
) -> Option<Transaction> {
    let Some(Item::Table(t)) = index.item(table_id) else {
        return None;
    };
    let table = doc.tables.get(t)?;
    let cells = &table.rows.get(row)?.cells;
    let mut claim = super::Claim {
        id: fresh_id(index, &format!("c-{}-row-{}", table.id, row + 1), "claim"),
        ..Default::default()
    };
    claim.cite.review.clone_from(&table.review);
    claim.cite.table = Some(table.id.clone());
    claim.cite.section = common_section(doc, &table.id);
    for (c, cell) in cells.iter().enumerate() {
        let header = table
            .columns
            .get(c)
            .map(|col| format!("{} {}", col.zh, col.en).to_lowercase())
            .unwrap_or_default();
        let reference_column = ["文献", "ref"].iter().any(|w| header.contains(w));
        for n in printed_refs(&cell.text, reference_column) {
            if !claim.cite.refs.contains(&n) {
                claim.cite.refs.push(n);
            }
        }
        for id in &cell.links {
            if let Some(Item::Entity(kind, _)) = index.item(id)
                && let Some(field) = claim.link_field_mut(kind)
                && !field.contains(id)
            {
                field.push(id.clone());
            }
        }
    }
    let id = claim.id.clone();
    let mut after = table.clone();
    if let Some(r) = after.rows.get_mut(row) {
        r.claims.push(id.clone());
    }
    Some(Transaction {
        label: format!("create claim {id} from row {} of {}", row + 1, table.id),
        focus: Some(id),
        edits: vec![
            Edit::Insert {
                at: Item::Claim(doc.claims.len()),
                record: Record::Claim(Box::new(claim)),
            },
            Edit::Replace {
                at: Item::Table(t),
                before: Record::Table(table.clone()),
                after: Record::Table(after),
            },
        ],
    })
}

/// The section most claims citing table `table` give (the first such, on a tie).
fn common_section(doc: &Document, table: &str) -> String {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for claim in &doc.claims {
        if claim.cite.table.as_deref() == Some(table) && !claim.cite.section.is_empty() {
            match counts.iter_mut().find(|(s, _)| *s == claim.cite.section) {
                Some((_, n)) => *n += 1,
                None => counts.push((&claim.cite.section, 1)),
            }
        }
    }
    let best = counts.iter().map(|&(_, n)| n).max().unwrap_or(0);
    counts
        .into_iter()
        .find(|&(_, n)| n == best)
        .map(|(s, _)| s.to_owned())
        .unwrap_or_default()
}

/// Reference numbers printed in a cell: in square brackets anywhere ("[12]",
/// "[12,15]", "[3-5]"), or, in a reference column, any number.
fn printed_refs(text: &str, reference_column: bool) -> Vec<u32> {
    let mut found = Vec::new();
    let mut push_all = |part: &str| {
        for piece in part.split([',', '，', '、', ';', ' ']) {
            let piece = piece.trim();
            if let Some((a, b)) = piece.split_once(['-', '–', '~'])
                && let (Ok(a), Ok(b)) = (a.trim().parse::<u32>(), b.trim().parse::<u32>())
                && a <= b
                && b - a < 50
            {
                found.extend(a..=b);
            } else if let Ok(n) = piece.parse::<u32>() {
                found.push(n);
            }
        }
    };
    if reference_column {
        push_all(&text.replace(['[', ']', '［', '］'], " "));
    } else {
        let mut rest = text;
        while let Some(open) = rest.find(['[', '［']) {
            let after = &rest[open..];
            let skip = after.chars().next().map_or(1, char::len_utf8);
            let inner = &after[skip..];
            let Some(close) = inner.find([']', '］']) else {
                break;
            };
            push_all(&inner[..close]);
            rest = &inner[close..];
        }
    }
    found
}

/// How [`delete`] treats records that refer to the one deleted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OnReferences {
    /// Delete only when nothing refers to it; otherwise say who does.
    Refuse,
    /// Remove the references too, in the same transaction.
    Remove,
}

/// Why [`delete`] or [`rename`] made no transaction.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum RefusedEdit {
    /// No record has that id.
    #[error("there is no record `{0}`")]
    Unknown(Id),
    /// Others refer to it (with [`OnReferences::Refuse`]), or some must (a study's
    /// review): these are the referrers.
    #[error("{} records refer to `{id}`", referrers.len())]
    Referenced {
        /// The record.
        id: Id,
        /// Who refers to it.
        referrers: Vec<Referrer>,
    },
    /// The new id is not a slug or is taken.
    #[error("{0}")]
    BadId(String),
}

/// Deletes the record `id`; with [`OnReferences::Remove`], and every reference to it
/// (to its former ids too) in one transaction. A record that some other must name (a
/// review with studies) is refused either way, with those records listed.
pub fn delete(
    doc: &Document,
    index: &Index,
    id: &str,
    on_refs: OnReferences,
) -> Result<Transaction, RefusedEdit> {
    let at = position(doc, index, id).ok_or_else(|| RefusedEdit::Unknown(id.into()))?;
    let record = doc
        .record(at)
        .ok_or_else(|| RefusedEdit::Unknown(id.into()))?;
    let names = names_of(&record);
    let names: Vec<&str> = names.iter().map(Id::as_str).collect();
    let referrers = refs::referrers(doc, &names);
    let refused = match on_refs {
        OnReferences::Refuse => !referrers.is_empty(),
        OnReferences::Remove => referrers.iter().any(|r| r.required),
    };
    if refused {
        return Err(RefusedEdit::Referenced {
            id: id.into(),
            referrers,
        });
    }
    let mut edits = Vec::with_capacity(referrers.len() + 1);
    for referrer in &referrers {
        let Some(before) = doc.record(referrer.item) else {
            continue;
        };
        let mut after = before.clone();
        if refs::drop_refs(&mut after, &names).is_err() {
            return Err(RefusedEdit::Referenced {
                id: id.into(),
                referrers,
            });
        }
        edits.push(Edit::Replace {
            at: referrer.item,
            before,
            after,
        });
    }
    edits.push(Edit::Remove { at, record });
    let label = if referrers.is_empty() {
        format!("delete {id}")
    } else {
        format!("delete {id} and {} references to it", referrers.len())
    };
    Ok(Transaction {
        label,
        focus: None,
        edits,
    })
}

/// The id of a record and, for an entity, the ids it was filed under before.
fn names_of(record: &Record) -> Vec<Id> {
    let mut names = vec![Id::from(record.id())];
    if let Record::Entity(entity) = record {
        names.extend(entity.named().former_ids().iter().cloned());
    }
    names
}

/// Renames the record `old` to `new` and rewrites every reference to it, in one
/// transaction.
pub fn rename(
    doc: &Document,
    index: &Index,
    old: &str,
    new: &str,
) -> Result<Transaction, RefusedEdit> {
    if !super::validate::is_slug(new) {
        return Err(RefusedEdit::BadId(format!(
            "`{new}` is not an id: use lower-case letters, digits and hyphens"
        )));
    }
    if index.item(new).is_some() {
        return Err(RefusedEdit::BadId(format!("`{new}` is already in use")));
    }
    let at = position(doc, index, old).ok_or_else(|| RefusedEdit::Unknown(old.into()))?;
    let before = doc
        .record(at)
        .ok_or_else(|| RefusedEdit::Unknown(old.into()))?;
    let mut after = before.clone();
    set_id(&mut after, new);
    let mut edits = vec![Edit::Replace { at, before, after }];
    for referrer in refs::referrers(doc, &[old]) {
        let Some(before) = doc.record(referrer.item) else {
            continue;
        };
        let mut after = before.clone();
        refs::rewrite(&mut after, old, new);
        edits.push(Edit::Replace {
            at: referrer.item,
            before,
            after,
        });
    }
    Ok(Transaction {
        label: format!("rename {old} to {new}"),
        focus: Some(new.into()),
        edits,
    })
}

/// Sets a record's id.
pub fn set_id(record: &mut Record, id: &str) {
    match record {
        Record::Entity(entity) => entity.named_mut().set_id(id.into()),
        Record::Claim(claim) => claim.id = id.into(),
        Record::Table(table) => table.id = id.into(),
        Record::Figure(figure) => figure.id = id.into(),
    }
}

/// A new entity of `kind` with `id` and its name in both languages set to `name`.
pub fn new_entity(kind: Kind, id: &str, name: &str) -> Entity {
    let mut entity = Entity::new(kind);
    let named = entity.named_mut();
    named.set_id(id.into());
    let has_han = name.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    if has_han {
        named.set_names(name.to_owned(), String::new());
    } else {
        named.set_names(String::new(), name.to_owned());
    }
    entity
}

/// An unused id made from `text`: lower case, other characters as hyphens, numbered
/// when taken (`mir-21`, `mir-21-2`); `fallback` when `text` has no letters or digits.
pub fn fresh_id(index: &Index, text: &str, fallback: &str) -> Id {
    let mut slug = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    if slug.is_empty() {
        slug = fallback.to_owned();
    }
    if index.item(&slug).is_none() {
        return slug.into();
    }
    (2..)
        .map(|n| format!("{slug}-{n}"))
        .find(|id| index.item(id).is_none())
        .map_or_else(|| slug.into(), Id::from)
}

#[cfg(test)]
mod tests {
    use super::printed_refs;

    #[test]
    fn reference_numbers_are_read_from_brackets_or_a_reference_column() {
        assert_eq!(printed_refs("见文献[12]与[3-5]", false), vec![12, 3, 4, 5]);
        assert_eq!(printed_refs("［7，9］", false), vec![7, 9]);
        // A dose is not a reference outside a reference column.
        assert_eq!(printed_refs("2 ~ 4 g/d分次口服", false), Vec::<u32>::new());
        assert_eq!(printed_refs("12, 15", true), vec![12, 15]);
        assert_eq!(printed_refs("[20-22]", true), vec![20, 21, 22]);
        // An unclosed bracket reads nothing, and nothing panics on multi-byte text.
        assert_eq!(printed_refs("[12 未闭合", false), Vec::<u32>::new());
    }
}
