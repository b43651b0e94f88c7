//! The workbook door on untrusted bytes: `input::excel::source_of_bytes` (the limits, the format
//! sniffing, calamine, the cell and header rules) then the input layer, criterion level and
//! against the 2016-2020 set. The first byte, modulo 3, picks the shape:
//!
//! - 0: the rest as a file, whatever it is (an `.xls` container is not compressed, so byte
//!   mutations reach its records; a zip is mostly refused early, which must be a typed error);
//! - 1: the rest split at `0xFF` bytes into a sheet's XML, a shared-strings table and a styles
//!   part (each left out when empty), zipped (stored, not compressed) into an `.xlsx` around a
//!   fixed workbook, so that mutations reach calamine's XML reading and this library's header
//!   and cell rules;
//! - 2: the rest as the `content.xml` of an `.ods` (stored), for the `.ods` reader and its
//!   limits (repeated rows and columns, percentages).
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
const ODS_MANIFEST: &str = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#;

/// A zip of the given entries, stored.
fn zip_of<'a>(entries: impl IntoIterator<Item = (&'a str, &'a [u8])>) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, bytes) in entries {
        zip.start_file(name, stored).expect("an entry starts");
        zip.write_all(bytes).expect("an entry is written");
    }
    zip.finish().expect("the zip is written").into_inner()
}

/// An `.ods` around the given content.
fn ods(content: &[u8]) -> Vec<u8> {
    let mimetype = b"application/vnd.oasis.opendocument.spreadsheet";
    zip_of([("mimetype", &mimetype[..]), ("META-INF/manifest.xml", ODS_MANIFEST.as_bytes()), ("content.xml", content)])
}

/// An `.xlsx` around the given sheet, shared strings and styles.
fn xlsx(parts: &[&[u8]]) -> Vec<u8> {
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
    zip_of(fixed.into_iter().chain(fuzzed))
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
    let bytes = match sel % 3 {
        0 => rest.to_vec(),
        1 => xlsx(&rest.split(|&b| b == 0xFF).collect::<Vec<_>>()),
        _ => ods(rest),
    };
    read(&bytes, &ReadOptions::criteria(19));
    read(&bytes, &ReadOptions::indicators(set()).defaults(Profile::region(Region::NorthernMidlandsMountains)));
});
