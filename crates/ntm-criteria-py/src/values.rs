//! The dict door: one commune's indicator values from a Python mapping, gathered by the core's
//! record door (`input::record`: the key rule, the text cell rule, components, keys given
//! twice). This module only converts: keys already seen are found by identity, Python values
//! become the core's `Given`.

use ntm_criteria::ProblemKind;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use ntm_criteria::input::header::Role;
use ntm_criteria::input::record::{Given, Record, RecordValues};
use ntm_criteria::{CriteriaSet, Problem};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};

use crate::convert;

/// Key objects remembered per set.
const KEY_CACHE: usize = 4096;

/// Key objects already matched, by identity: `{address: (the key, its role, its text)}` for
/// exact `str` keys. The cache holds a reference to each key, so no other object can take its
/// address while it is cached: a dict of values reused from call to call is converted without a
/// hash lookup, or a copy of its text, per key.
pub(crate) type KeyCache = HashMap<usize, (Py<PyAny>, Role, Arc<str>), std::hash::BuildHasherDefault<AddressHasher>>;

/// A set's indicator ids as a Python dict `{id: position}` (a key found there needs no UTF-8
/// conversion) and as text, by position.
pub(crate) struct Index {
    pub(crate) positions: Py<PyDict>,
    pub(crate) ids: Vec<Arc<str>>,
}

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

/// The role of a key not in the identity cache, and its text: by exact id (the id), else its
/// text read once and matched by the core's rule (`Record::role`); `None` for a key the record
/// refused.
fn key_role(record: &mut Record<'_>, index: &Index, k: &Bound<'_, PyAny>) -> PyResult<Option<(Role, Arc<str>)>> {
    if let Some(i) = index.positions.bind(k.py()).get_item(k).ok().flatten() {
        let i: usize = i.extract()?;
        return Ok(Some((Role::Indicator(i), Arc::clone(&index.ids[i]))));
    }
    let text: Arc<str> = k.str()?.to_cow()?.into();
    match record.role(&text) {
        Ok(r) => Ok(Some((r, text))),
        Err(p) => {
            record.refuse_key(p);
            Ok(None)
        }
    }
}

/// One key and value into the record. A key seen before is found by identity, with its role and
/// text (borrowed from the cache, not copied); a new one is matched and cached.
fn put(
    record: &mut Record<'_>,
    index: &Index,
    cache: &mut Option<std::sync::MutexGuard<'_, KeyCache>>,
    k: &Bound<'_, PyAny>,
    v: &Bound<'_, PyAny>,
) -> PyResult<()> {
    let exact_str = k.is_exact_instance_of::<PyString>();
    let addr = k.as_ptr() as usize;
    if let Some((_, role, text)) = cache.as_ref().filter(|_| exact_str).and_then(|c| c.get(&addr)) {
        return put_value(record, text, *role, v);
    }
    let Some((role, text)) = key_role(record, index, k)? else { return Ok(()) };
    if let Some(c) = cache.as_mut().filter(|c| exact_str && c.len() < KEY_CACHE) {
        c.insert(addr, (k.clone().unbind(), role, Arc::clone(&text)));
    }
    put_value(record, &text, role, v)
}

/// A value into the record under a known role: text as text, anything else as a typed value.
fn put_value(record: &mut Record<'_>, key: &str, role: Role, v: &Bound<'_, PyAny>) -> PyResult<()> {
    if let Ok(s) = v.cast::<PyString>() {
        record.put(key, role, Given::Text(&s.to_cow()?));
        return Ok(());
    }
    match convert::value(v) {
        Ok(value) => record.put(key, role, Given::Value(value)),
        Err(m) => {
            let kind = if m.starts_with("a pair") { ProblemKind::WrongShape } else { ProblemKind::NotANumber };
            record.refuse_value(Problem::new(key, kind, m).with_input(v.repr()?.to_string()));
        }
    }
    Ok(())
}

/// The values of one commune from a mapping `{indicator id: value}` (the two parts of a compound
/// indicator may also come as `"17.1:hygienic"` and `"17.1:clean"`), read by the core's record
/// door; its problems are reported with the assessment's (`RecordValues::check`).
pub(crate) fn values_from_py(
    set: &CriteriaSet,
    index: &Index,
    keys: &Mutex<KeyCache>,
    obj: &Bound<'_, PyAny>,
) -> PyResult<RecordValues> {
    let mut record = Record::new(set);
    // `try_lock`: a call re-entered from Python code run by a key's `__eq__` (or another
    // thread holding the cache) goes on without it instead of waiting.
    let mut cache = keys.try_lock().ok();
    match obj.cast::<PyDict>() {
        Ok(d) => {
            for (k, v) in d.iter() {
                put(&mut record, index, &mut cache, &k, &v)?;
            }
        }
        Err(_) => {
            let items = obj
                .call_method0("items")
                .map_err(|_| PyTypeError::new_err("values must be a mapping {indicator id: value}"))?;
            for item in items.try_iter()? {
                let (k, v): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item?.extract()?;
                put(&mut record, index, &mut cache, &k, &v)?;
            }
        }
    }
    Ok(record.values())
}
