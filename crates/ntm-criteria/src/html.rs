//! HTML views of results, as a notebook shows them (Python's `_repr_html_`) and a dashboard may
//! embed them: every text escaped, one small table per result, Vietnamese labels first.

use crate::Status;
use crate::assess::{Assessment, IndicatorOutcome};
use crate::audit::PublishedReport;
use crate::catalog::CriteriaSet;
use crate::communes::{CommuneTable, IndicatorTable};
use crate::snapshot::{Comparison, StatusSummary};
use crate::summary::Summary;

/// Escapes text for HTML (`&`, `<`, `>`, `"`, `'`).
///
/// ```
/// assert_eq!(ntm_criteria::html::escape("<b>Đạt & \"x\"</b>"), "&lt;b&gt;Đạt &amp; &quot;x&quot;&lt;/b&gt;");
/// ```
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A table body row of cells already escaped or numeric.
fn row(cells: &[String]) -> String {
    let mut h = String::from("<tr>");
    for c in cells {
        h.push_str(&format!("<td>{c}</td>"));
    }
    h.push_str("</tr>");
    h
}

impl Assessment {
    /// One row of marks per criterion (✔ met, ✘ not met, – not assessed), then the shortfalls.
    ///
    /// ```
    /// use ntm_criteria::{CriteriaSet, Profile, Region, Value};
    /// let set = CriteriaSet::bundled("2016-2020")?;
    /// let a = set.assess([("10", Value::Number(30.0))], &Profile::region(Region::NorthernMidlandsMountains))?;
    /// let h = a.html();
    /// assert!(h.contains("<b>0/19</b> criteria met") && h.contains("<td>10</td><td>30</td><td>≥ 36</td><td>6</td>"));
    /// # Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn html(&self) -> String {
        let band = self.band.as_deref().map(|b| format!(" (band {})", escape(b))).unwrap_or_default();
        let mut h = format!(
            "<div class=\"ntm-assessment\"><p>Set <b>{}</b>, thresholds of <b>{}</b>: <b>{}/{}</b> criteria met{band}.</p>",
            escape(&self.set_id),
            escape(&self.key),
            self.met_count,
            self.criteria_count,
        );
        h.push_str("<table><thead><tr>");
        for k in 1..=self.criteria_count {
            h.push_str(&format!("<th>{k}</th>"));
        }
        h.push_str("</tr></thead><tbody><tr>");
        for s in &self.criteria {
            let mark = match s {
                Status::Met => "✔",
                Status::NotMet => "✘",
                Status::NotAssessed => "–",
            };
            h.push_str(&format!("<td title=\"{}\">{mark}</td>", s.as_str()));
        }
        h.push_str("</tr></tbody></table>");
        let short: Vec<&IndicatorOutcome> = self.shortfalls().collect();
        if !short.is_empty() {
            h.push_str(
                "<table><thead><tr><th>Indicator</th><th>Value</th><th>Target</th><th>Gap</th></tr></thead><tbody>",
            );
            for o in short {
                let target = o.target.map(|t| t.to_string()).unwrap_or_default();
                let gap = o.gap.map(|g| g.to_string()).unwrap_or_default();
                h.push_str(&row(&[escape(&o.id), escape(&o.value.shown()), escape(&target), gap]));
            }
            h.push_str("</tbody></table>");
        }
        h.push_str("</div>");
        h
    }
}

impl CriteriaSet {
    /// The decision, the period and the criteria with their groups and indicator counts.
    ///
    /// ```
    /// let h = ntm_criteria::CriteriaSet::bundled("2016-2020")?.html();
    /// assert!(h.contains("<b>2016-2020</b> — 1980/QĐ-TTg") && h.contains("<td>10</td><td>III</td><td>Thu nhập</td>"));
    /// # Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn html(&self) -> String {
        let mut h = String::from("<div class=\"ntm-criteria-set\">");
        h.push_str(&format!(
            "<p><b>{}</b> — {} ({}), {}–{}; {} criteria, {} indicators; thresholds by {}.</p>",
            escape(self.id()),
            escape(self.decision()),
            escape(self.decision_date()),
            self.period().0,
            self.period().1,
            self.criteria_count(),
            self.indicator_count(),
            escape(self.dimension().as_str())
        ));
        h.push_str("<table><thead><tr><th>#</th><th>Nhóm</th><th>Tiêu chí</th><th>Criterion</th><th>Chỉ tiêu</th></tr></thead><tbody>");
        for c in self.criteria() {
            let group = escape(c.group.as_deref().unwrap_or(""));
            let cells =
                [c.number.to_string(), group, escape(&c.name_vi), escape(&c.name_en), c.indicators.len().to_string()];
            h.push_str(&row(&cells));
        }
        h.push_str("</tbody></table></div>");
        h
    }
}

/// The first ten rows of a table (code, name, district, and one more column), then `…`.
fn first_rows(head: String, rows: impl ExactSizeIterator<Item = [String; 4]>) -> String {
    let total = rows.len();
    let mut h = head;
    for cells in rows.take(10) {
        h.push_str(&row(&cells));
    }
    if total > 10 {
        h.push_str("<tr><td colspan=\"4\">…</td></tr>");
    }
    h.push_str("</tbody></table></div>");
    h
}

impl CommuneTable {
    /// The size of the table and its first ten communes; `source` names where it was read from.
    ///
    /// ```
    /// let t = ntm_criteria::CommuneTable::from_csv_reader("code,met_count\nA,19\nB,12\n".as_bytes(), "t.csv", 19)?;
    /// assert!(t.html("t.csv").contains("2 xã/communes, 19 criteria, from <code>t.csv</code>"));
    /// # Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn html(&self, source: &str) -> String {
        let head = format!(
            "<div class=\"ntm-communes\"><p>{} xã/communes, {} criteria, from <code>{}</code></p><table><thead><tr><th>code</th><th>name</th><th>district</th><th>met</th></tr></thead><tbody>",
            self.rows.len(),
            self.criteria_count,
            escape(source)
        );
        let rows =
            self.rows.iter().map(|r| [escape(&r.code), escape(&r.name), escape(&r.district), r.met_count.to_string()]);
        first_rows(head, rows)
    }
}

impl IndicatorTable {
    /// The size of the table, its set and its first ten communes with their region or group.
    ///
    /// ```
    /// let set = ntm_criteria::CriteriaSet::bundled("2016-2020")?;
    /// let t = ntm_criteria::IndicatorTable::from_csv_reader("code,region,10\nA,NMM,40\n".as_bytes(), "t.csv", set, &Default::default())?;
    /// assert!(t.html("t.csv").contains("<td>A</td><td></td><td></td><td>NMM</td>"));
    /// # Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn html(&self, source: &str) -> String {
        let head = format!(
            "<div class=\"ntm-indicators\"><p>{} xã/communes, set <b>{}</b>, from <code>{}</code></p><table><thead><tr><th>code</th><th>name</th><th>district</th><th>region</th></tr></thead><tbody>",
            self.len(),
            escape(self.set_id()),
            escape(source)
        );
        let rows = self.records().iter().enumerate().map(|(i, r)| {
            let p = self.profile(i).copied().unwrap_or_default();
            let key = p.region.map(|x| x.code()).or(p.group.map(|x| x.code())).unwrap_or("");
            [escape(&r.code), escape(&r.name), escape(&r.district), escape(key)]
        });
        first_rows(head, rows)
    }
}

impl StatusSummary {
    /// One row per recognition status, Vietnamese and English labels, and its communes.
    ///
    /// ```
    /// let t = ntm_criteria::CommuneTable::from_csv_reader("code,met_count,recognition\nA,19,ntm\n".as_bytes(), "t", 19)?;
    /// assert!(t.status_summary().html().contains("<table><thead><tr><th>Tình trạng</th>"));
    /// # Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn html(&self) -> String {
        let mut h = String::from(
            "<div class=\"ntm-status\"><table><thead><tr><th>Tình trạng</th><th>Status</th><th>Số xã (communes)</th></tr></thead><tbody>",
        );
        for r in self.rows() {
            h.push_str(&row(&[escape(&r.label_vi), escape(&r.label_en), r.communes.to_string()]));
        }
        h.push_str("</tbody></table></div>");
        h
    }
}

impl Comparison {
    /// The two dates, the standard and the average before and after, and each band's change.
    ///
    /// ```
    /// use ntm_criteria::{compare, CommuneTable, CriteriaSet, Snapshot};
    /// let set = CriteriaSet::bundled("2016-2020")?;
    /// let t = |csv: &str| CommuneTable::from_csv_reader(csv.as_bytes(), "t", 19);
    /// let before = Snapshot::new(t("code,met_count\nA,18\nB,12\n")?, set)?.dated("2020-07-31")?;
    /// let after = Snapshot::new(t("code,met_count\nA,19\nB,13\n")?, set)?.dated("2020-12-31")?;
    /// let h = compare(&before, &after, None)?.html();
    /// assert!(h.contains("2020-07-31 → 2020-12-31") && h.contains("meeting all <b>0 → 1</b>"));
    /// # Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn html(&self) -> String {
        let mut h = format!(
            "<div class=\"ntm-comparison\"><p>{} → {}: đạt chuẩn/meeting all <b>{} → {}</b> · bình quân/average <b>{} → {}</b> tiêu chí/xã · xã mới đạt chuẩn/newly meeting <b>{}</b> · xã rớt chuẩn/fell from the standard <b>{}</b></p>",
            escape(self.date_before.as_deref().unwrap_or("?")),
            escape(self.date_after.as_deref().unwrap_or("?")),
            self.before.meeting_standard,
            self.after.meeting_standard,
            self.before.average.to_vi(),
            self.after.average.to_vi(),
            self.newly_meeting.len(),
            self.fell_from_standard.len()
        );
        h.push_str("<table><thead><tr><th>Số tiêu chí đạt (band)</th><th>Trước (before)</th><th>Sau (after)</th><th>Thay đổi (change)</th></tr></thead><tbody>");
        for b in &self.bands {
            h.push_str(&row(&[
                escape(&b.label_vi),
                b.before.to_string(),
                b.after.to_string(),
                format!("{:+}", b.change),
            ]));
        }
        h.push_str("</tbody></table></div>");
        h
    }
}

impl Summary {
    /// The communes, the average and the standard, a warning when criteria were not assessed,
    /// and the bands with their shares.
    ///
    /// ```
    /// let s = ntm_criteria::Summary::from_counts([19, 12, 4], &ntm_criteria::Banding::official(), Default::default())?;
    /// let h = s.html();
    /// assert!(h.contains("<b>3</b> xã/communes · bình quân/average <b>11,67</b>") && h.contains("<td>Tổng (total)</td><td>3</td>"));
    /// # Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn html(&self) -> String {
        let mut h = format!(
            "<div class=\"ntm-summary\"><p><b>{}</b> xã/communes · bình quân/average <b>{}</b> tiêu chí/xã · đạt chuẩn/meeting all: <b>{}</b></p>",
            self.communes,
            self.average.to_vi(),
            self.meeting_standard
        );
        if let Some(n) = self.communes_not_assessed.filter(|&n| n > 0) {
            let noun = if n == 1 { "commune" } else { "communes" };
            h.push_str(&format!(
                "<p class=\"ntm-not-assessed\">⚠ {n:02} xã còn tiêu chí chưa đánh giá / {n} {noun} with criteria not assessed</p>"
            ));
        }
        h.push_str("<table><thead><tr><th>Số tiêu chí đạt (band)</th><th>Số xã (communes)</th><th>Tỷ lệ (%)</th></tr></thead><tbody>");
        for b in &self.bands {
            h.push_str(&row(&[escape(&b.label_vi), b.count.to_string(), b.share.to_vi()]));
        }
        h.push_str(&format!(
            "</tbody><tfoot><tr><td>Tổng (total)</td><td>{}</td><td></td></tr></tfoot></table></div>",
            self.communes
        ));
        h
    }
}

impl PublishedReport {
    /// The report's text with the figures read marked (yellow) and the spans left unread struck
    /// through, each with its reading as a tooltip; `None` when the report has no text (typed
    /// figures).
    ///
    /// ```
    /// let r = ntm_criteria::PublishedReport::from_sentence("Số xã đạt 19 tiêu chí có 51/181 xã, chiếm 28,18%", 19)?;
    /// let h = r.html().unwrap();
    /// assert!(h.starts_with("<div class=\"ntm-report\">") && h.contains("<mark style=\"background:#fff3a3\""));
    /// # Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn html(&self) -> Option<String> {
        let title = self.scope.as_deref().map_or(String::new(), |s| format!("<b>{}</b>: ", escape(s)));
        let text = self.source.as_deref()?;
        let mut marks: Vec<(usize, usize, bool, String)> =
            self.spans.iter().map(|s| (s.start, s.end, true, s.figure.clone())).collect();
        marks.extend(self.unread.iter().map(|s| (s.start, s.end, false, s.note.clone().unwrap_or_default())));
        marks.sort_by_key(|m| (m.0, std::cmp::Reverse(m.1)));
        let mut out = String::new();
        let mut at = 0;
        for (start, end, read, what) in marks {
            if start < at || end > text.len() || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
                continue;
            }
            out.push_str(&escape(&text[at..start]));
            let style = if read { "background:#fff3a3" } else { "background:#eee;text-decoration:line-through" };
            out.push_str(&format!(
                "<mark style=\"{style}\" title=\"{}\">{}</mark>",
                escape(&what),
                escape(&text[start..end])
            ));
            at = end;
        }
        out.push_str(&escape(&text[at..]));
        Some(format!("<div class=\"ntm-report\">{title}{out}</div>"))
    }
}
