//! A reader for Vietnamese NTM report prose: the figures of each place the text reports on.
//!
//! The text is split into clauses (at `;`, a sentence's end, a line break, `[…]`). A clause that
//! states a target or plan ("phấn đấu", "kế hoạch", "dự kiến", "mục tiêu") is not read as the
//! state reported: its figures go to the scope `"<place> (mục tiêu)"`; those of an earlier period
//! ("năm 2010", "thời điểm xuất phát") are *unread*, with the reason. A clause that opens with a
//! district, town or city ("huyện Ba Vì có …", "Thành phố Đà Lạt …") reports on that place: its
//! figures go to that scope only; communes of a level above the standard ("đạt chuẩn nông thôn
//! mới nâng cao", "kiểu mẫu") go to `"<place> (nâng cao)"`, `"<place> (kiểu mẫu)"`. The figures and
//! their phrasings are in `docs/progress-and-audit.md`.
//!
//! Every figure read carries its span; a figure that sits next to NTM words but cannot be placed
//! is returned as unread, never guessed, and never fails the whole text.

mod clause;
mod lex;
mod lists;
mod recognised;
mod rules;
mod rules2;
mod scope;

use crate::audit::{FigureSpan, Finding, PublishedReport, PublishedStandard, parts_check, ratio_check};
use lex::Token;
use rules::{Ctx, Found, Hit};

/// The rules, tried in this order at each token.
const RULES: &[fn(&Ctx<'_>, usize) -> Option<Hit>] = &[
    lists::district_list,
    lists::parts_count,
    rules::group_band,
    rules::seed_band,
    rules::band_first,
    rules::none_left,
    rules::rest,
    rules2::raised_to,
    rules2::count_of,
    rules2::count_in_total,
    rules::count_band,
    rules2::count_standard,
    rules2::village_count,
    rules2::percent_standard,
    rules2::ratio,
    rules2::average,
    rules2::per_commune,
    rules2::total_criteria,
    rules2::total_communes,
];

/// Reads report prose into one report per place it reports on, the first being the place the
/// text is about (the top-level scope). `criteria_count` is the number of criteria of the set
/// (19 for 2010-2025).
///
/// ```
/// use ntm_criteria::prose::read_reports;
/// let text = "Đến nay tỉnh Hà Giang có 42/82 xã đạt chuẩn nông thôn mới, chiếm 51,22%; bình quân mỗi xã \
///             đạt 16,2 tiêu chí. Phấn đấu đến năm 2025 có 60 xã đạt chuẩn. Trong đó, huyện Ba Vì có \
///             03 xã đạt chuẩn nông thôn mới. Lúc mới triển khai, bình quân mỗi xã đạt 3,5 tiêu chí.";
/// let reports = read_reports(text, 19);
/// let top = &reports[0];
/// assert_eq!(top.scope.as_deref(), Some("tỉnh Hà Giang"));
/// assert_eq!(top.communes, Some(82));
/// assert_eq!(top.average.map(|a| a.to_vi()), Some("16,2".into()));
/// assert_eq!(top.meeting_standard.as_ref().and_then(|m| m.count), Some(42));
/// assert_eq!(&text[top.spans[0].start..top.spans[0].end], "42/82 xã đạt chuẩn nông thôn mới, chiếm 51,22%");
/// // An earlier period is not the state reported: unread, with the reason.
/// assert_eq!(top.unread[0].text, "3,5 tiêu chí");
/// // A target is a scope of its own (audited on its own arithmetic), and so is a district.
/// assert_eq!(reports[1].scope.as_deref(), Some("tỉnh Hà Giang (mục tiêu)"));
/// assert_eq!(reports[2].scope.as_deref(), Some("huyện Ba Vì"));
/// assert_eq!(reports[2].meeting_standard.as_ref().and_then(|m| m.count), Some(3));
/// ```
pub fn read_reports(text: &str, criteria_count: u32) -> Vec<PublishedReport> {
    read(text, criteria_count).0
}

/// [`read_reports`], and the figures of the text that no report holds ([`scope::TextFigures`]).
fn read(text: &str, criteria_count: u32) -> (Vec<PublishedReport>, scope::TextFigures) {
    let text = crate::text::nfc(text);
    let tokens = lex::tokens(&text);
    let clauses = clause::clauses(&tokens);
    let (mut reports, mut figures) = read_with(&tokens, &text, &clauses, criteria_count, false);
    let target = |r: &PublishedReport| r.scope.as_deref().is_some_and(|s| s.ends_with("(mục tiêu)"));
    if reports[0].spans.is_empty()
        && reports[1..].iter().any(target)
        && reports[1..].iter().all(|r| r.spans.is_empty() || target(r))
    {
        // Nothing stated about the present: the text is a plan or forecast, and its targets are
        // its figures.
        (reports, figures) = read_with(&tokens, &text, &clauses, criteria_count, true);
    }
    figures.recognised_below = recognised::check(&tokens, &text);
    let shared: std::sync::Arc<str> = text.into();
    for r in &mut reports {
        r.source = Some(std::sync::Arc::clone(&shared));
    }
    (reports, figures)
}

/// The span of the figure a finding is about: the band it names (a band added from the count
/// meeting the standard: that count), the average, the total of criteria, or the count meeting
/// the standard; `None` for a report typed in, or a finding about no single printed figure.
///
/// ```
/// use ntm_criteria::prose::{audit_text, figure_span};
/// let a = audit_text("Có 30/82 xã đạt chuẩn nông thôn mới, chiếm 35,4%.", 19);
/// let (scope, f) = &a.findings[0];
/// assert_eq!(figure_span(&a.reports[*scope], f).map(|s| s.text.as_str()), Some("30/82 xã đạt chuẩn nông thôn mới, chiếm 35,4%"));
/// ```
pub fn figure_span<'a>(report: &'a PublishedReport, finding: &Finding) -> Option<&'a FigureSpan> {
    use crate::FindingKind as K;
    let of = |figure: &str| report.spans.iter().find(|s| s.figure == figure);
    match (finding.kind, finding.bands.first()) {
        (_, Some(&i)) if report.bands.get(i).is_some_and(|b| b.label.is_none()) => of("meeting_standard"),
        (_, Some(&i)) => {
            // Bands read from the text carry a label; their spans are in the same order.
            let k = report.bands[..i].iter().filter(|b| b.label.is_some()).count();
            report.spans.iter().filter(|s| s.figure == "band").nth(k)
        }
        (K::AverageImpossible | K::AverageMismatch | K::AverageOutsideBands, None) => of("average"),
        (K::TotalOutsideBands | K::CriteriaDoNotSum, None) => of("total_criteria").or_else(|| of("average")),
        (K::ShareImpossible, None) if finding.number("ratio").is_some() => {
            let printed = finding.number("ratio")?.to_vi();
            report.spans.iter().find(|s| s.figure == "ratio" && s.text.contains(&printed))
        }
        (K::ShareMismatch | K::ShareImpossible | K::PartsDoNotSum, None) => of("meeting_standard"),
        (K::CriterionCountImpossible, None) => of("per_criterion"),
        _ => None,
    }
}

fn read_with(
    tokens: &[Token],
    text: &str,
    clauses: &[clause::Clause],
    n: u32,
    plan: bool,
) -> (Vec<PublishedReport>, scope::TextFigures) {
    let top = scope::top_place(tokens, text);
    let mut scopes = scope::Scopes::new(top.clone());
    let mut group_sentence = None;
    let mut adding = None; // the sentence of a list of additions ("Có thêm 11 xã …; 8 xã …")
    for c in clauses {
        let added = adding == Some(c.sentence) && goes_on_adding(tokens, c);
        if !added {
            adding = additions(tokens, c.start, c.end).then_some(c.sentence);
        }
        scopes.sentence = c.sentence;
        let place = scope::clause_place(tokens, text, c.start, c.end);
        // "Trong tổng số 14 xã … có …. Bình quân chung … đạt 15,57 tiêu chí/xã.": a clause with no
        // place of its own, in the group's sentence or the next, may be about the group or about
        // the whole: its figures are not placed.
        let sentence = clauses.iter().filter(|x| x.sentence == c.sentence);
        let after_group = place.is_none()
            && group_sentence.is_some_and(|s| c.sentence <= s + 1)
            && !sentence.clone().any(|x| scope::names_whole(tokens, text, x.start, x.end));
        if let Some((_, true)) = place {
            group_sentence = Some(c.sentence);
        }
        let place = place.map(|(p, _)| p);
        let ctx = Ctx { t: tokens, text, n, start: c.start, end: c.end, added };
        // A group's figures are read after the words describing it, and its count is its total.
        let group = clause::group_at(tokens, c.start, c.end);
        let size = group.and_then(|(k, _)| Some((Found::Communes(tokens[k].int()?), k, k + 2)));
        for (found, a, b) in size.into_iter().chain(read_clause(&ctx, group.map_or(c.start, |g| g.1))) {
            let stated = c.kind_of(tokens, a, b);
            let found = goal_of_none(found, tokens, a, stated);
            let kind = if plan { clause::ClauseKind::Now } else { stated };
            if after_group && !matches!(found, Found::Unread(_)) {
                let why = Found::Unread("may be about the group of communes named before, or about the whole".into());
                scopes.add(None, why.clone(), span_of(tokens, text, a, b, &why, None), true);
                continue;
            }
            let (found, place, district) = placed(found, place.as_deref(), group.is_some(), top.as_deref());
            if district && kind == clause::ClauseKind::Now {
                scopes.mark_place(place.as_deref());
            }
            let span = span_of(tokens, text, a, b, &found, kind.reason());
            add(&mut scopes, kind, place.as_deref(), top.as_deref(), found, span);
        }
    }
    scopes.into_reports(n)
}

/// Whether a clause after a list of additions in its sentence goes on with it: it opens with a
/// count of communes and gives no share (a state is given with its share: "…; 120 xã đạt chuẩn
/// NTM, chiếm 60%" is not an addition).
fn goes_on_adding(tokens: &[Token], c: &clause::Clause) -> bool {
    tokens.get(c.start).is_some_and(|t| t.int().is_some())
        && clause::words_at(tokens, c.start + 1, &["xa"])
        && !tokens[c.start..c.end].iter().any(|t| t.is_punct('%'))
}

/// Whether the clause `start..end` lists additions: "(có) thêm" right before a count of
/// communes ("Có thêm 11 xã, 24 thôn/bản miền núi đạt chuẩn NTM").
fn additions(tokens: &[Token], start: usize, end: usize) -> bool {
    (start + 1..end)
        .any(|k| tokens[k - 1].is_word("them") && tokens[k].int().is_some() && clause::words_at(tokens, k + 1, &["xa"]))
}

/// "Phấn đấu đến năm 2025 …; không còn xã dưới 15 tiêu chí": an empty band stated as a target
/// is a goal with no count to audit, so it is left unread (with the reason), as the published
/// corpus leaves it untyped in each of its targets; an empty band stated as a fact ("đến nay
/// không còn xã dưới 5 tiêu chí") stays a band of 0 communes.
fn goal_of_none(found: Found, tokens: &[Token], a: usize, kind: clause::ClauseKind) -> Found {
    match found {
        Found::Band(b)
            if kind == clause::ClauseKind::Target && b.count == 0 && clause::words_at(tokens, a, &["khong"]) =>
        {
            Found::Unread("a target of no commune in a band: a goal, not a count".into())
        }
        found => found,
    }
}

/// The figure, the place it is of, and whether that place is a district (a place within the
/// top-level one): a level above the standard is a scope of its own ("tỉnh Bình Định (nâng
/// cao)"); an item of a list is its place's ("Đức Trọng (10 xã)"); otherwise the clause's place.
fn placed(found: Found, place: Option<&str>, group: bool, top: Option<&str>) -> (Found, Option<String>, bool) {
    match found {
        Found::Level(l, found) => (*found, Some(format!("{} ({l})", place.or(top).unwrap_or("")).trim().into()), false),
        Found::Placed(p, found) => (*found, Some(p), true),
        found => (found, place.map(str::to_string), place.is_some() && !group),
    }
}

/// Adds a figure of a clause of kind `kind` to the scope of `place`.
fn add(
    scopes: &mut scope::Scopes,
    kind: clause::ClauseKind,
    place: Option<&str>,
    top: Option<&str>,
    found: Found,
    span: FigureSpan,
) {
    match kind {
        clause::ClauseKind::Now => scopes.add(place, found, span, false),
        clause::ClauseKind::Earlier | clause::ClauseKind::OneYear => scopes.add(place, found, span, true),
        clause::ClauseKind::Target => {
            // A target is a scope of its own, audited on its own arithmetic; a total of
            // communes is a fact even in a plan, so the place has it too.
            if let Found::Communes(_) = found {
                scopes.add(place, found.clone(), span.clone(), false);
            }
            let of = place.or(top).unwrap_or("");
            scopes.add(Some(format!("{of} (mục tiêu)").trim()), found, span, false);
        }
    }
}

/// What the auditor found in a text: the reports read (one per scope, the top-level scope first)
/// and the findings, each with the index of its scope's report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextAudit {
    /// The reports read, as [`read_reports`] gives them: "nothing found" can be told apart from
    /// "nothing read".
    pub reports: Vec<PublishedReport>,
    /// `(scope, finding)`: the findings of `reports[scope]`.
    pub findings: Vec<(usize, Finding)>,
}

impl TextAudit {
    /// The audit of one report ([`crate::audit()`]), as a text's audit gives it.
    pub fn of_report(report: &PublishedReport) -> TextAudit {
        let findings = report.audit().into_iter().map(|f| (0, f)).collect();
        TextAudit { reports: vec![report.clone()], findings }
    }

    /// The findings as a table, a row each: the finding's fields, then its report's `scope` and
    /// `scope_index`, and the `span` of the text it reads (`[start, end, text]`, [`figure_span`]).
    ///
    /// ```
    /// use ntm_criteria::prose::audit_text;
    /// let t = audit_text("Toàn tỉnh có 30/82 xã đạt chuẩn nông thôn mới, chiếm 35,4%.", 19).table()?;
    /// assert_eq!((t.name.as_str(), t.rows.len()), ("findings", 1));
    /// assert_eq!(t.rows[0]["kind"], "share_mismatch");
    /// assert_eq!(t.rows[0]["span"][2], "30/82 xã đạt chuẩn nông thôn mới, chiếm 35,4%");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn table(&self) -> serde_json::Result<crate::table::Table> {
        const COLUMNS: &[&str] = &[
            "kind",
            "message",
            "bands",
            "criterion",
            "numbers",
            "truncation_explains",
            "scope",
            "scope_index",
            "span",
        ];
        let mut rows = Vec::with_capacity(self.findings.len());
        for (scope, f) in &self.findings {
            let mut row = serde_json::to_value(f)?;
            let r = &self.reports[*scope];
            if let serde_json::Value::Object(m) = &mut row {
                m.insert("scope".into(), r.scope.clone().into());
                m.insert("scope_index".into(), (*scope).into());
                let span = figure_span(r, f).map(|s| serde_json::json!([s.start, s.end, s.text]));
                m.insert("span".into(), span.unwrap_or_default());
            }
            rows.push(row);
        }
        crate::table::Table::new("findings", COLUMNS, &rows)
    }
}

/// Reads report prose ([`read_reports`]) and audits every scope ([`crate::audit()`]); a ratio to a
/// count the text does not print ("37 xã, gấp 2,46 lần so kế hoạch") is checked too: some whole
/// count must give it (a [`crate::FindingKind::ShareImpossible`] otherwise).
///
/// ```
/// use ntm_criteria::{prose::audit_text, FindingKind};
/// let a = audit_text("Toàn tỉnh có 30/82 xã đạt chuẩn nông thôn mới, chiếm 35,4%; huyện Ba Vì có 03/10 xã đạt chuẩn nông thôn mới, chiếm 33,3%.", 19);
/// assert_eq!(a.reports.len(), 2);
/// assert_eq!(a.reports[1].scope.as_deref(), Some("huyện Ba Vì"));
/// // 30/82 is 36,59%: the province's share is wrong; Ba Vì's 3/10 = 30,0% is wrong too.
/// let kinds: Vec<(usize, FindingKind)> = a.findings.iter().map(|(s, f)| (*s, f.kind)).collect();
/// assert_eq!(kinds, [(0, FindingKind::ShareMismatch), (1, FindingKind::ShareMismatch)]);
/// ```
pub fn audit_text(text: &str, criteria_count: u32) -> TextAudit {
    let (reports, figures) = read(text, criteria_count);
    let mut findings = Vec::new();
    for (i, r) in reports.iter().enumerate() {
        findings.extend(crate::audit(r).into_iter().map(|f| (i, f)));
        // A ratio to a count the text does not print: some whole count must give it.
        let ratios = figures.ratios.iter().filter(|x| x.0 == i);
        findings.extend(ratios.filter_map(|&(_, count, ratio)| ratio_check(count, ratio)).map(|f| (i, f)));
        // "68 xã …, phân bổ 11 huyện" and as many districts listed: their counts add up to it.
        if let (0, Some(&(_, stated)), Some(whole)) =
            (i, figures.parts.iter().find(|x| x.0 == i), r.meeting_standard.as_ref().and_then(|m| m.count))
        {
            let places: Vec<(&str, u64)> = figures
                .places
                .iter()
                .filter_map(|&k| Some((reports[k].scope.as_deref()?, reports[k].meeting_standard.as_ref()?.count?)))
                .collect();
            findings.extend(parts_check(whole, stated, &places).map(|f| (i, f)));
        }
    }
    // A commune named as recognised and stated below every criterion (the whole text's).
    findings.extend(figures.recognised_below.into_iter().map(|f| (0, f)));
    TextAudit { reports, findings }
}

/// Every figure of one clause, in order, each with its token range.
fn read_clause(c: &Ctx<'_>, start: usize) -> Vec<(Found, usize, usize)> {
    let mut out = Vec::new();
    let mut i = start;
    while i < c.end {
        // "(trong đó, đã bao gồm 30 xã …)": a breakdown of the figure before, not a figure.
        if c.t[i].is_punct('(') && c.w(i + 1, &["trong", "do"]) {
            i = (i..c.end).find(|&k| c.t[k].is_punct(')')).map_or(c.end, |k| k + 1);
            continue;
        }
        match RULES.iter().find_map(|rule| rule(c, i)) {
            Some((found, next)) => {
                out.extend(found);
                i = next.max(i + 1);
            }
            None => i += 1,
        }
    }
    out
}

fn span_of(t: &[Token], text: &str, a: usize, b: usize, found: &Found, why: Option<&str>) -> FigureSpan {
    // Rules give token ranges within the clause; clamp all the same, so that no range can panic.
    let a = a.min(t.len().saturating_sub(1));
    let b = b.clamp(a + 1, t.len());
    let (start, end) = (t[a].start, t[b - 1].end);
    let figure = match found {
        Found::Communes(_) => "communes",
        Found::Average { .. } => "average",
        Found::Band(_) => "band",
        Found::Standard(..) => "meeting_standard",
        Found::Criterion(..) => "per_criterion",
        Found::Rest(_) => "rest",
        Found::TotalCriteria(_) => "total_criteria",
        Found::Ratio(..) => "ratio",
        Found::Unread(_) => "unread",
        Found::Level(_, inner) | Found::Placed(_, inner) => return span_of(t, text, a, b, inner, why),
        Found::Parts(_) => "parts",
    };
    let note = match found {
        Found::Unread(reason) => Some(reason.clone()),
        _ => why.map(str::to_string),
    };
    FigureSpan { figure: figure.into(), start, end, text: text[start..end].to_string(), note }
}

/// A helper for [`scope::Scopes`]: the standard of a scope as a 19-19 band when the scope lists
/// other bands too (recognised communes printed alongside bands are the top band).
fn standard_band(ms: &PublishedStandard, n: u32) -> Option<crate::PublishedBand> {
    Some(crate::PublishedBand {
        lo: n,
        hi: n,
        count: ms.count?,
        share: ms.share.filter(|_| !ms.approximate),
        label: None,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_share_after_a_long_standard_phrase() {
        let r = &super::read_reports(
            "trong đó: 45 xã đã được UBND tỉnh quyết định công nhận đạt chuẩn nông thôn mới (chiếm 38,5%); 06 xã cơ bản đạt 19 tiêu chí",
            19,
        )[0];
        assert_eq!(r.meeting_standard.as_ref().and_then(|m| m.share).map(|s| s.to_vi()), Some("38,5".into()), "{r:?}");
    }
}

#[cfg(test)]
mod share_tests {
    #[test]
    fn a_share_after_a_breakdown_in_parentheses() {
        let r = &super::read_reports(
            "44 xã đạt tứ 15 đến 18 tiêu chí (trong đó, đã bao gồm 30 xã đạt chuẩn nông thôn mới nhưng đã có tiêu chí rớt chuẩn), chiếm tỷ lệ 53,7%; 29 xã đạt từ 10 đến 14 tiêu chí",
            19,
        )[0];
        assert_eq!(r.bands[0].share.map(|s| s.to_vi()), Some("53,7".into()), "{r:?}");
    }
}
