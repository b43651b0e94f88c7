//! The batch assessment with arbitrary columns (numbers, verdicts, pairs, missing, wrong
//! lengths, NaN/inf/negative/huge values) and arbitrary per-row keys. When the batch accepts
//! the input, every row must equal the one-commune assessment of the same values (the oracle).
#![no_main]

use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use ntm_criteria::input::Missing;
use ntm_criteria::{
    BatchBuffers, BatchOutput, Column, CommuneGroup, CriteriaSet, Dimension, Keys, Profile, Region, RuleKind, Value,
};

const SPECIAL: [f64; 14] =
    [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, 0.0, -0.0, 1.0, -1.0, 0.5, 36.0, 50.0, 90.0, 100.0, 100.5, 1e308];

fn value(u: &mut Unstructured<'_>) -> Result<f64> {
    if u.ratio(3u8, 4u8)? {
        Ok(SPECIAL[u.choose_index(SPECIAL.len())?])
    } else {
        Ok(f64::from_bits(u.arbitrary::<u64>()?))
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Missing,
    Numbers,
    Verdicts,
    Pairs,
    /// Numbers with a validity bitmap (a frame's nullable column): the value of a row marked
    /// missing is never looked at.
    Masked,
}

fn run(u: &mut Unstructured<'_>) -> Result<()> {
    let name = ["2016-2020", "2021-2025", "2026-2030"][u.choose_index(3)?];
    let Ok(set) = CriteriaSet::bundled(name) else { return Ok(()) };
    // Mostly a few rows (one partial tile of the kernel); now and then more than one 64-row
    // tile, so that whole tiles and a partial last one meet.
    let rows = if u.ratio(1u8, 4u8)? { u.int_in_range(60..=140usize)? } else { u.int_in_range(0..=24usize)? };
    let n = set.indicator_count();
    let mut kinds = Vec::with_capacity(n);
    let mut a_store: Vec<Vec<f64>> = Vec::with_capacity(n);
    let mut b_store: Vec<Vec<f64>> = Vec::with_capacity(n);
    for _ in 0..n {
        let kind = [Kind::Missing, Kind::Numbers, Kind::Verdicts, Kind::Pairs, Kind::Masked][u.choose_index(5)?];
        // Now and then a column of the wrong length.
        let len = if u.ratio(1u8, 40u8)? { rows + 1 } else { rows };
        let mut a = Vec::with_capacity(len);
        let mut b = Vec::with_capacity(len);
        for _ in 0..len {
            a.push(value(u)?);
            b.push(value(u)?);
        }
        kinds.push(kind);
        a_store.push(a);
        b_store.push(b);
    }
    // The validity bits of the masked columns, from bit `offset` on.
    let offset = u.int_in_range(0..=9usize)?;
    let mut valid_store: Vec<Vec<u8>> = Vec::with_capacity(n);
    for _ in 0..n {
        let mut bits = vec![0u8; (offset + rows).div_ceil(8) + 1];
        for b in bits.iter_mut() {
            *b = u.arbitrary::<u8>()?;
        }
        valid_store.push(bits);
    }
    let present = |i: usize, r: usize| valid_store[i][(offset + r) / 8] >> ((offset + r) % 8) & 1 == 1;
    let columns: Vec<Column<'_>> = (0..n)
        .map(|i| match kinds[i] {
            Kind::Masked => Column::Masked(&a_store[i], Missing::Validity { bits: &valid_store[i], offset }),
            Kind::Missing => Column::Missing,
            Kind::Numbers => Column::Numbers(&a_store[i]),
            Kind::Verdicts => Column::Verdicts(&a_store[i]),
            Kind::Pairs => Column::Pairs(&a_store[i], &b_store[i]),
        })
        .collect();
    let per_row = u.arbitrary::<bool>()?;
    let mut key_store = Vec::with_capacity(rows);
    for _ in 0..rows {
        key_store.push(u.int_in_range(0..=8u8)?);
    }
    let mut flag_store = Vec::with_capacity(rows);
    for _ in 0..rows {
        flag_store.push(u.arbitrary::<bool>()?);
    }
    let with_flags = u.arbitrary::<bool>()?;
    let same = match set.dimension() {
        Dimension::Region => Profile::region(Region::ALL[u.choose_index(7)?]),
        Dimension::CommuneGroup => Profile::group(CommuneGroup::ALL[u.choose_index(3)?]),
        Dimension::None => Profile::default(),
    }
    .disadvantaged(u.arbitrary::<bool>()?);
    let keys = if per_row {
        Keys::PerRow { keys: &key_store, disadvantaged: with_flags.then_some(flag_store.as_slice()) }
    } else {
        Keys::Same(same)
    };
    let crit = set.criteria_count() as usize;
    let mut out = BatchOutput { met: vec![0; rows], not_assessed: vec![0; rows], met_count: vec![0; rows] };
    // Filled with values no output takes, so that an element left unwritten shows.
    let (mut status, mut band, mut meets) = (vec![7i8; crit * rows], vec![99i8; rows], vec![true; rows]);
    let buffers = BatchBuffers::new(&mut out.met, &mut out.not_assessed, &mut out.met_count)
        .with_status(&mut status)
        .with_bands(set.banding(), &mut band)
        .with_meets_standard(&mut meets);
    if set.assess_batch_buffers(&columns, keys, buffers).is_err() {
        // The plain batch refuses the same input.
        assert!(set.assess_batch(&columns, keys, rows).is_err(), "only the batch with all outputs refused");
        return Ok(());
    }
    assert_eq!(set.assess_batch(&columns, keys, rows).ok().as_ref(), Some(&out), "the two batch entry points differ");
    for r in 0..rows {
        let values: Vec<Value> = (0..n)
            .map(|i| {
                let ind = set.indicators().nth(i).map(|x| x.rule);
                let verdict = |x: f64| if x.is_nan() { Value::Missing } else { Value::Verdict(x == 1.0) };
                match kinds[i] {
                    Kind::Missing => Value::Missing,
                    Kind::Masked if !present(i, r) => Value::Missing,
                    Kind::Verdicts => verdict(a_store[i][r]),
                    Kind::Numbers | Kind::Masked
                        if matches!(ind, Some(RuleKind::Achieved | RuleKind::ProvinceDefined)) =>
                    {
                        verdict(a_store[i][r])
                    }
                    Kind::Numbers | Kind::Masked => {
                        let x = a_store[i][r];
                        if x.is_nan() { Value::Missing } else { Value::Number(x) }
                    }
                    Kind::Pairs => {
                        let (x, y) = (a_store[i][r], b_store[i][r]);
                        if x.is_nan() || y.is_nan() { Value::Missing } else { Value::Pair(x, y) }
                    }
                }
            })
            .collect();
        let profile = if per_row {
            let k = usize::from(key_store[r]);
            let p = match set.dimension() {
                Dimension::Region => Profile::region(Region::ALL[k]),
                Dimension::CommuneGroup => Profile::group(CommuneGroup::ALL[k]),
                Dimension::None => Profile::default(),
            };
            p.disadvantaged(with_flags && flag_store[r])
        } else {
            same
        };
        let one = set.assess_values(&values, &profile);
        assert!(one.is_ok(), "row {r}: the batch accepted what the one-commune path refuses: {one:?}");
        let one = one.unwrap_or_else(|_| unreachable!());
        assert_eq!(out.met[r], one.met.0, "row {r}: met");
        assert_eq!(out.not_assessed[r], one.not_assessed.0, "row {r}: not assessed");
        assert_eq!(u32::from(out.met_count[r]), one.met_count, "row {r}: count");
        for k in 0..crit {
            let want = if one.met.0 >> k & 1 == 1 {
                0
            } else if one.not_assessed.0 >> k & 1 == 1 {
                2
            } else {
                1
            };
            assert_eq!(status[k * rows + r], want, "row {r}: status of criterion {}", k + 1);
        }
        let want_band = set.banding().index_of(one.met_count).map_or(-1, |i| i as i8);
        assert_eq!(band[r], want_band, "row {r}: band");
        assert_eq!(meets[r], one.met_count == set.criteria_count(), "row {r}: standard");
    }
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let _ = run(&mut Unstructured::new(data));
});
