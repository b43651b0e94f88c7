//! Reading hand-made cells: numbers with decimal commas and percent signs, yes/no verdicts in
//! Vietnamese, ticks, and the text normalisation applied before matching.
//!
//! The input of this library is typed by commune officials and exported from Excel. These
//! functions take what is unambiguous and reject, with a precise [`ParseIssue`], what is not.
//! Every rule is listed, with examples, in `docs/input-rules.md`; in short:
//!
//! - **numbers** ([`parse_number`]): `85`, `85.0`, `85,0` (decimal comma), `+85`, ` 85 `; a `%`
//!   sign only in a percent column (`85%`, `85 %`, `0,5%`). Rejected: empty text, letters,
//!   `inf`/`NaN`/`#DIV/0!`, scientific notation, digit grouping (`1.234,5`, `1 234`), a negative
//!   value (except in a `number` unit), a percentage over 100, and in a percent column a bare
//!   fraction strictly between 0 and 1 (`0.85` could be 85% or 0.85%: write `85` or `0.85%`).
//! - **yes/no** ([`parse_yes_no`]): `true`/`false`, `1`/`0`, `Đạt`/`Không đạt`/`Chưa đạt` (any case,
//!   accents optional, NFC or NFD), `x` for yes; an empty cell is **missing** (not assessed), never
//!   "no". Anything else (`có`, `không`, `yes`, `2`, …) is an error.
//! - **cells of an indicator column** ([`parse_cell`]): read according to the indicator's rule and
//!   unit; an empty cell is [`Value::Missing`].
//!
//! ```
//! use ntm_criteria::parse::{parse_number, parse_yes_no};
//! use ntm_criteria::Unit;
//! assert_eq!(parse_number("85,5%", Unit::Percent)?, 85.5);
//! assert_eq!(parse_yes_no("Không đạt")?, Some(false));
//! assert_eq!(parse_number("0.85", Unit::Percent).unwrap_err().kind, "ambiguous_percent");
//! # Ok::<(), ntm_criteria::parse::ParseIssue>(())
//! ```

use std::fmt;

use crate::assess::Value;
use crate::catalog::{Indicator, RuleKind, Unit};
use crate::text::fold;

/// Why a cell could not be read: a machine-readable `kind` and a message that says what to
/// write instead.
///
/// Kinds: `empty`, `not_a_number`, `not_finite`, `ambiguous_separator`, `unexpected_percent`,
/// `negative`, `out_of_range`, `ambiguous_percent`, `not_yes_no`, `needs_components`.
///
/// ```
/// let e = ntm_criteria::parse::parse_number("abc", ntm_criteria::Unit::Percent).unwrap_err();
/// assert_eq!(e.kind, "not_a_number");
/// assert_eq!(e.to_string(), "not a number");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseIssue {
    /// Machine-readable kind (used as [`crate::Problem::kind`]).
    pub kind: &'static str,
    /// Human-readable message.
    pub message: String,
}

impl ParseIssue {
    fn new(kind: &'static str, message: impl Into<String>) -> ParseIssue {
        ParseIssue { kind, message: message.into() }
    }
}

impl fmt::Display for ParseIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ParseIssue {}

/// The text of a cell as it is matched: a leading UTF-8 BOM removed, white space (including
/// no-break spaces) trimmed, Unicode normalised to NFC.
///
/// ```
/// assert_eq!(ntm_criteria::parse::clean("\u{feff} \u{a0}Đa\u{323}t "), "Đạt");
/// ```
pub fn clean(text: &str) -> String {
    crate::text::nfc(text)
}

fn unit_words(unit: Unit) -> &'static str {
    match unit {
        Unit::Bool => "a yes/no",
        Unit::Percent => "a percentage",
        Unit::MillionVndPerPersonYear => "an income (million VND per person per year)",
        Unit::M2PerPerson => "an area (m² per person)",
        Unit::Count => "a count",
        Unit::Number => "a number",
    }
}

/// Reads a number in an indicator's unit.
///
/// Accepted: digits with at most one decimal separator, `.` or `,` (`85`, `85.0`, `85,0`,
/// `.5`), an optional sign (`+`, `-`, `−`), white space around; in a [`Unit::Percent`] column a
/// trailing `%` (`85%`, `85 %`). The value must fit the unit: ≥ 0 except for [`Unit::Number`],
/// at most 100 for a percentage, 0 or 1 for [`Unit::Bool`]; income, areas and counts have no
/// upper bound. In a percent column, a number strictly between 0 and 1 written without `%` is
/// ambiguous (a fraction 0.85 = 85%, or 0.85%?) and rejected: write `85`, `85%` or `0.85%`.
///
/// Rejected with their kind: `""` (`empty`), `abc`, `1e3`, `#DIV/0!` (`not_a_number`), `inf`,
/// `NaN` (`not_finite`), `1.234,5`, `1,234,567`, `1 234` (`ambiguous_separator`), `85%` outside a
/// percent column (`unexpected_percent`), `-5` (`negative`), `120%` (`out_of_range`).
///
/// ```
/// use ntm_criteria::parse::parse_number;
/// use ntm_criteria::Unit;
/// assert_eq!(parse_number("85", Unit::Percent)?, 85.0);
/// assert_eq!(parse_number("85,0", Unit::Percent)?, 85.0);
/// assert_eq!(parse_number(" 85 % ", Unit::Percent)?, 85.0);
/// assert_eq!(parse_number("0,5%", Unit::Percent)?, 0.5);
/// assert_eq!(parse_number("250", Unit::MillionVndPerPersonYear)?, 250.0); // income does not cap
/// assert_eq!(parse_number("-3,5", Unit::Number)?, -3.5);
/// for (text, kind) in [
///     ("", "empty"),
///     ("abc", "not_a_number"),
///     ("NaN", "not_finite"),
///     ("inf", "not_finite"),
///     ("-5%", "negative"),
///     ("120%", "out_of_range"),
///     ("0.85", "ambiguous_percent"),
///     ("1.234,5", "ambiguous_separator"),
/// ] {
///     assert_eq!(parse_number(text, Unit::Percent).unwrap_err().kind, kind, "{text}");
/// }
/// assert_eq!(parse_number("38%", Unit::MillionVndPerPersonYear).unwrap_err().kind, "unexpected_percent");
/// # Ok::<(), ntm_criteria::parse::ParseIssue>(())
/// ```
pub fn parse_number(text: &str, unit: Unit) -> Result<f64, ParseIssue> {
    let s = text.trim_start_matches('\u{feff}').trim();
    if s.is_empty() {
        return Err(ParseIssue::new("empty", "the cell is empty"));
    }
    let (body, percent) = match s.strip_suffix('%') {
        Some(b) => (b.trim_end(), true),
        None => (s, false),
    };
    if percent && unit != Unit::Percent {
        return Err(ParseIssue::new(
            "unexpected_percent",
            format!("a % sign, but this indicator is {} ({}); write the number alone", unit_words(unit), unit.as_str()),
        ));
    }
    let lower = body.to_lowercase();
    let bare = lower.trim_start_matches(['+', '-', '\u{2212}']);
    if matches!(bare, "inf" | "infinity" | "∞" | "nan" | "na" | "n/a") {
        return Err(ParseIssue::new(
            "not_finite",
            "not a finite number; leave the cell empty when the value is not known",
        ));
    }
    if body.starts_with('#') {
        return Err(ParseIssue::new(
            "not_a_number",
            "an Excel error value; fix the formula, or leave the cell empty when the value is not known",
        ));
    }
    let (negative, digits) = match body.chars().next() {
        Some(c @ ('-' | '\u{2212}' | '+')) => (c != '+', &body[c.len_utf8()..]),
        _ => (false, body),
    };
    let mut separators = 0usize;
    let mut has_digit = false;
    let mut grouped = false;
    for c in digits.chars() {
        match c {
            '0'..='9' => has_digit = true,
            '.' | ',' => separators += 1,
            ' ' | '\u{a0}' | '\u{202f}' | '\'' | '_' => grouped = true,
            'e' | 'E' if has_digit => {
                return Err(ParseIssue::new(
                    "not_a_number",
                    "scientific notation is not accepted; write the number in full",
                ));
            }
            _ => return Err(ParseIssue::new("not_a_number", "not a number")),
        }
    }
    if !has_digit {
        return Err(ParseIssue::new("not_a_number", "not a number"));
    }
    if separators > 1 || grouped {
        return Err(ParseIssue::new(
            "ambiguous_separator",
            "digit grouping (thousands separators) is not accepted: write the number without it, with one decimal separator (1234.5 or 1234,5)",
        ));
    }
    let ascii = digits.replace(',', ".");
    let magnitude: f64 = ascii.parse().map_err(|_| ParseIssue::new("not_a_number", "not a number"))?;
    if !magnitude.is_finite() {
        return Err(ParseIssue::new("not_finite", "the number is too large"));
    }
    // "-0" is 0.
    let v = if negative && magnitude != 0.0 { -magnitude } else { magnitude };
    if v < 0.0 && unit != Unit::Number {
        return Err(ParseIssue::new(
            "negative",
            format!("a negative value, but {} is never below 0", unit_words(unit)),
        ));
    }
    if unit == Unit::Percent {
        if v > 100.0 {
            return Err(ParseIssue::new("out_of_range", "a percentage over 100%"));
        }
        if !percent && v > 0.0 && v < 1.0 {
            return Err(ParseIssue::new(
                "ambiguous_percent",
                format!(
                    "ambiguous: a fraction ({} = {}%) or {}%? Write {} or {}% for the fraction, {}% for less than one percent",
                    body,
                    fmt_pct(v * 100.0),
                    body,
                    fmt_pct(v * 100.0),
                    fmt_pct(v * 100.0),
                    body
                ),
            ));
        }
    }
    if !unit.allows(v) {
        return Err(ParseIssue::new("out_of_range", format!("{v} is not {}", unit_words(unit))));
    }
    Ok(v)
}

/// A percentage for a message, without float noise (`85`, `0.5`, `12.34`).
fn fmt_pct(v: f64) -> String {
    let r = (v * 1e6).round() / 1e6;
    format!("{r}")
}

/// The verdict words accepted in any indicator column: `true`/`false`, `Đạt`/`Không đạt`/`Chưa
/// đạt` (folded: any case, accents optional).
fn verdict_word(folded: &str) -> Option<bool> {
    match folded {
        "true" | "dat" => Some(true),
        "false" | "khong dat" | "chua dat" => Some(false),
        _ => None,
    }
}

/// Reads a yes/no cell of an indicator declared yes/no (the agency's verdict, "Đạt").
///
/// Yes: `true`, `1`, `Đạt` (`đạt`, `ĐẠT`, `dat`), `x` (a tick). No: `false`, `0`, `Không đạt`,
/// `Chưa đạt` (`không đạt`, `khong dat`). Case, accents and NFC/NFD do not matter; `1.0`/`0.0`
/// (a number column exported by pandas) are accepted. An empty cell is **missing**: `Ok(None)`,
/// assessed as "not assessed", never as "no" (write `0` or `Không đạt` for no).
///
/// Anything else is a `not_yes_no` error, including `có`/`không` and `yes`/`no`: for an indicator
/// whose target is absence ("Không": no temporary houses) they could mean either outcome.
///
/// ```
/// use ntm_criteria::parse::parse_yes_no;
/// assert_eq!(parse_yes_no("Đạt")?, Some(true));
/// assert_eq!(parse_yes_no("KHÔNG ĐẠT")?, Some(false));
/// assert_eq!(parse_yes_no("Kho\u{302}ng đa\u{323}t")?, Some(false)); // NFD, from macOS
/// assert_eq!(parse_yes_no("x")?, Some(true));
/// assert_eq!(parse_yes_no("0")?, Some(false));
/// assert_eq!(parse_yes_no("")?, None); // missing, not "no"
/// assert_eq!(parse_yes_no("có").unwrap_err().kind, "not_yes_no");
/// assert!(parse_yes_no("2").is_err());
/// # Ok::<(), ntm_criteria::parse::ParseIssue>(())
/// ```
pub fn parse_yes_no(text: &str) -> Result<Option<bool>, ParseIssue> {
    let s = text.trim_start_matches('\u{feff}').trim();
    if s.is_empty() {
        return Ok(None);
    }
    let raw = s.to_lowercase();
    match raw.as_str() {
        "1" | "1.0" | "1,0" | "x" => return Ok(Some(true)),
        "0" | "0.0" | "0,0" => return Ok(Some(false)),
        _ => {}
    }
    if let Some(b) = verdict_word(&fold(s)) {
        return Ok(Some(b));
    }
    Err(ParseIssue::new(
        "not_yes_no",
        "not a yes/no value: write Đạt, Không đạt, 1, 0, true, false or x (an empty cell is not assessed)",
    ))
}

/// Reads one cell of an indicator column, according to the indicator's rule and unit.
///
/// - `achieved`, `province_defined` (yes/no): [`parse_yes_no`] → [`Value::Verdict`].
/// - `at_least`, `at_most`: a number ([`parse_number`] in the indicator's unit) →
///   [`Value::Number`], or a verdict word (`Đạt`, `Không đạt`, `Chưa đạt`, `true`, `false`) →
///   [`Value::Verdict`].
/// - `absent` (the thing must be absent): a count ≥ 0 (met when 0) or a verdict word. A tick
///   `x`, `Có` and `Không` are refused: "Không" could mean "there are none" (met) or "not met".
/// - `at_least_both` (two numbers, e.g. 17.1 water): a yes/no verdict only; the two numbers go in
///   the columns `17.1:hygienic` and `17.1:clean`, each read with [`parse_number`].
///
/// An empty cell is [`Value::Missing`] (not assessed).
///
/// ```
/// use ntm_criteria::parse::parse_cell;
/// use ntm_criteria::{CriteriaSet, Value};
/// let set = CriteriaSet::bundled("2016-2020")?;
/// assert_eq!(parse_cell("92,5%", set.indicator("4.2")?)?, Value::Number(92.5));
/// assert_eq!(parse_cell("Đạt", set.indicator("4.2")?)?, Value::Verdict(true));
/// assert_eq!(parse_cell("x", set.indicator("1.1")?)?, Value::Verdict(true));
/// assert_eq!(parse_cell("", set.indicator("1.1")?)?, Value::Missing);
/// assert_eq!(parse_cell("2", set.indicator("9.1")?)?, Value::Number(2.0)); // 2 temporary houses
/// assert_eq!(parse_cell("95", set.indicator("17.1")?).unwrap_err().kind, "needs_components");
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn parse_cell(text: &str, indicator: &Indicator) -> Result<Value, ParseIssue> {
    let s = text.trim_start_matches('\u{feff}').trim();
    if s.is_empty() {
        return Ok(Value::Missing);
    }
    match indicator.rule {
        RuleKind::Achieved | RuleKind::ProvinceDefined => {
            Ok(parse_yes_no(s)?.map(Value::Verdict).unwrap_or(Value::Missing))
        }
        RuleKind::AtLeastBoth => match parse_yes_no(s) {
            Ok(v) => Ok(v.map(Value::Verdict).unwrap_or(Value::Missing)),
            Err(e) => {
                if parse_number(s, Unit::Number).is_ok() {
                    let names = indicator.components.clone().unwrap_or_else(|| ["a".into(), "b".into()]);
                    let id = &indicator.id;
                    Err(ParseIssue::new(
                        "needs_components",
                        format!(
                            "indicator {id} has two numbers: put them in the columns {id}:{} and {id}:{}; this column takes a verdict (Đạt / Không đạt)",
                            names[0], names[1]
                        ),
                    ))
                } else {
                    Err(e)
                }
            }
        },
        RuleKind::Absent => {
            if let Some(b) = verdict_word(&fold(s)) {
                return Ok(Value::Verdict(b));
            }
            if matches!(fold(s).as_str(), "x" | "khong" | "co" | "yes" | "no") {
                return Err(ParseIssue::new(
                    "not_yes_no",
                    "ambiguous for an indicator whose target is absence (\"Không\" could mean \"there are none\" or \"not met\"): write Đạt / Không đạt, or the count (0 when there are none)",
                ));
            }
            parse_number(s, Unit::Count).map(Value::Number)
        }
        RuleKind::AtLeast | RuleKind::AtMost => {
            if let Some(b) = verdict_word(&fold(s)) {
                return Ok(Value::Verdict(b));
            }
            parse_number(s, indicator.unit).map(Value::Number)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        let ok = [
            ("85", 85.0),
            ("85.0", 85.0),
            ("85,0", 85.0),
            ("85%", 85.0),
            ("85 %", 85.0),
            ("+85", 85.0),
            ("\u{feff}85", 85.0),
            ("\u{a0}85\u{a0}", 85.0),
            (".5%", 0.5),
            ("5.", 5.0),
            ("0", 0.0),
            ("-0", 0.0),
            ("1", 1.0),
            ("100", 100.0),
            ("0,85%", 0.85),
        ];
        for (t, v) in ok {
            assert_eq!(parse_number(t, Unit::Percent), Ok(v), "{t:?}");
        }
        let bad = [
            ("abc", "not_a_number"),
            ("", "empty"),
            ("  ", "empty"),
            ("%", "not_a_number"),
            ("-", "not_a_number"),
            ("--5", "not_a_number"),
            ("+-5", "not_a_number"),
            ("5-", "not_a_number"),
            ("1e3", "not_a_number"),
            ("#DIV/0!", "not_a_number"),
            ("#N/A", "not_a_number"),
            ("inf", "not_finite"),
            ("-Infinity", "not_finite"),
            ("NaN", "not_finite"),
            ("nan%", "not_finite"),
            ("1.234,5", "ambiguous_separator"),
            ("1,2,3", "ambiguous_separator"),
            ("1 234", "ambiguous_separator"),
            ("-5", "negative"),
            ("−5%", "negative"),
            ("100.5", "out_of_range"),
            ("120%", "out_of_range"),
            ("0.85", "ambiguous_percent"),
            ("0,5", "ambiguous_percent"),
            ("85%%", "not_a_number"),
        ];
        for (t, k) in bad {
            assert_eq!(parse_number(t, Unit::Percent).map_err(|e| e.kind), Err(k), "{t:?}");
        }
        assert_eq!(parse_number("250", Unit::MillionVndPerPersonYear), Ok(250.0));
        assert_eq!(parse_number("0,85", Unit::MillionVndPerPersonYear), Ok(0.85));
        assert_eq!(parse_number("38%", Unit::MillionVndPerPersonYear).map_err(|e| e.kind), Err("unexpected_percent"));
        assert_eq!(parse_number("-1", Unit::Count).map_err(|e| e.kind), Err("negative"));
        assert_eq!(parse_number("-1,5", Unit::Number), Ok(-1.5));
        assert_eq!(parse_number("2", Unit::Bool).map_err(|e| e.kind), Err("out_of_range"));
        let huge = "9".repeat(400);
        assert_eq!(parse_number(&huge, Unit::Count).map_err(|e| e.kind), Err("not_finite"));
    }

    #[test]
    fn message_suggests_the_fix() {
        let e = parse_number("0.85", Unit::Percent).unwrap_err();
        assert!(e.message.contains("85%") && e.message.contains("0.85%"), "{e}");
    }

    #[test]
    fn yes_no() {
        for t in ["true", "TRUE", "1", "1.0", "Đạt", "đạt", "ĐẠT", "dat", "Đa\u{323}t", "x", "X"] {
            assert_eq!(parse_yes_no(t), Ok(Some(true)), "{t:?}");
        }
        for t in ["false", "False", "0", "0,0", "Không đạt", "không đạt", "khong dat", "Chưa đạt"] {
            assert_eq!(parse_yes_no(t), Ok(Some(false)), "{t:?}");
        }
        assert_eq!(parse_yes_no(" "), Ok(None));
        for t in ["có", "không", "yes", "no", "2", "-1", "đạt?", "nan", "xx"] {
            assert_eq!(parse_yes_no(t).map_err(|e| e.kind), Err("not_yes_no"), "{t:?}");
        }
    }
}
