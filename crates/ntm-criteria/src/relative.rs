//! Thresholds relative to another set's (319/QĐ-TTg: income ≥ 110% of the nâng cao income level
//! "applying at the same time"): a cell's `relative` names the set, its indicator and the
//! multiple, and its value is computed from the base cell for the same key when the set is
//! loaded. A base that is not known leaves the cell unknown (its indicator is then not
//! assessed); a base that does not exist is refused.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::catalog::{CellValue, CriteriaSet, RuleKind, SetFile};
use crate::error::{NtmError, Problem, Result};
use crate::kind::ProblemKind;

/// A threshold taken from another set's (`relative` in a threshold cell).
///
/// ```
/// use ntm_criteria::CriteriaSet;
/// let set = CriteriaSet::from_json_str(r#"{"format": 1, "id": "km", "decision": "(test)", "decision_date": "",
///   "valid_from": 2021, "valid_to": 2025, "title_vi": "t", "title_en": "t", "criteria_count": 1,
///   "dimension": "region", "sources": {"T": "test"},
///   "criteria": [{"number": 1, "name_vi": "Thu nhập", "name_en": "Income", "indicators": [
///     {"id": "1", "unit": "million_vnd_per_person_year", "rule": "at_least", "thresholds": {
///       "NMM": {"relative": {"times": 1.1, "set": "2021-2025", "indicator": "10"}, "verified": true, "sources": ["T"]},
///       "RRD": {"relative": {"times": 1.1, "set": "2021-2025", "indicator": "10"}, "verified": true, "sources": ["T"]}}}]}]}"#,
///   "km.json")?;
/// let income = set.indicator("1")?;
/// assert_eq!(income.target(set.dimension(), "NMM"), Some(ntm_criteria::Target::AtLeast(42.9))); // 1.1 × 39
/// assert_eq!(income.cell("NMM").and_then(|c| c.year), Some(2022)); // the base's year
/// assert_eq!(income.target(set.dimension(), "RRD"), None); // 2021-2025's RRD income is not known
/// # Ok::<(), ntm_criteria::NtmError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RelativeTo {
    /// The multiple of the base (1.1 for 110%).
    pub times: f64,
    /// The set whose threshold is the base: a bundled set, or a set file beside this one.
    pub set: String,
    /// The base's indicator id in that set.
    pub indicator: String,
}

/// Computes every relative cell of a set from its base (the set unchanged when it has none).
pub(crate) fn resolve(
    set: CriteriaSet,
    source_name: &str,
    dir: Option<&Path>,
    chain: &mut Vec<PathBuf>,
) -> Result<CriteriaSet> {
    let has_relative = set.indicators().any(|i| i.thresholds.values().any(|c| c.relative.is_some()));
    if !has_relative {
        return Ok(set);
    }
    let mut file: SetFile = set.into();
    let mut problems = Vec::new();
    for (ci, c) in file.criteria.iter_mut().enumerate() {
        for (ii, ind) in c.indicators.iter_mut().enumerate() {
            let rule = ind.rule;
            for (key, cell) in ind.thresholds.iter_mut() {
                let Some(rel) = cell.relative.clone() else { continue };
                let loc = format!("criteria[{ci}].indicators[{ii}].thresholds.{key}.relative");
                match base_value(&rel, rule, key, dir, chain) {
                    Err((field, kind, msg, input)) => {
                        problems.push(Problem::new(format!("{loc}{field}"), kind, msg).with_input(input));
                    }
                    Ok(computed) => {
                        let typed = cell.value.clone();
                        if let (Some(CellValue::Number(t)), Some((v, _))) = (&typed, computed)
                            && (t - v).abs() > 1e-9
                        {
                            let msg = format!("the value is {} × the base = {v}, not {t}: leave it out", rel.times);
                            problems.push(
                                Problem::new(loc.clone(), ProblemKind::ValueMismatch, msg).with_input(t.to_string()),
                            );
                        }
                        cell.value = computed.map(|(v, _)| CellValue::Number(v));
                        cell.year = cell.year.or(computed.and_then(|(_, y)| y));
                    }
                }
            }
        }
    }
    if !problems.is_empty() {
        return Err(NtmError::Catalog { source_name: source_name.to_string(), problems });
    }
    CriteriaSet::from_file(file, source_name)
}

type Refusal = (&'static str, ProblemKind, String, String);

/// The computed value (and the base's year) of a relative cell for `key`: `None` when the base
/// cell is not known; a refusal (field, kind, message, input) when it cannot exist.
fn base_value(
    rel: &RelativeTo,
    rule: RuleKind,
    key: &str,
    dir: Option<&Path>,
    chain: &mut Vec<PathBuf>,
) -> std::result::Result<Option<(f64, Option<u16>)>, Refusal> {
    if !matches!(rule, RuleKind::AtLeast | RuleKind::AtMost) {
        let msg = format!("a relative threshold is one number: an at_least or at_most rule, not {}", rule.as_str());
        return Err(("", ProblemKind::NotApplicable, msg, rule.as_str().into()));
    }
    if !(rel.times.is_finite() && rel.times > 0.0) {
        return Err((
            ".times",
            ProblemKind::OutOfRange,
            "the multiple is a positive number".into(),
            rel.times.to_string(),
        ));
    }
    let base = crate::requires::find_set(&rel.set, dir, chain).map_err(|(k, m)| (".set", k, m, rel.set.clone()))?;
    let Ok(ind) = base.indicator(&rel.indicator) else {
        let msg = format!("set {} has no indicator {:?}", base.id(), rel.indicator);
        return Err((".indicator", ProblemKind::UnknownIndicator, msg, rel.indicator.clone()));
    };
    Ok(ind.cell(key).and_then(|c| match c.value {
        Some(CellValue::Number(x)) => Some((crate::assess::multiple(rel.times, x), c.year)),
        _ => None,
    }))
}
