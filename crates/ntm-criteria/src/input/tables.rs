//! The end of a file door: a [`Read`] into a [`CommuneTable`] or an [`IndicatorTable`].

use crate::communes::{CommuneRecord, CommuneTable, IndicatorTable};
use crate::error::Result;
use crate::input::cell::read_text;
use crate::input::header::Role;
use crate::input::read::distinct;
use crate::input::{Read, ReadOptions, Table};
use crate::mask::CriteriaMask;
use crate::region::{CommuneGroup, Region};

/// The text of every row of a column (NFC, trimmed), read per distinct cell; no rows when the
/// column is absent.
fn texts(read: &Read<'_>, col: Option<usize>) -> Vec<String> {
    let rows = read.source.rows;
    let Some(c) = col else { return Vec::new() }; // `records` fills the rows with empty texts
    let d = distinct(&read.source.columns[c].data);
    let lut: Vec<String> = d.cells.iter().map(|cell| read_text(cell.as_cell()).unwrap_or_default()).collect();
    (0..rows).map(|r| d.code(r).map(|k| lut[k].clone()).unwrap_or_default()).collect()
}

/// One record per row (the texts of each column are moved into the records, not copied: a
/// file of half a million communes holds each text once).
fn records(read: &Read<'_>) -> Vec<CommuneRecord> {
    let rows = read.source.rows;
    let col = |role| read.plan.column(role);
    let mut codes = texts(read, read.id).into_iter();
    let mut names = texts(read, col(Role::Name)).into_iter();
    let mut commune_codes = texts(read, col(Role::CommuneCode)).into_iter();
    let mut communes = texts(read, col(Role::Commune)).into_iter();
    let mut district_codes = texts(read, col(Role::DistrictCode)).into_iter();
    let mut districts = texts(read, col(Role::District)).into_iter();
    let mut provinces = texts(read, col(Role::Province)).into_iter();
    let mut out = Vec::with_capacity(rows);
    let key = |v: &Option<Vec<u8>>, r: usize| v.as_ref().and_then(|v| v.get(r).copied());
    let next = |it: &mut std::vec::IntoIter<String>| it.next().unwrap_or_default();
    for r in 0..rows {
        let criteria = read.criteria.as_ref();
        out.push(CommuneRecord {
            code: next(&mut codes),
            name: next(&mut names),
            commune_code: next(&mut commune_codes),
            commune: next(&mut communes),
            district_code: next(&mut district_codes),
            district: next(&mut districts),
            province: next(&mut provinces),
            region: key(&read.keys.region, r).and_then(|k| Region::from_index(k as usize)),
            commune_group: key(&read.keys.group, r).and_then(|k| CommuneGroup::ALL.get(k as usize).copied()),
            disadvantaged: read.keys.flags.as_ref().is_some_and(|f| f[r]),
            met: criteria.and_then(|c| c.met[r]),
            not_assessed: criteria.map_or(CriteriaMask::EMPTY, |c| c.not_assessed[r]),
            met_count: criteria.map_or(0, |c| c.counts[r]),
            recognition: read.recognition.as_ref().map(|v| v[r].clone()).unwrap_or_default(),
            line: read.source.row_numbers.of(r) as u64,
        });
    }
    out
}

/// The passthrough columns' names (canonical for the table's own columns, as typed for those
/// kept on request) and the values of the kept ones.
fn passthrough(read: &Read<'_>) -> (Vec<String>, Vec<(String, Vec<String>)>) {
    let mut names = Vec::new();
    let mut kept = Vec::new();
    for &c in &read.plan.passthrough {
        let header = read.source.columns[c].name.trim().to_string();
        match read.plan.roles[c].and_then(Role::canonical) {
            Some(canonical) => names.push(canonical.to_string()),
            None => {
                names.push(header.clone());
                kept.push((header, texts(read, Some(c))));
            }
        }
    }
    (names, kept)
}

/// The table of a read: criterion-level without a set, indicator-level with one.
pub(crate) fn table(read: Read<'_>, options: &ReadOptions<'_>, _name: &str) -> Result<Table> {
    let rows = records(&read);
    let (passthrough, kept) = passthrough(&read);
    let requires = options.set.and_then(|s| s.requires()).map(|r| r.level);
    let communes =
        CommuneTable { criteria_count: read.criteria_count, rows, passthrough, kept, unit: options.unit, requires };
    let Some(set) = options.set else { return Ok(Table::Criteria(communes)) };
    let profiles = (0..read.source.rows).map(|r| read.keys.profile(r)).collect();
    let columns = read.indicators.into_iter().map(crate::input::IndicatorColumn::into_owned).collect();
    Ok(Table::Indicators(IndicatorTable::from_parts(communes, set, columns, profiles)))
}
