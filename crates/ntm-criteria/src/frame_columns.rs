//! A table as the columns of a data frame (Python's `CommuneTable.to_frame()` and
//! `IndicatorTable.to_frame()`): the code, the passthrough columns in input order, the profile
//! used, each criterion's status when it is known, the count, band and standard flag, and the
//! recognition. The front end only converts the columns.

use crate::assess::Profile;
use crate::band::Banding;
use crate::batch::{BatchBuffers, band_indices, status_codes};
use crate::catalog::CriteriaSet;
use crate::communes::{CommuneRecord, CommuneTable, IndicatorTable};
use crate::error::Result;

/// The columns of a table's frame, one value per row each (see the module's documentation).
#[derive(Debug, Clone, PartialEq)]
pub struct FrameColumns<'t> {
    /// The commune codes.
    pub code: Vec<&'t str>,
    /// The passthrough columns in input order: `(header, values)`.
    pub passthrough: Vec<(&'t str, Vec<&'t str>)>,
    /// The region used for each row, when it has one.
    pub region: Vec<Option<&'static str>>,
    /// The commune group used for each row, when it has one.
    pub commune_group: Vec<Option<&'static str>>,
    /// The ĐBKK/ATK flag of each row.
    pub disadvantaged: Vec<bool>,
    /// Each criterion's status, criterion-major (`status[k * rows + r]`: 0 met, 1 not met,
    /// 2 not assessed), when the table knows the criteria of every row.
    pub status: Option<Vec<i8>>,
    /// The number of criteria met.
    pub met_count: Vec<u8>,
    /// The band index of each row in `labels` (-1 when no band holds its count).
    pub band: Vec<i8>,
    /// The labels of the banding's bands.
    pub labels: Vec<String>,
    /// Whether each row meets the standard (every criterion, and the prerequisite).
    pub meets_standard: Vec<bool>,
    /// The recognition level of each row (`ntm`, `nang_cao`, `kieu_mau` or empty).
    pub recognition: Vec<&'static str>,
    /// The year of each row's recognition, when given.
    pub recognition_year: Vec<Option<u16>>,
    /// The decision of each row's recognition, when given.
    pub recognition_decision: Vec<Option<&'t str>>,
    /// The number of criteria.
    pub criteria_count: u32,
}

impl CommuneTable {
    /// The table as frame columns, banded by `banding` (made for the table's criteria).
    ///
    /// ```
    /// use ntm_criteria::{Banding, CommuneTable};
    /// let t = CommuneTable::from_csv_reader("code,name,criteria_met\nA,An,1;2;3\nB,Bình,1\n".as_bytes(), "t", 3)?;
    /// let c = t.frame_columns(&Banding::default_for(3))?;
    /// assert_eq!((c.code, c.met_count, c.meets_standard), (vec!["A", "B"], vec![3, 1], vec![true, false]));
    /// assert_eq!(c.passthrough, [("name", vec!["An", "Bình"])]);
    /// assert_eq!(c.status, Some(vec![0, 0, 0, 1, 0, 1])); // criteria 1, 2, 3 of A then of B
    /// # Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn frame_columns(&self, banding: &Banding) -> Result<FrameColumns<'_>> {
        let masks = self.has_criteria().then(|| {
            let met = self.rows.iter().map(|r| r.met.map_or(0, |m| m.0)).collect();
            let na = self.rows.iter().map(|r| r.not_assessed.0).collect();
            (met, na)
        });
        let counts = self.rows.iter().map(|r| r.met_count.min(255) as u8).collect();
        let profiles: Vec<Profile> = self
            .rows
            .iter()
            .map(|r| Profile {
                region: r.region,
                group: r.commune_group,
                is_disadvantaged: r.disadvantaged,
                recognition: None,
            })
            .collect();
        columns(self, &profiles, masks, counts, banding)
    }
}

impl IndicatorTable {
    /// The table assessed against `set` (with the batch kernel) as frame columns, banded by
    /// `banding`.
    ///
    /// ```
    /// use ntm_criteria::{CriteriaSet, IndicatorTable};
    /// let set = CriteriaSet::bundled("2016-2020")?;
    /// let t = IndicatorTable::from_csv_reader("code,region,10\nA,NMM,40\n".as_bytes(), "t", set, &Default::default())?;
    /// let c = t.frame_columns(set, set.banding())?;
    /// assert_eq!((c.region, c.met_count), (vec![Some("NMM")], vec![1]));
    /// assert_eq!(c.status.map(|s| s[9]), Some(0)); // criterion 10 met
    /// # Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn frame_columns(&self, set: &CriteriaSet, banding: &Banding) -> Result<FrameColumns<'_>> {
        let rows = self.len();
        let (mut met, mut na, mut counts) = (vec![0u32; rows], vec![0u32; rows], vec![0u8; rows]);
        self.assess_batch(set, BatchBuffers::new(&mut met, &mut na, &mut counts))?;
        let profiles: Vec<Profile> = (0..rows).map(|i| self.profile(i).copied().unwrap_or_default()).collect();
        columns(self.communes(), &profiles, Some((met, na)), counts, banding)
    }
}

/// The passthrough column `name` of a table, one value per row.
fn passthrough<'t>(t: &'t CommuneTable, name: &'t str) -> Vec<&'t str> {
    let field: Option<fn(&CommuneRecord) -> &str> = match name {
        "name" => Some(|r| &r.name),
        "commune_code" => Some(|r| &r.commune_code),
        "commune" => Some(|r| &r.commune),
        "district_code" => Some(|r| &r.district_code),
        "district" => Some(|r| &r.district),
        "province" => Some(|r| &r.province),
        _ => None,
    };
    match field {
        Some(f) => t.rows.iter().map(f).collect(),
        None => {
            let kept = t.kept.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_slice()).unwrap_or_default();
            kept.iter().map(String::as_str).collect()
        }
    }
}

fn columns<'t>(
    t: &'t CommuneTable,
    profiles: &[Profile],
    masks: Option<(Vec<u32>, Vec<u32>)>,
    counts: Vec<u8>,
    banding: &Banding,
) -> Result<FrameColumns<'t>> {
    let n = t.criteria_count;
    banding.check_criteria_count(n)?;
    let rows = t.rows.len();
    let status = match masks {
        Some((met, na)) => {
            let mut status = vec![0i8; n as usize * rows];
            status_codes(&met, &na, n, &mut status)?;
            Some(status)
        }
        None => None,
    };
    let mut band = vec![0i8; rows];
    band_indices(&counts, banding, &mut band)?;
    Ok(FrameColumns {
        code: t.rows.iter().map(|r| r.code.as_str()).collect(),
        passthrough: t.passthrough.iter().map(|name| (name.as_str(), passthrough(t, name))).collect(),
        region: profiles.iter().map(|p| p.region.map(|x| x.code())).collect(),
        commune_group: profiles.iter().map(|p| p.group.map(|x| x.code())).collect(),
        disadvantaged: profiles.iter().map(|p| p.is_disadvantaged).collect(),
        status,
        meets_standard: counts.iter().zip(&t.rows).map(|(&c, r)| t.meets_standard_with(r, u32::from(c))).collect(),
        met_count: counts,
        band,
        labels: banding.bands().iter().map(|b| b.label_vi.clone()).collect(),
        recognition: t.rows.iter().map(|r| r.recognition.level.as_str()).collect(),
        recognition_year: t.rows.iter().map(|r| r.recognition.year).collect(),
        recognition_decision: t.rows.iter().map(|r| r.recognition.decision.as_deref()).collect(),
        criteria_count: n,
    })
}
