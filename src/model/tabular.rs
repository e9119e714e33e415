//! Tables as data. A review table and a claims table share one shape — columns, and rows
//! of cells holding the text shown, the entities named and a sort rank — so one stable
//! sort, one filter and one CSV/TSV writer serve both, on screen, in exports and on the
//! command line.

use std::cmp::Ordering;
use std::io::Write as _;

use super::entity::Id;
use super::{Document, Index, Item};
use crate::lang::Lang;

/// A table: its columns and its rows in their original order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Tabular {
    /// Column headers, left to right.
    pub columns: Vec<TabColumn>,
    /// Rows, in the order the review prints them (or file order for claims).
    pub rows: Vec<TabRow>,
}

/// A column header in both languages.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TabColumn {
    /// Header in Chinese.
    pub zh: String,
    /// Header in English.
    pub en: String,
}

impl TabColumn {
    /// A header from its two labels.
    pub fn new(zh: &str, en: &str) -> TabColumn {
        TabColumn {
            zh: zh.to_owned(),
            en: en.to_owned(),
        }
    }
}

/// A row: one cell per column, and the claims it stands for.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TabRow {
    /// One cell per column.
    pub cells: Vec<TabCell>,
    /// The claims the row reports (a review table row's claims; a claims-table row's own).
    pub claims: Vec<Id>,
}

/// A cell: the text shown (a review cell's verbatim text), the entities it names, how it
/// sorts and what the filter finds it by.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TabCell {
    /// The text as shown: verbatim for a review table; names and labels in the table's
    /// language for a claims table.
    pub text: String,
    /// Ids of the entities the cell names (shown as links beside the text).
    pub links: Vec<Id>,
    /// Sorts before the text when set (an evidence level's strength, a direction).
    pub rank: Option<u32>,
    /// Lowercased text the filter matches: the text, and the linked entities' names,
    /// abbreviations and aliases in both languages.
    pub haystack: String,
}

impl TabCell {
    /// A cell of plain text (its haystack is the text).
    pub fn text(text: impl Into<String>) -> TabCell {
        let text = text.into();
        TabCell {
            haystack: text.to_lowercase(),
            text,
            ..TabCell::default()
        }
    }

    /// A cell that sorts by `rank` before its text.
    pub fn ranked(text: impl Into<String>, rank: u32) -> TabCell {
        TabCell {
            rank: Some(rank),
            ..TabCell::text(text)
        }
    }

    /// Adds `words` (another language's label, say) to what the filter finds.
    pub fn also_found_by(mut self, words: &str) -> TabCell {
        self.haystack.push('\n');
        self.haystack.push_str(&words.to_lowercase());
        self
    }

    /// Names the entities `links`, adding their names in both languages to the haystack.
    pub fn linking(mut self, doc: &Document, index: &Index, links: Vec<Id>) -> TabCell {
        for id in &links {
            push_names(&mut self.haystack, doc, index, id);
        }
        self.links = links;
        self
    }
}

/// Appends the names of `id` (both languages, abbreviation, aliases) to a haystack.
fn push_names(haystack: &mut String, doc: &Document, index: &Index, id: &str) {
    let Some(Item::Entity(kind, idx)) = index.item(id) else {
        return;
    };
    let Some(named) = doc.named(kind, idx) else {
        return;
    };
    for name in [named.zh(), named.en(), named.abbr()]
        .into_iter()
        .chain(named.aliases().iter().map(String::as_str))
    {
        if !name.is_empty() {
            haystack.push('\n');
            haystack.push_str(&name.to_lowercase());
        }
    }
}

/// Which way a column sorts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SortOrder {
    /// A → Z, 1 → 9, weakest → strongest.
    Ascending,
    /// The reverse.
    Descending,
}

/// How rows are ordered: by one column, or (`None`) as printed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Sort {
    /// The column sorted by; `None` keeps the original order.
    pub column: Option<usize>,
    /// Ascending or descending.
    pub order: Option<SortOrder>,
}

impl Sort {
    /// Sorted by `column`, ascending.
    pub fn by(column: usize) -> Sort {
        Sort {
            column: Some(column),
            order: Some(SortOrder::Ascending),
        }
    }

    /// What a click on the header of `column` does: sort by it ascending, then
    /// descending, then back to the original order.
    pub fn clicked(self, column: usize) -> Sort {
        match (self.column, self.order) {
            (Some(c), Some(SortOrder::Ascending)) if c == column => Sort {
                column: Some(column),
                order: Some(SortOrder::Descending),
            },
            (Some(c), Some(SortOrder::Descending)) if c == column => Sort::default(),
            _ => Sort::by(column),
        }
    }

    /// The sort in words for an export's header ("sorted by Year, descending").
    pub fn describe(self, table: &Tabular, lang: Lang) -> String {
        let Some(column) = self.column.and_then(|c| table.columns.get(c)) else {
            return lang.label("原始顺序", "original order");
        };
        let name = lang.pick(&column.zh, &column.en);
        match self.order {
            Some(SortOrder::Descending) => lang.label(
                &format!("按「{name}」降序"),
                &format!("sorted by {name}, descending"),
            ),
            Some(SortOrder::Ascending) | None => lang.label(
                &format!("按「{name}」升序"),
                &format!("sorted by {name}, ascending"),
            ),
        }
    }
}

/// The rows to show, in order: those passing `filter` (every whitespace-separated term
/// found, case-insensitively, in some cell of the row, in either language), sorted by
/// `sort` (stable: equal cells keep the original order; empty cells last either way).
pub fn arrange(table: &Tabular, sort: Sort, filter: &str) -> Vec<usize> {
    let terms: Vec<String> = filter.split_whitespace().map(str::to_lowercase).collect();
    let mut rows: Vec<usize> = (0..table.rows.len())
        .filter(|&r| {
            table
                .rows
                .get(r)
                .is_some_and(|row| row_matches(row, &terms))
        })
        .collect();
    if let Some(column) = sort.column {
        let descending = sort.order == Some(SortOrder::Descending);
        let cell = |r: usize| table.rows.get(r).and_then(|row| row.cells.get(column));
        rows.sort_by(|&a, &b| {
            let (a, b) = (cell(a), cell(b));
            let empty =
                |c: Option<&TabCell>| c.is_none_or(|c| c.text.is_empty() && c.rank.is_none());
            match (empty(a), empty(b)) {
                (true, true) => Ordering::Equal,
                (true, false) => Ordering::Greater,
                (false, true) => Ordering::Less,
                (false, false) => {
                    let ord = compare_cells(a, b);
                    if descending { ord.reverse() } else { ord }
                }
            }
        });
    }
    rows
}

fn row_matches(row: &TabRow, terms: &[String]) -> bool {
    terms.iter().all(|term| {
        row.cells
            .iter()
            .any(|cell| cell.haystack.contains(term.as_str()))
    })
}

fn compare_cells(a: Option<&TabCell>, b: Option<&TabCell>) -> Ordering {
    let rank = |c: Option<&TabCell>| c.and_then(|c| c.rank);
    match (rank(a), rank(b)) {
        (Some(x), Some(y)) if x != y => x.cmp(&y),
        _ => natural_cmp(text_of(a), text_of(b)),
    }
}

fn text_of(cell: Option<&TabCell>) -> &str {
    cell.map_or("", |c| c.text.as_str())
}

/// Compares text the way people sort it: runs of digits by their value ("ref 9" before
/// "ref 10", "2016" before "2019"), the rest case-insensitively, then exactly.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (mut x, mut y) = (a.chars().peekable(), b.chars().peekable());
    loop {
        match (x.peek().copied(), y.peek().copied()) {
            (None, None) => return a.cmp(b),
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(p), Some(q)) if p.is_ascii_digit() && q.is_ascii_digit() => {
                let run = |it: &mut std::iter::Peekable<std::str::Chars<'_>>| {
                    let mut digits = String::new();
                    while let Some(&c) = it.peek().filter(|c| c.is_ascii_digit()) {
                        digits.push(c);
                        it.next();
                    }
                    digits
                };
                let (m, n) = (run(&mut x), run(&mut y));
                let (m_trim, n_trim) = (m.trim_start_matches('0'), n.trim_start_matches('0'));
                let ord = m_trim
                    .len()
                    .cmp(&n_trim.len())
                    .then_with(|| m_trim.cmp(n_trim));
                if ord != Ordering::Equal {
                    return ord;
                }
            }
            (Some(p), Some(q)) => {
                let ord = p.to_lowercase().cmp(q.to_lowercase());
                if ord != Ordering::Equal {
                    return ord;
                }
                x.next();
                y.next();
            }
        }
    }
}

/// What an exported table says about itself in its first lines.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ExportMeta {
    /// What the table is ("r003 表2: …", "Claims: tumors, including child diseases").
    pub title: String,
    /// The evidence file's name.
    pub file_name: String,
    /// The evidence file's content hash (8 hex digits).
    pub hash: String,
    /// The active filters in words (empty: none).
    pub filters: String,
    /// The sort in words.
    pub sort: String,
}

/// The header of the claims column appended to exports (ids, for curators and scripts).
const CLAIMS_COLUMN: (&str, &str) = ("证据条目编号", "claim ids");

/// The table as CSV: UTF-8 with a byte-order mark (so spreadsheet programs read Chinese
/// right), `# ` comment lines saying what it is, from which file and hash, with which
/// filters and sort, then the header row and the rows `order` selects, quoted as needed.
/// A last column lists each row's claim ids when any row has claims.
pub fn to_csv(
    table: &Tabular,
    order: &[usize],
    lang: Lang,
    meta: &ExportMeta,
) -> Result<Vec<u8>, csv::Error> {
    let mut out = Vec::from(*b"\xEF\xBB\xBF");
    let one_line = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut comment = |name: String, value: &str| {
        if !value.is_empty() {
            // Writing to a Vec cannot fail.
            let _ = writeln!(out, "# {name}{}", one_line(value));
        }
    };
    comment(String::new(), &meta.title);
    comment(lang.label("证据文件：", "evidence file: "), &meta.file_name);
    comment(lang.label("内容哈希：", "content hash: "), &meta.hash);
    comment(lang.label("筛选：", "filters: "), &meta.filters);
    comment(lang.label("排序：", "order: "), &meta.sort);
    let mut writer = csv::WriterBuilder::new().from_writer(out);
    write_rows(table, order, lang, |record| writer.write_record(record))?;
    writer
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))
}

/// The table as tab-separated text for pasting into a spreadsheet: header row, then the
/// rows `order` selects; tabs and line breaks inside cells become spaces.
pub fn to_tsv(table: &Tabular, order: &[usize], lang: Lang) -> String {
    let mut out = String::new();
    let _ = write_rows(table, order, lang, |record| -> Result<(), csv::Error> {
        let cells: Vec<String> = record
            .iter()
            .map(|cell| cell.split(['\t', '\n', '\r']).collect::<Vec<_>>().join(" "))
            .collect();
        out.push_str(&cells.join("\t"));
        out.push('\n');
        Ok(())
    });
    out
}

fn write_rows<E>(
    table: &Tabular,
    order: &[usize],
    lang: Lang,
    mut write: impl FnMut(&[String]) -> Result<(), E>,
) -> Result<(), E> {
    let with_claims = order
        .iter()
        .any(|&r| table.rows.get(r).is_some_and(|row| !row.claims.is_empty()));
    let mut header: Vec<String> = table
        .columns
        .iter()
        .map(|c| lang.pick(&c.zh, &c.en))
        .collect();
    if with_claims {
        header.push(lang.label(CLAIMS_COLUMN.0, CLAIMS_COLUMN.1));
    }
    write(&header)?;
    for row in order.iter().filter_map(|&r| table.rows.get(r)) {
        let mut record: Vec<String> = (0..table.columns.len())
            .map(|c| {
                row.cells
                    .get(c)
                    .map_or_else(String::new, |cell| cell.text.clone())
            })
            .collect();
        if with_claims {
            record.push(row.claims.join("; "));
        }
        write(&record)?;
    }
    Ok(())
}

/// A review table as a [`Tabular`]: every cell's verbatim text, its links, and the row's
/// claims. `None` when `table_idx` is out of range.
pub fn review_table(doc: &Document, index: &Index, table_idx: usize) -> Option<Tabular> {
    let table = doc.tables.get(table_idx)?;
    let columns = table
        .columns
        .iter()
        .map(|c| TabColumn::new(&c.zh, &c.en))
        .collect();
    let rows = table
        .rows
        .iter()
        .map(|row| TabRow {
            cells: row
                .cells
                .iter()
                .map(|cell| {
                    TabCell::text(cell.text.clone()).linking(doc, index, cell.links.to_vec())
                })
                .collect(),
            claims: row.claims.to_vec(),
        })
        .collect();
    Some(Tabular { columns, rows })
}

#[cfg(test)]
mod tests {
    use super::{Sort, SortOrder, TabCell, TabColumn, TabRow, Tabular, arrange, natural_cmp};
    use std::cmp::Ordering;

    fn table(rows: &[[&str; 2]]) -> Tabular {
        Tabular {
            columns: vec![
                TabColumn::new("作者", "author"),
                TabColumn::new("年份", "year"),
            ],
            rows: rows
                .iter()
                .map(|cells| TabRow {
                    cells: cells.iter().map(|&c| TabCell::text(c)).collect(),
                    claims: Vec::new(),
                })
                .collect(),
        }
    }

    #[test]
    fn natural_order_compares_numbers_by_value() {
        assert_eq!(natural_cmp("ref 9", "ref 10"), Ordering::Less);
        assert_eq!(natural_cmp("SHIN[44]", "DI[42]"), Ordering::Greater);
        assert_eq!(natural_cmp("2016", "2019"), Ordering::Less);
        assert_eq!(natural_cmp("abc", "ABD"), Ordering::Less);
        assert_eq!(natural_cmp("007", "7"), "007".cmp("7"));
    }

    #[test]
    fn sorting_is_stable_reversible_and_keeps_empty_cells_last() {
        let t = table(&[["b", "2019"], ["a", "2016"], ["c", ""], ["d", "2016"]]);
        assert_eq!(arrange(&t, Sort::by(1), ""), [1, 3, 0, 2]);
        let desc = Sort::by(1).clicked(1);
        assert_eq!(desc.order, Some(SortOrder::Descending));
        assert_eq!(arrange(&t, desc, ""), [0, 1, 3, 2]);
        assert_eq!(desc.clicked(1), Sort::default());
        assert_eq!(arrange(&t, Sort::default(), ""), [0, 1, 2, 3]);
    }

    #[test]
    fn the_filter_needs_every_term_somewhere_in_the_row() {
        let t = table(&[["Shin", "2016"], ["Di", "2017"], ["Park", "2018"]]);
        assert_eq!(arrange(&t, Sort::default(), "shin"), [0]);
        assert_eq!(arrange(&t, Sort::default(), "201"), [0, 1, 2]);
        assert_eq!(arrange(&t, Sort::default(), "park 2018"), [2]);
        assert!(arrange(&t, Sort::default(), "park 2016").is_empty());
        assert_eq!(arrange(&t, Sort::default(), "   "), [0, 1, 2]);
    }
}
