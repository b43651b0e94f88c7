//! Communes tables: criterion level ([`CommuneTable`], what most reports hold) and indicator
//! level ([`IndicatorTable`]), read from CSV or a workbook by the input layer
//! ([`crate::input`]).
//!
//! The criterion-level format is the one of `examples/data/lang_son_2020.csv`:
//!
//! ```text
//! # comment lines start with '#'
//! code,name,district_code,district,region,criteria_met,met_count,recognition,recognition_year,recognition_decision
//! 05992,Mai Pha,178,Thành phố Lạng Sơn,NMM,1;2;3;4;5;6;7;8;9;10;11;12;13;14;15;16;17;18;19,19,ntm,2012,
//! ```
//!
//! Only `code` is required, plus the criteria: `criteria_met` (criterion numbers separated by
//! `;`), criterion columns (`c1`…`cN`, `TC1`, `Tiêu chí 1`: Đạt / Không đạt / empty), or
//! `met_count`. Optional columns: `name`, `district_code`, `district`, `province`, `region`,
//! `commune_group`, `disadvantaged`, `recognition` (`ntm`, `nang_cao`, `kieu_mau` or empty),
//! `recognition_year`, `recognition_decision`; the Vietnamese headers offices use (`Mã xã`, `Tên
//! xã`, `Huyện`, `Tỉnh`, …) are aliases. Any other column is an error (with the nearest name),
//! so that nothing is silently ignored, unless it is kept or ignored on request
//! ([`crate::input::ReadOptions`]). The file rules (BOM, delimiters, line ends, comments) are
//! those of [`crate::input::csv`]; problems name the line of the file as a spreadsheet shows it.
//! The parsing rules are in `docs/input-rules.md`.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::assess::{Assessment, Profile, Value};
use crate::assessed::AssessedUnit;
use crate::band::Banding;
use crate::batch::{BatchBuffers, Column, Keys};
use crate::catalog::CriteriaSet;
use crate::error::{NtmError, Result};
use crate::input::{IndicatorColumn, ReadOptions, Table, read_path, read_source};
use crate::mask::CriteriaMask;
use crate::region::{CommuneGroup, Region};
use crate::summary::{Summary, SummaryOptions, Tally};
use crate::text::fold;

/// Recognition level (mức công nhận).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecognitionLevel {
    /// Not recognised.
    #[default]
    None,
    /// Recognised as a new rural commune (xã đạt chuẩn NTM).
    Ntm,
    /// Recognised at the advanced level (NTM nâng cao).
    NangCao,
    /// Recognised as a model commune (NTM kiểu mẫu).
    KieuMau,
}

impl RecognitionLevel {
    /// Parses `""`, `ntm`, `nang_cao` / `nâng cao` / `NTM advanced`, `kieu_mau` / `kiểu mẫu` /
    /// `NTM model` (what [`RecognitionLevel::label`] writes reads back).
    ///
    /// ```
    /// use ntm_criteria::RecognitionLevel;
    /// assert_eq!(RecognitionLevel::parse("Nâng cao")?, RecognitionLevel::NangCao);
    /// assert_eq!(RecognitionLevel::parse("NTM model")?, RecognitionLevel::KieuMau);
    /// assert_eq!(RecognitionLevel::parse("")?, RecognitionLevel::None);
    /// assert!(RecognitionLevel::parse("gold").is_err());
    /// Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn parse(s: &str) -> Result<RecognitionLevel> {
        match fold(s).replace(' ', "_").as_str() {
            "" | "none" | "khong" => Ok(RecognitionLevel::None),
            "ntm" | "dat_chuan" | "nong_thon_moi" => Ok(RecognitionLevel::Ntm),
            "nang_cao" | "ntm_nang_cao" | "nangcao" | "advanced" | "ntm_advanced" => Ok(RecognitionLevel::NangCao),
            "kieu_mau" | "ntm_kieu_mau" | "kieumau" | "model" | "ntm_model" => Ok(RecognitionLevel::KieuMau),
            _ => Err(NtmError::InvalidArgument {
                argument: "recognition".into(),
                reason: format!("{s:?} is not a recognition level (ntm, nang_cao, kieu_mau or empty)"),
            }),
        }
    }

    /// `""`, `"ntm"`, `"nang_cao"` or `"kieu_mau"`.
    ///
    /// ```
    /// assert_eq!(ntm_criteria::RecognitionLevel::KieuMau.as_str(), "kieu_mau");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            RecognitionLevel::None => "",
            RecognitionLevel::Ntm => "ntm",
            RecognitionLevel::NangCao => "nang_cao",
            RecognitionLevel::KieuMau => "kieu_mau",
        }
    }

    /// The level as a report writes it: `NTM`, `NTM nâng cao`, `NTM kiểu mẫu` (English: `NTM`,
    /// `NTM advanced`, `NTM model`), empty when not recognised. [`RecognitionLevel::parse`]
    /// reads each back.
    ///
    /// ```
    /// use ntm_criteria::{Lang, RecognitionLevel};
    /// assert_eq!(RecognitionLevel::NangCao.label(Lang::Vi), "NTM nâng cao");
    /// assert_eq!(RecognitionLevel::parse(RecognitionLevel::KieuMau.label(Lang::En))?, RecognitionLevel::KieuMau);
    /// # Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn label(self, lang: crate::Lang) -> &'static str {
        match (self, lang) {
            (RecognitionLevel::None, _) => "",
            (RecognitionLevel::Ntm, _) => "NTM",
            (RecognitionLevel::NangCao, crate::Lang::Vi) => "NTM nâng cao",
            (RecognitionLevel::NangCao, crate::Lang::En) => "NTM advanced",
            (RecognitionLevel::KieuMau, crate::Lang::Vi) => "NTM kiểu mẫu",
            (RecognitionLevel::KieuMau, crate::Lang::En) => "NTM model",
        }
    }
}

/// Recognition status of a commune: meeting all criteria is not the same as being recognised.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Recognition {
    /// Level.
    pub level: RecognitionLevel,
    /// Year of the recognition decision.
    pub year: Option<u16>,
    /// Decision number, when known.
    pub decision: Option<String>,
}

/// One row of a communes table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommuneRecord {
    /// Commune code (mã xã), the key.
    pub code: String,
    /// Name (names repeat within a province: use codes as keys).
    pub name: String,
    /// For a village (a village set's table): the code of the commune it belongs to.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub commune_code: String,
    /// For a village (a village set's table): the commune it belongs to.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub commune: String,
    /// District code.
    pub district_code: String,
    /// District name.
    pub district: String,
    /// Province name or code.
    pub province: String,
    /// Region, when given.
    pub region: Option<Region>,
    /// Commune group, when given.
    pub commune_group: Option<CommuneGroup>,
    /// ĐBKK/ATK flag.
    pub disadvantaged: bool,
    /// Criteria met, when the list (or the criterion columns) is known.
    pub met: Option<CriteriaMask>,
    /// Criteria not assessed (an empty cell in a criterion column such as `c5`).
    #[serde(default)]
    pub not_assessed: CriteriaMask,
    /// Number of criteria met.
    pub met_count: u32,
    /// Recognition status.
    pub recognition: Recognition,
    /// Line of the row in the file (1-based).
    pub line: u64,
}

/// A grouping key of a row and the profile it was assessed with.
type ProfileKey = Box<dyn Fn(&CommuneRecord, &Profile) -> String>;

/// How rows are grouped by a column name (`summary_by`, `summarize_by` in Python): the value of
/// `district`, `district_code`, `province`, `region` (its code), `commune_group` (its code),
/// `recognition` (its level), `name` or `code`.
pub type GroupKey = fn(&CommuneRecord) -> String;

/// The [`GroupKey`] of a column name; an [`NtmError::InvalidArgument`] naming the columns otherwise.
///
/// ```
/// use ntm_criteria::communes::group_key;
/// assert!(group_key("district").is_ok());
/// let err = group_key("huyen").unwrap_err().to_string();
/// assert!(err.contains("use district, district_code, province"), "{err}");
/// ```
pub fn group_key(by: &str) -> Result<GroupKey> {
    Ok(match by {
        "district" => |r| r.district.clone(),
        "district_code" => |r| r.district_code.clone(),
        "province" => |r| r.province.clone(),
        "region" => |r| r.region.map(|x| x.code().to_string()).unwrap_or_default(),
        "commune_group" => |r| r.commune_group.map(|x| x.code().to_string()).unwrap_or_default(),
        "recognition" => |r| r.recognition.level.as_str().to_string(),
        "name" => |r| r.name.clone(),
        "code" => |r| r.code.clone(),
        "commune" => |r| r.commune.clone(),
        "commune_code" => |r| r.commune_code.clone(),
        other => {
            return Err(NtmError::InvalidArgument {
                argument: "by".into(),
                reason: format!(
                    "cannot group by {other:?}: use district, district_code, province, region, commune_group, recognition, name, code, or for villages commune, commune_code"
                ),
            });
        }
    })
}

/// A validated communes table.
///
/// ```
/// use ntm_criteria::{Banding, CommuneTable, SummaryOptions};
/// let csv = "code,district,criteria_met\n001,A,1;2;3\n002,A,\n003,B,1;2;3;4;5;6;7;8;9;10;11;12;13;14;15;16;17;18;19\n";
/// let t = CommuneTable::from_csv_reader(csv.as_bytes(), "demo.csv", 19)?;
/// assert_eq!(t.len(), 3);
/// let s = t.summary(&Banding::official(), SummaryOptions::default())?;
/// assert_eq!(s.meeting_standard, 1);
/// let by = t.summary_by(|r| r.district.clone(), &Banding::official(), SummaryOptions::default())?;
/// assert_eq!(by["A"].communes, 2);
/// Ok::<(), ntm_criteria::NtmError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CommuneTable {
    /// Number of criteria of the set the table is for.
    pub criteria_count: u32,
    /// The rows, in file order.
    pub rows: Vec<CommuneRecord>,
    /// The columns passed through, in input order: `name`, `district_code`, `district`,
    /// `province` (their values are in the rows) and the columns kept on request (their
    /// values in `kept`).
    #[serde(default)]
    pub passthrough: Vec<String>,
    /// The values of the columns kept on request: `(header, one value per row)`.
    #[serde(default)]
    pub kept: Vec<(String, Vec<String>)>,
    /// What the rows are: communes, or villages (a village set's table, or a read with
    /// `ReadOptions::unit`); summaries count them by that word.
    #[serde(default, skip_serializing_if = "AssessedUnit::is_commune")]
    pub unit: AssessedUnit,
    /// The level a row must already be recognised at to count as meeting the standard, when
    /// the table was assessed against a set that requires one (kiểu mẫu requires nâng cao).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requires: Option<RecognitionLevel>,
}

impl CommuneTable {
    /// Whether a row meets the standard: every criterion met and, for a table assessed
    /// against a set with a prerequisite, the row recognised at the required level.
    ///
    /// ```
    /// use ntm_criteria::{CommuneTable, RecognitionLevel};
    /// let mut t = CommuneTable::from_csv_reader("code,met_count,recognition\nA,4,nang_cao\nB,4,ntm\n".as_bytes(), "t", 4)?;
    /// assert!(t.meets_standard(&t.rows[1]));
    /// t.requires = Some(RecognitionLevel::NangCao);
    /// assert!(t.meets_standard(&t.rows[0]) && !t.meets_standard(&t.rows[1]));
    /// # Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn meets_standard(&self, r: &CommuneRecord) -> bool {
        self.meets_standard_with(r, r.met_count)
    }

    /// [`CommuneTable::meets_standard`] for a row with `met_count` criteria met (counted
    /// elsewhere, as a batch assessment does).
    ///
    /// ```
    /// use ntm_criteria::{CommuneTable, RecognitionLevel};
    /// let mut t = CommuneTable::from_csv_reader("code,met_count,recognition\nA,0,ntm\n".as_bytes(), "t", 4)?;
    /// assert!(t.meets_standard_with(&t.rows[0], 4));
    /// t.requires = Some(RecognitionLevel::NangCao);
    /// assert!(!t.meets_standard_with(&t.rows[0], 4));
    /// # Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn meets_standard_with(&self, r: &CommuneRecord, met_count: u32) -> bool {
        self.meets_at(met_count, r.recognition.level)
    }

    /// Every criterion met and, for a table with a prerequisite, `level` at least the one required.
    pub(crate) fn meets_at(&self, met_count: u32, level: RecognitionLevel) -> bool {
        met_count >= self.criteria_count && self.requires.is_none_or(|l| level >= l)
    }

    /// Whether the table has rows and every row lists its criteria (`criteria_met` or criterion
    /// columns), so that summaries have the attainment per criterion and frames the statuses.
    ///
    /// ```
    /// use ntm_criteria::CommuneTable;
    /// let listed = CommuneTable::from_csv_reader("code,criteria_met\nA,1;2\n".as_bytes(), "t", 19)?;
    /// let counted = CommuneTable::from_csv_reader("code,met_count\nA,2\n".as_bytes(), "t", 19)?;
    /// assert!(listed.has_criteria() && !counted.has_criteria() && !CommuneTable::new(19, vec![]).has_criteria());
    /// # Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn has_criteria(&self) -> bool {
        !self.rows.is_empty() && self.rows.iter().all(|r| r.met.is_some())
    }

    /// A table of these rows, without passthrough columns.
    ///
    /// ```
    /// let t = ntm_criteria::CommuneTable::new(19, Vec::new());
    /// assert!(t.is_empty());
    /// ```
    pub fn new(criteria_count: u32, rows: Vec<CommuneRecord>) -> CommuneTable {
        CommuneTable {
            criteria_count,
            rows,
            passthrough: Vec::new(),
            kept: Vec::new(),
            unit: AssessedUnit::Commune,
            requires: None,
        }
    }

    /// Reads a communes CSV (see the module docs) for a set of `criteria_count` criteria.
    /// Every problem is collected: the error lists them all, each with line, column and value.
    ///
    /// ```
    /// use ntm_criteria::{CommuneTable, NtmError};
    /// let csv = "code,criteria_met,met_count\n001,1;2;20,3\n001,1,2\n,1,1\n";
    /// let err = CommuneTable::from_csv_reader(csv.as_bytes(), "bad.csv", 19).unwrap_err();
    /// let kinds: Vec<_> = err.problems().iter().map(|p| p.kind.as_str()).collect();
    /// assert_eq!(kinds, ["unknown_criterion", "duplicate_code", "count_mismatch", "empty_code"]);
    /// ```
    pub fn from_csv_reader<R: Read>(reader: R, source_name: &str, criteria_count: u32) -> Result<CommuneTable> {
        CommuneTable::from_csv_reader_with(reader, source_name, &ReadOptions::criteria(criteria_count))
    }

    /// Reads CSV text with options ([`ReadOptions::criteria`]): a table of villages
    /// (`.unit(AssessedUnit::Village)`, whose `commune` column names each village's commune),
    /// columns kept or ignored.
    ///
    /// ```
    /// use ntm_criteria::{input::ReadOptions, AssessedUnit, CommuneTable};
    /// let csv = "code,commune,met_count\nT1,Cam Đường,14\nT2,Tả Phời,9\n";
    /// let options = ReadOptions::criteria(14).unit(AssessedUnit::Village);
    /// let t = CommuneTable::from_csv_reader_with(csv.as_bytes(), "thon.csv", &options)?;
    /// assert_eq!((t.unit, t.rows[1].commune.as_str()), (AssessedUnit::Village, "Tả Phời"));
    /// # Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn from_csv_reader_with<R: Read>(
        reader: R,
        source_name: &str,
        options: &ReadOptions<'_>,
    ) -> Result<CommuneTable> {
        let source = csv_source(reader, source_name)?;
        Ok(read_source(source, options)?.into_communes())
    }

    /// Reads a communes file: CSV, or a workbook (`.xlsx`, `.xls`, `.ods`; the first sheet) with
    /// the `excel` feature, chosen by extension.
    ///
    /// ```
    /// let err = ntm_criteria::CommuneTable::from_path("missing.csv", 19).unwrap_err();
    /// assert!(matches!(err, ntm_criteria::NtmError::Io { .. }));
    /// ```
    pub fn from_path(path: impl AsRef<Path>, criteria_count: u32) -> Result<CommuneTable> {
        CommuneTable::read(path, &ReadOptions::criteria(criteria_count))
    }

    /// Reads a communes file with options: the sheet of a workbook, columns kept or ignored, the
    /// defaults of rows without a region ([`ReadOptions`]).
    ///
    /// ```
    /// use ntm_criteria::{input::ReadOptions, CommuneTable};
    /// # let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/data/lang_son_2020.csv");
    /// let t = CommuneTable::read(path, &ReadOptions::criteria(19).ignore(["recognition_decision"]))?;
    /// assert_eq!(t.len(), 181);
    /// # Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn read(path: impl AsRef<Path>, options: &ReadOptions<'_>) -> Result<CommuneTable> {
        let criteria_only = ReadOptions { set: None, ..options.clone() };
        Ok(read_path(path, &criteria_only)?.into_communes())
    }
    /// Number of communes.
    ///
    /// ```
    /// let t = ntm_criteria::CommuneTable::from_csv_reader("code,met_count\n001,5\n002,19\n".as_bytes(), "t", 19)?;
    /// assert_eq!(t.len(), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether the table has no communes.
    ///
    /// ```
    /// assert!(ntm_criteria::CommuneTable::new(19, Vec::new()).is_empty());
    /// let t = ntm_criteria::CommuneTable::from_csv_reader("code,met_count\n001,5\n".as_bytes(), "t", 19)?;
    /// assert!(!t.is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The commune with this code.
    ///
    /// ```
    /// let t = ntm_criteria::CommuneTable::from_csv_reader("code,met_count\n001,5\n".as_bytes(), "t", 19)?;
    /// assert_eq!(t.get("001").map(|r| r.met_count), Some(5));
    /// Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn get(&self, code: &str) -> Option<&CommuneRecord> {
        self.rows.iter().find(|r| r.code == code)
    }

    fn tally<'a>(&self, rows: impl Iterator<Item = &'a CommuneRecord>) -> Result<Tally> {
        let mut t = Tally::new(self.criteria_count);
        let mut detail = Vec::new();
        let mut counts_only = Vec::new();
        for r in rows {
            match r.met {
                Some(m) => detail.push((m, r.not_assessed)),
                None => counts_only.push(r.met_count),
            }
        }
        if counts_only.is_empty() {
            for (m, na) in detail {
                // A criteria list is complete: what is not listed is not met. Criterion columns
                // say which criteria were not assessed.
                t.add_mask(m, na)?;
            }
        } else {
            for (m, _) in detail {
                t.add_count(m.count())?;
            }
            for c in counts_only {
                t.add_count(c)?;
            }
        }
        Ok(t)
    }

    /// The summary of the whole table. When every row lists its criteria (`criteria_met`), the
    /// summary also has the per-criterion counts.
    ///
    /// ```
    /// use ntm_criteria::{Banding, CommuneTable, Lang, ReportOptions, SummaryOptions};
    /// # let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/data/lang_son_2020.csv");
    /// let t = CommuneTable::from_path(path, 19)?; // examples/data/lang_son_2020.csv: 181 xã
    /// let banding = Banding::official().with_label(3, "từ 5-9", "5-9")?;
    /// let s = t.summary(&banding, SummaryOptions::default())?;
    /// assert_eq!((s.communes, s.total_criteria, s.meeting_standard), (181, 2110, 51));
    /// assert!(s.report(Lang::Vi, &ReportOptions::default()).starts_with("Số tiêu chí bình quân 01 xã đạt 11,66 tiêu chí/xã"));
    /// assert!(s.per_criterion.is_some());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn summary(&self, banding: &Banding, options: SummaryOptions) -> Result<Summary> {
        Ok(self.tally(self.rows.iter())?.summarize(banding, options)?.with_unit(self.unit))
    }

    /// Summaries grouped by a key (district, province, region, …), in key order.
    ///
    /// ```
    /// use ntm_criteria::{Banding, CommuneTable, SummaryOptions};
    /// # let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/data/lang_son_2020.csv");
    /// let t = CommuneTable::from_path(path, 19)?; // examples/data/lang_son_2020.csv
    /// let by_district = t.summary_by(|r| r.district.clone(), &Banding::official(), SummaryOptions::default())?;
    /// assert_eq!(by_district.len(), 11); // Lạng Sơn's 11 districts
    /// assert_eq!(by_district.values().map(|s| s.communes).sum::<u64>(), 181);
    /// assert_eq!(by_district.values().map(|s| s.total_criteria).sum::<u64>(), 2110);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn summary_by<K: Ord>(
        &self,
        key: impl Fn(&CommuneRecord) -> K,
        banding: &Banding,
        options: SummaryOptions,
    ) -> Result<BTreeMap<K, Summary>> {
        let mut groups: BTreeMap<K, Vec<&CommuneRecord>> = BTreeMap::new();
        for r in &self.rows {
            groups.entry(key(r)).or_default().push(r);
        }
        groups
            .into_iter()
            .map(|(k, rows)| Ok((k, self.tally(rows.into_iter())?.summarize(banding, options)?.with_unit(self.unit))))
            .collect()
    }
}

/// A communes table with indicator values (chỉ tiêu), read against a criteria set: the
/// columns of [`CommuneTable`] plus one column per indicator.
///
/// An indicator column is named by the indicator id (`10`, `4.2`, `C1-general-plan`; matched by
/// [`crate::input::header`]: case, accents, white space and `,` / `_` for `.` ignored). A
/// compound indicator takes its two numbers in two columns named `id:component`
/// (`17.1:hygienic`, `17.1:clean`), or a verdict in the column `id`. Each cell is read with
/// [`crate::input::cell::read_value`] (numbers with a decimal comma or a `%` sign,
/// `Đạt`/`Không đạt`, `x`; see `docs/input-rules.md`); an empty cell is not assessed. The values
/// are held column by column, as the batch kernel reads them.
///
/// The commune's region (or commune group) comes from the `region` (or `commune_group`) column,
/// else from the `province` column, else from `defaults`; a row without one is a problem.
/// `criteria_met` and `met_count` are optional here; when present they are validated as in
/// [`CommuneTable`] but the assessment does not use them.
///
/// Every problem of the file is reported at once in [`NtmError::Validation`]: unknown columns
/// (`unknown_column`, with the nearest name), unreadable cells (the
/// [`crate::input::cell::ParseIssue`] kind), missing regions, and every problem a
/// [`CommuneTable`] reports.
///
/// ```
/// use ntm_criteria::{CriteriaSet, IndicatorTable, Profile, Status};
/// let set = CriteriaSet::bundled("2016-2020")?;
/// let csv = "\u{feff}code,province,10,17.1:hygienic,17.1:clean,1.1\r\n\
///            001,Lạng Sơn,\"38,5\",92%,\"48,0\",Đạt\r\n\
///            002,Lạng Sơn,31,,,x\r\n";
/// let t = IndicatorTable::from_csv_reader(csv.as_bytes(), "demo.csv", set, &Profile::default())?;
/// let a = t.assess(set)?;
/// assert_eq!(a[0].criterion(10), Some(Status::Met));     // 38.5 ≥ 36 (NMM)
/// assert_eq!(a[0].criterion(17), Some(Status::NotMet));  // clean water 48% < 50%
/// assert_eq!(a[1].criterion(10), Some(Status::NotMet));
///
/// let bad = "code,region,4.2,99.9\n001,NMM,0.85,\n001,Atlantis,abc,\n";
/// let err = IndicatorTable::from_csv_reader(bad.as_bytes(), "bad.csv", set, &Profile::default()).unwrap_err();
/// let found: Vec<_> = err.problems().iter().map(|p| (p.row, p.loc.as_str(), p.kind.as_str())).collect();
/// assert_eq!(found, [
///     (Some(1), "99.9", "unknown_column"),
///     (Some(2), "4.2", "ambiguous_percent"),
///     (Some(3), "code", "duplicate_code"),
///     (Some(3), "region", "unknown_region"),
///     (Some(3), "4.2", "not_a_number"),
/// ]);
/// Ok::<(), ntm_criteria::NtmError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorTable {
    pub(crate) communes: CommuneTable,
    set_id: String,
    columns: Vec<IndicatorColumn<'static>>,
    profiles: Vec<Profile>,
}

impl IndicatorTable {
    /// Reads a communes CSV with indicator columns of `set` (see the type docs). `defaults`
    /// gives the region, commune group and ĐBKK flag of rows that do not give theirs.
    ///
    /// ```
    /// use ntm_criteria::{CriteriaSet, IndicatorTable, Profile, Region};
    /// let set = CriteriaSet::bundled("2016-2020")?;
    /// let lang_son = Profile::region(Region::NorthernMidlandsMountains);
    /// let t = IndicatorTable::from_csv_reader("code;10\n001;38,5\n".as_bytes(), "t.csv", set, &lang_son)?;
    /// let income = set.indicator_index("10")?;
    /// assert_eq!(t.values(0).map(|v| v[income]), Some(ntm_criteria::Value::Number(38.5)));
    /// Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn from_csv_reader<R: Read>(
        reader: R,
        source_name: &str,
        set: &CriteriaSet,
        defaults: &Profile,
    ) -> Result<IndicatorTable> {
        let source = csv_source(reader, source_name)?;
        indicators(read_source(source, &ReadOptions::indicators(set).defaults(*defaults))?)
    }

    /// Reads a communes file with options ([`ReadOptions::indicators`]): the sheet of a
    /// workbook, columns kept or ignored, the defaults of rows without a region.
    ///
    /// ```
    /// use ntm_criteria::{input::ReadOptions, CriteriaSet, IndicatorTable, NtmError};
    /// let set = CriteriaSet::bundled("2016-2020")?;
    /// let err = IndicatorTable::read("missing.xlsx", &ReadOptions::indicators(set)).unwrap_err();
    /// assert!(matches!(err, NtmError::Io { .. }));
    /// # Ok::<(), NtmError>(())
    /// ```
    pub fn read(path: impl AsRef<Path>, options: &ReadOptions<'_>) -> Result<IndicatorTable> {
        if options.set.is_none() {
            return Err(NtmError::Batch {
                reason: "an indicator table is read against a set: use ReadOptions::indicators(set)".into(),
            });
        }
        indicators(read_path(path, options)?)
    }

    /// Builds a table from its parts (the input layer's end).
    pub(crate) fn from_parts(
        communes: CommuneTable,
        set: &CriteriaSet,
        columns: Vec<IndicatorColumn<'static>>,
        profiles: Vec<Profile>,
    ) -> IndicatorTable {
        IndicatorTable { communes, set_id: set.id().to_string(), columns, profiles }
    }

    /// Reads a communes CSV file with indicator columns.
    ///
    /// ```
    /// use ntm_criteria::{CriteriaSet, IndicatorTable, NtmError, Profile};
    /// let set = CriteriaSet::bundled("2016-2020")?;
    /// let err = IndicatorTable::from_path("missing.csv", set, &Profile::default()).unwrap_err();
    /// assert!(matches!(err, NtmError::Io { .. }));
    /// Ok::<(), NtmError>(())
    /// ```
    pub fn from_path(path: impl AsRef<Path>, set: &CriteriaSet, defaults: &Profile) -> Result<IndicatorTable> {
        IndicatorTable::read(path, &ReadOptions::indicators(set).defaults(*defaults))
    }

    /// The id of the set the table was read against.
    ///
    /// ```
    /// use ntm_criteria::{CriteriaSet, IndicatorTable, Profile, Region};
    /// let set = CriteriaSet::bundled("2016-2020")?;
    /// let t = IndicatorTable::from_csv_reader("code,region,10\n001,NMM,40\n".as_bytes(), "t", set, &Profile::default())?;
    /// assert_eq!(t.set_id(), "2016-2020");
    /// Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn set_id(&self) -> &str {
        &self.set_id
    }

    /// Refuses a set other than the one the table was read against.
    fn check_set(&self, set: &CriteriaSet) -> Result<()> {
        if set.id() != self.set_id || set.indicator_count() != self.columns.len() {
            return Err(NtmError::Batch {
                reason: format!("the table was read against set {}, not {}", self.set_id, set.id()),
            });
        }
        Ok(())
    }

    /// The communes (codes, names, districts, … as in the file).
    ///
    /// ```
    /// use ntm_criteria::{CriteriaSet, IndicatorTable, Profile};
    /// let set = CriteriaSet::bundled("2016-2020")?;
    /// let t = IndicatorTable::from_csv_reader("code,name,region,10\n001,Mai Pha,NMM,40\n".as_bytes(), "t", set, &Profile::default())?;
    /// assert_eq!(t.records()[0].name, "Mai Pha");
    /// Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn records(&self) -> &[CommuneRecord] {
        &self.communes.rows
    }

    /// The indicator values of row `row` (0-based), in set order
    /// ([`CriteriaSet::indicator_index`]).
    ///
    /// ```
    /// use ntm_criteria::{CriteriaSet, IndicatorTable, Profile, Value};
    /// let set = CriteriaSet::bundled("2016-2020")?;
    /// let t = IndicatorTable::from_csv_reader("code,region,1.1\n001,NMM,Không đạt\n".as_bytes(), "t", set, &Profile::default())?;
    /// assert_eq!(t.values(0).map(|v| v[0]), Some(Value::Verdict(false)));
    /// assert!(t.values(1).is_none());
    /// Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn values(&self, row: usize) -> Option<Vec<Value>> {
        (row < self.len()).then(|| self.columns.iter().map(|c| c.value(row)).collect())
    }

    /// The columns passed through and kept (see [`CommuneTable::passthrough`]).
    ///
    /// ```
    /// use ntm_criteria::{CriteriaSet, IndicatorTable, Profile};
    /// let set = CriteriaSet::bundled("2016-2020")?;
    /// let t = IndicatorTable::from_csv_reader("code,Huyện,region,10\n001,A,NMM,40\n".as_bytes(), "t", set, &Profile::default())?;
    /// assert_eq!(t.communes().passthrough, ["district"]);
    /// Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn communes(&self) -> &CommuneTable {
        &self.communes
    }

    /// The kernel's key per row (the set's dimension) and the ĐBKK flags.
    fn keys(&self, set: &CriteriaSet) -> Result<(Vec<u8>, Vec<bool>)> {
        let mut keys = Vec::with_capacity(self.profiles.len());
        for p in &self.profiles {
            // The flag is applied by the kernel: the key is the row's own region or group.
            keys.push(set.key_index(&p.disadvantaged(false))? as u8);
        }
        Ok((keys, self.profiles.iter().map(|p| p.is_disadvantaged).collect()))
    }

    /// Assesses every commune with the batch kernel, writing into `out` (see
    /// [`CriteriaSet::assess_batch_buffers`]); the set must be the one the table was read
    /// against.
    ///
    /// ```
    /// use ntm_criteria::{BatchBuffers, CriteriaSet, IndicatorTable, Profile};
    /// let set = CriteriaSet::bundled("2016-2020")?;
    /// let t = IndicatorTable::from_csv_reader("code,region,10\n001,NMM,40\n002,RRD,40\n".as_bytes(), "t", set, &Profile::default())?;
    /// let (mut met, mut na, mut count) = ([0u32; 2], [0u32; 2], [0u8; 2]);
    /// t.assess_batch(set, BatchBuffers::new(&mut met, &mut na, &mut count))?;
    /// assert_eq!(count, [1, 0]);
    /// Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn assess_batch(&self, set: &CriteriaSet, out: BatchBuffers<'_>) -> Result<()> {
        self.check_set(set)?;
        let (keys, flags) = self.keys(set)?;
        let columns: Vec<Column<'_>> = self.columns.iter().map(IndicatorColumn::as_column).collect();
        set.assess_batch_buffers(&columns, Keys::PerRow { keys: &keys, disadvantaged: Some(&flags) }, out)
    }

    /// Criteria met and not assessed per row (the batch kernel's masks).
    fn masks(&self, set: &CriteriaSet) -> Result<(Vec<u32>, Vec<u32>)> {
        let n = self.len();
        let (mut met, mut na, mut count) = (vec![0; n], vec![0; n], vec![0; n]);
        self.assess_batch(set, BatchBuffers::new(&mut met, &mut na, &mut count))?;
        Ok((met, na))
    }

    /// The table at the criterion level: each commune's criteria met and not assessed from its
    /// assessment against `set` (the set the table was read against), its region or group from
    /// the profile the assessment used, its other columns unchanged.
    ///
    /// ```
    /// use ntm_criteria::{CriteriaSet, IndicatorTable, Profile, Region};
    /// let set = CriteriaSet::bundled("2016-2020")?;
    /// let t = IndicatorTable::from_csv_reader("code,province,10\n001,Lạng Sơn,40\n".as_bytes(), "t", set, &Profile::default())?;
    /// let c = t.assessed(set)?;
    /// let r = &c.rows[0];
    /// assert_eq!((r.met_count, r.region), (1, Some(Region::NorthernMidlandsMountains)));
    /// assert!(r.met.is_some_and(|m| m.contains(10)) && r.not_assessed.contains(1));
    /// # Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn assessed(&self, set: &CriteriaSet) -> Result<CommuneTable> {
        let (met, na) = self.masks(set)?;
        let mut table = self.communes.clone();
        table.criteria_count = set.criteria_count();
        table.requires = set.requires().map(|r| r.level);
        for (((r, p), m), n) in table.rows.iter_mut().zip(&self.profiles).zip(met).zip(na) {
            r.met = Some(CriteriaMask(m));
            r.not_assessed = CriteriaMask(n);
            r.met_count = CriteriaMask(m).count();
            r.region = r.region.or(p.region);
            r.commune_group = r.commune_group.or(p.group);
        }
        Ok(table)
    }

    /// The profile (region or group, ĐBKK flag) of row `row` (0-based).
    ///
    /// ```
    /// use ntm_criteria::{CriteriaSet, IndicatorTable, Profile, Region};
    /// let set = CriteriaSet::bundled("2016-2020")?;
    /// let t = IndicatorTable::from_csv_reader("code,province,10\n001,Cà Mau,40\n".as_bytes(), "t", set, &Profile::default())?;
    /// assert_eq!(t.profile(0).and_then(|p| p.region), Some(Region::MekongRiverDelta));
    /// Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn profile(&self, row: usize) -> Option<&Profile> {
        self.profiles.get(row)
    }

    /// Number of communes.
    ///
    /// ```
    /// use ntm_criteria::{CriteriaSet, IndicatorTable, Profile};
    /// let set = CriteriaSet::bundled("2016-2020")?;
    /// let t = IndicatorTable::from_csv_reader("code,region,10\n001,NMM,40\n002,RRD,40\n".as_bytes(), "t", set, &Profile::default())?;
    /// assert_eq!(t.len(), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn len(&self) -> usize {
        self.communes.rows.len()
    }

    /// Whether the table has no communes.
    ///
    /// ```
    /// use ntm_criteria::{CriteriaSet, IndicatorTable, Profile};
    /// let set = CriteriaSet::bundled("2016-2020")?;
    /// let t = IndicatorTable::from_csv_reader("code,region,10\n001,NMM,40\n".as_bytes(), "t", set, &Profile::default())?;
    /// assert!(!t.is_empty());
    /// // A file with a header and no rows is refused: it says so.
    /// let err = IndicatorTable::from_csv_reader("code,region,10\n".as_bytes(), "t", set, &Profile::default()).unwrap_err();
    /// assert_eq!(err.problems()[0].kind, "no_rows");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.communes.rows.is_empty()
    }

    /// Assesses every commune, in file order, with the set the table was read against (another
    /// set is refused with [`NtmError::Batch`]).
    ///
    /// ```
    /// use ntm_criteria::{CriteriaSet, IndicatorTable, Profile};
    /// let set = CriteriaSet::bundled("2016-2020")?;
    /// let t = IndicatorTable::from_csv_reader("code,region,10\n001,NMM,40\n002,RRD,40\n".as_bytes(), "t", set, &Profile::default())?;
    /// let met: Vec<u32> = t.assess(set)?.iter().map(|a| a.met_count).collect();
    /// assert_eq!(met, [1, 0]); // 40 ≥ 36 in NMM, < 50 in RRD
    /// Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn assess(&self, set: &CriteriaSet) -> Result<Vec<Assessment>> {
        self.check_set(set)?;
        (0..self.len())
            .map(|row| {
                let values: Vec<Value> = self.columns.iter().map(|c| c.value(row)).collect();
                let r = &self.communes.rows[row];
                // A set with a prerequisite reads the row's recognition (the read required
                // the column; an empty cell is "not recognised").
                let profile = match set.requires() {
                    Some(_) => self.profiles[row].recognised(r.recognition.level),
                    None => self.profiles[row],
                };
                set.assess_values(&values, &profile).map_err(|e| match e {
                    NtmError::Validation { source_name, problems, omitted } => NtmError::Validation {
                        source_name,
                        problems: problems
                            .into_iter()
                            .map(|x| x.at_row(r.line as usize).for_commune(r.code.clone()))
                            .collect(),
                        omitted,
                    },
                    other => other,
                })
            })
            .collect()
    }

    /// A tally of the assessments (for summaries).
    ///
    /// ```
    /// use ntm_criteria::{CriteriaSet, IndicatorTable, Profile};
    /// let set = CriteriaSet::bundled("2016-2020")?;
    /// let t = IndicatorTable::from_csv_reader("code,region,10\n001,NMM,40\n".as_bytes(), "t", set, &Profile::default())?;
    /// assert_eq!(t.tally(set)?.communes(), 1);
    /// Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn tally(&self, set: &CriteriaSet) -> Result<Tally> {
        let (met, na) = self.masks(set)?;
        let mut t = Tally::new(set.criteria_count());
        t.add_masks(&met, &na)?;
        Ok(t)
    }

    /// The summary of the whole table.
    ///
    /// ```
    /// use ntm_criteria::{CriteriaSet, IndicatorTable, NtmError, Profile, SummaryOptions};
    /// let set = CriteriaSet::bundled("2016-2020")?;
    /// let t = IndicatorTable::from_csv_reader("code,region,10\n001,NMM,40\n002,NMM,30\n".as_bytes(), "t.csv", set, &Profile::default())?;
    /// let s = t.summary(set, set.banding(), SummaryOptions::default())?;
    /// assert_eq!((s.communes, s.total_criteria), (2, 1));
    /// Ok::<(), NtmError>(())
    /// ```
    pub fn summary(&self, set: &CriteriaSet, banding: &Banding, options: SummaryOptions) -> Result<Summary> {
        Ok(self.tally(set)?.summarize(banding, options)?.with_unit(set.unit()))
    }

    /// Summaries grouped by a key of the commune and of the profile its assessment used (the
    /// region or group after the `province` column and the defaults are applied), in key order.
    ///
    /// ```
    /// use ntm_criteria::{CriteriaSet, IndicatorTable, Profile, SummaryOptions};
    /// let set = CriteriaSet::bundled("2016-2020")?;
    /// let csv = "code,district,province,10\n001,A,Lạng Sơn,40\n002,A,Hà Nội,40\n003,B,Cà Mau,\n";
    /// let t = IndicatorTable::from_csv_reader(csv.as_bytes(), "t", set, &Profile::default())?;
    /// let by = t.summary_by(set, |r, _| r.district.clone(), set.banding(), SummaryOptions::default())?;
    /// assert_eq!((by["A"].communes, by["A"].total_criteria), (2, 1)); // 40 ≥ 36 in NMM only
    /// let by = t.summary_by(set, |_, p| p.region.map(|r| r.code()), set.banding(), SummaryOptions::default())?;
    /// assert_eq!(by.keys().copied().collect::<Vec<_>>(), [Some("MRD"), Some("NMM"), Some("RRD")]);
    /// Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn summary_by<K: Ord>(
        &self,
        set: &CriteriaSet,
        key: impl Fn(&CommuneRecord, &Profile) -> K,
        banding: &Banding,
        options: SummaryOptions,
    ) -> Result<BTreeMap<K, Summary>> {
        let (met, na) = self.masks(set)?;
        let rows = self
            .communes
            .rows
            .iter()
            .zip(&self.profiles)
            .zip(met.iter().zip(&na))
            .map(|((r, p), (&m, &n))| (key(r, p), CriteriaMask(m), CriteriaMask(n)));
        let by = Summary::by_group(rows, banding, options)?;
        Ok(by.into_iter().map(|(k, s)| (k, s.with_unit(set.unit()))).collect())
    }

    /// [`IndicatorTable::summary_by`] by the name of a key: `region` and `commune_group` are
    /// those of the profile each row was assessed with (after the `province` column and the
    /// defaults); any other name is a column's, as [`group_key`] reads it. The banding is the
    /// one given or the set's own ([`CriteriaSet::banding_or`]).
    ///
    /// ```
    /// use ntm_criteria::{CriteriaSet, IndicatorTable, Profile, SummaryOptions};
    /// let set = CriteriaSet::bundled("2016-2020")?;
    /// let csv = "code,district,province,10\n001,A,Lạng Sơn,40\n002,A,Hà Nội,40\n003,B,Cà Mau,\n";
    /// let t = IndicatorTable::from_csv_reader(csv.as_bytes(), "t", set, &Profile::default())?;
    /// let by = t.summary_by_name(set, "region", None, SummaryOptions::default())?;
    /// assert_eq!(by.keys().collect::<Vec<_>>(), ["MRD", "NMM", "RRD"]);
    /// assert_eq!(t.summary_by_name(set, "district", None, SummaryOptions::default())?["A"].communes, 2);
    /// assert!(t.summary_by_name(set, "huyen", None, SummaryOptions::default()).is_err());
    /// Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn summary_by_name(
        &self,
        set: &CriteriaSet,
        key: &str,
        banding: Option<&Banding>,
        options: SummaryOptions,
    ) -> Result<BTreeMap<String, Summary>> {
        let code = |c: Option<&'static str>| c.unwrap_or_default().to_string();
        let of: ProfileKey = match key {
            "region" => Box::new(move |_, p| code(p.region.map(|x| x.code()))),
            "commune_group" => Box::new(move |_, p| code(p.group.map(|x| x.code()))),
            other => {
                let f = group_key(other)?;
                Box::new(move |r, _| f(r))
            }
        };
        self.summary_by(set, of, &set.banding_or(banding)?, options)
    }
}

/// Reads a whole CSV stream into a source.
fn csv_source<R: Read>(mut reader: R, source_name: &str) -> Result<crate::input::Source<'static>> {
    let mut bytes = Vec::new();
    reader
        .read_to_end(&mut bytes)
        .map_err(|e| NtmError::Io { path: source_name.to_string(), message: e.to_string() })?;
    Ok(crate::input::csv::source(&bytes, source_name))
}

impl Table {
    /// The communes at the criterion level: a criterion-level table itself, or the commune
    /// columns of an indicator table (not assessed: [`IndicatorTable::assessed`] assesses them).
    ///
    /// ```
    /// use ntm_criteria::input::{ReadOptions, read_source, csv};
    /// let src = csv::source(b"code,met_count\n001,19\n", "t.csv");
    /// assert_eq!(read_source(src, &ReadOptions::criteria(19))?.into_communes().rows[0].met_count, 19);
    /// # Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn into_communes(self) -> CommuneTable {
        match self {
            Table::Criteria(t) => t,
            Table::Indicators(t) => t.communes,
        }
    }
}

/// The indicator table of a read against a set.
fn indicators(t: Table) -> Result<IndicatorTable> {
    match t {
        Table::Indicators(t) => Ok(t),
        Table::Criteria(_) => Err(NtmError::Batch { reason: "the read had no criteria set".into() }),
    }
}
