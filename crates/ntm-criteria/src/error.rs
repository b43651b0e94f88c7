//! The crate's error type.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::kind::ProblemKind;

/// Where a problem was found, and what it was.
///
/// One `Problem` per bad cell: table loaders and set-file validation collect every problem before
/// failing, so that an analyst fixes a spreadsheet in one pass.
///
/// ```
/// use ntm_criteria::Problem;
/// let p = Problem::new("criteria_met", ntm_criteria::ProblemKind::OutOfRange, "criterion 20 does not exist")
///     .at_row(12)
///     .with_input("1;2;20");
/// assert_eq!(p.to_string(), "row 12, criteria_met: criterion 20 does not exist (input: \"1;2;20\")");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// Where the problem is, when it is in a row: in a CSV file the 1-based line, as a
    /// spreadsheet numbers it (the header is line 1 when no comment lines precede it); in a
    /// frame or batch the 1-based data row (header excluded).
    pub row: Option<usize>,
    /// Location inside the row or document: a column name, an indicator id, or a JSON/TOML path.
    pub loc: String,
    /// Commune code of the row, when known.
    pub commune: Option<String>,
    /// What kind of problem it is (`duplicate_code`, `unknown_region`, …).
    pub kind: ProblemKind,
    /// Human-readable message.
    pub msg: String,
    /// The offending input, when there is one.
    pub input: Option<String>,
}

impl Problem {
    /// A problem at `loc` of the given `kind`.
    ///
    /// ```
    /// let p = ntm_criteria::Problem::new("id", ntm_criteria::ProblemKind::EmptyCode, "the commune code is empty");
    /// assert_eq!(p.kind, "empty_code");
    /// ```
    pub fn new(loc: impl Into<String>, kind: ProblemKind, msg: impl Into<String>) -> Self {
        Problem { row: None, loc: loc.into(), commune: None, kind, msg: msg.into(), input: None }
    }

    /// Sets the row (a file's line, or a frame's 1-based data row).
    ///
    /// ```
    /// let p = ntm_criteria::Problem::new("code", ntm_criteria::ProblemKind::EmptyCode, "empty").at_row(3);
    /// assert_eq!(p.row, Some(3));
    /// ```
    pub fn at_row(mut self, row: usize) -> Self {
        self.row = Some(row);
        self
    }

    /// Sets the commune code.
    ///
    /// ```
    /// let p = ntm_criteria::Problem::new("2.2", ntm_criteria::ProblemKind::NotANumber, "bad").for_commune("05983");
    /// assert_eq!(p.commune.as_deref(), Some("05983"));
    /// ```
    pub fn for_commune(mut self, code: impl Into<String>) -> Self {
        self.commune = Some(code.into());
        self
    }

    /// Sets the offending input.
    ///
    /// ```
    /// let p = ntm_criteria::Problem::new("2.2", ntm_criteria::ProblemKind::NotANumber, "bad").with_input("abc");
    /// assert_eq!(p.input.as_deref(), Some("abc"));
    /// ```
    pub fn with_input(mut self, input: impl Into<String>) -> Self {
        self.input = Some(input.into());
        self
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(row) = self.row {
            write!(f, "row {row}, ")?;
        }
        if let Some(c) = &self.commune {
            write!(f, "commune {c}, ")?;
        }
        write!(f, "{}: {}", self.loc, self.msg)?;
        if let Some(i) = &self.input {
            write!(f, " (input: {i:?})")?;
        }
        Ok(())
    }
}

/// Problems listed in an error's message; the error itself carries up to
/// [`Problems::CAP`](crate::input::Problems::CAP).
pub const SHOWN: usize = 50;

fn join(problems: &[Problem], omitted: &Omitted) -> String {
    list_problems(problems, omitted, Listing::Inline)
}

/// How [`list_problems`] lays the problems out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Listing<'a> {
    /// On one line, separated by `; ` (the `Display` of [`NtmError`]).
    Inline,
    /// One per line (`\n  - `), then `more_hint` after the count of the rest (Python's
    /// exceptions: `" (see .errors())"`).
    Lines {
        /// Said after "… and N more".
        more_hint: &'a str,
    },
}

/// The problems as an error's message lists them: the first [`SHOWN`], then how many more there
/// are of each kind (those past [`SHOWN`] and those already `omitted`).
///
/// ```
/// use ntm_criteria::error::{list_problems, Listing};
/// use ntm_criteria::{Omitted, Problem, ProblemKind};
/// let p: Vec<Problem> = (1..=52).map(|r| Problem::new("10", ProblemKind::NotANumber, "not a number").at_row(r)).collect();
/// let inline = list_problems(&p[..2], &Omitted::default(), Listing::Inline);
/// assert_eq!(inline, "row 1, 10: not a number; row 2, 10: not a number");
/// let lines = list_problems(&p, &Omitted::default(), Listing::Lines { more_hint: " (see .errors())" });
/// assert!(lines.starts_with("\n  - row 1, 10: not a number\n  - row 2"));
/// assert!(lines.ends_with("\n  … and 2 more (not_a_number: 2) (see .errors())"));
/// ```
pub fn list_problems(problems: &[Problem], omitted: &Omitted, listing: Listing<'_>) -> String {
    let mut s = String::new();
    for (i, p) in problems.iter().take(SHOWN).enumerate() {
        match listing {
            Listing::Inline if i > 0 => s.push_str("; "),
            Listing::Inline => {}
            Listing::Lines { .. } => s.push_str("\n  - "),
        }
        s.push_str(&p.to_string());
    }
    let mut rest = omitted.clone();
    for p in problems.iter().skip(SHOWN) {
        *rest.0.entry(p.kind.to_string()).or_default() += 1;
    }
    if !rest.0.is_empty() {
        match listing {
            Listing::Inline => s.push_str(&format!("; … and {rest}")),
            Listing::Lines { more_hint } => s.push_str(&format!("\n  … and {rest}{more_hint}")),
        }
    }
    s
}

/// Problems left out of an error's list once it reached its cap, counted by kind, so that a file
/// with a bad cell on every row cannot exhaust memory and still says what is wrong.
///
/// ```
/// use ntm_criteria::Omitted;
/// let mut o = Omitted::default();
/// o.add("not_a_number", 1200);
/// o.add("negative", 3);
/// assert_eq!(o.total(), 1203);
/// assert_eq!(o.to_string(), "1,203 more (negative: 3, not_a_number: 1,200)");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Omitted(pub BTreeMap<String, u64>);

impl Omitted {
    /// Counts `n` more problems of a kind.
    ///
    /// ```
    /// let mut o = ntm_criteria::Omitted::default();
    /// o.add("empty_code", 2);
    /// assert_eq!(o.0["empty_code"], 2);
    /// ```
    pub fn add(&mut self, kind: &str, n: u64) {
        *self.0.entry(kind.to_string()).or_default() += n;
    }

    /// The number of problems left out.
    ///
    /// ```
    /// assert_eq!(ntm_criteria::Omitted::default().total(), 0);
    /// ```
    pub fn total(&self) -> u64 {
        self.0.values().sum()
    }

    /// Whether no problem was left out.
    ///
    /// ```
    /// assert!(ntm_criteria::Omitted::default().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for Omitted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kinds: Vec<String> = self.0.iter().map(|(k, n)| format!("{k}: {}", thousands(*n))).collect();
        write!(f, "{} more ({})", thousands(self.total()), kinds.join(", "))
    }
}

/// A count with `,` between thousands, as in messages.
pub(crate) fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Every error of the crate. Each variant says where things went wrong.
///
/// ```
/// use ntm_criteria::{NtmError, Region};
/// let err = "Atlantis".parse::<Region>().unwrap_err();
/// assert!(matches!(err, NtmError::UnknownRegion { .. }));
/// assert_eq!(err.to_string(), "unknown region \"Atlantis\"");
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum NtmError {
    /// A region code or name that is not one of the 7 regions (nor a province); the message
    /// names the nearest regions and provinces.
    #[error("unknown region {input:?}{}", crate::region::place_suggestions(input))]
    UnknownRegion {
        /// What was given.
        input: String,
    },
    /// A place that, on the date asked, is a provincial unit spanning two regions (since
    /// 1/7/2025: Lâm Đồng, Gia Lai, …): give the former province, or the region.
    #[error(
        "{input:?} is, since 1/7/2025, the unit {unit} formed from {}: it spans two regions. Give the former province (such as {:?}) or the region",
        formed_from.join(", "),
        formed_from.first().map(|f| f.split(" (").next().unwrap_or(f)).unwrap_or_default()
    )]
    AmbiguousRegion {
        /// What was given.
        input: String,
        /// The unit's name.
        unit: String,
        /// The former provinces, each with its region.
        formed_from: Vec<String>,
    },
    /// A province code or name that is not one of the 63 provinces; the message names the
    /// nearest.
    #[error("unknown province {input:?}{}", crate::region::place_suggestions(input))]
    UnknownProvince {
        /// What was given.
        input: String,
    },
    /// A commune group that is not G1, G2 or G3.
    #[error("unknown commune group {input:?} (expected G1, G2 or G3)")]
    UnknownCommuneGroup {
        /// What was given.
        input: String,
    },
    /// A bundled set name that does not exist.
    #[error("unknown criteria set {name:?} (bundled: {available})")]
    UnknownSet {
        /// What was asked for.
        name: String,
        /// The bundled names.
        available: String,
    },
    /// An indicator id that the set does not define.
    #[error("unknown indicator {id:?} in set {set}")]
    UnknownIndicator {
        /// The indicator id.
        id: String,
        /// The set id.
        set: String,
    },
    /// A criterion number outside the set.
    #[error("criterion {number} does not exist in set {set} (1..={count})")]
    UnknownCriterion {
        /// The number given.
        number: u32,
        /// The set id.
        set: String,
        /// The set's number of criteria.
        count: u32,
    },
    /// The assessment needs a region (or commune group) and none was given.
    #[error("set {set} varies its thresholds by {dimension}: give the commune's {dimension}")]
    MissingDimension {
        /// The set id.
        set: String,
        /// `region` or `commune_group`.
        dimension: &'static str,
    },
    /// A value that cannot be used for an indicator.
    #[error("indicator {indicator}: {reason}{}", commune.as_ref().map(|c| format!(" (commune {c})")).unwrap_or_default())]
    InvalidValue {
        /// The indicator id.
        indicator: String,
        /// Commune code, when known.
        commune: Option<String>,
        /// Why the value is not usable.
        reason: String,
    },
    /// An argument or setting outside what it accepts (not an indicator's value): a report
    /// language, a precision, a count of criteria, a date, a grouping key, a recognition level.
    ///
    /// ```
    /// let e = ntm_criteria::Banding::checked_default_for(0).unwrap_err();
    /// assert!(matches!(&e, ntm_criteria::NtmError::InvalidArgument { argument, .. } if argument == "criteria_count"));
    /// assert!(e.to_string().starts_with("criteria_count: "), "{e}");
    /// ```
    #[error("{argument}: {reason}")]
    InvalidArgument {
        /// The argument's name, as the caller wrote it (`lang`, `precision`, `criteria_count`, …).
        argument: String,
        /// What it accepts.
        reason: String,
    },
    /// A criteria-set file (JSON or TOML) or override that is malformed or inconsistent.
    #[error("bad criteria set {source_name}: {}", join(problems, &Omitted::default()))]
    Catalog {
        /// The file or set name.
        source_name: String,
        /// Every problem found, each with its JSON/TOML path.
        problems: Vec<Problem>,
    },
    /// A communes table or frame with problems: each with row, column and value (at most
    /// [`Problems::CAP`](crate::input::Problems::CAP); the rest are counted by kind in
    /// `omitted`).
    #[error("{} problem(s) in {source_name}: {}", thousands(problems.len() as u64 + omitted.total()), join(problems, omitted))]
    Validation {
        /// The file or table name.
        source_name: String,
        /// The problems found, in order, up to the cap.
        problems: Vec<Problem>,
        /// The problems beyond the cap, counted by kind.
        omitted: Omitted,
    },
    /// A banding whose bands overlap, leave gaps, or fall outside 0..=N.
    #[error("bad banding: {reason}")]
    Banding {
        /// What is wrong.
        reason: String,
    },
    /// A summary that cannot be computed (e.g. of zero communes).
    #[error("cannot summarise: {reason}")]
    EmptySummary {
        /// Why.
        reason: String,
    },
    /// Columns of a batch that do not fit together.
    #[error("batch input: {reason}")]
    Batch {
        /// What is wrong.
        reason: String,
    },
    /// A figure in a published report that cannot be parsed.
    #[error("cannot parse figure {input:?}: {reason}")]
    Figure {
        /// The text.
        input: String,
        /// Why.
        reason: String,
    },
    /// Snapshots that cannot be compared (different criteria sets, a repeated commune code, dates
    /// in the wrong order) or a malformed snapshot date.
    #[error("snapshot: {reason}")]
    Snapshot {
        /// What is wrong.
        reason: String,
    },
    /// Reading a file failed.
    #[error("cannot read {path}: {message}")]
    Io {
        /// The path.
        path: String,
        /// The OS error message.
        message: String,
    },
    /// Writing a file failed (the report workbook).
    #[error("cannot write {path}: {message}")]
    Write {
        /// The path.
        path: String,
        /// What went wrong.
        message: String,
    },
}

impl NtmError {
    /// A [`NtmError::Validation`] of these problems, capped at
    /// [`Problems::CAP`](crate::input::Problems::CAP) (the rest counted by kind).
    ///
    /// ```
    /// use ntm_criteria::{NtmError, Problem};
    /// let many = (0..1500).map(|r| Problem::new("10", ntm_criteria::ProblemKind::NotANumber, "not a number").at_row(r + 2)).collect();
    /// let e = NtmError::validation("big.csv", many);
    /// assert_eq!(e.problems().len(), 1000);
    /// assert!(e.to_string().starts_with("1,500 problem(s) in big.csv: row 2, 10: not a number;"));
    /// assert!(e.to_string().ends_with("… and 1,450 more (not_a_number: 1,450)"));
    /// ```
    pub fn validation(source_name: impl Into<String>, problems: Vec<Problem>) -> NtmError {
        let mut sink = crate::input::Problems::new();
        for p in problems {
            sink.push(p);
        }
        sink.into_error(source_name)
    }

    /// The problems carried by a `Catalog` or `Validation` error, or an empty slice.
    ///
    /// ```
    /// use ntm_criteria::CriteriaSet;
    /// let err = CriteriaSet::from_json_str("{}", "x.json").unwrap_err();
    /// assert!(!err.problems().is_empty());
    /// ```
    pub fn problems(&self) -> &[Problem] {
        match self {
            NtmError::Catalog { problems, .. } | NtmError::Validation { problems, .. } => problems,
            _ => &[],
        }
    }
}

/// The crate's result type.
pub type Result<T, E = NtmError> = std::result::Result<T, E>;
