//! A criteria set as a flat table: one row per indicator and assessment key, with the numbers,
//! the target as text and the provenance of each threshold (`CriteriaSet.to_frame()` in Python).

use serde::Serialize;

use crate::catalog::{CellValue, CriteriaSet, Target};

/// The thresholds of a set as columns, one row per indicator and key (region, commune group or
/// `all`), in set order. A threshold the record does not give is `None`, never filled in.
///
/// ```
/// use ntm_criteria::CriteriaSet;
/// let set = CriteriaSet::bundled("2016-2020")?;
/// let t = set.threshold_table();
/// assert_eq!(t.len(), 49 * 7);
/// let r = (0..t.len()).find(|&r| t.indicator[r] == "10" && t.key[r] == "NMM").unwrap();
/// assert_eq!((t.threshold[r], t.target[r].as_deref()), (Some(36.0), Some("≥ 36")));
/// # Ok::<(), ntm_criteria::NtmError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ThresholdTable {
    /// The set's id.
    pub set: Vec<String>,
    /// The criterion's number.
    pub criterion: Vec<u32>,
    /// The criterion's Vietnamese name.
    pub criterion_vi: Vec<String>,
    /// The indicator's id.
    pub indicator: Vec<String>,
    /// The indicator's Vietnamese description.
    pub desc_vi: Vec<String>,
    /// The indicator's English description.
    pub desc_en: Vec<String>,
    /// The indicator's unit (`percent`, `million_vnd`, …).
    pub unit: Vec<&'static str>,
    /// The indicator's rule (`at_least`, `achieved`, …).
    pub rule: Vec<&'static str>,
    /// The assessment key: a region code, `G1`-`G3` or `all`.
    pub key: Vec<&'static str>,
    /// The (first) number of the threshold.
    pub threshold: Vec<Option<f64>>,
    /// The second number of a two-number threshold (17.1).
    pub threshold_2: Vec<Option<f64>>,
    /// The target as text (`≥ 36`), when there is one.
    pub target: Vec<Option<String>>,
    /// How far the cell is verified (`true`, `partial`, `false`).
    pub verified: Vec<Option<&'static str>>,
    /// The cell's source ids, `;`-separated.
    pub sources: Vec<Option<String>>,
    /// The cell's note.
    pub note: Vec<Option<String>>,
    /// The year a relative threshold's base is from.
    pub year: Vec<Option<u16>>,
}

impl ThresholdTable {
    /// The number of rows: indicators × keys.
    ///
    /// ```
    /// let t = ntm_criteria::CriteriaSet::bundled("2026-2030")?.threshold_table();
    /// assert_eq!(t.len() % 3, 0); // three commune groups
    /// # Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn len(&self) -> usize {
        self.key.len()
    }

    /// Whether the table has no rows.
    ///
    /// ```
    /// assert!(ntm_criteria::ThresholdTable::default().is_empty());
    /// assert!(!ntm_criteria::CriteriaSet::bundled("2016-2020")?.threshold_table().is_empty());
    /// # Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.key.is_empty()
    }
}

impl CriteriaSet {
    /// The set's thresholds as a flat table ([`ThresholdTable`]), one row per indicator and
    /// key; Python's `CriteriaSet.to_frame()`.
    ///
    /// ```
    /// let set = ntm_criteria::CriteriaSet::bundled("2016-2020")?;
    /// let t = set.threshold_table();
    /// let r = (0..t.len()).find(|&r| t.indicator[r] == "17.1" && t.key[r] == "RRD").unwrap();
    /// assert_eq!((t.rule[r], t.threshold[r].is_some(), t.threshold_2[r].is_some()), ("at_least_both", true, true));
    /// assert_eq!(t.verified[r], Some("true"));
    /// # Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn threshold_table(&self) -> ThresholdTable {
        let dim = self.dimension();
        let keys: Vec<&'static str> = dim.keys().collect();
        let mut t = ThresholdTable::default();
        for c in self.criteria() {
            for ind in &c.indicators {
                for &key in &keys {
                    let target = ind.target(dim, key);
                    let cell = ind.cell(key);
                    let (t1, t2) = match (target, cell.and_then(|c| c.value.clone())) {
                        (Some(Target::AtLeast(x) | Target::AtMost(x) | Target::AtLeastTimes(x)), _) => (Some(x), None),
                        (Some(Target::AtLeastBoth(x, y)), _) => (Some(x), Some(y)),
                        (_, Some(CellValue::Number(x))) => (Some(x), None),
                        (_, Some(CellValue::Pair(a, b))) => (a, b),
                        _ => (None, None),
                    };
                    t.set.push(self.id().to_string());
                    t.criterion.push(c.number);
                    t.criterion_vi.push(c.name_vi.clone());
                    t.indicator.push(ind.id.clone());
                    t.desc_vi.push(ind.desc_vi.clone());
                    t.desc_en.push(ind.desc_en.clone());
                    t.unit.push(ind.unit.as_str());
                    t.rule.push(ind.rule.as_str());
                    t.key.push(key);
                    t.threshold.push(t1);
                    t.threshold_2.push(t2);
                    t.target.push(target.map(|x| x.to_string()));
                    t.verified.push(cell.map(|c| c.verified.as_str()));
                    t.sources.push(cell.map(|c| c.sources.join(";")));
                    t.note.push(cell.and_then(|c| c.note.clone()));
                    t.year.push(cell.and_then(|c| c.year));
                }
            }
        }
        t
    }
}
