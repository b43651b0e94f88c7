//! The batch kernel: one chunk of rows, criterion by criterion, in tiles of [`TILE`] rows.
//!
//! For each criterion the kernel walks the chunk tile by tile. For each tile it reads the
//! criterion's columns (one to a few streams at a time) and combines, in two 64-bit words held
//! in registers, which rows failed a column and which could not be assessed on one (a masked
//! column's missing rows come as bits too, from its validity bitmap or flags, so their values
//! are never looked at), and whether a row holds an unusable value. Then it writes the
//! criterion's outcome once per row: its status code, the met-count, and the masks when the
//! caller keeps them. Nothing is written per value: a value is loaded,
//! compared and forgotten. A criterion fails when one of its indicators fails; otherwise it is
//! not assessed when one of them cannot be assessed; otherwise it is met, the rule of
//! [`crate::assess::evaluate`].
//!
//! The compares are made through [`Lanes`] (`lanes.rs`), four values at a time, so that the
//! same rules run with plain Rust on any CPU and with AVX2 where the CPU has it.

use super::lanes::{Lanes, TILE, masks, masks_keyed, place};
use super::{BatchPlan, ChunkOut, Column, Compiled, Keys, Kind, ROWS_PER_CHUNK};
use crate::assess::{Status, Value, check_value, evaluate};
use crate::catalog::{CriteriaSet, Indicator};
use crate::input::Missing;

/// A criterion's verdicts over one tile, one bit per row: failed one of the columns read so far,
/// or could not be assessed on one; and whether a row holds an unusable value (rows past the
/// end of the batch are read as NaN, missing, which is never unusable).
#[derive(Default)]
struct Bits {
    fail: u64,
    unk: u64,
    bad: bool,
}

/// The rows `p` holds for, as the bits of a tile (bit `i` for row `i`).
#[inline(always)]
fn mask(x: &[f64; TILE], p: impl Fn(usize, f64) -> bool) -> u64 {
    let mut m = 0u64;
    for (i, &v) in x.iter().enumerate() {
        m |= u64::from(p(i, v)) << i;
    }
    m
}

/// Each byte's eight bits spread to eight bytes of 0 or 1 (bit `i` to byte `i`).
fn spread() -> &'static [u64; 256] {
    static SPREAD: std::sync::LazyLock<[u64; 256]> = std::sync::LazyLock::new(|| {
        let mut t = [0u64; 256];
        for (b, w) in t.iter_mut().enumerate() {
            for i in 0..8 {
                *w |= ((b as u64 >> i) & 1) << (8 * i);
            }
        }
        t
    });
    &SPREAD
}

/// Assesses one chunk of rows into its outputs, comparing with the lanes `l`; `true` when a
/// value in it is unusable (the caller then names every bad value with its row).
#[inline(always)]
pub(super) fn assess_chunk<L: Lanes>(
    l: L,
    set: &CriteriaSet,
    columns: &[Column<'_>],
    keys: Keys<'_>,
    plan: &BatchPlan,
    chunk: ChunkOut<'_>,
) -> bool {
    let ChunkOut { start, mut met, mut na, cnt, mut status, band, meets, held } = chunk;
    let len = cnt.len();
    let mut key_buf = [0u8; ROWS_PER_CHUNK + TILE];
    plan.chunk_keys(keys, start, &mut key_buf[..len]);
    // Each row's key as the lanes pick its threshold from a column's table.
    let mut places = [0u64; ROWS_PER_CHUNK + TILE];
    for (p, &k) in places.iter_mut().zip(&key_buf) {
        *p = place(k);
    }
    cnt.fill(0);
    for m in [met.as_deref_mut(), na.as_deref_mut()].into_iter().flatten() {
        m.fill(0);
    }
    let mut bad = false;
    for (k, cols) in plan.by_criterion.iter().enumerate() {
        // The criterion's columns with their rules, looked up once for the chunk.
        let cols: Vec<Op<'_, '_>> =
            cols.iter().map(|&i| (&columns[i], &plan.compiled[i], set.indicator_at(i))).collect();
        let mut out = Outcome {
            k,
            status: status.get_mut(k).map(|s| &mut **s),
            cnt: &mut *cnt,
            met: met.as_deref_mut(),
            na: na.as_deref_mut(),
        };
        // Whole tiles (the compiler knows their length), then the rest of the chunk.
        let full = len / TILE * TILE;
        for at in (0..full).step_by(TILE).chain((full < len).then_some(full)) {
            let n = TILE.min(len - at);
            let key: &[u8; TILE] = key_buf[at..at + TILE].try_into().unwrap_or(&[0; TILE]);
            let place: &[u64; TILE] = places[at..at + TILE].try_into().unwrap_or(&[0; TILE]);
            bad |= criterion_tile(l, &cols, start + at, n, (key, place), &mut out.at(at));
        }
    }
    plan.write_extras(cnt, band, meets, held);
    bad
}

/// A column of a criterion, with its compiled rule and its indicator.
type Op<'c, 's> = (&'c Column<'c>, &'s Compiled, &'s Indicator);

/// The keys of a tile's rows, as bytes and as places ([`place`]).
type TileKeys<'k> = (&'k [u8; TILE], &'k [u64; TILE]);

/// One criterion over the `n` rows of one tile at `row` (the set's row): its columns combined,
/// then its outcome written. `true` when a value is unusable.
#[inline(always)]
fn criterion_tile<L: Lanes>(
    l: L,
    cols: &[Op<'_, '_>],
    row: usize,
    n: usize,
    key: TileKeys<'_>,
    out: &mut Outcome<'_>,
) -> bool {
    // A criterion without indicators is not assessed.
    let mut acc = Bits { unk: if cols.is_empty() { !0 } else { 0 }, ..Bits::default() };
    for &(col, c, ind) in cols {
        column_tile(l, col, c, ind, row, n, key, &mut acc);
    }
    out.write(&acc, n);
    acc.bad
}

/// The bits of the first `n` rows of a tile.
#[inline(always)]
fn low(n: usize) -> u64 {
    if n >= TILE { !0 } else { (1u64 << n) - 1 }
}

/// Where the outcome of criterion `k` goes, for the rows of the chunk.
struct Outcome<'a> {
    k: usize,
    status: Option<&'a mut [i8]>,
    cnt: &'a mut [u8],
    met: Option<&'a mut [u32]>,
    na: Option<&'a mut [u32]>,
}

impl Outcome<'_> {
    /// The outputs from row `at` of the chunk on.
    #[inline(always)]
    fn at(&mut self, at: usize) -> Outcome<'_> {
        Outcome {
            k: self.k,
            status: self.status.as_deref_mut().map(|s| &mut s[at..]),
            cnt: &mut self.cnt[at..],
            met: self.met.as_deref_mut().map(|m| &mut m[at..]),
            na: self.na.as_deref_mut().map(|m| &mut m[at..]),
        }
    }

    /// The criterion's outcome on the first `n` rows: 1 failed, else 2 not assessed, else 0
    /// met, eight rows per step (each byte of the bits spread to eight bytes).
    #[inline(always)]
    fn write(&mut self, acc: &Bits, n: usize) {
        let fail = acc.fail & low(n);
        let unk = acc.unk & !acc.fail & low(n);
        let met = !acc.fail & !acc.unk & low(n);
        let spread = spread();
        let byte = |w: u64, b: usize| spread[((w >> (8 * b)) & 0xff) as usize];
        if n == TILE && self.cnt.len() >= TILE {
            // Eight rows per step: their met flags added to the counts (a byte each, never
            // past 32), their codes stored.
            for b in 0..TILE / 8 {
                let c8 = &mut self.cnt[8 * b..8 * b + 8];
                let sum = u64::from_le_bytes(<[u8; 8]>::try_from(&*c8).unwrap_or_default()) + byte(met, b);
                c8.copy_from_slice(&sum.to_le_bytes());
                if let Some(s) = self.status.as_deref_mut() {
                    let code = (byte(fail, b) | byte(unk, b) << 1).to_le_bytes();
                    s[8 * b..8 * b + 8].copy_from_slice(&code.map(|c| c as i8));
                }
            }
        } else {
            for i in 0..n {
                let (f, u) = ((fail >> i) & 1, (unk >> i) & 1);
                self.cnt[i] += ((met >> i) & 1) as u8;
                if let Some(s) = self.status.as_deref_mut() {
                    s[i] = (f | u << 1) as i8;
                }
            }
        }
        let k = self.k;
        if let Some(m) = self.met.as_deref_mut() {
            for (i, m) in m[..n].iter_mut().enumerate() {
                *m |= (((met >> i) & 1) as u32) << k;
            }
        }
        if let Some(m) = self.na.as_deref_mut() {
            for (i, m) in m[..n].iter_mut().enumerate() {
                *m |= (((unk >> i) & 1) as u32) << k;
            }
        }
    }
}

/// One column over the `n` rows of the tile at `row` (the set's row), OR-ed into `acc`; rows
/// past `n` (the end of the batch) are read as missing and their bits ignored by the caller.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
fn column_tile<L: Lanes>(
    l: L,
    col: &Column<'_>,
    c: &Compiled,
    ind: &Indicator,
    row: usize,
    n: usize,
    (key, places): TileKeys<'_>,
    acc: &mut Bits,
) {
    match (col, c.kind) {
        (Column::Verdicts(v), _) => match whole(v, row) {
            Some(x) => verdicts_tile(l, x, !0, acc),
            None => verdicts_tile(l, &padded(v, row, n), !0, acc),
        },
        (Column::Numbers(v), _) => match whole(v, row) {
            Some(x) => numbers_tile(l, x, !0, c, places, acc),
            None => numbers_tile(l, &padded(v, row, n), !0, c, places, acc),
        },
        // The values as they are, and the rows marked missing as bits: a missing row's value is
        // never looked at.
        (Column::Masked(v, m), _) => {
            let present = present(m, row, n);
            match whole(v, row) {
                Some(x) => numbers_tile(l, x, present, c, places, acc),
                None => numbers_tile(l, &padded(v, row, n), present, c, places, acc),
            }
        }
        (Column::Values(v), _) => values_tile(&v[row..row + n], c, ind, key, acc),
        (Column::Pairs(a, b), Kind::AtLeastBoth | Kind::AtLeastTimes) => match (whole(a, row), whole(b, row)) {
            (Some(x), Some(y)) => pairs_tile(l, (x, y), c, (key, places), acc),
            _ => pairs_tile(l, (&padded(a, row, n), &padded(b, row, n)), c, (key, places), acc),
        },
        // No data (`Column::Missing`): not assessed in every row; the same for shapes that
        // `check_batch` refuses before the kernel runs.
        _ => acc.unk = !0,
    }
}

/// The whole tile of a column at `row`, when the column has it.
#[inline(always)]
fn whole(v: &[f64], row: usize) -> Option<&[f64; TILE]> {
    v.get(row..row + TILE).and_then(|s| s.try_into().ok())
}

/// The last `n` rows of a column from `row`, as a tile whose rows past `n` are NaN (missing).
#[inline(never)]
fn padded(v: &[f64], row: usize, n: usize) -> [f64; TILE] {
    let mut x = [f64::NAN; TILE];
    x[..n].copy_from_slice(&v[row..row + n]);
    x
}

/// A column of verdicts (1 met, 0 not met, NaN missing) over one tile.
#[inline(always)]
fn verdicts_tile<L: Lanes>(l: L, x: &[f64; TILE], present: u64, acc: &mut Bits) {
    let (zero, one) = (l.splat(0.0), l.splat(1.0));
    let [nan, no, yes] = masks(l, x, |v| [l.nan(v), l.eq(v, zero), l.eq(v, one)]);
    let missing = nan | !present;
    acc.fail |= no & !missing;
    acc.unk |= missing;
    // Every row is 0, 1 or missing (the rows past the end of the batch are NaN).
    acc.bad |= no | missing | yes != !0;
}

/// A column of numbers over one tile, by the rule of its indicator. An ordered compare is false
/// when either side is NaN, so a missing value or threshold never fails a row: it leaves it not
/// assessed.
#[inline(always)]
fn numbers_tile<L: Lanes>(l: L, x: &[f64; TILE], present: u64, c: &Compiled, places: &[u64; TILE], acc: &mut Bits) {
    let (lo, hi) = (l.splat(c.lo), l.splat(c.hi));
    // Below, no closure is called from another: one that is not inlined loses the AVX2 context
    // (its compares become calls).
    let least = c.kind == Kind::AtLeast;
    let (nan, failed, within, unknown) = match c.kind {
        Kind::Verdict => return verdicts_tile(l, x, present, acc),
        Kind::AtLeast | Kind::AtMost if c.uniform => {
            let t = l.splat(c.x[0]);
            let [nan, f, w] =
                masks(l, x, |v| [l.nan(v), if least { l.lt(v, t) } else { l.gt(v, t) }, l.within(v, lo, hi)]);
            (nan, f, w, if c.x[0].is_nan() { !0 } else { 0 })
        }
        // Each row's threshold by its key.
        Kind::AtLeast | Kind::AtMost => {
            let t = l.table(&c.x);
            let [nan, f, w, u] = masks_keyed(l, x, t, places, |v, t| {
                [l.nan(v), if least { l.lt(v, t) } else { l.gt(v, t) }, l.within(v, lo, hi), l.nan(t)]
            });
            (nan, f, w, if c.unknown { u } else { 0 })
        }
        Kind::Absent => {
            let zero = l.splat(0.0);
            let [nan, zero] = masks(l, x, |v| [l.nan(v), l.eq(v, zero)]);
            let missing = nan | !present;
            acc.fail |= !zero & !missing;
            acc.unk |= missing;
            acc.bad |= mask(x, |_, x| c.usable(x, false)) | missing != !0;
            return;
        }
        // A two-part rule given one number per row: refused by `check_batch` before the kernel.
        Kind::AtLeastBoth | Kind::AtLeastTimes => {
            acc.unk = !0;
            return;
        }
    };
    let missing = nan | !present;
    acc.fail |= failed & !missing;
    acc.unk |= missing | unknown;
    // Every row is missing or within the unit's range (the rows past the end are missing).
    acc.bad |= within | missing != !0;
}

/// The rows of the tile at `row` that are present (bit `i` for row `row + i`), of the first `n`.
#[inline(always)]
fn present(m: &Missing<'_>, row: usize, n: usize) -> u64 {
    match m {
        Missing::Flags(f) => {
            let mut bits = 0u64;
            for (i, &gone) in f[row..row + n].iter().enumerate() {
                bits |= u64::from(!gone) << i;
            }
            bits
        }
        Missing::Validity { bits, offset } => {
            // Nine bytes from the row's byte on (zero past the end), shifted to the row's bit.
            let at = offset + row;
            let mut word = [0u8; 16];
            let from = bits.get(at / 8..).unwrap_or(&[]);
            let k = from.len().min(9);
            word[..k].copy_from_slice(&from[..k]);
            ((u128::from_le_bytes(word) >> (at % 8)) as u64) & low(n)
        }
    }
}

/// A two-part indicator over one tile: both parts at least their thresholds (17.1), or the
/// value at least the multiple of its base (`at_least_times`, row by row: the multiple is
/// rounded as [`crate::assess::multiple`] rounds it).
#[inline(always)]
fn pairs_tile<L: Lanes>(l: L, (a, b): (&[f64; TILE], &[f64; TILE]), c: &Compiled, keys: TileKeys<'_>, acc: &mut Bits) {
    if c.kind == Kind::AtLeastTimes {
        return times_tile(a, b, c, keys.0, acc);
    }
    let (tx, ty, lo, hi) = (l.table(&c.x), l.table(&c.y), l.splat(c.lo), l.splat(c.hi));
    let (mut nan, mut fail, mut within) = (0u64, 0u64, 0u64);
    // Four rows per step, written out: no closure (one this large was not inlined, and outside
    // the AVX2 function its compares became calls).
    let quads = a.as_chunks::<4>().0.iter().zip(b.as_chunks::<4>().0).zip(keys.1.as_chunks::<4>().0);
    for (q, ((x, y), p)) in quads.enumerate() {
        let (x, y, tx, ty) = (l.load(x), l.load(y), l.pick(tx, p), l.pick(ty, p));
        let (nx, ny) = (l.nan(x), l.nan(y));
        let n = l.or(l.or(nx, ny), l.or(l.nan(tx), l.nan(ty)));
        let usable = l.and(l.or(nx, l.within(x, lo, hi)), l.or(ny, l.within(y, lo, hi)));
        nan |= l.bits(n) << (4 * q);
        fail |= l.bits(l.or(l.lt(x, tx), l.lt(y, ty))) << (4 * q);
        within |= l.bits(usable) << (4 * q);
    }
    acc.fail |= !nan & fail;
    acc.unk |= nan;
    // Both parts missing or within the unit's range (the rows past the end are missing).
    acc.bad |= within != !0;
}

/// An `at_least_times` indicator over one tile, row by row.
fn times_tile(a: &[f64; TILE], b: &[f64; TILE], c: &Compiled, key: &[u8; TILE], acc: &mut Bits) {
    let (lo, hi) = (c.lo, c.hi);
    let out_of_range = |x: f64| !(x.is_nan() | ((x >= lo) & (x <= hi)));
    for (r, &k) in key.iter().enumerate() {
        let tx = c.x[k as usize & 7];
        let (x, y) = (a[r], b[r]);
        let (u, fail) = (x.is_nan() | y.is_nan() | tx.is_nan(), x < crate::assess::multiple(tx, y));
        acc.fail |= u64::from(!u & fail) << r;
        acc.unk |= u64::from(u) << r;
        acc.bad |= out_of_range(x) | out_of_range(y);
    }
}

/// A column of any values (verdicts and numbers mixed) over one tile: each evaluated as one
/// commune's value would be.
fn values_tile(v: &[Value], c: &Compiled, ind: &Indicator, key: &[u8; TILE], acc: &mut Bits) {
    for (r, (&x, &k)) in v.iter().zip(key).enumerate() {
        let status = evaluate(c.target(k as usize), x).0;
        acc.fail |= u64::from(status == Status::NotMet) << r;
        acc.unk |= u64::from(status == Status::NotAssessed) << r;
        acc.bad |= check_value(ind, x).is_err();
    }
}
