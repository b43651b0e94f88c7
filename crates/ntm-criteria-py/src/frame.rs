//! The columnar paths behind `assess_frame`, `what_if` and `read_communes`.
//!
//! Python hands over float64 numpy arrays (read in place, never copied), a key index per row,
//! and gets back numpy arrays allocated here and filled by the core without the GIL: criteria
//! bitmasks, counts, one status code per criterion and row (0 met, 1 not met, 2 not assessed)
//! and a band index per row. No Python object is made per row.

use std::collections::{BTreeMap, HashMap};

use ntm_criteria::{
    Banding, BatchBuffers, Column, CommuneGroup, CriteriaSet, Dimension, Keys, NtmError, Problem, Profile, RuleKind,
    region_of,
};
use numpy::{PyArray1, PyArray2, PyArrayMethods, PyReadonlyArray1};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString, PyTuple};

use crate::catalog::component;
use crate::convert::decimal;
use crate::errors::{Entry, err, exception, listing, validation};

/// Rows named in the message of an unknown key.
const ROWS_SHOWN: usize = 10;

pub(crate) fn batch(reason: String) -> PyErr {
    err(NtmError::Batch { reason })
}

/// Resolves frame column names to indicators: `(column, indicator index, role)` with role
/// `numbers`, `verdicts`, `pair_a` or `pair_b`. Every problem is collected.
pub(crate) fn plan_columns(
    set: &CriteriaSet,
    columns: &[String],
    kinds: &[String],
    special: &[(String, String, bool)],
    require_all: bool,
) -> PyResult<Vec<(String, usize, &'static str)>> {
    let mut problems = Vec::new();
    for (param, col, present) in special {
        if !present {
            problems.push(
                Problem::new(param.clone(), "missing_column", format!("the frame has no column {col:?}"))
                    .with_input(col.clone()),
            );
        }
    }
    let mut plan: Vec<(String, usize, &'static str)> = Vec::new();
    for (name, kind) in columns.iter().zip(kinds) {
        let not_numeric = || {
            Problem::new(name.clone(), "not_numeric", "an indicator column holds numbers or bools")
                .with_input(kind.clone())
        };
        if let Some(c) = component(set, name) {
            match c {
                Ok((idx, k)) => {
                    if kind == "other" {
                        problems.push(not_numeric());
                    } else if kind == "bool" {
                        problems.push(
                            Problem::new(
                                name.clone(),
                                "not_numeric",
                                "a component column holds numbers; give a verdict as one bool column named by the indicator id",
                            )
                            .with_input(kind.clone()),
                        );
                    } else {
                        plan.push((name.clone(), idx, if k == 0 { "pair_a" } else { "pair_b" }));
                    }
                }
                Err(m) => problems.push(Problem::new(name.clone(), "unknown_component", m).with_input(name.clone())),
            }
            continue;
        }
        match set.indicator(name) {
            Ok(ind) => {
                if kind == "other" {
                    problems.push(not_numeric());
                    continue;
                }
                let idx = set.indicator_index(name).map_err(err)?;
                let role = if kind == "bool" || ind.rule == RuleKind::AtLeastBoth { "verdicts" } else { "numbers" };
                plan.push((name.clone(), idx, role));
            }
            Err(_) => problems.push(
                Problem::new(
                    name.clone(),
                    "unknown_column",
                    format!(
                        "not an indicator of set {} (an indicator id, or id:component for a two-part indicator)",
                        set.id()
                    ),
                )
                .with_input(name.clone()),
            ),
        }
    }
    let mut roles: BTreeMap<usize, Vec<&'static str>> = BTreeMap::new();
    for (_, idx, role) in &plan {
        roles.entry(*idx).or_default().push(role);
    }
    let ids: Vec<(String, Option<[String; 2]>)> =
        set.indicators().map(|i| (i.id.clone(), i.components.clone())).collect();
    for (idx, rs) in &roles {
        let (id, comps) = &ids[*idx];
        let a = rs.contains(&"pair_a");
        let b = rs.contains(&"pair_b");
        let whole = rs.iter().any(|r| *r == "numbers" || *r == "verdicts");
        if whole && (a || b) {
            problems.push(Problem::new(
                id.clone(),
                "duplicate_indicator",
                "both a column for the indicator and columns for its components",
            ));
        } else if a != b {
            let names = comps.clone().unwrap_or_default();
            let missing = if a { &names[1] } else { &names[0] };
            problems.push(
                Problem::new(
                    format!("{id}:{missing}"),
                    "missing_component",
                    format!("indicator {id} needs both component columns; {id}:{missing} is missing"),
                )
                .with_input(format!("{id}:{missing}")),
            );
        }
    }
    if require_all {
        for (idx, (id, comps)) in ids.iter().enumerate() {
            if !roles.contains_key(&idx) {
                let hint = match comps {
                    Some([x, y]) => format!(" (or {id}:{x} and {id}:{y})"),
                    None => String::new(),
                };
                problems.push(Problem::new(
                    id.clone(),
                    "missing_indicator",
                    format!("the frame has no column {id}{hint}"),
                ));
            }
        }
    }
    if !problems.is_empty() {
        return Err(validation("frame columns", problems));
    }
    Ok(plan)
}

/// Key indices per row (region or commune group) from a factorized column: the few unique
/// values are resolved here; an unknown or missing one raises, naming the rows.
pub(crate) fn resolve_keys<'py>(
    py: Python<'py>,
    set: &CriteriaSet,
    uniques: &[Bound<'py, PyAny>],
    codes: &Bound<'py, PyAny>,
    column: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let dim = set.dimension();
    let mut table = Vec::with_capacity(uniques.len());
    let mut texts = Vec::with_capacity(uniques.len());
    for u in uniques {
        let text: Option<String> = if u.is_none() {
            None
        } else if let Ok(s) = u.cast::<PyString>() {
            Some(s.to_string())
        } else {
            Some(u.str()?.to_string())
        };
        let key = match (&text, dim) {
            (None, _) => None,
            (Some(t), Dimension::Region) => region_of(t).ok().map(|r| r.index() as u8),
            (Some(t), Dimension::CommuneGroup) => CommuneGroup::parse(t).ok().map(|g| g.index() as u8),
            (Some(_), _) => Some(0),
        };
        table.push(key);
        texts.push(text);
    }
    // Code c maps to lut[c + 1]; code -1 (missing) and codes past the uniques to NO_KEY.
    let lut: Vec<u8> = std::iter::once(NO_KEY).chain(table.iter().map(|k| k.unwrap_or(NO_KEY))).collect();
    let codes = Codes::extract(codes)?;
    let rows = codes.len();
    let out = PyArray1::<u8>::zeros(py, rows, false);
    let mut bad: BTreeMap<i64, (Vec<usize>, usize)> = BTreeMap::new();
    {
        let mut w = out.try_readwrite().map_err(|e| batch(e.to_string()))?;
        let keys = w.as_slice_mut().map_err(|e| batch(e.to_string()))?;
        let any_bad = match &codes {
            Codes::I8(c) => map_codes(c.as_slice().map_err(|e| batch(format!("key codes: {e}")))?, &lut, keys),
            Codes::I64(c) => map_codes(c.as_slice().map_err(|e| batch(format!("key codes: {e}")))?, &lut, keys),
        };
        // Rare path: name the rows of every value that is missing or not a key.
        for (r, k) in keys.iter().enumerate().filter(|_| any_bad) {
            if *k == NO_KEY {
                let c = codes.get(r);
                let e = bad.entry(if c < 0 || c as usize >= table.len() { -1 } else { c }).or_default();
                if e.0.len() < ROWS_SHOWN {
                    e.0.push(r + 1);
                }
                e.1 += 1;
            }
        }
    }
    if bad.is_empty() {
        return Ok(out.into_any());
    }
    let (what, kind, class) = match dim {
        Dimension::CommuneGroup => ("commune group", "unknown_commune_group", "UnknownCommuneGroupError"),
        _ => ("region", "unknown_region", "UnknownRegionError"),
    };
    let mut entries = Vec::new();
    for (c, (rows, count)) in &bad {
        let text = usize::try_from(*c).ok().and_then(|c| texts.get(c).cloned().flatten());
        let shown: Vec<String> = rows.iter().map(|r| r.to_string()).collect();
        let more = if *count > rows.len() { format!(" and {} more", count - rows.len()) } else { String::new() };
        let msg = match &text {
            Some(t) => format!("unknown {what} {t:?} in row(s) {}{more}", shown.join(", ")),
            None => format!("the {what} is missing in row(s) {}{more}", shown.join(", ")),
        };
        let mut e = Entry::new(column, if text.is_some() { kind } else { "missing_key" }, msg, text);
        e.row = rows.first().copied();
        entries.push(e);
    }
    let head = format!("{} bad {what} value(s) in column {column:?}:", entries.len());
    Err(exception(py, class, &listing(&head, &entries), &entries, &[("input", entries[0].input.clone())]))
}

/// Factorized key codes from pandas (`int64`) or from [`_factorize_objects`] (`int8`).
enum Codes<'py> {
    I8(PyReadonlyArray1<'py, i8>),
    I64(PyReadonlyArray1<'py, i64>),
}

impl<'py> Codes<'py> {
    fn extract(obj: &Bound<'py, PyAny>) -> PyResult<Self> {
        if let Ok(c) = obj.extract::<PyReadonlyArray1<'py, i8>>() {
            return Ok(Codes::I8(c));
        }
        obj.extract().map(Codes::I64).map_err(|_| batch("key codes must be an int8 or int64 array".into()))
    }

    fn len(&self) -> usize {
        match self {
            Codes::I8(c) => numpy::PyUntypedArrayMethods::len(&**c),
            Codes::I64(c) => numpy::PyUntypedArrayMethods::len(&**c),
        }
    }

    /// The code of row `r` (only on the error path).
    fn get(&self, r: usize) -> i64 {
        match self {
            Codes::I8(c) => c.get(r).map_or(-1, |&x| i64::from(x)),
            Codes::I64(c) => c.get(r).copied().unwrap_or(-1),
        }
    }
}

/// The key of a row whose code is missing or not a known region or group.
const NO_KEY: u8 = u8::MAX;

/// Maps each code through `lut` (`lut[c + 1]`; out-of-range codes to [`NO_KEY`]), branch-free;
/// returns whether any row got [`NO_KEY`].
fn map_codes<T: Copy + Into<i64>>(codes: &[T], lut: &[u8], keys: &mut [u8]) -> bool {
    let mut any_bad = false;
    for (&c, k) in codes.iter().zip(keys.iter_mut()) {
        let i = usize::try_from(c.into().wrapping_add(1)).unwrap_or(usize::MAX);
        let x = lut.get(i).copied().unwrap_or(NO_KEY);
        *k = x;
        any_bad |= x == NO_KEY;
    }
    any_bad
}

/// The arrays of one batch call, borrowed from numpy.
struct Inputs<'py> {
    columns: Vec<(usize, String, PyReadonlyArray1<'py, f64>)>,
    keys: Option<PyReadonlyArray1<'py, u8>>,
    flags: Option<Vec<bool>>,
    filled: Option<Vec<u8>>,
    profile: Profile,
}

impl<'py> Inputs<'py> {
    fn new(
        set: &CriteriaSet,
        columns: &[(usize, String, Bound<'py, PyAny>)],
        rows: usize,
        profile: Profile,
        keys: Option<&Bound<'py, PyAny>>,
        flags: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Inputs<'py>> {
        let mut cols = Vec::with_capacity(columns.len());
        for (i, role, arr) in columns {
            let a: PyReadonlyArray1<'py, f64> = arr.extract().map_err(|_| {
                batch(format!("the column of indicator #{i} must be a 1-D contiguous float64 numpy array"))
            })?;
            cols.push((*i, role.clone(), a));
        }
        let keys = keys
            .map(|k| k.extract::<PyReadonlyArray1<'py, u8>>().map_err(|_| batch("keys must be a uint8 array".into())))
            .transpose()?;
        let flags = match flags {
            None => None,
            Some(f) => {
                let a: PyReadonlyArray1<'py, f64> =
                    f.extract().map_err(|_| batch("the ĐBKK flags must be a float64 array".into()))?;
                let s = a.as_slice().map_err(|e| batch(e.to_string()))?;
                let mut problems = Vec::new();
                let v: Vec<bool> = s
                    .iter()
                    .enumerate()
                    .map(|(r, &x)| {
                        if x != 0.0 && x != 1.0 && problems.len() < 1000 {
                            problems.push(
                                Problem::new("disadvantaged", "not_yes_no", "the ĐBKK/ATK flag is True or False")
                                    .at_row(r + 1)
                                    .with_input(x.to_string()),
                            );
                        }
                        x == 1.0
                    })
                    .collect();
                if !problems.is_empty() {
                    return Err(validation("disadvantaged column", problems));
                }
                Some(v)
            }
        };
        // Per-row ĐBKK flags with one region for every row: the same key on every row.
        let filled = match (&keys, &flags, set.dimension(), profile.region) {
            (None, Some(_), Dimension::Region, Some(r)) => Some(vec![r.index() as u8; rows]),
            _ => None,
        };
        Ok(Inputs { columns: cols, keys, flags, filled, profile })
    }

    fn columns(&self, set: &CriteriaSet, rows: usize) -> PyResult<Vec<Column<'_>>> {
        let mut out = vec![Column::Missing; set.indicator_count()];
        let mut a: HashMap<usize, &[f64]> = HashMap::new();
        let mut b: HashMap<usize, &[f64]> = HashMap::new();
        for (i, role, arr) in &self.columns {
            let s = arr.as_slice().map_err(|e| batch(format!("column of indicator #{i}: {e}")))?;
            if s.len() != rows {
                return Err(batch(format!("a column has {} rows, not {rows}", s.len())));
            }
            let slot = out.get_mut(*i).ok_or_else(|| batch(format!("no indicator #{i}")))?;
            match role.as_str() {
                "numbers" => *slot = Column::Numbers(s),
                "verdicts" => *slot = Column::Verdicts(s),
                "pair_a" => {
                    a.insert(*i, s);
                }
                "pair_b" => {
                    b.insert(*i, s);
                }
                other => return Err(batch(format!("unknown column role {other:?}"))),
            }
        }
        for (i, x) in a {
            let y = b.get(&i).ok_or_else(|| batch(format!("indicator #{i} has one of its two columns")))?;
            out[i] = Column::Pairs(x, y);
        }
        Ok(out)
    }

    fn keys(&self) -> PyResult<Keys<'_>> {
        let disadvantaged = self.flags.as_deref();
        if let Some(k) = &self.keys {
            return Ok(Keys::PerRow { keys: k.as_slice().map_err(|e| batch(e.to_string()))?, disadvantaged });
        }
        if let Some(k) = &self.filled {
            return Ok(Keys::PerRow { keys: k, disadvantaged });
        }
        Ok(Keys::Same(self.profile))
    }
}

fn check_banding(set: &CriteriaSet, banding: Option<&Banding>) -> PyResult<Banding> {
    let b = banding.cloned().unwrap_or_else(|| set.banding().clone());
    if b.max() != set.criteria_count() {
        return Err(err(NtmError::Banding {
            reason: format!(
                "the banding covers 0..={} but set {} has {} criteria",
                b.max(),
                set.id(),
                set.criteria_count()
            ),
        }));
    }
    if b.bands().len() > i8::MAX as usize {
        return Err(err(NtmError::Banding { reason: "at most 127 bands in a frame".into() }));
    }
    Ok(b)
}

/// Names the commune of each row-level problem, from the id column (read only on error).
fn with_communes(e: NtmError, ids: Option<&Bound<'_, PyAny>>) -> NtmError {
    match (e, ids) {
        (NtmError::Validation { source_name, mut problems }, Some(ids)) => {
            for p in problems.iter_mut() {
                if let (Some(r), None) = (p.row, &p.commune) {
                    if let Ok(v) = ids.call1((r - 1,)) {
                        if let Ok(s) = v.str() {
                            p.commune = Some(s.to_string());
                        }
                    }
                }
            }
            NtmError::Validation { source_name, problems }
        }
        (e, _) => e,
    }
}

/// Assesses planned columns; returns `(met, not_assessed, met_count, status, band, meets,
/// band labels)`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn assess_columns<'py>(
    py: Python<'py>,
    set: &CriteriaSet,
    columns: &[(usize, String, Bound<'py, PyAny>)],
    rows: usize,
    profile: Profile,
    keys: Option<&Bound<'py, PyAny>>,
    flags: Option<&Bound<'py, PyAny>>,
    banding: Option<&Banding>,
    ids: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyTuple>> {
    let banding = check_banding(set, banding)?;
    let inputs = Inputs::new(set, columns, rows, profile, keys, flags)?;
    let cols = inputs.columns(set, rows)?;
    let keys = inputs.keys()?;
    let n = set.criteria_count() as usize;
    let met = PyArray1::<u32>::zeros(py, rows, false);
    let na = PyArray1::<u32>::zeros(py, rows, false);
    let cnt = PyArray1::<u8>::zeros(py, rows, false);
    let status = PyArray2::<i8>::zeros(py, [n, rows], false);
    let band = PyArray1::<i8>::zeros(py, rows, false);
    let meets = PyArray1::<bool>::zeros(py, rows, false);
    {
        let rw = |e: numpy::BorrowError| batch(e.to_string());
        let sl = |e: numpy::AsSliceError| batch(e.to_string());
        let mut met_w = met.try_readwrite().map_err(rw)?;
        let mut na_w = na.try_readwrite().map_err(rw)?;
        let mut cnt_w = cnt.try_readwrite().map_err(rw)?;
        let mut status_w = status.try_readwrite().map_err(rw)?;
        let mut band_w = band.try_readwrite().map_err(rw)?;
        let mut meets_w = meets.try_readwrite().map_err(rw)?;
        let met_s = met_w.as_slice_mut().map_err(sl)?;
        let na_s = na_w.as_slice_mut().map_err(sl)?;
        let cnt_s = cnt_w.as_slice_mut().map_err(sl)?;
        let status_s = status_w.as_slice_mut().map_err(sl)?;
        let band_s = band_w.as_slice_mut().map_err(sl)?;
        let meets_s = meets_w.as_slice_mut().map_err(sl)?;
        let res = py.detach(|| -> Result<(), NtmError> {
            // One pass: the kernel writes the status codes, bands and standard flags too.
            let out = BatchBuffers::new(met_s, na_s, cnt_s)
                .with_status(status_s)
                .with_bands(&banding, band_s)
                .with_meets_standard(meets_s);
            set.assess_batch_buffers(&cols, keys, out)
        });
        res.map_err(|e| err(with_communes(e, ids)))?;
    }
    let labels: Vec<String> = banding.bands().iter().map(|b| b.label_vi.clone()).collect();
    PyTuple::new(
        py,
        [
            met.into_any(),
            na.into_any(),
            cnt.into_any(),
            status.into_any(),
            band.into_any(),
            meets.into_any(),
            PyList::new(py, labels)?.into_any(),
        ],
    )
}

/// The what-if table of planned columns, as a dict of lists.
#[allow(clippy::too_many_arguments)]
pub(crate) fn what_if_columns<'py>(
    py: Python<'py>,
    set: &CriteriaSet,
    columns: &[(usize, String, Bound<'py, PyAny>)],
    rows: usize,
    indicator: &str,
    grid: &[f64],
    profile: Profile,
    keys: Option<&Bound<'py, PyAny>>,
    flags: Option<&Bound<'py, PyAny>>,
    banding: Option<&Banding>,
) -> PyResult<Bound<'py, PyDict>> {
    let banding = check_banding(set, banding)?;
    let inputs = Inputs::new(set, columns, rows, profile, keys, flags)?;
    let cols = inputs.columns(set, rows)?;
    let keys = inputs.keys()?;
    let table = py.detach(|| set.what_if(&cols, keys, rows, indicator, grid, Some(&banding))).map_err(err)?;
    let d = PyDict::new(py);
    d.set_item("threshold", table.iter().map(|r| r.threshold).collect::<Vec<_>>())?;
    d.set_item("meeting_standard", table.iter().map(|r| r.meeting_standard).collect::<Vec<_>>())?;
    d.set_item("criteria_met", table.iter().map(|r| r.criteria_met.clone()).collect::<Vec<_>>())?;
    d.set_item("band_counts", table.iter().map(|r| r.band_counts.clone()).collect::<Vec<_>>())?;
    let avg = PyList::empty(py);
    for r in &table {
        avg.append(decimal(py, r.average)?)?;
    }
    d.set_item("average", avg)?;
    d.set_item("labels", banding.bands().iter().map(|b| b.label_vi.clone()).collect::<Vec<_>>())?;
    Ok(d)
}

/// Distinct objects remembered by identity in [`_factorize_objects`].
const SEEN_OBJECTS: usize = 32;

/// Slots of its identity table: a power of two, 8 times [`SEEN_OBJECTS`], so that a probe
/// almost always ends at the first slot.
const SLOTS: usize = 256;

/// Codes per row and the unique values (see [`_factorize_objects`]).
type Factorized<'py> = (Bound<'py, PyArray1<i8>>, Vec<Bound<'py, PyAny>>);

/// Factorizes a numpy object array of strings (a region or commune-group column) like
/// `pandas.factorize`: codes in order of first appearance (-1 for None or NaN, as `int8`: there
/// are at most 64 values) and the unique values. Objects are recognised by identity first (CSV
/// readers share one object per distinct text), in a small open-addressing table keyed by
/// address; new ones by hash and equality. Nothing is allocated per row. Returns `None` when an
/// element is neither a string nor missing, when there are more than 64 distinct values, or when
/// most rows hold objects of their own: the caller then uses `pandas.factorize`, which is
/// faster for those.
#[pyfunction]
pub(crate) fn _factorize_objects<'py>(
    py: Python<'py>,
    values: &Bound<'py, PyAny>,
) -> PyResult<Option<Factorized<'py>>> {
    crate::errors::guard(|| {
        let arr: PyReadonlyArray1<'py, Py<PyAny>> =
            values.extract().map_err(|_| batch("factorize: expected a 1-D object array".into()))?;
        let objs = arr.as_slice().map_err(|e| batch(format!("factorize: {e}")))?;
        let out = PyArray1::<i8>::zeros(py, objs.len(), false);
        let mut uniques: Vec<(isize, Bound<'py, PyAny>)> = Vec::new();
        {
            let mut w = out.try_readwrite().map_err(|e| batch(e.to_string()))?;
            let codes = w.as_slice_mut().map_err(|e| batch(e.to_string()))?;
            // Addresses of objects seen so far and their codes (0 = empty slot). While they hold
            // references in `values`, no other object can have their address.
            let mut slots = [(0usize, 0i8); SLOTS];
            let slot_of =
                |addr: usize| ((addr as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 56) as usize & (SLOTS - 1);
            let (mut hits, mut misses, mut seen) = (0usize, 0usize, 0usize);
            'rows: for (obj, code) in objs.iter().zip(codes.iter_mut()) {
                let addr = obj.as_ptr() as usize;
                let mut i = slot_of(addr);
                loop {
                    let (a, c) = slots[i];
                    if a == addr {
                        *code = c;
                        hits += 1;
                        continue 'rows;
                    }
                    if a == 0 {
                        break;
                    }
                    i = (i + 1) & (SLOTS - 1);
                }
                misses += 1;
                if misses > 1024 && misses > hits {
                    // One object per row (as numpy makes them): pandas' hash table does better.
                    return Ok(None);
                }
                let b = obj.bind(py);
                let c: i8 = if b.is_none() {
                    -1
                } else if let Ok(f) = b.cast::<pyo3::types::PyFloat>() {
                    if f.value().is_nan() {
                        -1
                    } else {
                        return Ok(None);
                    }
                } else if b.is_instance_of::<PyString>() {
                    let h = b.hash()?;
                    let mut found = None;
                    for (i, (uh, u)) in uniques.iter().enumerate() {
                        if *uh == h && b.eq(u)? {
                            found = Some(i as i8);
                            break;
                        }
                    }
                    match found {
                        Some(i) => i,
                        None => {
                            uniques.push((h, b.clone()));
                            if uniques.len() > 64 {
                                // Not a low-cardinality key column: pandas' hash table is better.
                                return Ok(None);
                            }
                            uniques.len() as i8 - 1
                        }
                    }
                } else {
                    return Ok(None);
                };
                *code = c;
                if seen < SEEN_OBJECTS {
                    slots[i] = (addr, c);
                    seen += 1;
                }
            }
        }
        Ok(Some((out, uniques.into_iter().map(|(_, u)| u).collect())))
    })
}
