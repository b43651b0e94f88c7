//! The workbook door: `.xlsx`, `.xlsm`, `.xlsb`, `.xls` and `.ods` through `calamine`.
//!
//! - **Format.** Known by its content (a zip with `xl/workbook.xml`, `xl/workbook.bin` or
//!   `content.xml`; an OLE container with a `Workbook` stream), not its name; a password or a
//!   file that is not a workbook is refused with its reason.
//! - **Sheet.** The one named (case and accents ignored), else the first; an unknown name is
//!   refused with the sheets the file has.
//! - **Header.** A title block above the header row (the templates' "BIỂU TỔNG HỢP…", merged
//!   cells) is skipped: the header is the first row, among the first 30 that hold anything,
//!   with a cell that names a column (`Mã xã`, `code`, an indicator id, `TC1`…). None: refused
//!   (`header_not_found`).
//! - **Cells.** Typed numbers stay numbers; a number shown as a percentage (an `.xlsx` cell
//!   formatted `0%`, holding 0.85) is read as it is shown, `85%`; text goes through the cell
//!   parser; an error cell (`#N/A`) is a problem with its sheet, row and column; a date is read as
//!   its date. A value in a column without a header is reported once for its row.
//! - **Limits.** A workbook is untrusted input: the checks of [`Limits`] run before calamine
//!   reads it (zip bombs, huge shared-string tables, sheets claiming millions of cells).
//!
//! ```
//! use ntm_criteria::input::{excel, ReadOptions};
//! let err = excel::source_of_bytes(b"code,met_count\n001,19\n", "t.xlsx", &ReadOptions::criteria(19)).unwrap_err();
//! assert_eq!(err.problems()[0].kind, "not_a_workbook");
//! ```

use crate::kind::ProblemKind;
use std::collections::BTreeMap;
use std::io::Cursor;
use std::path::Path;

use calamine::{Data, DataRef, Ods, Reader, Style, Xls, Xlsb, Xlsx};

pub use super::excel_limits::{LIMITS, Limits};
use super::excel_limits::{
    Percents, check_ods, check_shared_strings, check_xls, check_zip, format_shows_percent, refused,
};
use crate::error::{NtmError, Problem, Result};
use crate::input::cell::{Cell, fmt_number};
use crate::input::column::DictBuilder;
use crate::input::header::Headers;
use crate::input::{OwnedCell, Problems, ReadOptions, RowNumbers, Source, SourceColumn};
use crate::text::{did_you_mean, fold, suggest};

/// Rows searched for the header row.
const HEADER_ROWS: usize = 30;

/// The formats of a workbook, by content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Xlsx,
    Xlsb,
    Ods,
    Xls,
}

/// The non-empty cells of one sheet, row by row (0-based positions).
pub(crate) struct Grid {
    /// The sheet's name.
    pub(crate) sheet: String,
    /// Row → its non-empty cells, `(column, cell)` in column order.
    pub(crate) rows: BTreeMap<u32, Vec<(u32, OwnedCell)>>,
    count: u64,
    /// The limit of `count`.
    max_cells: u64,
}

impl Grid {
    fn new(sheet: String, max_cells: u64) -> Grid {
        Grid { sheet, rows: BTreeMap::new(), count: 0, max_cells }
    }
}

/// Reads a workbook file into a source (the sheet of `options`, else the first).
///
/// ```
/// use ntm_criteria::input::{excel, ReadOptions};
/// let err = excel::source_of_path("missing.xlsx".as_ref(), &ReadOptions::criteria(19)).unwrap_err();
/// assert!(matches!(err, ntm_criteria::NtmError::Io { .. }));
/// ```
pub fn source_of_path(path: &Path, options: &ReadOptions<'_>) -> Result<Source<'static>> {
    let bytes = read_limited(path)?;
    source_of_bytes(&bytes, &path.display().to_string(), options)
}

/// The bytes of a workbook file, refused when it is larger than [`LIMITS`] allow.
pub(crate) fn read_limited(path: &Path) -> Result<Vec<u8>> {
    let name = path.display().to_string();
    let io = |e: std::io::Error| NtmError::Io { path: name.clone(), message: e.to_string() };
    let size = std::fs::metadata(path).map_err(io)?.len();
    if size > LIMITS.file_bytes {
        let msg = format!(
            "the workbook has {size} bytes (at most {}): split it, or save the sheet as CSV",
            LIMITS.file_bytes
        );
        return Err(NtmError::validation(name, vec![*refused(ProblemKind::TooLarge, msg)]));
    }
    std::fs::read(path).map_err(io)
}

/// Reads a workbook from its bytes (`name` is used in messages), within [`LIMITS`].
///
/// ```
/// use ntm_criteria::input::{excel, ReadOptions};
/// let err = excel::source_of_bytes(&[0xD0, 0xCF, 0x11, 0xE0], "t.xls", &ReadOptions::criteria(19)).unwrap_err();
/// assert_eq!(err.problems()[0].kind, "not_a_workbook");
/// ```
pub fn source_of_bytes(bytes: &[u8], name: &str, options: &ReadOptions<'_>) -> Result<Source<'static>> {
    source_of_bytes_within(bytes, name, options, &LIMITS)
}

/// Reads a workbook from its bytes within `limits` (a service may set stricter ones than
/// [`LIMITS`]; the file-size limit is the caller's, who holds the bytes already).
///
/// ```
/// use ntm_criteria::input::{excel, ReadOptions};
/// let strict = excel::Limits { entries: 1, ..excel::LIMITS };
/// let err = excel::source_of_bytes_within(&std::fs::read("../../tests/bad_input/ok/office.xlsx")?, "office.xlsx", &ReadOptions::criteria(19), &strict).unwrap_err();
/// assert_eq!(err.problems()[0].kind, "zip_bomb");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn source_of_bytes_within(
    bytes: &[u8],
    name: &str,
    options: &ReadOptions<'_>,
    limits: &Limits,
) -> Result<Source<'static>> {
    let fail = |p: Box<Problem>| NtmError::validation(name, vec![*p]);
    let (kind, percents) = checked(bytes, limits).map_err(fail)?;
    let grid = grid(kind, bytes, options.sheet.as_deref(), &percents, limits.cells).map_err(fail)?;
    Ok(grid_source(grid, name, options))
}

/// The format of a workbook and the cells it shows as percentages, once the limits are checked.
fn checked(bytes: &[u8], limits: &Limits) -> std::result::Result<(Kind, Percents), Box<Problem>> {
    let kind = sniff(bytes)?;
    let percents = match kind {
        Kind::Xls => check_xls(bytes, limits),
        _ => check_zip(bytes, limits).and_then(|()| match kind {
            Kind::Xlsx => check_shared_strings(bytes, limits).map(|()| Percents::default()),
            Kind::Ods => check_ods(bytes, limits),
            _ => Ok(Percents::default()),
        }),
    }?;
    Ok((kind, percents))
}

/// Every sheet of a workbook, within [`LIMITS`] (the cell limit counts the cells of all sheets):
/// the criteria-set workbook (`crate::set_workbook`) reads several sheets, each cell read by
/// the rules of the one-sheet door (percent formats, error cells, dates).
pub(crate) fn every_sheet(bytes: &[u8], name: &str) -> Result<Vec<Grid>> {
    let fail = |p: Box<Problem>| NtmError::validation(name, vec![*p]);
    let (kind, percents) = checked(bytes, &LIMITS).map_err(fail)?;
    grids(kind, bytes, &|names: &[String]| Ok(names.to_vec()), &percents, LIMITS.cells).map_err(fail)
}

/// The format of a workbook, from its first bytes and its zip entries.
fn sniff(bytes: &[u8]) -> std::result::Result<Kind, Box<Problem>> {
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Ok(Kind::Xls); // an OLE container: .xls, or an encrypted .xlsx (refused by check_xls)
    }
    if !bytes.starts_with(b"PK") {
        let text = bytes.iter().take(512).all(|b| b.is_ascii() || *b >= 0x80);
        let hint = if text { " (it looks like text: a CSV file named as a workbook? rename it .csv)" } else { "" };
        return Err(refused(ProblemKind::NotAWorkbook, format!("the file is not a workbook{hint}")));
    }
    let zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| refused(ProblemKind::NotAWorkbook, format!("the file is not a valid workbook (zip): {e}")))?;
    let has = |n: &str| zip.index_for_name(n).is_some();
    if has("xl/workbook.xml") {
        Ok(Kind::Xlsx)
    } else if has("xl/workbook.bin") {
        Ok(Kind::Xlsb)
    } else if has("content.xml") {
        Ok(Kind::Ods)
    } else {
        Err(refused(ProblemKind::NotAWorkbook, "a zip file that is not a workbook (.xlsx, .xlsb or .ods)".into()))
    }
}

/// The sheet to read: the one asked for (case and accents ignored), else the first.
fn pick_sheet(names: &[String], wanted: Option<&str>) -> std::result::Result<String, Box<Problem>> {
    let Some(w) = wanted else {
        return names
            .first()
            .cloned()
            .ok_or_else(|| refused(ProblemKind::NoSuchSheet, "the workbook has no sheets".into()));
    };
    if let Some(n) = names.iter().find(|n| *n == w || fold(n) == fold(w)) {
        return Ok(n.clone());
    }
    let candidates: Vec<(String, &str)> = names.iter().map(|n| (fold(n), n.as_str())).collect();
    let near = suggest(w, &candidates, 3);
    let msg = format!("there is no sheet {w:?}; the sheets are {}{}", names.join(", "), did_you_mean(&near));
    Err(Box::new(Problem::new("sheet", ProblemKind::NoSuchSheet, msg).with_input(w)))
}

/// Reads the chosen sheet's non-empty cells.
fn grid(
    kind: Kind,
    bytes: &[u8],
    sheet: Option<&str>,
    percents: &Percents,
    max_cells: u64,
) -> std::result::Result<Grid, Box<Problem>> {
    let choose = |names: &[String]| pick_sheet(names, sheet).map(|s| vec![s]);
    let mut grids = grids(kind, bytes, &choose, percents, max_cells)?;
    grids.pop().ok_or_else(|| refused(ProblemKind::NoSuchSheet, "the workbook has no sheets".into()))
}

/// The sheets `choose` names, in its order; `max_cells` counts the cells of them all.
type Choose<'c> = dyn Fn(&[String]) -> std::result::Result<Vec<String>, Box<Problem>> + 'c;

/// Reads the non-empty cells of the sheets `choose` picks from the workbook's sheet names.
fn grids(
    kind: Kind,
    bytes: &[u8],
    choose: &Choose<'_>,
    percents: &Percents,
    max_cells: u64,
) -> std::result::Result<Vec<Grid>, Box<Problem>> {
    let bad = |e: String| refused(ProblemKind::NotAWorkbook, format!("the workbook cannot be read: {e}"));
    let mut out: Vec<Grid> = Vec::new();
    let mut left = max_cells;
    let mut done = |g: Grid, left: &mut u64| {
        *left -= g.count;
        out.push(g);
    };
    match kind {
        Kind::Xlsx => {
            let mut wb = Xlsx::new(Cursor::new(bytes)).map_err(|e| bad(e.to_string()))?;
            for sheet in choose(&wb.sheet_names())? {
                let g = stream_xlsx(&mut wb, sheet, left)?;
                done(g, &mut left);
            }
        }
        Kind::Xlsb => {
            let mut wb = Xlsb::new(Cursor::new(bytes)).map_err(|e| bad(e.to_string()))?;
            for sheet in choose(&wb.sheet_names())? {
                let mut cells = wb.worksheet_cells_reader(&sheet).map_err(|e| bad(e.to_string()))?;
                let mut g = Grid::new(sheet.clone(), left);
                while let Some(c) = cells.next_cell().map_err(|e| bad(e.to_string()))? {
                    let (r, col) = c.get_position();
                    put(&mut g, r, col, cell_of_ref(c.get_value(), false))?;
                }
                drop(cells);
                done(g, &mut left);
            }
        }
        Kind::Ods => {
            let mut wb = Ods::new(Cursor::new(bytes)).map_err(|e| bad(e.to_string()))?;
            for sheet in choose(&wb.sheet_names())? {
                let range = wb.worksheet_range(&sheet).map_err(|e| bad(e.to_string()))?;
                done(range_grid(sheet, &range, percents, left)?, &mut left);
            }
        }
        Kind::Xls => {
            let mut wb = Xls::new(Cursor::new(bytes)).map_err(|e| bad(e.to_string()))?;
            for sheet in choose(&wb.sheet_names())? {
                let range = wb.worksheet_range(&sheet).map_err(|e| bad(e.to_string()))?;
                done(range_grid(sheet, &range, percents, left)?, &mut left);
            }
        }
    }
    Ok(out)
}

/// Adds a non-empty cell, within the cell limit.
fn put(g: &mut Grid, row: u32, col: u32, cell: OwnedCell) -> std::result::Result<(), Box<Problem>> {
    if cell == OwnedCell::Empty {
        return Ok(());
    }
    if row >= 1_048_576 || col >= 16_384 {
        return Err(refused(
            ProblemKind::TooManyCells,
            format!("a cell at row {} column {} is outside any sheet", row as u64 + 1, col as u64 + 1),
        ));
    }
    g.count += 1;
    if g.count > g.max_cells {
        return Err(refused(
            ProblemKind::TooManyCells,
            format!("the sheet has more than {} cells with values", g.max_cells),
        ));
    }
    g.rows.entry(row).or_default().push((col, cell));
    Ok(())
}

/// Streams an `.xlsx` sheet, reading a number shown as a percentage as it is shown.
fn stream_xlsx(wb: &mut Xlsx<Cursor<&[u8]>>, sheet: String, max_cells: u64) -> std::result::Result<Grid, Box<Problem>> {
    let bad = |e: String| refused(ProblemKind::NotAWorkbook, format!("the sheet cannot be read: {e}"));
    let mut g = Grid::new(sheet.clone(), max_cells);
    let mut cells = wb.worksheet_cells_reader(&sheet).map_err(|e| bad(e.to_string()))?;
    while let Some((c, style)) = cells.next_cell_with_style_id().map_err(|e| bad(e.to_string()))? {
        let percent = is_percent(cells.styles().get(style));
        let (r, col) = c.get_position();
        put(&mut g, r, col, cell_of_ref(c.get_value(), percent))?;
    }
    Ok(g)
}

/// Whether a style's number format shows a percentage (built-in formats 9 and 10, or a `%`
/// outside quotes in the first section of a custom format).
fn is_percent(style: Option<&Style>) -> bool {
    let Some(nf) = style.and_then(|s| s.number_format.as_ref()) else { return false };
    matches!(nf.format_id, Some(9 | 10)) || format_shows_percent(&nf.format_code)
}

/// The cell a spreadsheet value stands for.
fn cell_of_ref(v: &DataRef<'_>, percent: bool) -> OwnedCell {
    match v {
        DataRef::Empty => OwnedCell::Empty,
        DataRef::String(s) => OwnedCell::Text(s.clone()),
        DataRef::SharedString(s) => OwnedCell::Text((*s).to_string()),
        DataRef::Float(x) if percent => OwnedCell::Text(format!("{}%", fmt_number(x * 100.0))),
        DataRef::Float(x) => OwnedCell::Number(*x),
        DataRef::Int(i) if percent => OwnedCell::Text(format!("{}%", i.saturating_mul(100))),
        DataRef::Int(i) => OwnedCell::Number(*i as f64),
        DataRef::Bool(b) => OwnedCell::Bool(*b),
        DataRef::Error(e) => OwnedCell::Error(e.to_string()),
        DataRef::DateTime(d) => OwnedCell::Text(date_text(d)),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => OwnedCell::Text(s.clone()),
    }
}

fn date_text(d: &calamine::ExcelDateTime) -> String {
    let (y, m, day, h, min, s, _) = d.to_ymd_hms_milli();
    if (h, min, s) == (0, 0, 0) {
        format!("{y:04}-{m:02}-{day:02}")
    } else {
        format!("{y:04}-{m:02}-{day:02} {h:02}:{min:02}:{s:02}")
    }
}

/// The non-empty cells of a whole-sheet range (`.ods`, `.xls`; bounded by the pre-checks); the
/// numbers the sheet shows as percentages are read as shown.
fn range_grid(
    sheet: String,
    range: &calamine::Range<Data>,
    percents: &Percents,
    max_cells: u64,
) -> std::result::Result<Grid, Box<Problem>> {
    let mut g = Grid::new(sheet.clone(), max_cells);
    let (r0, c0) = range.start().unwrap_or((0, 0));
    for (r, row) in range.rows().enumerate() {
        for (c, v) in row.iter().enumerate() {
            let (r, c) = (r0 + r as u32, c0 + c as u32);
            let cell = match v {
                Data::Empty => continue,
                Data::String(s) => OwnedCell::Text(s.clone()),
                Data::Float(x) if percents.contains(&sheet, r, c) => {
                    OwnedCell::Text(format!("{}%", fmt_number(x * 100.0)))
                }
                Data::Float(x) => OwnedCell::Number(*x),
                Data::Int(i) if percents.contains(&sheet, r, c) => {
                    OwnedCell::Text(format!("{}%", i.saturating_mul(100)))
                }
                Data::Int(i) => OwnedCell::Number(*i as f64),
                Data::Bool(b) => OwnedCell::Bool(*b),
                Data::Error(e) => OwnedCell::Error(e.to_string()),
                Data::DateTime(d) => OwnedCell::Text(date_text(d)),
                Data::DateTimeIso(s) | Data::DurationIso(s) => OwnedCell::Text(s.clone()),
            };
            put(&mut g, r, c, cell)?;
        }
    }
    Ok(g)
}

/// The first row (of the first [`HEADER_ROWS`] that hold anything) with a cell that names a
/// column.
fn header_row(g: &Grid, options: &ReadOptions<'_>) -> Option<u32> {
    let headers = Headers::for_read(options);
    g.rows
        .iter()
        .take(HEADER_ROWS)
        .find(|(_, cells)| cells.iter().any(|(_, c)| matches!(c, OwnedCell::Text(t) if headers.role(t).is_ok())))
        .map(|(r, _)| *r)
}

/// The source of a sheet: its header row, then a column per header cell.
fn grid_source(g: Grid, file: &str, options: &ReadOptions<'_>) -> Source<'static> {
    let name = format!("{file}, sheet {:?}", g.sheet);
    let mut src = Source {
        name,
        columns: Vec::new(),
        rows: 0,
        row_numbers: RowNumbers::Lines(Vec::new()),
        broken: Vec::new(),
        problems: Problems::new(),
        header_row: None,
    };
    let Some(h) = header_row(&g, options) else {
        let msg = format!(
            "no row of the first {HEADER_ROWS} names a column (code / Mã xã, met_count, c1 / TC1, an indicator id…): put the header row above the data"
        );
        src.problems.push(Problem::new("sheet", ProblemKind::HeaderNotFound, msg));
        return src;
    };
    src.header_row = Some(h as usize + 1);
    let header: Vec<(u32, String)> = g.rows[&h]
        .iter()
        .filter_map(|(c, cell)| crate::input::cell::read_text(cell.as_cell()).map(|t| (*c, t)))
        .collect();
    let mut builders: Vec<DictBuilder> = header.iter().map(|_| DictBuilder::default()).collect();
    let mut numbers = Vec::new();
    for (&r, cells) in g.rows.range(h + 1..) {
        row(&header, r, cells, &mut builders, &mut numbers, &mut src);
    }
    src.rows = numbers.len();
    src.row_numbers = RowNumbers::Lines(numbers);
    src.columns = header.into_iter().zip(builders).map(|((_, n), b)| SourceColumn::new(n, b.finish())).collect();
    if src.rows == 0 && src.problems.is_empty() {
        src.problems.push(
            Problem::new("sheet", ProblemKind::NoRows, "the sheet has a header row but no data rows")
                .at_row(h as usize + 1),
        );
    }
    src
}

/// Adds one sheet row; a value outside the header's columns is reported once for the row.
fn row(
    header: &[(u32, String)],
    r: u32,
    cells: &[(u32, OwnedCell)],
    builders: &mut [DictBuilder],
    numbers: &mut Vec<u64>,
    src: &mut Source<'static>,
) {
    let line = r as u64 + 1;
    let outside: Vec<u32> = cells.iter().map(|(c, _)| *c).filter(|c| header.iter().all(|(h, _)| h != c)).collect();
    if let Some(&c) = outside.first() {
        let msg = format!("a value in column {} has no header: name the column, or clear the cell", column_letters(c));
        src.problems.push(Problem::new("record", ProblemKind::CellOutsideColumns, msg).at_row(line as usize));
        src.broken.push(numbers.len());
    }
    for ((c, _), b) in header.iter().zip(builders.iter_mut()) {
        match cells.iter().find(|(cc, _)| cc == c) {
            Some((_, cell)) => b.push(cell.as_cell()),
            None => b.push(Cell::Empty),
        }
    }
    numbers.push(line);
}

/// A column's letters as a spreadsheet shows them (0 → A, 26 → AA).
pub(crate) fn column_letters(c: u32) -> String {
    let mut n = c as u64 + 1;
    let mut s = Vec::new();
    while n > 0 {
        let d = (n - 1) % 26;
        s.push(b'A' + d as u8);
        n = (n - 1) / 26;
    }
    s.reverse();
    String::from_utf8_lossy(&s).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_as_spreadsheets_show_them() {
        assert_eq!(
            [column_letters(0), column_letters(25), column_letters(26), column_letters(16_383)],
            ["A", "Z", "AA", "XFD"]
        );
    }
}
