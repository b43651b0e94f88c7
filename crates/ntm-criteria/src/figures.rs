//! Figures as Vietnamese reports print them (số liệu trong báo cáo): counts padded to two digits
//! (`04`), a dot between thousands (`1.586`), a decimal comma (`11,66`), shares with a `%` sign
//! (`28,18%`), and criteria ranges in words (`05-09`, `15 – 18`, `dưới 5`, `từ 14 trở lên`).
//!
//! These are the input helpers of the report auditor ([`crate::audit()`]). Every failure is
//! [`NtmError::Figure`] with the text and the reason. Nothing is guessed: `11.66` is refused
//! (in Vietnamese a dot groups thousands, so it is neither 11,66 nor a grouping), and so is
//! `1,586` as a count (a comma is a decimal separator).
//!
//! ```
//! use ntm_criteria::figures::{parse_count, parse_count_of, parse_decimal, parse_range, parse_share};
//! assert_eq!(parse_count("04")?, 4);
//! assert_eq!(parse_count("1.586")?, 1586);
//! assert_eq!(parse_decimal("11,66")?.to_vi(), "11,66");
//! assert_eq!(parse_share("28,18%")?.to_vi(), "28,18");
//! assert_eq!(parse_count_of("04/181")?, (4, 181));
//! assert_eq!(parse_range("05-09", 19)?, (5, 9));
//! assert_eq!(parse_range("15 – 18", 19)?, (15, 18));
//! assert_eq!(parse_range("dưới 5", 19)?, (0, 4));
//! assert_eq!(parse_range("từ 14 trở lên", 19)?, (14, 19));
//! assert!(parse_decimal("11.66").is_err());
//! # Ok::<(), ntm_criteria::NtmError>(())
//! ```

use crate::error::{NtmError, Result};
use crate::fixed::Fixed;
use crate::text::{fold, nfc};

fn fail(input: &str, reason: impl Into<String>) -> NtmError {
    NtmError::Figure { input: input.to_string(), reason: reason.into() }
}

/// The text as it is matched: NFC, trimmed, no-break and narrow spaces turned into spaces.
fn cleaned(text: &str) -> String {
    nfc(&text.replace(['\u{a0}', '\u{202f}', '\u{2009}'], " "))
}

/// A whole number with optional thousands separators (`.` or a space), groups of three after the
/// first. `Err` carries the reason.
fn whole(s: &str) -> std::result::Result<u64, String> {
    if s.is_empty() {
        return Err("no digits".into());
    }
    if s.contains(',') {
        return Err("a comma is a decimal separator in Vietnamese figures; a count is a whole number".into());
    }
    let sep = s.chars().find(|c| *c == '.' || *c == ' ');
    let digits: String = match sep {
        None => s.to_string(),
        Some(sep) => {
            if s.chars().any(|c| (c == '.' || c == ' ') && c != sep) {
                return Err("mixes a dot and a space between digit groups".into());
            }
            let groups: Vec<&str> = s.split(sep).collect();
            let first_ok = groups.first().is_some_and(|g| (1..=3).contains(&g.len()));
            if !first_ok || groups.iter().skip(1).any(|g| g.len() != 3) {
                return Err(if sep == '.' {
                    "a dot separates thousands in Vietnamese figures (1.586 = 1586), so it must be followed by \
                     groups of three digits; write a decimal with a comma (11,66)"
                        .into()
                } else {
                    "a space between digits must separate groups of three (1 586)".into()
                });
            }
            groups.concat()
        }
    };
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err("not a number: only digits, a thousands dot and a decimal comma are read".into());
    }
    digits.parse::<u64>().map_err(|_| "too large".to_string())
}

/// A count of communes or criteria: `"04"`, `"51"`, `"181"`, `"1.586"`, `"2 110"`.
///
/// Leading zeros are allowed (reports pad counts to two digits); a dot or a space separates
/// thousands. A comma (a decimal), a sign or any other character is an error.
///
/// ```
/// use ntm_criteria::figures::parse_count;
/// assert_eq!(parse_count("04")?, 4);
/// assert_eq!(parse_count(" 2.110 ")?, 2110);
/// assert!(parse_count("1,586").is_err()); // a decimal comma: 1,586 is not a count
/// assert!(parse_count("1.58").is_err());  // not a thousands grouping
/// assert!(parse_count("").is_err());
/// # Ok::<(), ntm_criteria::NtmError>(())
/// ```
pub fn parse_count(text: &str) -> Result<u64> {
    let s = cleaned(text);
    whole(&s).map_err(|r| fail(text, r))
}

/// A whole number written with Vietnamese thousands dots: `"1.586"` is 1586, never 1.586.
/// The same rules as [`parse_count`], named for the totals of criteria (`1.586/2.888 tiêu chí`).
///
/// ```
/// use ntm_criteria::figures::parse_thousands;
/// assert_eq!(parse_thousands("1.586")?, 1586);
/// assert_eq!(parse_thousands("1.234.567")?, 1_234_567);
/// assert!(parse_thousands("1.5860").is_err());
/// # Ok::<(), ntm_criteria::NtmError>(())
/// ```
pub fn parse_thousands(text: &str) -> Result<u64> {
    parse_count(text)
}

/// A count of a total, as in `"04/181"` (04 of 181 communes) → `(4, 181)`.
///
/// ```
/// use ntm_criteria::figures::parse_count_of;
/// assert_eq!(parse_count_of("51/181 xã")?, (51, 181));
/// assert_eq!(parse_count_of("1.586 / 2.888")?, (1586, 2888));
/// assert!(parse_count_of("51").is_err());
/// # Ok::<(), ntm_criteria::NtmError>(())
/// ```
pub fn parse_count_of(text: &str) -> Result<(u64, u64)> {
    let s = cleaned(text);
    let s = strip_word(&s, &["xã", "xa", "tiêu chí", "tieu chi"]);
    let (a, b) = s.split_once('/').ok_or_else(|| fail(text, "expected a count of a total, such as 04/181"))?;
    let a = whole(a.trim()).map_err(|r| fail(text, r))?;
    let b = whole(b.trim()).map_err(|r| fail(text, r))?;
    Ok((a, b))
}

/// Removes one trailing word (case-insensitive on the given spellings).
fn strip_word<'a>(s: &'a str, words: &[&str]) -> &'a str {
    let lower = s.to_lowercase();
    for w in words {
        if lower.ends_with(w)
            && lower.len() == s.len()
            && let Some(head) = s.get(..s.len() - w.len())
        {
            return head.trim_end();
        }
    }
    s
}

/// An exact decimal with a decimal comma: `"11,66"` → 11.66 with 2 decimals (the printed number
/// of decimals is kept: it is the precision of the report).
///
/// A dot separates thousands (`"1.586,5"` is 1586.5); a dot followed by anything but groups of
/// three digits is an error (`"11.66"`: write `11,66`). A leading `-` is allowed; at most 9
/// decimals.
///
/// ```
/// use ntm_criteria::{figures::parse_decimal, Fixed};
/// assert_eq!(parse_decimal("11,66")?, Fixed::new(1166, 2));
/// assert_eq!(parse_decimal("12,4")?, Fixed::new(124, 1));
/// assert_eq!(parse_decimal("1.586")?, Fixed::new(1586, 0));
/// assert_eq!(parse_decimal("-0,5")?, Fixed::new(-5, 1));
/// assert!(parse_decimal("11.66").is_err());
/// assert!(parse_decimal("11,6,6").is_err());
/// # Ok::<(), ntm_criteria::NtmError>(())
/// ```
pub fn parse_decimal(text: &str) -> Result<Fixed> {
    let s = cleaned(text);
    let (neg, body) = match s.strip_prefix(['-', '\u{2212}']) {
        Some(rest) => (true, rest.trim_start()),
        None => (false, s.strip_prefix('+').unwrap_or(&s).trim_start()),
    };
    let (int, frac) = match body.split_once(',') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    if int.is_empty() {
        return Err(fail(text, "no digits before the decimal comma"));
    }
    let int = whole(int).map_err(|r| fail(text, r))?;
    let (frac_units, scale) = match frac {
        None => (0u64, 0u8),
        Some(f) => {
            if f.is_empty() || !f.chars().all(|c| c.is_ascii_digit()) {
                return Err(fail(text, "expected digits after the decimal comma (11,66)"));
            }
            if f.len() > 9 {
                return Err(fail(text, "more than 9 decimals"));
            }
            let v = f.parse::<u64>().map_err(|_| fail(text, "bad decimals"))?;
            (v, f.len() as u8)
        }
    };
    let units = i64::try_from(int)
        .ok()
        .and_then(|i| i.checked_mul(10i64.pow(u32::from(scale))))
        .and_then(|i| i.checked_add(i64::try_from(frac_units).ok()?))
        .ok_or_else(|| fail(text, "too large"))?;
    Ok(Fixed::new(if neg { -units } else { units }, scale))
}

/// A printed share: a decimal with an optional `%` sign, not negative: `"28,18%"`, `"2,21 %"`,
/// `"54,8"`.
///
/// ```
/// use ntm_criteria::{figures::parse_share, Fixed};
/// assert_eq!(parse_share("28,18%")?, Fixed::new(2818, 2));
/// assert_eq!(parse_share("54,8")?, Fixed::new(548, 1));
/// assert!(parse_share("-1%").is_err());
/// # Ok::<(), ntm_criteria::NtmError>(())
/// ```
pub fn parse_share(text: &str) -> Result<Fixed> {
    let s = cleaned(text);
    let body = s.strip_suffix('%').map(str::trim_end).unwrap_or(&s);
    let v = parse_decimal(body).map_err(|e| match e {
        NtmError::Figure { reason, .. } => fail(text, reason),
        other => other,
    })?;
    if v.units < 0 {
        return Err(fail(text, "a share cannot be negative"));
    }
    Ok(v)
}

/// A range of criteria counts as printed, for a set of `n` criteria → `(lo, hi)` inclusive.
///
/// Read: `"19"`; `"05-09"`, `"15 – 18"`, `"5 đến 9"` (any dash); `"từ 5-9"`; `"dưới 5"`,
/// `"under 5"`, `"fewer than 5"`, `"< 5"` → `(0, 4)`; `"trên 14"`, `"> 14"` → `(15, n)`;
/// `"từ 14 trở lên"`, `"14 trở lên"`, `"≥ 14"`, `"at least 14"` → `(14, n)`; `"all 19"`. The words
/// "đạt" and "tiêu chí" are ignored; accents and case do not matter. A range outside `0..=n` or
/// with `lo > hi` is an error, and so is `"từ 5"` alone (from 5 to what?).
///
/// ```
/// use ntm_criteria::figures::parse_range;
/// assert_eq!(parse_range("19", 19)?, (19, 19));
/// assert_eq!(parse_range("từ 5-9", 19)?, (5, 9));
/// assert_eq!(parse_range("Dưới 8 tiêu chí", 19)?, (0, 7));
/// assert_eq!(parse_range("trên 14", 19)?, (15, 19));
/// assert_eq!(parse_range("từ 8 trở lên", 10)?, (8, 10));
/// assert!(parse_range("18-15", 19).is_err());
/// assert!(parse_range("15-20", 19).is_err());
/// assert!(parse_range("dưới 0", 19).is_err());
/// assert!(parse_range("từ 5", 19).is_err());
/// # Ok::<(), ntm_criteria::NtmError>(())
/// ```
pub fn parse_range(text: &str, n: u32) -> Result<(u32, u32)> {
    let mut s = cleaned(text).to_lowercase();
    for d in ['-', '–', '—', '‐', '‑', '−', '~'] {
        s = s.replace(d, " đến ");
    }
    for sym in ['<', '>', '≤', '≥', '='] {
        s = s.replace(sym, &format!(" {sym} "));
    }
    let folded = fold(&s);
    const IGNORED: [&str; 7] = ["dat", "tieu", "chi", "tc", "criteria", "criterion", "meet"];
    let tokens: Vec<&str> = folded.split(' ').filter(|t| !t.is_empty() && !IGNORED.contains(t)).collect();
    let num = |t: &str| -> Result<u32> {
        whole(t).ok().and_then(|v| u32::try_from(v).ok()).ok_or_else(|| fail(text, format!("{t:?} is not a count")))
    };
    let below = |t: &str, inclusive: bool| -> Result<(u32, u32)> {
        let a = num(t)?;
        if inclusive {
            Ok((0, a))
        } else if a == 0 {
            Err(fail(text, "no count is below 0"))
        } else {
            Ok((0, a - 1))
        }
    };
    let range = match tokens.as_slice() {
        [] => return Err(fail(text, "empty range")),
        [a] | ["all", a] => {
            let a = num(a)?;
            (a, a)
        }
        [a, "den" | "to", b] | ["tu" | "from", a, "den" | "to", b] => (num(a)?, num(b)?),
        ["tu" | "from", _] => {
            return Err(fail(text, "\"từ N\" needs an end: \"từ 5-9\" or \"từ 14 trở lên\""));
        }
        [a, "tro", "len"] | ["tu", a, "tro", "len"] | ["at", "least", a] | ["≥", a] | [">", "=", a] => (num(a)?, n),
        [a, "or", "more"] => (num(a)?, n),
        ["duoi" | "under" | "<", a] | ["fewer" | "less", "than", a] | ["it", "hon", a] => below(a, false)?,
        ["≤", a] | ["<", "=", a] => below(a, true)?,
        ["tren" | "over" | ">", a] | ["more", "than", a] => {
            let a = num(a)?;
            (a.checked_add(1).ok_or_else(|| fail(text, "too large"))?, n)
        }
        _ => {
            return Err(fail(
                text,
                "not a range of criteria (read: 19, 05-09, 15 – 18, từ 5-9, dưới 5, trên 14, từ 14 trở lên)",
            ));
        }
    };
    let (lo, hi) = range;
    if lo > hi {
        return Err(fail(text, format!("the range {lo}..{hi} is empty (lo above hi)")));
    }
    if hi > n {
        return Err(fail(text, format!("goes to {hi}, above the set's {n} criteria")));
    }
    Ok((lo, hi))
}
