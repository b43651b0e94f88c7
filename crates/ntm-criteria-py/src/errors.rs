//! Core errors → typed Python exceptions, and the panic guard.
//!
//! The exception classes live in `ntm_criteria/exceptions.py` (so that `ValidationError` can
//! subclass both `NtmError` and `ValueError`); this module only instantiates them. Every core
//! error variant maps to its own class, and every exception carries `errors()`: one entry per
//! problem, `{loc, type, msg, input}`.

use std::panic::{AssertUnwindSafe, catch_unwind};

use ntm_criteria::error::{Listing, list_problems};
use ntm_criteria::{NtmError, Omitted, Problem};
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyTuple};

/// One entry of an exception's `errors()`.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    pub row: Option<usize>,
    pub commune: Option<String>,
    pub loc: String,
    pub kind: String,
    pub msg: String,
    pub input: Option<String>,
}

impl Entry {
    /// An entry without row or commune.
    pub(crate) fn new(loc: &str, kind: &str, msg: String, input: Option<String>) -> Entry {
        Entry { row: None, commune: None, loc: loc.to_string(), kind: kind.to_string(), msg, input }
    }
}

impl From<&Problem> for Entry {
    fn from(p: &Problem) -> Entry {
        Entry {
            row: p.row,
            commune: p.commune.clone(),
            loc: p.loc.clone(),
            kind: p.kind.to_string(),
            msg: p.msg.clone(),
            input: p.input.clone(),
        }
    }
}

fn entry_dict<'py>(py: Python<'py>, e: &Entry) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    let mut loc: Vec<Bound<'py, PyAny>> = Vec::with_capacity(3);
    if let Some(r) = e.row {
        loc.push(r.into_pyobject(py)?.into_any());
    }
    if let Some(c) = &e.commune {
        loc.push(c.into_pyobject(py)?.into_any());
    }
    loc.push(e.loc.as_str().into_pyobject(py)?.into_any());
    d.set_item("loc", PyTuple::new(py, loc)?)?;
    d.set_item("type", &e.kind)?;
    d.set_item("msg", &e.msg)?;
    d.set_item("input", &e.input)?;
    Ok(d)
}

/// The last entry of `errors()` when problems were left out: their counts by kind.
fn omitted_entry<'py>(py: Python<'py>, omitted: &Omitted) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("loc", PyTuple::empty(py))?;
    d.set_item("type", "omitted")?;
    d.set_item("msg", format!("… and {omitted}"))?;
    d.set_item("input", py.None())?;
    d.set_item("counts", omitted.0.clone())?;
    Ok(d)
}

/// Builds an instance of `ntm_criteria.exceptions.<class>` with its entries and attributes.
pub(crate) fn exception(
    py: Python<'_>,
    class: &str,
    message: &str,
    entries: &[Entry],
    attrs: &[(&str, Option<String>)],
) -> PyErr {
    exception_with(py, class, message, entries, &Omitted::default(), attrs)
}

/// [`exception`] with the counts of the problems left out.
fn exception_with(
    py: Python<'_>,
    class: &str,
    message: &str,
    entries: &[Entry],
    omitted: &Omitted,
    attrs: &[(&str, Option<String>)],
) -> PyErr {
    let build = || -> PyResult<PyErr> {
        let module = py.import("ntm_criteria.exceptions")?;
        let cls = module.getattr(class)?;
        let exc = cls.call1((message,))?;
        let list = PyList::empty(py);
        for e in entries {
            list.append(entry_dict(py, e)?)?;
        }
        if !omitted.is_empty() {
            list.append(omitted_entry(py, omitted)?)?;
        }
        exc.setattr("_errors", list)?;
        exc.setattr("omitted", omitted.0.clone())?;
        for (k, v) in attrs {
            exc.setattr(*k, v)?;
        }
        Ok(PyErr::from_value(exc))
    };
    build().unwrap_or_else(|e| PyRuntimeError::new_err(format!("{message} (and the exception classes failed: {e})")))
}

/// The exception class, its attributes and the one error entry of a core error.
type Class = (&'static str, Vec<(&'static str, Option<String>)>, Entry);

/// The exception class and attributes of a core error: an exhaustive match, so that a variant
/// added to the core does not compile until it has its class here.
fn class_of(e: &NtmError) -> Class {
    let msg = e.to_string();
    let input = |kind: &str, loc: &str, class: &'static str, value: &String| -> Class {
        (class, vec![("input", Some(value.clone()))], Entry::new(loc, kind, msg.clone(), Some(value.clone())))
    };
    match e {
        NtmError::UnknownRegion { input: i } => input("unknown_region", "region", "UnknownRegionError", i),
        NtmError::AmbiguousRegion { input: i, unit, .. } => {
            let mut c = input("ambiguous_region", "region", "AmbiguousRegionError", i);
            c.1.push(("unit", Some(unit.clone())));
            c
        }
        NtmError::UnknownProvince { input: i } => input("unknown_province", "province", "UnknownProvinceError", i),
        NtmError::UnknownCommuneGroup { input: i } => {
            input("unknown_commune_group", "commune_group", "UnknownCommuneGroupError", i)
        }
        NtmError::UnknownSet { name, available } => {
            let mut c = input("unknown_set", "name", "UnknownSetError", name);
            c.1.push(("available", Some(available.clone())));
            c
        }
        NtmError::UnknownIndicator { id, set } => {
            let mut c = input("unknown_indicator", "indicator", "UnknownIndicatorError", id);
            c.1.push(("set_id", Some(set.clone())));
            c
        }
        NtmError::UnknownCriterion { number, set, .. } => {
            let mut c = input("unknown_criterion", "criterion", "UnknownCriterionError", &number.to_string());
            c.1.push(("set_id", Some(set.clone())));
            c
        }
        NtmError::Figure { input: i, .. } => input("bad_figure", "figure", "FigureError", i),
        NtmError::MissingDimension { set, dimension } => (
            "MissingDimensionError",
            vec![("dimension", Some(dimension.to_string())), ("set_id", Some(set.clone()))],
            Entry::new(dimension, "missing_dimension", msg, None),
        ),
        NtmError::InvalidValue { indicator, commune, .. } => {
            let mut entry = Entry::new(indicator, "invalid_value", msg, None);
            entry.commune = commune.clone();
            ("InvalidValueError", vec![("indicator", Some(indicator.clone())), ("argument", None)], entry)
        }
        NtmError::InvalidArgument { argument, .. } => (
            "InvalidValueError",
            vec![("argument", Some(argument.clone())), ("indicator", None)],
            Entry::new(argument, "invalid_argument", msg, None),
        ),
        NtmError::Catalog { source_name, .. } => {
            ("CatalogError", vec![("source", Some(source_name.clone()))], Entry::new("document", "catalog", msg, None))
        }
        NtmError::Validation { source_name, .. } => (
            "ValidationError",
            vec![("source", Some(source_name.clone()))],
            Entry::new("input", "validation", msg, None),
        ),
        NtmError::Banding { reason } => {
            ("BandingError", vec![], Entry::new("banding", "bad_banding", reason.clone(), None))
        }
        NtmError::EmptySummary { reason } => {
            ("EmptySummaryError", vec![], Entry::new("data", "empty_summary", reason.clone(), None))
        }
        NtmError::Batch { reason } => ("BatchError", vec![], Entry::new("batch", "batch", reason.clone(), None)),
        NtmError::Snapshot { reason } => {
            ("SnapshotError", vec![], Entry::new("snapshot", "snapshot", reason.clone(), None))
        }
        NtmError::Io { path, message } => (
            "NtmIOError",
            vec![("filename", Some(path.clone()))],
            Entry::new("path", "io", message.clone(), Some(path.clone())),
        ),
        NtmError::Write { path, message } => (
            "NtmIOError",
            vec![("filename", Some(path.clone()))],
            Entry::new("path", "write", message.clone(), Some(path.clone())),
        ),
    }
}

/// The problems of a message, one per line (the core's rule of what is shown).
fn listing(problems: &[Problem], omitted: &Omitted) -> String {
    list_problems(problems, omitted, Listing::Lines { more_hint: " (see .errors())" })
}

/// Converts a core error into its Python exception.
pub(crate) fn to_py(py: Python<'_>, e: &NtmError) -> PyErr {
    let (class, attrs, single) = class_of(e);
    match e {
        NtmError::Catalog { source_name, problems } => {
            let entries: Vec<Entry> = problems.iter().map(Entry::from).collect();
            let msg =
                format!("{} problem(s) in {source_name}:{}", problems.len(), listing(problems, &Omitted::default()));
            exception(py, class, &msg, &entries, &attrs)
        }
        NtmError::Validation { source_name, problems, omitted } => {
            let entries: Vec<Entry> = problems.iter().map(Entry::from).collect();
            let total = problems.len() as u64 + omitted.total();
            let msg = format!("{total} problem(s) in {source_name}:{}", listing(problems, omitted));
            exception_with(py, class, &msg, &entries, omitted, &attrs)
        }
        _ => exception(py, class, &e.to_string(), &[single], &attrs),
    }
}

/// `map_err` helper: a core error as a Python exception.
pub(crate) fn err(e: NtmError) -> PyErr {
    Python::attach(|py| to_py(py, &e))
}

/// Runs `f`, turning a Rust panic into `NtmError` (a panic never reaches Python as such).
pub(crate) fn guard<T>(f: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(payload) => {
            let what = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_string());
            let msg = format!("internal error in ntm-criteria (a Rust panic): {what}. Please report it.");
            Err(Python::attach(|py| {
                exception(py, "NtmError", &msg, &[Entry::new("internal", "panic", what.clone(), None)], &[])
            }))
        }
    }
}
