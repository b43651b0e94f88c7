//! `_workbook_bytes`: the core's report workbook (`ntm_criteria::workbook`) of a summary, a
//! table or a frame, as the bytes of an `.xlsx` file (`write_workbook` in Python writes them).

use std::sync::Arc;

use ntm_criteria::workbook::{ReportWorkbook, WorkbookOptions};
use ntm_criteria::{CommuneTable, CriteriaSet, ReportOptions};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::PyBytes;

use crate::communes::PyCommuneTable;
use crate::errors::{err, guard};
use crate::indicators::PyIndicatorTable;
use crate::summary::{PyBanding, PySummary, options_checked};

/// What a workbook is made of: a summary, or communes (and the set that names their criteria).
enum Data {
    Summary(ntm_criteria::Summary),
    Table(Arc<CommuneTable>, Option<Arc<CriteriaSet>>),
}

fn data_of(data: &Bound<'_, PyAny>, criteria_count: Option<i64>) -> PyResult<Data> {
    if let Ok(s) = data.cast::<PySummary>() {
        return Ok(Data::Summary(s.get().inner.clone()));
    }
    if let Ok(t) = data.cast::<PyCommuneTable>() {
        return Ok(Data::Table(Arc::clone(&t.get().inner), None));
    }
    if let Ok(t) = data.cast::<PyIndicatorTable>() {
        let t = t.get();
        return Ok(Data::Table(Arc::new(t.criterion_table(data.py())?), Some(Arc::clone(t.set()))));
    }
    if data.hasattr("columns")? {
        return Ok(Data::Table(Arc::new(crate::summary::frame_table(data, criteria_count)?), None));
    }
    Err(PyTypeError::new_err(format!(
        "write_workbook takes a Summary, a CommuneTable, an IndicatorTable or a pandas or polars frame, not {}",
        data.get_type().name()?
    )))
}

/// The report workbook as `.xlsx` bytes (see `ntm_criteria.write_workbook`).
#[pyfunction]
#[pyo3(signature = (data, *, by = "district", lang = "vi", as_of = None, place = None, banding = None, precision = 2, sum_to_100 = false, criteria_set = None, criteria_count = None, omit_not_assessed = false))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn _workbook_bytes<'py>(
    py: Python<'py>,
    data: &Bound<'py, PyAny>,
    by: &str,
    lang: &str,
    as_of: Option<String>,
    place: Option<String>,
    banding: Option<PyRef<'py, PyBanding>>,
    precision: i64,
    sum_to_100: bool,
    criteria_set: Option<&Bound<'py, PyAny>>,
    criteria_count: Option<i64>,
    omit_not_assessed: bool,
) -> PyResult<Bound<'py, PyBytes>> {
    guard(|| {
        let report = ReportOptions { as_of, omit_not_assessed, ..ReportOptions::default() };
        let options = WorkbookOptions {
            lang: crate::convert::lang(lang)?,
            by: by.to_string(),
            place,
            banding: banding.map(|b| b.inner.clone()),
            summary: options_checked(precision, sum_to_100)?,
            report,
        };
        let named = criteria_set.map(crate::catalog::set_arg).transpose()?;
        let bytes = match data_of(data, criteria_count)? {
            Data::Summary(s) => ReportWorkbook::from_summary(&s, options).to_bytes(),
            Data::Table(t, own) => py.detach(|| {
                let book = ReportWorkbook::from_table(&t, options)?;
                match named.as_deref().or(own.as_deref()) {
                    Some(set) => book.with_criteria(set)?.to_bytes(),
                    None => book.to_bytes(),
                }
            }),
        }
        .map_err(err)?;
        Ok(PyBytes::new(py, &bytes))
    })
}
