//! Summaries: counts per band, shares, averages and per-criterion attainment, computed exactly
//! from integers and rounded half-up as officials do.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::assess::Assessment;
use crate::assessed::AssessedUnit;
use crate::band::Banding;
use crate::error::{NtmError, Result};
use crate::fixed::Fixed;
use crate::mask::CriteriaMask;

/// Each byte of a mask spread into the bytes of a `u64` (bit `b` of the byte → byte `b`, 0 or 1):
/// adding `SPREAD[byte]` counts 8 criteria at once in 8 byte counters.
const SPREAD: [u64; 256] = {
    let mut t = [0u64; 256];
    let mut i = 0;
    while i < 256 {
        let mut b = 0;
        while b < 8 {
            if (i >> b) & 1 == 1 {
                t[i] |= 1 << (8 * b);
            }
            b += 1;
        }
        i += 1;
    }
    t
};

/// Counts of a run of criteria masks (see [`Tally::add_masks`]).
struct MaskCounts {
    hist: [u64; 33],
    met: [u64; 32],
    not_assessed: [u64; 32],
    communes_not_assessed: u64,
    /// A pair with bits beyond the set's criteria, or a criterion both met and not assessed.
    bad: bool,
}

impl Default for MaskCounts {
    fn default() -> Self {
        MaskCounts { hist: [0; 33], met: [0; 32], not_assessed: [0; 32], communes_not_assessed: 0, bad: false }
    }
}

impl MaskCounts {
    /// Adds the pairs: byte counters over blocks of 255 rows (they cannot overflow), flushed into
    /// the 64-bit counts after each block.
    fn add(&mut self, met: &[u32], not_assessed: &[u32], all: u32) {
        for (m, u) in met.chunks(255).zip(not_assessed.chunks(255)) {
            let (mut bm, mut bu) = ([0u64; 4], [0u64; 4]);
            for (&m, &u) in m.iter().zip(u) {
                for j in 0..4 {
                    bm[j] += SPREAD[(m >> (8 * j)) as usize & 0xff];
                    bu[j] += SPREAD[(u >> (8 * j)) as usize & 0xff];
                }
                self.hist[m.count_ones() as usize] += 1;
                self.communes_not_assessed += u64::from(u != 0);
                self.bad |= ((m | u) & !all != 0) | (m & u != 0);
            }
            for j in 0..4 {
                for b in 0..8 {
                    self.met[8 * j + b] += (bm[j] >> (8 * b)) & 0xff;
                    self.not_assessed[8 * j + b] += (bu[j] >> (8 * b)) & 0xff;
                }
            }
        }
    }

    fn merge(&mut self, other: &MaskCounts) {
        for (a, b) in self.hist.iter_mut().zip(&other.hist) {
            *a += b;
        }
        for (a, b) in self.met.iter_mut().zip(&other.met) {
            *a += b;
        }
        for (a, b) in self.not_assessed.iter_mut().zip(&other.not_assessed) {
            *a += b;
        }
        self.communes_not_assessed += other.communes_not_assessed;
        self.bad |= other.bad;
    }
}

/// Options of a summary.
///
/// ```
/// let o = ntm_criteria::SummaryOptions { precision: 1, ..Default::default() };
/// assert!(!o.sum_to_100);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SummaryOptions {
    /// Decimals of shares and the average (2 in most reports; Thừa Thiên Huế prints 1).
    pub precision: u8,
    /// Make band shares sum to exactly 100 by the largest-remainder method. The default is
    /// independent rounding, as in published reports.
    pub sum_to_100: bool,
}

impl Default for SummaryOptions {
    fn default() -> Self {
        SummaryOptions { precision: 2, sum_to_100: false }
    }
}

impl SummaryOptions {
    /// Options as a user gives them: a precision of 0 to 6 decimals, refused otherwise (a
    /// summary never rounds to a precision it was not asked for).
    ///
    /// ```
    /// use ntm_criteria::SummaryOptions;
    /// assert_eq!(SummaryOptions::checked(1, false)?.precision, 1);
    /// assert!(SummaryOptions::checked(9, false).is_err() && SummaryOptions::checked(-1, false).is_err());
    /// # Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn checked(precision: i64, sum_to_100: bool) -> Result<SummaryOptions> {
        match u8::try_from(precision) {
            Ok(p) if p <= 6 => Ok(SummaryOptions { precision: p, sum_to_100 }),
            _ => Err(NtmError::InvalidArgument {
                argument: "precision".into(),
                reason: format!("{precision} decimals: a summary rounds to 0 to 6 decimals"),
            }),
        }
    }
}

/// A running count of communes: a histogram of criteria counts, and per-criterion counts when
/// the criteria of each commune are known. Build it in one pass, merge partial tallies, then
/// [`Tally::summarize`].
///
/// ```
/// use ntm_criteria::{Banding, SummaryOptions, Tally};
/// let mut t = Tally::new(19);
/// for c in [19, 19, 16, 12, 7] {
///     t.add_count(c)?;
/// }
/// let s = t.summarize(&Banding::official(), SummaryOptions::default())?;
/// assert_eq!(s.communes, 5);
/// assert_eq!(s.average.to_string(), "14.60");
/// Ok::<(), ntm_criteria::NtmError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    n: u32,
    hist: Vec<u64>,
    with_detail: u64,
    met: Vec<u64>,
    not_assessed: Vec<u64>,
    communes_not_assessed: u64,
}

/// The error of a count too large for 64-bit arithmetic (only forged input gets there: 2^64
/// communes do not exist).
fn overflow(what: &str) -> NtmError {
    NtmError::InvalidArgument {
        argument: what.to_string(),
        reason: format!("the counts are too large: {what} overflows a 64-bit integer"),
    }
}

/// `a + b`, or the overflow error.
fn add(a: u64, b: u64, what: &str) -> Result<u64> {
    a.checked_add(b).ok_or_else(|| overflow(what))
}

/// `a * b`, or the overflow error.
fn mul(a: u64, b: u64, what: &str) -> Result<u64> {
    a.checked_mul(b).ok_or_else(|| overflow(what))
}

/// The sum, or the overflow error.
fn sum(values: impl IntoIterator<Item = u64>, what: &str) -> Result<u64> {
    values.into_iter().try_fold(0u64, |acc, v| add(acc, v, what))
}

impl Tally {
    /// An empty tally for a set of `n` criteria (clamped to 1..=32).
    ///
    /// ```
    /// use ntm_criteria::Tally;
    /// let t = Tally::new(19);
    /// assert_eq!((t.criteria_count(), t.communes()), (19, 0));
    /// assert_eq!(t.histogram().len(), 20); // counts 0..=19
    /// assert_eq!(Tally::new(40).criteria_count(), 32);
    /// ```
    pub fn new(n: u32) -> Tally {
        let n = n.clamp(1, 32);
        Tally {
            n,
            hist: vec![0; n as usize + 1],
            with_detail: 0,
            met: vec![0; n as usize],
            not_assessed: vec![0; n as usize],
            communes_not_assessed: 0,
        }
    }

    /// Number of criteria.
    ///
    /// ```
    /// assert_eq!(ntm_criteria::Tally::new(10).criteria_count(), 10);
    /// ```
    pub fn criteria_count(&self) -> u32 {
        self.n
    }

    /// Adds a commune known only by its count of criteria met.
    ///
    /// ```
    /// assert!(ntm_criteria::Tally::new(19).add_count(20).is_err());
    /// ```
    pub fn add_count(&mut self, count: u32) -> Result<()> {
        if count > self.n {
            return Err(NtmError::InvalidArgument {
                argument: "met_count".into(),
                reason: format!("{count} criteria met is more than the set's {}", self.n),
            });
        }
        // One more commune: the total bounds every slot, so checking it is enough.
        add(self.communes(), 1, "communes")?;
        self.hist[count as usize] += 1;
        Ok(())
    }

    /// Adds a histogram of counts (`hist[c]` communes met `c` criteria). A total beyond 64 bits
    /// is refused ([`NtmError::InvalidArgument`]), and the tally is then unchanged.
    ///
    /// ```
    /// let mut t = ntm_criteria::Tally::new(19);
    /// let mut hist = [0u64; 20];
    /// hist[19] = 51;
    /// hist[10] = 4;
    /// t.add_histogram(&hist)?;
    /// assert_eq!(t.communes(), 55);
    /// Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn add_histogram(&mut self, hist: &[u64]) -> Result<()> {
        let mut new = self.hist.clone();
        for (c, &h) in hist.iter().enumerate() {
            if h > 0 {
                let slot = new.get_mut(c).ok_or_else(|| NtmError::InvalidArgument {
                    argument: "met_count".into(),
                    reason: format!("{c} criteria met is more than the set's {}", self.n),
                })?;
                *slot = add(*slot, h, "communes")?;
            }
        }
        sum(new.iter().copied(), "communes")?;
        self.hist = new;
        Ok(())
    }

    /// Adds a commune whose criteria are known: `met`, and `not_assessed` (neither met nor
    /// failed). Bits above the set's criteria are an error.
    ///
    /// ```
    /// use ntm_criteria::{CriteriaMask, Tally};
    /// let mut t = Tally::new(19);
    /// t.add_mask(CriteriaMask::all(19), CriteriaMask::EMPTY)?;
    /// assert_eq!(t.communes(), 1);
    /// Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn add_mask(&mut self, met: CriteriaMask, not_assessed: CriteriaMask) -> Result<()> {
        let all = CriteriaMask::all(self.n).0;
        if (met.0 | not_assessed.0) & !all != 0 || met.0 & not_assessed.0 != 0 {
            return Err(NtmError::InvalidArgument {
                argument: "criteria".into(),
                reason: format!("criteria {met} / not assessed {not_assessed} do not fit a set of {} criteria", self.n),
            });
        }
        // One more commune: the total bounds every other count, so checking it is enough.
        add(self.communes(), 1, "communes")?;
        self.hist[met.count() as usize] += 1;
        self.with_detail += 1;
        for k in 0..self.n as usize {
            if met.0 & (1 << k) != 0 {
                self.met[k] += 1;
            }
            if not_assessed.0 & (1 << k) != 0 {
                self.not_assessed[k] += 1;
            }
        }
        if not_assessed.0 != 0 {
            self.communes_not_assessed += 1;
        }
        Ok(())
    }

    /// Adds many communes from their criteria masks, like [`Tally::add_mask`] for each pair
    /// `(met[r], not_assessed[r])`, in one pass (in parallel for long slices): per-criterion
    /// counts are kept in byte counters, so a row costs a few additions, not one branch per
    /// criterion. A pair that does not fit the set is refused with its row (1-based), and the
    /// tally is then unchanged.
    ///
    /// ```
    /// use ntm_criteria::{Banding, SummaryOptions, Tally};
    /// let met = [(1u32 << 19) - 1, 0b101, 0];
    /// let not_assessed = [0u32, 0b010, 0];
    /// let mut t = Tally::new(19);
    /// t.add_masks(&met, &not_assessed)?;
    /// let s = t.summarize(&Banding::official(), SummaryOptions::default())?;
    /// let c1 = &s.per_criterion.as_ref().unwrap()[0];
    /// assert_eq!((s.communes, s.meeting_standard, c1.met), (3, 1, 2));
    /// assert_eq!(s.communes_not_assessed, Some(1));
    /// // Criterion 1 both met and not assessed in row 2: refused, nothing added.
    /// assert!(t.add_masks(&[0, 1], &[0, 1]).is_err());
    /// assert_eq!(t.communes(), 3);
    /// # Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn add_masks(&mut self, met: &[u32], not_assessed: &[u32]) -> Result<()> {
        use rayon::prelude::*;
        if met.len() != not_assessed.len() {
            return Err(NtmError::InvalidArgument {
                argument: "criteria".into(),
                reason: format!("{} criteria masks but {} not-assessed masks", met.len(), not_assessed.len()),
            });
        }
        let all = CriteriaMask::all(self.n).0;
        let fits = |m: u32, u: u32| (m | u) & !all == 0 && m & u == 0;
        let part = |(m, u): (&[u32], &[u32])| {
            let mut p = MaskCounts::default();
            p.add(m, u, all);
            p
        };
        const CHUNK: usize = 1 << 16;
        let counts = if met.len() > 4 * CHUNK {
            met.par_chunks(CHUNK).zip(not_assessed.par_chunks(CHUNK)).map(part).reduce(
                MaskCounts::default,
                |mut a, b| {
                    a.merge(&b);
                    a
                },
            )
        } else {
            part((met, not_assessed))
        };
        if counts.bad {
            let r = met.iter().zip(not_assessed).position(|(&m, &u)| !fits(m, u)).unwrap_or(0);
            return Err(NtmError::InvalidArgument {
                argument: "criteria".into(),
                reason: format!(
                    "row {}: criteria {} / not assessed {} do not fit a set of {} criteria",
                    r + 1,
                    CriteriaMask(met[r]),
                    CriteriaMask(not_assessed[r]),
                    self.n
                ),
            });
        }
        // The new total bounds every other count: once it fits, the additions below do too.
        add(self.communes(), met.len() as u64, "communes")?;
        let n = self.n as usize;
        for (h, c) in self.hist.iter_mut().zip(&counts.hist[..=n]) {
            *h += c;
        }
        for k in 0..n {
            self.met[k] += counts.met[k];
            self.not_assessed[k] += counts.not_assessed[k];
        }
        self.with_detail += met.len() as u64;
        self.communes_not_assessed += counts.communes_not_assessed;
        Ok(())
    }

    /// Adds an assessment.
    ///
    /// ```
    /// use ntm_criteria::{CriteriaSet, Profile, Region, Tally};
    /// let set = CriteriaSet::bundled("2016-2020")?;
    /// let a = set.assess([], &Profile::region(Region::NorthernMidlandsMountains))?;
    /// let mut t = Tally::new(19);
    /// t.add_assessment(&a)?;
    /// assert_eq!(t.communes(), 1);
    /// Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn add_assessment(&mut self, a: &Assessment) -> Result<()> {
        if a.criteria_count != self.n {
            return Err(NtmError::InvalidArgument {
                argument: "criteria".into(),
                reason: format!("an assessment of {} criteria cannot join a tally of {}", a.criteria_count, self.n),
            });
        }
        self.add_mask(a.met, a.not_assessed)
    }

    /// Adds another tally of the same set.
    ///
    /// ```
    /// let mut a = ntm_criteria::Tally::new(19);
    /// a.add_count(19)?;
    /// let mut b = ntm_criteria::Tally::new(19);
    /// b.add_count(3)?;
    /// a.merge(&b)?;
    /// assert_eq!(a.communes(), 2);
    /// Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn merge(&mut self, other: &Tally) -> Result<()> {
        if other.n != self.n {
            return Err(NtmError::InvalidArgument {
                argument: "criteria".into(),
                reason: format!("cannot merge tallies of {} and {} criteria", self.n, other.n),
            });
        }
        // The merged total bounds every other count: once it fits, the additions below do too.
        add(self.communes(), other.communes(), "communes")?;
        for (a, b) in self.hist.iter_mut().zip(&other.hist) {
            *a += b;
        }
        for (a, b) in self.met.iter_mut().zip(&other.met) {
            *a += b;
        }
        for (a, b) in self.not_assessed.iter_mut().zip(&other.not_assessed) {
            *a += b;
        }
        self.with_detail += other.with_detail;
        self.communes_not_assessed += other.communes_not_assessed;
        Ok(())
    }

    /// Number of communes added (the tally refuses additions beyond 64 bits, so this fits).
    ///
    /// ```
    /// let mut t = ntm_criteria::Tally::new(19);
    /// for c in [19, 12, 7] {
    ///     t.add_count(c)?;
    /// }
    /// assert_eq!(t.communes(), 3);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn communes(&self) -> u64 {
        self.hist.iter().fold(0u64, |acc, &h| acc.saturating_add(h))
    }

    /// The histogram: `histogram()[c]` communes met `c` criteria.
    ///
    /// ```
    /// let mut t = ntm_criteria::Tally::new(19);
    /// t.add_count(7)?;
    /// assert_eq!(t.histogram()[7], 1);
    /// Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn histogram(&self) -> &[u64] {
        &self.hist
    }

    /// Computes the summary. Refuses zero communes, a banding for another number of criteria,
    /// `sum_to_100` with a partial banding, and counts whose arithmetic would overflow 64 bits
    /// ([`NtmError::InvalidArgument`]).
    ///
    /// ```
    /// use ntm_criteria::{Banding, NtmError, SummaryOptions, Tally};
    /// // Thừa Thiên Huế, December 2019: 104 communes, 57 / 21 / 24 / 2 in the top four bands,
    /// // shares printed with one decimal.
    /// let mut t = Tally::new(19);
    /// let mut hist = [0u64; 20];
    /// (hist[19], hist[16], hist[12], hist[8]) = (57, 21, 24, 2);
    /// t.add_histogram(&hist)?;
    /// let s = t.summarize(&Banding::official(), SummaryOptions { precision: 1, sum_to_100: false })?;
    /// let shares: Vec<_> = s.bands.iter().map(|b| b.share.to_vi()).collect();
    /// assert_eq!(shares, ["54,8", "20,2", "23,1", "1,9", "0,0"]);
    ///
    /// assert!(matches!(Tally::new(19).summarize(&Banding::official(), SummaryOptions::default()), Err(NtmError::EmptySummary { .. })));
    /// assert!(t.summarize(&Banding::default_for(10), SummaryOptions::default()).is_err()); // 10 criteria, not 19
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn summarize(&self, banding: &Banding, options: SummaryOptions) -> Result<Summary> {
        let communes = sum(self.hist.iter().copied(), "communes")?;
        if communes == 0 {
            return Err(NtmError::EmptySummary { reason: "there are no communes".into() });
        }
        banding.check_criteria_count(self.n)?;
        let p = options.precision.min(6);
        let total_criteria = sum(
            self.hist
                .iter()
                .enumerate()
                .map(|(c, &h)| mul(c as u64, h, "total_criteria"))
                .collect::<Result<Vec<_>>>()?,
            "total_criteria",
        )?;
        // Each band count and `unbanded` is at most `communes`, which fits.
        let mut counts = vec![0u64; banding.bands().len()];
        let mut unbanded = 0;
        for (c, &h) in self.hist.iter().enumerate() {
            match banding.index_of(c as u32) {
                Some(i) => counts[i] += h,
                None => unbanded += h,
            }
        }
        let percent = |c: u64| mul(c, 100, "communes");
        let shares: Vec<Fixed> = if options.sum_to_100 {
            if banding.is_partial() && unbanded > 0 {
                return Err(NtmError::Banding {
                    reason: "shares cannot sum to 100 when some communes fall outside every band".into(),
                });
            }
            largest_remainder(&counts, communes, p)
        } else {
            counts.iter().map(|&c| Ok(Fixed::ratio(percent(c)?, communes, p))).collect::<Result<_>>()?
        };
        let bands = banding
            .bands()
            .iter()
            .zip(counts.iter().zip(shares))
            .map(|(b, (&count, share))| BandSummary {
                label_vi: b.label_vi.clone(),
                label_en: b.label_en.clone(),
                lo: b.lo,
                hi: b.hi,
                count,
                share,
            })
            .collect();
        let per_criterion = if self.with_detail == communes {
            Some(
                (0..self.n as usize)
                    .map(|k| {
                        Ok(CriterionSummary {
                            number: k as u32 + 1,
                            met: self.met[k],
                            not_assessed: self.not_assessed[k],
                            share: Fixed::ratio(percent(self.met[k])?, communes, p),
                        })
                    })
                    .collect::<Result<Vec<_>>>()?,
            )
        } else {
            None
        };
        Ok(Summary {
            communes,
            criteria_count: self.n,
            total_criteria,
            average: Fixed::ratio(total_criteria, communes, p),
            criteria_share: criteria_share(total_criteria, communes, self.n, p)?,
            meeting_standard: self.hist[self.n as usize],
            bands,
            unbanded,
            per_criterion,
            communes_not_assessed: (self.with_detail == communes).then_some(self.communes_not_assessed),
            precision: p,
            unit: AssessedUnit::Commune,
        })
    }
}

/// The share of all criteria met, percent: `total_criteria * 100 / (communes * n)`.
fn criteria_share(total_criteria: u64, communes: u64, n: u32, p: u8) -> Result<Fixed> {
    Ok(Fixed::ratio(mul(total_criteria, 100, "total_criteria")?, mul(communes, u64::from(n), "total_criteria")?, p))
}

/// Shares `count * 100 / total` with `p` decimals that sum to exactly 100 (largest remainder;
/// ties go to the larger count, then the earlier band).
fn largest_remainder(counts: &[u64], total: u64, p: u8) -> Vec<Fixed> {
    let unit = 100u128 * 10u128.pow(p as u32);
    let total = total as u128;
    let mut floors: Vec<u128> = counts.iter().map(|&c| c as u128 * unit / total).collect();
    let given: u128 = floors.iter().sum();
    let mut left = unit.saturating_sub(given);
    let mut order: Vec<usize> = (0..counts.len()).collect();
    order.sort_by(|&a, &b| {
        let ra = counts[a] as u128 * unit % total;
        let rb = counts[b] as u128 * unit % total;
        rb.cmp(&ra).then(counts[b].cmp(&counts[a])).then(a.cmp(&b))
    });
    for i in order {
        if left == 0 {
            break;
        }
        if !(counts[i] as u128 * unit).is_multiple_of(total) {
            floors[i] += 1;
            left -= 1;
        }
    }
    floors.into_iter().map(|u| Fixed::new(u as i64, p)).collect()
}

/// The count and share of one band.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BandSummary {
    /// Vietnamese label.
    pub label_vi: String,
    /// English label.
    pub label_en: String,
    /// Lowest count.
    pub lo: u32,
    /// Highest count.
    pub hi: u32,
    /// Communes in the band.
    pub count: u64,
    /// Share of all communes, percent.
    pub share: Fixed,
}

/// How many communes meet one criterion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CriterionSummary {
    /// Criterion number.
    pub number: u32,
    /// Communes meeting it.
    pub met: u64,
    /// Communes where it is not assessed.
    pub not_assessed: u64,
    /// Share of all communes meeting it, percent.
    pub share: Fixed,
}

/// The figures of a progress report (see [`Tally::summarize`]).
///
/// ```
/// use ntm_criteria::{Banding, Summary, SummaryOptions};
/// // Lạng Sơn, July 2020: 51 / 4 / 36 / 90 / 0 communes per band, 2110 criteria in total.
/// let s = Summary::from_band_counts(&[51, 4, 36, 90, 0], 2110, &Banding::official(), SummaryOptions::default())?;
/// assert_eq!(s.average.to_vi(), "11,66");
/// assert_eq!(s.bands[0].share.to_vi(), "28,18");
/// Ok::<(), ntm_criteria::NtmError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    /// Number of communes.
    pub communes: u64,
    /// Number of criteria of the set.
    pub criteria_count: u32,
    /// Total criteria met by all communes.
    pub total_criteria: u64,
    /// Average criteria per commune (số tiêu chí bình quân/xã).
    pub average: Fixed,
    /// Share of all criteria met, percent (e.g. 1,586 of 2,888 = 54.92%).
    pub criteria_share: Fixed,
    /// Communes meeting every criterion.
    pub meeting_standard: u64,
    /// Per band, in the banding's order.
    pub bands: Vec<BandSummary>,
    /// Communes in no band (partial bandings only).
    pub unbanded: u64,
    /// Per criterion, when the criteria of every commune are known.
    pub per_criterion: Option<Vec<CriterionSummary>>,
    /// Communes with at least one criterion not assessed, when known.
    pub communes_not_assessed: Option<u64>,
    /// Decimals used.
    pub precision: u8,
    /// What was counted: communes, or villages for a village set ([`Summary::with_unit`]).
    #[serde(default, skip_serializing_if = "AssessedUnit::is_commune")]
    pub unit: AssessedUnit,
}

impl Summary {
    /// The summary counting `unit`s: a village set's summary says "thôn" in its sentence.
    ///
    /// ```
    /// use ntm_criteria::{AssessedUnit, Banding, Lang, ReportOptions, Summary, SummaryOptions};
    /// let s = Summary::from_counts([14, 14, 9], &Banding::default_for(14), SummaryOptions::default())?;
    /// let s = s.with_unit(AssessedUnit::Village);
    /// assert!(s.report(Lang::Vi, &ReportOptions::default()).contains("có 02/3 thôn"));
    /// # Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn with_unit(mut self, unit: AssessedUnit) -> Summary {
        self.unit = unit;
        self
    }

    /// From counts of criteria met, one per commune.
    ///
    /// ```
    /// use ntm_criteria::{Banding, Summary, SummaryOptions};
    /// let s = Summary::from_counts([19, 12, 7], &Banding::official(), SummaryOptions::default())?;
    /// assert_eq!(s.total_criteria, 38);
    /// assert!(Summary::from_counts([], &Banding::official(), SummaryOptions::default()).is_err());
    /// Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn from_counts(
        counts: impl IntoIterator<Item = u32>,
        banding: &Banding,
        options: SummaryOptions,
    ) -> Result<Summary> {
        let mut t = Tally::new(banding.max());
        for c in counts {
            t.add_count(c)?;
        }
        t.summarize(banding, options)
    }

    /// From assessments of one set.
    ///
    /// ```
    /// use ntm_criteria::{CriteriaSet, Profile, Region, Summary, SummaryOptions, Value};
    /// let set = CriteriaSet::bundled("2016-2020")?;
    /// let all = vec![Value::Verdict(true); set.indicator_count()];
    /// let a = set.assess_values(&all, &Profile::region(Region::RedRiverDelta))?;
    /// let s = Summary::from_assessments([&a], set.banding(), SummaryOptions::default())?;
    /// assert_eq!(s.per_criterion.as_ref().map(|p| p[0].met), Some(1));
    /// Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn from_assessments<'a>(
        assessments: impl IntoIterator<Item = &'a Assessment>,
        banding: &Banding,
        options: SummaryOptions,
    ) -> Result<Summary> {
        let mut t = Tally::new(banding.max());
        for a in assessments {
            t.add_assessment(a)?;
        }
        t.summarize(banding, options)
    }

    /// From published band counts and the published total of criteria (when the per-commune
    /// counts are unknown). `band_counts[i]` is the count of band `i`. A total that the bands
    /// cannot hold is refused, and so are counts whose arithmetic would overflow 64 bits
    /// ([`NtmError::InvalidArgument`]), never wrapped.
    ///
    /// ```
    /// use ntm_criteria::{Banding, NtmError, Summary, SummaryOptions};
    /// // Lạng Sơn, July 2020: 51 / 4 / 36 / 90 / 0 communes per band, 2110 criteria in total.
    /// let s = Summary::from_band_counts(&[51, 4, 36, 90, 0], 2110, &Banding::official(), SummaryOptions::default())?;
    /// assert_eq!((s.communes, s.meeting_standard), (181, 51));
    /// assert_eq!(s.average.to_vi(), "11,66");
    /// let shares: Vec<_> = s.bands.iter().map(|b| b.share.to_vi()).collect();
    /// assert_eq!(shares, ["28,18", "2,21", "19,89", "49,72", "0,00"]);
    /// assert!(s.per_criterion.is_none()); // unknown from band counts
    /// // These bands hold from 1839 (each commune at its band's lowest count) to 2355 criteria.
    /// assert!(Summary::from_band_counts(&[51, 4, 36, 90, 0], 100, &Banding::official(), SummaryOptions::default()).is_err());
    /// let err = Summary::from_band_counts(&[u64::MAX, 1, 0, 0, 0], 0, &Banding::official(), SummaryOptions::default())
    ///     .unwrap_err();
    /// assert!(matches!(err, NtmError::InvalidArgument { .. }));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_band_counts(
        band_counts: &[u64],
        total_criteria: u64,
        banding: &Banding,
        options: SummaryOptions,
    ) -> Result<Summary> {
        if band_counts.len() != banding.bands().len() {
            return Err(NtmError::Banding {
                reason: format!("{} counts given for {} bands", band_counts.len(), banding.bands().len()),
            });
        }
        // Place each band's communes at its lowest count; then rebuild the published total.
        let mut t = Tally::new(banding.max());
        for (b, &c) in banding.bands().iter().zip(band_counts) {
            let slot = &mut t.hist[b.lo as usize];
            *slot = add(*slot, c, "band_counts")?;
        }
        let mut s = t.summarize(banding, options)?;
        let bound = |edge: fn(&crate::band::Band) -> u32| -> Result<u64> {
            sum(
                banding
                    .bands()
                    .iter()
                    .zip(band_counts)
                    .map(|(b, &c)| mul(u64::from(edge(b)), c, "total_criteria"))
                    .collect::<Result<Vec<_>>>()?,
                "total_criteria",
            )
        };
        let (min, max) = (bound(|b| b.lo)?, bound(|b| b.hi)?);
        if total_criteria < min || total_criteria > max {
            return Err(NtmError::InvalidArgument {
                argument: "total_criteria".into(),
                reason: format!("{total_criteria} criteria cannot come from these bands (possible: {min}..={max})"),
            });
        }
        let p = s.precision;
        s.total_criteria = total_criteria;
        s.average = Fixed::ratio(total_criteria, s.communes, p);
        s.criteria_share = criteria_share(total_criteria, s.communes, s.criteria_count, p)?;
        Ok(s)
    }

    /// Summaries per group (district, province, region): one pass over `(key, met, not_assessed)`.
    ///
    /// ```
    /// use ntm_criteria::{Banding, CriteriaMask, Summary, SummaryOptions};
    /// let rows = [("Lộc Bình", CriteriaMask::all(19)), ("Đình Lập", CriteriaMask(0b111))];
    /// let by = Summary::by_group(rows.iter().map(|(d, m)| (d.to_string(), *m, CriteriaMask::EMPTY)), &Banding::official(), SummaryOptions::default())?;
    /// assert_eq!(by["Lộc Bình"].meeting_standard, 1);
    /// Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn by_group<K: Ord>(
        rows: impl IntoIterator<Item = (K, CriteriaMask, CriteriaMask)>,
        banding: &Banding,
        options: SummaryOptions,
    ) -> Result<BTreeMap<K, Summary>> {
        let mut tallies: BTreeMap<K, Tally> = BTreeMap::new();
        for (k, met, na) in rows {
            tallies.entry(k).or_insert_with(|| Tally::new(banding.max())).add_mask(met, na)?;
        }
        tallies.into_iter().map(|(k, t)| Ok((k, t.summarize(banding, options)?))).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_overflow(r: Result<impl std::fmt::Debug>) -> bool {
        matches!(r, Err(NtmError::InvalidArgument { ref reason, .. }) if reason.contains("overflows a 64-bit integer"))
    }

    #[test]
    fn band_counts_that_overflow_are_refused() {
        let b = Banding::official();
        let o = SummaryOptions::default();
        // The communes do not fit in 64 bits.
        assert!(is_overflow(Summary::from_band_counts(&[u64::MAX, 1, 0, 0, 0], 0, &b, o)));
        // Each band fits, their sum does not.
        assert!(is_overflow(Summary::from_band_counts(&[u64::MAX / 2 + 1, u64::MAX / 2 + 1, 0, 0, 0], 0, &b, o)));
        // The communes fit, the total of criteria (19 per commune) does not.
        assert!(is_overflow(Summary::from_band_counts(&[u64::MAX / 10, 0, 0, 0, 0], 0, &b, o)));
        // The communes and the total fit, the shares (count * 100) do not.
        let n = u64::MAX / 50;
        assert!(is_overflow(Summary::from_band_counts(&[0, 0, 0, 0, n], 0, &b, o)));
        // Large but representable counts still work.
        let s = Summary::from_band_counts(&[1_000_000_000, 0, 0, 0, 0], 19_000_000_000, &b, o).unwrap();
        assert_eq!(s.average.to_string(), "19.00");
        assert_eq!(s.bands[0].share.to_string(), "100.00");
    }

    #[test]
    fn histograms_and_merges_that_overflow_are_refused() {
        let mut t = Tally::new(19);
        t.add_count(3).unwrap();
        let mut hist = vec![0u64; 20];
        hist[5] = u64::MAX;
        assert!(is_overflow(t.add_histogram(&hist)));
        assert_eq!(t.communes(), 1, "a refused histogram leaves the tally unchanged");
        hist[5] = u64::MAX - 1;
        t.add_histogram(&hist).unwrap();
        assert_eq!(t.communes(), u64::MAX);
        assert!(is_overflow(t.add_count(0)));
        let mut one = Tally::new(19);
        one.add_count(19).unwrap();
        assert!(is_overflow(t.clone().merge(&one)));
        assert!(is_overflow(t.add_mask(CriteriaMask::EMPTY, CriteriaMask::EMPTY)));
        // Summarising it overflows in the totals, with an error rather than a wrapped figure.
        assert!(is_overflow(t.summarize(&Banding::official(), SummaryOptions::default())));
    }
}
