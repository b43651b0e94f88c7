//! The dict door: one commune's indicator values from a Python mapping.
//!
//! A key is matched by the core's header rule (`input::header`: `"1,1"`, `" 10 "`,
//! `"17.1: Hygienic"`), and a value read by the core's cell rule: text with
//! `input::cell::read_value`, typed numbers, bools and pairs as the core's `Value`s, which the
//! assessment checks with the same rule. Keys already seen are found by identity.

use ntm_criteria::ProblemKind;
use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;

use ntm_criteria::input::cell::{Cell, ParseIssue, read_value};
use ntm_criteria::input::header::{Headers, Role};
use ntm_criteria::{CriteriaSet, Problem, Value};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};

use crate::convert;

/// Key objects remembered per set.
const KEY_CACHE: usize = 4096;

/// Key objects already matched, by identity: `{address: (the key, its role)}` for exact `str`
/// keys. The cache holds a reference to each key, so no other object can take its address while
/// it is cached: a dict of values reused from call to call is converted without a hash lookup
/// per key.
pub(crate) type KeyCache = HashMap<usize, (Py<PyAny>, Role), std::hash::BuildHasherDefault<AddressHasher>>;

/// A hasher for object addresses (already unique; the low bits are alignment).
#[derive(Default)]
pub(crate) struct AddressHasher(u64);

impl std::hash::Hasher for AddressHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8 | u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    fn write_usize(&mut self, n: usize) {
        self.0 = ((n as u64) >> 4).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// Converted values in set order (`values[i]` is indicator `i`), and the problems of the others.
pub(crate) type Converted = (Vec<Value>, Vec<Problem>);

/// The role of a key: by identity, by exact id, else by the core's header rule.
fn key_role(
    set: &CriteriaSet,
    index: &Bound<'_, PyDict>,
    cache: &mut Option<std::sync::MutexGuard<'_, KeyCache>>,
    k: &Bound<'_, PyAny>,
) -> PyResult<Result<Role, Problem>> {
    let exact_str = k.is_exact_instance_of::<PyString>();
    let addr = k.as_ptr() as usize;
    if let Some((_, role)) = cache.as_ref().filter(|_| exact_str).and_then(|c| c.get(&addr)) {
        return Ok(Ok(*role));
    }
    let role = match index.get_item(k).ok().flatten() {
        Some(i) => Role::Indicator(i.extract()?),
        None => {
            let text = k.str()?.to_string();
            match Headers::for_set(set).role(&text) {
                Ok(r @ (Role::Indicator(_) | Role::Component(..))) => r,
                Ok(_) => {
                    let msg = format!(
                        "{text:?} is a table column, not an indicator: give indicator values only (the region with region=)"
                    );
                    return Ok(Err(Problem::new(text.clone(), ProblemKind::NotAnIndicator, msg).with_input(text)));
                }
                Err(e) => return Ok(Err(Problem::new(text.clone(), e.kind, e.message).with_input(text))),
            }
        }
    };
    if let Some(c) = cache.as_mut().filter(|c| exact_str && c.len() < KEY_CACHE) {
        c.insert(addr, (k.clone().unbind(), role));
    }
    Ok(Ok(role))
}

/// A value for an indicator: text by the cell rule, anything else as a typed value (checked by
/// the assessment with the same rule).
fn value_of(v: &Bound<'_, PyAny>, set: &CriteriaSet, i: usize) -> Result<Value, ParseIssue> {
    if let Ok(s) = v.cast::<PyString>() {
        let text = s.to_cow().map_err(|e| ParseIssue::new(ProblemKind::NotANumber, e.to_string()))?;
        return read_value(
            Cell::Text(&text),
            set.indicators().nth(i).ok_or_else(|| ParseIssue::new(ProblemKind::UnknownColumn, "no such indicator"))?,
        );
    }
    convert::value(v).map_err(|m| {
        ParseIssue::new(if m.starts_with("a pair") { ProblemKind::WrongShape } else { ProblemKind::NotANumber }, m)
    })
}

/// The values of one commune from a mapping `{indicator id: value}`; the two parts of a compound
/// indicator may also come as `"17.1:hygienic"` and `"17.1:clean"`. Values that cannot be read
/// are reported, and left out so that the core still checks the others.
pub(crate) fn values_from_py(
    set: &CriteriaSet,
    index: &Bound<'_, PyDict>,
    keys: &Mutex<KeyCache>,
    obj: &Bound<'_, PyAny>,
) -> PyResult<Converted> {
    let n = set.indicator_count();
    let mut slots = vec![Value::Missing; n];
    let mut given = vec![false; n];
    let mut parts: BTreeMap<usize, [Option<f64>; 2]> = BTreeMap::new();
    let mut problems = Vec::new();
    // `try_lock`: a call re-entered from Python code run by a key's `__eq__` (or another
    // thread holding the cache) goes on without it instead of waiting.
    let mut cache = keys.try_lock().ok();
    let mut one = |k: Bound<'_, PyAny>, v: Bound<'_, PyAny>| -> PyResult<()> {
        let problem = |kind: ProblemKind, msg: String| -> PyResult<Problem> {
            Ok(Problem::new(k.str()?.to_string(), kind, msg).with_input(v.repr()?.to_string()))
        };
        match key_role(set, index, &mut cache, &k)? {
            Err(p) => problems.push(p),
            Ok(Role::Indicator(i)) => match value_of(&v, set, i) {
                Ok(val) => {
                    slots[i] = val;
                    given[i] = true;
                }
                Err(e) => problems.push(problem(e.kind, e.message)?),
            },
            Ok(Role::Component(i, c)) => match convert::value(&v) {
                Ok(Value::Number(x)) => parts.entry(i).or_default()[c & 1] = Some(x),
                Ok(Value::Missing) => parts.entry(i).or_default()[c & 1] = Some(f64::NAN),
                Ok(_) => problems.push(problem(ProblemKind::NotANumber, "a component takes one number".into())?),
                Err(m) => problems.push(problem(ProblemKind::NotANumber, m)?),
            },
            Ok(_) => {}
        }
        Ok(())
    };
    match obj.cast::<PyDict>() {
        Ok(d) => {
            for (k, v) in d.iter() {
                one(k, v)?;
            }
        }
        Err(_) => {
            let items = obj
                .call_method0("items")
                .map_err(|_| PyTypeError::new_err("values must be a mapping {indicator id: value}"))?;
            for item in items.try_iter()? {
                let (k, v): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item?.extract()?;
                one(k, v)?;
            }
        }
    }
    pairs(set, parts, &given, &mut slots, &mut problems);
    Ok((slots, problems))
}

/// The compound values given as two keys: both numbers, or both missing.
fn pairs(
    set: &CriteriaSet,
    parts: BTreeMap<usize, [Option<f64>; 2]>,
    given: &[bool],
    slots: &mut [Value],
    problems: &mut Vec<Problem>,
) {
    for (idx, [a, b]) in parts {
        let Some(ind) = set.indicators().nth(idx) else { continue };
        let id = ind.id.clone();
        if given[idx] {
            problems.push(Problem::new(
                id,
                ProblemKind::DuplicateIndicator,
                "both the indicator and its components are given",
            ));
            continue;
        }
        match (a, b) {
            (Some(a), Some(b)) if a.is_nan() && b.is_nan() => slots[idx] = Value::Missing,
            (Some(a), Some(b)) if !a.is_nan() && !b.is_nan() => slots[idx] = Value::Pair(a, b),
            _ => {
                let comps = ind.components.clone().unwrap_or_default();
                let missing = if a.is_none_or(f64::is_nan) { &comps[0] } else { &comps[1] };
                let msg = format!(
                    "indicator {id} has one of its two numbers: give both {:?} and {:?}, or neither",
                    comps[0], comps[1]
                );
                problems.push(Problem::new(format!("{id}:{missing}"), ProblemKind::MissingComponent, msg));
            }
        }
    }
}
