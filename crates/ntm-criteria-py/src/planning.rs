//! Planning and recognition status on a table of communes (`docs/progress-and-audit.md`):
//! `nearest_to_standard`, `most_missed`, `target_gap` → `TargetGap` and `status_summary` →
//! `StatusSummary`, for `CommuneTable` and `Snapshot` alike.
//!
//! Every figure comes from the core. This module converts: core rows are serialised with serde
//! and handed to Python as a [`PyTable`] (rows as dicts, `to_frame()` for pandas or polars).

use std::collections::BTreeMap;

use ntm_criteria::{CommuneTable, CriteriaSet, StatusSummary, TargetGap};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;

use crate::errors::{err, guard};
use crate::table::{PyTable, internal, serde_to_py, to_json};
use ntm_criteria::table::Table;

// ---------------------------------------------------------------------------------------------
// Planning on a table (called by CommuneTable and Snapshot)
// ---------------------------------------------------------------------------------------------

pub(crate) fn nearest(t: &CommuneTable, n: usize) -> PyResult<PyTable> {
    PyTable::of("nearest_to_standard", &t.nearest_to_standard(n))
}

pub(crate) fn villages(t: &CommuneTable, by: &str) -> PyResult<PyTable> {
    let rollup = t.villages_by(by).map_err(err)?;
    PyTable::of("villages_by", &rollup.rows)
}

pub(crate) fn most_missed(t: &CommuneTable, names: Option<&[(String, String)]>) -> PyResult<PyTable> {
    let rows = t.most_missed().map_err(err)?;
    Ok(Table::of("most_missed", &rows).map_err(internal)?.with_names(names).into())
}

pub(crate) fn target_gap(
    t: &CommuneTable,
    target: Option<u64>,
    more: Option<u64>,
    names: Option<Vec<(String, String)>>,
) -> PyResult<PyTargetGap> {
    let inner = match (target, more) {
        (Some(target), None) => t.target_gap(target),
        (None, Some(more)) => t.target_gap_more(more),
        _ => return Err(PyTypeError::new_err("give either target (communes at the standard in all) or more=N")),
    };
    Ok(PyTargetGap { inner, names })
}

pub(crate) fn status(t: &CommuneTable) -> PyStatusSummary {
    PyStatusSummary { inner: t.status_summary() }
}

pub(crate) fn status_on(t: &CommuneTable, date: &str, set: &CriteriaSet) -> PyResult<PyStatusSummary> {
    Ok(PyStatusSummary { inner: t.status_summary_on(date, set).map_err(err)? })
}

// ---------------------------------------------------------------------------------------------
// StatusSummary
// ---------------------------------------------------------------------------------------------

/// Recognition status of the communes of a table (tình trạng công nhận): meeting all criteria
/// is not the same as being recognised (công nhận đạt chuẩn). From
/// ``CommuneTable.status_summary()`` or ``Snapshot.status()``. ``to_frame()`` (and ``table``)
/// give one row per status with Vietnamese and English labels.
///
/// >>> import ntm_criteria as ntm
/// >>> t = ntm.CommuneTable.from_csv_text(
/// ...     "code,met_count,recognition,recognition_year\n"
/// ...     "A,19,ntm,2020\nB,19,,\nC,18,nang_cao,2019\nD,12,,\n")
/// >>> s = t.status_summary()
/// >>> s.meeting_all, s.recognised, s.recognised_ntm, s.recognised_nang_cao
/// (2, 2, 1, 1)
/// >>> s.meeting_all_not_recognised_codes, s.recognised_below_all_codes
/// (['B'], ['C'])
/// >>> s.recognitions_in(2020)
/// 1
/// >>> s.to_frame().set_index("status").loc["recognised_below_all", "label_vi"]
/// 'Đã được công nhận, chưa giữ vững đủ tiêu chí'
/// >>> s.communes, s.criteria_count, s.recognised_kieu_mau, s.meeting_all_not_recognised, s.recognised_below_all
/// (4, 19, 0, 1, 1)
/// >>> s.recognitions_by_year, s.recognised_year_unknown, s.table.name
/// ({2019: 1, 2020: 1}, 0, 'status')
#[pyclass(module = "ntm_criteria._ntm_criteria", name = "StatusSummary", frozen)]
pub(crate) struct PyStatusSummary {
    inner: StatusSummary,
}

getters!(PyStatusSummary, self;
    /// Number of communes.
    communes: u64 = self.inner.communes;
    /// Number of criteria of the set.
    criteria_count: u32 = self.inner.criteria_count;
    /// Communes meeting every criterion (19/19), recognised or not.
    meeting_all: u64 = self.inner.meeting_all;
    /// Communes recognised at any level (đã được công nhận).
    recognised: u64 = self.inner.recognised;
    /// Recognised as NTM (đạt chuẩn nông thôn mới).
    recognised_ntm: u64 = self.inner.recognised_ntm;
    /// Recognised at the advanced level (NTM nâng cao).
    recognised_nang_cao: u64 = self.inner.recognised_nang_cao;
    /// Recognised as a model commune (NTM kiểu mẫu).
    recognised_kieu_mau: u64 = self.inner.recognised_kieu_mau;
    /// Meeting every criterion but not (yet) recognised (chưa được thẩm định công nhận).
    meeting_all_not_recognised: u64 = self.inner.meeting_all_not_recognised;
    /// Their codes, in table order.
    meeting_all_not_recognised_codes: Vec<String> = self.inner.meeting_all_not_recognised_codes.clone();
    /// Recognised but no longer meeting every criterion (chưa giữ vững đủ tiêu chí).
    recognised_below_all: u64 = self.inner.recognised_below_all;
    /// Their codes, in table order.
    recognised_below_all_codes: Vec<String> = self.inner.recognised_below_all_codes.clone();
    /// Recognised communes per year of the recognition decision.
    recognitions_by_year: BTreeMap<u16, u64> = self.inner.recognitions_by_year.clone();
    /// Recognised communes whose year is not given.
    recognised_year_unknown: u64 = self.inner.recognised_year_unknown;
    /// On a date under a set with a recognition term: recognitions whose term had ended (they
    /// count as not recognised).
    ///
    /// >>> t = CommuneTable.from_csv_text("code,met_count,recognition,recognition_year\nT1,12,kieu_mau,2019\nT2,12,kieu_mau,2022\n", criteria_count=12)
    /// >>> s = t.status_summary(as_of="2025-06-30", criteria_set="examples/sets/lao_cai_thon_kieu_mau_2022.json")
    /// >>> s.expired, s.expired_codes, s.expiry_unknown  # T1 ended in 2022; T2's 3 years end in 2025
    /// (1, ['T1'], 1)
    expired: u64 = self.inner.expired;
    /// The codes of the recognitions whose term had ended, in table order.
    ///
    /// >>> t = CommuneTable.from_csv_text("code,met_count,recognition,recognition_year\nT1,12,kieu_mau,2019\nT2,12,kieu_mau,2022\n", criteria_count=12)
    /// >>> s = t.status_summary(as_of="2025-06-30", criteria_set="examples/sets/lao_cai_thon_kieu_mau_2022.json")
    /// >>> s.expired, s.expired_codes, s.expiry_unknown  # T1 ended in 2022; T2's 3 years end in 2025
    /// (1, ['T1'], 1)
    expired_codes: Vec<String> = self.inner.expired_codes.clone();
    /// On a date under a set with a recognition term: recognitions whose term ends in that
    /// year (the decision's day is not known), or whose year is not given.
    ///
    /// >>> t = CommuneTable.from_csv_text("code,met_count,recognition,recognition_year\nT1,12,kieu_mau,2019\nT2,12,kieu_mau,2022\n", criteria_count=12)
    /// >>> s = t.status_summary(as_of="2025-06-30", criteria_set="examples/sets/lao_cai_thon_kieu_mau_2022.json")
    /// >>> s.expired, s.expired_codes, s.expiry_unknown  # T1 ended in 2022; T2's 3 years end in 2025
    /// (1, ['T1'], 1)
    expiry_unknown: u64 = self.inner.expiry_unknown;
    /// One row per status: ``status``, ``label_vi``, ``label_en``, ``communes``, ``codes``.
    table: PyResult<PyTable> = guard(|| PyTable::of("status", &self.inner.rows()));
);

#[pymethods]
impl PyStatusSummary {
    /// Recognitions in ``year`` (0 when none): "02 xã được công nhận năm 2020" is
    /// ``recognitions_in(2020) == 2``.
    ///
    /// >>> s = read_communes("examples/data/lang_son_2020_end.csv").status_summary()  # end of 2020
    /// >>> s.recognitions_in(2020), s.recognitions_in(2021)
    /// (13, 0)
    fn recognitions_in(&self, year: u16) -> u64 {
        self.inner.recognitions_in(year)
    }
    /// The recognised communes (or villages), levels nested, as offices print them
    /// (``lang="vi"``) or in English; the nâng cao count includes the kiểu mẫu ones.
    ///
    /// >>> s = CommuneTable.from_csv_text("code,met_count,recognition\nA,19,ntm\nB,19,nang_cao\nC,19,kieu_mau\nD,12,\n").status_summary()
    /// >>> s.sentence()
    /// 'Có 03/4 xã đạt chuẩn nông thôn mới, trong đó 02 xã đạt chuẩn NTM nâng cao (có 01 xã đạt chuẩn NTM kiểu mẫu).'
    #[pyo3(signature = (lang = "vi"))]
    fn sentence(&self, lang: &str) -> PyResult<String> {
        guard(|| Ok(self.inner.sentence(crate::convert::lang(lang)?)))
    }
    /// ``table`` as a pandas (``backend="pandas"``) or polars frame.
    ///
    /// >>> f = read_communes("examples/data/lang_son_2020.csv").status_summary().to_frame()
    /// >>> f.set_index("status").loc[["meeting_all", "recognised", "recognised_in_2020"], "communes"].tolist()
    /// [51, 51, 2]
    #[pyo3(signature = (*, backend = "pandas"))]
    fn to_frame<'py>(&self, py: Python<'py>, backend: &str) -> PyResult<Bound<'py, PyAny>> {
        guard(|| self.table()?.to_frame(py, backend))
    }
    /// A dict of the fields (years as ``int`` keys).
    ///
    /// >>> s = CommuneTable.from_csv_text("code,met_count,recognition,recognition_year\nA,19,ntm,2020\nB,19,,\n").status_summary()
    /// >>> d = s.to_dict()
    /// >>> d["meeting_all"], d["recognitions_by_year"], d["meeting_all_not_recognised_codes"]
    /// (2, {2020: 1}, ['B'])
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        guard(|| {
            let d = serde_to_py(py, &self.inner)?;
            d.set_item("recognitions_by_year", self.recognitions_by_year())?;
            Ok(d)
        })
    }
    /// The fields as JSON.
    ///
    /// >>> import json
    /// >>> s = CommuneTable.from_csv_text("code,met_count,recognition,recognition_year\nA,19,ntm,2020\nB,19,,\n").status_summary()
    /// >>> json.loads(s.to_json())["recognitions_by_year"]
    /// {'2020': 1}
    fn to_json(&self) -> PyResult<String> {
        guard(|| to_json(&self.inner))
    }
    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<PyStatusSummary>().map(|o| o.get().inner == self.inner).unwrap_or(false)
    }
    fn __repr__(&self) -> String {
        let s = &self.inner;
        format!(
            "<StatusSummary {} communes: {} meeting all, {} recognised ({} meeting all not recognised, {} recognised below all)>",
            s.communes, s.meeting_all, s.recognised, s.meeting_all_not_recognised, s.recognised_below_all
        )
    }
    /// A small HTML table for Jupyter.
    fn _repr_html_(&self) -> String {
        self.inner.html()
    }
}

// ---------------------------------------------------------------------------------------------
// TargetGap
// ---------------------------------------------------------------------------------------------

/// What a target of communes meeting the standard takes (phấn đấu thêm N xã đạt chuẩn), from
/// ``target_gap(target)`` or ``target_gap(more=N)``. ``communes`` (also ``to_frame()``) are the
/// communes nearest to the standard that would meet it; ``per_criterion`` how many of them miss
/// each criterion.
///
/// >>> import ntm_criteria as ntm
/// >>> t = ntm.CommuneTable.from_csv_text("code,criteria_met\nA,1;2;3\nB,1;2\nC,1\n", criteria_count=3)
/// >>> g = t.target_gap(more=1)
/// >>> g.target, g.meeting_all, g.needed, g.reachable, g.criteria_to_gain
/// (2, 1, 1, True, 1)
/// >>> [r["code"] for r in g.communes], g.per_criterion.to_dicts()
/// (['B'], [{'number': 3, 'communes': 1}])
/// >>> g.lists_unknown  # chosen communes without a criteria list
/// 0
#[pyclass(module = "ntm_criteria._ntm_criteria", name = "TargetGap", frozen)]
pub(crate) struct PyTargetGap {
    inner: TargetGap,
    /// The criterion names for `per_criterion`, when the set is known.
    names: Option<Vec<(String, String)>>,
}

getters!(PyTargetGap, self;
    /// The target: communes meeting every criterion.
    target: u64 = self.inner.target;
    /// Communes meeting every criterion now.
    meeting_all: u64 = self.inner.meeting_all;
    /// Communes that must still reach the standard.
    needed: u64 = self.inner.needed;
    /// Whether the table has that many communes below the standard.
    reachable: bool = self.inner.reachable;
    /// Criteria the chosen communes must gain in all.
    criteria_to_gain: u64 = self.inner.criteria_to_gain;
    /// Chosen communes whose criteria are not listed (left out of ``per_criterion``).
    lists_unknown: u64 = self.inner.lists_unknown;
    /// The communes that would meet the target, nearest first (the columns of
    /// ``nearest_to_standard``).
    communes: PyResult<PyTable> = guard(|| PyTable::of("target_gap", &self.inner.communes));
    /// Per criterion, how many of those communes miss it, most first.
    per_criterion: PyResult<PyTable> = guard(|| {
        let t = Table::of("target_gap_per_criterion", &self.inner.per_criterion).map_err(internal)?;
        Ok(t.with_names(self.names.as_deref()).into())
    });
);

#[pymethods]
impl PyTargetGap {
    /// ``communes`` as a pandas (``backend="pandas"``) or polars frame.
    ///
    /// >>> t = CommuneTable.from_csv_text("code,met_count\nA,19\nB,17\nC,18\n")
    /// >>> t.target_gap(3).to_frame()[["code", "missing_count"]].to_string(index=False)
    /// 'code  missing_count\n   C              1\n   B              2'
    #[pyo3(signature = (*, backend = "pandas"))]
    fn to_frame<'py>(&self, py: Python<'py>, backend: &str) -> PyResult<Bound<'py, PyAny>> {
        guard(|| self.communes()?.to_frame(py, backend))
    }
    /// A dict of the fields (tables as lists of dicts).
    ///
    /// >>> t = CommuneTable.from_csv_text("code,criteria_met\nA,1;2;3\nB,1;2\nC,1\n", criteria_count=3)
    /// >>> d = t.target_gap(more=1).to_dict()
    /// >>> d["needed"], d["per_criterion"]
    /// (1, [{'communes': 1, 'number': 3}])
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        guard(|| serde_to_py(py, &self.inner))
    }
    /// The fields as JSON.
    ///
    /// >>> import json
    /// >>> t = CommuneTable.from_csv_text("code,criteria_met\nA,1;2;3\nB,1;2\nC,1\n", criteria_count=3)
    /// >>> json.loads(t.target_gap(more=1).to_json())["communes"][0]["code"]
    /// 'B'
    fn to_json(&self) -> PyResult<String> {
        guard(|| to_json(&self.inner))
    }
    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<PyTargetGap>().map(|o| o.get().inner == self.inner).unwrap_or(false)
    }
    fn __repr__(&self) -> String {
        let g = &self.inner;
        format!(
            "<TargetGap target {}: {} meeting all, {} more needed{}, {} criteria to gain>",
            g.target,
            g.meeting_all,
            g.needed,
            if g.reachable { "" } else { " (not reachable)" },
            g.criteria_to_gain
        )
    }
}
