//! Semantic differences between two documents: records added, removed, renamed (a new
//! id whose `former_ids` name the old one) and changed field by field — "claim
//! c003-chen-55: level Animal → HumanCase" — so a review of a curation change reads as
//! changes to claims, not to lines. Records are matched by id; their order in the file is
//! not a difference.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::kinds::for_each_kind;
use super::{Document, Id};

/// One record's difference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// What kind of record ("claim", "cargo", "table" …).
    pub record: &'static str,
    /// Its id (in the new document when it exists there).
    pub id: String,
    /// What happened to it.
    pub what: ChangeKind,
}

/// What happened to a record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChangeKind {
    /// Only in the new document.
    Added,
    /// Only in the old document.
    Removed,
    /// The old id is now this record's former id; `fields` are its other changes.
    Renamed {
        /// The id it had.
        from: String,
        /// Field changes besides the id.
        fields: Vec<FieldChange>,
    },
    /// Present in both, with these fields changed.
    Changed(Vec<FieldChange>),
}

/// One field's old and new value, as the canonical file writes them (empty: absent).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldChange {
    /// The field's name in the file.
    pub field: String,
    /// The old value.
    pub old: String,
    /// The new value.
    pub new: String,
}

/// The differences from `old` to `new`, kind by kind in file order (entities, then claims,
/// tables, figures), each kind's records in the new file's order, removals last.
pub fn diff(old: &Document, new: &Document) -> Vec<Change> {
    let mut changes = Vec::new();
    macro_rules! diff_kinds {
        ($($variant:ident, $ty:ident, $field:ident, $rank:literal, $noun:literal, $en:literal, $zh:literal;)*) => {
            $(
                diff_list(
                    &mut changes,
                    $noun,
                    &old.$field,
                    &new.$field,
                    |e| (e.id.as_str(), e.former_ids.as_slice()),
                );
            )*
        };
    }
    for_each_kind!(diff_kinds);
    diff_list(&mut changes, "claim", &old.claims, &new.claims, |c| {
        (c.id.as_str(), &[])
    });
    diff_list(&mut changes, "table", &old.tables, &new.tables, |t| {
        (t.id.as_str(), &[])
    });
    diff_list(&mut changes, "figure", &old.figures, &new.figures, |f| {
        (f.id.as_str(), &[])
    });
    changes
}

fn diff_list<'a, T: Serialize>(
    changes: &mut Vec<Change>,
    record: &'static str,
    old: &'a [T],
    new: &'a [T],
    ids: impl Fn(&'a T) -> (&'a str, &'a [Id]),
) {
    let old_by_id: BTreeMap<&str, &T> = old.iter().map(|r| (ids(r).0, r)).collect();
    let new_ids: BTreeSet<&str> = new.iter().map(|r| ids(r).0).collect();
    let mut renamed_from: BTreeSet<&str> = BTreeSet::new();
    for record_new in new {
        let (id, former) = ids(record_new);
        let what = if let Some(record_old) = old_by_id.get(id) {
            let fields = field_changes(*record_old, record_new);
            if fields.is_empty() {
                continue;
            }
            ChangeKind::Changed(fields)
        } else if let Some(from) = former
            .iter()
            .map(Id::as_str)
            .find(|f| old_by_id.contains_key(f) && !new_ids.contains(f))
        {
            renamed_from.insert(from);
            let record_old = old_by_id.get(from).copied();
            let fields = record_old
                .map(|o| field_changes(o, record_new))
                .unwrap_or_default()
                .into_iter()
                .filter(|f| f.field != "id" && f.field != "former_ids")
                .collect();
            ChangeKind::Renamed {
                from: from.to_owned(),
                fields,
            }
        } else {
            ChangeKind::Added
        };
        changes.push(Change {
            record,
            id: id.to_owned(),
            what,
        });
    }
    for record_old in old {
        let id = ids(record_old).0;
        if !new_ids.contains(id) && !renamed_from.contains(id) {
            changes.push(Change {
                record,
                id: id.to_owned(),
                what: ChangeKind::Removed,
            });
        }
    }
}

/// The fields of a record as the canonical writer prints them: (name, value on one
/// line). A field holding a struct (a claim's `cite`) is split into its own fields
/// (`cite.quote`), so a changed quote reads as that and not as the whole citation.
fn fields_of<T: Serialize>(record: &T) -> Vec<(String, String)> {
    let config = ron::ser::PrettyConfig::new()
        .indentor("  ".to_owned())
        .struct_names(false)
        .compact_arrays(true)
        .extensions(ron::extensions::Extensions::IMPLICIT_SOME);
    let Ok(text) = ron::ser::to_string_pretty(record, config) else {
        return Vec::new();
    };
    let field_at = |line: &str, indent: usize| -> Option<(String, String)> {
        let rest = line.get(indent..)?;
        if !line[..indent].bytes().all(|b| b == b' ') || rest.starts_with(' ') {
            return None;
        }
        let (name, value) = rest.split_once(": ")?;
        (!name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
            .then(|| (name.to_owned(), value.trim().to_owned()))
    };
    let mut fields: Vec<(String, String)> = Vec::new();
    // The struct-valued field being split, if any.
    let mut open: Option<String> = None;
    for line in text.lines() {
        if let Some(parent) = &open {
            if line.trim_end() == "  )," || line.trim_end() == "  )" {
                open = None;
                continue;
            }
            if let Some((name, value)) = field_at(line, 4) {
                fields.push((format!("{parent}.{name}"), value));
                continue;
            }
        } else if let Some((name, value)) = field_at(line, 2) {
            if value == "(" {
                open = Some(name);
            } else {
                fields.push((name, value));
            }
            continue;
        }
        if let Some(last) = fields.last_mut() {
            let part = line.trim();
            if !part.is_empty() {
                if !last.1.is_empty() && !last.1.ends_with(['(', '[']) {
                    last.1.push(' ');
                }
                last.1.push_str(part);
            }
        }
    }
    for field in &mut fields {
        let value = field.1.trim_end_matches(',').to_owned();
        field.1 = value;
    }
    fields
}

fn field_changes<T: Serialize>(old: &T, new: &T) -> Vec<FieldChange> {
    let old_fields: BTreeMap<String, String> = fields_of(old).into_iter().collect();
    let new_fields = fields_of(new);
    let mut out = Vec::new();
    let mut seen: BTreeSet<String> = BTreeSet::new();
    for (name, value) in &new_fields {
        seen.insert(name.clone());
        let before = old_fields.get(name).cloned().unwrap_or_default();
        if &before != value {
            out.push(FieldChange {
                field: name.clone(),
                old: before,
                new: value.clone(),
            });
        }
    }
    for (name, value) in &old_fields {
        if !seen.contains(name) {
            out.push(FieldChange {
                field: name.clone(),
                old: value.clone(),
                new: String::new(),
            });
        }
    }
    out
}

/// Values longer than this are cut in the printed diff.
const SHOWN_CHARS: usize = 100;

fn shown(value: &str) -> String {
    if value.is_empty() {
        return "(none)".to_owned();
    }
    if value.chars().count() <= SHOWN_CHARS {
        return value.to_owned();
    }
    let mut cut: String = value.chars().take(SHOWN_CHARS - 1).collect();
    cut.push('…');
    cut
}

/// The differences in words, one line each: changed and renamed records with their
/// fields, then the records added and removed, counted by kind ("2 claims added: c1, c2").
pub fn render(changes: &[Change]) -> String {
    let mut out = String::new();
    let mut added: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    let mut removed: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for change in changes {
        match &change.what {
            ChangeKind::Added => added.entry(change.record).or_default().push(&change.id),
            ChangeKind::Removed => removed.entry(change.record).or_default().push(&change.id),
            ChangeKind::Renamed { from, fields } => {
                out.push_str(&format!(
                    "{} {from} renamed to {}\n",
                    change.record, change.id
                ));
                push_fields(&mut out, change, fields);
            }
            ChangeKind::Changed(fields) => push_fields(&mut out, change, fields),
        }
    }
    for (map, verb) in [(&added, "added"), (&removed, "removed")] {
        for (record, ids) in map {
            let noun = if ids.len() == 1 {
                (*record).to_owned()
            } else {
                plural(record)
            };
            out.push_str(&format!(
                "{} {noun} {verb}: {}\n",
                ids.len(),
                ids.join(", ")
            ));
        }
    }
    out
}

fn push_fields(out: &mut String, change: &Change, fields: &[FieldChange]) {
    for field in fields {
        out.push_str(&format!(
            "{} {}: {} {} → {}\n",
            change.record,
            change.id,
            field.field,
            shown(&field.old),
            shown(&field.new)
        ));
    }
}

fn plural(noun: &str) -> String {
    match noun {
        "study" => "studies".to_owned(),
        "strategy" => "strategies".to_owned(),
        "MSC source" => "MSC sources".to_owned(),
        "cell type" => "cell types".to_owned(),
        other => format!("{other}s"),
    }
}

#[cfg(test)]
mod tests {
    use super::{ChangeKind, diff, render};
    use crate::model::{Claim, Document, Level, entity::Cargo};

    fn doc() -> Document {
        Document {
            cargos: vec![Cargo {
                id: "mir-146a".into(),
                en: "miR-146a".to_owned(),
                ..Cargo::default()
            }],
            claims: vec![
                Claim {
                    id: "c1".into(),
                    level: Level::Animal,
                    cargos: smallvec::smallvec!["mir-146a".into()],
                    ..Claim::default()
                },
                Claim {
                    id: "c2".into(),
                    ..Claim::default()
                },
            ],
            ..Document::default()
        }
    }

    #[test]
    fn equal_documents_have_no_differences_and_order_does_not_count() {
        let a = doc();
        let mut b = doc();
        b.claims.reverse();
        assert!(diff(&a, &b).is_empty());
    }

    #[test]
    fn a_changed_level_added_and_removed_claims_and_a_rename_read_as_such() {
        let old = doc();
        let mut new = doc();
        new.claims[0].level = Level::HumanCase;
        new.claims.remove(1);
        new.claims.push(Claim {
            id: "c3".into(),
            ..Claim::default()
        });
        new.claims.push(Claim {
            id: "c4".into(),
            ..Claim::default()
        });
        new.cargos[0].id = "mir-146a-5p".into();
        new.cargos[0].former_ids = vec!["mir-146a".into()];
        new.claims[0].cargos = smallvec::smallvec!["mir-146a-5p".into()];
        let changes = diff(&old, &new);
        let text = render(&changes);
        assert!(
            text.contains("cargo mir-146a renamed to mir-146a-5p\n"),
            "{text}"
        );
        assert!(
            text.contains("claim c1: level Animal → HumanCase\n"),
            "{text}"
        );
        assert!(
            text.contains(r#"claim c1: cargos ["mir-146a"] → ["mir-146a-5p"]"#),
            "{text}"
        );
        assert!(text.contains("2 claims added: c3, c4\n"), "{text}");
        assert!(text.contains("1 claim removed: c2\n"), "{text}");
        assert!(
            changes
                .iter()
                .any(|c| matches!(&c.what, ChangeKind::Renamed { from, .. } if from == "mir-146a"))
        );
    }

    #[test]
    fn a_changed_quote_reads_as_the_quote_not_the_whole_citation() {
        let old = doc();
        let mut new = doc();
        new.claims[0].cite.quote = "新的引语".to_owned();
        let text = render(&diff(&old, &new));
        assert!(text.contains("claim c1: cite.quote"), "{text}");
        assert!(text.contains("新的引语"), "{text}");
        assert!(!text.contains("review:"), "{text}");
    }
}
