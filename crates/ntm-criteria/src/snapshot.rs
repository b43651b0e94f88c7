//! Snapshots of a communes table and what changed between two of them (tiến độ giữa hai kỳ báo
//! cáo), and the recognition status of communes (công nhận đạt chuẩn), which is not the same as
//! meeting all criteria.
//!
//! A [`Snapshot`] is a [`CommuneTable`] as of a date, under a named criteria set.
//! [`compare`] matches the communes of two snapshots by code (mã xã), optionally through a
//! mapping of old codes to new ones (mergers, sáp nhập), and lists every commune found in only
//! one of them: none is dropped silently.
//!
//! ```
//! use ntm_criteria::{CriteriaSet, compare, CommuneTable, Snapshot};
//! let all = "1;2;3;4;5;6;7;8;9;10;11;12;13;14;15;16;17;18;19";
//! let july = format!("code,criteria_met,recognition,recognition_year\n001,{all},ntm,2015\n002,1;2;3,,\n");
//! let dec = "code,criteria_met,recognition,recognition_year\n001,1;2;3;4;5;6;7;8;9;10;11;12;13;14;15;16;18;19,ntm,2015\n002,1;2;3;4,,\n";
//! let before = Snapshot::new(CommuneTable::from_csv_reader(july.as_bytes(), "july.csv", 19)?, CriteriaSet::bundled("2016-2020")?)?
//!     .dated("2020-07-31")?;
//! let after = Snapshot::new(CommuneTable::from_csv_reader(dec.as_bytes(), "dec.csv", 19)?, CriteriaSet::bundled("2016-2020")?)?
//!     .dated("2020-12-31")?;
//! let c = compare(&before, &after, None)?;
//! assert_eq!(c.fell_from_standard, ["001"]);
//! assert_eq!(c.changes[0].lost, Some(vec![17]));
//! assert_eq!(c.changes[1].gained, Some(vec![4]));
//! assert_eq!(after.status().recognised_below_all, 1); // recognised, no longer 19/19
//! # Ok::<(), ntm_criteria::NtmError>(())
//! ```

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::io::Read;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::assessed::AssessedUnit;
use crate::band::Banding;
use crate::catalog::CriteriaSet;
use crate::communes::{CommuneRecord, CommuneTable, Recognition, RecognitionLevel};
use crate::error::{NtmError, Result};
use crate::fixed::Fixed;
use crate::summary::{Summary, SummaryOptions};

/// Days in a year for annualised rates (a rate is a change times 365 / days).
const YEAR_DAYS: i128 = 365;

/// A communes table as of a date, under a named criteria set.
///
/// ```
/// use ntm_criteria::{CriteriaSet, CommuneTable, Snapshot};
/// let t = CommuneTable::from_csv_reader("code,met_count\n001,19\n".as_bytes(), "t.csv", 19)?;
/// let s = Snapshot::new(t, CriteriaSet::bundled("2016-2020")?)?.dated("2020-07-31")?;
/// assert_eq!(s.date.as_deref(), Some("2020-07-31"));
/// assert!(Snapshot::new(s.table.clone(), CriteriaSet::bundled("2016-2020")?)?.dated("2020-02-30").is_err());
/// # Ok::<(), ntm_criteria::NtmError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    /// The date the table describes, `YYYY-MM-DD`, when known.
    pub date: Option<String>,
    /// The id of the criteria set the table is assessed against (`"2016-2020"`).
    pub set_id: String,
    /// The communes (or villages: the table's `unit` is the set's).
    pub table: CommuneTable,
}

impl Snapshot {
    /// The criteria's names (`(name_vi, name_en)` by number from 1) from the bundled set of the
    /// snapshot's `set_id`, when there is one with the table's number of criteria.
    ///
    /// ```
    /// use ntm_criteria::{CommuneTable, CriteriaSet, Snapshot};
    /// let t = CommuneTable::from_csv_reader("code,met_count\nA,18\n".as_bytes(), "t", 19)?;
    /// let s = Snapshot::new(t, CriteriaSet::bundled("2016-2020")?)?;
    /// assert_eq!(s.criterion_names().map(|n| n[9].1.clone()).as_deref(), Some("Income"));
    /// # Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn criterion_names(&self) -> Option<Vec<(String, String)>> {
        let set = CriteriaSet::bundled(&self.set_id).ok()?;
        (set.criteria_count() == self.table.criteria_count).then(|| set.criterion_names())
    }

    /// A snapshot without a date, of a table read for `set` (the same number of criteria: a
    /// table of 10 criteria is not a snapshot under a set of 19).
    ///
    /// ```
    /// use ntm_criteria::{CommuneTable, CriteriaSet, NtmError, Snapshot};
    /// let s = Snapshot::new(CommuneTable::new(19, vec![]), CriteriaSet::bundled("2016-2020")?)?;
    /// assert!(s.date.is_none());
    /// let err = Snapshot::new(CommuneTable::new(10, vec![]), CriteriaSet::bundled("2016-2020")?).unwrap_err();
    /// assert!(err.to_string().contains("the table has 10 criteria but set 2016-2020 has 19"), "{err}");
    /// # Ok::<(), NtmError>(())
    /// ```
    pub fn new(mut table: CommuneTable, set: &CriteriaSet) -> Result<Snapshot> {
        if table.criteria_count != set.criteria_count() {
            return Err(NtmError::Snapshot {
                reason: format!(
                    "the table has {} criteria but set {} has {}: read the table for the set it is assessed under",
                    table.criteria_count,
                    set.id(),
                    set.criteria_count()
                ),
            });
        }
        table.unit = set.unit(); // the set says what the rows are: its summaries count them so
        Ok(Snapshot { date: None, set_id: set.id().to_string(), table })
    }

    /// Sets the date, `YYYY-MM-DD` (checked: a real calendar day).
    ///
    /// ```
    /// use ntm_criteria::{CriteriaSet, CommuneTable, Snapshot};
    /// let s = Snapshot::new(CommuneTable::new(19, vec![]), CriteriaSet::bundled("2016-2020")?)?;
    /// assert!(s.clone().dated("2020-02-29").is_ok());
    /// assert!(s.dated("31/7/2020").is_err());
    /// # Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn dated(mut self, date: &str) -> Result<Snapshot> {
        let d = date.trim();
        day_number(d)?;
        self.date = Some(d.to_string());
        Ok(self)
    }

    /// Reads a communes CSV (the format of [`CommuneTable`]) for `set`.
    ///
    /// ```
    /// use ntm_criteria::{CriteriaSet, Snapshot};
    /// let set = CriteriaSet::bundled("2016-2020")?;
    /// let s = Snapshot::from_csv_reader("code,met_count\n001,12\n".as_bytes(), "t.csv", set)?;
    /// assert_eq!((s.set_id.as_str(), s.table.criteria_count), ("2016-2020", 19));
    /// # Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn from_csv_reader<R: Read>(reader: R, source_name: &str, set: &CriteriaSet) -> Result<Snapshot> {
        let table = CommuneTable::from_csv_reader(reader, source_name, set.criteria_count())?;
        Snapshot::new(table, set)
    }

    /// Reads a communes CSV file for `set`.
    ///
    /// ```
    /// use ntm_criteria::{CriteriaSet, NtmError, Snapshot};
    /// let set = CriteriaSet::bundled("2016-2020")?;
    /// assert!(matches!(Snapshot::from_path("missing.csv", set), Err(NtmError::Io { .. })));
    /// # Ok::<(), NtmError>(())
    /// ```
    pub fn from_path(path: impl AsRef<Path>, set: &CriteriaSet) -> Result<Snapshot> {
        let table = CommuneTable::from_path(path, set.criteria_count())?;
        Snapshot::new(table, set)
    }

    /// The recognition status summary ([`CommuneTable::status_summary`]).
    ///
    /// ```
    /// use ntm_criteria::{CriteriaSet, CommuneTable, Snapshot};
    /// let t = CommuneTable::from_csv_reader("code,met_count,recognition\n001,19,\n".as_bytes(), "t", 19)?;
    /// assert_eq!(Snapshot::new(t, CriteriaSet::bundled("2016-2020")?)?.status().meeting_all_not_recognised, 1);
    /// # Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn status(&self) -> StatusSummary {
        self.table.status_summary()
    }

    /// The summary of the table ([`CommuneTable::summary`]).
    ///
    /// ```
    /// use ntm_criteria::{CriteriaSet, Banding, CommuneTable, Snapshot, SummaryOptions};
    /// let t = CommuneTable::from_csv_reader("code,met_count\n001,19\n002,10\n".as_bytes(), "t", 19)?;
    /// let s = Snapshot::new(t, CriteriaSet::bundled("2016-2020")?)?.summary(&Banding::official(), SummaryOptions::default())?;
    /// assert_eq!(s.average.to_vi(), "14,50");
    /// # Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn summary(&self, banding: &Banding, options: SummaryOptions) -> Result<Summary> {
        self.table.summary(banding, options)
    }
}

/// Checks a `YYYY-MM-DD` date outside snapshots: an [`NtmError::InvalidArgument`] for `date` when it
/// is not a real calendar day.
pub(crate) fn check_date(date: &str) -> Result<()> {
    day_number(date.trim()).map(|_| ()).map_err(|e| NtmError::InvalidArgument {
        argument: "date".into(),
        reason: match e {
            NtmError::Snapshot { reason } => reason,
            other => other.to_string(),
        },
    })
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date (checked).
fn day_number(date: &str) -> Result<i64> {
    let bad = |why: &str| NtmError::Snapshot { reason: format!("date {date:?}: {why}") };
    let parts: Vec<&str> = date.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return Err(bad("expected YYYY-MM-DD"));
    };
    if y.len() != 4 || m.len() != 2 || d.len() != 2 || !date.bytes().all(|b| b.is_ascii_digit() || b == b'-') {
        return Err(bad("expected YYYY-MM-DD"));
    }
    let (y, m, d): (i64, i64, i64) = match (y.parse(), m.parse(), d.parse()) {
        (Ok(y), Ok(m), Ok(d)) => (y, m, d),
        _ => return Err(bad("expected YYYY-MM-DD")),
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days_in_month = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return Err(bad("no such month")),
    };
    if d < 1 || d > days_in_month {
        return Err(bad("no such day"));
    }
    // Days from civil (H. Hinnant's algorithm).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Ok(era * 146_097 + doe - 719_468)
}

/// `num / den` rounded half away from zero to `scale` decimals, exactly (the signed counterpart
/// of [`Fixed::ratio`]); saturates instead of overflowing, `0` when `den == 0`.
fn signed_ratio(num: i128, den: i128, scale: u8) -> Fixed {
    if den == 0 {
        return Fixed::new(0, scale);
    }
    let neg = (num < 0) != (den < 0);
    let (n, d) = (num.unsigned_abs(), den.unsigned_abs());
    let p = 10u128.pow(u32::from(scale.min(9)));
    let units = n
        .checked_mul(p)
        .and_then(|x| x.checked_mul(2))
        .and_then(|x| x.checked_add(d))
        .map(|x| x / (2 * d))
        .unwrap_or(u128::MAX)
        .min(i64::MAX as u128) as i64;
    Fixed::new(if neg { -units } else { units }, scale)
}

/// Recognition status of the communes of a table (tình trạng công nhận): meeting all criteria,
/// being recognised, and the two cases where they differ.
///
/// `recognitions_by_year` counts communes by the year of their recognition decision as the table
/// gives it (one decision per commune: the latest level's). "02 xã được thẩm định công nhận đạt
/// chuẩn năm 2020" is `recognitions_in(2020) == 2`.
///
/// ```
/// use ntm_criteria::CommuneTable;
/// let csv = "code,met_count,recognition,recognition_year,recognition_decision\n\
///            001,19,ntm,2020,123/QĐ-UBND\n002,19,,,\n003,18,nang_cao,2019,\n004,12,,,\n";
/// let s = CommuneTable::from_csv_reader(csv.as_bytes(), "t.csv", 19)?.status_summary();
/// assert_eq!((s.meeting_all, s.recognised, s.recognised_ntm, s.recognised_nang_cao), (2, 2, 1, 1));
/// assert_eq!(s.meeting_all_not_recognised_codes, ["002"]);
/// assert_eq!(s.recognised_below_all_codes, ["003"]);
/// assert_eq!(s.recognitions_in(2020), 1);
/// # Ok::<(), ntm_criteria::NtmError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusSummary {
    /// Number of communes.
    pub communes: u64,
    /// Number of criteria of the set.
    pub criteria_count: u32,
    /// Communes meeting every criterion (19/19), recognised or not.
    pub meeting_all: u64,
    /// Communes recognised at any level (đã được công nhận).
    pub recognised: u64,
    /// Recognised as NTM (đạt chuẩn nông thôn mới).
    pub recognised_ntm: u64,
    /// Recognised at the advanced level (NTM nâng cao).
    pub recognised_nang_cao: u64,
    /// Recognised as a model commune (NTM kiểu mẫu).
    pub recognised_kieu_mau: u64,
    /// Meeting every criterion but not (yet) recognised (đạt 19/19, chưa được thẩm định công nhận).
    pub meeting_all_not_recognised: u64,
    /// Their codes, in table order.
    pub meeting_all_not_recognised_codes: Vec<String>,
    /// Recognised but no longer meeting every criterion (đã công nhận nhưng chưa giữ vững đủ tiêu chí).
    pub recognised_below_all: u64,
    /// Their codes, in table order.
    pub recognised_below_all_codes: Vec<String>,
    /// Recognised communes per year of the recognition decision.
    pub recognitions_by_year: BTreeMap<u16, u64>,
    /// Recognised communes whose year is not given.
    pub recognised_year_unknown: u64,
    /// What was counted: communes, or villages (from a village set's snapshot).
    #[serde(default, skip_serializing_if = "AssessedUnit::is_commune")]
    pub unit: AssessedUnit,
    /// The years a recognition lasts, when the summary is on a date under a set with a term
    /// ([`CommuneTable::status_summary_on`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_years: Option<u16>,
    /// Recognitions whose term had ended on the date (counted as not recognised).
    #[serde(default)]
    pub expired: u64,
    /// Their codes, in table order.
    #[serde(default)]
    pub expired_codes: Vec<String>,
    /// Recognitions whose term ends in the date's year, or whose year is not given: whether
    /// they still held is not known.
    #[serde(default)]
    pub expiry_unknown: u64,
}

impl StatusSummary {
    /// Recognitions in `year` (0 when none).
    ///
    /// ```
    /// assert_eq!(ntm_criteria::StatusSummary::default().recognitions_in(2020), 0);
    /// ```
    pub fn recognitions_in(&self, year: u16) -> u64 {
        self.recognitions_by_year.get(&year).copied().unwrap_or(0)
    }
}

impl CommuneTable {
    /// The recognition status summary (see [`StatusSummary`]).
    ///
    /// ```
    /// use ntm_criteria::CommuneTable;
    /// let t = CommuneTable::from_csv_reader("code,met_count,recognition\n001,17,ntm\n".as_bytes(), "t", 19)?;
    /// assert_eq!(t.status_summary().recognised_below_all, 1);
    /// # Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn status_summary(&self) -> StatusSummary {
        self.status_with(self.rows.iter().map(|r| &r.recognition))
    }

    /// The status summary with the rows recognised as `recognitions` says, one per row in order
    /// (the status on a date leaves out expired and later recognitions).
    pub(crate) fn status_with<'a>(&'a self, recognitions: impl Iterator<Item = &'a Recognition>) -> StatusSummary {
        let n = self.criteria_count;
        let mut s = StatusSummary { criteria_count: n, unit: self.unit, ..StatusSummary::default() };
        for (r, recognition) in self.rows.iter().zip(recognitions) {
            s.communes += 1;
            let all = self.meets_at(r.met_count, recognition.level);
            if all {
                s.meeting_all += 1;
            }
            let level = recognition.level;
            match level {
                RecognitionLevel::None => {}
                RecognitionLevel::Ntm => s.recognised_ntm += 1,
                RecognitionLevel::NangCao => s.recognised_nang_cao += 1,
                RecognitionLevel::KieuMau => s.recognised_kieu_mau += 1,
            }
            if level == RecognitionLevel::None {
                if all {
                    s.meeting_all_not_recognised += 1;
                    s.meeting_all_not_recognised_codes.push(r.code.clone());
                }
                continue;
            }
            s.recognised += 1;
            if !all {
                s.recognised_below_all += 1;
                s.recognised_below_all_codes.push(r.code.clone());
            }
            match recognition.year {
                Some(y) => *s.recognitions_by_year.entry(y).or_insert(0) += 1,
                None => s.recognised_year_unknown += 1,
            }
        }
        s
    }
}

/// What changed for one commune found in both snapshots.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommuneChange {
    /// Commune code in the later snapshot.
    pub code: String,
    /// Name in the later snapshot.
    pub name: String,
    /// Code in the earlier snapshot (differs from `code` when a mapping renamed it).
    pub before_code: String,
    /// Criteria met before.
    pub met_before: u32,
    /// Criteria met after.
    pub met_after: u32,
    /// `met_after - met_before`.
    pub change: i64,
    /// Criteria gained (đạt thêm), when both snapshots list the commune's criteria.
    pub gained: Option<Vec<u32>>,
    /// Criteria lost (không còn đạt / bị "rớt" tiêu chí), when both snapshots list them.
    pub lost: Option<Vec<u32>>,
    /// Recognition level before.
    pub recognition_before: RecognitionLevel,
    /// Recognition level after.
    pub recognition_after: RecognitionLevel,
    /// Newly meeting every criterion.
    pub reached_standard: bool,
    /// Met every criterion before, no longer does.
    pub fell_from_standard: bool,
}

/// Several communes of the earlier snapshot mapped to one commune of the later one (a merger,
/// sáp nhập xã). A merged commune is listed here and not in the per-commune lists
/// (`newly_meeting`, `fell_from_standard`, `changes`): it has no single "before".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Merger {
    /// Code of the new commune.
    pub code: String,
    /// Its name.
    pub name: String,
    /// The codes it was formed from, in the earlier snapshot's order.
    pub predecessors: Vec<String>,
    /// Criteria each predecessor met, in the same order.
    pub met_before: Vec<u32>,
    /// Criteria the new commune meets.
    pub met_after: u32,
    /// Whether the new commune meets every criterion.
    pub meets_all: bool,
    /// Whether any predecessor met every criterion.
    pub any_predecessor_met_all: bool,
}

/// A commune found in only one snapshot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnmatchedCommune {
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// District.
    pub district: String,
    /// Criteria met.
    pub met_count: u32,
    /// Recognition level.
    pub recognition: RecognitionLevel,
    /// For a commune of the earlier snapshot: the code the mapping sent it to, when that code is
    /// not in the later snapshot.
    pub mapped_to: Option<String>,
}

/// The change of one band between two snapshots.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BandChange {
    /// Vietnamese label.
    pub label_vi: String,
    /// English label.
    pub label_en: String,
    /// Lowest count.
    pub lo: u32,
    /// Highest count.
    pub hi: u32,
    /// Communes before.
    pub before: u64,
    /// Communes after.
    pub after: u64,
    /// `after - before`.
    pub change: i64,
}

/// The change of one criterion between two snapshots.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CriterionChange {
    /// Criterion number.
    pub number: u32,
    /// Communes meeting it before.
    pub before: u64,
    /// Communes meeting it after.
    pub after: u64,
    /// `after - before`.
    pub change: i64,
    /// Communes found in both snapshots that gained it.
    pub gained: u64,
    /// Communes found in both snapshots that lost it.
    pub lost: u64,
}

/// Changes per year (a change times 365 / days between the snapshot dates), exact and rounded
/// half away from zero to the summary precision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnnualRate {
    /// Days between the two dates.
    pub days: i64,
    /// Communes meeting every criterion, per year.
    pub meeting_standard: Fixed,
    /// Average criteria per commune, per year.
    pub average: Fixed,
    /// Total criteria met, per year.
    pub total_criteria: Fixed,
}

/// What changed between two snapshots (see [`compare`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comparison {
    /// The criteria set of both snapshots.
    pub set_id: String,
    /// Number of criteria.
    pub criteria_count: u32,
    /// Date of the earlier snapshot.
    pub date_before: Option<String>,
    /// Date of the later snapshot.
    pub date_after: Option<String>,
    /// Days between them, when both dates are given.
    pub days: Option<i64>,
    /// Summary of the earlier snapshot.
    pub before: Summary,
    /// Summary of the later snapshot.
    pub after: Summary,
    /// Codes of communes newly meeting every criterion (xã mới đạt 19/19), later table order.
    /// Only communes matched one to one: mergers are in `merged`, unmatched communes in
    /// `only_before` / `only_after` (the band counts of `before` and `after` cover everyone).
    pub newly_meeting: Vec<String>,
    /// Codes of communes that met every criterion and no longer do.
    pub fell_from_standard: Vec<String>,
    /// Codes of communes not recognised before and recognised after.
    pub newly_recognised: Vec<String>,
    /// Every matched commune whose criteria or recognition changed, later table order.
    pub changes: Vec<CommuneChange>,
    /// Matched communes with no change.
    pub unchanged: u64,
    /// Communes formed from several earlier ones.
    pub merged: Vec<Merger>,
    /// Communes of the earlier snapshot with no counterpart.
    pub only_before: Vec<UnmatchedCommune>,
    /// Communes of the later snapshot with no counterpart.
    pub only_after: Vec<UnmatchedCommune>,
    /// Mapping keys that are not codes of the earlier snapshot (a typo, or the wrong mapping).
    pub unused_mapping: Vec<String>,
    /// Change in communes meeting every criterion.
    pub meeting_standard_change: i64,
    /// Change in total criteria met.
    pub total_criteria_change: i64,
    /// Change in the average criteria per commune, computed exactly and rounded (not the
    /// difference of two rounded averages).
    pub average_change: Fixed,
    /// Per band of the banding used.
    pub bands: Vec<BandChange>,
    /// Per criterion, when both snapshots list every commune's criteria.
    pub criteria: Option<Vec<CriterionChange>>,
    /// Rates per year, when both dates are given and differ.
    pub per_year: Option<AnnualRate>,
}

/// Compares two snapshots with the default banding of the set and 2 decimals
/// ([`compare_with`]).
///
/// `mapping` sends old codes to new ones (mergers, renumbering): a commune of `before` is matched
/// with the commune of `after` whose code is `mapping[code]`, or its own code when it is not in
/// the mapping. When several communes map to one, the new commune is listed in
/// [`Comparison::merged`]. Communes found in only one snapshot are listed in `only_before` /
/// `only_after`.
///
/// ```
/// use std::collections::BTreeMap;
/// use ntm_criteria::{CriteriaSet, compare, CommuneTable, Snapshot};
/// let before = Snapshot::new(CommuneTable::from_csv_reader("code,met_count\nA,19\nB,10\nC,7\n".as_bytes(), "b", 19)?, CriteriaSet::bundled("2016-2020")?)?;
/// let after = Snapshot::new(CommuneTable::from_csv_reader("code,met_count\nAB,19\nC,9\nD,5\n".as_bytes(), "a", 19)?, CriteriaSet::bundled("2016-2020")?)?;
/// let mapping = BTreeMap::from([("A".to_string(), "AB".to_string()), ("B".to_string(), "AB".to_string())]);
/// let c = compare(&before, &after, Some(&mapping))?;
/// assert_eq!(c.merged[0].predecessors, ["A", "B"]);
/// assert_eq!(c.changes[0].code, "C");
/// assert_eq!(c.only_after[0].code, "D");
/// assert!(c.only_before.is_empty());
/// // Without the mapping nothing is lost either:
/// let c = compare(&before, &after, None)?;
/// assert_eq!(c.only_before.len(), 2);
/// assert_eq!(c.only_after.len(), 2);
/// # Ok::<(), ntm_criteria::NtmError>(())
/// ```
pub fn compare(before: &Snapshot, after: &Snapshot, mapping: Option<&BTreeMap<String, String>>) -> Result<Comparison> {
    let banding = Banding::default_for(before.table.criteria_count);
    compare_with(before, after, mapping, &banding, SummaryOptions::default())
}

/// Compares two snapshots with a banding and summary options (see [`compare`]).
///
/// Refused ([`NtmError::Snapshot`]): snapshots of different sets or numbers of criteria, a
/// malformed date, `after` dated before `before`, a code repeated within a snapshot. Snapshots
/// without communes cannot be summarised ([`NtmError::EmptySummary`]).
///
/// ```
/// use ntm_criteria::{CriteriaSet, compare_with, Banding, CommuneTable, Snapshot, SummaryOptions};
/// let b = Snapshot::new(CommuneTable::from_csv_reader("code,met_count\nA,18\n".as_bytes(), "b", 19)?, CriteriaSet::bundled("2016-2020")?)?.dated("2020-01-01")?;
/// let a = Snapshot::new(CommuneTable::from_csv_reader("code,met_count\nA,19\n".as_bytes(), "a", 19)?, CriteriaSet::bundled("2016-2020")?)?.dated("2020-07-01")?;
/// let c = compare_with(&b, &a, None, &Banding::official(), SummaryOptions { precision: 1, ..Default::default() })?;
/// assert_eq!(c.newly_meeting, ["A"]);
/// assert_eq!(c.days, Some(182));
/// assert_eq!(c.per_year.map(|r| r.meeting_standard.to_vi()), Some("2,0".to_string()));
/// assert!(compare_with(&a, &b, None, &Banding::official(), SummaryOptions::default()).is_err()); // dates reversed
/// # Ok::<(), ntm_criteria::NtmError>(())
/// ```
pub fn compare_with(
    before: &Snapshot,
    after: &Snapshot,
    mapping: Option<&BTreeMap<String, String>>,
    banding: &Banding,
    options: SummaryOptions,
) -> Result<Comparison> {
    let days = check_comparable(before, after)?;
    let normalized = mapping.map(normalized_mapping).transpose()?;
    let mapping = normalized.as_ref();
    let sum_before = before.table.summary(banding, options)?;
    let sum_after = after.table.summary(banding, options)?;
    let mut c = Comparison {
        set_id: before.set_id.clone(),
        criteria_count: before.table.criteria_count,
        date_before: before.date.clone(),
        date_after: after.date.clone(),
        days,
        before: sum_before,
        after: sum_after,
        newly_meeting: Vec::new(),
        fell_from_standard: Vec::new(),
        newly_recognised: Vec::new(),
        changes: Vec::new(),
        unchanged: 0,
        merged: Vec::new(),
        only_before: Vec::new(),
        only_after: Vec::new(),
        unused_mapping: unused_mapping(before, mapping),
        meeting_standard_change: 0,
        total_criteria_change: 0,
        average_change: Fixed::new(0, options.precision),
        bands: Vec::new(),
        criteria: None,
        per_year: None,
    };
    let moves = match_communes(&mut c, before, after, mapping);
    fill_totals(&mut c, &moves, days);
    Ok(c)
}

/// Refuses two snapshots that cannot be compared (see [`compare_with`]); the days from the
/// earlier date to the later one, when both are dated.
fn check_comparable(before: &Snapshot, after: &Snapshot) -> Result<Option<i64>> {
    let refuse = |reason: String| NtmError::Snapshot { reason };
    if before.set_id != after.set_id {
        return Err(refuse(format!(
            "the snapshots are assessed against different criteria sets ({} and {}): criterion numbers do not mean the same",
            before.set_id, after.set_id
        )));
    }
    let n = before.table.criteria_count;
    if after.table.criteria_count != n {
        return Err(refuse(format!("the snapshots have {n} and {} criteria", after.table.criteria_count)));
    }
    let days = days_between(before, after)?;
    for (which, s) in [("earlier", before), ("later", after)] {
        let mut seen = HashSet::new();
        let dup: BTreeSet<&str> =
            s.table.rows.iter().filter(|r| !seen.insert(&r.code)).map(|r| r.code.as_str()).collect();
        if !dup.is_empty() {
            return Err(refuse(format!(
                "the {which} snapshot repeats commune codes: {}",
                dup.into_iter().collect::<Vec<_>>().join(", ")
            )));
        }
    }
    Ok(days)
}

/// The days from the earlier snapshot's date to the later one's, when both are dated (a later
/// snapshot dated before the earlier one is refused); a single date is still checked.
fn days_between(before: &Snapshot, after: &Snapshot) -> Result<Option<i64>> {
    match (&before.date, &after.date) {
        (Some(b), Some(a)) => {
            let d = day_number(a)? - day_number(b)?;
            if d < 0 {
                return Err(NtmError::Snapshot {
                    reason: format!("the later snapshot ({a}) is dated before the earlier one ({b})"),
                });
            }
            Ok(Some(d))
        }
        (b, a) => {
            if let Some(d) = b.as_deref().or(a.as_deref()) {
                day_number(d)?;
            }
            Ok(None)
        }
    }
}

/// The mapping with its codes as the tables hold theirs (NFC, trimmed), so that a code typed
/// in NFD still matches; two keys that become one and send it to different codes are refused.
fn normalized_mapping(mapping: &BTreeMap<String, String>) -> Result<BTreeMap<String, String>> {
    let mut out = BTreeMap::new();
    for (k, v) in mapping {
        // The rule the input layer reads codes with.
        let (k, v) = (crate::input::cell::clean(k), crate::input::cell::clean(v));
        if let Some(other) = out.insert(k.clone(), v.clone())
            && other != v
        {
            return Err(NtmError::Snapshot {
                reason: format!("the mapping sends {k:?} to both {other:?} and {v:?} (the same code written twice)"),
            });
        }
    }
    Ok(out)
}

/// The code of the later snapshot a commune of the earlier one is matched with: `mapping[code]`,
/// or its own code.
fn match_code(r: &CommuneRecord, mapping: Option<&BTreeMap<String, String>>) -> String {
    mapping.and_then(|m| m.get(&r.code)).unwrap_or(&r.code).clone()
}

/// Mapping keys that are not codes of the earlier snapshot.
fn unused_mapping(before: &Snapshot, mapping: Option<&BTreeMap<String, String>>) -> Vec<String> {
    mapping
        .map(|m| m.keys().filter(|k| !before.table.rows.iter().any(|r| &&r.code == k)).cloned().collect())
        .unwrap_or_default()
}

/// Per criterion, how many communes matched one to one gained it and lost it.
struct CriteriaMoves {
    gained: Vec<u64>,
    lost: Vec<u64>,
}

impl CriteriaMoves {
    /// Counts the criteria one commune gained and lost, and lists them, when both snapshots
    /// list its criteria.
    fn record(
        &mut self,
        before: Option<crate::mask::CriteriaMask>,
        after: Option<crate::mask::CriteriaMask>,
    ) -> (Option<Vec<u32>>, Option<Vec<u32>>) {
        match (before, after) {
            (Some(mb), Some(ma)) => {
                let g = crate::mask::CriteriaMask(ma.0 & !mb.0);
                let l = crate::mask::CriteriaMask(mb.0 & !ma.0);
                for k in g.numbers() {
                    if let Some(x) = self.gained.get_mut(k as usize - 1) {
                        *x += 1;
                    }
                }
                for k in l.numbers() {
                    if let Some(x) = self.lost.get_mut(k as usize - 1) {
                        *x += 1;
                    }
                }
                (Some(g.numbers().collect::<Vec<_>>()), Some(l.numbers().collect::<Vec<_>>()))
            }
            _ => (None, None),
        }
    }

    /// The change of each criterion, when both summaries count communes per criterion.
    fn criterion_changes(&self, sb: &Summary, sa: &Summary) -> Option<Vec<CriterionChange>> {
        let (Some(pb), Some(pa)) = (&sb.per_criterion, &sa.per_criterion) else {
            return None;
        };
        Some(
            pb.iter()
                .zip(pa)
                .zip(self.gained.iter().zip(&self.lost))
                .map(|((x, y), (&g, &l))| CriterionChange {
                    number: x.number,
                    before: x.met,
                    after: y.met,
                    change: y.met as i64 - x.met as i64,
                    gained: g,
                    lost: l,
                })
                .collect(),
        )
    }
}

/// Matches the communes of `after` with those of `before` (through `mapping`) and records in `c`
/// the changes, mergers and communes found in only one snapshot; returns the criteria gained and
/// lost by the communes matched one to one.
fn match_communes(
    c: &mut Comparison,
    before: &Snapshot,
    after: &Snapshot,
    mapping: Option<&BTreeMap<String, String>>,
) -> CriteriaMoves {
    let n = c.criteria_count;
    // Earlier communes grouped by the code they are matched with.
    let mut groups: BTreeMap<String, Vec<&CommuneRecord>> = BTreeMap::new();
    for r in &before.table.rows {
        groups.entry(match_code(r, mapping)).or_default().push(r);
    }
    let mut moves = CriteriaMoves { gained: vec![0u64; n as usize], lost: vec![0u64; n as usize] };
    let mut matched = HashSet::new();
    for a in &after.table.rows {
        let Some(preds) = groups.get(&a.code) else {
            c.only_after.push(unmatched(a, None));
            continue;
        };
        matched.insert(a.code.clone());
        if let [b] = preds.as_slice() {
            compare_pair(c, b, a, &mut moves);
        } else {
            c.merged.push(merger(a, preds, n));
        }
    }
    for b in &before.table.rows {
        let t = match_code(b, mapping);
        if !matched.contains(&t) {
            c.only_before.push(unmatched(b, (t != b.code).then_some(t)));
        }
    }
    moves
}

/// Records what changed for commune `b` of the earlier snapshot, matched with `a` of the later.
fn compare_pair(c: &mut Comparison, b: &CommuneRecord, a: &CommuneRecord, moves: &mut CriteriaMoves) {
    let n = c.criteria_count;
    let (gained, lost) = moves.record(b.met, a.met);
    let reached = b.met_count < n && a.met_count >= n;
    let fell = b.met_count >= n && a.met_count < n;
    if reached {
        c.newly_meeting.push(a.code.clone());
    }
    if fell {
        c.fell_from_standard.push(a.code.clone());
    }
    if b.recognition.level == RecognitionLevel::None && a.recognition.level != RecognitionLevel::None {
        c.newly_recognised.push(a.code.clone());
    }
    let same = b.met_count == a.met_count && b.met == a.met && b.recognition == a.recognition;
    if same && b.code == a.code {
        c.unchanged += 1;
    } else {
        c.changes.push(CommuneChange {
            code: a.code.clone(),
            name: a.name.clone(),
            before_code: b.code.clone(),
            met_before: b.met_count,
            met_after: a.met_count,
            change: i64::from(a.met_count) - i64::from(b.met_count),
            gained,
            lost,
            recognition_before: b.recognition.level,
            recognition_after: a.recognition.level,
            reached_standard: reached,
            fell_from_standard: fell,
        });
    }
}

/// The commune `a` of the later snapshot formed from several earlier ones.
fn merger(a: &CommuneRecord, preds: &[&CommuneRecord], n: u32) -> Merger {
    Merger {
        code: a.code.clone(),
        name: a.name.clone(),
        predecessors: preds.iter().map(|b| b.code.clone()).collect(),
        met_before: preds.iter().map(|b| b.met_count).collect(),
        met_after: a.met_count,
        meets_all: a.met_count >= n,
        any_predecessor_met_all: preds.iter().any(|b| b.met_count >= n),
    }
}

/// The changes of the totals, the average, the bands and the criteria, and the rates per year.
fn fill_totals(c: &mut Comparison, moves: &CriteriaMoves, days: Option<i64>) {
    let (sb, sa) = (&c.before, &c.after);
    c.meeting_standard_change = sa.meeting_standard as i64 - sb.meeting_standard as i64;
    c.total_criteria_change = sa.total_criteria as i64 - sb.total_criteria as i64;
    // avg_after - avg_before = (Ta·Nb - Tb·Na) / (Na·Nb), exactly.
    let (ta, na, tb, nb) =
        (sa.total_criteria as i128, sa.communes as i128, sb.total_criteria as i128, sb.communes as i128);
    let avg_num = ta.saturating_mul(nb).saturating_sub(tb.saturating_mul(na));
    let avg_den = na.saturating_mul(nb);
    c.average_change = signed_ratio(avg_num, avg_den, sa.precision);
    c.bands = band_changes(sb, sa);
    c.criteria = moves.criterion_changes(sb, sa);
    if let Some(d) = days.filter(|&d| d > 0) {
        let d = i128::from(d);
        let p = sa.precision;
        c.per_year = Some(AnnualRate {
            days: d as i64,
            meeting_standard: signed_ratio(i128::from(c.meeting_standard_change) * YEAR_DAYS, d, p),
            average: signed_ratio(avg_num.saturating_mul(YEAR_DAYS), avg_den.saturating_mul(d), p),
            total_criteria: signed_ratio(i128::from(c.total_criteria_change) * YEAR_DAYS, d, p),
        });
    }
}

/// The change of each band, both summaries being made with the same banding.
fn band_changes(sb: &Summary, sa: &Summary) -> Vec<BandChange> {
    sb.bands
        .iter()
        .zip(&sa.bands)
        .map(|(x, y)| BandChange {
            label_vi: x.label_vi.clone(),
            label_en: x.label_en.clone(),
            lo: x.lo,
            hi: x.hi,
            before: x.count,
            after: y.count,
            change: y.count as i64 - x.count as i64,
        })
        .collect()
}

fn unmatched(r: &CommuneRecord, mapped_to: Option<String>) -> UnmatchedCommune {
    UnmatchedCommune {
        code: r.code.clone(),
        name: r.name.clone(),
        district: r.district.clone(),
        met_count: r.met_count,
        recognition: r.recognition.level,
        mapped_to,
    }
}

/// The examples of `docs/progress-and-audit.md`, run as doctests so that the page stays true.
#[cfg(doctest)]
#[doc = include_str!("../../../docs/progress-and-audit.md")]
struct ProgressAndAuditDoctests;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers() {
        assert_eq!(day_number("1970-01-01").ok(), Some(0));
        assert_eq!(day_number("2020-12-31").ok().zip(day_number("2020-07-31").ok()).map(|(a, b)| a - b), Some(153));
        assert!(day_number("2021-02-29").is_err());
        assert!(day_number("2020-13-01").is_err());
        assert!(day_number("2020-1-01").is_err());
        assert!(day_number("+020-01-01").is_err());
    }

    #[test]
    fn signed_rounding() {
        assert_eq!(signed_ratio(-1, 8, 2), Fixed::new(-13, 2));
        assert_eq!(signed_ratio(1, 8, 2), Fixed::new(13, 2));
        assert_eq!(signed_ratio(5, 0, 2), Fixed::new(0, 2));
        assert_eq!(signed_ratio(i128::MAX, 1, 2).units, i64::MAX);
    }
}
