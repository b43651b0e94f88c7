//! Criteria sets (bộ tiêu chí) as data, with provenance on every threshold.
//!
//! The file format is documented in `docs/set-format.md`. The bundled national sets are
//! embedded at compile time and parsed once, on first use.

use crate::assessed::AssessedUnit;
use crate::communes::RecognitionLevel;
use crate::kind::ProblemKind;
use crate::requires::Requirement;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::path::Path;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::band::{Band, Banding};
use crate::error::{NtmError, Problem, Result};
use crate::region::{CommuneGroup, Region};

/// How far a threshold is backed by a source (`verified` in the reference data).
///
/// Serialised as `true`, `"partial"` or `false`, as in the reference files.
///
/// ```
/// use ntm_criteria::Verified;
/// let v: Verified = serde_json::from_str("\"partial\"")?;
/// assert_eq!(v, Verified::Partial);
/// assert_eq!(serde_json::to_string(&Verified::True)?, "true");
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Verified {
    /// A cited source states the value for this cell.
    True,
    /// Consistent with the sources, but not stated for this exact cell.
    Partial,
    /// Unsourced: a commonly cited value; never present it as official.
    False,
}

impl Verified {
    /// `"true"`, `"partial"` or `"false"`.
    ///
    /// ```
    /// assert_eq!(ntm_criteria::Verified::Partial.as_str(), "partial");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Verified::True => "true",
            Verified::Partial => "partial",
            Verified::False => "false",
        }
    }
}

impl Serialize for Verified {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match self {
            Verified::True => s.serialize_bool(true),
            Verified::False => s.serialize_bool(false),
            Verified::Partial => s.serialize_str("partial"),
        }
    }
}

impl<'de> Deserialize<'de> for Verified {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Verified;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("true, false or \"partial\"")
            }
            fn visit_bool<E: serde::de::Error>(self, b: bool) -> std::result::Result<Verified, E> {
                Ok(if b { Verified::True } else { Verified::False })
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> std::result::Result<Verified, E> {
                match s {
                    "partial" => Ok(Verified::Partial),
                    "true" => Ok(Verified::True),
                    "false" => Ok(Verified::False),
                    _ => Err(E::invalid_value(serde::de::Unexpected::Str(s), &self)),
                }
            }
        }
        d.deserialize_any(V)
    }
}

/// What a set's thresholds vary by.
///
/// ```
/// use ntm_criteria::{CriteriaSet, Dimension};
/// assert_eq!(CriteriaSet::bundled("2016-2020")?.dimension(), Dimension::Region);
/// assert_eq!(CriteriaSet::bundled("2026-2030")?.dimension(), Dimension::CommuneGroup);
/// Ok::<(), ntm_criteria::NtmError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    /// The 7 socio-economic regions (2009-2025 sets); cell keys `NMM` … `MRD` (+ `national`).
    Region,
    /// Commune groups G1/G2/G3 (2026-2030); cell keys `G1`, `G2`, `G3`.
    CommuneGroup,
    /// One threshold for every commune; cell key `all`.
    None,
}

impl Dimension {
    /// The assessment key at position `k` (`"NMM"`, `"G1"`, `"all"`).
    ///
    /// ```
    /// assert_eq!(ntm_criteria::Dimension::CommuneGroup.key(1), Some("G2"));
    /// ```
    pub fn key(self, k: usize) -> Option<&'static str> {
        match self {
            Dimension::Region => Region::from_index(k).map(Region::code),
            Dimension::CommuneGroup => CommuneGroup::ALL.get(k).map(|g| g.code()),
            Dimension::None => (k == 0).then_some("all"),
        }
    }

    /// Every assessment key, in order.
    ///
    /// ```
    /// let keys: Vec<_> = ntm_criteria::Dimension::CommuneGroup.keys().collect();
    /// assert_eq!(keys, ["G1", "G2", "G3"]);
    /// ```
    pub fn keys(self) -> impl Iterator<Item = &'static str> {
        (0..self.width()).filter_map(move |k| self.key(k))
    }

    fn key_index(self, key: &str) -> Option<usize> {
        (0..self.width()).find(|&k| self.key(k) == Some(key))
    }

    fn allows_key(self, key: &str) -> bool {
        self.key_index(key).is_some() || (self == Dimension::Region && key == "national")
    }

    /// The number of assessment keys: 7 regions, 3 commune groups, or 1.
    ///
    /// ```
    /// assert_eq!(ntm_criteria::Dimension::CommuneGroup.width(), 3);
    /// ```
    pub fn width(self) -> usize {
        match self {
            Dimension::Region => 7,
            Dimension::CommuneGroup => 3,
            Dimension::None => 1,
        }
    }

    /// `"region"`, `"commune_group"` or `"none"`.
    ///
    /// ```
    /// assert_eq!(ntm_criteria::Dimension::Region.as_str(), "region");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Dimension::Region => "region",
            Dimension::CommuneGroup => "commune_group",
            Dimension::None => "none",
        }
    }
}

/// Unit of an indicator's value.
///
/// ```
/// use ntm_criteria::Unit;
/// assert!(Unit::Percent.allows(100.0));
/// assert!(!Unit::Percent.allows(100.5));
/// assert!(Unit::MillionVndPerPersonYear.allows(250.0)); // income does not cap
/// assert!(!Unit::Count.allows(-1.0));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// Yes/no.
    Bool,
    /// A share in percent, 0..=100.
    Percent,
    /// Income, million VND per person per year (≥ 0, no cap).
    MillionVndPerPersonYear,
    /// Square metres per person (≥ 0).
    M2PerPerson,
    /// A count (≥ 0).
    Count,
    /// Any finite number.
    Number,
}

impl Unit {
    /// Whether `v` is a possible value in this unit (finite and in range).
    ///
    /// ```
    /// use ntm_criteria::Unit;
    /// assert!(Unit::Percent.allows(48.0));
    /// assert!(!Unit::Percent.allows(f64::NAN)); // NaN is "missing", never a value
    /// assert!(Unit::Bool.allows(1.0) && !Unit::Bool.allows(0.5));
    /// assert!(Unit::Number.allows(-3.0));
    /// ```
    pub fn allows(self, v: f64) -> bool {
        if !v.is_finite() {
            return false;
        }
        match self {
            Unit::Percent => (0.0..=100.0).contains(&v),
            Unit::Bool => v == 0.0 || v == 1.0,
            Unit::Number => true,
            _ => v >= 0.0,
        }
    }

    /// Short label: `"%"`, `"triệu đồng/người/năm"`, …
    ///
    /// ```
    /// assert_eq!(ntm_criteria::Unit::Percent.symbol(), "%");
    /// ```
    pub fn symbol(self) -> &'static str {
        match self {
            Unit::Bool => "Đạt/Không đạt",
            Unit::Percent => "%",
            Unit::MillionVndPerPersonYear => "triệu đồng/người/năm",
            Unit::M2PerPerson => "m²/người",
            Unit::Count => "",
            Unit::Number => "",
        }
    }

    /// The snake_case name used in set files.
    ///
    /// ```
    /// assert_eq!(ntm_criteria::Unit::M2PerPerson.as_str(), "m2_per_person");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Bool => "bool",
            Unit::Percent => "percent",
            Unit::MillionVndPerPersonYear => "million_vnd_per_person_year",
            Unit::M2PerPerson => "m2_per_person",
            Unit::Count => "count",
            Unit::Number => "number",
        }
    }
}

/// The form of an indicator's target (the rule kinds of the official tables).
///
/// ```
/// use ntm_criteria::RuleKind;
/// assert!(RuleKind::Achieved.is_verdict());
/// assert!(!RuleKind::AtLeast.is_verdict());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleKind {
    /// value ≥ X.
    AtLeast,
    /// value ≤ X.
    AtMost,
    /// Two numbers, each ≥ its X (17.1 water: hygienic ≥ X, of which clean ≥ Y).
    AtLeastBoth,
    /// A value at least X times a base the unit carries (691/QĐ-TTg I.3: income ≥ 1.5 × the
    /// commune's income when it was recognised). The indicator names its two numbers (value,
    /// base) in `components`; the cell holds the multiple X.
    AtLeastTimes,
    /// A yes/no "Đạt" judged by the sector agency.
    Achieved,
    /// The thing must be absent ("Không": e.g. no temporary houses).
    Absent,
    /// The province sets the concrete rule; the national set says "Đạt".
    ProvinceDefined,
}

impl RuleKind {
    /// Every rule, in the order the docs list them.
    ///
    /// ```
    /// assert_eq!(ntm_criteria::RuleKind::ALL.len(), 7);
    /// ```
    pub const ALL: [RuleKind; 7] = [
        RuleKind::AtLeast,
        RuleKind::AtMost,
        RuleKind::AtLeastBoth,
        RuleKind::AtLeastTimes,
        RuleKind::Achieved,
        RuleKind::Absent,
        RuleKind::ProvinceDefined,
    ];

    /// Rules judged by a yes/no verdict only (achieved, province-defined).
    ///
    /// ```
    /// use ntm_criteria::RuleKind;
    /// assert!(RuleKind::ProvinceDefined.is_verdict());
    /// assert!(!RuleKind::AtLeastBoth.is_verdict()); // 17.1 water takes two numbers
    /// assert!(!RuleKind::Absent.is_verdict());
    /// ```
    pub fn is_verdict(self) -> bool {
        matches!(self, RuleKind::Achieved | RuleKind::ProvinceDefined)
    }

    /// Rules whose indicator takes two numbers, named by its `components` (at_least_both,
    /// at_least_times).
    ///
    /// ```
    /// use ntm_criteria::RuleKind;
    /// assert!(RuleKind::AtLeastTimes.takes_pair());
    /// assert!(!RuleKind::AtLeast.takes_pair());
    /// ```
    pub fn takes_pair(self) -> bool {
        matches!(self, RuleKind::AtLeastBoth | RuleKind::AtLeastTimes)
    }

    /// The snake_case name used in set files.
    ///
    /// ```
    /// assert_eq!(ntm_criteria::RuleKind::AtLeastBoth.as_str(), "at_least_both");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            RuleKind::AtLeast => "at_least",
            RuleKind::AtMost => "at_most",
            RuleKind::AtLeastBoth => "at_least_both",
            RuleKind::AtLeastTimes => "at_least_times",
            RuleKind::Achieved => "achieved",
            RuleKind::Absent => "absent",
            RuleKind::ProvinceDefined => "province_defined",
        }
    }
}

/// The value written in a threshold cell.
///
/// ```
/// use ntm_criteria::CellValue;
/// let v: CellValue = serde_json::from_str("[90, null]")?;
/// assert_eq!(v, CellValue::Pair(Some(90.0), None));
/// let v: CellValue = serde_json::from_str("\"Đạt\"")?;
/// assert_eq!(v, CellValue::Text("Đạt".into()));
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum CellValue {
    /// One number (`at_least`, `at_most`).
    Number(f64),
    /// Two numbers for `at_least_both`; either may be unknown.
    Pair(Option<f64>, Option<f64>),
    /// `"Đạt"` (achieved, province-defined) or `"Không"` (absent).
    Text(String),
}

/// One threshold cell: the value for one region (or group) with its provenance.
///
/// ```
/// use ntm_criteria::{CellValue, ThresholdCell, Verified};
/// let cell: ThresholdCell = serde_json::from_str(r#"{"value": 36, "verified": true, "sources": ["S2"]}"#)?;
/// assert_eq!(cell.value, Some(CellValue::Number(36.0)));
/// assert_eq!(cell.verified, Verified::True);
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThresholdCell {
    /// The value; `None` means unknown (never filled in).
    #[serde(default)]
    pub value: Option<CellValue>,
    /// Verification state.
    pub verified: Verified,
    /// Source ids (resolved in the set's `sources`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    /// Free note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The year a year-dependent value (income) is for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<u16>,
    /// The structured official requirement, verbatim, where it is richer than one number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// A threshold taken from another set's: the value is computed from that base when the
    /// set is loaded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relative: Option<crate::relative::RelativeTo>,
}

/// A resolved target: the rule with its numbers for one region or group.
///
/// ```
/// use ntm_criteria::{CriteriaSet, Region, Target};
/// let set = CriteriaSet::bundled("2016-2020")?;
/// let water = set.indicator("17.1")?;
/// assert_eq!(water.target(set.dimension(), "NMM"), Some(Target::AtLeastBoth(90.0, 50.0)));
/// assert_eq!(water.target(set.dimension(), "SCC"), None); // hygienic share unknown
/// Ok::<(), ntm_criteria::NtmError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "rule", content = "value", rename_all = "snake_case")]
pub enum Target {
    /// value ≥ X.
    AtLeast(f64),
    /// value ≤ X.
    AtMost(f64),
    /// first ≥ X and second ≥ Y.
    AtLeastBoth(f64, f64),
    /// first ≥ X × second (a value and its base).
    AtLeastTimes(f64),
    /// "Đạt", judged by a verdict.
    Achieved,
    /// Must be absent.
    Absent,
    /// Province-defined "Đạt", judged by a verdict.
    ProvinceDefined,
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::AtLeast(x) => write!(f, "≥ {x}"),
            Target::AtMost(x) => write!(f, "≤ {x}"),
            Target::AtLeastBoth(x, y) => write!(f, "≥ {x} and ≥ {y}"),
            Target::AtLeastTimes(x) => write!(f, "≥ {x} × base"),
            Target::Achieved => f.write_str("Đạt"),
            Target::Absent => f.write_str("Không"),
            Target::ProvinceDefined => f.write_str("Đạt (province-defined)"),
        }
    }
}

/// One indicator (chỉ tiêu) of a criterion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    /// Id such as `"17.1"`.
    pub id: String,
    /// Vietnamese description (empty when the reference has no text).
    #[serde(default)]
    pub desc_vi: String,
    /// English description (empty when the reference has no text).
    #[serde(default)]
    pub desc_en: String,
    /// Unit of the value.
    pub unit: Unit,
    /// Target rule.
    pub rule: RuleKind,
    /// Names of the two numbers of an `at_least_both` rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub components: Option<[String; 2]>,
    /// The text was read in a source.
    #[serde(default)]
    pub text_verified: bool,
    /// The indicator may not exist in the official table.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub existence_uncertain: bool,
    /// Source ids.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    /// Free note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Threshold cells by key (`NMM`…, `national`, `G1`…, `all`).
    #[serde(default)]
    pub thresholds: BTreeMap<String, ThresholdCell>,
}

impl Indicator {
    /// The target for a key (`"NMM"`, `"G2"`, `"all"`), or `None` when the threshold is unknown.
    ///
    /// Verdict rules (achieved, absent, province-defined) always have a target: the requirement
    /// is in the rule itself. Numeric rules need a known value in the cell.
    ///
    /// ```
    /// use ntm_criteria::{CriteriaSet, Target};
    /// let set = CriteriaSet::bundled("2016-2020")?;
    /// assert_eq!(set.indicator("10")?.target(set.dimension(), "NMM"), Some(Target::AtLeast(36.0)));
    /// Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn target(&self, _dimension: Dimension, key: &str) -> Option<Target> {
        let cell = self.thresholds.get(key);
        match self.rule {
            RuleKind::Achieved => Some(Target::Achieved),
            RuleKind::ProvinceDefined => Some(Target::ProvinceDefined),
            RuleKind::Absent => Some(Target::Absent),
            RuleKind::AtLeast => match cell?.value {
                Some(CellValue::Number(x)) => Some(Target::AtLeast(x)),
                _ => None,
            },
            RuleKind::AtMost => match cell?.value {
                Some(CellValue::Number(x)) => Some(Target::AtMost(x)),
                _ => None,
            },
            RuleKind::AtLeastTimes => match cell?.value {
                Some(CellValue::Number(x)) => Some(Target::AtLeastTimes(x)),
                _ => None,
            },
            RuleKind::AtLeastBoth => match cell?.value {
                Some(CellValue::Pair(Some(x), Some(y))) => Some(Target::AtLeastBoth(x, y)),
                _ => None,
            },
        }
    }

    /// The provenance of the cell for a key: `None` when there is no cell.
    ///
    /// ```
    /// use ntm_criteria::{CriteriaSet, Verified};
    /// let set = CriteriaSet::bundled("2016-2020")?;
    /// assert_eq!(set.indicator("17.1")?.cell("NMM").map(|c| c.verified), Some(Verified::True));
    /// Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn cell(&self, key: &str) -> Option<&ThresholdCell> {
        self.thresholds.get(key)
    }
}

/// One criterion (tiêu chí).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    /// 1-based number.
    pub number: u32,
    /// Group id (`"I"` … `"V"`), if the set has groups.
    #[serde(default)]
    pub group: Option<String>,
    /// Vietnamese name.
    pub name_vi: String,
    /// English name.
    pub name_en: String,
    /// Source ids for the name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    /// Indicators; empty when the reference has none.
    #[serde(default)]
    pub indicators: Vec<Indicator>,
}

/// A group (nhóm) of criteria.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Group {
    /// Id, e.g. `"II"`.
    pub id: String,
    /// Vietnamese name.
    pub name_vi: String,
    /// English name.
    pub name_en: String,
    /// The criteria numbers in the group.
    pub criteria: Vec<u32>,
}

/// The on-disk form of a criteria set (see `docs/set-format.md`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SetFile {
    /// Format version, 1.
    pub format: u32,
    /// Short id (`"2016-2020"`).
    pub id: String,
    /// Decision number (legal basis).
    pub decision: String,
    /// Signing date, `YYYY-MM-DD`.
    pub decision_date: String,
    /// Entry into force, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective: Option<String>,
    /// First year of the period.
    pub valid_from: u16,
    /// Last year of the period.
    pub valid_to: u16,
    /// Vietnamese title.
    pub title_vi: String,
    /// English title.
    pub title_en: String,
    /// The set this one was derived from by overrides.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub based_on: Option<String>,
    /// Number of criteria, 1..=32.
    pub criteria_count: u32,
    /// What thresholds vary by.
    pub dimension: Dimension,
    /// What the set assesses: communes (the default, left out of the file) or villages.
    #[serde(default, skip_serializing_if = "AssessedUnit::is_commune")]
    pub unit: AssessedUnit,
    /// The recognition level meeting the set earns (`ntm`, `nang_cao`, `kieu_mau`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<RecognitionLevel>,
    /// Other names a user may type for the set (`"318"`, `"318/QĐ-TTg"`); case, accents and
    /// spaces are ignored.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// The level a unit must already hold before this set applies to it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requires: Option<Requirement>,
    /// The years a recognition at the set's level lasts before the unit is scored again (Lào
    /// Cai's thôn kiểu mẫu: 3); absent when it lasts without end.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recognition_valid_years: Option<u16>,
    /// Later decisions that amend the set (318/QĐ-TTg by 211/QĐ-TTg).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub amendments: Vec<crate::amendment::Amendment>,
    /// Region whose thresholds ĐBKK/ATK communes use (318/QĐ-TTg).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disadvantaged_uses: Option<Region>,
    /// Criteria groups.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<Group>,
    /// The set's default banding.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub banding: Option<Vec<Band>>,
    /// Source id → URL or citation.
    #[serde(default)]
    pub sources: BTreeMap<String, String>,
    /// Free notes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// The criteria.
    pub criteria: Vec<Criterion>,
}

/// A change to one threshold cell of a set (a province's deviation from the national set).
///
/// ```
/// use ntm_criteria::{CriteriaSet, Override, RuleKind, Target, Unit};
/// // "Lạng Sơn uses the national set except indicator 2.2, which needs 60%."
/// // In 1980/QĐ-TTg, 2.2 is a province-defined yes/no: the province makes it a percentage.
/// let national = CriteriaSet::bundled("2016-2020")?;
/// let lang_son = national.with_overrides(
///     "lang-son",
///     &[Override::number("2.2", "NMM", 60.0).with_rule(RuleKind::AtLeast).with_unit(Unit::Percent)],
/// )?;
/// assert_eq!(lang_son.indicator("2.2")?.target(lang_son.dimension(), "NMM"), Some(Target::AtLeast(60.0)));
/// assert_eq!(lang_son.based_on(), Some("2016-2020"));
/// Ok::<(), ntm_criteria::NtmError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Override {
    /// Indicator id.
    pub indicator: String,
    /// Cell key (`"NMM"`, `"G1"`, `"all"`); `"*"` for every assessment key of the set.
    pub key: String,
    /// New value (`null` makes the cell unknown).
    #[serde(default)]
    pub value: Option<CellValue>,
    /// New rule, when the province changes the rule kind (e.g. province-defined → at least).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<RuleKind>,
    /// New unit, with a new rule (a yes/no indicator that becomes a percentage).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<Unit>,
    /// Verification state of the new value.
    #[serde(default = "verified_true")]
    pub verified: Verified,
    /// Source ids (added to the set's sources by the override file).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    /// Note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The `verified` of an override or a prerequisite that does not say: `true`.
pub(crate) fn verified_true() -> Verified {
    Verified::True
}

impl Override {
    /// A numeric override of one cell, verified.
    ///
    /// ```
    /// let o = ntm_criteria::Override::number("10", "NMM", 40.0);
    /// assert_eq!(o.key, "NMM");
    /// ```
    pub fn number(indicator: &str, key: &str, value: f64) -> Override {
        Override {
            indicator: indicator.to_string(),
            key: key.to_string(),
            value: Some(CellValue::Number(value)),
            rule: None,
            unit: None,
            verified: Verified::True,
            sources: Vec::new(),
            note: None,
        }
    }

    /// Also changes the indicator's rule.
    ///
    /// ```
    /// use ntm_criteria::{Override, RuleKind};
    /// let o = Override::number("2.2", "NMM", 60.0).with_rule(RuleKind::AtLeast);
    /// assert_eq!(o.rule, Some(RuleKind::AtLeast));
    /// ```
    pub fn with_rule(mut self, rule: RuleKind) -> Override {
        self.rule = Some(rule);
        self
    }

    /// Also changes the indicator's unit.
    ///
    /// ```
    /// use ntm_criteria::{Override, RuleKind, Unit};
    /// let o = Override::number("2.2", "NMM", 60.0).with_rule(RuleKind::AtLeast).with_unit(Unit::Percent);
    /// assert_eq!(o.unit, Some(Unit::Percent));
    /// ```
    pub fn with_unit(mut self, unit: Unit) -> Override {
        self.unit = Some(unit);
        self
    }
}

/// An override file: a base set plus changes (see `docs/set-format.md`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct OverrideFile {
    base: String,
    id: String,
    #[serde(default)]
    decision: Option<String>,
    #[serde(default)]
    decision_date: Option<String>,
    #[serde(default)]
    title_vi: Option<String>,
    #[serde(default)]
    title_en: Option<String>,
    #[serde(default)]
    sources: BTreeMap<String, String>,
    #[serde(default)]
    notes: Vec<String>,
    overrides: Vec<Override>,
}

/// Whether a cell's value has the shape its rule takes (unknown values always fit).
fn cell_fits(cell: &ThresholdCell, rule: RuleKind) -> bool {
    match (&cell.value, rule) {
        (None, _) => true,
        (Some(CellValue::Number(_)), RuleKind::AtLeast | RuleKind::AtMost | RuleKind::AtLeastTimes) => true,
        (Some(CellValue::Pair(..)), RuleKind::AtLeastBoth) => true,
        (Some(CellValue::Text(t)), RuleKind::Achieved | RuleKind::ProvinceDefined) => t == "Đạt",
        (Some(CellValue::Text(t)), RuleKind::Absent) => t == "Không",
        _ => false,
    }
}

/// Precomputed lookup tables for the assessment path.
#[derive(Debug, Clone, Default)]
pub(crate) struct Compiled {
    /// Flat indicator index → (criterion index, index within criterion).
    pub(crate) flat: Vec<(usize, usize)>,
    /// Indicator id → flat index.
    pub(crate) by_id: HashMap<String, usize>,
    /// Indicator ids in flat order, shared by every assessment.
    pub(crate) ids: Vec<crate::Id>,
    /// Assessment keys (`"NMM"`, `"G1"`, `"all"`), shared by every assessment.
    pub(crate) keys: Vec<crate::Id>,
    /// `targets[flat * width + key]`.
    pub(crate) targets: Vec<Option<Target>>,
    /// `verified[flat * width + key]`: the cell's verification, `None` when there is no cell.
    pub(crate) verified: Vec<Option<Verified>>,
    /// `superseded[flat * width + key]`: the amendment that may supersede the cell's number.
    pub(crate) superseded: Vec<Option<usize>>,
    /// Assessment width (7, 3 or 1).
    pub(crate) width: usize,
    /// The default banding.
    pub(crate) banding: Banding,
}

/// One criteria set: national (1980/QĐ-TTg, 318/QĐ-TTg, 51/2025/QĐ-TTg) or provincial.
///
/// ```
/// use ntm_criteria::CriteriaSet;
/// let set = CriteriaSet::bundled("2016-2020")?;
/// assert_eq!(set.decision(), "1980/QĐ-TTg");
/// assert_eq!(set.criteria_count(), 19);
/// assert_eq!(set.criterion(17)?.name_vi, "Môi trường và an toàn thực phẩm");
/// assert_eq!(set.groups().len(), 5);
/// Ok::<(), ntm_criteria::NtmError>(())
/// ```
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(try_from = "SetFile", into = "SetFile")]
pub struct CriteriaSet {
    file: SetFile,
    compiled: Compiled,
}

impl PartialEq for CriteriaSet {
    fn eq(&self, other: &Self) -> bool {
        self.file == other.file
    }
}

impl TryFrom<SetFile> for CriteriaSet {
    type Error = NtmError;
    fn try_from(file: SetFile) -> Result<Self> {
        let source = file.id.clone();
        CriteriaSet::from_file(file, &source)
    }
}

impl From<CriteriaSet> for SetFile {
    fn from(s: CriteriaSet) -> SetFile {
        s.file
    }
}

const BUNDLED: [(&str, &str); 5] = [
    ("2016-2020", include_str!("../data/sets/2016-2020.json")),
    ("2021-2025", include_str!("../data/sets/2021-2025.json")),
    ("2026-2030", include_str!("../data/sets/2026-2030.json")),
    ("kieu-mau-2018-2020", include_str!("../data/sets/kieu-mau-2018-2020.json")),
    ("kieu-mau-2021-2025", include_str!("../data/sets/kieu-mau-2021-2025.json")),
];

/// The ids of the bundled sets, in [`BUNDLED`] order.
const BUNDLED_NAMES: [&str; 5] = [BUNDLED[0].0, BUNDLED[1].0, BUNDLED[2].0, BUNDLED[3].0, BUNDLED[4].0];

/// A set name as the bundled lookup compares it: case, accents, spaces and dashes ignored.
fn name_key(name: &str) -> String {
    crate::text::fold(name).chars().filter(|c| !c.is_whitespace() && *c != '-').collect()
}

/// A calendar date written `YYYY-MM-DD` (`2024-13-01` and `2023-02-29` are not).
fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
        && crate::snapshot::check_date(s).is_ok()
}

/// The validation of a parsed set file (`CriteriaSet::from_file`): every problem, in the order
/// the checks find them.
struct FileCheck<'a> {
    file: &'a SetFile,
    problems: Vec<Problem>,
}

impl<'a> FileCheck<'a> {
    /// Records one problem: location, kind, message, input.
    fn p(&mut self, loc: String, kind: ProblemKind, msg: String, input: Option<String>) {
        let mut pr = Problem::new(loc, kind, msg);
        pr.input = input;
        self.problems.push(pr);
    }

    /// The format, id, dates and period, the number of criteria, the ĐBKK rule.
    fn header(&mut self) {
        let file = self.file;
        if file.format != 1 {
            self.p(
                "format".into(),
                ProblemKind::UnsupportedFormat,
                "only format 1 is supported".into(),
                Some(file.format.to_string()),
            );
        }
        if file.id.trim().is_empty() {
            self.p("id".into(), ProblemKind::Empty, "the set id is empty".into(), None);
        }
        // Empty: the decision's date is not known (a provincial set known from a news report);
        // never a guessed date.
        if !file.decision_date.is_empty() && !is_date(&file.decision_date) {
            self.p(
                "decision_date".into(),
                ProblemKind::BadDate,
                "expected YYYY-MM-DD, or empty when the date is not known".into(),
                Some(file.decision_date.clone()),
            );
        }
        if let Some(e) = &file.effective
            && !is_date(e)
        {
            self.p("effective".into(), ProblemKind::BadDate, "expected YYYY-MM-DD".into(), Some(e.clone()));
        }
        if file.valid_from > file.valid_to {
            self.p(
                "valid_to".into(),
                ProblemKind::BadPeriod,
                "valid_to is before valid_from".into(),
                Some(file.valid_to.to_string()),
            );
        }
        let n = file.criteria_count;
        if !(1..=32).contains(&n) {
            self.p(
                "criteria_count".into(),
                ProblemKind::OutOfRange,
                "a set has 1 to 32 criteria".into(),
                Some(n.to_string()),
            );
        }
        if file.criteria.len() as u32 != n {
            self.p(
                "criteria".into(),
                ProblemKind::CountMismatch,
                format!("criteria_count is {n} but {} criteria are listed", file.criteria.len()),
                None,
            );
        }
        if let Some(v) = file.recognition_valid_years.filter(|v| !(1..=50).contains(v) || file.level.is_none()) {
            let msg = "a recognition term is 1 to 50 years, for a set that names the level it earns".to_string();
            self.p("recognition_valid_years".into(), ProblemKind::OutOfRange, msg, Some(v.to_string()));
        }
        for (i, a) in file.amendments.iter().enumerate() {
            if !is_date(&a.date) {
                let msg = "expected YYYY-MM-DD".to_string();
                self.p(format!("amendments[{i}].date"), ProblemKind::BadDate, msg, Some(a.date.clone()));
            }
            self.sources(&format!("amendments[{i}]"), &a.sources);
        }
        if let Some(r) = &file.requires {
            self.sources("requires", &r.sources);
        }
        if file.disadvantaged_uses.is_some() && file.dimension != Dimension::Region {
            self.p(
                "disadvantaged_uses".into(),
                ProblemKind::NotApplicable,
                "only a set that varies by region can name one".into(),
                None,
            );
        }
    }

    /// Each group lists criteria of the set, and no criterion is in two groups.
    fn groups(&mut self) {
        let file = self.file;
        let n = file.criteria_count;
        let mut seen_in_groups = BTreeSet::new();
        for (gi, g) in file.groups.iter().enumerate() {
            for (k, &c) in g.criteria.iter().enumerate() {
                if c == 0 || c > n {
                    self.p(
                        format!("groups[{gi}].criteria[{k}]"),
                        ProblemKind::UnknownCriterion,
                        format!("criterion {c} is not in 1..={n}"),
                        Some(c.to_string()),
                    );
                } else if !seen_in_groups.insert(c) {
                    self.p(
                        format!("groups[{gi}].criteria[{k}]"),
                        ProblemKind::DuplicateCriterion,
                        format!("criterion {c} is in two groups"),
                        Some(c.to_string()),
                    );
                }
            }
        }
    }

    /// Every criterion and its indicators, in file order; returns the criterion numbers seen.
    fn criteria(&mut self) -> BTreeSet<u32> {
        let file = self.file;
        let group_ids: BTreeSet<&str> = file.groups.iter().map(|g| g.id.as_str()).collect();
        let mut seen_numbers = BTreeSet::new();
        let mut seen_ids: HashMap<&str, String> = HashMap::new();
        for (ci, c) in file.criteria.iter().enumerate() {
            let loc = format!("criteria[{ci}]");
            self.criterion_number(&loc, ci, c, &mut seen_numbers);
            self.criterion_group(&loc, c, &group_ids);
            if c.name_vi.trim().is_empty() {
                self.p(format!("{loc}.name_vi"), ProblemKind::Empty, "empty name".into(), None);
            }
            self.sources(&loc, &c.sources);
            for (ii, ind) in c.indicators.iter().enumerate() {
                self.indicator(&format!("{loc}.indicators[{ii}]"), ind, &mut seen_ids);
            }
        }
        seen_numbers
    }

    /// A criterion's number: in range, not repeated, in order.
    fn criterion_number(&mut self, loc: &str, ci: usize, c: &Criterion, seen_numbers: &mut BTreeSet<u32>) {
        let n = self.file.criteria_count;
        if c.number == 0 || c.number > n {
            self.p(
                format!("{loc}.number"),
                ProblemKind::UnknownCriterion,
                format!("criterion numbers run 1..={n}"),
                Some(c.number.to_string()),
            );
        } else if !seen_numbers.insert(c.number) {
            self.p(
                format!("{loc}.number"),
                ProblemKind::DuplicateCriterion,
                format!("criterion {} is listed twice", c.number),
                Some(c.number.to_string()),
            );
        }
        if c.number as usize != ci + 1 && seen_numbers.len() == ci + 1 {
            self.p(
                format!("{loc}.number"),
                ProblemKind::OutOfOrder,
                format!("criteria must be listed in order; expected {}", ci + 1),
                Some(c.number.to_string()),
            );
        }
    }

    /// A criterion's group: one of the set's groups, which lists it; given when the set has groups.
    fn criterion_group(&mut self, loc: &str, c: &Criterion, group_ids: &BTreeSet<&str>) {
        let file = self.file;
        match &c.group {
            Some(g) if !group_ids.contains(g.as_str()) => {
                self.p(
                    format!("{loc}.group"),
                    ProblemKind::UnknownGroup,
                    "not one of the set's groups".into(),
                    Some(g.clone()),
                );
            }
            Some(g) => {
                let listed = file.groups.iter().any(|gr| &gr.id == g && gr.criteria.contains(&c.number));
                if !listed {
                    self.p(
                        format!("{loc}.group"),
                        ProblemKind::GroupMismatch,
                        format!("group {g} does not list criterion {}", c.number),
                        Some(g.clone()),
                    );
                }
            }
            None if !file.groups.is_empty() => {
                self.p(
                    format!("{loc}.group"),
                    ProblemKind::MissingGroup,
                    "the set has groups; give this criterion's group".into(),
                    None,
                );
            }
            None => {}
        }
    }

    /// Each source is a key of the set's sources or a link.
    fn sources(&mut self, loc: &str, srcs: &[String]) {
        for (k, s) in srcs.iter().enumerate() {
            if !self.file.sources.contains_key(s) && !s.starts_with("http") {
                self.p(
                    format!("{loc}.sources[{k}]"),
                    ProblemKind::UnknownSource,
                    "not a key of the set's sources".into(),
                    Some(s.clone()),
                );
            }
        }
    }

    /// One indicator: its id (not empty, not repeated), sources, rule and unit, thresholds.
    fn indicator(&mut self, loc: &str, ind: &'a Indicator, seen_ids: &mut HashMap<&'a str, String>) {
        if ind.id.trim().is_empty() {
            self.p(format!("{loc}.id"), ProblemKind::Empty, "empty indicator id".into(), None);
        } else if let Some(first) = seen_ids.get(ind.id.as_str()) {
            self.p(
                format!("{loc}.id"),
                ProblemKind::DuplicateIndicator,
                format!("indicator {} is already defined at {first}", ind.id),
                Some(ind.id.clone()),
            );
        } else {
            seen_ids.insert(&ind.id, loc.to_string());
        }
        self.sources(loc, &ind.sources);
        self.rule_shape(loc, ind);
        for (key, cell) in &ind.thresholds {
            self.cell(loc, ind, key, cell);
        }
    }

    /// The components an at_least_both rule names, and the unit a rule needs.
    fn rule_shape(&mut self, loc: &str, ind: &Indicator) {
        match (ind.rule, &ind.components) {
            (r, None) if r.takes_pair() => self.p(
                format!("{loc}.components"),
                ProblemKind::Missing,
                format!("an {} rule names its two components", r.as_str()),
                None,
            ),
            (r, Some(_)) if !r.takes_pair() => self.p(
                format!("{loc}.components"),
                ProblemKind::NotApplicable,
                "only at_least_both and at_least_times rules have components".into(),
                None,
            ),
            _ => {}
        }
        if ind.rule.is_verdict() && ind.unit != Unit::Bool {
            self.p(
                format!("{loc}.unit"),
                ProblemKind::UnitMismatch,
                format!("a {} rule is judged yes/no: its unit is bool", ind.rule.as_str()),
                Some(ind.unit.as_str().into()),
            );
        }
        if (matches!(ind.rule, RuleKind::AtLeast | RuleKind::AtMost) || ind.rule.takes_pair()) && ind.unit == Unit::Bool
        {
            self.p(
                format!("{loc}.unit"),
                ProblemKind::UnitMismatch,
                "a numeric rule needs a numeric unit".into(),
                Some("bool".into()),
            );
        }
    }

    /// One threshold cell: its key, sources and value.
    fn cell(&mut self, loc: &str, ind: &Indicator, key: &str, cell: &ThresholdCell) {
        let file = self.file;
        let cloc = format!("{loc}.thresholds.{key}");
        if !file.dimension.allows_key(key) {
            self.p(
                cloc.clone(),
                ProblemKind::UnknownKey,
                format!("the set varies by {}; {key:?} is not one of its keys", file.dimension.as_str()),
                Some(key.to_string()),
            );
        }
        self.sources(&cloc, &cell.sources);
        self.cell_value(format!("{cloc}.value"), ind, cell.value.as_ref());
        if let Some(year) = cell.year.filter(|y| !(1900..=2100).contains(y)) {
            let msg = "the year a value is for is a year of the program, in 1900..=2100".to_string();
            self.p(format!("{cloc}.year"), ProblemKind::BadYear, msg, Some(year.to_string()));
        }
    }

    /// A cell's value has the shape its rule takes, and its numbers are in the unit's range.
    fn cell_value(&mut self, vloc: String, ind: &Indicator, value: Option<&CellValue>) {
        let in_range = |v: f64| ind.unit.allows(v);
        match (value, ind.rule) {
            (None, _) => {}
            (Some(CellValue::Number(v)), RuleKind::AtLeast | RuleKind::AtMost) => {
                if !in_range(*v) {
                    self.p(
                        vloc,
                        ProblemKind::OutOfRange,
                        format!("{v} is outside the range of unit {}", ind.unit.as_str()),
                        Some(v.to_string()),
                    );
                }
            }
            (Some(CellValue::Number(v)), RuleKind::AtLeastTimes) => {
                if !(v.is_finite() && *v > 0.0) {
                    let msg = "the multiple of an at_least_times rule is a positive number".to_string();
                    self.p(vloc, ProblemKind::OutOfRange, msg, Some(v.to_string()));
                }
            }
            (Some(CellValue::Pair(a, b)), RuleKind::AtLeastBoth) => {
                for (k, v) in [a, b].into_iter().enumerate() {
                    if let Some(v) = v
                        && !in_range(*v)
                    {
                        self.p(
                            format!("{vloc}[{k}]"),
                            ProblemKind::OutOfRange,
                            format!("{v} is outside the range of unit {}", ind.unit.as_str()),
                            Some(v.to_string()),
                        );
                    }
                }
            }
            (Some(CellValue::Text(t)), RuleKind::Achieved | RuleKind::ProvinceDefined) if t == "Đạt" => {}
            (Some(CellValue::Text(t)), RuleKind::Absent) if t == "Không" => {}
            (Some(v), r) => {
                let shown = serde_json::to_string(v).unwrap_or_default();
                let want = match r {
                    RuleKind::AtLeast | RuleKind::AtMost => "a number",
                    RuleKind::AtLeastTimes => "a number (the multiple)",
                    RuleKind::AtLeastBoth => "a pair [X, Y]",
                    RuleKind::Achieved | RuleKind::ProvinceDefined => "\"Đạt\" or nothing",
                    RuleKind::Absent => "\"Không\" or nothing",
                };
                self.p(vloc, ProblemKind::ValueMismatch, format!("a {} rule takes {want}", r.as_str()), Some(shown));
            }
        }
    }

    /// Every criterion number 1..=n is defined (when n itself is in range).
    fn missing_criteria(&mut self, seen_numbers: &BTreeSet<u32>) {
        let n = self.file.criteria_count;
        if (1..=32).contains(&n) {
            for k in (1..=n).filter(|k| !seen_numbers.contains(k)) {
                self.p(
                    "criteria".into(),
                    ProblemKind::MissingCriterion,
                    format!("criterion {k} is not defined"),
                    Some(k.to_string()),
                );
            }
        }
    }

    /// The set's banding, or the default one when it has none or a bad one.
    fn banding(&mut self) -> Banding {
        let file = self.file;
        let n = file.criteria_count;
        // Overlapping bands are located at the later band; other banding problems (gaps, bounds)
        // come from `Banding::new`.
        let mut overlaps = false;
        for (j, b) in file.banding.iter().flatten().enumerate() {
            let earlier = file.banding.iter().flatten().take(j).position(|a| a.lo <= b.hi && b.lo <= a.hi);
            if let Some(i) = earlier {
                overlaps = true;
                self.p(
                    format!("banding[{j}]"),
                    ProblemKind::OverlappingBands,
                    format!("band {:?} ({}..={}) overlaps band {i}", b.label_vi, b.lo, b.hi),
                    Some(format!("{}..={}", b.lo, b.hi)),
                );
            }
        }
        match &file.banding {
            Some(bands) => match Banding::new(bands.clone(), n, false) {
                Ok(b) => b,
                Err(e) => {
                    if !overlaps {
                        self.p("banding".into(), ProblemKind::BadBanding, e.to_string(), None);
                    }
                    Banding::default_for(n.clamp(1, 32))
                }
            },
            None => Banding::default_for(n.clamp(1, 32)),
        }
    }
}

impl Compiled {
    /// The lookup tables of a valid file, with its banding.
    fn build(file: &SetFile, banding: Banding) -> Compiled {
        let width = file.dimension.width();
        let mut compiled = Compiled { width, banding, ..Compiled::default() };
        compiled.keys = (0..width).map(|k| crate::Id::from(file.dimension.key(k).unwrap_or("all"))).collect();
        for (ci, c) in file.criteria.iter().enumerate() {
            for (ii, ind) in c.indicators.iter().enumerate() {
                compiled.by_id.insert(ind.id.clone(), compiled.flat.len());
                compiled.ids.push(crate::Id::from(ind.id.as_str()));
                compiled.flat.push((ci, ii));
                for k in 0..width {
                    let key = file.dimension.key(k).unwrap_or("all");
                    compiled.targets.push(ind.target(file.dimension, key));
                    compiled.verified.push(ind.cell(key).map(|c| c.verified));
                    compiled.superseded.push(crate::amendment::superseding(&file.amendments, ind, key));
                }
            }
        }
        compiled
    }
}

impl CriteriaSet {
    /// The ids of the bundled sets: the national commune sets `"2016-2020"`, `"2021-2025"`,
    /// `"2026-2030"`, then the model-commune sets `"kieu-mau-2018-2020"` (691/QĐ-TTg) and
    /// `"kieu-mau-2021-2025"` (319/QĐ-TTg).
    ///
    /// ```
    /// let names = ntm_criteria::CriteriaSet::bundled_names();
    /// assert_eq!(names[..3], ["2016-2020", "2021-2025", "2026-2030"]);
    /// assert!(names.contains(&"kieu-mau-2021-2025"));
    /// ```
    pub fn bundled_names() -> &'static [&'static str] {
        &BUNDLED_NAMES
    }

    /// A bundled set by id or by one of the aliases its file lists (parsed once, then shared):
    /// the decision number (`"1980/QĐ-TTg"`, `"318/QĐ-TTg"`, `"51/2025/QĐ-TTg"`, `"319"`,
    /// `"691"`). Case, accents, spaces and dashes are ignored.
    ///
    /// ```
    /// use ntm_criteria::CriteriaSet;
    /// assert_eq!(CriteriaSet::bundled("318")?.id(), "2021-2025");
    /// assert_eq!(CriteriaSet::bundled("319/QD-TTg")?.id(), "kieu-mau-2021-2025");
    /// assert!(CriteriaSet::bundled("2030-2035").is_err());
    /// Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn bundled(name: &str) -> Result<&'static CriteriaSet> {
        static SETS: [OnceLock<Result<CriteriaSet>>; 5] =
            [OnceLock::new(), OnceLock::new(), OnceLock::new(), OnceLock::new(), OnceLock::new()];
        let load = |i: usize| SETS[i].get_or_init(|| CriteriaSet::from_json_str(BUNDLED[i].1, BUNDLED[i].0));
        let key = name_key(name);
        let by_id = BUNDLED.iter().position(|(id, _)| name_key(id) == key);
        let idx = by_id.or_else(|| {
            (0..BUNDLED.len()).find(|&i| load(i).as_ref().is_ok_and(|s| s.aliases().iter().any(|a| name_key(a) == key)))
        });
        match idx {
            Some(i) => load(i).as_ref().map_err(Clone::clone),
            None => {
                Err(NtmError::UnknownSet { name: name.to_string(), available: CriteriaSet::bundled_names().join(", ") })
            }
        }
    }

    /// Parses a set (or an override file with a `base`) from JSON. Every problem is reported
    /// with its JSON path.
    ///
    /// ```
    /// use ntm_criteria::{CriteriaSet, NtmError};
    /// let err = CriteriaSet::from_json_str(r#"{"format": 1, "id": 7}"#, "bad.json").unwrap_err();
    /// let NtmError::Catalog { problems, .. } = &err else { panic!() };
    /// assert_eq!(problems[0].loc, "id");
    /// Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn from_json_str(text: &str, source_name: &str) -> Result<CriteriaSet> {
        crate::requires::linked(CriteriaSet::parse_json(text, source_name)?, source_name, None, &mut Vec::new())
    }

    fn parse_json(text: &str, source_name: &str) -> Result<CriteriaSet> {
        // A file saved decomposed (NFD, as macOS editors may) reads as its NFC form: its names,
        // ids and sources are the same text either way.
        let composed = crate::text::nfc_text(text.trim_start_matches('\u{feff}'));
        let text = composed.as_ref();
        let value: serde_json::Value = serde_json::from_str(text).map_err(|e| NtmError::Catalog {
            source_name: source_name.to_string(),
            problems: vec![Problem::new(
                format!("line {} column {}", e.line(), e.column()),
                ProblemKind::Syntax,
                e.to_string(),
            )],
        })?;
        let is_override = value.get("base").is_some();
        let de = &mut serde_json::Deserializer::from_str(text);
        if is_override {
            let file: OverrideFile = serde_path_to_error::deserialize(de).map_err(|e| path_error(source_name, e))?;
            CriteriaSet::from_override_file(file, source_name)
        } else {
            let file: SetFile = serde_path_to_error::deserialize(de).map_err(|e| {
                let first = path_error(source_name, e);
                every_schema_problem(source_name, Some(value), first)
            })?;
            CriteriaSet::from_file(file, source_name)
        }
    }

    /// Parses a set (or an override file) from TOML, in the same format as JSON.
    ///
    /// ```
    /// use ntm_criteria::CriteriaSet;
    /// let set = CriteriaSet::from_toml_str(r#"
    /// format = 1
    /// id = "demo"
    /// decision = "1/QĐ-UBND"
    /// decision_date = "2020-01-01"
    /// valid_from = 2020
    /// valid_to = 2020
    /// title_vi = "Thử"
    /// title_en = "Demo"
    /// criteria_count = 1
    /// dimension = "none"
    /// [sources]
    /// P1 = "https://example.org"
    /// [[criteria]]
    /// number = 1
    /// name_vi = "Điện"
    /// name_en = "Electricity"
    /// [[criteria.indicators]]
    /// id = "1.1"
    /// desc_vi = "Tỷ lệ hộ dùng điện"
    /// desc_en = "Households using electricity"
    /// unit = "percent"
    /// rule = "at_least"
    /// thresholds.all = { value = 95, verified = true, sources = ["P1"] }
    /// "#, "demo.toml")?;
    /// assert_eq!(set.criteria_count(), 1);
    /// Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn from_toml_str(text: &str, source_name: &str) -> Result<CriteriaSet> {
        crate::requires::linked(CriteriaSet::parse_toml(text, source_name)?, source_name, None, &mut Vec::new())
    }

    fn parse_toml(text: &str, source_name: &str) -> Result<CriteriaSet> {
        // A file saved decomposed (NFD, as macOS editors may) reads as its NFC form: its names,
        // ids and sources are the same text either way.
        let composed = crate::text::nfc_text(text.trim_start_matches('\u{feff}'));
        let text = composed.as_ref();
        let syntax = |e: toml::de::Error| {
            let loc = match e.span() {
                Some(span) => {
                    let (line, col) = line_col(text, span.start);
                    format!("line {line} column {col}")
                }
                None => "document".to_string(),
            };
            NtmError::Catalog {
                source_name: source_name.to_string(),
                problems: vec![Problem::new(loc, ProblemKind::Syntax, e.message().to_string())],
            }
        };
        let table: toml::Table = text.parse().map_err(syntax)?;
        let is_override = table.contains_key("base");
        let de = toml::Deserializer::parse(text).map_err(syntax)?;
        if is_override {
            let file: OverrideFile =
                serde_path_to_error::deserialize(de).map_err(|e| path_error_toml(source_name, text, e))?;
            CriteriaSet::from_override_file(file, source_name)
        } else {
            let file: SetFile = serde_path_to_error::deserialize(de).map_err(|e| {
                let first = path_error_toml(source_name, text, e);
                every_schema_problem(source_name, serde_json::to_value(&table).ok(), first)
            })?;
            CriteriaSet::from_file(file, source_name)
        }
    }

    /// Loads a set file (`.json` or `.toml`, or a set workbook: `.xlsx`, see
    /// `CriteriaSet::write_template`) from disk.
    ///
    /// ```
    /// let err = ntm_criteria::CriteriaSet::from_path("no/such/file.json").unwrap_err();
    /// assert!(matches!(err, ntm_criteria::NtmError::Io { .. }));
    /// ```
    pub fn from_path(path: impl AsRef<Path>) -> Result<CriteriaSet> {
        crate::requires::load_path(path.as_ref(), &mut Vec::new())
    }

    /// A set file read and validated on its own (its `requires.set` not followed).
    pub(crate) fn parse_path(path: &Path) -> Result<CriteriaSet> {
        #[cfg(feature = "excel")]
        if crate::set_workbook::is_workbook_path(path) {
            return CriteriaSet::from_workbook_path(path);
        }
        let name = path.display().to_string();
        let text =
            std::fs::read_to_string(path).map_err(|e| NtmError::Io { path: name.clone(), message: e.to_string() })?;
        match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
            Some("toml") => CriteriaSet::parse_toml(&text, &name),
            Some("json") => CriteriaSet::parse_json(&text, &name),
            _ => Err(NtmError::Catalog {
                source_name: name,
                problems: vec![Problem::new(
                    "path",
                    ProblemKind::UnknownFormat,
                    "a set file must end in .json, .toml or (a set workbook) .xlsx",
                )],
            }),
        }
    }

    /// A bundled set by name, or a file when `name_or_path` ends in `.json`/`.toml` (or names a
    /// set workbook, `.xlsx`).
    ///
    /// ```
    /// let set = ntm_criteria::CriteriaSet::load("2021-2025")?;
    /// assert_eq!(set.decision(), "318/QĐ-TTg");
    /// Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn load(name_or_path: &str) -> Result<CriteriaSet> {
        let lower = name_or_path.to_ascii_lowercase();
        let workbook = crate::set_workbook::is_workbook_path(Path::new(&lower));
        if lower.ends_with(".json") || lower.ends_with(".toml") || workbook {
            CriteriaSet::from_path(name_or_path)
        } else {
            CriteriaSet::bundled(name_or_path).cloned()
        }
    }

    fn from_override_file(file: OverrideFile, source_name: &str) -> Result<CriteriaSet> {
        let base = CriteriaSet::bundled(&file.base).map_err(|_| NtmError::Catalog {
            source_name: source_name.to_string(),
            problems: vec![
                Problem::new("base", ProblemKind::UnknownSet, format!("no bundled set {:?}", file.base))
                    .with_input(file.base.clone()),
            ],
        })?;
        let mut set_file = base.file.clone();
        for (k, v) in &file.sources {
            set_file.sources.insert(k.clone(), v.clone());
        }
        if let Some(d) = file.decision {
            set_file.decision = d;
        }
        if let Some(d) = file.decision_date {
            set_file.decision_date = d;
        }
        if let Some(t) = file.title_vi {
            set_file.title_vi = t;
        }
        if let Some(t) = file.title_en {
            set_file.title_en = t;
        }
        set_file.notes.extend(file.notes);
        let tmp = CriteriaSet::from_file(set_file, source_name)?;
        tmp.with_overrides(&file.id, &file.overrides).map_err(|e| match e {
            NtmError::Catalog { problems, .. } => NtmError::Catalog { source_name: source_name.to_string(), problems },
            other => other,
        })
    }

    /// A copy of this set with some cells changed: a provincial set derived from a national one.
    /// The new set records `based_on` and gets the id `new_id`. Every bad override is reported.
    ///
    /// ```
    /// use ntm_criteria::{CriteriaSet, Override};
    /// let set = CriteriaSet::bundled("2016-2020")?;
    /// let err = set.with_overrides("x", &[Override::number("99.9", "NMM", 1.0)]).unwrap_err();
    /// assert_eq!(err.problems()[0].loc, "overrides[0].indicator");
    /// Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn with_overrides(&self, new_id: &str, overrides: &[Override]) -> Result<CriteriaSet> {
        let mut file = self.file.clone();
        let mut problems = Vec::new();
        let dim = file.dimension;
        for (i, o) in overrides.iter().enumerate() {
            let Some(&flat) = self.compiled.by_id.get(&o.indicator) else {
                problems.push(
                    Problem::new(
                        format!("overrides[{i}].indicator"),
                        ProblemKind::UnknownIndicator,
                        "the set has no such indicator",
                    )
                    .with_input(o.indicator.clone()),
                );
                continue;
            };
            let keys: Vec<String> = if o.key == "*" {
                (0..dim.width()).filter_map(|k| dim.key(k)).map(str::to_string).collect()
            } else if dim.allows_key(&o.key) {
                vec![o.key.clone()]
            } else {
                problems.push(
                    Problem::new(
                        format!("overrides[{i}].key"),
                        ProblemKind::UnknownKey,
                        format!("the set varies by {}; this key is not one of its keys", dim.as_str()),
                    )
                    .with_input(o.key.clone()),
                );
                continue;
            };
            let (c, j) = self.compiled.flat[flat];
            let ind = &mut file.criteria[c].indicators[j];
            if let Some(unit) = o.unit {
                ind.unit = unit;
            }
            if let Some(rule) = o.rule.filter(|r| *r != ind.rule) {
                // The other keys' cells were written for the old rule ("Đạt" for a
                // province-defined yes/no); under the new rule they say nothing, so they become
                // unknown, and the set's notes say so.
                let old = ind.rule;
                ind.rule = rule;
                let dropped: Vec<String> =
                    ind.thresholds.iter().filter(|(_, c)| !cell_fits(c, rule)).map(|(k, _)| k.clone()).collect();
                for k in &dropped {
                    ind.thresholds.remove(k);
                }
                if !dropped.is_empty() {
                    file.notes.push(format!(
                        "Override of {}: rule {} → {}; the cells of {} did not fit the new rule and are now unknown.",
                        o.indicator,
                        old.as_str(),
                        rule.as_str(),
                        dropped.join(", ")
                    ));
                }
            }
            for key in keys {
                ind.thresholds.insert(
                    key,
                    ThresholdCell {
                        value: o.value.clone(),
                        verified: o.verified,
                        sources: o.sources.clone(),
                        note: o.note.clone(),
                        year: None,
                        detail: None,
                        relative: None,
                    },
                );
            }
        }
        if !problems.is_empty() {
            return Err(NtmError::Catalog { source_name: new_id.to_string(), problems });
        }
        file.based_on = Some(self.file.id.clone());
        file.id = new_id.to_string();
        CriteriaSet::from_file(file, new_id)
    }

    /// Validates a parsed file and builds the lookup tables.
    pub(crate) fn from_file(file: SetFile, source_name: &str) -> Result<CriteriaSet> {
        let mut check = FileCheck { file: &file, problems: Vec::new() };
        check.header();
        check.groups();
        let seen_numbers = check.criteria();
        check.missing_criteria(&seen_numbers);
        let bands = check.banding();
        if !check.problems.is_empty() {
            return Err(NtmError::Catalog { source_name: source_name.to_string(), problems: check.problems });
        }
        let compiled = Compiled::build(&file, bands);
        Ok(CriteriaSet { file, compiled })
    }

    /// Serialises to the JSON set format (pretty).
    ///
    /// ```
    /// use ntm_criteria::CriteriaSet;
    /// let set = CriteriaSet::bundled("2016-2020")?;
    /// let again = CriteriaSet::from_json_str(&set.to_json(), "copy")?;
    /// assert_eq!(&again, set);
    /// Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(&self.file).unwrap_or_default()
    }

    /// The raw file form.
    ///
    /// ```
    /// assert_eq!(ntm_criteria::CriteriaSet::bundled("2016-2020")?.file().format, 1);
    /// Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn file(&self) -> &SetFile {
        &self.file
    }

    /// The set id.
    ///
    /// ```
    /// assert_eq!(ntm_criteria::CriteriaSet::bundled("1980")?.id(), "2016-2020");
    /// Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn id(&self) -> &str {
        &self.file.id
    }

    /// The decision number (legal basis).
    ///
    /// ```
    /// assert_eq!(ntm_criteria::CriteriaSet::bundled("2026-2030")?.decision(), "51/2025/QĐ-TTg");
    /// Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn decision(&self) -> &str {
        &self.file.decision
    }

    /// The decision's signing date, `YYYY-MM-DD`.
    ///
    /// ```
    /// assert_eq!(ntm_criteria::CriteriaSet::bundled("2016-2020")?.decision_date(), "2016-10-17");
    /// Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn decision_date(&self) -> &str {
        &self.file.decision_date
    }

    /// The date the set takes effect, `YYYY-MM-DD`, when the set file gives it.
    ///
    /// ```
    /// assert_eq!(ntm_criteria::CriteriaSet::bundled("2026-2030")?.effective(), Some("2026-02-15"));
    /// Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn effective(&self) -> Option<&str> {
        self.file.effective.as_deref()
    }

    /// The bundled commune standard (not a model-commune set) in force on `date` (`YYYY-MM-DD`): the one that took effect last on or
    /// before it (by its set file's `effective` date, else its decision's date). A set stays in
    /// force until the next one takes effect: 1980/QĐ-TTg (2016-2020) until 318/QĐ-TTg on
    /// 2022-03-08.
    ///
    /// ```
    /// use ntm_criteria::CriteriaSet;
    /// assert_eq!(CriteriaSet::in_force("2017-06-30")?.id(), "2016-2020");
    /// assert_eq!(CriteriaSet::in_force("2021-12-31")?.id(), "2016-2020"); // 318 not yet signed
    /// assert_eq!(CriteriaSet::in_force("2023-05-01")?.id(), "2021-2025");
    /// assert_eq!(CriteriaSet::in_force("2026-03-01")?.id(), "2026-2030");
    /// assert!(CriteriaSet::in_force("2015-01-01").is_err()); // 491/QĐ-TTg (2010-2015) is not bundled
    /// # Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn in_force(date: &str) -> Result<&'static CriteriaSet> {
        crate::snapshot::check_date(date)?;
        let d = date.trim();
        let mut best: Option<(&str, &'static CriteriaSet)> = None;
        let mut earliest: Option<(&str, &'static CriteriaSet)> = None;
        for name in CriteriaSet::bundled_names() {
            let s = CriteriaSet::bundled(name)?;
            // The commune standard only: a model-commune set (kiểu mẫu) is not "the set in force".
            if s.level().is_some_and(|l| l != RecognitionLevel::Ntm) || s.unit() != AssessedUnit::Commune {
                continue;
            }
            let from = s.effective().unwrap_or(s.decision_date());
            if earliest.is_none_or(|(e, _)| from < e) {
                earliest = Some((from, s));
            }
            if from <= d && best.is_none_or(|(e, _)| from > e) {
                best = Some((from, s));
            }
        }
        best.map(|(_, s)| s).ok_or_else(|| {
            let first = earliest.map_or(String::new(), |(e, s)| format!("{} ({}) from {e}", s.id(), s.decision()));
            NtmError::UnknownSet {
                name: format!("the set in force on {d}"),
                available: format!("no bundled set was in force then; the earliest is {first}"),
            }
        })
    }

    /// The recognition level meeting the set earns, when the set file says.
    ///
    /// ```
    /// use ntm_criteria::{CriteriaSet, RecognitionLevel};
    /// assert_eq!(CriteriaSet::bundled("319")?.level(), Some(RecognitionLevel::KieuMau));
    /// Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn level(&self) -> Option<RecognitionLevel> {
        self.file.level
    }

    /// The level a unit must already hold before this set applies to it.
    ///
    /// ```
    /// use ntm_criteria::{CriteriaSet, RecognitionLevel};
    /// let r = CriteriaSet::bundled("319")?.requires().unwrap();
    /// assert_eq!(r.level, RecognitionLevel::NangCao);
    /// assert!(CriteriaSet::bundled("2016-2020")?.requires().is_none());
    /// Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn requires(&self) -> Option<&Requirement> {
        self.file.requires.as_ref()
    }

    /// The years a recognition at the set's level lasts, when it does not last without end.
    ///
    /// ```
    /// assert_eq!(ntm_criteria::CriteriaSet::bundled("2016-2020")?.recognition_valid_years(), None);
    /// Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn recognition_valid_years(&self) -> Option<u16> {
        self.file.recognition_valid_years
    }

    /// Later decisions that amend the set.
    ///
    /// ```
    /// assert!(ntm_criteria::CriteriaSet::bundled("2016-2020")?.amendments().is_empty());
    /// Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn amendments(&self) -> &[crate::amendment::Amendment] {
        &self.file.amendments
    }

    /// The amendment that may supersede the threshold of `indicator` for `key`: the set was
    /// amended later, and the cell's number is not for a year on or after the amendment (which
    /// targets the amendment changed is not in the data). `None` when no amendment applies.
    ///
    /// ```
    /// let set = ntm_criteria::CriteriaSet::bundled("2021-2025")?;
    /// let by = set.possibly_superseded("11", "NMM")?.map(|a| a.decision.as_str());
    /// assert_eq!(by, Some("211/QĐ-TTg")); // poverty "dưới 13%", sourced from the 2022 table
    /// Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn possibly_superseded(&self, indicator: &str, key: &str) -> Result<Option<&crate::amendment::Amendment>> {
        let ind = self.indicator(indicator)?;
        Ok(crate::amendment::superseding(&self.file.amendments, ind, key).map(|i| &self.file.amendments[i]))
    }

    /// Other names of the set (`"318"`, `"318/QĐ-TTg"`).
    ///
    /// ```
    /// assert!(ntm_criteria::CriteriaSet::bundled("2021-2025")?.aliases().iter().any(|a| a == "318"));
    /// Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn aliases(&self) -> &[String] {
        &self.file.aliases
    }

    /// Validity period `(from, to)` in years.
    ///
    /// ```
    /// assert_eq!(ntm_criteria::CriteriaSet::bundled("2021-2025")?.period(), (2021, 2025));
    /// Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn period(&self) -> (u16, u16) {
        (self.file.valid_from, self.file.valid_to)
    }

    /// The set this one was derived from, if any.
    ///
    /// ```
    /// assert_eq!(ntm_criteria::CriteriaSet::bundled("2016-2020")?.based_on(), None);
    /// Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn based_on(&self) -> Option<&str> {
        self.file.based_on.as_deref()
    }

    /// Number of criteria (19, or 10 for 2026-2030).
    ///
    /// ```
    /// assert_eq!(ntm_criteria::CriteriaSet::bundled("2026-2030")?.criteria_count(), 10);
    /// Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn criteria_count(&self) -> u32 {
        self.file.criteria_count
    }

    /// What the thresholds vary by.
    ///
    /// ```
    /// assert_eq!(ntm_criteria::CriteriaSet::bundled("2021-2025")?.dimension(), ntm_criteria::Dimension::Region);
    /// Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn dimension(&self) -> Dimension {
        self.file.dimension
    }

    /// What the set assesses: communes (xã), or villages (thôn) for a province's village set.
    /// Its summaries and report sentences use the unit's word.
    ///
    /// ```
    /// use ntm_criteria::{AssessedUnit, CriteriaSet};
    /// assert_eq!(CriteriaSet::bundled("2016-2020")?.unit(), AssessedUnit::Commune);
    /// # Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn unit(&self) -> AssessedUnit {
        self.file.unit
    }

    /// Region whose thresholds ĐBKK/ATK communes use (318/QĐ-TTg: NMM).
    ///
    /// ```
    /// use ntm_criteria::{CriteriaSet, Region};
    /// assert_eq!(CriteriaSet::bundled("2021-2025")?.disadvantaged_uses(), Some(Region::NorthernMidlandsMountains));
    /// assert_eq!(CriteriaSet::bundled("2016-2020")?.disadvantaged_uses(), None);
    /// Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn disadvantaged_uses(&self) -> Option<Region> {
        self.file.disadvantaged_uses
    }

    /// The criteria, in order.
    ///
    /// ```
    /// let set = ntm_criteria::CriteriaSet::bundled("2016-2020")?;
    /// assert_eq!(set.criteria()[9].name_en, "Income");
    /// Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn criteria(&self) -> &[Criterion] {
        &self.file.criteria
    }

    /// Criterion by number (1-based).
    ///
    /// ```
    /// let set = ntm_criteria::CriteriaSet::bundled("2016-2020")?;
    /// assert!(set.criterion(20).is_err());
    /// Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn criterion(&self, number: u32) -> Result<&Criterion> {
        number.checked_sub(1).and_then(|i| self.file.criteria.get(i as usize)).ok_or_else(|| {
            NtmError::UnknownCriterion { number, set: self.file.id.clone(), count: self.file.criteria_count }
        })
    }

    /// The criteria's names `(name_vi, name_en)`, by number from 1 (a criterion the set does not
    /// have gets empty names): what [`crate::table::Table::with_names`] adds to a table.
    ///
    /// ```
    /// let set = ntm_criteria::CriteriaSet::bundled("2016-2020")?;
    /// assert_eq!(set.criterion_names()[9].1, "Income");
    /// Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn criterion_names(&self) -> Vec<(String, String)> {
        (1..=self.criteria_count())
            .map(|k| self.criterion(k).map(|c| (c.name_vi.clone(), c.name_en.clone())).unwrap_or_default())
            .collect()
    }

    /// The groups.
    ///
    /// ```
    /// let set = ntm_criteria::CriteriaSet::bundled("2016-2020")?;
    /// assert_eq!(set.groups()[4].criteria, [18, 19]);
    /// Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn groups(&self) -> &[Group] {
        &self.file.groups
    }

    /// Source id → citation.
    ///
    /// ```
    /// let set = ntm_criteria::CriteriaSet::bundled("2016-2020")?;
    /// assert!(set.sources()["S10"].starts_with("http"));
    /// Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn sources(&self) -> &BTreeMap<String, String> {
        &self.file.sources
    }

    /// Notes carried from the reference data.
    ///
    /// ```
    /// assert!(!ntm_criteria::CriteriaSet::bundled("2021-2025")?.notes().is_empty());
    /// Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn notes(&self) -> &[String] {
        &self.file.notes
    }

    /// All indicators in order.
    ///
    /// ```
    /// assert_eq!(ntm_criteria::CriteriaSet::bundled("2016-2020")?.indicators().count(), 49);
    /// Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn indicators(&self) -> impl Iterator<Item = &Indicator> + '_ {
        self.file.criteria.iter().flat_map(|c| c.indicators.iter())
    }

    /// The indicator with this id.
    ///
    /// ```
    /// let set = ntm_criteria::CriteriaSet::bundled("2016-2020")?;
    /// assert_eq!(set.indicator("17.1")?.unit, ntm_criteria::Unit::Percent);
    /// assert!(set.indicator("17.9").is_err());
    /// Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn indicator(&self, id: &str) -> Result<&Indicator> {
        self.indicator_index(id).map(|i| self.indicator_at(i))
    }

    /// The flat position of an indicator (its column in batch inputs).
    ///
    /// ```
    /// let set = ntm_criteria::CriteriaSet::bundled("2016-2020")?;
    /// assert_eq!(set.indicator_index("1.1")?, 0);
    /// Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn indicator_index(&self, id: &str) -> Result<usize> {
        self.compiled
            .by_id
            .get(id)
            .copied()
            .ok_or_else(|| NtmError::UnknownIndicator { id: id.to_string(), set: self.file.id.clone() })
    }

    pub(crate) fn indicator_at(&self, flat: usize) -> &Indicator {
        let (c, i) = self.compiled.flat[flat];
        &self.file.criteria[c].indicators[i]
    }

    /// The criterion number (1-based) of the indicator at a flat position.
    pub(crate) fn criterion_of(&self, flat: usize) -> usize {
        self.compiled.flat[flat].0
    }

    /// Number of indicators.
    ///
    /// ```
    /// assert_eq!(ntm_criteria::CriteriaSet::bundled("2021-2025")?.indicator_count(), 58);
    /// Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn indicator_count(&self) -> usize {
        self.compiled.flat.len()
    }

    /// The set's default banding: the 5 official bands for a 19-criteria set, or the set's own.
    ///
    /// ```
    /// let set = ntm_criteria::CriteriaSet::bundled("2016-2020")?;
    /// assert_eq!(set.banding().bands().len(), 5);
    /// Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn banding(&self) -> &Banding {
        &self.compiled.banding
    }

    /// The banding to use with this set: the one given, checked to cover the set's criteria
    /// ([`Banding::check_criteria_count`]), or else the set's own ([`CriteriaSet::banding`]).
    ///
    /// ```
    /// use ntm_criteria::{Banding, CriteriaSet};
    /// let set = CriteriaSet::bundled("2016-2020")?;
    /// assert_eq!(set.banding_or(None)?, *set.banding());
    /// assert!(set.banding_or(Some(&Banding::default_for(10))).is_err());
    /// # Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn banding_or(&self, given: Option<&Banding>) -> Result<Banding> {
        match given {
            Some(_) => Banding::given_or_default(given, self.criteria_count()),
            None => Ok(self.banding().clone()),
        }
    }

    pub(crate) fn compiled(&self) -> &Compiled {
        &self.compiled
    }

    /// Coverage of the thresholds for one assessment key, as two partitions of the indicators:
    /// those with a usable target (`known`) or without (`unknown`); and the state of their
    /// cells (`verified_true`, `partial`, `unverified`, or `no_cell`). A yes/no indicator
    /// needs no number: without a cell it is both known and in `no_cell`.
    ///
    /// ```
    /// let set = ntm_criteria::CriteriaSet::bundled("2016-2020")?;
    /// let cov = set.coverage("NMM")?;
    /// assert_eq!(cov.indicators, 49);
    /// assert!(cov.verified_true > 0);
    /// assert_eq!(cov.known + cov.unknown, cov.indicators);
    /// assert_eq!(cov.verified_true + cov.partial + cov.unverified + cov.no_cell, cov.indicators);
    /// // 2026-2030: names only, no cell; its four yes/no indicators are still known.
    /// let cov = ntm_criteria::CriteriaSet::bundled("2026-2030")?.coverage("G1")?;
    /// assert_eq!((cov.indicators, cov.known, cov.unknown, cov.no_cell), (7, 4, 3, 7));
    /// Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn coverage(&self, key: &str) -> Result<Coverage> {
        let k = self.file.dimension.key_index(key).ok_or_else(|| NtmError::UnknownRegion { input: key.to_string() })?;
        let w = self.compiled.width;
        let mut c = Coverage { indicators: self.indicator_count(), ..Coverage::default() };
        for i in 0..self.indicator_count() {
            if self.compiled.targets[i * w + k].is_some() {
                c.known += 1;
            } else {
                c.unknown += 1;
            }
            match self.compiled.verified[i * w + k] {
                Some(Verified::True) => c.verified_true += 1,
                Some(Verified::Partial) => c.partial += 1,
                Some(Verified::False) => c.unverified += 1,
                None => c.no_cell += 1,
            }
        }
        Ok(c)
    }
}

/// Threshold coverage of a set for one region or group (see [`CriteriaSet::coverage`]): `known`
/// and `unknown` add up to `indicators`, and so do the four states of the cells
/// (`verified_true`, `partial`, `unverified`, `no_cell`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Coverage {
    /// Indicators in the set.
    pub indicators: usize,
    /// Indicators with a usable target (a yes/no rule always has one; a number rule needs its
    /// number).
    pub known: usize,
    /// Indicators without a usable target: assessed as not assessed.
    pub unknown: usize,
    /// Cells verified `true`.
    pub verified_true: usize,
    /// Cells verified `partial`.
    pub partial: usize,
    /// Cells verified `false`.
    pub unverified: usize,
    /// Indicators with no cell.
    pub no_cell: usize,
}

/// The 1-based line and column (in characters) of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut end = offset.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let before = text.get(..end).unwrap_or("");
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map(|l| l.chars().count() + 1).unwrap_or(1);
    (line, col)
}

/// A shape or type problem at a path, with a precise kind: `unknown_rule`, `unknown_unit`,
/// `unknown_dimension`, `unknown_region`, `missing_field`, `unknown_field`, or `schema`.
fn schema_problem(path: &str, msg: String) -> Problem {
    let loc = if path == "." || path.is_empty() { "document".to_string() } else { path.to_string() };
    let last = loc.rsplit('.').next().unwrap_or("");
    let kind = if msg.starts_with("unknown variant") {
        match last {
            "rule" => ProblemKind::UnknownRule,
            "unit" => ProblemKind::UnknownUnit,
            "dimension" => ProblemKind::UnknownDimension,
            _ => ProblemKind::UnknownVariant,
        }
    } else if last == "disadvantaged_uses" && msg.contains("unknown region") {
        ProblemKind::UnknownRegion
    } else if msg.starts_with("missing field") {
        ProblemKind::MissingField
    } else if msg.starts_with("unknown field") {
        ProblemKind::UnknownField
    } else {
        ProblemKind::Schema
    };
    Problem::new(loc, kind, msg)
}

/// Every shape problem of a set document. Serde stops at the first one (`first`); to report
/// them all, the document without its criteria and then each criterion are read on their own.
fn every_schema_problem(source_name: &str, doc: Option<serde_json::Value>, first: NtmError) -> NtmError {
    let (Some(mut top), NtmError::Catalog { problems: firsts, .. }) = (doc, &first) else {
        return first;
    };
    let Some(first_problem) = firsts.first().cloned() else {
        return first;
    };
    let criteria = match top.get_mut("criteria") {
        Some(c) if c.is_array() => std::mem::replace(c, serde_json::Value::Array(Vec::new())),
        _ => serde_json::Value::Null,
    };
    let mut out = Vec::new();
    if let Err(e) = serde_path_to_error::deserialize::<_, SetFile>(top) {
        out.push(schema_problem(&e.path().to_string(), e.inner().to_string()));
    }
    if let serde_json::Value::Array(items) = criteria {
        for (i, c) in items.into_iter().enumerate() {
            if let Err(e) = serde_path_to_error::deserialize::<_, Criterion>(c) {
                let path = e.path().to_string();
                let loc = if path == "." { format!("criteria[{i}]") } else { format!("criteria[{i}].{path}") };
                out.push(schema_problem(&loc, e.inner().to_string()));
            }
        }
    }
    // The first problem keeps its own message (with the line and column of the text).
    match out.iter_mut().find(|p| p.loc == first_problem.loc) {
        Some(p) => *p = first_problem,
        None => out.insert(0, first_problem),
    }
    NtmError::Catalog { source_name: source_name.to_string(), problems: out }
}

fn path_error(source_name: &str, e: serde_path_to_error::Error<serde_json::Error>) -> NtmError {
    let path = e.path().to_string();
    let inner = e.into_inner();
    NtmError::Catalog { source_name: source_name.to_string(), problems: vec![schema_problem(&path, inner.to_string())] }
}

fn path_error_toml(source_name: &str, text: &str, e: serde_path_to_error::Error<toml::de::Error>) -> NtmError {
    let path = e.path().to_string();
    let inner = e.into_inner();
    let mut msg = inner.message().to_string();
    if let Some(span) = inner.span() {
        let (line, col) = line_col(text, span.start);
        msg.push_str(&format!(" at line {line} column {col}"));
    }
    NtmError::Catalog { source_name: source_name.to_string(), problems: vec![schema_problem(&path, msg)] }
}
