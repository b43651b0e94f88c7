//! Text normalisation used for matching codes and names.

use unicode_normalization::UnicodeNormalization;

/// Normalises text for display and exact matching: NFC, trimmed, with a leading BOM removed.
///
/// ```
/// // "Lạng Sơn" typed on macOS arrives decomposed (NFD).
/// let nfd = "La\u{323}ng So\u{31b}n";
/// assert_eq!(ntm_criteria::text::nfc(nfd), "Lạng Sơn");
/// ```
pub fn nfc(s: &str) -> String {
    s.trim_start_matches('\u{feff}').trim().nfc().collect()
}

/// The NFC form of a whole text, borrowed when it already is NFC (positions in it stay those of
/// the file).
///
/// ```
/// use ntm_criteria::text::nfc_text;
/// assert_eq!(nfc_text("La\u{323}ng So\u{31b}n"), "Lạng Sơn");
/// assert!(matches!(nfc_text("Lạng Sơn"), std::borrow::Cow::Borrowed(_)));
/// ```
pub fn nfc_text(s: &str) -> std::borrow::Cow<'_, str> {
    if unicode_normalization::is_nfc(s) {
        std::borrow::Cow::Borrowed(s)
    } else {
        std::borrow::Cow::Owned(s.nfc().collect())
    }
}

/// Folds text for lenient name matching: NFD, combining marks removed, `đ` (and the look-alike
/// `ð`) → `d`, lower case, runs of white space, `-`, `–`, `—`, `_` and `.` collapsed to one space.
///
/// "Lạng Sơn", "lang son", "LANG-SON" and the NFD form all fold to `"lang son"`; "Hoà Bình" and
/// "Hòa Bình" (two accent placements) both fold to `"hoa binh"`.
///
/// ```
/// use ntm_criteria::text::fold;
/// assert_eq!(fold("Lạng Sơn"), "lang son");
/// assert_eq!(fold("  ĐỒNG   bằng sông Hồng "), "dong bang song hong");
/// assert_eq!(fold("Hoà Bình"), fold("Hòa Bình"));
/// ```
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = true;
    for c in s.trim_start_matches('\u{feff}').nfd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        let c = match c {
            // 'Ð'/'ð' (U+00D0, U+00F0) stand in for 'Đ' in much Vietnamese web text.
            'đ' | 'Đ' | 'Ð' | 'ð' => 'd',
            c if c.is_whitespace() || matches!(c, '-' | '_' | '.' | '\u{2013}' | '\u{2014}' | '\u{2212}') => ' ',
            c => c,
        };
        if c == ' ' {
            if !space {
                out.push(' ');
            }
            space = true;
        } else {
            out.extend(c.to_lowercase());
            space = false;
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// The form names and headers are compared in: [`fold`], with `,`, `/`, `&`, `;` and brackets
/// read as separators too (`Huyện/thị xã`, `TD&MNPB`, `Hà Nội (TP)`).
///
/// ```
/// use ntm_criteria::text::key;
/// assert_eq!(key(" Mã   xã "), "ma xa");
/// assert_eq!(key("1,1"), key("1.1"));
/// assert_eq!(key("Huyện/thị xã"), "huyen thi xa");
/// assert_eq!(key("Hà Nội (TP)"), "ha noi tp");
/// assert_eq!(key("Thừa Thiên – Huế"), "thua thien hue");
/// ```
pub fn key(s: &str) -> String {
    let spaced: String =
        s.chars().map(|c| if matches!(c, ',' | '/' | '(' | ')' | '[' | ']' | ';' | '&') { ' ' } else { c }).collect();
    fold(&spaced)
}

/// The edit distance (Levenshtein, in characters) between two strings.
///
/// ```
/// use ntm_criteria::text::edit_distance;
/// assert_eq!(edit_distance("lang son", "lang sonn"), 1);
/// assert_eq!(edit_distance("met_count", "met_count"), 0);
/// ```
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The candidates nearest to `input`, compared folded ([`fold`]): at most `max` names, nearest
/// first, among those within an edit distance of a third of the input's length (at least 1,
/// at most 4). Each candidate is `(folded form, name to show)`; a name shown once only.
///
/// ```
/// use ntm_criteria::text::{fold, suggest};
/// let names = ["Lạng Sơn", "Lâm Đồng", "Sơn La"];
/// let candidates: Vec<(String, &str)> = names.iter().map(|n| (fold(n), *n)).collect();
/// assert_eq!(suggest("Lạng Sơnn", &candidates, 3), ["Lạng Sơn"]);
/// assert!(suggest("Atlantis", &candidates, 3).is_empty());
/// ```
pub fn suggest<'a>(input: &str, candidates: &[(String, &'a str)], max: usize) -> Vec<&'a str> {
    let f = fold(input);
    let limit = (f.chars().count() / 3).clamp(1, 4);
    let mut scored: Vec<(usize, &'a str)> = candidates
        .iter()
        .map(|(folded, shown)| (edit_distance(&f, folded), *shown))
        .filter(|(d, _)| *d <= limit)
        .collect();
    scored.sort_by_key(|(d, _)| *d);
    let mut out: Vec<&'a str> = Vec::new();
    for (_, s) in scored {
        if !out.contains(&s) && out.len() < max {
            out.push(s);
        }
    }
    out
}

/// "did you mean …?" for a message, or nothing when there is no suggestion.
///
/// ```
/// assert_eq!(ntm_criteria::text::did_you_mean(&["met_count"]), "; did you mean \"met_count\"?");
/// assert_eq!(ntm_criteria::text::did_you_mean(&["a", "b"]), "; did you mean \"a\" or \"b\"?");
/// assert_eq!(ntm_criteria::text::did_you_mean(&[]), "");
/// ```
pub fn did_you_mean(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => format!("; did you mean {one:?}?"),
        [init @ .., last] => {
            let head: Vec<String> = init.iter().map(|n| format!("{n:?}")).collect();
            format!("; did you mean {} or {last:?}?", head.join(", "))
        }
    }
}
