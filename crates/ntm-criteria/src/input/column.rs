//! Columns as the doors hand them over: typed arrays (frames), dictionary-encoded cells (CSV,
//! Excel, categoricals) and Arrow strings, read without a per-row allocation.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::{ControlFlow, Range};

use crate::input::cell::Cell;

/// One column of input: its header as typed and its data.
///
/// ```
/// use ntm_criteria::input::{ColumnData, SourceColumn};
/// let income = [38.5, f64::NAN];
/// let col = SourceColumn::new("10", ColumnData::float(&income));
/// assert_eq!((col.name.as_str(), col.data.len()), ("10", 2));
/// ```
#[derive(Debug, Clone)]
pub struct SourceColumn<'a> {
    /// The header, as typed.
    pub name: String,
    /// The cells.
    pub data: ColumnData<'a>,
}

impl<'a> SourceColumn<'a> {
    /// A column.
    ///
    /// ```
    /// let c = ntm_criteria::input::SourceColumn::new("code", ntm_criteria::input::ColumnData::text(["001", "002"]));
    /// assert_eq!(c.data.len(), 2);
    /// ```
    pub fn new(name: impl Into<String>, data: ColumnData<'a>) -> SourceColumn<'a> {
        SourceColumn { name: name.into(), data }
    }
}

/// Which rows are missing, beside a typed array.
#[derive(Debug, Clone, Copy)]
pub enum Missing<'a> {
    /// One flag per row, `true` where the value is missing (pandas' masked arrays).
    Flags(&'a [bool]),
    /// An Arrow validity bitmap: bit `offset + row` (least significant bit first) is 1 where the
    /// value is present.
    Validity {
        /// The bitmap bytes.
        bits: &'a [u8],
        /// The bit of row 0.
        offset: usize,
    },
}

impl Missing<'_> {
    /// Whether row `r` is missing.
    ///
    /// ```
    /// use ntm_criteria::input::Missing;
    /// assert!(Missing::Flags(&[false, true]).is_missing(1));
    /// assert!(Missing::Validity { bits: &[0b0000_0101], offset: 0 }.is_missing(1));
    /// assert!(!Missing::Validity { bits: &[0b0000_0101], offset: 1 }.is_missing(1));
    /// ```
    pub fn is_missing(&self, r: usize) -> bool {
        match self {
            Missing::Flags(f) => f.get(r).copied().unwrap_or(true),
            Missing::Validity { bits, offset } => {
                let b = offset + r;
                bits.get(b / 8).is_none_or(|byte| byte >> (b % 8) & 1 == 0)
            }
        }
    }
}

/// Per-row indices into a dictionary, in the integer type the door has.
#[derive(Debug, Clone)]
pub enum Codes<'a> {
    /// `int8` codes (pandas categoricals of few categories).
    I8(Cow<'a, [i8]>),
    /// `int16` codes.
    I16(Cow<'a, [i16]>),
    /// `int32` codes.
    I32(Cow<'a, [i32]>),
    /// `int64` codes (`pandas.factorize`).
    I64(Cow<'a, [i64]>),
    /// `uint32` codes (CSV and Excel columns, polars categoricals).
    U32(Cow<'a, [u32]>),
}

impl Codes<'_> {
    /// The number of rows.
    ///
    /// ```
    /// assert_eq!(ntm_criteria::input::Codes::I8(vec![0i8, -1].into()).len(), 2);
    /// ```
    pub fn len(&self) -> usize {
        match self {
            Codes::I8(c) => c.len(),
            Codes::I16(c) => c.len(),
            Codes::I32(c) => c.len(),
            Codes::I64(c) => c.len(),
            Codes::U32(c) => c.len(),
        }
    }

    /// Whether there are no rows.
    ///
    /// ```
    /// assert!(ntm_criteria::input::Codes::U32(Vec::new().into()).is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The dictionary index of row `r`; `None` for a negative code (missing).
    ///
    /// ```
    /// let c = ntm_criteria::input::Codes::I16(vec![3i16, -1].into());
    /// assert_eq!((c.get(0), c.get(1)), (Some(3), None));
    /// ```
    pub fn get(&self, r: usize) -> Option<usize> {
        let v: i64 = match self {
            Codes::I8(c) => i64::from(c[r]),
            Codes::I16(c) => i64::from(c[r]),
            Codes::I32(c) => i64::from(c[r]),
            Codes::I64(c) => c[r],
            Codes::U32(c) => i64::from(c[r]),
        };
        usize::try_from(v).ok()
    }

    /// Maps every row through `lut` (`lut[code]`, `missing` for a negative or out-of-range code),
    /// branch-light: the hot loop of reading a key or text column.
    ///
    /// ```
    /// let c = ntm_criteria::input::Codes::I8(vec![1i8, 0, -1, 7].into());
    /// let mut out = [0u8; 4];
    /// c.map_into(&[10, 20], 255, &mut out);
    /// assert_eq!(out, [20, 10, 255, 255]);
    /// ```
    pub fn map_into<T: Copy + Send + Sync>(&self, lut: &[T], missing: T, out: &mut [T]) {
        fn go<C: Copy + Send + Sync, T: Copy + Send + Sync>(
            codes: &[C],
            idx: impl Fn(C) -> usize + Sync,
            lut: &[T],
            missing: T,
            out: &mut [T],
        ) {
            use rayon::prelude::*;
            out.par_chunks_mut(1 << 16).zip(codes.par_chunks(1 << 16)).for_each(|(o, c)| {
                for (o, &c) in o.iter_mut().zip(c) {
                    *o = lut.get(idx(c)).copied().unwrap_or(missing);
                }
            });
        }
        // A negative code wraps to a huge index: missing.
        match self {
            Codes::I8(c) => go(c, |x| x as i64 as usize, lut, missing, out),
            Codes::I16(c) => go(c, |x| x as i64 as usize, lut, missing, out),
            Codes::I32(c) => go(c, |x| x as i64 as usize, lut, missing, out),
            Codes::I64(c) => go(c, |x| x as usize, lut, missing, out),
            Codes::U32(c) => go(c, |x| x as usize, lut, missing, out),
        }
    }
}

/// A cell that owns its text: one entry of a dictionary.
#[derive(Debug, Clone, PartialEq)]
pub enum OwnedCell {
    /// Nothing.
    Empty,
    /// Text as typed.
    Text(String),
    /// A typed number.
    Number(f64),
    /// A typed bool.
    Bool(bool),
    /// A spreadsheet error value (`#N/A`).
    Error(String),
}

impl OwnedCell {
    /// The cell, borrowed.
    ///
    /// ```
    /// use ntm_criteria::input::{cell::Cell, OwnedCell};
    /// assert_eq!(OwnedCell::Text("Đạt".into()).as_cell(), Cell::Text("Đạt"));
    /// ```
    pub fn as_cell(&self) -> Cell<'_> {
        match self {
            OwnedCell::Empty => Cell::Empty,
            OwnedCell::Text(t) => Cell::Text(t),
            OwnedCell::Number(v) => Cell::Number(*v),
            OwnedCell::Bool(b) => Cell::Bool(*b),
            OwnedCell::Error(e) => Cell::Error(e),
        }
    }
}

/// Arrow string offsets: `int32` (`string`) or `int64` (`large_string`).
#[derive(Debug, Clone, Copy)]
pub enum Offsets<'a> {
    /// 32-bit offsets.
    I32(&'a [i32]),
    /// 64-bit offsets.
    I64(&'a [i64]),
}

impl Offsets<'_> {
    fn at(&self, i: usize) -> Option<usize> {
        match self {
            Offsets::I32(o) => o.get(i).and_then(|&x| usize::try_from(x).ok()),
            Offsets::I64(o) => o.get(i).and_then(|&x| usize::try_from(x).ok()),
        }
    }

    fn len(&self) -> usize {
        match self {
            Offsets::I32(o) => o.len(),
            Offsets::I64(o) => o.len(),
        }
    }
}

/// The cells of one column.
#[derive(Debug, Clone)]
pub enum ColumnData<'a> {
    /// Typed numbers; NaN, and the rows `missing` marks, are missing.
    Float {
        /// The values.
        values: Cow<'a, [f64]>,
        /// Missing rows besides NaN.
        missing: Option<Missing<'a>>,
    },
    /// Typed bools (the agency's verdict); the rows `missing` marks are missing.
    Bool {
        /// The values.
        values: Cow<'a, [bool]>,
        /// Missing rows.
        missing: Option<Missing<'a>>,
    },
    /// Dictionary-encoded cells: row `r` holds `dict[codes[r]]`, and a negative code is missing.
    Dict {
        /// Per-row codes.
        codes: Codes<'a>,
        /// The distinct cells.
        dict: Vec<OwnedCell>,
    },
    /// Arrow text (pandas with pyarrow, polars), read in place, in one or more chunks.
    Text(Vec<TextChunk<'a>>),
    /// A column the door did not decode, because no role of the read needs its cells (a name
    /// passed through as it is): only its length is known.
    Unread(usize),
}

/// One chunk of an Arrow text column.
#[derive(Debug, Clone)]
pub struct TextChunk<'a> {
    /// The layout of the strings.
    pub layout: TextLayout<'a>,
    /// Missing rows of the chunk.
    pub missing: Option<Missing<'a>>,
}

/// How an Arrow text chunk lays out its strings.
#[derive(Debug, Clone)]
pub enum TextLayout<'a> {
    /// `string` / `large_string`: `length + 1` offsets into `data` (absolute positions).
    Offsets {
        /// The offsets.
        offsets: Offsets<'a>,
        /// The UTF-8 bytes.
        data: &'a [u8],
    },
    /// `string_view` (what polars holds): 16 bytes per row, a little-endian length, then the
    /// text itself (up to 12 bytes) or a 4-byte prefix, a buffer index and an offset.
    Views {
        /// The views, 16 bytes per row.
        views: &'a [u8],
        /// The data buffers.
        buffers: Vec<&'a [u8]>,
    },
}

impl<'a> TextChunk<'a> {
    /// The number of rows of the chunk.
    ///
    /// ```
    /// use ntm_criteria::input::{Offsets, TextChunk, TextLayout};
    /// let c = TextChunk { layout: TextLayout::Offsets { offsets: Offsets::I32(&[0, 3, 3]), data: b"NMM" }, missing: None };
    /// assert_eq!(c.len(), 2);
    /// ```
    pub fn len(&self) -> usize {
        match &self.layout {
            TextLayout::Offsets { offsets, .. } => offsets.len().saturating_sub(1),
            TextLayout::Views { views, .. } => views.len() / 16,
        }
    }

    /// Whether the chunk has no rows.
    ///
    /// ```
    /// use ntm_criteria::input::{Offsets, TextChunk, TextLayout};
    /// let c = TextChunk { layout: TextLayout::Offsets { offsets: Offsets::I32(&[0]), data: b"" }, missing: None };
    /// assert!(c.is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Calls `f` with the bytes of each row of `rows` in order (`None`: missing or out of
    /// bounds), the layout matched once for the whole range; stops at the first `Break`.
    fn try_each<B>(&self, rows: Range<usize>, mut f: impl FnMut(Option<&'a [u8]>) -> ControlFlow<B>) -> ControlFlow<B> {
        let missing = self.missing;
        let gone = |r: usize| missing.is_some_and(|m| m.is_missing(r));
        match &self.layout {
            TextLayout::Offsets { offsets: Offsets::I32(o), data } => each_offset(o, data, rows, gone, f),
            TextLayout::Offsets { offsets: Offsets::I64(o), data } => each_offset(o, data, rows, gone, f),
            TextLayout::Views { views, buffers } => {
                for r in rows {
                    f(if gone(r) { None } else { view_bytes(views.get(r * 16..r * 16 + 16).unwrap_or(&[]), buffers) })?;
                }
                ControlFlow::Continue(())
            }
        }
    }

    /// The bytes of row `r` of the chunk (`None` when missing or out of bounds).
    #[inline(always)]
    fn bytes(&self, r: usize) -> Option<&'a [u8]> {
        if self.missing.is_some_and(|m| m.is_missing(r)) {
            return None;
        }
        match &self.layout {
            TextLayout::Offsets { offsets, data } => data.get(offsets.at(r)?..offsets.at(r + 1)?),
            TextLayout::Views { views, buffers } => view_bytes(views.get(r * 16..r * 16 + 16)?, buffers),
        }
    }
}

impl<'a> ColumnData<'a> {
    /// A borrowed float column without a mask (NaN is missing).
    ///
    /// ```
    /// assert_eq!(ntm_criteria::input::ColumnData::float(&[1.0, 2.0]).len(), 2);
    /// ```
    pub fn float(values: &'a [f64]) -> ColumnData<'a> {
        ColumnData::Float { values: Cow::Borrowed(values), missing: None }
    }

    /// A column of text cells (an empty text is an empty cell).
    ///
    /// ```
    /// use ntm_criteria::input::ColumnData;
    /// let c = ColumnData::text(["Đạt", "Không đạt", "Đạt", ""]);
    /// assert_eq!(c.len(), 4);
    /// ```
    pub fn text<S: AsRef<str>>(cells: impl IntoIterator<Item = S>) -> ColumnData<'static> {
        let mut b = DictBuilder::default();
        for c in cells {
            b.push_text(c.as_ref());
        }
        b.finish()
    }

    /// The number of rows.
    ///
    /// ```
    /// assert_eq!(ntm_criteria::input::ColumnData::text(Vec::<String>::new()).len(), 0);
    /// ```
    pub fn len(&self) -> usize {
        match self {
            ColumnData::Float { values, .. } => values.len(),
            ColumnData::Bool { values, .. } => values.len(),
            ColumnData::Dict { codes, .. } => codes.len(),
            ColumnData::Text(chunks) => chunks.iter().map(TextChunk::len).sum(),
            ColumnData::Unread(n) => *n,
        }
    }

    /// Whether the column has no rows.
    ///
    /// ```
    /// assert!(ntm_criteria::input::ColumnData::float(&[]).is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The cell of row `r` (for messages and the rare paths; the readers go column by column).
    ///
    /// ```
    /// use ntm_criteria::input::{cell::Cell, ColumnData};
    /// let c = ColumnData::text(["a", ""]);
    /// assert_eq!((c.cell(0), c.cell(1)), (Cell::Text("a"), Cell::Empty));
    /// ```
    pub fn cell(&self, r: usize) -> Cell<'_> {
        let masked = |m: &Option<Missing<'_>>| m.as_ref().is_some_and(|m| m.is_missing(r));
        match self {
            ColumnData::Float { values, missing } => {
                if masked(missing) {
                    Cell::Empty
                } else {
                    values.get(r).map_or(Cell::Empty, |&v| Cell::Number(v))
                }
            }
            ColumnData::Bool { values, missing } => {
                if masked(missing) {
                    Cell::Empty
                } else {
                    values.get(r).map_or(Cell::Empty, |&v| Cell::Bool(v))
                }
            }
            ColumnData::Dict { codes, dict } => {
                codes.get(r).and_then(|c| dict.get(c)).map_or(Cell::Empty, OwnedCell::as_cell)
            }
            ColumnData::Text(chunks) => {
                let mut r = r;
                for c in chunks {
                    if r < c.len() {
                        return match c.bytes(r).map(std::str::from_utf8) {
                            None => Cell::Empty,
                            Some(Ok(s)) => Cell::Text(s),
                            Some(Err(_)) => Cell::Error("#UTF8!"),
                        };
                    }
                    r -= c.len();
                }
                Cell::Empty
            }
            ColumnData::Unread(_) => Cell::Empty,
        }
    }

    /// Whether an Arrow text column holds plain ASCII codes (no empty one, no space around) in
    /// strictly increasing order, which are then all distinct: one pass over parts checked in
    /// parallel (each part in order, then the first row of a part after the last of the one
    /// before), no allocation per row.
    pub(crate) fn text_sorted_plain(&self) -> bool {
        use rayon::prelude::*;
        let ColumnData::Text(chunks) = self else { return false };
        // Each part: `None` when out of order; else its first and last rows (`None` if empty).
        // An offsets layout without missing rows (what pandas and pyarrow hold) is walked over
        // its offsets directly; the others row by row.
        let part = |(c, rows): &(&TextChunk<'a>, Range<usize>)| -> Option<Ends<'a>> {
            match (&c.layout, c.missing) {
                // Offsets that do not reach the part's last row: never read as in order.
                (TextLayout::Offsets { offsets: Offsets::I64(o), data }, None) => {
                    sorted_fixed(o, data, rows).unwrap_or_else(|| offset_rows(o, data, rows).and_then(sorted_plain))
                }
                (TextLayout::Offsets { offsets: Offsets::I32(o), data }, None) => {
                    sorted_fixed(o, data, rows).unwrap_or_else(|| offset_rows(o, data, rows).and_then(sorted_plain))
                }
                _ => sorted_plain(rows.clone().map(|r| c.bytes(r))),
            }
        };
        let ends: Option<Vec<Ends<'a>>> = text_parts(chunks).par_iter().map(part).collect();
        let Some(ends) = ends else { return false };
        let ends: Vec<(&[u8], &[u8])> = ends.into_iter().flatten().collect();
        ends.windows(2).all(|w| bytes_less(w[0].1, w[1].0))
    }

    /// The bytes of every row of an Arrow text column, in order (`None`: missing), without a
    /// search per row; `None` for the other kinds.
    pub(crate) fn text_rows(&self) -> Option<Vec<Option<&'a [u8]>>> {
        let ColumnData::Text(chunks) = self else { return None };
        let mut out = Vec::with_capacity(self.len());
        for c in chunks {
            let _ = c.try_each(0..c.len(), |b| {
                out.push(b);
                ControlFlow::<()>::Continue(())
            });
        }
        Some(out)
    }

    /// Dictionary-encodes an Arrow text column (a no-op for the other kinds): one compare or
    /// hash per row, no allocation per row, distinct texts copied once. The rows are split in
    /// parts encoded in parallel, whose dictionaries are then merged. Returns the codes
    /// (`u32::MAX` for a missing row) and the distinct texts.
    pub(crate) fn interned(&self) -> Option<Interned> {
        use rayon::prelude::*;
        let ColumnData::Text(chunks) = self else { return None };
        let parts = text_parts(chunks);
        let encoded: Vec<(Vec<u32>, Vec<&'a [u8]>)> =
            parts.par_iter().map(|(c, rows)| intern_part(c, rows.clone())).collect();
        let mut map: HashMap<&[u8], u32, BytesHash> = HashMap::default();
        let mut texts: Vec<&[u8]> = Vec::new();
        let luts: Vec<Vec<u32>> = encoded
            .iter()
            .map(|(_, local)| {
                local
                    .iter()
                    .map(|b| {
                        let next = texts.len() as u32;
                        *map.entry(b).or_insert_with(|| {
                            texts.push(b);
                            next
                        })
                    })
                    .collect()
            })
            .collect();
        let mut codes = vec![u32::MAX; self.len()];
        let mut outs: Vec<&mut [u32]> = Vec::with_capacity(encoded.len());
        let mut rest = codes.as_mut_slice();
        for (c, _) in &encoded {
            let (head, tail) = rest.split_at_mut(c.len());
            outs.push(head);
            rest = tail;
        }
        outs.into_par_iter().zip(encoded.par_iter().zip(luts.par_iter())).for_each(|(out, ((local, _), lut))| {
            for (o, &c) in out.iter_mut().zip(local) {
                *o = lut.get(c as usize).copied().unwrap_or(u32::MAX);
            }
        });
        let dict = texts
            .into_iter()
            .map(|b| match std::str::from_utf8(b) {
                Ok(s) => OwnedCell::Text(s.to_string()),
                Err(_) => OwnedCell::Error("#UTF8!".into()),
            })
            .collect();
        Some(Interned { codes, dict })
    }
}

/// Dictionary-encodes rows of one chunk: local codes and the local distinct texts.
fn intern_part<'a>(c: &TextChunk<'a>, rows: std::ops::Range<usize>) -> (Vec<u32>, Vec<&'a [u8]>) {
    let mut interner = Interner::default();
    // An offsets layout without missing rows (what pandas and pyarrow hold) in a loop of its
    // own, with the lookup inline; the other layouts row by row through `try_each`.
    let direct: Option<Vec<u32>> = match (&c.layout, c.missing) {
        (TextLayout::Offsets { offsets: Offsets::I64(o), data }, None) => {
            offset_rows(o, data, &rows).map(|texts| texts.map(|b| interner.code(b)).collect())
        }
        (TextLayout::Offsets { offsets: Offsets::I32(o), data }, None) => {
            offset_rows(o, data, &rows).map(|texts| texts.map(|b| interner.code(b)).collect())
        }
        _ => None,
    };
    let codes = direct.unwrap_or_else(|| {
        let mut codes = Vec::with_capacity(rows.len());
        let _ = c.try_each(rows, |b| {
            codes.push(interner.code(b));
            ControlFlow::<()>::Continue(())
        });
        codes
    });
    (codes, interner.dict.texts)
}

/// The codes of the texts of a part, found through caches of recent texts before the part's
/// dictionary: a key column repeats a handful of texts, each found with one compare instead of a
/// hash-map lookup. The lookup of a short text is inline in the caller's loop; a long text's
/// and the dictionary's are out of line, so that the loop stays small.
struct Interner<'a> {
    dict: PartDict<'a>,
    /// Texts of at most eight bytes (codes, region names) by their bytes as one word and their
    /// length: one word read per row, one compare.
    short: [(u64, usize, u32); 256],
    /// Longer texts by a cheap hash of their ends.
    recent: [(&'a [u8], u32); 256],
}

impl Default for Interner<'_> {
    fn default() -> Self {
        Interner { dict: PartDict::default(), short: [(0, 0, u32::MAX); 256], recent: [(&[], u32::MAX); 256] }
    }
}

impl<'a> Interner<'a> {
    /// The code of a row's text (`u32::MAX`: missing).
    #[inline(always)]
    fn code(&mut self, b: Option<&'a [u8]>) -> u32 {
        match b {
            None => u32::MAX,
            Some(b) if b.len() <= 8 => {
                let w = word_le(b);
                let slot = ((w ^ (b.len() as u64) << 59).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 56) as usize;
                match self.short[slot] {
                    (sw, n, code) if sw == w && n == b.len() && code != u32::MAX => code,
                    _ => {
                        let code = self.dict.code(b);
                        self.short[slot] = (w, b.len(), code);
                        code
                    }
                }
            }
            Some(b) => self.long(b),
        }
    }

    #[inline(never)]
    fn long(&mut self, b: &'a [u8]) -> u32 {
        let slot = quick_slot(b);
        let (seen, code) = self.recent[slot];
        if code != u32::MAX && bytes_eq(seen, b) {
            return code;
        }
        let code = self.dict.code(b);
        self.recent[slot] = (b, code);
        code
    }
}

/// The distinct texts of a part of a text column, with their codes.
#[derive(Default)]
struct PartDict<'a> {
    map: HashMap<&'a [u8], u32, BytesHash>,
    texts: Vec<&'a [u8]>,
}

impl<'a> PartDict<'a> {
    /// The code of `b`, a new one for a text not seen yet.
    #[inline(never)]
    fn code(&mut self, b: &'a [u8]) -> u32 {
        let next = self.texts.len() as u32;
        *self.map.entry(b).or_insert_with(|| {
            self.texts.push(b);
            next
        })
    }
}

/// The first and last rows of a part of a text column, `None` when the part is empty.
type Ends<'b> = Option<(&'b [u8], &'b [u8])>;

/// Whether `rows` are plain ASCII codes (no empty one, no space around) in strictly increasing
/// order: their [`Ends`], or `None` (also for a missing row).
#[inline(always)]
fn sorted_plain<'a>(rows: impl Iterator<Item = Option<&'a [u8]>>) -> Option<Ends<'a>> {
    let (mut first, mut prev): (Option<&[u8]>, Option<&[u8]>) = (None, None);
    // A short code's key ([`short_key`]) read once per row, not once per compare.
    let mut prev_key: Option<(u64, usize)> = None;
    for b in rows {
        let b = b?;
        let key = short_key(b);
        let in_order = match (prev_key, key) {
            (Some(p), Some(k)) => p < k,
            _ => prev.is_none_or(|p| p < b),
        };
        // ASCII: no byte with its high bit set (in the word, without a byte loop).
        let ascii = key.map_or_else(|| b.is_ascii(), |(w, _)| w & 0x8080_8080_8080_8080 == 0);
        let plain = !b.is_empty() && ascii && !b[0].is_ascii_whitespace() && !b[b.len() - 1].is_ascii_whitespace();
        if !(plain && in_order) {
            return None;
        }
        first = first.or(Some(b));
        (prev, prev_key) = (Some(b), key);
    }
    Some(first.zip(prev))
}

/// [`sorted_plain`] for `rows` of an offsets layout that are all of one width of at most eight
/// bytes (codes as offices write them: `0010005`), each read as one big-endian word, their
/// ASCII checked in one pass over their bytes: `Some` of what [`sorted_plain`] gives, or `None`
/// when the rows are not of one such width (the caller then walks them row by row).
fn sorted_fixed<'a, O: Copy>(offsets: &'a [O], data: &'a [u8], rows: &Range<usize>) -> Option<Option<Ends<'a>>>
where
    usize: TryFrom<O>,
{
    let at = |x: O| usize::try_from(x).ok();
    let o = offsets.get(rows.start..rows.end + 1)?;
    let (start, end, n) = (at(o[0])?, at(o[o.len() - 1])?, rows.len());
    let w = end.checked_sub(start)?.checked_div(n)?;
    if !(1..=8).contains(&w) || start + w * n != end || end > data.len() {
        return None;
    }
    if !o.windows(2).all(|p| at(p[1]).zip(at(p[0])).is_some_and(|(b, a)| b.wrapping_sub(a) == w)) {
        return None;
    }
    let bytes = &data[start..end];
    if !bytes.is_ascii() {
        return Some(None);
    }
    // Row `i` as a big-endian word of its `w` bytes: eight bytes read at once where the data
    // has them, else the row alone.
    let key = |i: usize| match bytes.get(i * w..i * w + 8) {
        Some(b) => u64::from_be_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]) >> (64 - 8 * w),
        None => bytes[i * w..i * w + w].iter().fold(0u64, |k, &b| k << 8 | u64::from(b)),
    };
    let space = |b: u64| matches!(b, 0x20 | 0x09 | 0x0A | 0x0C | 0x0D);
    let mut prev = None;
    for i in 0..n {
        let k = key(i);
        if space(k >> (8 * (w - 1)) & 0xFF) || space(k & 0xFF) || prev.is_some_and(|p| p >= k) {
            return Some(None);
        }
        prev = Some(k);
    }
    Some(Some(Some((&bytes[..w], &bytes[(n - 1) * w..]))))
}

/// The bytes of `rows` of an offsets layout (`None`: an offset out of bounds), or `None` when
/// the offsets do not reach the last row.
#[inline(always)]
fn offset_rows<'a, O: Copy>(
    offsets: &'a [O],
    data: &'a [u8],
    rows: &Range<usize>,
) -> Option<impl Iterator<Item = Option<&'a [u8]>> + use<'a, O>>
where
    usize: TryFrom<O>,
{
    let at = |x: O| usize::try_from(x).ok();
    let windows = offsets.get(rows.start..rows.end + 1)?;
    Some(windows.windows(2).map(move |w| data.get(at(w[0])?..at(w[1])?)))
}

/// A slot of the recent-texts cache of [`ColumnData::interned`]: the first and last eight bytes
/// and the length, mixed (a key column's few texts rarely share a slot).
#[inline]
fn quick_slot(b: &[u8]) -> usize {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let (head, tail) = (word_le(&b[..b.len().min(8)]), word_le(&b[b.len().saturating_sub(8)..]));
    let mut h = (head ^ tail.wrapping_mul(K) ^ (b.len() as u64) << 56).wrapping_mul(K);
    h ^= h >> 29;
    (h.wrapping_mul(K) >> 56) as usize
}

/// Up to eight bytes as a little-endian word (zero-padded), by whole loads rather than a copy
/// (two overlapping loads write the same bytes twice). Longer input: its first eight bytes.
#[inline]
fn word_le(b: &[u8]) -> u64 {
    let n = b.len();
    let u32_at = |i: usize| u64::from(u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]));
    match n {
        0 => 0,
        1..=3 => u64::from(b[0]) | u64::from(b[n / 2]) << (8 * (n / 2)) | u64::from(b[n - 1]) << (8 * (n - 1)),
        4..=7 => u32_at(0) | u32_at(n - 4) << (8 * (n - 4)),
        _ => u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]),
    }
}

/// `a == b` for byte strings, without a `memcmp` call when both are at most eight bytes.
#[inline]
fn bytes_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && if a.len() <= 8 { word_le(a) == word_le(b) } else { a == b }
}

/// `a < b` for byte strings, without a `memcmp` call when both are at most eight bytes (a
/// zero-padded big-endian compare, ties broken by length: the order of the strings).
#[inline]
/// The rows of a text column's chunks as parts for parallel passes: the chunks, split further so
/// that two cores share a one-chunk column.
fn text_parts<'c, 'a>(chunks: &'c [TextChunk<'a>]) -> Vec<(&'c TextChunk<'a>, std::ops::Range<usize>)> {
    let mut parts = Vec::new();
    for c in chunks {
        let half = c.len().div_ceil(2).max(1 << 16);
        let mut at = 0;
        while at < c.len() {
            parts.push((c, at..(at + half).min(c.len())));
            at += half;
        }
    }
    parts
}

fn bytes_less(a: &[u8], b: &[u8]) -> bool {
    match (short_key(a), short_key(b)) {
        (Some(ka), Some(kb)) => ka < kb,
        _ => a < b,
    }
}

/// A text of at most eight bytes as a key whose order is the order of the bytes: its bytes as
/// one big-endian word (zero-padded), then its length; `None` for a longer text.
#[inline]
fn short_key(b: &[u8]) -> Option<(u64, usize)> {
    (b.len() <= 8).then(|| (word_le(b).swap_bytes(), b.len()))
}

/// An Arrow string column dictionary-encoded ([`ColumnData::interned`]).
pub(crate) struct Interned {
    pub(crate) codes: Vec<u32>,
    pub(crate) dict: Vec<OwnedCell>,
}

/// The rows `rows` of an offsets layout, for [`TextChunk::try_each`] (every row missing when
/// the offsets do not reach the last one).
#[inline(always)]
fn each_offset<'a, O: Copy, B>(
    offsets: &'a [O],
    data: &'a [u8],
    rows: Range<usize>,
    gone: impl Fn(usize) -> bool,
    mut f: impl FnMut(Option<&'a [u8]>) -> ControlFlow<B>,
) -> ControlFlow<B>
where
    usize: TryFrom<O>,
{
    let Some(bytes) = offset_rows(offsets, data, &rows) else {
        return rows.into_iter().try_for_each(|_| f(None));
    };
    for (r, b) in rows.zip(bytes) {
        f(if gone(r) { None } else { b })?;
    }
    ControlFlow::Continue(())
}

/// The bytes of one Arrow string view.
fn view_bytes<'a>(view: &'a [u8], buffers: &[&'a [u8]]) -> Option<&'a [u8]> {
    let word = |i: usize| view.get(i..i + 4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize);
    let len = word(0)?;
    if len <= 12 {
        return view.get(4..4 + len);
    }
    let (buf, off) = (word(8)?, word(12)?);
    buffers.get(buf)?.get(off..off + len)
}

/// A fast hasher for short byte strings (codes and region names): FNV-style over 8-byte words.
#[derive(Default, Clone, Copy)]
pub(crate) struct BytesHash;

impl std::hash::BuildHasher for BytesHash {
    type Hasher = WordHasher;
    fn build_hasher(&self) -> WordHasher {
        WordHasher(0xcbf2_9ce4_8422_2325)
    }
}

/// The hasher of [`BytesHash`].
pub(crate) struct WordHasher(u64);

impl std::hash::Hasher for WordHasher {
    fn finish(&self) -> u64 {
        // A final mix so that the low bits (the table index) depend on every input bit.
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^ (h >> 33)
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            self.0 = (self.0 ^ w).wrapping_mul(0x0000_0100_0000_01b3).rotate_left(29);
        }
        let mut last = [0u8; 8];
        let rest = chunks.remainder();
        last[..rest.len()].copy_from_slice(rest);
        self.0 = (self.0 ^ u64::from_le_bytes(last) ^ (bytes.len() as u64) << 56).wrapping_mul(0x0000_0100_0000_01b3);
    }
}

/// Builds a dictionary-encoded column cell by cell (the row doors: CSV, Excel).
///
/// A text is looked up by its 64-bit hash and compared with the dictionary's copy, so that each
/// distinct text is held once (a column of half a million commune codes would otherwise hold
/// each code twice); the rare text whose hash another text already has goes to `collided`.
#[derive(Debug, Default)]
pub(crate) struct DictBuilder {
    codes: Vec<u32>,
    dict: Vec<OwnedCell>,
    texts: HashMap<u64, u32, BytesHash>,
    collided: HashMap<String, u32>,
    numbers: HashMap<u64, u32>,
    other: HashMap<String, u32>,
}

impl DictBuilder {
    fn code(
        map: &mut HashMap<String, u32>,
        dict: &mut Vec<OwnedCell>,
        key: &str,
        cell: impl FnOnce() -> OwnedCell,
    ) -> u32 {
        if let Some(&c) = map.get(key) {
            return c;
        }
        let c = dict.len() as u32;
        dict.push(cell());
        map.insert(key.to_string(), c);
        c
    }

    /// Adds a text cell (empty text is an empty cell).
    pub(crate) fn push_text(&mut self, text: &str) {
        if text.trim().is_empty() {
            let c = Self::code(&mut self.other, &mut self.dict, text, || OwnedCell::Empty);
            return self.codes.push(c);
        }
        let hash = std::hash::BuildHasher::hash_one(&BytesHash, text.as_bytes());
        let c = match self.texts.get(&hash) {
            Some(&c) if matches!(&self.dict[c as usize], OwnedCell::Text(t) if t == text) => c,
            Some(_) => Self::code(&mut self.collided, &mut self.dict, text, || OwnedCell::Text(text.to_string())),
            None => {
                let c = self.dict.len() as u32;
                self.dict.push(OwnedCell::Text(text.to_string()));
                self.texts.insert(hash, c);
                c
            }
        };
        self.codes.push(c);
    }

    /// Adds any cell.
    pub(crate) fn push(&mut self, cell: Cell<'_>) {
        match cell {
            Cell::Text(t) => self.push_text(t),
            Cell::Empty => self.push_text(""),
            Cell::Number(v) => {
                let c = match self.numbers.get(&v.to_bits()) {
                    Some(&c) => c,
                    None => {
                        let c = self.dict.len() as u32;
                        self.dict.push(OwnedCell::Number(v));
                        self.numbers.insert(v.to_bits(), c);
                        c
                    }
                };
                self.codes.push(c);
            }
            Cell::Bool(b) => {
                let c = Self::code(&mut self.other, &mut self.dict, if b { "\u{0}true" } else { "\u{0}false" }, || {
                    OwnedCell::Bool(b)
                });
                self.codes.push(c);
            }
            Cell::Error(e) => {
                let key = format!("\u{1}{e}");
                let c = Self::code(&mut self.other, &mut self.dict, &key, || OwnedCell::Error(e.to_string()));
                self.codes.push(c);
            }
            Cell::Pair(a, b) => self.push_text(&format!("{a};{b}")),
        }
    }

    /// The column.
    pub(crate) fn finish(self) -> ColumnData<'static> {
        ColumnData::Dict { codes: Codes::U32(Cow::Owned(self.codes)), dict: self.dict }
    }
}

#[cfg(test)]
mod tests {
    use super::{
        BytesHash, Codes, ColumnData, DictBuilder, Missing, Offsets, OwnedCell, TextChunk, TextLayout, bytes_eq,
        bytes_less, offset_rows, quick_slot, sorted_fixed, sorted_plain, word_le,
    };
    use proptest::prelude::*;
    use std::ops::ControlFlow;

    proptest! {
        /// The word compare is the order of the byte strings (embedded zero bytes included).
        #[test]
        fn bytes_less_is_the_order_of_byte_strings(a in proptest::collection::vec(0u8..4, 0..10), b in proptest::collection::vec(0u8..4, 0..10)) {
            prop_assert_eq!(bytes_less(&a, &b), a < b);
            prop_assert_eq!(bytes_eq(&a, &b), a == b);
            let mut padded = [0u8; 8];
            padded[..a.len().min(8)].copy_from_slice(&a[..a.len().min(8)]);
            prop_assert_eq!(word_le(&a), u64::from_le_bytes(padded));
        }
    }

    proptest! {
        /// Dictionary encoding gives each row its own text back, one code per distinct text
        /// (short texts are found by their bytes as a word, longer ones by their bytes), and
        /// no code for a missing row; across two parts, so that their dictionaries are merged.
        #[test]
        fn interned_codes_give_each_row_its_text(
            picks in proptest::collection::vec((0usize..12, any::<bool>()), 0..200),
            pool in proptest::collection::vec(proptest::collection::vec(0u8..3, 0..12), 12),
            copies in 1usize..800,
            masked in any::<bool>(),
            narrow in any::<bool>(),
        ) {
            // Without a mask (the layout pandas and pyarrow hold, read in a loop of its own),
            // every row is there.
            let rows: Vec<(Vec<u8>, bool)> =
                (0..copies).flat_map(|_| picks.iter().map(|&(i, gone)| (pool[i].clone(), gone && masked))).collect();
            let mut ends = vec![0i64];
            let mut data = Vec::new();
            for (t, _) in &rows {
                data.extend(t);
                ends.push(data.len() as i64);
            }
            let flags: Vec<bool> = rows.iter().map(|&(_, gone)| gone).collect();
            // 32-bit offsets (pyarrow `string`) as well as 64-bit ones (`large_string`).
            let narrow_ends: Vec<i32> = ends.iter().map(|&e| e as i32).collect();
            let offsets = if narrow { Offsets::I32(&narrow_ends) } else { Offsets::I64(&ends) };
            let layout = TextLayout::Offsets { offsets, data: &data };
            let missing = masked.then_some(Missing::Flags(&flags));
            let col = ColumnData::Text(vec![TextChunk { layout, missing }]);
            let interned = col.interned().unwrap();
            let (codes, dict) = (interned.codes, interned.dict);
            prop_assert_eq!(codes.len(), rows.len());
            let distinct: std::collections::HashSet<String> = dict.iter().map(|c| format!("{c:?}")).collect();
            prop_assert_eq!(distinct.len(), dict.len());
            for ((t, gone), &code) in rows.iter().zip(&codes) {
                if *gone {
                    prop_assert_eq!(code, u32::MAX);
                } else {
                    let want = OwnedCell::Text(String::from_utf8(t.clone()).unwrap());
                    prop_assert_eq!(&dict[code as usize], &want);
                }
            }
        }
    }

    /// The views of `texts` (inline up to 12 bytes, else in one buffer) and that buffer.
    fn views_of(texts: &[Vec<u8>]) -> (Vec<u8>, Vec<u8>) {
        let (mut views, mut buffer) = (Vec::new(), Vec::new());
        for t in texts {
            views.extend((t.len() as u32).to_le_bytes());
            if t.len() <= 12 {
                let mut inline = t.clone();
                inline.resize(12, 0);
                views.extend(inline);
            } else {
                views.extend(&t[..4]);
                views.extend(0u32.to_le_bytes());
                views.extend((buffer.len() as u32).to_le_bytes());
                buffer.extend(t);
            }
        }
        (views, buffer)
    }

    proptest! {
        /// The layout-once walk gives every row what the row-by-row lookup gives, in all three
        /// layouts, with missing rows.
        #[test]
        fn try_each_walks_the_rows_as_bytes_reads_them(
            texts in proptest::collection::vec(proptest::collection::vec(b'a'..b'e', 0..20), 0..30),
            gone in proptest::collection::vec(any::<bool>(), 30),
        ) {
            let mut ends = vec![0i64];
            for t in &texts {
                ends.push(ends[ends.len() - 1] + t.len() as i64);
            }
            let data: Vec<u8> = texts.concat();
            let ends32: Vec<i32> = ends.iter().map(|&e| e as i32).collect();
            let flags: Vec<bool> = gone[..texts.len()].to_vec();
            let (views, buffer) = views_of(&texts);
            let layouts = [
                TextLayout::Offsets { offsets: Offsets::I64(&ends), data: &data },
                TextLayout::Offsets { offsets: Offsets::I32(&ends32), data: &data },
                TextLayout::Views { views: &views, buffers: vec![&buffer] },
            ];
            for layout in layouts {
                let c = TextChunk { layout, missing: Some(Missing::Flags(&flags)) };
                let mut walked = Vec::new();
                let _ = c.try_each(0..c.len(), |b| { walked.push(b); ControlFlow::<()>::Continue(()) });
                let direct: Vec<Option<&[u8]>> = (0..c.len()).map(|r| c.bytes(r)).collect();
                prop_assert_eq!(&walked, &direct);
                for (r, t) in texts.iter().enumerate() {
                    prop_assert_eq!(walked[r], if flags[r] { None } else { Some(t.as_slice()) });
                }
            }
        }
    }

    proptest! {
        /// The sorted-codes check equals its definition (every code non-empty, ASCII, without
        /// space at its ends, and each after the one before in byte order), for codes short
        /// enough to be read as one word, longer ones, and mixes of both.
        #[test]
        fn sorted_plain_is_its_definition(
            mut codes in proptest::collection::vec(
                proptest::collection::vec(prop_oneof![Just(b'0'), Just(b'1'), Just(b'2')], 1..12),
                1..40,
            ),
            change in 0u8..6,
            at in any::<proptest::sample::Index>(),
            pos in 0usize..12,
        ) {
            // Sorted distinct plain codes, then at most one change: a repeat, two codes
            // swapped, a non-ASCII byte, a space at an end, an empty code.
            codes.sort();
            codes.dedup();
            let i = at.index(codes.len());
            let p = pos % codes[i].len();
            match change {
                1 => codes.insert(i, codes[i].clone()),
                2 if i + 1 < codes.len() => codes.swap(i, i + 1),
                3 => codes[i][p] = 0xC3,
                4 => codes[i][0] = b' ',
                5 => codes[i].clear(),
                _ => {}
            }
            let mut ends = vec![0i64];
            for t in &codes {
                ends.push(ends[ends.len() - 1] + t.len() as i64);
            }
            let data: Vec<u8> = codes.concat();
            let c = TextChunk { layout: TextLayout::Offsets { offsets: Offsets::I64(&ends), data: &data }, missing: None };
            let plain = |b: &Vec<u8>| {
                !b.is_empty() && b.is_ascii() && !b[0].is_ascii_whitespace() && !b[b.len() - 1].is_ascii_whitespace()
            };
            let want = codes.iter().all(plain) && codes.windows(2).all(|w| w[0] < w[1]);
            prop_assert_eq!(ColumnData::Text(vec![c]).text_sorted_plain(), want);
        }
    }

    proptest! {
        /// Codes of one width (at most eight bytes: read as one word each; nine: row by row),
        /// after a prefix of other data, give the sorted-codes check its definition too: sorted
        /// distinct codes, then at most one change (a repeat, a swap, a non-ASCII byte, white
        /// space at either end or inside).
        #[test]
        fn sorted_fixed_width_codes_are_checked_by_the_definition(
            w in 1usize..=9,
            picks in proptest::collection::btree_set(0u64..5_000, 1..60),
            change in 0u8..8,
            at in any::<proptest::sample::Index>(),
            prefix in 0usize..3,
        ) {
            let mut codes: Vec<Vec<u8>> = picks.iter().map(|x| {
                let t = format!("{x:09}");
                t.as_bytes()[9 - w..].to_vec()
            }).collect();
            codes.sort();
            codes.dedup();
            let i = at.index(codes.len());
            match change {
                1 => codes.insert(i, codes[i].clone()),
                2 if i + 1 < codes.len() => codes.swap(i, i + 1),
                3 => codes[i][0] = 0xC3,
                4 => codes[i][0] = b' ',
                5 => *codes[i].last_mut().unwrap() = b'\t',
                6 if w > 2 => codes[i][1] = b' ',
                _ => {}
            }
            let mut data = b"xyz"[..prefix].to_vec();
            let mut ends = vec![prefix as i32];
            for t in &codes {
                data.extend_from_slice(t);
                ends.push(data.len() as i32);
            }
            let c = TextChunk { layout: TextLayout::Offsets { offsets: Offsets::I32(&ends), data: &data }, missing: None };
            let plain = |b: &Vec<u8>| {
                !b.is_empty() && b.is_ascii() && !b[0].is_ascii_whitespace() && !b[b.len() - 1].is_ascii_whitespace()
            };
            let want = codes.iter().all(plain) && codes.windows(2).all(|p| p[0] < p[1]);
            prop_assert_eq!(ColumnData::Text(vec![c]).text_sorted_plain(), want);
            let rows = 0..codes.len();
            let walked = offset_rows(&ends, &data, &rows).and_then(sorted_plain);
            if let Some(fixed) = sorted_fixed(&ends, &data, &rows) {
                prop_assert!(w <= 8);
                prop_assert_eq!(fixed, walked);
            } else {
                prop_assert!(w > 8);
            }
        }
    }

    /// Sorted plain codes are checked in parts in parallel: a repeat or a step back exactly at a
    /// part boundary (a one-chunk column is split in two halves of at least 65,536 rows) is
    /// found, as is one inside a part; a sorted column passes.
    #[test]
    fn sorted_codes_are_checked_across_part_boundaries() {
        let n = 150_000usize;
        let check = |codes: &[String]| {
            let mut ends = vec![0i64];
            for t in codes {
                ends.push(ends[ends.len() - 1] + t.len() as i64);
            }
            let data: Vec<u8> = codes.concat().into_bytes();
            let c =
                TextChunk { layout: TextLayout::Offsets { offsets: Offsets::I64(&ends), data: &data }, missing: None };
            ColumnData::Text(vec![c]).text_sorted_plain()
        };
        let sorted: Vec<String> = (0..n).map(|i| format!("{i:07}")).collect();
        assert!(check(&sorted));
        let half = n.div_ceil(2);
        for (at, from) in [(half, half - 1), (half, half - 2), (10, 9), (n - 1, 0)] {
            let mut bad = sorted.clone();
            bad[at] = sorted[from].clone();
            assert!(!check(&bad), "row {at} set to row {from}");
        }
    }

    /// Two texts with the same hash keep codes of their own: the second is found through the
    /// collision map, every time (the collision is forced, as no real pair is known).
    #[test]
    fn texts_whose_hashes_collide_keep_their_own_codes() {
        let mut b = DictBuilder::default();
        b.push_text("A");
        let hash_of_b = std::hash::BuildHasher::hash_one(&BytesHash, b"B".as_slice());
        b.texts.insert(hash_of_b, 0); // "B" now hashes to the slot of "A"
        for t in ["B", "A", "B", " ", "", "A"] {
            b.push_text(t);
        }
        let ColumnData::Dict { codes: Codes::U32(codes), dict } = b.finish() else { panic!("a dict column") };
        assert_eq!(codes.as_ref(), [0, 1, 0, 1, 2, 3, 0]);
        assert_eq!(
            dict,
            [OwnedCell::Text("A".into()), OwnedCell::Text("B".into()), OwnedCell::Empty, OwnedCell::Empty]
        );
    }

    #[test]
    fn the_region_codes_have_slots_of_their_own() {
        let slots: std::collections::HashSet<usize> =
            ["NMM", "RRD", "NCC", "SCC", "CH", "SE", "MRD"].iter().map(|s| quick_slot(s.as_bytes())).collect();
        assert_eq!(slots.len(), 7);
    }
}
