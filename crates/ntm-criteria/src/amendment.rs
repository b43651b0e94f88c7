//! Later decisions that amend a set (318/QĐ-TTg by 211/QĐ-TTg of 1/3/2024). Which targets an
//! amendment changed is often not known: a threshold whose cell is not for a year on or after
//! the amendment is then reported as possibly superseded, never silently trusted.

use serde::{Deserialize, Serialize};

use crate::catalog::{CellValue, Indicator, Verified};

/// A decision that amends a set (`amendments` in a set file).
///
/// ```
/// use ntm_criteria::CriteriaSet;
/// let a = &CriteriaSet::bundled("2021-2025")?.amendments()[0];
/// assert_eq!((a.decision.as_str(), a.date.as_str()), ("211/QĐ-TTg", "2024-03-01"));
/// # Ok::<(), ntm_criteria::NtmError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Amendment {
    /// The amending decision (`"211/QĐ-TTg"`).
    pub decision: String,
    /// Its date, `YYYY-MM-DD`.
    pub date: String,
    /// How well the amendment is sourced.
    pub verified: Verified,
    /// Source ids (resolved in the set's `sources`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    /// What it changes, as far as is known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Amendment {
    /// The year of the amendment (`None` for a date that is not `YYYY-MM-DD`, which the set's
    /// validation refuses).
    pub(crate) fn year(&self) -> Option<u16> {
        self.date.get(..4).and_then(|y| y.parse().ok())
    }
}

/// The index of the latest amendment that may supersede the number in `indicator`'s cell for
/// `key`: the cell has a number and is not for a year on or after the amendment's year.
pub(crate) fn superseding(amendments: &[Amendment], indicator: &Indicator, key: &str) -> Option<usize> {
    let cell = indicator.cell(key)?;
    if !matches!(cell.value, Some(CellValue::Number(_) | CellValue::Pair(..))) {
        return None;
    }
    amendments.iter().rposition(|a| a.year().is_some_and(|y| cell.year.is_none_or(|c| c < y)))
}
