//! Criterion benchmarks: one commune, batches of 10k / 100k / 1M communes, a what-if run over
//! 1M communes, and a summary over 10M counts. Run with `cargo bench -p ntm-criteria`.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use ntm_criteria::{
    Banding, Column, CriteriaSet, Keys, Profile, Region, RuleKind, SummaryOptions, Tally, Unit, Value, histogram,
};

/// A deterministic generator (xorshift) so the benchmark needs no extra crate.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Synthetic columns for the 2016-2020 set: realistic ranges, ~2% missing.
struct Data {
    cols: Vec<(Vec<f64>, Vec<f64>)>,
    keys: Vec<u8>,
}

fn data(set: &CriteriaSet, rows: usize) -> Data {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut cols = Vec::new();
    for ind in set.indicators() {
        let mut a = Vec::with_capacity(rows);
        let mut b = Vec::new();
        for _ in 0..rows {
            let missing = rng.unit() < 0.02;
            let v = match (ind.rule, ind.unit) {
                (RuleKind::Achieved | RuleKind::ProvinceDefined, _) => f64::from(u8::from(rng.unit() < 0.7)),
                (RuleKind::Absent, _) => f64::from(u8::from(rng.unit() < 0.2)),
                (_, Unit::Percent) => 40.0 + 60.0 * rng.unit(),
                _ => 20.0 + 50.0 * rng.unit(),
            };
            a.push(if missing { f64::NAN } else { v });
            if ind.rule == RuleKind::AtLeastBoth {
                b.push(30.0 + 60.0 * rng.unit());
            }
        }
        cols.push((a, b));
    }
    let keys = (0..rows).map(|_| (rng.next() % 7) as u8).collect();
    Data { cols, keys }
}

fn columns<'a>(set: &CriteriaSet, d: &'a Data) -> Vec<Column<'a>> {
    set.indicators()
        .zip(&d.cols)
        .map(|(ind, (a, b))| match ind.rule {
            RuleKind::AtLeastBoth => Column::Pairs(a, b),
            RuleKind::Achieved | RuleKind::ProvinceDefined => Column::Verdicts(a),
            _ => Column::Numbers(a),
        })
        .collect()
}

/// A sum with 8 independent accumulators (as numpy's pairwise sum vectorises): bound by memory,
/// not by the latency of one chain of additions, so that it is a true floor.
fn fast_sum(v: &[f64]) -> f64 {
    let mut acc = [0.0f64; 8];
    let mut it = v.chunks_exact(8);
    for c in &mut it {
        for k in 0..8 {
            acc[k] += c[k];
        }
    }
    acc.iter().sum::<f64>() + it.remainder().iter().sum::<f64>()
}

fn bench(c: &mut Criterion) {
    let set = CriteriaSet::bundled("2016-2020").unwrap();

    let one: Vec<Value> = set
        .indicators()
        .map(|i| match i.rule {
            RuleKind::AtLeastBoth => Value::Pair(92.0, 55.0),
            RuleKind::Achieved | RuleKind::ProvinceDefined => Value::Verdict(true),
            RuleKind::Absent => Value::Number(0.0),
            _ => Value::Number(80.0),
        })
        .collect();
    let profile = Profile::region(Region::NorthernMidlandsMountains);
    c.bench_function("assess_one/full_assessment", |b| {
        b.iter(|| set.assess_values(black_box(&one), &profile).unwrap())
    });
    c.bench_function("assess_one/mask_only", |b| b.iter(|| set.assess_mask(black_box(&one), &profile).unwrap()));

    let mut g = c.benchmark_group("assess_batch");
    g.sample_size(10);
    for rows in [10_000usize, 100_000, 1_000_000] {
        let d = data(set, rows);
        let cols = columns(set, &d);
        g.throughput(Throughput::Elements(rows as u64));
        g.bench_with_input(BenchmarkId::from_parameter(rows), &rows, |b, &rows| {
            let mut met = vec![0u32; rows];
            let mut na = vec![0u32; rows];
            let mut cnt = vec![0u8; rows];
            b.iter(|| {
                set.assess_batch_into(
                    &cols,
                    Keys::PerRow { keys: &d.keys, disadvantaged: None },
                    &mut met,
                    &mut na,
                    &mut cnt,
                )
                .unwrap()
            })
        });
    }
    g.finish();

    // A what-if run: income threshold (10) over 5 values, 1M communes re-assessed and tallied
    // per value.
    let mut g = c.benchmark_group("what_if");
    g.sample_size(10);
    {
        let rows = 1_000_000usize;
        let d = data(set, rows);
        let cols = columns(set, &d);
        let grid = [30.0, 35.0, 40.0, 45.0, 50.0];
        g.throughput(Throughput::Elements((rows * grid.len()) as u64));
        g.bench_function("1000000_x_5_thresholds", |b| {
            b.iter(|| {
                set.what_if(&cols, Keys::PerRow { keys: &d.keys, disadvantaged: None }, rows, "10", &grid, None)
                    .unwrap()
            })
        });
    }
    g.finish();

    // The memory floor: one pass summing the same input columns.
    let mut g = c.benchmark_group("floor_sum_columns");
    g.sample_size(10);
    for rows in [100_000usize, 1_000_000] {
        let d = data(set, rows);
        g.throughput(Throughput::Elements(rows as u64));
        g.bench_with_input(BenchmarkId::from_parameter(rows), &rows, |b, _| {
            b.iter(|| d.cols.iter().map(|(a, b)| fast_sum(a) + fast_sum(b)).sum::<f64>())
        });
    }
    g.finish();

    let mut g = c.benchmark_group("summary");
    g.sample_size(10);
    let mut rng = Rng(7);
    let counts: Vec<u8> = (0..10_000_000).map(|_| (rng.next() % 20) as u8).collect();
    g.throughput(Throughput::Elements(counts.len() as u64));
    g.bench_function("10M_counts", |b| {
        b.iter(|| {
            let mut t = Tally::new(19);
            t.add_histogram(&histogram(black_box(&counts), 19)[..20]).unwrap();
            t.summarize(&Banding::official(), SummaryOptions::default()).unwrap()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
