//! Scopes: the place a text reports on, the places of its clauses, and the figures of each.

use super::lex::Token;
use super::rules::Found;
use crate::audit::{FigureSpan, PublishedReport, PublishedStandard};

/// Words that introduce a district-level place ("huyện Ba Vì", "thành phố Đà Lạt", "TP Châu Đốc").
/// "tỉnh …" too: in a text about a region, "trong đó tỉnh Đắk Lắk …" is a scope of its own (the
/// province the text is about is its top-level scope, so naming it again changes nothing).
const DISTRICT: &[&[&str]] = &[&["huyen"], &["thanh", "pho"], &["thi", "xa"], &["tp"], &["quan"], &["tinh"]];

/// Words a clause may open with before its place ("Trong đó, huyện …", "Tiếp theo, …").
const CONNECTORS: &[&str] =
    &["trong", "do", "tiep", "theo", "rieng", "con", "ngoai", "ra", "va", "tai", "dac", "biet", "cu", "the"];

/// The capitalised words from `i` on (a place name), as the index after them.
fn name_end(t: &[Token], text: &str, i: usize, end: usize) -> usize {
    let mut k = i;
    while k < end && k < i + 4 && t[k].is_capitalised(text) {
        k += 1;
    }
    k
}

/// A place introduced at `i` by one of `intro` and followed by a capitalised name.
fn introduced(t: &[Token], text: &str, i: usize, end: usize, intro: &[&[&str]]) -> Option<(String, usize)> {
    let len = intro.iter().find(|w| super::clause::words_at(t, i, w) && i + w.len() <= end)?.len();
    // "các tỉnh Tây Nguyên": provinces, plural, not one place.
    if i > 0 && t[i - 1].is_word("cac") {
        return None;
    }
    let mut stop = name_end(t, text, i + len, end);
    // "tỉnh Gia Lai Võ Ngọc …": a province's name ends where the province does.
    if t[i].is_word("tinh")
        && let Some(k) = [3, 2]
            .into_iter()
            .map(|n| i + len + n)
            .find(|&k| k < stop && crate::region::province(&text[t[i + len].start..t[k - 1].end]).is_ok())
    {
        stop = k;
    }
    (stop > i + len).then(|| (text[t[i].start..t[stop - 1].end].to_string(), stop))
}

/// The place the text is about: the first province ("tỉnh Hà Giang", or a bare name such as
/// "Nghệ An") or district ("huyện Tháp Mười") it names.
pub(crate) fn top_place(t: &[Token], text: &str) -> Option<String> {
    let intro: &[&[&str]] = &[&["tinh"], &["huyen"], &["thanh", "pho"], &["thi", "xa"], &["tp"]];
    // The place is named before the first figure ("Nghệ An có 280 xã …", "tỉnh Hà Giang đã có …").
    // Not a year, a duration ("Sau 12 năm"), nor a date ("(TTXVN 17/9)"). A day and month:
    // "17/9)", "23/1,", "30/6 năm 2023"; not "2/9 huyện", "6/7 xã".
    let date = |k: usize| {
        t.get(k + 1).is_some_and(|s| s.is_punct('/'))
            && t.get(k + 2).and_then(Token::int).is_some_and(|m| (1..=12).contains(&m))
            && t.get(k + 3).is_none_or(|w| w.word().is_none() || w.is_word("nam"))
    };
    let no_figure = |k: usize| {
        t[k].int().is_none_or(|n| (1900..=2100).contains(&n))
            || super::clause::words_at(t, k + 1, &["nam"])
            || super::clause::words_at(t, k + 1, &["thang"])
            || date(k)
            || (k >= 2 && date(k - 2))
    };
    let first_figure = (0..t.len()).find(|&k| !no_figure(k)).unwrap_or(t.len());
    for i in 0..first_figure {
        // "Hà Nội (TTXVN 17/9) … Quảng Ninh hiện có …": where the news was filed, a dateline.
        if dateline(t, text, i) {
            continue;
        }
        if let Some((place, _)) = introduced(t, text, i, t.len(), intro) {
            return Some(place);
        }
        for len in [3, 2] {
            let stop = name_end(t, text, i, t.len());
            if stop >= i + len && crate::region::province(&text[t[i].start..t[i + len - 1].end]).is_ok() {
                return Some(text[t[i].start..t[i + len - 1].end].to_string());
            }
        }
    }
    None
}

/// Whether a place name at `i` is a dateline: followed by "(" and a news agency's capitals
/// ("Hà Nội (TTXVN 17/9)").
fn dateline(t: &[Token], text: &str, i: usize) -> bool {
    let stop = name_end(t, text, i, t.len());
    stop > i
        && t.get(stop).is_some_and(|x| x.is_punct('('))
        && t.get(stop + 1).is_some_and(|x| {
            let w = &text[x.start..x.end];
            x.word().is_some() && w.chars().count() >= 2 && w.chars().all(char::is_uppercase)
        })
}

/// The place a clause opens with, after connectors: "Trong đó, huyện Ứng Hòa có 4 xã …"; or the
/// group of communes it opens with ([`super::clause::group_at`]): "Đối với 30 xã đạt chuẩn nông
/// thôn mới, …". The flag says it is a group.
pub(crate) fn clause_place(t: &[Token], text: &str, start: usize, end: usize) -> Option<(String, bool)> {
    if let Some((n, stop)) = super::clause::group_at(t, start, end) {
        return Some((text[t[n].start..t[stop - 1].end].to_string(), true));
    }
    let mut i = start;
    loop {
        // "Trong năm 2024, huyện …", "Tính đến nay, huyện …", "Hiện nay, …": a time before the place.
        let year = i + 2 <= end && t[i].is_word("nam") && t[i + 1].int().is_some_and(|y| (1900..=2100).contains(&y));
        let time = [&["tinh", "den", "nay"][..], &["den", "nay"], &["hien", "nay"]]
            .into_iter()
            .find(|w| i + w.len() <= end && super::clause::words_at(t, i, w))
            .map_or(0, <[&str]>::len);
        if year || time > 0 {
            i += if year { 2 } else { time };
        } else if i < end
            && (t[i].word().is_some_and(|w| CONNECTORS.contains(&w))
                || t[i].is_punct(',')
                || t[i].is_punct('-')
                || t[i].is_punct(':'))
        {
            i += 1;
        } else {
            break;
        }
    }
    introduced(t, text, i, end, DISTRICT).map(|(place, _)| (place, false))
}

/// Whether the tokens `start..end` name the whole place the text is about ("toàn tỉnh", "toàn
/// huyện", "cả tỉnh", "cả nước", or a province by name: "Quảng Bình hiện có …").
pub(crate) fn names_whole(t: &[Token], text: &str, start: usize, end: usize) -> bool {
    let whole: &[&[&str]] = &[&["toan", "tinh"], &["toan", "huyen"], &["ca", "tinh"], &["ca", "nuoc"]];
    (start..end).any(|i| {
        whole.iter().any(|w| i + w.len() <= end && super::clause::words_at(t, i, w)) || province_at(t, text, i, end)
    })
}

/// Whether a province's name (two or three capitalised words) stands at `i`.
fn province_at(t: &[Token], text: &str, i: usize, end: usize) -> bool {
    let stop = name_end(t, text, i, end);
    [3, 2]
        .into_iter()
        .any(|len| stop >= i + len && crate::region::province(&text[t[i].start..t[i + len - 1].end]).is_ok())
}

/// The reports being built, one per scope; the first is the top-level scope.
pub(crate) struct Scopes {
    reports: Vec<PublishedReport>,
    /// The priority of each scope's standard figure (see [`Found::Standard`]).
    priority: Vec<u8>,
    /// "còn lại N xã" of each scope.
    rest: Vec<Option<u64>>,
    /// The figures no report holds.
    figures: TextFigures,
    /// Whether each scope is a district, a place within the top-level one.
    place: Vec<bool>,
    /// The sentence being read (set by the reader).
    pub sentence: usize,
    /// The sentences of each scope's count meeting the standard, and of its bands with communes.
    sentences: Vec<(Vec<usize>, Vec<usize>)>,
    /// The first scope of each place name, folded: a lookup per figure, not a pass over every
    /// scope (a text listing 1,600 districts read in 4 s before).
    by_key: std::collections::HashMap<String, usize>,
}

/// Figures of a text that no report holds, checked by the text's audit, each with the index of
/// its scope's report.
#[derive(Debug, Default)]
pub(crate) struct TextFigures {
    /// "37 xã, gấp 2,46 lần": a count of communes and its printed ratio to a count the text does
    /// not print.
    pub ratios: Vec<(usize, u64, crate::Fixed)>,
    /// "phân bổ 11 huyện": how many places a scope's count meeting the standard is spread over.
    pub parts: Vec<(usize, u64)>,
    /// The scopes that are districts, places within the top-level one.
    pub places: Vec<usize>,
    /// Communes the text names as recognised and states below every criterion (the whole
    /// text's findings).
    pub recognised_below: Vec<crate::audit::Finding>,
}

impl Scopes {
    pub fn new(top: Option<String>) -> Scopes {
        let mut r = PublishedReport::new(19);
        let by_key = top.iter().map(|t| (crate::text::fold(t), 0)).collect();
        r.scope = top;
        Scopes {
            by_key,
            reports: vec![r],
            priority: vec![0],
            rest: vec![None],
            figures: TextFigures::default(),
            place: vec![false],
            sentence: 0,
            sentences: vec![(Vec::new(), Vec::new())],
        }
    }

    fn index(&mut self, place: Option<&str>) -> usize {
        let Some(place) = place else { return 0 };
        let key = crate::text::fold(place);
        if let Some(&i) = self.by_key.get(&key) {
            return i;
        }
        self.by_key.insert(key, self.reports.len());
        let mut r = PublishedReport::new(19);
        r.scope = Some(place.to_string());
        self.reports.push(r);
        self.priority.push(0);
        self.rest.push(None);
        self.place.push(false);
        self.sentences.push((Vec::new(), Vec::new()));
        self.reports.len() - 1
    }

    /// Marks the scope of `place` as a district, a place within the top-level one.
    pub fn mark_place(&mut self, place: Option<&str>) {
        let i = self.index(place);
        self.place[i] = i > 0;
    }

    /// Adds a figure to the scope of `place` (the top-level scope when `None`); `skipped`: the
    /// clause is a target or an earlier period, so the figure is unread.
    pub fn add(&mut self, place: Option<&str>, found: Found, span: FigureSpan, skipped: bool) {
        let i = self.index(place);
        if skipped || matches!(found, Found::Unread(_) | Found::Level(..) | Found::Placed(..)) {
            self.reports[i].unread.push(span);
            return;
        }
        match found {
            Found::Standard(ms, priority) => return self.add_standard(i, ms, priority, span),
            Found::Band(ref b) if b.count > 0 => self.sentences[i].1.push(self.sentence),
            _ => {}
        }
        let r = &mut self.reports[i];
        let second = |what: &str, mut span: FigureSpan, r: &mut PublishedReport| {
            span.note = Some(format!("a second {what} for the same place"));
            r.unread.push(span);
        };
        match found {
            Found::Communes(n) => match r.communes {
                None => r.communes = Some(n),
                Some(m) if m == n => {}
                Some(_) => return second("total of communes", span, r),
            },
            Found::Average { value, approximate } => match r.average {
                None => {
                    r.average = Some(value);
                    if approximate {
                        r.approximate.push("average".into());
                    }
                }
                Some(_) => return second("average", span, r),
            },
            Found::Band(b) => push_band(&mut r.bands, b),
            Found::Criterion(k, count) => match r.per_criterion.get(&k) {
                None => {
                    r.per_criterion.insert(k, count);
                }
                Some(_) => return second("count for this criterion", span, r),
            },
            Found::TotalCriteria(n) => match r.total_criteria {
                None => r.total_criteria = Some(n),
                Some(_) => return second("total of criteria", span, r),
            },
            Found::Rest(n) => match self.rest[i] {
                None => self.rest[i] = Some(n),
                Some(_) => return second("rest of the communes", span, r),
            },
            Found::Ratio(count, ratio) => self.figures.ratios.push((i, count, ratio)),
            Found::Parts(n) => self.figures.parts.push((i, n)),
            Found::Standard(..) | Found::Unread(_) | Found::Level(..) | Found::Placed(..) => {}
        }
        r.spans.push(span);
    }

    /// Adds a count of communes meeting the standard (see [`Found::Standard`] for `priority`), and
    /// the sentence it is printed in.
    fn add_standard(&mut self, i: usize, ms: PublishedStandard, priority: u8, span: FigureSpan) {
        let r = &mut self.reports[i];
        match &mut r.meeting_standard {
            None => {
                r.meeting_standard = Some(ms);
                self.priority[i] = priority;
                self.sentences[i].0 = vec![self.sentence];
            }
            Some(old) if old.count == ms.count => {
                // The same count printed again, maybe with its total or share.
                old.of = old.of.or(ms.of);
                if old.share.is_none() {
                    (old.share, old.approximate) = (ms.share, ms.approximate);
                }
                self.sentences[i].0.push(self.sentence);
            }
            Some(_) if priority > self.priority[i] => {
                // A total ("nâng tổng số … lên 37 xã") outranks a count read before it.
                if let Some(k) = r.spans.iter().rposition(|s| s.figure == "meeting_standard") {
                    let mut old = r.spans.remove(k);
                    old.note = Some("superseded by the total the text gives".into());
                    r.unread.push(old);
                }
                r.meeting_standard = Some(ms);
                self.priority[i] = priority;
                self.sentences[i].0 = vec![self.sentence];
            }
            Some(_) => {
                let mut span = span;
                span.note = Some("a second count of communes meeting the standard for the same place".into());
                return r.unread.push(span);
            }
        }
        r.spans.push(span);
    }

    /// The reports, each with its criteria count, the standard as the top band when other bands
    /// are printed, and whether its listing is partial; and the figures no report holds, by index
    /// of the reports.
    pub fn into_reports(self, n: u32) -> (Vec<PublishedReport>, TextFigures) {
        let mut out = Vec::new();
        let mut figures = self.figures;
        let sentences = self.sentences;
        for (k, (mut r, rest)) in self.reports.into_iter().zip(self.rest).enumerate() {
            if k > 0 && r.spans.is_empty() && r.unread.is_empty() {
                continue;
            }
            let i = out.len();
            figures.ratios.iter_mut().filter(|x| x.0 == k).for_each(|x| x.0 = i);
            figures.parts.iter_mut().filter(|x| x.0 == k).for_each(|x| x.0 = i);
            if self.place[k] {
                figures.places.push(i);
            }
            r.criteria_count = n;
            // "còn lại 8 xã": the communes below the lowest band printed.
            // Between the empty bands printed ("không còn xã dưới 10") and the lowest band with
            // communes.
            if let (Some(count), Some(low)) = (rest, r.bands.iter().filter(|b| b.count > 0).map(|b| b.lo).min())
                && low > 0
            {
                let floor = r.bands.iter().filter(|b| b.count == 0 && b.hi < low).map(|b| b.hi + 1).max().unwrap_or(0);
                if floor < low {
                    r.bands.push(crate::PublishedBand {
                        lo: floor,
                        hi: low - 1,
                        count,
                        share: None,
                        label: Some("còn lại".into()),
                    });
                }
            }
            if let Some(ms) = &mut r.meeting_standard
                && ms.of.is_none()
                && ms.count.is_some()
                && r.per_criterion.is_empty()
            {
                ms.of = r.communes;
            }
            // The top band printed with its share: the same communes, so the same share.
            if let Some(ms) = &mut r.meeting_standard
                && ms.share.is_none()
                && let Some(top) =
                    r.bands.iter().find(|b| b.lo == n && b.hi == n && Some(b.count) == ms.count && b.share.is_some())
            {
                ms.share = top.share;
            }
            if let Some(b) = top_band(&r, &sentences[k], n) {
                r.bands.insert(0, b);
            }
            r.partial = partial(&r);
            out.push(r);
        }
        (out, figures)
    }
}

/// The count meeting the standard as the top band, when other bands with communes are printed
/// and none holds all the criteria: when it is printed alongside them (in a sentence with a band
/// with communes), when they run up to the count just below all ("26 xã đạt từ 15 - 18 tiêu
/// chí"), or when the bands need it to be complete. "Hà Tĩnh … nâng tổng số đạt chuẩn lên 26 xã.
/// Số xã dưới 7 tiêu chí … chỉ còn 38 xã" lists only low bands: 26 is no band of that listing.
fn top_band(r: &PublishedReport, sentences: &(Vec<usize>, Vec<usize>), n: u32) -> Option<crate::PublishedBand> {
    let ms = r.meeting_standard.as_ref()?;
    let full = |b: &crate::PublishedBand| {
        b.lo == n && b.hi == n && !b.label.as_deref().is_some_and(|l| l.starts_with("cơ bản"))
    };
    if !r.bands.iter().any(|b| b.count > 0) || r.bands.iter().any(full) {
        return None;
    }
    let band = super::standard_band(ms, n)?;
    let alongside = sentences.0.iter().any(|s| sentences.1.contains(s));
    let below = r.bands.iter().any(|b| b.count > 0 && b.hi + 1 == n);
    let mut with = r.clone();
    with.bands.insert(0, band.clone());
    (alongside || below || !partial(&with)).then_some(band)
}

/// Adds a band; a band printed right after one that holds it ("Nhóm 4 (từ 05 – 09 tiêu chí) …;
/// trong đó, số xã dưới 8 tiêu chí") is a part of it, so "dưới 8" there means 5-7.
fn push_band(bands: &mut Vec<crate::PublishedBand>, mut b: crate::PublishedBand) {
    if let Some(last) = bands.last()
        && b.lo < last.lo
        && b.hi >= last.lo
        && b.hi < last.hi
        && b.count <= last.count
    {
        b.lo = last.lo;
    }
    bands.push(b);
}

/// A listing is complete when its bands (with the empty bands printed in words) cover every
/// count `0..=n`, or add up to the printed total; otherwise it is partial.
fn partial(r: &PublishedReport) -> bool {
    if r.bands.is_empty() {
        return true;
    }
    let covered = (0..=r.criteria_count).all(|c| r.bands.iter().any(|b| b.lo <= c && c <= b.hi));
    let sum: u64 = r.bands.iter().map(|b| b.count).sum();
    !(covered || r.communes == Some(sum))
}
