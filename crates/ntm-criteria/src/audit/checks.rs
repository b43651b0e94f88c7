//! The checks of [`audit()`], one function per concern, over the bands as [`Bands`] sees them.

use super::{Finding, FindingKind, PublishedBand, PublishedReport};
use crate::fixed::Fixed;

/// What every check needs to know of the bands: which are valid, which are part of an earlier
/// band (a sub-band: "trong đó, số xã dưới 8 tiêu chí"), their sum and the total of communes.
struct Bands<'a> {
    report: &'a PublishedReport,
    n: u32,
    valid: Vec<bool>,
    /// A band inside an earlier, wider band: its share is checked, it is not counted again.
    nested: Vec<bool>,
    overlap: bool,
    sum: u128,
    /// The printed total of communes, or else the band sum when the listing is complete.
    total: Option<u128>,
    /// The total the printed band shares imply ([`total_from_shares`]), found once.
    implied: Option<u128>,
}

impl<'a> Bands<'a> {
    fn of(report: &'a PublishedReport) -> Bands<'a> {
        let n = report.criteria_count;
        let bands = &report.bands;
        let valid: Vec<bool> = bands.iter().map(|b| b.lo <= b.hi && b.hi <= n).collect();
        let nested: Vec<bool> = (0..bands.len())
            .map(|i| {
                let b = &bands[i];
                (0..i).any(|j| {
                    valid[j] && bands[j].lo <= b.lo && b.hi <= bands[j].hi && (bands[j].lo, bands[j].hi) != (b.lo, b.hi)
                })
            })
            .collect();
        let sum: u128 = bands.iter().zip(&nested).filter(|(_, n)| !**n).map(|(b, _)| u128::from(b.count)).sum();
        let from_bands = (!bands.is_empty() && !report.partial).then_some(sum);
        let total = report.communes.map(u128::from).or(from_bands);
        let implied = total_from_shares(bands);
        // A listing the reader could not tell complete is complete when the printed shares are
        // of the communes its bands add up to ("7 xã …, chiếm 29,16%; 11 xã …, chiếm 45,83%; 3 xã
        // …, chiếm 12,5%; 3 xã …, chiếm 12,5%": of 24).
        let total = total.or((sum > 0 && implied == Some(sum)).then_some(sum));
        Bands { report, n, valid, nested, overlap: false, sum, total, implied }
    }

    fn bands(&self) -> &[PublishedBand] {
        &self.report.bands
    }

    /// The bands counted in sums: valid and not nested.
    fn counted(&self) -> impl Iterator<Item = (usize, &PublishedBand)> {
        self.bands().iter().enumerate().filter(|(i, _)| self.valid[*i] && !self.nested[*i])
    }

    /// Whether bands bound the average and the total: valid, disjoint, complete.
    fn bound(&self) -> bool {
        !self.bands().is_empty() && self.valid.iter().all(|&v| v) && !self.overlap && self.total == Some(self.sum)
    }

    fn bounds(&self) -> (u128, u128) {
        let lo = self.counted().map(|(_, b)| u128::from(b.lo) * u128::from(b.count)).sum();
        let hi = self.counted().map(|(_, b)| u128::from(b.hi) * u128::from(b.count)).sum();
        (lo, hi)
    }
}

/// Audits the figures of a published report. Every check runs on the figures that are present;
/// a consistent report gives an empty list. See [`FindingKind`] for the checks.
///
/// The total communes is the printed one, or else the sum of the band counts (unless the listing
/// is partial). A band inside an earlier, wider band is a part of it ("trong đó"): its share is
/// checked, but it is not counted in the sums. Two bands of all criteria are not an overlap
/// (communes recognised, and communes meeting every criterion but not yet recognised). The
/// bounds that bands put on the average and the total of criteria (each band's communes meet
/// between `lo` and `hi` criteria) are checked only when the bands are valid, do not overlap
/// and sum to the total. A partial listing is not checked for sums or gaps. Figures printed with
/// a qualifier ("gần 14") are not checked for exactness.
///
/// ```
/// use ntm_criteria::{audit, FindingKind, PublishedReport};
/// // Thừa Thiên Huế, December 2019: 104 xã, shares printed with one decimal.
/// let hue = PublishedReport::new(19)
///     .with_communes(104)
///     .with_band_text("19", "57", Some("54,8"))?
///     .with_band_text("15-18", "21", Some("20,2"))?
///     .with_band_text("10-14", "24", Some("23,1"))?
///     .with_band_text("8-9", "2", Some("1,9"))?
///     .with_band_text("dưới 8", "0", None)?;
/// assert!(audit(&hue).is_empty());
///
/// let bad = PublishedReport::new(19).with_communes(104).with_band(19, 19, 57, None).with_band(15, 18, 46, None);
/// let kinds: Vec<_> = audit(&bad).iter().map(|f| f.kind).collect();
/// assert_eq!(kinds, [FindingKind::BandsDoNotSum, FindingKind::BandsLeaveGap]);
/// # Ok::<(), ntm_criteria::NtmError>(())
/// ```
pub fn audit(report: &PublishedReport) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut b = Bands::of(report);
    out_of_range(&b, &mut out);
    b.overlap = overlaps(&b, &mut out);
    sums(&b, &mut out);
    band_shares(&b, &mut out);
    standard(&b, &mut out);
    if !report.approximate.iter().any(|f| f == "average") {
        average(&b, &mut out);
    }
    total_in_bounds(&b, &mut out);
    criteria_share(&b, &mut out);
    per_criterion(&b, &mut out);
    criteria_sum(&b, &mut out);
    out
}

fn out_of_range(b: &Bands<'_>, out: &mut Vec<Finding>) {
    let n = b.n;
    for (i, band) in b.bands().iter().enumerate().filter(|(i, _)| !b.valid[*i]) {
        let why =
            if band.lo > band.hi { format!("{} is above {}", band.lo, band.hi) } else { format!("above {n} criteria") };
        out.push(
            Finding::new(
                FindingKind::BandOutOfRange,
                format!("band {:?} ({}..{}): {why}", band.name(), band.lo, band.hi),
            )
            .bands(&[i])
            .int("lo", band.lo.into())
            .int("hi", band.hi.into()),
        );
    }
}

/// Bands that share counts; whether any do.
fn overlaps(b: &Bands<'_>, out: &mut Vec<Finding>) -> bool {
    let counted: Vec<(usize, &PublishedBand)> = b.counted().collect();
    let mut any = false;
    for (k, &(i, x)) in counted.iter().enumerate() {
        for &(j, y) in &counted[k + 1..] {
            let (lo, hi) = (x.lo.max(y.lo), x.hi.min(y.hi));
            let both_all = (x.lo, x.hi) == (b.n, b.n) && (y.lo, y.hi) == (b.n, b.n);
            if lo <= hi && !both_all {
                any = true;
                out.push(
                    Finding::new(
                        FindingKind::BandsOverlap,
                        format!("bands {:?} and {:?} both hold {}", x.name(), y.name(), span(lo, hi)),
                    )
                    .bands(&[i, j])
                    .int("lo", lo.into())
                    .int("hi", hi.into()),
                );
            }
        }
    }
    any
}

/// The band counts against the total, and the gaps where missing communes could be.
fn sums(b: &Bands<'_>, out: &mut Vec<Finding>) {
    let (Some(c), false, false) = (b.report.communes, b.bands().is_empty(), b.report.partial) else { return };
    let c = u128::from(c);
    if b.sum == c {
        return;
    }
    let diff = b.sum.abs_diff(c);
    let what = if b.sum < c { format!("{diff} missing") } else { format!("{diff} too many") };
    out.push(
        Finding::new(
            FindingKind::BandsDoNotSum,
            format!("the band counts sum to {}, not to the {c} communes of the report ({what})", b.sum),
        )
        .bands(&b.counted().map(|(i, _)| i).collect::<Vec<_>>())
        .int("sum", b.sum)
        .int("total", c)
        .int("difference", diff),
    );
    if b.sum < c {
        let kept: Vec<bool> = (0..b.bands().len()).map(|i| b.valid[i] && !b.nested[i]).collect();
        gap_findings(b.bands(), &kept, b.n, out);
    }
}

/// A [`FindingKind::ShareMismatch`] when `printed` is not `count / total` rounded half-up.
fn share_check(what: String, count: u128, total: u128, printed: Fixed) -> Option<Finding> {
    let (expected, truncated) = ratios(count * 100, total, printed.scale)?;
    if same(printed, expected) {
        return None;
    }
    let trunc = same(printed, truncated);
    let why = if trunc {
        " (the truncated value: truncation printed as rounding)".to_string()
    } else {
        format!(" (truncation gives {}%: it does not explain it either)", truncated.to_vi())
    };
    let mut f = Finding::new(
        FindingKind::ShareMismatch,
        format!(
            "{what}: {}/{total} is {}%, printed {}%{why}",
            pad2(u64::try_from(count).unwrap_or(u64::MAX)),
            expected.to_vi(),
            printed.to_vi()
        ),
    )
    .int("count", count)
    .int("total", total)
    .num("printed", printed)
    .num("expected", expected)
    .num("truncated", truncated);
    f.truncation_explains = Some(trunc);
    Some(f)
}

fn band_shares(b: &Bands<'_>, out: &mut Vec<Finding>) {
    let Some(tot) = shares_total(b, out) else { return };
    for (i, band) in b.bands().iter().enumerate() {
        let Some(printed) = band.share else { continue };
        if let Some(f) = share_check(format!("band {:?}", band.name()), u128::from(band.count), tot, printed) {
            out.push(f.bands(&[i]));
        }
    }
}

/// The total the band shares are checked against: the printed total; else the band sum of a
/// complete listing, unless the printed shares fit another total better ("29 xã …, chiếm 16,9%;
/// 67 xã …, chiếm 40,4%; 57 xã …, chiếm 34,3%; 14 xã …, chiếm 8,4%; không còn xã …": three of the
/// four shares are of 166 communes, the bands sum to 167), which is then a
/// [`FindingKind::BandsDoNotSum`] of its own; else the total the shares imply.
fn shares_total(b: &Bands<'_>, out: &mut Vec<Finding>) -> Option<u128> {
    if let Some(t) = b.report.communes.map(u128::from) {
        return (t > 0).then_some(t);
    }
    let Some(sum) = b.total.filter(|&t| t > 0) else { return b.implied };
    let fits = |t: u128| b.bands().iter().filter(|x| x.share.is_some_and(|s| share_fits(x.count, t, s))).count();
    match b.implied.map(|t| (t, fits(t))) {
        Some((t, fit)) if t != sum && fit > fits(sum) => {
            let shares = b.bands().iter().filter(|x| x.share.is_some()).count();
            out.push(
                Finding::new(
                    FindingKind::BandsDoNotSum,
                    format!(
                        "the printed shares are of {t} communes ({fit} of {shares} shares fit it), but the band counts sum to {sum}"
                    ),
                )
                .bands(&b.counted().map(|(i, _)| i).collect::<Vec<_>>())
                .int("sum", sum)
                .int("total", t)
                .int("difference", sum.abs_diff(t)),
            );
            Some(t)
        }
        _ => Some(sum),
    }
}

/// Whether `count / total`, rounded half-up, is the printed share.
fn share_fits(count: u64, total: u128, printed: Fixed) -> bool {
    ratios(u128::from(count) * 100, total, printed.scale).is_some_and(|(e, _)| same(printed, e))
}

/// With no total of communes known, the total that the printed band shares imply: the whole
/// number that reproduces the most of them (at least two, and more than any other total does).
/// The band shares are then checked against it, so a share that does not fit is a
/// [`FindingKind::ShareMismatch`]. `None` when the shares imply no single total.
fn total_from_shares(bands: &[PublishedBand]) -> Option<u128> {
    let shared: Vec<(u64, Fixed)> =
        bands.iter().filter_map(|x| Some((x.count, x.share?))).filter(|(c, s)| *c > 0 && s.units > 0).collect();
    if shared.len() < 2 {
        return None;
    }
    // The totals the most precise share allows, then the one fitting the most shares.
    let &(c0, s0) = shared.iter().max_by_key(|(_, s)| s.scale)?;
    let fits = |t: u64| shared.iter().filter(|&&(c, s)| share_fits(c, u128::from(t), s)).count();
    let mut best: Vec<(usize, u64)> = totals_near(c0, s0).map(|t| (fits(t), t)).collect();
    best.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    match best.as_slice() {
        [(n, t), rest @ ..] if *n >= 2 && rest.first().is_none_or(|r| r.0 < *n) => Some(u128::from(*t)),
        _ => None,
    }
}

/// Communes meeting the standard: the count within its total, the share against the count and
/// the total (the printed "of", else the report's communes), and, with no total printed, a share
/// that some whole number of communes must reproduce.
fn standard(b: &Bands<'_>, out: &mut Vec<Finding>) {
    let Some(ms) = &b.report.meeting_standard else { return };
    let total = ms.of.or(b.report.communes).map(u128::from);
    let what = "communes meeting the standard".to_string();
    if let (Some(c), Some(t)) = (ms.count, total)
        && u128::from(c) > t
    {
        out.push(
            Finding::new(FindingKind::ShareImpossible, format!("{what}: {c}, more than the {t} communes"))
                .int("count", c.into())
                .int("total", t),
        );
        return;
    }
    let (Some(c), Some(share)) = (ms.count, ms.share.filter(|_| !ms.approximate)) else { return };
    match total {
        Some(t) if t > 0 => {
            // The count meeting the standard printed once, as the top band of a listing too
            // ("33/119 xã đạt chuẩn …, chiếm 27,32%"; 7 xã đạt 15 - 18 …): one finding, the band's.
            let same_figure =
                |f: &Finding, g: &Finding| ["count", "total", "printed"].iter().all(|k| f.number(k) == g.number(k));
            if let Some(f) = share_check(what, u128::from(c), t, share)
                && !out.iter().any(|g| g.kind == f.kind && same_figure(&f, g))
            {
                out.push(f);
            }
        }
        Some(_) => {}
        None if c > 0 && !some_total_gives(c, share) => {
            let by_trunc = truncation_total(c, share);
            let trunc = match by_trunc {
                Some(t) => format!("; {c}/{t} truncated gives it: truncation printed as rounding"),
                None => String::new(),
            };
            let mut f = Finding::new(
                FindingKind::ShareImpossible,
                format!(
                    "{what}: {c} communes are {}% of no whole number of communes (rounded half-up){trunc}",
                    share.to_vi()
                ),
            )
            .int("count", c.into())
            .num("printed", share);
            f.truncation_explains = Some(by_trunc.is_some());
            out.push(f);
        }
        None => {}
    }
}

/// The smallest whole total `t` for which `count / t`, in percent and truncated (not rounded)
/// at the printed precision, is `share`: "158 xã, chiếm 68,99%" is 158/229 = 68,9956 cut short.
fn truncation_total(count: u64, share: Fixed) -> Option<u64> {
    let (Ok(units), Some(p)) = (u128::try_from(share.units), 10u128.checked_pow(u32::from(share.scale))) else {
        return None;
    };
    if units == 0 {
        return None;
    }
    // units ≤ 100·count·p/t < units + 1.
    let scaled = p.checked_mul(100).and_then(|q| u128::from(count).checked_mul(q))?;
    let lo = (scaled / (units + 1)).max(1);
    let hi = (scaled / units + 1).min(lo + 100_000);
    let percent = count.checked_mul(100)?;
    (lo..=hi).filter_map(|t| u64::try_from(t).ok()).find(|&t| same(Fixed::truncated(percent, t, share.scale), share))
}

/// A ratio printed after a count of communes ("37 xã, gấp 2,46 lần so kế hoạch"): the figure it
/// is compared with (a plan, an earlier year) is a whole number of communes too, so some whole
/// `t` must give `count / t` = `ratio` rounded half-up; otherwise a
/// [`FindingKind::ShareImpossible`], which says whether truncation gives it.
pub(crate) fn ratio_check(count: u64, ratio: Fixed) -> Option<Finding> {
    let (Ok(u), Some(p)) = (u128::try_from(ratio.units), 10u128.checked_pow(u32::from(ratio.scale))) else {
        return None;
    };
    if u == 0 || count == 0 {
        return None;
    }
    let c = u128::from(count) * p;
    // count/t within half a unit of the last printed decimal: 2·c/(2u+1) < t ≤ 2·c/(2u−1).
    let lo = (2 * c / (2 * u + 1)).max(1);
    let hi = (2 * c / (2 * u - 1) + 1).min(lo + 100_000);
    let at = |t: u128| u64::try_from(t).ok().map(|t| (t, Fixed::ratio(count, t, ratio.scale)));
    let near: Vec<(u64, Fixed)> = (lo.saturating_sub(1)..=hi).filter_map(at).collect();
    if near.iter().any(|&(_, r)| same(r, ratio)) {
        return None;
    }
    let below = near.iter().filter(|x| cmp(x.1, ratio).is_lt()).min_by_key(|x| x.0);
    let above = near.iter().filter(|x| cmp(x.1, ratio).is_gt()).max_by_key(|x| x.0);
    let by_trunc = near.iter().map(|x| x.0).find(|&t| same(Fixed::truncated(count, t, ratio.scale), ratio));
    let mut nearest: Vec<String> =
        above.into_iter().chain(below).map(|&(t, r)| format!("{count}/{t} = {}", r.to_vi())).collect();
    nearest.dedup();
    let trunc = match by_trunc {
        Some(t) => format!("; {count}/{t} truncated gives it: truncation printed as rounding"),
        None => String::new(),
    };
    let mut f = Finding::new(
        FindingKind::ShareImpossible,
        format!(
            "{count} communes, printed as {r} times another count: no whole number of communes gives {r} \
             rounded half-up ({}){trunc}",
            nearest.join(", "),
            r = ratio.to_vi()
        ),
    )
    .int("count", count.into())
    .num("ratio", ratio);
    if let Some(t) = by_trunc {
        f = f.int("total_if_truncated", t.into());
    }
    f.truncation_explains = Some(by_trunc.is_some());
    Some(f)
}

/// A count of communes meeting the standard that the text says is spread over `stated` places
/// ("68 xã …, phân bổ 11 huyện"), against the counts of the places it lists: when it lists that
/// many, they sum to the count; otherwise a [`FindingKind::PartsDoNotSum`]. With fewer or more
/// places listed nothing is known.
pub(crate) fn parts_check(whole: u64, stated: u64, places: &[(&str, u64)]) -> Option<Finding> {
    if u64::try_from(places.len()).ok()? != stated {
        return None;
    }
    let sum: u128 = places.iter().map(|p| u128::from(p.1)).sum();
    let whole = u128::from(whole);
    if sum == whole {
        return None;
    }
    let diff = sum.abs_diff(whole);
    let what = if sum < whole { format!("{diff} missing") } else { format!("{diff} too many") };
    let listed: Vec<String> = places.iter().map(|(name, n)| format!("{name} {n}")).collect();
    Some(
        Finding::new(
            FindingKind::PartsDoNotSum,
            format!(
                "the {stated} places listed ({}) hold {sum} communes meeting the standard, not the {whole} of the whole ({what})",
                listed.join(", ")
            ),
        )
        .int("sum", sum)
        .int("total", whole)
        .int("difference", diff)
        .int("places", stated.into()),
    )
}

/// Whether some whole number of communes gives `count / t` = `share` half-up.
fn some_total_gives(count: u64, share: Fixed) -> bool {
    share.units > 0 && totals_near(count, share).any(|t| share_fits(count, u128::from(t), share))
}

/// The whole totals `t` for which `count / t`, in percent, can round half-up to `share`: those with
/// `share - h ≤ 100·count/t < share + h` (`h` half a unit of the last printed decimal), widened by
/// one on each side for the caller's exact check, at most 100,001 of them.
fn totals_near(count: u64, share: Fixed) -> std::ops::RangeInclusive<u64> {
    let (Ok(units), Some(p)) = (u128::try_from(share.units), 10u128.checked_pow(u32::from(share.scale) + 1)) else {
        #[allow(clippy::reversed_empty_ranges)]
        return 1..=0; // a negative share: no total
    };
    // In units of a tenth of the last decimal: 100·count/t lies in [10·units − 5, 10·units + 5).
    let Some(num) = p.checked_mul(100).and_then(|q| u128::from(count).checked_mul(q)) else {
        #[allow(clippy::reversed_empty_ranges)]
        return 1..=0; // past any count of communes
    };
    let lo = (num / (10 * units + 5)).saturating_sub(1).max(1);
    let hi = match (10 * units).checked_sub(5).filter(|&d| d > 0) {
        Some(d) => num / d + 1,
        None => u128::MAX,
    };
    let lo = u64::try_from(lo).unwrap_or(u64::MAX);
    let hi = u64::try_from(hi.min(u128::from(lo) + 100_000)).unwrap_or(u64::MAX);
    lo..=hi
}

fn average(b: &Bands<'_>, out: &mut Vec<Finding>) {
    let (Some(a), Some(tot)) = (b.report.average, b.total.filter(|&t| t > 0)) else { return };
    out.extend(average_possible(a, tot, b.n));
    if let Some(t) = b.report.total_criteria
        && let Some((expected, truncated)) = ratios(u128::from(t), tot, a.scale)
        && !same(a, expected)
    {
        let trunc = same(a, truncated);
        let why = if trunc { " (the truncated value: truncation printed as rounding)" } else { "" };
        let mut f = Finding::new(
            FindingKind::AverageMismatch,
            format!("{t} criteria over {tot} communes is {} per commune, printed {}{why}", expected.to_vi(), a.to_vi()),
        )
        .int("total_criteria", t.into())
        .int("total", tot)
        .num("printed", a)
        .num("expected", expected)
        .num("truncated", truncated);
        f.truncation_explains = Some(trunc);
        out.push(f);
    }
    let (min_t, max_t) = b.bounds();
    if b.bound()
        && let (Some((low, _)), Some((high, _))) = (ratios(min_t, tot, a.scale), ratios(max_t, tot, a.scale))
        && (cmp(a, low).is_lt() || cmp(a, high).is_gt())
    {
        out.push(
            Finding::new(
                FindingKind::AverageOutsideBands,
                format!(
                    "the bands allow an average of {} to {} criteria per commune, printed {}",
                    low.to_vi(),
                    high.to_vi(),
                    a.to_vi()
                ),
            )
            .bands(&b.counted().map(|(i, _)| i).collect::<Vec<_>>())
            .num("printed", a)
            .num("low", low)
            .num("high", high),
        );
    }
}

fn total_in_bounds(b: &Bands<'_>, out: &mut Vec<Finding>) {
    let (Some(t), true) = (b.report.total_criteria, b.bound()) else { return };
    let t = u128::from(t);
    let (min_t, max_t) = b.bounds();
    if t < min_t || t > max_t {
        out.push(
            Finding::new(
                FindingKind::TotalOutsideBands,
                format!("the bands allow {min_t} to {max_t} criteria in total, printed {t}"),
            )
            .bands(&b.counted().map(|(i, _)| i).collect::<Vec<_>>())
            .int("total_criteria", t)
            .int("low", min_t)
            .int("high", max_t),
        );
    }
}

/// The share of all criteria: total criteria over communes × criteria.
fn criteria_share(b: &Bands<'_>, out: &mut Vec<Finding>) {
    let r = b.report;
    let n = b.n;
    let (Some(s), Some(t), Some(tot)) = (r.criteria_share, r.total_criteria, b.total.filter(|&t| t > 0)) else {
        return;
    };
    let Some((expected, truncated)) = ratios(u128::from(t) * 100, tot * u128::from(n), s.scale) else { return };
    if n == 0 || same(s, expected) {
        return;
    }
    let trunc = same(s, truncated);
    let why = if trunc { " (the truncated value: truncation printed as rounding)" } else { "" };
    let mut f = Finding::new(
        FindingKind::ShareMismatch,
        format!(
            "{t} of {} criteria ({tot} communes × {n}) is {}%, printed {}%{why}",
            tot * u128::from(n),
            expected.to_vi(),
            s.to_vi()
        ),
    )
    .int("total_criteria", t.into())
    .int("total", tot)
    .num("printed", s)
    .num("expected", expected)
    .num("truncated", truncated);
    f.truncation_explains = Some(trunc);
    out.push(f);
}

/// Per-criterion counts that cannot be: for a criterion the set lacks, above the total, or below
/// the communes meeting every criterion.
fn per_criterion(b: &Bands<'_>, out: &mut Vec<Finding>) {
    let n = b.n;
    let meeting_all: Option<u128> = {
        let full: Vec<&PublishedBand> = b.bands().iter().filter(|x| x.lo == n && x.hi == n).collect();
        (full.len() == 1).then(|| full.iter().map(|x| u128::from(x.count)).sum())
    };
    for (&k, &count) in &b.report.per_criterion {
        let c = u128::from(count);
        let bad = |msg: String| Finding {
            criterion: Some(k),
            ..Finding::new(FindingKind::CriterionCountImpossible, msg).int("count", c)
        };
        if k == 0 || k > n {
            out.push(bad(format!("criterion {k} does not exist in a set of {n} criteria")));
        } else if let Some(tot) = b.total.filter(|&t| c > t) {
            out.push(
                bad(format!("{count} communes meet criterion {k}, more than the {tot} communes")).int("total", tot),
            );
        } else if let Some(m) = meeting_all.filter(|&m| c < m) {
            out.push(
                bad(format!(
                    "{count} communes meet criterion {k}, fewer than the {m} communes meeting all {n} criteria"
                ))
                .int("meeting_all", m),
            );
        }
    }
}

/// A complete per-criterion listing against the total of criteria, or else the average.
fn criteria_sum(b: &Bands<'_>, out: &mut Vec<Finding>) {
    let (r, n) = (b.report, b.n);
    if n == 0 || !(1..=n).all(|k| r.per_criterion.contains_key(&k)) {
        return;
    }
    let sum: u128 = (1..=n).filter_map(|k| r.per_criterion.get(&k)).map(|&c| u128::from(c)).sum();
    if let Some(t) = r.total_criteria {
        if sum != u128::from(t) {
            out.push(
                Finding::new(
                    FindingKind::CriteriaDoNotSum,
                    format!("the per-criterion counts sum to {sum}, not to the {t} criteria of the report"),
                )
                .int("sum", sum)
                .int("total_criteria", t.into())
                .int("difference", sum.abs_diff(u128::from(t))),
            );
        }
    } else if let (Some(a), Some(tot)) = (r.average, b.total.filter(|&t| t > 0))
        && let Some((avg, _)) = ratios(sum, tot, a.scale)
        && !same(a, avg)
    {
        out.push(
            Finding::new(
                FindingKind::CriteriaDoNotSum,
                format!(
                    "the per-criterion counts sum to {sum}, an average of {} over {tot} communes, printed {}",
                    avg.to_vi(),
                    a.to_vi()
                ),
            )
            .int("sum", sum)
            .int("total", tot)
            .num("printed", a)
            .num("expected", avg),
        );
    }
}

/// Exact value comparison of two decimals of any scales.
fn same(a: Fixed, b: Fixed) -> bool {
    cmp(a, b) == std::cmp::Ordering::Equal
}

fn cmp(a: Fixed, b: Fixed) -> std::cmp::Ordering {
    let s = a.scale.max(b.scale).min(18);
    let up = |x: Fixed| i128::from(x.units).saturating_mul(10i128.pow(u32::from(s.saturating_sub(x.scale))));
    up(a).cmp(&up(b))
}

/// `num / den` to `scale` decimals, half-up and truncated; `None` when `num` overflows.
fn ratios(num: u128, den: u128, scale: u8) -> Option<(Fixed, Fixed)> {
    let (num, den) = (u64::try_from(num).ok()?, u64::try_from(den).ok()?);
    Some((Fixed::ratio(num, den, scale), Fixed::truncated(num, den, scale)))
}

/// `AverageImpossible` when no whole number of criteria `T` in `0..=n·communes` gives the
/// printed average `a` rounded half-up.
fn average_possible(a: Fixed, communes: u128, n: u32) -> Option<Finding> {
    let max_t = communes.checked_mul(u128::from(n))?;
    let p = 10u128.checked_pow(u32::from(a.scale))?;
    let value = |t: u128| ratios(t, communes, a.scale);
    if a.units < 0 {
        return Some(
            Finding::new(FindingKind::AverageImpossible, format!("a negative average ({})", a.to_vi()))
                .num("printed", a),
        );
    }
    let u = a.units.unsigned_abs() as u128;
    // Every T giving u is within 1 of u·communes/10^p; look a little wider for the neighbours.
    let t0 = u.checked_mul(communes)? / p;
    let candidates: Vec<(u128, Fixed, Fixed)> = (t0.saturating_sub(2)..=t0.saturating_add(2))
        .filter(|&t| t <= max_t)
        .chain((t0 > max_t).then_some(max_t))
        .filter_map(|t| value(t).map(|(r, tr)| (t, r, tr)))
        .collect();
    if candidates.iter().any(|&(_, r, _)| same(r, a)) {
        return None;
    }
    let below = candidates.iter().filter(|c| cmp(c.1, a).is_lt()).map(|c| c.1).max_by(|x, y| cmp(*x, *y));
    let above = candidates.iter().filter(|c| cmp(c.1, a).is_gt()).map(|c| c.1).min_by(|x, y| cmp(*x, *y));
    let by_trunc = candidates.iter().find(|c| same(c.2, a)).map(|c| c.0);
    let near = match (below, above) {
        (Some(b), Some(h)) => format!("the nearest possible are {} and {}", b.to_vi(), h.to_vi()),
        (Some(b), None) => format!("the highest possible near it is {}", b.to_vi()),
        (None, Some(h)) => format!("the lowest possible near it is {}", h.to_vi()),
        (None, None) => format!("it is above the maximum of {n} criteria"),
    };
    let trunc = match by_trunc {
        Some(t) => format!("; {t}/{communes} truncated gives it: truncation printed as rounding"),
        None => String::new(),
    };
    let mut f = Finding::new(
        FindingKind::AverageImpossible,
        format!(
            "no whole number of criteria over {communes} communes gives an average of {} rounded half-up ({near}){trunc}",
            a.to_vi()
        ),
    )
    .int("total", communes)
    .num("printed", a);
    if let Some(b) = below {
        f = f.num("nearest_below", b);
    }
    if let Some(h) = above {
        f = f.num("nearest_above", h);
    }
    if let Some(t) = by_trunc {
        f = f.int("total_if_truncated", t);
    }
    f.truncation_explains = Some(by_trunc.is_some());
    Some(f)
}

fn span(lo: u32, hi: u32) -> String {
    if lo == hi { lo.to_string() } else { format!("{lo}-{hi}") }
}

fn pad2(n: u64) -> String {
    format!("{n:02}")
}

/// Counts of criteria that no valid band holds, each a [`FindingKind::BandsLeaveGap`]. Called
/// only when the bands sum to fewer communes than the report's total: reports leave out empty
/// bands (at the ends and in the middle), so a gap is a fault only when communes are missing.
fn gap_findings(bands: &[PublishedBand], valid: &[bool], n: u32, out: &mut Vec<Finding>) {
    let mut spans: Vec<(u32, u32)> = bands.iter().zip(valid).filter(|(_, v)| **v).map(|(b, _)| (b.lo, b.hi)).collect();
    spans.sort_unstable();
    let mut next = 0u32; // the lowest count not yet covered
    let mut gaps = Vec::new();
    for &(lo, hi) in &spans {
        if lo > next {
            gaps.push((next, lo - 1));
        }
        next = next.max(hi.saturating_add(1));
    }
    if next <= n {
        gaps.push((next, n));
    }
    for (lo, hi) in gaps {
        out.push(
            Finding::new(
                FindingKind::BandsLeaveGap,
                format!("no band holds {} criteria, and communes are missing from the bands", span(lo, hi)),
            )
            .int("lo", lo.into())
            .int("hi", hi.into()),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn totals_near_holds_every_total_that_rounds_to_the_share() {
        let share = Fixed::new(1, 0); // 1 commune at "1%": any total from 67 to 200
        let fitting: Vec<u64> = (1..1000).filter(|&t| same(Fixed::ratio(100, t, 0), share)).collect();
        let near = totals_near(1, share);
        assert!(fitting.iter().all(|t| near.contains(t)), "{near:?}");
        assert_eq!((fitting[0], *fitting.last().unwrap()), (67, 200));
        assert!(!some_total_gives(280, Fixed::new(6836, 2))); // Nghệ An, 12/2020
        assert!(some_total_gives(280, Fixed::new(6846, 2)));
        assert!(totals_near(5, Fixed::new(0, 2)).is_empty() || !some_total_gives(5, Fixed::new(0, 2)));
    }
}
