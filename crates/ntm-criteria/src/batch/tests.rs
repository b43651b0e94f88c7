//! The kernel gives the same outputs with every kind of lanes: the widest the CPU has (AVX2 on
//! the machines that run these tests) against plain lanes, on every kind of column.

use super::{BatchBuffers, Column, Keys, ROWS_PER_CHUNK, Width};
use crate::assess::Value;
use crate::catalog::{CriteriaSet, RuleKind, Unit};
use crate::input::Missing;
use proptest::prelude::Rng as _;
use proptest::test_runner::{RngAlgorithm, TestRng};

/// Test data from proptest's deterministic generator.
struct Rng(TestRng);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0.next_u64() % n
    }
    /// A value for an indicator of `rule` and `unit`: often a round number (so that it meets a
    /// threshold exactly), sometimes missing, and with `bad` set, sometimes out of its range.
    fn value(&mut self, rule: RuleKind, unit: Unit, bad: bool) -> f64 {
        match (self.below(50), rule) {
            (0, _) => f64::NAN,
            (1, _) if bad => [-1.0, 0.5, 250.0, f64::INFINITY][self.below(4) as usize],
            (_, RuleKind::Achieved | RuleKind::ProvinceDefined) => self.below(2) as f64,
            (_, RuleKind::Absent) => [0.0, 0.0, 0.0, 1.0, 3.0][self.below(5) as usize],
            (k, _) if unit == Unit::Percent && k % 3 == 0 => self.below(101) as f64,
            (_, _) if unit == Unit::Percent => self.below(1001) as f64 / 10.0,
            _ => self.below(120) as f64 * 0.5,
        }
    }
}

/// One indicator's data in the column form `form` (0-4): the values, a second part, the
/// missing flags, and an Arrow validity bitmap of the flags.
struct Data {
    form: u64,
    a: Vec<f64>,
    b: Vec<f64>,
    flags: Vec<bool>,
    validity: Vec<u8>,
    values: Vec<Value>,
}

fn data(set: &CriteriaSet, rows: usize, rng: &mut Rng, bad: bool) -> Vec<Data> {
    let mut out = Vec::new();
    for ind in set.indicators() {
        let a: Vec<f64> = (0..rows).map(|_| rng.value(ind.rule, ind.unit, bad)).collect();
        let b: Vec<f64> = (0..rows).map(|_| rng.value(ind.rule, ind.unit, bad)).collect();
        let flags: Vec<bool> = (0..rows).map(|_| rng.below(20) == 0).collect();
        let mut validity = vec![0u8; rows.div_ceil(8) + 1];
        for (i, &gone) in flags.iter().enumerate() {
            validity[(i + 3) / 8] |= u8::from(!gone) << ((i + 3) % 8);
        }
        let values = a
            .iter()
            .zip(&b)
            .map(|(&x, &y)| match ind.rule {
                RuleKind::AtLeastBoth if x.is_nan() || y.is_nan() => Value::Missing,
                RuleKind::AtLeastBoth => Value::Pair(x, y),
                _ if x.is_nan() => Value::Missing,
                RuleKind::Achieved | RuleKind::ProvinceDefined if !x.is_nan() => Value::Verdict(x == 1.0),
                _ => Value::Number(x),
            })
            .collect();
        out.push(Data { form: rng.below(5), a, b, flags, validity, values });
    }
    out
}

fn columns<'a>(set: &CriteriaSet, data: &'a [Data]) -> Vec<Column<'a>> {
    set.indicators()
        .zip(data)
        .map(|(ind, d)| match (ind.rule, d.form) {
            (RuleKind::AtLeastBoth, 4) => Column::Values(&d.values),
            (RuleKind::AtLeastBoth, _) => Column::Pairs(&d.a, &d.b),
            (RuleKind::Achieved | RuleKind::ProvinceDefined, 0) => Column::Verdicts(&d.a),
            (_, 1) => Column::Masked(&d.a, Missing::Flags(&d.flags)),
            (_, 2) => Column::Masked(&d.a, Missing::Validity { bits: &d.validity, offset: 3 }),
            (_, 4) => Column::Values(&d.values),
            _ => Column::Numbers(&d.a),
        })
        .collect()
}

/// Every output of one run, or its error's message.
type Outputs = Result<(Vec<u32>, Vec<u32>, Vec<u8>, Vec<i8>), String>;

fn run(set: &CriteriaSet, columns: &[Column<'_>], keys: &[u8], width: Width) -> Outputs {
    let (rows, n) = (keys.len(), set.criteria_count() as usize);
    let (mut met, mut na, mut cnt, mut status) = (vec![0; rows], vec![0; rows], vec![0; rows], vec![0; rows * n]);
    let out = BatchBuffers::new(&mut met, &mut na, &mut cnt).with_status(&mut status);
    let keys = Keys::PerRow { keys, disadvantaged: None };
    set.assess_batch_width(columns, keys, out, width).map_err(|e| e.to_string())?;
    Ok((met, na, cnt, status))
}

#[test]
fn the_widest_lanes_and_plain_lanes_give_the_same_outputs() {
    let mut rng = Rng(TestRng::deterministic_rng(RngAlgorithm::XorShift));
    // Two chunks and a part, so that whole tiles, a last short tile and a short chunk all run.
    let rows = 2 * ROWS_PER_CHUNK + 100;
    for name in ["2016-2020", "2021-2025"] {
        let set = CriteriaSet::bundled(name).unwrap();
        for bad in [false, true] {
            let data = data(set, rows, &mut rng, bad);
            let cols = columns(set, &data);
            let keys: Vec<u8> = (0..rows).map(|_| rng.below(7) as u8).collect();
            let plain = run(set, &cols, &keys, Width::Plain);
            assert_eq!(run(set, &cols, &keys, Width::Widest), plain, "{name}, bad values: {bad}");
            if let Ok((_, _, cnt, _)) = &plain {
                // The data is varied enough to reach every outcome.
                assert!(cnt.iter().any(|&c| c > 0), "{name}: no criterion met anywhere");
            }
            assert_eq!(plain.is_err(), bad, "{name}: {plain:?}");
        }
    }
}
