//! Writes a set as a workbook (`CriteriaSet::write_template`), with `rust_xlsxwriter`.

use std::path::Path;

use rust_xlsxwriter::{DataValidation, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use super::{
    BANDING, BANDING_COLS, CRITERIA, CRITERIA_COLS, Col, DETAIL_COLS, DETAILS, FIELDS, GROUP_COLS, GROUPS,
    INDICATOR_HEAD, INDICATOR_TAIL, INDICATORS, KeyPart, PAIR_SEPARATOR, SET, SET_COLS, SOURCE_COLS, SOURCES,
    SheetName, keys_of,
};
use crate::catalog::{CellValue, CriteriaSet, RuleKind, SetFile, ThresholdCell, Unit};
use crate::error::{NtmError, Result};
use crate::input::cell::fmt_number;

type Out<T = ()> = std::result::Result<T, XlsxError>;

/// A cell of the template: text, a number, or nothing.
enum V {
    Text(String),
    Number(f64),
    Empty,
}

fn t(s: impl Into<String>) -> V {
    let s = s.into();
    if s.is_empty() { V::Empty } else { V::Text(s) }
}

fn n(x: impl Into<f64>) -> V {
    V::Number(x.into())
}

fn opt(s: &Option<String>) -> V {
    s.as_deref().map_or(V::Empty, t)
}

fn list(items: &[String]) -> V {
    t(items.join(", "))
}

/// The formats of the template.
struct Formats {
    header: Format,
    text: Format,
}

/// A sheet with a header row in row 0 and one row per item.
fn sheet(wb: &mut Workbook, name: SheetName, headers: &[String], rows: Vec<Vec<V>>, f: &Formats) -> Out<u32> {
    let ws = wb.add_worksheet();
    ws.set_name(name.vi)?;
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count().clamp(8, 24)).collect();
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, h, &f.header)?;
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            let (r, c16) = (r as u32 + 1, c as u16);
            let shown = match v {
                V::Text(s) => {
                    ws.write_string_with_format(r, c16, s, &f.text)?;
                    s.chars().count()
                }
                V::Number(x) => {
                    ws.write_number_with_format(r, c16, *x, &f.text)?;
                    fmt_number(*x).len()
                }
                V::Empty => 0,
            };
            if let Some(w) = widths.get_mut(c) {
                *w = (*w).max(shown.min(60));
            }
        }
    }
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, (*w + 2) as f64)?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(rows.len() as u32)
}

fn headers(cols: &[Col]) -> Vec<String> {
    cols.iter().map(Col::header).collect()
}

/// Sheet Bộ tiêu chí: one row per field, one `notes` row per note.
fn set_rows(file: &SetFile) -> Vec<Vec<V>> {
    let value = |field: &str| -> V {
        match field {
            "format" => n(file.format),
            "id" => t(&file.id),
            "decision" => t(&file.decision),
            "decision_date" => t(&file.decision_date),
            "effective" => opt(&file.effective),
            "valid_from" => n(file.valid_from),
            "valid_to" => n(file.valid_to),
            "title_vi" => t(&file.title_vi),
            "title_en" => t(&file.title_en),
            "based_on" => opt(&file.based_on),
            "criteria_count" => n(file.criteria_count),
            "dimension" => t(file.dimension.as_str()),
            "unit" => t(file.unit.as_str()),
            "disadvantaged_uses" => file.disadvantaged_uses.map_or(V::Empty, |r| t(r.code())),
            "level" => file.level.map_or(V::Empty, |l| t(l.as_str())),
            "aliases" => list(&file.aliases),
            "requires" => file.requires.as_ref().map_or(V::Empty, |r| t(serde_json::to_string(r).unwrap_or_default())),
            "recognition_valid_years" => file.recognition_valid_years.map_or(V::Empty, n),
            _ => V::Empty,
        }
    };
    let mut rows = Vec::new();
    for (field, meaning) in FIELDS {
        if field == "notes" || field == "amendments" {
            let texts: Vec<String> = match field {
                "notes" => file.notes.clone(),
                _ => file.amendments.iter().map(|a| serde_json::to_string(a).unwrap_or_default()).collect(),
            };
            rows.extend(texts.iter().map(|x| vec![t(field), t(x), t(meaning)]));
            if texts.is_empty() {
                rows.push(vec![t(field), V::Empty, t(meaning)]);
            }
        } else {
            rows.push(vec![t(field), value(field), t(meaning)]);
        }
    }
    rows
}

/// Sheet Tiêu chí: one row per criterion.
fn criteria_rows(file: &SetFile) -> Vec<Vec<V>> {
    let rows = file.criteria.iter().map(|c| {
        let ids: Vec<String> = c.indicators.iter().map(|i| i.id.clone()).collect();
        vec![n(c.number), opt(&c.group), t(&c.name_vi), t(&c.name_en), list(&ids), list(&c.sources)]
    });
    rows.collect()
}

/// A percentage below 1 is written with its sign (`0.5%`): a bare `0.5` in a percent column is
/// ambiguous (50%, or 0.5%?), and the reader refuses it.
fn small_percent(x: f64, unit: Unit) -> Option<String> {
    (unit == Unit::Percent && x > 0.0 && x < 1.0).then(|| format!("{}%", fmt_number(x)))
}

/// A threshold as the office reads it: a number, `90 / 50` (`?` for an unknown part), `Đạt`.
fn value_cell(v: &Option<CellValue>, unit: Unit) -> V {
    let part = |x: &Option<f64>| x.map_or("?".to_string(), |x| small_percent(x, unit).unwrap_or_else(|| fmt_number(x)));
    match v {
        None => V::Empty,
        Some(CellValue::Number(x)) => small_percent(*x, unit).map_or_else(|| n(*x), t),
        Some(CellValue::Pair(a, b)) => t(format!("{}{PAIR_SEPARATOR}{}", part(a), part(b))),
        Some(CellValue::Text(s)) => t(s),
    }
}

/// The three cells of one key: threshold, sources, verified (all empty when there is no cell).
fn key_cells(cell: Option<&ThresholdCell>, unit: Unit) -> [V; 3] {
    match cell {
        None => [V::Empty, V::Empty, V::Empty],
        Some(c) => [value_cell(&c.value, unit), list(&c.sources), t(c.verified.as_str())],
    }
}

/// Sheet Chỉ tiêu: one row per indicator.
fn indicator_rows(file: &SetFile, keys: &[&str]) -> Vec<Vec<V>> {
    let mut rows = Vec::new();
    for c in &file.criteria {
        for ind in &c.indicators {
            let mut row = vec![n(c.number), t(&c.name_vi), t(&ind.id), t(&ind.desc_vi)];
            row.extend([t(ind.unit.as_str()), t(ind.rule.as_str())]);
            for key in keys {
                // The multiple of a relative threshold is a plain number, whatever the unit.
                let unit = if ind.rule == RuleKind::AtLeastTimes { Unit::Number } else { ind.unit };
                row.extend(key_cells(ind.cell(key), unit));
            }
            let components = ind.components.as_ref().map(|[a, b]| format!("{a}{PAIR_SEPARATOR}{b}"));
            row.extend([t(&ind.desc_en), opt(&components), flag(ind.text_verified), flag(ind.existence_uncertain)]);
            row.extend([list(&ind.sources), opt(&ind.note)]);
            rows.push(row);
        }
    }
    rows
}

fn flag(b: bool) -> V {
    t(if b { "true" } else { "false" })
}

/// Sheet Chi tiết ngưỡng: one row per threshold cell with a note, a year or a detail.
fn detail_rows(file: &SetFile, keys: &[&str]) -> Vec<Vec<V>> {
    let mut rows = Vec::new();
    for ind in file.criteria.iter().flat_map(|c| &c.indicators) {
        for key in keys {
            let has_detail =
                |c: &&ThresholdCell| c.note.is_some() || c.year.is_some() || c.detail.is_some() || c.relative.is_some();
            if let Some(c) = ind.cell(key).filter(has_detail) {
                let year = c.year.map_or(V::Empty, n);
                let relative = c.relative.as_ref().map(|r| serde_json::to_string(r).unwrap_or_default());
                rows.push(vec![t(&ind.id), t(*key), year, opt(&c.note), opt(&c.detail), opt(&relative)]);
            }
        }
    }
    rows
}

fn indicator_headers(keys: &[&str]) -> Vec<String> {
    let mut h = headers(&INDICATOR_HEAD);
    for key in keys {
        h.extend(KeyPart::ALL.iter().map(|p| p.header(key)));
    }
    h.extend(headers(&INDICATOR_TAIL));
    h
}

/// The Chỉ tiêu sheet's extras: the first columns frozen, a list of verified states.
fn indicator_sheet_extras(ws: &mut Worksheet, keys: &[&str], rows: u32) -> Out {
    ws.set_freeze_panes(1, 3)?;
    ws.set_active(true);
    let states = DataValidation::new().allow_list_strings(&["true", "partial", "false"])?;
    let last = rows.max(1) + 200;
    for k in 0..keys.len() {
        let c = (INDICATOR_HEAD.len() + 3 * k + 2) as u16;
        ws.add_data_validation(1, c, last, c, &states)?;
    }
    Ok(())
}

/// The workbook of a set.
fn build(set: &CriteriaSet) -> Out<Workbook> {
    let file = set.file();
    let keys = keys_of(file.dimension);
    let cell = || Format::new().set_border(FormatBorder::Thin);
    let f = Formats {
        header: cell().set_bold().set_text_wrap().set_align(FormatAlign::Center).set_align(FormatAlign::VerticalCenter),
        text: cell().set_align(FormatAlign::Top),
    };
    let mut wb = Workbook::new();
    sheet(&mut wb, SET, &headers(&SET_COLS), set_rows(file), &f)?;
    sheet(&mut wb, CRITERIA, &headers(&CRITERIA_COLS), criteria_rows(file), &f)?;
    let n_ind = sheet(&mut wb, INDICATORS, &indicator_headers(&keys), indicator_rows(file, &keys), &f)?;
    indicator_sheet_extras(wb.worksheet_from_name(INDICATORS.vi)?, &keys, n_ind)?;
    sheet(&mut wb, DETAILS, &headers(&DETAIL_COLS), detail_rows(file, &keys), &f)?;
    let sources = file.sources.iter().map(|(k, v)| vec![t(k), t(v)]).collect();
    sheet(&mut wb, SOURCES, &headers(&SOURCE_COLS), sources, &f)?;
    let groups = file.groups.iter().map(|g| {
        let criteria: Vec<String> = g.criteria.iter().map(u32::to_string).collect();
        vec![t(&g.id), t(&g.name_vi), t(&g.name_en), list(&criteria)]
    });
    sheet(&mut wb, GROUPS, &headers(&GROUP_COLS), groups.collect(), &f)?;
    if let Some(bands) = &file.banding {
        let rows = bands.iter().map(|b| vec![n(b.lo), n(b.hi), t(&b.label_vi), t(&b.label_en)]).collect();
        sheet(&mut wb, BANDING, &headers(&BANDING_COLS), rows, &f)?;
    }
    Ok(wb)
}

impl CriteriaSet {
    /// Writes the set as a workbook an office fills in Excel (an existing file is replaced):
    /// one row per indicator in sheet **Chỉ tiêu** with, for each key of the set's dimension, a
    /// threshold column and its sources and verified columns; known thresholds are filled with
    /// their sources, unknown ones are left empty. [`CriteriaSet::load`] reads it back. The
    /// layout is in `docs/set-format.md` ("Sets from a spreadsheet").
    ///
    /// ```
    /// use ntm_criteria::CriteriaSet;
    /// let path = std::env::temp_dir().join("ntm_doc_2021-2025_template.xlsx");
    /// let set = CriteriaSet::bundled("2021-2025")?;
    /// set.write_template(&path)?;
    /// assert_eq!(&CriteriaSet::from_path(&path)?, set);
    /// # std::fs::remove_file(&path).ok();
    /// # Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn write_template(&self, path: impl AsRef<Path>) -> Result<()> {
        let path = path.as_ref();
        let written = |e: XlsxError| NtmError::Write { path: path.display().to_string(), message: e.to_string() };
        build(self).map_err(written)?.save(path).map_err(written)
    }

    /// The template of [`CriteriaSet::write_template`] as the bytes of an `.xlsx` file.
    ///
    /// ```
    /// let bytes = ntm_criteria::CriteriaSet::bundled("2026-2030")?.template_bytes()?;
    /// assert!(bytes.starts_with(b"PK\x03\x04"));
    /// # Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn template_bytes(&self) -> Result<Vec<u8>> {
        let written = |e: XlsxError| NtmError::Write { path: "<bytes>".into(), message: e.to_string() };
        build(self).map_err(written)?.save_to_buffer().map_err(written)
    }
}
