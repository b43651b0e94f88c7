//! A capped list of problems: every door reports through it, so that a file with a bad cell on
//! every row keeps at most [`Problems::CAP`] problems in memory and counts the rest by kind.

use crate::error::{NtmError, Omitted, Problem};

/// The problems of one read, in the order found, capped at [`Problems::CAP`].
///
/// ```
/// use ntm_criteria::input::Problems;
/// use ntm_criteria::Problem;
/// let mut p = Problems::new();
/// for row in 0..2000 {
///     p.push(Problem::new("10", ntm_criteria::ProblemKind::NotANumber, "not a number").at_row(row + 2));
/// }
/// assert_eq!(p.total(), 2000);
/// let e = p.into_error("values.csv");
/// assert_eq!(e.problems().len(), Problems::CAP);
/// ```
#[derive(Debug, Clone, Default)]
pub struct Problems {
    list: Vec<Problem>,
    omitted: Omitted,
}

impl Problems {
    /// The most problems an error carries; the rest are counted by kind.
    pub const CAP: usize = 1000;

    /// No problems yet.
    ///
    /// ```
    /// assert!(ntm_criteria::input::Problems::new().is_empty());
    /// ```
    pub fn new() -> Problems {
        Problems::default()
    }

    /// Adds a problem (counted only, once the cap is reached).
    ///
    /// ```
    /// let mut p = ntm_criteria::input::Problems::new();
    /// p.push(ntm_criteria::Problem::new("code", ntm_criteria::ProblemKind::EmptyCode, "the commune code is empty").at_row(3));
    /// assert_eq!(p.total(), 1);
    /// ```
    pub fn push(&mut self, p: Problem) {
        if self.list.len() < Problems::CAP {
            self.list.push(p);
        } else {
            self.omitted.add(p.kind.as_str(), 1);
        }
    }

    /// Whether nothing was found.
    ///
    /// ```
    /// assert!(ntm_criteria::input::Problems::new().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Problems found, kept or counted.
    ///
    /// ```
    /// assert_eq!(ntm_criteria::input::Problems::new().total(), 0);
    /// ```
    pub fn total(&self) -> u64 {
        self.list.len() as u64 + self.omitted.total()
    }

    /// The problems kept so far.
    ///
    /// ```
    /// assert!(ntm_criteria::input::Problems::new().list().is_empty());
    /// ```
    pub fn list(&self) -> &[Problem] {
        &self.list
    }

    /// The problems kept, sorted by `key` (stable: problems with equal keys keep their order).
    pub(crate) fn sorted_by_key<K: Ord>(mut self, key: impl FnMut(&Problem) -> K) -> Problems {
        self.list.sort_by_key(key);
        self
    }

    /// The [`NtmError::Validation`] of these problems.
    ///
    /// ```
    /// let e = ntm_criteria::input::Problems::new().into_error("t.csv");
    /// assert!(matches!(e, ntm_criteria::NtmError::Validation { .. }));
    /// ```
    pub fn into_error(self, source_name: impl Into<String>) -> NtmError {
        NtmError::Validation { source_name: source_name.into(), problems: self.list, omitted: self.omitted }
    }

    /// `Ok(value)` when nothing was found, else the error.
    ///
    /// ```
    /// assert_eq!(ntm_criteria::input::Problems::new().finish("t.csv", 5)?, 5);
    /// # Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn finish<T>(self, source_name: impl Into<String>, value: T) -> Result<T, NtmError> {
        if self.is_empty() { Ok(value) } else { Err(self.into_error(source_name)) }
    }
}
