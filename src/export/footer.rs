//! The footer of an export: what the diagram shows and where it comes from, in the
//! export's language — the review, figure and panel with its caption, or the entity and
//! the filters in words; the evidence file and its content hash.

use super::{ExportError, SourceInfo, Subject};
use crate::lang::Lang;
use crate::model::filter::Filters;
use crate::model::hash::short_hash;
use crate::model::{Document, FigureView, Index, Item, Panel};

/// The footer's paragraphs for `subject` (each wraps on its own).
pub fn footer(
    doc: &Document,
    index: &Index,
    subject: &Subject,
    lang: Lang,
    source: &SourceInfo,
) -> Result<Vec<String>, ExportError> {
    let sep = if lang == Lang::Zh { "：" } else { ": " };
    let mut paragraphs = match subject {
        &Subject::Panel {
            figure_idx,
            panel_idx,
        } => {
            let no_panel = ExportError::NoSuchPanel {
                figure_idx,
                panel_idx,
            };
            let figure = doc.figures.get(figure_idx).ok_or(no_panel)?;
            let panel = figure
                .panels
                .get(panel_idx)
                .ok_or(ExportError::NoSuchPanel {
                    figure_idx,
                    panel_idx,
                })?;
            panel_paragraphs(doc, figure, panel, lang, sep)
        }
        Subject::Entity { id, filters, .. } => {
            let Some(item @ Item::Entity(..)) = index.item(id) else {
                return Err(ExportError::UnknownEntity {
                    id: id.to_string(),
                    close: Vec::new(),
                });
            };
            let n_claims = filters.admitted_claims_of(doc, index, item).len();
            let mut name = doc.display_name(item, lang);
            if name != *id {
                name.push_str(&format!(" ({id})"));
            }
            vec![
                format!("{}{sep}{name}", lang.label("机制图", "Diagram")),
                filters_paragraph(lang, sep, filters, n_claims),
            ]
        }
        Subject::EvidenceMap { axis, filters } => {
            let n_claims = doc
                .claims
                .iter()
                .filter(|c| filters.admits(c, doc, index))
                .count();
            let kind = axis.kind();
            vec![
                format!(
                    "{}{sep}{}",
                    lang.label("证据缺口图", "Evidence gap map"),
                    lang.label(
                        &format!("{} × 机制类别；上级行包含其下级的证据；空格为缺口", kind.label_zh()),
                        &format!(
                            "{} × mechanism categories; a parent row includes its children's evidence; an empty cell is a gap",
                            kind.label_en()
                        ),
                    )
                ),
                filters_paragraph(lang, sep, filters, n_claims),
            ]
        }
        Subject::Claims { query, filters, .. } => {
            let n_claims = super::claims_of_query(doc, index, query, filters)?.len();
            vec![
                format!(
                    "{}{sep}{}",
                    lang.label("机制图", "Diagram"),
                    query.describe(doc, index, lang)
                ),
                filters_paragraph(lang, sep, filters, n_claims),
            ]
        }
    };
    paragraphs.push(format!(
        "{}{sep}{} · {} {}",
        lang.label("证据文件", "Evidence file"),
        source.file_name,
        lang.label("内容哈希", "content hash"),
        short_hash(source.hash),
    ));
    Ok(paragraphs)
}

/// "Filters: evidence: animal · 12 claims" (or "none (all claims)").
fn filters_paragraph(lang: Lang, sep: &str, filters: &Filters, n_claims: usize) -> String {
    let described = filters.describe(lang);
    let filters_text = if described.is_empty() {
        lang.label("无（全部主张）", "none (all claims)")
    } else {
        described
    };
    let claims_text = match lang {
        Lang::Zh => format!("{n_claims} 条主张"),
        Lang::En => format!("{n_claims} claim{}", if n_claims == 1 { "" } else { "s" }),
        Lang::Both => format!("{n_claims} claims 条主张"),
    };
    format!(
        "{}{sep}{filters_text} · {claims_text}",
        lang.label("筛选", "Filters")
    )
}

/// Review, figure (label and caption) and panel (letter and caption).
fn panel_paragraphs(
    doc: &Document,
    figure: &FigureView,
    panel: &Panel,
    lang: Lang,
    sep: &str,
) -> Vec<String> {
    let mut paragraphs = Vec::new();
    let review_label = lang.label("综述", "Review");
    paragraphs.push(match doc.reviews.iter().find(|r| r.id == figure.review) {
        Some(review) => {
            let mut text = format!("{review_label}{sep}{}", review.id);
            if !review.abbr.trim().is_empty() {
                text.push_str(&format!(" {}", review.abbr.trim()));
            }
            let title = lang.pick(&review.zh, &review.en);
            if !title.is_empty() {
                text.push_str(&format!(" — {title}"));
            }
            if !review.authors.trim().is_empty() {
                text.push_str(&format!(". {}", review.authors.trim()));
            }
            text
        }
        None => format!("{review_label}{sep}{}", figure.review),
    });
    let figure_ref = figure_reference(&figure.label, &panel.label, lang);
    let figure_caption = lang.pick(&figure.zh, &figure.en);
    paragraphs.push(if figure_caption.is_empty() {
        figure_ref.clone()
    } else {
        format!("{figure_ref}{sep}{figure_caption}")
    });
    let panel_caption = lang.pick(&panel.zh, &panel.en);
    if !panel_caption.is_empty() {
        let name = if panel.label.trim().is_empty() {
            lang.label("分图", "Panel")
        } else {
            match lang {
                Lang::Zh => format!("分图 {}", panel.label.trim()),
                Lang::En => format!("Panel {}", panel.label.trim()),
                Lang::Both => format!("Panel {0} 分图 {0}", panel.label.trim()),
            }
        };
        paragraphs.push(format!("{name}{sep}{panel_caption}"));
    }
    paragraphs
}

/// "图 2B" / "Fig. 2B" / both, from the figure's own label ("图 2", "Figure 3") and the
/// panel letter. A label without a number is used as it is.
fn figure_reference(label: &str, panel: &str, lang: Lang) -> String {
    let (label, panel) = (label.trim(), panel.trim());
    let number: String = label
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '.')
        .collect();
    let zh = format!("{label}{panel}");
    let en = if number.is_empty() {
        [label, panel].join(" ").trim().to_owned()
    } else {
        format!("Fig. {number}{panel}")
    };
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
        Lang::Both if zh == en => zh,
        Lang::Both => format!("{zh} · {en}"),
    }
}

#[cfg(test)]
mod tests {
    use super::figure_reference;
    use crate::lang::Lang;

    #[test]
    fn figure_references() {
        assert_eq!(figure_reference("图 2", "B", Lang::Zh), "图 2B");
        assert_eq!(figure_reference("图 2", "B", Lang::En), "Fig. 2B");
        assert_eq!(figure_reference("图2", "", Lang::Both), "图2 · Fig. 2");
        assert_eq!(
            figure_reference("Figure 3", "a", Lang::Both),
            "Figure 3a · Fig. 3a"
        );
        assert_eq!(
            figure_reference("Graphical abstract", "", Lang::En),
            "Graphical abstract"
        );
    }
}
