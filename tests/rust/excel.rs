#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! The workbook door: workbooks written here (rust_xlsxwriter, and hostile files built byte by
//! byte) read back through `read_path`, and every limit refusing its file before calamine
//! allocates.

use std::io::{Cursor, Write};
use std::path::PathBuf;

use ntm_criteria::input::{ReadOptions, Table, excel, read_path};
use ntm_criteria::{CriteriaSet, NtmError, Profile, Region, Status};
use rust_xlsxwriter::{Format, Formula, Workbook};

fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ntm-excel-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

fn kinds(e: &NtmError) -> Vec<(Option<usize>, String, String)> {
    e.problems().iter().map(|p| (p.row, p.loc.clone(), p.kind.to_string())).collect()
}

/// An office's table: a merged title block, Vietnamese headers, typed numbers, a percent-formatted
/// cell, a bool, verdict words.
fn office_workbook(path: &PathBuf, error_cell: bool) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Biểu 01").unwrap();
    ws.merge_range(0, 0, 0, 6, "BIỂU TỔNG HỢP KẾT QUẢ THỰC HIỆN BỘ TIÊU CHÍ", &Format::new()).unwrap();
    ws.write_string(1, 0, "(Kèm theo báo cáo số 01/BC-UBND)").unwrap();
    for (c, h) in ["STT", "Mã xã", "Tên xã", "Huyện", "Tỉnh", "10", "4.2", "1.1"].iter().enumerate() {
        ws.write_string(3, c as u16, *h).unwrap();
    }
    let pct = Format::new().set_num_format("0%");
    let rows: [(&str, &str, f64, f64, &str); 3] = [
        ("05992", "Mai Pha", 38.5, 0.92, "Đạt"),
        ("05995", "Hợp Thành", 31.0, 0.48, "x"),
        ("06001", "Tân Liên", 40.0, 0.5, "Không đạt"),
    ];
    for (i, (code, name, income, share, v)) in rows.iter().enumerate() {
        let r = 4 + i as u32;
        ws.write_number(r, 0, (i + 1) as f64).unwrap();
        ws.write_string(r, 1, *code).unwrap();
        ws.write_string(r, 2, *name).unwrap();
        ws.write_string(r, 3, "Thành phố Lạng Sơn").unwrap();
        ws.write_string(r, 4, "Lạng Sơn").unwrap();
        ws.write_number(r, 5, *income).unwrap();
        ws.write_number_with_format(r, 6, *share, &pct).unwrap();
        ws.write_string(r, 7, *v).unwrap();
    }
    if error_cell {
        ws.write_formula(5, 5, Formula::new("=NA()").set_result("#N/A")).unwrap();
    }
    wb.save(path).unwrap();
}

#[test]
fn an_office_workbook_reads_like_its_csv() {
    let path = tmp("office.xlsx");
    office_workbook(&path, false);
    let set = CriteriaSet::bundled("2016-2020").unwrap();
    let Table::Indicators(t) = read_path(&path, &ReadOptions::indicators(set)).unwrap() else { panic!() };
    assert_eq!(t.len(), 3);
    let r = &t.records()[1];
    assert_eq!((r.code.as_str(), r.name.as_str(), r.line), ("05995", "Hợp Thành", 6));
    assert_eq!(t.communes().passthrough, ["name", "district", "province"]);
    let a = t.assess(set).unwrap();
    // 92% shown as a percentage reads as 92, as the cell shows it (not 0.92).
    let v = t.values(0).unwrap();
    assert_eq!(v[set.indicator_index("4.2").unwrap()], ntm_criteria::Value::Number(92.0));
    assert_eq!(v[set.indicator_index("10").unwrap()], ntm_criteria::Value::Number(38.5));
    assert_eq!(a[0].criterion(10), Some(Status::Met));
    assert_eq!(a[1].criterion(10), Some(Status::NotMet));
    assert_eq!(t.profile(0).and_then(|p| p.region), Some(Region::NorthernMidlandsMountains));
    // The same data as CSV gives the same table of values.
    let csv = "code;name;district;province;10;4.2;1.1\n05992;Mai Pha;Thành phố Lạng Sơn;Lạng Sơn;38,5;92%;Đạt\n05995;Hợp Thành;Thành phố Lạng Sơn;Lạng Sơn;31;48%;x\n06001;Tân Liên;Thành phố Lạng Sơn;Lạng Sơn;40;50%;Không đạt\n";
    let c = ntm_criteria::IndicatorTable::from_csv_reader(csv.as_bytes(), "t.csv", set, &Profile::default()).unwrap();
    for row in 0..3 {
        assert_eq!(t.values(row), c.values(row), "row {row}");
    }
}

#[test]
fn an_error_cell_is_a_problem_with_its_sheet_row_and_column() {
    let path = tmp("error.xlsx");
    office_workbook(&path, true);
    let set = CriteriaSet::bundled("2016-2020").unwrap();
    let e = read_path(&path, &ReadOptions::indicators(set)).unwrap_err();
    assert_eq!(kinds(&e), [(Some(6), "10".to_string(), "excel_error".to_string())]);
    assert_eq!(e.problems()[0].commune.as_deref(), Some("05995"));
    assert!(e.to_string().contains("sheet \"Biểu 01\""), "{e}");
    assert_eq!(e.problems()[0].input.as_deref(), Some("#N/A"));
}

#[test]
fn the_sheet_is_chosen_by_name_and_a_missing_one_is_refused() {
    let path = tmp("sheets.xlsx");
    let mut wb = Workbook::new();
    wb.add_worksheet().set_name("Ghi chú").unwrap().write_string(0, 0, "notes").unwrap();
    let ws = wb.add_worksheet().set_name("Số liệu").unwrap();
    ws.write_string(0, 0, "code").unwrap();
    ws.write_string(0, 1, "met_count").unwrap();
    ws.write_string(1, 0, "001").unwrap();
    ws.write_number(1, 1, 19.0).unwrap();
    wb.save(&path).unwrap();
    let Table::Criteria(t) = read_path(&path, &ReadOptions::criteria(19).sheet("so lieu")).unwrap() else { panic!() };
    assert_eq!((t.rows[0].code.as_str(), t.rows[0].met_count), ("001", 19));
    let e = read_path(&path, &ReadOptions::criteria(19).sheet("Số liệuu")).unwrap_err();
    assert_eq!(kinds(&e), [(None, "sheet".to_string(), "no_such_sheet".to_string())]);
    assert!(e.to_string().contains("did you mean \"Số liệu\""), "{e}");
    // The first sheet has no header: said once.
    let e = read_path(&path, &ReadOptions::criteria(19)).unwrap_err();
    assert_eq!(kinds(&e), [(None, "sheet".to_string(), "header_not_found".to_string())]);
}

#[test]
fn criterion_columns_and_typed_cells() {
    let path = tmp("criteria.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["Mã xã", "TC1", "Tiêu chí 2", "Số tiêu chí đạt"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "A").unwrap();
    ws.write_boolean(1, 1, true).unwrap();
    ws.write_string(1, 2, "Đạt").unwrap();
    ws.write_number(1, 3, 2.0).unwrap();
    ws.write_string(2, 0, "B").unwrap();
    ws.write_string(2, 1, "x").unwrap();
    ws.write_number(2, 3, 1.0).unwrap();
    ws.write_string(2, 5, "stray").unwrap();
    wb.save(&path).unwrap();
    let e = read_path(&path, &ReadOptions::criteria(2)).unwrap_err();
    assert_eq!(kinds(&e), [(Some(3), "record".to_string(), "cell_outside_columns".to_string())]);
    assert!(e.to_string().contains("column F"), "{e}");
}

/// A zip holding one entry.
fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, data) in entries {
        w.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn refused(bytes: &[u8], name: &str) -> Vec<String> {
    let e = excel::source_of_bytes(bytes, name, &ReadOptions::criteria(19)).unwrap_err();
    e.problems().iter().map(|p| p.kind.to_string()).collect()
}

#[test]
fn a_huge_shared_string_table_is_refused_before_it_is_read() {
    let sst = br#"<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="100000000000" uniqueCount="100000000000"><si><t>a</t></si></sst>"#;
    let bytes = zip_of(&[("xl/workbook.xml", b"<workbook/>"), ("xl/sharedStrings.xml", sst)]);
    assert_eq!(refused(&bytes, "bomb.xlsx"), ["too_many_strings"]);
}

#[test]
fn a_zip_bomb_is_refused_before_it_is_inflated() {
    // 300 MiB of zeros compress to about 300 KiB: over the entry limit (256 MiB).
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    w.start_file("xl/workbook.xml", zip::write::SimpleFileOptions::default()).unwrap();
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..300 {
        w.write_all(&zeros).unwrap();
    }
    let bytes = w.finish().unwrap().into_inner();
    assert!(bytes.len() < 2 << 20, "{}", bytes.len());
    assert_eq!(refused(&bytes, "bomb.xlsx"), ["zip_bomb"]);
}

#[test]
fn an_ods_claiming_millions_of_cells_is_refused_before_it_is_laid_out() {
    // 6000 rows repeated, each a value repeated across 16384 columns: 98 million cells from a
    // file of under a kilobyte.
    let content = br#"<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"><office:body><office:spreadsheet><table:table table:name="S"><table:table-row table:number-rows-repeated="6000"><table:table-cell table:number-columns-repeated="16384" office:value-type="float" office:value="1"/></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#;
    let bytes = zip_of(&[("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"), ("content.xml", content)]);
    assert_eq!(refused(&bytes, "bomb.ods"), ["too_many_cells"]);
}

fn refused_within(bytes: &[u8], name: &str, limits: &excel::Limits) -> Vec<String> {
    let e = excel::source_of_bytes_within(bytes, name, &ReadOptions::criteria(19), limits).unwrap_err();
    e.problems().iter().map(|p| format!("{}: {}", p.kind, p.msg)).collect()
}

#[test]
fn a_file_over_the_size_limit_is_refused_before_it_is_read() {
    let path = tmp("huge.xlsx");
    let f = std::fs::File::create(&path).unwrap();
    f.set_len(excel::LIMITS.file_bytes + 1).unwrap(); // sparse: no disk used, nothing read
    let e = excel::source_of_path(&path, &ReadOptions::criteria(19)).unwrap_err();
    assert_eq!(e.problems()[0].kind, "too_large", "{e}");
    std::fs::remove_file(&path).unwrap();
}

#[test]
fn each_zip_limit_is_checked() {
    let small = zip_of(&[("xl/workbook.xml", b"<workbook/>"), ("a", &[7u8; 600]), ("b", &[9u8; 600])]);
    // Too many entries.
    let kinds = refused_within(&small, "t.xlsx", &excel::Limits { entries: 2, ..excel::LIMITS });
    assert!(kinds[0].starts_with("zip_bomb: 3 files inside (at most 2)"), "{kinds:?}");
    // Too many bytes in all entries together (each one under the entry limit).
    let total = excel::Limits { total_bytes: 1_000, entry_bytes: 700, ..excel::LIMITS };
    let kinds = refused_within(&small, "t.xlsx", &total);
    assert!(kinds[0].starts_with("zip_bomb: the files inside decompress to more than 1000 bytes"), "{kinds:?}");
    // An entry over 1 MiB compressed more than 200 times (under the 256 MiB entry limit).
    let packed = zip_of(&[("xl/workbook.xml", b"<workbook/>"), ("xl/worksheets/sheet1.xml", &vec![b' '; 4 << 20])]);
    let kinds = refused_within(&packed, "packed.xlsx", &excel::LIMITS);
    assert!(kinds[0].starts_with("zip_bomb: xl/worksheets/sheet1.xml claims 4194304 bytes from"), "{kinds:?}");
}

#[test]
fn an_xlsx_sheet_over_the_cell_limit_is_refused_while_it_is_streamed() {
    let dir = tmp("cells");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("cells.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write(0, 0, "code").unwrap();
    ws.write(0, 1, "met_count").unwrap();
    for r in 1..=6u32 {
        ws.write(r, 0, format!("{r:03}")).unwrap();
        ws.write(r, 1, 19).unwrap();
    }
    wb.save(&path).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    // 14 cells: read within the default limits, refused within 10.
    assert!(excel::source_of_bytes(&bytes, "cells.xlsx", &ReadOptions::criteria(19)).is_ok());
    let kinds = refused_within(&bytes, "cells.xlsx", &excel::Limits { cells: 10, ..excel::LIMITS });
    assert_eq!(kinds, ["too_many_cells: the sheet has more than 10 cells with values"]);
}

/// An `.xls` (an OLE container with a Workbook stream of BIFF records).
fn xls_of(records: &[(u16, Vec<u8>)]) -> Vec<u8> {
    let mut c = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
    {
        let mut s = c.create_stream("Workbook").unwrap();
        for (kind, body) in records {
            s.write_all(&kind.to_le_bytes()).unwrap();
            s.write_all(&(body.len() as u16).to_le_bytes()).unwrap();
            s.write_all(body).unwrap();
        }
    }
    c.flush().unwrap();
    c.into_inner().into_inner()
}

#[test]
fn an_xls_sheet_claiming_millions_of_rows_is_refused_before_it_is_reserved() {
    let bof = (0x0809u16, vec![0u8; 16]);
    let eof = (0x000Au16, Vec::new());
    // DIMENSIONS: rows 0..4_000_000_000, columns 0..200.
    let mut dims = Vec::new();
    dims.extend_from_slice(&0u32.to_le_bytes());
    dims.extend_from_slice(&4_000_000_000u32.to_le_bytes());
    dims.extend_from_slice(&0u16.to_le_bytes());
    dims.extend_from_slice(&200u16.to_le_bytes());
    dims.extend_from_slice(&0u16.to_le_bytes());
    let bytes = xls_of(&[bof.clone(), eof.clone(), bof.clone(), (0x0200, dims), eof.clone()]);
    assert_eq!(refused(&bytes, "bomb.xls"), ["too_many_cells"]);
    // Two cells at opposite corners: a range of 65536 × 256 cells.
    let blank = |r: u16, c: u16| {
        let mut b = Vec::new();
        b.extend_from_slice(&r.to_le_bytes());
        b.extend_from_slice(&c.to_le_bytes());
        b.extend_from_slice(&0u16.to_le_bytes());
        (0x0201u16, b)
    };
    let bytes = xls_of(&[bof.clone(), eof.clone(), bof, blank(0, 0), blank(65535, 255), eof]);
    assert_eq!(refused(&bytes, "corners.xls"), ["too_many_cells"]);
}

#[test]
fn files_that_are_not_workbooks_say_what_they_are() {
    assert_eq!(refused(b"code,met_count\n001,19\n", "t.xlsx"), ["not_a_workbook"]);
    let e = excel::source_of_bytes(b"code,met_count\n", "t.xlsx", &ReadOptions::criteria(19)).unwrap_err();
    assert!(e.to_string().contains("rename it .csv"), "{e}");
    assert_eq!(refused(&zip_of(&[("a.txt", b"x")]), "t.xlsx"), ["not_a_workbook"]);
}

/// One table saved by LibreOffice as `.xlsx`, `.ods` and `.xls` (tools/make_workbooks.py): the
/// three read the same, with cells shown as percentages read as shown in every format.
#[test]
fn the_three_formats_of_one_table_read_the_same() {
    use ntm_criteria::Value::{Missing, Number, Pair, Verdict};
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("bad_input/ok");
    let set = CriteriaSet::bundled("2016-2020").unwrap();
    let at = |t: &ntm_criteria::IndicatorTable, row: usize, id: &str| {
        t.values(row).unwrap()[set.indicator_index(id).unwrap()]
    };
    // The values as the sheet shows them, typed by hand.
    let want = [
        [Number(38.5), Number(92.0), Pair(92.5, 48.0), Verdict(true)],
        [Number(36.0), Number(85.0), Pair(90.0, 50.0), Verdict(false)],
        [Number(250.0), Number(100.0), Missing, Verdict(true)],
        [Missing, Number(100.0), Pair(95.0, 55.0), Verdict(true)],
    ];
    for ext in ["xlsx", "ods", "xls"] {
        let Table::Indicators(t) =
            read_path(root.join(format!("office.{ext}")), &ReadOptions::indicators(set)).unwrap()
        else {
            panic!()
        };
        assert_eq!(
            t.records().iter().map(|r| r.code.as_str()).collect::<Vec<_>>(),
            ["05992", "05995", "06001", "06004"],
            "{ext}"
        );
        assert_eq!(t.records()[1].line, 5, "{ext}: rows are the sheet's rows");
        for (row, w) in want.iter().enumerate() {
            let got = [at(&t, row, "10"), at(&t, row, "4.2"), at(&t, row, "17.1"), at(&t, row, "1.1")];
            assert_eq!(&got, w, "{ext} row {row}");
        }
        assert!(t.profiles_are(Region::NorthernMidlandsMountains), "{ext}");
    }
}

trait Profiles {
    fn profiles_are(&self, r: Region) -> bool;
}

impl Profiles for ntm_criteria::IndicatorTable {
    fn profiles_are(&self, r: Region) -> bool {
        (0..self.len()).all(|i| self.profile(i).and_then(|p| p.region) == Some(r))
    }
}

/// An `.xlsx` of one sheet (`Biểu 01`) whose XML is `sheet_data` inside `<worksheet>`.
fn xlsx_of_sheet(sheet_data: &str) -> Vec<u8> {
    const MAIN: &str = "http://schemas.openxmlformats.org";
    let types = format!(
        r#"<Types xmlns="{MAIN}/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#
    );
    let rels = format!(
        r#"<Relationships xmlns="{MAIN}/package/2006/relationships"><Relationship Id="rId1" Type="{MAIN}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
    );
    let workbook = format!(
        r#"<workbook xmlns="{MAIN}/spreadsheetml/2006/main" xmlns:r="{MAIN}/officeDocument/2006/relationships"><sheets><sheet name="Biểu 01" sheetId="1" r:id="rId1"/></sheets></workbook>"#
    );
    let workbook_rels = format!(
        r#"<Relationships xmlns="{MAIN}/package/2006/relationships"><Relationship Id="rId1" Type="{MAIN}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#
    );
    let sheet = format!(r#"<worksheet xmlns="{MAIN}/spreadsheetml/2006/main">{sheet_data}</worksheet>"#);
    zip_of(&[
        ("[Content_Types].xml", types.as_bytes()),
        ("_rels/.rels", rels.as_bytes()),
        ("xl/workbook.xml", workbook.as_bytes()),
        ("xl/_rels/workbook.xml.rels", workbook_rels.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet.as_bytes()),
    ])
}

/// A sheet with the header `code, met_count` and commune X, whose count is in the cell at `at`.
fn count_at(at: &str, row: &str, dimension: &str) -> Vec<u8> {
    let header = r#"<row r="1"><c r="A1" t="inlineStr"><is><t>code</t></is></c><c r="B1" t="inlineStr"><is><t>met_count</t></is></c></row>"#;
    xlsx_of_sheet(&format!(
        r#"<dimension ref="{dimension}"/><sheetData>{header}<row r="{row}"><c r="A2" t="inlineStr"><is><t>X</t></is></c><c r="{at}"><v>17</v></c></row></sheetData>"#
    ))
}

#[test]
fn a_cell_position_past_any_sheet_is_refused_not_wrapped_into_one() {
    let read = |bytes: Vec<u8>| {
        let s = excel::source_of_bytes(&bytes, "t.xlsx", &ReadOptions::criteria(19))?;
        ntm_criteria::input::read_source(s, &ReadOptions::criteria(19))
    };
    let counts = |t: Table| -> Vec<(String, u32)> {
        match t {
            Table::Criteria(t) => t.rows.iter().map(|r| (r.code.clone(), r.met_count)).collect(),
            other => panic!("{other:?}"),
        }
    };
    let want: Vec<(String, u32)> = vec![("X".into(), 17)];
    assert_eq!(counts(read(count_at("B2", "2", "A1:B2")).unwrap()), want);
    // Leading zeros and lower case are the same cell (calamine reads them so).
    assert_eq!(counts(read(count_at("b000002", "0002", "A1:B2")).unwrap()), want);
    // 2^32 + 2 in letters: calamine's 32-bit arithmetic wraps it to column B (a panic in a debug
    // build); it is outside any sheet, and refused with its place.
    // Letters that overflow before a character calamine refuses (found by the fuzz target).
    let cases = [("MWLQKWX2", "2", "A1:B2"), ("B2", "99999999999", "A1:B2"), ("B2", "2", "A1:ZZZZZZZZ9")];
    let duplicated = r#"B2" r="MWLQKWX2"#; // calamine keeps the last of two `r`
    for (at, row, dim) in cases.into_iter().chain([("Iorksheet xmlns=", "2", "A1:B2"), (duplicated, "2", "A1:B2")]) {
        let e = read(count_at(at, row, dim)).unwrap_err();
        let p = &e.problems()[0];
        assert_eq!(p.kind.as_str(), "too_many_cells", "{e}");
        assert!(p.msg.starts_with("xl/worksheets/sheet1.xml: the position"), "{e}");
        assert!(p.msg.contains("is outside any sheet (columns go to XFD, rows to 1048576)"), "{e}");
    }
    // The last cell of a sheet is within it.
    assert!(read(count_at("B2", "2", "A1:XFD1048576")).is_ok());
    // A dimension that ends before it starts: calamine subtracts its corners (another overflow
    // the fuzz target found).
    let e = read(count_at("B2", "2", "B2:A1")).unwrap_err();
    assert_eq!(e.problems()[0].kind.as_str(), "not_a_workbook", "{e}");
    assert!(e.problems()[0].msg.contains(r#"the position "B2:A1" ends before it starts"#), "{e}");
}
