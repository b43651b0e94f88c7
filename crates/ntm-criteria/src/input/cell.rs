//! The one cell parser: numbers with decimal commas and percent signs, yes/no verdicts in
//! Vietnamese, ticks, counts, years and criteria lists, for every door (CSV, Excel, frames,
//! dicts, Rust callers).
//!
//! The input of this library is typed by commune officials and exported from Excel. A door
//! hands each cell over as a [`Cell`]: text as typed, or a typed number, bool, Excel error or
//! nothing. These functions take what is unambiguous and reject, with a precise [`ParseIssue`],
//! what is not. The same cell gives the same answer, and the same problem kind, whichever door it
//! came through. Every rule is listed, with examples, in `docs/input-rules.md`; in short:
//!
//! - **numbers in text** ([`parse_number`]): `85`, `85.0`, `85,0` (decimal comma), `+85`,
//!   ` 85 `; a `%` sign only in a percent column (`85%`, `85 %`, `0,5%`). Rejected: empty text,
//!   letters, `inf`/`NaN`/`#DIV/0!`, scientific notation, digit grouping (`1.234,5`, `1 234`), a
//!   negative value (except in a `number` unit), a percentage over 100, and in a percent column a
//!   bare fraction strictly between 0 and 1 (`0.85` could be 85% or 0.85%: write `85` or `0.85%`).
//! - **typed numbers** ([`check_number`]): in the indicator's unit by contract; a NaN is a
//!   missing value; infinities, negatives and percentages over 100 are refused with the kinds of
//!   the text rules.
//! - **yes/no** ([`parse_yes_no`]): `true`/`false`, `1`/`0`, `Đạt`/`Không đạt`/`Chưa đạt` (any
//!   case, accents optional, NFC or NFD), `x` for yes; an empty cell is **missing** (not
//!   assessed), never "no". Anything else (`có`, `không`, `yes`, `2`, …) is an error.
//! - **cells of an indicator column** ([`read_value`], [`parse_cell`] for text): read according
//!   to the indicator's rule and unit; an empty cell is [`Value::Missing`].
//! - **flags** ([`read_flag`], the ĐBKK/ATK column): an empty cell is "no".
//!
//! ```
//! use ntm_criteria::input::cell::{parse_number, parse_yes_no};
//! use ntm_criteria::Unit;
//! assert_eq!(parse_number("85,5%", Unit::Percent)?, 85.5);
//! assert_eq!(parse_yes_no("Không đạt")?, Some(false));
//! assert_eq!(parse_number("0.85", Unit::Percent).unwrap_err().kind, "ambiguous_percent");
//! # Ok::<(), ntm_criteria::input::cell::ParseIssue>(())
//! ```

use crate::kind::ProblemKind;
use std::fmt;

use crate::assess::{Status, Value};
use crate::catalog::{Indicator, RuleKind, Unit};
use crate::mask::CriteriaMask;
use crate::text::fold;

/// Why a cell could not be read: a machine-readable `kind` and a message that says what to
/// write instead.
///
/// Kinds: `empty`, `not_a_number`, `not_finite`, `ambiguous_separator`, `unexpected_percent`,
/// `negative`, `out_of_range`, `ambiguous_percent`, `not_yes_no`, `needs_components`,
/// `not_whole`, `wrong_shape`, `excel_error`, `unknown_criterion`, `repeated_criterion`,
/// `bad_year`.
///
/// ```
/// let e = ntm_criteria::input::cell::parse_number("abc", ntm_criteria::Unit::Percent).unwrap_err();
/// assert_eq!(e.kind, "not_a_number");
/// assert_eq!(e.to_string(), "not a number");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseIssue {
    /// Machine-readable kind (used as [`crate::Problem::kind`]).
    pub kind: ProblemKind,
    /// Human-readable message.
    pub message: String,
}

impl ParseIssue {
    /// An issue of a kind.
    ///
    /// ```
    /// let i = ntm_criteria::input::cell::ParseIssue::new(ntm_criteria::ProblemKind::NotANumber, "not a number");
    /// assert_eq!(i.kind, "not_a_number");
    /// ```
    pub fn new(kind: ProblemKind, message: impl Into<String>) -> ParseIssue {
        ParseIssue { kind, message: message.into() }
    }
}

impl fmt::Display for ParseIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ParseIssue {}

/// One cell as a door hands it over: what a spreadsheet, a CSV file, a frame or a dict holds.
///
/// ```
/// use ntm_criteria::input::cell::{read_value, Cell};
/// use ntm_criteria::{CriteriaSet, Value};
/// let set = CriteriaSet::bundled("2016-2020")?;
/// let income = set.indicator("10")?;
/// // The same value through every door: typed in Excel, text in a CSV, a float in a frame.
/// for cell in [Cell::Number(38.5), Cell::Text("38,5"), Cell::Text(" 38.5 ")] {
///     assert_eq!(read_value(cell, income)?, Value::Number(38.5));
/// }
/// assert_eq!(read_value(Cell::Number(f64::NAN), income)?, Value::Missing); // a frame's missing value
/// assert_eq!(read_value(Cell::Error("#N/A"), income).unwrap_err().kind, "excel_error");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell<'a> {
    /// Nothing: an empty CSV field, a blank spreadsheet cell, `None` or null.
    Empty,
    /// Text as typed (a CSV field, a text cell, a str in a frame).
    Text(&'a str),
    /// A typed number (a numeric spreadsheet cell, a float or int in a frame); NaN is missing.
    Number(f64),
    /// A typed bool (a TRUE/FALSE cell, a bool in a frame): the agency's verdict.
    Bool(bool),
    /// Two typed numbers (a pair given for a two-part indicator).
    Pair(f64, f64),
    /// A spreadsheet error value such as `#N/A` or `#DIV/0!`.
    Error(&'a str),
}

impl Cell<'_> {
    /// Whether the cell holds nothing (an empty or white-space text, a NaN number).
    ///
    /// ```
    /// use ntm_criteria::input::cell::Cell;
    /// assert!(Cell::Text(" \u{a0}").is_empty() && Cell::Number(f64::NAN).is_empty());
    /// assert!(!Cell::Number(0.0).is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => trimmed(t).is_empty(),
            Cell::Number(v) => v.is_nan(),
            _ => false,
        }
    }

    /// The cell as the user typed it, for messages: text as is, numbers without float noise
    /// (`90`, `38.5`), bools as `true`/`false`. Never Rust debug text.
    ///
    /// ```
    /// use ntm_criteria::input::cell::Cell;
    /// assert_eq!(Cell::Number(90.0).display(), "90");
    /// assert_eq!(Cell::Pair(92.0, 48.5).display(), "(92, 48.5)");
    /// assert_eq!(Cell::Text("Đạt").display(), "Đạt");
    /// ```
    pub fn display(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) | Cell::Error(t) => t.to_string(),
            Cell::Number(v) => fmt_number(*v),
            Cell::Bool(b) => b.to_string(),
            Cell::Pair(a, b) => format!("({}, {})", fmt_number(*a), fmt_number(*b)),
        }
    }
}

/// A number as a person would write it: no `.0` on whole numbers, no float noise.
///
/// ```
/// use ntm_criteria::input::cell::fmt_number;
/// assert_eq!(fmt_number(19.0), "19");
/// assert_eq!(fmt_number(0.1 + 0.2), "0.3");
/// assert_eq!(fmt_number(f64::INFINITY), "inf");
/// ```
pub fn fmt_number(v: f64) -> String {
    if v.is_nan() {
        return "NaN".into();
    }
    if v.is_infinite() {
        return if v > 0.0 { "inf".into() } else { "-inf".into() };
    }
    if v.fract() == 0.0 && v.abs() < 1e15 {
        return format!("{}", v as i64);
    }
    let r = (v * 1e9).round() / 1e9;
    if r != 0.0 && (r - v).abs() <= v.abs() * 1e-12 { format!("{r}") } else { format!("{v}") }
}

/// Text without a leading BOM and surrounding white space (including no-break spaces).
fn trimmed(text: &str) -> &str {
    text.trim_start_matches('\u{feff}').trim()
}

/// The text of a cell as it is matched: a leading UTF-8 BOM removed, white space (including
/// no-break spaces) trimmed, Unicode normalised to NFC.
///
/// ```
/// assert_eq!(ntm_criteria::input::cell::clean("\u{feff} \u{a0}Đa\u{323}t "), "Đạt");
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
/// trailing `%` (`85%`, `85 %`). The value must fit the unit ([`check_number`]): ≥ 0 except for
/// [`Unit::Number`], at most 100 for a percentage, 0 or 1 for [`Unit::Bool`]; income, areas and
/// counts have no upper bound. In a percent column, a number strictly between 0 and 1 written
/// without `%` is ambiguous (a fraction 0.85 = 85%, or 0.85%?) and rejected: write `85`, `85%`
/// or `0.85%`.
///
/// Rejected with their kind: `""` (`empty`), `abc`, `1e3`, `#DIV/0!` (`not_a_number`), `inf`,
/// `NaN` (`not_finite`), `1.234,5`, `1,234,567`, `1 234` (`ambiguous_separator`), `85%` outside a
/// percent column (`unexpected_percent`), `-5` (`negative`), `120%` (`out_of_range`).
///
/// ```
/// use ntm_criteria::input::cell::parse_number;
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
/// # Ok::<(), ntm_criteria::input::cell::ParseIssue>(())
/// ```
pub fn parse_number(text: &str, unit: Unit) -> Result<f64, ParseIssue> {
    let s = trimmed(text);
    if s.is_empty() {
        return Err(ParseIssue::new(ProblemKind::Empty, "the cell is empty"));
    }
    let (body, percent) = match s.strip_suffix('%') {
        Some(b) => (b.trim_end(), true),
        None => (s, false),
    };
    if percent && unit != Unit::Percent {
        return Err(ParseIssue::new(
            ProblemKind::UnexpectedPercent,
            format!("a % sign, but this indicator is {} ({}); write the number alone", unit_words(unit), unit.as_str()),
        ));
    }
    let v = parse_decimal(body)?;
    if unit == Unit::Percent && !percent && v > 0.0 && v < 1.0 {
        let pct = fmt_pct(v * 100.0);
        return Err(ParseIssue::new(
            ProblemKind::AmbiguousPercent,
            format!(
                "ambiguous: a fraction ({body} = {pct}%) or {body}%? Write {pct} or {pct}% for the fraction, {body}% for less than one percent"
            ),
        ));
    }
    check_in_unit(v, unit)
}

/// The number of a decimal text without its unit: sign, digits, one separator.
fn parse_decimal(body: &str) -> Result<f64, ParseIssue> {
    let lower = body.to_lowercase();
    let bare = lower.trim_start_matches(['+', '-', '\u{2212}']);
    if matches!(bare, "inf" | "infinity" | "∞" | "nan" | "na" | "n/a") {
        return Err(ParseIssue::new(
            ProblemKind::NotFinite,
            "not a finite number; leave the cell empty when the value is not known",
        ));
    }
    if body.starts_with('#') {
        return Err(excel_error(body));
    }
    let (negative, digits) = match body.chars().next() {
        Some(c @ ('-' | '\u{2212}' | '+')) => (c != '+', &body[c.len_utf8()..]),
        _ => (false, body),
    };
    let (mut separators, mut has_digit, mut grouped) = (0usize, false, false);
    for c in digits.chars() {
        match c {
            '0'..='9' => has_digit = true,
            '.' | ',' => separators += 1,
            ' ' | '\u{a0}' | '\u{202f}' | '\'' | '_' => grouped = true,
            'e' | 'E' if has_digit => {
                return Err(ParseIssue::new(
                    ProblemKind::NotANumber,
                    "scientific notation is not accepted; write the number in full",
                ));
            }
            _ => return Err(ParseIssue::new(ProblemKind::NotANumber, "not a number")),
        }
    }
    if !has_digit {
        return Err(ParseIssue::new(ProblemKind::NotANumber, "not a number"));
    }
    if separators > 1 || grouped {
        return Err(ParseIssue::new(
            ProblemKind::AmbiguousSeparator,
            "digit grouping (thousands separators) is not accepted: write the number without it, with one decimal separator (1234.5 or 1234,5)",
        ));
    }
    let magnitude: f64 =
        digits.replace(',', ".").parse().map_err(|_| ParseIssue::new(ProblemKind::NotANumber, "not a number"))?;
    if !magnitude.is_finite() {
        return Err(ParseIssue::new(ProblemKind::NotFinite, "the number is too large"));
    }
    // "-0" is 0.
    Ok(if negative && magnitude != 0.0 { -magnitude } else { magnitude })
}

/// The problem of a spreadsheet error value (`#N/A`, `#DIV/0!`, `#VALUE!`).
fn excel_error(text: &str) -> ParseIssue {
    ParseIssue::new(
        ProblemKind::ExcelError,
        format!(
            "an Excel error value ({}); fix the formula, or leave the cell empty when the value is not known",
            text.trim()
        ),
    )
}

/// Checks a finite number against its unit (the range rules of [`check_number`]).
fn check_in_unit(v: f64, unit: Unit) -> Result<f64, ParseIssue> {
    if !v.is_finite() {
        return Err(ParseIssue::new(ProblemKind::NotFinite, format!("{} is not a finite number", fmt_number(v))));
    }
    if v < 0.0 && unit != Unit::Number {
        return Err(ParseIssue::new(
            ProblemKind::Negative,
            format!("a negative value, but {} is never below 0", unit_words(unit)),
        ));
    }
    if unit == Unit::Percent && v > 100.0 {
        return Err(ParseIssue::new(ProblemKind::OutOfRange, "a percentage over 100%"));
    }
    if unit == Unit::Bool && v != 0.0 && v != 1.0 {
        return Err(ParseIssue::new(
            ProblemKind::OutOfRange,
            format!("{} is not a yes/no value (1 or 0)", fmt_number(v)),
        ));
    }
    Ok(v)
}

/// Checks a typed number (not text) in a unit: the range rules of [`parse_number`] without the
/// text rules. NaN is refused here; the doors that use NaN as their missing value turn it into
/// [`Cell::Empty`] first ([`Cell::is_empty`]).
///
/// ```
/// use ntm_criteria::input::cell::check_number;
/// use ntm_criteria::Unit;
/// assert_eq!(check_number(0.85, Unit::Percent)?, 0.85); // typed: in the unit by contract
/// assert_eq!(check_number(101.0, Unit::Percent).unwrap_err().kind, "out_of_range");
/// assert_eq!(check_number(-1.0, Unit::MillionVndPerPersonYear).unwrap_err().kind, "negative");
/// assert_eq!(check_number(f64::INFINITY, Unit::Number).unwrap_err().kind, "not_finite");
/// # Ok::<(), ntm_criteria::input::cell::ParseIssue>(())
/// ```
pub fn check_number(v: f64, unit: Unit) -> Result<f64, ParseIssue> {
    if v.is_nan() {
        return Err(ParseIssue::new(
            ProblemKind::NotFinite,
            "NaN is not a value; give a missing value (None, null, an empty cell) instead",
        ));
    }
    check_in_unit(v, unit)
}

/// A percentage for a message, without float noise (`85`, `0.5`, `12.34`).
fn fmt_pct(v: f64) -> String {
    let r = (v * 1e6).round() / 1e6;
    format!("{r}")
}

/// The verdict words accepted in any indicator column: `true`/`false`, `Đạt`/`Đạt chuẩn`,
/// `Không đạt`/`Chưa đạt` (and `… chuẩn`) (folded: any case, accents optional).
fn verdict_word(folded: &str) -> Option<bool> {
    match folded {
        "true" | "dat" | "dat chuan" => Some(true),
        "false" | "khong dat" | "chua dat" | "khong dat chuan" | "chua dat chuan" => Some(false),
        _ => None,
    }
}

/// "Cơ bản đạt" (basically met) is a level offices use below "Đạt": an office counts it as not
/// met, but it is not "Không đạt" either. Refused with that explanation, never guessed.
fn basically_met(folded: &str) -> Option<ParseIssue> {
    folded.starts_with("co ban dat").then(|| {
        ParseIssue::new(
            ProblemKind::NotYesNo,
            "\"Cơ bản đạt\" (basically met) is not \"Đạt\": the criterion or indicator is not met yet; write Chưa đạt (or Đạt once it is met)",
        )
    })
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
/// use ntm_criteria::input::cell::parse_yes_no;
/// assert_eq!(parse_yes_no("Đạt")?, Some(true));
/// assert_eq!(parse_yes_no("KHÔNG ĐẠT")?, Some(false));
/// assert_eq!(parse_yes_no("Kho\u{302}ng đa\u{323}t")?, Some(false)); // NFD, from macOS
/// assert_eq!(parse_yes_no("x")?, Some(true));
/// assert_eq!(parse_yes_no("0")?, Some(false));
/// assert_eq!(parse_yes_no("")?, None); // missing, not "no"
/// assert_eq!(parse_yes_no("có").unwrap_err().kind, "not_yes_no");
/// assert!(parse_yes_no("2").is_err());
/// # Ok::<(), ntm_criteria::input::cell::ParseIssue>(())
/// ```
pub fn parse_yes_no(text: &str) -> Result<Option<bool>, ParseIssue> {
    let s = trimmed(text);
    if s.is_empty() {
        return Ok(None);
    }
    match s.to_lowercase().as_str() {
        "1" | "1.0" | "1,0" | "x" => return Ok(Some(true)),
        "0" | "0.0" | "0,0" => return Ok(Some(false)),
        _ => {}
    }
    let folded = fold(s);
    if let Some(b) = verdict_word(&folded) {
        return Ok(Some(b));
    }
    if s.starts_with('#') {
        return Err(excel_error(s));
    }
    if let Some(issue) = basically_met(&folded) {
        return Err(issue);
    }
    Err(ParseIssue::new(
        ProblemKind::NotYesNo,
        "not a yes/no value: write Đạt, Không đạt, 1, 0, true, false or x (an empty cell is not assessed)",
    ))
}

/// The problem of a number given to a two-part indicator's verdict column.
fn needs_components(indicator: &Indicator) -> ParseIssue {
    let names = indicator.components.clone().unwrap_or_else(|| ["a".into(), "b".into()]);
    let id = &indicator.id;
    ParseIssue::new(
        ProblemKind::NeedsComponents,
        format!(
            "indicator {id} has two numbers: put them in the columns {id}:{} and {id}:{}; this column takes a verdict (Đạt / Không đạt)",
            names[0], names[1]
        ),
    )
}

/// The problem of a word that does not say whether something that must be absent is there.
fn ambiguous_absent() -> ParseIssue {
    ParseIssue::new(
        ProblemKind::NotYesNo,
        "ambiguous for an indicator whose target is absence (\"Không\" could mean \"there are none\" or \"not met\"): write Đạt / Không đạt, or the count (0 when there are none)",
    )
}

/// A count of things that must be absent: a whole number ≥ 0.
fn whole_count(v: f64) -> Result<f64, ParseIssue> {
    let v = check_in_unit(v, Unit::Count)?;
    if v.fract() != 0.0 {
        return Err(ParseIssue::new(
            ProblemKind::NotWhole,
            format!("{} is not a whole number: this indicator counts things (0 when there are none)", fmt_number(v)),
        ));
    }
    Ok(v)
}

/// Reads one text cell of an indicator column, according to the indicator's rule and unit (the
/// text case of [`read_value`]).
///
/// - `achieved`, `province_defined` (yes/no): [`parse_yes_no`] → [`Value::Verdict`].
/// - `at_least`, `at_most`: a number ([`parse_number`] in the indicator's unit) →
///   [`Value::Number`], or a verdict word (`Đạt`, `Không đạt`, `Chưa đạt`, `true`, `false`) →
///   [`Value::Verdict`].
/// - `absent` (the thing must be absent): a whole count ≥ 0 (met when 0) or a verdict word. A
///   tick `x`, `Có`, `Không`, `yes` and `no` are refused: "Không" could mean "there are none"
///   (met) or "not met". A fraction (`0,5`) is refused (`not_whole`).
/// - `at_least_both` (two numbers, e.g. 17.1 water): a yes/no verdict only; the two numbers go in
///   the columns `17.1:hygienic` and `17.1:clean`, each read with [`parse_number`].
///
/// An empty cell is [`Value::Missing`] (not assessed).
///
/// ```
/// use ntm_criteria::input::cell::parse_cell;
/// use ntm_criteria::{CriteriaSet, Value};
/// let set = CriteriaSet::bundled("2016-2020")?;
/// assert_eq!(parse_cell("92,5%", set.indicator("4.2")?)?, Value::Number(92.5));
/// assert_eq!(parse_cell("Đạt", set.indicator("4.2")?)?, Value::Verdict(true));
/// assert_eq!(parse_cell("x", set.indicator("1.1")?)?, Value::Verdict(true));
/// assert_eq!(parse_cell("", set.indicator("1.1")?)?, Value::Missing);
/// assert_eq!(parse_cell("2", set.indicator("9.1")?)?, Value::Number(2.0)); // 2 temporary houses
/// assert_eq!(parse_cell("0,5", set.indicator("9.1")?).unwrap_err().kind, "not_whole");
/// assert_eq!(parse_cell("95", set.indicator("17.1")?).unwrap_err().kind, "needs_components");
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn parse_cell(text: &str, indicator: &Indicator) -> Result<Value, ParseIssue> {
    let s = trimmed(text);
    if s.is_empty() {
        return Ok(Value::Missing);
    }
    match indicator.rule {
        RuleKind::Achieved | RuleKind::ProvinceDefined => {
            Ok(parse_yes_no(s)?.map(Value::Verdict).unwrap_or(Value::Missing))
        }
        RuleKind::AtLeastBoth | RuleKind::AtLeastTimes => match parse_yes_no(s) {
            Ok(v) => Ok(v.map(Value::Verdict).unwrap_or(Value::Missing)),
            Err(e) if parse_decimal(s.trim_end_matches('%').trim_end()).is_ok() => {
                let _ = e;
                Err(needs_components(indicator))
            }
            Err(e) => Err(e),
        },
        RuleKind::Absent => {
            let f = fold(s);
            if let Some(b) = verdict_word(&f) {
                return Ok(Value::Verdict(b));
            }
            if matches!(f.as_str(), "x" | "khong" | "co" | "yes" | "no") {
                return Err(ambiguous_absent());
            }
            whole_count(parse_number(s, Unit::Count)?).map(Value::Number)
        }
        RuleKind::AtLeast | RuleKind::AtMost => {
            if let Some(b) = verdict_word(&fold(s)) {
                return Ok(Value::Verdict(b));
            }
            parse_number(s, indicator.unit).map(Value::Number)
        }
    }
}

/// Reads a typed number for an indicator: the typed case of [`read_value`].
fn typed_number(v: f64, indicator: &Indicator) -> Result<Value, ParseIssue> {
    match indicator.rule {
        RuleKind::Achieved | RuleKind::ProvinceDefined | RuleKind::AtLeastBoth | RuleKind::AtLeastTimes => {
            if v == 1.0 || v == 0.0 {
                return Ok(Value::Verdict(v == 1.0));
            }
            if indicator.rule.takes_pair() && v.is_finite() {
                return Err(needs_components(indicator));
            }
            if !v.is_finite() {
                return check_number(v, Unit::Number).map(Value::Number);
            }
            Err(ParseIssue::new(
                ProblemKind::NotYesNo,
                format!("{} is not a yes/no value: give 1 or 0 (or Đạt / Không đạt)", fmt_number(v)),
            ))
        }
        RuleKind::Absent => whole_count(check_number(v, Unit::Count)?).map(Value::Number),
        RuleKind::AtLeast | RuleKind::AtMost => check_number(v, indicator.unit).map(Value::Number),
    }
}

/// Reads one cell of an indicator column, whatever door it came through: the one rule.
///
/// - empty (an empty text, `None`, a NaN number): [`Value::Missing`];
/// - text: [`parse_cell`];
/// - a typed number: in the indicator's unit ([`check_number`]); for a yes/no indicator (and the
///   verdict column of a two-part one) 1 is "Đạt" and 0 "Không đạt"; for an `absent` indicator
///   a whole count;
/// - a typed bool: the agency's verdict, for every rule;
/// - a pair: only for a two-part indicator, each number checked in the unit;
/// - a spreadsheet error (`#N/A`): refused (`excel_error`).
///
/// ```
/// use ntm_criteria::input::cell::{read_value, Cell};
/// use ntm_criteria::{CriteriaSet, Value};
/// let set = CriteriaSet::bundled("2016-2020")?;
/// let water = set.indicator("17.1")?;
/// assert_eq!(read_value(Cell::Pair(92.0, 48.0), water)?, Value::Pair(92.0, 48.0));
/// assert_eq!(read_value(Cell::Number(1.0), water)?, Value::Verdict(true)); // as the text "1"
/// assert_eq!(read_value(Cell::Number(95.0), water).unwrap_err().kind, "needs_components");
/// assert_eq!(read_value(Cell::Pair(1.0, 2.0), set.indicator("10")?).unwrap_err().kind, "wrong_shape");
/// assert_eq!(read_value(Cell::Bool(false), set.indicator("9.1")?)?, Value::Verdict(false));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn read_value(cell: Cell<'_>, indicator: &Indicator) -> Result<Value, ParseIssue> {
    if cell.is_empty() {
        return Ok(Value::Missing);
    }
    match cell {
        Cell::Empty => Ok(Value::Missing),
        Cell::Text(t) => parse_cell(t, indicator),
        Cell::Number(v) => typed_number(v, indicator),
        Cell::Bool(b) => Ok(Value::Verdict(b)),
        Cell::Error(t) => Err(excel_error(t)),
        Cell::Pair(a, b) if indicator.rule.takes_pair() => {
            Ok(Value::Pair(check_number(a, indicator.unit)?, check_number(b, indicator.unit)?))
        }
        Cell::Pair(..) => Err(ParseIssue::new(
            ProblemKind::WrongShape,
            format!("a pair of numbers, but indicator {} has one value", indicator.id),
        )),
    }
}

/// Reads one of the two numbers of a two-part indicator (a column such as `17.1:hygienic`):
/// `None` when empty, else a number in the indicator's unit.
///
/// ```
/// use ntm_criteria::input::cell::{read_component, Cell};
/// use ntm_criteria::Unit;
/// assert_eq!(read_component(Cell::Text("92,5%"), Unit::Percent)?, Some(92.5));
/// assert_eq!(read_component(Cell::Number(f64::NAN), Unit::Percent)?, None);
/// assert_eq!(read_component(Cell::Bool(true), Unit::Percent).unwrap_err().kind, "not_a_number");
/// # Ok::<(), ntm_criteria::input::cell::ParseIssue>(())
/// ```
pub fn read_component(cell: Cell<'_>, unit: Unit) -> Result<Option<f64>, ParseIssue> {
    if cell.is_empty() {
        return Ok(None);
    }
    match cell {
        Cell::Text(t) => parse_number(t, unit).map(Some),
        Cell::Number(v) => check_number(v, unit).map(Some),
        Cell::Error(t) => Err(excel_error(t)),
        Cell::Bool(_) | Cell::Pair(..) | Cell::Empty => Err(ParseIssue::new(
            ProblemKind::NotANumber,
            "a component column holds one number per commune; give a verdict as one column named by the indicator id",
        )),
    }
}

/// Reads a flag such as the ĐBKK/ATK column: an empty cell is **no** (a flag column marks the
/// few communes that have it). Yes: `1`, `true`, `x`, `có`, `yes`, `y`, a typed `True` or 1.
/// No: `0`, `false`, `không`, `no`, `n`, a typed `False` or 0, empty.
///
/// ```
/// use ntm_criteria::input::cell::{read_flag, Cell};
/// assert!(read_flag(Cell::Text("x"))? && read_flag(Cell::Text("Có"))? && read_flag(Cell::Bool(true))?);
/// assert!(!read_flag(Cell::Empty)? && !read_flag(Cell::Number(f64::NAN))? && !read_flag(Cell::Text("không"))?);
/// assert_eq!(read_flag(Cell::Text("maybe")).unwrap_err().kind, "not_yes_no");
/// # Ok::<(), ntm_criteria::input::cell::ParseIssue>(())
/// ```
pub fn read_flag(cell: Cell<'_>) -> Result<bool, ParseIssue> {
    let bad = || ParseIssue::new(ProblemKind::NotYesNo, "expected a yes/no flag (1/0, true/false, x/empty, có/không)");
    if cell.is_empty() {
        return Ok(false);
    }
    match cell {
        Cell::Bool(b) => Ok(b),
        Cell::Number(v) if v == 0.0 || v == 1.0 => Ok(v == 1.0),
        Cell::Text(t) => match fold(t).as_str() {
            "0" | "0 0" | "false" | "no" | "khong" | "n" => Ok(false),
            "1" | "1 0" | "true" | "yes" | "co" | "x" | "y" => Ok(true),
            _ => Err(bad()),
        },
        Cell::Error(t) => Err(excel_error(t)),
        _ => Err(bad()),
    }
}

/// Reads the status of one criterion in a criterion-level table (a column `c5`, `TC5`, `Tiêu
/// chí 5`): met (`Đạt`, `x`, `1`, `true`, `met`), not met (`Không đạt`, `Chưa đạt`, `0`,
/// `false`, `not_met`), or not assessed (an empty cell, `not_assessed`, `chưa đánh giá`).
///
/// ```
/// use ntm_criteria::input::cell::{read_criterion, Cell};
/// use ntm_criteria::Status;
/// assert_eq!(read_criterion(Cell::Text("Đạt"))?, Status::Met);
/// assert_eq!(read_criterion(Cell::Text("not_met"))?, Status::NotMet);
/// assert_eq!(read_criterion(Cell::Empty)?, Status::NotAssessed);
/// assert_eq!(read_criterion(Cell::Number(1.0))?, Status::Met);
/// assert!(read_criterion(Cell::Text("có")).is_err());
/// # Ok::<(), ntm_criteria::input::cell::ParseIssue>(())
/// ```
pub fn read_criterion(cell: Cell<'_>) -> Result<Status, ParseIssue> {
    if cell.is_empty() {
        return Ok(Status::NotAssessed);
    }
    let bad = |input: String| {
        ParseIssue::new(
            ProblemKind::NotYesNo,
            format!(
                "{input:?} is not a criterion status: write Đạt, Không đạt, x, 1, 0 (an empty cell is not assessed)"
            ),
        )
    };
    let verdict = match cell {
        Cell::Text(t) => match fold(t).as_str() {
            "met" => Some(true),
            "not met" => Some(false),
            "not assessed" | "chua danh gia" => return Ok(Status::NotAssessed),
            _ => match parse_yes_no(t) {
                Ok(v) => v,
                Err(e) if e.kind == "excel_error" => return Err(e),
                Err(_) => return Err(bad(t.to_string())),
            },
        },
        Cell::Bool(b) => Some(b),
        Cell::Number(v) if v == 0.0 || v == 1.0 => Some(v == 1.0),
        Cell::Error(t) => return Err(excel_error(t)),
        other => return Err(bad(other.display())),
    };
    Ok(match verdict {
        Some(true) => Status::Met,
        Some(false) => Status::NotMet,
        None => Status::NotAssessed,
    })
}

/// Reads a whole number in `0..=max` (a count of criteria met, a year): `19`, `19.0`, `19,0`
/// or a typed 19. `None` when empty.
///
/// ```
/// use ntm_criteria::input::cell::{read_whole, Cell};
/// assert_eq!(read_whole(Cell::Text("19,0"), 19)?, Some(19));
/// assert_eq!(read_whole(Cell::Number(12.0), 19)?, Some(12));
/// assert_eq!(read_whole(Cell::Text(""), 19)?, None);
/// assert_eq!(read_whole(Cell::Text("20"), 19).unwrap_err().kind, "out_of_range");
/// assert_eq!(read_whole(Cell::Text("5,5"), 19).unwrap_err().kind, "not_a_number");
/// # Ok::<(), ntm_criteria::input::cell::ParseIssue>(())
/// ```
pub fn read_whole(cell: Cell<'_>, max: u32) -> Result<Option<u32>, ParseIssue> {
    if cell.is_empty() {
        return Ok(None);
    }
    let not_whole = || ParseIssue::new(ProblemKind::NotANumber, "expected a whole number");
    let v = match cell {
        Cell::Text(t) => {
            let t = trimmed(t);
            let t = t.strip_suffix(".0").or_else(|| t.strip_suffix(",0")).unwrap_or(t);
            if t.starts_with('#') {
                return Err(excel_error(t));
            }
            if t.is_empty() || !t.trim_start_matches(['-', '+']).bytes().all(|b| b.is_ascii_digit()) {
                return Err(not_whole());
            }
            t.parse::<i64>()
                .map_err(|_| ParseIssue::new(ProblemKind::OutOfRange, format!("{t} is outside 0..={max}")))?
        }
        Cell::Number(v) if v.is_finite() && v.fract() == 0.0 => {
            if v < i64::MIN as f64 || v > i64::MAX as f64 {
                return Err(ParseIssue::new(
                    ProblemKind::OutOfRange,
                    format!("{} is outside 0..={max}", fmt_number(v)),
                ));
            }
            v as i64
        }
        Cell::Error(t) => return Err(excel_error(t)),
        _ => return Err(not_whole()),
    };
    if !(0..=i64::from(max)).contains(&v) {
        return Err(ParseIssue::new(ProblemKind::OutOfRange, format!("{v} is outside 0..={max}")));
    }
    Ok(Some(v as u32))
}

/// Reads a list of criterion numbers in `1..=n` (`1;2;3`, `1 2 3`, `1|2`; a typed number is a
/// list of one). Every problem of the list is returned, each with the numbers concerned.
///
/// ```
/// use ntm_criteria::input::cell::{read_criteria_list, Cell};
/// assert_eq!(read_criteria_list(Cell::Text("1;2; 19"), 19).map(|m| m.count()), Ok(3));
/// assert_eq!(read_criteria_list(Cell::Text(""), 19).map(|m| m.count()), Ok(0));
/// let kinds: Vec<_> = read_criteria_list(Cell::Text("1;20;2;2;x"), 19).unwrap_err().iter().map(|e| e.kind).collect();
/// assert_eq!(kinds, ["unknown_criterion", "repeated_criterion", "not_a_number"]);
/// ```
pub fn read_criteria_list(cell: Cell<'_>, n: u32) -> Result<CriteriaMask, Vec<ParseIssue>> {
    let owned;
    let list: &str = match cell {
        c if c.is_empty() => return Ok(CriteriaMask::EMPTY),
        Cell::Text(t) => t,
        Cell::Number(_) => {
            owned = cell.display();
            &owned
        }
        Cell::Error(t) => return Err(vec![excel_error(t)]),
        other => {
            return Err(vec![ParseIssue::new(
                ProblemKind::NotANumber,
                format!("{:?} is not a list of criteria", other.display()),
            )]);
        }
    };
    let mut m = CriteriaMask::EMPTY;
    let (mut outside, mut twice, mut text) = (Vec::new(), Vec::new(), Vec::new());
    for part in list.split([';', ' ', '|', '\t', ',']).map(str::trim).filter(|s| !s.is_empty()) {
        match part.parse::<u32>() {
            Ok(k) if (1..=n.min(32)).contains(&k) => {
                if m.contains(k) {
                    twice.push(k.to_string());
                }
                m.insert(k);
            }
            Ok(k) => outside.push(k.to_string()),
            Err(_) => text.push(format!("{part:?}")),
        }
    }
    let mut issues = Vec::new();
    let listed = |v: &[String], one: &str, many: &str| {
        if v.len() == 1 { format!("criterion {} {one}", v[0]) } else { format!("criteria {} {many}", v.join(", ")) }
    };
    if !outside.is_empty() {
        issues.push(ParseIssue::new(
            ProblemKind::UnknownCriterion,
            format!("{} outside 1..={n}", listed(&outside, "is", "are")),
        ));
    }
    if !twice.is_empty() {
        issues.push(ParseIssue::new(
            ProblemKind::RepeatedCriterion,
            format!("{} listed twice", listed(&twice, "is", "are")),
        ));
    }
    if !text.is_empty() {
        let what = if text.len() == 1 { format!("{} is", text[0]) } else { format!("{} are", text.join(", ")) };
        issues.push(ParseIssue::new(ProblemKind::NotANumber, format!("{what} not a criterion number")));
    }
    if issues.is_empty() { Ok(m) } else { Err(issues) }
}

/// Reads the text of a key, name or code cell (NFC, trimmed): typed numbers as written
/// (`5992`), bools as `true`/`false`. `None` when empty.
///
/// ```
/// use ntm_criteria::input::cell::{read_text, Cell};
/// assert_eq!(read_text(Cell::Text(" La\u{323}ng So\u{31b}n ")).as_deref(), Some("Lạng Sơn"));
/// assert_eq!(read_text(Cell::Number(5992.0)).as_deref(), Some("5992"));
/// assert_eq!(read_text(Cell::Text("  ")), None);
/// ```
pub fn read_text(cell: Cell<'_>) -> Option<String> {
    match cell {
        c if c.is_empty() => None,
        Cell::Text(t) => Some(clean(t)),
        other => Some(other.display()),
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
            ("#DIV/0!", "excel_error"),
            ("#N/A", "excel_error"),
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
            assert_eq!(parse_number(t, Unit::Percent).map_err(|e| e.kind.as_str()), Err(k), "{t:?}");
        }
        assert_eq!(parse_number("250", Unit::MillionVndPerPersonYear), Ok(250.0));
        assert_eq!(parse_number("0,85", Unit::MillionVndPerPersonYear), Ok(0.85));
        assert_eq!(
            parse_number("38%", Unit::MillionVndPerPersonYear).map_err(|e| e.kind.as_str()),
            Err("unexpected_percent")
        );
        assert_eq!(parse_number("-1", Unit::Count).map_err(|e| e.kind.as_str()), Err("negative"));
        assert_eq!(parse_number("-1,5", Unit::Number), Ok(-1.5));
        assert_eq!(parse_number("2", Unit::Bool).map_err(|e| e.kind.as_str()), Err("out_of_range"));
        let huge = "9".repeat(400);
        assert_eq!(parse_number(&huge, Unit::Count).map_err(|e| e.kind.as_str()), Err("not_finite"));
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
        for t in ["có", "không", "yes", "no", "2", "-1", "đạt?", "nan", "xx", "Cơ bản đạt"] {
            assert_eq!(parse_yes_no(t).map_err(|e| e.kind.as_str()), Err("not_yes_no"), "{t:?}");
        }
        assert_eq!(parse_yes_no("Đạt chuẩn"), Ok(Some(true)));
        assert_eq!(parse_yes_no("Chưa đạt chuẩn"), Ok(Some(false)));
        assert!(parse_yes_no("cơ bản đạt").unwrap_err().message.contains("not met yet"));
    }

    /// A typed number and its text give the same value or the same problem kind, except the
    /// text-only rules (a fraction in a percent column, a `%` sign).
    #[test]
    fn typed_and_text_numbers_agree() {
        let set = crate::CriteriaSet::bundled("2016-2020").unwrap();
        let values = [0.0, 1.0, 2.0, 3.5, 36.0, 50.0, 99.5, 100.0, 101.0, 250.0, -1.0, -0.5];
        for ind in set.indicators() {
            for v in values {
                let typed = read_value(Cell::Number(v), ind).map_err(|e| e.kind.as_str());
                let text = read_value(Cell::Text(&fmt_number(v)), ind).map_err(|e| e.kind.as_str());
                assert_eq!(typed, text, "indicator {} value {v}", ind.id);
            }
        }
    }
}
