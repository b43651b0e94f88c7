//! Clauses of report prose, and what kind of statement each is: the state now, a target or plan,
//! or an earlier period. Only the state now is read as a report's figures.

use super::lex::Token;

/// A clause: tokens `start..end` of the text, and from which token on it states a target or an
/// earlier period (figures before the marker state the present: "hiện có 23 xã …, và theo dự
/// kiến …").
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Clause {
    pub start: usize,
    pub end: usize,
    pub target_from: Option<usize>,
    pub earlier_from: Option<usize>,
    /// From where, after an earlier period, the clause speaks of the present again ("từ chỗ …
    /// năm 2010, đến nay, …").
    pub now_from: Option<usize>,
    /// From where the clause speaks of one year only ("Riêng năm 2014, có 71 xã …").
    pub year_from: Option<usize>,
    /// The sentence the clause is in, counted from 0.
    pub sentence: usize,
}

/// What a clause states at a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ClauseKind {
    /// The state the report describes.
    Now,
    /// A target or a plan ("phấn đấu", "kế hoạch", "dự kiến", "mục tiêu").
    Target,
    /// An earlier period ("lúc mới triển khai", "thời điểm xuất phát", "lúc bấy giờ").
    Earlier,
    /// One year only ("riêng năm 2014"): what changed in it, not the state.
    OneYear,
}

impl ClauseKind {
    /// Why figures of such a clause are not read as the report's.
    pub fn reason(self) -> Option<&'static str> {
        match self {
            ClauseKind::Now => None,
            ClauseKind::Target => Some("a target or plan, not the state reported"),
            ClauseKind::Earlier => Some("an earlier period, not the state reported"),
            ClauseKind::OneYear => Some("one year's figures (riêng năm …), not the state reported"),
        }
    }
}

impl Clause {
    /// What the clause states at token `i`.
    pub fn kind_at(&self, i: usize) -> ClauseKind {
        if self.target_from.is_some_and(|m| i >= m) {
            ClauseKind::Target
        } else if self.earlier_from.is_some_and(|m| i >= m) && self.now_from.is_none_or(|n| i < n) {
            ClauseKind::Earlier
        } else if self.year_from.is_some_and(|m| i >= m) {
            ClauseKind::OneYear
        } else {
            ClauseKind::Now
        }
    }

    /// What the clause states of the figure at tokens `a..b`: as [`Clause::kind_at`], and an
    /// earlier period when one is named right after the figure ("2 tiêu chí năm 2010", "3,5
    /// tiêu chí/xã năm 2010").
    pub fn kind_of(&self, tokens: &[Token], a: usize, b: usize) -> ClauseKind {
        // "11 xã phấn đấu đạt chuẩn NTM trong năm nay": the target is in the figure's own words.
        let kind = if self.target_from.is_some_and(|m| a < m && m < b) { ClauseKind::Target } else { self.kind_at(a) };
        let at =
            if tokens.get(b).is_some_and(|t| t.is_punct('/')) && words_at(tokens, b + 1, &["xa"]) { b + 2 } else { b };
        let tagged = at < self.end && EARLIER.iter().any(|m| at + m.len() <= self.end && words_at(tokens, at, m));
        if kind == ClauseKind::Now && tagged { ClauseKind::Earlier } else { kind }
    }
}

/// Words (folded, as sequences) that make the rest of a clause a target or plan. "Mục tiêu" is
/// one unless it names the program ("Chương trình mục tiêu quốc gia").
const TARGET: &[&[&str]] = &[
    &["phan", "dau"],
    &["ke", "hoach"],
    &["muc", "tieu"],
    &["du", "kien"],
    &["se", "co"],
    &["de", "ra"],
    &["dang", "ky"],
    &["de", "co", "them"],
    &["de", "dat"],
    &["giao", "chi", "tieu"],
];

/// Words that make the rest of a clause speak of an earlier period (not after "so với": a
/// comparison states the present).
const EARLIER: &[&[&str]] =
    &[&["xuat", "phat"], &["luc", "bay", "gio"], &["luc", "moi"], &["nam", "2010"], &["truoc", "day"]];

/// The group of communes a clause opens with ("Đối với 30 xã đạt chuẩn nông thôn mới …", "Riêng
/// 11 xã phấn đấu đạt chuẩn trong năm nay, …", "Trong tổng số 14 xã đăng ký … nâng cao có …",
/// "Trong số 39 xã nông thôn mới của tỉnh, …"): the index of its count, and where the words
/// describing it end (at a `,`, "có", a number, "tổng", "bình quân", at most 16 tokens on). Not
/// "Trong số 194 xã tham gia thực hiện chương trình": all the communes, not a group.
pub(crate) fn group_at(t: &[Token], start: usize, end: usize) -> Option<(usize, usize)> {
    let w = |i: usize, words: &[&str]| i + words.len() <= end && words_at(t, i, words);
    let mut i = start;
    while i < end && (t[i].is_punct(',') || ["trong", "do", "rieng"].iter().any(|x| t[i].is_word(x))) {
        i += 1;
    }
    let skipped = |x: &str| (start..i).any(|k| t[k].is_word(x));
    let lead = [&["doi", "voi"][..], &["tong", "so"], &["so"]].into_iter().find(|l| w(i, l)).map_or(0, <[&str]>::len);
    let among = lead > 0 && !w(i, &["doi", "voi"]);
    if (lead == 0 && !skipped("rieng")) || (among && !skipped("trong")) {
        return None;
    }
    let n = i + lead;
    if !(n < end && t[n].int().is_some() && w(n + 1, &["xa"])) {
        return None;
    }
    let stop = (n + 2..end.min(n + 16))
        .find(|&k| {
            t[k].is_punct(',') || t[k].num().is_some() || w(k, &["co"]) || w(k, &["tong"]) || w(k, &["binh", "quan"])
        })
        .unwrap_or(end.min(n + 16));
    let says = |words: &[&str]| (n + 2..stop).any(|k| w(k, words));
    let higher = says(&["nang", "cao"]) || says(&["kieu", "mau"]);
    let standard = says(&["nong", "thon", "moi"]) || says(&["ntm"]) || says(&["dat", "chuan"]);
    let building = says(&["xay", "dung"]) || says(&["thuc", "hien"]) || says(&["tham", "gia"]);
    if among && !(higher || (standard && !building)) {
        return None;
    }
    Some((n, stop))
}

/// Words that, after an earlier period, speak of the present again.
const NOW: &[&[&str]] = &[&["den", "nay"], &["hien", "nay"], &["hien", "tai"]];

/// Words that speak of the present, whatever the paragraph around them states.
const PRESENT: &[&[&str]] = &[&["den", "nay"], &["hien"], &["da"], &["luy", "ke"], &["tinh", "den"]];

/// Words that make the rest of a clause speak of one year only.
const ONE_YEAR: &[&[&str]] = &[&["rieng", "nam"], &["rieng", "trong", "nam"]];

/// Splits the tokens into clauses at `;`, "nhưng", a sentence's `.`, `!`, `?`, a line break and
/// `[…]` (either bracket). A target stated in a sentence holds for its later clauses too ("Phấn đấu đến năm 2025
/// …; không còn xã dưới 15 tiêu chí.").
pub(crate) fn clauses(tokens: &[Token]) -> Vec<Clause> {
    let mut out: Vec<Clause> = Vec::new();
    let mut start = 0;
    let mut sentence_target = false;
    // A paragraph that opens with a target ("Mục tiêu đến hết năm 2020, …", "Năm 2025, toàn
    // tỉnh phấn đấu …") goes on stating targets in its later sentences, unless one speaks of the
    // present ("đến nay", "hiện …", "đã …").
    let mut paragraph_target = false;
    let mut paragraph_start = true;
    let mut depth = 0i32;
    let mut sentence = 0;
    for i in 0..=tokens.len() {
        let t = tokens.get(i);
        depth += i32::from(t.is_some_and(|t| t.is_punct('('))) - i32::from(t.is_some_and(|t| t.is_punct(')')));
        let soft = t.is_some_and(|t| t.is_punct(';') || (t.is_word("nhung") && depth <= 0));
        let sentence_end = t.is_none_or(|t| ['.', '!', '?', '\n', '[', '…', ']'].iter().any(|&c| t.is_punct(c)));
        if !(soft || sentence_end) {
            continue;
        }
        if i > start {
            // The words that describe a group the clause opens with are no marker ("Đối với 5 xã
            // thuộc kế hoạch …, đến quý 1 đã đạt …").
            let from = group_at(tokens, start, i).map_or(start, |g| g.1);
            let mut target_from = first_marker(tokens, from, i, TARGET);
            if paragraph_start {
                paragraph_target = target_from.is_some_and(|m| m <= start + 6);
            } else if paragraph_target && !(start..i).any(|k| PRESENT.iter().any(|p| words_at(tokens, k, p))) {
                target_from = Some(start);
            }
            paragraph_start = false;
            if sentence_target {
                target_from = Some(start);
            }
            sentence_target |= target_from.is_some();
            let earlier_from = first_marker(tokens, from, i, EARLIER);
            let now_from = earlier_from.and_then(|e| first_marker(tokens, e, i, NOW));
            let year_from = first_marker(tokens, from, i, ONE_YEAR);
            out.push(Clause { start, end: i, target_from, earlier_from, now_from, year_from, sentence });
        }
        if t.is_none_or(|t| t.is_punct('\n')) {
            paragraph_start = true;
            paragraph_target = false;
        }
        if sentence_end {
            sentence_target = false;
            depth = 0;
            sentence += usize::from(out.last().is_some_and(|c| c.sentence == sentence));
        }
        start = i + 1;
    }
    out
}

/// The first marker of `markers` in `start..end`, outside parentheses, not naming the program
/// ("mục tiêu quốc gia"), not compared with ("so với năm 2010") and not met ("vượt mục tiêu",
/// "hoàn thành kế hoạch").
fn first_marker(tokens: &[Token], start: usize, end: usize, markers: &[&[&str]]) -> Option<usize> {
    let mut depth = 0i32;
    for i in start..end {
        let t = &tokens[i];
        depth += i32::from(t.is_punct('(')) - i32::from(t.is_punct(')'));
        if depth > 0 {
            continue;
        }
        for m in markers {
            let compared = (i.saturating_sub(3).max(start)..i).any(|k| tokens[k].is_word("so"));
            // "vượt mục tiêu", "hoàn thành kế hoạch (đề ra)": a target met, stated as a fact.
            let met = (i.saturating_sub(3).max(start)..i)
                .any(|k| tokens[k].is_word("vuot") || words_at(tokens, k, &["hoan", "thanh"]));
            // "Chương trình mục tiêu quốc gia", a report's title "mục tiêu, nhiệm vụ và giải pháp".
            let program = words_at(tokens, i + m.len(), &["quoc", "gia"])
                || words_at(tokens, i + m.len(), &["nhiem", "vu"])
                || (tokens.get(i + m.len()).is_some_and(|t| t.is_punct(','))
                    && words_at(tokens, i + m.len() + 1, &["nhiem", "vu"]));
            if i + m.len() <= end && words_at(tokens, i, m) && !compared && !program && !met {
                return Some(i);
            }
        }
    }
    None
}

/// Whether the words `words` stand at `i`, in a row.
pub(crate) fn words_at(tokens: &[Token], i: usize, words: &[&str]) -> bool {
    words.iter().enumerate().all(|(k, w)| {
        tokens.get(i + k).is_some_and(|t| t.is_word(w) || t.int().map(|n| n.to_string()).as_deref() == Some(w))
    })
}

#[cfg(test)]
mod tests {
    use super::super::lex::tokens;
    use super::*;

    #[test]
    fn clauses_and_their_kinds() {
        let t = tokens(
            "Đến nay có 42/82 xã đạt chuẩn; phấn đấu đến năm 2025 có 60 xã. Năm 2010, bình quân mỗi xã đạt 3,5 tiêu chí.",
        );
        let c = clauses(&t);
        let kinds: Vec<ClauseKind> = c.iter().map(|c| c.kind_at(c.end - 1)).collect();
        assert_eq!(kinds, [ClauseKind::Now, ClauseKind::Target, ClauseKind::Earlier]);
        // "lúc mới triển khai" is a marker from where it stands.
        let t = tokens("Lúc mới triển khai, bình quân mỗi xã chỉ đạt 4,1 tiêu chí");
        assert_eq!(clauses(&t)[0].kind_at(5), ClauseKind::Earlier);
        // A target stated after a figure leaves the figure in the present.
        let t = tokens("toàn tỉnh hiện có 23 xã đạt chuẩn NTM và theo dự kiến sẽ có huyện đầu tiên");
        let c = &clauses(&t)[0];
        assert_eq!((c.kind_at(4), c.kind_at(c.end - 1)), (ClauseKind::Now, ClauseKind::Target));
    }
}
