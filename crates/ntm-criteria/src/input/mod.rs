//! The input layer: every door (CSV, Excel, pandas, Arrow, polars, dicts, Rust callers) reads
//! through it, so that the same cell means the same thing whichever door it came through.
//!
//! A door only decodes its format into columns ([`SourceColumn`]: a header as typed and its
//! cells, typed or text, dictionary-encoded or Arrow strings read in place). One reader then
//! does the rest, each concern written once:
//!
//! - [`header`]: a header → its role (commune code, name, district, province, region, commune
//!   group, ĐBKK flag, criteria, indicators and their components), with aliases for the
//!   Vietnamese headers offices use and a suggestion for an unknown one;
//! - [`cell`]: a cell → a number, a verdict, a flag, a count, a key (the one cell parser);
//! - the reader: codes (empty and duplicate codes refused with their rows), keys, indicator
//!   columns for the batch kernel, criterion columns, passthrough columns, and every problem
//!   (at most [`Problems::CAP`], the rest counted by kind).
//!
//! The formats: [`csv`] (BOM, delimiter sniffing, CR/LF/CRLF line ends, comments) and, with the
//! `excel` feature, [`excel`] (`.xlsx`, `.xlsm`, `.xlsb`, `.xls`, `.ods` through `calamine`, with
//! limits for untrusted workbooks). [`read_path`] chooses the format by extension. Adding a
//! format means adding one module that produces a [`Source`].
//!
//! ```
//! use ntm_criteria::input::{read_path, ReadOptions, Table};
//! # let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/data/lang_son_2020.csv");
//! let Table::Criteria(t) = read_path(path, &ReadOptions::criteria(19))? else { unreachable!() };
//! assert_eq!(t.len(), 181);
//! # Ok::<(), ntm_criteria::NtmError>(())
//! ```

pub mod cell;
mod column;
pub mod counts;
pub mod csv;
#[cfg(feature = "excel")]
pub mod excel;
#[cfg(feature = "excel")]
mod excel_limits;
pub mod header;
mod ids;
mod keys;
mod plan;
mod problems;
mod read;
pub mod record;
mod summary;
mod tables;
mod values;

pub use column::{Codes, ColumnData, Missing, Offsets, OwnedCell, SourceColumn, TextChunk, TextLayout};
pub use problems::Problems;
pub use read::{IndicatorColumn, Read, read};

use std::path::Path;

use crate::assess::Profile;
use crate::catalog::CriteriaSet;
use crate::communes::{CommuneTable, IndicatorTable};
use crate::error::{NtmError, Result};
use crate::input::header::{Role, header_key};

/// What a read is for, and the columns the caller names.
///
/// ```
/// use ntm_criteria::input::ReadOptions;
/// use ntm_criteria::{CriteriaSet, Profile, Region};
/// let set = CriteriaSet::bundled("2016-2020")?;
/// let o = ReadOptions::indicators(set).defaults(Profile::region(Region::NorthernMidlandsMountains)).keep(["Ghi chú"]);
/// assert_eq!(o.criteria_count, 19);
/// # Ok::<(), ntm_criteria::NtmError>(())
/// ```
#[derive(Debug, Clone)]
pub struct ReadOptions<'s> {
    /// The set of an indicator-level read; `None` for a criterion-level one.
    pub set: Option<&'s CriteriaSet>,
    /// The number of criteria (the set's, for an indicator-level read).
    pub criteria_count: u32,
    /// The region, commune group and ĐBKK flag of rows that do not give theirs.
    pub defaults: Profile,
    /// More columns passed through to the output (besides name, district and province).
    pub keep: Vec<String>,
    /// Columns left out.
    pub ignore: Vec<String>,
    /// The column of commune codes, when its header is not one of the recognised ones.
    pub id_column: Option<String>,
    /// The column of regions (or provinces) to use.
    pub region_column: Option<String>,
    /// The column of commune groups to use.
    pub commune_group_column: Option<String>,
    /// The column of ĐBKK/ATK flags to use.
    pub disadvantaged_column: Option<String>,
    /// The column of counts of criteria met to use.
    pub met_count_column: Option<String>,
    /// The column a caller groups the rows by (`by=`): it must exist; its role is unchanged.
    pub group_column: Option<String>,
    /// Refuse a read without a column for every indicator of the set.
    pub require_all: bool,
    /// Refuse a table without criteria or indicator columns.
    pub require_data: bool,
    /// The line of the header row, for the problems of the header (files).
    pub header_row: Option<usize>,
    /// The sheet of a workbook (default: the first sheet).
    pub sheet: Option<String>,
    /// Leave out the columns no role matches instead of refusing them (a summary of any frame
    /// with a `met_count` or criterion columns).
    pub lenient: bool,
    /// What a row is: a commune, or a village (then `Thôn` is the row's name and `Xã` its
    /// commune). A read against a set takes the set's unit.
    pub unit: crate::AssessedUnit,
    /// A criterion-level read takes its number of criteria from its criterion columns (the
    /// highest: `c10`, `TC 10` or `Tiêu chí 10` gives 10), and `criteria_count` only when it has
    /// none (a `met_count` or criteria list table). Every door without a given count reads so
    /// ([`ReadOptions::criteria_from_columns`]).
    pub criteria_from_columns: bool,
}

impl<'s> ReadOptions<'s> {
    /// A criterion-level read of `criteria_count` criteria (1..=32; checked by the read).
    ///
    /// ```
    /// assert!(ntm_criteria::input::ReadOptions::criteria(10).set.is_none());
    /// ```
    pub fn criteria(criteria_count: u32) -> ReadOptions<'static> {
        ReadOptions {
            set: None,
            criteria_count,
            defaults: Profile::default(),
            keep: Vec::new(),
            ignore: Vec::new(),
            id_column: None,
            region_column: None,
            commune_group_column: None,
            disadvantaged_column: None,
            met_count_column: None,
            group_column: None,
            require_all: false,
            require_data: true,
            header_row: None,
            sheet: None,
            lenient: false,
            unit: crate::AssessedUnit::Commune,
            criteria_from_columns: false,
        }
    }

    /// A criterion-level read whose number of criteria is that of its criterion columns (the
    /// highest), or [`crate::DEFAULT_CRITERIA_COUNT`] (19) when it has none: the read of a
    /// table when the caller gives no count, in every door.
    ///
    /// ```
    /// use ntm_criteria::input::{csv, read_source, ReadOptions, Table};
    /// let src = csv::source(b"code,TC1,TC2,TC3,TC4,TC5,TC6,TC7,TC8,TC9,TC10\n001,x,x,x,x,x,x,x,x,x,x\n", "t.csv");
    /// let Table::Criteria(t) = read_source(src, &ReadOptions::criteria_from_columns())? else { unreachable!() };
    /// assert_eq!((t.criteria_count, t.rows[0].met_count), (10, 10));
    /// let src = csv::source(b"code,met_count\n001,12\n", "t.csv");
    /// let Table::Criteria(t) = read_source(src, &ReadOptions::criteria_from_columns())? else { unreachable!() };
    /// assert_eq!(t.criteria_count, 19);
    /// # Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn criteria_from_columns() -> ReadOptions<'static> {
        ReadOptions { criteria_from_columns: true, ..ReadOptions::criteria(crate::DEFAULT_CRITERIA_COUNT) }
    }

    /// These options with the number of criteria settled for a source with these columns
    /// ([`ReadOptions::criteria_from_columns`]). A column past the 32 criteria a table can hold
    /// leaves 32, so that the read refuses that column where it is.
    pub(crate) fn settled(&self, columns: &[SourceColumn<'_>]) -> ReadOptions<'s> {
        let mut o = self.clone();
        if o.set.is_none() && o.criteria_from_columns {
            let names: Vec<&str> = columns.iter().map(|c| c.name.as_str()).collect();
            match header::criteria_count_of_columns(&names) {
                Ok(Some(n)) => o.criteria_count = n,
                Ok(None) => {}
                Err(_) => o.criteria_count = 32,
            }
            o.criteria_from_columns = false;
        }
        o
    }

    /// An indicator-level read against `set`.
    ///
    /// ```
    /// let set = ntm_criteria::CriteriaSet::bundled("2026-2030")?;
    /// assert_eq!(ntm_criteria::input::ReadOptions::indicators(set).criteria_count, 10);
    /// # Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn indicators(set: &'s CriteriaSet) -> ReadOptions<'s> {
        ReadOptions {
            set: Some(set),
            criteria_count: set.criteria_count(),
            unit: set.unit(),
            ..ReadOptions::criteria(0)
        }
    }

    /// A read whose rows are `unit`s: a village workbook read back at criterion level.
    ///
    /// ```
    /// use ntm_criteria::{input::ReadOptions, AssessedUnit};
    /// assert_eq!(ReadOptions::criteria(14).unit(AssessedUnit::Village).unit, AssessedUnit::Village);
    /// ```
    pub fn unit(mut self, unit: crate::AssessedUnit) -> Self {
        self.unit = unit;
        self
    }

    /// Sets the defaults of rows without a region, group or flag of their own.
    ///
    /// ```
    /// use ntm_criteria::{input::ReadOptions, CommuneGroup, Profile};
    /// let o = ReadOptions::criteria(10).defaults(Profile::group(CommuneGroup::G3));
    /// assert_eq!(o.defaults.group, Some(CommuneGroup::G3));
    /// ```
    pub fn defaults(mut self, defaults: Profile) -> Self {
        self.defaults = defaults;
        self
    }

    /// Passes more columns through to the output.
    ///
    /// ```
    /// assert_eq!(ntm_criteria::input::ReadOptions::criteria(19).keep(["Ghi chú"]).keep, ["Ghi chú"]);
    /// ```
    pub fn keep<S: Into<String>>(mut self, columns: impl IntoIterator<Item = S>) -> Self {
        self.keep.extend(columns.into_iter().map(Into::into));
        self
    }

    /// Leaves columns out.
    ///
    /// ```
    /// assert_eq!(ntm_criteria::input::ReadOptions::criteria(19).ignore(["x"]).ignore, ["x"]);
    /// ```
    pub fn ignore<S: Into<String>>(mut self, columns: impl IntoIterator<Item = S>) -> Self {
        self.ignore.extend(columns.into_iter().map(Into::into));
        self
    }

    /// Chooses the sheet of a workbook.
    ///
    /// ```
    /// assert_eq!(ntm_criteria::input::ReadOptions::criteria(19).sheet("Biểu 01").sheet.as_deref(), Some("Biểu 01"));
    /// ```
    pub fn sheet(mut self, sheet: impl Into<String>) -> Self {
        self.sheet = Some(sheet.into());
        self
    }

    /// The role a caller gave a column by name (`id_column`, `region_column`, …).
    pub(crate) fn explicit_role(&self, header: &str) -> Option<Role> {
        let key = header_key(header);
        let role_giving = self.explicit_columns().filter(|(param, _)| *param != "by");
        role_giving.into_iter().find(|(_, name)| header_key(name) == key).map(|(param, _)| match param {
            "id_col" => Role::Id,
            "region_col" => Role::Region,
            "commune_group_col" => Role::CommuneGroup,
            "count_col" => Role::MetCount,
            _ => Role::Disadvantaged,
        })
    }

    /// `(parameter, column)` of the columns a caller named.
    pub(crate) fn explicit_columns(&self) -> impl Iterator<Item = (&'static str, &str)> {
        [
            ("id_col", &self.id_column),
            ("region_col", &self.region_column),
            ("commune_group_col", &self.commune_group_column),
            ("disadvantaged_col", &self.disadvantaged_column),
            ("count_col", &self.met_count_column),
            ("by", &self.group_column),
        ]
        .into_iter()
        .filter_map(|(p, c)| c.as_deref().map(|c| (p, c)))
    }

    /// Refuses a criteria count the library cannot hold.
    pub(crate) fn check(&self) -> Result<()> {
        crate::band::criteria_count(i64::from(self.criteria_count)).map(|_| ())
    }
}

/// The role of each column a read would give these headers (`None`: left out or unknown),
/// without reading any cell: a door uses it to decode only the columns a role needs.
///
/// ```
/// use ntm_criteria::input::{header::Role, roles, ReadOptions};
/// let set = ntm_criteria::CriteriaSet::bundled("2016-2020")?;
/// let r = roles(&["Mã xã", "Tên xã", "10", "bogus"], &ReadOptions::indicators(set));
/// assert_eq!(r, [Some(Role::Id), Some(Role::Name), Some(Role::Indicator(set.indicator_index("10")?)), None]);
/// # Ok::<(), ntm_criteria::NtmError>(())
/// ```
pub fn roles(headers: &[&str], options: &ReadOptions<'_>) -> Vec<Option<Role>> {
    let columns: Vec<SourceColumn<'_>> = headers.iter().map(|h| SourceColumn::new(*h, ColumnData::Unread(0))).collect();
    plan::plan(&columns, options, &mut Problems::new()).roles
}

/// Whether a column of this role is read cell by cell (the others are passed through as they
/// are, or left out).
///
/// ```
/// use ntm_criteria::input::{header::Role, needs_cells};
/// assert!(needs_cells(Some(Role::Id)) && !needs_cells(Some(Role::Name)) && !needs_cells(None));
/// ```
pub fn needs_cells(role: Option<Role>) -> bool {
    // The province gives the region of rows without one; names and districts pass through.
    role.is_some_and(|r| {
        !matches!(r, Role::Name | Role::CommuneCode | Role::Commune | Role::DistrictCode | Role::District)
    })
}

/// The file line (or frame row) of each data row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowNumbers {
    /// Row `r` is `r + 1` (a frame's 1-based data row).
    Data,
    /// Row `r` is on line `lines[r]` of the file or sheet, as a spreadsheet numbers it.
    Lines(Vec<u64>),
}

impl RowNumbers {
    /// The number of row `r` in messages.
    ///
    /// ```
    /// use ntm_criteria::input::RowNumbers;
    /// assert_eq!(RowNumbers::Data.of(0), 1);
    /// assert_eq!(RowNumbers::Lines(vec![3, 5]).of(1), 5);
    /// ```
    pub fn of(&self, r: usize) -> usize {
        match self {
            RowNumbers::Data => r + 1,
            RowNumbers::Lines(l) => l.get(r).map_or(r + 1, |&x| x as usize),
        }
    }
}

/// What a door hands to the reader: the columns of one table, and what the door found wrong
/// with its rows (a malformed record, a row with extra fields: reported once, and its cells not
/// checked again).
#[derive(Debug, Clone)]
pub struct Source<'a> {
    /// The file (and sheet) or frame, for messages.
    pub name: String,
    /// The columns, in input order.
    pub columns: Vec<SourceColumn<'a>>,
    /// The number of data rows.
    pub rows: usize,
    /// The number of each row in messages.
    pub row_numbers: RowNumbers,
    /// Rows whose cells are not checked (the door reported them already).
    pub broken: Vec<usize>,
    /// The problems the door found.
    pub problems: Problems,
    /// The line of the header row.
    pub header_row: Option<usize>,
}

impl<'a> Source<'a> {
    /// Columns of a frame (rows numbered from 1, no header line).
    ///
    /// ```
    /// use ntm_criteria::input::{ColumnData, Source, SourceColumn};
    /// let s = Source::frame("frame", vec![SourceColumn::new("10", ColumnData::float(&[40.0]))]);
    /// assert_eq!(s.rows, 1);
    /// ```
    pub fn frame(name: impl Into<String>, columns: Vec<SourceColumn<'a>>) -> Source<'a> {
        let rows = columns.first().map_or(0, |c| c.data.len());
        Source {
            name: name.into(),
            columns,
            rows,
            row_numbers: RowNumbers::Data,
            broken: Vec::new(),
            problems: Problems::new(),
            header_row: None,
        }
    }
}

/// A table read from a file: criterion-level without a set, indicator-level with one.
#[derive(Debug, Clone, PartialEq)]
#[allow(clippy::large_enum_variant)]
pub enum Table {
    /// Criteria met per commune ([`ReadOptions::criteria`]).
    Criteria(CommuneTable),
    /// Indicator values per commune ([`ReadOptions::indicators`]).
    Indicators(IndicatorTable),
}

/// The formats [`read_path`] knows, by extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Delimited text (`.csv`, `.txt`, `.tsv`).
    Csv,
    /// A workbook (`.xlsx`, `.xlsm`, `.xlsb`, `.xls`, `.ods`).
    Excel,
}

impl Format {
    /// The format of a path, by its extension (case ignored); `None` when unknown.
    ///
    /// ```
    /// use ntm_criteria::input::Format;
    /// assert_eq!(Format::of("Biểu 01.XLSX".as_ref()), Some(Format::Excel));
    /// assert_eq!(Format::of("a.csv".as_ref()), Some(Format::Csv));
    /// assert_eq!(Format::of("a.pdf".as_ref()), None);
    /// ```
    pub fn of(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "csv" | "txt" | "tsv" => Some(Format::Csv),
            "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" => Some(Format::Excel),
            _ => None,
        }
    }
}

/// Decodes a file into a [`Source`] by its format (a workbook's sheet and header row are
/// chosen with `options`).
///
/// ```
/// # let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/data/lang_son_2020.csv");
/// let s = ntm_criteria::input::source_of_path(path.as_ref(), &ntm_criteria::input::ReadOptions::criteria(19))?;
/// assert_eq!(s.rows, 181);
/// # Ok::<(), ntm_criteria::NtmError>(())
/// ```
pub fn source_of_path(path: &Path, options: &ReadOptions<'_>) -> Result<Source<'static>> {
    let name = path.display().to_string();
    match Format::of(path) {
        Some(Format::Excel) => excel_source(path, options),
        Some(Format::Csv) | None => {
            if options.sheet.is_some() {
                return Err(NtmError::InvalidArgument {
                    argument: "sheet".into(),
                    reason: format!("{name} is not a workbook: a sheet applies to .xlsx, .xls and .ods files"),
                });
            }
            let bytes = std::fs::read(path).map_err(|e| NtmError::Io { path: name.clone(), message: e.to_string() })?;
            Ok(csv::source(&bytes, &name))
        }
    }
}

#[cfg(feature = "excel")]
fn excel_source(path: &Path, options: &ReadOptions<'_>) -> Result<Source<'static>> {
    excel::source_of_path(path, options)
}

#[cfg(not(feature = "excel"))]
fn excel_source(path: &Path, _options: &ReadOptions<'_>) -> Result<Source<'static>> {
    Err(NtmError::Io {
        path: path.display().to_string(),
        message: "this build of ntm-criteria reads no workbooks: enable the `excel` feature".into(),
    })
}

/// Reads a communes file (CSV or workbook, by extension) into a table.
///
/// ```
/// use ntm_criteria::input::{read_path, ReadOptions, Table};
/// let err = read_path("missing.xlsx", &ReadOptions::criteria(19)).unwrap_err();
/// assert!(matches!(err, ntm_criteria::NtmError::Io { .. }));
/// ```
pub fn read_path(path: impl AsRef<Path>, options: &ReadOptions<'_>) -> Result<Table> {
    options.check()?;
    let source = source_of_path(path.as_ref(), options)?;
    read_source(source, options)
}

/// Reads a decoded [`Source`] into a table (the common end of every file door).
///
/// ```
/// use ntm_criteria::input::{csv, read_source, ReadOptions, Table};
/// let src = csv::source(b"code,met_count\n001,19\n", "t.csv");
/// let Table::Criteria(t) = read_source(src, &ReadOptions::criteria(19))? else { unreachable!() };
/// assert_eq!(t.rows[0].met_count, 19);
/// # Ok::<(), ntm_criteria::NtmError>(())
/// ```
pub fn read_source(source: Source<'_>, options: &ReadOptions<'_>) -> Result<Table> {
    options.check()?;
    let mut options = options.clone();
    options.header_row = source.header_row;
    let name = source.name.clone();
    let read = read::read(source, &options)?;
    tables::table(read, &options, &name)
}
