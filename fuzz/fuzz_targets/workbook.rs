//! The workbook door on untrusted bytes: `input::excel::source_of_bytes` (the limits, the format
//! sniffing, calamine, the cell and header rules) then the input layer, criterion level and
//! against the 2016-2020 set. The first byte picks the shape:
//!
//! - even: the rest as a file, whatever it is (an `.xls` container is not compressed, so byte
//!   mutations reach its records; a zip is mostly refused early, which must be a typed error);
//! - odd: the rest split at `0xFF` bytes into a sheet's XML, a shared-strings table and a
//!   styles part (each left out when empty), zipped (stored, not compressed) into an `.xlsx`
//!   around a fixed workbook, so that mutations reach calamine's XML reading and this library's
//!   header and cell rules.
//!
//! Beyond "never panic": a table that loads has unique, non-empty codes, met-counts within its
//! criteria, and an indicator table assesses without error.
#![no_main]

use std::io::Write;

use libfuzzer_sys::fuzz_target;
use ntm_criteria::input::{self, ReadOptions, Table, excel};
use ntm_criteria::{CriteriaSet, Profile, Region};

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>"#;
const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Biểu 01" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#;

/// An `.xlsx` around the given sheet, shared strings and styles (each entry stored).
fn xlsx(parts: &[&[u8]]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let fixed = [
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", RELS.as_bytes()),
        ("xl/workbook.xml", WORKBOOK.as_bytes()),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.as_bytes()),
    ];
    // The sheet always; the shared strings and styles when given (an empty part is left out, as
    // a workbook without shared strings has none).
    let fuzzed = ["xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/styles.xml"];
    let fuzzed = fuzzed.into_iter().zip(parts.iter().copied().chain(std::iter::repeat(&b""[..])));
    let fuzzed = fuzzed.enumerate().filter(|(i, (_, b))| *i == 0 || !b.is_empty()).map(|(_, p)| p);
    for (name, bytes) in fixed.into_iter().chain(fuzzed) {
        zip.start_file(name, stored).expect("an entry starts");
        zip.write_all(bytes).expect("an entry is written");
    }
    zip.finish().expect("the zip is written").into_inner()
}

fn set() -> &'static CriteriaSet {
    CriteriaSet::bundled("2016-2020").expect("bundled")
}

/// The table `options` reads from the workbook, when it reads; checked as every table is.
fn read(bytes: &[u8], options: &ReadOptions<'_>) {
    let Ok(source) = excel::source_of_bytes(bytes, "fuzz.xlsx", options) else { return };
    match input::read_source(source, options) {
        Ok(Table::Criteria(t)) => {
            let mut codes: Vec<&str> = t.rows.iter().map(|r| r.code.as_str()).collect();
            assert!(codes.iter().all(|c| !c.is_empty()), "an empty code in a valid table");
            codes.sort_unstable();
            let n = codes.len();
            codes.dedup();
            assert_eq!(codes.len(), n, "duplicate codes in a valid table");
            assert!(t.rows.iter().all(|r| r.met_count <= t.criteria_count));
        }
        Ok(Table::Indicators(t)) => {
            t.assess(set()).expect("a table that loads assesses");
        }
        Err(_) => {}
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&sel, rest)) = data.split_first() else { return };
    let bytes = if sel % 2 == 0 { rest.to_vec() } else { xlsx(&rest.split(|&b| b == 0xFF).collect::<Vec<_>>()) };
    read(&bytes, &ReadOptions::criteria(19));
    read(&bytes, &ReadOptions::indicators(set()).defaults(Profile::region(Region::NorthernMidlandsMountains)));
});
