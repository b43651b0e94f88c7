//! The sheets of a set workbook → the parts of a `SetFile` (the indicators are in
//! `indicators.rs`), each value's place recorded for the validation's problems.

use std::collections::BTreeMap;

use super::read::{Loc, Reader, Row, Table};
use super::{
    BANDING, BANDING_COLS, CRITERIA, CRITERIA_COLS, DETAIL_COLS, DETAILS, FIELDS, GROUP_COLS, GROUPS, SET, SET_COLS,
    SOURCE_COLS, SOURCES, indicators, keys_of,
};
use crate::assessed::AssessedUnit;
use crate::band::Band;
use crate::catalog::{Criterion, Dimension, Group, SetFile, ThresholdCell, Verified};
use crate::communes::RecognitionLevel;
use crate::input::cell::{Cell, read_text, read_whole};
use crate::input::excel::Grid;
use crate::kind::ProblemKind;
use crate::region::Region;
use crate::text::{did_you_mean, fold, key, suggest};

/// The indicator ids a criterion lists (sheet Tiêu chí), and where.
pub(super) struct Listing {
    pub ids: Vec<String>,
    pub loc: Loc,
}

/// The set file a workbook holds, as far as it can be read; the reader has the problems.
pub(super) fn set_file(rd: &mut Reader, grids: &[Grid]) -> SetFile {
    let mut file = SetFile {
        format: 0,
        id: String::new(),
        decision: String::new(),
        decision_date: String::new(),
        effective: None,
        valid_from: 0,
        valid_to: 0,
        title_vi: String::new(),
        title_en: String::new(),
        based_on: None,
        criteria_count: 0,
        dimension: Dimension::None,
        unit: AssessedUnit::Commune,
        level: None,
        aliases: Vec::new(),
        requires: None,
        recognition_valid_years: None,
        amendments: Vec::new(),
        disadvantaged_uses: None,
        groups: Vec::new(),
        banding: None,
        sources: BTreeMap::new(),
        notes: Vec::new(),
        criteria: Vec::new(),
    };
    let dimension_known = meta(rd, grids, &mut file);
    file.sources = sources(rd, grids);
    file.groups = groups(rd, grids);
    file.banding = banding(rd, grids);
    let listing = criteria(rd, grids, &mut file);
    let typed = indicators::read(rd, grids, &mut file, &listing, dimension_known);
    if dimension_known {
        details(rd, grids, &mut file);
    }
    let note = super::unsourced_note(&rd.file_name);
    for (c, i, key) in typed {
        if let Some(cell) = file.criteria[c].indicators[i].thresholds.get_mut(key) {
            cell.note = Some(match cell.note.take() {
                Some(n) => format!("{n}; {note}"),
                None => note.clone(),
            });
        }
    }
    file
}

/// A list typed in one cell: `S1, S2`, `1; 2; 3` (commas, semicolons or line breaks).
pub(super) fn list(text: Option<String>) -> Vec<String> {
    let text = text.unwrap_or_default();
    text.split([',', ';', '\n']).map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect()
}

/// A whole number in `0..=max`; a problem (and `None`) when it is not one, or is empty and `required`.
fn whole(rd: &mut Reader, loc: &Loc, cell: Cell<'_>, max: u32, required: bool) -> Option<u32> {
    match read_whole(cell, max) {
        Ok(Some(v)) => Some(v),
        Ok(None) => {
            if required {
                rd.problem(loc, ProblemKind::Missing, "the value is empty", None);
            }
            None
        }
        Err(issue) => {
            rd.issue(loc, issue, cell);
            None
        }
    }
}

/// Sheet Bộ tiêu chí: the set's fields; whether its dimension is known.
fn meta(rd: &mut Reader, grids: &[Grid], file: &mut SetFile) -> bool {
    let Some(grid) = rd.sheet(grids, SET, true) else { return false };
    let Some(t) = rd.table(grid, &SET_COLS, &["field", "value"], false) else { return false };
    let mut seen: BTreeMap<&str, u32> = BTreeMap::new();
    let mut dimension_known = false;
    for row in t.rows() {
        let Some(name) = row.text(t.col("field")) else {
            if let Some(v) = row.text(t.col("value")) {
                rd.problem(&t.loc(row.number, "field"), ProblemKind::Empty, "a value without a field name", Some(v));
            }
            continue;
        };
        let Some(&(field, _)) = FIELDS.iter().find(|(f, _)| key(f) == key(&name)) else {
            let candidates: Vec<(String, &str)> = FIELDS.iter().map(|(f, _)| (fold(f), *f)).collect();
            let msg = format!("not a field of a set{}", did_you_mean(&suggest(&name, &candidates, 3)));
            rd.problem(&t.loc(row.number, "field"), ProblemKind::UnknownField, msg, Some(name));
            continue;
        };
        let loc = t.loc(row.number, "value");
        if field != "notes" && field != "amendments" {
            if let Some(first) = seen.insert(field, row.number) {
                let msg = format!("{field} is given twice (first in row {first})");
                rd.problem(&t.loc(row.number, "field"), ProblemKind::DuplicateEntry, msg, Some(name));
                continue;
            }
            rd.at(field.to_string(), loc.clone());
        }
        dimension_known |= meta_field(rd, file, field, row.cell(t.col("value")), &loc);
    }
    let optional = [
        "effective",
        "based_on",
        "unit",
        "disadvantaged_uses",
        "notes",
        "level",
        "aliases",
        "requires",
        "recognition_valid_years",
        "amendments",
    ];
    for (field, _) in FIELDS.iter().filter(|(f, _)| !optional.contains(f) && !seen.contains_key(f)) {
        let loc = Loc::sheet(&grid.sheet, "field");
        rd.problem(&loc, ProblemKind::MissingField, format!("no row for the field {field}"), None);
        rd.at(field.to_string(), loc); // the validation's problem with the default is this one
    }
    dimension_known
}

/// One field of sheet Bộ tiêu chí; true when it is a dimension that was read.
fn meta_field(rd: &mut Reader, file: &mut SetFile, field: &str, cell: Cell<'_>, loc: &Loc) -> bool {
    let text = read_text(cell);
    match field {
        "format" => file.format = whole(rd, loc, cell, u32::MAX, true).unwrap_or(1),
        "valid_from" => file.valid_from = whole(rd, loc, cell, 9999, true).unwrap_or(0) as u16,
        "valid_to" => file.valid_to = whole(rd, loc, cell, 9999, true).unwrap_or(0) as u16,
        "criteria_count" => file.criteria_count = whole(rd, loc, cell, u32::MAX, true).unwrap_or(1),
        "id" => file.id = text.unwrap_or_default(),
        "decision" => file.decision = text.unwrap_or_default(),
        "decision_date" => file.decision_date = text.unwrap_or_default(),
        "title_vi" => file.title_vi = text.unwrap_or_default(),
        "title_en" => file.title_en = text.unwrap_or_default(),
        "effective" => file.effective = text,
        "based_on" => file.based_on = text,
        "notes" => file.notes.extend(text),
        "aliases" => file.aliases = list(text),
        "recognition_valid_years" => file.recognition_valid_years = whole(rd, loc, cell, 50, false).map(|v| v as u16),
        "level" => match text.as_deref().map(RecognitionLevel::parse) {
            Some(Ok(l)) => file.level = Some(l),
            Some(Err(e)) => rd.problem(loc, ProblemKind::UnknownRecognition, e.to_string(), text),
            None => {}
        },
        "requires" => file.requires = json_field(rd, loc, text),
        "amendments" => file.amendments.extend(json_field(rd, loc, text)),
        "unit" => match text.as_deref().map(AssessedUnit::parse) {
            Some(Ok(u)) => file.unit = u,
            Some(Err(_)) => rd.problem(loc, ProblemKind::UnknownUnit, "expected commune (xã) or village (thôn)", text),
            None => {}
        },
        "disadvantaged_uses" => match text.as_deref().map(Region::parse) {
            Some(Ok(r)) => file.disadvantaged_uses = Some(r),
            Some(Err(e)) => rd.problem(loc, ProblemKind::UnknownRegion, e.to_string(), text),
            None => {}
        },
        "dimension" => {
            let dim = text
                .as_deref()
                .and_then(|t| serde_json::from_value(serde_json::Value::String(key(t).replace(' ', "_"))).ok());
            match dim {
                Some(d) => {
                    file.dimension = d;
                    return true;
                }
                None => {
                    let msg = "expected region (vùng), commune_group (nhóm xã) or none";
                    rd.problem(loc, ProblemKind::UnknownDimension, msg, text);
                }
            }
        }
        _ => {}
    }
    false
}

/// A structured field typed as JSON in one cell (`requires`, an amendment); a `schema` problem
/// naming the cell when it does not parse.
fn json_field<T: serde::de::DeserializeOwned>(rd: &mut Reader, loc: &Loc, text: Option<String>) -> Option<T> {
    let text = text?;
    match serde_json::from_str(&text) {
        Ok(v) => Some(v),
        Err(e) => {
            rd.problem(loc, ProblemKind::Schema, format!("expected a JSON object: {e}"), Some(text));
            None
        }
    }
}

/// Sheet Nguồn: source id → URL or citation.
fn sources(rd: &mut Reader, grids: &[Grid]) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let Some(grid) = rd.sheet(grids, SOURCES, true) else { return out };
    let Some(t) = rd.table(grid, &SOURCE_COLS, &["id", "text"], false) else { return out };
    for row in t.rows() {
        let loc = t.loc(row.number, "id");
        match row.text(t.col("id")) {
            None => rd.problem(&loc, ProblemKind::Empty, "a source without its id", row.text(t.col("text"))),
            Some(id) if out.contains_key(&id) => {
                rd.problem(&loc, ProblemKind::DuplicateEntry, "the source id is given twice", Some(id));
            }
            Some(id) => {
                rd.at(format!("sources.{id}"), loc);
                out.insert(id, row.text(t.col("text")).unwrap_or_default());
            }
        }
    }
    out
}

/// Numbers listed in one cell (`1, 2, 3`); a problem for each one that is not a whole number.
fn numbers(rd: &mut Reader, loc: &Loc, text: Option<String>) -> Vec<u32> {
    let mut out = Vec::new();
    for item in list(text) {
        match read_whole(Cell::Text(&item), u32::MAX) {
            Ok(Some(n)) => out.push(n),
            Ok(None) => {}
            Err(issue) => rd.issue(loc, issue, Cell::Text(&item)),
        }
    }
    out
}

/// Sheet Nhóm: the criteria groups.
fn groups(rd: &mut Reader, grids: &[Grid]) -> Vec<Group> {
    let mut out = Vec::new();
    let Some(grid) = rd.sheet(grids, GROUPS, true) else { return out };
    let Some(t) = rd.table(grid, &GROUP_COLS, &["id", "name_vi", "criteria"], false) else { return out };
    for row in t.rows() {
        let g = out.len();
        for (suffix, field) in [("", "id"), (".name_vi", "name_vi"), (".criteria", "criteria")] {
            rd.at(format!("groups[{g}]{suffix}"), t.loc(row.number, field));
        }
        let criteria = numbers(rd, &t.loc(row.number, "criteria"), row.text(t.col("criteria")));
        out.push(Group {
            id: row.text(t.col("id")).unwrap_or_default(),
            name_vi: row.text(t.col("name_vi")).unwrap_or_default(),
            name_en: row.text(t.col("name_en")).unwrap_or_default(),
            criteria,
        });
    }
    out
}

/// Sheet Phân loại, when the workbook has it: the set's own banding.
fn banding(rd: &mut Reader, grids: &[Grid]) -> Option<Vec<Band>> {
    let grid = rd.sheet(grids, BANDING, false)?;
    let t = rd.table(grid, &BANDING_COLS, &["lo", "hi", "label_vi"], false)?;
    let mut bands = Vec::new();
    for row in t.rows() {
        rd.at(format!("banding[{}]", bands.len()), t.loc(row.number, "lo"));
        let lo = whole(rd, &t.loc(row.number, "lo"), row.cell(t.col("lo")), 32, true).unwrap_or(0);
        let hi = whole(rd, &t.loc(row.number, "hi"), row.cell(t.col("hi")), 32, true).unwrap_or(0);
        let label_vi = row.text(t.col("label_vi")).unwrap_or_default();
        let label_en = row.text(t.col("label_en")).unwrap_or_default();
        bands.push(Band { lo, hi, label_vi, label_en });
    }
    rd.at("banding".into(), Loc::sheet(&grid.sheet, "banding"));
    (!bands.is_empty()).then_some(bands)
}

/// Sheet Tiêu chí: the criteria (without their indicators) and the indicator ids each lists.
fn criteria(rd: &mut Reader, grids: &[Grid], file: &mut SetFile) -> Vec<Listing> {
    let mut listing = Vec::new();
    let Some(grid) = rd.sheet(grids, CRITERIA, true) else { return listing };
    rd.at("criteria".into(), Loc::sheet(&grid.sheet, "criteria"));
    let required = ["number", "name_vi", "indicators"];
    let Some(t) = rd.table(grid, &CRITERIA_COLS, &required, false) else { return listing };
    for row in t.rows() {
        let ci = file.criteria.len();
        let number_loc = t.loc(row.number, "number");
        let number = whole(rd, &number_loc, row.cell(t.col("number")), u32::MAX, true).unwrap_or(0);
        rd.at(format!("criteria[{ci}]"), number_loc);
        for field in ["number", "group", "name_vi", "name_en", "sources"] {
            rd.at(format!("criteria[{ci}].{field}"), t.loc(row.number, field));
        }
        file.criteria.push(criterion(&t, row, number));
        listing.push(Listing { ids: list(row.text(t.col("indicators"))), loc: t.loc(row.number, "indicators") });
    }
    listing
}

fn criterion(t: &Table<'_>, row: Row<'_>, number: u32) -> Criterion {
    Criterion {
        number,
        group: row.text(t.col("group")),
        name_vi: row.text(t.col("name_vi")).unwrap_or_default(),
        name_en: row.text(t.col("name_en")).unwrap_or_default(),
        sources: list(row.text(t.col("sources"))),
        indicators: Vec::new(),
    }
}

/// The position of an indicator in the file: (criterion index, index within it).
fn position(file: &SetFile, id: &str) -> Option<(usize, usize)> {
    file.criteria.iter().enumerate().find_map(|(c, cr)| cr.indicators.iter().position(|i| i.id == id).map(|i| (c, i)))
}

/// Sheet Chi tiết ngưỡng: the note, year and detail of threshold cells.
fn details(rd: &mut Reader, grids: &[Grid], file: &mut SetFile) {
    let Some(grid) = rd.sheet(grids, DETAILS, true) else { return };
    let Some(t) = rd.table(grid, &DETAIL_COLS, &["indicator", "key"], false) else { return };
    let keys = keys_of(file.dimension);
    let mut seen: BTreeMap<(String, &str), u32> = BTreeMap::new();
    for row in t.rows() {
        let id_loc = t.loc(row.number, "indicator");
        let id = row.text(t.col("indicator")).unwrap_or_default();
        let Some((c, i)) = position(file, &id) else {
            rd.problem(&id_loc, ProblemKind::UnknownIndicator, "the set has no such indicator", Some(id));
            continue;
        };
        let Some(k) = indicators::known_key(rd, &t.loc(row.number, "key"), row.text(t.col("key")), &keys) else {
            continue;
        };
        if let Some(first) = seen.insert((id.clone(), k), row.number) {
            let msg = format!("the details of {id} {k} are given twice (first in row {first})");
            rd.problem(&id_loc, ProblemKind::DuplicateEntry, msg, Some(id));
            continue;
        }
        let year_loc = t.loc(row.number, "year");
        let year = whole(rd, &year_loc, row.cell(t.col("year")), u16::MAX as u32, false).map(|y| y as u16);
        let base = format!("criteria[{c}].indicators[{i}].thresholds.{k}");
        for field in ["year", "note", "detail", "relative"] {
            rd.at(format!("{base}.{field}"), t.loc(row.number, field));
        }
        let cell = file.criteria[c].indicators[i].thresholds.entry(k.to_string()).or_insert_with(|| ThresholdCell {
            value: None,
            verified: Verified::False,
            sources: Vec::new(),
            note: None,
            year: None,
            detail: None,
            relative: None,
        });
        cell.year = year;
        cell.note = row.text(t.col("note"));
        cell.detail = row.text(t.col("detail"));
        cell.relative = json_field(rd, &t.loc(row.number, "relative"), row.text(t.col("relative")));
    }
}
