//! Columnar batch assessment: millions of communes from one column per indicator.
//!
//! The input is one column per indicator (numbers with NaN for missing, yes/no verdicts as
//! 1/0/NaN, or two columns for a compound indicator) and one assessment key per row (region or
//! commune group, with the ĐBKK flag). The output is a criteria bitmask, a not-assessed
//! bitmask and a met-count per row, and on request the per-criterion status codes, band indices
//! and standard flags, written in the same pass ([`BatchBuffers`]). The kernel (`kernel.rs`)
//! takes a chunk of rows criterion by criterion, in tiles of 64 rows whose verdicts stay in
//! registers across the criterion's columns, so that nothing is written per value; chunks run
//! on all cores (rayon) and the result does not depend on the number of threads.

use crate::kind::ProblemKind;
use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::assess::{Profile, Value, check_value};
use crate::band::Banding;
use crate::catalog::{CriteriaSet, Indicator, RuleKind, Target, Unit};
use crate::error::{NtmError, Problem, Result};
use crate::input::cell::{Cell, fmt_number, read_component, read_value};
use crate::input::{Missing, Problems};
use crate::summary::Tally;

mod kernel;
mod lanes;
#[cfg(test)]
mod tests;

/// The column of one indicator.
///
/// ```
/// use ntm_criteria::Column;
/// let income = [38.0, f64::NAN, 29.5];
/// let col = Column::Numbers(&income);
/// assert_eq!(col.len(), Some(3));
/// ```
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub enum Column<'a> {
    /// Measured values in the indicator's unit; NaN is missing.
    Numbers(&'a [f64]),
    /// The agency's verdicts: 1.0 "Đạt", 0.0 "Không đạt", NaN missing.
    Verdicts(&'a [f64]),
    /// The two numbers of a compound indicator; NaN in either is missing.
    Pairs(&'a [f64], &'a [f64]),
    /// Values of any kind, row by row (a text column mixing numbers and verdict words).
    Values(&'a [Value]),
    /// Numbers with missing rows marked beside them (a frame's nullable column: the values of
    /// missing rows are not looked at).
    Masked(&'a [f64], Missing<'a>),
    /// No data for this indicator: not assessed in every row.
    Missing,
}

impl Column<'_> {
    /// Number of rows, `None` for [`Column::Missing`].
    ///
    /// ```
    /// use ntm_criteria::Column;
    /// let (hygienic, clean) = ([92.0, 80.0], [48.0, 60.0]);
    /// assert_eq!(Column::Pairs(&hygienic, &clean).len(), Some(2));
    /// assert_eq!(Column::Missing.len(), None);
    /// ```
    pub fn len(&self) -> Option<usize> {
        match self {
            Column::Numbers(v) | Column::Verdicts(v) => Some(v.len()),
            Column::Pairs(a, _) => Some(a.len()),
            Column::Values(v) => Some(v.len()),
            Column::Masked(v, _) => Some(v.len()),
            Column::Missing => None,
        }
    }

    /// Whether the column has no rows (a missing column has none).
    ///
    /// ```
    /// use ntm_criteria::Column;
    /// assert!(Column::Missing.is_empty());
    /// assert!(Column::Numbers(&[]).is_empty());
    /// assert!(!Column::Verdicts(&[1.0]).is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len().unwrap_or(0) == 0
    }
}

/// The assessment key of each row.
///
/// ```
/// use ntm_criteria::{Keys, Profile, Region};
/// let one = Keys::Same(Profile::region(Region::NorthernMidlandsMountains));
/// let regions = [0u8, 6, 1]; // indices into Region::ALL
/// let per_row = Keys::PerRow { keys: &regions, disadvantaged: None };
/// # let _ = (one, per_row);
/// ```
#[derive(Debug, Clone, Copy)]
pub enum Keys<'a> {
    /// Every row has the same profile.
    Same(Profile),
    /// One key per row: the index of the region in [`crate::Region::ALL`] (or of the commune
    /// group G1..G3, or 0 for a set without a dimension), and optionally the ĐBKK flags.
    PerRow {
        /// Key index per row.
        keys: &'a [u8],
        /// ĐBKK/ATK flag per row.
        disadvantaged: Option<&'a [bool]>,
    },
}

/// The per-row results of a batch.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchOutput {
    /// Criteria met, bit `k-1` for criterion `k`.
    pub met: Vec<u32>,
    /// Criteria not assessed.
    pub not_assessed: Vec<u32>,
    /// Number of criteria met.
    pub met_count: Vec<u8>,
}

impl BatchOutput {
    /// The histogram of met-counts, in one pass (`hist[c]` rows met `c` criteria).
    ///
    /// ```
    /// let out = ntm_criteria::BatchOutput { met: vec![], not_assessed: vec![], met_count: vec![19, 19, 3] };
    /// assert_eq!(out.histogram(19)[19], 2);
    /// ```
    pub fn histogram(&self, n: u32) -> Vec<u64> {
        histogram(&self.met_count, n)
    }

    /// A tally of the batch (per-criterion counts included), for summaries.
    ///
    /// ```
    /// use ntm_criteria::{BatchOutput, Banding, SummaryOptions};
    /// let out = BatchOutput { met: vec![(1 << 19) - 1], not_assessed: vec![0], met_count: vec![19] };
    /// let s = out.tally(19)?.summarize(&Banding::official(), SummaryOptions::default())?;
    /// assert_eq!(s.meeting_standard, 1);
    /// Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn tally(&self, n: u32) -> Result<Tally> {
        let mut t = Tally::new(n);
        t.add_masks(&self.met, &self.not_assessed)?;
        Ok(t)
    }
}

/// The histogram of counts `0..=n` in one pass; counts above `n` go to no bin and are returned
/// as the last element (`hist[n + 1]`), so a caller can refuse them.
///
/// ```
/// let h = ntm_criteria::histogram(&[0, 19, 19, 25], 19);
/// assert_eq!((h[0], h[19], h[20]), (1, 2, 1));
/// ```
pub fn histogram(counts: &[u8], n: u32) -> Vec<u64> {
    let n = n.min(32) as usize;
    let chunk = 1 << 20;
    let part = |c: &[u8]| {
        // Four interleaved tables avoid store-to-load stalls on runs of equal counts.
        let mut h = [[0u64; 256]; 4];
        let mut it = c.chunks_exact(4);
        for q in &mut it {
            h[0][q[0] as usize] += 1;
            h[1][q[1] as usize] += 1;
            h[2][q[2] as usize] += 1;
            h[3][q[3] as usize] += 1;
        }
        for &x in it.remainder() {
            h[0][x as usize] += 1;
        }
        let mut out = [0u64; 256];
        for t in &h {
            for (o, v) in out.iter_mut().zip(t) {
                *o += v;
            }
        }
        out
    };
    let total = if counts.len() > 4 * chunk {
        counts.par_chunks(chunk).map(part).reduce(
            || [0u64; 256],
            |mut a, b| {
                for (x, y) in a.iter_mut().zip(b) {
                    *x += y;
                }
                a
            },
        )
    } else {
        part(counts)
    };
    let mut hist = total[..=n].to_vec();
    hist.push(total[n + 1..].iter().sum());
    hist
}

/// Per-criterion status codes of a batch, for frames: `out[k * rows + r]` is `0` (met), `1` (not
/// met) or `2` (not assessed) for criterion `k + 1` of row `r`. Branch-free, one criterion per
/// task in parallel; `out` has `criteria * rows` elements.
///
/// ```
/// let met = [0b01u32, 0b00];
/// let na = [0b00u32, 0b10];
/// let mut out = [9i8; 4];
/// ntm_criteria::status_codes(&met, &na, 2, &mut out)?;
/// assert_eq!(out, [0, 1, 1, 2]); // criterion 1: met, not met; criterion 2: not met, not assessed
/// Ok::<(), ntm_criteria::NtmError>(())
/// ```
pub fn status_codes(met: &[u32], not_assessed: &[u32], criteria: u32, out: &mut [i8]) -> Result<()> {
    let rows = met.len();
    if not_assessed.len() != rows || out.len() != rows * criteria as usize || criteria > 32 {
        return Err(NtmError::Batch { reason: "status_codes: buffers do not fit rows × criteria".into() });
    }
    if rows == 0 {
        return Ok(());
    }
    out.par_chunks_mut(rows).enumerate().for_each(|(k, o)| {
        write_status(o, met, not_assessed, k);
    });
    Ok(())
}

/// The band index of each met-count (`-1` when no band holds it), in parallel.
///
/// ```
/// let mut out = [0i8; 3];
/// ntm_criteria::band_indices(&[19, 12, 3], &ntm_criteria::Banding::official(), &mut out)?;
/// assert_eq!(out, [0, 2, 4]);
/// Ok::<(), ntm_criteria::NtmError>(())
/// ```
pub fn band_indices(counts: &[u8], banding: &Banding, out: &mut [i8]) -> Result<()> {
    if out.len() != counts.len() {
        return Err(NtmError::Batch { reason: "band_indices: buffers differ in length".into() });
    }
    let table = band_table(banding);
    out.par_chunks_mut(1 << 16).zip(counts.par_chunks(1 << 16)).for_each(|(o, c)| {
        for (o, &c) in o.iter_mut().zip(c) {
            *o = table[c as usize];
        }
    });
    Ok(())
}

/// Criterion `k + 1`'s status code per row: 0 met, 1 not met, 2 not assessed. A criterion not
/// assessed is never met, so the code is "not met" plus "not assessed" (branch-free, vectorised).
#[inline(always)]
fn write_status(out: &mut [i8], met: &[u32], not_assessed: &[u32], k: usize) {
    for ((o, &m), &u) in out.iter_mut().zip(met).zip(not_assessed) {
        *o = (((!m >> k) & 1) + ((u >> k) & 1)) as i8;
    }
}

/// The band index of each count `0..=255` (`-1` when no band holds it, or past 127 bands).
fn band_table(banding: &Banding) -> [i8; 256] {
    let mut table = [-1i8; 256];
    for (c, t) in table.iter_mut().enumerate().take(banding.max() as usize + 1) {
        *t = banding.index_of(c as u32).and_then(|i| i8::try_from(i).ok()).unwrap_or(-1);
    }
    table
}

/// Caller-owned output buffers of a batch (e.g. numpy arrays), for
/// [`CriteriaSet::assess_batch_buffers`]: the three per-row results, and optionally outputs
/// that are otherwise computed in a second pass. Every buffer has one element per row, except
/// the status codes (criteria × rows).
///
/// ```
/// use ntm_criteria::{Banding, BatchBuffers};
/// let (mut met, mut na, mut count, mut band) = ([0u32; 4], [0u32; 4], [0u8; 4], [0i8; 4]);
/// let banding = Banding::official();
/// let out = BatchBuffers::new(&mut met, &mut na, &mut count).with_bands(&banding, &mut band);
/// # let _ = out;
/// ```
#[derive(Debug)]
pub struct BatchBuffers<'a> {
    met: Option<&'a mut [u32]>,
    not_assessed: Option<&'a mut [u32]>,
    met_count: &'a mut [u8],
    status: Option<&'a mut [i8]>,
    bands: Option<(&'a Banding, &'a mut [i8])>,
    meets_standard: Option<&'a mut [bool]>,
    held: Option<&'a [bool]>,
}

impl<'a> BatchBuffers<'a> {
    /// The required outputs: criteria met (bit `k-1` for criterion `k`), criteria not assessed,
    /// and the number of criteria met, one element per row each.
    ///
    /// ```
    /// let (mut met, mut na, mut count) = ([0u32; 2], [0u32; 2], [0u8; 2]);
    /// let out = ntm_criteria::BatchBuffers::new(&mut met, &mut na, &mut count);
    /// # let _ = out;
    /// ```
    pub fn new(met: &'a mut [u32], not_assessed: &'a mut [u32], met_count: &'a mut [u8]) -> Self {
        BatchBuffers {
            met: Some(met),
            not_assessed: Some(not_assessed),
            met_count,
            status: None,
            bands: None,
            meets_standard: None,
            held: None,
        }
    }

    /// Only the number of criteria met of each row (with the optional outputs added by the
    /// `with_` methods): the masks of criteria met and not assessed are not kept, which spares
    /// two arrays of rows when the statuses are written instead (as a frame's result is).
    ///
    /// ```
    /// let (mut count, mut status) = ([0u8; 2], [0i8; 2 * 19]);
    /// let out = ntm_criteria::BatchBuffers::counts(&mut count).with_status(&mut status);
    /// # let _ = out;
    /// ```
    pub fn counts(met_count: &'a mut [u8]) -> Self {
        BatchBuffers {
            met: None,
            not_assessed: None,
            met_count,
            status: None,
            bands: None,
            meets_standard: None,
            held: None,
        }
    }

    /// Also writes each criterion's status, criterion-major like [`status_codes`]:
    /// `status[k * rows + r]` is `0` (met), `1` (not met) or `2` (not assessed) for criterion
    /// `k + 1` of row `r`; the buffer has `criteria × rows` elements.
    ///
    /// ```
    /// let (mut met, mut na, mut count, mut status) = ([0u32; 2], [0u32; 2], [0u8; 2], [0i8; 2 * 19]);
    /// let out = ntm_criteria::BatchBuffers::new(&mut met, &mut na, &mut count).with_status(&mut status);
    /// # let _ = out;
    /// ```
    pub fn with_status(mut self, status: &'a mut [i8]) -> Self {
        self.status = Some(status);
        self
    }

    /// Also writes each row's band index in `banding` (`-1` when no band holds its count), like
    /// [`band_indices`].
    ///
    /// ```
    /// let (mut met, mut na, mut count, mut band) = ([0u32; 2], [0u32; 2], [0u8; 2], [0i8; 2]);
    /// let banding = ntm_criteria::Banding::official();
    /// let out = ntm_criteria::BatchBuffers::new(&mut met, &mut na, &mut count).with_bands(&banding, &mut band);
    /// # let _ = out;
    /// ```
    pub fn with_bands(mut self, banding: &'a Banding, bands: &'a mut [i8]) -> Self {
        self.bands = Some((banding, bands));
        self
    }

    /// Also writes whether each row meets every criterion of the set.
    ///
    /// ```
    /// let (mut met, mut na, mut count, mut meets) = ([0u32; 2], [0u32; 2], [0u8; 2], [false; 2]);
    /// let out = ntm_criteria::BatchBuffers::new(&mut met, &mut na, &mut count).with_meets_standard(&mut meets);
    /// # let _ = out;
    /// ```
    pub fn with_meets_standard(mut self, meets: &'a mut [bool]) -> Self {
        self.meets_standard = Some(meets);
        self
    }

    /// Whether each row holds the prerequisite of a set that requires a level (kiểu mẫu
    /// requires nâng cao): a row that does not is never written as meeting the standard,
    /// whatever its criteria.
    ///
    /// ```
    /// let (mut met, mut na, mut count, mut meets) = ([0u32; 2], [0u32; 2], [0u8; 2], [false; 2]);
    /// let held = [true, false];
    /// let out = ntm_criteria::BatchBuffers::new(&mut met, &mut na, &mut count)
    ///     .with_meets_standard(&mut meets)
    ///     .with_prerequisite(&held);
    /// # let _ = out;
    /// ```
    pub fn with_prerequisite(mut self, held: &'a [bool]) -> Self {
        self.held = Some(held);
        self
    }

    /// Refuses buffers of different lengths, and a status buffer that is not `n` criteria × rows.
    fn check_lengths(&self, n: usize) -> Result<()> {
        let rows = self.met_count.len();
        let fits = |len: Option<usize>, want: usize| len.is_none_or(|l| l == want);
        if !fits(self.met.as_ref().map(|m| m.len()), rows)
            || !fits(self.not_assessed.as_ref().map(|m| m.len()), rows)
            || !fits(self.bands.as_ref().map(|(_, b)| b.len()), rows)
            || !fits(self.meets_standard.as_ref().map(|m| m.len()), rows)
            || !fits(self.held.map(<[bool]>::len), rows)
        {
            return Err(NtmError::Batch { reason: "output buffers differ in length".into() });
        }
        if !fits(self.status.as_ref().map(|s| s.len()), n * rows) {
            return Err(NtmError::Batch {
                reason: format!("the status buffer needs {n} criteria × {rows} rows = {} elements", n * rows),
            });
        }
        Ok(())
    }

    /// Splits every buffer into chunks of `size` rows, one [`ChunkOut`] per chunk (lengths
    /// already checked equal).
    fn into_chunks(self, size: usize) -> Vec<ChunkOut<'a>> {
        let rows = self.met_count.len();
        let mut status: Vec<std::slice::ChunksMut<'a, i8>> = match self.status {
            Some(s) if rows > 0 => s.chunks_mut(rows).map(|c| c.chunks_mut(size)).collect(),
            _ => Vec::new(),
        };
        let mut bands = self.bands.map(|(_, b)| b.chunks_mut(size));
        let mut meets = self.meets_standard.map(|m| m.chunks_mut(size));
        let mut held = self.held.map(|h| h.chunks(size));
        let mut met = self.met.map(|m| m.chunks_mut(size));
        let mut na = self.not_assessed.map(|m| m.chunks_mut(size));
        self.met_count
            .chunks_mut(size)
            .enumerate()
            .map(|(i, cnt)| ChunkOut {
                start: i * size,
                met: met.as_mut().and_then(Iterator::next),
                na: na.as_mut().and_then(Iterator::next),
                cnt,
                status: status.iter_mut().filter_map(Iterator::next).collect(),
                band: bands.as_mut().and_then(Iterator::next),
                meets: meets.as_mut().and_then(Iterator::next),
                held: held.as_mut().and_then(Iterator::next),
            })
            .collect()
    }
}

/// The outputs of one chunk of rows.
struct ChunkOut<'a> {
    start: usize,
    met: Option<&'a mut [u32]>,
    na: Option<&'a mut [u32]>,
    cnt: &'a mut [u8],
    status: Vec<&'a mut [i8]>,
    band: Option<&'a mut [i8]>,
    meets: Option<&'a mut [bool]>,
    held: Option<&'a [bool]>,
}

/// One indicator, compiled for the kernel: thresholds per key.
#[derive(Debug, Clone, Copy)]
struct Compiled {
    kind: Kind,
    /// First number per key (NaN = unknown).
    x: [f64; 8],
    /// Second number per key (compound).
    y: [f64; 8],
    /// The same thresholds for every key (no per-row lookup needed).
    uniform: bool,
    /// Some key of the set has no first number (its rows are not assessed on this indicator).
    unknown: bool,
    /// Range of a usable number for the indicator's unit (the kernel flags values outside it).
    lo: f64,
    hi: f64,
    /// The indicator's unit.
    unit: Unit,
}

impl Compiled {
    /// The target at key `k`, for [`evaluate`].
    fn target(&self, k: usize) -> Option<Target> {
        let (x, y) = (self.x[k & 7], self.y[k & 7]);
        match self.kind {
            Kind::Verdict => Some(Target::Achieved),
            Kind::Absent => (!x.is_nan()).then_some(Target::Absent),
            Kind::AtLeast => (!x.is_nan()).then_some(Target::AtLeast(x)),
            Kind::AtMost => (!x.is_nan()).then_some(Target::AtMost(x)),
            Kind::AtLeastBoth => (!x.is_nan() && !y.is_nan()).then_some(Target::AtLeastBoth(x, y)),
            Kind::AtLeastTimes => (!x.is_nan()).then_some(Target::AtLeastTimes(x)),
        }
    }

    /// Whether a typed number is usable in a column of this indicator (NaN, missing, is): the
    /// rule of [`read_value`] for a typed number, as the kernel checks it.
    #[inline(always)]
    fn usable(&self, x: f64, verdict: bool) -> bool {
        let yes_no = self.unit == Unit::Bool && self.kind != Kind::Absent;
        if verdict || self.kind == Kind::Verdict || yes_no {
            return x.is_nan() | (x == 0.0) | (x == 1.0);
        }
        let in_range = x.is_nan() | ((x >= self.lo) & (x <= self.hi));
        if self.kind == Kind::Absent { in_range & (x.is_nan() | (x == x.trunc())) } else { in_range }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    AtLeast,
    AtMost,
    AtLeastBoth,
    AtLeastTimes,
    Absent,
    Verdict,
}

/// What every chunk of a batch shares ([`CriteriaSet::assess_batch_buffers`]).
struct BatchPlan {
    /// The indicators, compiled for the kernel.
    compiled: Vec<Compiled>,
    /// The indicator indices of each criterion, in criterion order.
    by_criterion: Vec<Vec<usize>>,
    /// The key index of every row, when every row has the same profile.
    same_key: Option<u8>,
    /// The key of a ĐBKK row, when the set has a ĐBKK rule.
    remap: Option<u8>,
    /// The band index of each count, when band indices are asked for.
    band_table: Option<[i8; 256]>,
    /// The number of criteria.
    n: usize,
}

impl BatchPlan {
    /// The key index of each row of the chunk that starts at row `start`.
    #[inline(always)]
    fn chunk_keys(&self, keys: Keys<'_>, start: usize, key: &mut [u8]) {
        let len = key.len();
        match (self.same_key, keys) {
            (Some(k), _) => key.fill(k),
            (None, Keys::PerRow { keys, disadvantaged }) => {
                key.copy_from_slice(&keys[start..start + len]);
                if let (Some(d), Some(to)) = (disadvantaged, self.remap) {
                    for (k, &flag) in key.iter_mut().zip(&d[start..start + len]) {
                        if flag {
                            *k = to;
                        }
                    }
                }
            }
            (None, Keys::Same(_)) => {}
        }
    }

    /// The band index and the "meets the standard" flag of each row, when asked for.
    #[inline(always)]
    fn write_extras(&self, cnt: &[u8], band: Option<&mut [i8]>, meets: Option<&mut [bool]>, held: Option<&[bool]>) {
        if let (Some(band), Some(table)) = (band, &self.band_table) {
            for (b, &c) in band.iter_mut().zip(cnt) {
                *b = table[c as usize];
            }
        }
        if let Some(meets) = meets {
            for (m, &c) in meets.iter_mut().zip(cnt) {
                *m = usize::from(c) == self.n;
            }
            for (m, &h) in meets.iter_mut().zip(held.unwrap_or_default()) {
                *m &= h;
            }
        }
    }
}

/// The lanes the kernel compares with ([`lanes`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Width {
    /// The widest the CPU has (AVX2 on x86-64 CPUs that have it).
    Widest,
    /// Plain lanes on every CPU.
    #[cfg_attr(not(test), allow(dead_code))]
    Plain,
}

/// Rows per chunk: the unit of parallel work. Each chunk reads a segment of every column, so
/// longer segments keep the hardware prefetchers streaming; the chunk's own state is one key
/// byte per row.
const ROWS_PER_CHUNK: usize = 8192;

impl CriteriaSet {
    fn compile_batch(&self) -> Vec<Compiled> {
        let c = self.compiled();
        (0..self.indicator_count())
            .map(|i| {
                let ind = self.indicator_at(i);
                let kind = match ind.rule {
                    RuleKind::AtLeast => Kind::AtLeast,
                    RuleKind::AtMost => Kind::AtMost,
                    RuleKind::AtLeastBoth => Kind::AtLeastBoth,
                    RuleKind::AtLeastTimes => Kind::AtLeastTimes,
                    RuleKind::Absent => Kind::Absent,
                    RuleKind::Achieved | RuleKind::ProvinceDefined => Kind::Verdict,
                };
                let mut x = [f64::NAN; 8];
                let mut y = [f64::NAN; 8];
                for k in 0..c.width {
                    match c.targets[i * c.width + k] {
                        Some(Target::AtLeast(v) | Target::AtMost(v) | Target::AtLeastTimes(v)) => x[k] = v,
                        Some(Target::AtLeastBoth(a, b)) => {
                            x[k] = a;
                            y[k] = b;
                        }
                        Some(Target::Absent) | Some(Target::Achieved) | Some(Target::ProvinceDefined) => x[k] = 0.0,
                        None => {}
                    }
                }
                let same = |a: &[f64; 8]| a[..c.width].iter().all(|v| v.to_bits() == a[0].to_bits());
                // An absent-rule indicator counts things, whatever the unit of its verdict.
                let (lo, hi) = value_range(if kind == Kind::Absent { Unit::Count } else { ind.unit });
                let uniform = same(&x) && same(&y);
                let unknown = x[..c.width].iter().any(|v| v.is_nan());
                Compiled { kind, x, y, uniform, unknown, lo, hi, unit: ind.unit }
            })
            .collect()
    }

    /// Checks that columns and keys fit the set; with `scan_values`, also reports every bad value
    /// with row and indicator, with the problem kind of the one cell rule
    /// ([`crate::input::cell::read_value`]). Without it, the values are left to the kernel,
    /// which flags a bad one in the same pass that assesses (one read of the columns instead of
    /// two).
    fn check_batch(&self, columns: &[Column<'_>], keys: &Keys<'_>, rows: usize, scan_values: bool) -> Result<()> {
        let mut problems = Problems::new();
        self.check_shapes(columns, keys, rows, &mut problems)?;
        if scan_values {
            for (i, (col, c)) in columns.iter().zip(self.compile_batch()).enumerate() {
                value_problems(self.indicator_at(i), col, &c, &mut problems);
            }
        }
        problems.finish(format!("batch for set {}", self.id()), ())
    }

    /// Column count and lengths, key count and range, and column shapes for their indicators.
    fn check_shapes(
        &self,
        columns: &[Column<'_>],
        keys: &Keys<'_>,
        rows: usize,
        problems: &mut Problems,
    ) -> Result<()> {
        let batch = |reason: String| NtmError::Batch { reason };
        if columns.len() != self.indicator_count() {
            return Err(batch(format!(
                "{} columns given for the {} indicators of set {}",
                columns.len(),
                self.indicator_count(),
                self.id()
            )));
        }
        let width = self.dimension().width();
        match keys {
            Keys::Same(p) => {
                self.key_index(p)?;
            }
            Keys::PerRow { keys, disadvantaged } => {
                if keys.len() != rows {
                    return Err(batch(format!("{} keys for {rows} rows", keys.len())));
                }
                if disadvantaged.is_some_and(|d| d.len() != rows) {
                    return Err(batch(format!(
                        "{} ĐBKK flags for {rows} rows",
                        disadvantaged.map_or(0, <[bool]>::len)
                    )));
                }
                let any_bad = keys.iter().fold(false, |acc, &k| acc | (k as usize >= width));
                for (r, &k) in keys.iter().enumerate().filter(|(_, k)| any_bad && **k as usize >= width) {
                    let msg = format!("key index {k} is not below {width}");
                    problems.push(
                        Problem::new(self.dimension().as_str(), ProblemKind::UnknownKey, msg)
                            .at_row(r + 1)
                            .with_input(k.to_string()),
                    );
                }
            }
        }
        for (i, col) in columns.iter().enumerate() {
            let ind = self.indicator_at(i);
            if col.len().is_some_and(|len| len != rows) {
                return Err(batch(format!("column {} has {} rows, not {rows}", ind.id, col.len().unwrap_or(0))));
            }
            match (col, ind.rule) {
                (Column::Pairs(a, b), r) if r.takes_pair() && a.len() != b.len() => {
                    return Err(batch(format!("the two columns of {} differ in length", ind.id)));
                }
                (Column::Numbers(_) | Column::Masked(..), r) if r.takes_pair() => {
                    return Err(batch(format!(
                        "indicator {} has two parts: give two columns or a verdict column",
                        ind.id
                    )));
                }
                (Column::Pairs(..), r) if !r.takes_pair() => {
                    return Err(batch(format!("indicator {} has one number, not two", ind.id)));
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Assesses many communes at once from columns (see the module docs). The result equals
    /// [`CriteriaSet::assess_values`] row by row.
    ///
    /// ```
    /// use ntm_criteria::{Column, CriteriaSet, Keys, Profile, Region};
    /// let set = CriteriaSet::bundled("2016-2020")?;
    /// let income = [40.0, 30.0, f64::NAN];
    /// let mut columns = vec![Column::Missing; set.indicator_count()];
    /// columns[set.indicator_index("10")?] = Column::Numbers(&income);
    /// let out = set.assess_batch(&columns, Keys::Same(Profile::region(Region::NorthernMidlandsMountains)), 3)?;
    /// let c10 = 1 << 9;
    /// assert_eq!(out.met.iter().map(|m| m & c10 != 0).collect::<Vec<_>>(), [true, false, false]);
    /// assert_eq!(out.not_assessed[2] & c10, c10);
    /// Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn assess_batch(&self, columns: &[Column<'_>], keys: Keys<'_>, rows: usize) -> Result<BatchOutput> {
        let mut out = BatchOutput { met: vec![0; rows], not_assessed: vec![0; rows], met_count: vec![0; rows] };
        self.assess_batch_into(columns, keys, &mut out.met, &mut out.not_assessed, &mut out.met_count)?;
        Ok(out)
    }

    /// Like [`CriteriaSet::assess_batch`], writing into caller-owned buffers (e.g. numpy
    /// arrays), each of length `rows`: buffers of different lengths are refused.
    ///
    /// ```
    /// use ntm_criteria::{Column, CriteriaSet, Keys, Region};
    /// let set = CriteriaSet::bundled("2016-2020")?;
    /// let income = [38.5, 38.5];
    /// let mut columns = vec![Column::Missing; set.indicator_count()];
    /// columns[set.indicator_index("10")?] = Column::Numbers(&income);
    /// // Row 0 in Lạng Sơn's region (TDMNPB: 36 needed), row 1 in the Southeast (ĐNB: 50 needed).
    /// let regions = [Region::NorthernMidlandsMountains.index() as u8, Region::Southeast.index() as u8];
    /// let keys = Keys::PerRow { keys: &regions, disadvantaged: None };
    /// let (mut met, mut not_assessed, mut met_count) = ([0u32; 2], [0u32; 2], [0u8; 2]);
    /// set.assess_batch_into(&columns, keys, &mut met, &mut not_assessed, &mut met_count)?;
    /// let c10 = 1 << 9;
    /// assert_eq!([met[0] & c10, met[1] & c10], [c10, 0]);
    /// assert!(set.assess_batch_into(&columns, keys, &mut met, &mut not_assessed, &mut [0u8; 1]).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn assess_batch_into(
        &self,
        columns: &[Column<'_>],
        keys: Keys<'_>,
        met: &mut [u32],
        not_assessed: &mut [u32],
        met_count: &mut [u8],
    ) -> Result<()> {
        self.assess_batch_buffers(columns, keys, BatchBuffers::new(met, not_assessed, met_count))
    }

    /// Like [`CriteriaSet::assess_batch_into`], also writing, in the same pass over the columns,
    /// any of the optional outputs of [`BatchBuffers`]: per-criterion status codes, band
    /// indices and the "meets the standard" flag. This is what a data-frame front end needs,
    /// without a second pass over millions of rows.
    ///
    /// ```
    /// use ntm_criteria::{Banding, BatchBuffers, Column, CriteriaSet, Keys, Profile, Region};
    /// let set = CriteriaSet::bundled("2016-2020")?;
    /// let income = [40.0, 30.0];
    /// let mut columns = vec![Column::Missing; set.indicator_count()];
    /// columns[set.indicator_index("10")?] = Column::Numbers(&income);
    /// let (mut met, mut na, mut count) = ([0u32; 2], [0u32; 2], [0u8; 2]);
    /// let (mut status, mut band, mut meets) = ([9i8; 2 * 19], [0i8; 2], [true; 2]);
    /// let banding = Banding::official();
    /// let out = BatchBuffers::new(&mut met, &mut na, &mut count)
    ///     .with_status(&mut status)
    ///     .with_bands(&banding, &mut band)
    ///     .with_meets_standard(&mut meets);
    /// set.assess_batch_buffers(&columns, Keys::Same(Profile::region(Region::NorthernMidlandsMountains)), out)?;
    /// // Criterion 10 (status row 9): met in row 0, not met in row 1; criterion 1 is not assessed.
    /// assert_eq!((status[9 * 2], status[9 * 2 + 1], status[0]), (0, 1, 2));
    /// assert_eq!(band, [4, 4]); // one criterion met: "dưới 5"
    /// assert_eq!(meets, [false, false]);
    /// Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn assess_batch_buffers(&self, columns: &[Column<'_>], keys: Keys<'_>, out: BatchBuffers<'_>) -> Result<()> {
        self.assess_batch_width(columns, keys, out, Width::Widest)
    }

    /// [`CriteriaSet::assess_batch_buffers`] with the kernel's lanes chosen (the tests compare
    /// the two).
    fn assess_batch_width(
        &self,
        columns: &[Column<'_>],
        keys: Keys<'_>,
        out: BatchBuffers<'_>,
        width: Width,
    ) -> Result<()> {
        let rows = out.met_count.len();
        out.check_lengths(self.criteria_count() as usize)?;
        self.check_batch(columns, &keys, rows, false)?;
        let plan = self.batch_plan(keys, out.bands.as_ref().map(|(banding, _)| *banding))?;
        let bad_value = AtomicBool::new(false);
        out.into_chunks(ROWS_PER_CHUNK).into_par_iter().for_each(|chunk| {
            if self.assess_chunk_wide(columns, keys, &plan, chunk, width) {
                bad_value.store(true, Ordering::Relaxed);
            }
        });
        if bad_value.load(Ordering::Relaxed) {
            // Rare path: scan again to name every bad value with its row.
            self.check_batch(columns, &keys, rows, true)?;
        }
        Ok(())
    }

    /// What every chunk of [`CriteriaSet::assess_batch_buffers`] shares; refuses a profile
    /// without the set's region or group.
    fn batch_plan(&self, keys: Keys<'_>, banding: Option<&Banding>) -> Result<BatchPlan> {
        let compiled = self.compile_batch();
        let same_key = match keys {
            Keys::Same(p) => Some(self.key_index(&p)? as u8),
            Keys::PerRow { .. } => None,
        };
        let remap = self.disadvantaged_uses().map(|r| r.index() as u8);
        if let Some(b) = banding {
            b.check_criteria_count(self.criteria_count())?;
        }
        let band_table = banding.map(band_table);
        let n = self.criteria_count() as usize;
        let mut by_criterion = vec![Vec::new(); n];
        for i in 0..self.indicator_count() {
            by_criterion[self.criterion_of(i)].push(i);
        }
        Ok(BatchPlan { compiled, by_criterion, same_key, remap, band_table, n })
    }

    /// Assesses one chunk of rows into its outputs ([`kernel::assess_chunk`]); `true` when the
    /// kernel met an unusable value. On an x86-64 CPU with AVX2 (detected at run time) the
    /// kernel compares four values per instruction ([`lanes::Avx2`]); elsewhere it uses plain
    /// lanes, compiled for the widest instructions `pulp` finds (without the `simd` feature, as
    /// they are). The same rules, so the same results: only the instructions differ.
    fn assess_chunk_wide(
        &self,
        columns: &[Column<'_>],
        keys: Keys<'_>,
        plan: &BatchPlan,
        chunk: ChunkOut<'_>,
        width: Width,
    ) -> bool {
        #[cfg(feature = "simd")]
        {
            struct Chunk<'s, 'c, 'k, 'p, 'o, L> {
                lanes: L,
                set: &'s CriteriaSet,
                columns: &'c [Column<'c>],
                keys: Keys<'k>,
                plan: &'p BatchPlan,
                chunk: ChunkOut<'o>,
            }
            impl<L: lanes::Lanes> pulp::WithSimd for Chunk<'_, '_, '_, '_, '_, L> {
                type Output = bool;
                #[inline(always)]
                fn with_simd<S: pulp::Simd>(self, _: S) -> bool {
                    kernel::assess_chunk(self.lanes, self.set, self.columns, self.keys, self.plan, self.chunk)
                }
            }
            #[cfg(target_arch = "x86_64")]
            if let (Width::Widest, Some(v3)) = (width, pulp::x86::V3::try_new()) {
                return pulp::Simd::vectorize(
                    v3,
                    Chunk { lanes: lanes::Avx2(v3), set: self, columns, keys, plan, chunk },
                );
            }
            pulp::Arch::new().dispatch(Chunk { lanes: lanes::Plain, set: self, columns, keys, plan, chunk })
        }
        #[cfg(not(feature = "simd"))]
        {
            let _ = width; // one kind of lanes only
            kernel::assess_chunk(lanes::Plain, self, columns, keys, plan, chunk)
        }
    }

    /// A what-if (sensitivity) run: re-assess the same columns with indicator `indicator`'s
    /// threshold set to each value of `grid` for every region or group, and count the outcome.
    /// The columns are read in place for every grid point; nothing is copied.
    ///
    /// ```
    /// use ntm_criteria::{Column, CriteriaSet, Keys, Profile, Region};
    /// let set = CriteriaSet::bundled("2016-2020")?;
    /// let income = [30.0, 35.0, 40.0, 45.0];
    /// let mut columns = vec![Column::Missing; set.indicator_count()];
    /// columns[set.indicator_index("10")?] = Column::Numbers(&income);
    /// let keys = Keys::Same(Profile::region(Region::NorthernMidlandsMountains));
    /// let rows = set.what_if(&columns, keys, 4, "10", &[30.0, 36.0, 41.0, 50.0], None)?;
    /// let meeting_c10: Vec<u64> = rows.iter().map(|r| r.criteria_met[9]).collect();
    /// assert_eq!(meeting_c10, [4, 2, 1, 0]);
    /// Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn what_if(
        &self,
        columns: &[Column<'_>],
        keys: Keys<'_>,
        rows: usize,
        indicator: &str,
        grid: &[f64],
        banding: Option<&Banding>,
    ) -> Result<Vec<WhatIfRow>> {
        let i = self.indicator_index(indicator)?;
        let ind = self.indicator_at(i);
        if !matches!(ind.rule, RuleKind::AtLeast | RuleKind::AtMost) {
            return Err(NtmError::Batch {
                reason: format!(
                    "indicator {indicator} has a {} rule; a what-if moves a single-number threshold",
                    ind.rule.as_str()
                ),
            });
        }
        let banding = banding.unwrap_or(self.banding());
        let mut out = Vec::with_capacity(grid.len());
        for &x in grid {
            if !ind.unit.allows(x) {
                return Err(NtmError::InvalidValue {
                    indicator: indicator.to_string(),
                    commune: None,
                    reason: format!("threshold {x} is outside the range of unit {}", ind.unit.as_str()),
                });
            }
            let set = self.with_overrides(self.id(), &[crate::Override::number(indicator, "*", x)])?;
            let res = set.assess_batch(columns, keys, rows)?;
            let summary = res.tally(self.criteria_count())?.summarize(banding, crate::SummaryOptions::default())?;
            let criteria_met = summary.per_criterion.as_ref().map(|p| p.iter().map(|c| c.met).collect());
            out.push(WhatIfRow {
                threshold: x,
                meeting_standard: summary.meeting_standard,
                criteria_met: criteria_met.unwrap_or_default(),
                band_counts: summary.bands.iter().map(|b| b.count).collect(),
                average: summary.average,
            });
        }
        Ok(out)
    }
}

/// One row of a what-if table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WhatIfRow {
    /// The threshold tried.
    pub threshold: f64,
    /// Communes meeting every criterion.
    pub meeting_standard: u64,
    /// Communes meeting each criterion (index 0 = criterion 1).
    pub criteria_met: Vec<u64>,
    /// Communes per band of the banding used.
    pub band_counts: Vec<u64>,
    /// Average criteria met.
    pub average: crate::Fixed,
}

/// The range of a usable number for a unit (NaN, the missing value, is always usable).
fn value_range(unit: Unit) -> (f64, f64) {
    match unit {
        Unit::Percent => (0.0, 100.0),
        Unit::Bool => (0.0, 1.0),
        Unit::Number => (-f64::MAX, f64::MAX),
        _ => (0.0, f64::MAX),
    }
}

/// Every unusable value of a column, named by row, with the kind and message of the one cell
/// rule. A fast parallel scan first: the row-by-row messages are built only for a column that
/// has a bad value.
fn value_problems(ind: &Indicator, col: &Column<'_>, c: &Compiled, problems: &mut Problems) {
    // `part`: the component of a two-part indicator a column holds (`17.1:hygienic`).
    let scan = |vals: &[f64], verdict: bool, part: Option<usize>, problems: &mut Problems| {
        if !vals.par_chunks(1 << 16).any(|ch| ch.iter().fold(false, |acc, &v| acc | !c.usable(v, verdict))) {
            return;
        }
        let name = part.and_then(|k| ind.components.as_ref().and_then(|names| names.get(k)));
        let loc = name.map_or_else(|| ind.id.clone(), |n| format!("{}:{n}", ind.id));
        for (r, &v) in vals.iter().enumerate().filter(|(_, v)| !c.usable(**v, verdict)) {
            // The kind and message of the one cell rule, whichever door the number came through
            // (95 in a frame's `17.1` column is `needs_components`, as in a CSV or a dict).
            let read = match part {
                Some(_) => read_component(Cell::Number(v), ind.unit).map(|_| ()),
                None => read_value(Cell::Number(v), ind).map(|_| ()),
            };
            let issue = read.err().unwrap_or_else(|| {
                crate::input::cell::ParseIssue::new(ProblemKind::NotYesNo, "not a yes/no value (1, 0 or missing)")
            });
            problems.push(Problem::new(loc.clone(), issue.kind, issue.message).at_row(r + 1).with_input(fmt_number(v)));
        }
    };
    match col {
        Column::Verdicts(v) => scan(v, true, None, problems),
        Column::Numbers(v) => scan(v, false, None, problems),
        Column::Pairs(a, b) => {
            scan(a, false, Some(0), problems);
            scan(b, false, Some(1), problems);
        }
        Column::Masked(v, m) => {
            let masked: Vec<f64> =
                v.iter().enumerate().map(|(r, &x)| if m.is_missing(r) { f64::NAN } else { x }).collect();
            scan(&masked, false, None, problems);
        }
        Column::Values(v) => {
            for (r, &x) in v.iter().enumerate() {
                if let Err(e) = check_value(ind, x) {
                    problems.push(
                        Problem::new(ind.id.clone(), e.kind, e.message)
                            .at_row(r + 1)
                            .with_input(crate::assess::value_text(x)),
                    );
                }
            }
        }
        Column::Missing => {}
    }
}
