//! Levels and prerequisites: a set may earn a recognition level (`level`: NTM, nâng cao, kiểu
//! mẫu) and apply only to units that already hold another (`requires`): kiểu mẫu ⊂ nâng cao ⊂
//! NTM. A unit's prerequisite is judged from the level it is already recognised at; a unit that
//! does not hold it is never counted as meeting the set, whatever its own criteria say.
//!
//! `requires.set`, when given, names the set that earns the required level: a bundled set, or a
//! set file beside this one. It must load, earn that level, and not require this set back.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::assess::Status;
use crate::catalog::{CriteriaSet, Verified};
use crate::communes::RecognitionLevel;
use crate::error::{NtmError, Problem, Result};
use crate::kind::ProblemKind;

/// The level a unit must already hold before a set applies to it (`requires` in a set file).
///
/// ```
/// use ntm_criteria::{RecognitionLevel, Requirement, Status};
/// let r: Requirement = serde_json::from_str(r#"{"level": "nang_cao", "verified": true}"#)?;
/// assert_eq!(r.status(Some(RecognitionLevel::KieuMau)), Status::Met);
/// assert_eq!(r.status(Some(RecognitionLevel::Ntm)), Status::NotMet);
/// assert_eq!(r.status(None), Status::NotAssessed); // the unit's recognition is not known
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Requirement {
    /// The recognition level required (`ntm`, `nang_cao`, `kieu_mau`).
    pub level: RecognitionLevel,
    /// The set that earns it, when it is bundled or a file beside this one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub set: Option<String>,
    /// How well the requirement is sourced.
    #[serde(default = "crate::catalog::verified_true")]
    pub verified: Verified,
    /// Source ids (resolved in the set's `sources`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    /// Free note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Requirement {
    /// The prerequisite's status for a unit recognised at `held` (`None`: not known).
    ///
    /// ```
    /// use ntm_criteria::{RecognitionLevel, Requirement, Status, Verified};
    /// let r = Requirement { level: RecognitionLevel::Ntm, set: None, verified: Verified::True, sources: vec![], note: None };
    /// assert_eq!(r.status(Some(RecognitionLevel::None)), Status::NotMet); // not recognised
    /// ```
    pub fn status(&self, held: Option<RecognitionLevel>) -> Status {
        match held {
            None => Status::NotAssessed,
            Some(l) if l >= self.level => Status::Met,
            Some(_) => Status::NotMet,
        }
    }
}

/// The prerequisite of one assessment ([`crate::Assessment::prerequisite`]).
///
/// ```
/// use ntm_criteria::{CriteriaSet, Profile, RecognitionLevel, Status, Value};
/// let set = CriteriaSet::bundled("kieu-mau-2021-2025")?;
/// let p = Profile::default().recognised(RecognitionLevel::Ntm);
/// let a = set.assess([("1", Value::Verdict(true))], &p)?;
/// let pre = a.prerequisite.as_ref().unwrap();
/// assert_eq!((pre.level, pre.status), (RecognitionLevel::NangCao, Status::NotMet));
/// assert!(!a.meets_standard);
/// # Ok::<(), ntm_criteria::NtmError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrerequisiteOutcome {
    /// The level required.
    pub level: RecognitionLevel,
    /// The set that earns it, when the set file names one.
    pub set: Option<String>,
    /// Met, not met, or not assessed (the unit's recognition is not known).
    pub status: Status,
}

/// Loads a set file and the chain of set files it refers to (`requires.set`, relative
/// thresholds), refusing a cycle.
pub(crate) fn load_path(path: &Path, chain: &mut Vec<PathBuf>) -> Result<CriteriaSet> {
    let key = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    let set = CriteriaSet::parse_path(path)?;
    chain.push(key);
    let linked = linked(set, &path.display().to_string(), path.parent(), chain);
    chain.pop();
    linked
}

/// A parsed set with the sets it refers to followed: its relative thresholds computed from
/// their bases, and its prerequisite checked (sets named by file are looked for in `dir`).
pub(crate) fn linked(
    set: CriteriaSet,
    source_name: &str,
    dir: Option<&Path>,
    chain: &mut Vec<PathBuf>,
) -> Result<CriteriaSet> {
    let set = crate::relative::resolve(set, source_name, dir, chain)?;
    check_required(&set, source_name, dir, chain)?;
    Ok(set)
}

/// A set another one names (`requires.set`, a relative threshold's `set`): a bundled set, or a
/// set file in `dir` loaded with its own references. The problem kind and message when it
/// cannot be had: `unknown_set`, or `prerequisite_cycle` for a set that refers back.
pub(crate) fn find_set(
    name: &str,
    dir: Option<&Path>,
    chain: &mut Vec<PathBuf>,
) -> std::result::Result<CriteriaSet, (ProblemKind, String)> {
    if let Ok(b) = CriteriaSet::bundled(name) {
        return Ok(b.clone());
    }
    let Some(p) = dir.map(|d| d.join(name)).filter(|p| p.is_file()) else {
        let msg = format!(
            "no bundled set and no set file {name:?}{}; bundled sets: {}",
            dir.map_or(String::new(), |d| format!(" in {}", d.display())),
            CriteriaSet::bundled_names().join(", ")
        );
        return Err((ProblemKind::UnknownSet, msg));
    };
    let key = p.canonicalize().unwrap_or_else(|_| p.clone());
    if chain.contains(&key) {
        let names: Vec<String> = chain.iter().chain([&key]).map(|c| c.display().to_string()).collect();
        return Err((ProblemKind::PrerequisiteCycle, format!("sets that refer to each other: {}", names.join(" → "))));
    }
    load_path(&p, chain).map_err(|e| match &e {
        NtmError::Catalog { problems, .. } if problems.iter().any(|q| q.kind == ProblemKind::PrerequisiteCycle) => {
            let q = problems.iter().find(|q| q.kind == ProblemKind::PrerequisiteCycle).map(|q| q.msg.clone());
            (ProblemKind::PrerequisiteCycle, q.unwrap_or_default())
        }
        _ => (ProblemKind::UnknownSet, format!("the set {name:?} does not load: {e}")),
    })
}

/// Checks a set's `level` and `requires` against each other and, when `requires.set` names a
/// set, that it loads (bundled, or a file in `dir`), earns the required level and does not
/// require this one back.
fn check_required(set: &CriteriaSet, source_name: &str, dir: Option<&Path>, chain: &mut Vec<PathBuf>) -> Result<()> {
    let Some(req) = set.requires() else { return Ok(()) };
    let fail = |loc: &str, kind: ProblemKind, msg: String, input: String| NtmError::Catalog {
        source_name: source_name.to_string(),
        problems: vec![Problem::new(loc, kind, msg).with_input(input)],
    };
    if req.level == RecognitionLevel::None || set.level().is_some_and(|own| req.level >= own) {
        let own = set.level().map_or("none", RecognitionLevel::as_str);
        let msg = format!("a set earning level {own:?} can only require a lower level");
        return Err(fail("requires.level", ProblemKind::PrerequisiteLevel, msg, req.level.as_str().into()));
    }
    let Some(name) = &req.set else { return Ok(()) };
    let required = find_set(name, dir, chain).map_err(|(kind, msg)| fail("requires.set", kind, msg, name.clone()))?;
    if required.level() != Some(req.level) {
        let earns = required.level().map_or("no level", RecognitionLevel::as_str);
        let msg = format!("{name:?} earns {earns}, not the required {}", req.level.as_str());
        return Err(fail("requires.level", ProblemKind::PrerequisiteLevel, msg, req.level.as_str().into()));
    }
    Ok(())
}
