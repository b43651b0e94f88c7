//! The recognition status of a table in words: one labelled row per status (the table Python's
//! `StatusSummary.to_frame()` shows), and the nested sentence offices print ("N xã đạt chuẩn NTM,
//! trong đó M xã đạt chuẩn NTM nâng cao, K xã đạt chuẩn NTM kiểu mẫu").

use serde::{Deserialize, Serialize};

use crate::report::{Lang, capitalise};
use crate::snapshot::StatusSummary;

/// One status of a [`StatusSummary`] with its labels.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusRow {
    /// Machine-readable status (`meeting_all`, `recognised_nang_cao`, `recognised_in_2020`, …).
    pub status: String,
    /// Vietnamese label, as office tables word it.
    pub label_vi: String,
    /// English label.
    pub label_en: String,
    /// Communes (or villages) with this status.
    pub communes: u64,
    /// Their codes, for the two statuses whose communes are worth listing.
    pub codes: Option<Vec<String>>,
}

fn row(status: &str, vi: String, en: String, communes: u64, codes: Option<&Vec<String>>) -> StatusRow {
    StatusRow { status: status.to_string(), label_vi: vi, label_en: en, communes, codes: codes.cloned() }
}

impl StatusSummary {
    /// Units recognised at the advanced level or above (nâng cao, kiểu mẫu): the levels are
    /// nested, as a model commune has first met the advanced set (319/QĐ-TTg).
    ///
    /// ```
    /// let s = ntm_criteria::StatusSummary { recognised_nang_cao: 3, recognised_kieu_mau: 1, ..Default::default() };
    /// assert_eq!(s.at_least_nang_cao(), 4);
    /// ```
    pub fn at_least_nang_cao(&self) -> u64 {
        self.recognised_nang_cao + self.recognised_kieu_mau
    }

    /// One row per status, with Vietnamese and English labels, in the order office tables list
    /// them; then the recognitions per year, and those whose year is not given.
    ///
    /// ```
    /// use ntm_criteria::CommuneTable;
    /// let t = CommuneTable::from_csv_reader("code,met_count,recognition\nA,19,ntm\nB,17,nang_cao\n".as_bytes(), "t", 19)?;
    /// let rows = t.status_summary().rows();
    /// assert_eq!((rows[1].label_vi.as_str(), rows[1].communes), ("Số xã đạt 19/19 tiêu chí", 1));
    /// let below = rows.iter().find(|r| r.status == "recognised_below_all").unwrap();
    /// assert_eq!(below.codes.as_deref(), Some(&["B".to_string()][..]));
    /// # Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn rows(&self) -> Vec<StatusRow> {
        let (n, u) = (self.criteria_count, self.unit.vi());
        let mut rows = vec![
            row("communes", format!("Tổng số {u}"), capitalise(self.unit.en(2)), self.communes, None),
            row(
                "meeting_all",
                format!("Số {u} đạt {n}/{n} tiêu chí"),
                format!("Meeting all {n} criteria"),
                self.meeting_all,
                None,
            ),
            row(
                "recognised",
                format!("Số {u} được công nhận đạt chuẩn"),
                "Recognised (any level)".into(),
                self.recognised,
                None,
            ),
            row(
                "recognised_ntm",
                "Đạt chuẩn nông thôn mới".into(),
                "Recognised as NTM".into(),
                self.recognised_ntm,
                None,
            ),
            row(
                "recognised_nang_cao",
                "Đạt chuẩn NTM nâng cao".into(),
                "Recognised at the advanced level (nâng cao)".into(),
                self.recognised_nang_cao,
                None,
            ),
            row(
                "recognised_kieu_mau",
                "Đạt chuẩn NTM kiểu mẫu".into(),
                format!("Recognised as a model {} (kiểu mẫu)", self.unit.en(1)),
                self.recognised_kieu_mau,
                None,
            ),
            row(
                "meeting_all_not_recognised",
                format!("Đạt {n}/{n} tiêu chí, chưa được thẩm định công nhận"),
                "Meeting all criteria, not (yet) recognised".into(),
                self.meeting_all_not_recognised,
                Some(&self.meeting_all_not_recognised_codes),
            ),
            row(
                "recognised_below_all",
                "Đã được công nhận, chưa giữ vững đủ tiêu chí".into(),
                "Recognised, no longer meeting all criteria".into(),
                self.recognised_below_all,
                Some(&self.recognised_below_all_codes),
            ),
        ];
        for (y, c) in &self.recognitions_by_year {
            rows.push(row(
                &format!("recognised_in_{y}"),
                format!("Được công nhận năm {y}"),
                format!("Recognised in {y}"),
                *c,
                None,
            ));
        }
        let unknown = "Recognised, year not given".to_string();
        rows.push(row(
            "recognised_year_unknown",
            "Được công nhận, không rõ năm".into(),
            unknown,
            self.recognised_year_unknown,
            None,
        ));
        rows.extend(self.term_rows());
        rows
    }

    /// The rows of a summary on a date under a recognition term: expired, and expiry unknown.
    fn term_rows(&self) -> Vec<StatusRow> {
        let Some(v) = self.valid_years else { return Vec::new() };
        vec![
            row(
                "recognition_expired",
                format!("Hết thời hạn công nhận ({v} năm)"),
                format!("Recognition expired ({v}-year term)"),
                self.expired,
                Some(&self.expired_codes),
            ),
            row(
                "recognition_expiry_unknown",
                "Không rõ còn thời hạn công nhận (thiếu ngày quyết định)".into(),
                "Recognition may have expired (the decision's date is not given)".into(),
                self.expiry_unknown,
                None,
            ),
        ]
    }

    /// The recognised units, levels nested, as offices print them: "Có 12/181 xã đạt chuẩn
    /// nông thôn mới, trong đó 4 xã đạt chuẩn NTM nâng cao (có 1 xã đạt chuẩn NTM kiểu mẫu)". A
    /// level no unit reached is left out; the nâng cao count includes the kiểu mẫu ones
    /// ([`StatusSummary::at_least_nang_cao`]).
    ///
    /// ```
    /// use ntm_criteria::{CommuneTable, Lang};
    /// let csv = "code,met_count,recognition\nA,19,ntm\nB,19,nang_cao\nC,19,kieu_mau\nD,12,\n";
    /// let s = CommuneTable::from_csv_reader(csv.as_bytes(), "t", 19)?.status_summary();
    /// assert_eq!(s.sentence(Lang::Vi), "Có 03/4 xã đạt chuẩn nông thôn mới, trong đó 02 xã đạt chuẩn NTM nâng cao (có 01 xã đạt chuẩn NTM kiểu mẫu).");
    /// assert_eq!(s.sentence(Lang::En), "3 of 4 communes are recognised as new rural communes; of them, 2 at the advanced level (nâng cao), including 1 model commune (kiểu mẫu).");
    /// # Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn sentence(&self, lang: Lang) -> String {
        let (upper, model) = (self.at_least_nang_cao(), self.recognised_kieu_mau);
        match lang {
            Lang::Vi => {
                let u = self.unit.vi();
                let mut s = format!("Có {:02}/{} {u} đạt chuẩn nông thôn mới", self.recognised, self.communes);
                if upper > 0 {
                    s.push_str(&format!(", trong đó {upper:02} {u} đạt chuẩn NTM nâng cao"));
                    if model > 0 {
                        s.push_str(&format!(" (có {model:02} {u} đạt chuẩn NTM kiểu mẫu)"));
                    }
                }
                if self.expired > 0 {
                    s.push_str(&format!("; {:02} {u} đã hết thời hạn công nhận", self.expired));
                }
                if self.expiry_unknown > 0 {
                    s.push_str(&format!("; {:02} {u} không rõ còn thời hạn công nhận", self.expiry_unknown));
                }
                s + "."
            }
            Lang::En => {
                let (of, all) = (self.recognised, self.unit.en(self.communes));
                let what = match of {
                    1 => format!("is recognised as a new rural {}", self.unit.en(1)),
                    _ => format!("are recognised as new rural {}", self.unit.en(2)),
                };
                let mut s = format!("{of} of {} {all} {what}", self.communes);
                if upper > 0 {
                    s.push_str(&format!("; of them, {upper} at the advanced level (nâng cao)"));
                    if model > 0 {
                        s.push_str(&format!(", including {model} model {} (kiểu mẫu)", self.unit.en(model)));
                    }
                }
                if self.expired > 0 {
                    s.push_str(&format!(
                        "; the recognition of {} {} has expired",
                        self.expired,
                        self.unit.en(self.expired)
                    ));
                }
                if self.expiry_unknown > 0 {
                    let n = self.expiry_unknown;
                    s.push_str(&format!("; whether that of {n} {} still holds is not known", self.unit.en(n)));
                }
                s + "."
            }
        }
    }
}
