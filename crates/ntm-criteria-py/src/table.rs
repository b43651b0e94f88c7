//! `Table`: rows of plain values from the core (serialised with serde), handed to Python as
//! dicts, with `to_frame()` for pandas or polars; exact decimals become `decimal.Decimal`.

use ntm_criteria::table::{Table, Tabular, fixed, level_code};
use pyo3::exceptions::{PyIndexError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyList, PySlice};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::convert::decimal;
use crate::errors::guard;

pub(crate) fn internal(what: impl std::fmt::Display) -> PyErr {
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
    inner: Table,
    /// What the table was made from, when that is worth keeping (`audit`: the reports read).
    read: Option<Py<PyList>>,
}

impl From<Table> for PyTable {
    fn from(inner: Table) -> PyTable {
        PyTable { inner, read: None }
    }
}

impl PyTable {
    /// The table of `rows`, with their type's columns.
    pub(crate) fn of<T: Tabular>(name: &str, rows: &[T]) -> PyResult<PyTable> {
        Table::of(name, rows).map(PyTable::from).map_err(internal)
    }

    /// The table with `read`: what it was made from.
    pub(crate) fn with_read(mut self, read: Bound<'_, PyList>) -> PyTable {
        self.read = Some(read.unbind());
        self
    }

    fn row_dict<'py>(&self, py: Python<'py>, row: &Map<String, Value>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for c in &self.inner.columns {
            d.set_item(c, value_to_py(py, c, Table::cell(row, c))?)?;
        }
        Ok(d)
    }

    /// The columns of the frame ([`Table::flat_columns`]).
    fn frame_columns<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for (name, key, cells) in self.inner.flat_columns() {
            let l = PyList::empty(py);
            for v in cells {
                l.append(value_to_py(py, &key, v)?)?;
            }
            d.set_item(name, l)?;
        }
        Ok(d)
    }
}

/// A serialised core value as a Python value: `Fixed` → `Decimal`, recognition levels as
/// `RecognitionLevel::as_str` ([`level_code`], as in `CommuneTable.to_frame`).
pub(crate) fn value_to_py<'py>(py: Python<'py>, field: &str, v: &Value) -> PyResult<Bound<'py, PyAny>> {
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
        Value::String(s) => level_code(field, s).unwrap_or(s).into_pyobject(py)?.into_any(),
        Value::Array(a) => {
            let l = PyList::empty(py);
            for x in a {
                l.append(value_to_py(py, field, x)?)?;
            }
            l.into_any()
        }
        Value::Object(m) => match fixed(v) {
            Some(f) => decimal(py, f)?,
            None => {
                let d = PyDict::new(py);
                for (k, x) in m {
                    d.set_item(k, value_to_py(py, k, x)?)?;
                }
                d.into_any()
            }
        },
    })
}

/// A serialisable core value as Python (dicts, lists, `Decimal`).
pub(crate) fn serde_to_py<'py, T: Serialize>(py: Python<'py>, v: &T) -> PyResult<Bound<'py, PyAny>> {
    value_to_py(py, "", &serde_json::to_value(v).map_err(internal)?)
}

pub(crate) fn to_json<T: Serialize>(v: &T) -> PyResult<String> {
    serde_json::to_string(v).map_err(internal)
}

pub(crate) fn frame<'py>(py: Python<'py>, columns: Bound<'py, PyDict>, backend: &str) -> PyResult<Bound<'py, PyAny>> {
    py.import("ntm_criteria._frames")?.getattr("make_frame")?.call1((columns, backend))
}

getters!(PyTable, self;
    /// What the table is (``"nearest_to_standard"``, ``"most_missed"``, ``"findings"``, …).
    name: &str = &self.inner.name;
    /// The column names, in order.
    columns: Vec<String> = self.inner.columns.clone();
);

getters!(PyTable, self, py: 'py;
    /// What the table was made from, or ``None``: for ``audit``, the reports read (one per scope
    /// of a text), so that "nothing found" can be told apart from "nothing read".
    ///
    /// >>> import ntm_criteria as ntm
    /// >>> ntm.audit("Không có số liệu nào.").read
    /// [<PublishedReport criteria_count=19>]
    read: Option<Bound<'py, PyList>> = self.read.as_ref().map(|r| r.bind(py).clone());
);

#[pymethods]
impl PyTable {
    /// The rows as a list of dicts.
    ///
    /// >>> CommuneTable.from_csv_text("code,met_count\nA,19\nB,17\n").nearest_to_standard().to_dicts()
    /// [{'code': 'B', 'name': '', 'district': '', 'met_count': 17, 'missing_count': 2, 'missing': None, 'recognition': ''}]
    fn to_dicts<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyDict>>> {
        guard(|| self.inner.rows.iter().map(|r| self.row_dict(py, r)).collect())
    }

    /// A pandas (``backend="pandas"``) or polars frame, one row per row of the table. A column
    /// of dicts (the ``numbers`` of a finding) becomes one column per key.
    ///
    /// >>> t = CommuneTable.from_csv_text("code,met_count\nA,19\nB,17\nC,18\n")
    /// >>> t.nearest_to_standard().to_frame(backend="polars")["code"].to_list()
    /// ['C', 'B']
    #[pyo3(signature = (*, backend = "pandas"))]
    pub(crate) fn to_frame<'py>(&self, py: Python<'py>, backend: &str) -> PyResult<Bound<'py, PyAny>> {
        guard(|| frame(py, self.frame_columns(py)?, backend))
    }

    /// The rows as JSON (decimals as ``units`` and ``scale``, as in the Rust crate).
    ///
    /// >>> CommuneTable.from_csv_text("code,met_count\nB,17\n").nearest_to_standard().to_json()
    /// '[{"code":"B","district":"","met_count":17,"missing":null,"missing_count":2,"name":"","recognition":"none"}]'
    fn to_json(&self) -> PyResult<String> {
        guard(|| to_json(&self.inner.rows))
    }

    fn __len__(&self) -> usize {
        self.inner.rows.len()
    }

    /// Row ``index`` as a dict, or the rows of a slice as a list of dicts.
    fn __getitem__<'py>(&self, py: Python<'py>, index: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        guard(|| {
            let n = self.inner.rows.len() as isize;
            if let Ok(s) = index.cast::<PySlice>() {
                let ind = s.indices(n)?;
                let l = PyList::empty(py);
                let mut i = ind.start;
                for _ in 0..ind.slicelength {
                    if let Some(r) = usize::try_from(i).ok().and_then(|i| self.inner.rows.get(i)) {
                        l.append(self.row_dict(py, r)?)?;
                    }
                    i += ind.step;
                }
                return Ok(l.into_any());
            }
            let index: isize =
                index.extract().map_err(|_| PyTypeError::new_err("a table is indexed by a row number or a slice"))?;
            let i = if index < 0 { index + n } else { index };
            match usize::try_from(i).ok().and_then(|i| self.inner.rows.get(i)) {
                Some(r) => Ok(self.row_dict(py, r)?.into_any()),
                None => Err(PyIndexError::new_err(format!("row {index} of a table of {n} rows"))),
            }
        })
    }

    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        guard(|| Ok(PyList::new(py, self.to_dicts(py)?)?.try_iter()?.into_any()))
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<PyTable>().map(|o| o.get().inner == self.inner).unwrap_or(false)
    }

    fn __repr__(&self) -> String {
        format!("<Table {}: {} rows × {} columns>", self.inner.name, self.inner.rows.len(), self.inner.columns.len())
    }

    /// A small HTML table for Jupyter (the first 20 rows).
    fn _repr_html_(&self, py: Python<'_>) -> PyResult<String> {
        guard(|| {
            self.inner.html(|c, v| {
                let v = value_to_py(py, c, v)?;
                if v.is_none() { Ok(String::new()) } else { Ok(v.str()?.to_string()) }
            })
        })
    }
}
