//! Villages rolled up to their commune (or province): how many villages each has, how many
//! meet the standard and how many are recognised, and the communes all of whose villages meet
//! it ("xã có 100% thôn đạt chuẩn"), as offices report them.

use serde::{Deserialize, Serialize};

use crate::communes::{CommuneTable, RecognitionLevel, group_key};
use crate::error::{NtmError, Result};
use crate::report::Lang;

/// One commune (or province) of a roll-up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RollupRow {
    /// The commune (or province) name, as the table gives it.
    pub key: String,
    /// Its villages in the table.
    pub villages: u64,
    /// Those meeting the standard (every criterion, and the prerequisite of a set with one).
    pub meeting: u64,
    /// Those recognised at any level.
    pub recognised: u64,
    /// Every village meets the standard ("100% thôn đạt chuẩn").
    pub all_meeting: bool,
}

/// The villages of a table rolled up by commune or province ([`CommuneTable::villages_by`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rollup {
    /// What the rows are grouped by: `commune` or `province` (or another key of
    /// [`group_key`]).
    pub by: String,
    /// One row per commune (or province), in key order.
    pub rows: Vec<RollupRow>,
}

impl Rollup {
    /// Communes (or provinces) all of whose villages meet the standard.
    ///
    /// ```
    /// use ntm_criteria::{input::ReadOptions, AssessedUnit, CommuneTable};
    /// let csv = "code,commune,met_count\nT1,A,14\nT2,B,9\n";
    /// let options = ReadOptions::criteria(14).unit(AssessedUnit::Village);
    /// let t = CommuneTable::from_csv_reader_with(csv.as_bytes(), "thon.csv", &options)?;
    /// assert_eq!(t.villages_by("commune")?.all_meeting(), 1);
    /// # Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn all_meeting(&self) -> u64 {
        self.rows.iter().filter(|r| r.all_meeting).count() as u64
    }

    /// The sentence offices print: "Có 02/3 xã có 100% thôn đạt chuẩn thôn nông thôn mới."
    ///
    /// ```
    /// use ntm_criteria::{input::ReadOptions, AssessedUnit, CommuneTable, Lang};
    /// let csv = "code,commune,met_count\nT1,Cam Đường,14\nT2,Cam Đường,14\nT3,Tả Phời,14\nT4,Tả Phời,9\n";
    /// let options = ReadOptions::criteria(14).unit(AssessedUnit::Village);
    /// let t = CommuneTable::from_csv_reader_with(csv.as_bytes(), "thon.csv", &options)?;
    /// let r = t.villages_by("commune")?;
    /// assert_eq!(r.sentence(Lang::Vi), "Có 01/2 xã có 100% thôn đạt chuẩn thôn nông thôn mới.");
    /// assert_eq!(r.sentence(Lang::En), "1 of 2 communes have all their villages meeting the new rural village standard.");
    /// # Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn sentence(&self, lang: Lang) -> String {
        let (all, n) = (self.all_meeting(), self.rows.len());
        let vi_word = if self.by == "province" { "tỉnh" } else { "xã" };
        let en_word = match (self.by == "province", n) {
            (true, 1) => "province",
            (true, _) => "provinces",
            (false, 1) => "commune",
            (false, _) => "communes",
        };
        match lang {
            Lang::Vi => format!("Có {all:02}/{n} {vi_word} có 100% thôn đạt chuẩn thôn nông thôn mới."),
            Lang::En => {
                let verb = if all == 1 && n == 1 { "has" } else { "have" };
                format!("{all} of {n} {en_word} {verb} all their villages meeting the new rural village standard.")
            }
        }
    }
}

impl CommuneTable {
    /// The villages rolled up by `by` (`"commune"`, `"province"`, …): for each, its villages,
    /// those meeting the standard and those recognised. A village without a commune (or
    /// province) is refused, never dropped from the counts.
    ///
    /// ```
    /// use ntm_criteria::{input::ReadOptions, AssessedUnit, CommuneTable};
    /// let csv = "code,commune,province,met_count,recognition\nT1,Cam Đường,Lào Cai,14,ntm\nT2,Cam Đường,Lào Cai,12,\nT3,Tả Phời,Lào Cai,14,\n";
    /// let options = ReadOptions::criteria(14).unit(AssessedUnit::Village);
    /// let t = CommuneTable::from_csv_reader_with(csv.as_bytes(), "thon.csv", &options)?;
    /// let r = t.villages_by("commune")?;
    /// let cam_duong = &r.rows[0];
    /// assert_eq!((cam_duong.key.as_str(), cam_duong.villages, cam_duong.meeting, cam_duong.recognised), ("Cam Đường", 2, 1, 1));
    /// assert_eq!(r.all_meeting(), 1); // Tả Phời
    /// assert_eq!(t.villages_by("province")?.rows[0].villages, 3);
    /// # Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn villages_by(&self, by: &str) -> Result<Rollup> {
        let key = group_key(by)?;
        let mut rows: std::collections::BTreeMap<String, RollupRow> = std::collections::BTreeMap::new();
        let mut unnamed = Vec::new();
        for r in &self.rows {
            let k = key(r);
            if k.trim().is_empty() {
                unnamed.push(r.code.clone());
                continue;
            }
            let blank = RollupRow { key: k.clone(), villages: 0, meeting: 0, recognised: 0, all_meeting: false };
            let row = rows.entry(k).or_insert(blank);
            row.villages += 1;
            row.meeting += u64::from(self.meets_standard(r));
            row.recognised += u64::from(r.recognition.level != RecognitionLevel::None);
        }
        if !unnamed.is_empty() {
            let shown: Vec<&str> = unnamed.iter().take(10).map(String::as_str).collect();
            return Err(NtmError::InvalidArgument {
                argument: "by".into(),
                reason: format!(
                    "{} rows have no {by} ({}{}): give every village its {by} (a column {by})",
                    unnamed.len(),
                    shown.join(", "),
                    if unnamed.len() > shown.len() { ", …" } else { "" }
                ),
            });
        }
        let mut rows: Vec<RollupRow> = rows.into_values().collect();
        for r in &mut rows {
            r.all_meeting = r.meeting == r.villages;
        }
        Ok(Rollup { by: by.to_string(), rows })
    }
}
