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

/// Folds text for lenient name matching: NFD, combining marks removed, `đ` → `d`, lower case,
/// runs of white space, `-`, `_` and `.` collapsed to one space.
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
            'đ' | 'Đ' => 'd',
            c if c.is_whitespace() || c == '-' || c == '_' || c == '.' => ' ',
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
