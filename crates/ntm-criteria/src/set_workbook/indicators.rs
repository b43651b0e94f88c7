//! Sheet Chỉ tiêu of a set workbook: one row per indicator, with three columns per key
//! (threshold, sources, verified).

use std::collections::HashMap;

use super::read::{Loc, Reader, Row, Table};
use super::rows::{Listing, list};
use super::{INDICATOR_HEAD, INDICATOR_TAIL, INDICATORS, KeyPart, keys_of};
use crate::catalog::{CellValue, Indicator, RuleKind, SetFile, ThresholdCell, Unit, Verified};
use crate::input::cell::{Cell, ParseIssue, check_number, fmt_number, parse_number, read_flag, read_whole};
use crate::input::excel::Grid;
use crate::kind::ProblemKind;
use crate::text::{did_you_mean, fold, key, suggest};

/// The three columns of one key.
#[derive(Debug, Default, Clone, Copy)]
struct KeyCols {
    key: &'static str,
    value: Option<u32>,
    sources: Option<u32>,
    verified: Option<u32>,
}

/// A threshold typed without a source: (criterion index, indicator index, key).
pub(super) type Typed = (usize, usize, &'static str);

/// One row of the sheet, read.
struct Parsed {
    row: u32,
    criterion: Option<u32>,
    criterion_name: Option<String>,
    ind: Indicator,
    /// Keys whose threshold was typed without a source.
    unsourced: Vec<&'static str>,
}

const UNITS: [Unit; 6] =
    [Unit::Bool, Unit::Percent, Unit::MillionVndPerPersonYear, Unit::M2PerPerson, Unit::Count, Unit::Number];
const RULES: [RuleKind; 7] = RuleKind::ALL;

/// A key of the set typed in a cell (`NMM`, `nmm`, `G1`); a problem with the nearest keys when
/// it is not one.
pub(super) fn known_key(
    rd: &mut Reader,
    loc: &Loc,
    text: Option<String>,
    keys: &[&'static str],
) -> Option<&'static str> {
    let text = text.unwrap_or_default();
    if let Some(k) = keys.iter().find(|k| key(k) == key(&text)) {
        return Some(k);
    }
    let candidates: Vec<(String, &str)> = keys.iter().map(|k| (fold(k), *k)).collect();
    let msg = format!(
        "{text:?} is not a key of this set ({}){}",
        keys.join(", "),
        did_you_mean(&suggest(&text, &candidates, 3))
    );
    rd.problem(loc, ProblemKind::UnknownKey, msg, Some(text));
    None
}

/// The key columns of the sheet: every header that is not a fixed column names a key and a part
/// (`NMM`, `NMM nguồn`, `NMM xác minh`); unknown keys and columns are problems, and so is a key
/// of the set without its columns.
fn key_columns(rd: &mut Reader, t: &Table<'_>, keys: &[&'static str]) -> Vec<KeyCols> {
    let mut out: Vec<KeyCols> = keys.iter().map(|k| KeyCols { key: k, ..KeyCols::default() }).collect();
    for (c, header) in &t.extra {
        let k = key(header);
        let first = k.split(' ').next().unwrap_or("");
        let rest: Vec<&str> = k.split(' ').skip(1).filter(|w| *w != first).collect();
        let loc = t.header_loc(*c, header);
        let Some(part) = KeyPart::of_suffix(&rest.join(" ")) else {
            let fixed: Vec<(String, &str)> =
                INDICATOR_HEAD.iter().chain(&INDICATOR_TAIL).map(|c| (key(c.vi), c.vi)).collect();
            let msg = format!("not a column of this sheet{}", did_you_mean(&suggest(header, &fixed, 3)));
            rd.problem(&loc, ProblemKind::UnknownColumn, msg, Some(header.clone()));
            continue;
        };
        let word = header.split_whitespace().next().unwrap_or("").to_string();
        let Some(kc) = known_key(rd, &loc, Some(word), keys).and_then(|k| out.iter_mut().find(|o| o.key == k)) else {
            continue;
        };
        let slot = match part {
            KeyPart::Value => &mut kc.value,
            KeyPart::Sources => &mut kc.sources,
            KeyPart::Verified => &mut kc.verified,
        };
        if slot.is_some() {
            rd.problem(&loc, ProblemKind::DuplicateColumn, "the column is given twice", Some(header.clone()));
        }
        *slot = Some(*c);
    }
    missing_key_columns(rd, t, &out);
    out
}

/// A key of the set without its threshold column (`national` may be left out), or a threshold
/// column without its sources or verified column.
fn missing_key_columns(rd: &mut Reader, t: &Table<'_>, cols: &[KeyCols]) {
    let loc = Loc { row: Some(t.header_row + 1), ..Loc::sheet(&t.grid.sheet, "header row") };
    for kc in cols {
        let parts = [(KeyPart::Value, kc.value), (KeyPart::Sources, kc.sources), (KeyPart::Verified, kc.verified)];
        for (part, col) in parts {
            let needed = match part {
                KeyPart::Value => kc.key != "national",
                _ => kc.value.is_some(),
            };
            if needed && col.is_none() {
                let msg = format!("no column {:?}: the set has the key {}", part.header(kc.key), kc.key);
                rd.problem(&loc, ProblemKind::MissingColumn, msg, None);
            }
        }
    }
}

/// A unit or a rule by its set-file name (`percent`, `at_least`) or its symbol (`%`, `≥`).
fn parse_named<T: Copy>(text: &str, all: &[T], names: impl Fn(T) -> [&'static str; 2]) -> Option<T> {
    let k = key(text);
    all.iter().copied().find(|x| names(*x).iter().any(|n| !n.is_empty() && key(n) == k))
}

fn unit_of(text: &str) -> Option<Unit> {
    parse_named(text, &UNITS, |u| [u.as_str(), u.symbol()])
}

fn rule_of(text: &str) -> Option<RuleKind> {
    let symbol = |r: RuleKind| match r {
        RuleKind::AtLeast => "≥",
        RuleKind::AtMost => "≤",
        _ => "",
    };
    parse_named(text, &RULES, |r| [r.as_str(), symbol(r)])
}

/// A unit or a rule cell: a problem (of kind `unknown`) when it is empty or unknown.
fn named<T: Copy>(
    rd: &mut Reader,
    loc: &Loc,
    text: Option<String>,
    all: &[T],
    names: fn(T) -> &'static str,
    parse: fn(&str) -> Option<T>,
    unknown: ProblemKind,
) -> Option<T> {
    let (kind, msg) = match text.as_deref().map(parse) {
        Some(Some(v)) => return Some(v),
        Some(None) => (unknown, "unknown"),
        None => (ProblemKind::Missing, "empty"),
    };
    let names: Vec<&str> = all.iter().map(|x| names(*x)).collect();
    rd.problem(loc, kind, format!("{msg}; expected one of {}", names.join(", ")), text);
    None
}

/// The number of a threshold in its unit. A typed fraction in a percent column (0.9) is as
/// ambiguous as the text `0.9` (90%, or 0.9%?) and refused the same way.
fn number(cell: Cell<'_>, unit: Unit) -> Result<f64, ParseIssue> {
    let hint = |mut e: ParseIssue| {
        if e.kind == ProblemKind::NotANumber {
            e.message = format!("{}: write the number alone, without its unit ({})", e.message, unit.as_str());
        }
        e
    };
    match cell {
        Cell::Number(v) if unit == Unit::Percent && v > 0.0 && v < 1.0 => parse_number(&fmt_number(v), unit),
        Cell::Number(v) => check_number(v, unit),
        Cell::Text(t) | Cell::Error(t) => parse_number(t, unit).map_err(hint),
        other => Err(hint(ParseIssue::new(ProblemKind::NotANumber, format!("{} is not a number", other.display())))),
    }
}

/// A threshold's value for its rule: a number, `90 / 50` (`?` for an unknown part), `Đạt`, `Không`.
fn threshold_value(cell: Cell<'_>, unit: Unit, rule: RuleKind) -> Result<Option<CellValue>, ParseIssue> {
    if cell.is_empty() {
        return Ok(None);
    }
    let word = |want: &str| {
        let text = crate::input::cell::read_text(cell).unwrap_or_default();
        if fold(&text) == fold(want) {
            Ok(Some(CellValue::Text(want.to_string())))
        } else {
            let msg = format!("a {} rule takes {want:?} or nothing", rule.as_str());
            Err(ParseIssue::new(ProblemKind::ValueMismatch, msg))
        }
    };
    match rule {
        RuleKind::AtLeast | RuleKind::AtMost => number(cell, unit).map(|v| Some(CellValue::Number(v))),
        // The multiple of a relative threshold (1.5 × a base): a plain number, whatever the unit.
        RuleKind::AtLeastTimes => number(cell, Unit::Number).map(|v| Some(CellValue::Number(v))),
        RuleKind::Achieved | RuleKind::ProvinceDefined => word("Đạt"),
        RuleKind::Absent => word("Không"),
        RuleKind::AtLeastBoth => {
            let shape = || {
                let msg = "two numbers: write them as 90 / 50 (? for an unknown one)";
                ParseIssue::new(ProblemKind::WrongShape, msg)
            };
            let Cell::Text(t) = cell else { return Err(shape()) };
            let parts: Vec<&str> = t.split('/').map(str::trim).collect();
            let [a, b] = parts[..] else { return Err(shape()) };
            let part =
                |p: &str| if p.is_empty() || p == "?" { Ok(None) } else { number(Cell::Text(p), unit).map(Some) };
            Ok(Some(CellValue::Pair(part(a)?, part(b)?)))
        }
    }
}

/// A verified cell: `true`, `partial`, `false` (also `có`, `một phần`, `không`, a typed TRUE/FALSE).
fn verified(cell: Cell<'_>) -> Result<Option<Verified>, ParseIssue> {
    let bad = || ParseIssue::new(ProblemKind::BadVerified, "expected true, partial or false");
    match cell {
        c if c.is_empty() => Ok(None),
        Cell::Bool(b) => Ok(Some(if b { Verified::True } else { Verified::False })),
        Cell::Text(t) => match fold(t).as_str() {
            "true" | "co" | "x" | "1" | "da xac minh" => Ok(Some(Verified::True)),
            "partial" | "mot phan" => Ok(Some(Verified::Partial)),
            "false" | "khong" | "0" | "chua" | "chua xac minh" => Ok(Some(Verified::False)),
            _ => Err(bad()),
        },
        Cell::Number(v) if v == 0.0 || v == 1.0 => Ok(Some(if v == 1.0 { Verified::True } else { Verified::False })),
        _ => Err(bad()),
    }
}

/// The threshold cell of one key in a row, when any of its three columns holds something; the
/// flag says it was typed without a source (and is therefore unsourced).
fn threshold(
    rd: &mut Reader,
    t: &Table<'_>,
    row: Row<'_>,
    kc: &KeyCols,
    ind: &Indicator,
) -> Option<(ThresholdCell, bool)> {
    let (v_cell, ver_cell) = (row.cell(kc.value), row.cell(kc.verified));
    let sources = list(row.text(kc.sources));
    if v_cell.is_empty() && ver_cell.is_empty() && sources.is_empty() {
        return None;
    }
    let at = |col: Option<u32>, part: KeyPart| match col {
        Some(c) => t.loc_at(row.number, c, &part.header(kc.key)),
        None => Loc { row: Some(row.number), ..Loc::sheet(&t.grid.sheet, &part.header(kc.key)) },
    };
    let value = match threshold_value(v_cell, ind.unit, ind.rule) {
        Ok(v) => v,
        Err(issue) => {
            rd.issue(&at(kc.value, KeyPart::Value), issue, v_cell);
            return None;
        }
    };
    let stated = match verified(ver_cell) {
        Ok(v) => v,
        Err(issue) => {
            rd.issue(&at(kc.verified, KeyPart::Verified), issue, ver_cell);
            return None;
        }
    };
    // An empty verified cell: a value with its source is stated by that source; a value without
    // one is unsourced (and gets the note saying so); nothing known is unsourced too.
    let (verified, typed) = match stated {
        Some(v) => (v, false),
        None if value.is_some() && !sources.is_empty() => (Verified::True, false),
        None => (Verified::False, value.is_some()),
    };
    Some((ThresholdCell { value, verified, sources, note: None, year: None, detail: None, relative: None }, typed))
}

/// One row of the sheet; `None` (with its problems) when it has no indicator id.
fn read_row(rd: &mut Reader, t: &Table<'_>, row: Row<'_>, keys: Option<&[KeyCols]>) -> Option<Parsed> {
    let Some(id) = row.text(t.col("id")) else {
        rd.problem(&t.loc(row.number, "id"), ProblemKind::Empty, "a row without its indicator id", None);
        return None;
    };
    let criterion = match read_whole(row.cell(t.col("criterion")), u32::MAX) {
        Ok(n) => n,
        Err(issue) => {
            rd.issue(&t.loc(row.number, "criterion"), issue, row.cell(t.col("criterion")));
            None
        }
    };
    let unit = named(
        rd,
        &t.loc(row.number, "unit"),
        row.text(t.col("unit")),
        &UNITS,
        Unit::as_str,
        unit_of,
        ProblemKind::UnknownUnit,
    );
    let rule = named(
        rd,
        &t.loc(row.number, "rule"),
        row.text(t.col("rule")),
        &RULES,
        RuleKind::as_str,
        rule_of,
        ProblemKind::UnknownRule,
    );
    let mut ind = Indicator {
        id,
        desc_vi: row.text(t.col("desc_vi")).unwrap_or_default(),
        desc_en: row.text(t.col("desc_en")).unwrap_or_default(),
        // A unit or rule that could not be read is reported; these stand in for the validation.
        unit: unit.unwrap_or(Unit::Number),
        rule: rule.unwrap_or(if unit == Some(Unit::Bool) { RuleKind::Achieved } else { RuleKind::AtLeast }),
        components: components(rd, t, row),
        text_verified: flag(rd, t, row, "text_verified"),
        existence_uncertain: flag(rd, t, row, "existence_uncertain"),
        sources: list(row.text(t.col("sources"))),
        note: row.text(t.col("note")),
        thresholds: Default::default(),
    };
    let mut unsourced = Vec::new();
    if let (Some(keys), Some(_), Some(_)) = (keys, unit, rule) {
        for kc in keys {
            if let Some((cell, typed)) = threshold(rd, t, row, kc, &ind) {
                ind.thresholds.insert(kc.key.to_string(), cell);
                if typed {
                    unsourced.push(kc.key);
                }
            }
        }
    }
    let criterion_name = row.text(t.col("criterion_name"));
    Some(Parsed { row: row.number, criterion, criterion_name, ind, unsourced })
}

/// The two component names of an `at_least_both` indicator: `hygienic / clean`.
fn components(rd: &mut Reader, t: &Table<'_>, row: Row<'_>) -> Option<[String; 2]> {
    let text = row.text(t.col("components"))?;
    let parts: Vec<String> = text.split('/').map(|p| p.trim().to_string()).collect();
    match <[String; 2]>::try_from(parts) {
        Ok(pair) if pair.iter().all(|p| !p.is_empty()) => Some(pair),
        _ => {
            let msg = "two names: write them as hygienic / clean";
            rd.problem(&t.loc(row.number, "components"), ProblemKind::WrongShape, msg, Some(text));
            None
        }
    }
}

/// A yes/no column of the indicator (`true`/`false`, `có`/`không`; empty is no).
fn flag(rd: &mut Reader, t: &Table<'_>, row: Row<'_>, field: &str) -> bool {
    let cell = row.cell(t.col(field));
    read_flag(cell).unwrap_or_else(|issue| {
        rd.issue(&t.loc(row.number, field), issue, cell);
        false
    })
}

/// Records where each part of a placed indicator came from.
fn record(rd: &mut Reader, t: &Table<'_>, p: &Parsed, keys: &[KeyCols], base: &str) {
    rd.at(base.to_string(), t.loc(p.row, "id"));
    for field in ["id", "desc_vi", "desc_en", "unit", "rule", "components", "sources", "note"] {
        rd.at(format!("{base}.{field}"), t.loc(p.row, field));
    }
    for kc in keys {
        for (suffix, col, part) in [
            ("", kc.value, KeyPart::Value),
            (".value", kc.value, KeyPart::Value),
            (".sources", kc.sources, KeyPart::Sources),
        ] {
            if let Some(c) = col {
                rd.at(format!("{base}.thresholds.{}{suffix}", kc.key), t.loc_at(p.row, c, &part.header(kc.key)));
            }
        }
    }
}

/// Sheet Chỉ tiêu: each row is put under the criterion that lists its id (sheet Tiêu chí), in
/// the listed order. A listed id without a row (a deleted row), a row whose id no criterion
/// lists, and an id on two rows are problems. Returns the thresholds typed without a source.
pub(super) fn read(
    rd: &mut Reader,
    grids: &[Grid],
    file: &mut SetFile,
    listing: &[Listing],
    dimension_known: bool,
) -> Vec<Typed> {
    let Some(grid) = rd.sheet(grids, INDICATORS, true) else { return Vec::new() };
    let cols: Vec<_> = INDICATOR_HEAD.iter().chain(&INDICATOR_TAIL).copied().collect();
    let Some(t) = rd.table(grid, &cols, &["criterion", "id", "unit", "rule"], true) else { return Vec::new() };
    let keys = if dimension_known { key_columns(rd, &t, &keys_of(file.dimension)) } else { Vec::new() };
    let mut rows: HashMap<String, Parsed> = HashMap::new();
    for row in t.rows() {
        let Some(p) = read_row(rd, &t, row, dimension_known.then_some(&keys[..])) else { continue };
        if let Some(first) = rows.get(&p.ind.id) {
            let msg = format!("indicator {} is already on row {}", p.ind.id, first.row);
            rd.problem(&t.loc(p.row, "id"), ProblemKind::DuplicateIndicator, msg, Some(p.ind.id.clone()));
            continue;
        }
        rows.insert(p.ind.id.clone(), p);
    }
    place(rd, &t, rows, listing, file, &keys)
}

/// Puts each row under the criterion that lists it; the problems of ids listed without a row
/// and rows listed nowhere.
fn place(
    rd: &mut Reader,
    t: &Table<'_>,
    mut rows: HashMap<String, Parsed>,
    listing: &[Listing],
    file: &mut SetFile,
    keys: &[KeyCols],
) -> Vec<Typed> {
    let mut typed = Vec::new();
    for (ci, l) in listing.iter().enumerate() {
        let number = file.criteria[ci].number;
        for id in &l.ids {
            let Some(p) = rows.remove(id) else {
                let msg = format!(
                    "indicator {id} is listed for criterion {number}, but sheet {} has no row for it (was the row deleted?): restore the row, or take {id} out of this list",
                    INDICATORS.vi
                );
                rd.problem(&l.loc, ProblemKind::MissingIndicator, msg, Some(id.clone()));
                continue;
            };
            check_criterion(rd, t, &p, &file.criteria[ci]);
            let ii = file.criteria[ci].indicators.len();
            record(rd, t, &p, keys, &format!("criteria[{ci}].indicators[{ii}]"));
            typed.extend(p.unsourced.iter().map(|k| (ci, ii, *k)));
            file.criteria[ci].indicators.push(p.ind);
        }
    }
    let mut left: Vec<Parsed> = rows.into_values().collect();
    left.sort_by_key(|p| p.row);
    for p in left {
        let n = p.criterion.map_or_else(|| "its criterion".to_string(), |n| format!("criterion {n}"));
        let msg = format!(
            "indicator {} is not in the list of indicators of {n} (sheet {}): add it there, or fix the id",
            p.ind.id,
            super::CRITERIA.vi
        );
        rd.problem(&t.loc(p.row, "id"), ProblemKind::UnknownIndicator, msg, Some(p.ind.id));
    }
    typed
}

/// A row's criterion number and name agree with the criterion that lists it.
fn check_criterion(rd: &mut Reader, t: &Table<'_>, p: &Parsed, c: &crate::catalog::Criterion) {
    if p.criterion != Some(c.number) {
        let msg = format!("sheet {} lists {} under criterion {}", super::CRITERIA.vi, p.ind.id, c.number);
        rd.problem(&t.loc(p.row, "criterion"), ProblemKind::ValueMismatch, msg, p.criterion.map(|n| n.to_string()));
    }
    if let Some(name) = &p.criterion_name
        && key(name) != key(&c.name_vi)
    {
        let msg = format!(
            "criterion {} is named {:?} in sheet {}: change the name there (this column is shown for reading)",
            c.number,
            c.name_vi,
            super::CRITERIA.vi
        );
        rd.problem(&t.loc(p.row, "criterion_name"), ProblemKind::ValueMismatch, msg, Some(name.clone()));
    }
}
