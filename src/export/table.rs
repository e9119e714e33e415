//! Tables out: a review table, a claims table or the evidence map — sorted and filtered
//! as the reader left it on screen — as CSV (UTF-8 with a byte-order mark, `# ` header
//! comments citing the evidence file, its hash, the filters and the order) or TSV, under
//! a file name that says what it is (`r003-table2-3f2a9c1d.csv`,
//! `claims-tumors-animal-3f2a9c1d.csv`). Pure: the app runs it on a background thread,
//! the command line directly.

use std::path::Path;

use super::name::{filter_parts, slug};
use super::{ExportError, SourceInfo, close_ids, find_entity};
use crate::lang::Lang;
use crate::model::evidence::{self, ClaimQuery, ClaimSet};
use crate::model::filter::Filters;
use crate::model::gapmap::{self, MapAxis};
use crate::model::hash::short_hash;
use crate::model::tabular::{self, ExportMeta, Sort, Tabular};
use crate::model::{Document, Id, Index, Item};

/// Which table an export writes.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum TableSource {
    /// A review's table, by id (`t003-2`): its rows as printed (the claim filters do not
    /// hide a review's rows).
    Review(Id),
    /// The claims a query selects that pass the claim filters.
    Claims(ClaimQuery),
    /// The evidence gap map along one axis, counting the claims that pass the filters.
    EvidenceMap(MapAxis),
}

/// How the reader arranged the rows: the sort and the filter text.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Arrangement {
    /// The column sorted by, and which way.
    pub sort: Sort,
    /// Filter text (every word must be found in some cell of a row).
    pub filter: String,
}

/// Everything an export of a table needs besides the document: which table, arranged
/// how, with which claim filters, in which language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableRequest {
    /// Which table.
    pub source: TableSource,
    /// The sort and filter text, as on screen.
    pub arrangement: Arrangement,
    /// The app's claim filters (they do not hide a review table's rows).
    pub filters: Filters,
    /// The language of headers and labels.
    pub lang: Lang,
}

/// The file format of a table export.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TableFormat {
    /// Comma-separated, with a byte-order mark and `# ` header comments.
    Csv,
    /// Tab-separated, header row then rows (what "Copy as TSV" puts on the clipboard).
    Tsv,
}

impl TableFormat {
    /// The file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            TableFormat::Csv => "csv",
            TableFormat::Tsv => "tsv",
        }
    }

    /// The format a file name's extension asks for (`csv` or `tsv`, any case).
    pub fn from_path(path: &Path) -> Option<TableFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "csv" => Some(TableFormat::Csv),
            "tsv" | "tab" => Some(TableFormat::Tsv),
            _ => None,
        }
    }
}

/// A table as a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableFile {
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// A file name that says what it is ([`file_name`]).
    pub suggested_name: String,
    /// Rows written (those passing the filter text).
    pub n_rows: usize,
    /// Rows of the whole table.
    pub n_total: usize,
}

/// The table `source` names, built from the model as its page shows it, and its title
/// in words. `visible` says which claims pass the app's claim filters.
pub fn table_of(
    doc: &Document,
    index: &Index,
    source: &TableSource,
    visible: impl Fn(usize) -> bool,
    lang: Lang,
) -> Result<(Tabular, String), ExportError> {
    match source {
        TableSource::Review(id) => {
            let table_idx = table_idx(doc, index, id)?;
            let table = tabular::review_table(doc, index, table_idx)
                .ok_or_else(|| unknown_table(doc, id))?;
            let title = doc.display_name(Item::Table(table_idx), lang);
            let review = doc.tables.get(table_idx).map_or("", |t| t.review.as_str());
            let title = match index.item(review) {
                Some(item) => format!("{title} — {}", doc.display_name(item, lang)),
                None => title,
            };
            Ok((table, title))
        }
        TableSource::Claims(query) => {
            let Some(set) = evidence::select(doc, index, query, visible) else {
                return Err(unknown_set(doc, index, &query.set));
            };
            let table = evidence::claims_table(doc, index, &set.claims, lang);
            let title = format!(
                "{}{}",
                lang.label("证据表：", "Claims: "),
                query.describe(doc, index, lang)
            );
            Ok((table, title))
        }
        TableSource::EvidenceMap(axis) => {
            let map = gapmap::gap_map(doc, index, *axis, visible);
            let kind = axis.kind();
            let title = format!(
                "{}{}",
                lang.label("证据缺口图：", "Evidence map: "),
                lang.pick(kind.label_zh(), kind.label_en())
            );
            Ok((map.to_tabular(doc, lang), title))
        }
    }
}

fn table_idx(doc: &Document, index: &Index, id: &str) -> Result<usize, ExportError> {
    match index.item(id) {
        Some(Item::Table(idx)) => Ok(idx),
        _ => Err(unknown_table(doc, id)),
    }
}

fn unknown_table(doc: &Document, id: &str) -> ExportError {
    ExportError::UnknownTable {
        id: id.to_owned(),
        close: close_ids(id, doc.tables.iter().map(|t| t.id.as_str())),
    }
}

/// The error for a set naming a record that does not exist.
pub(super) fn unknown_set(doc: &Document, index: &Index, set: &ClaimSet) -> ExportError {
    match set {
        ClaimSet::Entity { id, .. } => {
            find_entity(doc, index, id)
                .err()
                .unwrap_or_else(|| ExportError::UnknownEntity {
                    id: id.to_string(),
                    close: Vec::new(),
                })
        }
        ClaimSet::TableRow { table, row } => match index.item(table) {
            Some(Item::Table(idx)) => ExportError::UnknownRow {
                table: table.to_string(),
                row: row + 1,
                n_rows: doc.tables.get(idx).map_or(0, |t| t.rows.len()),
            },
            _ => unknown_table(doc, table),
        },
        // Every document has the set of all its claims.
        ClaimSet::All => ExportError::Empty("no claims".to_owned()),
    }
}

/// The column `asked` names: its number (1 = the first) or its header in either
/// language (ignoring case). Unknown: the error lists the columns.
pub fn find_column(table: &Tabular, asked: &str) -> Result<usize, ExportError> {
    let asked = asked.trim();
    let n = table.columns.len();
    if let Ok(number) = asked.parse::<usize>()
        && (1..=n).contains(&number)
    {
        return Ok(number - 1);
    }
    let lower = asked.to_lowercase();
    table
        .columns
        .iter()
        .position(|c| c.zh.trim() == asked || c.en.trim().to_lowercase() == lower)
        .ok_or_else(|| ExportError::UnknownColumn {
            asked: asked.to_owned(),
            columns: table
                .columns
                .iter()
                .enumerate()
                .map(|(i, c)| format!("{} {}", i + 1, Lang::Both.pick(&c.zh, &c.en)))
                .collect(),
        })
}

/// What the filters are in words, for the header: the claim filters (not for a review
/// table, whose rows they do not hide) and the filter text.
pub fn filters_text(source: &TableSource, filters: &Filters, filter: &str, lang: Lang) -> String {
    let mut parts = Vec::new();
    let claims_filtered = !matches!(source, TableSource::Review(_));
    if claims_filtered && filters.is_active() {
        parts.push(filters.describe(lang));
    }
    let filter = filter.split_whitespace().collect::<Vec<_>>().join(" ");
    if !filter.is_empty() {
        parts.push(lang.label(
            &format!("行含「{filter}」"),
            &format!("rows containing “{filter}”"),
        ));
    }
    parts.join(if lang == Lang::Zh { "；" } else { "; " })
}

/// The suggested file name: what the table is, the filters in force, and the evidence
/// file's content hash (`r003-table2-3f2a9c1d.csv`, `claims-tumors-animal-3f2a9c1d.csv`,
/// `evidence-map-diseases-3f2a9c1d.csv`). ASCII only, like every export name.
pub fn file_name(
    doc: &Document,
    index: &Index,
    request: &TableRequest,
    hash: u64,
    format: TableFormat,
) -> String {
    let TableRequest {
        source,
        arrangement,
        filters,
        ..
    } = request;
    let filter = arrangement.filter.as_str();
    let mut parts: Vec<String> = Vec::new();
    match source {
        TableSource::Review(id) => parts.extend(table_parts(doc, index, id)),
        TableSource::Claims(query) => {
            parts.push("claims".to_owned());
            parts.extend(query_parts(doc, index, query));
        }
        TableSource::EvidenceMap(axis) => {
            parts.push("evidence-map".to_owned());
            parts.push(slug(axis.kind().label_en()));
        }
    }
    if !matches!(source, TableSource::Review(_)) {
        parts.extend(filter_parts(filters));
    }
    let filter_slug = slug(filter);
    if !filter.trim().is_empty() {
        parts.push(if filter_slug.is_empty() {
            "filtered".to_owned()
        } else {
            filter_slug
        });
    }
    parts.push(short_hash(hash));
    let mut stem = String::new();
    for part in parts.into_iter().filter(|p| !p.is_empty()) {
        if !stem.is_empty() {
            stem.push('-');
        }
        stem.push_str(&part);
    }
    format!("{stem}.{}", format.extension())
}

/// What a query's claims are, as file-name parts: `tumors-animal`, `r003-table2-row3`.
pub(super) fn query_parts(doc: &Document, index: &Index, query: &ClaimQuery) -> Vec<String> {
    let mut parts = Vec::new();
    match &query.set {
        ClaimSet::All => parts.push("all".to_owned()),
        ClaimSet::Entity { id, .. } => parts.push(entity_slug(doc, index, id)),
        ClaimSet::TableRow { table, row } => {
            parts.extend(table_parts(doc, index, table));
            parts.push(format!("row{}", row + 1));
        }
    }
    parts.extend(query.tier.map(|t| slug(t.label_en())));
    parts.extend(query.direction.map(|d| slug(d.label_en())));
    parts.extend(query.mechanism.map(|m| slug(m.label_en())));
    parts
}

/// `r003-table2` for a review table labelled "表2" of review r003.
fn table_parts(doc: &Document, index: &Index, id: &str) -> Vec<String> {
    let Some(Item::Table(idx)) = index.item(id) else {
        return vec![slug(id)];
    };
    let Some(table) = doc.tables.get(idx) else {
        return vec![slug(id)];
    };
    let number: String = table
        .label
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(char::is_ascii_alphanumeric)
        .collect();
    let label = if number.is_empty() {
        Some(slug(&table.label))
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| slug(&table.id))
    } else {
        format!("table{number}")
    };
    vec![slug(&table.review), label]
}

fn entity_slug(doc: &Document, index: &Index, id: &str) -> String {
    match index.item(id) {
        Some(Item::Entity(kind, idx)) => doc
            .named(kind, idx)
            .map(|named| slug(named.en()))
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| slug(id)),
        _ => slug(id),
    }
}

/// The export `request` asks for, as `format`, citing `origin`.
pub fn export_table(
    doc: &Document,
    index: &Index,
    request: &TableRequest,
    origin: &SourceInfo,
    format: TableFormat,
) -> Result<TableFile, ExportError> {
    let (table, title, order) = arranged(doc, index, request)?;
    let lang = request.lang;
    let bytes = match format {
        TableFormat::Csv => {
            let meta = ExportMeta {
                title,
                file_name: origin.file_name.clone(),
                hash: short_hash(origin.hash),
                filters: filters_text(
                    &request.source,
                    &request.filters,
                    &request.arrangement.filter,
                    lang,
                ),
                sort: request.arrangement.sort.describe(&table, lang),
            };
            tabular::to_csv(&table, &order, lang, &meta)
                .map_err(|err| ExportError::Table(err.to_string()))?
        }
        TableFormat::Tsv => tabular::to_tsv(&table, &order, lang).into_bytes(),
    };
    Ok(TableFile {
        bytes,
        suggested_name: file_name(doc, index, request, origin.hash, format),
        n_rows: order.len(),
        n_total: table.rows.len(),
    })
}

/// The table as the clipboard takes it (TSV, header row first), arranged, and the
/// number of rows.
pub fn tsv_of(
    doc: &Document,
    index: &Index,
    request: &TableRequest,
) -> Result<(String, usize), ExportError> {
    let (table, _, order) = arranged(doc, index, request)?;
    Ok((tabular::to_tsv(&table, &order, request.lang), order.len()))
}

/// The table, its title and the rows to write in order.
fn arranged(
    doc: &Document,
    index: &Index,
    request: &TableRequest,
) -> Result<(Tabular, String, Vec<usize>), ExportError> {
    let visible = request.filters.visible_claims(doc, index);
    let (table, title) = table_of(
        doc,
        index,
        &request.source,
        |i| visible.get(i).copied().unwrap_or(true),
        request.lang,
    )?;
    let order = tabular::arrange(
        &table,
        request.arrangement.sort,
        &request.arrangement.filter,
    );
    Ok((table, title, order))
}

#[cfg(test)]
mod tests {
    use super::TableFormat;
    use std::path::Path;

    #[test]
    fn formats_by_extension() {
        assert_eq!(
            TableFormat::from_path(Path::new("a.CSV")),
            Some(TableFormat::Csv)
        );
        assert_eq!(
            TableFormat::from_path(Path::new("a.tsv")),
            Some(TableFormat::Tsv)
        );
        assert_eq!(TableFormat::from_path(Path::new("a.xlsx")), None);
    }
}
