//! `IndicatorTable`: communes with indicator values (chỉ tiêu), read from CSV against a
//! criteria set by the core (`ntm_criteria::IndicatorTable`), and assessed by it.

use std::collections::BTreeMap;
use std::sync::Arc;

use ntm_criteria::input::ReadOptions;
use ntm_criteria::{Assessment, Banding, CriteriaSet, IndicatorTable, SummaryOptions};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};

use crate::assess::PyAssessment;
use crate::catalog::{PySet, profile};
use crate::communes::frame_columns;
use crate::errors::{err, guard};
use crate::summary::{PyBanding, PySummary};
use crate::text::pyrepr;

/// A validated table of communes with indicator values (chỉ tiêu), read by
/// ``read_communes(path, criteria_set=...)`` and assessed against that set by the core.
///
/// One column per indicator id (``10``, ``4.2``, ``C1-general-plan``), or ``id:component`` for
/// the two numbers of a two-part indicator (``17.1:hygienic``, ``17.1:clean``); cells such as
/// ``38,5``, ``92%``, ``Đạt`` or ``x`` are read by the rules of ``docs/input-rules.md``, and an
/// empty cell is not assessed. ``assess()`` gives one ``Assessment`` per commune;
/// ``summarize(table)``, ``table.summarize_by("district")`` and ``table.to_frame()`` work as for
/// a ``CommuneTable``.
///
/// >>> import tempfile, pathlib
/// >>> from ntm_criteria import read_communes, summarize
/// >>> path = pathlib.Path(tempfile.mkdtemp()) / "lang_son.csv"
/// >>> _ = path.write_text(
/// ...     "code;district;10;17.1:hygienic;17.1:clean\n"
/// ...     "001;A;38,5;92%;48\n"
/// ...     "002;A;31;;\n"
/// ...     "003;B;40;95;60\n", encoding="utf-8")
/// >>> t = read_communes(path, criteria_set="2016-2020", region="Lạng Sơn")
/// >>> t
/// <IndicatorTable 3 communes, set '2016-2020', from '...lang_son.csv'>
/// >>> [(a.criteria[10], a.criteria[17]) for a in t.assess()]  # 17 needs 17.2… too: not assessed
/// [('met', 'not_met'), ('not_met', 'not_assessed'), ('met', 'not_assessed')]
/// >>> summarize(t).total_criteria
/// 2
/// >>> {k: (s.total, s.total_criteria) for k, s in t.summarize_by("district").items()}
/// {'A': (2, 1), 'B': (1, 1)}
/// >>> t.to_frame()[["code", "region", "c10", "c17", "met_count"]].to_string(index=False)
/// 'code region     c10          c17  met_count\n 001    NMM     met      not_met          1\n 002    NMM not_met not_assessed          0\n 003    NMM     met not_assessed          1'
/// >>> t.codes, t.criteria_count, t.source.endswith("lang_son.csv")
/// (['001', '002', '003'], 19, True)
#[pyclass(module = "ntm_criteria._ntm_criteria", name = "IndicatorTable", frozen)]
pub(crate) struct PyIndicatorTable {
    inner: Arc<IndicatorTable>,
    set: Py<PySet>,
    source: String,
}

impl PyIndicatorTable {
    pub(crate) fn set(&self) -> &Arc<CriteriaSet> {
        &self.set.get().inner
    }

    /// The table at the criterion level, assessed by the core without the GIL.
    pub(crate) fn criterion_table(&self, py: Python<'_>) -> PyResult<ntm_criteria::CommuneTable> {
        let (t, s) = (&self.inner, self.set());
        py.detach(|| t.assessed(s)).map_err(err)
    }

    fn banding(&self, b: Option<&PyBanding>) -> PyResult<Banding> {
        self.set().banding_or(b.map(|b| &b.inner)).map_err(err)
    }

    /// The assessments, computed without the GIL.
    fn assessed(&self, py: Python<'_>) -> PyResult<Vec<Assessment>> {
        let (t, s) = (&self.inner, self.set());
        py.detach(|| t.assess(s)).map_err(err)
    }

    fn columns<'py>(&self, py: Python<'py>, banding: Option<&PyBanding>) -> PyResult<Bound<'py, PyDict>> {
        let (t, set, banding) = (&self.inner, self.set(), self.banding(banding)?);
        frame_columns(py, py.detach(|| t.frame_columns(set, &banding)).map_err(err)?)
    }
}

getters!(PyIndicatorTable, self;
    /// Number of criteria of the set.
    criteria_count: u32 = self.set().criteria_count();
    /// The commune codes (mã xã), in file order.
    codes: Vec<String> = self.inner.records().iter().map(|r| r.code.clone()).collect();
    /// The file it was read from.
    source: &str = &self.source;
);

getters!(PyIndicatorTable, self, py: 'py;
    /// The criteria set the table was read against (and is assessed with).
    criteria_set: Py<PySet> = self.set.clone_ref(py);
);

#[pymethods]
impl PyIndicatorTable {
    /// One ``Assessment`` per commune, in file order (keyed by the commune code).
    ///
    /// >>> import tempfile, pathlib
    /// >>> from ntm_criteria import read_communes
    /// >>> path = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
    /// >>> _ = path.write_text("code;district;10\n001;A;38,5\n002;A;31\n003;B;40\n", encoding="utf-8")
    /// >>> t = read_communes(path, criteria_set="2016-2020", region="NMM")
    /// >>> [a.criteria[10] for a in t.assess()]  # income ≥ 36 in the northern mountains
    /// ['met', 'not_met', 'met']
    fn assess(&self, py: Python<'_>) -> PyResult<Vec<PyAssessment>> {
        guard(|| {
            let set = self.set();
            Ok(self.assessed(py)?.into_iter().map(|a| PyAssessment::full(Arc::clone(set), a)).collect())
        })
    }

    /// The summary of the whole table (the same as ``summarize(table)``). The banding defaults
    /// to the set's.
    ///
    /// >>> import tempfile, pathlib
    /// >>> from ntm_criteria import read_communes
    /// >>> path = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
    /// >>> _ = path.write_text("code;district;10\n001;A;38,5\n002;A;31\n003;B;40\n", encoding="utf-8")
    /// >>> t = read_communes(path, criteria_set="2016-2020", region="NMM")
    /// >>> s = t.summarize()
    /// >>> s.total, s.total_criteria
    /// (3, 2)
    #[pyo3(signature = (*, banding = None, precision = 2, sum_to_100 = false))]
    fn summarize(
        &self,
        py: Python<'_>,
        banding: Option<PyRef<'_, PyBanding>>,
        precision: i64,
        sum_to_100: bool,
    ) -> PyResult<PySummary> {
        guard(|| {
            let b = self.banding(banding.as_deref())?;
            let (t, s) = (&self.inner, self.set());
            let options = SummaryOptions::checked(precision, sum_to_100).map_err(err)?;
            let summary = py.detach(|| t.summary(s, &b, options)).map_err(err)?;
            Ok(PySummary { inner: summary })
        })
    }

    /// Summaries per group, in key order: ``district`` (the default), ``district_code``,
    /// ``province``, ``region``, ``commune_group``, ``recognition``, ``name`` or ``code``. The
    /// region and commune group are those the assessment used.
    ///
    /// >>> import tempfile, pathlib
    /// >>> from ntm_criteria import read_communes
    /// >>> path = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
    /// >>> _ = path.write_text("code;district;10\n001;A;38,5\n002;A;31\n003;B;40\n", encoding="utf-8")
    /// >>> t = read_communes(path, criteria_set="2016-2020", region="NMM")
    /// >>> {k: (s.total, s.total_criteria) for k, s in t.summarize_by("district").items()}
    /// {'A': (2, 1), 'B': (1, 1)}
    #[pyo3(signature = (key = "district", *, banding = None, precision = 2, sum_to_100 = false))]
    fn summarize_by(
        &self,
        py: Python<'_>,
        key: &str,
        banding: Option<PyRef<'_, PyBanding>>,
        precision: i64,
        sum_to_100: bool,
    ) -> PyResult<BTreeMap<String, PySummary>> {
        guard(|| {
            let (t, s, b) = (&self.inner, self.set(), banding.as_deref().map(|b| &b.inner));
            let options = SummaryOptions::checked(precision, sum_to_100).map_err(err)?;
            let by = py.detach(|| t.summary_by_name(s, key, b, options)).map_err(err)?;
            Ok(by.into_iter().map(|(k, s)| (k, PySummary { inner: s })).collect())
        })
    }

    /// A pandas (``backend="pandas"``) or polars frame: one row per commune with the columns
    /// of ``CommuneTable.to_frame`` — ``code``, ``name``, ``district``…, ``region`` and
    /// ``commune_group`` (those the assessment used), ``c1``…``cN`` (``met``, ``not_met``,
    /// ``not_assessed``), ``met_count``, ``band``, ``meets_standard`` and the recognition columns.
    ///
    /// >>> import tempfile, pathlib
    /// >>> from ntm_criteria import read_communes
    /// >>> path = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
    /// >>> _ = path.write_text("code;district;10\n001;A;38,5\n002;A;31\n003;B;40\n", encoding="utf-8")
    /// >>> t = read_communes(path, criteria_set="2016-2020", region="NMM")
    /// >>> t.to_frame()[["code", "c10", "met_count"]].to_string(index=False)
    /// 'code     c10  met_count\n 001     met          1\n 002 not_met          0\n 003     met          1'
    #[pyo3(signature = (*, backend = "pandas", banding = None))]
    fn to_frame<'py>(
        slf: &Bound<'py, Self>,
        backend: &str,
        banding: Option<PyRef<'py, PyBanding>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        guard(|| {
            let py = slf.py();
            let cols = slf.get().columns(py, banding.as_deref())?;
            py.import("ntm_criteria._frames")?.getattr("communes_frame")?.call1((cols, backend))
        })
    }

    /// The columns of ``to_frame`` (numpy arrays and lists).
    #[pyo3(signature = (*, banding = None))]
    fn _columns<'py>(&self, py: Python<'py>, banding: Option<PyRef<'py, PyBanding>>) -> PyResult<Bound<'py, PyDict>> {
        guard(|| self.columns(py, banding.as_deref()))
    }

    fn __len__(&self) -> usize {
        self.inner.len()
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<PyIndicatorTable>().map(|o| *o.get().inner == *self.inner).unwrap_or(false)
    }

    fn __repr__(&self) -> String {
        format!(
            "<IndicatorTable {} communes, set {}, from {}>",
            self.inner.len(),
            pyrepr(self.inner.set_id()),
            pyrepr(&self.source)
        )
    }

    /// A small HTML table for Jupyter (the first 10 communes).
    fn _repr_html_(&self) -> String {
        self.inner.html(&self.source)
    }
}

/// The set of `criteria_set`: a `CriteriaSet`, or a name or path for `CriteriaSet.load`.
fn set_of<'py>(obj: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PySet>> {
    if let Ok(s) = obj.cast::<PySet>() {
        return Ok(s.clone());
    }
    if obj.is_instance_of::<PyString>() || obj.hasattr("__fspath__")? {
        let loaded = obj.py().get_type::<PySet>().call_method1("load", (obj,))?;
        return Ok(loaded.cast_into::<PySet>()?);
    }
    Err(PyTypeError::new_err(format!(
        "criteria_set must be a CriteriaSet, a set name or a path, not {}",
        obj.get_type().name()?
    )))
}

/// The defaults of `read_communes`: region, commune group, ĐBKK flag.
type Defaults<'a, 'py> = (Option<&'a Bound<'py, PyAny>>, Option<&'a Bound<'py, PyAny>>, bool);

/// Reads an indicator-level communes file against a set (`read_communes(path, criteria_set=...)`).
pub(crate) fn read<'py>(
    py: Python<'py>,
    path: std::path::PathBuf,
    criteria_set: &Bound<'py, PyAny>,
    (region, commune_group, disadvantaged): Defaults<'_, 'py>,
    sheet: Option<String>,
    (keep, ignore): (Vec<String>, Vec<String>),
) -> PyResult<Bound<'py, PyAny>> {
    let set = set_of(criteria_set)?;
    let defaults = profile(region, commune_group, disadvantaged)?;
    let core = &set.get().inner;
    let mut options = ReadOptions::indicators(core).defaults(defaults).keep(keep).ignore(ignore);
    options.sheet = sheet;
    let t = py.detach(|| IndicatorTable::read(&path, &options)).map_err(err)?;
    let table = PyIndicatorTable { inner: Arc::new(t), set: set.unbind(), source: path.display().to_string() };
    Ok(Bound::new(py, table)?.into_any())
}
