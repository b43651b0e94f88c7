//! A compact set of criteria for one commune.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::error::{NtmError, Result};

/// The criteria of one commune as a bitmask: bit `k - 1` is criterion `k` (up to 32).
///
/// ```
/// use ntm_criteria::CriteriaMask;
/// let m = CriteriaMask::from_numbers(&[1, 2, 19], 19)?;
/// assert!(m.contains(19));
/// assert_eq!(m.count(), 3);
/// assert_eq!(m.numbers().collect::<Vec<_>>(), [1, 2, 19]);
/// assert_eq!(CriteriaMask::all(19).count(), 19);
/// assert!(CriteriaMask::from_numbers(&[20], 19).is_err());
/// Ok::<(), ntm_criteria::NtmError>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CriteriaMask(pub u32);

impl CriteriaMask {
    /// No criteria.
    pub const EMPTY: CriteriaMask = CriteriaMask(0);

    /// All of criteria `1..=n`.
    ///
    /// ```
    /// use ntm_criteria::CriteriaMask;
    /// assert_eq!(CriteriaMask::all(19).count(), 19);
    /// assert!(!CriteriaMask::all(10).contains(11));
    /// assert_eq!(CriteriaMask::all(32).0, u32::MAX);
    /// ```
    pub fn all(n: u32) -> CriteriaMask {
        CriteriaMask(if n >= 32 { u32::MAX } else { (1u32 << n) - 1 })
    }

    /// From criterion numbers, each in `1..=n`; a repeated number is an error.
    ///
    /// ```
    /// use ntm_criteria::{CriteriaMask, NtmError};
    /// assert_eq!(CriteriaMask::from_numbers(&[1, 3], 19)?, CriteriaMask(0b101));
    /// assert!(matches!(CriteriaMask::from_numbers(&[11], 10), Err(NtmError::UnknownCriterion { number: 11, .. })));
    /// assert!(CriteriaMask::from_numbers(&[2, 2], 19).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_numbers(numbers: &[u32], n: u32) -> Result<CriteriaMask> {
        let mut m = CriteriaMask::EMPTY;
        for &k in numbers {
            if k == 0 || k > n || k > 32 {
                return Err(NtmError::UnknownCriterion { number: k, set: format!("of {n} criteria"), count: n });
            }
            if m.contains(k) {
                return Err(NtmError::InvalidArgument {
                    argument: format!("criterion {k}"),
                    reason: "listed twice".into(),
                });
            }
            m.insert(k);
        }
        Ok(m)
    }

    /// Whether criterion `k` (1-based) is in the set.
    ///
    /// ```
    /// use ntm_criteria::CriteriaMask;
    /// let m = CriteriaMask(0b1); // criterion 1 only
    /// assert!(m.contains(1));
    /// assert!(!m.contains(2));
    /// assert!(!m.contains(0)); // criteria are numbered from 1
    /// ```
    #[inline]
    pub fn contains(self, k: u32) -> bool {
        (1..=32).contains(&k) && self.0 & (1 << (k - 1)) != 0
    }

    /// Adds criterion `k` (1-based; ignored outside 1..=32).
    ///
    /// ```
    /// let mut m = ntm_criteria::CriteriaMask::EMPTY;
    /// m.insert(19);
    /// m.insert(33); // ignored
    /// assert_eq!(m.numbers().collect::<Vec<_>>(), [19]);
    /// ```
    #[inline]
    pub fn insert(&mut self, k: u32) {
        if (1..=32).contains(&k) {
            self.0 |= 1 << (k - 1);
        }
    }

    /// Removes criterion `k`.
    ///
    /// ```
    /// let mut m = ntm_criteria::CriteriaMask::all(19);
    /// m.remove(17);
    /// assert_eq!(m.count(), 18);
    /// ```
    #[inline]
    pub fn remove(&mut self, k: u32) {
        if (1..=32).contains(&k) {
            self.0 &= !(1 << (k - 1));
        }
    }

    /// Number of criteria in the set.
    ///
    /// ```
    /// let m = ntm_criteria::CriteriaMask::from_numbers(&[1, 2, 19], 19)?;
    /// assert_eq!(m.count(), 3);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[inline]
    pub fn count(self) -> u32 {
        self.0.count_ones()
    }

    /// The criterion numbers, ascending.
    ///
    /// ```
    /// let m = ntm_criteria::CriteriaMask::from_numbers(&[17, 2, 10], 19)?;
    /// assert_eq!(m.numbers().collect::<Vec<_>>(), [2, 10, 17]);
    /// assert_eq!(m.to_string(), "2;10;17"); // as in the communes CSV
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn numbers(self) -> impl Iterator<Item = u32> {
        (1..=32u32).filter(move |&k| self.contains(k))
    }

    /// Criteria of `1..=n` not in the set.
    ///
    /// ```
    /// use ntm_criteria::CriteriaMask;
    /// let m = CriteriaMask::from_numbers(&[1, 2], 3)?;
    /// assert_eq!(m.missing(3).numbers().collect::<Vec<_>>(), [3]);
    /// Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn missing(self, n: u32) -> CriteriaMask {
        CriteriaMask(!self.0 & CriteriaMask::all(n).0)
    }
}

impl fmt::Display for CriteriaMask {
    /// Criterion numbers joined by `;`, as in the communes CSV.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, k) in self.numbers().enumerate() {
            if i > 0 {
                f.write_str(";")?;
            }
            write!(f, "{k}")?;
        }
        Ok(())
    }
}
