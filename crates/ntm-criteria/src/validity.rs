//! Recognitions that last a fixed number of years (Lào Cai's thôn kiểu mẫu: 3 years, then the
//! village is scored again): a set file's `recognition_valid_years`, and the status of a table on
//! a date that honours it.
//!
//! A recognition carries only the year of its decision, so on a date in the year its term ends
//! it may or may not still hold: such a unit is counted as "expiry unknown", never guessed.

use serde::{Deserialize, Serialize};

use crate::catalog::CriteriaSet;
use crate::communes::{CommuneTable, Recognition, RecognitionLevel};
use crate::error::{NtmError, Result};
use crate::snapshot::StatusSummary;

/// Whether a recognition holds on a date, given how many years it lasts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    /// It holds (or lasts without end).
    Held,
    /// Its term ended before the date's year.
    Expired,
    /// Its term ends in the date's year, or its year is not given: whether it still holds
    /// depends on a date the data does not have.
    Unknown,
    /// It was decided after the date.
    NotYet,
}

impl Recognition {
    /// The recognition's standing in `year` when a recognition lasts `valid_years` (`None`:
    /// without end). Recognised in 2019 for 3 years: held in 2019-2021, unknown in 2022 (the
    /// decision's day is not known), expired from 2023.
    ///
    /// ```
    /// use ntm_criteria::{Recognition, RecognitionLevel, Standing};
    /// let r = Recognition { level: RecognitionLevel::KieuMau, year: Some(2019), decision: None };
    /// let on = |y| r.standing_in(y, Some(3));
    /// assert_eq!([on(2018), on(2021), on(2022), on(2023)], [Standing::NotYet, Standing::Held, Standing::Unknown, Standing::Expired]);
    /// assert_eq!(r.standing_in(2030, None), Standing::Held);
    /// ```
    pub fn standing_in(&self, year: u16, valid_years: Option<u16>) -> Standing {
        match (self.year, valid_years) {
            (Some(y), _) if year < y => Standing::NotYet,
            (_, None) => Standing::Held,
            (None, Some(_)) => Standing::Unknown,
            (Some(y), Some(v)) if u32::from(year) < u32::from(y) + u32::from(v) => Standing::Held,
            (Some(y), Some(v)) if u32::from(year) == u32::from(y) + u32::from(v) => Standing::Unknown,
            _ => Standing::Expired,
        }
    }
}

impl CommuneTable {
    /// The status summary on `date` (`YYYY-MM-DD`) under `set`'s recognition term
    /// (`recognition_valid_years`): a recognition at the set's level decided after the date is
    /// not counted; one whose term has ended counts as not recognised (it must be scored again)
    /// and in `expired`; one whose term ends in the date's year stays as the table has it and is
    /// counted in `expiry_unknown`. Without a term, recognitions decided after the date are
    /// still left out.
    ///
    /// ```
    /// use ntm_criteria::{CommuneTable, CriteriaSet};
    /// let set = CriteriaSet::from_json_str(r#"{"format": 1, "id": "km", "decision": "t", "decision_date": "",
    ///   "valid_from": 2019, "valid_to": 2025, "title_vi": "t", "title_en": "t", "criteria_count": 1,
    ///   "dimension": "none", "unit": "village", "level": "kieu_mau", "recognition_valid_years": 3,
    ///   "criteria": [{"number": 1, "name_vi": "a", "name_en": "a"}]}"#, "km.json")?;
    /// let csv = "code,met_count,recognition,recognition_year\nA,1,kieu_mau,2019\nB,1,kieu_mau,2021\nC,1,kieu_mau,2020\n";
    /// let t = CommuneTable::from_csv_reader(csv.as_bytes(), "t.csv", 1)?;
    /// let s = t.status_summary_on("2023-06-30", &set)?;
    /// assert_eq!((s.recognised_kieu_mau, s.expired, s.expiry_unknown), (2, 1, 1));
    /// assert_eq!(s.expired_codes, ["A"]);
    /// # Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn status_summary_on(&self, date: &str, set: &CriteriaSet) -> Result<StatusSummary> {
        crate::snapshot::check_date(date)?;
        let year: u16 = date.trim()[..4].parse().map_err(|_| NtmError::InvalidArgument {
            argument: "date".into(),
            reason: format!("{date:?} is not a date (YYYY-MM-DD)"),
        })?;
        static NOT_RECOGNISED: Recognition = Recognition { level: RecognitionLevel::None, year: None, decision: None };
        let (level, term) = (set.level(), set.recognition_valid_years());
        let (mut expired, mut unknown) = (Vec::new(), 0u64);
        let mut held: Vec<&Recognition> = Vec::with_capacity(self.rows.len());
        for r in &self.rows {
            let governed = r.recognition.level != RecognitionLevel::None && level == Some(r.recognition.level);
            let standing = r.recognition.standing_in(year, term.filter(|_| governed));
            match standing {
                Standing::Held => {}
                Standing::Unknown => unknown += 1,
                Standing::Expired => expired.push(r.code.clone()),
                Standing::NotYet => {}
            }
            held.push(if matches!(standing, Standing::Expired | Standing::NotYet) {
                &NOT_RECOGNISED
            } else {
                &r.recognition
            });
        }
        let mut s = self.status_with(held.into_iter());
        s.valid_years = term;
        s.expired = expired.len() as u64;
        s.expired_codes = expired;
        s.expiry_unknown = unknown;
        Ok(s)
    }
}
