//! Planning (kế hoạch): which communes are nearest to the standard, which criteria are missed
//! most, and what a target such as "13 more communes in 2020" takes.
//!
//! Each function returns a table (a `Vec` of plain rows): a frame in Python.
//!
//! ```
//! use ntm_criteria::CommuneTable;
//! let csv = "code,criteria_met\n\
//!            A,1;2;3;4;5;6;7;8;9;10;11;12;13;14;15;16;17;18;19\n\
//!            B,1;2;3;4;5;6;7;8;9;10;11;12;13;14;15;16;18;19\n\
//!            C,1;2;3;4;5;6;7;8;9;12;13;14;15;16;18;19\n";
//! let t = CommuneTable::from_csv_reader(csv.as_bytes(), "t.csv", 19)?;
//! let near = t.nearest_to_standard(1);
//! assert_eq!((near[0].code.as_str(), near[0].missing.clone()), ("B", Some(vec![17])));
//! assert_eq!(t.most_missed()?[0].number, 17); // missed by B and C
//! let gap = t.target_gap(3); // all 3 communes at 19
//! assert_eq!((gap.needed, gap.criteria_to_gain), (2, 4));
//! # Ok::<(), ntm_criteria::NtmError>(())
//! ```

use crate::kind::ProblemKind;
use serde::{Deserialize, Serialize};

use crate::band::Banding;
use crate::communes::{CommuneRecord, CommuneTable, RecognitionLevel};
use crate::error::{NtmError, Problem, Result};
use crate::fixed::Fixed;
use crate::mask::CriteriaMask;
use crate::snapshot::Snapshot;

/// A commune below the standard, with what it misses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NearCommune {
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// District.
    pub district: String,
    /// Criteria met.
    pub met_count: u32,
    /// Criteria still missing (số tiêu chí còn thiếu).
    pub missing_count: u32,
    /// The missing criteria, when the table lists the commune's criteria.
    pub missing: Option<Vec<u32>>,
    /// Recognition level (a recognised commune below the standard must regain criteria).
    pub recognition: RecognitionLevel,
}

/// How many communes miss one criterion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MissedCriterion {
    /// Rank, 1 for the criterion missed most.
    pub rank: usize,
    /// Criterion number.
    pub number: u32,
    /// Communes missing it.
    pub missed: u64,
    /// Share of all communes missing it, percent (2 decimals, half-up).
    pub share: Fixed,
    /// Communes of the band just below the standard (15-18 for 19 criteria) missing it.
    pub missed_near: u64,
    /// Share of that band's communes missing it, percent (0 when the band is empty).
    pub share_near: Fixed,
}

/// One criterion that the communes chosen by [`CommuneTable::target_gap`] must gain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CriterionNeed {
    /// Criterion number.
    pub number: u32,
    /// Chosen communes missing it.
    pub communes: u64,
}

/// What a target of communes meeting the standard takes (see [`CommuneTable::target_gap`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetGap {
    /// The target: communes meeting every criterion.
    pub target: u64,
    /// Communes meeting every criterion now.
    pub meeting_all: u64,
    /// Communes that must still reach the standard (`target - meeting_all`, at least 0).
    pub needed: u64,
    /// Whether the table has that many communes below the standard.
    pub reachable: bool,
    /// The communes nearest to the standard that would meet the target, nearest first (all the
    /// communes below the standard when the target is not reachable).
    pub communes: Vec<NearCommune>,
    /// Criteria those communes must gain in all.
    pub criteria_to_gain: u64,
    /// Per criterion, how many of those communes miss it, most first (from the communes whose
    /// criteria are listed).
    pub per_criterion: Vec<CriterionNeed>,
    /// Chosen communes whose criteria are not listed (left out of `per_criterion`).
    pub lists_unknown: u64,
}

fn near(r: &CommuneRecord, n: u32) -> NearCommune {
    NearCommune {
        code: r.code.clone(),
        name: r.name.clone(),
        district: r.district.clone(),
        met_count: r.met_count,
        missing_count: n.saturating_sub(r.met_count),
        missing: r.met.map(|m| m.missing(n).numbers().collect()),
        recognition: r.recognition.level,
    }
}

impl CommuneTable {
    /// Communes below the standard, fewest missing criteria first, at most `n` of them. Ties keep
    /// the table order (so the cut at `n` is deterministic).
    ///
    /// ```
    /// use ntm_criteria::CommuneTable;
    /// let t = CommuneTable::from_csv_reader("code,met_count\nA,19\nB,12\nC,18\nD,18\n".as_bytes(), "t", 19)?;
    /// let codes: Vec<_> = t.nearest_to_standard(10).into_iter().map(|c| (c.code, c.missing_count)).collect();
    /// assert_eq!(codes, [("C".to_string(), 1), ("D".to_string(), 1), ("B".to_string(), 7)]);
    /// assert_eq!(t.nearest_to_standard(10)[0].missing, None); // only counts in this table
    /// # Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn nearest_to_standard(&self, n: usize) -> Vec<NearCommune> {
        let k = self.criteria_count;
        let mut below: Vec<NearCommune> = self.rows.iter().filter(|r| r.met_count < k).map(|r| near(r, k)).collect();
        below.sort_by_key(|c| c.missing_count);
        below.truncate(n);
        below
    }

    /// Criteria ranked by how many communes miss them, overall and among the communes of the
    /// band just below the standard (15-18 for 19 criteria; the second band of
    /// [`Banding::default_for`] otherwise). Ties: more misses near the standard first, then the
    /// criterion number.
    ///
    /// Needs every commune's criteria list: otherwise [`NtmError::Validation`] with one
    /// `missing_criteria_list` problem per commune without one.
    ///
    /// ```
    /// use ntm_criteria::CommuneTable;
    /// let t = CommuneTable::from_csv_reader("code,criteria_met\nA,1;2\nB,1\n".as_bytes(), "t", 3)?;
    /// let m = t.most_missed()?;
    /// assert_eq!(m.iter().map(|c| (c.number, c.missed)).collect::<Vec<_>>(), [(3, 2), (2, 1), (1, 0)]);
    /// assert_eq!(m[0].share.to_vi(), "100,00");
    ///
    /// let counts_only = CommuneTable::from_csv_reader("code,met_count\nA,2\n".as_bytes(), "t", 3)?;
    /// assert_eq!(counts_only.most_missed().unwrap_err().problems()[0].kind, "missing_criteria_list");
    /// # Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn most_missed(&self) -> Result<Vec<MissedCriterion>> {
        let n = self.criteria_count;
        let problems: Vec<Problem> = self
            .rows
            .iter()
            .filter(|r| r.met.is_none())
            .map(|r| {
                Problem::new(
                    "criteria_met",
                    ProblemKind::MissingCriteriaList,
                    "the commune's criteria are not listed, so the criteria it misses are unknown",
                )
                .at_row(r.line as usize)
                .for_commune(r.code.clone())
            })
            .collect();
        if !problems.is_empty() {
            return Err(NtmError::validation("communes table", problems));
        }
        let banding = Banding::default_for(n);
        let (lo, hi) = banding.bands().get(1).map(|b| (b.lo, b.hi)).unwrap_or((0, n.saturating_sub(1)));
        let mut missed = vec![0u64; n as usize];
        let mut missed_near = vec![0u64; n as usize];
        let mut near_total = 0u64;
        for r in &self.rows {
            let m = r.met.unwrap_or(CriteriaMask::EMPTY).missing(n);
            let is_near = (lo..=hi).contains(&r.met_count);
            near_total += u64::from(is_near);
            for k in m.numbers() {
                if let Some(x) = missed.get_mut(k as usize - 1) {
                    *x += 1;
                }
                if is_near && let Some(x) = missed_near.get_mut(k as usize - 1) {
                    *x += 1;
                }
            }
        }
        let total = self.rows.len() as u64;
        let mut rows: Vec<MissedCriterion> = (0..n as usize)
            .map(|i| MissedCriterion {
                rank: 0,
                number: i as u32 + 1,
                missed: missed[i],
                share: Fixed::ratio(missed[i] * 100, total, 2),
                missed_near: missed_near[i],
                share_near: Fixed::ratio(missed_near[i] * 100, near_total, 2),
            })
            .collect();
        rows.sort_by(|a, b| {
            b.missed.cmp(&a.missed).then(b.missed_near.cmp(&a.missed_near)).then(a.number.cmp(&b.number))
        });
        for (i, r) in rows.iter_mut().enumerate() {
            r.rank = i + 1;
        }
        Ok(rows)
    }

    /// [`CommuneTable::target_gap`] for a target of `more` communes beyond those meeting all
    /// criteria today ("phấn đấu thêm 13 xã đạt chuẩn").
    ///
    /// ```
    /// use ntm_criteria::CommuneTable;
    /// let t = CommuneTable::from_csv_reader("code,criteria_met\nA,1;2;3\nB,1;2\nC,1\n".as_bytes(), "t", 3)?;
    /// assert_eq!(t.target_gap_more(1), t.target_gap(2));
    /// # Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn target_gap_more(&self, more: u64) -> TargetGap {
        self.target_gap(self.meeting_all().saturating_add(more))
    }

    /// The communes meeting every criterion (and the prerequisite), as
    /// [`StatusSummary::meeting_all`](crate::StatusSummary::meeting_all) counts them.
    fn meeting_all(&self) -> u64 {
        self.rows.iter().filter(|r| self.meets_standard(r)).count() as u64
    }

    /// What it takes for `target_count` communes to meet every criterion: how many more are
    /// needed, the communes nearest to the standard that would get there (as
    /// [`CommuneTable::nearest_to_standard`]), the criteria they must gain in all and per
    /// criterion. For a target phrased "N more" (thêm N xã), see
    /// [`CommuneTable::target_gap_more`].
    ///
    /// ```
    /// use ntm_criteria::CommuneTable;
    /// let t = CommuneTable::from_csv_reader("code,criteria_met\nA,1;2;3\nB,1;2\nC,1\n".as_bytes(), "t", 3)?;
    /// let g = t.target_gap(2);
    /// assert_eq!((g.meeting_all, g.needed, g.reachable), (1, 1, true));
    /// assert_eq!(g.communes[0].code, "B");
    /// assert_eq!(g.per_criterion[0].number, 3);
    /// assert!(!t.target_gap(5).reachable);
    /// assert_eq!(t.target_gap(1).needed, 0);
    /// # Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn target_gap(&self, target_count: u64) -> TargetGap {
        let n = self.criteria_count;
        let meeting_all = self.meeting_all();
        let needed = target_count.saturating_sub(meeting_all);
        let below = self.rows.len() as u64 - meeting_all;
        let take = usize::try_from(needed.min(below)).unwrap_or(usize::MAX);
        let communes = if needed == 0 { Vec::new() } else { self.nearest_to_standard(take) };
        let criteria_to_gain = communes.iter().map(|c| u64::from(c.missing_count)).sum();
        let mut per = vec![0u64; n as usize];
        let mut lists_unknown = 0;
        for c in &communes {
            match &c.missing {
                Some(list) => {
                    for &k in list {
                        if let Some(x) = per.get_mut(k as usize - 1) {
                            *x += 1;
                        }
                    }
                }
                None => lists_unknown += 1,
            }
        }
        let mut per_criterion: Vec<CriterionNeed> = per
            .iter()
            .enumerate()
            .filter(|&(_, &c)| c > 0)
            .map(|(i, &c)| CriterionNeed { number: i as u32 + 1, communes: c })
            .collect();
        per_criterion.sort_by(|a, b| b.communes.cmp(&a.communes).then(a.number.cmp(&b.number)));
        TargetGap {
            target: target_count,
            meeting_all,
            needed,
            reachable: needed <= below,
            communes,
            criteria_to_gain,
            per_criterion,
            lists_unknown,
        }
    }
}

impl Snapshot {
    /// [`CommuneTable::nearest_to_standard`] of the snapshot's table.
    ///
    /// ```
    /// use ntm_criteria::{CriteriaSet, CommuneTable, Snapshot};
    /// let s = Snapshot::new(CommuneTable::from_csv_reader("code,met_count\nA,18\n".as_bytes(), "t", 19)?, CriteriaSet::bundled("2016-2020")?)?;
    /// assert_eq!(s.nearest_to_standard(5).len(), 1);
    /// # Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn nearest_to_standard(&self, n: usize) -> Vec<NearCommune> {
        self.table.nearest_to_standard(n)
    }

    /// [`CommuneTable::most_missed`] of the snapshot's table.
    ///
    /// ```
    /// use ntm_criteria::{CriteriaSet, CommuneTable, Snapshot};
    /// let s = Snapshot::new(CommuneTable::from_csv_reader("code,criteria_met\nA,1;2\n".as_bytes(), "t", 10)?, CriteriaSet::bundled("2026-2030")?)?;
    /// assert_eq!(s.most_missed()?[0].number, 3);
    /// # Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn most_missed(&self) -> Result<Vec<MissedCriterion>> {
        self.table.most_missed()
    }

    /// [`CommuneTable::target_gap`] of the snapshot's table.
    ///
    /// ```
    /// use ntm_criteria::{CriteriaSet, CommuneTable, Snapshot};
    /// let s = Snapshot::new(CommuneTable::from_csv_reader("code,met_count\nA,18\n".as_bytes(), "t", 19)?, CriteriaSet::bundled("2016-2020")?)?;
    /// assert_eq!(s.target_gap(1).criteria_to_gain, 1);
    /// # Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn target_gap(&self, target_count: u64) -> TargetGap {
        self.table.target_gap(target_count)
    }
}
