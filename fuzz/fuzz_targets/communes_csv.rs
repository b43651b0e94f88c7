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
