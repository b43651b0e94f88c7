//! Python bindings of `ntm-criteria` (the private module `ntm_criteria._ntm_criteria`).
//!
//! A thin layer: it converts Python values to core types and back, and core errors to typed
//! Python exceptions. Every rule, count, rounding, band, region lookup, parser and report
//! sentence comes from the core crate. Frame plumbing (pandas/polars) is in
//! `python/ntm_criteria/_frames.py`, which hands numpy arrays to the functions here.
//!
//! Every entry point runs under [`errors::guard`], so a Rust panic surfaces as `NtmError`.

use pyo3::prelude::*;

/// Read-only attributes of a Python class, one line each: `name: Type = expression;`, the
/// expression reading `self` (named first, as `getters!(Type, self; ...)`), and with
/// `getters!(Type, self, py: 'py; ...)` the interpreter `py` too. Each becomes a `#[getter]`
/// method, its doc comment the attribute's docstring: what `#[pyo3(get)]` does for a field, for
/// attributes that read the wrapped core value.
macro_rules! getters {
    ($ty:ty, $slf:ident; $($(#[$m:meta])* $name:ident: $ret:ty = $body:expr;)*) => {
        #[pymethods]
        impl $ty {
            $($(#[$m])* #[getter] fn $name(&$slf) -> $ret { $body })*
        }
    };
    ($ty:ty, $slf:ident, $py:ident: $lt:lifetime; $($(#[$m:meta])* $name:ident: $ret:ty = $body:expr;)*) => {
        #[pymethods]
        impl $ty {
            $($(#[$m])* #[getter] fn $name<$lt>(&$slf, $py: Python<$lt>) -> $ret { $body })*
        }
    };
}

mod assess;
mod catalog;
mod communes;
mod convert;
mod errors;
mod frame;
mod indicators;
mod planning;
mod progress;
mod published;
mod reading;
mod region;
mod summary;
mod table;
mod text;
mod values;
mod workbook;

/// The bundled criteria sets: the national commune standards ``"2016-2020"``, ``"2021-2025"``,
/// ``"2026-2030"``, then the model-commune sets of 691/QĐ-TTg and 319/QĐ-TTg.
///
/// >>> from ntm_criteria import criteria_sets
/// >>> criteria_sets()
/// ['2016-2020', '2021-2025', '2026-2030', 'kieu-mau-2018-2020', 'kieu-mau-2021-2025']
#[pyfunction]
fn criteria_sets() -> Vec<&'static str> {
    ntm_criteria::CriteriaSet::bundled_names().to_vec()
}

#[pymodule]
fn _ntm_criteria(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("STATUSES", ("met", "not_met", "not_assessed"))?;
    m.add_class::<catalog::PySet>()?;
    m.add_class::<catalog::PyCriterion>()?;
    m.add_class::<catalog::PyIndicator>()?;
    m.add_class::<assess::PyAssessment>()?;
    m.add_class::<assess::PyIndicatorOutcome>()?;
    m.add_class::<assess::PyUnverifiedThreshold>()?;
    m.add_class::<region::PyRegion>()?;
    m.add_class::<region::PyCommuneGroup>()?;
    m.add_class::<summary::PyBanding>()?;
    m.add_class::<summary::PySummary>()?;
    m.add_function(wrap_pyfunction!(criteria_sets, m)?)?;
    m.add_function(wrap_pyfunction!(region::region_of, m)?)?;
    m.add_function(wrap_pyfunction!(region::regions, m)?)?;
    m.add_function(wrap_pyfunction!(region::provinces, m)?)?;
    m.add_function(wrap_pyfunction!(summary::_summarize_counts, m)?)?;
    m.add_function(wrap_pyfunction!(summary::_summarize_assessments, m)?)?;
    m.add_function(wrap_pyfunction!(summary::_summarize_frame, m)?)?;
    m.add_function(wrap_pyfunction!(workbook::_workbook_bytes, m)?)?;
    m.add_function(wrap_pyfunction!(summary::_panic_for_test, m)?)?;
    m.add_class::<communes::PyCommuneTable>()?;
    m.add_class::<indicators::PyIndicatorTable>()?;
    m.add_function(wrap_pyfunction!(reading::read_communes, m)?)?;
    m.add_class::<table::PyTable>()?;
    m.add_class::<progress::PySnapshot>()?;
    m.add_class::<progress::PyComparison>()?;
    m.add_class::<planning::PyStatusSummary>()?;
    m.add_class::<planning::PyTargetGap>()?;
    m.add_class::<published::PyPublishedReport>()?;
    m.add_function(wrap_pyfunction!(progress::compare, m)?)?;
    m.add_function(wrap_pyfunction!(published::audit, m)?)?;
    m.add_function(wrap_pyfunction!(published::read_reports, m)?)?;
    Ok(())
}
