//! `read_communes`: a communes file read by the core's input layer, as a `CommuneTable` or,
//! with a criteria set, an `IndicatorTable`.

use std::sync::Arc;

use ntm_criteria::CommuneTable;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;

use crate::communes::PyCommuneTable;
use crate::errors::{err, guard};
use crate::indicators;

/// Reads a communes CSV, every problem of the file reported at once in a ``ValidationError``
/// (``errors()`` gives each problem's ``loc`` — ``(row, commune, column)`` with the row as a
/// spreadsheet numbers it — ``type``, ``msg`` and ``input``). The rules are in
/// ``docs/input-rules.md``.
///
/// Without ``criteria_set``: a table at the criterion level, the format of
/// ``examples/data/lang_son_2020.csv`` (``code`` plus ``criteria_met`` — criterion numbers
/// separated by ``;`` — and/or ``met_count``; optional ``name``, ``district_code``,
/// ``district``, ``province``, ``region``, ``commune_group``, ``disadvantaged``,
/// ``recognition``, ``recognition_year``, ``recognition_decision``), or one column per criterion
/// (``c1``, ``TC1``, ``Tiêu chí 1`` with ``Đạt`` / ``x`` / ``Không đạt``), for a set of
/// ``criteria_count`` criteria. Without ``criteria_count``, the criterion columns give it (the
/// highest: ``TC1``…``TC10`` is a table of 10 criteria, as in a frame), else 19. Returns a
/// ``CommuneTable``. ``unit="village"`` reads villages (``Thôn`` the village, ``Xã`` its
/// commune), and their summaries say "thôn".
///
/// >>> from ntm_criteria import read_communes, ValidationError
/// >>> import tempfile, pathlib
/// >>> path = pathlib.Path(tempfile.mkdtemp()) / "bad.csv"
/// >>> _ = path.write_text("code,criteria_met,met_count\n001,1;2;20,3\n001,1,2\n,1,1\n", encoding="utf-8")
/// >>> try:
/// ...     read_communes(path)
/// ... except ValidationError as e:
/// ...     print([(x["loc"], x["type"]) for x in e.errors()])
/// [((2, '001', 'criteria_met'), 'unknown_criterion'), ((3, '001', 'code'), 'duplicate_code'), ((3, '001', 'met_count'), 'count_mismatch'), ((4, 'code'), 'empty_code')]
/// >>> path = pathlib.Path(tempfile.mkdtemp()) / "2026.csv"
/// >>> _ = path.write_text("Mã xã,TC1,TC2,TC3,TC4,TC5,TC6,TC7,TC8,TC9,TC10\n001,Đạt,Đạt,Đạt,Đạt,Đạt,Đạt,Đạt,Đạt,Đạt,Đạt\n", encoding="utf-8")
/// >>> t = read_communes(path)
/// >>> t.criteria_count, t.summarize().meeting_standard
/// (10, 1)
///
/// With ``criteria_set`` (a ``CriteriaSet``, or a name or path for ``CriteriaSet.load``): a
/// table of indicator values (chỉ tiêu), the same columns plus one per indicator id, or
/// ``id:component`` for a two-part indicator. ``region``, ``commune_group`` and
/// ``disadvantaged`` are the defaults for rows whose ``region`` / ``commune_group`` (or
/// ``province``) column does not give them. Returns an ``IndicatorTable``.
///
/// >>> path = pathlib.Path(tempfile.mkdtemp()) / "values.csv"
/// >>> _ = path.write_text("code;province;10;4.2;99.9\n001;Lạng Sơn;38,5;0,85;\n002;Atlantis;abc;85%;\n", encoding="utf-8")
/// >>> try:
/// ...     read_communes(path, criteria_set="2016-2020")
/// ... except ValidationError as e:
/// ...     for x in e.errors():
/// ...         print(x["loc"], x["type"], repr(x["input"]))
/// (1, '99.9') unknown_column '99.9'
/// (2, '001', '4.2') ambiguous_percent '0,85'
/// (3, '002', 'province') unknown_region 'Atlantis'
/// (3, '002', '10') not_a_number 'abc'
#[pyfunction]
#[pyo3(signature = (path, *, criteria_count = None, criteria_set = None, region = None, commune_group = None, disadvantaged = false, sheet = None, keep = None, ignore = None, unit = None))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn read_communes<'py>(
    py: Python<'py>,
    path: std::path::PathBuf,
    criteria_count: Option<i64>,
    criteria_set: Option<&Bound<'py, PyAny>>,
    region: Option<&Bound<'py, PyAny>>,
    commune_group: Option<&Bound<'py, PyAny>>,
    disadvantaged: bool,
    sheet: Option<String>,
    keep: Option<&Bound<'py, PyAny>>,
    ignore: Option<&Bound<'py, PyAny>>,
    unit: Option<&str>,
) -> PyResult<Bound<'py, PyAny>> {
    guard(|| {
        let (keep, ignore) = (crate::frame::names(keep)?, crate::frame::names(ignore)?);
        let Some(set) = criteria_set else {
            if region.is_some() || commune_group.is_some() || disadvantaged {
                return Err(PyTypeError::new_err(
                    "region, commune_group and disadvantaged apply to indicator values: give criteria_set too",
                ));
            }
            let unit = unit.map(ntm_criteria::AssessedUnit::parse).transpose().map_err(err)?.unwrap_or_default();
            let mut options = crate::convert::criteria_read(criteria_count)?.keep(keep).ignore(ignore).unit(unit);
            options.sheet = sheet;
            let t = py.detach(|| CommuneTable::read(&path, &options)).map_err(err)?;
            let table = PyCommuneTable { inner: Arc::new(t), source: path.display().to_string() };
            return Ok(Bound::new(py, table)?.into_any());
        };
        if criteria_count.is_some() || unit.is_some() {
            return Err(PyTypeError::new_err(
                "give criteria_count and unit, or criteria_set, not both (the set gives the number of criteria and its unit)",
            ));
        }
        indicators::read(py, path, set, (region, commune_group, disadvantaged), sheet, (keep, ignore))
    })
}
