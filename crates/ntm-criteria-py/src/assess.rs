//! `Assessment` and its parts.

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use ntm_criteria::{
    Assessment, CriteriaMask, CriteriaSet, Id, IndicatorOutcome, NotAssessedReason, NtmError, PrerequisiteOutcome,
    Profile, Status, UnverifiedThreshold, Value,
};
use pyo3::IntoPyObjectExt;
use pyo3::prelude::*;

use crate::convert;
use crate::errors::{err, guard};
use crate::text::pyrepr;

/// The result of assessing one commune (see ``CriteriaSet.assess``).
///
/// >>> from ntm_criteria import CriteriaSet
/// >>> s = CriteriaSet.load("2016-2020")
/// >>> a = s.assess({i.id: True for i in s.indicators}, region="NMM")
/// >>> a.met_count, a.band, a.meets_standard
/// (19, '19', True)
/// >>> all(u.verified != "true" for u in a.unverified_thresholds)  # thresholds not verified "true"
/// True
/// >>> b = s.assess({"10": 31.0, "11": True}, region="Lạng Sơn")
/// >>> b.set_id, b.key, b.criteria_count, b.met, b.not_assessed[:3]
/// ('2016-2020', 'NMM', 19, [11], [1, 2, 3])
/// >>> b.criteria[10], [o.indicator for o in b.shortfalls], len(b.indicators)
/// ('not_met', ['10'], 49)
#[pyclass(module = "ntm_criteria._ntm_criteria", name = "Assessment", frozen)]
pub(crate) struct PyAssessment {
    set: Arc<CriteriaSet>,
    key: Id,
    met: CriteriaMask,
    not_assessed: CriteriaMask,
    /// The prerequisite of a set that requires a level.
    prerequisite: Option<PrerequisiteOutcome>,
    /// The checked values and profile, for an assessment whose detail is built on demand.
    lazy: Option<(Box<[Value]>, Profile)>,
    /// The full assessment (indicator outcomes, gaps, provenance), built on first use.
    detail: OnceLock<Assessment>,
}

impl PyAssessment {
    /// From a full assessment.
    pub(crate) fn full(set: Arc<CriteriaSet>, a: Assessment) -> PyAssessment {
        let detail = OnceLock::new();
        let (key, met, not_assessed, prerequisite) = (a.key.clone(), a.met, a.not_assessed, a.prerequisite.clone());
        let _ = detail.set(a);
        PyAssessment { set, key, met, not_assessed, prerequisite, lazy: None, detail }
    }

    /// From values already converted: they are checked now (every bad one reported) and the
    /// criteria computed in the same pass; the per-indicator detail waits until something asks for it. The
    /// result is the same as `assess_values` (the core's one definition of the rules).
    pub(crate) fn lazy(set: Arc<CriteriaSet>, values: Vec<Value>, profile: Profile) -> ntm_criteria::Result<Self> {
        let (met, not_assessed) = set.assess_mask_checked(&values, &profile)?;
        let key = Id::from(set.key_of(&profile)?);
        let prerequisite = set.prerequisite(&profile);
        Ok(PyAssessment {
            set,
            key,
            met,
            not_assessed,
            prerequisite,
            lazy: Some((values.into_boxed_slice(), profile)),
            detail: OnceLock::new(),
        })
    }

    /// The full assessment.
    pub(crate) fn detail(&self) -> PyResult<&Assessment> {
        if let Some(a) = self.detail.get() {
            return Ok(a);
        }
        let Some((values, profile)) = &self.lazy else {
            return Err(err(NtmError::Batch { reason: "assessment without values".into() }));
        };
        let a = self.set.assess_values(values, profile).map_err(err)?;
        Ok(self.detail.get_or_init(|| a))
    }

    fn criteria_count_(&self) -> u32 {
        self.set.criteria_count()
    }

    fn status(&self, k: u32) -> Status {
        Status::of(k, self.met, self.not_assessed)
    }

    fn band_label(&self) -> Option<&str> {
        self.set.banding().band_of(self.met.count()).map(|b| b.label_vi.as_str())
    }
}

getters!(PyAssessment, self;
    /// The set's id.
    set_id: &str = self.set.id();
    /// The key whose thresholds were used (``"NMM"``, ``"G2"``, ``"all"``).
    key: &str = &self.key;
    /// Number of criteria of the set.
    criteria_count: u32 = self.criteria_count_();
    /// Number of criteria met.
    met_count: u32 = self.met.count();
    /// Criterion number → ``"met"``, ``"not_met"`` or ``"not_assessed"``.
    criteria: BTreeMap<u32, &'static str> =
        (1..=self.criteria_count_()).map(|k| (k, self.status(k).as_str())).collect();
    /// Numbers of the criteria met.
    met: Vec<u32> = self.met.numbers().collect();
    /// Numbers of the criteria not assessed (a value or a threshold is missing).
    not_assessed: Vec<u32> = self.not_assessed.numbers().collect();
    /// Vietnamese label of the band in the set's default banding.
    band: Option<&str> = self.band_label();
    /// Whether every criterion is met (đạt chuẩn) and, for a set that requires a level (kiểu
    /// mẫu requires nâng cao), the prerequisite is met.
    meets_standard: bool = self.set.meets_standard(self.met, self.prerequisite.as_ref());
    /// The prerequisite of a set that requires a level, reported before the criteria:
    /// ``(level, status)`` with the status ``"met"``, ``"not_met"`` or ``"not_assessed"`` (the
    /// commune's ``recognition`` not given); ``None`` for a set without one.
    ///
    /// >>> s = CriteriaSet.load("319")
    /// >>> a = s.assess({"1": True, "2": (60, 50), "3": 1, "4": 1}, recognition="ntm")
    /// >>> a.prerequisite, a.met_count, a.meets_standard
    /// (('nang_cao', 'not_met'), 4, False)
    /// >>> s.assess({"1": True, "2": (60, 50), "3": 1, "4": 1}, recognition="nâng cao").meets_standard
    /// True
    prerequisite: Option<(&'static str, &'static str)> =
        self.prerequisite.as_ref().map(|p| (p.level.as_str(), p.status.as_str()));
    /// The outcome of every indicator, in set order.
    indicators: PyResult<Vec<PyIndicatorOutcome>> =
        guard(|| Ok(self.detail()?.indicators.iter().map(|o| PyIndicatorOutcome { inner: o.clone() }).collect()));
    /// Indicators not met: ``indicator``, ``value``, ``threshold``, ``gap``.
    shortfalls: PyResult<Vec<PyIndicatorOutcome>> =
        guard(|| Ok(self.detail()?.shortfalls().map(|o| PyIndicatorOutcome { inner: o.clone() }).collect()));
    /// Thresholds used that a later amendment of the set may have changed, as
    /// ``(indicator, key, amending decision)``: 318/QĐ-TTg's numbers after 211/QĐ-TTg of
    /// 1/3/2024, whose changed targets are not in the data.
    ///
    /// >>> a = CriteriaSet.load("2021-2025").assess({"11": 10.0}, region="NMM")
    /// >>> a.superseded_thresholds
    /// [('11', 'NMM', '211/QĐ-TTg')]
    superseded_thresholds: PyResult<Vec<(String, String, String)>> = guard(|| {
        let t = &self.detail()?.superseded_thresholds;
        Ok(t.iter().map(|t| (t.indicator.to_string(), t.key.to_string(), t.by.clone())).collect())
    });
    /// Thresholds used that are not verified ``true`` in the reference data.
    unverified_thresholds: PyResult<Vec<PyUnverifiedThreshold>> = guard(|| {
        Ok(self.detail()?.unverified_thresholds.iter().map(|u| PyUnverifiedThreshold { inner: u.clone() }).collect())
    });
);

#[pymethods]
impl PyAssessment {
    /// The status of criterion ``number``: ``"met"``, ``"not_met"`` or ``"not_assessed"``.
    ///
    /// >>> a = CriteriaSet.load("2016-2020").assess({"10": 38.5}, region="NMM")
    /// >>> a.criterion(10), a.criterion(11)
    /// ('met', 'not_assessed')
    /// >>> a.criterion(20)
    /// Traceback (most recent call last):
    /// ...
    /// ntm_criteria.exceptions.UnknownCriterionError: criterion 20 does not exist in set 2016-2020 (1..=19)
    fn criterion(&self, number: u32) -> PyResult<&'static str> {
        guard(|| {
            self.set.criterion(number).map_err(err)?;
            Ok(self.status(number).as_str())
        })
    }
    /// The assessment as JSON text.
    ///
    /// >>> import json
    /// >>> a = CriteriaSet.load("2016-2020").assess({"10": 38.5}, region="NMM")
    /// >>> d = json.loads(a.to_json())
    /// >>> d["set_id"], d["key"], d["met_count"], d["meets_standard"]
    /// ('2016-2020', 'NMM', 1, False)
    fn to_json(&self) -> PyResult<String> {
        guard(|| {
            serde_json::to_string(self.detail()?).map_err(|e| pyo3::exceptions::PyValueError::new_err(e.to_string()))
        })
    }
    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        let Ok(o) = other.cast::<PyAssessment>() else { return false };
        match (o.get().detail(), self.detail()) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        }
    }
    fn __repr__(&self) -> String {
        format!(
            "<Assessment set={} key={} met_count={}/{} band={}>",
            pyrepr(self.set.id()),
            pyrepr(&self.key),
            self.met.count(),
            self.criteria_count_(),
            self.band_label().map(pyrepr).unwrap_or_else(|| "None".into())
        )
    }
    /// A small HTML table for Jupyter.
    fn _repr_html_(&self) -> PyResult<String> {
        guard(|| Ok(self.detail()?.html()))
    }
}

fn value_py(py: Python<'_>, v: Value) -> PyResult<Py<PyAny>> {
    match v {
        Value::Number(x) => x.into_py_any(py),
        Value::Pair(a, b) => (a, b).into_py_any(py),
        Value::Verdict(b) => b.into_py_any(py),
        Value::Missing => Ok(py.None()),
    }
}

/// The outcome of one indicator in an ``Assessment``.
///
/// >>> from ntm_criteria import CriteriaSet
/// >>> a = CriteriaSet.load("2016-2020").assess({"10": 31.0}, region="NMM")
/// >>> o = a.shortfalls[0]
/// >>> o.indicator, o.criterion, o.status, o.value, o.threshold, o.target, o.gap
/// ('10', 10, 'not_met', 31.0, 36.0, '≥ 36', 5.0)
/// >>> o.reason, o.verified, a.indicators[0].status, a.indicators[0].reason
/// (None, 'true', 'not_assessed', 'missing_value')
#[pyclass(module = "ntm_criteria._ntm_criteria", name = "IndicatorOutcome", frozen)]
pub(crate) struct PyIndicatorOutcome {
    inner: IndicatorOutcome,
}

getters!(PyIndicatorOutcome, self;
    /// Indicator id.
    indicator: &str = &self.inner.id;
    /// Criterion number.
    criterion: u32 = self.inner.criterion;
    /// ``"met"``, ``"not_met"`` or ``"not_assessed"``.
    status: &'static str = self.inner.status.as_str();
    /// Why not assessed: ``"missing_value"`` or ``"unknown_threshold"``.
    reason: Option<&'static str> = self.inner.reason.map(NotAssessedReason::as_str);
    /// The target as text (``"≥ 36"``, ``"Đạt"``), ``None`` when unknown.
    target: Option<String> = self.inner.target.map(|t| t.to_string());
    /// Distance to the target in the indicator's unit (0 when met); ``None`` for verdicts.
    gap: Option<f64> = self.inner.gap;
    /// Verification of the threshold cell used (``"true"``, ``"partial"``, ``"false"``), or
    /// ``None`` when the set has no cell.
    verified: Option<&'static str> = self.inner.verified.map(|v| v.as_str());
);

getters!(PyIndicatorOutcome, self, py: 'py;
    /// The value used: a number, a pair, a bool (verdict) or ``None``.
    value: PyResult<Py<PyAny>> = value_py(py, self.inner.value);
    /// The numeric threshold: a number, a pair, or ``None`` for verdict rules or when unknown.
    threshold: PyResult<Py<PyAny>> = convert::threshold(py, self.inner.target);
);

#[pymethods]
impl PyIndicatorOutcome {
    fn __repr__(&self) -> String {
        format!(
            "<IndicatorOutcome {} {} value={} target={} gap={}>",
            self.inner.id,
            self.inner.status.as_str(),
            self.inner.value.shown(),
            self.inner.target.map(|t| t.to_string()).unwrap_or_else(|| "None".into()),
            self.inner.gap.map(|g| g.to_string()).unwrap_or_else(|| "None".into())
        )
    }
}

/// A threshold used by an assessment that is not verified ``true``: a cited source does not
/// state it (``"partial"``: consistent with sources; ``"false"``: unsourced).
///
/// >>> import ntm_criteria as ntm
/// >>> s = ntm.CriteriaSet.load("2016-2020")
/// >>> a = s.assess({"11": 10.0}, region=ntm.region_of("Lạng Sơn"))  # poverty rate 10%
/// >>> a.criteria[11]
/// 'met'
/// >>> [(u.indicator, u.key, u.verified) for u in a.unverified_thresholds]  # NMM's 12% is unsourced
/// [('11', 'NMM', 'false')]
#[pyclass(module = "ntm_criteria._ntm_criteria", name = "UnverifiedThreshold", frozen)]
pub(crate) struct PyUnverifiedThreshold {
    inner: UnverifiedThreshold,
}

getters!(PyUnverifiedThreshold, self;
    /// Indicator id.
    indicator: &str = &self.inner.indicator;
    /// The cell key used (``"NMM"``, ``"G1"``, ``"all"``).
    key: &str = &self.inner.key;
    /// ``"partial"``, ``"false"``, or ``None`` when the set has no cell.
    verified: Option<&'static str> = self.inner.verified.map(|v| v.as_str());
);

#[pymethods]
impl PyUnverifiedThreshold {
    fn __repr__(&self) -> String {
        format!(
            "<UnverifiedThreshold {} at {}: {}>",
            self.inner.indicator,
            self.inner.key,
            self.inner.verified.map(|v| v.as_str()).unwrap_or("no cell")
        )
    }
}
