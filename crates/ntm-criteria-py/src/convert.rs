//! Small conversions between Python objects and core types.

use ntm_criteria::{CommuneGroup, Fixed, Lang, Region, Target, Tree, Value, region_of};
use pyo3::IntoPyObjectExt;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple, PyType};

use crate::errors::err;
use crate::region::{PyCommuneGroup, PyRegion};

/// `decimal.Decimal`, imported once.
fn decimal_type(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    static DECIMAL: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    DECIMAL.import(py, "decimal", "Decimal")
}

/// A `decimal.Decimal` built from the exact decimal string (never through a float).
pub(crate) fn decimal(py: Python<'_>, f: Fixed) -> PyResult<Bound<'_, PyAny>> {
    decimal_type(py)?.call1((f.to_string(),))
}

/// A finite `decimal.Decimal` as units and scale, exactly (from its digits); `None` when it
/// does not fit (over 18 digits, or over 255 decimals) or is not finite.
fn exact_decimal(obj: &Bound<'_, PyAny>) -> Option<Fixed> {
    let (sign, digits, exponent) = obj.call_method0("as_tuple").ok()?.extract::<(u8, Vec<u8>, i64)>().ok()?;
    let mut units: i64 = 0;
    for d in digits {
        units = units.checked_mul(10)?.checked_add(i64::from(d))?;
    }
    let scale = u8::try_from(exponent.min(0).unsigned_abs()).ok()?;
    for _ in 0..exponent.max(0) {
        units = units.checked_mul(10)?;
    }
    Some(Fixed { units: if sign == 1 { -units } else { units }, scale })
}

/// A target's threshold: a number, a pair `(x, y)`, or `None` (a verdict rule, or unknown).
pub(crate) fn threshold(py: Python<'_>, t: Option<Target>) -> PyResult<Py<PyAny>> {
    match t {
        Some(Target::AtLeast(x) | Target::AtMost(x) | Target::AtLeastTimes(x)) => x.into_py_any(py),
        Some(Target::AtLeastBoth(x, y)) => (x, y).into_py_any(py),
        _ => Ok(py.None()),
    }
}

/// Whether the object is a numpy bool (`numpy.bool_`), which is not a Python `bool`.
pub(crate) fn is_numpy_bool(obj: &Bound<'_, PyAny>) -> bool {
    let ty = obj.get_type();
    let module = ty.module().map(|m| m.to_string()).unwrap_or_default();
    let name = ty.name().map(|n| n.to_string()).unwrap_or_default();
    module == "numpy" && (name == "bool" || name == "bool_")
}

/// An indicator value from Python: `None` → missing, `bool` → verdict, a number → number,
/// a pair `(a, b)` → the two numbers of a compound indicator.
pub(crate) fn value(obj: &Bound<'_, PyAny>) -> Result<Value, String> {
    // The common cases first: each check is a type-pointer comparison.
    if obj.is_exact_instance_of::<PyFloat>() {
        return obj.extract::<f64>().map(Value::Number).map_err(|e| e.to_string());
    }
    if obj.is_instance_of::<PyBool>() {
        return obj.extract::<bool>().map(Value::Verdict).map_err(|e| e.to_string());
    }
    if obj.is_none() {
        return Ok(Value::Missing);
    }
    if obj.is_instance_of::<PyInt>() || obj.is_instance_of::<PyFloat>() {
        return obj.extract::<f64>().map(Value::Number).map_err(|e| e.to_string());
    }
    if obj.is_instance_of::<PyTuple>() || obj.is_instance_of::<PyList>() {
        let parts: Vec<Bound<'_, PyAny>> =
            obj.try_iter().map_err(|e| e.to_string())?.collect::<PyResult<_>>().map_err(|e| e.to_string())?;
        if parts.len() != 2 {
            return Err(format!("a pair has two numbers, not {}", parts.len()));
        }
        let part = |p: &Bound<'_, PyAny>| {
            number(p).map_err(|_| {
                format!(
                    "a pair has two numbers, and {} is not one: give both, or None for the whole value when it is unknown",
                    p.repr().map(|r| r.to_string()).unwrap_or_else(|_| "a part".into())
                )
            })
        };
        return Ok(Value::Pair(part(&parts[0])?, part(&parts[1])?));
    }
    if obj.is_instance_of::<PyString>() {
        return Err("a text is not a value: give a number, a bool or None".into());
    }
    if is_numpy_bool(obj) {
        return obj.extract::<bool>().map(Value::Verdict).map_err(|e| e.to_string());
    }
    number(obj).map(Value::Number)
}

fn number(obj: &Bound<'_, PyAny>) -> Result<f64, String> {
    if obj.is_instance_of::<PyBool>() || obj.is_instance_of::<PyString>() {
        return Err(format!("{} is not a number", obj.repr().map(|r| r.to_string()).unwrap_or_default()));
    }
    if obj.is_instance_of::<PyFloat>() || obj.is_instance_of::<PyInt>() {
        return obj.extract::<f64>().map_err(|e| e.to_string());
    }
    obj.extract::<f64>().map_err(|_| {
        format!(
            "{} is not a number, a bool, a pair or None",
            obj.repr().map(|r| r.to_string()).unwrap_or_else(|_| "the value".into())
        )
    })
}

/// A Python value as the core's neutral [`Tree`], at `depth` (the top mapping is at 0): `None`,
/// a bool (numpy's too), a str, a dict, a list or tuple, an `int` or a `Decimal` (exact), any
/// other number (anything with `__float__`), a `Region` or `CommuneGroup` (its code); anything
/// else is `Tree::Other` with its `repr`. Past
/// `Tree::DEPTH`, or once `budget` values are converted, a container is not looked into (the
/// core reads no deeper than that), so that a nested or self-sharing value costs nothing.
pub(crate) fn tree(obj: &Bound<'_, PyAny>, depth: usize, budget: &mut usize) -> Tree {
    let shown =
        |o: &Bound<'_, PyAny>| Tree::Other(o.repr().map(|r| r.to_string()).unwrap_or_else(|_| "a value".into()));
    if obj.is_none() {
        return Tree::Null;
    }
    if obj.is_instance_of::<PyBool>() || is_numpy_bool(obj) {
        return obj.extract::<bool>().map(Tree::Bool).unwrap_or_else(|_| shown(obj));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return Tree::Text(s.to_string_lossy().into_owned());
    }
    if let Ok(r) = obj.cast::<PyRegion>() {
        return Tree::Text(r.get().inner.code().to_string());
    }
    if let Ok(g) = obj.cast::<PyCommuneGroup>() {
        return Tree::Text(g.get().inner.code().to_string());
    }
    let is_seq = obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>();
    let is_dict = obj.is_instance_of::<PyDict>();
    if (is_seq || is_dict) && (depth >= Tree::DEPTH || *budget == 0) {
        let kind = if is_dict { "a dict" } else { "a list" };
        return Tree::Other(format!("{kind} nested too deep or too large"));
    }
    let mut item = |o: &Bound<'_, PyAny>| {
        *budget = budget.saturating_sub(1);
        tree(o, depth + 1, budget)
    };
    if let Ok(d) = obj.cast::<PyDict>() {
        return Tree::Map(d.iter().map(|(k, v)| (item(&k), item(&v))).collect());
    }
    if let Ok(l) = obj.cast::<PyList>() {
        return Tree::List(l.iter().map(|x| item(&x)).collect());
    }
    if let Ok(t) = obj.cast::<PyTuple>() {
        return Tree::List(t.iter().map(|x| item(&x)).collect());
    }
    if obj.is_instance_of::<PyInt>()
        && let Ok(units) = obj.extract::<i64>()
    {
        return Tree::Exact(Fixed { units, scale: 0 });
    }
    if decimal_type(obj.py()).and_then(|t| obj.is_instance(t)).unwrap_or(false) {
        return exact_decimal(obj).map_or_else(|| shown(obj), Tree::Exact);
    }
    match obj.extract::<f64>() {
        Ok(x) => Tree::Number(x),
        Err(_) if obj.is_instance_of::<PyInt>() => Tree::Other("an int too large for a float".into()),
        Err(_) => shown(obj),
    }
}

/// A region from a `Region`, a region code or name, or a province name or code.
pub(crate) fn region(obj: &Bound<'_, PyAny>) -> PyResult<Region> {
    if let Ok(r) = obj.cast::<PyRegion>() {
        return Ok(r.get().inner);
    }
    if let Ok(s) = obj.cast::<PyString>() {
        let s = s.to_cow()?;
        // A region code is the common case; anything else goes through the core's lookup.
        if let Some(r) = Region::ALL.iter().find(|r| r.code() == s) {
            return Ok(*r);
        }
        return region_of(&s).map_err(err);
    }
    Err(PyTypeError::new_err(format!(
        "region must be a Region or a str, not {}",
        obj.get_type().name().map(|n| n.to_string()).unwrap_or_default()
    )))
}

/// A commune group from a `CommuneGroup` or a text such as `"G1"`, `"nhóm 1"`.
pub(crate) fn commune_group(obj: &Bound<'_, PyAny>) -> PyResult<CommuneGroup> {
    if let Ok(g) = obj.cast::<PyCommuneGroup>() {
        return Ok(g.get().inner);
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return CommuneGroup::parse(&s.to_cow()?).map_err(err);
    }
    if let Ok(i) = obj.extract::<u8>() {
        return CommuneGroup::parse(&i.to_string()).map_err(err);
    }
    Err(PyTypeError::new_err(format!(
        "commune_group must be a CommuneGroup or a str, not {}",
        obj.get_type().name().map(|n| n.to_string()).unwrap_or_default()
    )))
}

/// `"vi"` or `"en"` (parsed by the core).
pub(crate) fn lang(s: &str) -> PyResult<Lang> {
    s.parse::<Lang>().map_err(err)
}

/// A whole number in `0..=max` from Python: anything else (negative, too large for 64 bits, not
/// an integer) is an `InvalidValueError` naming `what`, not pyo3's `OverflowError`.
pub(crate) fn whole(obj: &Bound<'_, PyAny>, what: &str, max: u64) -> PyResult<u64> {
    let invalid =
        |reason: String| crate::errors::err(ntm_criteria::NtmError::InvalidArgument { argument: what.into(), reason });
    let shown = || obj.repr().map(|r| r.to_string()).unwrap_or_else(|_| "the value".into());
    let v: i128 = obj.extract().map_err(|_| invalid(format!("{} is not a whole number in 0..={max}", shown())))?;
    u64::try_from(v)
        .ok()
        .filter(|v| *v <= max)
        .ok_or_else(|| invalid(format!("{v} is not a whole number in 0..={max}")))
}

/// A number of criteria: 1 to 32, refused otherwise (never clamped): the core's rule.
pub(crate) fn criteria_count_arg(n: i64) -> PyResult<u32> {
    ntm_criteria::criteria_count(n).map_err(err)
}

/// A criteria count argument, refused outside 1..=32, or the default (19) when not given.
pub(crate) fn criteria_count_or_default(n: Option<i64>) -> PyResult<u32> {
    n.map_or(Ok(ntm_criteria::DEFAULT_CRITERIA_COUNT), criteria_count_arg)
}

/// The options of a criterion-level read: of the count given, or else of the one the table's
/// criterion columns give (19 without any: the core's rule, `ReadOptions::criteria_from_columns`).
pub(crate) fn criteria_read(criteria_count: Option<i64>) -> PyResult<ntm_criteria::input::ReadOptions<'static>> {
    match criteria_count {
        Some(n) => Ok(ntm_criteria::input::ReadOptions::criteria(criteria_count_arg(n)?)),
        None => Ok(ntm_criteria::input::ReadOptions::criteria_from_columns()),
    }
}
