//! The phrasings of the other figures: communes meeting the standard, the total of communes,
//! the average and the total of criteria.

use super::rules::{Ctx, Found, Hit, share};
use crate::audit::PublishedStandard;

/// Whether the words `from..to` say "meets the NTM standard" ("đạt chuẩn nông thôn mới", "đạt
/// chuẩn NTM", "nông thôn mới", "đạt NTM", "hoàn thành 19/19 tiêu chí NTM"), and of which level:
/// `Some(None)` the standard,
/// `Some(Some("nâng cao"))` or `Some(Some("kiểu mẫu"))` a level above it named in the phrase
/// ("đạt chuẩn nông thôn mới nâng cao"); `None` when they say no standard, "cơ bản đạt chuẩn"
/// (nearly meets), both levels, a level and the standard as alternatives ("thôn NTM kiểu
/// mẫu/thôn NTM"), or no level while one is named just before the count ("xây dựng nông thôn
/// mới nâng cao … có 17 xã đạt chuẩn": whose level is not clear).
fn standard_level(c: &Ctx<'_>, from: usize, to: usize) -> Option<Option<&'static str>> {
    let to = to.min(c.end);
    // "21 xã đạt chuẩn," / "… đạt chuẩn." : the standard of the text, nothing else named.
    let bare =
        to >= from + 2 && c.w(to - 2, &["dat", "chuan"]) && (to == c.end || c.punct(to, ',') || c.punct(to, ':'));
    // "đạt chuẩn theo Bộ tiêu chí quốc gia": the national set of NTM criteria.
    let national = (from..to).any(|k| c.w(k, &["dat", "chuan", "theo", "bo", "tieu", "chi", "quoc", "gia"]));
    // "54/91 xã (…) đạt chuẩn nâng cao": a level of the standard, named without "nông thôn mới".
    let level_only =
        (from..to).any(|k| c.w(k, &["dat", "chuan", "nang", "cao"]) || c.w(k, &["dat", "chuan", "kieu", "mau"]));
    let ntm =
        bare || national || level_only || (from..to).any(|k| c.w(k, &["nong", "thon", "moi"]) || c.w(k, &["ntm"]));
    // "… đạt chuẩn nông thôn mới và xã cơ bản đạt chuẩn nông thôn mới, chiếm 6,88%": the words
    // up to the next figure or comma, however long the phrase.
    let far = (to..c.end).find(|&k| c.t[k].num().is_some() || c.punct(k, ',')).unwrap_or(c.end);
    let basic = (from..far).any(|k| c.w(k, &["co", "ban", "dat"]));
    // "xã thực hiện chương trình xây dựng NTM": taking part, not meeting the standard; but "đạt
    // 19 tiêu chí về xây dựng nông thôn mới" names the criteria.
    let building = (from..to).any(|k| {
        (c.w(k, &["xay", "dung"]) && !(k > from && c.t[k - 1].is_word("ve")))
            || c.w(k, &["thuc", "hien"])
            || c.w(k, &["tham", "gia"])
    });
    if !ntm || basic || building || negated(c, from, to) {
        return None;
    }
    let end = (to + 2).min(c.end);
    let named = |words: &[&str]| (from..end).any(|k| c.w(k, words));
    // "đạt chuẩn khu dân cư/thôn NTM kiểu mẫu/thôn NTM": a level and the standard itself given
    // as alternatives, so whose count it is is not clear.
    let level_at = (from..end).rev().find(|&k| c.w(k, &["nang", "cao"]) || c.w(k, &["kieu", "mau"]));
    let plain_after = level_at.is_some_and(|l| {
        (l..end).any(|k| c.punct(k, '/') && (k + 1..end).any(|j| c.w(j, &["ntm"]) || c.w(j, &["nong", "thon", "moi"])))
    });
    // "5/5 xã NTM và NTM nâng cao": the standard and a level above it, together.
    let plain_before = level_at.is_some_and(|l| {
        (from..l).any(|k| c.w(k, &["va"]) && (from..k).any(|j| c.w(j, &["ntm"]) || c.w(j, &["nong", "thon", "moi"])))
    });
    if plain_after || plain_before {
        return None;
    }
    match (named(&["nang", "cao"]), named(&["kieu", "mau"])) {
        (false, false) => (!c.higher_level(from.saturating_sub(8).max(c.start), from)).then_some(None),
        (true, false) => Some(Some("nâng cao")),
        (false, true) => Some(Some("kiểu mẫu")),
        (true, true) => None,
    }
}

/// Whether the words `from..to` say "does not (yet) meet": "chưa đạt chuẩn", "không đạt", "chưa
/// được công nhận", "đang được thẩm định" (being appraised).
pub(crate) fn negated(c: &Ctx<'_>, from: usize, to: usize) -> bool {
    (from..to.min(c.end)).any(|k| {
        (c.w(k, &["chua"]) || c.w(k, &["khong"]) || c.w(k, &["dang"]))
            && (c.w(k + 1, &["dat"]) || c.w(k + 1, &["duoc"]))
    })
}

/// A figure of the level `level` (see [`standard_level`]): of the standard itself, or of a level
/// above it, which is a scope of its own.
fn leveled(level: Option<&'static str>, found: Found) -> Found {
    match level {
        Some(l) => Found::Level(l, Box::new(found)),
        None => found,
    }
}

/// The index after the words of a standard phrase that starts at `from`: up to the first number,
/// `(`, `,` or the clause end, at most 10 tokens.
fn phrase_end(c: &Ctx<'_>, from: usize) -> usize {
    let limit = c.end.min(from + 14);
    (from..limit)
        .find(|&k| c.t[k].num().is_some() || c.punct(k, ',') || c.punct(k, ':') || c.punct(k, '('))
        .unwrap_or(limit)
}

fn standard(
    count: Option<u64>,
    of: Option<u64>,
    share: Option<crate::Fixed>,
    approximate: bool,
    priority: u8,
) -> Found {
    Found::Standard(PublishedStandard { count, of, share, approximate }, priority)
}

/// "N/M xã (được công nhận) đạt chuẩn nông thôn mới (, chiếm P%)", "N/M xã hoàn thành 19/19 tiêu
/// chí NTM", and "M/M xã thực hiện chương trình" (the total only).
pub(crate) fn count_of(c: &Ctx<'_>, i: usize) -> Option<Hit> {
    // "N/M xã", "N xã/M xã": where the total stands and where the words after it start.
    let (of_at, x) = if c.punct(i + 1, '/') && c.w(i + 3, &["xa"]) {
        (i + 2, i + 4)
    } else if c.w(i + 1, &["xa"]) && c.punct(i + 2, '/') && c.w(i + 4, &["xa"]) {
        (i + 3, i + 5)
    } else {
        return None;
    };
    let (count, of) = (c.int(i)?, c.int(of_at)?);
    // "12/12 xã điểm về đích": pilot communes, a group whose size is no total.
    if c.w(x, &["diem"]) {
        let why = Found::Unread("a count of pilot communes (xã điểm), a group".into());
        return Some((vec![(why, i, x + 1)], x + 1));
    }
    let at = Total { count, of, of_at, x };
    // "14/14 xã của huyện Bình Chánh đã được công nhận …": that district's figures.
    if let Some((place, after)) = of_district(c, x) {
        let (found, next) = count_of_at(c, i, at, after)?;
        let placed = found.into_iter().map(|(f, a, b)| (Found::Placed(place.clone(), Box::new(f)), a, b));
        return Some((placed.collect(), next));
    }
    count_of_at(c, i, at, x)
}

/// "N/M xã" or "N xã/M xã": the count and the total, where the total stands (`of_at`), and the
/// index after it (`x`).
#[derive(Clone, Copy)]
struct Total {
    count: u64,
    of: u64,
    of_at: usize,
    x: usize,
}

/// "của huyện Bình Chánh" at `k`: the district a count is of, and the index after its name.
fn of_district(c: &Ctx<'_>, k: usize) -> Option<(String, usize)> {
    if !c.w(k, &["cua"]) {
        return None;
    }
    let intro = [&["huyen"][..], &["thi", "xa"], &["thanh", "pho"], &["quan"]].into_iter().find(|w| c.w(k + 1, w))?;
    let first = k + 1 + intro.len();
    let stop = (first..c.end.min(first + 4)).take_while(|&j| c.t[j].is_capitalised(c.text)).last()? + 1;
    Some((c.src(k + 1, stop).to_string(), stop))
}

/// [`count_of`] with the words of the phrase starting at `from` (after "N/M xã").
fn count_of_at(c: &Ctx<'_>, i: usize, at: Total, from: usize) -> Option<Hit> {
    let Total { count, of, of_at, x } = at;
    // "5.775/8.227 xã (chiếm 70,2%) đạt chuẩn nông thôn mới": the share before the phrase.
    let (first, from) = paren_share(c, from).map_or((None, from), |(s, a, after)| (Some((s, a)), after));
    let end = phrase_end(c, from);
    let end =
        if c.w(end, &["19", "/", "19"]) || c.int(end) == Some(u64::from(c.n)) { phrase_end(c, end + 3) } else { end };
    if c.negative(i) {
        return Some((vec![(Found::Unread("a negative count of communes".into()), i, x)], x));
    }
    if c.approximate(i) {
        return Some((vec![(Found::Unread("an approximate count of communes".into()), i, x)], x));
    }
    if count == of && (c.w(x, &["thuc", "hien"]) || c.w(x, &["tham", "gia"])) {
        return Some((vec![(Found::Communes(of), i, x)], x));
    }
    if let Some(level) = standard_level(c, from, end) {
        let (sh, approximate, next) = match (first, share(c, end)) {
            (Some((s, a)), _) => (Some(s), a, end),
            (None, Some((s, a, next))) => (Some(s), a, next),
            (None, None) => (None, false, end),
        };
        let ms = leveled(level, standard(Some(count), Some(of), sh, approximate, 2));
        return Some((vec![(ms, i, next), (leveled(level, Found::Communes(of)), of_at, x)], next));
    }
    // "285/431 xã đạt tiêu chí số 2": communes meeting one criterion.
    if c.w(x, &["dat", "tieu", "chi", "so"])
        && let Some(k) = c.int(x + 4).and_then(|k| u32::try_from(k).ok())
    {
        return Some((vec![(Found::Criterion(k, count), i, x + 5), (Found::Communes(of), of_at, x)], x + 5));
    }
    // "04/116 xã cơ bản đạt chuẩn nông thôn mới đạt 15 - 18 tiêu chí": a band, of the total.
    let verb = if c.w(end.saturating_sub(2), &["dat", "tu"]) { end.saturating_sub(2) } else { end.saturating_sub(1) };
    if end > from
        && c.w(verb, &["dat"])
        && !c.higher_level(from, end)
        && !c.change(i)
        && !c.approximate(i)
        && let Some((lo, hi, label, after)) = super::rules::range(c, end)
    {
        let label = if (from..verb).any(|k| c.w(k, &["co", "ban", "dat"])) {
            format!("cơ bản đạt {label}")
        } else {
            label
        };
        let (sh, next) = match share(c, after) {
            Some((s, false, next)) => (Some(s), next),
            _ => (None, after),
        };
        let band = Found::Band(crate::PublishedBand { lo, hi, count, share: sh, label: Some(label) });
        return Some((vec![(band, i, next), (Found::Communes(of), of_at, x)], next));
    }
    let unclear = (Found::Unread("a count of communes whose meaning is not clear".into()), i, x);
    if c.higher_level(i.saturating_sub(8).max(c.start), end) {
        return Some((vec![unclear], x)); // "(tương đương 39/96 xã đạt chuẩn)" of a higher level
    }
    Some((vec![unclear, (Found::Communes(of), of_at, x)], x))
}

/// "160 trong tổng số 178 xã (được công nhận) đạt chuẩn NTM, đạt gần 90%": a count of a total.
pub(crate) fn count_in_total(c: &Ctx<'_>, i: usize) -> Option<Hit> {
    let count = c.int(i)?;
    let lead = [&["trong", "tong", "so"][..], &["trong", "so"], &["tren", "tong", "so"]]
        .into_iter()
        .find(|w| c.w(i + 1, w))?;
    let m = i + 1 + lead.len();
    let of = c.int(m)?;
    if !c.w(m + 1, &["xa"]) || c.negative(i) || c.change(i) || c.approximate(i) {
        return None;
    }
    let end = phrase_end(c, m + 2);
    let level = standard_level(c, m + 2, end)?;
    let (sh, approximate, next) = match share(c, end) {
        Some((s, a, next)) => (Some(s), a, next),
        None => (None, false, end),
    };
    let ms = leveled(level, standard(Some(count), Some(of), sh, approximate, 2));
    Some((vec![(ms, i, next), (leveled(level, Found::Communes(of)), m, m + 2)], next))
}

/// "N xã (được UBND tỉnh công nhận) đạt chuẩn nông thôn mới (NTM) (, chiếm P%)", "N xã nông thôn
/// mới", "N xã đạt chuẩn NTM", "N xã thuộc các huyện A, B và C đạt chuẩn …", "N xã A và B đạt
/// chuẩn …" (the communes or districts named between the count and the verb).
pub(crate) fn count_standard(c: &Ctx<'_>, i: usize) -> Option<Hit> {
    let count = c.int(i)?;
    // "68 đơn vị cấp xã … đạt chuẩn nông thôn mới"
    let unit = if c.w(i + 1, &["don", "vi", "cap", "xa"]) { 4 } else { 1 };
    if !c.w(i + unit, &["xa"]) {
        return None;
    }
    // "4.806 xã (53,99%) đạt chuẩn nông thôn mới": the share before the phrase.
    let first = paren_share(c, i + unit + 1);
    let said = |from: usize| {
        let end = phrase_end(c, from);
        let words = (from..end)
            .any(|k| c.w(k, &["dat", "chuan"]) || c.w(k, &["nong", "thon", "moi"]) || c.w(k, &["dat", "ntm"]));
        let level = standard_level(c, from, end).filter(|_| words);
        level.filter(|_| !(c.w(from, &["tham", "gia"]) || c.w(from, &["thuc", "hien"]))).map(|l| (from, end, l))
    };
    let after = first.map_or(i + unit + 1, |f| f.2);
    // "330 xã, 869 thôn/bản đạt chuẩn NTM": the villages counted beside the communes are unread.
    let villages = villages_beside(c, after);
    let after = villages.as_ref().map_or(after, |v| v.2);
    let Some((from, end, level)) = said(after).or_else(|| said(names_end(c, after)?)) else {
        return not_meeting(c, i, after);
    };
    // The span ends at the phrase's last word ("… nông thôn mới (nâng cao)"), not at the words
    // before the next number ("… đạt chuẩn nông thôn mới đợt 2").
    let last = |k: &usize| ["moi", "ntm", "chuan", "cao", "mau", "gia"].iter().any(|w| c.t[*k].is_word(w));
    let level_after = level.is_some() && (c.w(end, &["nang", "cao"]) || c.w(end, &["kieu", "mau"]));
    let said_end = if level_after { end + 2 } else { (from..end).rev().find(last).map_or(end, |k| k + 1) };
    // "… nông thôn mới (NTM)": the abbreviation too.
    let said_end = if c.punct(said_end, '(') && c.w(said_end + 1, &["ntm"]) { said_end + 2 } else { said_end };
    let said_end = said_end + usize::from(c.punct(said_end, ')') && (from..said_end).any(|k| c.punct(k, '(')));
    let end = end.max(said_end);
    if c.change(i) || c.negative(i) {
        let why = Found::Unread("a change in the communes meeting the standard".into());
        return Some((vec![(why, i, said_end)], end));
    }
    if c.approximate(i) {
        return Some((vec![(Found::Unread("an approximate count of communes".into()), i, said_end)], end));
    }
    if (said_end..c.end).any(|k| c.w(k, &["nang"]) && (k..c.end).any(|j| c.w(j, &["len"]))) {
        let why = Found::Unread("the count before the increase that the clause reports".into());
        return Some((vec![(why, i, said_end)], end));
    }
    let (sh, approximate, next) = match (first, share(c, end)) {
        (Some((s, a, _)), _) => (Some(s), a, said_end),
        (None, Some((s, a, next))) => (Some(s), a, next),
        (None, None) => (None, false, said_end),
    };
    let mut out = Vec::new();
    // "88/161 xã đạt chuẩn NTM, trong đó có 2 xã đạt chuẩn NTM nâng cao (xã A, xã B), chiếm 54,6%
    // số xã toàn tỉnh": a share after the names of a part may be the part's or the whole's.
    let part = (i.saturating_sub(3).max(c.start)..i).any(|k| c.w(k, &["trong", "do"]));
    let remark = (end..next)
        .any(|k| c.punct(k, '(') && c.t.get(k + 1).is_some_and(|t| t.num().is_none() && !t.is_word("chiem")));
    let sh = if part && remark && first.is_none() && sh.is_some() {
        out.push((Found::Unread("a share after the names of a part: the part's or the whole's".into()), end, next));
        None
    } else {
        sh
    };
    // "Năm 2016, … có 57 xã …. Đến nay, toàn tỉnh có 176 xã …": the count said to be of now
    // outranks a count read before it.
    let now = (c.start..i).any(|k| c.w(k, &["den", "nay"]) || c.w(k, &["hien"]) || c.w(k, &["tinh", "den"]));
    let priority = if recognised_now(c, i) {
        0
    } else if now {
        2
    } else {
        1
    };
    out.insert(0, (leveled(level, standard(Some(count), None, sh, approximate, priority)), i, next));
    out.extend(villages);
    Some((out, next))
}

/// Whether the words `from..to` speak of the standard: "nông thôn mới", "NTM", "đạt chuẩn".
fn names_standard(c: &Ctx<'_>, from: usize, to: usize) -> bool {
    (from..to).any(|k| c.w(k, &["nong", "thon", "moi"]) || c.w(k, &["ntm"]) || c.w(k, &["dat", "chuan"]))
}

/// The tokens of "/bản" or " bản" after "thôn" at `k - 1` ("thôn/bản", "thôn bản"): 2, 1 or 0.
fn village_noun(c: &Ctx<'_>, k: usize) -> usize {
    if c.punct(k, '/') && c.w(k + 1, &["ban"]) { 2 } else { usize::from(c.w(k, &["ban"])) }
}

/// "24 thôn/bản miền núi đạt chuẩn NTM", "150/400 thôn …" in a text that counts communes (see
/// [`super::lex::tokens`]): a count of villages, unread.
pub(crate) fn village_count(c: &Ctx<'_>, i: usize) -> Option<Hit> {
    c.int(i)?;
    let k = if c.punct(i + 1, '/') && c.int(i + 2).is_some() { i + 3 } else { i + 1 };
    if !c.w(k, &["thon"]) || c.w(k + 1, &["moi"]) {
        return None;
    }
    let end = phrase_end(c, k + 1);
    let why = Found::Unread("a count of villages (thôn), in a text that counts communes".into());
    names_standard(c, k + 1, end).then(|| (vec![(why, i, end)], end))
}

/// "N xã chưa đạt chuẩn nông thôn mới" (from `after`, the words after the count at `i`): the
/// communes not meeting the standard, unread (the bands that follow say which they are).
fn not_meeting(c: &Ctx<'_>, i: usize, after: usize) -> Option<Hit> {
    let end = phrase_end(c, after);
    if !(names_standard(c, after, end) && negated(c, after, end)) {
        return None;
    }
    let why = Found::Unread("communes not meeting the standard (chưa đạt chuẩn)".into());
    Some((vec![(why, i, end)], end))
}

/// ", 869 thôn/bản" or "và 24 thôn" at `k`, after a count of communes (a text that counts
/// communes reads "thôn" as a word of its own): the villages counted beside the communes, as
/// an unread figure, and the index after them.
fn villages_beside(c: &Ctx<'_>, k: usize) -> Option<(Found, usize, usize)> {
    let n = k + 1;
    if !((c.punct(k, ',') || c.w(k, &["va"])) && c.int(n).is_some() && c.w(n + 1, &["thon"])) {
        return None;
    }
    let end = n + 2 + village_noun(c, n + 2);
    Some((Found::Unread("a count of villages (thôn), in a text that counts communes".into()), n, end))
}

/// A share in brackets at `k`, right after a count of communes: "(chiếm 70,2%)", "(53,99%)",
/// "(gần 80%)": the share, whether it is approximate, and the index after the bracket.
pub(crate) fn paren_share(c: &Ctx<'_>, k: usize) -> Option<(crate::Fixed, bool, usize)> {
    if !c.punct(k, '(') {
        return None;
    }
    let mut j = k + 1;
    let mut approximate = false;
    while let Some(w) = c.t.get(j).filter(|_| j < c.end).and_then(|t| t.word()) {
        if !["chiem", "dat", "bang", "khoang", "gan", "ty", "ti", "le"].contains(&w) {
            return None;
        }
        approximate |= w == "khoang" || w == "gan";
        j += 1;
    }
    let v = c.t.get(j).filter(|_| j < c.end)?.num()?;
    // "(bằng 75,6% tổng số xã)", "(69,5% số xã)": of the communes.
    let of = [&["tong", "so", "xa"][..], &["so", "xa"]].iter().find(|w| c.w(j + 2, w)).map_or(0, |w| w.len());
    (c.punct(j + 1, '%') && c.punct(j + 2 + of, ')')).then_some((v, approximate, j + 3 + of))
}

/// The index after the places or communes named at `k`, between a count of communes and what
/// they meet: "thuộc (các) (huyện) Chương Mỹ, Ba Vì và Mỹ Đức", "An Thạnh và Long Giang";
/// `None` when no name stands there.
fn names_end(c: &Ctx<'_>, k: usize) -> Option<usize> {
    const INTRO: &[&[&str]] = &[&["huyen"], &["thi", "xa"], &["thanh", "pho"], &["quan"], &["xa"]];
    let capital = |j: usize| j < c.end && c.t[j].word().is_some_and(|w| w != "ntm") && c.t[j].is_capitalised(c.text);
    let mut j = k;
    if c.w(j, &["thuoc"]) {
        j += 1 + usize::from(c.w(j + 1, &["cac"]));
    }
    let mut end = None;
    loop {
        if let Some(intro) = INTRO.iter().find(|w| c.w(j, w)) {
            j += intro.len();
        }
        let first = j;
        while capital(j) && j < first + 4 {
            j += 1;
        }
        if j == first {
            return end;
        }
        end = Some(j);
        if !(c.punct(j, ',') || c.w(j, &["va"])) {
            return end;
        }
        j += 1;
    }
}

/// Whether the count at `i` is of communes recognised by the decision reported ("công nhận (thêm)
/// 9 xã", "công bố được 8 xã"), a number of the event, not of the state.
fn recognised_now(c: &Ctx<'_>, i: usize) -> bool {
    (i.saturating_sub(4)..i).any(|k| c.w(k, &["cong", "nhan"]) || c.w(k, &["cong", "bo"]) || c.w(k, &["them"]))
}

/// "nâng tổng số xã đạt chuẩn NTM lên 28 xã", "đưa tổng số xã đạt chuẩn lên 44 xã/104 xã",
/// "nâng số xã đạt NTM của tỉnh lên 49/143 xã", "tổng số xã đạt chuẩn nông thôn mới trên toàn
/// tỉnh là 280 xã (đạt 68,36%)", "Số xã đạt chuẩn nông thôn mới là 45 xã", "số xã đạt chuẩn NTM
/// là 129 xã/193 xã".
pub(crate) fn raised_to(c: &Ctx<'_>, i: usize) -> Option<Hit> {
    // "nâng …" / "đưa tổng số xã đạt chuẩn toàn tỉnh lên 44 xã/104 xã": raised to.
    let (from, key) = if c.w(i, &["nang"]) || (c.w(i, &["dua"]) && c.w(i + 1, &["tong", "so"])) {
        (i + 1, "len")
    } else if c.w(i, &["tong", "so", "xa"]) {
        (i + 3, "la")
    } else if c.w(i, &["so", "xa"]) {
        (i + 2, "la")
    } else {
        return None;
    };
    let at = |key: &str| (from..c.end.min(from + 14)).find(|&k| c.w(k, &[key]) && c.int(k + 1).is_some());
    // "nâng tổng số xã đạt chuẩn NTM toàn tỉnh đến cuối năm 2018 đạt 158 xã": raised, to a count.
    let k = at(key).or_else(|| (key == "len" && c.w(i, &["nang", "tong", "so"])).then(|| at("dat")).flatten())?;
    // "nâng tổng số đạt chuẩn lên 26 xã": the standard of the text, even unnamed.
    let named = (from..k).any(|j| c.w(j, &["dat", "chuan"])) && !c.higher_level(from, k + 4);
    let level = if named { None } else { standard_level(c, from, k)? };
    let count = c.int(k + 1)?;
    // "49/143 xã", "129 xã/193 xã"
    let (of, after) = match (c.punct(k + 2, '/'), c.int(k + 3)) {
        (true, Some(of)) => (Some(of), k + 4),
        _ if c.w(k + 2, &["xa"]) && c.punct(k + 3, '/') && c.w(k + 5, &["xa"]) => (c.int(k + 4), k + 5),
        _ => (None, k + 2),
    };
    if !c.w(after, &["xa"]) {
        return None;
    }
    let (sh, approximate, next) = match share(c, after + 1) {
        Some((s, a, next)) => (Some(s), a, next),
        None => (None, false, after + 1),
    };
    let mut out = vec![(leveled(level, standard(Some(count), of, sh, approximate, 2)), i, next)];
    if let Some(of) = of {
        out.push((leveled(level, Found::Communes(of)), after - 1, after + 1));
    }
    // "… là 785 xã đạt 19 tiêu chí (chiếm 8,8%)": the count is read again, as its band.
    let resume = if c.w(after + 1, &["dat"]) && sh.is_none() { k + 1 } else { next };
    Some((out, resume))
}

/// "100% (số) xã đạt chuẩn nông thôn mới": the share alone; "85% số xã đạt chuẩn nông thôn mới
/// (tương đương 96 xã)", "40% số xã đạt chuẩn nông thôn mới nâng cao (tương đương 39/96 xã đạt
/// chuẩn)": with the count it stands for. "gần", "khoảng", "hơn", "trên", "ít nhất", "tối
/// thiểu" before the share make it approximate.
pub(crate) fn percent_standard(c: &Ctx<'_>, i: usize) -> Option<Hit> {
    let v = c.t.get(i).filter(|_| i < c.end)?.num()?;
    if !c.punct(i + 1, '%') {
        return None;
    }
    let k = if c.w(i + 2, &["so"]) { i + 3 } else { i + 2 };
    let end = phrase_end(c, k);
    if !c.w(k, &["xa", "dat", "chuan"]) {
        return None;
    }
    let level = standard_level(c, k, end)?;
    // "hoàn thành vượt 12,4% số xã đạt chuẩn NTM so với mục tiêu": a change, not the share.
    if c.change(i) {
        let why = Found::Unread("a change in the share of communes meeting the standard".into());
        return Some((vec![(why, i, end)], end));
    }
    // "Có 12 tỉnh đã có 100% số xã đạt chuẩn …": the communes of those places, not of the scope.
    // A count of places, not a year, and not a named place ("2010-2015 tỉnh Bình Định có 20% …").
    let places = (i.saturating_sub(5).max(c.start)..i).find(|&j| {
        let unit = [&["tinh"][..], &["huyen"], &["thanh", "pho"], &["don", "vi"], &["dia", "phuong"]]
            .into_iter()
            .find(|w| c.w(j + 1, w));
        let named = |len: usize| c.t.get(j + 1 + len).is_some_and(|t| t.is_capitalised(c.text));
        c.int(j).is_some_and(|n| !(1900..=2100).contains(&n)) && unit.is_some_and(|w| !named(w.len()))
    });
    if let Some(j) = places {
        let why = Found::Unread("the share of the communes of the places counted before it".into());
        return Some((vec![(why, j, end)], end));
    }
    let open = (c.punct(end, '(') || c.punct(end, ',')) && c.w(end + 1, &["tuong", "duong"]);
    let n = end + 3;
    let (count, of, mut next) = match c.int(n).filter(|_| open) {
        Some(count) if c.w(n + 1, &["xa"]) => (Some(count), None, n + 2),
        Some(count) if c.punct(n + 1, '/') && c.w(n + 3, &["xa"]) => (Some(count), c.int(n + 2), n + 4),
        _ => (None, None, end),
    };
    // To the closing bracket: "(tương đương 39/96 xã đạt chuẩn)".
    if count.is_some() && c.punct(end, '(') {
        next = [next, next + 2].into_iter().find(|&k| c.punct(k, ')')).map_or(next, |k| k + 1);
    }
    let before = |words: &[&str]| i >= c.start + words.len() && c.w(i - words.len(), words);
    let approximate = ["gan", "khoang", "hon", "tren"].iter().any(|w| before(&[w]))
        || before(&["it", "nhat"])
        || before(&["toi", "thieu"]);
    Some((vec![(leveled(level, standard(count, of, Some(v), approximate, 1)), i, next)], next))
}

/// The total of communes: "trong (tổng) số 194 xã", "trên tổng số 122 xã", "có tổng cộng 194 xã",
/// "Trong 247 xã tham gia xây dựng NTM"; not a group of a higher level ("14 xã đăng ký … nâng cao").
pub(crate) fn total_communes(c: &Ctx<'_>, i: usize) -> Option<Hit> {
    // "toàn tỉnh có 150 xã", "toàn huyện có 14 xã" (not "… có 42 xã đạt chuẩn").
    if (c.w(i, &["toan", "tinh", "co"]) || c.w(i, &["toan", "huyen", "co"]))
        && let Some(n) = c.int(i + 3)
        && c.w(i + 4, &["xa"])
        && (i + 5 >= c.end || c.punct(i + 5, ',') || c.punct(i + 5, ';') || c.punct(i + 5, '.') || c.punct(i + 5, '('))
        // "toàn tỉnh có 90 xã (bằng 75,6% tổng số xã) đạt chuẩn …": a count meeting the standard.
        && count_standard(c, i + 3).is_none()
    {
        return Some((vec![(Found::Communes(n), i + 3, i + 5)], i + 5));
    }
    // "82 xã trong toàn tỉnh", "386 xã nông thôn" (after "trong đó có").
    if let Some(n) = c.int(i)
        && c.w(i + 1, &["xa"])
        && (c.w(i + 2, &["trong", "toan"]) || (c.w(i + 2, &["nong", "thon"]) && !c.w(i + 4, &["moi"])))
    {
        return Some((vec![(Found::Communes(n), i, i + 2)], i + 2));
    }
    // "số tiêu chí bình quân (204 xã) là 12,50": the communes averaged over.
    if c.punct(i, '(')
        && c.w(i + 2, &["xa"])
        && c.punct(i + 3, ')')
        && (i.saturating_sub(8)..i).any(|k| c.w(k, &["binh", "quan"]))
    {
        return Some((vec![(Found::Communes(c.int(i + 1)?), i + 1, i + 3)], i + 4));
    }
    let lead: &[&[&str]] = &[
        &["tren", "tong", "so"],
        &["trong", "tong", "so"],
        &["trong", "so"],
        &["tong", "cong"],
        &["tong", "so"],
        &["trong"],
    ];
    let len = lead.iter().find(|w| c.w(i, w))?.len();
    let n = c.int(i + len)?;
    // Not "trong số 39 xã nông thôn mới", "… xã (đã) được công nhận", "… xã đạt chuẩn": a group,
    // not all the communes.
    let after = i + len + 2;
    let group = (after..after + 3).any(|k| c.w(k, &["dat"]) || c.w(k, &["duoc"]) || c.w(k, &["cong", "nhan"]));
    if !c.w(i + len + 1, &["xa"])
        || group
        || c.w(after, &["nay"])
        || c.w(after, &["nong", "thon", "moi"])
        || c.w(after, &["ntm"])
    {
        return None;
    }
    if c.higher_level(i, c.end) {
        return Some((
            vec![(Found::Unread("communes of a higher level (nâng cao, kiểu mẫu)".into()), i, i + len + 2)],
            i + len + 2,
        ));
    }
    Some((vec![(Found::Communes(n), i + len, i + len + 2)], i + len + 2))
}

/// The average: "bình quân (mỗi xã | 01 xã | toàn tỉnh | chung …) đạt (được) (là) X tiêu chí(/xã)",
/// "số tiêu chí bình quân/xã … đạt 13,12 tiêu chí/xã". The first number after "bình quân" that
/// is followed by "tiêu chí" and is not a change ("tăng 0,08 tiêu chí/xã").
pub(crate) fn average(c: &Ctx<'_>, i: usize) -> Option<Hit> {
    if !c.w(i, &["binh", "quan"]) {
        return None;
    }
    // "các xã còn lại đạt bình quân 16 tiêu chí": the average of the rest, not of the whole;
    // "tăng bình quân 11,89 tiêu chí/xã so với năm 2011": a change of the average.
    let rest = (i.saturating_sub(6).max(c.start)..i).any(|k| c.w(k, &["con", "lai"]));
    if rest || c.change(i) {
        let k = (i + 2..c.end.min(i + 8)).find(|&k| c.t[k].num().is_some() && c.w(k + 1, &["tieu", "chi"]))?;
        let end = (k + 3).min(c.end);
        let why = if rest {
            "the average of the remaining communes, not of all"
        } else {
            "a change in the average, not the average"
        };
        return Some((vec![(Found::Unread(why.into()), i, end)], end));
    }
    let mut k = i + 2;
    while k < c.end {
        if let super::lex::Kind::Num(None) = c.t[k].kind {
            // "bình quân đạt 11.66": a figure the figure parser refuses, with its reason.
            let printed = &c.text[c.t[k].start..c.t[k].end];
            let why = match crate::figures::parse_decimal(printed) {
                Err(crate::NtmError::Figure { reason, .. }) => reason,
                _ => "not a figure".into(),
            };
            return Some((
                vec![(Found::Unread(format!("a figure that cannot be read ({printed:?}): {why}")), k, k + 1)],
                k + 1,
            ));
        }
        if let Some(v) = c.t[k].num() {
            // "số tiêu chí bình quân xã đạt được là 12,5": the unit said before the figure.
            let unit_before = i >= 2
                && c.w(i - 2, &["tieu", "chi"])
                && (c.w(k - 1, &["la"]) || c.w(k - 1, &["dat"]) || c.w(k - 1, &["duoc"]));
            let before_tieu_chi =
                c.w(k + 1, &["tieu", "chi"]) || (unit_before && !c.w(k + 1, &["xa"]) && !c.punct(k + 1, '%'));
            // "bình quân … tăng thêm tối thiểu 0,5 tiêu chí/xã": a change, though not right before
            // the figure ("tăng lên 15,2" is the level it rose to).
            let changed = (i + 2..k).any(|j| c.w(j, &["tang"]) || c.w(j, &["giam"]) || c.w(j, &["them"]))
                && !(c.w(k - 1, &["len"]) || c.w(k - 1, &["xuong"]));
            if before_tieu_chi && c.punct(k - 1, '-') && c.t[k - 2].num().is_some() && !changed {
                let why = Found::Unread("a range of criteria, not an average".into());
                return Some((vec![(why, k - 2, k + 3)], k + 3));
            }
            if before_tieu_chi && !c.change(k) && !changed && !c.punct(k + 1, '/') {
                if past_criteria(c, v) || c.negative(k) {
                    return Some((
                        vec![(Found::Unread("an average outside the criteria count".into()), k, k + 3)],
                        k + 3,
                    ));
                }
                let approximate = ["gan", "khoang", "hon", "tren"].iter().any(|w| c.t[k - 1].is_word(w));
                // A remark before the figure ("(204 xã)") is read too, so reading goes on after
                // "bình quân"; otherwise after the figure, so that "bình quân 01 xã đạt 12 tiêu
                // chí/xã" is not read again as a band of one commune.
                let resume = if (i + 2..k).any(|j| c.punct(j, '(')) { i + 2 } else { k + 1 };
                return Some((vec![(Found::Average { value: v, approximate }, k, k + 3)], resume));
            }
            if before_tieu_chi {
                return None; // a change ("tăng 2,7 tiêu chí/xã"): no average here
            }
        }
        if c.w(k, &["binh", "quan"]) || c.w(k, &["thu", "nhap"]) {
            return None;
        }
        k += 1;
    }
    None
}

/// Whether an average is above the criteria count.
fn past_criteria(c: &Ctx<'_>, v: crate::Fixed) -> bool {
    i128::from(v.units) > i128::from(c.n) * 10i128.pow(u32::from(v.scale))
}

/// "toàn tỉnh đạt 13,5 tiêu chí/xã", "đạt gần 14 tiêu chí/xã": criteria per commune, the average,
/// printed without "bình quân" (after it, [`average`] reads the figure).
pub(crate) fn per_commune(c: &Ctx<'_>, i: usize) -> Option<Hit> {
    if !c.w(i, &["dat"]) || (i.saturating_sub(8).max(c.start)..i).any(|j| c.w(j, &["binh", "quan"])) {
        return None;
    }
    let k = i + 1 + usize::from(c.w(i + 1, &["duoc"]));
    let approximate = c.w(k, &["gan"]) || c.w(k, &["khoang"]);
    let k = k + usize::from(approximate);
    let v = c.t.get(k).filter(|_| k < c.end)?.num()?;
    if !(c.w(k + 1, &["tieu", "chi"]) && c.punct(k + 3, '/') && c.w(k + 4, &["xa"])) {
        return None;
    }
    if past_criteria(c, v) {
        return Some((vec![(Found::Unread("an average outside the criteria count".into()), k, k + 5)], k + 5));
    }
    Some((vec![(Found::Average { value: v, approximate }, k, k + 5)], k + 5))
}

/// The total of criteria met: "toàn tỉnh đạt (được) 1.274 tiêu chí" (more than one commune can
/// meet), "huyện … đã đạt 144/152 tiêu chí" (of 8 communes × 19).
pub(crate) fn total_criteria(c: &Ctx<'_>, i: usize) -> Option<Hit> {
    // "tổng số tiêu chí đạt (của toàn tỉnh) là 2.110 tiêu chí", "nâng tổng số tiêu chí đạt chuẩn lên
    // 1.922 tiêu chí", "Tổng tiêu chí đạt được: 1.286 tiêu
    // chí/92 xã" (with the communes they are of).
    if let Some(len) =
        [&["tong", "so", "tieu", "chi"][..], &["tong", "tieu", "chi"]].iter().find(|w| c.w(i, w)).map(|w| w.len())
    {
        let k = (i + len..c.end.min(i + 12))
            .find(|&k| (c.w(k, &["la"]) || c.w(k, &["len"]) || c.punct(k, ':')) && c.int(k + 1).is_some())?;
        let total = c.int(k + 1)?;
        let mut out = vec![(Found::TotalCriteria(total), i, k + 2 + 2 * usize::from(c.w(k + 2, &["tieu", "chi"])))];
        if c.w(k + 2, &["tieu", "chi"]) && c.punct(k + 4, '/') && c.w(k + 6, &["xa"]) {
            out[0].2 = k + 7;
            out.push((Found::Communes(c.int(k + 5)?), k + 5, k + 7));
        }
        let next = out[0].2;
        return Some((out, next));
    }
    if !c.w(i, &["dat"]) {
        return None;
    }
    let k = if c.w(i + 1, &["duoc"]) { i + 2 } else { i + 1 };
    let k = if c.w(k, &["tong", "so"]) { k + 2 } else { k }; // "đã đạt tổng số 70 tiêu chí"
    let total = c.int(k)?;
    let n = u64::from(c.n);
    if c.w(k + 1, &["tieu", "chi"]) && total > n && !c.change(k) {
        return Some((vec![(Found::TotalCriteria(total), k, k + 3)], k + 3));
    }
    let of = c.int(k + 2).filter(|_| c.punct(k + 1, '/') && c.w(k + 3, &["tieu", "chi"]))?;
    if of <= n || of % n != 0 {
        return None;
    }
    // "các xã này đã đạt …": the criteria of a group named before; not "đến nay", "hiện nay"
    // (until now), "năm nay" (this year).
    let time = |j: usize| j > 0 && ["den", "hien", "nam", "tu"].iter().any(|w| c.t[j - 1].is_word(w));
    let these = (k.saturating_sub(8)..k).any(|j| c.t[j].is_word("nay") && !time(j));
    if these {
        return Some((vec![(Found::Unread("criteria of a group of communes named before".into()), k, k + 5)], k + 5));
    }
    Some((vec![(Found::TotalCriteria(total), k, k + 3), (Found::Communes(of / n), k + 2, k + 5)], k + 5))
}

/// "37 xã, gấp 2,46 lần so kế hoạch", "45 xã (gấp 1,5 lần năm 2015)", "22 xã đạt từ 15 tiêu chí
/// trở lên, gấp 1,83 lần …": a count of communes (of a band) and its ratio to another count the
/// text does not print. Not with a qualifier ("gấp gần 2 lần"), nor after a change.
pub(crate) fn ratio(c: &Ctx<'_>, i: usize) -> Option<Hit> {
    if !(c.w(i, &["gap"]) && c.w(i + 2, &["lan"])) {
        return None;
    }
    let ratio = c.t[i + 1].num()?;
    let x = if i > c.start && (c.punct(i - 1, ',') || c.punct(i - 1, '(')) { i - 1 } else { i };
    let k = (x.saturating_sub(12).max(c.start)..x).rev().find(|&k| c.int(k).is_some() && c.w(k + 1, &["xa"]))?;
    // Between the count and the ratio, nothing or the band it is of.
    let mut j = k + 2;
    if j < x {
        j += usize::from(c.w(j, &["da"]));
        if !c.w(j, &["dat"]) {
            return None;
        }
        j += 1 + usize::from(c.w(j + 1, &["tu"]));
        if super::rules::range(c, j)?.3 != x {
            return None;
        }
    }
    if c.change(k) || c.negative(k) {
        return None;
    }
    Some((vec![(Found::Ratio(c.int(k)?, ratio), k, i + 3)], i + 3))
}
