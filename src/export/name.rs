//! File names that say what an export shows: `r001-fig2-B-CXCR4.svg` for a figure panel
//! (review, figure, panel, the panel's main entity or its caption),
//! `diagram-systemic-lupus-erythematosus-animal.png` for an entity diagram (the entity,
//! then the filters). ASCII only, no spaces: safe on every file system and in URLs.

use super::{ExportError, Format, Subject};
use crate::diagram::{Graph, Role};
use crate::lang::Lang;
use crate::model::filter::Filters;
use crate::model::{Document, Index, Item};

/// The longest slug of one part of a name, in bytes.
const MAX_PART: usize = 40;
/// The longest file stem, in bytes.
const MAX_STEM: usize = 120;

/// The suggested file name of `subject` exported as `format`.
pub fn file_name(
    doc: &Document,
    index: &Index,
    subject: &Subject,
    format: Format,
) -> Result<String, ExportError> {
    let stem = match subject {
        &Subject::Panel {
            figure_idx,
            panel_idx,
        } => panel_stem(doc, index, figure_idx, panel_idx)?,
        Subject::Entity { id, filters, .. } => {
            let name = match index.item(id) {
                Some(Item::Entity(kind, idx)) => doc
                    .named(kind, idx)
                    .map(|named| named.en().to_owned())
                    .filter(|en| !slug(en).is_empty())
                    .unwrap_or_else(|| id.to_string()),
                _ => id.to_string(),
            };
            let mut parts = vec!["diagram".to_owned(), slug(&name)];
            parts.extend(filter_parts(filters));
            join(parts)
        }
        Subject::EvidenceMap { axis, filters } => {
            let mut parts = vec![
                "evidence-map".to_owned(),
                slug(&axis.kind().label_en().to_lowercase()),
            ];
            parts.extend(filter_parts(filters));
            join(parts)
        }
        Subject::Claims { query, filters, .. } => {
            let mut parts = vec!["diagram".to_owned(), "claims".to_owned()];
            parts.extend(super::table::query_parts(doc, index, query));
            parts.extend(filter_parts(filters));
            join(parts)
        }
    };
    Ok(format!("{stem}.{}", format.extension()))
}

/// The filters in force as file-name parts (`animal-human-r001`).
pub(super) fn filter_parts(filters: &Filters) -> Vec<String> {
    let mut parts: Vec<String> = filters.tiers.iter().map(|t| slug(t.label_en())).collect();
    if filters.stated_level_only {
        parts.push("stated".to_owned());
    }
    parts.extend(filters.directions.iter().map(|d| slug(d.label_en())));
    parts.extend(filters.vehicle_classes.iter().map(|v| slug(v.label_en())));
    parts.extend(filters.reviews.iter().map(|r| slug(r)));
    parts.extend(filters.species.iter().map(|s| slug(s.label_en())));
    parts
}

/// `review-figN-P-main`.
fn panel_stem(
    doc: &Document,
    index: &Index,
    figure_idx: usize,
    panel_idx: usize,
) -> Result<String, ExportError> {
    let stale = || ExportError::NoSuchPanel {
        figure_idx,
        panel_idx,
    };
    let figure = doc.figures.get(figure_idx).ok_or_else(stale)?;
    let panel = figure.panels.get(panel_idx).ok_or_else(stale)?;
    let review = if figure.review.is_empty() {
        String::new()
    } else {
        slug(&figure.review)
    };
    let number: String = figure
        .label
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(char::is_ascii_alphanumeric)
        .collect();
    let figure_part = if number.is_empty() {
        let label = slug(&figure.label);
        if label.is_empty() {
            slug(&figure.id)
        } else {
            label
        }
    } else {
        format!("fig{number}")
    };
    let letter = slug(&panel.label);
    let panel_part = if letter.is_empty() && figure.panels.len() > 1 {
        format!("p{}", panel_idx + 1)
    } else {
        letter
    };
    let graph = Graph::from_panel(doc, index, figure_idx, panel_idx, Lang::En).ok_or_else(stale)?;
    let main = main_entity(&graph)
        .and_then(|id| match index.item(id) {
            Some(Item::Entity(kind, idx)) => doc.named(kind, idx).map(|named| {
                [named.abbr(), named.en(), named.id()]
                    .into_iter()
                    .map(slug)
                    .find(|s| !s.is_empty())
                    .unwrap_or_default()
            }),
            _ => Some(slug(id)),
        })
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| {
            let caption = if panel.en.trim().is_empty() {
                &figure.en
            } else {
                &panel.en
            };
            first_words(caption, 4)
        });
    Ok(join(vec![review, figure_part, panel_part, main]))
}

/// The panel's main entity: the best connected one that is not the therapy itself
/// (sources and vehicles appear in most panels and tell them apart least); ties go to
/// the first. Falls back to the first entity.
fn main_entity(graph: &Graph) -> Option<&str> {
    let mut degree = vec![0usize; graph.nodes.len()];
    for edge in &graph.edges {
        for end in [edge.from, edge.to] {
            if let Some(d) = degree.get_mut(end) {
                *d += 1;
            }
        }
    }
    let candidates = graph
        .nodes
        .iter()
        .zip(&degree)
        .filter(|(node, _)| node.entity.is_some() && node.kind.is_some());
    let best = candidates
        .clone()
        .filter(|(node, _)| !matches!(node.role, Role::Source | Role::Vehicle))
        .fold(None::<(&str, usize)>, |best, (node, &d)| match best {
            Some((_, best_d)) if best_d >= d => best,
            _ => node.entity.as_deref().map(|id| (id, d)),
        });
    best.map(|(id, _)| id).or_else(|| {
        candidates
            .clone()
            .find_map(|(node, _)| node.entity.as_deref())
    })
}

/// The slug of the first `n` words of `text`'s first phrase (up to a bracket, colon,
/// semicolon or full stop).
fn first_words(text: &str, n: usize) -> String {
    let phrase = text
        .split(['(', '（', ':', '：', ';', '；', '.', '。'])
        .map(str::trim)
        .find(|p| !slug(p).is_empty())
        .unwrap_or_default();
    let words: Vec<String> = slug(phrase)
        .split('-')
        .filter(|w| !w.is_empty())
        .take(n)
        .map(str::to_owned)
        .collect();
    words.join("-")
}

/// Non-empty parts joined with `-`, cut to [`MAX_STEM`] at a part boundary.
fn join(parts: Vec<String>) -> String {
    let mut stem = String::new();
    for part in parts.into_iter().filter(|p| !p.is_empty()) {
        if !stem.is_empty() && stem.len() + 1 + part.len() > MAX_STEM {
            break;
        }
        if !stem.is_empty() {
            stem.push('-');
        }
        stem.push_str(&part);
    }
    if stem.is_empty() {
        "export".to_owned()
    } else {
        stem
    }
}

/// `text` as a file-name part: ASCII letters and digits kept (case too), Greek letters
/// spelled in Latin (β → b), everything else a single `-`, at most 40 bytes, cut
/// between words.
pub fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let mapped = if c.is_ascii_alphanumeric() {
            Some(c)
        } else {
            greek(c)
        };
        match mapped {
            Some(c) => out.push(c),
            None if !out.is_empty() && !out.ends_with('-') => out.push('-'),
            None => {}
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.len() > MAX_PART {
        let cut = out
            .get(..=MAX_PART)
            .and_then(|head| head.rfind('-'))
            .filter(|&at| at > 0)
            .unwrap_or(MAX_PART);
        out.truncate(cut);
    }
    out
}

/// The Latin letter a Greek letter is usually spelled with in gene and cytokine names.
fn greek(c: char) -> Option<char> {
    Some(match c {
        'α' | 'Α' => 'a',
        'β' | 'Β' => 'b',
        'γ' | 'Γ' => 'g',
        'δ' | 'Δ' => 'd',
        'ε' | 'Ε' => 'e',
        'κ' | 'Κ' => 'k',
        'λ' | 'Λ' => 'l',
        'μ' | 'Μ' => 'u',
        'ω' | 'Ω' => 'w',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::{join, slug};

    #[test]
    fn slugs_are_ascii_and_short() {
        assert_eq!(slug("TSG-6"), "TSG-6");
        assert_eq!(slug("IL-1β"), "IL-1b");
        assert_eq!(slug("NF-κB pathway"), "NF-kB-pathway");
        assert_eq!(
            slug("systemic lupus erythematosus"),
            "systemic-lupus-erythematosus"
        );
        assert_eq!(slug("  巨噬细胞 / M2 "), "M2");
        assert_eq!(slug("巨噬细胞"), "");
        assert_eq!(slug("../../etc/passwd"), "etc-passwd");
        let long = slug("a very long caption that goes on and on about many things");
        assert!(long.len() <= 40 && !long.ends_with('-'), "{long}");
        assert_eq!(join(vec![String::new(), String::new()]), "export");
    }
}
