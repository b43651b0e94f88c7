//! The kinds of [`crate::Problem`]: one closed list, so that a kind is never mistyped, and every
//! kind is documented (docs/input-rules.md lists them all, checked by a test).

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Defines [`ProblemKind`] from `Variant = "snake_case"` lines.
macro_rules! problem_kinds {
    ($($(#[doc = $doc:literal])* $variant:ident = $name:literal,)*) => {
        /// The kind of a [`crate::Problem`], written in snake case in messages, JSON and Python
        /// (`"not_a_number"`). Every kind is described in docs/input-rules.md.
        ///
        /// ```
        /// use ntm_criteria::ProblemKind;
        /// assert_eq!(ProblemKind::NotANumber.as_str(), "not_a_number");
        /// assert_eq!(ProblemKind::parse("duplicate_code"), Some(ProblemKind::DuplicateCode));
        /// assert_eq!(ProblemKind::parse("no_such_kind"), None);
        /// assert!(ProblemKind::ALL.len() > 50);
        /// ```
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum ProblemKind {
            $($(#[doc = $doc])* #[doc = concat!("`", $name, "`")] $variant,)*
        }

        impl ProblemKind {
            /// Every kind, in declaration order.
            pub const ALL: &'static [ProblemKind] = &[$(ProblemKind::$variant,)*];

            /// The kind's name in snake case.
            ///
            /// ```
            /// assert_eq!(ntm_criteria::ProblemKind::UnclosedQuote.as_str(), "unclosed_quote");
            /// ```
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(ProblemKind::$variant => $name,)*
                }
            }
        }
    };
}

impl ProblemKind {
    /// The kind of a snake-case name, if there is one.
    ///
    /// ```
    /// assert_eq!(ntm_criteria::ProblemKind::parse("negative"), Some(ntm_criteria::ProblemKind::Negative));
    /// ```
    pub fn parse(name: &str) -> Option<ProblemKind> {
        ProblemKind::ALL.iter().copied().find(|k| k.as_str() == name)
    }
}

impl fmt::Display for ProblemKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<str> for ProblemKind {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for ProblemKind {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl Serialize for ProblemKind {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ProblemKind {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = String::deserialize(d)?;
        ProblemKind::parse(&name).ok_or_else(|| serde::de::Error::custom(format!("unknown problem kind {name:?}")))
    }
}

problem_kinds! {
    AmbiguousPercent = "ambiguous_percent",
    AmbiguousSeparator = "ambiguous_separator",
    BadBanding = "bad_banding",
    BadDate = "bad_date",
    BadField = "bad_field",
    BadFigure = "bad_figure",
    BadIndicator = "bad_indicator",
    BadKey = "bad_key",
    BadNote = "bad_note",
    BadOverrides = "bad_overrides",
    BadPeriod = "bad_period",
    BadRule = "bad_rule",
    BadSources = "bad_sources",
    BadUnit = "bad_unit",
    BadValue = "bad_value",
    BadVerified = "bad_verified",
    BadYear = "bad_year",
    CellOutsideColumns = "cell_outside_columns",
    ConflictingColumn = "conflicting_column",
    CountMismatch = "count_mismatch",
    CriteriaWithSet = "criteria_with_set",
    DuplicateCode = "duplicate_code",
    DuplicateColumn = "duplicate_column",
    DuplicateCriterion = "duplicate_criterion",
    DuplicateEntry = "duplicate_entry",
    DuplicateIndicator = "duplicate_indicator",
    Empty = "empty",
    EmptyCode = "empty_code",
    EmptyFile = "empty_file",
    Encoding = "encoding",
    Encrypted = "encrypted",
    ExcelError = "excel_error",
    ExtraFields = "extra_fields",
    GroupMismatch = "group_mismatch",
    HeaderNotFound = "header_not_found",
    InvalidField = "invalid_field",
    InvalidReport = "invalid_report",
    InvalidType = "invalid_type",
    Malformed = "malformed",
    Missing = "missing",
    MissingColumn = "missing_column",
    MissingCommuneGroup = "missing_commune_group",
    MissingComponent = "missing_component",
    MissingCount = "missing_count",
    MissingCriteriaList = "missing_criteria_list",
    MissingCriterion = "missing_criterion",
    MissingField = "missing_field",
    MissingGroup = "missing_group",
    MissingIndicator = "missing_indicator",
    MissingRegion = "missing_region",
    NeedsComponents = "needs_components",
    NeedsCriteriaSet = "needs_criteria_set",
    Negative = "negative",
    NoRows = "no_rows",
    NoSuchSheet = "no_such_sheet",
    NotACode = "not_a_code",
    NotANumber = "not_a_number",
    NotAWorkbook = "not_a_workbook",
    NotAnIndicator = "not_an_indicator",
    NotApplicable = "not_applicable",
    NotFinite = "not_finite",
    NotWhole = "not_whole",
    NotYesNo = "not_yes_no",
    OutOfOrder = "out_of_order",
    OutOfRange = "out_of_range",
    OverlappingBands = "overlapping_bands",
    PrerequisiteCycle = "prerequisite_cycle",
    PrerequisiteLevel = "prerequisite_level",
    RepeatedCriterion = "repeated_criterion",
    Schema = "schema",
    Syntax = "syntax",
    TooLarge = "too_large",
    TooManyCells = "too_many_cells",
    TooManyStrings = "too_many_strings",
    UnclosedQuote = "unclosed_quote",
    UnexpectedPercent = "unexpected_percent",
    UnitMismatch = "unit_mismatch",
    UnknownColumn = "unknown_column",
    UnknownCommuneGroup = "unknown_commune_group",
    UnknownComponent = "unknown_component",
    UnknownCriterion = "unknown_criterion",
    UnknownDimension = "unknown_dimension",
    UnknownField = "unknown_field",
    UnknownFormat = "unknown_format",
    UnknownGroup = "unknown_group",
    UnknownIndicator = "unknown_indicator",
    UnknownKey = "unknown_key",
    UnknownRecognition = "unknown_recognition",
    UnknownRegion = "unknown_region",
    UnknownRule = "unknown_rule",
    UnknownSet = "unknown_set",
    UnknownSource = "unknown_source",
    UnknownUnit = "unknown_unit",
    UnknownVariant = "unknown_variant",
    UnsupportedFormat = "unsupported_format",
    ValueMismatch = "value_mismatch",
    WrongShape = "wrong_shape",
    YearWithoutRecognition = "year_without_recognition",
    ZipBomb = "zip_bomb",
}
