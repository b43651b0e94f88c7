//! The unit a criteria set assesses: a commune (xã) under the national sets, or a village (thôn,
//! bản, ấp) under the provincial village sets. Summaries, report sentences and workbooks use its
//! word.

use serde::{Deserialize, Serialize};

use crate::error::{NtmError, Result};

/// What a criteria set assesses, and so what a summary counts.
///
/// ```
/// use ntm_criteria::AssessedUnit;
/// assert_eq!(AssessedUnit::default(), AssessedUnit::Commune);
/// assert_eq!(AssessedUnit::parse("thôn")?, AssessedUnit::Village);
/// assert_eq!((AssessedUnit::Village.vi(), AssessedUnit::Village.en(2)), ("thôn", "villages"));
/// assert!(AssessedUnit::parse("huyện").is_err());
/// # Ok::<(), ntm_criteria::NtmError>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AssessedUnit {
    /// A commune (xã): the national sets (1980/QĐ-TTg, 318/QĐ-TTg, 51/2025/QĐ-TTg).
    #[default]
    Commune,
    /// A village (thôn, bản, ấp, khu dân cư): a province's village set ("thôn nông thôn mới").
    Village,
}

impl AssessedUnit {
    /// `"commune"` or `"village"`, as in set files.
    ///
    /// ```
    /// assert_eq!(ntm_criteria::AssessedUnit::Village.as_str(), "village");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            AssessedUnit::Commune => "commune",
            AssessedUnit::Village => "village",
        }
    }

    /// A unit from its name in English or Vietnamese (`commune`, `xã`, `village`, `thôn`, `bản`,
    /// `ấp`; case and accents ignored); anything else is an [`NtmError::InvalidArgument`].
    ///
    /// ```
    /// use ntm_criteria::AssessedUnit;
    /// assert_eq!(AssessedUnit::parse("Xa")?, AssessedUnit::Commune);
    /// assert_eq!(AssessedUnit::parse("ban")?, AssessedUnit::Village);
    /// # Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn parse(name: &str) -> Result<AssessedUnit> {
        match crate::text::key(name).as_str() {
            "commune" | "communes" | "xa" => Ok(AssessedUnit::Commune),
            "village" | "villages" | "thon" | "ban" | "ap" | "thon ban" => Ok(AssessedUnit::Village),
            _ => Err(NtmError::InvalidArgument {
                argument: "unit".into(),
                reason: format!("{name:?} is not a unit a set assesses: commune (xã) or village (thôn)"),
            }),
        }
    }

    /// The Vietnamese word, as reports print it: `xã`, `thôn`.
    ///
    /// ```
    /// assert_eq!(ntm_criteria::AssessedUnit::Commune.vi(), "xã");
    /// ```
    pub fn vi(self) -> &'static str {
        match self {
            AssessedUnit::Commune => "xã",
            AssessedUnit::Village => "thôn",
        }
    }

    /// The English word for `n` of them: `commune` / `communes`, `village` / `villages`.
    ///
    /// ```
    /// assert_eq!(ntm_criteria::AssessedUnit::Commune.en(1), "commune");
    /// ```
    pub fn en(self, n: u64) -> &'static str {
        match (self, n == 1) {
            (AssessedUnit::Commune, true) => "commune",
            (AssessedUnit::Commune, false) => "communes",
            (AssessedUnit::Village, true) => "village",
            (AssessedUnit::Village, false) => "villages",
        }
    }

    /// Whether this is the default unit (set files leave it out).
    ///
    /// ```
    /// assert!(!ntm_criteria::AssessedUnit::Village.is_commune());
    /// ```
    pub fn is_commune(&self) -> bool {
        *self == AssessedUnit::Commune
    }
}
