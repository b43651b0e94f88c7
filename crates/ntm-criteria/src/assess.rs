//! Assessing one commune against a criteria set (đánh giá xã theo bộ tiêu chí).

use crate::id::Id;

use serde::{Deserialize, Serialize};

use crate::catalog::{CriteriaSet, Dimension, Indicator, Target, Verified};
use crate::communes::RecognitionLevel;
use crate::error::{NtmError, Problem, Result};
use crate::input::cell::{Cell, ParseIssue, check_number, read_value};
use crate::mask::CriteriaMask;
use crate::region::{CommuneGroup, Region};
use crate::requires::PrerequisiteOutcome;

/// A value supplied for one indicator.
///
/// ```
/// use ntm_criteria::Value;
/// let water = Value::Pair(92.0, 55.0); // 17.1: hygienic 92%, of which clean 55%
/// let agency = Value::Verdict(true);   // "Đạt"
/// assert!(Value::Missing.is_missing());
/// # let _ = (water, agency);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Value {
    /// A measured number in the indicator's unit.
    Number(f64),
    /// Two numbers, for a compound (`at_least_both`) indicator.
    Pair(f64, f64),
    /// The sector agency's verdict: "Đạt" (true) or "Không đạt" (false).
    Verdict(bool),
    /// No value: the indicator is not assessed.
    #[default]
    Missing,
}

impl Value {
    /// Whether this is [`Value::Missing`] (the indicator is not assessed).
    ///
    /// ```
    /// use ntm_criteria::Value;
    /// assert!(Value::default().is_missing());
    /// assert!(!Value::Verdict(false).is_missing()); // "Không đạt" is a value, not a gap
    /// ```
    pub fn is_missing(&self) -> bool {
        matches!(self, Value::Missing)
    }

    /// The value as a table or a repr shows it: the number, `a / b` for a pair, `Đạt` /
    /// `Không đạt` for a verdict, nothing when missing.
    ///
    /// ```
    /// use ntm_criteria::Value;
    /// assert_eq!((Value::Number(38.5).shown(), Value::Pair(95.0, 60.0).shown()), ("38.5".into(), "95 / 60".into()));
    /// assert_eq!((Value::Verdict(false).shown(), Value::Missing.shown()), ("Không đạt".into(), String::new()));
    /// ```
    pub fn shown(&self) -> String {
        match *self {
            Value::Number(x) => x.to_string(),
            Value::Pair(a, b) => format!("{a} / {b}"),
            Value::Verdict(true) => "Đạt".into(),
            Value::Verdict(false) => "Không đạt".into(),
            Value::Missing => String::new(),
        }
    }
}

/// What the assessment needs to know about the commune besides its values.
///
/// ```
/// use ntm_criteria::{Profile, Region};
/// let p = Profile::region(Region::NorthCentralCoast).disadvantaged(true);
/// assert!(p.is_disadvantaged);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Profile {
    /// The commune's region (sets that vary by region).
    pub region: Option<Region>,
    /// The commune's group (sets that vary by commune group, 2026-2030).
    pub group: Option<CommuneGroup>,
    /// Extremely disadvantaged (xã ĐBKK) or ATK commune of a poor district: under 318/QĐ-TTg it
    /// uses the TDMNPB thresholds whatever its region.
    pub is_disadvantaged: bool,
    /// The level the commune is already recognised at, for a set that requires one (`None`:
    /// not known, so such a prerequisite is not assessed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recognition: Option<RecognitionLevel>,
}

impl Profile {
    /// A commune of a region.
    ///
    /// ```
    /// use ntm_criteria::{region_of, CriteriaSet, Profile, Region, Status, Value};
    /// let lang_son = Profile::region(region_of("Lạng Sơn")?);
    /// assert_eq!(lang_son.region, Some(Region::NorthernMidlandsMountains));
    /// let set = CriteriaSet::bundled("2016-2020")?;
    /// let a = set.assess([("10", Value::Number(38.5))], &lang_son)?;
    /// assert_eq!(a.criterion(10), Some(Status::Met)); // income ≥ 36 million VND in TDMNPB
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn region(region: Region) -> Profile {
        Profile { region: Some(region), ..Profile::default() }
    }

    /// A commune of a commune group.
    ///
    /// ```
    /// let p = ntm_criteria::Profile::group(ntm_criteria::CommuneGroup::G3);
    /// assert_eq!(p.group, Some(ntm_criteria::CommuneGroup::G3));
    /// ```
    pub fn group(group: CommuneGroup) -> Profile {
        Profile { group: Some(group), ..Profile::default() }
    }

    /// Sets the ĐBKK/ATK flag. Under 318/QĐ-TTg (`"2021-2025"`) such a commune is assessed
    /// with the northern mountains' (TDMNPB) thresholds; other sets ignore the flag.
    ///
    /// ```
    /// use ntm_criteria::{CriteriaSet, Profile, Region, Status, Value};
    /// let set = CriteriaSet::bundled("2021-2025")?;
    /// let ncc = Profile::region(Region::NorthCentralCoast);
    /// let poverty = [("11", Value::Number(10.0))];
    /// assert_eq!(set.assess(poverty, &ncc)?.criterion(11), Some(Status::NotMet)); // NCC: at most 6.5
    /// let dbkk = set.assess(poverty, &ncc.disadvantaged(true))?;
    /// assert_eq!(dbkk.criterion(11), Some(Status::Met)); // NMM: at most 13
    /// assert_eq!(&*dbkk.key, "NMM");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn disadvantaged(mut self, yes: bool) -> Profile {
        self.is_disadvantaged = yes;
        self
    }

    /// Sets the level the commune is already recognised at (`RecognitionLevel::None`: not
    /// recognised), which a set with a prerequisite (`requires`) reads.
    ///
    /// ```
    /// use ntm_criteria::{CriteriaSet, Profile, RecognitionLevel, Status};
    /// let set = CriteriaSet::bundled("kieu-mau-2021-2025")?;
    /// let a = set.assess([("3", ntm_criteria::Value::Number(1.0))], &Profile::default().recognised(RecognitionLevel::NangCao))?;
    /// assert_eq!(a.prerequisite.map(|p| p.status), Some(Status::Met));
    /// # Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn recognised(mut self, level: RecognitionLevel) -> Profile {
        self.recognition = Some(level);
        self
    }
}

/// Met, not met, or not assessed. "Not assessed" is never counted as met or as not met.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Met (đạt).
    Met,
    /// Not met (chưa đạt).
    NotMet,
    /// Not assessed: a value or a threshold is missing.
    NotAssessed,
}

impl Status {
    /// `"met"`, `"not_met"` or `"not_assessed"`.
    ///
    /// ```
    /// assert_eq!(ntm_criteria::Status::NotAssessed.as_str(), "not_assessed");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Met => "met",
            Status::NotMet => "not_met",
            Status::NotAssessed => "not_assessed",
        }
    }

    /// The status of criterion `k` from the masks of the criteria met and not assessed (as
    /// [`CriteriaSet::assess_mask_checked`] gives them): met, else not assessed, else not met.
    ///
    /// ```
    /// use ntm_criteria::{CriteriaMask, Status};
    /// let (met, not_assessed) = (CriteriaMask::from_numbers(&[1], 3)?, CriteriaMask::from_numbers(&[2], 3)?);
    /// let got: Vec<Status> = (1..=3).map(|k| Status::of(k, met, not_assessed)).collect();
    /// assert_eq!(got, [Status::Met, Status::NotAssessed, Status::NotMet]);
    /// # Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn of(k: u32, met: CriteriaMask, not_assessed: CriteriaMask) -> Status {
        if met.contains(k) {
            Status::Met
        } else if not_assessed.contains(k) {
            Status::NotAssessed
        } else {
            Status::NotMet
        }
    }
}

/// Why an indicator was not assessed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NotAssessedReason {
    /// No value was supplied.
    MissingValue,
    /// A number was supplied but the set has no known threshold for this region or group;
    /// only a yes/no verdict can assess it.
    UnknownThreshold,
}

impl NotAssessedReason {
    /// The reason's name (its serde form).
    ///
    /// ```
    /// assert_eq!(ntm_criteria::NotAssessedReason::UnknownThreshold.as_str(), "unknown_threshold");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            NotAssessedReason::MissingValue => "missing_value",
            NotAssessedReason::UnknownThreshold => "unknown_threshold",
        }
    }
}

/// The outcome for one indicator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorOutcome {
    /// Indicator id (shared with the set: no copy per assessment).
    pub id: Id,
    /// Criterion number.
    pub criterion: u32,
    /// Met / not met / not assessed.
    pub status: Status,
    /// Why not assessed.
    pub reason: Option<NotAssessedReason>,
    /// The supplied value.
    pub value: Value,
    /// The target used, when known.
    pub target: Option<Target>,
    /// How far the value is from the target, in the indicator's unit (0 when met; the larger
    /// shortfall of the two parts for a compound target); `None` for verdicts.
    pub gap: Option<f64>,
    /// Verification state of the threshold cell used; `None` when the set has no cell.
    pub verified: Option<Verified>,
}

/// A threshold used by an assessment that is not verified `true`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnverifiedThreshold {
    /// Indicator id.
    pub indicator: Id,
    /// The cell key used (`"NMM"`, `"G1"`, `"all"`).
    pub key: Id,
    /// Its state; `None` when the set has no cell and the requirement comes from the rule alone.
    pub verified: Option<Verified>,
}

/// A threshold an assessment used that a later amendment of the set may have changed
/// ([`CriteriaSet::possibly_superseded`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupersededThreshold {
    /// Indicator id.
    pub indicator: Id,
    /// The cell key used.
    pub key: Id,
    /// The amending decision (`"211/QĐ-TTg"`).
    pub by: String,
}

/// The result of assessing one commune.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assessment {
    /// The set's id.
    pub set_id: String,
    /// The key whose thresholds were used (`"NMM"`, `"G2"`, `"all"`).
    pub key: Id,
    /// Number of criteria of the set.
    pub criteria_count: u32,
    /// Per indicator, in set order.
    pub indicators: Vec<IndicatorOutcome>,
    /// Per criterion (index 0 is criterion 1).
    pub criteria: Vec<Status>,
    /// Criteria met.
    pub met: CriteriaMask,
    /// Criteria not assessed.
    pub not_assessed: CriteriaMask,
    /// Number of criteria met.
    pub met_count: u32,
    /// Vietnamese label of the band in the set's default banding.
    pub band: Option<String>,
    /// All criteria met (đạt chuẩn: 19/19 for the 19-criteria sets) and, for a set with a
    /// prerequisite, the prerequisite met.
    pub meets_standard: bool,
    /// The prerequisite of a set that requires a level (kiểu mẫu requires nâng cao), judged
    /// from the commune's recognition ([`Profile::recognised`]); reported before the criteria.
    pub prerequisite: Option<PrerequisiteOutcome>,
    /// Thresholds used that are not verified `true`.
    pub unverified_thresholds: Vec<UnverifiedThreshold>,
    /// Thresholds used that a later amendment of the set may have changed (318/QĐ-TTg's numbers
    /// after 211/QĐ-TTg of 1/3/2024).
    pub superseded_thresholds: Vec<SupersededThreshold>,
}

impl Assessment {
    /// Indicators not met, with their gaps.
    ///
    /// ```
    /// use ntm_criteria::{CriteriaSet, Profile, Region, Value};
    /// let set = CriteriaSet::bundled("2016-2020")?;
    /// let a = set.assess([("10", Value::Number(30.0))], &Profile::region(Region::NorthernMidlandsMountains))?;
    /// let s = a.shortfalls().next().unwrap();
    /// assert_eq!((&*s.id, s.gap), ("10", Some(6.0)));
    /// Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn shortfalls(&self) -> impl Iterator<Item = &IndicatorOutcome> {
        self.indicators.iter().filter(|o| o.status == Status::NotMet)
    }

    /// The status of criterion `k` (1-based).
    ///
    /// ```
    /// use ntm_criteria::{CriteriaSet, Profile, Region, Status};
    /// let set = CriteriaSet::bundled("2016-2020")?;
    /// let a = set.assess([], &Profile::region(Region::RedRiverDelta))?;
    /// assert_eq!(a.criterion(1), Some(Status::NotAssessed));
    /// Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn criterion(&self, k: u32) -> Option<Status> {
        k.checked_sub(1).and_then(|i| self.criteria.get(i as usize)).copied()
    }
}

/// `x × base` as a decision means it: 110% of 50 is 55, not the binary 55.000000000000007 that
/// would fail an income of exactly 55 (rounded to nine decimals, far below any unit's precision).
#[inline]
pub(crate) fn multiple(x: f64, base: f64) -> f64 {
    (x * base * 1e9).round() / 1e9
}

/// The outcome of one indicator for one value: status, gap. The single definition of every rule,
/// used by both the one-commune and the batch paths.
#[inline]
pub(crate) fn evaluate(target: Option<Target>, value: Value) -> (Status, Option<f64>) {
    match (value, target) {
        (Value::Missing, _) => (Status::NotAssessed, None),
        (Value::Verdict(b), _) => (if b { Status::Met } else { Status::NotMet }, None),
        (_, None) => (Status::NotAssessed, None),
        (Value::Number(v), Some(Target::AtLeast(x))) => {
            if v >= x {
                (Status::Met, Some(0.0))
            } else {
                (Status::NotMet, Some(x - v))
            }
        }
        (Value::Number(v), Some(Target::AtMost(x))) => {
            if v <= x {
                (Status::Met, Some(0.0))
            } else {
                (Status::NotMet, Some(v - x))
            }
        }
        (Value::Number(v), Some(Target::Absent)) => {
            if v == 0.0 {
                (Status::Met, Some(0.0))
            } else {
                (Status::NotMet, Some(v))
            }
        }
        (Value::Pair(a, b), Some(Target::AtLeastBoth(x, y))) => {
            let gap = (x - a).max(y - b).max(0.0);
            if a >= x && b >= y { (Status::Met, Some(0.0)) } else { (Status::NotMet, Some(gap)) }
        }
        (Value::Pair(a, base), Some(Target::AtLeastTimes(x))) => {
            let need = multiple(x, base);
            if a >= need { (Status::Met, Some(0.0)) } else { (Status::NotMet, Some(need - a)) }
        }
        // Shapes that `check_value` rejects before evaluation.
        _ => (Status::NotAssessed, None),
    }
}

/// Checks a value for an indicator with the one cell rule ([`read_value`]): a number is a
/// typed number, a verdict a typed bool, a pair a typed pair. A NaN number is refused here
/// (give [`Value::Missing`]); the batch columns use NaN as their missing value instead.
pub(crate) fn check_value(indicator: &Indicator, value: Value) -> std::result::Result<Value, ParseIssue> {
    let cell = match value {
        Value::Missing => return Ok(Value::Missing),
        Value::Number(x) if x.is_nan() => return check_number(x, indicator.unit).map(Value::Number),
        Value::Number(x) => Cell::Number(x),
        Value::Verdict(b) => Cell::Bool(b),
        Value::Pair(a, b) => Cell::Pair(a, b),
    };
    read_value(cell, indicator)
}

/// A value as a person would write it, for messages.
pub(crate) fn value_text(value: Value) -> String {
    match value {
        Value::Missing => String::new(),
        Value::Number(x) => Cell::Number(x).display(),
        Value::Verdict(b) => Cell::Bool(b).display(),
        Value::Pair(a, b) => Cell::Pair(a, b).display(),
    }
}

/// The problem of an unusable value of an indicator.
fn invalid_value(id: &str, issue: ParseIssue, raw: Value) -> Problem {
    Problem::new(id, issue.kind, issue.message).with_input(value_text(raw))
}

/// The indicators of one commune judged at one key ([`CriteriaSet::assess_values`]): the
/// outcomes, the unusable values, the criteria with an indicator not met or not assessed, and
/// the thresholds used that are not verified.
struct JudgedIndicators {
    outcomes: Vec<IndicatorOutcome>,
    problems: Vec<Problem>,
    failed: CriteriaMask,
    unknown: CriteriaMask,
    unverified: Vec<UnverifiedThreshold>,
    superseded: Vec<SupersededThreshold>,
}

impl CriteriaSet {
    /// The assessment key index for a commune (region, group or `all`).
    pub(crate) fn key_index(&self, profile: &Profile) -> Result<usize> {
        match self.dimension() {
            Dimension::Region => {
                let r = profile
                    .region
                    .ok_or(NtmError::MissingDimension { set: self.id().to_string(), dimension: "region" })?;
                let r = match (profile.is_disadvantaged, self.disadvantaged_uses()) {
                    (true, Some(d)) => d,
                    _ => r,
                };
                Ok(r.index())
            }
            Dimension::CommuneGroup => profile
                .group
                .map(|g| g.index())
                .ok_or(NtmError::MissingDimension { set: self.id().to_string(), dimension: "commune_group" }),
            Dimension::None => Ok(0),
        }
    }

    /// Checks the profile of one commune against the set: the set's dimension is given
    /// ([`NtmError::MissingDimension`] otherwise), and a region given to a set keyed by commune
    /// group, or a group to a set keyed by region, is refused ([`NtmError::InvalidArgument`]): it
    /// would be silently ignored.
    ///
    /// ```
    /// use ntm_criteria::{CriteriaSet, NtmError, Profile, Region};
    /// let set = CriteriaSet::bundled("2016-2020")?;
    /// assert!(set.check_profile(&Profile::region(Region::NorthernMidlandsMountains)).is_ok());
    /// assert!(matches!(set.check_profile(&Profile::default()), Err(NtmError::MissingDimension { .. })));
    /// let both = Profile { group: Some("G1".parse()?), ..Profile::region(Region::NorthernMidlandsMountains) };
    /// assert!(matches!(set.check_profile(&both), Err(NtmError::InvalidArgument { .. })));
    /// # Ok::<(), NtmError>(())
    /// ```
    pub fn check_profile(&self, profile: &Profile) -> Result<()> {
        self.key_index(profile)?;
        let (given, varies, wanted) = match (self.dimension(), profile.region, profile.group) {
            (crate::Dimension::Region, _, Some(g)) => ("commune_group", "region", g.code().to_string()),
            (crate::Dimension::CommuneGroup, Some(r), _) => ("region", "commune group", r.code().to_string()),
            _ => return Ok(()),
        };
        Err(NtmError::InvalidArgument {
            argument: given.into(),
            reason: format!(
                "set {} varies its thresholds by {varies}, so {given} {wanted} would be ignored: give the {varies} only",
                self.id()
            ),
        })
    }

    /// Assesses one commune from indicator values given by id. An id is matched by the header
    /// rule of every door ([`crate::input::header`]: `"1,1"` and `" 1.1 "` are `1.1`).
    ///
    /// The values are read by the record door ([`crate::input::record`], as a Python dict is):
    /// a two-part indicator may come as its two component keys. Unknown indicator ids
    /// (`unknown_column`, with the nearest ids), ids given twice and all the unusable values (NaN,
    /// a percentage over 100, a pair for a one-number indicator, …) are reported at once in a
    /// [`NtmError::Validation`], in set order. A missing region or group is reported first
    /// ([`NtmError::MissingDimension`]).
    ///
    /// ```
    /// use ntm_criteria::{CriteriaSet, Profile, Region, Status, Value};
    /// let set = CriteriaSet::bundled("2016-2020")?;
    /// let lang_son = Profile::region(ntm_criteria::region_of("Lạng Sơn")?);
    /// let a = set.assess(
    ///     [
    ///         ("10", Value::Number(38.5)),      // income, million VND: NMM needs 36
    ///         ("17.1", Value::Pair(92.0, 48.0)), // water: NMM needs 90 / 50
    ///     ],
    ///     &lang_son,
    /// )?;
    /// assert_eq!(a.criterion(10), Some(Status::Met));
    /// assert_eq!(a.criterion(17), Some(Status::NotMet));
    /// assert_eq!(a.criterion(1), Some(Status::NotAssessed));
    /// assert_eq!(a.met_count, 1);
    /// // A commune group means nothing to a set whose thresholds vary by region: refused.
    /// let both = Profile { group: Some("G1".parse()?), ..lang_son };
    /// assert!(set.assess([("10", Value::Number(38.5))], &both).unwrap_err().to_string().contains("varies its thresholds by region"));
    /// Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn assess<'a, I>(&self, values: I, profile: &Profile) -> Result<Assessment>
    where
        I: IntoIterator<Item = (&'a str, Value)>,
    {
        // The profile first, as `assess_values` does: a missing region is its own error.
        self.check_profile(profile)?;
        let mut record = crate::input::record::Record::new(self);
        for (key, v) in values {
            record.add(key, crate::input::record::Given::Value(v));
        }
        let read = record.values();
        let result = self.assess_values(&read.values, profile);
        read.check(self, result)
    }

    /// Assesses one commune from values in set order (`values[i]` is indicator `i`, see
    /// [`CriteriaSet::indicator_index`]).
    ///
    /// ```
    /// use ntm_criteria::{CriteriaSet, Profile, Region, Value};
    /// let set = CriteriaSet::bundled("2016-2020")?;
    /// let all_met = vec![Value::Verdict(true); set.indicator_count()];
    /// let a = set.assess_values(&all_met, &Profile::region(Region::Southeast))?;
    /// assert!(a.meets_standard);
    /// assert_eq!(a.band.as_deref(), Some("19"));
    /// Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn assess_values(&self, values: &[Value], profile: &Profile) -> Result<Assessment> {
        let k = self.key_index(profile)?;
        let c = self.compiled();
        self.check_len(values)?;
        let n = self.criteria_count();
        let key = c.keys[k].clone();
        let judged = self.judge_indicators(values, k, &key);
        if !judged.problems.is_empty() {
            return Err(NtmError::validation("indicator values", judged.problems));
        }
        let (criteria, met, not_assessed) = self.criteria_statuses(judged.failed, judged.unknown);
        let met_count = met.count();
        let prerequisite = self.prerequisite(profile);
        Ok(Assessment {
            set_id: self.id().to_string(),
            key,
            criteria_count: n,
            indicators: judged.outcomes,
            criteria,
            met,
            not_assessed,
            met_count,
            band: self.banding().band_of(met_count).map(|b| b.label_vi.clone()),
            meets_standard: self.meets_standard(met, prerequisite.as_ref()),
            prerequisite,
            unverified_thresholds: judged.unverified,
            superseded_thresholds: judged.superseded,
        })
    }

    /// The prerequisite of a set that requires a level, judged for a commune of `profile`
    /// (its recognition); `None` for a set without one.
    ///
    /// ```
    /// use ntm_criteria::{CriteriaSet, Profile, RecognitionLevel, Status};
    /// let set = CriteriaSet::bundled("319")?;
    /// let p = set.prerequisite(&Profile::default().recognised(RecognitionLevel::KieuMau)).unwrap();
    /// assert_eq!(p.status, Status::Met);
    /// assert!(CriteriaSet::bundled("2016-2020")?.prerequisite(&Profile::default()).is_none());
    /// # Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn prerequisite(&self, profile: &Profile) -> Option<PrerequisiteOutcome> {
        self.requires().map(|r| PrerequisiteOutcome {
            level: r.level,
            set: r.set.clone(),
            status: r.status(profile.recognition),
        })
    }

    /// Whether a commune meets the standard: every criterion met (`met`) and the prerequisite,
    /// when the set has one, met.
    ///
    /// ```
    /// use ntm_criteria::{CriteriaMask, CriteriaSet, Profile, RecognitionLevel};
    /// let set = CriteriaSet::bundled("319")?;
    /// let all = CriteriaMask(0b1111);
    /// assert!(!set.meets_standard(all, set.prerequisite(&Profile::default()).as_ref()));
    /// let nang_cao = Profile::default().recognised(RecognitionLevel::NangCao);
    /// assert!(set.meets_standard(all, set.prerequisite(&nang_cao).as_ref()));
    /// # Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn meets_standard(&self, met: CriteriaMask, prerequisite: Option<&PrerequisiteOutcome>) -> bool {
        met.count() == self.criteria_count() && prerequisite.is_none_or(|p| p.status == Status::Met)
    }

    /// Judges every value at key `k` (whose id is `key`): the first step of
    /// [`CriteriaSet::assess_values`].
    #[inline]
    fn judge_indicators(&self, values: &[Value], k: usize, key: &Id) -> JudgedIndicators {
        let c = self.compiled();
        let mut outcomes = Vec::with_capacity(values.len());
        let mut problems = Vec::new();
        let mut failed = CriteriaMask::EMPTY;
        let mut unknown = CriteriaMask::EMPTY;
        let mut unverified = Vec::new();
        let mut superseded = Vec::new();
        for (i, &raw) in values.iter().enumerate() {
            let ind = self.indicator_at(i);
            let crit = self.criterion_of(i) as u32 + 1;
            let value = match check_value(ind, raw) {
                Ok(v) => v,
                Err(issue) => {
                    problems.push(invalid_value(&ind.id, issue, raw));
                    continue;
                }
            };
            let target = c.targets[i * c.width + k];
            let verified = c.verified[i * c.width + k];
            let (status, gap) = evaluate(target, value);
            let reason = match (status, value) {
                (Status::NotAssessed, Value::Missing) => Some(NotAssessedReason::MissingValue),
                (Status::NotAssessed, _) => Some(NotAssessedReason::UnknownThreshold),
                _ => None,
            };
            match status {
                Status::NotMet => failed.insert(crit),
                Status::NotAssessed => unknown.insert(crit),
                Status::Met => {}
            }
            if status != Status::NotAssessed && verified != Some(Verified::True) {
                unverified.push(UnverifiedThreshold { indicator: c.ids[i].clone(), key: key.clone(), verified });
            }
            if let (true, Some(a)) = (status != Status::NotAssessed, c.superseded[i * c.width + k]) {
                let by = self.amendments()[a].decision.clone();
                superseded.push(SupersededThreshold { indicator: c.ids[i].clone(), key: key.clone(), by });
            }
            outcomes.push(IndicatorOutcome {
                id: c.ids[i].clone(),
                criterion: crit,
                status,
                reason,
                value,
                target,
                gap,
                verified,
            });
        }
        JudgedIndicators { outcomes, problems, failed, unknown, unverified, superseded }
    }

    /// The status of each criterion from the criteria with an indicator not met (`failed`) and
    /// not assessed (`unknown`), with the masks of the criteria met and not assessed: the second
    /// step of [`CriteriaSet::assess_values`].
    #[inline]
    fn criteria_statuses(
        &self,
        failed: CriteriaMask,
        unknown: CriteriaMask,
    ) -> (Vec<Status>, CriteriaMask, CriteriaMask) {
        let mut met = CriteriaMask::EMPTY;
        let mut not_assessed = CriteriaMask::EMPTY;
        let mut criteria = Vec::with_capacity(self.criteria_count() as usize);
        for (ci, crit) in self.criteria().iter().enumerate() {
            let k = ci as u32 + 1;
            let status = if failed.contains(k) {
                Status::NotMet
            } else if unknown.contains(k) || crit.indicators.is_empty() {
                Status::NotAssessed
            } else {
                Status::Met
            };
            match status {
                Status::Met => met.insert(k),
                Status::NotAssessed => not_assessed.insert(k),
                Status::NotMet => {}
            }
            criteria.push(status);
        }
        (criteria, met, not_assessed)
    }

    /// The criteria met and not assessed, without building an [`Assessment`]: no allocation.
    /// Values must already be valid for their indicators (as [`CriteriaSet::assess_values`]
    /// checks); an unusable value counts as not assessed.
    ///
    /// ```
    /// use ntm_criteria::{CriteriaSet, Profile, Region, Value};
    /// let set = CriteriaSet::bundled("2016-2020")?;
    /// let vals = vec![Value::Verdict(true); set.indicator_count()];
    /// let (met, na) = set.assess_mask(&vals, &Profile::region(Region::CentralHighlands))?;
    /// assert_eq!((met.count(), na.count()), (19, 0));
    /// Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn assess_mask(&self, values: &[Value], profile: &Profile) -> Result<(CriteriaMask, CriteriaMask)> {
        let k = self.key_index(profile)?;
        self.check_len(values)?;
        Ok(self.mask_at_key(values, k, None))
    }

    /// [`CriteriaSet::assess_mask`] that refuses bad values as [`CriteriaSet::assess_values`]
    /// does (every unusable value reported at once), in one pass over the values: the criteria
    /// of an assessment without its per-indicator detail.
    ///
    /// ```
    /// use ntm_criteria::{CriteriaSet, Profile, Region, Value};
    /// let set = CriteriaSet::bundled("2016-2020")?;
    /// let nmm = Profile::region(Region::NorthernMidlandsMountains);
    /// let mut vals = vec![Value::Missing; set.indicator_count()];
    /// vals[set.indicator_index("10")?] = Value::Number(40.0);
    /// let (met, _) = set.assess_mask_checked(&vals, &nmm)?;
    /// assert_eq!(met, set.assess_values(&vals, &nmm)?.met);
    /// vals[set.indicator_index("4.2")?] = Value::Number(101.0);
    /// assert!(set.assess_mask_checked(&vals, &nmm).is_err());
    /// Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn assess_mask_checked(&self, values: &[Value], profile: &Profile) -> Result<(CriteriaMask, CriteriaMask)> {
        let k = self.key_index(profile)?;
        self.check_len(values)?;
        let mut problems = Vec::new();
        let masks = self.mask_at_key(values, k, Some(&mut problems));
        if problems.is_empty() { Ok(masks) } else { Err(NtmError::validation("indicator values", problems)) }
    }

    /// The assessment key (`"NMM"`, `"G2"`, `"all"`) whose thresholds apply to a commune: for a
    /// set with a ĐBKK rule, a disadvantaged commune takes that rule's region.
    ///
    /// ```
    /// use ntm_criteria::{CriteriaSet, Profile, Region};
    /// let set = CriteriaSet::bundled("2021-2025")?;
    /// let p = Profile::region(Region::NorthCentralCoast);
    /// assert_eq!(set.key_of(&p)?, "NCC");
    /// assert_eq!(set.key_of(&p.disadvantaged(true))?, "NMM");
    /// Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn key_of(&self, profile: &Profile) -> Result<&'static str> {
        let k = self.key_index(profile)?;
        Ok(self.dimension().key(k).unwrap_or("all"))
    }

    /// The criteria met and not assessed at key `k`. An unusable value counts as missing, and
    /// is reported in `problems` when given.
    pub(crate) fn mask_at_key(
        &self,
        values: &[Value],
        k: usize,
        mut problems: Option<&mut Vec<Problem>>,
    ) -> (CriteriaMask, CriteriaMask) {
        let c = self.compiled();
        let mut failed = 0u32;
        let mut unknown = 0u32;
        for (i, &raw) in values.iter().enumerate() {
            let ind = self.indicator_at(i);
            let bit = 1u32 << self.criterion_of(i);
            let v = match check_value(ind, raw) {
                Ok(v) => v,
                Err(issue) => {
                    if let Some(p) = problems.as_deref_mut() {
                        p.push(invalid_value(&ind.id, issue, raw));
                    }
                    Value::Missing
                }
            };
            match evaluate(c.targets[i * c.width + k], v).0 {
                Status::NotMet => failed |= bit,
                Status::NotAssessed => unknown |= bit,
                Status::Met => {}
            }
        }
        let all = CriteriaMask::all(self.criteria_count()).0;
        let empty = self.empty_criteria();
        let not_assessed = (unknown | empty) & !failed & all;
        (CriteriaMask(all & !failed & !not_assessed), CriteriaMask(not_assessed))
    }

    /// One value per indicator, or a [`NtmError::Batch`].
    fn check_len(&self, values: &[Value]) -> Result<()> {
        if values.len() == self.indicator_count() {
            Ok(())
        } else {
            Err(NtmError::Batch {
                reason: format!("{} values given for {} indicators", values.len(), self.indicator_count()),
            })
        }
    }

    /// Criteria with no indicators (assessable only from criterion-level data).
    pub(crate) fn empty_criteria(&self) -> u32 {
        self.criteria().iter().enumerate().filter(|(_, c)| c.indicators.is_empty()).fold(0u32, |m, (i, _)| m | (1 << i))
    }
}
