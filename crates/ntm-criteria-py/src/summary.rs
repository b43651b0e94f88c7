//! `Banding`, `Summary` and the summarising entry points.

use ntm_criteria::input::counts;
use ntm_criteria::{Band, Banding, NtmError, ReportOptions, Summary, SummaryOptions, Tally, histogram};
use numpy::PyReadonlyArray1;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyTuple};

use crate::assess::PyAssessment;
use crate::convert::decimal;
use crate::errors::{err, guard};
use crate::text::pyrepr;

/// Bands of communes by number of criteria met (nhóm xã theo số tiêu chí đạt).
///
/// ``Banding([(lo, hi, label), ...])`` builds a custom banding (a label may also be a pair
/// ``(label_vi, label_en)``, or give four items ``(lo, hi, label_vi, label_en)``). Bands keep
/// the given order, which is the report order; they must cover ``0..=max`` without overlap
/// unless ``partial=True``.
///
/// >>> from ntm_criteria import Banding
/// >>> [b[2] for b in Banding.official().bands]
/// ['19', '15-18', '10-14', '5-9', 'dưới 5']
/// >>> seed = Banding.official().with_label(3, "từ 5-9", "5-9")
/// >>> seed.label_of(7)
/// 'từ 5-9'
/// >>> hue = Banding([(19, 19, "19"), (15, 18, "15-18"), (10, 14, "10-14"), (8, 9, "8-9"), (0, 7, "dưới 8")])
/// >>> hue.max, len(hue), hue.partial
/// (19, 5, False)
/// >>> Banding([(10, 15, "a"), (15, 19, "b")], partial=True)
/// Traceback (most recent call last):
/// ...
/// ntm_criteria.exceptions.BandingError: bad banding: bands "a" and "b" overlap at 15
#[pyclass(module = "ntm_criteria._ntm_criteria", name = "Banding", frozen)]
#[derive(Clone)]
pub(crate) struct PyBanding {
    pub(crate) inner: Banding,
}

fn band_from_py(obj: &Bound<'_, PyAny>) -> PyResult<Band> {
    let t = obj.cast::<PyTuple>().map_err(|_| PyTypeError::new_err("a band is a tuple (lo, hi, label)"))?;
    let lo = crate::convert::whole(&t.get_item(0)?, "band lo", u64::from(u32::MAX))? as u32;
    let hi = crate::convert::whole(&t.get_item(1)?, "band hi", u64::from(u32::MAX))? as u32;
    match t.len() {
        3 => {
            let label = t.get_item(2)?;
            if let Ok((vi, en)) = label.extract::<(String, String)>() {
                Ok(Band::new(lo, hi, &vi, &en))
            } else {
                let l: String = label.extract()?;
                Ok(Band::new(lo, hi, &l, &l))
            }
        }
        4 => {
            let vi: String = t.get_item(2)?.extract()?;
            let en: String = t.get_item(3)?.extract()?;
            Ok(Band::new(lo, hi, &vi, &en))
        }
        n => Err(PyTypeError::new_err(format!(
            "a band is (lo, hi, label) or (lo, hi, label_vi, label_en), not {n} items"
        ))),
    }
}

getters!(PyBanding, self;
    /// The bands in report order, as ``(lo, hi, label_vi, label_en)``.
    bands: Vec<(u32, u32, String, String)> =
        self.inner.bands().iter().map(|b| (b.lo, b.hi, b.label_vi.clone(), b.label_en.clone())).collect();
    /// The number of criteria covered (``0..=max``).
    max: u32 = self.inner.max();
    /// Whether gaps are allowed.
    partial: bool = self.inner.is_partial();
);

#[pymethods]
impl PyBanding {
    #[new]
    #[pyo3(signature = (bands, *, max = None, partial = false))]
    fn new(bands: &Bound<'_, PyAny>, max: Option<&Bound<'_, PyAny>>, partial: bool) -> PyResult<Self> {
        guard(|| {
            let mut list = Vec::new();
            for b in bands.try_iter()? {
                list.push(band_from_py(&b?)?);
            }
            let max = match max {
                Some(m) => crate::convert::whole(m, "max", u64::from(u32::MAX))? as u32,
                None => list.iter().map(|b| b.hi).max().unwrap_or(0),
            };
            Ok(PyBanding { inner: Banding::new(list, max, partial).map_err(err)? })
        })
    }

    /// The official banding of provincial reports for 19 criteria: 19; 15-18; 10-14; 5-9;
    /// under 5 (``dưới 5``).
    ///
    /// >>> b = Banding.official()
    /// >>> b.bands[-1], b == CriteriaSet.load("2016-2020").banding
    /// ((0, 4, 'dưới 5', 'fewer than 5'), True)
    #[staticmethod]
    fn official() -> PyBanding {
        PyBanding { inner: Banding::official() }
    }

    /// The default banding for a set of ``n`` criteria (the official one for 19); ``n`` outside
    /// 1 to 32 is refused (``InvalidValueError``), never clamped.
    ///
    /// >>> [b[2] for b in Banding.default_for(10).bands]
    /// ['10', '5-9', 'dưới 5']
    #[staticmethod]
    fn default_for(n: i64) -> PyResult<PyBanding> {
        Banding::checked_default_for(n).map(|inner| PyBanding { inner }).map_err(err)
    }

    /// Raises ``BandingError`` unless the banding is made for ``criteria_count`` criteria (it
    /// covers ``0..=criteria_count``), naming a band that goes past it.
    ///
    /// >>> Banding.official().check_criteria_count(19)
    /// >>> Banding([(15, 25, "15-25"), (0, 14, "dưới 15")]).check_criteria_count(19)
    /// Traceback (most recent call last):
    /// ...
    /// ntm_criteria.exceptions.BandingError: bad banding: band "15-25" goes to 25, past the 19 criteria of the set
    fn check_criteria_count(&self, criteria_count: u32) -> PyResult<()> {
        self.inner.check_criteria_count(criteria_count).map_err(err)
    }

    /// A copy with the labels of band ``index`` changed (``label_en`` defaults to ``label_vi``).
    ///
    /// >>> Banding.official().with_label(3, "từ 5-9", "5-9").bands[3]  # the Lạng Sơn report's label
    /// (5, 9, 'từ 5-9', '5-9')
    /// >>> Banding.official().with_label(5, "x")
    /// Traceback (most recent call last):
    /// ...
    /// ntm_criteria.exceptions.BandingError: bad banding: no band 5: bands are numbered from 0, and this banding's 5 bands are 0 "19", 1 "15-18", 2 "10-14", 3 "5-9", 4 "dưới 5"
    #[pyo3(signature = (index, label_vi, label_en = None))]
    fn with_label(&self, index: usize, label_vi: &str, label_en: Option<&str>) -> PyResult<PyBanding> {
        guard(|| {
            let b = self.inner.clone().with_label(index, label_vi, label_en.unwrap_or(label_vi)).map_err(err)?;
            Ok(PyBanding { inner: b })
        })
    }

    /// The band index of a count of criteria met, or ``None``.
    ///
    /// >>> b = Banding.official()
    /// >>> b.index_of(19), b.index_of(16), b.index_of(4), b.index_of(20)
    /// (0, 1, 4, None)
    fn index_of(&self, count: u32) -> Option<usize> {
        self.inner.index_of(count)
    }

    /// The label of the band of a count, or ``None``.
    ///
    /// >>> b = Banding.official()
    /// >>> b.label_of(3), b.label_of(3, lang="en"), b.label_of(20)
    /// ('dưới 5', 'fewer than 5', None)
    #[pyo3(signature = (count, lang = "vi"))]
    fn label_of(&self, count: u32, lang: &str) -> PyResult<Option<String>> {
        guard(|| {
            let l = crate::convert::lang(lang)?;
            Ok(self.inner.band_of(count).map(|b| match l {
                ntm_criteria::Lang::Vi => b.label_vi.clone(),
                _ => b.label_en.clone(),
            }))
        })
    }

    fn __len__(&self) -> usize {
        self.inner.bands().len()
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<PyBanding>().map(|o| o.get().inner == self.inner).unwrap_or(false)
    }

    fn __repr__(&self) -> String {
        let parts: Vec<String> = self
            .inner
            .bands()
            .iter()
            .map(|b| format!("({}, {}, {}, {})", b.lo, b.hi, pyrepr(&b.label_vi), pyrepr(&b.label_en)))
            .collect();
        format!(
            "Banding([{}], max={}{})",
            parts.join(", "),
            self.inner.max(),
            if self.inner.is_partial() { ", partial=True" } else { "" }
        )
    }
}

/// The figures of a progress report: communes per band, shares and the average number of
/// criteria per commune, computed exactly from integers and rounded half-up (as officials do).
/// Averages and shares are ``decimal.Decimal``.
///
/// >>> from ntm_criteria import Banding, Summary
/// >>> seed = Banding.official().with_label(3, "từ 5-9", "5-9")
/// >>> s = Summary.from_band_counts([51, 4, 36, 90, 0], 2110, banding=seed)
/// >>> s.total, s.average, s.bands[0]
/// (181, Decimal('11.66'), ('19', 19, 19, 51, Decimal('28.18')))
/// >>> print(s.report(as_of="Đến hết tháng 7/2020"))
/// Đến hết tháng 7/2020, số tiêu chí bình quân 01 xã đạt 11,66 tiêu chí/xã, cụ thể: Số xã đạt 19 tiêu chí có 51/181 xã, chiếm 28,18%; Số xã đạt 15-18 tiêu chí có 04/181 xã, chiếm 2,21%; Số xã đạt 10-14 tiêu chí có 36/181 xã, chiếm 19,89%; Số xã đạt từ 5-9 tiêu chí có 90/181 xã, chiếm 49,72%.
/// >>> s.communes, s.criteria_count, s.total_criteria, s.criteria_share, s.meeting_standard
/// (181, 19, 2110, Decimal('61.36'), 51)
/// >>> s.bands_en[3], s.unbanded, s.precision
/// (('5-9', 5, 9, 90, Decimal('49.72')), 0, 2)
/// >>> s.per_criterion, s.communes_not_assessed  # unknown from band counts
/// (None, None)
#[pyclass(module = "ntm_criteria._ntm_criteria", name = "Summary", frozen)]
pub(crate) struct PySummary {
    pub(crate) inner: Summary,
}

/// `(label, lo, hi, count, share)`.
type BandRow<'py> = (String, u32, u32, u64, Bound<'py, PyAny>);
/// `(number, met, not_assessed, share)`.
type CriterionRow<'py> = (u32, u64, u64, Bound<'py, PyAny>);

/// The banding given (checked to cover `n` criteria), or the default one for `n` criteria; when
/// `n` is unknown, the given banding's own count or 19: the core's rule, [`Banding::settled`].
pub(crate) fn banding_or(b: Option<&PyBanding>, n: Option<u32>) -> PyResult<Banding> {
    Banding::settled(b.map(|b| &b.inner), n).map_err(err)
}

getters!(PySummary, self;
    /// Number of communes.
    total: u64 = self.inner.communes;
    /// Number of communes (same as ``total``).
    communes: u64 = self.inner.communes;
    /// Number of criteria of the set.
    criteria_count: u32 = self.inner.criteria_count;
    /// Criteria met by all communes together.
    total_criteria: u64 = self.inner.total_criteria;
    /// Communes meeting every criterion.
    meeting_standard: u64 = self.inner.meeting_standard;
    /// Communes in no band (partial bandings only).
    unbanded: u64 = self.inner.unbanded;
    /// Communes with at least one criterion not assessed, when known.
    communes_not_assessed: Option<u64> = self.inner.communes_not_assessed;
    /// Decimals of shares and the average.
    precision: u8 = self.inner.precision;
    /// What was counted: ``"commune"``, or ``"village"`` for a village set's summary.
    ///
    /// >>> Summary.from_counts([19, 12]).unit
    /// 'commune'
    unit: &'static str = self.inner.unit.as_str();
);

getters!(PySummary, self, py: 'py;
    /// Average criteria met per commune (số tiêu chí bình quân/xã), exact ``Decimal``.
    average: PyResult<Bound<'py, PyAny>> = decimal(py, self.inner.average);
    /// Share of all criteria met, percent, exact ``Decimal``.
    criteria_share: PyResult<Bound<'py, PyAny>> = decimal(py, self.inner.criteria_share);
    /// Per band, in report order: ``(label, lo, hi, count, share)`` with the Vietnamese label.
    bands: PyResult<Vec<BandRow<'py>>> =
        self.inner.bands.iter().map(|b| Ok((b.label_vi.clone(), b.lo, b.hi, b.count, decimal(py, b.share)?))).collect();
    /// Per band, with the English label: ``(label_en, lo, hi, count, share)``.
    bands_en: PyResult<Vec<BandRow<'py>>> =
        self.inner.bands.iter().map(|b| Ok((b.label_en.clone(), b.lo, b.hi, b.count, decimal(py, b.share)?))).collect();
    /// Per criterion, when the criteria of every commune are known:
    /// ``(number, met, not_assessed, share)``; otherwise ``None``.
    per_criterion: PyResult<Option<Vec<CriterionRow<'py>>>> = guard(|| {
        let row = |c: &ntm_criteria::CriterionSummary| Ok((c.number, c.met, c.not_assessed, decimal(py, c.share)?));
        self.inner.per_criterion.as_ref().map(|p| p.iter().map(row).collect()).transpose()
    });
);

#[pymethods]
impl PySummary {
    /// From published band counts and the published total of criteria met (when the
    /// per-commune counts are unknown).
    ///
    /// >>> s = Summary.from_band_counts([51, 4, 36, 90, 0], 2110)
    /// >>> s.total, s.average, s.meeting_standard
    /// (181, Decimal('11.66'), 51)
    /// >>> Summary.from_band_counts([51, 4, 36, 90, 0], 4000)
    /// Traceback (most recent call last):
    /// ...
    /// ntm_criteria.exceptions.InvalidValueError: total_criteria: 4000 criteria cannot come from these bands (possible: 1839..=2355)
    #[staticmethod]
    #[pyo3(signature = (band_counts, total_criteria, *, banding = None, precision = 2, sum_to_100 = false))]
    fn from_band_counts(
        band_counts: Vec<Bound<'_, PyAny>>,
        total_criteria: &Bound<'_, PyAny>,
        banding: Option<PyRef<'_, PyBanding>>,
        precision: i64,
        sum_to_100: bool,
    ) -> PyResult<PySummary> {
        guard(|| {
            let band_counts = band_counts
                .iter()
                .map(|c| crate::convert::whole(c, "band_counts", u64::MAX))
                .collect::<PyResult<Vec<u64>>>()?;
            let total_criteria = crate::convert::whole(total_criteria, "total_criteria", u64::MAX)?;
            let b = banding_or(banding.as_deref(), None)?;
            let s =
                Summary::from_band_counts(&band_counts, total_criteria, &b, options_checked(precision, sum_to_100)?)
                    .map_err(err)?;
            Ok(PySummary { inner: s })
        })
    }

    /// From counts of criteria met, one per commune, through the core's one-by-one path
    /// (``summarize`` takes arrays in one pass; both give the same summary).
    ///
    /// >>> Summary.from_counts([19, 12, 7]).average
    /// Decimal('12.67')
    #[staticmethod]
    #[pyo3(signature = (counts, *, banding = None, precision = 2, sum_to_100 = false))]
    fn from_counts(
        counts: Vec<i64>,
        banding: Option<PyRef<'_, PyBanding>>,
        precision: i64,
        sum_to_100: bool,
    ) -> PyResult<PySummary> {
        guard(|| {
            let b = banding_or(banding.as_deref(), None)?;
            let counts = counts
                .into_iter()
                .map(|c| {
                    u32::try_from(c).map_err(|_| {
                        err(NtmError::InvalidArgument {
                            argument: "counts".into(),
                            reason: format!("{c} criteria met: a count is a whole number from 0"),
                        })
                    })
                })
                .collect::<PyResult<Vec<u32>>>()?;
            Ok(PySummary {
                inner: Summary::from_counts(counts, &b, options_checked(precision, sum_to_100)?).map_err(err)?,
            })
        })
    }

    /// The same summary counting ``unit`` (``"village"``, ``"thôn"``, ``"commune"``, ``"xã"``):
    /// for counts that come without a set. The figures are unchanged; the sentence says the
    /// unit's word.
    ///
    /// >>> s = Summary.from_counts([14, 14, 9], banding=Banding.default_for(14)).with_unit("thôn")
    /// >>> s.unit, s.report().split(", cụ thể")[0]
    /// ('village', 'Số tiêu chí bình quân 01 thôn đạt 12,33 tiêu chí/thôn')
    fn with_unit(&self, unit: &str) -> PyResult<PySummary> {
        let unit = ntm_criteria::AssessedUnit::parse(unit).map_err(err)?;
        Ok(PySummary { inner: self.inner.clone().with_unit(unit) })
    }

    /// The report sentence, as provincial offices publish it (``lang="vi"``) or in English.
    ///
    /// >>> s = Summary.from_counts([19, 19, 16, 12, 7])
    /// >>> print(s.report("en"))
    /// On average each commune meets 14.60 criteria: 2 of 5 communes (40.00%) meet all 19; 1 of 5 (20.00%) meet 15-18; 1 of 5 (20.00%) meet 10-14; 1 of 5 (20.00%) meet 5-9.
    ///
    /// When some communes have a criterion not assessed, the sentence says how many ("(02 xã
    /// còn tiêu chí chưa đánh giá)"); ``omit_not_assessed=True`` leaves that out, for callers who
    /// have checked the data.
    #[pyo3(signature = (lang = "vi", as_of = None, *, include_empty_bands = false, omit_not_assessed = false))]
    fn report(
        &self,
        lang: &str,
        as_of: Option<&str>,
        include_empty_bands: bool,
        omit_not_assessed: bool,
    ) -> PyResult<String> {
        guard(|| {
            let l = crate::convert::lang(lang)?;
            let mut o = ReportOptions { include_empty_bands, omit_not_assessed, ..ReportOptions::default() };
            if let Some(a) = as_of {
                o = o.as_of(a);
            }
            Ok(self.inner.report(l, &o))
        })
    }

    /// The summary as JSON text (decimals as ``units`` and ``scale``).
    ///
    /// >>> import json
    /// >>> d = json.loads(Summary.from_counts([19, 12, 7]).to_json())
    /// >>> d["average"], d["communes"]
    /// ({'units': 1267, 'scale': 2}, 3)
    fn to_json(&self) -> PyResult<String> {
        guard(|| serde_json::to_string(&self.inner).map_err(|e| pyo3::exceptions::PyValueError::new_err(e.to_string())))
    }

    /// A dict of plain values (decimals as ``Decimal``).
    ///
    /// >>> d = Summary.from_counts([19, 12, 7]).to_dict()
    /// >>> d["average"], d["meeting_standard"], d["bands"][0]
    /// (Decimal('12.67'), 1, ('19', 19, 19, 1, Decimal('33.33')))
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        guard(|| {
            let s = &self.inner;
            let d = PyDict::new(py);
            d.set_item("total", s.communes)?;
            d.set_item("criteria_count", s.criteria_count)?;
            d.set_item("total_criteria", s.total_criteria)?;
            d.set_item("average", decimal(py, s.average)?)?;
            d.set_item("criteria_share", decimal(py, s.criteria_share)?)?;
            d.set_item("meeting_standard", s.meeting_standard)?;
            d.set_item("bands", self.bands(py)?)?;
            d.set_item("unbanded", s.unbanded)?;
            d.set_item("per_criterion", self.per_criterion(py)?)?;
            d.set_item("communes_not_assessed", s.communes_not_assessed)?;
            d.set_item("precision", s.precision)?;
            Ok(d)
        })
    }

    /// One row per band: band, band_en (the labels), lo, hi, communes, share. ``backend`` is
    /// ``"pandas"`` or ``"polars"``.
    ///
    /// >>> f = Summary.from_band_counts([51, 4, 36, 90, 0], 2110).to_frame()
    /// >>> f[["band", "communes", "share"]].to_string(index=False)
    /// '  band  communes share\n    19        51 28.18\n 15-18         4  2.21\n 10-14        36 19.89\n   5-9        90 49.72\ndưới 5         0  0.00'
    #[pyo3(signature = (*, backend = "pandas"))]
    fn to_frame<'py>(slf: &Bound<'py, Self>, backend: &str) -> PyResult<Bound<'py, PyAny>> {
        guard(|| {
            let py = slf.py();
            let s = &slf.get().inner;
            let d = PyDict::new(py);
            let col =
            |f: &dyn Fn(&ntm_criteria::BandSummary) -> PyResult<Bound<'py, PyAny>>| -> PyResult<Bound<'py, PyList>> {
                let l = PyList::empty(py);
                for b in &s.bands {
                    l.append(f(b)?)?;
                }
                Ok(l)
            };
            d.set_item("band", col(&|b| Ok(b.label_vi.clone().into_pyobject(py)?.into_any()))?)?;
            d.set_item("band_en", col(&|b| Ok(b.label_en.clone().into_pyobject(py)?.into_any()))?)?;
            d.set_item("lo", col(&|b| Ok(b.lo.into_pyobject(py)?.into_any()))?)?;
            d.set_item("hi", col(&|b| Ok(b.hi.into_pyobject(py)?.into_any()))?)?;
            d.set_item("communes", col(&|b| Ok(b.count.into_pyobject(py)?.into_any()))?)?;
            d.set_item("share", col(&|b| decimal(py, b.share))?)?;
            py.import("ntm_criteria._frames")?.getattr("make_frame")?.call1((d, backend, s.precision))
        })
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<PySummary>().map(|o| o.get().inner == self.inner).unwrap_or(false)
    }

    fn __repr__(&self) -> String {
        let s = &self.inner;
        let bands: Vec<String> = s.bands.iter().map(|b| format!("{}: {}", b.label_vi, b.count)).collect();
        format!(
            "<Summary {} communes, average {}, meeting standard {}; {}>",
            s.communes,
            s.average,
            s.meeting_standard,
            bands.join(", ")
        )
    }

    /// A small HTML table for Jupyter.
    fn _repr_html_(&self) -> String {
        self.inner.html()
    }
}

/// Counts of criteria met from a numpy array of any integer (or integral float) dtype,
/// checked against `0..=n`. A `u8` array is borrowed without copying.
enum Counts<'py> {
    Borrowed(PyReadonlyArray1<'py, u8>),
    Owned(Vec<u8>),
}

impl Counts<'_> {
    fn slice(&self) -> PyResult<&[u8]> {
        match self {
            Counts::Borrowed(a) => a.as_slice().map_err(|e| err(NtmError::Batch { reason: format!("counts: {e}") })),
            Counts::Owned(v) => Ok(v),
        }
    }
}

/// A numpy array of counts of one dtype, checked by the core's count rule
/// (`input::counts`).
macro_rules! try_dtype {
    ($arr:expr, $n:expr, $loc:expr, $($t:ty),*) => {$(
        if let Ok(a) = $arr.extract::<PyReadonlyArray1<'_, $t>>() {
            let s = a.as_slice().map_err(|e| err(NtmError::Batch { reason: format!("counts: {e}") }))?;
            return counts::counts(s, $n, $loc).map(Counts::Owned).map_err(err);
        }
    )*};
}

fn counts_from<'py>(arr: &Bound<'py, PyAny>, n: u32, loc: &str) -> PyResult<Counts<'py>> {
    if let Ok(a) = arr.extract::<PyReadonlyArray1<'py, u8>>() {
        let c = Counts::Borrowed(a);
        counts::check_counts(c.slice()?, n, loc).map_err(err)?;
        return Ok(c);
    }
    try_dtype!(arr, n, loc, i64, i32, i16, i8, u64, u32, u16, f64, f32);
    let dtype = arr.getattr("dtype").map(|d| d.to_string()).unwrap_or_else(|_| "?".into());
    Err(PyTypeError::new_err(format!(
        "counts must be a 1-D numpy array of integers (or integral floats), not dtype {dtype}"
    )))
}

fn tally_of_counts(py: Python<'_>, counts: &[u8], n: u32) -> PyResult<Tally> {
    py.detach(|| {
        let hist = histogram(counts, n);
        let mut t = Tally::new(n);
        t.add_histogram(&hist[..=n as usize]).map(|_| t)
    })
    .map_err(err)
}

/// Summary of counts of criteria met (a numpy array), in one pass.
#[pyfunction]
#[pyo3(signature = (counts, *, banding = None, precision = 2, sum_to_100 = false))]
pub(crate) fn _summarize_counts(
    py: Python<'_>,
    counts: &Bound<'_, PyAny>,
    banding: Option<PyRef<'_, PyBanding>>,
    precision: i64,
    sum_to_100: bool,
) -> PyResult<PySummary> {
    guard(|| {
        let b = banding_or(banding.as_deref(), None)?;
        let n = b.max();
        let c = counts_from(counts, n, "met_count")?;
        let t = tally_of_counts(py, c.slice()?, n)?;
        Ok(PySummary { inner: t.summarize(&b, options_checked(precision, sum_to_100)?).map_err(err)? })
    })
}

/// Summary of assessments of one set.
#[pyfunction]
#[pyo3(signature = (assessments, *, banding = None, precision = 2, sum_to_100 = false))]
pub(crate) fn _summarize_assessments(
    assessments: Vec<PyRef<'_, PyAssessment>>,
    banding: Option<PyRef<'_, PyBanding>>,
    precision: i64,
    sum_to_100: bool,
) -> PyResult<PySummary> {
    guard(|| {
        let details = assessments.iter().map(|a| a.detail()).collect::<PyResult<Vec<_>>>()?;
        let n = details.first().map(|a| a.criteria_count);
        let b = banding_or(banding.as_deref(), n)?;
        let s = Summary::from_assessments(details.iter().copied(), &b, options_checked(precision, sum_to_100)?)
            .map_err(err)?;
        Ok(PySummary { inner: s })
    })
}

/// Summarises a frame at the criterion level, read by the core's input layer: criterion columns
/// (`c1`…`cN`, `TC5`, `Tiêu chí 5`), a criteria list or a count column; columns the reader does
/// not know are left out. Without `by`, one `Summary`; with it, `(keys, summaries)` per group.
#[pyfunction]
#[pyo3(signature = (df, *, by = None, count_col = None, criteria_count = None, banding = None, precision = 2, sum_to_100 = false))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn _summarize_frame<'py>(
    py: Python<'py>,
    df: &Bound<'py, PyAny>,
    by: Option<&Bound<'py, PyAny>>,
    count_col: Option<&Bound<'py, PyAny>>,
    criteria_count: Option<i64>,
    banding: Option<PyRef<'py, PyBanding>>,
    precision: i64,
    sum_to_100: bool,
) -> PyResult<Bound<'py, PyAny>> {
    guard(|| {
        let opts = options_checked(precision, sum_to_100)?;
        // The count given, else the banding's, else the frame's criterion columns'.
        let given = criteria_count.or(banding.as_deref().map(|b| i64::from(b.inner.max())));
        let mut options = crate::convert::criteria_read(given)?;
        options.lenient = true;
        options.met_count_column = crate::frame::name(count_col)?;
        options.group_column = crate::frame::name(by)?;
        let by = options.group_column.clone();
        let d = crate::frame::Described::new_with(df, &options, by.as_deref())?;
        let source = d.source()?;
        let b = banding.as_deref().map(|b| &b.inner);
        let summaries = py
            .detach(|| ntm_criteria::input::read(source, &options)?.summaries(by.as_deref(), b, opts))
            .map_err(err)?;
        let (keys, mut all): (Vec<_>, Vec<_>) =
            summaries.into_iter().map(|(k, inner)| (k, PySummary { inner })).unzip();
        if by.is_none() && all.len() == 1 {
            return Ok(Bound::new(py, all.remove(0))?.into_any());
        }
        Ok((keys, all).into_pyobject(py)?.into_any())
    })
}

pub(crate) fn frame_table(df: &Bound<'_, PyAny>, criteria_count: Option<i64>) -> PyResult<ntm_criteria::CommuneTable> {
    let mut options = crate::convert::criteria_read(criteria_count)?;
    options.lenient = true;
    let d = crate::frame::Described::new(df, &options)?;
    let source = d.source()?;
    let table = df.py().detach(|| ntm_criteria::input::read_source(source, &options)).map_err(err)?;
    Ok(table.into_communes())
}

/// Summary options, refused rather than clamped: the core's rule.
pub(crate) fn options_checked(precision: i64, sum_to_100: bool) -> PyResult<SummaryOptions> {
    SummaryOptions::checked(precision, sum_to_100).map_err(err)
}

/// Raises an error from a Rust panic, to test that panics surface as ``NtmError``.
#[pyfunction]
#[allow(clippy::panic)]
pub(crate) fn _panic_for_test() -> PyResult<()> {
    guard(|| panic!("deliberate panic for the tests"))
}
