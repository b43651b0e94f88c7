//! `CriteriaSet`, `Criterion`, `Indicator`.

use std::collections::BTreeMap;
use std::sync::Arc;

use ntm_criteria::{
    CellValue, CriteriaSet, Criterion, Dimension, Indicator, NtmError, Override, Profile, RecognitionLevel,
    ThresholdCell, Tree, Verified, cell_key,
};
use pyo3::IntoPyObjectExt;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};

use crate::assess::PyAssessment;
use crate::convert;
use crate::errors::{err, guard};
use crate::frame;
use crate::region::{PyCommuneGroup, PyRegion};
use crate::summary::PyBanding;
use crate::text::pyrepr;

/// A criteria set (bộ tiêu chí): national (1980/QĐ-TTg, 318/QĐ-TTg, 51/2025/QĐ-TTg) or a
/// province's own. Immutable, and safe to share between threads.
///
/// >>> from ntm_criteria import CriteriaSet
/// >>> s = CriteriaSet.load("2016-2020")
/// >>> s.decision, s.criteria_count, s.dimension
/// ('1980/QĐ-TTg', 19, 'region')
/// >>> s.criteria[9].name_en
/// 'Income'
/// >>> s.indicator("17.1").components
/// ('hygienic', 'clean')
/// >>> s.id, s.period, s.decision_date, s.based_on, s.disadvantaged_uses
/// ('2016-2020', (2016, 2020), '2016-10-17', None, None)
/// >>> s.title_vi
/// 'Bộ tiêu chí quốc gia về xã nông thôn mới giai đoạn 2016-2020'
/// >>> s.title_en
/// 'National criteria for new-rural communes, 2016-2020'
/// >>> s.keys, s.indicator_count, s.indicators[0].id
/// (['NMM', 'RRD', 'NCC', 'SCC', 'CH', 'SE', 'MRD'], 49, '1.1')
/// >>> s.groups[2]
/// ('III', 'Kinh tế và tổ chức sản xuất', 'Economy and production organisation', [10, 11, 12, 13])
/// >>> len(s.notes), s.sources["A1"][:24], s.banding == Banding.official()
/// (13, 'http://baovinhlong.com.v', True)
#[pyclass(module = "ntm_criteria._ntm_criteria", name = "CriteriaSet", frozen)]
pub(crate) struct PySet {
    pub(crate) inner: Arc<CriteriaSet>,
    /// `{indicator id: position}` as a Python dict, and the ids, built on first use: looking a
    /// key up by its cached Python hash avoids a UTF-8 conversion per value.
    index: std::sync::OnceLock<Index>,
    /// Key objects already found, by identity: `{address: (the key, position)}` for exact `str`
    /// keys. The cache holds a reference to each key, so no other object can take its address
    /// while it is cached; a dict of values reused from call to call (or built from the same
    /// literals) is then converted without a hash lookup per key. Bounded by [`KEY_CACHE`].
    keys: std::sync::Mutex<KeyCache>,
}

use crate::values::{Index, KeyCache, values_from_py};

impl PySet {
    pub(crate) fn new(set: CriteriaSet) -> PySet {
        PySet { inner: Arc::new(set), index: std::sync::OnceLock::new(), keys: std::sync::Mutex::default() }
    }

    fn index(&self, py: Python<'_>) -> PyResult<&Index> {
        if let Some(i) = self.index.get() {
            return Ok(i);
        }
        let d = PyDict::new(py);
        for (i, ind) in self.inner.indicators().enumerate() {
            d.set_item(ind.id.as_str(), i)?;
        }
        let ids = self.inner.indicators().map(|ind| Arc::from(ind.id.as_str())).collect();
        Ok(self.index.get_or_init(|| Index { positions: d.unbind(), ids }))
    }
}

/// The columns a caller names: region, commune group, id, ĐBKK flag.
type NamedColumns<'a, 'py> = (
    Option<&'a Bound<'py, PyAny>>,
    Option<&'a Bound<'py, PyAny>>,
    Option<&'a Bound<'py, PyAny>>,
    Option<&'a Bound<'py, PyAny>>,
);

/// The keyword arguments of `assess_frame` and `what_if`.
fn frame_args(
    region: Option<&Bound<'_, PyAny>>,
    commune_group: Option<&Bound<'_, PyAny>>,
    disadvantaged: bool,
    (region_col, commune_group_col, id_col, disadvantaged_col): NamedColumns<'_, '_>,
    banding: Option<&PyBanding>,
    ignore: Option<&Bound<'_, PyAny>>,
    keep: Option<&Bound<'_, PyAny>>,
) -> PyResult<frame::FrameArgs> {
    if region.is_some() && region_col.is_some() {
        return Err(PyTypeError::new_err("give region or region_col, not both"));
    }
    if commune_group.is_some() && commune_group_col.is_some() {
        return Err(PyTypeError::new_err("give commune_group or commune_group_col, not both"));
    }
    Ok(frame::FrameArgs {
        defaults: profile(region, commune_group, disadvantaged)?,
        region_col: frame::name(region_col)?,
        commune_group_col: frame::name(commune_group_col)?,
        id_col: frame::name(id_col)?,
        disadvantaged_col: frame::name(disadvantaged_col)?,
        banding: banding.map(|b| b.inner.clone()),
        require_all: false,
        ignore: frame::names(ignore)?,
        keep: frame::names(keep)?,
    })
}

/// The profile of one commune from the keyword arguments.
pub(crate) fn profile(
    region: Option<&Bound<'_, PyAny>>,
    commune_group: Option<&Bound<'_, PyAny>>,
    disadvantaged: bool,
) -> PyResult<Profile> {
    let mut p = Profile::default().disadvantaged(disadvantaged);
    if let Some(r) = region {
        p.region = Some(convert::region(r)?);
    }
    if let Some(g) = commune_group {
        p.group = Some(convert::commune_group(g)?);
    }
    Ok(p)
}

fn cell_value(py: Python<'_>, v: &Option<CellValue>) -> PyResult<Py<PyAny>> {
    match v {
        None => Ok(py.None()),
        Some(CellValue::Number(x)) => x.into_py_any(py),
        Some(CellValue::Pair(a, b)) => (*a, *b).into_py_any(py),
        Some(CellValue::Text(t)) => t.into_py_any(py),
    }
}

fn verified_str(v: Verified) -> &'static str {
    v.as_str()
}

fn cell_dict<'py>(py: Python<'py>, c: &ThresholdCell) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("value", cell_value(py, &c.value)?)?;
    d.set_item("verified", verified_str(c.verified))?;
    d.set_item("sources", &c.sources)?;
    d.set_item("note", &c.note)?;
    d.set_item("year", c.year)?;
    d.set_item("detail", &c.detail)?;
    Ok(d)
}

/// The assessment key (`"NMM"`, `"G1"`, `"all"`, `"national"`) from a code, a `Region` or a
/// `CommuneGroup`, or a region or province name (the core's [`cell_key`]).
fn key_of(obj: &Bound<'_, PyAny>) -> PyResult<String> {
    if let Ok(r) = obj.cast::<PyRegion>() {
        return Ok(r.get().inner.code().to_string());
    }
    if let Ok(g) = obj.cast::<PyCommuneGroup>() {
        return Ok(g.get().inner.code().to_string());
    }
    Ok(cell_key(&obj.extract::<String>()?))
}

/// The overrides dict `{indicator id: …}` as the core's neutral tree, which the core reads
/// ([`Override::from_mapping`]).
fn overrides_tree(obj: &Bound<'_, PyAny>) -> PyResult<Tree> {
    let d = obj
        .cast::<PyDict>()
        .map_err(|_| PyTypeError::new_err("overrides must be a dict {indicator id: threshold or {key: threshold}}"))?;
    let mut budget = Tree::NODES;
    let mut entries = Vec::with_capacity(d.len());
    for (k, v) in d.iter() {
        let id: String = k.extract().map_err(|_| PyTypeError::new_err("override keys are indicator ids (str)"))?;
        entries.push((Tree::Text(id), convert::tree(&v, 1, &mut budget)));
    }
    Ok(Tree::Map(entries))
}

/// A criteria set given as a `CriteriaSet` or the name (or path) of a set.
pub(crate) fn set_arg(obj: &Bound<'_, PyAny>) -> PyResult<Arc<CriteriaSet>> {
    if let Ok(s) = obj.cast::<PySet>() {
        return Ok(Arc::clone(&s.get().inner));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return CriteriaSet::load(&s.to_cow()?).map(Arc::new).map_err(err);
    }
    Err(PyTypeError::new_err("criteria_set must be a CriteriaSet or the name of a bundled set"))
}

getters!(PySet, self;
    /// Short id, e.g. ``"2016-2020"``.
    id: &str = self.inner.id();
    /// Decision number (legal basis), e.g. ``"1980/QĐ-TTg"``.
    decision: &str = self.inner.decision();
    /// Signing date of the decision, ``YYYY-MM-DD``.
    decision_date: &str = self.inner.decision_date();
    /// Validity period ``(from, to)``.
    period: (u16, u16) = self.inner.period();
    /// Vietnamese title.
    title_vi: &str = &self.inner.file().title_vi;
    /// English title.
    title_en: &str = &self.inner.file().title_en;
    /// The set this one was derived from, if any.
    based_on: Option<&str> = self.inner.based_on();
    /// Number of criteria (19, or 10 for 2026-2030).
    criteria_count: u32 = self.inner.criteria_count();
    /// Number of indicators.
    indicator_count: usize = self.inner.indicator_count();
    /// What thresholds vary by: ``"region"``, ``"commune_group"`` or ``"none"``.
    dimension: &'static str = self.inner.dimension().as_str();
    /// What the set assesses: ``"commune"`` (xã), or ``"village"`` (thôn) for a province's
    /// village set. Its summaries and sentences use the unit's word.
    ///
    /// >>> CriteriaSet.load("2016-2020").unit
    /// 'commune'
    unit: &'static str = self.inner.unit().as_str();
    /// The recognition level meeting the set earns: ``"ntm"``, ``"nang_cao"``, ``"kieu_mau"``,
    /// or ``None`` when the set file does not say.
    ///
    /// >>> CriteriaSet.load("2021-2025").level, CriteriaSet.load("319").level
    /// ('ntm', 'kieu_mau')
    level: Option<&'static str> = self.inner.level().map(|l| l.as_str());
    /// The level a commune must already hold before the set applies to it, or ``None``.
    ///
    /// >>> CriteriaSet.load("691").requires, CriteriaSet.load("2016-2020").requires
    /// ('nang_cao', None)
    requires: Option<&'static str> = self.inner.requires().map(|r| r.level.as_str());
    /// Other names of the set that ``CriteriaSet.load`` accepts.
    ///
    /// >>> CriteriaSet.load("319").aliases
    /// ['319', '319/QĐ-TTg']
    aliases: Vec<String> = self.inner.aliases().to_vec();
    /// The assessment keys: the 7 region codes, ``G1``-``G3``, or ``all``.
    keys: Vec<&'static str> = self.inner.dimension().keys().collect();
    /// The region whose thresholds ĐBKK/ATK communes use (318/QĐ-TTg: NMM), if any.
    disadvantaged_uses: Option<PyRegion> = self.inner.disadvantaged_uses().map(|inner| PyRegion { inner });
    /// Source id → citation.
    sources: BTreeMap<String, String> = self.inner.sources().clone();
    /// Notes carried from the reference data.
    notes: Vec<String> = self.inner.notes().to_vec();
    /// The set's default banding.
    banding: PyBanding = PyBanding { inner: self.inner.banding().clone() };
    /// Later decisions that amend the set, as ``(decision, date)``.
    ///
    /// >>> CriteriaSet.load("2021-2025").amendments
    /// [('211/QĐ-TTg', '2024-03-01')]
    amendments: Vec<(String, String)> =
        self.inner.amendments().iter().map(|a| (a.decision.clone(), a.date.clone())).collect();
    /// The groups as ``(id, name_vi, name_en, criteria numbers)``.
    groups: Vec<(String, String, String, Vec<u32>)> =
        self.inner.groups().iter().map(|g| (g.id.clone(), g.name_vi.clone(), g.name_en.clone(), g.criteria.clone()))
            .collect();
    /// The criteria, in order.
    criteria: Vec<PyCriterion> =
        self.inner.criteria().iter().map(|c| PyCriterion { inner: c.clone(), dim: self.inner.dimension() }).collect();
    /// All indicators, in order.
    indicators: Vec<PyIndicator> =
        self.inner.indicators().map(|i| PyIndicator { inner: i.clone(), dim: self.inner.dimension() }).collect();
);

#[pymethods]
impl PySet {
    /// A bundled set by name (``"2016-2020"``, ``"2021-2025"``, ``"2026-2030"``, or the decision
    /// number), or a set file (``.json`` / ``.toml``, a set workbook ``.xlsx`` written by
    /// :meth:`write_template` and filled in Excel, or any ``os.PathLike``).
    ///
    /// >>> CriteriaSet.load("318").id
    /// '2021-2025'
    /// >>> CriteriaSet.load("2030-2035")
    /// Traceback (most recent call last):
    /// ...
    /// ntm_criteria.exceptions.UnknownSetError: unknown criteria set "2030-2035" (bundled: 2016-2020, 2021-2025, 2026-2030, kieu-mau-2018-2020, kieu-mau-2021-2025)
    #[staticmethod]
    fn load(name_or_path: &Bound<'_, PyAny>) -> PyResult<PySet> {
        guard(|| {
            if let Ok(s) = name_or_path.cast::<PyString>() {
                return Ok(PySet::new(CriteriaSet::load(&s.to_cow()?).map_err(err)?));
            }
            let path: std::path::PathBuf = name_or_path
                .extract()
                .map_err(|_| PyTypeError::new_err("name_or_path must be a str or an os.PathLike"))?;
            Ok(PySet::new(CriteriaSet::from_path(&path).map_err(err)?))
        })
    }

    /// The bundled set in force on ``date`` (an ISO date string or ``datetime.date``): the one
    /// that took effect last on or before it.
    ///
    /// >>> [CriteriaSet.in_force(d).id for d in ("2017-06-30", "2023-05-01", "2026-03-01")]
    /// ['2016-2020', '2021-2025', '2026-2030']
    #[staticmethod]
    fn in_force(date: &Bound<'_, PyAny>) -> PyResult<PySet> {
        guard(|| {
            let d = crate::region::date_arg(Some(date))?.unwrap_or_default();
            Ok(PySet::new(CriteriaSet::in_force(&d).map_err(err)?.clone()))
        })
    }

    /// Parses a set (or an override file with a ``base``) from JSON text.
    ///
    /// >>> s = CriteriaSet.load("2016-2020")
    /// >>> CriteriaSet.from_json(s.to_json()) == s
    /// True
    #[staticmethod]
    #[pyo3(signature = (text, source_name = "<json>"))]
    fn from_json(text: &str, source_name: &str) -> PyResult<PySet> {
        guard(|| Ok(PySet::new(CriteriaSet::from_json_str(text, source_name).map_err(err)?)))
    }

    /// Parses a set (or an override file with a ``base``) from TOML text.
    ///
    /// >>> t = CriteriaSet.from_toml('base = "2016-2020"\nid = "demo"\n[[overrides]]\nindicator = "10"\nkey = "NMM"\nvalue = 40\n')
    /// >>> t.id, t.based_on, t.indicator("10").threshold("NMM")
    /// ('demo', '2016-2020', 40.0)
    #[staticmethod]
    #[pyo3(signature = (text, source_name = "<toml>"))]
    fn from_toml(text: &str, source_name: &str) -> PyResult<PySet> {
        guard(|| Ok(PySet::new(CriteriaSet::from_toml_str(text, source_name).map_err(err)?)))
    }

    /// Writes the set as a workbook an office fills in Excel (an existing file is replaced):
    /// sheet ``Chỉ tiêu`` has one row per indicator with, for each key of the set (region or
    /// commune group), a threshold column and its sources and verified columns. Known thresholds
    /// are filled with their sources; unknown ones are left empty. :meth:`load` reads it back,
    /// validated like a JSON set file; a threshold typed without a source loads as unsourced.
    ///
    /// >>> import os, tempfile
    /// >>> path = os.path.join(tempfile.mkdtemp(), "2021-2025.xlsx")
    /// >>> s = CriteriaSet.load("2021-2025")
    /// >>> s.write_template(path)
    /// >>> CriteriaSet.load(path) == s
    /// True
    fn write_template(&self, py: Python<'_>, path: std::path::PathBuf) -> PyResult<()> {
        guard(|| py.detach(|| self.inner.write_template(&path)).map_err(err))
    }

    /// The set as JSON text, in the set-file format.
    ///
    /// >>> import json
    /// >>> d = json.loads(CriteriaSet.load("2016-2020").to_json())
    /// >>> d["format"], d["id"], d["decision"]
    /// (1, '2016-2020', '1980/QĐ-TTg')
    fn to_json(&self) -> String {
        self.inner.to_json()
    }

    /// Criterion by number (1-based).
    ///
    /// >>> CriteriaSet.load("2016-2020").criterion(17).name_vi
    /// 'Môi trường và an toàn thực phẩm'
    fn criterion(&self, number: u32) -> PyResult<PyCriterion> {
        guard(|| {
            Ok(PyCriterion { inner: self.inner.criterion(number).map_err(err)?.clone(), dim: self.inner.dimension() })
        })
    }

    /// The indicator with this id.
    ///
    /// >>> CriteriaSet.load("2016-2020").indicator("10").threshold("NMM")
    /// 36.0
    fn indicator(&self, id: &str) -> PyResult<PyIndicator> {
        guard(|| Ok(PyIndicator { inner: self.inner.indicator(id).map_err(err)?.clone(), dim: self.inner.dimension() }))
    }

    /// The decision that may have changed the threshold of ``indicator`` for ``key`` (a later
    /// amendment of the set, when the cell's number is not for a year on or after it), or
    /// ``None``.
    ///
    /// >>> s = CriteriaSet.load("2021-2025")
    /// >>> s.possibly_superseded("11", "NMM"), CriteriaSet.load("2016-2020").possibly_superseded("10", "NMM")
    /// ('211/QĐ-TTg', None)
    fn possibly_superseded(&self, indicator: &str, key: &str) -> PyResult<Option<String>> {
        guard(|| Ok(self.inner.possibly_superseded(indicator, key).map_err(err)?.map(|a| a.decision.clone())))
    }

    /// Threshold coverage for one key (``"NMM"``, ``"G1"``, ``"all"``), as two partitions of
    /// the indicators: with a usable target (``known``) or without (``unknown``); and the state
    /// of their cells (``verified_true``, ``partial``, ``unverified``, ``no_cell``). A yes/no
    /// indicator needs no number: without a cell it is known and counted in ``no_cell``.
    ///
    /// >>> CriteriaSet.load("2016-2020").coverage("NMM")
    /// {'indicators': 49, 'known': 49, 'no_cell': 0, 'partial': 21, 'unknown': 0, 'unverified': 10, 'verified_true': 18}
    /// >>> CriteriaSet.load("2026-2030").coverage("G1")
    /// {'indicators': 7, 'known': 4, 'no_cell': 7, 'partial': 0, 'unknown': 3, 'unverified': 0, 'verified_true': 0}
    fn coverage<'py>(&self, py: Python<'py>, key: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        guard(|| crate::table::serde_to_py(py, &self.inner.coverage(&key_of(key)?).map_err(err)?))
    }

    /// A copy with some thresholds changed (a province's own set).
    ///
    /// ``overrides`` maps an indicator id to a threshold for every region or group, or to
    /// ``{key: threshold}`` for some; a threshold is a number, a pair ``(x, y)`` for a two-part
    /// indicator, ``"Đạt"``/``"Không"``, or ``None`` (unknown), and a key a region or group code
    /// or name, a province, a ``Region`` or ``CommuneGroup``, or ``"*"``. A full change is a dict
    /// with the fields of an override in a set file (``value``, ``key``, ``rule``, ``unit``,
    /// ``verified``, ``note``, ``sources``): ``{"key": "NMM", "value": 60, "rule": "at_least",
    /// "unit": "percent"}``, or ``{key: {fields}}``. Every problem is listed in one
    /// ``CatalogError``.
    ///
    /// >>> s = CriteriaSet.load("2016-2020")
    /// >>> t = s.with_overrides({"10": 40, "17.1": {"NMM": (95, 60)}}, id="demo")
    /// >>> t.indicator("10").threshold("SE"), t.indicator("17.1").threshold("NMM"), t.based_on
    /// (40.0, (95.0, 60.0), '2016-2020')
    #[pyo3(signature = (overrides, *, id = None))]
    fn with_overrides(&self, overrides: &Bound<'_, PyAny>, id: Option<&str>) -> PyResult<PySet> {
        guard(|| {
            let new_id = id.map(str::to_string).unwrap_or_else(|| format!("{}+overrides", self.inner.id()));
            let ovs = Override::from_mapping(&overrides_tree(overrides)?, &new_id).map_err(err)?;
            Ok(PySet::new(self.inner.with_overrides(&new_id, &ovs).map_err(err)?))
        })
    }

    /// Assesses one commune.
    ///
    /// ``values`` maps indicator ids to a number, a bool (the agency's verdict), ``None``
    /// (not assessed) or, for a two-part indicator such as 17.1, a pair ``(hygienic, clean)``
    /// (or the keys ``"17.1:hygienic"`` and ``"17.1:clean"``). ``region`` is needed by the
    /// 2009-2025 sets and ``commune_group`` by 2026-2030. ``recognition`` is the level the
    /// commune already holds (``"ntm"``, ``"nang_cao"``, ``"kieu_mau"``, ``""`` for none), which a
    /// set that requires a level reads (see ``Assessment.prerequisite``).
    ///
    /// >>> s = CriteriaSet.load("2016-2020")
    /// >>> a = s.assess({"10": 31.0, "11": True, "17.1": (92, 48)}, region="Lạng Sơn")
    /// >>> a.criteria[10], a.criteria[11], a.criteria[1]
    /// ('not_met', 'met', 'not_assessed')
    /// >>> [(x.indicator, x.gap) for x in a.shortfalls]
    /// [('10', 5.0), ('17.1', 2.0)]
    /// >>> s.assess({"10": 40})
    /// Traceback (most recent call last):
    /// ...
    /// ntm_criteria.exceptions.MissingDimensionError: set 2016-2020 varies its thresholds by region: give the commune's region
    #[pyo3(signature = (values, *, region = None, commune_group = None, disadvantaged = false, recognition = None))]
    fn assess(
        &self,
        values: &Bound<'_, PyAny>,
        region: Option<&Bound<'_, PyAny>>,
        commune_group: Option<&Bound<'_, PyAny>>,
        disadvantaged: bool,
        recognition: Option<&str>,
    ) -> PyResult<PyAssessment> {
        guard(|| {
            let mut p = profile(region, commune_group, disadvantaged)?;
            if let Some(r) = recognition {
                p = p.recognised(RecognitionLevel::parse(r).map_err(err)?);
            }
            self.inner.check_profile(&p).map_err(err)?;
            let index = self.index(values.py())?;
            let mut read = values_from_py(&self.inner, index, &self.keys, values)?;
            // Values checked and criteria computed now; the indicator detail on first use.
            let a = PyAssessment::lazy(Arc::clone(&self.inner), std::mem::take(&mut read.values), p);
            read.check(&self.inner, a).map_err(err)
        })
    }

    /// Assesses a frame of communes: one row per commune, one column per indicator id.
    ///
    /// A column is numbers (NaN or null: not assessed) or bools (the agency's verdict). A
    /// two-part indicator such as 17.1 takes two number columns named after its components,
    /// ``17.1:hygienic`` and ``17.1:clean``, or one verdict column ``17.1``. Indicators without
    /// a column are not assessed (``missing="error"`` refuses them). Unknown columns raise a
    /// ``ValidationError`` that lists them all.
    ///
    /// The region (or commune group for 2026-2030) is one value for all rows, or a column.
    /// Returns a frame of the same library: the id column, ``c1``…``cN`` (``met``, ``not_met``,
    /// ``not_assessed``), ``met_count``, ``band`` and ``meets_standard``. Columns listed in
    /// ``ignore`` (names, districts, …) are left out. The columns are read without copying when
    /// they are float64, and the work runs without the GIL. A region column is fastest as a
    /// pandas ``category`` or as text read from a file; text with a separate object in every row
    /// (built from a numpy string array) costs a hash per row: convert it once with
    /// ``.astype("category")`` when the frame is assessed many times.
    ///
    /// >>> import pandas as pd
    /// >>> df = pd.DataFrame({"code": ["A", "B"], "10": [38.5, 31.0]})
    /// >>> f = CriteriaSet.load("2016-2020").assess_frame(df, region="NMM", id_col="code")
    /// >>> f[["code", "c10", "c11", "met_count"]].to_string(index=False)
    /// 'code     c10          c11  met_count\n   A     met not_assessed          1\n   B not_met not_assessed          0'
    #[pyo3(signature = (df, *, region = None, region_col = None, commune_group = None, commune_group_col = None, id_col = None, disadvantaged = false, disadvantaged_col = None, banding = None, missing = "not_assessed", ignore = None, keep = None))]
    #[allow(clippy::too_many_arguments)]
    fn assess_frame<'py>(
        slf: &Bound<'py, Self>,
        df: &Bound<'py, PyAny>,
        region: Option<&Bound<'py, PyAny>>,
        region_col: Option<&Bound<'py, PyAny>>,
        commune_group: Option<&Bound<'py, PyAny>>,
        commune_group_col: Option<&Bound<'py, PyAny>>,
        id_col: Option<&Bound<'py, PyAny>>,
        disadvantaged: bool,
        disadvantaged_col: Option<&Bound<'py, PyAny>>,
        banding: Option<PyRef<'py, PyBanding>>,
        missing: &str,
        ignore: Option<&Bound<'py, PyAny>>,
        keep: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        guard(|| {
            if missing != "not_assessed" && missing != "error" {
                return Err(err(NtmError::InvalidArgument {
                    argument: "missing".into(),
                    reason: format!("missing must be \"not_assessed\" or \"error\", not {missing:?}"),
                }));
            }
            let cols = (region_col, commune_group_col, id_col, disadvantaged_col);
            let mut args = frame_args(region, commune_group, disadvantaged, cols, banding.as_deref(), ignore, keep)?;
            args.require_all = missing == "error";
            frame::assess(&slf.get().inner, df, &args)
        })
    }

    /// A what-if (sensitivity) run: re-assesses the frame with the threshold of ``indicator``
    /// set to each value of ``grid`` (for every region or group), and returns a frame with one
    /// row per threshold: communes meeting each criterion, the standard, and per band.
    ///
    /// >>> import pandas as pd
    /// >>> df = pd.DataFrame({"code": ["A", "B"], "10": [38.5, 31.0]})
    /// >>> w = CriteriaSet.load("2016-2020").what_if(df, "10", [30, 36, 40], region="NMM", id_col="code")
    /// >>> w[["threshold", "c10"]].to_string(index=False)
    /// ' threshold  c10\n      30.0    2\n      36.0    1\n      40.0    0'
    #[pyo3(signature = (df, indicator, grid, *, region = None, region_col = None, commune_group = None, commune_group_col = None, id_col = None, disadvantaged = false, disadvantaged_col = None, banding = None, ignore = None, keep = None))]
    #[allow(clippy::too_many_arguments)]
    fn what_if<'py>(
        slf: &Bound<'py, Self>,
        df: &Bound<'py, PyAny>,
        indicator: &str,
        grid: Vec<f64>,
        region: Option<&Bound<'py, PyAny>>,
        region_col: Option<&Bound<'py, PyAny>>,
        commune_group: Option<&Bound<'py, PyAny>>,
        commune_group_col: Option<&Bound<'py, PyAny>>,
        id_col: Option<&Bound<'py, PyAny>>,
        disadvantaged: bool,
        disadvantaged_col: Option<&Bound<'py, PyAny>>,
        banding: Option<PyRef<'py, PyBanding>>,
        ignore: Option<&Bound<'py, PyAny>>,
        keep: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        guard(|| {
            let cols = (region_col, commune_group_col, id_col, disadvantaged_col);
            let args = frame_args(region, commune_group, disadvantaged, cols, banding.as_deref(), ignore, keep)?;
            frame::what_if(&slf.get().inner, df, indicator, &grid, &args)
        })
    }

    /// One row per indicator × region (or group): the threshold, the rule and the provenance.
    /// ``backend`` is ``"pandas"`` or ``"polars"``.
    ///
    /// >>> f = CriteriaSet.load("2016-2020").to_frame()
    /// >>> f[(f.indicator == "10") & (f.key == "NMM")][["criterion", "rule", "threshold", "target"]].to_string(index=False)
    /// ' criterion     rule  threshold target\n        10 at_least       36.0   ≥ 36'
    #[pyo3(signature = (*, backend = "pandas"))]
    fn to_frame<'py>(slf: &Bound<'py, Self>, backend: &str) -> PyResult<Bound<'py, PyAny>> {
        guard(|| {
            let py = slf.py();
            let records = slf.get().frame_records(py)?;
            py.import("ntm_criteria._frames")?.getattr("make_frame")?.call1((records, backend))
        })
    }

    /// The columns of `to_frame` as a dict of lists.
    fn _frame_records<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        guard(|| self.frame_records(py))
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<PySet>().map(|o| *o.get().inner == *self.inner).unwrap_or(false)
    }

    fn __hash__(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        self.inner.to_json().hash(&mut h);
        h.finish()
    }

    fn __repr__(&self) -> String {
        format!(
            "<CriteriaSet {} ({}, {} criteria, {} indicators, by {})>",
            pyrepr(self.inner.id()),
            self.inner.decision(),
            self.inner.criteria_count(),
            self.inner.indicator_count(),
            self.inner.dimension().as_str()
        )
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, (String, String))> {
        let from_json = slf.get_type().getattr("from_json")?;
        let s = slf.get();
        Ok((from_json, (s.inner.to_json(), s.inner.id().to_string())))
    }

    /// A small HTML table for Jupyter.
    fn _repr_html_(&self) -> String {
        self.inner.html()
    }
}

impl PySet {
    fn frame_records<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        Ok(crate::table::serde_to_py(py, &self.inner.threshold_table())?.cast_into::<PyDict>()?)
    }
}

/// One criterion (tiêu chí) of a set.
///
/// >>> from ntm_criteria import CriteriaSet
/// >>> c = CriteriaSet.load("2016-2020").criterion(10)
/// >>> c.number, c.group, c.name_vi, [i.id for i in c.indicators]
/// (10, 'III', 'Thu nhập', ['10'])
/// >>> c.name_en, c.sources
/// ('Income', ['S25', 'S4'])
#[pyclass(module = "ntm_criteria._ntm_criteria", name = "Criterion", frozen)]
pub(crate) struct PyCriterion {
    pub(crate) inner: Criterion,
    dim: Dimension,
}

getters!(PyCriterion, self;
    /// 1-based number.
    number: u32 = self.inner.number;
    /// Group id (``"I"`` … ``"V"``), if the set has groups.
    group: Option<&str> = self.inner.group.as_deref();
    /// Vietnamese name.
    name_vi: &str = &self.inner.name_vi;
    /// English name.
    name_en: &str = &self.inner.name_en;
    /// Source ids of the name.
    sources: Vec<String> = self.inner.sources.clone();
    /// The indicators (chỉ tiêu); empty when the reference has none.
    indicators: Vec<PyIndicator> =
        self.inner.indicators.iter().map(|i| PyIndicator { inner: i.clone(), dim: self.dim }).collect();
);

#[pymethods]
impl PyCriterion {
    fn __repr__(&self) -> String {
        format!("<Criterion {}: {} / {}>", self.inner.number, self.inner.name_vi, self.inner.name_en)
    }
}

/// One indicator (chỉ tiêu) of a criterion, with its thresholds and their provenance.
///
/// >>> from ntm_criteria import CriteriaSet
/// >>> i = CriteriaSet.load("2016-2020").indicator("17.1")
/// >>> i.rule, i.unit, i.components
/// ('at_least_both', 'percent', ('hygienic', 'clean'))
/// >>> i.threshold("NMM"), i.target("NMM")
/// ((90.0, 50.0), '≥ 90 and ≥ 50')
/// >>> i.thresholds["NMM"]["verified"]
/// 'true'
/// >>> i.id, i.text_verified, i.sources, i.note.startswith("Compound threshold")
/// ('17.1', True, ['S4', 'S10'], True)
/// >>> i.desc_vi
/// 'Tỷ lệ hộ dùng nước hợp vệ sinh và nước sạch theo quy định'
/// >>> i.desc_en
/// 'Share of households using hygienic water, of which clean (standard) water'
#[pyclass(module = "ntm_criteria._ntm_criteria", name = "Indicator", frozen)]
pub(crate) struct PyIndicator {
    pub(crate) inner: Indicator,
    dim: Dimension,
}

getters!(PyIndicator, self;
    /// Id such as ``"17.1"``.
    id: &str = &self.inner.id;
    /// Vietnamese description.
    desc_vi: &str = &self.inner.desc_vi;
    /// English description.
    desc_en: &str = &self.inner.desc_en;
    /// Unit: ``bool``, ``percent``, ``million_vnd_per_person_year``, ``m2_per_person``,
    /// ``count`` or ``number``.
    unit: &'static str = self.inner.unit.as_str();
    /// Rule: ``at_least``, ``at_most``, ``at_least_both``, ``at_least_times`` (a value at least
    /// the threshold times its base), ``achieved``, ``absent`` or ``province_defined``.
    rule: &'static str = self.inner.rule.as_str();
    /// Names of the two numbers of an ``at_least_both`` rule (the frame column suffixes).
    components: Option<(String, String)> = self.inner.components.as_ref().map(|[a, b]| (a.clone(), b.clone()));
    /// Whether the text was read in a source.
    text_verified: bool = self.inner.text_verified;
    /// Source ids.
    sources: Vec<String> = self.inner.sources.clone();
    /// Free note.
    note: Option<&str> = self.inner.note.as_deref();
);

getters!(PyIndicator, self, py: 'py;
    /// Threshold cells by key: ``{key: {value, verified, sources, note, year, detail}}``.
    thresholds: PyResult<Bound<'py, PyDict>> = guard(|| {
        let d = PyDict::new(py);
        for (k, c) in &self.inner.thresholds {
            d.set_item(k, cell_dict(py, c)?)?;
        }
        Ok(d)
    });
);

#[pymethods]
impl PyIndicator {
    /// The threshold for a key (a region, a group, their code, or ``"all"``): a number, a pair,
    /// or ``None`` when unknown or when the rule is a yes/no verdict.
    ///
    /// >>> s = CriteriaSet.load("2016-2020")
    /// >>> s.indicator("10").threshold("NMM"), s.indicator("10").threshold(Region("Hà Nội")), s.indicator("1.1").threshold("NMM")
    /// (36.0, 50.0, None)
    fn threshold(&self, py: Python<'_>, key: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        guard(|| convert::threshold(py, self.inner.target(self.dim, &key_of(key)?)))
    }
    /// The target for a key as text (``"≥ 36"``, ``"Đạt"``), or ``None`` when unknown.
    ///
    /// >>> s = CriteriaSet.load("2016-2020")
    /// >>> s.indicator("10").target("NMM"), s.indicator("10").target(Region.SE), s.indicator("1.1").target("NMM")
    /// ('≥ 36', '≥ 59', 'Đạt')
    fn target(&self, key: &Bound<'_, PyAny>) -> PyResult<Option<String>> {
        guard(|| Ok(self.inner.target(self.dim, &key_of(key)?).map(|t| t.to_string())))
    }
    fn __repr__(&self) -> String {
        format!("<Indicator {}: {}>", self.inner.id, self.inner.desc_en)
    }
}
