//! Frames (pandas, polars) through the core's input layer, one trip each way.
//!
//! `ntm_criteria._frames.describe` hands over every column as numpy arrays (no Python object
//! per row, no copy of text: Arrow buffers, categorical codes, masked arrays' data and mask);
//! this module only holds those arrays and lends their memory to the core as
//! [`ColumnData`]. The core matches the headers, reads the cells and assesses; the result
//! arrays go back to `_frames.build` once.

use std::borrow::Cow;
use std::collections::HashMap;

use ntm_criteria::input::{
    self, Codes, ColumnData, Missing, Offsets, OwnedCell, ReadOptions, Source, SourceColumn, TextChunk, TextLayout,
};
use ntm_criteria::{Banding, CriteriaSet, NtmError, Profile};
use numpy::{PyArray1, PyArrayMethods, PyReadonlyArray1, PyUntypedArrayMethods};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyFloat, PyInt, PyList, PyString, PyTuple};

use crate::convert;
use crate::errors::err;

pub(crate) fn batch(reason: String) -> PyErr {
    err(NtmError::Batch { reason })
}

/// The keyword arguments shared by `assess_frame` and `what_if`.
pub(crate) struct FrameArgs {
    pub(crate) defaults: Profile,
    pub(crate) region_col: Option<String>,
    pub(crate) commune_group_col: Option<String>,
    pub(crate) id_col: Option<String>,
    pub(crate) disadvantaged_col: Option<String>,
    pub(crate) banding: Option<Banding>,
    pub(crate) require_all: bool,
    pub(crate) ignore: Vec<String>,
    pub(crate) keep: Vec<String>,
}

/// A column name, a list of names, or nothing (a single name is one column, never its letters).
pub(crate) fn names(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<String>> {
    let Some(obj) = obj.filter(|o| !o.is_none()) else { return Ok(Vec::new()) };
    if obj.is_instance_of::<PyString>() || obj.is_instance_of::<PyInt>() {
        return Ok(vec![obj.str()?.to_string()]);
    }
    obj.try_iter()?.map(|x| Ok(x?.str()?.to_string())).collect()
}

/// One column name, if given.
pub(crate) fn name(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Option<String>> {
    obj.filter(|o| !o.is_none()).map(|o| Ok(o.str()?.to_string())).transpose()
}

impl FrameArgs {
    /// The read options of a frame assessed against `set`.
    pub(crate) fn options<'s>(&self, set: &'s CriteriaSet) -> ReadOptions<'s> {
        let mut o =
            ReadOptions::indicators(set).defaults(self.defaults).ignore(self.ignore.clone()).keep(self.keep.clone());
        o.region_column = self.region_col.clone();
        o.commune_group_column = self.commune_group_col.clone();
        o.id_column = self.id_col.clone();
        o.disadvantaged_column = self.disadvantaged_col.clone();
        o.require_all = self.require_all;
        o
    }
}

/// Arrow validity as held: the bitmap bytes (from the byte of row 0) and the bit of row 0.
type HeldBits<'py> = Option<(PyReadonlyArray1<'py, u8>, usize)>;

/// The arrays of one column, held while the core reads them.
enum Held<'py> {
    F64(PyReadonlyArray1<'py, f64>, Option<PyReadonlyArray1<'py, bool>>),
    F64Valid(PyReadonlyArray1<'py, f64>, HeldBits<'py>),
    Bool(PyReadonlyArray1<'py, bool>, Option<PyReadonlyArray1<'py, bool>>),
    Codes(HeldCodes<'py>, Vec<OwnedCell>),
    Owned(Vec<u32>, Vec<OwnedCell>),
    Utf8(Vec<(HeldOffsets<'py>, PyReadonlyArray1<'py, u8>, HeldBits<'py>)>),
    Views(Vec<(PyReadonlyArray1<'py, u8>, Vec<PyReadonlyArray1<'py, u8>>, HeldBits<'py>)>),
    Unread(usize),
}

enum HeldCodes<'py> {
    I8(PyReadonlyArray1<'py, i8>),
    I16(PyReadonlyArray1<'py, i16>),
    I32(PyReadonlyArray1<'py, i32>),
    I64(PyReadonlyArray1<'py, i64>),
}

enum HeldOffsets<'py> {
    I32(PyReadonlyArray1<'py, i32>),
    I64(PyReadonlyArray1<'py, i64>),
}

fn slice<'a, T: numpy::Element>(a: &'a PyReadonlyArray1<'_, T>) -> PyResult<&'a [T]> {
    a.as_slice().map_err(|e| batch(format!("a column is not contiguous: {e}")))
}

fn mask<'a>(m: &'a Option<PyReadonlyArray1<'_, bool>>) -> PyResult<Option<Missing<'a>>> {
    m.as_ref().map(|m| slice(m).map(Missing::Flags)).transpose()
}

fn bits<'a>(b: &'a HeldBits<'_>) -> PyResult<Option<Missing<'a>>> {
    b.as_ref().map(|(bytes, offset)| Ok(Missing::Validity { bits: slice(bytes)?, offset: *offset })).transpose()
}

impl Held<'_> {
    fn len(&self) -> usize {
        match self {
            Held::F64(v, _) | Held::F64Valid(v, _) => v.len(),
            Held::Bool(v, _) => v.len(),
            Held::Codes(HeldCodes::I8(c), _) => c.len(),
            Held::Codes(HeldCodes::I16(c), _) => c.len(),
            Held::Codes(HeldCodes::I32(c), _) => c.len(),
            Held::Codes(HeldCodes::I64(c), _) => c.len(),
            Held::Owned(c, _) => c.len(),
            Held::Utf8(chunks) => chunks
                .iter()
                .map(|(o, _, _)| match o {
                    HeldOffsets::I32(a) => a.len().saturating_sub(1),
                    HeldOffsets::I64(a) => a.len().saturating_sub(1),
                })
                .sum(),
            Held::Views(chunks) => chunks.iter().map(|(v, _, _)| v.len() / 16).sum(),
            Held::Unread(n) => *n,
        }
    }

    /// The core's view of the column (borrowing the held memory).
    fn data(&self) -> PyResult<ColumnData<'_>> {
        Ok(match self {
            Held::F64(v, m) => ColumnData::Float { values: Cow::Borrowed(slice(v)?), missing: mask(m)? },
            Held::F64Valid(v, b) => ColumnData::Float { values: Cow::Borrowed(slice(v)?), missing: bits(b)? },
            Held::Bool(v, m) => ColumnData::Bool { values: Cow::Borrowed(slice(v)?), missing: mask(m)? },
            Held::Codes(c, dict) => {
                let codes = match c {
                    HeldCodes::I8(a) => Codes::I8(Cow::Borrowed(slice(a)?)),
                    HeldCodes::I16(a) => Codes::I16(Cow::Borrowed(slice(a)?)),
                    HeldCodes::I32(a) => Codes::I32(Cow::Borrowed(slice(a)?)),
                    HeldCodes::I64(a) => Codes::I64(Cow::Borrowed(slice(a)?)),
                };
                ColumnData::Dict { codes, dict: dict.clone() }
            }
            Held::Owned(codes, dict) => {
                ColumnData::Dict { codes: Codes::U32(Cow::Borrowed(codes)), dict: dict.clone() }
            }
            Held::Utf8(chunks) => ColumnData::Text(
                chunks
                    .iter()
                    .map(|(o, data, valid)| {
                        let offsets = match o {
                            HeldOffsets::I32(a) => Offsets::I32(slice(a)?),
                            HeldOffsets::I64(a) => Offsets::I64(slice(a)?),
                        };
                        Ok(TextChunk {
                            layout: TextLayout::Offsets { offsets, data: slice(data)? },
                            missing: bits(valid)?,
                        })
                    })
                    .collect::<PyResult<_>>()?,
            ),
            Held::Views(chunks) => ColumnData::Text(
                chunks
                    .iter()
                    .map(|(views, buffers, valid)| {
                        let buffers = buffers.iter().map(slice).collect::<PyResult<_>>()?;
                        Ok(TextChunk {
                            layout: TextLayout::Views { views: slice(views)?, buffers },
                            missing: bits(valid)?,
                        })
                    })
                    .collect::<PyResult<_>>()?,
            ),
            Held::Unread(n) => ColumnData::Unread(*n),
        })
    }
}

/// The cell a Python object stands for (each distinct object is converted once).
fn cell_of(obj: &Bound<'_, PyAny>) -> OwnedCell {
    if obj.is_none() {
        return OwnedCell::Empty;
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return s.to_cow().map(|t| OwnedCell::Text(t.into_owned())).unwrap_or(OwnedCell::Error("#TEXT!".into()));
    }
    if obj.is_instance_of::<PyBool>() || convert::is_numpy_bool(obj) {
        return obj.extract::<bool>().map(OwnedCell::Bool).unwrap_or(OwnedCell::Empty);
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        let v = f.value();
        return if v.is_nan() { OwnedCell::Empty } else { OwnedCell::Number(v) };
    }
    // Ints, numpy numbers, Decimal: their float; a value without one (complex, 10**400, a
    // signalling NaN) is read as its text, which the cell parser refuses with a reason.
    match obj.call_method0("__float__").and_then(|f| f.extract::<f64>()) {
        Ok(v) if v.is_nan() => OwnedCell::Empty,
        Ok(v) if v.is_finite() => OwnedCell::Number(v),
        _ => OwnedCell::Text(obj.str().map(|s| s.to_string()).unwrap_or_default()),
    }
}

/// Factorizes an object column: codes per row (`u32::MAX` for None or NaN) and one cell per
/// distinct value. Objects are recognised by identity first (CSV readers share one object per
/// distinct text), then by hash and equality. Nothing is allocated per row but the code.
fn factorize(py: Python<'_>, objs: &[Py<PyAny>]) -> PyResult<(Vec<u32>, Vec<OwnedCell>)> {
    const SLOTS: usize = 256;
    let mut slots = [(0usize, 0u32); SLOTS];
    let mut seen = 0usize;
    let mut by_hash: HashMap<isize, Vec<u32>> = HashMap::new();
    let mut uniques: Vec<Bound<'_, PyAny>> = Vec::new();
    let mut codes = Vec::with_capacity(objs.len());
    'rows: for obj in objs {
        let addr = obj.as_ptr() as usize;
        let mut i = ((addr as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 56) as usize & (SLOTS - 1);
        loop {
            let (a, c) = slots[i];
            if a == addr {
                codes.push(c);
                continue 'rows;
            }
            if a == 0 {
                break;
            }
            i = (i + 1) & (SLOTS - 1);
        }
        let b = obj.bind(py);
        let missing = b.is_none() || b.cast::<PyFloat>().is_ok_and(|f| f.value().is_nan());
        let code = if missing {
            u32::MAX
        } else {
            let h = b.hash().unwrap_or(addr as isize);
            let bucket = by_hash.entry(h).or_default();
            let mut found = None;
            for &c in bucket.iter() {
                if uniques[c as usize].eq(b).unwrap_or(false) {
                    found = Some(c);
                    break;
                }
            }
            found.unwrap_or_else(|| {
                uniques.push(b.clone());
                bucket.push(uniques.len() as u32 - 1);
                uniques.len() as u32 - 1
            })
        };
        if seen < SLOTS / 8 {
            slots[i] = (addr, code);
            seen += 1;
        }
        codes.push(code);
    }
    Ok((codes, uniques.iter().map(cell_of).collect()))
}

fn codes_array<'py>(a: &Bound<'py, PyAny>) -> PyResult<HeldCodes<'py>> {
    if let Ok(c) = a.extract() {
        return Ok(HeldCodes::I8(c));
    }
    if let Ok(c) = a.extract() {
        return Ok(HeldCodes::I16(c));
    }
    if let Ok(c) = a.extract() {
        return Ok(HeldCodes::I32(c));
    }
    a.extract().map(HeldCodes::I64).map_err(|_| batch("categorical codes must be an int8..int64 array".into()))
}

fn held_bits<'py>(v: &Bound<'py, PyAny>, bit: &Bound<'py, PyAny>) -> PyResult<HeldBits<'py>> {
    if v.is_none() { Ok(None) } else { Ok(Some((v.extract()?, bit.extract()?))) }
}

/// Holds the arrays of one descriptor `(name, kind, ...)`; a column no role reads is only
/// measured.
fn hold<'py>(py: Python<'py>, d: &Bound<'py, PyTuple>, needed: bool, rows: usize) -> PyResult<Held<'py>> {
    let kind: String = d.get_item(1)?.extract()?;
    if !needed {
        return Ok(Held::Unread(rows));
    }
    let arg = |i: usize| d.get_item(i);
    let opt_mask = |x: Bound<'py, PyAny>| -> PyResult<Option<PyReadonlyArray1<'py, bool>>> {
        if x.is_none() { Ok(None) } else { x.extract().map(Some) }
    };
    Ok(match kind.as_str() {
        "f64" => Held::F64(arg(2)?.extract()?, opt_mask(arg(3)?)?),
        "f64v" => Held::F64Valid(arg(2)?.extract()?, held_bits(&arg(3)?, &arg(4)?)?),
        "bool" => Held::Bool(arg(2)?.extract()?, opt_mask(arg(3)?)?),
        "codes" => {
            let cats: Vec<OwnedCell> = arg(3)?.try_iter()?.map(|c| Ok(cell_of(&c?))).collect::<PyResult<_>>()?;
            Held::Codes(codes_array(&arg(2)?)?, cats)
        }
        "objects" => {
            let arr: PyReadonlyArray1<'py, Py<PyAny>> = arg(2)?.extract()?;
            let (codes, cells) = factorize(py, slice(&arr)?)?;
            Held::Owned(codes, cells)
        }
        "utf8" => Held::Utf8(
            arg(2)?
                .try_iter()?
                .map(|c| {
                    let c = c?;
                    let offsets = match c.get_item(0)?.extract::<PyReadonlyArray1<'py, i64>>() {
                        Ok(o) => HeldOffsets::I64(o),
                        Err(_) => HeldOffsets::I32(c.get_item(0)?.extract()?),
                    };
                    Ok((offsets, c.get_item(1)?.extract()?, held_bits(&c.get_item(2)?, &c.get_item(3)?)?))
                })
                .collect::<PyResult<_>>()?,
        ),
        "view" => Held::Views(
            arg(2)?
                .try_iter()?
                .map(|c| {
                    let c = c?;
                    let bufs = c.get_item(1)?.try_iter()?.map(|b| b?.extract()).collect::<PyResult<_>>()?;
                    Ok((c.get_item(0)?.extract()?, bufs, held_bits(&c.get_item(2)?, &c.get_item(3)?)?))
                })
                .collect::<PyResult<_>>()?,
        ),
        other => return Err(batch(format!("unknown column kind {other:?}"))),
    })
}

/// A frame, described and held: its library, its column names, and their arrays.
pub(crate) struct Described<'py> {
    pub(crate) df: Bound<'py, PyAny>,
    pub(crate) backend: String,
    pub(crate) names: Vec<String>,
    held: Vec<Held<'py>>,
    rows: usize,
}

impl<'py> Described<'py> {
    /// Describes `df` (one call to `_frames.describe`) and holds the columns `options` reads.
    pub(crate) fn new(df: &Bound<'py, PyAny>, options: &ReadOptions<'_>) -> PyResult<Described<'py>> {
        Described::new_with(df, options, None)
    }

    /// [`Described::new`], holding the column `also` too (a grouping column).
    pub(crate) fn new_with(
        df: &Bound<'py, PyAny>,
        options: &ReadOptions<'_>,
        also: Option<&str>,
    ) -> PyResult<Described<'py>> {
        let py = df.py();
        let (backend, rows, descs): (String, usize, Vec<Bound<'py, PyTuple>>) =
            py.import("ntm_criteria._frames")?.getattr("describe")?.call1((df,))?.extract()?;
        let names: Vec<String> = descs.iter().map(|d| d.get_item(0)?.extract()).collect::<PyResult<_>>()?;
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let roles = input::roles(&refs, options);
        let also = also.map(input::header::header_key);
        let held = descs
            .iter()
            .zip(&roles)
            .zip(&names)
            .map(|((d, r), n)| {
                let wanted = also.as_ref().is_some_and(|a| *a == input::header::header_key(n));
                hold(py, d, input::needs_cells(*r) || wanted, rows)
            })
            .collect::<PyResult<Vec<_>>>()?;
        if let Some(h) = held.iter().find(|h| h.len() != rows) {
            return Err(batch(format!("a column has {} rows, not {rows}", h.len())));
        }
        Ok(Described { df: df.clone(), backend, names, held, rows })
    }

    /// The frame as the core's source (borrowing the held arrays).
    pub(crate) fn source(&self) -> PyResult<Source<'_>> {
        let columns = self
            .names
            .iter()
            .zip(&self.held)
            .map(|(n, h)| Ok(SourceColumn::new(n.clone(), h.data()?)))
            .collect::<PyResult<Vec<_>>>()?;
        let mut s = Source::frame("frame", columns);
        s.rows = self.rows;
        Ok(s)
    }

    /// The number of rows.
    pub(crate) fn rows(&self) -> usize {
        self.rows
    }

    /// The result frame: the input's columns at `keep`, then `columns`.
    pub(crate) fn build(
        &self,
        keep: &[usize],
        columns: &Bound<'py, pyo3::types::PyDict>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let py = self.df.py();
        py.import("ntm_criteria._frames")?.getattr("build")?.call1((&self.df, &self.backend, keep.to_vec(), columns))
    }

    /// One status column per criterion (`_frames.statuses`), from criteria × rows codes.
    pub(crate) fn statuses(&self, codes: Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        self.df.py().import("ntm_criteria._frames")?.getattr("statuses")?.call1((&self.backend, codes))
    }

    /// Band labels from band indices (`_frames.labelled`).
    pub(crate) fn labelled(&self, bands: Vec<i8>, labels: Vec<String>) -> PyResult<Bound<'py, PyAny>> {
        let py = self.df.py();
        py.import("ntm_criteria._frames")?.getattr("labelled")?.call1((
            &self.backend,
            PyArray1::from_vec(py, bands),
            labels,
        ))
    }
}

/// Assesses a frame: the result columns (statuses, met-count, band, standard) beside the
/// input's id and passthrough columns.
pub(crate) fn assess<'py>(set: &CriteriaSet, df: &Bound<'py, PyAny>, args: &FrameArgs) -> PyResult<Bound<'py, PyAny>> {
    let py = df.py();
    let banding = set.banding_or(args.banding.as_ref()).map_err(err)?;
    let options = args.options(set);
    let d = Described::new(df, &options)?;
    let rows = d.rows();
    let n = set.criteria_count() as usize;
    let mut cnt = vec![0u8; rows];
    let (mut status, mut band, mut meets) = (vec![0i8; n * rows], vec![0i8; rows], vec![false; rows]);
    let source = d.source()?;
    let keep = py
        .detach(|| -> Result<Vec<usize>, NtmError> {
            let read = input::read(source, &options)?;
            let out = ntm_criteria::BatchBuffers::counts(&mut cnt)
                .with_status(&mut status)
                .with_bands(&banding, &mut band)
                .with_meets_standard(&mut meets);
            read.assess(set, out)?;
            Ok(kept_columns(&read))
        })
        .map_err(err)?;
    let status = PyArray1::from_vec(py, status).reshape([n, rows])?;
    let cols = pyo3::types::PyDict::new(py);
    let statuses = d.statuses(status.into_any())?;
    for (k, col) in statuses.try_iter()?.enumerate() {
        cols.set_item(format!("c{}", k + 1), col?)?;
    }
    cols.set_item("met_count", PyArray1::from_vec(py, cnt))?;
    let labels: Vec<String> = banding.bands().iter().map(|b| b.label_vi.clone()).collect();
    cols.set_item("band", d.labelled(band, labels)?)?;
    cols.set_item("meets_standard", PyArray1::from_vec(py, meets))?;
    d.build(&keep, &cols)
}

/// The input columns a result keeps: the id first, then the passthrough columns in input order.
fn kept_columns(read: &input::Read<'_>) -> Vec<usize> {
    let mut keep: Vec<usize> = read.id_column().into_iter().collect();
    keep.extend(read.passthrough().iter().copied().filter(|c| Some(*c) != read.id_column()));
    keep
}

/// A what-if run over a frame: the table of `CriteriaSet::what_if`, as a dict of lists.
pub(crate) fn what_if<'py>(
    set: &CriteriaSet,
    df: &Bound<'py, PyAny>,
    indicator: &str,
    grid: &[f64],
    args: &FrameArgs,
) -> PyResult<Bound<'py, PyAny>> {
    let py = df.py();
    let banding = set.banding_or(args.banding.as_ref()).map_err(err)?;
    let options = args.options(set);
    let d = Described::new(df, &options)?;
    let rows = d.rows();
    let source = d.source()?;
    let table = py
        .detach(|| -> Result<_, NtmError> {
            let read = input::read(source, &options)?;
            set.what_if(&read.columns(), read.keys(), rows, indicator, grid, Some(&banding))
                .map_err(|e| read.name_rows(e))
        })
        .map_err(err)?;
    let data = pyo3::types::PyDict::new(py);
    data.set_item("threshold", table.iter().map(|r| r.threshold).collect::<Vec<_>>())?;
    data.set_item("meeting_standard", table.iter().map(|r| r.meeting_standard).collect::<Vec<_>>())?;
    for k in 0..set.criteria_count() as usize {
        data.set_item(
            format!("c{}", k + 1),
            table.iter().map(|r| r.criteria_met.get(k).copied().unwrap_or(0)).collect::<Vec<_>>(),
        )?;
    }
    for (i, b) in banding.bands().iter().enumerate() {
        data.set_item(
            &b.label_vi,
            table.iter().map(|r| r.band_counts.get(i).copied().unwrap_or(0)).collect::<Vec<_>>(),
        )?;
    }
    let avg = PyList::empty(py);
    for r in &table {
        avg.append(convert::decimal(py, r.average)?)?;
    }
    data.set_item("average", avg)?;
    py.import("ntm_criteria._frames")?.getattr("make_frame")?.call1((data, &d.backend))
}
