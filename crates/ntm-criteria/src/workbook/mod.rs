//! The report workbook (biểu): the figures of a progress report laid out as the Excel tables
//! offices attach to it, written with `rust_xlsxwriter` (cargo feature `xlsx`). The Python
//! package's `write_workbook` calls this module, so both languages write one layout.
//!
//! Four sheets, each with a title row that carries the place and date, a frozen header row,
//! sized columns and an A4 landscape page set-up:
//!
//! 1. **Tổng hợp / Summary**: communes per band with their shares, the communes meeting every
//!    criterion, the criteria met, the average, the communes with criteria not assessed, and the
//!    report sentence (with its honesty clause, [`Summary::not_assessed_clause`]);
//! 2. **Theo huyện / By district** (or the key of [`WorkbookOptions::by`]): one row per group
//!    with the same figures, and a total row;
//! 3. **Theo tiêu chí / By criterion**: communes meeting each criterion, overall and per group;
//! 4. **Danh sách xã / Communes**: one row per commune with its status per criterion, criteria
//!    met, band and recognition (no criterion columns when the table gives only counts). Its
//!    headers are ones the input layer reads, so the sheet reads back as the same
//!    [`CommuneTable`].
//!
//! Counts, averages and shares are numbers, never text: a share is stored as the fraction the
//! report prints (28,18% as 0.2818) with a percent format of the summary's precision, so a
//! reader gets the published figure. Written from a [`Summary`] alone, the workbook has sheet 1
//! (and sheet 3 when the summary has the per-criterion counts): the other sheets need the
//! communes.
//!
//! ```
//! use ntm_criteria::workbook::{ReportWorkbook, WorkbookOptions};
//! use ntm_criteria::{Banding, CommuneTable, ReportOptions};
//! # let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/data/lang_son_2020.csv");
//! let table = CommuneTable::from_path(path, 19)?; // Lạng Sơn, July 2020: 181 xã
//! let options = WorkbookOptions {
//!     place: Some("Lạng Sơn".into()),
//!     banding: Some(Banding::official().with_label(3, "từ 5-9", "5-9")?),
//!     report: ReportOptions::default().as_of("Đến hết tháng 7/2020"),
//!     ..WorkbookOptions::default()
//! };
//! let book = ReportWorkbook::from_table(&table, options)?;
//! assert_eq!(book.sheet_names(), ["Tổng hợp", "Theo huyện", "Theo tiêu chí", "Danh sách xã"]);
//! assert!(book.sentence().starts_with("Đến hết tháng 7/2020, số tiêu chí bình quân 01 xã đạt 11,66 tiêu chí/xã"));
//! let bytes = book.to_bytes()?; // or book.save("lang_son_2020.xlsx")
//! assert_eq!(&bytes[..2], b"PK");
//! # Ok::<(), ntm_criteria::NtmError>(())
//! ```

mod layout;
mod sheets;
mod words;

use std::path::Path;

use rust_xlsxwriter::{Workbook, XlsxError};

use crate::band::Banding;
use crate::catalog::CriteriaSet;
use crate::communes::{CommuneTable, group_key};
use crate::error::{NtmError, Result};
use crate::report::{Lang, ReportOptions};
use crate::summary::{Summary, SummaryOptions};

/// How the workbook is written.
///
/// ```
/// let o = ntm_criteria::workbook::WorkbookOptions::default();
/// assert_eq!((o.lang, o.by.as_str()), (ntm_criteria::Lang::Vi, "district"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkbookOptions {
    /// Language of the headers, labels and sentence.
    pub lang: Lang,
    /// The column the second sheet groups by (see [`group_key`]): `district` by default;
    /// `province` for a table of several provinces, as the 2025 map has no districts.
    pub by: String,
    /// The place the title rows name ("Lạng Sơn").
    pub place: Option<String>,
    /// The banding; `None` for the default of the table's criteria count. A banding that does
    /// not fit the criteria count is refused ([`Banding::check_criteria_count`]).
    pub banding: Option<Banding>,
    /// Precision and rounding of shares and averages.
    pub summary: SummaryOptions,
    /// The sentence's options; its `as_of` phrase also goes into the title rows.
    pub report: ReportOptions,
}

impl Default for WorkbookOptions {
    fn default() -> Self {
        WorkbookOptions {
            lang: Lang::Vi,
            by: "district".into(),
            place: None,
            banding: None,
            summary: SummaryOptions::default(),
            report: ReportOptions::default(),
        }
    }
}

impl WorkbookOptions {
    fn banding_for(&self, criteria_count: u32) -> Result<Banding> {
        Banding::given_or_default(self.banding.as_ref(), criteria_count)
    }
}

/// The figures of one workbook, ready to be written: see the [module](self) documentation.
#[derive(Debug, Clone)]
pub struct ReportWorkbook<'a> {
    options: WorkbookOptions,
    overall: Summary,
    groups: Option<Vec<(String, Summary)>>,
    /// The communes and the banding that places each of them (sheet 4).
    table: Option<(&'a CommuneTable, Banding)>,
    set: Option<&'a CriteriaSet>,
}

impl<'a> ReportWorkbook<'a> {
    /// The four sheets of a communes table: summarised overall and by [`WorkbookOptions::by`].
    ///
    /// ```
    /// use ntm_criteria::workbook::{ReportWorkbook, WorkbookOptions};
    /// use ntm_criteria::{Banding, Band, CommuneTable};
    /// let t = CommuneTable::from_csv_reader("code,district,met_count\n001,A,19\n002,B,7\n".as_bytes(), "t.csv", 19)?;
    /// let book = ReportWorkbook::from_table(&t, WorkbookOptions::default())?;
    /// assert_eq!(book.groups().map(|g| g.len()), Some(2));
    /// let typo = Banding::new(vec![Band::new(15, 25, "15-25", "15-25"), Band::new(0, 14, "dưới 15", "under 15")], 25, false)?;
    /// let err = ReportWorkbook::from_table(&t, WorkbookOptions { banding: Some(typo), ..WorkbookOptions::default() }).unwrap_err();
    /// assert!(err.to_string().contains("band \"15-25\" goes to 25"));
    /// # Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn from_table(table: &'a CommuneTable, options: WorkbookOptions) -> Result<ReportWorkbook<'a>> {
        let banding = options.banding_for(table.criteria_count)?;
        let key = group_key(&options.by)?;
        let overall = table.summary(&banding, options.summary)?;
        let groups = table.summary_by(key, &banding, options.summary)?.into_iter().collect();
        Ok(ReportWorkbook { options, overall, groups: Some(groups), table: Some((table, banding)), set: None })
    }

    /// The summary sheet (and the per-criterion sheet when `summary` has the counts per
    /// criterion) of a summary alone, labelled with the summary's own bands.
    ///
    /// ```
    /// use ntm_criteria::workbook::{ReportWorkbook, WorkbookOptions};
    /// use ntm_criteria::{Banding, Summary, SummaryOptions};
    /// let s = Summary::from_band_counts(&[51, 4, 36, 90, 0], 2110, &Banding::official(), SummaryOptions::default())?;
    /// let book = ReportWorkbook::from_summary(&s, WorkbookOptions::default());
    /// assert_eq!(book.sheet_names(), ["Tổng hợp"]);
    /// # Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn from_summary(summary: &Summary, options: WorkbookOptions) -> ReportWorkbook<'a> {
        ReportWorkbook { options, overall: summary.clone(), groups: None, table: None, set: None }
    }

    /// Names the criteria (sheet 3) from their set, which must have the table's criteria count.
    ///
    /// ```
    /// use ntm_criteria::workbook::{ReportWorkbook, WorkbookOptions};
    /// use ntm_criteria::{CommuneTable, CriteriaSet};
    /// let t = CommuneTable::from_csv_reader("code,met_count\n001,19\n".as_bytes(), "t.csv", 19)?;
    /// let book = ReportWorkbook::from_table(&t, WorkbookOptions::default())?;
    /// assert!(book.clone().with_criteria(CriteriaSet::bundled("2016-2020")?).is_ok());
    /// assert!(book.with_criteria(CriteriaSet::bundled("2026-2030")?).is_err()); // 10 criteria
    /// # Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn with_criteria(mut self, set: &'a CriteriaSet) -> Result<ReportWorkbook<'a>> {
        if set.criteria_count() != self.overall.criteria_count {
            return Err(NtmError::InvalidArgument {
                argument: "criteria_set".into(),
                reason: format!(
                    "set {} has {} criteria but the data has {}",
                    set.id(),
                    set.criteria_count(),
                    self.overall.criteria_count
                ),
            });
        }
        // A village set's workbook counts villages: its sentence and its labels say "thôn".
        self.overall = self.overall.with_unit(set.unit());
        if let Some(groups) = self.groups.take() {
            self.groups = Some(groups.into_iter().map(|(k, s)| (k, s.with_unit(set.unit()))).collect());
        }
        self.set = Some(set);
        Ok(self)
    }

    /// The overall summary.
    ///
    /// ```
    /// use ntm_criteria::workbook::{ReportWorkbook, WorkbookOptions};
    /// use ntm_criteria::CommuneTable;
    /// let t = CommuneTable::from_csv_reader("code,met_count\n001,19\n002,7\n".as_bytes(), "t.csv", 19)?;
    /// assert_eq!(ReportWorkbook::from_table(&t, WorkbookOptions::default())?.summary().communes, 2);
    /// # Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn summary(&self) -> &Summary {
        &self.overall
    }

    /// The summaries of the second sheet, in key order (`None` for a workbook of a summary).
    ///
    /// ```
    /// use ntm_criteria::workbook::{ReportWorkbook, WorkbookOptions};
    /// use ntm_criteria::CommuneTable;
    /// let t = CommuneTable::from_csv_reader("code,district,met_count\n001,B,19\n002,A,7\n".as_bytes(), "t.csv", 19)?;
    /// let book = ReportWorkbook::from_table(&t, WorkbookOptions::default())?;
    /// let keys: Vec<_> = book.groups().unwrap().iter().map(|(k, _)| k.as_str()).collect();
    /// assert_eq!(keys, ["A", "B"]);
    /// # Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn groups(&self) -> Option<&[(String, Summary)]> {
        self.groups.as_deref()
    }

    /// The report sentence the summary sheet carries.
    ///
    /// ```
    /// use ntm_criteria::workbook::{ReportWorkbook, WorkbookOptions};
    /// use ntm_criteria::CommuneTable;
    /// let t = CommuneTable::from_csv_reader("code,c1,c2,c3,c4,c5,c6,c7,c8,c9,c10,c11,c12,c13,c14,c15,c16,c17,c18,c19\n001,Đạt,,,,,,,,,,,,,,,,,,\n".as_bytes(), "t.csv", 19)?;
    /// let book = ReportWorkbook::from_table(&t, WorkbookOptions::default())?;
    /// assert!(book.sentence().contains("(01 xã còn tiêu chí chưa đánh giá)"));
    /// # Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn sentence(&self) -> String {
        self.overall.report(self.options.lang, &self.options.report)
    }

    /// The names of the sheets that will be written, in order.
    ///
    /// ```
    /// use ntm_criteria::workbook::{ReportWorkbook, WorkbookOptions};
    /// use ntm_criteria::{CommuneTable, Lang};
    /// let t = CommuneTable::from_csv_reader("code,province,met_count\n001,Lạng Sơn,19\n".as_bytes(), "t.csv", 19)?;
    /// let o = WorkbookOptions { lang: Lang::En, by: "province".into(), ..WorkbookOptions::default() };
    /// assert_eq!(ReportWorkbook::from_table(&t, o)?.sheet_names(), ["Summary", "By province", "Communes"]);
    /// # Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn sheet_names(&self) -> Vec<String> {
        let w = words::of(self.options.lang, self.overall.unit);
        let mut names = vec![w.sheet_summary.to_string()];
        if self.groups.is_some() {
            names.push(words::group_sheet(self.options.lang, &self.options.by));
        }
        if self.overall.per_criterion.is_some() {
            names.push(w.sheet_criteria.to_string());
        }
        if self.table.is_some() {
            names.push(w.sheet_communes.to_string());
        }
        names
    }

    /// Writes the workbook to `path` (an existing file is replaced).
    ///
    /// ```
    /// use ntm_criteria::workbook::{ReportWorkbook, WorkbookOptions};
    /// use ntm_criteria::{CommuneTable, NtmError};
    /// let t = CommuneTable::from_csv_reader("code,met_count\n001,19\n".as_bytes(), "t.csv", 19)?;
    /// let err = ReportWorkbook::from_table(&t, WorkbookOptions::default())?.save("/no/such/dir/x.xlsx").unwrap_err();
    /// assert!(matches!(err, NtmError::Write { .. }), "{err}");
    /// # Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn save(&self, path: impl AsRef<Path>) -> Result<()> {
        let path = path.as_ref();
        let written = |e: XlsxError| NtmError::Write { path: path.display().to_string(), message: e.to_string() };
        let mut wb = self.build().map_err(written)?;
        wb.save(path).map_err(written)
    }

    /// The workbook as the bytes of an `.xlsx` file (for a web response, or `io.BytesIO`).
    ///
    /// ```
    /// use ntm_criteria::workbook::{ReportWorkbook, WorkbookOptions};
    /// use ntm_criteria::CommuneTable;
    /// let t = CommuneTable::from_csv_reader("code,met_count\n001,19\n".as_bytes(), "t.csv", 19)?;
    /// let bytes = ReportWorkbook::from_table(&t, WorkbookOptions::default())?.to_bytes()?;
    /// assert!(bytes.starts_with(b"PK\x03\x04"));
    /// # Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        let written = |e: XlsxError| NtmError::Write { path: "<bytes>".into(), message: e.to_string() };
        self.build().map_err(written)?.save_to_buffer().map_err(written)
    }

    fn build(&self) -> std::result::Result<Workbook, XlsxError> {
        let mut wb = Workbook::new();
        let ctx = sheets::Context::new(self);
        sheets::summary(&mut wb, &ctx)?;
        if let Some(groups) = &self.groups {
            sheets::groups(&mut wb, &ctx, groups)?;
        }
        if self.overall.per_criterion.is_some() {
            sheets::criteria(&mut wb, &ctx, self.groups.as_deref().unwrap_or(&[]), self.set)?;
        }
        if let Some((table, banding)) = &self.table {
            sheets::communes(&mut wb, &ctx, table, banding)?;
        }
        Ok(wb)
    }
}
