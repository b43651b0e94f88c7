//! Column headers → roles: the one matching rule of every door.
//!
//! A header is compared after [`header_key`]: NFC, case, accents and surrounding white space
//! ignored, and `,`, `_`, `-`, `.`, `/` and brackets read as separators, so that `1,1`, `1_1` and
//! `1.1` are the same indicator and `Mã xã`, `ma xa` and `MA_XA` the same column. The table
//! columns have aliases, the Vietnamese headers offices use ([`ALIASES`], documented in
//! `docs/input-rules.md`). A criterion's status column is `c5`, `TC5`, `TC 5`, `Tiêu chí 5`,
//! `Tiêu chí số 5` or `5. <the criterion's name>`; a bare `5` is always the indicator `5`, never
//! criterion 5. An unknown header gets the nearest names as a suggestion.
//!
//! ```
//! use ntm_criteria::input::header::{Headers, Role};
//! use ntm_criteria::CriteriaSet;
//! let set = CriteriaSet::bundled("2016-2020")?;
//! let h = Headers::for_set(set);
//! assert_eq!(h.role("Mã xã"), Ok(Role::Id));
//! assert_eq!(h.role("1,1"), Ok(Role::Indicator(0)));
//! assert_eq!(h.role("TC 10"), Ok(Role::Criterion(10)));
//! assert_eq!(h.role("17.1: Hygienic"), Ok(Role::Component(set.indicator_index("17.1")?, 0)));
//! assert_eq!(h.role("5"), Ok(Role::Indicator(set.indicator_index("5")?)));
//! let e = h.role("met_cont").unwrap_err();
//! assert_eq!(e.kind, "unknown_column");
//! assert_eq!(e.suggestions, ["met_count"]);
//! # Ok::<(), ntm_criteria::NtmError>(())
//! ```

use crate::kind::ProblemKind;
use std::collections::HashMap;

use crate::catalog::CriteriaSet;
use crate::text::{did_you_mean, suggest};

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// The commune code (mã xã), the key of the table.
    Id,
    /// The commune's name (passed through); a village's name in a village set's table.
    Name,
    /// In a village set's table, the code of the commune the village belongs to (passed through).
    CommuneCode,
    /// In a village set's table, the commune the village belongs to (passed through).
    Commune,
    /// The district's code (passed through).
    DistrictCode,
    /// The district (passed through).
    District,
    /// The province (passed through; gives the region when there is no region column).
    Province,
    /// The region (vùng).
    Region,
    /// The commune group G1-G3 (nhóm xã, 2026-2030).
    CommuneGroup,
    /// The ĐBKK/ATK flag.
    Disadvantaged,
    /// The criteria met, as a list of numbers (`1;2;5`).
    CriteriaMet,
    /// The number of criteria met.
    MetCount,
    /// The recognition level (công nhận).
    Recognition,
    /// The year of recognition.
    RecognitionYear,
    /// The recognition decision.
    RecognitionDecision,
    /// A row number (STT): not data, left out.
    RowNumber,
    /// An output of an assessment read back (`band`, `meets_standard`): recomputed, left out.
    Derived,
    /// The status of criterion `k` (1-based).
    Criterion(u32),
    /// The indicator at this position of the set.
    Indicator(usize),
    /// One of the two numbers (0 or 1) of a two-part indicator.
    Component(usize, usize),
}

impl Role {
    /// The canonical column name of a table role (`code`, `met_count`, …); `None` for the
    /// roles named by the set (criteria, indicators).
    ///
    /// ```
    /// use ntm_criteria::input::header::Role;
    /// assert_eq!(Role::Id.canonical(), Some("code"));
    /// assert_eq!(Role::Criterion(5).canonical(), None);
    /// ```
    pub fn canonical(self) -> Option<&'static str> {
        ALIASES.iter().chain(VILLAGE_ALIASES).find(|(_, r, _)| *r == self).map(|(name, _, _)| *name)
    }

    /// Whether the column is passed through to the output as it is (name, district, province).
    ///
    /// ```
    /// use ntm_criteria::input::header::Role;
    /// assert!(Role::District.is_passthrough() && !Role::MetCount.is_passthrough());
    /// ```
    pub fn is_passthrough(self) -> bool {
        matches!(
            self,
            Role::Name | Role::CommuneCode | Role::Commune | Role::DistrictCode | Role::District | Role::Province
        )
    }
}

/// The table columns: canonical name, role, and the other headers that mean it (Vietnamese
/// headers of official templates, and English variants). Matched with [`header_key`].
pub const ALIASES: &[(&str, Role, &[&str])] = &[
    (
        "code",
        Role::Id,
        &[
            "mã xã",
            "mã",
            "mã số",
            "mã đơn vị",
            "mã đơn vị hành chính",
            "mã ĐVHC",
            "mã xã phường thị trấn",
            "commune code",
            "commune_id",
            "id",
        ],
    ),
    (
        "name",
        Role::Name,
        &["tên xã", "tên", "tên đơn vị", "xã", "đơn vị", "commune", "commune name", "đơn vị hành chính"],
    ),
    ("district_code", Role::DistrictCode, &["mã huyện", "mã quận huyện"]),
    (
        "district",
        Role::District,
        &[
            "huyện",
            "tên huyện",
            "huyện/thị xã/thành phố",
            "huyện, thị xã, thành phố",
            "quận/huyện",
            "quận huyện",
            "cấp huyện",
        ],
    ),
    ("province", Role::Province, &["tỉnh", "tên tỉnh", "tỉnh/thành phố", "tỉnh, thành phố", "tỉnh thành"]),
    ("region", Role::Region, &["vùng", "vùng kinh tế", "vùng kinh tế - xã hội"]),
    ("commune_group", Role::CommuneGroup, &["nhóm xã", "nhóm", "group"]),
    (
        "disadvantaged",
        Role::Disadvantaged,
        &["ĐBKK", "xã ĐBKK", "xã đặc biệt khó khăn", "ĐBKK/ATK", "xã ĐBKK/ATK", "ATK"],
    ),
    ("criteria_met", Role::CriteriaMet, &["các tiêu chí đạt", "tiêu chí đạt", "danh sách tiêu chí đạt"]),
    (
        "met_count",
        Role::MetCount,
        &["số tiêu chí đạt", "tổng số tiêu chí đạt", "số TC đạt", "tổng số TC đạt", "số tiêu chí đã đạt"],
    ),
    ("recognition", Role::Recognition, &["công nhận", "mức công nhận", "mức đạt chuẩn"]),
    ("recognition_year", Role::RecognitionYear, &["năm công nhận", "năm đạt chuẩn"]),
    (
        "recognition_decision",
        Role::RecognitionDecision,
        &["quyết định công nhận", "số quyết định", "số quyết định công nhận", "số QĐ"],
    ),
    ("stt", Role::RowNumber, &["TT", "số thứ tự", "No.", "row number"]),
    ("band", Role::Derived, &["meets_standard", "nhóm tiêu chí đạt"]),
];

/// The headers of a village set's table (a set whose `unit` is `village`), read after
/// [`ALIASES`] and taking precedence: there the village is the unit (`Thôn`, `Mã thôn`), and `Xã`
/// names the commune it belongs to.
pub const VILLAGE_ALIASES: &[(&str, Role, &[&str])] = &[
    ("code", Role::Id, &["mã thôn", "mã thôn bản", "mã bản", "village code", "village_id"]),
    (
        "name",
        Role::Name,
        &["thôn", "tên thôn", "bản", "tên bản", "thôn bản", "tên thôn bản", "thôn, bản", "village", "village name"],
    ),
    ("commune_code", Role::CommuneCode, &["mã xã", "commune code", "commune_id"]),
    ("commune", Role::Commune, &["xã", "tên xã", "commune name", "xã, phường, thị trấn", "xã/phường/thị trấn"]),
];

/// The form a header is compared in: NFC, case and accents ignored (`đ` → `d`), and white
/// space, `,`, `_`, `-`, `.`, `/` and brackets read as one separator.
///
/// ```
/// use ntm_criteria::input::header::header_key;
/// assert_eq!(header_key(" Mã   xã "), "ma xa");
/// assert_eq!(header_key("1,1"), header_key("1.1"));
/// assert_eq!(header_key("1_1"), "1 1");
/// assert_eq!(header_key("Huyện/thị xã"), "huyen thi xa");
/// ```
pub fn header_key(header: &str) -> String {
    crate::text::key(header)
}

/// Why a header matches no column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderIssue {
    /// `unknown_column`, `unknown_component` or `unknown_criterion`.
    pub kind: ProblemKind,
    /// What is wrong and what to write instead.
    pub message: String,
    /// The nearest valid names, nearest first.
    pub suggestions: Vec<String>,
}

/// The header matcher of one read: the table columns, and the criteria and indicators of a set
/// (or only `criteria_count` criteria, for a criterion-level table).
#[derive(Debug, Clone)]
pub struct Headers<'s> {
    set: Option<&'s CriteriaSet>,
    criteria: u32,
    keys: HashMap<String, Role>,
    /// `(folded form, name shown)` of every valid header, for suggestions.
    names: Vec<(String, String)>,
}

impl<'s> Headers<'s> {
    /// The headers of a table of indicator values against `set`.
    ///
    /// ```
    /// use ntm_criteria::input::header::{Headers, Role};
    /// let set = ntm_criteria::CriteriaSet::bundled("2026-2030")?;
    /// assert_eq!(Headers::for_set(set).role("c1-general-plan"), Ok(Role::Indicator(0)));
    /// assert_eq!(Headers::for_set(set).role("C1"), Ok(Role::Criterion(1)));
    /// # Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn for_set(set: &'s CriteriaSet) -> Headers<'s> {
        Headers::build(Some(set), set.criteria_count(), set.unit())
    }

    /// The headers of a criterion-level table of `criteria_count` criteria (no indicators).
    ///
    /// ```
    /// use ntm_criteria::input::header::{Headers, Role};
    /// let h = ntm_criteria::input::header::Headers::for_criteria(19);
    /// assert_eq!(h.role("Số tiêu chí đạt"), Ok(Role::MetCount));
    /// assert_eq!(h.role("Tiêu chí số 19"), Ok(Role::Criterion(19)));
    /// assert_eq!(h.role("c20").unwrap_err().kind, "unknown_criterion");
    /// ```
    pub fn for_criteria(criteria_count: u32) -> Headers<'static> {
        Headers::build(None, criteria_count, crate::AssessedUnit::Commune)
    }

    /// The matcher of a read with `options` (its set's, or a criterion-level one of its unit).
    ///
    /// ```
    /// use ntm_criteria::input::{header::{Headers, Role}, ReadOptions};
    /// let options = ReadOptions::criteria(14).unit(ntm_criteria::AssessedUnit::Village);
    /// let h = Headers::for_read(&options);
    /// assert_eq!((h.role("Thôn"), h.role("Xã")), (Ok(Role::Name), Ok(Role::Commune)));
    /// ```
    pub fn for_read(options: &'s crate::input::ReadOptions<'_>) -> Headers<'s> {
        match options.set {
            Some(s) => Headers::for_set(s),
            // Before the count is settled from the columns, every criterion a table can hold.
            None if options.criteria_from_columns => Headers::build(None, 32, options.unit),
            None => Headers::build(None, options.criteria_count, options.unit),
        }
    }

    fn build(set: Option<&'s CriteriaSet>, criteria: u32, unit: crate::AssessedUnit) -> Headers<'s> {
        let mut keys = HashMap::new();
        let mut names = Vec::new();
        let village = unit == crate::AssessedUnit::Village;
        let tables = if village { [ALIASES, VILLAGE_ALIASES] } else { [ALIASES, &[]] };
        for (canonical, role, aliases) in tables.into_iter().flatten() {
            for a in std::iter::once(canonical).chain(aliases.iter()) {
                keys.insert(header_key(a), *role);
                names.push((header_key(a), (*canonical).to_string()));
            }
        }
        if let Some(s) = set {
            for (i, ind) in s.indicators().enumerate() {
                keys.entry(header_key(&ind.id)).or_insert(Role::Indicator(i));
                names.push((header_key(&ind.id), ind.id.clone()));
            }
        }
        for k in 1..=criteria.min(32) {
            names.push((format!("c{k}"), format!("c{k}")));
        }
        Headers { set, criteria, keys, names }
    }

    /// The number of criteria of the table.
    ///
    /// ```
    /// assert_eq!(ntm_criteria::input::header::Headers::for_criteria(10).criteria_count(), 10);
    /// ```
    pub fn criteria_count(&self) -> u32 {
        self.criteria
    }

    /// The role of a column, or why it has none.
    ///
    /// ```
    /// use ntm_criteria::input::header::{Headers, Role};
    /// let h = Headers::for_criteria(19);
    /// assert_eq!(h.role("  Huyện "), Ok(Role::District));
    /// assert_eq!(h.role("STT"), Ok(Role::RowNumber));
    /// assert_eq!(h.role("Tên xaa").unwrap_err().suggestions, ["name"]);
    /// ```
    pub fn role(&self, header: &str) -> Result<Role, HeaderIssue> {
        let trimmed = crate::text::nfc(header);
        if let Some(set) = self.set {
            if let Ok(i) = set.indicator_index(&trimmed) {
                return Ok(Role::Indicator(i));
            }
            if let Some((id, comp)) = trimmed.split_once(':') {
                return self.component(set, id, comp, header);
            }
        }
        let key = header_key(&trimmed);
        if let Some(role) = self.keys.get(&key) {
            return Ok(*role);
        }
        if let Some(r) = self.criterion(&key) {
            return r;
        }
        Err(self.unknown(header, &key))
    }

    fn component(&self, set: &CriteriaSet, id: &str, comp: &str, header: &str) -> Result<Role, HeaderIssue> {
        let Some(Role::Indicator(i)) = self.keys.get(&header_key(id)).copied() else {
            let mut e = self.unknown(header, &header_key(id));
            e.message =
                format!("{id:?} is not an indicator of set {}{}", set.id(), did_you_mean(&strs(&e.suggestions)));
            return Err(e);
        };
        let ind = set.indicator_at(i);
        let Some(names) = &ind.components else {
            return Err(HeaderIssue {
                kind: ProblemKind::UnknownComponent,
                message: format!("indicator {} has one value, no components: name the column {}", ind.id, ind.id),
                suggestions: vec![ind.id.clone()],
            });
        };
        let want = header_key(comp);
        match names.iter().position(|c| header_key(c) == want) {
            Some(k) => Ok(Role::Component(i, k)),
            None => Err(HeaderIssue {
                kind: ProblemKind::UnknownComponent,
                message: format!(
                    "indicator {} has the components {:?} and {:?}, not {:?}",
                    ind.id,
                    names[0],
                    names[1],
                    comp.trim()
                ),
                suggestions: names.iter().map(|c| format!("{}:{c}", ind.id)).collect(),
            }),
        }
    }

    /// `c5`, `tc5`, `tc 5`, `tieu chi 5`, `tieu chi so 5`, `criterion 5`, with the criterion's
    /// name after the number or alone after `5.`.
    fn criterion(&self, key: &str) -> Option<Result<Role, HeaderIssue>> {
        const PREFIXES: [&str; 7] = ["tieu chi so ", "tieu chi ", "criterion ", "tc ", "tc", "c ", "c"];
        let (rest, prefixed) = match PREFIXES.iter().find_map(|p| key.strip_prefix(p)) {
            Some(rest) => (rest, true),
            None => (key, false),
        };
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        if digits.is_empty() {
            return None;
        }
        let tail = rest[digits.len()..].trim_start();
        let k: u32 = digits.parse().ok()?;
        let named = self
            .set
            .and_then(|s| s.criterion(k).ok())
            .is_some_and(|c| !tail.is_empty() && header_key(&c.name_vi) == tail);
        if !(named || (prefixed && tail.is_empty())) {
            return None;
        }
        if k == 0 || k > self.criteria {
            return Some(Err(HeaderIssue {
                kind: ProblemKind::UnknownCriterion,
                message: format!("criterion {k} does not exist: the table has {} criteria", self.criteria),
                suggestions: Vec::new(),
            }));
        }
        Some(Ok(Role::Criterion(k)))
    }

    fn unknown(&self, header: &str, key: &str) -> HeaderIssue {
        let candidates: Vec<(String, &str)> = self.names.iter().map(|(f, s)| (f.clone(), s.as_str())).collect();
        let suggestions: Vec<String> = suggest(key, &candidates, 3).into_iter().map(str::to_string).collect();
        let what = match self.set {
            Some(s) => format!("neither a table column nor an indicator of set {}", s.id()),
            None => "not a column of a criterion-level table".to_string(),
        };
        HeaderIssue {
            kind: ProblemKind::UnknownColumn,
            message: format!("unknown column {:?}: {what}{}", header.trim(), did_you_mean(&strs(&suggestions))),
            suggestions,
        }
    }
}

fn strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

/// The number of criteria a table's criterion columns imply: the highest (`c12`, `TC 12`,
/// `Tiêu chí 12`), `None` when there is none. A criterion beyond the 32 a table can hold is an
/// `unknown_criterion` problem of that column.
///
/// ```
/// use ntm_criteria::input::header::criteria_count_of_columns;
/// assert_eq!(criteria_count_of_columns(&["code", "c1", "TC 12", "met_count"])?, Some(12));
/// assert_eq!(criteria_count_of_columns(&["code", "met_count"])?, None);
/// assert!(criteria_count_of_columns(&["c33"]).is_err());
/// # Ok::<(), ntm_criteria::NtmError>(())
/// ```
pub fn criteria_count_of_columns<S: AsRef<str>>(names: &[S]) -> crate::Result<Option<u32>> {
    let headers = Headers::for_criteria(32);
    let mut n = 0;
    for name in names.iter().map(AsRef::as_ref) {
        match headers.role(name) {
            Ok(Role::Criterion(k)) => n = n.max(k),
            Err(e) if e.kind == ProblemKind::UnknownCriterion => {
                let p = crate::Problem::new(name, e.kind, e.message);
                return Err(crate::NtmError::validation("frame columns", vec![p]));
            }
            _ => {}
        }
    }
    Ok((n > 0).then_some(n))
}

/// Whether a header that matched nothing looks like an indicator id of a bundled set: a
/// criterion-level read (without a set) then says once that the columns need a set, instead of
/// once per column.
///
/// ```
/// use ntm_criteria::input::header::looks_like_indicator;
/// assert!(looks_like_indicator("1,1") && looks_like_indicator("17.1:hygienic"));
/// assert!(!looks_like_indicator("colour"));
/// ```
pub fn looks_like_indicator(header: &str) -> bool {
    let id = header.split(':').next().unwrap_or(header);
    let key = header_key(id);
    CriteriaSet::bundled_names()
        .iter()
        .filter_map(|n| CriteriaSet::bundled(n).ok())
        .any(|s| s.indicators().any(|i| header_key(&i.id) == key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_alias_is_one_role() {
        let mut seen: HashMap<String, Role> = HashMap::new();
        for (canonical, role, aliases) in ALIASES {
            for a in std::iter::once(canonical).chain(aliases.iter()) {
                let prev = seen.insert(header_key(a), *role);
                assert!(prev.is_none() || prev == Some(*role), "{a:?} is two roles");
            }
        }
    }

    #[test]
    fn no_alias_is_an_indicator_id_of_a_bundled_set() {
        for n in CriteriaSet::bundled_names() {
            let set = CriteriaSet::bundled(n).unwrap();
            let h = Headers::for_set(set);
            for (i, ind) in set.indicators().enumerate() {
                assert_eq!(h.role(&ind.id), Ok(Role::Indicator(i)), "{n} {}", ind.id);
                assert_eq!(h.role(&ind.id.replace('.', "_")), Ok(Role::Indicator(i)), "{n} {}", ind.id);
                assert_eq!(h.role(&format!(" {} ", ind.id.to_uppercase())), Ok(Role::Indicator(i)));
            }
            for k in 1..=set.criteria_count() {
                assert_eq!(h.role(&format!("c{k}")), Ok(Role::Criterion(k)));
                let name = &set.criterion(k).unwrap().name_vi;
                assert_eq!(h.role(&format!("{k}. {name}")), Ok(Role::Criterion(k)), "{name}");
            }
        }
    }

    #[test]
    fn bare_numbers_are_never_criteria() {
        let h = Headers::for_criteria(19);
        assert_eq!(h.role("5").map_err(|e| e.kind.as_str()), Err("unknown_column"));
        let e = h.role("5").unwrap_err();
        assert!(e.suggestions.contains(&"c5".to_string()), "{e:?}");
    }
}
