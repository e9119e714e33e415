//! Tables as data, on the shipped evidence: review tables keep every cell's verbatim text
//! beside its links; sorting and the bilingual filter give the expected rows of a real
//! table; CSV round-trips through a CSV reader with its BOM, header comments and Chinese
//! intact; export file names say what the table is.

// Tests may panic on broken fixtures: that is how they fail.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::path::Path;

use paracrine::app::AppState;
use paracrine::export::SourceInfo;
use paracrine::export::table::{
    self, Arrangement, TableFormat, TableRequest, TableSource, file_name, find_column,
};
use paracrine::lang::Lang;
use paracrine::model::evidence::{ClaimQuery, ClaimSet};
use paracrine::model::filter::Filters;
use paracrine::model::hash::short_hash;
use paracrine::model::tabular::{ExportMeta, Sort, Tabular, arrange, review_table, to_csv};
use paracrine::model::{Item, Tier};

fn shipped() -> AppState {
    AppState::embedded()
}

fn table(state: &AppState, id: &str) -> Tabular {
    let Some(Item::Table(idx)) = state.index().item(id) else {
        panic!("no table {id}");
    };
    review_table(state.doc(), state.index(), idx).expect("table")
}

/// The cell texts of the rows `order` picks, column `column`.
fn column_of(t: &Tabular, order: &[usize], column: usize) -> Vec<String> {
    order
        .iter()
        .map(|&r| t.rows[r].cells[column].text.clone())
        .collect()
}

#[test]
fn every_review_table_keeps_its_verbatim_text_beside_its_links() {
    let state = shipped();
    let doc = state.doc();
    assert!(doc.tables.len() >= 6);
    for (idx, view) in doc.tables.iter().enumerate() {
        let t = review_table(doc, state.index(), idx).expect("table");
        assert_eq!(t.columns.len(), view.columns.len(), "{}", view.id);
        assert_eq!(t.rows.len(), view.rows.len(), "{}", view.id);
        for (row, printed) in t.rows.iter().zip(&view.rows) {
            assert_eq!(row.claims[..], printed.claims[..], "{}", view.id);
            for (cell, printed) in row.cells.iter().zip(&printed.cells) {
                assert_eq!(cell.text, printed.text, "{}", view.id);
                assert_eq!(cell.links[..], printed.links[..], "{}", view.id);
            }
        }
    }
    // The cells users reported: the meaning is in the text, not in the links.
    let t = table(&state, "t003-2");
    let park = t
        .rows
        .iter()
        .find(|r| r.cells[0].text.starts_with("PARK"))
        .expect("PARK row");
    assert_eq!(park.cells[2].text, "抑制M1极化");
    assert_eq!(park.cells[2].links, ["m1-polarization"]);
    let t = table(&state, "t001-1");
    let texts: Vec<&str> = t
        .rows
        .iter()
        .flat_map(|r| r.cells.iter().map(|c| c.text.as_str()))
        .collect();
    assert!(texts.contains(&"po iv im"), "{texts:?}");
    assert!(texts.contains(&"UC&CD 不用于维持治疗"), "{texts:?}");
}

#[test]
fn sorting_and_filtering_a_real_table() {
    let state = shipped();
    let t = table(&state, "t003-2");
    let printed: Vec<usize> = (0..t.rows.len()).collect();
    assert_eq!(arrange(&t, Sort::default(), ""), printed);
    // By first author, A → Z ("CAO[49]" first, the reference number not in the way).
    let by_author = arrange(&t, Sort::by(0), "");
    assert_eq!(
        column_of(&t, &by_author, 0),
        [
            "CAO[49]", "DI[42]", "PARK[48]", "SHIN[44]", "SONG[47]", "SUI[50]", "YUAN[46]"
        ]
    );
    // By year, newest first; a third click restores the printed order.
    let year = find_column(&t, "Year").expect("year column");
    assert_eq!(
        find_column(&t, "发表年份").expect("by Chinese header"),
        year
    );
    assert_eq!(find_column(&t, "5").expect("by number"), year);
    let desc = Sort::by(year).clicked(year);
    assert_eq!(
        column_of(&t, &arrange(&t, desc, ""), year),
        ["2023", "2022", "2020", "2019", "2018", "2017", "2016"]
    );
    assert_eq!(arrange(&t, desc.clicked(year), ""), printed);
    // Stable: equal cells keep the printed order (the one "inhibits" row sorts after
    // the six "promotes" rows, which stay as printed).
    let effect = arrange(&t, Sort::by(2), "");
    assert_eq!(effect, [0, 1, 3, 4, 5, 6, 2]);
    // The filter reads the text ("M1" only in PARK's row) and the links in either
    // language ("colitis" finds the rows whose text says 结肠炎).
    assert_eq!(
        column_of(&t, &arrange(&t, Sort::default(), "M1"), 0),
        ["PARK[48]"]
    );
    assert_eq!(
        column_of(&t, &arrange(&t, Sort::by(0), "colitis"), 0),
        ["CAO[49]", "PARK[48]", "SONG[47]", "YUAN[46]"]
    );
    assert_eq!(arrange(&t, Sort::default(), "结肠炎 PGE2").len(), 4);
    assert!(arrange(&t, Sort::default(), "colitis SDF-1").is_empty());
    let err = find_column(&t, "Journal").unwrap_err().to_string();
    assert!(
        err.contains("no column `Journal`") && err.contains("5 发表年份"),
        "{err}"
    );
}

fn read_csv(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .from_reader(bytes.strip_prefix(b"\xEF\xBB\xBF").expect("BOM"));
    let header = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_owned)
        .collect();
    let rows = reader
        .records()
        .map(|r| r.expect("record").iter().map(str::to_owned).collect())
        .collect();
    (header, rows)
}

#[test]
fn csv_round_trips_with_bom_comments_and_chinese() {
    let state = shipped();
    for view in &state.doc().tables {
        let t = table(&state, &view.id);
        let order = arrange(&t, Sort::by(0), "");
        let meta = ExportMeta {
            title: view.zh.clone(),
            file_name: "evidence.ron".into(),
            hash: short_hash(state.hash()),
            filters: "rows containing “x”".into(),
            sort: Sort::by(0).describe(&t, Lang::En),
        };
        let bytes = to_csv(&t, &order, Lang::Zh, &meta).expect("csv");
        assert!(bytes.starts_with(b"\xEF\xBB\xBF# "), "{}", view.id);
        let text = String::from_utf8(bytes.clone()).expect("utf-8");
        assert!(text.contains(&format!("# 内容哈希：{}", short_hash(state.hash()))));
        assert!(text.contains("# 证据文件：evidence.ron"));
        let (header, rows) = read_csv(&bytes);
        let mut expected_header: Vec<String> = t.columns.iter().map(|c| c.zh.clone()).collect();
        expected_header.push("证据条目编号".into());
        assert_eq!(header, expected_header, "{}", view.id);
        assert_eq!(rows.len(), t.rows.len());
        for (record, &r) in rows.iter().zip(&order) {
            let row = &t.rows[r];
            let cells: Vec<&str> = row.cells.iter().map(|c| c.text.as_str()).collect();
            assert_eq!(&record[..cells.len()], &cells[..], "{}", view.id);
            assert_eq!(record[cells.len()], row.claims.join("; "));
        }
    }
}

#[test]
fn table_exports_name_what_they_are_and_honour_the_arrangement() {
    let state = shipped();
    let (doc, index) = (state.doc(), state.index());
    let hash = short_hash(state.hash());
    let origin = SourceInfo::new(Path::new("/home/someone/evidence.ron"), state.hash());
    let request = TableRequest {
        source: TableSource::Review("t003-2".into()),
        arrangement: Arrangement {
            sort: Sort::by(4).clicked(4),
            filter: "colitis".into(),
        },
        filters: Filters::default(),
        lang: Lang::En,
    };
    let file = table::export_table(doc, index, &request, &origin, TableFormat::Csv).expect("csv");
    assert_eq!(
        file.suggested_name,
        format!("r003-table2-colitis-{hash}.csv")
    );
    assert_eq!((file.n_rows, file.n_total), (4, 7));
    let text = String::from_utf8(file.bytes.clone()).expect("utf-8");
    assert!(text.contains("# evidence file: evidence.ron"), "{text}");
    assert!(
        !text.contains("/home/someone"),
        "the footer must not leak folders"
    );
    assert!(
        text.contains("# filters: rows containing “colitis”"),
        "{text}"
    );
    assert!(
        text.contains("# order: sorted by Year, descending"),
        "{text}"
    );
    let (_, rows) = read_csv(&file.bytes);
    let years: Vec<&str> = rows.iter().map(|r| r[4].as_str()).collect();
    assert_eq!(years, ["2022", "2020", "2019", "2018"]);
    assert!(rows.iter().all(|r| r[5] == "结肠炎"));

    // A claims table: the entity, the narrowing and the filters in the name.
    let tumors = TableRequest {
        source: TableSource::Claims(ClaimQuery {
            tier: Some(Tier::Animal),
            ..ClaimQuery::of(ClaimSet::Entity {
                id: "tumor".into(),
                rollup: true,
            })
        }),
        arrangement: Arrangement::default(),
        filters: Filters::default(),
        lang: Lang::En,
    };
    assert_eq!(
        file_name(doc, index, &tumors, state.hash(), TableFormat::Csv),
        format!("claims-tumors-animal-{hash}.csv")
    );
    let file = table::export_table(doc, index, &tumors, &origin, TableFormat::Tsv).expect("tsv");
    let text = String::from_utf8(file.bytes).expect("utf-8");
    let mut lines = text.lines();
    assert!(
        lines
            .next()
            .expect("header")
            .starts_with("Direction\tEvidence level\tFinding")
    );
    assert_eq!(lines.count(), file.n_rows);
    assert!(file.n_rows > 0);

    // A review's rows are its printed rows: the claim filters do not hide them, nor
    // appear in the name or the header.
    let filtered = TableRequest {
        filters: Filters {
            tiers: [Tier::Human].into(),
            ..Filters::default()
        },
        arrangement: Arrangement::default(),
        ..request
    };
    let file = table::export_table(doc, index, &filtered, &origin, TableFormat::Csv).expect("csv");
    assert_eq!(file.n_rows, 7);
    assert_eq!(file.suggested_name, format!("r003-table2-{hash}.csv"));

    let missing = TableRequest {
        source: TableSource::Review("t003-9".into()),
        ..filtered
    };
    let err = table::export_table(doc, index, &missing, &origin, TableFormat::Csv)
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("no table `t003-9`; did you mean t003-"),
        "{err}"
    );
}
