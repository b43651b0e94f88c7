//! The four sheets.

use rust_xlsxwriter::{Workbook, XlsxError};

use super::layout::{Formats, Sheet};
use super::words::{self, Words, fill};
use super::{ReportWorkbook, WorkbookOptions};
use crate::band::Banding;
use crate::catalog::CriteriaSet;
use crate::communes::{CommuneRecord, CommuneTable};
use crate::fixed::Fixed;
use crate::summary::Summary;

type Out<T = ()> = std::result::Result<T, XlsxError>;

/// What every sheet needs.
pub(super) struct Context<'a> {
    pub w: &'static Words,
    pub f: Formats,
    pub options: &'a WorkbookOptions,
    pub overall: &'a Summary,
}

impl<'a> Context<'a> {
    pub fn new(book: &'a ReportWorkbook<'_>) -> Context<'a> {
        Context {
            w: words::of(book.options.lang, book.overall.unit),
            f: Formats::new(book.overall.precision),
            options: &book.options,
            overall: &book.overall,
        }
    }

    /// A sheet's title followed by the place and the date.
    fn title(&self, title: &str) -> String {
        let parts = [Some(title), self.options.place.as_deref(), self.options.report.as_of.as_deref()];
        parts.into_iter().flatten().filter(|p| !p.trim().is_empty()).collect::<Vec<_>>().join(" — ")
    }

    /// A band's label in the workbook's language.
    fn label<'b>(&self, vi: &'b str, en: &'b str) -> &'b str {
        if self.options.lang == crate::Lang::Vi { vi } else { en }
    }

    /// "Đạt 19 tiêu chí" for each band of the summary (every group has the same bands).
    fn band_names(&self) -> Vec<String> {
        self.overall.bands.iter().map(|b| fill(self.w.band_row, self.label(&b.label_vi, &b.label_en))).collect()
    }

    /// A group's key as shown: "(không ghi)" for an empty one.
    fn key<'k>(&self, key: &'k str) -> &'k str {
        if key.trim().is_empty() { self.w.blank_key } else { key }
    }
}

/// Sheet 1: bands, key figures and the report sentence.
pub(super) fn summary(wb: &mut Workbook, cx: &Context<'_>) -> Out {
    let (w, f, s) = (cx.w, &cx.f, cx.overall);
    let mut sh = Sheet::new(wb.add_worksheet(), w.sheet_summary, &cx.title(w.title_summary), f)?;
    sh.header(2, &[w.band.into(), w.communes.into(), w.share.into()], 0, f)?;
    let mut row = 3;
    for (name, b) in cx.band_names().iter().zip(&s.bands) {
        sh.text(row, 0, name, &f.text)?;
        sh.count(row, 1, b.count, &f.count)?;
        sh.share(row, 2, b.share, &f.share)?;
        row += 1;
    }
    if s.unbanded > 0 {
        sh.text(row, 0, w.unbanded, &f.text)?;
        sh.count(row, 1, s.unbanded, &f.count)?;
        row += 1;
    }
    sh.text(row, 0, w.total, &f.bold)?;
    sh.count(row, 1, s.communes, &f.count_bold)?;
    row += 2;
    row = key_figures(&mut sh, cx, row)?;
    sh.text(row + 1, 0, w.sentence, &f.bold)?;
    let sentence = s.report(cx.options.lang, &cx.options.report);
    sh.paragraph(row + 2, 2, &sentence, f)?;
    let made = format!("{} {}", w.made_by, env!("CARGO_PKG_VERSION"));
    sh.ws.write_string_with_format(row + 4, 0, made, &f.note)?;
    sh.finish()
}

/// The key figures of sheet 1 from `row`; returns the next free row.
fn key_figures(sh: &mut Sheet<'_>, cx: &Context<'_>, mut row: u32) -> Out<u32> {
    let (w, f, s) = (cx.w, &cx.f, cx.overall);
    sh.text(row, 0, w.total_communes, &f.text)?;
    sh.count(row, 1, s.communes, &f.count)?;
    row += 1;
    sh.text(row, 0, &fill(w.meeting, s.criteria_count), &f.text)?;
    sh.count(row, 1, s.meeting_standard, &f.count)?;
    sh.share(row, 2, Fixed::ratio(s.meeting_standard * 100, s.communes, s.precision), &f.share)?;
    row += 1;
    sh.text(row, 0, w.criteria_met, &f.text)?;
    sh.count(row, 1, s.total_criteria, &f.count)?;
    sh.share(row, 2, s.criteria_share, &f.share)?;
    row += 1;
    sh.text(row, 0, w.average, &f.text)?;
    sh.decimal(row, 1, s.average, &f.decimal)?;
    row += 1;
    sh.text(row, 0, w.not_assessed, &f.text)?;
    match s.communes_not_assessed {
        Some(n) => sh.count(row, 1, n, &f.count)?,
        None => sh.text(row, 1, w.unknown, &f.text)?,
    }
    Ok(row + 1)
}

/// Sheet 2: one row per group, and the total.
pub(super) fn groups(wb: &mut Workbook, cx: &Context<'_>, groups: &[(String, Summary)]) -> Out {
    let (w, f, lang, by) = (cx.w, &cx.f, cx.options.lang, cx.options.by.as_str());
    let title = format!("{} {}", w.title_groups, words::group_header(lang, by).to_lowercase());
    let mut sh = Sheet::new(wb.add_worksheet(), &words::group_sheet(lang, by), &cx.title(&title), f)?;
    let mut headers = vec![words::group_header(lang, by), w.communes.to_string()];
    for name in cx.band_names() {
        headers.push(format!("{name}: {}", w.communes.to_lowercase()));
        headers.push(format!("{name}: {}", w.share.to_lowercase()));
    }
    let criteria = cx.overall.criteria_count;
    headers.extend([fill(w.meeting, criteria), w.criteria_met.into(), w.average.into(), w.not_assessed.into()]);
    sh.header(2, &headers, 1, f)?;
    for (i, (key, s)) in groups.iter().enumerate() {
        group_row(&mut sh, cx, 3 + i as u32, cx.key(key), s, false)?;
    }
    group_row(&mut sh, cx, 3 + groups.len() as u32, w.total, cx.overall, true)?;
    sh.finish()
}

fn group_row(sh: &mut Sheet<'_>, cx: &Context<'_>, row: u32, key: &str, s: &Summary, total: bool) -> Out {
    let f = &cx.f;
    let (text, count, share, decimal) = if total {
        (&f.bold, &f.count_bold, &f.share_bold, &f.decimal_bold)
    } else {
        (&f.text, &f.count, &f.share, &f.decimal)
    };
    sh.text(row, 0, key, text)?;
    sh.count(row, 1, s.communes, count)?;
    let mut col = 2;
    for b in &s.bands {
        sh.count(row, col, b.count, count)?;
        sh.share(row, col + 1, b.share, share)?;
        col += 2;
    }
    sh.count(row, col, s.meeting_standard, count)?;
    sh.count(row, col + 1, s.total_criteria, count)?;
    sh.decimal(row, col + 2, s.average, decimal)?;
    match s.communes_not_assessed {
        Some(n) => sh.count(row, col + 3, n, count),
        None => sh.text(row, col + 3, cx.w.unknown, text),
    }
}

/// Sheet 3: communes meeting each criterion, overall and per group.
pub(super) fn criteria(
    wb: &mut Workbook,
    cx: &Context<'_>,
    groups: &[(String, Summary)],
    set: Option<&CriteriaSet>,
) -> Out {
    let (w, f) = (cx.w, &cx.f);
    let mut sh = Sheet::new(wb.add_worksheet(), w.sheet_criteria, &cx.title(w.title_criteria), f)?;
    let Some(overall) = &cx.overall.per_criterion else {
        return sh.text(2, 0, w.no_criteria, &f.note);
    };
    let mut headers = vec![w.criterion.to_string()];
    if set.is_some() {
        headers.push(w.criterion_name.into());
    }
    let first = headers.len() as u16;
    headers.extend([format!("{}: {}", w.all, w.met_communes), format!("{}: {}", w.all, w.share.to_lowercase())]);
    headers.push(format!("{}: {}", w.all, w.criterion_not_assessed));
    for (key, _) in groups {
        let key = cx.key(key);
        headers.extend([format!("{key}: {}", w.met_communes), format!("{key}: {}", w.share.to_lowercase())]);
    }
    sh.header(2, &headers, first, f)?;
    for (i, c) in overall.iter().enumerate() {
        let row = 3 + i as u32;
        sh.count(row, 0, u64::from(c.number), &f.count)?;
        if let Some(name) = set.and_then(|s| s.criterion(c.number).ok()) {
            let name = cx.label(&name.name_vi, &name.name_en);
            sh.text(row, 1, name, &f.text)?;
        }
        sh.count(row, first, c.met, &f.count)?;
        sh.share(row, first + 1, c.share, &f.share)?;
        sh.count(row, first + 2, c.not_assessed, &f.count)?;
        for (g, (_, s)) in groups.iter().enumerate() {
            let col = first + 3 + 2 * g as u16;
            if let Some(gc) = s.per_criterion.as_ref().and_then(|p| p.get(i)) {
                sh.count(row, col, gc.met, &f.count)?;
                sh.share(row, col + 1, gc.share, &f.share)?;
            }
        }
    }
    sh.finish()
}

/// Sheet 4: the communes, with headers the input layer reads back.
pub(super) fn communes(wb: &mut Workbook, cx: &Context<'_>, table: &CommuneTable, banding: &Banding) -> Out {
    let (w, f) = (cx.w, &cx.f);
    let mut sh = Sheet::new(wb.add_worksheet(), w.sheet_communes, &cx.title(w.title_communes), f)?;
    let cols = Columns::of(table);
    // Counts alone give no criterion columns: empty ones would read back as not assessed.
    let n = if table.rows.iter().any(|r| r.met.is_some()) { table.criteria_count } else { 0 };
    let mut headers: Vec<String> =
        vec![w.stt.into(), w.code.into(), w.name.into(), w.district.into(), w.province.into()];
    headers.extend(cols.optional(w).into_iter().map(String::from));
    headers.extend((1..=n).map(|k| fill(w.criterion_col, k)));
    headers
        .extend([w.met_count, w.band_col, w.recognition, w.recognition_year, w.recognition_decision].map(String::from));
    sh.header(2, &headers, 3, f)?;
    for (i, r) in table.rows.iter().enumerate() {
        let row = 3 + i as u32;
        sh.count(row, 0, i as u64 + 1, &f.count)?;
        for (c, v) in [&r.code, &r.name, &r.district, &r.province].into_iter().enumerate() {
            sh.text(row, 1 + c as u16, v, &f.text)?;
        }
        let mut col = 5;
        for v in cols.values(r) {
            sh.text(row, col, &v, &f.text)?;
            col += 1;
        }
        for k in 1..=n {
            sh.text(row, col, status(w, r, k), &f.text)?;
            col += 1;
        }
        commune_tail(&mut sh, cx, row, col, r, banding)?;
    }
    sh.finish()
}

/// Met count, band and recognition of one commune from column `col`.
fn commune_tail(sh: &mut Sheet<'_>, cx: &Context<'_>, row: u32, col: u16, r: &CommuneRecord, banding: &Banding) -> Out {
    let f = &cx.f;
    sh.count(row, col, u64::from(r.met_count), &f.count)?;
    let band = banding.band_of(r.met_count).map(|b| cx.label(&b.label_vi, &b.label_en));
    sh.text(row, col + 1, band.unwrap_or(""), &f.text)?;
    sh.text(row, col + 2, r.recognition.level.label(cx.options.lang), &f.text)?;
    match r.recognition.year {
        Some(y) => sh.ws.write_number_with_format(row, col + 3, f64::from(y), &f.text).map(|_| ())?,
        None => sh.ws.write_blank(row, col + 3, &f.text).map(|_| ())?,
    }
    sh.text(row, col + 4, r.recognition.decision.as_deref().unwrap_or(""), &f.text)
}

/// A commune's status on criterion `k`: empty when the data gives only its count.
fn status(w: &Words, r: &CommuneRecord, k: u32) -> &'static str {
    match r.met {
        None => "",
        Some(_) if r.not_assessed.contains(k) => w.status_not_assessed,
        Some(m) if m.contains(k) => w.met,
        Some(_) => w.not_met,
    }
}

/// The optional columns of the commune sheet: those some row fills.
struct Columns {
    commune_code: bool,
    commune: bool,
    district_code: bool,
    region: bool,
    commune_group: bool,
}

impl Columns {
    fn of(t: &CommuneTable) -> Columns {
        Columns {
            commune_code: t.rows.iter().any(|r| !r.commune_code.is_empty()),
            commune: t.rows.iter().any(|r| !r.commune.is_empty()),
            district_code: t.rows.iter().any(|r| !r.district_code.is_empty()),
            region: t.rows.iter().any(|r| r.region.is_some()),
            commune_group: t.rows.iter().any(|r| r.commune_group.is_some()),
        }
    }

    fn optional(&self, w: &Words) -> Vec<&'static str> {
        let all = [
            (self.commune_code, w.of_commune_code),
            (self.commune, w.of_commune),
            (self.district_code, w.district_code),
            (self.region, w.region),
            (self.commune_group, w.commune_group),
        ];
        all.into_iter().filter(|(on, _)| *on).map(|(_, h)| h).collect()
    }

    fn values(&self, r: &CommuneRecord) -> Vec<String> {
        let mut v = Vec::new();
        if self.commune_code {
            v.push(r.commune_code.clone());
        }
        if self.commune {
            v.push(r.commune.clone());
        }
        if self.district_code {
            v.push(r.district_code.clone());
        }
        if self.region {
            v.push(r.region.map(|x| x.code().to_string()).unwrap_or_default());
        }
        if self.commune_group {
            v.push(r.commune_group.map(|x| x.code().to_string()).unwrap_or_default());
        }
        v
    }
}
