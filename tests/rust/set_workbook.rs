//! Criteria sets from a spreadsheet (`CriteriaSet::write_template`, `CriteriaSet::load` of an
//! `.xlsx`): every set round-trips through its template; an office's edits (a filled threshold,
//! a threshold without a source, mistakes) are read back, located at their sheet, row and column.
//!
//! An office's edits are made by [`edit`]: the workbook is read with calamine and written again
//! with `rust_xlsxwriter`, cell by cell, with the changes. [`the_bad_input_set_workbooks_are_current`]
//! writes the bad-input catalog's set workbooks this way (`NTM_WRITE_FIXTURES=1` rewrites them).

use std::io::Cursor;
use std::path::PathBuf;

use calamine::{Data, Reader, Xlsx};
use ntm_criteria::{CellValue, CriteriaSet, NtmError, Override, Profile, Region, Status, Value, Verified};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook};

/// A change to one cell of a sheet, or the removal of a row.
#[derive(Debug, Clone)]
pub(crate) enum Edit {
    /// Sets the cell at `(row, col)` (0-based) to text.
    Text(&'static str, u32, u32, &'static str),
    /// Sets the cell to a typed number.
    Number(&'static str, u32, u32, f64),
    /// Removes a row (the rows below move up).
    DeleteRow(&'static str, u32),
    /// Renames a sheet.
    RenameSheet(&'static str, &'static str),
}

/// Every sheet of a workbook: its name and cells.
type Sheets = Vec<(String, Vec<Vec<Data>>)>;

fn sheets(bytes: &[u8]) -> Sheets {
    let mut wb = Xlsx::new(Cursor::new(bytes.to_vec())).unwrap();
    let names = wb.sheet_names();
    names
        .into_iter()
        .map(|n| {
            let r = wb.worksheet_range(&n).unwrap();
            let (r0, c0) = r.start().unwrap_or((0, 0));
            let mut rows = vec![Vec::new(); r0 as usize];
            for row in r.rows() {
                let mut cells = vec![Data::Empty; c0 as usize];
                cells.extend(row.iter().cloned());
                rows.push(cells);
            }
            (n, rows)
        })
        .collect()
}

fn set_cell(rows: &mut Vec<Vec<Data>>, row: u32, col: u32, v: Data) {
    let (r, c) = (row as usize, col as usize);
    if rows.len() <= r {
        rows.resize(r + 1, Vec::new());
    }
    if rows[r].len() <= c {
        rows[r].resize(c + 1, Data::Empty);
    }
    rows[r][c] = v;
}

/// The workbook with the edits made (as an office would in Excel).
pub(crate) fn edit(bytes: &[u8], edits: &[Edit]) -> Vec<u8> {
    let mut all = sheets(bytes);
    for e in edits {
        let name = match e {
            Edit::Text(s, ..) | Edit::Number(s, ..) | Edit::DeleteRow(s, _) | Edit::RenameSheet(s, _) => *s,
        };
        let (sheet_name, rows) = all.iter_mut().find(|(n, _)| n == name).unwrap();
        match e {
            Edit::RenameSheet(_, to) => *sheet_name = to.to_string(),
            Edit::Text(_, r, c, t) => set_cell(rows, *r, *c, Data::String(t.to_string())),
            Edit::Number(_, r, c, x) => set_cell(rows, *r, *c, Data::Float(*x)),
            Edit::DeleteRow(_, r) => {
                rows.remove(*r as usize);
            }
        }
    }
    let mut wb = Workbook::new();
    let when = ExcelDateTime::from_ymd(2026, 1, 1).unwrap();
    wb.set_properties(&DocProperties::new().set_creation_datetime(&when));
    for (name, rows) in &all {
        let ws = wb.add_worksheet();
        ws.set_name(name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match v {
                    Data::String(s) => ws.write_string(r, c, s).map(|_| ()),
                    Data::Float(x) => ws.write_number(r, c, *x).map(|_| ()),
                    Data::Int(i) => ws.write_number(r, c, *i as f64).map(|_| ()),
                    Data::Bool(b) => ws.write_boolean(r, c, *b).map(|_| ()),
                    _ => Ok(()),
                }
                .unwrap();
            }
        }
    }
    wb.save_to_buffer().unwrap()
}

/// The 0-based column of a header in the header row (row 0) of a sheet.
pub(crate) fn column(bytes: &[u8], sheet: &str, header: &str) -> u32 {
    let all = sheets(bytes);
    let rows = &all.iter().find(|(n, _)| n == sheet).unwrap().1;
    rows[0].iter().position(|d| matches!(d, Data::String(s) if s == header)).unwrap() as u32
}

/// The 0-based row of an indicator in sheet Chỉ tiêu.
pub(crate) fn indicator_row(bytes: &[u8], id: &str) -> u32 {
    let all = sheets(bytes);
    let rows = &all.iter().find(|(n, _)| n == "Chỉ tiêu").unwrap().1;
    rows.iter().position(|r| matches!(r.get(2), Some(Data::String(s)) if s == id)).unwrap() as u32
}

fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ntm-set-workbook-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

fn root() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

#[test]
fn every_set_round_trips_through_its_template() {
    let mut sets: Vec<CriteriaSet> =
        CriteriaSet::bundled_names().iter().map(|n| CriteriaSet::load(n).unwrap()).collect();
    for f in [
        "examples/data/province_example.json",
        "examples/data/province_example.toml",
        "tests/bad_input/sets/mini_ok.json",
    ] {
        sets.push(CriteriaSet::from_path(root().join(f)).unwrap());
    }
    // A percentage below 1 and a pair with an unknown part come back as they were (in mini_ok).
    let pair = Override { value: Some(CellValue::Pair(None, Some(0.5))), ..Override::number("2.1", "RRD", 0.0) };
    let small = sets[sets.len() - 1].with_overrides("small", &[Override::number("2.2", "NMM", 0.25), pair]).unwrap();
    sets.push(small);
    for set in &sets {
        let bytes = set.template_bytes().unwrap();
        let again = CriteriaSet::from_workbook_bytes(&bytes, "t.xlsx").unwrap_or_else(|e| panic!("{}: {e}", set.id()));
        assert_eq!(&again, set, "{}", set.id());
        assert_eq!(again.to_json(), set.to_json());
    }
    // Through a file, by path and by `load`.
    let path = tmp("2016-2020.xlsx");
    sets[0].write_template(&path).unwrap();
    assert_eq!(CriteriaSet::load(path.to_str().unwrap()).unwrap(), sets[0]);
    assert_eq!(CriteriaSet::from_path(&path).unwrap(), sets[0]);
}

#[test]
fn headers_and_sheets_match_in_either_language() {
    let set = CriteriaSet::bundled("2016-2020").unwrap();
    let bytes = set.template_bytes().unwrap();
    let c = |h: &str| column(&bytes, "Chỉ tiêu", h);
    let edits = [
        Edit::Text("Chỉ tiêu", 0, c("Mã chỉ tiêu / Indicator"), "indicator"),
        Edit::Text("Chỉ tiêu", 0, c("Đơn vị / Unit"), "ĐƠN VỊ"),
        Edit::Text("Chỉ tiêu", 0, c("NMM nguồn / NMM sources"), "nmm nguon"),
        Edit::Text("Chỉ tiêu", 0, c("NMM xác minh / NMM verified"), "NMM  Verified"),
        Edit::Text("Chỉ tiêu", 0, c("RRD"), "rrd"),
        Edit::RenameSheet("Chỉ tiêu", "Indicators"),
        Edit::RenameSheet("Bộ tiêu chí", "bo tieu chi"),
    ];
    assert_eq!(&CriteriaSet::from_workbook_bytes(&edit(&bytes, &edits), "t.xlsx").unwrap(), set);
}

#[test]
fn a_filled_threshold_is_assessed() {
    let set = CriteriaSet::bundled("2021-2025").unwrap();
    assert_eq!(set.indicator("4.2").unwrap().cell("NMM"), None);
    let bytes = set.template_bytes().unwrap();
    let (row, nmm) = (indicator_row(&bytes, "4.2"), column(&bytes, "Chỉ tiêu", "NMM"));
    let filled = edit(&bytes, &[Edit::Number("Chỉ tiêu", row, nmm, 95.0), Edit::Text("Chỉ tiêu", row, nmm + 1, "T1")]);
    let path = tmp("filled.xlsx");
    std::fs::write(&path, filled).unwrap();
    let ours = CriteriaSet::load(path.to_str().unwrap()).unwrap();
    let cell = ours.indicator("4.2").unwrap().cell("NMM").unwrap();
    assert_eq!(
        (cell.value.clone(), cell.verified, cell.sources.clone()),
        (Some(CellValue::Number(95.0)), Verified::True, vec!["T1".to_string()])
    );
    let lang_son = Profile::region(Region::NorthernMidlandsMountains);
    let met = ours.assess([("4.2", Value::Number(97.0))], &lang_son).unwrap();
    assert_eq!(met.criterion(4), Some(Status::NotAssessed)); // 4.1 is not given
    assert_eq!(met.indicators.iter().find(|o| &*o.id == "4.2").map(|o| o.status), Some(Status::Met));
    let short = ours.assess([("4.2", Value::Number(90.0))], &lang_son).unwrap();
    assert_eq!(short.shortfalls().next().map(|s| s.gap), Some(Some(5.0)));
    assert!(!short.unverified_thresholds.iter().any(|u| &*u.indicator == "4.2"));
    // Everything else is the national set's.
    let mut back = ours.file().clone();
    back.criteria[3].indicators[1].thresholds.remove("NMM");
    assert_eq!(&back, set.file());
}

#[test]
fn a_threshold_typed_without_a_source_is_unsourced() {
    let set = CriteriaSet::bundled("2021-2025").unwrap();
    let bytes = set.template_bytes().unwrap();
    let (row, rrd) = (indicator_row(&bytes, "10"), column(&bytes, "Chỉ tiêu", "RRD"));
    let ours =
        CriteriaSet::from_workbook_bytes(&edit(&bytes, &[Edit::Text("Chỉ tiêu", row, rrd, "55")]), "dir/our_set.xlsx")
            .unwrap();
    let cell = ours.indicator("10").unwrap().cell("RRD").unwrap();
    assert_eq!(cell.value, Some(CellValue::Number(55.0)));
    assert_eq!(cell.verified, Verified::False);
    assert_eq!(cell.note.as_deref(), Some("typed in our_set.xlsx without a source"));
    let a = ours.assess([("10", Value::Number(60.0))], &Profile::region(Region::RedRiverDelta)).unwrap();
    assert_eq!(a.criterion(10), Some(Status::Met));
    let u = a.unverified_thresholds.iter().find(|u| &*u.indicator == "10").unwrap();
    assert_eq!(u.verified, Some(Verified::False));
}

/// The office's mistakes, all reported at once, each at its sheet, row and column.
#[test]
fn every_mistake_is_located() {
    let set = CriteriaSet::bundled("2016-2020").unwrap();
    let bytes = set.template_bytes().unwrap();
    let c = |h: &str| column(&bytes, "Chỉ tiêu", h);
    let (r17_2, r10, r17_1, r5) = (
        indicator_row(&bytes, "17.2"),
        indicator_row(&bytes, "10"),
        indicator_row(&bytes, "17.1"),
        indicator_row(&bytes, "5"),
    );
    let edits = [
        Edit::Number("Chỉ tiêu", r17_2, c("SCC"), 0.9), // a fraction in a percent column
        Edit::Text("Chỉ tiêu", r10, c("CH"), "36 triệu"), // a number with its unit in words
        Edit::Number("Chỉ tiêu", r10, c("SE"), -1.0),   // outside the unit's range
        Edit::Text("Chỉ tiêu", r17_1, c("RRD"), "98 / 120"), // a pair part over 100%
        Edit::Text("Chỉ tiêu", 0, c("MRD"), "MRR"),     // a key column that does not exist
        Edit::DeleteRow("Chỉ tiêu", r5),                // the row of indicator 5
    ];
    let err = CriteriaSet::from_workbook_bytes(&edit(&bytes, &edits), "ours.xlsx").unwrap_err();
    let NtmError::Catalog { source_name, problems } = &err else { panic!("{err}") };
    assert_eq!(source_name, "ours.xlsx");
    let got: Vec<(Option<usize>, String, &str)> =
        problems.iter().map(|p| (p.row, p.loc.clone(), p.kind.as_str())).collect();
    // The spreadsheet's row of a 0-based template row once the row of indicator 5 is deleted.
    let at = |h: &str, r: u32| {
        let row = if r > r5 { r as usize } else { r as usize + 1 };
        (Some(row), format!("Chỉ tiêu!{}{row}", ntm_criteria_tests_letters(c(h))))
    };
    let want = [
        (at("MRD", 0), "unknown_key"),
        ((Some(1), "Chỉ tiêu!1:1".to_string()), "missing_column"),
        (at("CH", r10), "not_a_number"),
        (at("SE", r10), "negative"),
        (at("RRD", r17_1), "out_of_range"),
        (at("SCC", r17_2), "ambiguous_percent"),
        ((Some(6), "Tiêu chí!E6".to_string()), "missing_indicator"),
    ];
    let want: Vec<(Option<usize>, String, &str)> = want.into_iter().map(|((r, l), k)| (r, l, k)).collect();
    assert_eq!(got, want);
    let missing = &problems[6];
    assert_eq!(missing.input.as_deref(), Some("5"));
    assert!(missing.msg.contains("indicator 5 is listed for criterion 5"), "{}", missing.msg);
    assert!(problems[0].msg.contains("did you mean \"MRD\""), "{}", problems[0].msg);
    assert!(problems[2].msg.contains("write the number alone"), "{}", problems[2].msg);
}

/// The column letters of a 0-based column.
fn ntm_criteria_tests_letters(c: u32) -> String {
    let mut n = c + 1;
    let mut s = String::new();
    while n > 0 {
        s.insert(0, (b'A' + ((n - 1) % 26) as u8) as char);
        n = (n - 1) / 26;
    }
    s
}

#[test]
fn a_workbook_that_is_not_a_set_is_refused_with_its_sheets() {
    let report = std::fs::read(root().join("tests/bad_input/ok/office.xlsx")).unwrap();
    let err = CriteriaSet::from_workbook_bytes(&report, "office.xlsx").unwrap_err();
    let kinds: Vec<&str> = err.problems().iter().map(|p| p.kind.as_str()).collect();
    assert!(kinds.iter().all(|k| *k == "no_such_sheet"), "{kinds:?}");
    assert!(err.problems()[0].msg.contains("its sheets are"), "{err}");
    assert!(matches!(CriteriaSet::load("no/such/set.xlsx"), Err(NtmError::Io { .. })));
}

/// The set workbooks of the bad-input catalog, as [`edit`] writes them from the template of
/// `sets/mini_ok.json` (`NTM_WRITE_FIXTURES=1` rewrites them).
fn fixtures() -> Vec<(&'static str, Vec<u8>)> {
    let mini = CriteriaSet::from_path(root().join("tests/bad_input/sets/mini_ok.json")).unwrap();
    let b = mini.template_bytes().unwrap();
    let c = |h: &str| column(&b, "Chỉ tiêu", h);
    let wrong_unit = [
        Edit::Text("Chỉ tiêu", indicator_row(&b, "1.1"), c("NMM"), "36 triệu"),
        Edit::Number("Chỉ tiêu", indicator_row(&b, "2.2"), c("NMM"), 0.12),
    ];
    vec![
        ("set_workbooks/wrong_unit.xlsx", edit(&b, &wrong_unit)),
        ("set_workbooks/unknown_key_column.xlsx", edit(&b, &[Edit::Text("Chỉ tiêu", 0, c("RRD"), "RDD")])),
        (
            "set_workbooks/indicator_row_deleted.xlsx",
            edit(&b, &[Edit::DeleteRow("Chỉ tiêu", indicator_row(&b, "2.2"))]),
        ),
    ]
}

#[test]
fn the_bad_input_set_workbooks_are_current() {
    let write = std::env::var_os("NTM_WRITE_FIXTURES").is_some();
    for (name, bytes) in fixtures() {
        let path = root().join("tests/bad_input").join(name);
        if write {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &bytes).unwrap();
        }
        let committed = std::fs::read(&path).unwrap_or_else(|e| panic!("{name}: {e} (NTM_WRITE_FIXTURES=1 writes it)"));
        assert_eq!(
            sheets(&committed),
            sheets(&bytes),
            "{name} is not what the test writes: NTM_WRITE_FIXTURES=1 rewrites it"
        );
    }
}
