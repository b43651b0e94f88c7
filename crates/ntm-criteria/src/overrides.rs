//! Overrides given as a mapping, the shape a Python dict (or a JSON object) takes.
//!
//! `CriteriaSet.with_overrides({...})` in Python, and any caller holding such a mapping, hands it
//! over as a neutral [`Tree`]; [`Override::from_mapping`] reads it into the [`Override`]s that
//! [`CriteriaSet::with_overrides`](crate::CriteriaSet::with_overrides) applies. The shapes:
//!
//! - `{indicator: threshold}`: the threshold for every region or group of the set (key `"*"`);
//! - `{indicator: {key: threshold}}`: for some keys;
//! - `{indicator: {field: …}}`: the fields of an override in a set file (`value`, `key`, `rule`,
//!   `unit`, `verified`, `note`, `sources`; `key` defaults to `"*"`);
//! - `{indicator: {key: {field: …}}}`: the same for one key (the key of the mapping wins).
//!
//! A threshold is a number, a pair of numbers (a two-part indicator), `"Đạt"`/`"Không"`, or
//! nothing (the cell becomes unknown); a key is a region or commune-group code or name, a
//! province, `"national"`, `"all"` or `"*"` ([`cell_key`]). Every problem is reported, with its
//! place (`overrides["17.1"]["NMM"].rule`); whether a threshold fits its indicator's rule and unit
//! is the set's own check, made when the overrides are applied.

use crate::kind::ProblemKind;
use std::fmt;

use serde::de::DeserializeOwned;

use crate::catalog::{CellValue, Override};
use crate::error::{NtmError, Problem, Result};
use crate::fixed::Fixed;
use crate::input::cell::fmt_number;
use crate::region::{CommuneGroup, region_of};

/// A neutral tree of values: what a host language hands over (a Python dict, a JSON document),
/// before this library gives it a meaning.
///
/// ```
/// use ntm_criteria::Tree;
/// let t = Tree::from(serde_json::json!({"17.1": [95, null]}));
/// assert_eq!(t, Tree::Map(vec![(Tree::Text("17.1".into()), Tree::List(vec![Tree::Number(95.0), Tree::Null]))]));
/// assert_eq!(t.to_string(), r#"{"17.1": [95, None]}"#);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum Tree {
    /// Nothing: `None`, `null`.
    Null,
    /// A bool.
    Bool(bool),
    /// A number, an integer or not. A NaN or an infinity is kept as it is: a threshold must be in
    /// its unit's range, and the set refuses one that is not.
    Number(f64),
    /// An exact number, as a host holds it: an integer (scale 0; Python's `int`) or a decimal
    /// (Python's `Decimal`). A threshold reads it as a number; a published report's figure keeps
    /// it exact, where a [`Tree::Number`] is refused as inexact.
    Exact(Fixed),
    /// A text.
    Text(String),
    /// A sequence: a list, a tuple, an array.
    List(Vec<Tree>),
    /// A mapping, its entries in order. A key may be any value (a Python dict's keys need not be
    /// texts); a reader says where it wants a text.
    Map(Vec<(Tree, Tree)>),
    /// A value the host has no other form for, as the host shows it (Python's `repr`).
    Other(String),
}

impl Tree {
    /// How deep the readers of this library look into a tree (the top mapping is at depth 0). A
    /// host may give [`Tree::Other`] for a container below this depth instead of converting it,
    /// so that a deeply nested value costs nothing.
    pub const DEPTH: usize = 6;
    /// How many values a host needs to convert at most: past this many, it may give
    /// [`Tree::Other`] for the rest (a mapping of overrides has a few thousand at most), so that
    /// a value that shares its parts many times over costs nothing.
    pub const NODES: usize = 100_000;

    /// The tree as JSON, when it has a JSON form (finite numbers, texts as keys, no `Other`).
    fn to_json(&self) -> Option<serde_json::Value> {
        use serde_json::Value;
        Some(match self {
            Tree::Null => Value::Null,
            Tree::Bool(b) => Value::Bool(*b),
            Tree::Number(x) => Value::Number(serde_json::Number::from_f64(*x)?),
            Tree::Exact(x) if x.scale == 0 => Value::from(x.units),
            Tree::Exact(x) => Value::Number(serde_json::Number::from_f64(x.to_f64())?),
            Tree::Text(s) => Value::String(s.clone()),
            Tree::List(items) => Value::Array(items.iter().map(Tree::to_json).collect::<Option<_>>()?),
            Tree::Map(entries) => Value::Object(
                entries
                    .iter()
                    .map(|(k, v)| match k {
                        Tree::Text(k) => Some((k.clone(), v.to_json()?)),
                        _ => None,
                    })
                    .collect::<Option<_>>()?,
            ),
            Tree::Other(_) => return None,
        })
    }

    /// The tree read with a type's serde form (the form of set files), when it has that form.
    fn read<T: DeserializeOwned>(&self) -> Option<T> {
        serde_json::from_value(self.to_json()?).ok()
    }

    /// The tree for a problem's `input`: a text as it is, anything else as it is shown.
    pub(crate) fn input(&self) -> String {
        match self {
            Tree::Text(s) => s.clone(),
            other => other.to_string(),
        }
    }
}

/// The items of a list or mapping shown in a message; the rest are `…`.
const SHOWN: usize = 5;

/// The tree as a message shows it: `None`, `true`, `95`, `"NMM"`, `[95, None]`, `{"NMM": 30}`,
/// at most five items of a list or mapping.
impl fmt::Display for Tree {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fn items<T>(
            f: &mut fmt::Formatter<'_>,
            brackets: [&str; 2],
            items: &[T],
            show: impl Fn(&mut fmt::Formatter<'_>, &T) -> fmt::Result,
        ) -> fmt::Result {
            f.write_str(brackets[0])?;
            for (i, item) in items.iter().take(SHOWN).enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                show(f, item)?;
            }
            if items.len() > SHOWN {
                f.write_str(", …")?;
            }
            f.write_str(brackets[1])
        }
        match self {
            Tree::Null => f.write_str("None"),
            Tree::Bool(b) => write!(f, "{b}"),
            Tree::Number(x) => f.write_str(&fmt_number(*x)),
            Tree::Exact(x) => write!(f, "{x}"),
            Tree::Text(s) => write!(f, "{s:?}"),
            Tree::List(list) => items(f, ["[", "]"], list, |f, x| write!(f, "{x}")),
            Tree::Map(map) => items(f, ["{", "}"], map, |f, (k, v)| write!(f, "{k}: {v}")),
            Tree::Other(s) => f.write_str(s),
        }
    }
}

impl From<serde_json::Value> for Tree {
    fn from(v: serde_json::Value) -> Tree {
        use serde_json::Value;
        match v {
            Value::Null => Tree::Null,
            Value::Bool(b) => Tree::Bool(b),
            Value::Number(n) => n.as_f64().map(Tree::Number).unwrap_or_else(|| Tree::Other(n.to_string())),
            Value::String(s) => Tree::Text(s),
            Value::Array(items) => Tree::List(items.into_iter().map(Tree::from).collect()),
            Value::Object(map) => Tree::Map(map.into_iter().map(|(k, v)| (Tree::Text(k), Tree::from(v))).collect()),
        }
    }
}

/// The cell key (`"NMM"`, `"G1"`, `"all"`, …) that a name means: `"*"`, `"all"` and
/// `"national"` as they are; a commune group (`"G2"`, `"nhóm 2"`, `"2"`) its code; a region or a
/// province (code or name) its region's code. Anything else is returned trimmed, for the set to
/// report as a key it does not have.
///
/// ```
/// use ntm_criteria::cell_key;
/// assert_eq!(cell_key("Lạng Sơn"), "NMM");
/// assert_eq!(cell_key(" nhóm 3 "), "G3");
/// assert_eq!(cell_key("*"), "*");
/// assert_eq!(cell_key("Atlantis"), "Atlantis");
/// ```
pub fn cell_key(name: &str) -> String {
    let t = name.trim();
    if matches!(t, "*" | "all" | "national") {
        return t.to_string();
    }
    if let Ok(g) = CommuneGroup::parse(t) {
        return g.code().to_string();
    }
    match region_of(t) {
        Ok(r) => r.code().to_string(),
        Err(_) => t.to_string(),
    }
}

/// The fields of an override given as a mapping: those of [`Override`] but `indicator`.
const FIELDS: [&str; 7] = ["value", "key", "rule", "unit", "verified", "note", "sources"];

const KEY: &str = "a key is a region or commune-group code or name, a province, \"national\", \"all\" or \"*\"";
const RULES: &str = "expected at_least, at_most, at_least_both, at_least_times, achieved, absent or province_defined";
const UNITS: &str = "expected bool, percent, million_vnd_per_person_year, m2_per_person, count or number";

impl Override {
    /// Overrides from a mapping `{indicator id: change}`, as `CriteriaSet.with_overrides` takes
    /// it in Python (see the [module](crate::overrides) for the shapes). Every problem is
    /// reported, in an [`NtmError::Catalog`] named `source_name`, with its place:
    /// `overrides["17.1"]`, `overrides["10"]["NMM"]`, `overrides["2.2"].rule`. Whether a
    /// threshold fits its indicator is checked when the overrides are applied.
    ///
    /// ```
    /// use ntm_criteria::{CriteriaSet, Override, Target, Tree};
    /// use serde_json::json;
    /// let national = CriteriaSet::bundled("2016-2020")?;
    /// let mapping = Tree::from(json!({
    ///     "10": 40,                                // every region
    ///     "17.1": {"Lạng Sơn": [95, 60]},          // one region, by a province in it
    ///     "2.2": {"key": "NMM", "value": 60, "rule": "at_least", "unit": "percent"},
    /// }));
    /// let province = national.with_overrides("province", &Override::from_mapping(&mapping, "province")?)?;
    /// let dim = province.dimension();
    /// assert_eq!(province.indicator("10")?.target(dim, "SE"), Some(Target::AtLeast(40.0)));
    /// assert_eq!(province.indicator("17.1")?.target(dim, "NMM"), Some(Target::AtLeastBoth(95.0, 60.0)));
    /// assert_eq!(province.indicator("2.2")?.target(dim, "NMM"), Some(Target::AtLeast(60.0)));
    ///
    /// let bad = Tree::from(json!({"17.1": [95, null], "2.2": {"rule": "bigger"}}));
    /// let err = Override::from_mapping(&bad, "province").unwrap_err();
    /// let places: Vec<&str> = err.problems().iter().map(|p| p.loc.as_str()).collect();
    /// assert_eq!(places, [r#"overrides["17.1"]"#, r#"overrides["2.2"].rule"#]);
    /// assert!(err.problems()[0].msg.starts_with("a pair has two numbers, and None is not one"));
    /// Ok::<(), ntm_criteria::NtmError>(())
    /// ```
    pub fn from_mapping(overrides: &Tree, source_name: &str) -> Result<Vec<Override>> {
        let mut reader = Reader::default();
        match overrides {
            Tree::Map(entries) => {
                for (indicator, change) in entries {
                    reader.indicator(indicator, change);
                }
            }
            other => reader.problems.push(
                Problem::new(
                    "overrides",
                    ProblemKind::BadOverrides,
                    "overrides are a mapping {indicator id: threshold or {key: threshold}}",
                )
                .with_input(other.input()),
            ),
        }
        if reader.problems.is_empty() {
            Ok(reader.out)
        } else {
            Err(NtmError::Catalog { source_name: source_name.to_string(), problems: reader.problems })
        }
    }
}

/// The overrides read so far, and the problems.
#[derive(Default)]
struct Reader {
    out: Vec<Override>,
    problems: Vec<Problem>,
}

impl Reader {
    /// One entry `indicator: change` of the mapping.
    fn indicator(&mut self, indicator: &Tree, change: &Tree) {
        let Tree::Text(id) = indicator else {
            let msg = "an override is keyed by an indicator id (a text)";
            self.problems.push(Problem::new("overrides", ProblemKind::BadIndicator, msg).with_input(indicator.input()));
            return;
        };
        let loc = format!("overrides[{id:?}]");
        match change {
            Tree::Map(fields)
                if fields.iter().any(|(k, _)| matches!(k, Tree::Text(k) if FIELDS.contains(&k.as_str()))) =>
            {
                self.fields(id, fields, None, &loc)
            }
            Tree::Map(keys) => {
                for (key, change) in keys {
                    self.keyed(id, key, change, &loc);
                }
            }
            threshold => self.threshold(id, "*", threshold, &loc),
        }
    }

    /// One entry `key: change` of an indicator's mapping.
    fn keyed(&mut self, id: &str, key: &Tree, change: &Tree, loc: &str) {
        let Tree::Text(name) = key else {
            self.problems.push(Problem::new(loc, ProblemKind::BadKey, KEY).with_input(key.input()));
            return;
        };
        let key = cell_key(name);
        let loc = format!("{loc}[{key:?}]");
        match change {
            Tree::Map(fields) => self.fields(id, fields, Some(key), &loc),
            threshold => self.threshold(id, &key, threshold, &loc),
        }
    }

    /// A threshold alone: a verified override of the cells of `key`.
    fn threshold(&mut self, id: &str, key: &str, value: &Tree, loc: &str) {
        match threshold(value) {
            Ok(value) => self.out.push(Override { value, ..Override::number(id, key, 0.0) }),
            Err(msg) => self.problems.push(Problem::new(loc, ProblemKind::BadValue, msg)),
        }
    }

    /// The fields of one override; the key of the mapping, when there is one, wins over a `key`
    /// field.
    fn fields(&mut self, id: &str, fields: &[(Tree, Tree)], key: Option<String>, loc: &str) {
        let mut o = Override { value: None, ..Override::number(id, "*", 0.0) };
        let before = self.problems.len();
        for (name, v) in fields {
            let Tree::Text(name) = name else {
                let p = Problem::new(loc, ProblemKind::BadField, "field names are strings").with_input(name.input());
                self.problems.push(p);
                continue;
            };
            if let Err((kind, msg, input)) = field(&mut o, name, v) {
                let p = Problem::new(format!("{loc}.{name}"), kind, msg);
                self.problems.push(match input {
                    Some(input) => p.with_input(input),
                    None => p,
                });
            }
        }
        if let Some(key) = key {
            o.key = key;
        }
        if self.problems.len() == before {
            self.out.push(o);
        }
    }
}

/// Why a field could not be read: kind, message, input.
type FieldIssue = (ProblemKind, String, Option<String>);

/// Sets one field of an override; `rule`, `unit`, `verified`, `note` and `sources` are read with
/// the serde form of set files.
fn field(o: &mut Override, name: &str, v: &Tree) -> std::result::Result<(), FieldIssue> {
    let issue = |kind: ProblemKind, msg: &str| (kind, msg.to_string(), Some(v.input()));
    match name {
        "value" => o.value = threshold(v).map_err(|msg| (ProblemKind::BadValue, msg, None))?,
        "key" => match v {
            Tree::Text(name) => o.key = cell_key(name),
            _ => return Err(issue(ProblemKind::BadKey, KEY)),
        },
        "rule" => o.rule = Some(v.read().ok_or_else(|| issue(ProblemKind::BadRule, RULES))?),
        "unit" => o.unit = Some(v.read().ok_or_else(|| issue(ProblemKind::BadUnit, UNITS))?),
        "verified" => {
            o.verified =
                v.read().ok_or_else(|| issue(ProblemKind::BadVerified, "expected True, False or \"partial\""))?
        }
        "note" => o.note = v.read().ok_or_else(|| issue(ProblemKind::BadNote, "expected a text or None"))?,
        "sources" => {
            o.sources = v.read().ok_or((ProblemKind::BadSources, "expected a list of source ids".to_string(), None))?;
        }
        _ => {
            let msg = format!("known fields: {}", FIELDS.join(", "));
            return Err((ProblemKind::UnknownField, msg, Some(name.to_string())));
        }
    }
    Ok(())
}

/// A threshold: a number, a pair of numbers, a text (`"Đạt"`, `"Không"`), or nothing (unknown).
fn threshold(v: &Tree) -> std::result::Result<Option<CellValue>, String> {
    let part = |p: &Tree| match p {
        Tree::Number(x) => Ok(Some(*x)),
        Tree::Exact(x) => Ok(Some(x.to_f64())),
        other => Err(format!(
            "a pair has two numbers, and {other} is not one: give both, or None for the whole value when it is unknown"
        )),
    };
    match v {
        Tree::Null => Ok(None),
        Tree::Number(x) => Ok(Some(CellValue::Number(*x))),
        Tree::Exact(x) => Ok(Some(CellValue::Number(x.to_f64()))),
        Tree::Text(s) => Ok(Some(CellValue::Text(s.clone()))),
        Tree::List(parts) => match parts.as_slice() {
            [a, b] => Ok(Some(CellValue::Pair(part(a)?, part(b)?))),
            _ => Err(format!("a pair has two numbers, not {}", parts.len())),
        },
        Tree::Bool(_) => Err("a threshold is a number, a pair, \"Đạt\", \"Không\" or None, not a bool".into()),
        Tree::Map(_) | Tree::Other(_) => {
            Err(format!("{v} is not a threshold: give a number, a pair, \"Đạt\", \"Không\" or None"))
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::catalog::{CriteriaSet, RuleKind, Target, Unit, Verified};

    fn read(v: serde_json::Value) -> Result<Vec<Override>> {
        Override::from_mapping(&Tree::from(v), "test")
    }

    /// The problems of a mapping, as `(loc, kind)`.
    fn problems(v: Tree) -> Vec<(String, String)> {
        let err = Override::from_mapping(&v, "test").unwrap_err();
        assert!(matches!(&err, NtmError::Catalog { source_name, .. } if source_name == "test"));
        err.problems().iter().map(|p| (p.loc.clone(), p.kind.to_string())).collect()
    }

    fn one(loc: &str, kind: &str) -> Vec<(String, String)> {
        vec![(loc.to_string(), kind.to_string())]
    }

    fn map(entries: Vec<(Tree, Tree)>) -> Tree {
        Tree::Map(entries)
    }

    fn text(s: &str) -> Tree {
        Tree::Text(s.into())
    }

    #[test]
    fn a_threshold_for_every_key() {
        let o = read(json!({"10": 40})).unwrap();
        assert_eq!(o, [Override::number("10", "*", 40.0)]);
        let o = read(json!({"17.1": [95, 60.5], "11": null, "1.1": "Đạt"})).unwrap();
        let values: Vec<_> = o.iter().map(|o| (o.indicator.as_str(), o.key.as_str(), o.value.clone())).collect();
        assert_eq!(
            values,
            [
                ("1.1", "*", Some(CellValue::Text("Đạt".into()))),
                ("11", "*", None),
                ("17.1", "*", Some(CellValue::Pair(Some(95.0), Some(60.5)))),
            ]
        );
    }

    #[test]
    fn exact_numbers_are_thresholds_and_show_as_written() {
        // A host's int and Decimal (Tree::Exact) read as the numbers they are.
        let exact = |units, scale| Tree::Exact(Fixed::new(units, scale));
        let o = Override::from_mapping(
            &map(vec![(text("10"), exact(36, 0)), (text("17.1"), Tree::List(vec![exact(955, 1), Tree::Number(60.5)]))]),
            "test",
        )
        .unwrap();
        assert_eq!(o[0], Override::number("10", "*", 36.0));
        assert_eq!(o[1].value, Some(CellValue::Pair(Some(95.5), Some(60.5))));
        assert_eq!((exact(1166, 2).to_string(), exact(-7, 0).to_string()), ("11.66".into(), "-7".into()));
        // A scale past what a figure holds is shown, not formatted (which would overflow).
        assert_eq!(Tree::Exact(Fixed { units: 5, scale: 30 }).to_string(), "5e-30");
    }

    #[test]
    fn a_threshold_for_some_keys_named_in_any_way() {
        let o =
            read(json!({"10": {"NMM": 30, "Hà Nội": 45, " SE ": 50, "Lạng Sơn": 31, "*": 1, "national": 2}})).unwrap();
        let keys: Vec<_> = o.iter().map(|o| o.key.as_str()).collect();
        assert_eq!(keys, ["SE", "*", "RRD", "NMM", "NMM", "national"]); // a JSON object is sorted
        let o = read(json!({"C3-income-growth": {"nhóm 1": 5, "G2": 6, "3": 7}})).unwrap();
        let keys: Vec<_> = o.iter().map(|o| o.key.as_str()).collect();
        assert_eq!(keys, ["G3", "G2", "G1"]);
        // An unknown key is kept, for the set to report with its place.
        let o = read(json!({"10": {"Atlantis": 3}})).unwrap();
        assert_eq!(o[0].key, "Atlantis");
    }

    #[test]
    fn the_fields_of_an_override() {
        let o = read(json!({"2.2": {"key": "Lạng Sơn", "value": 60, "rule": "at_least", "unit": "percent",
            "verified": "partial", "note": "provincial", "sources": ["P1", "P2"]}}))
        .unwrap();
        let want = Override {
            verified: Verified::Partial,
            note: Some("provincial".into()),
            sources: vec!["P1".into(), "P2".into()],
            ..Override::number("2.2", "NMM", 60.0).with_rule(RuleKind::AtLeast).with_unit(Unit::Percent)
        };
        assert_eq!(o, [want]);
        // Without a key, every key; without a value, unknown; verified by default.
        let o = read(json!({"10": {"verified": false}})).unwrap();
        assert_eq!((o[0].key.as_str(), &o[0].value, o[0].verified), ("*", &None, Verified::False));
        let o = read(json!({"10": {"value": 50, "verified": "true", "note": null}})).unwrap();
        assert_eq!(o, [Override::number("10", "*", 50.0)]);
    }

    #[test]
    fn the_fields_of_an_override_for_one_key() {
        let o = read(json!({"10": {"NMM": {"value": 30, "key": "SE", "verified": true}, "SE": 50}})).unwrap();
        assert_eq!(o, [Override::number("10", "NMM", 30.0), Override::number("10", "SE", 50.0)]);
        let o = read(json!({"10": {"NMM": {}}})).unwrap();
        assert_eq!((o[0].key.as_str(), &o[0].value), ("NMM", &None));
    }

    #[test]
    fn keys_that_are_not_texts_are_problems() {
        let p = problems(map(vec![(Tree::Number(5.0), Tree::Number(1.0))]));
        assert_eq!(p, one("overrides", "bad_indicator"));
        let p = problems(map(vec![(text("10"), map(vec![(Tree::Null, Tree::Number(1.0))]))]));
        assert_eq!(p, one(r#"overrides["10"]"#, "bad_key"));
        let fields = map(vec![(text("value"), Tree::Number(1.0)), (Tree::Number(5.0), Tree::Number(1.0))]);
        let p = problems(map(vec![(text("10"), fields)]));
        assert_eq!(p, one(r#"overrides["10"]"#, "bad_field"));
        assert_eq!(problems(Tree::List(vec![])), one("overrides", "bad_overrides"));
        assert_eq!(problems(json!({"2.2": {"key": 5, "value": 60}}).into()), one(r#"overrides["2.2"].key"#, "bad_key"));
    }

    #[test]
    fn a_threshold_that_is_not_one() {
        let err = read(json!({"17.1": [95, null]})).unwrap_err();
        let p = &err.problems()[0];
        assert_eq!((p.loc.as_str(), p.kind.as_str()), (r#"overrides["17.1"]"#, "bad_value"));
        assert_eq!(
            p.msg,
            "a pair has two numbers, and None is not one: give both, or None for the whole value when it is unknown"
        );
        let msg = |v: serde_json::Value| read(json!({ "10": v })).unwrap_err().problems()[0].msg.clone();
        assert_eq!(msg(json!([1, 2, 3])), "a pair has two numbers, not 3");
        assert!(msg(json!([95, "6"])).contains(r#"and "6" is not one"#));
        assert!(msg(json!([true, 6])).contains("and true is not one"));
        assert!(msg(json!(true)).ends_with("not a bool"));
        assert!(msg(json!({"NMM": true})).ends_with("not a bool")); // one key's threshold
        assert!(msg(json!({"value": {"x": 1}})).starts_with(r#"{"x": 1} is not a threshold"#));
        let other = map(vec![(text("10"), Tree::Other("<object object>".into()))]);
        let err = Override::from_mapping(&other, "test").unwrap_err();
        assert!(err.problems()[0].msg.starts_with("<object object> is not a threshold"));
        assert_eq!(
            problems(json!({"10": {"NMM": {"value": false}}}).into()),
            one(r#"overrides["10"]["NMM"].value"#, "bad_value")
        );
    }

    #[test]
    fn fields_that_are_not_read() {
        let p = problems(
            json!({"10": {"rule": "bigger", "unit": "kg", "verified": 1, "note": 5, "sources": "P1", "colour": "red"}})
                .into(),
        );
        let kinds: Vec<(&str, &str)> = p.iter().map(|(l, k)| (l.as_str(), k.as_str())).collect();
        assert_eq!(
            kinds,
            [
                (r#"overrides["10"].colour"#, "unknown_field"), // a JSON object is sorted
                (r#"overrides["10"].note"#, "bad_note"),
                (r#"overrides["10"].rule"#, "bad_rule"),
                (r#"overrides["10"].sources"#, "bad_sources"),
                (r#"overrides["10"].unit"#, "bad_unit"),
                (r#"overrides["10"].verified"#, "bad_verified"),
            ]
        );
        let err = read(json!({"10": {"NMM": {"rule": null, "valu": 3}}})).unwrap_err();
        let inputs: Vec<_> = err.problems().iter().map(|p| (p.loc.as_str(), p.input.as_deref())).collect();
        assert_eq!(
            inputs,
            [(r#"overrides["10"]["NMM"].rule"#, Some("None")), (r#"overrides["10"]["NMM"].valu"#, Some("valu"))]
        );
        assert_eq!(err.problems()[1].msg, "known fields: value, key, rule, unit, verified, note, sources");
    }

    #[test]
    fn every_problem_is_listed_and_nothing_is_read() {
        let p = problems(json!({"99.9": 1, "10": {"NMM": true}, "11": {"rule": "bigger", "value": [1]}}).into());
        assert_eq!(p.len(), 3);
        // An unknown indicator or key is the set's to report, when the overrides are applied.
        let set = CriteriaSet::bundled("2016-2020").unwrap();
        let o = read(json!({"99.9": 1, "10": {"Atlantis": 3}})).unwrap();
        let err = set.with_overrides("x", &o).unwrap_err();
        let kinds: Vec<_> = err.problems().iter().map(|p| p.kind.as_str()).collect();
        assert_eq!(kinds, ["unknown_key", "unknown_indicator"]);
    }

    #[test]
    fn a_nan_reaches_the_sets_own_check() {
        let o = Override::from_mapping(&map(vec![(text("10"), Tree::Number(f64::NAN))]), "x").unwrap();
        let set = CriteriaSet::bundled("2016-2020").unwrap();
        let err = set.with_overrides("x", &o).unwrap_err();
        assert!(err.problems().iter().all(|p| p.kind == "out_of_range"));
        let o = read(json!({"10": {"NMM": 40}})).unwrap();
        let t = set.with_overrides("x", &o).unwrap();
        assert_eq!(t.indicator("10").unwrap().target(t.dimension(), "NMM"), Some(Target::AtLeast(40.0)));
    }

    #[test]
    fn a_tree_is_shown_briefly() {
        let t = Tree::from(json!([1, 2.5, null, true, "x", [1], {"a": 1}]));
        assert_eq!(t.to_string(), r#"[1, 2.5, None, true, "x", …]"#);
        assert_eq!(Tree::Number(f64::INFINITY).to_string(), "inf");
    }
}
