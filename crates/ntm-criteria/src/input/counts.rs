//! Counts of criteria met given as typed numbers (a numpy array, a Rust slice): each a whole
//! number in `0..=n`, as `summarize` and `Summary` take them. A missing count (NaN) is
//! `missing_count`; a negative, fractional or too large one `out_of_range`. Every bad count is
//! listed with its 1-based position (at most 1,000, then counts per kind).
//!
//! ```
//! use ntm_criteria::input::counts::{check_counts, counts};
//! assert_eq!(counts(&[19i64, 0, 7], 19, "met_count")?, [19u8, 0, 7]);
//! let e = counts(&[19.0, 20.0, -1.0, 3.5, f64::NAN], 19, "met_count").unwrap_err();
//! let found: Vec<_> = e.problems().iter().map(|p| (p.row, p.kind.as_str())).collect();
//! assert_eq!(found, [(Some(2), "out_of_range"), (Some(3), "out_of_range"), (Some(4), "out_of_range"), (Some(5), "missing_count")]);
//! assert!(check_counts(&[19, 25], 19, "met_count").is_err());
//! # Ok::<(), ntm_criteria::NtmError>(())
//! ```

use crate::error::{Problem, Result};
use crate::input::Problems;
use crate::kind::ProblemKind;

/// A typed number that may be a count of criteria met.
pub trait CountValue: Copy {
    /// The number when it is whole (NaN and fractions are not).
    fn whole(self) -> Option<i64>;
    /// The number as the caller typed it, for a problem.
    fn text(self) -> String;
}

macro_rules! int_count {
    ($($t:ty),*) => {$(
        impl CountValue for $t {
            fn whole(self) -> Option<i64> { i64::try_from(self).ok() }
            fn text(self) -> String { self.to_string() }
        }
    )*};
}
int_count!(i8, i16, i32, i64, u8, u16, u32, u64);

macro_rules! float_count {
    ($($t:ty),*) => {$(
        impl CountValue for $t {
            fn whole(self) -> Option<i64> {
                let x = f64::from(self);
                (x.is_finite() && x.fract() == 0.0 && x.abs() < 1e15).then_some(x as i64)
            }
            fn text(self) -> String { self.to_string() }
        }
    )*};
}
float_count!(f32, f64);

fn problem(row: usize, input: String, n: u32, loc: &str) -> Problem {
    let (kind, msg) = if input == "NaN" {
        (ProblemKind::MissingCount, "the count of criteria met is missing".to_string())
    } else {
        (ProblemKind::OutOfRange, format!("a count of criteria met is a whole number in 0..={n}"))
    };
    Problem::new(loc, kind, msg).at_row(row).with_input(input)
}

/// The counts as bytes, or every bad one.
pub fn counts<T: CountValue>(values: &[T], n: u32, loc: &str) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(values.len());
    let mut problems = Problems::new();
    for (r, &v) in values.iter().enumerate() {
        match v.whole() {
            Some(c) if (0..=i64::from(n)).contains(&c) => out.push(c as u8),
            _ => {
                problems.push(problem(r + 1, v.text(), n, loc));
                out.push(0);
            }
        }
    }
    if problems.is_empty() { Ok(out) } else { Err(problems.into_error("counts of criteria met")) }
}

/// Checks counts already held as bytes (read in place, not copied).
pub fn check_counts(values: &[u8], n: u32, loc: &str) -> Result<()> {
    if values.iter().all(|&x| u32::from(x) <= n) {
        return Ok(());
    }
    counts(values, n, loc).map(|_| ())
}
