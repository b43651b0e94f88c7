//! Lists of places with their counts ("số xã đạt chuẩn nông thôn mới thuộc các huyện gồm: Đức
//! Trọng (10 xã), Lâm Hà (7 xã), …, thành phố Đà Lạt (1 xã)"), and how many places a count is
//! spread over ("68 xã … đạt chuẩn nông thôn mới, phân bổ 11 huyện").

use super::rules::{Ctx, Found, Hit};
use crate::audit::PublishedStandard;

/// Words that introduce a district-level place in a list.
const INTRO: &[&[&str]] = &[&["huyen"], &["thi", "xa"], &["thanh", "pho"], &["tp"], &["quan"]];

/// One item "(huyện) Name (N xã)" at `i`: where its name ends, its count, and the index after it.
fn item(c: &Ctx<'_>, i: usize) -> Option<(usize, u64, usize)> {
    let mut k = i + INTRO.iter().find(|w| c.w(i, w)).map_or(0, |w| w.len());
    let first = k;
    while k < c.end && c.t[k].is_capitalised(c.text) && k < first + 4 {
        k += 1;
    }
    if k == first || !(c.punct(k, '(') && c.w(k + 2, &["xa"]) && c.punct(k + 3, ')')) {
        return None;
    }
    Some((k, c.int(k + 1)?, k + 4))
}

/// "… đạt chuẩn nông thôn mới thuộc các huyện gồm: Đức Trọng (10 xã), Lâm Hà (7 xã), …, thành phố
/// Đà Lạt (1 xã)": each place's count of communes meeting the standard, a figure of that place
/// ("huyện Đức Trọng" when the list is of "các huyện"). The list follows ":" or "gồm" after the
/// words of the standard, of no higher level, in the same clause, and has two items or more.
pub(crate) fn district_list(c: &Ctx<'_>, i: usize) -> Option<Hit> {
    if !(i > c.start && (c.punct(i - 1, ':') || c.w(i - 1, &["gom"]))) {
        return None;
    }
    let says = |words: &[&str]| (c.start..i).any(|k| c.w(k, words));
    let standard = says(&["dat", "chuan"]) && (says(&["nong", "thon", "moi"]) || says(&["ntm"]));
    if !standard || says(&["xay", "dung"]) || c.higher_level(c.start, i) {
        return None;
    }
    let districts = says(&["cac", "huyen"]);
    let mut out = Vec::new();
    let mut k = i;
    while let Some((name_end, count, next)) = item(c, k) {
        let name = c.src(k, name_end);
        let place = if districts && !INTRO.iter().any(|w| c.w(k, w)) { format!("huyện {name}") } else { name.into() };
        let ms = PublishedStandard { count: Some(count), of: None, share: None, approximate: false };
        out.push((Found::Placed(place, Box::new(Found::Standard(ms, 1))), k, next));
        k = next + usize::from(c.punct(next, ','));
        k += usize::from(c.w(k, &["va"]));
    }
    (out.len() >= 2).then_some((out, k))
}

/// "… 68 đơn vị cấp xã … đạt chuẩn nông thôn mới, phân bổ (ở | tại | trên địa bàn) 11 huyện":
/// how many places the count of communes before it, in the same clause, is spread over.
pub(crate) fn parts_count(c: &Ctx<'_>, i: usize) -> Option<Hit> {
    if !c.w(i, &["phan", "bo"]) {
        return None;
    }
    let mut k = i + 2;
    for w in ["o", "tai", "tren", "dia", "ban"] {
        k += usize::from(c.w(k, &[w]));
    }
    let n = c.int(k)?;
    let unit = [&["huyen"][..], &["don", "vi"], &["dia", "phuong"], &["tinh"]].into_iter().find(|w| c.w(k + 1, w))?;
    let counted =
        (c.start..i).any(|j| c.int(j).is_some() && (c.w(j + 1, &["xa"]) || c.w(j + 1, &["don", "vi", "cap", "xa"])));
    let end = k + 1 + unit.len();
    counted.then_some((vec![(Found::Parts(n), i, end)], end))
}
