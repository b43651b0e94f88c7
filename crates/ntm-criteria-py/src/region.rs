//! `Region` (vùng), `CommuneGroup` (nhóm xã) and the lookups.

use ntm_criteria::{CommuneGroup, Region};
use pyo3::prelude::*;
use pyo3::types::PyType;

use crate::errors::{err, guard};
use crate::text::pyrepr;

/// One of the 7 socio-economic regions (vùng) of the 2009-2025 criteria tables.
///
/// Build one from a code (``NMM``), a Vietnamese abbreviation (``TDMNPB``), a name in either
/// language, or a province: case, accents and NFC/NFD are ignored.
///
/// >>> from ntm_criteria import Region
/// >>> r = Region("Lạng Sơn")
/// >>> r.code, r.name_en
/// ('NMM', 'Northern Midlands and Mountains')
/// >>> r == Region.NMM
/// True
/// >>> [x.code for x in Region.all()]
/// ['NMM', 'RRD', 'NCC', 'SCC', 'CH', 'SE', 'MRD']
/// >>> r.name_vi, r.abbrev_vi, r.index
/// ('Trung du và miền núi phía Bắc', 'TDMNPB', 0)
#[pyclass(module = "ntm_criteria._ntm_criteria", name = "Region", frozen, eq, hash, from_py_object)]
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct PyRegion {
    pub(crate) inner: Region,
}

getters!(PyRegion, self;
    /// English code: NMM, RRD, NCC, SCC, CH, SE, MRD.
    code: &'static str = self.inner.code();
    /// Vietnamese name, e.g. ``Trung du và miền núi phía Bắc``.
    name_vi: &'static str = self.inner.name_vi();
    /// English name, e.g. ``Northern Midlands and Mountains``.
    name_en: &'static str = self.inner.name_en();
    /// Vietnamese abbreviation: TDMNPB, ĐBSH, BTB, DHNTB, TN, ĐNB, ĐBSCL.
    abbrev_vi: &'static str = self.inner.abbrev_vi();
    /// Position 0..7 in the official order.
    index: usize = self.inner.index();
);

#[allow(non_snake_case)]
#[pymethods]
impl PyRegion {
    #[new]
    fn new(code_or_name: &str) -> PyResult<Self> {
        guard(|| Ok(PyRegion { inner: ntm_criteria::region_of(code_or_name).map_err(err)? }))
    }

    /// The 7 regions, in the order of the official tables.
    ///
    /// >>> [r.abbrev_vi for r in Region.all()]
    /// ['TDMNPB', 'ĐBSH', 'BTB', 'DHNTB', 'TN', 'ĐNB', 'ĐBSCL']
    #[staticmethod]
    fn all() -> Vec<PyRegion> {
        Region::ALL.iter().map(|&inner| PyRegion { inner }).collect()
    }

    #[classattr]
    fn NMM() -> PyRegion {
        PyRegion { inner: Region::NorthernMidlandsMountains }
    }
    #[classattr]
    fn RRD() -> PyRegion {
        PyRegion { inner: Region::RedRiverDelta }
    }
    #[classattr]
    fn NCC() -> PyRegion {
        PyRegion { inner: Region::NorthCentralCoast }
    }
    #[classattr]
    fn SCC() -> PyRegion {
        PyRegion { inner: Region::SouthCentralCoast }
    }
    #[classattr]
    fn CH() -> PyRegion {
        PyRegion { inner: Region::CentralHighlands }
    }
    #[classattr]
    fn SE() -> PyRegion {
        PyRegion { inner: Region::Southeast }
    }
    #[classattr]
    fn MRD() -> PyRegion {
        PyRegion { inner: Region::MekongRiverDelta }
    }

    fn __repr__(&self) -> String {
        format!("Region({})", pyrepr(self.inner.code()))
    }

    fn __str__(&self) -> &'static str {
        self.inner.code()
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyType>, (&'static str,))> {
        Ok((slf.get_type(), (slf.get().inner.code(),)))
    }
}

/// A commune group (nhóm xã) of Decision 51/2025/QĐ-TTg (2026-2030): G1, G2 or G3.
///
/// >>> from ntm_criteria import CommuneGroup
/// >>> CommuneGroup("nhóm 3")
/// CommuneGroup('G3')
/// >>> CommuneGroup.G1.index
/// 0
/// >>> CommuneGroup.G1.code
/// 'G1'
#[pyclass(module = "ntm_criteria._ntm_criteria", name = "CommuneGroup", frozen, eq, hash, from_py_object)]
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct PyCommuneGroup {
    pub(crate) inner: CommuneGroup,
}

getters!(PyCommuneGroup, self;
    /// ``G1``, ``G2`` or ``G3``.
    code: &'static str = self.inner.code();
    /// Position 0..3.
    index: usize = self.inner.index();
);

#[allow(non_snake_case)]
#[pymethods]
impl PyCommuneGroup {
    #[new]
    fn new(code: &str) -> PyResult<Self> {
        guard(|| Ok(PyCommuneGroup { inner: CommuneGroup::parse(code).map_err(err)? }))
    }

    /// The three groups.
    ///
    /// >>> CommuneGroup.all()
    /// [CommuneGroup('G1'), CommuneGroup('G2'), CommuneGroup('G3')]
    #[staticmethod]
    fn all() -> Vec<PyCommuneGroup> {
        CommuneGroup::ALL.iter().map(|&inner| PyCommuneGroup { inner }).collect()
    }

    #[classattr]
    fn G1() -> PyCommuneGroup {
        PyCommuneGroup { inner: CommuneGroup::G1 }
    }
    #[classattr]
    fn G2() -> PyCommuneGroup {
        PyCommuneGroup { inner: CommuneGroup::G2 }
    }
    #[classattr]
    fn G3() -> PyCommuneGroup {
        PyCommuneGroup { inner: CommuneGroup::G3 }
    }

    fn __repr__(&self) -> String {
        format!("CommuneGroup({})", pyrepr(self.inner.code()))
    }

    fn __str__(&self) -> &'static str {
        self.inner.code()
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyType>, (&'static str,))> {
        Ok((slf.get_type(), (slf.get().inner.code(),)))
    }
}

/// The region of a province, or a region given by code or name.
///
/// Accents and case are ignored, and NFC and NFD spellings are the same.
///
/// >>> import unicodedata
/// >>> from ntm_criteria import region_of
/// >>> region_of("Lạng Sơn").code
/// 'NMM'
/// >>> region_of(unicodedata.normalize("NFD", "Lạng Sơn")) == region_of("lang son")
/// True
/// >>> region_of("ĐBSCL").name_vi
/// 'Đồng bằng sông Cửu Long'
/// >>> region_of("Atlantis")
/// Traceback (most recent call last):
/// ...
/// ntm_criteria.exceptions.UnknownRegionError: unknown region "Atlantis"
///
/// ``as_of`` (an ISO date string or ``datetime.date``) reads the name on that day. Without it,
/// or before 1/7/2025, a name is one of the 63 provinces of 2008 – mid-2025. From that day, a
/// name of one of the 34 provincial units means that unit; a unit that spans two regions raises
/// ``AmbiguousRegionError`` listing them (give the former province, or the region):
///
/// >>> region_of("Lâm Đồng").code, region_of("Lâm Đồng", as_of="2025-06-30").code
/// ('CH', 'CH')
/// >>> region_of("Bình Thuận", as_of="2026-03-01").code   # a former province: its own region
/// 'SCC'
/// >>> region_of("Lâm Đồng", as_of="2026-03-01")
/// Traceback (most recent call last):
/// ...
/// ntm_criteria.exceptions.AmbiguousRegionError: "Lâm Đồng" is, since 1/7/2025, the unit Lâm Đồng formed from Đắk Nông (Tây Nguyên), Bình Thuận (Duyên hải Nam Trung Bộ), Lâm Đồng (Tây Nguyên): it spans two regions. Give the former province (such as "Đắk Nông") or the region
#[pyfunction]
#[pyo3(signature = (name_or_code, as_of = None))]
pub(crate) fn region_of(name_or_code: &str, as_of: Option<&Bound<'_, PyAny>>) -> PyResult<PyRegion> {
    guard(|| {
        let inner = match date_arg(as_of)? {
            None => ntm_criteria::region_of(name_or_code),
            Some(d) => ntm_criteria::units2025::region_on(name_or_code, &d),
        };
        Ok(PyRegion { inner: inner.map_err(err)? })
    })
}

/// An ``as_of`` argument as `YYYY-MM-DD`: a string as given, or a ``datetime.date``'s
/// ``isoformat()`` (the core checks it).
pub(crate) fn date_arg(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Option<String>> {
    match obj {
        None => Ok(None),
        Some(o) if o.is_none() => Ok(None),
        Some(o) => match o.extract::<String>() {
            Ok(s) => Ok(Some(s)),
            Err(_) => Ok(Some(o.call_method0("isoformat")?.extract::<String>()?.chars().take(10).collect())),
        },
    }
}

/// The 7 regions, in the order of the official tables.
///
/// >>> from ntm_criteria import regions
/// >>> len(regions())
/// 7
#[pyfunction]
pub(crate) fn regions() -> Vec<PyRegion> {
    PyRegion::all()
}

/// The provinces as ``(code, name, region)``: the 63 of 2008 – mid-2025, or, with ``as_of`` on
/// or after 1/7/2025, the 34 provincial units (``region`` is ``None`` for a unit that spans two
/// regions).
///
/// >>> from ntm_criteria import provinces
/// >>> [p for p in provinces() if p[0] == "20"]
/// [('20', 'Lạng Sơn', Region('NMM'))]
/// >>> now = provinces(as_of="2026-12-02")
/// >>> len(now), [p for p in now if p[1] == "Lâm Đồng"]
/// (34, [('68', 'Lâm Đồng', None)])
#[pyfunction]
#[pyo3(signature = (as_of = None))]
pub(crate) fn provinces(as_of: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<(String, String, Option<PyRegion>)>> {
    guard(|| {
        let Some(d) = date_arg(as_of)? else {
            return Ok(ntm_criteria::provinces()
                .iter()
                .map(|p| (p.code.clone(), p.name.clone(), Some(PyRegion { inner: p.region })))
                .collect());
        };
        let list = ntm_criteria::units2025::provinces_on(&d).map_err(err)?;
        Ok(list.into_iter().map(|(c, n, r)| (c, n, r.map(|inner| PyRegion { inner }))).collect())
    })
}
