//! Progress, recognition status, planning and report audit (`docs/progress-and-audit.md`):
//! `Snapshot`, `compare` → `Comparison`, `StatusSummary`, the planning tables, `TargetGap`,
//! `PublishedReport` and `audit`.
//!
//! Every figure comes from the core. This module converts: core rows are serialised with serde
//! and handed to Python as a [`PyTable`] (rows as dicts, `to_frame()` for pandas or polars),
//! exact decimals ([`Fixed`]) become `decimal.Decimal`, and Python dicts or keyword arguments
//! become a core [`PublishedReport`] through its serde form.

use std::collections::BTreeMap;
use std::sync::Arc;

use ntm_criteria::{
    Banding, CommuneTable, Comparison, CriteriaSet, Fixed, Problem, PublishedReport, RecognitionLevel, Snapshot,
    StatusSummary, SummaryOptions, TargetGap, compare_with,
};
use pyo3::exceptions::{PyIndexError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PySlice, PyString, PyTuple};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::communes::PyCommuneTable;
use crate::convert::{decimal, html, pyrepr};
use crate::errors::{err, guard, validation};
use crate::summary::{PyBanding, PySummary};

// ---------------------------------------------------------------------------------------------
// Table: rows of plain values
// ---------------------------------------------------------------------------------------------

/// Columns of each table, in order (the field names of the core's row types).
const NEAR: &[&str] = &["code", "name", "district", "met_count", "missing_count", "missing", "recognition"];
const MISSED: &[&str] = &["rank", "number", "missed", "share", "missed_near", "share_near"];
const NEED: &[&str] = &["number", "communes"];
const CHANGE: &[&str] = &[
    "code",
    "name",
    "before_code",
    "met_before",
    "met_after",
    "change",
    "gained",
    "lost",
    "recognition_before",
    "recognition_after",
    "reached_standard",
    "fell_from_standard",
];
const MERGER: &[&str] =
    &["code", "name", "predecessors", "met_before", "met_after", "meets_all", "any_predecessor_met_all"];
const UNMATCHED: &[&str] = &["code", "name", "district", "met_count", "recognition", "mapped_to"];
const BAND_CHANGE: &[&str] = &["label_vi", "label_en", "lo", "hi", "before", "after", "change"];
const CRITERION_CHANGE: &[&str] = &["number", "before", "after", "change", "gained", "lost"];
const FINDING: &[&str] = &["kind", "message", "bands", "criterion", "numbers", "truncation_explains"];
const STATUS: &[&str] = &["status", "label_vi", "label_en", "communes", "codes"];
/// Criterion names added to a table when the criteria set is known.
const NAMES: &[&str] = &["name_vi", "name_en"];

/// The names of the criteria of a set, `(name_vi, name_en)` by number − 1.
pub(crate) type Names = Vec<(String, String)>;

/// The criterion names of `set`.
pub(crate) fn names_of(set: &CriteriaSet) -> Names {
    (1..=set.criteria_count())
        .map(|k| set.criterion(k).map(|c| (c.name_vi.clone(), c.name_en.clone())).unwrap_or_default())
        .collect()
}

fn internal(what: impl std::fmt::Display) -> PyErr {
    PyValueError::new_err(format!("internal conversion error in ntm-criteria: {what}. Please report it."))
}

/// A table of results (kết quả dạng bảng): rows of plain values, in the order the core gives
/// them. ``len(t)`` rows; ``t[i]`` is a dict; iterating gives the rows; ``t.columns`` names the
/// columns (the field names of the Rust row type). ``t.to_frame()`` gives a pandas frame
/// (``backend="polars"`` a polars one). Exact decimals are ``decimal.Decimal``; a recognition
/// level is ``"ntm"``, ``"nang_cao"`` (nâng cao), ``"kieu_mau"`` (kiểu mẫu) or ``""``.
///
/// >>> import ntm_criteria as ntm
/// >>> t = ntm.CommuneTable.from_csv_text("code,met_count\nA,19\nB,17\nC,18\n")
/// >>> near = t.nearest_to_standard(5)
/// >>> near
/// <Table nearest_to_standard: 2 rows × 7 columns>
/// >>> [(r["code"], r["missing_count"]) for r in near]
/// [('C', 1), ('B', 2)]
/// >>> near.to_frame()[["code", "met_count", "missing_count"]].to_string(index=False)
/// 'code  met_count  missing_count\n   C         18              1\n   B         17              2'
/// >>> near.name, near.columns
/// ('nearest_to_standard', ['code', 'name', 'district', 'met_count', 'missing_count', 'missing', 'recognition'])
#[pyclass(module = "ntm_criteria._ntm_criteria", name = "Table", frozen)]
pub(crate) struct PyTable {
    name: String,
    columns: Vec<String>,
    rows: Vec<Map<String, Value>>,
}

impl PyTable {
    fn new<T: Serialize>(name: &str, columns: &[&str], rows: &[T]) -> PyResult<PyTable> {
        let rows = rows
            .iter()
            .map(|r| match serde_json::to_value(r) {
                Ok(Value::Object(m)) => Ok(m),
                Ok(other) => Err(internal(format!("a row of {name} is not an object: {other}"))),
                Err(e) => Err(internal(e)),
            })
            .collect::<PyResult<Vec<_>>>()?;
        Ok(PyTable { name: name.to_string(), columns: columns.iter().map(|c| c.to_string()).collect(), rows })
    }

    /// Adds the criterion names (columns `name_vi`, `name_en`) after column `number`.
    fn with_names(mut self, names: Option<&Names>) -> PyTable {
        let Some(names) = names else { return self };
        for row in &mut self.rows {
            let number = row.get("number").and_then(Value::as_u64).and_then(|n| usize::try_from(n).ok());
            let c = number.and_then(|n| n.checked_sub(1)).and_then(|i| names.get(i));
            row.insert("name_vi".into(), c.map(|c| Value::from(c.0.clone())).unwrap_or(Value::Null));
            row.insert("name_en".into(), c.map(|c| Value::from(c.1.clone())).unwrap_or(Value::Null));
        }
        let at = self.columns.iter().position(|c| c == "number").map(|i| i + 1).unwrap_or(self.columns.len());
        for (i, n) in NAMES.iter().enumerate() {
            self.columns.insert(at + i, n.to_string());
        }
        self
    }

    fn cell<'py>(&self, py: Python<'py>, row: &Map<String, Value>, column: &str) -> PyResult<Bound<'py, PyAny>> {
        value_to_py(py, column, row.get(column).unwrap_or(&Value::Null))
    }

    fn row_dict<'py>(&self, py: Python<'py>, row: &Map<String, Value>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for c in &self.columns {
            d.set_item(c, self.cell(py, row, c)?)?;
        }
        Ok(d)
    }

    /// The columns of the frame: a column of objects (the `numbers` of a finding) becomes one
    /// column per key, in key order, at its place.
    fn frame_columns<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for c in &self.columns {
            let nested = self.rows.iter().any(|r| matches!(r.get(c), Some(Value::Object(m)) if !is_fixed(m)));
            if !nested {
                let l = PyList::empty(py);
                for r in &self.rows {
                    l.append(self.cell(py, r, c)?)?;
                }
                d.set_item(c, l)?;
                continue;
            }
            let mut keys: Vec<&String> =
                self.rows.iter().filter_map(|r| r.get(c).and_then(Value::as_object)).flat_map(|m| m.keys()).collect();
            keys.sort();
            keys.dedup();
            for k in keys {
                let name = if self.columns.iter().any(|x| x == k) { format!("{c}.{k}") } else { k.clone() };
                let l = PyList::empty(py);
                for r in &self.rows {
                    let v = r.get(c).and_then(Value::as_object).and_then(|m| m.get(k)).unwrap_or(&Value::Null);
                    l.append(value_to_py(py, k, v)?)?;
                }
                d.set_item(name, l)?;
            }
        }
        Ok(d)
    }
}

/// Whether a JSON object is a serialised [`Fixed`] (`{"units": …, "scale": …}`).
fn is_fixed(m: &Map<String, Value>) -> bool {
    m.len() == 2 && m.contains_key("units") && m.contains_key("scale")
}

/// A serialised core value as a Python value: `Fixed` → `Decimal`, recognition levels as
/// `RecognitionLevel::as_str` (as in `CommuneTable.to_frame`).
fn value_to_py<'py>(py: Python<'py>, column: &str, v: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match v {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.into_pyobject(py)?.into_any()
            } else if let Some(u) = n.as_u64() {
                u.into_pyobject(py)?.into_any()
            } else {
                n.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any()
            }
        }
        Value::String(s) if column.starts_with("recognition") => {
            match serde_json::from_value::<RecognitionLevel>(v.clone()) {
                Ok(level) => level.as_str().into_pyobject(py)?.into_any(),
                Err(_) => s.into_pyobject(py)?.into_any(),
            }
        }
        Value::String(s) => s.into_pyobject(py)?.into_any(),
        Value::Array(a) => {
            let l = PyList::empty(py);
            for x in a {
                l.append(value_to_py(py, column, x)?)?;
            }
            l.into_any()
        }
        Value::Object(m) if is_fixed(m) => {
            let f: Fixed = serde_json::from_value(v.clone()).map_err(internal)?;
            decimal(py, f)?
        }
        Value::Object(m) => {
            let d = PyDict::new(py);
            for (k, x) in m {
                d.set_item(k, value_to_py(py, k, x)?)?;
            }
            d.into_any()
        }
    })
}

/// A serialisable core value as Python (dicts, lists, `Decimal`).
fn serde_to_py<'py, T: Serialize>(py: Python<'py>, v: &T) -> PyResult<Bound<'py, PyAny>> {
    value_to_py(py, "", &serde_json::to_value(v).map_err(internal)?)
}

fn to_json<T: Serialize>(v: &T) -> PyResult<String> {
    serde_json::to_string(v).map_err(internal)
}

fn frame<'py>(py: Python<'py>, columns: Bound<'py, PyDict>, backend: &str) -> PyResult<Bound<'py, PyAny>> {
    py.import("ntm_criteria._frames")?.getattr("make_frame")?.call1((columns, backend))
}

#[pymethods]
impl PyTable {
    /// What the table is (``"nearest_to_standard"``, ``"most_missed"``, ``"findings"``, …).
    #[getter]
    fn name(&self) -> &str {
        &self.name
    }

    /// The column names, in order.
    #[getter]
    fn columns(&self) -> Vec<String> {
        self.columns.clone()
    }

    /// The rows as a list of dicts.
    ///
    /// >>> CommuneTable.from_csv_text("code,met_count\nA,19\nB,17\n").nearest_to_standard().to_dicts()
    /// [{'code': 'B', 'name': '', 'district': '', 'met_count': 17, 'missing_count': 2, 'missing': None, 'recognition': ''}]
    fn to_dicts<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyDict>>> {
        guard(|| self.rows.iter().map(|r| self.row_dict(py, r)).collect())
    }

    /// A pandas (``backend="pandas"``) or polars frame, one row per row of the table. A column
    /// of dicts (the ``numbers`` of a finding) becomes one column per key.
    ///
    /// >>> t = CommuneTable.from_csv_text("code,met_count\nA,19\nB,17\nC,18\n")
    /// >>> t.nearest_to_standard().to_frame(backend="polars")["code"].to_list()
    /// ['C', 'B']
    #[pyo3(signature = (*, backend = "pandas"))]
    fn to_frame<'py>(&self, py: Python<'py>, backend: &str) -> PyResult<Bound<'py, PyAny>> {
        guard(|| frame(py, self.frame_columns(py)?, backend))
    }

    /// The rows as JSON (decimals as ``units`` and ``scale``, as in the Rust crate).
    ///
    /// >>> CommuneTable.from_csv_text("code,met_count\nB,17\n").nearest_to_standard().to_json()
    /// '[{"code":"B","district":"","met_count":17,"missing":null,"missing_count":2,"name":"","recognition":"none"}]'
    fn to_json(&self) -> PyResult<String> {
        guard(|| to_json(&self.rows))
    }

    fn __len__(&self) -> usize {
        self.rows.len()
    }

    /// Row ``index`` as a dict, or the rows of a slice as a list of dicts.
    fn __getitem__<'py>(&self, py: Python<'py>, index: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        guard(|| {
            let n = self.rows.len() as isize;
            if let Ok(s) = index.cast::<PySlice>() {
                let ind = s.indices(n)?;
                let l = PyList::empty(py);
                let mut i = ind.start;
                for _ in 0..ind.slicelength {
                    if let Some(r) = usize::try_from(i).ok().and_then(|i| self.rows.get(i)) {
                        l.append(self.row_dict(py, r)?)?;
                    }
                    i += ind.step;
                }
                return Ok(l.into_any());
            }
            let index: isize =
                index.extract().map_err(|_| PyTypeError::new_err("a table is indexed by a row number or a slice"))?;
            let i = if index < 0 { index + n } else { index };
            match usize::try_from(i).ok().and_then(|i| self.rows.get(i)) {
                Some(r) => Ok(self.row_dict(py, r)?.into_any()),
                None => Err(PyIndexError::new_err(format!("row {index} of a table of {n} rows"))),
            }
        })
    }

    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        guard(|| Ok(PyList::new(py, self.to_dicts(py)?)?.try_iter()?.into_any()))
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<PyTable>()
            .map(|o| {
                let o = o.get();
                o.name == self.name && o.columns == self.columns && o.rows == self.rows
            })
            .unwrap_or(false)
    }

    fn __repr__(&self) -> String {
        format!("<Table {}: {} rows × {} columns>", self.name, self.rows.len(), self.columns.len())
    }

    /// A small HTML table for Jupyter (the first 20 rows).
    fn _repr_html_(&self, py: Python<'_>) -> PyResult<String> {
        guard(|| {
            let mut h = format!(
                "<div class=\"ntm-table\"><p><code>{}</code>: {} rows</p><table><thead><tr>",
                html(&self.name),
                self.rows.len()
            );
            for c in &self.columns {
                h.push_str(&format!("<th>{}</th>", html(c)));
            }
            h.push_str("</tr></thead><tbody>");
            for r in self.rows.iter().take(20) {
                h.push_str("<tr>");
                for c in &self.columns {
                    let v = self.cell(py, r, c)?;
                    let text = if v.is_none() { String::new() } else { v.str()?.to_string() };
                    h.push_str(&format!("<td>{}</td>", html(&text)));
                }
                h.push_str("</tr>");
            }
            if self.rows.len() > 20 {
                h.push_str(&format!("<tr><td colspan=\"{}\">…</td></tr>", self.columns.len()));
            }
            h.push_str("</tbody></table></div>");
            Ok(h)
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Planning on a table (called by CommuneTable and Snapshot)
// ---------------------------------------------------------------------------------------------

pub(crate) fn nearest(t: &CommuneTable, n: usize) -> PyResult<PyTable> {
    PyTable::new("nearest_to_standard", NEAR, &t.nearest_to_standard(n))
}

pub(crate) fn most_missed(t: &CommuneTable, names: Option<&Names>) -> PyResult<PyTable> {
    let rows = t.most_missed().map_err(err)?;
    Ok(PyTable::new("most_missed", MISSED, &rows)?.with_names(names))
}

pub(crate) fn target_gap(
    t: &CommuneTable,
    target: Option<u64>,
    more: Option<u64>,
    names: Option<Names>,
) -> PyResult<PyTargetGap> {
    let target = match (target, more) {
        (Some(t), None) => t,
        (None, Some(m)) => t.status_summary().meeting_all.saturating_add(m),
        _ => return Err(PyTypeError::new_err("give either target (communes at the standard in all) or more=N")),
    };
    Ok(PyTargetGap { inner: t.target_gap(target), names })
}

pub(crate) fn status(t: &CommuneTable) -> PyStatusSummary {
    PyStatusSummary { inner: t.status_summary() }
}

/// The criterion names of the bundled set `id`, when it has `n` criteria.
fn bundled_names(id: &str, n: u32) -> Option<Names> {
    CriteriaSet::bundled(id).ok().filter(|s| s.criteria_count() == n).map(names_of)
}

/// A criteria set given as a `CriteriaSet` or the name (or path) of a set.
pub(crate) fn set_arg(obj: &Bound<'_, PyAny>) -> PyResult<Arc<CriteriaSet>> {
    if let Ok(s) = obj.cast::<crate::catalog::PySet>() {
        return Ok(Arc::clone(&s.get().inner));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return CriteriaSet::load(&s.to_cow()?).map(Arc::new).map_err(err);
    }
    Err(PyTypeError::new_err("criteria_set must be a CriteriaSet or the name of a bundled set"))
}

// ---------------------------------------------------------------------------------------------
// StatusSummary
// ---------------------------------------------------------------------------------------------

#[derive(Serialize)]
struct StatusRow {
    status: String,
    label_vi: String,
    label_en: String,
    communes: u64,
    codes: Option<Vec<String>>,
}

fn status_rows(s: &StatusSummary) -> Vec<StatusRow> {
    let n = s.criteria_count;
    let row = |status: &str, vi: String, en: String, communes: u64, codes: Option<&Vec<String>>| StatusRow {
        status: status.to_string(),
        label_vi: vi,
        label_en: en,
        communes,
        codes: codes.cloned(),
    };
    let mut rows = vec![
        row("communes", "Tổng số xã".into(), "Communes".into(), s.communes, None),
        row(
            "meeting_all",
            format!("Số xã đạt {n}/{n} tiêu chí"),
            format!("Meeting all {n} criteria"),
            s.meeting_all,
            None,
        ),
        row("recognised", "Số xã được công nhận đạt chuẩn".into(), "Recognised (any level)".into(), s.recognised, None),
        row("recognised_ntm", "Đạt chuẩn nông thôn mới".into(), "Recognised as NTM".into(), s.recognised_ntm, None),
        row(
            "recognised_nang_cao",
            "Đạt chuẩn NTM nâng cao".into(),
            "Recognised at the advanced level (nâng cao)".into(),
            s.recognised_nang_cao,
            None,
        ),
        row(
            "recognised_kieu_mau",
            "Đạt chuẩn NTM kiểu mẫu".into(),
            "Recognised as a model commune (kiểu mẫu)".into(),
            s.recognised_kieu_mau,
            None,
        ),
        row(
            "meeting_all_not_recognised",
            format!("Đạt {n}/{n} tiêu chí, chưa được thẩm định công nhận"),
            "Meeting all criteria, not (yet) recognised".into(),
            s.meeting_all_not_recognised,
            Some(&s.meeting_all_not_recognised_codes),
        ),
        row(
            "recognised_below_all",
            "Đã được công nhận, chưa giữ vững đủ tiêu chí".into(),
            "Recognised, no longer meeting all criteria".into(),
            s.recognised_below_all,
            Some(&s.recognised_below_all_codes),
        ),
    ];
    for (y, c) in &s.recognitions_by_year {
        rows.push(row(
            &format!("recognised_in_{y}"),
            format!("Được công nhận năm {y}"),
            format!("Recognised in {y}"),
            *c,
            None,
        ));
    }
    rows.push(row(
        "recognised_year_unknown",
        "Được công nhận, không rõ năm".into(),
        "Recognised, year not given".into(),
        s.recognised_year_unknown,
        None,
    ));
    rows
}

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

#[pymethods]
impl PyStatusSummary {
    /// Number of communes.
    #[getter]
    fn communes(&self) -> u64 {
        self.inner.communes
    }
    /// Number of criteria of the set.
    #[getter]
    fn criteria_count(&self) -> u32 {
        self.inner.criteria_count
    }
    /// Communes meeting every criterion (19/19), recognised or not.
    #[getter]
    fn meeting_all(&self) -> u64 {
        self.inner.meeting_all
    }
    /// Communes recognised at any level (đã được công nhận).
    #[getter]
    fn recognised(&self) -> u64 {
        self.inner.recognised
    }
    /// Recognised as NTM (đạt chuẩn nông thôn mới).
    #[getter]
    fn recognised_ntm(&self) -> u64 {
        self.inner.recognised_ntm
    }
    /// Recognised at the advanced level (NTM nâng cao).
    #[getter]
    fn recognised_nang_cao(&self) -> u64 {
        self.inner.recognised_nang_cao
    }
    /// Recognised as a model commune (NTM kiểu mẫu).
    #[getter]
    fn recognised_kieu_mau(&self) -> u64 {
        self.inner.recognised_kieu_mau
    }
    /// Meeting every criterion but not (yet) recognised (chưa được thẩm định công nhận).
    #[getter]
    fn meeting_all_not_recognised(&self) -> u64 {
        self.inner.meeting_all_not_recognised
    }
    /// Their codes, in table order.
    #[getter]
    fn meeting_all_not_recognised_codes(&self) -> Vec<String> {
        self.inner.meeting_all_not_recognised_codes.clone()
    }
    /// Recognised but no longer meeting every criterion (chưa giữ vững đủ tiêu chí).
    #[getter]
    fn recognised_below_all(&self) -> u64 {
        self.inner.recognised_below_all
    }
    /// Their codes, in table order.
    #[getter]
    fn recognised_below_all_codes(&self) -> Vec<String> {
        self.inner.recognised_below_all_codes.clone()
    }
    /// Recognised communes per year of the recognition decision.
    #[getter]
    fn recognitions_by_year(&self) -> BTreeMap<u16, u64> {
        self.inner.recognitions_by_year.clone()
    }
    /// Recognised communes whose year is not given.
    #[getter]
    fn recognised_year_unknown(&self) -> u64 {
        self.inner.recognised_year_unknown
    }
    /// Recognitions in ``year`` (0 when none): "02 xã được công nhận năm 2020" is
    /// ``recognitions_in(2020) == 2``.
    ///
    /// >>> s = read_communes("examples/data/lang_son_2020_end.csv").status_summary()  # end of 2020
    /// >>> s.recognitions_in(2020), s.recognitions_in(2021)
    /// (13, 0)
    fn recognitions_in(&self, year: u16) -> u64 {
        self.inner.recognitions_in(year)
    }
    /// One row per status: ``status``, ``label_vi``, ``label_en``, ``communes``, ``codes``.
    #[getter]
    fn table(&self) -> PyResult<PyTable> {
        guard(|| PyTable::new("status", STATUS, &status_rows(&self.inner)))
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
    fn _repr_html_(&self) -> PyResult<String> {
        guard(|| {
            let mut h = String::from(
                "<div class=\"ntm-status\"><table><thead><tr><th>Tình trạng</th><th>Status</th><th>Số xã (communes)</th></tr></thead><tbody>",
            );
            for r in status_rows(&self.inner) {
                h.push_str(&format!(
                    "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                    html(&r.label_vi),
                    html(&r.label_en),
                    r.communes
                ));
            }
            h.push_str("</tbody></table></div>");
            Ok(h)
        })
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
    names: Option<Names>,
}

#[pymethods]
impl PyTargetGap {
    /// The target: communes meeting every criterion.
    #[getter]
    fn target(&self) -> u64 {
        self.inner.target
    }
    /// Communes meeting every criterion now.
    #[getter]
    fn meeting_all(&self) -> u64 {
        self.inner.meeting_all
    }
    /// Communes that must still reach the standard.
    #[getter]
    fn needed(&self) -> u64 {
        self.inner.needed
    }
    /// Whether the table has that many communes below the standard.
    #[getter]
    fn reachable(&self) -> bool {
        self.inner.reachable
    }
    /// Criteria the chosen communes must gain in all.
    #[getter]
    fn criteria_to_gain(&self) -> u64 {
        self.inner.criteria_to_gain
    }
    /// Chosen communes whose criteria are not listed (left out of ``per_criterion``).
    #[getter]
    fn lists_unknown(&self) -> u64 {
        self.inner.lists_unknown
    }
    /// The communes that would meet the target, nearest first (the columns of
    /// ``nearest_to_standard``).
    #[getter]
    fn communes(&self) -> PyResult<PyTable> {
        guard(|| PyTable::new("target_gap", NEAR, &self.inner.communes))
    }
    /// Per criterion, how many of those communes miss it, most first.
    #[getter]
    fn per_criterion(&self) -> PyResult<PyTable> {
        guard(|| {
            Ok(PyTable::new("target_gap_per_criterion", NEED, &self.inner.per_criterion)?
                .with_names(self.names.as_ref()))
        })
    }
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

impl PySnapshot {
    fn names(&self) -> Option<Names> {
        bundled_names(&self.inner.set_id, self.inner.table.criteria_count)
    }
}

#[pymethods]
impl PySnapshot {
    #[new]
    #[pyo3(signature = (table, set_id, *, date = None))]
    fn new(table: PyRef<'_, PyCommuneTable>, set_id: &Bound<'_, PyAny>, date: Option<&str>) -> PyResult<PySnapshot> {
        guard(|| {
            let id = match set_id.cast::<crate::catalog::PySet>() {
                Ok(s) => s.get().inner.id().to_string(),
                Err(_) => set_id.extract::<String>().map_err(|_| {
                    PyTypeError::new_err("set_id must be the id of a criteria set (\"2016-2020\") or a CriteriaSet")
                })?,
            };
            let mut s = Snapshot::new((*table.inner).clone(), &id);
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

    /// The date, ``YYYY-MM-DD``, or ``None``.
    #[getter]
    fn date(&self) -> Option<String> {
        self.inner.date.clone()
    }
    /// The id of the criteria set (``"2016-2020"``).
    #[getter]
    fn set_id(&self) -> String {
        self.inner.set_id.clone()
    }
    /// Number of criteria.
    #[getter]
    fn criteria_count(&self) -> u32 {
        self.inner.table.criteria_count
    }
    /// The communes table.
    #[getter]
    fn table(&self) -> PyCommuneTable {
        PyCommuneTable { inner: Arc::new(self.inner.table.clone()), source: self.source.clone() }
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
            let b = banding
                .map(|b| b.inner.clone())
                .unwrap_or_else(|| Banding::default_for(self.inner.table.criteria_count));
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
        guard(|| most_missed(&self.inner.table, self.names().as_ref()))
    }
    /// ``CommuneTable.target_gap`` of the snapshot's table.
    ///
    /// >>> g = Snapshot.from_path("examples/data/lang_son_2020.csv").target_gap(61)
    /// >>> g.needed, g.reachable, g.criteria_to_gain
    /// (10, True, 37)
    #[pyo3(signature = (target = None, *, more = None))]
    fn target_gap(&self, target: Option<u64>, more: Option<u64>) -> PyResult<PyTargetGap> {
        guard(|| target_gap(&self.inner.table, target, more, self.names()))
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
    names: Option<Names>,
}

#[pymethods]
impl PyComparison {
    /// The criteria set of both snapshots.
    #[getter]
    fn set_id(&self) -> String {
        self.inner.set_id.clone()
    }
    /// Number of criteria.
    #[getter]
    fn criteria_count(&self) -> u32 {
        self.inner.criteria_count
    }
    /// Date of the earlier snapshot.
    #[getter]
    fn date_before(&self) -> Option<String> {
        self.inner.date_before.clone()
    }
    /// Date of the later snapshot.
    #[getter]
    fn date_after(&self) -> Option<String> {
        self.inner.date_after.clone()
    }
    /// Days between them, when both dates are given.
    #[getter]
    fn days(&self) -> Option<i64> {
        self.inner.days
    }
    /// Summary of the earlier snapshot.
    #[getter]
    fn before(&self) -> PySummary {
        PySummary { inner: self.inner.before.clone() }
    }
    /// Summary of the later snapshot.
    #[getter]
    fn after(&self) -> PySummary {
        PySummary { inner: self.inner.after.clone() }
    }
    /// Codes of communes newly meeting every criterion (xã mới đạt chuẩn), matched one to one.
    #[getter]
    fn newly_meeting(&self) -> Vec<String> {
        self.inner.newly_meeting.clone()
    }
    /// Codes of communes that met every criterion and no longer do (xã "rớt" tiêu chí).
    #[getter]
    fn fell_from_standard(&self) -> Vec<String> {
        self.inner.fell_from_standard.clone()
    }
    /// Codes of communes not recognised before and recognised after.
    #[getter]
    fn newly_recognised(&self) -> Vec<String> {
        self.inner.newly_recognised.clone()
    }
    /// Matched communes with no change.
    #[getter]
    fn unchanged(&self) -> u64 {
        self.inner.unchanged
    }
    /// Mapping keys that are not codes of the earlier snapshot.
    #[getter]
    fn unused_mapping(&self) -> Vec<String> {
        self.inner.unused_mapping.clone()
    }
    /// Change in communes meeting every criterion.
    #[getter]
    fn meeting_standard_change(&self) -> i64 {
        self.inner.meeting_standard_change
    }
    /// Change in total criteria met.
    #[getter]
    fn total_criteria_change(&self) -> i64 {
        self.inner.total_criteria_change
    }
    /// Change in the average criteria per commune, exact (not the difference of two rounded
    /// averages), ``Decimal``.
    #[getter]
    fn average_change<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        decimal(py, self.inner.average_change)
    }
    /// Rates per year (change × 365 / days) when both dates are given and differ: a dict with
    /// ``days``, ``meeting_standard``, ``average``, ``total_criteria`` (``Decimal``), or ``None``.
    #[getter]
    fn per_year<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        guard(|| serde_to_py(py, &self.inner.per_year))
    }
    /// Every matched commune whose criteria or recognition changed: ``gained`` and ``lost``
    /// criteria, recognition before and after.
    #[getter]
    fn changes(&self) -> PyResult<PyTable> {
        guard(|| PyTable::new("changes", CHANGE, &self.inner.changes))
    }
    /// Per band of the banding: communes before, after, change (labels in Vietnamese and English).
    #[getter]
    fn bands(&self) -> PyResult<PyTable> {
        guard(|| PyTable::new("bands", BAND_CHANGE, &self.inner.bands))
    }
    /// Per criterion (when both snapshots list every commune's criteria): communes meeting it
    /// before and after, and how many gained or lost it; ``None`` otherwise.
    #[getter]
    fn criteria(&self) -> PyResult<Option<PyTable>> {
        guard(|| {
            self.inner
                .criteria
                .as_ref()
                .map(|c| Ok(PyTable::new("criteria", CRITERION_CHANGE, c)?.with_names(self.names.as_ref())))
                .transpose()
        })
    }
    /// Communes formed from several earlier ones (sáp nhập).
    #[getter]
    fn merged(&self) -> PyResult<PyTable> {
        guard(|| PyTable::new("merged", MERGER, &self.inner.merged))
    }
    /// Communes of the earlier snapshot with no counterpart.
    #[getter]
    fn only_before(&self) -> PyResult<PyTable> {
        guard(|| PyTable::new("only_before", UNMATCHED, &self.inner.only_before))
    }
    /// Communes of the later snapshot with no counterpart.
    #[getter]
    fn only_after(&self) -> PyResult<PyTable> {
        guard(|| PyTable::new("only_after", UNMATCHED, &self.inner.only_after))
    }
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
    fn _repr_html_(&self) -> PyResult<String> {
        guard(|| {
            let c = &self.inner;
            let mut h = format!(
                "<div class=\"ntm-comparison\"><p>{} → {}: đạt chuẩn/meeting all <b>{} → {}</b> · bình quân/average <b>{} → {}</b> tiêu chí/xã · xã mới đạt chuẩn/newly meeting <b>{}</b> · xã rớt chuẩn/fell from the standard <b>{}</b></p>",
                html(c.date_before.as_deref().unwrap_or("?")),
                html(c.date_after.as_deref().unwrap_or("?")),
                c.before.meeting_standard,
                c.after.meeting_standard,
                c.before.average.to_vi(),
                c.after.average.to_vi(),
                c.newly_meeting.len(),
                c.fell_from_standard.len()
            );
            h.push_str("<table><thead><tr><th>Số tiêu chí đạt (band)</th><th>Trước (before)</th><th>Sau (after)</th><th>Thay đổi (change)</th></tr></thead><tbody>");
            for b in &c.bands {
                h.push_str(&format!(
                    "<tr><td>{}</td><td>{}</td><td>{}</td><td>{:+}</td></tr>",
                    html(&b.label_vi),
                    b.before,
                    b.after,
                    b.change
                ));
            }
            h.push_str("</tbody></table></div>");
            Ok(h)
        })
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
        let banding = banding.map(|b| b.inner.clone()).unwrap_or_else(|| Banding::default_for(b.table.criteria_count));
        let options = SummaryOptions::checked(precision, sum_to_100).map_err(err)?;
        let c = py.detach(|| compare_with(b, a, mapping.as_ref(), &banding, options)).map_err(err)?;
        Ok(PyComparison { inner: c, names: after.names() })
    })
}

// ---------------------------------------------------------------------------------------------
// PublishedReport and audit
// ---------------------------------------------------------------------------------------------

/// A Python value as JSON for the core's serde form of `PublishedReport`: `Decimal` →
/// `{"units", "scale"}`, a `PublishedReport` → its fields, tuples → lists, dict keys → text.
fn py_to_value(obj: &Bound<'_, PyAny>, loc: &str) -> Result<Value, Box<Problem>> {
    let bad = |msg: String| Box::new(Problem::new(loc, "invalid_type", msg).with_input(short_repr(obj)));
    if obj.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if obj.is_instance_of::<PyInt>() {
        if let Ok(i) = obj.extract::<i64>() {
            return Ok(Value::from(i));
        }
        return obj.extract::<u64>().map(Value::from).map_err(|_| bad("the number is too large".into()));
    }
    if obj.is_instance_of::<PyFloat>() {
        let x: f64 = obj.extract::<f64>().map_err(|e| bad(e.to_string()))?;
        // The core refuses a float with a message that says why (an inexact figure).
        return serde_json::Number::from_f64(x).map(Value::Number).ok_or_else(|| bad(format!("{x} is not a figure")));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return s.to_cow().map(|s| Value::from(s.into_owned())).map_err(|e| bad(e.to_string()));
    }
    if let Ok(r) = obj.cast::<PyPublishedReport>() {
        return serde_json::to_value(&r.get().inner).map_err(|e| bad(e.to_string()));
    }
    if let Ok(d) = obj.cast::<PyDict>() {
        let mut m = Map::new();
        for (k, v) in d.iter() {
            let key = if let Ok(s) = k.cast::<PyString>() {
                s.to_cow().map(|s| s.into_owned()).map_err(|e| bad(e.to_string()))?
            } else if k.is_instance_of::<PyInt>() && !k.is_instance_of::<PyBool>() {
                k.str().map(|s| s.to_string()).map_err(|e| bad(e.to_string()))?
            } else {
                return Err(bad(format!("a key must be a str (or a criterion number), not {}", short_repr(&k))));
            };
            let sub = if loc.is_empty() { key.clone() } else { format!("{loc}.{key}") };
            m.insert(key, py_to_value(&v, &sub)?);
        }
        return Ok(Value::Object(m));
    }
    if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
        let mut out = Vec::new();
        for (i, x) in obj.try_iter().map_err(|e| bad(e.to_string()))?.enumerate() {
            let x = x.map_err(|e| bad(e.to_string()))?;
            out.push(py_to_value(&x, &format!("{loc}[{i}]"))?);
        }
        return Ok(Value::Array(out));
    }
    let decimal_type = obj.py().import("decimal").and_then(|m| m.getattr("Decimal"));
    let is_decimal = decimal_type.and_then(|t| obj.is_instance(&t)).unwrap_or(false);
    if is_decimal {
        return decimal_value(obj).map_err(bad);
    }
    Err(bad(format!(
        "{} is not a figure: give a whole number, the printed text (\"11,66\") or a Decimal",
        obj.get_type().name().map(|n| n.to_string()).unwrap_or_default()
    )))
}

/// A `decimal.Decimal` as `{"units", "scale"}` (exact, from its digits).
fn decimal_value(obj: &Bound<'_, PyAny>) -> Result<Value, String> {
    let t = obj.call_method0("as_tuple").map_err(|e| e.to_string())?;
    let (sign, digits, exponent) = t.extract::<(u8, Vec<u8>, Bound<'_, PyAny>)>().map_err(|e| e.to_string())?;
    let exponent = exponent.extract::<i64>().map_err(|_| "not a finite number".to_string())?;
    let mut units: i64 = 0;
    for d in digits {
        units = units.checked_mul(10).and_then(|u| u.checked_add(i64::from(d))).ok_or("too many digits")?;
    }
    let scale = if exponent >= 0 {
        for _ in 0..exponent {
            units = units.checked_mul(10).ok_or("too large")?;
        }
        0
    } else {
        u8::try_from(-exponent).map_err(|_| "too many decimals".to_string())?
    };
    if sign == 1 {
        units = -units;
    }
    Ok(serde_json::json!({"units": units, "scale": scale}))
}

fn short_repr(obj: &Bound<'_, PyAny>) -> String {
    let r = obj.repr().map(|r| r.to_string()).unwrap_or_default();
    if r.chars().count() > 80 { format!("{}…", r.chars().take(80).collect::<String>()) } else { r }
}

/// A `PublishedReport` from its serde form; on failure every problem (each field, each band).
fn report_from_value(v: &Value) -> PyResult<PublishedReport> {
    if let Ok(r) = serde_json::from_value::<PublishedReport>(v.clone()) {
        return Ok(r);
    }
    let mut problems = Vec::new();
    let Value::Object(m) = v else {
        return Err(validation("published report", vec![Problem::new("report", "invalid_type", "a report is a dict")]));
    };
    let mut check = |sub: Value, loc: &str, input: &Value| {
        if let Err(e) = serde_path_to_error::deserialize::<_, PublishedReport>(sub) {
            let path = e.path().to_string();
            let loc = if path.is_empty() || path == "." { loc.to_string() } else { path };
            let mut msg = e.into_inner().to_string();
            // serde's words for an input of the wrong type, in the words of this API.
            if msg.contains("untagged enum CountRepr") {
                msg = "a count is a whole number or its printed text (\"04\", \"1.586\")".into();
            } else if msg.contains("untagged enum FigureRepr") {
                msg = "a figure is printed text (\"11,66\", \"28,18%\"), a whole number or a Decimal".into();
            }
            let kind = if msg.starts_with("unknown field") {
                "unknown_field"
            } else if msg.contains("cannot parse figure")
                || msg.contains("not an exact figure")
                || msg.starts_with("a count is")
                || msg.starts_with("a figure is")
            {
                "bad_figure"
            } else {
                "invalid_field"
            };
            let input = match input {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            problems.push(Problem::new(loc, kind, msg).with_input(input));
        }
    };
    for (k, x) in m {
        match (k.as_str(), x) {
            ("bands", Value::Array(bands)) => {
                for (i, b) in bands.iter().enumerate() {
                    let mut one = vec![Value::Null; i];
                    one.push(b.clone());
                    // Earlier bands are valid placeholders, so that the path names band `i`.
                    let filler = serde_json::json!({"lo": 0, "hi": 0, "count": 0});
                    for f in one.iter_mut().take(i) {
                        *f = filler.clone();
                    }
                    check(serde_json::json!({"bands": one}), &format!("bands[{i}]"), b);
                }
            }
            _ => check(serde_json::json!({ k: x }), k, x),
        }
    }
    if problems.is_empty() {
        problems.push(Problem::new("report", "invalid_report", "the report cannot be read"));
    }
    Err(validation("published report", problems))
}

/// The report from a positional argument (a dict, a `PublishedReport`, a report sentence or
/// `None`) and keyword arguments (fields, which override those of the argument).
fn report_of(report: Option<&Bound<'_, PyAny>>, fields: Option<&Bound<'_, PyDict>>) -> PyResult<PublishedReport> {
    let mut base = match report {
        None => Value::Object(Map::new()),
        Some(r) if r.is_instance_of::<PyString>() => {
            let text: String = r.extract()?;
            let n = match fields.map(|f| f.get_item("criteria_count")).transpose()?.flatten() {
                Some(n) => n.extract::<u32>()?,
                None => 19,
            };
            serde_json::to_value(PublishedReport::from_sentence(&text, n).map_err(err)?).map_err(internal)?
        }
        Some(r) if r.is_instance_of::<PyDict>() || r.is_instance_of::<PyPublishedReport>() => {
            py_to_value(r, "").map_err(|p| validation("published report", vec![*p]))?
        }
        Some(r) => {
            return Err(PyTypeError::new_err(format!(
                "a report is a dict, a PublishedReport or a report sentence (str), not {}",
                r.get_type().name().map(|n| n.to_string()).unwrap_or_default()
            )));
        }
    };
    if let Some(f) = fields {
        let Value::Object(extra) = py_to_value(f.as_any(), "").map_err(|p| validation("published report", vec![*p]))?
        else {
            return Err(internal("keyword arguments are not a dict"));
        };
        if let Value::Object(m) = &mut base {
            m.extend(extra);
        }
    }
    report_from_value(&base)
}

/// The figures of a published report (số liệu báo cáo), each optional: ``communes``, ``bands``
/// (dicts with ``lo``, ``hi``, ``count``, optional ``share`` and ``label``), ``average``,
/// ``total_criteria``, ``criteria_share``, ``per_criterion`` (``{number: communes}``) and
/// ``criteria_count`` (19 unless told). Figures may be printed text as Vietnamese reports print
/// them (``"11,66"``, ``"2.110"``, ``"04"``, ``"28,18%"``), whole numbers or ``Decimal``; a
/// float is refused (not exact). Build one from a dict or keyword arguments, or from the
/// provincial sentence with ``from_sentence``; ``audit()`` checks it.
///
/// >>> import ntm_criteria as ntm
/// >>> r = ntm.PublishedReport(communes=104, average="14,5", bands=[{"lo": 19, "hi": 19, "count": "57", "share": "54,8%"}])
/// >>> r.communes, r.average, r.bands[0]["share"]
/// (104, Decimal('14.5'), Decimal('54.8'))
/// >>> ntm.PublishedReport({"avg": "11,66", "average": "11.66"})
/// Traceback (most recent call last):
/// ...
/// ntm_criteria.exceptions.ValidationError: 2 problem(s) in published report:
///   - average: cannot parse figure "11.66": a dot separates thousands in Vietnamese figures (1.586 = 1586), so it must be followed by groups of three digits; write a decimal with a comma (11,66) (input: "11.66")
///   - avg: unknown field `avg`, expected one of `criteria_count`, `communes`, `bands`, `average`, `total_criteria`, `criteria_share`, `per_criterion` (input: "11,66")
/// >>> r = ntm.PublishedReport(communes=181, total_criteria="2.110", criteria_share="61,36%", per_criterion={1: 181, 2: 100})
/// >>> r.criteria_count, r.total_criteria, r.criteria_share, r.per_criterion
/// (19, 2110, Decimal('61.36'), {1: 181, 2: 100})
#[pyclass(module = "ntm_criteria._ntm_criteria", name = "PublishedReport", frozen)]
pub(crate) struct PyPublishedReport {
    inner: PublishedReport,
}

#[pymethods]
impl PyPublishedReport {
    #[new]
    #[pyo3(signature = (report = None, /, **fields))]
    fn new(report: Option<&Bound<'_, PyAny>>, fields: Option<&Bound<'_, PyDict>>) -> PyResult<PyPublishedReport> {
        guard(|| Ok(PyPublishedReport { inner: report_of(report, fields)? }))
    }

    /// Reads the report sentence of a provincial office: the average ("số tiêu chí bình quân 01
    /// xã đạt 11,66 tiêu chí/xã") and each band clause ("Số xã đạt 15-18 tiêu chí có 04/181 xã,
    /// chiếm 2,21%"). Raises ``FigureError`` when a figure cannot be read.
    ///
    /// >>> r = PublishedReport.from_sentence("Số tiêu chí bình quân 01 xã đạt 11,66 tiêu chí/xã, cụ thể: Số xã đạt 15-18 tiêu chí có 04/181 xã, chiếm 2,21%")
    /// >>> r.average, r.communes, r.bands
    /// (Decimal('11.66'), 181, [{'count': 4, 'hi': 18, 'label': '15-18', 'lo': 15, 'share': Decimal('2.21')}])
    #[staticmethod]
    #[pyo3(signature = (text, criteria_count = 19))]
    fn from_sentence(text: &str, criteria_count: u32) -> PyResult<PyPublishedReport> {
        guard(|| Ok(PyPublishedReport { inner: PublishedReport::from_sentence(text, criteria_count).map_err(err)? }))
    }

    /// Number of criteria of the set.
    #[getter]
    fn criteria_count(&self) -> u32 {
        self.inner.criteria_count
    }
    /// Total communes, or ``None``.
    #[getter]
    fn communes(&self) -> Option<u64> {
        self.inner.communes
    }
    /// The bands, in report order: dicts with ``lo``, ``hi``, ``count``, ``share`` and ``label``.
    #[getter]
    fn bands<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        guard(|| serde_to_py(py, &self.inner.bands))
    }
    /// Printed average criteria per commune (``Decimal``), or ``None``.
    #[getter]
    fn average<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.inner.average.map(|a| decimal(py, a)).transpose()
    }
    /// Printed total of criteria met, or ``None``.
    #[getter]
    fn total_criteria(&self) -> Option<u64> {
        self.inner.total_criteria
    }
    /// Printed share of all criteria met, percent (``Decimal``), or ``None``.
    #[getter]
    fn criteria_share<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.inner.criteria_share.map(|a| decimal(py, a)).transpose()
    }
    /// Printed communes meeting each criterion, by criterion number.
    #[getter]
    fn per_criterion(&self) -> BTreeMap<u32, u64> {
        self.inner.per_criterion.clone()
    }
    /// The findings of ``audit`` (an empty table for a consistent report).
    ///
    /// >>> [f["kind"] for f in PublishedReport(communes=7, average="12,42").audit()]
    /// ['average_impossible']
    /// >>> len(PublishedReport(communes=181, average="11,66").audit())
    /// 0
    fn audit(&self) -> PyResult<PyTable> {
        guard(|| findings(&self.inner))
    }
    /// The fields as a dict (accepted back by ``PublishedReport`` and ``audit``).
    ///
    /// >>> d = PublishedReport(communes=181, average="11,66").to_dict()
    /// >>> d
    /// {'average': Decimal('11.66'), 'bands': [], 'communes': 181, 'criteria_count': 19, 'criteria_share': None, 'per_criterion': {}, 'total_criteria': None}
    /// >>> PublishedReport(d) == PublishedReport(communes=181, average="11,66")
    /// True
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        guard(|| {
            let d = serde_to_py(py, &self.inner)?;
            d.set_item("per_criterion", self.per_criterion())?;
            Ok(d)
        })
    }
    /// The fields as JSON (the serde form of the Rust ``PublishedReport``).
    ///
    /// >>> PublishedReport(communes=181, average="11,66").to_json()
    /// '{"criteria_count":19,"communes":181,"bands":[],"average":{"units":1166,"scale":2},"total_criteria":null,"criteria_share":null,"per_criterion":{}}'
    fn to_json(&self) -> PyResult<String> {
        guard(|| to_json(&self.inner))
    }
    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<PyPublishedReport>().map(|o| o.get().inner == self.inner).unwrap_or(false)
    }
    fn __repr__(&self) -> String {
        let r = &self.inner;
        let mut parts = vec![format!("criteria_count={}", r.criteria_count)];
        if let Some(c) = r.communes {
            parts.push(format!("communes={c}"));
        }
        if !r.bands.is_empty() {
            parts.push(format!("{} bands", r.bands.len()));
        }
        if let Some(a) = r.average {
            parts.push(format!("average={}", pyrepr(&a.to_vi())));
        }
        if let Some(t) = r.total_criteria {
            parts.push(format!("total_criteria={t}"));
        }
        format!("<PublishedReport {}>", parts.join(", "))
    }
}

fn findings(r: &PublishedReport) -> PyResult<PyTable> {
    PyTable::new("findings", FINDING, &r.audit())
}

/// Audits the figures of a published report (kiểm tra số liệu báo cáo): do they add up? Returns
/// a ``Table`` of findings, one row per inconsistency with its ``kind`` (``bands_do_not_sum``,
/// ``share_mismatch``, ``average_impossible``, … see ``docs/progress-and-audit.md``), a
/// ``message``, the ``bands`` and ``criterion`` involved, the ``numbers`` involved by name
/// (``Decimal``; one column each in ``to_frame()``) and whether ``truncation_explains`` a share
/// or an average. **A consistent report gives an empty table.**
///
/// The report is a dict, keyword arguments (the fields of ``PublishedReport``), a
/// ``PublishedReport``, or the report sentence (read by ``PublishedReport.from_sentence``).
///
/// >>> import ntm_criteria as ntm
/// >>> seed = ("Đến hết tháng 7/2020, số tiêu chí bình quân 01 xã đạt 11,66 tiêu chí/xã, cụ thể: "
/// ...     "Số xã đạt 19 tiêu chí có 51/181 xã, chiếm 28,18%; Số xã đạt 15-18 tiêu chí có 04/181 xã, chiếm 2,21%; "
/// ...     "Số xã đạt 10-14 tiêu chí có 36/181 xã, chiếm 19,89%; Số xã đạt từ 5-9 tiêu chí có 90/181 xã, chiếm 49,72%.")
/// >>> len(ntm.audit(seed))
/// 0
/// >>> f = ntm.audit(communes=7, average="12,42")
/// >>> f[0]["kind"], f[0]["numbers"]["nearest_above"], f[0]["truncation_explains"]
/// ('average_impossible', Decimal('12.43'), True)
/// >>> ntm.audit({"communes": 3, "bands": [{"lo": 19, "hi": 19, "count": 2}]}).to_frame()["kind"].tolist()
/// ['bands_do_not_sum', 'bands_leave_gap']
#[pyfunction]
#[pyo3(signature = (report = None, /, **fields))]
pub(crate) fn audit(report: Option<&Bound<'_, PyAny>>, fields: Option<&Bound<'_, PyDict>>) -> PyResult<PyTable> {
    guard(|| findings(&report_of(report, fields)?))
}
