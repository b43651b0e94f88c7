//! The phrasings of NTM figures, each a rule over the tokens of one clause. A rule that matches
//! gives a figure and where its words end; a figure whose meaning cannot be placed is *unread*.

use super::clause::words_at;
use super::lex::Token;
use crate::audit::{PublishedBand, PublishedStandard};
use crate::fixed::Fixed;

/// The numbers one to ten in words, folded ("một" … "mười").
const NUMBER_WORDS: [&str; 10] = ["mot", "hai", "ba", "bon", "nam", "sau", "bay", "tam", "chin", "muoi"];

/// A figure read from the text, with the tokens it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Found {
    Communes(u64),
    Average {
        value: Fixed,
        approximate: bool,
    },
    Band(PublishedBand),
    /// Communes meeting the standard, with a priority: a total ("N/M xã", "nâng tổng số … lên")
    /// 2, a count 1, communes recognised by the decision reported 0.
    Standard(PublishedStandard, u8),
    /// Communes meeting one criterion ("285/431 xã đạt tiêu chí số 2").
    Criterion(u32, u64),
    /// "còn lại 8 xã": the communes below the bands printed, an implied band.
    Rest(u64),
    TotalCriteria(u64),
    /// "37 xã, gấp 2,46 lần so kế hoạch": a count of communes and its ratio to a figure the text
    /// does not print.
    Ratio(u64, Fixed),
    /// A figure next to NTM words whose meaning is not clear, with the reason.
    Unread(String),
    /// A figure of a level above the standard ("nâng cao", "kiểu mẫu"): it goes to the scope
    /// "<place> (nâng cao)".
    Level(&'static str, Box<Found>),
    /// A figure of a place named in a list ("Đức Trọng (10 xã)"): it goes to that place's scope.
    Placed(String, Box<Found>),
    /// "phân bổ 11 huyện": how many places the count before it is spread over.
    Parts(u64),
}

/// A rule's result: figures with their token ranges, and the token where reading goes on.
pub(crate) type Hit = (Vec<(Found, usize, usize)>, usize);

/// The context of the rules: the tokens, the text and the number of criteria.
pub(crate) struct Ctx<'a> {
    pub t: &'a [Token],
    pub text: &'a str,
    pub n: u32,
    pub start: usize,
    pub end: usize,
    /// The clause goes on with a list of additions begun before it in its sentence ("Có thêm
    /// 11 xã đạt chuẩn NTM; 8 xã đạt chuẩn NTM nâng cao; …"): a count it opens with is a change.
    pub added: bool,
}

impl Ctx<'_> {
    pub(crate) fn w(&self, i: usize, words: &[&str]) -> bool {
        i + words.len() <= self.end && words_at(self.t, i, words)
    }
    /// The whole number at `i`: digits, or a count of communes in words ("một xã", "hai xã",
    /// up to "mười xã"; a word only right before "xã", never after "là" ("là một xã …" is "is a
    /// commune"), nor as the last word of a name ("Quảng Nam", "Hà Nam": after a capital).
    pub(crate) fn int(&self, i: usize) -> Option<u64> {
        if i >= self.end {
            return None;
        }
        if let Some(n) = self.t[i].int() {
            // "năm 2020 xã Sơn Viên sẽ …": a year, then a commune's name.
            let year = i > self.start && self.t[i - 1].is_word("nam") && (1900..=2100).contains(&n);
            return (!year).then_some(n);
        }
        let n = NUMBER_WORDS.iter().position(|w| self.t[i].is_word(w))? as u64 + 1;
        let before = (i > self.start).then(|| &self.t[i - 1]);
        let after_la = before.is_some_and(|t| t.is_word("la"));
        let in_name = self.t[i].is_capitalised(self.text) && before.is_some_and(|t| t.is_capitalised(self.text));
        (self.w(i + 1, &["xa"]) && !after_la && !in_name).then_some(n)
    }
    pub(crate) fn punct(&self, i: usize, c: char) -> bool {
        i < self.end && self.t[i].is_punct(c)
    }
    pub(crate) fn src(&self, a: usize, b: usize) -> &str {
        &self.text[self.t[a].start..self.t[b - 1].end]
    }
    /// A number printed with a minus sign right before it ("-51").
    pub(crate) fn negative(&self, i: usize) -> bool {
        i > 0
            && self.t[i - 1].is_punct('-')
            && self.t[i - 1].end == self.t[i].start
            && (i < 2 || self.t[i - 2].num().is_none())
    }
    /// A number that is a change, not a state: after "tăng", "giảm", "thêm", "gấp".
    pub(crate) fn change(&self, i: usize) -> bool {
        (self.added && i == self.start)
            || (i > 0 && ["tang", "giam", "them", "gap", "vuot"].iter().any(|w| self.t[i - 1].is_word(w)))
    }
    /// A count printed with a qualifier ("khoảng 3.530 xã", "gần 30 xã", "hơn 100 xã", "ít nhất
    /// 5 xã"): not a count to check.
    pub(crate) fn approximate(&self, i: usize) -> bool {
        let before = |words: &[&str]| i >= self.start + words.len() && self.w(i - words.len(), words);
        ["gan", "khoang", "hon", "tren"].iter().any(|w| before(&[w]))
            || before(&["it", "nhat"])
            || before(&["toi", "thieu"])
            || before(&["xap", "xi"])
    }
    /// Whether the words at `i..` name a level above the standard ("nâng cao", "kiểu mẫu").
    pub(crate) fn higher_level(&self, from: usize, to: usize) -> bool {
        (from..to.min(self.end)).any(|k| self.w(k, &["nang", "cao"]) || self.w(k, &["kieu", "mau"]))
    }
}

/// A range of criteria at `i` ("15 - 18", "từ 10-14", "dưới 5", "19/19", "14", "10 … trở lên"),
/// up to "tiêu chí": `(lo, hi, label, index after "tiêu chí")`, read by [`crate::figures::parse_range`].
pub(crate) fn range(c: &Ctx<'_>, i: usize) -> Option<(u32, u32, String, usize)> {
    let stop = (i..c.end.min(i + 6)).find(|&k| c.w(k, &["tieu", "chi"]))?;
    // "dưới năm tiêu chí": a bound up to ten in words, right before "tiêu chí".
    if stop == i + 2 && c.w(i, &["duoi"]) {
        let word = NUMBER_WORDS.iter().position(|w| c.t[i + 1].is_word(w));
        if let Some(n) = word.and_then(|w| u32::try_from(w).ok()) {
            return Some((0, n, c.src(i, stop).to_string(), stop + 2));
        }
    }
    if stop == i || (i..stop).all(|k| c.t[k].num().is_none()) {
        return None;
    }
    let mut label = c.src(i, stop).to_string();
    let mut after = stop + 2;
    if c.w(after, &["tro", "len"]) {
        label.push_str(" trở lên");
        after += 2;
    }
    let label = label.replace(&format!("/{}", c.n), "");
    let (lo, hi) = crate::figures::parse_range(&label, c.n).ok()?;
    Some((lo, hi, label.trim().to_string(), after))
}

/// A share after a figure: "(chiếm 28,18%)", ", chiếm tỷ lệ 6,1%", "(đạt 76,16%)", "bằng 61,48%",
/// "đạt tỷ lệ gần 80%", also after a remark in parentheses ("(trong đó, …), chiếm tỷ lệ 53,7%").
/// Returns the share, whether it is approximate, and the index after it. Reading stops at a new
/// count of communes.
pub(crate) fn share(c: &Ctx<'_>, i: usize) -> Option<(Fixed, bool, usize)> {
    const FILL: [&str; 11] = ["chiem", "dat", "bang", "ty", "ti", "le", "khoang", "gan", "tuong", "ung", "duong"];
    let (mut k, mut approximate, mut remark, mut fillers) = (i, false, false, 0);
    let limit = c.end.min(i + 40);
    while k < limit {
        let t = &c.t[k];
        if t.is_punct('(') && c.w(k + 1, &["trong", "do"]) {
            // "(trong đó, đã bao gồm 30 xã …), chiếm tỷ lệ 53,7%": past the breakdown.
            k = (k..c.end).find(|&j| c.t[j].is_punct(')')).map_or(c.end, |j| j + 1);
            continue;
        }
        if remark {
            // A remark ("(nhưng chưa được công nhận …, chiếm tỷ lệ 6,1%"): to its end or its share.
            remark = !(t.is_punct(')') || t.is_word("chiem"));
            if c.int(k).is_some() && c.w(k + 1, &["xa"]) {
                return None;
            }
            if remark {
                k += 1;
                continue;
            }
        }
        if let Some(v) = t.num() {
            let after = if c.punct(k + 1, '%') { k + 2 } else { k + 3 };
            if !(c.punct(k + 1, '%') || c.w(k + 1, &["phan", "tram"])) || of_plan(c, after) {
                return None;
            }
            return Some((v, approximate, after));
        }
        // "… đạt chuẩn “Xã nông thôn mới” (chiếm 27,32%)": a closing quote too.
        let quote = ['”', '"', '»', '’'].iter().any(|&q| t.is_punct(q));
        let filler = t.is_punct(',') || t.is_punct(')') || quote || FILL.iter().any(|w| t.is_word(w));
        if t.is_punct('(') {
            remark = !(c.t.get(k + 1).is_some_and(|n| n.num().is_some()) || FILL.iter().any(|w| c.w(k + 1, &[w])));
        } else if !filler || fillers >= 8 {
            return None;
        }
        approximate |= t.is_word("gan") || t.is_word("khoang");
        fillers += 1;
        k += 1;
    }
    None
}

/// Whether the words at `k`, right after a percent, make it a share of a plan or target, not of
/// the communes: "đạt 104,5% kế hoạch", "75% mục tiêu 5 năm", "100% chỉ tiêu", "so với kế hoạch".
pub(crate) fn of_plan(c: &Ctx<'_>, k: usize) -> bool {
    let k = if c.w(k, &["so", "voi"]) {
        k + 2
    } else if c.w(k, &["so"]) {
        k + 1 // "so kế hoạch"; "số xã" is no plan word after it
    } else {
        k
    };
    c.w(k, &["ke", "hoach"]) || c.w(k, &["muc", "tieu"]) || c.w(k, &["chi", "tieu"])
}

fn band(lo: u32, hi: u32, count: u64, share: Option<Fixed>, label: String) -> Found {
    Found::Band(PublishedBand { lo, hi, count, share, label: Some(label) })
}

/// "N xã đạt (từ) 15 - 18 tiêu chí (, chiếm P%)", "N xã đạt dưới 5 tiêu chí", "N xã cơ bản đạt
/// 19 tiêu chí", "N xã hoàn thành 19/19 tiêu chí".
pub(crate) fn count_band(c: &Ctx<'_>, i: usize) -> Option<Hit> {
    let count = c.int(i)?;
    let mut k = i + 1;
    if !c.w(k, &["xa"]) {
        return None;
    }
    k += 1;
    // "2 xã (Đào Ngạn, Phù Ngọc) đạt 11 tiêu chí": the communes named; "6 xã (4,32%) đạt từ 15 -
    // 18 tiêu chí": the share first.
    k = names_in_brackets(c, k).unwrap_or(k);
    let first = super::rules2::paren_share(c, k);
    k = first.map_or(k, |f| f.2);
    let mut nearly = false;
    for skip in [&["nao"][..], &["da"], &["con"], &["co", "ban"]] {
        if c.w(k, skip) {
            k += skip.len();
            nearly |= skip == ["co", "ban"];
        }
    }
    if c.w(k, &["dat"]) {
        k += 1;
        // "28 xã đạt chuẩn từ 10 – 14 tiêu chí"
        k += usize::from(
            c.w(k, &["chuan"]) && (c.w(k + 1, &["tu"]) || c.t.get(k + 1).is_some_and(|t| t.num().is_some())),
        );
    } else if c.w(k, &["hoan", "thanh"]) {
        k += 2;
    } else {
        return None;
    }
    if c.w(k, &["tu"]) || c.w(k, &["duoc"]) {
        k += 1;
    }
    let (lo, hi, label, after) = range(c, k)?;
    if c.negative(i) || c.change(i) {
        return Some((vec![(Found::Unread("a change in a count of communes, not a count".into()), i, after)], after));
    }
    if c.approximate(i) {
        return Some((vec![(Found::Unread("an approximate count of communes".into()), i, after)], after));
    }
    if c.higher_level(c.start, i) {
        return Some((
            vec![(Found::Unread("communes of a higher level (nâng cao, kiểu mẫu)".into()), i, after)],
            after,
        ));
    }
    let (sh, next) = match (first, share(c, after)) {
        (Some((s, false, _)), _) => (Some(s), after),
        (None, Some((s, false, next))) => (Some(s), next),
        _ => (None, after),
    };
    // "cơ bản đạt 19 tiêu chí": nearly meeting the standard, told apart from the recognised.
    let label = if nearly { format!("cơ bản đạt {label}") } else { label };
    Some((vec![(band(lo, hi, count, sh, label), i, next)], next))
}

/// The index after "(Đào Ngạn, Phù Ngọc)", "(xã Trường Hà)" at `k`: names in brackets (words
/// written with a capital, commas, "và", "xã"); `None` when something else stands there.
fn names_in_brackets(c: &Ctx<'_>, k: usize) -> Option<usize> {
    if !c.punct(k, '(') {
        return None;
    }
    let close = (k + 1..c.end.min(k + 30)).find(|&j| c.punct(j, ')'))?;
    let name = |j: usize| {
        let t = &c.t[j];
        t.is_capitalised(c.text) || t.is_punct(',') || t.is_word("va") || t.is_word("xa")
    };
    (close > k + 1 && c.t[k + 1].is_capitalised(c.text) && (k + 1..close).all(name)).then_some(close + 1)
}

/// The seed's form: "Số xã đạt 15-18 tiêu chí có 04/181 xã, chiếm 2,21%", and "số xã đạt từ 10
/// tiêu chí trở lên là 37 xã", "số xã dưới 8 tiêu chí: 45 xã (20,06%)", "số xã hoàn thành 19/19
/// tiêu chí là 57 xã", "số xã dưới 8 tiêu chí: Không có" (an empty band).
pub(crate) fn seed_band(c: &Ctx<'_>, i: usize) -> Option<Hit> {
    if !(c.w(i, &["so", "xa"]) || c.w(i, &["nhom", "xa"])) {
        return None;
    }
    // "Số xã đạt …", "Số xã hoàn thành 19/19 tiêu chí là 57 xã", "Số xã dưới 8 tiêu chí", "Nhóm
    // xã đạt chuẩn từ 15 -18 tiêu chí có 5 xã".
    let k = match () {
        _ if c.w(i + 2, &["dat", "chuan"]) && !c.w(i + 4, &["nong"]) && !c.w(i + 4, &["ntm"]) => i + 4,
        _ if c.w(i + 2, &["dat"]) => i + 3,
        _ if c.w(i + 2, &["hoan", "thanh"]) => i + 4,
        _ => i + 2,
    };
    let (lo, hi, label, mut j) = range(c, k)?;
    // "Số xã hoàn thành 19 tiêu chí xây dựng NTM là 86 xã": the criteria named in full.
    for words in [&["xay", "dung"][..], &["nong", "thon", "moi"], &["ntm"]] {
        j += if c.w(j, words) { words.len() } else { 0 };
    }
    // "Số xã dưới 8 tiêu chí: Không có": an empty band.
    let colon = usize::from(c.punct(j, ':'));
    if c.w(j + colon, &["khong", "co"]) && !c.w(j + colon + 2, &["xa"]) {
        return Some((vec![(band(lo, hi, 0, None, label), i, j + colon + 2)], j + colon + 2));
    }
    // "Số xã dưới 7 tiêu chí giảm 52 xã, chỉ còn 38 xã": past the change, to the count.
    if (c.w(j, &["giam"]) || c.w(j, &["tang"])) && c.int(j + 1).is_some() && c.w(j + 2, &["xa"]) {
        j += 3;
        j += usize::from(c.punct(j, ','));
        j += usize::from(c.w(j, &["chi"]));
        if !c.w(j, &["con"]) {
            return None;
        }
    }
    j += usize::from(c.w(j, &["chi", "con"])); // "… chỉ còn 4 xã"
    if c.w(j, &["co"]) || c.w(j, &["la"]) || c.w(j, &["con"]) || c.punct(j, ':') {
        j += 1;
    }
    let count = c.int(j)?;
    if c.negative(j) {
        return Some((vec![(Found::Unread("a negative count of communes".into()), i, j + 1)], j + 1));
    }
    let mut out = Vec::new();
    let mut next = j + 1;
    if c.punct(next, '/') && c.w(next + 2, &["xa"]) {
        out.push((Found::Communes(c.int(next + 1)?), j, next + 3));
        next += 3;
    } else if c.w(next, &["xa"]) {
        next += 1;
    } else {
        return None;
    }
    let (sh, next) = shares_or_unread(c, next, &mut out);
    out.insert(0, (band(lo, hi, count, sh, label), i, next));
    Some((out, next))
}

/// The band first, then its count, in a listing: "cụ thể: Đạt 19 tiêu chí có 87 xã, đạt 15 – 18
/// tiêu chí có 8 xã", "đạt 9 tiêu chí là 2 xã". Only where a listing item starts (after a
/// comma, a colon, a semicolon, a dash or at the clause's start), so that "… xã đạt 19 tiêu chí"
/// stays the count's ([`count_band`]).
pub(crate) fn band_first(c: &Ctx<'_>, i: usize) -> Option<Hit> {
    let starts = i == c.start || [',', ':', ';', '-'].iter().any(|&p| c.punct(i - 1, p));
    if !(starts && c.w(i, &["dat"])) {
        return None;
    }
    let k = if c.w(i + 1, &["tu"]) { i + 2 } else { i + 1 };
    let (lo, hi, label, j) = range(c, k)?;
    // "… có 87 xã", "… là 2 xã", "đạt dưới 5 tiêu chí chỉ còn 2 xã".
    let j = if c.w(j, &["chi", "con"]) { j + 1 } else { j };
    if !(c.w(j, &["co"]) || c.w(j, &["la"]) || c.w(j, &["con"])) {
        return None;
    }
    let count = c.int(j + 1)?;
    if !c.w(j + 2, &["xa"]) || c.approximate(j + 1) || c.change(j + 1) {
        return None;
    }
    let mut out = Vec::new();
    let (sh, next) = shares_or_unread(c, j + 3, &mut out);
    out.insert(0, (band(lo, hi, count, sh, label), i, next));
    Some((out, next))
}

/// A share after `i`, or an unread figure when a malformed share stands there ("28x18%").
fn shares_or_unread(c: &Ctx<'_>, i: usize, out: &mut Vec<(Found, usize, usize)>) -> (Option<Fixed>, usize) {
    match share(c, i) {
        Some((s, false, next)) => (Some(s), next),
        Some((_, true, next)) => (None, next),
        None => {
            // "chiếm 28x18%" or "chiếm 28 18%": a share that cannot be read is unread, never a
            // nearby number.
            if let Some(k) = (i..c.end.min(i + 6)).find(|&k| c.punct(k, '%') && !of_plan(c, k + 1)) {
                out.push((Found::Unread("a share that cannot be read".into()), i, k + 1));
                return (None, k + 1);
            }
            (None, i)
        }
    }
}

/// "Nhóm 2 (từ 15 – 18 tiêu chí): Có 09 xã (chiếm 04,41%)", "Nhóm 5 (dưới 05 tiêu chí): Không có".
pub(crate) fn group_band(c: &Ctx<'_>, i: usize) -> Option<Hit> {
    if !(c.w(i, &["nhom"]) && c.int(i + 1).is_some() && c.punct(i + 2, '(')) {
        return None;
    }
    let mut k = i + 3;
    if c.w(k, &["dat"]) {
        k += 1;
    }
    let (lo, hi, label, mut j) = range(c, k)?;
    while c.punct(j, ')') || c.punct(j, ':') {
        j += 1;
    }
    if c.w(j, &["khong", "co"]) {
        return Some((vec![(band(lo, hi, 0, None, label), i, j + 2)], j + 2));
    }
    // "Có 09 xã", "40/144 xã" (of the total).
    j += usize::from(c.w(j, &["co"]));
    let count = c.int(j)?;
    let of = c.int(j + 2).filter(|_| c.punct(j + 1, '/'));
    let x = if of.is_some() { j + 3 } else { j + 1 };
    if !c.w(x, &["xa"]) {
        return None;
    }
    let mut out = Vec::new();
    let (sh, next) = shares_or_unread(c, x + 1, &mut out);
    out.insert(0, (band(lo, hi, count, sh, label), i, next));
    out.extend(of.map(|m| (Found::Communes(m), j + 2, x + 1)));
    Some((out, next))
}

/// "còn lại 8 xã" (not followed by what they meet): the rest, an implied band.
pub(crate) fn rest(c: &Ctx<'_>, i: usize) -> Option<Hit> {
    if !(c.w(i, &["con", "lai"]) && c.int(i + 2).is_some() && c.w(i + 3, &["xa"]) && !c.w(i + 4, &["dat"])) {
        return None;
    }
    Some((vec![(Found::Rest(c.int(i + 2)?), i, i + 4)], i + 4))
}

/// "không còn xã (nào) (đạt) dưới 5 tiêu chí", "không còn xã đạt 13 tiêu chí", "không có xã đạt
/// chuẩn dưới 8 tiêu chí": an empty band.
pub(crate) fn none_left(c: &Ctx<'_>, i: usize) -> Option<Hit> {
    if !(c.w(i, &["khong", "con", "xa"]) || c.w(i, &["khong", "co", "xa"])) {
        return None;
    }
    let mut k = i + 3;
    for w in ["nao", "dat", "chuan"] {
        if c.w(k, &[w]) {
            k += 1;
        }
    }
    let (lo, hi, label, after) = range(c, k)?;
    Some((vec![(band(lo, hi, 0, None, label), i, after)], after))
}
