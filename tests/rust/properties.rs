//! Property tests of the invariants of summaries and assessments.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use ntm_criteria::{
    Banding, CommuneTable, CriteriaSet, Profile, Region, RuleKind, Summary, SummaryOptions, Target, Unit, Value,
};
use proptest::prelude::*;

fn set() -> &'static CriteriaSet {
    CriteriaSet::bundled("2016-2020").expect("bundled set parses")
}

/// A random value fitting an indicator's unit and rule.
fn value_for(unit: Unit, rule: RuleKind) -> BoxedStrategy<Value> {
    let number = match unit {
        Unit::Percent => (0.0..=100.0f64).boxed(),
        Unit::Bool => prop_oneof![Just(0.0f64), Just(1.0)].boxed(),
        _ => (0.0..200.0f64).boxed(),
    };
    let main = match rule {
        RuleKind::AtLeastBoth | RuleKind::AtLeastTimes => {
            (number.clone(), number).prop_map(|(a, b)| Value::Pair(a, b)).boxed()
        }
        RuleKind::Achieved | RuleKind::ProvinceDefined => any::<bool>().prop_map(Value::Verdict).boxed(),
        RuleKind::Absent => prop_oneof![Just(0u32), 1u32..10].prop_map(|n| Value::Number(f64::from(n))).boxed(), // counts are whole
        _ => number.prop_map(Value::Number).boxed(),
    };
    prop_oneof![1 => Just(Value::Missing), 1 => any::<bool>().prop_map(Value::Verdict), 6 => main].boxed()
}

fn values() -> impl Strategy<Value = Vec<Value>> {
    set().indicators().map(|i| value_for(i.unit, i.rule)).collect::<Vec<_>>()
}

fn region() -> impl Strategy<Value = Region> {
    (0usize..7).prop_map(|i| Region::ALL[i])
}

fn options() -> impl Strategy<Value = SummaryOptions> {
    (0u8..=3, any::<bool>()).prop_map(|(precision, sum_to_100)| SummaryOptions { precision, sum_to_100 })
}

proptest! {
    /// The one-pass checked mask is the full assessment's criteria, and refuses exactly what it
    /// refuses (values include NaN, negative and over-100 numbers, wrong shapes).
    #[test]
    fn checked_mask_equals_the_full_assessment(
        vals in values(),
        bad in prop::option::of((0usize..49, prop_oneof![
            Just(Value::Number(f64::NAN)), Just(Value::Number(-3.0)), Just(Value::Number(150.0)),
            Just(Value::Pair(1.0, 2.0)), Just(Value::Number(0.5)),
        ])),
        r in region(),
        dis in any::<bool>(),
    ) {
        let mut vals = vals;
        if let Some((i, v)) = bad {
            vals[i] = v;
        }
        let p = Profile::region(r).disadvantaged(dis);
        let s = set();
        match (s.assess_mask_checked(&vals, &p), s.assess_values(&vals, &p)) {
            (Ok((met, na)), Ok(a)) => {
                prop_assert_eq!(met, a.met);
                prop_assert_eq!(na, a.not_assessed);
            }
            (Err(e1), Err(e2)) => prop_assert_eq!(e1.problems(), e2.problems()),
            (x, y) => prop_assert!(false, "checked mask {:?} vs assessment {:?}", x.is_ok(), y.is_ok()),
        }
    }

    /// The bulk `add_masks` (byte counters, parallel over long slices) equals `add_mask` row by
    /// row, and refuses exactly when some row is refused, naming the first such row.
    #[test]
    fn add_masks_equals_add_mask_row_by_row(
        n in 1u32..=32,
        rows in prop::collection::vec((any::<u32>(), any::<u32>(), 0u8..4), 0..700),
    ) {
        let all = ntm_criteria::CriteriaMask::all(n).0;
        // Mostly valid pairs (met and not assessed disjoint, within the set), sometimes not.
        let pairs: Vec<(u32, u32)> = rows
            .iter()
            .map(|&(m, u, mode)| match mode {
                0 => (m, u),
                _ => (m & all, u & all & !m),
            })
            .collect();
        let (met, na): (Vec<u32>, Vec<u32>) = pairs.iter().copied().unzip();
        let mut bulk = ntm_criteria::Tally::new(n);
        let got = bulk.add_masks(&met, &na);
        let mut one = ntm_criteria::Tally::new(n);
        let mut first_bad = None;
        for (r, &(m, u)) in pairs.iter().enumerate() {
            if one.add_mask(ntm_criteria::CriteriaMask(m), ntm_criteria::CriteriaMask(u)).is_err() && first_bad.is_none() {
                first_bad = Some(r);
            }
        }
        match (got, first_bad) {
            (Ok(()), None) => {
                prop_assert_eq!(bulk.histogram(), one.histogram());
                if !pairs.is_empty() {
                    let opts = SummaryOptions::default();
                    let b = Banding::default_for(n);
                    prop_assert_eq!(bulk.summarize(&b, opts).unwrap(), one.summarize(&b, opts).unwrap());
                }
            }
            (Err(e), Some(r)) => {
                let msg = e.to_string();
                prop_assert!(msg.contains(&format!("row {}:", r + 1)), "{}", msg);
                prop_assert_eq!(bulk.communes(), 0, "a refused batch adds nothing");
            }
            (got, bad) => prop_assert!(false, "bulk {:?} vs row by row first bad {:?}", got, bad),
        }
    }

    #[test]
    fn band_counts_sum_to_communes(counts in prop::collection::vec(0u32..=19, 1..400), opts in options()) {
        let s = Summary::from_counts(counts.clone(), &Banding::official(), opts).unwrap();
        prop_assert_eq!(s.bands.iter().map(|b| b.count).sum::<u64>(), counts.len() as u64);
        prop_assert_eq!(s.communes, counts.len() as u64);
    }

    #[test]
    fn shares_are_percentages(counts in prop::collection::vec(0u32..=19, 1..400), opts in options()) {
        let s = Summary::from_counts(counts, &Banding::official(), opts).unwrap();
        let hundred = 100 * 10i64.pow(u32::from(s.precision));
        for b in &s.bands {
            prop_assert!(b.share.units >= 0 && b.share.units <= hundred);
        }
        if opts.sum_to_100 {
            prop_assert_eq!(s.bands.iter().map(|b| b.share.units).sum::<i64>(), hundred);
        }
    }

    #[test]
    fn average_is_exact_half_up(counts in prop::collection::vec(0u32..=19, 1..400), p in 0u8..=4) {
        let s = Summary::from_counts(counts.clone(), &Banding::official(), SummaryOptions { precision: p, sum_to_100: false }).unwrap();
        let total: u128 = counts.iter().map(|&c| u128::from(c)).sum();
        let n = counts.len() as u128;
        let scale = 10u128.pow(u32::from(p));
        prop_assert_eq!(s.average.units as u128, (2 * total * scale + n) / (2 * n));
        prop_assert!(s.average.to_f64() >= 0.0 && s.average.to_f64() <= 19.0);
        prop_assert_eq!(u128::from(s.total_criteria), total);
    }

    #[test]
    fn raising_a_value_toward_its_target_never_lowers_the_count(
        vals in values(), r in region(), pick in any::<prop::sample::Index>(), step in 0.0..50.0f64
    ) {
        let set = set();
        let profile = Profile::region(r);
        let before = set.assess_values(&vals, &profile).unwrap();
        let i = pick.index(vals.len());
        let ind = set.indicators().nth(i).unwrap();
        let improved = match (vals[i], ind.target(set.dimension(), r.code())) {
            (Value::Number(v), Some(Target::AtLeast(_))) => {
                let cap = if ind.unit == Unit::Percent { 100.0 } else { f64::MAX };
                Value::Number((v + step).min(cap))
            }
            (Value::Number(v), Some(Target::AtMost(_))) => Value::Number((v - step).max(0.0)),
            (Value::Number(_), Some(Target::Absent)) => Value::Number(0.0),
            (Value::Pair(a, b), Some(Target::AtLeastBoth(..))) => Value::Pair((a + step).min(100.0), (b + step).min(100.0)),
            (Value::Pair(a, base), Some(Target::AtLeastTimes(..))) => Value::Pair(a + step, base),
            (Value::Verdict(_), _) => Value::Verdict(true),
            (v, _) => v,
        };
        let mut after_vals = vals.clone();
        after_vals[i] = improved;
        let after = set.assess_values(&after_vals, &profile).unwrap();
        prop_assert!(after.met_count >= before.met_count);
        prop_assert!(after.met.0 & before.met.0 == before.met.0, "a met criterion stays met");
    }

    #[test]
    fn assessments_and_summaries_round_trip_through_json(vals in values(), r in region(), opts in options()) {
        let set = set();
        let a = set.assess_values(&vals, &Profile::region(r)).unwrap();
        let back: ntm_criteria::Assessment = serde_json::from_str(&serde_json::to_string(&a).unwrap()).unwrap();
        prop_assert_eq!(&back, &a);
        let s = Summary::from_assessments([&a], set.banding(), opts).unwrap();
        let back: Summary = serde_json::from_str(&serde_json::to_string(&s).unwrap()).unwrap();
        prop_assert_eq!(back, s);
    }

    #[test]
    fn values_then_flags_give_the_same_summary(
        communes in prop::collection::vec((values(), region()), 1..25), opts in options()
    ) {
        let set = set();
        let assessments: Vec<_> = communes.iter().map(|(v, r)| set.assess_values(v, &Profile::region(*r)).unwrap()).collect();
        let from_values = Summary::from_assessments(&assessments, set.banding(), opts).unwrap();
        // The same communes at the criterion level, as a report table holds them.
        let mut csv = String::from("code,criteria_met\n");
        for (i, a) in assessments.iter().enumerate() {
            csv.push_str(&format!("{i:05},{}\n", a.met));
        }
        let table = CommuneTable::from_csv_reader(csv.as_bytes(), "flags", 19).unwrap();
        let from_flags = table.summary(set.banding(), opts).unwrap();
        prop_assert_eq!(&from_values.bands, &from_flags.bands);
        prop_assert_eq!(from_values.average, from_flags.average);
        prop_assert_eq!(from_values.total_criteria, from_flags.total_criteria);
        let met = |s: &Summary| s.per_criterion.as_ref().map(|p| p.iter().map(|c| c.met).collect::<Vec<_>>());
        prop_assert_eq!(met(&from_values), met(&from_flags));
    }
}

/// A deterministic xorshift generator, for tests too large for proptest's shrinking.
fn xorshift(mut seed: u64) -> impl FnMut() -> u64 {
    move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    }
}

/// Past `add_masks`' parallel threshold: the same counts as row by row, and a bad row far into
/// the slice is named and leaves the tally unchanged.
#[test]
fn add_masks_in_parallel_equals_row_by_row() {
    let mut rng = xorshift(0x9e37_79b9_7f4a_7c15);
    let mut next = move || rng() as u32;
    let all = ntm_criteria::CriteriaMask::all(19).0;
    let (mut met, mut na) = (Vec::new(), Vec::new());
    for _ in 0..300_000 {
        let m = next() & all;
        met.push(m);
        na.push(next() & all & !m);
    }
    let mut bulk = ntm_criteria::Tally::new(19);
    bulk.add_masks(&met, &na).unwrap();
    let mut one = ntm_criteria::Tally::new(19);
    for (&m, &u) in met.iter().zip(&na) {
        one.add_mask(ntm_criteria::CriteriaMask(m), ntm_criteria::CriteriaMask(u)).unwrap();
    }
    let opts = SummaryOptions::default();
    assert_eq!(bulk.summarize(&Banding::official(), opts).unwrap(), one.summarize(&Banding::official(), opts).unwrap());
    // Every criterion met in 1,000 rows: each byte counter fills to its limit in every block.
    let mut full = ntm_criteria::Tally::new(19);
    full.add_masks(&[all; 1000], &[0; 1000]).unwrap();
    let s = full.summarize(&Banding::official(), opts).unwrap();
    assert!(s.per_criterion.unwrap().iter().all(|c| c.met == 1000));
    na[270_000] = met[270_000] | 1 << 25;
    let mut fresh = ntm_criteria::Tally::new(19);
    let e = fresh.add_masks(&met, &na).unwrap_err().to_string();
    assert!(e.contains("row 270001:"), "{e}");
    assert_eq!(fresh.communes(), 0);
}

/// A batch's banding is checked before any row is written: one made for another number of
/// criteria is refused, never written as "no band" row by row. (A banding that fits the set
/// has at most 33 bands, so every band index fits the `i8` it is written as.)
#[test]
fn a_batch_refuses_a_banding_made_for_other_criteria() {
    let s = set();
    let cols = vec![ntm_criteria::Column::Missing; s.indicator_count()];
    let keys = ntm_criteria::Keys::Same(Profile::region(Region::ALL[0]));
    let try_with = |banding: &Banding| {
        let (mut cnt, mut band) = (vec![0u8; 3], vec![5i8; 3]);
        let out = ntm_criteria::BatchBuffers::counts(&mut cnt).with_bands(banding, &mut band);
        let e = s.assess_batch_buffers(&cols, keys, out).unwrap_err().to_string();
        assert_eq!(band, [5, 5, 5], "{e}");
        e
    };
    let e = try_with(&Banding::default_for(10));
    assert!(e.contains("covers 0..=10 but the set has 19 criteria"), "{e}");
    let wide = Banding::new(
        vec![ntm_criteria::Band::new(15, 25, "15-25", "15-25"), ntm_criteria::Band::new(0, 14, "<15", "<15")],
        25,
        false,
    )
    .unwrap();
    let e = try_with(&wide);
    assert!(e.contains("goes to 25, past the 19 criteria"), "{e}");
    let (mut cnt, mut band) = (vec![0u8; 3], vec![5i8; 3]);
    let out = ntm_criteria::BatchBuffers::counts(&mut cnt).with_bands(s.banding(), &mut band);
    s.assess_batch_buffers(&cols, keys, out).unwrap();
    assert_eq!(band, [4, 4, 4]); // nothing assessed: 0 criteria, the last band ("dưới 5")
}

#[test]
fn bundled_sets_round_trip_through_json() {
    for name in CriteriaSet::bundled_names() {
        let set = CriteriaSet::bundled(name).unwrap();
        let json = serde_json::to_string(set).unwrap();
        let back: CriteriaSet = serde_json::from_str(&json).unwrap();
        assert_eq!(&back, set, "{name}");
    }
}

mod batch {
    use super::*;
    use ntm_criteria::{Column, Keys};

    /// A row value for an indicator whose column holds verdicts (`true`) or native values.
    fn cell(unit: Unit, rule: RuleKind, verdict_column: bool) -> BoxedStrategy<Value> {
        if verdict_column {
            prop_oneof![Just(Value::Missing), any::<bool>().prop_map(Value::Verdict)].boxed()
        } else {
            value_for(unit, rule).prop_map(|v| if let Value::Verdict(_) = v { Value::Missing } else { v }).boxed()
        }
    }

    /// A value as the cells of its row in the batch columns (the second column is used by
    /// compound indicators only; NaN is missing).
    fn cells(v: &Value) -> (f64, f64) {
        match *v {
            Value::Number(x) => (x, f64::NAN),
            Value::Pair(x, y) => (x, y),
            Value::Verdict(t) => (f64::from(u8::from(t)), f64::NAN),
            Value::Missing => (f64::NAN, f64::NAN),
        }
    }

    /// One commune: values, region index, ĐBKK flag.
    type Row = (Vec<Value>, u8, bool);

    /// Rows with one column kind per indicator (verdicts or native values).
    fn communes() -> impl Strategy<Value = (Vec<bool>, Vec<Row>)> {
        prop::collection::vec(any::<bool>(), set().indicator_count()).prop_flat_map(|kinds| {
            let row: Vec<BoxedStrategy<Value>> =
                set().indicators().zip(&kinds).map(|(i, &k)| cell(i.unit, i.rule, k)).collect();
            (Just(kinds), prop::collection::vec((row, 0u8..7, any::<bool>()), 1..40))
        })
    }

    proptest! {
        #[test]
        fn batch_equals_one_at_a_time((kinds, rows) in communes()) {
            let n = set().indicator_count();
            let mut a = vec![Vec::new(); n];
            let mut b = vec![Vec::new(); n];
            for (vals, _, _) in &rows {
                for (i, v) in vals.iter().enumerate() {
                    let (x, y) = cells(v);
                    a[i].push(x);
                    b[i].push(y);
                }
            }
            let columns: Vec<Column<'_>> = set()
                .indicators()
                .enumerate()
                .map(|(i, ind)| {
                    if kinds[i] {
                        Column::Verdicts(&a[i])
                    } else if ind.rule.takes_pair() {
                        Column::Pairs(&a[i], &b[i])
                    } else {
                        Column::Numbers(&a[i])
                    }
                })
                .collect();
            let keys: Vec<u8> = rows.iter().map(|r| r.1).collect();
            let flags: Vec<bool> = rows.iter().map(|r| r.2).collect();
            let s = set();
            let keys = Keys::PerRow { keys: &keys, disadvantaged: Some(&flags) };
            let out = s.assess_batch(&columns, keys, rows.len()).unwrap();
            let all = assess_all_outputs(s, &columns, keys, rows.len());
            prop_assert_eq!(&all.0, &out);
            for (r, (vals, k, d)) in rows.iter().enumerate() {
                let profile = Profile::region(Region::ALL[*k as usize]).disadvantaged(*d);
                let one = s.assess_values(vals, &profile).unwrap();
                prop_assert_eq!(out.met[r], one.met.0, "row {}", r);
                prop_assert_eq!(out.not_assessed[r], one.not_assessed.0, "row {}", r);
                prop_assert_eq!(u32::from(out.met_count[r]), one.met_count);
                check_extras(s, &all, r, &one);
            }
        }
    }

    /// Every output of `assess_batch_buffers`: the batch, status codes, band indices, standard.
    type AllOutputs = (ntm_criteria::BatchOutput, Vec<i8>, Vec<i8>, Vec<bool>);

    fn assess_all_outputs(set: &CriteriaSet, columns: &[Column<'_>], keys: Keys<'_>, rows: usize) -> AllOutputs {
        let n = set.criteria_count() as usize;
        let mut out =
            ntm_criteria::BatchOutput { met: vec![0; rows], not_assessed: vec![0; rows], met_count: vec![0; rows] };
        // Filled with values no output takes, so an element left unwritten shows.
        let (mut status, mut band, mut meets) = (vec![7i8; n * rows], vec![99i8; rows], vec![true; rows]);
        let buffers = ntm_criteria::BatchBuffers::new(&mut out.met, &mut out.not_assessed, &mut out.met_count)
            .with_status(&mut status)
            .with_bands(set.banding(), &mut band)
            .with_meets_standard(&mut meets);
        set.assess_batch_buffers(columns, keys, buffers).unwrap();
        // Without the masks (`BatchBuffers::counts`, as a frame's result is written): the same
        // counts, statuses, bands and flags.
        let (mut cnt2, mut status2, mut band2, mut meets2) =
            (vec![99u8; rows], vec![7i8; n * rows], vec![99i8; rows], vec![true; rows]);
        let counts_only = ntm_criteria::BatchBuffers::counts(&mut cnt2)
            .with_status(&mut status2)
            .with_bands(set.banding(), &mut band2)
            .with_meets_standard(&mut meets2);
        set.assess_batch_buffers(columns, keys, counts_only).unwrap();
        assert_eq!((&cnt2, &status2, &band2, &meets2), (&out.met_count, &status, &band, &meets));
        (out, status, band, meets)
    }

    /// Row `r`'s status codes, band and standard flag agree with its one-at-a-time assessment.
    fn check_extras(set: &CriteriaSet, all: &AllOutputs, r: usize, one: &ntm_criteria::Assessment) {
        let rows = all.0.met.len();
        for k in 0..set.criteria_count() as usize {
            let want = if one.met.0 >> k & 1 == 1 {
                0
            } else if one.not_assessed.0 >> k & 1 == 1 {
                2
            } else {
                1
            };
            assert_eq!(all.1[k * rows + r], want, "row {r}, criterion {}", k + 1);
        }
        let band = set.banding().index_of(one.met_count).map_or(-1, |i| i as i8);
        assert_eq!(all.2[r], band, "row {r}");
        assert_eq!(all.3[r], one.met_count == set.criteria_count(), "row {r}");
    }

    /// Every column of every set filled with random values (all regions, ĐBKK, ~5 % missing) over
    /// several chunks of rows: the batch and all its outputs equal the one-at-a-time assessment.
    #[test]
    fn batch_outputs_equal_one_at_a_time_over_many_chunks() {
        let mut rng = super::xorshift(0x2545_f491_4f6c_dd1d);
        let mut next = move || (rng() >> 11) as f64 / (1u64 << 53) as f64;
        for name in CriteriaSet::bundled_names() {
            let set = CriteriaSet::bundled(name).unwrap();
            let rows = 5000;
            let width = match set.dimension() {
                ntm_criteria::Dimension::Region => 7,
                ntm_criteria::Dimension::CommuneGroup => 3,
                ntm_criteria::Dimension::None => 1,
            };
            let mut vals: Vec<Vec<Value>> = (0..rows).map(|_| Vec::with_capacity(set.indicator_count())).collect();
            let mut a = vec![Vec::with_capacity(rows); set.indicator_count()];
            let mut b = vec![Vec::with_capacity(rows); set.indicator_count()];
            for (i, ind) in set.indicators().enumerate() {
                for row in vals.iter_mut() {
                    let missing = next() < 0.05;
                    let num = |u: f64| match ind.unit {
                        Unit::Percent => (100.0 * u).round(),
                        _ => (120.0 * u).round() / 2.0,
                    };
                    let v = match ind.rule {
                        _ if missing => Value::Missing,
                        RuleKind::Achieved | RuleKind::ProvinceDefined => Value::Verdict(next() < 0.8),
                        RuleKind::Absent => Value::Number(if next() < 0.8 { 0.0 } else { 2.0 }),
                        RuleKind::AtLeastBoth | RuleKind::AtLeastTimes => Value::Pair(num(next()), num(next())),
                        _ => Value::Number(num(next())),
                    };
                    let (x, y) = cells(&v);
                    a[i].push(x);
                    b[i].push(y);
                    row.push(v);
                }
            }
            let columns: Vec<Column<'_>> = set
                .indicators()
                .enumerate()
                .map(|(i, ind)| match ind.rule {
                    RuleKind::AtLeastBoth | RuleKind::AtLeastTimes => Column::Pairs(&a[i], &b[i]),
                    RuleKind::Achieved | RuleKind::ProvinceDefined => Column::Verdicts(&a[i]),
                    _ => Column::Numbers(&a[i]),
                })
                .collect();
            let keys: Vec<u8> = (0..rows).map(|_| (next() * width as f64) as u8).collect();
            let flags: Vec<bool> = (0..rows).map(|_| next() < 0.2).collect();
            let all =
                assess_all_outputs(set, &columns, Keys::PerRow { keys: &keys, disadvantaged: Some(&flags) }, rows);
            for r in 0..rows {
                let key = match set.dimension() {
                    ntm_criteria::Dimension::Region => Profile::region(Region::ALL[keys[r] as usize]),
                    ntm_criteria::Dimension::CommuneGroup => {
                        Profile::group(ntm_criteria::CommuneGroup::ALL[keys[r] as usize])
                    }
                    ntm_criteria::Dimension::None => Profile::default(),
                };
                let one = set.assess_values(&vals[r], &key.disadvantaged(flags[r])).unwrap();
                assert_eq!(all.0.met[r], one.met.0, "{name} row {r}");
                assert_eq!(all.0.not_assessed[r], one.not_assessed.0, "{name} row {r}");
                assert_eq!(u32::from(all.0.met_count[r]), one.met_count, "{name} row {r}");
                check_extras(set, &all, r, &one);
            }
            // Not a degenerate sample: met-counts vary, and every status code occurs.
            assert!(all.0.met_count.iter().any(|&c| c != all.0.met_count[0]), "{name}");
            for code in 0..3 {
                assert!(all.1.contains(&code), "{name}: status {code} occurs");
            }
        }
    }

    #[test]
    fn disadvantaged_rows_use_the_318_rule_in_batches() {
        let set = CriteriaSet::bundled("2021-2025").unwrap();
        let poverty = [10.0, 10.0];
        let mut columns = vec![Column::Missing; set.indicator_count()];
        columns[set.indicator_index("11").unwrap()] = Column::Numbers(&poverty);
        let keys = [Region::NorthCentralCoast.index() as u8; 2];
        let out =
            set.assess_batch(&columns, Keys::PerRow { keys: &keys, disadvantaged: Some(&[false, true]) }, 2).unwrap();
        let c11 = 1 << 10;
        assert_eq!(out.met[0] & c11, 0);
        assert_eq!(out.not_assessed[0] & c11, 0);
        assert_eq!(out.met[1] & c11, c11);
    }

    /// Every column form the kernel reads (numbers, verdicts, pairs, numbers with a validity
    /// bitmap at an odd offset or with missing flags, and values of any kind) over three chunks
    /// and a partial last tile: every output equals the one-at-a-time assessment, and the values
    /// under a missing mark are never looked at (they hold a number no unit allows).
    #[test]
    fn every_column_form_equals_one_at_a_time() {
        use ntm_criteria::input::Missing;
        let mut rng = super::xorshift(0x9e37_79b9_7f4a_7c15);
        let mut next = move || (rng() >> 11) as f64 / (1u64 << 53) as f64;
        let set = CriteriaSet::bundled("2016-2020").unwrap();
        let rows = 2 * 8192 + 77;
        let n = set.indicator_count();
        let mut vals: Vec<Vec<Value>> = (0..rows).map(|_| Vec::with_capacity(n)).collect();
        let (mut a, mut b): (Vec<Vec<f64>>, Vec<Vec<f64>>) = (vec![Vec::new(); n], vec![Vec::new(); n]);
        // Bit `3 + r` of `bits[i]` is row r's validity; `flags[i][r]` marks it missing.
        let (mut bits, mut flags) = (vec![vec![0u8; rows / 8 + 2]; n], vec![vec![false; rows]; n]);
        let mut typed: Vec<Vec<Value>> = vec![Vec::new(); n];
        for (i, ind) in set.indicators().enumerate() {
            for (r, row) in vals.iter_mut().enumerate() {
                let v = match ind.rule {
                    _ if next() < 0.05 => Value::Missing,
                    RuleKind::Achieved | RuleKind::ProvinceDefined => Value::Verdict(next() < 0.8),
                    RuleKind::Absent => Value::Number(if next() < 0.8 { 0.0 } else { 2.0 }),
                    RuleKind::AtLeastBoth | RuleKind::AtLeastTimes => {
                        Value::Pair((100.0 * next()).round(), (100.0 * next()).round())
                    }
                    _ if ind.unit == Unit::Percent => Value::Number((100.0 * next()).round()),
                    _ => Value::Number((120.0 * next()).round() / 2.0),
                };
                let (x, y) = cells(&v);
                if x.is_nan() {
                    flags[i][r] = true;
                    a[i].push(1e300);
                } else {
                    bits[i][(r + 3) / 8] |= 1 << ((r + 3) % 8);
                    a[i].push(x);
                }
                b[i].push(y);
                typed[i].push(v);
                row.push(v);
            }
        }
        let nan_for_missing: Vec<Vec<f64>> =
            a.iter().map(|c| c.iter().map(|&x| if x == 1e300 { f64::NAN } else { x }).collect()).collect();
        let columns: Vec<Column<'_>> = set
            .indicators()
            .enumerate()
            .map(|(i, ind)| match (i % 4, ind.rule) {
                (3, _) => Column::Values(&typed[i]),
                (_, RuleKind::AtLeastBoth | RuleKind::AtLeastTimes) => Column::Pairs(&nan_for_missing[i], &b[i]),
                (1, _) => Column::Masked(&a[i], Missing::Validity { bits: &bits[i], offset: 3 }),
                (2, _) => Column::Masked(&a[i], Missing::Flags(&flags[i])),
                (_, RuleKind::Achieved | RuleKind::ProvinceDefined) => Column::Verdicts(&nan_for_missing[i]),
                _ => Column::Numbers(&nan_for_missing[i]),
            })
            .collect();
        let keys: Vec<u8> = (0..rows).map(|_| (next() * 7.0) as u8).collect();
        let all = assess_all_outputs(set, &columns, Keys::PerRow { keys: &keys, disadvantaged: None }, rows);
        for r in 0..rows {
            let one = set.assess_values(&vals[r], &Profile::region(Region::ALL[keys[r] as usize])).unwrap();
            assert_eq!(all.0.met[r], one.met.0, "row {r}");
            assert_eq!(all.0.not_assessed[r], one.not_assessed.0, "row {r}");
            assert_eq!(u32::from(all.0.met_count[r]), one.met_count, "row {r}");
            check_extras(set, &all, r, &one);
        }
        for code in 0..3 {
            assert!(all.1.contains(&code), "status {code} occurs");
        }
    }

    #[test]
    fn batch_is_deterministic_across_chunk_boundaries() {
        let set = CriteriaSet::bundled("2016-2020").unwrap();
        let rows = 20_000;
        let income: Vec<f64> = (0..rows).map(|i| (i % 50) as f64 + if i % 97 == 0 { f64::NAN } else { 0.0 }).collect();
        let keys: Vec<u8> = (0..rows).map(|i| (i % 7) as u8).collect();
        let mut columns = vec![Column::Missing; set.indicator_count()];
        columns[set.indicator_index("10").unwrap()] = Column::Numbers(&income);
        let a = set.assess_batch(&columns, Keys::PerRow { keys: &keys, disadvantaged: None }, rows).unwrap();
        let b = set.assess_batch(&columns, Keys::PerRow { keys: &keys, disadvantaged: None }, rows).unwrap();
        assert_eq!(a, b);
        for r in [0, 8191, 8192, 8193, 19_999] {
            let mut vals = vec![Value::Missing; set.indicator_count()];
            vals[set.indicator_index("10").unwrap()] =
                if income[r].is_nan() { Value::Missing } else { Value::Number(income[r]) };
            let one = set.assess_values(&vals, &Profile::region(Region::ALL[keys[r] as usize])).unwrap();
            assert_eq!(a.met[r], one.met.0);
            assert_eq!(a.not_assessed[r], one.not_assessed.0);
        }
    }

    #[test]
    fn bad_batch_values_are_reported_with_row_and_indicator() {
        let set = CriteriaSet::bundled("2016-2020").unwrap();
        let water = [50.0, 101.0, f64::INFINITY];
        let mut columns = vec![Column::Missing; set.indicator_count()];
        columns[set.indicator_index("4.2").unwrap()] = Column::Numbers(&water);
        let err = set.assess_batch(&columns, Keys::Same(Profile::region(Region::RedRiverDelta)), 3).unwrap_err();
        let p: Vec<_> = err.problems().iter().map(|p| (p.row, p.loc.as_str())).collect();
        assert_eq!(p, [(Some(2), "4.2"), (Some(3), "4.2")]);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(32))]

        /// The kernel flags bad values in the pass that assesses; whatever the chunk a bad value
        /// falls in, the batch fails and names exactly the bad rows.
        #[test]
        fn every_bad_value_is_found_whatever_its_chunk(
            rows in 1usize..6000,
            bad in proptest::collection::btree_map(0usize..6000, prop_oneof![
                Just(f64::INFINITY), Just(-1.0f64), Just(100.5f64), Just(f64::NEG_INFINITY)
            ], 0..4),
        ) {
            let set = set();
            let mut water: Vec<f64> = (0..rows).map(|r| (r % 101) as f64).collect();
            let mut expected = Vec::new();
            for (&r, &v) in bad.range(..rows) {
                water[r] = v;
                expected.push(Some(r + 1));
            }
            let mut columns = vec![Column::Missing; set.indicator_count()];
            columns[set.indicator_index("4.2").unwrap()] = Column::Numbers(&water);
            let res = set.assess_batch(&columns, Keys::Same(Profile::region(Region::RedRiverDelta)), rows);
            match res {
                Ok(_) => prop_assert!(expected.is_empty()),
                Err(e) => {
                    let got: Vec<_> = e.problems().iter().map(|p| p.row).collect();
                    prop_assert_eq!(got, expected);
                }
            }
        }
    }
}
