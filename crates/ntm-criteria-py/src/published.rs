//! `PublishedReport`, `read_reports` and `audit` (`docs/progress-and-audit.md`): Python dicts,
//! keyword arguments or report prose become a core [`PublishedReport`] (through its serde form,
//! or the core's prose reader), and the core's findings a [`PyTable`].

use std::collections::BTreeMap;

use ntm_criteria::prose::TextAudit;
use ntm_criteria::{PublishedReport, Tree};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};
use serde_json::{Map, Value};

use crate::convert::decimal;
use crate::errors::{err, guard};
use crate::table::{PyTable, internal, serde_to_py, to_json};
use crate::text::pyrepr;
use ntm_criteria::html::escape as html;

// ---------------------------------------------------------------------------------------------
// PublishedReport and audit
// ---------------------------------------------------------------------------------------------

/// The `criteria_count` field of keyword arguments, when given.
fn count_field(fields: Option<&Bound<'_, PyDict>>) -> PyResult<Option<i64>> {
    fields.map(|f| f.get_item("criteria_count")).transpose()?.flatten().map(|n| n.extract()).transpose()
}

/// The report from a positional argument (a dict, a `PublishedReport`, a report sentence or
/// `None`) and keyword arguments (fields, which override those of the argument).
fn report_of(report: Option<&Bound<'_, PyAny>>, fields: Option<&Bound<'_, PyDict>>) -> PyResult<PublishedReport> {
    let json_of = |obj: &Bound<'_, PyAny>| {
        PublishedReport::json_of_tree(&crate::convert::tree(obj, 0, &mut { Tree::NODES })).map_err(err)
    };
    let mut base = match report {
        None => Value::Object(Map::new()),
        Some(r) if r.is_instance_of::<PyString>() => {
            let text: String = r.extract()?;
            let n = crate::convert::criteria_count_or_default(count_field(fields)?)?;
            serde_json::to_value(PublishedReport::from_sentence(&text, n).map_err(err)?).map_err(internal)?
        }
        Some(r) if r.is_instance_of::<PyPublishedReport>() => {
            serde_json::to_value(&r.cast::<PyPublishedReport>()?.get().inner).map_err(internal)?
        }
        Some(r) if r.is_instance_of::<PyDict>() => json_of(r)?,
        Some(r) => {
            return Err(PyTypeError::new_err(format!(
                "a report is a dict, a PublishedReport or a report sentence (str), not {}",
                r.get_type().name().map(|n| n.to_string()).unwrap_or_default()
            )));
        }
    };
    if let (Some(f), Value::Object(m)) = (fields, &mut base)
        && let Value::Object(extra) = json_of(f.as_any())?
    {
        m.extend(extra);
    }
    PublishedReport::from_json_value(&base).map_err(err)
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
///   - avg: unknown field `avg`, expected one of `criteria_count`, `communes`, `bands`, `average`, `total_criteria`, `criteria_share`, `per_criterion`, `meeting_standard`, `partial`, `scope`, `approximate`, `spans`, `unread`, `source` (input: "11,66")
/// >>> r = ntm.PublishedReport(communes=181, total_criteria="2.110", criteria_share="61,36%", per_criterion={1: 181, 2: 100})
/// >>> r.criteria_count, r.total_criteria, r.criteria_share, r.per_criterion
/// (19, 2110, Decimal('61.36'), {1: 181, 2: 100})
#[pyclass(module = "ntm_criteria._ntm_criteria", name = "PublishedReport", frozen)]
pub(crate) struct PyPublishedReport {
    inner: PublishedReport,
}

getters!(PyPublishedReport, self;
    /// Number of criteria of the set.
    criteria_count: u32 = self.inner.criteria_count;
    /// Total communes, or ``None``.
    communes: Option<u64> = self.inner.communes;
    /// Printed total of criteria met, or ``None``.
    total_criteria: Option<u64> = self.inner.total_criteria;
    /// Printed communes meeting each criterion, by criterion number.
    per_criterion: BTreeMap<u32, u64> = self.inner.per_criterion.clone();
    /// Whether the bands are a partial listing (their sum and the counts they leave out are not
    /// checked; each printed share still is).
    ///
    /// >>> import ntm_criteria as ntm
    /// >>> ntm.read_reports("Có 30/82 xã đạt chuẩn nông thôn mới; 22 xã đạt từ 15-18 tiêu chí.")[0].partial
    /// True
    partial: bool = self.inner.partial;
    /// The place the report is about, as the text names it, or ``None``.
    ///
    /// >>> import ntm_criteria as ntm
    /// >>> [r.scope for r in ntm.read_reports("Tỉnh Cà Mau có 42/82 xã đạt chuẩn nông thôn mới; huyện Năm Căn có 03/07 xã đạt chuẩn nông thôn mới.")]
    /// ['Tỉnh Cà Mau', 'huyện Năm Căn']
    scope: Option<String> = self.inner.scope.clone();
    /// Figures printed with a qualifier ("gần 14"), not checked for exactness: ``["average"]``.
    ///
    /// >>> import ntm_criteria as ntm
    /// >>> ntm.read_reports("Bình quân mỗi xã đạt gần 14 tiêu chí.")[0].approximate
    /// ['average']
    approximate: Vec<String> = self.inner.approximate.clone();
    /// The text the figures were read from, or ``None`` for a report typed in.
    ///
    /// >>> import ntm_criteria as ntm
    /// >>> ntm.read_reports("Bình quân đạt 15,2 tiêu chí.")[0].source, PublishedReport(communes=3).source
    /// ('Bình quân đạt 15,2 tiêu chí.', None)
    source: Option<String> = self.inner.source.as_deref().map(str::to_string);
);

getters!(PyPublishedReport, self, py: 'py;
    /// The bands, in report order: dicts with ``lo``, ``hi``, ``count``, ``share`` and ``label``.
    bands: PyResult<Bound<'py, PyAny>> = guard(|| serde_to_py(py, &self.inner.bands));
    /// Printed average criteria per commune (``Decimal``), or ``None``.
    average: PyResult<Option<Bound<'py, PyAny>>> = self.inner.average.map(|a| decimal(py, a)).transpose();
    /// Printed share of all criteria met, percent (``Decimal``), or ``None``.
    criteria_share: PyResult<Option<Bound<'py, PyAny>>> = self.inner.criteria_share.map(|a| decimal(py, a)).transpose();
    /// Communes meeting the standard as printed: a dict with ``count``, ``of``, ``share`` and
    /// ``approximate``, or ``None``.
    ///
    /// >>> PublishedReport(meeting_standard={"count": 42, "of": 82, "share": "51,22%"}).meeting_standard
    /// {'approximate': False, 'count': 42, 'of': 82, 'share': Decimal('51.22')}
    meeting_standard: PyResult<Bound<'py, PyAny>> = guard(|| serde_to_py(py, &self.inner.meeting_standard));
    /// Where each figure read from text stands: dicts with ``figure``, ``start``, ``end`` (byte
    /// offsets into the text), ``text`` (the fragment) and ``note``. Empty for figures typed in.
    ///
    /// >>> import ntm_criteria as ntm
    /// >>> [(s["figure"], s["text"]) for s in ntm.read_reports("Bình quân mỗi xã đạt 15,2 tiêu chí.")[0].spans]
    /// [('average', '15,2 tiêu chí')]
    spans: PyResult<Bound<'py, PyAny>> = guard(|| serde_to_py(py, &self.inner.spans));
    /// Figures next to NTM words that the reader could not place, each with its span and, in
    /// ``note``, the reason ("an earlier period, not the state reported", …).
    ///
    /// >>> import ntm_criteria as ntm
    /// >>> r = ntm.read_reports("Năm 2010, bình quân mỗi xã đạt 3,5 tiêu chí; nay có 12 xã đạt chuẩn nông thôn mới.")[0]
    /// >>> [(u["text"], u["note"]) for u in r.unread]
    /// [('3,5 tiêu chí', 'an earlier period, not the state reported')]
    unread: PyResult<Bound<'py, PyAny>> = guard(|| serde_to_py(py, &self.inner.unread));
);

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
    #[pyo3(signature = (text, criteria_count = None))]
    fn from_sentence(text: &str, criteria_count: Option<i64>) -> PyResult<PyPublishedReport> {
        guard(|| {
            let n = crate::convert::criteria_count_or_default(criteria_count)?;
            Ok(PyPublishedReport { inner: PublishedReport::from_sentence(text, n).map_err(err)? })
        })
    }

    /// The text with every figure read highlighted (and every unread one struck), for Jupyter.
    fn _repr_html_(&self) -> String {
        self.inner.html().unwrap_or_else(|| format!("<div class=\"ntm-report\">{}</div>", html(&self.__repr__())))
    }
    /// The findings of ``audit`` (an empty table for a consistent report).
    ///
    /// >>> [f["kind"] for f in PublishedReport(communes=7, average="12,42").audit()]
    /// ['average_impossible']
    /// >>> len(PublishedReport(communes=181, average="11,66").audit())
    /// 0
    fn audit(&self) -> PyResult<PyTable> {
        guard(|| findings(&TextAudit::of_report(&self.inner)))
    }
    /// The fields as a dict (accepted back by ``PublishedReport`` and ``audit``).
    ///
    /// >>> d = PublishedReport(communes=181, average="11,66").to_dict()
    /// >>> d
    /// {'average': Decimal('11.66'), 'bands': [], 'communes': 181, 'criteria_count': 19, 'criteria_share': None, 'meeting_standard': None, 'partial': False, 'per_criterion': {}, 'total_criteria': None}
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
    /// '{"criteria_count":19,"communes":181,"bands":[],"average":{"units":1166,"scale":2},"total_criteria":null,"criteria_share":null,"per_criterion":{},"meeting_standard":null,"partial":false}'
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
        match &r.scope {
            Some(s) => format!("<PublishedReport {}: {}>", s, parts.join(", ")),
            None => format!("<PublishedReport {}>", parts.join(", ")),
        }
    }
}

/// The findings as a table ([`TextAudit::table`]).
fn findings(a: &TextAudit) -> PyResult<PyTable> {
    a.table().map(PyTable::from).map_err(internal)
}

/// The reports as a Python list of `PublishedReport`.
fn report_list<'py>(py: Python<'py>, reports: &[PublishedReport]) -> PyResult<Bound<'py, PyList>> {
    let l = PyList::empty(py);
    for r in reports {
        l.append(Bound::new(py, PyPublishedReport { inner: r.clone() })?)?;
    }
    Ok(l)
}

/// Reads report prose (báo cáo) into one ``PublishedReport`` per place it reports on, the first
/// being the place the text is about. Clauses stating a target or plan go to a scope of their own
/// (``"… (mục tiêu)"``); figures of an earlier period are ``unread``, with the reason. Every
/// figure read has its ``spans`` (byte offsets into the text, and the fragment); the phrasings are
/// in ``docs/progress-and-audit.md``. It never fails: what it cannot place is ``unread``.
///
/// >>> import ntm_criteria as ntm
/// >>> text = ("Đến nay tỉnh Cà Mau có 42/82 xã đạt chuẩn nông thôn mới, chiếm 51,22%; bình quân đạt 16,2 tiêu chí/xã. "
/// ...         "Trong đó, huyện Trần Văn Thời có 05 xã đạt chuẩn nông thôn mới.")
/// >>> [(r.scope, r.communes, str(r.average), r.meeting_standard["count"]) for r in ntm.read_reports(text)]
/// [('tỉnh Cà Mau', 82, '16.2', 42), ('huyện Trần Văn Thời', None, 'None', 5)]
/// >>> ntm.read_reports(text)[0].spans[0]["text"]
/// '42/82 xã đạt chuẩn nông thôn mới, chiếm 51,22%'
#[pyfunction]
#[pyo3(signature = (text, criteria_count = None))]
pub(crate) fn read_reports<'py>(
    py: Python<'py>,
    text: &str,
    criteria_count: Option<i64>,
) -> PyResult<Bound<'py, PyList>> {
    guard(|| {
        let n = crate::convert::criteria_count_or_default(criteria_count)?;
        report_list(py, &ntm_criteria::prose::read_reports(text, n))
    })
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
pub(crate) fn audit(
    py: Python<'_>,
    report: Option<&Bound<'_, PyAny>>,
    fields: Option<&Bound<'_, PyDict>>,
) -> PyResult<PyTable> {
    guard(|| {
        let only_count = fields.is_none_or(|f| f.len() == 1 && f.contains("criteria_count").unwrap_or(false));
        if let Some(r) = report.filter(|r| r.is_instance_of::<PyString>() && only_count) {
            let text: String = r.extract()?;
            let n = crate::convert::criteria_count_or_default(count_field(fields)?)?;
            let a = ntm_criteria::prose::audit_text(&text, n);
            return Ok(findings(&a)?.with_read(report_list(py, &a.reports)?));
        }
        let one = report_of(report, fields)?;
        Ok(findings(&TextAudit::of_report(&one))?.with_read(report_list(py, std::slice::from_ref(&one))?))
    })
}
