//! Reads a set workbook: its sheets (through the input layer's workbook door) → a `SetFile`,
//! validated like a JSON set file; every problem is located at its sheet, row and column.

use std::collections::HashMap;

use super::{Col, SheetName};
use crate::catalog::CriteriaSet;
use crate::error::{NtmError, Problem, Result};
use crate::input::OwnedCell;
use crate::input::cell::{Cell, ParseIssue};
use crate::input::excel::{Grid, column_letters, every_sheet};
use crate::kind::ProblemKind;
use crate::text::{did_you_mean, key, suggest};

/// Rows searched for a sheet's header row.
const HEADER_ROWS: usize = 30;

/// Where a value of the workbook is: a sheet, and a row and column when there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Loc {
    pub sheet: String,
    /// 1-based, as the spreadsheet numbers rows.
    pub row: Option<u32>,
    /// 0-based.
    pub col: Option<u32>,
    /// The column's header (or what the place holds), for messages.
    pub what: String,
}

impl Loc {
    /// A whole sheet.
    pub fn sheet(sheet: &str, what: &str) -> Loc {
        Loc { sheet: sheet.to_string(), row: None, col: None, what: what.to_string() }
    }

    /// `Chỉ tiêu!H12`, `Chỉ tiêu!12` (a row), or the sheet's name.
    pub fn text(&self) -> String {
        match (self.row, self.col) {
            (Some(r), Some(c)) => format!("{}!{}{r}", self.sheet, column_letters(c)),
            (Some(r), None) => format!("{}!{r}:{r}", self.sheet),
            _ => self.sheet.clone(),
        }
    }
}

/// The reading of one workbook: its problems, and where each part of the set file came from.
pub(super) struct Reader {
    /// The file's name without its folders (for the note of an unsourced threshold).
    pub file_name: String,
    pub problems: Vec<Problem>,
    /// Set-file path (`criteria[3].indicators[0].thresholds.NMM.value`) → its cell.
    locs: HashMap<String, Loc>,
}

impl Reader {
    fn new(source_name: &str) -> Reader {
        let file_name = std::path::Path::new(source_name)
            .file_name()
            .map_or_else(|| source_name.to_string(), |f| f.to_string_lossy().into_owned());
        Reader { file_name, problems: Vec::new(), locs: HashMap::new() }
    }

    /// Records a problem at a place.
    pub fn problem(&mut self, loc: &Loc, kind: ProblemKind, msg: impl AsRef<str>, input: Option<String>) {
        let mut p = Problem::new(loc.text(), kind, format!("{}: {}", loc.what, msg.as_ref()));
        p.row = loc.row.map(|r| r as usize);
        p.input = input;
        self.problems.push(p);
    }

    /// Records a cell that could not be read.
    pub fn issue(&mut self, loc: &Loc, issue: ParseIssue, cell: Cell<'_>) {
        let shown = (!cell.is_empty()).then(|| cell.display());
        self.problem(loc, issue.kind, issue.message, shown);
    }

    /// Records where a set-file path came from.
    pub fn at(&mut self, path: String, loc: Loc) {
        self.locs.insert(path, loc);
    }

    /// A problem of the set-file validation, located at the cell its path came from (the
    /// longest recorded prefix of the path).
    fn locate(&self, p: Problem) -> Problem {
        let mut path = p.loc.as_str();
        loop {
            if let Some(loc) = self.locs.get(path) {
                let msg = format!("{}: {}", loc.what, p.msg);
                return Problem { row: loc.row.map(|r| r as usize), loc: loc.text(), msg, ..p };
            }
            match path.rfind(['.', '[']) {
                Some(i) => path = &path[..i],
                None => return p,
            }
        }
    }

    /// The sheet named `name` (Vietnamese or English); a required one that is missing is a
    /// problem naming the sheets the workbook has.
    pub fn sheet<'g>(&mut self, grids: &'g [Grid], name: SheetName, required: bool) -> Option<&'g Grid> {
        let found = grids.iter().find(|g| name.matches(&g.sheet));
        if found.is_none() && required {
            let names: Vec<&str> = grids.iter().map(|g| g.sheet.as_str()).collect();
            let msg =
                format!("the workbook has no sheet {:?} ({}); its sheets are {}", name.vi, name.en, names.join(", "));
            self.problem(&Loc::sheet(name.vi, "sheet"), ProblemKind::NoSuchSheet, msg, None);
        }
        found
    }

    /// A sheet's header row and columns: `cols` are the columns it may have (those in
    /// `required` must be there); other headers are returned in `extra` when `extra_ok`, else
    /// refused with the nearest names.
    pub fn table<'g>(&mut self, grid: &'g Grid, cols: &[Col], required: &[&str], extra_ok: bool) -> Option<Table<'g>> {
        let known = |t: &str| cols.iter().position(|c| c.matches(&key(t)));
        let header = grid
            .rows
            .iter()
            .take(HEADER_ROWS)
            .find(|(_, cells)| cells.iter().any(|(_, c)| matches!(c, OwnedCell::Text(t) if known(t).is_some())));
        let Some((&h, cells)) = header else {
            let names: Vec<String> = cols.iter().map(Col::header).collect();
            let msg = format!("no row of the first {HEADER_ROWS} has the headers {}", names.join(", "));
            self.problem(&Loc::sheet(&grid.sheet, "sheet"), ProblemKind::HeaderNotFound, msg, None);
            return None;
        };
        let mut t = Table { grid, header_row: h, cols: Vec::new(), extra: Vec::new() };
        for (c, cell) in cells {
            let Some(text) = crate::input::cell::read_text(cell.as_cell()) else { continue };
            let loc = t.header_loc(*c, &text);
            match known(&text) {
                Some(i) if t.cols.iter().any(|(_, f, _)| *f == cols[i].field) => {
                    self.problem(&loc, ProblemKind::DuplicateColumn, "the column is given twice", Some(text));
                }
                Some(i) => t.cols.push((*c, cols[i].field, text)),
                None if extra_ok => t.extra.push((*c, text)),
                None => {
                    let candidates: Vec<(String, &str)> = cols.iter().map(|c| (key(c.vi), c.vi)).collect();
                    let msg = format!("not a column of this sheet{}", did_you_mean(&suggest(&text, &candidates, 3)));
                    self.problem(&loc, ProblemKind::UnknownColumn, msg, Some(text));
                }
            }
        }
        for field in required.iter().filter(|f| t.col(f).is_none()) {
            let header = cols.iter().find(|c| c.field == *field).map_or_else(String::new, Col::header);
            let loc = Loc { row: Some(h + 1), ..Loc::sheet(&grid.sheet, "header row") };
            self.problem(&loc, ProblemKind::MissingColumn, format!("no column {header:?}"), None);
        }
        Some(t)
    }
}

/// One sheet's header and columns.
pub(super) struct Table<'g> {
    pub grid: &'g Grid,
    /// 0-based.
    pub header_row: u32,
    /// Column → the field it holds, and its header as written.
    pub cols: Vec<(u32, &'static str, String)>,
    /// Columns whose header is none of the sheet's fixed ones, with their header.
    pub extra: Vec<(u32, String)>,
}

/// One data row of a table: its 1-based number and its cells.
#[derive(Clone, Copy)]
pub(super) struct Row<'g> {
    pub number: u32,
    pub cells: &'g [(u32, OwnedCell)],
}

impl<'g> Row<'g> {
    /// The cell in a column (empty when the column is absent).
    pub fn cell(&self, col: Option<u32>) -> Cell<'g> {
        let found = col.and_then(|c| self.cells.iter().find(|(cc, _)| *cc == c));
        found.map_or(Cell::Empty, |(_, v)| v.as_cell())
    }

    /// The text of a cell, trimmed and NFC (`None` when empty).
    pub fn text(&self, col: Option<u32>) -> Option<String> {
        crate::input::cell::read_text(self.cell(col))
    }
}

impl<'g> Table<'g> {
    /// The column of a field.
    pub fn col(&self, field: &str) -> Option<u32> {
        self.cols.iter().find(|(_, f, _)| *f == field).map(|(c, _, _)| *c)
    }

    /// The data rows (below the header row).
    pub fn rows(&self) -> impl Iterator<Item = Row<'g>> + 'g {
        self.grid.rows.range(self.header_row + 1..).map(|(r, cells)| Row { number: r + 1, cells })
    }

    /// The place of a header cell.
    pub fn header_loc(&self, col: u32, header: &str) -> Loc {
        Loc { sheet: self.grid.sheet.clone(), row: Some(self.header_row + 1), col: Some(col), what: header.to_string() }
    }

    /// The place of a field's cell in a row (the row itself when the column is absent).
    pub fn loc(&self, row: u32, field: &str) -> Loc {
        let found = self.cols.iter().find(|(_, f, _)| *f == field);
        let what = found.map_or(field, |(_, _, h)| h.as_str()).to_string();
        Loc { sheet: self.grid.sheet.clone(), row: Some(row), col: found.map(|(c, _, _)| *c), what }
    }

    /// The place of a column in a row, named by what it holds.
    pub fn loc_at(&self, row: u32, col: u32, what: &str) -> Loc {
        Loc { sheet: self.grid.sheet.clone(), row: Some(row), col: Some(col), what: what.to_string() }
    }
}

/// Reads a set workbook from its bytes; every problem of the workbook at once.
pub(super) fn set_of_bytes(bytes: &[u8], source_name: &str) -> Result<CriteriaSet> {
    let catalog = |problems: Vec<Problem>| NtmError::Catalog { source_name: source_name.to_string(), problems };
    let grids = every_sheet(bytes, source_name).map_err(|e| match e {
        NtmError::Validation { problems, .. } => catalog(problems),
        other => other,
    })?;
    let mut rd = Reader::new(source_name);
    let file = super::rows::set_file(&mut rd, &grids);
    // Without one of its sheets or headers, the workbook is not a set workbook: validating
    // what could be read would only add noise.
    let shapeless = |p: &Problem| matches!(p.kind, ProblemKind::NoSuchSheet | ProblemKind::HeaderNotFound);
    if rd.problems.iter().any(shapeless) {
        return Err(catalog(rd.problems));
    }
    match CriteriaSet::try_from(file) {
        Ok(set) if rd.problems.is_empty() => Ok(set),
        Ok(_) => Err(catalog(rd.problems)),
        Err(NtmError::Catalog { problems, .. }) => {
            let mut all = std::mem::take(&mut rd.problems);
            for p in problems.into_iter().map(|p| rd.locate(p)) {
                // A value already refused while reading is not reported again by the validation.
                if !all.iter().any(|q| q.loc == p.loc) {
                    all.push(p);
                }
            }
            Err(catalog(all))
        }
        Err(other) => Err(other),
    }
}
