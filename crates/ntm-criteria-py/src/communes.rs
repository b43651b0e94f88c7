//! `CommuneTable`: communes at the criterion level, read from CSV by the core.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use ntm_criteria::{CommuneTable, FrameColumns, NtmError, SummaryOptions};
use numpy::{PyArray1, PyArrayMethods};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyTuple};

use crate::catalog::set_arg;
use crate::errors::{err, guard};
use crate::planning::{self, PyStatusSummary, PyTargetGap};
use crate::summary::{PyBanding, PySummary, banding_or};
use crate::table::PyTable;
use crate::text::pyrepr;

/// A validated table of communes at the criterion level (what most provincial reports hold),
/// read by ``read_communes``. Summarise it with ``summarize(table)`` or
/// ``table.summarize_by("district")``; ``table.to_frame()`` gives a pandas or polars frame with
/// the ``c1``…``cN``, ``met_count`` and ``band`` columns of ``CriteriaSet.assess_frame``.
///
/// >>> import tempfile, pathlib
/// >>> from ntm_criteria import read_communes, summarize
/// >>> path = pathlib.Path(tempfile.mkdtemp()) / "demo.csv"
/// >>> _ = path.write_text(
/// ...     "code,district,criteria_met\n001,A,1;2;3\n002,A,\n003,B,"
/// ...     + ";".join(str(k) for k in range(1, 20)) + "\n", encoding="utf-8")
/// >>> t = read_communes(path)
/// >>> len(t), t.codes
/// (3, ['001', '002', '003'])
/// >>> summarize(t).meeting_standard
/// 1
/// >>> {k: s.total for k, s in t.summarize_by("district").items()}
/// {'A': 2, 'B': 1}
/// >>> ls = read_communes("examples/data/lang_son_2020.csv")  # run from the repository root
/// >>> len(ls), ls.criteria_count, ls.has_criteria, ls.source
/// (181, 19, True, 'examples/data/lang_son_2020.csv')
#[pyclass(module = "ntm_criteria._ntm_criteria", name = "CommuneTable", frozen)]
pub(crate) struct PyCommuneTable {
    pub(crate) inner: Arc<CommuneTable>,
    pub(crate) source: String,
}

getters!(PyCommuneTable, self;
    /// Number of criteria of the set the table is for.
    criteria_count: u32 = self.inner.criteria_count;
    /// The commune codes (mã xã), in file order.
    codes: Vec<String> = self.inner.rows.iter().map(|r| r.code.clone()).collect();
    /// The file it was read from.
    source: &str = &self.source;
    /// Whether every row lists its criteria (``criteria_met``), so that summaries have the
    /// attainment per criterion.
    has_criteria: bool = self.inner.has_criteria();
);

#[pymethods]
impl PyCommuneTable {
    /// The summary of the whole table (the same as ``summarize(table)``).
    ///
    /// >>> s = read_communes("examples/data/lang_son_2020.csv").summarize()
    /// >>> s.average, s.meeting_standard, s.per_criterion[0]
    /// (Decimal('11.66'), 51, (1, 173, 0, Decimal('95.58')))
    #[pyo3(signature = (*, banding = None, precision = 2, sum_to_100 = false))]
    fn summarize(
        &self,
        banding: Option<PyRef<'_, PyBanding>>,
        precision: i64,
        sum_to_100: bool,
    ) -> PyResult<PySummary> {
        guard(|| {
            let b = banding_or(banding.as_deref(), Some(self.inner.criteria_count))?;
            let s =
                self.inner.summary(&b, SummaryOptions::checked(precision, sum_to_100).map_err(err)?).map_err(err)?;
            Ok(PySummary { inner: s })
        })
    }

    /// Summaries per group, in key order: ``district`` (the default), ``district_code``,
    /// ``province``, ``region``, ``commune_group``, ``recognition``, ``name`` or ``code``.
    ///
    /// >>> t = CommuneTable.from_csv_text("code,district,met_count\nA,X,19\nB,X,12\nC,Y,7\n")
    /// >>> {k: (s.total, s.average) for k, s in t.summarize_by("district").items()}
    /// {'X': (2, Decimal('15.50')), 'Y': (1, Decimal('7.00'))}
    #[pyo3(signature = (key = "district", *, banding = None, precision = 2, sum_to_100 = false))]
    fn summarize_by(
        &self,
        key: &str,
        banding: Option<PyRef<'_, PyBanding>>,
        precision: i64,
        sum_to_100: bool,
    ) -> PyResult<BTreeMap<String, PySummary>> {
        guard(|| {
            let f = ntm_criteria::communes::group_key(key).map_err(err)?;
            let b = banding_or(banding.as_deref(), Some(self.inner.criteria_count))?;
            let by = self
                .inner
                .summary_by(f, &b, SummaryOptions::checked(precision, sum_to_100).map_err(err)?)
                .map_err(err)?;
            Ok(by.into_iter().map(|(k, s)| (k, PySummary { inner: s })).collect())
        })
    }

    /// A pandas (``backend="pandas"``) or polars frame: one row per commune with ``code``,
    /// ``name``, ``district``…, ``c1``…``cN`` (when the criteria are listed), ``met_count``,
    /// ``band``, ``meets_standard`` and the recognition columns.
    ///
    /// >>> t = CommuneTable.from_csv_text("code,criteria_met\nA,1;2;3\nB,1\n", criteria_count=3)
    /// >>> t.to_frame()[["code", "c1", "c3", "met_count", "meets_standard"]].to_string(index=False)
    /// 'code  c1      c3  met_count  meets_standard\n   A met     met          3            True\n   B met not_met          1           False'
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
        self.columns(py, banding.as_deref())
    }

    /// Reads a communes table from CSV text (the format of ``read_communes``).
    ///
    /// >>> CommuneTable.from_csv_text("code,met_count\nA,19\nB,12\n").codes
    /// ['A', 'B']
    #[staticmethod]
    #[pyo3(signature = (text, *, criteria_count = None, source = "<text>", unit = None))]
    fn from_csv_text(
        text: &str,
        criteria_count: Option<i64>,
        source: &str,
        unit: Option<&str>,
    ) -> PyResult<PyCommuneTable> {
        guard(|| {
            let unit = unit.map(ntm_criteria::AssessedUnit::parse).transpose().map_err(err)?.unwrap_or_default();
            let options = crate::convert::criteria_read(criteria_count)?.unit(unit);
            let t = CommuneTable::from_csv_reader_with(text.as_bytes(), source, &options).map_err(err)?;
            Ok(PyCommuneTable { inner: Arc::new(t), source: source.to_string() })
        })
    }

    /// The recognition status summary (tình trạng công nhận): meeting all criteria vs.
    /// recognised, by level and year (``StatusSummary``).
    ///
    /// With ``as_of`` (a date) and ``criteria_set`` (a set whose recognition lasts a term, such
    /// as Lào Cai's model villages: 3 years), the status on that date: recognitions decided
    /// later are left out, those whose term ended count as not recognised (``expired``), and
    /// those whose term ends in that year are counted in ``expiry_unknown``.
    ///
    /// >>> s = read_communes("examples/data/lang_son_2020.csv").status_summary()
    /// >>> s.meeting_all, s.recognised, s.recognitions_in(2020)  # "02 xã được công nhận năm 2020"
    /// (51, 51, 2)
    /// >>> t = CommuneTable.from_csv_text("code,met_count,recognition,recognition_year\nT1,12,kieu_mau,2019\n", criteria_count=12)
    /// >>> km = CriteriaSet.load("examples/sets/lao_cai_thon_kieu_mau_2022.json")
    /// >>> t.status_summary(as_of="2025-01-01", criteria_set=km).expired
    /// 1
    #[pyo3(signature = (*, as_of = None, criteria_set = None))]
    fn status_summary(
        &self,
        as_of: Option<&Bound<'_, PyAny>>,
        criteria_set: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyStatusSummary> {
        guard(|| match (as_of, criteria_set) {
            (None, None) => Ok(planning::status(&self.inner)),
            (Some(d), Some(s)) => {
                let date = crate::region::date_arg(Some(d))?.unwrap_or_default();
                planning::status_on(&self.inner, &date, &*set_arg(s)?)
            }
            _ => Err(err(NtmError::InvalidArgument {
                argument: if as_of.is_some() { "criteria_set" } else { "as_of" }.into(),
                reason: "the status on a date needs both as_of and criteria_set (whose recognition term applies)"
                    .into(),
            })),
        })
    }

    /// Communes below the standard, fewest missing criteria first (ties in table order), at
    /// most ``n``: a ``Table`` with ``code``, ``name``, ``district``, ``met_count``,
    /// ``missing_count``, ``missing`` (the criteria, when listed) and ``recognition``.
    ///
    /// >>> t = CommuneTable.from_csv_text("code,met_count\nA,19\nB,17\nC,18\nD,12\n")
    /// >>> [(r["code"], r["missing_count"]) for r in t.nearest_to_standard(2)]
    /// [('C', 1), ('B', 2)]
    #[pyo3(signature = (n = 10))]
    fn nearest_to_standard(&self, n: usize) -> PyResult<PyTable> {
        guard(|| planning::nearest(&self.inner, n))
    }

    /// The villages of a village table rolled up by ``by`` (``"commune"`` or ``"province"``):
    /// a ``Table`` with ``key``, ``villages``, ``meeting`` (the standard), ``recognised`` and
    /// ``all_meeting`` ("xã có 100% thôn đạt chuẩn").
    ///
    /// >>> t = CommuneTable.from_csv_text("code,commune,met_count\nT1,Cam Đường,14\nT2,Cam Đường,14\nT3,Tả Phời,9\n", criteria_count=14, unit="village")
    /// >>> [(r["key"], r["villages"], r["meeting"], r["all_meeting"]) for r in t.villages_by("commune")]
    /// [('Cam Đường', 2, 2, True), ('Tả Phời', 1, 0, False)]
    #[pyo3(signature = (by = "commune"))]
    fn villages_by(&self, by: &str) -> PyResult<PyTable> {
        guard(|| planning::villages(&self.inner, by))
    }

    /// The roll-up's sentence, as offices print it.
    ///
    /// >>> t = CommuneTable.from_csv_text("code,commune,met_count\nT1,Cam Đường,14\nT2,Cam Đường,14\nT3,Tả Phời,9\n", criteria_count=14, unit="village")
    /// >>> t.villages_sentence("commune")
    /// 'Có 01/2 xã có 100% thôn đạt chuẩn thôn nông thôn mới.'
    #[pyo3(signature = (by = "commune", lang = "vi"))]
    fn villages_sentence(&self, by: &str, lang: &str) -> PyResult<String> {
        guard(|| {
            let lang = crate::convert::lang(lang)?;
            Ok(self.inner.villages_by(by).map_err(err)?.sentence(lang))
        })
    }

    /// Criteria ranked by how many communes miss them (``missed``, ``share``), and how many
    /// of the band just below the standard (15-18) miss them (``missed_near``,
    /// ``share_near``); with ``criteria_set``, the criterion names. Needs every commune's
    /// criteria list (``ValidationError`` otherwise).
    ///
    /// >>> t = CommuneTable.from_csv_text("code,criteria_met\nA,1;2\nB,1\n", criteria_count=3)
    /// >>> [(r["number"], r["missed"], r["share"]) for r in t.most_missed()]
    /// [(3, 2, Decimal('100.00')), (2, 1, Decimal('50.00')), (1, 0, Decimal('0.00'))]
    #[pyo3(signature = (*, criteria_set = None))]
    fn most_missed(&self, criteria_set: Option<&Bound<'_, PyAny>>) -> PyResult<PyTable> {
        guard(|| {
            let names = criteria_set.map(|s| set_arg(s).map(|s| s.criterion_names())).transpose()?;
            planning::most_missed(&self.inner, names.as_deref())
        })
    }

    /// What a target of ``target`` communes at the standard takes, or of ``more=N`` communes
    /// more than now (phấn đấu thêm N xã): a ``TargetGap``.
    ///
    /// >>> g = read_communes("examples/data/lang_son_2020.csv").target_gap(more=4)
    /// >>> g.target, g.needed, g.criteria_to_gain
    /// (55, 4, 7)
    #[pyo3(signature = (target = None, *, more = None, criteria_set = None))]
    fn target_gap(
        &self,
        target: Option<u64>,
        more: Option<u64>,
        criteria_set: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyTargetGap> {
        guard(|| {
            let names = criteria_set.map(|s| set_arg(s).map(|s| s.criterion_names())).transpose()?;
            planning::target_gap(&self.inner, target, more, names)
        })
    }

    fn __len__(&self) -> usize {
        self.inner.rows.len()
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<PyCommuneTable>().map(|o| *o.get().inner == *self.inner).unwrap_or(false)
    }

    fn __repr__(&self) -> String {
        format!(
            "<CommuneTable {} communes, {} criteria, from {}>",
            self.inner.rows.len(),
            self.inner.criteria_count,
            pyrepr(&self.source)
        )
    }

    /// A small HTML table for Jupyter (the first 10 communes).
    fn _repr_html_(&self) -> String {
        self.inner.html(&self.source)
    }
}

impl PyCommuneTable {
    fn columns<'py>(&self, py: Python<'py>, banding: Option<&PyBanding>) -> PyResult<Bound<'py, PyDict>> {
        guard(|| {
            let banding = banding_or(banding, Some(self.inner.criteria_count))?;
            frame_columns(py, self.inner.frame_columns(&banding).map_err(err)?)
        })
    }
}

/// A text column as its distinct values (`None` for no value) and each row's index into them
/// (`None` when every row is distinct): `_frames.text_column` builds the frame's column from
/// the pair, with one Python string per distinct text instead of one per row (a column of half
/// a million communes names a few dozen districts).
fn dict_column<'py, 'a>(
    py: Python<'py>,
    values: impl ExactSizeIterator<Item = Option<&'a str>>,
) -> PyResult<Bound<'py, PyTuple>> {
    let mut slot: HashMap<Option<&'a str>, u32> = HashMap::new();
    let mut distinct: Vec<Option<&'a str>> = Vec::new();
    let mut codes: Vec<u32> = Vec::with_capacity(values.len());
    for v in values {
        let next = distinct.len() as u32;
        let code = *slot.entry(v).or_insert_with(|| {
            distinct.push(v);
            next
        });
        codes.push(code);
    }
    let codes = if distinct.len() == codes.len() { None } else { Some(PyArray1::from_vec(py, codes)) };
    (PyList::new(py, distinct)?, codes).into_pyobject(py)
}

/// The core's frame columns of a table (`FrameColumns`) as the dict `_frames` builds a frame from:
/// text as distinct values and codes, numbers as numpy arrays.
pub(crate) fn frame_columns<'py>(py: Python<'py>, c: FrameColumns<'_>) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    let rows = c.code.len();
    d.set_item("code", dict_column(py, c.code.into_iter().map(Some))?)?;
    let passthrough = PyList::empty(py);
    for (name, values) in c.passthrough {
        passthrough.append((name, dict_column(py, values.into_iter().map(Some))?))?;
    }
    d.set_item("passthrough", passthrough)?;
    d.set_item("region", dict_column(py, c.region.into_iter())?)?;
    d.set_item("commune_group", dict_column(py, c.commune_group.into_iter())?)?;
    d.set_item("disadvantaged", PyArray1::from_vec(py, c.disadvantaged))?;
    match c.status {
        Some(s) => d.set_item("status", PyArray1::from_vec(py, s).reshape([c.criteria_count as usize, rows])?)?,
        None => d.set_item("status", py.None())?,
    }
    d.set_item("meets_standard", PyArray1::from_vec(py, c.meets_standard))?;
    d.set_item("met_count", PyArray1::from_vec(py, c.met_count))?;
    d.set_item("band", PyArray1::from_vec(py, c.band))?;
    d.set_item("labels", c.labels)?;
    d.set_item("recognition", dict_column(py, c.recognition.into_iter().map(Some))?)?;
    d.set_item("recognition_year", c.recognition_year)?;
    d.set_item("recognition_decision", dict_column(py, c.recognition_decision.into_iter())?)?;
    d.set_item("criteria_count", c.criteria_count)?;
    Ok(d)
}
