//! Progress between reports (`docs/progress-and-audit.md`): `Snapshot`, and `compare` →
//! `Comparison`. The planning tables and the recognition status of a snapshot's table are those
//! of `planning`; the report audit is in `published`.
//!
//! Every figure comes from the core. This module converts: core rows are serialised with serde
//! and handed to Python as a [`PyTable`] (rows as dicts, `to_frame()` for pandas or polars), and
//! exact decimals ([`Fixed`]) become `decimal.Decimal`.

use std::collections::BTreeMap;
use std::sync::Arc;

use ntm_criteria::table::Table;
use ntm_criteria::{Comparison, CriteriaSet, Fixed, Snapshot, SummaryOptions, compare_with};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::PyString;

use crate::catalog::set_arg;
use crate::communes::PyCommuneTable;
use crate::convert::decimal;
use crate::errors::{err, guard};
use crate::planning::{PyStatusSummary, PyTargetGap, most_missed, nearest, status, target_gap};
use crate::summary::{PyBanding, PySummary, banding_or};
use crate::table::{PyTable, internal, serde_to_py, to_json};

// ---------------------------------------------------------------------------------------------
// Snapshot and compare
// ---------------------------------------------------------------------------------------------

/// A communes table as of a date (``YYYY-MM-DD``, checked), under a named criteria set (số liệu
/// tại một thời điểm). Compare two with ``compare(before, after)``.
///
/// >>> import ntm_criteria as ntm
/// >>> t = ntm.CommuneTable.from_csv_text("code,met_count,recognition\nA,19,ntm\nB,18,\n")
/// >>> s = ntm.Snapshot(t, "2016-2020", date="2020-07-31")
/// >>> s
/// <Snapshot 2016-2020 as of 2020-07-31: 2 communes>
/// >>> s.status().recognised, s.summarize().average
/// (1, Decimal('18.50'))
/// >>> ntm.Snapshot(t, "2016-2020", date="2020-02-30")
/// Traceback (most recent call last):
/// ...
/// ntm_criteria.exceptions.SnapshotError: snapshot: date "2020-02-30": no such day
/// >>> s.date, s.set_id, s.criteria_count, s.table.codes
/// ('2020-07-31', '2016-2020', 19, ['A', 'B'])
#[pyclass(module = "ntm_criteria._ntm_criteria", name = "Snapshot", frozen)]
pub(crate) struct PySnapshot {
    inner: Snapshot,
    source: String,
}

getters!(PySnapshot, self;
    /// The date, ``YYYY-MM-DD``, or ``None``.
    date: Option<String> = self.inner.date.clone();
    /// The id of the criteria set (``"2016-2020"``).
    set_id: String = self.inner.set_id.clone();
    /// Number of criteria.
    criteria_count: u32 = self.inner.table.criteria_count;
    /// The communes table.
    table: PyCommuneTable = PyCommuneTable { inner: Arc::new(self.inner.table.clone()), source: self.source.clone() };
);

#[pymethods]
impl PySnapshot {
    #[new]
    #[pyo3(signature = (table, set_id, *, date = None))]
    fn new(table: PyRef<'_, PyCommuneTable>, set_id: &Bound<'_, PyAny>, date: Option<&str>) -> PyResult<PySnapshot> {
        guard(|| {
            if set_id.cast::<crate::catalog::PySet>().is_err() && set_id.cast::<PyString>().is_err() {
                return Err(PyTypeError::new_err(
                    "set_id must be the id of a bundled criteria set (\"2016-2020\") or a CriteriaSet",
                ));
            }
            let set = set_arg(set_id)?;
            let mut s = Snapshot::new((*table.inner).clone(), &set).map_err(err)?;
            if let Some(d) = date {
                s = s.dated(d).map_err(err)?;
            }
            Ok(PySnapshot { inner: s, source: table.source.clone() })
        })
    }

    /// Reads a communes CSV (the format of ``read_communes``) for ``criteria_set`` (a
    /// ``CriteriaSet`` or the name of a bundled set; ``"2016-2020"`` when not given).
    ///
    /// >>> s = Snapshot.from_path("examples/data/lang_son_2020.csv", date="2020-07-31")  # from the repository root
    /// >>> s
    /// <Snapshot 2016-2020 as of 2020-07-31: 181 communes>
    /// >>> s.summarize().average
    /// Decimal('11.66')
    #[staticmethod]
    #[pyo3(signature = (path, criteria_set = None, *, date = None))]
    fn from_path(
        py: Python<'_>,
        path: std::path::PathBuf,
        criteria_set: Option<&Bound<'_, PyAny>>,
        date: Option<&str>,
    ) -> PyResult<PySnapshot> {
        guard(|| {
            let set = match criteria_set {
                Some(s) => set_arg(s)?,
                None => Arc::new(CriteriaSet::bundled("2016-2020").map_err(err)?.clone()),
            };
            let mut s = py.detach(|| Snapshot::from_path(&path, &set)).map_err(err)?;
            if let Some(d) = date {
                s = s.dated(d).map_err(err)?;
            }
            Ok(PySnapshot { inner: s, source: path.display().to_string() })
        })
    }

    /// A copy dated ``date`` (``YYYY-MM-DD``).
    ///
    /// >>> t = CommuneTable.from_csv_text("code,met_count\nA,19\nB,18\n")
    /// >>> Snapshot(t, "2016-2020").dated("2020-12-31").date
    /// '2020-12-31'
    fn dated(&self, date: &str) -> PyResult<PySnapshot> {
        guard(|| Ok(PySnapshot { inner: self.inner.clone().dated(date).map_err(err)?, source: self.source.clone() }))
    }

    /// The recognition status summary (``StatusSummary``).
    ///
    /// >>> st = Snapshot.from_path("examples/data/lang_son_2020_end.csv", date="2020-12-31").status()
    /// >>> st.meeting_all, st.recognised, st.recognitions_in(2020)
    /// (61, 62, 13)
    fn status(&self) -> PyStatusSummary {
        status(&self.inner.table)
    }
    /// The summary of the table (bands, average, shares).
    ///
    /// >>> s = Snapshot.from_path("examples/data/lang_son_2020_end.csv")
    /// >>> s.summarize().average, s.summarize(precision=1).average  # 2181 / 181
    /// (Decimal('12.05'), Decimal('12.0'))
    #[pyo3(signature = (*, banding = None, precision = 2, sum_to_100 = false))]
    fn summarize(
        &self,
        banding: Option<PyRef<'_, PyBanding>>,
        precision: i64,
        sum_to_100: bool,
    ) -> PyResult<PySummary> {
        guard(|| {
            let b = banding_or(banding.as_deref(), Some(self.inner.table.criteria_count))?;
            Ok(PySummary {
                inner: self
                    .inner
                    .summary(&b, SummaryOptions::checked(precision, sum_to_100).map_err(err)?)
                    .map_err(err)?,
            })
        })
    }
    /// ``CommuneTable.nearest_to_standard`` of the snapshot's table.
    ///
    /// >>> s = Snapshot.from_path("examples/data/lang_son_2020.csv")
    /// >>> [(r["code"], r["met_count"], r["missing"]) for r in s.nearest_to_standard(2)]
    /// [('06088', 18, [11]), ('06544', 18, [5])]
    #[pyo3(signature = (n = 10))]
    fn nearest_to_standard(&self, n: usize) -> PyResult<PyTable> {
        guard(|| nearest(&self.inner.table, n))
    }
    /// ``CommuneTable.most_missed`` of the snapshot's table, with the criterion names of the
    /// bundled set the snapshot is for.
    ///
    /// >>> r = Snapshot.from_path("examples/data/lang_son_2020.csv").most_missed()[0]
    /// >>> r["number"], r["name_en"], r["missed"]
    /// (11, 'Poor households', 124)
    fn most_missed(&self) -> PyResult<PyTable> {
        guard(|| most_missed(&self.inner.table, self.inner.criterion_names().as_deref()))
    }
    /// ``CommuneTable.target_gap`` of the snapshot's table.
    ///
    /// >>> g = Snapshot.from_path("examples/data/lang_son_2020.csv").target_gap(61)
    /// >>> g.needed, g.reachable, g.criteria_to_gain
    /// (10, True, 37)
    #[pyo3(signature = (target = None, *, more = None))]
    fn target_gap(&self, target: Option<u64>, more: Option<u64>) -> PyResult<PyTargetGap> {
        guard(|| target_gap(&self.inner.table, target, more, self.inner.criterion_names()))
    }
    fn __len__(&self) -> usize {
        self.inner.table.rows.len()
    }
    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<PySnapshot>().map(|o| o.get().inner == self.inner).unwrap_or(false)
    }
    fn __repr__(&self) -> String {
        let when = self.inner.date.as_deref().map(|d| format!(" as of {d}")).unwrap_or_default();
        format!("<Snapshot {}{when}: {} communes>", self.inner.set_id, self.inner.table.rows.len())
    }
}

/// What changed between two snapshots (tiến độ giữa hai kỳ báo cáo); from ``compare``.
///
/// Communes are matched by code (optionally through a ``mapping`` of old codes to new ones);
/// none is dropped silently: ``merged``, ``only_before`` and ``only_after`` list the rest.
/// ``to_frame()`` is the band table (before, after, change); ``changes``, ``criteria``,
/// ``merged``, ``only_before`` and ``only_after`` are ``Table`` objects with their own
/// ``to_frame()``.
///
/// >>> import ntm_criteria as ntm
/// >>> before = ntm.Snapshot(ntm.CommuneTable.from_csv_text("code,met_count\nA,19\nB,18\nC,7\n"), "2016-2020", date="2020-07-31")
/// >>> after = ntm.Snapshot(ntm.CommuneTable.from_csv_text("code,met_count\nA,18\nB,19\nC,9\n"), "2016-2020", date="2020-12-31")
/// >>> c = ntm.compare(before, after)
/// >>> c.newly_meeting, c.fell_from_standard, c.days, c.average_change
/// (['B'], ['A'], 153, Decimal('0.67'))
/// >>> [(r["code"], r["change"]) for r in c.changes]
/// [('A', -1), ('B', 1), ('C', 2)]
/// >>> c.to_frame()[["label_vi", "before", "after", "change"]].head(2).to_string(index=False)
/// 'label_vi  before  after  change\n      19       1      1       0\n   15-18       1      1       0'
/// >>> c.set_id, c.criteria_count, c.date_before, c.date_after, c.unchanged
/// ('2016-2020', 19, '2020-07-31', '2020-12-31', 0)
/// >>> c.before.average, c.after.average, c.meeting_standard_change, c.total_criteria_change
/// (Decimal('14.67'), Decimal('15.33'), 0, 2)
/// >>> c.per_year["average"], c.newly_recognised, c.unused_mapping, c.criteria  # criteria: no lists
/// (Decimal('1.59'), [], [], None)
/// >>> len(c.bands), len(c.merged), len(c.only_before), len(c.only_after)
/// (5, 0, 0, 0)
#[pyclass(module = "ntm_criteria._ntm_criteria", name = "Comparison", frozen)]
pub(crate) struct PyComparison {
    inner: Comparison,
    names: Option<Vec<(String, String)>>,
}

getters!(PyComparison, self;
    /// The criteria set of both snapshots.
    set_id: String = self.inner.set_id.clone();
    /// Number of criteria.
    criteria_count: u32 = self.inner.criteria_count;
    /// Date of the earlier snapshot.
    date_before: Option<String> = self.inner.date_before.clone();
    /// Date of the later snapshot.
    date_after: Option<String> = self.inner.date_after.clone();
    /// Days between them, when both dates are given.
    days: Option<i64> = self.inner.days;
    /// Summary of the earlier snapshot.
    before: PySummary = PySummary { inner: self.inner.before.clone() };
    /// Summary of the later snapshot.
    after: PySummary = PySummary { inner: self.inner.after.clone() };
    /// Codes of communes newly meeting every criterion (xã mới đạt chuẩn), matched one to one.
    newly_meeting: Vec<String> = self.inner.newly_meeting.clone();
    /// Codes of communes that met every criterion and no longer do (xã "rớt" tiêu chí).
    fell_from_standard: Vec<String> = self.inner.fell_from_standard.clone();
    /// Codes of communes not recognised before and recognised after.
    newly_recognised: Vec<String> = self.inner.newly_recognised.clone();
    /// Matched communes with no change.
    unchanged: u64 = self.inner.unchanged;
    /// Mapping keys that are not codes of the earlier snapshot.
    unused_mapping: Vec<String> = self.inner.unused_mapping.clone();
    /// Change in communes meeting every criterion.
    meeting_standard_change: i64 = self.inner.meeting_standard_change;
    /// Change in total criteria met.
    total_criteria_change: i64 = self.inner.total_criteria_change;
    /// Every matched commune whose criteria or recognition changed: ``gained`` and ``lost``
    /// criteria, recognition before and after.
    changes: PyResult<PyTable> = guard(|| PyTable::of("changes", &self.inner.changes));
    /// Per band of the banding: communes before, after, change (labels in Vietnamese and English).
    bands: PyResult<PyTable> = guard(|| PyTable::of("bands", &self.inner.bands));
    /// Communes formed from several earlier ones (sáp nhập).
    merged: PyResult<PyTable> = guard(|| PyTable::of("merged", &self.inner.merged));
    /// Communes of the earlier snapshot with no counterpart.
    only_before: PyResult<PyTable> = guard(|| PyTable::of("only_before", &self.inner.only_before));
    /// Communes of the later snapshot with no counterpart.
    only_after: PyResult<PyTable> = guard(|| PyTable::of("only_after", &self.inner.only_after));
    /// Per criterion (when both snapshots list every commune's criteria): communes meeting it
    /// before and after, and how many gained or lost it; ``None`` otherwise.
    criteria: PyResult<Option<PyTable>> = guard(|| {
        let table = |c: &Vec<_>| Ok(Table::of("criteria", c).map_err(internal)?.with_names(self.names.as_deref()).into());
        self.inner.criteria.as_ref().map(table).transpose()
    });
);

getters!(PyComparison, self, py: 'py;
    /// Change in the average criteria per commune, exact (not the difference of two rounded
    /// averages), ``Decimal``.
    average_change: PyResult<Bound<'py, PyAny>> = decimal(py, self.inner.average_change);
    /// Rates per year (change × 365 / days) when both dates are given and differ: a dict with
    /// ``days``, ``meeting_standard``, ``average``, ``total_criteria`` (``Decimal``), or ``None``.
    per_year: PyResult<Bound<'py, PyAny>> = guard(|| serde_to_py(py, &self.inner.per_year));
);

#[pymethods]
impl PyComparison {
    /// ``bands`` as a pandas (``backend="pandas"``) or polars frame.
    ///
    /// >>> before = Snapshot.from_path("examples/data/lang_son_2020.csv", date="2020-07-31")
    /// >>> after = Snapshot.from_path("examples/data/lang_son_2020_end.csv", date="2020-12-31")
    /// >>> compare(before, after).to_frame()[["label_vi", "before", "after"]].to_string(index=False)
    /// 'label_vi  before  after\n      19      51     61\n   15-18       4      3\n   10-14      36     29\n     5-9      90     88\n  dưới 5       0      0'
    #[pyo3(signature = (*, backend = "pandas"))]
    fn to_frame<'py>(&self, py: Python<'py>, backend: &str) -> PyResult<Bound<'py, PyAny>> {
        guard(|| self.bands()?.to_frame(py, backend))
    }
    /// A dict of every field (summaries and tables as dicts and lists).
    ///
    /// >>> before = Snapshot(CommuneTable.from_csv_text("code,met_count\nA,19\nB,18\n"), "2016-2020")
    /// >>> after = Snapshot(CommuneTable.from_csv_text("code,met_count\nA,18\nB,19\n"), "2016-2020")
    /// >>> d = compare(before, after).to_dict()
    /// >>> d["newly_meeting"], d["fell_from_standard"], d["after"]["average"]
    /// (['B'], ['A'], Decimal('18.50'))
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        guard(|| serde_to_py(py, &self.inner))
    }
    /// Every field as JSON (decimals as ``units`` and ``scale``).
    ///
    /// >>> import json
    /// >>> before = Snapshot.from_path("examples/data/lang_son_2020.csv", date="2020-07-31")
    /// >>> after = Snapshot.from_path("examples/data/lang_son_2020_end.csv", date="2020-12-31")
    /// >>> d = json.loads(compare(before, after).to_json())
    /// >>> len(d["newly_meeting"]), d["fell_from_standard"], d["average_change"]
    /// (13, ['05986', '06295', '06496'], {'units': 39, 'scale': 2})
    fn to_json(&self) -> PyResult<String> {
        guard(|| to_json(&self.inner))
    }
    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<PyComparison>().map(|o| o.get().inner == self.inner).unwrap_or(false)
    }
    fn __repr__(&self) -> String {
        let c = &self.inner;
        let span = match (&c.date_before, &c.date_after) {
            (Some(b), Some(a)) => format!(" {b} → {a}"),
            _ => String::new(),
        };
        format!(
            "<Comparison{span}: meeting all {} → {} ({:+}), average {} → {} ({}), {} newly meeting, {} fell from the standard>",
            c.before.meeting_standard,
            c.after.meeting_standard,
            c.meeting_standard_change,
            c.before.average,
            c.after.average,
            signed(c.average_change),
            c.newly_meeting.len(),
            c.fell_from_standard.len()
        )
    }
    /// A small HTML table for Jupyter.
    fn _repr_html_(&self) -> String {
        self.inner.html()
    }
}

fn signed(f: Fixed) -> String {
    if f.units >= 0 { format!("+{f}") } else { f.to_string() }
}

/// Compares two snapshots (so sánh hai kỳ báo cáo): what changed, by commune code.
///
/// ``mapping`` sends old codes to new ones (mergers, sáp nhập xã): several old codes mapped to
/// one new code make a merger (``Comparison.merged``). ``banding``, ``precision`` and
/// ``sum_to_100`` are those of the summaries (the default banding of the set and 2 decimals).
/// Snapshots of different criteria sets, a repeated code or dates in the wrong order raise
/// ``SnapshotError``.
///
/// >>> import ntm_criteria as ntm
/// >>> before = ntm.Snapshot(ntm.CommuneTable.from_csv_text("code,met_count\nA,19\nB,12\nC,8\n"), "2016-2020")
/// >>> after = ntm.Snapshot(ntm.CommuneTable.from_csv_text("code,met_count\nAB,16\nC,9\n"), "2016-2020")
/// >>> c = ntm.compare(before, after, {"A": "AB", "B": "AB"})
/// >>> c.merged[0]["predecessors"], c.merged[0]["met_before"], len(c.only_before)
/// (['A', 'B'], [19, 12], 0)
/// >>> ntm.compare(after, ntm.Snapshot(after.table, "2021-2025"))
/// Traceback (most recent call last):
/// ...
/// ntm_criteria.exceptions.SnapshotError: snapshot: the snapshots are assessed against different criteria sets (2016-2020 and 2021-2025): criterion numbers do not mean the same
#[pyfunction]
#[pyo3(signature = (before, after, mapping = None, *, banding = None, precision = 2, sum_to_100 = false))]
pub(crate) fn compare(
    py: Python<'_>,
    before: PyRef<'_, PySnapshot>,
    after: PyRef<'_, PySnapshot>,
    mapping: Option<BTreeMap<String, String>>,
    banding: Option<PyRef<'_, PyBanding>>,
    precision: i64,
    sum_to_100: bool,
) -> PyResult<PyComparison> {
    guard(|| {
        let (b, a) = (&before.inner, &after.inner);
        let banding = banding_or(banding.as_deref(), Some(b.table.criteria_count))?;
        let options = SummaryOptions::checked(precision, sum_to_100).map_err(err)?;
        let c = py.detach(|| compare_with(b, a, mapping.as_ref(), &banding, options)).map_err(err)?;
        Ok(PyComparison { inner: c, names: after.inner.criterion_names() })
    })
}
