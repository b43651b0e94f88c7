//! The communes CSV loaders (criterion level, and with indicator columns against each bundled
//! set) and the cell parsers, on arbitrary bytes. Beyond "never panic": a table that loads has
//! unique, non-empty codes and assesses without error; a parsed number fits its unit.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ntm_criteria::parse::{parse_cell, parse_number, parse_yes_no};
use ntm_criteria::{Banding, CommuneTable, CriteriaSet, IndicatorTable, Profile, Region, SummaryOptions, Unit};

const UNITS: [Unit; 6] =
    [Unit::Bool, Unit::Percent, Unit::MillionVndPerPersonYear, Unit::M2PerPerson, Unit::Count, Unit::Number];

fuzz_target!(|data: &[u8]| {
    let Some((&sel, csv)) = data.split_first() else { return };
    // Criterion level, for 0..=33 criteria (the loader clamps to 1..=32).
    let n = u32::from(sel % 34);
    if let Ok(t) = CommuneTable::from_csv_reader(csv, "fuzz.csv", n) {
        let mut codes: Vec<&str> = t.rows.iter().map(|r| r.code.as_str()).collect();
        assert!(codes.iter().all(|c| !c.is_empty()));
        codes.sort_unstable();
        let len = codes.len();
        codes.dedup();
        assert_eq!(codes.len(), len, "duplicate codes in a valid table");
        for r in &t.rows {
            assert!(r.met_count <= t.criteria_count);
        }
        let banding = Banding::default_for(t.criteria_count);
        let _ = t.summary(&banding, SummaryOptions::default());
        let _ = t.summary_by(|r| r.district.clone(), &banding, SummaryOptions::default());
    }
    // Line ends (issue 16, finding 1): the same bytes with CR-only (Excel "CSV (Macintosh)") or
    // CRLF line ends give the same communes on the same lines, or are refused too. Quotes that
    // never close (finding 2) must be refused, not swallow the rows after them, whatever the
    // line ends.
    if !csv.contains(&b'\r') {
        let lf = CommuneTable::from_csv_reader(csv, "fuzz.csv", n).map(|t| rows_of(&t));
        for end in [&b"\r"[..], b"\r\n"] {
            let other: Vec<u8> = csv.iter().flat_map(|&b| if b == b'\n' { end.to_vec() } else { vec![b] }).collect();
            let got = CommuneTable::from_csv_reader(&other[..], "fuzz.csv", n).map(|t| rows_of(&t));
            match (&lf, &got) {
                (Ok(a), Ok(b)) => assert_eq!(a, b, "line ends {end:?} changed the table"),
                (Err(_), Err(_)) => {}
                _ => panic!("line ends {end:?}: LF {:?}, other {:?}", lf.as_ref().err(), got.as_ref().err()),
            }
        }
    }
    // With indicator columns, against one of the bundled sets.
    let name = ["2016-2020", "2021-2025", "2026-2030"][usize::from(sel >> 6) % 3];
    let Ok(set) = CriteriaSet::bundled(name) else { return };
    let defaults =
        if sel & 0x20 != 0 { Profile::region(Region::NorthernMidlandsMountains) } else { Profile::default() };
    if let Ok(t) = IndicatorTable::from_csv_reader(csv, "fuzz.csv", set, &defaults) {
        let assessed = t.assess(set);
        assert!(assessed.is_ok(), "a validated table must assess: {assessed:?}");
        let _ = t.summary(set, set.banding(), SummaryOptions::default());
    }
    // The cell parsers on the raw text.
    if let Ok(text) = std::str::from_utf8(csv) {
        for cell in text.split([',', ';', '\n']).take(12) {
            for unit in UNITS {
                if let Ok(v) = parse_number(cell, unit) {
                    assert!(v.is_finite() && unit.allows(v), "{cell:?} → {v} in {unit:?}");
                }
            }
            let _ = parse_yes_no(cell);
            for ind in set.indicators().step_by(7).take(8) {
                let _ = parse_cell(cell, ind);
            }
        }
    }
});

/// Code, met-count and line of every row; line ends inside a quoted code read as `\n`.
fn rows_of(t: &CommuneTable) -> Vec<(String, u32, u64)> {
    t.rows.iter().map(|r| (r.code.replace("\r\n", "\n").replace('\r', "\n"), r.met_count, r.line)).collect()
}
